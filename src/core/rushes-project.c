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
  EDIT_REFUSED,
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
  return rushes_timeline_track_get_n_clips (RUSHES_PROJECT (model)->main_track);
}

static gpointer
rushes_project_get_item (GListModel *model,
                         guint       position)
{
  RushesTimelineClip *clip = rushes_timeline_track_get_clip (RUSHES_PROJECT (model)->main_track, position);

  return clip ? g_object_ref (clip) : NULL;
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
  g_clear_signal_handler (&self->main_handler, self->main_track);

  G_OBJECT_CLASS (rushes_project_parent_class)->dispose (object);
}

static void
rushes_project_finalize (GObject *object)
{
  RushesProject *self = (RushesProject *) object;

  g_object_unref (self->tracks);
  g_clear_pointer (&self->load_problems, g_ptr_array_unref);
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
  /* An edit without a GError (the position-based ones, volume, fades,
   * titles, unlink) was refused: the message says why, for the user. */
  signals[EDIT_REFUSED] = g_signal_new ("edit-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
rushes_project_init (RushesProject *self)
{
  g_autoptr(RushesTimelineTrack) video = rushes_timeline_track_new (RUSHES_TRACK_VIDEO, "V1");
  g_autoptr(RushesTimelineTrack) audio = rushes_timeline_track_new (RUSHES_TRACK_AUDIO, "A1");

  self->tracks = g_list_store_new (RUSHES_TYPE_TIMELINE_TRACK);
  g_list_store_append (self->tracks, video);
  g_list_store_append (self->tracks, audio);
  _rushes_project_update_main (self, NULL);
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

static void
on_main_items_changed (GListModel    *track,
                       guint          position,
                       guint          removed,
                       guint          added,
                       RushesProject *self)
{
  if (self->proxy_blocked)
    return;
  self->main_n_items = self->main_n_items - removed + added;
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

gboolean
_rushes_project_update_main (RushesProject *self,
                             guint         *old_n)
{
  RushesTimelineTrack *main_track = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));

  for (guint i = 0; i < n && main_track == NULL; i++)
    {
      g_autoptr(RushesTimelineTrack) track = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);

      if (rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO)
        main_track = track;
    }
  g_return_val_if_fail (main_track != NULL, FALSE);
  if (main_track == self->main_track)
    return FALSE;
  if (old_n)
    *old_n = self->main_n_items;
  g_clear_signal_handler (&self->main_handler, self->main_track);
  self->main_track = main_track;  /* the store holds it */
  self->main_handler = g_signal_connect (main_track, "items-changed", G_CALLBACK (on_main_items_changed), self);
  self->main_n_items = rushes_timeline_track_get_n_clips (main_track);
  return TRUE;
}

void
_rushes_project_refuse (RushesProject *self,
                        GError        *error)
{
  g_signal_emit (self, signals[EDIT_REFUSED], 0, error->message);
}

void
_rushes_project_add_load_problem (RushesProject *self,
                                  const char    *message)
{
  if (self->load_problems == NULL)
    {
      self->load_problems = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (self->load_problems, NULL);
    }
  g_ptr_array_insert (self->load_problems, self->load_problems->len - 1, g_strdup (message));
}

const char * const *
rushes_project_get_load_problems (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->load_problems ? (const char * const *) self->load_problems->pdata : NULL;
}

/* Tracks */

GListModel *
rushes_project_get_tracks (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->tracks);
}

guint
rushes_project_get_n_tracks (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tracks));
}

RushesTimelineTrack *
rushes_project_get_track (RushesProject *self,
                          guint          index)
{
  g_autoptr(RushesTimelineTrack) track = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  /* the store keeps it alive */
  track = g_list_model_get_item (G_LIST_MODEL (self->tracks), index);
  return track;
}

RushesTimelineTrack *
rushes_project_get_main_track (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->main_track;
}

RushesTimelineTrack *
rushes_project_get_audio_track (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, i);

      if (rushes_timeline_track_get_kind (track) == RUSHES_TRACK_AUDIO)
        return track;
    }
  return NULL;
}

gboolean
rushes_project_find_track (RushesProject       *self,
                           RushesTimelineTrack *track,
                           guint               *index)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return g_list_store_find (self->tracks, track, index);
}

gboolean
rushes_project_locate_clip (RushesProject      *self,
                            RushesTimelineClip *clip,
                            guint              *track_index,
                            guint              *position)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    if (rushes_timeline_track_find_clip (rushes_project_get_track (self, i), clip, position))
      {
        if (track_index)
          *track_index = i;
        return TRUE;
      }
  return FALSE;
}

RushesTimelineClip *
rushes_project_get_clip_by_id (RushesProject *self,
                               const char    *id)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  if (id == NULL)
    return NULL;
  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, i);

      for (guint j = 0; j < rushes_timeline_track_get_n_clips (track); j++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, j);

          if (g_str_equal (rushes_timeline_clip_get_id (clip), id))
            return clip;
        }
    }
  return NULL;
}

RushesTimelineClip *
rushes_project_get_linked_clip (RushesProject      *self,
                                RushesTimelineClip *clip)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), NULL);
  return rushes_project_get_clip_by_id (self, rushes_timeline_clip_get_link (clip));
}

/* The main track as a sequence */

guint
rushes_project_get_n_clips (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  return rushes_timeline_track_get_n_clips (self->main_track);
}

RushesTimelineClip *
rushes_project_get_clip (RushesProject *self,
                         guint          position)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return rushes_timeline_track_get_clip (self->main_track, position);
}

gint64
rushes_project_get_clip_start (RushesProject *self,
                               guint          position)
{
  RushesTimelineClip *clip;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);

  /* past the last clip: where the sequence ends */
  if ((clip = rushes_timeline_track_get_clip (self->main_track, position)) == NULL)
    return rushes_timeline_track_get_end (self->main_track);
  return rushes_timeline_clip_get_start (clip);
}

gint64
rushes_project_get_duration (RushesProject *self)
{
  gint64 end = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);

  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    end = MAX (end, rushes_timeline_track_get_end (rushes_project_get_track (self, i)));
  return end;
}

guint
rushes_project_get_clip_at (RushesProject *self,
                            gint64         time,
                            gint64        *offset)
{
  RushesTimelineClip *clip;
  guint position;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), G_MAXUINT);

  if (time < 0 ||
      (clip = rushes_timeline_track_get_clip_at (self->main_track, time)) == NULL ||
      !rushes_timeline_track_find_clip (self->main_track, clip, &position))
    return G_MAXUINT;
  if (offset)
    *offset = time - rushes_timeline_clip_get_start (clip);
  return position;
}

gboolean
rushes_project_find_clip (RushesProject      *self,
                          RushesTimelineClip *clip,
                          guint              *position)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  return rushes_timeline_track_find_clip (self->main_track, clip, position);
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

  if (self->auto_format && rushes_project_get_n_clips (self) > 0)
    {
      guint cw, ch, cn, cd;

      rushes_timeline_clip_get_format (rushes_project_get_clip (self, 0), &cw, &ch, &cn, &cd);
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
