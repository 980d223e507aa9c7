/* rushes-project-versions.c: the versions of a shot
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clip may hold several versions of its shot (Regenerate makes more):
 * each a take (path, recipe, media duration) or a job still making one
 * (job id, pending). The clip's own fields are those of the version
 * shown; the list keeps the others (the entry of the shown one is brought
 * up to date whenever the list is read or another version is shown). A
 * clip of one version has no list at all, so v2 files without
 * "versions" load and save unchanged.
 *
 * JSON, on the clip: "versions": [ { "path": "…", "name": "…",
 * "media-duration": NS, "job": "…", "pending": false, "failed": false,
 * "recipe": { … } }, … ], "version": N (0-based, the one shown).
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-job.h"
#include "rushes-project-private.h"
#include "rushes-take.h"
#include "rushes-timeline-clip-private.h"

/* Versions a clip holds at most (a file's further ones are left out) */
#define MAX_VERSIONS 64

struct _RushesClipVersion
{
  gatomicrefcount ref_count;
  char    *path;
  char    *name;
  char    *job_id;
  char    *recipe_json;
  gint64   media_duration;
  double   progress;
  gboolean pending;
  gboolean failed;
};

static RushesClipVersion *
version_new (void)
{
  RushesClipVersion *v = g_new0 (RushesClipVersion, 1);

  g_atomic_ref_count_init (&v->ref_count);
  return v;
}

static RushesClipVersion *
version_ref (RushesClipVersion *v)
{
  g_atomic_ref_count_inc (&v->ref_count);
  return v;
}

void
_rushes_clip_version_unref (gpointer data)
{
  RushesClipVersion *v = data;

  if (!g_atomic_ref_count_dec (&v->ref_count))
    return;
  g_free (v->path);
  g_free (v->name);
  g_free (v->job_id);
  g_free (v->recipe_json);
  g_free (v);
}

static void
set_str (char       **field,
         const char  *value)
{
  if (*field != value)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

/* The shown version's entry, made to match the clip's fields */
static void
sync_shown (RushesTimelineClip *clip)
{
  RushesClipVersion *v;

  if (clip->versions == NULL)
    return;
  v = g_ptr_array_index (clip->versions, clip->version);
  set_str (&v->path, clip->path);
  set_str (&v->name, clip->name);
  set_str (&v->job_id, clip->job_id);
  set_str (&v->recipe_json, clip->recipe_json);
  v->media_duration = clip->media_duration;
  v->progress = clip->progress;
  v->pending = clip->pending;
  v->failed = clip->pending && clip->offline;
}

static RushesClipVersion *
version_from_clip (RushesTimelineClip *clip)
{
  RushesClipVersion *v = version_new ();

  v->path = g_strdup (clip->path);
  v->name = g_strdup (clip->name);
  v->job_id = g_strdup (clip->job_id);
  v->recipe_json = g_strdup (clip->recipe_json);
  v->media_duration = clip->media_duration;
  v->progress = clip->progress;
  v->pending = clip->pending;
  v->failed = clip->pending && clip->offline;
  return v;
}

static void
ensure_list (RushesTimelineClip *clip)
{
  if (clip->versions != NULL)
    return;
  clip->versions = g_ptr_array_new_with_free_func (_rushes_clip_version_unref);
  g_ptr_array_add (clip->versions, version_from_clip (clip));
  clip->version = 0;
}

/* Shows version index (no undo, no clamping of the range beyond the
 * version's length) */
static void
show_version (RushesTimelineClip *clip,
              guint               index)
{
  RushesClipVersion *v;
  gboolean pending_changed, was_pending = clip->pending;

  sync_shown (clip);
  clip->version = index;
  v = g_ptr_array_index (clip->versions, index);
  g_object_freeze_notify (G_OBJECT (clip));
  /* set before the path: whatever follows "path" sees the version whole */
  set_str (&clip->job_id, v->job_id);
  set_str (&clip->recipe_json, v->recipe_json);
  clip->pending = v->pending;
  clip->progress = v->pending ? v->progress : 1.0;
  clip->media_duration = v->media_duration;
  /* a format probed for another take is not this one's */
  clip->width = clip->height = clip->fps_n = clip->fps_d = 0;
  rushes_timeline_clip_set_name (clip, v->name);
  rushes_timeline_clip_set_path (clip, v->path);
  rushes_timeline_clip_set_offline (clip, v->pending ? v->failed
                                    : v->path == NULL || !g_file_test (v->path, G_FILE_TEST_IS_REGULAR));
  pending_changed = was_pending != clip->pending;
  g_object_notify (G_OBJECT (clip), "media-duration");
  g_object_notify (G_OBJECT (clip), "job-id");
  g_object_notify (G_OBJECT (clip), "progress");
  if (pending_changed)
    g_object_notify (G_OBJECT (clip), "pending");
  g_object_thaw_notify (G_OBJECT (clip));
}

/* Public accessors */

guint
rushes_timeline_clip_get_n_versions (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);

  return self->versions ? self->versions->len : 1;
}

