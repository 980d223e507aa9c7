/* rushes-application.c: the GtkApplication; app-wide actions and deferred
 * GStreamer start-up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up budget: nothing heavy runs before the first window is presented.
 * gst_init (which scans the plugin registry) runs on a worker thread, started
 * once the window has painted its first frame; "media-ready" is notified on
 * the main thread when it is done, and widgets that need GStreamer wait for
 * it.
 */
#define G_LOG_DOMAIN "rushes-application"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "rushes-application.h"
#include "rushes-resources.h"
#include "rushes-preferences-window.h"
#include "rushes-window.h"

struct _RushesApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  gboolean        media_started;
  gboolean        media_ready;
};

G_DEFINE_FINAL_TYPE (RushesApplication, rushes_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_MEDIA_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
rushes_ensure_resources (void)
{
  static gsize registered = 0;

  /* Referencing the resource pulls in its object file, whose constructor
   * registers it. */
  if (g_once_init_enter (&registered))
    {
      GResource *resource = rushes_get_resource ();

      g_assert (resource != NULL);
      g_once_init_leave (&registered, 1);
    }
}

GSettings *
rushes_settings_new_or_null (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("GSettings schema %s is not installed; settings will not be saved", BASE_APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

/* Worker thread: gst_init is serialised by GStreamer's own lock. The plugin
 * registry scan (a forked helper, seconds on a cold cache) must not hold up
 * the main loop. */
static void
rushes_application_init_media_thread (GTask        *task,
                                      gpointer      source_object,
                                      gpointer      task_data,
                                      GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
rushes_application_init_media_done (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  RushesApplication *self = RUSHES_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("GStreamer could not start: %s", error->message);
      return;
    }
  self->media_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_READY]);
}

void
rushes_application_start_media (RushesApplication *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RUSHES_IS_APPLICATION (self));

  if (self->media_ready || self->media_started)
    return;
  self->media_started = TRUE;

  task = g_task_new (self, NULL, rushes_application_init_media_done, NULL);
  g_task_set_source_tag (task, rushes_application_start_media);
  g_task_run_in_thread (task, rushes_application_init_media_thread);
}

/* bench/startup: report the first painted frame, then quit */
static void
rushes_application_probe_paint_cb (GdkFrameClock *clock,
                                   GtkWindow     *window)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, rushes_application_probe_paint_cb, window);
  gtk_window_close (window);
}

static void
rushes_application_probe_map_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (rushes_application_probe_paint_cb), window, 0);
}

static void
rushes_application_activate (GApplication *app)
{
  RushesApplication *self = RUSHES_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (rushes_window_new (self));
      if (g_getenv ("RUSHES_STARTUP_PROBE") != NULL)
        g_signal_connect (window, "map", G_CALLBACK (rushes_application_probe_map_cb), NULL);
    }

  gtk_window_present (window);
  /* The window calls rushes_application_start_media() after its first
   * frame has been painted. */
}

static void
rushes_application_quit_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Close windows (so that they save their state) rather than exit hard. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;
      l = l->next;
      gtk_window_close (window);
    }
  g_application_quit (G_APPLICATION (app));
}

static void
rushes_application_preferences_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  RushesApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RushesPreferencesWindow *prefs;

  prefs = rushes_preferences_window_new (self->settings);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_set_application (GTK_WINDOW (prefs), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
rushes_application_shortcuts_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/io/github/rushesapp/Rushes/rushes-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  if (parent != NULL)
    gtk_window_set_transient_for (shortcuts, parent);
  gtk_window_set_application (shortcuts, app);
  gtk_window_present (shortcuts);
}

static void
rushes_application_about_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  static const char *developers[] = { "The Rushes contributors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", _("Rushes"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Rushes contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Generate short video clips from text prompts, review the takes and cut them together."),
                        "website", "https://github.com/rushesapp/rushes",
                        "issue-url", "https://github.com/rushesapp/rushes/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "copyright", "© 2026 The Rushes contributors",
                        "transient-for", parent,
                        "modal", TRUE,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = rushes_application_quit_action },
  { .name = "preferences", .activate = rushes_application_preferences_action },
  { .name = "shortcuts", .activate = rushes_application_shortcuts_action },
  { .name = "about", .activate = rushes_application_about_action },
};

static void
rushes_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *generate_accels[] = { "<Control>Return", "<Control>KP_Enter", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };

  G_APPLICATION_CLASS (rushes_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.generate", generate_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.toggle-sidebar", sidebar_accels);
}

static void
rushes_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RushesApplication *self = RUSHES_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_MEDIA_READY:
      g_value_set_boolean (value, self->media_ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_application_dispose (GObject *object)
{
  RushesApplication *self = RUSHES_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (rushes_application_parent_class)->dispose (object);
}

static void
rushes_application_class_init (RushesApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = rushes_application_get_property;
  object_class->dispose = rushes_application_dispose;
  app_class->activate = rushes_application_activate;
  app_class->startup = rushes_application_startup;

  rushes_ensure_resources ();

  properties[PROP_MEDIA_READY] =
    g_param_spec_boolean ("media-ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_application_init (RushesApplication *self)
{
  self->settings = rushes_settings_new_or_null ();
}

RushesApplication *
rushes_application_new (void)
{
  return g_object_new (RUSHES_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/rushesapp/Rushes",
                       NULL);
}

GSettings *
rushes_application_get_settings (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
rushes_application_get_media_ready (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), FALSE);

  return self->media_ready;
}
