/* test-sweep.c: one field varied over a list, a range or a prompt's {a|b}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rushes-sweep.h"

static void
check_values (const RushesSweep  *sweep,
              const char * const *expected)
{
  g_assert_cmpuint (rushes_sweep_get_n_values (sweep), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (rushes_sweep_get_value (sweep, i), ==, expected[i]);
}

static void
test_list (void)
{
  static const char * const guidance[] = { "3", "4.5", "7.25", NULL };
  static const char * const models[] = { "ltxv-2b", "wan-1.3b", NULL };
  g_autoptr(RushesSweep) sweep = NULL;
  g_autoptr(RushesRecipe) base = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;

  sweep = rushes_sweep_parse ("guidance=3, 4.50,7.25", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rushes_sweep_get_field (sweep), ==, RUSHES_SWEEP_GUIDANCE);
  check_values (sweep, guidance);
  g_assert_true (g_uuid_string_is_valid (rushes_sweep_get_id (sweep)));
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (sweep, base, i);
      g_autoptr(JsonObject) described = rushes_sweep_describe (sweep, i);

      g_assert_cmpfloat (rushes_recipe_get_guidance (recipe), ==, g_ascii_strtod (guidance[i], NULL));
      /* nothing else changes */
      rushes_recipe_set_guidance (recipe, rushes_recipe_get_guidance (base));
      g_assert_true (rushes_recipe_equal (recipe, base));
      g_assert_cmpstr (json_object_get_string_member (described, "id"), ==, rushes_sweep_get_id (sweep));
      g_assert_cmpstr (json_object_get_string_member (described, "field"), ==, "guidance");
      g_assert_cmpfloat (json_object_get_double_member (described, "value"), ==, g_ascii_strtod (guidance[i], NULL));
    }
  g_clear_pointer (&sweep, rushes_sweep_free);

  sweep = rushes_sweep_new ("model", "ltxv-2b,wan-1.3b", &error);
  g_assert_no_error (error);
  check_values (sweep, models);
  {
    g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (sweep, base, 1);

    g_assert_cmpstr (rushes_recipe_get_model (recipe), ==, "wan-1.3b");
  }
}

static void
test_range (void)
{
  static const char * const seeds[] = { "10", "12", "14", "16", NULL };
  static const char * const steps[] = { "20", "21", "22", NULL };
  static const char * const guidance[] = { "1", "1.5", "2", "2.5", "3", NULL };
  g_autoptr(RushesSweep) sweep = NULL;
  g_autoptr(RushesRecipe) base = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;

  sweep = rushes_sweep_parse ("seed=10..17:2", &error);
  g_assert_no_error (error);
  check_values (sweep, seeds);
  {
    g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (sweep, base, 3);
    g_autoptr(JsonObject) described = rushes_sweep_describe (sweep, 3);

    g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, 16);
    g_assert_cmpint (json_object_get_int_member (described, "value"), ==, 16);
  }
  g_clear_pointer (&sweep, rushes_sweep_free);

  /* the step is 1 when left out */
  sweep = rushes_sweep_parse ("steps=20..22", &error);
  g_assert_no_error (error);
  check_values (sweep, steps);
  g_clear_pointer (&sweep, rushes_sweep_free);

  /* no drift: 1 + 4 × 0.5 is 3 exactly, and 3 is in */
  sweep = rushes_sweep_parse ("guidance=1..3:0.5", &error);
  g_assert_no_error (error);
  check_values (sweep, guidance);
}

