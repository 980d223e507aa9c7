/* rushes-gradio-backend-private.h: what the Gradio backend's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-gradio-backend.c    the class, its settings, the HF token, submit,
 *                            cancel, fetch (the RushesBackend vtable)
 * rushes-gradio-discovery.c  /config and /info: the endpoint, its parameters
 *                            and which recipe field each one takes
 * rushes-gradio-events.c     the event stream a poll follows and the result
 *                            files it names
 *
 * Threads: the RushesBackend methods run on worker threads. `lock` guards the
 * discovered endpoint, the input map, `results` (finished jobs, since an
 * event can be read only once) and `streams` (the GCancellable of each open
 * event stream, so cancel can close it from another thread).
 */
#pragma once

#include "rushes-gradio-backend.h"

G_BEGIN_DECLS

struct _RushesGradioBackend
{
  GObject parent_instance;

  char *id;
  char *display_name;
  char *base_url;
  RushesHttpClient *http;
  guint concurrency;
  char *key_env;          /* HF token: variable name, else the keyring */
  char *token;            /* in memory only */
  char *token_header;
  gboolean token_loaded;
  gboolean token_manual;  /* set through the API: the secrets are not asked */
  guint token_generation; /* rushes_secrets_get_generation () when loaded */
  GMutex token_lock;      /* the token fields above */

  GMutex lock;
  gboolean discovered;
  char *version;
  char *api_prefix;       /* "" or "/gradio_api" */
  char *api_name;         /* "/generate": configured or chosen */
  gint64 fn_index;        /* -1 unknown */
  JsonArray *parameters;  /* of the chosen endpoint */
  GHashTable *input_map;  /* recipe field → parameter_name */
  RushesFields fields;
  GHashTable *results;    /* remote id → GStrv */
  GHashTable *streams;    /* remote id → GCancellable */
};

/* rushes-gradio-backend.c */
/* rushes_remote_propagate_error with "Gradio app at host" before the message */
void         _rushes_gradio_backend_propagate           (RushesGradioBackend      *self,
                                                         GError                  **dest,
                                                         GError                   *src);
/* token_lock held: sends token (NULL: none) as "<header_name>: Bearer …" */
void         _rushes_gradio_backend_apply_token         (RushesGradioBackend      *self,
                                                         const char               *token,
                                                         const char               *header_name);
/* Reads the HF token from the secrets when first needed or changed. */
gboolean     _rushes_gradio_backend_ensure_token        (RushesGradioBackend      *self,
                                                         GCancellable             *cancellable,
                                                         GError                  **error);

/* rushes-gradio-discovery.c */
/* The recipe field a parameter takes (NULL: none); lock held. */
const char  *_rushes_gradio_backend_field_for_param_locked (RushesGradioBackend   *self,
                                                            JsonObject            *param);
/* The token, then rushes_gradio_backend_discover once. */
gboolean     _rushes_gradio_backend_ensure_discovered   (RushesGradioBackend      *self,
                                                         GCancellable             *cancellable,
                                                         GError                  **error);
/* <base><api prefix><path> */
char        *_rushes_gradio_backend_app_url             (RushesGradioBackend      *self,
                                                         const char               *path);

/* rushes-gradio-events.c */
/* "<event_id>:<api_name>" into its parts; FALSE when it is not one. */
gboolean     _rushes_gradio_split_remote_id             (const char               *remote_id,
                                                         char                    **event_id,
                                                         char                    **api_name);
/* RushesBackend.poll: follows the job's event stream to its end. */
gboolean     _rushes_gradio_backend_poll                (RushesBackend            *backend,
                                                         const char               *remote_id,
                                                         RushesRemoteStatus       *status,
                                                         const RushesBackendCall  *call,
                                                         GError                  **error);

G_END_DECLS
