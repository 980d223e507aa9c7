/* rushes-project-edit.c: working out an edit, checking it, and its undo command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An edit changes the model silently (clip fields, track arrays, a
 * working list of tracks) from a snapshot taken at its start. Commit
 * sorts and checks the tracks it touched, puts everything back as the
 * snapshot had it, and turns the difference into a command: which clips
 * moved between tracks (or in or out of the project), how far their
 * start, in and out moved (relative, so that a placeholder filled in
 * meanwhile stays right), and their other fields before and after.
 * Applying the command makes the change with every notification.
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"


#include "rushes-project-private.h"

struct _RushesEdit
{
  RushesProject *project;
  GPtrArray     *old_tracks;   /* RushesTimelineTrack, as in the project */
  GPtrArray     *old_arrays;   /* GPtrArray of clips, one per old track */
  GPtrArray     *tracks;       /* RushesTimelineTrack, as the edit has them */
  GHashTable    *states;       /* clip → RushesClipState, at the start */
};

static void
state_free (gpointer data)
{
  _rushes_clip_state_clear (data);
  g_free (data);
}

RushesEdit *
_rushes_edit_begin (RushesProject *self)
{
  RushesEdit *edit = g_new0 (RushesEdit, 1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tracks));

  edit->project = self;
  edit->old_tracks = g_ptr_array_new_with_free_func (g_object_unref);
  edit->old_arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  edit->tracks = g_ptr_array_new_with_free_func (g_object_unref);
  edit->states = g_hash_table_new_full (NULL, NULL, NULL, state_free);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineTrack *track = g_list_model_get_item (G_LIST_MODEL (self->tracks), i);
      GPtrArray *clips = _rushes_timeline_track_get_array (track);
      GPtrArray *copy = g_ptr_array_new_full (clips->len, g_object_unref);

      for (guint j = 0; j < clips->len; j++)
        {
          RushesTimelineClip *clip = g_ptr_array_index (clips, j);
          RushesClipState *state = g_new0 (RushesClipState, 1);

          g_ptr_array_add (copy, g_object_ref (clip));
          _rushes_clip_state_get (clip, state);
          g_hash_table_insert (edit->states, clip, state);
        }
      g_ptr_array_add (edit->old_arrays, copy);
      g_ptr_array_add (edit->tracks, g_object_ref (track));
      g_ptr_array_add (edit->old_tracks, track);
    }
  return edit;
}

GPtrArray *
_rushes_edit_get_tracks (RushesEdit *edit)
{
  return edit->tracks;
}

RushesTimelineTrack *
_rushes_edit_main_track (RushesEdit *edit)
{
  for (guint i = 0; i < edit->tracks->len; i++)
    if (rushes_timeline_track_get_kind (g_ptr_array_index (edit->tracks, i)) == RUSHES_TRACK_VIDEO)
      return g_ptr_array_index (edit->tracks, i);
  return NULL;
}

gboolean
_rushes_edit_locate (RushesEdit           *edit,
                     RushesTimelineClip   *clip,
                     RushesTimelineTrack **track)
{
  for (guint i = 0; i < edit->tracks->len; i++)
    if (g_ptr_array_find (_rushes_timeline_track_get_array (g_ptr_array_index (edit->tracks, i)), clip, NULL))
      {
        if (track)
          *track = g_ptr_array_index (edit->tracks, i);
        return TRUE;
      }
  return FALSE;
}

RushesTimelineClip *
_rushes_edit_find_id (RushesEdit *edit,
                      const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < edit->tracks->len; i++)
    {
      GPtrArray *clips = _rushes_timeline_track_get_array (g_ptr_array_index (edit->tracks, i));

      for (guint j = 0; j < clips->len; j++)
        if (g_str_equal (rushes_timeline_clip_get_id (g_ptr_array_index (clips, j)), id))
          return g_ptr_array_index (clips, j);
    }
  return NULL;
}

