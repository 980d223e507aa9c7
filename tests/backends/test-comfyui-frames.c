/* test-comfyui-frames.c: start and end images on the ComfyUI backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake ComfyUI server records what arrives at /api/upload/image (the
 * multipart file name and bytes) and /api/prompt (the graph), and answers
 * with the name the file is stored under, as ComfyUI does. The templates
 * for first-and-last-frame video (Wan 2.1 FLF2V, Wan 2.2 I2V 14B, LTX-Video)
 * must get both images uploaded and their stored names in the LoadImage
 * nodes that feed WanFirstLastFrameToVideo or the LTXVAddGuide nodes; a workflow without an end image mapping
 * refuses an end image before any request.
 */
#include <string.h>
#include <curl/curl.h>

#include "rushes-comfyui-backend.h"
#include "rushes-comfyui-mapping.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-recipe.h"
#include "fake-server.h"
#include "test-util.h"

typedef struct
{
  FakeServer *server;
  RushesComfyuiBackend *backend;
  char *dir;
  char *start_path;
  char *end_path;

  GMutex lock;            /* the server thread writes the fields below */
  GPtrArray *upload_names; /* file names as sent in the multipart "image" part */
  GPtrArray *upload_bytes; /* GBytes, same order */
  char *prompt_body;
} Fixture;

static void
upload_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *mp = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);
  g_autofree char *answer = NULL;
  char *name = NULL;
  GBytes *bytes = NULL;

  for (int i = 0; mp != NULL && i < soup_multipart_get_length (mp); i++)
    {
      SoupMessageHeaders *headers;
      GBytes *part;
      GHashTable *params = NULL;

      if (!soup_multipart_get_part (mp, i, &headers, &part)
          || !soup_message_headers_get_content_disposition (headers, NULL, &params))
        continue;
      if (g_strcmp0 (g_hash_table_lookup (params, "name"), "image") == 0)
        {
          name = g_strdup (g_hash_table_lookup (params, "filename"));
          bytes = g_bytes_ref (part);
        }
      g_hash_table_destroy (params);
    }
  if (mp != NULL)
    soup_multipart_free (mp);
  if (name == NULL)
    {
      g_clear_pointer (&bytes, g_bytes_unref);
      fake_reply_json (msg, 400, "{\"error\": \"no image\"}");
      return;
    }

  g_mutex_lock (&f->lock);
  g_ptr_array_add (f->upload_names, name);
  g_ptr_array_add (f->upload_bytes, bytes);
  g_mutex_unlock (&f->lock);
  answer = g_strdup_printf ("{\"name\": \"%s\", \"subfolder\": \"rushes\", \"type\": \"input\"}", name);
  fake_reply_json (msg, 200, answer);
}

static void
prompt_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  g_mutex_lock (&f->lock);
  g_free (f->prompt_body);
  f->prompt_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_mutex_unlock (&f->lock);
  fake_reply_json (msg, 200, "{\"prompt_id\": \"0f6c1e0a-3f0e-4b8e-9c55-2b1f5a3c9d10\", \"number\": 1, \"node_errors\": {}}");
}

static void
stats_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 200, "{\"system\": {\"os\": \"linux\", \"comfyui_version\": \"0.24.0\"}, \"devices\": []}");
}

/* every node class exists (SaveVideo included: no fallback to WEBP) */
static void
object_info_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  const char *cls = strrchr (path, '/') + 1;
  g_autofree char *answer = g_strdup_printf ("{\"%s\": {\"input\": {\"required\": {}}, \"name\": \"%s\"}}", cls, cls);

  fake_reply_json (msg, 200, answer);
}

static char *
write_png (const char *dir,
           const char *name,
           guint8      fill)
{
  char *path = g_build_filename (dir, name, NULL);
  guint8 bytes[64] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  for (guint i = 8; i < sizeof bytes; i++)
    bytes[i] = fill;
  g_assert_true (g_file_set_contents (path, (const char *) bytes, sizeof bytes, NULL));
  return path;
}

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->lock);
  f->upload_names = g_ptr_array_new_with_free_func (g_free);
  f->upload_bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  f->server = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->server, "/api/upload/image", upload_cb, f);
  fake_server_add_handler (f->server, "/api/prompt", prompt_cb, f);
  fake_server_add_handler (f->server, "/api/system_stats", stats_cb, f);
  fake_server_add_handler (f->server, "/api/object_info/*", object_info_cb, f);
  fake_server_start (f->server);

  f->backend = rushes_comfyui_backend_new ("studio-comfy", "Studio", fake_server_get_url (f->server), NULL, &error);
  g_assert_no_error (error);
  rushes_comfyui_backend_set_use_websocket (f->backend, FALSE);

  f->dir = test_make_tmp_dir ("rushes-comfy-frames-XXXXXX");
  f->start_path = write_png (f->dir, "heron.start.png", 0x11);
  f->end_path = write_png (f->dir, "heron.end.png", 0xee);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->backend);
  fake_server_free (f->server);
  g_ptr_array_unref (f->upload_names);
  g_ptr_array_unref (f->upload_bytes);
  g_free (f->prompt_body);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->start_path);
  g_free (f->end_path);
  g_mutex_clear (&f->lock);
}

