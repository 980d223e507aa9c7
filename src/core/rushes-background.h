/* rushes-background.h: background work yields to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The nice value of threads doing background work (jobs, downloads,
 * thumbnails, waveforms, library scans). */
#define RUSHES_BACKGROUND_NICE 10

void     rushes_background_thread_enter      (void);
gboolean rushes_background_thread_enter_idle (void);

void rushes_background_run          (GTask           *task,
                                     GTaskThreadFunc  func);
void rushes_background_run_long     (GTask           *task,
                                     GTaskThreadFunc  func);


/* While the window plays (a take, the timeline), background streams
 * (downloads) together take at most this many bytes a second: the rate at
 * which bench/responsiveness shows no stall of the window on two cores. */
#define RUSHES_BACKGROUND_PACE_BYTES_PER_S (100 * 1024 * 1024)

void     rushes_background_playback_hold    (void);
void     rushes_background_playback_release (void);
gboolean rushes_background_playback_is_held (void);
void     rushes_background_pace             (gsize  bytes);
gint64   _rushes_background_pace_delay      (gint64 now_us,
                                             gsize  bytes);

G_END_DECLS
