/* test-shortcuts.c: the shortcuts window lists every key binding, and
 * undo/redo work from anywhere in the main window
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gst/gst.h>
#include <locale.h>

#include "rushes-application.h"
#include "rushes-player-view.h"
#include "rushes-timeline-view.h"
#include "rushes-window.h"
#include "test-ui-util.h"
#include "test-util.h"

/* How long test_wait_until waits */
#define WAIT_MS (10 * 1000)

/* ---- triggers ---------------------------------------------------------- */

/* A key as the shortcuts window should show it: letters lower case with
 * Shift, Shift dropped for symbols typed with it (+, ?), keypad keys as
 * their main-keyboard twins. */
static char *
normalise (guint           keyval,
           GdkModifierType mods)
{
  static const struct { guint kp, key; } keypad[] = {
    { GDK_KEY_KP_Delete, GDK_KEY_Delete }, { GDK_KEY_KP_Add, GDK_KEY_plus },
    { GDK_KEY_KP_Subtract, GDK_KEY_minus }, { GDK_KEY_KP_Enter, GDK_KEY_Return },
  };
  gunichar c;

  for (guint i = 0; i < G_N_ELEMENTS (keypad); i++)
    if (keyval == keypad[i].kp)
      keyval = keypad[i].key;
  if (gdk_keyval_is_upper (keyval) && !gdk_keyval_is_lower (keyval))
    {
      keyval = gdk_keyval_to_lower (keyval);
      mods |= GDK_SHIFT_MASK;
    }
  c = gdk_keyval_to_unicode (keyval);
  if (c != 0 && g_unichar_ispunct (c))
    mods &= ~GDK_SHIFT_MASK;
  return gtk_accelerator_name (keyval, mods & gtk_accelerator_get_default_mod_mask ());
}

static void
add_trigger (GHashTable        *set,
             GtkShortcutTrigger *trigger)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    g_hash_table_add (set, normalise (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                      gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))));
  else if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (set, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)));
      add_trigger (set, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)));
    }
  /* mnemonics and "never" are not key bindings to list */
}

static void
add_accelerator (GHashTable *set,
                 const char *accel)
{
  guint keyval;
  GdkModifierType mods;

  g_assert_true (gtk_accelerator_parse (accel, &keyval, &mods));
  g_hash_table_add (set, normalise (keyval, mods));
}

static gboolean
is_rushes_type (GType type)
{
  return g_str_has_prefix (g_type_name (type), "Rushes");
}

static void collect_controllers (GtkWidget *widget, GHashTable *set);

/* The class bindings a Rushes widget inherits from GTK (GtkWindow's
 * Ctrl+Shift+D …) are GTK's, not ours: those of the nearest GTK ancestor. */
static GHashTable *
inherited_bindings (GType type)
{
  static GHashTable *cache;
  GHashTable *set;

  while (is_rushes_type (type))
    type = g_type_parent (type);
  if (cache == NULL)
    cache = g_hash_table_new (NULL, NULL);
  set = g_hash_table_lookup (cache, GSIZE_TO_POINTER (type));
  if (set == NULL)
    {
      set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (!G_TYPE_IS_ABSTRACT (type))
        {
          GtkWidget *plain = g_object_ref_sink (g_object_new (type, NULL));

          collect_controllers (plain, set);
          if (GTK_IS_WINDOW (plain))
            gtk_window_destroy (GTK_WINDOW (plain));
          g_object_unref (plain);
        }
      g_hash_table_insert (cache, GSIZE_TO_POINTER (type), set);
    }
  return set;
}

/* The key bindings of widget's shortcut controllers: its class bindings
 * and those added to it. */
static void
collect_controllers (GtkWidget  *widget,
                     GHashTable *set)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          add_trigger (set, gtk_shortcut_get_trigger (shortcut));
        }
    }
}

/* Ours in widget and below: the bindings of Rushes widgets (minus what
 * GTK gives them) and the controllers Rushes code added to GTK widgets
 * (which GTK widgets of the same type do not have). */
static void
collect_tree (GtkWidget  *widget,
              GHashTable *set)
{
  g_autoptr(GHashTable) here = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *inherited = inherited_bindings (G_OBJECT_TYPE (widget));
  GHashTableIter iter;
  char *key;

  collect_controllers (widget, here);
  g_hash_table_iter_init (&iter, here);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (inherited, key))
      g_hash_table_add (set, g_strdup (key));

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_tree (c, set);
}

/* The accelerators the shortcuts window shows. */
static GHashTable *
listed_accelerators (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/rushesapp/Rushes/rushes-shortcuts-window.ui");
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  guint n = 0;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_nonnull (accelerator);
      g_assert_cmpstr (title, !=, "");
      accels = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        add_accelerator (set, accels[i]);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window")));
  return set;
}

