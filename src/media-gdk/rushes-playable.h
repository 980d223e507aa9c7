/* rushes-playable.h: what the viewer plays, a take or the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Implemented by RushesPlayer (one take: the Source monitor) and
 * RushesTimeline (the sequence: the Program monitor), so that the player
 * view drives either with the same transport, shuttle, frame steps and
 * timecode. Main thread only. Implementations have these properties and
 * notify them: "state", "error-message", "position", "duration", "fps-n",
 * "fps-d", "rate", "volume" and "muted".
 *
 * Frame arithmetic is on the nominal rate; frame 0 starts at 0. Frame
 * steps are accurate seeks to the middle of the target frame's nominal
 * slot (1 ms in), which also lands on the right frame in containers that
 * round timestamps to milliseconds.
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

typedef enum
{
  RUSHES_PLAYER_STATE_EMPTY,    /* nothing to play */
  RUSHES_PLAYER_STATE_LOADING,
  RUSHES_PLAYER_STATE_PAUSED,
  RUSHES_PLAYER_STATE_PLAYING,
  RUSHES_PLAYER_STATE_ERROR,    /* see error-message */
} RushesPlayerState;

#define RUSHES_TYPE_PLAYER_STATE (rushes_player_state_get_type ())
GType rushes_player_state_get_type (void);

/* a position this close before a frame's start counts as that frame */
#define RUSHES_PLAYABLE_FRAME_TOLERANCE (2 * GST_MSECOND)
/* frame steps land this far into the frame */
#define RUSHES_PLAYABLE_STEP_OFFSET (1 * GST_MSECOND)

#define RUSHES_TYPE_PLAYABLE (rushes_playable_get_type ())
G_DECLARE_INTERFACE (RushesPlayable, rushes_playable, RUSHES, PLAYABLE, GObject)

struct _RushesPlayableInterface
{
  GTypeInterface g_iface;

  RushesPlayerState  (*get_state)         (RushesPlayable *self);
  const char        *(*get_error_message) (RushesPlayable *self);
  GdkPaintable      *(*get_paintable)     (RushesPlayable *self);
  GstClockTime       (*get_position)      (RushesPlayable *self);
  GstClockTime       (*get_duration)      (RushesPlayable *self);
  void               (*get_fps)           (RushesPlayable *self,
                                           int            *fps_n,
                                           int            *fps_d);
  /* playing, or asked to play */
  gboolean           (*get_playing)       (RushesPlayable *self);
  void               (*play)              (RushesPlayable *self);
  void               (*pause)             (RushesPlayable *self);
  double             (*get_rate)          (RushesPlayable *self);
  gboolean           (*set_rate)          (RushesPlayable *self,
                                           double          rate);
  void               (*seek)              (RushesPlayable *self,
                                           GstClockTime    position,
                                           gboolean        accurate);
  double             (*get_volume)        (RushesPlayable *self);
  void               (*set_volume)        (RushesPlayable *self,
                                           double          volume);
  gboolean           (*get_muted)         (RushesPlayable *self);
  void               (*set_muted)         (RushesPlayable *self,
                                           gboolean        muted);
};

/* For implementations: points every vfunc at PREFIX_get_state,
 * PREFIX_get_error_message, … (static functions of the same names). */
#define RUSHES_PLAYABLE_SET_VFUNCS(iface, prefix) \
  G_STMT_START { \
    (iface)->get_state = prefix##_get_state; \
    (iface)->get_error_message = prefix##_get_error_message; \
    (iface)->get_paintable = prefix##_get_paintable; \
    (iface)->get_position = prefix##_get_position; \
    (iface)->get_duration = prefix##_get_duration; \
    (iface)->get_fps = prefix##_get_fps; \
    (iface)->get_playing = prefix##_get_playing; \
    (iface)->play = prefix##_play; \
    (iface)->pause = prefix##_pause; \
    (iface)->get_rate = prefix##_get_rate; \
    (iface)->set_rate = prefix##_set_rate; \
    (iface)->seek = prefix##_seek; \
    (iface)->get_volume = prefix##_get_volume; \
    (iface)->set_volume = prefix##_set_volume; \
    (iface)->get_muted = prefix##_get_muted; \
    (iface)->set_muted = prefix##_set_muted; \
  } G_STMT_END

RushesPlayerState  rushes_playable_get_state         (RushesPlayable *self);
const char        *rushes_playable_get_error_message (RushesPlayable *self);
/* the frames, for a GtkPicture; lives as long as the playable */
GdkPaintable      *rushes_playable_get_paintable     (RushesPlayable *self);
GstClockTime       rushes_playable_get_position      (RushesPlayable *self);
GstClockTime       rushes_playable_get_duration      (RushesPlayable *self);
void               rushes_playable_get_fps           (RushesPlayable *self,
                                                      int            *fps_n,
                                                      int            *fps_d);
/* PAUSED or PLAYING: there is a picture to move about */
gboolean           rushes_playable_has_media         (RushesPlayable *self);
gboolean           rushes_playable_get_playing       (RushesPlayable *self);
void               rushes_playable_play              (RushesPlayable *self);
void               rushes_playable_pause             (RushesPlayable *self);
void               rushes_playable_toggle            (RushesPlayable *self);
double             rushes_playable_get_rate          (RushesPlayable *self);
/* FALSE when the media cannot play at @rate */
gboolean           rushes_playable_set_rate          (RushesPlayable *self,
                                                      double          rate);
void               rushes_playable_seek              (RushesPlayable *self,
                                                      GstClockTime    position,
                                                      gboolean        accurate);
/* pauses, then moves by @n_frames (negative: backwards), accurately; stops
 * on the first and the last frame */
void               rushes_playable_step              (RushesPlayable *self,
                                                      int             n_frames);
double             rushes_playable_get_volume        (RushesPlayable *self);
void               rushes_playable_set_volume        (RushesPlayable *self,
                                                      double          volume);
gboolean           rushes_playable_get_muted         (RushesPlayable *self);
void               rushes_playable_set_muted         (RushesPlayable *self,
                                                      gboolean        muted);

guint64            rushes_playable_get_frame         (RushesPlayable *self);
guint64            rushes_playable_time_to_frame     (RushesPlayable *self,
                                                      GstClockTime    time);
GstClockTime       rushes_playable_frame_to_time     (RushesPlayable *self,
                                                      guint64         frame);
/* "HH:MM:SS:FF" ("--:--:--:--" for GST_CLOCK_TIME_NONE) */
char              *rushes_playable_format_timecode   (RushesPlayable *self,
                                                      GstClockTime    time);

G_END_DECLS
