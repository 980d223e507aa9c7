/* test-sketch.c: the Sketch renderer, its backend and the recipe tagger
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Oracles: ffprobe (codec, size, rate, counted frames, duration) and
 * GStreamer decoding to I420 with an MD5 per frame (determinism).
 */
#include "config.h"

#include <string.h>
#include <utime.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-recipe.h"
#include "rushes-sketch-backend.h"
#include "rushes-sketch-renderer.h"
#include "rushes-tagger.h"
#include "test-util.h"

/* ------------------------------------------------------------------------ */
/* helpers                                                                   */

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* names in dir, sorted, joined by spaces ("" when empty) */
static char *
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  if (!d)
    return g_strdup ("");
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static RushesRecipe *
small_recipe (const char *prompt,
              gint64      seed)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_seconds (recipe, 1.5);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 160);
  rushes_recipe_set_height (recipe, 120);
  rushes_recipe_set_seed (recipe, seed);
  return recipe;
}

typedef struct
{
  char   *video_codec;
  char   *audio_codec;
  int     width, height;
  char   *rate;
  int     frames;
  double  duration;
} Probe;

static void
probe_clear (Probe *probe)
{
  g_free (probe->video_codec);
  g_free (probe->audio_codec);
  g_free (probe->rate);
}

/* FALSE (test skipped) when ffprobe is missing */
static gboolean
probe_file (const char *path,
            Probe      *probe)
{
  g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *streams;
  int status;
  const char *argv[] = {
    NULL, "-v", "error", "-count_frames",
    "-show_entries", "stream=codec_type,codec_name,width,height,r_frame_rate,nb_read_frames:format=duration",
    "-of", "json", path, NULL
  };

  memset (probe, 0, sizeof *probe);
  if (!ffprobe)
    {
      g_test_skip ("ffprobe is not installed");
      return FALSE;
    }
  argv[0] = ffprobe;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  streams = json_object_get_array_member (root, "streams");
  for (guint i = 0; i < json_array_get_length (streams); i++)
    {
      JsonObject *s = json_array_get_object_element (streams, i);
      const char *type = json_object_get_string_member (s, "codec_type");

      if (g_strcmp0 (type, "video") == 0)
        {
          probe->video_codec = g_strdup (json_object_get_string_member (s, "codec_name"));
          probe->width = json_object_get_int_member (s, "width");
          probe->height = json_object_get_int_member (s, "height");
          probe->rate = g_strdup (json_object_get_string_member (s, "r_frame_rate"));
          probe->frames = atoi (json_object_get_string_member (s, "nb_read_frames"));
        }
      else if (g_strcmp0 (type, "audio") == 0)
        probe->audio_codec = g_strdup (json_object_get_string_member (s, "codec_name"));
    }
  probe->duration = g_ascii_strtod (json_object_get_string_member (json_object_get_object_member (root, "format"),
                                                                   "duration"), NULL);
  return TRUE;
}

/* decodes the video to I420 and returns one MD5 per frame */
static GPtrArray *
frame_checksums (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = gst_parse_launch ("filesrc name=src ! decodebin ! videoconvert ! "
                                                     "video/x-raw,format=I420 ! appsink name=sink sync=false",
                                                     &error);
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  GPtrArray *sums = g_ptr_array_new_with_free_func (g_free);
  GstSample *sample;

  g_assert_no_error (error);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", path, NULL);
  g_assert_cmpint (gst_element_set_state (pipeline, GST_STATE_PLAYING), !=, GST_STATE_CHANGE_FAILURE);
  while ((sample = gst_app_sink_pull_sample (GST_APP_SINK (sink))))
    {
      GstBuffer *buffer = gst_sample_get_buffer (sample);
      GstMapInfo map;

      gst_buffer_map (buffer, &map, GST_MAP_READ);
      g_ptr_array_add (sums, g_compute_checksum_for_data (G_CHECKSUM_MD5, map.data, map.size));
      gst_buffer_unmap (buffer, &map);
      gst_sample_unref (sample);
    }
  {
    g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
    g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    g_assert_null (msg);
  }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return sums;
}

static gboolean
checksums_equal (GPtrArray *a,
                 GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;
  return TRUE;
}

typedef struct
{
  double last;
  guint  calls;
  gboolean monotonic;
} ProgressLog;

static void
progress_log_cb (double      fraction,
                 const char *status,
                 gpointer    user_data)
{
  ProgressLog *log = user_data;

  if (fraction < log->last)
    log->monotonic = FALSE;
  log->last = fraction;
  log->calls++;
}

