/* test-fal.c: the fal backend against a fake fal queue + platform API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Server "api" (127.0.0.1): /queue/… (queue host) and /platform/v1/… (the
 * platform API), both insisting on "Authorization: Key <canary>". Server
 * "files" (127.0.0.2, another host) serves results and must never see an
 * Authorization header.
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include <signal.h>

#include "media-fixtures.h"
#include "rushes-secrets.h"
#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-job-private.h"
#include "rushes-journal.h"
#include "rushes-fal-backend.h"
#include "rushes-take.h"
#include "test-common.h"
#include "test-util.h"

#define MODEL  "fal-ai/hunyuan-video-v1.5/text-to-video"
#define APP    "fal-ai/hunyuan-video-v1.5"
#define JOB_A  "7c1d2e3f-1111-4a2b-9c3d-0123456789ab"
#define JOB_B  "7c1d2e3f-2222-4a2b-9c3d-0123456789ab"

typedef struct
{
  char     *id;
  JsonNode *input;
  guint     polls;
  gboolean  cancelled;
  char     *sent_at;
} Req;

typedef struct
{
  GMutex      lock;
  FakeServer *api;
  FakeServer *files;
  char       *queue;
  char       *platform;
  char       *dir;
  GHashTable *reqs;
  GPtrArray  *order;
  guint       counter;
  GBytes     *video;

  /* knobs */
  guint       running_polls;
  const char *outcome;          /* "success", "fail", "empty" */
  const char *result_json;      /* overrides the success body */
  guint       submit_429;
  gboolean    submit_422;
  gboolean    submit_500_after;
  guint       status_503;
  guint       override_status;
  const char *override_type;
  const char *override_body;
  guint       storage_status;   /* answer initiate with this status when set */
  guint       n_initiate;
  char       *initiate_body;
} Fixture;

static void
req_free (gpointer data)
{
  Req *r = data;

  g_free (r->id);
  json_node_unref (r->input);
  g_free (r->sent_at);
  g_free (r);
}

static void
urls_json (Fixture *f, GString *s, Req *r)
{
  g_string_append_printf (s, "\"request_id\": \"%s\", \"response_url\": \"%s/" APP "/requests/%s\","
                          " \"status_url\": \"%s/" APP "/requests/%s/status\","
                          " \"cancel_url\": \"%s/" APP "/requests/%s/cancel\"",
                          r->id, f->queue, r->id, f->queue, r->id, f->queue, r->id);
}

static void
submit (Fixture *f, SoupServerMessage *msg)
{
  GBytes *body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (body, NULL), NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GString) s = g_string_new ("{\"status\": \"IN_QUEUE\", \"queue_position\": 0, ");
  Req *r;

  g_bytes_unref (body);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || !json_object_has_member (json_node_get_object (node), "prompt"))
    {
      fake_reply_json (msg, 422, "{\"detail\": [{\"loc\": [\"body\", \"prompt\"], \"msg\": \"field required\", \"type\": \"value_error.missing\"}]}");
      return;
    }
  if (f->submit_429 > 0)
    {
      f->submit_429--;
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      fake_reply_json (msg, 429, "{\"detail\": \"Too many requests\"}");
      return;
    }
  if (f->submit_422)
    {
      fake_reply_json (msg, 422, "{\"detail\": [{\"loc\": [\"body\", \"num_inference_steps\"], \"msg\": \"ensure this value is less than or equal to 50\", \"type\": \"value_error\"}]}");
      return;
    }

  r = g_new0 (Req, 1);
  r->id = g_strdup_printf ("764cabcf-b745-4b3e-ae38-%012u", ++f->counter);
  r->input = json_node_copy (node);
  r->sent_at = g_date_time_format_iso8601 (now);
  g_hash_table_insert (f->reqs, r->id, r);
  g_ptr_array_add (f->order, r);

  if (f->submit_500_after)
    {
      f->submit_500_after = FALSE;
      fake_reply_json (msg, 500, "{\"detail\": \"Internal error\"}");
      return;
    }

  urls_json (f, s, r);
  g_string_append (s, "}");
  fake_reply_json (msg, 200, s->str);
}

static const char *
state_of (Fixture *f, Req *r)
{
  if (r->cancelled || r->polls > f->running_polls + 1)
    return "COMPLETED";
  if (r->polls == 0)
    return "IN_QUEUE";
  return "IN_PROGRESS";
}

