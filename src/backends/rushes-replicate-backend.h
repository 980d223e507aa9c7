/* rushes-replicate-backend.h: Replicate predictions (hosted)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Config (a JSON object, as kept by the backend registry):
 *   "id"          unique name, required ("replicate", "my-replicate", …)
 *   "display_name" display name (default: the id; "name" is accepted too)
 *   "url"         API base (default https://api.replicate.com/v1)
 *   "key_env"     environment variable holding the token (default: keyring)
 *   "model"       default model (default wan-video/wan-2.2-t2v-fast)
 *   "models_file" another mapping file (default: data/hosted/replicate-models.json)
 *   "state_dir"   where submission records go (default $XDG_STATE_HOME/rushes)
 *   "max_concurrent", "max_download_bytes"
 * The token itself is never part of the config.
 */
#pragma once

#include "rushes-hosted-backend.h"

G_BEGIN_DECLS

#define RUSHES_REPLICATE_DEFAULT_URL   "https://api.replicate.com/v1"
#define RUSHES_REPLICATE_DEFAULT_MODEL "wan-video/wan-2.2-t2v-fast"

#define RUSHES_TYPE_REPLICATE_BACKEND (rushes_replicate_backend_get_type ())
G_DECLARE_FINAL_TYPE (RushesReplicateBackend, rushes_replicate_backend, RUSHES, REPLICATE_BACKEND, RushesHostedBackend)

RushesBackend *rushes_replicate_backend_new_from_config (JsonObject              *config,
                                                         GError                 **error);
const char    *rushes_replicate_backend_get_url         (RushesReplicateBackend  *self);
const char    *rushes_replicate_backend_get_key_env     (RushesReplicateBackend  *self);

/* "Test connection": checks that the token works (GET /account). Returns a
 * short human summary ("Signed in as …"). Blocks: worker threads only. */
char          *rushes_replicate_backend_test            (RushesReplicateBackend  *self,
                                                         GCancellable            *cancellable,
                                                         GError                 **error);

G_END_DECLS
