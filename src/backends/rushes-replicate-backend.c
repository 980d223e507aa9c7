/* rushes-replicate-backend.c: Replicate predictions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: ../shared/protocols/replicate.md. Create with
 * POST /models/{owner}/{name}/predictions (official models) or
 * POST /predictions {"version"} (others), poll GET /predictions/{id},
 * cancel POST /predictions/{id}/cancel, download the output URLs at once
 * (deleted after an hour). The token goes only to the API origin and to
 * *.replicate.delivery, never elsewhere (the HTTP layer enforces this per
 * hop, also on redirects).
 *
 * Threads: identity and capabilities are immutable after construction; the
 * version cache is guarded by `lock`. Everything else runs on the calling
 * worker thread with its own RushesHttpClient.
 */
#define G_LOG_DOMAIN "rushes-replicate"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http.h"
#include "rushes-secrets.h"
#include "rushes-hosted-catalog.h"
#include "rushes-hosted-common.h"
#include "rushes-remote-util.h"
#include "rushes-replicate-backend.h"

#define MAX_DATA_URI_BYTES   (256 * 1024)
#define LOOKUP_MAX_PAGES     10
#define LOOKUP_SKEW_SECONDS  (10 * 60)
#define MAX_RESULTS          16

struct _RushesReplicateBackend
{
  GObject parent_instance;

  /* immutable after construction */
  char                *id;
  char                *name;
  char                *url;
  char                *key_env;
  char                *model;
  char                *state_dir;
  RushesHostedCatalog *catalog;
  guint                max_concurrent;
  guint64              max_download_bytes;
  gboolean             allow_http;

  RushesHostedKeyCache key_cache;
  GMutex               lock;
  GHashTable          *endpoints;   /* model → "models" or version id; under lock */
};

static void rushes_replicate_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesReplicateBackend, rushes_replicate_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND,
                                                      rushes_replicate_backend_iface_init))

static void
rushes_replicate_backend_finalize (GObject *object)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->url);
  g_free (self->key_env);
  g_free (self->model);
  g_free (self->state_dir);
  g_clear_object (&self->catalog);
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  _rushes_hosted_key_cache_clear (&self->key_cache);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_replicate_backend_parent_class)->finalize (object);
}

static void
rushes_replicate_backend_class_init (RushesReplicateBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_replicate_backend_finalize;
}

static void
rushes_replicate_backend_init (RushesReplicateBackend *self)
{
  g_mutex_init (&self->lock);
  _rushes_hosted_key_cache_init (&self->key_cache);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_concurrent = 2;
  self->max_download_bytes = G_GUINT64_CONSTANT (8) << 30;
}

static gboolean
config_error (GError     **error,
              const char  *message)
{
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("Replicate backend settings: %s"), message);
  return FALSE;
}

/* "owner/name" with safe characters only (it becomes part of a URL path) */
static gboolean
is_model_slug (const char *model)
{
  const char *slash;

  if (model == NULL || (slash = strchr (model, '/')) == NULL || strchr (slash + 1, '/') != NULL)
    return FALSE;
  return _rushes_hosted_is_path_segment (model, slash - model) &&
         _rushes_hosted_is_path_segment (slash + 1, strlen (slash + 1));
}

