/* rushes-timeline-sound.c: sound files onto the timeline's audio tracks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by Import Media… (rushes-window-import.c) and drops on the
 * timeline (rushes-timeline-view-dnd.c).
 */
#define G_LOG_DOMAIN "rushes-timeline-sound"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-timeline-sound.h"

static gboolean
try_track (RushesProject      *project,
           guint               index,
           RushesTimelineClip *clip,
           gint64              start)
{
  RushesTimelineTrack *track = rushes_project_get_track (project, index);

  return track != NULL && rushes_timeline_track_get_kind (track) == RUSHES_TRACK_AUDIO &&
         !rushes_timeline_track_get_locked (track) &&
         rushes_project_place_clip (project, index, clip, start, NULL);
}

gboolean
rushes_timeline_place_sound (RushesProject       *project,
                             guint                track,
                             RushesTimelineClip  *clip,
                             gint64               start,
                             GError             **error)
{
  gboolean placed;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);

  rushes_project_begin_group (project, _("Import Sound"));
  placed = try_track (project, track, clip, start);
  for (guint i = 0; i < rushes_project_get_n_tracks (project) && !placed; i++)
    placed = i != track && try_track (project, i, clip, start);
  if (!placed)
    placed = rushes_project_place_clip (project, rushes_project_add_track (project, RUSHES_TRACK_AUDIO, NULL),
                                        clip, start, error);
  rushes_project_end_group (project);
  return placed;
}
