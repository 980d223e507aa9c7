/* test-timeline-v2.c: a project with tracks, crossfades, a title, fades and
 * an audio bed, rendered through GES by the export and by the preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sources of known colours and a known tone (ffmpeg, 320×240 at 25 fps):
 *
 *   V2  ··[title "RUSHES" 0.2–1.2 s, centred at (0.5, 0.25)]········
 *   V1  [red 0–2 s········]
 *                  [blue 1.6–3.6 s, fade-out 0.5 s] (crossfade 1.6–2.0 s)
 *   A1  [440 Hz bed 0–3.6 s, volume 0.5, fade-in 1 s]
 *
 * ffmpeg and ffprobe are the oracles for what the exported file holds;
 * the preview's frames (an appsink on RushesTimeline's pipeline) must
 * match the export's at the same times.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <gst/app/gstappsink.h>

#include "media-fixtures.h"
#include "rushes-exporter.h"
#include "rushes-timeline.h"
#include "test-util.h"

#define S   RUSHES_SECOND
#define MS  (S / 1000)
#define W   320
#define H   240
#define FPS 25
#define FRAME_SIZE (W * H * 3)

#define BLUE_START   (1600 * MS)
#define TITLE_START  (200 * MS)
#define TITLE_LENGTH (1000 * MS)
#define TOTAL        (3600 * MS)
#define BED_VOLUME   0.5

static const char *
video_fixture (const char *name,
               const char *colour)
{
  g_autofree char *args = g_strdup_printf ("-f lavfi -i color=c=%s:size=%dx%d:rate=%d:duration=2 "
                                           "-c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p",
                                           colour, W, H, FPS);

  return media_fixture (name, args);
}

static const char *
bed_fixture (void)
{
  return media_fixture ("bed.wav", "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=4 -ac 2");
}

static RushesTimelineClip *
clip_for (const char *path)
{
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *clip = rushes_timeline_clip_new_for_file (path, &error);

  g_assert_no_error (error);
  return clip;
}

static guint
track_index (RushesProject       *project,
             RushesTimelineTrack *track)
{
  guint index = G_MAXUINT;

  g_assert_nonnull (track);
  g_assert_true (rushes_project_find_track (project, track, &index));
  return index;
}

static guint
audio_track_index (RushesProject *project)
{
  RushesTimelineTrack *audio = rushes_project_get_audio_track (project);

  if (audio == NULL)
    return rushes_project_add_track (project, RUSHES_TRACK_AUDIO, NULL);
  return track_index (project, audio);
}

/* The project of the header, built through the project's edits */
static RushesProject *
make_project (RushesTimelineClip **title_out)
{
  g_autoptr(GError) error = NULL;
  RushesProject *project = rushes_project_new ();
  g_autoptr(RushesTimelineClip) red = clip_for (video_fixture ("red.mp4", "red"));
  g_autoptr(RushesTimelineClip) blue = clip_for (video_fixture ("blue.mp4", "blue"));
  g_autoptr(RushesTimelineClip) bed = rushes_timeline_clip_new (bed_fixture (), 4 * S);
  RushesTimelineClip *title;
  guint v1, v2, a1;

  rushes_project_set_format (project, W, H, FPS, 1);
  v1 = track_index (project, rushes_project_get_main_track (project));
  g_assert_true (rushes_project_place_clip (project, v1, red, 0, &error));
  g_assert_no_error (error);
  g_assert_true (rushes_project_place_clip (project, v1, blue, BLUE_START, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rushes_timeline_track_get_crossfade (rushes_project_get_track (project, v1), 0),
                   ==, 2 * S - BLUE_START);
  rushes_project_set_clip_fades (project, blue, 0, S / 2);

  v2 = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);
  title = rushes_project_add_title (project, v2, TITLE_START, TITLE_LENGTH, "RUSHES", &error);
  g_assert_no_error (error);
  g_assert_nonnull (title);
  rushes_project_set_title (project, title, "RUSHES", 48, 0.5, 0.25);

  a1 = audio_track_index (project);
  rushes_timeline_clip_set_has_audio (bed, TRUE);
  rushes_timeline_clip_set_range (bed, 0, TOTAL);
  g_assert_true (rushes_project_place_clip (project, a1, bed, 0, &error));
  g_assert_no_error (error);
  rushes_project_set_clip_volume (project, bed, BED_VOLUME);
  rushes_project_set_clip_fades (project, bed, S, 0);

  g_assert_cmpint (rushes_project_get_duration (project), ==, TOTAL);
  if (title_out)
    *title_out = title;
  return project;
}

