/* test-splicer.c: a retake spliced into its take, checked against ffmpeg's decode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-recipe.h"
#include "rushes-splicer.h"
#include "rushes-tagger.h"
#include "rushes-trimmer.h"

#define W 160
#define H 120
#define FRAME_SIZE (W * H * 3)
#define FPS 30

/* 4 s at 30 fps, GOP 30: every frame differs (testsrc2) */
#define VP9_ARGS  "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                  "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g 30 -b:v 400k -c:a libopus -shortest"
#define H264_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                  "-c:v libx264 -preset ultrafast -bf 2 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest"
/* the retake: another picture, another size and frame rate (36 frames at 24 fps), its own audio */
#define MIDDLE_ARGS "-f lavfi -i mandelbrot=size=320x240:rate=24 -f lavfi -i sine=f=1000:duration=1.5 -t 1.5 " \
                    "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 800k -c:a libopus -shortest"
#define MIDDLE_FRAMES 36

static char *
out_path (const char *name)
{
  return g_build_filename (media_fixture_dir (), name, NULL);
}

static GstClockTime
frame_time (guint frame)
{
  return gst_util_uint64_scale (frame, GST_SECOND, FPS);
}

/* the MD5 of every packet of @stream (v:0, a:0), in decode order */
static char **
stream_hashes (const char *path,
               const char *stream)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", stream, "-show_packets", "-show_data_hash", "MD5",
                         "-show_entries", "packet=data_hash", "-of", "csv=p=0", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, NULL);
  g_assert_nonnull (out);
  return g_strsplit (g_strstrip (out), "\n", -1);
}

static char **
packet_hashes (const char *path)
{
  return stream_hashes (path, "v:0");
}

/* how many of @path's video packets are byte for byte packets of @source */
static guint
count_copied_packets (const char *source,
                      const char *path)
{
  g_auto(GStrv) src = packet_hashes (source);
  g_auto(GStrv) out = packet_hashes (path);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; src[i] != NULL; i++)
    g_hash_table_add (known, src[i]);
  for (guint i = 0; out[i] != NULL; i++)
    if (g_hash_table_contains (known, out[i]))
      n++;
  return n;
}

static void
run_splice (const char   *source,
            guint         in,
            guint         out,
            const char   *middle,
            const char   *dest,
            RushesRecipe *recipe)
{
  g_autoptr(GFile) fsource = g_file_new_for_path (source);
  g_autoptr(GFile) fmiddle = g_file_new_for_path (middle);
  g_autoptr(GFile) fdest = g_file_new_for_path (dest);
  g_autoptr(GError) error = NULL;
  gboolean spliced = rushes_splice (fsource, frame_time (in), frame_time (out), fmiddle, fdest, recipe, NULL, &error);

  /* the error first: a failure says why */
  g_assert_no_error (error);
  g_assert_true (spliced);
}

/* Frames outside [in, out) are the source's (PSNR > 32 dB against the same
 * frame), those inside come from the middle (the frame shown at k/n of its
 * length, scaled) and are not the source's. */
static void
assert_spliced (const char *source,
                const char *middle,
                const char *path,
                guint       in,
                guint       out)
{
  guint n_src = 0, n_out = 0, n_mid = 0;
  g_autofree guint8 *src = media_decode_rgb (source, W, H, &n_src);
  g_autofree guint8 *res = media_decode_rgb (path, W, H, &n_out);
  g_autofree guint8 *mid = media_decode_rgb (middle, W, H, &n_mid);

  g_assert_cmpuint (n_mid, ==, MIDDLE_FRAMES);
  g_assert_cmpuint (n_out, ==, n_src);
  for (guint i = 0; i < n_out; i++)
    {
      const guint8 *o = res + (gsize) i * FRAME_SIZE;
      double vs_source = media_psnr (o, src + (gsize) i * FRAME_SIZE, FRAME_SIZE);

      if (i < in || i >= out)
        {
          if (vs_source < 32.0)
            g_error ("frame %u outside the retake: PSNR %.1f dB against the source", i, vs_source);
        }
      else
        {
          guint j = (i - in) * n_mid / (out - in);
          double vs_middle = 0;

          /* the retimed middle frame, or a neighbour where the rounding of
           * the retiming falls the other way */
          for (guint k = j > 0 ? j - 1 : 0; k <= j + 1 && k < n_mid; k++)
            vs_middle = MAX (vs_middle, media_psnr (o, mid + (gsize) k * FRAME_SIZE, FRAME_SIZE));

          if (vs_source > 20.0 || vs_middle < 25.0)
            g_error ("frame %u inside the retake: PSNR %.1f dB against the source, %.1f against middle frame %u",
                     i, vs_source, vs_middle, j);
        }
    }
}

