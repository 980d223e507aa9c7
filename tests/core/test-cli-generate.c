/* test-cli-generate.c: `rushes generate` as a child process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs $RUSHES_EXE with this test's isolated HOME and XDG folders (set by
 * G_TEST_OPTION_ISOLATE_DIRS and inherited by the child).
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fake-server.h"
#include "media-fixtures.h"
#include "test-util.h"
#include "rushes-recipe.h"

static const char *
exe (void)
{
  const char *path = g_getenv ("RUSHES_EXE");

  g_assert_nonnull (path);
  return path;
}

/* GLib's isolated folders are per test case and not in our environment:
 * hand them to the child explicitly */
static char **
child_env (void)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  env = g_environ_unsetenv (env, "XDG_VIDEOS_DIR");
  return env;
}

/* argv after "rushes generate"; NULL-terminated */
static int
run_generate (char       **out,
              char       **err,
              const char  *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *child_out = NULL;
  g_autofree char *child_err = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) exe ());
  g_ptr_array_add (argv, (char *) "generate");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_auto(GStrv) env = child_env ();

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &child_out, &child_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", child_err);
  if (out)
    *out = g_steal_pointer (&child_out);
  if (err)
    *err = g_steal_pointer (&child_err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
test_dir (const char *name)
{
  char *dir = g_build_filename (g_get_home_dir (), name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static guint
count_entries (const char *dir,
               const char *suffix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  /* with a suffix: visible files only (staging files are hidden) */
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (suffix == NULL || (name[0] != '.' && g_str_has_suffix (name, suffix)))
      n++;
  return n;
}

static void
test_usage (void)
{
  g_autofree char *dir = test_dir ("usage");
  g_autofree char *out = g_build_filename (dir, "x.webm", NULL);
  g_autofree char *avi = g_build_filename (dir, "x.avi", NULL);
  g_autofree char *err = NULL;
  g_autofree char *help = NULL;

  g_assert_cmpint (run_generate (NULL, &err, "--output", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--prompt"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--output"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--library", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--fps", "0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "fps must be between 1 and 120 (got 0)"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--seconds", "600", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "seconds"));
  g_assert_nonnull (strstr (err, "60"));
  g_clear_pointer (&err, g_free);

  /* fine in general, beyond the Sketch backend */
  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--size", "3840x2160", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "size"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--size", "wide", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--size"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", avi, NULL), ==, 2);
  g_assert_nonnull (strstr (err, ".webm"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "x", "--output", out, "--backend", "nowhere", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "nowhere"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_generate (&help, NULL, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (help, "--variations"));

  /* nothing was written by any of these */
  g_assert_cmpuint (count_entries (dir, NULL), ==, 0);
}

static void
check_output (const char   *path,
              const guint8 *magic,
              gsize         magic_len,
              gsize         offset)
{
  g_autofree char *contents = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *json = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  char *dot;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, offset + magic_len);
  g_assert_cmpmem (contents + offset, magic_len, magic, magic_len);

  sidecar = g_strdup (path);
  dot = strrchr (sidecar, '.');
  *dot = '\0';
  json = g_strconcat (sidecar, ".rushes.json", NULL);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  recipe = rushes_recipe_new_from_json (contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "a paper boat on a pond");
  g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 160);
  g_assert_cmpint (rushes_recipe_get_seed (recipe), >=, 0);
}

static void
test_output_webm (void)
{
  static const guint8 ebml[] = { 0x1a, 0x45, 0xdf, 0xa3 };
  g_autofree char *dir = test_dir ("webm");
  g_autofree char *out = g_build_filename (dir, "boat.webm", NULL);
  g_autofree char *stdout_text = NULL;

  g_assert_cmpint (run_generate (&stdout_text, NULL, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--fps", "12", "--output", out, NULL), ==, 0);
  g_assert_nonnull (strstr (stdout_text, out));
  check_output (out, ebml, sizeof ebml, 0);
  /* the take and its sidecar only */
  g_assert_cmpuint (count_entries (dir, NULL), ==, 2);
}

static void
test_output_mp4 (void)
{
  g_autofree char *dir = test_dir ("mp4");
  g_autofree char *out = g_build_filename (dir, "boat.mp4", NULL);

  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--fps", "12", "--output", out, NULL), ==, 0);
  check_output (out, (const guint8 *) "ftyp", 4, 4);
  g_assert_cmpuint (count_entries (dir, NULL), ==, 2);
}

static void
test_output_unwritable (void)
{
  g_autofree char *dir = test_dir ("unwritable");
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *out = g_build_filename (blocker, "boat.webm", NULL);
  g_autofree char *err = NULL;

  /* a file where the folder should be: unwritable even for root */
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--output", out, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Not a directory"));
  g_assert_cmpuint (count_entries (dir, NULL), ==, 1);
}

static gboolean
journal_says_running (const char *jobs_dir)
{
  g_autoptr(GDir) d = g_dir_open (jobs_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (jobs_dir, name, NULL);
      if (g_file_get_contents (path, &contents, NULL, NULL) &&
          strstr (contents, "\"running\"") != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_resume_after_sigkill (void)
{
  g_autofree char *library = g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  const char *argv[] = { exe (), "generate", "--prompt", "a train crossing a bridge at dusk",
                         "--seconds", "20", "--size", "640x480", "--seed", "11", "--library", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  GPid pid;
  int status;

  g_auto(GStrv) env = child_env ();

  g_assert_true (g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD |
                                G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);

  /* wait until it is rendering (about 2 s of work), then let it get some
   * way in. No wall-clock limit: on a loaded machine the child's start-up
   * alone (a fresh GStreamer registry) can take longer than any fixed
   * figure; the child dying early fails the test, a hang hits the meson
   * timeout. */
  while (!journal_says_running (jobs_dir))
    {
      g_assert_cmpint (waitpid (pid, &status, WNOHANG), ==, 0);
      g_usleep (20000);
    }
  g_usleep (150000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFSIGNALED (status));

  /* cut off mid-render: no take yet, but the job is journalled */
  g_assert_cmpuint (count_entries (library, ".webm"), ==, 0);
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 1);

  /* the same command again finishes it, once */
  g_assert_cmpint (run_generate (&out, &err, "--prompt", "a train crossing a bridge at dusk",
                                 "--seconds", "20", "--size", "640x480", "--seed", "11", "--library", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "resuming 1"));
  g_assert_cmpuint (count_entries (library, ".webm"), ==, 1);
  g_assert_cmpuint (count_entries (library, ".rushes.json"), ==, 1);
  /* nothing else, no leftover staging file */
  g_assert_cmpuint (count_entries (library, NULL), ==, 2);
  g_assert_nonnull (strstr (out, "_sketch-default_11_"));
  /* a whole clip, not the start of one */
  {
    g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");
    g_autofree char *path = g_strstrip (g_strdup (out));
    g_autofree char *duration = NULL;
    const char *probe[] = { "ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", path, NULL };

    if (ffprobe != NULL)
      {
        g_assert_true (g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     &duration, NULL, &status, NULL));
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 20.0, 0.1);
      }
  }
  /* and nothing left to resume */
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
}

static void
run_disk_full (gboolean library)
{
  g_autofree char *dir = library ? g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL)
                                 : test_dir ("full");
  g_autofree char *dest = library ? g_strdup ("--library") : g_strdup_printf ("--output '%s/river.webm'", dir);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "unshare", "-rm", "sh", "-c", NULL, NULL };
  g_auto(GStrv) env = child_env ();
  g_autofree char *unshare = g_find_program_in_path ("unshare");

  if (unshare == NULL ||
      !g_spawn_command_line_sync ("unshare -rm true", NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("needs unshare -rm to mount a small tmpfs");
      return;
    }

  /* a 16 KiB file system as the destination (the take needs more), seen
   * only by the child */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  /* "mounted" on stdout tells a failing unshare (exit 1 too, with its own
   * message: ENOMEM, ENOSPC for too many namespaces…) from rushes failing */
  script = g_strdup_printf ("mount -t tmpfs -o size=16k tmpfs '%s' || exit 77; echo mounted; "
                            "'%s' generate --prompt 'a long river' --seconds 3 --size 320x240 %s; "
                            "rc=$?; ls -A '%s'; exit $rc",
                            dir, exe (), dest, dir);
  argv[4] = script;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("cannot mount a tmpfs here");
      return;
    }
  if (!g_str_has_prefix (out, "mounted\n"))
    {
      /* the sandbox, not rushes, failed: unshare -rm worked a moment ago */
      g_autofree char *message = g_strdup_printf ("unshare -rm failed this time: %s", err);

      g_test_skip (message);
      return;
    }
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  /* reported by rushes itself, when saving the take */
  g_assert_nonnull (strstr (err, "rushes generate: Could not save the take"));
  g_assert_nonnull (strstr (err, "No space left on device"));
  /* nothing half-written left in the folder */
  g_assert_cmpstr (out + strlen ("mounted\n"), ==, "");
}

