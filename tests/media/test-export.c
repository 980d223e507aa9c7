/* test-export.c: the GES timeline, export to real files, and `rushes export`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures are made with ffmpeg: three 2 s 320×240 25 fps testsrc2 clips,
 * each a different hue (so a frame tells which clip it came from, and its
 * moving pattern which time), the middle one without sound. ffprobe and
 * ffmpeg are the oracles for what the exported files contain.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-exporter.h"
#include "rushes-exporter-private.h"
#include "rushes-media-private.h"
#include "rushes-backend-registry.h"
#include "rushes-journal.h"
#include "rushes-output-lock.h"
#include "rushes-sketch-backend.h"
#include "rushes-timeline.h"
#include "rushes-waveform.h"

#define S RUSHES_SECOND
#define W 320
#define H 240
#define FPS 25

static char *fixture_dir;
static char *clip_paths[3];

/* project: c0 [0.4, 1.4] + c1 [0.2, 1.2] + c2 [0, 1] = 3 s, 75 frames */
static const gint64 ins[3] = { 400000000, 200000000, 0 };
static const gint64 outs[3] = { 1400000000, 1200000000, 1000000000 };

static GBytes *
run_command (const char * const *argv,
             int                *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GBytes *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (status)
    *status = g_subprocess_get_exit_status (proc);
  else
    g_assert_true (g_subprocess_get_successful (proc));
  return out;
}

