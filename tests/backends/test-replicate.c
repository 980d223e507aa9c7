/* test-replicate.c: the Replicate backend against a fake Replicate API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server "api" (127.0.0.1) speaks the predictions API under /v1 and insists
 * on "Authorization: Bearer <canary>"; server "files" (127.0.0.2, another
 * host) serves the output files and must never see an Authorization header.
 */
#include <signal.h>
#include <time.h>
#include <utime.h>
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-secrets.h"
#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-journal.h"
#include "rushes-replicate-backend.h"
#include "rushes-job-private.h"
#include "test-common.h"
#include "test-util.h"

#define VERSION_ID "5ddec8226ab3bd0c3d1a7c7a0a3d0b4e8f0a1b2c3d4e5f60718293a4b5c6d7e8"
#define KEY_ENV    "RUSHES_TEST_REPLICATE_KEY"
#define JOB_A      "0f8e5a1c-1111-4a2b-9c3d-0123456789ab"
#define JOB_B      "0f8e5a1c-2222-4a2b-9c3d-0123456789ab"

typedef struct
{
  char      *id;
  char      *model;
  char      *version;
  JsonNode  *input;
  char      *status;
  char      *created_at;
  guint      polls;
} Pred;

typedef struct
{
  GMutex      lock;
  FakeServer *api;
  FakeServer *files;
  char       *base;
  char       *dir;
  GHashTable *preds;      /* id → Pred */
  GPtrArray  *order;      /* Pred, oldest first */
  guint       counter;
  GBytes     *video;
  GPtrArray  *held;       /* SoupServerMessage, creates never answered */

  /* knobs (set before the requests) */
  gboolean    official;
  guint       processing_polls;
  const char *final_status;
  const char *final_error;
  char       *output_json;       /* NULL: one URL on the files server */
  guint       create_429;        /* answer 429 this many times first */
  gboolean    create_500_after;  /* create, then answer 500 */
  guint       list_lags;         /* the list leaves out the newest prediction this many times */
  gboolean    create_422;
  gboolean    hold_create;
  guint       get_503;
  gboolean    data_removed;
  guint       override_status;
  const char *override_type;
  const char *override_body;
} Fixture;

static void
pred_free (gpointer data)
{
  Pred *p = data;

  g_free (p->id);
  g_free (p->model);
  g_free (p->version);
  json_node_unref (p->input);
  g_free (p->status);
  g_free (p->created_at);
  g_free (p);
}

static char *
pred_to_json (Fixture *f,
              Pred    *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *get = g_strdup_printf ("%s/predictions/%s", f->base, p->id);
  g_autofree char *cancel = g_strdup_printf ("%s/predictions/%s/cancel", f->base, p->id);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, p->id);
  json_builder_set_member_name (b, "model");
  json_builder_add_string_value (b, p->model);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, p->version ? p->version : "hidden");
  json_builder_set_member_name (b, "input");
  json_builder_add_value (b, json_node_copy (p->input));
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, p->status);
  json_builder_set_member_name (b, "created_at");
  json_builder_add_string_value (b, p->created_at);
  json_builder_set_member_name (b, "data_removed");
  json_builder_add_boolean_value (b, f->data_removed);
  json_builder_set_member_name (b, "logs");
  json_builder_add_string_value (b, g_str_equal (p->status, "processing") ? "loading\n 45%|████      | 9/20 [00:10<00:12]" : "");
  json_builder_set_member_name (b, "error");
  if (g_str_equal (p->status, "failed") && f->final_error)
    json_builder_add_string_value (b, f->final_error);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "output");
  if (g_str_equal (p->status, "succeeded") && !f->data_removed)
    {
      g_autofree char *def = g_strdup_printf ("[\"%s/files/out.mp4\"]", fake_server_get_url (f->files));
      json_builder_add_value (b, json_from_string (f->output_json ? f->output_json : def, NULL));
    }
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "urls");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "get");
  json_builder_add_string_value (b, get);
  json_builder_set_member_name (b, "cancel");
  json_builder_add_string_value (b, cancel);
  json_builder_set_member_name (b, "web");
  json_builder_add_string_value (b, "https://replicate.com/p/x");
  json_builder_end_object (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static void
problem (SoupServerMessage *msg, guint status, const char *detail)
{
  g_autofree char *body = g_strdup_printf ("{\"type\": \"about:blank\", \"title\": \"Error\", \"status\": %u, \"detail\": \"%s\"}",
                                           status, detail);
  fake_reply_text (msg, status, "application/problem+json", body);
}

static void
create (Fixture *f, SoupServerMessage *msg, const char *model, gboolean with_version)
{
  GBytes *body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (body, NULL), NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  JsonObject *obj;
  Pred *p;
  g_autofree char *json = NULL;

  g_bytes_unref (body);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (obj = json_node_get_object (node), "input") ||
      (with_version != json_object_has_member (obj, "version")))
    {
      problem (msg, 422, "Invalid request body");
      return;
    }

  if (f->create_429 > 0)
    {
      f->create_429--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      problem (msg, 429, "Request was throttled. Your rate limit resets in ~1s.");
      return;
    }
  if (f->create_422)
    {
      problem (msg, 422, "- input.num_frames: Must be less than or equal to 100");
      return;
    }

  p = g_new0 (Pred, 1);
  p->id = g_strdup_printf ("pred%04uxyz", ++f->counter);
  p->model = g_strdup (model);
  p->version = with_version ? g_strdup (json_object_get_string_member (obj, "version")) : NULL;
  p->input = json_node_copy (json_object_get_member (obj, "input"));
  p->status = g_strdup ("starting");
  p->created_at = g_date_time_format_iso8601 (now);
  g_hash_table_insert (f->preds, p->id, p);
  g_ptr_array_add (f->order, p);

  if (f->hold_create)
    {
      /* the answer never comes: the client is killed meanwhile */
      soup_server_message_pause (msg);
      g_ptr_array_add (f->held, g_object_ref (msg));
      return;
    }
  if (f->create_500_after)
    {
      f->create_500_after = FALSE;
      fake_reply_text (msg, 500, "text/plain", "Internal Server Error");
      return;
    }

  json = pred_to_json (f, p);
  fake_reply_json (msg, 201, json);
}

