/* test-gradio.c: the Gradio backend against a fake Gradio app
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake speaks gradio.md: GET /config, <prefix>/info, POST
 * <prefix>/call/<api>, the event stream GET <prefix>/call/<api>/<event>,
 * <prefix>/file=<path>, <prefix>/upload, <prefix>/cancel. Version 5 style
 * ("/gradio_api" prefix, FileData output) or version 4 style (no prefix,
 * {"video": FileData} output).
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "rushes-gradio-backend.h"
#include "rushes-backend-kinds.h"
#include "rushes-secrets.h"
#include "rushes-sse.h"
#include "rushes-recipe.h"
#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-journal.h"
#include "fake-server.h"
#include "test-common.h"
#include "test-util.h"

typedef enum
{
  MODE_V5,
  MODE_V4,
  MODE_ERROR_HIDDEN,
  MODE_ERROR_MESSAGE,
  MODE_HOLD,
  MODE_OTHER_HOST,
  MODE_UNSAFE,
  MODE_NO_VIDEO,
  MODE_HTML,
  MODE_HF_HEADER, /* the proxy wants X-HF-Authorization */
  MODE_FLAKY,   /* /config 503 once, POST /call 429 once, file via redirect to a truncating host */
} Mode;

typedef struct
{
  FakeServer *app;
  FakeServer *other;    /* 127.0.0.2: a file host that must not see the token */
  RushesGradioBackend *backend;
  Mode mode;
  char *dir;
  GBytes *video;
  GMutex lock;
  char *call_body;
  char *cancel_body;
  gint n_config;
  gint n_call;
  gint n_raw;
  FakeRawServer *raw;
} Fixture;

static const char *
prefix_for (Fixture *f)
{
  return f->mode == MODE_V4 ? "" : "/gradio_api";
}

static gboolean
refused (Fixture *f, SoupServerMessage *msg)
{
  if (f->mode != MODE_HF_HEADER
      || soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-HF-Authorization") != NULL)
    return FALSE;
  fake_reply_json (msg, 401, "{\"error\": \"Invalid credentials in Authorization header\"}");
  return TRUE;
}

static void
config_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  if (refused (f, msg))
    return;

  if (f->mode == MODE_FLAKY && g_atomic_int_add (&f->n_config, 1) == 0)
    fake_reply_json (msg, 503, "{\"detail\": \"waking up\"}");
  else if (f->mode == MODE_HTML)
    fake_reply_text (msg, 200, "text/html", "<!doctype html><html>Space is sleeping</html>");
  else if (f->mode == MODE_V4)
    fake_reply_json (msg, 200, "{\"version\": \"4.44.0\", \"protocol\": \"sse_v3\", \"dependencies\": [{\"id\": 3, \"api_name\": \"generate\"}]}");
  else
    fake_reply_json (msg, 200, "{\"version\": \"5.49.0\", \"api_prefix\": \"/gradio_api\", \"protocol\": \"sse_v3\","
                               " \"dependencies\": [{\"id\": 0, \"api_name\": \"lambda\"}, {\"id\": 1, \"api_name\": \"generate\"}]}");
}

