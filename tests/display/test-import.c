/* test-import.c: importing media into the library (files, folders, drops,
 * hundreds at once), the library's keys, and deletes with Undo (run under
 * xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "media-fixtures.h"
#include "rushes-application.h"
#include "rushes-compare-view.h"
#include "rushes-player-view.h"
#include "rushes-timeline.h"
#include "rushes-timeline-view.h"
#include "rushes-window.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (60 * 1000)
/* video only: no sound server here */
#define VIDEO_ARGS "-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 " \
                   "-c:v libx264 -preset ultrafast -g 10 -pix_fmt yuv420p"

/* ---- the window ---------------------------------------------------------- */

static GtkWidget *
child (RushesWindow *window,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

/* A window whose library is a new folder in the (isolated) home, which
 * is where GIO's trash is. */
static RushesWindow *
open_window (char **folder)
{
  g_autofree char *home_tmp = g_build_filename (g_get_home_dir (), "lib-XXXXXX", NULL);

  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  *folder = g_mkdtemp (g_steal_pointer (&home_tmp));
  g_assert_nonnull (*folder);
  return test_open_window (*folder, TEST_OPEN_ALLOCATED, WAIT_MS);
}

/* libadwaita 1.2 frees a toast under its running slide-in animation when
 * it goes within 300–500 ms of showing (closing the window, pressing one
 * of its buttons): no faster than a hand, here. */
#define TOAST_SETTLE_MS 700

/* A window whose timeline was edited asks "Save Changes?" on close: these
 * tests let the edits go. */
#define CLOSE_FLAGS (TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_DISCARD | TEST_CLOSE_RESET_LIBRARY)

/* ---- helpers --------------------------------------------------------------- */

static gboolean
has_n_takes (gpointer data)
{
  guint want = GPOINTER_TO_UINT (g_object_get_data (data, "want-takes"));

  return g_list_model_get_n_items (rushes_window_get_takes (data)) == want;
}

static void
wait_takes (RushesWindow *window,
            guint         n)
{
  g_object_set_data (G_OBJECT (window), "want-takes", GUINT_TO_POINTER (n));
  test_wait_until (has_n_takes, window, WAIT_MS);
}

static gboolean
toast_contains (gpointer data)
{
  const char *want = g_object_get_data (data, "want-toast");
  const char *last = rushes_window_get_last_toast (data);

  return last != NULL && strstr (last, want) != NULL;
}

static void
wait_toast (RushesWindow *window,
            const char   *text)
{
  g_object_set_data_full (G_OBJECT (window), "want-toast", g_strdup (text), g_free);
  test_wait_until (toast_contains, window, WAIT_MS);
}

static char *
write_text_file (const char *dir,
                 const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "shopping list: milk, eggs\n", -1, NULL));
  return path;
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* What a drop from a file manager delivers: a file list. */
static gboolean
drop_paths (GtkWidget   *widget,
            const char **paths)
{
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (drop_target_of (widget), "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
  return accepted;
}

static RushesTimelineView *
timeline_view (RushesWindow *window)
{
  return RUSHES_TIMELINE_VIEW (test_find_descendant_of_type (GTK_WIDGET (window), RUSHES_TYPE_TIMELINE_VIEW));
}

static RushesTake *
take_at (RushesWindow *window,
         guint         position)
{
  g_autoptr(RushesTake) take = g_list_model_get_item (rushes_window_get_takes (window), position);

  g_assert_nonnull (take);
  return take;   /* the library keeps it */
}

/* The button in the shown toast: the one with label, or the close button. */
static gboolean
is_toast_button (GtkWidget  *widget,
                 const char *label)
{
  const char *text, *icon;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  text = gtk_button_get_label (GTK_BUTTON (widget));
  icon = gtk_button_get_icon_name (GTK_BUTTON (widget));
  return label != NULL ? g_strcmp0 (text, label) == 0 : g_strcmp0 (icon, "window-close-symbolic") == 0;
}

static GtkWidget *
find_toast_button (GtkWidget  *widget,
                   const char *label)
{
  if (is_toast_button (widget, label))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_toast_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The number of mapped toast buttons labelled label (NULL: close buttons) */
static guint
count_toast_buttons (GtkWidget  *widget,
                     const char *label)
{
  guint n = is_toast_button (widget, label) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += count_toast_buttons (c, label);
  return n;
}

/* One toast shows the button: an earlier toast still sliding out (a slow
 * frame clock under load) has a close button too, and pressing that one
 * would dismiss nothing */
static gboolean
toast_button_shown (gpointer data)
{
  RushesWindow *window = data;

  return count_toast_buttons (child (window, "toast_overlay"),
                              g_object_get_data (G_OBJECT (window), "want-button")) == 1;
}

/* Presses a button of the shown toast (NULL: its close button). */
static void
press_toast_button (RushesWindow *window,
                    const char   *label)
{
  GtkWidget *button;

  g_object_set_data_full (G_OBJECT (window), "want-button", g_strdup (label), g_free);
  test_wait_until (toast_button_shown, window, WAIT_MS);
  test_spin (TOAST_SETTLE_MS);
  button = find_toast_button (child (window, "toast_overlay"), label);
  g_signal_emit_by_name (button, "clicked");
  test_drain ();
}

static char *
trashed_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "Trash", "files", name, NULL);
}

