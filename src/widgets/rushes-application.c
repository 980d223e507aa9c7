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
#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-library.h"
#include "rushes-project.h"
#include "rushes-prompt-history.h"
#include "rushes-resources.h"
#include "rushes-backend-kinds.h"
#include "rushes-tagger.h"
#include "rushes-preferences-window.h"
#include "rushes-window.h"

struct _RushesApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  RushesBackendRegistry *registry;
  RushesJournal  *journal;
  RushesJobQueue *queue;
  RushesLibrary  *library;
  RushesPromptHistory *history;
  char           *registry_error;   /* for the first window to show */
  gboolean        resumed;
  gboolean        media_started;
  gboolean        deferred_done;
  gboolean        media_ready;
  gboolean        quitting;         /* app.quit waits for "Save changes?" */
  gboolean        recovery_claimed;
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
  if (!self->media_ready)
    {
      self->media_ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_READY]);
    }
  /* Resumed jobs may render with GStreamer: only now. */
  rushes_application_resume_jobs (self);
}

/* Unfinished jobs in the journal (they need GStreamer to resume)? */
static gboolean
rushes_application_has_unfinished_jobs (RushesApplication *self)
{
  g_autoptr(GPtrArray) entries = NULL;

  if (self->journal == NULL)
    return FALSE;
  entries = rushes_journal_load (self->journal);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));
      const char *state_str = json_object_get_string_member_with_default (entry, "state", NULL);
      RushesJobState state;

      if (state_str != NULL && rushes_job_state_from_string (state_str, &state) &&
          !rushes_job_state_is_finished (state))
        return TRUE;
    }
  return FALSE;
}

void
rushes_application_start_deferred (RushesApplication *self)
{
  g_return_if_fail (RUSHES_IS_APPLICATION (self));

  if (self->deferred_done)
    return;
  self->deferred_done = TRUE;

  if (self->history != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!rushes_prompt_history_load (self->history, &error))
        g_warning ("Could not read the prompt history: %s", error->message);
    }

  /* GStreamer (+ GES) costs ~20 MiB: started only when something needs
   * it: jobs to resume here, takes to show, Generate, the timeline. */
  if (rushes_application_has_unfinished_jobs (self))
    rushes_application_start_media (self);
}

void
rushes_application_ensure_media (RushesApplication *self)
{
  g_return_if_fail (RUSHES_IS_APPLICATION (self));

  if (self->media_ready)
    return;
  /* Blocks (once): GStreamer's init lock makes this wait for a start-up
   * init already running on the worker rather than run twice. */
  gst_init (NULL, NULL);
  self->media_ready = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_READY]);
  /* Before any new job: resume would otherwise take up the journal entries
   * of jobs this session has just queued. */
  rushes_application_resume_jobs (self);
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

static void
rushes_application_activate (GApplication *app)
{
  RushesApplication *self = RUSHES_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (rushes_window_new (self));

  gtk_window_present (window);
  /* The window calls rushes_application_start_media() after its first
   * frame has been painted. */
}

static gboolean
rushes_application_has_main_window (GtkApplication *app)
{
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (RUSHES_IS_WINDOW (l->data))
      return TRUE;
  return FALSE;
}

static void
rushes_application_quit_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  RushesApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Close windows (so that they save their state) rather than exit hard.
   * A window with unsaved changes asks first and stays open meanwhile:
   * the application quits when the last main window has gone, or not at
   * all if the user cancels (rushes_application_cancel_quit). */
  self->quitting = TRUE;
  for (GList *l = windows; l != NULL; l = l->next)
    if (g_list_find (gtk_application_get_windows (GTK_APPLICATION (self)), l->data))
      gtk_window_close (l->data);
  if (self->quitting && !rushes_application_has_main_window (GTK_APPLICATION (self)))
    g_application_quit (G_APPLICATION (self));
}

static void
rushes_application_window_removed (GtkApplication *app,
                                   GtkWindow      *window)
{
  RushesApplication *self = RUSHES_APPLICATION (app);

  GTK_APPLICATION_CLASS (rushes_application_parent_class)->window_removed (app, window);
  /* the last one that asked has been saved or discarded */
  if (self->quitting && RUSHES_IS_WINDOW (window) && !rushes_application_has_main_window (app))
    g_application_quit (G_APPLICATION (app));
}

void
rushes_application_cancel_quit (RushesApplication *self)
{
  g_return_if_fail (RUSHES_IS_APPLICATION (self));

  self->quitting = FALSE;
}

gboolean
rushes_application_claim_recovery (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), FALSE);

  if (self->recovery_claimed)
    return FALSE;
  self->recovery_claimed = TRUE;
  return TRUE;
}

static gboolean
rushes_application_is_project_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, RUSHES_PROJECT_EXTENSION);
}

/* rushes FILE…, or files opened from the desktop: projects replace the
 * window's (after "Save changes?"), each further one in a window of its
 * own; anything else is imported as a take. */
static void
rushes_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  RushesApplication *self = RUSHES_APPLICATION (app);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));
  RushesWindow *window = RUSHES_IS_WINDOW (active) ? RUSHES_WINDOW (active) : NULL;
  g_autoptr(GPtrArray) media = g_ptr_array_new ();
  gboolean project_opened = FALSE;

  if (window == NULL)
    window = rushes_window_new (self);
  for (int i = 0; i < n_files; i++)
    {
      if (!rushes_application_is_project_file (files[i]))
        {
          g_ptr_array_add (media, files[i]);
          continue;
        }
      if (project_opened)
        {
          window = rushes_window_new (self);
          gtk_window_present (GTK_WINDOW (window));
        }
      rushes_window_open_project_file (window, files[i]);
      project_opened = TRUE;
    }
  if (media->len > 0)
    rushes_window_import_files (window, (GFile **) media->pdata, media->len);
  gtk_window_present (GTK_WINDOW (window));
}

