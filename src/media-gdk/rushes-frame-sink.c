/* rushes-frame-sink.c: a GStreamer video sink that hands frames to GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * show_frame() runs on the streaming thread: it maps the buffer, wraps the
 * mapping in GBytes whose destroy notify unmaps it, and queues the texture
 * on the paintable, which keeps only the newest one.
 */
#define G_LOG_DOMAIN "rushes-frame-sink"

#include "config.h"

#include <gst/video/video.h>

#include "rushes-frame-sink.h"

GST_DEBUG_CATEGORY_STATIC (rushes_frame_sink_debug);
#define GST_CAT_DEFAULT rushes_frame_sink_debug

struct _RushesFrameSink
{
  GstVideoSink parent_instance;

  RushesFramePaintable *paintable; /* owned, set at construction */
  GstVideoInfo info;               /* streaming thread */
};

G_DEFINE_FINAL_TYPE (RushesFrameSink, rushes_frame_sink, GST_TYPE_VIDEO_SINK)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ BGRA, RGBA }")));

typedef struct
{
  GstVideoFrame frame;
} MappedFrame;

static void
mapped_frame_free (gpointer data)
{
  MappedFrame *m = data;

  gst_video_frame_unmap (&m->frame);
  g_free (m);
}

static gboolean
rushes_frame_sink_set_info (GstVideoSink       *video_sink,
                            GstCaps            *caps,
                            const GstVideoInfo *info)
{
  RushesFrameSink *self = RUSHES_FRAME_SINK (video_sink);

  self->info = *info;
  return TRUE;
}

static GstFlowReturn
rushes_frame_sink_show_frame (GstVideoSink *video_sink,
                              GstBuffer    *buffer)
{
  RushesFrameSink *self = RUSHES_FRAME_SINK (video_sink);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  MappedFrame *m = g_new0 (MappedFrame, 1);
  GdkMemoryFormat format;
  gsize stride, size;

  if (!gst_video_frame_map (&m->frame, &self->info, buffer, GST_MAP_READ))
    {
      g_free (m);
      GST_ELEMENT_ERROR (self, RESOURCE, READ, (NULL), ("cannot map a video frame"));
      return GST_FLOW_ERROR;
    }

  format = GST_VIDEO_INFO_FORMAT (&self->info) == GST_VIDEO_FORMAT_RGBA ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_B8G8R8A8;
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&m->frame, 0);
  size = stride * (GST_VIDEO_INFO_HEIGHT (&self->info) - 1) + (gsize) GST_VIDEO_INFO_WIDTH (&self->info) * 4;
  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (&m->frame, 0), size, mapped_frame_free, m);
  texture = gdk_memory_texture_new (GST_VIDEO_INFO_WIDTH (&self->info),
                                    GST_VIDEO_INFO_HEIGHT (&self->info),
                                    format, bytes, stride);
  rushes_frame_paintable_queue (self->paintable, texture,
                                GST_VIDEO_INFO_PAR_N (&self->info),
                                GST_VIDEO_INFO_PAR_D (&self->info));

  return GST_FLOW_OK;
}

static gboolean
rushes_frame_sink_propose_allocation (GstBaseSink *base_sink,
                                      GstQuery    *query)
{
  /* frames are kept alive by their textures: let upstream allocate freely */
  gst_query_add_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL);
  return TRUE;
}

static void
rushes_frame_sink_finalize (GObject *object)
{
  RushesFrameSink *self = RUSHES_FRAME_SINK (object);

  g_clear_object (&self->paintable);

  G_OBJECT_CLASS (rushes_frame_sink_parent_class)->finalize (object);
}

static void
rushes_frame_sink_class_init (RushesFrameSinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *base_sink_class = GST_BASE_SINK_CLASS (klass);
  GstVideoSinkClass *video_sink_class = GST_VIDEO_SINK_CLASS (klass);

  object_class->finalize = rushes_frame_sink_finalize;
  base_sink_class->propose_allocation = rushes_frame_sink_propose_allocation;
  video_sink_class->set_info = rushes_frame_sink_set_info;
  video_sink_class->show_frame = rushes_frame_sink_show_frame;

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class, "Rushes frame sink", "Sink/Video",
                                         "Hands video frames to GTK as textures", "Rushes");

  GST_DEBUG_CATEGORY_INIT (rushes_frame_sink_debug, "rushes-frame-sink", 0, "Rushes frame sink");
}

static void
rushes_frame_sink_init (RushesFrameSink *self)
{
  gst_video_info_init (&self->info);
}

GstElement *
rushes_frame_sink_new (RushesFramePaintable *paintable)
{
  RushesFrameSink *self;

  g_return_val_if_fail (RUSHES_IS_FRAME_PAINTABLE (paintable), NULL);

  self = g_object_new (RUSHES_TYPE_FRAME_SINK, NULL);
  self->paintable = g_object_ref (paintable);
  return GST_ELEMENT (self);
}

RushesFramePaintable *
rushes_frame_sink_get_paintable (RushesFrameSink *self)
{
  g_return_val_if_fail (RUSHES_IS_FRAME_SINK (self), NULL);
  return self->paintable;
}

GstElement *
rushes_frame_sink_make_best (GdkPaintable **paintable)
{
  GstElement *gtk_sink;
  GstElement *bin;
  GstElement *convert;
  GstElement *sink;
  g_autoptr(RushesFramePaintable) own = NULL;
  g_autoptr(GstPad) pad = NULL;

  g_return_val_if_fail (paintable != NULL, NULL);

  if (g_getenv ("RUSHES_NO_GTK4PAINTABLESINK") == NULL &&
      (gtk_sink = gst_element_factory_make ("gtk4paintablesink", NULL)) != NULL)
    {
      g_object_get (gtk_sink, "paintable", paintable, NULL);
      if (*paintable != NULL)
        return gtk_sink;
      gst_object_unref (gst_object_ref_sink (gtk_sink));
    }

  own = rushes_frame_paintable_new ();
  bin = gst_bin_new ("rushes-video-sink");
  convert = gst_element_factory_make ("videoconvert", NULL);
  sink = rushes_frame_sink_new (own);
  gst_bin_add_many (GST_BIN (bin), convert, sink, NULL);
  gst_element_link (convert, sink);
  pad = gst_element_get_static_pad (convert, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));

  *paintable = GDK_PAINTABLE (g_steal_pointer (&own));
  return bin;
}
