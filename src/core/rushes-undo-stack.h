/* rushes-undo-stack.h: a linear undo/redo history of commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A command is a small struct whose first member is RushesUndoCommand;
 * apply() does (or redoes) it, revert() undoes it, free() releases it.
 * Pushing a command applies it and drops everything that could be redone.
 * Between begin_group() and end_group() (which nest) the commands pushed
 * are applied as usual and become one step of the history.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _RushesUndoCommand RushesUndoCommand;

typedef struct
{
  void (*apply)  (RushesUndoCommand *command);
  void (*revert) (RushesUndoCommand *command);
  void (*free)   (RushesUndoCommand *command);
} RushesUndoCommandClass;

struct _RushesUndoCommand
{
  const RushesUndoCommandClass *klass;
  char                         *label;  /* for "Undo Split", translated */
};

#define RUSHES_TYPE_UNDO_STACK (rushes_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (RushesUndoStack, rushes_undo_stack, RUSHES, UNDO_STACK, GObject)

RushesUndoStack *rushes_undo_stack_new             (void);
/* Takes ownership of command, applies it. */
void             rushes_undo_stack_push            (RushesUndoStack   *self,
                                                    RushesUndoCommand *command);
gboolean         rushes_undo_stack_undo            (RushesUndoStack   *self);
gboolean         rushes_undo_stack_redo            (RushesUndoStack   *self);
gboolean         rushes_undo_stack_get_can_undo    (RushesUndoStack   *self);
gboolean         rushes_undo_stack_get_can_redo    (RushesUndoStack   *self);
const char      *rushes_undo_stack_get_undo_label  (RushesUndoStack   *self);
const char      *rushes_undo_stack_get_redo_label  (RushesUndoStack   *self);
void             rushes_undo_stack_clear           (RushesUndoStack   *self);
void             rushes_undo_stack_begin_group     (RushesUndoStack   *self,
                                                    const char        *label);
void             rushes_undo_stack_end_group       (RushesUndoStack   *self);

G_END_DECLS
