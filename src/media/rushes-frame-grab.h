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

G_END_DECLS
