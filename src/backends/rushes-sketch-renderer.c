/* rushes-sketch-renderer.c: the offline Sketch renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a picture comes from a prompt: the prompt is split into lowercase
 * words, each hashed with 64-bit FNV-1a (stable across GLib versions, unlike
 * g_str_hash). Colour, mood and motion words ("red", "night", "zoom", "rain"
 * …) pick the palette and camera/subject motion; words without a meaning
 * here still shift the palette through their hash. The words' hash mixed
 * with the seed feeds a splitmix64 generator that lays out the composition
 * (sun, far mountains, near hills, subjects). Frames are drawn with cairo
 * into pooled buffers pushed into an appsrc, timestamps from the frame index
 * (pts = i × GST_SECOND / fps), so duration and frame count are exact. The
 * prompt is burnt in as a caption, with seed and timecode in a corner, as an
 * animatic would show them.
 *
 * Threads: everything runs on the caller's thread except GStreamer's own
 * streaming threads. The appsrc queues are kept short (a few frames) so the
 * progress we report is what the encoder has nearly consumed, and the bus is
 * polled every few milliseconds so cancel acts well within 0.5 s.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/video/video.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "rushes-matroska-tags.h"
#include "rushes-sketch-private.h"
#include "rushes-sketch-renderer.h"

GST_DEBUG_CATEGORY_STATIC (rushes_sketch_debug);
#define GST_CAT_DEFAULT rushes_sketch_debug

#define MAX_QUEUED      3      /* frames waiting in the video appsrc */
#define POLL_INTERVAL   (5 * GST_MSECOND)

/* ------------------------------------------------------------------------ */
/* Containers and encoders                                                   */

gboolean
rushes_sketch_container_for_path (const char             *path,
                                  RushesSketchContainer  *container,
                                  GError                **error)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = dot ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (ext && strcmp (ext, "webm") == 0)
    *container = RUSHES_SKETCH_CONTAINER_WEBM;
  else if (ext && strcmp (ext, "mkv") == 0)
    *container = RUSHES_SKETCH_CONTAINER_MATROSKA;
  else if (ext && (strcmp (ext, "mp4") == 0 || strcmp (ext, "m4v") == 0 || strcmp (ext, "mov") == 0))
    *container = RUSHES_SKETCH_CONTAINER_MP4;
  else
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("Sketch writes .webm, .mkv or .mp4 files; “%s” has another extension"),
                   base);
      return FALSE;
    }
  return TRUE;
}

const char *
rushes_sketch_container_get_extension (RushesSketchContainer container)
{
  switch (container)
    {
    case RUSHES_SKETCH_CONTAINER_MATROSKA:
      return "mkv";
    case RUSHES_SKETCH_CONTAINER_MP4:
      return "mp4";
    case RUSHES_SKETCH_CONTAINER_WEBM:
    default:
      return "webm";
    }
}

static const char * const h264_encoders[] = { "x264enc", "openh264enc", NULL };
static const char * const aac_encoders[] = { "fdkaacenc", "avenc_aac", "voaacenc", NULL };

static const char *
first_available (const char * const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory)
        return names[i];
    }
  return NULL;
}

gboolean
rushes_sketch_can_encode_mp4 (void)
{
  return first_available (h264_encoders) != NULL && first_available (aac_encoders) != NULL;
}

static GstElement *
make_element (GstBin      *bin,
              const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (!element)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE,
                   _("The GStreamer element “%s” is missing; install the plugin that provides it"),
                   factory);
      return NULL;
    }
  gst_bin_add (bin, element);
  return element;
}

