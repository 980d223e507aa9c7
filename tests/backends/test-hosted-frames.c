/* test-hosted-frames.c: start and end images on Replicate and fal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One fake API host (127.0.0.1) speaks just enough of both services to
 * create a job: Replicate's GET /v1/models/{owner}/{name}, POST
 * …/predictions and POST /v1/files; fal's POST /queue/{endpoint} and
 * /storage/upload/initiate. A second host (127.0.0.2) takes fal's
 * pre-signed uploads and must never see the key. The create body must
 * carry both images in the inputs the model's catalog entry names; a model
 * that cannot honour an end image refuses before any request.
 */
#include <string.h>
#include <curl/curl.h>

#include "rushes-fal-backend.h"
#include "rushes-hosted-catalog.h"
#include "rushes-replicate-backend.h"
#include "rushes-secrets.h"
#include "test-common.h"
#include "test-util.h"

#define SMALL_BYTES  2000
#define LARGE_BYTES  (300 * 1024)   /* over the 256 KB of a data: URI */

typedef struct
{
  FakeServer *api;
  FakeServer *files;
  char       *dir;
  char       *small_start;
  char       *small_end;
  char       *large_end;

  GMutex      lock;          /* the server threads write the fields below */
  char       *create_body;   /* the last prediction / queue submission */
  guint       n_initiate;
  GPtrArray  *put_bodies;    /* GBytes PUT to the files host */
} Fixture;

static char *
body_text (SoupServerMessage *msg)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
api_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_autofree char *answer = NULL;

  if (g_strcmp0 (auth, "Bearer " TEST_CANARY) != 0 && g_strcmp0 (auth, "Key " TEST_CANARY) != 0)
    {
      fake_reply_json (msg, 401, "{\"detail\": \"Invalid key\"}");
      return;
    }

  if (g_str_equal (method, "GET") && g_str_has_prefix (path, "/v1/models/"))
    fake_reply_json (msg, 200, "{\"is_official\": true, \"latest_version\": null}");
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/v1/files"))
    {
      answer = g_strdup_printf ("{\"id\": \"file-end\", \"urls\": {\"get\": \"%s/v1/files/file-end\"},"
                                " \"content_type\": \"image/png\", \"size\": %u}",
                                fake_server_get_url (f->api), LARGE_BYTES);
      fake_reply_json (msg, 201, answer);
    }
  else if (g_str_equal (method, "POST") && g_str_has_prefix (path, "/v1/models/")
           && g_str_has_suffix (path, "/predictions"))
    {
      g_mutex_lock (&f->lock);
      g_free (f->create_body);
      f->create_body = body_text (msg);
      g_mutex_unlock (&f->lock);
      answer = g_strdup_printf ("{\"id\": \"pred0001xyz\", \"model\": \"m\", \"version\": \"hidden\", \"input\": {},"
                                " \"output\": null, \"error\": null, \"status\": \"starting\", \"data_removed\": false,"
                                " \"created_at\": \"2026-03-16T10:00:00.000000Z\","
                                " \"urls\": {\"get\": \"%s/v1/predictions/pred0001xyz\","
                                " \"cancel\": \"%s/v1/predictions/pred0001xyz/cancel\"}}",
                                fake_server_get_url (f->api), fake_server_get_url (f->api));
      fake_reply_json (msg, 201, answer);
    }
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/storage/upload/initiate"))
    {
      g_mutex_lock (&f->lock);
      f->n_initiate++;
      g_mutex_unlock (&f->lock);
      answer = g_strdup_printf ("{\"upload_url\": \"%s/upload/end?signature=abc\", \"file_url\": \"%s/cdn/end.png\"}",
                                fake_server_get_url (f->files), fake_server_get_url (f->files));
      fake_reply_json (msg, 200, answer);
    }
  else if (g_str_equal (method, "POST") && g_str_has_prefix (path, "/queue/"))
    {
      const char *app = path + strlen ("/queue/");

      g_mutex_lock (&f->lock);
      g_free (f->create_body);
      f->create_body = body_text (msg);
      g_mutex_unlock (&f->lock);
      answer = g_strdup_printf ("{\"status\": \"IN_QUEUE\", \"request_id\": \"764cabcf-b745-4b3e-ae38-000000000001\","
                                " \"response_url\": \"%s/queue/%s/requests/764cabcf-b745-4b3e-ae38-000000000001\","
                                " \"status_url\": \"%s/queue/%s/requests/764cabcf-b745-4b3e-ae38-000000000001/status\","
                                " \"cancel_url\": \"%s/queue/%s/requests/764cabcf-b745-4b3e-ae38-000000000001/cancel\"}",
                                fake_server_get_url (f->api), app, fake_server_get_url (f->api), app,
                                fake_server_get_url (f->api), app);
      fake_reply_json (msg, 200, answer);
    }
  else
    fake_reply_json (msg, 404, "{\"detail\": \"Not found\"}");
}

