/* test-trimmer.c: frame-exact and lossless trims, checked against ffmpeg's decode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-output-lock.h"
#include "rushes-recipe.h"
#include "rushes-tagger.h"
#include "rushes-take.h"
#include "rushes-trimmer.h"
#include "rushes-trimmer-private.h"

#define W 160
#define H 120
#define FRAME_SIZE (W * H * 3)

/* 4 s at 30 fps, GOP 30, B-frames, AAC: every frame differs (testsrc2) */
#define H264_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                  "-c:v libx264 -preset ultrafast -bf 2 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest"
#define VP9_ARGS  "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                  "-c:v libvpx-vp9 -deadline realtime -cpu-used 8 -g 30 -b:v 400k -c:a libopus -shortest"
/* 5 s, moov first: cut to a quarter, the header still says 5 s */
#define LONG_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=5 -f lavfi -i sine=f=440:duration=5 " \
                  "-c:v libx264 -preset ultrafast -bf 2 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k " \
                  "-shortest -movflags +faststart"
/* the same without B-frames: no reordering */
#define H264_NOB_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -f lavfi -i sine=f=440:duration=4 " \
                      "-c:v libx264 -preset ultrafast -bf 0 -g 30 -keyint_min 30 -sc_threshold 0 -pix_fmt yuv420p -c:a aac -b:a 64k -shortest"
#define GIF_ARGS  "-f lavfi -i testsrc2=size=160x120:rate=10:duration=3"

static char *
out_path (const char *name)
{
  return g_build_filename (media_fixture_dir (), name, NULL);
}

static GstClockTime
frame_time (guint frame,
            guint fps)
{
  return gst_util_uint64_scale (frame, GST_SECOND, fps);
}

/* each output frame i must be source frame first + i: closer to it than to its neighbours */
static void
assert_frames_match_psnr (const char *source,
                          const char *trimmed,
                          guint       first,
                          guint       n_expected,
                          double      min_psnr)
{
  guint n_src = 0, n_out = 0;
  g_autofree guint8 *src = media_decode_rgb (source, W, H, &n_src);
  g_autofree guint8 *out = media_decode_rgb (trimmed, W, H, &n_out);

  g_assert_cmpuint (n_out, ==, n_expected);
  for (guint i = 0; i < n_out; i++)
    {
      const guint8 *o = out + (gsize) i * FRAME_SIZE;
      double match = media_psnr (o, src + (gsize) (first + i) * FRAME_SIZE, FRAME_SIZE);

      if (match < min_psnr)
        g_error ("output frame %u vs source frame %u: PSNR %.1f dB", i, first + i, match);
      if (first + i > 0)
        g_assert_cmpfloat (match, >, media_psnr (o, src + (gsize) (first + i - 1) * FRAME_SIZE, FRAME_SIZE));
      if (first + i + 1 < n_src)
        g_assert_cmpfloat (match, >, media_psnr (o, src + (gsize) (first + i + 1) * FRAME_SIZE, FRAME_SIZE));
    }
}

static void
assert_frames_match (const char *source,
                     const char *trimmed,
                     guint       first,
                     guint       n_expected)
{
  assert_frames_match_psnr (source, trimmed, first, n_expected, 28.0);
}

static void
run_trim (RushesTrimmer *trimmer)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_trimmer_run (trimmer, NULL, &error));
  g_assert_no_error (error);
}

static void
test_exact_h264 (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *path = out_path ("exact-h264.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autofree char *acodec = NULL;

  /* both cuts inside a GOP: head and tail are re-encoded, the middle copied */
  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (17, 30), frame_time (95, 30));
  run_trim (trimmer);
  g_assert_cmpuint (media_count_frames (path), ==, 95 - 17);
  assert_frames_match (source, path, 17, 95 - 17);
  acodec = media_probe (path, "a:0", "stream=codec_name");
  g_assert_cmpstr (acodec, ==, "aac");
}

static void
test_exact_h264_keyframe_cuts (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *path = out_path ("exact-h264-key.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;

  /* in on a keyframe, out mid-GOP; and a range inside one GOP */
  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (30, 30), frame_time (71, 30));
  run_trim (trimmer);
  assert_frames_match (source, path, 30, 41);
  g_clear_object (&trimmer);

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (63, 30), frame_time (70, 30));
  run_trim (trimmer);
  assert_frames_match (source, path, 63, 7);
}

/* the MD5 of every video packet, in decode order */
static char **
packet_hashes (const char *path)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0", "-show_packets", "-show_data_hash", "MD5",
                         "-show_entries", "packet=data_hash", "-of", "csv=p=0", path, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, NULL);
  g_assert_nonnull (out);
  return g_strsplit (g_strstrip (out), "\n", -1);
}

/* How many of @trimmed's video packets from the @first-th on (decode
 * order) are byte for byte packets of @source: copied, not re-encoded. */
