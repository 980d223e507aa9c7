/* rushes-trimmer-private.h: what the trimmer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-trimmer.c holds the public API, the options and the driver;
 * rushes-trimmer-output.c the output file and its sidecar;
 * rushes-trimmer-probe.c where a file's video data really ends;
 * rushes-trimmer-copy.c the packet engine (copy GOPs, splice re-encoded
 * edges); rushes-trimmer-encode.c the segment re-encoder and the full
 * re-encode engine. A Trim is one operation, owned by its worker thread.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "rushes-output-lock.h"
#include "rushes-recipe.h"
#include "rushes-trimmer.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (rushes_trimmer_debug);
#define GST_CAT_DEFAULT rushes_trimmer_debug

/* timestamps within this of a cut point count as on it (Matroska rounds to 1 ms) */
#define CUT_EPSILON (2 * GST_MSECOND)
#define PIPELINE_TIMEOUT (60 * GST_SECOND)
#define STALL_TIMEOUT_US (30 * G_USEC_PER_SEC)

/* parsebin's GstAutoplugSelectResult (not in a public header) */
enum
{
  AUTOPLUG_SELECT_TRY,
  AUTOPLUG_SELECT_EXPOSE,
  AUTOPLUG_SELECT_SKIP,
};

typedef enum
{
  FAMILY_NONE,
  FAMILY_MP4,
  FAMILY_MOV,
  FAMILY_WEBM,
  FAMILY_MKV,
} Family;

typedef struct
{
  RushesTrimmer *self;         /* ref; _rushes_trimmer_post_state() only */
  GFile *input;
  GFile *output;
  RushesTrimMode mode;
  GstClockTime in;
  GstClockTime out;
  gboolean plan_only;
  RushesRecipe *recipe;        /* copy made on the main thread, or NULL */
  GCancellable *cancellable;   /* borrowed from the task */

  Family family;
  RushesOutputTemp *tmp;       /* while the output is written */

  /* reader */
  GstElement *reader;
  GstElement *vsink;
  GstElement *asink;
  GstSample *vpeek;            /* pulled but not consumed */
  GstSample *apeek;
  gboolean video_eos;

  /* writer */
  GstElement *writer;
  GstElement *vsrc;
  GstElement *asrc;
  GstSegment out_segment;      /* video: start = the cut, in the reader's buffer time */
  GstSegment audio_segment;    /* the same for audio (its own edit list) */
  gboolean have_origin;
  gboolean have_audio_origin;
  GstClockTime origin;         /* the cut, stream time */
  GstClockTime last_dts;       /* last video DTS pushed, for monotonic splices */
  struct _TrimHead *head;      /* the head's re-encode, while the reader goes on */
  /* the video pushed to the writer, in the output's time: what the new
   * file holds (the packet engine's writer only) */
  gboolean pushed_video;
  GstClockTime pushed_first;
  GstClockTime pushed_end;
  GstClockTime pushed_step;    /* the last frame's duration (0: none known) */

  /* results (stream time) */
  GstClockTime kept_in;
  GstClockTime kept_out;
  gboolean source_ended;       /* kept_out is where the source's data ends, before out */
  GError *writer_error;
  char *tag_json;              /* set: the muxer's comment tag as is (the splicer's recipe) */

  /* the source video, for a fresh sidecar recipe */
  int width;
  int height;
  int fps_n;
  int fps_d;
} Trim;

/* rushes-trimmer.c */

/* One operation of @self (its options copied); the splicer drives the
 * engines' reader and writer with these too. */
Trim       *_rushes_trimmer_trim_new          (RushesTrimmer  *self,
                                               gboolean        plan_only,
                                               GCancellable   *cancellable);
void        _rushes_trimmer_trim_free         (Trim           *t);

/* Worker → main thread: progress (ignored if < 0) and the kept range
 * (ignored if GST_CLOCK_TIME_NONE), notified from one idle source. */
void        _rushes_trimmer_post_state        (RushesTrimmer  *self,
                                               double          progress,
                                               GstClockTime    kept_in,
                                               GstClockTime    kept_out);
/* Sets a RUSHES_TRIMMER_ERROR_FAILED "what: cause" (takes @cause; a
 * cancellation is passed on as is). Always returns FALSE. */
gboolean    _rushes_trimmer_set_failed        (GError        **error,
                                               const char     *what,
                                               GError         *cause);
void        _rushes_trimmer_stop_pipeline     (GstElement    **pipeline);
/* Where the source's data really ends: a range
 * that starts past it fails with RUSHES_TRIMMER_ERROR_RANGE naming it, one
 * that ends past it is cut there (t->out, t->source_ended). */
gboolean    _rushes_trimmer_clamp_to_data     (Trim           *t,
                                               GError        **error);
