/* rushes-trimmer-encode.c: the trimmer's re-encoding
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Smart render: the packet engine hands the GOPs at the cut points to
 * _rushes_trimmer_reencode_gop(), a small segment pipeline (appsrc !
 * decodebin ! encoder ! parser ! appsink) that re-encodes only the frames
 * inside the kept range.
 *
 * Re-encode engine (everything else, e.g. GIF/WebP, or a container
 * change): filesrc ! decodebin → clip to [in, out) → encoder → muxer.
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/app.h>
#include <gst/audio/audio.h>

#include "rushes-media-private.h"
#include "rushes-trimmer-private.h"

/* ---- smart render: the GOPs at the cut points ------------------------- */

typedef struct
{
  GstClockTime from; /* buffer time, inclusive */
  GstClockTime to;   /* buffer time, exclusive */
} ClipRange;

static GstPadProbeReturn
clip_video_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         data)
{
  ClipRange *range = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts) ||
      pts + CUT_EPSILON < range->from ||
      pts + CUT_EPSILON >= range->to)
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

const char *
_rushes_trimmer_encoder_for_codec (const char *codec)
{
  if (g_str_equal (codec, "video/x-h264"))
    return "x264enc name=enc speed-preset=veryfast pass=qual quantizer=16 vbv-buf-capacity=0 bframes=0 key-int-max=600 ! h264parse ! video/x-h264,stream-format=avc,alignment=au";
  if (g_str_equal (codec, "video/x-vp9"))
    return "vp9enc name=enc deadline=1 cpu-used=6 end-usage=cq cq-level=12 target-bitrate=20000000 lag-in-frames=0 keyframe-max-dist=600 threads=2 row-mt=true";
  if (g_str_equal (codec, "video/x-vp8"))
    return "vp8enc name=enc deadline=1 cpu-used=8 end-usage=cq cq-level=8 lag-in-frames=0 keyframe-max-dist=600 threads=2";
  return NULL;
}

char *
_rushes_trimmer_encoder_for_caps (GstCaps *caps)
{
  GstStructure *st = gst_caps_get_structure (caps, 0);
  const char *codec = gst_structure_get_name (st);
  const char *enc = _rushes_trimmer_encoder_for_codec (codec);
  const char *profile = gst_structure_get_string (st, "profile");

  if (enc == NULL)
    return NULL;
  if (g_str_equal (codec, "video/x-h264") && profile != NULL &&
      (g_str_equal (profile, "high") || g_str_equal (profile, "main") ||
       g_str_equal (profile, "constrained-baseline") || g_str_equal (profile, "baseline")))
    return g_strdup_printf ("%s,profile=%s", enc, profile);
  return g_strdup (enc);
}

guint
_rushes_trimmer_h264_nal_length_size (GstCaps *caps)
{
  GstStructure *st = gst_caps_get_structure (caps, 0);
  const char *format = gst_structure_get_string (st, "stream-format");
  const GValue *value = gst_structure_get_value (st, "codec_data");
  GstMapInfo map;
  guint size = 0;

  if (!gst_structure_has_name (st, "video/x-h264") || format == NULL || !g_str_has_prefix (format, "avc") ||
      value == NULL || !GST_VALUE_HOLDS_BUFFER (value))
    return 0;
  if (gst_buffer_map (gst_value_get_buffer (value), &map, GST_MAP_READ))
    {
      if (map.size >= 5 && map.data[0] == 1)
        size = (map.data[4] & 3) + 1;
      gst_buffer_unmap (gst_value_get_buffer (value), &map);
    }
  return size;
}

