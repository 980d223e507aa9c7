/* test-media.c: suite "media" (GStreamer, no display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "media-fixtures.h"
#include "rushes-anim-dec.h"
#include "rushes-frame-paintable.h"
#include "rushes-player.h"
#include "rushes-thumbnailer.h"
#include "test-ui-util.h"
#include "test-util.h"

/* 2 s, 30 fps, 160×120, every frame different (testsrc2 has a moving counter) */
#define CLIP_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=2 -c:v libx264 -preset ultrafast -g 15 -pix_fmt yuv420p"

typedef struct
{
  gboolean done;
  GdkTexture *texture;
  GPtrArray *textures;
  GError *error;
} GrabResult;

static void
grab_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GrabResult *r = user_data;

  r->texture = rushes_thumbnailer_grab_finish (RUSHES_THUMBNAILER (source), result, &r->error);
  r->done = TRUE;
}

static void
filmstrip_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GrabResult *r = user_data;

  r->textures = rushes_thumbnailer_filmstrip_finish (RUSHES_THUMBNAILER (source), result, &r->error);
  r->done = TRUE;
}

static void
test_thumbnailer_grab (void)
{
  const char *path = media_fixture ("thumb.mp4", CLIP_ARGS);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  GrabResult r = { 0 };
  guint n_frames = 0;
  double match, neighbour;

  refs = media_decode_rgb (path, 160, 120, &n_frames);
  g_assert_cmpuint (n_frames, ==, 60);

  /* frame 31 starts at 1.0333 s; ask for its middle */
  rushes_thumbnailer_grab_async (thumbnailer, file, 1050 * GST_MSECOND, 0, NULL, grab_cb, &r);
  test_wait_flag (&r.done);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.texture);
  g_assert_cmpint (gdk_texture_get_width (r.texture), ==, 160);
  g_assert_cmpint (gdk_texture_get_height (r.texture), ==, 120);

  test_texture_to_rgb (r.texture, rgb);
  match = media_psnr (rgb, refs + 31 * size, size);
  neighbour = media_psnr (rgb, refs + 30 * size, size);
  g_assert_cmpfloat (match, >, 30.0);
  g_assert_cmpfloat (match, >, neighbour + 3.0);
  g_assert_cmpuint (test_count_files (rushes_thumbnailer_get_cache_dir (thumbnailer)), ==, 1);
  g_clear_object (&r.texture);

  /* second time: from the cache, same pixels, no new file */
  r.done = FALSE;
  rushes_thumbnailer_grab_async (thumbnailer, file, 1050 * GST_MSECOND, 0, NULL, grab_cb, &r);
  test_wait_flag (&r.done);
  g_assert_no_error (r.error);
  test_texture_to_rgb (r.texture, rgb);
  g_assert_cmpfloat (media_psnr (rgb, refs + 31 * size, size), ==, match);
  g_assert_cmpuint (test_count_files (rushes_thumbnailer_get_cache_dir (thumbnailer)), ==, 1);
  g_clear_object (&r.texture);

  /* scaled: aspect ratio kept */
  r.done = FALSE;
  rushes_thumbnailer_grab_async (thumbnailer, file, 0, 80, NULL, grab_cb, &r);
  test_wait_flag (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpint (gdk_texture_get_width (r.texture), ==, 80);
  g_assert_cmpint (gdk_texture_get_height (r.texture), ==, 60);
  g_clear_object (&r.texture);
}

/* Requests whose cell went away before a worker took them up (their
 * cancellable is cancelled) end as cancelled, and open no file: neither
 * the video nor a cache file is read or written. */
