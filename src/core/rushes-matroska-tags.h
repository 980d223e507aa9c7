/* rushes-matroska-tags.h: plain text in a Matroska / WebM file's tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GStreamer's matroskamux (1.22) writes every tag value through
 * gst_value_serialize(), so any string holding a space, a quote or a
 * newline (a recipe's JSON, a prompt in TITLE) lands in the file quoted and
 * backslash-escaped: `"\{\012\ \ \"version\"…"`. GStreamer reads that back,
 * but ffprobe, mkvinfo and every other tool see noise. Whoever muxes a
 * Matroska or WebM file calls rushes_matroska_unwrap_tags() on it once the
 * muxer is done (before it is renamed into place); the recipe is then
 * plain JSON in the COMMENTS tag, which GStreamer reads just as well.
 *
 * Plain GLib: used by Sketch (backends) and by media's tagger, trimmer and
 * exporter.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Rewrites, in place and without changing any element's size, each
 * SimpleTag's TagString that is in GStreamer's serialised form into the text
 * it stands for; the bytes it frees become an EBML Void element. Files that
 * are not Matroska, or hold no such tag, are left alone (TRUE). Sets
 * *n_unwrapped (may be NULL) to the number of tags rewritten. */
gboolean rushes_matroska_unwrap_tags (const char  *path,
                                      guint       *n_unwrapped,
                                      GError     **error);

/* The text a GStreamer-serialised string stands for (`"a\ b"` → `a b`), or
 * NULL when text is not in that form. */
char    *rushes_matroska_unwrap_string (const char *text,
                                        gsize       length);

G_END_DECLS