static guint
title_track (RushesProject      *project,
             RushesTimelineClip *title)
{
  guint index = G_MAXUINT, position;

  g_assert_true (rushes_project_locate_clip (project, title, &index, &position));
  return index;
}

/* ---- export ---------------------------------------------------------------- */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} ExportWait;

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ExportWait *wait = data;

  wait->ok = rushes_exporter_export_finish (RUSHES_EXPORTER (source), result, &wait->error);
  wait->done = TRUE;
}

/* Exports project as WebM into dir/name; returns the path */
static char *
export (RushesProject *project,
        const char    *dir,
        const char    *name)
{
  g_autoptr(RushesExporter) exporter = rushes_exporter_new (project);
  char *output = g_build_filename (dir, name, NULL);
  ExportWait wait = { 0 };

  rushes_exporter_set_preset (exporter, RUSHES_EXPORT_PRESET_WEBM);
  rushes_exporter_set_quality (exporter, RUSHES_EXPORT_QUALITY_HIGH);
  rushes_exporter_export_async (exporter, output, NULL, export_done_cb, &wait);
  test_wait_flag (&wait.done);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  return output;
}

/* ---- pixels and samples ------------------------------------------------------ */

static const guint8 *
pixel (const guint8 *frame,
       int           x,
       int           y)
{
  return frame + ((gsize) y * W + x) * 3;
}

static gboolean
is_white (const guint8 *p)
{
  return p[0] > 200 && p[1] > 200 && p[2] > 200;
}

/* white pixels in rows [y0, y1) */
static guint
count_white (const guint8 *frame,
             int           y0,
             int           y1)
{
  guint n = 0;

  for (int y = y0; y < y1; y++)
    for (int x = 0; x < W; x++)
      n += is_white (pixel (frame, x, y));
  return n;
}

/* The file's sound as mono 48 kHz floats */
static float *
decode_audio (const char *path,
              gsize      *n_samples)
{
  const char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", "48000",
                         "-f", "f32le", "-", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) out = NULL;
  gsize size;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  *n_samples = g_bytes_get_size (out) / sizeof (float);
  return g_bytes_unref_to_data (g_steal_pointer (&out), &size);
}

static double
rms (const float *samples,
     gsize        n_samples,
     double       from,
     double       to)
{
  gsize a = (gsize) (from * 48000), b = MIN ((gsize) (to * 48000), n_samples);
  double sum = 0;

  g_assert_cmpuint (a, <, b);
  for (gsize i = a; i < b; i++)
    sum += (double) samples[i] * samples[i];
  return sqrt (sum / (b - a));
}

static guint
frame_at (gint64 time)
{
  return (guint) (time * FPS / S);
}

/* ---- the GES layout ---------------------------------------------------------- */

static gboolean
is_title (gpointer clip)
{
  const char *id = GES_IS_URI_CLIP (clip) ? ges_asset_get_id (ges_extractable_get_asset (clip)) : "";

  return strstr (id, "/rushes/titles/") != NULL && g_str_has_suffix (id, ".png");
}

static GESLayer *
title_layer (GESTimeline *timeline,
             guint       *n_clips)
{
  GList *layers = ges_timeline_get_layers (timeline);
  GESLayer *found = NULL;

  for (GList *l = layers; l && !found; l = l->next)
    {
      GList *clips = ges_layer_get_clips (l->data);

      for (GList *c = clips; c; c = c->next)
        if (is_title (c->data))
          {
            found = l->data;
            *n_clips = g_list_length (clips);
            break;
          }
      g_list_free_full (clips, gst_object_unref);
    }
  g_list_free_full (layers, gst_object_unref);
  return found;
}

static double
value_at (GstControlBinding *binding,
          GstClockTime       time)
{
  GValue *value = gst_control_binding_get_value (binding, time);
  double d;

  g_assert_nonnull (value);
  d = g_value_get_double (value);
  g_value_unset (value);
  g_free (value);
  return d;
}