static void
test_thumbnailer_cancelled (void)
{
  const char *path = media_fixture ("thumb.mp4", CLIP_ARGS);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  const char *cache_dir = rushes_thumbnailer_get_cache_dir (thumbnailer);
  guint cached = test_count_files (cache_dir);
  GrabResult r[8] = { 0 };
  GrabResult fresh = { 0 };
  RushesThumbnailerStats stats;

  g_cancellable_cancel (cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    rushes_thumbnailer_grab_async (thumbnailer, file, (i + 1) * 100 * GST_MSECOND, 64, cancellable, grab_cb, &r[i]);
  for (guint i = 0; i < G_N_ELEMENTS (r); i++)
    {
      test_wait_flag (&r[i].done);
      g_assert_error (r[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (r[i].texture);
      g_clear_error (&r[i].error);
    }
  rushes_thumbnailer_get_stats (thumbnailer, &stats);
  g_assert_cmpuint (stats.requested, ==, G_N_ELEMENTS (r));
  g_assert_cmpuint (stats.finished, ==, G_N_ELEMENTS (r));
  g_assert_cmpuint (stats.skipped, ==, G_N_ELEMENTS (r));
  g_assert_cmpuint (stats.opened, ==, 0);
  g_assert_cmpuint (test_count_files (cache_dir), ==, cached);

  /* the next one, not cancelled, is made */
  rushes_thumbnailer_grab_async (thumbnailer, file, 100 * GST_MSECOND, 64, NULL, grab_cb, &fresh);
  test_wait_flag (&fresh.done);
  g_assert_no_error (fresh.error);
  g_assert_cmpint (gdk_texture_get_width (fresh.texture), ==, 64);
  rushes_thumbnailer_get_stats (thumbnailer, &stats);
  g_assert_cmpuint (stats.opened, ==, 1);
  g_assert_cmpuint (test_count_files (cache_dir), ==, cached + 1);
  g_clear_object (&fresh.texture);
}

static void
test_thumbnailer_filmstrip (void)
{
  const char *path = media_fixture ("thumb.mp4", CLIP_ARGS);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  GrabResult r = { 0 };
  guint n_frames = 0;

  refs = media_decode_rgb (path, 160, 120, &n_frames);
  rushes_thumbnailer_filmstrip_async (thumbnailer, file, 4, 0, NULL, filmstrip_cb, &r);
  test_wait_flag (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.textures->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      /* frame i at 2 s × (2i + 1) / 8: frames 7, 22, 37, 52 */
      guint expected = (guint) (60 * (2 * i + 1) / 8);

      test_texture_to_rgb (g_ptr_array_index (r.textures, i), rgb);
      g_assert_cmpfloat (media_psnr (rgb, refs + expected * size, size), >, 30.0);
      g_assert_cmpfloat (media_psnr (rgb, refs + expected * size, size), >,
                         media_psnr (rgb, refs + (expected + 1) * size, size));
    }
  g_ptr_array_unref (r.textures);
}

static void
test_thumbnailer_webp (void)
{
  /* ComfyUI writes animated WebP; ffmpeg cannot decode it, so compare with a lossless copy */
  const char *path = media_fixture ("thumb.webp", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=2 -c:v libwebp_anim -lossless 1 -loop 0");
  const char *reference = media_fixture ("thumb-webp-ref.mkv", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=2 -c:v ffv1");
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  guint n_refs = 0;
  double match;

  refs = media_decode_rgb (reference, 160, 120, &n_refs);
  g_assert_cmpuint (n_refs, ==, 20);
  texture = rushes_thumbnailer_grab (thumbnailer, file, 1250 * GST_MSECOND, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 160);
  test_texture_to_rgb (texture, rgb);
  match = media_psnr (rgb, refs + 12 * size, size);
  /* the WebP encoder works in its own colour space: the neighbour checks decide */
  g_assert_cmpfloat (match, >, 20.0);
  g_assert_cmpfloat (match, >, media_psnr (rgb, refs + 11 * size, size));
  g_assert_cmpfloat (match, >, media_psnr (rgb, refs + 13 * size, size));
}

static void
test_thumbnailer_corrupt (void)
{
  g_autofree char *path = g_build_filename (media_fixture_dir (), "corrupt.mp4", NULL);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (g_file_set_contents (path, "this is not a video at all", -1, NULL));
  texture = rushes_thumbnailer_grab (thumbnailer, file, 0, 0, NULL, &error);
  g_assert_null (texture);
  g_assert_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE);
  g_assert_nonnull (strstr (error->message, "corrupt.mp4"));
}


/* ---- player ------------------------------------------------------------ */

static void
assert_shows_frame_psnr (RushesPlayer *player,
                         const guint8 *refs,
                         guint         n_refs,
                         guint         expected,
                         double        min_psnr)
{
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  GdkTexture *texture = rushes_frame_paintable_get_texture (paintable);
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  double match;

  g_assert_cmpuint (rushes_player_get_frame (player), ==, expected);
  g_assert_nonnull (texture);
  test_texture_to_rgb (texture, rgb);
  match = media_psnr (rgb, refs + expected * size, size);
  if (match < min_psnr)
    g_error ("frame %u shown with PSNR %.1f", expected, match);
  if (expected > 0)
    g_assert_cmpfloat (match, >, media_psnr (rgb, refs + (expected - 1) * size, size));
  if (expected + 1 < n_refs)
    g_assert_cmpfloat (match, >, media_psnr (rgb, refs + (expected + 1) * size, size));
}

static void
assert_shows_frame (RushesPlayer *player,
                    const guint8 *refs,
                    guint         n_refs,
                    guint         expected)
{
  assert_shows_frame_psnr (player, refs, n_refs, expected, 30.0);
}

static RushesPlayer *
open_player (const char *path)
{
  RushesPlayer *player = rushes_player_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GstElement *fake = gst_element_factory_make ("fakesink", NULL);

  g_object_set (fake, "sync", TRUE, NULL);
  rushes_player_set_audio_sink (player, fake);
  rushes_player_open (player, file);
  test_wait_settled (player, 0);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);
  return player;
}

#define PLAYER_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=2 -f lavfi -i sine=f=440:duration=2 " \
                    "-c:v libx264 -preset ultrafast -bf 2 -g 15 -pix_fmt yuv420p -c:a aac -shortest"

static void
test_player_step (void)
{
  const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
  g_autoptr(RushesPlayer) player = open_player (path);
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  g_autofree guint8 *refs = NULL;
  guint n_refs = 0;
  guint expected = 0;
  g_autofree char *tc = NULL;
  const int steps[] = { 1, 1, 1, 1, 1, -1, -1, 1, 5, -3, 10 };

  refs = media_decode_rgb (path, 160, 120, &n_refs);
  g_assert_cmpuint (n_refs, ==, 60);
  g_assert_cmpint (rushes_player_get_fps_n (player), ==, 30);
  g_assert_cmpint (rushes_player_get_fps_d (player), ==, 1);
  g_assert_cmpuint (rushes_player_get_duration (player), >=, 1960 * GST_MSECOND);
  g_assert_cmpuint (rushes_player_get_duration (player), <=, 2040 * GST_MSECOND);
  g_assert_true (rushes_player_get_has_audio (player));
  assert_shows_frame (player, refs, n_refs, 0);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      guint64 before = rushes_frame_paintable_get_n_frames (paintable);

      rushes_player_step (player, steps[i]);
      expected += steps[i];
      test_wait_settled (player, before);
      assert_shows_frame (player, refs, n_refs, expected);
    }

  /* accurate seek to a mark, then step back across a GOP boundary */
  {
    guint64 before = rushes_frame_paintable_get_n_frames (paintable);

    rushes_player_seek (player, rushes_player_frame_to_time (player, 45) + GST_MSECOND, TRUE);
    test_wait_settled (player, before);
    assert_shows_frame (player, refs, n_refs, 45);
    before = rushes_frame_paintable_get_n_frames (paintable);
    rushes_player_step (player, -1);
    test_wait_settled (player, before);
    assert_shows_frame (player, refs, n_refs, 44);
  }

  /* stepping past the end stays on the last frame */
  {
    guint64 before = rushes_frame_paintable_get_n_frames (paintable);

    rushes_player_step (player, 100);
    test_wait_settled (player, before);
    assert_shows_frame (player, refs, n_refs, 59);
  }

  tc = rushes_player_format_timecode (player, rushes_player_frame_to_time (player, 59));
  g_assert_cmpstr (tc, ==, "00:00:01:29");
}

static void
test_player_scrub (void)
{
  const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
  g_autoptr(RushesPlayer) player = open_player (path);
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  guint64 before = rushes_frame_paintable_get_n_frames (paintable);

  /* a burst of scrubs: only the newest pending one counts */
  for (guint i = 0; i < 30; i++)
    rushes_player_scrub (player, i * 50 * GST_MSECOND);
  g_assert_true (rushes_player_get_seeking (player));
  test_wait_settled (player, before);
  /* last request 1.45 s → a key unit next to it: keyframes every 15 frames
   * (0.5 s), the demuxer picks 1.0 or 1.5 s */
  g_assert_cmpuint (rushes_player_get_frame (player) % 15, ==, 0);
  g_assert_cmpuint (rushes_player_get_frame (player), >=, 30);
  g_assert_cmpuint (rushes_player_get_frame (player), <=, 45);
  /* far fewer frames drawn than requests */
  g_assert_cmpuint (rushes_frame_paintable_get_n_frames (paintable) - before, <, 10);
}

static void
test_player_marks_loop (void)
{
  const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
  g_autoptr(RushesPlayer) player = open_player (path);
  GstClockTime in = rushes_player_frame_to_time (player, 10);
  GstClockTime out = rushes_player_frame_to_time (player, 25);
  GstClockTime max_seen = 0, min_seen = G_MAXUINT64;
  gboolean wrapped = FALSE;
  GstClockTime last = 0;
  gint64 end;

  rushes_player_set_in_point (player, in);
  rushes_player_set_out_point (player, out);
  g_assert_cmpuint (rushes_player_get_in_point (player), ==, in);
  g_assert_cmpuint (rushes_player_get_out_point (player), ==, out);
  rushes_player_set_loop (player, TRUE);
  rushes_player_play (player);

  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      GstClockTime pos;

      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
      if (rushes_player_get_state (player) != RUSHES_PLAYER_STATE_PLAYING)
        continue;
      pos = rushes_player_get_position (player);
      max_seen = MAX (max_seen, pos);
      min_seen = MIN (min_seen, pos);
      if (pos + 100 * GST_MSECOND < last)
        wrapped = TRUE;
      last = pos;
    }
  /* 15 frames (0.5 s) looped for 2 s: it wrapped and never left [in, out] */
  g_assert_true (wrapped);
  g_assert_cmpuint (min_seen, >=, in);
  g_assert_cmpuint (max_seen, <=, out + 40 * GST_MSECOND);

  rushes_player_pause (player);
  test_spin (100);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);

  /* an in point after the out point drops the out point */
  rushes_player_set_in_point (player, out + GST_SECOND / 2);
  g_assert_cmpuint (rushes_player_get_out_point (player), ==, GST_CLOCK_TIME_NONE);
}

