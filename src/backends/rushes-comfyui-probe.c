/* rushes-comfyui-probe.c: what a ComfyUI server offers: "Test connection"
 * (version, missing node classes, model files) and, for servers without
 * SaveVideo, the animated WebP output instead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"

/* Servers older than 2025-04 lack CreateVideo/SaveVideo: replace each
 * CreateVideo → SaveVideo pair by SaveAnimatedWEBP (comfyui.md §3). */
static gboolean
use_webp_output (JsonNode *graph)
{
  JsonObject *g = json_node_get_object (graph);
  g_autoptr(GList) members = json_object_get_members (g);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) remove = g_ptr_array_new_with_free_func (g_free);
  gboolean changed = FALSE;

  /* copies: the loop replaces members, which frees their names */
  for (GList *l = members; l; l = l->next)
    g_ptr_array_add (ids, g_strdup (l->data));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonObject *node = json_object_get_object_member (g, id);
      JsonObject *inputs = node ? json_object_get_object_member (node, "inputs") : NULL;
      JsonNode *video = inputs ? json_object_get_member (inputs, "video") : NULL;
      JsonObject *create, *create_inputs, *webp, *webp_inputs;
      const char *source, *prefix;
      g_autofree char *base = NULL;
      g_autofree char *source_id = NULL;

      if (g_strcmp0 (json_object_get_string_member_with_default (node, "class_type", NULL), "SaveVideo") != 0
          || video == NULL || !JSON_NODE_HOLDS_ARRAY (video)
          || json_array_get_length (json_node_get_array (video)) != 2)
        continue;
      source = json_array_get_string_element (json_node_get_array (video), 0);
      if (source == NULL || !json_object_has_member (g, source))
        continue;
      create = json_object_get_object_member (g, source);
      if (g_strcmp0 (json_object_get_string_member_with_default (create, "class_type", NULL), "CreateVideo") != 0)
        continue;
      create_inputs = json_object_get_object_member (create, "inputs");
      if (!json_object_has_member (create_inputs, "images"))
        continue;

      prefix = json_object_get_string_member_with_default (inputs, "filename_prefix", "rushes");
      base = g_path_get_basename (prefix);
      webp = json_object_new ();
      webp_inputs = json_object_new ();
      json_object_set_member (webp_inputs, "images", json_node_copy (json_object_get_member (create_inputs, "images")));
      json_object_set_double_member (webp_inputs, "fps",
                                     json_object_get_double_member_with_default (create_inputs, "fps", 24.0));
      json_object_set_string_member (webp_inputs, "filename_prefix", base);
      json_object_set_boolean_member (webp_inputs, "lossless", FALSE);
      json_object_set_int_member (webp_inputs, "quality", 90);
      json_object_set_string_member (webp_inputs, "method", "default");
      json_object_set_string_member (webp, "class_type", "SaveAnimatedWEBP");
      json_object_set_object_member (webp, "inputs", webp_inputs);

      source_id = g_strdup (source);
      json_object_set_object_member (g, id, webp);
      g_ptr_array_add (remove, g_steal_pointer (&source_id));
      changed = TRUE;
    }
  for (guint i = 0; i < remove->len; i++)
    json_object_remove_member (g, g_ptr_array_index (remove, i));
  return changed;
}

/* Whether the server has SaveVideo (asked once per backend). */
static int
server_has_save_video (RushesComfyuiBackend  *self,
                       GCancellable          *cancellable,
                       GError               **error)
{
  g_autofree char *url = NULL;
  g_autoptr(JsonNode) info = NULL;
  GError *local = NULL;
  int known;

  g_mutex_lock (&self->lock);
  known = self->save_video;
  g_mutex_unlock (&self->lock);
  if (known >= 0)
    return known;

  url = _rushes_comfyui_backend_api_url (self, "/api/object_info/SaveVideo");
  info = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (info == NULL)
    {
      _rushes_comfyui_backend_propagate (self, error, local);
      return -1;
    }
  known = JSON_NODE_HOLDS_OBJECT (info) && json_object_has_member (json_node_get_object (info), "SaveVideo");
  g_mutex_lock (&self->lock);
  self->save_video = known;
  g_mutex_unlock (&self->lock);
  return known;
}

gboolean
_rushes_comfyui_backend_adapt_output (RushesComfyuiBackend     *self,
                                      RushesComfyuiWorkflow    *workflow,
                                      JsonNode                 *graph,
                                      const RushesBackendCall  *call,
                                      GError                  **error)
{
  g_auto(GStrv) classes = rushes_comfyui_workflow_get_node_classes (workflow);
  int has;

  if (!g_strv_contains ((const char * const *) classes, "SaveVideo"))
    return TRUE;
  has = server_has_save_video (self, call->cancellable, error);
  if (has < 0)
    return FALSE;
  if (has == 0 && use_webp_output (graph) && call->progress)
    call->progress (0.0, _("This ComfyUI server is too old for MP4 output; the take will be an animated WebP"),
                    call->progress_data);
  return TRUE;
}