static guint
count_copied_packets (const char *source,
                      const char *trimmed,
                      guint       first)
{
  g_auto(GStrv) src = packet_hashes (source);
  g_auto(GStrv) out = packet_hashes (trimmed);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; src[i] != NULL; i++)
    g_hash_table_add (known, src[i]);
  for (guint i = first; i < g_strv_length (out); i++)
    if (g_hash_table_contains (known, out[i]))
      n++;
  return n;
}

/* Exact trim of [in, out) frames: frame-exact (count, every frame by PSNR,
 * the last one included) and the frames of the last GOP from @key (its
 * keyframe, which may carry new headers) copied but @reencoded. */
static void
assert_tail_copied (const char *source,
                    const char *path,
                    guint       in,
                    guint       out,
                    guint       key,
                    guint       reencoded)
{
  g_autoptr(GFile) fin = g_file_new_for_path (source);
  g_autoptr(GFile) fout = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;

  trimmer = rushes_trimmer_new (fin, fout, RUSHES_TRIM_MODE_EXACT, frame_time (in, 30), frame_time (out, 30));
  run_trim (trimmer);
  g_assert_cmpuint (media_count_frames (path), ==, out - in);
  assert_frames_match (source, path, in, out - in);
  /* in decode order: the frames before @key, then its GOP */
  g_assert_cmpuint (count_copied_packets (source, path, key - in + 1), ==, out - key - 1 - reencoded);
}

static void
test_exact_tail_copy (void)
{
  const char *bframes = media_fixture ("src-h264.mp4", H264_ARGS);
  const char *no_bframes = media_fixture ("src-h264-nob.mp4", H264_NOB_ARGS);
  const char *vp9 = media_fixture ("src-vp9.webm", VP9_ARGS);
  g_autofree char *path = out_path ("exact-tail.mp4");
  g_autofree char *webm = out_path ("exact-tail.webm");
  g_autofree char *acodec = NULL;

  /* B-frames (decode order I60 P63 B61 B62 P66 B64 B65 …): up to out = 79
   * the last GOP's packets form a prefix in decode order that decodes on
   * its own: all copied; at out = 80 frame 79 needs P81, which is dropped:
   * only frame 79 is re-encoded */
  assert_tail_copied (bframes, path, 30, 79, 60, 0);
  assert_tail_copied (bframes, path, 30, 80, 60, 1);
  assert_tail_copied (bframes, path, 17, 83, 60, 1);
  acodec = media_probe (path, "a:0", "stream=codec_name");
  g_assert_cmpstr (acodec, ==, "aac");

  /* no reordering: any out point copies */
  assert_tail_copied (no_bframes, path, 17, 80, 60, 0);
  assert_tail_copied (vp9, webm, 10, 77, 60, 0);
}

static void
test_exact_vp9 (void)
{
  const char *source = media_fixture ("src-vp9.webm", VP9_ARGS);
  g_autofree char *path = out_path ("exact-vp9.webm");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autofree char *vcodec = NULL;
  g_autofree char *acodec = NULL;

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (10, 30), frame_time (77, 30));
  run_trim (trimmer);
  assert_frames_match (source, path, 10, 67);
  vcodec = media_probe (path, "v:0", "stream=codec_name");
  acodec = media_probe (path, "a:0", "stream=codec_name");
  g_assert_cmpstr (vcodec, ==, "vp9");
  g_assert_cmpstr (acodec, ==, "opus");
}

