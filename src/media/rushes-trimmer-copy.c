/* rushes-trimmer-copy.c: the trimmer's packet engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * MP4/MOV/WebM/MKV in and out: a reader pipeline (filesrc ! parsebin !
 * queue ! appsink per stream) is prerolled, seeked to the keyframe at or
 * before @in and pulled GOP by GOP in decode order. Each GOP is either
 * copied as is or, for EXACT trims, re-encoded between the cut points
 * (_rushes_trimmer_reencode_gop()). Packets go to a writer pipeline
 * (appsrc ! [parser] ! muxer ! filesink) as samples carrying a segment that
 * starts at the cut, so the muxer sees running time 0 at the first kept
 * frame and stores the decode delay in an edit list. H.264 splices are
 * written as avc3 (parameter sets in-band before every IDR) because the
 * re-encoded frames come with their own SPS/PPS.
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/app.h>

#include "rushes-media-private.h"
#include "rushes-trimmer-private.h"

static GstClockTime
sample_stream_time (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    pts = GST_BUFFER_DTS (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_CLOCK_TIME_NONE;
  if (segment == NULL || segment->format != GST_FORMAT_TIME)
    return pts;
  return gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
}

static gboolean
sample_is_keyframe (GstSample *sample)
{
  return !GST_BUFFER_FLAG_IS_SET (gst_sample_get_buffer (sample), GST_BUFFER_FLAG_DELTA_UNIT);
}

/* ---- reader -------------------------------------------------------- */

static void
reader_pad_added_cb (GstElement *parsebin,
                     GstPad     *pad,
                     Trim       *t)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name;
  GstElement **sinkp = NULL;
  GstElement *queue;
  GstElement *sink;
  GstBin *bin = GST_BIN (t->reader);

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "video/") && t->vsink == NULL)
    sinkp = &t->vsink;
  else if (g_str_has_prefix (name, "audio/") && t->asink == NULL)
    sinkp = &t->asink;

  queue = gst_element_factory_make ("queue", NULL);
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  if (sinkp != NULL)
    {
      sink = gst_element_factory_make ("appsink", NULL);
      g_object_set (sink, "sync", FALSE, "max-buffers", 0, "enable-last-sample", FALSE, NULL);
      *sinkp = gst_object_ref (sink);
    }
  else
    {
      sink = gst_element_factory_make ("fakesink", NULL);
      g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
    }

  gst_bin_add_many (bin, queue, sink, NULL);
  gst_element_link (queue, sink);
  gst_element_sync_state_with_parent (sink);
  gst_element_sync_state_with_parent (queue);
  {
    g_autoptr(GstPad) qpad = gst_element_get_static_pad (queue, "sink");
    gst_pad_link (pad, qpad);
  }
}

static int
reader_autoplug_select_cb (GstElement         *parsebin,
                           GstPad             *pad,
                           GstCaps            *caps,
                           GstElementFactory  *factory,
                           Trim               *t)
{
  const char *name = gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory));

  /* h264parse/h265parse re-insert parameter sets after a seek: a lossless
   * copy takes the demuxer's access units as they are */
  if (t->mode == RUSHES_TRIM_MODE_LOSSLESS &&
      (g_str_equal (name, "h264parse") || g_str_equal (name, "h265parse")))
    return AUTOPLUG_SELECT_EXPOSE;
  return AUTOPLUG_SELECT_TRY;
}

gboolean
_rushes_trimmer_reader_open (Trim    *t,
                             GError **error)
{
  g_autofree char *path = g_file_get_path (t->input);
  g_autoptr(GError) local_error = NULL;
  GstElement *src;
  GstElement *parsebin;
  GstMessageType type;

  t->reader = gst_object_ref_sink (gst_pipeline_new ("trim-reader"));
  src = gst_element_factory_make ("filesrc", NULL);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  if (src == NULL || parsebin == NULL)
    return _rushes_trimmer_set_failed (error, _("GStreamer elements “filesrc” or “parsebin” are missing"), NULL);
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (t->reader), src, parsebin, NULL);
  gst_element_link (src, parsebin);
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (reader_pad_added_cb), t);
  g_signal_connect (parsebin, "autoplug-select", G_CALLBACK (reader_autoplug_select_cb), t);

  gst_element_set_state (t->reader, GST_STATE_PAUSED);
  type = _rushes_media_wait_async_done (t->reader, PIPELINE_TIMEOUT, t->cancellable, &local_error);
  if (type != GST_MESSAGE_ASYNC_DONE)
    return _rushes_trimmer_set_failed (error, _("Cannot read the source"), g_steal_pointer (&local_error));
  if (t->vsink == NULL)
    return _rushes_trimmer_set_failed (error, _("The source has no video"), NULL);

  return TRUE;
}

