/* rushes-timeline-view-actions.c: the timeline view's actions and keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "timeline." widget actions on clips (split, delete, zoom, step,
 * trim, nudge, move to another track, select, relink, play/pause) and
 * their key bindings (the track actions are in -tracks.c), and the one pair of
 * undo/redo actions ("timeline.undo", "timeline.redo"), whose enabled state
 * follows the project's undo stack. The window adds that same pair to its
 * own actions (win.undo, win.redo) and binds Ctrl+Z, Ctrl+Shift+Z and
 * Ctrl+Y to them, so they work wherever the focus is.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"

static void
split_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project)
    rushes_project_split_at (self->project, self->position);
}

/* A refused edit says why; TRUE when there was nothing to refuse */
gboolean
_rushes_timeline_view_check_edit (RushesTimelineView *self,
                                  GError             *error)
{
  if (error == NULL)
    return TRUE;
  _rushes_timeline_view_show_status (self, error->message);
  return FALSE;
}

/* Delete lifts the clip out (its place stays empty); Shift+Delete closes
 * the gap (ripple) */
static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  guint track;

  if (clip == NULL || !rushes_project_locate_clip (self->project, clip, &track, NULL))
    return;
  if (rushes_timeline_track_get_locked (rushes_project_get_track (self->project, track)))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is locked: unlock the track to change its clips"),
                                                  rushes_timeline_track_get_name (rushes_project_get_track (self->project, track)));

      _rushes_timeline_view_show_status (self, message);
      return;
    }
  rushes_project_delete_clip (self->project, clip, g_str_equal (name, "timeline.ripple-delete"));
  rushes_timeline_view_set_selected_clip (self, NULL);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  rushes_timeline_view_set_zoom (self, self->zoom * (g_str_equal (name, "timeline.zoom-in") ? 1.25 : 0.8));
}

/* param: frames (±1) or, with step-seconds, seconds */
static void
step_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int n = g_variant_get_int32 (param);
  gint64 unit = g_str_equal (name, "timeline.step-seconds") ? GST_SECOND : _rushes_timeline_view_frame_duration (self);

  rushes_timeline_view_set_position (self, self->position + n * unit);
}

static void
home_end_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project)
    rushes_timeline_view_set_position (self, g_str_equal (name, "timeline.home") ? 0
                                       : rushes_project_get_duration (self->project));
}

/* The main track as a sequence: swap the current clip with its neighbour */
static void
move_clip_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  int delta = g_variant_get_int32 (param);
  guint index, n;

  if (clip == NULL || !rushes_project_find_clip (self->project, clip, &index))
    return;
  n = rushes_project_get_n_clips (self->project);
  if ((delta < 0 && index == 0) || (delta > 0 && index + 1 >= n))
    return;
  rushes_project_move_clip (self->project, index, index + delta);
}

/* Alt+Left/Right: a frame; Shift+Alt: a second. Alt+Up/Down: the
 * track above or below of the same kind, at the same time. */
static void
nudge_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int n = g_variant_get_int32 (param);
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *clip;
  guint track;
  gint64 start;

  clip = _rushes_timeline_view_current_clip (self, &track);
  if (clip == NULL)
    return;
  start = rushes_timeline_clip_get_start (clip);
  if (g_str_equal (name, "timeline.move-to-track"))
    {
      guint to = _rushes_timeline_view_next_track (self, track, n < 0 ? -1 : 1, TRUE);

      if (to == G_MAXUINT)
        return;
      track = to;
    }
  else
    start = MAX (start + n * (g_str_equal (name, "timeline.nudge-seconds") ? GST_SECOND
                              : _rushes_timeline_view_frame_duration (self)), 0);
  rushes_project_move_clip_to (self->project, clip, track, start, &error);
  if (_rushes_timeline_view_check_edit (self, error))
    rushes_timeline_view_set_selected_clip (self, clip);
}

/* [ and ]: the current clip's start or end to the playhead (no ripple) */
static void
trim_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  g_autoptr(GError) error = NULL;
  gint64 start, offset, in, out;

  if (clip == NULL)
    return;
  start = rushes_timeline_clip_get_start (clip);
  offset = self->position - start;
  in = rushes_timeline_clip_get_in_point (clip);
  out = rushes_timeline_clip_get_out_point (clip);
  if (offset <= 0 || offset >= out - in)
    return;
  if (g_str_equal (name, "timeline.trim-start"))
    rushes_project_trim_clip_to (self->project, clip, start + offset, in + offset, out, &error);
  else
    rushes_project_trim_clip_to (self->project, clip, start, in, in + offset, &error);
  _rushes_timeline_view_check_edit (self, error);
}

/* Up/Down: the previous or next clip on the current track */
static void
select_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int delta = g_variant_get_int32 (param);
  guint track_index = self->current_track, index, n;
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, &track_index);
  RushesTimelineTrack *track;

  if (self->project == NULL || (track = rushes_project_get_track (self->project, track_index)) == NULL ||
      (n = rushes_timeline_track_get_n_clips (track)) == 0)
    return;
  if (clip == NULL || !rushes_timeline_track_find_clip (track, clip, &index))
    {
      /* the first clip after the playhead (or the last before it) */
      for (index = 0; index < n; index++)
        if (rushes_timeline_clip_get_start (rushes_timeline_track_get_clip (track, index)) >= self->position)
          break;
      index = delta > 0 ? MIN (index, n - 1) : (index > 0 ? index - 1 : 0);
    }
  else if (delta < 0)
    index = index > 0 ? index - 1 : 0;
  else
    index = MIN (index + 1, n - 1);
  clip = rushes_timeline_track_get_clip (track, index);
  rushes_timeline_view_set_selected_clip (self, clip);
  rushes_timeline_view_set_position (self, rushes_timeline_clip_get_start (clip));
}