static void
test_layout (void)
{
  RushesTimelineClip *title;
  g_autoptr(RushesProject) project = make_project (&title);
  g_autoptr(GESTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  GList *layers, *clips;
  GESLayer *text_layer, *blue_layer = NULL, *red_layer = NULL;
  guint n_title, n_video = 0, n_audio_crossfades = 0;
  guint a1 = audio_track_index (project);

  /* a second bed overlapping the first: an audio crossfade */
  {
    g_autoptr(RushesTimelineClip) more = rushes_timeline_clip_new (bed_fixture (), 4 * S);

    rushes_timeline_clip_set_has_audio (more, TRUE);
    rushes_timeline_clip_set_range (more, 0, S);
    g_assert_true (rushes_project_place_clip (project, a1, more, TOTAL - S / 2, &error));
    g_assert_no_error (error);
  }

  timeline = rushes_timeline_build (project, 0, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (timeline);
  g_assert_cmpuint (ges_timeline_get_duration (timeline), ==, TOTAL + S / 2);

  /* V2 is drawn over V1 (lower priority is on top); V1's two clips are
   * picture only, on two layers, the upper one dissolving in over the
   * overlap; A1 is sound only, with an audio crossfade */
  text_layer = title_layer (timeline, &n_title);
  g_assert_nonnull (text_layer);
  layers = ges_timeline_get_layers (timeline);
  for (GList *l = layers; l; l = l->next)
    {
      clips = ges_layer_get_clips (l->data);
      for (GList *c = clips; c; c = c->next)
        {
          if (GES_IS_TRANSITION_CLIP (c->data))
            {
              GList *children = ges_container_get_children (c->data, FALSE);

              for (GList *t = children; t; t = t->next)
                {
                  g_assert_false (GES_IS_VIDEO_TRANSITION (t->data));
                  n_audio_crossfades += GES_IS_AUDIO_TRANSITION (t->data);
                }
              g_list_free_full (children, gst_object_unref);
              g_assert_cmpuint (ges_timeline_element_get_start (c->data), ==, TOTAL - S / 2);
            }
          else if (GES_IS_URI_CLIP (c->data) && !is_title (c->data) &&
                   ges_clip_get_supported_formats (c->data) == GES_TRACK_TYPE_VIDEO)
            {
              GList *children = ges_container_get_children (c->data, FALSE);
              GESTrackElement *source = children->data;
              GstControlBinding *alpha = ges_track_element_get_control_binding (source, "alpha");

              g_assert_cmpuint (g_list_length (children), ==, 1);
              g_assert_cmpuint (ges_layer_get_priority (text_layer), <, ges_layer_get_priority (l->data));
              if (ges_timeline_element_get_start (c->data) == BLUE_START)
                {
                  /* over the red clip: 0 → 1 across the overlap, then down to 0 in its fade-out */
                  g_assert_nonnull (alpha);
                  g_assert_cmpfloat (value_at (alpha, 0), ==, 0);
                  g_assert_cmpfloat_with_epsilon (value_at (alpha, (2 * S - BLUE_START) / 2), 0.5, 1e-6);
                  g_assert_cmpfloat (value_at (alpha, S), ==, 1);
                  g_assert_cmpfloat (value_at (alpha, 2 * S), ==, 0);
                  blue_layer = l->data;
                }
              else
                {
                  g_assert_null (alpha);
                  red_layer = l->data;
                }
              n_video++;
              g_list_free_full (children, gst_object_unref);
            }
          else if (GES_IS_URI_CLIP (c->data) && !is_title (c->data))
            g_assert_cmpint (ges_clip_get_supported_formats (c->data), ==, GES_TRACK_TYPE_AUDIO);
        }
      g_list_free_full (clips, gst_object_unref);
    }
  g_list_free_full (layers, gst_object_unref);
  g_assert_cmpuint (n_video, ==, 2);
  g_assert_nonnull (blue_layer);
  g_assert_nonnull (red_layer);
  g_assert_cmpuint (ges_layer_get_priority (blue_layer), <, ges_layer_get_priority (red_layer));
  g_assert_cmpuint (n_audio_crossfades, ==, 1);

  /* a muted track leaves nothing */
  rushes_project_set_track_muted (project, title_track (project, title), TRUE);
  g_clear_object (&timeline);
  timeline = rushes_timeline_build (project, 0, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_null (title_layer (timeline, &n_title));
}

/* The title: a still of its text's box, placed where the text goes */
static void
test_title_still (void)
{
  RushesTimelineClip *title;
  g_autoptr(RushesProject) project = make_project (&title);
  g_autofree char *first = NULL;
  int x, y, w, h;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GESTimeline) timeline = rushes_timeline_build (project, 0, 0, TRUE, NULL);
      guint n;
      GList *clips = ges_layer_get_clips (title_layer (timeline, &n));
      const char *id = ges_asset_get_id (ges_extractable_get_asset (clips->data));

      ges_timeline_element_get_child_properties (clips->data, "posx", &x, "posy", &y,
                                                 "width", &w, "height", &h, NULL);
      g_test_message ("title “%s”: %d×%d at %d,%d", rushes_timeline_clip_get_title_text (title), w, h, x, y);
      g_assert_true (w > 40 && w < W && h < H / 3);
      g_assert_cmpint (abs (x + w / 2 - W / 2), <=, 4);
      g_assert_cmpint (abs (y + h / 2 - H / 4), <=, H / 20);
      first = first ? first : g_strdup (id);
      g_assert_true ((g_strcmp0 (first, id) == 0) == (round != 1));
      g_list_free_full (clips, gst_object_unref);
      rushes_project_set_title (project, title, round == 0 ? "RUSH" : "RUSHES", 48, 0.5, 0.25);
    }
}

/* ---- export and preview -------------------------------------------------------- */

typedef struct
{
  GMutex     lock;
  GstSample *sample;  /* the latest preroll */
} Preroll;

static GstFlowReturn
new_preroll_cb (GstAppSink *sink,
                gpointer    data)
{
  Preroll *preroll = data;
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  g_mutex_lock (&preroll->lock);
  g_clear_pointer (&preroll->sample, gst_sample_unref);
  preroll->sample = sample;
  g_mutex_unlock (&preroll->lock);
  return GST_FLOW_OK;
}

typedef struct
{
  Preroll *preroll;
  gint64   time;
} PrerollAt;

static gboolean
preroll_at_cb (gpointer data)
{
  PrerollAt *at = data;
  gboolean ok = FALSE;

  g_mutex_lock (&at->preroll->lock);
  if (at->preroll->sample)
    {
      GstBuffer *buffer = gst_sample_get_buffer (at->preroll->sample);
      const GstSegment *segment = gst_sample_get_segment (at->preroll->sample);
      guint64 time = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, GST_BUFFER_PTS (buffer));

      ok = GST_CLOCK_TIME_IS_VALID (time) && llabs ((gint64) time - at->time) < S / FPS / 2;
    }
  g_mutex_unlock (&at->preroll->lock);
  return ok;
}

