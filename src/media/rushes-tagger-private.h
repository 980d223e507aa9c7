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