/* Read no further past the out point (the reader runs ahead, beside the
 * re-encoder): LOSSLESS needs the next keyframe (a longer GOP only loses
 * its snapping), EXACT the frames decoded among those shown before it. */
#define READ_AHEAD (10 * GST_SECOND)
#define READ_AHEAD_EXACT (GST_SECOND)

static gboolean
reader_seek (Trim          *t,
             GstClockTime   position,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GstClockTime stop = t->out + (t->mode == RUSHES_TRIM_MODE_EXACT ? READ_AHEAD_EXACT : READ_AHEAD);

  GST_DEBUG ("reader: %" G_GUINT64_FORMAT " ns to %" G_GUINT64_FORMAT " ns", position, stop);
  if (gst_element_seek (t->reader, 1.0, GST_FORMAT_TIME,
                        GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_BEFORE,
                        GST_SEEK_TYPE_SET, position, GST_SEEK_TYPE_SET, stop))
    {
      if (_rushes_media_wait_async_done (t->reader, PIPELINE_TIMEOUT, t->cancellable, &local_error) != GST_MESSAGE_ASYNC_DONE)
        return _rushes_trimmer_set_failed (error, _("Cannot seek in the source"), g_steal_pointer (&local_error));
    }

  gst_element_set_state (t->reader, GST_STATE_PLAYING);
  return TRUE;
}

static gboolean
reader_check_error (Trim    *t,
                    GError **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (t->reader);
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (msg != NULL)
    {
      GError *gst_error = NULL;

      gst_message_parse_error (msg, &gst_error, NULL);
      return _rushes_trimmer_set_failed (error, _("Cannot read the source"), gst_error);
    }
  return TRUE;
}

/* next video sample in decode order, or NULL at the end */
GstSample *
_rushes_trimmer_reader_next_video (Trim *t)
{
  if (t->vpeek != NULL)
    return g_steal_pointer (&t->vpeek);
  if (t->video_eos)
    return NULL;
  {
    GstSample *s = gst_app_sink_pull_sample (GST_APP_SINK (t->vsink));
    if (s == NULL)
      t->video_eos = TRUE;
    return s;
  }
}

/* ---- writer -------------------------------------------------------- */

static GstPadProbeReturn
drop_late_caps_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

  /* the muxer keeps the first caps: later ones only differ in fields the
   * in-band headers carry (profile, level, codec data of a spliced part) */
  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
    {
      if (g_object_get_data (G_OBJECT (pad), "rushes-have-caps"))
        return GST_PAD_PROBE_DROP;
      g_object_set_data (G_OBJECT (pad), "rushes-have-caps", GINT_TO_POINTER (1));
    }
  return GST_PAD_PROBE_OK;
}

static GstElement *
make_appsrc (GstCaps *caps)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);

  g_object_set (src,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "handle-segment-change", TRUE,
                "max-bytes", (guint64) 0,
                "caps", caps,
                NULL);
  return src;
}

