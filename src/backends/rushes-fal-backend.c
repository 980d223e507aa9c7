/* rushes-fal-backend.c: fal.ai queue API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: ../shared/protocols/fal.md. Submit POST {queue}/{model id} with
 * the input as body; status GET …/requests/{id}/status?logs=1 (IN_QUEUE,
 * IN_PROGRESS, COMPLETED — failures also end COMPLETED); the outcome is the
 * HTTP status of GET …/requests/{id}; cancel PUT …/requests/{id}/cancel.
 * "Authorization: Key …" goes to the queue and platform API origins only;
 * result files on fal's CDN are fetched without it.
 *
 * Threads: immutable after construction except `cancelled` (under `lock`).
 */
#define G_LOG_DOMAIN "rushes-fal"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "rushes-secrets.h"
#include "rushes-hosted-catalog.h"
#include "rushes-hosted-common.h"
#include "rushes-remote-util.h"
#include "rushes-fal-backend.h"

#define MAX_DATA_URI_BYTES   (256 * 1024)
#define MAX_UPLOAD_BYTES     (64 * 1024 * 1024)
#define LOOKUP_SKEW_SECONDS  (10 * 60)
#define MAX_RESULTS          16

struct _RushesFalBackend
{
  GObject parent_instance;

  /* immutable after construction */
  char                *id;
  char                *name;
  char                *url;
  char                *api_url;
  char                *storage_url;
  char                *key_env;
  char                *model;
  char                *state_dir;
  RushesHostedCatalog *catalog;
  guint                max_concurrent;
  guint64              max_download_bytes;
  gboolean             allow_http;

  RushesHostedKeyCache key_cache;
  GMutex               lock;
  GHashTable          *cancelled;   /* remote ids we asked to cancel; under lock */
};

static void rushes_fal_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesFalBackend, rushes_fal_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND,
                                                      rushes_fal_backend_iface_init))

static void
rushes_fal_backend_finalize (GObject *object)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->url);
  g_free (self->api_url);
  g_free (self->storage_url);
  g_free (self->key_env);
  g_free (self->model);
  g_free (self->state_dir);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->cancelled, g_hash_table_unref);
  _rushes_hosted_key_cache_clear (&self->key_cache);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_fal_backend_parent_class)->finalize (object);
}

static void
rushes_fal_backend_class_init (RushesFalBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_fal_backend_finalize;
}

static void
rushes_fal_backend_init (RushesFalBackend *self)
{
  g_mutex_init (&self->lock);
  _rushes_hosted_key_cache_init (&self->key_cache);
  self->cancelled = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->max_concurrent = 2;
  self->max_download_bytes = G_GUINT64_CONSTANT (8) << 30;
}

static gboolean
config_error (GError     **error,
              const char  *message)
{
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("fal backend settings: %s"), message);
  return FALSE;
}

/* "owner/app[/path…]" with safe segments; *app_len gets the length of "owner/app" */
static gboolean
is_endpoint_id (const char *model,
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

static gboolean
is_request_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (id[i]) && id[i] != '-')
      return FALSE;
  return TRUE;
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
is_model_endpoint (const char *model)
{
  return is_endpoint_id (model, NULL);
}

