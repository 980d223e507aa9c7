/* rushes-fal-backend.c: fal.ai queue API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: ../shared/protocols/fal.md. Submit POST {queue}/{model id} with
 * the input as body (rushes-fal-submit.c); status GET
 * …/requests/{id}/status?logs=1 (IN_QUEUE, IN_PROGRESS, COMPLETED — failures
 * also end COMPLETED); the outcome is the HTTP status of GET
 * …/requests/{id}; cancel PUT …/requests/{id}/cancel. "Authorization: Key …"
 * goes to the queue, platform API and storage origins only; result files on
 * fal's CDN are fetched without it. What every hosted backend does
 * (settings, key, records, fetch, lookup) is RushesHostedBackend's.
 *
 * Threads: immutable after construction except `cancelled` (under `lock`).
 */
#define G_LOG_DOMAIN "rushes-fal"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http.h"
#include "rushes-hosted-catalog.h"
#include "rushes-hosted-common.h"
#include "rushes-fal-backend-private.h"

#define MAX_RESULTS          16

G_DEFINE_FINAL_TYPE (RushesFalBackend, rushes_fal_backend, RUSHES_TYPE_HOSTED_BACKEND)

static void
rushes_fal_backend_finalize (GObject *object)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (object);

  g_free (self->url);
  g_free (self->api_url);
  g_free (self->storage_url);
  g_clear_pointer (&self->cancelled, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_fal_backend_parent_class)->finalize (object);
}

/* ---- ids ------------------------------------------------------------------- */

gboolean
_rushes_fal_is_endpoint_id (const char *model,
                            gsize      *app_len)
{
  g_auto(GStrv) parts = NULL;
  guint n;

  if (model == NULL)
    return FALSE;
  parts = g_strsplit (model, "/", -1);
  n = g_strv_length (parts);
  if (n < 2 || n > 6)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (!_rushes_hosted_is_path_segment (parts[i], strlen (parts[i])))
      return FALSE;
  if (app_len)
    *app_len = strlen (parts[0]) + 1 + strlen (parts[1]);
  return TRUE;
}

/* a request id: [A-Za-z0-9-], at most 64 */
static gboolean
is_request_id (const char *id)
{
  return _rushes_hosted_is_id (id, RUSHES_HOSTED_ID_ALNUM "-");
}

/* "<owner>/<app>/requests/<id>" */
static gboolean
is_remote_id (const char *remote_id)
{
  g_auto(GStrv) parts = NULL;

  if (remote_id == NULL)
    return FALSE;
  parts = g_strsplit (remote_id, "/", -1);
  return g_strv_length (parts) == 4 &&
         _rushes_hosted_is_path_segment (parts[0], strlen (parts[0])) &&
         _rushes_hosted_is_path_segment (parts[1], strlen (parts[1])) &&
         g_str_equal (parts[2], "requests") &&
         is_request_id (parts[3]);
}

char *
_rushes_fal_remote_id_for (const char *model,
                           const char *request_id)
{
  gsize app_len = 0;
  g_autofree char *app = NULL;

  if (!_rushes_fal_is_endpoint_id (model, &app_len) || !is_request_id (request_id))
    return NULL;
  app = g_strndup (model, app_len);
  return g_strconcat (app, "/requests/", request_id, NULL);
}

static gboolean
is_model_endpoint (const char *model)
{
  return _rushes_fal_is_endpoint_id (model, NULL);
}

/* ---- config ---------------------------------------------------------------- */

static gboolean
check_base_url (const char  *url,
                gboolean    *is_http)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return FALSE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "https") == 0)
    return TRUE;
  if (g_strcmp0 (g_uri_get_scheme (uri), "http") == 0)
    {
      *is_http = TRUE;
      return TRUE;
    }
  return FALSE;
}

static char *
strip_slash (const char *url)
{
  char *copy = g_strdup (url);

  if (g_str_has_suffix (copy, "/"))
    copy[strlen (copy) - 1] = '\0';
  return copy;
}