gboolean
_rushes_trimmer_writer_open (Trim      *t,
                             GstCaps   *vcaps,
                             GstCaps   *acaps,
                             gboolean   splice_h264,
                             GError   **error)
{
  GstElement *mux;
  GstElement *sink;
  GstElement *vlast;
  g_autoptr(GstPad) mux_vpad = NULL;
  g_autoptr(GstPad) vlast_pad = NULL;

  if (!_rushes_trimmer_open_tmp (t, error))
    return FALSE;

  t->writer = gst_object_ref_sink (gst_pipeline_new ("trim-writer"));
  mux = gst_element_factory_make (_rushes_trimmer_muxer_for_family (t->family), "mux");
  sink = gst_element_factory_make ("filesink", NULL);
  if (mux == NULL || sink == NULL)
    return _rushes_trimmer_set_failed (error, _("A GStreamer muxer is missing"), NULL);
  g_object_set (sink, "location", rushes_output_temp_get_path (t->tmp), NULL);
  gst_bin_add_many (GST_BIN (t->writer), mux, sink, NULL);
  gst_element_link (mux, sink);

  t->vsrc = gst_object_ref (make_appsrc (vcaps));
  gst_bin_add (GST_BIN (t->writer), t->vsrc);
  vlast = t->vsrc;
  if (splice_h264)
    {
      GstElement *parse = gst_element_factory_make ("h264parse", NULL);
      GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
      g_autoptr(GstCaps) avc3 = gst_caps_from_string ("video/x-h264,stream-format=avc3,alignment=au");

      g_object_set (parse, "config-interval", -1, NULL);
      g_object_set (filter, "caps", avc3, NULL);
      gst_bin_add_many (GST_BIN (t->writer), parse, filter, NULL);
      gst_element_link_many (t->vsrc, parse, filter, NULL);
      vlast = filter;
    }
  vlast_pad = gst_element_get_static_pad (vlast, "src");
  gst_pad_add_probe (vlast_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, drop_late_caps_cb, NULL, NULL);
  mux_vpad = gst_element_request_pad_simple (mux, "video_%u");
  if (mux_vpad == NULL || gst_pad_link (vlast_pad, mux_vpad) != GST_PAD_LINK_OK)
    return _rushes_trimmer_set_failed (error, _("The output format cannot hold this video"), NULL);

  if (acaps != NULL)
    {
      g_autoptr(GstPad) asrc_pad = NULL;
      g_autoptr(GstPad) mux_apad = NULL;

      t->asrc = gst_object_ref (make_appsrc (acaps));
      gst_bin_add (GST_BIN (t->writer), t->asrc);
      asrc_pad = gst_element_get_static_pad (t->asrc, "src");
      mux_apad = gst_element_request_pad_simple (mux, "audio_%u");
      if (mux_apad == NULL || gst_pad_link (asrc_pad, mux_apad) != GST_PAD_LINK_OK)
        return _rushes_trimmer_set_failed (error, _("The output format cannot hold this audio"), NULL);
    }

  if (gst_element_set_state (t->writer, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return _rushes_trimmer_set_failed (error, _("Cannot start writing"), NULL);

  return TRUE;
}

/* Where the video pushed so far starts and ends in the output, as a
 * reading of it would say: frames before the cut's segment are not
 * shown; a frame without a duration lasts as long as the one before. */
static void
note_pushed_video (Trim      *t,
                   GstBuffer *buffer)
{
  GstClockTime pts = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
  guint64 rt;

  if (!GST_CLOCK_TIME_IS_VALID (pts) ||
      gst_segment_to_running_time_full (&t->out_segment, GST_FORMAT_TIME, pts, &rt) != 1)
    return;
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    t->pushed_step = GST_BUFFER_DURATION (buffer);
  if (!t->pushed_video || rt < t->pushed_first)
    t->pushed_first = rt;
  if (!t->pushed_video || rt + t->pushed_step > t->pushed_end)
    t->pushed_end = rt + t->pushed_step;
  t->pushed_video = TRUE;
}

void
_rushes_trimmer_writer_push (Trim       *t,
                             GstElement *src,
                             GstBuffer  *buffer,
                             GstCaps    *caps)
{
  g_autoptr(GstSample) sample = gst_sample_new (buffer, caps,
                                                src == t->asrc ? &t->audio_segment : &t->out_segment,
                                                NULL);

  if (src == t->vsrc)
    note_pushed_video (t, buffer);
  gst_app_src_push_sample (GST_APP_SRC (src), sample);
}

gboolean
_rushes_trimmer_writer_finish (Trim    *t,
                               GError **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (t->writer);
  g_autoptr(GstElement) mux = gst_bin_get_by_name (GST_BIN (t->writer), "mux");

  /* the kept range is known now; the muxer writes its tags at the end */
  _rushes_trimmer_tag_muxer (t, mux);
  gst_app_src_end_of_stream (GST_APP_SRC (t->vsrc));
  if (t->asrc != NULL)
    gst_app_src_end_of_stream (GST_APP_SRC (t->asrc));

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        return FALSE;
      msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg == NULL)
        continue;
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          return _rushes_trimmer_set_failed (error, _("Cannot write the new take"), gst_error);
        }
      break;
    }
  _rushes_trimmer_stop_pipeline (&t->writer);

  return _rushes_trimmer_commit_tmp (t, error);
}

/* ---- packet engine ------------------------------------------------------ */

