/* rushes-params-panel-form.c: the parameter form, from a backend's
 * capabilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plain logic (which fields, sizes and frame rates a backend offers,
 * their labels, the cost text), testable without a display, and the form
 * built from it when the backend changes: rows shown, spin ranges, menus.
 */
#define G_LOG_DOMAIN "rushes-params-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rushes-params-panel-private.h"

static const RushesSize size_presets[] = {
  { 1920, 1080 }, { 1280, 720 }, { 1024, 576 }, { 848, 480 }, { 640, 360 },
  { 480, 270 }, { 320, 180 }, { 1080, 1920 }, { 720, 1280 }, { 480, 848 },
  { 1024, 1024 }, { 768, 768 }, { 512, 512 }, { 640, 480 }, { 320, 240 },
  { 160, 120 },
};

static const guint fps_presets[] = { 8, 12, 15, 16, 24, 25, 30, 48, 50, 60 };

/* ---- plain logic ------------------------------------------------------ */

RushesFields
rushes_params_visible_fields (const RushesCapabilities *caps)
{
  RushesFields shown;

  if (caps == NULL)
    return RUSHES_FIELD_NONE;

  shown = caps->fields & (RUSHES_FIELD_NEGATIVE_PROMPT | RUSHES_FIELD_SECONDS |
                          RUSHES_FIELD_SIZE | RUSHES_FIELD_FPS | RUSHES_FIELD_SEED |
                          RUSHES_FIELD_STEPS | RUSHES_FIELD_GUIDANCE | RUSHES_FIELD_MODEL |
                          RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE);
  /* A model menu with nothing in it is noise. */
  if (caps->models == NULL || caps->models[0] == NULL)
    shown &= ~RUSHES_FIELD_MODEL;

  return shown;
}

GArray *
rushes_params_size_choices (const RushesCapabilities *caps)
{
  GArray *choices = g_array_new (FALSE, FALSE, sizeof (RushesSize));

  if (caps != NULL && caps->sizes != NULL && caps->sizes->len > 0)
    {
      g_array_append_vals (choices, caps->sizes->data, caps->sizes->len);
      return choices;
    }

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    {
      const RushesSize *size = &size_presets[i];

      if (caps != NULL &&
          ((caps->max_width > 0 && size->width > caps->max_width) ||
           (caps->max_height > 0 && size->height > caps->max_height)))
        continue;
      g_array_append_val (choices, *size);
    }

  return choices;
}

GArray *
rushes_params_fps_choices (const RushesCapabilities *caps)
{
  GArray *choices = g_array_new (FALSE, FALSE, sizeof (guint));

  if (caps != NULL && caps->fps != NULL && caps->fps->len > 0)
    {
      g_array_append_vals (choices, caps->fps->data, caps->fps->len);
      return choices;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fps_presets); i++)
    {
      if (caps != NULL && caps->max_fps > 0 && fps_presets[i] > caps->max_fps)
        continue;
      g_array_append_val (choices, fps_presets[i]);
    }

  return choices;
}

static guint
gcd (guint a,
     guint b)
{
  while (b != 0)
    {
      guint t = a % b;
      a = b;
      b = t;
    }
  return a;
}

char *
rushes_params_size_label (guint width,
                          guint height)
{
  static const guint common[][2] = { { 16, 9 }, { 9, 16 }, { 4, 3 }, { 3, 4 }, { 1, 1 }, { 21, 9 } };
  guint d = gcd (width, height);
  double ratio;

  if (d == 0)
    return g_strdup_printf ("%u × %u", width, height);

  /* the ratio people call it by: exact, or within 3 % (848×480 is 53:30) */
  ratio = (double) width / height;
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    {
      double target = (double) common[i][0] / common[i][1];

      if (width / d == common[i][0] && height / d == common[i][1])
        return g_strdup_printf ("%u × %u (%u:%u)", width, height, common[i][0], common[i][1]);
      if (fabs (ratio - target) / target < 0.03)
        return g_strdup_printf ("%u × %u (≈%u:%u)", width, height, common[i][0], common[i][1]);
    }
  if (width / d <= 32 && height / d <= 32)
    return g_strdup_printf ("%u × %u (%u:%u)", width, height, width / d, height / d);
  return g_strdup_printf ("%u × %u", width, height);
}

