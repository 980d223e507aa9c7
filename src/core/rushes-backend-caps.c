/* rushes-backend-caps.c: one model's capabilities, the lengths it makes and
 * the defaults a recipe gets from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-backend"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-backend.h"

const RushesCapabilities *
rushes_capabilities_for_model (const RushesCapabilities *caps,
                               const char               *model)
{
  g_return_val_if_fail (caps != NULL, NULL);

  if (model == NULL || model[0] == '\0' || caps->model_caps == NULL || caps->models == NULL)
    return caps;
  for (guint i = 0; caps->models[i] != NULL && i < caps->model_caps->len; i++)
    if (g_str_equal (caps->models[i], model))
      return g_ptr_array_index (caps->model_caps, i);
  return caps;
}

guint
rushes_capabilities_render_fps (const RushesCapabilities *caps,
                                guint                     fps)
{
  g_return_val_if_fail (caps != NULL, fps);

  if (!(caps->fields & RUSHES_FIELD_FPS) && caps->fps != NULL && caps->fps->len == 1)
    return g_array_index (caps->fps, guint, 0);
  return fps;
}

static guint
frames_step (const RushesCapabilities *caps)
{
  return MAX (caps->frames_step, 1);
}

gboolean
rushes_capabilities_allows_seconds (const RushesCapabilities *caps,
                                    guint                     fps,
                                    double                    seconds)
{
  g_return_val_if_fail (caps != NULL, FALSE);

  fps = rushes_capabilities_render_fps (caps, fps);
  if (caps->min_frames > 0 && fps > 0)
    {
      double frames = round (seconds * fps);

      return frames >= caps->min_frames && frames <= caps->max_frames &&
             ((guint) frames - caps->min_frames) % frames_step (caps) == 0;
    }

  if (seconds < caps->min_seconds - 1e-9 || (caps->max_seconds > 0 && seconds > caps->max_seconds + 1e-9))
    return FALSE;
  if (caps->seconds_step > 0)
    {
      double steps = (seconds - caps->min_seconds) / caps->seconds_step;

      return fabs (steps - round (steps)) <= 1e-6;
    }
  return TRUE;
}

/* the nearest of lo + k × step (k ≥ 0) not above hi */
static double
nearest_on_grid (double value,
                 double lo,
                 double hi,
                 double step)
{
  double k;

  value = CLAMP (value, lo, MAX (lo, hi));
  if (step <= 0)
    return value;
  k = round ((value - lo) / step);
  if (lo + k * step > hi + 1e-9 && k > 0)
    k--;
  return lo + k * step;
}

double
rushes_capabilities_nearest_seconds (const RushesCapabilities *caps,
                                     guint                     fps,
                                     double                    seconds)
{
  g_return_val_if_fail (caps != NULL, seconds);

  fps = rushes_capabilities_render_fps (caps, fps);
  if (caps->min_frames > 0 && fps > 0)
    return nearest_on_grid (round (seconds * fps), caps->min_frames, caps->max_frames,
                            frames_step (caps)) / fps;

  return nearest_on_grid (seconds, caps->min_seconds,
                          caps->max_seconds > 0 ? caps->max_seconds : G_MAXDOUBLE, caps->seconds_step);
}

char *
rushes_capabilities_describe_sizes (const RushesCapabilities *caps,
                                    gboolean                  mark_default)
{
  GString *str;

  g_return_val_if_fail (caps != NULL, NULL);

  if (caps->sizes == NULL || caps->sizes->len == 0)
    /* Translators: ends "size must be …" */
    return g_strdup_printf (_("at most %u×%u"), caps->max_width, caps->max_height);

  /* Translators: ends "size must be …"; a list of sizes follows */
  str = g_string_new (_("one of"));
  for (guint i = 0; i < caps->sizes->len; i++)
    {
      const RushesSize *size = &g_array_index (caps->sizes, RushesSize, i);

      g_string_append_printf (str, "%s%u×%u", i ? ", " : " ", size->width, size->height);
      if (mark_default && size->width == caps->default_width && size->height == caps->default_height)
        g_string_append_printf (str, " (%s)", _("default"));
    }
  return g_string_free (str, FALSE);
}

/* the list is every rate from its first to its last */
static gboolean
fps_is_range (const GArray *fps)
{
  for (guint i = 1; i < fps->len; i++)
    if (g_array_index (fps, guint, i) != g_array_index (fps, guint, i - 1) + 1)
      return FALSE;
  return fps->len > 2;
}

