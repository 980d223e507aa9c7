/* rushes-project-free-edits.c: edits anywhere on any track, tracks, placeholders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The free edits (no ripple unless asked), titles, volume and fades,
 * links, the track edits, and the placeholders of running jobs (not
 * undoable: the job decides).
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-project-private.h"

/* Begins an edit of clip: NULL (and error) when the clip is not in the
 * project or it or its partner is on a locked track */
static RushesEdit *
begin_clip_edit (RushesProject        *self,
                 RushesTimelineClip   *clip,
                 RushesTimelineTrack **track,
                 RushesTimelineClip  **partner,
                 RushesTimelineTrack **partner_track,
                 GError              **error)
{
  RushesEdit *edit = _rushes_edit_begin (self);
  GError *local_error = NULL;

  *partner = NULL;
  if (!_rushes_edit_locate (edit, clip, track))
    {
      g_set_error (&local_error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip “%s” is not in the project"), _rushes_timeline_clip_label (clip));
      _rushes_edit_fail (self, edit, local_error, error);
      return NULL;
    }
  *partner = _rushes_edit_partner (edit, clip, partner_track);
  if (!_rushes_edit_check_unlocked (*track, clip, &local_error) ||
      (*partner && !_rushes_edit_check_unlocked (*partner_track, *partner, &local_error)))
    {
      _rushes_edit_fail (self, edit, local_error, error);
      return NULL;
    }
  return edit;
}

static RushesTimelineTrack *
edit_track (RushesEdit *edit,
            guint       index)
{
  GPtrArray *tracks = _rushes_edit_get_tracks (edit);

  return index < tracks->len ? g_ptr_array_index (tracks, index) : NULL;
}

gboolean
rushes_project_place_clip (RushesProject       *self,
                           guint                track_index,
                           RushesTimelineClip  *clip,
                           gint64               start,
                           GError             **error)
{
  RushesEdit *edit;
  RushesTimelineTrack *track;
  GError *local_error = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);
  g_return_val_if_fail (track_index < rushes_project_get_n_tracks (self), FALSE);
  g_return_val_if_fail (!rushes_project_locate_clip (self, clip, NULL, NULL), FALSE);

  edit = _rushes_edit_begin (self);
  track = edit_track (edit, track_index);
  if (!_rushes_edit_check_unlocked (track, NULL, &local_error))
    return _rushes_edit_fail (self, edit, local_error, error);
  _rushes_timeline_clip_raw_set_start (clip, start);
  _rushes_edit_add (edit, track, clip);
  if (_rushes_edit_wants_sound (track, clip))
    _rushes_edit_add_sound (edit, clip);
  return _rushes_edit_finish (self, edit, _("Add Clip"), error);
}

gboolean
rushes_project_move_clip_to (RushesProject       *self,
                             RushesTimelineClip  *clip,
                             guint                track_index,
                             gint64               start,
                             GError             **error)
{
  RushesTimelineTrack *from, *to, *partner_track = NULL;
  RushesTimelineClip *partner;
  RushesEdit *edit;
  GError *local_error = NULL;
  gint64 delta;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);
  g_return_val_if_fail (track_index < rushes_project_get_n_tracks (self), FALSE);

  if ((edit = begin_clip_edit (self, clip, &from, &partner, &partner_track, error)) == NULL)
    return FALSE;
  to = edit_track (edit, track_index);
  if (!_rushes_edit_check_unlocked (to, NULL, &local_error))
    return _rushes_edit_fail (self, edit, local_error, error);
  if (rushes_timeline_track_get_kind (to) != rushes_timeline_track_get_kind (from))
    {
      g_set_error (&local_error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   rushes_timeline_track_get_kind (to) == RUSHES_TRACK_AUDIO
                   ? _("Clip “%s” has pictures and cannot go on the audio track “%s”")
                   : _("Clip “%s” is sound and cannot go on the video track “%s”"),
                   _rushes_timeline_clip_label (clip), rushes_timeline_track_get_name (to));
      return _rushes_edit_fail (self, edit, local_error, error);
    }
  delta = start - rushes_timeline_clip_get_start (clip);
  _rushes_edit_remove (edit, clip);
  _rushes_timeline_clip_raw_set_start (clip, start);
  _rushes_edit_add (edit, to, clip);
  if (partner)
    _rushes_timeline_clip_raw_set_start (partner, rushes_timeline_clip_get_start (partner) + delta);
  return _rushes_edit_finish (self, edit, _("Move Clip"), error);
}

