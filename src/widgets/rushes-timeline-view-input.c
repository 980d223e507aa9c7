/* rushes-timeline-view-input.c: the timeline view's pointer gestures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A press on the ruler or an empty place moves the playhead; on a header
 * it picks the track, toggles mute or lock, and a double-click renames
 * it. On a clip: dragging its middle moves it (along its track or onto
 * another of its kind), its edges trim it, the handles on its top corners
 * set its fades; moving edges snap to other clips' edges, the playhead
 * and 0 within SNAP_PX, else to whole frames. A click selects a clip (and
 * offers to find an offline clip's file), a double-click asks for its
 * inspector ("timeline.inspect-clip"). Right-click: the context menu.
 * Ctrl+scroll zooms; the cursor and the tooltip say what is under the
 * pointer.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"

#define DOUBLE_CLICK_US (400 * G_TIME_SPAN_MILLISECOND)

/* What a press at (x, y) on track grabs: a fade handle or an edge of any
 * clip first (so that both edges inside a crossfade can be reached),
 * else the top clip under it. */
static RushesTimelineClip *
hit_clip (RushesTimelineView *self,
          guint               track_index,
          double              x,
          double              y,
          DragMode           *mode)
{
  RushesTimelineTrack *track = rushes_project_get_track (self->project, track_index);
  guint n = rushes_timeline_track_get_n_clips (track);
  RushesTimelineRow row;

  if (!_rushes_timeline_view_track_row (self, track_index, &row))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);
      RushesClipBox box;
      double width;

      _rushes_timeline_view_clip_box (self, clip, &row, &box);
      width = box.x1 - box.x0;
      if (x < box.x0 || x > box.x1)
        continue;
      if (y <= row.y + FADE_HANDLE + 2 && width > 3 * FADE_HANDLE && !rushes_timeline_clip_get_pending (clip))
        {
          double hi = MIN (box.x0 + MAX ((double) box.fade_in / GST_SECOND * self->zoom, FADE_HANDLE / 2), box.x1 - FADE_HANDLE / 2);
          double ho = MAX (box.x1 - MAX ((double) box.fade_out / GST_SECOND * self->zoom, FADE_HANDLE / 2), box.x0 + FADE_HANDLE / 2);

          if (fabs (x - hi) <= FADE_HANDLE / 2 + 1)
            {
              *mode = DRAG_FADE_IN;
              return clip;
            }
          if (fabs (x - ho) <= FADE_HANDLE / 2 + 1)
            {
              *mode = DRAG_FADE_OUT;
              return clip;
            }
        }
      if (width > 3 * EDGE && x - box.x0 <= EDGE)
        {
          *mode = DRAG_TRIM_IN;
          return clip;
        }
      if (width > 3 * EDGE && box.x1 - x <= EDGE)
        {
          *mode = DRAG_TRIM_OUT;
          return clip;
        }
    }
  *mode = DRAG_MOVE;
  return rushes_timeline_track_get_clip_at (track, (gint64) ((x - HEADER_W - PAD) / self->zoom * GST_SECOND));
}

/* The shift that brings one of edges onto another clip's edge, the
 * playhead or 0, if one is within SNAP_PX; else the shift to whole frames
 * of edges[0]. Sets snap_time to what it snapped to (-1: frames). */
static gint64
snap_edges (RushesTimelineView *self,
            const gint64       *edges,
            guint               n_edges)
{
  RushesTimelineClip *partner = rushes_project_get_linked_clip (self->project, self->drag_clip);
  gint64 best = G_MAXINT64, limit = (gint64) (SNAP_PX / self->zoom * GST_SECOND);
  gint64 target = -1;
  gint64 fixed[2] = { 0, self->position };

  for (guint t = 0; t < rushes_project_get_n_tracks (self->project); t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self->project, t);
      guint n = rushes_timeline_track_get_n_clips (track);

      for (guint i = 0; i < n + (t == 0 ? 1 : 0); i++)
        for (guint k = 0; k < 2; k++)
          {
            RushesTimelineClip *clip = i < n ? rushes_timeline_track_get_clip (track, i) : NULL;
            gint64 c;

            if (clip == self->drag_clip || (clip && clip == partner))
              continue;
            c = clip ? (k == 0 ? rushes_timeline_clip_get_start (clip) : rushes_timeline_clip_get_end (clip)) : fixed[k];
            for (guint e = 0; e < n_edges; e++)
              if (ABS (c - edges[e]) < ABS (best))
                {
                  best = c - edges[e];
                  target = c;
                }
          }
    }
  if (ABS (best) <= limit)
    {
      self->snap_time = target;
      return best;
    }
  self->snap_time = -1;
  return _rushes_timeline_view_snap (self, edges[0]) - edges[0];
}

