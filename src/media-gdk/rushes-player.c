/* rushes-player.c: plays one take (no widgets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The player's API and state: the GObject, its properties and the calls
 * the view makes. Main thread only (but for the loop seek, see
 * rushes-player-seek.c, and the state changes of opening and closing, see
 * rushes-player-opener.c); the bus watch (rushes-player-bus.c) runs on the
 * default main context. Frames reach the paintable through the video sink
 * made by rushes_frame_sink_make_best(). Frame steps are accurate seeks to
 * the middle of the target frame's nominal slot (1 ms in), which also lands
 * on the right frame in containers that round timestamps to milliseconds.
 */
#define G_LOG_DOMAIN "rushes-player"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-anim-dec.h"
#include "rushes-background.h"
#include "rushes-frame-paintable.h"
#include "rushes-frame-sink.h"
#include "rushes-player-private.h"

GST_DEBUG_CATEGORY (rushes_player_debug);

static GParamSpec *properties[N_PROPS];

static void rushes_player_playable_init (RushesPlayableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesPlayer, rushes_player, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_PLAYABLE, rushes_player_playable_init))

G_DEFINE_ENUM_TYPE (RushesPlayerState, rushes_player_state,
                    G_DEFINE_ENUM_VALUE (RUSHES_PLAYER_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (RUSHES_PLAYER_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (RUSHES_PLAYER_STATE_PAUSED, "paused"),
                    G_DEFINE_ENUM_VALUE (RUSHES_PLAYER_STATE_PLAYING, "playing"),
                    G_DEFINE_ENUM_VALUE (RUSHES_PLAYER_STATE_ERROR, "error"))

void
_rushes_player_notify (RushesPlayer *self,
                       guint         prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

void
_rushes_player_set_state (RushesPlayer      *self,
                          RushesPlayerState  state)
{
  if (self->state == state)
    return;
  /* playing in real time: background downloads keep to a pace */
  if (self->state == RUSHES_PLAYER_STATE_PLAYING)
    rushes_background_playback_release ();
  else if (state == RUSHES_PLAYER_STATE_PLAYING)
    rushes_background_playback_hold ();
  self->state = state;
  _rushes_player_notify (self, PROP_STATE);
}

void
_rushes_player_set_position (RushesPlayer *self,
                             GstClockTime  position)
{
  if (!GST_CLOCK_TIME_IS_VALID (position) || self->position == position)
    return;
  self->position = position;
  _rushes_player_notify (self, PROP_POSITION);
}

void
_rushes_player_query_position (RushesPlayer *self)
{
  gint64 pos = -1;

  if (gst_element_query_position (self->playbin, GST_FORMAT_TIME, &pos) && pos >= 0)
    _rushes_player_set_position (self, MIN ((GstClockTime) pos, GST_CLOCK_TIME_IS_VALID (self->duration) ? self->duration : (GstClockTime) pos));
}

static gboolean
position_timer_cb (gpointer data)
{
  RushesPlayer *self = data;

  if (!self->seek_pending)
    _rushes_player_query_position (self);
  return G_SOURCE_CONTINUE;
}

void
_rushes_player_update_position_timer (RushesPlayer *self)
{
  gboolean want = self->state == RUSHES_PLAYER_STATE_PLAYING;

  if (want && self->position_timer == 0)
    self->position_timer = g_timeout_add (100, position_timer_cb, self);
  else if (!want && self->position_timer != 0)
    g_clear_handle_id (&self->position_timer, g_source_remove);
}

/* ------------------------------------------------------------------ */

void
rushes_player_open (RushesPlayer *self,
                    GFile        *file)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  _rushes_player_seek_gate_bump (self);
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
      _rushes_player_push_open (self, NULL);
      _rushes_player_set_state (self, RUSHES_PLAYER_STATE_EMPTY);
    }
  else if (!g_file_query_exists (file, NULL))
    {
      _rushes_player_set_state (self, RUSHES_PLAYER_STATE_LOADING);
      _rushes_player_fail (self, _("the file does not exist"));
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (file);

      _rushes_player_push_open (self, uri);
      _rushes_player_set_state (self, RUSHES_PLAYER_STATE_LOADING);
      self->load_timeout = g_timeout_add_seconds (LOAD_TIMEOUT_S, _rushes_player_load_timeout_cb, self);
    }
  _rushes_player_update_position_timer (self);
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
    _rushes_player_request_seek (self, self->loop ? _rushes_player_loop_start (self) : 0, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
  else if (self->loop)
    _rushes_player_request_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
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
  _rushes_player_query_position (self);
  if (self->rate != 1.0)
    rushes_player_set_rate (self, 1.0);
}

void
rushes_player_toggle (RushesPlayer *self)
{
  rushes_playable_toggle (RUSHES_PLAYABLE (self));
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
  _rushes_player_query_position (self);
  if (!_rushes_player_send_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE))
    {
      self->rate = old;
      return FALSE;
    }
  _rushes_player_notify (self, PROP_RATE);
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
  _rushes_player_request_seek (self, position,
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
  return rushes_playable_time_to_frame (RUSHES_PLAYABLE (self), time);
}

GstClockTime
rushes_player_frame_to_time (RushesPlayer *self,
                             guint64       frame)
{
  return rushes_playable_frame_to_time (RUSHES_PLAYABLE (self), frame);
}

guint64
rushes_player_get_frame (RushesPlayer *self)
{
  return rushes_playable_get_frame (RUSHES_PLAYABLE (self));
}

char *
rushes_player_format_timecode (RushesPlayer *self,
                               GstClockTime  time)
{
  return rushes_playable_format_timecode (RUSHES_PLAYABLE (self), time);
}

void
rushes_player_step (RushesPlayer *self,
                    int           n_frames)
{
  rushes_playable_step (RUSHES_PLAYABLE (self), n_frames);
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
      _rushes_player_notify (self, PROP_OUT_POINT);
    }
  _rushes_player_notify (self, PROP_IN_POINT);
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
      _rushes_player_notify (self, PROP_IN_POINT);
    }
  _rushes_player_notify (self, PROP_OUT_POINT);
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
      _rushes_player_query_position (self);
      _rushes_player_request_seek (self, self->position, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE);
    }
  _rushes_player_notify (self, PROP_LOOP);
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
  _rushes_player_notify (self, PROP_VOLUME);
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
  _rushes_player_notify (self, PROP_MUTED);
}

