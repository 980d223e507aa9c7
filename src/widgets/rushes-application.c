/* rushes-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-window.h"

struct _RushesApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RushesApplication, rushes_application, ADW_TYPE_APPLICATION)

static void
rushes_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (rushes_window_new (RUSHES_APPLICATION (app)));

  gtk_window_present (window);
}

static void
rushes_application_class_init (RushesApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = rushes_application_activate;
}

static void
rushes_application_init (RushesApplication *self)
{
}

RushesApplication *
rushes_application_new (void)
{
  return g_object_new (RUSHES_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/rushesapp/Rushes",
                       NULL);
}
