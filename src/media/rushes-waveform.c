/* rushes-waveform.c: sound levels of a take, for the timeline's audio strip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-waveform"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/audio/audio.h>

#include "rushes-background.h"
#include "rushes-media-private.h"
#include "rushes-waveform.h"

#define PLAY_FLAG_AUDIO (1 << 1)
#define PULL_TIMEOUT    (100 * GST_MSECOND)
#define MAX_BUCKETS     (24 * 3600 * 50)

GST_DEBUG_CATEGORY_STATIC (rushes_waveform_debug);
#define GST_CAT_DEFAULT rushes_waveform_debug

static void
add_sample (GArray    *peaks,
            GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstAudioInfo info;
  GstMapInfo map;
  GstClockTime pts;
  const float *data;
  gsize n;

  if (buffer == NULL || caps == NULL || !gst_audio_info_from_caps (&info, caps) || info.rate <= 0)
    return;
  pts = GST_BUFFER_PTS (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (pts) || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return;
  data = (const float *) map.data;
  n = map.size / sizeof (float);
  for (gsize i = 0; i < n; i++)
    {
      GstClockTime t = pts + gst_util_uint64_scale_int (i, GST_SECOND, info.rate);
      guint64 bucket = t / RUSHES_WAVEFORM_BUCKET;
      float v = fabsf (data[i]);

      if (bucket >= MAX_BUCKETS)
        break;
      if (bucket >= peaks->len)
        {
          guint old = peaks->len;

          g_array_set_size (peaks, bucket + 1);
          memset (&g_array_index (peaks, float, old), 0, (bucket + 1 - old) * sizeof (float));
        }
      if (v > g_array_index (peaks, float, bucket))
        g_array_index (peaks, float, bucket) = MIN (v, 1.0f);
    }
  gst_buffer_unmap (buffer, &map);
}

GArray *
rushes_waveform_peaks (GFile         *file,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(GstElement) playbin = NULL;
  g_autoptr(GstElement) sink_bin = NULL;
  g_autoptr(GstElement) appsink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GArray) peaks = g_array_new (FALSE, TRUE, sizeof (float));
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  gboolean done = FALSE;
  static gsize debug_once = 0;

  if (g_once_init_enter (&debug_once))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_waveform_debug, "rushes-waveform", 0, "Rushes waveform");
      g_once_init_leave (&debug_once, 1);
    }
  GST_DEBUG ("peaks of %s", uri);

  playbin = gst_element_factory_make ("playbin", NULL);
  sink_bin = gst_parse_bin_from_description ("audioconvert ! audioresample ! "
                                             "audio/x-raw,format=F32LE,channels=1,layout=interleaved ! "
                                             "appsink name=sink sync=false max-buffers=8",
                                             TRUE, &local_error);
  if (playbin == NULL || sink_bin == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Could not read the sound: %s"),
                   local_error ? local_error->message : "playbin");
      return NULL;
    }
  gst_object_ref_sink (playbin);
  appsink = gst_bin_get_by_name (GST_BIN (sink_bin), "sink");
  g_object_set (playbin,
                "uri", uri,
                "flags", PLAY_FLAG_AUDIO,
                "audio-sink", g_object_ref (sink_bin),
                "video-sink", gst_element_factory_make ("fakesink", NULL),
                NULL);
  bus = gst_element_get_bus (playbin);
  _rushes_media_make_background (playbin);
  if (gst_element_set_state (playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      gst_element_set_state (playbin, GST_STATE_NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the sound"));
      return NULL;
    }

  while (!done)
    {
      g_autoptr(GstSample) sample = NULL;
      g_autoptr(GstMessage) message = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          gst_element_set_state (playbin, GST_STATE_NULL);
          return NULL;
        }
      sample = gst_app_sink_try_pull_sample (GST_APP_SINK (appsink), PULL_TIMEOUT);
      if (sample)
        add_sample (peaks, sample);
      else if (gst_app_sink_is_eos (GST_APP_SINK (appsink)))
        done = TRUE;

      while ((message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR | GST_MESSAGE_EOS)) != NULL)
        {
          if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
            {
              g_autoptr(GError) gst_error = NULL;

              gst_message_parse_error (message, &gst_error, NULL);
              /* no audio stream: an empty waveform, not an error */
              if (g_error_matches (gst_error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN) ||
                  g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE) ||
                  g_error_matches (gst_error, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED))
                g_array_set_size (peaks, 0);
              else
                {
                  gst_element_set_state (playbin, GST_STATE_NULL);
                  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the sound: %s"),
                               gst_error->message);
                  return NULL;
                }
              done = TRUE;
            }
          else
            done = TRUE;
          gst_message_unref (g_steal_pointer (&message));
        }
    }
  gst_element_set_state (playbin, GST_STATE_NULL);
  return g_steal_pointer (&peaks);
}

static void
peaks_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  GArray *peaks = NULL;

  if (_rushes_media_ensure_init (&error))
    peaks = rushes_waveform_peaks (data, cancellable, &error);

  if (peaks)
    g_task_return_pointer (task, peaks, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, error);
}

void
rushes_waveform_peaks_async (GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_waveform_peaks_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  rushes_background_run (task, peaks_thread);
}

GArray *
rushes_waveform_peaks_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
