/* rushes-frame-grab.c: one exact frame of a video (or a still image) as PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * decodebin → appsink (system memory, any raw format, no clock). Frames are
 * numbered by their presentation time from the first decoded one, at the
 * stream's frame rate (by their order when it has none), so "105f" is the
 * 106th frame a player shows, whatever the keyframe interval. Only the
 * chosen frame is converted and encoded (gst_video_convert_sample → PNG).
 */
#define G_LOG_DOMAIN "rushes-frame-grab"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/base/gsttypefindhelper.h>
#include <gst/video/video.h>

#include "rushes-core-private.h"
#include "rushes-frame-grab.h"
#include "rushes-library.h"
#include "rushes-media-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_frame_grab_debug);
#define GST_CAT_DEFAULT rushes_frame_grab_debug

#define PULL_TIMEOUT   (100 * GST_MSECOND)
#define DECODE_LIMIT   (60 * G_TIME_SPAN_SECOND)
#define HEADER_BYTES   65536

static void
ensure_debug (void)
{
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_frame_grab_debug, "rushes-frame-grab", 0, "Rushes exact frame grabs");
      g_once_init_leave (&once, 1);
    }
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static guint32
le16 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8);
}

static guint32
le24 (const guint8 *p)
{
  return le16 (p) | ((guint32) p[2] << 16);
}

static gboolean
peek_webp (const guint8 *d,
           gsize         len,
           int          *width,
           int          *height)
{
  if (len < 30 || memcmp (d, "RIFF", 4) != 0 || memcmp (d + 8, "WEBP", 4) != 0)
    return FALSE;
  if (memcmp (d + 12, "VP8X", 4) == 0)
    {
      *width = 1 + (int) le24 (d + 24);
      *height = 1 + (int) le24 (d + 27);
      return TRUE;
    }
  if (memcmp (d + 12, "VP8L", 4) == 0 && d[20] == 0x2f)
    {
      *width = 1 + (int) (d[21] | ((d[22] & 0x3f) << 8));
      *height = 1 + (int) ((d[22] >> 6) | (d[23] << 2) | ((d[24] & 0x0f) << 10));
      return TRUE;
    }
  if (memcmp (d + 12, "VP8 ", 4) == 0)
    {
      *width = (int) (le16 (d + 26) & 0x3fff);
      *height = (int) (le16 (d + 28) & 0x3fff);
      return TRUE;
    }
  return FALSE;
}

gboolean
rushes_frame_grab_peek_image_size (const char *path,
                                   int        *width,
                                   int        *height)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *data = g_malloc (HEADER_BYTES);
  g_autoptr(GstCaps) caps = NULL;
  GstStructure *s;
  gsize len = 0;

  g_return_val_if_fail (path != NULL && width != NULL && height != NULL, FALSE);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), data, HEADER_BYTES, &len, NULL, NULL))
    return FALSE;

  if (len >= 24 && memcmp (data, "\211PNG\r\n\032\n", 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      *width = (int) MIN (be32 (data + 16), (guint32) G_MAXINT);
      *height = (int) MIN (be32 (data + 20), (guint32) G_MAXINT);
      return TRUE;
    }
  if (len >= 10 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    {
      *width = (int) le16 (data + 6);
      *height = (int) le16 (data + 8);
      return TRUE;
    }
  if (peek_webp (data, len, width, height))
    return TRUE;

  /* JPEG and others: what GStreamer's type finders read from the header */
  if (!gst_is_initialized ())
    return FALSE;
  caps = gst_type_find_helper_for_data (NULL, data, len, NULL);
  if (caps == NULL || gst_caps_is_empty (caps))
    return FALSE;
  s = gst_caps_get_structure (caps, 0);
  return g_str_has_prefix (gst_structure_get_name (s), "image/") &&
         gst_structure_get_int (s, "width", width) && gst_structure_get_int (s, "height", height);
}

static gboolean
too_large (const char  *path,
           int          width,
           int          height,
           GError     **error)
{
  if (width <= RUSHES_FRAME_GRAB_MAX_SIDE && height <= RUSHES_FRAME_GRAB_MAX_SIDE)
    return FALSE;
  g_set_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID,
               _("“%s” is %d×%d: images larger than %d×%d are not used"),
               path, width, height, RUSHES_FRAME_GRAB_MAX_SIDE, RUSHES_FRAME_GRAB_MAX_SIDE);
  return TRUE;
}

static void
pad_added_cb (GstElement *decodebin,
              GstPad     *pad,
              GstElement *sink)
{
  g_autoptr(GstPad) sinkpad = gst_element_get_static_pad (sink, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);

  if (caps == NULL || gst_pad_is_linked (sinkpad) ||
      !g_str_has_prefix (gst_structure_get_name (gst_caps_get_structure (caps, 0)), "video/"))
    return;
  if (gst_pad_link (pad, sinkpad) != GST_PAD_LINK_OK)
    GST_WARNING ("could not link the video stream");
}

