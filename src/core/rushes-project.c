/* rushes-project.c: the timeline model, its undoable edits, and .rushes files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-project.h"
#include "rushes-project-private.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 720
#define DEFAULT_FPS_N  25
#define DEFAULT_FPS_D  1
#define MAX_FILE_SIZE  (16 * 1024 * 1024)
#define MAX_DEPTH      32
#define AUTOSAVE_DELAY_MS 2000

struct _RushesProject
{
  GObject          parent_instance;

  /* owned */
  GPtrArray       *clips;        /* RushesTimelineClip */
  RushesUndoStack *undo;
  char            *path;
  char            *autosave_path;
  char            *export_preset;
  char            *export_resolution;
  char            *export_quality;
  guint            width;
  guint            height;
  guint            fps_n;
  guint            fps_d;
  guint            autosave_timer_id;
  guint            autosave_soon_id;
  guint            auto_format : 1;
  guint            dirty : 1;
  guint            autosave_dirty : 1;
  guint            export_recipes : 1;
};

static void rushes_project_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesProject, rushes_project, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rushes_project_list_model_init))

G_DEFINE_QUARK (rushes-project-error-quark, rushes_project_error)

enum {
  PROP_0,
  PROP_PATH,
  PROP_DIRTY,
  PROP_DURATION,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_FPS_N,
  PROP_FPS_D,
  PROP_AUTO_FORMAT,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
rushes_project_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_TIMELINE_CLIP;
}

static guint
rushes_project_get_n_items (GListModel *model)
{
  return RUSHES_PROJECT (model)->clips->len;
}

static gpointer
rushes_project_get_item (GListModel *model,
                         guint       position)
{
  RushesProject *self = RUSHES_PROJECT (model);

  if (position >= self->clips->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->clips, position));
}

static void
rushes_project_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rushes_project_get_item_type;
  iface->get_n_items = rushes_project_get_n_items;
  iface->get_item = rushes_project_get_item;
}

/* GObject */

static void
rushes_project_dispose (GObject *object)
{
  RushesProject *self = (RushesProject *) object;

  g_clear_handle_id (&self->autosave_timer_id, g_source_remove);
  g_clear_handle_id (&self->autosave_soon_id, g_source_remove);
  g_clear_object (&self->undo);

  G_OBJECT_CLASS (rushes_project_parent_class)->dispose (object);
}

static void
rushes_project_finalize (GObject *object)
{
  RushesProject *self = (RushesProject *) object;

  g_ptr_array_unref (self->clips);
  g_free (self->path);
  g_free (self->autosave_path);
  g_free (self->export_preset);
  g_free (self->export_resolution);
  g_free (self->export_quality);

  G_OBJECT_CLASS (rushes_project_parent_class)->finalize (object);
}