static void
api_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  const char *method = soup_server_message_get_method (msg);
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);   /* "", "queue", owner, app, … */
  guint n = g_strv_length (parts);

  g_mutex_lock (&f->lock);

  if (g_strcmp0 (auth, "Key " TEST_CANARY) != 0)
    {
      fake_reply_json (msg, 401, "{\"detail\": \"Invalid key\"}");
      goto out;
    }

  if (g_str_equal (parts[1], "storage"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *answer = NULL;

      if (!g_str_equal (method, "POST") || g_strcmp0 (path, "/storage/upload/initiate") != 0 ||
          g_strcmp0 (query ? g_hash_table_lookup (query, "storage_type") : NULL, "fal-cdn-v3") != 0)
        {
          fake_reply_json (msg, 404, "{\"detail\": \"Not found\"}");
          goto out;
        }
      f->n_initiate++;
      g_free (f->initiate_body);
      f->initiate_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      if (f->storage_status != 0)
        {
          fake_reply_json (msg, f->storage_status, "{\"detail\": \"Storage not allowed for this key\"}");
          goto out;
        }
      answer = g_strdup_printf ("{\"upload_url\": \"%s/upload/%u?signature=abc\", \"file_url\": \"%s/cdn/start-%u.png\"}",
                                fake_server_get_url (f->files), f->n_initiate,
                                fake_server_get_url (f->files), f->n_initiate);
      fake_reply_json (msg, 200, answer);
    }
  else if (g_str_equal (parts[1], "platform"))
    {
      g_autoptr(GString) s = g_string_new ("{\"items\": [");
      const char *endpoint = query ? g_hash_table_lookup (query, "endpoint_id") : NULL;

      if (g_strcmp0 (endpoint, MODEL) != 0)
        {
          fake_reply_json (msg, 400, "{\"detail\": \"unknown endpoint\"}");
          goto out;
        }
      for (guint i = 0; i < f->order->len; i++)
        {
          Req *r = g_ptr_array_index (f->order, i);
          g_autofree char *input = json_to_string (r->input, FALSE);

          g_string_append_printf (s, "%s{\"request_id\": \"%s\", \"endpoint_id\": \"" MODEL "\", \"sent_at\": \"%s\","
                                  " \"status_code\": 200, \"json_input\": %s}",
                                  i > 0 ? "," : "", r->id, r->sent_at, input);
        }
      g_string_append (s, "], \"has_more\": false}");
      fake_reply_json (msg, 200, s->str);
    }
  else if (g_str_equal (method, "POST") && n == 5 &&
           (g_str_equal (parts[4], "text-to-video") || g_str_equal (parts[4], "image-to-video")))
    submit (f, msg);
  else if (n >= 6 && g_str_equal (parts[4], "requests"))
    {
      Req *r = g_hash_table_lookup (f->reqs, parts[5]);

      if (r == NULL)
        fake_reply_json (msg, 404, "{\"detail\": \"Request not found\"}");
      else if (n == 7 && g_str_equal (parts[6], "status") && g_str_equal (method, "GET"))
        {
          g_autoptr(GString) s = g_string_new (NULL);
          const char *state = state_of (f, r);

          g_assert_cmpstr (query ? g_hash_table_lookup (query, "logs") : NULL, ==, "1");
          if (f->status_503 > 0)
            {
              f->status_503--;
              fake_reply_text (msg, 503, "text/html", "<html>busy</html>");
              goto out;
            }
          if (f->override_status)
            {
              fake_reply_text (msg, f->override_status, f->override_type, f->override_body);
              goto out;
            }
          g_string_printf (s, "{\"status\": \"%s\", ", state);
          if (g_str_equal (state, "IN_QUEUE"))
            g_string_append (s, "\"queue_position\": 3, ");
          if (g_str_equal (state, "IN_PROGRESS"))
            g_string_append (s, "\"logs\": [{\"message\": \"loading\", \"level\": \"INFO\"}, {\"message\": \"step 12/30\", \"level\": \"INFO\"}], ");
          urls_json (f, s, r);
          g_string_append (s, "}");
          fake_reply_json (msg, g_str_equal (state, "COMPLETED") ? 200 : 202, s->str);
          r->polls++;
        }
      else if (n == 7 && g_str_equal (parts[6], "cancel") && g_str_equal (method, "PUT"))
        {
          gsize len = soup_server_message_get_request_body (msg)->length;

          /* the documented cancel has no body */
          g_assert_cmpuint (len, ==, 0);
          r->cancelled = TRUE;
          fake_reply_json (msg, 202, "{\"status\": \"CANCELLATION_REQUESTED\"}");
        }
      else if (n == 6 && g_str_equal (method, "GET"))
        {
          if (r->cancelled)
            fake_reply_json (msg, 400, "{\"detail\": \"Request was cancelled\"}");
          else if (g_str_equal (f->outcome, "fail"))
            fake_reply_json (msg, 422, "{\"detail\": [{\"loc\": [\"body\", \"num_frames\"], \"msg\": \"ensure this value is less than or equal to 161\", \"type\": \"value_error\"}]}");
          else if (g_str_equal (f->outcome, "timeout"))
            {
              soup_message_headers_replace (soup_server_message_get_response_headers (msg), "X-Fal-Error-Type", "request_timeout");
              fake_reply_json (msg, 504, "{\"detail\": \"Request timed out\", \"error_type\": \"request_timeout\"}");
            }
          else
            {
              g_autofree char *body = f->result_json
                ? g_strdup (f->result_json)
                : g_strdup_printf ("{\"video\": {\"url\": \"%s/files/output.mp4\", \"content_type\": \"video/mp4\","
                                   " \"file_name\": \"output.mp4\", \"file_size\": %zu}, \"seed\": 42}",
                                   fake_server_get_url (f->files), g_bytes_get_size (f->video));
              fake_reply_json (msg, 200, body);
            }
        }
      else
        fake_reply_json (msg, 405, "{\"detail\": \"Method not allowed\"}");
    }
  else if (g_str_equal (parts[1], "redirect"))
    {
      g_autofree char *target = g_strdup_printf ("%s/files/moved.mp4", fake_server_get_url (f->files));
      soup_server_message_set_redirect (msg, 302, target);
    }
  else
    fake_reply_json (msg, 404, "{\"detail\": \"Not found\"}");

out:
  g_mutex_unlock (&f->lock);
}

