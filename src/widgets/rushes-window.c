/* rushes-window.c: the main window: prompt and parameters on the side, the
 * player in the centre, the queue and the library on the right, the
 * timeline along the bottom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up: the window is built from its template and presented at once;
 * checks that touch the disk (the library folder) and GStreamer's start run
 * after the first frame has been painted.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rushes-application.h"
#include "rushes-job-row.h"
#include "rushes-project-dialogs.h"
#include "rushes-take-cell.h"
#include "rushes-window-private.h"
#include "rushes-widget-util.h"


G_DEFINE_FINAL_TYPE (RushesWindow, rushes_window, ADW_TYPE_APPLICATION_WINDOW)

gboolean
rushes_window_can_generate (const char  *prompt,
                            gboolean     have_backend,
                            const char **reason)
{
  const char *why = NULL;
  gboolean blank = TRUE;

  for (const char *p = prompt; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        {
          blank = FALSE;
          break;
        }
    }

  if (blank)
    why = _("Write a prompt first");
  else if (!have_backend)
    why = _("No backend is available: set one up in Preferences");

  if (reason != NULL)
    *reason = why;
  return why == NULL;
}

static void rushes_window_take_selected_cb (RushesWindow *self);
static void rushes_window_ensure_timeline  (RushesWindow *self);
static void rushes_window_add_take        (RushesWindow *self,
                                           RushesTake   *take);
static void rushes_window_scan_library    (RushesWindow *self,
                                           const char   *folder);

void
rushes_window_add_toast (RushesWindow *self,
                         const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* the title is Pango markup; messages carry paths and parser output */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
rushes_window_get_last_toast (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->last_toast;
}

void
_rushes_window_update_generate (RushesWindow *self)
{
  const char *reason = NULL;
  gboolean enabled;
  GAction *action;
  g_autofree char *tooltip = NULL;
  const char *cost;

  enabled = rushes_window_can_generate (rushes_prompt_editor_get_prompt (self->prompt_editor),
                                        rushes_params_panel_get_backend (self->params_panel) != NULL,
                                        &reason);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "generate");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);

  cost = rushes_params_panel_get_cost_text (self->params_panel);
  if (!enabled)
    tooltip = g_strdup (reason);
  else if (cost != NULL)
    tooltip = g_strdup_printf (_("Generate (Ctrl+Enter): %s"), cost);
  else
    tooltip = g_strdup (_("Generate (Ctrl+Enter)"));
  rushes_widget_set_tooltip_text (self->generate_button, tooltip);
}


/* ---- start-up checks ---------------------------------------------------- */

static RushesBackend *
rushes_window_find_backend (GListModel *backends,
                            const char *id)
{
  guint n = backends != NULL ? g_list_model_get_n_items (backends) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (backends, i);

      if (g_strcmp0 (rushes_backend_get_id (backend), id) == 0)
        return g_steal_pointer (&backend);
    }
  return NULL;
}

char *
rushes_window_library_folder (RushesWindow *self)
{
  g_autofree char *folder = NULL;

  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "library-folder");
  if (folder != NULL && folder[0] != '\0')
    return g_steal_pointer (&folder);

  return rushes_library_get_default_dir ();
}