static void
files_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;

  if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
    {
      g_mutex_lock (&f->lock);
      g_ptr_array_add (f->put_bodies, soup_message_body_flatten (soup_server_message_get_request_body (msg)));
      g_mutex_unlock (&f->lock);
      fake_reply_text (msg, 200, "text/plain", "");
      return;
    }
  fake_reply_text (msg, 404, "text/plain", "");
}

static char *
write_png (const char *dir,
           const char *name,
           gsize       size,
           guint8      fill)
{
  char *path = g_build_filename (dir, name, NULL);
  guint8 *bytes = g_malloc (size);
  static const guint8 magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  memset (bytes, fill, size);
  memcpy (bytes, magic, sizeof magic);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, size, NULL));
  g_free (bytes);
  return path;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_mutex_init (&f->lock);
  f->put_bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->api = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->api, "/*", api_cb, f);
  fake_server_start (f->api);
  f->files = fake_server_new ("127.0.0.2");
  fake_server_add_handler (f->files, "/*", files_cb, f);
  fake_server_start (f->files);

  f->dir = test_make_tmp_dir ("rushes-hosted-frames-XXXXXX");
  f->small_start = write_png (f->dir, "shot.start.png", SMALL_BYTES, 0x21);
  f->small_end = write_png (f->dir, "shot.end.png", SMALL_BYTES, 0x7e);
  f->large_end = write_png (f->dir, "big.end.png", LARGE_BYTES, 0x5a);

  g_assert_true (rushes_secrets_store_sync ("test-replicate", NULL, TEST_CANARY, NULL, NULL));
  g_assert_true (rushes_secrets_store_sync ("test-fal", NULL, TEST_CANARY, NULL, NULL));
}

static void
teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->dir);
  /* the key goes to the API host only, never to the upload host */
  g_assert_false (fake_server_saw_header (f->files, "Authorization"));

  fake_server_free (f->api);
  fake_server_free (f->files);
  g_ptr_array_unref (f->put_bodies);
  g_free (f->create_body);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->small_start);
  g_free (f->small_end);
  g_free (f->large_end);
  g_mutex_clear (&f->lock);
}

static RushesBackend *
make_backend (Fixture    *f,
              const char *kind,
              const char *model)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  RushesBackend *backend;

  json_object_set_string_member (config, "id", g_str_equal (kind, "fal") ? "test-fal" : "test-replicate");
  json_object_set_string_member (config, "model", model);
  json_object_set_string_member (config, "state_dir", f->dir);
  if (g_str_equal (kind, "fal"))
    {
      base = g_strdup_printf ("%s/queue", fake_server_get_url (f->api));
      json_object_set_string_member (config, "url", base);
      json_object_set_string_member (config, "storage_url", fake_server_get_url (f->api));
      backend = rushes_fal_backend_new_from_config (config, &error);
    }
  else
    {
      base = g_strdup_printf ("%s/v1", fake_server_get_url (f->api));
      json_object_set_string_member (config, "url", base);
      backend = rushes_replicate_backend_new_from_config (config, &error);
    }
  g_assert_no_error (error);
  return backend;
}