static void
test_disk_full_output (void)
{
  run_disk_full (FALSE);
}

static void
test_disk_full_library (void)
{
  run_disk_full (TRUE);
}

/* ---- a paid backend that goes silent, a disk that fills up: `rushes jobs` ---- */

#define R8_KEY_ENV "RUSHES_TEST_R8_KEY"
#define R8_MODEL   "wan-video/wan-2.2-t2v-fast"

/* A fake Replicate: creates answer at once, status checks say "succeeded"
 * with a file on the same server, unless told to keep silent (take the
 * request, never answer). */
typedef struct
{
  GMutex      lock;
  FakeServer *server;
  char       *config;       /* backends file */
  GBytes     *video;
  GPtrArray  *held;         /* SoupServerMessage never answered */
  guint       n_preds;
  gboolean    silent_polls;
} R8;

static void
r8_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  R8 *r8 = data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *pred = NULL;

  g_mutex_lock (&r8->lock);
  if (g_str_has_prefix (path, "/files/"))
    fake_reply_bytes (msg, 200, "video/mp4", r8->video);
  else if (g_str_equal (path, "/v1/models/" R8_MODEL))
    fake_reply_json (msg, 200, "{\"owner\": \"wan-video\", \"name\": \"wan-2.2-t2v-fast\", \"is_official\": true}");
  else if (g_str_equal (method, "POST") && g_str_equal (path, "/v1/models/" R8_MODEL "/predictions"))
    {
      pred = g_strdup_printf ("{\"id\": \"pred%04uxyz\", \"status\": \"starting\", \"input\": {}, \"output\": null}",
                              ++r8->n_preds);
      fake_reply_json (msg, 201, pred);
    }
  else if (g_str_equal (method, "POST") && g_str_has_suffix (path, "/cancel"))
    fake_reply_json (msg, 200, "{\"id\": \"pred0001xyz\", \"status\": \"canceled\", \"output\": null}");
  else if (g_str_has_prefix (path, "/v1/predictions/") && r8->silent_polls)
    {
      /* accepted, never answered */
      soup_server_message_pause (msg);
      g_ptr_array_add (r8->held, g_object_ref (msg));
    }
  else if (g_str_has_prefix (path, "/v1/predictions/"))
    {
      pred = g_strdup_printf ("{\"id\": \"%s\", \"status\": \"succeeded\", \"input\": {}, \"logs\": \"\","
                              " \"output\": \"%s/files/out.mp4\"}",
                              path + strlen ("/v1/predictions/"), fake_server_get_url (server));
      fake_reply_json (msg, 200, pred);
    }
  else
    fake_reply_json (msg, 404, "{\"detail\": \"Not found.\"}");
  g_mutex_unlock (&r8->lock);
}

