/* test-hosted-catalog.c: mapping files → capabilities and model inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "rushes-hosted-catalog.h"

static RushesRecipe *
make_recipe (const char *model, double seconds, guint fps, guint w, guint h)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "a red fox running through snow");
  rushes_recipe_set_model (recipe, model);
  rushes_recipe_set_seconds (recipe, seconds);
  rushes_recipe_set_fps (recipe, fps);
  rushes_recipe_set_width (recipe, w);
  rushes_recipe_set_height (recipe, h);
  rushes_recipe_set_seed (recipe, 7);
  return recipe;
}

static void
test_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesHostedCatalog) rep = rushes_hosted_catalog_new_for_kind ("replicate", &error);
  g_autoptr(RushesHostedCatalog) fal = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (rushes_hosted_catalog_get_kind (rep), ==, "replicate");
  ids = rushes_hosted_catalog_dup_model_ids (rep);
  g_assert_true (g_strv_contains ((const char * const *) ids, "wan-video/wan-2.2-t2v-fast"));
  g_assert_true (g_strv_contains ((const char * const *) ids, "lightricks/ltx-video"));
  g_assert_cmpstr (rushes_hosted_catalog_get_endpoint (rep, "lightricks/ltx-video"), ==, "auto");

  fal = rushes_hosted_catalog_new_for_kind ("fal", &error);
  g_assert_no_error (error);
  g_assert_true (rushes_hosted_catalog_has_model (fal, "fal-ai/mochi-v1"));
  g_assert_cmpstr (rushes_hosted_catalog_get_output_key (fal, "fal-ai/mochi-v1"), ==, "video");

  g_assert_null (rushes_hosted_catalog_new_for_kind ("nope", &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
}

static void
test_capabilities (void)
{
  g_autoptr(RushesHostedCatalog) rep = rushes_hosted_catalog_new_for_kind ("replicate", NULL);
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(RushesCapabilities) ltx = NULL;

  caps = rushes_hosted_catalog_get_capabilities (rep, "wan-video/wan-2.2-t2v-fast", NULL);
  g_assert_nonnull (caps);
  g_assert_true (caps->fields & RUSHES_FIELD_SEED);
  g_assert_true (caps->fields & RUSHES_FIELD_FPS);
  g_assert_true (caps->fields & RUSHES_FIELD_SECONDS);
  g_assert_true (caps->fields & RUSHES_FIELD_SIZE);
  g_assert_false (caps->fields & RUSHES_FIELD_NEGATIVE_PROMPT);
  g_assert_false (caps->fields & RUSHES_FIELD_START_IMAGE);
  g_assert_cmpuint (caps->fps->len, ==, 20);   /* 5..24 */
  g_assert_true (rushes_capabilities_allows_fps (caps, 16));
  g_assert_false (rushes_capabilities_allows_fps (caps, 30));
  g_assert_true (rushes_capabilities_allows_size (caps, 832, 480));
  g_assert_false (rushes_capabilities_allows_size (caps, 848, 480));
  g_assert_cmpfloat_with_epsilon (caps->min_seconds, 81.0 / 16, 1e-9);
  g_assert_cmpfloat_with_epsilon (caps->max_seconds, 100.0 / 16, 1e-9);
  g_assert_cmpfloat (caps->cost_per_second, <, 0);   /* no price known */
  g_assert_true (g_strv_contains ((const char * const *) caps->models, "wavespeedai/wan-2.1-t2v-480p"));

  ltx = rushes_hosted_catalog_get_capabilities (rep, "lightricks/ltx-video", NULL);
  g_assert_true (ltx->fields & RUSHES_FIELD_NEGATIVE_PROMPT);
  g_assert_true (ltx->fields & RUSHES_FIELD_START_IMAGE);
  g_assert_true (ltx->fields & RUSHES_FIELD_GUIDANCE);
  g_assert_false (ltx->fields & RUSHES_FIELD_FPS);
  g_assert_cmpuint (ltx->max_steps, ==, 50);

  g_assert_null (rushes_hosted_catalog_get_capabilities (rep, "nobody/nothing", NULL));
}

