/* rushes-hosted-backend-private.h: what the files of RushesHostedBackend
 * share among themselves
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-hosted-backend.c is the class (config, client, the RushesBackend
 * interface behind the key scrubber); rushes-hosted-records.c keeps the
 * submission records: sending a job, and finding it again after a crash.
 */
#pragma once

#include "rushes-hosted-backend.h"

G_BEGIN_DECLS

/* lookup() before scrubbing: the remote id of job_id from its submission
 * record when the record has one that is_remote_id accepts, else what
 * find_in_list finds on the server for the record's input (then stored in
 * the record). NULL without error when no request was sent. */
char *_rushes_hosted_backend_lookup (RushesHostedBackend  *self,
                                     const char           *job_id,
                                     GCancellable         *cancellable,
                                     GError              **error);

G_END_DECLS