guint
rushes_timeline_clip_get_version (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);

  return self->versions ? self->version : 0;
}

static RushesClipVersion *
get_version (RushesTimelineClip *self,
             guint               index)
{
  if (self->versions == NULL || index >= self->versions->len)
    return NULL;
  sync_shown (self);
  return g_ptr_array_index (self->versions, index);
}

const char *
rushes_timeline_clip_get_version_path (RushesTimelineClip *self,
                                       guint               index)
{
  RushesClipVersion *v;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);

  if ((v = get_version (self, index)) != NULL)
    return v->path;
  return index == 0 ? self->path : NULL;
}

const char *
rushes_timeline_clip_get_version_job_id (RushesTimelineClip *self,
                                         guint               index)
{
  RushesClipVersion *v;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);

  if ((v = get_version (self, index)) != NULL)
    return v->job_id;
  return index == 0 ? self->job_id : NULL;
}

const char *
rushes_timeline_clip_get_version_recipe_json (RushesTimelineClip *self,
                                              guint               index)
{
  RushesClipVersion *v;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);

  if ((v = get_version (self, index)) != NULL)
    return v->recipe_json;
  return index == 0 ? self->recipe_json : NULL;
}

gboolean
rushes_timeline_clip_get_version_pending (RushesTimelineClip *self,
                                          guint               index)
{
  RushesClipVersion *v;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), FALSE);

  if ((v = get_version (self, index)) != NULL)
    return v->pending;
  return index == 0 && self->pending;
}

gint64
rushes_timeline_clip_get_version_media_duration (RushesTimelineClip *self,
                                                 guint               index)
{
  RushesClipVersion *v;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);

  if ((v = get_version (self, index)) != NULL)
    return v->media_duration;
  return index == 0 ? self->media_duration : 0;
}

guint
rushes_timeline_clip_get_n_pending_versions (RushesTimelineClip *self)
{
  guint n = 0;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);

  for (guint i = 0; i < rushes_timeline_clip_get_n_versions (self); i++)
    n += rushes_timeline_clip_get_version_pending (self, i);
  return n;
}

/* The clip's copy and JSON (called from rushes-timeline-clip*.c) */

void
_rushes_timeline_clip_versions_copy (RushesTimelineClip *copy,
                                     RushesTimelineClip *self)
{
  if (self->versions == NULL)
    return;
  sync_shown (self);
  copy->versions = g_ptr_array_new_with_free_func (_rushes_clip_version_unref);
  for (guint i = 0; i < self->versions->len; i++)
    {
      RushesClipVersion *v = g_ptr_array_index (self->versions, i), *c = version_new ();

      c->path = g_strdup (v->path);
      c->name = g_strdup (v->name);
      c->job_id = g_strdup (v->job_id);
      c->recipe_json = g_strdup (v->recipe_json);
      c->media_duration = v->media_duration;
      c->progress = v->progress;
      c->pending = v->pending;
      c->failed = v->failed;
      g_ptr_array_add (copy->versions, c);
    }
  copy->version = self->version;
}

void
_rushes_timeline_clip_versions_to_json (RushesTimelineClip *self,
                                        JsonBuilder        *b)
{
  if (self->versions == NULL)
    return;
  sync_shown (self);
  json_builder_set_member_name (b, "versions");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->versions->len; i++)
    {
      RushesClipVersion *v = g_ptr_array_index (self->versions, i);

      json_builder_begin_object (b);
      if (v->path)
        {
          json_builder_set_member_name (b, "path");
          json_builder_add_string_value (b, v->path);
        }
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, v->name ? v->name : "");
      json_builder_set_member_name (b, "media-duration");
      json_builder_add_int_value (b, v->media_duration);
      if (v->job_id)
        {
          json_builder_set_member_name (b, "job");
          json_builder_add_string_value (b, v->job_id);
          json_builder_set_member_name (b, "pending");
          json_builder_add_boolean_value (b, v->pending);
          json_builder_set_member_name (b, "failed");
          json_builder_add_boolean_value (b, v->failed);
        }
      if (v->recipe_json)
        {
          g_autoptr(JsonNode) recipe = json_from_string (v->recipe_json, NULL);

          if (recipe)
            {
              json_builder_set_member_name (b, "recipe");
              json_builder_add_value (b, g_steal_pointer (&recipe));
            }
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->version);
}

