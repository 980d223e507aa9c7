/* test-http.c: RushesHttpClient against fake servers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "rushes-remote-util.h"
#include "fake-server.h"
#include "test-common.h"

typedef struct
{
  FakeServer *a;          /* 127.0.0.1: the API host, credential belongs here */
  FakeServer *b;          /* 127.0.0.2: "another host" (storage, redirect target) */
  RushesHttpClient *client;
  char *dir;
  gint hits;              /* handler call counter (atomic) */
  GBytes *payload;        /* a file to serve */
} Fixture;

/* ---- handlers ----------------------------------------------------------- */

static void
ok_json_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  g_atomic_int_inc (&f->hits);
  fake_reply_json (msg, 200, "{\"ok\": true, \"n\": 42}");
}

static void
flaky_429_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  if (g_atomic_int_add (&f->hits, 1) == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      fake_reply_json (msg, 429, "{\"detail\": \"slow down\"}");
      return;
    }
  fake_reply_json (msg, 200, "{\"ok\": true}");
}

static void
flaky_503_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  if (g_atomic_int_add (&f->hits, 1) < 2)
    {
      fake_reply_text (msg, 503, "text/html", "<html><body>Bad gateway</body></html>");
      return;
    }
  fake_reply_json (msg, 200, "{\"ok\": true}");
}

static void
always_429_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  g_atomic_int_inc (&f->hits);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "3600");
  fake_reply_json (msg, 429, "{\"detail\": \"quota\"}");
}

static void
unauthorized_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 401, "{\"detail\": \"Invalid token.\"}");
}

static void
html_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_text (msg, 200, "text/html", "<!doctype html><html><body>Sign in</body></html>");
}

static void
malformed_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 200, "{\"ok\": tru");
}

static void
big_json_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  GString *str = g_string_new ("[");

  for (guint i = 0; i < 20000; i++)
    g_string_append (str, "1234567890,");
  g_string_append (str, "0]");
  fake_reply_json (msg, 200, str->str);
  g_string_free (str, TRUE);
}

static void
bad_request_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 400, "{\"error\": {\"type\": \"x\", \"message\": \"Prompt outputs failed validation\"}, \"node_errors\": {\"1\": {}}}");
}

static void
file_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  g_atomic_int_inc (&f->hits);
  fake_reply_bytes (msg, 200, "video/mp4", f->payload);
}

static void
empty_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_text (msg, 200, "video/mp4", "");
}

static void
redirect_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autofree char *target = g_strdup_printf ("%s/file.mp4", fake_server_get_url (f->b));

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", target);
  fake_reply_text (msg, 302, "text/plain", "");
}

static void
redirect_same_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", "/json");
  fake_reply_text (msg, 307, "text/plain", "");
}

static void
slow_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  const char *chunks[] = { NULL };

  fake_reply_chunks (s, msg, "application/json", chunks, 100, TRUE, " ");
}

static void
sse_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  const char *chunks[] = { "event: heartbeat\ndata: null\n\n", "event: complete\n", "data: [1]\n\n", NULL };

  fake_reply_chunks (s, msg, "text/event-stream", chunks, 20, FALSE, NULL);
}

static void
upload_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *mp = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  g_autofree char *answer = NULL;
  GString *names = g_string_new (NULL);

  if (mp == NULL)
    {
      fake_reply_text (msg, 400, "text/plain", "");
      g_string_free (names, TRUE);
      return;
    }
  for (int i = 0; i < soup_multipart_get_length (mp); i++)
    {
      SoupMessageHeaders *h;
      GBytes *part;
      GHashTable *params = NULL;
      char *disp = NULL;

      soup_multipart_get_part (mp, i, &h, &part);
      if (soup_message_headers_get_content_disposition (h, &disp, &params))
        {
          g_string_append_printf (names, "%s=%s:%" G_GSIZE_FORMAT ";",
                                  (char *) g_hash_table_lookup (params, "name"),
                                  g_hash_table_lookup (params, "filename")
                                  ? (char *) g_hash_table_lookup (params, "filename") : "-",
                                  g_bytes_get_size (part));
          g_free (disp);
          g_hash_table_destroy (params);
        }
    }
  soup_multipart_free (mp);
  answer = g_strdup_printf ("{\"parts\": \"%s\"}", names->str);
  g_string_free (names, TRUE);
  fake_reply_json (msg, 200, answer);
}

