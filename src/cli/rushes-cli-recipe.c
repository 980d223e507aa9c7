/* rushes-cli-recipe.c: a recipe fitted to the backend and model it goes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by `rushes generate` and `rushes retake`.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

/* The recipe's defaults come from the chosen backend and model; what the
 * user gave (given) is checked against that model alone: a length off its
 * grid is snapped, with a note, when the difference is small, anything
 * else it cannot make is refused naming what it can. */
gboolean
rushes_cli_fit_recipe_to_model (const char     *command,
                                RushesBackend  *backend,
                                RushesRecipe   *recipe,
                                RushesFields    given,
                                GError        **error)
{
  g_autoptr(RushesCapabilities) all = rushes_backend_get_capabilities (backend);
  const RushesCapabilities *caps;
  const char *model = rushes_recipe_get_model (recipe);
  const char *who;
  guint fps;

  /* a bad value or an unknown model is check_recipe's to report */
  if (!rushes_recipe_validate (recipe, NULL))
    return TRUE;
  if (model[0] != '\0' && all->models != NULL && !g_strv_contains ((const char * const *) all->models, model))
    return TRUE;
  caps = rushes_capabilities_for_model (all, model);
  who = caps->model != NULL ? caps->model : rushes_backend_get_display_name (backend);

  rushes_capabilities_apply_defaults (caps, recipe, given);

  if ((given & RUSHES_FIELD_SIZE) &&
      !rushes_capabilities_allows_size (caps, rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe)))
    {
      g_autofree char *allowed = rushes_capabilities_describe_sizes (caps, TRUE);

      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("--size %u×%u: the size must be %s on %s"), rushes_recipe_get_width (recipe),
                   rushes_recipe_get_height (recipe), allowed, who);
      return FALSE;
    }
  if ((given & RUSHES_FIELD_FPS) && !rushes_capabilities_allows_fps (caps, rushes_recipe_get_fps (recipe)))
    {
      g_autofree char *allowed = rushes_capabilities_describe_fps (caps, TRUE);

      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("--fps %u: the frame rate must be %s on %s"), rushes_recipe_get_fps (recipe), allowed, who);
      return FALSE;
    }

  fps = rushes_recipe_get_fps (recipe);
  if ((given & RUSHES_FIELD_SECONDS) &&
      !rushes_capabilities_allows_seconds (caps, fps, rushes_recipe_get_seconds (recipe)))
    {
      double asked = rushes_recipe_get_seconds (recipe);
      double nearest = rushes_capabilities_nearest_seconds (caps, fps, asked);

      /* a few frames more or less: harmless */
      if (fabs (nearest - asked) <= MAX (0.25, asked * 0.1))
        {
          fprintf (stderr, "rushes %s: ", command);
          fprintf (stderr, _("--seconds %g → %.2f s, the nearest length %s makes\n"), asked, nearest, who);
          rushes_recipe_set_seconds (recipe, nearest);
        }
      else
        {
          g_autofree char *allowed = rushes_capabilities_describe_seconds (caps, fps);

          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("--seconds %g: the length must be %s on %s"), asked, allowed, who);
          return FALSE;
        }
    }
  return TRUE;
}
