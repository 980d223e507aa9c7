/* rushes-undo-stack.c: a linear undo/redo history of commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-undo-stack"

#include "config.h"

#include "rushes-undo-stack.h"

#define MAX_DEPTH 500

struct _RushesUndoStack
{
  GObject    parent_instance;

  GQueue     undo;  /* newest at head */
  GQueue     redo;  /* next to redo at head */
  GPtrArray *group; /* RushesUndoCommand, while a group is open */
  char      *group_label;
  guint      group_depth;
};

G_DEFINE_FINAL_TYPE (RushesUndoStack, rushes_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
command_free (gpointer data)
{
  RushesUndoCommand *command = data;
  char *label = command->label;

  command->klass->free (command);
  g_free (label);
}

static void
rushes_undo_stack_finalize (GObject *object)
{
  RushesUndoStack *self = (RushesUndoStack *) object;

  g_queue_clear_full (&self->undo, command_free);
  g_queue_clear_full (&self->redo, command_free);
  g_clear_pointer (&self->group, g_ptr_array_unref);
  g_free (self->group_label);

  G_OBJECT_CLASS (rushes_undo_stack_parent_class)->finalize (object);
}

static void
rushes_undo_stack_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RushesUndoStack *self = RUSHES_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, rushes_undo_stack_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, rushes_undo_stack_get_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_undo_stack_class_init (RushesUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_undo_stack_finalize;
  object_class->get_property = rushes_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_undo_stack_init (RushesUndoStack *self)
{
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);
}

RushesUndoStack *
rushes_undo_stack_new (void)
{
  return g_object_new (RUSHES_TYPE_UNDO_STACK, NULL);
}

static void
notify_changes (RushesUndoStack *self,
                gboolean         could_undo,
                gboolean         could_redo)
{
  if (could_undo != rushes_undo_stack_get_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != rushes_undo_stack_get_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Groups: a command made of the commands pushed while it was open */

typedef struct
{
  RushesUndoCommand  parent;
  GPtrArray         *commands;
} Group;

static void
group_apply (RushesUndoCommand *command)
{
  Group *group = (Group *) command;

  for (guint i = 0; i < group->commands->len; i++)
    {
      RushesUndoCommand *c = g_ptr_array_index (group->commands, i);

      c->klass->apply (c);
    }
}

static void
group_revert (RushesUndoCommand *command)
{
  Group *group = (Group *) command;

  for (guint i = group->commands->len; i > 0; i--)
    {
      RushesUndoCommand *c = g_ptr_array_index (group->commands, i - 1);

      c->klass->revert (c);
    }
}

static void
group_free (RushesUndoCommand *command)
{
  Group *group = (Group *) command;

  g_ptr_array_unref (group->commands);
  g_free (group);
}

static const RushesUndoCommandClass group_class = { group_apply, group_revert, group_free };

/* Puts an applied command on the history */
static void
push_applied (RushesUndoStack   *self,
              RushesUndoCommand *command)
{
  gboolean could_undo, could_redo;

  could_undo = rushes_undo_stack_get_can_undo (self);
  could_redo = rushes_undo_stack_get_can_redo (self);

  g_queue_clear_full (&self->redo, command_free);
  g_queue_push_head (&self->undo, command);
  while (self->undo.length > MAX_DEPTH)
    command_free (g_queue_pop_tail (&self->undo));

  notify_changes (self, could_undo, could_redo);
}

void
rushes_undo_stack_push (RushesUndoStack   *self,
                        RushesUndoCommand *command)
{
  g_return_if_fail (RUSHES_IS_UNDO_STACK (self));
  g_return_if_fail (command != NULL && command->klass != NULL);

  command->klass->apply (command);
  if (self->group != NULL)
    g_ptr_array_add (self->group, command);
  else
    push_applied (self, command);
}

void
rushes_undo_stack_begin_group (RushesUndoStack *self,
                               const char      *label)
{
  g_return_if_fail (RUSHES_IS_UNDO_STACK (self));

  if (self->group_depth++ > 0)
    return;
  self->group = g_ptr_array_new_with_free_func (command_free);
  g_free (self->group_label);
  self->group_label = g_strdup (label);
}

void
rushes_undo_stack_end_group (RushesUndoStack *self)
{
  g_autoptr(GPtrArray) commands = NULL;
  Group *group;

  g_return_if_fail (RUSHES_IS_UNDO_STACK (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;
  commands = g_steal_pointer (&self->group);
  if (commands->len == 0)
    return;
  group = g_new0 (Group, 1);
  group->parent.klass = &group_class;
  /* without a label, the group's only command names it */
  group->parent.label = g_strdup (self->group_label ? self->group_label
                                  : ((RushesUndoCommand *) g_ptr_array_index (commands, commands->len - 1))->label);
  group->commands = g_steal_pointer (&commands);
  push_applied (self, &group->parent);
}

gboolean
rushes_undo_stack_undo (RushesUndoStack *self)
{
  RushesUndoCommand *command;
  gboolean could_undo, could_redo;

  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), FALSE);

  if ((command = g_queue_pop_head (&self->undo)) == NULL)
    return FALSE;

  could_undo = TRUE;
  could_redo = rushes_undo_stack_get_can_redo (self);
  command->klass->revert (command);
  g_queue_push_head (&self->redo, command);
  notify_changes (self, could_undo, could_redo);
  return TRUE;
}

gboolean
rushes_undo_stack_redo (RushesUndoStack *self)
{
  RushesUndoCommand *command;
  gboolean could_undo, could_redo;

  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), FALSE);

  if ((command = g_queue_pop_head (&self->redo)) == NULL)
    return FALSE;

  could_undo = rushes_undo_stack_get_can_undo (self);
  could_redo = TRUE;
  command->klass->apply (command);
  g_queue_push_head (&self->undo, command);
  notify_changes (self, could_undo, could_redo);
  return TRUE;
}

gboolean
rushes_undo_stack_get_can_undo (RushesUndoStack *self)
{
  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), FALSE);
  return self->undo.length > 0;
}

gboolean
rushes_undo_stack_get_can_redo (RushesUndoStack *self)
{
  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), FALSE);
  return self->redo.length > 0;
}

const char *
rushes_undo_stack_get_undo_label (RushesUndoStack *self)
{
  RushesUndoCommand *command;

  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), NULL);
  command = g_queue_peek_head (&self->undo);
  return command ? command->label : NULL;
}

const char *
rushes_undo_stack_get_redo_label (RushesUndoStack *self)
{
  RushesUndoCommand *command;

  g_return_val_if_fail (RUSHES_IS_UNDO_STACK (self), NULL);
  command = g_queue_peek_head (&self->redo);
  return command ? command->label : NULL;
}

void
rushes_undo_stack_clear (RushesUndoStack *self)
{
  gboolean could_undo, could_redo;

  g_return_if_fail (RUSHES_IS_UNDO_STACK (self));

  could_undo = rushes_undo_stack_get_can_undo (self);
  could_redo = rushes_undo_stack_get_can_redo (self);
  g_queue_clear_full (&self->undo, command_free);
  g_queue_clear_full (&self->redo, command_free);
  notify_changes (self, could_undo, could_redo);
}