RushesBackend *
rushes_fal_backend_new_from_config (JsonObject  *config,
                                    GError     **error)
{
  g_autoptr(RushesFalBackend) self = NULL;
  const char *id, *url, *api_url, *storage_url;

  g_return_val_if_fail (config != NULL, NULL);

  id = json_object_get_string_member_with_default (config, "id", NULL);
  if (id == NULL || id[0] == '\0' || !g_utf8_validate (id, -1, NULL))
    {
      config_error (error, _("a backend needs an “id”"));
      return NULL;
    }

  self = g_object_new (RUSHES_TYPE_FAL_BACKEND, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (json_object_get_string_member_with_default (config, "display_name",
                            json_object_get_string_member_with_default (config, "name", id)));

  url = json_object_get_string_member_with_default (config, "url", NULL);
  if (url == NULL || url[0] == '\0')
    url = RUSHES_FAL_DEFAULT_URL;
  api_url = json_object_get_string_member_with_default (config, "api_url", NULL);
  if (api_url == NULL || api_url[0] == '\0')
    api_url = RUSHES_FAL_DEFAULT_API_URL;
  storage_url = json_object_get_string_member_with_default (config, "storage_url", NULL);
  if (storage_url == NULL || storage_url[0] == '\0')
    storage_url = RUSHES_FAL_DEFAULT_STORAGE_URL;
  if (!check_base_url (url, &self->allow_http) || !check_base_url (api_url, &self->allow_http) ||
      !check_base_url (storage_url, &self->allow_http))
    {
      config_error (error, _("the URL must start with https://"));
      return NULL;
    }
  self->url = strip_slash (url);
  self->api_url = strip_slash (api_url);
  self->storage_url = strip_slash (storage_url);

  if (!_rushes_hosted_read_settings (config, "fal", RUSHES_FAL_DEFAULT_MODEL, is_model_endpoint, config_error,
                                     &self->key_env, &self->catalog, &self->model, &self->state_dir,
                                     &self->max_concurrent, &self->max_download_bytes, error))
    return NULL;

  return RUSHES_BACKEND (g_steal_pointer (&self));
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
  return self->key_env;
}

static RushesHttpClient *
make_client (RushesFalBackend  *self,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(RushesHttpClient) client = rushes_http_client_new ();
  g_autoptr(GError) local = NULL;
  g_auto(RushesSecretKey) key = NULL;
  g_auto(RushesSecretKey) header = NULL;

  key = _rushes_hosted_key_cache_get (&self->key_cache, self->id, self->key_env, cancellable, &local);
  if (key == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH,
                     _("fal (%s): %s"), self->name, local->message);
      return NULL;
    }

  /* "Key", not "Bearer" (protocol notes, section 1) */
  header = g_strconcat ("Key ", key, NULL);
  if (!rushes_http_client_add_credential_for_url (client, self->url, "Authorization", header, error))
    return NULL;
  if (!rushes_http_client_add_credential_for_url (client, self->api_url, "Authorization", header, error))
    return NULL;
  if (!rushes_http_client_add_credential_for_url (client, self->storage_url, "Authorization", header, error))
    return NULL;
  rushes_http_client_set_download_cap (client, self->max_download_bytes);
  rushes_http_client_set_user_agent (client, "Rushes/" PACKAGE_VERSION);

  return g_steal_pointer (&client);
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

static void
set_status_error (GError     **error,
                  guint        status,
                  JsonNode    *node,
                  const char  *doing)
{
  g_autofree char *detail = detail_text (node);

  g_set_error (error, RUSHES_BACKEND_ERROR, _rushes_hosted_status_error_code (status),
               _("fal: %s failed (HTTP %u): %s"), doing, status, detail ? detail : _("no details given"));
}

static const char *
fal_get_id (RushesBackend *backend)
{
  return RUSHES_FAL_BACKEND (backend)->id;
}

static const char *
fal_get_kind (RushesBackend *backend)
{
  return "fal";
}

static const char *
fal_get_display_name (RushesBackend *backend)
{
  return RUSHES_FAL_BACKEND (backend)->name;
}

static gboolean
fal_is_remote (RushesBackend *backend)
{
  return TRUE;
}

static RushesCapabilities *
fal_get_capabilities (RushesBackend *backend)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  RushesCapabilities *caps = rushes_hosted_catalog_get_capabilities (self->catalog, self->model, NULL);

  caps->max_concurrent = self->max_concurrent;
  return caps;
}

static char *
remote_id_for (const char *model,
               const char *request_id)
{
  gsize app_len = 0;
  g_autofree char *app = NULL;

  if (!is_endpoint_id (model, &app_len) || !is_request_id (request_id))
    return NULL;
  app = g_strndup (model, app_len);
  return g_strconcat (app, "/requests/", request_id, NULL);
}

/* GET /models/requests/by-endpoint: the request whose json_input matches */
static char *
find_in_list (RushesFalBackend  *self,
              RushesHttpClient  *client,
              JsonObject        *record,
              GCancellable      *cancellable,
              GError           **error)
{
  const char *model = json_object_get_string_member_with_default (record, "model", NULL);
  JsonObject *input = json_object_get_object_member (record, "input");
  gint64 sent_at = json_object_get_int_member_with_default (record, "sent_at", 0);
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (MAX (0, sent_at - LOOKUP_SKEW_SECONDS));
  g_autofree char *start_iso = g_date_time_format_iso8601 (start);
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  JsonNode *items_node;
  JsonArray *items;

  if (!is_endpoint_id (model, NULL) || input == NULL)
    return NULL;

  url = rushes_http_build_url (self->api_url, "/models/requests/by-endpoint",
                               "endpoint_id", model, "start", start_iso, "limit", "100",
                               "expand", "payloads", NULL);
  node = rushes_http_client_get_json (client, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "fal");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (items_node = json_object_get_member (json_node_get_object (node), "items")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (items_node))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("fal answered the list of requests with something else"));
      return NULL;
    }

  items = json_node_get_array (items_node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item = json_array_get_element (items, i);
      JsonObject *o;
      JsonNode *have;
      gint64 sent;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      o = json_node_get_object (item);
      sent = _rushes_hosted_parse_time (json_object_get_string_member_with_default (o, "sent_at", NULL));
      if (sent != G_MININT64 && sent < sent_at - LOOKUP_SKEW_SECONDS)
        continue;
      have = json_object_get_member (o, "json_input");
      if (have == NULL || !JSON_NODE_HOLDS_OBJECT (have) ||
          !_rushes_hosted_input_matches (input, json_node_get_object (have)))
        continue;

      return remote_id_for (model, json_object_get_string_member_with_default (o, "request_id", NULL));
    }

  return NULL;
}


