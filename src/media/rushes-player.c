/* rushes-player.c: plays one take (no widgets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only (but for the loop seek, see SeekGate, and the state
 * changes of opening and closing, see Opener). Frames reach the paintable
 * through the video sink made by rushes_frame_sink_make_best(); the bus
 * watch runs on the default main context. Frame steps are accurate seeks to the middle of the target
 * frame's nominal slot (1 ms in), which also lands on the right frame in
 * containers that round timestamps to milliseconds.
 */
#define G_LOG_DOMAIN "rushes-player"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-anim-dec.h"
#include "rushes-frame-paintable.h"
#include "rushes-frame-sink.h"
#include "rushes-player.h"

GST_DEBUG_CATEGORY_STATIC (rushes_player_debug);
#define GST_CAT_DEFAULT rushes_player_debug

#define FRAME_TOLERANCE (2 * GST_MSECOND)
#define STEP_OFFSET (1 * GST_MSECOND)
/* decodebin can lose a demuxer's error raised while it is being plugged
 * (the pipeline then never prerolls): give up after this long */
#define LOAD_TIMEOUT_S 8

/* The loop's non-flushing seek at SEGMENT_DONE blocks until the streaming
 * thread has handed the segment's last frames to the sink (about a frame's
 * time, 40 ms at 24 fps), so it is sent from a GStreamer thread
 * (gst_element_call_async), not the main thread. Any seek the main thread
 * sends afterwards must win: each one bumps the serial under the lock, and
 * the loop seek runs, under the same lock, only if the serial it was made
 * for is still current. Shared with pending calls (an atomic rc box). */
typedef struct
{
  GMutex lock;
  guint  serial;
} SeekGate;

/* Opening a take stops the previous one's streaming threads (a join that
 * takes milliseconds while a demuxer or decoder is busy) and builds the new
 * one's decoders: both run on a worker, one open or close at a time and in
 * order, never on the main thread (bench/responsiveness). Every open or
 * close bumps the generation; an open that is no longer the newest stops
 * after taking the old pipeline down. Before it starts the new pipeline,
 * the worker posts a "rushes-open" message with its generation on the bus:
 * the bus watch ignores everything until the marker of the newest open
 * arrives, since messages of the take before may still be queued. The
 * main thread never waits for the worker (a video sink may need the main
 * thread during a state change): the newest generation lives in an atomic
 * rc box that the pending opens share, and the last close may finish after
 * the player is gone. */
typedef struct
{
  GstElement *playbin;
  char       *uri;          /* NULL: close */
  guint       generation;
  guint      *current;      /* rc box shared with the player: the newest */
} OpenOp;

struct _RushesPlayer
{
  GObject parent_instance;

  /* owned */
  GstElement *playbin;
  GdkPaintable *paintable;
  GFile *file;
  char *error_message;
  guint bus_watch;
  guint position_timer;
  guint load_timeout;
  GThreadPool *opener;      /* one thread at most: OpenOps in order */
  guint *generation;        /* atomic rc box: the newest open or close */
  guint bus_generation;     /* whose messages the bus watch takes */

  RushesPlayerState state;
  gboolean loaded;          /* prerolled once since open() */
  gboolean want_playing;
  GstClockTime position;
  GstClockTime duration;
  int fps_n;
  int fps_d;
  gboolean has_audio;
  double rate;
  double volume;
  gboolean muted;
  GstClockTime in_point;
  GstClockTime out_point;
  gboolean loop;

  /* seeks: one in flight, the newest request queued */
  SeekGate *gate;
  gboolean seek_pending;
  gboolean have_queued;
  GstClockTime queued_position;
  GstSeekFlags queued_flags;
};

enum
{
  PROP_0,
  PROP_FILE,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PAINTABLE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_FPS_N,
  PROP_FPS_D,
  PROP_HAS_AUDIO,
  PROP_SEEKING,
  PROP_RATE,
  PROP_IN_POINT,
  PROP_OUT_POINT,
  PROP_LOOP,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RushesPlayer, rushes_player, G_TYPE_OBJECT)

