/* rushes-project-commands.c: the undo commands a project's edits push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each command is made of raw (non-undoable) operations on the sequence
 * or the format, and reports the change with _rushes_project_changed().
 */

#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-private.h"

/* Raw (non-undoable) operations the commands are made of */

static void
raw_insert (RushesProject      *self,
            guint               position,
            RushesTimelineClip *clip)
{
  position = MIN (position, self->clips->len);
  g_ptr_array_insert (self->clips, position, g_object_ref (clip));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static RushesTimelineClip *
raw_remove (RushesProject *self,
            guint          position)
{
  RushesTimelineClip *clip = g_ptr_array_steal_index (self->clips, position);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  return clip;
}

static void
raw_move (RushesProject *self,
          guint          from,
          guint          to)
{
  RushesTimelineClip *clip;

  if (from == to)
    return;
  clip = g_ptr_array_steal_index (self->clips, from);
  g_ptr_array_insert (self->clips, to, clip);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to), MAX (from, to) - MIN (from, to) + 1,
                              MAX (from, to) - MIN (from, to) + 1);
}

/* Commands */

typedef struct
{
  RushesUndoCommand   parent;
  RushesProject      *project;   /* borrowed: the project owns the stack */
  RushesTimelineClip *clip;
  RushesTimelineClip *clip2;
  RushesTimelineClip *clip3;
  guint               pos;
  guint               pos2;
  gint64              a[4];      /* trim: old in, old out, new in, new out */
  guint               fmt[2][5]; /* format: old, new (w, h, n, d, auto) */
  char               *str[2];    /* relink: old path, new path */
  gboolean            flag;
} Command;

static void
command_free (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  g_clear_object (&c->clip);
  g_clear_object (&c->clip2);
  g_clear_object (&c->clip3);
  g_free (c->str[0]);
  g_free (c->str[1]);
  g_free (c);
}

static void
insert_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  raw_insert (c->project, c->pos, c->clip);
  _rushes_project_changed (c->project);
}

static void
insert_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  g_object_unref (raw_remove (c->project, c->pos));
  _rushes_project_changed (c->project);
}

static const RushesUndoCommandClass insert_class = { insert_apply, insert_revert, command_free };
static const RushesUndoCommandClass remove_class = { insert_revert, insert_apply, command_free };

static void
move_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  raw_move (c->project, c->pos, c->pos2);
  _rushes_project_changed (c->project);
}

static void
move_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  raw_move (c->project, c->pos2, c->pos);
  _rushes_project_changed (c->project);
}

static const RushesUndoCommandClass move_class = { move_apply, move_revert, command_free };

static void
trim_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  rushes_timeline_clip_set_range (c->clip, c->a[2], c->a[3]);
  _rushes_project_changed (c->project);
}

static void
trim_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  rushes_timeline_clip_set_range (c->clip, c->a[0], c->a[1]);
  _rushes_project_changed (c->project);
}

static const RushesUndoCommandClass trim_class = { trim_apply, trim_revert, command_free };

/* split: clip (the original) at pos is replaced by clip2 + clip3 */
static void
split_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;
  RushesProject *self = c->project;

  g_object_unref (g_ptr_array_steal_index (self->clips, c->pos));
  g_ptr_array_insert (self->clips, c->pos, g_object_ref (c->clip3));
  g_ptr_array_insert (self->clips, c->pos, g_object_ref (c->clip2));
  g_list_model_items_changed (G_LIST_MODEL (self), c->pos, 1, 2);
  _rushes_project_changed (self);
}

static void
split_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;
  RushesProject *self = c->project;

  g_ptr_array_remove_range (self->clips, c->pos, 2);
  g_ptr_array_insert (self->clips, c->pos, g_object_ref (c->clip));
  g_list_model_items_changed (G_LIST_MODEL (self), c->pos, 2, 1);
  _rushes_project_changed (self);
}

static const RushesUndoCommandClass split_class = { split_apply, split_revert, command_free };

static void
format_set (Command *c,
            guint    which)
{
  RushesProject *self = c->project;

  self->width = c->fmt[which][0];
  self->height = c->fmt[which][1];
  self->fps_n = c->fmt[which][2];
  self->fps_d = c->fmt[which][3];
  self->auto_format = c->fmt[which][4];
  _rushes_project_changed (self);
}

static void
format_apply (RushesUndoCommand *command)
{
  format_set ((Command *) command, 1);
}