static void
render_ok (RushesRecipe *recipe,
           const char   *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_sketch_render (recipe, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------ */
/* renderer                                                                  */

static void
check_render (const char *ext,
              const char *vcodec,
              const char *acodec,
              guint       fps,
              gboolean    audio)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *name = g_strconcat ("take.", ext, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *listing = NULL;
  g_autoptr(RushesRecipe) recipe = small_recipe ("A red fox running through a snowy forest", 42);
  g_autoptr(GError) error = NULL;
  g_autofree char *rate = g_strdup_printf ("%u/1", fps);
  ProgressLog log = { 0, 0, TRUE };
  Probe probe;

  rushes_recipe_set_fps (recipe, fps);
  rushes_recipe_set_audio (recipe, audio);
  rushes_recipe_set_width (recipe, 176);
  rushes_recipe_set_height (recipe, 100);
  g_assert_true (rushes_sketch_render (recipe, path, progress_log_cb, &log, NULL, &error));
  g_assert_no_error (error);

  /* real progress: one report per frame at least, rising to 1 */
  g_assert_true (log.monotonic);
  g_assert_cmpuint (log.calls, >=, rushes_recipe_get_n_frames (recipe));
  g_assert_cmpfloat (log.last, ==, 1.0);

  /* only the take, no temporary file left */
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, name);

  if (probe_file (path, &probe))
    {
      g_assert_cmpstr (probe.video_codec, ==, vcodec);
      g_assert_cmpstr (probe.audio_codec, ==, audio ? acodec : NULL);
      g_assert_cmpint (probe.width, ==, 176);
      g_assert_cmpint (probe.height, ==, 100);
      g_assert_cmpstr (probe.rate, ==, rate);
      g_assert_cmpint (probe.frames, ==, rushes_recipe_get_n_frames (recipe));
      g_assert_cmpint (probe.frames, ==, (int) (1.5 * fps + 0.5));
      g_assert_cmpfloat_with_epsilon (probe.duration, 1.5, 1.0 / fps + 1e-6);
      probe_clear (&probe);
    }
  test_remove_tree (dir);
}

static void
test_render_webm (void)
{
  check_render ("webm", "vp9", "opus", 24, TRUE);
}

static void
test_render_webm_60fps (void)
{
  check_render ("webm", "vp9", "opus", 60, TRUE);
}

static void
test_render_mkv_silent (void)
{
  check_render ("mkv", "vp9", NULL, 12, FALSE);
}

static void
test_render_mp4 (void)
{
  if (!rushes_sketch_can_encode_mp4 ())
    {
      g_test_skip ("no H.264 or AAC encoder");
      return;
    }
  check_render ("mp4", "h264", "aac", 25, TRUE);
}

static void
test_render_bad_destination (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "take.avi", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(RushesRecipe) recipe = small_recipe ("anything", 1);
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_sketch_render (recipe, path, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "take.avi"));
  g_clear_error (&error);

  /* a folder that does not exist */
  {
    g_autofree char *nowhere = g_build_filename (dir, "missing", "take.webm", NULL);

    g_assert_false (rushes_sketch_render (recipe, nowhere, NULL, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "missing"));
  }
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  test_remove_tree (dir);
}