static void
info_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  const char *video_return = f->mode == MODE_NO_VIDEO ? "Textbox" : "Video";

  if (refused (f, msg))
    return;
  g_autofree char *answer = g_strdup_printf (
    "{\"named_endpoints\": {"
    " \"/lambda\": {\"parameters\": [{\"label\": \"x\", \"parameter_name\": \"x\", \"parameter_has_default\": false, \"component\": \"Textbox\"}],"
    "              \"returns\": [{\"label\": \"out\", \"component\": \"Textbox\"}]},"
    " \"/generate\": {\"parameters\": ["
    "   {\"label\": \"Prompt\", \"parameter_name\": \"prompt\", \"parameter_has_default\": false, \"parameter_default\": null, \"type\": {\"type\": \"string\"}, \"component\": \"Textbox\"},"
    "   {\"label\": \"Negative prompt\", \"parameter_name\": \"negative_prompt\", \"parameter_has_default\": true, \"parameter_default\": \"ugly\", \"type\": {\"type\": \"string\"}, \"component\": \"Textbox\"},"
    "   {\"label\": \"Seed\", \"parameter_name\": \"seed\", \"parameter_has_default\": true, \"parameter_default\": 0, \"type\": {\"type\": \"number\"}, \"component\": \"Slider\"},"
    "   {\"label\": \"Randomize seed\", \"parameter_name\": \"randomize_seed\", \"parameter_has_default\": true, \"parameter_default\": true, \"type\": {\"type\": \"boolean\"}, \"component\": \"Checkbox\"},"
    "   {\"label\": \"Frames\", \"parameter_name\": \"num_frames\", \"parameter_has_default\": true, \"parameter_default\": 49, \"type\": {\"type\": \"integer\"}, \"component\": \"Slider\"},"
    "   {\"label\": \"Style\", \"parameter_name\": \"style\", \"parameter_has_default\": true, \"parameter_default\": \"cinematic\", \"type\": {\"type\": \"string\"}, \"component\": \"Dropdown\"},"
    "   {\"label\": \"Start image\", \"parameter_name\": \"image\", \"parameter_has_default\": true, \"parameter_default\": null, \"type\": {}, \"component\": \"Image\"}"
    " ], \"returns\": [{\"label\": \"Video\", \"type\": {\"type\": \"object\"}, \"component\": \"%s\"}]}},"
    " \"unnamed_endpoints\": {}}", video_return);

  fake_reply_json (msg, 200, answer);
}

static void
call_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  const char *rest = strstr (path, "/call/") + strlen ("/call/");

  if (refused (f, msg))
    return;

  if (strcmp (soup_server_message_get_method (msg), "POST") == 0)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

      if (f->mode == MODE_FLAKY && g_atomic_int_add (&f->n_call, 1) == 0)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
          fake_reply_json (msg, 429, "{\"detail\": \"Too many requests\"}");
          return;
        }
      if (strcmp (rest, "generate") != 0)
        {
          fake_reply_json (msg, 404, "{\"detail\": \"Not Found\"}");
          return;
        }
      g_mutex_lock (&f->lock);
      g_free (f->call_body);
      f->call_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_mutex_unlock (&f->lock);
      fake_reply_json (msg, 200, "{\"event_id\": \"b2f1c0de9f6a4c0e8f1a2b3c4d5e6f70\"}");
      return;
    }

  if (strcmp (rest, "generate/b2f1c0de9f6a4c0e8f1a2b3c4d5e6f70") != 0)
    {
      const char *chunks[] = { "event: error\ndata: \"Event not found\"\n\n", NULL };
      fake_reply_chunks (s, msg, "text/event-stream", chunks, 10, FALSE, NULL);
      return;
    }

  {
    g_autofree char *file_url = NULL;
    g_autofree char *complete = NULL;
    const char *file_path = "/tmp/gradio/5f2c/out.mp4";
    const char *orig = f->mode == MODE_UNSAFE ? "../../out.mp4" : "out.mp4";

    if (f->mode == MODE_OTHER_HOST)
      file_url = g_strdup_printf ("%s/files/out.mp4", fake_server_get_url (f->other));
    else
      file_url = g_strdup_printf ("%s%s/file=%s", fake_server_get_url (f->app), prefix_for (f), file_path);

    if (f->mode == MODE_V4)
      complete = g_strdup_printf ("event: complete\ndata: [{\"video\": {\"path\": \"%s\", \"url\": \"%s\", \"size\": null, \"orig_name\": \"%s\","
                                  " \"mime_type\": null, \"is_stream\": false, \"meta\": {\"_type\": \"gradio.FileData\"}}, \"subtitles\": null}]\n\n",
                                  file_path, file_url, orig);
    else
      complete = g_strdup_printf ("event: complete\r\ndata: [{\"path\": \"%s\", \"url\": \"%s\", \"size\": null, \"orig_name\": \"%s\","
                                  " \"mime_type\": null, \"is_stream\": false, \"meta\": {\"_type\": \"gradio.FileData\"}}]\r\n\r\n",
                                  file_path, file_url, orig);
    {
      const char *error_hidden = "event: error\ndata: {\"error\": null}\n\n";
      const char *error_message = "event: error\ndata: {\"error\": \"CUDA out of memory. Try fewer frames.\", \"title\": \"Error\", \"visible\": true}\n\n";
      const char *chunks[] = {
        "event: heartbeat\ndata: null\n\n",
        ": a comment line\n",
        "event: generating\nda",
        "ta: [\"step 1\"]\n\n",
        f->mode == MODE_ERROR_HIDDEN ? error_hidden
        : f->mode == MODE_ERROR_MESSAGE ? error_message : complete,
        NULL
      };
      const char *hold[] = { "event: heartbeat\ndata: null\n\n", NULL };

      if (f->mode == MODE_HOLD)
        fake_reply_chunks (s, msg, "text/event-stream", hold, 50, TRUE, "event: heartbeat\ndata: null\n\n");
      else
        fake_reply_chunks (s, msg, "text/event-stream", chunks, 20, FALSE, NULL);
    }
  }
}

