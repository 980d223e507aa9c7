/* rushes-sweep-row.c: the parameter panel's "Sweep": one field varied
 * over several takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An expander with a switch: the field (only those the backend offers, and
 * the prompt's {a|b|c} fragment), its values checked as they are typed by
 * the parser `rushes generate --sweep` uses, and a line saying how many
 * takes Generate makes and what they cost on the panel's backend. Switched
 * off, a prompt with a {a|b|c} fragment is still swept, as on the command
 * line, and the row says so.
 */
#define G_LOG_DOMAIN "rushes-sweep-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-params-panel.h"
#include "rushes-sweep-row.h"

struct _RushesSweepRow
{
  AdwExpanderRow  parent_instance;

  /* template widgets */
  AdwComboRow    *field_row;
  AdwEntryRow    *values_row;
  AdwActionRow   *prompt_row;

  RushesParamsPanel *panel;      /* owns the row */

  /* owned */
  GtkStringList  *field_labels;
  GPtrArray      *field_ids;      /* const char*, parallel to field_labels */
  const char     *wanted_field;   /* the one last chosen, kept while not offered */
  RushesRecipe   *recipe;
  GSignalGroup   *recipe_signals;
  guint           variations;
  guint           visible_fields;
  guint           n_takes;
  char           *summary;
  char           *error;
  char           *prompt_text;
  guint           update_id;
  gboolean        rebuilding;
};

G_DEFINE_FINAL_TYPE (RushesSweepRow, rushes_sweep_row, ADW_TYPE_EXPANDER_ROW)

enum {
  PROP_0,
  PROP_RECIPE,
  PROP_VARIATIONS,
  PROP_VISIBLE_FIELDS,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const struct {
  const char   *id;
  const char   *label;
  RushesFields  needs;   /* 0: always offered */
} fields[] = {
  { "seed", N_("Seed"), RUSHES_FIELD_SEED },
  { "guidance", N_("Guidance"), RUSHES_FIELD_GUIDANCE },
  { "steps", N_("Steps"), RUSHES_FIELD_STEPS },
  { "model", N_("Model"), RUSHES_FIELD_MODEL },
  { "prompt", N_("Prompt {a|b|c}"), 0 },
};

char *
rushes_sweep_format_cost (double      cost,
                          const char *currency)
{
  if (cost < 0)
    return g_strdup (_("cost unknown"));
  if (cost == 0)
    return g_strdup (_("free"));
  if (currency == NULL || g_ascii_strcasecmp (currency, "USD") == 0)
    return g_strdup_printf (_("≈ $%.2f"), cost);
  return g_strdup_printf (_("≈ %.2f %s"), cost, currency);
}

static RushesBackend *
rushes_sweep_row_get_backend (RushesSweepRow *self)
{
  return self->panel != NULL ? rushes_params_panel_get_backend (self->panel) : NULL;
}

/* The field the row names, or NULL when switched off. */
static const char *
chosen_field (RushesSweepRow *self)
{
  if (!adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    return NULL;
  return rushes_sweep_row_get_field (self);
}

static RushesSweep *
choose (RushesSweepRow  *self,
        GError         **error)
{
  const char *prompt = self->recipe != NULL ? rushes_recipe_get_prompt (self->recipe) : NULL;

  return rushes_sweep_choose (prompt, chosen_field (self),
                              gtk_editable_get_text (GTK_EDITABLE (self->values_row)), error);
}

guint
rushes_sweep_row_takes_per_value (RushesSweepRow *self,
                                  RushesSweep    *sweep)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), 1);

  /* a seed sweep varies the seed already: variations would repeat seeds */
  if (sweep == NULL || rushes_sweep_get_field (sweep) == RUSHES_SWEEP_SEED)
    return 1;
  return MAX (self->variations, 1);
}