static void
assert_listed (GHashTable *listed,
               GHashTable *installed,
               const char *where)
{
  GHashTableIter iter;
  const char *key;

  g_assert_cmpuint (g_hash_table_size (installed), >, 0);
  g_hash_table_iter_init (&iter, installed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (!g_hash_table_contains (listed, key))
      g_error ("%s binds %s, which the shortcuts window does not list", where, key);
}

static RushesWindow *
open_window (void)
{
  return test_open_window (NULL, TEST_OPEN_DEFAULT, WAIT_MS);
}

/* ---- tests ------------------------------------------------------------- */

static void
test_all_listed (void)
{
  RushesWindow *window = open_window ();
  g_autoptr(GHashTable) listed = listed_accelerators ();
  g_autoptr(GHashTable) installed = NULL;
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (test_app));
  GtkWidget *view;

  /* application accels */
  installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (test_app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        add_accelerator (installed, accels[j]);
    }
  assert_listed (listed, installed, "the application");
  /* the ones the checks below rely on: they see what is there */
  g_assert_true (g_hash_table_contains (installed, "<Control>q"));

  /* the main window, its prompt editor, take grid … */
  g_clear_pointer (&installed, g_hash_table_unref);
  installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_tree (GTK_WIDGET (window), installed);
  assert_listed (listed, installed, "the main window");
  g_assert_true (g_hash_table_contains (installed, "<Control>z"));
  g_assert_true (g_hash_table_contains (installed, "<Alt>Up"));
  /* GTK's own (the inspector) are not ours */
  g_assert_false (g_hash_table_contains (installed, "<Shift><Control>d"));

  /* the player (made once GStreamer is up, so on its own here) */
  view = g_object_ref_sink (GTK_WIDGET (rushes_player_view_new ()));
  g_clear_pointer (&installed, g_hash_table_unref);
  installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_tree (view, installed);
  assert_listed (listed, installed, "the player");
  g_assert_true (g_hash_table_contains (installed, "backslash"));
  g_assert_true (g_hash_table_contains (installed, "<Shift>i"));
  g_object_unref (view);

  view = g_object_ref_sink (GTK_WIDGET (rushes_timeline_view_new ()));
  g_clear_pointer (&installed, g_hash_table_unref);
  installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  collect_tree (view, installed);
  assert_listed (listed, installed, "the timeline");
  g_assert_true (g_hash_table_contains (installed, "bracketleft"));
  g_object_unref (view);

  /* the check fails on a binding nobody listed */
  g_assert_false (g_hash_table_contains (listed, "<Control>F12"));

  gtk_window_close (GTK_WINDOW (window));
  test_drain ();
}

static gboolean
shortcuts_window_mapped (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        {
          *(GtkWindow **) data = w;
          return TRUE;
        }
    }
  return FALSE;
}

/* Opening it shows it, without a GTK warning (they are fatal here). */
static void
test_window_opens (void)
{
  RushesWindow *window = open_window ();
  GtkWindow *shortcuts = NULL;
  GtkWidget *label;

  g_action_group_activate_action (G_ACTION_GROUP (test_app), "shortcuts", NULL);
  test_wait_until (shortcuts_window_mapped, &shortcuts, WAIT_MS);
  g_assert_true (gtk_window_get_transient_for (shortcuts) == GTK_WINDOW (window));
  /* laid out: its shortcuts have a size */
  label = test_find_descendant_of_type (GTK_WIDGET (shortcuts), GTK_TYPE_SHORTCUTS_SHORTCUT);
  g_assert_nonnull (label);
  test_drain ();
  /* for a look: RUSHES_SHORTCUTS_SHOW=<section> keeps it up 4 s */
  if (g_getenv ("RUSHES_SHORTCUTS_SHOW") != NULL)
    {
      g_object_set (shortcuts, "section-name", g_getenv ("RUSHES_SHORTCUTS_SHOW"), NULL);
      test_spin (4000);
    }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (shortcuts)), >, 0);
  gtk_window_destroy (shortcuts);
  gtk_window_close (GTK_WINDOW (window));
  test_drain ();
}

/* Ctrl+Z is the window's, not only the focused timeline's. */
static void
test_undo_anywhere (void)
{
  RushesWindow *window = open_window ();
  RushesTimelineView *timeline = RUSHES_TIMELINE_VIEW (test_find_descendant_of_type (GTK_WIDGET (window),
                                                                                RUSHES_TYPE_TIMELINE_VIEW));
  RushesProject *project = rushes_timeline_view_get_project (timeline);
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new ("/nonexistent/a.webm", RUSHES_SECOND);
  GActionGroup *group = G_ACTION_GROUP (window);

  g_assert_false (g_action_group_get_action_enabled (group, "undo"));
  g_assert_false (g_action_group_get_action_enabled (group, "redo"));
  rushes_project_append_clip (project, clip);
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 1);
  g_assert_true (g_action_group_get_action_enabled (group, "undo"));

  /* the focus away from the timeline */
  gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW,
                                                                     "take_grid")));
  g_assert_false (gtk_widget_has_focus (GTK_WIDGET (timeline)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 0);
  g_assert_false (g_action_group_get_action_enabled (group, "undo"));
  g_assert_true (g_action_group_get_action_enabled (group, "redo"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 1);

  /* unsaved changes: closing would ask first */
  gtk_window_destroy (GTK_WINDOW (window));
  test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_GST);
  /* as G_DEBUG=fatal-warnings: a GTK warning fails the test */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);

  g_test_add_data_func ("/shortcuts/all-listed", test_all_listed, test_with_app);
  g_test_add_data_func ("/shortcuts/window-opens", test_window_opens, test_with_app);
  g_test_add_data_func ("/shortcuts/undo-anywhere", test_undo_anywhere, test_with_app);
  return g_test_run ();
}
