/* rushes-recipe.c: everything needed to make (or remake) one take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its properties and accessors; the JSON form and validation
 * are in rushes-recipe-json.c.
 */
#define G_LOG_DOMAIN "rushes-recipe"

#include "config.h"

#include <math.h>

#include "rushes-recipe-private.h"

#define DEFAULT_BACKEND  "sketch"
#define DEFAULT_SECONDS  4.0
#define DEFAULT_FPS      24
#define DEFAULT_WIDTH    848
#define DEFAULT_HEIGHT   480
#define DEFAULT_STEPS    30
#define DEFAULT_GUIDANCE 3.0

G_DEFINE_TYPE (RushesRecipe, rushes_recipe, G_TYPE_OBJECT)

G_DEFINE_QUARK (rushes-recipe-error-quark, rushes_recipe_error)

enum
{
  PROP_0,
  PROP_PROMPT,
  PROP_NEGATIVE_PROMPT,
  PROP_BACKEND,
  PROP_MODEL,
  PROP_SECONDS,
  PROP_FPS,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_SEED,
  PROP_STEPS,
  PROP_GUIDANCE,
  PROP_START_IMAGE,
  PROP_END_IMAGE,
  PROP_AUDIO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rushes_recipe_finalize (GObject *object)
{
  RushesRecipe *self = RUSHES_RECIPE (object);

  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->backend);
  g_free (self->model);
  g_free (self->start_image);
  g_free (self->end_image);
  g_free (self->start_image_source);
  g_free (self->end_image_source);
  g_clear_pointer (&self->extras, json_object_unref);
  g_clear_pointer (&self->lineage, json_object_unref);

  G_OBJECT_CLASS (rushes_recipe_parent_class)->finalize (object);
}