static char *
cost_of (RushesSweepRow *self,
         RushesSweep    *sweep,
         guint           per_value)
{
  RushesBackend *backend = rushes_sweep_row_get_backend (self);
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(GPtrArray) recipes = NULL;
  double cost;

  if (backend == NULL || self->recipe == NULL)
    return g_strdup (_("cost unknown"));
  if (!rushes_backend_is_remote (backend))
    return rushes_sweep_format_cost (0, NULL);
  caps = rushes_backend_get_capabilities (backend);
  /* a price is per second of a model: only a model sweep needs every recipe
   * (typing "1..100000" must not make a hundred thousand of them) */
  if (rushes_sweep_get_field (sweep) == RUSHES_SWEEP_MODEL)
    recipes = rushes_sweep_expand (sweep, self->recipe, NULL, NULL, NULL, NULL);
  else
    {
      recipes = g_ptr_array_new ();
      g_ptr_array_add (recipes, self->recipe);
      per_value *= rushes_sweep_get_n_values (sweep);
    }
  cost = rushes_sweep_estimate_cost (caps, recipes);
  return rushes_sweep_format_cost (cost < 0 ? cost : cost * per_value, caps->cost_currency);
}

static void
rushes_sweep_row_update (RushesSweepRow *self)
{
  g_autoptr(RushesSweep) sweep = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *values = GTK_WIDGET (self->values_row);
  gboolean field_error;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->prompt_text, g_free);
  self->n_takes = 0;

  sweep = choose (self, &error);
  /* the values are wrong, not the prompt: the entry says so */
  /* (nothing typed yet is not an error: the line says what is missing) */
  if (error != NULL && chosen_field (self) != NULL && g_strcmp0 (chosen_field (self), "prompt") != 0 &&
      gtk_editable_get_text (GTK_EDITABLE (self->values_row))[0] != '\0')
    {
      g_autoptr(RushesSweep) alone = rushes_sweep_new (chosen_field (self),
                                                       gtk_editable_get_text (GTK_EDITABLE (self->values_row)), NULL);

      field_error = alone == NULL;
    }
  else
    field_error = FALSE;
  if (error != NULL)
    {
      self->error = g_strdup (error->message);
      summary = g_strdup (error->message);
    }
  else if (sweep == NULL)
    summary = g_strdup (_("Off: one setting varied over several takes"));
  else
    {
      guint per_value = rushes_sweep_row_takes_per_value (self, sweep);
      g_autofree char *cost = cost_of (self, sweep, per_value);

      self->n_takes = rushes_sweep_get_n_values (sweep) * per_value;
      summary = g_strdup_printf (ngettext ("%u take · %s", "%u takes · %s", self->n_takes), self->n_takes, cost);
      if (rushes_sweep_get_field (sweep) == RUSHES_SWEEP_PROMPT)
        {
          g_autoptr(GString) list = g_string_new (NULL);
          guint n = rushes_sweep_get_n_values (sweep);

          self->prompt_text = g_strdup_printf (ngettext ("%u prompt", "%u prompts", n), n);
          for (guint i = 0; i < n; i++)
            g_string_append_printf (list, "%s“%s”", i > 0 ? " · " : "", rushes_sweep_get_value (sweep, i));
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->prompt_row), self->prompt_text);
          adw_action_row_set_subtitle (self->prompt_row, list->str);
        }
    }

  if (field_error)
    {
      gtk_widget_add_css_class (values, "error");
      gtk_widget_set_tooltip_text (values, self->error);
    }
  else
    {
      gtk_widget_remove_css_class (values, "error");
      gtk_widget_set_tooltip_text (values, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->prompt_row), self->prompt_text != NULL);
  /* the values come from the prompt's braces then */
  gtk_widget_set_sensitive (values, g_strcmp0 (chosen_field (self), "prompt") != 0);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
  if (g_strcmp0 (summary, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUMMARY]);
    }
}

static gboolean
rushes_sweep_row_update_idle (gpointer data)
{
  RushesSweepRow *self = data;

  self->update_id = 0;
  rushes_sweep_row_update (self);
  return G_SOURCE_REMOVE;
}

