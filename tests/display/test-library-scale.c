/* test-library-scale.c: the window with a library of thousands of takes:
 * it shows takes while the scan still runs, says once what it left out,
 * and makes thumbnails only for the cells on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "media-fixtures.h"
#include "rushes-application.h"
#include "rushes-take-cell.h"
#include "rushes-take-private.h"
#include "rushes-thumbnailer.h"
#include "rushes-window.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (120 * 1000)

/* n takes of a real 2 s video in a new folder (and extra files with no
 * sidecar) */
static char *
make_library (guint n,
              guint n_bare)
{
  const char *video = media_fixture ("scale.mp4", "-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 "
                                     "-c:v libx264 -preset ultrafast -g 10 -pix_fmt yuv420p");
  char *dir = g_build_filename (g_get_home_dir (), "Scale", NULL);

  test_make_library (dir, video, n, 0, NULL);
  for (guint i = 0; i < n_bare; i++)
    {
      g_autofree char *bare = g_strdup_printf ("%s/bare-%04u.mp4", dir, i);

      g_assert_true (g_file_set_contents (bare, "v", 1, NULL));
    }
  return dir;
}

static gboolean
has_toast (gpointer window)
{
  return rushes_window_get_last_toast (window) != NULL;
}

static gboolean
has_takes (gpointer library)
{
  return g_list_model_get_n_items (library) > 0;
}

static gboolean
scan_over (gpointer library)
{
  return !rushes_library_get_scanning (library) && g_list_model_get_n_items (library) > 0;
}

/* The window maps with the scan still to run, shows the first takes while
 * it runs, and says in one toast what it left out. */
static void
test_window_during_scan (void)
{
  g_autofree char *dir = make_library (5000, 300);
  RushesWindow *window = test_open_window (dir, TEST_OPEN_DEFAULT, WAIT_MS);
  RushesLibrary *library = rushes_application_get_library (test_app);
  guint shown;

  g_assert_nonnull (library);
  test_wait_until (has_takes, library, WAIT_MS);
  shown = g_list_model_get_n_items (G_LIST_MODEL (library));
  g_test_message ("first takes shown: %u of 5000", shown);
  g_assert_true (rushes_library_get_scanning (library));
  g_assert_cmpuint (shown, <, 5000);

  test_wait_until (scan_over, library, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 5000);
  /* the toast comes with the scan's end (its callback, after the last batch) */
  test_wait_until (has_toast, window, WAIT_MS);
  g_assert_nonnull (strstr (rushes_window_get_last_toast (window), "300 files without a sidecar"));

  test_close_window (window, TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_DESTROY, WAIT_MS);
}

/* cells bound to a take, and those of them the scrolled window shows */
static void
count_cells (GtkWidget *widget,
             GtkWidget *view,
             guint     *bound,
             guint     *shown)
{
  graphene_rect_t b;

  if (RUSHES_IS_TAKE_CELL (widget) && gtk_widget_get_mapped (widget) &&
      rushes_take_cell_get_take (RUSHES_TAKE_CELL (widget)) != NULL)
    {
      (*bound)++;
      if (gtk_widget_compute_bounds (widget, view, &b) &&
          b.origin.y + b.size.height > 0 && b.origin.y < gtk_widget_get_height (view))
        (*shown)++;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    count_cells (c, view, bound, shown);
}

/* some asked for since *data, and every one asked for finished */
static gboolean
thumbnails_settled (gpointer data)
{
  const RushesThumbnailerStats *since = data;
  RushesThumbnailerStats stats;

  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &stats);
  return stats.requested > since->requested && stats.finished == stats.requested;
}

/* the grid has laid its cells out where they are (a list binds dozens
 * of cells before it knows their size) */
static gboolean
cells_laid_out (gpointer grid)
{
  guint bound = 0, shown = 0;

  count_cells (grid, gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW), &bound, &shown);
  return shown > 0;
}

static gboolean
media_ready (gpointer data)
{
  return rushes_application_get_media_ready (test_app);
}

/* Thumbnails are asked for by the cells on screen only, once they have
 * stayed there a moment: a fling from top to bottom asks for few of the
 * cells it passes, those where it stops get theirs, and a request whose
 * cell scrolled away before a worker took it up opens no file. */
