/* rushes-comfyui-backend.c: ComfyUI servers (local GPU box or remote)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the RushesBackend methods run on worker threads, several at once.
 * `lock` guards the workflow pointer, the WebSocket object, the extra header
 * and `tracks`; `cond` is broadcast whenever a WebSocket event changes a
 * track. WebSocket events arrive on the socket's own thread (ws_text_cb).
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"
#include "rushes-websocket.h"

#define LOCATOR_PREFIX "comfyui:view?"
#define MAX_TRACKS     256

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
} Track;

static void
track_free (gpointer data)
{
  Track *t = data;

  g_free (t->prompt_id);
  g_free (t->error_text);
  g_free (t->current_node);
  g_free (t);
}

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
  GHashTable *tracks;     /* prompt id → Track */
  int save_video;         /* server has SaveVideo: -1 unknown, 0 no, 1 yes */
  GStrv models;           /* files the first model loader offers (from the probe) */
  guint concurrency;
  guint poll_wait_ms;
  guint http_check_ms;
};

static void rushes_comfyui_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesComfyuiBackend, rushes_comfyui_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, rushes_comfyui_backend_iface_init))

static void
rushes_comfyui_backend_dispose (GObject *object)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (object);

  if (self->ws != NULL)
    rushes_websocket_stop (self->ws);
  g_clear_object (&self->ws);

  G_OBJECT_CLASS (rushes_comfyui_backend_parent_class)->dispose (object);
}

static void
rushes_comfyui_backend_finalize (GObject *object)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->base_url);
  g_free (self->client_id);
  g_clear_object (&self->http);
  g_clear_object (&self->workflow);
  g_free (self->extra_name);
  g_free (self->extra_config);
  g_free (self->key_env);
  if (self->extra_value != NULL)
    {
      memset (self->extra_value, 0, strlen (self->extra_value));
      g_free (self->extra_value);
    }
  g_hash_table_unref (self->tracks);
  g_strfreev (self->models);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (rushes_comfyui_backend_parent_class)->finalize (object);
}

static void
rushes_comfyui_backend_class_init (RushesComfyuiBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rushes_comfyui_backend_dispose;
  object_class->finalize = rushes_comfyui_backend_finalize;
}

static void
rushes_comfyui_backend_init (RushesComfyuiBackend *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, track_free);
  self->client_id = g_uuid_string_random ();
  self->save_video = -1;
  self->http = rushes_http_client_new ();
  self->use_websocket = TRUE;
  self->concurrency = 1;
  self->poll_wait_ms = 1000;
  self->http_check_ms = 5000;
}

/* ---- construction -------------------------------------------------------- */

RushesComfyuiBackend *
rushes_comfyui_backend_new (const char             *id,
                            const char             *display_name,
                            const char             *base_url,
                            RushesComfyuiWorkflow  *workflow,
                            GError                **error)
{
  g_autoptr(RushesComfyuiBackend) self = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (workflow == NULL || RUSHES_IS_COMFYUI_WORKFLOW (workflow), NULL);

  url = rushes_remote_normalize_base_url (base_url, error,
                                          _("The ComfyUI address “%s” is not an http or https address"),
                                          base_url ? base_url : "");
  if (url == NULL)
    return NULL;

  self = g_object_new (RUSHES_TYPE_COMFYUI_BACKEND, NULL);
  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name ? display_name : id);
  self->base_url = g_steal_pointer (&url);

  if (workflow != NULL)
    self->workflow = g_object_ref (workflow);
  else
    {
      self->workflow = rushes_comfyui_workflow_load_template ("ltx-video", error);
      if (self->workflow == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

RushesBackend *
rushes_comfyui_backend_new_from_config (JsonObject  *config,
                                        GError     **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(RushesComfyuiBackend) self = NULL;
  const char *id, *url, *name, *mapping_file, *template, *extra, *key_env;

  g_return_val_if_fail (config != NULL, NULL);

  id = json_object_get_string_member_with_default (config, "id", NULL);
  url = json_object_get_string_member_with_default (config, "url", NULL);
  name = json_object_get_string_member_with_default (config, "display_name",
                                                     json_object_get_string_member_with_default (config, "name", NULL));
  mapping_file = json_object_get_string_member_with_default (config, "mapping_file", NULL);
  template = json_object_get_string_member_with_default (config, "workflow", "ltx-video");
  extra = json_object_get_string_member_with_default (config, "extra_header", NULL);
  key_env = json_object_get_string_member_with_default (config, "key_env", NULL);

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("A ComfyUI backend needs an “id”"));
      return NULL;
    }

  if (mapping_file != NULL)
    workflow = rushes_comfyui_workflow_new_from_files (NULL, mapping_file, error);
  else
    workflow = rushes_comfyui_workflow_load_template (template, error);
  if (workflow == NULL)
    return NULL;

  self = rushes_comfyui_backend_new (id, name, url, workflow, error);
  if (self == NULL)
    return NULL;

  /* the header's value is a secret: read from key_env or the keyring when
   * first needed, on a worker thread; without a configured header name a
   * stored key goes as "Authorization" (as for every other kind) */
  if (extra != NULL && *extra != '\0')
    self->extra_config = g_strdup (extra);
  if (key_env != NULL && *key_env != '\0')
    self->key_env = g_strdup (key_env);

  self->concurrency = (guint) CLAMP (json_object_get_int_member_with_default (config, "concurrency", 1), 1, 16);
  self->use_websocket = json_object_get_boolean_member_with_default (config, "websocket", TRUE);

  return RUSHES_BACKEND (g_steal_pointer (&self));
}

static void
wipe_free (char *text)
{
  if (text != NULL)
    {
      memset (text, 0, strlen (text));
      g_free (text);
    }
}

static gboolean
apply_extra_header (RushesComfyuiBackend  *self,
                    const char            *header_name,
                    const char            *header_value,
                    gboolean               manual,
                    GError               **error)
{
  RushesWebsocket *old_ws;

  if (!rushes_http_client_set_extra_header (self->http, self->base_url, header_name, header_value, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->extra_manual = manual;
  g_free (self->extra_name);
  wipe_free (self->extra_value);
  self->extra_name = header_name ? g_strdup (header_name) : NULL;
  self->extra_value = header_name ? g_strdup (header_value ? header_value : "") : NULL;
  self->extra_loaded = TRUE;
  old_ws = g_steal_pointer (&self->ws);   /* reconnect with the new header */
  g_mutex_unlock (&self->lock);

  if (old_ws != NULL)
    {
      rushes_websocket_stop (old_ws);
      g_object_unref (old_ws);
    }
  return TRUE;
}

gboolean
rushes_comfyui_backend_set_extra_header (RushesComfyuiBackend  *self,
                                         const char            *header_name,
                                         const char            *header_value,
                                         GError               **error)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), FALSE);

  return apply_extra_header (self, header_name, header_value, TRUE, error);
}

