/* rushes-preferences-window.c: the preferences window shell (general page;
 * backend pages are added by their own widgets)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-backends-page.h"
#include "rushes-library.h"
#include "rushes-preferences-window.h"

struct _RushesPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwActionRow         *library_row;
  GtkSwitch            *reuse_seed_switch;
  GtkAdjustment        *history_limit_adjustment;

  /* owned */
  GSettings            *settings;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RushesPreferencesWindow, rushes_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
rushes_preferences_window_update_library_row (RushesPreferencesWindow *self)
{
  g_autofree char *folder = NULL;
  g_autofree char *escaped = NULL;

  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "library-folder");
  if (folder == NULL || folder[0] == '\0')
    {
      g_free (folder);
      folder = rushes_library_get_default_dir ();
    }
  /* row subtitles are markup; paths may hold “&” or “<” */
  escaped = g_markup_escape_text (folder, -1);
  adw_action_row_set_subtitle (self->library_row, escaped);
}

static void
rushes_preferences_window_chooser_response_cb (RushesPreferencesWindow *self,
                                               int                      response,
                                               GtkFileChooserNative    *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "library-folder", path);
    }
  g_clear_object (&self->chooser);
}

static void
rushes_preferences_window_choose_folder_cb (RushesPreferencesWindow *self)
{
  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Library Folder"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (rushes_preferences_window_chooser_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
rushes_preferences_window_dispose (GObject *object)
{
  RushesPreferencesWindow *self = RUSHES_PREFERENCES_WINDOW (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (rushes_preferences_window_parent_class)->dispose (object);
}

static void
rushes_preferences_window_class_init (RushesPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_preferences_window_dispose;

  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesPreferencesWindow, library_row);
  gtk_widget_class_bind_template_child (widget_class, RushesPreferencesWindow, reuse_seed_switch);
  gtk_widget_class_bind_template_child (widget_class, RushesPreferencesWindow, history_limit_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, rushes_preferences_window_choose_folder_cb);
}

static void
rushes_preferences_window_init (RushesPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RushesPreferencesWindow *
rushes_preferences_window_new (GSettings             *settings,
                               RushesBackendRegistry *registry)
{
  RushesPreferencesWindow *self = g_object_new (RUSHES_TYPE_PREFERENCES_WINDOW, NULL);

  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), self);
  g_return_val_if_fail (registry == NULL || RUSHES_IS_BACKEND_REGISTRY (registry), self);

  if (registry != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self),
                                ADW_PREFERENCES_PAGE (rushes_backends_page_new (registry)));

  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->library_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->reuse_seed_switch), FALSE);
    }
  else
    {
      self->settings = g_object_ref (settings);
      g_settings_bind (settings, "reuse-seed", self->reuse_seed_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (settings, "prompt-history-limit", self->history_limit_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (settings, "changed::library-folder",
                               G_CALLBACK (rushes_preferences_window_update_library_row),
                               self, G_CONNECT_SWAPPED);
    }
  rushes_preferences_window_update_library_row (self);

  return self;
}