static gboolean
is_prediction_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (id[i]) && !g_ascii_islower (id[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_version_id (const char *version)
{
  if (version == NULL || strlen (version) != 64)
    return FALSE;
  for (guint i = 0; i < 64; i++)
    if (!g_ascii_isxdigit (version[i]))
      return FALSE;
  return TRUE;
}

RushesBackend *
rushes_replicate_backend_new_from_config (JsonObject  *config,
                                          GError     **error)
{
  g_autoptr(RushesReplicateBackend) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *id, *url;

  g_return_val_if_fail (config != NULL, NULL);

  id = json_object_get_string_member_with_default (config, "id", NULL);
  if (id == NULL || id[0] == '\0' || !g_utf8_validate (id, -1, NULL))
    {
      config_error (error, _("a backend needs an “id”"));
      return NULL;
    }

  self = g_object_new (RUSHES_TYPE_REPLICATE_BACKEND, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (json_object_get_string_member_with_default (config, "display_name",
                            json_object_get_string_member_with_default (config, "name", id)));

  url = json_object_get_string_member_with_default (config, "url", NULL);
  if (url == NULL || url[0] == '\0')
    url = RUSHES_REPLICATE_DEFAULT_URL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    {
      config_error (error, _("the URL must start with https://"));
      return NULL;
    }
  self->allow_http = g_strcmp0 (g_uri_get_scheme (uri), "http") == 0;
  self->url = g_strdup (url);
  /* "…/v1/" and "…/v1" are the same base */
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  if (!_rushes_hosted_read_settings (config, "replicate", RUSHES_REPLICATE_DEFAULT_MODEL, is_model_slug, config_error,
                                     &self->key_env, &self->catalog, &self->model, &self->state_dir,
                                     &self->max_concurrent, &self->max_download_bytes, error))
    return NULL;

  return RUSHES_BACKEND (g_steal_pointer (&self));
}

const char *
rushes_replicate_backend_get_url (RushesReplicateBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);
  return self->url;
}

const char *
rushes_replicate_backend_get_key_env (RushesReplicateBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);
  return self->key_env;
}

/* ---- HTTP ---------------------------------------------------------------- */

/* A client carrying the token for the API origin and Replicate's file host.
 * The token is read now (keyring or environment) and not kept. */
static RushesHttpClient *
make_client (RushesReplicateBackend  *self,
             GCancellable            *cancellable,
             GError                 **error)
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
                     _("Replicate (%s): %s"), self->name, local->message);
      return NULL;
    }

  header = g_strconcat ("Bearer ", key, NULL);
  if (!rushes_http_client_add_credential_for_url (client, self->url, "Authorization", header, error))
    return NULL;
  /* the output files' host, per the protocol notes (section 5) */
  rushes_http_client_add_credential (client, "*.replicate.delivery", "Authorization", header);
  rushes_http_client_set_download_cap (client, self->max_download_bytes);
  rushes_http_client_set_user_agent (client, "Rushes/" PACKAGE_VERSION);

  return g_steal_pointer (&client);
}

static char *
api_url (RushesReplicateBackend *self,
         const char             *path)
{
  return g_strconcat (self->url, path, NULL);
}

/* RFC 7807 problem details, or a short text */
static char *
problem_text (JsonNode *node)
{
  char *text = rushes_http_json_error_text (node);

  if (text == NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *title = json_object_get_string_member_with_default (json_node_get_object (node), "title", NULL);

      if (title != NULL)
        text = g_strdup (title);
    }
  if (text == NULL)
    text = g_strdup (_("no details given"));
  return text;
}

static void
set_status_error (GError     **error,
                  guint        status,
                  JsonNode    *node,
                  const char  *doing)
{
  g_autofree char *detail = problem_text (node);

  g_set_error (error, RUSHES_BACKEND_ERROR, _rushes_hosted_status_error_code (status),
               _("Replicate: %s failed (HTTP %u): %s"), doing, status, detail);
}

/* A prediction object must at least have an id and a status. */
static JsonObject *
as_prediction (JsonNode    *node,
               GError     **error)
{
  JsonObject *obj;
  const char *id, *status;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("Replicate answered with something that is not a prediction"));
      return NULL;
    }

  obj = json_node_get_object (node);
  id = json_object_get_string_member_with_default (obj, "id", NULL);
  status = json_object_get_string_member_with_default (obj, "status", NULL);
  if (!is_prediction_id (id) || status == NULL)
    {
      g_autofree char *detail = rushes_http_json_error_text (node);

      if (detail != NULL)
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                     _("Replicate answered without a prediction: %s"), detail);
      else
        g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                             _("Replicate answered without a valid prediction id and status"));
      return NULL;
    }

  return obj;
}

/* ---- RushesBackend --------------------------------------------------------- */

static const char *
replicate_get_id (RushesBackend *backend)
{
  return RUSHES_REPLICATE_BACKEND (backend)->id;
}

static const char *
replicate_get_kind (RushesBackend *backend)
{
  return "replicate";
}

static const char *
replicate_get_display_name (RushesBackend *backend)
{
  return RUSHES_REPLICATE_BACKEND (backend)->name;
}

static gboolean
replicate_is_remote (RushesBackend *backend)
{
  return TRUE;
}

static RushesCapabilities *
replicate_get_capabilities (RushesBackend *backend)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  RushesCapabilities *caps = rushes_hosted_catalog_get_capabilities (self->catalog, self->model, NULL);

  caps->max_concurrent = self->max_concurrent;
  return caps;
}

/* Which create endpoint a model uses; cached per backend. Returns "models"
 * or a version id. */