void
rushes_comfyui_backend_set_workflow (RushesComfyuiBackend  *self,
                                     RushesComfyuiWorkflow *workflow)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));
  g_return_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (workflow));

  g_mutex_lock (&self->lock);
  if (g_set_object (&self->workflow, workflow))
    g_clear_pointer (&self->models, g_strfreev);   /* another loader: probe again */
  self->save_video = -1;
  g_mutex_unlock (&self->lock);
}

RushesComfyuiWorkflow *
rushes_comfyui_backend_get_workflow (RushesComfyuiBackend *self)
{
  RushesComfyuiWorkflow *workflow;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);

  g_mutex_lock (&self->lock);
  workflow = g_object_ref (self->workflow);
  g_mutex_unlock (&self->lock);
  return workflow;
}

void
rushes_comfyui_backend_set_concurrency (RushesComfyuiBackend *self,
                                        guint                 concurrency)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));
  self->concurrency = MAX (concurrency, 1);
}

void
rushes_comfyui_backend_set_use_websocket (RushesComfyuiBackend *self,
                                          gboolean              use)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));

  g_mutex_lock (&self->lock);
  self->use_websocket = use;
  g_mutex_unlock (&self->lock);
}

void
rushes_comfyui_backend_set_poll_timing (RushesComfyuiBackend *self,
                                        guint                 wait_ms,
                                        guint                 http_check_ms)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));

  g_mutex_lock (&self->lock);
  self->poll_wait_ms = wait_ms;
  self->http_check_ms = http_check_ms;
  g_mutex_unlock (&self->lock);
}

RushesHttpClient *
rushes_comfyui_backend_get_http_client (RushesComfyuiBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);
  return self->http;
}

/* ---- plain words ---------------------------------------------------------------- */

static gboolean
is_model_input (const char *input)
{
  return input != NULL
         && (g_str_has_suffix (input, "_name") || g_str_has_prefix (input, "clip_name")
             || strcmp (input, "model") == 0);
}

char *
rushes_comfyui_describe_prompt_error (JsonNode *answer)
{
  GString *text = g_string_new (NULL);
  JsonObject *root, *err = NULL, *node_errors = NULL;
  g_autoptr(GList) ids = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return g_strdup (_("The server rejected the workflow"));

  root = json_node_get_object (answer);
  if (json_object_has_member (root, "error") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    err = json_object_get_object_member (root, "error");
  if (json_object_has_member (root, "node_errors") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "node_errors")))
    node_errors = json_object_get_object_member (root, "node_errors");

  if (node_errors != NULL)
    ids = json_object_get_members (node_errors);

  for (GList *l = ids; l; l = l->next)
    {
      JsonNode *ne = json_object_get_member (node_errors, l->data);
      JsonObject *neo;
      const char *cls;
      JsonArray *errors;

      if (!JSON_NODE_HOLDS_OBJECT (ne))
        continue;
      neo = json_node_get_object (ne);
      cls = json_object_get_string_member_with_default (neo, "class_type", "?");
      if (!json_object_has_member (neo, "errors") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (neo, "errors")))
        continue;
      errors = json_object_get_array_member (neo, "errors");
      for (guint i = 0; i < json_array_get_length (errors); i++)
        {
          JsonObject *e = JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, i))
                          ? json_array_get_object_element (errors, i) : NULL;
          JsonObject *extra;
          const char *type, *input = NULL, *received = NULL;

          if (e == NULL)
            continue;
          type = json_object_get_string_member_with_default (e, "type", "");
          extra = json_object_has_member (e, "extra_info") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (e, "extra_info"))
                  ? json_object_get_object_member (e, "extra_info") : NULL;
          if (extra != NULL)
            {
              JsonNode *rv = json_object_get_member (extra, "received_value");
              input = json_object_get_string_member_with_default (extra, "input_name", NULL);
              if (rv != NULL && JSON_NODE_HOLDS_VALUE (rv) && json_node_get_value_type (rv) == G_TYPE_STRING)
                received = json_node_get_string (rv);
            }

          if (text->len > 0)
            g_string_append (text, " ");
          if (strcmp (type, "value_not_in_list") == 0 && is_model_input (input) && received != NULL)
            g_string_append_printf (text,
                                    _("The model file “%s” is not on the server (node %s, %s: %s). Put it into the server’s models folder or choose another workflow."),
                                    received, (const char *) l->data, cls, input);
          else
            g_string_append_printf (text, _("Node %s (%s): %s%s%s."),
                                    (const char *) l->data, cls,
                                    json_object_get_string_member_with_default (e, "message", type),
                                    json_object_get_string_member_with_default (e, "details", NULL) ? ": " : "",
                                    json_object_get_string_member_with_default (e, "details", ""));
        }
    }

  if (text->len == 0 && err != NULL)
    {
      const char *type = json_object_get_string_member_with_default (err, "type", "");
      const char *message = json_object_get_string_member_with_default (err, "message", "");
      const char *details = json_object_get_string_member_with_default (err, "details", "");

      if (strcmp (type, "invalid_prompt") == 0)
        g_string_append_printf (text, _("The server cannot run this workflow: %s%s%s (a custom node may be missing on the server)."),
                                message, *details ? " " : "", details);
      else if (strcmp (type, "prompt_no_outputs") == 0)
        g_string_append (text, _("The workflow has no output node (such as SaveVideo)."));
      else
        g_string_append_printf (text, "%s%s%s", message, *details ? ": " : "", details);
    }

  if (text->len == 0)
    g_string_append (text, _("The server rejected the workflow"));
  return g_string_free (text, FALSE);
}

char *
rushes_comfyui_describe_execution_error (JsonObject *data)
{
  const char *node = json_object_get_string_member_with_default (data, "node_id", "?");
  const char *type = json_object_get_string_member_with_default (data, "node_type", "?");
  const char *message = json_object_get_string_member_with_default (data, "exception_message", NULL);
  const char *exc = json_object_get_string_member_with_default (data, "exception_type", "");
  g_autofree char *first = NULL;

  if (message == NULL || *message == '\0')
    message = exc;
  first = g_strstrip (g_strdup (message));
  if (g_utf8_strlen (first, -1) > 400)
    {
      char *cut = g_utf8_substring (first, 0, 400);
      g_free (first);
      first = g_strconcat (cut, "…", NULL);
      g_free (cut);
    }
  if (strstr (exc, "OutOfMemory") != NULL || strstr (first, "out of memory") != NULL)
    return g_strdup_printf (_("The server ran out of GPU memory in node %s (%s). Try a smaller size or fewer frames. %s"),
                            node, type, first);
  return g_strdup_printf (_("Node %s (%s) failed on the server: %s"), node, type, first);
}

/* ---- WebSocket events --------------------------------------------------------- */

