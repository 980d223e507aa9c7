/* rushes-comfyui-probe.c: what a ComfyUI server offers: its routes (with
 * or without the /api prefix) and version, "Test connection" (missing node
 * classes, model files, substitutions) and, for servers without SaveVideo,
 * the animated WebP output instead
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"
#include "rushes-comfyui-workflow-private.h"

/* ---- routes: every request's URL --------------------------------------------- */

static char *
build_url (RushesComfyuiBackend *self,
           gboolean              api,
           const char           *route,
           va_list               query)
{
  g_autoptr(GString) path = g_string_new (api ? "/api" : NULL);
  const char *key;
  char sep = '?';

  g_string_append (path, route);
  while ((key = va_arg (query, const char *)) != NULL)
    {
      const char *value = va_arg (query, const char *);

      g_string_append_c (path, sep);
      g_string_append_uri_escaped (path, key, NULL, FALSE);
      g_string_append_c (path, '=');
      g_string_append_uri_escaped (path, value ? value : "", NULL, FALSE);
      sep = '&';
    }
  return rushes_http_build_url (self->base_url, path->str, NULL);
}

char *
_rushes_comfyui_backend_api_url (RushesComfyuiBackend *self,
                                 const char           *route,
                                 ...)
{
  gboolean api;
  va_list ap;
  char *url;

  g_mutex_lock (&self->lock);
  api = self->api_routes != 0;
  g_mutex_unlock (&self->lock);

  va_start (ap, route);
  url = build_url (self, api, route, ap);
  va_end (ap);
  return url;
}

static char *
route_url_va (RushesComfyuiBackend *self,
              gboolean              api,
              const char           *route,
              ...)
{
  va_list ap;
  char *url;

  va_start (ap, route);
  url = build_url (self, api, route, ap);
  va_end (ap);
  return url;
}

char *
_rushes_comfyui_backend_route_url (RushesComfyuiBackend *self,
                                   gboolean              api,
                                   const char           *route)
{
  return route_url_va (self, api, route, NULL);
}

gboolean
_rushes_comfyui_backend_prepare (RushesComfyuiBackend  *self,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  return _rushes_comfyui_backend_ensure_extra_header (self, cancellable, error)
         && _rushes_comfyui_backend_detect_server (self, FALSE, cancellable, error);
}

/* What a probe answer must hold: system_stats has "system", the queue
 * (servers from before system_stats) "queue_running". */
static gboolean
answers_like_comfyui (JsonNode   *node,
                      const char *member)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         && json_object_has_member (json_node_get_object (node), member);
}

gboolean
_rushes_comfyui_backend_detect_server (RushesComfyuiBackend  *self,
                                       gboolean               refresh,
                                       GCancellable          *cancellable,
                                       GError               **error)
{
  /* newest first; the /api prefix came in mid-2024, system_stats in 2023 */
  static const struct { gboolean api; const char *route; const char *member; } tries[] = {
    { TRUE, "/system_stats", "system" },
    { FALSE, "/system_stats", "system" },
    { FALSE, "/queue", "queue_running" },
  };
  gboolean known;

  g_mutex_lock (&self->lock);
  known = self->api_routes >= 0 && !refresh;
  g_mutex_unlock (&self->lock);
  if (known)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (tries); i++)
    {
      g_autofree char *url = _rushes_comfyui_backend_route_url (self, tries[i].api, tries[i].route);
      g_autoptr(JsonNode) node = NULL;
      GError *local = NULL;
      JsonObject *sys;
      const char *version = NULL;

      node = rushes_http_client_get_json (self->http, url, cancellable, &local);
      if (node == NULL && g_error_matches (local, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_NOT_FOUND))
        {
          g_error_free (local);
          continue;   /* an older server: try the next way */
        }
      if (node == NULL)
        {
          _rushes_comfyui_backend_propagate (self, error, local);
          return FALSE;
        }
      if (!answers_like_comfyui (node, tries[i].member))
        break;

      sys = g_strcmp0 (tries[i].member, "system") == 0
            && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "system"))
            ? json_object_get_object_member (json_node_get_object (node), "system") : NULL;
      if (sys != NULL)
        version = json_object_get_string_member_with_default (sys, "comfyui_version", NULL);

      g_mutex_lock (&self->lock);
      self->api_routes = tries[i].api;
      g_free (self->server_version);
      self->server_version = version != NULL && *version != '\0' ? g_strdup (version) : NULL;
      if (refresh)
        self->save_video = -1;
      g_mutex_unlock (&self->lock);
      g_debug ("%s: routes %s, version %s", self->id, tries[i].api ? "/api" : "bare",
               version ? version : "not reported");
      return TRUE;
    }

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
               _("%s does not answer like a ComfyUI server"), self->base_url);
  return FALSE;
}

const char *
_rushes_comfyui_substitution_text (void)
{
  return _("SaveVideo not on this server: the take will be an animated WebP via SaveAnimatedWEBP");
}

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

  url = _rushes_comfyui_backend_api_url (self, "/object_info/SaveVideo", NULL);
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
    call->progress (0.0, _rushes_comfyui_substitution_text (), call->progress_data);
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

/* The version for "Test connection": comfyui_version, or in words how old
 * a server that does not report one is. */
