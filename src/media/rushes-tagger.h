/* rushes-tagger.h: the recipe in a media file's container tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recipe JSON is stored as the container's GST_TAG_COMMENT, as plain
 * JSON that any tool reads: Matroska and WebM "COMMENTS" (matroskamux's
 * escaping is undone, see core/rushes-matroska-tags.h), MP4 and MOV "©cmt";
 * `ffprobe -show_entries format_tags` shows them as "COMMENTS" and
 * "comment". A file may carry other comments; the reader returns the first
 * one that is a JSON object, and still understands files tagged in the
 * escaped form.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "rushes-recipe.h"
#include "rushes-tag-writer.h"

G_BEGIN_DECLS

#define RUSHES_TAGGER_ERROR (rushes_tagger_error_quark ())
typedef enum
{
  RUSHES_TAGGER_ERROR_FAILED,      /* could not read or write the file */
  RUSHES_TAGGER_ERROR_UNSUPPORTED, /* container not handled (by extension) */
  RUSHES_TAGGER_ERROR_NOT_FOUND,   /* the file carries no recipe */
  RUSHES_TAGGER_ERROR_NOT_VIDEO,   /* a result is no video (HTML, text, a still) */
} RushesTaggerError;

GQuark  rushes_tagger_error_quark (void);

/* Rewrites path with the recipe in its tags: remuxes (stream copy, no
 * re-encoding) into a temporary file in the same folder, then renames it
 * over path. The container is chosen by path's extension (.webm, .mkv,
 * .mp4, .m4v, .mov). Blocks; returns within 0.5 s of a cancel. */
gboolean rushes_tagger_write      (const char    *path,
                                   const char    *recipe_json,
                                   GCancellable  *cancellable,
                                   GError       **error);

/* Returns the recipe JSON stored in path's tags (newly allocated), or NULL
 * with RUSHES_TAGGER_ERROR_NOT_FOUND when there is none. Blocks. */
char    *rushes_tagger_read       (const char    *path,
                                   GError       **error);

/* The RushesTagWriter (take finisher) for job queues
 * (rushes_job_queue_set_tag_writer): identifies a downloaded result's
 * container by GStreamer typefinding, keeps MP4, WebM, MOV and Matroska as
 * they are, converts animated WebP and GIF to VP9 WebM (frame timing kept,
 * the original kept beside it), refuses anything else, and writes the
 * recipe into the take's tags unless they already hold an equal recipe.
 * Thread-safe; holds no state. */
#define RUSHES_TYPE_TAGGER (rushes_tagger_get_type ())
G_DECLARE_FINAL_TYPE (RushesTagger, rushes_tagger, RUSHES, TAGGER, GObject)

RushesTagWriter *rushes_tagger_new (void);

G_END_DECLS