static void
file_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  if (f->mode == MODE_FLAKY && s == f->app)
    {
      g_autofree char *target = g_strdup_printf ("%s/cdn/out.mp4", fake_raw_server_get_url (f->raw));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", target);
      fake_reply_text (msg, 307, "text/plain", "");
      return;
    }

  fake_reply_bytes (msg, 200, "video/mp4", f->video);
}

static void
upload_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *mp = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  GHashTable *params = NULL;
  SoupMessageHeaders *h;
  GBytes *part;
  char *disp = NULL;
  gboolean named_files = FALSE;

  if (mp != NULL && soup_multipart_get_length (mp) == 1
      && soup_multipart_get_part (mp, 0, &h, &part)
      && soup_message_headers_get_content_disposition (h, &disp, &params))
    {
      named_files = g_strcmp0 (g_hash_table_lookup (params, "name"), "files") == 0;
      g_free (disp);
      g_hash_table_destroy (params);
    }
  if (mp != NULL)
    soup_multipart_free (mp);
  if (!named_files)
    fake_reply_json (msg, 422, "{\"detail\": \"files missing\"}");
  else
    fake_reply_json (msg, 200, "[\"/tmp/gradio/0a1b/start.png\"]");
}

static void
cancel_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_mutex_lock (&f->lock);
  g_free (f->cancel_body);
  f->cancel_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_mutex_unlock (&f->lock);
  fake_reply_json (msg, 200, "{\"success\": true}");
}