static RushesRecipe *
make_recipe (const char *start,
             const char *end)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "the paper boat drifts from the reeds to open water");
  rushes_recipe_set_seed (recipe, 42);
  if (start != NULL)
    rushes_recipe_set_start_image (recipe, start);
  if (end != NULL)
    rushes_recipe_set_end_image (recipe, end);
  return recipe;
}

/* Gives recipe the model's defaults (size, fps, length…) as the app does. */
static void
apply_defaults (RushesBackend *backend,
                RushesRecipe  *recipe,
                const char    *model)
{
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_model_capabilities (backend, model);

  rushes_capabilities_apply_defaults (caps, recipe, RUSHES_FIELD_NONE);
}

static JsonObject *
submit_and_read_input (Fixture       *f,
                       RushesBackend *backend,
                       RushesRecipe  *recipe,
                       gboolean       wrapped)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job = g_uuid_string_random ();
  g_autofree char *remote = rushes_backend_submit (backend, recipe, job, NULL, NULL, NULL, &error);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *obj;

  g_assert_no_error (error);
  g_assert_nonnull (remote);
  g_mutex_lock (&f->lock);
  body = json_from_string (f->create_body, &error);
  g_mutex_unlock (&f->lock);
  g_assert_no_error (error);
  obj = json_node_get_object (body);
  if (wrapped)
    obj = json_object_get_object_member (obj, "input");
  return json_object_ref (obj);
}

/* value is a data: URI of exactly the file's bytes */
static void
assert_data_uri_of (const char *value,
                    const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree guchar *decoded = NULL;
  gsize length, decoded_length;

  g_assert_nonnull (value);
  g_assert_true (g_str_has_prefix (value, "data:image/png;base64,"));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  decoded = g_base64_decode (value + strlen ("data:image/png;base64,"), &decoded_length);
  g_assert_cmpmem (decoded, decoded_length, contents, length);
}

static void
test_replicate_both_images (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f, "replicate", "kwaivgi/kling-v2.1");
  g_autoptr(RushesRecipe) recipe = make_recipe (f->small_start, f->small_end);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_model_capabilities (backend, "kwaivgi/kling-v2.1");

  g_assert_true (caps->fields & RUSHES_FIELD_START_IMAGE);
  g_assert_true (caps->fields & RUSHES_FIELD_END_IMAGE);

  /* small images go inline, each in its own input */
  apply_defaults (backend, recipe, "kwaivgi/kling-v2.1");
  input = submit_and_read_input (f, backend, recipe, TRUE);
  assert_data_uri_of (json_object_get_string_member (input, "start_image"), f->small_start);
  assert_data_uri_of (json_object_get_string_member (input, "end_image"), f->small_end);
  g_assert_cmpstr (json_object_get_string_member (input, "mode"), ==, "pro");
  g_assert_cmpint (json_object_get_int_member (input, "duration"), ==, 5);
  g_assert_false (json_object_has_member (input, "image"));
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/files"), ==, 0);
  g_clear_pointer (&input, json_object_unref);

  /* a large end image goes through POST /files and the input takes its URL */
  rushes_recipe_set_end_image (recipe, f->large_end);
  input = submit_and_read_input (f, backend, recipe, TRUE);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/files"), ==, 1);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (input, "end_image"), "/v1/files/file-end"));
  assert_data_uri_of (json_object_get_string_member (input, "start_image"), f->small_start);
}

