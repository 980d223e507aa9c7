/* rushes-comfyui-workflow.c: ComfyUI workflow templates and their mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui-workflow"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-workflow-private.h"
#include "rushes-remote-util.h"

G_DEFINE_QUARK (rushes-comfyui-workflow-error-quark, rushes_comfyui_workflow_error)

/* recipe field → mapping key */
static const char *mapping_keys[] = {
  "prompt", "negative_prompt", "seed", "width", "height", "frames",
  "fps", "steps", "guidance", "start_image", "end_image",
};

G_DEFINE_FINAL_TYPE (RushesComfyuiWorkflow, rushes_comfyui_workflow, G_TYPE_OBJECT)

static void
rushes_comfyui_workflow_finalize (GObject *object)
{
  RushesComfyuiWorkflow *self = RUSHES_COMFYUI_WORKFLOW (object);

  g_clear_pointer (&self->models, g_array_unref);
  g_clear_pointer (&self->graph, json_node_unref);
  g_clear_pointer (&self->mapping, json_node_unref);
  g_free (self->name);
  g_free (self->display_name);
  g_free (self->progress_node);

  G_OBJECT_CLASS (rushes_comfyui_workflow_parent_class)->finalize (object);
}

static void
rushes_comfyui_workflow_class_init (RushesComfyuiWorkflowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_comfyui_workflow_finalize;
}

static void
rushes_comfyui_workflow_init (RushesComfyuiWorkflow *self)
{
  self->models = g_array_new (FALSE, TRUE, sizeof (RushesComfyuiModelInput));
}

JsonNode *
_rushes_comfyui_workflow_parse (const char  *json,
                                gssize       length,
                                const char  *what,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;

  if (json == NULL || !json_parser_load_from_data (parser, json, length, &local))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The %s is not valid JSON: %s"), what, local ? local->message : "");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The %s is not a JSON object"), what);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static gboolean
check_graph (JsonObject  *graph,
             GError     **error)
{
  g_autoptr(GList) members = NULL;
  guint n = 0;

  if (json_object_has_member (graph, "nodes") && json_object_has_member (graph, "links"))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT,
                   _("This is a ComfyUI editor workflow, not an API workflow. In ComfyUI, use “Export (API)” and import that file."));
      return FALSE;
    }

  members = json_object_get_members (graph);
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *node = json_object_get_member (graph, l->data);
      JsonObject *obj;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      obj = json_node_get_object (node);
      if (json_object_get_string_member_with_default (obj, "class_type", NULL) == NULL
          || !json_object_has_member (obj, "inputs")
          || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "inputs")))
        goto bad;
      n++;
      continue;
bad:
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("Node “%s” of the workflow has no class_type or inputs; is this an API-format workflow?"),
                   (const char *) l->data);
      return FALSE;
    }

  if (n == 0)
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The workflow has no nodes"));
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
graph_inputs (JsonNode   *graph,
              const char *node_id)
{
  JsonObject *g = json_node_get_object (graph);
  JsonNode *node = json_object_get_member (g, node_id);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_object_member (json_node_get_object (node), "inputs");
}

static guint
uint_member (JsonObject *obj,
             const char *name,
             guint       fallback)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return (guint) MAX (0, json_node_get_int (node));
}

static double
double_member (JsonObject *obj,
               const char *name,
               double      fallback)
{
  JsonNode *node;

  if (obj == NULL || (node = json_object_get_member (obj, name)) == NULL
      || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  return json_node_get_double (node);
}

gboolean
_rushes_comfyui_workflow_is_safe_name (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 64 || *name == '.')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;
  return TRUE;
}

