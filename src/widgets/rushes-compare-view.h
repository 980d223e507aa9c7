/* rushes-compare-view.h: A/B compare of two takes in the viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the two players of a RushesPlayerPair side by side, or as a split
 * wipe: one picture, A left of a vertical divider (drag it, or , and .),
 * B right of it. Labels "A: title" and "B: title" above, and a note when
 * the takes differ in frame rate or size. The player view puts it in
 * place of its picture while comparing and drives the pair with its
 * transport and keys (W switches the mode, Escape leaves).
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-player-pair.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_COMPARE_VIEW (rushes_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (RushesCompareView, rushes_compare_view, RUSHES, COMPARE_VIEW, GtkWidget)

GtkWidget        *rushes_compare_view_new         (void);
void              rushes_compare_view_set_pair    (RushesCompareView *self,
                                                   RushesPlayerPair  *pair,
                                                   const char        *title_a,
                                                   const char        *title_b);
RushesPlayerPair *rushes_compare_view_get_pair    (RushesCompareView *self);
/* "A: title", "B: title" */
const char       *rushes_compare_view_get_label_a (RushesCompareView *self);
const char       *rushes_compare_view_get_label_b (RushesCompareView *self);
/* FALSE: side by side; TRUE: split wipe */
gboolean          rushes_compare_view_get_wipe    (RushesCompareView *self);
void              rushes_compare_view_set_wipe    (RushesCompareView *self,
                                                   gboolean           wipe);
/* where the divider is, 0 (all B) to 1 (all A) */
double            rushes_compare_view_get_divider (RushesCompareView *self);
void              rushes_compare_view_set_divider (RushesCompareView *self,
                                                   double             divider);

G_END_DECLS
