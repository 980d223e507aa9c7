/* test-cli-backends.c: `rushes backends …` as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-comfyui-backend.h"
#include "test-common.h"
#include "test-util.h"

#define KEY_VAR "RUSHES_CLI_TEST_KEY"

typedef struct
{
  FakeServer *api;
  char       *config_home;
  char       *base;
} Fixture;

static void
account_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (g_strcmp0 (auth, "Bearer " TEST_CANARY) == 0)
    fake_reply_json (msg, 200, "{\"type\": \"user\", \"username\": \"cli-tester\"}");
  else
    fake_reply_json (msg, 401, "{\"detail\": \"Invalid token.\"}");
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->api = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->api, "/v1/account", account_cb, f);
  fake_server_start (f->api);
  f->base = g_strdup_printf ("%s/v1", fake_server_get_url (f->api));
  f->config_home = g_dir_make_tmp ("rushes-cli-XXXXXX", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->config_home);
  fake_server_free (f->api);
  test_remove_tree (f->config_home);
  g_free (f->config_home);
  g_free (f->base);
}

/* Runs `rushes COMMAND ARGS…`; returns the exit status. */
static int
run_va (Fixture     *f,
        const char  *command,
        const char  *key,
        const char  *stdin_text,
        char       **out,
        char       **err,
        va_list      ap)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  g_autofree char *cache_dir = g_test_build_filename (G_TEST_BUILT, "cli-backends-cache", NULL);
  const char *arg;

  g_ptr_array_add (argv, (char *) g_getenv ("RUSHES_EXE"));
  g_ptr_array_add (argv, (char *) command);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config_home, TRUE);
  /* imported workflows: the test's own data dir */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  /* a lasting cache: GStreamer's registry is built once, not at every run */
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "RUSHES_SECRETS_BACKEND", "memory", TRUE);
  if (key)
    g_subprocess_launcher_setenv (launcher, KEY_VAR, key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, KEY_VAR);

  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text ? stdin_text : "", NULL, &o, &e, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));

  /* keys never show up in what the command prints */
  g_assert_null (strstr (o, TEST_CANARY));
  g_assert_null (strstr (e, TEST_CANARY));
  if (out)
    *out = g_steal_pointer (&o);
  if (err)
    *err = g_steal_pointer (&e);
  return g_subprocess_get_exit_status (proc);
}

/* Runs `rushes backends ARGS…`. */
static int
run (Fixture     *f,
     const char  *key,
     const char  *stdin_text,
     char       **out,
     char       **err,
     ...)
{
  va_list ap;
  int status;

  va_start (ap, err);
  status = run_va (f, "backends", key, stdin_text, out, err, ap);
  va_end (ap);
  return status;
}

/* Runs `rushes workflows ARGS…`. */
static int
run_workflows (Fixture  *f,
               char    **out,
               char    **err,
               ...)
{
  g_autofree char *e = NULL;
  va_list ap;
  int status;

  va_start (ap, err);
  status = run_va (f, "workflows", NULL, NULL, out, &e, ap);
  va_end (ap);
  if (status != 0)
    g_test_message ("exit %d: %s", status, e);
  if (err)
    *err = g_steal_pointer (&e);
  return status;
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, &err, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "replicate", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "replicate", "r", "--url", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "replicate", "r", "--key-env", "1-BAD", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "teleporter", "t", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "replicate", "bad/id", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "test", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "remove", "a", "b", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "list", "extra", NULL), ==, 2);
}

