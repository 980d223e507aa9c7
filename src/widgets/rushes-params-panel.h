/* rushes-params-panel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-backend.h"
#include "rushes-recipe.h"

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

/* Plain logic, testable without a display. */
RushesFields  rushes_params_visible_fields   (const RushesCapabilities *caps);
GArray       *rushes_params_size_choices     (const RushesCapabilities *caps);  /* RushesSize */
GArray       *rushes_params_fps_choices      (const RushesCapabilities *caps);  /* guint */
char         *rushes_params_size_label       (guint                     width,
                                              guint                     height);
/* < 0 when the price is unknown (or the backend is free). */
double        rushes_params_estimate_cost    (const RushesCapabilities *caps,
                                              double                    seconds,
                                              guint                     variations);
char         *rushes_params_format_cost      (double                    cost,
                                              const char               *currency,
                                              guint                     variations);

G_END_DECLS
