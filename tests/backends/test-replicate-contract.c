/* test-replicate-contract.c: the Replicate client against a mock generated
 * from Replicate's own OpenAPI document (Prism, --errors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prism answers every request the spec rejects (unknown body keys, missing
 * "version", bad path, no bearer token …) with a 4xx problem document; the
 * client turns those into errors, so each operation below must succeed.
 * Prism's own log is scanned for validator complaints as well.
 *
 * Env: RUSHES_PRISM (the prism executable), RUSHES_REPLICATE_SPEC (the spec
 * copy in tests/contract/). Skipped only when prism is not installed
 * (npm ci --prefix tests/contract).
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "rushes-secrets.h"
#include "rushes-hosted-common.h"
#include "rushes-replicate-backend.h"

#define CANARY "r8_contract-canary-9d2e"
#define JOB_A  "1d0c6a3e-aaaa-4b2b-8c3d-0123456789ab"
#define JOB_B  "1d0c6a3e-bbbb-4b2b-8c3d-0123456789ab"
#define JOB_C  "1d0c6a3e-cccc-4b2b-8c3d-0123456789ab"

typedef struct
{
  GSubprocess *prism;
  char        *dir;
  char        *log_path;
  char        *base;
} Fixture;

static guint
free_port (void)
{
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
port_open (guint port)
{
  /* a plain socket: GSocketClient would consult the proxy settings */
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, port);

  return g_socket_connect (sock, addr, NULL, NULL);
}

static const char *
prism_path (void)
{
  const char *env = g_getenv ("RUSHES_PRISM");

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return env;
  return NULL;
}

static gboolean
fixture_start (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GError) error = NULL;
  g_autofree char *port_str = NULL;
  const char *spec = g_getenv ("RUSHES_REPLICATE_SPEC");
  guint port;

  g_assert_nonnull (spec);
  g_assert_true (g_file_test (spec, G_FILE_TEST_EXISTS));

  f->dir = g_dir_make_tmp ("rushes-contract-XXXXXX", &error);
  g_assert_no_error (error);
  f->log_path = g_build_filename (f->dir, "prism.log", NULL);
  port = free_port ();
  port_str = g_strdup_printf ("%u", port);
  f->base = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_subprocess_launcher_set_stdout_file_path (launcher, f->log_path);
  f->prism = g_subprocess_launcher_spawn (launcher, &error, prism_path (), "mock", spec,
                                          "-h", "127.0.0.1", "-p", port_str, "--errors", NULL);
  g_assert_no_error (error);

  /* Prism needs a few seconds to read the spec (longer on a busy machine) */
  for (guint i = 0; i < 1200; i++)
    {
      if (port_open (port))
        return TRUE;
      if (g_subprocess_get_identifier (f->prism) == NULL)
        break;
      g_usleep (100 * 1000);
    }

  {
    g_autofree char *log = NULL;

    g_file_get_contents (f->log_path, &log, NULL, NULL);
    g_printerr ("prism did not start:\n%s\n", log ? log : "");
  }
  return FALSE;
}

static void
fixture_stop (Fixture *f)
{
  if (f->prism != NULL)
    {
      g_subprocess_send_signal (f->prism, SIGTERM);
      g_subprocess_wait (f->prism, NULL, NULL);
      g_clear_object (&f->prism);
    }
  if (f->log_path)
    g_unlink (f->log_path);
  g_free (f->log_path);
  if (f->dir)
    {
      g_autoptr(GDir) d = g_dir_open (f->dir, 0, NULL);
      const char *name;

      /* submissions/<hash>/<job>.json */
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *sub = g_build_filename (f->dir, name, NULL);
          g_autoptr(GDir) d2 = g_dir_open (sub, 0, NULL);
          const char *n2;

          while (d2 != NULL && (n2 = g_dir_read_name (d2)) != NULL)
            {
              g_autofree char *sub2 = g_build_filename (sub, n2, NULL);
              g_autoptr(GDir) d3 = g_dir_open (sub2, 0, NULL);
              const char *n3;

              while (d3 != NULL && (n3 = g_dir_read_name (d3)) != NULL)
                {
                  g_autofree char *file = g_build_filename (sub2, n3, NULL);
                  g_unlink (file);
                }
              g_rmdir (sub2);
            }
          g_rmdir (sub);
        }
      g_rmdir (f->dir);
    }
  g_free (f->dir);
  g_free (f->base);
}