static void
redirect_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  g_autofree char *target = g_strdup_printf ("%s/files/moved.mp4", fake_server_get_url (f->files));

  soup_server_message_set_redirect (msg, 302, target);
}

static void
files_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;

  if (g_str_equal (soup_server_message_get_method (msg), "PUT"))
    {
      fake_reply_text (msg, 200, "text/plain", "");
      return;
    }
  fake_reply_bytes (msg, 200, "video/mp4", f->video);
}

static RushesBackend *
make_backend (Fixture *f)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  RushesBackend *backend;

  json_object_set_string_member (config, "id", "test-fal");
  json_object_set_string_member (config, "url", f->queue);
  json_object_set_string_member (config, "api_url", f->platform);
  json_object_set_string_member (config, "storage_url", fake_server_get_url (f->api));
  json_object_set_string_member (config, "state_dir", f->dir);
  json_object_set_int_member (config, "max_download_bytes", 1 << 20);
  backend = rushes_fal_backend_new_from_config (config, &error);
  g_assert_no_error (error);
  return backend;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint8 bytes[4096];
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->lock);
  f->reqs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, req_free);
  f->order = g_ptr_array_new ();
  f->running_polls = 1;
  f->outcome = "success";
  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 13 + 1);
  f->video = g_bytes_new (bytes, sizeof bytes);

  f->api = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->api, "/queue/*", api_cb, f);
  fake_server_add_handler (f->api, "/platform/*", api_cb, f);
  fake_server_add_handler (f->api, "/storage/*", api_cb, f);
  fake_server_add_handler (f->api, "/redirect/*", redirect_cb, f);
  fake_server_start (f->api);
  f->files = fake_server_new ("127.0.0.2");
  fake_server_add_handler (f->files, "/*", files_cb, f);
  fake_server_start (f->files);
  f->queue = g_strdup_printf ("%s/queue", fake_server_get_url (f->api));
  f->platform = g_strdup_printf ("%s/platform/v1", fake_server_get_url (f->api));
  f->dir = g_dir_make_tmp ("rushes-fal-XXXXXX", &error);
  g_assert_no_error (error);

  g_assert_true (rushes_secrets_store_sync ("test-fal", NULL, TEST_CANARY, NULL, NULL));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->dir);
  g_assert_false (fake_server_saw_header (f->files, "Authorization"));

  fake_server_free (f->api);
  fake_server_free (f->files);
  g_hash_table_unref (f->reqs);
  g_ptr_array_unref (f->order);
  g_bytes_unref (f->video);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->queue);
  g_free (f->platform);
  g_free (f->initiate_body);
  g_mutex_clear (&f->lock);
}

static RushesRecipe *
make_recipe (void)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "A paper boat drifting across a calm pond at sunrise");
  rushes_recipe_set_negative_prompt (recipe, "blurry");
  rushes_recipe_set_width (recipe, 848);
  rushes_recipe_set_height (recipe, 480);
  rushes_recipe_set_steps (recipe, 28);
  rushes_recipe_set_seed (recipe, 42);
  return recipe;
}

