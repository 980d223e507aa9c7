/* rushes-sweep.c: one recipe field varied over a list or a range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-sweep"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-sweep.h"

struct _RushesSweep
{
  char             *id;
  RushesSweepField  field;
  GPtrArray        *values;   /* char* */
  char             *prefix;   /* prompt sweeps: the text around the fragment */
  char             *suffix;
};

static const char * const field_names[] = {
  [RUSHES_SWEEP_SEED] = "seed",
  [RUSHES_SWEEP_GUIDANCE] = "guidance",
  [RUSHES_SWEEP_STEPS] = "steps",
  [RUSHES_SWEEP_MODEL] = "model",
  [RUSHES_SWEEP_PROMPT] = "prompt",
};

static RushesSweep *
sweep_new (RushesSweepField field)
{
  RushesSweep *self = g_new0 (RushesSweep, 1);

  self->id = g_uuid_string_random ();
  self->field = field;
  self->values = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
rushes_sweep_free (RushesSweep *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_ptr_array_unref (self->values);
  g_free (self->prefix);
  g_free (self->suffix);
  g_free (self);
}

const char *
rushes_sweep_field_to_string (RushesSweepField field)
{
  g_return_val_if_fail (field <= RUSHES_SWEEP_PROMPT, NULL);
  return field_names[field];
}

static gboolean
field_from_string (const char       *name,
                   RushesSweepField *field)
{
  /* the prompt is swept by {a|b} in its text, not by name */
  for (guint i = 0; i < RUSHES_SWEEP_PROMPT; i++)
    if (g_ascii_strcasecmp (name, field_names[i]) == 0)
      {
        *field = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
set_invalid (GError    **error,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
set_invalid (GError    **error,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD, message);
  return FALSE;
}

/* One value of a numeric field, normalised ("7.50" → "7.5"). */
static char *
parse_number (RushesSweepField field,
              const char      *text,
              double          *number)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint64 u;
  char *end = NULL;
  double d;

  switch (field)
    {
    case RUSHES_SWEEP_SEED:
      if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &u, NULL))
        return NULL;
      *number = (double) u;
      return g_strdup_printf ("%" G_GUINT64_FORMAT, u);
    case RUSHES_SWEEP_STEPS:
      if (!g_ascii_string_to_unsigned (copy, 10, 1, G_MAXUINT, &u, NULL))
        return NULL;
      *number = (double) u;
      return g_strdup_printf ("%" G_GUINT64_FORMAT, u);
    case RUSHES_SWEEP_GUIDANCE:
      d = g_ascii_strtod (copy, &end);
      if (end == copy || *end != '\0' || !isfinite (d) || d < 0)
        return NULL;
      *number = d;
      return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", d));
    case RUSHES_SWEEP_MODEL:
    case RUSHES_SWEEP_PROMPT:
    default:
      return NULL;
    }
}

static gboolean
add_list (RushesSweep *self,
          const char  *values,
          GError     **error)
{
  g_auto(GStrv) items = g_strsplit (values, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *item = g_strstrip (g_strdup (items[i]));
      char *value = NULL;
      double number;

      if (item[0] == '\0')
        return set_invalid (error, _("the sweep of %s has an empty value (in “%s”)"),
                            field_names[self->field], values);
      if (self->field == RUSHES_SWEEP_MODEL)
        value = g_steal_pointer (&item);
      else if ((value = parse_number (self->field, item, &number)) == NULL)
        return set_invalid (error, _("“%s” is not a valid %s value for a sweep"), item, field_names[self->field]);
      g_ptr_array_add (self->values, value);
    }
  return TRUE;
}

