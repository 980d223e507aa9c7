/* rushes-comfyui-mapping.c: guessing a ComfyUI workflow's mapping
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui-mapping"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-mapping.h"
#include "rushes-comfyui-workflow-private.h"

static const char * const fields[] = {
  "prompt", "negative_prompt", "seed", "width", "height", "frames",
  "fps", "steps", "guidance", "start_image", "end_image", NULL
};

const char * const *
rushes_comfyui_mapping_fields (void)
{
  return fields;
}

void
rushes_comfyui_input_choice_free (RushesComfyuiInputChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->node);
  g_free (choice->class_type);
  g_free (choice->input);
  g_free (choice);
}

char *
rushes_comfyui_input_choice_label (const RushesComfyuiInputChoice *choice)
{
  g_return_val_if_fail (choice != NULL, NULL);
  return g_strdup_printf ("%s · %s · %s", choice->node, choice->class_type, choice->input);
}

/* node ids: numbers in numeric order, then the rest by name */
static int
compare_ids (const char *a,
             const char *b)
{
  char *ea = NULL, *eb = NULL;
  guint64 na = g_ascii_strtoull (a, &ea, 10);
  guint64 nb = g_ascii_strtoull (b, &eb, 10);
  gboolean a_num = *a != '\0' && *ea == '\0';
  gboolean b_num = *b != '\0' && *eb == '\0';

  if (a_num && b_num && na != nb)
    return na < nb ? -1 : 1;
  if (a_num != b_num)
    return a_num ? -1 : 1;
  return strcmp (a, b);
}

static int
compare_id_ptrs (gconstpointer a,
                 gconstpointer b)
{
  return compare_ids (*(const char * const *) a, *(const char * const *) b);
}

/* the graph's node ids in order; the strings belong to the graph */
static GPtrArray *
sorted_ids (JsonObject *graph)
{
  g_autoptr(GList) members = json_object_get_members (graph);
  GPtrArray *ids = g_ptr_array_new ();

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (graph, l->data);

      if (JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (ids, l->data);
    }
  g_ptr_array_sort (ids, compare_id_ptrs);
  return ids;
}

static JsonObject *
node_inputs (JsonObject *graph,
             const char *id)
{
  JsonObject *node = json_object_get_object_member (graph, id);
  JsonNode *inputs = node ? json_object_get_member (node, "inputs") : NULL;

  return inputs && JSON_NODE_HOLDS_OBJECT (inputs) ? json_node_get_object (inputs) : NULL;
}

static const char *
node_class (JsonObject *graph,
            const char *id)
{
  JsonObject *node = json_object_get_object_member (graph, id);

  return node ? json_object_get_string_member_with_default (node, "class_type", "") : "";
}

static gboolean
is_literal (JsonNode *value)
{
  return value != NULL && JSON_NODE_HOLDS_VALUE (value);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
rushes_comfyui_mapping_list_choices (JsonObject *graph)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) rushes_comfyui_input_choice_free);
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (graph != NULL, choices);

  ids = sorted_ids (graph);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonObject *inputs = node_inputs (graph, id);
      g_autoptr(GList) members = inputs ? json_object_get_members (inputs) : NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (GList *l = members; l; l = l->next)
        if (is_literal (json_object_get_member (inputs, l->data)))
          g_ptr_array_add (names, l->data);
      g_ptr_array_sort (names, compare_strings);
      for (guint j = 0; j < names->len; j++)
        {
          RushesComfyuiInputChoice *c = g_new0 (RushesComfyuiInputChoice, 1);

          c->node = g_strdup (id);
          c->class_type = g_strdup (node_class (graph, id));
          c->input = g_strdup (g_ptr_array_index (names, j));
          g_ptr_array_add (choices, c);
        }
    }
  return choices;
}

