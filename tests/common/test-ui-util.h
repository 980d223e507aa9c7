/* test-ui-util.h: widget and player helpers shared by the media and display
 * suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-player.h"

G_BEGIN_DECLS

/* A condition for test_wait_until: the widget is mapped. */
gboolean   test_widget_mapped            (gpointer      widget);
/* widget itself or its first descendant (depth first) of type, or NULL. */
GtkWidget *test_find_descendant_of_type  (GtkWidget    *widget,
                                          GType         type);
/* The first toplevel window of type (or a subtype), or NULL. */
GtkWidget *test_find_window_of_type      (GType         type);
/* The button labelled label (as set, mnemonic underscores included) in
 * widget, or NULL: for clicking an AdwMessageDialog's response as the user
 * does (the dialog closes, then responds). */
GtkWidget *test_find_button              (GtkWidget    *widget,
                                          const char   *label);
/* Downloads an opaque texture as packed RGB24 into rgb (width × height × 3). */
void       test_texture_to_rgb           (GdkTexture   *texture,
                                          guint8       *rgb);
/* Until the player is not loading or seeking and has drawn more than
 * frames_before frames (fails after 15 s), then lets a late frame land. */
void       test_wait_settled             (RushesPlayer *player,
                                          guint64       frames_before);

/* GTK 4.8 (Debian 12) bug: a tooltip timeout armed over a window or
 * popover that is then closed under the pointer runs against its gone
 * surface and logs two criticals (gdk_surface_get_device_position and
 * _gtk_widget_find_at_coords: assertion 'GDK_IS_SURFACE (surface)'); later GTK keeps a weak reference
 * to the native. Display tests that open and close popovers and windows
 * quickly under Xvfb's fixed pointer make that critical non-fatal; every
 * other critical stays fatal. Call after g_test_init. */
void       test_tolerate_gtk48_tooltip_critical (void);

G_END_DECLS
