/* rushes-backends-page.c: the "Backends" preferences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: everything here runs on the main thread except the two blocking
 * jobs, which run in GTask threads and touch no widget: the keyring calls
 * (rushes_secrets_* async API) and "Test connection" (network). Their
 * callbacks come back to the main thread; the page's cancellable is
 * cancelled on dispose so late answers are dropped.
 */
#define G_LOG_DOMAIN "rushes-backends-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-backends-page.h"
#include "rushes-backend-kinds.h"
#include "rushes-secrets.h"
#include "rushes-replicate-backend.h"
#include "rushes-fal-backend.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-workflow-mapper.h"

struct _RushesBackendsPage
{
  AdwPreferencesPage parent_instance;

  /* template widgets */
  GtkListBox          *backends_list;
  AdwComboRow         *kind_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *url_row;
  AdwPasswordEntryRow *key_row;
  AdwEntryRow         *key_env_row;
  AdwActionRow        *add_row;

  /* owned */
  RushesBackendRegistry *registry;
  GtkStringList         *kinds;
  GCancellable          *cancellable;
};

G_DEFINE_FINAL_TYPE (RushesBackendsPage, rushes_backends_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_REGISTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* kinds offered in "Add a Backend", in this order, when registered */
static const char * const addable_kinds[] = { "comfyui", "gradio", "replicate", "fal", NULL };

/* ---- display-free helpers ---------------------------------------------------- */

static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || name[0] == '\0' || strlen (name) > 64)
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

JsonObject *
rushes_backends_page_build_config (const char  *kind,
                                   const char  *name,
                                   const char  *url,
                                   const char  *key_env,
                                   const char  *model,
                                   GError     **error)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autofree char *url_clean = url ? g_strstrip (g_strdup (url)) : NULL;
  g_autofree char *env_clean = key_env ? g_strstrip (g_strdup (key_env)) : NULL;

  if (kind == NULL || kind[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Choose a kind of backend"));
      return NULL;
    }
  if (!is_valid_name (name))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The name may only hold letters, digits, “-”, “_” and “.”"));
      return NULL;
    }
  if (url_clean != NULL && url_clean[0] != '\0')
    {
      g_autoptr(GUri) uri = g_uri_parse (url_clean, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
          (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The server address must start with http:// or https://"));
          return NULL;
        }
    }
  if (env_clean != NULL && env_clean[0] != '\0' && !rushes_secrets_is_valid_env_name (env_clean))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The environment variable name may only hold letters, digits and “_”"));
      return NULL;
    }

  json_object_set_string_member (config, "id", name);
  json_object_set_string_member (config, "kind", kind);
  if (url_clean != NULL && url_clean[0] != '\0')
    json_object_set_string_member (config, "url", url_clean);
  if (env_clean != NULL && env_clean[0] != '\0')
    json_object_set_string_member (config, "key_env", env_clean);
  if (model != NULL && model[0] != '\0')
    json_object_set_string_member (config, "model", model);

  return g_steal_pointer (&config);
}

char *
rushes_backends_page_describe_cost (double      cost_per_second,
                                    const char *currency,
                                    double      seconds)
{
  if (cost_per_second < 0)
    return NULL;
  if (cost_per_second == 0)
    return g_strdup (_("free"));
  if (currency == NULL)
    currency = "USD";
  if (seconds > 0)
    return g_strdup_printf (_("≈ %.2f %s for %g s (%.4f %s per second)"),
                            cost_per_second * seconds, currency, seconds, cost_per_second, currency);
  return g_strdup_printf (_("≈ %.4f %s per second of video"), cost_per_second, currency);
}

/* ---- rows --------------------------------------------------------------------- */

typedef struct
{
  RushesBackendsPage *page;      /* borrowed: rows live inside the page */
  char               *id;
  AdwActionRow       *test_row;
  AdwPasswordEntryRow *key_row;
  GtkButton          *test_button;
} RowData;

static void
row_data_free (gpointer data)
{
  RowData *rd = data;

  g_free (rd->id);
  g_free (rd);
}

static void
show_error (RushesBackendsPage *self,
            const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    adw_action_row_set_subtitle (self->add_row, message);
}