static gboolean
add_range (RushesSweep *self,
           const char  *values,
           const char  *dots,
           GError     **error)
{
  g_autofree char *from_text = g_strndup (values, dots - values);
  g_autofree char *to_text = g_strdup (dots + 2);
  g_autofree char *step_text = NULL;
  g_autofree char *from_value = NULL;
  g_autofree char *to_value = NULL;
  g_autofree char *step_value = NULL;
  char *colon = strchr (to_text, ':');
  double from, to, step = 1, count;

  if (colon != NULL)
    {
      step_text = g_strdup (colon + 1);
      *colon = '\0';
    }
  if (self->field == RUSHES_SWEEP_MODEL)
    return set_invalid (error, _("models cannot be a range: list them (model=A,B,…)"));
  if ((from_value = parse_number (self->field, from_text, &from)) == NULL ||
      (to_value = parse_number (self->field, to_text, &to)) == NULL ||
      (step_text != NULL &&
       (step_value = parse_number (self->field == RUSHES_SWEEP_GUIDANCE ? RUSHES_SWEEP_GUIDANCE : RUSHES_SWEEP_STEPS,
                                   step_text, &step)) == NULL) ||
      step <= 0 || to < from)
    return set_invalid (error, _("“%s” is not a range of %s: it must be A..B:STEP with A ≤ B and a step above 0"),
                        values, field_names[self->field]);

  count = floor ((to - from) / step + 1e-9) + 1;
  if (count > RUSHES_SWEEP_MAX_VALUES)
    return set_invalid (error, _("the sweep “%s” would make %.0f takes; a sweep makes at most %u"),
                        values, count, RUSHES_SWEEP_MAX_VALUES);
  for (guint i = 0; i < (guint) count; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v = from + i * step;

      if (self->field == RUSHES_SWEEP_GUIDANCE)
        g_ptr_array_add (self->values, g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", v)));
      else
        g_ptr_array_add (self->values, g_strdup_printf ("%" G_GUINT64_FORMAT, (guint64) llround (v)));
    }
  return TRUE;
}

RushesSweep *
rushes_sweep_new (const char  *field,
                  const char  *values,
                  GError     **error)
{
  g_autoptr(RushesSweep) self = NULL;
  g_autofree char *name = g_strstrip (g_strdup (field ? field : ""));
  g_autofree char *list = g_strstrip (g_strdup (values ? values : ""));
  RushesSweepField which;
  const char *dots;

  if (!field_from_string (name, &which))
    {
      set_invalid (error, _("cannot sweep “%s”: the fields are seed, guidance, steps and model "
                            "(a prompt varies with {a|b|c} in its text)"), name);
      return NULL;
    }
  self = sweep_new (which);
  if (list[0] == '\0')
    {
      set_invalid (error, _("the sweep of %s has no values"), name);
      return NULL;
    }
  dots = strstr (list, "..");
  if (dots != NULL && strchr (list, ',') == NULL)
    {
      if (!add_range (self, list, dots, error))
        return NULL;
    }
  else if (!add_list (self, list, error))
    return NULL;
  return g_steal_pointer (&self);
}

RushesSweep *
rushes_sweep_parse (const char  *spec,
                    GError     **error)
{
  const char *eq;
  g_autofree char *field = NULL;

  g_return_val_if_fail (spec != NULL, NULL);

  eq = strchr (spec, '=');
  if (eq == NULL)
    {
      set_invalid (error, _("a sweep must look like FIELD=V1,V2,… or FIELD=A..B:STEP (got “%s”)"), spec);
      return NULL;
    }
  field = g_strndup (spec, eq - spec);
  return rushes_sweep_new (field, eq + 1, error);
}

RushesSweep *
rushes_sweep_new_from_prompt (const char  *prompt,
                              GError     **error)
{
  g_autoptr(RushesSweep) self = NULL;
  g_auto(GStrv) items = NULL;
  g_autofree char *inner = NULL;
  const char *open, *close;

  g_return_val_if_fail (prompt != NULL, NULL);

  /* braces without a '|' are plain text */
  for (open = strchr (prompt, '{'); open != NULL; open = strchr (open + 1, '{'))
    {
      close = strchr (open, '}');
      if (close == NULL)
        break;
      if (memchr (open, '|', close - open) != NULL)
        break;
    }
  if (open == NULL)
    return NULL;
  close = strchr (open, '}');
  if (close == NULL || memchr (open + 1, '{', close - open - 1) != NULL)
    {
      set_invalid (error, _("the prompt’s {a|b|c} fragment is not closed"));
      return NULL;
    }
  for (const char *next = strchr (close, '{'); next != NULL; next = strchr (next + 1, '{'))
    {
      const char *next_close = strchr (next, '}');

      if (next_close != NULL && memchr (next, '|', next_close - next) != NULL)
        {
          set_invalid (error, _("the prompt has more than one {a|b|c} fragment; a sweep varies one"));
          return NULL;
        }
    }

  self = sweep_new (RUSHES_SWEEP_PROMPT);
  self->prefix = g_strndup (prompt, open - prompt);
  self->suffix = g_strdup (close + 1);
  inner = g_strndup (open + 1, close - open - 1);
  items = g_strsplit (inner, "|", -1);
  for (guint i = 0; items[i] != NULL; i++)
    g_ptr_array_add (self->values, g_strstrip (g_strdup (items[i])));
  return g_steal_pointer (&self);
}

RushesSweep *
rushes_sweep_choose (const char  *prompt,
                     const char  *field,
                     const char  *values,
                     GError     **error)
{
  g_autoptr(RushesSweep) in_prompt = NULL;
  GError *local = NULL;

  in_prompt = rushes_sweep_new_from_prompt (prompt != NULL ? prompt : "", &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  if (field == NULL)
    return g_steal_pointer (&in_prompt);
  if (g_ascii_strcasecmp (field, field_names[RUSHES_SWEEP_PROMPT]) == 0)
    {
      if (in_prompt == NULL)
        set_invalid (error, _("the prompt has no {a|b|c} fragment to sweep: write the alternatives in braces"));
      return g_steal_pointer (&in_prompt);
    }
  if (in_prompt != NULL)
    {
      set_invalid (error, _("a sweep varies one field: sweep %s or the prompt’s {a|b|c} fragment, not both"), field);
      return NULL;
    }
  return rushes_sweep_new (field, values, error);
}

const char *
rushes_sweep_get_id (const RushesSweep *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

RushesSweepField
rushes_sweep_get_field (const RushesSweep *self)
{
  g_return_val_if_fail (self != NULL, RUSHES_SWEEP_SEED);
  return self->field;
}

guint
rushes_sweep_get_n_values (const RushesSweep *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->values->len;
}

const char *
rushes_sweep_get_value (const RushesSweep *self,
                        guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->values->len, NULL);
  return g_ptr_array_index (self->values, index);
}

static char *
prompt_with (const RushesSweep *self,
             const char        *alternative)
{
  g_autofree char *joined = g_strconcat (self->prefix, alternative, self->suffix, NULL);
  g_auto(GStrv) words = g_strsplit_set (joined, " \t", -1);
  GString *str = g_string_new (NULL);

  /* an empty alternative leaves no double space behind */
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      {
        if (str->len > 0)
          g_string_append_c (str, ' ');
        g_string_append (str, words[i]);
      }
  return g_string_free (str, FALSE);
}

RushesRecipe *
rushes_sweep_apply (const RushesSweep *self,
                    RushesRecipe      *base,
                    guint              index)
{
  RushesRecipe *recipe;
  const char *value;
  g_autofree char *prompt = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (base), NULL);
  g_return_val_if_fail (index < self->values->len, NULL);

  recipe = rushes_recipe_copy (base);
  value = g_ptr_array_index (self->values, index);
  switch (self->field)
    {
    case RUSHES_SWEEP_SEED:
      rushes_recipe_set_seed (recipe, g_ascii_strtoll (value, NULL, 10));
      break;
    case RUSHES_SWEEP_GUIDANCE:
      rushes_recipe_set_guidance (recipe, g_ascii_strtod (value, NULL));
      break;
    case RUSHES_SWEEP_STEPS:
      rushes_recipe_set_steps (recipe, (guint) g_ascii_strtoull (value, NULL, 10));
      break;
    case RUSHES_SWEEP_MODEL:
      rushes_recipe_set_model (recipe, value);
      break;
    case RUSHES_SWEEP_PROMPT:
    default:
      prompt = prompt_with (self, value);
      rushes_recipe_set_prompt (recipe, prompt);
      break;
    }
  return recipe;
}

JsonObject *
rushes_sweep_describe (const RushesSweep *self,
                       guint              index)
{
  JsonObject *object;
  const char *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->values->len, NULL);

  value = g_ptr_array_index (self->values, index);
  object = json_object_new ();
  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "field", field_names[self->field]);
  /* "sweep 3/6" in the queue */
  json_object_set_int_member (object, "index", index + 1);
  json_object_set_int_member (object, "count", self->values->len);
  switch (self->field)
    {
    case RUSHES_SWEEP_SEED:
    case RUSHES_SWEEP_STEPS:
      json_object_set_int_member (object, "value", g_ascii_strtoll (value, NULL, 10));
      break;
    case RUSHES_SWEEP_GUIDANCE:
      json_object_set_double_member (object, "value", g_ascii_strtod (value, NULL));
      break;
    case RUSHES_SWEEP_MODEL:
    case RUSHES_SWEEP_PROMPT:
    default:
      json_object_set_string_member (object, "value", value);
      break;
    }
  return object;
}