/* ---- fixture ------------------------------------------------------------ */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint8 *buf = g_malloc (200000);

  for (guint i = 0; i < 200000; i++)
    buf[i] = (guint8) (i * 7 + 3);
  f->payload = g_bytes_new_take (buf, 200000);

  f->a = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->a, "/json", ok_json_cb, f);
  fake_server_add_handler (f->a, "/flaky429", flaky_429_cb, f);
  fake_server_add_handler (f->a, "/flaky503", flaky_503_cb, f);
  fake_server_add_handler (f->a, "/always429", always_429_cb, f);
  fake_server_add_handler (f->a, "/html", html_cb, f);
  fake_server_add_handler (f->a, "/unauthorized", unauthorized_cb, f);
  fake_server_add_handler (f->a, "/malformed", malformed_cb, f);
  fake_server_add_handler (f->a, "/big", big_json_cb, f);
  fake_server_add_handler (f->a, "/bad", bad_request_cb, f);
  fake_server_add_handler (f->a, "/file.mp4", file_cb, f);
  fake_server_add_handler (f->a, "/empty.mp4", empty_cb, f);
  fake_server_add_handler (f->a, "/redirect", redirect_cb, f);
  fake_server_add_handler (f->a, "/redirect-same", redirect_same_cb, f);
  fake_server_add_handler (f->a, "/slow", slow_cb, f);
  fake_server_add_handler (f->a, "/sse", sse_cb, f);
  fake_server_add_handler (f->a, "/upload", upload_cb, f);
  fake_server_start (f->a);

  f->b = fake_server_new ("127.0.0.2");
  fake_server_add_handler (f->b, "/file.mp4", file_cb, f);
  fake_server_add_handler (f->b, "/html", html_cb, f);
  fake_server_start (f->b);

  f->client = rushes_http_client_new ();
  rushes_http_client_set_retry_policy (f->client, 4, 10, 5);
  g_assert_true (rushes_http_client_add_credential_for_url (f->client, fake_server_get_url (f->a),
                                                            "Authorization", "Bearer " TEST_CANARY, NULL));
  g_assert_true (rushes_http_client_set_extra_header (f->client, fake_server_get_url (f->a),
                                                      "X-Proxy-Token", TEST_CANARY "-proxy", NULL));

  f->dir = g_build_filename (g_get_user_data_dir (), "library", NULL);
  g_mkdir_with_parents (f->dir, 0700);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->dir);
  g_clear_object (&f->client);
  fake_server_free (f->a);
  fake_server_free (f->b);
  g_bytes_unref (f->payload);
  g_free (f->dir);
}

static char *
url_a (Fixture *f, const char *path)
{
  return g_strconcat (fake_server_get_url (f->a), path, NULL);
}

static gsize
dir_n_entries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gsize n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

/* ---- tests --------------------------------------------------------------- */

static void
test_get_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/json");
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);
  g_autoptr(GPtrArray) reqs = NULL;
  FakeRequest *r;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "n"), ==, 42);

  reqs = fake_server_get_requests (f->a);
  g_assert_cmpuint (reqs->len, ==, 1);
  r = g_ptr_array_index (reqs, 0);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Authorization"), ==, "Bearer " TEST_CANARY);
  g_assert_cmpstr (soup_message_headers_get_one (r->headers, "X-Proxy-Token"), ==, TEST_CANARY "-proxy");
  g_assert_null (soup_message_headers_get_one (r->headers, "Origin"));
}

