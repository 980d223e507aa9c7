/* rushes-export-dialog.c: choose a format and export the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-export-dialog.h"
#include "rushes-exporter.h"
#include "rushes-handoff.h"

struct _RushesExportDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  AdwComboRow          *preset_row;
  GtkStringList        *preset_model;
  AdwComboRow          *resolution_row;
  GtkStringList        *resolution_model;
  AdwComboRow          *quality_row;
  AdwActionRow         *recipes_row;
  GtkSwitch            *recipes_switch;
  AdwActionRow         *output_row;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkLabel             *status_label;
  AdwPreferencesGroup  *settings_group;
  GtkButton            *cancel_button;

  /* owned */
  RushesProject        *project;
  RushesExporter       *exporter;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *output_path;
  RushesExportPreset    presets[3];  /* combo index → preset */
  guint                 n_presets;   /* then the hand-off formats (handoff_extensions) */
  guint                 inhibit_cookie;
};

G_DEFINE_FINAL_TYPE (RushesExportDialog, rushes_export_dialog, ADW_TYPE_WINDOW)

static const char *resolution_ids[] = { "project", "1080p", "720p" };
static const char *quality_ids[] = { "low", "medium", "high" };
/* the hand-off formats after the presets, in this order */
static const char *handoff_extensions[] = { ".mlt", ".otio" };

/* ".mlt" or ".otio" when a hand-off format is chosen, else NULL */
static const char *
selected_handoff (RushesExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->preset_row);

  if (i >= self->n_presets && i - self->n_presets < G_N_ELEMENTS (handoff_extensions))
    return handoff_extensions[i - self->n_presets];
  return NULL;
}

static RushesExportPreset
selected_preset (RushesExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->preset_row);

  return i < self->n_presets ? self->presets[i] : RUSHES_EXPORT_PRESET_WEBM;
}

static void
update_sensitivity (RushesExportDialog *self)
{
  gboolean running = self->exporter && rushes_exporter_get_running (self->exporter);

  gtk_widget_set_sensitive (GTK_WIDGET (self->settings_group), !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", !running && self->output_path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !running);
}

/* Keep the file's extension in step with the format; a hand-off file
 * has no resolution, quality or metadata */
static void
preset_changed_cb (RushesExportDialog *self)
{
  const char *handoff = selected_handoff (self);
  const char *ext = handoff ? handoff : rushes_export_preset_get_extension (selected_preset (self));

  gtk_widget_set_visible (GTK_WIDGET (self->resolution_row), handoff == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_row), handoff == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->recipes_row), handoff == NULL);

  if (self->output_path)
    {
      g_autoptr(GString) path = g_string_new (self->output_path);
      const char *dot = strrchr (self->output_path, '.');
      const char *slash = strrchr (self->output_path, '/');

      if (dot && (!slash || dot > slash))
        g_string_truncate (path, dot - self->output_path);
      g_string_append (path, ext);
      rushes_export_dialog_set_output_path (self, path->str);
    }
}

void
rushes_export_dialog_set_output_path (RushesExportDialog *self,
                                      const char         *path)
{
  g_return_if_fail (RUSHES_IS_EXPORT_DIALOG (self));

  g_free (self->output_path);
  self->output_path = g_strdup (path);
  adw_action_row_set_subtitle (self->output_row, path ? path : _("No file chosen"));
  update_sensitivity (self);
}

const char *
rushes_export_dialog_get_output_path (RushesExportDialog *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORT_DIALOG (self), NULL);
  return self->output_path;
}

gboolean
rushes_export_dialog_get_running (RushesExportDialog *self)
{
  g_return_val_if_fail (RUSHES_IS_EXPORT_DIALOG (self), FALSE);
  return self->exporter && rushes_exporter_get_running (self->exporter);
}

static GtkApplication *
registered_app (void)
{
  GApplication *app = g_application_get_default ();

  if (GTK_IS_APPLICATION (app) && g_application_get_is_registered (app))
    return GTK_APPLICATION (app);
  return NULL;
}