char *
rushes_params_format_cost (double      cost,
                           const char *currency,
                           guint       variations)
{
  g_autofree char *amount = NULL;

  /* unknown (< 0) or free (0): nothing to warn about */
  if (cost <= 0)
    return NULL;

  if (currency == NULL || currency[0] == '\0')
    currency = "USD";
  amount = g_strdup_printf ("%.2f %s", cost, currency);

  /* Translators: estimated price of a Generate press, e.g. "≈ 0.40 USD for 2 takes" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "≈ %s for %u take", "≈ %s for %u takes",
                                       MAX (variations, 1)),
                          amount, MAX (variations, 1));
}

/* ---- the form ---------------------------------------------------------- */

/* The lengths the model makes at the recipe's frame rate (a length counted
 * in frames depends on it), and what it cannot make becomes its default. */
void
_rushes_params_panel_fit_seconds (RushesParamsPanel *self)
{
  double lo, hi, step;

  if (self->caps == NULL)
    return;
  if (self->recipe != NULL && !self->syncing)
    {
      /* width and height together: the menus follow afterwards */
      self->syncing = TRUE;
      rushes_capabilities_apply_defaults (self->caps, self->recipe,
                                          rushes_capabilities_allowed_fields (self->caps, self->recipe));
      self->syncing = FALSE;
    }

  lo = self->caps->min_seconds;
  hi = self->caps->max_seconds;
  step = self->caps->seconds_step > 0 ? self->caps->seconds_step : 0.5;
  if (self->caps->min_frames > 0 && self->recipe != NULL)
    {
      guint fps = MAX (rushes_capabilities_render_fps (self->caps, rushes_recipe_get_fps (self->recipe)), 1);

      lo = (double) self->caps->min_frames / fps;
      hi = (double) self->caps->max_frames / fps;
      step = (double) MAX (self->caps->frames_step, 1) / fps;
    }
  gtk_adjustment_configure (self->seconds_adjustment,
                            self->recipe ? rushes_recipe_get_seconds (self->recipe)
                                         : gtk_adjustment_get_value (self->seconds_adjustment),
                            lo, hi, step, step * 4, 0);
  /* fixed durations (say, 5 s or 10 s, or whole frames): typed values snap to them */
  gtk_spin_button_set_snap_to_ticks (self->seconds_spin,
                                     self->caps->seconds_step > 0 || self->caps->min_frames > 0);
}

/* Replaces the menu's items with items (NULL-terminated), unless they are
 * the same already: a splice rebuilds the combo row's list and its popover
 * rows, which is most of what choosing another backend costs when the
 * sizes or frame rates do not change. */
static void
replace_labels (GtkStringList      *list,
                const char * const *items)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint i;

  for (i = 0; i < n && items != NULL && items[i] != NULL; i++)
    if (g_strcmp0 (gtk_string_list_get_string (list, i), items[i]) != 0)
      break;
  if (i == n && (items == NULL || items[i] == NULL))
    return;
  gtk_string_list_splice (list, 0, n, items);
}

void
_rushes_params_panel_apply_capabilities (RushesParamsPanel *self)
{
  RushesBackend *backend = rushes_params_panel_get_backend (self);
  RushesFields shown;

  g_clear_pointer (&self->caps, rushes_capabilities_unref);
  if (backend != NULL)   /* the recipe's model, on its own terms */
    self->caps = rushes_backend_get_model_capabilities (backend,
                                                        self->recipe ? rushes_recipe_get_model (self->recipe) : NULL);

  if (self->caps != NULL)
    shown = rushes_params_visible_fields (self->caps);
  else  /* no backend yet: the fields every backend honours */
    shown = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_FPS | RUSHES_FIELD_SEED;
  gtk_widget_set_visible (GTK_WIDGET (self->model_row), (shown & RUSHES_FIELD_MODEL) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->seconds_row), (shown & RUSHES_FIELD_SECONDS) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->size_row), (shown & RUSHES_FIELD_SIZE) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->fps_row), (shown & RUSHES_FIELD_FPS) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->seed_row), (shown & RUSHES_FIELD_SEED) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->steps_row), (shown & RUSHES_FIELD_STEPS) != 0);
  gtk_widget_set_visible (GTK_WIDGET (self->guidance_row), (shown & RUSHES_FIELD_GUIDANCE) != 0);
  _rushes_params_panel_show_images (self, shown);

  /* Offer only allowed sizes and frame rates. */
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->fps, g_array_unref);
  self->sizes = rushes_params_size_choices (self->caps);
  self->fps = rushes_params_fps_choices (self->caps);

  self->syncing = TRUE;
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < self->sizes->len; i++)
      {
        RushesSize *size = &g_array_index (self->sizes, RushesSize, i);
        g_ptr_array_add (labels, rushes_params_size_label (size->width, size->height));
      }
    g_ptr_array_add (labels, NULL);
    replace_labels (self->size_labels, (const char * const *) labels->pdata);
  }
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < self->fps->len; i++)
      g_ptr_array_add (labels, g_strdup_printf (_("%u fps"), g_array_index (self->fps, guint, i)));
    g_ptr_array_add (labels, NULL);
    replace_labels (self->fps_labels, (const char * const *) labels->pdata);
  }
  replace_labels (self->model_labels, self->caps != NULL ? (const char * const *) self->caps->models : NULL);
  self->syncing = FALSE;

  _rushes_params_panel_fit_seconds (self);
  if (self->caps != NULL)
    {
      gtk_adjustment_set_upper (self->steps_adjustment, MAX (self->caps->max_steps, 1));
      gtk_adjustment_set_upper (self->guidance_adjustment, MAX (self->caps->max_guidance, 0));
      gtk_adjustment_set_upper (self->variations_adjustment, MAX (self->caps->max_variations, 1));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->variations_row),
                          gtk_adjustment_get_upper (self->variations_adjustment) > 1);

  _rushes_params_panel_sync_size (self);
  _rushes_params_panel_sync_fps (self);
  _rushes_params_panel_sync_model (self);
  _rushes_params_panel_update_cost (self);

  _rushes_params_panel_set_visible_fields (self, shown);
}
