/* rushes-params-panel-sync.c: the parameter panel's menus and the recipe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The combo rows (backend, model, size, fps) follow the recipe and set it
 * when the user picks a row; `syncing` guards against the feedback. A
 * value the backend does not offer falls back to one it does. (The spin
 * buttons are bound to the recipe with a GBindingGroup instead.)
 */
#define G_LOG_DOMAIN "rushes-params-panel"

#include "config.h"

#include <stdlib.h>

#include "rushes-params-panel-private.h"

void
_rushes_params_panel_sync_size (RushesParamsPanel *self)
{
  guint width, height;

  if (self->recipe == NULL || self->syncing)
    return;

  width = rushes_recipe_get_width (self->recipe);
  height = rushes_recipe_get_height (self->recipe);

  self->syncing = TRUE;
  for (guint i = 0; i < self->sizes->len; i++)
    {
      RushesSize *size = &g_array_index (self->sizes, RushesSize, i);

      if (size->width == width && size->height == height)
        {
          adw_combo_row_set_selected (self->size_row, i);
          self->syncing = FALSE;
          return;
        }
    }

  /* A size the menu lacks (say, from a reused recipe): offer it if allowed. */
  if (width > 0 && height > 0 &&
      (self->caps == NULL || rushes_capabilities_allows_size (self->caps, width, height)))
    {
      RushesSize size = { width, height };
      g_autofree char *label = rushes_params_size_label (width, height);

      g_array_append_val (self->sizes, size);
      gtk_string_list_append (self->size_labels, label);
      adw_combo_row_set_selected (self->size_row, self->sizes->len - 1);
      self->syncing = FALSE;
      return;
    }
  self->syncing = FALSE;

  /* Not allowed here: fall back to the model's default, or the first allowed size. */
  if (self->caps != NULL && self->caps->default_width > 0 && self->caps->default_height > 0)
    {
      rushes_recipe_set_width (self->recipe, self->caps->default_width);
      rushes_recipe_set_height (self->recipe, self->caps->default_height);
    }
  else if (self->sizes->len > 0)
    {
      RushesSize *size = &g_array_index (self->sizes, RushesSize, 0);

      rushes_recipe_set_width (self->recipe, size->width);
      rushes_recipe_set_height (self->recipe, size->height);
    }
}

void
_rushes_params_panel_sync_fps (RushesParamsPanel *self)
{
  guint fps;

  if (self->recipe == NULL || self->syncing)
    return;

  fps = rushes_recipe_get_fps (self->recipe);
  for (guint i = 0; i < self->fps->len; i++)
    {
      if (g_array_index (self->fps, guint, i) == fps)
        {
          self->syncing = TRUE;
          adw_combo_row_set_selected (self->fps_row, i);
          self->syncing = FALSE;
          return;
        }
    }

  /* Not offered: take the nearest allowed rate. */
  if (self->fps->len > 0)
    {
      guint best = g_array_index (self->fps, guint, 0);

      for (guint i = 1; i < self->fps->len; i++)
        {
          guint candidate = g_array_index (self->fps, guint, i);
          if (abs ((int) candidate - (int) fps) < abs ((int) best - (int) fps))
            best = candidate;
        }
      rushes_recipe_set_fps (self->recipe, best);
    }
}

void
_rushes_params_panel_sync_model (RushesParamsPanel *self)
{
  const char *model;
  guint n;

  if (self->recipe == NULL || self->syncing)
    return;

  model = rushes_recipe_get_model (self->recipe);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->model_labels));
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->model_labels, i), model) == 0)
        {
          self->syncing = TRUE;
          adw_combo_row_set_selected (self->model_row, i);
          self->syncing = FALSE;
          return;
        }
    }
  /* not offered here (or the default): the backend's default model */
  if (n > 0)
    rushes_recipe_set_model (self->recipe, self->caps != NULL && self->caps->model != NULL
                                           ? self->caps->model
                                           : gtk_string_list_get_string (self->model_labels, 0));
  else if (model != NULL && model[0] != '\0')
    rushes_recipe_set_model (self->recipe, "");
}

