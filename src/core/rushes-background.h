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

G_END_DECLS