GType
rushes_player_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { RUSHES_PLAYER_STATE_EMPTY, "RUSHES_PLAYER_STATE_EMPTY", "empty" },
        { RUSHES_PLAYER_STATE_LOADING, "RUSHES_PLAYER_STATE_LOADING", "loading" },
        { RUSHES_PLAYER_STATE_PAUSED, "RUSHES_PLAYER_STATE_PAUSED", "paused" },
        { RUSHES_PLAYER_STATE_PLAYING, "RUSHES_PLAYER_STATE_PLAYING", "playing" },
        { RUSHES_PLAYER_STATE_ERROR, "RUSHES_PLAYER_STATE_ERROR", "error" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static ("RushesPlayerState", values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

static void
set_state (RushesPlayer      *self,
           RushesPlayerState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_position (RushesPlayer *self,
              GstClockTime  position)
{
  if (!GST_CLOCK_TIME_IS_VALID (position) || self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
query_position (RushesPlayer *self)
{
  gint64 pos = -1;

  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &pos) && pos >= 0)
    set_position (self, MIN ((GstClockTime) pos, GST_CLOCK_TIME_IS_VALID (self->duration) ? self->duration : (GstClockTime) pos));
}

static gboolean
position_timer_cb (gpointer data)
{
  RushesPlayer *self = data;

  if (!self->seek_pending)
    query_position (self);
  return G_SOURCE_CONTINUE;
}

static void
update_position_timer (RushesPlayer *self)
{
  gboolean want = self->state == RUSHES_PLAYER_STATE_PLAYING;

  if (want && self->position_timer == 0)
    self->position_timer = g_timeout_add (100, position_timer_cb, self);
  else if (!want && self->position_timer != 0)
    g_clear_handle_id (&self->position_timer, g_source_remove);
}

static GstClockTime
loop_start (RushesPlayer *self)
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
static void
seek_gate_bump (RushesPlayer *self)
{
  g_mutex_lock (&self->gate->lock);
  self->gate->serial++;
  g_mutex_unlock (&self->gate->lock);
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
      if (position < loop_start (self) || (GST_CLOCK_TIME_IS_VALID (*stop) && position >= *stop))
        *start = loop_start (self);
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
  return gst_element_seek (playbin, rate, GST_FORMAT_TIME, flags,
                           GST_SEEK_TYPE_SET, start,
                           GST_CLOCK_TIME_IS_VALID (stop) ? GST_SEEK_TYPE_SET : GST_SEEK_TYPE_NONE,
                           GST_CLOCK_TIME_IS_VALID (stop) ? stop : GST_CLOCK_TIME_NONE);
}

static gboolean
send_seek (RushesPlayer *self,
           GstClockTime  position,
           GstSeekFlags  flags)
{
  GstClockTime start, stop;

  seek_range (self, position, &flags, &start, &stop);
  seek_gate_bump (self);
  if (!seek_element (self->playbin, self->rate, flags, start, stop))
    return FALSE;

  if (flags & GST_SEEK_FLAG_FLUSH)
    {
      self->seek_pending = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKING]);
    }
  set_position (self, self->rate < 0 ? position : start);
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
static void
send_loop_seek (RushesPlayer *self)
{
  LoopSeek *seek = g_new0 (LoopSeek, 1);
  GstClockTime position = loop_start (self);
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
  set_position (self, self->rate < 0 ? position : start);
}

static void
request_seek (RushesPlayer *self,
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
      set_position (self, position);
      return;
    }
  send_seek (self, position, flags);
}

static void
send_queued_seek (RushesPlayer *self)
{
  if (!self->have_queued)
    return;
  self->have_queued = FALSE;
  send_seek (self, self->queued_position, self->queued_flags);
  self->queued_flags = 0;
}

static void
read_stream_info (RushesPlayer *self)
{
  gint64 duration = -1;
  int n_audio = 0;
  g_autoptr(GstPad) pad = NULL;

  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) && duration > 0 &&
      self->duration != (GstClockTime) duration)
    {
      self->duration = duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }

  g_object_get (self->playbin, "n-audio", &n_audio, NULL);
  if (self->has_audio != (n_audio > 0))
    {
      self->has_audio = n_audio > 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_AUDIO]);
    }

  g_signal_emit_by_name (self->playbin, "get-video-pad", 0, &pad);
  if (pad != NULL)
    {
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
      int n = 0, d = 0;

      if (s != NULL && gst_structure_get_fraction (s, "framerate", &n, &d) && n > 0 && d > 0 &&
          (n != self->fps_n || d != self->fps_d))
        {
          self->fps_n = n;
          self->fps_d = d;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_N]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FPS_D]);
        }
    }
}