static R8 *
r8_new (gsize video_size)
{
  R8 *r8 = g_new0 (R8, 1);
  guint8 *bytes = g_malloc (MAX (video_size, 1024 * 1024));
  g_autofree char *json = NULL;

  /* before any thread starts (setenv is not thread-safe) */
  r8->config = g_build_filename (g_get_home_dir (), "backends.json", NULL);
  g_setenv ("RUSHES_BACKENDS_FILE", r8->config, TRUE);
  g_setenv (R8_KEY_ENV, "r8-test-key", TRUE);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);

  /* a real MP4 (takes are named and tagged by what their bytes are),
   * padded to video_size with a trailing "free" box when it is smaller */
  {
    g_autoptr(GBytes) mp4 = media_fixture_small_mp4 ();
    gsize length = g_bytes_get_size (mp4);

    if (length + 8 > video_size)
      video_size = length;
    memset (bytes, 0, video_size);
    memcpy (bytes, g_bytes_get_data (mp4, NULL), length);
    if (video_size > length)
      {
        guint32 box = GUINT32_TO_BE ((guint32) (video_size - length));

        memcpy (bytes + length, &box, 4);
        memcpy (bytes + length + 4, "free", 4);
      }
  }
  r8->video = g_bytes_new_take (bytes, video_size);
  g_mutex_init (&r8->lock);
  r8->held = g_ptr_array_new_with_free_func (g_object_unref);
  r8->server = fake_server_new ("127.0.0.1");
  fake_server_add_handler (r8->server, "/*", r8_cb, r8);
  fake_server_start (r8->server);

  json = g_strdup_printf ("{\"default\": \"sketch\", \"backends\": [{\"id\": \"paid\", \"kind\": \"replicate\","
                          " \"url\": \"%s/v1\", \"key_env\": \"" R8_KEY_ENV "\", \"model\": \"" R8_MODEL "\"}]}",
                          fake_server_get_url (r8->server));
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (r8->config, json, -1, NULL));
  return r8;
}