static void
test_prompt (void)
{
  static const char * const alternatives[] = { "at dawn", "at dusk", "in fog", NULL };
  g_autoptr(RushesSweep) sweep = NULL;
  g_autoptr(RushesRecipe) base = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;

  /* braces without a '|' are text */
  g_assert_null (rushes_sweep_new_from_prompt ("a {plain} heron", &error));
  g_assert_no_error (error);

  sweep = rushes_sweep_new_from_prompt ("a {literal} heron takes off {at dawn|at dusk| in fog }, slowly", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rushes_sweep_get_field (sweep), ==, RUSHES_SWEEP_PROMPT);
  check_values (sweep, alternatives);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (sweep, base, i);
      g_autoptr(JsonObject) described = rushes_sweep_describe (sweep, i);
      g_autofree char *expected = g_strdup_printf ("a {literal} heron takes off %s, slowly", alternatives[i]);

      g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, expected);
      g_assert_cmpstr (json_object_get_string_member (described, "field"), ==, "prompt");
      g_assert_cmpstr (json_object_get_string_member (described, "value"), ==, alternatives[i]);
    }
  g_clear_pointer (&sweep, rushes_sweep_free);

  /* an empty alternative leaves one space */
  sweep = rushes_sweep_new_from_prompt ("a {red|} kite", &error);
  g_assert_no_error (error);
  {
    g_autoptr(RushesRecipe) recipe = rushes_sweep_apply (sweep, base, 1);

    g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "a kite");
  }
}

static void
test_refused (void)
{
  static const char * const bad[] = {
    "guidance", "guidance=", "guidance=5..1", "guidance=1..5:0", "guidance=1..5:-1", "guidance=a,b",
    "guidance=1,,2", "steps=0..3", "steps=2.5", "seed=-1", "seed=1..3:0.5", "model=a..b", "colour=1,2",
    "prompt=a,b", "steps=1..1000000000",
  };
  static const char * const bad_prompts[] = {
    "a heron {at dawn|at dusk", "a {red|blue} kite over a {lake|sea}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (rushes_sweep_parse (bad[i], &error));
      g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
      g_test_message ("%s: %s", bad[i], error->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_prompts); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (rushes_sweep_new_from_prompt (bad_prompts[i], &error));
      g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
    }
}

static void
test_cost (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();
  g_autoptr(GPtrArray) recipes = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 3; i++)
    {
      RushesRecipe *recipe = rushes_recipe_new ();

      rushes_recipe_set_seconds (recipe, 2 + i);
      g_ptr_array_add (recipes, recipe);
    }
  caps->cost_per_second = -1;
  g_assert_cmpfloat (rushes_sweep_estimate_cost (caps, recipes), <, 0);
  caps->cost_per_second = 0.5;
  /* 2 + 3 + 4 seconds */
  g_assert_cmpfloat_with_epsilon (rushes_sweep_estimate_cost (caps, recipes), 4.5, 1e-9);
}

/* The choice Generate makes, in the window and on the command line alike */
static void
test_choose (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesSweep) none = NULL;
  g_autoptr(RushesSweep) seeds = NULL;
  g_autoptr(RushesSweep) prompt = NULL;
  g_autoptr(RushesSweep) named = NULL;
  RushesSweep *refused;

  /* nothing named, no braces: no sweep, no error */
  none = rushes_sweep_choose ("a kite", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  seeds = rushes_sweep_choose ("a kite", "seed", "4..8:2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (rushes_sweep_get_field (seeds), ==, RUSHES_SWEEP_SEED);
  g_assert_cmpuint (rushes_sweep_get_n_values (seeds), ==, 3);

  /* the braces are a sweep of their own, named or not */
  prompt = rushes_sweep_choose ("a {red|blue} kite", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rushes_sweep_get_field (prompt), ==, RUSHES_SWEEP_PROMPT);
  named = rushes_sweep_choose ("a {red|blue|green} kite", "prompt", "ignored", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rushes_sweep_get_n_values (named), ==, 3);

  /* "prompt" without braces, braces and another field, bad values */
  refused = rushes_sweep_choose ("a kite", "prompt", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "{a|b|c}"));
  g_clear_error (&error);
  refused = rushes_sweep_choose ("a {red|blue} kite", "seed", "1,2", &error);
  g_assert_null (refused);
  g_assert_nonnull (strstr (error->message, "not both"));
  g_clear_error (&error);
  refused = rushes_sweep_choose ("a kite", "steps", "8..4", &error);
  g_assert_null (refused);
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
}

