/* rushes-comfyui-backend-private.h: what the ComfyUI backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-comfyui-backend.c   the class, its settings and the RushesBackend vtable
 * rushes-comfyui-events.c    WebSocket events and the progress poll reports
 * rushes-comfyui-history.c   queue and history answers, result locators
 * rushes-comfyui-errors.c    server errors in plain words
 * rushes-comfyui-probe.c     what the server offers: its routes (the URL builder
 *                            every request goes through) and version, test
 *                            connection, SaveVideo
 *
 * Threads: the RushesBackend methods run on worker threads, several at once.
 * `lock` guards the workflow pointer, the WebSocket object, the extra header
 * and `tracks`; `cond` is broadcast whenever a WebSocket event changes a
 * track. WebSocket events arrive on the socket's own thread.
 */
#pragma once

#include "rushes-comfyui-backend.h"
#include "rushes-websocket.h"

G_BEGIN_DECLS

/* Result locators: RUSHES_COMFYUI_LOCATOR_PREFIX "filename=…&subfolder=…&type=…" */
#define RUSHES_COMFYUI_LOCATOR_PREFIX "comfyui:view?"

/* What the WebSocket told us about one prompt. */
typedef struct
{
  char *prompt_id;
  guint version;          /* bumped on every change */
  gboolean started;
  gboolean finished;      /* executing {node: null} */
  gboolean failed;
  gboolean interrupted;
  gboolean sampler_done;
  guint step;             /* sampler progress */
  guint steps;
  char *error_text;
  char *current_node;
  double progress;
  gint64 last_http;       /* monotonic µs of the last HTTP check */
  guint ws_generation;    /* socket generation at that check */
} RushesComfyuiTrack;

struct _RushesComfyuiBackend
{
  GObject parent_instance;

  char *id;
  char *display_name;
  char *base_url;
  char *client_id;
  RushesHttpClient *http;

  GMutex lock;
  GCond cond;
  RushesComfyuiWorkflow *workflow;
  RushesWebsocket *ws;
  gboolean use_websocket;
  char *extra_name;
  char *extra_value;
  char *extra_config;     /* header name from the config; value from the secrets */
  char *key_env;          /* variable holding the value, else the keyring by id */
  gboolean extra_loaded;
  gboolean extra_manual;  /* set through the API: the secrets are not asked */
  guint extra_generation; /* rushes_secrets_get_generation () when loaded */
  GHashTable *tracks;     /* prompt id → RushesComfyuiTrack */
  int save_video;         /* server has SaveVideo: -1 unknown, 0 no, 1 yes */
  int api_routes;         /* routes under /api (mid-2024 on): -1 unknown, 0 no, 1 yes */
  char *server_version;   /* system_stats' comfyui_version, NULL when not reported */
  GStrv models;           /* files the first model loader offers (from the probe) */
  guint concurrency;
  guint poll_wait_ms;
  guint http_check_ms;
};

/* rushes-comfyui-backend.c */
/* rushes_remote_propagate_error with "ComfyUI at host" before the message */
void              _rushes_comfyui_backend_propagate           (RushesComfyuiBackend     *self,
                                                               GError                  **dest,
                                                               GError                   *src);
gboolean          _rushes_comfyui_backend_ensure_extra_header (RushesComfyuiBackend     *self,
                                                               GCancellable             *cancellable,
                                                               GError                  **error);

/* rushes-comfyui-events.c */
void                _rushes_comfyui_track_free              (gpointer                  track);
/* lock held; creates the track when new */
RushesComfyuiTrack *_rushes_comfyui_backend_get_track_locked (RushesComfyuiBackend    *self,
                                                              const char              *prompt_id);
/* A new reference to the socket (started), or NULL when disabled. */
RushesWebsocket    *_rushes_comfyui_backend_ensure_websocket (RushesComfyuiBackend    *self);
/* One status check: waits a little for WebSocket news, asks over HTTP when
 * that is due or the socket is down. */
gboolean            _rushes_comfyui_backend_poll_once        (RushesComfyuiBackend    *self,
                                                              const char              *remote_id,
                                                              RushesRemoteStatus      *status,
                                                              const RushesBackendCall *call,
                                                              GError                 **error);

/* rushes-comfyui-errors.c */
/* When ComfyUI gained a core node class ("2024-11"), for the video nodes
 * Rushes' workflows use; NULL for other (custom or long-standing) nodes. */
const char *_rushes_comfyui_core_node_since     (const char               *class_type);

/* rushes-comfyui-history.c */
/* Where prompt_id is in GET /api/queue: 1 running, 2 pending (ahead set to
 * the number of pending prompts before it), 0 absent, -1 error. */
int       _rushes_comfyui_backend_queue_find    (RushesComfyuiBackend  *self,
                                                 const char            *prompt_id,
                                                 guint                 *ahead,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
/* GET /api/history/{id}: TRUE and *found set when the answer was read;
 * status (may be NULL) filled from the entry when found. */
gboolean  _rushes_comfyui_backend_history_check (RushesComfyuiBackend  *self,
                                                 const char            *prompt_id,
                                                 RushesRemoteStatus    *status,
                                                 gboolean              *found,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
/* Whether the server knows job_id (history, queue or jobs list). */
gboolean  _rushes_comfyui_backend_knows_job     (RushesComfyuiBackend  *self,
                                                 const char            *job_id,
                                                 gboolean              *known,
                                                 GCancellable          *cancellable,
                                                 GError               **error);
/* Splits a result locator; the strings point into *params (free it with
 * g_hash_table_unref). FALSE with a PROTOCOL error when it is not one of
 * ours or names an unsafe file. */
gboolean  _rushes_comfyui_parse_locator         (const char            *locator,
                                                 GHashTable           **params,
                                                 const char           **filename,
                                                 const char           **subfolder,
                                                 const char           **type,
                                                 GError               **error);

/* rushes-comfyui-probe.c */
/* The one URL builder: route ("/prompt", "/view", …) under "/api" on servers
 * that have it, bare on older ones (and "/api" while not known yet);
 * varargs: NULL-terminated query key, value pairs (escaped). */
char             *_rushes_comfyui_backend_api_url             (RushesComfyuiBackend     *self,
                                                               const char               *route,
                                                               ...) G_GNUC_NULL_TERMINATED;
/* The same with the prefix chosen by the caller (the route probe). */
char             *_rushes_comfyui_backend_route_url           (RushesComfyuiBackend     *self,
                                                               gboolean                  api,
                                                               const char               *route);
/* Before every request: the proxy header, and which routes the server has. */
gboolean          _rushes_comfyui_backend_prepare             (RushesComfyuiBackend     *self,
                                                               GCancellable             *cancellable,
                                                               GError                  **error);
/* Which routes the server has (GET /api/system_stats; on 404 /system_stats,
 * then /queue for servers from before system_stats) and its version;
 * asked once per backend unless refresh. */
gboolean  _rushes_comfyui_backend_detect_server (RushesComfyuiBackend     *self,
                                                 gboolean                  refresh,
                                                 GCancellable             *cancellable,
                                                 GError                  **error);
/* "SaveVideo not on this server: …" (the output substitution in words) */
const char *_rushes_comfyui_substitution_text   (void);
/* On servers without SaveVideo, rewrites the graph to an animated WebP
 * output and says so through call->progress. FALSE on a network error. */
gboolean  _rushes_comfyui_backend_adapt_output  (RushesComfyuiBackend     *self,
                                                 RushesComfyuiWorkflow    *workflow,
                                                 JsonNode                 *graph,
                                                 const RushesBackendCall  *call,
                                                 GError                  **error);

G_END_DECLS