static gboolean
r8_release_cb (gpointer data)
{
  R8 *r8 = data;

  for (guint i = 0; i < r8->held->len; i++)
    {
      SoupServerMessage *msg = g_ptr_array_index (r8->held, i);

      fake_reply_text (msg, 500, "text/plain", "gone");
      soup_server_message_unpause (msg);
    }
  g_ptr_array_set_size (r8->held, 0);
  return G_SOURCE_REMOVE;
}

static void
r8_free (R8 *r8)
{
  fake_server_invoke_sync (r8->server, r8_release_cb, r8);
  fake_server_free (r8->server);
  g_ptr_array_unref (r8->held);
  g_bytes_unref (r8->video);
  g_free (r8->config);
  g_mutex_clear (&r8->lock);
  g_free (r8);
}

static int
run_rushes (char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = child_env ();
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) exe ());
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err ? *err : "");
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
only_job_id (void)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_cmpint (run_rushes (&out, NULL, "jobs", "list", "--json", NULL), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (array, 0), "id"));
}

static const char *
entry_member (const char *member)
{
  static char *value;
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *entry;

  g_assert_cmpint (run_rushes (&out, NULL, "jobs", "list", "--json", NULL), ==, 0);
  root = json_from_string (out, NULL);
  entry = json_array_get_object_element (json_node_get_array (root), 0);
  g_free (value);
  value = g_strdup (json_object_get_string_member_with_default (entry, member, ""));
  return value;
}

