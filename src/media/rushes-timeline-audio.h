/* rushes-timeline-audio.h: clips from sound files as well as videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "rushes-timeline-clip.h"

G_BEGIN_DECLS

/* A clip spanning all of a media file: a video as
 * rushes_timeline_clip_new_for_file() makes it or, failing that, a sound
 * file (mp3, ogg/opus, flac, wav, m4a …, cover art allowed) with
 * has-audio set, no picture format and the duration of its sound;
 * *audio_only (may be NULL) says which. A file that is neither is refused
 * (RUSHES_TIMELINE_ERROR_OFFLINE) with a message saying so. Blocking
 * (GstDiscoverer): call it from a worker for many files. */
RushesTimelineClip *rushes_timeline_clip_new_for_media (const char  *path,
                                                        gboolean    *audio_only,
                                                        GError     **error);

/* The same on a worker thread */
void                rushes_timeline_clip_new_for_media_async  (const char          *path,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
RushesTimelineClip *rushes_timeline_clip_new_for_media_finish (GAsyncResult        *result,
                                                               gboolean            *audio_only,
                                                               GError             **error);

G_END_DECLS
