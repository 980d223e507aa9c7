/* rushes-frame-ref.h: "PATH@T", a frame of a video or a still image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A start or end image is given as a frame reference:
 *
 *   shot.png                   a still image (or a video's first frame)
 *   clip.webm@2.5              the frame shown at 2.5 s
 *   clip.webm@00:00:02.500     the same as a timecode
 *   clip.webm@00:00:02:12      2 s and 12 frames, at the source's frame rate
 *   clip.webm@105f             the 106th decoded frame (counted from 0)
 *   clip.webm@end              the last decoded frame
 *
 * The time follows the last '@'; a path that itself contains '@' and
 * exists as a file is taken whole. Parsing is plain text (core has no
 * media): media's rushes_frame_grab_to_png() finds the frame.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUSHES_FRAME_REF_ERROR (rushes_frame_ref_error_quark ())
typedef enum
{
  RUSHES_FRAME_REF_ERROR_INVALID,     /* not a frame reference; the message says what is expected */
  RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE /* past the source's end (set by media, naming the real end) */
} RushesFrameRefError;

GQuark rushes_frame_ref_error_quark (void);

typedef enum
{
  RUSHES_FRAME_REF_NONE,     /* no time: a still image, or the first frame of a video */
  RUSHES_FRAME_REF_SECONDS,  /* seconds (from "2.5" or "00:00:02.500") */
  RUSHES_FRAME_REF_TIMECODE, /* seconds (whole) + frame (frames at the source's rate) */
  RUSHES_FRAME_REF_FRAME,    /* frame: an index of decoded frames, from 0 */
  RUSHES_FRAME_REF_END,      /* the last decoded frame */
} RushesFrameRefKind;

typedef struct
{
  char               *path;     /* the file, without the "@T" */
  RushesFrameRefKind  kind;
  double              seconds;  /* SECONDS; TIMECODE: the whole seconds */
  guint64             frame;    /* FRAME; TIMECODE: frames past seconds */
} RushesFrameRef;

/* Fills out (cleared first) from spec; FALSE with RUSHES_FRAME_REF_ERROR_INVALID
 * naming the spec and the forms allowed. */
gboolean rushes_frame_ref_parse          (const char           *spec,
                                          RushesFrameRef       *out,
                                          GError              **error);
void     rushes_frame_ref_clear          (RushesFrameRef       *ref);
/* The reference written back as a spec ("clip.webm@105f"), for sidecars. */
char    *rushes_frame_ref_to_string      (const RushesFrameRef *ref);
/* The time part in words for messages: "frame 105", "2.5 s", "the last
 * frame", "00:00:02:12"; "" for NONE. */
char    *rushes_frame_ref_describe_time  (const RushesFrameRef *ref);
/* The index of the decoded frame meant, at fps_n/fps_d frames a second:
 * -1 for END; 0 for NONE. */
gint64   rushes_frame_ref_frame_index    (const RushesFrameRef *ref,
                                          int                   fps_n,
                                          int                   fps_d);
/* Where the frame for a take's start (or end) image is stored: beside the
 * take, "DIR/NAME.start.png" for "DIR/NAME.webm". */
char    *rushes_frame_ref_stored_path    (const char           *take_path,
                                          gboolean              end);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RushesFrameRef, rushes_frame_ref_clear)

G_END_DECLS
