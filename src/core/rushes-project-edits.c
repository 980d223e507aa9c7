/* rushes-project-edits.c: a project's undoable edits of clips and tracks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each edit is worked out with rushes-project-edit.c: changed silently,
 * checked, and then pushed as one undo command. The position-based
 * edits treat the main track as a sequence and ripple every unlocked
 * track; the free edits leave other clips where they are. A clip's
 * linked partner (a take's sound or picture) follows it.
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-private.h"

/* Helpers */

void
_rushes_edit_refuse (RushesProject *self,
        GError        *error,
        GError       **out)
{
  if (out == NULL)
    _rushes_project_refuse (self, error);
  g_propagate_error (out, error);
}

gboolean
_rushes_edit_check_unlocked (RushesTimelineTrack  *track,
                RushesTimelineClip   *clip,
                GError              **error)
{
  if (!rushes_timeline_track_get_locked (track))
    return TRUE;
  if (clip)
    g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                 _("Clip “%s” is on the locked track “%s”"),
                 _rushes_timeline_clip_label (clip), rushes_timeline_track_get_name (track));
  else
    g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                 _("Track “%s” is locked"), rushes_timeline_track_get_name (track));
  return FALSE;
}

static guint
count_kind (GPtrArray       *tracks,
            RushesTrackKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < tracks->len; i++)
    n += rushes_timeline_track_get_kind (g_ptr_array_index (tracks, i)) == kind;
  return n;
}

char *
_rushes_project_free_track_name (GPtrArray       *tracks,
                                 RushesTrackKind  kind)
{
  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("%c%u", kind == RUSHES_TRACK_VIDEO ? 'V' : 'A', n);
      gboolean used = FALSE;

      for (guint i = 0; i < tracks->len && !used; i++)
        used = g_strcmp0 (rushes_timeline_track_get_name (g_ptr_array_index (tracks, i)), name) == 0;
      if (!used)
        return g_steal_pointer (&name);
    }
}

static gboolean
span_is_free (RushesTimelineTrack *track,
              RushesTimelineClip  *clip)
{
  gint64 start = rushes_timeline_clip_get_start (clip), end = rushes_timeline_clip_get_end (clip);
  GPtrArray *clips = _rushes_timeline_track_get_array (track);

  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *other = g_ptr_array_index (clips, i);

      if (rushes_timeline_clip_get_start (other) < end && start < rushes_timeline_clip_get_end (other))
        return FALSE;
    }
  return TRUE;
}

gboolean
_rushes_edit_add_sound (RushesEdit         *edit,
                        RushesTimelineClip *clip)
{
  GPtrArray *tracks = _rushes_edit_get_tracks (edit);
  g_autoptr(RushesTimelineClip) sound = rushes_timeline_clip_duplicate (clip);
  g_autoptr(RushesTimelineTrack) made = NULL;
  g_autofree char *name = NULL;

  _rushes_timeline_clip_raw_set_link (sound, rushes_timeline_clip_get_id (clip));
  _rushes_timeline_clip_raw_set_link (clip, rushes_timeline_clip_get_id (sound));
  for (guint i = 0; i < tracks->len; i++)
    {
      RushesTimelineTrack *track = g_ptr_array_index (tracks, i);

      if (rushes_timeline_track_get_kind (track) != RUSHES_TRACK_AUDIO || rushes_timeline_track_get_locked (track))
        continue;
      /* where it lies free: no crossfade the user did not make */
      if (span_is_free (track, sound))
        {
          _rushes_edit_add (edit, track, sound);
          return TRUE;
        }
    }
  if (count_kind (tracks, RUSHES_TRACK_AUDIO) >= RUSHES_PROJECT_MAX_TRACKS)
    {
      _rushes_timeline_clip_raw_set_link (clip, NULL);
      return FALSE;
    }
  name = _rushes_project_free_track_name (tracks, RUSHES_TRACK_AUDIO);
  made = rushes_timeline_track_new (RUSHES_TRACK_AUDIO, name);
  g_ptr_array_add (tracks, g_object_ref (made));
  _rushes_edit_add (edit, made, sound);
  return TRUE;
}

