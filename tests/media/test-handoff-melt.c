/* test-handoff-melt.c: melt renders the MLT hand-off to the same cut as Rushes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A version-2 project on solid-colour sources (25 fps, 320×240): V1 red
 * 0–3 s and blue 2–5 s (a 1 s crossfade), V2 a title 0.4–1.4 s, A1 a tone
 * 0–5 s. `rushes export P --output cut.mlt` hands it on, `melt` renders
 * the file, and both melt's render and `rushes export P --output
 * cut.webm` are checked against the known cut (red, a half-and-half blend
 * mid-crossfade, blue, the title's white over frames 10–34), then against
 * each other: the same frame count, sound to the end, and every frame's
 * colour within the codecs' rounding. Solid sources cannot show which
 * source frame plays (tests/core/test-handoff.c checks the in/out
 * points). Skipped only when melt is not installed (build-aux/deps.sh
 * installs it).
 */
#include "config.h"

#include <gio/gio.h>

#include "media-fixtures.h"
#include "test-util.h"

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

/* Where the last audio packet ends (s): WebM gives no stream duration */
static double
audio_end (const char *path)
{
  g_autofree char *text = media_probe (path, "a", "packet=pts_time,duration_time");
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = g_strv_length (lines);

  g_assert_cmpuint (n, >=, 2);
  return g_ascii_strtod (lines[n - 2], NULL) + g_ascii_strtod (lines[n - 1], NULL);
}

/* The sample pixel of frame i: away from the title (corner) or on it (centre) */
static const guint8 *
pixel (const guint8 *frames,
       guint         i,
       gboolean      centre)
{
  return frames + (gsize) i * W * H * 3 + (centre ? (H / 2 * W + W / 2) * 3 : (2 * W + 2) * 3);
}

static void
assert_rgb (const guint8 *p,
            int           r,
            int           g,
            int           b,
            int           tolerance)
{
  g_assert_cmpint (ABS (p[0] - r), <=, tolerance);
  g_assert_cmpint (ABS (p[1] - g), <=, tolerance);
  g_assert_cmpint (ABS (p[2] - b), <=, tolerance);
}

/* Red frames 0–49, the dissolve over 50–74 (frame 50 still red: the
 * blend starts at 0), blue from 75; the title's white over frames 10–34 */
static void
assert_cut (const guint8 *frames,
            const char   *who)
{
  const guint8 *mid = pixel (frames, 62, FALSE);

  g_test_message ("%s: mid-crossfade %d %d %d", who, mid[0], mid[1], mid[2]);
  assert_rgb (pixel (frames, 5, FALSE), 255, 0, 0, 8);
  assert_rgb (pixel (frames, 50, FALSE), 255, 0, 0, 8);
  /* a blend of both sources, about half and half, red falling, blue rising */
  g_assert_cmpint (mid[0], >=, 100);
  g_assert_cmpint (mid[0], <=, 155);
  g_assert_cmpint (mid[2], >=, 100);
  g_assert_cmpint (mid[2], <=, 155);
  g_assert_cmpint (mid[1], <=, 8);
  for (guint i = 51; i < 75; i++)
    {
      g_assert_cmpint (pixel (frames, i, FALSE)[0], <, pixel (frames, i - 1, FALSE)[0]);
      g_assert_cmpint (pixel (frames, i, FALSE)[2], >, pixel (frames, i - 1, FALSE)[2]);
    }
  assert_rgb (pixel (frames, 75, FALSE), 0, 0, 255, 8);
  assert_rgb (pixel (frames, 124, FALSE), 0, 0, 255, 8);
  /* white text over red whitens the centre (green rises) from frame 10 to 34 only */
  g_assert_cmpint (pixel (frames, 9, TRUE)[1], <=, 8);
  g_assert_cmpint (pixel (frames, 10, TRUE)[1], >=, 16);
  g_assert_cmpint (pixel (frames, 34, TRUE)[1], >=, 16);
  g_assert_cmpint (pixel (frames, 35, TRUE)[1], <=, 8);
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
      test_remove_tree (dir);
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
                           "vcodec=libx264", "preset=ultrafast", "crf=10", "acodec=aac", NULL };

    target = g_strconcat ("avformat:", melt_out, NULL);
    argv[4] = target;
    run (argv);
  }
  {
    const char *argv[] = { exe, "export", project, "--preset", "webm", "--output", rushes_out, NULL };

    run (argv);
  }

  /* the same length as the edit, to the frame, picture and sound */
  streams = media_probe (melt_out, NULL, "stream=codec_type");
  g_assert_nonnull (strstr (streams, "audio"));
  melt_frames = media_decode_rgb (melt_out, W, H, &n_melt);
  rushes_frames = media_decode_rgb (rushes_out, W, H, &n_rushes);
  g_assert_cmpuint (n_melt, ==, 5 * FPS);
  g_assert_cmpuint (n_rushes, ==, n_melt);
  /* sound: the 5 s tone in both, to about an audio packet */
  g_assert_cmpfloat_with_epsilon (audio_end (melt_out), 5.0, 0.03);
  g_assert_cmpfloat_with_epsilon (audio_end (rushes_out), 5.0, 0.03);

  /* each shows the cut: red, the dissolve, blue, the title */
  assert_cut (melt_frames, "melt");
  assert_cut (rushes_frames, "rushes");

  /* and frame by frame the same away from the title (whose font differs):
   * both dissolves are linear over the same frames (melt's luma without a
   * wipe file is a plain mix, Rushes's an alpha ramp), so only the
   * codecs' rounding parts them (at most 5 per channel seen); a dissolve
   * one frame early or late is off by 10 or more */
  for (guint i = 0; i < n_melt; i++)
    {
      const guint8 *r = pixel (rushes_frames, i, FALSE);

      g_test_message ("frame %u: melt %d %d %d, rushes %d %d %d", i,
                      pixel (melt_frames, i, FALSE)[0], pixel (melt_frames, i, FALSE)[1],
                      pixel (melt_frames, i, FALSE)[2], r[0], r[1], r[2]);
      assert_rgb (pixel (melt_frames, i, FALSE), r[0], r[1], r[2], 8);
    }
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/handoff/melt-renders-the-cut", test_melt_renders_the_cut);
  return g_test_run ();
}
