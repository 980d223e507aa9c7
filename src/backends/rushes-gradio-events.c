/* rushes-gradio-events.c: following a Gradio job: the server-sent event
 * stream of GET <prefix>/call/<api_name>/<event_id> (heartbeat, generating,
 * complete, error) and the result files its "complete" event names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-gradio"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-gradio-backend-private.h"
#include "rushes-remote-util.h"
#include "rushes-sse.h"

gboolean
_rushes_gradio_split_remote_id (const char  *remote_id,
                                char       **event_id,
                                char       **api_name)
{
  const char *colon = remote_id ? strchr (remote_id, ':') : NULL;

  if (colon == NULL || colon == remote_id || colon[1] != '/')
    return FALSE;
  *event_id = g_strndup (remote_id, colon - remote_id);
  *api_name = g_strdup (colon + 1);
  return TRUE;
}

typedef struct
{
  RushesGradioBackend *self;
  RushesSseParser *parser;
  RushesProgressFunc progress;
  gpointer progress_data;
  gboolean done;
  gboolean failed;
  gboolean overflow;
  char *error_text;
  JsonNode *output;
} StreamState;

static gboolean
sse_event_cb (const char *event,
              const char *data,
              gpointer    user_data)
{
  StreamState *st = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (strcmp (event, "heartbeat") == 0 || strcmp (event, "generating") == 0)
    {
      if (st->progress)
        st->progress (-1, strcmp (event, "generating") == 0 ? _("Generating") : _("Running on the app"),
                      st->progress_data);
      return TRUE;
    }

  if (strcmp (event, "complete") == 0)
    {
      st->done = TRUE;
      if (json_parser_load_from_data (parser, data, -1, NULL))
        st->output = json_node_copy (json_parser_get_root (parser));
      else
        {
          st->failed = TRUE;
          st->error_text = g_strdup (_("The Gradio app’s result is not valid JSON"));
        }
      return FALSE;
    }

  if (strcmp (event, "error") == 0)
    {
      JsonNode *root;

      st->done = TRUE;
      st->failed = TRUE;
      if (json_parser_load_from_data (parser, data, -1, NULL)
          && (root = json_parser_get_root (parser)) != NULL)
        {
          if (JSON_NODE_HOLDS_OBJECT (root))
            {
              JsonNode *e = json_object_get_member (json_node_get_object (root), "error");
              if (e != NULL && JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                st->error_text = g_strdup_printf (_("The app reported an error: %s"), json_node_get_string (e));
            }
          else if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
            st->error_text = g_strdup_printf (_("The app reported an error: %s"), json_node_get_string (root));
        }
      if (st->error_text == NULL)
        st->error_text = g_strdup (_("The app failed without saying why (its error messages are hidden)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
stream_chunk_cb (const char *data,
                 gsize       length,
                 gpointer    user_data)
{
  StreamState *st = user_data;

  return rushes_sse_parser_feed (st->parser, data, length, &st->overflow);
}

static gboolean
is_video_filedata (JsonObject *fd)
{
  static const char * const videos[] = { ".mp4", ".webm", ".mov", ".mkv", ".gif", NULL };
  const char *mime = json_object_get_string_member_with_default (fd, "mime_type", NULL);
  const char *names[] = {
    json_object_get_string_member_with_default (fd, "orig_name", NULL),
    json_object_get_string_member_with_default (fd, "path", NULL),
    json_object_get_string_member_with_default (fd, "url", NULL),
  };

  if (mime != NULL && g_str_has_prefix (mime, "video/"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (rushes_remote_has_suffix (names[i], videos))
      return TRUE;
  return FALSE;
}

/* FileData objects among the outputs (one level of lists, 4.x/5.x wrapper). */
static void
collect_filedata (JsonNode  *node,
                  GPtrArray *out,
                  guint      depth)
{
  if (node == NULL || depth > 3)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        collect_filedata (json_array_get_element (arr, i), out, depth + 1);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (json_object_has_member (o, "video"))
        collect_filedata (json_object_get_member (o, "video"), out, depth + 1);
      else if (json_object_has_member (o, "url") || json_object_has_member (o, "path"))
        g_ptr_array_add (out, o);
    }
}

static gboolean
path_has_dotdot (const char *path)
{
  g_auto(GStrv) parts = g_strsplit_set (path, "/\\", -1);

  for (guint i = 0; parts[i]; i++)
    if (strcmp (parts[i], "..") == 0)
      return TRUE;
  return FALSE;
}

/* Download URL for one FileData, or NULL when unusable/unsafe. */
static char *
filedata_url (RushesGradioBackend *self,
              JsonObject          *fd,
              gboolean            *unsafe)
{
  const char *url = json_object_get_string_member_with_default (fd, "url", NULL);
  const char *path = json_object_get_string_member_with_default (fd, "path", NULL);
  const char *orig = json_object_get_string_member_with_default (fd, "orig_name", NULL);
  g_autofree char *origin = url ? rushes_http_url_get_origin (url) : NULL;

  if ((orig != NULL && !rushes_remote_is_safe_filename (orig))
      || (path != NULL && path_has_dotdot (path)))
    {
      *unsafe = TRUE;
      return NULL;
    }
  /* the URL the app gives, unless it is not usable from here */
  if (origin != NULL && strstr (origin, "://0.0.0.0:") == NULL)
    return g_strdup (url);
  if (path != NULL && *path != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *rel = g_strconcat ("/file=", escaped, NULL);
      return _rushes_gradio_backend_app_url (self, rel);
    }
  return NULL;
}