static gboolean
fal_read_urls (RushesHostedBackend  *backend,
               JsonObject           *config,
               gboolean             *allow_http,
               GError              **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  const char *url, *api_url, *storage_url;

  url = json_object_get_string_member_with_default (config, "url", NULL);
  if (url == NULL || url[0] == '\0')
    url = RUSHES_FAL_DEFAULT_URL;
  api_url = json_object_get_string_member_with_default (config, "api_url", NULL);
  if (api_url == NULL || api_url[0] == '\0')
    api_url = RUSHES_FAL_DEFAULT_API_URL;
  storage_url = json_object_get_string_member_with_default (config, "storage_url", NULL);
  if (storage_url == NULL || storage_url[0] == '\0')
    storage_url = RUSHES_FAL_DEFAULT_STORAGE_URL;
  if (!check_base_url (url, allow_http) || !check_base_url (api_url, allow_http) ||
      !check_base_url (storage_url, allow_http))
    return _rushes_hosted_backend_config_error (backend, error, _("the URL must start with https://"));
  self->url = strip_slash (url);
  self->api_url = strip_slash (api_url);
  self->storage_url = strip_slash (storage_url);

  return TRUE;
}

RushesBackend *
rushes_fal_backend_new_from_config (JsonObject  *config,
                                    GError     **error)
{
  return _rushes_hosted_backend_new_from_config (RUSHES_TYPE_FAL_BACKEND, config, error);
}

const char *
rushes_fal_backend_get_url (RushesFalBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_FAL_BACKEND (self), NULL);
  return self->url;
}

const char *
rushes_fal_backend_get_key_env (RushesFalBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_FAL_BACKEND (self), NULL);
  return _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self))->key_env;
}

/* ---- the key and the server's errors --------------------------------------- */

/* "Key", not "Bearer" (protocol notes, section 1); not to the result files'
 * hosts */
static gboolean
fal_add_credentials (RushesHostedBackend  *backend,
                     RushesHttpClient     *client,
                     const char           *header,
                     GError              **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);

  return rushes_http_client_add_credential_for_url (client, self->url, "Authorization", header, error) &&
         rushes_http_client_add_credential_for_url (client, self->api_url, "Authorization", header, error) &&
         rushes_http_client_add_credential_for_url (client, self->storage_url, "Authorization", header, error);
}

/* FastAPI-style {"detail": [{"loc": [...], "msg": "..."}]} or {"detail": "..."} */
static char *
detail_text (JsonNode *node)
{
  JsonObject *obj;
  JsonNode *detail;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return rushes_http_json_error_text (node);
  obj = json_node_get_object (node);
  detail = json_object_get_member (obj, "detail");
  if (detail != NULL && JSON_NODE_HOLDS_ARRAY (detail))
    {
      JsonArray *items = json_node_get_array (detail);
      g_autoptr(GString) s = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (items) && i < 5; i++)
        {
          JsonNode *item = json_array_get_element (items, i);
          JsonObject *o;
          JsonNode *loc;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          o = json_node_get_object (item);
          if (s->len > 0)
            g_string_append (s, "; ");
          loc = json_object_get_member (o, "loc");
          if (loc != NULL && JSON_NODE_HOLDS_ARRAY (loc))
            {
              JsonArray *la = json_node_get_array (loc);
              guint len = json_array_get_length (la);

              /* the last element names the field */
              if (len > 0)
                {
                  JsonNode *last = json_array_get_element (la, len - 1);

                  if (JSON_NODE_HOLDS_VALUE (last) && json_node_get_value_type (last) == G_TYPE_STRING)
                    g_string_append_printf (s, "%s: ", json_node_get_string (last));
                }
            }
          g_string_append (s, json_object_get_string_member_with_default (o, "msg", _("invalid value")));
        }
      if (s->len > 0)
        return g_string_free (g_steal_pointer (&s), FALSE);
    }

  return rushes_http_json_error_text (node);
}

/* ---- status ---------------------------------------------------------------- */

static void
collect_files (JsonNode   *node,
               GPtrArray  *out,
               guint       depth)
{
  if (node == NULL || out->len >= MAX_RESULTS || depth > 4)
    return;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      const char *url = json_object_get_string_member_with_default (obj, "url", NULL);
      g_autoptr(GList) members = NULL;

      if (url != NULL && json_object_get_member (obj, "url") != NULL &&
          (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://") || g_str_has_prefix (url, "data:")))
        {
          g_ptr_array_add (out, g_strdup (url));
          return;
        }
      members = json_object_get_members (obj);
      for (GList *l = members; l != NULL; l = l->next)
        collect_files (json_object_get_member (obj, l->data), out, depth + 1);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_files (json_array_get_element (array, i), out, depth + 1);
    }
}

static double
logs_progress (JsonNode *logs)
{
  double result = -1;

  if (logs == NULL || !JSON_NODE_HOLDS_ARRAY (logs))
    return -1;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (logs)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (logs), i);
      double p;

      if (!JSON_NODE_HOLDS_OBJECT (entry))
        continue;
      p = _rushes_hosted_parse_progress (json_object_get_string_member_with_default (json_node_get_object (entry),
                                                                                      "message", NULL));
      if (p >= 0)
        result = p;
    }
  return result;
}

