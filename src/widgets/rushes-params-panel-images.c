/* rushes-params-panel-images.c: the start and end image wells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A well is shown where the backend (and model) honours its image, like
 * the other rows; hidden, it keeps what it holds, but nothing of it is
 * sent. A recipe that comes with images (Reuse Recipe) fills the wells
 * with its stored frames. The recipe Generate submits is a copy with the
 * frames of the wells shown stored by rushes_frame_grab_store().
 */
#define G_LOG_DOMAIN "rushes-params-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-frame-grab.h"
#include "rushes-params-panel-private.h"

void
_rushes_params_panel_show_images (RushesParamsPanel *self,
                                  RushesFields       shown)
{
  gtk_widget_set_visible (GTK_WIDGET (self->start_image_row), (shown & RUSHES_FIELD_START_IMAGE) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->end_image_row), (shown & RUSHES_FIELD_END_IMAGE) != 0);
}

/* The recipe's images into the wells; an empty image leaves a well as it is
 * (the wells are the editing state, the recipe's images what was sent). */
void
_rushes_params_panel_sync_images (RushesParamsPanel *self)
{
  const char *start, *end;

  if (self->recipe == NULL)
    return;
  start = rushes_recipe_get_start_image (self->recipe);
  end = rushes_recipe_get_end_image (self->recipe);
  if (start != NULL && start[0] != '\0')
    rushes_image_well_set_spec (self->start_image_well, start);
  if (end != NULL && end[0] != '\0')
    rushes_image_well_set_spec (self->end_image_well, end);
}

RushesImageWell *
rushes_params_panel_get_image_well (RushesParamsPanel *self,
                                    gboolean           end)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return end ? self->end_image_well : self->start_image_well;
}

RushesRecipe *
rushes_params_panel_build_recipe (RushesParamsPanel  *self,
                                  GError            **error)
{
  g_autoptr(RushesRecipe) recipe = NULL;
  RushesImageWell *wells[] = { self->start_image_well, self->end_image_well };
  GtkWidget *rows[] = { GTK_WIDGET (self->start_image_row), GTK_WIDGET (self->end_image_row) };

  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);
  g_return_val_if_fail (self->recipe != NULL, NULL);

  recipe = rushes_recipe_copy (self->recipe);
  rushes_recipe_set_start_image (recipe, "");
  rushes_recipe_set_start_image_source (recipe, NULL);
  rushes_recipe_set_end_image (recipe, "");
  rushes_recipe_set_end_image_source (recipe, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (wells); i++)
    {
      const char *spec = rushes_image_well_get_spec (wells[i]);
      g_autoptr(GError) local_error = NULL;

      if (spec == NULL || !gtk_widget_get_visible (rows[i]))
        continue;
      if (!rushes_frame_grab_store (recipe, spec, i == 1, NULL, &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code,
                       i == 0 ? _("Start image: %s") : _("End image: %s"), local_error->message);
          return NULL;
        }
    }
  return g_steal_pointer (&recipe);
}