static char *
submit_ok (RushesBackend *backend, RushesRecipe *recipe, const char *job)
{
  g_autoptr(GError) error = NULL;
  char *id = rushes_backend_submit (backend, recipe, job, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static void
poll_until_done (RushesBackend *backend, const char *id, RushesRemoteStatus *status, gboolean *saw_progress)
{
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (rushes_backend_poll (backend, id, status, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      if (saw_progress && status->state == RUSHES_REMOTE_RUNNING && status->progress > 0.39 && status->progress < 0.41)
        *saw_progress = TRUE;
      if (status->state >= RUSHES_REMOTE_SUCCEEDED)
        return;
    }
  g_assert_not_reached ();
}

static void
test_success (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  gboolean saw_progress = FALSE;
  gsize length;
  JsonObject *input;

  g_assert_cmpstr (rushes_backend_get_kind (backend), ==, "fal");
  id = submit_ok (backend, recipe, JOB_A);
  g_assert_cmpstr (id, ==, APP "/requests/764cabcf-b745-4b3e-ae38-000000000001");

  /* the body is the model input itself */
  input = json_node_get_object (((Req *) g_ptr_array_index (f->order, 0))->input);
  g_assert_cmpstr (json_object_get_string_member (input, "prompt"), ==, "A paper boat drifting across a calm pond at sunrise");
  g_assert_cmpstr (json_object_get_string_member (input, "negative_prompt"), ==, "blurry");
  g_assert_cmpint (json_object_get_int_member (input, "num_inference_steps"), ==, 28);
  g_assert_cmpstr (json_object_get_string_member (input, "aspect_ratio"), ==, "16:9");
  g_assert_false (json_object_has_member (input, "input"));

  g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_QUEUED);
  g_assert_nonnull (strstr (status.status, "3"));
  poll_until_done (backend, id, &status, &saw_progress);
  g_assert_true (saw_progress);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);

  g_assert_true (rushes_backend_fetch (backend, id, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", "/files/output.mp4"), ==, 1);
}

static void
test_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  f->outcome = "fail";
  id = submit_ok (backend, recipe, JOB_A);
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "num_frames: ensure this value is less than or equal to 161"));

  g_clear_pointer (&status.error, g_free);
  f->outcome = "timeout";
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
    g_assert_nonnull (strstr (status.error, "timed out"));
  }
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *cancel_path = NULL;

  f->running_polls = 100;
  id = submit_ok (backend, recipe, JOB_A);
  g_assert_true (rushes_backend_cancel (backend, id, NULL, &error));
  g_assert_no_error (error);
  cancel_path = g_strdup_printf ("/queue/%s/cancel", id);
  g_assert_cmpuint (fake_server_count_requests (f->api, "PUT", cancel_path), ==, 1);
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_CANCELLED);

  g_assert_false (rushes_backend_cancel (backend, "fal-ai/x/requests/../../etc", NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
}

/* Cancelled, then polled again by a new backend object (the app restarted
 * and re-attached the job): still "cancelled", not "failed". A request this
 * backend never asked to cancel stays a failure with the server's words. */
static void
test_cancel_reattached (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesBackend) after_restart = NULL;
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *other = NULL;

  f->running_polls = 100;
  id = submit_ok (backend, recipe, JOB_A);
  other = submit_ok (backend, recipe, JOB_B);
  g_assert_true (rushes_backend_cancel (backend, id, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&backend);

  /* cancelled on fal's side by someone else */
  g_mutex_lock (&f->lock);
  {
    Req *r = g_hash_table_lookup (f->reqs, strrchr (other, '/') + 1);

    g_assert_nonnull (r);
    r->cancelled = TRUE;
  }
  g_mutex_unlock (&f->lock);

  after_restart = make_backend (f);
  poll_until_done (after_restart, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_CANCELLED);
  g_assert_null (status.error);

  rushes_remote_status_clear (&status);
  poll_until_done (after_restart, other, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "Request was cancelled"));
}

/* A PNG signature, then size - 8 bytes of noise (not decoded by anyone). */
static char *
write_png (Fixture *f, const char *name, gsize size, GBytes **out_bytes)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  guint8 *data = g_malloc (size);
  g_autoptr(GError) error = NULL;

  memcpy (data, signature, sizeof signature);
  for (gsize i = sizeof signature; i < size; i++)
    data[i] = (guint8) ((i * 2654435761u) >> 13);
  g_assert_true (g_file_set_contents (path, (const char *) data, size, &error));
  g_assert_no_error (error);
  *out_bytes = g_bytes_new_take (data, size);
  return g_steal_pointer (&path);
}

static const char *
input_string (Fixture *f, guint index, const char *member)
{
  Req *r;

  g_assert_cmpuint (f->order->len, >, index);
  r = g_ptr_array_index (f->order, index);
  return json_object_get_string_member_with_default (json_node_get_object (r->input), member, NULL);
}

/* Start images over 256 KB go through fal storage (initiate with the key,
 * PUT to the pre-signed URL without it, file URL in the input); smaller ones
 * inline as data: URIs; a storage failure stops before the paid request. */