static void
test_player_gif (void)
{
  const char *path = media_fixture ("player.gif", "-f lavfi -i testsrc2=size=160x120:rate=10:duration=2");
  g_autoptr(RushesPlayer) player = open_player (path);
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  g_autofree guint8 *refs = NULL;
  guint n_refs = 0;
  guint64 before;

  refs = media_decode_rgb (path, 160, 120, &n_refs);
  g_assert_cmpuint (n_refs, ==, 20);
  /* the GIF's own frame delays: 10 fps, 2 s */
  g_assert_cmpint (rushes_player_get_fps_n (player), ==, 10);
  g_assert_cmpuint (rushes_player_get_duration (player), ==, 2 * GST_SECOND);
  assert_shows_frame_psnr (player, refs, n_refs, 0, 20.0);

  for (guint i = 1; i <= 3; i++)
    {
      before = rushes_frame_paintable_get_n_frames (paintable);
      rushes_player_step (player, 1);
      test_wait_settled (player, before);
      assert_shows_frame_psnr (player, refs, n_refs, i, 20.0);
    }
  before = rushes_frame_paintable_get_n_frames (paintable);
  rushes_player_seek (player, rushes_player_frame_to_time (player, 15) + GST_MSECOND, TRUE);
  test_wait_settled (player, before);
  assert_shows_frame_psnr (player, refs, n_refs, 15, 20.0);
  before = rushes_frame_paintable_get_n_frames (paintable);
  rushes_player_step (player, -2);
  test_wait_settled (player, before);
  assert_shows_frame_psnr (player, refs, n_refs, 13, 20.0);
}