static GstElement *
make_video_encoder (GstBin                 *bin,
                    RushesSketchContainer   container,
                    guint                   fps,
                    int                     width,
                    int                     height,
                    GError                **error)
{
  GstElement *enc;
  guint kbps = MAX (200, (guint) ((guint64) width * height * fps / 11000));

  if (container == RUSHES_SKETCH_CONTAINER_MP4)
    {
      const char *name = first_available (h264_encoders);

      if (!name)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                               _("No H.264 encoder is installed, so Sketch cannot write MP4; "
                                 "choose a .webm file or install gstreamer1.0-plugins-ugly"));
          return NULL;
        }
      if (!(enc = make_element (bin, name, error)))
        return NULL;
      if (strcmp (name, "x264enc") == 0)
        {
          gst_util_set_object_arg (G_OBJECT (enc), "speed-preset", "veryfast");
          /* no lookahead and no frame threads: few frames in flight, so a
           * cancel does not wait for x264 to finish a backlog */
          gst_util_set_object_arg (G_OBJECT (enc), "tune", "zerolatency");
          /* no VBV: with a VBV buffer, multithreaded x264 rate control
           * depends on thread timing and the frames differ run to run */
          g_object_set (enc, "bitrate", kbps, "key-int-max", fps * 2, "threads", 2,
                        "vbv-buf-capacity", 0, NULL);
        }
      else
        g_object_set (enc, "bitrate", kbps * 1000, NULL);
      return enc;
    }

  if (!(enc = make_element (bin, "vp9enc", error)))
    return NULL;
  /* realtime, fastest speed: tiles and row threading let two cores share
   * a frame, and libvpx stays deterministic (no timing feedback) */
  g_object_set (enc,
                "deadline", (gint64) 1,
                "cpu-used", 8,
                "threads", 2,
                "row-mt", TRUE,
                "tile-columns", 2,
                "lag-in-frames", 0,
                "target-bitrate", (int) MIN (kbps * 1000, G_MAXINT),
                "keyframe-max-dist", (int) fps * 2,
                NULL);
  return enc;
}

/* ------------------------------------------------------------------------ */
/* Running the pipeline                                                      */

/* Waits up to timeout for an ERROR (or an `extra` type) message. Returns
 * FALSE with error set on an ERROR; sets *got_extra when the other kind
 * arrived. */
static gboolean
take_bus_error (GstBus          *bus,
                GstClockTime     timeout,
                GstMessageType   extra,
                gboolean        *got_extra,
                GError         **error)
{
  g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (bus, timeout, GST_MESSAGE_ERROR | extra);

  if (got_extra)
    *got_extra = FALSE;
  if (!msg)
    return TRUE;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (msg, &gst_error, &debug);
      g_debug ("GStreamer error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
               gst_error->message, debug ? debug : "");
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("Sketch could not encode the video: %s"), gst_error->message);
      return FALSE;
    }
  if (got_extra)
    *got_extra = TRUE;
  return TRUE;
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDWR, 0);
  int saved;

  /* mkstemp made it private; a take is an ordinary file */
  if (fd >= 0)
    fchmod (fd, 0644);
  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
