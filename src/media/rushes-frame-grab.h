/* rushes-frame-grab.h: one exact frame of a video (or a still image) as PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For start and end images (rushes-frame-ref.h): the nth DECODED frame,
 * counted by presentation time from the first one (never the nearest
 * keyframe), the last decoded frame for "@end", or a still image decoded
 * and saved again as PNG. Blocks: call from a worker thread or the command
 * line.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-frame-ref.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

/* Larger images are refused, from their header, before their pixels are decoded. */
#define RUSHES_FRAME_GRAB_MAX_SIDE 8192

/* Writes the frame ref names to dest_png (atomically; nothing is written
 * on error). Errors: RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE when the time is
 * past the end (the message names the real end), RUSHES_FRAME_REF_ERROR_INVALID
 * for an image over RUSHES_FRAME_GRAB_MAX_SIDE, G_IO_ERROR_* for a file that
 * cannot be read, and a message naming the file for one that does not
 * decode. Gives up after a minute of decoding. */
gboolean rushes_frame_grab_to_png (const char            *video,
                                   const RushesFrameRef  *ref,
                                   const char            *dest_png,
                                   GError               **error);

/* The size of a still image from its header alone (PNG, JPEG, GIF, WebP),
 * without decoding it; FALSE (no error) when the header says nothing. */
gboolean rushes_frame_grab_peek_image_size (const char *path,
                                            int        *width,
                                            int        *height);

/* The one way a start (end = FALSE) or end image is stored: spec (a frame
 * reference) is parsed, its frame grabbed exactly into a PNG beside
 * take_path (NAME.start.png / NAME.end.png) or, when take_path is NULL, in
 * the library folder under "frame-UUID"; the recipe's start (end) image is
 * set to that PNG and its source to the spec. On error the recipe is left
 * as it was. Blocks like rushes_frame_grab_to_png(). */
gboolean rushes_frame_grab_store (RushesRecipe  *recipe,
                                  const char    *spec,
                                  gboolean       end,
                                  const char    *take_path,
                                  GError       **error);

G_END_DECLS
