/* rushes-job.h: one take being made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * queued → submitting → running → downloading → succeeded | failed | cancelled
 *
 * A remote job that cannot go on for now (its server is silent or answers
 * "unavailable", the take cannot be written: disk full, no permission)
 * stays in its state with a waiting reason (also its status) and tries
 * again with a growing delay; it keeps its journal entry until its take is
 * in the library or it is cancelled, so paid work is never dropped.
 *
 * Properties change on the main thread only (workers post to it; progress
 * is coalesced to at most ~10 notifications a second). Every transition is
 * journalled before it is acted on. A job is run by a RushesJobQueue.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_JOB_QUEUED,
  RUSHES_JOB_SUBMITTING,
  RUSHES_JOB_RUNNING,
  RUSHES_JOB_DOWNLOADING,
  RUSHES_JOB_SUCCEEDED,
  RUSHES_JOB_FAILED,
  RUSHES_JOB_CANCELLED,
} RushesJobState;

#define RUSHES_TYPE_JOB_STATE (rushes_job_state_get_type ())
GType       rushes_job_state_get_type     (void) G_GNUC_CONST;
/* "queued", "submitting", … (the journal's spelling) */
const char *rushes_job_state_to_string    (RushesJobState state);
gboolean    rushes_job_state_from_string  (const char     *str,
                                           RushesJobState *state);
gboolean    rushes_job_state_is_finished  (RushesJobState  state);

#define RUSHES_JOB_ERROR (rushes_job_error_quark ())
typedef enum
{
  RUSHES_JOB_ERROR_FAILED,      /* see the message */
  RUSHES_JOB_ERROR_NO_BACKEND,  /* no configured backend can honour the recipe */
  RUSHES_JOB_ERROR_JOURNAL,     /* could not record the job; nothing was sent */
  RUSHES_JOB_ERROR_LIBRARY,     /* could not write the take (folder not writable, disk full…) */
  RUSHES_JOB_ERROR_LOST,        /* could not tell whether a remote job exists; not resubmitted */
} RushesJobError;
GQuark rushes_job_error_quark (void);

#define RUSHES_TYPE_JOB (rushes_job_get_type ())
G_DECLARE_FINAL_TYPE (RushesJob, rushes_job, RUSHES, JOB, GObject)

/* Copies the recipe and resolves a random seed. */
RushesJob      *rushes_job_new              (RushesRecipe *recipe);
const char     *rushes_job_get_id           (RushesJob    *self);
/* the job's own copy: read it, never change it */
RushesRecipe   *rushes_job_get_recipe       (RushesJob    *self);
RushesJobState  rushes_job_get_state        (RushesJob    *self);
gboolean        rushes_job_is_finished      (RushesJob    *self);
double          rushes_job_get_progress     (RushesJob    *self);
/* seconds left, < 0 unknown */
double          rushes_job_get_eta          (RushesJob    *self);
const char     *rushes_job_get_status       (RushesJob    *self);
/* why the job waits (also "waiting-reason"); NULL when it is not waiting */
const char     *rushes_job_get_waiting_reason (RushesJob  *self);
/* set when failed (also "error-message" property) */
const GError   *rushes_job_get_error        (RushesJob    *self);
const char     *rushes_job_get_error_message (RushesJob   *self);
/* the backend it was given to (NULL while queued the first time) */
const char     *rushes_job_get_backend_id   (RushesJob    *self);
const char     *rushes_job_get_remote_id    (RushesJob    *self);
/* the finished media file, once succeeded */
const char     *rushes_job_get_take_path    (RushesJob    *self);
GDateTime      *rushes_job_get_created      (RushesJob    *self);
/* Where the take goes: NULL (default) = the library folder; otherwise
 * exactly this file (its extension chooses the container). Set before the
 * job is added to a queue. */
const char     *rushes_job_get_output_path  (RushesJob    *self);
void            rushes_job_set_output_path  (RushesJob    *self,
                                             const char   *path);
/* Which of one Generate press's variations (1, 2…), 0 for a job made
 * alone; recorded in the take's sidecar ("variation") for its title. Set
 * before the job is added to a queue. */
guint           rushes_job_get_variation    (RushesJob    *self);
void            rushes_job_set_variation    (RushesJob    *self,
                                             guint         variation);
/* The sweep this job is part of ({"id", "field", "value"}, see
 * rushes_sweep_describe()), recorded in the take's sidecar ("sweep"), or
 * NULL. Set before the job is added to a queue. */
JsonObject     *rushes_job_dup_sweep        (RushesJob    *self);
void            rushes_job_set_sweep        (RushesJob    *self,
                                             JsonObject   *sweep);
const char     *rushes_job_get_sweep_id     (RushesJob    *self);
/* Cancels wherever it is (a remote job is cancelled on the backend too). */
void            rushes_job_cancel           (RushesJob    *self);

G_END_DECLS