JsonObject *
rushes_comfyui_mapping_parse_graph (const char  *json,
                                    gssize       length,
                                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *graph;

  if (json == NULL || !json_parser_load_from_data (parser, json, length, &local))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The workflow is not valid JSON: %s"), local ? local->message : "");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("The workflow is not a JSON object"));
      return NULL;
    }
  graph = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (graph, "nodes") && json_object_has_member (graph, "links"))
    {
      g_set_error_literal (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT,
                           _("This is a ComfyUI editor workflow, not an API workflow. In ComfyUI, use “Export (API)” and import that file."));
      return NULL;
    }
  members = json_object_get_members (graph);
  if (members == NULL)
    {
      g_set_error_literal (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("The workflow has no nodes"));
      return NULL;
    }
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (graph, l->data);

      if (!JSON_NODE_HOLDS_OBJECT (node)
          || json_object_get_string_member_with_default (json_node_get_object (node), "class_type", NULL) == NULL)
        {
          g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                       _("Node “%s” of the workflow has no “class_type”: is this an API-format workflow?"),
                       (const char *) l->data);
          return NULL;
        }
    }
  return json_object_ref (graph);
}

/* ---- guessing ------------------------------------------------------------------ */

static void
add_entry (JsonObject *result,
           const char *field,
           const char *node,
           const char *input)
{
  JsonArray *list;
  JsonObject *entry = json_object_new ();

  if (!json_object_has_member (result, field))
    json_object_set_array_member (result, field, json_array_new ());
  list = json_object_get_array_member (result, field);
  json_object_set_string_member (entry, "node", node);
  json_object_set_string_member (entry, "input", input);
  json_array_add_object_element (list, entry);
}

static gboolean
holds_string (JsonObject *inputs,
              const char *name)
{
  JsonNode *v = inputs ? json_object_get_member (inputs, name) : NULL;

  return is_literal (v) && json_node_get_value_type (v) == G_TYPE_STRING;
}

static gboolean
holds_number (JsonObject *inputs,
              const char *name)
{
  JsonNode *v = inputs ? json_object_get_member (inputs, name) : NULL;
  GType t = is_literal (v) ? json_node_get_value_type (v) : G_TYPE_INVALID;

  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
is_text_encoder (const char *class_type,
                 JsonObject *inputs)
{
  return strstr (class_type, "TextEncode") != NULL && holds_string (inputs, "text");
}

/* ids of nodes that some node's input `name` links to ("negative": the
 * negative prompt's encoders, "end_image": the end image's loaders) */
static GHashTable *
link_sources (JsonObject *graph,
              GPtrArray  *ids,
              const char *name)
{
  GHashTable *set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *inputs = node_inputs (graph, g_ptr_array_index (ids, i));
      JsonNode *neg = inputs ? json_object_get_member (inputs, name) : NULL;

      if (neg != NULL && JSON_NODE_HOLDS_ARRAY (neg) && json_array_get_length (json_node_get_array (neg)) >= 1)
        {
          JsonNode *src = json_array_get_element (json_node_get_array (neg), 0);

          if (is_literal (src) && json_node_get_value_type (src) == G_TYPE_STRING)
            g_hash_table_add (set, (gpointer) json_node_get_string (src));
        }
    }
  return set;
}

/* adds to `set` the loaders wired to the "image" of a guide placed from
 * the end of the video (LTXVAddGuide with a negative frame_idx: -1 is the
 * last frame), which take the end image */
static void
add_last_frame_guides (JsonObject *graph,
                       GPtrArray  *ids,
                       GHashTable *set)
{
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *inputs = node_inputs (graph, g_ptr_array_index (ids, i));
      JsonNode *image = inputs ? json_object_get_member (inputs, "image") : NULL;
      JsonNode *src;

      if (!holds_number (inputs, "frame_idx") || json_object_get_double_member (inputs, "frame_idx") >= 0
          || image == NULL || !JSON_NODE_HOLDS_ARRAY (image) || json_array_get_length (json_node_get_array (image)) < 1)
        continue;
      src = json_array_get_element (json_node_get_array (image), 0);
      if (is_literal (src) && json_node_get_value_type (src) == G_TYPE_STRING)
        g_hash_table_add (set, (gpointer) json_node_get_string (src));
    }
}

