/* bench-library.c: search and scrolling in the real window over a library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-library FOLDER WORD
 *   prints: SEARCH_MS FRAME_MAX_MS FRAME_P95_MS FRAMES_OVER_16MS FRAMES SCAN_MS
 *           CPU_MAX_MS CPU_P95_MS CPU_OVER_16MS CPU_TOTAL_MS
 *
 * Runs the real RushesApplication and RushesWindow (1280×800, under Xvfb:
 * bench/library) on the library in FOLDER. Once the scan is over (SCAN_MS
 * from the window being mapped) and the window has settled, it types WORD
 * into the library's search as a person would (the text of the search
 * entry) and measures until the view shows that one take alone and the
 * window has painted it (SEARCH_MS). Then it clears the search and scrolls
 * the take grid from top to bottom in SCROLL_FRAMES frames (a fast fling:
 * at least a page a frame), and records each frame's time on the main thread, from the frame
 * clock's "before-paint" to the end of its "after-paint": the frame's
 * update, layout (cells bound to takes) and paint. The CPU_ columns are the
 * same frames in the main thread's CPU time (CLOCK_THREAD_CPUTIME_ID): on a
 * loaded machine the wall-clock times say more of the other processes than
 * of Rushes, the CPU time much less so. With BENCH_VERBOSE set, each
 * frame's times go to stderr in order (which frame is slow: the first?),
 * split into the frame clock's update, layout and paint, with the main
 * thread's CPU time and its time waiting for a CPU (runnable, but another
 * thread had the CPU); and at the end, how often the window computed its
 * size while it scrolled and what the thumbnailer was asked for.
 * Under `valgrind --tool=callgrind --instr-atstart=no` only the scroll is
 * counted: instructions, which the machine's load does not change.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#endif
#endif
#ifndef CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_START_INSTRUMENTATION
#endif

#include "rushes-application.h"
#include "rushes-thumbnailer.h"
#include "rushes-window-private.h"

#define SCROLL_FRAMES   300
#define SETTLE_MS       500
#define TIMEOUT_S       120

typedef struct
{
  RushesApplication *app;
  RushesWindow      *window;
  RushesLibrary     *library;
  GdkFrameClock     *clock;
  const char        *word;
  gboolean           verbose;     /* BENCH_VERBOSE: each frame to stderr */
  gint64             mapped_at;
  gint64             scan_ms;
  gint64             search_start;
  double             search_ms;
  gint64             frame_start;
  gint64             phase_end[3];   /* update, layout, paint: when each ended */
  gint64             frame_cpu_start;
  gint64             frame_wait_start; /* µs waited for a CPU (BENCH_VERBOSE) */
  gboolean           scrolling;
  gboolean           scan_started;
  gboolean           want_paint;  /* the search result is in: its frame ends the search */
  GArray            *frames;      /* double, ms */
  GArray            *cpu_frames;  /* double, ms of the main thread's CPU */
  guint              tick_id;
  guint              size_computations;  /* of the window's surface, while scrolling */
} Bench;

static void
fail (const char *message)
{
  fprintf (stderr, "bench-library: %s\n", message);
  _exit (1);
}

static gboolean
timeout_cb (gpointer data)
{
  fail ("no result within the time limit");
  return G_SOURCE_REMOVE;
}

/* µs of CPU time spent by the calling thread */
static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* µs the calling thread has waited, runnable, for a CPU (the scheduler's
 * run_delay: the second figure of /proc/thread-self/schedstat, in ns) */
static gint64
thread_run_delay (void)
{
  g_autofree char *text = NULL;
  unsigned long long on_cpu, waited;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      sscanf (text, "%llu %llu", &on_cpu, &waited) != 2)
    return 0;
  return (gint64) (waited / 1000);
}

