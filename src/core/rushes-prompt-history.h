/* rushes-prompt-history.h: every prompt submitted, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A GListModel of RushesPromptEntry, deduplicated (the
 * same text, ignoring surrounding white space, moves to the top), kept in
 * $XDG_DATA_HOME/rushes/prompt-history.json (written atomically on a
 * worker thread, in order).
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"

G_BEGIN_DECLS

#define RUSHES_PROMPT_HISTORY_MAX 1000

#define RUSHES_TYPE_PROMPT_ENTRY (rushes_prompt_entry_get_type ())
G_DECLARE_FINAL_TYPE (RushesPromptEntry, rushes_prompt_entry, RUSHES, PROMPT_ENTRY, GObject)

const char *rushes_prompt_entry_get_text      (RushesPromptEntry *self);
/* unix time of the last use */
gint64      rushes_prompt_entry_get_last_used (RushesPromptEntry *self);
guint       rushes_prompt_entry_get_uses      (RushesPromptEntry *self);
/* every word of query occurs in the text, ignoring case and accents */
gboolean    rushes_prompt_entry_matches       (RushesPromptEntry *self,
                                               const char        *query);

#define RUSHES_TYPE_PROMPT_HISTORY (rushes_prompt_history_get_type ())
G_DECLARE_FINAL_TYPE (RushesPromptHistory, rushes_prompt_history, RUSHES, PROMPT_HISTORY, GObject)

/* path NULL: $XDG_DATA_HOME/rushes/prompt-history.json */
RushesPromptHistory *rushes_prompt_history_new    (const char          *path);
/* A missing file is an empty history; a corrupt one is moved aside
 * (PATH.corrupt) with a warning. */
gboolean             rushes_prompt_history_load   (RushesPromptHistory *self,
                                                   GError             **error);
void                 rushes_prompt_history_add    (RushesPromptHistory *self,
                                                   const char          *prompt);
/* how many are kept (default RUSHES_PROMPT_HISTORY_MAX; the
 * "prompt-history-limit" setting); 0 keeps none */
void                 rushes_prompt_history_set_limit (RushesPromptHistory *self,
                                                      guint                limit);
guint                rushes_prompt_history_get_limit (RushesPromptHistory *self);
gboolean             rushes_prompt_history_remove (RushesPromptHistory *self,
                                                   const char          *prompt);
void                 rushes_prompt_history_clear  (RushesPromptHistory *self);
/* A new list of the matching entries, newest first. */
GListModel          *rushes_prompt_history_search (RushesPromptHistory *self,
                                                   const char          *query);
/* Blocks until every pending write is on disk. */
gboolean             rushes_prompt_history_flush  (RushesPromptHistory *self,
                                                   GError             **error);

G_END_DECLS