static void
test_exact_webp (void)
{
  /* ffmpeg cannot decode animated WebP: compare with a lossless copy of the same frames */
  const char *source = media_fixture ("src.webp", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=3 -c:v libwebp_anim -lossless 1 -loop 0");
  const char *reference = media_fixture ("src-webp-ref.mkv", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=3 -c:v ffv1");
  g_autofree char *path = out_path ("exact-webp.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (7, 10), frame_time (26, 10));
  run_trim (trimmer);
  /* RGB → 4:2:0 on both sides: a lower floor, still closest to its own frame */
  assert_frames_match_psnr (reference, path, 7, 19, 24.0);
}

static void
test_odd_size (void)
{
  const char *source = media_fixture ("src-720x528.mp4",
                                      "-f lavfi -i testsrc2=size=720x528:rate=24:duration=2 -c:v libx264 -preset ultrafast -g 12 -bf 1 -pix_fmt yuv420p");
  g_autofree char *path = out_path ("exact-720x528.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autofree char *w = NULL;
  g_autofree char *h = NULL;
  g_autofree char *audio = NULL;

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (7, 24), frame_time (40, 24));
  run_trim (trimmer);
  w = media_probe (path, "v:0", "stream=width");
  h = media_probe (path, "v:0", "stream=height");
  g_assert_cmpstr (w, ==, "720");
  g_assert_cmpstr (h, ==, "528");
  audio = media_probe (path, "a", "stream=codec_name");
  g_assert_cmpstr (audio, ==, "");
  assert_frames_match (source, path, 7, 33);
}

static void
test_vfr (void)
{
  /* every 4th frame dropped: intervals of 33 and 67 ms */
  const char *source = media_fixture ("src-vfr.mp4",
                                      "-f lavfi -i testsrc2=size=160x120:rate=30:duration=4 -vf select=not(eq(mod(n\\,4)\\,3)) -vsync vfr "
                                      "-c:v libx264 -preset ultrafast -g 20 -bf 2 -pix_fmt yuv420p");
  g_autofree char *path = out_path ("exact-vfr.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autofree char *pts_list = media_probe (source, "v:0", "frame=pts_time");
  g_auto(GStrv) lines = g_strsplit (pts_list, "\n", -1);
  guint first = G_MAXUINT, count = 0;

  /* the kept frames: pts in [1.0, 2.5) */
  for (guint i = 0; lines[i]; i++)
    {
      double t = g_ascii_strtod (lines[i], NULL);

      if (t >= 1.0 - 0.001 && t < 2.5 - 0.001)
        {
          first = MIN (first, i);
          count++;
        }
    }
  g_assert_cmpuint (count, >, 30);
  g_assert_cmpuint (count, <, 45);

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, GST_SECOND, 2500 * GST_MSECOND);
  run_trim (trimmer);
  assert_frames_match (source, path, first, count);
}

static void
test_exact_gif (void)
{
  const char *source = media_fixture ("src.gif", GIF_ARGS);
  g_autofree char *path = out_path ("exact-gif.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (4, 10), frame_time (23, 10));
  run_trim (trimmer);
  /* dithered 256-colour frames re-encoded to 4:2:0: a lower floor, but each
   * frame must still be closer to its source frame than to the neighbours */
  assert_frames_match_psnr (source, path, 4, 19, 22.0);
}

static void
test_lossless (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *path = out_path ("lossless.mp4");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) src_hashes = NULL;
  g_auto(GStrv) out_hashes = NULL;
  g_autofree char *duration = NULL;
  GstClockTime kept_in, kept_out;
  guint start = 0, n_out;

  /* keyframes every 30 frames: [1.5, 2.2) snaps to [1.0, 3.0) */
  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_LOSSLESS, 1500 * GST_MSECOND, 2200 * GST_MSECOND);
  g_assert_true (rushes_trimmer_plan (trimmer, NULL, &error));
  g_assert_no_error (error);
  kept_in = rushes_trimmer_get_kept_in (trimmer);
  kept_out = rushes_trimmer_get_kept_out (trimmer);
  g_assert_cmpuint (kept_in, ==, frame_time (30, 30));
  g_assert_cmpuint (kept_out, ==, frame_time (90, 30));
  g_assert_false (g_file_query_exists (out, NULL));

  run_trim (trimmer);
  g_assert_cmpuint (rushes_trimmer_get_kept_in (trimmer), ==, kept_in);
  g_assert_cmpuint (rushes_trimmer_get_kept_out (trimmer), ==, kept_out);

  /* duration matches the snapped points */
  duration = media_probe (path, "v:0", "stream=duration");
  g_assert_cmpfloat (fabs (g_ascii_strtod (duration, NULL) - (double) (kept_out - kept_in) / GST_SECOND), <, 0.034);
  g_assert_cmpuint (media_count_frames (path), ==, 60);

  /* the copied packets are bit-identical: a contiguous run of the source's, in order */
  src_hashes = packet_hashes (source);
  out_hashes = packet_hashes (path);
  n_out = g_strv_length (out_hashes);
  g_assert_cmpuint (n_out, ==, 60);
  while (src_hashes[start] && !g_str_equal (src_hashes[start], out_hashes[0]))
    start++;
  g_assert_nonnull (src_hashes[start]);
  g_assert_cmpuint (start, ==, 30);
  for (guint i = 0; i < n_out; i++)
    g_assert_cmpstr (out_hashes[i], ==, src_hashes[start + i]);

  assert_frames_match (source, path, 30, 60);

  /* without a source recipe the sidecar still records lineage and the video */
  {
    g_autofree char *sidecar = out_path ("lossless.rushes.json");
    g_autofree char *json = NULL;
    g_autoptr(RushesRecipe) recipe = NULL;

    g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
    recipe = rushes_recipe_new_from_json (json, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rushes_recipe_get_derived_from (recipe), ==, source);
    g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 160);
    g_assert_cmpuint (rushes_recipe_get_height (recipe), ==, 120);
    g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 30);
    g_assert_nonnull (strstr (json, "\"in\" : 1.0"));
    g_assert_nonnull (strstr (json, "\"out\" : 3.0"));
  }
}