static void
open_op_free (OpenOp *op)
{
  gst_object_unref (op->playbin);
  g_atomic_rc_box_release (op->current);
  g_free (op->uri);
  g_free (op);
}

static void
post_open_message (GstElement *playbin,
                   const char *name,
                   guint       generation)
{
  gst_element_post_message (playbin,
                            gst_message_new_application (GST_OBJECT (playbin),
                                                         gst_structure_new (name, "generation", G_TYPE_UINT,
                                                                            generation, NULL)));
}

/* the opener's thread */
static void
open_func (gpointer data,
           gpointer user_data)
{
  OpenOp *op = data;

  if (op->uri == NULL)
    gst_element_set_state (op->playbin, GST_STATE_NULL);
  else
    {
      /* READY, not NULL: the sinks stay open, and the bus keeps working */
      gst_element_set_state (op->playbin, GST_STATE_READY);
      if (op->generation == (guint) g_atomic_int_get (op->current))
        {
          g_object_set (op->playbin, "uri", op->uri, NULL);
          post_open_message (op->playbin, "rushes-open", op->generation);
          if (gst_element_set_state (op->playbin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
            post_open_message (op->playbin, "rushes-open-failed", op->generation);
        }
    }
  open_op_free (op);
}

/* main thread: opens @uri (NULL: closes) on the opener's thread */
static void
push_open (RushesPlayer *self,
           const char   *uri)
{
  OpenOp *op = g_new0 (OpenOp, 1);

  op->playbin = gst_object_ref (self->playbin);
  op->uri = g_strdup (uri);
  op->generation = (guint) g_atomic_int_add (self->generation, 1) + 1;
  op->current = g_atomic_rc_box_acquire (self->generation);
  /* op belongs to the opener's thread from here on: not a word after */
  g_thread_pool_push (self->opener, op, NULL);
}

static void
fail (RushesPlayer *self,
      const char   *reason)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : g_strdup ("?");

  g_clear_handle_id (&self->load_timeout, g_source_remove);
  g_free (self->error_message);
  self->error_message = g_strdup_printf (_("Cannot play “%s”: %s"), name, reason);
  push_open (self, NULL);
  self->loaded = FALSE;
  self->seek_pending = FALSE;
  self->have_queued = FALSE;
  self->want_playing = FALSE;
  if (RUSHES_IS_FRAME_PAINTABLE (self->paintable))
    rushes_frame_paintable_clear (RUSHES_FRAME_PAINTABLE (self->paintable));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_state (self, RUSHES_PLAYER_STATE_ERROR);
  update_position_timer (self);
}

static gboolean
load_timeout_cb (gpointer data)
{
  RushesPlayer *self = data;

  self->load_timeout = 0;
  if (self->state == RUSHES_PLAYER_STATE_LOADING)
    fail (self, _("the file could not be read; it may be corrupt or truncated"));
  return G_SOURCE_REMOVE;
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *msg,
        gpointer    data)
{
  RushesPlayer *self = data;
  guint current = (guint) g_atomic_int_get (self->generation);

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_APPLICATION)
    {
      const GstStructure *s = gst_message_get_structure (msg);
      guint generation = 0;

      if (!gst_structure_get_uint (s, "generation", &generation) || generation != current)
        return G_SOURCE_CONTINUE;
      if (gst_structure_has_name (s, "rushes-open"))
        self->bus_generation = generation;
      else if (gst_structure_has_name (s, "rushes-open-failed")
               && self->state == RUSHES_PLAYER_STATE_LOADING)
        fail (self, _("the file cannot be opened"));
      return G_SOURCE_CONTINUE;
    }
  /* left over from the take before */
  if (self->bus_generation != current)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (msg, &error, &debug);
        g_debug ("error: %s (%s)", error->message, debug ? debug : "");
        if (self->state != RUSHES_PLAYER_STATE_ERROR && self->state != RUSHES_PLAYER_STATE_EMPTY)
          fail (self, error->message);
      }
      break;

    case GST_MESSAGE_ASYNC_DONE:
      if (self->state == RUSHES_PLAYER_STATE_ERROR || self->state == RUSHES_PLAYER_STATE_EMPTY)
        break;
      if (!self->loaded)
        {
          int n_video = 0;

          g_clear_handle_id (&self->load_timeout, g_source_remove);
          self->loaded = TRUE;
          read_stream_info (self);
          g_object_get (self->playbin, "n-video", &n_video, NULL);
          if (n_video == 0)
            {
              fail (self, _("the file has no video"));
              break;
            }
          set_state (self, RUSHES_PLAYER_STATE_PAUSED);
          if (self->want_playing)
            gst_element_set_state (self->playbin, GST_STATE_PLAYING);
        }
      if (self->seek_pending)
        {
          self->seek_pending = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEEKING]);
        }
      if (self->have_queued)
        send_queued_seek (self);
      else
        query_position (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->loaded)
        read_stream_info (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (self->playbin) && self->loaded)
        {
          GstState new_state;

          gst_message_parse_state_changed (msg, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            set_state (self, RUSHES_PLAYER_STATE_PLAYING);
          else if (new_state == GST_STATE_PAUSED)
            set_state (self, RUSHES_PLAYER_STATE_PAUSED);
          update_position_timer (self);
        }
      break;

    case GST_MESSAGE_SEGMENT_DONE:
      /* looping: back to the in point without flushing */
      if (self->loop && self->want_playing)
        send_loop_seek (self);
      break;

    case GST_MESSAGE_EOS:
      self->want_playing = FALSE;
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      if (GST_CLOCK_TIME_IS_VALID (self->duration))
        set_position (self, self->rate < 0 ? 0 : self->duration);
      if (self->rate != 1.0)
        {
          self->rate = 1.0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------ */

void
rushes_player_open (RushesPlayer *self,
                    GFile        *file)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  seek_gate_bump (self);
  g_clear_handle_id (&self->load_timeout, g_source_remove);
  g_set_object (&self->file, file);
  g_clear_pointer (&self->error_message, g_free);
  self->loaded = FALSE;
  self->want_playing = FALSE;
  self->seek_pending = FALSE;
  self->have_queued = FALSE;
  self->queued_flags = 0;
  self->position = 0;
  self->duration = GST_CLOCK_TIME_NONE;
  self->fps_n = 30;
  self->fps_d = 1;
  self->has_audio = FALSE;
  self->rate = 1.0;
  self->in_point = GST_CLOCK_TIME_NONE;
  self->out_point = GST_CLOCK_TIME_NONE;
  if (RUSHES_IS_FRAME_PAINTABLE (self->paintable))
    rushes_frame_paintable_clear (RUSHES_FRAME_PAINTABLE (self->paintable));

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = PROP_FILE; i < N_PROPS; i++)
    if (i != PROP_PAINTABLE && i != PROP_STATE && i != PROP_VOLUME && i != PROP_MUTED && i != PROP_LOOP)
      g_object_notify_by_pspec (G_OBJECT (self), properties[i]);

  if (file == NULL)
    {
      push_open (self, NULL);
      set_state (self, RUSHES_PLAYER_STATE_EMPTY);
    }
  else if (!g_file_query_exists (file, NULL))
    {
      set_state (self, RUSHES_PLAYER_STATE_LOADING);
      fail (self, _("the file does not exist"));
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (file);

      push_open (self, uri);
      set_state (self, RUSHES_PLAYER_STATE_LOADING);
      self->load_timeout = g_timeout_add_seconds (LOAD_TIMEOUT_S, load_timeout_cb, self);
    }
  update_position_timer (self);
  g_object_thaw_notify (G_OBJECT (self));
}