static void
cancel_other_cb (GCancellable *cancellable,
                 gpointer      other)
{
  g_cancellable_cancel (other);
}

gboolean
_rushes_gradio_backend_poll (RushesBackend            *backend,
                             const char               *remote_id,
                             RushesRemoteStatus       *status,
                             const RushesBackendCall  *call,
                             GError                  **error)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  g_autofree char *event_id = NULL;
  g_autofree char *api_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GCancellable) own = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = NULL;
  StreamState st = { 0 };
  GError *local = NULL;
  gulong handler = 0;
  gboolean ok, closed_by_cancel;
  guint n_unsafe = 0, n = 0;
  GStrv cached;

  status->progress = -1;
  status->eta_seconds = -1;

  if (!_rushes_gradio_split_remote_id (remote_id, &event_id, &api_name))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                   _("“%s” is not a Gradio job id"), remote_id ? remote_id : "");
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  cached = g_hash_table_lookup (self->results, remote_id);
  if (cached != NULL)
    {
      status->state = RUSHES_REMOTE_SUCCEEDED;
      status->progress = 1.0;
      status->results = g_strdupv (cached);
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  own = g_cancellable_new ();
  g_hash_table_replace (self->streams, g_strdup (remote_id), g_object_ref (own));
  g_mutex_unlock (&self->lock);

  if (!_rushes_gradio_backend_ensure_discovered (self, call->cancellable, &local))
    {
      g_mutex_lock (&self->lock);
      g_hash_table_remove (self->streams, remote_id);
      g_mutex_unlock (&self->lock);
      g_propagate_error (error, local);
      return FALSE;
    }

  if (call->cancellable != NULL)
    handler = g_cancellable_connect (call->cancellable, G_CALLBACK (cancel_other_cb), own, NULL);

  st.self = self;
  st.progress = call->progress;
  st.progress_data = call->progress_data;
  st.parser = rushes_sse_parser_new (sse_event_cb, &st, 64 * 1024 * 1024);
  path = g_strdup_printf ("/call%s/%s", api_name, event_id);
  url = _rushes_gradio_backend_app_url (self, path);
  if (call->progress)
    call->progress (-1, _("Waiting for the app"), call->progress_data);

  /* exactly one GET per event: closing it early cancels the job */
  ok = rushes_http_client_stream (self->http, url, "text/event-stream", stream_chunk_cb, &st, own, &local);

  if (handler != 0)
    g_cancellable_disconnect (call->cancellable, handler);
  closed_by_cancel = g_cancellable_is_cancelled (own) && !g_cancellable_is_cancelled (call->cancellable);
  rushes_sse_parser_free (st.parser);
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->streams, remote_id);
  g_mutex_unlock (&self->lock);

  if (g_cancellable_is_cancelled (call->cancellable))
    {
      g_clear_error (&local);
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return FALSE;
    }
  if (closed_by_cancel)
    {
      g_clear_error (&local);
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      status->state = RUSHES_REMOTE_CANCELLED;
      status->status = g_strdup (_("Stopped"));
      return TRUE;
    }
  if (!ok)
    {
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      _rushes_gradio_backend_propagate (self, error, local);
      return FALSE;
    }
  if (st.overflow)
    {
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The Gradio app sent an event that is too large"));
      return FALSE;
    }
  if (!st.done)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup (_("The Gradio app closed the connection without a result"));
      return TRUE;
    }
  if (st.failed)
    {
      g_clear_pointer (&st.output, json_node_unref);
      status->state = RUSHES_REMOTE_FAILED;
      status->error = st.error_text;
      return TRUE;
    }

  collect_filedata (st.output, files, 0);
  builder = g_strv_builder_new ();
  for (guint pass = 0; pass < 2 && n == 0; pass++)
    for (guint i = 0; i < files->len; i++)
      {
        JsonObject *fd = g_ptr_array_index (files, i);
        gboolean unsafe = FALSE;
        g_autofree char *file_url = NULL;

        /* videos first; any file when the app returns no video type */
        if (pass == 0 && !is_video_filedata (fd))
          continue;
        file_url = filedata_url (self, fd, &unsafe);
        if (unsafe && pass == 0)
          n_unsafe++;
        if (file_url == NULL)
          continue;
        g_strv_builder_add (builder, file_url);
        n++;
      }
  json_node_unref (st.output);

  if (n == 0)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup (n_unsafe > 0
                                ? _("The app reported a result file with an unsafe name; it was not downloaded")
                                : _("The app finished without returning a video file"));
      return TRUE;
    }

  status->state = RUSHES_REMOTE_SUCCEEDED;
  status->progress = 1.0;
  status->results = g_strv_builder_end (builder);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->results, g_strdup (remote_id), g_strdupv (status->results));
  g_mutex_unlock (&self->lock);
  return TRUE;
}
