/* test-comfyui-mapping.c: guessing the mapping of an imported ComfyUI
 * workflow, checked against the shipped templates' hand-written mappings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "rushes-comfyui-mapping.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-recipe.h"

static const char * const templates[] = { "ltx-video", "ltx-video-i2v", "wan-2.1-t2v", "hunyuan-video", "wan-2.1-flf2v",
                                          "ltx-video-flf", NULL };

static JsonNode *
load_json (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static char *
read_text (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static char *
to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static void
test_guess_matches_templates (void)
{
  for (guint t = 0; templates[t] != NULL; t++)
    {
      g_autofree char *graph_file = g_strconcat (templates[t], ".json", NULL);
      g_autofree char *mapping_file = g_strconcat (templates[t], ".mapping.json", NULL);
      g_autoptr(JsonNode) graph = load_json (graph_file);
      g_autoptr(JsonNode) mapping = load_json (mapping_file);
      g_autoptr(JsonObject) guess = rushes_comfyui_mapping_guess (json_node_get_object (graph));
      g_autoptr(JsonNode) guess_node = json_node_init_object (json_node_alloc (), guess);
      JsonNode *want = json_object_get_member (json_node_get_object (mapping), "inputs");
      g_autofree char *want_text = to_text (want);
      g_autofree char *got_text = to_text (guess_node);

      g_test_message ("%s: want %s, got %s", templates[t], want_text, got_text);
      g_assert_true (json_node_equal (want, guess_node));
    }
}

static void
test_choices (void)
{
  g_autoptr(JsonNode) graph = load_json ("ltx-video.json");
  g_autoptr(GPtrArray) choices = rushes_comfyui_mapping_list_choices (json_node_get_object (graph));
  gboolean seen_width = FALSE;
  guint64 last = 0;

  g_assert_cmpuint (choices->len, >, 10);
  for (guint i = 0; i < choices->len; i++)
    {
      RushesComfyuiInputChoice *c = g_ptr_array_index (choices, i);
      guint64 id = g_ascii_strtoull (c->node, NULL, 10);
      JsonObject *inputs = json_object_get_object_member (json_object_get_object_member (json_node_get_object (graph), c->node), "inputs");

      /* only literals, never links; in numeric node order (10 after 9) */
      g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (inputs, c->input)));
      g_assert_cmpuint (id, >=, last);
      last = id;
      if (g_str_equal (c->node, "6") && g_str_equal (c->input, "width"))
        {
          g_autofree char *label = rushes_comfyui_input_choice_label (c);

          g_assert_cmpstr (c->class_type, ==, "EmptyLTXVLatentVideo");
          g_assert_cmpstr (label, ==, "6 · EmptyLTXVLatentVideo · width");
          seen_width = TRUE;
        }
      g_assert_false (g_str_equal (c->input, "clip"));   /* a link */
    }
  g_assert_true (seen_width);
  g_assert_cmpuint (last, ==, 12);
}

/* the template without its mapping: the guessed and built mapping must give
 * the same workflow (fields, start image, progress node, applied graph) */
static void
test_guess_recovers_template (void)
{
  for (guint t = 0; templates[t] != NULL; t++)
    {
      g_autofree char *graph_file = g_strconcat (templates[t], ".json", NULL);
      g_autofree char *mapping_file = g_strconcat (templates[t], ".mapping.json", NULL);
      g_autofree char *graph_text = read_text (graph_file);
      g_autofree char *mapping_text = read_text (mapping_file);
      g_autoptr(JsonNode) graph = load_json (graph_file);
      g_autoptr(JsonObject) guess = rushes_comfyui_mapping_guess (json_node_get_object (graph));
      g_autofree char *built = rushes_comfyui_mapping_build (json_node_get_object (graph), "guessed", "Guessed", guess);
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesComfyuiWorkflow) shipped = rushes_comfyui_workflow_new (graph_text, -1, mapping_text, -1, &error);
      g_autoptr(RushesComfyuiWorkflow) guessed = NULL;
      g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;
      const char *image, *end_image;

      g_assert_no_error (error);
      guessed = rushes_comfyui_workflow_new (graph_text, -1, built, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rushes_comfyui_workflow_get_name (guessed), ==, "guessed");
      g_assert_cmpint (rushes_comfyui_workflow_get_fields (guessed), ==, rushes_comfyui_workflow_get_fields (shipped));
      g_assert_cmpint (rushes_comfyui_workflow_needs_start_image (guessed), ==,
                       rushes_comfyui_workflow_needs_start_image (shipped));
      g_assert_cmpstr (rushes_comfyui_workflow_get_progress_node (guessed), ==,
                       rushes_comfyui_workflow_get_progress_node (shipped));
      g_assert_cmpuint (rushes_comfyui_workflow_frames_for (guessed, 50), ==,
                        rushes_comfyui_workflow_frames_for (shipped, 50));
      g_assert_cmpuint (rushes_comfyui_workflow_get_model_inputs (guessed)->len, >, 0);

      rushes_recipe_set_prompt (recipe, "a heron lifting off a misty lake");
      rushes_recipe_set_negative_prompt (recipe, "blurry");
      rushes_recipe_set_seed (recipe, 12345);
      rushes_recipe_set_width (recipe, 512);
      rushes_recipe_set_height (recipe, 384);
      rushes_recipe_set_fps (recipe, 16);
      rushes_recipe_set_seconds (recipe, 2.0);
      rushes_recipe_set_steps (recipe, 11);
      rushes_recipe_set_guidance (recipe, 4.5);
      image = rushes_comfyui_workflow_needs_start_image (shipped) ? "start-upload.png" : NULL;
      end_image = rushes_comfyui_workflow_needs_end_image (shipped) ? "end-upload.png" : NULL;
      g_assert_cmpint (rushes_comfyui_workflow_needs_end_image (guessed), ==, end_image != NULL);

      a = rushes_comfyui_workflow_apply_images (shipped, recipe, image, end_image, NULL, &error);
      g_assert_no_error (error);
      b = rushes_comfyui_workflow_apply_images (guessed, recipe, image, end_image, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (a, b));
      {
        g_autofree char *text = to_text (b);

        g_assert_nonnull (strstr (text, "a heron lifting off a misty lake"));
        g_assert_nonnull (strstr (text, "12345"));
      }
    }
}

