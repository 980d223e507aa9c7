/* rushes-hosted.h: the hosted backend kinds (Replicate, fal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the "replicate" and "fal" factories with the backend registry.
 * Call once at start (main thread), before a registry loads; repeated calls
 * are harmless. */
void rushes_hosted_register_kinds (void);

/* "Test connection" for a hosted backend: a short human summary, or NULL
 * with an error. Blocks (network): worker threads or the command line. */
char *rushes_hosted_test_connection (gpointer       backend,
                                     GCancellable  *cancellable,
                                     GError       **error);

G_END_DECLS
