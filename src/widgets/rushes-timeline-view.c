/* rushes-timeline-view.c: the timeline strip (clips, playhead, edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class: its properties, the project (and preview) it shows and
 * follows, geometry (rows of tracks), the selection, status messages and
 * what screen readers say. Drawing, actions, pointer input and drops are
 * in rushes-timeline-view-{draw,clip,actions,tracks,input,dnd}.c (see
 * rushes-timeline-view-private.h).
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"

G_DEFINE_FINAL_TYPE (RushesTimelineView, rushes_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_TIMELINE,
  PROP_POSITION,
  PROP_ZOOM,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];
guint _rushes_timeline_view_signals[N_SIGNALS];

gint64
_rushes_timeline_view_frame_duration (RushesTimelineView *self)
{
  guint n = 25, d = 1;

  if (self->project)
    rushes_project_get_format (self->project, NULL, NULL, &n, &d);
  return gst_util_uint64_scale (GST_SECOND, d, MAX (n, 1));
}

/* Edits from the pointer land on whole frames of the project's rate */
gint64
_rushes_timeline_view_snap (RushesTimelineView *self,
                            gint64              t)
{
  gint64 frame = _rushes_timeline_view_frame_duration (self);

  if (frame <= 0)
    return t;
  return (t >= 0 ? t + frame / 2 : t - frame / 2) / frame * frame;
}

/* Geometry */

double
rushes_timeline_view_time_to_x (RushesTimelineView *self,
                                gint64              time)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);
  return HEADER_W + PAD + (double) time / GST_SECOND * self->zoom;
}

gint64
rushes_timeline_view_x_to_time (RushesTimelineView *self,
                                double              x)
{
  gint64 t, duration;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);

  duration = self->project ? rushes_project_get_duration (self->project) : 0;
  t = (gint64) ((x - HEADER_W - PAD) / self->zoom * GST_SECOND);
  return CLAMP (t, 0, duration);
}

/* The headers stay at the left edge of what the scrolled window shows */
double
_rushes_timeline_view_header_x (RushesTimelineView *self)
{
  return self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
}

/* Rows, top to bottom: the video tracks from the top one down, then the
 * audio tracks in order. Recomputed on each use: a handful of tracks. */
GArray *
_rushes_timeline_view_rows (RushesTimelineView *self)
{
  guint n = self->project ? rushes_project_get_n_tracks (self->project) : 0;
  double y = RULER_H + ROW_GAP;
  gboolean any_video = FALSE, divided = FALSE;

  g_array_set_size (self->rows, 0);
  for (guint pass = 0; pass < 2; pass++)
    for (guint k = 0; k < n; k++)
      {
        guint i = pass == 0 ? n - 1 - k : k;
        RushesTrackKind kind = rushes_timeline_track_get_kind (rushes_project_get_track (self->project, i));
        RushesTimelineRow row;

        if ((pass == 0) != (kind == RUSHES_TRACK_VIDEO))
          continue;
        if (pass == 1 && any_video && !divided)
          {
            y += DIVIDER_H;
            divided = TRUE;
          }
        any_video |= kind == RUSHES_TRACK_VIDEO;
        row.track = i;
        row.y = y;
        row.h = kind == RUSHES_TRACK_VIDEO ? VIDEO_ROW_H : AUDIO_ROW_H;
        g_array_append_val (self->rows, row);
        y += row.h + ROW_GAP;
      }
  return self->rows;
}