static void
cdn_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  Fixture *f = data;

  fake_raw_serve_resumable (sock, head, f->video, g_atomic_int_add (&f->n_raw, 1), 1000, FALSE);
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint8 *bytes = g_malloc (30000);
  const char *prefix;
  g_autofree char *p_info = NULL, *p_call = NULL, *p_file = NULL, *p_upload = NULL, *p_cancel = NULL;

  for (guint i = 0; i < 30000; i++)
    bytes[i] = (guint8) (i * 13);
  f->video = g_bytes_new_take (bytes, 30000);
  f->mode = GPOINTER_TO_INT (data);
  g_mutex_init (&f->lock);
  prefix = prefix_for (f);
  p_info = g_strconcat (prefix, "/info", NULL);
  p_call = g_strconcat (prefix, "/call/*", NULL);
  p_file = g_strconcat (prefix, "/file=*", NULL);
  p_upload = g_strconcat (prefix, "/upload", NULL);
  p_cancel = g_strconcat (prefix, "/cancel", NULL);

  f->app = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->app, "/config", config_cb, f);
  fake_server_add_handler (f->app, p_info, info_cb, f);
  fake_server_add_handler (f->app, p_call, call_cb, f);
  fake_server_add_handler (f->app, p_file, file_cb, f);
  fake_server_add_handler (f->app, p_upload, upload_cb, f);
  fake_server_add_handler (f->app, p_cancel, cancel_cb, f);
  fake_server_start (f->app);

  f->other = fake_server_new ("127.0.0.2");
  fake_server_add_handler (f->other, "/files/*", file_cb, f);
  fake_server_start (f->other);
  f->raw = fake_raw_server_new ("127.0.0.2", cdn_raw, f);

  f->backend = rushes_gradio_backend_new ("ltx-space", "LTX Space", fake_server_get_url (f->app), &error);
  g_assert_no_error (error);
  rushes_http_client_set_retry_policy (rushes_gradio_backend_get_http_client (f->backend), 2, 10, 5);
  rushes_gradio_backend_set_token (f->backend, "hf_" TEST_CANARY, NULL);

  f->dir = g_build_filename (g_get_user_data_dir (), "library", NULL);
  g_mkdir_with_parents (f->dir, 0700);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->dir);
  g_clear_object (&f->backend);
  fake_server_free (f->app);
  fake_server_free (f->other);
  fake_raw_server_free (f->raw);
  g_bytes_unref (f->video);
  g_free (f->call_body);
  g_free (f->cancel_body);
  g_mutex_clear (&f->lock);
  g_free (f->dir);
}

static RushesRecipe *
make_recipe (void)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_backend (recipe, "ltx-space");
  rushes_recipe_set_prompt (recipe, "a paper boat on a pond");
  rushes_recipe_set_seconds (recipe, 4.0);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_seed (recipe, 1234);
  return recipe;
}

static void
run_job (Fixture *f, RushesRecipe *recipe, RushesRemoteStatus *status, char **remote_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  char *remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (remote, ==, "b2f1c0de9f6a4c0e8f1a2b3c4d5e6f70:/generate");
  g_assert_true (rushes_backend_poll (RUSHES_BACKEND (f->backend), remote, status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  *remote_out = remote;
}

static void
check_success (Fixture *f)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_auto(RushesRemoteStatus) again = { 0 };
  g_autofree char *remote = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) reqs = NULL;
  JsonArray *data;
  gsize len = 0;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);
  expected_url = g_strdup_printf ("%s%s/file=/tmp/gradio/5f2c/out.mp4", fake_server_get_url (f->app), prefix_for (f));
  g_assert_cmpstr (status.results[0], ==, expected_url);

  /* positional data in /info order, defaults for what Rushes does not set */
  g_mutex_lock (&f->lock);
  g_assert_true (json_parser_load_from_data (parser, f->call_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  data = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data");
  g_assert_cmpuint (json_array_get_length (data), ==, 7);
  g_assert_cmpstr (json_array_get_string_element (data, 0), ==, "a paper boat on a pond");
  g_assert_cmpstr (json_array_get_string_element (data, 1), ==, "ugly");
  g_assert_cmpint (json_array_get_int_element (data, 2), ==, 1234);
  g_assert_false (json_array_get_boolean_element (data, 3));
  g_assert_cmpint (json_array_get_int_element (data, 4), ==, 96);
  g_assert_cmpstr (json_array_get_string_element (data, 5), ==, "cinematic");
  g_assert_true (json_array_get_null_element (data, 6));

  /* a second poll (e.g. after a hiccup) does not open the stream again */
  g_assert_true (rushes_backend_poll (RUSHES_BACKEND (f->backend), remote, &again, NULL, NULL, NULL, &error));
  g_assert_cmpint (again.state, ==, RUSHES_REMOTE_SUCCEEDED);
  {
    g_autofree char *stream_path = g_strconcat (prefix_for (f), "/call/generate/b2f1c0de9f6a4c0e8f1a2b3c4d5e6f70", NULL);
    g_assert_cmpuint (fake_server_count_requests (f->app, "GET", stream_path), ==, 1);
  }

  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));

  /* the token went to the app on every request */
  reqs = fake_server_get_requests (f->app);
  for (guint i = 0; i < reqs->len; i++)
    g_assert_cmpstr (soup_message_headers_get_one (((FakeRequest *) g_ptr_array_index (reqs, i))->headers, "Authorization"),
                     ==, "Bearer hf_" TEST_CANARY);
}