void
_rushes_edit_add (RushesEdit          *edit,
                  RushesTimelineTrack *track,
                  RushesTimelineClip  *clip)
{
  g_ptr_array_add (_rushes_timeline_track_get_array (track), g_object_ref (clip));
}

void
_rushes_edit_remove (RushesEdit         *edit,
                     RushesTimelineClip *clip)
{
  RushesTimelineTrack *track;

  if (_rushes_edit_locate (edit, clip, &track))
    g_ptr_array_remove (_rushes_timeline_track_get_array (track), clip);
}

void
_rushes_edit_ripple (RushesEdit         *edit,
                     gint64              time,
                     gint64              delta,
                     RushesTimelineClip *exclude1,
                     RushesTimelineClip *exclude2)
{
  if (delta == 0)
    return;
  for (guint i = 0; i < edit->tracks->len; i++)
    {
      RushesTimelineTrack *track = g_ptr_array_index (edit->tracks, i);
      GPtrArray *clips = _rushes_timeline_track_get_array (track);

      if (rushes_timeline_track_get_locked (track))
        continue;
      for (guint j = 0; j < clips->len; j++)
        {
          RushesTimelineClip *clip = g_ptr_array_index (clips, j);
          gint64 start = rushes_timeline_clip_get_start (clip);

          if (clip != exclude1 && clip != exclude2 && start >= time)
            _rushes_timeline_clip_raw_set_start (clip, start + delta);
        }
    }
}