static char *
resolve_endpoint (RushesReplicateBackend  *self,
                  RushesHttpClient        *client,
                  const char              *model,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  const char *configured = rushes_hosted_catalog_get_endpoint (self->catalog, model);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  g_autofree char *path = NULL;
  GError *local = NULL;
  JsonObject *obj;
  char *result = NULL;

  if (g_strcmp0 (configured, "models") == 0)
    return g_strdup ("models");
  if (is_version_id (configured))
    return g_strdup (configured);

  g_mutex_lock (&self->lock);
  result = g_strdup (g_hash_table_lookup (self->endpoints, model));
  g_mutex_unlock (&self->lock);
  if (result != NULL)
    return result;

  path = g_strconcat ("/models/", model, NULL);
  url = api_url (self, path);
  node = rushes_http_client_get_json (client, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("Replicate answered with something that is not a model for %s"), model);
      return NULL;
    }
  obj = json_node_get_object (node);

  if (json_object_get_boolean_member_with_default (obj, "is_official", FALSE))
    result = g_strdup ("models");
  else
    {
      JsonNode *latest = json_object_get_member (obj, "latest_version");
      const char *version = NULL;

      if (latest != NULL && JSON_NODE_HOLDS_OBJECT (latest))
        version = json_object_get_string_member_with_default (json_node_get_object (latest), "id", NULL);
      if (version == NULL || strlen (version) > 128 || strchr (version, '/') != NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                       _("Replicate lists no version for model %s"), model);
          return NULL;
        }
      result = g_strdup (version);
    }

  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->endpoints, g_strdup (model), g_strdup (result));
  g_mutex_unlock (&self->lock);

  return result;
}

static char *
prepare_image (RushesReplicateBackend  *self,
               RushesHttpClient        *client,
               const char              *path,
               GCancellable            *cancellable,
               GError                 **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  g_autofree char *basename = NULL;
  GError *local = NULL;
  guint status = 0;
  RushesHttpPart part = { 0 };
  JsonNode *urls;

  if (path == NULL || path[0] == '\0')
    return NULL;
  if (g_str_has_prefix (path, "https://") || g_str_has_prefix (path, "data:"))
    return g_strdup (path);

  file = g_file_new_for_path (path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  if (g_file_info_get_size (info) <= MAX_DATA_URI_BYTES)
    return _rushes_hosted_file_to_data_uri (path, MAX_DATA_URI_BYTES, error);

  /* larger files: POST /files (multipart), then pass urls.get */
  basename = g_path_get_basename (path);
  part.name = "content";
  part.file_path = path;
  part.filename = basename;
  url = api_url (self, "/files");
  node = rushes_http_client_post_multipart (client, url, &part, 1, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                            &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, node, _("uploading the start image"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (urls = json_object_get_member (json_node_get_object (node), "urls")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (urls) ||
      json_object_get_string_member_with_default (json_node_get_object (urls), "get", NULL) == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("Replicate did not say where the uploaded start image is"));
      return NULL;
    }

  return g_strdup (json_object_get_string_member (json_node_get_object (urls), "get"));
}

/* Remote ids other jobs of this backend already own: a cut-off job must
 * not adopt them when inputs are identical. */
static GHashTable *
claimed_remote_ids (const char *record_path)
{
  GHashTable *claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *dir_path = g_path_get_dirname (record_path);
  g_autofree char *own = g_path_get_basename (record_path);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(JsonObject) record = NULL;
      const char *remote;

      if (g_str_equal (name, own) || !g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      record = _rushes_hosted_record_read (path);
      if (record == NULL)
        continue;
      remote = json_object_get_string_member_with_default (record, "remote_id", NULL);
      if (remote != NULL)
        g_hash_table_add (claimed, g_strdup (remote));
    }

  return claimed;
}

static gboolean
same_origin (const char *a,
             const char *b)
{
  g_autofree char *oa = rushes_http_url_get_origin (a);
  g_autofree char *ob = rushes_http_url_get_origin (b);

  return oa != NULL && g_strcmp0 (oa, ob) == 0;
}

/* Pages through GET /predictions (newest first) for the prediction the
 * record describes. */
static char *
find_in_list (RushesReplicateBackend  *self,
              RushesHttpClient        *client,
              JsonObject              *record,
              const char              *record_path,
              GCancellable            *cancellable,
              GError                 **error)
{
  g_autoptr(GHashTable) claimed = claimed_remote_ids (record_path);
  g_autofree char *next = api_url (self, "/predictions");
  const char *model = json_object_get_string_member_with_default (record, "model", "");
  const char *version = json_object_get_string_member_with_default (record, "version", NULL);
  JsonObject *input = json_object_get_object_member (record, "input");
  gint64 sent_at = json_object_get_int_member_with_default (record, "sent_at", 0);
  char *found = NULL;

  for (guint page = 0; page < LOOKUP_MAX_PAGES && next != NULL && found == NULL; page++)
    {
      g_autoptr(JsonNode) node = NULL;
      GError *local = NULL;
      JsonArray *results;
      JsonObject *obj;
      gboolean older = FALSE;
      const char *next_url;

      node = rushes_http_client_get_json (client, next, cancellable, &local);
      if (node == NULL)
        {
          _rushes_hosted_propagate_http_error (error, local, "Replicate");
          return NULL;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "results") ||
          !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (node), "results")))
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("Replicate answered the list of predictions with something else"));
          return NULL;
        }
      obj = json_node_get_object (node);
      results = json_object_get_array_member (obj, "results");

      for (guint i = 0; i < json_array_get_length (results) && found == NULL; i++)
        {
          JsonNode *item = json_array_get_element (results, i);
          JsonObject *p;
          const char *id;
          gint64 created;
          JsonNode *have_input;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          p = json_node_get_object (item);
          id = json_object_get_string_member_with_default (p, "id", NULL);
          created = _rushes_hosted_parse_time (json_object_get_string_member_with_default (p, "created_at", NULL));
          if (created != G_MININT64 && created < sent_at - LOOKUP_SKEW_SECONDS)
            {
              older = TRUE;   /* newest first: nothing further down can match */
              break;
            }
          if (!is_prediction_id (id) || g_hash_table_contains (claimed, id))
            continue;
          if (g_strcmp0 (json_object_get_string_member_with_default (p, "model", NULL), model) != 0)
            continue;
          if (version != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (p, "version", NULL), version) != 0)
            continue;
          have_input = json_object_get_member (p, "input");
          if (have_input == NULL || !JSON_NODE_HOLDS_OBJECT (have_input) ||
              !_rushes_hosted_input_matches (input, json_node_get_object (have_input)))
            continue;
          found = g_strdup (id);
        }

      g_clear_pointer (&next, g_free);
      next_url = json_object_get_string_member_with_default (obj, "next", NULL);
      if (!older && next_url != NULL && same_origin (next_url, self->url))
        next = g_strdup (next_url);
    }

  return found;
}