static void
advance (Fixture *f, Pred *p)
{
  if (g_str_equal (p->status, "starting"))
    {
      g_free (p->status);
      p->status = g_strdup ("processing");
    }
  else if (g_str_equal (p->status, "processing"))
    {
      if (++p->polls > f->processing_polls)
        {
          g_free (p->status);
          p->status = g_strdup (f->final_status);
        }
    }
}

static void
api_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);   /* "", "v1", … */
  guint n = g_strv_length (parts);

  g_mutex_lock (&f->lock);

  if (g_strcmp0 (auth, "Bearer " TEST_CANARY) != 0)
    {
      problem (msg, 401, "Invalid token.");
      goto out;
    }

  if (n == 5 && g_str_equal (parts[2], "models") && g_str_equal (method, "GET"))
    {
      g_autofree char *json = g_strdup_printf ("{\"owner\": \"%s\", \"name\": \"%s\", \"is_official\": %s,"
                                               " \"latest_version\": {\"id\": \"" VERSION_ID "\"}}",
                                               parts[3], parts[4], f->official ? "true" : "false");
      fake_reply_json (msg, 200, json);
    }
  else if (n == 6 && g_str_equal (parts[2], "models") && g_str_equal (parts[5], "predictions") &&
           g_str_equal (method, "POST"))
    {
      g_autofree char *model = g_strdup_printf ("%s/%s", parts[3], parts[4]);
      create (f, msg, model, FALSE);
    }
  else if (n == 3 && g_str_equal (parts[2], "predictions") && g_str_equal (method, "POST"))
    create (f, msg, "lightricks/ltx-video", TRUE);
  else if (n == 3 && g_str_equal (parts[2], "account"))
    fake_reply_json (msg, 200, "{\"type\": \"user\", \"username\": \"tester\", \"name\": \"Test\"}");
  else if (n == 3 && g_str_equal (parts[2], "predictions") && g_str_equal (method, "GET"))
    {
      g_autoptr(GString) s = g_string_new ("{\"next\": null, \"previous\": null, \"results\": [");
      guint newest = f->order->len;

      if (f->list_lags > 0 && newest > 0)
        {
          f->list_lags--;
          newest--;
        }
      for (guint i = newest; i > 0; i--)
        {
          g_autofree char *json = pred_to_json (f, g_ptr_array_index (f->order, i - 1));
          g_string_append_printf (s, "%s%s", i < newest ? "," : "", json);
        }
      g_string_append (s, "]}");
      fake_reply_json (msg, 200, s->str);
    }
  else if (n == 4 && g_str_equal (parts[2], "predictions") && g_str_equal (method, "GET"))
    {
      Pred *p = g_hash_table_lookup (f->preds, parts[3]);
      g_autofree char *json = NULL;

      if (f->get_503 > 0)
        {
          f->get_503--;
          fake_reply_text (msg, 503, "text/html", "<html><body>Service Unavailable</body></html>");
        }
      else if (f->override_status != 0)
        fake_reply_text (msg, f->override_status, f->override_type, f->override_body);
      else if (p == NULL)
        problem (msg, 404, "Not found.");
      else
        {
          json = pred_to_json (f, p);
          fake_reply_json (msg, 200, json);
          advance (f, p);
        }
    }
  else if (n == 5 && g_str_equal (parts[2], "predictions") && g_str_equal (parts[4], "cancel") &&
           g_str_equal (method, "POST"))
    {
      Pred *p = g_hash_table_lookup (f->preds, parts[3]);
      g_autofree char *json = NULL;

      if (p == NULL)
        problem (msg, 404, "Not found.");
      else
        {
          g_free (p->status);
          p->status = g_strdup ("canceled");
          json = pred_to_json (f, p);
          fake_reply_json (msg, 200, json);
        }
    }
  else
    problem (msg, 404, "Unknown route.");

out:
  g_mutex_unlock (&f->lock);
}

static void
files_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;

  fake_reply_bytes (msg, 200, "video/mp4", f->video);
}

static void
redirect_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  g_autofree char *target = g_strdup_printf ("%s/files/redirected.mp4", fake_server_get_url (f->files));

  soup_server_message_set_redirect (msg, 302, target);
}

static RushesBackend *
make_backend (Fixture *f, const char *model, GError **error)
{
  g_autoptr(JsonObject) config = json_object_new ();

  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "name", "Test Replicate");
  json_object_set_string_member (config, "url", f->base);
  json_object_set_string_member (config, "model", model);
  json_object_set_string_member (config, "state_dir", f->dir);
  json_object_set_int_member (config, "max_download_bytes", 1 << 20);
  return rushes_replicate_backend_new_from_config (config, error);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint8 bytes[3000];
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->lock);
  f->preds = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, pred_free);
  f->order = g_ptr_array_new ();
  f->held = g_ptr_array_new_with_free_func (g_object_unref);
  f->official = TRUE;
  f->processing_polls = 1;
  f->final_status = "succeeded";
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 7 + 3);
  f->video = g_bytes_new (bytes, sizeof bytes);

  f->api = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->api, "/v1/*", api_cb, f);
  fake_server_add_handler (f->api, "/redirect/*", redirect_cb, f);
  fake_server_start (f->api);
  f->files = fake_server_new ("127.0.0.2");
  fake_server_add_handler (f->files, "/*", files_cb, f);
  fake_server_start (f->files);
  f->base = g_strdup_printf ("%s/v1", fake_server_get_url (f->api));
  f->dir = g_dir_make_tmp ("rushes-replicate-XXXXXX", &error);
  g_assert_no_error (error);

  g_assert_true (rushes_secrets_store_sync ("test-replicate", NULL, TEST_CANARY, NULL, NULL));
}