static void
test_retry_after_429 (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/flaky429");
  gint64 start = g_get_monotonic_time ();
  /* not idempotent: a 429 means the server did not act, so it is retried */
  g_autoptr(JsonNode) node = rushes_http_client_post_json (f->client, url, NULL, FALSE, NULL, &error);
  gint64 elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 2);
  g_assert_cmpint (elapsed, >=, 950000);   /* Retry-After: 1 was honoured */
}

static void
test_retry_after_too_long (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/always429");
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_RATE_LIMITED);
  g_assert_cmpuint (rushes_http_error_get_status (error), ==, 429);
  g_assert_nonnull (strstr (error->message, "3600"));
  /* a wait above max_retry_after is reported, not slept through */
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 1);
}

static void
test_retry_5xx_idempotent (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/flaky503");
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 3);
}

static void
test_no_blind_retry_5xx (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/flaky503");
  g_autoptr(JsonNode) node = rushes_http_client_post_json (f->client, url, NULL, FALSE, NULL, &error);

  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_STATUS);
  g_assert_cmpuint (rushes_http_error_get_status (error), ==, 503);
  g_assert_cmpint (rushes_http_error_get_backend_code (error), ==, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 1);
  /* HTML body: not pasted into the message */
  g_assert_null (strstr (error->message, "<html"));
}

static void
test_html_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/html");
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (error->message, "web page"));
}

static void
test_malformed_json (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/malformed");
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE);
}

static void
test_json_cap (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/big");
  g_autoptr(JsonNode) node = NULL;

  rushes_http_client_set_json_cap (f->client, 100000);
  node = rushes_http_client_get_json (f->client, url, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE);

  g_clear_error (&error);
  rushes_http_client_set_json_cap (f->client, 1000000);
  node = rushes_http_client_get_json (f->client, url, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 20001);
}

static void
test_status_error_body (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = url_a (f, "/bad");
  g_autoptr(JsonNode) node = rushes_http_client_post_json (f->client, url, NULL, FALSE, NULL, &error);
  guint status = 0;

  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_STATUS);
  g_assert_nonnull (strstr (error->message, "Prompt outputs failed validation"));
  g_assert_null (strstr (error->message, TEST_CANARY));
  g_clear_error (&error);

  node = rushes_http_client_request_json (f->client, "POST", url, NULL, RUSHES_HTTP_FLAGS_NONE,
                                          &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 400);
  g_assert_true (json_object_has_member (json_node_get_object (node), "node_errors"));
}

/* Raw server: connection reset on first contact, then a good answer. */
static void
reset_then_ok_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  Fixture *f = data;

  if (g_atomic_int_add (&f->hits, 1) == 0)
    {
      fake_raw_reset (sock);
      return;
    }
  fake_raw_write_str (sock, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}");
}

static void
test_connection_reset (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", reset_then_ok_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/x", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 2);

  /* a request that may create a paid job is not sent again after a reset */
  g_atomic_int_set (&f->hits, 0);
  g_clear_pointer (&node, json_node_unref);
  node = rushes_http_client_post_json (f->client, url, NULL, FALSE, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_CONNECT);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 1);
  fake_raw_server_free (raw);
}

static void
test_connection_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) node = NULL;

  /* a bound but not listening port: connection refused */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/x", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  node = rushes_http_client_get_json (f->client, url, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_CONNECT);
}

/* Raw download server: first answer truncated halfway, then honours Range. */
static void
truncating_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  Fixture *f = data;

  fake_raw_serve_resumable (sock, head, f->payload, g_atomic_int_add (&f->hits, 1), g_bytes_get_size (f->payload) / 2, TRUE);
}

static void
progress_cb (guint64 received, guint64 total, gpointer data)
{
  guint64 *last = data;

  g_assert_cmpuint (received, >=, 0);
  *last = received;
}