/* BENCH_SETTLE_MS: longer under valgrind, where the window settles slowly */
static guint
settle_ms (void)
{
  const char *env = g_getenv ("BENCH_SETTLE_MS");

  return env != NULL && atoi (env) > 0 ? (guint) atoi (env) : SETTLE_MS;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* the largest, the 95th percentile, how many over 16 ms and the sum */
static void
frame_stats (GArray *frames,
             double *max,
             double *p95,
             guint  *over,
             double *total)
{
  *max = *p95 = *total = 0;
  *over = 0;
  g_array_sort (frames, compare_doubles);
  for (guint i = 0; i < frames->len; i++)
    {
      double t = g_array_index (frames, double, i);

      *total += t;
      if (t > 16.0)
        (*over)++;
    }
  if (frames->len > 0)
    {
      *max = g_array_index (frames, double, frames->len - 1);
      *p95 = g_array_index (frames, double, MIN ((frames->len * 95) / 100, frames->len - 1));
    }
}

static void
finish (Bench *b)
{
  double max, p95, total, cpu_max, cpu_p95, cpu_total;
  guint over, cpu_over;

  frame_stats (b->frames, &max, &p95, &over, &total);
  frame_stats (b->cpu_frames, &cpu_max, &cpu_p95, &cpu_over, &cpu_total);
  if (b->verbose)
    {
      RushesThumbnailerStats stats;

      rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &stats);
      fprintf (stderr, "the window computed its size %u times in %u frames\n", b->size_computations, b->frames->len);
      fprintf (stderr, "thumbnails since the start: %u asked for, %u finished, %u dropped before they started,"
               " %u files opened, %u from memory\n",
               stats.requested, stats.finished, stats.skipped, stats.opened, stats.memory_hits);
    }
  printf ("%.2f %.2f %.2f %u %u %" G_GINT64_FORMAT " %.2f %.2f %u %.1f\n",
          b->search_ms, max, p95, over, b->frames->len, b->scan_ms,
          cpu_max, cpu_p95, cpu_over, cpu_total);
  fflush (stdout);
  _exit (0);
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  Bench *b = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b->window->take_grid));
  double value = gtk_adjustment_get_value (adj);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  if (value >= bottom)
    {
      finish (b);
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (adj, MIN (bottom, value + MAX (gtk_adjustment_get_page_size (adj),
                                                          gtk_adjustment_get_upper (adj) / SCROLL_FRAMES)));
  return G_SOURCE_CONTINUE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->frame_start = g_get_monotonic_time ();
  b->frame_cpu_start = thread_cpu_time ();
  if (b->verbose)
    b->frame_wait_start = thread_run_delay ();
}

/* The frame's phases, for BENCH_VERBOSE: a handler run after all others
 * marks the end of each (GTK's own handlers are connected as plain ones). */
enum { PHASE_UPDATE, PHASE_LAYOUT, PHASE_PAINT };

static void
phase_end_cb (GdkFrameClock *clock,
              gpointer       phase)
{
  Bench *b = g_object_get_data (G_OBJECT (clock), "bench");

  b->phase_end[GPOINTER_TO_INT (phase)] = g_get_monotonic_time ();
}

/* from the end of the phase before (or the frame's start) to its own end */
static double
phase_ms (Bench *b,
          int    phase)
{
  gint64 start = phase == 0 ? b->frame_start : b->phase_end[phase - 1];

  return start >= b->frame_start && b->phase_end[phase] >= start ? (b->phase_end[phase] - start) / 1000.0 : 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_time ();

  if (b->want_paint)
    {
      b->want_paint = FALSE;
      b->search_ms = (now - b->search_start) / 1000.0;
    }
  if (b->scrolling && b->frame_start > 0)
    {
      double wall_ms = (now - b->frame_start) / 1000.0, cpu_ms = (cpu - b->frame_cpu_start) / 1000.0;

      g_array_append_val (b->frames, wall_ms);
      g_array_append_val (b->cpu_frames, cpu_ms);
      if (b->verbose)
        fprintf (stderr, "frame %u: %.2f ms (update %.2f, layout %.2f, paint %.2f), %.2f ms CPU,"
                 " %.2f ms waiting for a CPU, at %.0f px, from %.6f s (monotonic)\n", b->frames->len,
                 wall_ms, phase_ms (b, PHASE_UPDATE), phase_ms (b, PHASE_LAYOUT), phase_ms (b, PHASE_PAINT), cpu_ms,
                 (thread_run_delay () - b->frame_wait_start) / 1000.0,
                 gtk_adjustment_get_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b->window->take_grid))),
                 b->frame_start / 1e6);
    }
}

/* Each of these waits on round trips to the X server (GDK's X11 toplevel
 * size). GTK 4.8's grid asks for one whenever it moves its cells: twice a
 * frame while it scrolls, whatever the cells do. */
static void
compute_size_cb (GdkToplevel     *toplevel,
                 GdkToplevelSize *size,
                 Bench           *b)
{
  if (b->scrolling)
    b->size_computations++;
}

static gboolean
start_scroll_cb (gpointer data)
{
  Bench *b = data;

  if (b->verbose)
    {
      GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b->window->take_grid));
      GtkSelectionModel *model = gtk_grid_view_get_model (GTK_GRID_VIEW (b->window->take_grid));

      fprintf (stderr, "scan %" G_GINT64_FORMAT " ms, search %.1f ms; scrolling %u takes, %.0f px in pages of %.0f px\n",
               b->scan_ms, b->search_ms, g_list_model_get_n_items (G_LIST_MODEL (model)),
               gtk_adjustment_get_upper (adj), gtk_adjustment_get_page_size (adj));
    }
  b->scrolling = TRUE;
  /* valgrind --tool=callgrind --instr-atstart=no: the scroll alone */
  CALLGRIND_START_INSTRUMENTATION;
  gtk_widget_add_tick_callback (GTK_WIDGET (b->window->take_grid), scroll_tick_cb, b, NULL);
  return G_SOURCE_REMOVE;
}