/* Later: the panel follows the same change (backend, model) first. */
static void
rushes_sweep_row_changed_cb (RushesSweepRow *self)
{
  if (self->rebuilding || self->update_id != 0)
    return;
  self->update_id = g_idle_add_full (G_PRIORITY_DEFAULT, rushes_sweep_row_update_idle, self, NULL);
}

/* The field chosen, kept while a backend does not offer it */
static void
rushes_sweep_row_field_selected_cb (RushesSweepRow *self)
{
  if (self->rebuilding || rushes_sweep_row_get_field (self) == NULL)
    return;
  self->wanted_field = rushes_sweep_row_get_field (self);   /* static strings */
  rushes_sweep_row_changed_cb (self);
}

static void
flush (RushesSweepRow *self)
{
  if (self->update_id != 0)
    rushes_sweep_row_update (self);
}

static void
rushes_sweep_row_rebuild_fields (RushesSweepRow *self)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint keep = 0;

  g_ptr_array_set_size (self->field_ids, 0);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].needs == 0 || (self->visible_fields & fields[i].needs) != 0)
      {
        if (g_strcmp0 (self->wanted_field, fields[i].id) == 0)
          keep = labels->len;
        g_ptr_array_add (self->field_ids, (gpointer) fields[i].id);
        g_ptr_array_add (labels, (gpointer) _(fields[i].label));
      }
  g_ptr_array_add (labels, NULL);

  self->rebuilding = TRUE;
  gtk_string_list_splice (self->field_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->field_labels)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->field_row, keep);
  self->rebuilding = FALSE;
  rushes_sweep_row_changed_cb (self);
}

static void
rushes_sweep_row_dispose (GObject *object)
{
  RushesSweepRow *self = RUSHES_SWEEP_ROW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->recipe_signals != NULL)
    g_signal_group_set_target (self->recipe_signals, NULL);
  g_clear_object (&self->recipe_signals);
  g_clear_object (&self->recipe);
  gtk_widget_dispose_template (GTK_WIDGET (object), RUSHES_TYPE_SWEEP_ROW);
  G_OBJECT_CLASS (rushes_sweep_row_parent_class)->dispose (object);
}

static void
rushes_sweep_row_finalize (GObject *object)
{
  RushesSweepRow *self = RUSHES_SWEEP_ROW (object);

  g_clear_object (&self->field_labels);
  g_clear_pointer (&self->field_ids, g_ptr_array_unref);
  g_free (self->summary);
  g_free (self->error);
  g_free (self->prompt_text);
  G_OBJECT_CLASS (rushes_sweep_row_parent_class)->finalize (object);
}