static void
test_add_list_test_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *path = g_build_filename (f->config_home, "rushes", "backends.json", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (run (f, NULL, NULL, &out, &err, "add", "replicate", "my-r8", "--url", f->base,
                        "--key-env", KEY_VAR, "--display-name", "My Replicate", NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, KEY_VAR));
  g_clear_pointer (&out, g_free);

  /* the same name twice: refused */
  g_assert_cmpint (run (f, NULL, NULL, NULL, &err, "add", "fal", "my-r8", NULL), ==, 1);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "my-r8"));
  g_assert_nonnull (strstr (out, "replicate"));
  g_assert_nonnull (strstr (out, "My Replicate"));
  g_assert_nonnull (strstr (out, "$" KEY_VAR));
  g_clear_pointer (&out, g_free);

  /* the key works */
  g_assert_cmpint (run (f, TEST_CANARY, NULL, &out, NULL, "test", "my-r8", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "cli-tester"));
  g_clear_pointer (&out, g_free);

  /* wrong key, missing key: a message, exit 1 */
  g_assert_cmpint (run (f, "r8_wrong", NULL, NULL, &err, "test", "my-r8", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "401"));
  g_assert_null (strstr (err, "r8_wrong"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, NULL, NULL, &err, "test", "my-r8", NULL), ==, 1);
  g_assert_nonnull (strstr (err, KEY_VAR));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "test", "nobody", NULL), ==, 1);

  /* the built-in Sketch backend is always there and needs no server */
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "test", "sketch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "this computer"));
  g_clear_pointer (&out, g_free);

  /* a key given on stdin goes to the keyring, never into the file */
  g_assert_cmpint (run (f, NULL, TEST_CANARY "\n", NULL, NULL, "add", "fal", "my-fal", "--key-stdin", NULL), ==, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "my-fal"));
  g_assert_null (strstr (contents, TEST_CANARY));

  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "remove", "my-r8", NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "remove", "my-r8", NULL), ==, 1);
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "list", NULL), ==, 0);
  g_assert_null (strstr (out, "my-r8"));
  g_assert_nonnull (strstr (out, "my-fal"));
}

/* An API-format workflow ("Export (API)") with a negative prompt. */
static const char api_graph[] =
  "{\"1\": {\"class_type\": \"UNETLoader\", \"inputs\": {\"unet_name\": \"wan.safetensors\", \"weight_dtype\": \"default\"}},"
  " \"2\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"a cat\", \"clip\": [\"9\", 0]}},"
  " \"3\": {\"class_type\": \"CLIPTextEncode\", \"inputs\": {\"text\": \"blurry\", \"clip\": [\"9\", 0]}},"
  " \"4\": {\"class_type\": \"EmptyHunyuanLatentVideo\", \"inputs\": {\"width\": 832, \"height\": 480, \"length\": 33, \"batch_size\": 1}},"
  " \"5\": {\"class_type\": \"KSampler\", \"inputs\": {\"model\": [\"1\", 0], \"positive\": [\"2\", 0], \"negative\": [\"3\", 0],"
  "        \"latent_image\": [\"4\", 0], \"seed\": 7, \"steps\": 30, \"cfg\": 6.0, \"sampler_name\": \"uni_pc\", \"scheduler\": \"simple\", \"denoise\": 1.0}},"
  " \"6\": {\"class_type\": \"VAEDecode\", \"inputs\": {\"samples\": [\"5\", 0], \"vae\": [\"8\", 0]}},"
  " \"7\": {\"class_type\": \"CreateVideo\", \"inputs\": {\"images\": [\"6\", 0], \"fps\": 16.0}},"
  " \"10\": {\"class_type\": \"SaveVideo\", \"inputs\": {\"video\": [\"7\", 0], \"filename_prefix\": \"video/wan\", \"format\": \"auto\", \"codec\": \"auto\"}},"
  " \"8\": {\"class_type\": \"VAELoader\", \"inputs\": {\"vae_name\": \"wan_vae.safetensors\"}},"
  " \"9\": {\"class_type\": \"CLIPLoader\", \"inputs\": {\"clip_name\": \"umt5.safetensors\", \"type\": \"wan\"}}}";

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->config_home, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static char *
read_mapping (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".mapping.json", NULL);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "rushes", "workflows", file, NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return NULL;
  return contents;
}

/* The node a saved mapping gives a field first, or NULL. */
static char *
mapped_node (const char *name,
             const char *field)
{
  g_autofree char *text = read_mapping (name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *inputs;
  JsonArray *list;

  g_assert_nonnull (text);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  inputs = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "inputs");
  if (!json_object_has_member (inputs, field))
    return NULL;
  list = json_object_get_array_member (inputs, field);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (list, 0), "node"));
}