/* From the top, wherever clearing the search left the view: GTK keeps
 * the take it showed in view (the middle, for the search's one take), and
 * the scroll measured only half of the grid. */
static gboolean
to_top_cb (gpointer data)
{
  Bench *b = data;

  gtk_adjustment_set_value (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b->window->take_grid)), 0);
  g_timeout_add (settle_ms (), start_scroll_cb, b);
  return G_SOURCE_REMOVE;
}

/* the view's count after each change of the search */
static void
shown_changed_cb (GListModel *shown,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Bench      *b)
{
  guint n = g_list_model_get_n_items (shown);

  if (b->search_start > 0 && b->search_ms == 0 && n == 1 && !b->want_paint)
    {
      b->want_paint = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (b->window));
    }
}

static gboolean
clear_search_cb (gpointer data)
{
  Bench *b = data;

  if (b->want_paint || b->search_ms == 0)
    return G_SOURCE_CONTINUE;
  gtk_editable_set_text (GTK_EDITABLE (b->window->take_search), "");
  g_timeout_add (settle_ms (), to_top_cb, b);
  return G_SOURCE_REMOVE;
}

static gboolean
search_cb (gpointer data)
{
  Bench *b = data;

  b->search_start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (b->window->take_search), b->word);
  g_timeout_add (50, clear_search_cb, b);
  return G_SOURCE_REMOVE;
}

static void
scanning_cb (RushesLibrary *library,
             GParamSpec    *pspec,
             Bench         *b)
{
  /* the window starts the scan after its first frame */
  if (rushes_library_get_scanning (library))
    b->scan_started = TRUE;
  if (rushes_library_get_scanning (library) || !b->scan_started || b->scan_ms > 0)
    return;
  b->scan_ms = MAX (1, (g_get_monotonic_time () - b->mapped_at) / 1000);
  g_timeout_add (settle_ms (), search_cb, b);
}

static void
mapped_cb (GtkWidget *widget,
           Bench     *b)
{
  b->mapped_at = g_get_monotonic_time ();
  b->clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (b->clock, "before-paint", G_CALLBACK (before_paint_cb), b);
  if (b->verbose)
    {
      static const char * const phases[] = { "update", "layout", "paint" };

      g_object_set_data (G_OBJECT (b->clock), "bench", b);
      for (int i = 0; i < 3; i++)
        g_signal_connect_after (b->clock, phases[i], G_CALLBACK (phase_end_cb), GINT_TO_POINTER (i));
    }
  g_signal_connect (gtk_native_get_surface (GTK_NATIVE (widget)), "compute-size", G_CALLBACK (compute_size_cb), b);
  g_signal_connect_after (b->clock, "after-paint", G_CALLBACK (after_paint_cb), b);
  b->library = rushes_application_get_library (b->app);
  if (b->library == NULL)
    fail ("the window has no library");
  g_signal_connect (b->window->take_sort_model, "items-changed", G_CALLBACK (shown_changed_cb), b);
  g_signal_connect (b->library, "notify::scanning", G_CALLBACK (scanning_cb), b);
  scanning_cb (b->library, NULL, b);
}

static void
activate_cb (GApplication *app,
             Bench        *b)
{
  if (b->window != NULL)
    return;
  b->window = RUSHES_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (b->window == NULL)
    fail ("no window");
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1280, 800);
  if (gtk_widget_get_mapped (GTK_WIDGET (b->window)))
    mapped_cb (GTK_WIDGET (b->window), b);
  else
    g_signal_connect (b->window, "map", G_CALLBACK (mapped_cb), b);
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { 0 };
  char *app_argv[] = { argv[0], NULL };

  setlocale (LC_ALL, "");
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s FOLDER WORD\n", argv[0]);
      return 2;
    }
  bench.word = argv[2];
  bench.verbose = g_getenv ("BENCH_VERBOSE") != NULL;
  bench.frames = g_array_new (FALSE, FALSE, sizeof (double));
  bench.cpu_frames = g_array_new (FALSE, FALSE, sizeof (double));
  bench.app = rushes_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app), G_APPLICATION_NON_UNIQUE);
  if (rushes_application_get_settings (bench.app) == NULL)
    fail ("no GSettings schema (GSETTINGS_SCHEMA_DIR)");
  g_settings_set_string (rushes_application_get_settings (bench.app), "library-folder", argv[1]);
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  g_timeout_add_seconds (g_getenv ("BENCH_TIMEOUT_S") != NULL && atoi (g_getenv ("BENCH_TIMEOUT_S")) > 0
                         ? (guint) atoi (g_getenv ("BENCH_TIMEOUT_S")) : TIMEOUT_S,
                         timeout_cb, NULL);
  g_application_run (G_APPLICATION (bench.app), 1, app_argv);
  fail ("the application quit before the bench was over");
  return 1;
}
