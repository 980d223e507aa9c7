/* rushes-timeline.h: the timeline preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTimeline plays the project's GES timeline (rushes-timeline-ges.h in
 * src/media: the model as a GES timeline, which the command line uses
 * without GDK) into a paintable. Main thread only, like GES.
 */
#pragma once

#include "rushes-timeline-ges.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_TIMELINE (rushes_timeline_get_type ())
G_DECLARE_FINAL_TYPE (RushesTimeline, rushes_timeline, RUSHES, TIMELINE, GObject)

/* Plays the whole sequence: follows the project (rebuilt after each
 * change), position (ns) notifies every 100 ms while playing. A
 * RushesPlayable (rushes-playable.h: the viewer's Program monitor): its frames go to its
 * paintable through the frame sink takes use, never to a window of their
 * own. */
RushesTimeline *rushes_timeline_new            (RushesProject  *project);
RushesProject  *rushes_timeline_get_project    (RushesTimeline *self);
GESPipeline    *rushes_timeline_get_pipeline   (RushesTimeline *self);
/* The sink the preview draws into (e.g. RushesFrameSink); call before playing. */
void            rushes_timeline_set_video_sink (RushesTimeline *self,
                                                GstElement     *sink);
/* tests: replace the audio output (default autoaudiosink) */
void            rushes_timeline_set_audio_sink (RushesTimeline *self,
                                                GstElement     *sink);
void            rushes_timeline_play           (RushesTimeline *self);
void            rushes_timeline_pause          (RushesTimeline *self);
gboolean        rushes_timeline_get_playing    (RushesTimeline *self);
gint64          rushes_timeline_get_position   (RushesTimeline *self);
void            rushes_timeline_seek           (RushesTimeline *self,
                                                gint64          position);

G_END_DECLS