/* the entry of field `b` that names an input some entry of `a` names too */
static JsonObject *
shared_input (JsonObject *inputs,
              const char *a,
              const char *b)
{
  JsonArray *la = json_object_get_array_member (inputs, a);
  JsonArray *lb = json_object_get_array_member (inputs, b);

  for (guint i = 0; i < json_array_get_length (la); i++)
    for (guint j = 0; j < json_array_get_length (lb); j++)
      {
        JsonObject *ea = json_array_get_object_element (la, i);
        JsonObject *eb = json_array_get_object_element (lb, j);

        if (g_strcmp0 (json_object_get_string_member (ea, "node"), json_object_get_string_member (eb, "node")) == 0
            && g_strcmp0 (json_object_get_string_member (ea, "input"), json_object_get_string_member (eb, "input")) == 0)
          return eb;
      }
  return NULL;
}

static gboolean
check_mapping (RushesComfyuiWorkflow  *self,
               JsonObject             *mapping,
               GError                **error)
{
  JsonObject *inputs;
  JsonArray *models;

  if (json_object_get_int_member_with_default (mapping, "format", 1) != 1)
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The mapping file has an unknown format version"));
      return FALSE;
    }

  self->name = g_strdup (json_object_get_string_member_with_default (mapping, "name", NULL));
  if (!_rushes_comfyui_workflow_is_safe_name (self->name))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The mapping needs a “name” made of letters, digits, “-”, “_” and “.”"));
      return FALSE;
    }
  self->display_name = g_strdup (json_object_get_string_member_with_default (mapping, "display_name", self->name));

  if (!json_object_has_member (mapping, "inputs")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (mapping, "inputs")))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The mapping has no “inputs” object"));
      return FALSE;
    }
  inputs = json_object_get_object_member (mapping, "inputs");

  for (guint k = 0; k < G_N_ELEMENTS (mapping_keys); k++)
    {
      JsonNode *list = json_object_get_member (inputs, mapping_keys[k]);
      JsonArray *arr;

      if (list == NULL)
        {
          if (k == 0)
            {
              g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("The mapping does not say which node input takes the prompt"));
              return FALSE;
            }
          continue;
        }
      if (!JSON_NODE_HOLDS_ARRAY (list) || json_array_get_length (json_node_get_array (list)) == 0)
        goto bad_entry;

      arr = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          JsonObject *eo, *node_inputs;
          const char *node_id, *input;
          JsonNode *value;

          if (!JSON_NODE_HOLDS_OBJECT (e))
            goto bad_entry;
          eo = json_node_get_object (e);
          node_id = json_object_get_string_member_with_default (eo, "node", NULL);
          input = json_object_get_string_member_with_default (eo, "input", NULL);
          if (node_id == NULL || input == NULL)
            goto bad_entry;
          node_inputs = graph_inputs (self->graph, node_id);
          if (node_inputs == NULL)
            {
              g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("The mapping for “%s” names node “%s”, which is not in the workflow"),
                           mapping_keys[k], node_id);
              return FALSE;
            }
          value = json_object_get_member (node_inputs, input);
          if (value == NULL)
            {
              g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("Node “%s” has no input “%s” (mapped to “%s”)"),
                           node_id, input, mapping_keys[k]);
              return FALSE;
            }
          if (!JSON_NODE_HOLDS_VALUE (value))
            {
              g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                           _("Input “%s” of node “%s” is connected to another node, so it cannot take “%s”"),
                           input, node_id, mapping_keys[k]);
              return FALSE;
            }
        }
      continue;

