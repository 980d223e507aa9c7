/* rushes-timeline-ges.h: the project model as a GES timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GES lives on the thread that called ges_init() (the main thread): every
 * function here is main-thread only. rushes_timeline_ensure_init() calls
 * ges_init() once. The preview that plays it (RushesTimeline) is in
 * src/media-gdk/rushes-timeline.h: this half needs no GDK, and the command
 * line uses it alone.
 */
#pragma once

#include <ges/ges.h>

#include "rushes-job.h"
#include "rushes-job-queue.h"
#include "rushes-project.h"

G_BEGIN_DECLS

#define RUSHES_TIMELINE_ERROR (rushes_timeline_error_quark ())
typedef enum
{
  RUSHES_TIMELINE_ERROR_OFFLINE,     /* a clip's media file is missing or not media */
  RUSHES_TIMELINE_ERROR_PENDING,     /* a clip's job is still running */
  RUSHES_TIMELINE_ERROR_EMPTY,       /* nothing to play or export */
  RUSHES_TIMELINE_ERROR_INIT,
} RushesTimelineError;

GQuark rushes_timeline_error_quark (void);

gboolean            rushes_timeline_ensure_init        (GError       **error);

/* Looks at a media file (GstDiscoverer, a few hundred ms at most for a
 * local file) and makes a clip spanning all of it, with its format and
 * whether it has sound. */
RushesTimelineClip *rushes_timeline_clip_new_for_file  (const char    *path,
                                                        GError       **error);

/* The same through GES's asset cache (main thread only): the file is
 * looked at once for the clip and for every timeline built afterwards
 * (rushes_timeline_build() finds its asset in the cache), where the
 * GstDiscoverer of rushes_timeline_clip_new_for_file() looks once more. */
RushesTimelineClip *rushes_timeline_clip_new_for_file_as_asset (const char *path,
                                                                GError    **error);

/* The same on a worker thread (GstDiscoverer only, no GES) */
void                rushes_timeline_clip_new_for_file_async  (const char          *path,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
RushesTimelineClip *rushes_timeline_clip_new_for_file_finish (GAsyncResult        *result,
                                                              GError             **error);

/* A job finished: probes its take and fills in the project's placeholders
 * for job_id (duration, format, sound). Returns how many were filled; 0
 * and error when the file is not a readable video. */
guint               rushes_timeline_fill_placeholder   (RushesProject *project,
                                                        const char    *job_id,
                                                        const char    *path,
                                                        GError       **error);

/* Puts a job on the timeline at position (one undoable insert): the take
 * itself if the job has succeeded, else a placeholder (named after the
 * prompt, as long as the recipe asks) that follows the job's progress,
 * fills in when the take lands and is marked failed if the job fails.
 * Returns the clip (transfer none). */
RushesTimelineClip *rushes_timeline_add_job            (RushesProject  *project,
                                                        RushesJob      *job,
                                                        guint           position);
/* Follows job: the project's placeholders and versions of it (added by
 * the caller) follow its progress and fill in or fail with it. */
void                rushes_timeline_follow_job         (RushesProject  *project,
                                                        RushesJob      *job);
/* After opening a project: reconnects its placeholders to their jobs in
 * queue (placeholders whose job is gone are marked failed). */
void                rushes_timeline_follow_jobs        (RushesProject  *project,
                                                        RushesJobQueue *queue);

/* A fresh GES timeline of the project, with width × height (0: the
 * project's) and the project's rate as restriction caps. Offline and
 * pending clips are errors when strict, black gaps otherwise. */
GESTimeline        *rushes_timeline_build              (RushesProject *project,
                                                        guint          width,
                                                        guint          height,
                                                        gboolean       strict,
                                                        GError       **error);

G_END_DECLS
