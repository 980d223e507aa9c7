/* rushes-hosted-catalog.c: mapping files for hosted models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mapping file (format 1):
 *   { "format": 1, "kind": "replicate"|"fal", "models": [ {
 *       "id": "owner/name[/path]", "name": "...", "endpoint": "auto"|"models"|<version id>,
 *       "inputs": {
 *         "prompt": NAME, "negative_prompt": NAME, "seed": NAME, "image": NAME,
 *         "end_image": NAME | { "input": NAME, "unverified": true },
 *         "frames":   { "input": NAME, "min": N, "max": N, "step": N, "default": N },
 *         "seconds":  { "input": NAME, "min": S, "max": S, "step": S, "default": S } | { "fixed": S },
 *         "fps":      { "input": NAME, "min": N, "max": N, "default": N } | { "fixed": N },
 *         "steps":    { "input": NAME, "max": N, "default": N },
 *         "guidance": { "input": NAME, "max": X, "default": X } },
 *       "sizes": [ { "width": W, "height": H, "inputs": { ...fixed inputs... } } ],  (the first: default)
 *       "output": "uri" | KEY,
 *       "cost_per_second": X, "cost_currency": "USD" } ] }
 */
#define G_LOG_DOMAIN "rushes-hosted"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-hosted-catalog.h"

struct _RushesHostedCatalog
{
  GObject parent_instance;

  JsonNode   *root;
  char       *kind;
  GPtrArray  *ids;       /* char *, file order */
  GHashTable *models;    /* id → JsonObject (borrowed from root) */
};

G_DEFINE_FINAL_TYPE (RushesHostedCatalog, rushes_hosted_catalog, G_TYPE_OBJECT)

/* the compiled-in mapping files (src/backends/meson.build) */
GResource *rushes_hosted_get_resource (void);

static void
rushes_hosted_catalog_finalize (GObject *object)
{
  RushesHostedCatalog *self = RUSHES_HOSTED_CATALOG (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);

  G_OBJECT_CLASS (rushes_hosted_catalog_parent_class)->finalize (object);
}

static void
rushes_hosted_catalog_class_init (RushesHostedCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_hosted_catalog_finalize;
}

static void
rushes_hosted_catalog_init (RushesHostedCatalog *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->models = g_hash_table_new (g_str_hash, g_str_equal);
}

static gboolean
bad_file (GError     **error,
          const char  *what)
{
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
               _("The model mapping file is not valid: %s"), what);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType t;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
check_model (JsonObject  *model,
             GError     **error)
{
  JsonObject *inputs;
  const char *id = json_object_get_string_member_with_default (model, "id", NULL);

  if (id == NULL || id[0] == '\0')
    return bad_file (error, _("a model has no “id”"));
  if (!json_object_has_member (model, "inputs") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (model, "inputs")))
    return bad_file (error, _("a model has no “inputs” object"));

  inputs = json_object_get_object_member (model, "inputs");
  if (!json_object_has_member (inputs, "prompt") ||
      !JSON_NODE_HOLDS_VALUE (json_object_get_member (inputs, "prompt")) ||
      json_node_get_value_type (json_object_get_member (inputs, "prompt")) != G_TYPE_STRING)
    return bad_file (error, _("a model has no “prompt” input"));

  if (json_object_has_member (model, "sizes"))
    {
      JsonNode *sizes = json_object_get_member (model, "sizes");

      if (!JSON_NODE_HOLDS_ARRAY (sizes))
        return bad_file (error, _("“sizes” must be an array"));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (sizes)); i++)
        {
          JsonNode *s = json_array_get_element (json_node_get_array (sizes), i);

          if (!JSON_NODE_HOLDS_OBJECT (s) ||
              !is_number (json_object_get_member (json_node_get_object (s), "width")) ||
              !is_number (json_object_get_member (json_node_get_object (s), "height")))
            return bad_file (error, _("a size needs a width and a height"));
        }
    }

  if (json_object_has_member (model, "cost_per_second") &&
      !is_number (json_object_get_member (model, "cost_per_second")) &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (model, "cost_per_second")))
    return bad_file (error, _("“cost_per_second” must be a number"));

  return TRUE;
}

