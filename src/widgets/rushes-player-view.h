/* rushes-player-view.h: the viewer (picture, transport, marks, trim)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two monitors in one viewer: Source plays the selected take (its own
 * RushesPlayer, with marks, loop and trim), Program the timeline (a
 * RushesPlayable the window hands over, see rushes_player_view_set_program);
 * a pair of toggle buttons switches, and the view goes to Program by
 * itself when the timeline starts playing and to Source when a take is
 * opened. Both have the same transport, shuttle, frame steps and timecode.
 *
 * Keyboard (when the view, or a review area given to
 * rushes_player_view_add_shortcuts_to, has the focus; listed in
 * ui/rushes-shortcuts-window.ui): Space play/pause, J/K/L shuttle, ←/→ one
 * frame, Shift+←/→ one second, Home/End, I/O set marks, Shift+I/Shift+O go
 * to them, \ loop in–out, M mute, Alt+1 Source, Alt+2 Program. Its
 * actions live in the "player" group (player.toggle, player.step(i),
 * player.monitor('source'), …).
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-compare-view.h"
#include "rushes-playable.h"
#include "rushes-player.h"
#include "rushes-types.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_MONITOR_SOURCE,   /* the selected take */
  RUSHES_MONITOR_PROGRAM,  /* the timeline */
} RushesMonitor;

#define RUSHES_TYPE_MONITOR (rushes_monitor_get_type ())
GType rushes_monitor_get_type (void);

#define RUSHES_TYPE_PLAYER_VIEW (rushes_player_view_get_type ())
G_DECLARE_FINAL_TYPE (RushesPlayerView, rushes_player_view, RUSHES, PLAYER_VIEW, GtkWidget)

GtkWidget    *rushes_player_view_new        (void);
RushesPlayer *rushes_player_view_get_player (RushesPlayerView *self);
/* The timeline's preview (NULL: none); Program plays it. */
void          rushes_player_view_set_program (RushesPlayerView *self,
                                              RushesPlayable   *program);
RushesPlayable *rushes_player_view_get_program (RushesPlayerView *self);
RushesMonitor rushes_player_view_get_monitor (RushesPlayerView *self);
/* pauses the monitor shown before; Program without a program stays on Source */
void          rushes_player_view_set_monitor (RushesPlayerView *self,
                                              RushesMonitor     monitor);
/* the monitor shown now */
RushesPlayable *rushes_player_view_get_active (RushesPlayerView *self);
/* The player keys also work wherever the focus is in @area (an ancestor:
 * the library and the viewer), but in text fields and popovers. */
void          rushes_player_view_add_shortcuts_to (RushesPlayerView *self,
                                                   GtkWidget        *area);
/* Source; NULL shows "No Take" */
void          rushes_player_view_open       (RushesPlayerView *self,
                                             GFile            *file);
/* The shown take's recipe: copied, with lineage, into trimmed takes. */
void          rushes_player_view_set_recipe (RushesPlayerView *self,
                                             RushesRecipe     *recipe);

/* Trims [in, out) (the whole clip where a mark is unset) into a new file
 * beside the source; "trimmed" is emitted with it. Also the popover's
 * "Save as New Take". Returns FALSE if nothing is open or a trim runs. */
gboolean      rushes_player_view_trim       (RushesPlayerView *self,
                                             gboolean          lossless);

/* A/B compare (rushes-player-view-compare.c): the two takes in step, side
 * by side or as a split wipe, in place of the picture; the transport and
 * the player keys drive both, W switches the mode, , and . move the wipe's
 * divider, Escape leaves (so do opening a take and switching monitors).
 * Actions: player.compare-mode, player.compare-divider(i), player.compare-end. */
void          rushes_player_view_compare     (RushesPlayerView *self,
                                              GFile            *a,
                                              const char       *title_a,
                                              GFile            *b,
                                              const char       *title_b);
void          rushes_player_view_end_compare (RushesPlayerView *self);
/* while comparing, else NULL */
RushesCompareView *rushes_player_view_get_compare_view (RushesPlayerView *self);

G_END_DECLS
