/* rushes-comfyui-backend.h: ComfyUI servers (local GPU box or remote)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: /work/shared/protocols/comfyui.md. Works with servers of any
 * age since 2023: the first request of a backend asks GET /api/system_stats
 * and, on a 404, the routes without the /api prefix (servers from before
 * mid-2024), and remembers the answer. Submits an API-format
 * workflow (a RushesComfyuiWorkflow template with the recipe applied) with a
 * client-chosen lowercase UUID prompt id (the engine's job id), follows
 * progress over the server's WebSocket (/api/ws, libsoup) with queue/history
 * polling as the fallback, fetches results through /api/view, cancels with
 * /api/interrupt only when our prompt is the one running (else deletes it
 * from the queue), uploads start images through /api/upload/image.
 *
 * Result locators (RushesRemoteStatus.results) look like
 * "comfyui:view?filename=…&subfolder=…&type=output".
 *
 * Config object (rushes_comfyui_backend_new_from_config):
 *   "id" (required), "display_name", "url" (required, http/https),
 *   "workflow" (template name, default "ltx-video") or
 *   "mapping_file" (path to a user mapping; its graph file next to it),
 *   "key_env" and "extra_header" (servers behind an authenticating proxy:
 *   the value comes from rushes_secrets_get_key_sync (id, "key_env"), i.e.
 *   the variable when named, else the key stored in the keyring for the
 *   backend id, read on a worker thread and again after a key was stored or
 *   cleared; it goes in the header "extra_header", or as "Authorization"
 *   ("Bearer " added to a bare key) when no header is named; with neither a
 *   header nor a stored key nothing is sent), "concurrency" (default 1),
 *   "websocket" (default true).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-http.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_COMFYUI_BACKEND (rushes_comfyui_backend_get_type ())
G_DECLARE_FINAL_TYPE (RushesComfyuiBackend, rushes_comfyui_backend, RUSHES, COMFYUI_BACKEND, GObject)

RushesComfyuiBackend  *rushes_comfyui_backend_new              (const char             *id,
                                                                const char             *display_name,
                                                                const char             *base_url,
                                                                RushesComfyuiWorkflow  *workflow,
                                                                GError                **error);
RushesBackend         *rushes_comfyui_backend_new_from_config  (JsonObject             *config,
                                                                GError                **error);

/* For servers behind an authenticating proxy; value comes from the secrets
 * module. NULL name removes it. */
gboolean               rushes_comfyui_backend_set_extra_header (RushesComfyuiBackend   *self,
                                                                const char             *header_name,
                                                                const char             *header_value,
                                                                GError                **error);
void                   rushes_comfyui_backend_set_workflow     (RushesComfyuiBackend   *self,
                                                                RushesComfyuiWorkflow  *workflow);
RushesComfyuiWorkflow *rushes_comfyui_backend_get_workflow     (RushesComfyuiBackend   *self);
void                   rushes_comfyui_backend_set_concurrency  (RushesComfyuiBackend   *self,
                                                                guint                   concurrency);
/* FALSE: never open the WebSocket (polling only). */
void                   rushes_comfyui_backend_set_use_websocket (RushesComfyuiBackend  *self,
                                                                 gboolean               use);
/* How long one poll may wait for WebSocket news (default 1000 ms) and how
 * often it re-checks over HTTP anyway (default 5000 ms). */
void                   rushes_comfyui_backend_set_poll_timing  (RushesComfyuiBackend   *self,
                                                                guint                   wait_ms,
                                                                guint                   http_check_ms);
RushesHttpClient      *rushes_comfyui_backend_get_http_client  (RushesComfyuiBackend   *self);

/* "Test connection" (worker thread): what the server offers for the current
 * workflow (the routes and the version are asked afresh):
 *   {"version": "0.24.0",                            "" when the server reports none;
 *    "version_note": "older than mid-2024 (…)",       then how old it is, in words
 *    "api_routes": true,                              routes under /api
 *    "missing_nodes": ["LTXVScheduler", …],           node classes the server lacks
 *    "substitutions": ["SaveVideo not on this server: …"],   what generate replaces
 *    "too_old": "This ComfyUI server is too old …",   when core nodes are missing
 *    "models": {"CheckpointLoaderSimple.ckpt_name": ["a.safetensors", …], …},
 *    "missing_models": ["ltx-video-2b-v0.9.5.safetensors", …]}   template defaults not offered */
JsonObject            *rushes_comfyui_backend_probe            (RushesComfyuiBackend   *self,
                                                                GCancellable           *cancellable,
                                                                GError                **error);

/* Plain words for a POST /prompt 400 answer (exposed for tests). */
char                  *rushes_comfyui_describe_prompt_error    (JsonNode               *answer);
/* Plain words for an execution_error payload (exposed for tests). */
char                  *rushes_comfyui_describe_execution_error (JsonObject             *data);

G_END_DECLS