/* Prism's log names every request that violated the spec */
static void
assert_no_violations (Fixture *f)
{
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  guint requests = 0;

  g_assert_true (g_file_get_contents (f->log_path, &log, NULL, NULL));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "[HTTP SERVER]") != NULL && strstr (lines[i], "Request received") != NULL)
        requests++;
      if (strstr (lines[i], "[VALIDATOR]") != NULL &&
          (strstr (lines[i], "error") != NULL || strstr (lines[i], "✖") != NULL))
        g_error ("Prism rejected a request: %s", lines[i]);
      if (strstr (lines[i], "Request terminated with error") != NULL)
        g_error ("Prism rejected a request: %s", lines[i]);
    }
  g_assert_cmpuint (requests, >, 0);

  /* every operation the client uses was exercised */
  {
    const char *expected[] = {
      "post /models/wan-video/wan-2.2-t2v-fast/predictions", "post /predictions ", "get /predictions/",
      "post /predictions/", "get /predictions ", "post /files", "get /account", "get /models/wan-video/",
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      if (strstr (log, expected[i]) == NULL)
        g_error ("Prism never saw “%s”", expected[i]);
  }
}

static RushesBackend *
make_backend (Fixture *f, const char *models_file, const char *model)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  RushesBackend *backend;

  json_object_set_string_member (config, "id", "contract");
  json_object_set_string_member (config, "url", f->base);
  json_object_set_string_member (config, "state_dir", f->dir);
  if (models_file)
    json_object_set_string_member (config, "models_file", models_file);
  json_object_set_string_member (config, "model", model);
  backend = rushes_replicate_backend_new_from_config (config, &error);
  g_assert_no_error (error);
  return backend;
}

static RushesRecipe *
recipe_for (const char *model)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "a paper boat drifting across a calm pond");
  rushes_recipe_set_model (recipe, model);
  rushes_recipe_set_seconds (recipe, 5.0625);
  rushes_recipe_set_fps (recipe, 16);
  rushes_recipe_set_width (recipe, 832);
  rushes_recipe_set_height (recipe, 480);
  rushes_recipe_set_seed (recipe, 42);
  return recipe;
}