gboolean
_rushes_trimmer_h264_is_disposable (GstBuffer *buffer,
                                    guint      nal_length_size)
{
  GstMapInfo map;
  gsize pos = 0;
  gboolean slices = FALSE, disposable = TRUE;

  if (nal_length_size == 0 || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return FALSE;
  while (disposable && pos < map.size)
    {
      gsize len = 0;
      guint type;

      if (map.size - pos <= nal_length_size)
        {
          disposable = FALSE;
          break;
        }
      for (guint i = 0; i < nal_length_size; i++)
        len = (len << 8) | map.data[pos + i];
      pos += nal_length_size;
      if (len == 0 || len > map.size - pos)
        {
          disposable = FALSE;
          break;
        }
      type = map.data[pos] & 0x1f;
      if (type >= 1 && type <= 5)
        {
          slices = TRUE;
          if ((map.data[pos] & 0x60) != 0)
            disposable = FALSE;
        }
      pos += len;
    }
  gst_buffer_unmap (buffer, &map);
  return slices && disposable;
}

GPtrArray *
_rushes_trimmer_reencode_gop (Trim          *t,
                              GPtrArray     *gop,
                              GstClockTime   from,
                              GstClockTime   to,
                              GError       **error)
{
  GstCaps *caps = gst_sample_get_caps (g_ptr_array_index (gop, 0));
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) enc_pad = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  ClipRange range = { from, to };
  g_autofree char *enc = _rushes_trimmer_encoder_for_caps (caps);
  guint nal_length_size = _rushes_trimmer_h264_nal_length_size (caps);
  guint skipped = 0;

  if (enc == NULL)
    return _rushes_trimmer_set_failed (error, _("Cannot build the encoder"), NULL), NULL;
  desc = g_strdup_printf ("appsrc name=src format=time ! decodebin ! videoconvert ! %s ! appsink name=sink sync=false", enc);

  pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (pipeline == NULL)
    return _rushes_trimmer_set_failed (error, _("Cannot build the encoder"), g_steal_pointer (&local_error)), NULL;
  gst_object_ref_sink (pipeline);

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  g_object_set (src, "caps", caps, "max-bytes", (guint64) 0, NULL);
  g_object_set (sink, "max-buffers", 0, NULL);
  enc_pad = gst_element_get_static_pad (encoder, "sink");
  gst_pad_add_probe (enc_pad, GST_PAD_PROBE_TYPE_BUFFER, clip_video_cb, &range, NULL);

  for (guint i = 0; i < gop->len; i++)
    {
      GstBuffer *buffer = gst_sample_get_buffer (g_ptr_array_index (gop, i));
      GstClockTime pts = GST_BUFFER_PTS (buffer);

      /* a frame outside the range that no other frame references need
       * not be decoded (ffmpeg's skip_frame=nonref): a third of the
       * frames with B-frames */
      if (GST_CLOCK_TIME_IS_VALID (pts) && (pts + CUT_EPSILON < from || pts + CUT_EPSILON >= to) &&
          _rushes_trimmer_h264_is_disposable (buffer, nal_length_size))
        {
          skipped++;
          continue;
        }
      gst_app_src_push_buffer (GST_APP_SRC (src), gst_buffer_ref (buffer));
    }
  GST_DEBUG ("re-encoding %" GST_TIME_FORMAT " – %" GST_TIME_FORMAT ": %u of %u packets decoded",
             GST_TIME_ARGS (from), GST_TIME_ARGS (to), gop->len - skipped, gop->len);
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  for (;;)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
      g_autoptr(GstMessage) msg = NULL;

      if (sample != NULL)
        {
          g_ptr_array_add (result, sample);
          continue;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (msg != NULL)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          gst_element_set_state (pipeline, GST_STATE_NULL);
          return _rushes_trimmer_set_failed (error, _("Cannot re-encode the cut"), gst_error), NULL;
        }
      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        {
          gst_element_set_state (pipeline, GST_STATE_NULL);
          return NULL;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return g_steal_pointer (&result);
}

/* ---- re-encode engine --------------------------------------------------- */

typedef struct
{
  GstClockTime in;  /* stream time */
  GstClockTime out;
  gboolean audio;
  gint rate;
  gint bpf;
} ReencodeClip;

static GstPadProbeReturn
reencode_clip_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         data)
{
  ReencodeClip *clip = data;
  GstSegment *segment = g_object_get_data (G_OBJECT (pad), "rushes-segment");

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          const GstSegment *in_seg;
          GstSegment *seg = gst_segment_new ();
          guint64 start = clip->in;

          gst_event_parse_segment (event, &in_seg);
          gst_segment_copy_into (in_seg, seg);
          g_object_set_data_full (G_OBJECT (pad), "rushes-segment", gst_segment_copy (in_seg),
                                  (GDestroyNotify) gst_segment_free);
          if (gst_segment_position_from_stream_time_full (in_seg, GST_FORMAT_TIME, clip->in, &start) != 1)
            start = clip->in;
          seg->start = start;
          seg->position = start;
          seg->time = 0;
          seg->base = 0;
          seg->stop = -1;
          info->data = gst_event_new_segment (seg);
          gst_event_unref (event);
          gst_segment_free (seg);
        }
      else if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS && clip->audio)
        {
          GstCaps *caps;
          GstAudioInfo ainfo;

          gst_event_parse_caps (event, &caps);
          if (gst_audio_info_from_caps (&ainfo, caps))
            {
              clip->rate = GST_AUDIO_INFO_RATE (&ainfo);
              clip->bpf = GST_AUDIO_INFO_BPF (&ainfo);
            }
        }
      return GST_PAD_PROBE_OK;
    }

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GstClockTime pts = GST_BUFFER_PTS (buffer);
      GstClockTime st;

      if (!GST_CLOCK_TIME_IS_VALID (pts) || segment == NULL)
        return GST_PAD_PROBE_DROP;
      st = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
      if (!GST_CLOCK_TIME_IS_VALID (st))
        return GST_PAD_PROBE_DROP;

      if (!clip->audio)
        {
          if (st + CUT_EPSILON < clip->in || st + CUT_EPSILON >= clip->out)
            return GST_PAD_PROBE_DROP;
          return GST_PAD_PROBE_OK;
        }
      else
        {
          GstSegment clip_seg;
          guint64 start = clip->in, stop = clip->out;

          if (clip->rate <= 0)
            return GST_PAD_PROBE_DROP;
          gst_segment_copy_into (segment, &clip_seg);
          gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, clip->in, &start);
          gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, clip->out, &stop);
          clip_seg.start = start;
          clip_seg.stop = stop;
          buffer = gst_audio_buffer_clip (buffer, &clip_seg, clip->rate, clip->bpf);
          info->data = buffer;
          if (buffer == NULL)
            return GST_PAD_PROBE_DROP;
          return GST_PAD_PROBE_OK;
        }
    }

  return GST_PAD_PROBE_OK;
}