/* Every model on its own terms, with its defaults, in one RushesCapabilities */
static void
test_capabilities_per_model (void)
{
  g_autoptr(RushesHostedCatalog) rep = rushes_hosted_catalog_new_for_kind ("replicate", NULL);
  g_autoptr(RushesCapabilities) all = rushes_hosted_catalog_get_all_capabilities (rep, "wan-video/wan-2.2-t2v-fast", 3);
  const RushesCapabilities *ltx;
  const RushesCapabilities *wan21;
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

  g_assert_cmpstr (all->model, ==, "wan-video/wan-2.2-t2v-fast");
  g_assert_cmpuint (all->model_caps->len, ==, g_strv_length (all->models));
  g_assert_cmpuint (all->default_width, ==, 832);
  g_assert_cmpuint (all->default_fps, ==, 16);
  g_assert_cmpuint (all->default_frames, ==, 81);

  ltx = rushes_capabilities_for_model (all, "lightricks/ltx-video");
  g_assert_cmpstr (ltx->model, ==, "lightricks/ltx-video");
  g_assert_cmpstr (ltx->model_name, ==, "LTX-Video");
  g_assert_cmpuint (ltx->max_concurrent, ==, 3);
  g_assert_cmpuint (ltx->default_width, ==, 640);
  g_assert_cmpuint (ltx->default_height, ==, 426);
  g_assert_cmpuint (ltx->default_fps, ==, 24);
  g_assert_cmpuint (ltx->min_frames, ==, 9);
  g_assert_cmpuint (ltx->max_frames, ==, 257);
  g_assert_cmpuint (ltx->default_frames, ==, 97);
  g_assert_cmpuint (ltx->default_steps, ==, 30);
  g_assert_cmpfloat (ltx->default_guidance, ==, 3);
  g_assert_true (rushes_capabilities_allows_size (ltx, 640, 426));
  g_assert_false (rushes_capabilities_allows_size (ltx, 832, 480));
  /* LTX renders at 24 fps whatever the recipe says */
  g_assert_cmpuint (rushes_capabilities_render_fps (ltx, 16), ==, 24);

  /* the recipe's defaults from the model, and they pass its checks */
  rushes_recipe_set_prompt (recipe, "x");
  rushes_recipe_set_model (recipe, "lightricks/ltx-video");
  rushes_capabilities_apply_defaults (ltx, recipe, RUSHES_FIELD_NONE);
  g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 640);
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 97.0 / 24, 1e-9);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonObject) input = rushes_hosted_catalog_build_input (rep, "lightricks/ltx-video", recipe, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (input, "length"), ==, 97);
    g_assert_cmpint (json_object_get_int_member (input, "target_size"), ==, 640);
  }

  /* a fixed length: 81 frames at 16 fps, not offered, still the default */
  wan21 = rushes_capabilities_for_model (all, "wan-video/wan-2.1-1.3b");
  g_assert_false (wan21->fields & RUSHES_FIELD_SECONDS);
  g_assert_cmpfloat_with_epsilon (rushes_capabilities_nearest_seconds (wan21, 16, 3), 81.0 / 16, 1e-9);
  g_assert_cmpuint (wan21->default_steps, ==, 30);
  g_assert_cmpfloat (wan21->default_guidance, ==, 6);

  g_assert_null (rushes_hosted_catalog_get_all_capabilities (rep, "nobody/nothing", 1));
}

static void
test_build_input (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesHostedCatalog) rep = rushes_hosted_catalog_new_for_kind ("replicate", NULL);
  g_autoptr(RushesRecipe) recipe = make_recipe ("wan-video/wan-2.2-t2v-fast", 5.5, 16, 480, 832);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(RushesRecipe) ltx = NULL;
  g_autoptr(JsonObject) ltx_input = NULL;

  input = rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (input, "prompt"), ==, "a red fox running through snow");
  g_assert_cmpint (json_object_get_int_member (input, "num_frames"), ==, 88);
  g_assert_cmpint (json_object_get_int_member (input, "frames_per_second"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (input, "seed"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (input, "aspect_ratio"), ==, "9:16");
  g_assert_cmpstr (json_object_get_string_member (input, "resolution"), ==, "480p");
  g_assert_false (json_object_has_member (input, "negative_prompt"));
  g_assert_cmpuint (json_object_get_size (input), ==, 6);

  /* random seed: left to the model; extras.inputs passed through */
  rushes_recipe_set_seed (recipe, RUSHES_RECIPE_SEED_RANDOM);
  json_object_set_object_member (rushes_recipe_get_extras (recipe), "inputs", json_object_new ());
  json_object_set_boolean_member (json_object_get_object_member (rushes_recipe_get_extras (recipe), "inputs"),
                                  "go_fast", FALSE);
  g_clear_pointer (&input, json_object_unref);
  input = rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (input, "seed"));
  g_assert_false (json_object_get_boolean_member (input, "go_fast"));

  ltx = make_recipe ("lightricks/ltx-video", 2.0, 24, 640, 426);
  rushes_recipe_set_negative_prompt (ltx, "blurry");
  rushes_recipe_set_steps (ltx, 20);
  rushes_recipe_set_guidance (ltx, 4.5);
  ltx_input = rushes_hosted_catalog_build_input (rep, "lightricks/ltx-video", ltx, "https://example.org/i.png", &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (ltx_input, "length"), ==, 48);
  g_assert_cmpint (json_object_get_int_member (ltx_input, "steps"), ==, 20);
  g_assert_cmpfloat (json_object_get_double_member (ltx_input, "cfg"), ==, 4.5);
  g_assert_cmpstr (json_object_get_string_member (ltx_input, "negative_prompt"), ==, "blurry");
  g_assert_cmpint (json_object_get_int_member (ltx_input, "target_size"), ==, 640);
  g_assert_cmpstr (json_object_get_string_member (ltx_input, "aspect_ratio"), ==, "3:2");
  g_assert_false (json_object_has_member (ltx_input, "image"));   /* no start image in the recipe */
}

