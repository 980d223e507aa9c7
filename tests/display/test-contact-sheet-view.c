/* test-contact-sheet-view.c: the contact sheet in the window (run under
 * xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A library with a sweep of four solid-colour takes and one take of no
 * sweep: G on a sweep take shows one playing cell per take of the sweep,
 * labelled with its value; a cell opens its take in the viewer; a rating
 * key rates the focused cell's take; Export writes a PNG with a cell per
 * take where the layout puts it; Escape goes back.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-application.h"
#include "rushes-contact-sheet-view.h"
#include "rushes-player-view.h"
#include "rushes-window.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (60 * 1000)

typedef struct
{
  const char *name;
  const char *colour;
  guint8      rgb[3];
  int         seed;
} Solid;

static const Solid sweep[] = {
  { "sweep-red.webm", "0xff0000", { 255, 0, 0 }, 11 },
  { "sweep-green.webm", "0x00ff00", { 0, 255, 0 }, 22 },
  { "sweep-blue.webm", "0x0000ff", { 0, 0, 255 }, 33 },
  { "sweep-white.webm", "0xffffff", { 255, 255, 255 }, 44 },
};

static GtkWidget *
child (RushesWindow *window,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A take of the library: a solid-colour video and its sidecar (with the
 * sweep, when sweep_seed >= 0). Made 1 s apart, oldest first. */
static void
write_take (const char *folder,
            const char *name,
            const char *colour,
            int         sweep_seed,
            guint       age)
{
  g_autofree char *args = g_strdup_printf ("-f lavfi -i color=c=%s:s=160x120:r=12:d=1 -c:v libvpx -b:v 1M", colour);
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(JsonObject) info = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) created = g_date_time_add_seconds (now, -100.0 + age);
  g_autofree char *stamp = g_date_time_format_iso8601 (created);
  g_autoptr(GError) error = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (media_fixture (name, args), &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  rushes_recipe_set_prompt (recipe, "a heron at dawn");
  json_object_set_string_member (info, "file", name);
  json_object_set_string_member (info, "created", stamp);
  if (sweep_seed >= 0)
    {
      JsonObject *described = json_object_new ();

      json_object_set_string_member (described, "id", "sweep-1");
      json_object_set_string_member (described, "field", "seed");
      json_object_set_int_member (described, "value", sweep_seed);
      json_object_set_object_member (info, "sweep", described);
    }
  g_assert_true (rushes_take_write_sidecar (path, recipe, info, &error));
  g_assert_no_error (error);
}

static gboolean
has_n_takes (gpointer data)
{
  return g_list_model_get_n_items (rushes_window_get_takes (data)) ==
         GPOINTER_TO_UINT (g_object_get_data (data, "want-takes"));
}

static RushesWindow *
open_window (char **folder)
{
  g_autofree char *home_tmp = g_build_filename (g_get_home_dir (), "lib-XXXXXX", NULL);
  RushesWindow *window;

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  *folder = g_mkdtemp (g_steal_pointer (&home_tmp));
  g_assert_nonnull (*folder);
  for (guint i = 0; i < G_N_ELEMENTS (sweep); i++)
    write_take (*folder, sweep[i].name, sweep[i].colour, sweep[i].seed, i);
  write_take (*folder, "lone-grey.webm", "0x808080", -1, 10);

  window = test_open_window (*folder, TEST_OPEN_ALLOCATED, WAIT_MS);
  g_object_set_data (G_OBJECT (window), "want-takes", GUINT_TO_POINTER (5));
  test_wait_until (has_n_takes, window, WAIT_MS);
  return window;
}

static RushesTake *
shown_take (RushesWindow *window,
            const char   *name)
{
  GListModel *shown = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (child (window, "take_grid"))));

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (shown, i);

      if (g_str_has_suffix (rushes_take_get_path (take), name))
        {
          gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (shown), i);
          return take;   /* the library keeps it */
        }
    }
  g_assert_not_reached ();
}

static gboolean
sheet_playing (gpointer data)
{
  RushesContactPlayer *player = rushes_contact_sheet_view_get_player (data);

  return player != NULL && rushes_contact_player_get_ready (player) && rushes_contact_player_get_playing (player);
}

static gboolean
not_exporting (gpointer data)
{
  return !rushes_contact_sheet_view_get_exporting (data);
}

static void
assert_colour (const guint8 *pixel,
               const guint8 *rgb)
{
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (abs ((int) pixel[c] - rgb[c]), <=, 24);
}

