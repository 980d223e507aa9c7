/* rushes-wrap-box.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_WRAP_BOX (rushes_wrap_box_get_type ())
G_DECLARE_FINAL_TYPE (RushesWrapBox, rushes_wrap_box, RUSHES, WRAP_BOX, GtkWidget)

GtkWidget *rushes_wrap_box_new         (int            spacing);
int        rushes_wrap_box_get_spacing (RushesWrapBox *self);
void       rushes_wrap_box_set_spacing (RushesWrapBox *self,
                                        int            spacing);
guint      rushes_wrap_box_get_n_rows  (RushesWrapBox *self);

G_END_DECLS