typedef struct
{
  Trim *t;
  GstElement *mux;
  ReencodeClip vclip;
  ReencodeClip aclip;
  gboolean have_video;
  gboolean have_audio;
  gboolean failed;
} Reencode;

static void
reencode_pad_added_cb (GstElement *decodebin,
                       GstPad     *pad,
                       Reencode   *r)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstBin *bin = GST_BIN (r->t->writer);
  const char *name;
  g_autofree char *desc = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *chain;
  g_autoptr(GstPad) chain_sink = NULL;
  g_autoptr(GstPad) chain_src = NULL;
  g_autoptr(GstPad) mux_pad = NULL;
  gboolean webm = r->t->family == FAMILY_WEBM || r->t->family == FAMILY_MKV;
  ReencodeClip *clip;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "video/") && !r->have_video)
    {
      r->have_video = TRUE;
      _rushes_trimmer_note_video_caps (r->t, caps);
      /* before any data: the recipe, over the source's own comment */
      _rushes_trimmer_tag_muxer (r->t, r->mux);
      clip = &r->vclip;
      desc = g_strdup_printf ("queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 ! identity name=clip ! videoconvert ! %s",
                              webm ? _rushes_trimmer_encoder_for_codec ("video/x-vp9")
                                   : "x264enc speed-preset=veryfast pass=qual quantizer=16 ! video/x-h264,profile=high ! h264parse");
      mux_pad = gst_element_request_pad_simple (r->mux, "video_%u");
    }
  else if (g_str_has_prefix (name, "audio/") && !r->have_audio)
    {
      GstElementFactory *aac = gst_element_factory_find ("voaacenc");

      r->have_audio = TRUE;
      clip = &r->aclip;
      desc = g_strdup_printf ("queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 ! audioconvert ! audioresample ! identity name=clip ! %s",
                              webm ? "opusenc ! opusparse" : (aac ? "voaacenc ! aacparse" : "avenc_aac ! aacparse"));
      g_clear_object (&aac);
      mux_pad = gst_element_request_pad_simple (r->mux, "audio_%u");
    }
  else
    {
      GstElement *fake = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) fpad = gst_element_get_static_pad (fake, "sink");

      g_object_set (fake, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (bin, fake);
      gst_element_sync_state_with_parent (fake);
      gst_pad_link (pad, fpad);
      return;
    }

  chain = gst_parse_bin_from_description (desc, TRUE, &error);
  if (chain == NULL || mux_pad == NULL)
    {
      r->failed = TRUE;
      return;
    }
  gst_bin_add (bin, chain);
  {
    g_autoptr(GstElement) identity = gst_bin_get_by_name (GST_BIN (chain), "clip");
    g_autoptr(GstPad) ipad = gst_element_get_static_pad (identity, "src");

    gst_pad_add_probe (ipad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                       reencode_clip_cb, clip, NULL);
  }
  chain_sink = gst_element_get_static_pad (chain, "sink");
  chain_src = gst_element_get_static_pad (chain, "src");
  if (gst_pad_link (chain_src, mux_pad) != GST_PAD_LINK_OK)
    r->failed = TRUE;
  gst_element_sync_state_with_parent (chain);
  gst_pad_link (pad, chain_sink);
}

