/* rushes-thumbnailer.h: cached frame grabs for the library and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames are decoded in a worker thread (GTask), scaled to the requested
 * width, saved as PNG in g_get_user_cache_dir()/rushes/thumbnails/ (keyed by
 * path, mtime, size, time and width) and returned as GdkTextures. A second
 * request for the same frame is served from the cache without decoding
 * (from memory while it is among the most recently used). A request
 * cancelled before a worker took it up costs nothing.
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define RUSHES_THUMBNAILER_ERROR (rushes_thumbnailer_error_quark ())
typedef enum
{
  RUSHES_THUMBNAILER_ERROR_NO_VIDEO,  /* the file has no video stream */
  RUSHES_THUMBNAILER_ERROR_DECODE,    /* unreadable, corrupt or truncated */
} RushesThumbnailerError;

GQuark rushes_thumbnailer_error_quark (void);

#define RUSHES_TYPE_THUMBNAILER (rushes_thumbnailer_get_type ())
G_DECLARE_FINAL_TYPE (RushesThumbnailer, rushes_thumbnailer, RUSHES, THUMBNAILER, GObject)

/* The shared instance (main thread). */
RushesThumbnailer *rushes_thumbnailer_get_default      (void);
RushesThumbnailer *rushes_thumbnailer_new              (void);

/* Where PNGs are cached; defaults to g_get_user_cache_dir()/rushes/thumbnails. */
const char        *rushes_thumbnailer_get_cache_dir    (RushesThumbnailer   *self);

/* One frame at @time (nanoseconds; clamped into the clip), @width pixels
 * wide (0: the video's own width), aspect ratio kept. */
void               rushes_thumbnailer_grab_async       (RushesThumbnailer   *self,
                                                        GFile               *file,
                                                        GstClockTime         time,
                                                        int                  width,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GdkTexture        *rushes_thumbnailer_grab_finish      (RushesThumbnailer   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* @n_frames frames spread evenly across the clip (frame i is taken at
 * duration * (i + 0.5) / n_frames). Returns a GPtrArray of GdkTexture. */
void               rushes_thumbnailer_filmstrip_async  (RushesThumbnailer   *self,
                                                        GFile               *file,
                                                        guint                n_frames,
                                                        int                  width,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray         *rushes_thumbnailer_filmstrip_finish (RushesThumbnailer   *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* What the thumbnailer did since it was made (for tests and benches):
 * async requests made and finished; those dropped because they were
 * cancelled before they started; files opened for decoding; frames
 * served from the memory cache, and its size now. */
typedef struct
{
  guint requested;
  guint finished;
  guint skipped;
  guint opened;
  guint memory_hits;
  gsize memory_bytes;
} RushesThumbnailerStats;

void               rushes_thumbnailer_get_stats        (RushesThumbnailer      *self,
                                                        RushesThumbnailerStats *stats);

/* Blocking variants for worker threads and the command line. */
GdkTexture        *rushes_thumbnailer_grab             (RushesThumbnailer   *self,
                                                        GFile               *file,
                                                        GstClockTime         time,
                                                        int                  width,
                                                        GCancellable        *cancellable,
                                                        GError             **error);

G_END_DECLS
