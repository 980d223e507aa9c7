/* test-http-download.c: RushesHttpClient downloads from servers that stall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (test-http.c holds the client's other cases.)
 */
#include <string.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "fake-server.h"

#define PAYLOAD_SIZE 200000
#define STALL_MS     1000

typedef struct
{
  RushesHttpClient *client;
  char             *dir;
  GBytes           *payload;
  gint              hits;        /* connections (atomic) */
  gboolean          stall_for_good;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  guint8 *buf = g_malloc (PAYLOAD_SIZE);

  for (guint i = 0; i < PAYLOAD_SIZE; i++)
    buf[i] = (guint8) (i * 13 + 5);
  f->payload = g_bytes_new_take (buf, PAYLOAD_SIZE);
  f->client = rushes_http_client_new ();
  rushes_http_client_set_timeouts (f->client, 5000, 10000, STALL_MS);
  rushes_http_client_set_retry_policy (f->client, 2, 10, 5);
  f->dir = g_dir_make_tmp ("rushes-http-download-XXXXXX", NULL);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_dir (f->dir);
  g_free (f->dir);
  g_object_unref (f->client);
  g_bytes_unref (f->payload);
}

/* Keeps the connection open without sending anything until the client
 * hangs up (or 10 s). */
static void
hold_silent (GSocket *sock)
{
  char buf[256];

  if (g_socket_condition_timed_wait (sock, G_IO_IN | G_IO_HUP | G_IO_ERR, 10 * G_USEC_PER_SEC, NULL, NULL))
    g_socket_receive (sock, buf, sizeof buf, NULL, NULL);
}

/* The first answer sends half the file, then nothing; the next ones honour
 * Range, unless stall_for_good: then they send nothing at all. */
static void
stalling_raw (FakeRawServer *s,
              const char    *head,
              GSocket       *sock,
              gpointer       data)
{
  Fixture *f = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->payload, &len);
  guint n_before = (guint) g_atomic_int_add (&f->hits, 1);

  if (n_before == 0)
    {
      g_autofree char *h = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", len);

      fake_raw_write_str (sock, h);
      fake_raw_write (sock, bytes, len / 2);
      hold_silent (sock);
      return;
    }
  if (f->stall_for_good)
    {
      g_autofree char *h = g_strdup_printf ("HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\n"
                                            "Content-Range: bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                                            len / 2, len - 1, len, len - len / 2);

      fake_raw_write_str (sock, h);
      hold_silent (sock);
      return;
    }
  fake_raw_serve_resumable (sock, head, f->payload, n_before, len, TRUE);
}

/* A download that stalls half-way is cut off by the low-speed limit and
 * resumed where it stopped (Range), without losing what came. */
static void
test_stall_resumes (Fixture       *f,
                    gconstpointer  data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", stalling_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("downloaded in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  /* cut off after the stall time (libcurl averages the speed over its last
   * 5 s), not at once and not never */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (STALL_MS - 100) * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), PAYLOAD_SIZE);
  heads = fake_raw_server_get_heads (raw);
  g_assert_cmpuint (heads->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "Range: bytes=100000-"));
  fake_raw_server_free (raw);
}

/* A server that stalls for good: after the retries the download fails with
 * a message that says it stalled and how far it got, and the part file is
 * kept for a later resume. */
static void
test_stall_fails_clearly (Fixture       *f,
                          gconstpointer  data)
{
  FakeRawServer *raw = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *part = g_build_filename (f->dir, ".take.mp4.part", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  f->stall_for_good = TRUE;
  rushes_http_client_set_retry_policy (f->client, 1, 10, 5);
  raw = fake_raw_server_new ("127.0.0.1", stalling_raw, f);
  url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==,
                   "The download stalled: nothing came for 1 second (100000 of 200000 bytes received)");
  /* a stall means the server is away for now: the engine waits and retries */
  g_assert_cmpint (rushes_http_error_get_backend_code (error), ==, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  /* the first stall resumed (it had made progress), the resumed one
   * stalled too with none: no retry left */
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 2);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (part, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, PAYLOAD_SIZE / 2);
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), len);
  fake_raw_server_free (raw);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/http-download/stall-resumes", Fixture, NULL, fixture_setup, test_stall_resumes, fixture_teardown);
  g_test_add ("/http-download/stall-fails-clearly", Fixture, NULL, fixture_setup, test_stall_fails_clearly,
              fixture_teardown);
  return g_test_run ();
}
