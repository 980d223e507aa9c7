/* test-a11y.c: every button-like control of every window has a name that a
 * screen reader can speak (run under xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Walks the whole widget tree of the main window (with a generated take in
 * the queue, the library, the player and the timeline), the preferences,
 * the export dialog and the project settings, and fails naming every
 * button, toggle, menu button, switch or scale that shows no text and has
 * neither an accessible label nor a labelled-by relation. A tooltip is no
 * accessible name in GTK 4.8.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gst/gst.h>

#include "media-fixtures.h"
#include "rushes-application.h"
#include "rushes-export-dialog.h"
#include "rushes-params-panel.h"
#include "rushes-player-view.h"
#include "rushes-preferences-window.h"
#include "rushes-project-settings.h"
#include "rushes-prompt-editor.h"
#include "rushes-window.h"
#include "rushes-wrap-box.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (90 * 1000)

/* ---- the walk ------------------------------------------------------------ */

/* Popovers hang below their button in the widget tree: their text is not
 * the button's. */
static gboolean
has_text (GtkWidget *widget)
{
  if (GTK_IS_POPOVER (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (widget));
      return text != NULL && *text != '\0';
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_text (c))
      return TRUE;
  return FALSE;
}

static gboolean
is_button_like (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* a menu button's own toggle inside it is the menu button */
  if (GTK_IS_BUTTON (widget) && parent != NULL && GTK_IS_MENU_BUTTON (parent))
    return FALSE;
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
         GTK_IS_SWITCH (widget) || GTK_IS_SCALE (widget);
}

/* gtk_test_accessible_has_property () is TRUE for a property that was never
 * set too: read the values instead. Each check returns the value when it
 * differs from the one asked for ("undefined" when unset). */
static gboolean
has_accessible_name (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  g_autofree char *label = gtk_test_accessible_check_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL, "\x01");
  g_autofree char *labelled_by = gtk_test_accessible_check_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY, NULL);

  if (label != NULL && *label != '\0' && g_strcmp0 (label, "undefined") != 0)
    return TRUE;
  /* a button is labelled by its own child, an icon too: only a label
   * (GtkLabel<0x…>) names it */
  return labelled_by != NULL && strstr (labelled_by, "GtkLabel<") != NULL;
}

/* widget is a part of a GTK or libadwaita class's own template (the
 * preferences window's search button…): the toolkit's to name */
static gboolean
toolkit_template_part (GtkWidget *owner,
                       GtkWidget *widget)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (id == NULL)
    return FALSE;
  for (GType type = G_OBJECT_TYPE (owner); type != GTK_TYPE_WIDGET; type = g_type_parent (type))
    if (!g_str_has_prefix (g_type_name (type), "Rushes") &&
        gtk_widget_get_template_child (owner, type, id) == G_OBJECT (widget))
      return TRUE;
  return FALSE;
}

/* Toolkit-made parts of GTK and libadwaita widgets (a spin button's +/-,
 * the window's close button…) are the toolkit's to name. */
static gboolean
inside_toolkit_part (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w; w = gtk_widget_get_parent (w))
    if (GTK_IS_SPIN_BUTTON (w) || GTK_IS_WINDOW_CONTROLS (w) || GTK_IS_POPOVER_MENU (w) ||
        GTK_IS_DROP_DOWN (w) || ADW_IS_COMBO_ROW (w) || ADW_IS_ENTRY_ROW (w) ||
        ADW_IS_EXPANDER_ROW (w) || ADW_IS_TAB_BAR (w) || ADW_IS_SPLIT_BUTTON (w) ||
        toolkit_template_part (w, widget))
      return TRUE;
  return FALSE;
}

