/* test-export-direct.c: the direct pipeline for a plain cut makes what
 * GES makes, and anything more than a plain cut still goes through GES
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fixtures (ffmpeg): three 2 s 320×240 25 fps testsrc2 clips of different
 * hues, the middle one without sound. ffmpeg and ffprobe are the oracles.
 */
#include "config.h"

#include <math.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-exporter.h"
#include "rushes-exporter-private.h"
#include "rushes-timeline-ges.h"
#include "test-util.h"

#define S RUSHES_SECOND
#define W 320
#define H 240
#define FPS 25

static const char *clip_paths[3];

static void
make_fixtures (void)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("direct%u.mp4", i);
      g_autofree char *args = NULL;

      if (i == 1)
        args = g_strdup_printf ("-f lavfi -i testsrc2=size=%dx%d:rate=%d:duration=2,hue=h=120 "
                                "-c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p", W, H, FPS);
      else
        args = g_strdup_printf ("-f lavfi -i testsrc2=size=%dx%d:rate=%d:duration=2,hue=h=%u "
                                "-f lavfi -i sine=frequency=%u:duration=2 "
                                "-c:v libx264 -preset ultrafast -qp 0 -pix_fmt yuv420p -c:a aac -shortest",
                                W, H, FPS, i * 120, 440 + i * 220);
      clip_paths[i] = media_fixture (name, args);
    }
}