static void
make_fixtures (void)
{
  fixture_dir = g_dir_make_tmp ("rushes-export-test-XXXXXX", NULL);
  g_assert_nonnull (fixture_dir);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *video = g_strdup_printf ("testsrc2=size=%dx%d:rate=%d:duration=2,hue=h=%u", W, H, FPS, i * 120);
      g_autofree char *audio = g_strdup_printf ("sine=frequency=%u:duration=2", 440 + i * 220);
      g_autoptr(GBytes) out = NULL;

      clip_paths[i] = g_strdup_printf ("%s/clip%u.mp4", fixture_dir, i);
      if (i == 1)
        {
          const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", video,
                                 "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
                                 clip_paths[i], NULL };
          out = run_command (argv, NULL);
        }
      else
        {
          /* the first take carries its recipe in its tags, as generated takes do */
          const char *argv[] = { "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", video,
                                 "-f", "lavfi", "-i", audio,
                                 "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p",
                                 "-c:a", "aac", "-shortest",
                                 "-metadata", i == 0 ? "comment={\"version\":1,\"prompt\":\"a red fox at dawn\"}" : "title=plain",
                                 clip_paths[i], NULL };
          out = run_command (argv, NULL);
        }
    }
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static JsonObject *
probe (const char *path)
{
  const char *argv[] = { "ffprobe", "-v", "error", "-print_format", "json",
                         "-show_streams", "-show_format", path, NULL };
  g_autoptr(GBytes) out = run_command (argv, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (out, &len);

  g_assert_true (json_parser_load_from_data (parser, data, len, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
stream_of_type (JsonObject *info,
                const char *type)
{
  JsonArray *streams = json_object_get_array_member (info, "streams");

  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *s = json_array_get_object_element (streams, i);

      if (g_strcmp0 (json_object_get_string_member (s, "codec_type"), type) == 0)
        return s;
    }
  return NULL;
}

/* One frame as packed RGB at W×H */
static GBytes *
decode_frame (const char *path,
              guint       index)
{
  g_autofree char *filter = g_strdup_printf ("select=eq(n\\,%u),scale=%d:%d", index, W, H);
  const char *argv[] = { "ffmpeg", "-v", "error", "-i", path, "-vf", filter, "-vframes", "1",
                         "-f", "rawvideo", "-pix_fmt", "rgb24", "-", NULL };
  GBytes *frame = run_command (argv, NULL);

  g_assert_cmpuint (g_bytes_get_size (frame), ==, W * H * 3);
  return frame;
}

static double
psnr (GBytes *a,
      GBytes *b)
{
  gsize n;
  const guint8 *pa = g_bytes_get_data (a, &n);
  const guint8 *pb = g_bytes_get_data (b, NULL);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += (double) (pa[i] - pb[i]) * (pa[i] - pb[i]);
  if (sum == 0)
    return 99;
  return 10 * log10 (255.0 * 255.0 / (sum / n));
}

static RushesProject *
three_clip_project (void)
{
  g_autoptr(GError) error = NULL;
  RushesProject *project = rushes_project_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file (clip_paths[i], &error);

      g_assert_no_error (error);
      rushes_timeline_clip_set_range (clip, ins[i], outs[i]);
      rushes_project_append_clip (project, clip);
    }
  return project;
}

typedef struct
{
  GMainLoop *loop;
  GError    *error;
  gboolean   ok;
  double     last_progress;
  guint      progress_notifies;
  const char *output;
} ExportWait;

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ExportWait *wait = data;

  wait->ok = rushes_exporter_export_finish (RUSHES_EXPORTER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
progress_cb (RushesExporter *exporter,
             GParamSpec     *pspec,
             ExportWait     *wait)
{
  double p = rushes_exporter_get_progress (exporter);

  g_assert_cmpfloat (p, >=, wait->last_progress);
  /* written under a temporary name: the output appears only when complete */
  if (p < 1.0)
    g_assert_false (g_file_test (wait->output, G_FILE_TEST_EXISTS));
  wait->last_progress = p;
  wait->progress_notifies++;
}

static gboolean
export_sync (RushesExporter  *exporter,
             const char      *output,
             GCancellable    *cancellable,
             GError         **error)
{
  ExportWait wait = { 0 };
  gulong id;

  wait.loop = g_main_loop_new (NULL, FALSE);
  wait.output = output;
  id = g_signal_connect (exporter, "notify::progress", G_CALLBACK (progress_cb), &wait);
  rushes_exporter_export_async (exporter, output, cancellable, export_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_signal_handler_disconnect (exporter, id);
  g_assert_false (rushes_exporter_get_running (exporter));
  if (wait.ok)
    g_assert_cmpfloat (rushes_exporter_get_progress (exporter), ==, 1.0);
  if (wait.error)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir && g_dir_read_name (dir))
    n++;
  return n;
}

/* x264 writes its settings into the stream (an SEI message): the export's
 * are x264's CRF (@crf) without a VBV cap and with x264's keyframe
 * interval, as `ffmpeg -c:v libx264 -crf N` */
static void
assert_x264_settings (const char *path,
                      const char *crf)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *options = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  for (gsize i = 0; options == NULL && i + 9 <= len; i++)
    if (memcmp (data + i, "options: ", 9) == 0)
      options = data + i;
  g_assert_nonnull (options);
  line = g_strndup (options, strnlen (options, data + len - options));
  g_test_message ("%s", line);
  g_assert_nonnull (strstr (line, " rc=crf "));
  g_assert_nonnull (strstr (line, crf));
  g_assert_nonnull (strstr (line, " keyint=250 "));
  g_assert_null (strstr (line, "vbv_maxrate"));
}

static void
check_three_clip_export (RushesExportPreset preset,
                         const char        *vcodec,
                         double             min_psnr)
{
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(RushesExporter) exporter = rushes_exporter_new (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *output = g_strdup_printf ("%s/cut%s", outdir, rushes_export_preset_get_extension (preset));
  JsonObject *video, *audio, *format;
  double duration, expected = 3.0;
  /* export frame ↔ source clip frame: the first frame after each cut, and the last before */
  static const struct { guint out_frame, clip, clip_frame; } checks[] = {
    { 0, 0, 10 }, { 24, 0, 34 }, { 25, 1, 5 }, { 49, 1, 29 }, { 50, 2, 0 }, { 74, 2, 24 },
  };

  if (!rushes_export_preset_is_available (preset))
    {
      g_test_skip ("no encoder for this preset on this system");
      return;
    }

  rushes_exporter_set_preset (exporter, preset);
  rushes_exporter_set_embed_recipes (exporter, TRUE);
  g_assert_true (export_sync (exporter, output, NULL, &error));
  g_assert_no_error (error);
  /* only the finished file: the temporary one was renamed */
  g_assert_cmpuint (count_files (outdir), ==, 1);
  g_assert_true (g_file_test (output, G_FILE_TEST_IS_REGULAR));

  info = probe (output);
  video = stream_of_type (info, "video");
  audio = stream_of_type (info, "audio");
  format = json_object_get_object_member (info, "format");
  g_assert_nonnull (video);
  g_assert_nonnull (audio);
  g_assert_cmpstr (json_object_get_string_member (video, "codec_name"), ==, vcodec);
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, W);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, H);
  g_assert_cmpstr (json_object_get_string_member (video, "r_frame_rate"), ==, "25/1");
  duration = g_ascii_strtod (json_object_get_string_member (format, "duration"), NULL);
  g_assert_cmpfloat_with_epsilon (duration, expected, 1.0 / FPS + 1e-6);
  /* sound all along, although the middle clip has none */
  if (json_object_has_member (audio, "duration"))
    g_assert_cmpfloat (g_ascii_strtod (json_object_get_string_member (audio, "duration"), NULL), >, expected - 0.1);
  /* the recipes went into the metadata */
  {
    JsonObject *tags = json_object_get_object_member (format, "tags");
    GList *values = tags ? json_object_get_values (tags) : NULL;
    gboolean found = FALSE;

    /* matroskamux (1.22) stores tag values in GStreamer's serialised,
     * backslash-escaped form: compare without the escapes */
    for (GList *l = values; l; l = l->next)
      if (JSON_NODE_HOLDS_VALUE (l->data) && json_node_get_value_type (l->data) == G_TYPE_STRING)
        {
          g_autoptr(GString) plain = g_string_new (json_node_get_string (l->data));

          g_string_replace (plain, "\\", "", 0);
          if (strstr (plain->str, "a red fox at dawn"))
            found = TRUE;
        }
    g_list_free (values);
    g_assert_true (found);
  }

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(GBytes) out = decode_frame (output, checks[i].out_frame);
      g_autoptr(GBytes) src = decode_frame (clip_paths[checks[i].clip], checks[i].clip_frame);
      double match = psnr (out, src);

      g_test_message ("frame %u vs clip %u frame %u: %.1f dB", checks[i].out_frame,
                      checks[i].clip, checks[i].clip_frame, match);
      g_assert_cmpfloat (match, >, min_psnr);

      /* and clearly not the neighbouring clip's frame */
      if (checks[i].out_frame == 25 || checks[i].out_frame == 50)
        {
          g_autoptr(GBytes) other = decode_frame (clip_paths[checks[i].clip - 1], checks[i].clip_frame);
          g_assert_cmpfloat (psnr (out, other), <, match - 6);
        }
      /* and not a frame off by 5 in the same clip (the in-point was honoured) */
      if (checks[i].clip_frame >= 5)
        {
          g_autoptr(GBytes) early = decode_frame (clip_paths[checks[i].clip], checks[i].clip_frame - 5);
          g_assert_cmpfloat (psnr (out, early), <, match);
        }
    }
  if (g_str_equal (vcodec, "h264"))
    assert_x264_settings (output, "crf=18.0");
  remove_dir (outdir);
}