/* the newest take (the top one) selected */
static gboolean
newest_selected (gpointer data)
{
  g_autoptr(RushesTake) top = g_list_model_get_item (rushes_window_get_takes (data), 0);

  return top != NULL && rushes_window_get_selected_take (data) == top;
}

/* Imports the video fixture as name; returns its take's path. */
static char *
import_video (RushesWindow *window,
              const char   *folder,
              const char   *name,
              guint         n_after)
{
  const char *fixture = media_fixture ("import.mp4", VIDEO_ARGS);
  g_autofree char *src_dir = g_build_filename (g_get_home_dir (), "Downloads", NULL);
  g_autofree char *source = g_build_filename (src_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (fixture);
  g_autoptr(GFile) file = g_file_new_for_path (source);

  g_assert_cmpint (g_mkdir_with_parents (src_dir, 0700), ==, 0);
  g_assert_true (g_file_copy (from, file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  rushes_window_import_files (window, &file, 1);
  wait_takes (window, n_after);
  /* and once all is done, the new take is selected */
  test_wait_until (newest_selected, window, WAIT_MS);
  return g_build_filename (folder, name, NULL);
}

/* ---- import ---------------------------------------------------------------- */

static void
test_import_video (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  const char *fixture = media_fixture ("import.mp4", VIDEO_ARGS);
  g_autofree char *expected = NULL;
  g_autofree char *frames_in = NULL;
  g_autofree char *frames_out = NULL;
  RushesTake *take;
  RushesRecipe *recipe;

  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "import"));
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (test_app), "win.import");

    g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>i"));
  }

  expected = import_video (window, folder, "My Holiday.mp4", 1);
  take = take_at (window, 0);
  /* copied into the library under its own name; the original stays */
  g_assert_cmpstr (rushes_take_get_path (take), ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (rushes_take_get_sidecar_path (take), G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *source = g_build_filename (g_get_home_dir (), "Downloads", "My Holiday.mp4", NULL);

    g_assert_true (g_file_test (source, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpstr (json_object_get_string_member (rushes_take_get_info (take), "imported_from"), ==, source);
  }
  /* the same video: every frame of it */
  frames_in = media_probe (fixture, "v:0", "stream=codec_name,width,height");
  frames_out = media_probe (expected, "v:0", "stream=codec_name,width,height");
  g_assert_cmpstr (frames_out, ==, frames_in);
  g_assert_cmpuint (media_count_frames (expected), ==, 50);
  /* its recipe says it was imported, with what the probe found */
  recipe = rushes_take_get_recipe (take);
  g_assert_cmpstr (rushes_recipe_get_backend (recipe), ==, "import");
  g_assert_cmpstr (rushes_take_get_title (take), ==, "My Holiday.mp4");
  g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 320);
  g_assert_cmpuint (rushes_recipe_get_height (recipe), ==, 240);
  g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 25);
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 2.0, 0.1);
  /* selected, and said */
  g_assert_true (rushes_window_get_selected_take (window) == take);
  wait_toast (window, "Imported “My Holiday.mp4”");

  /* the same file again: a second take beside it, numbered */
  {
    g_autofree char *second = g_build_filename (folder, "My Holiday-2.mp4", NULL);
    g_autofree char *got = import_video (window, folder, "My Holiday.mp4", 2);

    g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));
    g_assert_nonnull (rushes_library_lookup (RUSHES_LIBRARY (rushes_window_get_takes (window)), second));
  }
  /* and a take of the library itself is only selected */
  {
    g_autoptr(GFile) file = g_file_new_for_path (expected);

    rushes_window_import_files (window, &file, 1);
    test_spin (300);
    g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 2);
    g_assert_cmpstr (rushes_take_get_path (rushes_window_get_selected_take (window)), ==, expected);
  }

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