static Track *
get_track_locked (RushesComfyuiBackend *self,
                  const char           *prompt_id)
{
  Track *t = g_hash_table_lookup (self->tracks, prompt_id);

  if (t == NULL)
    {
      if (g_hash_table_size (self->tracks) >= MAX_TRACKS)
        g_hash_table_remove_all (self->tracks);   /* stale; HTTP checks recover */
      t = g_new0 (Track, 1);
      t->prompt_id = g_strdup (prompt_id);
      t->progress = -1;
      g_hash_table_insert (self->tracks, t->prompt_id, t);
    }
  return t;
}

static void
ws_text_cb (const char *text,
            gsize       length,
            gpointer    user_data)
{
  RushesComfyuiBackend *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *data;
  const char *type, *prompt_id, *progress_node = NULL;
  Track *t;

  if (!json_parser_load_from_data (parser, text, length, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return;
  root = json_node_get_object (json_parser_get_root (parser));
  type = json_object_get_string_member_with_default (root, "type", NULL);
  if (type == NULL || !json_object_has_member (root, "data")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "data")))
    return;
  data = json_object_get_object_member (root, "data");
  prompt_id = json_object_get_string_member_with_default (data, "prompt_id", NULL);
  if (prompt_id == NULL)
    return;

  g_mutex_lock (&self->lock);
  if (self->workflow != NULL)
    progress_node = rushes_comfyui_workflow_get_progress_node (self->workflow);
  t = get_track_locked (self, prompt_id);

  if (strcmp (type, "execution_start") == 0)
    {
      t->started = TRUE;
      t->progress = MAX (t->progress, 0.02);
    }
  else if (strcmp (type, "executing") == 0)
    {
      JsonNode *node = json_object_get_member (data, "node");

      t->started = TRUE;
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          t->finished = TRUE;
          t->progress = 1.0;
        }
      else if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_free (t->current_node);
          t->current_node = g_strdup (json_node_get_string (node));
          if (t->sampler_done && g_strcmp0 (t->current_node, progress_node) != 0)
            t->progress = MAX (t->progress, 0.92);
          t->progress = MAX (t->progress, 0.03);
        }
    }
  else if (strcmp (type, "progress") == 0)
    {
      double value = json_object_get_double_member_with_default (data, "value", 0);
      double max = json_object_get_double_member_with_default (data, "max", 0);
      const char *node = json_object_get_string_member_with_default (data, "node", NULL);

      t->started = TRUE;
      if (max > 0 && (progress_node == NULL || g_strcmp0 (node, progress_node) == 0))
        {
          t->progress = MAX (t->progress, 0.05 + 0.85 * CLAMP (value / max, 0.0, 1.0));
          t->step = (guint) CLAMP (value, 0, G_MAXUINT);
          t->steps = (guint) CLAMP (max, 0, G_MAXUINT);
          if (value >= max)
            t->sampler_done = TRUE;
        }
    }
  else if (strcmp (type, "execution_success") == 0)
    t->progress = MAX (t->progress, 0.98);
  else if (strcmp (type, "execution_error") == 0)
    {
      t->failed = TRUE;
      g_free (t->error_text);
      t->error_text = rushes_comfyui_describe_execution_error (data);
    }
  else if (strcmp (type, "execution_interrupted") == 0)
    t->interrupted = TRUE;
  else
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  t->version++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

/* Returns a new reference to the socket (started), or NULL when disabled. */
static RushesWebsocket *
ensure_websocket (RushesComfyuiBackend *self)
{
  RushesWebsocket *ws = NULL;

  g_mutex_lock (&self->lock);
  if (self->use_websocket)
    {
      if (self->ws == NULL)
        {
          g_autofree char *url = rushes_http_build_url (self->base_url, "/api/ws",
                                                        "clientId", self->client_id, NULL);

          self->ws = rushes_websocket_new (url, self->extra_name, self->extra_value,
                                           ws_text_cb, self);
          rushes_websocket_start (self->ws);
        }
      ws = g_object_ref (self->ws);
    }
  g_mutex_unlock (&self->lock);
  return ws;
}

/* ---- HTTP helpers ----------------------------------------------------------------- */

static char *
api_url (RushesComfyuiBackend *self,
         const char           *path)
{
  return rushes_http_build_url (self->base_url, path, NULL);
}

static char *
server_prefix (RushesComfyuiBackend *self)
{
  g_autofree char *where = rushes_remote_describe_url (self->base_url);

  return g_strdup_printf (_("ComfyUI at %s"), where);
}

static void
propagate (RushesComfyuiBackend  *self,
           GError               **dest,
           GError                *src)
{
  g_autofree char *prefix = server_prefix (self);

  rushes_remote_propagate_error (dest, src, prefix);
}

/* Finds prompt_id in GET /api/queue: 1 running, 2 pending (ahead set to the
 * number of pending prompts before it), 0 absent. */
static int
queue_find (RushesComfyuiBackend  *self,
            const char            *prompt_id,
            guint                 *ahead,
            GCancellable          *cancellable,
            GError               **error)
{
  g_autofree char *url = api_url (self, "/api/queue");
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  JsonObject *root;
  static const char *lists[] = { "queue_running", "queue_pending" };
  gint64 my_number = -1;
  int where = 0;

  node = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (node == NULL)
    {
      propagate (self, error, local);
      return -1;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The server’s queue answer is not understood"));
      return -1;
    }
  root = json_node_get_object (node);

  for (guint li = 0; li < G_N_ELEMENTS (lists) && where == 0; li++)
    {
      JsonNode *ln = json_object_get_member (root, lists[li]);
      JsonArray *arr;

      if (ln == NULL || !JSON_NODE_HOLDS_ARRAY (ln))
        continue;
      arr = json_node_get_array (ln);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *item = json_array_get_element (arr, i);
          JsonArray *tuple;

          if (!JSON_NODE_HOLDS_ARRAY (item))
            continue;
          tuple = json_node_get_array (item);
          if (json_array_get_length (tuple) >= 2
              && g_strcmp0 (json_node_get_string (json_array_get_element (tuple, 1)), prompt_id) == 0)
            {
              where = li == 0 ? 1 : 2;
              my_number = json_node_get_int (json_array_get_element (tuple, 0));
              break;
            }
        }
    }

  if (where == 2 && ahead != NULL)
    {
      JsonArray *pending = json_object_get_array_member (root, "queue_pending");

      *ahead = 0;
      for (guint i = 0; i < json_array_get_length (pending); i++)
        {
          JsonNode *item = json_array_get_element (pending, i);
          if (JSON_NODE_HOLDS_ARRAY (item) && json_array_get_length (json_node_get_array (item)) > 0
              && json_node_get_int (json_array_get_element (json_node_get_array (item), 0)) < my_number)
            (*ahead)++;
        }
    }
  return where;
}