RushesHostedCatalog *
rushes_hosted_catalog_new_from_data (const char  *data,
                                     gssize       length,
                                     GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RushesHostedCatalog) self = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *root;
  JsonArray *models;

  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      bad_file (error, local->message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      bad_file (error, _("not a JSON object"));
      return NULL;
    }

  self = g_object_new (RUSHES_TYPE_HOSTED_CATALOG, NULL);
  self->root = json_node_ref (json_parser_get_root (parser));
  root = json_node_get_object (self->root);

  if (json_object_get_int_member_with_default (root, "format", 0) != 1)
    {
      bad_file (error, _("unknown “format” (expected 1)"));
      return NULL;
    }

  self->kind = g_strdup (json_object_get_string_member_with_default (root, "kind", ""));

  if (!json_object_has_member (root, "models") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "models")))
    {
      bad_file (error, _("no “models” array"));
      return NULL;
    }

  models = json_object_get_array_member (root, "models");
  for (guint i = 0; i < json_array_get_length (models); i++)
    {
      JsonNode *node = json_array_get_element (models, i);
      JsonObject *model;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_file (error, _("a model entry is not an object"));
          return NULL;
        }
      model = json_node_get_object (node);
      if (!check_model (model, error))
        return NULL;

      id = json_object_get_string_member (model, "id");
      if (g_hash_table_contains (self->models, id))
        {
          bad_file (error, _("a model is listed twice"));
          return NULL;
        }
      g_ptr_array_add (self->ids, g_strdup (id));
      g_hash_table_insert (self->models, g_ptr_array_index (self->ids, self->ids->len - 1), model);
    }

  return g_steal_pointer (&self);
}

RushesHostedCatalog *
rushes_hosted_catalog_new_from_file (const char  *path,
                                     GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  return rushes_hosted_catalog_new_from_data (contents, length, error);
}

RushesHostedCatalog *
rushes_hosted_catalog_new_for_kind (const char  *kind,
                                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (kind != NULL, NULL);

  path = g_strdup_printf ("/io/github/rushesapp/Rushes/hosted/%s-models.json", kind);
  bytes = g_resource_lookup_data (rushes_hosted_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("No model list for backend kind “%s”"), kind);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  return rushes_hosted_catalog_new_from_data (data, length, error);
}

const char *
rushes_hosted_catalog_get_kind (RushesHostedCatalog *self)
{
  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), NULL);
  return self->kind;
}

GStrv
rushes_hosted_catalog_dup_model_ids (RushesHostedCatalog *self)
{
  GStrvBuilder *builder;
  GStrv ids;

  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->ids->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->ids, i));
  ids = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return ids;
}

static JsonObject *
find_model (RushesHostedCatalog *self,
            const char          *model)
{
  if (model == NULL)
    return NULL;
  return g_hash_table_lookup (self->models, model);
}

gboolean
rushes_hosted_catalog_has_model (RushesHostedCatalog *self,
                                 const char          *model)
{
  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), FALSE);
  return find_model (self, model) != NULL;
}

const char *
rushes_hosted_catalog_get_model_name (RushesHostedCatalog *self,
                                      const char          *model)
{
  JsonObject *m = find_model (self, model);

  if (m == NULL)
    return NULL;
  return json_object_get_string_member_with_default (m, "name", model);
}

const char *
rushes_hosted_catalog_get_endpoint (RushesHostedCatalog *self,
                                    const char          *model)
{
  JsonObject *m = find_model (self, model);

  if (m == NULL)
    return NULL;
  return json_object_get_string_member_with_default (m, "endpoint", NULL);
}