GPtrArray *
rushes_sweep_expand (const RushesSweep    *self,
                     RushesRecipe         *base,
                     RushesSweepCheckFunc  check,
                     gpointer              user_data,
                     GPtrArray           **descriptions,
                     GError              **error)
{
  g_autoptr(GPtrArray) recipes = NULL;
  g_autoptr(GPtrArray) described = NULL;
  g_autoptr(RushesRecipe) seeded = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (base), NULL);

  seeded = rushes_recipe_copy (base);
  if (self->field != RUSHES_SWEEP_SEED)
    rushes_recipe_resolve_seed (seeded);   /* one seed for all */
  recipes = g_ptr_array_new_with_free_func (g_object_unref);
  described = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < self->values->len; i++)
    {
      g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (self, seeded, i);
      g_autoptr(GError) local = NULL;

      if (check != NULL && !check (recipe, user_data, &local))
        {
          set_invalid (error, "%s=%s: %s", field_names[self->field],
                       (const char *) g_ptr_array_index (self->values, i), local->message);
          return NULL;
        }
      g_ptr_array_add (recipes, g_steal_pointer (&recipe));
      g_ptr_array_add (described, rushes_sweep_describe (self, i));
    }
  if (descriptions != NULL)
    *descriptions = g_steal_pointer (&described);
  return g_steal_pointer (&recipes);
}