static char *
replicate_submit (RushesBackend            *backend,
                  RushesRecipe             *recipe,
                  const char               *job_id,
                  const RushesBackendCall  *call,
                  GError                  **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *image = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *url = NULL;
  g_autofree char *record_path = NULL;
  GError *local = NULL;
  guint status = 0;
  const char *model;
  JsonObject *prediction;

  if (!rushes_remote_is_uuid (job_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Internal error: the job id is not a lowercase UUID"));
      return NULL;
    }

  model = rushes_recipe_get_model (recipe);
  if (model == NULL || model[0] == '\0')
    model = self->model;
  if (!rushes_hosted_catalog_has_model (self->catalog, model) || !is_model_slug (model))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("model “%s” is not offered by %s"), model, self->name);
      return NULL;
    }

  /* check the input before anything goes over the network */
  input = rushes_hosted_catalog_build_input (self->catalog, model, recipe, "data:", error);
  if (input == NULL)
    return NULL;
  g_clear_pointer (&input, json_object_unref);

  if (call->progress != NULL)
    call->progress (-1, _("Submitting"), call->progress_data);

  client = make_client (self, call->cancellable, error);
  if (client == NULL)
    return NULL;

  if (rushes_recipe_get_start_image (recipe)[0] != '\0')
    {
      image = prepare_image (self, client, rushes_recipe_get_start_image (recipe), call->cancellable, error);
      if (image == NULL)
        return NULL;
    }

  input = rushes_hosted_catalog_build_input (self->catalog, model, recipe, image, error);
  if (input == NULL)
    return NULL;

  endpoint = resolve_endpoint (self, client, model, call->cancellable, error);
  if (endpoint == NULL)
    return NULL;

  body = json_object_new ();
  if (g_str_equal (endpoint, "models"))
    {
      g_autofree char *path = g_strconcat ("/models/", model, "/predictions", NULL);
      url = api_url (self, path);
    }
  else
    {
      url = api_url (self, "/predictions");
      json_object_set_string_member (body, "version", endpoint);
    }
  json_object_set_object_member (body, "input", json_object_ref (input));

  /* Journal what is about to be sent: after a crash lookup() matches it
   * against the account's recent predictions instead of sending again. */
  record_path = _rushes_hosted_record_path (self->state_dir, self->id, job_id);
  record = json_object_new ();
  json_object_set_string_member (record, "job_id", job_id);
  json_object_set_string_member (record, "model", model);
  if (!g_str_equal (endpoint, "models"))
    json_object_set_string_member (record, "version", endpoint);
  json_object_set_object_member (record, "input", json_object_ref (input));
  json_object_set_int_member (record, "sent_at", g_get_real_time () / G_USEC_PER_SEC);
  if (!_rushes_hosted_record_write (record_path, record, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
    return NULL;

  body_node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body_node, body);
  answer = rushes_http_client_request_json (client, "POST", url, body_node, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL || status >= 500)
    {
      gboolean ambiguous = answer != NULL || _rushes_hosted_error_is_ambiguous (local);

      /* the prediction may exist although the answer never arrived */
      if (ambiguous)
        {
          g_autoptr(GError) lookup_error = NULL;
          char *found = find_in_list (self, client, record, record_path, call->cancellable, &lookup_error);

          if (found != NULL)
            {
              g_clear_error (&local);
              _rushes_hosted_record_set_remote_id (record_path, record, found);
              return found;
            }
        }

      if (answer != NULL)
        set_status_error (error, status, answer, _("creating the prediction"));
      else
        _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }

  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, answer, _("creating the prediction"));
      return NULL;
    }

  prediction = as_prediction (answer, error);
  if (prediction == NULL)
    return NULL;

  _rushes_hosted_record_set_remote_id (record_path, record, json_object_get_string_member (prediction, "id"));
  return g_strdup (json_object_get_string_member (prediction, "id"));
}