static void
test_silent_server_wait_limit (void)
{
  R8 *r8 = r8_new (3000);
  g_autofree char *dir = test_dir ("silent");
  g_autofree char *dest = g_build_filename (dir, "fox.mp4", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *resume = NULL;
  gint64 start = g_get_monotonic_time ();

  /* created (paid), then the server takes the status checks and never
   * answers: the command says so and gives up after --wait-limit. Each
   * request may take a quarter of it, the create too: under load on CI,
   * 6 s gave the create 1.5 s, it timed out before the fake server's
   * answer, and the job failed as one that may or may not exist */
  r8->silent_polls = TRUE;
  g_assert_cmpint (run_generate (&out, &err, "--backend", "paid", "--prompt", "a red fox", "--seconds", "5.0625",
                                 "--fps", "16", "--size", "832x480", "--seed", "7", "--output", dest,
                                 "--wait-limit", "16s", NULL), ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 16 * G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 40 * G_USEC_PER_SEC);
  g_assert_nonnull (strstr (err, "did not answer within 4 s"));
  g_assert_nonnull (strstr (err, "paid not answering since "));
  g_assert_nonnull (strstr (err, "stopped waiting after 16s"));
  g_assert_cmpstr (out, ==, "");
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));

  /* kept, resumable, with the reason */
  id = only_job_id ();
  resume = g_strdup_printf ("Run “rushes jobs resume %s”", id);
  g_assert_nonnull (strstr (err, resume));
  g_assert_cmpstr (entry_member ("state"), ==, "running");
  g_assert_cmpstr (entry_member ("remote_id"), ==, "pred0001xyz");
  g_assert_nonnull (strstr (entry_member ("waiting"), "not answering since"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_rushes (&out, NULL, "jobs", "list", NULL), ==, 0);
  g_assert_nonnull (strstr (out, id));
  g_assert_nonnull (strstr (out, "not answering since"));
  g_assert_nonnull (strstr (out, "“a red fox”"));

  /* the server is back: resume fetches it, without a second create */
  r8->silent_polls = FALSE;
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (&out, &err, "jobs", "resume", id, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, dest);
  g_assert_true (g_file_test (dest, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (fake_server_count_requests (r8->server, "POST", NULL), ==, 1);
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
  r8_free (r8);
}

static void
test_jobs_cancel (void)
{
  R8 *r8 = r8_new (3000);
  g_autofree char *dir = test_dir ("cancel");
  g_autofree char *dest = g_build_filename (dir, "fox.mp4", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpint (run_rushes (NULL, &err, "jobs", "bogus", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "jobs", "cancel", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "jobs", "cancel", "not-an-id", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "jobs", "cancel", "6f1b7a62-8d2c-4c4e-9a3e-2b1f0c9d8e7a", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no unfinished job 6f1b7a62-8d2c-4c4e-9a3e-2b1f0c9d8e7a"));
  g_clear_pointer (&err, g_free);

  r8->silent_polls = TRUE;
  g_assert_cmpint (run_generate (NULL, NULL, "--backend", "paid", "--prompt", "a red fox", "--seconds", "5.0625",
                                 "--fps", "16", "--size", "832x480", "--output", dest,
                                 "--wait-limit", "4s", NULL), ==, 1);
  id = only_job_id ();

  /* given up: cancelled on the backend, gone from the journal (the wait
   * limit leaves the create a quarter of it, 1 s: under load on CI, 1 s in
   * all gave it 250 ms, and the create timed out before its answer) */
  r8->silent_polls = FALSE;
  g_assert_cmpint (run_rushes (NULL, &err, "jobs", "cancel", id, NULL), ==, 0);
  g_assert_cmpuint (fake_server_count_requests (r8->server, "POST", "/v1/predictions/pred0001xyz/cancel"), ==, 1);
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  r8_free (r8);
}

/* The paid take does not fit on the disk: the job waits with the reason and
 * keeps its entry; once there is room, `rushes jobs resume` downloads it,
 * without a second create. */
static void
test_paid_download_disk_full (void)
{
  R8 *r8 = r8_new (1024 * 1024);
  g_autofree char *dir = test_dir ("small-disk");
  g_autofree char *dest = g_build_filename (dir, "fox.mp4", NULL);
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  g_autofree char *big = g_malloc0 (1536 * 1024);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;

  if (mount ("tmpfs", dir, "tmpfs", 0, "size=2m") != 0)
    {
      g_autofree char *message = g_strdup_printf ("cannot mount a tmpfs here: %s", g_strerror (errno));

      g_test_skip (message);
      r8_free (r8);
      return;
    }
  g_assert_true (g_file_set_contents (filler, big, 1536 * 1024, NULL));

  g_assert_cmpint (run_generate (&out, &err, "--backend", "paid", "--prompt", "a red fox", "--seconds", "5.0625",
                                 "--fps", "16", "--size", "832x480", "--output", dest,
                                 "--wait-limit", "8s", NULL), ==, 1);
  /* (8 s: requests get a quarter of the limit, and under AddressSanitizer
   * on a loaded machine 3 s in all gave up before the download began) */
  g_assert_nonnull (strstr (err, "Waiting to save the take"));
  g_assert_nonnull (strstr (err, "No space left on device"));
  id = only_job_id ();
  g_assert_cmpstr (entry_member ("state"), ==, "downloading");
  g_assert_nonnull (strstr (entry_member ("waiting"), "No space left on device"));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));

  /* room again */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (&out, &err, "jobs", "resume", NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, dest);
  {
    GStatBuf st;

    /* the paid 1 MiB arrived; retagging drops the MP4's padding box */
    g_assert_cmpint (g_stat (dest, &st), ==, 0);
    g_assert_cmpint (st.st_size, >, 0);
    g_assert_cmpuint (media_count_frames (dest), ==, 16);
  }
  g_assert_cmpuint (fake_server_count_requests (r8->server, "POST", NULL), ==, 1);
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);

  test_remove_tree (dest);
  g_assert_cmpint (umount (dir), ==, 0);
  r8_free (r8);
}

/* ---- outputs: never clobbered, one writer ---- */

static void
test_output_exists (void)
{
  static const guint8 ebml[] = { 0x1a, 0x45, 0xdf, 0xa3 };
  g_autofree char *dir = test_dir ("exists");
  g_autofree char *out = g_build_filename (dir, "boat.webm", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--fps", "12", "--seed", "1", "--output", out, NULL), ==, 0);
  g_assert_true (g_file_get_contents (out, &before, &before_len, NULL));

  /* there already: bad usage, before anything is submitted */
  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--fps", "12", "--seed", "2", "--output", out, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_nonnull (strstr (err, "--overwrite"));
  g_assert_true (g_file_get_contents (out, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
  g_clear_pointer (&after, g_free);

  /* replaced when asked: another seed, another take */
  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a paper boat on a pond", "--seconds", "1",
                                 "--size", "160x120", "--fps", "12", "--seed", "2", "--output", out,
                                 "--overwrite", NULL), ==, 0);
  check_output (out, ebml, sizeof ebml, 0);
  g_assert_true (g_file_get_contents (out, &after, &after_len, NULL));
  g_assert_false (before_len == after_len && memcmp (before, after, before_len) == 0);
  /* the take and its sidecar: no lock left */
  g_assert_cmpuint (count_entries (dir, NULL), ==, 2);
}

static void
test_output_concurrent (void)
{
  g_autofree char *dir = test_dir ("concurrent");
  g_autofree char *out = g_build_filename (dir, "train.webm", NULL);
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  const char *argv[] = { exe (), "generate", "--prompt", "a train crossing a bridge at dusk",
                         "--seconds", "20", "--size", "640x480", "--output", out, NULL };
  g_auto(GStrv) env = child_env ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  GSubprocess *procs[2];
  char *outs[2], *errs[2];
  int status[2];
  guint winner;

  /* the same command twice at once: one makes the take, the other is turned
   * away before it submits anything */
  g_subprocess_launcher_set_environ (launcher, env);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      procs[i] = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_communicate_utf8 (procs[i], NULL, NULL, &outs[i], &errs[i], &error));
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (procs[i]));
      status[i] = g_subprocess_get_exit_status (procs[i]);
      g_test_message ("child %u: %d, %s", i, status[i], errs[i]);
    }
  winner = status[0] == 0 ? 0 : 1;
  g_assert_cmpint (status[winner], ==, 0);
  g_assert_cmpint (status[1 - winner], ==, 2);
  g_assert_nonnull (strstr (errs[1 - winner], "another rushes is writing"));
  g_assert_nonnull (strstr (errs[1 - winner], out));
  /* written once: one take reported, nothing journalled, nothing else there */
  g_assert_nonnull (strstr (outs[winner], out));
  g_assert_cmpstr (outs[1 - winner], ==, "");
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
  g_assert_cmpuint (count_entries (dir, NULL), ==, 2);
  {
    g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");
    g_autofree char *duration = NULL;
    const char *probe[] = { "ffprobe", "-v", "error", "-show_entries", "format=duration",
                            "-of", "csv=p=0", out, NULL };
    int st = 0;

    if (ffprobe != NULL)
      {
        g_assert_true (g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     &duration, NULL, &st, NULL));
        g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 20.0, 0.1);
      }
  }
  for (guint i = 0; i < 2; i++)
    {
      g_object_unref (procs[i]);
      g_free (outs[i]);
      g_free (errs[i]);
    }
}

