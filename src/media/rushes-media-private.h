/* rushes-media-private.h: helpers shared inside src/media
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

/* Waits (up to @timeout_ns) for ASYNC_DONE, ERROR or EOS on @pipeline's
 * bus; polls @cancellable every 50 ms. Returns the message type met (or
 * 0 on timeout/cancel, with @error set). */
GstMessageType _rushes_media_wait_async_done (GstElement    *pipeline,
                                              GstClockTime   timeout_ns,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* @pipeline's streaming threads run at background priority
 * (RushesBackgroundTaskPool), so that decoding for thumbnails and
 * waveforms yields to the window and to playback. Installs a sync handler
 * on @pipeline's bus (it drops stream-status messages); call before the
 * first state change. */
void           _rushes_media_make_background (GstElement *pipeline);

/* Worker threads of the media layer call this before any GStreamer
 * work: callers (a window showing a project's thumbnails as it opens)
 * may ask before the application's deferred gst_init has finished.
 * gst_init is serialised by GStreamer's own lock, so this waits for an
 * init already running elsewhere instead of racing it. */
gboolean       _rushes_media_ensure_init (GError **error);

/* A videoflip (GES puts one in every video source) in passthrough until a
 * rotation tag needs it; any other element is left as it is. Call it on
 * each element as a pipeline creates them (deep-element-added). */
void           _rushes_media_setup_flip (GstElement *element);

/* The caps every export and preview renders to, whichever pipeline: the
 * project's picture (width × height at fps_n/fps_d, square pixels) and its
 * sound (48 kHz stereo) */
GstCaps       *_rushes_media_video_caps (guint width,
                                         guint height,
                                         guint fps_n,
                                         guint fps_d);
GstCaps       *_rushes_media_audio_caps (void);

/* The URI for a local path or GFile. */
char          *_rushes_media_uri_for_file (GFile *file);

G_END_DECLS
