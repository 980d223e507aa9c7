/* rushes-gradio-backend.h: Gradio apps (local demo apps, Hugging Face Spaces)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: /work/shared/protocols/gradio.md. Reads GET /config (api_prefix:
 * "" on 4.x, "/gradio_api" on 5.x/6.x; dependencies for fn_index) and
 * <prefix>/info (named endpoints and their parameters), picks the endpoint
 * (configured "api_name", else the first one returning a Video), fills the
 * positional data array from the recipe (by parameter name, or an explicit
 * mapping), POSTs <prefix>/call/<api_name>, then follows the event stream
 * GET <prefix>/call/<api_name>/<event_id> in poll (it blocks until complete
 * or error). Cancel closes that stream (and asks <prefix>/cancel). File
 * outputs are FileData, or {"video": FileData} on 4.x/5.x.
 *
 * Remote ids are "<event_id>:<api_name>". Result locators are URLs.
 * lookup: Gradio keeps no job list, so a job cut off inside submit cannot be
 * found; lookup returns NULL (never created) — acceptable because Gradio
 * apps do not bill per job.
 *
 * Config (rushes_gradio_backend_new_from_config):
 *   "id" (required), "name", "url" (app base URL) or "space" ("owner/name",
 *   mapped to https://owner-name.hf.space), "api_name" (optional),
 *   "inputs" (optional object: recipe field → parameter_name; fields:
 *   prompt, negative_prompt, seed, width, height, frames, seconds, fps,
 *   steps, guidance, start_image), "key_env" (environment variable with an
 *   HF token; without it the key stored in the keyring for the backend id,
 *   asked again after a key was stored or cleared; no token is fine),
 *   "extra_header" (the token's header: "Authorization" default, or
 *   "X-HF-Authorization"), "concurrency" (default 1).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-http.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_GRADIO_BACKEND (rushes_gradio_backend_get_type ())
G_DECLARE_FINAL_TYPE (RushesGradioBackend, rushes_gradio_backend, RUSHES, GRADIO_BACKEND, GObject)

RushesGradioBackend *rushes_gradio_backend_new             (const char           *id,
                                                            const char           *display_name,
                                                            const char           *base_url,
                                                            GError              **error);
RushesBackend       *rushes_gradio_backend_new_from_config (JsonObject           *config,
                                                            GError              **error);

/* An HF token for private Spaces, sent only to the app's own host as
 * "<header_name>: Bearer <token>" (header_name NULL: "Authorization").
 * NULL token removes it. Plug for the secrets module. */
void                 rushes_gradio_backend_set_token       (RushesGradioBackend  *self,
                                                            const char           *token,
                                                            const char           *header_name);
void                 rushes_gradio_backend_set_api_name    (RushesGradioBackend  *self,
                                                            const char           *api_name);
/* recipe field → parameter_name (see the config "inputs"). */
void                 rushes_gradio_backend_map_input       (RushesGradioBackend  *self,
                                                            const char           *field,
                                                            const char           *parameter_name);
RushesHttpClient    *rushes_gradio_backend_get_http_client (RushesGradioBackend  *self);

/* "Test connection" (worker thread): reads /config and /info, chooses the
 * endpoint and updates the capabilities. Returns
 *   {"version": "5.49.0", "api_prefix": "/gradio_api", "api_name": "/generate",
 *    "endpoints": ["/generate", …], "parameters": ["prompt", "seed", …],
 *    "unmapped": ["style", …]}     (parameters filled with their defaults) */
JsonObject          *rushes_gradio_backend_discover        (RushesGradioBackend  *self,
                                                            GCancellable         *cancellable,
                                                            GError              **error);

G_END_DECLS
