/* rushes-params-panel.c: the generation parameters, built from the chosen
 * backend's capabilities and bound to a RushesRecipe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The spin buttons' adjustments are bound both ways to the recipe's
 * properties (GBindingGroup). The combo rows (backend, model, size, fps) are
 * synchronised by hand, guarded by `syncing` against feedback.
 */
#define G_LOG_DOMAIN "rushes-params-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rushes-application.h"
#include "rushes-params-panel.h"

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

G_DEFINE_FINAL_TYPE (RushesParamsPanel, rushes_params_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RECIPE,
  PROP_VARIATIONS,
  PROP_VISIBLE_FIELDS,
  PROP_COST_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
                          RUSHES_FIELD_STEPS | RUSHES_FIELD_GUIDANCE | RUSHES_FIELD_MODEL);
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
  guint d = gcd (width, height);
  guint aw, ah;

  if (d == 0)
    return g_strdup_printf ("%u × %u", width, height);

  aw = width / d;
  ah = height / d;
  /* 848×480 is 53:30; call near-16:9 sizes what they are meant to be */
  if (aw > 32 || ah > 32)
    {
      double ratio = (double) width / height;

      if (fabs (ratio - 16.0 / 9.0) < 0.02)
        aw = 16, ah = 9;
      else if (fabs (ratio - 9.0 / 16.0) < 0.01)
        aw = 9, ah = 16;
      else
        return g_strdup_printf ("%u × %u", width, height);
    }

  return g_strdup_printf ("%u × %u (%u:%u)", width, height, aw, ah);
}

double
rushes_params_estimate_cost (const RushesCapabilities *caps,
                             double                    seconds,
                             guint                     variations)
{
  if (caps == NULL || caps->cost_per_second < 0 || seconds <= 0)
    return -1;

  return caps->cost_per_second * seconds * MAX (variations, 1);
}

char *
rushes_params_format_cost (double      cost,
                           const char *currency,
                           guint       variations)
{
  g_autofree char *amount = NULL;

  if (cost < 0)
    return NULL;

  if (currency == NULL || currency[0] == '\0')
    currency = "USD";
  amount = g_strdup_printf ("%.2f %s", cost, currency);

  /* Translators: estimated price of a Generate press, e.g. "≈ 0.40 USD for 2 takes" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "≈ %s for %u take", "≈ %s for %u takes",
                                       MAX (variations, 1)),
                          amount, MAX (variations, 1));
}

/* ---- widget ----------------------------------------------------------- */

static RushesBackend *
rushes_params_panel_selected_backend (RushesParamsPanel *self)
{
  return adw_combo_row_get_selected_item (self->backend_row);
}

static void
rushes_params_panel_update_cost (RushesParamsPanel *self)
{
  RushesBackend *backend = rushes_params_panel_selected_backend (self);
  g_autofree char *text = NULL;
  guint variations = rushes_params_panel_get_variations (self);

  if (backend != NULL && rushes_backend_is_remote (backend) && self->caps != NULL)
    {
      double cost = rushes_params_estimate_cost (self->caps,
                                                 gtk_adjustment_get_value (self->seconds_adjustment),
                                                 variations);
      text = rushes_params_format_cost (cost, self->caps->cost_currency, variations);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cost_row), text != NULL);
  if (text != NULL)
    adw_action_row_set_subtitle (self->cost_row, text);

  if (g_strcmp0 (text, self->cost_text) != 0)
    {
      g_free (self->cost_text);
      self->cost_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST_TEXT]);
    }
}

static void
rushes_params_panel_sync_size (RushesParamsPanel *self)
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

  /* Not allowed here: fall back to the first allowed size. */
  if (self->sizes->len > 0)
    {
      RushesSize *size = &g_array_index (self->sizes, RushesSize, 0);

      rushes_recipe_set_width (self->recipe, size->width);
      rushes_recipe_set_height (self->recipe, size->height);
    }
}

static void
rushes_params_panel_sync_fps (RushesParamsPanel *self)
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

