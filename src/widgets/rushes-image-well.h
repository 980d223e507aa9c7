/* rushes-image-well.h: a start or end image of the parameter panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds a frame reference (rushes-frame-ref.h: an image file, or PATH@T, a
 * frame of a video), shows a thumbnail of that frame and where it comes
 * from, takes a dropped image or video file ("Choose…" too) and is cleared
 * with its button. Keyboard: the well takes the focus, Return chooses a
 * file, Delete clears it. A spec that cannot be read shows the reason (the
 * "error" property) and is kept, so that the person sees what is wrong.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_IMAGE_WELL (rushes_image_well_get_type ())
G_DECLARE_FINAL_TYPE (RushesImageWell, rushes_image_well, RUSHES, IMAGE_WELL, GtkWidget)

GtkWidget  *rushes_image_well_new       (void);
/* the frame reference held; NULL when empty */
const char *rushes_image_well_get_spec  (RushesImageWell *self);
/* NULL or "" empties the well */
void        rushes_image_well_set_spec  (RushesImageWell *self,
                                         const char      *spec);
/* an end image: a dropped video gives its last frame (a start image: its first) */
gboolean    rushes_image_well_get_end   (RushesImageWell *self);
void        rushes_image_well_set_end   (RushesImageWell *self,
                                         gboolean         end);
/* why the spec cannot be used (NULL: it can, or the well is empty) */
const char *rushes_image_well_get_error (RushesImageWell *self);
/* TRUE while the thumbnail is being read */
gboolean    rushes_image_well_get_busy  (RushesImageWell *self);
/* the thumbnail shown (NULL: none) */
GdkPaintable *rushes_image_well_get_paintable (RushesImageWell *self);

/* Plain logic. The spec for a file dropped or chosen: a video gives
 * "PATH@end" for an end image, PATH (its first frame) otherwise. */
char       *rushes_image_well_spec_for_file (const char *path,
                                             gboolean    end);
/* What the well says of spec: "take.mp4", "take.mp4 @ frame 76",
 * "take.mp4 @ the last frame". */
char       *rushes_image_well_describe      (const char *spec);

G_END_DECLS
