/* test-http-download.c: RushesHttpClient downloads from servers that stall
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (test-http.c holds the client's other cases.)
 */
#define _GNU_SOURCE 1  /* SCHED_IDLE */

#include <sched.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "rushes-http-private.h"   /* _rushes_http_client_set_slow_limit */
#include "fake-server.h"

#define PAYLOAD_SIZE 200000
#define STALL_MS     1000
#define SLOW_WINDOW_MS 1000
#define TRICKLE_HEAD 4096         /* bytes sent at once before the trickle (over the limit) */

typedef struct
{
  RushesHttpClient *client;
  char             *dir;
  GBytes           *payload;
  gint              hits;        /* connections (atomic) */
  gboolean          stall_for_good;
  gboolean          trickle_for_good;
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

/* After a download cut off once and resumed: dest holds the whole payload
 * and the server saw two requests; returns the second (the resume). */
static const char *
assert_resumed_whole (Fixture        *f,
                      FakeRawServer  *raw,
                      const char     *dest,
                      GPtrArray     **heads)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), PAYLOAD_SIZE);
  *heads = fake_raw_server_get_heads (raw);
  g_assert_cmpuint ((*heads)->len, ==, 2);
  return g_ptr_array_index (*heads, 1);
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
  gint64 start = g_get_monotonic_time ();

  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("downloaded in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  /* cut off after the stall time (libcurl averages the speed over its last
   * 5 s), not at once and not never */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, (STALL_MS - 100) * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (assert_resumed_whole (f, raw, dest, &heads), "Range: bytes=100000-"));
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

/* Sends one byte every 100 ms (10 B/s: never nothing for a second, so
 * never a stall) from offset on, until the client hangs up or 8 s pass. */
static void
trickle (GSocket      *sock,
         const guint8 *bytes,
         gsize         from,
         gsize         len)
{
  gint64 end = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;

  for (gsize at = from; at < len && g_get_monotonic_time () < end; at++)
    {
      if (g_socket_send (sock, (const char *) bytes + at, 1, NULL, NULL) <= 0)
        return;
      /* readable or hung up: the client closed */
      if (g_socket_condition_timed_wait (sock, G_IO_IN | G_IO_HUP | G_IO_ERR, 100 * G_TIME_SPAN_MILLISECOND,
                                         NULL, NULL))
        return;
    }
}

/* The first answer (and every one when trickle_for_good) sends its first
 * TRICKLE_HEAD bytes at once, then trickles; the next ones honour Range. */
static void
trickling_raw (FakeRawServer *s,
               const char    *head,
               GSocket       *sock,
               gpointer       data)
{
  Fixture *f = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->payload, &len);
  guint n_before = (guint) g_atomic_int_add (&f->hits, 1);

  if (n_before == 0 || f->trickle_for_good)
    {
      g_autofree char *h = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nAccept-Ranges: bytes\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", len);

      fake_raw_write_str (sock, h);
      fake_raw_write (sock, bytes, TRICKLE_HEAD);
      trickle (sock, bytes, TRICKLE_HEAD, len);
      return;
    }
  fake_raw_serve_resumable (sock, head, f->payload, n_before, len, TRUE);
}

/* A server that sends a byte now and then is not a stall (something always
 * comes), but it is too slow to wait for: below the low-speed limit for its
 * window, the transfer is cut and resumed with Range, losing nothing. */