static void
rushes_recipe_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RushesRecipe *self = RUSHES_RECIPE (object);

  switch (prop_id)
    {
    case PROP_PROMPT:          g_value_set_string (value, self->prompt); break;
    case PROP_NEGATIVE_PROMPT: g_value_set_string (value, self->negative_prompt); break;
    case PROP_BACKEND:         g_value_set_string (value, self->backend); break;
    case PROP_MODEL:           g_value_set_string (value, self->model); break;
    case PROP_SECONDS:         g_value_set_double (value, self->seconds); break;
    case PROP_FPS:             g_value_set_uint (value, self->fps); break;
    case PROP_WIDTH:           g_value_set_uint (value, self->width); break;
    case PROP_HEIGHT:          g_value_set_uint (value, self->height); break;
    case PROP_SEED:            g_value_set_int64 (value, self->seed); break;
    case PROP_STEPS:           g_value_set_uint (value, self->steps); break;
    case PROP_GUIDANCE:        g_value_set_double (value, self->guidance); break;
    case PROP_START_IMAGE:     g_value_set_string (value, self->start_image); break;
    case PROP_END_IMAGE:       g_value_set_string (value, self->end_image); break;
    case PROP_AUDIO:           g_value_set_boolean (value, self->audio); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_recipe_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RushesRecipe *self = RUSHES_RECIPE (object);

  switch (prop_id)
    {
    case PROP_PROMPT:          rushes_recipe_set_prompt (self, g_value_get_string (value)); break;
    case PROP_NEGATIVE_PROMPT: rushes_recipe_set_negative_prompt (self, g_value_get_string (value)); break;
    case PROP_BACKEND:         rushes_recipe_set_backend (self, g_value_get_string (value)); break;
    case PROP_MODEL:           rushes_recipe_set_model (self, g_value_get_string (value)); break;
    case PROP_SECONDS:         rushes_recipe_set_seconds (self, g_value_get_double (value)); break;
    case PROP_FPS:             rushes_recipe_set_fps (self, g_value_get_uint (value)); break;
    case PROP_WIDTH:           rushes_recipe_set_width (self, g_value_get_uint (value)); break;
    case PROP_HEIGHT:          rushes_recipe_set_height (self, g_value_get_uint (value)); break;
    case PROP_SEED:            rushes_recipe_set_seed (self, g_value_get_int64 (value)); break;
    case PROP_STEPS:           rushes_recipe_set_steps (self, g_value_get_uint (value)); break;
    case PROP_GUIDANCE:        rushes_recipe_set_guidance (self, g_value_get_double (value)); break;
    case PROP_START_IMAGE:     rushes_recipe_set_start_image (self, g_value_get_string (value)); break;
    case PROP_END_IMAGE:       rushes_recipe_set_end_image (self, g_value_get_string (value)); break;
    case PROP_AUDIO:           rushes_recipe_set_audio (self, g_value_get_boolean (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_recipe_class_init (RushesRecipeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rushes_recipe_finalize;
  object_class->get_property = rushes_recipe_get_property;
  object_class->set_property = rushes_recipe_set_property;

  /* Property ranges are wide on purpose: the panel may hold a value out of
   * range while the user types; rushes_recipe_validate() says what is wrong. */
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, "", flags);
  properties[PROP_NEGATIVE_PROMPT] = g_param_spec_string ("negative-prompt", NULL, NULL, "", flags);
  properties[PROP_BACKEND] = g_param_spec_string ("backend", NULL, NULL, DEFAULT_BACKEND, flags);
  properties[PROP_MODEL] = g_param_spec_string ("model", NULL, NULL, "", flags);
  properties[PROP_SECONDS] = g_param_spec_double ("seconds", NULL, NULL, 0, G_MAXDOUBLE, DEFAULT_SECONDS, flags);
  properties[PROP_FPS] = g_param_spec_uint ("fps", NULL, NULL, 0, G_MAXUINT, DEFAULT_FPS, flags);
  properties[PROP_WIDTH] = g_param_spec_uint ("width", NULL, NULL, 0, G_MAXUINT, DEFAULT_WIDTH, flags);
  properties[PROP_HEIGHT] = g_param_spec_uint ("height", NULL, NULL, 0, G_MAXUINT, DEFAULT_HEIGHT, flags);
  properties[PROP_SEED] = g_param_spec_int64 ("seed", NULL, NULL, RUSHES_RECIPE_SEED_RANDOM, G_MAXINT64,
                                              RUSHES_RECIPE_SEED_RANDOM, flags);
  properties[PROP_STEPS] = g_param_spec_uint ("steps", NULL, NULL, 0, G_MAXUINT, DEFAULT_STEPS, flags);
  properties[PROP_GUIDANCE] = g_param_spec_double ("guidance", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE,
                                                   DEFAULT_GUIDANCE, flags);
  properties[PROP_START_IMAGE] = g_param_spec_string ("start-image", NULL, NULL, "", flags);
  properties[PROP_END_IMAGE] = g_param_spec_string ("end-image", NULL, NULL, "", flags);
  properties[PROP_AUDIO] = g_param_spec_boolean ("audio", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_recipe_init (RushesRecipe *self)
{
  self->prompt = g_strdup ("");
  self->negative_prompt = g_strdup ("");
  self->backend = g_strdup (DEFAULT_BACKEND);
  self->model = g_strdup ("");
  self->seconds = DEFAULT_SECONDS;
  self->fps = DEFAULT_FPS;
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->seed = RUSHES_RECIPE_SEED_RANDOM;
  self->steps = DEFAULT_STEPS;
  self->guidance = DEFAULT_GUIDANCE;
  self->start_image = g_strdup ("");
  self->end_image = g_strdup ("");
  self->start_image_source = g_strdup ("");
  self->end_image_source = g_strdup ("");
  self->audio = FALSE;
  self->extras = json_object_new ();
  self->lineage = NULL;
}

RushesRecipe *
rushes_recipe_new (void)
{
  return g_object_new (RUSHES_TYPE_RECIPE, NULL);
}

RushesRecipe *
rushes_recipe_copy (RushesRecipe *self)
{
  RushesRecipe *copy;

  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);

  copy = rushes_recipe_new ();
  g_free (copy->prompt);
  copy->prompt = g_strdup (self->prompt);
  g_free (copy->negative_prompt);
  copy->negative_prompt = g_strdup (self->negative_prompt);
  g_free (copy->backend);
  copy->backend = g_strdup (self->backend);
  g_free (copy->model);
  copy->model = g_strdup (self->model);
  copy->seconds = self->seconds;
  copy->fps = self->fps;
  copy->width = self->width;
  copy->height = self->height;
  copy->seed = self->seed;
  copy->steps = self->steps;
  copy->guidance = self->guidance;
  g_free (copy->start_image);
  copy->start_image = g_strdup (self->start_image);
  g_free (copy->end_image);
  copy->end_image = g_strdup (self->end_image);
  g_free (copy->start_image_source);
  copy->start_image_source = g_strdup (self->start_image_source);
  g_free (copy->end_image_source);
  copy->end_image_source = g_strdup (self->end_image_source);
  copy->audio = self->audio;
  g_clear_pointer (&copy->extras, json_object_unref);
  copy->extras = _rushes_recipe_copy_object (self->extras);
  if (self->lineage != NULL)
    copy->lineage = _rushes_recipe_copy_object (self->lineage);

  return copy;
}

gboolean
rushes_recipe_equal (RushesRecipe *a,
                     RushesRecipe *b)
{
  g_autoptr(JsonNode) na = NULL;
  g_autoptr(JsonNode) nb = NULL;

  g_return_val_if_fail (RUSHES_IS_RECIPE (a), FALSE);
  g_return_val_if_fail (RUSHES_IS_RECIPE (b), FALSE);

  if (a == b)
    return TRUE;

  na = rushes_recipe_to_json_node (a);
  nb = rushes_recipe_to_json_node (b);
  return json_node_equal (na, nb);
}

gint64
rushes_recipe_resolve_seed (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);

  if (self->seed == RUSHES_RECIPE_SEED_RANDOM)
    {
      /* 32 bits: what most model pipelines accept as a seed */
      rushes_recipe_set_seed (self, (gint64) g_random_int ());
    }

  return self->seed;
}

guint
rushes_recipe_get_n_frames (RushesRecipe *self)
{
  double frames;

  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);

  frames = round (self->seconds * self->fps);
  return (guint) MAX (1.0, MIN (frames, (double) G_MAXUINT));
}

/* accessors */

static void
set_string (RushesRecipe  *self,
            char         **field,
            const char    *value,
            guint          prop)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_uint (RushesRecipe *self,
          guint        *field,
          guint         value,
          guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* exact comparison of doubles is what "changed" means for a property */
static void
set_double (RushesRecipe *self,
            double       *field,
            double        value,
            guint         prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

const char *
rushes_recipe_get_prompt (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->prompt;
}

void
rushes_recipe_set_prompt (RushesRecipe *self,
                          const char   *prompt)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_string (self, &self->prompt, prompt, PROP_PROMPT);
}

const char *
rushes_recipe_get_negative_prompt (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->negative_prompt;
}

void
rushes_recipe_set_negative_prompt (RushesRecipe *self,
                                   const char   *negative_prompt)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_string (self, &self->negative_prompt, negative_prompt, PROP_NEGATIVE_PROMPT);
}

const char *
rushes_recipe_get_backend (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->backend;
}

void
rushes_recipe_set_backend (RushesRecipe *self,
                           const char   *backend)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  /* an empty backend means the default one */
  set_string (self, &self->backend, (backend && *backend) ? backend : DEFAULT_BACKEND, PROP_BACKEND);
}

const char *
rushes_recipe_get_model (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->model;
}

void
rushes_recipe_set_model (RushesRecipe *self,
                         const char   *model)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_string (self, &self->model, model, PROP_MODEL);
}