/* c0 [0.4, 1.4] + c1 [0.2, 1.2] + c2 [0, 1]: 3 s, 75 frames */
static RushesProject *
plain_cut (void)
{
  static const gint64 ins[3] = { 400000000, 200000000, 0 };
  RushesProject *project = rushes_project_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file (clip_paths[i], &error);

      g_assert_no_error (error);
      rushes_timeline_clip_set_range (clip, ins[i], ins[i] + S);
      rushes_project_append_clip (project, clip);
    }
  return project;
}

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  GError    *error;
} Wait;

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *wait = data;

  wait->ok = rushes_exporter_export_finish (RUSHES_EXPORTER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Exports project to output; returns whether the direct pipeline made it */
static gboolean
export (RushesProject *project,
        const char    *output,
        gboolean       force_ges)
{
  g_autoptr(RushesExporter) exporter = rushes_exporter_new (project);
  Wait wait = { g_main_loop_new (NULL, FALSE), FALSE, NULL };

  if (force_ges)
    g_setenv ("RUSHES_EXPORT_FORCE_GES", "1", TRUE);
  rushes_exporter_set_preset (exporter, RUSHES_EXPORT_PRESET_MP4);
  rushes_exporter_set_embed_recipes (exporter, TRUE);
  rushes_exporter_export_async (exporter, output, NULL, done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_unsetenv ("RUSHES_EXPORT_FORCE_GES");
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpfloat (rushes_exporter_get_progress (exporter), ==, 1.0);
  return _rushes_exporter_get_used_direct (exporter);
}

/* The sound as 16-bit mono samples at 48 kHz */
static GBytes *
decode_sound (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  GBytes *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "ffmpeg", "-nostdin", "-v", "error", "-i", path, "-map", "0:a:0",
                           "-ac", "1", "-ar", "48000", "-f", "s16le", "-", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  return out;
}

/* dB of signal over the difference, over [from, to) seconds */
static double
sound_match (GBytes *a,
             GBytes *b,
             double  from,
             double  to)
{
  gsize na, nb;
  const gint16 *sa = g_bytes_get_data (a, &na);
  const gint16 *sb = g_bytes_get_data (b, &nb);
  gsize end = MIN (MIN (na, nb) / 2, (gsize) (to * 48000));
  double signal = 0, noise = 0;

  for (gsize i = (gsize) (from * 48000); i < end; i++)
    {
      signal += (double) sa[i] * sa[i];
      noise += (double) (sa[i] - sb[i]) * (sa[i] - sb[i]);
    }
  return noise == 0 ? 99 : 10 * log10 (signal / noise);
}

static void
test_same_as_ges (void)
{
  g_autoptr(RushesProject) project = plain_cut ();
  g_autofree char *dir = test_make_tmp_dir ("rushes-direct-XXXXXX");
  g_autofree char *direct = g_build_filename (dir, "direct.mp4", NULL);
  g_autofree char *ges = g_build_filename (dir, "ges.mp4", NULL);
  g_autofree guint8 *direct_rgb = NULL;
  g_autofree guint8 *ges_rgb = NULL;
  g_autofree char *vcodec = NULL;
  guint n_direct = 0, n_ges = 0;
  double a_direct, a_ges;
  /* the ends of each clip, the frames either side of each cut, the middles */
  static const guint frames[] = { 0, 1, 12, 23, 24, 25, 26, 37, 48, 49, 50, 51, 62, 73, 74 };

  if (!rushes_export_preset_is_available (RUSHES_EXPORT_PRESET_MP4))
    {
      g_test_skip ("no H.264 encoder");
      return;
    }
  g_assert_true (_rushes_exporter_is_plain_cut (project));
  g_assert_true (export (project, direct, FALSE));
  g_assert_false (export (project, ges, TRUE));

  vcodec = media_probe (direct, "v:0", "stream=codec_name");
  g_assert_cmpstr (vcodec, ==, "h264");
  g_assert_cmpuint (media_count_frames (direct), ==, 3 * FPS);
  g_assert_cmpuint (media_count_frames (direct), ==, media_count_frames (ges));
  g_assert_cmpfloat_with_epsilon (media_probe_double (direct, "v:0", "format=duration"),
                                  media_probe_double (ges, "v:0", "format=duration"), 1.0 / FPS + 1e-6);
  g_assert_cmpfloat_with_epsilon (media_probe_double (direct, "v:0", "format=duration"), 3.0, 1.0 / FPS + 1e-6);
  /* sound all along, the middle clip's silence too, to an AAC frame */
  a_direct = media_probe_double (direct, "a:0", "stream=duration");
  a_ges = media_probe_double (ges, "a:0", "stream=duration");
  g_test_message ("audio: direct %.4f s, GES %.4f s", a_direct, a_ges);
  g_assert_cmpfloat_with_epsilon (a_direct, a_ges, 1024.0 / 48000 + 1e-6);
  g_assert_cmpfloat (a_direct, >, 3.0 - 0.05);

  /* the same sound at the same times, in the first clip and in the last
   * (after the middle clip's silence): for these tones 12 dB is within
   * two samples (48 kHz); a millisecond off is below 0 dB */
  {
    g_autoptr(GBytes) direct_pcm = decode_sound (direct);
    g_autoptr(GBytes) ges_pcm = decode_sound (ges);
    double first = sound_match (direct_pcm, ges_pcm, 0.1, 0.9);
    double last = sound_match (direct_pcm, ges_pcm, 2.1, 2.9);

    g_test_message ("sound: %.1f dB, %.1f dB", first, last);
    g_assert_cmpfloat (first, >=, 12);
    g_assert_cmpfloat (last, >=, 12);
  }

  direct_rgb = media_decode_rgb (direct, W, H, &n_direct);
  ges_rgb = media_decode_rgb (ges, W, H, &n_ges);
  g_assert_cmpuint (n_direct, ==, n_ges);
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      gsize size = W * H * 3;
      double match = media_psnr (direct_rgb + frames[i] * size, ges_rgb + frames[i] * size, size);

      g_test_message ("frame %u: %.1f dB", frames[i], match);
      g_assert_cmpfloat (match, >=, 35);
    }
  test_remove_tree (dir);
}

static guint
track_index (RushesProject       *project,
             RushesTimelineTrack *track)
{
  guint index = G_MAXUINT;

  g_assert_true (rushes_project_find_track (project, track, &index));
  return index;
}

/* Each feature GES renders (and the direct pipeline does not) turns the
 * plain cut into one that goes through GES; undone, it is plain again */
static void
test_features_need_ges (void)
{
  g_autoptr(RushesProject) project = plain_cut ();
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *first = rushes_project_get_clip (project, 0);
  RushesTimelineClip *last = rushes_project_get_clip (project, 2);
  RushesTimelineClip *sound = rushes_project_get_linked_clip (project, first);
  guint video = track_index (project, rushes_project_get_main_track (project));
  guint audio = track_index (project, rushes_project_get_audio_track (project));
  guint v2;

  g_assert_nonnull (sound);
  g_assert_true (_rushes_exporter_is_plain_cut (project));

  rushes_project_set_clip_fades (project, first, S / 5, 0);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));
  g_assert_true (_rushes_exporter_is_plain_cut (project));

  rushes_project_set_clip_fades (project, sound, 0, S / 5);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));

  rushes_project_set_clip_volume (project, sound, 0.5);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));

  rushes_project_set_track_muted (project, audio, TRUE);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));

  /* a gap before the last clip, then a crossfade into it */
  g_assert_true (rushes_project_move_clip_to (project, last, video, 2 * S + S / 2, &error));
  g_assert_no_error (error);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));
  g_assert_true (rushes_project_move_clip_to (project, last, video, 2 * S - S / 5, &error));
  g_assert_no_error (error);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));

  /* sound that is not the clip's own: the link undone and the sound moved */
  rushes_project_unlink_clip (project, first);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));
  g_assert_true (_rushes_exporter_is_plain_cut (project));

  /* a title on a second video track */
  v2 = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);
  g_assert_true (_rushes_exporter_is_plain_cut (project));  /* an empty track changes nothing */
  g_assert_nonnull (rushes_project_add_title (project, v2, 0, S / 2, "TITLE", &error));
  g_assert_no_error (error);
  g_assert_false (_rushes_exporter_is_plain_cut (project));
  g_assert_true (rushes_project_undo (project));
  g_assert_true (_rushes_exporter_is_plain_cut (project));
}

/* A project with a fade is exported, and through GES */
static void
test_fade_exports_through_ges (void)
{
  g_autoptr(RushesProject) project = plain_cut ();
  g_autofree char *dir = test_make_tmp_dir ("rushes-direct-XXXXXX");
  g_autofree char *output = g_build_filename (dir, "faded.mp4", NULL);

  if (!rushes_export_preset_is_available (RUSHES_EXPORT_PRESET_MP4))
    {
      g_test_skip ("no H.264 encoder");
      return;
    }
  rushes_project_set_clip_fades (project, rushes_project_get_clip (project, 0), S / 2, 0);
  g_assert_false (export (project, output, FALSE));
  g_assert_cmpuint (media_count_frames (output), ==, 3 * FPS);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  media_tolerate_sticky_misordering ();
  gst_init (&argc, &argv);
  g_assert_true (rushes_timeline_ensure_init (NULL));
  g_unsetenv ("RUSHES_EXPORT_FORCE_GES");
  make_fixtures ();

  g_test_add_func ("/export-direct/same-as-ges", test_same_as_ges);
  g_test_add_func ("/export-direct/features-need-ges", test_features_need_ges);
  g_test_add_func ("/export-direct/fade-exports-through-ges", test_fade_exports_through_ges);
  return g_test_run ();
}