/* The preview's frame at time, packed RGB */
static guint8 *
preview_frame (RushesTimeline *timeline,
               Preroll        *preroll,
               gint64          time)
{
  PrerollAt at = { preroll, time };
  GstMapInfo map;
  guint8 *frame;

  rushes_timeline_seek (timeline, time);
  test_wait_until (preroll_at_cb, &at, 20000);
  g_mutex_lock (&preroll->lock);
  g_assert_true (gst_buffer_map (gst_sample_get_buffer (preroll->sample), &map, GST_MAP_READ));
  g_assert_cmpuint (map.size, >=, FRAME_SIZE);
  frame = g_memdup2 (map.data, FRAME_SIZE);
  gst_buffer_unmap (gst_sample_get_buffer (preroll->sample), &map);
  g_mutex_unlock (&preroll->lock);
  return frame;
}

static void
check_against_preview (RushesProject *project,
                       const guint8  *frames,
                       guint          n_frames)
{
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  GESPipeline *pipeline = rushes_timeline_get_pipeline (timeline);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB",
                                                 "width", G_TYPE_INT, W, "height", G_TYPE_INT, H, NULL);
  GstAppSinkCallbacks callbacks = { .new_preroll = new_preroll_cb };
  Preroll preroll = { 0 };
  /* the title, mid-crossfade, the fade-out and a plain frame */
  static const gint64 times[] = { 720 * MS, 1800 * MS, 3400 * MS, 2400 * MS };

  g_mutex_init (&preroll.lock);
  gst_app_sink_set_caps (GST_APP_SINK (sink), caps);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &preroll, NULL);
  rushes_timeline_set_video_sink (timeline, sink);
  rushes_timeline_set_audio_sink (timeline, gst_element_factory_make ("fakesink", NULL));

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree guint8 *shown = preview_frame (timeline, &preroll, times[i]);
      guint index = frame_at (times[i]);
      double match;

      g_assert_cmpuint (index, <, n_frames);
      match = media_psnr (shown, frames + (gsize) index * FRAME_SIZE, FRAME_SIZE);
      g_test_message ("preview vs export at %" G_GINT64_FORMAT " ms: %.1f dB", times[i] / MS, match);
      g_assert_cmpfloat (match, >=, 30);
    }

  /* an edit rebuilds the preview where it was */
  rushes_project_set_clip_fades (project, rushes_project_get_clip (project, 0), S / 5, 0);
  test_spin (500);
  {
    gint64 position = -1;

    g_assert_true (gst_element_query_position (GST_ELEMENT (pipeline), GST_FORMAT_TIME, &position));
    g_assert_cmpint (llabs (position - times[G_N_ELEMENTS (times) - 1]), <=, S / FPS);
  }

  gst_element_set_state (GST_ELEMENT (pipeline), GST_STATE_NULL);
  g_clear_pointer (&preroll.sample, gst_sample_unref);
  g_mutex_clear (&preroll.lock);
}

