/* rushes-media-texture.c: GStreamer samples as GDK textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-media"

#include "config.h"

#include <string.h>
#include <gst/video/video.h>

#include "rushes-media-gdk-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_media_texture_debug);
#define GST_CAT_DEFAULT rushes_media_texture_debug

static void
ensure_debug_category (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_media_texture_debug, "rushes-media-texture", 0,
                               "Rushes: samples as GDK textures");
      g_once_init_leave (&done, 1);
    }
}

GdkTexture *
_rushes_media_texture_from_sample (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstCaps *caps = gst_sample_get_caps (sample);
  GstVideoInfo info;
  GstVideoFrame frame;
  g_autoptr(GBytes) bytes = NULL;
  GdkMemoryFormat format;
  const guint8 *src;
  guint8 *dst;
  gsize dst_stride;
  guint y;

  if (buffer == NULL || caps == NULL || !gst_video_info_from_caps (&info, caps))
    return NULL;

  switch (GST_VIDEO_INFO_FORMAT (&info))
    {
    case GST_VIDEO_FORMAT_RGBA:
      format = GDK_MEMORY_R8G8B8A8;
      break;
    case GST_VIDEO_FORMAT_BGRA:
      format = GDK_MEMORY_B8G8R8A8;
      break;
    default:
      ensure_debug_category ();
      GST_DEBUG ("no texture for a %s sample", gst_video_format_to_string (GST_VIDEO_INFO_FORMAT (&info)));
      return NULL;
    }

  if (!gst_video_frame_map (&frame, &info, buffer, GST_MAP_READ))
    return NULL;

  /* copy into a tightly packed buffer: the sample is not kept */
  dst_stride = (gsize) GST_VIDEO_INFO_WIDTH (&info) * 4;
  dst = g_malloc (dst_stride * GST_VIDEO_INFO_HEIGHT (&info));
  src = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
  for (y = 0; y < (guint) GST_VIDEO_INFO_HEIGHT (&info); y++)
    memcpy (dst + y * dst_stride, src + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0), dst_stride);
  gst_video_frame_unmap (&frame);

  bytes = g_bytes_new_take (dst, dst_stride * GST_VIDEO_INFO_HEIGHT (&info));
  return gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&info),
                                 GST_VIDEO_INFO_HEIGHT (&info),
                                 format, bytes, dst_stride);
}