static void
test_export_webm (void)
{
  check_three_clip_export (RUSHES_EXPORT_PRESET_WEBM, "vp9", 25);
}

static void
test_export_mp4 (void)
{
  check_three_clip_export (RUSHES_EXPORT_PRESET_MP4, "h264", 30);
}

static void
test_export_prores_720p (void)
{
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(RushesExporter) exporter = rushes_exporter_new (project);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (outdir, "cut.mov", NULL);
  JsonObject *video, *audio;
  guint w, h;

  if (!rushes_export_preset_is_available (RUSHES_EXPORT_PRESET_PRORES))
    {
      g_test_skip ("no ProRes encoder");
      return;
    }
  rushes_project_remove_clip (project, 2);
  rushes_exporter_set_preset (exporter, RUSHES_EXPORT_PRESET_PRORES);
  rushes_exporter_set_height (exporter, 720);
  rushes_exporter_get_output_size (exporter, &w, &h);
  g_assert_cmpuint (w, ==, 960);
  g_assert_cmpuint (h, ==, 720);
  g_assert_true (export_sync (exporter, output, NULL, &error));
  g_assert_no_error (error);

  info = probe (output);
  video = stream_of_type (info, "video");
  audio = stream_of_type (info, "audio");
  g_assert_cmpstr (json_object_get_string_member (video, "codec_name"), ==, "prores");
  g_assert_cmpint (json_object_get_int_member (video, "width"), ==, 960);
  g_assert_cmpint (json_object_get_int_member (video, "height"), ==, 720);
  g_assert_cmpstr (json_object_get_string_member (video, "nb_frames"), ==, "50");
  g_assert_nonnull (audio);
  g_assert_cmpstr (json_object_get_string_member (audio, "codec_name"), ==, "pcm_s16le");
  remove_dir (outdir);
}

static void
cancel_on_progress_cb (RushesExporter *exporter,
                       GParamSpec     *pspec,
                       GCancellable   *cancellable)
{
  double p = rushes_exporter_get_progress (exporter);

  /* stop in the middle: some of the file is written by now */
  if (p > 0 && p < 1)
    g_cancellable_cancel (cancellable);
}

static void
test_export_cancel (void)
{
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(RushesExporter) exporter = rushes_exporter_new (project);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (outdir, "cut.mov", NULL);

  /* 12 s of ProRes at 1080p: long enough to be stopped in the middle */
  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_duplicate (rushes_project_get_clip (project, i));
        rushes_project_append_clip (project, clip);
      }
  rushes_exporter_set_preset (exporter, RUSHES_EXPORT_PRESET_PRORES);
  rushes_exporter_set_height (exporter, 1080);
  g_signal_connect (exporter, "notify::progress", G_CALLBACK (cancel_on_progress_cb), cancellable);
  g_assert_false (export_sync (exporter, output, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpfloat (rushes_exporter_get_progress (exporter), <, 1.0);
  /* neither the output nor the partial file is left */
  g_assert_cmpuint (count_files (outdir), ==, 0);
  remove_dir (outdir);
}

/* rushes export --clip looks at each file once: the clip's probe is GES's
 * asset, which the export's timeline then finds in GES's cache */
static void
test_clip_for_file_as_asset (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rushes-asset-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.mp4", NULL);
  g_autofree char *cached = g_build_filename (dir, "cached.mp4", NULL);
  g_autofree char *plain_uri = g_filename_to_uri (plain, NULL, NULL);
  g_autofree char *cached_uri = g_filename_to_uri (cached, NULL, NULL);
  g_autofree char *bytes = NULL;
  gsize length = 0;
  g_autoptr(RushesTimelineClip) a = NULL;
  g_autoptr(RushesTimelineClip) b = NULL;
  g_autoptr(GESAsset) asset = NULL;
  g_autoptr(GESAsset) none = NULL;

  /* files GES has never seen (other tests use the fixtures) */
  g_assert_true (g_file_get_contents (clip_paths[0], &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (plain, bytes, length, NULL));
  g_assert_true (g_file_set_contents (cached, bytes, length, NULL));

  a = rushes_timeline_clip_new_for_file (plain, &error);
  g_assert_no_error (error);
  b = rushes_timeline_clip_new_for_file_as_asset (cached, &error);
  g_assert_no_error (error);
  /* the same clip either way */
  g_assert_cmpint (rushes_timeline_clip_get_media_duration (b), ==, rushes_timeline_clip_get_media_duration (a));
  g_assert_cmpint (rushes_timeline_clip_get_media_duration (b), >=, 2 * S - S / FPS);
  g_assert_true (rushes_timeline_clip_get_has_audio (b));
  g_assert_true (rushes_timeline_clip_get_has_audio (a));
  g_assert_cmpstr (rushes_timeline_clip_get_recipe_json (b), ==, rushes_timeline_clip_get_recipe_json (a));
  g_assert_nonnull (strstr (rushes_timeline_clip_get_recipe_json (b), "a red fox at dawn"));
  g_assert_cmpstr (rushes_timeline_clip_get_path (b), ==, cached);
  {
    guint wa, ha, na, da, wb, hb, nb, db;

    rushes_timeline_clip_get_format (a, &wa, &ha, &na, &da);
    rushes_timeline_clip_get_format (b, &wb, &hb, &nb, &db);
    g_assert_cmpuint (wb, ==, wa);
    g_assert_cmpuint (hb, ==, ha);
    g_assert_cmpuint (nb * da, ==, na * db);
  }
  /* only the second is in GES's cache, loaded, for the timeline to take */
  none = ges_asset_request (GES_TYPE_URI_CLIP, plain_uri, NULL);
  g_assert_null (none);
  asset = ges_asset_request (GES_TYPE_URI_CLIP, cached_uri, &error);
  g_assert_no_error (error);
  g_assert_nonnull (asset);
  g_assert_cmpuint (ges_uri_clip_asset_get_duration (GES_URI_CLIP_ASSET (asset)), ==,
                    (guint64) rushes_timeline_clip_get_media_duration (b));

  /* not a video: the same message as without GES */
  g_assert_true (g_file_set_contents (plain, "this is not a video", -1, NULL));
  g_assert_null (rushes_timeline_clip_new_for_file_as_asset (plain, &error));
  g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "plain.mp4"));
  remove_dir (dir);
}

