/* test-background.c: background work runs at background priority, and
 * nothing else does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes_background_run() / _run_long() and background pipelines
 * (_rushes_media_make_background) lower their threads' priority; GLib's
 * shared pool and GStreamer's default task pool (which plays takes) must
 * never get such a thread back, since an unprivileged thread cannot raise
 * its priority again.
 */
#include "config.h"

#include <errno.h>
#include <gst/gst.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rushes-background.h"
#include "rushes-media-private.h"

#define ROUNDS 8

static int main_nice;

static int
thread_nice (void)
{
#ifdef __linux__
  return getpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid));
#else
  return 0;
#endif
}

static char *
thread_name (void)
{
  g_autofree char *comm = NULL;

  if (!g_file_get_contents ("/proc/thread-self/comm", &comm, NULL, NULL))
    return g_strdup ("");
  return g_strdup (g_strstrip (comm));
}

typedef struct
{
  int   nice;
  char *name;
} Seen;

static void
seen_free (Seen *seen)
{
  g_free (seen->name);
  g_free (seen);
}

static void
record_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Seen *seen = g_new0 (Seen, 1);

  seen->nice = thread_nice ();
  seen->name = thread_name ();
  g_usleep (2000);   /* overlap, so that several threads are used */
  g_task_return_pointer (task, seen, (GDestroyNotify) seen_free);
}

static void
collect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  GPtrArray *seen = data;

  g_ptr_array_add (seen, g_task_propagate_pointer (G_TASK (result), NULL));
}

typedef void (*RunFunc) (GTask *task, GTaskThreadFunc func);

static GPtrArray *
run_rounds (RunFunc run)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);

  for (guint i = 0; i < ROUNDS; i++)
    {
      g_autoptr(GTask) task = g_task_new (NULL, NULL, collect_cb, seen);

      run (task, record_thread);
    }
  while (seen->len < ROUNDS)
    g_main_context_iteration (NULL, TRUE);
  return seen;
}

static void
run_in_glib_pool (GTask           *task,
                  GTaskThreadFunc  func)
{
  g_task_run_in_thread (task, func);
}

/* FALSE (and skipped) where priorities cannot be seen to drop */
static gboolean
can_test (void)
{
#ifndef __linux__
  g_test_skip ("thread priorities are only set on Linux");
  return FALSE;
#else
  if (main_nice >= RUSHES_BACKGROUND_NICE)
    {
      g_test_skip ("the tests already run at background priority");
      return FALSE;
    }
  return TRUE;
#endif
}

static void
assert_glib_pool_untouched (void)
{
  g_autoptr(GPtrArray) plain = run_rounds (run_in_glib_pool);

  for (guint i = 0; i < plain->len; i++)
    g_assert_cmpint (((Seen *) g_ptr_array_index (plain, i))->nice, ==, main_nice);
}

static void
test_run (void)
{
  g_autoptr(GPtrArray) seen = NULL;

  if (!can_test ())
    return;
  seen = run_rounds (rushes_background_run);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpint (((Seen *) g_ptr_array_index (seen, i))->nice, ==, RUSHES_BACKGROUND_NICE);
  assert_glib_pool_untouched ();
}

static void
test_run_long (void)
{
  g_autoptr(GPtrArray) seen = NULL;

  if (!can_test ())
    return;
  seen = run_rounds (rushes_background_run_long);
  for (guint i = 0; i < seen->len; i++)
    {
      Seen *s = g_ptr_array_index (seen, i);

      g_assert_cmpint (s->nice, ==, RUSHES_BACKGROUND_NICE);
      g_assert_cmpstr (s->name, ==, "rushes-job");
    }
  assert_glib_pool_untouched ();
}

/* ---- pipelines ---------------------------------------------------------- */

typedef struct
{
  GMutex lock;
  GArray *nices;
} Handoffs;

static void
handoff_cb (GstElement *sink,
            GstBuffer  *buffer,
            GstPad     *pad,
            gpointer    data)
{
  Handoffs *h = data;
  int nice = thread_nice ();

  g_mutex_lock (&h->lock);
  g_array_append_val (h->nices, nice);
  g_mutex_unlock (&h->lock);
}

/* Runs videotestsrc ! queue ! fakesink to the end; returns the nice values
 * of the streaming threads that handed over buffers. */
static GArray *
run_pipeline (gboolean background)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch ("videotestsrc num-buffers=10 ! queue ! "
                                                     "fakesink name=sink signal-handoffs=true", &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  Handoffs h = { .nices = g_array_new (FALSE, FALSE, sizeof (int)) };

  g_assert_no_error (error);
  g_mutex_init (&h.lock);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_signal_connect (sink, "handoff", G_CALLBACK (handoff_cb), &h);
  if (background)
    _rushes_media_make_background (pipeline);
  bus = gst_element_get_bus (pipeline);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  /* the sync handler lets EOS and errors through to the bus */
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_mutex_clear (&h.lock);
  return h.nices;
}

static void
test_pipeline (void)
{
  if (!can_test ())
    return;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GArray) low = run_pipeline (TRUE);
      g_autoptr(GArray) normal = run_pipeline (FALSE);

      g_assert_cmpuint (low->len, ==, 10);
      g_assert_cmpuint (normal->len, ==, 10);
      for (guint i = 0; i < low->len; i++)
        g_assert_cmpint (g_array_index (low, int, i), ==, RUSHES_BACKGROUND_NICE);
      /* GStreamer's default pool (playback) never gets a lowered thread */
      for (guint i = 0; i < normal->len; i++)
        g_assert_cmpint (g_array_index (normal, int, i), ==, main_nice);
    }
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  main_nice = thread_nice ();
  g_test_add_func ("/background/run", test_run);
  g_test_add_func ("/background/run-long", test_run_long);
  g_test_add_func ("/background/pipeline", test_pipeline);
  return g_test_run ();
}