/* One entry of "versions", NULL when it names neither a file nor a job */
static RushesClipVersion *
version_from_json (JsonNode *node)
{
  g_autoptr(GPtrArray) holder = g_ptr_array_new_with_free_func (_rushes_clip_version_unref);
  RushesClipVersion *v;
  JsonObject *object;
  JsonNode *member;
  gint64 duration = 0;
  const char *s;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  v = version_new ();
  g_ptr_array_add (holder, v);
  s = _rushes_json_string_member (object, "path", NULL);
  v->path = s && *s && g_utf8_validate (s, -1, NULL) ? g_strdup (s) : NULL;
  v->job_id = g_strdup (_rushes_json_string_member (object, "job", NULL));
  v->pending = v->job_id != NULL && _rushes_json_bool_member (object, "pending", FALSE);
  v->failed = v->pending && _rushes_json_bool_member (object, "failed", FALSE);
  if (v->path == NULL && !v->pending)
    return NULL;
  if (!_rushes_json_get_int (json_object_get_member (object, "media-duration"), &duration) ||
      duration <= 0 || duration > RUSHES_PROJECT_MAX_TIME)
    return NULL;
  v->media_duration = duration;
  if (v->path)
    v->name = rushes_take_dup_title_for_path (v->path);
  if (v->name == NULL)
    {
      s = _rushes_json_string_member (object, "name", NULL);
      v->name = s && *s ? g_strdup (s) : v->path ? g_path_get_basename (v->path) : g_strdup (v->job_id);
    }
  member = json_object_get_member (object, "recipe");
  if (member && JSON_NODE_HOLDS_OBJECT (member))
    v->recipe_json = json_to_string (member, FALSE);
  return version_ref (v);
}

void
_rushes_timeline_clip_versions_from_json (RushesTimelineClip *self,
                                          JsonObject         *object)
{
  JsonNode *node = json_object_get_member (object, "versions");
  g_autoptr(GPtrArray) versions = NULL;
  JsonArray *array;
  gint64 index = 0;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || self->title_text != NULL)
    return;
  array = json_node_get_array (node);
  if (!_rushes_json_get_int (json_object_get_member (object, "version"), &index) ||
      index < 0 || index >= MIN (json_array_get_length (array), MAX_VERSIONS))
    {
      g_message ("Clip %s: its versions are left out (no valid \"version\")", self->id);
      return;
    }
  versions = g_ptr_array_new_with_free_func (_rushes_clip_version_unref);
  for (guint i = 0; i < json_array_get_length (array) && i < MAX_VERSIONS; i++)
    {
      RushesClipVersion *v = version_from_json (json_array_get_element (array, i));

      if (v == NULL)
        {
          g_message ("Clip %s: version %u names no take; its versions are left out", self->id, i + 1);
          return;
        }
      g_ptr_array_add (versions, v);
    }
  if (versions->len < 2)
    return;
  self->versions = g_steal_pointer (&versions);
  self->version = index;
  /* the clip's own fields are the shown version's: they win */
  sync_shown (self);
}

/* Undoable edits */

typedef struct
{
  RushesUndoCommand   parent;
  RushesProject      *project;   /* borrowed: the project owns the stack */
  RushesTimelineClip *clip;
  GPtrArray          *added;     /* RushesClipVersion (add), NULL for a switch */
  guint               index[2];  /* shown: before, after */
  gint64              range[2][2]; /* in, out: before, after */
} VersionCommand;

static void
version_command_free (RushesUndoCommand *command)
{
  VersionCommand *c = (VersionCommand *) command;

  g_clear_object (&c->clip);
  g_clear_pointer (&c->added, g_ptr_array_unref);
  g_free (c);
}

static void
command_show (VersionCommand *c,
              guint           which)
{
  RushesTimelineClip *clip = c->clip;

  if (clip->versions != NULL && c->index[which] < clip->versions->len &&
      clip->version != c->index[which])
    show_version (clip, c->index[which]);
  _rushes_timeline_clip_raw_set_range (clip, c->range[which][0], c->range[which][1]);
  g_object_notify (G_OBJECT (clip), "in-point");
  g_object_notify (G_OBJECT (clip), "out-point");
  g_object_notify (G_OBJECT (clip), "duration");
}