static void
test_download_resume (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", truncating_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  guint64 last = 0;

  g_assert_true (rushes_http_client_download (f->client, url, dest, progress_cb, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (f->payload));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), len);
  g_assert_cmpuint (last, ==, len);

  heads = fake_raw_server_get_heads (raw);
  g_assert_cmpuint (heads->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "Range: bytes=100000-"));
  /* only the final file: no temporary left behind */
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 1);
  fake_raw_server_free (raw);
}

/* Server that ignores Range: the second attempt gets the whole file again. */
static void
no_range_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  Fixture *f = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->payload, &len);
  g_autofree char *h = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                                        "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", len);

  fake_raw_write_str (sock, h);
  if (g_atomic_int_add (&f->hits, 1) == 0)
    {
      fake_raw_write (sock, bytes, len / 3);
      fake_raw_reset (sock);
      return;
    }
  fake_raw_write (sock, bytes, len);
}

static void
test_download_restart_without_range (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", no_range_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/f", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), g_bytes_get_size (f->payload));
  fake_raw_server_free (raw);
}

static void
always_truncated_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  fake_raw_write_str (sock, "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n0123456789");
  fake_raw_reset (sock);
}

static void
test_download_truncated_fails (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", always_truncated_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/f", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *part = g_build_filename (f->dir, ".take.mp4.part", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  /* only the hidden partial file, kept for a later resume */
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 1);
  g_assert_true (g_file_test (part, G_FILE_TEST_IS_REGULAR));
  /* given up: the engine discards it */
  rushes_http_discard_partial (dest);
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 0);
  fake_raw_server_free (raw);
}

/* A download cut off in one call (network gone) resumes in the next one,
 * as after a restart of Rushes. */
static void
test_download_resume_next_call (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", truncating_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/f", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *part = g_build_filename (f->dir, ".take.mp4.part", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  /* first call: no retries, so the cut-off answer ends it */
  rushes_http_client_set_retry_policy (f->client, 0, 10, 5);
  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (part, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (f->payload) / 2);
  g_clear_pointer (&contents, g_free);

  rushes_http_client_set_retry_policy (f->client, 4, 10, 5);
  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), g_bytes_get_size (f->payload));
  heads = fake_raw_server_get_heads (raw);
  g_assert_cmpuint (heads->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "Range: bytes=100000-"));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 1);
  fake_raw_server_free (raw);
}

static void
enormous_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  fake_raw_write_str (sock, "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 900000000000000\r\nConnection: close\r\n\r\n0123456789");
}

static void
test_download_enormous (Fixture *f, gconstpointer data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", enormous_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/f", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE);
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 0);
  fake_raw_server_free (raw);
}

static void
test_download_html (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/html");
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 0);
}

static void
test_download_empty (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/empty.mp4");
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (dir_n_entries (f->dir), ==, 0);
}

static void
test_download_other_host_no_credentials (Fixture *f, gconstpointer data)
{
  g_autofree char *url = g_strconcat (fake_server_get_url (f->b), "/file.mp4", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->b, "GET", "/file.mp4"), ==, 1);
  g_assert_false (fake_server_saw_header (f->b, "Authorization"));
  g_assert_false (fake_server_saw_header (f->b, "X-Proxy-Token"));
}

static void
test_redirect_other_host (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/redirect");
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (f->payload));

  /* the API host got the credential, the redirect target did not */
  g_assert_true (fake_server_saw_header (f->a, "Authorization"));
  g_assert_cmpuint (fake_server_count_requests (f->b, "GET", "/file.mp4"), ==, 1);
  g_assert_false (fake_server_saw_header (f->b, "Authorization"));
  g_assert_false (fake_server_saw_header (f->b, "X-Proxy-Token"));
}