double
rushes_recipe_get_seconds (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->seconds;
}

void
rushes_recipe_set_seconds (RushesRecipe *self,
                           double        seconds)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_double (self, &self->seconds, seconds, PROP_SECONDS);
}

guint
rushes_recipe_get_fps (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->fps;
}

void
rushes_recipe_set_fps (RushesRecipe *self,
                       guint         fps)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_uint (self, &self->fps, fps, PROP_FPS);
}

guint
rushes_recipe_get_width (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->width;
}

void
rushes_recipe_set_width (RushesRecipe *self,
                         guint         width)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_uint (self, &self->width, width, PROP_WIDTH);
}

guint
rushes_recipe_get_height (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->height;
}

void
rushes_recipe_set_height (RushesRecipe *self,
                          guint         height)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_uint (self, &self->height, height, PROP_HEIGHT);
}

gint64
rushes_recipe_get_seed (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->seed;
}

void
rushes_recipe_set_seed (RushesRecipe *self,
                        gint64        seed)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  if (self->seed == seed)
    return;
  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

guint
rushes_recipe_get_steps (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->steps;
}

void
rushes_recipe_set_steps (RushesRecipe *self,
                         guint         steps)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_uint (self, &self->steps, steps, PROP_STEPS);
}

double
rushes_recipe_get_guidance (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), 0);
  return self->guidance;
}

