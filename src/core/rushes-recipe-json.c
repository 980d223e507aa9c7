/* rushes-recipe-json.c: a recipe's JSON form, and the checks of its values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON form (version 1):
 *
 *   { "version": 1, "prompt": "…", "negative_prompt": "…", "backend": "sketch",
 *     "model": "…", "seconds": 4.0, "fps": 24, "width": 848, "height": 480,
 *     "seed": 1234, "steps": 30, "guidance": 3.0, "start_image": "…",
 *     "end_image": "…", "start_image_source": "clip.webm@end" (only when set),
 *     "end_image_source": "…" (only when set),
 *     "audio": false, "extras": { … }, "lineage": { … } }
 *
 * Missing members take their defaults; "seed" may be -1 or "random".
 * Members of unknown names are ignored (a newer version 1 writer may add
 * optional members); a wrong type or value is an error naming the member.
 */

#define G_LOG_DOMAIN "rushes-recipe"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-core-private.h"
#include "rushes-recipe-private.h"

#define MIN_SECONDS      0.5
#define MAX_SECONDS      60.0
#define MIN_FPS          1
#define MAX_FPS          120
#define MIN_SIDE         64
#define MAX_SIDE         4096
#define MIN_STEPS        1
#define MAX_STEPS        200
#define MIN_GUIDANCE     0.0
#define MAX_GUIDANCE     30.0
#define MAX_PROMPT_CHARS 10000
/* Seeds stay exact in a JSON double */
#define MAX_SEED         G_GINT64_CONSTANT (9007199254740991)

/* json_node_copy() shares objects and arrays; a recipe owns its data. */
static JsonNode *
deep_copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *new_object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, object);
        while (json_object_iter_next (&iter, &name, &member))
          json_object_set_member (new_object, name, deep_copy_node (member));
        copy = json_node_init_object (json_node_alloc (), new_object);
        json_object_unref (new_object);
        return copy;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);
        JsonArray *new_array = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (new_array, deep_copy_node (json_array_get_element (array, i)));
        copy = json_node_init_array (json_node_alloc (), new_array);
        json_array_unref (new_array);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

JsonObject *
_rushes_recipe_copy_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = deep_copy_node (node);

  return json_node_dup_object (copy);
}

/* JSON → recipe */

static gboolean
invalid_type (const char  *member,
              const char  *expected,
              GError     **error)
{
  g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
               /* Translators: "%s" are a field name and a JSON type, e.g. "fps must be an integer" */
               _("%s must be %s"), member, expected);
  return FALSE;
}

/* The type of a member's value: G_TYPE_NONE when there is no such member,
 * G_TYPE_INVALID when it is not a plain value (null, object, array). */
static GType
member_type (JsonObject  *object,
             const char  *member,
             JsonNode   **node)
{
  *node = json_object_get_member (object, member);
  if (*node == NULL)
    return G_TYPE_NONE;
  return JSON_NODE_HOLDS_VALUE (*node) ? json_node_get_value_type (*node) : G_TYPE_INVALID;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out,
             GError     **error)
{
  JsonNode *node;
  GType type = member_type (object, member, &node);

  if (type == G_TYPE_NONE)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_free (*out);
      *out = g_strdup ("");
      return TRUE;
    }
  if (type != G_TYPE_STRING)
    return invalid_type (member, _("a string"), error);

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             double      *out,
             GError     **error)
{
  JsonNode *node;
  GType type = member_type (object, member, &node);

  if (type == G_TYPE_NONE)
    return TRUE;
  if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else
    return invalid_type (member, _("a number"), error);

  if (!isfinite (*out))
    return invalid_type (member, _("a finite number"), error);
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          gint64      *out,
          GError     **error)
{
  JsonNode *node;
  GType type = member_type (object, member, &node);

  if (type == G_TYPE_NONE)
    return TRUE;
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* 24.0 is fine, 23.976 is not */
      if (isfinite (d) && d == floor (d) && fabs (d) <= (double) MAX_SEED)
        {
          *out = (gint64) d;
          return TRUE;
        }
    }
  return invalid_type (member, _("an integer"), error);
}

static gboolean
read_uint (JsonObject  *object,
           const char  *member,
           guint       *out,
           GError     **error)
{
  gint64 v = *out;

  if (!read_int (object, member, &v, error))
    return FALSE;
  /* Out-of-range values are reported by validate with the allowed range;
   * clamp to something that says "too big" or "too small" meanwhile. */
  *out = (guint) CLAMP (v, 0, G_MAXUINT);
  return TRUE;
}