static void
test_build_input_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesHostedCatalog) rep = rushes_hosted_catalog_new_for_kind ("replicate", NULL);
  g_autoptr(RushesRecipe) recipe = make_recipe ("wan-video/wan-2.2-t2v-fast", 2.0, 16, 832, 480);

  /* 32 frames < 81 */
  g_assert_null (rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "seconds"));
  g_clear_error (&error);

  rushes_recipe_set_seconds (recipe, 5.5);
  rushes_recipe_set_width (recipe, 848);
  g_assert_null (rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "832×480"));
  g_assert_nonnull (strstr (error->message, "848×480"));
  g_clear_error (&error);

  rushes_recipe_set_width (recipe, 832);
  rushes_recipe_set_fps (recipe, 30);
  g_assert_null (rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error));
  g_assert_nonnull (strstr (error->message, "fps"));
  g_clear_error (&error);

  rushes_recipe_set_fps (recipe, 16);
  rushes_recipe_set_start_image (recipe, "/tmp/x.png");
  g_assert_null (rushes_hosted_catalog_build_input (rep, "wan-video/wan-2.2-t2v-fast", recipe, NULL, &error));
  g_assert_nonnull (strstr (error->message, "start_image"));
  g_clear_error (&error);

  g_assert_null (rushes_hosted_catalog_build_input (rep, "x/y", recipe, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
}

static void
test_bad_files (void)
{
  const char *bad[] = {
    "<html>not json</html>",
    "[1,2]",
    "{\"format\": 2, \"models\": []}",
    "{\"format\": 1}",
    "{\"format\": 1, \"models\": [{\"id\": \"a/b\"}]}",
    "{\"format\": 1, \"models\": [{\"id\": \"a/b\", \"inputs\": {}}]}",
    "{\"format\": 1, \"models\": [{\"id\": \"a/b\", \"inputs\": {\"prompt\": \"p\"}, \"sizes\": [{\"width\": 1}]}]}",
    "{\"format\": 1, \"models\": [{\"id\": \"a/b\", \"inputs\": {\"prompt\": \"p\"}}, {\"id\": \"a/b\", \"inputs\": {\"prompt\": \"p\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesHostedCatalog) cat = rushes_hosted_catalog_new_from_data (bad[i], -1, &error);

      g_assert_null (cat);
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
    }
}

static void
test_cost (void)
{
  g_autoptr(GError) error = NULL;
  const char *data =
    "{\"format\": 1, \"kind\": \"fal\", \"models\": [{\"id\": \"fal-ai/x\", \"inputs\": {\"prompt\": \"text\","
    " \"seconds\": {\"input\": \"duration\", \"min\": 5, \"max\": 10, \"step\": 5}}, \"cost_per_second\": 0.08}]}";
  g_autoptr(RushesHostedCatalog) cat = rushes_hosted_catalog_new_from_data (data, -1, &error);
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(RushesRecipe) recipe = make_recipe ("fal-ai/x", 10, 24, 848, 480);
  g_autoptr(JsonObject) input = NULL;

  g_assert_no_error (error);
  caps = rushes_hosted_catalog_get_capabilities (cat, "fal-ai/x", NULL);
  g_assert_cmpfloat_with_epsilon (caps->cost_per_second, 0.08, 1e-12);
  g_assert_cmpstr (caps->cost_currency, ==, "USD");
  g_assert_cmpfloat (caps->seconds_step, ==, 5);
  g_assert_false (caps->fields & RUSHES_FIELD_SIZE);

  input = rushes_hosted_catalog_build_input (cat, "fal-ai/x", recipe, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (input, "duration"), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (input, "text"), ==, "a red fox running through snow");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hosted-catalog/builtin", test_builtin);
  g_test_add_func ("/hosted-catalog/capabilities", test_capabilities);
  g_test_add_func ("/hosted-catalog/capabilities-per-model", test_capabilities_per_model);
  g_test_add_func ("/hosted-catalog/build-input", test_build_input);
  g_test_add_func ("/hosted-catalog/build-input-errors", test_build_input_errors);
  g_test_add_func ("/hosted-catalog/bad-files", test_bad_files);
  g_test_add_func ("/hosted-catalog/cost", test_cost);

  return g_test_run ();
}
