/* rushes-player-private.h: what the player's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-player.c holds the API and the state, rushes-player-seek.c the
 * seeks, rushes-player-bus.c the bus watch and rushes-player-opener.c the
 * thread that opens and closes takes.
 */
#pragma once

#include "rushes-player.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (rushes_player_debug);
#define GST_CAT_DEFAULT rushes_player_debug

#define FRAME_TOLERANCE RUSHES_PLAYABLE_FRAME_TOLERANCE
#define STEP_OFFSET RUSHES_PLAYABLE_STEP_OFFSET
/* decodebin can lose a demuxer's error raised while it is being plugged
 * (the pipeline then never prerolls): give up after this long */
#define LOAD_TIMEOUT_S 8

/* see rushes-player-seek.c */
typedef struct _RushesPlayerSeekGate SeekGate;

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

/* rushes-player.c */
void         _rushes_player_notify                (RushesPlayer      *self,
                                                   guint              prop_id);
void         _rushes_player_set_state             (RushesPlayer      *self,
                                                   RushesPlayerState  state);
void         _rushes_player_set_position          (RushesPlayer      *self,
                                                   GstClockTime       position);
void         _rushes_player_query_position        (RushesPlayer      *self);
/* polls the position while playing */
void         _rushes_player_update_position_timer (RushesPlayer      *self);

/* rushes-player-seek.c */
SeekGate    *_rushes_player_seek_gate_new         (void);
/* main thread: pending loop seeks are void from now on */
void         _rushes_player_seek_gate_bump        (RushesPlayer      *self);
void         _rushes_player_seek_gate_release     (RushesPlayer      *self);
GstClockTime _rushes_player_loop_start            (RushesPlayer      *self);
gboolean     _rushes_player_send_seek             (RushesPlayer      *self,
                                                   GstClockTime       position,
                                                   GstSeekFlags       flags);
/* queued while a seek is in flight or the take is loading */
void         _rushes_player_request_seek          (RushesPlayer      *self,
                                                   GstClockTime       position,
                                                   GstSeekFlags       flags);
void         _rushes_player_send_queued_seek      (RushesPlayer      *self);
/* SEGMENT_DONE: back to the in point without flushing, off the main thread */
void         _rushes_player_send_loop_seek        (RushesPlayer      *self);

/* rushes-player-bus.c */
gboolean     _rushes_player_bus_cb                (GstBus            *bus,
                                                   GstMessage        *msg,
                                                   gpointer           data);
/* closes the take; state ERROR with "Cannot play “NAME”: @reason" */
void         _rushes_player_fail                  (RushesPlayer      *self,
                                                   const char        *reason);
gboolean     _rushes_player_load_timeout_cb       (gpointer           data);

/* rushes-player-opener.c */
void         _rushes_player_opener_start          (RushesPlayer      *self);
/* the last close, then the thread goes once its queue is empty */
void         _rushes_player_opener_stop           (RushesPlayer      *self);
/* main thread: opens @uri (NULL: closes) on the opener's thread */
void         _rushes_player_push_open             (RushesPlayer      *self,
                                                   const char        *uri);

G_END_DECLS