typedef struct
{
  RushesBackend *backend;
  GtkWidget     *row;      /* the test row, kept alive for the answer */
  GtkWidget     *button;
} TestData;

static void
test_data_free (gpointer data)
{
  TestData *td = data;

  g_clear_object (&td->backend);
  g_clear_object (&td->row);
  g_clear_object (&td->button);
  g_free (td);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestData *td = task_data;
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (td->backend);
  g_autoptr(GString) text = g_string_new (NULL);
  GError *error = NULL;
  g_autofree char *summary = rushes_backend_kinds_test_connection (td->backend, cancellable, &error);

  if (summary == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_string_append (text, summary);

  if (caps->models != NULL && caps->models[0] != NULL)
    {
      g_autofree char *models = g_strjoinv (", ", caps->models);
      g_string_append_printf (text, "\n%s %s", _("Models:"), models);
    }
  {
    g_autofree char *cost = rushes_backends_page_describe_cost (caps->cost_per_second, caps->cost_currency, 0);

    if (cost != NULL)
      g_string_append_printf (text, "\n%s", cost);
  }

  g_task_return_pointer (task, g_string_free (g_steal_pointer (&text), FALSE), g_free);
}

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestData *td = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (td->button, TRUE);
  if (text != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (td->row), text);
  else
    {
      g_autofree char *markup = g_markup_printf_escaped ("%s", error->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (td->row), markup);
    }
}

static void
test_clicked_cb (GtkButton *button,
                 RowData   *rd)
{
  RushesBackend *backend = rushes_backend_registry_lookup (rd->page->registry, rd->id);
  g_autoptr(GTask) task = NULL;
  TestData *td;

  if (backend == NULL)
    return;

  td = g_new0 (TestData, 1);
  td->backend = g_object_ref (backend);
  td->row = g_object_ref (GTK_WIDGET (rd->test_row));
  td->button = g_object_ref (GTK_WIDGET (button));

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (rd->test_row, _("Testing…"));

  task = g_task_new (rd->page, rd->page->cancellable, test_done_cb, NULL);
  g_task_set_source_tag (task, test_clicked_cb);
  g_task_set_task_data (task, td, test_data_free);
  g_task_run_in_thread (task, test_thread);
}

static void
key_stored_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdwPasswordEntryRow) row = user_data;
  g_autoptr(GError) error = NULL;

  if (!rushes_secrets_store_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), error->message);
      return;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("API key saved in the keyring (type to replace)"));
}

static void
key_apply_cb (AdwEntryRow *row,
              RowData     *rd)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autofree char *label = NULL;

  if (key == NULL || key[0] == '\0')
    return;

  label = g_strdup_printf (_("Rushes API key for “%s”"), rd->id);
  rushes_secrets_store (rd->id, label, key, rd->page->cancellable, key_stored_cb, g_object_ref (row));
  /* the key is not kept in the widget */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

/* Edits are a remove + add with the same id: the registry rebuilds the
 * backend from its new config. That destroys the row, so it happens from an
 * idle callback, never inside the row's own signal. */
typedef struct
{
  RushesBackendsPage *page;   /* owned */
  char               *id;
  char               *member;
  char               *value;
} Edit;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_object_unref (edit->page);
  g_free (edit->id);
  g_free (edit->member);
  g_free (edit->value);
  g_free (edit);
}