/* Returns FALSE with a message naming the folder and the reason. */
static gboolean
rushes_window_check_folder (const char  *folder,
                            char       **message)
{
  if (!g_path_is_absolute (folder))
    {
      *message = g_strdup_printf (_("The library folder “%s” is not an absolute path. Choose another one in Preferences."),
                                  folder);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0755) != 0 || g_access (folder, W_OK) != 0)
    {
      int saved_errno = errno;
      *message = g_strdup_printf (_("Cannot write to the library folder “%s” (%s). Choose another one in Preferences."),
                                  folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static void
rushes_window_recovery_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(RushesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = rushes_project_offer_recovery_finish (result, &error);

  if (project != NULL)
    {
      rushes_project_enable_autosave (project, NULL);
      _rushes_window_set_project (self, project);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not restore the timeline: %s"), error->message);
      rushes_window_add_toast (self, message);
    }
}

static gboolean
rushes_window_startup_idle_cb (gpointer data)
{
  RushesWindow *self = data;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;

  self->startup_idle_id = 0;

  if (self->missing_backend != NULL)
    {
      RushesBackend *current = rushes_params_panel_get_backend (self->params_panel);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The backend “%s” used last time is not set up any more; using %s."),
                              self->missing_backend,
                              current != NULL ? rushes_backend_get_display_name (current) : _("none"));
      rushes_window_add_toast (self, text);
      g_clear_pointer (&self->missing_backend, g_free);
    }

  /* taken here, by the first window that shows, not at construction */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    g_autofree char *startup_error = RUSHES_IS_APPLICATION (app)
      ? rushes_application_take_startup_error (RUSHES_APPLICATION (app)) : NULL;

    if (startup_error != NULL)
      rushes_window_add_toast (self, startup_error);
  }

  /* A timeline left over from a crash: asked about, then restored. */
  rushes_project_offer_recovery (GTK_WINDOW (self), NULL, self->cancellable,
                                 rushes_window_recovery_done_cb, g_object_ref (self));

  folder = rushes_window_library_folder (self);
  if (!rushes_window_check_folder (folder, &message))
    rushes_window_add_toast (self, message);
  else
    rushes_window_scan_library (self, folder);

  return G_SOURCE_REMOVE;
}

/* Preferences changed the folder: check it, point the queue at it, rescan. */
static void
rushes_window_library_folder_changed_cb (RushesWindow *self)
{
  g_autofree char *folder = rushes_window_library_folder (self);
  g_autofree char *message = NULL;

  if (!rushes_window_check_folder (folder, &message))
    {
      rushes_window_add_toast (self, message);
      return;
    }
  if (self->queue != NULL)
    rushes_job_queue_set_library_dir (self->queue, folder);
  rushes_window_scan_library (self, folder);
}

/* ---- window state --------------------------------------------------------- */

static void
rushes_window_restore_state (RushesWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* The schema's ranges keep these sane; out-of-range stored values come
   * back as the defaults. */
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
rushes_window_save_state (RushesWindow *self)
{
  int width, height;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      /* Keep within the schema's ranges: g_settings_set_int refuses others. */
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 640, 16384));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 480, 16384));
    }
}

static gboolean
rushes_window_close_request (GtkWindow *window)
{
  RushesWindow *self = RUSHES_WINDOW (window);

  rushes_window_save_state (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rushes_window_parent_class)->close_request (window);
}

static void
rushes_window_update_lists (RushesWindow *self)
{
  guint n_takes = g_list_model_get_n_items (rushes_window_get_takes (self));
  guint n_jobs = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;
  g_autofree char *count = NULL;

  gtk_stack_set_visible_child_name (self->library_stack, n_takes > 0 ? "takes" : "empty");
  /* takes to show: thumbnails need GStreamer */
  if (n_takes > 0 && self->started)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (RUSHES_IS_APPLICATION (app))
        rushes_application_start_media (RUSHES_APPLICATION (app));
    }
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u take", "%u takes", n_takes), n_takes);
  gtk_label_set_label (self->take_count_label, n_takes > 0 ? count : "");
  gtk_revealer_set_reveal_child (self->queue_revealer, n_jobs > 0);
}

static void
rushes_window_project_changed_cb (RushesWindow *self)
{
  guint n = rushes_project_get_n_clips (self->project);
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "export");

  g_autofree char *title = rushes_project_get_title (self->project);
  g_autofree char *subtitle = NULL;

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), n > 0);
  gtk_widget_set_visible (self->timeline_placeholder, n == 0);

  /* the project, marked when it has unsaved changes */
  subtitle = rushes_project_get_dirty (self->project) && rushes_project_get_path (self->project) != NULL
    ? g_strdup_printf ("%s •", title) : g_strdup (title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  rushes_window_ensure_timeline (self);
}

void
_rushes_window_set_project (RushesWindow  *self,
                            RushesProject *project)
{
  if (self->project == project)
    return;

  if (self->project != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->project, rushes_window_project_changed_cb, self);
      rushes_project_discard_autosave (self->project);
    }
  g_set_object (&self->project, project);
  rushes_timeline_view_set_project (self->timeline_view, project);
  g_signal_connect_object (project, "changed",
                           G_CALLBACK (rushes_window_project_changed_cb), self, G_CONNECT_SWAPPED);
  /* path and dirty state (saving) */
  g_signal_connect_object (project, "notify",
                           G_CALLBACK (rushes_window_project_changed_cb), self, G_CONNECT_SWAPPED);
  if (self->timeline != NULL)
    {
      g_clear_object (&self->timeline);
      self->timeline = rushes_timeline_new (project);
      rushes_timeline_view_set_timeline (self->timeline_view, self->timeline);
    }
  rushes_window_project_changed_cb (self);
}