gboolean
_rushes_edit_wants_sound (RushesTimelineTrack *track,
             RushesTimelineClip  *clip)
{
  return rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO &&
         rushes_timeline_clip_get_has_audio (clip) &&
         !rushes_timeline_clip_get_is_title (clip) &&
         rushes_timeline_clip_get_link (clip) == NULL;
}

/* The partner of clip in the edit and its track; NULL when none */
RushesTimelineClip *
_rushes_edit_partner (RushesEdit           *edit,
              RushesTimelineClip   *clip,
              RushesTimelineTrack **track)
{
  RushesTimelineClip *partner = _rushes_edit_find_id (edit, rushes_timeline_clip_get_link (clip));

  if (partner == NULL || partner == clip || !_rushes_edit_locate (edit, partner, track))
    return NULL;
  return partner;
}

/* Where the clip's successor on its track takes over: its end, or the
 * next clip's start inside a crossfade */
static gint64
edit_point (RushesTimelineTrack *track,
            RushesTimelineClip  *clip)
{
  gint64 point = rushes_timeline_clip_get_end (clip);
  guint position;

  _rushes_timeline_track_sort (track);
  if (rushes_timeline_track_find_clip (track, clip, &position) &&
      position + 1 < rushes_timeline_track_get_n_clips (track))
    point = MIN (point, rushes_timeline_clip_get_start (rushes_timeline_track_get_clip (track, position + 1)));
  return point;
}

/* Takes clip (and its partner, which keeps its offset) out and closes
 * the gap on every unlocked track */
static void
ripple_out (RushesEdit          *edit,
            RushesTimelineTrack *track,
            RushesTimelineClip  *clip,
            RushesTimelineClip  *partner)
{
  gint64 start = rushes_timeline_clip_get_start (clip);
  gint64 point = edit_point (track, clip);

  _rushes_edit_remove (edit, clip);
  if (partner)
    _rushes_edit_remove (edit, partner);
  _rushes_edit_ripple (edit, point, start - point, NULL, NULL);
}

/* Puts clip (and its partner at the same offset) in track at start,
 * making room on every unlocked track */
static void
ripple_in (RushesEdit          *edit,
           RushesTimelineTrack *track,
           RushesTimelineClip  *clip,
           gint64               start,
           RushesTimelineClip  *partner,
           RushesTimelineTrack *partner_track)
{
  gint64 offset = partner ? rushes_timeline_clip_get_start (partner) - rushes_timeline_clip_get_start (clip) : 0;

  _rushes_edit_ripple (edit, start, rushes_timeline_clip_get_duration (clip), NULL, NULL);
  _rushes_timeline_clip_raw_set_start (clip, start);
  _rushes_edit_add (edit, track, clip);
  if (partner)
    {
      _rushes_timeline_clip_raw_set_start (partner, start + offset);
      _rushes_edit_add (edit, partner_track, partner);
    }
}

gboolean
_rushes_edit_finish (RushesProject  *self,
        RushesEdit     *edit,
        const char     *label,
        GError        **error)
{
  GError *local_error = NULL;

  if (_rushes_edit_commit (edit, label, TRUE, &local_error))
    return TRUE;
  _rushes_edit_refuse (self, local_error, error);
  return FALSE;
}

gboolean
_rushes_edit_fail (RushesProject  *self,
        RushesEdit     *edit,
        GError         *local_error,
        GError        **error)
{
  _rushes_edit_cancel (edit);
  _rushes_edit_refuse (self, local_error, error);
  return FALSE;
}

/* The main track as a sequence */

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
  RushesEdit *edit;
  RushesTimelineTrack *main_track;
  GError *error = NULL;
  gint64 start;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));
  g_return_if_fail (!rushes_project_locate_clip (self, clip, NULL, NULL));

  edit = _rushes_edit_begin (self);
  main_track = _rushes_edit_main_track (edit);
  if (!_rushes_edit_check_unlocked (main_track, NULL, &error))
    {
      _rushes_edit_fail (self, edit, error, NULL);
      return;
    }
  start = rushes_project_get_clip_start (self, position);
  ripple_in (edit, main_track, clip, start, NULL, NULL);
  if (_rushes_edit_wants_sound (main_track, clip))
    _rushes_edit_add_sound (edit, clip);
  _rushes_edit_finish (self, edit, _("Add Clip"), NULL);
}