static void
collect_outputs (JsonNode  *node,
                 GPtrArray *out)
{
  if (node == NULL || out->len >= MAX_RESULTS)
    return;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_str_has_prefix (s, "https://") || g_str_has_prefix (s, "http://") || g_str_has_prefix (s, "data:"))
        g_ptr_array_add (out, g_strdup (s));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_outputs (json_array_get_element (array, i), out);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        collect_outputs (json_object_get_member (obj, l->data), out);
    }
}

static gboolean
replicate_poll (RushesBackend            *backend,
                const char               *remote_id,
                RushesRemoteStatus       *out,
                const RushesBackendCall  *call,
                GError                  **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  JsonObject *p;
  const char *status;
  const char *logs;

  if (!is_prediction_id (remote_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _("Not a Replicate prediction id"));
      return FALSE;
    }

  client = make_client (self, call->cancellable, error);
  if (client == NULL)
    return FALSE;

  path = g_strconcat ("/predictions/", remote_id, NULL);
  url = api_url (self, path);
  node = rushes_http_client_get_json (client, url, call->cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return FALSE;
    }

  p = as_prediction (node, error);
  if (p == NULL)
    return FALSE;

  status = json_object_get_string_member (p, "status");
  logs = json_object_get_string_member_with_default (p, "logs", NULL);

  out->progress = -1;
  out->eta_seconds = -1;
  g_clear_pointer (&out->status, g_free);
  g_clear_pointer (&out->error, g_free);
  g_clear_pointer (&out->results, g_strfreev);

  if (g_str_equal (status, "starting"))
    {
      out->state = RUSHES_REMOTE_QUEUED;
      out->status = g_strdup (_("Starting (the model may be warming up)"));
    }
  else if (g_str_equal (status, "processing"))
    {
      out->state = RUSHES_REMOTE_RUNNING;
      out->progress = _rushes_hosted_parse_progress (logs);
      out->status = g_strdup (_("Processing"));
    }
  else if (g_str_equal (status, "succeeded"))
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);

      collect_outputs (json_object_get_member (p, "output"), results);
      if (results->len == 0)
        {
          out->state = RUSHES_REMOTE_FAILED;
          if (json_object_get_boolean_member_with_default (p, "data_removed", FALSE))
            out->error = g_strdup (_("Replicate has already deleted the result (it keeps outputs for one hour)"));
          else
            out->error = g_strdup (_("Replicate reports success but names no output file"));
        }
      else
        {
          out->state = RUSHES_REMOTE_SUCCEEDED;
          out->progress = 1.0;
          g_ptr_array_add (results, NULL);
          out->results = (GStrv) g_ptr_array_steal (results, NULL);
        }
    }
  else if (g_str_equal (status, "canceled"))
    {
      out->state = RUSHES_REMOTE_CANCELLED;
      out->status = g_strdup (_("Cancelled"));
    }
  else
    {
      /* "failed", "aborted" and any status this client does not know */
      const char *message = json_object_get_string_member_with_default (p, "error", NULL);

      out->state = RUSHES_REMOTE_FAILED;
      if (message != NULL && message[0] != '\0')
        out->error = g_strdup_printf (_("Replicate: the prediction failed: %s"), message);
      else if (g_str_equal (status, "aborted"))
        out->error = g_strdup (_("Replicate: the prediction was aborted before it ran"));
      else
        out->error = g_strdup_printf (_("Replicate: the prediction ended with status “%s”"), status);
    }

  if (call->progress != NULL)
    call->progress (out->progress, out->status, call->progress_data);

  return TRUE;
}