bad_entry:
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                   _("The mapping for “%s” must be a list of {\"node\": …, \"input\": …}"),
                   mapping_keys[k]);
      return FALSE;
    }

  /* (every entry checked above) one input for both would take the end
   * image in place of the start image */
  if (json_object_has_member (inputs, "start_image") && json_object_has_member (inputs, "end_image"))
    {
      JsonObject *both = shared_input (inputs, "start_image", "end_image");

      if (both != NULL)
        {
          g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                       _("Input “%s” of node “%s” is mapped to both the start image and the end image; they need different inputs"),
                       json_object_get_string_member (both, "input"), json_object_get_string_member (both, "node"));
          return FALSE;
        }
    }

  {
    JsonObject *frames = json_object_get_member (mapping, "frames")
                         && JSON_NODE_HOLDS_OBJECT (json_object_get_member (mapping, "frames"))
                         ? json_object_get_object_member (mapping, "frames") : NULL;
    JsonObject *size = json_object_get_member (mapping, "size")
                       && JSON_NODE_HOLDS_OBJECT (json_object_get_member (mapping, "size"))
                       ? json_object_get_object_member (mapping, "size") : NULL;
    JsonObject *fps = json_object_get_member (mapping, "fps")
                      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (mapping, "fps"))
                      ? json_object_get_object_member (mapping, "fps") : NULL;

    self->frame_step = MAX (1, uint_member (frames, "step", 1));
    self->frame_offset = uint_member (frames, "offset", 0);
    self->frame_min = MAX (1, uint_member (frames, "min", 1));
    self->frame_max = MAX (self->frame_min, uint_member (frames, "max", 1000));
    self->size_multiple = MAX (1, uint_member (size, "multiple", 8));
    self->size_min = MAX (self->size_multiple, uint_member (size, "min", 64));
    self->max_width = MAX (self->size_min, uint_member (size, "max_width", 2048));
    self->max_height = MAX (self->size_min, uint_member (size, "max_height", 2048));
    self->max_fps = MAX (1, uint_member (fps, "max", 60));
    self->max_steps = MAX (1, uint_member (mapping, "max_steps", 200));
    self->max_guidance = double_member (mapping, "max_guidance", 30.0);
  }

  self->progress_node = g_strdup (json_object_get_string_member_with_default (mapping, "progress_node", NULL));

  /* default fps: the first fps input's literal */
  self->default_fps = 24.0;
  if (json_object_has_member (inputs, "fps"))
    {
      JsonObject *e = json_array_get_object_element (json_object_get_array_member (inputs, "fps"), 0);
      JsonObject *ni = graph_inputs (self->graph, json_object_get_string_member (e, "node"));
      JsonNode *v = json_object_get_member (ni, json_object_get_string_member (e, "input"));
      if (v != NULL && (json_node_get_value_type (v) == G_TYPE_DOUBLE
                        || json_node_get_value_type (v) == G_TYPE_INT64))
        self->default_fps = json_node_get_double (v);
    }

  models = json_object_has_member (mapping, "models")
           && JSON_NODE_HOLDS_ARRAY (json_object_get_member (mapping, "models"))
           ? json_object_get_array_member (mapping, "models") : NULL;
  for (guint i = 0; models && i < json_array_get_length (models); i++)
    {
      JsonNode *e = json_array_get_element (models, i);
      RushesComfyuiModelInput mi = { 0 };
      JsonObject *eo, *ni;
      JsonNode *v;

      if (!JSON_NODE_HOLDS_OBJECT (e))
        continue;
      eo = json_node_get_object (e);
      mi.node = json_object_get_string_member_with_default (eo, "node", NULL);
      mi.input = json_object_get_string_member_with_default (eo, "input", NULL);
      if (mi.node == NULL || mi.input == NULL || (ni = graph_inputs (self->graph, mi.node)) == NULL)
        {
          g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                       _("A “models” entry of the mapping names a node that is not in the workflow"));
          return FALSE;
        }
      mi.class_type = json_object_get_string_member (json_object_get_object_member (json_node_get_object (self->graph), mi.node),
                                                     "class_type");
      v = json_object_get_member (ni, mi.input);
      mi.default_value = v && JSON_NODE_HOLDS_VALUE (v) && json_node_get_value_type (v) == G_TYPE_STRING
                         ? json_node_get_string (v) : NULL;
      g_array_append_val (self->models, mi);
    }

  return TRUE;
}