static void
test_sidecar (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *path = out_path ("sidecar.mp4");
  g_autofree char *sidecar = out_path ("sidecar.rushes.json");
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesRecipe) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *source_before = NULL;
  g_autofree char *source_after = NULL;
  gsize len_before, len_after;

  g_assert_true (g_file_get_contents (source, &source_before, &len_before, NULL));
  rushes_recipe_set_prompt (recipe, "a red fox");
  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, GST_SECOND, 2 * GST_SECOND);
  rushes_trimmer_set_source_recipe (trimmer, recipe);
  run_trim (trimmer);

  g_assert_true (g_file_get_contents (sidecar, &json, NULL, NULL));
  written = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_prompt (written), ==, "a red fox");
  g_assert_cmpstr (rushes_recipe_get_derived_from (written), ==, source);
  g_assert_nonnull (strstr (json, "\"trim\""));

  /* the original is never changed */
  g_assert_true (g_file_get_contents (source, &source_after, &len_after, NULL));
  g_assert_cmpuint (len_before, ==, len_after);
  g_assert_cmpmem (source_before, len_before, source_after, len_after);

  /* a trim of a take is titled after it (here one its user renamed) */
  {
    g_autofree char *take_path = out_path ("named-take.mp4");
    g_autofree char *take_sidecar = out_path ("named-take.rushes.json");
    g_autofree char *trim_path = out_path ("named-trim.mp4");
    g_autofree char *trim_sidecar = out_path ("named-trim.rushes.json");
    g_autoptr(GFile) take_file = g_file_new_for_path (take_path);
    g_autoptr(GFile) trim_file = g_file_new_for_path (trim_path);
    g_autoptr(RushesTrimmer) again = NULL;
    g_autoptr(RushesTake) take = NULL;
    g_autoptr(RushesTake) trimmed = NULL;

    g_assert_true (g_file_set_contents (take_path, source_before, len_before, NULL));
    g_assert_true (rushes_take_write_sidecar (take_path, recipe, NULL, NULL));
    take = rushes_take_new_from_sidecar (take_sidecar, &error);
    g_assert_no_error (error);
    g_assert_true (rushes_take_rename (take, "the fox at dusk", &error));
    again = rushes_trimmer_new (take_file, trim_file, RUSHES_TRIM_MODE_EXACT, GST_SECOND, 2 * GST_SECOND);
    run_trim (again);
    trimmed = rushes_take_new_from_sidecar (trim_sidecar, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rushes_take_get_title (trimmed), ==, "trim of the fox at dusk");
  }
}

/* The comment in @path's container tags as another tool sees it
 * (ffprobe: "comment" in MP4, "COMMENTS" in WebM), or NULL when none. */
static char *
ffprobe_comment (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-show_entries", "format_tags", "-of", "json", path, NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  JsonObject *format;
  JsonObject *tags;
  const char *value;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, NULL, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  format = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "format");
  if (!json_object_has_member (format, "tags"))
    return NULL;
  tags = json_object_get_object_member (format, "tags");
  value = json_object_get_string_member_with_default (tags, "comment", NULL);
  if (value == NULL)
    value = json_object_get_string_member_with_default (tags, "COMMENTS", NULL);
  return g_strdup (value);
}

#define TAG_PROMPT "a red fox, “quoted”\nat {dawn}"

/* Trims [1.5, 2.2) of @source to @name: the new file's tags hold the
 * sidecar's recipe, with the trim's lineage, as plain JSON. */
static void
check_trim_tag (const char     *source,
                const char     *name,
                RushesTrimMode  mode,
                RushesRecipe   *recipe)
{
  g_autofree char *path = out_path (name);
  g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (in, out, mode, 1500 * GST_MSECOND, 2200 * GST_MSECOND);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RushesRecipe) tagged = NULL;
  g_autoptr(RushesRecipe) sidecar_recipe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *read = NULL;
  g_autofree char *sidecar_json = NULL;
  JsonObject *object;
  JsonObject *lineage;

  if (recipe != NULL)
    rushes_trimmer_set_source_recipe (trimmer, recipe);
  run_trim (trimmer);

  /* ffprobe sees plain JSON: the source's prompt, the trim's lineage */
  seen = ffprobe_comment (path);
  g_assert_nonnull (seen);
  json_parser_load_from_data (parser, seen, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, TAG_PROMPT);
  lineage = json_object_get_object_member (object, "lineage");
  g_assert_cmpstr (json_object_get_string_member (lineage, "operation"), ==, "trim");
  g_assert_cmpstr (json_object_get_string_member (lineage, "derived_from"), ==, source);
  g_assert_cmpfloat (json_object_get_double_member (lineage, "in"), ==,
                     (double) rushes_trimmer_get_kept_in (trimmer) / GST_SECOND);
  g_assert_cmpfloat (json_object_get_double_member (lineage, "out"), ==,
                     (double) rushes_trimmer_get_kept_out (trimmer) / GST_SECOND);

  /* Rushes reads back the same, and it is the sidecar's recipe */
  read = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read, ==, seen);
  tagged = rushes_recipe_new_from_json (read, -1, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (sidecar, &sidecar_json, NULL, NULL));
  sidecar_recipe = rushes_recipe_new_from_json (sidecar_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_recipe_equal (tagged, sidecar_recipe));
}