/* A start image too large for a data: URI goes to fal storage (protocol
 * notes, section 8): initiate an upload (with the key), PUT the bytes to the
 * pre-signed upload URL (another host: the key does not go there) and pass
 * the file URL in the input. The local file name is not sent. */
static char *
upload_start_image (RushesFalBackend  *self,
                    RushesHttpClient  *client,
                    const char        *path,
                    GCancellable      *cancellable,
                    GError           **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) local = NULL;
  const char *upload_url, *file_url, *sub;
  guint status = 0;

  mapped = g_mapped_file_new (path, FALSE, &local);
  if (mapped == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("Could not read the start image: %s"), local->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > MAX_UPLOAD_BYTES)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The start image is larger than %u MB"), (guint) (MAX_UPLOAD_BYTES / (1024 * 1024)));
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  mime = _rushes_hosted_image_mime_type (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (mime == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The start image is not an image file"));
      return NULL;
    }
  sub = mime + strlen ("image/");
  file_name = g_strconcat ("start.", g_str_equal (sub, "jpeg") ? "jpg" : sub, NULL);
  if (!rushes_remote_is_safe_filename (file_name))
    {
      g_free (file_name);
      file_name = g_strdup ("start");
    }

  json_object_set_string_member (request, "content_type", mime);
  json_object_set_string_member (request, "file_name", file_name);
  json_node_set_object (body, request);
  url = rushes_http_build_url (self->storage_url, "/storage/upload/initiate",
                               "storage_type", "fal-cdn-v3", NULL);
  /* an unused upload slot costs nothing: safe to ask again */
  answer = rushes_http_client_request_json (client, "POST", url, body, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                            &status, cancellable, &local);
  if (answer == NULL)
    {
      _rushes_hosted_propagate_http_error (error, g_steal_pointer (&local), "fal");
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, answer, _("uploading the start image"));
      return NULL;
    }
  upload_url = JSON_NODE_HOLDS_OBJECT (answer)
               ? json_object_get_string_member_with_default (json_node_get_object (answer), "upload_url", NULL) : NULL;
  file_url = JSON_NODE_HOLDS_OBJECT (answer)
             ? json_object_get_string_member_with_default (json_node_get_object (answer), "file_url", NULL) : NULL;
  if (upload_url == NULL || file_url == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("fal storage answered without an upload address"));
      return NULL;
    }
  if (!_rushes_hosted_check_result_url (upload_url, self->allow_http, error) ||
      !_rushes_hosted_check_result_url (file_url, self->allow_http, error))
    return NULL;

  if (!rushes_http_client_send_bytes (client, "PUT", upload_url, mime, bytes, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                      cancellable, &local))
    {
      _rushes_hosted_propagate_http_error (error, g_steal_pointer (&local), "fal");
      g_prefix_error (error, "%s ", _("Uploading the start image:"));
      return NULL;
    }
  return g_strdup (file_url);
}