static gboolean
apply_edit_cb (gpointer data)
{
  Edit *edit = data;
  RushesBackendsPage *self = edit->page;
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonObject) old_config = NULL;
  g_autoptr(JsonObject) checked = NULL;
  g_autoptr(GError) error = NULL;

  if (self->registry == NULL)
    return G_SOURCE_REMOVE;
  config = rushes_backend_registry_dup_config (self->registry, edit->id);
  old_config = rushes_backend_registry_dup_config (self->registry, edit->id);
  if (config == NULL)
    return G_SOURCE_REMOVE;

  if (edit->value != NULL && edit->value[0] != '\0')
    json_object_set_string_member (config, edit->member, edit->value);
  else if (json_object_has_member (config, edit->member))
    json_object_remove_member (config, edit->member);
  /* a chosen workflow replaces a mapping file given by hand */
  if (g_str_equal (edit->member, "workflow") && json_object_has_member (config, "mapping_file"))
    json_object_remove_member (config, "mapping_file");

  checked = rushes_backends_page_build_config (json_object_get_string_member_with_default (config, "kind", NULL),
                                               edit->id,
                                               json_object_get_string_member_with_default (config, "url", NULL),
                                               json_object_get_string_member_with_default (config, "key_env", NULL),
                                               NULL, &error);
  if (checked == NULL)
    {
      show_error (self, error->message);
      return G_SOURCE_REMOVE;
    }

  if (!rushes_backend_registry_remove (self->registry, edit->id, &error))
    {
      show_error (self, error->message);
      return G_SOURCE_REMOVE;
    }
  if (rushes_backend_registry_add (self->registry, config, &error) == NULL)
    {
      g_autoptr(GError) restore_error = NULL;

      show_error (self, error->message);
      /* put the old one back */
      rushes_backend_registry_add (self->registry, old_config, &restore_error);
    }

  return G_SOURCE_REMOVE;
}

static void
queue_edit (RushesBackendsPage *page,
            const char         *id,
            const char         *member,
            const char         *value)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->page = g_object_ref (page);
  edit->id = g_strdup (id);
  edit->member = g_strdup (member);
  edit->value = g_strdup (value);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_edit_cb, edit, edit_free);
}

static void
replace_member (RowData    *rd,
                const char *member,
                const char *value)
{
  queue_edit (rd->page, rd->id, member, value);
}

static void
url_apply_cb (AdwEntryRow *row,
              RowData     *rd)
{
  replace_member (rd, "url", gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
key_env_apply_cb (AdwEntryRow *row,
                  RowData     *rd)
{
  replace_member (rd, "key_env", gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
model_selected_cb (AdwComboRow *row,
                   GParamSpec  *pspec,
                   RowData     *rd)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (item != NULL)
    replace_member (rd, "model", gtk_string_object_get_string (item));
}

static GtkWidget *
model_row_new (RushesBackend      *backend,
               JsonObject         *config,
               RushesCapabilities *caps,
               RowData            *rd)
{
  const char *kind = rushes_backend_get_kind (backend);
  const char *current = config ? json_object_get_string_member_with_default (config, "model", NULL) : NULL;
  g_autoptr(GtkStringList) models = gtk_string_list_new ((const char * const *) caps->models);
  GtkWidget *row = adw_combo_row_new ();

  if (current == NULL)
    current = g_str_equal (kind, "fal") ? RUSHES_FAL_DEFAULT_MODEL : RUSHES_REPLICATE_DEFAULT_MODEL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Default model"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (models));
  for (guint i = 0; caps->models[i] != NULL; i++)
    if (g_str_equal (caps->models[i], current))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  /* connected after the initial selection, so only the user's choice edits */
  g_signal_connect (row, "notify::selected", G_CALLBACK (model_selected_cb), rd);
  return row;
}

/* ---- ComfyUI workflows --------------------------------------------------------- */

static void
workflow_selected_cb (AdwComboRow *row,
                      GParamSpec  *pspec,
                      RowData     *rd)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (item != NULL)
    replace_member (rd, "workflow", gtk_string_object_get_string (item));
}

static GtkWidget *
workflow_row_new (JsonObject *config,
                  RowData    *rd)
{
  g_auto(GStrv) names = rushes_comfyui_workflow_list_templates ();
  g_autoptr(GtkStringList) model = gtk_string_list_new ((const char * const *) names);
  const char *current = config ? json_object_get_string_member_with_default (config, "workflow", "ltx-video") : "ltx-video";
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Workflow"));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), GTK_INVALID_LIST_POSITION);
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], current))
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  if (config != NULL && json_object_has_member (config, "mapping_file"))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Now set by a mapping file in the configuration"));
  /* connected after the initial selection, so only the user's choice edits */
  g_signal_connect (row, "notify::selected", G_CALLBACK (workflow_selected_cb), rd);
  return row;
}

typedef struct
{
  RushesBackendsPage *page;   /* owned */
  char               *id;
} ImportData;

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
  return import;
}