static gboolean
release_held_cb (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (f->held, i);

      fake_reply_text (msg, 500, "text/plain", "gone");
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (f->held, 0);
  return G_SOURCE_REMOVE;
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  /* no key in anything written, and none ever sent to the other host */
  test_assert_no_canary (f->dir);
  g_assert_false (fake_server_saw_header (f->files, "Authorization"));

  fake_server_invoke_sync (f->api, release_held_cb, f);
  fake_server_free (f->api);
  fake_server_free (f->files);
  g_hash_table_unref (f->preds);
  g_ptr_array_unref (f->order);
  g_ptr_array_unref (f->held);
  g_bytes_unref (f->video);
  g_free (f->output_json);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
  g_mutex_clear (&f->lock);
}

static RushesRecipe *
wan_recipe (void)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "a red fox running through snow, cinematic");
  rushes_recipe_set_model (recipe, "wan-video/wan-2.2-t2v-fast");
  rushes_recipe_set_seconds (recipe, 5.0625);
  rushes_recipe_set_fps (recipe, 16);
  rushes_recipe_set_width (recipe, 832);
  rushes_recipe_set_height (recipe, 480);
  rushes_recipe_set_seed (recipe, 7);
  return recipe;
}

static void
assert_clean_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, TEST_CANARY));
}

typedef struct
{
  guint calls;
  double last;
} ProgressLog;

static void
progress_cb (double fraction, const char *status, gpointer data)
{
  ProgressLog *log = data;

  log->calls++;
  log->last = fraction;
}

/* Polls until a terminal state (at most 50 polls). */
static void
poll_until_done (RushesBackend *backend, const char *id, RushesRemoteStatus *status, gboolean *saw_progress)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (rushes_backend_poll (backend, id, status, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      if (saw_progress && status->state == RUSHES_REMOTE_RUNNING && status->progress > 0.44 && status->progress < 0.46)
        *saw_progress = TRUE;
      if (status->state >= RUSHES_REMOTE_SUCCEEDED)
        return;
    }
  g_assert_not_reached ();
}

static char *
submit_ok (Fixture *f, RushesBackend *backend, RushesRecipe *recipe, const char *job_id)
{
  g_autoptr(GError) error = NULL;
  char *id = rushes_backend_submit (backend, recipe, job_id, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
test_success (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) requests = NULL;
  gsize length;
  gboolean saw_progress = FALSE;
  ProgressLog log = { 0 };
  JsonObject *input;
  Pred *p;

  g_assert_no_error (error);
  g_assert_cmpstr (rushes_backend_get_kind (backend), ==, "replicate");
  g_assert_true (rushes_backend_is_remote (backend));

  id = submit_ok (f, backend, recipe, JOB_A);
  g_assert_cmpstr (id, ==, "pred0001xyz");

  /* official model: models endpoint, no version; inputs mapped */
  p = g_ptr_array_index (f->order, 0);
  g_assert_null (p->version);
  g_assert_cmpstr (p->model, ==, "wan-video/wan-2.2-t2v-fast");
  input = json_node_get_object (p->input);
  g_assert_cmpint (json_object_get_int_member (input, "num_frames"), ==, 81);
  g_assert_cmpint (json_object_get_int_member (input, "frames_per_second"), ==, 16);
  g_assert_cmpstr (json_object_get_string_member (input, "aspect_ratio"), ==, "16:9");
  g_assert_cmpint (json_object_get_int_member (input, "seed"), ==, 7);

  poll_until_done (backend, id, &status, &saw_progress);
  g_assert_true (saw_progress);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);

  g_assert_true (rushes_backend_fetch (backend, id, status.results[0], dest, progress_cb, &log, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  g_assert_cmpuint (log.calls, >, 0);
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", "/files/out.mp4"), ==, 1);

  /* the token went to the API on every call */
  requests = fake_server_get_requests (f->api);
  g_assert_cmpuint (requests->len, >=, 4);
  for (guint i = 0; i < requests->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (requests, i);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Authorization"), ==, "Bearer " TEST_CANARY);
    }
}

static void
test_version_endpoint (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "lightricks/ltx-video", &error);
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autofree char *id = NULL;
  g_autofree char *id2 = NULL;
  Pred *p;

  f->official = FALSE;
  rushes_recipe_set_prompt (recipe, "waves");
  rushes_recipe_set_seconds (recipe, 2);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 640);
  rushes_recipe_set_height (recipe, 426);
  rushes_recipe_set_negative_prompt (recipe, "blurry");

  id = submit_ok (f, backend, recipe, JOB_A);
  p = g_ptr_array_index (f->order, 0);
  g_assert_cmpstr (p->version, ==, VERSION_ID);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (p->input), "length"), ==, 48);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (p->input), "negative_prompt"), ==, "blurry");

  /* the version is looked up once per backend */
  id2 = submit_ok (f, backend, recipe, JOB_B);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/models/lightricks/ltx-video"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/predictions"), ==, 2);
}

static void
test_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  f->final_status = "failed";
  f->final_error = "CUDA out of memory (env: REPLICATE_API_TOKEN=" TEST_CANARY ")";
  id = submit_ok (f, backend, recipe, JOB_A);
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "CUDA out of memory"));
  g_assert_null (strstr (status.error, TEST_CANARY));
  g_assert_null (status.results);
}

static void
test_expired (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  /* re-attached after Replicate's one-hour retention: a clear failure */
  f->data_removed = TRUE;
  id = submit_ok (f, backend, recipe, JOB_A);
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "one hour"));
}

static void
test_unknown_status (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  f->final_status = "aborted";
  id = submit_ok (f, backend, recipe, JOB_A);
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "aborted"));
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  f->processing_polls = 100;
  id = submit_ok (f, backend, recipe, JOB_A);
  g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_QUEUED);
  g_assert_true (rushes_backend_cancel (backend, id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/predictions/pred0001xyz/cancel"), ==, 1);
  g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_CANCELLED);

  g_assert_false (rushes_backend_cancel (backend, "nosuchid", NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (rushes_backend_cancel (backend, "../../account", NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
}

static void
test_cancel_while_waiting (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;

  g_cancellable_cancel (cancellable);
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, cancellable, &error);
  g_assert_null (id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (f->order->len, ==, 0);
}

static void
test_validation_error (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;

  /* our own check first: nothing is sent */
  rushes_recipe_set_seconds (recipe, 1);
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "seconds"));
  g_assert_cmpuint (fake_server_count_requests (f->api, NULL, NULL), ==, 0);
  g_clear_error (&error);

  /* the server's 422: its detail, no retry */
  rushes_recipe_set_seconds (recipe, 5.0625);
  f->create_422 = TRUE;
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "num_frames"));
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/models/wan-video/wan-2.2-t2v-fast/predictions"), ==, 1);
}