static void
test_import_not_video (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *notes = write_text_file (g_get_home_dir (), "notes.txt");
  g_autoptr(GFile) file = g_file_new_for_path (notes);

  rushes_window_import_files (window, &file, 1);
  /* a toast names the file and says why */
  wait_toast (window, "notes.txt");
  g_assert_true (g_str_has_prefix (rushes_window_get_last_toast (window), "Could not import “notes.txt”: "));
  g_assert_nonnull (strstr (rushes_window_get_last_toast (window), "not a video"));
  /* and nothing else changed */
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);
  g_assert_cmpuint (test_count_files (folder), ==, 0);
  g_assert_true (g_file_test (notes, G_FILE_TEST_IS_REGULAR));

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* Dropped on the library: a folder brings in the videos directly in it;
 * a folder without any says so. */
static void
test_import_dropped_folder (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  const char *fixture = media_fixture ("import.mp4", VIDEO_ARGS);
  g_autofree char *shoot = g_build_filename (g_get_home_dir (), "Shoot", NULL);
  g_autofree char *deeper = g_build_filename (shoot, "deeper", NULL);
  g_autofree char *papers = g_build_filename (g_get_home_dir (), "Papers", NULL);
  const char *names[] = { "a.mp4", "b.mp4", "deeper/c.mp4" };
  g_autofree char *readme = NULL;
  g_autofree char *letter = NULL;

  g_assert_cmpint (g_mkdir_with_parents (deeper, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (papers, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (shoot, names[i], NULL);
      g_autoptr(GFile) from = g_file_new_for_path (fixture);
      g_autoptr(GFile) to = g_file_new_for_path (path);

      g_assert_true (g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
    }
  readme = write_text_file (shoot, "readme.txt");
  letter = write_text_file (papers, "letter.txt");

  /* the empty library shows its placeholder: that takes drops too */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (window, "library_stack"))), ==, "empty");
  {
    const char *paths[] = { shoot, NULL };

    g_assert_true (drop_paths (child (window, "library_stack"), paths));
  }
  wait_takes (window, 2);
  wait_toast (window, "Imported 2 files");
  /* not recursive, and the text file is left alone quietly */
  {
    g_autofree char *a = g_build_filename (folder, "a.mp4", NULL);
    g_autofree char *b = g_build_filename (folder, "b.mp4", NULL);

    g_assert_nonnull (rushes_library_lookup (RUSHES_LIBRARY (rushes_window_get_takes (window)), a));
    g_assert_nonnull (rushes_library_lookup (RUSHES_LIBRARY (rushes_window_get_takes (window)), b));
    g_assert_cmpuint (test_count_files (folder), ==, 4);
  }

  {
    const char *paths[] = { papers, NULL };

    g_assert_true (drop_paths (child (window, "library_stack"), paths));
  }
  wait_toast (window, "Could not import “Papers”: the folder holds no video");
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 2);

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

typedef struct
{
  gint64 last;
  gint64 max_gap;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->max_gap = MAX (ticks->max_gap, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* 500 files at once: the window keeps responding while they are probed,
 * and one toast sums up what failed. */
static void
test_import_many (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  const char *fixture = media_fixture ("import.mp4", VIDEO_ARGS);
  g_autofree char *pile = g_build_filename (g_get_home_dir (), "Pile", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  Ticks ticks = { 0, 0 };
  gint64 before;
  guint tick_id;

  g_assert_cmpint (g_mkdir_with_parents (pile, 0700), ==, 0);
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("note-%03u.txt", i);
      g_autofree char *path = write_text_file (pile, name);

      g_ptr_array_add (files, g_file_new_for_path (path));
    }
  g_ptr_array_add (files, g_file_new_for_path (fixture));

  before = g_get_monotonic_time ();
  rushes_window_import_files (window, (GFile **) files->pdata, files->len);
  /* returns at once: the probing is elsewhere */
  g_assert_cmpint (g_get_monotonic_time () - before, <, 500 * 1000);

  ticks.last = g_get_monotonic_time ();
  tick_id = g_timeout_add (10, tick_cb, &ticks);
  wait_toast (window, "500 could not be imported");
  g_source_remove (tick_id);
  g_test_message ("longest main-loop gap while importing: %" G_GINT64_FORMAT " ms", ticks.max_gap / 1000);
  g_assert_cmpint (ticks.max_gap, <, 1000 * 1000);

  g_assert_true (g_str_has_prefix (rushes_window_get_last_toast (window),
                                   "Imported 1 file; 500 could not be imported (“note-000.txt”, “note-001.txt”, "
                                   "“note-002.txt” and 497 more). The first: “"));
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 1);
  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* ---- timeline drops ----------------------------------------------------------- */

static void
test_timeline_drop_fails (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *notes = write_text_file (g_get_home_dir (), "todo.txt");
  RushesProject *project;

  /* the timeline needs GStreamer: it gets its project's preview when up */
  rushes_application_ensure_media (test_app);
  project = rushes_timeline_view_get_project (timeline_view (window));
  {
    const char *paths[] = { notes, NULL };

    g_assert_true (drop_paths (GTK_WIDGET (timeline_view (window)), paths));
  }
  wait_toast (window, "todo.txt");
  g_assert_nonnull (strstr (rushes_window_get_last_toast (window), "not a video"));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 0);

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* ---- the library's keys --------------------------------------------------------- */

static RushesPlayer *
window_player (RushesWindow *window)
{
  GtkWidget *view = gtk_stack_get_child_by_name (GTK_STACK (child (window, "player_stack")), "player");

  return view != NULL ? rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view)) : NULL;
}

