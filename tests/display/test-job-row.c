/* test-job-row.c: a job's row in the queue keeps its size and its pace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * (test-window.c holds the rows in the window: cancel, retry, tooltips.)
 */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <adwaita.h>

#include "rushes-job-private.h"
#include "rushes-job-row.h"
#include "test-util.h"

/* What a worker reports, seen by the main thread as a flush brings it. */
static void
report (RushesJob      *job,
        RushesJobState  state,
        double          progress,
        const char     *status)
{
  g_mutex_lock (&job->lock);
  job->w.state = state;
  g_array_append_val (job->w.pending, state);
  job->w.progress = progress;
  g_free (job->w.status);
  job->w.status = g_strdup (status);
  g_mutex_unlock (&job->lock);
  _rushes_job_flush (job);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static int
row_height (GtkWidget *row)
{
  test_drain ();
  return gtk_widget_get_height (row);
}

/* Progress reported every few ms for two seconds: the bar follows at most
 * ten times a second, the status line at most twice; a long status, the
 * end of the job: the row never changes its height. */
static void
test_job_row_steady (void)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesJob) job = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *row = GTK_WIDGET (rushes_job_row_new ());
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (row, RUSHES_TYPE_JOB_ROW, "status_label"));
  GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (row, RUSHES_TYPE_JOB_ROW, "progress_bar"));
  GtkWidget *cancel = GTK_WIDGET (gtk_widget_get_template_child (row, RUSHES_TYPE_JOB_ROW, "cancel_button"));
  guint n_text = 0, n_fraction = 0, n_reports = 0;
  gint64 start, elapsed_ms;
  int height;
  g_autofree char *long_status = NULL;

  rushes_recipe_set_prompt (recipe, "A red fox trotting through deep snow at dawn");
  job = rushes_job_new (recipe);
  report (job, RUSHES_JOB_RUNNING, 0, NULL);
  rushes_job_row_set_job (RUSHES_JOB_ROW (row), job);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, -1);
  gtk_window_set_child (GTK_WINDOW (window), row);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until (is_mapped, row, 5000);
  height = row_height (row);
  g_assert_cmpint (height, >, 0);
  g_assert_true (gtk_widget_get_mapped (cancel));

  /* one line, cut short when long */
  g_assert_true (gtk_label_get_single_line_mode (label));
  g_assert_false (gtk_label_get_wrap (label));
  g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_END);

  g_signal_connect (label, "notify::label", G_CALLBACK (count_cb), &n_text);
  g_signal_connect (bar, "notify::fraction", G_CALLBACK (count_cb), &n_fraction);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    {
      n_reports++;
      report (job, RUSHES_JOB_RUNNING, MIN (n_reports / 500.0, 1.0), NULL);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (4000);
    }
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  test_drain ();
  g_test_message ("%u reports in %" G_GINT64_FORMAT " ms: the bar moved %u times, the line changed %u times",
                  n_reports, elapsed_ms, n_fraction, n_text);
  g_assert_cmpuint (n_reports, >, 40);
  /* it follows, at its pace */
  g_assert_cmpuint (n_fraction, >=, 3);
  g_assert_cmpuint (n_fraction, <=, elapsed_ms / 100 + 3);
  g_assert_cmpuint (n_text, >=, 2);
  g_assert_cmpuint (n_text, <=, elapsed_ms / 500 + 3);
  g_assert_true (g_str_has_prefix (gtk_label_get_label (label), "Generating · "));
  g_assert_cmpint (row_height (row), ==, height);

  /* a status as long as a backend likes: still one line */
  long_status = g_strnfill (400, 'x');
  memcpy (long_status, "Rendering frames on the far server with a very long explanation ", 64);
  report (job, RUSHES_JOB_RUNNING, 0.5, long_status);
  test_drain ();
  g_assert_true (g_str_has_prefix (gtk_label_get_label (label), "Rendering frames on the far server"));
  g_assert_cmpint (row_height (row), ==, height);

  /* done: no button, no bar, the same height; nothing to tab to */
  report (job, RUSHES_JOB_SUCCEEDED, 1, NULL);
  test_drain ();
  g_assert_cmpstr (gtk_label_get_label (label), ==, "Done");
  g_assert_false (gtk_widget_get_mapped (cancel));
  g_assert_cmpint (row_height (row), ==, height);

  gtk_window_destroy (GTK_WINDOW (window));
  test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();

  g_test_add_func ("/job-row/steady", test_job_row_steady);
  return g_test_run ();
}