static void
test_start_image_upload (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GBytes) big_bytes = NULL;
  g_autoptr(GBytes) small_bytes = NULL;
  g_autoptr(GPtrArray) puts = NULL;
  g_autoptr(JsonNode) initiate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = write_png (f, "My Holiday Photo.png", 300 * 1024, &big_bytes);
  g_autofree char *small = write_png (f, "small.png", 10 * 1024, &small_bytes);
  g_autofree char *id = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *remote = NULL;
  FakeRequest *put = NULL;

  rushes_recipe_set_model (recipe, "fal-ai/hunyuan-video-v1.5/image-to-video");
  rushes_recipe_set_start_image (recipe, big);
  id = submit_ok (backend, recipe, JOB_A);

  g_assert_cmpuint (f->n_initiate, ==, 1);
  initiate = json_from_string (f->initiate_body, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (initiate), "content_type"), ==, "image/png");
  /* the user's own file name stays at home */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (initiate), "file_name"), ==, "start.png");

  puts = fake_server_get_requests (f->files);
  for (guint i = 0; i < puts->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (puts, i);

      if (g_str_equal (r->method, "PUT"))
        {
          g_assert_null (put);
          put = r;
        }
    }
  g_assert_nonnull (put);
  g_assert_cmpstr (put->path, ==, "/upload/1");
  g_assert_cmpstr (put->query, ==, "signature=abc");
  g_assert_cmpstr (soup_message_headers_get_content_type (put->headers, NULL), ==, "image/png");
  g_assert_null (soup_message_headers_get_one (put->headers, "Authorization"));
  g_assert_true (g_bytes_equal (put->body, big_bytes));

  expected_url = g_strdup_printf ("%s/cdn/start-1.png", fake_server_get_url (f->files));
  g_assert_cmpstr (input_string (f, 0, "image_url"), ==, expected_url);

  /* small: inline, no upload */
  rushes_recipe_set_start_image (recipe, small);
  g_free (submit_ok (backend, recipe, JOB_B));
  g_assert_cmpuint (f->n_initiate, ==, 1);
  g_assert_true (g_str_has_prefix (input_string (f, 1, "image_url"), "data:image/png;base64,"));

  /* storage refuses: a clear error, and no request was sent to the model */
  f->storage_status = 403;
  rushes_recipe_set_start_image (recipe, big);
  remote = rushes_backend_submit (backend, recipe, "7c1d2e3f-3333-4a2b-9c3d-0123456789ab", NULL, NULL, NULL, &error);
  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Storage not allowed"));
  g_assert_null (strstr (error->message, TEST_CANARY));
  g_assert_cmpuint (f->order->len, ==, 2);
  g_clear_error (&error);

  /* a large file that is not an image is refused before anything is sent */
  f->storage_status = 0;
  {
    g_autofree char *text = g_build_filename (f->dir, "notes.png", NULL);
    g_autofree char *filler = g_strnfill (300 * 1024, 'a');

    g_assert_true (g_file_set_contents (text, filler, -1, NULL));
    rushes_recipe_set_start_image (recipe, text);
    remote = rushes_backend_submit (backend, recipe, "7c1d2e3f-4444-4a2b-9c3d-0123456789ab", NULL, NULL, NULL, &error);
    g_assert_null (remote);
    g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
    g_assert_cmpuint (f->n_initiate, ==, 2);
  }
}

static void
test_validation_error (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  rushes_recipe_set_steps (recipe, 80);
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "steps"));
  g_assert_cmpuint (fake_server_count_requests (f->api, NULL, NULL), ==, 0);
  g_clear_error (&error);

  rushes_recipe_set_steps (recipe, 28);
  f->submit_422 = TRUE;
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "num_inference_steps: ensure this value"));
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
}

static void
test_rate_limited (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *id = NULL;
  gint64 start = g_get_monotonic_time ();

  f->submit_429 = 1;
  id = submit_ok (backend, recipe, JOB_A);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 900 * 1000);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 2);
  g_assert_cmpuint (f->order->len, ==, 1);
}

static void
test_server_errors (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;

  /* 500 after the request was queued: found in the platform list */
  f->submit_500_after = TRUE;
  id = submit_ok (backend, recipe, JOB_A);
  g_assert_cmpstr (id, ==, APP "/requests/764cabcf-b745-4b3e-ae38-000000000001");
  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);

  f->status_503 = 2;
  g_assert_true (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_QUEUED);
}

static void
test_bad_answers (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *id = NULL;
  struct { guint status; const char *type; const char *body; const char *needle; } cases[] = {
    { 200, "text/html", "<html><body>Sign in</body></html>", NULL },
    { 200, "application/json", "{\"detail\": \"Queue is paused\"}", "Queue is paused" },
    { 200, "application/json", "{\"status\": \"IN_QUEUE\", ", NULL },
    { 200, "application/json", "\"IN_QUEUE\"", NULL },
  };

  id = submit_ok (backend, recipe, JOB_A);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      f->override_status = cases[i].status;
      f->override_type = cases[i].type;
      f->override_body = cases[i].body;
      g_assert_false (rushes_backend_poll (backend, id, &status, NULL, NULL, NULL, &error));
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
      g_assert_null (strstr (error->message, TEST_CANARY));
      if (cases[i].needle)
        g_assert_nonnull (strstr (error->message, cases[i].needle));
      g_clear_error (&error);
    }
  f->override_status = 0;

  /* results that are not web addresses are never reported or fetched */
  f->result_json = "{\"video\": {\"url\": \"file:///etc/passwd\", \"file_name\": \"../../evil.mp4\"}}";
  poll_until_done (backend, id, &status, NULL);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);

  {
    g_autofree char *dest = g_build_filename (f->dir, "x.mp4", NULL);

    g_assert_false (rushes_backend_fetch (backend, id, "/etc/passwd", dest, NULL, NULL, NULL, &error));
    g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
    g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  }
}

