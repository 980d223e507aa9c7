/* rushes-player-pair.h: two takes played in step, for A/B compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A RushesPlayable made of two RushesPlayers: B follows A. Play and pause
 * go to both; a seek or a frame step moves both to the same time with an
 * accurate seek, so takes of one frame rate land on the same frame index
 * (the decoded frame, never the nearest keyframe) and takes of different
 * rates each show their own frame at that time. Frame arithmetic is A's.
 * The pair lasts as long as the longer take: the shorter one holds its
 * last frame. With loop on (the default), both start over together once
 * both have ended. You hear A (B is muted). Main thread only.
 */
#pragma once

#include "rushes-player.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_PLAYER_PAIR (rushes_player_pair_get_type ())
G_DECLARE_FINAL_TYPE (RushesPlayerPair, rushes_player_pair, RUSHES, PLAYER_PAIR, GObject)

RushesPlayerPair *rushes_player_pair_new          (void);
/* both, or NULL for both (closes) */
void              rushes_player_pair_open         (RushesPlayerPair *self,
                                                   GFile            *a,
                                                   GFile            *b);
RushesPlayer     *rushes_player_pair_get_a        (RushesPlayerPair *self);
RushesPlayer     *rushes_player_pair_get_b        (RushesPlayerPair *self);
/* the frame index each shows */
guint64           rushes_player_pair_get_frame_a  (RushesPlayerPair *self);
guint64           rushes_player_pair_get_frame_b  (RushesPlayerPair *self);
/* either is loading or seeking */
gboolean          rushes_player_pair_get_seeking  (RushesPlayerPair *self);
gboolean          rushes_player_pair_get_loop     (RushesPlayerPair *self);
void              rushes_player_pair_set_loop     (RushesPlayerPair *self,
                                                   gboolean          loop);
/* NULL when both have the same frame rate and size; else a sentence for
 * the user saying how they differ (free it) */
char             *rushes_player_pair_describe_difference (RushesPlayerPair *self);

G_END_DECLS