static void
test_player_shuttle (void)
{
  const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
  g_autoptr(RushesPlayer) player = open_player (path);
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  guint64 before = rushes_frame_paintable_get_n_frames (paintable);
  GstClockTime start, end;

  rushes_player_seek (player, 1500 * GST_MSECOND, TRUE);
  test_wait_settled (player, before);
  start = rushes_player_get_position (player);

  /* L twice: 2× forwards */
  g_assert_true (rushes_player_set_rate (player, 2.0));
  rushes_player_play (player);
  test_spin (150);
  g_assert_cmpfloat (rushes_player_get_rate (player), ==, 2.0);
  rushes_player_pause (player);
  test_spin (100);
  g_assert_cmpfloat (rushes_player_get_rate (player), ==, 1.0);
  before = rushes_player_get_position (player);
  g_assert_cmpuint (before, >, start);

  /* J: backwards (qtdemux allows it) */
  g_assert_true (rushes_player_set_rate (player, -1.0));
  rushes_player_play (player);
  test_spin (400);
  end = rushes_player_get_position (player);
  g_assert_cmpuint (end, <, before);
  rushes_player_pause (player);
}

/* J, then seeks forwards past where reverse play began: the reverse
 * segment's stop must not stay behind (gst_segment_do_seek: 'start <= stop',
 * fatal here) and the seeks must land */