static void
test_rate_limited (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;
  gint64 start = g_get_monotonic_time ();

  f->create_429 = 1;
  id = submit_ok (f, backend, recipe, JOB_A);
  /* Retry-After: 1 was honoured */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", "/v1/models/wan-video/wan-2.2-t2v-fast/predictions"), ==, 2);
  g_assert_cmpuint (f->order->len, ==, 1);
}

static void
test_server_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  /* 5xx on a create that did happen: found in the list, not sent again */
  f->create_500_after = TRUE;
  id = submit_ok (f, backend, recipe, JOB_A);
  g_assert_cmpstr (id, ==, "pred0001xyz");
  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/predictions"), ==, 1);

  /* 503 (as an HTML page) on status checks: retried */
  f->get_503 = 2;
  g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_QUEUED);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/predictions/pred0001xyz"), ==, 3);
}

static void
test_bad_answers (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  struct { guint status; const char *type; const char *body; const char *needle; } cases[] = {
    { 200, "text/html", "<!DOCTYPE html><html><body>Login</body></html>", NULL },
    { 200, "application/json", "{\"detail\": \"Prediction store offline\"}", "Prediction store offline" },
    { 200, "application/json", "{\"id\": \"pred0001xyz\", \"status\": ", NULL },
    { 200, "application/json", "[1, 2, 3]", NULL },
    { 200, "application/json", "{\"id\": \"../../etc\", \"status\": \"succeeded\"}", NULL },
  };

  id = submit_ok (f, backend, recipe, JOB_A);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      f->override_status = cases[i].status;
      f->override_type = cases[i].type;
      f->override_body = cases[i].body;
      g_assert_false (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
      assert_clean_error (error);
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
    }

  /* a server that echoes the token back: it never reaches the error text */
  f->override_status = 400;
  f->override_type = "application/json";
  f->override_body = "{\"detail\": \"Bad header: Authorization: Bearer " TEST_CANARY "\"}";
  g_assert_false (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, TEST_CANARY));
  g_assert_nonnull (strstr (error->message, "[key hidden]"));
  g_clear_error (&error);

  f->override_status = 0;
  g_assert_false (rushes_backend_poll (backend, "pred9999xyz", &status, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
}

static void
test_bad_results (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "lib", "take.mp4", NULL);
  g_autofree char *lib = g_build_filename (f->dir, "lib", NULL);
  const char *bad[] = { "file:///etc/passwd", "ftp://127.0.0.2/x.mp4", "/etc/passwd", "../../evil.mp4", "javascript:alert(1)" };

  g_mkdir_with_parents (lib, 0700);
  id = submit_ok (f, backend, recipe, JOB_A);

  /* locators that are not web addresses are refused by fetch */
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rushes_backend_fetch (backend, id, bad[i], dest, NULL, NULL, NULL, &error));
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));

  /* … and not even reported by poll */
  {
    g_auto(RushesRemoteStatus) status = { 0 };

    f->output_json = g_strdup ("[\"../../evil.mp4\", \"/etc/passwd\"]");
    f->processing_polls = 0;
    poll_until_done (backend, id, &status, NULL);
    g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
    g_assert_nonnull (status.error);
  }

  /* a URL whose path climbs: the file still lands only at dest */
  {
    g_autofree char *url = g_strdup_printf ("%s/files/../../../etc/passwd.mp4", fake_server_get_url (f->files));
    g_autoptr(GDir) d = NULL;
    guint n = 0;

    g_assert_true (rushes_backend_fetch (backend, id, url, dest, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    d = g_dir_open (lib, 0, NULL);
    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }

  /* data: results are decoded */
  {
    g_autofree char *data_dest = g_build_filename (lib, "data.bin", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (rushes_backend_fetch (backend, id, "data:application/octet-stream;base64,SGVsbG8=", data_dest,
                                         NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (data_dest, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "Hello");
  }
}

static void
test_redirect_other_host (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autofree char *dest = g_build_filename (f->dir, "redir.mp4", NULL);
  g_autofree char *url = g_strdup_printf ("%s/redirect/out.mp4", fake_server_get_url (f->api));
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (rushes_backend_fetch (backend, "pred0001xyz", url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, g_bytes_get_size (f->video));
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", "/files/redirected.mp4"), ==, 1);
  /* teardown checks that no Authorization reached 127.0.0.2 */
}

static void
test_no_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;
  g_autofree char *message = NULL;

  rushes_secrets_clear_sync ("test-replicate", NULL, NULL);
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_cmpuint (fake_server_count_requests (f->api, NULL, NULL), ==, 0);
  g_clear_error (&error);

  /* wrong key: refused, and the test connection says so */
  rushes_secrets_store_sync ("test-replicate", NULL, "r8_wrong", NULL, NULL);
  message = rushes_replicate_backend_test (RUSHES_REPLICATE_BACKEND (backend), NULL, &error);
  g_assert_null (message);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_null (strstr (error->message, "r8_wrong"));
  g_clear_error (&error);

  rushes_secrets_store_sync ("test-replicate", NULL, TEST_CANARY, NULL, NULL);
  message = rushes_replicate_backend_test (RUSHES_REPLICATE_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (message, "tester"));
}

static void
test_key_env (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autofree char *message = NULL;

  rushes_secrets_clear_sync ("test-replicate", NULL, NULL);
  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "url", f->base);
  json_object_set_string_member (config, "key_env", KEY_ENV);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  g_assert_no_error (error);

  g_unsetenv (KEY_ENV);
  message = rushes_replicate_backend_test (RUSHES_REPLICATE_BACKEND (backend), NULL, &error);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, KEY_ENV));
  g_clear_error (&error);

  g_setenv (KEY_ENV, TEST_CANARY, TRUE);
  message = rushes_replicate_backend_test (RUSHES_REPLICATE_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
}

static void
test_config (void)
{
  struct { const char *json; } bad[] = {
    { "{}" },
    { "{\"id\": \"x\", \"url\": \"ftp://example.org\"}" },
    { "{\"id\": \"x\", \"model\": \"nobody/nothing\"}" },
    { "{\"id\": \"x\", \"key_env\": \"NOT-A-NAME\"}" },
    { "{\"id\": \"x\", \"models_file\": \"/nonexistent/models.json\"}" },
  };
  g_autoptr(JsonNode) good = json_from_string ("{\"id\": \"r\", \"name\": \"Replicate\"}", NULL);
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i].json, NULL);
      g_autoptr(RushesBackend) b = rushes_replicate_backend_new_from_config (json_node_get_object (node), &error);

      g_assert_null (b);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  backend = rushes_replicate_backend_new_from_config (json_node_get_object (good), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_backend_get_id (backend), ==, "r");
  g_assert_cmpstr (rushes_backend_get_display_name (backend), ==, "Replicate");
  g_assert_cmpstr (rushes_replicate_backend_get_url (RUSHES_REPLICATE_BACKEND (backend)), ==,
                   "https://api.replicate.com/v1");
  caps = rushes_backend_get_capabilities (backend);
  g_assert_true (caps->fields & RUSHES_FIELD_MODEL);
  g_assert_true (g_strv_contains ((const char * const *) caps->models, "lightricks/ltx-video"));
  g_assert_cmpuint (caps->max_concurrent, ==, 2);
}

