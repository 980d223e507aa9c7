/* rushes-tagger-private.h: shared by rushes-tagger.c and -finish.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-tagger.h"

G_BEGIN_DECLS

void     _rushes_tagger_ensure_debug_category (void);

gboolean _rushes_tagger_wait_for_eos (GstElement    *pipeline,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean _rushes_tagger_sync         (const char    *tmp_path,
                                      const char    *like_path,
                                      GError       **error);
gboolean _rushes_tagger_write_as     (const char    *path,
                                      const char    *container,
                                      const char    *recipe_json,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Gives @muxer (a GstTagSetter) @recipe_json as its GST_TAG_COMMENT, kept
 * over any comment arriving from upstream (a source file's own recipe).
 * Before the muxer finishes: muxers write their tags at the end. A Matroska
 * file then needs rushes_matroska_unwrap_tags(). */
void     _rushes_tagger_tag_muxer    (GstElement    *muxer,
                                      const char    *recipe_json);
gboolean _rushes_tagger_write_recipe (const char    *media_path,
                                      const char    *container,
                                      RushesRecipe  *recipe,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* RushesTagWriter.finish */
char    *_rushes_tagger_finish_take  (RushesTagWriter  *writer,
                                      const char       *downloaded,
                                      const char       *stem,
                                      RushesRecipe     *recipe,
                                      GCancellable     *cancellable,
                                      GError          **error);

G_END_DECLS
