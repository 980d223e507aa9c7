/* test-background-pace.c: downloads keep to a pace while the window plays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pace is a token bucket on the monotonic clock; the tests drive it
 * with times of their own (no sleeping, no timing).
 */
#include "config.h"

#include "rushes-background.h"

#define RATE ((gint64) RUSHES_BACKGROUND_PACE_BYTES_PER_S)
#define MB   (1024 * 1024)

/* µs for @bytes at the pace */
static gint64
cost (gsize bytes)
{
  return (gint64) ((double) bytes * G_USEC_PER_SEC / RATE);
}

static void
test_idle_window_never_waits (void)
{
  g_assert_false (rushes_background_playback_is_held ());
  for (gint64 t = 0; t < 10; t++)
    g_assert_cmpint (_rushes_background_pace_delay (1000000000 + t, 64 * MB), ==, 0);
}

static void
test_playing_paces_all_streams_together (void)
{
  gint64 now = 2000000000;
  gint64 total = 0;

  rushes_background_playback_hold ();
  g_assert_true (rushes_background_playback_is_held ());

  /* four streams write 4 MB each at the same instant: together they owe
   * 16 MB at the pace, less the bucket's 50 ms of slack */
  for (guint i = 0; i < 4; i++)
    total = _rushes_background_pace_delay (now, 4 * MB);
  g_assert_cmpint (total, ==, cost (16 * MB) - 50 * 1000);

  /* a stream that keeps exactly to the pace does not wait */
  now += total;
  for (guint i = 0; i < 100; i++)
    {
      g_assert_cmpint (_rushes_background_pace_delay (now, 1 * MB), ==, cost (1 * MB));
      now += cost (1 * MB);
    }

  /* a long pause earns no burst: the first block after it waits its own
   * cost less the slack only */
  now += 10 * G_USEC_PER_SEC;
  g_assert_cmpint (_rushes_background_pace_delay (now, 8 * MB), ==, MAX (cost (8 * MB) - 50 * 1000, 0));

  /* two holds (the player and the timeline): both must be released */
  rushes_background_playback_hold ();
  rushes_background_playback_release ();
  g_assert_true (rushes_background_playback_is_held ());
  g_assert_cmpint (_rushes_background_pace_delay (now, 1 * MB), >, 0);
  rushes_background_playback_release ();
  g_assert_false (rushes_background_playback_is_held ());
  g_assert_cmpint (_rushes_background_pace_delay (now, 64 * MB), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/background-pace/idle-window", test_idle_window_never_waits);
  g_test_add_func ("/background-pace/playing", test_playing_paces_all_streams_together);
  return g_test_run ();
}