const char *
rushes_hosted_catalog_get_output_key (RushesHostedCatalog *self,
                                      const char          *model)
{
  JsonObject *m = find_model (self, model);

  if (m == NULL)
    return NULL;
  return json_object_get_string_member_with_default (m, "output", NULL);
}

/* An input spec is either a plain name or an object with "input"/"fixed"/… */
static JsonObject *
input_spec (JsonObject *inputs,
            const char *field)
{
  JsonNode *node = json_object_get_member (inputs, field);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);
  return NULL;
}

static const char *
input_name (JsonObject *inputs,
            const char *field)
{
  JsonNode *node = json_object_get_member (inputs, field);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_string_member_with_default (json_node_get_object (node), "input", NULL);
  return NULL;
}

static double
spec_number (JsonObject *spec,
             const char *member,
             double      fallback)
{
  JsonNode *node;

  if (spec == NULL)
    return fallback;
  node = json_object_get_member (spec, member);
  if (!is_number (node))
    return fallback;
  return json_node_get_double (node);
}

/* The frame rate the model renders at: fixed, or the recipe's */
static gboolean
fps_is_fixed (JsonObject *inputs)
{
  JsonObject *spec = input_spec (inputs, "fps");

  return spec == NULL || input_name (inputs, "fps") == NULL;
}