static void
add_apply (RushesUndoCommand *command)
{
  VersionCommand *c = (VersionCommand *) command;

  ensure_list (c->clip);
  for (guint i = 0; i < c->added->len; i++)
    g_ptr_array_add (c->clip->versions, version_ref (g_ptr_array_index (c->added, i)));
  command_show (c, 1);
  _rushes_project_changed (c->project);
}

static void
add_revert (RushesUndoCommand *command)
{
  VersionCommand *c = (VersionCommand *) command;
  RushesTimelineClip *clip = c->clip;

  if (clip->versions == NULL)
    return;
  if (clip->version != c->index[0])
    show_version (clip, c->index[0]);
  sync_shown (clip);
  g_ptr_array_set_size (clip->versions, clip->versions->len - MIN (c->added->len, clip->versions->len));
  if (clip->versions->len <= 1)
    {
      g_clear_pointer (&clip->versions, g_ptr_array_unref);
      clip->version = 0;
    }
  command_show (c, 0);
  _rushes_project_changed (c->project);
}

static const RushesUndoCommandClass add_class = { add_apply, add_revert, version_command_free };

static void
switch_apply (RushesUndoCommand *command)
{
  VersionCommand *c = (VersionCommand *) command;

  command_show (c, 1);
  _rushes_project_changed (c->project);
}

static void
switch_revert (RushesUndoCommand *command)
{
  VersionCommand *c = (VersionCommand *) command;

  command_show (c, 0);
  _rushes_project_changed (c->project);
}

static const RushesUndoCommandClass switch_class = { switch_apply, switch_revert, version_command_free };

static VersionCommand *
version_command_new (RushesProject            *self,
                     RushesTimelineClip       *clip,
                     const RushesUndoCommandClass *klass,
                     const char               *label)
{
  VersionCommand *c = g_new0 (VersionCommand, 1);

  c->parent.klass = klass;
  c->parent.label = g_strdup (label);
  c->project = self;
  c->clip = g_object_ref (clip);
  c->index[0] = c->index[1] = rushes_timeline_clip_get_version (clip);
  c->range[0][0] = c->range[1][0] = clip->in_point;
  c->range[0][1] = c->range[1][1] = clip->out_point;
  return c;
}

static gboolean
check_clip (RushesProject       *self,
            RushesTimelineClip  *clip,
            GError             **error)
{
  guint track_index;
  RushesTimelineTrack *track;

  if (!rushes_project_locate_clip (self, clip, &track_index, NULL))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("The clip is not in the project"));
      return FALSE;
    }
  track = rushes_project_get_track (self, track_index);
  if (rushes_timeline_track_get_kind (track) != RUSHES_TRACK_VIDEO || clip->title_text != NULL)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Only video clips have versions"));
      return FALSE;
    }
  return _rushes_edit_check_unlocked (track, clip, error);
}

gboolean
rushes_project_add_versions (RushesProject       *self,
                             RushesTimelineClip  *clip,
                             GPtrArray           *jobs,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  VersionCommand *c;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);
  g_return_val_if_fail (jobs != NULL && jobs->len > 0, FALSE);

  if (!check_clip (self, clip, &local_error))
    {
      _rushes_edit_refuse (self, g_steal_pointer (&local_error), error);
      return FALSE;
    }
  if (rushes_timeline_clip_get_n_versions (clip) + jobs->len > MAX_VERSIONS)
    {
      g_set_error (&local_error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("A clip keeps at most %d versions"), MAX_VERSIONS);
      _rushes_edit_refuse (self, g_steal_pointer (&local_error), error);
      return FALSE;
    }

  c = version_command_new (self, clip, &add_class,
                           g_dngettext (GETTEXT_PACKAGE, "Add Version", "Add Versions", jobs->len));
  c->added = g_ptr_array_new_with_free_func (_rushes_clip_version_unref);
  for (guint i = 0; i < jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs, i);
      RushesRecipe *recipe = rushes_job_get_recipe (job);
      RushesClipVersion *v = version_new ();

      v->job_id = g_strdup (rushes_job_get_id (job));
      v->pending = TRUE;
      v->media_duration = recipe ? (gint64) (rushes_recipe_get_seconds (recipe) * RUSHES_SECOND) : 0;
      if (v->media_duration <= 0)
        v->media_duration = clip->media_duration;
      if (recipe)
        {
          v->recipe_json = rushes_recipe_to_json (recipe);
          v->name = rushes_take_format_title (rushes_recipe_get_prompt (recipe), rushes_job_get_variation (job),
                                              rushes_recipe_get_seed (recipe));
        }
      if (v->name == NULL)
        v->name = g_strdup (v->job_id);
      g_ptr_array_add (c->added, v);
    }
  rushes_undo_stack_push (rushes_project_get_undo_stack (self), (RushesUndoCommand *) c);
  return TRUE;
}