static void
rushes_project_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RushesProject *self = RUSHES_PROJECT (object);
  guint w, h, n, d;

  rushes_project_get_format (self, &w, &h, &n, &d);

  switch (prop_id)
    {
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_DIRTY: g_value_set_boolean (value, self->dirty); break;
    case PROP_DURATION: g_value_set_int64 (value, rushes_project_get_duration (self)); break;
    case PROP_WIDTH: g_value_set_uint (value, w); break;
    case PROP_HEIGHT: g_value_set_uint (value, h); break;
    case PROP_FPS_N: g_value_set_uint (value, n); break;
    case PROP_FPS_D: g_value_set_uint (value, d); break;
    case PROP_AUTO_FORMAT: g_value_set_boolean (value, self->auto_format); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_project_class_init (RushesProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_project_dispose;
  object_class->finalize = rushes_project_finalize;
  object_class->get_property = rushes_project_get_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_DIRTY] = g_param_spec_boolean ("dirty", NULL, NULL, FALSE, ro);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FPS_N] = g_param_spec_uint ("fps-n", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_FPS_D] = g_param_spec_uint ("fps-d", NULL, NULL, 0, G_MAXUINT, 1, ro);
  properties[PROP_AUTO_FORMAT] = g_param_spec_boolean ("auto-format", NULL, NULL, TRUE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every change to the sequence or the format: edits, undo, redo,
   * placeholders filled in. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rushes_project_init (RushesProject *self)
{
  self->clips = g_ptr_array_new_with_free_func (g_object_unref);
  self->undo = rushes_undo_stack_new ();
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->fps_n = DEFAULT_FPS_N;
  self->fps_d = DEFAULT_FPS_D;
  self->auto_format = TRUE;
  self->export_preset = g_strdup ("webm");
  self->export_resolution = g_strdup ("project");
  self->export_quality = g_strdup ("high");
}

RushesProject *
rushes_project_new (void)
{
  return g_object_new (RUSHES_TYPE_PROJECT, NULL);
}

static gboolean
autosave_soon_cb (gpointer data)
{
  RushesProject *self = data;
  g_autoptr(GError) error = NULL;

  self->autosave_soon_id = 0;
  if (!rushes_project_autosave_now (self, &error))
    g_warning ("Autosave failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
set_dirty (RushesProject *self,
           gboolean       dirty)
{
  if (dirty)
    {
      self->autosave_dirty = TRUE;
      if (self->autosave_path && self->autosave_soon_id == 0)
        self->autosave_soon_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_soon_cb, self);
    }
  if (self->dirty == (guint) !!dirty)
    return;
  self->dirty = !!dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

/* Called after every change to the sequence or format. */
static void
changed (RushesProject *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_N]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_D]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_FORMAT]);
  set_dirty (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Sequence */

guint
rushes_project_get_n_clips (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  return self->clips->len;
}

RushesTimelineClip *
rushes_project_get_clip (RushesProject *self,
                         guint          position)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  if (position >= self->clips->len)
    return NULL;
  return g_ptr_array_index (self->clips, position);
}

gint64
rushes_project_get_clip_start (RushesProject *self,
                               guint          position)
{
  gint64 start = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);

  for (guint i = 0; i < position && i < self->clips->len; i++)
    start += rushes_timeline_clip_get_duration (g_ptr_array_index (self->clips, i));
  return start;
}

gint64
rushes_project_get_duration (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  return rushes_project_get_clip_start (self, self->clips->len);
}

guint
rushes_project_get_clip_at (RushesProject *self,
                            gint64         time,
                            gint64        *offset)
{
  gint64 start = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), G_MAXUINT);

  if (time < 0)
    return G_MAXUINT;
  for (guint i = 0; i < self->clips->len; i++)
    {
      gint64 d = rushes_timeline_clip_get_duration (g_ptr_array_index (self->clips, i));

      if (time < start + d)
        {
          if (offset)
            *offset = time - start;
          return i;
        }
      start += d;
    }
  return G_MAXUINT;
}

gboolean
rushes_project_find_clip (RushesProject      *self,
                          RushesTimelineClip *clip,
                          guint              *position)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return g_ptr_array_find (self->clips, clip, position);
}

void
rushes_project_get_format (RushesProject *self,
                           guint         *width,
                           guint         *height,
                           guint         *fps_n,
                           guint         *fps_d)
{
  guint w = self->width, h = self->height, n = self->fps_n, d = self->fps_d;

  g_return_if_fail (RUSHES_IS_PROJECT (self));

  if (self->auto_format && self->clips->len > 0)
    {
      guint cw, ch, cn, cd;

      rushes_timeline_clip_get_format (g_ptr_array_index (self->clips, 0), &cw, &ch, &cn, &cd);
      if (cw > 0 && ch > 0)
        {
          w = cw;
          h = ch;
        }
      if (cn > 0 && cd > 0)
        {
          n = cn;
          d = cd;
        }
    }
  if (width) *width = w;
  if (height) *height = h;
  if (fps_n) *fps_n = n;
  if (fps_d) *fps_d = d;
}

gboolean
rushes_project_get_auto_format (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), TRUE);
  return self->auto_format;
}

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
  changed (c->project);
}

static void
insert_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  g_object_unref (raw_remove (c->project, c->pos));
  changed (c->project);
}

static const RushesUndoCommandClass insert_class = { insert_apply, insert_revert, command_free };
static const RushesUndoCommandClass remove_class = { insert_revert, insert_apply, command_free };