static void
mapper_saved_cb (RushesWorkflowMapper *mapper,
                 const char           *name,
                 ImportData           *import)
{
  queue_edit (import->page, import->id, "workflow", name);
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
      show_error (self, error->message);
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
        show_error (import->page, error->message);
    }
  else if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    show_error (import->page, _("This file is not a ComfyUI workflow (not JSON text)"));
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
import_clicked_cb (GtkButton *button,
                   RowData   *rd)
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

static GtkWidget *
import_row_new (RowData *rd)
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

static void
secret_cleared_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!rushes_secrets_clear_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Could not remove a key from the keyring: %s", error->message);
}

static void
remove_clicked_cb (GtkButton *button,
                   RowData   *rd)
{
  RushesBackendsPage *self = rd->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (rd->id);   /* rd dies with the row */

  if (!rushes_backend_registry_remove (self->registry, id, &error))
    {
      show_error (self, error->message);
      return;
    }
  rushes_secrets_clear (id, NULL, secret_cleared_cb, NULL);
}

static GtkWidget *
create_row_cb (gpointer item,
               gpointer user_data)
{
  RushesBackendsPage *self = user_data;
  RushesBackend *backend = item;
  const char *id = rushes_backend_get_id (backend);
  g_autoptr(JsonObject) config = rushes_backend_registry_dup_config (self->registry, id);
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);
  g_autofree char *cost = rushes_backends_page_describe_cost (caps->cost_per_second, caps->cost_currency, 0);
  g_autoptr(GString) subtitle = g_string_new (rushes_backend_get_kind (backend));
  const char *url = config ? json_object_get_string_member_with_default (config, "url", NULL) : NULL;
  const char *key_env = config ? json_object_get_string_member_with_default (config, "key_env", NULL) : NULL;
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  RowData *rd = g_new0 (RowData, 1);
  GtkWidget *button;

  rd->page = self;
  rd->id = g_strdup (id);
  g_object_set_data_full (G_OBJECT (row), "rushes-row-data", rd, row_data_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), rushes_backend_get_display_name (backend));
  if (!g_str_equal (id, rushes_backend_get_display_name (backend)))
    g_string_append_printf (subtitle, " · %s", id);
  if (url != NULL)
    g_string_append_printf (subtitle, " · %s", url);
  if (cost != NULL)
    g_string_append_printf (subtitle, " · %s", cost);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle->str, -1);
    adw_expander_row_set_subtitle (row, escaped);
  }

  if (rushes_backend_is_remote (backend))
    {
      GtkWidget *url_row = adw_entry_row_new ();
      GtkWidget *env_row = adw_entry_row_new ();
      GtkWidget *key_row = adw_password_entry_row_new ();

      if ((g_str_equal (rushes_backend_get_kind (backend), "replicate") ||
           g_str_equal (rushes_backend_get_kind (backend), "fal")) &&
          caps->models != NULL && caps->models[0] != NULL)
        adw_expander_row_add_row (row, model_row_new (backend, config, caps, rd));
      if (g_str_equal (rushes_backend_get_kind (backend), "comfyui"))
        {
          adw_expander_row_add_row (row, workflow_row_new (config, rd));
          adw_expander_row_add_row (row, import_row_new (rd));
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (url_row), _("Server address"));
      gtk_editable_set_text (GTK_EDITABLE (url_row), url ? url : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (url_row), TRUE);
      g_signal_connect (url_row, "apply", G_CALLBACK (url_apply_cb), rd);
      adw_expander_row_add_row (row, url_row);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key_row),
                                     key_env ? _("API key (not used: the variable below is)") : _("API key (kept in the keyring)"));
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (key_row), TRUE);
      g_signal_connect (key_row, "apply", G_CALLBACK (key_apply_cb), rd);
      adw_expander_row_add_row (row, key_row);
      rd->key_row = ADW_PASSWORD_ENTRY_ROW (key_row);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (env_row), _("Environment variable holding the key"));
      gtk_editable_set_text (GTK_EDITABLE (env_row), key_env ? key_env : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (env_row), TRUE);
      g_signal_connect (env_row, "apply", G_CALLBACK (key_env_apply_cb), rd);
      adw_expander_row_add_row (row, env_row);
    }

  rd->test_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (rd->test_row), _("Connection"));
  adw_action_row_set_subtitle (rd->test_row, _("Not tested yet"));
  button = gtk_button_new_with_mnemonic (_("_Test Connection"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (test_clicked_cb), rd);
  adw_action_row_add_suffix (rd->test_row, button);
  rd->test_button = GTK_BUTTON (button);
  adw_expander_row_add_row (row, GTK_WIDGET (rd->test_row));

  if (!g_str_equal (rushes_backend_get_kind (backend), "sketch"))
    {
      GtkWidget *remove_row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove this backend"));
      button = gtk_button_new_with_mnemonic (_("_Remove"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "destructive-action");
      g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), rd);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), button);
      adw_expander_row_add_row (row, remove_row);
    }

  return GTK_WIDGET (row);
}