static gboolean
player_playing (gpointer data)
{
  RushesPlayer *player = window_player (data);

  return player != NULL && rushes_player_get_state (player) == RUSHES_PLAYER_STATE_PLAYING;
}

static void
test_library_keys (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *first = import_video (window, folder, "first.mp4", 1);
  g_autofree char *second = import_video (window, folder, "second.mp4", 2);
  GtkWidget *grid = child (window, "take_grid");
  RushesTimelineView *view = timeline_view (window);
  RushesProject *project;
  RushesPlayer *player;
  g_autoptr(GFile) first_file = g_file_new_for_path (first);

  /* Enter on the second row (the first take): it plays */
  g_assert_cmpstr (rushes_take_get_path (take_at (window, 1)), ==, first);
  g_signal_emit_by_name (grid, "activate", 1);
  test_wait_until (player_playing, window, WAIT_MS);
  player = window_player (window);
  g_assert_true (g_file_equal (rushes_player_get_file (player), first_file));
  g_assert_cmpstr (rushes_take_get_path (rushes_window_get_selected_take (window)), ==, first);
  rushes_player_pause (player);

  /* E: into the timeline at the playhead, one after the other */
  project = rushes_timeline_view_get_project (view);
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 0);
  g_assert_true (test_press_key (grid, GDK_KEY_e, TRUE));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 0)), ==, first);
  /* the playhead went to its end */
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, rushes_project_get_duration (project));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_grid_view_get_model (GTK_GRID_VIEW (grid))), 0);
  g_assert_true (test_press_key (grid, GDK_KEY_e, TRUE));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 2);
  g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 1)), ==, second);
  /* playhead near the start of the first clip: the new one goes before it */
  rushes_timeline_view_set_position (view, RUSHES_SECOND / 4);
  g_assert_true (test_press_key (grid, GDK_KEY_e, TRUE));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
  g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 0)), ==, second);
  g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 1)), ==, first);
  /* each insert is one undo step */
  g_action_group_activate_action (G_ACTION_GROUP (window), "undo", NULL);
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 2);
  g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 0)), ==, first);

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* C, C in the library: the two takes compared in the viewer, in step */
static gboolean
pair_settled (gpointer data)
{
  RushesPlayerPair *pair = data;

  return rushes_playable_get_state (RUSHES_PLAYABLE (pair)) == RUSHES_PLAYER_STATE_PAUSED &&
         !rushes_player_pair_get_seeking (pair);
}

