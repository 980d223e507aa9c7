/* rushes-backends-page-import.c: importing a ComfyUI workflow into a backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Import Workflow…" on a backend whose kind has an importable setting: a
 * file chooser reads an API-format workflow, the workflow mapper (its own
 * window) pairs the recipe's fields with the graph's inputs, and its "Save"
 * sets that setting of the backend's config. Main thread only.
 */
#define G_LOG_DOMAIN "rushes-backends-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-backends-page-private.h"
#include "rushes-workflow-mapper.h"

typedef struct
{
  RushesBackendsPage *page;     /* owned */
  char               *id;
  const char         *member;   /* the importable setting; NULL: none */
} ImportData;

static const char *
importable_member (RushesBackendsPage *page,
                   const char         *id)
{
  RushesBackend *backend = rushes_backend_registry_lookup (page->registry, id);
  const RushesBackendKindInfo *info = backend ? rushes_backend_kinds_describe (backend) : NULL;

  for (const RushesBackendField *field = info ? info->fields : NULL; field && field->member; field++)
    if (field->importable)
      return field->member;
  return NULL;
}

static void
import_data_free (gpointer data,
                  GClosure *closure)
{
  ImportData *import = data;

  g_object_unref (import->page);
  g_free (import->id);
  g_free (import);
}

static ImportData *
import_data_new (RushesBackendsPage *page,
                 const char         *id)
{
  ImportData *import = g_new0 (ImportData, 1);

  import->page = g_object_ref (page);
  import->id = g_strdup (id);
  import->member = importable_member (page, id);
  return import;
}

static void
mapper_saved_cb (RushesWorkflowMapper *mapper,
                 const char           *name,
                 ImportData           *import)
{
  if (import->member != NULL)
    _rushes_backends_page_queue_edit (import->page, import->id, import->member, name);
}

GtkWindow *
rushes_backends_page_import_workflow (RushesBackendsPage *self,
                                      const char         *backend_id,
                                      const char         *graph_json,
                                      const char         *file_name)
{
  g_autoptr(GError) error = NULL;
  RushesWorkflowMapper *mapper;
  GtkRoot *root;

  g_return_val_if_fail (RUSHES_IS_BACKENDS_PAGE (self), NULL);
  g_return_val_if_fail (backend_id != NULL, NULL);

  mapper = rushes_workflow_mapper_new (graph_json, file_name, &error);
  if (mapper == NULL)
    {
      _rushes_backends_page_show_error (self, error->message);
      return NULL;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (mapper), GTK_WINDOW (root));
  g_signal_connect_data (mapper, "saved", G_CALLBACK (mapper_saved_cb),
                         import_data_new (self, backend_id), import_data_free, 0);
  gtk_window_present (GTK_WINDOW (mapper));
  return GTK_WINDOW (mapper);
}

static void
workflow_loaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ImportData *import = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *base = g_file_get_basename (G_FILE (source));
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _rushes_backends_page_show_error (import->page, error->message);
    }
  else if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    _rushes_backends_page_show_error (import->page, _("This file is not a ComfyUI workflow (not JSON text)"));
  else
    rushes_backends_page_import_workflow (import->page, import->id, contents, base);
  import_data_free (import, NULL);
}

static void
import_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  ImportData *import = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        {
          g_file_load_contents_async (file, import->page->cancellable, workflow_loaded_cb, import);
          import = NULL;
        }
    }
  if (import != NULL)
    import_data_free (import, NULL);
  g_object_unref (native);
}

static void
import_clicked_cb (GtkButton             *button,
                   RushesBackendsPageRow *rd)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Import a ComfyUI Workflow"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("API-format workflows (JSON)"));
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (import_response_cb), import_data_new (rd->page, rd->id));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

GtkWidget *
_rushes_backends_page_import_row_new (RushesBackendsPageRow *rd)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Import Workflow…"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Your own workflow"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("A workflow saved with “Export (API)” in ComfyUI"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (import_clicked_cb), rd);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}