static char *
fal_submit (RushesBackend            *backend,
            RushesRecipe             *recipe,
            const char               *job_id,
            const RushesBackendCall  *call,
            GError                  **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *image = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  g_autofree char *record_path = NULL;
  GError *local = NULL;
  guint status = 0;
  const char *model;
  const char *request_id;
  char *remote;

  if (!rushes_remote_is_uuid (job_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Internal error: the job id is not a lowercase UUID"));
      return NULL;
    }

  model = rushes_recipe_get_model (recipe);
  if (model == NULL || model[0] == '\0')
    model = self->model;
  if (!rushes_hosted_catalog_has_model (self->catalog, model) || !is_endpoint_id (model, NULL))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("model “%s” is not offered by %s"), model, self->name);
      return NULL;
    }

  client = make_client (self, call->cancellable, error);
  if (client == NULL)
    return NULL;

  if (rushes_recipe_get_start_image (recipe)[0] != '\0')
    {
      const char *start = rushes_recipe_get_start_image (recipe);
      GStatBuf st;

      /* small images go inline, larger ones through fal storage */
      if (g_str_has_prefix (start, "https://") || g_str_has_prefix (start, "data:"))
        image = g_strdup (start);
      else if (g_stat (start, &st) == 0 && st.st_size > MAX_DATA_URI_BYTES)
        {
          /* the recipe must suit the model (one that takes an image at
           * all, sizes…) before anything is uploaded; the stand-in URL is
           * never sent */
          g_autoptr(JsonObject) check = rushes_hosted_catalog_build_input (self->catalog, model, recipe,
                                                                           "https://fal.media/start.png", error);
          if (check == NULL)
            return NULL;
          if (call->progress != NULL)
            call->progress (-1, _("Uploading the start image"), call->progress_data);
          image = upload_start_image (self, client, start, call->cancellable, error);
          if (image == NULL)
            return NULL;
        }
      else
        {
          image = _rushes_hosted_file_to_data_uri (start, MAX_DATA_URI_BYTES, error);
          if (image == NULL)
            return NULL;
        }
    }

  input = rushes_hosted_catalog_build_input (self->catalog, model, recipe, image, error);
  if (input == NULL)
    return NULL;

  if (call->progress != NULL)
    call->progress (-1, _("Submitting"), call->progress_data);

  record_path = _rushes_hosted_record_path (self->state_dir, self->id, job_id);
  record = json_object_new ();
  json_object_set_string_member (record, "job_id", job_id);
  json_object_set_string_member (record, "model", model);
  json_object_set_object_member (record, "input", json_object_ref (input));
  json_object_set_int_member (record, "sent_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!_rushes_hosted_record_write (record_path, record, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
    return NULL;

  path = g_strconcat ("/", model, NULL);
  url = g_strconcat (self->url, path, NULL);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, input);
  answer = rushes_http_client_request_json (client, "POST", url, body, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL || status >= 500)
    {
      gboolean ambiguous = answer != NULL || _rushes_hosted_error_is_ambiguous (local);

      if (ambiguous)
        {
          g_autoptr(GError) lookup_error = NULL;
          char *found = find_in_list (self, client, record, call->cancellable, &lookup_error);

          if (found != NULL)
            {
              g_clear_error (&local);
              _rushes_hosted_record_set_remote_id (record_path, record, found);
              return found;
            }
        }

      if (answer != NULL)
        set_status_error (error, status, answer, _("submitting the request"));
      else
        _rushes_hosted_propagate_http_error (error, local, "fal");
      return NULL;
    }

  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, answer, _("submitting the request"));
      return NULL;
    }

  request_id = JSON_NODE_HOLDS_OBJECT (answer)
               ? json_object_get_string_member_with_default (json_node_get_object (answer), "request_id", NULL)
               : NULL;
  remote = remote_id_for (model, request_id);
  if (remote == NULL)
    {
      g_autofree char *detail = rushes_http_json_error_text (answer);

      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("fal answered without a valid request id%s%s"),
                   detail ? ": " : "", detail ? detail : "");
      return NULL;
    }

  _rushes_hosted_record_set_remote_id (record_path, record, remote);
  return remote;
}

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