static gboolean
is_video_entry (const char *key,
                JsonObject *entry,
                gboolean    animated)
{
  const char *name = json_object_get_string_member_with_default (entry, "filename", "");
  const char *format = json_object_get_string_member_with_default (entry, "format", "");
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_prefix (format, "video/"))
    return TRUE;
  if (strcmp (key, "gifs") == 0)
    return TRUE;
  if (g_str_has_suffix (lower, ".mp4") || g_str_has_suffix (lower, ".webm")
      || g_str_has_suffix (lower, ".mkv") || g_str_has_suffix (lower, ".mov")
      || g_str_has_suffix (lower, ".gif") || g_str_has_suffix (lower, ".m4v"))
    return TRUE;
  return animated && (g_str_has_suffix (lower, ".webp") || g_str_has_suffix (lower, ".png"));
}

static char *
make_locator (const char *filename,
              const char *subfolder,
              const char *type)
{
  g_autofree char *f = g_uri_escape_string (filename, NULL, FALSE);
  g_autofree char *s = g_uri_escape_string (subfolder, NULL, FALSE);
  g_autofree char *t = g_uri_escape_string (type, NULL, FALSE);

  return g_strdup_printf (LOCATOR_PREFIX "filename=%s&subfolder=%s&type=%s", f, s, t);
}

static gboolean
valid_type (const char *type)
{
  return g_strcmp0 (type, "output") == 0 || g_strcmp0 (type, "temp") == 0
         || g_strcmp0 (type, "input") == 0;
}

/* Fills status from one history entry. */
static void
parse_history_entry (JsonObject         *entry,
                     RushesRemoteStatus *status)
{
  JsonObject *st = NULL, *outputs = NULL;
  const char *status_str = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) node_ids = NULL;
  guint n_results = 0, n_unsafe = 0;

  if (json_object_has_member (entry, "status") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "status")))
    st = json_object_get_object_member (entry, "status");
  if (st != NULL)
    {
      JsonNode *msgs = json_object_get_member (st, "messages");

      status_str = json_object_get_string_member_with_default (st, "status_str", NULL);
      if (msgs != NULL && JSON_NODE_HOLDS_ARRAY (msgs))
        {
          JsonArray *arr = json_node_get_array (msgs);

          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              JsonNode *m = json_array_get_element (arr, i);
              JsonArray *pair;
              const char *name;

              if (!JSON_NODE_HOLDS_ARRAY (m) || json_array_get_length (json_node_get_array (m)) < 2)
                continue;
              pair = json_node_get_array (m);
              name = json_node_get_string (json_array_get_element (pair, 0));
              if (g_strcmp0 (name, "execution_error") == 0
                  && JSON_NODE_HOLDS_OBJECT (json_array_get_element (pair, 1)))
                {
                  status->state = RUSHES_REMOTE_FAILED;
                  g_free (status->error);
                  status->error = rushes_comfyui_describe_execution_error (json_array_get_object_element (pair, 1));
                  return;
                }
              if (g_strcmp0 (name, "execution_interrupted") == 0)
                {
                  status->state = RUSHES_REMOTE_CANCELLED;
                  status->status = g_strdup (_("Stopped on the server"));
                  return;
                }
            }
        }
    }

  if (g_strcmp0 (status_str, "error") == 0)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup (_("The server reports that the job failed, without details"));
      return;
    }

  if (json_object_has_member (entry, "outputs") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "outputs")))
    outputs = json_object_get_object_member (entry, "outputs");
  if (outputs != NULL)
    node_ids = json_object_get_members (outputs);

  for (GList *l = node_ids; l; l = l->next)
    {
      JsonNode *on = json_object_get_member (outputs, l->data);
      JsonObject *out;
      g_autoptr(GList) keys = NULL;
      gboolean animated = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (on))
        continue;
      out = json_node_get_object (on);
      if (json_object_has_member (out, "animated") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (out, "animated")))
        {
          JsonArray *a = json_object_get_array_member (out, "animated");
          animated = json_array_get_length (a) > 0
                     && JSON_NODE_HOLDS_VALUE (json_array_get_element (a, 0))
                     && json_node_get_boolean (json_array_get_element (a, 0));
        }

      keys = json_object_get_members (out);
      for (GList *k = keys; k; k = k->next)
        {
          JsonNode *list = json_object_get_member (out, k->data);
          JsonArray *arr;

          if (strcmp (k->data, "animated") == 0 || !JSON_NODE_HOLDS_ARRAY (list))
            continue;
          arr = json_node_get_array (list);
          for (guint i = 0; i < json_array_get_length (arr); i++)
            {
              JsonNode *e = json_array_get_element (arr, i);
              JsonObject *eo;
              const char *filename, *subfolder, *type;
              char *locator;

              if (!JSON_NODE_HOLDS_OBJECT (e))
                continue;
              eo = json_node_get_object (e);
              filename = json_object_get_string_member_with_default (eo, "filename", NULL);
              subfolder = json_object_get_string_member_with_default (eo, "subfolder", "");
              type = json_object_get_string_member_with_default (eo, "type", "output");
              if (filename == NULL || !is_video_entry (k->data, eo, animated))
                continue;
              if (!rushes_remote_is_safe_filename (filename)
                  || !rushes_remote_is_safe_subpath (subfolder) || !valid_type (type))
                {
                  n_unsafe++;
                  continue;
                }
              locator = make_locator (filename, subfolder, type);
              if (g_hash_table_add (seen, locator))
                {
                  g_strv_builder_add (builder, locator);
                  n_results++;
                }
            }
        }
    }

  if (n_results == 0)
    {
      status->state = RUSHES_REMOTE_FAILED;
      if (n_unsafe > 0)
        status->error = g_strdup (_("The server reported a result file with an unsafe name (a path outside its output folder); it was not downloaded"));
      else
        status->error = g_strdup (_("The workflow finished without a video output (does it end in a SaveVideo node?)"));
      return;
    }

  status->state = RUSHES_REMOTE_SUCCEEDED;
  status->progress = 1.0;
  status->results = g_strv_builder_end (builder);
}

/* GET /api/history/{id}: TRUE and *found set when the answer was read. */
static gboolean
history_check (RushesComfyuiBackend  *self,
               const char            *prompt_id,
               RushesRemoteStatus    *status,
               gboolean              *found,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autofree char *path = g_strconcat ("/api/history/", prompt_id, NULL);
  g_autofree char *url = api_url (self, path);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  JsonNode *entry;

  *found = FALSE;
  node = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (node == NULL)
    {
      propagate (self, error, local);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The server’s history answer is not understood"));
      return FALSE;
    }
  entry = json_object_get_member (json_node_get_object (node), prompt_id);
  if (entry == NULL || !JSON_NODE_HOLDS_OBJECT (entry))
    return TRUE;

  *found = TRUE;
  if (status != NULL)
    parse_history_entry (json_node_get_object (entry), status);
  return TRUE;
}