static void
test_render_determinism (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *a = g_build_filename (dir, "a.webm", NULL);
  g_autofree char *b = g_build_filename (dir, "b.webm", NULL);
  g_autofree char *c = g_build_filename (dir, "c.webm", NULL);
  g_autofree char *d = g_build_filename (dir, "d.webm", NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("Neon city at night, slow zoom", 7);
  g_autoptr(RushesRecipe) other_seed = small_recipe ("Neon city at night, slow zoom", 8);
  g_autoptr(RushesRecipe) other_prompt = small_recipe ("Green hills at noon, tracking shot", 7);
  g_autoptr(GPtrArray) sa = NULL;
  g_autoptr(GPtrArray) sb = NULL;
  g_autoptr(GPtrArray) sc = NULL;
  g_autoptr(GPtrArray) sd = NULL;
  guint moving = 0;

  render_ok (recipe, a);
  render_ok (recipe, b);
  render_ok (other_seed, c);
  render_ok (other_prompt, d);
  sa = frame_checksums (a);
  sb = frame_checksums (b);
  sc = frame_checksums (c);
  sd = frame_checksums (d);

  g_assert_cmpuint (sa->len, ==, rushes_recipe_get_n_frames (recipe));
  g_assert_true (checksums_equal (sa, sb));

  /* another seed or prompt: every frame differs */
  g_assert_cmpuint (sc->len, ==, sa->len);
  g_assert_cmpuint (sd->len, ==, sa->len);
  for (guint i = 0; i < sa->len; i++)
    {
      g_assert_cmpstr (sa->pdata[i], !=, sc->pdata[i]);
      g_assert_cmpstr (sa->pdata[i], !=, sd->pdata[i]);
      if (i > 0 && g_strcmp0 (sa->pdata[i], sa->pdata[i - 1]) != 0)
        moving++;
    }
  /* and the picture moves */
  g_assert_cmpuint (moving, ==, sa->len - 1);

  /* multithreaded VP9 and x264 are deterministic too, with frames big
   * enough that both threads get work (tiles, slices) */
  rushes_recipe_set_width (recipe, 640);
  rushes_recipe_set_height (recipe, 360);
  rushes_recipe_set_seconds (recipe, 1);
  for (guint k = 0; k < 2; k++)
    {
      const char *ext = k == 0 ? "webm" : "mp4";
      g_autofree char *name_a = g_strconcat ("big-a.", ext, NULL);
      g_autofree char *name_b = g_strconcat ("big-b.", ext, NULL);
      g_autofree char *ma = g_build_filename (dir, name_a, NULL);
      g_autofree char *mb = g_build_filename (dir, name_b, NULL);
      g_autoptr(GPtrArray) sma = NULL;
      g_autoptr(GPtrArray) smb = NULL;

      if (k == 1 && !rushes_sketch_can_encode_mp4 ())
        break;
      render_ok (recipe, ma);
      render_ok (recipe, mb);
      sma = frame_checksums (ma);
      smb = frame_checksums (mb);
      g_assert_cmpuint (sma->len, ==, 24);
      g_assert_true (checksums_equal (sma, smb));
    }
  test_remove_tree (dir);
}

static gpointer
render_thread (gpointer user_data)
{
  char **args = user_data;
  g_autoptr(RushesRecipe) recipe = small_recipe (args[0], 21);
  g_autoptr(GError) error = NULL;
  gboolean ok = rushes_sketch_render (recipe, args[1], NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return GINT_TO_POINTER (ok);
}

/* two workers rendering at once (two jobs, or two backends) get the same
 * frames as one alone: nothing shared between renders */
static void
test_render_concurrent (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *alone = g_build_filename (dir, "alone.webm", NULL);
  g_autofree char *a = g_build_filename (dir, "a.webm", NULL);
  g_autofree char *b = g_build_filename (dir, "b.mkv", NULL);
  const char *prompt = "Two foxes dancing under the moon";
  char *args_a[] = { (char *) prompt, a };
  char *args_b[] = { (char *) prompt, b };
  g_autoptr(RushesRecipe) recipe = small_recipe (prompt, 21);
  g_autoptr(GPtrArray) s_alone = NULL;
  g_autoptr(GPtrArray) s_a = NULL;
  g_autoptr(GPtrArray) s_b = NULL;
  GThread *ta, *tb;

  render_ok (recipe, alone);
  ta = g_thread_new ("a", render_thread, args_a);
  tb = g_thread_new ("b", render_thread, args_b);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (ta)));
  g_assert_true (GPOINTER_TO_INT (g_thread_join (tb)));
  s_alone = frame_checksums (alone);
  s_a = frame_checksums (a);
  s_b = frame_checksums (b);
  g_assert_cmpuint (s_alone->len, ==, 36);
  g_assert_true (checksums_equal (s_alone, s_a));
  g_assert_true (checksums_equal (s_alone, s_b));
  test_remove_tree (dir);
}

typedef struct
{
  RushesRecipe *recipe;
  const char   *path;
  GCancellable *cancellable;
  gint          frames;     /* atomic */
  gint64        returned_at;
  gboolean      ok;
  GError       *error;
} CancelData;

static void
cancel_progress_cb (double      fraction,
                    const char *status,
                    gpointer    user_data)
{
  CancelData *data = user_data;

  g_atomic_int_inc (&data->frames);
}

static gpointer
cancel_render_thread (gpointer user_data)
{
  CancelData *data = user_data;

  data->ok = rushes_sketch_render (data->recipe, data->path, cancel_progress_cb, data,
                                   data->cancellable, &data->error);
  data->returned_at = g_get_monotonic_time ();
  return NULL;
}