/* Puts the model back as it was at the start, silently */
static void
rollback (RushesEdit *edit)
{
  GHashTableIter iter;
  gpointer key, value;

  /* tracks made by the edit are empty until its command fills them */
  for (guint i = 0; i < edit->tracks->len; i++)
    if (!g_ptr_array_find (edit->old_tracks, g_ptr_array_index (edit->tracks, i), NULL))
      g_ptr_array_set_size (_rushes_timeline_track_get_array (g_ptr_array_index (edit->tracks, i)), 0);

  for (guint i = 0; i < edit->old_tracks->len; i++)
    {
      GPtrArray *clips = _rushes_timeline_track_get_array (g_ptr_array_index (edit->old_tracks, i));
      GPtrArray *old = g_ptr_array_index (edit->old_arrays, i);

      g_ptr_array_set_size (clips, 0);
      for (guint j = 0; j < old->len; j++)
        g_ptr_array_add (clips, g_object_ref (g_ptr_array_index (old, j)));
    }
  g_hash_table_iter_init (&iter, edit->states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    _rushes_clip_state_set (key, value, FALSE);
}

static void
edit_free (RushesEdit *edit)
{
  g_ptr_array_unref (edit->old_tracks);
  g_ptr_array_unref (edit->old_arrays);
  g_ptr_array_unref (edit->tracks);
  g_hash_table_unref (edit->states);
  g_free (edit);
}

void
_rushes_edit_cancel (RushesEdit *edit)
{
  rollback (edit);
  edit_free (edit);
}

/* The command */

typedef struct
{
  RushesTimelineClip  *clip;
  RushesTimelineTrack *track[2];  /* before, after; NULL: not in the project */
  gint64               d_start;
  gint64               d_in;
  gint64               d_out;
  RushesClipState      state[2];  /* before, after (start/in/out unused) */
} ClipChange;

typedef struct
{
  RushesUndoCommand  parent;
  RushesProject     *project;     /* borrowed: the project owns the stack */
  GPtrArray         *tracks[2];   /* the track list before and after, or NULL if the same */
  GArray            *changes;     /* ClipChange */
} EditCommand;

static void
clip_change_clear (gpointer data)
{
  ClipChange *change = data;

  g_clear_object (&change->clip);
  g_clear_object (&change->track[0]);
  g_clear_object (&change->track[1]);
  _rushes_clip_state_clear (&change->state[0]);
  _rushes_clip_state_clear (&change->state[1]);
}

static void
edit_command_free (RushesUndoCommand *command)
{
  EditCommand *c = (EditCommand *) command;

  g_clear_pointer (&c->tracks[0], g_ptr_array_unref);
  g_clear_pointer (&c->tracks[1], g_ptr_array_unref);
  g_array_unref (c->changes);
  g_free (c);
}

static gpointer
ref_clip (gconstpointer clip,
          gpointer      data)
{
  return g_object_ref ((gpointer) clip);
}

static void
edit_command_run (EditCommand *c,
                  guint        to)   /* 1: apply, 0: revert */
{
  RushesProject *self = c->project;
  guint from = !to;
  int sign = to ? 1 : -1;
  g_autoptr(GPtrArray) touched = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) frozen = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_n = 0;
  gboolean switched;

  /* how each track touched looked (what its model last reported) */
  for (guint i = 0; i < c->changes->len; i++)
    {
      ClipChange *change = &g_array_index (c->changes, ClipChange, i);

      for (guint k = 0; k < 2; k++)
        if (change->track[k] && !g_ptr_array_find (touched, change->track[k], NULL))
          {
            g_ptr_array_add (touched, g_object_ref (change->track[k]));
            g_ptr_array_add (orders, g_ptr_array_copy (_rushes_timeline_track_get_array (change->track[k]),
                                                       ref_clip, NULL));
            g_ptr_array_set_free_func (g_ptr_array_index (orders, orders->len - 1), g_object_unref);
          }
    }

  for (guint i = 0; i < c->changes->len; i++)
    {
      ClipChange *change = &g_array_index (c->changes, ClipChange, i);
      RushesClipState state;

      if (change->track[from] != change->track[to])
        {
          if (change->track[from])
            g_ptr_array_remove (_rushes_timeline_track_get_array (change->track[from]), change->clip);
          if (change->track[to])
            g_ptr_array_add (_rushes_timeline_track_get_array (change->track[to]), g_object_ref (change->clip));
        }
      g_object_freeze_notify (G_OBJECT (change->clip));
      g_ptr_array_add (frozen, g_object_ref (change->clip));
      state = change->state[to];
      state.start = rushes_timeline_clip_get_start (change->clip) + sign * change->d_start;
      state.in_point = rushes_timeline_clip_get_in_point (change->clip) + sign * change->d_in;
      state.out_point = rushes_timeline_clip_get_out_point (change->clip) + sign * change->d_out;
      _rushes_clip_state_set (change->clip, &state, TRUE);
    }

  if (c->tracks[to])
    {
      GPtrArray *list = c->tracks[to];

      g_list_store_splice (self->tracks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tracks)),
                           list->pdata, list->len);
    }
  switched = _rushes_project_update_main (self, &old_n);
  self->proxy_blocked = switched;
  for (guint i = 0; i < touched->len; i++)
    _rushes_timeline_track_sort_and_notify (g_ptr_array_index (touched, i), g_ptr_array_index (orders, i));
  self->proxy_blocked = FALSE;
  if (switched)
    {
      self->main_n_items = rushes_timeline_track_get_n_clips (self->main_track);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->main_n_items);
    }
  for (guint i = 0; i < frozen->len; i++)
    g_object_thaw_notify (g_ptr_array_index (frozen, i));
  _rushes_project_changed (self);
}

static void
edit_command_apply (RushesUndoCommand *command)
{
  edit_command_run ((EditCommand *) command, 1);
}

static void
edit_command_revert (RushesUndoCommand *command)
{
  edit_command_run ((EditCommand *) command, 0);
}

static const RushesUndoCommandClass edit_command_class = { edit_command_apply, edit_command_revert, edit_command_free };

static gboolean
same_tracks (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_ptr_array_index (a, i) != g_ptr_array_index (b, i))
      return FALSE;
  return TRUE;
}

/* clip → track; arrays: the tracks' clips (NULL: as they are now) */
static GHashTable *
where_map (GPtrArray *tracks,
           GPtrArray *arrays)
{
  GHashTable *where = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < tracks->len; i++)
    {
      GPtrArray *clips = arrays ? g_ptr_array_index (arrays, i)
                                : _rushes_timeline_track_get_array (g_ptr_array_index (tracks, i));

      for (guint j = 0; j < clips->len; j++)
        g_hash_table_insert (where, g_ptr_array_index (clips, j), g_ptr_array_index (tracks, i));
    }
  return where;
}