static void
test_success_v5 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = rushes_gradio_backend_discover (f->backend, NULL, &error);
  g_autoptr(RushesCapabilities) caps = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "api_prefix"), ==, "/gradio_api");
  g_assert_cmpstr (json_object_get_string_member (info, "api_name"), ==, "/generate");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (info, "unmapped")), ==, 1);
  caps = rushes_backend_get_capabilities (RUSHES_BACKEND (f->backend));
  g_assert_cmpint (caps->fields, ==, RUSHES_FIELD_NEGATIVE_PROMPT | RUSHES_FIELD_SEED | RUSHES_FIELD_SECONDS | RUSHES_FIELD_START_IMAGE);
  check_success (f);
}

static void
test_success_v4 (Fixture *f, gconstpointer data)
{
  check_success (f);
  g_assert_cmpuint (fake_server_count_requests (f->app, "GET", "/info"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->app, "POST", "/call/generate"), ==, 1);
}

static void
test_error_hidden (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "without saying why"));
}

static void
test_error_message (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "CUDA out of memory"));
}

typedef struct
{
  Fixture *f;
  char *remote;
  RushesRemoteStatus status;
  gboolean ok;
  gint64 returned_at;
} PollThread;

static gpointer
poll_thread (gpointer data)
{
  PollThread *pt = data;

  pt->ok = rushes_backend_poll (RUSHES_BACKEND (pt->f->backend), pt->remote, &pt->status, NULL, NULL, NULL, NULL);
  pt->returned_at = g_get_monotonic_time ();
  return NULL;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  PollThread pt = { f };
  GThread *thread;
  gint64 cancelled_at;

  pt.remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("poll", poll_thread, &pt);
  g_usleep (300000);   /* stream open, heartbeats flowing */

  cancelled_at = g_get_monotonic_time ();
  g_assert_true (rushes_backend_cancel (RUSHES_BACKEND (f->backend), pt.remote, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_true (pt.ok);
  g_assert_cmpint (pt.status.state, ==, RUSHES_REMOTE_CANCELLED);
  g_assert_cmpint (pt.returned_at - cancelled_at, <, 500000);
  g_mutex_lock (&f->lock);
  g_assert_nonnull (f->cancel_body);
  g_assert_nonnull (strstr (f->cancel_body, "\"fn_index\":1"));
  g_mutex_unlock (&f->lock);
  /* the app saw the stream close */
  for (guint i = 0; i < 100 && fake_server_get_n_disconnects (f->app) == 0; i++)
    g_usleep (10000);
  g_assert_cmpuint (fake_server_get_n_disconnects (f->app), ==, 1);
  rushes_remote_status_clear (&pt.status);
  g_free (pt.remote);
}

static void
test_other_host_result (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_true (g_str_has_prefix (status.results[0], fake_server_get_url (f->other)));
  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->other, "GET", "/files/out.mp4"), ==, 1);
  g_assert_false (fake_server_saw_header (f->other, "Authorization"));
  g_assert_true (fake_server_saw_header (f->app, "Authorization"));
}

static void
test_flaky (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  gsize len = 0;

  /* 503 on /config and 429 on the POST are both retried; the POST only
   * because a 429 means the app did not start anything */
  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&f->n_config), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&f->n_call), ==, 2);

  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  heads = fake_raw_server_get_heads (f->raw);
  g_assert_cmpuint (heads->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "Range: bytes=1000-"));
  for (guint i = 0; i < heads->len; i++)
    g_assert_null (strstr (g_ptr_array_index (heads, i), TEST_CANARY));
}

