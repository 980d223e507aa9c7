/* rushes-tag-writer.h: writes a take's recipe into its container's tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Core has no GStreamer, but a finished job should carry its recipe inside
 * the media file as well as in the sidecar. The layer that has GStreamer
 * (src/media, RushesTagger) implements this interface, and whoever builds
 * the job queue (the application, `rushes generate`) hands it one with
 * rushes_job_queue_set_tag_writer(). Without one, takes carry their recipe
 * in the sidecar only.
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

  /* Called on a worker thread: must be thread-safe. Rewrites media_path
   * atomically; returns within 0.5 s of a cancel. */
  gboolean (*write) (RushesTagWriter  *self,
                     const char       *media_path,
                     RushesRecipe     *recipe,
                     GCancellable     *cancellable,
                     GError          **error);
};

gboolean rushes_tag_writer_write (RushesTagWriter  *self,
                                  const char       *media_path,
                                  RushesRecipe     *recipe,
                                  GCancellable     *cancellable,
                                  GError          **error);

G_END_DECLS