static void
test_offline_clips (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *text = g_build_filename (outdir, "notes.mp4", NULL);
  g_autofree char *output = g_build_filename (outdir, "cut.webm", NULL);
  g_autofree char *json = NULL;
  g_autoptr(RushesProject) project = NULL;
  g_autoptr(RushesExporter) exporter = NULL;
  g_autoptr(GESTimeline) preview = NULL;
  RushesTimelineClip *clip;

  g_assert_true (g_file_set_contents (text, "this is not a video", -1, NULL));
  g_assert_null (rushes_timeline_clip_new_for_file (text, &error));
  g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE);
  g_clear_error (&error);

  json = g_strdup_printf ("{\"version\": 1, \"clips\": ["
                          "{\"path\": \"%s\", \"in\": 0, \"out\": 1000000000},"
                          "{\"path\": \"%s/missing.mp4\", \"in\": 0, \"out\": 1000000000},"
                          "{\"path\": \"%s\", \"in\": 0, \"out\": 1000000000}]}",
                          clip_paths[0], outdir, text);
  project = rushes_project_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_false (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 0)));
  g_assert_true (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 1)));

  /* the preview plays around them (black), marking the non-media one offline */
  preview = rushes_timeline_build (project, 0, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (preview);
  g_assert_cmpuint (ges_timeline_get_duration (preview), ==, 3 * S);
  clip = rushes_project_get_clip (project, 2);
  g_assert_true (rushes_timeline_clip_get_offline (clip));

  /* export refuses with a message naming the clip */
  exporter = rushes_exporter_new (project);
  g_assert_false (export_sync (exporter, output, NULL, &error));
  g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "missing.mp4"));
  g_clear_error (&error);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));

  /* relinking brings it back */
  rushes_project_relink_clip (project, 1, clip_paths[1]);
  rushes_project_relink_clip (project, 2, clip_paths[2]);
  g_clear_object (&preview);
  preview = rushes_timeline_build (project, 0, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_false (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 2)));

  /* a job's take lands: the placeholder fills in with the take's length and format */
  {
    g_autoptr(RushesTimelineClip) pending = rushes_timeline_clip_new_placeholder ("job-2", "Dawn", 5 * S);
    RushesTimelineClip *filled;
    guint w, h;

    rushes_project_insert_clip (project, 0, pending);
    g_assert_cmpuint (rushes_timeline_fill_placeholder (project, "job-2", text, &error), ==, 0);
    g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE);
    g_clear_error (&error);
    g_assert_cmpuint (rushes_timeline_fill_placeholder (project, "job-2", clip_paths[2], &error), ==, 1);
    g_assert_no_error (error);
    filled = rushes_project_get_clip (project, 0);
    g_assert_false (rushes_timeline_clip_get_pending (filled));
    g_assert_true (rushes_timeline_clip_get_has_audio (filled));
    g_assert_cmpint (llabs (rushes_timeline_clip_get_duration (filled) - 2 * S), <, S / FPS);
    rushes_timeline_clip_get_format (filled, &w, &h, NULL, NULL);
    g_assert_cmpuint (w, ==, W);
    g_assert_cmpuint (h, ==, H);
  }

  /* a placeholder still rendering blocks export too */
  {
    g_autoptr(RushesTimelineClip) pending = rushes_timeline_clip_new_placeholder ("job-1", "Fox", S);
    g_autoptr(GESTimeline) strict = NULL;

    rushes_project_append_clip (project, pending);
    strict = rushes_timeline_build (project, 0, 0, TRUE, &error);
    g_assert_null (strict);
    g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_PENDING);
  }
  remove_dir (outdir);
}

static void
test_clip_for_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) c0 = rushes_timeline_clip_new_for_file (clip_paths[0], &error);
  g_autoptr(RushesTimelineClip) c1 = rushes_timeline_clip_new_for_file (clip_paths[1], &error);
  guint w, h, n, d;

  g_assert_no_error (error);
  rushes_timeline_clip_get_format (c0, &w, &h, &n, &d);
  g_assert_cmpuint (w, ==, W);
  g_assert_cmpuint (h, ==, H);
  g_assert_cmpuint (n / d, ==, FPS);
  g_assert_cmpint (llabs (rushes_timeline_clip_get_media_duration (c0) - 2 * S), <, S / FPS);
  g_assert_true (rushes_timeline_clip_get_has_audio (c0));
  g_assert_false (rushes_timeline_clip_get_has_audio (c1));
  /* the recipe in the take's tags comes along (for "recipes into metadata") */
  g_assert_nonnull (rushes_timeline_clip_get_recipe_json (c0));
  g_assert_nonnull (strstr (rushes_timeline_clip_get_recipe_json (c0), "a red fox at dawn"));
  g_assert_null (rushes_timeline_clip_get_recipe_json (c1));
}