static void
test_redirect_same_host (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/redirect-same");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);
  g_autoptr(GPtrArray) reqs = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (node);
  reqs = fake_server_get_requests (f->a);
  g_assert_cmpuint (reqs->len, ==, 2);
  g_assert_cmpstr (((FakeRequest *) g_ptr_array_index (reqs, 1))->path, ==, "/json");
  g_assert_nonnull (soup_message_headers_get_one (((FakeRequest *) g_ptr_array_index (reqs, 1))->headers,
                                                  "Authorization"));
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (300000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel_fast (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/slow");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start, elapsed;

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  node = rushes_http_client_get_json (f->client, url, cancellable, &error);
  elapsed = g_get_monotonic_time () - start;
  g_thread_join (g_steal_pointer (&thread));

  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* cancelled at 300 ms; must return within 0.5 s of that */
  g_assert_cmpint (elapsed, <, 800000);
}

typedef struct
{
  GString *all;
  guint chunks;
} StreamData;

static gboolean
chunk_cb (const char *data, gsize len, gpointer user_data)
{
  StreamData *sd = user_data;

  g_string_append_len (sd->all, data, len);
  sd->chunks++;
  return TRUE;
}

static void
test_stream (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/sse");
  g_autoptr(GError) error = NULL;
  StreamData sd = { g_string_new (NULL), 0 };
  g_autoptr(GPtrArray) reqs = NULL;

  g_assert_true (rushes_http_client_stream (f->client, url, "text/event-stream", chunk_cb, &sd, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sd.all->str, ==, "event: heartbeat\ndata: null\n\nevent: complete\ndata: [1]\n\n");
  reqs = fake_server_get_requests (f->a);
  g_assert_cmpstr (soup_message_headers_get_one (((FakeRequest *) g_ptr_array_index (reqs, 0))->headers, "Accept"),
                   ==, "text/event-stream");
  g_string_free (sd.all, TRUE);
}

static void
test_multipart (Fixture *f, gconstpointer data)
{
  g_autofree char *url = url_a (f, "/upload");
  g_autofree char *path = g_build_filename (f->dir, "start.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  RushesHttpPart parts[] = {
    { .name = "image", .file_path = path, .filename = "start.png", .content_type = "image/png" },
    { .name = "overwrite", .value = "true" },
  };
  guint status = 0;

  g_assert_true (g_file_set_contents (path, "PNGDATA12", 9, NULL));
  node = rushes_http_client_post_multipart (f->client, url, parts, G_N_ELEMENTS (parts),
                                            RUSHES_HTTP_FLAGS_IDEMPOTENT, &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "parts"),
                   ==, "image=start.png:9;overwrite=-:4;");
}

static void
test_build_url (void)
{
  g_autofree char *a = rushes_http_build_url ("http://h:1/base/", "/api/view",
                                              "filename", "a b&c.mp4", "type", "output", NULL);
  g_autofree char *o1 = rushes_http_url_get_origin ("https://Example.com/x");
  g_autofree char *o2 = rushes_http_url_get_origin ("ftp://example.com/x");

  g_assert_cmpstr (a, ==, "http://h:1/base/api/view?filename=a%20b%26c.mp4&type=output");
  g_assert_cmpstr (o1, ==, "https://example.com:443");
  g_assert_null (o2);
}

/* TLS verification is always on: a self-signed certificate is refused, and
 * the credential for that origin is never sent over the failed handshake. */
static void
test_tls_verified (void)
{
  g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "backends", "data", "selfsigned.pem", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, &error);
  g_autoptr(RushesHttpClient) client = rushes_http_client_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  FakeServer *s;

  g_assert_no_error (error);
  s = fake_server_new ("127.0.0.1");
  fake_server_set_tls_certificate (s, cert);
  fake_server_start (s);
  g_assert_true (g_str_has_prefix (fake_server_get_url (s), "https://"));
  url = g_strconcat (fake_server_get_url (s), "/json", NULL);
  rushes_http_client_set_retry_policy (client, 1, 10, 5);
  g_assert_true (rushes_http_client_add_credential_for_url (client, fake_server_get_url (s),
                                                            "Authorization", "Bearer " TEST_CANARY, NULL));
  node = rushes_http_client_get_json (client, url, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TLS);
  g_assert_cmpuint (fake_server_count_requests (s, NULL, NULL), ==, 0);
  fake_server_free (s);
}

static void
test_pattern_credentials (void)
{
  /* patterns are https only and match subdomains, not look-alikes; checked
   * through which header a request to a plain-http fake host gets */
  FakeServer *s = fake_server_new ("127.0.0.1");
  g_autoptr(RushesHttpClient) client = rushes_http_client_new ();
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) node = NULL;

  fake_server_start (s);
  url = g_strconcat (fake_server_get_url (s), "/nothing", NULL);
  rushes_http_client_add_credential (client, "*.0.0.1", "Authorization", "Bearer " TEST_CANARY);
  rushes_http_client_add_credential (client, "127.0.0.1", "X-Other", "Bearer " TEST_CANARY);
  node = rushes_http_client_get_json (client, url, NULL, NULL);
  g_assert_null (node);
  g_assert_false (fake_server_saw_header (s, "Authorization"));   /* not https */
  g_assert_false (fake_server_saw_header (s, "X-Other"));         /* port 443 assumed, not ours */
  fake_server_free (s);
}