/* The longest prefix of @gop (decode order) that holds exactly the frames
 * shown before some time c, with c ≤ @out (stream time): every frame in it
 * is shown before every frame after it. A frame only references frames
 * decoded before it, so such a prefix decodes on its own, and no kept frame
 * references a dropped one. Without reordering (no B-frames, VP8/VP9) that
 * is every frame before @out; with B-frames it ends after a complete group
 * (anchor + the B-frames shown before it). Returns its length and sets
 * *cut to c: the stream time of the first frame shown after the prefix, or
 * @out when nothing kept is left. */
static guint
gop_closed_prefix (GPtrArray    *gop,
                   GstClockTime  out,
                   GstClockTime *cut)
{
  g_autofree GstClockTime *suffix_min = g_new (GstClockTime, gop->len + 1);
  GstClockTime prefix_max = 0;
  guint best = 0;

  /* suffix_min[i]: the earliest frame shown among gop[i..] */
  suffix_min[gop->len] = GST_CLOCK_TIME_NONE;
  for (guint i = gop->len; i-- > 0;)
    {
      GstClockTime st = sample_stream_time (g_ptr_array_index (gop, i));

      suffix_min[i] = GST_CLOCK_TIME_IS_VALID (st) ? MIN (st, suffix_min[i + 1]) : 0;
    }
  for (guint n = 1; n <= gop->len; n++)
    {
      GstClockTime st = sample_stream_time (g_ptr_array_index (gop, n - 1));

      if (!GST_CLOCK_TIME_IS_VALID (st) || st + CUT_EPSILON >= out)
        break;
      prefix_max = MAX (prefix_max, st);
      if (prefix_max < suffix_min[n])
        best = n;
    }
  *cut = MIN (suffix_min[best], out);
  return best;
}

static GstClockTime
gop_end_stream_time (GPtrArray *gop)
{
  GstClockTime end = 0;

  for (guint i = 0; i < gop->len; i++)
    {
      GstSample *s = g_ptr_array_index (gop, i);
      GstClockTime st = sample_stream_time (s);
      GstClockTime dur = GST_BUFFER_DURATION (gst_sample_get_buffer (s));

      if (GST_CLOCK_TIME_IS_VALID (st))
        end = MAX (end, st + (GST_CLOCK_TIME_IS_VALID (dur) ? dur : 0));
    }
  return end;
}

static void
push_video_now (Trim      *t,
                GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);

  if (GST_CLOCK_TIME_IS_VALID (GST_BUFFER_DTS (buffer)))
    t->last_dts = GST_BUFFER_DTS (buffer);
  GST_LOG ("copied pts %" GST_TIME_FORMAT " dts %" GST_TIME_FORMAT,
           GST_TIME_ARGS (GST_BUFFER_PTS (buffer)), GST_TIME_ARGS (GST_BUFFER_DTS (buffer)));
  _rushes_trimmer_writer_push (t, t->vsrc, buffer, gst_sample_get_caps (sample));
}

/* a segment that starts at the cut (stream time @origin) in @sample's buffer time */
static void
segment_for_origin (GstSegment   *out,
                    GstSample    *sample,
                    GstClockTime  origin)
{
  const GstSegment *segment = gst_sample_get_segment (sample);
  guint64 position = origin;

  gst_segment_init (out, GST_FORMAT_TIME);
  if (segment != NULL && segment->format == GST_FORMAT_TIME &&
      gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, origin, &position) != 1)
    position = origin;
  out->start = position;
  out->position = position;
  out->time = 0;
}

/* audio packets with stream time in [kept_in, until) go out; earlier ones are dropped */
static void
push_audio_until (Trim         *t,
                  GstClockTime  until)
{
  if (t->asink == NULL)
    return;

  for (;;)
    {
      GstSample *s = t->apeek ? g_steal_pointer (&t->apeek) : gst_app_sink_pull_sample (GST_APP_SINK (t->asink));
      GstClockTime st;

      if (s == NULL)
        return;
      st = sample_stream_time (s);
      if (GST_CLOCK_TIME_IS_VALID (st) && st >= until)
        {
          t->apeek = s;
          return;
        }
      if (GST_CLOCK_TIME_IS_VALID (st) && st + CUT_EPSILON >= t->kept_in && t->asrc != NULL)
        {
          /* audio has its own edit list (priming): map the cut through its segment */
          if (!t->have_audio_origin)
            {
              segment_for_origin (&t->audio_segment, s, t->origin);
              t->have_audio_origin = TRUE;
            }
          _rushes_trimmer_writer_push (t, t->asrc, gst_sample_get_buffer (s), gst_sample_get_caps (s));
        }
      gst_sample_unref (s);
    }
}