static void
test_redirect_other_host (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/redirect/output.mp4", fake_server_get_url (f->api));
  g_autofree char *dest = g_build_filename (f->dir, "moved.mp4", NULL);

  g_assert_true (rushes_backend_fetch (backend, APP "/requests/abc", url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", "/files/moved.mp4"), ==, 1);
  /* the first hop (the API origin) carried the key, the second did not */
  g_assert_true (fake_server_saw_header (f->api, "Authorization"));
}

static void
test_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *found = NULL;
  g_autofree char *none = NULL;
  g_autoptr(RushesBackend) restarted = NULL;
  g_autofree char *record_dir = NULL;

  none = rushes_backend_lookup (backend, JOB_B, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  id = submit_ok (backend, recipe, JOB_A);

  /* simulate a crash before the answer was recorded: drop remote_id from
   * the record, then look it up in the platform list */
  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "test-fal", -1);
    g_autofree char *path = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *record;
    g_autoptr(JsonGenerator) gen = json_generator_new ();

    record_dir = g_build_filename (f->dir, "submissions", hash, NULL);
    path = g_build_filename (record_dir, JOB_A ".json", NULL);
    g_assert_true (json_parser_load_from_file (parser, path, NULL));
    record = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpstr (json_object_get_string_member (record, "remote_id"), ==, id);
    json_object_remove_member (record, "remote_id");
    json_generator_set_root (gen, json_parser_get_root (parser));
    g_assert_true (json_generator_to_file (gen, path, NULL));
  }

  restarted = make_backend (f);
  found = rushes_backend_lookup (restarted, JOB_A, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, id);
  g_assert_cmpuint (fake_server_count_requests (f->api, "GET", "/platform/v1/models/requests/by-endpoint"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
}

static void
test_keys (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *id = NULL;

  message = rushes_fal_backend_test (RUSHES_FAL_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_clear_pointer (&message, g_free);

  rushes_secrets_store_sync ("test-fal", NULL, "fal-wrong-key", NULL, NULL);
  message = rushes_fal_backend_test (RUSHES_FAL_BACKEND (backend), NULL, &error);
  g_assert_null (message);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_null (strstr (error->message, "fal-wrong-key"));
  g_clear_error (&error);

  rushes_secrets_clear_sync ("test-fal", NULL, NULL);
  id = rushes_backend_submit (backend, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
}

/* ---- raw sockets ----------------------------------------------------------- */

typedef struct
{
  Fixture    *f;
  guint       connections;
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
      const char *body = "{\"status\": \"IN_PROGRESS\", \"logs\": [{\"message\": \"50%|#####     |\"}]}";
      g_autofree char *resp = NULL;

      if (st->connections == 1)
        {
          fake_raw_reset (socket);
          return;
        }
      resp = g_strdup_printf ("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                              "Connection: close\r\n\r\n%s", strlen (body), body);
      fake_raw_write_str (socket, resp);
    }
  else if (g_str_equal (st->mode, "truncate"))
    {
      const char *range = strstr (head, "Range: bytes=");
      g_autofree char *hdr = NULL;

      if (range == NULL)
        {
          hdr = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: %zu\r\n"
                                 "Connection: close\r\n\r\n", size);
          fake_raw_write_str (socket, hdr);
          fake_raw_write (socket, video, 1500);
        }
      else
        {
          guint64 from = g_ascii_strtoull (range + strlen ("Range: bytes="), NULL, 10);

          hdr = g_strdup_printf ("HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\n"
                                 "Content-Range: bytes %" G_GUINT64_FORMAT "-%zu/%zu\r\nContent-Length: %zu\r\n"
                                 "Connection: close\r\n\r\n", from, size - 1, size, (gsize) (size - from));
          fake_raw_write_str (socket, hdr);
          fake_raw_write (socket, video + from, size - from);
        }
    }
  else
    fake_raw_write_str (socket, "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                                "Content-Length: 88888888888888\r\nConnection: close\r\n\r\nabc");
}

static void
test_connection_reset (Fixture *f, gconstpointer data)
{
  RawState st = { f, 0, "reset" };
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", raw_cb, &st);
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };

  json_object_set_string_member (config, "id", "test-fal");
  json_object_set_string_member (config, "url", fake_raw_server_get_url (raw));
  json_object_set_string_member (config, "api_url", fake_raw_server_get_url (raw));
  backend = rushes_fal_backend_new_from_config (config, &error);
  g_assert_true (rushes_backend_poll (backend, APP "/requests/abc-1", &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_RUNNING);
  g_assert_cmpfloat_with_epsilon (status.progress, 0.5, 1e-9);
  g_assert_cmpuint (st.connections, ==, 2);
  fake_raw_server_free (raw);
}

static void
test_truncated_and_huge (Fixture *f, gconstpointer data)
{
  RawState st = { f, 0, "truncate" };
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.2", raw_cb, &st);
  g_autoptr(RushesBackend) backend = make_backend (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup_printf ("%s/files/output.mp4", fake_raw_server_get_url (raw));
  g_autofree char *lib = g_build_filename (f->dir, "lib", NULL);
  g_autofree char *dest = g_build_filename (lib, "take.mp4", NULL);
  g_autofree char *dest2 = g_build_filename (lib, "huge.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  gsize length;

  g_mkdir_with_parents (lib, 0700);
  g_assert_true (rushes_backend_fetch (backend, APP "/requests/abc", url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  g_assert_cmpuint (st.connections, ==, 2);
  heads = fake_raw_server_get_heads (raw);
  for (guint i = 0; i < heads->len; i++)
    g_assert_null (strstr (g_ptr_array_index (heads, i), "uthorization"));

  st.mode = "huge";
  g_assert_false (rushes_backend_fetch (backend, APP "/requests/abc", url, dest2, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  g_assert_false (g_file_test (dest2, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) d = g_dir_open (lib, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 1);
  }
  fake_raw_server_free (raw);
}

static void
test_config (void)
{
  const char *bad[] = {
    "{}",
    "{\"id\": \"f\", \"url\": \"file:///tmp\"}",
    "{\"id\": \"f\", \"api_url\": \"gopher://x\"}",
    "{\"id\": \"f\", \"model\": \"fal-ai/../../x\"}",
    "{\"id\": \"f\", \"key_env\": \"1BAD\"}",
  };
  g_autoptr(JsonNode) good = json_from_string ("{\"id\": \"f\"}", NULL);
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (bad[i], NULL);
      g_autoptr(RushesBackend) b = rushes_fal_backend_new_from_config (json_node_get_object (node), &error);

      g_assert_null (b);
      g_assert_nonnull (error);
      g_clear_error (&error);
    }

  backend = rushes_fal_backend_new_from_config (json_node_get_object (good), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_fal_backend_get_url (RUSHES_FAL_BACKEND (backend)), ==, "https://queue.fal.run");
  caps = rushes_backend_get_capabilities (backend);
  g_assert_true (caps->fields & RUSHES_FIELD_NEGATIVE_PROMPT);
  g_assert_true (caps->fields & RUSHES_FIELD_STEPS);
  g_assert_true (g_strv_contains ((const char * const *) caps->models, "fal-ai/mochi-v1"));
}

/* ---- kill and restart through the engine ------------------------------------ */

#define KEY_ENV "RUSHES_TEST_FAL_KEY"

static RushesJobQueue *
engine_new (const char *queue_url, const char *platform_url, const char *dir, RushesBackendRegistry **registry_out)
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
  if (rushes_backend_registry_lookup (registry, "test-fal") == NULL)
    {
      g_autoptr(JsonObject) config = json_object_new ();

      json_object_set_string_member (config, "id", "test-fal");
      json_object_set_string_member (config, "kind", "fal");
      json_object_set_string_member (config, "url", queue_url);
      json_object_set_string_member (config, "api_url", platform_url);
      json_object_set_string_member (config, "key_env", KEY_ENV);
      json_object_set_string_member (config, "state_dir", dir);
      g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));
      g_assert_no_error (error);
    }

  queue = rushes_job_queue_new (registry, journal);
  rushes_job_queue_set_library_dir (queue, library_dir);
  rushes_job_queue_set_poll_interval (queue, 50);
  *registry_out = g_steal_pointer (&registry);
  return queue;
}

static int
child_queue_main (int argc, char **argv)
{
  /* argv: prog --child-queue QUEUE PLATFORM DIR */
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  queue = engine_new (argv[2], argv[3], argv[4], &registry);
  rushes_recipe_set_backend (recipe, "test-fal");
  if (rushes_job_queue_submit (queue, recipe, &error) == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 4;
    }
  g_main_loop_run (loop);
  return 0;
}

/* the job's worker thread has returned (its last journal write done) */
static gboolean
worker_gone (gpointer job)
{
  return !_rushes_job_get_worker_active (job);
}

static void
test_engine_kill_running (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  RushesJob *job;
  GStatBuf st;
  Req *r = NULL;

  f->running_polls = 100000;
  g_setenv (KEY_ENV, TEST_CANARY, TRUE);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_exe, "--child-queue",
                            f->queue, f->platform, f->dir, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 400; i++)
    {
      g_mutex_lock (&f->lock);
      r = f->order->len > 0 ? g_ptr_array_index (f->order, 0) : NULL;
      if (r != NULL && r->polls >= 3)
        {
          g_mutex_unlock (&f->lock);
          break;
        }
      g_mutex_unlock (&f->lock);
      g_usleep (25 * 1000);
    }
  g_assert_nonnull (r);
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  g_mutex_lock (&f->lock);
  f->running_polls = r->polls + 1;
  g_mutex_unlock (&f->lock);

  queue = engine_new (f->queue, f->platform, f->dir, &registry);
  g_assert_cmpuint (rushes_job_queue_resume (queue, NULL, NULL), ==, 1);
  for (guint i = 0; i < 2000 && rushes_job_queue_get_n_active (queue) > 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5 * 1000);
    }
  job = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  /* its worker's last writes done before the test's folder goes */
  test_wait_until (worker_gone, job, 30000);
  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    g_error ("resumed job ended %s: %s", rushes_job_state_to_string (rushes_job_get_state (job)),
             rushes_job_get_error_message (job));
  g_assert_cmpint (g_stat (rushes_job_get_take_path (job), &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, (gint64) g_bytes_get_size (f->video));
  g_object_unref (job);
  g_assert_cmpuint (f->order->len, ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->api, "POST", NULL), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->files, "GET", NULL), ==, 1);
  rushes_job_queue_shutdown (queue);
}

/* `rushes generate` with no size, fps or length: the model's own; a length
 * it cannot make is refused naming the one it makes */
static void
test_cli_model_defaults (Fixture *f, gconstpointer data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *file = g_build_filename (f->dir, "backends.json", NULL);
  g_autofree char *state = g_build_filename (f->dir, "state", NULL);
  g_autofree char *take = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *config = NULL;
  const char *exe = g_getenv ("RUSHES_EXE");
  JsonObject *input;

  if (exe == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }
  /* `rushes generate` names and tags a take by what its bytes are */
  g_mutex_lock (&f->lock);
  g_bytes_unref (f->video);
  f->video = media_fixture_small_mp4 ();
  g_mutex_unlock (&f->lock);
  config = g_strdup_printf ("{\"version\": 1, \"default\": \"f\", \"backends\": [{\"id\": \"f\", \"kind\": \"fal\","
                            " \"url\": \"%s\", \"api_url\": \"%s\", \"storage_url\": \"%s\","
                            " \"key_env\": \"RUSHES_TEST_FAL_KEY\"}]}",
                            f->queue, f->platform, fake_server_get_url (f->api));
  g_assert_true (g_file_set_contents (file, config, -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "RUSHES_BACKENDS_FILE", file, TRUE);
  g_subprocess_launcher_setenv (launcher, "RUSHES_TEST_FAL_KEY", TEST_CANARY, TRUE);
  /* GLib's isolated folders are per test case, not in the environment */
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", state, TRUE);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      if (round == 0)   /* Sketch's 4 s and 30 steps do not come into it */
        proc = g_subprocess_launcher_spawn (launcher, &error, exe, "generate", "--model", MODEL,
                                            "--prompt", "a kite over dunes", "--output", take, NULL);
      else              /* it makes 5 s only */
        proc = g_subprocess_launcher_spawn (launcher, &error, exe, "generate", "--model", MODEL,
                                            "--seconds", "2", "--prompt", "a kite over dunes", "--output", take, NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
      g_assert_no_error (error);
      g_assert_null (strstr (err, TEST_CANARY));
      if (round == 0)
        {
          if (g_subprocess_get_exit_status (proc) != 0)
            g_error ("generate failed: %s", err);
          g_assert_true (g_file_test (take, G_FILE_TEST_IS_REGULAR));
        }
      else
        {
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
          g_assert_nonnull (strstr (err, "--seconds 2: the length must be 5 s on " MODEL));
        }
    }

  /* one request, with the model's inputs; the recipe beside the take has its length */
  g_assert_cmpuint (f->order->len, ==, 1);
  input = json_node_get_object (((Req *) g_ptr_array_index (f->order, 0))->input);
  g_assert_cmpstr (json_object_get_string_member (input, "prompt"), ==, "a kite over dunes");
  g_assert_cmpint (json_object_get_int_member (input, "num_inference_steps"), ==, 28);
  g_assert_cmpstr (json_object_get_string_member (input, "resolution"), ==, "480p");
  {
    g_autofree char *sidecar = rushes_take_sidecar_path_for (take);
    g_autoptr(RushesTake) t = NULL;
    g_autoptr(GError) error = NULL;

    t = rushes_take_new_from_sidecar (sidecar, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (rushes_take_get_recipe (t)), 5, 1e-9);
    g_assert_cmpuint (rushes_recipe_get_steps (rushes_take_get_recipe (t)), ==, 28);
    g_assert_cmpuint (rushes_recipe_get_fps (rushes_take_get_recipe (t)), ==, 24);
    g_assert_cmpuint (rushes_recipe_get_width (rushes_take_get_recipe (t)), ==, 848);
  }
}

int
main (int argc, char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--child-queue"))
    return child_queue_main (argc, argv);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, func) g_test_add ("/fal/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/fal/config", test_config);
  ADD ("success", test_success);
  ADD ("cli-model-defaults", test_cli_model_defaults);
  ADD ("failure", test_failure);
  ADD ("cancel", test_cancel);
  ADD ("cancel-reattached", test_cancel_reattached);
  ADD ("start-image-upload", test_start_image_upload);
  ADD ("validation-error", test_validation_error);
  ADD ("rate-limited", test_rate_limited);
  ADD ("server-errors", test_server_errors);
  ADD ("bad-answers", test_bad_answers);
  ADD ("redirect-other-host", test_redirect_other_host);
  ADD ("lookup", test_lookup);
  ADD ("keys", test_keys);
  ADD ("connection-reset", test_connection_reset);
  ADD ("truncated-and-huge-download", test_truncated_and_huge);
  ADD ("engine-kill-running", test_engine_kill_running);
#undef ADD

  return g_test_run ();
}
