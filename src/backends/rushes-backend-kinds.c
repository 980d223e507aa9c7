/* rushes-backend-kinds.c: registration and "Test connection" for all kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-backends"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-comfyui-backend.h"
#include "rushes-gradio-backend.h"
#include "rushes-hosted.h"
#include "rushes-remote-util.h"
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

  g_string_append_printf (out, _("ComfyUI %s is reachable; workflow “%s”."),
                          json_object_get_string_member_with_default (probe, "version", "?"),
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

char *
rushes_backend_kinds_test_connection (RushesBackend  *backend,
                                      GCancellable   *cancellable,
                                      GError        **error)
{
  const char *kind;

  g_return_val_if_fail (RUSHES_IS_BACKEND (backend), NULL);

  kind = rushes_backend_get_kind (backend);

  if (g_str_equal (kind, "replicate") || g_str_equal (kind, "fal"))
    return rushes_hosted_test_connection (backend, cancellable, error);

  if (RUSHES_IS_COMFYUI_BACKEND (backend))
    {
      g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));
      g_autoptr(JsonObject) probe = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), cancellable, error);

      return probe ? describe_comfyui (probe, workflow) : NULL;
    }

  if (RUSHES_IS_GRADIO_BACKEND (backend))
    {
      g_autoptr(JsonObject) info = rushes_gradio_backend_discover (RUSHES_GRADIO_BACKEND (backend), cancellable, error);

      return info ? describe_gradio (info) : NULL;
    }

  if (!rushes_backend_is_remote (backend))
    return g_strdup_printf (_("%s runs on this computer; nothing to connect to."),
                            rushes_backend_get_display_name (backend));

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("No connection test for backends of kind “%s”"), kind);
  return NULL;
}
