/* rushes-project.c: the timeline model and its undoable edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The undo commands are in rushes-project-commands.c, the .rushes file in
 * rushes-project-json.c, autosave and recovery in rushes-project-autosave.c
 * and the recent projects in rushes-project-recent.c.
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-project.h"
#include "rushes-project-private.h"

#define DEFAULT_WIDTH  1280
#define DEFAULT_HEIGHT 720
#define DEFAULT_FPS_N  25
#define DEFAULT_FPS_D  1

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

void
_rushes_project_set_dirty (RushesProject *self,
                           gboolean       dirty)
{
  if (dirty)
    {
      self->autosave_dirty = TRUE;
      _rushes_project_autosave_soon (self);
    }
  if (self->dirty == (guint) !!dirty)
    return;
  self->dirty = !!dirty;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRTY]);
}

void
_rushes_project_changed (RushesProject *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_N]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_D]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_FORMAT]);
  _rushes_project_set_dirty (self, TRUE);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_rushes_project_set_path (RushesProject *self,
                          const char    *path)
{
  g_autofree char *canonical = g_canonicalize_filename (path, NULL);

  if (g_strcmp0 (canonical, self->path) == 0)
    return;
  g_free (self->path);
  self->path = g_steal_pointer (&canonical);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
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
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));
  g_return_if_fail (!g_ptr_array_find (self->clips, clip, NULL));

  rushes_undo_stack_push (self->undo, _rushes_project_insert_command_new (self, position, clip));
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
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < self->clips->len);

  rushes_undo_stack_push (self->undo, _rushes_project_remove_command_new (self, position));
}

void
rushes_project_move_clip (RushesProject *self,
                          guint          from,
                          guint          to)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (from < self->clips->len);

  to = MIN (to, self->clips->len - 1);
  if (from == to)
    return;
  rushes_undo_stack_push (self->undo, _rushes_project_move_command_new (self, from, to));
}

void
rushes_project_trim_clip (RushesProject *self,
                          guint          position,
                          gint64         in_point,
                          gint64         out_point)
{
  RushesTimelineClip *clip;
  gint64 media;

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

  rushes_undo_stack_push (self->undo, _rushes_project_trim_command_new (self, clip, in_point, out_point));
}

gboolean
rushes_project_split_at (RushesProject *self,
                         gint64         time)
{
  gint64 offset = 0;
  guint pos;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  pos = rushes_project_get_clip_at (self, time, &offset);
  if (pos == G_MAXUINT || offset <= 0)
    return FALSE;

  rushes_undo_stack_push (self->undo, _rushes_project_split_command_new (self, pos, offset));
  return TRUE;
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

  rushes_undo_stack_push (self->undo,
                          _rushes_project_format_command_new (self, width & ~1u, height & ~1u,
                                                              fps_n, fps_d, FALSE));
}

void
rushes_project_use_first_clip_format (RushesProject *self)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  if (self->auto_format)
    return;
  rushes_undo_stack_push (self->undo,
                          _rushes_project_format_command_new (self, self->width, self->height,
                                                              self->fps_n, self->fps_d, TRUE));
}

void
rushes_project_relink_clip (RushesProject *self,
                            guint          position,
                            const char    *path)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < self->clips->len);
  g_return_if_fail (path != NULL);

  rushes_undo_stack_push (self->undo,
                          _rushes_project_relink_command_new (self, g_ptr_array_index (self->clips, position),
                                                              path));
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
    _rushes_project_changed (self);
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

static void
set_export_string (RushesProject  *self,
                   char          **field,
                   const char     *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  _rushes_project_set_dirty (self, TRUE);
}

const char *
rushes_project_get_export_preset (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->export_preset;
}

void
rushes_project_set_export_preset (RushesProject *self,
                                  const char    *preset)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (preset != NULL);
  set_export_string (self, &self->export_preset, preset);
}

const char *
rushes_project_get_export_resolution (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->export_resolution;
}

void
rushes_project_set_export_resolution (RushesProject *self,
                                      const char    *resolution)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (resolution != NULL);
  set_export_string (self, &self->export_resolution, resolution);
}

const char *
rushes_project_get_export_quality (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->export_quality;
}

void
rushes_project_set_export_quality (RushesProject *self,
                                   const char    *quality)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (quality != NULL);
  set_export_string (self, &self->export_quality, quality);
}

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
  _rushes_project_set_dirty (self, TRUE);
}

/* File */

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