static void
test_export_matches_edit (void)
{
  g_autoptr(RushesProject) project = make_project (NULL);
  g_autofree char *dir = test_make_tmp_dir ("rushes-v2-XXXXXX");
  g_autofree char *output = export (project, dir, "cut.webm");
  g_autofree guint8 *frames = NULL;
  g_autofree float *samples = NULL;
  g_autofree float *source = NULL;
  g_autofree char *audio_codec = NULL;
  guint n_frames;
  gsize n_samples, n_source;

  /* the whole edit, with its sound */
  g_assert_cmpfloat_with_epsilon (media_probe_double (output, NULL, "format=duration"), 3.6, 1.0 / FPS + 1e-6);
  audio_codec = media_probe (output, "a:0", "stream=codec_name");
  g_assert_cmpstr (audio_codec, ==, "opus");
  frames = media_decode_rgb (output, W, H, &n_frames);
  g_assert_cmpuint (n_frames, ==, TOTAL * FPS / S);

  /* red, then a blend of red and blue mid-crossfade, then blue */
  {
    const guint8 *before = pixel (frames + (gsize) frame_at (1200 * MS) * FRAME_SIZE, W / 2, H * 3 / 4);
    const guint8 *mid = pixel (frames + (gsize) frame_at (1800 * MS) * FRAME_SIZE, W / 2, H * 3 / 4);
    const guint8 *after = pixel (frames + (gsize) frame_at (2400 * MS) * FRAME_SIZE, W / 2, H * 3 / 4);

    g_test_message ("crossfade: %u,%u,%u → %u,%u,%u → %u,%u,%u", before[0], before[1], before[2],
                    mid[0], mid[1], mid[2], after[0], after[1], after[2]);
    g_assert_cmpuint (before[0], >, 220);
    g_assert_cmpuint (before[2], <, 30);
    /* half and half: a dissolve, not a dip */
    g_assert_cmpuint (mid[0], >, 100);
    g_assert_cmpuint (mid[0], <, 155);
    g_assert_cmpuint (mid[2], >, 100);
    g_assert_cmpuint (mid[2], <, 155);
    g_assert_cmpuint (after[0], <, 30);
    g_assert_cmpuint (after[2], >, 220);

    /* the fade-out of the bottom track goes to black */
    {
      const guint8 *fading = pixel (frames + (gsize) (n_frames - 1) * FRAME_SIZE, W / 2, H * 3 / 4);

      g_assert_cmpuint (fading[2], <, 40);
      g_assert_cmpuint (fading[0], <, 20);
    }
  }

  /* the title: white text around a quarter of the height, over red (its
   * background is transparent), and none elsewhere; none once it is over */
  {
    const guint8 *title = frames + (gsize) frame_at (720 * MS) * FRAME_SIZE;
    const guint8 *later = frames + (gsize) frame_at (1400 * MS) * FRAME_SIZE;
    guint inside = count_white (title, H / 4 - 30, H / 4 + 30);

    g_test_message ("title: %u white pixels", inside);
    g_assert_cmpuint (inside, >, 200);
    g_assert_cmpuint (count_white (title, 0, H / 4 - 40), ==, 0);
    g_assert_cmpuint (count_white (title, H / 4 + 40, H), ==, 0);
    g_assert_cmpuint (pixel (title, 5, 5)[0], >, 220);
    g_assert_cmpuint (pixel (title, W - 5, H - 5)[0], >, 220);
    g_assert_cmpuint (count_white (later, 0, H), ==, 0);
  }

  /* the bed: quieter during its fade-in than after; at half its volume */
  samples = decode_audio (output, &n_samples);
  source = decode_audio (bed_fixture (), &n_source);
  {
    double fading = rms (samples, n_samples, 0.1, 0.4);
    double full = rms (samples, n_samples, 1.5, 3.0);
    double original = rms (source, n_source, 1.5, 3.0);

    g_test_message ("audio rms: fade-in %.4f, after %.4f, source %.4f", fading, full, original);
    g_assert_cmpfloat (full, >, 0.01);
    g_assert_cmpfloat (fading, <, full * 0.5);
    g_assert_cmpfloat (full / original, >, BED_VOLUME * 0.8);
    g_assert_cmpfloat (full / original, <, BED_VOLUME * 1.2);
  }

  /* the preview shows the same frames */
  check_against_preview (project, frames, n_frames);
  test_remove_tree (dir);
}