static void
test_name_from_file (void)
{
  g_autofree char *a = rushes_comfyui_mapping_name_from_file ("My WF (api).json");
  g_autofree char *b = rushes_comfyui_mapping_name_from_file ("../../x.mapping.json");
  g_autofree char *c = rushes_comfyui_mapping_name_from_file ("()");

  g_assert_cmpstr (a, ==, "My-WF-api");
  g_assert_cmpstr (b, ==, "x-mapping");
  g_assert_cmpstr (c, ==, "workflow");
}

static void
test_parse_graph (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_text ("wan-2.1-t2v.json");
  g_autoptr(JsonObject) graph = rushes_comfyui_mapping_parse_graph (text, -1, &error);
  JsonObject *none;

  g_assert_no_error (error);
  g_assert_true (json_object_has_member (graph, "8"));

  none = rushes_comfyui_mapping_parse_graph ("{\"nodes\": [], \"links\": [], \"version\": 0.4}", -1, &error);
  g_assert_null (none);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT);
  g_assert_nonnull (strstr (error->message, "Export (API)"));
  g_clear_error (&error);

  none = rushes_comfyui_mapping_parse_graph ("{\"1\": {\"inputs\": {}}}", -1, &error);
  g_assert_null (none);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);

  none = rushes_comfyui_mapping_parse_graph ("[1, 2", -1, &error);
  g_assert_null (none);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
}

/* --map FIELD=NODE.INPUT, checked against the graph */
static void
test_add_spec (void)
{
  g_autoptr(JsonNode) graph = load_json ("ltx-video.json");
  JsonObject *g = json_node_get_object (graph);
  g_autoptr(JsonObject) inputs = json_object_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *fps;
  static const struct { const char *spec; const char *says; } bad[] = {
    { "prompt", "FIELD=NODE.INPUT" },
    { "prompt=3", "FIELD=NODE.INPUT" },
    { "=3.text", "FIELD=NODE.INPUT" },
    { "prompt=3.", "FIELD=NODE.INPUT" },
    { "mood=3.text", "negative_prompt" },       /* lists the fields */
    { "prompt=99.text", "1, 2, 3" },            /* lists the nodes */
    { "prompt=3.txt", "inputs with a value: text" },
    { "prompt=3.clip", "connected" },
  };

  g_assert_true (rushes_comfyui_mapping_add_spec (g, inputs, "prompt=3.text", &error));
  g_assert_no_error (error);
  g_assert_true (rushes_comfyui_mapping_add_spec (g, inputs, "fps=5.frame_rate", &error));
  g_assert_true (rushes_comfyui_mapping_add_spec (g, inputs, "fps=11.fps", &error));
  g_assert_no_error (error);
  fps = json_object_get_array_member (inputs, "fps");
  g_assert_cmpuint (json_array_get_length (fps), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (fps, 1), "node"), ==, "11");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (rushes_comfyui_mapping_add_spec (g, inputs, bad[i].spec, &error));
      g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
      g_test_message ("%s: %s", bad[i].spec, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].says));
      g_clear_error (&error);
    }
  /* nothing of the bad ones was added */
  g_assert_cmpuint (json_object_get_size (inputs), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (inputs, "prompt")), ==, 1);
}

/* saving: never over a template or an earlier import */
static void
test_save (void)
{
  g_autofree char *text = read_text ("wan-2.1-t2v.json");
  g_autoptr(JsonObject) graph = rushes_comfyui_mapping_parse_graph (text, -1, NULL);
  g_autoptr(JsonObject) guess = rushes_comfyui_mapping_guess (graph);
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(RushesComfyuiWorkflow) saved = NULL;
  g_autoptr(RushesComfyuiWorkflow) again = NULL;
  g_autoptr(GError) error = NULL;

  again = rushes_comfyui_mapping_save (text, graph, "ltx-video", NULL, guess, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  again = rushes_comfyui_mapping_save (text, graph, "a/b", NULL, guess, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  again = rushes_comfyui_mapping_save (text, graph, "no-prompt", NULL, empty, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  saved = rushes_comfyui_mapping_save (text, graph, "my-wan", "My Wan", guess, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_comfyui_workflow_get_display_name (saved), ==, "My Wan");
  again = rushes_comfyui_mapping_save (text, graph, "my-wan", "Another", guess, &error);
  g_assert_null (again);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  again = rushes_comfyui_workflow_load_template ("my-wan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_comfyui_workflow_get_display_name (again), ==, "My Wan");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/comfyui-mapping/guess-matches-templates", test_guess_matches_templates);
  g_test_add_func ("/comfyui-mapping/choices", test_choices);
  g_test_add_func ("/comfyui-mapping/guess-recovers-template", test_guess_recovers_template);
  g_test_add_func ("/comfyui-mapping/parse-graph", test_parse_graph);
  g_test_add_func ("/comfyui-mapping/name-from-file", test_name_from_file);
  g_test_add_func ("/comfyui-mapping/add-spec", test_add_spec);
  g_test_add_func ("/comfyui-mapping/save", test_save);

  return g_test_run ();
}
