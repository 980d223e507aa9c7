/* rushes-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-window.h"

struct _RushesWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (RushesWindow, rushes_window, ADW_TYPE_APPLICATION_WINDOW)

static void
rushes_window_class_init (RushesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-window.ui");
}

static void
rushes_window_init (RushesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RushesWindow *
rushes_window_new (RushesApplication *application)
{
  return g_object_new (RUSHES_TYPE_WINDOW, "application", application, NULL);
}