RushesComfyuiWorkflow *
rushes_comfyui_workflow_new (const char  *graph_json,
                             gssize       graph_length,
                             const char  *mapping_json,
                             gssize       mapping_length,
                             GError     **error)
{
  g_autoptr(RushesComfyuiWorkflow) self = g_object_new (RUSHES_TYPE_COMFYUI_WORKFLOW, NULL);

  self->graph = _rushes_comfyui_workflow_parse (graph_json, graph_length, _("workflow"), error);
  if (self->graph == NULL || !check_graph (json_node_get_object (self->graph), error))
    return NULL;
  self->mapping = _rushes_comfyui_workflow_parse (mapping_json, mapping_length, _("mapping"), error);
  if (self->mapping == NULL || !check_mapping (self, json_node_get_object (self->mapping), error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
rushes_comfyui_workflow_get_name (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);
  return self->name;
}

const char *
rushes_comfyui_workflow_get_display_name (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);
  return self->display_name;
}

const char *
rushes_comfyui_workflow_get_progress_node (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);
  return self->progress_node;
}

static gboolean
has_mapping (RushesComfyuiWorkflow *self,
             const char            *key)
{
  JsonObject *inputs = json_object_get_object_member (json_node_get_object (self->mapping), "inputs");

  return json_object_has_member (inputs, key);
}

RushesFields
rushes_comfyui_workflow_get_fields (RushesComfyuiWorkflow *self)
{
  RushesFields fields = RUSHES_FIELD_NONE;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), 0);

  if (has_mapping (self, "negative_prompt"))
    fields |= RUSHES_FIELD_NEGATIVE_PROMPT;
  if (has_mapping (self, "frames"))
    fields |= RUSHES_FIELD_SECONDS;
  if (has_mapping (self, "width") && has_mapping (self, "height"))
    fields |= RUSHES_FIELD_SIZE;
  if (has_mapping (self, "fps"))
    fields |= RUSHES_FIELD_FPS;
  if (has_mapping (self, "seed"))
    fields |= RUSHES_FIELD_SEED;
  if (has_mapping (self, "steps"))
    fields |= RUSHES_FIELD_STEPS;
  if (has_mapping (self, "guidance"))
    fields |= RUSHES_FIELD_GUIDANCE;
  if (has_mapping (self, "start_image"))
    fields |= RUSHES_FIELD_START_IMAGE;
  if (has_mapping (self, "end_image"))
    fields |= RUSHES_FIELD_END_IMAGE;
  return fields;
}

gboolean
rushes_comfyui_workflow_needs_start_image (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), FALSE);
  return has_mapping (self, "start_image");
}

gboolean
rushes_comfyui_workflow_needs_end_image (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), FALSE);
  return has_mapping (self, "end_image");
}

GStrv
rushes_comfyui_workflow_get_node_classes (RushesComfyuiWorkflow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *graph;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);

  graph = json_node_get_object (self->graph);
  members = json_object_get_members (graph);
  for (GList *l = members; l; l = l->next)
    {
      const char *cls = json_object_get_string_member (json_object_get_object_member (graph, l->data), "class_type");

      if (g_hash_table_add (seen, (gpointer) cls))
        g_strv_builder_add (builder, cls);
    }
  return g_strv_builder_end (builder);
}

GArray *
rushes_comfyui_workflow_get_model_inputs (RushesComfyuiWorkflow *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);
  return self->models;
}

void
rushes_comfyui_workflow_fill_capabilities (RushesComfyuiWorkflow *self,
                                           RushesCapabilities    *caps)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self));

  caps->fields = rushes_comfyui_workflow_get_fields (self);
  caps->max_width = self->max_width;
  caps->max_height = self->max_height;
  caps->max_fps = self->max_fps;
  caps->max_steps = self->max_steps;
  caps->max_guidance = self->max_guidance;
  caps->min_seconds = MAX (0.1, self->frame_min / MAX (self->default_fps, 1.0));
  caps->max_seconds = MAX (caps->min_seconds, self->frame_max / MAX (self->default_fps, 1.0));
  caps->seconds_step = 0;
  caps->max_variations = 4;
  caps->cost_per_second = -1;
}

