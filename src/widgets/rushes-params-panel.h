/* rushes-params-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-backend.h"
#include "rushes-image-well.h"
#include "rushes-recipe.h"
#include "rushes-sweep-row.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_PARAMS_PANEL (rushes_params_panel_get_type ())
G_DECLARE_FINAL_TYPE (RushesParamsPanel, rushes_params_panel, RUSHES, PARAMS_PANEL, GtkWidget)

RushesParamsPanel *rushes_params_panel_new            (void);
/* The recipe the panel edits (bound both ways). */
RushesRecipe      *rushes_params_panel_get_recipe     (RushesParamsPanel *self);
void               rushes_params_panel_set_recipe     (RushesParamsPanel *self,
                                                       RushesRecipe      *recipe);
/* A GListModel of RushesBackend; the recipe's "backend" picks the row. */
void               rushes_params_panel_set_backends   (RushesParamsPanel *self,
                                                       GListModel        *backends);
RushesBackend     *rushes_params_panel_get_backend    (RushesParamsPanel *self);
guint              rushes_params_panel_get_variations (RushesParamsPanel *self);
void               rushes_params_panel_set_variations (RushesParamsPanel *self,
                                                       guint              variations);
/* RushesFields of the rows currently shown. */
guint              rushes_params_panel_get_visible_fields (RushesParamsPanel *self);
/* Human text of the estimated cost, or NULL when unknown or free. */
const char        *rushes_params_panel_get_cost_text  (RushesParamsPanel *self);

/* The well of the start image (end = FALSE) or of the end image. Shown
 * when the backend (and model) honours that image; hidden, its content is
 * kept but not sent. */
RushesImageWell   *rushes_params_panel_get_image_well (RushesParamsPanel *self,
                                                       gboolean           end);
/* What Generate submits: a copy of the recipe with the frames of the wells
 * shown stored as its start and end images (rushes_frame_grab_store: in the
 * library folder, the spec recorded as their source), and no image where
 * no well is shown or set. NULL, with a message naming the well, when a
 * well's image cannot be used. Blocks while the frames are decoded. */
RushesRecipe      *rushes_params_panel_build_recipe   (RushesParamsPanel *self,
                                                       GError           **error);
/* The "Sweep" row (rushes-sweep-row.h): what Generate varies. */
RushesSweepRow    *rushes_params_panel_get_sweep_row  (RushesParamsPanel *self);

/* Plain logic, testable without a display. */
RushesFields  rushes_params_visible_fields   (const RushesCapabilities *caps);
GArray       *rushes_params_size_choices     (const RushesCapabilities *caps);  /* RushesSize */
GArray       *rushes_params_fps_choices      (const RushesCapabilities *caps);  /* guint */
char         *rushes_params_size_label       (guint                     width,
                                              guint                     height);
/* "≈ 0.40 USD for 2 takes"; NULL when cost is unknown (< 0) or free (0).
 * The cost comes from rushes_capabilities_estimate_cost(). */
char         *rushes_params_format_cost      (double                    cost,
                                              const char               *currency,
                                              guint                     variations);

G_END_DECLS