static void
test_hf_header (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;
  g_autoptr(GPtrArray) reqs = NULL;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  reqs = fake_server_get_requests (f->app);
  /* the first try used Authorization, everything after X-HF-Authorization */
  g_assert_nonnull (soup_message_headers_get_one (((FakeRequest *) g_ptr_array_index (reqs, 0))->headers, "Authorization"));
  for (guint i = 1; i < reqs->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (reqs, i);
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "X-HF-Authorization"), ==, "Bearer hf_" TEST_CANARY);
      g_assert_null (soup_message_headers_get_one (r->headers, "Authorization"));
    }
}

static void
test_unsafe_name (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote = NULL;

  run_job (f, recipe, &status, &remote);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "unsafe"));
}

static void
test_no_video_endpoint (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, NULL, NULL, NULL, &error);

  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "api_name"));
  g_assert_cmpuint (fake_server_count_requests (f->app, "POST", NULL), ==, 0);
}

static void
test_html_config (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = rushes_gradio_backend_discover (f->backend, NULL, &error);

  g_assert_null (info);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "web page"));
}

static void
test_start_image (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *image = g_build_filename (f->dir, "start.png", NULL);
  g_autofree char *remote = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *fd;

  g_assert_true (g_file_set_contents (image, "\x89PNG\r\n\x1a\nfake", 12, NULL));
  rushes_recipe_set_start_image (recipe, image);
  remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_mutex_lock (&f->lock);
  g_assert_true (json_parser_load_from_data (parser, f->call_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  fd = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data"), 6);
  g_assert_cmpstr (json_object_get_string_member (fd, "path"), ==, "/tmp/gradio/0a1b/start.png");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (fd, "meta"), "_type"), ==, "gradio.FileData");
}

static gboolean
job_finished_cond (gpointer job)
{
  return rushes_job_is_finished (job);
}

static void
test_engine_end_to_end (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  RushesJob *job;
  gsize len = 0;

  rushes_job_queue_set_library_dir (queue, f->dir);
  rushes_job_queue_set_poll_interval (queue, 20);
  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (f->backend), 1);

  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);

  test_wait_until (job_finished_cond, job, 15000);

  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_true (g_file_get_contents (rushes_job_get_take_path (job), &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));

  rushes_job_queue_shutdown (queue);
  test_drain ();
}

/* ---- SSE parser ------------------------------------------------------------------- */

static gboolean
collect_cb (const char *event, const char *data, gpointer user_data)
{
  GString *log = user_data;

  g_string_append_printf (log, "[%s|%s]", event, data);
  return strcmp (event, "stop") != 0;
}

static void
test_sse_parser (void)
{
  GString *log = g_string_new (NULL);
  g_autoptr(RushesSseParser) parser = rushes_sse_parser_new (collect_cb, log, 64);
  const char *stream = "event: heartbeat\r\ndata: null\r\n\r\n: comment\n\ndata: a\ndata: b\n\nevent: x\rdata:y\r\r"
                       "event: stop\ndata: 1\n\nevent: after\ndata: 2\n\n";
  gboolean overflow = TRUE;
  gboolean go_on = TRUE;

  /* one byte at a time: lines split anywhere */
  for (gsize i = 0; stream[i] && go_on; i++)
    go_on = rushes_sse_parser_feed (parser, stream + i, 1, &overflow);
  g_assert_false (go_on);
  g_assert_false (overflow);
  g_assert_cmpstr (log->str, ==, "[heartbeat|null][message|a\nb][x|y][stop|1]");
  g_string_free (log, TRUE);

  {
    GString *log2 = g_string_new (NULL);
    g_autoptr(RushesSseParser) small = rushes_sse_parser_new (collect_cb, log2, 16);
    g_autofree char *big = g_strnfill (100, 'z');

    g_assert_true (rushes_sse_parser_feed (small, "data: ", 6, &overflow));
    g_assert_false (rushes_sse_parser_feed (small, big, 100, &overflow));
    g_assert_true (overflow);
    g_string_free (log2, TRUE);
  }
}