static void
test_render_cancel (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "long.webm", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(RushesRecipe) recipe = small_recipe ("A very long take", 3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelData data = { recipe, path, cancellable, 0, 0, FALSE, NULL };
  GThread *thread;
  gint64 cancelled_at;

  rushes_recipe_set_seconds (recipe, 60);
  rushes_recipe_set_width (recipe, 320);
  rushes_recipe_set_height (recipe, 240);
  thread = g_thread_new ("render", cancel_render_thread, &data);
  while (g_atomic_int_get (&data.frames) < 10)
    g_usleep (1000);
  /* a partial file exists while rendering */
  listing = list_dir (dir);
  g_assert_true (g_str_has_prefix (listing, "long.webm.partial-"));
  g_clear_pointer (&listing, g_free);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_test_message ("cancel took %.3f s", (data.returned_at - cancelled_at) / 1e6);
  g_assert_cmpint (data.returned_at - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_assert_false (data.ok);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  test_remove_tree (dir);
}

static void
test_render_cancelled_before (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "take.webm", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(RushesRecipe) recipe = small_recipe ("x", 3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (rushes_sketch_render (recipe, path, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");
  test_remove_tree (dir);
}

/* ------------------------------------------------------------------------ */
/* tagger                                                                    */

/* The recipe as any other tool sees it: the comment in ffprobe's container
 * tags ("COMMENTS" in Matroska and WebM, "comment" in MP4 and MOV), which
 * must be plain JSON. NULL (test skipped) when ffprobe is missing. */
static char *
ffprobe_recipe (const char *path)
{
  g_autofree char *ffprobe = g_find_program_in_path ("ffprobe");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) recipe_parser = json_parser_new ();
  JsonObject *tags;
  const char *value;
  int status;
  const char *argv[] = { NULL, "-v", "error", "-show_entries", "format_tags", "-of", "json", path, NULL };

  if (!ffprobe)
    {
      g_test_skip ("ffprobe is not installed");
      return NULL;
    }
  argv[0] = ffprobe;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  tags = json_object_get_object_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                       "format"), "tags");
  g_assert_nonnull (tags);
  value = json_object_get_string_member_with_default (tags, "comment", NULL);
  if (value == NULL)
    value = json_object_get_string_member_with_default (tags, "COMMENTS", NULL);
  g_assert_nonnull (value);
  json_parser_load_from_data (recipe_parser, value, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (recipe_parser)));
  return g_strdup (value);
}

static void
check_tag_roundtrip (const char *ext)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *name = g_strconcat ("take.", ext, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("Tags: “quotes”, ünïcödé, newlines\nand {braces}", 99);
  g_autoptr(RushesRecipe) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *seen = NULL;

  rushes_recipe_set_audio (recipe, TRUE);
  json_object_set_string_member (rushes_recipe_get_extras (recipe), "note", "kept");
  render_ok (recipe, path);
  json = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  expected = rushes_recipe_to_json (recipe);
  g_assert_cmpstr (json, ==, expected);
  /* other tools read the same JSON, unescaped */
  if ((seen = ffprobe_recipe (path)) != NULL)
    g_assert_cmpstr (seen, ==, expected);
  back = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_recipe_equal (back, recipe));
  test_remove_tree (dir);
}

static void
test_tagger_roundtrip_webm (void)
{
  check_tag_roundtrip ("webm");
}

static void
test_tagger_roundtrip_mp4 (void)
{
  if (!rushes_sketch_can_encode_mp4 ())
    {
      g_test_skip ("no H.264 or AAC encoder");
      return;
    }
  check_tag_roundtrip ("mp4");
}

/* a file as a remote backend would deliver it: no recipe in it */
static void
make_plain_file (const char *path,
                 const char *encoder,
                 const char *muxer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desc = g_strdup_printf ("videotestsrc num-buffers=12 ! video/x-raw,width=96,height=64,framerate=12/1 ! "
                                           "%s ! %s name=mux ! filesink name=sink "
                                           "audiotestsrc num-buffers=10 ! audioconvert ! %s ! mux.",
                                           encoder, muxer,
                                           g_str_equal (muxer, "webmmux") ? "opusenc" : "avenc_aac");
  g_autoptr(GstElement) pipeline = gst_parse_launch (desc, &error);
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;

  g_assert_no_error (error);
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

static void
check_tagger_write (const char *ext,
                    const char *encoder,
                    const char *muxer)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *name = g_strconcat ("remote.", ext, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("from a hosted backend", 5);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *back = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *seen = NULL;
  Probe probe;

  make_plain_file (path, encoder, muxer);
  before = frame_checksums (path);
  g_assert_cmpuint (before->len, ==, 12);

  g_assert_null (rushes_tagger_read (path, &error));
  g_assert_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  json = rushes_recipe_to_json (recipe);
  g_assert_true (rushes_tagger_write (path, json, NULL, &error));
  g_assert_no_error (error);
  back = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, json);
  if ((seen = ffprobe_recipe (path)) != NULL)
    g_assert_cmpstr (seen, ==, json);

  /* a stream copy: the same frames, the same streams, nothing left over */
  after = frame_checksums (path);
  g_assert_true (checksums_equal (before, after));
  if (probe_file (path, &probe))
    {
      g_assert_nonnull (probe.audio_codec);
      g_assert_cmpint (probe.frames, ==, 12);
      probe_clear (&probe);
    }
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, name);

  /* writing again replaces the recipe */
  rushes_recipe_set_seed (recipe, 6);
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&back, g_free);
  json = rushes_recipe_to_json (recipe);
  g_assert_true (rushes_tagger_write (path, json, NULL, &error));
  g_assert_no_error (error);
  back = rushes_tagger_read (path, &error);
  g_assert_cmpstr (back, ==, json);
  test_remove_tree (dir);
}