GFile *
rushes_player_get_file (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), NULL);
  return self->file;
}

RushesPlayerState
rushes_player_get_state (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), RUSHES_PLAYER_STATE_EMPTY);
  return self->state;
}

const char *
rushes_player_get_error_message (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), NULL);
  return self->error_message;
}

GdkPaintable *
rushes_player_get_paintable (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), NULL);
  return self->paintable;
}

GstClockTime
rushes_player_get_position (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 0);
  return self->position;
}

GstClockTime
rushes_player_get_duration (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), GST_CLOCK_TIME_NONE);
  return self->duration;
}

int
rushes_player_get_fps_n (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 30);
  return self->fps_n;
}

int
rushes_player_get_fps_d (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 1);
  return self->fps_d;
}

gboolean
rushes_player_get_has_audio (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), FALSE);
  return self->has_audio;
}

gboolean
rushes_player_get_seeking (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), FALSE);
  return self->seek_pending || self->have_queued;
}

static gboolean
is_ready (RushesPlayer *self)
{
  return self->state == RUSHES_PLAYER_STATE_PAUSED ||
         self->state == RUSHES_PLAYER_STATE_PLAYING ||
         self->state == RUSHES_PLAYER_STATE_LOADING;
}

void
rushes_player_play (RushesPlayer *self)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (!is_ready (self))
    return;
  self->want_playing = TRUE;
  if (!self->loaded)
    return;

  /* at the end (or outside the loop): start over */
  if (self->rate > 0 && GST_CLOCK_TIME_IS_VALID (self->duration) &&
      self->position + FRAME_TOLERANCE >= self->duration)
    request_seek (self, self->loop ? loop_start (self) : 0, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
  else if (self->loop)
    request_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
  gst_element_set_state (self->playbin, GST_STATE_PLAYING);
}

