/* bench-library.c: search and scrolling in the real window over a library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-library FOLDER WORD
 *   prints: SEARCH_MS FRAME_MAX_MS FRAME_P95_MS FRAMES_OVER_16MS FRAMES SCAN_MS
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
 * update, layout (cells bound to takes) and paint.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rushes-application.h"
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
  gint64             mapped_at;
  gint64             scan_ms;
  gint64             search_start;
  double             search_ms;
  gint64             frame_start;
  gboolean           scrolling;
  gboolean           scan_started;
  gboolean           want_paint;  /* the search result is in: its frame ends the search */
  GArray            *frames;      /* double, ms */
  guint              tick_id;
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

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
finish (Bench *b)
{
  double max = 0, p95 = 0;
  guint over = 0;

  g_array_sort (b->frames, compare_doubles);
  for (guint i = 0; i < b->frames->len; i++)
    if (g_array_index (b->frames, double, i) > 16.0)
      over++;
  if (b->frames->len > 0)
    {
      max = g_array_index (b->frames, double, b->frames->len - 1);
      p95 = g_array_index (b->frames, double, (b->frames->len * 95) / 100 < b->frames->len ? (b->frames->len * 95) / 100 : b->frames->len - 1);
    }
  printf ("%.2f %.2f %.2f %u %u %" G_GINT64_FORMAT "\n", b->search_ms, max, p95, over, b->frames->len, b->scan_ms);
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
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->want_paint)
    {
      b->want_paint = FALSE;
      b->search_ms = (now - b->search_start) / 1000.0;
    }
  if (b->scrolling && b->frame_start > 0)
    g_array_append_val (b->frames, (double) { (now - b->frame_start) / 1000.0 });
}

static gboolean
start_scroll_cb (gpointer data)
{
  Bench *b = data;

  if (g_getenv ("BENCH_VERBOSE") != NULL)
    fprintf (stderr, "scan %" G_GINT64_FORMAT " ms, search %.1f ms; scrolling\n", b->scan_ms, b->search_ms);
  b->scrolling = TRUE;
  gtk_widget_add_tick_callback (GTK_WIDGET (b->window->take_grid), scroll_tick_cb, b, NULL);
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
  g_timeout_add (SETTLE_MS, start_scroll_cb, b);
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
  g_timeout_add (SETTLE_MS, search_cb, b);
}

static void
mapped_cb (GtkWidget *widget,
           Bench     *b)
{
  b->mapped_at = g_get_monotonic_time ();
  b->clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (b->clock, "before-paint", G_CALLBACK (before_paint_cb), b);
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
  bench.frames = g_array_new (FALSE, FALSE, sizeof (double));
  bench.app = rushes_application_new ();
  g_application_set_flags (G_APPLICATION (bench.app), G_APPLICATION_NON_UNIQUE);
  if (rushes_application_get_settings (bench.app) == NULL)
    fail ("no GSettings schema (GSETTINGS_SCHEMA_DIR)");
  g_settings_set_string (rushes_application_get_settings (bench.app), "library-folder", argv[1]);
  g_signal_connect_after (bench.app, "activate", G_CALLBACK (activate_cb), &bench);
  g_timeout_add_seconds (TIMEOUT_S, timeout_cb, NULL);
  g_application_run (G_APPLICATION (bench.app), 1, app_argv);
  fail ("the application quit before the bench was over");
  return 1;
}