gboolean
rushes_project_trim_clip_to (RushesProject       *self,
                             RushesTimelineClip  *clip,
                             gint64               start,
                             gint64               in_point,
                             gint64               out_point,
                             GError             **error)
{
  RushesTimelineTrack *track, *partner_track = NULL;
  RushesTimelineClip *partner;
  RushesEdit *edit;
  gint64 media;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (clip), FALSE);

  if ((edit = begin_clip_edit (self, clip, &track, &partner, &partner_track, error)) == NULL)
    return FALSE;
  media = rushes_timeline_clip_get_media_duration (clip);
  if (in_point < 0 || out_point <= in_point || (media > 0 && out_point > media))
    {
      GError *local_error = g_error_new (RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                                         _("Clip “%s” cannot be trimmed beyond its take"),
                                         _rushes_timeline_clip_label (clip));

      return _rushes_edit_fail (self, edit, local_error, error);
    }
  _rushes_edit_trim_linked (clip, partner, start - rushes_timeline_clip_get_start (clip), in_point, out_point);
  return _rushes_edit_finish (self, edit, _("Trim Clip"), error);
}

void
rushes_project_delete_clip (RushesProject      *self,
                            RushesTimelineClip *clip,
                            gboolean            ripple)
{
  RushesTimelineTrack *track, *partner_track = NULL;
  RushesTimelineClip *partner;
  RushesEdit *edit;
  gint64 start, point;
  guint position;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));

  if ((edit = begin_clip_edit (self, clip, &track, &partner, &partner_track, NULL)) == NULL)
    return;
  /* where the next clip on the track takes over: the end, or its start in a crossfade */
  start = rushes_timeline_clip_get_start (clip);
  point = rushes_timeline_clip_get_end (clip);
  _rushes_timeline_track_sort (track);
  if (rushes_timeline_track_find_clip (track, clip, &position) &&
      position + 1 < rushes_timeline_track_get_n_clips (track))
    point = MIN (point, rushes_timeline_clip_get_start (rushes_timeline_track_get_clip (track, position + 1)));
  _rushes_edit_remove (edit, clip);
  if (partner)
    _rushes_edit_remove (edit, partner);
  if (ripple)
    _rushes_edit_ripple (edit, point, start - point, NULL, NULL);
  _rushes_edit_finish (self, edit, _("Delete Clip"), NULL);
}

/* An edit of clip's own fields (not its partner's) */
static void
set_state (RushesProject      *self,
           RushesTimelineClip *clip,
           RushesClipState    *state,
           const char         *label)
{
  RushesEdit *edit = _rushes_edit_begin (self);
  RushesTimelineTrack *track;
  GError *error = NULL;

  if (!_rushes_edit_locate (edit, clip, &track))
    {
      _rushes_edit_cancel (edit);
      g_return_if_reached ();
    }
  if (!_rushes_edit_check_unlocked (track, clip, &error))
    {
      _rushes_edit_fail (self, edit, error, NULL);
      return;
    }
  _rushes_clip_state_set (clip, state, FALSE);
  _rushes_edit_finish (self, edit, label, NULL);
}