gboolean
_rushes_timeline_view_track_row (RushesTimelineView *self,
                                 guint               track,
                                 RushesTimelineRow  *row)
{
  GArray *rows = _rushes_timeline_view_rows (self);

  for (guint i = 0; i < rows->len; i++)
    if (g_array_index (rows, RushesTimelineRow, i).track == track)
      {
        *row = g_array_index (rows, RushesTimelineRow, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
rushes_timeline_view_get_track_area (RushesTimelineView *self,
                                     guint               track,
                                     double             *y,
                                     double             *height)
{
  RushesTimelineRow row;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), FALSE);

  if (!_rushes_timeline_view_track_row (self, track, &row))
    return FALSE;
  if (y)
    *y = row.y;
  if (height)
    *height = row.h;
  return TRUE;
}

/* The track whose row holds y (the gaps between rows count as the row above) */
guint
_rushes_timeline_view_track_at_y (RushesTimelineView *self,
                                  double              y)
{
  GArray *rows = _rushes_timeline_view_rows (self);

  for (guint i = 0; i < rows->len; i++)
    {
      RushesTimelineRow *row = &g_array_index (rows, RushesTimelineRow, i);

      if (y >= row->y && y < row->y + row->h + ROW_GAP)
        return row->track;
    }
  return G_MAXUINT;
}

/* The track next to track in the view (direction < 0: above), of the
 * same kind if asked; G_MAXUINT when there is none */
guint
_rushes_timeline_view_next_track (RushesTimelineView *self,
                                  guint               track,
                                  int                 direction,
                                  gboolean            same_kind)
{
  GArray *rows = _rushes_timeline_view_rows (self);
  RushesTimelineTrack *from = rushes_project_get_track (self->project, track);
  int i;

  for (i = 0; i < (int) rows->len; i++)
    if (g_array_index (rows, RushesTimelineRow, i).track == track)
      break;
  if (from == NULL || i == (int) rows->len)
    return G_MAXUINT;
  for (i += direction; i >= 0 && i < (int) rows->len; i += direction)
    {
      guint t = g_array_index (rows, RushesTimelineRow, i).track;

      if (!same_kind || rushes_timeline_track_get_kind (rushes_project_get_track (self->project, t))
                        == rushes_timeline_track_get_kind (from))
        return t;
    }
  return G_MAXUINT;
}

guint
rushes_timeline_view_drop_index_at (RushesTimelineView *self,
                                    double              x)
{
  guint n;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);

  if (self->project == NULL)
    return 0;
  n = rushes_project_get_n_clips (self->project);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (self->project, i);
      double x0 = rushes_timeline_view_time_to_x (self, rushes_timeline_clip_get_start (clip));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_timeline_clip_get_end (clip));

      if (x < (x0 + x1) / 2)
        return i;
    }
  return n;
}

/* The clip under (x, y) and its track: the later one inside a crossfade */
RushesTimelineClip *
_rushes_timeline_view_clip_at (RushesTimelineView *self,
                               double              x,
                               double              y,
                               guint              *track_index)
{
  gint64 t = (gint64) ((x - HEADER_W - PAD) / self->zoom * GST_SECOND);
  guint track;

  if (self->project == NULL || t < 0 || x < _rushes_timeline_view_header_x (self) + HEADER_W)
    return NULL;
  track = _rushes_timeline_view_track_at_y (self, y);
  if (track == G_MAXUINT)
    return NULL;
  if (track_index)
    *track_index = track;
  return rushes_timeline_track_get_clip_at (rushes_project_get_track (self->project, track), t);
}

/* The clip keyboard edits apply to: the selection, else the one under
 * the playhead on the current track (or the main track) */
RushesTimelineClip *
_rushes_timeline_view_current_clip (RushesTimelineView *self,
                                    guint              *track_index)
{
  RushesTimelineTrack *track;
  RushesTimelineClip *clip;
  guint t;

  if (self->project == NULL)
    return NULL;
  if (self->selected && rushes_project_locate_clip (self->project, self->selected, &t, NULL))
    {
      if (track_index)
        *track_index = t;
      return self->selected;
    }
  t = self->current_track;
  track = rushes_project_get_track (self->project, t);
  if (track == NULL)
    track = rushes_project_get_track (self->project, t = 0);
  clip = track ? rushes_timeline_track_get_clip_at (track, self->position) : NULL;
  if (clip && track_index)
    *track_index = t;
  return clip;
}