static void
test_tagger_write_webm (void)
{
  check_tagger_write ("webm", "vp8enc", "webmmux");
}

static void
test_tagger_write_mp4 (void)
{
  g_autoptr(GstElementFactory) x264 = gst_element_factory_find ("x264enc");
  g_autoptr(GstElementFactory) aac = gst_element_factory_find ("avenc_aac");

  if (!x264 || !aac)
    {
      g_test_skip ("no x264enc or avenc_aac");
      return;
    }
  check_tagger_write ("mp4", "x264enc", "mp4mux");
}

static void
test_tagger_write_mov (void)
{
  g_autoptr(GstElementFactory) x264 = gst_element_factory_find ("x264enc");
  g_autoptr(GstElementFactory) aac = gst_element_factory_find ("avenc_aac");

  if (!x264 || !aac)
    {
      g_test_skip ("no x264enc or avenc_aac");
      return;
    }
  check_tagger_write ("mov", "x264enc", "qtmux");
}

/* Files tagged before the recipe was stored as plain JSON hold it in
 * GStreamer's escaped form: they are still read. */
static void
test_tagger_reads_escaped (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "old.webm", NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("an \"old\" take,\nescaped", 3);
  g_autofree char *json = rushes_recipe_to_json (recipe);
  g_autoptr(GstElement) pipeline = gst_parse_launch ("videotestsrc num-buffers=6 ! video/x-raw,width=96,height=64 ! "
                                                     "vp8enc ! webmmux name=mux ! filesink name=sink", NULL);
  g_autoptr(GstElement) mux = gst_bin_get_by_name (GST_BIN (pipeline), "mux");
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *back = NULL;
  gsize length;

  g_object_set (sink, "location", path, NULL);
  gst_tag_setter_add_tags (GST_TAG_SETTER (mux), GST_TAG_MERGE_REPLACE, GST_TAG_COMMENT, json, NULL);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  /* the escaped form really is in the file */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  {
    const char *escaped = "\\\"version\\\"";
    gboolean found = FALSE;

    for (gsize i = 0; !found && i + strlen (escaped) <= length; i++)
      found = memcmp (contents + i, escaped, strlen (escaped)) == 0;
    g_assert_true (found);
  }

  back = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back, ==, json);
  test_remove_tree (dir);
}

