/* rushes-project-commands.c: the undo commands a project's edits push
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The edits of clips and tracks are worked out by rushes-project-edit.c;
 * these are the others: the format, relinking, a track's name, mute and
 * lock. Each reports the change with _rushes_project_changed().
 */

#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-private.h"

/* Commands */

typedef struct
{
  RushesUndoCommand    parent;
  RushesProject       *project;   /* borrowed: the project owns the stack */
  RushesTimelineClip  *clip;
  RushesTimelineTrack *track;
  guint                fmt[2][5]; /* format: old, new (w, h, n, d, auto) */
  char                *str[2];    /* relink: old path, new path; track name: old, new */
  guint                prop;      /* track: 0 name, 1 muted, 2 locked */
  gboolean             flag;      /* relink: offline before; track: the new muted/locked */
} Command;

static void
command_free (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  g_clear_object (&c->clip);
  g_clear_object (&c->track);
  g_free (c->str[0]);
  g_free (c->str[1]);
  g_free (c);
}

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

static void
track_prop_set (Command *c,
                guint    which)
{
  if (c->prop == 0)
    _rushes_timeline_track_set_name (c->track, c->str[which]);
  else if (c->prop == 1)
    _rushes_timeline_track_set_muted (c->track, which ? c->flag : !c->flag);
  else
    _rushes_timeline_track_set_locked (c->track, which ? c->flag : !c->flag);
  _rushes_project_changed (c->project);
}

static void
track_prop_apply (RushesUndoCommand *command)
{
  track_prop_set ((Command *) command, 1);
}

static void
track_prop_revert (RushesUndoCommand *command)
{
  track_prop_set ((Command *) command, 0);
}

static const RushesUndoCommandClass track_prop_class = { track_prop_apply, track_prop_revert, command_free };

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

RushesUndoCommand *
_rushes_project_track_prop_command_new (RushesProject       *self,
                                        RushesTimelineTrack *track,
                                        guint                prop,
                                        const char          *name,
                                        gboolean             value)
{
  static const char *labels[] = { N_("Rename Track"), N_("Mute Track"), N_("Lock Track") };
  Command *c = command_new (self, &track_prop_class, _(labels[prop]));

  c->track = g_object_ref (track);
  c->prop = prop;
  c->str[0] = g_strdup (rushes_timeline_track_get_name (track));
  c->str[1] = g_strdup (name);
  c->flag = value;
  return &c->parent;
}
