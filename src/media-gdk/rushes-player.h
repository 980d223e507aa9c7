/* rushes-player.h: plays one take (no widgets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RushesPlayable (the Source monitor). Owns a playbin and a bus watch on the default main context; everything
 * here is main-thread. The view binds the properties; it never touches
 * the pipeline.
 *
 * Seeking: accurate (FLUSH|ACCURATE) for marks and frame steps, key-unit
 * (FLUSH|KEY_UNIT|SNAP_NEAREST) while scrubbing. While a seek is pending
 * only the newest request is kept and sent on ASYNC_DONE.
 */
#pragma once

#include "rushes-playable.h"

G_BEGIN_DECLS

/* RushesPlayer is a RushesPlayable (the Source monitor) */
#define RUSHES_TYPE_PLAYER (rushes_player_get_type ())
G_DECLARE_FINAL_TYPE (RushesPlayer, rushes_player, RUSHES, PLAYER, GObject)

RushesPlayer      *rushes_player_new               (void);

/* NULL closes. Loading is asynchronous: watch "state". */
void               rushes_player_open              (RushesPlayer *self,
                                                    GFile        *file);
GFile             *rushes_player_get_file          (RushesPlayer *self);
RushesPlayerState  rushes_player_get_state         (RushesPlayer *self);
const char        *rushes_player_get_error_message (RushesPlayer *self);
/* the frames, for a GtkPicture; lives as long as the player */
GdkPaintable      *rushes_player_get_paintable     (RushesPlayer *self);

GstClockTime       rushes_player_get_position      (RushesPlayer *self);
GstClockTime       rushes_player_get_duration      (RushesPlayer *self);
/* nominal frame rate (30/1 when the stream does not say) */
int                rushes_player_get_fps_n         (RushesPlayer *self);
int                rushes_player_get_fps_d         (RushesPlayer *self);
gboolean           rushes_player_get_has_audio     (RushesPlayer *self);
gboolean           rushes_player_get_seeking       (RushesPlayer *self);

void               rushes_player_play              (RushesPlayer *self);
void               rushes_player_pause             (RushesPlayer *self);
void               rushes_player_toggle            (RushesPlayer *self);
/* 1, 2, 4 forwards; -1, -2, -4 backwards where the stream allows (returns FALSE if not) */
gboolean           rushes_player_set_rate          (RushesPlayer *self,
                                                    double        rate);
double             rushes_player_get_rate          (RushesPlayer *self);

void               rushes_player_seek              (RushesPlayer *self,
                                                    GstClockTime  position,
                                                    gboolean      accurate);
/* key-unit seek, newest request wins */
void               rushes_player_scrub             (RushesPlayer *self,
                                                    GstClockTime  position);
/* pauses, then moves by @n_frames (negative: backwards), accurately */
void               rushes_player_step              (RushesPlayer *self,
                                                    int           n_frames);

/* frame arithmetic on the nominal rate; frame 0 starts at 0 */
guint64            rushes_player_get_frame         (RushesPlayer *self);
guint64            rushes_player_time_to_frame     (RushesPlayer *self,
                                                    GstClockTime  time);
GstClockTime       rushes_player_frame_to_time     (RushesPlayer *self,
                                                    guint64       frame);
/* "HH:MM:SS:FF" */
char              *rushes_player_format_timecode   (RushesPlayer *self,
                                                    GstClockTime  time);

/* marks: GST_CLOCK_TIME_NONE when unset; out is exclusive */
GstClockTime       rushes_player_get_in_point      (RushesPlayer *self);
void               rushes_player_set_in_point      (RushesPlayer *self,
                                                    GstClockTime  time);
GstClockTime       rushes_player_get_out_point     (RushesPlayer *self);
void               rushes_player_set_out_point     (RushesPlayer *self,
                                                    GstClockTime  time);
/* plays [in, out) over and over (the whole clip when a mark is unset) */
gboolean           rushes_player_get_loop          (RushesPlayer *self);
void               rushes_player_set_loop          (RushesPlayer *self,
                                                    gboolean      loop);

double             rushes_player_get_volume        (RushesPlayer *self);
void               rushes_player_set_volume        (RushesPlayer *self,
                                                    double        volume);
gboolean           rushes_player_get_muted         (RushesPlayer *self);
void               rushes_player_set_muted         (RushesPlayer *self,
                                                    gboolean      muted);

/* tests: replace the audio output (default autoaudiosink); before open() */
void               rushes_player_set_audio_sink    (RushesPlayer *self,
                                                    GstElement   *sink);

G_END_DECLS