static RushesRecipe *
make_recipe (Fixture    *f,
             gboolean    start,
             gboolean    end)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_backend (recipe, "studio-comfy");
  rushes_recipe_set_prompt (recipe, "the heron lifts off and the lake turns to dusk");
  rushes_recipe_set_seconds (recipe, 3.0);
  rushes_recipe_set_fps (recipe, 16);
  rushes_recipe_set_width (recipe, 832);
  rushes_recipe_set_height (recipe, 480);
  rushes_recipe_set_seed (recipe, 77);
  rushes_recipe_set_steps (recipe, 20);
  rushes_recipe_set_guidance (recipe, 5.0);
  if (start)
    rushes_recipe_set_start_image (recipe, f->start_path);
  if (end)
    rushes_recipe_set_end_image (recipe, f->end_path);
  return recipe;
}

static void
use_template (Fixture    *f,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) wf = rushes_comfyui_workflow_load_template (name, &error);

  g_assert_no_error (error);
  rushes_comfyui_backend_set_workflow (f->backend, wf);
}

static JsonObject *
node_inputs (JsonObject *graph,
             const char *id)
{
  return json_object_get_object_member (json_object_get_object_member (graph, id), "inputs");
}

/* input `name` of node `id` is a link to output `slot` of node `from` */
static void
assert_link_slot (JsonObject *graph,
                  const char *id,
                  const char *name,
                  const char *from,
                  int         slot)
{
  JsonArray *link = json_object_get_array_member (node_inputs (graph, id), name);

  g_assert_nonnull (link);
  g_assert_cmpstr (json_array_get_string_element (link, 0), ==, from);
  g_assert_cmpint (json_array_get_int_element (link, 1), ==, slot);
}

static void
assert_link (JsonObject *graph,
             const char *id,
             const char *name,
             const char *from)
{
  assert_link_slot (graph, id, name, from, 0);
}

static void
assert_uploaded (Fixture    *f,
                 guint       index,
                 const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize length;
  GBytes *got;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpstr (g_ptr_array_index (f->upload_names, index), ==, base);
  got = g_ptr_array_index (f->upload_bytes, index);
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), contents, length);
}

/* both images uploaded, in order, and the stored names in the mapped
 * LoadImage nodes; returns the graph that reached /prompt */
static JsonObject *
submit_images (Fixture    *f,
               const char *template,
               const char *start_node,
               const char *end_node)
{
  g_autoptr(RushesRecipe) recipe = make_recipe (f, TRUE, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *job = g_uuid_string_random ();
  g_autofree char *remote = NULL;
  JsonObject *graph;

  use_template (f, template);
  remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (remote);

  g_assert_cmpuint (fake_server_count_requests (f->server, "POST", "/api/upload/image"), ==, 2);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->upload_names->len, ==, 2);
  assert_uploaded (f, 0, f->start_path);
  assert_uploaded (f, 1, f->end_path);
  body = json_from_string (f->prompt_body, &error);
  g_mutex_unlock (&f->lock);
  g_assert_no_error (error);

  graph = json_object_get_object_member (json_node_get_object (body), "prompt");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (graph, start_node), "class_type"), ==, "LoadImage");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (graph, end_node), "class_type"), ==, "LoadImage");
  g_assert_cmpstr (json_object_get_string_member (node_inputs (graph, start_node), "image"), ==, "rushes/heron.start.png");
  g_assert_cmpstr (json_object_get_string_member (node_inputs (graph, end_node), "image"), ==, "rushes/heron.end.png");
  return json_object_ref (graph);
}

static const char *
class_of (JsonObject *graph,
          const char *id)
{
  return json_object_get_string_member (json_object_get_object_member (graph, id), "class_type");
}

