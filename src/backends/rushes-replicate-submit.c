/* rushes-replicate-submit.c: creating a Replicate prediction, and finding
 * it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Official models are created with POST /models/{owner}/{name}/predictions,
 * others with POST /predictions {"version"} (which one is asked once per
 * model and cached); a start or end image over 256 KB is uploaded with
 * POST /files first, a smaller one goes inline as a data: URI. After a crash, or when the answer to the creation was lost, the
 * prediction is found by paging through GET /predictions.
 */
#define G_LOG_DOMAIN "rushes-replicate"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-hosted-common.h"
#include "rushes-replicate-backend-private.h"

#define MAX_DATA_URI_BYTES   (256 * 1024)
#define LOOKUP_MAX_PAGES     10
#define LOOKUP_SKEW_SECONDS  (10 * 60)

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

/* Which create endpoint a model uses; cached per backend. Returns "models"
 * or a version id. */
static char *
resolve_endpoint (RushesReplicateBackend  *self,
                  RushesHttpClient        *client,
                  const char              *model,
                  GCancellable            *cancellable,
                  GError                 **error)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self));
  const char *configured = rushes_hosted_catalog_get_endpoint (s->catalog, model);
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
  url = _rushes_replicate_api_url (self, path);
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

/* end: the end image (for the messages), else the start image */
static char *
prepare_image (RushesReplicateBackend  *self,
               RushesHttpClient        *client,
               const char              *path,
               gboolean                 end,
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
  url = _rushes_replicate_api_url (self, "/files");
  node = rushes_http_client_post_multipart (client, url, &part, 1, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                            &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      _rushes_hosted_backend_set_status_error (RUSHES_HOSTED_BACKEND (self), error, status, node,
                                               end ? _("uploading the end image") : _("uploading the start image"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (urls = json_object_get_member (json_node_get_object (node), "urls")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (urls) ||
      json_object_get_string_member_with_default (json_node_get_object (urls), "get", NULL) == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           end ? _("Replicate did not say where the uploaded end image is")
                               : _("Replicate did not say where the uploaded start image is"));
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
replicate_find_in_list (RushesHostedBackend  *backend,
                        RushesHttpClient     *client,
                        JsonObject           *record,
                        const char           *record_path,
                        GCancellable         *cancellable,
                        GError              **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(GHashTable) claimed = claimed_remote_ids (record_path);
  g_autofree char *next = _rushes_replicate_api_url (self, "/predictions");
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
          if (!_rushes_replicate_is_prediction_id (id) || g_hash_table_contains (claimed, id))
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
replicate_submit (RushesHostedBackend      *backend,
                  RushesRecipe             *recipe,
                  const char               *model,
                  const char               *job_id,
                  const RushesBackendCall  *call,
                  GError                  **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *image = NULL;
  g_autofree char *end_image = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *url = NULL;

  /* check the input before anything goes over the network (a model that
   * cannot honour an end image refuses here: nothing is uploaded or paid) */
  input = rushes_hosted_catalog_build_input_images (s->catalog, model, recipe, "data:", "data:", error);
  if (input == NULL)
    return NULL;
  g_clear_pointer (&input, json_object_unref);

  if (call->progress != NULL)
    call->progress (-1, _("Submitting"), call->progress_data);

  client = _rushes_hosted_backend_make_client (backend, call->cancellable, error);
  if (client == NULL)
    return NULL;

  if (rushes_recipe_get_start_image (recipe)[0] != '\0')
    {
      image = prepare_image (self, client, rushes_recipe_get_start_image (recipe), FALSE, call->cancellable, error);
      if (image == NULL)
        return NULL;
    }
  if (rushes_recipe_get_end_image (recipe)[0] != '\0')
    {
      end_image = prepare_image (self, client, rushes_recipe_get_end_image (recipe), TRUE, call->cancellable, error);
      if (end_image == NULL)
        return NULL;
    }

  input = rushes_hosted_catalog_build_input_images (s->catalog, model, recipe, image, end_image, error);
  if (input == NULL)
    return NULL;

  endpoint = resolve_endpoint (self, client, model, call->cancellable, error);
  if (endpoint == NULL)
    return NULL;

  body = json_object_new ();
  if (g_str_equal (endpoint, "models"))
    {
      g_autofree char *path = g_strconcat ("/models/", model, "/predictions", NULL);
      url = _rushes_replicate_api_url (self, path);
    }
  else
    {
      url = _rushes_replicate_api_url (self, "/predictions");
      json_object_set_string_member (body, "version", endpoint);
    }
  json_object_set_object_member (body, "input", json_object_ref (input));

  record = _rushes_hosted_record_new (job_id, model, g_str_equal (endpoint, "models") ? NULL : endpoint, input);
  return _rushes_hosted_backend_send (backend, client, record, url, body, call, error);
}

void
_rushes_replicate_submit_class_init (RushesHostedBackendClass *hosted_class)
{
  hosted_class->submit = replicate_submit;
  hosted_class->find_in_list = replicate_find_in_list;
}