void
rushes_recipe_set_guidance (RushesRecipe *self,
                            double        guidance)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_double (self, &self->guidance, guidance, PROP_GUIDANCE);
}

const char *
rushes_recipe_get_start_image (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->start_image;
}

void
rushes_recipe_set_start_image (RushesRecipe *self,
                               const char   *path)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_string (self, &self->start_image, path, PROP_START_IMAGE);
}

const char *
rushes_recipe_get_end_image (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->end_image;
}

void
rushes_recipe_set_end_image (RushesRecipe *self,
                             const char   *path)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_string (self, &self->end_image, path, PROP_END_IMAGE);
}

/* plain data, not properties: only the code that stores a frame sets them */
static void
set_source (char       **field,
            const char  *source)
{
  g_free (*field);
  *field = g_strdup (source ? source : "");
}

const char *
rushes_recipe_get_start_image_source (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->start_image_source;
}

void
rushes_recipe_set_start_image_source (RushesRecipe *self,
                                      const char   *source)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_source (&self->start_image_source, source);
}

const char *
rushes_recipe_get_end_image_source (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->end_image_source;
}

void
rushes_recipe_set_end_image_source (RushesRecipe *self,
                                    const char   *source)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  set_source (&self->end_image_source, source);
}

gboolean
rushes_recipe_get_audio (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), FALSE);
  return self->audio;
}

void
rushes_recipe_set_audio (RushesRecipe *self,
                         gboolean      audio)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));
  audio = !!audio;
  if (self->audio == audio)
    return;
  self->audio = audio;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO]);
}

JsonObject *
rushes_recipe_get_extras (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);
  return self->extras;
}

const char *
rushes_recipe_get_derived_from (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);

  if (self->lineage == NULL || !json_object_has_member (self->lineage, "derived_from"))
    return NULL;
  return json_object_get_string_member_with_default (self->lineage, "derived_from", NULL);
}

const char *
rushes_recipe_get_lineage_operation (RushesRecipe *self)
{
  g_return_val_if_fail (RUSHES_IS_RECIPE (self), NULL);

  if (self->lineage == NULL)
    return NULL;
  return json_object_get_string_member_with_default (self->lineage, "operation", NULL);
}

void
rushes_recipe_set_lineage (RushesRecipe *self,
                           const char   *operation,
                           const char   *derived_from,
                           double        in_seconds,
                           double        out_seconds)
{
  g_return_if_fail (RUSHES_IS_RECIPE (self));

  g_clear_pointer (&self->lineage, json_object_unref);
  if (operation == NULL && derived_from == NULL)
    return;

  self->lineage = json_object_new ();
  json_object_set_string_member (self->lineage, "operation", operation ? operation : "");
  json_object_set_string_member (self->lineage, "derived_from", derived_from ? derived_from : "");
  json_object_set_double_member (self->lineage, "in", in_seconds);
  json_object_set_double_member (self->lineage, "out", out_seconds);
}