/* GStreamer is up: the timeline gets its preview (GES, main thread). */
static void
rushes_window_media_ready_cb (RushesWindow      *self,
                              GParamSpec        *pspec,
                              RushesApplication *app)
{
  if (!rushes_application_get_media_ready (app))
    return;
  if (self->generate_pending)
    {
      self->generate_pending = FALSE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "generate", NULL);
    }
  rushes_window_take_selected_cb (self);
  rushes_window_ensure_timeline (self);
}

/* The GES preview, once there is something to preview (GES and its
 * plugins are not loaded for an empty timeline). */
static void
rushes_window_ensure_timeline (RushesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->timeline != NULL || !gst_is_initialized () ||
      rushes_project_get_n_clips (self->project) == 0)
    return;
  if (!rushes_timeline_ensure_init (&error))
    {
      g_warning ("No timeline preview: %s", error->message);
      return;
    }
  self->timeline = rushes_timeline_new (self->project);
  rushes_timeline_view_set_timeline (self->timeline_view, self->timeline);
}

/* Save as New Take in the player: the trim joins the library, selected. */
static void
rushes_window_trimmed_cb (RushesWindow     *self,
                          GFile            *file,
                          RushesPlayerView *view)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  RushesTake *take = NULL;

  if (self->library != NULL && path != NULL)
    take = rushes_library_add_file (self->library, path, &error);

  /* The trimmer's sidecar may be the bare recipe (no "take" member): write
   * the take's sidecar from it with the core's writer, and try again. */
  if (take == NULL && g_error_matches (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR))
    {
      g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
      g_autofree char *json = NULL;
      g_autoptr(RushesRecipe) recipe = NULL;

      if (g_file_get_contents (sidecar, &json, NULL, NULL) &&
          (recipe = rushes_recipe_new_from_json (json, -1, NULL)) != NULL &&
          rushes_take_write_sidecar (path, recipe, NULL, NULL))
        {
          g_clear_error (&error);
          take = rushes_library_add_file (self->library, path, &error);
        }
    }

  if (take == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The trimmed take is at %s but not in the library: %s"),
                                                  path, error != NULL ? error->message : _("it is outside the library folder"));
      rushes_window_add_toast (self, message);
      return;
    }
  rushes_window_add_take (self, take);
  rushes_window_add_toast (self, _("Saved as a new take"));
}

/* The player needs GStreamer: it is made when that is up. */
static gboolean
rushes_window_ensure_player (RushesWindow *self)
{
  if (self->player_view != NULL)
    return TRUE;
  if (!gst_is_initialized ())
    return FALSE;

  self->player_view = RUSHES_PLAYER_VIEW (rushes_player_view_new ());
  gtk_stack_add_named (self->player_stack, GTK_WIDGET (self->player_view), "player");
  g_signal_connect_object (self->player_view, "trimmed",
                           G_CALLBACK (rushes_window_trimmed_cb), self, G_CONNECT_SWAPPED);
  return TRUE;
}

/* The centre plays the selected take. Before GStreamer is up, it names the
 * take (title and settings) until the player can show it. */