char *
rushes_capabilities_describe_fps (const RushesCapabilities *caps,
                                  gboolean                  mark_default)
{
  g_autofree char *range = NULL;
  GString *str;

  g_return_val_if_fail (caps != NULL, NULL);

  if (caps->fps == NULL || caps->fps->len == 0)
    range = g_strdup_printf (_("between %u and %u"), 1, caps->max_fps);
  else if (fps_is_range (caps->fps))
    range = g_strdup_printf (_("between %u and %u"), g_array_index (caps->fps, guint, 0),
                             g_array_index (caps->fps, guint, caps->fps->len - 1));
  if (range != NULL)
    {
      if (mark_default && caps->default_fps > 0)
        return g_strdup_printf (_("%s (default %u)"), range, caps->default_fps);
      return g_steal_pointer (&range);
    }

  if (caps->fps->len == 1)
    /* Translators: a frame rate, the only one allowed */
    return g_strdup_printf (_("%u only"), g_array_index (caps->fps, guint, 0));

  str = g_string_new (_("one of"));
  for (guint i = 0; i < caps->fps->len; i++)
    {
      guint fps = g_array_index (caps->fps, guint, i);

      g_string_append_printf (str, "%s%u", i ? ", " : " ", fps);
      if (mark_default && fps == caps->default_fps)
        g_string_append_printf (str, " (%s)", _("default"));
    }
  return g_string_free (str, FALSE);
}

char *
rushes_capabilities_describe_seconds (const RushesCapabilities *caps,
                                      guint                     fps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  fps = rushes_capabilities_render_fps (caps, fps);
  if (caps->min_frames > 0 && fps > 0)
    {
      double lo = (double) caps->min_frames / fps;
      double hi = (double) caps->max_frames / fps;

      if (caps->max_frames <= caps->min_frames)
        return g_strdup_printf (_("%.2f s (%u frames at %u fps)"), lo, caps->min_frames, fps);
      if (frames_step (caps) > 1)
        return g_strdup_printf (_("between %.2f and %.2f s at %u fps, in steps of %u frames (%u, %u, … %u)"),
                                lo, hi, fps, frames_step (caps), caps->min_frames,
                                caps->min_frames + frames_step (caps), caps->max_frames);
      return g_strdup_printf (_("between %.2f and %.2f s at %u fps (%u to %u frames)"),
                              lo, hi, fps, caps->min_frames, caps->max_frames);
    }

  if (caps->max_seconds > 0 && caps->max_seconds <= caps->min_seconds)
    return g_strdup_printf (_("%g s"), caps->min_seconds);
  if (caps->seconds_step > 0)
    return g_strdup_printf (_("a multiple of %g s from %g to %g s"), caps->seconds_step,
                            caps->min_seconds, caps->max_seconds);
  return g_strdup_printf (_("between %g and %g s"), caps->min_seconds, caps->max_seconds);
}

RushesFields
rushes_capabilities_allowed_fields (const RushesCapabilities *caps,
                                    RushesRecipe             *recipe)
{
  RushesFields allowed = RUSHES_FIELD_NONE;

  g_return_val_if_fail (caps != NULL, RUSHES_FIELD_NONE);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), RUSHES_FIELD_NONE);

  if (rushes_capabilities_allows_size (caps, rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe)))
    allowed |= RUSHES_FIELD_SIZE;
  if (rushes_capabilities_allows_fps (caps, rushes_recipe_get_fps (recipe)))
    allowed |= RUSHES_FIELD_FPS;
  if (rushes_capabilities_allows_seconds (caps, rushes_recipe_get_fps (recipe), rushes_recipe_get_seconds (recipe)))
    allowed |= RUSHES_FIELD_SECONDS;
  if (caps->max_steps == 0 || rushes_recipe_get_steps (recipe) <= caps->max_steps)
    allowed |= RUSHES_FIELD_STEPS;
  if (caps->max_guidance <= 0 || rushes_recipe_get_guidance (recipe) <= caps->max_guidance)
    allowed |= RUSHES_FIELD_GUIDANCE;
  return allowed;
}

static guint
nearest_fps (const RushesCapabilities *caps,
             guint                     fps)
{
  guint best;

  if (caps->fps == NULL || caps->fps->len == 0)
    return CLAMP (fps, 1, MAX (caps->max_fps, 1));

  best = g_array_index (caps->fps, guint, 0);
  for (guint i = 1; i < caps->fps->len; i++)
    {
      guint candidate = g_array_index (caps->fps, guint, i);

      if (ABS ((int) candidate - (int) fps) < ABS ((int) best - (int) fps))
        best = candidate;
    }
  return best;
}

