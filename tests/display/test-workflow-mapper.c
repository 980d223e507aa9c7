/* test-workflow-mapper.c: importing a ComfyUI workflow through the mapping
 * dialog and the Backends page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. Saved workflows go to a temporary $XDG_DATA_HOME
 * (not G_TEST_OPTION_ISOLATE_DIRS: that also hides XDG_DATA_DIRS, where the
 * MIME database lives that icon loading needs).
 */
#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "rushes-workflow-mapper.h"
#include "rushes-backends-page.h"
#include "rushes-backend-kinds.h"
#include "rushes-comfyui-backend.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-recipe.h"
#include "rushes-resources.h"
#include "test-util.h"

static const char ui_format[] =
  "{\"last_node_id\": 9, \"last_link_id\": 9, \"nodes\": [{\"id\": 3, \"type\": \"KSampler\"}],"
  " \"links\": [], \"groups\": [], \"version\": 0.4}";

static char *
read_template (const char *file)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", file, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
node_inputs (JsonNode   *graph,
             const char *id)
{
  return json_object_get_object_member (json_object_get_object_member (json_node_get_object (graph), id), "inputs");
}

static const char *
selected_label (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static void
select_label (AdwComboRow *row,
              const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static AdwComboRow *
find_combo_row (GtkWidget  *root,
                const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found;

      if (ADW_IS_COMBO_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return ADW_COMBO_ROW (child);
      if ((found = find_combo_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static void
saved_cb (RushesWorkflowMapper *mapper,
          const char           *name,
          char                **out)
{
  g_free (*out);
  *out = g_strdup (name);
}

static void
test_mapper_saves (void)
{
  g_autofree char *graph_text = read_template ("wan-2.1-t2v.json");
  g_autofree char *shipped_text = read_template ("wan-2.1-t2v.mapping.json");
  g_autoptr(JsonNode) shipped = parse (shipped_text);
  g_autoptr(JsonNode) graph = parse (graph_text);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) saved = NULL;
  g_autoptr(RushesComfyuiWorkflow) reloaded = NULL;
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesComfyuiWorkflow) used = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) saved_graph = NULL;
  g_autoptr(JsonNode) saved_mapping = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "rushes", "workflows", NULL);
  g_autofree char *graph_path = g_build_filename (dir, "my-wan.json", NULL);
  g_autofree char *mapping_path = g_build_filename (dir, "my-wan.mapping.json", NULL);
  g_autofree char *saved_name = NULL;
  g_autofree char *text = NULL;
  JsonObject *want_inputs;
  RushesWorkflowMapper *mapper;

  mapper = rushes_workflow_mapper_new (graph_text, "/somewhere/Wan Export (API).json", &error);
  g_assert_no_error (error);
  g_object_ref_sink (mapper);
  g_signal_connect (mapper, "saved", G_CALLBACK (saved_cb), &saved_name);
  gtk_window_present (GTK_WINDOW (mapper));

  /* pre-filled by the guess */
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (mapper, "prompt")), ==, "5 · CLIPTextEncode · text");
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (mapper, "negative_prompt")), ==, "6 · CLIPTextEncode · text");
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (mapper, "seed")), ==, "8 · KSampler · seed");
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (mapper, "frames")), ==, "7 · EmptyHunyuanLatentVideo · length");
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (mapper, "start_image")), ==, "Not used");
  g_assert_null (rushes_workflow_mapper_get_field_row (mapper, "no-such-field"));

  /* no prompt: refused, nothing written */
  select_label (rushes_workflow_mapper_get_field_row (mapper, "prompt"), "Not used");
  rushes_workflow_mapper_set_name (mapper, "my-wan");
  g_assert_null (rushes_workflow_mapper_save (mapper, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (mapping_path, G_FILE_TEST_EXISTS));
  g_assert_null (saved_name);

  /* the user's choices: the prompt back, guidance left to the graph; a name
   * that is not file-name safe is refused */
  select_label (rushes_workflow_mapper_get_field_row (mapper, "prompt"), "5 · CLIPTextEncode · text");
  select_label (rushes_workflow_mapper_get_field_row (mapper, "guidance"), "Not used");
  rushes_workflow_mapper_set_name (mapper, "bad/name");
  g_assert_null (rushes_workflow_mapper_save (mapper, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  rushes_workflow_mapper_set_name (mapper, "my-wan");
  saved = rushes_workflow_mapper_save (mapper, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);
  g_assert_cmpstr (saved_name, ==, "my-wan");

  /* neither this import nor a template is overwritten */
  g_assert_null (rushes_workflow_mapper_save (mapper, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  rushes_workflow_mapper_set_name (mapper, "wan-2.1-t2v");
  g_assert_null (rushes_workflow_mapper_save (mapper, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  {
    g_autofree char *template_copy = g_build_filename (dir, "wan-2.1-t2v.mapping.json", NULL);

    g_assert_false (g_file_test (template_copy, G_FILE_TEST_EXISTS));
  }

  /* the files: the graph unchanged, the mapping the shipped one less guidance */
  g_assert_true (g_file_get_contents (graph_path, &text, NULL, NULL));
  saved_graph = parse (text);
  g_assert_true (json_node_equal (saved_graph, graph));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (mapping_path, &text, NULL, NULL));
  saved_mapping = parse (text);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (saved_mapping), "workflow"), ==, "my-wan.json");
  want_inputs = json_object_get_object_member (json_node_get_object (shipped), "inputs");
  json_object_remove_member (want_inputs, "guidance");
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (saved_mapping), "inputs"),
                                  json_object_get_member (json_node_get_object (shipped), "inputs")));

  reloaded = rushes_comfyui_workflow_new_from_files (NULL, mapping_path, &error);
  g_assert_no_error (error);
  g_assert_false (rushes_comfyui_workflow_get_fields (reloaded) & RUSHES_FIELD_GUIDANCE);
  g_assert_true (rushes_comfyui_workflow_get_fields (reloaded) & RUSHES_FIELD_NEGATIVE_PROMPT);

  /* a backend naming the workflow fills the mapped inputs */
  json_object_set_string_member (config, "id", "studio");
  json_object_set_string_member (config, "kind", "comfyui");
  json_object_set_string_member (config, "url", "http://127.0.0.1:9");
  json_object_set_string_member (config, "workflow", "my-wan");
  backend = rushes_comfyui_backend_new_from_config (config, &error);
  g_assert_no_error (error);
  used = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));
  g_assert_cmpstr (rushes_comfyui_workflow_get_name (used), ==, "my-wan");

  rushes_recipe_set_prompt (recipe, "a lighthouse in a storm");
  rushes_recipe_set_negative_prompt (recipe, "text");
  rushes_recipe_set_seed (recipe, 777);
  rushes_recipe_set_width (recipe, 480);
  rushes_recipe_set_height (recipe, 320);
  rushes_recipe_set_steps (recipe, 9);
  rushes_recipe_set_guidance (recipe, 11.0);
  applied = rushes_comfyui_workflow_apply (used, recipe, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (node_inputs (applied, "5"), "text"), ==, "a lighthouse in a storm");
  g_assert_cmpstr (json_object_get_string_member (node_inputs (applied, "6"), "text"), ==, "text");
  g_assert_cmpint (json_object_get_int_member (node_inputs (applied, "8"), "seed"), ==, 777);
  g_assert_cmpint (json_object_get_int_member (node_inputs (applied, "8"), "steps"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (node_inputs (applied, "7"), "width"), ==, 480);
  g_assert_cmpint (json_object_get_int_member (node_inputs (applied, "7"), "height"), ==, 320);
  /* guidance was left unmapped: the graph's own value stays */
  g_assert_cmpfloat (json_object_get_double_member (node_inputs (applied, "8"), "cfg"), ==,
                     json_object_get_double_member (node_inputs (graph, "8"), "cfg"));

  gtk_window_destroy (GTK_WINDOW (mapper));
  g_object_unref (mapper);
}