/* The stream time of @gop's frame shown at @st, within CUT_EPSILON (the
 * container's rounding: WebM keeps milliseconds, so frame 16 at 12 fps is
 * 1.333 s, not 16/12 s); @st when none is. An origin after that frame
 * would put it before the output's segment, where the muxer drops it. */
static GstClockTime
frame_at (GPtrArray    *gop,
          GstClockTime  st)
{
  for (guint i = 0; i < gop->len; i++)
    {
      GstClockTime frame = sample_stream_time (g_ptr_array_index (gop, i));

      if (GST_CLOCK_TIME_IS_VALID (frame) && frame + CUT_EPSILON >= st && frame <= st + CUT_EPSILON)
        return frame;
    }
  return st;
}

static void
set_origin (Trim      *t,
            GstSample *first,
            GstClockTime origin_stream_time)
{
  segment_for_origin (&t->out_segment, first, origin_stream_time);
  t->origin = origin_stream_time;
  t->have_origin = TRUE;
}

/* Re-encoded frames get DTS = PTS - delay so that decode order stays
 * monotonic next to copied GOPs with a decode delay. */
static void
push_reencoded_now (Trim         *t,
                    GPtrArray    *encoded,
                    GstClockTime  delay)
{
  for (guint i = 0; i < encoded->len; i++)
    {
      GstSample *s = g_ptr_array_index (encoded, i);
      GstBuffer *buffer = gst_buffer_copy (gst_sample_get_buffer (s));
      const GstSegment *seg = gst_sample_get_segment (s);
      GstClockTime pts = GST_BUFFER_PTS (buffer);

      /* encoders may offset their output (x264enc: +1000 h) and say so in
       * the segment; the segment pipeline's input ran at running time = PTS */
      if (seg != NULL && seg->format == GST_FORMAT_TIME && GST_CLOCK_TIME_IS_VALID (pts))
        pts = gst_segment_to_running_time (seg, GST_FORMAT_TIME, pts);
      GST_BUFFER_PTS (buffer) = pts;
      if (GST_CLOCK_TIME_IS_VALID (pts))
        GST_BUFFER_DTS (buffer) = pts >= delay ? pts - delay : 0;
      GST_LOG ("re-encoded pts %" GST_TIME_FORMAT " dts %" GST_TIME_FORMAT,
               GST_TIME_ARGS (pts), GST_TIME_ARGS (GST_BUFFER_DTS (buffer)));
      if (GST_CLOCK_TIME_IS_VALID (t->last_dts) && t->have_origin &&
          GST_BUFFER_DTS (buffer) <= t->last_dts && i == 0)
        GST_WARNING ("re-encoded DTS %" GST_TIME_FORMAT " not after %" GST_TIME_FORMAT,
                     GST_TIME_ARGS (GST_BUFFER_DTS (buffer)), GST_TIME_ARGS (t->last_dts));
      t->last_dts = GST_BUFFER_DTS (buffer);
      _rushes_trimmer_writer_push (t, t->vsrc, buffer, gst_sample_get_caps (s));
      gst_buffer_unref (buffer);
    }
}

/* ---- the head's re-encode, beside the reader ---------------------------- */

/* An exact trim re-encodes its first GOP, from the in point on, in a
 * thread of its own while the reader goes on: the GOPs after it are
 * copied, and the last one's frames after its closed prefix re-encoded,
 * meanwhile, and held in order until the head's frames have gone out.
 * The tail's decode and encode so overlap the head's (x264 keeps about
 * one and a half of two cores busy with a GOP's frames). What is held is
 * bounded: past HELD_MAX bytes, the head is waited for. */
#define HELD_MAX (64 * 1024 * 1024)

typedef struct
{
  GstSample    *sample;    /* a copied packet; or */
  GPtrArray    *encoded;   /* re-encoded frames, to go out with DTS = PTS - delay */
  GstClockTime  delay;
} Held;

typedef struct _TrimHead
{
  GThread      *thread;
  Trim         *t;
  GPtrArray    *needed;
  guint64       from;
  guint64       to;
  GstClockTime  delay;
  GPtrArray    *encoded;   /* the thread's result; NULL: error */
  GError       *error;
  GArray       *held;      /* of Held, in order */
  gsize         held_bytes;
} TrimHead;

static void
held_clear (Held *held)
{
  g_clear_pointer (&held->sample, gst_sample_unref);
  g_clear_pointer (&held->encoded, g_ptr_array_unref);
}

