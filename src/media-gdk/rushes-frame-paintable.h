/* rushes-frame-paintable.h: the newest video frame as a GdkPaintable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fed by RushesFrameSink from a streaming thread; drawn on the main thread
 * (in a GtkPicture, content-fit contain).
 */
#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_FRAME_PAINTABLE (rushes_frame_paintable_get_type ())
G_DECLARE_FINAL_TYPE (RushesFramePaintable, rushes_frame_paintable, RUSHES, FRAME_PAINTABLE, GObject)

RushesFramePaintable *rushes_frame_paintable_new         (void);

/* main thread: the texture shown now (NULL before the first frame) */
GdkTexture           *rushes_frame_paintable_get_texture (RushesFramePaintable *self);
guint64               rushes_frame_paintable_get_n_frames (RushesFramePaintable *self);

/* any thread: keeps only the newest texture; @par_n/@par_d is the pixel
 * aspect ratio. The main context shows it soon after. */
void                  rushes_frame_paintable_queue       (RushesFramePaintable *self,
                                                          GdkTexture           *texture,
                                                          int                   par_n,
                                                          int                   par_d);
/* main thread: drop the picture (a new file, or an error) */
void                  rushes_frame_paintable_clear       (RushesFramePaintable *self);

G_END_DECLS
