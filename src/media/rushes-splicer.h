/* rushes-splicer.h: splice a retake into its take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The output is source[0, in) + middle + source[out, end): a take of the
 * source's length, frame for frame. in and out are snapped to the source's
 * frames (the nearest frame start); the source must have a constant frame
 * rate and a container the output keeps (MP4/MOV in and out, or
 * WebM/Matroska in and out) with H.264, VP8 or VP9 video.
 *
 * - The head and the tail are cut by the trimmer's EXACT mode (its smart
 *   render): their GOPs are copied packet for packet, and only the frames
 *   of the GOP that must be are re-encoded (the tail's first GOP from out
 *   to its next keyframe; with B-frames, at most the head's last few).
 * - The middle (any video GStreamer decodes) is scaled to the source's
 *   size, retimed to fill [in, out) exactly (its own length is stretched
 *   or squeezed onto out − in, so a middle at another frame rate or a few
 *   frames longer or shorter still fits; frames are repeated or dropped,
 *   never blended), and encoded with the source's codec.
 * - Audio: the source's audio is kept whole, packet for packet, under all
 *   three parts; a middle's own audio is ignored. A retake replaces the
 *   picture, and the sound of the take (music, a voice) stays continuous.
 *
 * The output is written to a temporary file beside @dest, synced and
 * renamed. With a recipe, the new take carries it as it is (the caller
 * sets its lineage) in its tags and its sidecar NAME.rushes.json.
 * Errors are RUSHES_TRIMMER_ERROR: RANGE for a range of no frame or past
 * the end, UNSUPPORTED for a source or output the splice cannot keep.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "rushes-recipe.h"

G_BEGIN_DECLS

typedef struct
{
  int fps_n;            /* the source's frame rate */
  int fps_d;
  int width;            /* the source's picture */
  int height;
  guint n_frames;       /* the source's frames */
  guint in_frame;       /* the first frame replaced */
  guint out_frame;      /* the first frame kept after the middle */
  GstClockTime start;   /* the source's first frame (stream time) */
  GstClockTime in;      /* their times (stream time) */
  GstClockTime out;
  GstClockTime end;     /* where the source's video data ends */
} RushesSplicePlan;

/* Reads the source (and checks @dest's file type when not NULL) and plans
 * the splice of [in, out): fails with RUSHES_TRIMMER_ERROR_RANGE when it
 * holds no frame or ends past the source's end (half a frame of slack).
 * With in and out both GST_CLOCK_TIME_NONE, only the source's fields are
 * filled (its frame rate, to read "105f"). */
gboolean rushes_splice_plan   (GFile               *source,
                               GFile               *dest,
                               GstClockTime         in,
                               GstClockTime         out,
                               RushesSplicePlan    *plan,
                               GCancellable        *cancellable,
                               GError             **error);

/* Writes @dest (on a worker thread); @recipe may be NULL. */
void     rushes_splice_async  (GFile               *source,
                               GstClockTime         in,
                               GstClockTime         out,
                               GFile               *middle,
                               GFile               *dest,
                               RushesRecipe        *recipe,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean rushes_splice_finish (GAsyncResult        *result,
                               GError             **error);

/* The same, blocking (worker threads, the command line). */
gboolean rushes_splice        (GFile               *source,
                               GstClockTime         in,
                               GstClockTime         out,
                               GFile               *middle,
                               GFile               *dest,
                               RushesRecipe        *recipe,
                               GCancellable        *cancellable,
                               GError             **error);

G_END_DECLS
