/* rushes-handoff.h: hand a project on to another editor (MLT XML, OpenTimelineIO)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both writers read the project model only (no GStreamer): times become
 * frames at the project's rate.
 *
 * MLT XML (.mlt) is what Shotcut writes and what melt renders: a profile
 * from the project's size and rate, one producer per media file (absolute
 * paths), a playlist per track with blanks for gaps, a tractor holding a
 * black background and the tracks (video tracks bottom to top, then the
 * audio tracks with hide="video"; video tracks play no sound, the sound is
 * on the audio tracks), "affine" transitions laying every upper video
 * track over the first, "mix" transitions summing the sound of every
 * track. A crossfade (two clips overlapping on one track) is, as Shotcut
 * makes it, a small tractor in the track's playlist holding the tails of
 * both clips with a "luma" (video) or "mix" 0 → 1 (audio) transition.
 * Volume is a "volume" filter (gain), fades are "brightness" (video) and
 * "volume" (sound) filters with keyframes, both linear as in Rushes (the
 * sound's level is in dB: one keyframe a frame). A title is Shotcut's own
 * kind of title: a transparent "color" producer with a "dynamictext"
 * filter holding the text, its size and position.
 *
 * OpenTimelineIO (.otio): Timeline.1 → Stack.1 → Track.1 ("Video" tracks
 * bottom to top, then "Audio") of Clip.2 with an ExternalReference.1
 * (file:// URL, available range: the whole file) and a source range, Gap.1
 * for gaps, and Transition.1 ("SMPTE_Dissolve") between the two clips of a
 * crossfade: the clips meet at the middle of the overlap, and the
 * transition's in/out offsets reach back and forward over it. A title is a
 * Clip.2 with a GeneratorReference.1 (generator_kind "Rushes.Title",
 * parameters text/size/x/y); readers that know no such generator show it
 * as a gap. Volume and fades are in each clip's metadata under "rushes".
 */
#pragma once

#include "rushes-project.h"

G_BEGIN_DECLS

/* MLT XML; relative clip paths are resolved against base_dir (NULL: the
 * project's folder, else the current one). NULL and error for a project
 * with nothing to hand on or a clip still being generated. */
char     *rushes_handoff_to_mlt  (RushesProject  *project,
                                  const char     *base_dir,
                                  GError        **error);
/* OpenTimelineIO JSON (pretty-printed) */
char     *rushes_handoff_to_otio (RushesProject  *project,
                                  GError        **error);
/* Writes path atomically, MLT or OTIO by its extension (.mlt / .otio);
 * any other extension is refused with G_IO_ERROR_INVALID_ARGUMENT. */
gboolean  rushes_handoff_write   (RushesProject  *project,
                                  const char     *path,
                                  GError        **error);
/* TRUE when path ends in .mlt or .otio (any case) */
gboolean  rushes_handoff_is_handoff_path (const char *path);

G_END_DECLS
