/* rushes-window-project.c: the main window's timeline project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project the timeline edits (a new one, one opened, or one recovered
 * after a crash), the window's title and Export following it, "Save
 * changes?" before unsaved work would go (closing, quitting, New, Open),
 * and the GES preview, made once there is something to preview.
 *
 * The autosave of a project with unsaved changes is kept until they are
 * saved or the user discards them: a window closed any other way leaves it
 * for the recovery question at the next start.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-project-dialogs.h"
#include "rushes-window-private.h"

/* ---- "Save changes?" ------------------------------------------------------ */

typedef struct
{
  RushesWindow     *self;
  RushesWindowThen  then;
  gpointer          data;
  GDestroyNotify    destroy;
} AskSave;

static void
ask_save_free (AskSave *ask)
{
  if (ask->destroy != NULL)
    ask->destroy (ask->data);
  g_object_unref (ask->self);
  g_free (ask);
}

static void
rushes_window_ask_save_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  AskSave *ask = user_data;
  RushesWindow *self = ask->self;
  g_autoptr(GError) error = NULL;
  RushesSaveChanges choice = rushes_project_ask_save_changes_finish (result, &error);

  self->asking_to_save = FALSE;
  if (choice == RUSHES_SAVE_CHANGES_DISCARD)
    rushes_project_discard_autosave (self->project);
  if (choice != RUSHES_SAVE_CHANGES_CANCEL)
    {
      self->project_settled = TRUE;
      ask->then (self, ask->data);
    }
  else
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      /* the work stays, and so does the window: no quitting either */
      if (RUSHES_IS_APPLICATION (app))
        rushes_application_cancel_quit (RUSHES_APPLICATION (app));
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rushes_window_add_toast (self, error->message);
    }
  ask_save_free (ask);
}

void
_rushes_window_ask_save (RushesWindow     *self,
                         RushesWindowThen  then,
                         gpointer          data,
                         GDestroyNotify    destroy)
{
  AskSave *ask;

  if (!rushes_project_get_dirty (self->project) || self->project_settled)
    {
      then (self, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }
  if (self->asking_to_save)
    {
      /* one question at a time: the first one decides */
      if (destroy != NULL)
        destroy (data);
      return;
    }

  self->asking_to_save = TRUE;
  ask = g_new0 (AskSave, 1);
  ask->self = g_object_ref (self);
  ask->then = then;
  ask->data = data;
  ask->destroy = destroy;
  rushes_project_ask_save_changes (GTK_WINDOW (self), self->project, self->cancellable,
                                   rushes_window_ask_save_done_cb, ask);
}

static void
rushes_window_close_then (RushesWindow *self,
                          gpointer      data)
{
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
_rushes_window_hold_close (RushesWindow *self)
{
  if (self->project == NULL || !rushes_project_get_dirty (self->project) || self->project_settled)
    return FALSE;
  _rushes_window_ask_save (self, rushes_window_close_then, NULL, NULL);
  return TRUE;
}

void
_rushes_window_release_project (RushesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;
  if (!rushes_project_get_dirty (self->project) || self->project_settled)
    {
      rushes_project_discard_autosave (self->project);
      return;
    }
  /* neither saved nor discarded: the latest edits go into the autosave,
   * which the next start offers to recover */
  if (!rushes_project_autosave_now (self->project, &error))
    g_warning ("Could not keep the unsaved timeline: %s", error->message);
}

/* ---- replacing the project -------------------------------------------------- */

static void
rushes_window_replace_then (RushesWindow *self,
                            gpointer      data)
{
  RushesProject *project = data;

  rushes_project_enable_autosave (project, NULL);
  _rushes_window_set_project (self, project);
}

/* project (loaded, recovered or new) takes the place of the window's own,
 * once that one's unsaved changes are saved or may go */
void
_rushes_window_replace_project (RushesWindow  *self,
                                RushesProject *project)
{
  _rushes_window_ask_save (self, rushes_window_replace_then, g_object_ref (project), g_object_unref);
}

static gboolean
rushes_window_project_is_pristine (RushesWindow *self)
{
  return rushes_project_get_path (self->project) == NULL &&
         !rushes_project_get_dirty (self->project) &&
         rushes_project_get_n_clips (self->project) == 0;
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
      /* a project opened meanwhile (from the command line) is asked about */
      if (rushes_window_project_is_pristine (self))
        rushes_window_replace_then (self, project);
      else
        _rushes_window_replace_project (self, project);
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not restore the timeline: %s"), error->message);
      rushes_window_add_toast (self, message);
    }
}

/* A timeline left over from a crash: asked about (by the application's
 * first window only: the others' autosaves are this session's), then
 * restored. */
void
_rushes_window_offer_recovery (RushesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (RUSHES_IS_APPLICATION (app) && !rushes_application_claim_recovery (RUSHES_APPLICATION (app)))
    return;
  rushes_project_offer_recovery (GTK_WINDOW (self), NULL, rushes_project_get_autosave_path (self->project),
                                 self->cancellable, rushes_window_recovery_done_cb, g_object_ref (self));
}

void
rushes_window_open_project_file (RushesWindow *self,
                                 GFile        *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = NULL;

  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_parse_name (file);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: only local project files can be opened"), name);

      rushes_window_add_toast (self, message);
      return;
    }
  /* loaded first: a file that cannot be opened costs nothing */
  if ((project = rushes_project_load (path, &error)) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

      rushes_window_add_toast (self, message);
      return;
    }
  rushes_project_remember_recent (path);
  _rushes_window_replace_project (self, project);
}

