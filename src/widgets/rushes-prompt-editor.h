/* rushes-prompt-editor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_PROMPT_EDITOR (rushes_prompt_editor_get_type ())
G_DECLARE_FINAL_TYPE (RushesPromptEditor, rushes_prompt_editor, RUSHES, PROMPT_EDITOR, GtkWidget)

RushesPromptEditor *rushes_prompt_editor_new                   (void);
/* Owned by the editor's buffers; valid until the next change. */
const char         *rushes_prompt_editor_get_prompt            (RushesPromptEditor *self);
void                rushes_prompt_editor_set_prompt            (RushesPromptEditor *self,
                                                                const char         *prompt);
const char         *rushes_prompt_editor_get_negative_prompt   (RushesPromptEditor *self);
void                rushes_prompt_editor_set_negative_prompt   (RushesPromptEditor *self,
                                                                const char         *negative_prompt);
gboolean            rushes_prompt_editor_get_show_negative     (RushesPromptEditor *self);
void                rushes_prompt_editor_set_show_negative     (RushesPromptEditor *self,
                                                                gboolean            show);
/* A list of past prompts, most recent first. Items are GtkStringObject, or
 * any object with a string property "text" (RushesPromptEntry), "prompt" or
 * "string". */
GListModel         *rushes_prompt_editor_get_history           (RushesPromptEditor *self);
void                rushes_prompt_editor_set_history           (RushesPromptEditor *self,
                                                                GListModel         *history);
/* Walks the history like a shell: older (+1) or newer (-1). Returns FALSE
 * when there is nothing further in that direction. */
gboolean            rushes_prompt_editor_history_step          (RushesPromptEditor *self,
                                                                int                 direction);
void                rushes_prompt_editor_grab_prompt_focus     (RushesPromptEditor *self);

/* Plain logic (no widgets): the history position after one step.
 * position -1 is the user's own draft, 0 the most recent entry. */
int                 rushes_prompt_history_next_position        (int                 position,
                                                                guint               n_items,
                                                                int                 direction);

G_END_DECLS