RushesRecipe *
rushes_recipe_new_from_json_node (JsonNode  *node,
                                  GError   **error)
{
  g_autoptr(RushesRecipe) self = NULL;
  JsonObject *object;
  JsonNode *member;
  gint64 version;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_PARSE,
                           _("A recipe must be a JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "version");
  if (member == NULL)
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_VERSION,
                           _("The recipe has no “version”"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_VERSION,
                           _("version must be an integer"));
      return NULL;
    }
  version = json_node_get_int (member);
  if (version != RUSHES_RECIPE_VERSION)
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_VERSION,
                   _("Recipe version %lld is not supported (this Rushes reads version %d)"),
                   (long long) version, RUSHES_RECIPE_VERSION);
      return NULL;
    }

  self = rushes_recipe_new ();

  if (!read_string (object, "prompt", &self->prompt, error) ||
      !read_string (object, "negative_prompt", &self->negative_prompt, error) ||
      !read_string (object, "backend", &self->backend, error) ||
      !read_string (object, "model", &self->model, error) ||
      !read_string (object, "start_image", &self->start_image, error) ||
      !read_string (object, "end_image", &self->end_image, error) ||
      !read_string (object, "start_image_source", &self->start_image_source, error) ||
      !read_string (object, "end_image_source", &self->end_image_source, error) ||
      !read_number (object, "seconds", &self->seconds, error) ||
      !read_uint (object, "fps", &self->fps, error) ||
      !read_uint (object, "width", &self->width, error) ||
      !read_uint (object, "height", &self->height, error) ||
      !read_uint (object, "steps", &self->steps, error) ||
      !read_number (object, "guidance", &self->guidance, error))
    return NULL;

  member = json_object_get_member (object, "seed");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
      json_node_get_value_type (member) == G_TYPE_STRING)
    {
      if (g_strcmp0 (json_node_get_string (member), "random") != 0)
        return invalid_type ("seed", _("an integer or “random”"), error), NULL;
      self->seed = RUSHES_RECIPE_SEED_RANDOM;
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!read_int (object, "seed", &self->seed, NULL))
        return invalid_type ("seed", _("an integer or “random”"), error), NULL;
    }

  member = json_object_get_member (object, "audio");
  if (member != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        return invalid_type ("audio", _("true or false"), error), NULL;
      self->audio = json_node_get_boolean (member);
    }

  member = json_object_get_member (object, "extras");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid_type ("extras", _("an object"), error), NULL;
      g_clear_pointer (&self->extras, json_object_unref);
      self->extras = _rushes_recipe_copy_object (json_node_get_object (member));
    }

  member = json_object_get_member (object, "lineage");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        return invalid_type ("lineage", _("an object"), error), NULL;
      self->lineage = _rushes_recipe_copy_object (json_node_get_object (member));
    }

  if (!rushes_recipe_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

RushesRecipe *
rushes_recipe_new_from_json (const char  *json,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_PARSE,
                   _("The recipe is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_PARSE,
                           _("The recipe is empty"));
      return NULL;
    }

  return rushes_recipe_new_from_json_node (root, error);
}

/* recipe → JSON */

JsonNode *
rushes_recipe_to_json_node (RushesRecipe *self)
{
  g_autoptr(JsonBuilder) builder = NULL;

  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, RUSHES_RECIPE_VERSION);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, self->prompt);
  json_builder_set_member_name (builder, "negative_prompt");
  json_builder_add_string_value (builder, self->negative_prompt);
  json_builder_set_member_name (builder, "backend");
  json_builder_add_string_value (builder, self->backend);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, self->seconds);
  json_builder_set_member_name (builder, "fps");
  json_builder_add_int_value (builder, self->fps);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, self->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, self->height);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, self->seed);
  json_builder_set_member_name (builder, "steps");
  json_builder_add_int_value (builder, self->steps);
  json_builder_set_member_name (builder, "guidance");
  json_builder_add_double_value (builder, self->guidance);
  json_builder_set_member_name (builder, "start_image");
  json_builder_add_string_value (builder, self->start_image);
  json_builder_set_member_name (builder, "end_image");
  json_builder_add_string_value (builder, self->end_image);
  if (self->start_image_source[0] != '\0')
    {
      json_builder_set_member_name (builder, "start_image_source");
      json_builder_add_string_value (builder, self->start_image_source);
    }
  if (self->end_image_source[0] != '\0')
    {
      json_builder_set_member_name (builder, "end_image_source");
      json_builder_add_string_value (builder, self->end_image_source);
    }
  json_builder_set_member_name (builder, "audio");
  json_builder_add_boolean_value (builder, self->audio);
  json_builder_set_member_name (builder, "extras");
  {
    g_autoptr(JsonNode) extras = json_node_init_object (json_node_alloc (), self->extras);

    json_builder_add_value (builder, deep_copy_node (extras));
  }
  json_builder_set_member_name (builder, "lineage");
  if (self->lineage != NULL)
    {
      g_autoptr(JsonNode) lineage = json_node_init_object (json_node_alloc (), self->lineage);

      json_builder_add_value (builder, deep_copy_node (lineage));
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
rushes_recipe_to_json (RushesRecipe *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);

  node = rushes_recipe_to_json_node (self);
  return _rushes_json_to_string (node, TRUE);
}

