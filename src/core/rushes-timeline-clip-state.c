/* rushes-timeline-clip-state.c: what an undoable edit changes in a clip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline-clip"

#include "config.h"

#include "rushes-project-private.h"
#include "rushes-timeline-clip-private.h"

/* State: what an undoable edit changes */

void
_rushes_clip_state_get (RushesTimelineClip *self,
                        RushesClipState    *state)
{
  state->start = self->start;
  state->in_point = self->in_point;
  state->out_point = self->out_point;
  state->fade_in = self->fade_in;
  state->fade_out = self->fade_out;
  state->volume = self->volume;
  state->title_size = self->title_size;
  state->title_x = self->title_x;
  state->title_y = self->title_y;
  state->title_text = g_strdup (self->title_text);
  state->link = g_strdup (self->link);
}

void
_rushes_clip_state_clear (RushesClipState *state)
{
  g_clear_pointer (&state->title_text, g_free);
  g_clear_pointer (&state->link, g_free);
}

gboolean
_rushes_clip_state_equal (const RushesClipState *a,
                          const RushesClipState *b)
{
  return a->start == b->start && a->in_point == b->in_point && a->out_point == b->out_point &&
         a->fade_in == b->fade_in && a->fade_out == b->fade_out && a->volume == b->volume &&
         a->title_size == b->title_size && a->title_x == b->title_x && a->title_y == b->title_y &&
         g_strcmp0 (a->title_text, b->title_text) == 0 && g_strcmp0 (a->link, b->link) == 0;
}

/* notify FALSE: while an edit is worked out, before it is checked */
void
_rushes_clip_state_set (RushesTimelineClip    *self,
                        const RushesClipState *state,
                        gboolean               notify)
{
  if (!notify)
    {
      self->start = state->start;
      self->in_point = state->in_point;
      self->out_point = state->out_point;
      self->fade_in = state->fade_in;
      self->fade_out = state->fade_out;
      self->volume = state->volume;
      self->title_size = state->title_size;
      self->title_x = state->title_x;
      self->title_y = state->title_y;
      if (self->title_text != NULL && state->title_text != NULL &&
          g_strcmp0 (self->title_text, state->title_text) != 0)
        {
          g_free (self->title_text);
          self->title_text = g_strdup (state->title_text);
          g_free (self->name);
          self->name = _rushes_timeline_clip_title_name (self->title_text);
        }
      g_free (self->link);
      self->link = g_strdup (state->link);
      return;
    }
  g_object_freeze_notify (G_OBJECT (self));
  rushes_timeline_clip_set_start (self, state->start);
  rushes_timeline_clip_set_range (self, state->in_point, state->out_point);
  rushes_timeline_clip_set_fades (self, state->fade_in, state->fade_out);
  rushes_timeline_clip_set_volume (self, state->volume);
  if (self->title_text != NULL && state->title_text != NULL)
    rushes_timeline_clip_set_title_text (self, state->title_text);
  rushes_timeline_clip_set_title_style (self, state->title_size, state->title_x, state->title_y);
  rushes_timeline_clip_set_link (self, state->link);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Raw setters for an edit being worked out: no notification */

void
_rushes_timeline_clip_raw_set_start (RushesTimelineClip *self,
                                     gint64              start)
{
  self->start = start;
}

void
_rushes_timeline_clip_raw_set_range (RushesTimelineClip *self,
                                     gint64              in_point,
                                     gint64              out_point)
{
  if (self->media_duration > 0)
    out_point = MIN (out_point, self->media_duration);
  in_point = MAX (in_point, 0);
  if (out_point <= in_point)
    out_point = in_point + 1;
  self->in_point = in_point;
  self->out_point = out_point;
  self->fade_in = MIN (self->fade_in, out_point - in_point);
  self->fade_out = MIN (self->fade_out, out_point - in_point - self->fade_in);
}

void
_rushes_timeline_clip_raw_set_link (RushesTimelineClip *self,
                                    const char         *link)
{
  char *old = self->link;

  self->link = g_strdup (link);
  g_free (old);
}