/* --start-image / --end-image: frames stored beside the take, the recipe
 * pointing at them and keeping what was given */
static void
test_start_end_images (void)
{
  g_autofree char *dir = test_dir ("frames");
  g_autofree char *out = g_build_filename (dir, "shot.webm", NULL);
  g_autofree char *sidecar = g_build_filename (dir, "shot.rushes.json", NULL);
  g_autofree char *stored_start = g_build_filename (dir, "shot.start.png", NULL);
  g_autofree char *stored_end = g_build_filename (dir, "shot.end.png", NULL);
  const char *still = media_fixture ("still.png", "-f lavfi -i color=c=0x3060c0:s=200x100:d=1 -frames:v 1");
  const char *clip = media_fixture ("clip.mp4", "-f lavfi -i testsrc2=s=160x120:r=12:d=2 -pix_fmt yuv420p");
  g_autofree char *end_spec = g_strdup_printf ("%s@end", clip);
  g_autofree char *json = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *first = NULL;
  g_autofree guint8 *image = NULL;
  guint n;

  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a bridge", "--seconds", "1", "--size", "160x120",
                                 "--fps", "12", "--start-image", still, "--end-image", end_spec,
                                 "--output", out, NULL), ==, 0);
  g_assert_true (g_file_test (stored_start, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (stored_end, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
  recipe = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_start_image (recipe), ==, stored_start);
  g_assert_cmpstr (rushes_recipe_get_end_image (recipe), ==, stored_end);
  g_assert_cmpstr (rushes_recipe_get_start_image_source (recipe), ==, still);
  g_assert_cmpstr (rushes_recipe_get_end_image_source (recipe), ==, end_spec);

  /* Sketch honoured it: the take starts on the image */
  first = media_decode_rgb (out, 160, 120, &n);
  g_assert_cmpuint (n, ==, 12);
  image = media_decode_rgb (still, 160, 120, &n);
  g_assert_cmpfloat (media_psnr (first, image, 160 * 120 * 3), >, 35);
}

static void
check_refused (const char *dir,
               const char *needle,
               const char *needle2,
               const char *first,
               ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = g_build_filename (dir, "refused.webm", NULL);
  g_autofree char *err = NULL;
  g_autofree char *jobs_dir = g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  while (args->len < 6)
    g_ptr_array_add (args, NULL);

  g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a bridge", "--output", out,
                                 g_ptr_array_index (args, 0), g_ptr_array_index (args, 1),
                                 g_ptr_array_index (args, 2), g_ptr_array_index (args, 3),
                                 g_ptr_array_index (args, 4), g_ptr_array_index (args, 5), NULL), ==, 2);
  if (strstr (err, needle) == NULL || (needle2 != NULL && strstr (err, needle2) == NULL))
    g_error ("“%s” lacks “%s” or “%s”", err, needle, needle2 ? needle2 : "");
  /* nothing submitted, nothing written */
  g_assert_cmpuint (count_entries (jobs_dir, ".json"), ==, 0);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (dir, ".png"), ==, 0);
}