/* ---- add ---------------------------------------------------------------------- */

static void
add_key_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RushesBackendsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rushes_secrets_store_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (self, error->message);
}

static void
add_clicked_cb (RushesBackendsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  GtkStringObject *kind_obj = adw_combo_row_get_selected_item (self->kind_row);
  const char *kind = kind_obj ? gtk_string_object_get_string (kind_obj) : NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));

  config = rushes_backends_page_build_config (kind, name,
                                              gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                                              gtk_editable_get_text (GTK_EDITABLE (self->key_env_row)),
                                              NULL, &error);
  if (config == NULL || rushes_backend_registry_add (self->registry, config, &error) == NULL)
    {
      show_error (self, error->message);
      return;
    }

  if (key != NULL && key[0] != '\0')
    rushes_secrets_store (name, NULL, key, self->cancellable, add_key_stored_cb, g_object_ref (self));

  adw_action_row_set_subtitle (self->add_row, "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->key_env_row), "");
}

/* ---- GObject ------------------------------------------------------------------- */

static void
rushes_backends_page_constructed (GObject *object)
{
  RushesBackendsPage *self = RUSHES_BACKENDS_PAGE (object);

  G_OBJECT_CLASS (rushes_backends_page_parent_class)->constructed (object);

  rushes_backend_kinds_register_all ();
  for (guint i = 0; addable_kinds[i] != NULL; i++)
    if (rushes_backend_registry_has_kind (addable_kinds[i]))
      gtk_string_list_append (self->kinds, addable_kinds[i]);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (self->kinds));

  if (self->registry != NULL)
    gtk_list_box_bind_model (self->backends_list, G_LIST_MODEL (self->registry),
                             create_row_cb, self, NULL);
}

static void
rushes_backends_page_dispose (GObject *object)
{
  RushesBackendsPage *self = RUSHES_BACKENDS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->backends_list != NULL)
    gtk_list_box_bind_model (self->backends_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_BACKENDS_PAGE);
  g_clear_object (&self->registry);
  g_clear_object (&self->kinds);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (rushes_backends_page_parent_class)->dispose (object);
}

static void
rushes_backends_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RushesBackendsPage *self = RUSHES_BACKENDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_backends_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RushesBackendsPage *self = RUSHES_BACKENDS_PAGE (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_backends_page_class_init (RushesBackendsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = rushes_backends_page_constructed;
  object_class->dispose = rushes_backends_page_dispose;
  object_class->get_property = rushes_backends_page_get_property;
  object_class->set_property = rushes_backends_page_set_property;

  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, RUSHES_TYPE_BACKEND_REGISTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-backends-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, backends_list);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, kind_row);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, key_env_row);
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, add_row);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
rushes_backends_page_init (RushesBackendsPage *self)
{
  self->kinds = gtk_string_list_new (NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rushes_backends_page_new (RushesBackendRegistry *registry)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (registry), NULL);

  return g_object_new (RUSHES_TYPE_BACKENDS_PAGE, "registry", registry, NULL);
}

RushesBackendRegistry *
rushes_backends_page_get_registry (RushesBackendsPage *self)
{
  g_return_val_if_fail (RUSHES_IS_BACKENDS_PAGE (self), NULL);
  return self->registry;
}