static void
rushes_params_panel_sync_model (RushesParamsPanel *self)
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
  /* not offered here (or the default): the backend's first model */
  if (n > 0)
    rushes_recipe_set_model (self->recipe, gtk_string_list_get_string (self->model_labels, 0));
  else if (model != NULL && model[0] != '\0')
    rushes_recipe_set_model (self->recipe, "");
}

static void
rushes_params_panel_apply_capabilities (RushesParamsPanel *self)
{
  RushesBackend *backend = rushes_params_panel_selected_backend (self);
  guint n_labels;
  RushesFields shown;

  g_clear_pointer (&self->caps, rushes_capabilities_unref);
  if (backend != NULL)
    self->caps = rushes_backend_get_capabilities (backend);

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

  if (self->caps != NULL)
    {
      double step = self->caps->seconds_step > 0 ? self->caps->seconds_step : 0.5;

      gtk_adjustment_configure (self->seconds_adjustment,
                                gtk_adjustment_get_value (self->seconds_adjustment),
                                self->caps->min_seconds, self->caps->max_seconds,
                                step, step * 4, 0);
      /* fixed durations (say, 5 s or 10 s): typed values snap to them */
      gtk_spin_button_set_snap_to_ticks (self->seconds_spin, self->caps->seconds_step > 0);
      gtk_adjustment_set_upper (self->steps_adjustment, MAX (self->caps->max_steps, 1));
      gtk_adjustment_set_upper (self->guidance_adjustment, MAX (self->caps->max_guidance, 0));
      gtk_adjustment_set_upper (self->variations_adjustment, MAX (self->caps->max_variations, 1));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->variations_row),
                          gtk_adjustment_get_upper (self->variations_adjustment) > 1);

  /* Offer only allowed sizes and frame rates. */
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->fps, g_array_unref);
  self->sizes = rushes_params_size_choices (self->caps);
  self->fps = rushes_params_fps_choices (self->caps);

  self->syncing = TRUE;
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->size_labels));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < self->sizes->len; i++)
      {
        RushesSize *size = &g_array_index (self->sizes, RushesSize, i);
        g_ptr_array_add (labels, rushes_params_size_label (size->width, size->height));
      }
    g_ptr_array_add (labels, NULL);
    gtk_string_list_splice (self->size_labels, 0, n_labels, (const char * const *) labels->pdata);
  }
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->fps_labels));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < self->fps->len; i++)
      g_ptr_array_add (labels, g_strdup_printf (_("%u fps"), g_array_index (self->fps, guint, i)));
    g_ptr_array_add (labels, NULL);
    gtk_string_list_splice (self->fps_labels, 0, n_labels, (const char * const *) labels->pdata);
  }
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->model_labels));
  gtk_string_list_splice (self->model_labels, 0, n_labels,
                          self->caps != NULL ? (const char * const *) self->caps->models : NULL);
  self->syncing = FALSE;

  rushes_params_panel_sync_size (self);
  rushes_params_panel_sync_fps (self);
  rushes_params_panel_sync_model (self);
  rushes_params_panel_update_cost (self);

  if (self->visible_fields != (guint) shown)
    {
      self->visible_fields = shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_FIELDS]);
    }
}

static void
rushes_params_panel_sync_backend (RushesParamsPanel *self)
{
  const char *id;
  guint n, found = GTK_INVALID_LIST_POSITION;

  if (self->backends == NULL)
    {
      rushes_params_panel_apply_capabilities (self);
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

  rushes_params_panel_apply_capabilities (self);
}

static void
rushes_params_panel_backend_selected_cb (RushesParamsPanel *self)
{
  RushesBackend *backend;

  if (self->syncing)
    return;

  backend = rushes_params_panel_selected_backend (self);
  if (backend != NULL && self->recipe != NULL &&
      g_strcmp0 (rushes_recipe_get_backend (self->recipe), rushes_backend_get_id (backend)) != 0)
    rushes_recipe_set_backend (self->recipe, rushes_backend_get_id (backend));
  else
    rushes_params_panel_apply_capabilities (self);
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
}

static void
rushes_params_panel_randomize_cb (RushesParamsPanel *self)
{
  if (self->recipe != NULL)
    rushes_recipe_set_seed (self->recipe, g_random_int_range (0, G_MAXINT32));
}

static gboolean
rushes_params_panel_seed_output_cb (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value (spin) < 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (spin), _("Random"));
      return TRUE;
    }
  return FALSE;
}