/* the Wan templates: both loaders feed WanFirstLastFrameToVideo */
static JsonObject *
submit_flf (Fixture    *f,
            const char *template,
            const char *start_node,
            const char *end_node,
            const char *flf_node)
{
  JsonObject *graph = submit_images (f, template, start_node, end_node);

  g_assert_cmpstr (class_of (graph, flf_node), ==, "WanFirstLastFrameToVideo");
  assert_link (graph, flf_node, "start_image", start_node);
  assert_link (graph, flf_node, "end_image", end_node);
  /* the recipe reached the graph too: 3 s at 16 fps → 49 frames (4·k+1) */
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, flf_node), "length"), ==, 49);
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, flf_node), "width"), ==, 832);
  return graph;
}

static void
test_wan21_flf2v (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) graph = submit_flf (f, "wan-2.1-flf2v", "8", "9", "12");

  /* Wan 2.1 FLF2V also conditions on CLIP vision of each image */
  assert_link (graph, "10", "image", "8");
  assert_link (graph, "11", "image", "9");
  assert_link (graph, "12", "clip_vision_start_image", "10");
  assert_link (graph, "12", "clip_vision_end_image", "11");
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, "13"), "seed"), ==, 77);
}

static void
test_wan22_flf (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) graph = submit_flf (f, "wan-2.2-flf", "9", "10", "11");

  /* the high-noise pass takes the seed and the guidance, the low-noise
   * pass the guidance too */
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, "12"), "noise_seed"), ==, 77);
  g_assert_cmpfloat (json_object_get_double_member (node_inputs (graph, "13"), "cfg"), ==, 5.0);
}

/* LTX-Video first+last frame: the start image is a guide at frame 0 and
 * the end image a guide at frame -1 (the last) on the empty latent; the
 * sampler takes the guided latent and the guides are cropped before the
 * decoder. */
static void
test_ltx_flf (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonObject) graph = submit_images (f, "ltx-video-flf", "13", "15");
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (RUSHES_BACKEND (f->backend));
  JsonObject *in;

  g_assert_cmpstr (class_of (graph, "14"), ==, "LTXVAddGuide");
  g_assert_cmpstr (class_of (graph, "16"), ==, "LTXVAddGuide");
  assert_link (graph, "14", "image", "13");
  assert_link (graph, "14", "latent", "6");
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, "14"), "frame_idx"), ==, 0);
  assert_link (graph, "16", "image", "15");
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, "16"), "frame_idx"), ==, -1);
  assert_link_slot (graph, "16", "latent", "14", 2);
  assert_link_slot (graph, "9", "latent_image", "16", 2);
  g_assert_cmpstr (class_of (graph, "17"), ==, "LTXVCropGuides");
  assert_link_slot (graph, "10", "samples", "17", 2);

  /* the recipe: 3 s at 16 fps → 49 frames (8·k+1), 832 a multiple of 32 */
  in = node_inputs (graph, "6");
  g_assert_cmpstr (class_of (graph, "6"), ==, "EmptyLTXVLatentVideo");
  g_assert_cmpint (json_object_get_int_member (in, "length"), ==, 49);
  g_assert_cmpint (json_object_get_int_member (in, "width"), ==, 832);
  g_assert_cmpint (json_object_get_int_member (in, "height"), ==, 480);
  g_assert_cmpint (json_object_get_int_member (node_inputs (graph, "9"), "noise_seed"), ==, 77);
  g_assert_cmpfloat (json_object_get_double_member (node_inputs (graph, "5"), "frame_rate"), ==, 16.0);

  g_assert_true (caps->fields & RUSHES_FIELD_START_IMAGE);
  g_assert_true (caps->fields & RUSHES_FIELD_END_IMAGE);
}

/* Capabilities say who honours what; a workflow that cannot honour an end
 * image (or needs one that is missing) refuses before any request. */
static void
test_refused_before_any_request (Fixture *f, gconstpointer data)
{
  static const struct { const char *template; gboolean start, end; const char *says; } cases[] = {
    { "ltx-video-i2v", TRUE, TRUE, "end image" },    /* start image only */
    { "ltx-video", FALSE, TRUE, "end image" },       /* no image at all */
    { "wan-2.1-flf2v", TRUE, FALSE, "needs" },       /* needs the end image */
    { "wan-2.2-flf", FALSE, TRUE, "needs" },         /* needs the start image */
    { "ltx-video-flf", TRUE, FALSE, "needs" },       /* needs the end image */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RushesRecipe) recipe = make_recipe (f, cases[i].start, cases[i].end);
      g_autoptr(GError) error = NULL;
      g_autofree char *job = g_uuid_string_random ();
      g_autofree char *remote = NULL;
      g_autoptr(GPtrArray) requests = NULL;

      use_template (f, cases[i].template);
      remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job, NULL, NULL, NULL, &error);
      g_assert_null (remote);
      g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      requests = fake_server_get_requests (f->server);
      g_assert_cmpuint (requests->len, ==, 0);
    }

  {
    g_autoptr(RushesCapabilities) caps = NULL;

    use_template (f, "ltx-video-i2v");
    caps = rushes_backend_get_capabilities (RUSHES_BACKEND (f->backend));
    g_assert_true (caps->fields & RUSHES_FIELD_START_IMAGE);
    g_assert_false (caps->fields & RUSHES_FIELD_END_IMAGE);
  }
  {
    g_autoptr(RushesCapabilities) caps = NULL;

    use_template (f, "wan-2.1-flf2v");
    caps = rushes_backend_get_capabilities (RUSHES_BACKEND (f->backend));
    g_assert_true (caps->fields & RUSHES_FIELD_START_IMAGE);
    g_assert_true (caps->fields & RUSHES_FIELD_END_IMAGE);
  }
}