void
rushes_project_set_clip_volume (RushesProject      *self,
                                RushesTimelineClip *clip,
                                double              volume)
{
  RushesClipState state;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));

  _rushes_clip_state_get (clip, &state);
  state.volume = isnan (volume) ? 1.0 : CLAMP (volume, 0.0, RUSHES_TIMELINE_CLIP_MAX_VOLUME);
  set_state (self, clip, &state, _("Change Volume"));
  _rushes_clip_state_clear (&state);
}

void
rushes_project_set_clip_fades (RushesProject      *self,
                               RushesTimelineClip *clip,
                               gint64              fade_in,
                               gint64              fade_out)
{
  RushesClipState state;
  gint64 duration;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));

  duration = rushes_timeline_clip_get_duration (clip);
  _rushes_clip_state_get (clip, &state);
  state.fade_in = CLAMP (fade_in, 0, duration);
  state.fade_out = CLAMP (fade_out, 0, duration - state.fade_in);
  set_state (self, clip, &state, _("Change Fades"));
  _rushes_clip_state_clear (&state);
}

RushesTimelineClip *
rushes_project_add_title (RushesProject  *self,
                          guint           track_index,
                          gint64          start,
                          gint64          duration,
                          const char     *text,
                          GError        **error)
{
  g_autoptr(RushesTimelineClip) title = NULL;
  RushesTimelineTrack *track;
  RushesEdit *edit;
  GError *local_error = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  g_return_val_if_fail (track_index < rushes_project_get_n_tracks (self), NULL);

  edit = _rushes_edit_begin (self);
  track = edit_track (edit, track_index);
  if (!_rushes_edit_check_unlocked (track, NULL, &local_error))
    {
      _rushes_edit_fail (self, edit, local_error, error);
      return NULL;
    }
  title = rushes_timeline_clip_new_title (text, duration);
  _rushes_timeline_clip_raw_set_start (title, start);
  _rushes_edit_add (edit, track, title);
  if (!_rushes_edit_finish (self, edit, _("Add Title"), error))
    return NULL;
  return title;  /* the track holds it */
}

void
rushes_project_set_title (RushesProject      *self,
                          RushesTimelineClip *clip,
                          const char         *text,
                          double              size,
                          double              x,
                          double              y)
{
  RushesClipState state;
  g_autoptr(RushesTimelineClip) scratch = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));
  g_return_if_fail (rushes_timeline_clip_get_is_title (clip));

  /* a scratch title cuts the text and clamps the style as the clip would */
  scratch = rushes_timeline_clip_new_title (text, 1);
  rushes_timeline_clip_set_title_style (scratch, size, x, y);
  _rushes_clip_state_get (clip, &state);
  g_free (state.title_text);
  state.title_text = g_strdup (rushes_timeline_clip_get_title_text (scratch));
  state.title_size = rushes_timeline_clip_get_title_size (scratch);
  rushes_timeline_clip_get_title_position (scratch, &state.title_x, &state.title_y);
  set_state (self, clip, &state, _("Edit Title"));
  _rushes_clip_state_clear (&state);
}

void
rushes_project_unlink_clip (RushesProject      *self,
                            RushesTimelineClip *clip)
{
  RushesEdit *edit;
  RushesTimelineClip *partner;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (clip));

  edit = _rushes_edit_begin (self);
  if ((partner = _rushes_edit_partner (edit, clip, NULL)) != NULL)
    _rushes_timeline_clip_raw_set_link (partner, NULL);
  _rushes_timeline_clip_raw_set_link (clip, NULL);
  _rushes_edit_finish (self, edit, _("Unlink Clips"), NULL);
}

/* Tracks */

