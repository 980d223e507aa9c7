/* rushes-fal-backend.h: fal.ai queue API (hosted)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Config (a JSON object, as kept by the backend registry):
 *   "id"          unique name, required
 *   "display_name" display name (default: the id; "name" is accepted too)
 *   "url"         queue base (default https://queue.fal.run)
 *   "api_url"     platform API base, for finding requests after a crash
 *                 (default https://api.fal.ai/v1)
 *   "storage_url" fal storage, where start images over 256 KB are uploaded
 *                 (default https://rest.fal.ai)
 *   "key_env"     environment variable holding the key (default: keyring)
 *   "model"       default endpoint (default fal-ai/hunyuan-video-v1.5/text-to-video)
 *   "models_file", "state_dir", "max_concurrent", "max_download_bytes"
 *
 * Remote ids have the form "<owner>/<app>/requests/<request id>": status,
 * result and cancel live under that path on the queue host (the endpoint's
 * sub-path is dropped there, as fal's own client does).
 */
#pragma once

#include "rushes-hosted-backend.h"

G_BEGIN_DECLS

#define RUSHES_FAL_DEFAULT_URL     "https://queue.fal.run"
#define RUSHES_FAL_DEFAULT_API_URL "https://api.fal.ai/v1"
#define RUSHES_FAL_DEFAULT_STORAGE_URL "https://rest.fal.ai"
#define RUSHES_FAL_DEFAULT_MODEL   "fal-ai/hunyuan-video-v1.5/text-to-video"

#define RUSHES_TYPE_FAL_BACKEND (rushes_fal_backend_get_type ())
G_DECLARE_FINAL_TYPE (RushesFalBackend, rushes_fal_backend, RUSHES, FAL_BACKEND, RushesHostedBackend)

RushesBackend *rushes_fal_backend_new_from_config (JsonObject        *config,
                                                   GError           **error);
const char    *rushes_fal_backend_get_url         (RushesFalBackend  *self);
const char    *rushes_fal_backend_get_key_env     (RushesFalBackend  *self);

/* "Test connection": whether the key works. Blocks: worker threads only. */
char          *rushes_fal_backend_test            (RushesFalBackend  *self,
                                                   GCancellable      *cancellable,
                                                   GError           **error);

G_END_DECLS
