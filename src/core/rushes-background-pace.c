/* rushes-background-pace.c: downloads slow down while the window plays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Background threads run at idle priority, but a download from a fast
 * server (a ComfyUI on the same machine or the LAN: hundreds of MB/s)
 * still costs the machine what no priority controls: the kernel's network
 * and file-system work done on its behalf, and the X server's and the
 * page cache's share of two cores. bench/responsiveness's stress phase
 * (four unthrottled downloads at ~470 MB/s in all) showed the window's own
 * work stalling for up to 30 ms, while its realistic phase (~110 MB/s in
 * all) showed none over 16 ms. So while anything plays in the window, the
 * downloads of the process together keep to
 * %RUSHES_BACKGROUND_PACE_BYTES_PER_S: a token bucket shared by all of
 * them, drawn from after each block a download writes; a download ahead of
 * it sleeps (on its own thread), and TCP's flow control passes the pace on
 * to the server. When nothing plays, nothing waits.
 */
#define G_LOG_DOMAIN "rushes-core"

#include "config.h"

#include "rushes-background.h"

/* a bucket idle this long starts afresh: a pause in the downloads earns
 * no burst after it */
#define PACE_SLACK_US   (50 * 1000)
/* the longest single wait (a download never sleeps through a cancel) */
#define PACE_MAX_SLEEP  (250 * 1000)

static gint   playing;   /* monitors now playing */
static GMutex pace_lock;
static gint64 pace_next; /* monotonic µs at which the bucket is empty */

/**
 * rushes_background_playback_hold:
 *
 * Something in the window started playing in real time: from now on
 * background downloads keep to %RUSHES_BACKGROUND_PACE_BYTES_PER_S until
 * every hold is released. Any thread.
 */
void
rushes_background_playback_hold (void)
{
  g_atomic_int_inc (&playing);
}

void
rushes_background_playback_release (void)
{
  g_return_if_fail (g_atomic_int_get (&playing) > 0);
  g_atomic_int_dec_and_test (&playing);
}

gboolean
rushes_background_playback_is_held (void)
{
  return g_atomic_int_get (&playing) > 0;
}

/* How long a stream that wrote @bytes at @now_us waits, in µs (0 when
 * nothing plays). Separate from the sleeping for the tests. */
gint64
_rushes_background_pace_delay (gint64 now_us,
                               gsize  bytes)
{
  gint64 cost = (gint64) ((double) bytes * G_USEC_PER_SEC / RUSHES_BACKGROUND_PACE_BYTES_PER_S);
  gint64 wait;

  if (!rushes_background_playback_is_held ())
    return 0;
  g_mutex_lock (&pace_lock);
  if (pace_next < now_us - PACE_SLACK_US)
    pace_next = now_us - PACE_SLACK_US;
  pace_next += cost;
  wait = pace_next - now_us;
  g_mutex_unlock (&pace_lock);
  return MAX (wait, 0);
}

/**
 * rushes_background_pace:
 * @bytes: what the calling stream has just written
 *
 * Called by a background stream (a download, on its own thread) after each
 * block: while the window plays, sleeps as long as the shared pace asks.
 * Never on the main thread.
 */
void
rushes_background_pace (gsize bytes)
{
  gint64 wait = _rushes_background_pace_delay (g_get_monotonic_time (), bytes);

  if (wait > 0)
    g_usleep ((gulong) MIN (wait, PACE_MAX_SLEEP));
}