static void
rushes_window_take_selected_cb (RushesWindow *self)
{
  RushesTake *take = gtk_single_selection_get_selected_item (self->take_selection);
  RushesRecipe *recipe;
  g_autofree char *duration = NULL;
  g_autofree char *details = NULL;

  if (take == NULL)
    {
      if (self->player_view != NULL)
        rushes_player_view_open (self->player_view, NULL);
      gtk_stack_set_visible_child_name (self->player_stack, "empty");
      return;
    }

  recipe = rushes_take_get_recipe (take);
  if (rushes_window_ensure_player (self))
    {
      g_autoptr(GFile) file = g_file_new_for_path (rushes_take_get_path (take));
      GFile *open = rushes_player_get_file (rushes_player_view_get_player (self->player_view));

      /* the same take again (the list moved around it): keep playing */
      if (open != NULL && g_file_equal (open, file)
          && g_strcmp0 (gtk_stack_get_visible_child_name (self->player_stack), "player") == 0)
        return;
      rushes_player_view_set_recipe (self->player_view, recipe);
      rushes_player_view_open (self->player_view, file);
      gtk_stack_set_visible_child_name (self->player_stack, "player");
      return;
    }

  duration = rushes_format_duration (rushes_recipe_get_seconds (recipe));
  details = g_strdup_printf ("%s · %u×%u · %u fps · %s · seed %" G_GINT64_FORMAT,
                             duration,
                             rushes_recipe_get_width (recipe),
                             rushes_recipe_get_height (recipe),
                             rushes_recipe_get_fps (recipe),
                             rushes_recipe_get_backend (recipe),
                             rushes_recipe_get_seed (recipe));
  gtk_label_set_label (self->still_title, rushes_take_get_title (take));
  gtk_label_set_label (self->still_details, details);
  gtk_stack_set_visible_child_name (self->player_stack, "still");
}

/* A new take in the library, selected. */
static void
rushes_window_add_take (RushesWindow *self,
                        RushesTake   *take)
{
  guint position;

  if (_rushes_window_find_take (self, rushes_take_get_path (take), &position) != NULL)
    {
      gtk_single_selection_set_selected (self->take_selection, position);
      /* and in view (an insertion above keeps the old top item anchored) */
      gtk_widget_activate_action (GTK_WIDGET (self->take_grid), "list.scroll-to-item", "u", position);
    }
}

/* A job's take, selected unless a take is playing: the new one waits at
 * the top of the grid rather than cutting off the one being watched. */
static void
rushes_window_job_take_ready (RushesWindow *self,
                              RushesTake   *take)
{
  if (self->player_view != NULL
      && rushes_player_get_state (rushes_player_view_get_player (self->player_view)) == RUSHES_PLAYER_STATE_PLAYING)
    return;
  rushes_window_add_take (self, take);
}

static void
rushes_window_job_finished_cb (RushesWindow   *self,
                               RushesJob      *job,
                               RushesJobQueue *queue)
{
  RushesTake *take;
  const char *path;

  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    return;   /* the row says why */

  path = rushes_job_get_take_path (job);
  /* The library follows the queue (connected before us), so the take is
   * there already when it was made into the library folder. */
  take = path != NULL && self->library != NULL ? rushes_library_lookup (self->library, path) : NULL;
  if (take != NULL)
    rushes_window_job_take_ready (self, take);
}

/* ---- library scan ----------------------------------------------------------- */

static void
rushes_window_reload_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(RushesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rushes_library_reload_finish (RUSHES_LIBRARY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the library: %s"), error->message);
      rushes_window_add_toast (self, message);
      return;
    }

  /* A scan replaces the whole list: takes that jobs finished while it ran
   * may be missing from it. Put them back. */
  if (self->queue != NULL && self->library != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
      g_autofree char *dir = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(RushesJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
          const char *path = rushes_job_get_take_path (job);

          if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED || path == NULL ||
              rushes_library_lookup (self->library, path) != NULL)
            continue;
          g_free (dir);
          dir = g_path_get_dirname (path);
          if (g_strcmp0 (dir, rushes_library_get_dir (self->library)) == 0 &&
              rushes_library_add_file (self->library, path, NULL) != NULL)
            rushes_window_job_take_ready (self, rushes_library_lookup (self->library, path));
        }
    }
}

static void
rushes_window_scan_library (RushesWindow *self,
                            const char   *folder)
{
  if (self->library == NULL)
    return;
  if (g_strcmp0 (rushes_library_get_dir (self->library), folder) != 0)
    rushes_library_set_dir (self->library, folder);
  rushes_library_reload_async (self->library, self->cancellable,
                               rushes_window_reload_done_cb, g_object_ref (self));
}

/* "application" is not a construct property: it is set after constructed(),
 * so the window connects to the application's queue and settings here. */