static void
test_recipe_tag (void)
{
  const char *h264 = media_fixture ("src-h264.mp4", H264_ARGS);
  const char *vp9 = media_fixture ("src-vp9.webm", VP9_ARGS);
  /* a take whose file carries an older recipe of its own */
  const char *tagged = media_fixture ("src-h264-tagged.mp4", H264_ARGS " -metadata comment={\"version\":1,\"prompt\":\"old\"}");
  g_autofree char *take = out_path ("tag-take.webm");
  g_autofree char *plain = out_path ("tag-none.mp4");
  g_autoptr(GFile) plain_file = g_file_new_for_path (plain);
  g_autoptr(GFile) h264_file = g_file_new_for_path (h264);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *read = NULL;
  g_autofree char *seen = NULL;
  gsize length;

  rushes_recipe_set_prompt (recipe, TAG_PROMPT);
  /* packet copy, and packet copy with re-encoded edges */
  check_trim_tag (h264, "tag-lossless.mp4", RUSHES_TRIM_MODE_LOSSLESS, recipe);
  check_trim_tag (h264, "tag-exact.mp4", RUSHES_TRIM_MODE_EXACT, recipe);
  check_trim_tag (h264, "tag-exact.mov", RUSHES_TRIM_MODE_EXACT, recipe);
  check_trim_tag (vp9, "tag-lossless.webm", RUSHES_TRIM_MODE_LOSSLESS, recipe);
  /* the re-encode engine (a container change): the trim's recipe replaces the source's */
  check_trim_tag (tagged, "tag-exact.webm", RUSHES_TRIM_MODE_EXACT, recipe);
  /* no recipe given: the source take's sidecar has it */
  g_assert_true (g_file_get_contents (vp9, &data, &length, NULL));
  g_assert_true (g_file_set_contents (take, data, length, NULL));
  g_assert_true (rushes_take_write_sidecar (take, recipe, NULL, NULL));
  check_trim_tag (take, "tag-exact-take.webm", RUSHES_TRIM_MODE_EXACT, NULL);

  /* a source without a recipe: no recipe in the file (the sidecar still has one) */
  trimmer = rushes_trimmer_new (h264_file, plain_file, RUSHES_TRIM_MODE_LOSSLESS, GST_SECOND, 2 * GST_SECOND);
  run_trim (trimmer);
  read = rushes_tagger_read (plain, &error);
  g_assert_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_NOT_FOUND);
  g_assert_null (read);
  seen = ffprobe_comment (plain);
  g_assert_null (seen);
}

static void
cancel_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (rushes_trimmer_run_finish (RUSHES_TRIMMER (source), result, error));
}

static void
test_cancel (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *dir = g_dir_make_tmp ("rushes-cancel-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.mp4", NULL);
  g_autoptr(GFile) in = g_file_new_for_path (source);
  g_autoptr(GFile) out = g_file_new_for_path (path);
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDir) d = NULL;
  GError *error = NULL;

  trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, frame_time (5, 30), frame_time (100, 30));
  rushes_trimmer_run_async (trimmer, cancellable, cancel_cb, &error);
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* nothing left behind: no output, no temporary file */
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_rmdir (dir);
}

static void
test_corrupt (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *truncated = out_path ("truncated.mp4");
  g_autofree char *garbage = out_path ("garbage.mp4");
  g_autofree char *path = out_path ("from-corrupt.mp4");
  g_autofree char *data = NULL;
  gsize len;
  const char *inputs[] = { truncated, garbage };

  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_true (g_file_set_contents (truncated, data, len / 3, NULL));
  g_assert_true (g_file_set_contents (garbage, "\x00\x00\x00\x18" "ftypisom" "garbage garbage garbage", 32, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GFile) in = g_file_new_for_path (inputs[i]);
      g_autoptr(GFile) out = g_file_new_for_path (path);
      g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, GST_SECOND, 3 * GST_SECOND);
      g_autoptr(GError) error = NULL;

      g_assert_false (rushes_trimmer_run (trimmer, NULL, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == RUSHES_TRIMMER_ERROR || error->domain == G_IO_ERROR);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_false (g_file_query_exists (out, NULL));
    }
}