/* The result call of a cancelled request fails like that of a failed one:
 * the cancellation is kept here and beside the submission records, so that
 * a poll after a restart still knows. */
static void
note_cancelled (RushesFalBackend *self,
                const char       *remote_id)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self));
  g_autoptr(GError) mark_error = NULL;

  g_mutex_lock (&self->lock);
  g_hash_table_add (self->cancelled, g_strdup (remote_id));
  g_mutex_unlock (&self->lock);

  if (!_rushes_hosted_cancel_mark (s->state_dir, s->id, remote_id, &mark_error))
    g_warning ("Could not note the cancellation of a fal request: %s", mark_error->message);
}

/* asked by this process, or by an earlier one (the job was re-attached
 * after a restart) */
static gboolean
was_cancelled (RushesFalBackend *self,
               const char       *remote_id)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self));
  gboolean cancelled;

  g_mutex_lock (&self->lock);
  cancelled = g_hash_table_contains (self->cancelled, remote_id);
  g_mutex_unlock (&self->lock);

  return cancelled || _rushes_hosted_cancel_is_marked (s->state_dir, s->id, remote_id);
}

static gboolean
fal_fetch_outcome (RushesFalBackend    *self,
                   RushesHttpClient    *client,
                   const char          *remote_id,
                   RushesRemoteStatus  *out,
                   GCancellable        *cancellable,
                   GError             **error)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self));
  g_autofree char *url = g_strconcat (self->url, "/", remote_id, NULL);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  guint status = 0;

  node = rushes_http_client_request_json (client, "GET", url, NULL, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                          &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "fal");
      return FALSE;
    }

  if (status >= 200 && status < 300)
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
      JsonNode *preferred = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("fal answered the result with something that is not an object"));
          return FALSE;
        }

      /* the mapping file names the output key; else any File object */
      {
        g_auto(GStrv) parts = g_strsplit (remote_id, "/", 3);
        g_autofree char *app = g_strconcat (parts[0], "/", parts[1], NULL);
        g_auto(GStrv) ids = rushes_hosted_catalog_dup_model_ids (s->catalog);

        for (guint i = 0; ids[i] != NULL && preferred == NULL; i++)
          if (g_str_has_prefix (ids[i], app) && (ids[i][strlen (app)] == '\0' || ids[i][strlen (app)] == '/'))
            {
              const char *key = rushes_hosted_catalog_get_output_key (s->catalog, ids[i]);

              if (key != NULL)
                preferred = json_object_get_member (json_node_get_object (node), key);
            }
      }
      collect_files (preferred, results, 0);
      if (results->len == 0)
        collect_files (node, results, 0);

      if (results->len == 0)
        {
          g_autofree char *detail = rushes_http_json_error_text (node);

          out->state = RUSHES_REMOTE_FAILED;
          out->error = detail
                       ? g_strdup_printf (_("fal: the request finished without a video: %s"), detail)
                       : g_strdup (_("fal: the request finished without a video"));
          return TRUE;
        }

      out->state = RUSHES_REMOTE_SUCCEEDED;
      out->progress = 1.0;
      g_ptr_array_add (results, NULL);
      out->results = (GStrv) g_ptr_array_steal (results, NULL);
      return TRUE;
    }

  if (was_cancelled (self, remote_id))
    {
      out->state = RUSHES_REMOTE_CANCELLED;
      out->status = g_strdup (_("Cancelled"));
      return TRUE;
    }

  /* the result call failing is how fal reports a failed request */
  {
    g_autofree char *detail = detail_text (node);

    out->state = RUSHES_REMOTE_FAILED;
    out->error = g_strdup_printf (_("fal: the request failed (HTTP %u): %s"), status,
                                  detail ? detail : _("no details given"));
  }
  return TRUE;
}