/* An imported first-last-frame workflow: the loader wired to the
 * "end_image" input is guessed as the end image, the other as the start
 * image; --map end_image=… is a field like the others. */
static void
test_guess_end_image (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", "wan-2.1-flf2v.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) graph = NULL;
  g_autoptr(JsonObject) guess = NULL;
  g_autoptr(JsonObject) inputs = json_object_new ();
  JsonObject *entry;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  graph = rushes_comfyui_mapping_parse_graph (text, -1, &error);
  g_assert_no_error (error);
  guess = rushes_comfyui_mapping_guess (graph);
  entry = json_array_get_object_element (json_object_get_array_member (guess, "start_image"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "node"), ==, "8");
  entry = json_array_get_object_element (json_object_get_array_member (guess, "end_image"), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "node"), ==, "9");
  g_assert_cmpstr (json_object_get_string_member (entry, "input"), ==, "image");

  g_assert_true (g_strv_contains (rushes_comfyui_mapping_fields (), "end_image"));
  g_assert_true (rushes_comfyui_mapping_add_spec (graph, inputs, "end_image=9.image", &error));
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (inputs, "end_image"));
}

/* A mapping that sends both images to one loader is refused when it is
 * loaded or imported (the end image would replace the start image), and
 * nothing is saved. */
static void
test_same_input_refused (void)
{
  g_autofree char *graph_path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", "ltx-video-flf.json", NULL);
  g_autofree char *mapping_path = g_test_build_filename (G_TEST_DIST, "..", "data", "workflows", "ltx-video-flf.mapping.json", NULL);
  g_autofree char *graph = NULL;
  g_autofree char *text = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *saved = g_build_filename (g_get_user_data_dir (), "rushes", "workflows", "one-loader.mapping.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) mapping = NULL;
  g_autoptr(RushesComfyuiWorkflow) wf = NULL;
  JsonObject *entry;

  g_assert_true (g_file_get_contents (graph_path, &graph, NULL, &error));
  g_assert_true (g_file_get_contents (mapping_path, &text, NULL, &error));
  wf = rushes_comfyui_workflow_new (graph, -1, text, -1, &error);
  g_assert_no_error (error);
  g_clear_object (&wf);

  mapping = json_from_string (text, &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (mapping), "name", "one-loader");
  entry = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (json_node_get_object (mapping), "inputs"),
                                                                       "end_image"), 0);
  json_object_set_string_member (entry, "node", "13");
  bad = json_to_string (mapping, FALSE);

  wf = rushes_comfyui_workflow_new (graph, -1, bad, -1, &error);
  g_assert_null (wf);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "both the start image and the end image"));
  g_assert_nonnull (strstr (error->message, "“13”"));
  g_clear_error (&error);

  wf = rushes_comfyui_workflow_import (graph, bad, &error);
  g_assert_null (wf);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_assert_false (g_file_test (saved, G_FILE_TEST_EXISTS));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add ("/comfyui-frames/wan21-flf2v", Fixture, NULL, setup, test_wan21_flf2v, teardown);
  g_test_add ("/comfyui-frames/wan22-flf", Fixture, NULL, setup, test_wan22_flf, teardown);
  g_test_add ("/comfyui-frames/ltx-flf", Fixture, NULL, setup, test_ltx_flf, teardown);
  g_test_add ("/comfyui-frames/refused-before-any-request", Fixture, NULL, setup,
              test_refused_before_any_request, teardown);
  g_test_add_func ("/comfyui-frames/guess-end-image", test_guess_end_image);
  g_test_add_func ("/comfyui-frames/same-input-refused", test_same_input_refused);

  return g_test_run ();
}