static void
test_waveform (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) with_sound = g_file_new_for_path (clip_paths[0]);
  g_autoptr(GFile) silent = g_file_new_for_path (clip_paths[1]);
  g_autoptr(GArray) peaks = rushes_waveform_peaks (with_sound, NULL, &error);
  g_autoptr(GArray) none = NULL;
  guint loud = 0;

  g_assert_no_error (error);
  /* 2 s in 20 ms buckets */
  g_assert_cmpint (ABS ((int) peaks->len - 100), <=, 2);
  for (guint i = 0; i < peaks->len; i++)
    {
      float v = g_array_index (peaks, float, i);

      g_assert_cmpfloat (v, >=, 0);
      g_assert_cmpfloat (v, <=, 1);
      /* ffmpeg's sine source peaks at 1/8 */
      if (fabsf (v - 0.125f) < 0.02f)
        loud++;
    }
  g_assert_cmpuint (loud, >, peaks->len * 9 / 10);

  /* no sound: empty, not an error */
  none = rushes_waveform_peaks (silent, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
position_notify_cb (RushesTimeline *timeline,
                    GParamSpec     *pspec,
                    guint          *count)
{
  (*count)++;
}

static void
playing_notify_cb (RushesTimeline *timeline,
                   GParamSpec     *pspec,
                   GMainLoop      *loop)
{
  if (!rushes_timeline_get_playing (timeline))
    g_main_loop_quit (loop);
}

static void
test_preview_plays_sequence (void)
{
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GESPipeline *pipeline = rushes_timeline_get_pipeline (timeline);
  guint notifies = 0;

  /* sinks that keep real time, like a display would */
  {
    GstElement *vsink = gst_element_factory_make ("fakesink", NULL);
    GstElement *asink = gst_element_factory_make ("fakesink", NULL);

    g_object_set (vsink, "sync", TRUE, NULL);
    g_object_set (asink, "sync", TRUE, NULL);
    ges_pipeline_preview_set_video_sink (pipeline, vsink);
    ges_pipeline_preview_set_audio_sink (pipeline, asink);
  }
  g_signal_connect (timeline, "notify::position", G_CALLBACK (position_notify_cb), &notifies);
  g_signal_connect (timeline, "notify::playing", G_CALLBACK (playing_notify_cb), loop);

  /* start near the end of the second clip: a cut and the last clip play */
  rushes_timeline_seek (timeline, 1800 * GST_MSECOND);
  rushes_timeline_play (timeline);
  g_assert_true (rushes_timeline_get_playing (timeline));
  g_main_loop_run (loop);   /* until EOS stops it */

  /* the position moved along (polled every 100 ms) and ended at the end */
  g_assert_cmpuint (notifies, >=, 5);
  g_assert_cmpint (llabs (rushes_timeline_get_position (timeline) - 3 * S), <=, S / FPS);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_cb, loop);
  g_main_loop_run (loop);
}

static void
test_preview_seeks_and_edits (void)
{
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  GESPipeline *pipeline = rushes_timeline_get_pipeline (timeline);
  g_autoptr(GESTimeline) ges = NULL;
  gint64 position = -1;

  ges_pipeline_preview_set_video_sink (pipeline, gst_element_factory_make ("fakesink", NULL));
  ges_pipeline_preview_set_audio_sink (pipeline, gst_element_factory_make ("fakesink", NULL));

  /* a burst of seeks: only the latest counts */
  rushes_timeline_seek (timeline, S / 2);
  rushes_timeline_seek (timeline, S);
  rushes_timeline_seek (timeline, 2 * S + S / 2);
  g_assert_cmpint (rushes_timeline_get_position (timeline), ==, 2 * S + S / 2);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      run_for (100);
    while ((!gst_element_query_position (GST_ELEMENT (pipeline), GST_FORMAT_TIME, &position) ||
            llabs (position - (2 * S + S / 2)) > S / FPS) &&
           g_get_monotonic_time () < deadline);
  }
  g_assert_cmpint (llabs (position - (2 * S + S / 2)), <=, S / FPS);

  /* an edit reaches the GES timeline (one commit) */
  rushes_project_trim_clip (project, 0, 0, S / 2);
  g_object_get (pipeline, "timeline", &ges, NULL);
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    do
      run_for (100);
    while (ges_timeline_get_duration (ges) != 2 * S + S / 2 && g_get_monotonic_time () < deadline);
  }
  g_assert_cmpuint (ges_timeline_get_duration (ges), ==, rushes_project_get_duration (project));
  g_assert_cmpuint (ges_timeline_get_duration (ges), ==, 2 * S + S / 2);
}