/* What the drag would do now: live_* (drawn, and applied at the end) */
static void
compute_live (RushesTimelineView *self)
{
  RushesTimelineClip *clip = self->drag_clip;
  gint64 start = rushes_timeline_clip_get_start (clip);
  gint64 in = rushes_timeline_clip_get_in_point (clip), out = rushes_timeline_clip_get_out_point (clip);
  gint64 duration = out - in, media = rushes_timeline_clip_get_media_duration (clip);
  gint64 fade_in = rushes_timeline_clip_get_fade_in (clip), fade_out = rushes_timeline_clip_get_fade_out (clip);
  gint64 frame = _rushes_timeline_view_frame_duration (self);
  gint64 dt = (gint64) (self->drag_dx / self->zoom * GST_SECOND);
  gint64 edges[2];
  guint track;

  self->live_track = self->drag_track;
  self->live_start = start;
  self->live_in = in;
  self->live_out = out;
  self->live_fade_in = fade_in;
  self->live_fade_out = fade_out;
  self->snap_time = -1;

  switch (self->drag_mode)
    {
    case DRAG_MOVE:
      track = _rushes_timeline_view_track_at_y (self, self->drag_y + self->drag_dy);
      if (track != G_MAXUINT &&
          rushes_timeline_track_get_kind (rushes_project_get_track (self->project, track)) ==
          rushes_timeline_track_get_kind (rushes_project_get_track (self->project, self->drag_track)))
        self->live_track = track;
      edges[0] = start + dt;
      edges[1] = start + dt + duration;
      self->live_start = MAX (edges[0] + snap_edges (self, edges, 2), 0);
      break;
    case DRAG_TRIM_IN:
      edges[0] = start + dt;
      edges[0] += snap_edges (self, edges, 1);
      self->live_start = CLAMP (edges[0], MAX (start - in, 0), start + duration - frame);
      self->live_in = in + (self->live_start - start);
      break;
    case DRAG_TRIM_OUT:
      edges[0] = start + duration + dt;
      edges[0] += snap_edges (self, edges, 1);
      edges[0] = MAX (edges[0], start + frame);
      if (media > 0)
        edges[0] = MIN (edges[0], start + media - in);
      self->live_out = in + (edges[0] - start);
      break;
    case DRAG_FADE_IN:
      self->live_fade_in = CLAMP (_rushes_timeline_view_snap (self, fade_in + dt), 0, duration - fade_out);
      break;
    case DRAG_FADE_OUT:
      self->live_fade_out = CLAMP (_rushes_timeline_view_snap (self, fade_out - dt), 0, duration - fade_in);
      break;
    case DRAG_NONE:
    case DRAG_PLAYHEAD:
    default:
      break;
    }
}

static gboolean
track_locked (RushesTimelineView *self,
              guint               track)
{
  RushesTimelineTrack *t = rushes_project_get_track (self->project, track);

  return t && rushes_timeline_track_get_locked (t);
}

