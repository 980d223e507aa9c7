/* rushes-comfyui-events.c: what the ComfyUI WebSocket reports (execution
 * start, progress, errors) and the status a poll makes of it, with the HTTP
 * queue and history as the fallback
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"

#define MAX_TRACKS 256

void
_rushes_comfyui_track_free (gpointer track)
{
  RushesComfyuiTrack *t = track;

  g_free (t->prompt_id);
  g_free (t->error_text);
  g_free (t->current_node);
  g_free (t);
}

RushesComfyuiTrack *
_rushes_comfyui_backend_get_track_locked (RushesComfyuiBackend *self,
                                          const char           *prompt_id)
{
  RushesComfyuiTrack *t = g_hash_table_lookup (self->tracks, prompt_id);

  if (t == NULL)
    {
      if (g_hash_table_size (self->tracks) >= MAX_TRACKS)
        g_hash_table_remove_all (self->tracks);   /* stale; HTTP checks recover */
      t = g_new0 (RushesComfyuiTrack, 1);
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
  RushesComfyuiTrack *t;

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
  t = _rushes_comfyui_backend_get_track_locked (self, prompt_id);

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

RushesWebsocket *
_rushes_comfyui_backend_ensure_websocket (RushesComfyuiBackend *self)
{
  g_autofree char *url = _rushes_comfyui_backend_api_url (self, "/ws", "clientId", self->client_id, NULL);
  RushesWebsocket *ws = NULL;

  g_mutex_lock (&self->lock);
  if (self->use_websocket)
    {
      if (self->ws == NULL)
        {
          self->ws = rushes_websocket_new (url, self->extra_name, self->extra_value,
                                           ws_text_cb, self);
          rushes_websocket_start (self->ws);
        }
      ws = g_object_ref (self->ws);
    }
  g_mutex_unlock (&self->lock);
  return ws;
}

gboolean
_rushes_comfyui_backend_poll_once (RushesComfyuiBackend     *self,
                                   const char               *remote_id,
                                   RushesRemoteStatus       *status,
                                   const RushesBackendCall  *call,
                                   GError                  **error)
{
  GCancellable *cancellable = call->cancellable;
  g_autoptr(RushesWebsocket) ws = NULL;
  gboolean ws_ok;
  guint generation;
  gboolean need_http, started, sampler_done;
  guint step, steps;
  double fraction;
  gboolean found = FALSE;
  guint ahead = 0;
  int where;
  RushesComfyuiTrack *t;

  status->state = RUSHES_REMOTE_QUEUED;
  status->progress = -1;
  status->eta_seconds = -1;

  /* the routes first: the socket's address depends on them */
  if (!_rushes_comfyui_backend_prepare (self, cancellable, error))
    return FALSE;
  ws = _rushes_comfyui_backend_ensure_websocket (self);
  ws_ok = ws != NULL && rushes_websocket_is_connected (ws);
  generation = ws ? rushes_websocket_get_generation (ws) : 0;

  g_mutex_lock (&self->lock);
  t = _rushes_comfyui_backend_get_track_locked (self, remote_id);
  if (ws_ok && !t->finished && !t->failed && !t->interrupted)
    {
      guint version = t->version;
      gint64 end = g_get_monotonic_time () + (gint64) self->poll_wait_ms * 1000;

      while (t->version == version && g_get_monotonic_time () < end
             && !g_cancellable_is_cancelled (cancellable))
        {
          g_cond_wait_until (&self->cond, &self->lock, MIN (end, g_get_monotonic_time () + 50000));
          t = _rushes_comfyui_backend_get_track_locked (self, remote_id);  /* table may have been pruned */
        }
    }
  need_http = !ws_ok || t->finished || t->failed || t->interrupted
              || t->ws_generation != generation
              || g_get_monotonic_time () - t->last_http > (gint64) self->http_check_ms * 1000;
  started = t->started;
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
      if (call->progress)
        call->progress (status->progress, status->status, call->progress_data);
      return TRUE;
    }

  if (!_rushes_comfyui_backend_history_check (self, remote_id, status, &found, cancellable, error))
    return FALSE;

  if (!found)
    {
      where = _rushes_comfyui_backend_queue_find (self, remote_id, &ahead, cancellable, error);
      if (where < 0)
        return FALSE;

      if (where == 0)
        {
          /* the end event may precede the history write: look once more */
          g_usleep (300000);
          if (!_rushes_comfyui_backend_history_check (self, remote_id, status, &found, cancellable, error))
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
      t = _rushes_comfyui_backend_get_track_locked (self, remote_id);
      t->last_http = g_get_monotonic_time ();
      t->ws_generation = generation;
    }
  g_mutex_unlock (&self->lock);

  if (call->progress && !found)
    call->progress (status->progress, status->status, call->progress_data);
  return TRUE;
}