typedef struct
{
  const char     *path;
  gint64          target;     /* frame index; -1: the last */
  gboolean        have_rate;
  int             fps_n, fps_d;
  GstClockTime    first_pts;
  gint64          n_decoded;
  GstSample      *chosen;
  GstSample      *previous;   /* the frame before this one, and its index */
  gint64          previous_index;
} Grab;

/* the index of a decoded frame: by its time when the rate is known */
static gint64
frame_index (Grab      *grab,
             GstBuffer *buffer)
{
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!grab->have_rate || !GST_CLOCK_TIME_IS_VALID (pts) || !GST_CLOCK_TIME_IS_VALID (grab->first_pts) ||
      pts < grab->first_pts)
    return grab->n_decoded - 1;
  return (gint64) gst_util_uint64_scale_round (pts - grab->first_pts, grab->fps_n,
                                               (guint64) grab->fps_d * GST_SECOND);
}

/* FALSE: stop pulling (found, or an error) */
static gboolean
take_sample (Grab                 *grab,
             const RushesFrameRef *ref,
             GstSample            *sample,
             GError              **error)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  gint64 index;

  if (++grab->n_decoded == 1)
    {
      GstVideoInfo info;

      if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("“%s” does not decode as an image or a video"), grab->path);
          return FALSE;
        }
      if (too_large (grab->path, GST_VIDEO_INFO_WIDTH (&info), GST_VIDEO_INFO_HEIGHT (&info), error))
        return FALSE;
      grab->have_rate = GST_VIDEO_INFO_FPS_N (&info) > 0 && GST_VIDEO_INFO_FPS_D (&info) > 0;
      grab->fps_n = GST_VIDEO_INFO_FPS_N (&info);
      grab->fps_d = GST_VIDEO_INFO_FPS_D (&info);
      grab->first_pts = buffer ? GST_BUFFER_PTS (buffer) : GST_CLOCK_TIME_NONE;
      grab->target = rushes_frame_ref_frame_index (ref, grab->fps_n, grab->fps_d);
    }
  if (buffer == NULL)
    return TRUE;

  index = frame_index (grab, buffer);
  if (grab->target >= 0 && index == grab->target)
    {
      grab->chosen = gst_sample_ref (sample);
      return FALSE;
    }
  if (grab->target >= 0 && index > grab->target)
    {
      /* a gap in the times (a dropped frame): the one on screen then */
      grab->chosen = gst_sample_ref (grab->previous ? grab->previous : sample);
      return FALSE;
    }
  g_clear_pointer (&grab->previous, gst_sample_unref);
  grab->previous = gst_sample_ref (sample);
  grab->previous_index = index;
  return TRUE;
}

static gboolean
bus_error (GstElement  *pipeline,
           const char  *path,
           GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  if (message == NULL)
    return FALSE;
  gst_message_parse_error (message, &gst_error, &debug);
  GST_INFO ("%s: %s (%s)", path, gst_error->message, debug ? debug : "");
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("“%s” does not decode as an image or a video: %s"), path, gst_error->message);
  return TRUE;
}

static gboolean
decode (Grab                 *grab,
        const RushesFrameRef *ref,
        GError              **error)
{
  g_autoptr(GstElement) pipeline = gst_pipeline_new ("rushes-frame-grab");
  GstElement *src = gst_element_factory_make ("filesrc", NULL);
  GstElement *decodebin = gst_element_factory_make ("decodebin", NULL);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) raw = gst_caps_new_empty_simple ("video/x-raw");
  gint64 deadline = g_get_monotonic_time () + DECODE_LIMIT;
  gboolean ok = TRUE;

  if (src == NULL || decodebin == NULL || sink == NULL)
    {
      g_clear_object (&src);
      g_clear_object (&decodebin);
      g_clear_object (&sink);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("GStreamer's base plugins are missing (filesrc, decodebin, appsink)"));
      return FALSE;
    }
  g_object_set (src, "location", grab->path, NULL);
  g_object_set (sink, "caps", raw, "sync", FALSE, "max-buffers", 4, "emit-signals", FALSE, NULL);
  gst_bin_add_many (GST_BIN (pipeline), src, decodebin, sink, NULL);
  gst_element_link (src, decodebin);
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (pad_added_cb), sink);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (!bus_error (pipeline, grab->path, error))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     _("“%s” does not decode as an image or a video"), grab->path);
      ok = FALSE;
    }

  while (ok)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), PULL_TIMEOUT);

      if (sample != NULL)
        {
          if (!take_sample (grab, ref, sample, error))
            ok = grab->chosen != NULL;
          if (grab->chosen != NULL)
            break;
          continue;
        }
      if (bus_error (pipeline, grab->path, error))
        ok = FALSE;
      else if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      else if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       _("Decoding “%s” took more than a minute"), grab->path);
          ok = FALSE;
        }
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