void
rushes_project_append_clip (RushesProject      *self,
                            RushesTimelineClip *clip)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  rushes_project_insert_clip (self, rushes_project_get_n_clips (self), clip);
}

void
rushes_project_remove_clip (RushesProject *self,
                            guint          position)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < rushes_project_get_n_clips (self));

  rushes_project_delete_clip (self, rushes_project_get_clip (self, position), TRUE);
}

void
rushes_project_move_clip (RushesProject *self,
                          guint          from,
                          guint          to)
{
  RushesEdit *edit;
  RushesTimelineTrack *main_track, *partner_track = NULL;
  RushesTimelineClip *clip, *partner;
  GError *error = NULL;
  gint64 start;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (from < rushes_project_get_n_clips (self));

  to = MIN (to, rushes_project_get_n_clips (self) - 1);
  if (from == to)
    return;
  clip = rushes_project_get_clip (self, from);
  edit = _rushes_edit_begin (self);
  main_track = _rushes_edit_main_track (edit);
  partner = _rushes_edit_partner (edit, clip, &partner_track);
  if (!_rushes_edit_check_unlocked (main_track, NULL, &error) ||
      (partner && !_rushes_edit_check_unlocked (partner_track, partner, &error)))
    {
      _rushes_edit_fail (self, edit, error, NULL);
      return;
    }
  ripple_out (edit, main_track, clip, partner);
  _rushes_timeline_track_sort (main_track);
  start = to < rushes_timeline_track_get_n_clips (main_track)
          ? rushes_timeline_clip_get_start (rushes_timeline_track_get_clip (main_track, to))
          : rushes_timeline_track_get_end (main_track);
  ripple_in (edit, main_track, clip, start, partner, partner_track);
  _rushes_edit_finish (self, edit, _("Move Clip"), NULL);
}

/* Trims clip (and its partner alike) by the deltas */
void
_rushes_edit_trim_linked (RushesTimelineClip *clip,
                   RushesTimelineClip *partner,
                   gint64              d_start,
                   gint64              in_point,
                   gint64              out_point)
{
  gint64 d_in = in_point - rushes_timeline_clip_get_in_point (clip);
  gint64 d_out = out_point - rushes_timeline_clip_get_out_point (clip);

  _rushes_timeline_clip_raw_set_start (clip, rushes_timeline_clip_get_start (clip) + d_start);
  _rushes_timeline_clip_raw_set_range (clip, in_point, out_point);
  if (partner)
    {
      _rushes_timeline_clip_raw_set_start (partner, rushes_timeline_clip_get_start (partner) + d_start);
      _rushes_timeline_clip_raw_set_range (partner, rushes_timeline_clip_get_in_point (partner) + d_in,
                                           rushes_timeline_clip_get_out_point (partner) + d_out);
    }
}

void
rushes_project_trim_clip (RushesProject *self,
                          guint          position,
                          gint64         in_point,
                          gint64         out_point)
{
  RushesTimelineClip *clip, *partner;
  RushesTimelineTrack *main_track, *partner_track = NULL;
  RushesEdit *edit;
  GError *error = NULL;
  gint64 media, point;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (position < rushes_project_get_n_clips (self));

  clip = rushes_project_get_clip (self, position);
  media = rushes_timeline_clip_get_media_duration (clip);
  in_point = MAX (in_point, 0);
  if (media > 0)
    out_point = MIN (out_point, media);
  if (out_point <= in_point)
    return;
  if (in_point == rushes_timeline_clip_get_in_point (clip) &&
      out_point == rushes_timeline_clip_get_out_point (clip))
    return;

  edit = _rushes_edit_begin (self);
  main_track = _rushes_edit_main_track (edit);
  partner = _rushes_edit_partner (edit, clip, &partner_track);
  if (!_rushes_edit_check_unlocked (main_track, clip, &error) ||
      (partner && !_rushes_edit_check_unlocked (partner_track, partner, &error)))
    {
      _rushes_edit_fail (self, edit, error, NULL);
      return;
    }
  point = edit_point (main_track, clip);
  _rushes_edit_ripple (edit, point, (out_point - in_point) - rushes_timeline_clip_get_duration (clip),
                       clip, partner);
  _rushes_edit_trim_linked (clip, partner, 0, in_point, out_point);
  _rushes_edit_finish (self, edit, _("Trim Clip"), NULL);
}