/* The proxy header from the secrets (rushes_secrets_get_key_sync: key_env,
 * else the keyring by backend id): the configured header name, or
 * "Authorization" (a bare key gets "Bearer ") when a key is stored without
 * one. Read again when a key was stored or cleared in this process; a
 * variable is read at each use. */
static gboolean
ensure_extra_header (RushesComfyuiBackend  *self,
                     GCancellable          *cancellable,
                     GError               **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key_env = NULL;
  guint generation = rushes_secrets_get_generation ();
  const char *header;
  char *value = NULL;
  char *key;
  gboolean required, unchanged, ok;

  g_mutex_lock (&self->lock);
  if (self->extra_manual ||
      (self->extra_loaded && self->key_env == NULL && self->extra_generation == generation))
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  name = g_strdup (self->extra_config);
  key_env = g_strdup (self->key_env);
  g_mutex_unlock (&self->lock);

  header = name != NULL ? name : "Authorization";
  required = name != NULL || key_env != NULL;
  key = rushes_secrets_get_key_sync (self->id, key_env, cancellable, &local);
  if (key == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (required)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH,
                       _("The server needs the header “%s”, but its value is not available: %s"),
                       header, local->message);
          return FALSE;
        }
      /* most ComfyUI servers want none */
    }
  else if (name != NULL || strchr (key, ' ') != NULL)
    value = g_strdup (key);             /* as given: "Basic …", a proxy's own token */
  else
    value = g_strconcat ("Bearer ", key, NULL);
  rushes_secrets_free_key (key);

  g_mutex_lock (&self->lock);
  unchanged = self->extra_loaded && !self->extra_manual &&
              g_strcmp0 (self->extra_value, value) == 0 &&
              (value == NULL || g_strcmp0 (self->extra_name, header) == 0);
  if (unchanged)
    self->extra_generation = generation;
  g_mutex_unlock (&self->lock);
  if (unchanged)
    {
      wipe_free (value);
      return TRUE;
    }

  ok = apply_extra_header (self, value != NULL ? header : NULL, value, FALSE, error);
  wipe_free (value);
  if (ok)
    {
      g_mutex_lock (&self->lock);
      self->extra_generation = generation;
      g_mutex_unlock (&self->lock);
    }
  return ok;
}

/* ---- RushesBackend ------------------------------------------------------------------ */

static const char *
comfy_get_id (RushesBackend *backend)
{
  return RUSHES_COMFYUI_BACKEND (backend)->id;
}

static const char *
comfy_get_kind (RushesBackend *backend)
{
  return "comfyui";
}

static const char *
comfy_get_display_name (RushesBackend *backend)
{
  return RUSHES_COMFYUI_BACKEND (backend)->display_name;
}

static gboolean
comfy_is_remote (RushesBackend *backend)
{
  return TRUE;
}

static RushesCapabilities *
comfy_get_capabilities (RushesBackend *backend)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (self);
  RushesCapabilities *caps = rushes_capabilities_new ();

  rushes_comfyui_workflow_fill_capabilities (workflow, caps);
  caps->max_concurrent = self->concurrency;
  g_mutex_lock (&self->lock);
  if (self->models != NULL && self->models[0] != NULL)
    {
      caps->models = g_strdupv (self->models);
      caps->fields |= RUSHES_FIELD_MODEL;
    }
  g_mutex_unlock (&self->lock);
  return caps;
}

/* Servers older than 2025-04 lack CreateVideo/SaveVideo: replace each
 * CreateVideo → SaveVideo pair by SaveAnimatedWEBP (comfyui.md §3). */
static gboolean
use_webp_output (JsonNode *graph)
{
  JsonObject *g = json_node_get_object (graph);
  g_autoptr(GList) members = json_object_get_members (g);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func (g_free);
  gboolean changed = FALSE;

  /* copies: the loop replaces members, which frees their names */
  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (ids, g_strdup (l->data));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonObject *node = json_object_get_object_member (g, id);
      JsonObject *inputs = node ? json_object_get_object_member (node, "inputs") : NULL;
      JsonNode *video = inputs ? json_object_get_member (inputs, "video") : NULL;
      JsonObject *create, *create_inputs, *webp, *webp_inputs;
      const char *source, *prefix;
      g_autofree char *base = NULL;
      g_autofree char *source_id = NULL;

      if (g_strcmp0 (json_object_get_string_member_with_default (node, "class_type", NULL), "SaveVideo") != 0
          || video == NULL || !JSON_NODE_HOLDS_ARRAY (video)
          || json_array_get_length (json_node_get_array (video)) != 2)
        continue;
      source = json_array_get_string_element (json_node_get_array (video), 0);
      if (source == NULL || !json_object_has_member (g, source))
        continue;
      create = json_object_get_object_member (g, source);
      if (g_strcmp0 (json_object_get_string_member_with_default (create, "class_type", NULL), "CreateVideo") != 0)
        continue;
      create_inputs = json_object_get_object_member (create, "inputs");
      if (!json_object_has_member (create_inputs, "images"))
        continue;

      prefix = json_object_get_string_member_with_default (inputs, "filename_prefix", "rushes");
      base = g_path_get_basename (prefix);
      webp = json_object_new ();
      webp_inputs = json_object_new ();
      json_object_set_member (webp_inputs, "images", json_node_copy (json_object_get_member (create_inputs, "images")));
      json_object_set_double_member (webp_inputs, "fps",
                                     json_object_get_double_member_with_default (create_inputs, "fps", 24.0));
      json_object_set_string_member (webp_inputs, "filename_prefix", base);
      json_object_set_boolean_member (webp_inputs, "lossless", FALSE);
      json_object_set_int_member (webp_inputs, "quality", 90);
      json_object_set_string_member (webp_inputs, "method", "default");
      json_object_set_string_member (webp, "class_type", "SaveAnimatedWEBP");
      json_object_set_object_member (webp, "inputs", webp_inputs);

      source_id = g_strdup (source);
      json_object_set_object_member (g, id, webp);
      g_ptr_array_add (remove, g_steal_pointer (&source_id));
      changed = TRUE;
    }
  for (guint i = 0; i < remove->len; i++)
    json_object_remove_member (g, g_ptr_array_index (remove, i));
  return changed;
}

/* Whether the server has SaveVideo (asked once per backend). */
static int
server_has_save_video (RushesComfyuiBackend  *self,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) info = NULL;
  GError *local = NULL;
  int known;

  g_mutex_lock (&self->lock);
  known = self->save_video;
  g_mutex_unlock (&self->lock);
  if (known >= 0)
    return known;

  url = api_url (self, "/api/object_info/SaveVideo");
  info = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (info == NULL)
    {
      propagate (self, error, local);
      return -1;
    }
  known = JSON_NODE_HOLDS_OBJECT (info) && json_object_has_member (json_node_get_object (info), "SaveVideo");
  g_mutex_lock (&self->lock);
  self->save_video = known;
  g_mutex_unlock (&self->lock);
  return known;
}