static gboolean
fal_fetch_outcome (RushesFalBackend    *self,
                   RushesHttpClient    *client,
                   const char          *remote_id,
                   RushesRemoteStatus  *out,
                   GCancellable        *cancellable,
                   GError             **error)
{
  g_autofree char *url = g_strconcat (self->url, "/", remote_id, NULL);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  guint status = 0;
  gboolean cancelled;

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
        g_auto(GStrv) ids = rushes_hosted_catalog_dup_model_ids (self->catalog);

        for (guint i = 0; ids[i] != NULL && preferred == NULL; i++)
          if (g_str_has_prefix (ids[i], app) && (ids[i][strlen (app)] == '\0' || ids[i][strlen (app)] == '/'))
            {
              const char *key = rushes_hosted_catalog_get_output_key (self->catalog, ids[i]);

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

  /* asked by this process, or by an earlier one (the job was re-attached
   * after a restart) */
  g_mutex_lock (&self->lock);
  cancelled = g_hash_table_contains (self->cancelled, remote_id);
  g_mutex_unlock (&self->lock);
  if (!cancelled)
    cancelled = _rushes_hosted_cancel_is_marked (self->state_dir, self->id, remote_id);

  if (cancelled)
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
fal_poll (RushesBackend            *backend,
          const char               *remote_id,
          RushesRemoteStatus       *out,
          const RushesBackendCall  *call,
          GError                  **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint http_status = 0;
  const char *status;
  JsonObject *obj;

  if (!is_remote_id (remote_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _("Not a fal request id"));
      return FALSE;
    }

  client = make_client (self, call->cancellable, error);
  if (client == NULL)
    return FALSE;

  out->progress = -1;
  out->eta_seconds = -1;
  g_clear_pointer (&out->status, g_free);
  g_clear_pointer (&out->error, g_free);
  g_clear_pointer (&out->results, g_strfreev);

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
      set_status_error (error, http_status, node, _("checking the request"));
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
                    ? g_strdup_printf (_("In queue (position %" G_GINT64_FORMAT ")"), position)
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

  if (call->progress != NULL)
    call->progress (out->progress, out->status, call->progress_data);

  return TRUE;
}

static gboolean
fal_cancel (RushesBackend  *backend,
            const char     *remote_id,
            GCancellable   *cancellable,
            GError        **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint status = 0;
  const char *outcome = NULL;

  if (!is_remote_id (remote_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _("Not a fal request id"));
      return FALSE;
    }

  client = make_client (self, cancellable, error);
  if (client == NULL)
    return FALSE;

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
      set_status_error (error, status, node, _("cancelling the request"));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  g_hash_table_add (self->cancelled, g_strdup (remote_id));
  g_mutex_unlock (&self->lock);
  {
    g_autoptr(GError) mark_error = NULL;

    if (!_rushes_hosted_cancel_mark (self->state_dir, self->id, remote_id, &mark_error))
      g_warning ("Could not note the cancellation of a fal request: %s", mark_error->message);
  }
  return TRUE;
}

static RushesHttpClient *
backend_client (RushesBackend  *backend,
                GCancellable   *cancellable,
                GError        **error)
{
  return make_client (RUSHES_FAL_BACKEND (backend), cancellable, error);
}

static gboolean
fal_fetch (RushesBackend            *backend,
           const char               *remote_id,
           const char               *result,
           const char               *dest_path,
           const RushesBackendCall  *call,
           GError                  **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);

  /* the client only carries the key for fal's own API origins */
  return _rushes_hosted_fetch (backend, backend_client, "fal", self->max_download_bytes, self->allow_http,
                              result, dest_path, call->progress, call->progress_data, call->cancellable, error);
}

static char *
lookup_find (RushesBackend     *backend,
             RushesHttpClient  *client,
             JsonObject        *record,
             const char        *record_path,
             GCancellable      *cancellable,
             GError           **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);

  return find_in_list (self, client, record, cancellable, error);
}

static char *
fal_lookup (RushesBackend  *backend,
            const char     *job_id,
            GCancellable   *cancellable,
            GError        **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);

  return _rushes_hosted_lookup (backend, self->state_dir, job_id, is_remote_id, backend_client, lookup_find,
                                cancellable, error);
}

/* ---- every failure leaves through the key scrubber ------------------------- */

static const char *
fal_get_key_env_for_scrub (RushesBackend *backend)
{
  return RUSHES_FAL_BACKEND (backend)->key_env;
}

static const RushesHostedOps fal_ops = {
  .get_key_env = fal_get_key_env_for_scrub,
  .unscrubbed = {
    .submit = fal_submit,
    .poll = fal_poll,
    .cancel = fal_cancel,
    .fetch = fal_fetch,
    .lookup = fal_lookup,
  },
};

static void
rushes_fal_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = fal_get_id;
  iface->get_kind = fal_get_kind;
  iface->get_display_name = fal_get_display_name;
  iface->is_remote = fal_is_remote;
  iface->get_capabilities = fal_get_capabilities;
  _rushes_hosted_iface_init_scrubbed (iface, &fal_ops);
  iface->discard = rushes_remote_discard;
}

static char *
fal_test_impl (RushesFalBackend  *self,
                         GCancellable      *cancellable,
                         GError           **error)
{
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;

  client = make_client (self, cancellable, error);
  if (client == NULL)
    return NULL;

  /* a cheap authenticated call: the newest request on the default endpoint */
  url = rushes_http_build_url (self->api_url, "/models/requests/by-endpoint",
                               "endpoint_id", self->model, "limit", "1", NULL);
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

  return g_strdup_printf (_("The key works: fal accepted it. Default model: %s."), self->model);
}

char *
rushes_fal_backend_test (RushesFalBackend *self,
                         GCancellable *cancellable,
                         GError **error)
{
  GError *local = NULL;
  char *summary;

  g_return_val_if_fail (RUSHES_IS_FAL_BACKEND (self), NULL);

  summary = fal_test_impl (self, cancellable, &local);
  _rushes_hosted_scrub_propagate (error, local, NULL, self->id, self->key_env);
  return summary;
}
