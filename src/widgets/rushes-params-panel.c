/* rushes-params-panel.c: the generation parameters, built from the chosen
 * backend's capabilities and bound to a RushesRecipe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class: its properties (recipe, variations, visible fields, cost
 * text), the seed's "Random" and the spin buttons' adjustments, bound both
 * ways to the recipe's properties (GBindingGroup). The form is built in
 * rushes-params-panel-form.c; the combo rows are synchronised with the
 * recipe in rushes-params-panel-sync.c.
 */
#define G_LOG_DOMAIN "rushes-params-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-params-panel-private.h"
#include "rushes-sweep-row.h"

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
void
_rushes_params_panel_set_visible_fields (RushesParamsPanel *self,
                                         RushesFields       shown)
{
  if (self->visible_fields != (guint) shown)
    {
      self->visible_fields = shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE_FIELDS]);
    }
}

void
_rushes_params_panel_update_cost (RushesParamsPanel *self)
{
  RushesBackend *backend = rushes_params_panel_get_backend (self);
  g_autofree char *text = NULL;
  guint variations = rushes_params_panel_get_variations (self);

  if (backend != NULL && rushes_backend_is_remote (backend) && self->caps != NULL && self->recipe != NULL)
    {
      double cost = rushes_capabilities_estimate_cost (self->caps, self->recipe, variations);

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
  g_type_ensure (RUSHES_TYPE_IMAGE_WELL);
  g_type_ensure (RUSHES_TYPE_SWEEP_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-params-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, backend_row);
  /* no field: rushes_params_panel_get_sweep_row() */
  gtk_widget_class_bind_template_child_full (widget_class, "sweep_row", FALSE, 0);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, model_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, size_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, fps_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seed_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, steps_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, guidance_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, variations_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, cost_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, start_image_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, end_image_row);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, start_image_well);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, end_image_well);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seconds_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, seed_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, steps_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, guidance_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesParamsPanel, variations_adjustment);
  _rushes_params_panel_class_init_sync (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_randomize_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_seed_output_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_params_panel_seed_input_cb);
}

static void
rushes_params_panel_variations_changed_cb (RushesParamsPanel *self)
{
  _rushes_params_panel_update_cost (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIATIONS]);
}

static void
rushes_params_panel_init (RushesParamsPanel *self)
{
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));
  rushes_sweep_row_follow_panel (rushes_params_panel_get_sweep_row (self), self);

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
                                 G_CALLBACK (_rushes_params_panel_sync_backend), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::width",
                                 G_CALLBACK (_rushes_params_panel_sync_size), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::height",
                                 G_CALLBACK (_rushes_params_panel_sync_size), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::fps",
                                 G_CALLBACK (_rushes_params_panel_fps_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::model",
                                 G_CALLBACK (_rushes_params_panel_model_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::seconds",
                                 G_CALLBACK (_rushes_params_panel_update_cost), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::start-image",
                                 G_CALLBACK (_rushes_params_panel_sync_images), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->recipe_signals, "notify::end-image",
                                 G_CALLBACK (_rushes_params_panel_sync_images), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->variations_adjustment, "value-changed",
                           G_CALLBACK (rushes_params_panel_variations_changed_cb), self, G_CONNECT_SWAPPED);

  _rushes_params_panel_apply_capabilities (self);
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
  _rushes_params_panel_sync_backend (self);
  _rushes_params_panel_sync_images (self);
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
                             G_CALLBACK (_rushes_params_panel_sync_backend), self, G_CONNECT_SWAPPED);
  _rushes_params_panel_sync_backend (self);
}

RushesBackend *
rushes_params_panel_get_backend (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return adw_combo_row_get_selected_item (self->backend_row);
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

RushesSweepRow *
rushes_params_panel_get_sweep_row (RushesParamsPanel *self)
{
  g_return_val_if_fail (RUSHES_IS_PARAMS_PANEL (self), NULL);

  return RUSHES_SWEEP_ROW (gtk_widget_get_template_child (GTK_WIDGET (self), RUSHES_TYPE_PARAMS_PANEL, "sweep_row"));
}