static void
test_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  g_autofree char *none = NULL;

  /* never submitted: nothing to find, and nothing asked */
  none = rushes_backend_lookup (backend, JOB_B, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);
  g_assert_cmpuint (fake_server_count_requests (f->api, NULL, NULL), ==, 0);

  /* a week-old record is pruned when a new one is written */
  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "test-replicate", -1);
    g_autofree char *rdir = g_build_filename (f->dir, "submissions", hash, NULL);
    g_autofree char *old_path = g_build_filename (rdir, "00000000-0000-4000-8000-000000000000.json", NULL);
    struct utimbuf times = { 0 };

    g_mkdir_with_parents (rdir, 0700);
    g_assert_true (g_file_set_contents (old_path, "{}", -1, NULL));
    times.actime = times.modtime = time (NULL) - 8 * 24 * 3600;
    g_assert_cmpint (g_utime (old_path, &times), ==, 0);

    id = submit_ok (f, backend, recipe, JOB_A);
    g_assert_false (g_file_test (old_path, G_FILE_TEST_EXISTS));
  }
  /* the record carries the remote id: no list call needed */
  found = rushes_backend_lookup (backend, JOB_A, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, id);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/predictions"), ==, 0);

  g_assert_null (rushes_backend_lookup (backend, "not-a-uuid", NULL, &error));
  g_assert_nonnull (error);
}

/* ---- kill and restart ------------------------------------------------------ */

static int
child_main (int argc, char **argv)
{
  /* argv: prog --child-submit BASE STATE_DIR JOB_ID */
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  curl_global_init (CURL_GLOBAL_DEFAULT);
  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "url", argv[2]);
  json_object_set_string_member (config, "state_dir", argv[3]);
  json_object_set_string_member (config, "key_env", KEY_ENV);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  if (backend == NULL)
    return 3;
  id = rushes_backend_submit (backend, recipe, argv[4], NULL, NULL, NULL, &error);
  if (id == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 4;
    }
  g_print ("%s\n", id);
  fflush (stdout);
  g_usleep (60 * G_USEC_PER_SEC);   /* "running" until killed */
  return 0;
}

static GSubprocess *
spawn_child (Fixture *f, const char *job_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  GSubprocess *child;

  g_assert_nonnull (self_exe);

  g_setenv (KEY_ENV, TEST_CANARY, TRUE);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--child-submit", f->base, f->dir, job_id, NULL);
  g_assert_no_error (error);
  return child;
}

static void
kill_child (GSubprocess *child)
{
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
}

/* the predictions the create handler has made (it adds them under f->lock) */
static guint
n_created (Fixture *f)
{
  guint n;

  g_mutex_lock (&f->lock);
  n = f->order->len;
  g_mutex_unlock (&f->lock);
  return n;
}

/* Waits until the child has sent its create and the handler has made the
 * prediction (up to 120 s: a child under AddressSanitizer takes seconds to
 * start). The server logs a request before its handler runs, so its log
 * alone is not enough. On failure the child is killed first, so a held
 * create cannot keep the test waiting on its teardown. */
static void
wait_for_child_create (Fixture *f, GSubprocess *child)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (n_created (f) == 0)
    {
      /* the identifier goes when the child has exited (reaped by GLib's worker) */
      if (g_subprocess_get_identifier (child) == NULL || g_get_monotonic_time () > deadline)
        break;
      g_usleep (25 * 1000);
    }
  if (n_created (f) == 0)
    {
      gboolean exited = g_subprocess_get_identifier (child) == NULL;

      g_subprocess_force_exit (child);
      g_subprocess_wait (child, NULL, NULL);
      g_error ("the child sent no create (%s)", exited ? "it exited" : "timed out");
    }
}

static void
reattach_and_download (Fixture *f, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *dest = g_build_filename (f->dir, "resumed.mp4", NULL);
  g_autofree char *contents = NULL;
  gsize length;

  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "url", f->base);
  json_object_set_string_member (config, "state_dir", f->dir);
  json_object_set_string_member (config, "key_env", KEY_ENV);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  g_assert_no_error (error);

  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_true (rushes_backend_fetch (backend, id, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, g_bytes_get_size (f->video));

  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", NULL), ==, 1);
}

static void
test_kill_restart_running (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *id = NULL;

  f->processing_polls = 2;
  child = spawn_child (f, JOB_A);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  id = g_data_input_stream_read_line (in, NULL, NULL, NULL);
  g_assert_cmpstr (id, ==, "pred0001xyz");
  kill_child (child);

  /* the "journal" knew the id: re-attach, download once */
  reattach_and_download (f, id);
}