static void
rushes_window_attach (RushesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL || self->attached)
    return;
  self->attached = TRUE;
  /* The application's (NULL without the schema: then defaults, unsaved) */
  if (RUSHES_IS_APPLICATION (app))
    g_set_object (&self->settings, rushes_application_get_settings (RUSHES_APPLICATION (app)));
  else
    self->settings = rushes_settings_new_or_null ();

  rushes_window_restore_state (self);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::library-folder",
                             G_CALLBACK (rushes_window_library_folder_changed_cb), self, G_CONNECT_SWAPPED);

  if (RUSHES_IS_APPLICATION (app))
    {
      RushesApplication *rapp = RUSHES_APPLICATION (app);

      if (rushes_application_get_registry (rapp) != NULL)
        self->backends = g_object_ref (G_LIST_MODEL (rushes_application_get_registry (rapp)));
      if (rushes_application_get_job_queue (rapp) != NULL)
        self->queue = g_object_ref (rushes_application_get_job_queue (rapp));
      if (rushes_application_get_library (rapp) != NULL)
        self->library = g_object_ref (rushes_application_get_library (rapp));
      if (rushes_application_get_prompt_history (rapp) != NULL)
        {
          self->history = g_object_ref (rushes_application_get_prompt_history (rapp));
          rushes_prompt_editor_set_history (self->prompt_editor, G_LIST_MODEL (self->history));
        }
      g_signal_connect_object (rapp, "notify::media-ready",
                               G_CALLBACK (rushes_window_media_ready_cb), self, G_CONNECT_SWAPPED);
    }

  if (self->settings != NULL)
    {
      g_autofree char *backend = g_settings_get_string (self->settings, "last-backend");
      g_autoptr(RushesBackend) found = rushes_window_find_backend (self->backends, backend);

      /* A backend that is no longer set up: say so once the window shows. */
      if (found != NULL)
        rushes_recipe_set_backend (self->recipe, backend);
      else if (backend[0] != '\0')
        self->missing_backend = g_steal_pointer (&backend);
    }
  rushes_params_panel_set_backends (self->params_panel, self->backends);

  if (self->queue != NULL)
    {
      g_autofree char *folder = rushes_window_library_folder (self);
      g_autoptr(GtkNoSelection) jobs = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->queue)));

      /* checked (and created) after the first frame */
      rushes_job_queue_set_library_dir (self->queue, folder);
      gtk_list_view_set_model (self->job_list, GTK_SELECTION_MODEL (jobs));
      g_signal_connect_object (self->queue, "items-changed",
                               G_CALLBACK (rushes_window_update_lists), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->queue, "job-finished",
                               G_CALLBACK (rushes_window_job_finished_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_single_selection_set_model (self->take_selection, rushes_window_get_takes (self));
  rushes_window_update_lists (self);
  _rushes_window_update_generate (self);
}

/* After the first painted frame: start what may take time. */
static void
rushes_window_first_paint_cb (RushesWindow  *self,
                              GdkFrameClock *clock)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_signal_handlers_disconnect_by_func (clock, rushes_window_first_paint_cb, self);
  if (self->startup_idle_id == 0 && !self->started)
    self->startup_idle_id = g_idle_add (rushes_window_startup_idle_cb, self);
  self->started = TRUE;
  if (RUSHES_IS_APPLICATION (app))
    rushes_application_start_deferred (RUSHES_APPLICATION (app));
  rushes_window_update_lists (self);
}

static void
rushes_window_map (GtkWidget *widget)
{
  RushesWindow *self = RUSHES_WINDOW (widget);

  GTK_WIDGET_CLASS (rushes_window_parent_class)->map (widget);

  if (!self->started)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (rushes_window_first_paint_cb), self, G_CONNECT_SWAPPED);
}

static void
rushes_window_dispose (GObject *object)
{
  RushesWindow *self = RUSHES_WINDOW (object);

  g_clear_handle_id (&self->startup_idle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  if (self->recipe_bindings != NULL)
    g_binding_group_set_source (self->recipe_bindings, NULL);
  if (self->recipe_signals != NULL)
    g_signal_group_set_target (self->recipe_signals, NULL);
  g_clear_object (&self->recipe_bindings);
  g_clear_object (&self->recipe_signals);
  g_clear_object (&self->recipe);
  g_clear_object (&self->backends);
  g_clear_object (&self->queue);
  g_clear_object (&self->take_selection);
  g_clear_object (&self->library);
  g_clear_object (&self->empty_takes);
  g_clear_object (&self->timeline);
  if (self->project != NULL)
    rushes_project_discard_autosave (self->project);
  g_clear_object (&self->project);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->missing_backend, g_free);

  G_OBJECT_CLASS (rushes_window_parent_class)->dispose (object);
}

