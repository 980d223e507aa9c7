/* rushes-waveform.h: sound levels of a take, for the timeline's audio strip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decodes the audio (no video) in a worker thread and keeps the peak of
 * each RUSHES_WAVEFORM_BUCKET of time, so a trimmed clip reads its part
 * by time: bucket i covers [i, i + 1) × RUSHES_WAVEFORM_BUCKET.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

#define RUSHES_WAVEFORM_BUCKET (20 * GST_MSECOND)

/* A GArray of float peaks in [0, 1]; empty when the file has no sound. */
void    rushes_waveform_peaks_async  (GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GArray *rushes_waveform_peaks_finish (GAsyncResult        *result,
                                      GError             **error);
/* Blocking, for worker threads and tests */
GArray *rushes_waveform_peaks        (GFile               *file,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
