/* rushes-backends-page-row.c: one configured backend on the Backends page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An expander row per backend, built from its kind's description
 * (rushes_backend_kinds_describe ()): a row per setting (an entry, or a
 * choice of the names the kind lists), the API key (to the keyring, off the
 * main thread, never shown again) or the variable holding it, "Test
 * connection" (in a GTask thread: touches no widget) and "Remove". A changed
 * setting is an edit of the backend's config (_rushes_backends_page_queue_edit).
 */
#define G_LOG_DOMAIN "rushes-backends-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-backends-page-private.h"
#include "rushes-secrets.h"

/* the config member a setting's row edits (a static string of the kind's description) */
#define MEMBER_KEY "rushes-backend-member"

static void
row_data_free (gpointer data)
{
  RushesBackendsPageRow *rd = data;

  g_free (rd->id);
  g_free (rd);
}

/* ---- settings ------------------------------------------------------------------ */

/* the kind's field a setting's row edits (NULL: no checks) */
#define FIELD_KEY "rushes-backend-field"

gboolean
_rushes_backends_page_check_entry (AdwEntryRow              *row,
                                   const RushesBackendField *field,
                                   char                    **message)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = field == NULL ||
                   rushes_backend_field_validate (field, gtk_editable_get_text (GTK_EDITABLE (row)), &error);

  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (row), valid ? NULL : error->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  valid ? "" : error->message, -1);
  if (message != NULL)
    *message = valid ? NULL : g_strdup (error->message);
  return valid;
}

/* Save (the apply button) only while the text is fine */
static void
entry_changed_cb (AdwEntryRow *row)
{
  gboolean valid = _rushes_backends_page_check_entry (row, g_object_get_data (G_OBJECT (row), FIELD_KEY), NULL);

  adw_entry_row_set_show_apply_button (row, valid);
}

static void
entry_apply_cb (AdwEntryRow           *row,
                RushesBackendsPageRow *rd)
{
  if (!_rushes_backends_page_check_entry (row, g_object_get_data (G_OBJECT (row), FIELD_KEY), NULL))
    return;
  _rushes_backends_page_queue_edit (rd->page, rd->id, g_object_get_data (G_OBJECT (row), MEMBER_KEY),
                                    gtk_editable_get_text (GTK_EDITABLE (row)));
}

static GtkWidget *
entry_row_new (const char               *title,
               const char               *member,
               const RushesBackendField *field,
               JsonObject               *config,
               RushesBackendsPageRow    *rd)
{
  GtkWidget *row = adw_entry_row_new ();
  const char *value = config ? json_object_get_string_member_with_default (config, member, NULL) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), MEMBER_KEY, (gpointer) member);
  g_object_set_data (G_OBJECT (row), FIELD_KEY, (gpointer) field);
  g_signal_connect (row, "changed", G_CALLBACK (entry_changed_cb), NULL);
  g_signal_connect (row, "apply", G_CALLBACK (entry_apply_cb), rd);
  return row;
}

static void
choice_selected_cb (AdwComboRow           *row,
                    GParamSpec            *pspec,
                    RushesBackendsPageRow *rd)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  if (item != NULL)
    _rushes_backends_page_queue_edit (rd->page, rd->id, g_object_get_data (G_OBJECT (row), MEMBER_KEY),
                                      gtk_string_object_get_string (item));
}

/* NULL when the kind has nothing to offer this backend */
static GtkWidget *
choice_row_new (const RushesBackendField *field,
                RushesBackend            *backend,
                JsonObject               *config,
                RushesBackendsPageRow    *rd)
{
  g_auto(GStrv) choices = field->list_choices (backend);
  g_autoptr(GtkStringList) model = NULL;
  const char *current = config ? json_object_get_string_member_with_default (config, field->member, NULL) : NULL;
  GtkWidget *row;

  if (choices == NULL || choices[0] == NULL)
    return NULL;
  if (current == NULL)
    current = field->fallback;

  model = gtk_string_list_new ((const char * const *) choices);
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(field->title));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), GTK_INVALID_LIST_POSITION);
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_strcmp0 (choices[i], current) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  if (field->replaces != NULL && config != NULL && json_object_has_member (config, field->replaces))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(field->replaced_note));
  g_object_set_data (G_OBJECT (row), MEMBER_KEY, (gpointer) field->member);
  /* connected after the initial selection, so only the user's choice edits */
  g_signal_connect (row, "notify::selected", G_CALLBACK (choice_selected_cb), rd);
  return row;
}

static void
add_setting_rows (AdwExpanderRow              *row,
                  const RushesBackendKindInfo *info,
                  RushesBackend               *backend,
                  JsonObject                  *config,
                  RushesBackendsPageRow       *rd)
{
  for (const RushesBackendField *field = info->fields; field->member != NULL; field++)
    {
      GtkWidget *setting;

      if (field->type == RUSHES_BACKEND_FIELD_CHOICE)
        setting = choice_row_new (field, backend, config, rd);
      else
        setting = entry_row_new (_(field->title), field->member, field, config, rd);
      if (setting != NULL)
        adw_expander_row_add_row (row, setting);
      if (field->importable)
        adw_expander_row_add_row (row, _rushes_backends_page_import_row_new (rd));
    }
}

/* ---- the API key ----------------------------------------------------------------- */

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
key_apply_cb (AdwEntryRow           *row,
              RushesBackendsPageRow *rd)
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