static void
test_job_placeholders (void)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesBackend) sketch = rushes_sketch_backend_new ();
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesProject) project = three_clip_project ();
  g_autoptr(GError) error = NULL;
  g_autofree char *library = g_build_filename (g_get_user_cache_dir (), "library", NULL);
  RushesTimelineClip *placeholder, *doomed;
  RushesJob *job, *cancelled;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  rushes_backend_registry_add_backend (registry, sketch, 1);
  queue = rushes_job_queue_new (registry, journal);
  rushes_job_queue_set_library_dir (queue, library);
  rushes_recipe_set_prompt (recipe, "a lighthouse in a storm, seen from the sea at night");
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_recipe_set_seconds (recipe, 1);
  rushes_recipe_set_width (recipe, 320);
  rushes_recipe_set_height (recipe, 240);
  rushes_recipe_set_fps (recipe, 25);

  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);

  /* while the job runs: a placeholder named the way its take will be, as long as asked */
  placeholder = rushes_timeline_add_job (project, job, 1);
  g_assert_true (rushes_project_get_clip (project, 1) == placeholder);
  g_assert_true (rushes_timeline_clip_get_pending (placeholder));
  g_assert_cmpstr (rushes_timeline_clip_get_job_id (placeholder), ==, rushes_job_get_id (job));
  g_assert_true (g_str_has_prefix (rushes_timeline_clip_get_name (placeholder), "a lighthouse in a storm, seen from the…"));
  {
    g_autofree char *seed = g_strdup_printf (" · seed %" G_GINT64_FORMAT,
                                             rushes_recipe_get_seed (rushes_job_get_recipe (job)));
    g_assert_true (g_str_has_suffix (rushes_timeline_clip_get_name (placeholder), seed));
  }
  g_assert_cmpint (rushes_timeline_clip_get_duration (placeholder), ==, S);
  g_assert_nonnull (strstr (rushes_timeline_clip_get_recipe_json (placeholder), "lighthouse"));

  /* a second job, cancelled: its placeholder is marked failed */
  cancelled = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);
  doomed = rushes_timeline_add_job (project, cancelled, 0);
  rushes_job_cancel (cancelled);

  while ((rushes_timeline_clip_get_pending (placeholder) || !rushes_timeline_clip_get_offline (doomed)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  /* the take landed: the placeholder filled in with the real file */
  g_assert_false (rushes_timeline_clip_get_pending (placeholder));
  g_assert_false (rushes_timeline_clip_get_offline (placeholder));
  g_assert_cmpstr (rushes_timeline_clip_get_path (placeholder), ==, rushes_job_get_take_path (job));
  g_assert_cmpint (llabs (rushes_timeline_clip_get_duration (placeholder) - S), <=, S / 10);
  g_assert_cmpfloat (rushes_timeline_clip_get_progress (placeholder), ==, 1.0);

  /* the cancelled one: still a placeholder, failed; export refuses it */
  g_assert_true (rushes_timeline_clip_get_pending (doomed));
  g_assert_true (rushes_timeline_clip_get_offline (doomed));
  {
    g_autoptr(GESTimeline) strict = rushes_timeline_build (project, 0, 0, TRUE, &error);

    g_assert_null (strict);
    g_assert_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_PENDING);
    g_clear_error (&error);
  }

  /* deleting it leaves a project that exports */
  rushes_project_remove_clip (project, 0);
  {
    g_autoptr(GESTimeline) strict = rushes_timeline_build (project, 0, 0, TRUE, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (ges_timeline_get_duration (strict), ==, rushes_project_get_duration (project));
  }

  /* a reopened project with a placeholder for a job the queue no longer has */
  {
    g_autoptr(RushesTimelineClip) orphan = rushes_timeline_clip_new_placeholder ("gone-job", "Orphan", S);

    rushes_project_append_clip (project, orphan);
    rushes_timeline_follow_jobs (project, queue);
    g_assert_true (rushes_timeline_clip_get_offline (orphan));
  }
  /* the workers are done before the test's directories go: a cancelled
   * job's worker still records its end in the journal */
  rushes_job_queue_cancel_all (queue);
  while (!rushes_job_queue_is_idle (queue) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (rushes_job_queue_is_idle (queue));
}

static void
test_cli_export (void)
{
  const char *exe = g_getenv ("RUSHES_EXE");
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (outdir, "cli.webm", NULL);
  g_autofree char *project_path = g_build_filename (outdir, "p.rushes", NULL);
  g_autofree char *project_output = g_build_filename (outdir, "from-project.mp4", NULL);
  g_autofree char *c0 = g_strdup_printf ("%s@0.4-1.4", clip_paths[0]);
  g_autofree char *c1 = g_strdup_printf ("%s@0.2-1.2", clip_paths[1]);
  int status;

  if (exe == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }

  {
    const char *argv[] = { exe, "export", "--clip", c0, "--clip", c1, "--preset", "webm", "--output", output, NULL };
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *err = NULL;
    g_autoptr(JsonObject) info = NULL;

    proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
    /* progress on stderr, from the start to the end */
    g_assert_nonnull (strstr (err, "  0%"));
    g_assert_nonnull (strstr (err, "100%"));
    g_assert_nonnull (strstr (err, output));
    info = probe (output);
    g_assert_cmpfloat_with_epsilon (g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (info, "format"), "duration"), NULL),
                                    2.0, 1.0 / FPS + 1e-6);
  }
  {
    /* a saved project */
    g_autoptr(RushesProject) project = three_clip_project ();
    g_autoptr(GError) error = NULL;
    const char *preset = rushes_export_preset_is_available (RUSHES_EXPORT_PRESET_MP4) ? "mp4" : "webm";
    const char *argv[] = { exe, "export", project_path, "--preset", preset, "--output", project_output, NULL };
    g_autoptr(GBytes) out = NULL;

    g_assert_true (rushes_project_save (project, project_path, &error));
    out = run_command (argv, &status);
    g_assert_cmpint (status, ==, 0);
    g_assert_true (g_file_test (project_output, G_FILE_TEST_IS_REGULAR));
  }
  {
    /* bad usage: 2 */
    const char *no_output[] = { exe, "export", "--clip", c0, NULL };
    const char *bad_preset[] = { exe, "export", "--clip", c0, "--preset", "avi", "--output", output, NULL };
    const char *bad_range[] = { exe, "export", "--clip", "x.mp4@5-2", "--output", output, NULL };
    const char *nothing[] = { exe, "export", "--output", output, NULL };
    const char * const *usage[] = { no_output, bad_preset, bad_range, nothing };

    for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
      {
        g_autoptr(GBytes) out = run_command (usage[i], &status);
        g_assert_cmpint (status, ==, 2);
      }
  }
  {
    /* failure: 1, and nothing written */
    g_autofree char *missing = g_build_filename (outdir, "missing.mp4", NULL);
    g_autofree char *failed = g_build_filename (outdir, "failed.webm", NULL);
    const char *argv[] = { exe, "export", "--clip", missing, "--output", failed, NULL };
    g_autoptr(GBytes) out = run_command (argv, &status);

    g_assert_cmpint (status, ==, 1);
    g_assert_false (g_file_test (failed, G_FILE_TEST_EXISTS));
  }
  remove_dir (outdir);
}

