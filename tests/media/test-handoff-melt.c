/* test-handoff-melt.c: melt renders the MLT hand-off to the same cut as Rushes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A version-2 project on solid-colour sources (25 fps, 320×240): V1 red
 * 0–3 s and blue 2–5 s (a 1 s crossfade), V2 a title 0.4–1.4 s, A1 a tone
 * 0–5 s. `rushes export P --output cut.mlt` hands it on, `melt` renders
 * the file, and the render is checked against the known colours and
 * against `rushes export P --output cut.webm`. Skipped only when melt is
 * not installed (build-aux/deps.sh installs it).
 */
#include "config.h"

#include <gio/gio.h>

#include "media-fixtures.h"

#define FPS 25
#define W 32
#define H 24

static char *
write_project (const char *dir)
{
  const char *red = media_fixture ("red.mp4", "-f lavfi -i color=c=red:s=320x240:r=25:d=3 "
                                   "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
  const char *blue = media_fixture ("blue.mp4", "-f lavfi -i color=c=blue:s=320x240:r=25:d=3 "
                                    "-c:v libx264 -preset ultrafast -pix_fmt yuv420p");
  const char *tone = media_fixture ("tone.wav", "-f lavfi -i sine=frequency=440:duration=5");
  g_autofree char *path = g_build_filename (dir, "cut.rushes", NULL);
  g_autofree char *json = g_strdup_printf (
    "{\"format\": \"rushes-project\", \"version\": 2, \"width\": 320, \"height\": 240, \"fps\": [25, 1],\n"
    " \"format-from-first-clip\": false,\n"
    " \"tracks\": [\n"
    "  {\"kind\": \"video\", \"name\": \"V1\", \"clips\": [\n"
    "    {\"id\": \"red\", \"path\": \"%s\", \"name\": \"red\", \"start\": 0, \"in\": 0, \"out\": 3000000000,\n"
    "     \"media-duration\": 3000000000, \"has-audio\": false, \"width\": 320, \"height\": 240, \"fps\": [25, 1]},\n"
    "    {\"id\": \"blue\", \"path\": \"%s\", \"name\": \"blue\", \"start\": 2000000000, \"in\": 0, \"out\": 3000000000,\n"
    "     \"media-duration\": 3000000000, \"has-audio\": false, \"width\": 320, \"height\": 240, \"fps\": [25, 1]}]},\n"
    "  {\"kind\": \"video\", \"name\": \"V2\", \"clips\": [\n"
    "    {\"id\": \"title\", \"start\": 400000000, \"in\": 0, \"out\": 1000000000, \"title\": {\"text\": \"Hello\"}}]},\n"
    "  {\"kind\": \"audio\", \"name\": \"A1\", \"clips\": [\n"
    "    {\"id\": \"tone\", \"path\": \"%s\", \"name\": \"tone\", \"start\": 0, \"in\": 0, \"out\": 5000000000,\n"
    "     \"media-duration\": 5000000000, \"has-audio\": true}]}]}\n",
    red, blue, tone);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

static void
run (const char * const *argv)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (proc))
    g_test_message ("%s: %s", argv[0], err);
  g_assert_true (g_subprocess_get_successful (proc));
}

static double
duration (const char *path)
{
  g_autofree char *text = media_probe (path, NULL, "format=duration");

  return g_ascii_strtod (text, NULL);
}

/* The frame at time t (s), scaled to W × H */
static const guint8 *
frame_at (const guint8 *frames,
          guint         n_frames,
          double        t)
{
  guint i = (guint) (t * FPS);

  g_assert_cmpuint (i, <, n_frames);
  return frames + (gsize) i * W * H * 3;
}

/* A pixel away from the title, as r, g, b */
static void
assert_colour (const guint8 *frame,
               int           r,
               int           g,
               int           b,
               int           tolerance)
{
  const guint8 *p = frame + (2 * W + 2) * 3;

  g_test_message ("colour %d %d %d, expected %d %d %d", p[0], p[1], p[2], r, g, b);
  g_assert_cmpint (ABS (p[0] - r), <=, tolerance);
  g_assert_cmpint (ABS (p[1] - g), <=, tolerance);
  g_assert_cmpint (ABS (p[2] - b), <=, tolerance);
}

static void
test_melt_renders_the_cut (void)
{
  const char *exe = g_getenv ("RUSHES_EXE");
  g_autofree char *melt = g_find_program_in_path ("melt");
  g_autofree char *dir = g_dir_make_tmp ("rushes-melt-XXXXXX", NULL);
  g_autofree char *project = NULL;
  g_autofree char *mlt = g_build_filename (dir, "cut.mlt", NULL);
  g_autofree char *otio = g_build_filename (dir, "cut.otio", NULL);
  g_autofree char *melt_out = g_build_filename (dir, "melt.mp4", NULL);
  g_autofree char *rushes_out = g_build_filename (dir, "rushes.webm", NULL);
  g_autofree char *target = NULL;
  g_autofree char *streams = NULL;
  g_autofree guint8 *melt_frames = NULL;
  g_autofree guint8 *rushes_frames = NULL;
  guint n_melt = 0, n_rushes = 0;

  if (melt == NULL)
    {
      g_test_skip ("melt is not installed (build-aux/deps.sh installs it)");
      return;
    }
  g_assert_nonnull (exe);
  project = write_project (dir);

  {
    const char *argv[] = { exe, "export", project, "--output", mlt, NULL };
    const char *argv_otio[] = { exe, "export", project, "--output", otio, NULL };

    run (argv);
    run (argv_otio);
    g_assert_true (g_file_test (otio, G_FILE_TEST_IS_REGULAR));
  }
  {
    /* melt needs no display: dynamictext draws the title without Qt's windowing */
    const char *argv[] = { melt, "-quiet", mlt, "-consumer", NULL,
                           "vcodec=libx264", "preset=ultrafast", "acodec=aac", NULL };

    target = g_strconcat ("avformat:", melt_out, NULL);
    argv[4] = target;
    run (argv);
  }

  /* the same length as the edit, picture and sound */
  g_assert_cmpfloat_with_epsilon (duration (melt_out), 5.0, 2.0 / FPS + 0.03);
  streams = media_probe (melt_out, NULL, "stream=codec_type");
  g_assert_nonnull (strstr (streams, "audio"));
  melt_frames = media_decode_rgb (melt_out, W, H, &n_melt);
  g_assert_cmpuint (n_melt, ==, 5 * FPS);

  /* red, mid-crossfade a blend of red and blue, then blue */
  assert_colour (frame_at (melt_frames, n_melt, 0.2), 255, 0, 0, 30);
  assert_colour (frame_at (melt_frames, n_melt, 2.5), 128, 0, 128, 40);
  assert_colour (frame_at (melt_frames, n_melt, 4.0), 0, 0, 255, 30);

  /* and the same as Rushes's own export */
  {
    const char *argv[] = { exe, "export", project, "--preset", "webm", "--output", rushes_out, NULL };

    run (argv);
  }
  g_assert_cmpfloat_with_epsilon (duration (melt_out), duration (rushes_out), 2.0 / FPS + 0.03);
  rushes_frames = media_decode_rgb (rushes_out, W, H, &n_rushes);
  for (guint i = 0; i < 3; i++)
    {
      const double times[] = { 0.2, 2.5, 4.0 };
      const guint8 *p = frame_at (rushes_frames, n_rushes, times[i]) + (2 * W + 2) * 3;

      assert_colour (frame_at (melt_frames, n_melt, times[i]), p[0], p[1], p[2], 40);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/handoff/melt-renders-the-cut", test_melt_renders_the_cut);
  return g_test_run ();
}