static char *
upload_start_image (RushesComfyuiBackend  *self,
                    const char            *path,
                    GCancellable          *cancellable,
                    GError               **error)
{
  g_autofree char *url = api_url (self, "/api/upload/image");
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  RushesHttpPart parts[] = {
    { .name = "image", .file_path = path, .filename = base },
    { .name = "type", .value = "input" },
    { .name = "subfolder", .value = "rushes" },
  };
  const char *name, *subfolder;
  JsonObject *obj;

  /* identical bytes give back the existing name, so retrying is harmless */
  node = rushes_http_client_post_multipart (self->http, url, parts, G_N_ELEMENTS (parts),
                                            RUSHES_HTTP_FLAGS_IDEMPOTENT, NULL, cancellable, &local);
  if (node == NULL)
    {
      g_prefix_error (&local, _("Could not upload the start image: "));
      propagate (self, error, local);
      return NULL;
    }
  obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  name = obj ? json_object_get_string_member_with_default (obj, "name", NULL) : NULL;
  subfolder = obj ? json_object_get_string_member_with_default (obj, "subfolder", "") : "";
  if (name == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The server did not say where it stored the start image"));
      return NULL;
    }
  if (subfolder != NULL && *subfolder != '\0')
    return g_strconcat (subfolder, "/", name, NULL);
  return g_strdup (name);
}

static char *
comfy_submit (RushesBackend            *backend,
              RushesRecipe             *recipe,
              const char               *job_id,
              const RushesBackendCall  *call,
              GError                  **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (self);
  g_autoptr(RushesWebsocket) ws = NULL;
  g_autoptr(JsonNode) graph = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *prompt_id = NULL;
  g_autofree char *url = NULL;
  const char *start_image = rushes_recipe_get_start_image (recipe);
  GError *local = NULL;
  guint status = 0;
  JsonObject *obj;

  if (!ensure_extra_header (self, call->cancellable, error))
    return NULL;

  if (start_image != NULL && *start_image != '\0' && !rushes_comfyui_workflow_needs_start_image (workflow))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The workflow “%s” does not take a start image; choose an image-to-video workflow"),
                   rushes_comfyui_workflow_get_display_name (workflow));
      return NULL;
    }
  if ((start_image == NULL || *start_image == '\0') && rushes_comfyui_workflow_needs_start_image (workflow))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The workflow “%s” needs a start image"),
                   rushes_comfyui_workflow_get_display_name (workflow));
      return NULL;
    }

  prompt_id = rushes_remote_is_uuid (job_id) ? g_strdup (job_id) : g_uuid_string_random ();

  /* connect the socket before queueing so no event is missed */
  ws = ensure_websocket (self);
  if (ws != NULL)
    rushes_websocket_wait_connected (ws, 2000, call->cancellable);

  if (start_image != NULL && *start_image != '\0')
    {
      if (call->progress)
        call->progress (0.0, _("Uploading the start image"), call->progress_data);
      image_name = upload_start_image (self, start_image, call->cancellable, error);
      if (image_name == NULL)
        return NULL;
    }

  graph = rushes_comfyui_workflow_apply (workflow, recipe, image_name, &notes, &local);
  if (graph == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED, local->message);
      g_error_free (local);
      return NULL;
    }
  if (notes != NULL && call->progress)
    call->progress (0.0, notes, call->progress_data);

  {
    g_auto(GStrv) classes = rushes_comfyui_workflow_get_node_classes (workflow);

    if (g_strv_contains ((const char * const *) classes, "SaveVideo"))
      {
        int has = server_has_save_video (self, call->cancellable, error);

        if (has < 0)
          return NULL;
        if (has == 0 && use_webp_output (graph) && call->progress)
          call->progress (0.0, _("This ComfyUI server is too old for MP4 output; the take will be an animated WebP"),
                    call->progress_data);
      }
  }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_value (builder, g_steal_pointer (&graph));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "prompt_id");
  json_builder_add_string_value (builder, prompt_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  url = api_url (self, "/api/prompt");
  /* not idempotent: the server does not deduplicate prompt ids */
  answer = rushes_http_client_request_json (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL)
    {
      propagate (self, error, local);
      return NULL;
    }

  if (status == 400)
    {
      g_autofree char *text = rushes_comfyui_describe_prompt_error (answer);
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED, text);
      return NULL;
    }
  if (status < 200 || status >= 300 || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_autofree char *text = rushes_http_json_error_text (answer);
      g_set_error (error, RUSHES_BACKEND_ERROR,
                   status >= 500 ? RUSHES_BACKEND_ERROR_UNAVAILABLE : RUSHES_BACKEND_ERROR_FAILED,
                   _("The server did not accept the job (HTTP %u)%s%s"), status,
                   text ? ": " : "", text ? text : "");
      return NULL;
    }

  obj = json_node_get_object (answer);
  if (!json_object_has_member (obj, "prompt_id") && json_object_has_member (obj, "error"))
    {
      /* a 200 that is really a failure (seen behind some proxies) */
      g_autofree char *text = rushes_http_json_error_text (answer);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("The server did not queue the job: %s"), text ? text : _("no reason given"));
      return NULL;
    }
  if (json_object_has_member (obj, "node_errors")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "node_errors"))
      && json_object_get_size (json_object_get_object_member (obj, "node_errors")) > 0
      && call->progress != NULL)
    {
      g_autofree char *text = rushes_comfyui_describe_prompt_error (answer);
      g_autofree char *warning = g_strdup_printf (_("Queued, but part of the workflow was dropped: %s"), text);
      call->progress (0.0, warning, call->progress_data);
    }

  {
    const char *answered = json_object_get_string_member_with_default (obj, "prompt_id", NULL);
    if (answered != NULL && *answered != '\0' && strlen (answered) < 128)
      {
        g_free (prompt_id);
        prompt_id = g_strdup (answered);
      }
  }

  g_mutex_lock (&self->lock);
  get_track_locked (self, prompt_id);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&prompt_id);
}