static void
test_player_seek_after_reverse (void)
{
  const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
  g_autoptr(RushesPlayer) player = open_player (path);
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  guint64 before = rushes_frame_paintable_get_n_frames (paintable);
  g_autofree guint8 *refs = NULL;
  guint n_refs = 0;

  refs = media_decode_rgb (path, 160, 120, &n_refs);
  rushes_player_seek (player, 800 * GST_MSECOND, TRUE);
  test_wait_settled (player, before);

  /* J: backwards from 0.8 s */
  g_assert_true (rushes_player_set_rate (player, -1.0));
  rushes_player_play (player);
  test_spin (300);
  g_assert_cmpuint (rushes_player_get_position (player), <, 800 * GST_MSECOND);

  /* Shift+→ while still going backwards */
  before = rushes_frame_paintable_get_n_frames (paintable);
  rushes_player_seek (player, rushes_player_get_position (player) + GST_SECOND, TRUE);
  test_spin (200);

  /* End: pause (back to 1×), then the last frame */
  rushes_player_pause (player);
  rushes_player_step (player, G_MAXINT / 2);
  test_wait_settled (player, before);
  g_assert_cmpfloat (rushes_player_get_rate (player), ==, 1.0);
  assert_shows_frame (player, refs, n_refs, 59);

  /* and forwards play from the middle reaches past the old reverse stop */
  before = rushes_frame_paintable_get_n_frames (paintable);
  rushes_player_seek (player, rushes_player_frame_to_time (player, 40) + GST_MSECOND, TRUE);
  test_wait_settled (player, before);
  assert_shows_frame (player, refs, n_refs, 40);
  rushes_player_play (player);
  test_spin (400);
  rushes_player_pause (player);
  g_assert_cmpuint (rushes_player_get_frame (player), >, 45);
}

static void
test_player_errors (void)
{
  g_autoptr(RushesPlayer) player = rushes_player_new ();
  g_autofree char *corrupt = g_build_filename (media_fixture_dir (), "broken-take.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (corrupt);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/take.mp4");
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  rushes_player_set_audio_sink (player, gst_element_factory_make ("fakesink", NULL));
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_EMPTY);
  /* controls do nothing without a file */
  rushes_player_play (player);
  rushes_player_step (player, 1);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_EMPTY);

  g_assert_true (g_file_set_contents (corrupt, "\x00\x00\x00\x18" "ftypisom" "0000garbage-garbage-garbage", 36, NULL));
  rushes_player_open (player, file);
  while (rushes_player_get_state (player) != RUSHES_PLAYER_STATE_ERROR)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      test_spin (20);
    }
  g_assert_nonnull (strstr (rushes_player_get_error_message (player), "broken-take.mp4"));

  rushes_player_open (player, missing);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_ERROR);
  g_assert_nonnull (strstr (rushes_player_get_error_message (player), "take.mp4"));

  /* a good file afterwards plays normally */
  {
    const char *path = media_fixture ("player.mp4", PLAYER_ARGS);
    g_autoptr(GFile) good = g_file_new_for_path (path);

    rushes_player_open (player, good);
    test_wait_settled (player, 0);
    g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);
    g_assert_null (rushes_player_get_error_message (player));
  }

  rushes_player_open (player, NULL);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_EMPTY);

  rushes_player_set_volume (player, 0.25);
  rushes_player_set_muted (player, TRUE);
  g_assert_cmpfloat (rushes_player_get_volume (player), ==, 0.25);
  g_assert_true (rushes_player_get_muted (player));
}

/* An animated WebP of n_frames at path: the frames (ANMF chunks) of a
 * short one, over and over. */