void
rushes_player_set_audio_sink (RushesPlayer *self,
                              GstElement   *sink)
{
  g_return_if_fail (RUSHES_IS_PLAYER (self));
  g_object_set (self->playbin, "audio-sink", sink, NULL);
}

/* ---- RushesPlayable ---------------------------------------------------------- */

#define PLAYER(p) ((RushesPlayer *) (p))

static RushesPlayerState
source_get_state (RushesPlayable *p)
{
  return PLAYER (p)->state;
}

static const char *
source_get_error_message (RushesPlayable *p)
{
  return PLAYER (p)->error_message;
}

static GdkPaintable *
source_get_paintable (RushesPlayable *p)
{
  return PLAYER (p)->paintable;
}

static GstClockTime
source_get_position (RushesPlayable *p)
{
  return PLAYER (p)->position;
}

static GstClockTime
source_get_duration (RushesPlayable *p)
{
  return PLAYER (p)->duration;
}

static void
source_get_fps (RushesPlayable *p,
                int            *fps_n,
                int            *fps_d)
{
  *fps_n = PLAYER (p)->fps_n;
  *fps_d = PLAYER (p)->fps_d;
}

static gboolean
source_get_playing (RushesPlayable *p)
{
  return PLAYER (p)->want_playing;
}

static void
source_play (RushesPlayable *p)
{
  rushes_player_play (PLAYER (p));
}

static void
source_pause (RushesPlayable *p)
{
  rushes_player_pause (PLAYER (p));
}

static double
source_get_rate (RushesPlayable *p)
{
  return PLAYER (p)->rate;
}

static gboolean
source_set_rate (RushesPlayable *p,
                 double          rate)
{
  return rushes_player_set_rate (PLAYER (p), rate);
}

static void
source_seek (RushesPlayable *p,
             GstClockTime    position,
             gboolean        accurate)
{
  rushes_player_seek (PLAYER (p), position, accurate);
}

static double
source_get_volume (RushesPlayable *p)
{
  return PLAYER (p)->volume;
}

static void
source_set_volume (RushesPlayable *p,
                   double          volume)
{
  rushes_player_set_volume (PLAYER (p), volume);
}

static gboolean
source_get_muted (RushesPlayable *p)
{
  return PLAYER (p)->muted;
}

static void
source_set_muted (RushesPlayable *p,
                  gboolean        muted)
{
  rushes_player_set_muted (PLAYER (p), muted);
}

static void
rushes_player_playable_init (RushesPlayableInterface *iface)
{
  RUSHES_PLAYABLE_SET_VFUNCS (iface, source);
}

/* ------------------------------------------------------------------ */

static void
rushes_player_dispose (GObject *object)
{
  RushesPlayer *self = RUSHES_PLAYER (object);

  g_clear_handle_id (&self->position_timer, g_source_remove);
  g_clear_handle_id (&self->load_timeout, g_source_remove);
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->state == RUSHES_PLAYER_STATE_PLAYING)
    {
      rushes_background_playback_release ();
      self->state = RUSHES_PLAYER_STATE_EMPTY;
    }
  _rushes_player_seek_gate_release (self);
  _rushes_player_opener_stop (self);
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
  self->gate = _rushes_player_seek_gate_new ();

  rushes_anim_dec_register ();
  self->playbin = gst_element_factory_make ("playbin", NULL);
  g_assert (self->playbin != NULL);
  gst_object_ref_sink (self->playbin);
  video_sink = rushes_frame_sink_make_best (&self->paintable);
  g_object_set (self->playbin, "video-sink", video_sink, NULL);

  _rushes_player_opener_start (self);

  bus = gst_element_get_bus (self->playbin);
  self->bus_watch = gst_bus_add_watch (bus, _rushes_player_bus_cb, self);
}

RushesPlayer *
rushes_player_new (void)
{
  return g_object_new (RUSHES_TYPE_PLAYER, NULL);
}