/* `rushes export ARGS… --output OUTPUT`: the exit status, stderr in @err */
static int
cli_export (const char  *output,
            char       **err,
            const char  *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("RUSHES_EXE"));
  g_ptr_array_add (argv, (char *) "export");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--output");
  g_ptr_array_add (argv, (char *) output);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDERR_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

/* the hidden temporary files of @name's writers in @dir */
static guint
count_temps (const char *dir,
             const char *name)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.rushes-partial-", name);
  const char *entry;
  guint n = 0;

  while (d && (entry = g_dir_read_name (d)))
    if (g_str_has_prefix (entry, prefix))
      n++;
  return n;
}

static void
test_cli_export_never_clobbers (void)
{
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *output = g_build_filename (outdir, "cut.webm", NULL);
  g_autofree char *c0 = g_strdup_printf ("%s@0.4-1.4", clip_paths[0]);
  g_autofree char *c2 = g_strdup_printf ("%s@0-0.4", clip_paths[2]);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonObject) info = NULL;
  gsize before_len, after_len;

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }

  g_assert_cmpint (cli_export (output, NULL, "--clip", c0, NULL), ==, 0);
  g_assert_true (g_file_get_contents (output, &before, &before_len, NULL));

  {
    /* there already: refused as bad usage, the file untouched */
    g_autofree char *err = NULL;

    g_assert_cmpint (cli_export (output, &err, "--clip", c2, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "already exists"));
    g_assert_nonnull (strstr (err, "--overwrite"));
    g_assert_true (g_file_get_contents (output, &after, &after_len, NULL));
    g_assert_cmpmem (before, before_len, after, after_len);
    g_clear_pointer (&after, g_free);
  }
  {
    /* another rushes writing it: refused, nothing touched */
    g_autoptr(GError) error = NULL;
    g_autoptr(RushesOutputLock) lock = rushes_output_lock_acquire (output, TRUE, &error);
    g_autofree char *err = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (cli_export (output, &err, "--clip", c2, "--overwrite", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "another rushes is writing"));
    g_assert_true (g_file_get_contents (output, &after, &after_len, NULL));
    g_assert_cmpmem (before, before_len, after, after_len);
    g_clear_pointer (&after, g_free);
  }

  /* replaced when asked: 0.4 s now */
  g_assert_cmpint (cli_export (output, NULL, "--clip", c2, "--overwrite", NULL), ==, 0);
  info = probe (output);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (info, "format"), "duration"), NULL),
                                  0.4, 1.0 / FPS + 1e-6);
  /* the file and nothing else: no lock, no temporary file */
  g_assert_cmpuint (count_files (outdir), ==, 1);
  remove_dir (outdir);
}