static void
test_contract (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *models_file = NULL;
  g_autoptr(RushesBackend) official = NULL;
  g_autoptr(RushesBackend) versioned = NULL;
  g_autoptr(RushesBackend) automatic = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(RushesRecipe) recipe_v = NULL;
  g_autofree char *id = NULL;
  g_autofree char *id_v = NULL;
  g_autofree char *message = NULL;
  g_autofree char *record_path = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autofree char *found = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  const char *mapping =
    "{\"format\": 1, \"kind\": \"replicate\", \"models\": ["
    " {\"id\": \"wan-video/wan-2.2-t2v-fast\", \"endpoint\": \"models\","
    "  \"inputs\": {\"prompt\": \"prompt\", \"seed\": \"seed\", \"frames\": {\"input\": \"num_frames\", \"min\": 81, \"max\": 100},"
    "              \"fps\": {\"input\": \"frames_per_second\", \"min\": 5, \"max\": 24}},"
    "  \"sizes\": [{\"width\": 832, \"height\": 480, \"inputs\": {\"aspect_ratio\": \"16:9\"}}]},"
    " {\"id\": \"lightricks/ltx-video\", \"endpoint\": \"8c47da666861d081eeb4d1261853087de23923a268a69b63febdf5dc1dee08e4\","
    "  \"inputs\": {\"prompt\": \"prompt\", \"seed\": \"seed\", \"image\": \"image\", \"frames\": {\"input\": \"length\", \"min\": 9, \"max\": 257},"
    "              \"fps\": {\"input\": \"fps\", \"min\": 5, \"max\": 24}},"
    "  \"sizes\": [{\"width\": 832, \"height\": 480, \"inputs\": {\"aspect_ratio\": \"16:9\"}}]}]}";

  if (prism_path () == NULL)
    {
      g_test_skip ("prism is not installed: run `npm ci --prefix tests/contract` to enable the Replicate contract test");
      return;
    }

  g_assert_true (fixture_start (&f));
  models_file = g_build_filename (f.dir, "models.json", NULL);
  g_assert_true (g_file_set_contents (models_file, mapping, -1, NULL));

  /* create on the models endpoint (no "version" allowed), get, cancel */
  official = make_backend (&f, models_file, "wan-video/wan-2.2-t2v-fast");
  recipe = recipe_for ("wan-video/wan-2.2-t2v-fast");
  id = rushes_backend_submit (official, recipe, JOB_A, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);

  g_assert_true (rushes_backend_poll (official, id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rushes_backend_cancel (official, id, NULL, &error));
  g_assert_no_error (error);

  /* create with a pinned version (POST /predictions) */
  versioned = make_backend (&f, models_file, "lightricks/ltx-video");
  recipe_v = recipe_for ("lightricks/ltx-video");
  id_v = rushes_backend_submit (versioned, recipe_v, JOB_B, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id_v);

  /* a start image over 256 KB is uploaded first (POST /files, multipart) */
  {
    g_autofree char *image_path = g_build_filename (f.dir, "start.png", NULL);
    g_autofree char *big = g_malloc0 (300 * 1024);
    g_autofree char *id_i = NULL;

    memcpy (big, "\x89PNG\r\n\x1a\n", 8);
    g_assert_true (g_file_set_contents (image_path, big, 300 * 1024, NULL));
    rushes_recipe_set_start_image (recipe_v, image_path);
    id_i = rushes_backend_submit (versioned, recipe_v, "1d0c6a3e-eeee-4b2b-8c3d-0123456789ab", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (id_i);
    g_unlink (image_path);
  }

  /* list: a job cut off inside submit is looked for in GET /predictions */
  record_path = _rushes_hosted_record_path (f.dir, "contract", JOB_C);
  record = json_object_new ();
  input = json_object_new ();
  json_object_set_string_member (input, "prompt", "never created");
  json_object_set_string_member (record, "job_id", JOB_C);
  json_object_set_string_member (record, "model", "wan-video/wan-2.2-t2v-fast");
  json_object_set_object_member (record, "input", g_steal_pointer (&input));
  json_object_set_int_member (record, "sent_at", g_get_real_time () / G_USEC_PER_SEC);
  g_assert_true (_rushes_hosted_record_write (record_path, record, &error));
  found = rushes_backend_lookup (official, JOB_C, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);   /* Prism's example predictions have other inputs */

  /* model lookup (GET /models/{owner}/{name}) and the key check (GET /account) */
  automatic = make_backend (&f, NULL, "wan-video/wan-2.2-t2v-fast");
  message = rushes_replicate_backend_test (RUSHES_REPLICATE_BACKEND (automatic), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  {
    g_autofree char *auto_id = rushes_backend_submit (automatic, recipe, "1d0c6a3e-dddd-4b2b-8c3d-0123456789ab",
                                                      NULL, NULL, NULL, &error);
    /* Prism's model example may lack a usable latest_version: then a
     * protocol error is fine, a spec violation is not */
    if (auto_id == NULL)
      {
        g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
        g_clear_error (&error);
      }
  }

  assert_no_violations (&f);

  /* the harness notices a request the spec rejects: a create without
   * "version" and with an unknown key gets Prism's 422 */
  {
    g_autoptr(RushesHttpClient) client = rushes_http_client_new ();
    g_autoptr(JsonNode) body = json_from_string ("{\"input\": {}, \"versionx\": \"1\"}", NULL);
    g_autoptr(JsonNode) answer = NULL;
    g_autofree char *url = g_strconcat (f.base, "/predictions", NULL);
    guint code = 0;

    g_assert_true (rushes_http_client_add_credential_for_url (client, f.base, "Authorization", "Bearer x", NULL));
    answer = rushes_http_client_request_json (client, "POST", url, body, RUSHES_HTTP_FLAGS_NO_RETRY,
                                              &code, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (code, ==, 422);
  }

  fixture_stop (&f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  rushes_secrets_store_sync ("contract", NULL, CANARY, NULL, NULL);

  g_test_add_func ("/replicate-contract/predictions", test_contract);

  return g_test_run ();
}