guint
rushes_project_add_track (RushesProject   *self,
                          RushesTrackKind  kind,
                          const char      *name)
{
  g_autoptr(RushesTimelineTrack) track = NULL;
  g_autofree char *free_name = NULL;
  RushesEdit *edit;
  GPtrArray *tracks;
  guint n = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), G_MAXUINT);
  g_return_val_if_fail (kind == RUSHES_TRACK_VIDEO || kind == RUSHES_TRACK_AUDIO, G_MAXUINT);

  edit = _rushes_edit_begin (self);
  tracks = _rushes_edit_get_tracks (edit);
  for (guint i = 0; i < tracks->len; i++)
    n += rushes_timeline_track_get_kind (g_ptr_array_index (tracks, i)) == kind;
  if (n >= RUSHES_PROJECT_MAX_TRACKS)
    {
      GError *error = g_error_new (RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                                   _("A project holds at most %d tracks of each kind"),
                                   RUSHES_PROJECT_MAX_TRACKS);

      _rushes_edit_fail (self, edit, error, NULL);
      return G_MAXUINT;
    }
  if (name == NULL || *name == '\0')
    name = free_name = _rushes_project_free_track_name (tracks, kind);
  track = rushes_timeline_track_new (kind, name);
  g_ptr_array_add (tracks, g_object_ref (track));
  n = tracks->len - 1;
  _rushes_edit_finish (self, edit, _("Add Track"), NULL);
  return n;
}

gboolean
rushes_project_remove_track (RushesProject  *self,
                             guint           index,
                             GError        **error)
{
  RushesEdit *edit;
  GPtrArray *tracks;
  RushesTimelineTrack *track;
  GPtrArray *clips;
  GError *local_error = NULL;
  guint videos = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (index < rushes_project_get_n_tracks (self), FALSE);

  edit = _rushes_edit_begin (self);
  tracks = _rushes_edit_get_tracks (edit);
  track = g_ptr_array_index (tracks, index);
  for (guint i = 0; i < tracks->len; i++)
    videos += rushes_timeline_track_get_kind (g_ptr_array_index (tracks, i)) == RUSHES_TRACK_VIDEO;
  if (rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO && videos == 1)
    {
      g_set_error (&local_error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Track “%s” is the only video track"), rushes_timeline_track_get_name (track));
      return _rushes_edit_fail (self, edit, local_error, error);
    }
  if (!_rushes_edit_check_unlocked (track, NULL, &local_error))
    return _rushes_edit_fail (self, edit, local_error, error);
  clips = _rushes_timeline_track_get_array (track);
  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *partner = _rushes_edit_partner (edit, g_ptr_array_index (clips, i), NULL);

      if (partner)
        _rushes_timeline_clip_raw_set_link (partner, NULL);
    }
  g_ptr_array_remove_index (tracks, index);
  return _rushes_edit_finish (self, edit, _("Remove Track"), error);
}

static void
set_track_prop (RushesProject *self,
                guint          index,
                guint          prop,
                const char    *name,
                gboolean       value)
{
  RushesTimelineTrack *track;

  g_return_if_fail (RUSHES_IS_PROJECT (self));
  g_return_if_fail (index < rushes_project_get_n_tracks (self));

  track = rushes_project_get_track (self, index);
  if ((prop == 0 && g_strcmp0 (name, rushes_timeline_track_get_name (track)) == 0) ||
      (prop == 1 && !value == !rushes_timeline_track_get_muted (track)) ||
      (prop == 2 && !value == !rushes_timeline_track_get_locked (track)))
    return;
  rushes_undo_stack_push (self->undo, _rushes_project_track_prop_command_new (self, track, prop, name, !!value));
}

void
rushes_project_rename_track (RushesProject *self,
                             guint          index,
                             const char    *name)
{
  g_return_if_fail (name != NULL && *name != '\0');
  set_track_prop (self, index, 0, name, FALSE);
}

void
rushes_project_set_track_muted (RushesProject *self,
                                guint          index,
                                gboolean       muted)
{
  set_track_prop (self, index, 1, NULL, muted);
}

void
rushes_project_set_track_locked (RushesProject *self,
                                 guint          index,
                                 gboolean       locked)
{
  set_track_prop (self, index, 2, NULL, locked);
}