static void
test_slow_resumes (Fixture       *f,
                   gconstpointer  data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", trickling_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  const char *range;
  guint64 from;
  gint64 start = g_get_monotonic_time ();
  gint64 took;

  _rushes_http_client_set_slow_limit (f->client, 1024, SLOW_WINDOW_MS);
  g_assert_true (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  took = g_get_monotonic_time () - start;
  g_test_message ("downloaded in %.2f s", took / 1e6);
  /* cut after the window (give or take a tenth), long before the 8 s the
   * trickle lasts */
  g_assert_cmpint (took, >=, (SLOW_WINDOW_MS - 100) * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (took, <, 5 * G_USEC_PER_SEC);
  /* resumed after what came, the head and the trickled bytes */
  range = strstr (assert_resumed_whole (f, raw, dest, &heads), "Range: bytes=");
  g_assert_nonnull (range);
  from = g_ascii_strtoull (range + strlen ("Range: bytes="), NULL, 10);
  g_test_message ("resumed at %" G_GUINT64_FORMAT, from);
  g_assert_cmpuint (from, >, TRICKLE_HEAD);
  g_assert_cmpuint (from, <, TRICKLE_HEAD + 100);
  fake_raw_server_free (raw);
}

/* A server that only ever trickles: the download fails with a message that
 * says so, with the rate and how far it got, and keeps its part file. */
static void
test_slow_fails_clearly (Fixture       *f,
                         gconstpointer  data)
{
  FakeRawServer *raw = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *part = g_build_filename (f->dir, ".take.mp4.part", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  guint64 rate = 0;
  gsize len = 0;

  f->trickle_for_good = TRUE;
  rushes_http_client_set_retry_policy (f->client, 0, 10, 5);
  _rushes_http_client_set_slow_limit (f->client, 1024, SLOW_WINDOW_MS);
  raw = fake_raw_server_new ("127.0.0.1", trickling_raw, f);
  url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_assert_false (rushes_http_client_download (f->client, url, dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "The server is sending very slowly ("));
  rate = g_ascii_strtoull (error->message + strlen ("The server is sending very slowly ("), NULL, 10);
  /* the trickle's 10 B/s, as measured over the window */
  g_assert_cmpuint (rate, >=, 5);
  g_assert_cmpuint (rate, <=, 15);
  g_assert_true (g_file_get_contents (part, &contents, &len, NULL));
  expected = g_strdup_printf ("The server is sending very slowly (%" G_GUINT64_FORMAT " B/s over 1 s; "
                              "%" G_GSIZE_FORMAT " of %d bytes received)", rate, len, PAYLOAD_SIZE);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpint (rushes_http_error_get_backend_code (error), ==, RUSHES_BACKEND_ERROR_UNAVAILABLE);
  g_assert_cmpint (g_atomic_int_get (&f->hits), ==, 1);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (len, >, TRICKLE_HEAD);
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->payload, NULL), len);
  fake_raw_server_free (raw);
}

/* ---- priority ---- */

typedef struct
{
  Fixture *f;
  char    *url;
  char    *dest;
  int      policy;     /* of the downloading thread, seen from its progress */
  int      nice;
  gboolean ok;
} PriorityRun;

static void
priority_progress_cb (guint64  received,
                      guint64  total,
                      gpointer data)
{
  PriorityRun *run = data;

  run->policy = sched_getscheduler (0);
  run->nice = getpriority (PRIO_PROCESS, 0);
}

static gpointer
priority_thread (gpointer data)
{
  PriorityRun *run = data;

  run->ok = rushes_http_client_download (run->f->client, run->url, run->dest, priority_progress_cb, run, NULL, NULL);
  return NULL;
}

static void
whole_raw (FakeRawServer *s,
           const char    *head,
           GSocket       *sock,
           gpointer       data)
{
  Fixture *f = data;
  gsize len;
  const guint8 *bytes = g_bytes_get_data (f->payload, &len);
  g_autofree char *h = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n"
                                        "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n", len);

  fake_raw_write_str (sock, h);
  fake_raw_write (sock, bytes, len);
}

/* A download on a worker thread runs at idle priority (SCHED_IDLE, or
 * nice 19 where the kernel refuses), so it never takes a CPU from the
 * window; one on the process's main thread does not lower it. */
static void
test_download_idle_priority (Fixture       *f,
                             gconstpointer  data)
{
  FakeRawServer *raw = fake_raw_server_new ("127.0.0.1", whole_raw, f);
  g_autofree char *url = g_strconcat (fake_raw_server_get_url (raw), "/view?filename=a.mp4", NULL);
  g_autofree char *dest = g_build_filename (f->dir, "worker.mp4", NULL);
  g_autofree char *dest2 = g_build_filename (f->dir, "main.mp4", NULL);
  PriorityRun run = { f, url, dest, -1, 0, FALSE };
  PriorityRun on_main = { f, url, dest2, -1, 0, FALSE };
  int main_policy = sched_getscheduler (0);
  int main_nice = getpriority (PRIO_PROCESS, 0);

  g_thread_join (g_thread_new ("download", priority_thread, &run));
  g_assert_true (run.ok);
  g_test_message ("download thread: policy %d, nice %d", run.policy, run.nice);
  g_assert_true (run.policy == SCHED_IDLE || run.nice == 19);

  priority_thread (&on_main);
  g_assert_true (on_main.ok);
  g_assert_cmpint (on_main.policy, ==, main_policy);
  g_assert_cmpint (on_main.nice, ==, main_nice);
  g_assert_cmpint (sched_getscheduler (0), ==, main_policy);
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
  g_test_add ("/http-download/slow-resumes", Fixture, NULL, fixture_setup, test_slow_resumes, fixture_teardown);
  g_test_add ("/http-download/slow-fails-clearly", Fixture, NULL, fixture_setup, test_slow_fails_clearly,
              fixture_teardown);
  g_test_add ("/http-download/idle-priority", Fixture, NULL, fixture_setup, test_download_idle_priority,
              fixture_teardown);
  return g_test_run ();
}
