/* rushes-backends-page.c: the "Backends" preferences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page itself: the list of configured backends (one row each, built in
 * rushes-backends-page-row.c), "Add a Backend" (its rows follow the chosen
 * kind's description, rushes-backend-kinds.h) and edits of a backend's
 * config. The page knows no kind by name.
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

#include "rushes-backends-page-private.h"
#include "rushes-secrets.h"

G_DEFINE_FINAL_TYPE (RushesBackendsPage, rushes_backends_page, ADW_TYPE_PREFERENCES_PAGE)

enum
{
  PROP_0,
  PROP_REGISTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  const RushesBackendKindInfo *info;

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
  if (url_clean != NULL && url_clean[0] != '\0' && !rushes_backend_kinds_check_url (url_clean, error))
    return NULL;
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

  info = rushes_backend_kinds_lookup (kind);
  for (const RushesBackendField *field = info ? info->fields : NULL; field && field->member; field++)
    if (field->required && !json_object_has_member (config, field->member))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Fill in “%s”"), _(field->title));
        return NULL;
      }

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

/* ---- edits ---------------------------------------------------------------------- */

void
_rushes_backends_page_show_error (RushesBackendsPage *self,
                                  const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    adw_action_row_set_subtitle (self->add_row, message);
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
  const RushesBackendKindInfo *info;
  const RushesBackendField *field;

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
  info = rushes_backend_kinds_lookup (json_object_get_string_member_with_default (config, "kind", ""));
  field = info ? rushes_backend_kind_info_get_field (info, edit->member) : NULL;
  if (field != NULL && field->replaces != NULL && json_object_has_member (config, field->replaces))
    json_object_remove_member (config, field->replaces);

  checked = rushes_backends_page_build_config (json_object_get_string_member_with_default (config, "kind", NULL),
                                               edit->id,
                                               json_object_get_string_member_with_default (config, "url", NULL),
                                               json_object_get_string_member_with_default (config, "key_env", NULL),
                                               NULL, &error);
  if (checked == NULL)
    {
      _rushes_backends_page_show_error (self, error->message);
      return G_SOURCE_REMOVE;
    }

  if (!rushes_backend_registry_remove (self->registry, edit->id, &error))
    {
      _rushes_backends_page_show_error (self, error->message);
      return G_SOURCE_REMOVE;
    }
  if (rushes_backend_registry_add (self->registry, config, &error) == NULL)
    {
      g_autoptr(GError) restore_error = NULL;

      _rushes_backends_page_show_error (self, error->message);
      /* put the old one back */
      rushes_backend_registry_add (self->registry, old_config, &restore_error);
    }

  return G_SOURCE_REMOVE;
}

void
_rushes_backends_page_queue_edit (RushesBackendsPage *page,
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

/* ---- add ---------------------------------------------------------------------- */

static void
add_key_stored_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(RushesBackendsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rushes_secrets_store_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _rushes_backends_page_show_error (self, error->message);
}

/* the rows the chosen kind's settings need */
/* The address checked as it is typed: Add only while it is fine. */
static void
add_form_check (RushesBackendsPage *self)
{
  GtkStringObject *kind_obj = adw_combo_row_get_selected_item (self->kind_row);
  const RushesBackendKindInfo *info = kind_obj ? rushes_backend_kinds_lookup (gtk_string_object_get_string (kind_obj)) : NULL;
  const RushesBackendField *field = info ? rushes_backend_kind_info_get_field (info, "url") : NULL;
  static const RushesBackendField any_url = { .member = "url", .validate = rushes_backend_kinds_check_url };
  g_autofree char *message = NULL;
  gboolean valid = !gtk_widget_get_visible (GTK_WIDGET (self->url_row)) ||
                   _rushes_backends_page_check_entry (self->url_row, field ? field : &any_url, &message);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), valid);
  adw_action_row_set_subtitle (self->add_row, message ? message : "");
  if (!valid)
    gtk_widget_add_css_class (GTK_WIDGET (self->add_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->add_row), "error");
}

static void
add_kind_selected_cb (RushesBackendsPage *self)
{
  GtkStringObject *kind_obj = adw_combo_row_get_selected_item (self->kind_row);
  const RushesBackendKindInfo *info = kind_obj ? rushes_backend_kinds_lookup (gtk_string_object_get_string (kind_obj)) : NULL;
  gboolean has_key = info == NULL || info->key == RUSHES_BACKEND_KEY_KEYRING;

  gtk_widget_set_visible (GTK_WIDGET (self->url_row),
                          info == NULL || rushes_backend_kind_info_get_field (info, "url") != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->key_row), has_key);
  gtk_widget_set_visible (GTK_WIDGET (self->key_env_row), has_key);
  add_form_check (self);
}

static void
add_clicked_cb (RushesBackendsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  GtkStringObject *kind_obj = adw_combo_row_get_selected_item (self->kind_row);
  const char *kind = kind_obj ? gtk_string_object_get_string (kind_obj) : NULL;
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  gboolean has_url = gtk_widget_get_visible (GTK_WIDGET (self->url_row));
  gboolean has_key = gtk_widget_get_visible (GTK_WIDGET (self->key_row));
  const char *key = has_key ? gtk_editable_get_text (GTK_EDITABLE (self->key_row)) : NULL;

  config = rushes_backends_page_build_config (kind, name,
                                              has_url ? gtk_editable_get_text (GTK_EDITABLE (self->url_row)) : NULL,
                                              has_key ? gtk_editable_get_text (GTK_EDITABLE (self->key_env_row)) : NULL,
                                              NULL, &error);
  if (config == NULL || rushes_backend_registry_add (self->registry, config, &error) == NULL)
    {
      _rushes_backends_page_show_error (self, error->message);
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
  g_auto(GStrv) addable = NULL;

  G_OBJECT_CLASS (rushes_backends_page_parent_class)->constructed (object);

  rushes_backend_kinds_register_all ();
  addable = rushes_backend_kinds_list_addable ();
  gtk_string_list_splice (self->kinds, 0, 0, (const char * const *) addable);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (self->kinds));
  g_signal_connect_swapped (self->kind_row, "notify::selected-item", G_CALLBACK (add_kind_selected_cb), self);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (add_form_check), self);
  add_kind_selected_cb (self);

  if (self->registry != NULL)
    gtk_list_box_bind_model (self->backends_list, G_LIST_MODEL (self->registry),
                             _rushes_backends_page_create_row, self, NULL);
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
  gtk_widget_class_bind_template_child (widget_class, RushesBackendsPage, add_button);
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