static void
test_workflows_import_list (Fixture *f, gconstpointer data)
{
  g_autofree char *graph = write_file (f, "My Wan (api).json", api_graph);
  g_autofree char *ui = write_file (f, "editor.json", "{\"last_node_id\": 9, \"nodes\": [], \"links\": [], \"version\": 0.4}");
  g_autofree char *junk = write_file (f, "junk.json", "ComfyUI workflow, I promise");
  g_autofree char *missing = g_build_filename (f->config_home, "absent.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *node = NULL;

  /* no --map: the import dialog's guesses, printed */
  g_assert_cmpint (run_workflows (f, &out, &err, "import", graph, NULL), ==, 0);
  g_test_message ("%s%s", out, err);
  g_assert_nonnull (strstr (out, "“My-Wan-api”"));
  g_assert_nonnull (strstr (out, "prompt           2 · CLIPTextEncode · text"));
  g_assert_nonnull (strstr (out, "negative_prompt  3 · CLIPTextEncode · text"));
  g_assert_nonnull (strstr (out, "seed             5 · KSampler · seed"));
  g_assert_nonnull (strstr (out, "frames           4 · EmptyHunyuanLatentVideo · length"));
  g_assert_nonnull (strstr (out, "fps              7 · CreateVideo · fps"));
  g_assert_nonnull (strstr (out, "start_image      (not used)"));
  node = mapped_node ("My-Wan-api", "prompt");
  g_assert_cmpstr (node, ==, "2");
  g_clear_pointer (&node, g_free);
  node = mapped_node ("My-Wan-api", "guidance");
  g_assert_cmpstr (node, ==, "5");
  g_clear_pointer (&node, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_workflows (f, &out, NULL, "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "My-Wan-api\tMy-Wan-api"));
  g_assert_nonnull (strstr (out, "ltx-video\tLTX-Video"));
  g_clear_pointer (&out, g_free);

  /* the name exists: refused, nothing overwritten */
  before = read_mapping ("My-Wan-api");
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--map", "prompt=3.text", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "ltx-video", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  after = read_mapping ("My-Wan-api");
  g_assert_cmpstr (before, ==, after);

  /* explicit --map: exactly what was named */
  g_assert_cmpint (run_workflows (f, &out, &err, "import", graph, "--name", "mine", "--display-name", "Mine",
                                  "--map", "prompt=3.text", "--map", "seed=5.seed", "--map", "fps=7.fps", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "prompt           3 · CLIPTextEncode · text"));
  g_assert_nonnull (strstr (out, "width            (not used)"));
  node = mapped_node ("mine", "prompt");
  g_assert_cmpstr (node, ==, "3");
  g_clear_pointer (&node, g_free);
  node = mapped_node ("mine", "width");
  g_assert_null (node);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* bad --map: exit 2, saying what the workflow has; nothing saved */
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "prompt=42.text", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no node “42”"));
  g_assert_nonnull (strstr (err, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "seed=5.noise_seed", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "no input “noise_seed”"));
  g_assert_nonnull (strstr (err, "seed"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "prompt=5.positive", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "connected"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "colour=2.text", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "prompt", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "other", "--map", "seed=5.seed", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "prompt"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", graph, "--name", "../evil", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_null (read_mapping ("other"));

  /* bad files: exit 1 with a clear message */
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", ui, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Export (API)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", junk, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not valid JSON"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_workflows (f, NULL, &err, "import", missing, NULL), ==, 1);
  g_assert_null (read_mapping ("editor"));
  g_assert_null (read_mapping ("junk"));

  /* usage */
  g_assert_cmpint (run_workflows (f, NULL, NULL, NULL), ==, 2);
  g_assert_cmpint (run_workflows (f, NULL, NULL, "import", NULL), ==, 2);
  g_assert_cmpint (run_workflows (f, NULL, NULL, "import", graph, "--frobnicate", NULL), ==, 2);
  g_assert_cmpint (run_workflows (f, NULL, NULL, "import", graph, "--map", NULL), ==, 2);
  g_assert_cmpint (run_workflows (f, NULL, NULL, "list", "extra", NULL), ==, 2);
}

static void
test_add_with_workflow (Fixture *f, gconstpointer data)
{
  g_autofree char *graph = write_file (f, "mine.json", api_graph);
  g_autofree char *path = g_build_filename (f->config_home, "rushes", "backends.json", NULL);
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  RushesBackend *backend;

  g_assert_cmpint (run_workflows (f, NULL, NULL, "import", graph, NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, &out, &err, "add", "comfyui", "studio", "--url", "http://127.0.0.1:8188",
                        "--workflow", "mine", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "workflow mine"));
  g_clear_pointer (&out, g_free);

  /* the backend really runs the imported workflow */
  rushes_backend_kinds_register_all ();
  registry = rushes_backend_registry_new (path);
  g_assert_true (rushes_backend_registry_load (registry, &error));
  g_assert_no_error (error);
  backend = rushes_backend_registry_lookup (registry, "studio");
  g_assert_nonnull (backend);
  workflow = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));
  g_assert_cmpstr (rushes_comfyui_workflow_get_name (workflow), ==, "mine");

  /* an unknown workflow, or one for another kind: exit 2, nothing added */
  g_assert_cmpint (run (f, NULL, NULL, NULL, &err, "add", "comfyui", "other", "--url", "http://127.0.0.1:8188",
                        "--workflow", "nope", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nope"));
  g_assert_nonnull (strstr (err, "rushes workflows list"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "fal", "other", "--workflow", "mine", NULL), ==, 2);
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "list", NULL), ==, 0);
  g_assert_null (strstr (out, "other"));
}

static void
test_models (Fixture *f, gconstpointer data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *ltx;

  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "add", "replicate", "my-r8", "--url", f->base,
                        "--key-env", KEY_VAR, "--model", "lightricks/ltx-video", NULL), ==, 0);
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "models", "my-r8", NULL), ==, 0);

  /* every model, the configured one marked, each with its own terms */
  g_assert_nonnull (strstr (out, "wan-video/wan-2.2-t2v-fast\tWan 2.2 text-to-video (fast)\n"
                                 "  sizes: one of 832×480 (default), 480×832, 1280×720, 720×1280\n"
                                 "  fps: between 5 and 24 (default 16)\n"
                                 "  length: between 5.06 and 6.25 s at 16 fps (81 to 100 frames) (default 5.06 s, 81 frames)\n"));
  g_assert_nonnull (strstr (out, "wan-video/wan-2.1-1.3b\t"));
  g_assert_nonnull (strstr (out, "wavespeedai/wan-2.1-t2v-480p\t"));
  ltx = strstr (out, "lightricks/ltx-video *\tLTX-Video\n");
  g_assert_nonnull (ltx);
  g_assert_nonnull (strstr (ltx, "  sizes: one of 640×426 (default), 640×360, 360×640, 640×640\n"
                                 "  fps: 24 only\n"));
  g_assert_nonnull (strstr (ltx, "  steps: between 1 and 50 (default 30)\n  guidance: between 0 and 20 (default 3)\n"));
  g_clear_pointer (&out, g_free);

  /* a backend without a list of models: its own terms */
  g_assert_cmpint (run (f, NULL, NULL, &out, NULL, "models", "sketch", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "sizes: at most 1920×1080"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run (f, NULL, NULL, NULL, &err, "models", "nobody", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no backend with that name"));
  g_assert_cmpint (run (f, NULL, NULL, NULL, NULL, "models", NULL), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli-backends/usage", Fixture, NULL, fixture_setup, test_usage, fixture_teardown);
  g_test_add ("/cli-backends/add-list-test-remove", Fixture, NULL, fixture_setup, test_add_list_test_remove,
              fixture_teardown);
  g_test_add ("/cli-workflows/import-list", Fixture, NULL, fixture_setup, test_workflows_import_list, fixture_teardown);
  g_test_add ("/cli-backends/add-with-workflow", Fixture, NULL, fixture_setup, test_add_with_workflow, fixture_teardown);
  g_test_add ("/cli-backends/models", Fixture, NULL, fixture_setup, test_models, fixture_teardown);

  return g_test_run ();
}
