/* rushes-playable.c: what the viewer plays, a take or the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface's calls, and what both monitors share on top of them:
 * play/pause, frame steps, frame arithmetic and timecode.
 */
#define G_LOG_DOMAIN "rushes-playable"

#include "config.h"

#include "rushes-playable.h"

GST_DEBUG_CATEGORY_STATIC (rushes_playable_debug);
#define GST_CAT_DEFAULT rushes_playable_debug

static void
rushes_playable_default_init (RushesPlayableInterface *iface)
{
  GST_DEBUG_CATEGORY_INIT (rushes_playable_debug, "rushes-playable", 0, "Rushes source and program monitors");
}

G_DEFINE_INTERFACE (RushesPlayable, rushes_playable, G_TYPE_OBJECT)

#define IFACE(self) RUSHES_PLAYABLE_GET_IFACE (self)

RushesPlayerState
rushes_playable_get_state (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), RUSHES_PLAYER_STATE_EMPTY);
  return IFACE (self)->get_state (self);
}

const char *
rushes_playable_get_error_message (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), NULL);
  return IFACE (self)->get_error_message (self);
}

GdkPaintable *
rushes_playable_get_paintable (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), NULL);
  return IFACE (self)->get_paintable (self);
}

GstClockTime
rushes_playable_get_position (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), 0);
  return IFACE (self)->get_position (self);
}

GstClockTime
rushes_playable_get_duration (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), GST_CLOCK_TIME_NONE);
  return IFACE (self)->get_duration (self);
}

void
rushes_playable_get_fps (RushesPlayable *self,
                         int            *fps_n,
                         int            *fps_d)
{
  int n = 30, d = 1;

  g_return_if_fail (RUSHES_IS_PLAYABLE (self));

  IFACE (self)->get_fps (self, &n, &d);
  if (n <= 0 || d <= 0)
    {
      n = 30;
      d = 1;
    }
  if (fps_n != NULL)
    *fps_n = n;
  if (fps_d != NULL)
    *fps_d = d;
}

gboolean
rushes_playable_has_media (RushesPlayable *self)
{
  RushesPlayerState state = rushes_playable_get_state (self);

  return state == RUSHES_PLAYER_STATE_PAUSED || state == RUSHES_PLAYER_STATE_PLAYING;
}

gboolean
rushes_playable_get_playing (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), FALSE);
  return IFACE (self)->get_playing (self);
}

void
rushes_playable_play (RushesPlayable *self)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));
  IFACE (self)->play (self);
}

void
rushes_playable_pause (RushesPlayable *self)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));
  IFACE (self)->pause (self);
}

void
rushes_playable_toggle (RushesPlayable *self)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));

  if (rushes_playable_get_playing (self))
    rushes_playable_pause (self);
  else
    rushes_playable_play (self);
}

double
rushes_playable_get_rate (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), 1.0);
  return IFACE (self)->get_rate (self);
}

gboolean
rushes_playable_set_rate (RushesPlayable *self,
                          double          rate)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), FALSE);
  g_return_val_if_fail (rate != 0, FALSE);
  return IFACE (self)->set_rate (self, rate);
}

void
rushes_playable_seek (RushesPlayable *self,
                      GstClockTime    position,
                      gboolean        accurate)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));
  IFACE (self)->seek (self, position, accurate);
}

double
rushes_playable_get_volume (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), 1.0);
  return IFACE (self)->get_volume (self);
}

void
rushes_playable_set_volume (RushesPlayable *self,
                            double          volume)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));
  IFACE (self)->set_volume (self, CLAMP (volume, 0.0, 1.0));
}

gboolean
rushes_playable_get_muted (RushesPlayable *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), FALSE);
  return IFACE (self)->get_muted (self);
}

void
rushes_playable_set_muted (RushesPlayable *self,
                           gboolean        muted)
{
  g_return_if_fail (RUSHES_IS_PLAYABLE (self));
  IFACE (self)->set_muted (self, !!muted);
}

/* ---- frames ---------------------------------------------------------------- */

guint64
rushes_playable_time_to_frame (RushesPlayable *self,
                               GstClockTime    time)
{
  int fps_n, fps_d;

  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), 0);

  if (!GST_CLOCK_TIME_IS_VALID (time))
    return 0;
  rushes_playable_get_fps (self, &fps_n, &fps_d);
  return gst_util_uint64_scale (time + RUSHES_PLAYABLE_FRAME_TOLERANCE, fps_n, (guint64) fps_d * GST_SECOND);
}

GstClockTime
rushes_playable_frame_to_time (RushesPlayable *self,
                               guint64         frame)
{
  int fps_n, fps_d;

  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), 0);

  rushes_playable_get_fps (self, &fps_n, &fps_d);
  return gst_util_uint64_scale (frame, (guint64) fps_d * GST_SECOND, fps_n);
}

guint64
rushes_playable_get_frame (RushesPlayable *self)
{
  return rushes_playable_time_to_frame (self, rushes_playable_get_position (self));
}

char *
rushes_playable_format_timecode (RushesPlayable *self,
                                 GstClockTime    time)
{
  guint64 frame, fps, secs;
  int fps_n, fps_d;

  g_return_val_if_fail (RUSHES_IS_PLAYABLE (self), NULL);

  if (!GST_CLOCK_TIME_IS_VALID (time))
    return g_strdup ("--:--:--:--");
  rushes_playable_get_fps (self, &fps_n, &fps_d);
  frame = rushes_playable_time_to_frame (self, time);
  fps = MAX (1, (guint64) ((double) fps_n / fps_d + 0.5));
  secs = (time + RUSHES_PLAYABLE_FRAME_TOLERANCE) / GST_SECOND;
  return g_strdup_printf ("%02u:%02u:%02u:%02u",
                          (guint) (secs / 3600), (guint) (secs / 60 % 60), (guint) (secs % 60),
                          (guint) (frame - gst_util_uint64_scale (secs, fps_n, fps_d)) % (guint) fps);
}

void
rushes_playable_step (RushesPlayable *self,
                      int             n_frames)
{
  RushesPlayerState state;
  GstClockTime duration, target;
  gint64 frame;

  g_return_if_fail (RUSHES_IS_PLAYABLE (self));

  state = rushes_playable_get_state (self);
  if (state != RUSHES_PLAYER_STATE_LOADING && !rushes_playable_has_media (self))
    return;
  if (rushes_playable_get_playing (self))
    rushes_playable_pause (self);

  frame = (gint64) rushes_playable_get_frame (self) + n_frames;
  if (frame < 0)
    frame = 0;
  target = rushes_playable_frame_to_time (self, frame);
  duration = rushes_playable_get_duration (self);
  if (GST_CLOCK_TIME_IS_VALID (duration) && target >= duration)
    {
      /* the last frame */
      frame = rushes_playable_time_to_frame (self, duration - MIN (duration, RUSHES_PLAYABLE_FRAME_TOLERANCE + 1));
      target = rushes_playable_frame_to_time (self, frame);
    }
  GST_DEBUG_OBJECT (self, "step %d to frame %" G_GINT64_FORMAT, n_frames, frame);
  rushes_playable_seek (self, target + RUSHES_PLAYABLE_STEP_OFFSET, TRUE);
}