static void
test_fal_both_images (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f, "fal", "fal-ai/wan-flf2v");
  g_autoptr(RushesRecipe) recipe = make_recipe (f->small_start, f->large_end);
  g_autoptr(JsonObject) input = NULL;
  g_autofree char *end_contents = NULL;
  g_autofree char *file_url = g_strconcat (fake_server_get_url (f->files), "/cdn/end.png", NULL);
  gsize end_length;
  GBytes *put;

  /* a small start image inline, a large end image through fal storage:
   * the bytes PUT to the upload host, the file URL in end_image_url */
  apply_defaults (backend, recipe, "fal-ai/wan-flf2v");
  input = submit_and_read_input (f, backend, recipe, FALSE);
  assert_data_uri_of (json_object_get_string_member (input, "start_image_url"), f->small_start);
  g_assert_cmpstr (json_object_get_string_member (input, "end_image_url"), ==, file_url);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/queue/fal-ai/wan-flf2v"), ==, 1);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->n_initiate, ==, 1);
  g_assert_cmpuint (f->put_bodies->len, ==, 1);
  put = g_ptr_array_index (f->put_bodies, 0);
  g_assert_true (g_file_get_contents (f->large_end, &end_contents, &end_length, NULL));
  g_assert_cmpmem (g_bytes_get_data (put, NULL), g_bytes_get_size (put), end_contents, end_length);
  g_mutex_unlock (&f->lock);
  g_clear_pointer (&input, json_object_unref);

  /* Kling on fal names the last frame tail_image_url */
  {
    const char *kling = "fal-ai/kling-video/v2.5-turbo/pro/image-to-video";
    g_autoptr(RushesBackend) other = make_backend (f, "fal", kling);
    g_autoptr(RushesRecipe) small = make_recipe (f->small_start, f->small_end);

    apply_defaults (other, small, kling);
    input = submit_and_read_input (f, other, small, FALSE);
    assert_data_uri_of (json_object_get_string_member (input, "image_url"), f->small_start);
    assert_data_uri_of (json_object_get_string_member (input, "tail_image_url"), f->small_end);
  }
}

/* A model without an end image input refuses it before any request, and
 * so does a first-last-frame model given an end image but no start image:
 * nothing is uploaded, nothing is paid. */
static void
test_refused_before_any_request (Fixture *f, gconstpointer data)
{
  static const struct { const char *kind, *model; gboolean start, honours_end; } cases[] = {
    { "replicate", "lightricks/ltx-video", TRUE, FALSE },
    { "replicate", "wan-video/wan-2.2-t2v-fast", FALSE, FALSE },
    { "replicate", "kwaivgi/kling-v2.1", FALSE, TRUE },
    { "fal", "fal-ai/hunyuan-video-v1.5/image-to-video", TRUE, FALSE },
    { "fal", "fal-ai/mochi-v1", FALSE, FALSE },
    { "fal", "fal-ai/wan-flf2v", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RushesBackend) backend = make_backend (f, cases[i].kind, cases[i].model);
      g_autoptr(RushesRecipe) recipe = make_recipe (cases[i].start ? f->small_start : NULL, f->large_end);
      g_autoptr(RushesCapabilities) caps = rushes_backend_get_model_capabilities (backend, cases[i].model);
      g_autoptr(GError) error = NULL;
      g_autofree char *job = g_uuid_string_random ();
      g_autofree char *remote = NULL;
      g_autoptr(GPtrArray) api_requests = NULL;
      g_autoptr(GPtrArray) file_requests = NULL;

      g_assert_cmpint (!!(caps->fields & RUSHES_FIELD_END_IMAGE), ==, cases[i].honours_end);
      apply_defaults (backend, recipe, cases[i].model);
      remote = rushes_backend_submit (backend, recipe, job, NULL, NULL, NULL, &error);
      g_assert_null (remote);
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, cases[i].model));
      api_requests = fake_server_get_requests (f->api);
      file_requests = fake_server_get_requests (f->files);
      g_assert_cmpuint (api_requests->len, ==, 0);
      g_assert_cmpuint (file_requests->len, ==, 0);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add ("/hosted-frames/replicate-both-images", Fixture, NULL, setup, test_replicate_both_images, teardown);
  g_test_add ("/hosted-frames/fal-both-images", Fixture, NULL, setup, test_fal_both_images, teardown);
  g_test_add ("/hosted-frames/refused-before-any-request", Fixture, NULL, setup,
              test_refused_before_any_request, teardown);

  return g_test_run ();
}