static void
describe (GtkWidget *widget,
          GString   *out)
{
  const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)) : NULL;
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *icon = GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget))
                     : GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget))
                     : NULL;

  g_string_append_printf (out, "\n  %s", G_OBJECT_TYPE_NAME (widget));
  if (id != NULL && !g_str_has_prefix (id, "___"))
    g_string_append_printf (out, " id=%s", id);
  if (icon != NULL)
    g_string_append_printf (out, " icon=%s", icon);
  if (tooltip != NULL)
    g_string_append_printf (out, " tooltip=“%s”", tooltip);
  g_string_append (out, " in");
  for (GtkWidget *w = gtk_widget_get_parent (widget); w; w = gtk_widget_get_parent (w))
    if (g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Rushes") && !RUSHES_IS_WRAP_BOX (w))
      {
        g_string_append_printf (out, " %s", G_OBJECT_TYPE_NAME (w));
        break;
      }
}

static void
walk (GtkWidget *widget,
      GString   *unnamed,
      guint     *n_checked)
{
  if (is_button_like (widget) && !inside_toolkit_part (widget))
    {
      (*n_checked)++;
      if (!has_accessible_name (widget) && (GTK_IS_SCALE (widget) || GTK_IS_SWITCH (widget) || !has_text (widget)))
        describe (widget, unnamed);
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    walk (c, unnamed, n_checked);
}

/* Fails naming every control of window (whole tree, shown or not) without a
 * spoken name; at least min_checked controls must have been looked at. */
static void
assert_all_named (GtkWidget *window,
                  guint      min_checked)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);
  guint n_checked = 0;

  walk (window, unnamed, &n_checked);
  g_test_message ("%s: %u controls checked", G_OBJECT_TYPE_NAME (window), n_checked);
  if (unnamed->len > 0)
    g_test_message ("%s: controls without a text or accessible label:%s", G_OBJECT_TYPE_NAME (window), unnamed->str);
  if (unnamed->len > 0)
    g_test_fail_printf ("%s: controls without a text or accessible label:%s", G_OBJECT_TYPE_NAME (window), unnamed->str);
  g_assert_cmpuint (n_checked, >=, min_checked);
}

/* ---- the application ------------------------------------------------------ */

static GtkWidget *
template_child (gpointer    widget,
                GType       type,
                const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
queue_has_a_job (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
job_finished (gpointer data)
{
  return rushes_job_is_finished (data);
}

static gboolean
has_selected_take (gpointer data)
{
  return rushes_window_get_selected_take (data) != NULL;
}

/* One Sketch take, typed and generated as a person does: the queue, the
 * library and the player then show their per-take controls too. */
static void
generate_take (RushesWindow *window)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (test_app);
  RushesRecipe *recipe = rushes_window_get_recipe (window);
  GtkWidget *editor = template_child (window, RUSHES_TYPE_WINDOW, "prompt_editor");
  GtkTextView *view = GTK_TEXT_VIEW (template_child (editor, RUSHES_TYPE_PROMPT_EDITOR, "prompt_view"));
  g_autoptr(RushesJob) job = NULL;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "a lighthouse at night", -1);
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_recipe_set_seconds (recipe, 1);
  rushes_recipe_set_width (recipe, 160);
  rushes_recipe_set_height (recipe, 120);
  rushes_recipe_set_fps (recipe, 8);
  rushes_params_panel_set_variations (RUSHES_PARAMS_PANEL (template_child (window, RUSHES_TYPE_WINDOW, "params_panel")), 1);
  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  test_wait_until (queue_has_a_job, queue, WAIT_MS);
  job = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  test_wait_until (job_finished, job, WAIT_MS);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  test_wait_until (has_selected_take, window, WAIT_MS);
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-to-timeline",
                                  g_variant_new_string (rushes_job_get_take_path (job)));
  test_drain ();
}