/* A press on a header: pick the track, toggle its buttons, rename on a double-click */
static void
header_press (RushesTimelineView *self,
              double              x,
              double              y,
              gboolean            double_click)
{
  guint track = _rushes_timeline_view_track_at_y (self, y);
  RushesTimelineTrack *t;
  RushesTimelineRow row;
  graphene_rect_t b;

  if (track == G_MAXUINT || !_rushes_timeline_view_track_row (self, track, &row))
    return;
  t = rushes_project_get_track (self->project, track);
  _rushes_timeline_view_set_current_track (self, track);
  _rushes_timeline_view_header_button (self, &row, 0, &b);
  if (graphene_rect_contains_point (&b, &GRAPHENE_POINT_INIT (x, y)))
    {
      rushes_project_set_track_muted (self->project, track, !rushes_timeline_track_get_muted (t));
      return;
    }
  _rushes_timeline_view_header_button (self, &row, 1, &b);
  if (graphene_rect_contains_point (&b, &GRAPHENE_POINT_INIT (x, y)))
    {
      rushes_project_set_track_locked (self->project, track, !rushes_timeline_track_get_locked (t));
      return;
    }
  if (double_click)
    _rushes_timeline_view_start_rename (self, track);
}

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               RushesTimelineView *self)
{
  gint64 now = g_get_monotonic_time ();
  gboolean double_click = now - self->last_press_time < DOUBLE_CLICK_US &&
                          fabs (x - self->last_press_x) < DRAG_SLOP && fabs (y - self->last_press_y) < DRAG_SLOP;
  RushesTimelineClip *clip = NULL;
  DragMode mode = DRAG_PLAYHEAD;
  guint track;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->last_press_time = double_click ? 0 : now;
  self->last_press_x = x;
  self->last_press_y = y;
  self->drag_x = x;
  self->drag_y = y;
  self->drag_dx = self->drag_dy = 0;
  self->drag_moved = FALSE;
  self->drag_mode = DRAG_NONE;
  g_clear_object (&self->drag_clip);
  if (self->project == NULL)
    return;

  if (y >= RULER_H && x < _rushes_timeline_view_header_x (self) + HEADER_W)
    {
      header_press (self, x, y, double_click);
      return;
    }
  track = y >= RULER_H ? _rushes_timeline_view_track_at_y (self, y) : G_MAXUINT;
  if (track != G_MAXUINT)
    {
      _rushes_timeline_view_set_current_track (self, track);
      clip = hit_clip (self, track, x, y, &mode);
    }
  if (clip && double_click)
    {
      rushes_timeline_view_set_selected_clip (self, clip);
      if (rushes_timeline_clip_get_offline (clip))
        gtk_widget_activate_action (GTK_WIDGET (self), "timeline.relink", NULL);
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "timeline.inspect-clip", NULL);
      return;
    }
  if (clip)
    {
      self->drag_clip = g_object_ref (clip);
      self->drag_track = track;
      /* a locked track's clips can be selected, not changed */
      self->drag_mode = track_locked (self, track) ? DRAG_MOVE : mode;
      compute_live (self);
      return;
    }
  self->drag_mode = DRAG_PLAYHEAD;
  if (track != G_MAXUINT)
    rushes_timeline_view_set_selected_clip (self, NULL);
  rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, x));
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                RushesTimelineView *self)
{
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->drag_mode == DRAG_PLAYHEAD)
    {
      rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x + dx));
      return;
    }
  if (self->drag_clip == NULL)
    return;
  if (fabs (dx) > DRAG_SLOP || (self->drag_mode == DRAG_MOVE && fabs (dy) > DRAG_SLOP))
    self->drag_moved = !track_locked (self, self->drag_track);
  compute_live (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             RushesTimelineView *self)
{
  g_autoptr(RushesTimelineClip) clip = NULL;
  g_autoptr(GError) error = NULL;
  DragMode mode = self->drag_mode;
  gboolean ok = TRUE;

  /* what the drag does, from where it ended */
  self->drag_dx = dx;
  self->drag_dy = dy;
  if (self->drag_clip && self->project && self->drag_moved)
    compute_live (self);
  clip = g_steal_pointer (&self->drag_clip);
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (clip == NULL || self->project == NULL || !rushes_project_locate_clip (self->project, clip, NULL, NULL))
    return;

  if (!self->drag_moved)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self->project, self->drag_track);

      if (track_locked (self, self->drag_track) && (fabs (dx) > DRAG_SLOP || fabs (dy) > DRAG_SLOP))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is locked: unlock the track to change its clips"),
                                                      rushes_timeline_track_get_name (track));

          _rushes_timeline_view_show_status (self, message);
          return;
        }
      rushes_timeline_view_set_selected_clip (self, clip);
      rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x));
      /* a click on an offline clip offers to find its file */
      if (rushes_timeline_clip_get_offline (clip))
        gtk_widget_activate_action (GTK_WIDGET (self), "timeline.relink", NULL);
      return;
    }

  switch (mode)
    {
    case DRAG_MOVE:
      ok = rushes_project_move_clip_to (self->project, clip, self->live_track, self->live_start, &error);
      break;
    case DRAG_TRIM_IN:
    case DRAG_TRIM_OUT:
      ok = rushes_project_trim_clip_to (self->project, clip, self->live_start, self->live_in, self->live_out, &error);
      break;
    case DRAG_FADE_IN:
    case DRAG_FADE_OUT:
      rushes_project_set_clip_fades (self->project, clip, self->live_fade_in, self->live_fade_out);
      break;
    case DRAG_NONE:
    case DRAG_PLAYHEAD:
    default:
      break;
    }
  if (!ok)
    _rushes_timeline_view_show_status (self, error->message);
  rushes_timeline_view_set_selected_clip (self, clip);
}

