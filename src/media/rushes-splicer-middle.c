/* rushes-splicer-middle.c: the retake's frames, made to fit the take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two pipelines run side by side on the splicer's worker thread: the
 * decoder (filesrc ! decodebin ! videoconvert ! videoscale ! raw caps of
 * the source's size ! appsink) and the encoder (appsrc ! the trimmer's
 * splice encoder for the source's codec ! appsink). Output frame k (of n)
 * is the middle's frame shown at k/n of its length: the middle's own
 * length and frame rate are mapped onto out − in, repeating or dropping
 * frames, and every output frame gets the source's frame timing.
 */
#define G_LOG_DOMAIN "rushes-splicer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/app.h>

#include "rushes-splicer-private.h"

/* raw frames waiting for the encoder at most */
#define ENCODER_BACKLOG 4

typedef struct
{
  GstElement *decoder;
  GstElement *raw;       /* the decoder's appsink */
  GstElement *encoder;
  GstElement *src;       /* the encoder's appsrc */
  GstElement *sink;      /* the encoder's appsink */
  GPtrArray *encoded;
  GCancellable *cancellable;
} Middle;

static void
middle_clear (Middle *m)
{
  _rushes_trimmer_stop_pipeline (&m->decoder);
  _rushes_trimmer_stop_pipeline (&m->encoder);
  gst_clear_object (&m->raw);
  gst_clear_object (&m->src);
  gst_clear_object (&m->sink);
  g_clear_pointer (&m->encoded, g_ptr_array_unref);
}

/* an error posted on @pipeline's bus, as a splice failure */
static gboolean
check_bus (GstElement  *pipeline,
           const char  *what,
           GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  GError *gst_error = NULL;

  if (msg == NULL)
    return TRUE;
  gst_message_parse_error (msg, &gst_error, NULL);
  return _rushes_trimmer_set_failed (error, what, gst_error);
}

static GstElement *
launch (const char    *desc,
        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  GstElement *pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);

  if (pipeline == NULL)
    {
      _rushes_trimmer_set_failed (error, _("Cannot build the retake’s encoder"), g_steal_pointer (&local_error));
      return NULL;
    }
  return gst_object_ref_sink (pipeline);
}

