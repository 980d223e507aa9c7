/* test-cli-frames.c: issue 13's bad input for `rushes generate
 * --start-image/--end-image` and `rushes retake`, on a ComfyUI server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The child `rushes` has two ComfyUI backends on one fake server: one on
 * the LTX-Video first+last-frame template (honours both images), one on
 * the LTX-Video image-to-video template (a start image only). Every bad
 * input must be refused with exit 2 and a message that says why, before
 * the server hears anything: no upload, no prompt (nothing submitted,
 * nothing paid), no job in the journal, no file written. A control run
 * (`rushes backends test`) shows the child does reach the server.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "fake-server.h"
#include "media-fixtures.h"
#include "test-util.h"

typedef struct
{
  FakeServer *server;
  char *home;      /* the child's HOME and XDG folders */
  char *work;      /* inputs and outputs */
  char **env;
} Fixture;

static void
stats_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 200, "{\"system\": {\"os\": \"linux\", \"comfyui_version\": \"0.24.0\"}, \"devices\": []}");
}

static void
object_info_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  const char *cls = strrchr (path, '/') + 1;
  g_autofree char *answer = g_strdup_printf ("{\"%s\": {\"input\": {\"required\": {}}, \"name\": \"%s\"}}", cls, cls);

  fake_reply_json (msg, 200, answer);
}

/* never expected: answered as ComfyUI would, so that a request that should
 * not have been made gets as far as it can */
static void
upload_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 200, "{\"name\": \"x.png\", \"subfolder\": \"rushes\", \"type\": \"input\"}");
}

static void
prompt_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  fake_reply_json (msg, 200, "{\"prompt_id\": \"0f6c1e0a-3f0e-4b8e-9c55-2b1f5a3c9d10\", \"number\": 1, \"node_errors\": {}}");
}

static void
setup (Fixture *f, gconstpointer data)
{
  static const char * const vars[][2] = {
    { "HOME", "." }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" },
  };
  g_autofree char *backends = NULL;
  g_autofree char *config = NULL;
  const char *url;

  f->server = fake_server_new ("127.0.0.1");
  fake_server_add_handler (f->server, "/api/system_stats", stats_cb, f);
  fake_server_add_handler (f->server, "/api/object_info/*", object_info_cb, f);
  fake_server_add_handler (f->server, "/api/upload/image", upload_cb, f);
  fake_server_add_handler (f->server, "/api/prompt", prompt_cb, f);
  fake_server_start (f->server);
  url = fake_server_get_url (f->server);

  f->home = test_make_tmp_dir ("rushes-cli-frames-home-XXXXXX");
  f->work = test_make_tmp_dir ("rushes-cli-frames-work-XXXXXX");
  f->env = g_get_environ ();
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (f->home, vars[i][1], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      f->env = g_environ_setenv (f->env, vars[i][0], dir, TRUE);
    }
  backends = g_build_filename (f->home, "backends.json", NULL);
  config = g_strdup_printf ("{\"default\": \"comfy-flf\", \"backends\": ["
                            "{\"id\": \"comfy-flf\", \"kind\": \"comfyui\", \"url\": \"%s\", \"workflow\": \"ltx-video-flf\","
                            " \"websocket\": false},"
                            "{\"id\": \"comfy-i2v\", \"kind\": \"comfyui\", \"url\": \"%s\", \"workflow\": \"ltx-video-i2v\","
                            " \"websocket\": false}]}", url, url);
  g_assert_true (g_file_set_contents (backends, config, -1, NULL));
  f->env = g_environ_setenv (f->env, "RUSHES_BACKENDS_FILE", backends, TRUE);
  f->env = g_environ_setenv (f->env, "RUSHES_SECRETS_BACKEND", "memory", TRUE);
  f->env = g_environ_unsetenv (f->env, "XDG_VIDEOS_DIR");
}

static void
teardown (Fixture *f, gconstpointer data)
{
  fake_server_free (f->server);
  test_remove_tree (f->home);
  test_remove_tree (f->work);
  g_free (f->home);
  g_free (f->work);
  g_strfreev (f->env);
}

/* `rushes ARGS…` (NULL-terminated): its exit code and stderr */
static int
run_rushes (Fixture     *f,
            char       **err,
            const char  *first,
            ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
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

  g_assert_true (g_spawn_sync (f->work, argv, f->env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                               NULL, &child_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("rushes %s: %s", argv[1], child_err);
  g_assert_true (WIFEXITED (status));
  if (err != NULL)
    *err = g_steal_pointer (&child_err);
  return WEXITSTATUS (status);
}

static guint
count_journal (Fixture *f)
{
  g_autofree char *jobs = g_build_filename (f->home, "data", "rushes", "jobs", NULL);

  return test_count_files (jobs);
}

/* stderr of the refused run holds every needle ("a|b"; "!c": not c); the
 * server heard nothing */
static void
assert_refused (Fixture    *f,
                int         status,
                const char *err,
                const char *output,
                const char *needles)
{
  g_auto(GStrv) list = g_strsplit (needles, "|", -1);
  g_autofree char *stored_start = g_strconcat (output, ".start.png", NULL);
  g_autoptr(GPtrArray) requests = fake_server_get_requests (f->server);

  g_assert_cmpint (status, ==, 2);
  for (guint i = 0; list[i] != NULL; i++)
    if (list[i][0] == '!' ? strstr (err, list[i] + 1) != NULL : strstr (err, list[i]) == NULL)
      g_error ("“%s” %s “%s”", err, list[i][0] == '!' ? "has" : "lacks", list[i]);
  for (guint i = 0; i < requests->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (requests, i);

      g_test_message ("the server heard %s %s", r->method, r->path);
    }
  g_assert_cmpuint (requests->len, ==, 0);
  g_assert_cmpuint (count_journal (f), ==, 0);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stored_start, G_FILE_TEST_EXISTS));
}

