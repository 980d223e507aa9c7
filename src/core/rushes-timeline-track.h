/* rushes-timeline-track.h: one track of the timeline (video or audio)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A track is a GListModel of RushesTimelineClip ordered by start time.
 * Clips may leave gaps; two neighbours may overlap, and the overlap is a
 * crossfade (video dissolve, audio crossfade), within the limits of
 * rushes_timeline_track_check(). Video tracks are listed bottom to top in
 * the project: a later video track is drawn over an earlier one.
 *
 * Tracks are changed only through RushesProject's undoable edits; the
 * setters here are for the project (rushes-project-private.h).
 */
#pragma once

#include <gio/gio.h>

#include "rushes-timeline-clip.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_TRACK_VIDEO,
  RUSHES_TRACK_AUDIO,
} RushesTrackKind;

#define RUSHES_TYPE_TIMELINE_TRACK (rushes_timeline_track_get_type ())
G_DECLARE_FINAL_TYPE (RushesTimelineTrack, rushes_timeline_track, RUSHES, TIMELINE_TRACK, GObject)

RushesTimelineTrack *rushes_timeline_track_new          (RushesTrackKind      kind,
                                                         const char          *name);

/* "video" / "audio"; from_string returns FALSE for anything else */
const char          *rushes_track_kind_to_string        (RushesTrackKind      kind);
gboolean             rushes_track_kind_from_string      (const char          *string,
                                                         RushesTrackKind     *kind);

RushesTrackKind      rushes_timeline_track_get_kind     (RushesTimelineTrack *self);
const char          *rushes_timeline_track_get_name     (RushesTimelineTrack *self);
gboolean             rushes_timeline_track_get_muted    (RushesTimelineTrack *self);
gboolean             rushes_timeline_track_get_locked   (RushesTimelineTrack *self);

guint                rushes_timeline_track_get_n_clips  (RushesTimelineTrack *self);
/* transfer none; NULL past the end */
RushesTimelineClip  *rushes_timeline_track_get_clip     (RushesTimelineTrack *self,
                                                         guint                position);
gboolean             rushes_timeline_track_find_clip    (RushesTimelineTrack *self,
                                                         RushesTimelineClip  *clip,
                                                         guint               *position);
/* End of its last clip (0 when empty) */
gint64               rushes_timeline_track_get_end      (RushesTimelineTrack *self);
/* The clip covering time, the later one inside a crossfade; NULL in a gap */
RushesTimelineClip  *rushes_timeline_track_get_clip_at  (RushesTimelineTrack *self,
                                                         gint64               time);
/* The crossfade between the clip at position and the next one: the
 * overlap in ns, 0 when they do not overlap. */
gint64               rushes_timeline_track_get_crossfade (RushesTimelineTrack *self,
                                                         guint                position);

/* The limits of a crossfade: at most two clips at any time, an overlap
 * shorter than either clip, no clip before time 0, clips of the track's
 * kind (titles on video tracks only). On failure the message names the
 * first clip at fault. */
gboolean             rushes_timeline_track_check        (RushesTimelineTrack *self,
                                                         GError             **error);

G_END_DECLS