static void
test_kill_during_submit (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autofree char *found = NULL;

  f->hold_create = TRUE;
  child = spawn_child (f, JOB_A);
  wait_for_child_create (f, child);
  g_assert_cmpuint (n_created (f), ==, 1);
  kill_child (child);
  f->hold_create = FALSE;

  /* restart: cut off inside submit, so look it up before sending anything */
  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "url", f->base);
  json_object_set_string_member (config, "state_dir", f->dir);
  json_object_set_string_member (config, "key_env", KEY_ENV);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  found = rushes_backend_lookup (backend, JOB_A, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, "pred0001xyz");
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/predictions"), ==, 1);

  reattach_and_download (f, found);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
}

/* ---- raw sockets: resets, truncation, absurd sizes ------------------------- */

typedef struct
{
  Fixture *f;
  guint    connections;
  const char *mode;
} RawState;

static void
raw_cb (FakeRawServer *server, const char *head, GSocket *socket, gpointer data)
{
  RawState *st = data;
  const guint8 *video = g_bytes_get_data (st->f->video, NULL);
  gsize size = g_bytes_get_size (st->f->video);

  st->connections++;

  if (g_str_equal (st->mode, "reset"))
    {
      if (st->connections == 1)
        {
          fake_raw_reset (socket);
          return;
        }
      {
        const char *body = "{\"id\": \"pred0001xyz\", \"status\": \"processing\", \"logs\": \"step 3/4\"}";
        g_autofree char *resp = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                 "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                                                 strlen (body), body);
        fake_raw_write_str (socket, resp);
      }
    }
  else if (g_str_equal (st->mode, "truncate"))
    {
      const char *range = strstr (head, "Range: bytes=");

      if (range == NULL)
        {
          g_autofree char *hdr = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n"
                                                  "Content-Length: %zu\r\nConnection: close\r\n\r\n", size);
          fake_raw_write_str (socket, hdr);
          fake_raw_write (socket, video, 1000);   /* then the connection drops */
        }
      else
        {
          guint64 from = g_ascii_strtoull (range + strlen ("Range: bytes="), NULL, 10);
          g_autofree char *hdr = NULL;

          g_assert_cmpuint (from, ==, 1000);
          hdr = g_strdup_printf ("HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\n"
                                 "Content-Range: bytes %" G_GUINT64_FORMAT "-%zu/%zu\r\n"
                                 "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                                 from, size - 1, size, (gsize) (size - from));
          fake_raw_write_str (socket, hdr);
          fake_raw_write (socket, video + from, size - from);
        }
    }
  else if (g_str_equal (st->mode, "huge"))
    {
      fake_raw_write_str (socket, "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                                  "Content-Length: 999999999999999\r\nConnection: close\r\n\r\n0123456789");
    }
}

static void
count_entries (const char *dir, guint *n)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

  *n = 0;
  while (d != NULL && g_dir_read_name (d) != NULL)
    (*n)++;
}

static void
test_connection_reset (Fixture *f, gconstpointer data)
{
  RawState st = { f, 0, "reset" };
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", raw_cb, &st);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autoptr(GPtrArray) heads = NULL;
  g_autofree char *base = g_strdup_printf ("%s/v1", fake_raw_server_get_url (raw));

  json_object_set_string_member (config, "id", "test-replicate");
  json_object_set_string_member (config, "url", base);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  g_assert_true (rushes_backend_poll (backend, "pred0001xyz", &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_RUNNING);
  g_assert_cmpfloat_with_epsilon (status.progress, 0.75, 1e-9);
  g_assert_cmpuint (st.connections, ==, 2);
  heads = fake_raw_server_get_heads (raw);
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "GET /v1/predictions/pred0001xyz "));
  fake_raw_server_free (raw);
}

