/* test-player-pair.c: A/B compare, two takes played in step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two takes of different content (testsrc2 and testsrc, each with a frame
 * counter, keyframes at different places): seeks, frame steps, a pause
 * after playing and a loop leave both on the same frame index, and each
 * picture is that frame of its own file, as rushes-frame-grab's exact grab
 * and ffmpeg's decoding of every frame say. A take of another rate shows
 * its own frame at the same time.
 */
#include "config.h"

#include <gst/gst.h>
#include <glib/gstdio.h>
#include <string.h>

#include "media-fixtures.h"
#include "rushes-frame-grab.h"
#include "rushes-frame-paintable.h"
#include "rushes-player-pair.h"
#include "test-ui-util.h"
#include "test-util.h"

#define W 160
#define H 120
#define FRAME_SIZE (W * H * 3)
#define A_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=2 -c:v libx264 -preset ultrafast -bf 2 -g 15 -pix_fmt yuv420p"
#define B_ARGS "-f lavfi -i testsrc=size=160x120:rate=30:duration=2 -c:v libx264 -preset ultrafast -bf 2 -g 10 -pix_fmt yuv420p"
#define C_ARGS "-f lavfi -i testsrc=size=160x120:rate=24:duration=1 -c:v libx264 -preset ultrafast -bf 2 -g 12 -pix_fmt yuv420p"

typedef struct
{
  const char *path;
  guint8 *refs;
  guint n_refs;
} Take;

static void
take_load (Take       *take,
           const char *name,
           const char *args)
{
  take->path = media_fixture (name, args);
  take->refs = media_decode_rgb (take->path, W, H, &take->n_refs);
}

static guint64
n_frames (RushesPlayer *player)
{
  return rushes_frame_paintable_get_n_frames (RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player)));
}

static RushesPlayerPair *
open_pair (const Take *a,
           const Take *b)
{
  RushesPlayerPair *pair = rushes_player_pair_new ();
  g_autoptr(GFile) fa = g_file_new_for_path (a->path);
  g_autoptr(GFile) fb = g_file_new_for_path (b->path);

  rushes_player_set_audio_sink (rushes_player_pair_get_a (pair), gst_element_factory_make ("fakesink", NULL));
  rushes_player_set_audio_sink (rushes_player_pair_get_b (pair), gst_element_factory_make ("fakesink", NULL));
  rushes_player_pair_open (pair, fa, fb);
  test_wait_settled (rushes_player_pair_get_a (pair), 0);
  test_wait_settled (rushes_player_pair_get_b (pair), 0);
  g_assert_cmpint (rushes_playable_get_state (RUSHES_PLAYABLE (pair)), ==, RUSHES_PLAYER_STATE_PAUSED);
  return pair;
}

/* the frame rushes-frame-grab takes exactly, as ffmpeg decodes the PNG */
static guint8 *
grab (const char *path,
      guint       frame)
{
  g_autofree char *spec = g_strdup_printf ("%s@%uf", path, frame);
  g_autofree char *dest = g_build_filename (media_fixture_dir (), "pair-grab.png", NULL);
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  guint n = 0;
  guint8 *rgb;

  g_assert_true (rushes_frame_ref_parse (spec, &ref, &error));
  g_unlink (dest);
  if (!rushes_frame_grab_to_png (ref.path, &ref, dest, &error))
    g_error ("%s: %s", spec, error->message);
  rgb = media_decode_rgb (dest, W, H, &n);
  g_assert_cmpuint (n, ==, 1);
  return rgb;
}

