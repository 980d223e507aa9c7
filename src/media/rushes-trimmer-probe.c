/* rushes-trimmer-probe.c: where a file's video data really ends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A container's header may claim more than its data holds (a file cut
 * short by a full disk or a broken download still says 5 s in its moov or
 * EBML header), so the trimmer never trusts it: it demuxes the video packet
 * by packet (filesrc ! parsebin ! appsink, no decoding, and no parser
 * after a demuxer: its packets carry the timestamps already) and takes the
 * end of the last one. Used on the source before a trim (is the range there?)
 * and on the written file before it replaces the output (is the kept range
 * what was written?).
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gst/app/app.h>

#include "rushes-trimmer-private.h"

typedef struct
{
  GstElement *pipeline;
  GstElement *vsink;           /* the first video stream's appsink (atomic: set by a streaming thread) */
  int demuxed;                 /* atomic: parsebin has plugged a demuxer */
} Probe;

/* A demuxer's packets have their timestamps and durations: a parser after
 * it would only parse every packet again. A stream without a demuxer (a
 * raw elementary stream) gets its parser. */
static int
probe_autoplug_select_cb (GstElement         *parsebin,
                          GstPad             *pad,
                          GstCaps            *caps,
                          GstElementFactory  *factory,
                          Probe              *p)
{
  const char *klass = gst_element_factory_get_metadata (factory, GST_ELEMENT_METADATA_KLASS);

  if (klass == NULL)
    return AUTOPLUG_SELECT_TRY;
  if (strstr (klass, "Demuxer") != NULL)
    g_atomic_int_set (&p->demuxed, TRUE);
  else if (strstr (klass, "Parser") != NULL && g_atomic_int_get (&p->demuxed))
    return AUTOPLUG_SELECT_EXPOSE;
  return AUTOPLUG_SELECT_TRY;
}

static void
probe_pad_added_cb (GstElement *parsebin,
                    GstPad     *pad,
                    Probe      *p)
{
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  g_autoptr(GstPad) sinkpad = NULL;
  const char *name = gst_caps_is_empty (caps) ? "" : gst_structure_get_name (gst_caps_get_structure (caps, 0));
  gboolean video = g_str_has_prefix (name, "video/") && p->vsink == NULL;
  GstElement *sink = gst_element_factory_make (video ? "appsink" : "fakesink", NULL);

  if (sink == NULL)
    return;
  /* as fast as the disk goes; nothing waits for another stream's preroll */
  g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
  if (video)
    g_object_set (sink, "max-buffers", 64, NULL);
  gst_bin_add (GST_BIN (p->pipeline), sink);
  gst_element_sync_state_with_parent (sink);
  sinkpad = gst_element_get_static_pad (sink, "sink");
  gst_pad_link (pad, sinkpad);
  if (video)
    g_atomic_pointer_set (&p->vsink, sink);
}

/* the bus's error, if any, as "what: cause" */
static gboolean
probe_check_bus (GstElement  *pipeline,
                 gboolean    *eos,
                 GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;

  while ((msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_EOS)) != NULL)
    {
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          GError *cause = NULL;

          gst_message_parse_error (msg, &cause, NULL);
          return _rushes_trimmer_set_failed (error, _("Cannot read the file"), cause);
        }
      *eos = TRUE;
      gst_clear_message (&msg);
    }
  return TRUE;
}

gboolean
_rushes_trimmer_probe_data_end (const char    *path,
                                GstClockTime   until,
                                GCancellable  *cancellable,
                                GstClockTime  *first,
                                GstClockTime  *end,
                                GError       **error)
{
  Probe p = { 0 };
  GstElement *src, *parsebin;
  GstClockTime last_pts = GST_CLOCK_TIME_NONE, step = GST_CLOCK_TIME_NONE;
  gint64 last_change = g_get_monotonic_time ();
  gboolean eos = FALSE, ok = TRUE;

  *first = *end = GST_CLOCK_TIME_NONE;
  p.pipeline = gst_object_ref_sink (gst_pipeline_new ("trim-probe"));
  src = gst_element_factory_make ("filesrc", NULL);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  if (src == NULL || parsebin == NULL)
    {
      gst_clear_object (&src);
      gst_clear_object (&parsebin);
      _rushes_trimmer_stop_pipeline (&p.pipeline);
      return _rushes_trimmer_set_failed (error, _("GStreamer elements are missing"), NULL);
    }
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (p.pipeline), src, parsebin, NULL);
  gst_element_link (src, parsebin);
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (probe_pad_added_cb), &p);
  g_signal_connect (parsebin, "autoplug-select", G_CALLBACK (probe_autoplug_select_cb), &p);
  gst_element_set_state (p.pipeline, GST_STATE_PLAYING);

  while (ok)
    {
      g_autoptr(GstSample) sample = NULL;
      GstBuffer *buffer;
      const GstSegment *segment;
      GstClockTime pts, st, stop;
      GstElement *vsink;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      vsink = g_atomic_pointer_get (&p.vsink);
      if (vsink != NULL)
        sample = gst_app_sink_try_pull_sample (GST_APP_SINK (vsink), 50 * GST_MSECOND);
      else
        g_usleep (2000);
      ok = probe_check_bus (p.pipeline, &eos, error);
      if (sample == NULL)
        {
          if (eos || (vsink != NULL && gst_app_sink_is_eos (GST_APP_SINK (vsink))))
            break;
          if (g_get_monotonic_time () - last_change > STALL_TIMEOUT_US)
            ok = _rushes_trimmer_set_failed (error, _("Cannot read the file: reading stalled"), NULL);
          continue;
        }
      last_change = g_get_monotonic_time ();
      buffer = gst_sample_get_buffer (sample);
      segment = gst_sample_get_segment (sample);
      pts = GST_BUFFER_PTS_IS_VALID (buffer) ? GST_BUFFER_PTS (buffer) : GST_BUFFER_DTS (buffer);
      if (!GST_CLOCK_TIME_IS_VALID (pts))
        continue;
      st = segment != NULL && segment->format == GST_FORMAT_TIME
           ? gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts) : pts;
      if (!GST_CLOCK_TIME_IS_VALID (st))
        continue;
      /* a packet without a duration lasts as long as the one before */
      if (GST_BUFFER_DURATION_IS_VALID (buffer))
        step = GST_BUFFER_DURATION (buffer);
      else if (GST_CLOCK_TIME_IS_VALID (last_pts) && st > last_pts)
        step = st - last_pts;
      last_pts = st;
      stop = st + (GST_CLOCK_TIME_IS_VALID (step) ? step : 0);
      if (!GST_CLOCK_TIME_IS_VALID (*first) || st < *first)
        *first = st;
      if (!GST_CLOCK_TIME_IS_VALID (*end) || stop > *end)
        *end = stop;
      if (GST_CLOCK_TIME_IS_VALID (until) && *end >= until)
        break;
    }

  _rushes_trimmer_stop_pipeline (&p.pipeline);
  if (ok && !GST_CLOCK_TIME_IS_VALID (*end))
    {
      g_set_error_literal (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                           _("The file holds no video Rushes can read"));
      ok = FALSE;
    }
  GST_DEBUG ("%s: video data %" GST_TIME_FORMAT " – %" GST_TIME_FORMAT "%s", path,
             GST_TIME_ARGS (*first), GST_TIME_ARGS (*end), ok ? "" : " (unknown)");
  return ok;
}