RushesCapabilities *
rushes_hosted_catalog_get_capabilities (RushesHostedCatalog *self,
                                        const char          *model,
                                        GStrv                all_models)
{
  RushesCapabilities *caps;
  JsonObject *m;
  JsonObject *inputs;
  JsonObject *spec;
  double default_fps;

  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), NULL);

  m = find_model (self, model);
  if (m == NULL)
    return NULL;
  inputs = json_object_get_object_member (m, "inputs");

  caps = rushes_capabilities_new ();
  caps->fields = RUSHES_FIELD_MODEL;

  if (input_name (inputs, "negative_prompt") != NULL)
    caps->fields |= RUSHES_FIELD_NEGATIVE_PROMPT;
  if (input_name (inputs, "seed") != NULL)
    caps->fields |= RUSHES_FIELD_SEED;
  if (input_name (inputs, "image") != NULL)
    caps->fields |= RUSHES_FIELD_START_IMAGE;
  if (input_name (inputs, "end_image") != NULL)
    caps->fields |= RUSHES_FIELD_END_IMAGE;

  if ((spec = input_spec (inputs, "steps")) != NULL && input_name (inputs, "steps") != NULL)
    {
      caps->fields |= RUSHES_FIELD_STEPS;
      caps->max_steps = (guint) spec_number (spec, "max", caps->max_steps);
      caps->default_steps = (guint) spec_number (spec, "default", 0);
    }
  if ((spec = input_spec (inputs, "guidance")) != NULL && input_name (inputs, "guidance") != NULL)
    {
      caps->fields |= RUSHES_FIELD_GUIDANCE;
      caps->max_guidance = spec_number (spec, "max", caps->max_guidance);
      caps->default_guidance = spec_number (spec, "default", -1);
    }

  spec = input_spec (inputs, "fps");
  default_fps = spec_number (spec, "fixed", spec_number (spec, "default", 24));
  caps->default_fps = (guint) default_fps;
  if (!fps_is_fixed (inputs))
    {
      guint lo = (guint) spec_number (spec, "min", 1);
      guint hi = (guint) spec_number (spec, "max", 60);

      caps->fields |= RUSHES_FIELD_FPS;
      caps->max_fps = hi;
      for (guint f = MAX (lo, 1); f <= hi; f++)
        g_array_append_val (caps->fps, f);
    }
  else
    {
      /* the one rate the model renders at */
      guint fixed = caps->default_fps;

      caps->max_fps = fixed;
      g_array_append_val (caps->fps, fixed);
    }

  if ((spec = input_spec (inputs, "frames")) != NULL && input_name (inputs, "frames") != NULL)
    {
      double lo = MAX (spec_number (spec, "min", 1), 1);
      double hi = MAX (spec_number (spec, "max", lo), lo);

      caps->min_frames = (guint) lo;
      caps->max_frames = (guint) hi;
      caps->frames_step = (guint) spec_number (spec, "step", 1);
      caps->default_frames = (guint) spec_number (spec, "default", lo);
      caps->min_seconds = lo / default_fps;
      caps->max_seconds = hi / default_fps;
      caps->default_seconds = caps->default_frames / default_fps;
      if (caps->frames_step > 1)
        caps->seconds_step = caps->frames_step / default_fps;
      /* a fixed length is not offered */
      if (hi > lo)
        caps->fields |= RUSHES_FIELD_SECONDS;
    }
  else if ((spec = input_spec (inputs, "seconds")) != NULL)
    {
      double fixed = spec_number (spec, "fixed", 0);

      if (fixed > 0)
        caps->min_seconds = caps->max_seconds = fixed;
      else
        {
          caps->min_seconds = spec_number (spec, "min", caps->min_seconds);
          caps->max_seconds = spec_number (spec, "max", caps->max_seconds);
          caps->seconds_step = spec_number (spec, "step", 0);
        }
      caps->default_seconds = spec_number (spec, "default", caps->min_seconds);
      if (input_name (inputs, "seconds") != NULL && caps->max_seconds > caps->min_seconds)
        caps->fields |= RUSHES_FIELD_SECONDS;
    }

  if (json_object_has_member (m, "sizes"))
    {
      JsonArray *sizes = json_object_get_array_member (m, "sizes");
      guint max_w = 0, max_h = 0;

      for (guint i = 0; i < json_array_get_length (sizes); i++)
        {
          JsonObject *s = json_array_get_object_element (sizes, i);
          RushesSize size = {
            (guint) json_object_get_int_member (s, "width"),
            (guint) json_object_get_int_member (s, "height"),
          };

          g_array_append_val (caps->sizes, size);
          max_w = MAX (max_w, size.width);
          max_h = MAX (max_h, size.height);
        }
      if (caps->sizes->len > 0)
        {
          caps->fields |= RUSHES_FIELD_SIZE;
          caps->max_width = max_w;
          caps->max_height = max_h;
          caps->default_width = g_array_index (caps->sizes, RushesSize, 0).width;
          caps->default_height = g_array_index (caps->sizes, RushesSize, 0).height;
        }
    }

  if (is_number (json_object_get_member (m, "cost_per_second")))
    {
      caps->cost_per_second = json_object_get_double_member (m, "cost_per_second");
      caps->cost_currency = g_strdup (json_object_get_string_member_with_default (m, "cost_currency", "USD"));
    }

  caps->max_variations = 4;
  caps->models = all_models != NULL ? g_strdupv (all_models) : rushes_hosted_catalog_dup_model_ids (self);
  caps->model = g_strdup (model);
  caps->model_name = g_strdup (rushes_hosted_catalog_get_model_name (self, model));

  return caps;
}

RushesCapabilities *
rushes_hosted_catalog_get_all_capabilities (RushesHostedCatalog *self,
                                            const char          *default_model,
                                            guint                max_concurrent)
{
  RushesCapabilities *caps;

  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), NULL);

  caps = rushes_hosted_catalog_get_capabilities (self, default_model, NULL);
  if (caps == NULL)
    return NULL;
  caps->max_concurrent = max_concurrent;
  caps->model_caps = g_ptr_array_new_with_free_func ((GDestroyNotify) rushes_capabilities_unref);
  for (guint i = 0; caps->models[i] != NULL; i++)
    {
      RushesCapabilities *one = rushes_hosted_catalog_get_capabilities (self, caps->models[i], caps->models);

      one->max_concurrent = max_concurrent;
      g_ptr_array_add (caps->model_caps, one);
    }
  return caps;
}

