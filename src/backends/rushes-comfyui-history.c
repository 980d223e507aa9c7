/* rushes-comfyui-history.c: the ComfyUI queue and history answers (where a
 * prompt is, how it ended, which files it made) and the result locators
 * that name those files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"
#include "rushes-remote-util.h"

int
_rushes_comfyui_backend_queue_find (RushesComfyuiBackend  *self,
                                    const char            *prompt_id,
                                    guint                 *ahead,
                                    GCancellable          *cancellable,
                                    GError               **error)
{
  g_autofree char *url = _rushes_comfyui_backend_api_url (self, "/queue", NULL);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  JsonObject *root;
  static const char *lists[] = { "queue_running", "queue_pending" };
  gint64 my_number = -1;
  int where = 0;

  node = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_comfyui_backend_propagate (self, error, local);
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
  static const char * const videos[] = { ".mp4", ".webm", ".mkv", ".mov", ".gif", ".m4v", NULL };
  static const char * const animations[] = { ".webp", ".png", NULL };
  const char *name = json_object_get_string_member_with_default (entry, "filename", "");
  const char *format = json_object_get_string_member_with_default (entry, "format", "");

  if (g_str_has_prefix (format, "video/"))
    return TRUE;
  if (strcmp (key, "gifs") == 0)
    return TRUE;
  if (rushes_remote_has_suffix (name, videos))
    return TRUE;
  return animated && rushes_remote_has_suffix (name, animations);
}

static char *
make_locator (const char *filename,
              const char *subfolder,
              const char *type)
{
  g_autofree char *f = g_uri_escape_string (filename, NULL, FALSE);
  g_autofree char *s = g_uri_escape_string (subfolder, NULL, FALSE);
  g_autofree char *t = g_uri_escape_string (type, NULL, FALSE);

  return g_strdup_printf (RUSHES_COMFYUI_LOCATOR_PREFIX "filename=%s&subfolder=%s&type=%s", f, s, t);
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

gboolean
_rushes_comfyui_backend_history_check (RushesComfyuiBackend  *self,
                                       const char            *prompt_id,
                                       RushesRemoteStatus    *status,
                                       gboolean              *found,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  g_autofree char *path = g_strconcat ("/history/", prompt_id, NULL);
  g_autofree char *url = _rushes_comfyui_backend_api_url (self, path, NULL);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  JsonNode *entry;

  *found = FALSE;
  node = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_comfyui_backend_propagate (self, error, local);
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

gboolean
_rushes_comfyui_backend_knows_job (RushesComfyuiBackend  *self,
                                   const char            *job_id,
                                   gboolean              *known,
                                   GCancellable          *cancellable,
                                   GError               **error)
{
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) job = NULL;
  GError *local = NULL;
  int where;

  *known = FALSE;
  if (!_rushes_comfyui_backend_history_check (self, job_id, NULL, known, cancellable, error))
    return FALSE;
  if (*known)
    return TRUE;

  where = _rushes_comfyui_backend_queue_find (self, job_id, NULL, cancellable, error);
  if (where < 0)
    return FALSE;
  *known = where > 0;
  if (*known)
    return TRUE;

  /* servers from 2025-12 also keep a jobs list (under /api only); older
   * ones answer 404 */
  g_mutex_lock (&self->lock);
  where = self->api_routes;
  g_mutex_unlock (&self->lock);
  if (where == 0)
    return TRUE;
  path = g_strconcat ("/jobs/", job_id, NULL);
  url = _rushes_comfyui_backend_api_url (self, path, NULL);
  job = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (job == NULL)
    {
      if (g_error_matches (local, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_NOT_FOUND))
        {
          g_error_free (local);
          return TRUE;
        }
      _rushes_comfyui_backend_propagate (self, error, local);
      return FALSE;
    }
  *known = JSON_NODE_HOLDS_OBJECT (job)
           && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (job), "id", NULL),
                         job_id) == 0;
  return TRUE;
}

gboolean
_rushes_comfyui_parse_locator (const char   *locator,
                               GHashTable  **params,
                               const char  **filename,
                               const char  **subfolder,
                               const char  **type,
                               GError      **error)
{
  if (locator == NULL || !g_str_has_prefix (locator, RUSHES_COMFYUI_LOCATOR_PREFIX)
      || (*params = g_uri_parse_params (locator + strlen (RUSHES_COMFYUI_LOCATOR_PREFIX), -1, "&",
                                        G_URI_PARAMS_NONE, NULL)) == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("Not a ComfyUI result: %s"), locator ? locator : "");
      return FALSE;
    }
  *filename = g_hash_table_lookup (*params, "filename");
  *subfolder = g_hash_table_lookup (*params, "subfolder");
  *type = g_hash_table_lookup (*params, "type");
  if (*subfolder == NULL)
    *subfolder = "";
  if (*type == NULL)
    *type = "output";
  if (!rushes_remote_is_safe_filename (*filename) || !rushes_remote_is_safe_subpath (*subfolder)
      || !valid_type (*type))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The result file name is not safe to use; it was not downloaded"));
      return FALSE;
    }
  return TRUE;
}