static void
test_muted_tracks (void)
{
  RushesTimelineClip *title;
  g_autoptr(RushesProject) project = make_project (&title);
  g_autofree char *dir = test_make_tmp_dir ("rushes-v2-XXXXXX");
  g_autofree char *output = NULL;
  g_autofree guint8 *frames = NULL;
  g_autofree float *samples = NULL;
  guint n_frames;
  gsize n_samples;

  /* V2 (the title) and A1 (the bed) muted */
  rushes_project_set_track_muted (project, title_track (project, title), TRUE);
  rushes_project_set_track_muted (project, audio_track_index (project), TRUE);
  output = export (project, dir, "muted.webm");

  g_assert_cmpfloat_with_epsilon (media_probe_double (output, NULL, "format=duration"), 3.6, 1.0 / FPS + 1e-6);
  frames = media_decode_rgb (output, W, H, &n_frames);
  g_assert_cmpuint (count_white (frames + (gsize) frame_at (720 * MS) * FRAME_SIZE, 0, H), ==, 0);
  samples = decode_audio (output, &n_samples);
  g_assert_cmpfloat (rms (samples, n_samples, 1.5, 3.0), <, 0.001);
  test_remove_tree (dir);
}

/* ---- the preview under QoS --------------------------------------------------------- */

typedef struct
{
  gint         delivered;  /* atomic */
  gint         eos;        /* atomic */
  GstClockTime period;
} OnTime;

/* streaming thread: each frame counted, held a while as a display would
 * hold it (frames made before an edit point are still on their way to
 * the sink when the composition has moved on to the next stack), and
 * answered as a video sink does when it shows a frame on time (a QoS
 * event, half a frame early) */
static GstFlowReturn
on_time_sample_cb (GstAppSink *sink,
                   gpointer    data)
{
  OnTime *on_time = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GstPad) pad = gst_element_get_static_pad (GST_ELEMENT (sink), "sink");
  GstBuffer *buffer = sample ? gst_sample_get_buffer (sample) : NULL;
  GstClockTime running;

  if (buffer == NULL)
    return GST_FLOW_OK;
  g_atomic_int_inc (&on_time->delivered);
  g_usleep (on_time->period / 2 / 1000);
  running = gst_segment_to_running_time (gst_sample_get_segment (sample), GST_FORMAT_TIME,
                                         GST_BUFFER_PTS (buffer));
  if (GST_CLOCK_TIME_IS_VALID (running))
    gst_pad_push_event (pad, gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 1.0,
                                                -(GstClockTimeDiff) MIN (on_time->period / 2, running),
                                                running));
  return GST_FLOW_OK;
}

static void
on_time_eos_cb (GstAppSink *sink,
                gpointer    data)
{
  g_atomic_int_set (&((OnTime *) data)->eos, 1);
}

static gboolean
eos_cb (gpointer data)
{
  return g_atomic_int_get (&((OnTime *) data)->eos) != 0;
}

/* A sink that shows every frame on time gets every frame of the preview:
 * the title's start and the crossfade (each a new stack of the GES
 * composition, with its own running time inside) lose none to its QoS */