static void
test_tagger_cancelled (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "take.webm", NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("keep me", 3);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *listing = NULL;
  gsize before_len, after_len;

  render_ok (recipe, path);
  g_file_get_contents (path, &before, &before_len, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (rushes_tagger_write (path, "{\"other\": 1}", cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_file_get_contents (path, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "take.webm");
  test_remove_tree (dir);
}

static void
test_tagger_errors (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *avi = g_build_filename (dir, "x.avi", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.webm", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.webm", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_tagger_write (avi, "{}", NULL, &error));
  g_assert_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (rushes_tagger_write (missing, "{}", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (rushes_tagger_read (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* not a media file: an error, and the file is left as it was */
  g_file_set_contents (junk, "not a video", -1, &error);
  g_assert_no_error (error);
  g_assert_false (rushes_tagger_write (junk, "{}", NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (rushes_tagger_read (junk, &error));
  g_assert_nonnull (error);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "junk.webm");
  {
    g_autofree char *contents = NULL;

    g_file_get_contents (junk, &contents, NULL, NULL);
    g_assert_cmpstr (contents, ==, "not a video");
  }
  test_remove_tree (dir);
}

/* ------------------------------------------------------------------------ */
/* backend                                                                   */

static void
test_backend_identity (void)
{
  g_autoptr(RushesBackend) backend = rushes_sketch_backend_new ();
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);
  g_autoptr(RushesRecipe) recipe = small_recipe ("ok", 1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (rushes_backend_get_id (backend), ==, "sketch");
  g_assert_cmpstr (rushes_backend_get_kind (backend), ==, "sketch");
  g_assert_false (rushes_backend_is_remote (backend));
  g_assert_true (caps->fields & RUSHES_FIELD_SEED);
  g_assert_true (caps->fields & RUSHES_FIELD_AUDIO);
  g_assert_false (caps->fields & RUSHES_FIELD_STEPS);
  g_assert_cmpfloat (caps->min_seconds, ==, 0.5);
  g_assert_cmpfloat (caps->max_seconds, ==, 60);
  g_assert_cmpuint (caps->max_width, ==, 1920);
  g_assert_cmpuint (caps->max_height, ==, 1080);
  g_assert_cmpuint (caps->max_fps, ==, 60);
  g_assert_cmpuint (caps->max_variations, ==, 8);
  g_assert_cmpfloat (caps->cost_per_second, ==, 0);

  g_assert_true (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_no_error (error);
  rushes_recipe_set_width (recipe, 2560);
  g_assert_false (rushes_backend_check_recipe (backend, recipe, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* odd sizes are refused at submit, naming the field */
  rushes_recipe_set_width (recipe, 161);
  g_assert_null (rushes_backend_submit (backend, recipe, "0b9c4c1e-0000-4000-8000-000000000001",
                                        NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "width"));
  g_assert_nonnull (strstr (error->message, "161"));
}

static void
test_backend_submit_poll_fetch (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *cache = g_build_filename (dir, "cache", NULL);
  g_autofree char *library = g_build_filename (dir, "library", NULL);
  g_autofree char *dest = g_build_filename (library, "take.webm", NULL);
  g_autofree char *dest_mp4 = g_build_filename (library, "take2.mp4", NULL);
  g_autoptr(RushesBackend) backend = rushes_sketch_backend_new_for_cache (cache);
  g_autoptr(RushesRecipe) recipe = small_recipe ("Gentle rain on a purple lake", 11);
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote_id = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;
  ProgressLog log = { 0, 0, TRUE };
  const char *job_id = "6f1d1f5e-3c1b-4b7e-9a55-0d1e2f3a4b5c";
  Probe probe;

  g_mkdir (library, 0700);
  remote_id = rushes_backend_submit (backend, recipe, job_id, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote_id, ==, "sketch-6f1d1f5e-3c1b-4b7e-9a55-0d1e2f3a4b5c");
  /* submit does not render */
  listing = list_dir (cache);
  g_assert_cmpstr (listing, ==, "sketch-6f1d1f5e-3c1b-4b7e-9a55-0d1e2f3a4b5c.json");
  g_clear_pointer (&listing, g_free);

  g_assert_true (rushes_backend_poll (backend, remote_id, &status, progress_log_cb, &log, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_true (log.monotonic);
  g_assert_cmpuint (log.calls, >=, rushes_recipe_get_n_frames (recipe));
  g_assert_nonnull (status.results);
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);
  g_assert_true (g_str_has_prefix (status.results[0], cache));
  g_assert_true (g_str_has_suffix (status.results[0], ".webm"));
  g_assert_true (g_file_test (status.results[0], G_FILE_TEST_IS_REGULAR));

  g_assert_true (rushes_backend_fetch (backend, remote_id, status.results[0], dest, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (status.results[0], G_FILE_TEST_EXISTS));
  listing = list_dir (library);
  g_assert_cmpstr (listing, ==, "take.webm");
  g_clear_pointer (&listing, g_free);

  json = rushes_tagger_read (dest, &error);
  g_assert_no_error (error);
  expected = rushes_recipe_to_json (recipe);
  g_assert_cmpstr (json, ==, expected);
  if (probe_file (dest, &probe))
    {
      g_assert_cmpstr (probe.video_codec, ==, "vp9");
      g_assert_cmpint (probe.frames, ==, 36);
      probe_clear (&probe);
    }

  /* another container than the cached render's: rendered straight there */
  if (rushes_sketch_can_encode_mp4 ())
    {
      g_auto(RushesRemoteStatus) again = { 0 };

      g_assert_true (rushes_backend_poll (backend, remote_id, &again, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (again.state, ==, RUSHES_REMOTE_SUCCEEDED);
      g_assert_true (rushes_backend_fetch (backend, remote_id, again.results[0], dest_mp4, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      if (probe_file (dest_mp4, &probe))
        {
          g_assert_cmpstr (probe.video_codec, ==, "h264");
          g_assert_cmpint (probe.frames, ==, 36);
          probe_clear (&probe);
        }
      listing = list_dir (library);
      g_assert_cmpstr (listing, ==, "take.webm take2.mp4");
    }
  test_remove_tree (dir);
}

static void
test_backend_restart (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autoptr(RushesBackend) first = rushes_sketch_backend_new_for_cache (dir);
  g_autoptr(RushesBackend) second = rushes_sketch_backend_new_for_cache (dir);
  g_autoptr(RushesRecipe) recipe = small_recipe ("after a crash", 4);
  g_autoptr(GError) error = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote_id = NULL;
  g_autofree char *found = NULL;
  g_autofree char *none = NULL;
  g_autofree char *json = NULL;
  g_autofree char *expected = NULL;

  remote_id = rushes_backend_submit (first, recipe, "0f0e0d0c-aaaa-4bbb-8ccc-123456789abc", NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* a new process (second backend) finds and renders the job */
  found = rushes_backend_lookup (second, "0f0e0d0c-aaaa-4bbb-8ccc-123456789abc", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, remote_id);
  none = rushes_backend_lookup (second, "11111111-2222-4333-8444-555555555555", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (none);

  /* week-old leftovers are pruned on submit, recent ones kept */
  {
    g_autoptr(RushesRecipe) other = small_recipe ("later", 5);
    g_autofree char *stale = g_build_filename (dir, "sketch-stale.json", NULL);
    g_autofree char *other_id = NULL;
    g_autofree char *json_path = g_strconcat (dir, "/", remote_id, ".json", NULL);
    struct utimbuf old_times = { 1000000000, 1000000000 };

    g_file_set_contents (stale, "{}", -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (utime (stale, &old_times), ==, 0);
    other_id = rushes_backend_submit (second, other, "22222222-2222-4333-8444-555555555555", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (json_path, G_FILE_TEST_EXISTS));
  }

  g_assert_true (rushes_backend_poll (second, remote_id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  json = rushes_tagger_read (status.results[0], &error);
  g_assert_no_error (error);
  expected = rushes_recipe_to_json (recipe);
  g_assert_cmpstr (json, ==, expected);

  g_assert_false (rushes_backend_poll (second, "sketch-unknown", &status, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
  test_remove_tree (dir);
}

typedef struct
{
  RushesBackend      *backend;
  const char         *remote_id;
  RushesRemoteStatus  status;
  gint                frames;
  gboolean            ok;
  GError             *error;
} PollData;

static void
poll_progress_cb (double      fraction,
                  const char *status,
                  gpointer    user_data)
{
  PollData *data = user_data;

  g_atomic_int_inc (&data->frames);
}

static gpointer
poll_thread (gpointer user_data)
{
  PollData *data = user_data;

  data->ok = rushes_backend_poll (data->backend, data->remote_id, &data->status,
                                  poll_progress_cb, data, NULL, &data->error);
  return NULL;
}

static void
test_backend_cancel (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autoptr(RushesBackend) backend = rushes_sketch_backend_new_for_cache (dir);
  g_autoptr(RushesRecipe) recipe = small_recipe ("cancel me", 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *listing = NULL;
  PollData data = { 0 };
  GThread *thread;

  rushes_recipe_set_seconds (recipe, 60);
  remote_id = rushes_backend_submit (backend, recipe, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  data.backend = backend;
  data.remote_id = remote_id;
  thread = g_thread_new ("poll", poll_thread, &data);
  while (g_atomic_int_get (&data.frames) < 5)
    g_usleep (1000);
  g_assert_true (rushes_backend_cancel (backend, remote_id, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (thread);

  g_assert_no_error (data.error);
  g_assert_true (data.ok);
  g_assert_cmpint (data.status.state, ==, RUSHES_REMOTE_CANCELLED);
  rushes_remote_status_clear (&data.status);
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "");

  /* and the job is gone */
  g_assert_false (rushes_backend_poll (backend, remote_id, &data.status, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND);
  test_remove_tree (dir);
}

/* the cache on another file system than the library: copy, fsync, rename */
static void
test_backend_fetch_across_file_systems (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *cache = g_build_filename ("/dev/shm", "rushes-test-XXXXXX", NULL);
  g_autofree char *dest = g_build_filename (dir, "take.webm", NULL);
  g_autofree char *listing = NULL;
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesRecipe) recipe = small_recipe ("across", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *remote_id = NULL;
  ProgressLog log = { 0, 0, TRUE };
  GStatBuf a, b;

  if (!g_mkdtemp (cache) || g_stat (cache, &a) != 0 || g_stat (dir, &b) != 0 || a.st_dev == b.st_dev)
    {
      g_test_skip ("needs /dev/shm on another file system than the temporary folder");
      test_remove_tree (cache);
      test_remove_tree (dir);
      return;
    }
  backend = rushes_sketch_backend_new_for_cache (cache);
  remote_id = rushes_backend_submit (backend, recipe, "99999999-bbbb-4ccc-8ddd-eeeeeeeeeeee", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_backend_poll (backend, remote_id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  before = frame_checksums (status.results[0]);

  g_assert_true (rushes_backend_fetch (backend, remote_id, status.results[0], dest, progress_log_cb, &log, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (log.monotonic);
  g_assert_cmpfloat (log.last, ==, 1.0);
  g_assert_false (g_file_test (status.results[0], G_FILE_TEST_EXISTS));
  listing = list_dir (dir);
  g_assert_cmpstr (listing, ==, "take.webm");
  after = frame_checksums (dest);
  g_assert_cmpuint (after->len, ==, 36);
  g_assert_true (checksums_equal (before, after));
  test_remove_tree (cache);
  test_remove_tree (dir);
}

static gpointer
cancel_soon_thread (gpointer user_data)
{
  PollData *data = user_data;
  GCancellable *cancellable = g_object_get_data (G_OBJECT (data->backend), "test-cancellable");

  while (g_atomic_int_get (&data->frames) < 5)
    g_usleep (1000);
  g_cancellable_cancel (cancellable);
  return NULL;
}

/* the caller giving up (app quitting) is not the job being cancelled: the
 * job survives and a later poll renders it */
static void
test_backend_poll_interrupted (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autoptr(RushesBackend) backend = rushes_sketch_backend_new_for_cache (dir);
  g_autoptr(RushesRecipe) recipe = small_recipe ("interrupted", 4);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *listing = NULL;
  g_autofree char *expected = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  PollData data = { 0 };
  GThread *thread;

  rushes_recipe_set_seconds (recipe, 8);
  remote_id = rushes_backend_submit (backend, recipe, "12345678-bbbb-4ccc-8ddd-eeeeeeeeeeee", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  data.backend = backend;
  g_object_set_data (G_OBJECT (backend), "test-cancellable", cancellable);
  thread = g_thread_new ("cancel", cancel_soon_thread, &data);
  g_assert_false (rushes_backend_poll (backend, remote_id, &status, poll_progress_cb, &data, cancellable, &error));
  g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  listing = list_dir (dir);
  expected = g_strconcat (remote_id, ".json", NULL);
  g_assert_cmpstr (listing, ==, expected);

  g_assert_true (rushes_backend_poll (backend, remote_id, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_true (g_file_test (status.results[0], G_FILE_TEST_IS_REGULAR));
  test_remove_tree (dir);
}

static void
test_render_random_seed (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-sketch-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "random.webm", NULL);
  g_autoptr(RushesRecipe) recipe = small_recipe ("random", RUSHES_RECIPE_SEED_RANDOM);
  g_autoptr(RushesRecipe) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  rushes_recipe_set_seconds (recipe, 0.5);
  render_ok (recipe, path);
  json = rushes_tagger_read (path, &error);
  g_assert_no_error (error);
  back = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  /* the tag records the seed that was used; the caller's recipe is untouched */
  g_assert_cmpint (rushes_recipe_get_seed (back), >=, 0);
  g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, RUSHES_RECIPE_SEED_RANDOM);
  test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/sketch/render/webm", test_render_webm);
  g_test_add_func ("/sketch/render/webm-60fps", test_render_webm_60fps);
  g_test_add_func ("/sketch/render/mkv-silent", test_render_mkv_silent);
  g_test_add_func ("/sketch/render/mp4", test_render_mp4);
  g_test_add_func ("/sketch/render/bad-destination", test_render_bad_destination);
  g_test_add_func ("/sketch/render/determinism", test_render_determinism);
  g_test_add_func ("/sketch/render/concurrent", test_render_concurrent);
  g_test_add_func ("/sketch/render/cancel", test_render_cancel);
  g_test_add_func ("/sketch/render/cancelled-before", test_render_cancelled_before);
  g_test_add_func ("/sketch/render/random-seed", test_render_random_seed);
  g_test_add_func ("/tagger/roundtrip-webm", test_tagger_roundtrip_webm);
  g_test_add_func ("/tagger/roundtrip-mp4", test_tagger_roundtrip_mp4);
  g_test_add_func ("/tagger/write-webm", test_tagger_write_webm);
  g_test_add_func ("/tagger/write-mp4", test_tagger_write_mp4);
  g_test_add_func ("/tagger/write-mov", test_tagger_write_mov);
  g_test_add_func ("/tagger/reads-escaped", test_tagger_reads_escaped);
  g_test_add_func ("/tagger/cancelled", test_tagger_cancelled);
  g_test_add_func ("/tagger/errors", test_tagger_errors);
  g_test_add_func ("/sketch-backend/identity", test_backend_identity);
  g_test_add_func ("/sketch-backend/submit-poll-fetch", test_backend_submit_poll_fetch);
  g_test_add_func ("/sketch-backend/restart", test_backend_restart);
  g_test_add_func ("/sketch-backend/fetch-across-file-systems", test_backend_fetch_across_file_systems);
  g_test_add_func ("/sketch-backend/cancel", test_backend_cancel);
  g_test_add_func ("/sketch-backend/poll-interrupted", test_backend_poll_interrupted);

  return g_test_run ();
}
