/* rushes-timeline-view.c: the timeline strip (clips, playhead, edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class: its properties, the project (and preview) it shows and
 * follows, geometry, and what screen readers say. Drawing, actions,
 * pointer input and drops are in rushes-timeline-view-{draw,actions,
 * input,dnd}.c (see rushes-timeline-view-private.h).
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
  return PAD + (double) time / GST_SECOND * self->zoom;
}

gint64
rushes_timeline_view_x_to_time (RushesTimelineView *self,
                                double              x)
{
  gint64 t, duration;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);

  duration = self->project ? rushes_project_get_duration (self->project) : 0;
  t = (gint64) ((x - PAD) / self->zoom * GST_SECOND);
  return CLAMP (t, 0, duration);
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
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, i));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, i + 1));

      if (x < (x0 + x1) / 2)
        return i;
    }
  return n;
}

guint
_rushes_timeline_view_clip_at_x (RushesTimelineView *self,
                                 double              x)
{
  gint64 t = (gint64) ((x - PAD) / self->zoom * GST_SECOND);

  if (self->project == NULL || t < 0)
    return G_MAXUINT;
  return rushes_project_get_clip_at (self->project, t, NULL);
}

/* The clip keyboard edits apply to: the selection, else the one under the playhead */
guint
_rushes_timeline_view_current_clip (RushesTimelineView *self)
{
  if (self->project == NULL)
    return G_MAXUINT;
  if (self->selected < rushes_project_get_n_clips (self->project))
    return self->selected;
  return rushes_project_get_clip_at (self->project, self->position, NULL);
}

/* Accessibility: what a screen reader says about the strip */
static void
update_description (RushesTimelineView *self)
{
  g_autofree char *text = NULL;
  guint index;

  if (self->project == NULL || rushes_project_get_n_clips (self->project) == 0)
    text = g_strdup (_("Timeline, empty. Drag takes here."));
  else
    {
      RushesTimelineClip *clip;

      index = _rushes_timeline_view_current_clip (self);
      clip = index != G_MAXUINT ? rushes_project_get_clip (self->project, index) : NULL;
      text = g_strdup_printf (_("Timeline, %u clips, %.1f s. Playhead at %.1f s%s%s%s"),
                              rushes_project_get_n_clips (self->project),
                              rushes_project_get_duration (self->project) / 1e9,
                              self->position / 1e9,
                              clip ? _(", in ") : "",
                              clip ? rushes_timeline_clip_get_name (clip) : "",
                              clip && rushes_timeline_clip_get_offline (clip) ? _(" (offline: press Enter to find it)") : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Project and timeline */

static void
project_changed_cb (RushesTimelineView *self)
{
  if (self->selected != G_MAXUINT && self->selected >= rushes_project_get_n_clips (self->project))
    rushes_timeline_view_set_selected (self, G_MAXUINT);
  if (self->position > rushes_project_get_duration (self->project))
    rushes_timeline_view_set_position (self, rushes_project_get_duration (self->project));
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
clip_notify_cb (RushesTimelineView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
items_changed_cb (RushesTimelineView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RushesTimelineClip) clip = g_list_model_get_item (model, i);

      /* placeholders' progress, fill-in, offline: redraw (connect once per clip) */
      if (g_signal_handler_find (clip, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 clip_notify_cb, self) == 0)
        g_signal_connect_object (clip, "notify", G_CALLBACK (clip_notify_cb), self, G_CONNECT_SWAPPED);
    }
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
      for (guint i = 0; i < rushes_project_get_n_clips (self->project); i++)
        g_signal_handlers_disconnect_by_data (rushes_project_get_clip (self->project, i), self);
    }
  g_set_object (&self->project, project);
  if (project)
    {
      g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
      items_changed_cb (self, 0, 0, rushes_project_get_n_clips (project), G_LIST_MODEL (project));
    }
  self->selected = G_MAXUINT;
  self->position = 0;
  g_binding_group_set_source (self->history_bindings, project ? rushes_project_get_undo_stack (project) : NULL);
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
      self->position_binding = g_object_bind_property (timeline, "position", self, "position",
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
  update_description (self);
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
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), G_MAXUINT);
  return self->selected;
}

void
rushes_timeline_view_set_selected (RushesTimelineView *self,
                                   guint               position)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  if (self->project == NULL || position >= rushes_project_get_n_clips (self->project))
    position = G_MAXUINT;
  if (self->selected == position)
    return;
  self->selected = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* GObject */

static void
rushes_timeline_view_dispose (GObject *object)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  rushes_timeline_view_set_timeline (self, NULL);
  rushes_timeline_view_set_project (self, NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filmstrips, g_hash_table_unref);
  g_clear_pointer (&self->waveforms, g_hash_table_unref);
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
    case PROP_SELECTED: g_value_set_uint (value, self->selected); break;
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

  _rushes_timeline_view_class_init_actions (widget_class);
  _rushes_timeline_view_install_inspect_actions (widget_class);

  gtk_widget_class_set_css_name (widget_class, "rushes-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rushes_timeline_view_init (RushesTimelineView *self)
{
  self->zoom = DEFAULT_ZOOM;
  self->selected = G_MAXUINT;
  self->drop_index = G_MAXUINT;
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