static gboolean
fal_poll (RushesHostedBackend      *backend,
          RushesHttpClient         *client,
          const char               *remote_id,
          RushesRemoteStatus       *out,
          const RushesBackendCall  *call,
          GError                  **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint http_status = 0;
  const char *status;
  JsonObject *obj;

  base = g_strconcat (self->url, "/", remote_id, "/status", NULL);
  url = rushes_http_build_url (base, NULL, "logs", "1", NULL);
  node = rushes_http_client_request_json (client, "GET", url, NULL, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                          &http_status, call->cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "fal");
      return FALSE;
    }
  if (http_status < 200 || http_status >= 300)
    {
      _rushes_hosted_backend_set_status_error (backend, error, http_status, node, _("checking the request"));
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (status = json_object_get_string_member_with_default (obj = json_node_get_object (node), "status", NULL)) == NULL)
    {
      g_autofree char *detail = rushes_http_json_error_text (node);

      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("fal answered the status check without a status%s%s"),
                   detail ? ": " : "", detail ? detail : "");
      return FALSE;
    }

  if (g_str_equal (status, "IN_QUEUE"))
    {
      gint64 position = json_object_get_int_member_with_default (obj, "queue_position", -1);

      out->state = RUSHES_REMOTE_QUEUED;
      out->status = position >= 0
                    ? g_strdup_printf (_("In queue (position %lld)"), (long long) position)
                    : g_strdup (_("In queue"));
    }
  else if (g_str_equal (status, "IN_PROGRESS"))
    {
      out->state = RUSHES_REMOTE_RUNNING;
      out->status = g_strdup (_("Running"));
      out->progress = logs_progress (json_object_get_member (obj, "logs"));
    }
  else
    {
      /* COMPLETED (success, failure and cancellation alike) or a status
       * this client does not know: the result call tells */
      if (!fal_fetch_outcome (self, client, remote_id, out, call->cancellable, error))
        return FALSE;
    }

  return TRUE;
}

/* ---- cancel and the key check ---------------------------------------------- */

static gboolean
fal_cancel (RushesHostedBackend  *backend,
            RushesHttpClient     *client,
            const char           *remote_id,
            GCancellable         *cancellable,
            GError              **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint status = 0;
  const char *outcome = NULL;

  url = g_strconcat (self->url, "/", remote_id, "/cancel", NULL);
  node = rushes_http_client_request_json (client, "PUT", url, NULL,
                                          RUSHES_HTTP_FLAGS_IDEMPOTENT | RUSHES_HTTP_FLAGS_NO_BODY,
                                          &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "fal");
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    outcome = json_object_get_string_member_with_default (json_node_get_object (node), "status", NULL);

  /* ALREADY_COMPLETED: nothing left to cancel; the next poll tells how it ended */
  if (g_strcmp0 (outcome, "ALREADY_COMPLETED") == 0)
    return TRUE;

  if (status < 200 || status >= 300)
    {
      _rushes_hosted_backend_set_status_error (backend, error, status, node, _("cancelling the request"));
      return FALSE;
    }

  note_cancelled (self, remote_id);
  return TRUE;
}

static char *
fal_test (RushesHostedBackend  *backend,
          RushesHttpClient     *client,
          GCancellable         *cancellable,
          GError              **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (backend);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;

  /* a cheap authenticated call: the newest request on the default endpoint */
  url = rushes_http_build_url (self->api_url, "/models/requests/by-endpoint",
                               "endpoint_id", s->model, "limit", "1", NULL);
  node = rushes_http_client_get_json (client, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "fal");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), "items"))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("fal answered the key check with something unexpected"));
      return NULL;
    }

  return g_strdup_printf (_("The key works: fal accepted it. Default model: %s."), s->model);
}

char *
rushes_fal_backend_test (RushesFalBackend  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_return_val_if_fail (RUSHES_IS_FAL_BACKEND (self), NULL);

  return _rushes_hosted_backend_test (RUSHES_HOSTED_BACKEND (self), cancellable, error);
}

/* ---- the class --------------------------------------------------------------- */

static void
rushes_fal_backend_class_init (RushesFalBackendClass *klass)
{
  RushesHostedBackendClass *hosted_class = RUSHES_HOSTED_BACKEND_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rushes_fal_backend_finalize;

  hosted_class->kind = "fal";
  hosted_class->what = "fal";
  hosted_class->default_model = RUSHES_FAL_DEFAULT_MODEL;
  hosted_class->auth_scheme = "Key";
  hosted_class->bad_remote_id = N_("Not a fal request id");
  hosted_class->submitting = N_("submitting the request");
  hosted_class->is_model_id = is_model_endpoint;
  hosted_class->is_remote_id = is_remote_id;
  hosted_class->read_urls = fal_read_urls;
  hosted_class->add_credentials = fal_add_credentials;
  hosted_class->error_detail = detail_text;
  hosted_class->poll = fal_poll;
  hosted_class->cancel = fal_cancel;
  hosted_class->test = fal_test;
  _rushes_fal_submit_class_init (hosted_class);
}

static void
rushes_fal_backend_init (RushesFalBackend *self)
{
  g_mutex_init (&self->lock);
  self->cancelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}