gboolean
rushes_comfyui_workflow_is_model_file (const char *name)
{
  static const char * const exts[] = {
    ".safetensors", ".ckpt", ".gguf", ".pt", ".pth", ".bin", ".sft", NULL,
  };

  if (name == NULL || strstr (name, "..") != NULL || name[0] == '/')
    return FALSE;
  return rushes_remote_has_suffix (name, exts);
}

guint
rushes_comfyui_workflow_frames_for (RushesComfyuiWorkflow *self,
                                    guint                  frames)
{
  double k;
  guint result;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), frames);

  k = round (((double) frames - self->frame_offset) / self->frame_step);
  result = (guint) MAX (0.0, k) * self->frame_step + self->frame_offset;
  while (result < self->frame_min)
    result += self->frame_step;
  while (result > self->frame_max && result >= self->frame_step)
    result -= self->frame_step;
  return result;
}

static guint
round_size (RushesComfyuiWorkflow *self,
            guint                  value,
            guint                  max)
{
  guint m = self->size_multiple;
  guint r = (guint) round ((double) value / m) * m;

  r = MAX (r, self->size_min);
  while (r > max && r >= m)
    r -= m;
  return r;
}

/* Sets one literal, keeping the template's number type (INT stays INT). */
static void
set_value (JsonObject *inputs,
           const char *input,
           GType       want,
           gint64      i,
           double      d,
           const char *s)
{
  JsonNode *old = json_object_get_member (inputs, input);
  GType have = old ? json_node_get_value_type (old) : want;

  if (want == G_TYPE_STRING)
    json_object_set_string_member (inputs, input, s);
  else if (have == G_TYPE_DOUBLE)
    json_object_set_double_member (inputs, input, want == G_TYPE_DOUBLE ? d : (double) i);
  else if (have == G_TYPE_INT64)
    json_object_set_int_member (inputs, input, want == G_TYPE_INT64 ? i : (gint64) round (d));
  else if (want == G_TYPE_DOUBLE)
    json_object_set_double_member (inputs, input, d);
  else
    json_object_set_int_member (inputs, input, i);
}

static void
set_mapped (RushesComfyuiWorkflow *self,
            JsonNode              *graph,
            const char            *key,
            GType                  want,
            gint64                 i,
            double                 d,
            const char            *s)
{
  JsonObject *inputs = json_object_get_object_member (json_node_get_object (self->mapping), "inputs");
  JsonArray *list;

  if (!json_object_has_member (inputs, key))
    return;
  list = json_object_get_array_member (inputs, key);
  for (guint n = 0; n < json_array_get_length (list); n++)
    {
      JsonObject *e = json_array_get_object_element (list, n);
      JsonObject *node_inputs = graph_inputs (graph, json_object_get_string_member (e, "node"));

      set_value (node_inputs, json_object_get_string_member (e, "input"), want, i, d, s);
    }
}

JsonNode *
rushes_comfyui_workflow_apply (RushesComfyuiWorkflow  *self,
                               RushesRecipe           *recipe,
                               const char             *start_image_name,
                               char                  **notes,
                               GError                **error)
{
  return rushes_comfyui_workflow_apply_images (self, recipe, start_image_name, NULL, notes, error);
}