/* A length counted in frames lasts another time at another rate. */
void
_rushes_params_panel_fps_changed (RushesParamsPanel *self)
{
  _rushes_params_panel_sync_fps (self);
  if (self->recipe != NULL && !self->syncing && self->caps != NULL && self->caps->min_frames > 0)
    _rushes_params_panel_fit_seconds (self);
}

/* Another model may have other terms: the form follows them. */
void
_rushes_params_panel_model_changed (RushesParamsPanel *self)
{
  if (self->recipe == NULL || self->syncing)
    return;

  if (self->caps != NULL && self->caps->model != NULL &&
      g_strcmp0 (self->caps->model, rushes_recipe_get_model (self->recipe)) != 0)
    _rushes_params_panel_apply_capabilities (self);
  else
    _rushes_params_panel_sync_model (self);
}

void
_rushes_params_panel_sync_backend (RushesParamsPanel *self)
{
  const char *id;
  guint n, found = GTK_INVALID_LIST_POSITION;

  if (self->backends == NULL)
    {
      _rushes_params_panel_apply_capabilities (self);
      return;
    }

  id = self->recipe != NULL ? rushes_recipe_get_backend (self->recipe) : NULL;
  n = g_list_model_get_n_items (self->backends);
  for (guint i = 0; i < n && found == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (self->backends, i);

      if (g_strcmp0 (rushes_backend_get_id (backend), id) == 0)
        found = i;
    }

  self->syncing = TRUE;
  if (found != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->backend_row, found);
  self->syncing = FALSE;

  if (found == GTK_INVALID_LIST_POSITION && n > 0 && self->recipe != NULL)
    {
      /* Unknown backend in the recipe: use the first one. The window has
       * already told the user (it checks the saved backend at start). */
      g_autoptr(RushesBackend) first = g_list_model_get_item (self->backends, 0);
      rushes_recipe_set_backend (self->recipe, rushes_backend_get_id (first));
      return;   /* re-enters through notify::backend */
    }

  _rushes_params_panel_apply_capabilities (self);
}

static void
rushes_params_panel_backend_selected_cb (RushesParamsPanel *self)
{
  RushesBackend *backend;

  if (self->syncing)
    return;

  backend = rushes_params_panel_get_backend (self);
  if (backend != NULL && self->recipe != NULL &&
      g_strcmp0 (rushes_recipe_get_backend (self->recipe), rushes_backend_get_id (backend)) != 0)
    rushes_recipe_set_backend (self->recipe, rushes_backend_get_id (backend));
  else
    _rushes_params_panel_apply_capabilities (self);
}

static void
rushes_params_panel_size_selected_cb (RushesParamsPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->size_row);

  if (self->syncing || self->recipe == NULL || self->sizes == NULL || selected >= self->sizes->len)
    return;

  /* both at once: the pair in between may not be an allowed size */
  self->syncing = TRUE;
  rushes_recipe_set_width (self->recipe, g_array_index (self->sizes, RushesSize, selected).width);
  rushes_recipe_set_height (self->recipe, g_array_index (self->sizes, RushesSize, selected).height);
  self->syncing = FALSE;
}

static void
rushes_params_panel_fps_selected_cb (RushesParamsPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->fps_row);

  if (self->syncing || self->recipe == NULL || self->fps == NULL || selected >= self->fps->len)
    return;

  self->syncing = TRUE;
  rushes_recipe_set_fps (self->recipe, g_array_index (self->fps, guint, selected));
  self->syncing = FALSE;
}

static void
rushes_params_panel_model_selected_cb (RushesParamsPanel *self)
{
  guint selected = adw_combo_row_get_selected (self->model_row);

  if (self->syncing || self->recipe == NULL ||
      selected >= g_list_model_get_n_items (G_LIST_MODEL (self->model_labels)))
    return;

  self->syncing = TRUE;
  rushes_recipe_set_model (self->recipe, gtk_string_list_get_string (self->model_labels, selected));
  self->syncing = FALSE;
  /* the menu was picked from: the form follows that model's terms */
  _rushes_params_panel_model_changed (self);
}

void
_rushes_params_panel_class_init_sync (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_backend_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_size_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_fps_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_model_selected_cb);
}
