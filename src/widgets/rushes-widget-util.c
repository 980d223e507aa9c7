/* rushes-widget-util.c: small helpers shared by the widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-widget-util"

#include "config.h"

#include "rushes-widget-util.h"

/**
 * rushes_widget_set_tooltip_text:
 *
 * gtk_widget_set_tooltip_text(), only when the text changes: GTK 4.8 asks
 * the display server where the pointer is on every call (on X11 a round
 * trip, which stalls the main thread while the machine is busy;
 * bench/responsiveness), even for the text the widget already has.
 */
void
rushes_widget_set_tooltip_text (GtkWidget  *widget,
                                const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}