rushes_sketch_render (RushesRecipe        *recipe,
                      const char          *dest_path,
                      RushesProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  RushesSketchContainer container;
  g_autofree char *tmp_path = NULL;
  g_autofree char *recipe_json = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstBufferPool) pool = NULL;
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(RushesRecipe) resolved = NULL;
  GstElement *vsrc, *vconv, *venc, *mux, *sink;
  GstElement *asrc = NULL;
  GstStructure *config;
  GstVideoInfo vinfo;
  Painter painter;
  guint width, height, fps, n_frames;
  AudioFeed feed = { NULL, 0, 0 };
  gboolean ok = FALSE, painter_ready = FALSE;
  int fd;

  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  /* a "random" seed becomes a number, recorded in the tags like any other */
  if (rushes_recipe_get_seed (recipe) == RUSHES_RECIPE_SEED_RANDOM)
    {
      resolved = rushes_recipe_copy (recipe);
      rushes_recipe_resolve_seed (resolved);
      recipe = resolved;
    }

  GST_DEBUG_CATEGORY_INIT (rushes_sketch_debug, "rushes-sketch", 0, "Rushes Sketch renderer");

  if (!rushes_sketch_container_for_path (dest_path, &container, error))
    return FALSE;

  width = rushes_recipe_get_width (recipe);
  height = rushes_recipe_get_height (recipe);
  fps = rushes_recipe_get_fps (recipe);
  n_frames = rushes_recipe_get_n_frames (recipe);
  if (width < 16 || height < 16 || width % 2 || height % 2 || width > 7680 || height > 4320
      || fps < 1 || fps > 240 || n_frames < 1)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("Sketch cannot render %u × %u at %u fps for %u frames: sizes must be even "
                     "and at least 16 pixels, at 1 to 240 fps"),
                   width, height, fps, n_frames);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* the pipeline */
  pipeline = gst_pipeline_new ("rushes-sketch");
  bus = gst_element_get_bus (pipeline);
  if (!(vsrc = make_element (GST_BIN (pipeline), "appsrc", error))
      || !(vconv = make_element (GST_BIN (pipeline), "videoconvert", error))
      || !(venc = make_video_encoder (GST_BIN (pipeline), container, fps, width, height, error))
      || !(mux = make_element (GST_BIN (pipeline),
                               container == RUSHES_SKETCH_CONTAINER_MP4 ? "mp4mux" :
                               container == RUSHES_SKETCH_CONTAINER_MATROSKA ? "matroskamux" : "webmmux",
                               error))
      || !(sink = make_element (GST_BIN (pipeline), "filesink", error)))
    return FALSE;

  gst_video_info_set_format (&vinfo,
                             G_BYTE_ORDER == G_LITTLE_ENDIAN ? GST_VIDEO_FORMAT_BGRx : GST_VIDEO_FORMAT_xRGB,
                             width, height);
  vinfo.fps_n = fps;
  vinfo.fps_d = 1;
  vcaps = gst_video_info_to_caps (&vinfo);
  g_object_set (vsrc,
                "caps", vcaps,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "block", FALSE,
                "emit-signals", FALSE,
                NULL);
  g_object_set (vconv, "n-threads", 1, NULL);
  if (!gst_element_link (vsrc, vconv) || !gst_element_link (vconv, venc)
      || !gst_element_link (venc, mux) || !gst_element_link (mux, sink))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Sketch could not set up its video encoder"));
      return FALSE;
    }

  if (rushes_recipe_get_audio (recipe))
    {
      g_autoptr(GstCaps) acaps = NULL;
      GstAudioInfo ainfo;
      GstElement *aconv, *aenc;
      const char *aenc_name = container == RUSHES_SKETCH_CONTAINER_MP4 ? first_available (aac_encoders) : "opusenc";

      if (!aenc_name)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                               _("No AAC encoder is installed, so Sketch cannot write MP4 with audio"));
          return FALSE;
        }
      if (!(asrc = make_element (GST_BIN (pipeline), "appsrc", error))
          || !(aconv = make_element (GST_BIN (pipeline), "audioconvert", error))
          || !(aenc = make_element (GST_BIN (pipeline), aenc_name, error)))
        return FALSE;
      gst_audio_info_set_format (&ainfo, GST_AUDIO_FORMAT_S16, AUDIO_RATE, AUDIO_CHANNELS, NULL);
      acaps = gst_audio_info_to_caps (&ainfo);
      g_object_set (asrc, "caps", acaps, "format", GST_FORMAT_TIME, "is-live", FALSE,
                    "block", FALSE, "emit-signals", FALSE, NULL);
      if (!gst_element_link_many (asrc, aconv, aenc, mux, NULL))
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                               _("Sketch could not set up its audio encoder"));
          return FALSE;
        }
      /* whole codec frames (Opus 20 ms, AAC 1024 samples, one less for its
       * padding), so that the sound never outlasts the picture */
      feed.total = gst_util_uint64_scale (n_frames, AUDIO_RATE, fps);
      if (container == RUSHES_SKETCH_CONTAINER_MP4)
        feed.total = feed.total > 2048 ? feed.total / 1024 * 1024 - 1024 : 0;
      else
        feed.total = feed.total / 960 * 960;
    }

  /* the recipe in the container's comment, as media/rushes-tagger.c reads
   * it back: the muxer is made here, so no second remux is needed */
  recipe_json = rushes_recipe_to_json (recipe);
  {
    const char *prompt = rushes_recipe_get_prompt (recipe);
    g_autoptr(GstTagList) tags = gst_tag_list_new (GST_TAG_COMMENT, recipe_json,
                                                   GST_TAG_TITLE, prompt ? prompt : "",
                                                   GST_TAG_APPLICATION_NAME, "Rushes Sketch",
                                                   NULL);

    gst_tag_setter_set_tag_merge_mode (GST_TAG_SETTER (mux), GST_TAG_MERGE_KEEP);
    gst_tag_setter_merge_tags (GST_TAG_SETTER (mux), tags, GST_TAG_MERGE_REPLACE);
  }

  /* the temporary file, next to the destination */
  tmp_path = g_strconcat (dest_path, ".partial-XXXXXX", NULL);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *dir = g_path_get_dirname (dest_path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a file in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_object_set (sink, "location", tmp_path, NULL);
  GST_INFO ("rendering %u frames of %ux%u at %u fps with %s into %s", n_frames, width, height, fps,
            GST_OBJECT_NAME (gst_element_get_factory (venc)), tmp_path);

  /* frames are drawn straight into pooled buffers */
  pool = gst_video_buffer_pool_new ();
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, vcaps, vinfo.size, MAX_QUEUED + 2, 0);
  gst_buffer_pool_set_config (pool, config);
  if (!gst_buffer_pool_set_active (pool, TRUE))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Sketch could not allocate its frames"));
      goto out;
    }

  _rushes_sketch_painter_init (&painter, rushes_recipe_get_prompt (recipe), rushes_recipe_get_seed (recipe),
                width, height, fps, n_frames);
  painter_ready = TRUE;
  if (!_rushes_sketch_painter_load_images (&painter, rushes_recipe_get_start_image (recipe),
                                           rushes_recipe_get_end_image (recipe), error))
    goto out;
  if (asrc)
    {
      GstAppSrcCallbacks callbacks = { .need_data = _rushes_sketch_audio_need_data_cb };

      feed.scene = &painter.scene;
      gst_app_src_set_callbacks (GST_APP_SRC (asrc), &callbacks, &feed, NULL);
    }

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (take_bus_error (bus, 0, 0, NULL, error))
        g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                             _("Sketch could not start its encoder"));
      goto out;
    }

  g_assert (GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0) == cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width));

  if (progress)
    progress (0.0, _("Drawing"), progress_data);

  for (guint i = 0; i < n_frames; i++)
    {
      GstBuffer *buffer = NULL;
      GstMapInfo map;
      cairo_surface_t *surface;
      cairo_t *cr;
      GstClockTime pts;

      /* wait for room, watching for cancel and errors */
      for (;;)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (gst_app_src_get_current_level_buffers (GST_APP_SRC (vsrc)) < MAX_QUEUED)
            break;
          if (!take_bus_error (bus, POLL_INTERVAL, 0, NULL, error))
            goto out;
        }
      if (!take_bus_error (bus, 0, 0, NULL, error))
        goto out;

      if (gst_buffer_pool_acquire_buffer (pool, &buffer, NULL) != GST_FLOW_OK)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                               _("Sketch could not allocate its frames"));
          goto out;
        }
      gst_buffer_map (buffer, &map, GST_MAP_WRITE);
      surface = cairo_image_surface_create_for_data (map.data, CAIRO_FORMAT_RGB24, width, height,
                                                     GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0));
      cr = cairo_create (surface);
      _rushes_sketch_painter_draw_frame (&painter, cr, i);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      cairo_surface_destroy (surface);
      gst_buffer_unmap (buffer, &map);

      pts = gst_util_uint64_scale (i, GST_SECOND, fps);
      GST_BUFFER_PTS (buffer) = pts;
      GST_BUFFER_DTS (buffer) = pts;
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (i + 1, GST_SECOND, fps) - pts;
      GST_BUFFER_OFFSET (buffer) = i;
      if (gst_app_src_push_buffer (GST_APP_SRC (vsrc), buffer) != GST_FLOW_OK)
        {
          if (take_bus_error (bus, 100 * GST_MSECOND, 0, NULL, error))
            g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                                 _("Sketch’s encoder stopped unexpectedly"));
          goto out;
        }

      if (progress)
        progress (0.97 * ((double) (i + 1) / n_frames), _("Drawing"), progress_data);
    }

  gst_app_src_end_of_stream (GST_APP_SRC (vsrc));

  if (progress)
    progress (0.97, _("Finishing"), progress_data);

  for (;;)
    {
      gboolean eos;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!take_bus_error (bus, 20 * GST_MSECOND, GST_MESSAGE_EOS, &eos, error))
        goto out;
      if (eos)
        break;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  /* webmmux escapes the recipe: store it as plain JSON */
  if (!rushes_matroska_unwrap_tags (tmp_path, NULL, error) || !sync_file (tmp_path, error))
    goto out;
  if (g_rename (tmp_path, dest_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save “%s”: %s"), dest_path, g_strerror (saved));
      goto out;
    }
  g_clear_pointer (&tmp_path, g_free);
  ok = TRUE;
  if (progress)
    progress (1.0, _("Done"), progress_data);

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (pool)
    gst_buffer_pool_set_active (pool, FALSE);
  if (painter_ready)
    _rushes_sketch_painter_clear (&painter);
  if (tmp_path)
    g_unlink (tmp_path);
  return ok;
}