static void
test_vp9 (void)
{
  const char *source = media_fixture ("splice-src-vp9.webm", VP9_ARGS);
  const char *middle = media_fixture ("splice-middle.webm", MIDDLE_ARGS);
  g_autofree char *path = out_path ("spliced-vp9.webm");
  g_autofree char *sidecar = out_path ("spliced-vp9.rushes.json");
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *vcodec = NULL;
  g_autofree char *acodec = NULL;
  g_auto(GStrv) src_audio = stream_hashes (source, "a:0");
  g_auto(GStrv) out_audio = NULL;
  g_auto(GStrv) src_packets = packet_hashes (source);
  g_auto(GStrv) out_packets = NULL;

  rushes_recipe_set_prompt (recipe, "a heron, retaken");
  rushes_recipe_set_lineage (recipe, "retake", source, 1.5, 2.5);
  run_splice (source, 45, 75, middle, path, recipe);
  assert_spliced (source, middle, path, 45, 75);

  /* VP9 has no reordering: the head [0, 45) is copied whole; the tail's
   * GOP at 60 is re-encoded from 75 to its end, the GOP at 90 copied */
  out_packets = packet_hashes (path);
  g_assert_cmpuint (g_strv_length (out_packets), ==, 120);
  for (guint i = 0; i < 45; i++)
    g_assert_cmpstr (out_packets[i], ==, src_packets[i]);
  for (guint i = 90; i < 120; i++)
    g_assert_cmpstr (out_packets[i], ==, src_packets[i]);

  vcodec = media_probe (path, "v:0", "stream=codec_name");
  acodec = media_probe (path, "a:0", "stream=codec_name");
  g_assert_cmpstr (vcodec, ==, "vp9");
  g_assert_cmpstr (acodec, ==, "opus");
  /* the source's audio, whole (the middle's 1000 Hz tone is not in it) */
  out_audio = stream_hashes (path, "a:0");
  g_assert_cmpuint (g_strv_length (out_audio), ==, g_strv_length (src_audio));
  for (guint i = 0; src_audio[i] != NULL; i++)
    g_assert_cmpstr (out_audio[i], ==, src_audio[i]);

  /* the recipe as given, in the sidecar and in the tags */
  g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"retake\""));
  g_assert_nonnull (strstr (json, "a heron, retaken"));
  tag = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (tag, "\"retake\""));
}

static void
test_h264 (void)
{
  const char *source = media_fixture ("splice-src-h264.mp4", H264_ARGS);
  const char *middle = media_fixture ("splice-middle.webm", MIDDLE_ARGS);
  g_autofree char *path = out_path ("spliced-h264.mp4");
  g_autofree char *vcodec = NULL;
  g_autofree char *acodec = NULL;

  /* B-frames: the GOPs at 0 and 90 are copied (their keyframes may carry
   * parameter sets: not counted), and the head's GOP at 30 up to frame 40
   * as far as it decodes on its own */
  run_splice (source, 40, 70, middle, path, NULL);
  assert_spliced (source, middle, path, 40, 70);
  g_assert_cmpuint (count_copied_packets (source, path), >=, 29 + 29);

  vcodec = media_probe (path, "v:0", "stream=codec_name");
  acodec = media_probe (path, "a:0", "stream=codec_name");
  g_assert_cmpstr (vcodec, ==, "h264");
  g_assert_cmpstr (acodec, ==, "aac");
}

static void
test_edges (void)
{
  const char *source = media_fixture ("splice-src-vp9.webm", VP9_ARGS);
  const char *middle = media_fixture ("splice-middle.webm", MIDDLE_ARGS);
  g_autofree char *head = out_path ("spliced-head.webm");
  g_autofree char *tail = out_path ("spliced-tail.webm");

  /* from the first frame (no head), and to the last (no tail) */
  run_splice (source, 0, 20, middle, head, NULL);
  assert_spliced (source, middle, head, 0, 20);
  run_splice (source, 100, 120, middle, tail, NULL);
  assert_spliced (source, middle, tail, 100, 120);
}

static void
test_refusals (void)
{
  const char *source = media_fixture ("splice-src-vp9.webm", VP9_ARGS);
  const char *middle = media_fixture ("splice-middle.webm", MIDDLE_ARGS);
  g_autofree char *dest = out_path ("refused.webm");
  g_autofree char *mp4 = out_path ("refused.mp4");
  g_autoptr(GFile) fsource = g_file_new_for_path (source);
  g_autoptr(GFile) fmiddle = g_file_new_for_path (middle);
  g_autoptr(GFile) fdest = g_file_new_for_path (dest);
  g_autoptr(GFile) fmp4 = g_file_new_for_path (mp4);
  RushesSplicePlan plan;
  GError *error = NULL;

  /* a plan snaps to frames */
  g_assert_true (rushes_splice_plan (fsource, fdest, frame_time (45) + GST_MSECOND, frame_time (75), &plan, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (plan.n_frames, ==, 120);
  g_assert_cmpuint (plan.in_frame, ==, 45);
  g_assert_cmpuint (plan.out_frame, ==, 75);
  g_assert_cmpint (plan.width, ==, W);
  g_assert_cmpint (plan.fps_n, ==, FPS);

  /* no frame in the range; past the end; another file type; over the source */
  g_assert_false (rushes_splice (fsource, frame_time (45), frame_time (45) + GST_MSECOND, fmiddle, fdest, NULL, NULL, &error));
  g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (rushes_splice_plan (fsource, fdest, GST_SECOND, 5 * GST_SECOND, &plan, NULL, &error));
  g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "past the end"));
  g_clear_error (&error);
  g_assert_false (rushes_splice (fsource, GST_SECOND, 2 * GST_SECOND, fmiddle, fmp4, NULL, NULL, &error));
  g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (rushes_splice (fsource, GST_SECOND, 2 * GST_SECOND, fmiddle, fsource, NULL, NULL, &error));
  g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (mp4, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/splicer/vp9", test_vp9);
  g_test_add_func ("/splicer/h264", test_h264);
  g_test_add_func ("/splicer/edges", test_edges);
  g_test_add_func ("/splicer/refusals", test_refusals);

  return g_test_run ();
}