static void
test_library_compare (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *first = import_video (window, folder, "first.mp4", 1);
  g_autofree char *second = import_video (window, folder, "second.mp4", 2);
  GtkWidget *grid = child (window, "take_grid");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
  RushesPlayerView *view;
  RushesCompareView *compare;
  RushesPlayerPair *pair;
  g_autofree char *label_a = NULL;
  g_autofree char *label_b = NULL;

  /* C on the first take: marked as A, nothing compared yet */
  gtk_single_selection_set_selected (selection, 1);
  g_assert_true (test_press_key (grid, GDK_KEY_c, TRUE));
  view = RUSHES_PLAYER_VIEW (gtk_stack_get_child_by_name (GTK_STACK (child (window, "player_stack")), "player"));
  g_assert_nonnull (view);
  g_assert_null (rushes_player_view_get_compare_view (view));
  /* C on the second: the compare of both, titled */
  gtk_single_selection_set_selected (selection, 0);
  g_assert_true (test_press_key (grid, GDK_KEY_c, TRUE));
  compare = rushes_player_view_get_compare_view (view);
  g_assert_nonnull (compare);
  label_a = g_strdup_printf ("A: %s", rushes_take_get_title (take_at (window, 1)));
  label_b = g_strdup_printf ("B: %s", rushes_take_get_title (take_at (window, 0)));
  g_assert_cmpstr (rushes_compare_view_get_label_a (compare), ==, label_a);
  g_assert_cmpstr (rushes_compare_view_get_label_b (compare), ==, label_b);
  pair = rushes_compare_view_get_pair (compare);
  g_assert_true (rushes_player_view_get_active (view) == RUSHES_PLAYABLE (pair));
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_a (pair))), ==, first);
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_b (pair))), ==, second);
  test_wait_until (pair_settled, pair, WAIT_MS);

  /* the viewer's keys, with the focus in the library: W wipes, → steps both */
  gtk_widget_grab_focus (grid);
  g_assert_false (rushes_compare_view_get_wipe (compare));
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_w, TRUE));
  g_assert_true (rushes_compare_view_get_wipe (compare));
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_period, TRUE));
  g_assert_cmpfloat (rushes_compare_view_get_divider (compare), >, 0.5);
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_Right, TRUE));
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_Right, TRUE));
  test_spin (100);
  test_wait_until (pair_settled, pair, WAIT_MS);
  g_assert_cmpuint (rushes_player_pair_get_frame_a (pair), ==, 2);
  g_assert_cmpuint (rushes_player_pair_get_frame_b (pair), ==, 2);
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_w, TRUE));
  g_assert_false (rushes_compare_view_get_wipe (compare));

  /* Escape leaves: the take is back */
  g_assert_true (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_Escape, TRUE));
  g_assert_null (rushes_player_view_get_compare_view (view));
  g_assert_true (rushes_player_view_get_active (view) == RUSHES_PLAYABLE (rushes_player_view_get_player (view)));
  /* and W is nobody's again */
  g_assert_false (test_press_key (gtk_widget_get_ancestor (grid, GTK_TYPE_PANED), GDK_KEY_w, TRUE));

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* A project whose one clip shows first and keeps second as its other
 * version, written as the file format has it */
static GFile *
write_versions_project (const char *folder,
                        const char *first,
                        const char *second)
{
  g_autoptr(RushesProject) project = rushes_project_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file (first, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  g_autofree char *path = g_build_filename (folder, "versions.rushes", NULL);
  JsonObject *object;
  JsonArray *versions = json_array_new ();

  g_assert_no_error (error);
  g_assert_true (rushes_project_place_clip (project, 0, clip, 0, &error));
  g_assert_no_error (error);
  json = rushes_project_to_json (project);
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  object = json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (
    json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "tracks"), 0), "clips"), 0);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *version = json_object_new ();

      json_object_set_string_member (version, "path", i == 0 ? first : second);
      json_object_set_int_member (version, "media-duration", rushes_timeline_clip_get_media_duration (clip));
      json_array_add_object_element (versions, version);
    }
  json_object_set_array_member (object, "versions", versions);
  json_object_set_int_member (object, "version", 0);
  g_clear_pointer (&json, g_free);
  json = json_to_string (json_parser_get_root (parser), TRUE);
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  return g_file_new_for_path (path);
}

static gboolean
clip_has_two_versions (gpointer data)
{
  RushesProject *project = rushes_timeline_view_get_project (data);
  RushesTimelineClip *clip = project != NULL ? rushes_project_get_clip (project, 0) : NULL;

  return clip != NULL && rushes_timeline_clip_get_n_versions (clip) == 2;
}