/* player shows frame of take, and not a neighbour */
static void
assert_shows (RushesPlayer *player,
              const Take   *take,
              guint         frame)
{
  GdkTexture *texture = rushes_frame_paintable_get_texture (RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player)));
  g_autofree guint8 *rgb = g_malloc (FRAME_SIZE);
  g_autofree guint8 *exact = grab (take->path, frame);
  double match;

  g_assert_cmpuint (rushes_player_get_frame (player), ==, frame);
  g_assert_nonnull (texture);
  test_texture_to_rgb (texture, rgb);
  match = media_psnr (rgb, exact, FRAME_SIZE);
  g_test_message ("%s frame %u: %.1f dB against the exact grab", take->path, frame, match);
  if (match < 30)
    g_error ("%s: frame %u shown with PSNR %.1f", take->path, frame, match);
  if (frame > 0)
    g_assert_cmpfloat (match, >, media_psnr (rgb, take->refs + (gsize) (frame - 1) * FRAME_SIZE, FRAME_SIZE));
  if (frame + 1 < take->n_refs)
    g_assert_cmpfloat (match, >, media_psnr (rgb, take->refs + (gsize) (frame + 1) * FRAME_SIZE, FRAME_SIZE));
}

static void
wait_both (RushesPlayerPair *pair,
           guint64           before_a,
           guint64           before_b)
{
  test_wait_settled (rushes_player_pair_get_a (pair), before_a);
  test_wait_settled (rushes_player_pair_get_b (pair), before_b);
  g_assert_false (rushes_player_pair_get_seeking (pair));
}

static void
step_pair (RushesPlayerPair *pair,
           int               n)
{
  guint64 before_a = n_frames (rushes_player_pair_get_a (pair));
  guint64 before_b = n_frames (rushes_player_pair_get_b (pair));

  rushes_playable_step (RUSHES_PLAYABLE (pair), n);
  wait_both (pair, before_a, before_b);
}

static void
assert_pair_shows (RushesPlayerPair *pair,
                   const Take       *a,
                   const Take       *b,
                   guint             frame)
{
  g_assert_cmpuint (rushes_player_pair_get_frame_a (pair), ==, frame);
  g_assert_cmpuint (rushes_player_pair_get_frame_b (pair), ==, frame);
  g_assert_cmpuint (rushes_playable_get_frame (RUSHES_PLAYABLE (pair)), ==, frame);
  assert_shows (rushes_player_pair_get_a (pair), a, frame);
  assert_shows (rushes_player_pair_get_b (pair), b, frame);
}

static void
test_pair_step_seek (void)
{
  Take a, b;
  g_autoptr(RushesPlayerPair) pair = NULL;
  const int steps[] = { 1, 1, 7, -3, 10, -1 };
  guint expected = 0;

  take_load (&a, "pair-a.mp4", A_ARGS);
  take_load (&b, "pair-b.mp4", B_ARGS);
  g_assert_cmpuint (a.n_refs, ==, 60);
  g_assert_cmpuint (b.n_refs, ==, 60);
  /* different content: frame 0 of A is not frame 0 of B */
  g_assert_cmpfloat (media_psnr (a.refs, b.refs, FRAME_SIZE), <, 20);
  pair = open_pair (&a, &b);
  g_assert_null (rushes_player_pair_describe_difference (pair));
  assert_pair_shows (pair, &a, &b, 0);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      step_pair (pair, steps[i]);
      expected += steps[i];
      assert_pair_shows (pair, &a, &b, expected);
    }

  /* an accurate seek between keyframes of both (A's every 15, B's every 10) */
  {
    guint64 before_a = n_frames (rushes_player_pair_get_a (pair));
    guint64 before_b = n_frames (rushes_player_pair_get_b (pair));

    rushes_playable_seek (RUSHES_PLAYABLE (pair), rushes_playable_frame_to_time (RUSHES_PLAYABLE (pair), 37) + GST_MSECOND, TRUE);
    wait_both (pair, before_a, before_b);
    assert_pair_shows (pair, &a, &b, 37);
  }

  /* played, then paused: both on one frame again */
  rushes_playable_play (RUSHES_PLAYABLE (pair));
  test_spin (400);
  g_assert_true (rushes_playable_get_playing (RUSHES_PLAYABLE (pair)));
  {
    guint64 before_a = n_frames (rushes_player_pair_get_a (pair));
    guint64 before_b = n_frames (rushes_player_pair_get_b (pair));
    guint frame;

    rushes_playable_pause (RUSHES_PLAYABLE (pair));
    wait_both (pair, before_a, before_b);
    frame = rushes_player_pair_get_frame_a (pair);
    g_assert_cmpuint (frame, >, 37);
    assert_pair_shows (pair, &a, &b, frame);
  }

  /* past the end: both on the last frame */
  step_pair (pair, 100);
  assert_pair_shows (pair, &a, &b, 59);

  g_free (a.refs);
  g_free (b.refs);
}