void
rushes_player_pause (RushesPlayer *self)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  self->want_playing = FALSE;
  if (!self->loaded || !is_ready (self))
    return;
  gst_element_set_state (self->playbin, GST_STATE_PAUSED);
  query_position (self);
  if (self->rate != 1.0)
    rushes_player_set_rate (self, 1.0);
}

void
rushes_player_toggle (RushesPlayer *self)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (self->want_playing)
    rushes_player_pause (self);
  else
    rushes_player_play (self);
}

gboolean
rushes_player_set_rate (RushesPlayer *self,
                        double        rate)
{
  double old;

  g_return_val_if_fail (RUSHES_IS_PLAYER (self), FALSE);
  g_return_val_if_fail (rate != 0, FALSE);

  if (!self->loaded)
    return FALSE;
  if (rate == self->rate)
    return TRUE;

  old = self->rate;
  self->rate = rate;
  query_position (self);
  if (!send_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE))
    {
      self->rate = old;
      return FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  return TRUE;
}

double
rushes_player_get_rate (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 1.0);
  return self->rate;
}

void
rushes_player_seek (RushesPlayer *self,
                    GstClockTime  position,
                    gboolean      accurate)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (!is_ready (self) || !GST_CLOCK_TIME_IS_VALID (position))
    return;
  request_seek (self, position,
                GST_SEEK_FLAG_FLUSH | (accurate ? GST_SEEK_FLAG_ACCURATE
                                                : GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_NEAREST));
}

void
rushes_player_scrub (RushesPlayer *self,
                     GstClockTime  position)
{
  rushes_player_seek (self, position, FALSE);
}

guint64
rushes_player_time_to_frame (RushesPlayer *self,
                             GstClockTime  time)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 0);

  if (!GST_CLOCK_TIME_IS_VALID (time))
    return 0;
  return gst_util_uint64_scale (time + FRAME_TOLERANCE, self->fps_n, (guint64) self->fps_d * GST_SECOND);
}

GstClockTime
rushes_player_frame_to_time (RushesPlayer *self,
                             guint64       frame)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 0);
  return gst_util_uint64_scale (frame, (guint64) self->fps_d * GST_SECOND, self->fps_n);
}

guint64
rushes_player_get_frame (RushesPlayer *self)
{
  return rushes_player_time_to_frame (self, self->position);
}

char *
rushes_player_format_timecode (RushesPlayer *self,
                               GstClockTime  time)
{
  guint64 frame, fps, secs;

  g_return_val_if_fail (RUSHES_IS_PLAYER (self), NULL);

  if (!GST_CLOCK_TIME_IS_VALID (time))
    return g_strdup ("--:--:--:--");
  frame = rushes_player_time_to_frame (self, time);
  fps = MAX (1, (guint64) ((double) self->fps_n / self->fps_d + 0.5));
  secs = (time + FRAME_TOLERANCE) / GST_SECOND;
  return g_strdup_printf ("%02u:%02u:%02u:%02u",
                          (guint) (secs / 3600), (guint) (secs / 60 % 60), (guint) (secs % 60),
                          (guint) (frame - gst_util_uint64_scale (secs, self->fps_n, self->fps_d)) % (guint) fps);
}