static void
rushes_application_preferences_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  RushesApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  RushesPreferencesWindow *prefs;

  prefs = rushes_preferences_window_new (self->settings, self->registry);
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
rushes_application_history_limit_cb (RushesApplication *self)
{
  int limit = g_settings_get_int (self->settings, "prompt-history-limit");

  rushes_prompt_history_set_limit (self->history, (guint) CLAMP (limit, 0, RUSHES_PROMPT_HISTORY_MAX));
}

static void
rushes_application_startup (GApplication *app)
{
  RushesApplication *self = RUSHES_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *generate_accels[] = { "<Control>Return", "<Control>KP_Enter", NULL };
  static const char *sidebar_accels[] = { "F9", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *open_accels[] = { "<Control>o", NULL };
  static const char *new_accels[] = { "<Control>n", NULL };
  static const char *save_accels[] = { "<Control>s", NULL };
  static const char *save_as_accels[] = { "<Control><Shift>s", NULL };
  static const char *import_accels[] = { "<Control>i", NULL };
  static const char *frame_start_accels[] = { "<Control><Alt>1", NULL };
  static const char *frame_end_accels[] = { "<Control><Alt>2", NULL };

  G_APPLICATION_CLASS (rushes_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_entries,
                                   G_N_ELEMENTS (app_entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.generate", generate_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.toggle-sidebar", sidebar_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export", export_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open-project", open_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.new-project", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-project", save_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.save-project-as", save_as_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.import", import_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.use-frame-as-start", frame_start_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.use-frame-as-end", frame_end_accels);

  /* Small and local: one JSON file, one folder. The journal's unfinished
   * jobs are resumed after the first frame (rushes_application_resume_jobs). */
  rushes_backend_kinds_register_all ();
  self->registry = rushes_backend_registry_new (NULL);
  if (!rushes_backend_registry_load (self->registry, &error))
    self->registry_error = g_strdup (error->message);
  self->journal = rushes_journal_new (NULL);
  self->queue = rushes_job_queue_new (self->registry, self->journal);
  {
    g_autoptr(RushesTagWriter) tagger = rushes_tagger_new ();

    rushes_job_queue_set_tag_writer (self->queue, tagger);
  }
  /* The folder is set (and scanned) by the window after its first frame. */
  self->library = rushes_library_new (NULL);
  rushes_library_follow_queue (self->library, self->queue);
  self->history = rushes_prompt_history_new (NULL);
  if (self->settings != NULL)
    {
      rushes_application_history_limit_cb (self);
      g_signal_connect_object (self->settings, "changed::prompt-history-limit",
                               G_CALLBACK (rushes_application_history_limit_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
rushes_application_shutdown (GApplication *app)
{
  RushesApplication *self = RUSHES_APPLICATION (app);

  /* Unfinished jobs stay in the journal and resume at the next start. */
  if (self->queue != NULL)
    rushes_job_queue_shutdown (self->queue);
  if (self->history != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!rushes_prompt_history_flush (self->history, &error))
        g_warning ("Could not save the prompt history: %s", error->message);
    }

  G_APPLICATION_CLASS (rushes_application_parent_class)->shutdown (app);
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
  g_clear_object (&self->library);
  g_clear_object (&self->history);
  g_clear_object (&self->queue);
  g_clear_object (&self->journal);
  g_clear_object (&self->registry);
  g_clear_pointer (&self->registry_error, g_free);

  G_OBJECT_CLASS (rushes_application_parent_class)->dispose (object);
}

static void
rushes_application_class_init (RushesApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->get_property = rushes_application_get_property;
  object_class->dispose = rushes_application_dispose;
  app_class->activate = rushes_application_activate;
  app_class->startup = rushes_application_startup;
  app_class->shutdown = rushes_application_shutdown;
  app_class->open = rushes_application_open;
  gtk_app_class->window_removed = rushes_application_window_removed;

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
                       "flags", G_APPLICATION_HANDLES_OPEN,
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

gboolean
rushes_application_media_ready_now (void)
{
  GApplication *app = g_application_get_default ();

  if (RUSHES_IS_APPLICATION (app))
    return RUSHES_APPLICATION (app)->media_ready;
  return gst_is_initialized ();
}

RushesJobQueue *
rushes_application_get_job_queue (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return self->queue;
}

RushesBackendRegistry *
rushes_application_get_registry (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return self->registry;
}

char *
rushes_application_take_startup_error (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->registry_error);
}

void
rushes_application_resume_jobs (RushesApplication *self)
{
  guint n;

  g_return_if_fail (RUSHES_IS_APPLICATION (self));

  if (self->resumed || self->queue == NULL)
    return;
  self->resumed = TRUE;
  n = rushes_job_queue_resume (self->queue, NULL, NULL);
  if (n > 0)
    g_debug ("resumed %u unfinished jobs", n);
}

RushesLibrary *
rushes_application_get_library (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return self->library;
}

RushesPromptHistory *
rushes_application_get_prompt_history (RushesApplication *self)
{
  g_return_val_if_fail (RUSHES_IS_APPLICATION (self), NULL);

  return self->history;
}