static void
test_thumbnails_on_demand (void)
{
  g_autofree char *dir = make_library (1500, 0);
  RushesWindow *window = test_open_window (dir, TEST_OPEN_DEFAULT, WAIT_MS);
  RushesLibrary *library = rushes_application_get_library (test_app);
  GtkWidget *grid = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, "take_grid"));
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid));
  RushesThumbnailerStats start, before, flung, after, back;
  guint bound = 0, shown = 0, pages = 0;

  /* the thumbnailer is the process's: counts from here */
  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &start);
  test_wait_until (scan_over, library, WAIT_MS);
  test_wait_until (test_widget_allocated, gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW), WAIT_MS);
  test_wait_until (media_ready, NULL, WAIT_MS);
  test_wait_until (cells_laid_out, grid, WAIT_MS);
  test_wait_until (thumbnails_settled, &start, WAIT_MS);
  test_spin (300);
  test_wait_until (cells_laid_out, grid, WAIT_MS);
  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &before);
  count_cells (grid, gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW), &bound, &shown);
  g_test_message ("at the top: %u cells bound, %u shown; %u thumbnails asked for, %u files opened",
                  bound, shown, before.requested - start.requested, before.opened - start.opened);
  g_assert_cmpuint (shown, >, 0);
  g_assert_cmpuint (bound, <, 200);
  /* the cells shown and those within half a page of them, not every bound one */
  g_assert_cmpuint (before.requested - start.requested, >=, shown);
  g_assert_cmpuint (before.requested - start.requested, <=, 3 * shown + 6);

  /* a fling: a page a frame, to the bottom */
  while (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) < gtk_adjustment_get_upper (adj))
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj));
      test_spin (16);
      pages++;
    }
  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &flung);
  g_test_message ("flung through %u pages (about %u cells): %u thumbnails asked for on the way", pages,
                  pages * shown, flung.requested - before.requested);
  /* far fewer than the cells passed (each of them asked, before) */
  g_assert_cmpuint (pages, >, 20);
  g_assert_cmpuint (flung.requested - before.requested, <, pages * shown / 4);

  /* where it stops, the cells get theirs */
  test_wait_until (thumbnails_settled, &flung, WAIT_MS);
  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &after);
  g_assert_cmpuint (after.requested - flung.requested, >=, 1);

  /* back up, a page every 120 ms: cells stay long enough to ask (some
   * scroll away again before a worker takes their request up: those are
   * dropped, and test-media's /thumbnailer/cancelled sees that they read
   * nothing) */
  for (guint i = 0; i < 20; i++)
    {
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) - gtk_adjustment_get_page_size (adj));
      test_spin (120);
    }
  test_wait_until (thumbnails_settled, &after, WAIT_MS);
  rushes_thumbnailer_get_stats (rushes_thumbnailer_get_default (), &back);
  g_test_message ("back up 20 pages: %u asked for, %u dropped before they started, %u files opened, "
                  "%" G_GSIZE_FORMAT " bytes in memory",
                  back.requested - after.requested, back.skipped - after.skipped,
                  back.opened - after.opened, back.memory_bytes);
  g_assert_cmpuint (back.requested - after.requested, >=, 10 * shown);
  /* what was dropped opened nothing */
  g_assert_cmpuint (back.opened - before.opened, <=,
                    (back.requested - before.requested) - (back.skipped - before.skipped));
  g_assert_cmpuint (back.memory_bytes, <=, 24 * 1024 * 1024);
  /* every cell passed was bound without reading its take's sidecar again:
   * the takes hold what the cells show, and no recipe is kept in memory */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_assert_null (_rushes_take_peek_recipe (take));
    }

  test_close_window (window, TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_DESTROY, WAIT_MS);
}

/* the heights of the cells the grid has laid out */
static void
cell_heights (GtkWidget *widget,
              GArray    *heights)
{
  if (RUSHES_IS_TAKE_CELL (widget) && gtk_widget_get_mapped (widget) &&
      rushes_take_cell_get_take (RUSHES_TAKE_CELL (widget)) != NULL && gtk_widget_get_height (widget) > 0)
    g_array_append_val (heights, (int) { gtk_widget_get_height (widget) });
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    cell_heights (c, heights);
}

/* as many cells laid out as at least *data, all of one height */
static gboolean
cells_of_one_height (gpointer data)
{
  GtkWidget *grid = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));

  cell_heights (grid, heights);
  if (heights->len < n)
    return FALSE;
  for (guint i = 1; i < heights->len; i++)
    if (g_array_index (heights, int, i) != g_array_index (heights, int, 0))
      return FALSE;
  return TRUE;
}

/* Every cell has one size, whatever its title's length: a grid that
 * scrolls binds dozens of cells a frame, and cells whose height follows
 * their title (one line or two) make it lay out its rows again, and measure
 * every cell again (bench/library). */
static void
test_cells_one_size (void)
{
  g_autofree char *dir = make_library (40, 0);
  RushesWindow *window = test_open_window (dir, TEST_OPEN_DEFAULT, WAIT_MS);
  RushesLibrary *library = rushes_application_get_library (test_app);
  GtkWidget *grid = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, "take_grid"));
  GListModel *shown = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (int));
  gpointer args[2] = { grid, NULL };

  test_wait_until (scan_over, library, WAIT_MS);
  test_wait_until (cells_laid_out, grid, WAIT_MS);
  /* the first row's titles short (one line), the second's long (two) */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (shown, i);
      g_autoptr(GError) error = NULL;

      g_assert_true (rushes_take_rename (take, i < 2 ? "Dawn" :
                                         "The lighthouse at dusk seen from the rocks below, take two",
                                         &error));
      g_assert_no_error (error);
    }
  test_spin (300);
  cell_heights (grid, heights);
  g_assert_cmpuint (heights->len, >=, 4);
  args[1] = GUINT_TO_POINTER (heights->len);
  test_wait_until (cells_of_one_height, args, 5000);

  test_close_window (window, TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_DESTROY, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_DEFAULT);

  g_test_add_data_func ("/library-scale/window-during-scan", test_window_during_scan, test_with_app);
  g_test_add_data_func ("/library-scale/thumbnails-on-demand", test_thumbnails_on_demand, test_with_app);
  g_test_add_data_func ("/library-scale/cells-one-size", test_cells_one_size, test_with_app);

  return g_test_run ();
}