void
rushes_player_step (RushesPlayer *self,
                    int           n_frames)
{
  gint64 frame;
  GstClockTime target;

  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (!is_ready (self))
    return;
  if (self->want_playing)
    rushes_player_pause (self);

  frame = (gint64) rushes_player_get_frame (self) + n_frames;
  if (frame < 0)
    frame = 0;
  target = rushes_player_frame_to_time (self, frame);
  if (GST_CLOCK_TIME_IS_VALID (self->duration) && target >= self->duration)
    {
      /* the last frame */
      frame = rushes_player_time_to_frame (self, self->duration - MIN (self->duration, FRAME_TOLERANCE + 1));
      target = rushes_player_frame_to_time (self, frame);
    }
  request_seek (self, target + STEP_OFFSET, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
}

GstClockTime
rushes_player_get_in_point (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), GST_CLOCK_TIME_NONE);
  return self->in_point;
}

void
rushes_player_set_in_point (RushesPlayer *self,
                            GstClockTime  time)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (self->in_point == time)
    return;
  self->in_point = time;
  /* a mark after the out point drops the out point */
  if (GST_CLOCK_TIME_IS_VALID (time) && GST_CLOCK_TIME_IS_VALID (self->out_point) && self->out_point <= time)
    {
      self->out_point = GST_CLOCK_TIME_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUT_POINT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_POINT]);
}

GstClockTime
rushes_player_get_out_point (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), GST_CLOCK_TIME_NONE);
  return self->out_point;
}

void
rushes_player_set_out_point (RushesPlayer *self,
                             GstClockTime  time)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  if (self->out_point == time)
    return;
  self->out_point = time;
  if (GST_CLOCK_TIME_IS_VALID (time) && GST_CLOCK_TIME_IS_VALID (self->in_point) && self->in_point >= time)
    {
      self->in_point = GST_CLOCK_TIME_NONE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_POINT]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUT_POINT]);
}

gboolean
rushes_player_get_loop (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), FALSE);
  return self->loop;
}

void
rushes_player_set_loop (RushesPlayer *self,
                        gboolean      loop)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  loop = !!loop;
  if (self->loop == loop)
    return;
  self->loop = loop;
  /* re-issue the segment so that it ends (or stops ending) at the out point */
  if (self->loaded && self->want_playing)
    {
      query_position (self);
      request_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOOP]);
}

double
rushes_player_get_volume (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), 1.0);
  return self->volume;
}

void
rushes_player_set_volume (RushesPlayer *self,
                          double        volume)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  volume = CLAMP (volume, 0.0, 1.0);
  if (self->volume == volume)
    return;
  self->volume = volume;
  g_object_set (self->playbin, "volume", volume, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gboolean
rushes_player_get_muted (RushesPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER (self), FALSE);
  return self->muted;
}

void
rushes_player_set_muted (RushesPlayer *self,
                         gboolean      muted)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  g_object_set (self->playbin, "mute", muted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
rushes_player_set_audio_sink (RushesPlayer *self,
                              GstElement   *sink)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));
  g_object_set (self->playbin, "audio-sink", sink, NULL);
}

/* ------------------------------------------------------------------ */

static void
rushes_player_dispose (GObject *object)
{
  RushesPlayer *self = RUSHES_PLAYER (object);

  g_clear_handle_id (&self->position_timer, g_source_remove);
  g_clear_handle_id (&self->load_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->gate != NULL)
    {
      seek_gate_bump (self);
      g_atomic_rc_box_release_full (g_steal_pointer (&self->gate), seek_gate_clear);
    }
  if (self->opener != NULL)
    {
      /* the last word: closed, once whatever is under way has finished;
       * the pool goes when its queue is empty */
      push_open (self, NULL);
      g_thread_pool_free (g_steal_pointer (&self->opener), FALSE, FALSE);
    }
  g_clear_pointer (&self->generation, g_atomic_rc_box_release);
  gst_clear_object (&self->playbin);
  g_clear_object (&self->paintable);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (rushes_player_parent_class)->dispose (object);
}

static void
rushes_player_finalize (GObject *object)
{
  RushesPlayer *self = RUSHES_PLAYER (object);

  g_free (self->error_message);

  G_OBJECT_CLASS (rushes_player_parent_class)->finalize (object);
}