static gboolean
past_the_end (Grab                 *grab,
              const RushesFrameRef *ref,
              GError              **error)
{
  g_autofree char *spec = rushes_frame_ref_to_string (ref);
  g_autofree char *time = rushes_frame_ref_describe_time (ref);
  g_autofree char *last = NULL;

  if (grab->previous == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” has no video frames"), grab->path);
      return FALSE;
    }
  last = g_strdup_printf ("%" G_GINT64_FORMAT "f", grab->previous_index);
  if (grab->have_rate)
    g_set_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE,
                 /* Translators: e.g. "“a.webm@5” is past the end: 5 s, but the last frame of a.webm is 95f (3.958 s)" */
                 _("“%s” is past the end: %s, but the last frame of %s is %s (%.3f s)"),
                 spec, time, grab->path, last,
                 (double) grab->previous_index * grab->fps_d / grab->fps_n);
  else
    g_set_error (error, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE,
                 _("“%s” is past the end: %s, but the last frame of %s is %s"),
                 spec, time, grab->path, last);
  return FALSE;
}

gboolean
rushes_frame_grab_to_png (const char            *video,
                          const RushesFrameRef  *ref,
                          const char            *dest_png,
                          GError               **error)
{
  Grab grab = { video, 0, FALSE, 0, 1, GST_CLOCK_TIME_NONE, 0, NULL, NULL, -1 };
  g_autoptr(GstCaps) png_caps = NULL;
  g_autoptr(GstSample) png = NULL;
  g_autoptr(GError) convert_error = NULL;
  GstMapInfo map;
  gboolean ok;
  int width, height;

  g_return_val_if_fail (video != NULL, FALSE);
  g_return_val_if_fail (ref != NULL, FALSE);
  g_return_val_if_fail (dest_png != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_rushes_media_ensure_init (error))
    return FALSE;
  ensure_debug ();

  if (!g_file_test (video, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist or is not a file"), video);
      return FALSE;
    }
  /* a 16k × 16k image is refused from its header, before it is decoded */
  if (rushes_frame_grab_peek_image_size (video, &width, &height) && too_large (video, width, height, error))
    return FALSE;

  ok = decode (&grab, ref, error);
  if (ok && grab.chosen == NULL)
    {
      if (grab.target < 0 && grab.previous != NULL)
        grab.chosen = gst_sample_ref (grab.previous);
      else
        ok = past_the_end (&grab, ref, error);
    }
  g_clear_pointer (&grab.previous, gst_sample_unref);
  if (!ok)
    {
      g_clear_pointer (&grab.chosen, gst_sample_unref);
      return FALSE;
    }

  png_caps = gst_caps_new_empty_simple ("image/png");
  png = gst_video_convert_sample (grab.chosen, png_caps, 10 * GST_SECOND, &convert_error);
  g_clear_pointer (&grab.chosen, gst_sample_unref);
  if (png == NULL || gst_sample_get_buffer (png) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not save a frame of “%s” as PNG: %s"),
                   video, convert_error ? convert_error->message : _("no PNG encoder"));
      return FALSE;
    }
  if (!gst_buffer_map (gst_sample_get_buffer (png), &map, GST_MAP_READ))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read the encoded frame"));
      return FALSE;
    }
  ok = _rushes_write_file_atomic (dest_png, (const char *) map.data, (gssize) map.size, 0644, error);
  gst_buffer_unmap (gst_sample_get_buffer (png), &map);
  return ok;
}

gboolean
rushes_frame_grab_store (RushesRecipe  *recipe,
                         const char    *spec,
                         gboolean       end,
                         const char    *take_path,
                         GError       **error)
{
  g_auto(RushesFrameRef) ref = { 0, };
  g_autofree char *library_take = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *source = NULL;

  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rushes_frame_ref_parse (spec, &ref, error))
    return FALSE;
  if (take_path == NULL)
    {
      /* into the library: beside where its takes go, under a name of their own */
      g_autofree char *dir = rushes_library_get_default_dir ();
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *name = g_strconcat ("frame-", uuid, NULL);

      g_mkdir_with_parents (dir, 0755);
      library_take = g_build_filename (dir, name, NULL);
      take_path = library_take;
    }
  stored = rushes_frame_ref_stored_path (take_path, end);
  if (!rushes_frame_grab_to_png (ref.path, &ref, stored, error))
    return FALSE;
  source = rushes_frame_ref_to_string (&ref);
  if (end)
    {
      rushes_recipe_set_end_image (recipe, stored);
      rushes_recipe_set_end_image_source (recipe, source);
    }
  else
    {
      rushes_recipe_set_start_image (recipe, stored);
      rushes_recipe_set_start_image_source (recipe, source);
    }
  return TRUE;
}