static void
test_truncated_download (Fixture *f, gconstpointer data)
{
  RawState st = { f, 0, "truncate" };
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.2", raw_cb, &st);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autofree char *url = g_strdup_printf ("%s/files/out.mp4", fake_raw_server_get_url (raw));
  g_autofree char *lib = g_build_filename (f->dir, "lib", NULL);
  g_autofree char *dest = g_build_filename (lib, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  gsize length;
  guint n;

  g_mkdir_with_parents (lib, 0700);
  g_assert_true (rushes_backend_fetch (backend, "pred0001xyz", url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  g_assert_cmpuint (st.connections, ==, 2);
  count_entries (lib, &n);
  g_assert_cmpuint (n, ==, 1);
  /* another host: never the token */
  heads = fake_raw_server_get_heads (raw);
  for (guint i = 0; i < heads->len; i++)
    g_assert_null (strstr (g_ptr_array_index (heads, i), "uthorization"));
  fake_raw_server_free (raw);
}

static void
test_huge_download (Fixture *f, gconstpointer data)
{
  RawState st = { f, 0, "huge" };
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.2", raw_cb, &st);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesBackend) backend = make_backend (f, "wan-video/wan-2.2-t2v-fast", &error);
  g_autofree char *url = g_strdup_printf ("%s/files/out.mp4", fake_raw_server_get_url (raw));
  g_autofree char *lib = g_build_filename (f->dir, "lib", NULL);
  g_autofree char *dest = g_build_filename (lib, "take.mp4", NULL);
  guint n;

  g_mkdir_with_parents (lib, 0700);
  g_assert_false (rushes_backend_fetch (backend, "pred0001xyz", url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  count_entries (lib, &n);
  g_assert_cmpuint (n, ==, 0);
  fake_raw_server_free (raw);
}

/* ---- the same through the engine: journal, queue, resume ------------------- */

/* the job's worker thread has returned (its last journal write done) */
static gboolean
worker_gone (gpointer job)
{
  return !_rushes_job_get_worker_active (job);
}

static RushesJobQueue *
engine_new (const char *base, const char *dir, RushesBackendRegistry **registry_out)
{
  g_autofree char *config_path = g_build_filename (dir, "backends.json", NULL);
  g_autofree char *journal_dir = g_build_filename (dir, "journal", NULL);
  g_autofree char *library_dir = g_build_filename (dir, "library", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (config_path);
  g_autoptr(RushesJournal) journal = rushes_journal_new (journal_dir);
  g_autoptr(GError) error = NULL;
  RushesJobQueue *queue;

  rushes_backend_kinds_register_all ();
  g_assert_true (rushes_backend_registry_load (registry, &error));
  if (rushes_backend_registry_lookup (registry, "test-replicate") == NULL)
    {
      g_autoptr(JsonObject) config = json_object_new ();

      json_object_set_string_member (config, "id", "test-replicate");
      json_object_set_string_member (config, "kind", "replicate");
      json_object_set_string_member (config, "url", base);
      json_object_set_string_member (config, "key_env", KEY_ENV);
      json_object_set_string_member (config, "state_dir", dir);
      g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));
      g_assert_no_error (error);
    }

  queue = rushes_job_queue_new (registry, journal);
  rushes_job_queue_set_library_dir (queue, library_dir);
  rushes_job_queue_set_poll_interval (queue, 50);
  if (registry_out)
    *registry_out = g_steal_pointer (&registry);
  return queue;
}

static int
child_queue_main (int argc, char **argv)
{
  /* argv: prog --child-queue BASE DIR */
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  queue = engine_new (argv[2], argv[3], &registry);
  rushes_recipe_set_backend (recipe, "test-replicate");
  if (rushes_job_queue_submit (queue, recipe, &error) == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 4;
    }
  g_main_loop_run (loop);   /* until killed */
  return 0;
}

static void
engine_resume_and_finish (Fixture *f)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  RushesJob *job;
  GStatBuf st;
  guint resumed;

  queue = engine_new (f->base, f->dir, &registry);
  resumed = rushes_job_queue_resume (queue, NULL, NULL);
  g_assert_cmpuint (resumed, ==, 1);

  for (guint i = 0; i < 2000 && rushes_job_queue_get_n_active (queue) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
  g_assert_cmpuint (rushes_job_queue_get_n_active (queue), ==, 0);

  job = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  g_assert_nonnull (job);
  /* its worker's last writes done before the test's folder goes (the job
   * is finished for the queue a moment before its thread has returned) */
  test_wait_until (worker_gone, job, 30000);
  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    g_error ("resumed job ended %s: %s", rushes_job_state_to_string (rushes_job_get_state (job)),
             rushes_job_get_error_message (job));
  g_assert_cmpstr (rushes_job_get_remote_id (job), ==, "pred0001xyz");
  g_assert_cmpint (g_stat (rushes_job_get_take_path (job), &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, (gint64) g_bytes_get_size (f->video));
  g_object_unref (job);

  /* one paid prediction, one download */
  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", NULL), ==, 1);
  rushes_job_queue_shutdown (queue);
}

static GSubprocess *
spawn_queue_child (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  GSubprocess *child;

  g_setenv (KEY_ENV, TEST_CANARY, TRUE);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--child-queue", f->base, f->dir, NULL);
  g_assert_no_error (error);
  return child;
}

static void
test_engine_kill_running (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) child = NULL;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  Pred *p = NULL;

  f->processing_polls = 1000;   /* keeps "processing" until we say so */
  child = spawn_queue_child (f);
  /* wait until the engine has polled the running prediction a few times
   * (a child under AddressSanitizer takes seconds to start) */
  while (g_get_monotonic_time () < deadline)
    {
      g_mutex_lock (&f->lock);
      p = f->order->len > 0 ? g_ptr_array_index (f->order, 0) : NULL;
      if (p != NULL && p->polls >= 3)
        {
          g_mutex_unlock (&f->lock);
          break;
        }
      g_mutex_unlock (&f->lock);
      g_usleep (25 * 1000);
    }
  g_assert_nonnull (p);
  kill_child (child);

  g_mutex_lock (&f->lock);
  f->processing_polls = p->polls + 2;
  g_mutex_unlock (&f->lock);
  engine_resume_and_finish (f);
}

static void
test_engine_kill_in_submit (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocess) child = NULL;

  f->hold_create = TRUE;
  child = spawn_queue_child (f);
  wait_for_child_create (f, child);
  g_assert_cmpuint (n_created (f), ==, 1);
  kill_child (child);
  f->hold_create = FALSE;

  /* restart: the job was cut off inside submit; it is found, not sent again */
  engine_resume_and_finish (f);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
}

/* A create answered with 500 that the list does not show yet: the engine
 * looks it up again (as after a reset) instead of sending it twice. */
static void
test_engine_create_500_looked_up (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesRecipe) recipe = wan_recipe ();
  g_autoptr(GError) error = NULL;
  RushesJob *job;

  g_setenv (KEY_ENV, TEST_CANARY, TRUE);
  f->create_500_after = TRUE;
  f->list_lags = 1;
  queue = engine_new (f->base, f->dir, &registry);
  rushes_job_queue_set_retry_delay (queue, 10);
  rushes_recipe_set_backend (recipe, "test-replicate");
  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2000 && !rushes_job_is_finished (job); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    g_error ("job ended %s: %s", rushes_job_state_to_string (rushes_job_get_state (job)),
             rushes_job_get_error_message (job));
  g_assert_cmpstr (rushes_job_get_remote_id (job), ==, "pred0001xyz");
  /* one create, one paid prediction; the list asked twice */
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/v1/predictions"), ==, 2);
  test_wait_until (worker_gone, job, 30000);
  rushes_job_queue_shutdown (queue);
}

/* ---- `rushes generate` on the model's own terms ------------------------------------------ */

/* Runs `rushes ARGS…` with backend "r8" (this fake, key from KEY_ENV)
 * configured; returns the exit status. */
static int
run_cli (Fixture *f, char **out, char **err, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "backends.json", NULL);
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("RUSHES_EXE"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "RUSHES_BACKENDS_FILE", file, TRUE);
  /* GLib's isolated folders are per test case, not in the environment */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);
  g_subprocess_launcher_setenv (launcher, KEY_ENV, TEST_CANARY, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &o, &e, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_null (strstr (o, TEST_CANARY));
  g_assert_null (strstr (e, TEST_CANARY));
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_exit_status (proc);
}

static JsonObject *
last_input (Fixture *f)
{
  g_assert_cmpuint (f->order->len, >, 0);
  return json_node_get_object (((Pred *) g_ptr_array_index (f->order, f->order->len - 1))->input);
}

static void
test_cli_model_defaults (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *take = g_build_filename (f->dir, "ltx.mp4", NULL);
  g_autofree char *take2 = g_build_filename (f->dir, "wan.mp4", NULL);
  g_autofree char *take3 = g_build_filename (f->dir, "wan5.mp4", NULL);
  JsonObject *input;

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }
  /* `rushes generate` names and tags a take by what its bytes are */
  g_mutex_lock (&f->lock);
  g_bytes_unref (f->video);
  f->video = media_fixture_small_mp4 ();
  g_mutex_unlock (&f->lock);
  g_assert_cmpint (run_cli (f, NULL, NULL, "backends", "add", "replicate", "r8", "--url", f->base,
                            "--key-env", KEY_ENV, NULL), ==, 0);

  /* another model than the backend's default, no size, fps or length: LTX's own */
  if (run_cli (f, &out, &err, "generate", "--backend", "r8", "--model", "lightricks/ltx-video",
               "--prompt", "a lighthouse in fog", "--output", take, NULL) != 0)
    g_error ("generate failed: %s", err);
  g_assert_true (g_file_test (take, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (f->order->len, ==, 1);
  input = last_input (f);
  g_assert_cmpstr (((Pred *) g_ptr_array_index (f->order, 0))->model, ==, "lightricks/ltx-video");
  g_assert_cmpint (json_object_get_int_member (input, "target_size"), ==, 640);
  g_assert_cmpstr (json_object_get_string_member (input, "aspect_ratio"), ==, "3:2");
  g_assert_cmpint (json_object_get_int_member (input, "length"), ==, 97);
  g_assert_cmpint (json_object_get_int_member (input, "steps"), ==, 30);
  g_assert_cmpfloat (json_object_get_double_member (input, "cfg"), ==, 3);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* the default model (Wan 2.2, 16 fps) needs no --fps */
  if (run_cli (f, &out, &err, "generate", "--backend", "r8", "--prompt", "a lighthouse in fog",
               "--output", take2, NULL) != 0)
    g_error ("generate failed: %s", err);
  input = last_input (f);
  g_assert_cmpint (json_object_get_int_member (input, "frames_per_second"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (input, "num_frames"), ==, 81);
  g_assert_cmpstr (json_object_get_string_member (input, "resolution"), ==, "480p");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* 5 s is 80 frames at 16 fps, one short: snapped, with a note */
  if (run_cli (f, &out, &err, "generate", "--backend", "r8", "--seconds", "5", "--prompt", "a lighthouse in fog",
               "--output", take3, NULL) != 0)
    g_error ("generate failed: %s", err);
  g_assert_nonnull (strstr (err, "--seconds 5 → 5.06 s, the nearest length wan-video/wan-2.2-t2v-fast makes"));
  g_assert_cmpint (json_object_get_int_member (last_input (f), "num_frames"), ==, 81);
  g_assert_cmpuint (f->order->len, ==, 3);
}

static void
test_cli_model_refusals (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;
  g_autofree char *take = g_build_filename (f->dir, "no.mp4", NULL);

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }
  g_assert_cmpint (run_cli (f, NULL, NULL, "backends", "add", "replicate", "r8", "--url", f->base,
                            "--key-env", KEY_ENV, NULL), ==, 0);

  /* a size the model does not make: refused naming the ones it does */
  g_assert_cmpint (run_cli (f, NULL, &err, "generate", "--backend", "r8", "--model", "lightricks/ltx-video",
                            "--size", "1920x1080", "--prompt", "x", "--output", take, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "640×426 (default), 640×360, 360×640, 640×640"));
  g_clear_pointer (&err, g_free);

  /* a length far off: refused naming the range, not snapped */
  g_assert_cmpint (run_cli (f, NULL, &err, "generate", "--backend", "r8", "--seconds", "3",
                            "--prompt", "x", "--output", take, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "5.06 and 6.25 s at 16 fps"));
  g_clear_pointer (&err, g_free);

  /* a frame rate LTX does not render at */
  g_assert_cmpint (run_cli (f, NULL, &err, "generate", "--backend", "r8", "--model", "lightricks/ltx-video",
                            "--fps", "16", "--prompt", "x", "--output", take, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "24 only"));

  /* nothing was created, nothing written */
  g_assert_cmpuint (f->order->len, ==, 0);
  g_assert_false (g_file_test (take, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--child-submit"))
    return child_main (argc, argv);
  if (argc == 4 && g_str_equal (argv[1], "--child-queue"))
    return child_queue_main (argc, argv);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, func) g_test_add ("/replicate/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/replicate/config", test_config);
  ADD ("success", test_success);
  ADD ("version-endpoint", test_version_endpoint);
  ADD ("failure", test_failure);
  ADD ("unknown-status", test_unknown_status);
  ADD ("results-expired", test_expired);
  ADD ("cancel", test_cancel);
  ADD ("cancelled-before-send", test_cancel_while_waiting);
  ADD ("validation-error", test_validation_error);
  ADD ("rate-limited", test_rate_limited);
  ADD ("server-errors", test_server_errors);
  ADD ("bad-answers", test_bad_answers);
  ADD ("bad-results", test_bad_results);
  ADD ("redirect-other-host", test_redirect_other_host);
  ADD ("no-key", test_no_key);
  ADD ("key-env", test_key_env);
  ADD ("lookup", test_lookup);
  ADD ("connection-reset", test_connection_reset);
  ADD ("truncated-download", test_truncated_download);
  ADD ("huge-download", test_huge_download);
  ADD ("kill-restart-running", test_kill_restart_running);
  ADD ("kill-during-submit", test_kill_during_submit);
  ADD ("engine-kill-running", test_engine_kill_running);
  ADD ("engine-kill-in-submit", test_engine_kill_in_submit);
  ADD ("engine-create-500-looked-up", test_engine_create_500_looked_up);
  ADD ("cli-model-defaults", test_cli_model_defaults);
  ADD ("cli-model-refusals", test_cli_model_refusals);
#undef ADD

  return g_test_run ();
}