static void
rushes_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RushesPlayer *self = RUSHES_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_PAINTABLE: g_value_set_object (value, self->paintable); break;
    case PROP_POSITION: g_value_set_uint64 (value, self->position); break;
    case PROP_DURATION: g_value_set_uint64 (value, self->duration); break;
    case PROP_FPS_N: g_value_set_int (value, self->fps_n); break;
    case PROP_FPS_D: g_value_set_int (value, self->fps_d); break;
    case PROP_HAS_AUDIO: g_value_set_boolean (value, self->has_audio); break;
    case PROP_SEEKING: g_value_set_boolean (value, rushes_player_get_seeking (self)); break;
    case PROP_RATE: g_value_set_double (value, self->rate); break;
    case PROP_IN_POINT: g_value_set_uint64 (value, self->in_point); break;
    case PROP_OUT_POINT: g_value_set_uint64 (value, self->out_point); break;
    case PROP_LOOP: g_value_set_boolean (value, self->loop); break;
    case PROP_VOLUME: g_value_set_double (value, self->volume); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RushesPlayer *self = RUSHES_PLAYER (object);

  switch (prop_id)
    {
    case PROP_FILE: rushes_player_open (self, g_value_get_object (value)); break;
    case PROP_IN_POINT: rushes_player_set_in_point (self, g_value_get_uint64 (value)); break;
    case PROP_OUT_POINT: rushes_player_set_out_point (self, g_value_get_uint64 (value)); break;
    case PROP_LOOP: rushes_player_set_loop (self, g_value_get_boolean (value)); break;
    case PROP_VOLUME: rushes_player_set_volume (self, g_value_get_double (value)); break;
    case PROP_MUTED: rushes_player_set_muted (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_class_init (RushesPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_player_dispose;
  object_class->finalize = rushes_player_finalize;
  object_class->get_property = rushes_player_get_property;
  object_class->set_property = rushes_player_set_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RUSHES_TYPE_PLAYER_STATE,
                                              RUSHES_PLAYER_STATE_EMPTY, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_PAINTABLE] = g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE, ro);
  properties[PROP_POSITION] = g_param_spec_uint64 ("position", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_DURATION] = g_param_spec_uint64 ("duration", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_FPS_N] = g_param_spec_int ("fps-n", NULL, NULL, 1, G_MAXINT, 30, ro);
  properties[PROP_FPS_D] = g_param_spec_int ("fps-d", NULL, NULL, 1, G_MAXINT, 1, ro);
  properties[PROP_HAS_AUDIO] = g_param_spec_boolean ("has-audio", NULL, NULL, FALSE, ro);
  properties[PROP_SEEKING] = g_param_spec_boolean ("seeking", NULL, NULL, FALSE, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, -64, 64, 1, ro);
  properties[PROP_IN_POINT] = g_param_spec_uint64 ("in-point", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, rw);
  properties[PROP_OUT_POINT] = g_param_spec_uint64 ("out-point", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, rw);
  properties[PROP_LOOP] = g_param_spec_boolean ("loop", NULL, NULL, FALSE, rw);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, rw);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (rushes_player_debug, "rushes-player", 0, "Rushes player");
}

static void
rushes_player_init (RushesPlayer *self)
{
  g_autoptr(GstBus) bus = NULL;
  GstElement *video_sink;

  self->state = RUSHES_PLAYER_STATE_EMPTY;
  self->duration = GST_CLOCK_TIME_NONE;
  self->fps_n = 30;
  self->fps_d = 1;
  self->rate = 1.0;
  self->volume = 1.0;
  self->in_point = GST_CLOCK_TIME_NONE;
  self->out_point = GST_CLOCK_TIME_NONE;
  self->gate = g_atomic_rc_box_new0 (SeekGate);
  g_mutex_init (&self->gate->lock);

  rushes_anim_dec_register ();
  self->playbin = gst_element_factory_make ("playbin", NULL);
  g_assert (self->playbin != NULL);
  gst_object_ref_sink (self->playbin);
  video_sink = rushes_frame_sink_make_best (&self->paintable);
  g_object_set (self->playbin, "video-sink", video_sink, NULL);

  self->generation = g_atomic_rc_box_new0 (guint);
  self->opener = g_thread_pool_new (open_func, NULL, 1, FALSE, NULL);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
}

RushesPlayer *
rushes_player_new (void)
{
  return g_object_new (RUSHES_TYPE_PLAYER, NULL);
}