static void
add_key_rows (AdwExpanderRow        *row,
              JsonObject            *config,
              RushesBackendsPageRow *rd)
{
  const char *key_env = config ? json_object_get_string_member_with_default (config, "key_env", NULL) : NULL;
  GtkWidget *key_row = adw_password_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (key_row),
                                 key_env ? _("API key (not used: the variable below is)") : _("API key (kept in the keyring)"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (key_row), TRUE);
  g_signal_connect (key_row, "apply", G_CALLBACK (key_apply_cb), rd);
  adw_expander_row_add_row (row, key_row);
  rd->key_row = ADW_PASSWORD_ENTRY_ROW (key_row);

  adw_expander_row_add_row (row, entry_row_new (_("Environment variable holding the key"), "key_env", NULL, config, rd));
}

/* ---- "Test connection" ----------------------------------------------------------- */

typedef struct
{
  RushesBackend *backend;
  GtkWidget     *row;      /* the test row, kept alive for the answer */
  GtkWidget     *button;
  GtkWidget     *details;  /* the expander with the raw error */
  char          *plain;    /* what went wrong, in plain words (worker → main) */
} TestData;

static void
test_data_free (gpointer data)
{
  TestData *td = data;

  g_clear_object (&td->backend);
  g_clear_object (&td->row);
  g_clear_object (&td->button);
  g_clear_object (&td->details);
  g_free (td->plain);
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
  g_autofree char *summary = rushes_backend_kinds_test_connection_explained (td->backend, cancellable,
                                                                             &td->plain, &error);

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
  gtk_widget_set_visible (td->details, text == NULL);
  if (text != NULL)
    {
      g_autofree char *markup = g_markup_escape_text (text, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (td->row), markup);
    }
  else
    {
      /* what to do about it first; libcurl's or the server's words behind "Details" */
      g_autofree char *markup = g_markup_escape_text (td->plain ? td->plain : error->message, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (td->row), markup);
      gtk_label_set_label (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (td->details))), error->message);
    }
}

static void
test_clicked_cb (GtkButton             *button,
                 RushesBackendsPageRow *rd)
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
  td->details = g_object_ref (GTK_WIDGET (rd->test_details));

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (rd->test_row, _("Testing…"));
  gtk_widget_set_visible (GTK_WIDGET (rd->test_details), FALSE);

  task = g_task_new (rd->page, rd->page->cancellable, test_done_cb, NULL);
  g_task_set_source_tag (task, test_clicked_cb);
  g_task_set_task_data (task, td, test_data_free);
  g_task_run_in_thread (task, test_thread);
}

/* ---- "Remove" ------------------------------------------------------------------- */

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
remove_clicked_cb (GtkButton             *button,
                   RushesBackendsPageRow *rd)
{
  RushesBackendsPage *self = rd->page;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup (rd->id);   /* rd dies with the row */

  if (!rushes_backend_registry_remove (self->registry, id, &error))
    {
      _rushes_backends_page_show_error (self, error->message);
      return;
    }
  rushes_secrets_clear (id, NULL, secret_cleared_cb, NULL);
}

/* ---- the row --------------------------------------------------------------------- */

static GtkWidget *
button_row_new (const char            *title,
                const char            *mnemonic,
                GCallback              clicked,
                RushesBackendsPageRow *rd,
                GtkWidget            **button_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", clicked, rd);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  if (button_out != NULL)
    *button_out = button;
  return row;
}

/* "Details" under the test row: the raw error, selectable, shown after a failure */
static GtkWidget *
details_row_new (RushesBackendsPageRow *rd)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *expander = gtk_expander_new_with_mnemonic (_("_Details"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 6);
  gtk_expander_set_child (GTK_EXPANDER (expander), label);
  gtk_widget_set_margin_start (expander, 12);
  gtk_widget_set_margin_end (expander, 12);
  gtk_widget_set_margin_top (expander, 8);
  gtk_widget_set_margin_bottom (expander, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), expander);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_visible (expander, FALSE);
  /* the row itself stays: an empty one is nothing to see */
  g_object_bind_property (expander, "visible", row, "visible", G_BINDING_SYNC_CREATE);
  rd->test_details = GTK_EXPANDER (expander);
  return row;
}

GtkWidget *
_rushes_backends_page_create_row (gpointer item,
                                  gpointer user_data)
{
  RushesBackendsPage *self = user_data;
  RushesBackend *backend = item;
  const RushesBackendKindInfo *info = rushes_backend_kinds_describe (backend);
  const char *id = rushes_backend_get_id (backend);
  g_autoptr(JsonObject) config = rushes_backend_registry_dup_config (self->registry, id);
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);
  g_autofree char *cost = rushes_backends_page_describe_cost (caps->cost_per_second, caps->cost_currency, 0);
  g_autoptr(GString) subtitle = g_string_new (rushes_backend_get_kind (backend));
  const char *url = config ? json_object_get_string_member_with_default (config, "url", NULL) : NULL;
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  RushesBackendsPageRow *rd = g_new0 (RushesBackendsPageRow, 1);
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

  add_setting_rows (row, info, backend, config, rd);
  if (info->key == RUSHES_BACKEND_KEY_KEYRING)
    add_key_rows (row, config, rd);

  rd->test_row = ADW_ACTION_ROW (button_row_new (_("Connection"), _("_Test Connection"),
                                                 G_CALLBACK (test_clicked_cb), rd, &button));
  adw_action_row_set_subtitle (rd->test_row, _("Not tested yet"));
  rd->test_button = GTK_BUTTON (button);
  adw_expander_row_add_row (row, GTK_WIDGET (rd->test_row));
  adw_expander_row_add_row (row, details_row_new (rd));

  if (!info->built_in)
    {
      GtkWidget *remove_row = button_row_new (_("Remove this backend"), _("_Remove"),
                                              G_CALLBACK (remove_clicked_cb), rd, &button);

      gtk_widget_add_css_class (button, "destructive-action");
      adw_expander_row_add_row (row, remove_row);
    }

  return GTK_WIDGET (row);
}
