/* rushes-sketch-images.c: Sketch's start and end images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With a start image the first frame IS that image, with an end image the
 * last frame IS that one (each decoded with GStreamer and stretched to the
 * recipe's size). In between, the images cross-dissolve (start → end over
 * the take; one image alone stays) and the usual procedural frame is laid
 * over them, its opacity rising from nothing at a conditioned end over the
 * first (last) quarter of the take. Everything is a function of the frame
 * index, so the same recipe gives the same frames.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "rushes-backend.h"
#include "rushes-sketch-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_sketch_images_debug);
#define GST_CAT_DEFAULT rushes_sketch_images_debug

#define PATTERN_OPACITY 0.7    /* of the procedural frame over the images */
#define RAMP            0.25   /* of the take, from an image to the full pattern */
#define LOAD_TIMEOUT    (20 * GST_SECOND)

static gboolean
load_failed (const char  *path,
             const char  *why,
             GError     **error)
{
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("Sketch could not read the image “%s”: %s"), path, why);
  return FALSE;
}

/* the first picture of path (an image, or a video's first frame), stretched to width × height */
static cairo_surface_t *
load_image (const char  *path,
            int          width,
            int          height,
            GError     **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  cairo_surface_t *surface;
  GstVideoFrame frame;
  GstVideoInfo info;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return load_failed (path, _("there is no such file"), error), NULL;

  description = g_strdup_printf ("filesrc name=src ! decodebin ! videoconvert ! videoscale add-borders=false ! "
                                 "video/x-raw,format=%s,width=%d,height=%d ! appsink name=sink sync=false",
                                 G_BYTE_ORDER == G_LITTLE_ENDIAN ? "BGRx" : "xRGB", width, height);
  pipeline = gst_parse_launch (description, &parse_error);
  if (pipeline == NULL)
    return load_failed (path, parse_error->message, error), NULL;
  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

    g_object_set (src, "location", path, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  bus = gst_element_get_bus (pipeline);

  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  message = gst_bus_timed_pop_filtered (bus, LOAD_TIMEOUT, GST_MESSAGE_ASYNC_DONE | GST_MESSAGE_ERROR);
  if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_ASYNC_DONE)
    sample = gst_app_sink_pull_preroll (GST_APP_SINK (sink));
  if (sample == NULL)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_element_set_state (pipeline, GST_STATE_NULL);
      if (message != NULL && GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
        gst_message_parse_error (message, &gst_error, NULL);
      return load_failed (path, gst_error ? gst_error->message : _("it does not decode"), error), NULL;
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) &&
      gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      guint8 *dest = cairo_image_surface_get_data (surface);
      int dest_stride = cairo_image_surface_get_stride (surface);

      cairo_surface_flush (surface);
      for (int y = 0; y < height; y++)
        memcpy (dest + y * dest_stride,
                (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
                (gsize) width * 4);
      cairo_surface_mark_dirty (surface);
      gst_video_frame_unmap (&frame);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  GST_DEBUG ("loaded %s at %dx%d", path, width, height);
  return surface;
}

gboolean
_rushes_sketch_painter_load_images (Painter     *painter,
                                    const char  *start_image,
                                    const char  *end_image,
                                    GError     **error)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_sketch_images_debug, "rushes-sketch-images", 0,
                               "Rushes Sketch start and end images");
      g_once_init_leave (&once, 1);
    }

  if (start_image != NULL && start_image[0] != '\0' &&
      !(painter->start_image = load_image (start_image, painter->width, painter->height, error)))
    return FALSE;
  if (end_image != NULL && end_image[0] != '\0' &&
      !(painter->end_image = load_image (end_image, painter->width, painter->height, error)))
    return FALSE;
  if (painter->start_image != NULL || painter->end_image != NULL)
    painter->pattern = cairo_image_surface_create (CAIRO_FORMAT_RGB24, painter->width, painter->height);
  return TRUE;
}

/* 0 → 1 over RAMP of the take, eased */
static double
ramp (double p)
{
  double x = CLAMP (p / RAMP, 0.0, 1.0);

  return x * x * (3 - 2 * x);
}

void
_rushes_sketch_painter_draw_frame (Painter *painter,
                                   cairo_t *cr,
                                   guint    frame)
{
  double p, opacity = PATTERN_OPACITY;
  cairo_t *pattern_cr;

  if (painter->pattern == NULL)
    {
      _rushes_sketch_painter_draw (painter, cr, frame);
      return;
    }

  p = painter->n_frames > 1 ? (double) frame / (painter->n_frames - 1) : 0;
  if (painter->start_image != NULL)
    opacity *= ramp (p);
  if (painter->end_image != NULL)
    opacity *= ramp (1 - p);

  /* the images: the start one, dissolving into the end one */
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, painter->start_image ? painter->start_image : painter->end_image, 0, 0);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  if (painter->start_image != NULL && painter->end_image != NULL && p > 0)
    {
      cairo_set_source_surface (cr, painter->end_image, 0, 0);
      cairo_paint_with_alpha (cr, p);
    }

  /* the procedural frame over them (not at all on a conditioned end) */
  if (opacity > 0)
    {
      pattern_cr = cairo_create (painter->pattern);
      _rushes_sketch_painter_draw (painter, pattern_cr, frame);
      cairo_destroy (pattern_cr);
      cairo_surface_flush (painter->pattern);
      cairo_set_source_surface (cr, painter->pattern, 0, 0);
      cairo_paint_with_alpha (cr, opacity);
    }
  cairo_restore (cr);
}