static void
test_config_space (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesBackend) bad = NULL;

  g_assert_true (json_parser_load_from_data (parser, "{\"id\": \"s\", \"kind\": \"gradio\", \"space\": \"Lightricks/LTX_Video.Demo\"}", -1, NULL));
  backend = rushes_gradio_backend_new_from_config (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_backend_get_kind (backend), ==, "gradio");
  g_assert_true (rushes_backend_is_remote (backend));

  g_assert_true (json_parser_load_from_data (parser, "{\"id\": \"s\", \"url\": \"file:///etc\"}", -1, NULL));
  bad = rushes_gradio_backend_new_from_config (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_null (bad);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
}

/* The HF token comes from the keyring by backend id like every other key
 * (set in the Backends page), and a key stored or removed while the backend
 * lives is followed; "Test connection" lists the app's endpoints. */
static void
test_keyring_token (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *summary = NULL;

  json_object_set_string_member (config, "id", "keyed-space");
  json_object_set_string_member (config, "url", fake_server_get_url (f->app));
  backend = rushes_gradio_backend_new_from_config (config, &error);
  g_assert_no_error (error);

  summary = rushes_backend_kinds_test_connection (backend, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (summary, "Gradio"));
  g_assert_nonnull (strstr (summary, "/generate"));
  g_assert_false (fake_server_saw_header (f->app, "Authorization"));

  g_assert_true (rushes_secrets_store_sync ("keyed-space", NULL, "hf_" TEST_CANARY "-kr", NULL, &error));
  g_assert_no_error (error);
  fake_server_clear_requests (f->app);
  info = rushes_gradio_backend_discover (RUSHES_GRADIO_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, json_object_unref);
  g_assert_cmpuint (fake_server_count_requests (f->app, NULL, NULL), >, 0);
  g_assert_cmpuint (fake_server_count_header (f->app, "Authorization", "Bearer hf_" TEST_CANARY "-kr"), ==,
                    fake_server_count_requests (f->app, NULL, NULL));

  g_assert_true (rushes_secrets_clear_sync ("keyed-space", NULL, &error));
  fake_server_clear_requests (f->app);
  info = rushes_gradio_backend_discover (RUSHES_GRADIO_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->app, NULL, NULL), >, 0);
  g_assert_false (fake_server_saw_header (f->app, "Authorization"));
}

int
main (int argc, char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* keys from an in-process table: no session bus, nothing on disk */
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, mode, fn) g_test_add (path, Fixture, GINT_TO_POINTER (mode), setup, fn, teardown)
  ADD ("/gradio/success-v5", MODE_V5, test_success_v5);
  ADD ("/gradio/success-v4", MODE_V4, test_success_v4);
  ADD ("/gradio/error-hidden", MODE_ERROR_HIDDEN, test_error_hidden);
  ADD ("/gradio/error-message", MODE_ERROR_MESSAGE, test_error_message);
  ADD ("/gradio/cancel", MODE_HOLD, test_cancel);
  ADD ("/gradio/other-host-result", MODE_OTHER_HOST, test_other_host_result);
  ADD ("/gradio/unsafe-name", MODE_UNSAFE, test_unsafe_name);
  ADD ("/gradio/flaky", MODE_FLAKY, test_flaky);
  ADD ("/gradio/hf-header", MODE_HF_HEADER, test_hf_header);
  ADD ("/gradio/no-video-endpoint", MODE_NO_VIDEO, test_no_video_endpoint);
  ADD ("/gradio/html-config", MODE_HTML, test_html_config);
  ADD ("/gradio/start-image", MODE_V5, test_start_image);
  ADD ("/gradio/engine-end-to-end", MODE_V5, test_engine_end_to_end);
  ADD ("/gradio/keyring-token", MODE_V5, test_keyring_token);
#undef ADD
  g_test_add_func ("/gradio/sse-parser", test_sse_parser);
  g_test_add_func ("/gradio/config-space", test_config_space);

  return g_test_run ();
}