static void
test_images_refused (void)
{
  R8 *r8 = r8_new (3000);
  g_autofree char *dir = test_dir ("refused");
  const char *clip = media_fixture ("clip.mp4", "-f lavfi -i testsrc2=s=160x120:r=12:d=2 -pix_fmt yuv420p");
  const char *still = media_fixture ("still.png", "-f lavfi -i color=c=0x3060c0:s=200x100:d=1 -frames:v 1");
  g_autofree char *past = g_strdup_printf ("%s@3.5", clip);
  g_autofree char *bad_time = g_strdup_printf ("%s@soon", clip);
  g_autofree char *text = g_build_filename (media_fixture_dir (), "words.txt", NULL);
  g_autofree char *huge = g_build_filename (media_fixture_dir (), "huge.png", NULL);
  guint8 header[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                        0, 0, 0x40, 0, 0, 0, 0x40, 0, 8, 2 };

  g_assert_true (g_file_set_contents (text, "not a picture", -1, NULL));
  g_assert_true (g_file_set_contents (huge, (const char *) header, sizeof header, NULL));

  /* a backend that cannot: the message names those that can */
  check_refused (dir, "--end-image", "sketch", "--backend", "paid", "--end-image", still, NULL);
  g_assert_cmpuint (r8->n_preds, ==, 0);
  check_refused (dir, "past the end", "23f", "--start-image", past, NULL);
  check_refused (dir, "soon", "105f", "--start-image", bad_time, NULL);
  check_refused (dir, "does not decode", NULL, "--end-image", text, NULL);
  check_refused (dir, "16384×16384", "8192", "--start-image", huge, NULL);
  r8_free (r8);
}

/* The sidecar of a take beside it (out-N.webm → out-N.rushes.json). */
static JsonObject *
load_sidecar (const char *media)
{
  g_autofree char *stem = g_strndup (media, strlen (media) - strlen (".webm"));
  g_autofree char *path = g_strconcat (stem, ".rushes.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_sweep_guidance (void)
{
  static const double values[] = { 2, 3.5, 5 };
  g_autofree char *dir = test_dir ("sweep");
  g_autofree char *out = g_build_filename (dir, "kite.webm", NULL);
  g_autofree char *sweep_id = NULL;
  gint64 seed = -1;

  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a kite", "--seconds", "1", "--size", "160x120",
                                 "--fps", "12", "--sweep", "guidance=2..5:1.5", "--output", out, NULL), ==, 0);
  /* three takes, three sidecars */
  g_assert_cmpuint (count_entries (dir, NULL), ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *path = i == 0 ? g_strdup (out) : g_strdup_printf ("%s/kite-%u.webm", dir, i + 1);
      g_autoptr(JsonObject) sidecar = load_sidecar (path);
      JsonObject *take = json_object_get_object_member (sidecar, "take");
      JsonObject *sweep = json_object_get_object_member (take, "sweep");

      g_assert_nonnull (sweep);
      g_assert_cmpfloat (json_object_get_double_member (sidecar, "guidance"), ==, values[i]);
      g_assert_cmpstr (json_object_get_string_member (sweep, "field"), ==, "guidance");
      g_assert_cmpfloat (json_object_get_double_member (sweep, "value"), ==, values[i]);
      g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (sweep, "id")));
      /* one sweep, one seed: the takes differ by guidance alone */
      if (i == 0)
        {
          sweep_id = g_strdup (json_object_get_string_member (sweep, "id"));
          seed = json_object_get_int_member (sidecar, "seed");
        }
      g_assert_cmpstr (json_object_get_string_member (sweep, "id"), ==, sweep_id);
      g_assert_cmpint (json_object_get_int_member (sidecar, "seed"), ==, seed);
      g_assert_cmpstr (json_object_get_string_member (sidecar, "prompt"), ==, "a kite");
    }
}