static void
secondary_pressed_cb (GtkGestureClick    *gesture,
                      int                 n_press,
                      double              x,
                      double              y,
                      RushesTimelineView *self)
{
  RushesTimelineClip *clip;
  guint track = G_MAXUINT;

  if (self->project == NULL)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  clip = _rushes_timeline_view_clip_at (self, x, y, &track);
  if (clip)
    rushes_timeline_view_set_selected_clip (self, clip);
  else if ((track = _rushes_timeline_view_track_at_y (self, y)) != G_MAXUINT)
    _rushes_timeline_view_set_current_track (self, track);
  _rushes_timeline_view_popup_menu (self, x, y);
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

  if (self->project == NULL || rushes_project_get_duration (self->project) == 0)
    {
      gtk_tooltip_set_text (tooltip, _("Drag takes here from the library or the job list"));
      return TRUE;
    }
  if (!keyboard && y >= RULER_H && x < _rushes_timeline_view_header_x (self) + HEADER_W)
    {
      gtk_tooltip_set_text (tooltip, _("Double-click or F2 to rename the track; the buttons mute and lock it; "
                                       "right-click or Menu for more"));
      return TRUE;
    }
  clip = keyboard ? _rushes_timeline_view_current_clip (self, NULL) : _rushes_timeline_view_clip_at (self, x, y, NULL);
  if (clip == NULL)
    return FALSE;
  if (rushes_timeline_clip_get_pending (clip))
    text = g_strdup_printf (_("%s\nBeing generated (%d%%)"), rushes_timeline_clip_get_name (clip),
                            (int) (rushes_timeline_clip_get_progress (clip) * 100));
  else
    text = g_strdup_printf (_("%s\nAt %.2f s: %.2f s to %.2f s of the take (%.2f s)%s"),
                            rushes_timeline_clip_get_name (clip),
                            rushes_timeline_clip_get_start (clip) / 1e9,
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
  guint track = self->project && y >= RULER_H ? _rushes_timeline_view_track_at_y (self, y) : G_MAXUINT;
  DragMode mode = DRAG_NONE;

  if (track != G_MAXUINT && x >= _rushes_timeline_view_header_x (self) + HEADER_W &&
      !track_locked (self, track) && hit_clip (self, track, x, y, &mode))
    cursor = mode == DRAG_TRIM_IN || mode == DRAG_TRIM_OUT ? "col-resize"
             : mode == DRAG_MOVE ? "grab" : "pointer";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

void
_rushes_timeline_view_init_input (RushesTimelineView *self)
{
  GtkGesture *gesture;
  GtkEventController *controller;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  /* GTK 4.8's tooltip timeout can fire for a window that has just lost its
   * surface (closed under the pointer) and logs a critical
   * (gdk_surface_get_device_position); later GTK keeps a weak reference
   * to the native. The tooltips are a help, not a way in: off there. */
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), GTK_CHECK_VERSION (4, 10, 0));
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