JsonNode *
rushes_comfyui_workflow_apply_images (RushesComfyuiWorkflow  *self,
                                      RushesRecipe           *recipe,
                                      const char             *start_image_name,
                                      const char             *end_image_name,
                                      char                  **notes,
                                      GError                **error)
{
  g_autoptr(JsonNode) graph = NULL;
  g_autoptr(GString) remarks = g_string_new (NULL);
  const char *negative;
  guint frames, want_frames, width, height;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (self), NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);

  if (has_mapping (self, "start_image") && start_image_name == NULL)
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NEEDS_IMAGE,
                   _("The workflow “%s” needs a start image"), self->display_name);
      return NULL;
    }
  if (has_mapping (self, "end_image") && end_image_name == NULL)
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NEEDS_IMAGE,
                   _("The workflow “%s” needs an end image"), self->display_name);
      return NULL;
    }
  if (end_image_name != NULL && !has_mapping (self, "end_image"))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NEEDS_IMAGE,
                   _("The workflow “%s” does not take an end image"), self->display_name);
      return NULL;
    }

  /* a deep copy: json_node_copy shares the objects, and the template is
   * used by several jobs at once */
  {
    g_autofree char *text = json_to_string (self->graph, FALSE);
    graph = json_from_string (text, NULL);
  }

  set_mapped (self, graph, "prompt", G_TYPE_STRING, 0, 0, rushes_recipe_get_prompt (recipe));
  negative = rushes_recipe_get_negative_prompt (recipe);
  if (negative != NULL && *negative != '\0')
    set_mapped (self, graph, "negative_prompt", G_TYPE_STRING, 0, 0, negative);
  set_mapped (self, graph, "seed", G_TYPE_INT64, rushes_recipe_resolve_seed (recipe), 0, NULL);

  width = round_size (self, rushes_recipe_get_width (recipe), self->max_width);
  height = round_size (self, rushes_recipe_get_height (recipe), self->max_height);
  if (has_mapping (self, "width") && has_mapping (self, "height")
      && (width != rushes_recipe_get_width (recipe) || height != rushes_recipe_get_height (recipe)))
    g_string_append_printf (remarks, _("Size adjusted to %u×%u (the model takes multiples of %u). "),
                            width, height, self->size_multiple);
  set_mapped (self, graph, "width", G_TYPE_INT64, width, width, NULL);
  set_mapped (self, graph, "height", G_TYPE_INT64, height, height, NULL);

  want_frames = rushes_recipe_get_n_frames (recipe);
  frames = rushes_comfyui_workflow_frames_for (self, want_frames);
  if (has_mapping (self, "frames") && frames != want_frames)
    g_string_append_printf (remarks, _("%u frames instead of %u (the model takes %u·k+%u). "),
                            frames, want_frames, self->frame_step, self->frame_offset);
  set_mapped (self, graph, "frames", G_TYPE_INT64, frames, frames, NULL);

  set_mapped (self, graph, "fps", G_TYPE_DOUBLE, rushes_recipe_get_fps (recipe),
              rushes_recipe_get_fps (recipe), NULL);
  set_mapped (self, graph, "steps", G_TYPE_INT64, rushes_recipe_get_steps (recipe),
              rushes_recipe_get_steps (recipe), NULL);
  set_mapped (self, graph, "guidance", G_TYPE_DOUBLE, (gint64) round (rushes_recipe_get_guidance (recipe)),
              rushes_recipe_get_guidance (recipe), NULL);
  if (start_image_name != NULL)
    set_mapped (self, graph, "start_image", G_TYPE_STRING, 0, 0, start_image_name);
  if (end_image_name != NULL)
    set_mapped (self, graph, "end_image", G_TYPE_STRING, 0, 0, end_image_name);

  /* the recipe's model picks the file of the first loader in "models" */
  {
    const char *model = rushes_recipe_get_model (recipe);

    if (model != NULL && *model != '\0' && self->models->len > 0
        && rushes_comfyui_workflow_is_model_file (model))
      {
        RushesComfyuiModelInput *mi = &g_array_index (self->models, RushesComfyuiModelInput, 0);
        JsonObject *inputs = graph_inputs (graph, mi->node);

        if (inputs != NULL)
          json_object_set_string_member (inputs, mi->input, model);
      }
  }

  if (notes != NULL)
    *notes = remarks->len > 0 ? g_strdup (g_strchomp (remarks->str)) : NULL;
  return g_steal_pointer (&graph);
}
