/* rushes-timeline-view-dnd.c: dropping takes and jobs on the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files from the library (GFile, file lists, paths or URIs) are probed on
 * a worker and placed on the video track under the pointer at the drop
 * time (the main track when dropped on an audio track), one after the
 * other; where one does not fit (an overlap beyond a crossfade's limits)
 * on the main track it is inserted at the nearest cut instead (ripple),
 * elsewhere refused with a message. A job's row ("job:ID") becomes the
 * "job-dropped" signal (an index on the main track). Where the drop lands
 * is shown while it hovers.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>

#include "rushes-timeline-view-private.h"

gboolean
rushes_timeline_view_add_files (RushesTimelineView *self,
                                GSList             *files,
                                guint               position,
                                GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), FALSE);

  if (self->project == NULL)
    return FALSE;
  for (GSList *l = files; l; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autoptr(RushesTimelineClip) clip = NULL;
      g_autoptr(GError) local_error = NULL;

      if (path == NULL)
        continue;
      clip = rushes_timeline_clip_new_for_file (path, &local_error);
      if (clip == NULL)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          continue;
        }
      rushes_project_insert_clip (self->project, position, clip);
      position = MIN (position, rushes_project_get_n_clips (self->project) - 1) + 1;
    }
  return ok;
}

/* Adding dropped files: probed one after the other on a worker, each
 * inserted (one undo step) as it is ready, so the order is kept */
typedef struct
{
  RushesTimelineView *view;      /* owned */
  RushesProject      *project;   /* owned: the drop's target, even if the view changes */
  GSList             *files;     /* owned GFiles still to add */
  guint               track;
  gint64              time;
} DropJob;

static void drop_job_next (DropJob *job);

static void
drop_job_probed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  DropJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file_finish (result, &error);

  if (clip && job->track < rushes_project_get_n_tracks (job->project) &&
      rushes_project_place_clip (job->project, job->track, clip, job->time, &error))
    job->time = rushes_timeline_clip_get_end (clip);
  else if (clip && job->track == 0)
    {
      /* no room on the main track: insert at the nearest cut */
      RushesTimelineTrack *main_track = rushes_project_get_main_track (job->project);
      guint index, n = rushes_timeline_track_get_n_clips (main_track);

      for (index = 0; index < n; index++)
        {
          RushesTimelineClip *other = rushes_timeline_track_get_clip (main_track, index);

          if (job->time < (rushes_timeline_clip_get_start (other) + rushes_timeline_clip_get_end (other)) / 2)
            break;
        }
      g_clear_error (&error);
      rushes_project_insert_clip (job->project, index, clip);
      job->time = rushes_timeline_clip_get_end (clip);
    }
  else if (clip)
    g_signal_emit (job->view, _rushes_timeline_view_signals[ADD_FAILED], 0, error->message);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (job->view, _rushes_timeline_view_signals[ADD_FAILED], 0, error->message);
  drop_job_next (job);
}

static void
drop_job_next (DropJob *job)
{
  while (job->files)
    {
      g_autoptr(GFile) file = job->files->data;
      g_autofree char *path = g_file_get_path (file);

      job->files = g_slist_delete_link (job->files, job->files);
      if (path)
        {
          rushes_timeline_clip_new_for_file_async (path, job->view->cancellable, drop_job_probed_cb, job);
          return;
        }
    }
  g_object_unref (job->project);
  g_object_unref (job->view);
  g_free (job);
}

/* Drops: files from the library (GFile, file lists, paths) and jobs as "job:ID" */

/* Where a drop at (x, y) lands: a video track (the one under the
 * pointer, else the main track) and a time, on whole frames or on the
 * edge of a clip of that track within SNAP_PX */
static void
drop_target_at (RushesTimelineView *self,
                double              x,
                double              y,
                guint              *track_index,
                gint64             *time)
{
  guint t = _rushes_timeline_view_track_at_y (self, y);
  RushesTimelineTrack *track;
  gint64 when = MAX ((gint64) ((x - HEADER_W - PAD) / self->zoom * GST_SECOND), 0);
  gint64 best = _rushes_timeline_view_snap (self, when);

  if (t == G_MAXUINT || rushes_timeline_track_get_kind (rushes_project_get_track (self->project, t)) != RUSHES_TRACK_VIDEO)
    t = 0;
  track = rushes_project_get_track (self->project, t);
  for (guint i = 0; track && i < rushes_timeline_track_get_n_clips (track); i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);
      gint64 edges[2] = { rushes_timeline_clip_get_start (clip), rushes_timeline_clip_get_end (clip) };

      for (guint k = 0; k < 2; k++)
        if (fabs ((double) (edges[k] - when) / GST_SECOND * self->zoom) <= SNAP_PX &&
            ABS (edges[k] - when) < ABS (best - when))
          best = edges[k];
    }
  *track_index = t;
  *time = best;
}

static GdkDragAction
drop_motion_cb (GtkDropTarget      *target,
                double              x,
                double              y,
                RushesTimelineView *self)
{
  guint track;
  gint64 time;

  if (self->project == NULL)
    return 0;
  drop_target_at (self, x, y, &track, &time);
  if (track != self->drop_track || time != self->drop_time)
    {
      self->drop_track = track;
      self->drop_time = time;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget      *target,
               RushesTimelineView *self)
{
  self->drop_time = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         RushesTimelineView *self)
{
  guint index = rushes_timeline_view_drop_index_at (self, x);
  GSList *files = NULL;
  guint track = 0;
  gint64 time = 0;

  self->drop_time = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->project)
    drop_target_at (self, x, y, &track, &time);

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      const char *text = g_value_get_string (value);

      if (text && g_str_has_prefix (text, "job:"))
        {
          g_signal_emit (self, _rushes_timeline_view_signals[JOB_DROPPED], 0, text + 4, index);
          return TRUE;
        }
      if (text == NULL || *text == '\0')
        return FALSE;
      files = g_slist_prepend (NULL, g_str_has_prefix (text, "file://")
                               ? g_file_new_for_uri (g_strstrip (g_strdup (text)))
                               : g_file_new_for_path (text));
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_object_ref (g_value_get_object (value)));
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = g_slist_copy_deep (g_value_get_boxed (value), (GCopyFunc) g_object_ref, NULL);

  if (files == NULL || self->project == NULL)
    {
      g_slist_free_full (files, g_object_unref);
      return FALSE;
    }
  {
    DropJob *job = g_new0 (DropJob, 1);

    job->view = g_object_ref (self);
    job->project = g_object_ref (self->project);
    job->files = files;
    job->track = track;
    job->time = time;
    drop_job_next (job);
  }
  return TRUE;
}

void
_rushes_timeline_view_init_dnd (RushesTimelineView *self)
{
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "motion", G_CALLBACK (drop_motion_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