/* Page Up/Down: the track above or below; its clip under the playhead is selected */
static void
select_track_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  guint to;

  if (self->project == NULL)
    return;
  to = _rushes_timeline_view_next_track (self, self->current_track, g_variant_get_int32 (param) < 0 ? -1 : 1, FALSE);
  if (to == G_MAXUINT)
    return;
  rushes_timeline_view_set_selected_clip (self, rushes_timeline_track_get_clip_at (rushes_project_get_track (self->project, to),
                                                                                  self->position));
  _rushes_timeline_view_set_current_track (self, to);
}

/* Enter: the clip's inspector when there is one; an offline clip's file */
static void
activate_clip_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);

  if (clip == NULL)
    return;
  rushes_timeline_view_set_selected_clip (self, clip);
  if (rushes_timeline_clip_get_offline (clip) ||
      !gtk_widget_activate_action (widget, "timeline.inspect-clip", NULL))
    gtk_widget_activate_action (widget, "timeline.relink", NULL);
}

static void
relink_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         data)
{
  RushesTimelineView *self = data;
  RushesTimelineClip *clip = g_object_get_data (G_OBJECT (chooser), "clip");
  guint index;

  if (response == GTK_RESPONSE_ACCEPT && self->project &&
      rushes_project_find_clip (self->project, clip, &index))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(RushesTimelineClip) probe = NULL;
      g_autoptr(GError) error = NULL;

      /* only a readable video replaces the missing one */
      if (path && (probe = rushes_timeline_clip_new_for_file (path, &error)) != NULL)
        rushes_project_relink_clip (self->project, index, rushes_timeline_clip_get_path (probe));
      else if (error)
        g_signal_emit (self, _rushes_timeline_view_signals[ADD_FAILED], 0, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* Points a clip (offline or not) at another file */
static void
relink_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;

  if (clip == NULL || rushes_timeline_clip_get_pending (clip) || rushes_timeline_clip_get_is_title (clip))
    return;
  title = g_strdup_printf (_("Find “%s”"), rushes_timeline_clip_get_name (clip));
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Relink"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "clip", g_object_ref (clip), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (relink_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->timeline == NULL)
    return;
  if (rushes_timeline_get_playing (self->timeline))
    rushes_timeline_pause (self->timeline);
  else
    rushes_timeline_play (self->timeline);
}

/* Undo and redo: GActions, not widget actions, so that their "enabled"
 * can be bound to the undo stack and the window can share them. */
static void
history_activate_cb (GSimpleAction      *action,
                     GVariant           *param,
                     RushesTimelineView *self)
{
  if (self->project == NULL)
    return;
  if (g_str_equal (g_action_get_name (G_ACTION (action)), "undo"))
    rushes_project_undo (self->project);
  else
    rushes_project_redo (self->project);
}

static void
add_history_action (RushesTimelineView *self,
                    const char         *name,
                    const char         *stack_property)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

  /* no project, no history */
  g_simple_action_set_enabled (action, FALSE);
  g_signal_connect_object (action, "activate", G_CALLBACK (history_activate_cb), self, 0);
  g_binding_group_bind (self->history_bindings, stack_property, action, "enabled", G_BINDING_SYNC_CREATE);
  g_action_map_add_action (G_ACTION_MAP (self->history), G_ACTION (action));
}

GActionGroup *
rushes_timeline_view_get_history_actions (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->history;
}

/* The source of the bindings is the project's undo stack (set with the
 * project); "timeline" shares its prefix with the class actions. */
void
_rushes_timeline_view_init_actions (RushesTimelineView *self)
{
  self->history = G_ACTION_GROUP (g_simple_action_group_new ());
  self->history_bindings = g_binding_group_new ();
  add_history_action (self, "undo", "can-undo");
  add_history_action (self, "redo", "can-redo");
  gtk_widget_insert_action_group (GTK_WIDGET (self), "timeline", self->history);
}

void
_rushes_timeline_view_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "timeline.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "timeline.ripple-delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.step-seconds", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.home", NULL, home_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.end", NULL, home_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.move-clip", "i", move_clip_action);
  gtk_widget_class_install_action (widget_class, "timeline.nudge", "i", nudge_action);
  gtk_widget_class_install_action (widget_class, "timeline.nudge-seconds", "i", nudge_action);
  gtk_widget_class_install_action (widget_class, "timeline.move-to-track", "i", nudge_action);
  gtk_widget_class_install_action (widget_class, "timeline.trim-start", NULL, trim_action);
  gtk_widget_class_install_action (widget_class, "timeline.trim-end", NULL, trim_action);
  gtk_widget_class_install_action (widget_class, "timeline.select", "i", select_action);
  gtk_widget_class_install_action (widget_class, "timeline.select-track", "i", select_track_action);
  gtk_widget_class_install_action (widget_class, "timeline.activate-clip", NULL, activate_clip_action);
  gtk_widget_class_install_action (widget_class, "timeline.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "timeline.relink", NULL, relink_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "timeline.split", NULL);
  /* menus show the last key bound to an action: the main one goes last */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, GDK_SHIFT_MASK, "timeline.ripple-delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_SHIFT_MASK, "timeline.ripple-delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "timeline.step-seconds", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "timeline.step-seconds", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "timeline.nudge", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "timeline.nudge", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK | GDK_SHIFT_MASK, "timeline.nudge-seconds", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK | GDK_SHIFT_MASK, "timeline.nudge-seconds", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "timeline.move-to-track", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "timeline.move-to-track", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "timeline.select-track", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "timeline.select-track", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "timeline.trim-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "timeline.trim-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "timeline.select", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "timeline.select", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.activate-clip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "timeline.activate-clip", NULL);
}
