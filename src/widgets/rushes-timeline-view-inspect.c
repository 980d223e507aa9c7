/* rushes-timeline-view-inspect.c: the clip inspector and titles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "timeline.inspect-clip" (Enter, a double-click: see
 * rushes-timeline-view-actions.c and -input.c) opens the view's one
 * RushesClipInspector pointing at the current clip (the selected one, else
 * the one under the playhead on the current track). "timeline.add-title" (Ctrl+T) puts a 3 s title "Title" at the
 * playhead on the highest video track above the main one (a new track
 * when there is none or the title does not fit there) as one undo step,
 * and opens the inspector on it with its text field focused.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-clip-inspector.h"
#include "rushes-timeline-view-private.h"

#define TITLE_DURATION (3 * RUSHES_SECOND)
#define INSPECTOR_KEY  "rushes-clip-inspector"

static void
view_destroy_cb (GtkWidget *view,
                 GtkWidget *inspector)
{
  g_object_set_data (G_OBJECT (view), INSPECTOR_KEY, NULL);
  gtk_widget_unparent (inspector);
}

static void
inspector_closed_cb (RushesTimelineView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* Another project: nothing of the old one stays open */
static void
project_replaced_cb (RushesTimelineView  *self,
                     GParamSpec          *pspec,
                     RushesClipInspector *inspector)
{
  gtk_popover_popdown (GTK_POPOVER (inspector));
  rushes_clip_inspector_set_clip (inspector, NULL, NULL);
}

/* The view's one inspector, made on first use; unparented with the view */
static RushesClipInspector *
get_inspector (RushesTimelineView *self)
{
  GtkWidget *inspector = g_object_get_data (G_OBJECT (self), INSPECTOR_KEY);

  if (inspector == NULL)
    {
      inspector = rushes_clip_inspector_new ();
      gtk_widget_set_parent (inspector, GTK_WIDGET (self));
      g_object_set_data (G_OBJECT (self), INSPECTOR_KEY, inspector);
      g_signal_connect (self, "destroy", G_CALLBACK (view_destroy_cb), inspector);
      g_signal_connect_object (inspector, "closed", G_CALLBACK (inspector_closed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self, "notify::project", G_CALLBACK (project_replaced_cb), inspector, 0);
    }
  return RUSHES_CLIP_INSPECTOR (inspector);
}

/* Where the popover points: the clip as drawn, within the view */
static void
clip_rect (RushesTimelineView *self,
           RushesTimelineClip *clip,
           GdkRectangle       *rect)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  RushesTimelineRow row = { 0, RULER_H, VIDEO_ROW_H };
  RushesClipBox box;
  guint track, position;
  double x0, x1;

  if (rushes_project_locate_clip (self->project, clip, &track, &position))
    _rushes_timeline_view_track_row (self, track, &row);
  _rushes_timeline_view_clip_box (self, clip, &row, &box);
  x0 = CLAMP (box.x0, 0, MAX (width - 1, 0));
  x1 = CLAMP (box.x1, x0 + 1, MAX (width, x0 + 1));
  rect->x = (int) x0;
  rect->y = (int) box.y;
  rect->width = MAX ((int) (x1 - x0), 1);
  rect->height = MAX ((int) box.h, 1);
}

static void
open_inspector (RushesTimelineView *self,
                RushesTimelineClip *clip)
{
  RushesClipInspector *inspector = get_inspector (self);
  GdkRectangle rect;

  rushes_timeline_view_set_selected_clip (self, clip);
  rushes_clip_inspector_set_clip (inspector, self->project, clip);
  clip_rect (self, clip, &rect);
  gtk_popover_set_pointing_to (GTK_POPOVER (inspector), &rect);
  gtk_popover_popup (GTK_POPOVER (inspector));
}

static void
inspect_clip_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);

  if (clip != NULL && !rushes_timeline_clip_get_pending (clip))
    open_inspector (self, clip);
}

/* On the highest video track above the main one if it fits there, else
 * on a new video track */
static RushesTimelineClip *
add_title_on_top (RushesProject  *project,
                  gint64          start,
                  GError        **error)
{
  RushesTimelineTrack *main_track = rushes_project_get_main_track (project);
  RushesTimelineClip *title;
  guint index;

  for (guint i = rushes_project_get_n_tracks (project); i-- > 0;)
    {
      RushesTimelineTrack *track = rushes_project_get_track (project, i);

      if (track == main_track)
        break;
      if (rushes_timeline_track_get_kind (track) != RUSHES_TRACK_VIDEO)
        continue;
      title = rushes_project_add_title (project, i, start, TITLE_DURATION, _("Title"), NULL);
      if (title != NULL)
        return title;
      break;
    }
  index = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);
  return rushes_project_add_title (project, index, start, TITLE_DURATION, _("Title"), error);
}

static void
add_title_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *title;

  if (self->project == NULL)
    return;
  rushes_project_begin_group (self->project, _("Add Title"));
  title = add_title_on_top (self->project, self->position, &error);
  rushes_project_end_group (self->project);
  if (title == NULL)
    {
      g_signal_emit (self, _rushes_timeline_view_signals[ADD_FAILED], 0, error->message);
      return;
    }
  open_inspector (self, title);
}

void
_rushes_timeline_view_install_inspect_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.inspect-clip", NULL, inspect_clip_action);
  gtk_widget_class_install_action (widget_class, "timeline.add-title", NULL, add_title_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "timeline.add-title", NULL);
}
