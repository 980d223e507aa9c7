/* test-cli-retake.c: `rushes retake` as a child process, on Sketch (offline)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Sketch take is made with `rushes generate`, then [in, out) of it is
 * retaken; the new take is checked with ffmpeg/ffprobe: its length and
 * frames, its pixels around and inside the range, its lineage in the
 * sidecar and in the tags. Refusals must come before anything is
 * submitted: exit 2, the journal empty, nothing written.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "media-fixtures.h"
#include "test-util.h"

#define W 160
#define H 120
#define FRAME_SIZE (W * H * 3)
#define FPS 12
#define N_FRAMES 24   /* 2 s at 12 fps */
#define IN 8
#define OUT 16

/* The child's own home, XDG folders and backends file, under the
 * fixture folder (removed at exit). */
static char *
child_dir (const char *name)
{
  char *dir = g_build_filename (media_fixture_dir (), "home", name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static char **
child_env (void)
{
  static const char * const vars[][2] = {
    { "HOME", "." }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" },
  };
  char **env = g_get_environ ();
  g_autofree char *backends = g_build_filename (media_fixture_dir (), "home", "backends.json", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = child_dir (vars[i][1]);

      env = g_environ_setenv (env, vars[i][0], dir, TRUE);
    }
  /* a backend that cannot start or end on given frames (Replicate's
   * text-to-video Wan), never reached: refused before it is asked */
  g_assert_true (g_file_set_contents (backends,
                                      "{\"default\": \"sketch\", \"backends\": [{\"id\": \"paid\", \"kind\": \"replicate\","
                                      " \"url\": \"http://127.0.0.1:9/v1\", \"key_env\": \"RUSHES_TEST_R8_KEY\","
                                      " \"model\": \"wan-video/wan-2.2-t2v-fast\"}]}", -1, NULL));
  env = g_environ_setenv (env, "RUSHES_BACKENDS_FILE", backends, TRUE);
  env = g_environ_setenv (env, "RUSHES_TEST_R8_KEY", "r8-test-key", TRUE);
  env = g_environ_setenv (env, "RUSHES_SECRETS_BACKEND", "memory", TRUE);
  env = g_environ_unsetenv (env, "XDG_VIDEOS_DIR");
  return env;
}

/* `rushes ARGS…` (NULL-terminated): its exit code, stdout and stderr */
static int
run_rushes (char       **out,
            char       **err,
            const char  *first,
            ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = child_env ();
  g_autoptr(GError) error = NULL;
  g_autofree char *child_out = NULL;
  g_autofree char *child_err = NULL;
  int status = 0;
  va_list args;

  g_assert_nonnull (g_getenv ("RUSHES_EXE"));
  g_strv_builder_add (builder, g_getenv ("RUSHES_EXE"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);

  g_assert_true (g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, &child_out, &child_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("rushes %s: %s", argv[1], child_err);
  g_assert_true (WIFEXITED (status));
  if (out != NULL)
    *out = g_steal_pointer (&child_out);
  if (err != NULL)
    *err = g_steal_pointer (&child_err);
  return WEXITSTATUS (status);
}

/* The Sketch take retaken below: 24 frames of 160×120 at 12 fps, with its sidecar. */
static const char *
sketch_take (void)
{
  static char *path;

  if (path == NULL)
    {
      path = g_build_filename (media_fixture_dir (), "heron.webm", NULL);
      g_assert_cmpint (run_rushes (NULL, NULL, "generate", "--prompt", "a heron over a lake", "--seconds", "2",
                                   "--size", "160x120", "--fps", "12", "--seed", "3", "--output", path, NULL), ==, 0);
      g_assert_cmpuint (media_count_frames (path), ==, N_FRAMES);
    }
  return path;
}

static guint
count_journal (void)
{
  g_autofree char *jobs = g_build_filename (media_fixture_dir (), "home", "data", "rushes", "jobs", NULL);

  return test_count_files (jobs);
}

/* The lineage object of a recipe's JSON */
static void
assert_lineage (const char *json,
                const char *source)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *lineage;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  lineage = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "lineage");
  g_assert_nonnull (lineage);
  g_assert_cmpstr (json_object_get_string_member (lineage, "operation"), ==, "retake");
  g_assert_cmpstr (json_object_get_string_member (lineage, "derived_from"), ==, source);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lineage, "in"), (double) IN / FPS, 0.002);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lineage, "out"), (double) OUT / FPS, 0.002);
}