static gboolean
comfy_poll_once (RushesBackend       *backend,
            const char          *remote_id,
            RushesRemoteStatus  *status,
            RushesProgressFunc   progress,
            gpointer             progress_data,
            GCancellable        *cancellable,
            GError             **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(RushesWebsocket) ws = ensure_websocket (self);
  gboolean ws_ok = ws != NULL && rushes_websocket_is_connected (ws);
  guint generation = ws ? rushes_websocket_get_generation (ws) : 0;
  gboolean need_http, started, ws_finished, sampler_done;
  guint step, steps;
  double fraction;
  gboolean found = FALSE;
  guint ahead = 0;
  int where;
  Track *t;

  status->state = RUSHES_REMOTE_QUEUED;
  status->progress = -1;
  status->eta_seconds = -1;

  if (!ensure_extra_header (self, cancellable, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  t = get_track_locked (self, remote_id);
  if (ws_ok && !t->finished && !t->failed && !t->interrupted)
    {
      guint version = t->version;
      gint64 end = g_get_monotonic_time () + (gint64) self->poll_wait_ms * 1000;

      while (t->version == version && g_get_monotonic_time () < end
             && !g_cancellable_is_cancelled (cancellable))
        {
          g_cond_wait_until (&self->cond, &self->lock, MIN (end, g_get_monotonic_time () + 50000));
          t = get_track_locked (self, remote_id);  /* table may have been pruned */
        }
    }
  need_http = !ws_ok || t->finished || t->failed || t->interrupted
              || t->ws_generation != generation
              || g_get_monotonic_time () - t->last_http > (gint64) self->http_check_ms * 1000;
  started = t->started;
  ws_finished = t->finished || t->failed || t->interrupted;
  fraction = t->progress;
  sampler_done = t->sampler_done;
  step = t->step;
  steps = t->steps;
  g_mutex_unlock (&self->lock);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!need_http)
    {
      status->state = started ? RUSHES_REMOTE_RUNNING : RUSHES_REMOTE_QUEUED;
      status->progress = started ? fraction : -1;
      if (started && steps > 0 && !sampler_done)
        status->status = g_strdup_printf (_("Sampling, step %u of %u"), step, steps);
      else if (started && sampler_done)
        status->status = g_strdup (_("Decoding and saving the video"));
      else
        status->status = g_strdup (started ? _("Generating on the server") : _("Waiting in the server’s queue"));
      if (progress)
        progress (status->progress, status->status, progress_data);
      return TRUE;
    }

  if (!history_check (self, remote_id, status, &found, cancellable, error))
    return FALSE;

  if (!found)
    {
      where = queue_find (self, remote_id, &ahead, cancellable, error);
      if (where < 0)
        return FALSE;

      if (where == 0)
        {
          /* the end event may precede the history write: look once more */
          g_usleep (300000);
          if (!history_check (self, remote_id, status, &found, cancellable, error))
            return FALSE;
          if (!found)
            {
              g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _("The ComfyUI server no longer knows this job (it may have been restarted)"));
              return FALSE;
            }
        }
      else
        {
          status->state = where == 1 ? RUSHES_REMOTE_RUNNING : RUSHES_REMOTE_QUEUED;
          status->progress = where == 1 && ws_ok ? fraction : -1;
          if (where == 1)
            status->status = g_strdup (_("Generating on the server"));
          else
            status->status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "Waiting in the server’s queue (%u job ahead)",
                                                           "Waiting in the server’s queue (%u jobs ahead)", ahead),
                                              ahead);
        }
    }

  g_mutex_lock (&self->lock);
  if (found)
    g_hash_table_remove (self->tracks, remote_id);
  else
    {
      t = get_track_locked (self, remote_id);
      t->last_http = g_get_monotonic_time ();
      t->ws_generation = generation;
    }
  g_mutex_unlock (&self->lock);

  (void) ws_finished;
  if (progress && !found)
    progress (status->progress, status->status, progress_data);
  return TRUE;
}

/* A status answer that cannot be read (a proxy's error page, a cut-off body)
 * is most likely passing: report it as "unavailable" so the engine polls
 * again, instead of failing a job that may still be running. */
static gboolean
comfy_poll (RushesBackend            *backend,
            const char               *remote_id,
            RushesRemoteStatus       *status,
            const RushesBackendCall  *call,
            GError                  **error)
{
  GError *local = NULL;

  if (comfy_poll_once (backend, remote_id, status, call->progress, call->progress_data, call->cancellable, &local))
    return TRUE;
  if (g_error_matches (local, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL))
    local->code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
comfy_cancel (RushesBackend  *backend,
              const char     *remote_id,
              GCancellable   *cancellable,
              GError        **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  int where;

  if (!ensure_extra_header (self, cancellable, error))
    return FALSE;
  where = queue_find (self, remote_id, NULL, cancellable, error);
  if (where < 0)
    return FALSE;
  if (where == 0)
    return TRUE;   /* finished or never there: nothing to stop */

  json_builder_begin_object (builder);
  if (where == 1)
    {
      /* servers before 2025-09 ignore the id and interrupt whatever runs;
       * we only get here when ours is the one running */
      json_builder_set_member_name (builder, "prompt_id");
      json_builder_add_string_value (builder, remote_id);
      url = api_url (self, "/api/interrupt");
    }
  else
    {
      json_builder_set_member_name (builder, "delete");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, remote_id);
      json_builder_end_array (builder);
      url = api_url (self, "/api/queue");
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!rushes_http_client_request_ok (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                      cancellable, &local))
    {
      propagate (self, error, local);
      return FALSE;
    }

  /* it may have started between the look and the delete: stop it then */
  if (where == 2)
    {
      where = queue_find (self, remote_id, NULL, cancellable, error);
      if (where < 0)
        return FALSE;
      if (where == 1)
        return comfy_cancel (backend, remote_id, cancellable, error);
    }
  return TRUE;
}

static gboolean
comfy_fetch (RushesBackend            *backend,
             const char               *remote_id,
             const char               *result,
             const char               *dest_path,
             const RushesBackendCall  *call,
             GError                  **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *url = NULL;
  RushesRemoteDownloadProgress fp = { call->progress, call->progress_data, NULL };
  const char *filename, *subfolder, *type;
  GError *local = NULL;

  if (result == NULL || !g_str_has_prefix (result, LOCATOR_PREFIX)
      || (params = g_uri_parse_params (result + strlen (LOCATOR_PREFIX), -1, "&",
                                       G_URI_PARAMS_NONE, NULL)) == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("Not a ComfyUI result: %s"), result ? result : "");
      return FALSE;
    }
  filename = g_hash_table_lookup (params, "filename");
  subfolder = g_hash_table_lookup (params, "subfolder");
  type = g_hash_table_lookup (params, "type");
  if (subfolder == NULL)
    subfolder = "";
  if (type == NULL)
    type = "output";
  if (!rushes_remote_is_safe_filename (filename) || !rushes_remote_is_safe_subpath (subfolder)
      || !valid_type (type))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The result file name is not safe to use; it was not downloaded"));
      return FALSE;
    }

  if (!ensure_extra_header (self, call->cancellable, error))
    return FALSE;
  url = rushes_http_build_url (self->base_url, "/api/view",
                               "filename", filename, "subfolder", subfolder, "type", type, NULL);
  if (!rushes_http_client_download (self->http, url, dest_path, rushes_remote_download_progress_cb, &fp,
                                    call->cancellable, &local))
    {
      g_prefix_error (&local, _("Downloading “%s”: "), filename);
      propagate (self, error, local);
      return FALSE;
    }
  return TRUE;
}