static int
rushes_params_panel_seed_input_cb (GtkSpinButton *spin,
                                   double        *new_value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));

  if (g_str_equal (text, _("Random")) || text[0] == '\0')
    {
      *new_value = RUSHES_RECIPE_SEED_RANDOM;
      return TRUE;
    }
  return FALSE;
}

static char *
rushes_params_panel_backend_name (RushesBackend *backend)
{
  if (backend == NULL)
    return g_strdup ("");
  return g_strdup (rushes_backend_get_display_name (backend));
}

static void
rushes_params_panel_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RushesParamsPanel *self = RUSHES_PARAMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_RECIPE:
      g_value_set_object (value, self->recipe);
      break;
    case PROP_VARIATIONS:
      g_value_set_uint (value, rushes_params_panel_get_variations (self));
      break;
    case PROP_VISIBLE_FIELDS:
      g_value_set_uint (value, self->visible_fields);
      break;
    case PROP_COST_TEXT:
      g_value_set_string (value, self->cost_text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_params_panel_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RushesParamsPanel *self = RUSHES_PARAMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_RECIPE:
      rushes_params_panel_set_recipe (self, g_value_get_object (value));
      break;
    case PROP_VARIATIONS:
      rushes_params_panel_set_variations (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_params_panel_dispose (GObject *object)
{
  RushesParamsPanel *self = RUSHES_PARAMS_PANEL (object);

  if (self->bindings != NULL)
    g_binding_group_set_source (self->bindings, NULL);
  if (self->recipe_signals != NULL)
    g_signal_group_set_target (self->recipe_signals, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_PARAMS_PANEL);
  /* the template's root box is not a bound child */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_object (&self->bindings);
  g_clear_object (&self->recipe_signals);
  g_clear_object (&self->recipe);
  g_clear_object (&self->backends);
  g_clear_object (&self->size_labels);
  g_clear_object (&self->fps_labels);
  g_clear_object (&self->model_labels);
  g_clear_pointer (&self->caps, rushes_capabilities_unref);
  g_clear_pointer (&self->sizes, g_array_unref);
  g_clear_pointer (&self->fps, g_array_unref);
  g_clear_pointer (&self->cost_text, g_free);

  G_OBJECT_CLASS (rushes_params_panel_parent_class)->dispose (object);
}

static void
rushes_params_panel_class_init (RushesParamsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rushes_params_panel_get_property;
  object_class->set_property = rushes_params_panel_set_property;
  object_class->dispose = rushes_params_panel_dispose;

  properties[PROP_RECIPE] =
    g_param_spec_object ("recipe", NULL, NULL, RUSHES_TYPE_RECIPE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VARIATIONS] =
    g_param_spec_uint ("variations", NULL, NULL, 1, 64, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_VISIBLE_FIELDS] =
    g_param_spec_uint ("visible-fields", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COST_TEXT] =
    g_param_spec_string ("cost-text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paramspanel");
  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-params-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, backend_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, model_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, size_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, fps_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seed_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, steps_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, guidance_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, variations_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, cost_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, steps_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, guidance_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, variations_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_backend_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_size_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_fps_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_model_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_randomize_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_seed_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_seed_input_cb);
}

static void
rushes_params_panel_variations_changed_cb (RushesParamsPanel *self)
{
  rushes_params_panel_update_cost (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIATIONS]);
}

