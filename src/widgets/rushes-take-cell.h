/* rushes-take-cell.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-take.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_TAKE_CELL (rushes_take_cell_get_type ())
G_DECLARE_FINAL_TYPE (RushesTakeCell, rushes_take_cell, RUSHES, TAKE_CELL, GtkWidget)

RushesTakeCell *rushes_take_cell_new           (void);
RushesTake     *rushes_take_cell_get_take      (RushesTakeCell *self);
void            rushes_take_cell_set_take      (RushesTakeCell *self,
                                                RushesTake     *take);
void            rushes_take_cell_set_thumbnail (RushesTakeCell *self,
                                                GdkPaintable   *paintable);
/* Asks for a new title for @take (its menu's "Rename…", F2 in the
 * library) and stores it in the take's sidecar. Returns the dialog. */
GtkWidget      *rushes_take_rename_dialog_present (GtkWidget   *parent,
                                                   RushesTake  *take);

/* Plain logic: "0:04", "1:02:03" */
char           *rushes_format_duration         (double          seconds);

G_END_DECLS