static void
move_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  raw_move (c->project, c->pos, c->pos2);
  changed (c->project);
}

static void
move_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  raw_move (c->project, c->pos2, c->pos);
  changed (c->project);
}

static const RushesUndoCommandClass move_class = { move_apply, move_revert, command_free };

static void
trim_apply (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  rushes_timeline_clip_set_range (c->clip, c->a[2], c->a[3]);
  changed (c->project);
}

static void
trim_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;

  rushes_timeline_clip_set_range (c->clip, c->a[0], c->a[1]);
  changed (c->project);
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
  changed (self);
}

static void
split_revert (RushesUndoCommand *command)
{
  Command *c = (Command *) command;
  RushesProject *self = c->project;

  g_ptr_array_remove_range (self->clips, c->pos, 2);
  g_ptr_array_insert (self->clips, c->pos, g_object_ref (c->clip));
  g_list_model_items_changed (G_LIST_MODEL (self), c->pos, 2, 1);
  changed (self);
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
  changed (self);
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
  changed (c->project);
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

/* Edits */

RushesUndoStack *
rushes_project_get_undo_stack (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->undo;
}

void
rushes_project_insert_clip (RushesProject      *self,
                            guint               position,
                            RushesTimelineClip *clip)
{
  Command *c;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));
  g_return_if_fail (!g_ptr_array_find (self->clips, clip, NULL));

  c = command_new (self, &insert_class, _("Add Clip"));
  c->pos = MIN (position, self->clips->len);
  c->clip = g_object_ref (clip);
  rushes_undo_stack_push (self->undo, &c->parent);
}

void
rushes_project_append_clip (RushesProject      *self,
                            RushesTimelineClip *clip)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  rushes_project_insert_clip (self, self->clips->len, clip);
}

void
rushes_project_remove_clip (RushesProject *self,
                            guint          position)
{
  Command *c;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < self->clips->len);

  c = command_new (self, &remove_class, _("Delete Clip"));
  c->pos = position;
  c->clip = g_object_ref (g_ptr_array_index (self->clips, position));
  rushes_undo_stack_push (self->undo, &c->parent);
}

void
rushes_project_move_clip (RushesProject *self,
                          guint          from,
                          guint          to)
{
  Command *c;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (from < self->clips->len);

  to = MIN (to, self->clips->len - 1);
  if (from == to)
    return;
  c = command_new (self, &move_class, _("Move Clip"));
  c->pos = from;
  c->pos2 = to;
  rushes_undo_stack_push (self->undo, &c->parent);
}

void
rushes_project_trim_clip (RushesProject *self,
                          guint          position,
                          gint64         in_point,
                          gint64         out_point)
{
  RushesTimelineClip *clip;
  gint64 media;
  Command *c;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < self->clips->len);

  clip = g_ptr_array_index (self->clips, position);
  media = rushes_timeline_clip_get_media_duration (clip);
  in_point = MAX (in_point, 0);
  if (media > 0)
    out_point = MIN (out_point, media);
  if (out_point <= in_point)
    return;
  if (in_point == rushes_timeline_clip_get_in_point (clip) &&
      out_point == rushes_timeline_clip_get_out_point (clip))
    return;

  c = command_new (self, &trim_class, _("Trim Clip"));
  c->clip = g_object_ref (clip);
  c->a[0] = rushes_timeline_clip_get_in_point (clip);
  c->a[1] = rushes_timeline_clip_get_out_point (clip);
  c->a[2] = in_point;
  c->a[3] = out_point;
  rushes_undo_stack_push (self->undo, &c->parent);
}

gboolean
rushes_project_split_at (RushesProject *self,
                         gint64         time)
{
  RushesTimelineClip *clip;
  gint64 offset = 0, in, out;
  guint pos;
  Command *c;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  pos = rushes_project_get_clip_at (self, time, &offset);
  if (pos == G_MAXUINT || offset <= 0)
    return FALSE;

  clip = g_ptr_array_index (self->clips, pos);
  in = rushes_timeline_clip_get_in_point (clip);
  out = rushes_timeline_clip_get_out_point (clip);

  c = command_new (self, &split_class, _("Split Clip"));
  c->pos = pos;
  c->clip = g_object_ref (clip);
  c->clip2 = rushes_timeline_clip_duplicate (clip);
  c->clip3 = rushes_timeline_clip_duplicate (clip);
  rushes_timeline_clip_set_range (c->clip2, in, in + offset);
  rushes_timeline_clip_set_range (c->clip3, in + offset, out);
  rushes_undo_stack_push (self->undo, &c->parent);
  return TRUE;
}

