/* rushes-backend-kinds.c: registration, settings and "Test connection" for all kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-backends"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-comfyui-backend.h"
#include "rushes-fal-backend.h"
#include "rushes-gradio-backend.h"
#include "rushes-hosted.h"
#include "rushes-remote-util.h"
#include "rushes-replicate-backend.h"
#include "rushes-sketch-backend.h"

static RushesBackend *
sketch_factory (JsonObject  *config,
                GError     **error)
{
  return rushes_sketch_backend_new ();
}

void
rushes_backend_kinds_register_all (void)
{
  if (!rushes_backend_registry_has_kind ("sketch"))
    rushes_backend_registry_register_kind ("sketch", sketch_factory);
  rushes_remote_register_kinds ();
  rushes_hosted_register_kinds ();
}

/* ---- "Test connection" --------------------------------------------------------- */

static void
append_strings (GString    *out,
                const char *label,
                JsonNode   *node)
{
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return;

  g_string_append_printf (out, "\n%s ", label);
  for (guint i = 0; i < n && i < 50; i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", json_node_get_string (e));
    }
  if (n > 50)
    g_string_append_printf (out, _(" … (%u in all)"), n);
}

static char *
describe_comfyui (JsonObject           *probe,
                  RushesComfyuiWorkflow *workflow)
{
  GString *out = g_string_new (NULL);
  JsonNode *models = json_object_get_member (probe, "models");
  JsonNode *substitutions = json_object_get_member (probe, "substitutions");
  const char *version = json_object_get_string_member_with_default (probe, "version", "");
  const char *too_old = json_object_get_string_member_with_default (probe, "too_old", NULL);

  if (*version == '\0')
    version = json_object_get_string_member_with_default (probe, "version_note", "?");
  g_string_append_printf (out, _("ComfyUI %s is reachable; workflow “%s”."), version,
                          workflow ? rushes_comfyui_workflow_get_display_name (workflow) : "?");
  if (models != NULL && JSON_NODE_HOLDS_OBJECT (models))
    {
      JsonObject *obj = json_node_get_object (models);
      g_autoptr(GList) inputs = json_object_get_members (obj);

      for (GList *l = inputs; l != NULL; l = l->next)
        {
          g_autofree char *label = g_strdup_printf ("%s:", (const char *) l->data);
          append_strings (out, label, json_object_get_member (obj, l->data));
        }
    }
  append_strings (out, _("Missing nodes:"), json_object_get_member (probe, "missing_nodes"));
  append_strings (out, _("Missing models:"), json_object_get_member (probe, "missing_models"));
  for (guint i = 0; substitutions != NULL && JSON_NODE_HOLDS_ARRAY (substitutions)
                    && i < json_array_get_length (json_node_get_array (substitutions)); i++)
    g_string_append_printf (out, "\n%s", json_array_get_string_element (json_node_get_array (substitutions), i));
  if (too_old != NULL)
    g_string_append_printf (out, "\n%s", too_old);
  return g_string_free (out, FALSE);
}

static char *
describe_gradio (JsonObject *info)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, _("Gradio %s is reachable; generating with %s."),
                          json_object_get_string_member_with_default (info, "version", "?"),
                          json_object_get_string_member_with_default (info, "api_name", "?"));
  append_strings (out, _("Endpoints:"), json_object_get_member (info, "endpoints"));
  append_strings (out, _("Parameters:"), json_object_get_member (info, "parameters"));
  append_strings (out, _("Not set by Rushes (defaults used):"), json_object_get_member (info, "unmapped"));
  return g_string_free (out, FALSE);
}

static char *
test_hosted (RushesBackend  *backend,
             GCancellable   *cancellable,
             GError        **error)
{
  return rushes_hosted_test_connection (backend, cancellable, error);
}

static char *
test_comfyui (RushesBackend  *backend,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));
  g_autoptr(JsonObject) probe = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), cancellable, error);

  return probe ? describe_comfyui (probe, workflow) : NULL;
}

static char *
test_gradio (RushesBackend  *backend,
             GCancellable   *cancellable,
             GError        **error)
{
  g_autoptr(JsonObject) info = rushes_gradio_backend_discover (RUSHES_GRADIO_BACKEND (backend), cancellable, error);

  return info ? describe_gradio (info) : NULL;
}

/* ---- settings ------------------------------------------------------------------ */

static GStrv
list_models (RushesBackend *backend)
{
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);

  return g_strdupv (caps->models);
}

static GStrv
list_workflows (RushesBackend *backend)
{
  return rushes_comfyui_workflow_list_templates ();
}

#define SERVER_ADDRESS(is_required) \
  { .member = "url", .type = RUSHES_BACKEND_FIELD_TEXT, .title = N_("Server address"), .required = is_required, \
    .validate = rushes_backend_kinds_check_url }
#define DEFAULT_MODEL(default_model) \
  { .member = "model", .type = RUSHES_BACKEND_FIELD_CHOICE, .title = N_("Default model"), \
    .list_choices = list_models, .fallback = default_model }

static const RushesBackendField no_fields[] = { { NULL } };

static const RushesBackendField comfyui_fields[] = {
  { .member = "workflow", .type = RUSHES_BACKEND_FIELD_CHOICE, .title = N_("Workflow"),
    .list_choices = list_workflows, .fallback = "ltx-video",
    /* a chosen workflow replaces a mapping file given by hand */
    .replaces = "mapping_file", .replaced_note = N_("Now set by a mapping file in the configuration"),
    .importable = TRUE },
  SERVER_ADDRESS (TRUE),
  { NULL }
};

/* Gradio (which may name a Space instead) and kinds registered elsewhere */
static const RushesBackendField address_fields[] = { SERVER_ADDRESS (FALSE), { NULL } };

