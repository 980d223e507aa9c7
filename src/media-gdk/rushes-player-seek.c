/* rushes-player-seek.c: the player's seeks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One flushing seek in flight; requests made meanwhile (or before the take
 * has prerolled) are queued, the newest wins, and go out on ASYNC_DONE.
 * Looping plays a segment [in, out) and seeks back without flushing at
 * SEGMENT_DONE, from a GStreamer thread (see SeekGate).
 */
#define G_LOG_DOMAIN "rushes-player"

#include "config.h"

#include "rushes-player-private.h"

/* The loop's non-flushing seek at SEGMENT_DONE blocks until the streaming
 * thread has handed the segment's last frames to the sink (about a frame's
 * time, 40 ms at 24 fps), so it is sent from a GStreamer thread
 * (gst_element_call_async), not the main thread. Any seek the main thread
 * sends afterwards must win: each one bumps the serial under the lock, and
 * the loop seek runs, under the same lock, only if the serial it was made
 * for is still current. Shared with pending calls (an atomic rc box). */
struct _RushesPlayerSeekGate
{
  GMutex lock;
  guint  serial;
};

GstClockTime
_rushes_player_loop_start (RushesPlayer *self)
{
  return GST_CLOCK_TIME_IS_VALID (self->in_point) ? self->in_point : 0;
}

static GstClockTime
loop_stop (RushesPlayer *self)
{
  if (GST_CLOCK_TIME_IS_VALID (self->out_point))
    return self->out_point;
  return self->duration;
}

static void
seek_gate_clear (gpointer data)
{
  SeekGate *gate = data;

  g_mutex_clear (&gate->lock);
}

/* main thread: pending loop seeks are void from now on */
void
_rushes_player_seek_gate_bump (RushesPlayer *self)
{
  g_mutex_lock (&self->gate->lock);
  self->gate->serial++;
  g_mutex_unlock (&self->gate->lock);
}

SeekGate *
_rushes_player_seek_gate_new (void)
{
  SeekGate *gate = g_atomic_rc_box_new0 (SeekGate);

  g_mutex_init (&gate->lock);
  return gate;
}

/* dispose: pending loop seeks are void, the player lets go of the gate */
void
_rushes_player_seek_gate_release (RushesPlayer *self)
{
  if (self->gate != NULL)
    {
      _rushes_player_seek_gate_bump (self);
      g_atomic_rc_box_release_full (g_steal_pointer (&self->gate), seek_gate_clear);
    }
}

static void
seek_range (RushesPlayer  *self,
            GstClockTime   position,
            GstSeekFlags  *flags,
            GstClockTime  *start,
            GstClockTime  *stop)
{
  gboolean looping = self->loop && self->rate > 0 && self->want_playing;

  *start = position;
  *stop = GST_CLOCK_TIME_NONE;
  if (looping)
    {
      *flags |= GST_SEEK_FLAG_SEGMENT;
      *stop = loop_stop (self);
      if (position < _rushes_player_loop_start (self) || (GST_CLOCK_TIME_IS_VALID (*stop) && position >= *stop))
        *start = _rushes_player_loop_start (self);
    }
  if (self->rate < 0)
    {
      *stop = position;
      *start = 0;
    }
}

static gboolean
seek_element (GstElement   *playbin,
              double        rate,
              GstSeekFlags  flags,
              GstClockTime  start,
              GstClockTime  stop)
{
  GST_DEBUG ("seek to %" GST_TIME_FORMAT " flags 0x%x rate %.1f", GST_TIME_ARGS (start), flags, rate);
  /* the stop is always set, NONE meaning the end: GST_SEEK_TYPE_NONE would
   * keep the stop of the segment before (where reverse play began, or the
   * out point), and a start past it is refused by every element */
  return gst_element_seek (playbin, rate, GST_FORMAT_TIME, flags,
                           GST_SEEK_TYPE_SET, start,
                           GST_SEEK_TYPE_SET, GST_CLOCK_TIME_IS_VALID (stop) ? stop : GST_CLOCK_TIME_NONE);
}

gboolean
_rushes_player_send_seek (RushesPlayer *self,
                          GstClockTime  position,
                          GstSeekFlags  flags)
{
  GstClockTime start, stop;

  seek_range (self, position, &flags, &start, &stop);
  _rushes_player_seek_gate_bump (self);
  if (!seek_element (self->playbin, self->rate, flags, start, stop))
    return FALSE;

  if (flags & GST_SEEK_FLAG_FLUSH)
    {
      self->seek_pending = TRUE;
      _rushes_player_notify (self, PROP_SEEKING);
    }
  _rushes_player_set_position (self, self->rate < 0 ? position : start);
  return TRUE;
}

typedef struct
{
  SeekGate     *gate;
  guint         serial;
  double        rate;
  GstSeekFlags  flags;
  GstClockTime  start;
  GstClockTime  stop;
} LoopSeek;

static void
loop_seek_free (gpointer data)
{
  LoopSeek *seek = data;

  g_atomic_rc_box_release_full (seek->gate, seek_gate_clear);
  g_free (seek);
}

/* a GStreamer thread */
static void
loop_seek_cb (GstElement *playbin,
              gpointer    data)
{
  LoopSeek *seek = data;

  g_mutex_lock (&seek->gate->lock);
  if (seek->gate->serial == seek->serial &&
      !seek_element (playbin, seek->rate, seek->flags, seek->start, seek->stop))
    GST_WARNING_OBJECT (playbin, "loop seek refused");
  g_mutex_unlock (&seek->gate->lock);
}

/* SEGMENT_DONE: back to the in point without flushing, off the main thread */
void
_rushes_player_send_loop_seek (RushesPlayer *self)
{
  LoopSeek *seek = g_new0 (LoopSeek, 1);
  GstClockTime position = _rushes_player_loop_start (self);
  GstClockTime start;

  seek->flags = GST_SEEK_FLAG_ACCURATE;
  seek_range (self, position, &seek->flags, &seek->start, &seek->stop);
  seek->rate = self->rate;
  seek->gate = g_atomic_rc_box_acquire (self->gate);
  g_mutex_lock (&self->gate->lock);
  seek->serial = self->gate->serial;
  g_mutex_unlock (&self->gate->lock);
  start = seek->start;
  /* seek belongs to the GStreamer thread from here on: it may be freed
   * before call_async returns */
  gst_element_call_async (self->playbin, loop_seek_cb, seek, loop_seek_free);
  _rushes_player_set_position (self, self->rate < 0 ? position : start);
}

void
_rushes_player_request_seek (RushesPlayer *self,
                             GstClockTime  position,
                             GstSeekFlags  flags)
{
  if (GST_CLOCK_TIME_IS_VALID (self->duration) && self->duration > 0 && position >= self->duration)
    position = self->duration - MIN (self->duration, STEP_OFFSET);

  if (!self->loaded || self->seek_pending)
    {
      /* newest wins; an accurate request is never downgraded by a later scrub */
      self->have_queued = TRUE;
      self->queued_position = position;
      if (self->queued_flags & GST_SEEK_FLAG_ACCURATE)
        flags = (flags & ~(GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_NEAREST)) | GST_SEEK_FLAG_ACCURATE;
      self->queued_flags = flags;
      _rushes_player_set_position (self, position);
      return;
    }
  _rushes_player_send_seek (self, position, flags);
}

void
_rushes_player_send_queued_seek (RushesPlayer *self)
{
  if (!self->have_queued)
    return;
  self->have_queued = FALSE;
  _rushes_player_send_seek (self, self->queued_position, self->queued_flags);
  self->queued_flags = 0;
}
