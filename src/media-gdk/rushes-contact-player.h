/* rushes-contact-player.h: a grid of takes playing on one clock (no widgets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pipeline: a decoder, a scaler and a RushesFrameSink per take, so all
 * the cells run on the pipeline's one clock and start together. Each
 * take is scaled to fit a cell (its own aspect kept; the view letterboxes
 * it) and keeps its own frame rate. The grid loops as one: a segment seek
 * from the start when the longest take has ended (the shorter ones hold
 * their last frame until then), so the cells never drift apart. Main
 * thread; the pipeline is stopped on a worker when the player goes.
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* the largest frame in a cell */
#define RUSHES_CONTACT_PLAYER_CELL_WIDTH  480
#define RUSHES_CONTACT_PLAYER_CELL_HEIGHT 360

#define RUSHES_TYPE_CONTACT_PLAYER (rushes_contact_player_get_type ())
G_DECLARE_FINAL_TYPE (RushesContactPlayer, rushes_contact_player, RUSHES, CONTACT_PLAYER, GObject)

/* paths: the takes, one cell each (at least one). Paused on the first
 * frames until play(). */
RushesContactPlayer *rushes_contact_player_new               (const char * const  *paths);
guint                rushes_contact_player_get_n_cells       (RushesContactPlayer *self);
/* the frames of cell, for a GtkPicture; lives as long as the player */
GdkPaintable        *rushes_contact_player_get_paintable     (RushesContactPlayer *self,
                                                              guint                cell);

void                 rushes_contact_player_play              (RushesContactPlayer *self);
void                 rushes_contact_player_pause             (RushesContactPlayer *self);
void                 rushes_contact_player_toggle            (RushesContactPlayer *self);
/* "playing": what was asked for */
gboolean             rushes_contact_player_get_playing       (RushesContactPlayer *self);
/* "ready": every cell has its first frame */
gboolean             rushes_contact_player_get_ready         (RushesContactPlayer *self);
/* "error-message": why the grid cannot play (NULL while it can) */
const char          *rushes_contact_player_get_error_message (RushesContactPlayer *self);
/* how many times the grid went back to the start */
guint                rushes_contact_player_get_n_loops       (RushesContactPlayer *self);

/* The frame cell shows now (RGBA or BGRA, its caps with its frame rate),
 * or NULL before the first; its frame index in @frame (from the
 * timestamp and the take's frame rate). */
GstSample           *rushes_contact_player_dup_cell_sample   (RushesContactPlayer *self,
                                                              guint                cell,
                                                              guint64             *frame);

G_END_DECLS