static void
refuse_generate (Fixture    *f,
                 const char *needles,
                 const char *backend,
                 const char *start,
                 const char *end)
{
  g_autofree char *output = g_build_filename (f->work, "refused.mp4", NULL);
  g_autofree char *err = NULL;
  int status;

  status = run_rushes (f, &err, "generate", "--prompt", "the heron lifts off", "--seconds", "2",
                       "--output", output, "--backend", backend, "--start-image", start,
                       end != NULL ? "--end-image" : NULL, end, NULL);
  assert_refused (f, status, err, output, needles);
}

/* the child reaches the server (the refusals below are not for want of one) */
static void
assert_server_reached (Fixture *f)
{
  g_assert_cmpint (run_rushes (f, NULL, "backends", "test", "comfy-flf", NULL), ==, 0);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", NULL), >, 0);
  fake_server_clear_requests (f->server);
}

static void
test_generate_refused (Fixture *f, gconstpointer data)
{
  const char *clip = media_fixture ("frames-clip.mp4", "-f lavfi -i testsrc2=s=160x120:r=12:d=2 -pix_fmt yuv420p");
  const char *still = media_fixture ("frames-still.png", "-f lavfi -i color=c=0x3060c0:s=200x100:d=1 -frames:v 1");
  g_autofree char *past = g_strdup_printf ("%s@3.5", clip);
  g_autofree char *text = g_build_filename (f->work, "words.png", NULL);
  g_autofree char *huge = g_build_filename (f->work, "huge.png", NULL);
  /* a PNG header of 16384×16384, no pixels */
  guint8 header[33] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                        0, 0, 0x40, 0, 0, 0, 0x40, 0, 8, 2 };

  g_assert_true (g_file_set_contents (text, "not a picture", -1, NULL));
  g_assert_true (g_file_set_contents (huge, (const char *) header, sizeof header, NULL));
  assert_server_reached (f);

  /* an image that does not decode (named .png all the same) */
  refuse_generate (f, "does not decode|words.png", "comfy-flf", text, still);
  refuse_generate (f, "does not decode|words.png", "comfy-flf", still, text);
  /* @T beyond the video's end: the message says where it ends */
  refuse_generate (f, "past the end|23f", "comfy-flf", past, still);
  /* a 16k×16k image */
  refuse_generate (f, "16384×16384", "comfy-flf", still, huge);
  /* a backend that cannot honour an end image (it can the start image):
   * the end image is refused, and those that can are named */
  refuse_generate (f, "--end-image: comfy-i2v cannot honour it|!--start-image|sketch|comfy-flf", "comfy-i2v", still, still);
}

static void
test_retake_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *take = g_build_filename (f->work, "heron.webm", NULL);
  g_autofree char *output = g_build_filename (f->work, "retaken.webm", NULL);
  g_autofree char *err = NULL;
  int status;

  /* the take, made offline */
  g_assert_cmpint (run_rushes (f, NULL, "generate", "--backend", "sketch", "--prompt", "a heron over a lake",
                               "--seconds", "2", "--size", "160x120", "--fps", "12", "--seed", "3",
                               "--output", take, NULL), ==, 0);
  g_assert_cmpuint (media_count_frames (take), ==, 24);
  assert_server_reached (f);

  /* a range of zero frames, on a backend that could do the retake */
  status = run_rushes (f, &err, "retake", take, "--in", "8f", "--out", "8f", "--backend", "comfy-flf",
                       "--output", output, NULL);
  assert_refused (f, status, err, output, "no frame");
  g_clear_pointer (&err, g_free);
  status = run_rushes (f, &err, "retake", take, "--in", "0.5", "--out", "0.5", "--backend", "comfy-flf",
                       "--output", output, NULL);
  assert_refused (f, status, err, output, "no frame");
  g_clear_pointer (&err, g_free);

  /* past the take's end */
  status = run_rushes (f, &err, "retake", take, "--in", "8f", "--out", "30f", "--backend", "comfy-flf",
                       "--output", output, NULL);
  assert_refused (f, status, err, output, "past");
  g_clear_pointer (&err, g_free);

  /* a backend that cannot end on a given frame: those that can are named */
  status = run_rushes (f, &err, "retake", take, "--in", "8f", "--out", "16f", "--backend", "comfy-i2v",
                       "--output", output, NULL);
  assert_refused (f, status, err, output, "--end-image: comfy-i2v cannot honour it|!--start-image|sketch|comfy-flf");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli-frames/generate-refused", Fixture, NULL, setup, test_generate_refused, teardown);
  g_test_add ("/cli-frames/retake-refused", Fixture, NULL, setup, test_retake_refused, teardown);
  return g_test_run ();
}