gboolean
_rushes_trimmer_reencode (Trim    *t,
                          GError **error)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *src, *decodebin, *sink;
  Reencode r = { 0 };
  gint64 last_position = -1;
  gint64 last_change = g_get_monotonic_time ();

  t->kept_in = t->in;
  t->kept_out = t->out;
  _rushes_trimmer_post_state (t->self, -1, t->kept_in, t->kept_out);
  if (t->plan_only)
    return TRUE;

  if (!_rushes_trimmer_open_tmp (t, error))
    return FALSE;

  t->writer = gst_object_ref_sink (gst_pipeline_new ("trim-reencode"));
  src = gst_element_factory_make ("filesrc", NULL);
  decodebin = gst_element_factory_make ("decodebin", NULL);
  r.mux = gst_element_factory_make (_rushes_trimmer_muxer_for_family (t->family), NULL);
  sink = gst_element_factory_make ("filesink", NULL);
  if (src == NULL || decodebin == NULL || r.mux == NULL || sink == NULL)
    return _rushes_trimmer_set_failed (error, _("GStreamer elements are missing"), NULL);
  g_object_set (src, "location", g_file_peek_path (t->input), NULL);
  g_object_set (sink, "location", rushes_output_temp_get_path (t->tmp), NULL);
  gst_bin_add_many (GST_BIN (t->writer), src, decodebin, r.mux, sink, NULL);
  gst_element_link (src, decodebin);
  gst_element_link (r.mux, sink);

  r.t = t;
  r.vclip.in = r.aclip.in = t->in;
  r.vclip.out = r.aclip.out = t->out;
  r.aclip.audio = TRUE;
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (reencode_pad_added_cb), &r);

  gst_element_set_state (t->writer, GST_STATE_PLAYING);
  bus = gst_element_get_bus (t->writer);
  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;
      gint64 position = -1;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        {
          _rushes_trimmer_stop_pipeline (&t->writer);
          return FALSE;
        }
      msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg == NULL)
        {
          if (gst_element_query_position (t->writer, GST_FORMAT_TIME, &position) && position != last_position)
            {
              last_position = position;
              last_change = g_get_monotonic_time ();
              if (t->out > t->in)
                _rushes_trimmer_post_state (t->self, (double) position / (t->out - t->in), GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
            }
          else if (g_get_monotonic_time () - last_change > STALL_TIMEOUT_US)
            {
              _rushes_trimmer_stop_pipeline (&t->writer);
              return _rushes_trimmer_set_failed (error, _("Cannot re-encode the source: decoding stalled"), NULL);
            }
          continue;
        }
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          _rushes_trimmer_stop_pipeline (&t->writer);
          return _rushes_trimmer_set_failed (error, _("Cannot re-encode the source"), gst_error);
        }
      break;
    }
  _rushes_trimmer_stop_pipeline (&t->writer);

  if (r.failed || !r.have_video)
    return _rushes_trimmer_set_failed (error, _("The source has no video Rushes can re-encode"), NULL);

  return _rushes_trimmer_commit_tmp (t, error);
}