/* The range stops at end, where the source's data ends */
void        _rushes_trimmer_end_at_data       (Trim           *t,
                                               GstClockTime    end);
/* the source video's size and rate, for a fresh sidecar recipe */
void        _rushes_trimmer_note_video_caps   (Trim           *t,
                                               GstCaps        *caps);

/* rushes-trimmer-output.c */

Family      _rushes_trimmer_family_for_output (GFile          *output);
const char *_rushes_trimmer_muxer_for_family  (Family          family);
/* An empty temporary file beside the output (t->tmp), and, once it is
 * written, synced and renamed over the output. */
gboolean    _rushes_trimmer_open_tmp          (Trim           *t,
                                               GError        **error);
gboolean    _rushes_trimmer_commit_tmp        (Trim           *t,
                                               GError        **error);
/* Gives @muxer the new take's recipe (as the sidecar gets it, for the
 * kept range known now) as its comment tag; nothing when the source has no
 * recipe (none given, no sidecar). Before the muxer finishes. */
void        _rushes_trimmer_tag_muxer         (Trim           *t,
                                               GstElement     *muxer);
/* NAME.rushes.json for the output: the source's recipe (or a fresh one
 * describing the video) with the trim's lineage */
gboolean    _rushes_trimmer_write_sidecar     (Trim           *t,
                                               GError        **error);

/* rushes-trimmer-probe.c: the stream time of the first video packet of
 * @path and of the end of its last one (demuxed, never the header's
 * duration); stops early once the data reaches @until (GST_CLOCK_TIME_NONE:
 * read it all). Fails when no video packet can be read. */
gboolean    _rushes_trimmer_probe_data_end    (const char     *path,
                                               GstClockTime    until,
                                               GCancellable   *cancellable,
                                               GstClockTime   *first,
                                               GstClockTime   *end,
                                               GError        **error);

/* rushes-trimmer-copy.c: the packet engine. Fails with
 * RUSHES_TRIMMER_ERROR_UNSUPPORTED when an EXACT trim cannot splice the
 * codec (the driver then re-encodes it all). */
gboolean    _rushes_trimmer_copy              (Trim           *t,
                                               GError        **error);
/* Its reader (t->input demuxed, parsed only where t->mode asks: LOSSLESS
 * keeps the demuxer's packets as they are; prerolled, t->vsink/t->asink)
 * and the next video sample in decode order (NULL at the end). */
gboolean    _rushes_trimmer_reader_open       (Trim           *t,
                                               GError        **error);
GstSample  *_rushes_trimmer_reader_next_video (Trim           *t);
/* Its writer: appsrc(s) → [h264parse to avc3 when @splice_h264] → the
 * muxer of t->family → t->tmp; samples go out with t->out_segment (video)
 * or t->audio_segment; finish tags, ends, and commits the temporary file. */
gboolean    _rushes_trimmer_writer_open       (Trim           *t,
                                               GstCaps        *vcaps,
                                               GstCaps        *acaps,
                                               gboolean        splice_h264,
                                               GError        **error);
void        _rushes_trimmer_writer_push       (Trim           *t,
                                               GstElement     *src,
                                               GstBuffer      *buffer,
                                               GstCaps        *caps);
gboolean    _rushes_trimmer_writer_finish     (Trim           *t,
                                               GError        **error);

/* rushes-trimmer-encode.c */

/* the splice encoder's pipeline description for @codec (caps name), or NULL */
const char *_rushes_trimmer_encoder_for_codec (const char     *codec);
/* the same for the video @caps, keeping an H.264 source's profile (NULL: none) */
char       *_rushes_trimmer_encoder_for_caps  (GstCaps        *caps);
/* Decodes @gop (one GOP in decode order, same caps) and re-encodes the
 * frames whose PTS lies in [from, to). Returns the encoded samples. */
GPtrArray  *_rushes_trimmer_reencode_gop      (Trim           *t,
                                               GPtrArray      *gop,
                                               GstClockTime    from,
                                               GstClockTime    to,
                                               GError        **error);
/* the length of an AVC sample's NAL size fields (0: not length-prefixed H.264) */
guint       _rushes_trimmer_h264_nal_length_size (GstCaps     *caps);
/* No frame references this AVC sample: it has slices, all with
 * nal_ref_idc 0 (FALSE when in doubt). The re-encoder does not decode
 * such frames outside the range it re-encodes. */
gboolean    _rushes_trimmer_h264_is_disposable (GstBuffer     *buffer,
                                                guint          nal_length_size);
/* the re-encode engine: decode, clip to [in, out), encode, mux */
gboolean    _rushes_trimmer_reencode          (Trim           *t,
                                               GError        **error);

G_END_DECLS