JsonObject *
rushes_hosted_catalog_build_input (RushesHostedCatalog  *self,
                                   const char           *model,
                                   RushesRecipe         *recipe,
                                   const char           *image_value,
                                   GError              **error)
{
  return rushes_hosted_catalog_build_input_images (self, model, recipe, image_value, NULL, error);
}

JsonObject *
rushes_hosted_catalog_build_input_images (RushesHostedCatalog  *self,
                                          const char           *model,
                                          RushesRecipe         *recipe,
                                          const char           *image_value,
                                          const char           *end_image_value,
                                          GError              **error)
{
  g_autoptr(JsonObject) input = NULL;
  JsonObject *m;
  JsonObject *inputs;
  JsonObject *spec;
  JsonObject *extra_inputs = NULL;
  JsonObject *extras;
  const char *name;
  double fps;

  g_return_val_if_fail (RUSHES_IS_HOSTED_CATALOG (self), NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);

  m = find_model (self, model);
  if (m == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("model “%s” is not in the list of hosted models"), model ? model : "");
      return NULL;
    }
  inputs = json_object_get_object_member (m, "inputs");
  input = json_object_new ();

  json_object_set_string_member (input, input_name (inputs, "prompt"), rushes_recipe_get_prompt (recipe));

  if ((name = input_name (inputs, "negative_prompt")) != NULL &&
      rushes_recipe_get_negative_prompt (recipe)[0] != '\0')
    json_object_set_string_member (input, name, rushes_recipe_get_negative_prompt (recipe));

  /* a seed still "random" here is left to the model */
  if ((name = input_name (inputs, "seed")) != NULL &&
      rushes_recipe_get_seed (recipe) != RUSHES_RECIPE_SEED_RANDOM)
    json_object_set_int_member (input, name, rushes_recipe_get_seed (recipe));

  if (rushes_recipe_get_start_image (recipe)[0] != '\0')
    {
      if ((name = input_name (inputs, "image")) == NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("start_image is not supported by model %s"), model);
          return NULL;
        }
      json_object_set_string_member (input, name,
                                     image_value ? image_value : rushes_recipe_get_start_image (recipe));
    }

  if (rushes_recipe_get_end_image (recipe)[0] != '\0')
    {
      if ((name = input_name (inputs, "end_image")) == NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("model %s cannot honour an end image; choose a model that takes a first and a last frame"),
                       model);
          return NULL;
        }
      /* first-and-last-frame models animate from a first frame */
      if (input_name (inputs, "image") != NULL && rushes_recipe_get_start_image (recipe)[0] == '\0')
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("model %s needs a start image with the end image"), model);
          return NULL;
        }
      json_object_set_string_member (input, name,
                                     end_image_value ? end_image_value : rushes_recipe_get_end_image (recipe));
    }

  spec = input_spec (inputs, "fps");
  fps = spec_number (spec, "fixed", 0);
  if (!fps_is_fixed (inputs))
    {
      double lo = spec_number (spec, "min", 1);
      double hi = spec_number (spec, "max", 60);

      fps = rushes_recipe_get_fps (recipe);
      if (fps < lo || fps > hi)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("fps must be between %g and %g for model %s (got %g)"), lo, hi, model, fps);
          return NULL;
        }
      json_object_set_int_member (input, input_name (inputs, "fps"), (gint64) fps);
    }
  else if (fps <= 0)
    fps = rushes_recipe_get_fps (recipe);

  if ((spec = input_spec (inputs, "frames")) != NULL && (name = input_name (inputs, "frames")) != NULL)
    {
      double lo = spec_number (spec, "min", 1);
      double hi = spec_number (spec, "max", lo);
      double frames = round (rushes_recipe_get_seconds (recipe) * fps);

      double step = MAX (spec_number (spec, "step", 1), 1);

      if (hi <= lo)
        frames = lo;   /* a fixed length: the recipe's seconds are not offered */
      else if (frames < lo || frames > hi)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("seconds must be between %.2f and %.2f at %g fps for model %s (%g frames; allowed %g to %g)"),
                       lo / fps, hi / fps, fps, model, frames, lo, hi);
          return NULL;
        }
      else if (fmod (frames - lo, step) != 0)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("seconds must make %g frames plus a multiple of %g at %g fps for model %s (%g frames)"),
                       lo, step, fps, model, frames);
          return NULL;
        }
      json_object_set_int_member (input, name, (gint64) frames);
    }
  else if ((spec = input_spec (inputs, "seconds")) != NULL && (name = input_name (inputs, "seconds")) != NULL)
    {
      double seconds = rushes_recipe_get_seconds (recipe);
      double lo = spec_number (spec, "min", 0);
      double hi = spec_number (spec, "max", G_MAXDOUBLE);

      if (seconds < lo || seconds > hi)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("seconds must be between %g and %g for model %s (got %g)"), lo, hi, model, seconds);
          return NULL;
        }
      if (fabs (seconds - round (seconds)) < 1e-9)
        json_object_set_int_member (input, name, (gint64) round (seconds));
      else
        json_object_set_double_member (input, name, seconds);
    }

  if ((spec = input_spec (inputs, "steps")) != NULL && (name = input_name (inputs, "steps")) != NULL)
    {
      double hi = spec_number (spec, "max", G_MAXUINT);
      guint steps = rushes_recipe_get_steps (recipe);

      if (steps < 1 || steps > hi)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("steps must be between 1 and %g for model %s (got %u)"), hi, model, steps);
          return NULL;
        }
      json_object_set_int_member (input, name, steps);
    }

  if ((spec = input_spec (inputs, "guidance")) != NULL && (name = input_name (inputs, "guidance")) != NULL)
    {
      double hi = spec_number (spec, "max", G_MAXDOUBLE);
      double guidance = rushes_recipe_get_guidance (recipe);

      if (guidance < 0 || guidance > hi)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("guidance must be between 0 and %g for model %s (got %g)"), hi, model, guidance);
          return NULL;
        }
      json_object_set_double_member (input, name, guidance);
    }

  if (json_object_has_member (m, "sizes"))
    {
      JsonArray *sizes = json_object_get_array_member (m, "sizes");
      guint w = rushes_recipe_get_width (recipe);
      guint h = rushes_recipe_get_height (recipe);
      JsonObject *match = NULL;
      g_autoptr(GString) allowed = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (sizes); i++)
        {
          JsonObject *s = json_array_get_object_element (sizes, i);
          guint sw = (guint) json_object_get_int_member (s, "width");
          guint sh = (guint) json_object_get_int_member (s, "height");

          g_string_append_printf (allowed, "%s%u×%u", i > 0 ? ", " : "", sw, sh);
          if (sw == w && sh == h)
            match = s;
        }

      if (json_array_get_length (sizes) > 0 && match == NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("size must be one of %s for model %s (got %u×%u)"), allowed->str, model, w, h);
          return NULL;
        }

      if (match != NULL && json_object_has_member (match, "inputs") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (match, "inputs")))
        {
          JsonObject *fixed = json_object_get_object_member (match, "inputs");
          g_autoptr(GList) members = json_object_get_members (fixed);

          for (GList *l = members; l != NULL; l = l->next)
            json_object_set_member (input, l->data,
                                    json_node_copy (json_object_get_member (fixed, l->data)));
        }
    }

  /* backend-specific extras: {"inputs": {...}} is passed through as is */
  extras = rushes_recipe_get_extras (recipe);
  if (extras != NULL && json_object_has_member (extras, "inputs") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (extras, "inputs")))
    extra_inputs = json_object_get_object_member (extras, "inputs");
  if (extra_inputs != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra_inputs);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (input, l->data,
                                json_node_copy (json_object_get_member (extra_inputs, l->data)));
    }

  return g_steal_pointer (&input);
}
