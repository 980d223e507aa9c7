/* rushes-window-project.c: the main window's timeline project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project the timeline edits (a new one, one opened, or one recovered
 * after a crash), the window's subtitle and Export following it, and the
 * GES preview, made once there is something to preview.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-dialogs.h"
#include "rushes-window-private.h"

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

/* A timeline left over from a crash: asked about, then restored. */
void
_rushes_window_offer_recovery (RushesWindow *self)
{
  rushes_project_offer_recovery (GTK_WINDOW (self), NULL, self->cancellable,
                                 rushes_window_recovery_done_cb, g_object_ref (self));
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
  _rushes_window_ensure_timeline (self);
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
