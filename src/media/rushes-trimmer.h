/* rushes-trimmer.h: trim a take into a new take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The source file is only read. The kept range is [in, out) in stream time.
 *
 * LOSSLESS copies packets: the cut points snap to keyframes (in: the
 * keyframe at or before @in; out: the first keyframe at or after @out, or
 * the end). rushes_trimmer_plan_async() tells the snapped points before
 * anything is written.
 *
 * EXACT keeps exactly [in, out): the GOP holding @in is decoded and
 * re-encoded from @in up to the next keyframe, the following GOPs are
 * copied, and the last GOP's packets are copied up to @out as far as they
 * decode on their own (every packet before @out without reordering; with
 * B-frames up to the last complete group before @out): only the frames
 * after that (with two B-frames, at most two) are re-encoded. H.264 (MP4/MOV) and VP8/VP9 (WebM/Matroska) are spliced this
 * way; other inputs (GIF, WebP, other codecs, or a container change) are
 * fully re-encoded.
 *
 * The output is written to a temporary file beside @output, synced and
 * renamed, so an existing file is either replaced whole or left untouched.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "rushes-types.h"

G_BEGIN_DECLS

#define RUSHES_TRIMMER_ERROR (rushes_trimmer_error_quark ())
typedef enum
{
  RUSHES_TRIMMER_ERROR_RANGE,       /* in >= out, or outside the clip */
  RUSHES_TRIMMER_ERROR_UNSUPPORTED, /* no way to write this input to this output */
  RUSHES_TRIMMER_ERROR_FAILED,      /* unreadable input, encoder or muxer failure */
} RushesTrimmerError;

GQuark rushes_trimmer_error_quark (void);

typedef enum
{
  RUSHES_TRIM_MODE_LOSSLESS,
  RUSHES_TRIM_MODE_EXACT,
} RushesTrimMode;

#define RUSHES_TYPE_TRIM_MODE (rushes_trim_mode_get_type ())
GType rushes_trim_mode_get_type (void);

#define RUSHES_TYPE_TRIMMER (rushes_trimmer_get_type ())
G_DECLARE_FINAL_TYPE (RushesTrimmer, rushes_trimmer, RUSHES, TRIMMER, GObject)

/* One trimmer per operation; properties are read-only after creation
 * except the recipe. */
RushesTrimmer *rushes_trimmer_new               (GFile               *input,
                                                 GFile               *output,
                                                 RushesTrimMode       mode,
                                                 GstClockTime         in,
                                                 GstClockTime         out);
GFile         *rushes_trimmer_get_input         (RushesTrimmer       *self);
GFile         *rushes_trimmer_get_output        (RushesTrimmer       *self);
RushesTrimMode rushes_trimmer_get_mode          (RushesTrimmer       *self);
GstClockTime   rushes_trimmer_get_in            (RushesTrimmer       *self);
GstClockTime   rushes_trimmer_get_out           (RushesTrimmer       *self);

/* The recipe of the source take (optional). On success the new take's
 * sidecar NAME.rushes.json holds a copy with its lineage set to
 * ("trim", input path, in, out); without a recipe, a fresh one. */
void           rushes_trimmer_set_source_recipe (RushesTrimmer       *self,
                                                 RushesRecipe        *recipe);

/* The range that will be kept (GST_CLOCK_TIME_NONE until planned or run):
 * the snapped points in LOSSLESS mode, in/out in EXACT mode. */
GstClockTime   rushes_trimmer_get_kept_in       (RushesTrimmer       *self);
GstClockTime   rushes_trimmer_get_kept_out      (RushesTrimmer       *self);
/* TRUE when the kept range stops before the out point asked for because
 * the source's data ends there (a file cut short: its header may claim
 * more). The range is always what was written, read back from the new
 * file; a range that starts past the data fails with
 * RUSHES_TRIMMER_ERROR_RANGE naming where the data ends. */
gboolean       rushes_trimmer_get_source_ended  (RushesTrimmer       *self);

/* 0..1, notified on the main context while running */
double         rushes_trimmer_get_progress      (RushesTrimmer       *self);

/* Computes kept-in/kept-out without writing anything. */
void           rushes_trimmer_plan_async        (RushesTrimmer       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       rushes_trimmer_plan_finish       (RushesTrimmer       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Writes the output and its sidecar. Cancel with @cancellable: the
 * temporary file is removed and nothing else is touched. */
void           rushes_trimmer_run_async         (RushesTrimmer       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean       rushes_trimmer_run_finish        (RushesTrimmer       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Blocking variants (worker threads, the command line). Progress is then
 * only notified if a main loop runs the default context. */
gboolean       rushes_trimmer_plan              (RushesTrimmer       *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);
gboolean       rushes_trimmer_run               (RushesTrimmer       *self,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* Parses "3.5" (seconds), "00:00:03.500" / "1:02.5" (timecode) or "105f"
 * (frame 105 from 0; needs @fps_n/@fps_d > 0). */
gboolean       rushes_trim_parse_time           (const char          *text,
                                                 int                  fps_n,
                                                 int                  fps_d,
                                                 GstClockTime        *time,
                                                 GError             **error);

G_END_DECLS