GPtrArray *
rushes_sweep_submit (RushesJobQueue  *queue,
                     GPtrArray       *recipes,
                     GPtrArray       *descriptions,
                     guint            variations,
                     GError         **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (queue), NULL);
  g_return_val_if_fail (recipes != NULL && descriptions != NULL, NULL);
  g_return_val_if_fail (recipes->len == descriptions->len, NULL);
  g_return_val_if_fail (variations >= 1, NULL);

  for (guint i = 0; i < recipes->len; i++)
    for (guint v = 0; v < variations; v++)
      {
        g_autoptr(RushesRecipe) recipe = rushes_recipe_copy (g_ptr_array_index (recipes, i));
        RushesJob *job;

        if (variations > 1)
          rushes_recipe_set_seed (recipe, rushes_recipe_resolve_seed (recipe) + v);
        job = rushes_job_new (recipe);
        if (variations > 1)
          rushes_job_set_variation (job, v + 1);
        rushes_job_set_sweep (job, g_ptr_array_index (descriptions, i));
        g_ptr_array_add (jobs, job);
      }
  for (guint i = 0; i < jobs->len; i++)
    if (!rushes_job_queue_add (queue, g_ptr_array_index (jobs, i), error))
      {
        /* none of the sweep, rather than a part of it */
        for (guint j = 0; j < i; j++)
          rushes_job_cancel (g_ptr_array_index (jobs, j));
        return NULL;
      }
  return g_steal_pointer (&jobs);
}

double
rushes_sweep_estimate_cost (const RushesCapabilities *caps,
                            GPtrArray                *recipes)
{
  double total = 0;

  g_return_val_if_fail (caps != NULL, -1);
  g_return_val_if_fail (recipes != NULL, -1);

  for (guint i = 0; i < recipes->len; i++)
    {
      RushesRecipe *recipe = g_ptr_array_index (recipes, i);
      const RushesCapabilities *model = rushes_capabilities_for_model (caps, rushes_recipe_get_model (recipe));
      double cost = rushes_capabilities_estimate_cost (model, recipe, 1);

      if (cost < 0)
        return -1;
      total += cost;
    }
  return total;
}
