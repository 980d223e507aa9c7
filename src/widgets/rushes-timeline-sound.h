/* rushes-timeline-sound.h: sound files onto the timeline's audio tracks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-project.h"

G_BEGIN_DECLS

/* Puts a sound clip (music, voice-over) at start as one undo step: on
 * track if that is an unlocked audio track with room for it there, else
 * on the first audio track with room (A1), else on a new audio track.
 * FALSE and error (nothing changed) if even that is refused. */
gboolean rushes_timeline_place_sound (RushesProject       *project,
                                      guint                track,
                                      RushesTimelineClip  *clip,
                                      gint64               start,
                                      GError             **error);

G_END_DECLS