/* Options of a combo input in an object_info class description. */
static JsonArray *
combo_options (JsonObject *info,
               const char *input)
{
  static const char *sections[] = { "required", "optional" };
  JsonObject *inputs;

  if (!json_object_has_member (info, "input") || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (info, "input")))
    return NULL;
  inputs = json_object_get_object_member (info, "input");
  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      JsonNode *sec = json_object_get_member (inputs, sections[s]);
      JsonNode *spec;
      JsonArray *arr;

      if (sec == NULL || !JSON_NODE_HOLDS_OBJECT (sec))
        continue;
      spec = json_object_get_member (json_node_get_object (sec), input);
      if (spec == NULL || !JSON_NODE_HOLDS_ARRAY (spec))
        continue;
      arr = json_node_get_array (spec);
      if (json_array_get_length (arr) == 0)
        return NULL;
      /* old style: [["a", "b"], {...}] */
      if (JSON_NODE_HOLDS_ARRAY (json_array_get_element (arr, 0)))
        return json_array_get_array_element (arr, 0);
      /* new style: ["COMBO", {"options": [...]}] */
      if (json_array_get_length (arr) > 1 && JSON_NODE_HOLDS_OBJECT (json_array_get_element (arr, 1)))
        {
          JsonObject *o = json_array_get_object_element (arr, 1);
          if (json_object_has_member (o, "options") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "options")))
            return json_object_get_array_member (o, "options");
        }
      return NULL;
    }
  return NULL;
}

JsonObject *
rushes_comfyui_backend_probe (RushesComfyuiBackend  *self,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_auto(GStrv) classes = NULL;
  g_autofree char *url = NULL;
  JsonArray *missing_nodes = json_array_new ();
  JsonArray *missing_models = json_array_new ();
  JsonObject *models = json_object_new ();
  GArray *model_inputs;
  GError *local = NULL;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);

  json_object_set_array_member (result, "missing_nodes", missing_nodes);
  json_object_set_array_member (result, "missing_models", missing_models);
  json_object_set_object_member (result, "models", models);

  if (!_rushes_comfyui_backend_ensure_extra_header (self, cancellable, error))
    return NULL;
  workflow = rushes_comfyui_backend_get_workflow (self);
  url = _rushes_comfyui_backend_api_url (self, "/api/system_stats");
  stats = rushes_http_client_get_json (self->http, url, cancellable, &local);
  if (stats == NULL)
    {
      _rushes_comfyui_backend_propagate (self, error, local);
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (stats)
      && json_object_has_member (json_node_get_object (stats), "system")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (stats), "system")))
    {
      JsonObject *sys = json_object_get_object_member (json_node_get_object (stats), "system");
      json_object_set_string_member (result, "version",
                                     json_object_get_string_member_with_default (sys, "comfyui_version", ""));
    }
  else
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("%s does not answer like a ComfyUI server"), self->base_url);
      return NULL;
    }

  classes = rushes_comfyui_workflow_get_node_classes (workflow);
  for (guint i = 0; classes[i]; i++)
    {
      g_autofree char *path = g_strconcat ("/api/object_info/", classes[i], NULL);
      g_autofree char *curl = NULL;
      JsonNode *info;
      JsonNode *cls;

      curl = _rushes_comfyui_backend_api_url (self, path);
      info = rushes_http_client_get_json (self->http, curl, cancellable, &local);
      if (info == NULL)
        {
          _rushes_comfyui_backend_propagate (self, error, local);
          return NULL;
        }
      cls = JSON_NODE_HOLDS_OBJECT (info) ? json_object_get_member (json_node_get_object (info), classes[i]) : NULL;
      if (cls == NULL || !JSON_NODE_HOLDS_OBJECT (cls))
        json_array_add_string_element (missing_nodes, classes[i]);
      else
        g_hash_table_insert (infos, g_strdup (classes[i]), json_node_copy (cls));
      json_node_unref (info);
    }

  model_inputs = rushes_comfyui_workflow_get_model_inputs (workflow);
  for (guint i = 0; i < model_inputs->len; i++)
    {
      RushesComfyuiModelInput *mi = &g_array_index (model_inputs, RushesComfyuiModelInput, i);
      JsonNode *info = g_hash_table_lookup (infos, mi->class_type);
      g_autofree char *key = g_strdup_printf ("%s.%s", mi->class_type, mi->input);
      JsonArray *options = info ? combo_options (json_node_get_object (info), mi->input) : NULL;
      gboolean has_default = FALSE;

      if (options == NULL)
        continue;
      json_object_set_array_member (models, key, json_array_ref (options));
      if (i == 0)
        {
          g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

          for (guint o = 0; o < json_array_get_length (options); o++)
            {
              const char *name = json_node_get_string (json_array_get_element (options, o));
              if (name != NULL && rushes_comfyui_workflow_is_model_file (name))
                g_strv_builder_add (b, name);
            }
          g_mutex_lock (&self->lock);
          g_strfreev (self->models);
          self->models = g_strv_builder_end (b);
          g_mutex_unlock (&self->lock);
        }
      for (guint o = 0; o < json_array_get_length (options); o++)
        if (g_strcmp0 (json_node_get_string (json_array_get_element (options, o)), mi->default_value) == 0)
          has_default = TRUE;
      if (!has_default && mi->default_value != NULL)
        json_array_add_string_element (missing_models, mi->default_value);
    }

  return g_steal_pointer (&result);
}