static gboolean
middle_open (Middle                 *m,
             GFile                  *middle,
             GstCaps                *vcaps,
             const RushesSplicePlan *plan,
             GError                **error)
{
  g_autofree char *enc = _rushes_trimmer_encoder_for_caps (vcaps);
  g_autofree char *raw_caps = NULL;
  g_autofree char *decoder_desc = NULL;
  g_autofree char *encoder_desc = NULL;
  g_autoptr(GstElement) filesrc = NULL;

  if (enc == NULL)
    return _rushes_trimmer_set_failed (error, _("No encoder can splice this codec"), NULL);
  raw_caps = g_strdup_printf ("video/x-raw,format=I420,width=%d,height=%d,pixel-aspect-ratio=1/1",
                              plan->width, plan->height);
  decoder_desc = g_strdup_printf ("filesrc name=file ! decodebin ! videoconvert ! videoscale ! %s ! "
                                  "appsink name=raw sync=false max-buffers=2", raw_caps);
  encoder_desc = g_strdup_printf ("appsrc name=src format=time ! videoconvert ! %s ! appsink name=sink sync=false", enc);

  m->decoder = launch (decoder_desc, error);
  m->encoder = m->decoder ? launch (encoder_desc, error) : NULL;
  if (m->encoder == NULL)
    return FALSE;
  filesrc = gst_bin_get_by_name (GST_BIN (m->decoder), "file");
  g_object_set (filesrc, "location", g_file_peek_path (middle), NULL);
  m->raw = gst_bin_get_by_name (GST_BIN (m->decoder), "raw");
  m->src = gst_bin_get_by_name (GST_BIN (m->encoder), "src");
  m->sink = gst_bin_get_by_name (GST_BIN (m->encoder), "sink");
  {
    g_autofree char *full = g_strdup_printf ("%s,framerate=%d/%d", raw_caps, plan->fps_n, plan->fps_d);
    g_autoptr(GstCaps) caps = gst_caps_from_string (full);

    g_object_set (m->src, "caps", caps, "max-bytes", (guint64) 0, NULL);
  }
  g_object_set (m->sink, "max-buffers", 0, NULL);

  if (gst_element_set_state (m->encoder, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE ||
      gst_element_set_state (m->decoder, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return _rushes_trimmer_set_failed (error, _("Cannot read the retake"), NULL);
  return TRUE;
}

/* Takes what the encoder has made; waits (while it works) until at most
 * @backlog raw frames wait for it. */
static gboolean
drain_encoder (Middle  *m,
               guint    backlog,
               GError **error)
{
  for (;;)
    {
      GstSample *sample;
      guint64 queued = 0;

      while ((sample = gst_app_sink_try_pull_sample (GST_APP_SINK (m->sink), 0)) != NULL)
        g_ptr_array_add (m->encoded, sample);
      if (!check_bus (m->encoder, _("Cannot encode the retake"), error))
        return FALSE;
      if (g_cancellable_set_error_if_cancelled (m->cancellable, error))
        return FALSE;
      g_object_get (m->src, "current-level-buffers", &queued, NULL);
      if (queued <= backlog)
        return TRUE;
      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (m->sink), 20 * GST_MSECOND);
      if (sample != NULL)
        g_ptr_array_add (m->encoded, sample);
    }
}

static GstSample *
next_raw (Middle *m)
{
  return gst_app_sink_pull_sample (GST_APP_SINK (m->raw));
}

static GstClockTime
raw_time (GstSample *sample)
{
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime pts = GST_BUFFER_PTS (gst_sample_get_buffer (sample));

  if (!GST_CLOCK_TIME_IS_VALID (pts) || segment == NULL || segment->format != GST_FORMAT_TIME)
    return pts;
  return gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
}

/* the middle's first frame and the end of its last one (NONE: unknown) */
static void
middle_span (GFile        *middle,
             GCancellable *cancellable,
             GstClockTime *first,
             GstClockTime *end)
{
  g_autoptr(GError) error = NULL;

  if (!_rushes_trimmer_probe_data_end (g_file_peek_path (middle), GST_CLOCK_TIME_NONE, cancellable,
                                       first, end, &error) || *end <= *first)
    {
      GST_INFO ("the middle's length is unknown (%s): taken frame by frame",
                error ? error->message : "empty");
      *first = 0;
      *end = GST_CLOCK_TIME_NONE;
    }
}

GPtrArray *
_rushes_splicer_encode_middle (GFile                  *middle,
                               GstCaps                *vcaps,
                               const RushesSplicePlan *plan,
                               GCancellable           *cancellable,
                               GError                **error)
{
  Middle m = { 0, };
  guint n = plan->out_frame - plan->in_frame;
  GstClockTime frame = gst_util_uint64_scale (GST_SECOND, plan->fps_d, plan->fps_n);
  GstClockTime first, end;
  GstSample *cur = NULL;
  GstSample *next = NULL;
  GPtrArray *result = NULL;

  middle_span (middle, cancellable, &first, &end);
  m.cancellable = cancellable;
  m.encoded = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  if (!middle_open (&m, middle, vcaps, plan, error))
    goto out;

  next = next_raw (&m);
  for (guint k = 0; k < n; k++)
    {
      /* the middle's frame shown at k/n of its length (or its k-th frame) */
      GstClockTime target = GST_CLOCK_TIME_IS_VALID (end)
                            ? first + gst_util_uint64_scale (k, end - first, n)
                            : first + k * frame;
      GstBuffer *buffer;

      while (next != NULL && (cur == NULL || raw_time (next) <= target + CUT_EPSILON))
        {
          g_clear_pointer (&cur, gst_sample_unref);
          cur = next;
          next = next_raw (&m);
        }
      if (cur == NULL)
        {
          if (check_bus (m.decoder, _("Cannot read the retake"), error))
            g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
                         _("The retake has no video frame"));
          goto out;
        }
      buffer = gst_buffer_copy (gst_sample_get_buffer (cur));
      GST_BUFFER_PTS (buffer) = k * frame;
      GST_BUFFER_DTS (buffer) = GST_CLOCK_TIME_NONE;
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (k + 1, GST_SECOND * plan->fps_d, plan->fps_n) - k * frame;
      GST_BUFFER_FLAG_UNSET (buffer, GST_BUFFER_FLAG_DISCONT);
      gst_app_src_push_buffer (GST_APP_SRC (m.src), buffer);
      if (!drain_encoder (&m, ENCODER_BACKLOG, error))
        goto out;
    }
  g_clear_pointer (&next, gst_sample_unref);
  if (!check_bus (m.decoder, _("Cannot read the retake"), error))
    goto out;

  gst_app_src_end_of_stream (GST_APP_SRC (m.src));
  while (!gst_app_sink_is_eos (GST_APP_SINK (m.sink)))
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (m.sink), 50 * GST_MSECOND);

      if (sample != NULL)
        g_ptr_array_add (m.encoded, sample);
      else if (!drain_encoder (&m, G_MAXUINT, error))
        goto out;
    }
  if (m.encoded->len != n)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
                   _("The retake’s encoder made %u frames instead of %u"), m.encoded->len, n);
      goto out;
    }
  result = g_steal_pointer (&m.encoded);

out:
  g_clear_pointer (&cur, gst_sample_unref);
  g_clear_pointer (&next, gst_sample_unref);
  middle_clear (&m);
  return result;
}