static void
test_parse_time (void)
{
  GstClockTime t = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_trim_parse_time ("3.5", 0, 0, &t, NULL));
  g_assert_cmpuint (t, ==, 3500 * GST_MSECOND);
  g_assert_true (rushes_trim_parse_time ("00:00:03.500", 0, 0, &t, NULL));
  g_assert_cmpuint (t, ==, 3500 * GST_MSECOND);
  g_assert_true (rushes_trim_parse_time ("01:02:03", 0, 0, &t, NULL));
  g_assert_cmpuint (t, ==, 3723 * GST_SECOND);
  g_assert_true (rushes_trim_parse_time ("105f", 30, 1, &t, NULL));
  g_assert_cmpuint (t, ==, 3500 * GST_MSECOND);
  g_assert_true (rushes_trim_parse_time ("0f", 30000, 1001, &t, NULL));
  g_assert_cmpuint (t, ==, 0);
  g_assert_false (rushes_trim_parse_time ("105f", 0, 0, &t, &error));
  g_clear_error (&error);
  g_assert_false (rushes_trim_parse_time ("abc", 30, 1, &t, &error));
  g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (rushes_trim_parse_time ("-1", 30, 1, &t, NULL));
  g_assert_false (rushes_trim_parse_time ("00:75:00", 30, 1, &t, NULL));
  g_assert_false (rushes_trim_parse_time ("", 30, 1, &t, NULL));
}

static int
run_cli (const char  *args,
         char       **err)
{
  g_autofree char *cmd = g_strdup_printf ("%s trim %s", g_getenv ("RUSHES_EXE"), args);
  g_auto(GStrv) argv = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, err, &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *path = out_path ("cli.mp4");
  g_autofree char *args = NULL;
  g_autofree char *err = NULL;

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE is not set");
      return;
    }

  args = g_strdup_printf ("'%s' --in 15f --out 00:00:02.500 --mode exact --output '%s'", source, path);
  g_assert_cmpint (run_cli (args, NULL), ==, 0);
  assert_frames_match (source, path, 15, 75 - 15);
  g_free (args);

  /* bad usage: 2; failure: 1 with a message */
  args = g_strdup_printf ("'%s' --in 2 --out 1 --output '%s'", source, path);
  g_assert_cmpint (run_cli (args, NULL), ==, 2);
  g_free (args);
  args = g_strdup_printf ("'%s' --in 1 --out 2 --mode fast --output '%s'", source, path);
  g_assert_cmpint (run_cli (args, NULL), ==, 2);
  g_free (args);
  g_assert_cmpint (run_cli ("--in 1 --out 2", NULL), ==, 2);
  args = g_strdup_printf ("/nonexistent/take.mp4 --in 1 --out 2 --output '%s'", path);
  g_assert_cmpint (run_cli (args, &err), ==, 1);
  g_assert_nonnull (strstr (err, "take.mp4"));
}

/* `rushes trim ARGS`: the exit status, stdout and stderr */
static int
run_cli_full (const char  *args,
              char       **out,
              char       **err)
{
  g_autofree char *cmd = g_strdup_printf ("%s trim %s", g_getenv ("RUSHES_EXE"), args);
  g_auto(GStrv) argv = NULL;
  int status = 0;

  g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, NULL));
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* the source made above, its data cut to a quarter with truncate(2) */
static const char *
truncated_fixture (void)
{
  static char *path;
  const char *source = media_fixture ("src-5s-faststart.mp4", LONG_ARGS);
  g_autofree char *data = NULL;
  gsize len;

  if (path != NULL)
    return path;
  path = out_path ("truncated-quarter.mp4");
  g_assert_true (g_file_get_contents (source, &data, &len, NULL));
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  g_assert_cmpint (truncate (path, len / 4), ==, 0);
  /* what the header still claims */
  {
    g_autofree char *claimed = media_probe (path, NULL, "format=duration");

    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (claimed, NULL), 5.0, 0.05);
  }
  return path;
}

static double
video_seconds (const char *path)
{
  return media_count_frames (path) / 30.0;
}

static void
test_truncated_source (void)
{
  g_autoptr(GFile) in = g_file_new_for_path (truncated_fixture ());
  const RushesTrimMode modes[] = { RUSHES_TRIM_MODE_EXACT, RUSHES_TRIM_MODE_LOSSLESS };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *path = out_path (i == 0 ? "from-truncated-exact.mp4" : "from-truncated-lossless.mp4");
      g_autoptr(GFile) out = g_file_new_for_path (path);
      g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (in, out, modes[i], GST_SECOND / 2, 4500 * GST_MSECOND);
      double kept;

      /* starts inside the data: keeps what there is, and says where it stopped */
      run_trim (trimmer);
      g_assert_true (rushes_trimmer_get_source_ended (trimmer));
      kept = (double) (rushes_trimmer_get_kept_out (trimmer) - rushes_trimmer_get_kept_in (trimmer)) / GST_SECOND;
      g_assert_cmpfloat (rushes_trimmer_get_kept_out (trimmer), <, 1.5 * GST_SECOND);
      g_assert_cmpfloat (kept, >, 0.3);
      /* and the claim is what the file holds, to a frame */
      g_assert_cmpfloat_with_epsilon (video_seconds (path), kept, 1.0 / 30 + 0.005);
    }
  {
    g_autofree char *path = out_path ("past-truncated.mp4");
    g_autoptr(GFile) out = g_file_new_for_path (path);
    g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (in, out, RUSHES_TRIM_MODE_EXACT, 2 * GST_SECOND, 4500 * GST_MSECOND);
    g_autoptr(GError) error = NULL;

    /* starts past the data: fails naming where it ends, writes nothing */
    g_assert_false (rushes_trimmer_run (trimmer, NULL, &error));
    g_assert_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE);
    g_assert_nonnull (strstr (error->message, "data ends at 1."));
    g_assert_false (g_file_query_exists (out, NULL));
  }
  {
    const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
    g_autoptr(GFile) whole = g_file_new_for_path (source);
    g_autofree char *path = out_path ("past-end.mp4");
    g_autoptr(GFile) out = g_file_new_for_path (path);
    g_autoptr(RushesTrimmer) trimmer = rushes_trimmer_new (whole, out, RUSHES_TRIM_MODE_EXACT, 3 * GST_SECOND, 10 * GST_SECOND);

    /* a whole file and an out point past its end: the end, told */
    run_trim (trimmer);
    g_assert_true (rushes_trimmer_get_source_ended (trimmer));
    g_assert_cmpuint (rushes_trimmer_get_kept_out (trimmer), ==, 4 * GST_SECOND);
    g_assert_cmpuint (media_count_frames (path), ==, 30);
  }
}