static void
test_preview_every_frame (void)
{
  g_autoptr(RushesProject) project = make_project (NULL);
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  GESPipeline *pipeline = rushes_timeline_get_pipeline (timeline);
  GstElement *sink = gst_element_factory_make ("appsink", NULL);
  GstElement *audio = gst_element_factory_make ("fakesink", NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGB",
                                                 "width", G_TYPE_INT, W, "height", G_TYPE_INT, H, NULL);
  GstAppSinkCallbacks callbacks = { .new_sample = on_time_sample_cb, .eos = on_time_eos_cb };
  OnTime on_time = { 0, 0, GST_SECOND / FPS };

  /* as fast as it goes: no lateness of this machine's own */
  g_object_set (sink, "sync", FALSE, "caps", caps, NULL);
  g_object_set (audio, "sync", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, &on_time, NULL);
  rushes_timeline_set_video_sink (timeline, sink);
  rushes_timeline_set_audio_sink (timeline, audio);

  rushes_timeline_play (timeline);
  test_wait_until (eos_cb, &on_time, 60000);
  g_test_message ("preview: %d frames of %d", g_atomic_int_get (&on_time.delivered), (int) (TOTAL * FPS / S));
  g_assert_cmpint (g_atomic_int_get (&on_time.delivered), ==, TOTAL * FPS / S);
  gst_element_set_state (GST_ELEMENT (pipeline), GST_STATE_NULL);
}

/* A version 1 file (clips end to end) exports as before */
static void
test_version_1 (void)
{
  g_autofree char *dir = test_make_tmp_dir ("rushes-v1-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "old.rushes", NULL);
  g_autofree char *json = NULL;
  g_autofree char *output = NULL;
  g_autofree guint8 *frames = NULL;
  g_autoptr(RushesProject) project = NULL;
  g_autoptr(GError) error = NULL;
  guint n_frames;

  json = g_strdup_printf ("{\"format\": \"rushes-project\", \"version\": 1, \"clips\": ["
                          "{\"path\": \"%s\", \"in\": 0, \"out\": 1000000000, \"media-duration\": 2000000000},"
                          "{\"path\": \"%s\", \"in\": 500000000, \"out\": 1500000000, \"media-duration\": 2000000000}]}",
                          video_fixture ("red.mp4", "red"), video_fixture ("blue.mp4", "blue"));
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  project = rushes_project_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 2 * S);

  output = export (project, dir, "old.webm");
  g_assert_cmpfloat_with_epsilon (media_probe_double (output, NULL, "format=duration"), 2.0, 1.0 / FPS + 1e-6);
  frames = media_decode_rgb (output, 0, 0, &n_frames);
  g_assert_cmpuint (n_frames, ==, 2 * FPS);
  g_assert_cmpuint (media_count_frames (output), ==, 2 * FPS);
  /* a cut, no crossfade: red to the last frame of the first second */
  {
    g_autofree char *w = media_probe (output, "v:0", "stream=width");
    g_autofree char *h = media_probe (output, "v:0", "stream=height");
    gsize size = (gsize) atoi (w) * atoi (h) * 3;
    int cx = atoi (w) / 2, cy = atoi (h) / 2;
    const guint8 *last_red = frames + (FPS - 1) * size + ((gsize) cy * atoi (w) + cx) * 3;
    const guint8 *first_blue = frames + FPS * size + ((gsize) cy * atoi (w) + cx) * 3;

    g_assert_cmpuint (last_red[0], >, 220);
    g_assert_cmpuint (last_red[2], <, 30);
    g_assert_cmpuint (first_blue[2], >, 220);
    g_assert_cmpuint (first_blue[0], <, 30);
  }
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_assert_true (rushes_timeline_ensure_init (NULL));

  g_test_add_func ("/timeline-v2/layout", test_layout);
  g_test_add_func ("/timeline-v2/title-still", test_title_still);
  g_test_add_func ("/timeline-v2/export-matches-edit", test_export_matches_edit);
  g_test_add_func ("/timeline-v2/muted-tracks", test_muted_tracks);
  g_test_add_func ("/timeline-v2/version-1", test_version_1);
  g_test_add_func ("/timeline-v2/preview-every-frame", test_preview_every_frame);
  return g_test_run ();
}