/* Splits clip at offset into two in track */
static void
split_one (RushesEdit          *edit,
           RushesTimelineTrack *track,
           RushesTimelineClip  *clip,
           gint64               offset,
           RushesTimelineClip **first,
           RushesTimelineClip **second)
{
  gint64 in = rushes_timeline_clip_get_in_point (clip);
  gint64 out = rushes_timeline_clip_get_out_point (clip);
  RushesClipState state;

  *first = rushes_timeline_clip_duplicate (clip);
  *second = rushes_timeline_clip_duplicate (clip);
  _rushes_clip_state_get (clip, &state);
  state.out_point = in + offset;
  state.fade_out = 0;
  _rushes_clip_state_set (*first, &state, FALSE);
  state.start += offset;
  state.in_point = in + offset;
  state.out_point = out;
  state.fade_in = 0;
  state.fade_out = rushes_timeline_clip_get_fade_out (clip);
  _rushes_clip_state_set (*second, &state, FALSE);
  _rushes_clip_state_clear (&state);
  _rushes_timeline_clip_raw_set_range (*first, in, in + offset);
  _rushes_edit_remove (edit, clip);
  _rushes_edit_add (edit, track, *first);
  _rushes_edit_add (edit, track, *second);
}

gboolean
rushes_project_split_at (RushesProject *self,
                         gint64         time)
{
  g_autoptr(RushesTimelineClip) a = NULL;
  g_autoptr(RushesTimelineClip) b = NULL;
  g_autoptr(RushesTimelineClip) pa = NULL;
  g_autoptr(RushesTimelineClip) pb = NULL;
  RushesTimelineClip *clip, *partner;
  RushesTimelineTrack *main_track, *partner_track = NULL;
  RushesEdit *edit;
  GError *error = NULL;
  gint64 offset = 0;
  guint pos;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  pos = rushes_project_get_clip_at (self, time, &offset);
  if (pos == G_MAXUINT || offset <= 0)
    return FALSE;
  clip = rushes_project_get_clip (self, pos);

  edit = _rushes_edit_begin (self);
  main_track = _rushes_edit_main_track (edit);
  partner = _rushes_edit_partner (edit, clip, &partner_track);
  if (!_rushes_edit_check_unlocked (main_track, clip, &error) ||
      (partner && !_rushes_edit_check_unlocked (partner_track, partner, &error)))
    return _rushes_edit_fail (self, edit, error, NULL);
  split_one (edit, main_track, clip, offset, &a, &b);
  if (partner && rushes_timeline_clip_get_start (partner) < time && time < rushes_timeline_clip_get_end (partner))
    {
      split_one (edit, partner_track, partner, time - rushes_timeline_clip_get_start (partner), &pa, &pb);
      _rushes_timeline_clip_raw_set_link (a, rushes_timeline_clip_get_id (pa));
      _rushes_timeline_clip_raw_set_link (pa, rushes_timeline_clip_get_id (a));
      _rushes_timeline_clip_raw_set_link (b, rushes_timeline_clip_get_id (pb));
      _rushes_timeline_clip_raw_set_link (pb, rushes_timeline_clip_get_id (b));
    }
  else if (partner)
    {
      /* the sound lies apart: it stays linked to the piece it starts in */
      RushesTimelineClip *keep = rushes_timeline_clip_get_start (partner) < time ? a : b;

      _rushes_timeline_clip_raw_set_link (keep == a ? b : a, NULL);
      _rushes_timeline_clip_raw_set_link (partner, rushes_timeline_clip_get_id (keep));
    }
  return _rushes_edit_finish (self, edit, _("Split Clip"), NULL);
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
  g_return_if_fail (position < rushes_project_get_n_clips (self));
  g_return_if_fail (path != NULL);

  rushes_undo_stack_push (self->undo,
                          _rushes_project_relink_command_new (self, rushes_project_get_clip (self, position),
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

void
rushes_project_begin_group (RushesProject *self,
                            const char    *label)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  rushes_undo_stack_begin_group (self->undo, label);
}

void
rushes_project_end_group (RushesProject *self)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));
  rushes_undo_stack_end_group (self->undo);
}