static void
rushes_window_class_init (RushesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rushes_window_dispose;
  window_class->close_request = rushes_window_close_request;
  widget_class->map = rushes_window_map;

  g_type_ensure (RUSHES_TYPE_PROMPT_EDITOR);
  g_type_ensure (RUSHES_TYPE_PARAMS_PANEL);
  g_type_ensure (RUSHES_TYPE_JOB_ROW);
  g_type_ensure (RUSHES_TYPE_TAKE_CELL);

  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, prompt_editor);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, params_panel);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_grid);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, queue_revealer);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_count_label);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_placeholder);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, still_title);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, still_details);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_placeholder);
}

/* Delete in the library: the selected take to the trash (as its menu does). */
static gboolean
rushes_window_delete_take_cb (GtkWidget *widget,
                              GVariant  *args,
                              gpointer   user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = gtk_single_selection_get_selected_item (self->take_selection);

  if (take == NULL)
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (self), "trash-take",
                                  g_variant_new_string (rushes_take_get_path (take)));
  return TRUE;
}

static void
rushes_window_visible_fields_cb (RushesWindow *self)
{
  guint fields = rushes_params_panel_get_visible_fields (self->params_panel);

  rushes_prompt_editor_set_show_negative (self->prompt_editor,
                                          (fields & RUSHES_FIELD_NEGATIVE_PROMPT) != 0);
}

static void
rushes_window_init (RushesWindow *self)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->timeline_view = RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ());
  gtk_scrolled_window_set_child (self->timeline_scroller, GTK_WIDGET (self->timeline_view));
  _rushes_window_install_actions (self);

  self->recipe_bindings = g_binding_group_new ();
  g_binding_group_bind (self->recipe_bindings, "prompt", self->prompt_editor, "prompt",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->recipe_bindings, "negative-prompt", self->prompt_editor, "negative-prompt",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->recipe_signals = g_signal_group_new (RUSHES_TYPE_RECIPE);
  g_signal_group_connect_object (self->recipe_signals, "notify::backend",
                                 G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  rushes_window_set_recipe (self, recipe);

  self->empty_takes = G_LIST_MODEL (g_list_store_new (RUSHES_TYPE_TAKE));
  self->take_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->take_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->take_selection, TRUE);
  gtk_grid_view_set_model (self->take_grid, GTK_SELECTION_MODEL (self->take_selection));
  g_signal_connect_object (self->take_selection, "items-changed",
                           G_CALLBACK (rushes_window_update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->take_selection, "notify::selected-item",
                           G_CALLBACK (rushes_window_take_selected_cb), self, G_CONNECT_SWAPPED);
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                            gtk_callback_action_new (rushes_window_delete_take_cb, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self->take_grid), keys);
  }

  g_signal_connect_object (self->prompt_editor, "notify::prompt",
                           G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::cost-text",
                           G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::visible-fields",
                           G_CALLBACK (rushes_window_visible_fields_cb), self, G_CONNECT_SWAPPED);
  rushes_window_visible_fields_cb (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (rushes_window_attach), NULL);

  {
    g_autoptr(RushesProject) project = rushes_project_new ();

    rushes_project_enable_autosave (project, NULL);
    _rushes_window_set_project (self, project);
  }
}

RushesWindow *
rushes_window_new (RushesApplication *application)
{
  return g_object_new (RUSHES_TYPE_WINDOW, "application", application, NULL);
}

RushesRecipe *
rushes_window_get_recipe (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->recipe;
}

void
rushes_window_set_recipe (RushesWindow *self,
                          RushesRecipe *recipe)
{
  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (RUSHES_IS_RECIPE (recipe));

  if (!g_set_object (&self->recipe, recipe))
    return;

  g_binding_group_set_source (self->recipe_bindings, recipe);
  g_signal_group_set_target (self->recipe_signals, recipe);
  rushes_params_panel_set_recipe (self->params_panel, recipe);
  _rushes_window_update_generate (self);
}

GListModel *
rushes_window_get_takes (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->library != NULL ? G_LIST_MODEL (self->library) : self->empty_takes;
}

RushesTake *
rushes_window_get_selected_take (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return gtk_single_selection_get_selected_item (self->take_selection);
}
