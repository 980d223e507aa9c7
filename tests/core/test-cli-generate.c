/* test-cli-generate.c: `rushes generate` as a child process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs $RUSHES_EXE with this test's isolated HOME and XDG folders (set by
 * G_TEST_OPTION_ISOLATE_DIRS and inherited by the child).
 */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-generate/usage", test_usage);
  g_test_add_func ("/cli-generate/output-webm", test_output_webm);
  g_test_add_func ("/cli-generate/output-mp4", test_output_mp4);
  g_test_add_func ("/cli-generate/output-unwritable", test_output_unwritable);
  g_test_add_func ("/cli-generate/resume-after-sigkill", test_resume_after_sigkill);
  g_test_add_func ("/cli-generate/disk-full-output", test_disk_full_output);
  g_test_add_func ("/cli-generate/disk-full-library", test_disk_full_library);

  return g_test_run ();
}