static void
test_retake (void)
{
  const char *take = sketch_take ();
  g_autofree char *dir = child_dir ("retake");
  g_autofree char *output = g_build_filename (dir, "kite.webm", NULL);
  g_autofree char *sidecar = g_build_filename (dir, "kite.rushes.json", NULL);
  g_autofree char *start = g_build_filename (dir, "kite.start.png", NULL);
  g_autofree char *end = g_build_filename (dir, "kite.end.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *codec = NULL;
  g_autofree char *take_codec = NULL;
  g_autofree guint8 *src = NULL;
  g_autofree guint8 *res = NULL;
  guint n_src = 0, n_res = 0;

  g_assert_cmpint (run_rushes (&out, NULL, "retake", take, "--in", "8f", "--out", "16f", "--prompt", "a red kite",
                               "--seed", "5", "--output", output, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, output);

  /* the take's length, frames and codec */
  g_assert_cmpuint (media_count_frames (output), ==, N_FRAMES);
  g_assert_cmpfloat_with_epsilon (media_probe_double (output, NULL, "format=duration"),
                                  media_probe_double (take, NULL, "format=duration"), 0.5 / FPS);
  codec = media_probe (output, "v:0", "stream=codec_name");
  take_codec = media_probe (take, "v:0", "stream=codec_name");
  g_assert_cmpstr (codec, ==, take_codec);

  /* the take's frames outside [in, out), others inside */
  src = media_decode_rgb (take, W, H, &n_src);
  res = media_decode_rgb (output, W, H, &n_res);
  g_assert_cmpuint (n_res, ==, n_src);
  for (guint i = 0; i < n_res; i++)
    {
      double psnr = media_psnr (res + (gsize) i * FRAME_SIZE, src + (gsize) i * FRAME_SIZE, FRAME_SIZE);

      g_test_message ("frame %u: %.1f dB against the take", i, psnr);
      if ((i < IN || i >= OUT) && psnr <= 32.0)
        g_error ("frame %u outside the retake: %.1f dB against the take", i, psnr);
      if (i >= IN && i < OUT && psnr > 30.0)
        g_error ("frame %u inside the retake is the take's: %.1f dB", i, psnr);
    }

  /* the lineage, in the sidecar and in the tags */
  g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
  assert_lineage (json, take);
  tags = media_probe (output, NULL, "format_tags=comments");
  g_assert_nonnull (strstr (tags, "\"retake\""));
  assert_lineage (tags, take);

  /* beside it: its sidecar and the two frames it was conditioned on; the
   * intermediate take is gone, and so is its job */
  g_assert_true (g_file_test (start, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (end, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (test_count_files (dir), ==, 4);
  g_assert_cmpuint (count_journal (), ==, 0);
}

/* exit 2 naming why (needle), nothing submitted, nothing written */
static void
check_refused (const char *needle,
               const char *in,
               const char *out,
               const char *backend)
{
  g_autofree char *dir = child_dir ("refused");
  g_autofree char *output = g_build_filename (dir, "refused.webm", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_rushes (NULL, &err, "retake", sketch_take (), "--in", in, "--out", out, "--output", output,
                               backend ? "--backend" : NULL, backend, NULL), ==, 2);
  if (strstr (err, needle) == NULL)
    g_error ("“%s” lacks “%s”", err, needle);
  g_assert_cmpuint (count_journal (), ==, 0);
  g_assert_cmpuint (test_count_files (dir), ==, 0);
}

static void
test_refused (void)
{
  /* a range of no frame */
  check_refused ("no frame", "8f", "8f", NULL);
  /* past the take's end (24 frames) */
  check_refused ("past", "8f", "30f", NULL);
  /* a backend that cannot start and end on given frames: those that can are named */
  check_refused ("sketch", "8f", "16f", "paid");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-retake/retake", test_retake);
  g_test_add_func ("/cli-retake/refused", test_refused);
  return g_test_run ();
}