static void
test_sweep_sheet (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  GtkStack *stack = GTK_STACK (child (window, "player_stack"));
  GtkWidget *grid = child (window, "take_grid");
  RushesContactSheetView *view;
  GtkFlowBox *cells;
  RushesTake *blue;
  g_autofree char *png = g_build_filename (folder, "sheet.png", NULL);
  g_autoptr(GdkPixbuf) sheet = NULL;
  g_autoptr(GError) error = NULL;

  /* G on a take of the sweep: its four takes, oldest first, labelled
   * with their seeds; the lone take is not in it */
  shown_take (window, "sweep-green.webm");
  g_assert_true (test_press_key (grid, GDK_KEY_g, FALSE));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sheet");
  view = RUSHES_CONTACT_SHEET_VIEW (gtk_stack_get_visible_child (stack));
  g_assert_cmpuint (rushes_contact_sheet_view_get_n_cells (view), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (sweep); i++)
    {
      g_autofree char *label = g_strdup_printf ("seed = %d", sweep[i].seed);

      g_assert_cmpstr (rushes_contact_sheet_view_get_label (view, i), ==, label);
      g_assert_true (g_str_has_suffix (rushes_take_get_path (rushes_contact_sheet_view_get_take (view, i)),
                                       sweep[i].name));
    }
  test_wait_until (sheet_playing, view, WAIT_MS);
  cells = GTK_FLOW_BOX (test_find_descendant_of_type (GTK_WIDGET (view), GTK_TYPE_FLOW_BOX));
  /* 2 × 2, each cell showing its picture */
  g_assert_cmpuint (gtk_flow_box_get_max_children_per_line (cells), ==, 2);
  g_assert_nonnull (gtk_flow_box_get_child_at_index (cells, 3));
  g_assert_null (gtk_flow_box_get_child_at_index (cells, 4));

  /* 4 on the focused (third) cell: that take has four stars */
  blue = rushes_contact_sheet_view_get_take (view, 2);
  gtk_widget_grab_focus (GTK_WIDGET (gtk_flow_box_get_child_at_index (cells, 2)));
  g_assert_true (rushes_contact_sheet_view_get_focused_take (view) == blue);
  g_assert_true (test_press_key (GTK_WIDGET (cells), GDK_KEY_4, FALSE));
  g_assert_cmpuint (rushes_take_get_rating (blue), ==, 4);
  g_assert_cmpuint (rushes_take_get_rating (rushes_contact_sheet_view_get_take (view, 0)), ==, 0);
  /* Space pauses them all, and plays them again */
  g_assert_true (test_press_key (GTK_WIDGET (cells), GDK_KEY_space, FALSE));
  g_assert_false (rushes_contact_player_get_playing (rushes_contact_sheet_view_get_player (view)));
  g_assert_true (test_press_key (GTK_WIDGET (cells), GDK_KEY_space, FALSE));
  g_assert_true (rushes_contact_player_get_playing (rushes_contact_sheet_view_get_player (view)));

  /* Export as an image: a cell per take, three frames each, in order */
  rushes_contact_sheet_view_export_to (view, png);
  g_assert_true (rushes_contact_sheet_view_get_exporting (view));
  test_wait_until (not_exporting, view, WAIT_MS);
  g_assert_cmpstr (rushes_window_get_last_toast (window), ==, "Contact sheet saved as “sheet.png”");
  sheet = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  /* three cells to a row of 3 × 240 px, 180 px frames and a label strip */
  g_assert_cmpint (gdk_pixbuf_get_width (sheet), ==, 3 * 3 * 240);
  g_assert_cmpint (gdk_pixbuf_get_height (sheet) % 2, ==, 0);
  {
    const guint8 *pixels = gdk_pixbuf_read_pixels (sheet);
    int stride = gdk_pixbuf_get_rowstride (sheet);
    int channels = gdk_pixbuf_get_n_channels (sheet);
    int row_height = gdk_pixbuf_get_height (sheet) / 2;

    for (guint i = 0; i < G_N_ELEMENTS (sweep); i++)
      for (guint frame = 0; frame < 3; frame++)
        {
          guint x = (i % 3) * 720 + frame * 240 + 120;
          guint y = (i / 3) * row_height + 90;

          assert_colour (pixels + y * stride + x * channels, sweep[i].rgb);
        }
  }

  /* a click on the second cell: its take in the viewer */
  {
    g_autoptr(RushesTake) second = g_object_ref (rushes_contact_sheet_view_get_take (view, 1));
    g_autoptr(GFile) want = g_file_new_for_path (rushes_take_get_path (second));
    RushesPlayerView *player_view;

    g_signal_emit_by_name (cells, "child-activated", gtk_flow_box_get_child_at_index (cells, 1));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "player");
    player_view = RUSHES_PLAYER_VIEW (gtk_stack_get_child_by_name (stack, "player"));
    g_assert_true (g_file_equal (rushes_player_get_file (rushes_player_view_get_player (player_view)), want));
    g_assert_nonnull (rushes_window_get_selected_take (window));
    g_assert_cmpstr (rushes_take_get_path (rushes_window_get_selected_take (window)), ==,
                     rushes_take_get_path (second));
  }
  /* leaving the sheet stopped it */
  g_assert_null (rushes_contact_sheet_view_get_player (view));

  /* again, and Escape: back to the viewer as it was */
  g_assert_true (test_press_key (grid, GDK_KEY_g, FALSE));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sheet");
  gtk_widget_activate_action (GTK_WIDGET (view), "sheet.back", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "player");

  test_close_window (window, TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_RESET_LIBRARY, WAIT_MS);
}

static void
test_shown_takes_sheet (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  GtkStack *stack = GTK_STACK (child (window, "player_stack"));
  RushesContactSheetView *view;

  /* a take of no sweep: the takes the library shows, all five, titled */
  shown_take (window, "lone-grey.webm");
  g_action_group_activate_action (G_ACTION_GROUP (window), "contact-sheet", NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "sheet");
  view = RUSHES_CONTACT_SHEET_VIEW (gtk_stack_get_visible_child (stack));
  g_assert_cmpuint (rushes_contact_sheet_view_get_n_cells (view), ==, 5);
  g_assert_cmpstr (rushes_contact_sheet_view_get_label (view, 0), ==,
                   rushes_take_get_title (rushes_contact_sheet_view_get_take (view, 0)));
  g_assert_true (g_str_has_suffix (rushes_take_get_path (rushes_contact_sheet_view_get_take (view, 0)),
                                   "lone-grey.webm"));
  test_wait_until (sheet_playing, view, WAIT_MS);
  test_close_window (window, TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_RESET_LIBRARY, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_DEFAULT);

  g_test_add_data_func ("/contact-sheet-view/sweep", test_sweep_sheet, test_with_app);
  g_test_add_data_func ("/contact-sheet-view/shown-takes", test_shown_takes_sheet, test_with_app);

  return g_test_run ();
}
