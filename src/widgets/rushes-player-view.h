/* rushes-player-view.h: the take player (picture, transport, marks, trim)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A standalone widget around a RushesPlayer. Keyboard (when the view has
 * the focus; listed in ui/rushes-shortcuts-window.ui): Space play/pause, J/K/L
 * shuttle, ←/→ one frame, Shift+←/→ one second, Home/End, I/O set marks,
 * Shift+I/Shift+O go to them, \ loop in–out, M mute. Its actions live in
 * the "player" group (player.toggle, player.step(i), …).
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-player.h"
#include "rushes-types.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_PLAYER_VIEW (rushes_player_view_get_type ())
G_DECLARE_FINAL_TYPE (RushesPlayerView, rushes_player_view, RUSHES, PLAYER_VIEW, GtkWidget)

GtkWidget    *rushes_player_view_new        (void);
RushesPlayer *rushes_player_view_get_player (RushesPlayerView *self);
/* NULL shows "No Take" */
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

G_END_DECLS