static void
progress_cb (RushesExportDialog *self)
{
  double progress = rushes_exporter_get_progress (self->exporter);
  gint64 eta = rushes_exporter_get_eta (self->exporter);
  g_autofree char *text = NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, progress);
  if (eta >= 60)
    text = g_strdup_printf (_("%d%% — about %d min %02d s left"), (int) (progress * 100),
                            (int) (eta / 60), (int) (eta % 60));
  else if (eta >= 0)
    text = g_strdup_printf (_("%d%% — about %d s left"), (int) (progress * 100), (int) eta);
  else
    text = g_strdup_printf (_("%d%%"), (int) (progress * 100));
  gtk_label_set_text (self->status_label, text);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(RushesExportDialog) self = data;
  g_autoptr(GError) error = NULL;
  GtkApplication *app = registered_app ();
  gboolean ok;

  ok = rushes_exporter_export_finish (RUSHES_EXPORTER (source), result, &error);
  if (self->inhibit_cookie && app)
    gtk_application_uninhibit (app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  g_clear_object (&self->cancellable);
  update_sensitivity (self);

  if (ok)
    {
      g_autofree char *text = g_strdup_printf (_("Exported to %s"), self->output_path);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->status_label, text);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      /* tell the user who went to do something else */
      if (app && !gtk_window_is_active (GTK_WINDOW (self)))
        {
          g_autoptr(GNotification) notification = g_notification_new (_("Export finished"));
          g_autofree char *base = g_path_get_basename (self->output_path);

          g_notification_set_body (notification, base);
          g_application_send_notification (G_APPLICATION (app), "export-finished", notification);
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_widget_set_visible (self->progress_box, FALSE);
    }
  else
    {
      gtk_label_set_text (self->status_label, error->message);
    }
}

/* A hand-off file is small: written at once */
static void
start_handoff (RushesExportDialog *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (self->progress_box, TRUE);
  if (rushes_handoff_write (self->project, self->output_path, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Wrote %s"), self->output_path);

      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_label_set_text (self->status_label, text);
      gtk_button_set_label (self->cancel_button, _("_Close"));
    }
  else
    {
      gtk_progress_bar_set_fraction (self->progress_bar, 0);
      gtk_label_set_text (self->status_label, error->message);
    }
}

void
rushes_export_dialog_start (RushesExportDialog *self)
{
  GtkApplication *app;
  guint height = 0;
  guint q = adw_combo_row_get_selected (self->quality_row);
  guint r = adw_combo_row_get_selected (self->resolution_row);

  g_return_if_fail (RUSHES_IS_EXPORT_DIALOG (self));

  if (self->output_path == NULL || rushes_export_dialog_get_running (self))
    return;

  if (selected_handoff (self))
    {
      start_handoff (self);
      return;
    }

  /* remember the choices in the project */
  rushes_project_set_export_preset (self->project, rushes_export_preset_to_string (selected_preset (self)));
  rushes_project_set_export_resolution (self->project, resolution_ids[MIN (r, 2)]);
  rushes_project_set_export_quality (self->project, quality_ids[MIN (q, 2)]);
  rushes_project_set_export_recipes (self->project, gtk_switch_get_active (self->recipes_switch));

  if (self->exporter)
    g_signal_handlers_disconnect_by_data (self->exporter, self);
  g_clear_object (&self->exporter);
  self->exporter = rushes_exporter_new (self->project);
  rushes_exporter_set_preset (self->exporter, selected_preset (self));
  rushes_export_resolution_from_string (resolution_ids[MIN (r, 2)], &height);
  rushes_exporter_set_height (self->exporter, height);
  g_signal_connect_object (self->exporter, "notify::progress", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);

  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_button_set_label (self->cancel_button, _("_Cancel"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_label_set_text (self->status_label, _("Starting…"));

  if ((app = registered_app ()) != NULL)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self), GTK_APPLICATION_INHIBIT_SUSPEND,
                                                    _("Exporting a video"));
  rushes_exporter_export_async (self->exporter, self->output_path, self->cancellable,
                                export_done_cb, g_object_ref (self));
  update_sensitivity (self);
}

static void
start_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  rushes_export_dialog_start (RUSHES_EXPORT_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesExportDialog *self = RUSHES_EXPORT_DIALOG (widget);

  if (rushes_export_dialog_get_running (self))
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
chooser_response_cb (RushesExportDialog   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path)
        {
          rushes_export_dialog_set_output_path (self, path);
          preset_changed_cb (self);
        }
    }
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesExportDialog *self = RUSHES_EXPORT_DIALOG (widget);
  g_autofree char *base = NULL;

  self->chooser = gtk_file_chooser_native_new (_("Export As"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  if (self->output_path)
    {
      g_autoptr(GFile) file = g_file_new_for_path (self->output_path);
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), file, NULL);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
rushes_export_dialog_close_request (GtkWindow *window)
{
  RushesExportDialog *self = RUSHES_EXPORT_DIALOG (window);

  /* closing stops the export and removes the partial file */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (rushes_export_dialog_parent_class)->close_request (window);
}

static void
rushes_export_dialog_dispose (GObject *object)
{
  RushesExportDialog *self = RUSHES_EXPORT_DIALOG (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->exporter);
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->output_path, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (rushes_export_dialog_parent_class)->dispose (object);
}

static void
rushes_export_dialog_class_init (RushesExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rushes_export_dialog_dispose;
  window_class->close_request = rushes_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, preset_row);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, preset_model);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, resolution_row);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, resolution_model);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, quality_row);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, recipes_row);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, recipes_switch);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, output_row);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, settings_group);
  gtk_widget_class_bind_template_child (widget_class, RushesExportDialog, cancel_button);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