guint
rushes_timeline_view_get_current_track (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);
  return self->current_track;
}

void
_rushes_timeline_view_set_current_track (RushesTimelineView *self,
                                         guint               track)
{
  if (self->project == NULL || track >= rushes_project_get_n_tracks (self->project))
    track = 0;
  if (self->current_track == track)
    return;
  self->current_track = track;
  _rushes_timeline_view_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Status: a refused edit says why, in the view for a few seconds and to
 * whoever shows messages (the window's toasts) */
static gboolean
status_timeout_cb (gpointer data)
{
  RushesTimelineView *self = data;

  self->status_id = 0;
  g_clear_pointer (&self->status, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

void
_rushes_timeline_view_show_status (RushesTimelineView *self,
                                   const char         *message)
{
  g_free (self->status);
  self->status = g_strdup (message);
  g_clear_handle_id (&self->status_id, g_source_remove);
  self->status_id = g_timeout_add_seconds (STATUS_SECONDS, status_timeout_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, _rushes_timeline_view_signals[MESSAGE], 0, message);
}

const char *
rushes_timeline_view_get_status (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->status;
}

/* Accessibility: what a screen reader says about the timeline */
void
_rushes_timeline_view_update_description (RushesTimelineView *self)
{
  g_autofree char *text = NULL;
  RushesTimelineTrack *track;
  RushesTimelineClip *clip;

  if (self->project == NULL || rushes_project_get_duration (self->project) == 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Timeline, empty. Drag takes here."), -1);
      return;
    }
  clip = _rushes_timeline_view_current_clip (self, NULL);
  track = rushes_project_get_track (self->project, self->current_track);
  text = g_strdup_printf (_("Timeline, %u tracks, %.1f s. Track %s%s%s. Playhead at %.1f s%s%s%s"),
                          rushes_project_get_n_tracks (self->project),
                          rushes_project_get_duration (self->project) / 1e9,
                          track ? rushes_timeline_track_get_name (track) : "",
                          track && rushes_timeline_track_get_muted (track) ? _(", muted") : "",
                          track && rushes_timeline_track_get_locked (track) ? _(", locked") : "",
                          self->position / 1e9,
                          clip ? _(", in ") : "",
                          clip ? rushes_timeline_clip_get_name (clip) : "",
                          clip && rushes_timeline_clip_get_offline (clip) ? _(" (offline: press Enter to find it)") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Project and timeline */

static void
clip_notify_cb (RushesTimelineView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Placeholders' progress, fill-in, offline: redraw (connected once per clip) */
static void
watch_clips (RushesTimelineView *self,
             gboolean            watch)
{
  for (guint t = 0; t < rushes_project_get_n_tracks (self->project); t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self->project, t);

      for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

          if (!watch)
            g_signal_handlers_disconnect_by_data (clip, self);
          else if (g_signal_handler_find (clip, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                          clip_notify_cb, self) == 0)
            g_signal_connect_object (clip, "notify", G_CALLBACK (clip_notify_cb), self, G_CONNECT_SWAPPED);
        }
    }
}

static void
project_changed_cb (RushesTimelineView *self)
{
  if (self->selected && !rushes_project_locate_clip (self->project, self->selected, NULL, NULL))
    rushes_timeline_view_set_selected_clip (self, NULL);
  if (self->current_track >= rushes_project_get_n_tracks (self->project))
    _rushes_timeline_view_set_current_track (self, rushes_project_get_n_tracks (self->project) - 1);
  if (self->position > rushes_project_get_duration (self->project))
    rushes_timeline_view_set_position (self, rushes_project_get_duration (self->project));
  watch_clips (self, TRUE);
  _rushes_timeline_view_update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
rushes_timeline_view_set_project (RushesTimelineView *self,
                                  RushesProject      *project)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));
  g_return_if_fail (!project || RUSHES_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      g_signal_handlers_disconnect_by_data (rushes_project_get_tracks (self->project), self);
      watch_clips (self, FALSE);
    }
  g_clear_object (&self->selected);
  g_set_object (&self->project, project);
  self->current_track = 0;
  if (project)
    {
      g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "items-changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (rushes_project_get_tracks (project), "items-changed",
                               G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      watch_clips (self, TRUE);
    }
  self->position = 0;
  g_binding_group_set_source (self->history_bindings, project ? rushes_project_get_undo_stack (project) : NULL);
  _rushes_timeline_view_update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

RushesProject *
rushes_timeline_view_get_project (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->project;
}

void
rushes_timeline_view_set_timeline (RushesTimelineView *self,
                                   RushesTimeline     *timeline)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  if (self->timeline == timeline)
    return;
  if (self->position_binding)
    g_binding_unbind (self->position_binding);
  self->position_binding = NULL;
  g_set_object (&self->timeline, timeline);
  if (timeline)
    {
      rushes_timeline_view_set_project (self, rushes_timeline_get_project (timeline));
      /* the playhead stays where the user put it: a preview made later
       * (GStreamer comes up after the window) starts there, not at 0 */
      self->position_binding = g_object_bind_property (self, "position", timeline, "position",
                                                       G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.play-pause", timeline != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

RushesTimeline *
rushes_timeline_view_get_timeline (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->timeline;
}

gint64
rushes_timeline_view_get_position (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);
  return self->position;
}

void
rushes_timeline_view_set_position (RushesTimelineView *self,
                                   gint64              position)
{
  gint64 duration;

  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  duration = self->project ? rushes_project_get_duration (self->project) : 0;
  if (position < duration)
    position = _rushes_timeline_view_snap (self, position);
  position = CLAMP (position, 0, duration);
  if (self->position == position)
    return;
  self->position = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _rushes_timeline_view_update_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
rushes_timeline_view_get_zoom (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), DEFAULT_ZOOM);
  return self->zoom;
}

void
rushes_timeline_view_set_zoom (RushesTimelineView *self,
                               double              zoom)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

guint
rushes_timeline_view_get_selected (RushesTimelineView *self)
{
  guint position;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), G_MAXUINT);

  if (self->selected && self->project && rushes_project_find_clip (self->project, self->selected, &position))
    return position;
  return G_MAXUINT;
}

void
rushes_timeline_view_set_selected (RushesTimelineView *self,
                                   guint               position)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  rushes_timeline_view_set_selected_clip (self, self->project && position < rushes_project_get_n_clips (self->project)
                                          ? rushes_project_get_clip (self->project, position) : NULL);
}

RushesTimelineClip *
rushes_timeline_view_get_selected_clip (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->selected;
}

void
rushes_timeline_view_set_selected_clip (RushesTimelineView *self,
                                        RushesTimelineClip *clip)
{
  guint track;

  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  if (clip && (self->project == NULL || !rushes_project_locate_clip (self->project, clip, &track, NULL)))
    clip = NULL;
  /* the clip may have moved to another track */
  if (clip)
    _rushes_timeline_view_set_current_track (self, track);
  if (self->selected == clip)
    return;
  g_set_object (&self->selected, clip);
  _rushes_timeline_view_update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* The headers follow the horizontal scrolling */
static void
rushes_timeline_view_map (GtkWidget *widget)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  GTK_WIDGET_CLASS (rushes_timeline_view_parent_class)->map (widget);
  if (scroller)
    {
      self->hadjustment = g_object_ref (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller)));
      g_signal_connect_object (self->hadjustment, "value-changed", G_CALLBACK (gtk_widget_queue_draw),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
rushes_timeline_view_unmap (GtkWidget *widget)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->hadjustment)
    g_signal_handlers_disconnect_by_data (self->hadjustment, self);
  g_clear_object (&self->hadjustment);
  GTK_WIDGET_CLASS (rushes_timeline_view_parent_class)->unmap (widget);
}