/* A first+last-frame workflow: the "End image" row sits beside "Start
 * image", is guessed from the graph (the loader feeding the guide at the
 * last frame), can be changed, is saved into the mapping, and the backend
 * then fills it with the uploaded end image and honours end images. */
static void
test_mapper_end_image (void)
{
  g_autofree char *graph_text = read_template ("ltx-video-flf.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) saved = NULL;
  g_autoptr(RushesComfyuiWorkflow) reloaded = NULL;
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(JsonNode) saved_mapping = NULL;
  g_autofree char *mapping_path = g_build_filename (g_get_user_data_dir (), "rushes", "workflows",
                                                    "my-ltx-flf.mapping.json", NULL);
  g_autofree char *text = NULL;
  JsonArray *end;
  AdwComboRow *start_row;
  AdwComboRow *end_row;
  RushesWorkflowMapper *mapper;

  mapper = rushes_workflow_mapper_new (graph_text, "LTX FLF.json", &error);
  g_assert_no_error (error);
  g_object_ref_sink (mapper);
  gtk_window_present (GTK_WINDOW (mapper));

  /* the rows a person sees, by title, and the guess */
  start_row = find_combo_row (GTK_WIDGET (mapper), "Start image");
  end_row = find_combo_row (GTK_WIDGET (mapper), "End image");
  g_assert_nonnull (start_row);
  g_assert_nonnull (end_row);
  g_assert_true (end_row == rushes_workflow_mapper_get_field_row (mapper, "end_image"));
  g_assert_cmpstr (selected_label (start_row), ==, "13 · LoadImage · image");
  g_assert_cmpstr (selected_label (end_row), ==, "15 · LoadImage · image");

  /* one loader for both: refused (the end image would replace the start
   * image), nothing written */
  rushes_workflow_mapper_set_name (mapper, "my-ltx-flf");
  select_label (end_row, "13 · LoadImage · image");
  g_assert_null (rushes_workflow_mapper_save (mapper, &error));
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both the start image and the end image"));
  g_clear_error (&error);
  g_assert_false (g_file_test (mapping_path, G_FILE_TEST_EXISTS));

  /* the user swaps the two loaders */
  select_label (start_row, "15 · LoadImage · image");
  saved = rushes_workflow_mapper_save (mapper, &error);
  g_assert_no_error (error);
  g_assert_nonnull (saved);

  g_assert_true (g_file_get_contents (mapping_path, &text, NULL, NULL));
  saved_mapping = parse (text);
  end = json_object_get_array_member (json_object_get_object_member (json_node_get_object (saved_mapping), "inputs"),
                                      "end_image");
  g_assert_nonnull (end);
  g_assert_cmpuint (json_array_get_length (end), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (end, 0), "node"), ==, "13");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (end, 0), "input"), ==, "image");

  reloaded = rushes_comfyui_workflow_new_from_files (NULL, mapping_path, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_comfyui_workflow_needs_end_image (reloaded));
  rushes_recipe_set_prompt (recipe, "dawn to dusk over the harbour");
  applied = rushes_comfyui_workflow_apply_images (reloaded, recipe, "rushes/first.png", "rushes/last.png", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (node_inputs (applied, "13"), "image"), ==, "rushes/last.png");
  g_assert_cmpstr (json_object_get_string_member (node_inputs (applied, "15"), "image"), ==, "rushes/first.png");

  /* a backend using the saved workflow honours end images */
  json_object_set_string_member (config, "id", "studio-flf");
  json_object_set_string_member (config, "kind", "comfyui");
  json_object_set_string_member (config, "url", "http://127.0.0.1:9");
  json_object_set_string_member (config, "workflow", "my-ltx-flf");
  backend = rushes_comfyui_backend_new_from_config (config, &error);
  g_assert_no_error (error);
  caps = rushes_backend_get_capabilities (backend);
  g_assert_true (caps->fields & RUSHES_FIELD_START_IMAGE);
  g_assert_true (caps->fields & RUSHES_FIELD_END_IMAGE);

  gtk_window_destroy (GTK_WINDOW (mapper));
  g_object_unref (mapper);
}