rushes_export_dialog_init (RushesExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RushesExportDialog *
rushes_export_dialog_new (GtkWindow     *parent,
                          RushesProject *project)
{
  RushesExportDialog *self;
  RushesExportPreset preset;
  RushesExportQuality quality;
  guint n = 0, w, h, height = 0;
  g_autofree char *project_size = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  self = g_object_new (RUSHES_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->project = g_object_ref (project);

  /* only the formats this system can encode */
  for (RushesExportPreset p = RUSHES_EXPORT_PRESET_WEBM; p <= RUSHES_EXPORT_PRESET_PRORES; p++)
    if (rushes_export_preset_is_available (p))
      {
        self->presets[n++] = p;
        gtk_string_list_append (self->preset_model, rushes_export_preset_get_title (p));
      }
  self->n_presets = n;
  /* hand-off formats: the edit itself, for another editor */
  gtk_string_list_append (self->preset_model, _("Kdenlive/Shotcut (MLT)"));
  gtk_string_list_append (self->preset_model, _("OpenTimelineIO"));
  if (rushes_export_preset_from_string (rushes_project_get_export_preset (project), &preset))
    for (guint i = 0; i < n; i++)
      if (self->presets[i] == preset)
        adw_combo_row_set_selected (self->preset_row, i);

  rushes_project_get_format (project, &w, &h, NULL, NULL);
  project_size = g_strdup_printf (_("Project (%u × %u)"), w, h);
  gtk_string_list_append (self->resolution_model, project_size);
  gtk_string_list_append (self->resolution_model, _("1080p"));
  gtk_string_list_append (self->resolution_model, _("720p"));
  rushes_export_resolution_from_string (rushes_project_get_export_resolution (project), &height);
  adw_combo_row_set_selected (self->resolution_row, height == 1080 ? 1 : height == 720 ? 2 : 0);
  if (rushes_export_quality_from_string (rushes_project_get_export_quality (project), &quality))
    adw_combo_row_set_selected (self->quality_row, quality);
  gtk_switch_set_active (self->recipes_switch, rushes_project_get_export_recipes (project));

  /* default output: next to the project, or in Videos */
  {
    g_autofree char *title = rushes_project_get_title (project);
    g_autofree char *dir = rushes_project_get_path (project)
                           ? g_path_get_dirname (rushes_project_get_path (project))
                           : g_strdup (g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS)
                                       ? g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS)
                                       : g_get_home_dir ());
    g_autofree char *name = g_strconcat (title, rushes_export_preset_get_extension (selected_preset (self)), NULL);
    g_autofree char *path = g_build_filename (dir, name, NULL);

    rushes_export_dialog_set_output_path (self, path);
  }
  g_signal_connect_object (self->preset_row, "notify::selected", G_CALLBACK (preset_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}
