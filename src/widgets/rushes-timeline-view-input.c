/* rushes-timeline-view-input.c: the timeline view's pointer gestures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A press moves the playhead or grabs a clip: dragging its middle moves
 * it, its edges trim it (ripple); a click selects it (and offers to find
 * an offline clip's file). Ctrl+scroll zooms; the cursor and the tooltip
 * say what is under the pointer.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               RushesTimelineView *self)
{
  guint index;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->drag_dx = 0;
  self->drag_moved = FALSE;
  self->drag_mode = DRAG_PLAYHEAD;
  index = y >= CLIP_Y ? _rushes_timeline_view_clip_at_x (self, x) : G_MAXUINT;
  if (index != G_MAXUINT)
    {
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index + 1));

      self->drag_clip = index;
      if (x - x0 <= EDGE && x1 - x0 > 3 * EDGE)
        self->drag_mode = DRAG_TRIM_IN;
      else if (x1 - x <= EDGE && x1 - x0 > 3 * EDGE)
        self->drag_mode = DRAG_TRIM_OUT;
      else
        self->drag_mode = DRAG_MOVE;
    }
  else if (x > PAD && y >= CLIP_Y)
    {
      /* just past the last clip's right edge: trimming its end */
      guint n = self->project ? rushes_project_get_n_clips (self->project) : 0;

      if (n > 0 && x - rushes_timeline_view_time_to_x (self, rushes_project_get_duration (self->project)) <= EDGE)
        {
          self->drag_clip = n - 1;
          self->drag_mode = DRAG_TRIM_OUT;
        }
    }
  if (self->drag_mode == DRAG_PLAYHEAD)
    rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, x));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                RushesTimelineView *self)
{
  self->drag_dx = dx;
  if (fabs (dx) > DRAG_SLOP)
    self->drag_moved = TRUE;
  if (self->drag_mode == DRAG_PLAYHEAD)
    rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x + dx));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             RushesTimelineView *self)
{
  DragMode mode = self->drag_mode;
  RushesTimelineClip *clip;
  gint64 delta = _rushes_timeline_view_snap (self, (gint64) (dx / self->zoom * GST_SECOND));
  gint64 in, out, media, frame;

  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (mode == DRAG_PLAYHEAD || mode == DRAG_NONE || self->project == NULL ||
      self->drag_clip >= rushes_project_get_n_clips (self->project))
    return;

  clip = rushes_project_get_clip (self->project, self->drag_clip);
  in = rushes_timeline_clip_get_in_point (clip);
  out = rushes_timeline_clip_get_out_point (clip);
  media = rushes_timeline_clip_get_media_duration (clip);
  frame = _rushes_timeline_view_frame_duration (self);

  switch (mode)
    {
    case DRAG_MOVE:
      if (self->drag_moved)
        {
          guint to = rushes_timeline_view_drop_index_at (self, self->drag_x + dx);

          /* dropping after itself means one slot earlier once it is taken out */
          if (to > self->drag_clip)
            to--;
          rushes_project_move_clip (self->project, self->drag_clip, to);
          rushes_timeline_view_set_selected (self, to);
        }
      else
        {
          rushes_timeline_view_set_selected (self, self->drag_clip);
          rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x));
          /* a click on an offline clip offers to find its file */
          if (rushes_timeline_clip_get_offline (clip))
            gtk_widget_activate_action (GTK_WIDGET (self), "timeline.relink", NULL);
        }
      break;
    case DRAG_TRIM_IN:
      if (self->drag_moved)
        rushes_project_trim_clip (self->project, self->drag_clip, CLAMP (in + delta, 0, out - frame), out);
      break;
    case DRAG_TRIM_OUT:
      if (self->drag_moved)
        rushes_project_trim_clip (self->project, self->drag_clip, in,
                                  CLAMP (out + delta, in + frame, media > 0 ? media : out + delta));
      break;
    case DRAG_NONE:
    case DRAG_PLAYHEAD:
    default:
      break;
    }
}

static gboolean
query_tooltip_cb (RushesTimelineView *self,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip)
{
  RushesTimelineClip *clip;
  g_autofree char *text = NULL;
  guint index;

  if (self->project == NULL || rushes_project_get_n_clips (self->project) == 0)
    {
      gtk_tooltip_set_text (tooltip, _("Drag takes here from the library or the job list"));
      return TRUE;
    }
  index = keyboard ? _rushes_timeline_view_current_clip (self) : (y >= CLIP_Y ? _rushes_timeline_view_clip_at_x (self, x) : G_MAXUINT);
  if (index == G_MAXUINT)
    return FALSE;
  clip = rushes_project_get_clip (self->project, index);
  if (rushes_timeline_clip_get_pending (clip))
    text = g_strdup_printf (_("%s\nBeing generated (%d%%)"), rushes_timeline_clip_get_name (clip),
                            (int) (rushes_timeline_clip_get_progress (clip) * 100));
  else
    text = g_strdup_printf (_("%s\n%.2f s to %.2f s of the take (%.2f s)%s"),
                            rushes_timeline_clip_get_name (clip),
                            rushes_timeline_clip_get_in_point (clip) / 1e9,
                            rushes_timeline_clip_get_out_point (clip) / 1e9,
                            rushes_timeline_clip_get_duration (clip) / 1e9,
                            rushes_timeline_clip_get_offline (clip)
                            ? _("\nOffline: click to find the file") : "");
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RushesTimelineView       *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  rushes_timeline_view_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           RushesTimelineView       *self)
{
  const char *cursor = NULL;
  guint index = y >= CLIP_Y ? _rushes_timeline_view_clip_at_x (self, x) : G_MAXUINT;

  if (index != G_MAXUINT)
    {
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index + 1));

      cursor = (x - x0 <= EDGE || x1 - x <= EDGE) ? "col-resize" : "grab";
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

void
_rushes_timeline_view_init_input (RushesTimelineView *self)
{
  GtkGesture *drag;
  GtkEventController *controller;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