JsonObject *
rushes_comfyui_mapping_guess (JsonObject *graph)
{
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) negatives = NULL;
  g_autoptr(GHashTable) end_loaders = NULL;
  const char *size_node = NULL;

  g_return_val_if_fail (graph != NULL, g_steal_pointer (&result));

  ids = sorted_ids (graph);
  negatives = link_sources (graph, ids, "negative");
  end_loaders = link_sources (graph, ids, "end_image");
  add_last_frame_guides (graph, ids, end_loaders);

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *cls = node_class (graph, id);
      JsonObject *inputs = node_inputs (graph, id);

      if (inputs == NULL)
        continue;

      if (is_text_encoder (cls, inputs))
        {
          const char *field = g_hash_table_contains (negatives, id) ? "negative_prompt" : "prompt";

          if (!json_object_has_member (result, field))
            add_entry (result, field, id, "text");
        }

      if (!json_object_has_member (result, "seed"))
        {
          if (holds_number (inputs, "seed"))
            add_entry (result, "seed", id, "seed");
          else if (holds_number (inputs, "noise_seed"))
            add_entry (result, "seed", id, "noise_seed");
        }

      if (size_node == NULL && holds_number (inputs, "width") && holds_number (inputs, "height"))
        {
          static const char *frame_names[] = { "length", "num_frames", "video_frames", "frames", NULL };

          size_node = id;
          add_entry (result, "width", id, "width");
          add_entry (result, "height", id, "height");
          for (guint k = 0; frame_names[k] != NULL; k++)
            if (holds_number (inputs, frame_names[k]))
              {
                add_entry (result, "frames", id, frame_names[k]);
                break;
              }
        }

      /* every frame rate the graph holds (conditioning and the video writer) */
      if (holds_number (inputs, "frame_rate"))
        add_entry (result, "fps", id, "frame_rate");
      else if (holds_number (inputs, "fps"))
        add_entry (result, "fps", id, "fps");

      if (!json_object_has_member (result, "steps") && holds_number (inputs, "steps"))
        add_entry (result, "steps", id, "steps");

      if (!json_object_has_member (result, "guidance"))
        {
          if (holds_number (inputs, "cfg"))
            add_entry (result, "guidance", id, "cfg");
          else if (holds_number (inputs, "guidance"))
            add_entry (result, "guidance", id, "guidance");
        }

      /* a loader wired to an "end_image" input (WanFirstLastFrameToVideo)
       * or to a guide at the last frame (LTXVAddGuide) takes the end
       * image, the first other one the start image */
      if (strstr (cls, "LoadImage") != NULL && holds_string (inputs, "image"))
        {
          const char *field = g_hash_table_contains (end_loaders, id) ? "end_image" : "start_image";

          if (!json_object_has_member (result, field))
            add_entry (result, field, id, "image");
        }
    }

  /* a lone negative-looking encoder is still the prompt */
  if (!json_object_has_member (result, "prompt") && json_object_has_member (result, "negative_prompt"))
    {
      json_object_set_member (result, "prompt", json_node_copy (json_object_get_member (result, "negative_prompt")));
      json_object_remove_member (result, "negative_prompt");
    }

  return g_steal_pointer (&result);
}

char *
rushes_comfyui_mapping_guess_progress_node (JsonObject *graph)
{
  g_autoptr(GPtrArray) ids = NULL;

  g_return_val_if_fail (graph != NULL, NULL);

  ids = sorted_ids (graph);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *cls = node_class (graph, id);

      if (strstr (cls, "Sampler") != NULL && strstr (cls, "Select") == NULL
          && node_inputs (graph, id) != NULL
          && (json_object_has_member (node_inputs (graph, id), "latent_image")
              || json_object_has_member (node_inputs (graph, id), "noise")))
        return g_strdup (id);
    }
  return NULL;
}