gboolean
rushes_project_set_version (RushesProject      *self,
                            RushesTimelineClip *clip,
                            guint               index)
{
  g_autoptr(GError) error = NULL;
  VersionCommand *c;
  gint64 media, in, out;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);

  if (index >= rushes_timeline_clip_get_n_versions (clip) || index == rushes_timeline_clip_get_version (clip))
    return FALSE;
  if (!check_clip (self, clip, &error))
    {
      _rushes_edit_refuse (self, g_steal_pointer (&error), NULL);
      return FALSE;
    }
  /* start, in and out stay, within the version's length */
  media = rushes_timeline_clip_get_version_media_duration (clip, index);
  out = MIN (clip->out_point, media);
  in = MIN (clip->in_point, out - 1);
  c = version_command_new (self, clip, &switch_class, _("Show Version"));
  c->index[1] = index;
  c->range[1][0] = MAX (in, 0);
  c->range[1][1] = out;
  rushes_undo_stack_push (rushes_project_get_undo_stack (self), (RushesUndoCommand *) c);
  return TRUE;
}

/* Jobs (not undoable: the job decides) */

typedef void (*VersionFunc) (RushesTimelineClip *clip,
                             RushesClipVersion  *version,
                             gpointer            data);

/* Calls func on every version not shown of job_id that is pending;
 * returns how many */
static guint
foreach_hidden_version (RushesProject *self,
                        const char    *job_id,
                        VersionFunc    func,
                        gpointer       data)
{
  guint n = 0;

  for (guint t = 0; t < rushes_project_get_n_tracks (self); t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, t);

      for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

          if (clip->versions == NULL)
            continue;
          for (guint k = 0; k < clip->versions->len; k++)
            {
              RushesClipVersion *v = g_ptr_array_index (clip->versions, k);

              if (k != clip->version && v->pending && g_strcmp0 (v->job_id, job_id) == 0)
                {
                  func (clip, v, data);
                  n++;
                }
            }
        }
    }
  return n;
}

typedef struct
{
  const char *path;
  gint64      media_duration;
} FillData;

static void
fill_version (RushesTimelineClip *clip,
              RushesClipVersion  *v,
              gpointer            data)
{
  FillData *fill = data;
  g_autofree char *title = rushes_take_dup_title_for_path (fill->path);

  set_str (&v->path, fill->path);
  if (title)
    set_str (&v->name, title);
  if (fill->media_duration > 0)
    v->media_duration = fill->media_duration;
  v->pending = FALSE;
  v->failed = FALSE;
  v->progress = 1.0;
}

guint
_rushes_project_fill_versions (RushesProject *self,
                               const char    *job_id,
                               const char    *path,
                               gint64         media_duration)
{
  FillData fill = { path, media_duration };
  guint n = foreach_hidden_version (self, job_id, fill_version, &fill);

  if (n > 0)
    _rushes_project_changed (self);
  return n;
}

static void
fail_version (RushesTimelineClip *clip,
              RushesClipVersion  *v,
              gpointer            data)
{
  v->failed = TRUE;
}

static void
progress_version (RushesTimelineClip *clip,
                  RushesClipVersion  *v,
                  gpointer            data)
{
  v->progress = *(double *) data;
}

void
_rushes_project_fail_versions (RushesProject *self,
                               const char    *job_id)
{
  if (foreach_hidden_version (self, job_id, fail_version, NULL) > 0)
    g_signal_emit_by_name (self, "changed");
}

void
_rushes_project_set_versions_progress (RushesProject *self,
                                       const char    *job_id,
                                       double         progress)
{
  foreach_hidden_version (self, job_id, progress_version, &progress);
}

char **
rushes_project_dup_pending_version_jobs (RushesProject *self)
{
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  for (guint t = 0; t < rushes_project_get_n_tracks (self); t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, t);

      for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

          for (guint k = 0; clip->versions != NULL && k < clip->versions->len; k++)
            {
              RushesClipVersion *v = g_ptr_array_index (clip->versions, k);

              if (k != clip->version && v->pending && !v->failed)
                g_ptr_array_add (ids, g_strdup (v->job_id));
            }
        }
    }
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (ids, FALSE);
}