static void
format_revert (RushesUndoCommand *command)
{
  format_set ((Command *) command, 0);
}

static const RushesUndoCommandClass format_class = { format_apply, format_revert, command_free };

static void
relink_set (Command *c,
            guint    which)
{
  rushes_timeline_clip_set_path (c->clip, c->str[which]);
  /* Offline until the media layer has looked at the new file; an undo
   * goes back to the state the clip had. */
  rushes_timeline_clip_set_offline (c->clip, which == 0 ? c->flag
                                    : !g_file_test (c->str[1], G_FILE_TEST_IS_REGULAR));
  _rushes_project_changed (c->project);
}

static void
relink_apply (RushesUndoCommand *command)
{
  relink_set ((Command *) command, 1);
}

static void
relink_revert (RushesUndoCommand *command)
{
  relink_set ((Command *) command, 0);
}

static const RushesUndoCommandClass relink_class = { relink_apply, relink_revert, command_free };

static Command *
command_new (RushesProject                *self,
             const RushesUndoCommandClass *klass,
             const char                   *label)
{
  Command *c = g_new0 (Command, 1);

  c->parent.klass = klass;
  c->parent.label = g_strdup (label);
  c->project = self;
  return c;
}

/* Constructors */

RushesUndoCommand *
_rushes_project_insert_command_new (RushesProject      *self,
                                    guint               position,
                                    RushesTimelineClip *clip)
{
  Command *c = command_new (self, &insert_class, _("Add Clip"));

  c->pos = MIN (position, self->clips->len);
  c->clip = g_object_ref (clip);
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_remove_command_new (RushesProject *self,
                                    guint          position)
{
  Command *c = command_new (self, &remove_class, _("Delete Clip"));

  c->pos = position;
  c->clip = g_object_ref (g_ptr_array_index (self->clips, position));
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_move_command_new (RushesProject *self,
                                  guint          from,
                                  guint          to)
{
  Command *c = command_new (self, &move_class, _("Move Clip"));

  c->pos = from;
  c->pos2 = to;
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_trim_command_new (RushesProject      *self,
                                  RushesTimelineClip *clip,
                                  gint64              in_point,
                                  gint64              out_point)
{
  Command *c = command_new (self, &trim_class, _("Trim Clip"));

  c->clip = g_object_ref (clip);
  c->a[0] = rushes_timeline_clip_get_in_point (clip);
  c->a[1] = rushes_timeline_clip_get_out_point (clip);
  c->a[2] = in_point;
  c->a[3] = out_point;
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_split_command_new (RushesProject *self,
                                   guint          position,
                                   gint64         offset)
{
  RushesTimelineClip *clip = g_ptr_array_index (self->clips, position);
  gint64 in = rushes_timeline_clip_get_in_point (clip);
  gint64 out = rushes_timeline_clip_get_out_point (clip);
  Command *c = command_new (self, &split_class, _("Split Clip"));

  c->pos = position;
  c->clip = g_object_ref (clip);
  c->clip2 = rushes_timeline_clip_duplicate (clip);
  c->clip3 = rushes_timeline_clip_duplicate (clip);
  rushes_timeline_clip_set_range (c->clip2, in, in + offset);
  rushes_timeline_clip_set_range (c->clip3, in + offset, out);
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_format_command_new (RushesProject *self,
                                    guint          width,
                                    guint          height,
                                    guint          fps_n,
                                    guint          fps_d,
                                    gboolean       auto_format)
{
  Command *c = command_new (self, &format_class, _("Change Project Format"));

  c->fmt[0][0] = self->width;
  c->fmt[0][1] = self->height;
  c->fmt[0][2] = self->fps_n;
  c->fmt[0][3] = self->fps_d;
  c->fmt[0][4] = self->auto_format;
  c->fmt[1][0] = width;
  c->fmt[1][1] = height;
  c->fmt[1][2] = fps_n;
  c->fmt[1][3] = fps_d;
  c->fmt[1][4] = auto_format;
  return &c->parent;
}

RushesUndoCommand *
_rushes_project_relink_command_new (RushesProject      *self,
                                    RushesTimelineClip *clip,
                                    const char         *path)
{
  Command *c = command_new (self, &relink_class, _("Relink Clip"));

  c->clip = g_object_ref (clip);
  c->str[0] = g_strdup (rushes_timeline_clip_get_path (clip));
  c->str[1] = g_strdup (path);
  c->flag = rushes_timeline_clip_get_offline (clip);
  return &c->parent;
}