static void
rushes_window_new_project_action (GSimpleAction *action,
                                  GVariant      *param,
                                  gpointer       user_data)
{
  RushesWindow *self = user_data;
  g_autoptr(RushesProject) project = rushes_project_new ();

  _rushes_window_replace_project (self, project);
}

static const GActionEntry project_entries[] = {
  { .name = "new-project", .activate = rushes_window_new_project_action },
};

void
_rushes_window_install_project_actions (RushesWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), project_entries,
                                   G_N_ELEMENTS (project_entries), self);
}

/* ---- following the project ---------------------------------------------------- */

static void
rushes_window_update_title (RushesWindow *self)
{
  const char *path = rushes_project_get_path (self->project);
  gboolean dirty = rushes_project_get_dirty (self->project);
  g_autofree char *name = rushes_project_get_title (self->project);
  g_autofree char *shown = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folder = NULL;

  /* "•" marks unsaved changes, as GNOME's editors do */
  shown = dirty ? g_strdup_printf ("• %s", name) : g_strdup (name);
  /* Translators: the window title: the project's name, then the application's */
  title = g_strdup_printf (_("%s — Rushes"), shown);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, shown);
  if (path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      const char *home = g_get_home_dir ();

      if (g_str_has_prefix (dir, home) && (dir[strlen (home)] == '/' || dir[strlen (home)] == '\0'))
        folder = g_strconcat ("~", dir + strlen (home), NULL);
      else
        folder = g_filename_display_name (dir);
    }
  adw_window_title_set_subtitle (self->window_title, folder != NULL ? folder : _("Rushes"));
}

static void
rushes_window_project_changed_cb (RushesWindow *self)
{
  /* anything on any track (sound, a title) is something */
  gboolean empty = rushes_project_get_duration (self->project) == 0;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "export");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !empty);
  gtk_widget_set_visible (self->timeline_placeholder, empty);
  rushes_window_update_title (self);
  _rushes_window_ensure_timeline (self);
}

/* Saved (or saved as): the desktop's recent files list it. */
static void
rushes_window_project_saved_cb (RushesWindow *self)
{
  const char *path = rushes_project_get_path (self->project);

  if (path != NULL && !rushes_project_get_dirty (self->project))
    rushes_project_remember_recent (path);
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
      g_signal_handlers_disconnect_by_func (self->project, rushes_window_project_saved_cb, self);
      rushes_project_discard_autosave (self->project);
    }
  g_set_object (&self->project, project);
  self->project_settled = FALSE;
  rushes_timeline_view_set_project (self->timeline_view, project);
  g_signal_connect_object (project, "changed",
                           G_CALLBACK (rushes_window_project_changed_cb), self, G_CONNECT_SWAPPED);
  /* path and dirty state (saving) */
  g_signal_connect_object (project, "notify",
                           G_CALLBACK (rushes_window_project_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "notify::dirty",
                           G_CALLBACK (rushes_window_project_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "notify::path",
                           G_CALLBACK (rushes_window_project_saved_cb), self, G_CONNECT_SWAPPED);
  if (self->timeline != NULL)
    {
      g_clear_object (&self->timeline);
      self->timeline = rushes_timeline_new (project);
      rushes_timeline_view_set_timeline (self->timeline_view, self->timeline);
      _rushes_window_link_monitor (self);
    }
  rushes_window_project_changed_cb (self);
}

/* The GES preview, once there is something to preview (GES and its
 * plugins are not loaded for an empty timeline). */
void
_rushes_window_ensure_timeline (RushesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->timeline != NULL || !rushes_application_media_ready_now () ||
      rushes_project_get_n_clips (self->project) == 0)
    return;
  if (!rushes_timeline_ensure_init (&error))
    {
      g_warning ("No timeline preview: %s", error->message);
      return;
    }
  self->timeline = rushes_timeline_new (self->project);
  rushes_timeline_view_set_timeline (self->timeline_view, self->timeline);
  _rushes_window_link_monitor (self);
}

/* Program shown (the timeline plays, or the user asked): the viewer is. */
static void
rushes_window_monitor_cb (RushesWindow *self)
{
  if (rushes_player_view_get_monitor (self->player_view) == RUSHES_MONITOR_PROGRAM)
    gtk_stack_set_visible_child_name (self->player_stack, "player");
}

static void
rushes_window_timeline_playing_cb (RushesWindow *self)
{
  /* the viewer switches to Program by itself once it exists */
  if (rushes_timeline_get_playing (self->timeline) && self->player_view == NULL)
    _rushes_window_ensure_player (self);
}

void
_rushes_window_link_monitor (RushesWindow *self)
{
  if (self->timeline != NULL && !g_signal_handler_find (self->timeline, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0,
                                                        NULL, rushes_window_timeline_playing_cb, self))
    g_signal_connect_object (self->timeline, "notify::playing",
                             G_CALLBACK (rushes_window_timeline_playing_cb), self, G_CONNECT_SWAPPED);
  if (self->player_view == NULL)
    return;
  if (!g_signal_handler_find (self->player_view, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0,
                              NULL, rushes_window_monitor_cb, self))
    g_signal_connect_object (self->player_view, "notify::monitor",
                             G_CALLBACK (rushes_window_monitor_cb), self, G_CONNECT_SWAPPED);
  rushes_player_view_set_program (self->player_view, self->timeline ? RUSHES_PLAYABLE (self->timeline) : NULL);
}