/* Placeholders */

/* The pending clips of job on any track */
static GPtrArray *
job_clips (RushesProject *self,
           const char    *job_id)
{
  GPtrArray *clips = g_ptr_array_new ();

  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, i);

      for (guint j = 0; j < rushes_timeline_track_get_n_clips (track); j++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, j);

          if (rushes_timeline_clip_get_pending (clip) &&
              g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
            g_ptr_array_add (clips, clip);
        }
    }
  return clips;
}

/* After the fill: what follows a filled clip on the main track moves by
 * the change in its length, and a take with sound gets its linked sound
 * clip. Not undoable. */
static gboolean
settle_filled (RushesProject *self,
               GPtrArray     *clips,
               gint64        *points,
               gint64        *deltas)
{
  RushesEdit *edit = _rushes_edit_begin (self);

  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (clips, i);
      RushesTimelineTrack *track;

      if (!_rushes_edit_locate (edit, clip, &track))
        continue;
      if (deltas && track == _rushes_edit_main_track (edit))
        _rushes_edit_ripple (edit, points[i], deltas[i], clip, NULL);
      if (_rushes_edit_wants_sound (track, clip))
        _rushes_edit_add_sound (edit, clip);
    }
  return _rushes_edit_commit (edit, NULL, FALSE, NULL);
}

guint
rushes_project_fill_placeholder (RushesProject *self,
                                 const char    *job_id,
                                 const char    *path,
                                 gint64         media_duration)
{
  g_autoptr(GPtrArray) clips = NULL;
  g_autofree gint64 *points = NULL;
  g_autofree gint64 *deltas = NULL;
  guint filled_versions;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), 0);
  g_return_val_if_fail (job_id != NULL && path != NULL, 0);

  filled_versions = _rushes_project_fill_versions (self, job_id, path, media_duration);
  clips = job_clips (self, job_id);
  if (clips->len == 0)
    return filled_versions;
  points = g_new0 (gint64, clips->len);
  deltas = g_new0 (gint64, clips->len);
  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (clips, i);

      points[i] = edit_point (self->main_track, clip);
      deltas[i] = -rushes_timeline_clip_get_duration (clip);
    }
  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (clips, i);

      _rushes_timeline_clip_fill (clip, path, media_duration);
      deltas[i] += rushes_timeline_clip_get_duration (clip);
    }
  if (!settle_filled (self, clips, points, deltas))
    {
      /* no room to ripple (a locked track in the way): the clips keep
       * the length they had */
      for (guint i = 0; i < clips->len; i++)
        {
          RushesTimelineClip *clip = g_ptr_array_index (clips, i);
          gint64 in = rushes_timeline_clip_get_in_point (clip);

          rushes_timeline_clip_set_range (clip, in, rushes_timeline_clip_get_out_point (clip) - deltas[i]);
        }
      settle_filled (self, clips, NULL, NULL);
    }
  _rushes_project_changed (self);
  return clips->len + filled_versions;
}

void
rushes_project_set_placeholder_progress (RushesProject *self,
                                         const char    *job_id,
                                         double         progress)
{
  g_autoptr(GPtrArray) clips = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (self));

  clips = job_clips (self, job_id);
  for (guint i = 0; i < clips->len; i++)
    rushes_timeline_clip_set_progress (g_ptr_array_index (clips, i), progress);
  _rushes_project_set_versions_progress (self, job_id, progress);
}

void
rushes_project_fail_placeholder (RushesProject *self,
                                 const char    *job_id)
{
  g_autoptr(GPtrArray) clips = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (self));

  clips = job_clips (self, job_id);
  for (guint i = 0; i < clips->len; i++)
    rushes_timeline_clip_set_offline (g_ptr_array_index (clips, i), TRUE);
  _rushes_project_fail_versions (self, job_id);
}