static void
make_long_webp (const char *short_path,
                guint       n_frames,
                const char *path)
{
  g_autofree guint8 *in = NULL;
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autoptr(GPtrArray) frames = g_ptr_array_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gsize len, pos = 12;
  guint32 riff_size;

  g_assert_true (g_file_get_contents (short_path, (char **) &in, &len, NULL));
  g_assert_true (len > 12 && memcmp (in, "RIFF", 4) == 0 && memcmp (in + 8, "WEBP", 4) == 0);
  while (pos + 8 <= len)
    {
      guint32 size = in[pos + 4] | (in[pos + 5] << 8) | (in[pos + 6] << 16) | ((guint32) in[pos + 7] << 24);
      gsize chunk = 8 + size + (size & 1);

      g_assert_cmpuint (pos + chunk, <=, len);
      if (memcmp (in + pos, "ANMF", 4) == 0)
        g_ptr_array_add (frames, in + pos);
      else if (frames->len == 0)
        g_byte_array_append (head, in + pos, chunk);
      pos += chunk;
    }
  g_assert_cmpuint (frames->len, >, 0);

  g_byte_array_append (out, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  g_byte_array_append (out, head->data, head->len);
  for (guint i = 0; i < n_frames; i++)
    {
      const guint8 *c = g_ptr_array_index (frames, i % frames->len);
      guint32 size = c[4] | (c[5] << 8) | (c[6] << 16) | ((guint32) c[7] << 24);

      g_byte_array_append (out, c, 8 + size + (size & 1));
    }
  riff_size = out->len - 8;
  for (guint i = 0; i < 4; i++)
    out->data[4 + i] = (riff_size >> (8 * i)) & 0xFF;
  g_file_set_contents (path, (const char *) out->data, out->len, &error);
  g_assert_no_error (error);
}

typedef struct
{
  guint n;
  GstClockTime end;
} FrameCount;

static GstPadProbeReturn
count_frame_cb (GstPad          *pad,
                GstPadProbeInfo *info,
                gpointer         user_data)
{
  FrameCount *count = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);

  count->n++;
  count->end = GST_BUFFER_PTS (buffer) + GST_BUFFER_DURATION (buffer);
  return GST_PAD_PROBE_OK;
}

/* A WebP of 10 000 frames streams through rushesanimdec: every frame with
 * its timing, and never all of them decoded at once (768 MB at 160×120) */
static void
test_anim_dec_long_webp (void)
{
  const char *short_webp;
  g_autofree char *path = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstPad) pad = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  FrameCount count = { 0, 0 };
  struct rusage usage;

  if (!g_test_subprocess ())
    {
      /* its own process: the peak memory is this test's alone */
      g_test_trap_subprocess (NULL, 300 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* 5 frames of 40 ms */
  short_webp = media_fixture ("anim-short.webp",
                              "-f lavfi -i testsrc2=size=160x120:rate=25:duration=0.2 -c:v libwebp_anim -loop 0");
  path = g_build_filename (media_fixture_dir (), "anim-10000.webp", NULL);
  make_long_webp (short_webp, 10000, path);

  rushes_anim_dec_register ();
  pipeline = gst_parse_launch ("filesrc name=src ! rushesanimdec ! fakesink name=sink sync=false", NULL);
  g_assert_nonnull (pipeline);
  {
    g_autoptr(GstElement) src = gst_bin_get_by_name (GST_BIN (pipeline), "src");

    g_object_set (src, "location", path, NULL);
  }
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  pad = gst_element_get_static_pad (sink, "sink");
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER, count_frame_cb, &count, NULL);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (bus, 240 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  g_assert_cmpuint (count.n, ==, 10000);
  g_assert_cmpuint (count.end, ==, 400 * GST_SECOND);
  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  g_test_message ("peak memory: %ld MB", usage.ru_maxrss / 1024);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed blocks in quarantine (256 MB) and adds its
   * shadow memory: the peak says nothing about the decoder there */
#else
  g_assert_cmpint (usage.ru_maxrss, <, 300 * 1024);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/thumbnailer/grab", test_thumbnailer_grab);
  g_test_add_func ("/thumbnailer/cancelled", test_thumbnailer_cancelled);
  g_test_add_func ("/thumbnailer/filmstrip", test_thumbnailer_filmstrip);
  g_test_add_func ("/thumbnailer/webp", test_thumbnailer_webp);
  g_test_add_func ("/thumbnailer/corrupt", test_thumbnailer_corrupt);
  g_test_add_func ("/player/step", test_player_step);
  g_test_add_func ("/player/scrub", test_player_scrub);
  g_test_add_func ("/player/marks-loop", test_player_marks_loop);
  g_test_add_func ("/player/shuttle", test_player_shuttle);
  g_test_add_func ("/player/seek-after-reverse", test_player_seek_after_reverse);
  g_test_add_func ("/player/gif", test_player_gif);
  g_test_add_func ("/player/errors", test_player_errors);
  g_test_add_func ("/anim-dec/long-webp", test_anim_dec_long_webp);

  return g_test_run ();
}