static gpointer
head_thread (gpointer data)
{
  TrimHead *head = data;

  head->encoded = _rushes_trimmer_reencode_gop (head->t, head->needed, head->from, head->to, &head->error);
  return NULL;
}

static void
head_start (Trim         *t,
            GPtrArray    *needed,
            guint64       from,
            guint64       to,
            GstClockTime  delay)
{
  TrimHead *head = g_new0 (TrimHead, 1);

  head->t = t;
  head->needed = g_ptr_array_ref (needed);
  head->from = from;
  head->to = to;
  head->delay = delay;
  head->held = g_array_new (FALSE, FALSE, sizeof (Held));
  g_array_set_clear_func (head->held, (GDestroyNotify) held_clear);
  head->thread = g_thread_new ("trim-head", head_thread, head);
  t->head = head;
}

static gsize
samples_bytes (GPtrArray *samples)
{
  gsize bytes = 0;

  for (guint i = 0; i < samples->len; i++)
    bytes += gst_buffer_get_size (gst_sample_get_buffer (g_ptr_array_index (samples, i)));
  return bytes;
}

/* Waits for the head; with @push, its frames go out and then what was held */
static gboolean
head_finish (Trim      *t,
             gboolean   push,
             GError   **error)
{
  TrimHead *head = g_steal_pointer (&t->head);
  gboolean ok;

  g_thread_join (head->thread);
  ok = head->encoded != NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&head->error));
  else if (push)
    {
      push_reencoded_now (t, head->encoded, head->delay);
      for (guint i = 0; i < head->held->len; i++)
        {
          Held *held = &g_array_index (head->held, Held, i);

          if (held->sample != NULL)
            push_video_now (t, held->sample);
          else
            push_reencoded_now (t, held->encoded, held->delay);
        }
    }
  g_clear_error (&head->error);
  g_clear_pointer (&head->encoded, g_ptr_array_unref);
  g_ptr_array_unref (head->needed);
  g_array_unref (head->held);
  g_free (head);
  return ok;
}

/* video for the writer: held while the head is re-encoded */
static void
push_video (Trim      *t,
            GstSample *sample)
{
  Held held = { NULL };

  if (t->head == NULL)
    {
      push_video_now (t, sample);
      return;
    }
  held.sample = gst_sample_ref (sample);
  t->head->held_bytes += gst_buffer_get_size (gst_sample_get_buffer (sample));
  g_array_append_val (t->head->held, held);
}

static void
push_reencoded (Trim         *t,
                GPtrArray    *encoded,
                GstClockTime  delay)
{
  Held held = { NULL };

  if (t->head == NULL)
    {
      push_reencoded_now (t, encoded, delay);
      return;
    }
  held.encoded = g_ptr_array_ref (encoded);
  held.delay = delay;
  t->head->held_bytes += samples_bytes (encoded);
  g_array_append_val (t->head->held, held);
}

static GstClockTime
sample_decode_delay (GstSample *sample)
{
  GstBuffer *b = gst_sample_get_buffer (sample);

  if (GST_CLOCK_TIME_IS_VALID (GST_BUFFER_PTS (b)) && GST_CLOCK_TIME_IS_VALID (GST_BUFFER_DTS (b)) &&
      GST_BUFFER_PTS (b) > GST_BUFFER_DTS (b))
    return GST_BUFFER_PTS (b) - GST_BUFFER_DTS (b);
  return 0;
}

/* Re-encodes the frames of @gop shown in [from_st, to_st) (stream time)
 * and pushes them with DTS = PTS - @delay (H.264), so decode order stays
 * monotonic next to copied packets that have that decode delay. Only the
 * packets up to the last one shown before @to_st are decoded. */