static void
rushes_params_panel_init (RushesParamsPanel *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->size_labels = gtk_string_list_new (NULL);
  self->fps_labels = gtk_string_list_new (NULL);
  self->model_labels = gtk_string_list_new (NULL);
  self->sizes = g_array_new (FALSE, FALSE, sizeof (RushesSize));
  self->fps = g_array_new (FALSE, FALSE, sizeof (guint));

  self->syncing = TRUE;
  adw_combo_row_set_model (self->size_row, G_LIST_MODEL (self->size_labels));
  adw_combo_row_set_model (self->fps_row, G_LIST_MODEL (self->fps_labels));
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->model_labels));
  self->syncing = FALSE;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (rushes_params_panel_backend_name),
                                            NULL, NULL);
  adw_combo_row_set_expression (self->backend_row, expression);
  gtk_expression_unref (expression);

  self->bindings = g_binding_group_new ();
  g_binding_group_bind (self->bindings, "seconds", self->seconds_adjustment, "value",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "seed", self->seed_adjustment, "value",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "steps", self->steps_adjustment, "value",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->bindings, "guidance", self->guidance_adjustment, "value",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);

  self->recipe_signals = g_signal_group_new (RUSHES_TYPE_RECIPE);
  g_signal_group_connect_object (self->recipe_signals, "notify::backend",
                                 G_CALLBACK (rushes_params_panel_sync_backend), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::width",
                                 G_CALLBACK (rushes_params_panel_sync_size), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::height",
                                 G_CALLBACK (rushes_params_panel_sync_size), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::fps",
                                 G_CALLBACK (rushes_params_panel_sync_fps), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::model",
                                 G_CALLBACK (rushes_params_panel_sync_model), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::seconds",
                                 G_CALLBACK (rushes_params_panel_update_cost), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->variations_adjustment, "value-changed",
                           G_CALLBACK (rushes_params_panel_variations_changed_cb), self, G_CONNECT_SWAPPED);

  rushes_params_panel_apply_capabilities (self);
}

RushesParamsPanel *
rushes_params_panel_new (void)
{
  return g_object_new (RUSHES_TYPE_PARAMS_PANEL, NULL);
}

RushesRecipe *
rushes_params_panel_get_recipe (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return self->recipe;
}

void
rushes_params_panel_set_recipe (RushesParamsPanel *self,
                                RushesRecipe      *recipe)
{
  g_return_if_fail (RUSHES_IS_PARAMS_PANEL (self));
  g_return_if_fail (recipe == NULL || RUSHES_IS_RECIPE (recipe));

  if (!g_set_object (&self->recipe, recipe))
    return;

  g_binding_group_set_source (self->bindings, recipe);
  g_signal_group_set_target (self->recipe_signals, recipe);
  rushes_params_panel_sync_backend (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPE]);
}

void
rushes_params_panel_set_backends (RushesParamsPanel *self,
                                  GListModel        *backends)
{
  g_return_if_fail (RUSHES_IS_PARAMS_PANEL (self));
  g_return_if_fail (backends == NULL || G_IS_LIST_MODEL (backends));

  if (!g_set_object (&self->backends, backends))
    return;

  self->syncing = TRUE;
  adw_combo_row_set_model (self->backend_row, backends);
  self->syncing = FALSE;
  if (backends != NULL)
    g_signal_connect_object (backends, "items-changed",
                             G_CALLBACK (rushes_params_panel_sync_backend), self, G_CONNECT_SWAPPED);
  rushes_params_panel_sync_backend (self);
}

RushesBackend *
rushes_params_panel_get_backend (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return rushes_params_panel_selected_backend (self);
}

guint
rushes_params_panel_get_variations (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), 1);

  return (guint) MAX (1, gtk_adjustment_get_value (self->variations_adjustment));
}

void
rushes_params_panel_set_variations (RushesParamsPanel *self,
                                    guint              variations)
{
  g_return_if_fail (RUSHES_IS_PARAMS_PANEL (self));

  gtk_adjustment_set_value (self->variations_adjustment, variations);
}

guint
rushes_params_panel_get_visible_fields (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), 0);

  return self->visible_fields;
}

const char *
rushes_params_panel_get_cost_text (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return self->cost_text;
}