static void
rushes_sweep_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RushesSweepRow *self = RUSHES_SWEEP_ROW (object);

  switch (prop_id)
    {
    case PROP_RECIPE:
      g_value_set_object (value, self->recipe);
      break;
    case PROP_VARIATIONS:
      g_value_set_uint (value, self->variations);
      break;
    case PROP_VISIBLE_FIELDS:
      g_value_set_uint (value, self->visible_fields);
      break;
    case PROP_SUMMARY:
      g_value_set_string (value, rushes_sweep_row_get_summary (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_sweep_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RushesSweepRow *self = RUSHES_SWEEP_ROW (object);

  switch (prop_id)
    {
    case PROP_RECIPE:
      rushes_sweep_row_set_recipe (self, g_value_get_object (value));
      break;
    case PROP_VARIATIONS:
      self->variations = g_value_get_uint (value);
      rushes_sweep_row_changed_cb (self);
      break;
    case PROP_VISIBLE_FIELDS:
      self->visible_fields = g_value_get_uint (value);
      rushes_sweep_row_rebuild_fields (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_sweep_row_class_init (RushesSweepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_sweep_row_dispose;
  object_class->finalize = rushes_sweep_row_finalize;
  object_class->get_property = rushes_sweep_row_get_property;
  object_class->set_property = rushes_sweep_row_set_property;

  properties[PROP_RECIPE] =
    g_param_spec_object ("recipe", NULL, NULL, RUSHES_TYPE_RECIPE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VARIATIONS] =
    g_param_spec_uint ("variations", NULL, NULL, 1, 64, 1,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE_FIELDS] =
    g_param_spec_uint ("visible-fields", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-sweep-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesSweepRow, field_row);
  gtk_widget_class_bind_template_child (widget_class, RushesSweepRow, values_row);
  gtk_widget_class_bind_template_child (widget_class, RushesSweepRow, prompt_row);
  gtk_widget_class_bind_template_callback (widget_class, rushes_sweep_row_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_sweep_row_field_selected_cb);
}

static void
rushes_sweep_row_init (RushesSweepRow *self)
{
  self->variations = 1;
  self->wanted_field = fields[0].id;
  self->field_labels = gtk_string_list_new (NULL);
  self->field_ids = g_ptr_array_new ();
  self->recipe_signals = g_signal_group_new (RUSHES_TYPE_RECIPE);
  /* the prompt's braces, and what the takes cost */
  g_signal_group_connect_object (self->recipe_signals, "notify", G_CALLBACK (rushes_sweep_row_changed_cb),
                                 self, G_CONNECT_SWAPPED);
  self->rebuilding = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->field_row, G_LIST_MODEL (self->field_labels));
  self->rebuilding = FALSE;
  rushes_sweep_row_rebuild_fields (self);
}

RushesSweepRow *
rushes_sweep_row_new (void)
{
  return g_object_new (RUSHES_TYPE_SWEEP_ROW, NULL);
}

void
rushes_sweep_row_set_recipe (RushesSweepRow *self,
                             RushesRecipe   *recipe)
{
  g_return_if_fail (RUSHES_IS_SWEEP_ROW (self));
  g_return_if_fail (recipe == NULL || RUSHES_IS_RECIPE (recipe));

  if (!g_set_object (&self->recipe, recipe))
    return;
  g_signal_group_set_target (self->recipe_signals, recipe);
  rushes_sweep_row_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECIPE]);
}

void
rushes_sweep_row_follow_panel (RushesSweepRow    *self,
                               RushesParamsPanel *panel)
{
  static const char * const names[] = { "recipe", "variations", "visible-fields" };

  g_return_if_fail (RUSHES_IS_SWEEP_ROW (self));
  g_return_if_fail (RUSHES_IS_PARAMS_PANEL (panel));

  self->panel = panel;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_object_bind_property (panel, names[i], self, names[i], G_BINDING_SYNC_CREATE);
}

gboolean
rushes_sweep_row_set_field (RushesSweepRow *self,
                            const char     *field)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), FALSE);

  for (guint i = 0; i < self->field_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->field_ids, i), field) == 0)
      {
        adw_combo_row_set_selected (self->field_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
rushes_sweep_row_get_field (RushesSweepRow *self)
{
  guint selected;

  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), NULL);

  selected = self->field_row != NULL ? adw_combo_row_get_selected (self->field_row) : GTK_INVALID_LIST_POSITION;
  if (self->field_ids == NULL || selected >= self->field_ids->len)
    return NULL;
  return g_ptr_array_index (self->field_ids, selected);
}

void
rushes_sweep_row_set_values (RushesSweepRow *self,
                             const char     *values)
{
  g_return_if_fail (RUSHES_IS_SWEEP_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->values_row), values != NULL ? values : "");
}

guint
rushes_sweep_row_get_n_takes (RushesSweepRow *self)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), 0);
  flush (self);
  return self->n_takes;
}

const char *
rushes_sweep_row_get_summary (RushesSweepRow *self)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), NULL);
  flush (self);
  return self->summary;
}

const char *
rushes_sweep_row_get_error (RushesSweepRow *self)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), NULL);
  flush (self);
  return self->error;
}

const char *
rushes_sweep_row_get_prompt_text (RushesSweepRow *self)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), NULL);
  flush (self);
  return self->prompt_text;
}

RushesSweep *
rushes_sweep_row_make_sweep (RushesSweepRow  *self,
                             GError         **error)
{
  g_return_val_if_fail (RUSHES_IS_SWEEP_ROW (self), NULL);

  rushes_sweep_row_update (self);
  return choose (self, error);
}