static gboolean
splice_reencoded (Trim          *t,
                  GPtrArray     *gop,
                  GstClockTime   from_st,
                  GstClockTime   to_st,
                  GstClockTime   delay,
                  gboolean       h264,
                  gboolean       in_background,
                  GError       **error)
{
  const GstSegment *seg = gst_sample_get_segment (g_ptr_array_index (gop, 0));
  g_autoptr(GPtrArray) needed = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autoptr(GPtrArray) encoded = NULL;
  guint64 from = from_st, to = to_st;
  guint last = 0;

  for (guint i = 0; i < gop->len; i++)
    {
      GstClockTime st = sample_stream_time (g_ptr_array_index (gop, i));

      if (!GST_CLOCK_TIME_IS_VALID (st) || st + CUT_EPSILON < to_st)
        last = i;
    }
  for (guint i = 0; i <= last; i++)
    g_ptr_array_add (needed, gst_sample_ref (g_ptr_array_index (gop, i)));

  if (seg != NULL && seg->format == GST_FORMAT_TIME)
    {
      gst_segment_position_from_stream_time_full (seg, GST_FORMAT_TIME, from_st, &from);
      gst_segment_position_from_stream_time_full (seg, GST_FORMAT_TIME, to_st, &to);
    }
  if (in_background && t->head == NULL)
    {
      head_start (t, needed, from, to, h264 ? delay : 0);
      return TRUE;
    }
  encoded = _rushes_trimmer_reencode_gop (t, needed, from, to, error);
  if (encoded == NULL)
    return FALSE;
  push_reencoded (t, encoded, h264 ? delay : 0);
  return TRUE;
}