static void
push_format (RushesProject *self,
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
  rushes_undo_stack_push (self->undo, &c->parent);
}

void
rushes_project_set_format (RushesProject *self,
                           guint          width,
                           guint          height,
                           guint          fps_n,
                           guint          fps_d)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (width >= 16 && width <= RUSHES_PROJECT_MAX_SIZE);
  g_return_if_fail (height >= 16 && height <= RUSHES_PROJECT_MAX_SIZE);
  g_return_if_fail (fps_n > 0 && fps_d > 0 && fps_n / fps_d <= RUSHES_PROJECT_MAX_FPS);

  push_format (self, width & ~1u, height & ~1u, fps_n, fps_d, FALSE);
}

void
rushes_project_use_first_clip_format (RushesProject *self)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  if (self->auto_format)
    return;
  push_format (self, self->width, self->height, self->fps_n, self->fps_d, TRUE);
}

void
rushes_project_relink_clip (RushesProject *self,
                            guint          position,
                            const char    *path)
{
  RushesTimelineClip *clip;
  Command *c;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < self->clips->len);
  g_return_if_fail (path != NULL);

  clip = g_ptr_array_index (self->clips, position);
  c = command_new (self, &relink_class, _("Relink Clip"));
  c->clip = g_object_ref (clip);
  c->str[0] = g_strdup (rushes_timeline_clip_get_path (clip));
  c->str[1] = g_strdup (path);
  c->flag = rushes_timeline_clip_get_offline (clip);
  rushes_undo_stack_push (self->undo, &c->parent);
}

gboolean
rushes_project_undo (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return rushes_undo_stack_undo (self->undo);
}

gboolean
rushes_project_redo (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return rushes_undo_stack_redo (self->undo);
}

/* Placeholders */