/* A on the timeline: the shown version against the other, in the viewer */
static void
test_timeline_compare_versions (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *first = import_video (window, folder, "first.mp4", 1);
  g_autofree char *second = import_video (window, folder, "second.mp4", 2);
  g_autoptr(GFile) file = write_versions_project (folder, first, second);
  RushesTimelineView *timeline = timeline_view (window);
  RushesTimelineClip *clip;
  RushesPlayerView *view;
  RushesCompareView *compare;
  RushesPlayerPair *pair;
  g_autofree char *label_a = NULL;
  g_autofree char *label_b = NULL;

  rushes_window_open_project_file (window, file);
  test_wait_until (clip_has_two_versions, timeline, WAIT_MS);
  clip = rushes_project_get_clip (rushes_timeline_view_get_project (timeline), 0);
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
  view = RUSHES_PLAYER_VIEW (gtk_stack_get_child_by_name (GTK_STACK (child (window, "player_stack")), "player"));
  g_assert_nonnull (view);

  /* nothing selected: A is not the timeline's */
  rushes_timeline_view_set_selected_clip (timeline, NULL);
  g_assert_false (test_press_key (GTK_WIDGET (timeline), GDK_KEY_a, TRUE));
  g_assert_null (rushes_player_view_get_compare_view (view));

  /* the clip selected: version 1 (shown) against version 2, both titled */
  rushes_timeline_view_set_selected_clip (timeline, clip);
  g_assert_true (test_press_key (GTK_WIDGET (timeline), GDK_KEY_a, TRUE));
  compare = rushes_player_view_get_compare_view (view);
  g_assert_nonnull (compare);
  label_a = g_strdup_printf ("A: %s, version 1/2", rushes_timeline_clip_get_name (clip));
  label_b = g_strdup_printf ("B: %s, version 2/2", rushes_timeline_clip_get_name (clip));
  g_assert_cmpstr (rushes_compare_view_get_label_a (compare), ==, label_a);
  g_assert_cmpstr (rushes_compare_view_get_label_b (compare), ==, label_b);
  pair = rushes_compare_view_get_pair (compare);
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_a (pair))), ==, first);
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_b (pair))), ==, second);
  test_wait_until (pair_settled, pair, WAIT_MS);
  /* the viewer has the focus: its keys step both, Escape leaves */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (view)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (view)));
  g_assert_true (test_press_key (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED), GDK_KEY_Escape, TRUE));
  g_assert_null (rushes_player_view_get_compare_view (view));

  /* with version 2 shown, A compares it with version 1 */
  g_assert_true (rushes_project_set_version (rushes_timeline_view_get_project (timeline), clip, 1));
  g_assert_true (test_press_key (GTK_WIDGET (timeline), GDK_KEY_a, TRUE));
  compare = rushes_player_view_get_compare_view (view);
  g_assert_nonnull (compare);
  pair = rushes_compare_view_get_pair (compare);
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_a (pair))), ==, second);
  g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (rushes_player_pair_get_b (pair))), ==, first);
  g_assert_true (test_press_key (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED), GDK_KEY_Escape, TRUE));

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* ---- deletes with Undo ------------------------------------------------------------- */

static gboolean
player_empty (gpointer data)
{
  RushesPlayer *player = window_player (data);

  return player == NULL || rushes_player_get_state (player) == RUSHES_PLAYER_STATE_EMPTY;
}

static void
test_trash_undo (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *path = import_video (window, folder, "keeper.mp4", 1);
  g_autofree char *sidecar = g_strdup (rushes_take_get_sidecar_path (take_at (window, 0)));
  GtkWidget *grid = child (window, "take_grid");

  /* playing when it goes */
  g_signal_emit_by_name (grid, "activate", 0);
  test_wait_until (player_playing, window, WAIT_MS);
  gtk_widget_grab_focus (grid);
  g_assert_true (test_press_key (grid, GDK_KEY_Delete, TRUE));

  /* gone from the library at once; the player stopped and said so */
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);
  test_wait_until (player_empty, window, WAIT_MS);
  g_assert_cmpstr (rushes_window_get_last_toast (window), ==, "Stopped playing “keeper.mp4” and moved it to the trash");
  /* but nothing moved yet */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));

  /* Undo: back, with its file, selected */
  press_toast_button (window, "_Undo");
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 1);
  g_assert_cmpstr (rushes_take_get_path (take_at (window, 0)), ==, path);
  g_assert_cmpstr (rushes_take_get_path (rushes_window_get_selected_take (window)), ==, path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
  /* and the toast's going did not trash it after all */
  test_spin (300);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *trashed = trashed_path ("keeper.mp4");

    g_assert_false (g_file_test (trashed, G_FILE_TEST_EXISTS));
  }

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_trash_dismiss (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *path = import_video (window, folder, "goner.mp4", 1);
  g_autofree char *sidecar = g_strdup (rushes_take_get_sidecar_path (take_at (window, 0)));
  g_autofree char *trashed = trashed_path ("goner.mp4");
  g_autofree char *trashed_sidecar = trashed_path ("goner.rushes.json");

  g_action_group_activate_action (G_ACTION_GROUP (window), "trash-take", g_variant_new_string (path));
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);
  g_assert_cmpstr (rushes_window_get_last_toast (window), ==, "“goner.mp4” moved to the trash");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* a rescan of the folder does not bring it back while it waits */
  g_settings_set_string (rushes_application_get_settings (test_app), "library-folder", g_get_home_dir ());
  g_settings_set_string (rushes_application_get_settings (test_app), "library-folder", folder);
  test_spin (500);
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);

  /* the toast closed without Undo: to the trash (moved, not deleted) */
  press_toast_button (window, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (trashed_sidecar, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (rushes_window_get_takes (window)), ==, 0);

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

/* `rushes PROJECT.rushes` from a cold start: the window shows the
 * project's clips (thumbnails, waveforms) while the application's
 * deferred gst_init may not have run yet. The real program, in a process
 * of its own (GStreamer not yet initialised, unlike this test's): it must
 * still be running after the window has had time to ask for thumbnails. */
static void
test_open_project_cold (void)
{
  const char *fixture = media_fixture ("import.mp4", VIDEO_ARGS);
  const char *exe = g_getenv ("RUSHES_EXE");
  g_autofree char *dir = test_make_tmp_dir ("rushes-cold-XXXXXX");
  g_autofree char *project = g_build_filename (dir, "cold.rushes", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 until;

  g_assert_nonnull (exe);
  json = g_strdup_printf ("{\"format\": \"rushes-project\", \"version\": 1, \"clips\": ["
                          "{\"id\": \"c1\", \"path\": \"%s\", \"in\": 0, \"out\": 1000000000,"
                          " \"media-duration\": 2000000000, \"has-audio\": false}]}", fixture);
  g_assert_true (g_file_set_contents (project, json, -1, NULL));

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, exe, project, NULL);
  g_assert_no_error (error);

  /* a crash came within 2–3 s; 8 s is the window opening, the project
   * loading and its thumbnails and waveforms being made */
  until = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until && g_subprocess_get_identifier (proc) != NULL)
    g_usleep (100 * 1000);
  /* the identifier goes when GLib's worker has reaped the child */
  if (g_subprocess_get_identifier (proc) == NULL)
    g_error ("rushes %s ended by itself (%s %d)", project,
             g_subprocess_get_if_signaled (proc) ? "signal" : "exit status",
             g_subprocess_get_if_signaled (proc) ? g_subprocess_get_term_sig (proc)
                                                 : g_subprocess_get_exit_status (proc));
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
  test_remove_tree (dir);
}