static gboolean
copy_packets (Trim    *t,
              GError **error)
{
  g_autoptr(GPtrArray) gop = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;
  GstClockTime end;
  GstClockTime data_end = 0;   /* the end of the video read so far */
  gboolean past_data = FALSE;
  gboolean splice = FALSE;
  gboolean h264 = FALSE;
  gboolean done = FALSE;
  gboolean first_gop = TRUE;

  if (!_rushes_trimmer_reader_open (t, error))
    return FALSE;

  {
    g_autoptr(GstPad) vpad = gst_element_get_static_pad (t->vsink, "sink");
    vcaps = gst_pad_get_current_caps (vpad);
    if (t->asink != NULL)
      {
        g_autoptr(GstPad) apad = gst_element_get_static_pad (t->asink, "sink");
        acaps = gst_pad_get_current_caps (apad);
      }
  }
  if (vcaps == NULL)
    return _rushes_trimmer_set_failed (error, _("Cannot read the source"), NULL);
  _rushes_trimmer_note_video_caps (t, vcaps);

  {
    const char *codec = gst_structure_get_name (gst_caps_get_structure (vcaps, 0));

    h264 = g_str_equal (codec, "video/x-h264");
    if (t->mode == RUSHES_TRIM_MODE_EXACT)
      {
        if (_rushes_trimmer_encoder_for_codec (codec) == NULL)
          {
            /* no splice for this codec: the caller re-encodes it all */
            g_set_error_literal (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                                 _("No encoder can splice this codec"));
            return FALSE;
          }
        splice = h264;
      }
  }

  if (!reader_seek (t, t->in, error))
    return FALSE;

  if (!t->plan_only && !_rushes_trimmer_writer_open (t, vcaps, acaps, splice, error))
    return FALSE;

  t->last_dts = GST_CLOCK_TIME_NONE;
  end = t->out;

  while (!done)
    {
      GstSample *s;
      GstClockTime gs, ge;
      GstSample *next_key = NULL;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        return FALSE;

      /* gather one GOP: a keyframe and its delta units */
      g_ptr_array_set_size (gop, 0);
      while ((s = _rushes_trimmer_reader_next_video (t)) != NULL)
        {
          if (gop->len > 0 && sample_is_keyframe (s))
            {
              t->vpeek = s;
              next_key = s;
              break;
            }
          if (gop->len == 0 && !sample_is_keyframe (s))
            {
              /* leading delta units without their keyframe (broken start) */
              gst_sample_unref (s);
              continue;
            }
          g_ptr_array_add (gop, s);
        }
      if (!reader_check_error (t, error))
        return FALSE;
      if (gop->len == 0)
        break;

      gs = sample_stream_time (g_ptr_array_index (gop, 0));
      ge = next_key ? sample_stream_time (next_key) : gop_end_stream_time (gop);
      if (GST_CLOCK_TIME_IS_VALID (ge))
        data_end = MAX (data_end, ge);
      /* the data ends before the in point (the header promised more) */
      if (next_key == NULL && t->video_eos && ge <= t->in + CUT_EPSILON)
        {
          past_data = TRUE;
          break;
        }

      if (t->mode == RUSHES_TRIM_MODE_LOSSLESS)
        {
          if (first_gop)
            {
              t->kept_in = gs;
              _rushes_trimmer_post_state (t->self, -1, t->kept_in, GST_CLOCK_TIME_NONE);
            }
          else if (gs + CUT_EPSILON >= t->out)
            {
              t->kept_out = gs;
              break;
            }
          if (!t->have_origin)
            set_origin (t, g_ptr_array_index (gop, 0), t->kept_in);
          if (!t->plan_only)
            for (guint i = 0; i < gop->len; i++)
              push_video (t, g_ptr_array_index (gop, i));
          t->kept_out = ge;
          end = MAX (t->out, ge);
        }
      else
        {
          if (first_gop)
            {
              t->kept_in = t->in;
              t->kept_out = t->out;
              _rushes_trimmer_post_state (t->self, -1, t->kept_in, t->kept_out);
            }
          if (ge <= t->in + CUT_EPSILON && next_key != NULL)
            {
              first_gop = FALSE;
              continue;
            }
          if (gs + CUT_EPSILON >= t->out)
            break;
          if (t->plan_only)
            break;
          if (!t->have_origin)
            set_origin (t, g_ptr_array_index (gop, 0), frame_at (gop, t->in));

          if (gs + CUT_EPSILON >= t->in && ge <= t->out + CUT_EPSILON)
            {
              for (guint i = 0; i < gop->len; i++)
                push_video (t, g_ptr_array_index (gop, i));
            }
          else if (gs + CUT_EPSILON >= t->in)
            {
              /* the last GOP: copy what decodes on its own, re-encode the
               * rest up to out (nothing without reordering) */
              GstClockTime cut;
              guint n = gop_closed_prefix (gop, t->out, &cut);

              GST_DEBUG ("last GOP: %u of %u packets copied, re-encoding %" GST_TIME_FORMAT
                         " to %" GST_TIME_FORMAT, n, gop->len, GST_TIME_ARGS (cut), GST_TIME_ARGS (t->out));
              for (guint i = 0; i < n; i++)
                push_video (t, g_ptr_array_index (gop, i));
              if (cut + CUT_EPSILON < t->out &&
                  !splice_reencoded (t, gop, cut, t->out, sample_decode_delay (g_ptr_array_index (gop, 0)), h264,
                                     FALSE, error))
                return FALSE;
            }
          else if (!splice_reencoded (t, gop, MAX (gs, t->in), MIN (ge, t->out),
                                      sample_decode_delay (next_key != NULL && ge < t->out
                                                           ? next_key : g_ptr_array_index (gop, 0)),
                                      h264, next_key != NULL && ge + CUT_EPSILON < t->out, error))
            return FALSE;
          if (t->head != NULL && t->head->held_bytes > HELD_MAX && !head_finish (t, TRUE, error))
            return FALSE;
          if (ge + CUT_EPSILON >= t->out)
            done = TRUE;
        }

      first_gop = FALSE;
      if (!t->plan_only)
        {
          push_audio_until (t, MIN (ge, end));
          if (end > t->kept_in)
            _rushes_trimmer_post_state (t->self, (double) (MIN (ge, end) - t->kept_in) / (end - t->kept_in),
                                        GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
        }
      if (t->plan_only && t->mode == RUSHES_TRIM_MODE_EXACT)
        break;
    }

  if (t->head != NULL && !head_finish (t, TRUE, error))
    return FALSE;
  if (t->mode == RUSHES_TRIM_MODE_LOSSLESS)
    _rushes_trimmer_post_state (t->self, -1, GST_CLOCK_TIME_NONE, t->kept_out);

  if (t->plan_only)
    return TRUE;

  if (!t->have_origin || past_data)
    {
      /* say where the data ends when the range starts past it */
      if (!_rushes_trimmer_clamp_to_data (t, error))
        return FALSE;
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The range to keep lies outside the clip"));
      return FALSE;
    }
  if (t->video_eos && data_end + CUT_EPSILON < t->out)
    {
      /* the data ends before the out point: the range stops there */
      _rushes_trimmer_end_at_data (t, data_end);
      if (t->mode == RUSHES_TRIM_MODE_EXACT)
        t->kept_out = data_end;
    }

  push_audio_until (t, t->mode == RUSHES_TRIM_MODE_LOSSLESS ? t->kept_out : t->out);
  _rushes_trimmer_stop_pipeline (&t->reader);

  return _rushes_trimmer_writer_finish (t, error);
}

gboolean
_rushes_trimmer_copy (Trim    *t,
                      GError **error)
{
  gboolean ok = copy_packets (t, error);

  /* failed with the head's re-encode under way: wait for it, push nothing */
  if (t->head != NULL)
    head_finish (t, FALSE, NULL);
  return ok;
}