static void
test_sweep_prompt (void)
{
  static const char * const prompts[] = { "a red kite", "a blue kite" };
  g_autofree char *dir = test_dir ("sweep-prompt");
  g_autofree char *out = g_build_filename (dir, "kite.webm", NULL);

  g_assert_cmpint (run_generate (NULL, NULL, "--prompt", "a {red|blue} kite", "--seconds", "1", "--size", "160x120",
                                 "--fps", "12", "--seed", "7", "--output", out, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autofree char *path = i == 0 ? g_strdup (out) : g_strdup_printf ("%s/kite-%u.webm", dir, i + 1);
      g_autoptr(JsonObject) sidecar = load_sidecar (path);
      JsonObject *sweep = json_object_get_object_member (json_object_get_object_member (sidecar, "take"), "sweep");

      g_assert_cmpstr (json_object_get_string_member (sidecar, "prompt"), ==, prompts[i]);
      g_assert_cmpint (json_object_get_int_member (sidecar, "seed"), ==, 7);
      g_assert_cmpstr (json_object_get_string_member (sweep, "field"), ==, "prompt");
      g_assert_cmpstr (json_object_get_string_member (sweep, "value"), ==, i == 0 ? "red" : "blue");
    }
}

static void
test_sweep_refused (void)
{
  static const char * const bad[] = { "guidance=5..1", "guidance=1..5:0", "colour=1,2", "steps=x" };
  g_autofree char *dir = test_dir ("sweep-refused");
  g_autofree char *out = g_build_filename (dir, "kite.webm", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a kite", "--sweep", bad[i], "--output", out, NULL), ==, 2);
      g_assert_nonnull (strstr (err, strchr (bad[i], '=') + 1) ? err : strstr (err, "colour"));
    }
  {
    g_autofree char *err = NULL;

    /* 51 takes: the count and the cost, and nothing made */
    g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a kite", "--sweep", "seed=0..50",
                                   "--output", out, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "51 takes"));
    g_assert_nonnull (strstr (err, "free on"));
    g_assert_nonnull (strstr (err, "--yes"));
  }
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_generate (NULL, &err, "--prompt", "a {red|blue} kite", "--sweep", "seed=1,2",
                                   "--output", out, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "not both"));
  }
  g_assert_cmpuint (count_entries (dir, NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-generate/usage", test_usage);
  g_test_add_func ("/cli-generate/start-end-images", test_start_end_images);
  g_test_add_func ("/cli-generate/output-webm", test_output_webm);
  g_test_add_func ("/cli-generate/output-mp4", test_output_mp4);
  g_test_add_func ("/cli-generate/output-unwritable", test_output_unwritable);
  g_test_add_func ("/cli-generate/resume-after-sigkill", test_resume_after_sigkill);
  g_test_add_func ("/cli-generate/disk-full-output", test_disk_full_output);
  g_test_add_func ("/cli-generate/disk-full-library", test_disk_full_library);
  g_test_add_func ("/cli-generate/silent-server-wait-limit", test_silent_server_wait_limit);
  g_test_add_func ("/cli-generate/jobs-cancel", test_jobs_cancel);
  g_test_add_func ("/cli-generate/paid-download-disk-full", test_paid_download_disk_full);
  g_test_add_func ("/cli-generate/images-refused", test_images_refused);
  g_test_add_func ("/cli-generate/output-exists", test_output_exists);
  g_test_add_func ("/cli-generate/output-concurrent", test_output_concurrent);
  g_test_add_func ("/cli-generate/sweep-guidance", test_sweep_guidance);
  g_test_add_func ("/cli-generate/sweep-prompt", test_sweep_prompt);
  g_test_add_func ("/cli-generate/sweep-refused", test_sweep_refused);

  return g_test_run ();
}