/* ---- rating and culling ------------------------------------------------------------ */

static guint
n_shown (RushesWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (child (window, "take_grid")))));
}

static gboolean
shown_is_want (gpointer data)
{
  return n_shown (data) == GPOINTER_TO_UINT (g_object_get_data (data, "want-shown"));
}

static RushesTake *
shown_at (RushesWindow *window,
          guint         position)
{
  g_autoptr(RushesTake) take = g_list_model_get_item (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (child (window, "take_grid")))),
                                                      position);

  return take;   /* the library keeps it */
}

/* the stars the grid's cell of take shows; NULL when no cell shows it */
static const char *
cell_stars (GtkWidget  *widget,
            RushesTake *take)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "RushesTakeCell"))
    {
      RushesTake *shown = NULL;
      const char *stars = NULL;

      g_object_get (widget, "take", &shown, NULL);
      if (shown == take)
        stars = gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget),
                                                                               "rating_label")));
      g_clear_object (&shown);
      return stars;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      const char *stars = cell_stars (c, take);

      if (stars != NULL)
        return stars;
    }
  return NULL;
}

static JsonObject *
sidecar_take (RushesTake *take)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, rushes_take_get_sidecar_path (take), NULL));
  return json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "take"));
}

static void
test_library_culling (void)
{
  g_autofree char *folder = NULL;
  RushesWindow *window = open_window (&folder);
  g_autofree char *a = import_video (window, folder, "heron-a.mp4", 1);
  g_autofree char *b = import_video (window, folder, "heron-b.mp4", 2);
  g_autofree char *c = import_video (window, folder, "kite-c.mp4", 3);
  GtkWidget *grid = child (window, "take_grid");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_grid_view_get_model (GTK_GRID_VIEW (grid)));
  RushesLibrary *library = RUSHES_LIBRARY (rushes_window_get_takes (window));
  RushesTake *take_a = rushes_library_lookup (library, a);
  RushesTake *take_b = rushes_library_lookup (library, b);
  RushesTake *take_c = rushes_library_lookup (library, c);
  g_autoptr(JsonObject) member = NULL;

  /* newest first: c b a */
  g_assert_true (shown_at (window, 0) == take_c);
  gtk_single_selection_set_selected (selection, 0);
  test_drain ();
  g_assert_cmpstr (cell_stars (grid, take_c), ==, "☆☆☆☆☆");

  /* 3: three stars, in the sidecar and on the cell */
  g_assert_true (test_press_key (grid, GDK_KEY_3, TRUE));
  test_drain ();
  member = sidecar_take (take_c);
  g_assert_cmpint (json_object_get_int_member (member, "rating"), ==, 3);
  g_clear_pointer (&member, json_object_unref);
  g_assert_cmpstr (cell_stars (grid, take_c), ==, "★★★☆☆");

  /* Tab: the next unrated take */
  g_assert_true (test_press_key (grid, GDK_KEY_Tab, TRUE));
  g_assert_true (rushes_window_get_selected_take (window) == take_b);
  /* X: rejected, and hidden at once; the next take takes its place */
  g_assert_true (test_press_key (grid, GDK_KEY_x, TRUE));
  member = sidecar_take (take_b);
  g_assert_true (json_object_get_boolean_member (member, "rejected"));
  g_clear_pointer (&member, json_object_unref);
  g_assert_cmpuint (n_shown (window), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  g_assert_true (rushes_window_get_selected_take (window) == take_a);

  /* 5 then U on a: rated, then cleared */
  g_assert_true (test_press_key (grid, GDK_KEY_5, TRUE));
  g_assert_cmpuint (rushes_take_get_rating (take_a), ==, 5);
  test_drain ();
  g_assert_cmpstr (cell_stars (grid, take_a), ==, "★★★★★");
  g_assert_true (test_press_key (grid, GDK_KEY_u, TRUE));
  member = sidecar_take (take_a);
  g_assert_false (json_object_has_member (member, "rating"));
  g_clear_pointer (&member, json_object_unref);
  test_drain ();
  g_assert_cmpstr (cell_stars (grid, take_a), ==, "☆☆☆☆☆");
  /* Tab from the last unrated take: no other one, the focus moves on */
  g_assert_false (test_press_key (grid, GDK_KEY_Tab, TRUE));

  /* the rejected take shows again when asked to */
  g_action_group_activate_action (G_ACTION_GROUP (window), "take-show-rejected", NULL);
  g_assert_cmpuint (n_shown (window), ==, 3);
  g_action_group_activate_action (G_ACTION_GROUP (window), "take-show-rejected", NULL);
  g_assert_cmpuint (n_shown (window), ==, 2);

  /* the search entry filters as one types */
  gtk_editable_set_text (GTK_EDITABLE (child (window, "take_search")), "KITE");
  g_object_set_data (G_OBJECT (window), "want-shown", GUINT_TO_POINTER (1));
  test_wait_until (shown_is_want, window, WAIT_MS);
  g_assert_true (shown_at (window, 0) == take_c);
  gtk_editable_set_text (GTK_EDITABLE (child (window, "take_search")), "");
  g_object_set_data (G_OBJECT (window), "want-shown", GUINT_TO_POINTER (2));
  test_wait_until (shown_is_want, window, WAIT_MS);

  /* Delete Rejected: through the trash, with Undo */
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-rejected", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_null (rushes_library_lookup (library, b));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
  press_toast_button (window, "_Undo");
  g_assert_nonnull (rushes_library_lookup (library, b));
  g_assert_true (g_file_test (b, G_FILE_TEST_IS_REGULAR));
  /* and for good when the toast goes */
  g_action_group_activate_action (G_ACTION_GROUP (window), "delete-rejected", NULL);
  g_assert_cmpstr (rushes_window_get_last_toast (window), ==, "“heron-b.mp4” moved to the trash");
  press_toast_button (window, NULL);
  {
    g_autofree char *trashed = trashed_path ("heron-b.mp4");

    g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_false (g_file_test (b, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (c, G_FILE_TEST_IS_REGULAR));

  test_close_window (window, CLOSE_FLAGS, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_DEFAULT);

  g_test_add_data_func ("/import/video", test_import_video, test_with_app_no_window);
  g_test_add_data_func ("/import/not-video", test_import_not_video, test_with_app_no_window);
  g_test_add_data_func ("/import/dropped-folder", test_import_dropped_folder, test_with_app_no_window);
  g_test_add_data_func ("/import/many", test_import_many, test_with_app_no_window);
  g_test_add_data_func ("/import/timeline-drop-fails", test_timeline_drop_fails, test_with_app_no_window);
  g_test_add_data_func ("/library/keys", test_library_keys, test_with_app_no_window);
  g_test_add_data_func ("/library/trash-undo", test_trash_undo, test_with_app_no_window);
  g_test_add_data_func ("/library/trash-dismiss", test_trash_dismiss, test_with_app_no_window);
  g_test_add_data_func ("/library/culling", test_library_culling, test_with_app_no_window);
  g_test_add_data_func ("/library/compare", test_library_compare, test_with_app_no_window);
  g_test_add_data_func ("/timeline/compare-versions", test_timeline_compare_versions, test_with_app_no_window);
  g_test_add_func ("/open/project-cold-start", test_open_project_cold);

  return g_test_run ();
}
