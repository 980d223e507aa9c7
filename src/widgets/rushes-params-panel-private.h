/* rushes-params-panel-private.h: what the parameter panel's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-params-panel.c       the class, its properties, the cost estimate
 * rushes-params-panel-form.c  what a backend's capabilities offer, and the
 *                             form (rows, ranges, menus) built from them
 * rushes-params-panel-sync.c  the combo rows <-> the recipe, both ways
 * rushes-params-panel-images.c the start and end image wells, and the
 *                             recipe submitted with their frames
 */
#pragma once

#include "rushes-params-panel.h"

G_BEGIN_DECLS

struct _RushesParamsPanel
{
  GtkWidget           parent_instance;

  /* template widgets */
  AdwComboRow        *backend_row;
  AdwComboRow        *model_row;
  AdwActionRow       *seconds_row;
  AdwComboRow        *size_row;
  AdwComboRow        *fps_row;
  AdwActionRow       *seed_row;
  AdwActionRow       *steps_row;
  AdwActionRow       *guidance_row;
  AdwActionRow       *variations_row;
  AdwActionRow       *cost_row;
  AdwPreferencesRow  *start_image_row;
  AdwPreferencesRow  *end_image_row;
  RushesImageWell    *start_image_well;
  RushesImageWell    *end_image_well;
  GtkSpinButton      *seconds_spin;
  GtkAdjustment      *seconds_adjustment;
  GtkAdjustment      *seed_adjustment;
  GtkAdjustment      *steps_adjustment;
  GtkAdjustment      *guidance_adjustment;
  GtkAdjustment      *variations_adjustment;

  /* owned */
  RushesRecipe       *recipe;
  GBindingGroup      *bindings;
  GSignalGroup       *recipe_signals;
  GListModel         *backends;
  RushesCapabilities *caps;
  GArray             *sizes;
  GArray             *fps;
  GtkStringList      *size_labels;
  GtkStringList      *fps_labels;
  GtkStringList      *model_labels;
  char               *cost_text;
  guint               visible_fields;
  gboolean            syncing;
};

/* rushes-params-panel.c */
void _rushes_params_panel_update_cost        (RushesParamsPanel *self);
void _rushes_params_panel_set_visible_fields (RushesParamsPanel *self,
                                              RushesFields       shown);

/* rushes-params-panel-form.c */
void _rushes_params_panel_apply_capabilities (RushesParamsPanel *self);
void _rushes_params_panel_fit_seconds        (RushesParamsPanel *self);

/* rushes-params-panel-sync.c */
void _rushes_params_panel_sync_size          (RushesParamsPanel *self);
void _rushes_params_panel_sync_fps           (RushesParamsPanel *self);
void _rushes_params_panel_fps_changed        (RushesParamsPanel *self);
void _rushes_params_panel_sync_model         (RushesParamsPanel *self);
void _rushes_params_panel_model_changed      (RushesParamsPanel *self);
void _rushes_params_panel_sync_backend       (RushesParamsPanel *self);
void _rushes_params_panel_class_init_sync    (GtkWidgetClass    *widget_class);

/* rushes-params-panel-images.c */
void _rushes_params_panel_sync_images        (RushesParamsPanel *self);
void _rushes_params_panel_show_images        (RushesParamsPanel *self,
                                              RushesFields       shown);

G_END_DECLS