static gboolean
replicate_cancel (RushesBackend  *backend,
                  const char     *remote_id,
                  GCancellable   *cancellable,
                  GError        **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint status = 0;

  if (!is_prediction_id (remote_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _("Not a Replicate prediction id"));
      return FALSE;
    }

  client = make_client (self, cancellable, error);
  if (client == NULL)
    return FALSE;

  path = g_strconcat ("/predictions/", remote_id, "/cancel", NULL);
  url = api_url (self, path);
  node = rushes_http_client_request_json (client, "POST", url, NULL,
                                          RUSHES_HTTP_FLAGS_IDEMPOTENT | RUSHES_HTTP_FLAGS_NO_BODY,
                                          &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return FALSE;
    }
  if (status < 200 || status >= 300)
    {
      set_status_error (error, status, node, _("cancelling the prediction"));
      return FALSE;
    }

  return TRUE;
}

static RushesHttpClient *
backend_client (RushesBackend  *backend,
                GCancellable   *cancellable,
                GError        **error)
{
  return make_client (RUSHES_REPLICATE_BACKEND (backend), cancellable, error);
}

static gboolean
replicate_fetch (RushesBackend            *backend,
                 const char               *remote_id,
                 const char               *result,
                 const char               *dest_path,
                 const RushesBackendCall  *call,
                 GError                  **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);

  return _rushes_hosted_fetch (backend, backend_client, "Replicate", self->max_download_bytes, self->allow_http,
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
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);

  return find_in_list (self, client, record, record_path, cancellable, error);
}

static char *
replicate_lookup (RushesBackend  *backend,
                  const char     *job_id,
                  GCancellable   *cancellable,
                  GError        **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);

  return _rushes_hosted_lookup (backend, self->state_dir, job_id, is_prediction_id, backend_client, lookup_find,
                                cancellable, error);
}

/* ---- every failure leaves through the key scrubber ------------------------- */

static const char *
replicate_get_key_env_for_scrub (RushesBackend *backend)
{
  return RUSHES_REPLICATE_BACKEND (backend)->key_env;
}

static const RushesHostedOps replicate_ops = {
  .get_key_env = replicate_get_key_env_for_scrub,
  .unscrubbed = {
    .submit = replicate_submit,
    .poll = replicate_poll,
    .cancel = replicate_cancel,
    .fetch = replicate_fetch,
    .lookup = replicate_lookup,
  },
};

static void
rushes_replicate_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = replicate_get_id;
  iface->get_kind = replicate_get_kind;
  iface->get_display_name = replicate_get_display_name;
  iface->is_remote = replicate_is_remote;
  iface->get_capabilities = replicate_get_capabilities;
  _rushes_hosted_iface_init_scrubbed (iface, &replicate_ops);
  iface->discard = rushes_remote_discard;
}

static char *
replicate_test_impl (RushesReplicateBackend  *self,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  const char *user = NULL;

  client = make_client (self, cancellable, error);
  if (client == NULL)
    return NULL;

  url = api_url (self, "/account");
  node = rushes_http_client_get_json (client, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    user = json_object_get_string_member_with_default (json_node_get_object (node), "username", NULL);
  if (user == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("Replicate answered the account check with something unexpected"));
      return NULL;
    }

  return g_strdup_printf (_("The key works: signed in to Replicate as %s. Default model: %s."),
                          user, self->model);
}

char *
rushes_replicate_backend_test (RushesReplicateBackend *self,
                               GCancellable *cancellable,
                               GError **error)
{
  GError *local = NULL;
  char *summary;

  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);

  summary = replicate_test_impl (self, cancellable, &local);
  _rushes_hosted_scrub_propagate (error, local, NULL, self->id, self->key_env);
  return summary;
}