guint
rushes_project_fill_placeholder (RushesProject *self,
                                 const char    *job_id,
                                 const char    *path,
                                 gint64         media_duration)
{
  guint n = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  g_return_val_if_fail (job_id != NULL && path != NULL, 0);

  for (guint i = 0; i < self->clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (self->clips, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        {
          _rushes_timeline_clip_fill (clip, path, media_duration);
          n++;
        }
    }
  if (n > 0)
    changed (self);
  return n;
}

void
rushes_project_set_placeholder_progress (RushesProject *self,
                                         const char    *job_id,
                                         double         progress)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  for (guint i = 0; i < self->clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (self->clips, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        rushes_timeline_clip_set_progress (clip, progress);
    }
}

void
rushes_project_fail_placeholder (RushesProject *self,
                                 const char    *job_id)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  for (guint i = 0; i < self->clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (self->clips, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        rushes_timeline_clip_set_offline (clip, TRUE);
    }
}

/* Export settings */

#define EXPORT_STRING(name)                                                   \
const char *                                                                  \
rushes_project_get_export_##name (RushesProject *self)                        \
{                                                                             \
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);                      \
  return self->export_##name;                                                 \
}                                                                             \
void                                                                          \
rushes_project_set_export_##name (RushesProject *self,                        \
                                  const char    *value)                       \
{                                                                             \
  g_return_if_fail (RUSHES_IS_PROJECT (self));                                \
  g_return_if_fail (value != NULL);                                           \
  if (g_strcmp0 (self->export_##name, value) == 0)                            \
    return;                                                                   \
  g_free (self->export_##name);                                               \
  self->export_##name = g_strdup (value);                                     \
  set_dirty (self, TRUE);                                                     \
}

EXPORT_STRING (preset)
EXPORT_STRING (resolution)
EXPORT_STRING (quality)

gboolean
rushes_project_get_export_recipes (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return self->export_recipes;
}

void
rushes_project_set_export_recipes (RushesProject *self,
                                   gboolean       embed)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  if (self->export_recipes == (guint) !!embed)
    return;
  self->export_recipes = !!embed;
  set_dirty (self, TRUE);
}

/* JSON */

static JsonNode *
project_to_json_node (RushesProject *self,
                      const char    *autosave_of)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "rushes-project");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, RUSHES_PROJECT_VERSION);
  if (autosave_of)
    {
      json_builder_set_member_name (b, "autosave-of");
      json_builder_add_string_value (b, autosave_of);
    }
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, self->width);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, self->height);
  json_builder_set_member_name (b, "fps");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, self->fps_n);
  json_builder_add_int_value (b, self->fps_d);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "format-from-first-clip");
  json_builder_add_boolean_value (b, self->auto_format);

  json_builder_set_member_name (b, "export");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "preset");
  json_builder_add_string_value (b, self->export_preset);
  json_builder_set_member_name (b, "resolution");
  json_builder_add_string_value (b, self->export_resolution);
  json_builder_set_member_name (b, "quality");
  json_builder_add_string_value (b, self->export_quality);
  json_builder_set_member_name (b, "recipes");
  json_builder_add_boolean_value (b, self->export_recipes);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "clips");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->clips->len; i++)
    json_builder_add_value (b, _rushes_timeline_clip_to_json (g_ptr_array_index (self->clips, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

char *
rushes_project_to_json (RushesProject *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  node = project_to_json_node (self, NULL);
  return node_to_string (node);
}

/* json-glib's parser recurses: refuse deep nesting before it sees it. */
static gboolean
check_depth (const char *json,
             gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char ch = json[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }
      if (ch == '"')
        in_string = TRUE;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((ch == ']' || ch == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static const char *
string_member (JsonObject *o,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

static gboolean
bool_member (JsonObject *o,
             const char *name,
             gboolean    fallback)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return fallback;
}

static RushesProject *
project_from_json (const char  *json,
                   gssize       length,
                   const char  *base_dir,
                   char       **autosave_of,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RushesProject) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;
  gint64 version = 0, w = 0, h = 0, n = 0, d = 0;

  if (length < 0)
    length = strlen (json);
  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is too large"));
      return NULL;
    }
  if (!check_depth (json, length))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is nested too deeply to be a Rushes project"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not a Rushes project"));
      return NULL;
    }
  /* json-glib turns a high surrogate escape before a plain letter ("\ud83dx") into bytes that
   * are not UTF-8; such text would poison every later save. */
  {
    g_autofree char *canonical = json_to_string (node, FALSE);

    if (!g_utf8_validate (canonical, -1, NULL))
      {
        g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                     _("The project file holds text that is not valid Unicode"));
        return NULL;
      }
  }
  root = json_node_get_object (node);
  if (g_strcmp0 (string_member (root, "format", "rushes-project"), "rushes-project") != 0)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not a Rushes project"));
      return NULL;
    }
  if (!_rushes_json_get_int (json_object_get_member (root, "version"), &version))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_VERSION,
                   _("The project file has no version number"));
      return NULL;
    }
  if (version != RUSHES_PROJECT_VERSION)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_VERSION,
                   version > RUSHES_PROJECT_VERSION
                   ? _("The project was saved by a newer version of Rushes (file version %" G_GINT64_FORMAT ")")
                   : _("Unknown project file version %" G_GINT64_FORMAT),
                   version);
      return NULL;
    }

  self = rushes_project_new ();
  if (json_object_has_member (root, "width") || json_object_has_member (root, "height"))
    {
      _rushes_json_get_int (json_object_get_member (root, "width"), &w);
      _rushes_json_get_int (json_object_get_member (root, "height"), &h);
      if (w < 16 || w > RUSHES_PROJECT_MAX_SIZE || h < 16 || h > RUSHES_PROJECT_MAX_SIZE)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project size %" G_GINT64_FORMAT "×%" G_GINT64_FORMAT " is outside 16–%d"),
                       w, h, RUSHES_PROJECT_MAX_SIZE);
          return NULL;
        }
      self->width = w;
      self->height = h;
    }
  node = json_object_get_member (root, "fps");
  if (node)
    {
      JsonArray *a = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (a == NULL || json_array_get_length (a) != 2 ||
          !_rushes_json_get_int (json_array_get_element (a, 0), &n) ||
          !_rushes_json_get_int (json_array_get_element (a, 1), &d) ||
          n <= 0 || d <= 0 || n > G_MAXINT || d > G_MAXINT || n / d > RUSHES_PROJECT_MAX_FPS || n / d < 1)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project frame rate is not a rate between 1 and %d frames per second"),
                       RUSHES_PROJECT_MAX_FPS);
          return NULL;
        }
      self->fps_n = n;
      self->fps_d = d;
    }
  self->auto_format = bool_member (root, "format-from-first-clip", TRUE);

  node = json_object_get_member (root, "export");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *e = json_node_get_object (node);
      const char *preset = string_member (e, "preset", "webm");
      const char *res = string_member (e, "resolution", "project");
      const char *quality = string_member (e, "quality", "high");

      g_free (self->export_preset);
      self->export_preset = g_strdup (g_strv_contains ((const char *[]) { "webm", "mp4", "prores", NULL }, preset) ? preset : "webm");
      g_free (self->export_resolution);
      self->export_resolution = g_strdup (g_strv_contains ((const char *[]) { "project", "1080p", "720p", NULL }, res) ? res : "project");
      g_free (self->export_quality);
      self->export_quality = g_strdup (g_strv_contains ((const char *[]) { "low", "medium", "high", NULL }, quality) ? quality : "high");
      self->export_recipes = bool_member (e, "recipes", FALSE);
    }

  node = json_object_get_member (root, "clips");
  if (node && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *clips;
      guint len;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project’s “clips” is not a list"));
          return NULL;
        }
      clips = json_node_get_array (node);
      len = json_array_get_length (clips);
      if (len > RUSHES_PROJECT_MAX_CLIPS)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project has %u clips, more than the %d allowed"), len, RUSHES_PROJECT_MAX_CLIPS);
          return NULL;
        }
      for (guint i = 0; i < len; i++)
        {
          JsonNode *element = json_array_get_element (clips, i);
          RushesTimelineClip *clip;
          const char *path;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                           _("Clip %u is not an object"), i + 1);
              return NULL;
            }
          clip = _rushes_timeline_clip_from_json (json_node_get_object (element), i, error);
          if (clip == NULL)
            return NULL;
          path = rushes_timeline_clip_get_path (clip);
          /* a hand-written relative path is relative to the project file */
          if (path && !g_path_is_absolute (path) && base_dir)
            {
              g_autofree char *absolute = g_canonicalize_filename (path, base_dir);

              rushes_timeline_clip_set_path (clip, absolute);
              path = rushes_timeline_clip_get_path (clip);
            }
          if (!rushes_timeline_clip_get_pending (clip) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
            rushes_timeline_clip_set_offline (clip, TRUE);
          g_ptr_array_add (self->clips, clip);
        }
      /* A duplicated id would confuse undo: give later copies new ones. */
      for (guint i = 0; i < self->clips->len; i++)
        for (guint j = 0; j < i; j++)
          if (g_str_equal (rushes_timeline_clip_get_id (g_ptr_array_index (self->clips, i)),
                           rushes_timeline_clip_get_id (g_ptr_array_index (self->clips, j))))
            {
              g_autofree char *id = g_uuid_string_random ();

              _rushes_timeline_clip_set_id (g_ptr_array_index (self->clips, i), id);
              break;
            }
    }

  if (autosave_of)
    *autosave_of = g_strdup (string_member (root, "autosave-of", NULL));

  return g_steal_pointer (&self);
}

