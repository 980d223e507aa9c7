/* rushes-tag-writer.h: makes a downloaded result into a take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Core has no GStreamer, but a downloaded result must become a take that
 * plays: named by what its bytes are (a ComfyUI locator such as
 * `view?filename=x.mp4` says nothing), converted when it is not a video
 * container (an animated WebP or GIF becomes WebM), and carrying its recipe
 * inside the media file as well as in the sidecar. The layer that has
 * GStreamer (src/media, RushesTagger) implements this "take finisher", and
 * whoever builds the job queue (the application, `rushes generate`) hands
 * it one with rushes_job_queue_set_tag_writer(). Without one, a result is
 * kept as it came, named by its locator, with its recipe in the sidecar only.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-recipe.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_TAG_WRITER (rushes_tag_writer_get_type ())
G_DECLARE_INTERFACE (RushesTagWriter, rushes_tag_writer, RUSHES, TAG_WRITER, GObject)

struct _RushesTagWriterInterface
{
  GTypeInterface parent_iface;

  /* Called on a worker thread: must be thread-safe; returns within 0.5 s
   * of a cancel. See rushes_tag_writer_finish(). */
  char *(*finish) (RushesTagWriter  *self,
                   const char       *downloaded,
                   const char       *stem,
                   RushesRecipe     *recipe,
                   GCancellable     *cancellable,
                   GError          **error);
};

/* Makes the file at downloaded (the fetched result, in the take's folder)
 * into the take stem + "." + the extension its container calls for (mp4,
 * webm, mov, mkv), with recipe in its tags, and returns that path. A result
 * that had to be converted keeps its original beside the take as stem + "."
 * + its own extension (stem.webp). On failure (the bytes are an HTML page or
 * no video, or the conversion failed) downloaded is left as it is and the
 * error says what came back. */
char *rushes_tag_writer_finish (RushesTagWriter  *self,
                                const char       *downloaded,
                                const char       *stem,
                                RushesRecipe     *recipe,
                                GCancellable     *cancellable,
                                GError          **error);

G_END_DECLS