static void
add_change (EditCommand         *c,
            RushesEdit          *edit,
            RushesTimelineClip  *clip,
            RushesTimelineTrack *before,
            RushesTimelineTrack *after)
{
  RushesClipState *old = g_hash_table_lookup (edit->states, clip);
  ClipChange change = { 0 };

  _rushes_clip_state_get (clip, &change.state[1]);
  if (old && before == after && _rushes_clip_state_equal (old, &change.state[1]))
    {
      _rushes_clip_state_clear (&change.state[1]);
      return;
    }
  change.clip = g_object_ref (clip);
  change.track[0] = before ? g_object_ref (before) : NULL;
  change.track[1] = after ? g_object_ref (after) : NULL;
  if (old)
    {
      change.d_start = change.state[1].start - old->start;
      change.d_in = change.state[1].in_point - old->in_point;
      change.d_out = change.state[1].out_point - old->out_point;
      change.state[0] = *old;
      change.state[0].title_text = g_strdup (old->title_text);
      change.state[0].link = g_strdup (old->link);
    }
  else
    {
      change.state[0] = change.state[1];
      change.state[0].title_text = g_strdup (change.state[1].title_text);
      change.state[0].link = g_strdup (change.state[1].link);
    }
  g_array_append_val (c->changes, change);
}

gboolean
_rushes_edit_commit (RushesEdit  *edit,
                     const char  *label,
                     gboolean     undoable,
                     GError     **error)
{
  RushesProject *self = edit->project;
  g_autoptr(GHashTable) before = where_map (edit->old_tracks, edit->old_arrays);
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  EditCommand *c;

  /* check every track whose clips changed */
  for (guint i = 0; i < edit->tracks->len; i++)
    {
      RushesTimelineTrack *track = g_ptr_array_index (edit->tracks, i);
      GPtrArray *clips = _rushes_timeline_track_get_array (track);
      guint index;
      gboolean changed = !g_ptr_array_find (edit->old_tracks, track, &index);

      _rushes_timeline_track_sort (track);
      if (!changed)
        {
          GPtrArray *old = g_ptr_array_index (edit->old_arrays, index);

          changed = !same_tracks (old, clips);
          for (guint j = 0; !changed && j < clips->len; j++)
            {
              RushesClipState now;
              RushesTimelineClip *clip = g_ptr_array_index (clips, j);

              _rushes_clip_state_get (clip, &now);
              changed = !_rushes_clip_state_equal (&now, g_hash_table_lookup (edit->states, clip));
              _rushes_clip_state_clear (&now);
            }
        }
      if (changed && !rushes_timeline_track_check (track, error))
        {
          _rushes_edit_cancel (edit);
          return FALSE;
        }
    }

  c = g_new0 (EditCommand, 1);
  c->parent.klass = &edit_command_class;
  c->parent.label = g_strdup (label);
  c->project = self;
  c->changes = g_array_new (FALSE, TRUE, sizeof (ClipChange));
  g_array_set_clear_func (c->changes, clip_change_clear);
  if (!same_tracks (edit->old_tracks, edit->tracks))
    {
      c->tracks[0] = g_ptr_array_ref (edit->old_tracks);
      c->tracks[1] = g_ptr_array_ref (edit->tracks);
    }
  after = where_map (edit->tracks, NULL);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    add_change (c, edit, key, g_hash_table_lookup (before, key), value);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (after, key))
      add_change (c, edit, key, value, NULL);

  rollback (edit);
  edit_free (edit);

  if (c->changes->len == 0 && c->tracks[0] == NULL)
    {
      edit_command_free (&c->parent);
      return TRUE;
    }
  if (undoable)
    rushes_undo_stack_push (self->undo, &c->parent);
  else
    {
      edit_command_apply (&c->parent);
      g_free (c->parent.label);
      edit_command_free (&c->parent);
    }
  return TRUE;
}
