/* rushes-sketch-renderer.h: the offline Sketch renderer (recipe → video file)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws every frame with cairo from a scene chosen deterministically from
 * the prompt's words and the seed, and encodes it with GStreamer on the
 * calling thread. The same recipe always decodes to the same frames.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-backend.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_SKETCH_CONTAINER_WEBM,     /* VP9 + Opus in WebM */
  RUSHES_SKETCH_CONTAINER_MATROSKA, /* VP9 + Opus in Matroska */
  RUSHES_SKETCH_CONTAINER_MP4,      /* H.264 + AAC in MP4 */
} RushesSketchContainer;

/* Picks the container from the file name's extension (.webm, .mkv, .mp4,
 * .m4v, .mov); fails with RUSHES_BACKEND_ERROR_UNSUPPORTED otherwise. */
gboolean  rushes_sketch_container_for_path (const char             *path,
                                            RushesSketchContainer  *container,
                                            GError                **error);
const char *rushes_sketch_container_get_extension (RushesSketchContainer container);

/* Whether an H.264 and an AAC encoder are installed (MP4 output). */
gboolean  rushes_sketch_can_encode_mp4     (void);

/* Renders recipe into dest_path (container chosen by its extension),
 * writing the recipe JSON into the container's tags. Writes to a temporary
 * file next to dest_path and renames it at the end: on error or cancel,
 * nothing is left behind. Blocks; call from a worker thread. Returns within
 * 0.5 s of cancellable being cancelled, with G_IO_ERROR_CANCELLED. */
gboolean  rushes_sketch_render             (RushesRecipe        *recipe,
                                            const char          *dest_path,
                                            RushesProgressFunc   progress,
                                            gpointer             progress_data,
                                            GCancellable        *cancellable,
                                            GError             **error);

G_END_DECLS
