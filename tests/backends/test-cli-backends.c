/* test-cli-backends.c: `rushes backends …` as a user runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <glib/gstdio.h>

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

/* Runs `rushes backends ARGS…`; returns the exit status. */
static int
run (Fixture     *f,
     const char  *key,
     const char  *stdin_text,
     char       **out,
     char       **err,
     ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDIN_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("RUSHES_EXE"));
  g_ptr_array_add (argv, "backends");
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", f->config_home, TRUE);
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
  g_test_add ("/cli-backends/models", Fixture, NULL, fixture_setup, test_models, fixture_teardown);

  return g_test_run ();
}