/* validation */

static gboolean
out_of_range_uint (const char  *field,
                   guint        min,
                   guint        max,
                   guint        value,
                   GError     **error)
{
  g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
               /* Translators: e.g. "fps must be between 1 and 120 (got 0)" */
               _("%s must be between %u and %u (got %u)"), field, min, max, value);
  return FALSE;
}

static gboolean
out_of_range_double (const char  *field,
                     double       min,
                     double       max,
                     double       value,
                     GError     **error)
{
  g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
               _("%s must be between %g and %g (got %g)"), field, min, max, value);
  return FALSE;
}

gboolean
rushes_recipe_validate (RushesRecipe  *self,
                        GError       **error)
{
  glong n_chars;

  g_return_val_if_fail (RUSHES_IS_RECIPE (self), FALSE);

  if (!g_utf8_validate (self->prompt, -1, NULL))
    return invalid_type ("prompt", _("valid UTF-8 text"), error);
  n_chars = g_utf8_strlen (self->prompt, -1);
  {
    g_autofree char *stripped = g_strstrip (g_strdup (self->prompt));

    if (stripped[0] == '\0')
      {
        g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                             _("prompt must not be empty"));
        return FALSE;
      }
  }
  if (n_chars > MAX_PROMPT_CHARS)
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                   _("prompt must be at most %d characters (got %ld)"), MAX_PROMPT_CHARS, n_chars);
      return FALSE;
    }
  if (!g_utf8_validate (self->negative_prompt, -1, NULL))
    return invalid_type ("negative_prompt", _("valid UTF-8 text"), error);
  if (g_utf8_strlen (self->negative_prompt, -1) > MAX_PROMPT_CHARS)
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                   _("negative_prompt must be at most %d characters (got %ld)"), MAX_PROMPT_CHARS,
                   g_utf8_strlen (self->negative_prompt, -1));
      return FALSE;
    }
  if (self->backend[0] == '\0')
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                           _("backend must not be empty"));
      return FALSE;
    }
  if (!(self->seconds >= MIN_SECONDS && self->seconds <= MAX_SECONDS))
    return out_of_range_double ("seconds", MIN_SECONDS, MAX_SECONDS, self->seconds, error);
  if (self->fps < MIN_FPS || self->fps > MAX_FPS)
    return out_of_range_uint ("fps", MIN_FPS, MAX_FPS, self->fps, error);
  if (self->width < MIN_SIDE || self->width > MAX_SIDE)
    return out_of_range_uint ("width", MIN_SIDE, MAX_SIDE, self->width, error);
  if (self->height < MIN_SIDE || self->height > MAX_SIDE)
    return out_of_range_uint ("height", MIN_SIDE, MAX_SIDE, self->height, error);
  if (self->width % 2 != 0)
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                   _("width must be an even number between %d and %d (got %u)"),
                   MIN_SIDE, MAX_SIDE, self->width);
      return FALSE;
    }
  if (self->height % 2 != 0)
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                   _("height must be an even number between %d and %d (got %u)"),
                   MIN_SIDE, MAX_SIDE, self->height);
      return FALSE;
    }
  if (self->seed != RUSHES_RECIPE_SEED_RANDOM && (self->seed < 0 || self->seed > MAX_SEED))
    {
      g_set_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                   _("seed must be “random” or between 0 and %lld (got %lld)"),
                   (long long) MAX_SEED, (long long) self->seed);
      return FALSE;
    }
  if (self->steps < MIN_STEPS || self->steps > MAX_STEPS)
    return out_of_range_uint ("steps", MIN_STEPS, MAX_STEPS, self->steps, error);
  if (!(self->guidance >= MIN_GUIDANCE && self->guidance <= MAX_GUIDANCE))
    return out_of_range_double ("guidance", MIN_GUIDANCE, MAX_GUIDANCE, self->guidance, error);

  return TRUE;
}