static void
note_version (RushesComfyuiBackend *self,
              JsonObject           *result)
{
  g_autofree char *version = NULL;
  gboolean api;

  g_mutex_lock (&self->lock);
  version = g_strdup (self->server_version);
  api = self->api_routes == 1;
  g_mutex_unlock (&self->lock);

  json_object_set_string_member (result, "version", version ? version : "");
  json_object_set_boolean_member (result, "api_routes", api);
  if (version == NULL)
    json_object_set_string_member (result, "version_note",
                                   api ? _("older than 2025 (it reports no version)")
                                       : _("older than mid-2024 (no version, no /api routes)"));
}

static gboolean
graph_has_class (JsonObject *graph,
                 const char *class_type)
{
  g_autoptr(GList) nodes = json_object_get_values (graph);

  for (GList *l = nodes; l; l = l->next)
    if (JSON_NODE_HOLDS_OBJECT (l->data)
        && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (l->data), "class_type", NULL),
                      class_type) == 0)
      return TRUE;
  return FALSE;
}

/* Missing nodes that generate replaces (SaveVideo and CreateVideo → an
 * animated WebP) are substitutions, not missing: takes them out of missing
 * and says so in "substitutions". */
static void
note_substitutions (RushesComfyuiBackend  *self,
                    RushesComfyuiWorkflow *workflow,
                    GPtrArray             *missing,
                    JsonObject            *result)
{
  g_autofree char *text = json_to_string (workflow->graph, FALSE);
  g_autoptr(JsonNode) graph = json_from_string (text, NULL);   /* deep: the template is shared */
  JsonArray *substitutions = json_array_new ();
  gboolean has_save_video = !g_ptr_array_find_with_equal_func (missing, "SaveVideo", g_str_equal, NULL);
  gboolean substituted = FALSE;

  json_object_set_array_member (result, "substitutions", substitutions);
  if (!graph_has_class (json_node_get_object (graph), "SaveVideo"))
    return;
  g_mutex_lock (&self->lock);
  self->save_video = has_save_video;
  g_mutex_unlock (&self->lock);
  if (has_save_video || !use_webp_output (graph))
    return;

  for (guint i = missing->len; i > 0; i--)
    if (!graph_has_class (json_node_get_object (graph), g_ptr_array_index (missing, i - 1)))
      {
        g_ptr_array_remove_index (missing, i - 1);
        substituted = TRUE;
      }
  if (substituted)
    json_array_add_string_element (substitutions, _rushes_comfyui_substitution_text ());
}

/* Core nodes the server lacks: it is older than the workflow. */
static void
note_too_old (RushesComfyuiWorkflow *workflow,
              GPtrArray             *missing,
              JsonObject            *result)
{
  g_autoptr(GString) nodes = g_string_new (NULL);

  for (guint i = 0; i < missing->len; i++)
    {
      const char *cls = g_ptr_array_index (missing, i);
      const char *since = _rushes_comfyui_core_node_since (cls);

      if (since == NULL)
        continue;
      if (nodes->len > 0)
        g_string_append (nodes, ", ");
      /* TRANSLATORS: a node class and when ComfyUI gained it, "LTXVScheduler (ComfyUI 2024-11)" */
      g_string_append_printf (nodes, _("%s (ComfyUI %s)"), cls, since);
    }
  if (nodes->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("This ComfyUI server is too old for the workflow “%s”: it lacks %s. Update ComfyUI."),
                                               rushes_comfyui_workflow_get_display_name (workflow), nodes->str);
      json_object_set_string_member (result, "too_old", text);
    }
}

JsonObject *
rushes_comfyui_backend_probe (RushesComfyuiBackend  *self,
                              GCancellable          *cancellable,
                              GError               **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GHashTable) infos = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_auto(GStrv) classes = NULL;
  JsonArray *missing_nodes = json_array_new ();
  JsonArray *missing_models = json_array_new ();
  JsonObject *models = json_object_new ();
  GArray *model_inputs;
  GError *local = NULL;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);

  json_object_set_array_member (result, "missing_nodes", missing_nodes);
  json_object_set_array_member (result, "missing_models", missing_models);
  json_object_set_object_member (result, "models", models);

  /* asked afresh: the server may have been updated since */
  if (!_rushes_comfyui_backend_ensure_extra_header (self, cancellable, error)
      || !_rushes_comfyui_backend_detect_server (self, TRUE, cancellable, error))
    return NULL;
  workflow = rushes_comfyui_backend_get_workflow (self);
  note_version (self, result);

  classes = rushes_comfyui_workflow_get_node_classes (workflow);
  for (guint i = 0; classes[i]; i++)
    {
      g_autofree char *path = g_strconcat ("/object_info/", classes[i], NULL);
      g_autofree char *curl = NULL;
      JsonNode *info;
      JsonNode *cls;

      curl = _rushes_comfyui_backend_api_url (self, path, NULL);
      info = rushes_http_client_get_json (self->http, curl, cancellable, &local);
      if (info == NULL)
        {
          _rushes_comfyui_backend_propagate (self, error, local);
          return NULL;
        }
      cls = JSON_NODE_HOLDS_OBJECT (info) ? json_object_get_member (json_node_get_object (info), classes[i]) : NULL;
      if (cls == NULL || !JSON_NODE_HOLDS_OBJECT (cls))
        g_ptr_array_add (missing, classes[i]);
      else
        g_hash_table_insert (infos, g_strdup (classes[i]), json_node_copy (cls));
      json_node_unref (info);
    }

  note_substitutions (self, workflow, missing, result);
  for (guint i = 0; i < missing->len; i++)
    json_array_add_string_element (missing_nodes, g_ptr_array_index (missing, i));
  note_too_old (workflow, missing, result);

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