static void
check_windows (void)
{
  g_autoptr(GSettings) settings = rushes_settings_new_or_null ();
  g_autofree char *folder = g_dir_make_tmp ("rushes-a11y-XXXXXX", NULL);
  RushesWindow *window;
  GtkWidget *other;
  gpointer weak;

  window = test_open_window (folder, TEST_OPEN_ALLOCATED, WAIT_MS);

  /* empty, then with a take everywhere */
  assert_all_named (GTK_WIDGET (window), 10);
  generate_take (window);
  assert_all_named (GTK_WIDGET (window), 25);

  /* the play button's name follows what it does */
  {
    GtkWidget *player_view = gtk_stack_get_child_by_name (GTK_STACK (template_child (window, RUSHES_TYPE_WINDOW, "player_stack")),
                                                          "player");
    GtkWidget *play = template_child (player_view, RUSHES_TYPE_PLAYER_VIEW, "play_button");

    gtk_test_accessible_assert_property (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");
  }

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "preferences", NULL);
  other = test_find_window_of_type (RUSHES_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (other);
  test_drain ();
  assert_all_named (other, 2);
  gtk_window_destroy (GTK_WINDOW (other));

  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  other = test_find_window_of_type (RUSHES_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (other);
  test_drain ();
  assert_all_named (other, 3);
  gtk_window_destroy (GTK_WINDOW (other));

  g_action_group_activate_action (G_ACTION_GROUP (window), "project-settings", NULL);
  other = test_find_window_of_type (RUSHES_TYPE_PROJECT_SETTINGS);
  g_assert_nonnull (other);
  test_drain ();
  assert_all_named (other, 2);
  gtk_window_destroy (GTK_WINDOW (other));

  g_action_group_activate_action (G_ACTION_GROUP (window), "clear-finished", NULL);
  weak = window;
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (GTK_WINDOW (window));
  test_drain ();
  /* the timeline has a clip: "Save Changes?" is asked; it is checked too,
   * then the edit is let go */
  other = test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);
  if (other != NULL)
    {
      assert_all_named (other, 2);
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (other), "discard");
    }
  test_wait_until (test_cond_cleared, &weak, WAIT_MS);
  test_drain ();
  g_settings_reset (settings, "library-folder");
}

/* the application, kept past its run for the check that it has no window
 * left */
static RushesApplication *ran_app;

static void
check_windows_keeping_app (void)
{
  ran_app = g_object_ref (test_app);
  check_windows ();
}

static void
test_a11y_labels (void)
{
  GList *windows;

  test_run_with_app (check_windows_keeping_app, TEST_APP_DEFAULT, NULL);
  windows = gtk_application_get_windows (GTK_APPLICATION (ran_app));
  g_assert_null (windows);
  g_clear_object (&ran_app);
}

static gboolean
player_paused (gpointer data)
{
  return rushes_player_get_state (data) == RUSHES_PLAYER_STATE_PAUSED;
}

static gboolean
player_playing (gpointer data)
{
  return rushes_player_get_state (data) == RUSHES_PLAYER_STATE_PLAYING;
}

/* The play button's spoken name follows what it does, as its icon does. */
static void
test_play_button_name (void)
{
  const char *path = media_fixture ("a11y.mp4", "-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 "
                                                "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = rushes_player_view_new ();
  RushesPlayer *player = rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view));
  GtkWidget *play = template_child (view, RUSHES_TYPE_PLAYER_VIEW, "play_button");

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  rushes_player_set_audio_sink (player, gst_element_factory_make ("fakesink", NULL));
  rushes_player_view_open (RUSHES_PLAYER_VIEW (view), file);
  test_wait_settled (player, 0);
  assert_all_named (window, 12);
  gtk_test_accessible_assert_property (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");

  g_assert_true (gtk_widget_activate_action (view, "player.toggle", NULL));
  test_wait_until (player_playing, player, WAIT_MS);
  test_drain ();
  gtk_test_accessible_assert_property (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Pause");

  g_assert_true (gtk_widget_activate_action (view, "player.toggle", NULL));
  test_wait_until (player_paused, player, WAIT_MS);
  gtk_test_accessible_assert_property (play, GTK_ACCESSIBLE_PROPERTY_LABEL, "Play");
  gtk_window_destroy (GTK_WINDOW (window));
  test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  /* GTK's test AT context records what the widgets tell assistive
   * technologies (the suite's GTK_A11Y=none would record nothing) */
  g_setenv ("GTK_A11Y", "test", TRUE);
  test_ui_init (&argc, &argv, TEST_UI_INIT_GST);

  g_test_add_func ("/a11y/labels", test_a11y_labels);
  g_test_add_func ("/a11y/play-button-name", test_play_button_name);

  return g_test_run ();
}