static GstBuffer *
bytes_buffer (const guint8 *data,
              gsize         size)
{
  return gst_buffer_new_memdup (data, size);
}

/* Which H.264 frames the re-encoder need not decode: every slice with
 * nal_ref_idc 0; a referenced slice, no slice or a broken length keeps it. */
static void
test_h264_disposable (void)
{
  static const guint8 avcc[] = { 1, 0x64, 0, 0x1f, 0xff, 0xe1, 0, 0 };
  static const guint8 nonref_b[] = { 0, 0, 0, 2, 0x01, 0x9e, 0, 0, 0, 3, 0x01, 0x9e, 0x11 };
  static const guint8 sei_nonref[] = { 0, 0, 0, 2, 0x06, 0x05, 0, 0, 0, 2, 0x01, 0x9e };
  static const guint8 ref_p[] = { 0, 0, 0, 2, 0x41, 0x9a };
  static const guint8 idr[] = { 0, 0, 0, 2, 0x65, 0x88 };
  static const guint8 mixed[] = { 0, 0, 0, 2, 0x01, 0x9e, 0, 0, 0, 2, 0x21, 0x9e };
  static const guint8 sei_only[] = { 0, 0, 0, 2, 0x06, 0x05 };
  static const guint8 broken[] = { 0, 0, 0, 9, 0x01, 0x9e };
  g_autoptr(GstBuffer) codec_data = bytes_buffer (avcc, sizeof avcc);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-h264", "stream-format", G_TYPE_STRING, "avc",
                                                 "codec_data", GST_TYPE_BUFFER, codec_data, NULL);
  g_autoptr(GstCaps) annexb = gst_caps_new_simple ("video/x-h264", "stream-format", G_TYPE_STRING, "byte-stream", NULL);
  struct { const guint8 *data; gsize size; gboolean disposable; } cases[] = {
    { nonref_b, sizeof nonref_b, TRUE },
    { sei_nonref, sizeof sei_nonref, TRUE },
    { ref_p, sizeof ref_p, FALSE },
    { idr, sizeof idr, FALSE },
    { mixed, sizeof mixed, FALSE },
    { sei_only, sizeof sei_only, FALSE },
    { broken, sizeof broken, FALSE },
  };

  g_assert_cmpuint (_rushes_trimmer_h264_nal_length_size (caps), ==, 4);
  g_assert_cmpuint (_rushes_trimmer_h264_nal_length_size (annexb), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GstBuffer) buffer = bytes_buffer (cases[i].data, cases[i].size);

      g_assert_cmpint (_rushes_trimmer_h264_is_disposable (buffer, 4), ==, cases[i].disposable);
      /* not length-prefixed: never skipped */
      g_assert_false (_rushes_trimmer_h264_is_disposable (buffer, 0));
    }
}

static void
test_cli_truncated (void)
{
  const char *source = truncated_fixture ();
  g_autofree char *path = out_path ("cli-truncated.mp4");
  g_autofree char *past = out_path ("cli-past.mp4");
  g_autofree char *args = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  double kept_in = 0, kept_out = 0;
  const char *line;

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE is not set");
      return;
    }

  args = g_strdup_printf ("'%s' --in 0.5 --out 4.5 --output '%s'", source, path);
  g_assert_cmpint (run_cli_full (args, &out, &err), ==, 0);
  line = strstr (out, "Kept: ");
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (line, "(the file ends there)"));
  kept_in = g_ascii_strtod (line + strlen ("Kept: "), (char **) &line);
  g_assert_true (g_str_has_prefix (line, "–"));
  kept_out = g_ascii_strtod (line + strlen ("–"), NULL);
  g_assert_cmpfloat_with_epsilon (kept_in, 0.5, 1e-6);
  g_assert_cmpfloat (kept_out, <, 1.5);
  /* what it says it kept is what the file holds */
  g_assert_cmpfloat_with_epsilon (video_seconds (path), kept_out - kept_in, 1.0 / 30 + 0.005);
  g_clear_pointer (&args, g_free);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  args = g_strdup_printf ("'%s' --in 2 --out 4.5 --output '%s'", source, past);
  g_assert_cmpint (run_cli_full (args, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "the file’s data ends at 1."));
  g_assert_null (strstr (out, "Kept"));
  g_assert_false (g_file_test (past, G_FILE_TEST_EXISTS));
}

