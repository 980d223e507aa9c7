/* rushes-frame-sink.h: a GStreamer video sink that hands frames to GTK
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Takes BGRA/RGBA (put videoconvert in front), wraps each frame in a
 * GdkMemoryTexture without copying and gives the newest one to its
 * RushesFramePaintable, which the main thread draws.
 */
#pragma once

#include <gst/video/gstvideosink.h>

#include "rushes-frame-paintable.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_FRAME_SINK (rushes_frame_sink_get_type ())
G_DECLARE_FINAL_TYPE (RushesFrameSink, rushes_frame_sink, RUSHES, FRAME_SINK, GstVideoSink)

/* main thread: a new sink drawing into @paintable */
GstElement           *rushes_frame_sink_new           (RushesFramePaintable *paintable);
RushesFramePaintable *rushes_frame_sink_get_paintable (RushesFrameSink      *self);

/* A video sink for GTK and its paintable: gtk4paintablesink when the
 * runtime has it (its "paintable"), else videoconvert ! RushesFrameSink.
 * Main thread. */
GstElement           *rushes_frame_sink_make_best     (GdkPaintable        **paintable);

G_END_DECLS