/* hosted services: an empty address is the service's own */
static const RushesBackendField replicate_fields[] = {
  DEFAULT_MODEL (RUSHES_REPLICATE_DEFAULT_MODEL),
  SERVER_ADDRESS (FALSE),
  { NULL }
};

static const RushesBackendField fal_fields[] = {
  DEFAULT_MODEL (RUSHES_FAL_DEFAULT_MODEL),
  SERVER_ADDRESS (FALSE),
  { NULL }
};

/* the order "Add a Backend" offers them in */
static const RushesBackendKindInfo kinds[] = {
  { "sketch",    TRUE,  RUSHES_BACKEND_KEY_NONE,    no_fields,        NULL },
  { "comfyui",   FALSE, RUSHES_BACKEND_KEY_KEYRING, comfyui_fields,   test_comfyui,   "ComfyUI" },
  { "gradio",    FALSE, RUSHES_BACKEND_KEY_KEYRING, address_fields,   test_gradio,    "Gradio" },
  { "replicate", FALSE, RUSHES_BACKEND_KEY_KEYRING, replicate_fields, test_hosted,  "Replicate" },
  { "fal",       FALSE, RUSHES_BACKEND_KEY_KEYRING, fal_fields,       test_hosted,  "fal" },
};

/* for kinds registered elsewhere (tests) */
static const RushesBackendKindInfo other_local = { NULL, FALSE, RUSHES_BACKEND_KEY_NONE, no_fields, NULL };
static const RushesBackendKindInfo other_remote = { NULL, FALSE, RUSHES_BACKEND_KEY_KEYRING, address_fields, NULL };

const RushesBackendKindInfo *
rushes_backend_kinds_lookup (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return &kinds[i];
  return NULL;
}

const RushesBackendKindInfo *
rushes_backend_kinds_describe (RushesBackend *backend)
{
  const RushesBackendKindInfo *info;

  g_return_val_if_fail (RUSHES_IS_BACKEND (backend), NULL);

  info = rushes_backend_kinds_lookup (rushes_backend_get_kind (backend));
  if (info != NULL)
    return info;
  return rushes_backend_is_remote (backend) ? &other_remote : &other_local;
}

GStrv
rushes_backend_kinds_list_addable (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (!kinds[i].built_in && rushes_backend_registry_has_kind (kinds[i].kind))
      g_strv_builder_add (builder, kinds[i].kind);
  return g_strv_builder_end (builder);
}

const RushesBackendField *
rushes_backend_kind_info_get_field (const RushesBackendKindInfo *info,
                                    const char                  *member)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  for (const RushesBackendField *field = info->fields; field->member != NULL; field++)
    if (g_str_equal (field->member, member))
      return field;
  return NULL;
}

gboolean
rushes_backend_kinds_check_url (const char  *url,
                                GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (url ? url : ""));
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *scheme;

  if (!g_str_has_prefix (clean, "http://") && !g_str_has_prefix (clean, "https://"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address must start with http:// or https://"));
      return FALSE;
    }
  for (const char *p = clean; *p; p++)
    if (g_ascii_isspace (*p))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("The server address may not hold spaces"));
        return FALSE;
      }
  uri = g_uri_parse (clean, G_URI_FLAGS_NONE, &parse_error);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (g_error_matches (parse_error, G_URI_ERROR, G_URI_ERROR_BAD_PORT))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The port must be a number from 1 to 65535, as in http://127.0.0.1:8188"));
      return FALSE;
    }
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This is not a valid web address, e.g. http://127.0.0.1:8188"));
      return FALSE;
    }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address has no server name after “//”"));
      return FALSE;
    }
  if (g_uri_get_port (uri) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The port must be a number from 1 to 65535, as in http://127.0.0.1:8188"));
      return FALSE;
    }
  return TRUE;
}

gboolean
rushes_backend_field_validate (const RushesBackendField  *field,
                               const char                *value,
                               GError                   **error)
{
  g_return_val_if_fail (field != NULL, FALSE);

  if (field->validate == NULL || value == NULL)
    return TRUE;
  {
    g_autofree char *clean = g_strstrip (g_strdup (value));

    if (*clean == '\0')
      return TRUE;
  }
  return field->validate (value, error);
}

char *
rushes_backend_kinds_test_connection (RushesBackend  *backend,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  return rushes_backend_kinds_test_connection_explained (backend, cancellable, NULL, error);
}

char *
rushes_backend_kinds_test_connection_explained (RushesBackend  *backend,
                                                GCancellable   *cancellable,
                                                char          **plain,
                                                GError        **error)
{
  const RushesBackendKindInfo *info;

  g_return_val_if_fail (RUSHES_IS_BACKEND (backend), NULL);

  info = rushes_backend_kinds_describe (backend);
  if (info->test_connection != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GError) cause = NULL;
      char *text;

      rushes_remote_record_cause_begin ();
      text = info->test_connection (backend, cancellable, &local_error);
      cause = rushes_remote_record_cause_end ();
      if (text != NULL)
        return text;
      if (plain != NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* the HTTP error behind it says more, when it is the one that failed the test */
          const GError *why = cause != NULL && local_error->domain == RUSHES_BACKEND_ERROR &&
                              rushes_remote_http_error_code (cause) == (RushesBackendError) local_error->code
                              ? cause : local_error;

          *plain = rushes_http_problem_describe (rushes_http_error_get_problem (why),
                                                 info->server_name ? info->server_name
                                                                   : rushes_backend_get_kind (backend));
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!rushes_backend_is_remote (backend))
    return g_strdup_printf (_("%s runs on this computer; nothing to connect to."),
                            rushes_backend_get_display_name (backend));

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("No connection test for backends of kind “%s”"), rushes_backend_get_kind (backend));
  return NULL;
}