static char *
comfy_lookup (RushesBackend  *backend,
              const char     *job_id,
              GCancellable   *cancellable,
              GError        **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  gboolean found = FALSE;
  int where;

  if (!rushes_remote_is_uuid (job_id))
    return NULL;   /* submit never sends such an id as prompt_id */
  if (!ensure_extra_header (self, cancellable, error))
    return NULL;

  if (!history_check (self, job_id, NULL, &found, cancellable, error))
    return NULL;
  if (found)
    return g_strdup (job_id);

  where = queue_find (self, job_id, NULL, cancellable, error);
  if (where < 0)
    return NULL;
  if (where > 0)
    return g_strdup (job_id);

  /* servers from 2025-12 also keep a jobs list; older ones answer 404 */
  {
    g_autofree char *path = g_strconcat ("/api/jobs/", job_id, NULL);
    g_autofree char *url = api_url (self, path);
    g_autoptr(JsonNode) job = NULL;
    GError *local = NULL;

    job = rushes_http_client_get_json (self->http, url, cancellable, &local);
    if (job == NULL)
      {
        if (g_error_matches (local, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_NOT_FOUND))
          {
            g_error_free (local);
            return NULL;
          }
        propagate (self, error, local);
        return NULL;
      }
    if (JSON_NODE_HOLDS_OBJECT (job)
        && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (job), "id", NULL), job_id) == 0)
      return g_strdup (job_id);
  }
  return NULL;
}

static void
rushes_comfyui_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = comfy_get_id;
  iface->get_kind = comfy_get_kind;
  iface->get_display_name = comfy_get_display_name;
  iface->is_remote = comfy_is_remote;
  iface->get_capabilities = comfy_get_capabilities;
  iface->submit = comfy_submit;
  iface->poll = comfy_poll;
  iface->cancel = comfy_cancel;
  iface->fetch = comfy_fetch;
  iface->lookup = comfy_lookup;
  iface->discard = rushes_remote_discard;
}

/* ---- test connection -------------------------------------------------------------------- */

/* Options of a combo input in an object_info class description. */
static JsonArray *
combo_options (JsonObject *info,
               const char *input)
{
  static const char *sections[] = { "required", "optional" };
  JsonObject *inputs;

  if (!json_object_has_member (info, "input") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (info, "input")))
    return NULL;
  inputs = json_object_get_object_member (info, "input");
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonNode *sec = json_object_get_member (inputs, sections[s]);
      JsonNode *spec;
      JsonArray *arr;

      if (sec == NULL || !JSON_NODE_HOLDS_OBJECT (sec))
        continue;
      spec = json_object_get_member (json_node_get_object (sec), input);
      if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
        continue;
      arr = json_node_get_array (spec);
      if (json_array_get_length (arr) == 0)
        return NULL;
      /* old style: [["a", "b"], {...}] */
      if (JSON_NODE_HOLDS_ARRAY (json_array_get_element (arr, 0)))
        return json_array_get_array_element (arr, 0);
      /* new style: ["COMBO", {"options": [...]}] */
      if (json_array_get_length (arr) > 1 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (arr, 1)))
        {
          JsonObject *o = json_array_get_object_element (arr, 1);
          if (json_object_has_member (o, "options") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "options")))
            return json_object_get_array_member (o, "options");
        }
      return NULL;
    }
  return NULL;
}

JsonObject *
rushes_comfyui_backend_probe (RushesComfyuiBackend  *self,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_auto(GStrv) classes = NULL;
  g_autofree char *url = NULL;
  JsonArray *missing_nodes = json_array_new ();
  JsonArray *missing_models = json_array_new ();
  JsonObject *models = json_object_new ();
  GArray *model_inputs;
  GError *local = NULL;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);

  json_object_set_array_member (result, "missing_nodes", missing_nodes);
  json_object_set_array_member (result, "missing_models", missing_models);
  json_object_set_object_member (result, "models", models);

  if (!ensure_extra_header (self, cancellable, error))
    return NULL;
  workflow = rushes_comfyui_backend_get_workflow (self);
  url = api_url (self, "/api/system_stats");
  stats = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (stats == NULL)
    {
      propagate (self, error, local);
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (stats)
      && json_object_has_member (json_node_get_object (stats), "system")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (stats), "system")))
    {
      JsonObject *sys = json_object_get_object_member (json_node_get_object (stats), "system");
      json_object_set_string_member (result, "version",
                                     json_object_get_string_member_with_default (sys, "comfyui_version", ""));
    }
  else
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("%s does not answer like a ComfyUI server"), self->base_url);
      return NULL;
    }

  classes = rushes_comfyui_workflow_get_node_classes (workflow);
  for (guint i = 0; classes[i]; i++)
    {
      g_autofree char *path = g_strconcat ("/api/object_info/", classes[i], NULL);
      g_autofree char *curl = NULL;
      JsonNode *info;
      JsonNode *cls;

      curl = api_url (self, path);
      info = rushes_http_client_get_json (self->http, curl, cancellable, &local);
      if (info == NULL)
        {
          propagate (self, error, local);
          return NULL;
        }
      cls = JSON_NODE_HOLDS_OBJECT (info) ? json_object_get_member (json_node_get_object (info), classes[i]) : NULL;
      if (cls == NULL || !JSON_NODE_HOLDS_OBJECT (cls))
        json_array_add_string_element (missing_nodes, classes[i]);
      else
        g_hash_table_insert (infos, g_strdup (classes[i]), json_node_copy (cls));
      json_node_unref (info);
    }

  model_inputs = rushes_comfyui_workflow_get_model_inputs (workflow);
  for (guint i = 0; i < model_inputs->len; i++)
    {
      RushesComfyuiModelInput *mi = &g_array_index (model_inputs, RushesComfyuiModelInput, i);
      JsonNode *info = g_hash_table_lookup (infos, mi->class_type);
      g_autofree char *key = g_strdup_printf ("%s.%s", mi->class_type, mi->input);
      JsonArray *options = info ? combo_options (json_node_get_object (info), mi->input) : NULL;
      gboolean has_default = FALSE;

      if (options == NULL)
        continue;
      json_object_set_array_member (models, key, json_array_ref (options));
      if (i == 0)
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

          for (guint o = 0; o < json_array_get_length (options); o++)
            {
              const char *name = json_node_get_string (json_array_get_element (options, o));
              if (name != NULL && rushes_comfyui_workflow_is_model_file (name))
                g_strv_builder_add (b, name);
            }
          g_mutex_lock (&self->lock);
          g_strfreev (self->models);
          self->models = g_strv_builder_end (b);
          g_mutex_unlock (&self->lock);
        }
      for (guint o = 0; o < json_array_get_length (options); o++)
        if (g_strcmp0 (json_node_get_string (json_array_get_element (options, o)), mi->default_value) == 0)
          has_default = TRUE;
      if (!has_default && mi->default_value != NULL)
        json_array_add_string_element (missing_models, mi->default_value);
    }

  return g_steal_pointer (&result);
}