static void
rushes_timeline_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  _rushes_timeline_view_present_popovers (RUSHES_TIMELINE_VIEW (widget));
}

/* GObject */

static void
rushes_timeline_view_dispose (GObject *object)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  _rushes_timeline_view_dispose_tracks (self);
  g_clear_handle_id (&self->status_id, g_source_remove);
  g_clear_pointer (&self->status, g_free);
  g_clear_object (&self->drag_clip);
  rushes_timeline_view_set_timeline (self, NULL);
  rushes_timeline_view_set_project (self, NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filmstrips, g_hash_table_unref);
  g_clear_pointer (&self->waveforms, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_object (&self->history_bindings);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (rushes_timeline_view_parent_class)->dispose (object);
}

static void
rushes_timeline_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_TIMELINE: g_value_set_object (value, self->timeline); break;
    case PROP_POSITION: g_value_set_int64 (value, self->position); break;
    case PROP_ZOOM: g_value_set_double (value, self->zoom); break;
    case PROP_SELECTED: g_value_set_uint (value, rushes_timeline_view_get_selected (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: rushes_timeline_view_set_project (self, g_value_get_object (value)); break;
    case PROP_TIMELINE: rushes_timeline_view_set_timeline (self, g_value_get_object (value)); break;
    case PROP_POSITION: rushes_timeline_view_set_position (self, g_value_get_int64 (value)); break;
    case PROP_ZOOM: rushes_timeline_view_set_zoom (self, g_value_get_double (value)); break;
    case PROP_SELECTED: rushes_timeline_view_set_selected (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_view_class_init (RushesTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_timeline_view_dispose;
  object_class->get_property = rushes_timeline_view_get_property;
  object_class->set_property = rushes_timeline_view_set_property;
  widget_class->snapshot = _rushes_timeline_view_snapshot;
  widget_class->measure = _rushes_timeline_view_measure;
  widget_class->size_allocate = rushes_timeline_view_size_allocate;
  widget_class->map = rushes_timeline_view_map;
  widget_class->unmap = rushes_timeline_view_unmap;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, RUSHES_TYPE_PROJECT, rw);
  properties[PROP_TIMELINE] = g_param_spec_object ("timeline", NULL, NULL, RUSHES_TYPE_TIMELINE, rw);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, DEFAULT_ZOOM, rw);
  properties[PROP_SELECTED] = g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, G_MAXUINT, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A job's row was dropped ("job:ID"): the window inserts a placeholder
   * (rushes_timeline_clip_new_placeholder) at the index. */
  _rushes_timeline_view_signals[JOB_DROPPED] = g_signal_new ("job-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /* A dropped file could not be added; the message says why. */
  _rushes_timeline_view_signals[ADD_FAILED] = g_signal_new ("add-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  /* An edit was refused (a locked track, an overlap beyond a
   * crossfade's limits…); the message says why. */
  _rushes_timeline_view_signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  _rushes_timeline_view_class_init_actions (widget_class);
  _rushes_timeline_view_class_init_tracks (widget_class);
  _rushes_timeline_view_install_inspect_actions (widget_class);
  _rushes_timeline_view_install_generate_actions (widget_class);
  _rushes_timeline_view_install_retake_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "rushes-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rushes_timeline_view_init (RushesTimelineView *self)
{
  self->zoom = DEFAULT_ZOOM;
  self->drop_time = -1;
  self->snap_time = -1;
  self->rows = g_array_new (FALSE, FALSE, sizeof (RushesTimelineRow));
  self->cancellable = g_cancellable_new ();
  _rushes_timeline_view_init_caches (self);
  _rushes_timeline_view_init_actions (self);
  _rushes_timeline_view_init_input (self);
  _rushes_timeline_view_init_dnd (self);
}

GtkWidget *
rushes_timeline_view_new (void)
{
  return g_object_new (RUSHES_TYPE_TIMELINE_VIEW, NULL);
}