static gboolean
at_most_30_steps (RushesRecipe  *recipe,
                  gpointer       user_data,
                  GError       **error)
{
  guint *calls = user_data;

  (*calls)++;
  if (rushes_recipe_get_steps (recipe) > 30)
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD, "too many steps");
      return FALSE;
    }
  return TRUE;
}

/* A recipe and a description per value, one seed for all, checked */
static void
test_expand (void)
{
  g_autoptr(RushesSweep) sweep = rushes_sweep_new ("steps", "10..30:10", NULL);
  g_autoptr(RushesSweep) too_many = rushes_sweep_new ("steps", "20,40", NULL);
  g_autoptr(RushesRecipe) base = rushes_recipe_new ();
  g_autoptr(GPtrArray) recipes = NULL;
  g_autoptr(GPtrArray) descriptions = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;
  gint64 seed;

  rushes_recipe_set_prompt (base, "a kite");
  rushes_recipe_set_seed (base, RUSHES_RECIPE_SEED_RANDOM);
  recipes = rushes_sweep_expand (sweep, base, at_most_30_steps, &calls, &descriptions, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recipes->len, ==, 3);
  g_assert_cmpuint (descriptions->len, ==, 3);
  g_assert_cmpuint (calls, ==, 3);
  /* the base keeps its "random"; the takes share one drawn seed */
  g_assert_cmpint (rushes_recipe_get_seed (base), ==, RUSHES_RECIPE_SEED_RANDOM);
  seed = rushes_recipe_get_seed (g_ptr_array_index (recipes, 0));
  g_assert_cmpint (seed, >=, 0);
  for (guint i = 0; i < 3; i++)
    {
      RushesRecipe *recipe = g_ptr_array_index (recipes, i);
      JsonObject *described = g_ptr_array_index (descriptions, i);

      g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, seed);
      g_assert_cmpuint (rushes_recipe_get_steps (recipe), ==, 10 * (i + 1));
      g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "a kite");
      g_assert_cmpstr (json_object_get_string_member (described, "id"), ==, rushes_sweep_get_id (sweep));
      g_assert_cmpint (json_object_get_int_member (described, "value"), ==, 10 * (i + 1));
      /* "sweep 2/3" in the queue */
      g_assert_cmpint (json_object_get_int_member (described, "index"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (described, "count"), ==, 3);
    }
  g_clear_pointer (&recipes, g_ptr_array_unref);
  g_clear_pointer (&descriptions, g_ptr_array_unref);

  /* a seed sweep keeps its seeds */
  {
    g_autoptr(RushesSweep) seeds = rushes_sweep_new ("seed", "7,9", NULL);

    recipes = rushes_sweep_expand (seeds, base, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (rushes_recipe_get_seed (g_ptr_array_index (recipes, 0)), ==, 7);
    g_assert_cmpint (rushes_recipe_get_seed (g_ptr_array_index (recipes, 1)), ==, 9);
    g_clear_pointer (&recipes, g_ptr_array_unref);
  }

  /* the value the check refuses is named */
  descriptions = NULL;
  recipes = rushes_sweep_expand (too_many, base, at_most_30_steps, &calls, &descriptions, &error);
  g_assert_null (recipes);
  g_assert_null (descriptions);
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_cmpstr (error->message, ==, "steps=40: too many steps");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sweep/list", test_list);
  g_test_add_func ("/sweep/range", test_range);
  g_test_add_func ("/sweep/prompt", test_prompt);
  g_test_add_func ("/sweep/refused", test_refused);
  g_test_add_func ("/sweep/cost", test_cost);
  g_test_add_func ("/sweep/choose", test_choose);
  g_test_add_func ("/sweep/expand", test_expand);

  return g_test_run ();
}