void
rushes_capabilities_apply_defaults (const RushesCapabilities *caps,
                                    RushesRecipe             *recipe,
                                    RushesFields              keep)
{
  RushesFields allowed;
  guint fps;

  g_return_if_fail (caps != NULL);
  g_return_if_fail (RUSHES_IS_RECIPE (recipe));

  allowed = rushes_capabilities_allowed_fields (caps, recipe);

  if (!(keep & RUSHES_FIELD_SIZE))
    {
      if (caps->default_width > 0 && caps->default_height > 0)
        {
          rushes_recipe_set_width (recipe, caps->default_width);
          rushes_recipe_set_height (recipe, caps->default_height);
        }
      else if (!(allowed & RUSHES_FIELD_SIZE) && caps->sizes != NULL && caps->sizes->len > 0)
        {
          rushes_recipe_set_width (recipe, g_array_index (caps->sizes, RushesSize, 0).width);
          rushes_recipe_set_height (recipe, g_array_index (caps->sizes, RushesSize, 0).height);
        }
    }

  if (!(keep & RUSHES_FIELD_FPS))
    {
      if (caps->default_fps > 0)
        rushes_recipe_set_fps (recipe, caps->default_fps);
      else if (!(allowed & RUSHES_FIELD_FPS))
        rushes_recipe_set_fps (recipe, nearest_fps (caps, rushes_recipe_get_fps (recipe)));
    }

  /* the length after the frame rate: frames count at that rate */
  fps = rushes_capabilities_render_fps (caps, rushes_recipe_get_fps (recipe));
  if (!(keep & RUSHES_FIELD_SECONDS))
    {
      double seconds = rushes_recipe_get_seconds (recipe);

      if (caps->min_frames > 0 && caps->default_frames > 0 && fps > 0)
        seconds = (double) caps->default_frames / fps;
      else if (caps->default_seconds > 0)
        seconds = caps->default_seconds;
      if (!rushes_capabilities_allows_seconds (caps, fps, seconds))
        seconds = rushes_capabilities_nearest_seconds (caps, fps, seconds);
      rushes_recipe_set_seconds (recipe, seconds);
    }

  if (!(keep & RUSHES_FIELD_STEPS))
    {
      if (caps->default_steps > 0)
        rushes_recipe_set_steps (recipe, caps->default_steps);
      else if (!(allowed & RUSHES_FIELD_STEPS))
        rushes_recipe_set_steps (recipe, caps->max_steps);
    }

  if (!(keep & RUSHES_FIELD_GUIDANCE))
    {
      if (caps->default_guidance >= 0)
        rushes_recipe_set_guidance (recipe, caps->default_guidance);
      else if (!(allowed & RUSHES_FIELD_GUIDANCE))
        rushes_recipe_set_guidance (recipe, caps->max_guidance);
    }
}

gboolean
rushes_capabilities_honours_images (const RushesCapabilities *caps,
                                    RushesFields              images)
{
  g_return_val_if_fail (caps != NULL, FALSE);

  images &= RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE;
  return (caps->fields & images) == images;
}

/* the models of caps that honour images: NULL when all do (or there are no
 * per-model capabilities), an empty array when none does */
static GPtrArray *
models_with_images (const RushesCapabilities *caps,
                    RushesFields              images)
{
  GPtrArray *models;
  gboolean all = TRUE;

  if (caps->models == NULL || caps->model_caps == NULL)
    return rushes_capabilities_honours_images (caps, images) ? NULL : g_ptr_array_new ();

  models = g_ptr_array_new ();
  for (guint i = 0; caps->models[i] != NULL && i < caps->model_caps->len; i++)
    {
      if (rushes_capabilities_honours_images (g_ptr_array_index (caps->model_caps, i), images))
        g_ptr_array_add (models, caps->models[i]);
      else
        all = FALSE;
    }
  if (all && models->len > 0)
    g_clear_pointer (&models, g_ptr_array_unref);
  return models;
}

char *
rushes_capabilities_describe_backends_with_images (GListModel   *backends,
                                                   RushesFields  images)
{
  GString *str = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (backends), NULL);

  n = g_list_model_get_n_items (backends);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (backends, i);
      g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);
      g_autoptr(GPtrArray) models = models_with_images (caps, images);

      if (models != NULL && models->len == 0)
        continue;
      if (str == NULL)
        str = g_string_new (NULL);
      else
        g_string_append (str, ", ");
      g_string_append (str, rushes_backend_get_id (backend));
      if (models != NULL)
        {
          g_string_append (str, " (");
          for (guint j = 0; j < models->len; j++)
            g_string_append_printf (str, "%s%s", j ? ", " : "", (const char *) g_ptr_array_index (models, j));
          g_string_append (str, ")");
        }
    }
  return str ? g_string_free (str, FALSE) : NULL;
}