/* ---- building ------------------------------------------------------------------ */

static void
add_frame_rule (JsonObject *mapping,
                JsonObject *graph,
                JsonObject *inputs)
{
  JsonArray *frames = json_object_has_member (inputs, "frames") ? json_object_get_array_member (inputs, "frames") : NULL;
  JsonObject *entry, *rule;
  const char *cls;
  guint step;

  if (frames == NULL || json_array_get_length (frames) == 0)
    return;
  entry = json_array_get_object_element (frames, 0);
  cls = node_class (graph, json_object_get_string_member_with_default (entry, "node", ""));
  if (strstr (cls, "LTXV") != NULL)
    step = 8;
  else if (strstr (cls, "Hunyuan") != NULL || strstr (cls, "Wan") != NULL || strstr (cls, "Cosmos") != NULL)
    step = 4;
  else
    return;

  rule = json_object_new ();
  json_object_set_int_member (rule, "step", step);
  json_object_set_int_member (rule, "offset", 1);
  json_object_set_int_member (rule, "min", step + 1);
  json_object_set_int_member (rule, "max", step == 8 ? 257 : 129);
  json_object_set_object_member (mapping, "frames", rule);
}

char *
rushes_comfyui_mapping_build (JsonObject *graph,
                              const char *name,
                              const char *display_name,
                              JsonObject *inputs)
{
  g_autoptr(JsonObject) mapping = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *graph_file = NULL;
  JsonArray *models = json_array_new ();

  g_return_val_if_fail (graph != NULL && name != NULL && inputs != NULL, NULL);

  graph_file = g_strconcat (name, ".json", NULL);
  json_object_set_int_member (mapping, "format", 1);
  json_object_set_string_member (mapping, "name", name);
  json_object_set_string_member (mapping, "display_name", display_name && *display_name ? display_name : name);
  json_object_set_string_member (mapping, "workflow", graph_file);
  json_object_set_member (mapping, "inputs", json_node_init_object (json_node_alloc (), inputs));

  progress = rushes_comfyui_mapping_guess_progress_node (graph);
  if (progress != NULL)
    json_object_set_string_member (mapping, "progress_node", progress);
  add_frame_rule (mapping, graph, inputs);

  /* loader inputs naming a model file: what "Test connection" checks */
  ids = sorted_ids (graph);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      JsonObject *node_in = node_inputs (graph, id);
      g_autoptr(GList) members = node_in ? json_object_get_members (node_in) : NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (GList *l = members; l; l = l->next)
        if (holds_string (node_in, l->data)
            && rushes_comfyui_workflow_is_model_file (json_object_get_string_member (node_in, l->data)))
          g_ptr_array_add (names, l->data);
      g_ptr_array_sort (names, compare_strings);
      for (guint j = 0; j < names->len; j++)
        {
          JsonObject *m = json_object_new ();

          json_object_set_string_member (m, "node", id);
          json_object_set_string_member (m, "input", g_ptr_array_index (names, j));
          json_array_add_object_element (models, m);
        }
    }
  if (json_array_get_length (models) > 0)
    json_object_set_array_member (mapping, "models", models);
  else
    json_array_unref (models);

  json_node_set_object (root, mapping);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

char *
rushes_comfyui_mapping_name_from_file (const char *basename)
{
  g_autofree char *stem = NULL;
  GString *out = g_string_new (NULL);
  gboolean dash = FALSE;

  stem = g_strdup (basename ? basename : "");
  if (g_str_has_suffix (stem, ".json"))
    stem[strlen (stem) - strlen (".json")] = '\0';

  for (const char *p = stem; *p != '\0' && out->len < 60; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '_')
        {
          if (dash && out->len > 0)
            g_string_append_c (out, '-');
          dash = FALSE;
          g_string_append_c (out, *p);
        }
      else
        dash = TRUE;
    }
  if (out->len == 0)
    g_string_append (out, "workflow");
  return g_string_free (out, FALSE);
}

