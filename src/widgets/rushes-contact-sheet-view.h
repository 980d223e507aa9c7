/* rushes-contact-sheet-view.h: the takes of a sweep (or a selection)
 * playing side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of cells playing in sync (RushesContactPlayer), each labelled
 * with the value its take got in its sweep or with its title, and its
 * rating. Arrow keys move between cells; a click or Return opens the
 * take ("take-activated"); Space pauses and plays them all; 0–5, X and U
 * rate the focused cell's take ("cull", with the window's CullKind and
 * value); Escape or Back returns ("back"). Export writes the grid as a
 * PNG (first, middle and last frame of each take) or a WebM, on a worker,
 * with a toast on the window's toast overlay when it is done.
 */
#pragma once

#include <adwaita.h>

#include "rushes-contact-player.h"
#include "rushes-take.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_CONTACT_SHEET_VIEW (rushes_contact_sheet_view_get_type ())
G_DECLARE_FINAL_TYPE (RushesContactSheetView, rushes_contact_sheet_view, RUSHES, CONTACT_SHEET_VIEW, GtkWidget)

/* what a rating key asks for (the window's culling does it) */
typedef enum
{
  RUSHES_SHEET_CULL_RATING,   /* 0–5 */
  RUSHES_SHEET_CULL_REJECT,
  RUSHES_SHEET_CULL_CLEAR,
} RushesSheetCull;

GtkWidget           *rushes_contact_sheet_view_new            (void);
/* takes (RushesTake, at least one) start playing; note (or NULL) is said
 * above the grid (that the takes were cut to 16, say) */
void                 rushes_contact_sheet_view_set_takes      (RushesContactSheetView *self,
                                                               GPtrArray              *takes,
                                                               const char             *title,
                                                               const char             *note);
/* stops the takes and lets them go */
void                 rushes_contact_sheet_view_clear          (RushesContactSheetView *self);
/* NULL while no takes are set */
RushesContactPlayer *rushes_contact_sheet_view_get_player     (RushesContactSheetView *self);
guint                rushes_contact_sheet_view_get_n_cells    (RushesContactSheetView *self);
RushesTake          *rushes_contact_sheet_view_get_take       (RushesContactSheetView *self,
                                                               guint                   cell);
const char          *rushes_contact_sheet_view_get_label      (RushesContactSheetView *self,
                                                               guint                   cell);
/* the cell with the keyboard focus (else the first): its take */
RushesTake          *rushes_contact_sheet_view_get_focused_take (RushesContactSheetView *self);
/* writes the grid to path (.png or .webm) on a worker; "exporting" is
 * TRUE until it is done, and a toast says how it went */
void                 rushes_contact_sheet_view_export_to      (RushesContactSheetView *self,
                                                               const char             *path);
gboolean             rushes_contact_sheet_view_get_exporting  (RushesContactSheetView *self);
/* Space and the arrows, taken on ancestor (the window) in the capture
 * phase while the focus is in the sheet: before a review area's player
 * keys. The sheet must outlive ancestor's controllers (its child). */
void                 rushes_contact_sheet_view_add_keys_to    (RushesContactSheetView *self,
                                                               GtkWidget              *ancestor);

G_END_DECLS
