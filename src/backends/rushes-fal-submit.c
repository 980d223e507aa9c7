/* rushes-fal-submit.c: sending a request to fal, and finding it again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Submit POSTs the input to {queue}/{endpoint id}; a start or end image over
 * 256 KB goes to fal storage first (protocol notes, section 8). After a crash, or
 * when the answer to the submission was lost, the request is found among the
 * endpoint's recent ones by its input (platform API).
 */
#define G_LOG_DOMAIN "rushes-fal"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-hosted-common.h"
#include "rushes-remote-util.h"
#include "rushes-fal-backend-private.h"

#define MAX_DATA_URI_BYTES   (256 * 1024)
#define MAX_UPLOAD_BYTES     (64 * 1024 * 1024)
#define LOOKUP_SKEW_SECONDS  (10 * 60)

/* GET /models/requests/by-endpoint: the request whose json_input matches */
static char *
fal_find_in_list (RushesHostedBackend  *backend,
                  RushesHttpClient     *client,
                  JsonObject           *record,
                  const char           *record_path,
                  GCancellable         *cancellable,
                  GError              **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
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

  if (!_rushes_fal_is_endpoint_id (model, NULL) || input == NULL)
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

      return _rushes_fal_remote_id_for (model, json_object_get_string_member_with_default (o, "request_id", NULL));
    }

  return NULL;
}

/* An image too large for a data: URI goes to fal storage (protocol notes,
 * section 8): initiate an upload (with the key), PUT the bytes to the
 * pre-signed upload URL (another host: the key does not go there) and pass
 * the file URL in the input. The local file name is not sent ("start" or
 * "end" instead). */
static char *
upload_image (RushesFalBackend  *self,
              RushesHttpClient  *client,
              const char        *path,
              gboolean           end,
              GCancellable      *cancellable,
              GError           **error)
{
  gboolean allow_http = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self))->allow_http;
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
                   end ? _("Could not read the end image: %s") : _("Could not read the start image: %s"),
                   local->message);
      return NULL;
    }
  if (g_mapped_file_get_length (mapped) > MAX_UPLOAD_BYTES)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   end ? _("The end image is larger than %u MB") : _("The start image is larger than %u MB"),
                   (guint) (MAX_UPLOAD_BYTES / (1024 * 1024)));
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);

  mime = _rushes_hosted_image_mime_type (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (mime == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                           end ? _("The end image is not an image file") : _("The start image is not an image file"));
      return NULL;
    }
  sub = mime + strlen ("image/");
  file_name = g_strconcat (end ? "end." : "start.", g_str_equal (sub, "jpeg") ? "jpg" : sub, NULL);
  if (!rushes_remote_is_safe_filename (file_name))
    {
      g_free (file_name);
      file_name = g_strdup (end ? "end" : "start");
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
      _rushes_hosted_backend_set_status_error (RUSHES_HOSTED_BACKEND (self), error, status, answer,
                                               end ? _("uploading the end image") : _("uploading the start image"));
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
  if (!_rushes_hosted_check_result_url (upload_url, allow_http, error) ||
      !_rushes_hosted_check_result_url (file_url, allow_http, error))
    return NULL;

  if (!rushes_http_client_send_bytes (client, "PUT", upload_url, mime, bytes, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                      cancellable, &local))
    {
      _rushes_hosted_propagate_http_error (error, g_steal_pointer (&local), "fal");
      g_prefix_error (error, "%s ", end ? _("Uploading the end image:") : _("Uploading the start image:"));
      return NULL;
    }
  return g_strdup (file_url);
}

/* The value the input takes for one image: a URL as given, a small file
 * inline, a larger one through fal storage. */
static char *
prepare_image (RushesFalBackend         *self,
               RushesHttpClient         *client,
               const char               *path,
               gboolean                  end,
               const RushesBackendCall  *call,
               GError                  **error)
{
  GStatBuf st;

  if (g_str_has_prefix (path, "https://") || g_str_has_prefix (path, "data:"))
    return g_strdup (path);
  if (g_stat (path, &st) == 0 && st.st_size > MAX_DATA_URI_BYTES)
    {
      if (call->progress != NULL)
        call->progress (-1, end ? _("Uploading the end image") : _("Uploading the start image"),
                        call->progress_data);
      return upload_image (self, client, path, end, call->cancellable, error);
    }
  return _rushes_hosted_file_to_data_uri (path, MAX_DATA_URI_BYTES, error);
}

static char *
fal_submit (RushesHostedBackend      *backend,
            RushesRecipe             *recipe,
            const char               *model,
            const char               *job_id,
            const RushesBackendCall  *call,
            GError                  **error)
{
  RushesFalBackend *self = RUSHES_FAL_BACKEND (backend);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (backend);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *image = NULL;
  g_autofree char *end_image = NULL;
  g_autofree char *url = NULL;

  /* the recipe must suit the model (one that takes the images at all,
   * sizes…) before anything is uploaded; the stand-in URLs are never sent */
  input = rushes_hosted_catalog_build_input_images (s->catalog, model, recipe, "https://fal.media/start.png",
                                                    "https://fal.media/end.png", error);
  if (input == NULL)
    return NULL;
  g_clear_pointer (&input, json_object_unref);

  client = _rushes_hosted_backend_make_client (backend, call->cancellable, error);
  if (client == NULL)
    return NULL;

  if (rushes_recipe_get_start_image (recipe)[0] != '\0' &&
      (image = prepare_image (self, client, rushes_recipe_get_start_image (recipe), FALSE, call, error)) == NULL)
    return NULL;
  if (rushes_recipe_get_end_image (recipe)[0] != '\0' &&
      (end_image = prepare_image (self, client, rushes_recipe_get_end_image (recipe), TRUE, call, error)) == NULL)
    return NULL;

  input = rushes_hosted_catalog_build_input_images (s->catalog, model, recipe, image, end_image, error);
  if (input == NULL)
    return NULL;

  if (call->progress != NULL)
    call->progress (-1, _("Submitting"), call->progress_data);

  url = g_strconcat (self->url, "/", model, NULL);
  record = _rushes_hosted_record_new (job_id, model, NULL, input);
  return _rushes_hosted_backend_send (backend, client, record, url, input, call, error);
}

static char *
fal_answer_remote_id (RushesHostedBackend  *backend,
                      const char           *model,
                      JsonNode             *answer,
                      GError              **error)
{
  const char *request_id;
  char *remote;

  request_id = JSON_NODE_HOLDS_OBJECT (answer)
               ? json_object_get_string_member_with_default (json_node_get_object (answer), "request_id", NULL)
               : NULL;
  remote = _rushes_fal_remote_id_for (model, request_id);
  if (remote == NULL)
    {
      g_autofree char *detail = rushes_http_json_error_text (answer);

      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("fal answered without a valid request id%s%s"),
                   detail ? ": " : "", detail ? detail : "");
      return NULL;
    }

  return remote;
}

void
_rushes_fal_submit_class_init (RushesHostedBackendClass *hosted_class)
{
  hosted_class->submit = fal_submit;
  hosted_class->answer_remote_id = fal_answer_remote_id;
  hosted_class->find_in_list = fal_find_in_list;
}