RushesProject *
rushes_project_new_from_json (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  return project_from_json (json, length, NULL, NULL, error);
}

static char *
read_file (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is too large"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_IO,
                   _("Could not read the project: %s"), local_error->message);
      return NULL;
    }
  return contents;
}

RushesProject *
rushes_project_load (const char  *path,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  RushesProject *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if ((contents = read_file (path, &length, error)) == NULL)
    return NULL;
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    g_autofree char *base_dir = g_path_get_dirname (absolute);

    if ((self = project_from_json (contents, length, base_dir, NULL, error)) == NULL)
      return NULL;
  }
  self->path = g_canonicalize_filename (path, NULL);
  self->dirty = FALSE;
  self->autosave_dirty = FALSE;
  return self;
}

static gboolean
write_atomically (const char  *path,
                  const char  *contents,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_mkdir_with_parents (dir, 0700);
  /* g_file_set_contents_full writes a temporary file, fsyncs and renames it. */
  if (!g_file_set_contents_full (path, contents, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_IO,
                   _("Could not save the project: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rushes_project_save (RushesProject  *self,
                     const char     *path,
                     GError        **error)
{
  g_autofree char *json = NULL;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = rushes_project_to_json (self);
  if (!write_atomically (path, json, error))
    return FALSE;

  canonical = g_canonicalize_filename (path, NULL);
  if (g_strcmp0 (canonical, self->path) != 0)
    {
      g_free (self->path);
      self->path = g_steal_pointer (&canonical);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
    }
  set_dirty (self, FALSE);
  rushes_project_add_recent (self->path);
  return TRUE;
}

const char *
rushes_project_get_path (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->path;
}

char *
rushes_project_get_title (RushesProject *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  if (self->path == NULL)
    return g_strdup (_("Untitled Project"));
  base = g_path_get_basename (self->path);
  if (g_str_has_suffix (base, RUSHES_PROJECT_EXTENSION))
    base[strlen (base) - strlen (RUSHES_PROJECT_EXTENSION)] = '\0';
  return g_steal_pointer (&base);
}

gboolean
rushes_project_get_dirty (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return self->dirty;
}

/* Autosave */

char *
rushes_project_get_autosave_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "rushes", "autosave", NULL);
}

static gboolean
autosave_timer_cb (gpointer data)
{
  RushesProject *self = data;
  g_autoptr(GError) error = NULL;

  if (!rushes_project_autosave_now (self, &error))
    g_warning ("Autosave failed: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
rushes_project_enable_autosave (RushesProject *self,
                                const char    *dir)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uuid = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (self));

  if (self->autosave_path == NULL)
    {
      if (dir == NULL)
        dir = default_dir = rushes_project_get_autosave_dir ();
      uuid = g_uuid_string_random ();
      name = g_strdup_printf ("autosave-%s" RUSHES_PROJECT_EXTENSION, uuid);
      self->autosave_path = g_build_filename (dir, name, NULL);
    }
  if (self->autosave_timer_id == 0)
    self->autosave_timer_id = g_timeout_add_seconds (RUSHES_PROJECT_AUTOSAVE_INTERVAL,
                                                     autosave_timer_cb, self);
}

const char *
rushes_project_get_autosave_path (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->autosave_path;
}

gboolean
rushes_project_autosave_now (RushesProject  *self,
                             GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  g_clear_handle_id (&self->autosave_soon_id, g_source_remove);
  if (self->autosave_path == NULL || !self->autosave_dirty)
    return TRUE;

  node = project_to_json_node (self, self->path ? self->path : "");
  json = node_to_string (node);
  if (!write_atomically (self->autosave_path, json, error))
    return FALSE;
  self->autosave_dirty = FALSE;
  return TRUE;
}

void
rushes_project_discard_autosave (RushesProject *self)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  g_clear_handle_id (&self->autosave_soon_id, g_source_remove);
  g_clear_handle_id (&self->autosave_timer_id, g_source_remove);
  if (self->autosave_path)
    {
      if (g_unlink (self->autosave_path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", self->autosave_path, g_strerror (errno));
      g_clear_pointer (&self->autosave_path, g_free);
    }
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Found;

static int
found_compare (gconstpointer a,
               gconstpointer b)
{
  const Found *fa = a, *fb = b;

  return fa->mtime < fb->mtime ? 1 : fa->mtime > fb->mtime ? -1 : g_strcmp0 (fa->path, fb->path);
}

char **
rushes_project_list_recoverable (const char *dir)
{
  g_autofree char *default_dir = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  GPtrArray *paths = g_ptr_array_new ();
  const char *name;

  if (dir == NULL)
    dir = default_dir = rushes_project_get_autosave_dir ();
  if ((d = g_dir_open (dir, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (d)) != NULL)
      {
        Found f;
        GStatBuf st;

        if (!g_str_has_prefix (name, "autosave-") || !g_str_has_suffix (name, RUSHES_PROJECT_EXTENSION))
          continue;
        f.path = g_build_filename (dir, name, NULL);
        f.mtime = g_stat (f.path, &st) == 0 ? (gint64) st.st_mtime : 0;
        g_array_append_val (found, f);
      }
  g_array_sort (found, found_compare);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);

      g_ptr_array_add (paths, f->path);
    }
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

RushesProject *
rushes_project_recover (const char  *autosave_path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *autosave_of = NULL;
  RushesProject *self;
  gsize length;

  g_return_val_if_fail (autosave_path != NULL, NULL);

  if ((contents = read_file (autosave_path, &length, error)) == NULL)
    return NULL;
  if ((self = project_from_json (contents, length, NULL, &autosave_of, error)) == NULL)
    return NULL;
  if (autosave_of && *autosave_of)
    self->path = g_strdup (autosave_of);
  self->autosave_path = g_strdup (autosave_path);
  self->dirty = TRUE;
  self->autosave_dirty = FALSE;
  return self;
}

/* Recent projects */

#define RECENT_MAX 20

static char *
recent_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "rushes", "recent-projects.xbel", NULL);
}

static int
recent_compare (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  GBookmarkFile *bookmarks = data;
  const char *ua = *(const char **) a, *ub = *(const char **) b;
  GDateTime *ta = g_bookmark_file_get_visited_date_time (bookmarks, ua, NULL);
  GDateTime *tb = g_bookmark_file_get_visited_date_time (bookmarks, ub, NULL);

  if (ta == NULL || tb == NULL)
    return ta ? -1 : tb ? 1 : 0;
  return -g_date_time_compare (ta, tb);
}

/* Local paths, newest first */
static char **
list_recent_from (GBookmarkFile *bookmarks)
{
  GPtrArray *paths = g_ptr_array_new ();
  g_auto(GStrv) uris = NULL;
  gsize n = 0;

  uris = g_bookmark_file_get_uris (bookmarks, &n);
  g_qsort_with_data (uris, n, sizeof (char *), recent_compare, bookmarks);
  for (gsize i = 0; i < n; i++)
    {
      char *path = g_filename_from_uri (uris[i], NULL, NULL);

      if (path)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

char **
rushes_project_list_recent (void)
{
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autofree char *file = recent_file ();

  g_bookmark_file_load_from_file (bookmarks, file, NULL);
  return list_recent_from (bookmarks);
}

void
rushes_project_add_recent (const char *path)
{
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autofree char *file = recent_file ();
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uris = NULL;
  gsize n = 0;

  g_return_if_fail (path != NULL);

  if ((uri = g_filename_to_uri (path, NULL, NULL)) == NULL)
    return;
  g_bookmark_file_load_from_file (bookmarks, file, NULL);
  g_bookmark_file_set_mime_type (bookmarks, uri, "application/x-rushes-project");
  g_bookmark_file_add_application (bookmarks, uri, "rushes", "rushes %f");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_bookmark_file_set_visited_date_time (bookmarks, uri, now);
  }
  uris = g_bookmark_file_get_uris (bookmarks, &n);
  if (n > RECENT_MAX)
    {
      g_auto(GStrv) sorted = list_recent_from (bookmarks);

      for (guint i = RECENT_MAX; sorted[i]; i++)
        {
          g_autofree char *u = g_filename_to_uri (sorted[i], NULL, NULL);
          g_bookmark_file_remove_item (bookmarks, u, NULL);
        }
    }
  {
    g_autofree char *dir = g_path_get_dirname (file);
    g_mkdir_with_parents (dir, 0700);
  }
  if (!g_bookmark_file_to_file (bookmarks, file, &error))
    g_warning ("Could not record the recent project: %s", error->message);
}