/* ---- from the command line ------------------------------------------------------ */

/* "a, b, c" of a node's literal inputs, or of the graph's node ids */
static char *
join_names (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

gboolean
rushes_comfyui_mapping_add_spec (JsonObject  *graph,
                                 JsonObject  *inputs,
                                 const char  *spec,
                                 GError     **error)
{
  g_autofree char *field = NULL;
  g_autofree char *node = NULL;
  const char *eq, *dot, *input;
  JsonObject *node_in;
  JsonNode *value;

  g_return_val_if_fail (graph != NULL && inputs != NULL, FALSE);

  eq = spec ? strchr (spec, '=') : NULL;
  dot = eq ? strrchr (eq, '.') : NULL;
  if (eq == NULL || dot == NULL || eq == spec || dot == eq + 1 || dot[1] == '\0')
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("“%s” is not FIELD=NODE.INPUT (for example prompt=6.text)"), spec ? spec : "");
      return FALSE;
    }
  field = g_strndup (spec, eq - spec);
  node = g_strndup (eq + 1, dot - eq - 1);
  input = dot + 1;

  if (!g_strv_contains (fields, field))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) fields);

      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("“%s” is not a field Rushes fills in; the fields are %s"), field, known);
      return FALSE;
    }
  if (!json_object_has_member (graph, node) || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (graph, node)))
    {
      g_autoptr(GPtrArray) ids = sorted_ids (graph);
      g_autofree char *known = join_names (ids);

      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The workflow has no node “%s”; its nodes are %s"), node, known);
      return FALSE;
    }
  node_in = node_inputs (graph, node);
  value = node_in ? json_object_get_member (node_in, input) : NULL;
  if (!is_literal (value))
    {
      g_autoptr(GList) members = node_in ? json_object_get_members (node_in) : NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *known = NULL;

      for (GList *l = members; l; l = l->next)
        if (is_literal (json_object_get_member (node_in, l->data)))
          g_ptr_array_add (names, l->data);
      g_ptr_array_sort (names, compare_strings);
      known = names->len > 0 ? join_names (names) : g_strdup (_("none"));
      if (value != NULL)
        g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                     _("Input “%s” of node %s (%s) is connected to another node; inputs with a value: %s"),
                     input, node, node_class (graph, node), known);
      else
        g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                     _("Node %s (%s) has no input “%s”; inputs with a value: %s"),
                     node, node_class (graph, node), input, known);
      return FALSE;
    }

  add_entry (inputs, field, node, input);
  return TRUE;
}

RushesComfyuiWorkflow *
rushes_comfyui_mapping_save (const char  *graph_json,
                             JsonObject  *graph,
                             const char  *name,
                             const char  *display_name,
                             JsonObject  *inputs,
                             GError     **error)
{
  g_auto(GStrv) taken = rushes_comfyui_workflow_list_templates ();
  g_autofree char *mapping = NULL;

  g_return_val_if_fail (graph_json != NULL && graph != NULL && inputs != NULL, NULL);

  if (!_rushes_comfyui_workflow_is_safe_name (name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” cannot be a workflow name: use letters, digits, “-”, “_” and “.” (at most 64)"),
                   name ? name : "");
      return NULL;
    }
  /* saving over a template or an earlier import would lose it */
  if (g_strv_contains ((const char * const *) taken, name))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("A workflow named “%s” already exists; choose another name"), name);
      return NULL;
    }
  if (!json_object_has_member (inputs, "prompt"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose the input that takes the prompt"));
      return NULL;
    }

  mapping = rushes_comfyui_mapping_build (graph, name, display_name, inputs);
  return rushes_comfyui_workflow_import (graph_json, mapping, error);
}