static void
test_backend_code (void)
{
  static const struct { RushesHttpError code; RushesBackendError want; } codes[] = {
    { RUSHES_HTTP_ERROR_CONNECT, RUSHES_BACKEND_ERROR_UNAVAILABLE },
    { RUSHES_HTTP_ERROR_TIMEOUT, RUSHES_BACKEND_ERROR_UNAVAILABLE },
    { RUSHES_HTTP_ERROR_TLS, RUSHES_BACKEND_ERROR_UNAVAILABLE },
    { RUSHES_HTTP_ERROR_RATE_LIMITED, RUSHES_BACKEND_ERROR_UNAVAILABLE },
    { RUSHES_HTTP_ERROR_AUTH, RUSHES_BACKEND_ERROR_AUTH },
    { RUSHES_HTTP_ERROR_NOT_FOUND, RUSHES_BACKEND_ERROR_NOT_FOUND },
    { RUSHES_HTTP_ERROR_TOO_LARGE, RUSHES_BACKEND_ERROR_PROTOCOL },
    { RUSHES_HTTP_ERROR_BAD_RESPONSE, RUSHES_BACKEND_ERROR_PROTOCOL },
    { RUSHES_HTTP_ERROR_TRUNCATED, RUSHES_BACKEND_ERROR_PROTOCOL },
    { RUSHES_HTTP_ERROR_REDIRECT, RUSHES_BACKEND_ERROR_PROTOCOL },
    { RUSHES_HTTP_ERROR_STATUS, RUSHES_BACKEND_ERROR_FAILED },   /* no status */
    { RUSHES_HTTP_ERROR_IO, RUSHES_BACKEND_ERROR_FAILED },
    { RUSHES_HTTP_ERROR_FAILED, RUSHES_BACKEND_ERROR_FAILED },
  };
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (RUSHES_HTTP_ERROR, codes[i].code, "x");

      g_assert_cmpint (rushes_http_error_get_backend_code (error), ==, codes[i].want);
    }
  g_assert_cmpint (rushes_http_error_get_backend_code (other), ==, RUSHES_BACKEND_ERROR_FAILED);

  g_assert_cmpint (rushes_http_status_get_backend_code (401), ==, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_cmpint (rushes_http_status_get_backend_code (402), ==, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_cmpint (rushes_http_status_get_backend_code (403), ==, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_cmpint (rushes_http_status_get_backend_code (404), ==, RUSHES_BACKEND_ERROR_NOT_FOUND);
  g_assert_cmpint (rushes_http_status_get_backend_code (410), ==, RUSHES_BACKEND_ERROR_NOT_FOUND);
  g_assert_cmpint (rushes_http_status_get_backend_code (400), ==, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_cmpint (rushes_http_status_get_backend_code (422), ==, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_cmpint (rushes_http_status_get_backend_code (429), ==, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  g_assert_cmpint (rushes_http_status_get_backend_code (502), ==, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  g_assert_cmpint (rushes_http_status_get_backend_code (409), ==, RUSHES_BACKEND_ERROR_FAILED);
}

/* "Test Connection" in plain words: what really happened, from real failures */
static RushesHttpProblem
problem_of (Fixture    *f,
            const char *url,
            char      **plain)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = rushes_http_client_get_json (f->client, url, NULL, &error);

  g_assert_null (node);
  g_assert_nonnull (error);
  *plain = rushes_http_problem_describe (rushes_http_error_get_problem (error), "ComfyUI");
  return rushes_http_error_get_problem (error);
}

static void
test_problem_plain_words (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed = NULL;
  g_autofree char *missing = g_strconcat (fake_server_get_url (f->a), "/no/such/endpoint", NULL);
  g_autofree char *refused = g_strconcat (fake_server_get_url (f->a), "/unauthorized", NULL);
  g_autofree char *html = g_strconcat (fake_server_get_url (f->a), "/html", NULL);
  g_autofree char *tls = NULL;
  g_autofree char *plain = NULL;

  rushes_http_client_set_retry_policy (f->client, 1, 10, 5);

  /* nothing listens: cannot connect */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  closed = g_strdup_printf ("http://127.0.0.1:%u/object_info",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_assert_cmpint (problem_of (f, closed, &plain), ==, RUSHES_HTTP_PROBLEM_CANNOT_CONNECT);
  g_assert_true (g_str_has_prefix (plain, "Cannot connect"));
  g_clear_pointer (&plain, g_free);

  /* a server, not this one: 404, or a web page where JSON was asked */
  g_assert_cmpint (problem_of (f, missing, &plain), ==, RUSHES_HTTP_PROBLEM_WRONG_SERVER);
  g_assert_nonnull (strstr (plain, "not like a ComfyUI server"));
  g_assert_nonnull (strstr (plain, "port"));
  g_clear_pointer (&plain, g_free);
  g_assert_cmpint (problem_of (f, html, &plain), ==, RUSHES_HTTP_PROBLEM_WRONG_SERVER);
  g_clear_pointer (&plain, g_free);

  /* 401: the key */
  g_assert_cmpint (problem_of (f, refused, &plain), ==, RUSHES_HTTP_PROBLEM_KEY_REFUSED);
  g_assert_nonnull (strstr (plain, "API key"));
  g_clear_pointer (&plain, g_free);

  /* a certificate nobody vouches for: TLS */
  {
    g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "backends", "data", "selfsigned.pem", NULL);
    g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_file (pem, NULL);
    FakeServer *secure = fake_server_new ("127.0.0.1");

    g_assert_nonnull (cert);
    fake_server_set_tls_certificate (secure, cert);
    fake_server_start (secure);
    tls = g_strconcat (fake_server_get_url (secure), "/object_info", NULL);
    g_assert_cmpint (problem_of (f, tls, &plain), ==, RUSHES_HTTP_PROBLEM_TLS);
    g_assert_nonnull (strstr (plain, "secure connection"));
    g_clear_pointer (&plain, g_free);
    fake_server_free (secure);
  }

  /* a name nobody has (RFC 6761: .invalid never resolves) */
  g_assert_cmpint (problem_of (f, "http://rushes-test.invalid/object_info", &plain), ==,
                   RUSHES_HTTP_PROBLEM_NAME_NOT_FOUND);
  g_assert_nonnull (strstr (plain, "name was not found"));
  g_clear_pointer (&plain, g_free);

  /* a timeout, and a backend's own errors */
  {
    g_autoptr(GError) timeout = g_error_new_literal (RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT, "x");
    g_autoptr(GError) auth = g_error_new_literal (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH, "x");
    g_autoptr(GError) protocol = g_error_new_literal (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL, "x");
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpint (rushes_http_error_get_problem (timeout), ==, RUSHES_HTTP_PROBLEM_TIMEOUT);
    g_assert_cmpint (rushes_http_error_get_problem (auth), ==, RUSHES_HTTP_PROBLEM_KEY_REFUSED);
    g_assert_cmpint (rushes_http_error_get_problem (protocol), ==, RUSHES_HTTP_PROBLEM_WRONG_SERVER);
    g_assert_cmpint (rushes_http_error_get_problem (other), ==, RUSHES_HTTP_PROBLEM_OTHER);
  }
}

/* A backend's error keeps its meaning for the queue; while a test records,
 * the HTTP cause behind it (refused, not DNS) is kept for the plain words. */
static void
test_problem_recorded_cause (Fixture *f, gconstpointer data)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed = NULL;
  g_autoptr(GError) http_error = NULL;
  g_autoptr(GError) backend_error = NULL;
  g_autoptr(GError) cause = NULL;
  g_autoptr(GError) unrecorded = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  closed = g_strdup_printf ("http://127.0.0.1:%u/x", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  node = rushes_http_client_get_json (f->client, closed, NULL, &http_error);
  g_assert_nonnull (http_error);

  rushes_remote_record_cause_begin ();
  rushes_remote_propagate_error (&backend_error, g_error_copy (http_error), "ComfyUI at 127.0.0.1");
  cause = rushes_remote_record_cause_end ();
  g_assert_error (backend_error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  g_assert_cmpint (rushes_http_error_get_problem (backend_error), ==, RUSHES_HTTP_PROBLEM_OTHER);
  g_assert_nonnull (cause);
  g_assert_cmpint (rushes_http_error_get_problem (cause), ==, RUSHES_HTTP_PROBLEM_CANNOT_CONNECT);

  /* not recording: nothing kept */
  g_clear_error (&backend_error);
  rushes_remote_propagate_error (&backend_error, g_error_copy (http_error), NULL);
  unrecorded = rushes_remote_record_cause_end ();
  g_assert_null (unrecorded);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/http/get-json", test_get_json);
  ADD ("/http/retry-after-429", test_retry_after_429);
  ADD ("/http/retry-after-too-long", test_retry_after_too_long);
  ADD ("/http/retry-5xx-idempotent", test_retry_5xx_idempotent);
  ADD ("/http/no-blind-retry-5xx", test_no_blind_retry_5xx);
  ADD ("/http/html-answer", test_html_answer);
  ADD ("/http/malformed-json", test_malformed_json);
  ADD ("/http/json-cap", test_json_cap);
  ADD ("/http/status-error-body", test_status_error_body);
  ADD ("/http/connection-reset", test_connection_reset);
  ADD ("/http/connection-refused", test_connection_refused);
  ADD ("/http/download-resume", test_download_resume);
  ADD ("/http/download-restart-without-range", test_download_restart_without_range);
  ADD ("/http/download-truncated-fails", test_download_truncated_fails);
  ADD ("/http/download-resume-next-call", test_download_resume_next_call);
  ADD ("/http/download-enormous", test_download_enormous);
  ADD ("/http/download-html", test_download_html);
  ADD ("/http/download-empty", test_download_empty);
  ADD ("/http/download-other-host-no-credentials", test_download_other_host_no_credentials);
  ADD ("/http/redirect-other-host", test_redirect_other_host);
  ADD ("/http/redirect-same-host", test_redirect_same_host);
  ADD ("/http/cancel-fast", test_cancel_fast);
  ADD ("/http/stream", test_stream);
  ADD ("/http/multipart", test_multipart);
  ADD ("/http/problem-plain-words", test_problem_plain_words);
  ADD ("/http/problem-recorded-cause", test_problem_recorded_cause);
#undef ADD
  g_test_add_func ("/http/build-url", test_build_url);
  g_test_add_func ("/http/pattern-credentials", test_pattern_credentials);
  g_test_add_func ("/http/tls-verified", test_tls_verified);
  g_test_add_func ("/http/backend-code", test_backend_code);

  return g_test_run ();
}