static void
test_cli_export_removes_stale_temps (void)
{
  const char *exe = g_getenv ("RUSHES_EXE");
  g_autofree char *outdir = g_dir_make_tmp ("rushes-out-XXXXXX", NULL);
  g_autofree char *big = g_build_filename (outdir, "big.mov", NULL);
  g_autofree char *small = g_build_filename (outdir, "small.webm", NULL);
  g_autofree char *by_hand = g_build_filename (outdir, ".gone.mp4.rushes-partial-Ab12Cd", NULL);
  g_autofree char *c2 = g_strdup_printf ("%s@0-0.4", clip_paths[2]);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesOutputTemp) live = NULL;
  gboolean prores = rushes_export_preset_is_available (RUSHES_EXPORT_PRESET_PRORES);

  if (exe == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return;
    }

  /* 24 s at 1080p: long enough to be killed in the middle */
  g_ptr_array_add (argv, (char *) exe);
  g_ptr_array_add (argv, (char *) "export");
  for (guint i = 0; i < 12; i++)
    {
      g_ptr_array_add (argv, (char *) "--clip");
      g_ptr_array_add (argv, clip_paths[i % 3]);
    }
  g_ptr_array_add (argv, (char *) "--preset");
  g_ptr_array_add (argv, (char *) (prores ? "prores" : "webm"));
  g_ptr_array_add (argv, (char *) "--resolution");
  g_ptr_array_add (argv, (char *) "1080p");
  g_ptr_array_add (argv, (char *) "--output");
  g_ptr_array_add (argv, big);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDERR_SILENCE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  g_assert_no_error (error);

  /* kill -9 once it is writing: no wall-clock limit (a loaded machine),
   * the child ending first fails the test */
  for (;;)
    {
      g_autoptr(GDir) d = g_dir_open (outdir, 0, NULL);
      const char *entry;
      gboolean writing = FALSE;

      while (d && (entry = g_dir_read_name (d)))
        if (g_str_has_prefix (entry, ".big.mov.rushes-partial-"))
          {
            g_autofree char *path = g_build_filename (outdir, entry, NULL);
            GStatBuf st;

            writing = g_stat (path, &st) == 0 && st.st_size > 0;
          }
      if (writing)
        break;
      g_assert_nonnull (g_subprocess_get_identifier (proc));
      g_usleep (20000);
    }
  g_subprocess_send_signal (proc, SIGKILL);
  g_assert_true (g_subprocess_wait (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  /* what it leaves: its temporary file, and no output */
  g_assert_cmpuint (count_temps (outdir, "big.mov"), ==, 1);
  g_assert_false (g_file_test (big, G_FILE_TEST_EXISTS));

  /* one made by hand as a killed run leaves it, and one a live writer holds */
  g_assert_true (g_file_set_contents (by_hand, "half a file", -1, NULL));
  live = rushes_output_temp_new (small, &error);
  g_assert_no_error (error);

  /* the next run into the folder removes the dead ones only */
  g_assert_cmpint (cli_export (small, NULL, "--clip", c2, NULL), ==, 0);
  g_assert_cmpuint (count_temps (outdir, "big.mov"), ==, 0);
  g_assert_false (g_file_test (by_hand, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (rushes_output_temp_get_path (live), G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&live, rushes_output_temp_free);
  /* small.webm alone: the killed run's lock went too */
  g_assert_cmpuint (count_files (outdir), ==, 1);
  remove_dir (outdir);
}

/* What one videoflip did to the buffers of a small stream */
typedef struct
{
  GstBuffer *in;     /* the last buffer in (pointer only) */
  guint      copied; /* buffers out that were not the buffer in */
  guint      out;
  guint8     first_y; /* the last frame's top-left luma */
} FlipRun;

static GstPadProbeReturn
flip_in_cb (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  ((FlipRun *) data)->in = GST_PAD_PROBE_INFO_BUFFER (info);
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
flip_out_cb (GstPad *pad, GstPadProbeInfo *info, gpointer data)
{
  FlipRun *run = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  run->out++;
  if (buffer != run->in)
    run->copied++;
  gst_buffer_extract (buffer, 0, &run->first_y, 1);
  return GST_PAD_PROBE_OK;
}

/* videotestsrc (SMPTE bars: light top-left, black bottom-right) through a
 * videoflip that follows the orientation tag, as GES's sources have it,
 * set up as the exporter sets it up */
static void
run_flip (const char *orientation,
          FlipRun    *run)
{
  g_autofree char *desc = g_strdup_printf (
    "videotestsrc num-buffers=5 pattern=smpte ! video/x-raw,format=I420,width=64,height=48 "
    "! taginject tags=\"image-orientation=%s\" ! videoflip name=flip video-direction=auto ! fakesink",
    orientation);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstElement) flip = NULL;
  g_autoptr(GstPad) sink = NULL;
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;

  g_assert_no_error (error);
  flip = gst_bin_get_by_name (GST_BIN (pipeline), "flip");
  _rushes_media_setup_flip (flip);
  sink = gst_element_get_static_pad (flip, "sink");
  src = gst_element_get_static_pad (flip, "src");
  gst_pad_add_probe (sink, GST_PAD_PROBE_TYPE_BUFFER, flip_in_cb, run, NULL);
  gst_pad_add_probe (src, GST_PAD_PROBE_TYPE_BUFFER, flip_out_cb, run, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (message);
  g_assert_cmpint (GST_MESSAGE_TYPE (message), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

/* An unrotated clip's frames go through the source's videoflip uncopied
 * (GStreamer 1.22's videoflip copied each one); a rotated clip is still
 * turned */
static void
test_export_flip_passthrough (void)
{
  FlipRun plain = { 0 }, turned = { 0 };

  run_flip ("rotate-0", &plain);
  g_assert_cmpuint (plain.out, ==, 5);
  g_assert_cmpuint (plain.copied, ==, 0);
  g_assert_cmpuint (plain.first_y, >, 128);

  run_flip ("rotate-180", &turned);
  g_assert_cmpuint (turned.out, ==, 5);
  g_assert_cmpuint (turned.copied, ==, 5);
  /* the black corner is at the top left now */
  g_assert_cmpuint (turned.first_y, <, 64);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  media_tolerate_sticky_misordering ();
  gst_init (&argc, &argv);
  g_assert_true (rushes_timeline_ensure_init (NULL));
  make_fixtures ();

  g_test_add_func ("/timeline/clip-for-file", test_clip_for_file);
  g_test_add_func ("/timeline/clip-for-file-as-asset", test_clip_for_file_as_asset);
  g_test_add_func ("/timeline/offline-clips", test_offline_clips);
  g_test_add_func ("/timeline/waveform", test_waveform);
  g_test_add_func ("/timeline/preview-plays-sequence", test_preview_plays_sequence);
  g_test_add_func ("/timeline/preview-seeks-and-edits", test_preview_seeks_and_edits);
  g_test_add_func ("/timeline/job-placeholders", test_job_placeholders);
  g_test_add_func ("/export/three-clips-webm", test_export_webm);
  g_test_add_func ("/export/three-clips-mp4", test_export_mp4);
  g_test_add_func ("/export/prores-720p", test_export_prores_720p);
  g_test_add_func ("/export/cancel-removes-partial", test_export_cancel);
  g_test_add_func ("/export/flip-passthrough", test_export_flip_passthrough);
  g_test_add_func ("/cli/export", test_cli_export);
  g_test_add_func ("/cli/export-never-clobbers", test_cli_export_never_clobbers);
  g_test_add_func ("/cli/export-removes-stale-temps", test_cli_export_removes_stale_temps);

  ret = g_test_run ();
  remove_dir (fixture_dir);
  return ret;
}