static void
test_mapper_refuses_ui_format (void)
{
  g_autoptr(GError) error = NULL;
  RushesWorkflowMapper *mapper = rushes_workflow_mapper_new (ui_format, "editor.json", &error);

  g_assert_null (mapper);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT);
  g_assert_nonnull (strstr (error->message, "Export (API)"));
}

static gboolean
has_label (AdwComboRow *row,
           const char  *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        return TRUE;
    }
  return FALSE;
}

static char *
config_workflow (RushesBackendRegistry *registry)
{
  g_autoptr(JsonObject) config = rushes_backend_registry_dup_config (registry, "studio");

  return g_strdup (config ? json_object_get_string_member_with_default (config, "workflow", NULL) : NULL);
}

static void
test_page_import (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rushes-mapper-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "backends.json", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (path);
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *graph_text = read_template ("ltx-video.json");
  g_autoptr(RushesComfyuiWorkflow) saved = NULL;
  g_autofree char *workflow = NULL;
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesComfyuiWorkflow) used = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWindow *mapper;
  AdwComboRow *row;
  gint64 deadline;

  rushes_backend_kinds_register_all ();
  g_assert_true (rushes_backend_registry_load (registry, &error));
  json_object_set_string_member (config, "id", "studio");
  json_object_set_string_member (config, "kind", "comfyui");
  json_object_set_string_member (config, "url", "http://127.0.0.1:9");
  g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));
  g_assert_no_error (error);

  window = adw_preferences_window_new ();
  page = rushes_backends_page_new (registry);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  row = find_combo_row (page, "Workflow");
  g_assert_nonnull (row);
  g_assert_cmpstr (selected_label (row), ==, "ltx-video");
  g_assert_true (has_label (row, "wan-2.1-t2v"));
  g_assert_false (has_label (row, "ltx-cut"));

  /* an editor-format file: a message, no dialog, the config as it was */
  g_assert_null (rushes_backends_page_import_workflow (RUSHES_BACKENDS_PAGE (page), "studio", ui_format, "editor.json"));

  mapper = rushes_backends_page_import_workflow (RUSHES_BACKENDS_PAGE (page), "studio", graph_text, "ltx cut.json");
  g_assert_nonnull (mapper);
  g_assert_true (RUSHES_IS_WORKFLOW_MAPPER (mapper));
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (RUSHES_WORKFLOW_MAPPER (mapper), "width")),
                   ==, "6 · EmptyLTXVLatentVideo · width");
  g_assert_cmpstr (selected_label (rushes_workflow_mapper_get_field_row (RUSHES_WORKFLOW_MAPPER (mapper), "guidance")),
                   ==, "9 · SamplerCustom · cfg");
  saved = rushes_workflow_mapper_save (RUSHES_WORKFLOW_MAPPER (mapper), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_comfyui_workflow_get_name (saved), ==, "ltx-cut");

  /* the backend's "workflow" follows (applied from an idle) */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_strcmp0 (workflow, "ltx-cut") != 0 && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_free (workflow);
      workflow = config_workflow (registry);
    }
  g_assert_cmpstr (workflow, ==, "ltx-cut");
  backend = rushes_backend_registry_lookup (registry, "studio");
  g_assert_nonnull (backend);
  g_object_ref (backend);
  used = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));
  g_assert_cmpstr (rushes_comfyui_workflow_get_name (used), ==, "ltx-cut");

  /* the rebuilt row offers and shows the imported workflow */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  row = find_combo_row (page, "Workflow");
  g_assert_nonnull (row);
  g_assert_true (has_label (row, "ltx-cut"));
  g_assert_cmpstr (selected_label (row), ==, "ltx-cut");

  gtk_window_destroy (GTK_WINDOW (mapper));
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("rushes-mapper-data-XXXXXX", NULL);
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* static library: pull the resource object in explicitly */
  g_resources_register (rushes_get_resource ());

  g_test_add_func ("/workflow-mapper/saves", test_mapper_saves);
  g_test_add_func ("/workflow-mapper/end-image", test_mapper_end_image);
  g_test_add_func ("/workflow-mapper/refuses-ui-format", test_mapper_refuses_ui_format);
  g_test_add_func ("/workflow-mapper/page-import", test_page_import);

  status = g_test_run ();
  test_remove_tree (data_home);
  return status;
}
