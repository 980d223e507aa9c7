/* rushes-media-util.c: helpers shared inside src/media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-media"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/base/base.h>

#include "rushes-background-task-pool.h"
#include "rushes-media-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_media_debug);
#define GST_CAT_DEFAULT rushes_media_debug

static void
ensure_debug_category (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_media_debug, "rushes-media", 0, "Rushes media helpers");
      g_once_init_leave (&done, 1);
    }
}

GstMessageType
_rushes_media_wait_async_done (GstElement    *pipeline,
                               GstClockTime   timeout_ns,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  GstClockTime waited = 0;
  const GstClockTime step = 50 * GST_MSECOND;

  ensure_debug_category ();

  while (timeout_ns == GST_CLOCK_TIME_NONE || waited < timeout_ns)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return 0;

      msg = gst_bus_timed_pop_filtered (bus, step,
                                        GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
      if (msg == NULL)
        {
          waited += step;
          continue;
        }

      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          g_autoptr(GError) gst_error = NULL;
          g_autofree char *debug = NULL;

          gst_message_parse_error (msg, &gst_error, &debug);
          g_debug ("pipeline error: %s (%s)", gst_error->message, debug ? debug : "");
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, gst_error->message);
          return GST_MESSAGE_ERROR;
        }

      return GST_MESSAGE_TYPE (msg);
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("The media pipeline did not respond in time"));
  return 0;
}

static GstBusSyncReply
background_sync_cb (GstBus     *bus,
                    GstMessage *message,
                    gpointer    data)
{
  GstStreamStatusType type;
  GstElement *owner;
  const GValue *value;

  if (GST_MESSAGE_TYPE (message) != GST_MESSAGE_STREAM_STATUS)
    return GST_BUS_PASS;

  /* CREATE is posted by whoever made the task, before it starts */
  gst_message_parse_stream_status (message, &type, &owner);
  value = gst_message_get_stream_status_object (message);
  if (type == GST_STREAM_STATUS_TYPE_CREATE && value != NULL && G_VALUE_HOLDS (value, GST_TYPE_TASK))
    gst_task_set_pool (g_value_get_object (value), rushes_background_task_pool_get_default ());
  return GST_BUS_DROP;
}

void
_rushes_media_make_background (GstElement *pipeline)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  ensure_debug_category ();
  GST_DEBUG_OBJECT (pipeline, "streaming threads at background priority");
  gst_bus_set_sync_handler (bus, background_sync_cb, NULL, NULL);
}

char *
_rushes_media_uri_for_file (GFile *file)
{
  return g_file_get_uri (file);
}

GstCaps *
_rushes_media_video_caps (guint width,
                          guint height,
                          guint fps_n,
                          guint fps_d)
{
  return gst_caps_new_simple ("video/x-raw",
                              "width", G_TYPE_INT, (int) width,
                              "height", G_TYPE_INT, (int) height,
                              "framerate", GST_TYPE_FRACTION, (int) fps_n, (int) fps_d,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
}

GstCaps *
_rushes_media_audio_caps (void)
{
  return gst_caps_new_simple ("audio/x-raw", "rate", G_TYPE_INT, 48000, "channels", G_TYPE_INT, 2, NULL);
}

/* Not gst_is_initialized (): that is TRUE already while another thread's
 * gst_init is still scanning the plugin registry. gst_init_check takes
 * GStreamer's init lock, so it waits for that scan, and costs a lock once
 * GStreamer is up. */
gboolean
_rushes_media_ensure_init (GError **error)
{
  return gst_init_check (NULL, NULL, error);
}

/* GES puts a videoflip that follows the media's orientation tag into
 * every video source (export and preview alike). GStreamer 1.22's
 * videoflip goes into passthrough only when its method changes, and an
 * unrotated clip's method (none) is no change from the start: it copied
 * every frame of every clip. Passthrough from the start: a rotation tag
 * still changes its method, and that takes it out of passthrough. */
void
_rushes_media_setup_flip (GstElement *element)
{
  GstElementFactory *factory = gst_element_get_factory (element);
  int direction = GST_VIDEO_ORIENTATION_IDENTITY;

  if (factory == NULL || !g_str_equal (GST_OBJECT_NAME (factory), "videoflip") ||
      !GST_IS_BASE_TRANSFORM (element))
    return;
  g_object_get (element, "video-direction", &direction, NULL);
  if (direction == GST_VIDEO_ORIENTATION_IDENTITY || direction == GST_VIDEO_ORIENTATION_AUTO)
    gst_base_transform_set_passthrough (GST_BASE_TRANSFORM (element), TRUE);
}
