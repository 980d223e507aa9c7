/* test-ui-util.c: widget and player helpers shared by the media and display
 * suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <locale.h>
#include <string.h>

#include "rushes-frame-paintable.h"
#include "test-ui-util.h"
#include "test-util.h"

void
test_ui_init (int             *argc,
              char          ***argv,
              TestUiInitFlags  flags)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/rushes-test-bus", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_free (g_content_type_guess ("icon.svg", (const guchar *) "<svg", 4, NULL));
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  gtk_init ();
  adw_init ();
  if (flags & TEST_UI_INIT_GST)
    gst_init (argc, argv);
}

gboolean
test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* widget itself or its first descendant (depth first) that matches */
static GtkWidget *
test_find_descendant (GtkWidget     *widget,
                      gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                      gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_find_descendant (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
test_find_descendant_of_type (GtkWidget *widget,
                              GType      type)
{
  return test_find_descendant (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
test_find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WIDGET (window);
    }
  return NULL;
}

GtkWidget *
test_find_button (GtkWidget  *widget,
                  const char *label)
{
  return test_find_descendant (widget, is_button_labelled, label);
}

GtkWidget *
test_find_message_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          (heading == NULL ||
           g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0))
        return GTK_WIDGET (window);
    }
  return NULL;
}

void
test_texture_to_rgb (GdkTexture *texture,
                     guint8     *rgb)
{
  int w = gdk_texture_get_width (texture);
  int h = gdk_texture_get_height (texture);
  g_autofree guint8 *bgra = g_malloc ((gsize) w * h * 4);

  /* download gives premultiplied B8G8R8A8 (little endian ARGB32); frames are opaque */
  gdk_texture_download (texture, bgra, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    {
      rgb[i * 3 + 0] = bgra[i * 4 + 2];
      rgb[i * 3 + 1] = bgra[i * 4 + 1];
      rgb[i * 3 + 2] = bgra[i * 4 + 0];
    }
}

void
test_wait_settled (RushesPlayer *player,
                   guint64       frames_before)
{
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (rushes_player_get_seeking (player) ||
         rushes_player_get_state (player) == RUSHES_PLAYER_STATE_LOADING ||
         rushes_frame_paintable_get_n_frames (paintable) <= frames_before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* let a late frame land */
  test_spin (100);
}

static gboolean
is_tooltip_critical (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message)
{
  /* the timeout asks where the pointer is on the gone surface, then
   * which widget is there */
  return !GTK_CHECK_VERSION (4, 10, 0) && (log_level & G_LOG_LEVEL_CRITICAL) && message != NULL &&
         strstr (message, "assertion 'GDK_IS_SURFACE (surface)' failed") != NULL &&
         ((g_strcmp0 (log_domain, "Gdk") == 0 && g_str_has_prefix (message, "gdk_surface_get_device_position:")) ||
          (g_strcmp0 (log_domain, "Gtk") == 0 && g_str_has_prefix (message, "_gtk_widget_find_at_coords:")));
}

/* Criticals stay fatal (but that one): this handler aborts on them itself,
 * since the test framework's "always fatal" mask no longer includes them. */
static void
tooltip_critical_log (const char     *log_domain,
                      GLogLevelFlags  log_level,
                      const char     *message,
                      gpointer        user_data)
{
  if (is_tooltip_critical (log_domain, log_level, message))
    {
      g_test_message ("tolerated (GTK 4.8 tooltip timeout): %s", message);
      return;
    }
  g_log_default_handler (log_domain, log_level | ((log_level & G_LOG_LEVEL_CRITICAL) ? G_LOG_FLAG_FATAL : 0),
                         message, user_data);
  if (log_level & G_LOG_LEVEL_CRITICAL)
    G_BREAKPOINT ();
}

void
test_tolerate_gtk48_tooltip_critical (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (tooltip_critical_log, NULL);
}

/* ---- a test inside a running RushesApplication ----------------------- */

RushesApplication *test_app;

typedef struct
{
  GTestFunc    func;
  TestAppFlags flags;
} RunData;

static gboolean
run_test_cb (gpointer data)
{
  RunData *run = data;
  GList *windows;

  if (run->flags & TEST_APP_CLOSE_WINDOWS)
    while ((windows = gtk_application_get_windows (GTK_APPLICATION (test_app))) != NULL)
      test_close_window (windows->data, TEST_CLOSE_DISCARD, 60 * 1000);
  run->func ();
  g_application_release (G_APPLICATION (test_app));
  return G_SOURCE_REMOVE;
}

static void
keep_recent_files_folder (void)
{
  g_autofree char *filename = NULL;
  g_autofree char *dir = NULL;

  g_object_get (gtk_recent_manager_get_default (), "filename", &filename, NULL);
  dir = g_path_get_dirname (filename);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
}

void
test_run_with_app (GTestFunc     func,
                   TestAppFlags  flags,
                   char        **argv)
{
  RunData run = { func, flags };
  GApplication *app;

  /* ISOLATE_DIRS names a home it does not create; GIO's trash needs it */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  if (flags & TEST_APP_KEEP_RECENT_FILES)
    keep_recent_files_folder ();
  g_assert_null (test_app);
  test_app = rushes_application_new ();
  app = G_APPLICATION (test_app);
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  g_application_hold (app);
  g_idle_add (run_test_cb, &run);
  g_assert_cmpint (g_application_run (app, argv != NULL ? g_strv_length (argv) : 0, argv), ==, 0);
  g_clear_object (&test_app);
}

void
test_with_app (gconstpointer func)
{
  test_run_with_app ((GTestFunc) func, TEST_APP_DEFAULT, NULL);
}

void
test_with_app_no_window (gconstpointer func)
{
  test_run_with_app ((GTestFunc) func, TEST_APP_CLOSE_WINDOWS, NULL);
}

gboolean
test_widget_allocated (gpointer widget)
{
  return gtk_widget_get_width (widget) > 0 && gtk_widget_get_height (widget) > 0;
}

RushesWindow *
test_open_window (const char   *library_folder,
                  TestOpenFlags flags,
                  guint         timeout_ms)
{
  GtkWindow *window;

  if (library_folder != NULL)
    {
      g_autoptr(GSettings) settings = rushes_settings_new_or_null ();

      g_settings_set_string (settings, "library-folder", library_folder);
    }
  g_application_activate (G_APPLICATION (test_app));
  window = gtk_application_get_active_window (GTK_APPLICATION (test_app));
  g_assert_true (RUSHES_IS_WINDOW (window));
  test_wait_until (test_widget_mapped, window, timeout_ms);
  if (flags & TEST_OPEN_ALLOCATED)
    test_wait_until (test_widget_allocated,
                     gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, "player_slot"),
                     timeout_ms);
  return RUSHES_WINDOW (window);
}

void
test_discard_if_asked (void)
{
  GtkWidget *dialog = test_find_window_of_type (ADW_TYPE_MESSAGE_DIALOG);

  if (dialog != NULL)
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
}

void
test_close_window (RushesWindow  *window,
                   TestCloseFlags flags,
                   guint          timeout_ms)
{
  gpointer weak = window;

  if (flags & TEST_CLOSE_SETTLE_TOASTS)
    test_spin (700);
  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  if (flags & TEST_CLOSE_DESTROY)
    gtk_window_destroy (GTK_WINDOW (window));
  else
    gtk_window_close (GTK_WINDOW (window));
  if (flags & TEST_CLOSE_DISCARD)
    {
      test_drain ();
      test_discard_if_asked ();
    }
  test_wait_until (test_cond_cleared, &weak, timeout_ms);
  test_drain ();
  if (flags & TEST_CLOSE_LAST)
    g_assert_null (gtk_application_get_windows (GTK_APPLICATION (test_app)));
  if (flags & TEST_CLOSE_RESET_LIBRARY)
    {
      g_autoptr(GSettings) settings = rushes_settings_new_or_null ();

      g_settings_reset (settings, "library-folder");
    }
}

gboolean
test_press_key (GtkWidget *widget,
                guint      keyval,
                gboolean   must_be_bound)
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
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  if (must_be_bound)
    g_assert_not_reached ();
  return FALSE;
}