static gboolean
wrapped (gpointer data)
{
  RushesPlayerPair *pair = data;

  return rushes_playable_get_position (RUSHES_PLAYABLE (pair)) < GST_SECOND / 2;
}

static void
test_pair_loop (void)
{
  Take a, b;
  g_autoptr(RushesPlayerPair) pair = NULL;

  take_load (&a, "pair-a.mp4", A_ARGS);
  take_load (&b, "pair-b.mp4", B_ARGS);
  pair = open_pair (&a, &b);
  g_assert_true (rushes_player_pair_get_loop (pair));

  /* near the end, play: both reach it and start over together */
  step_pair (pair, 52);
  rushes_playable_play (RUSHES_PLAYABLE (pair));
  test_spin (100);
  test_wait_until (wrapped, pair, 10000);
  g_assert_true (rushes_playable_get_playing (RUSHES_PLAYABLE (pair)));
  test_spin (200);
  g_assert_true (rushes_playable_get_playing (RUSHES_PLAYABLE (rushes_player_pair_get_a (pair))));
  g_assert_true (rushes_playable_get_playing (RUSHES_PLAYABLE (rushes_player_pair_get_b (pair))));
  {
    guint64 before_a = n_frames (rushes_player_pair_get_a (pair));
    guint64 before_b = n_frames (rushes_player_pair_get_b (pair));
    guint frame;

    rushes_playable_pause (RUSHES_PLAYABLE (pair));
    wait_both (pair, before_a, before_b);
    frame = rushes_player_pair_get_frame_a (pair);
    g_assert_cmpuint (frame, <, 40);
    assert_pair_shows (pair, &a, &b, frame);
  }

  /* without loop: both stop at their end */
  rushes_player_pair_set_loop (pair, FALSE);
  step_pair (pair, 55 - (int) rushes_player_pair_get_frame_a (pair));
  rushes_playable_play (RUSHES_PLAYABLE (pair));
  test_spin (100);
  while (rushes_playable_get_playing (RUSHES_PLAYABLE (pair)))
    test_spin (20);
  g_assert_cmpuint (rushes_playable_get_position (RUSHES_PLAYABLE (pair)), >=, GST_SECOND);

  g_free (a.refs);
  g_free (b.refs);
}

static void
test_pair_other_rate (void)
{
  Take a, c;
  g_autoptr(RushesPlayerPair) pair = NULL;
  g_autofree char *difference = NULL;

  take_load (&a, "pair-a.mp4", A_ARGS);
  take_load (&c, "pair-c.mp4", C_ARGS);
  g_assert_cmpuint (c.n_refs, ==, 24);
  pair = open_pair (&a, &c);
  difference = rushes_player_pair_describe_difference (pair);
  g_assert_nonnull (difference);
  g_assert_nonnull (strstr (difference, "30 fps"));
  g_assert_nonnull (strstr (difference, "24 fps"));

  /* A's frame 15 is at 0.5 s: C's frame 12 */
  step_pair (pair, 15);
  assert_shows (rushes_player_pair_get_a (pair), &a, 15);
  assert_shows (rushes_player_pair_get_b (pair), &c, 12);
  /* the pair lasts as long as A; C holds its last frame */
  step_pair (pair, 30);
  assert_shows (rushes_player_pair_get_a (pair), &a, 45);
  assert_shows (rushes_player_pair_get_b (pair), &c, 23);

  g_free (a.refs);
  g_free (c.refs);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/player-pair/step-seek", test_pair_step_seek);
  g_test_add_func ("/player-pair/loop", test_pair_loop);
  g_test_add_func ("/player-pair/other-rate", test_pair_other_rate);
  return g_test_run ();
}