/* flock()ed by this process: a live writer's temporary file */
static int
hold_lock (const char *path)
{
  int fd = open (path, O_RDWR | O_CREAT, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  return fd;
}

static void
test_cli_outputs (void)
{
  const char *source = media_fixture ("src-h264.mp4", H264_ARGS);
  g_autofree char *dir = out_path ("outputs");
  g_autofree char *path = g_build_filename (dir, "take.mp4", NULL);
  g_autofree char *stale = g_build_filename (dir, ".killed.mp4.rushes-partial-x1Y2z3", NULL);
  g_autofree char *stale_lock = g_build_filename (dir, ".killed.mp4.rushes-lock", NULL);
  g_autofree char *live = g_build_filename (dir, ".running.mp4.rushes-partial-q7W8e9", NULL);
  g_autofree char *args = NULL;
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  int live_fd;

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE is not set");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

  /* left by a trim killed with -9 (nobody holds them), and one being written */
  g_assert_true (g_file_set_contents (stale, "half a take", -1, NULL));
  g_assert_true (g_file_set_contents (stale_lock, "12345\n", -1, NULL));
  live_fd = hold_lock (live);

  args = g_strdup_printf ("'%s' --in 1 --out 2 --output '%s'", source, path);
  g_assert_cmpint (run_cli (args, NULL), ==, 0);
  g_assert_cmpuint (media_count_frames (path), ==, 30);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale_lock, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));
  close (live_fd);
  g_unlink (live);
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));

  /* there already: bad usage, untouched */
  g_free (args);
  args = g_strdup_printf ("'%s' --in 0 --out 3 --output '%s'", source, path);
  g_assert_cmpint (run_cli (args, &err), ==, 2);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_nonnull (strstr (err, "--overwrite"));
  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  g_clear_pointer (&err, g_free);

  /* another rushes writing it: bad usage, untouched */
  {
    g_autoptr(RushesOutputLock) lock = rushes_output_lock_acquire (path, TRUE, NULL);

    g_assert_nonnull (lock);
    g_free (args);
    args = g_strdup_printf ("'%s' --in 0 --out 3 --overwrite --output '%s'", source, path);
    g_assert_cmpint (run_cli (args, &err), ==, 2);
    g_assert_nonnull (strstr (err, "another rushes is writing"));
    g_assert_cmpuint (media_count_frames (path), ==, 30);
    g_clear_pointer (&err, g_free);
  }

  /* --overwrite replaces it */
  g_assert_cmpint (run_cli (args, NULL), ==, 0);
  g_assert_cmpuint (media_count_frames (path), ==, 90);
  /* the take and its sidecar, no lock or temporary file */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d))
      n++;
    g_assert_cmpuint (n, ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/trimmer/parse-time", test_parse_time);
  g_test_add_func ("/trimmer/exact-h264", test_exact_h264);
  g_test_add_func ("/trimmer/exact-h264-keyframe-cuts", test_exact_h264_keyframe_cuts);
  g_test_add_func ("/trimmer/exact-vp9", test_exact_vp9);
  g_test_add_func ("/trimmer/exact-tail-copy", test_exact_tail_copy);
  g_test_add_func ("/trimmer/exact-gif", test_exact_gif);
  g_test_add_func ("/trimmer/exact-webp", test_exact_webp);
  g_test_add_func ("/trimmer/odd-size-no-audio", test_odd_size);
  g_test_add_func ("/trimmer/vfr", test_vfr);
  g_test_add_func ("/trimmer/lossless", test_lossless);
  g_test_add_func ("/trimmer/sidecar", test_sidecar);
  g_test_add_func ("/trimmer/recipe-tag", test_recipe_tag);
  g_test_add_func ("/trimmer/cancel", test_cancel);
  g_test_add_func ("/trimmer/corrupt", test_corrupt);
  g_test_add_func ("/trimmer/cli", test_cli);
  g_test_add_func ("/trimmer/truncated-source", test_truncated_source);
  g_test_add_func ("/trimmer/cli-truncated", test_cli_truncated);
  g_test_add_func ("/trimmer/h264-disposable", test_h264_disposable);
  g_test_add_func ("/trimmer/cli-outputs", test_cli_outputs);

  return g_test_run ();
}
