/* rushes-job-queue.h: the jobs of this session, and who runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A GListModel of RushesJob in submission order. The
 * scheduler gives each queued job to a configured backend able to honour
 * its recipe (the recipe's backend, or another of the same kind; any
 * backend for "auto"), least loaded first, within each backend's
 * concurrency; a backend that reports UNAVAILABLE is skipped for a while
 * and its jobs go to the others. Jobs run on worker threads.
 *
 * Wiring at application start (main thread):
 *
 *   rushes_backend_registry_register_kind ("sketch", …);  (and comfyui,
 *     gradio; rushes_hosted_register_kinds () for replicate and fal)
 *   registry = rushes_backend_registry_new (NULL);
 *   rushes_backend_registry_load (registry, &error);
 *   queue = rushes_job_queue_new (registry, rushes_journal_new (NULL));
 *   rushes_job_queue_set_library_dir (queue, dir);  ("library-folder", or NULL)
 *   rushes_job_queue_set_tag_writer (queue, rushes_tagger_new ());  (src/media)
 *   library = rushes_library_new (dir);
 *   rushes_library_follow_queue (library, queue);
 *   rushes_library_reload_async (library, …);
 *   rushes_job_queue_resume (queue, NULL, NULL);
 *
 * and at quit rushes_job_queue_shutdown (queue): running jobs are left to
 * resume at the next start. src/cli/rushes-cli-generate.c does the same.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-backend-registry.h"
#include "rushes-job.h"
#include "rushes-journal.h"
#include "rushes-tag-writer.h"

G_BEGIN_DECLS

/* recipe backend meaning "any configured backend that can honour it" */
#define RUSHES_BACKEND_AUTO "auto"

#define RUSHES_TYPE_JOB_QUEUE (rushes_job_queue_get_type ())
G_DECLARE_FINAL_TYPE (RushesJobQueue, rushes_job_queue, RUSHES, JOB_QUEUE, GObject)

typedef gboolean (*RushesJobFilterFunc) (RushesJob *job,
                                         gpointer   user_data);

RushesJobQueue *rushes_job_queue_new               (RushesBackendRegistry *registry,
                                                    RushesJournal         *journal);
RushesBackendRegistry *rushes_job_queue_get_registry (RushesJobQueue      *self);
RushesJournal  *rushes_job_queue_get_journal       (RushesJobQueue        *self);
/* Where library takes go; NULL: the user's Videos folder / Rushes */
void            rushes_job_queue_set_library_dir   (RushesJobQueue        *self,
                                                    const char            *dir);
const char     *rushes_job_queue_get_library_dir   (RushesJobQueue        *self);
/* What writes each finished take's recipe into its tags (core has no
 * GStreamer; src/media's RushesTagger does it). NULL: the sidecar only.
 * Takes effect for jobs that start afterwards. */
void            rushes_job_queue_set_tag_writer    (RushesJobQueue        *self,
                                                    RushesTagWriter       *writer);
/* between polls of a remote job (default 1000 ms; local ones: 100 ms) */
void            rushes_job_queue_set_poll_interval (RushesJobQueue        *self,
                                                    guint                  ms);
/* how long a backend that reported UNAVAILABLE is left alone (default 30 s) */
void            rushes_job_queue_set_retry_delay   (RushesJobQueue        *self,
                                                    guint                  ms);

/* How long a remote call may stay silent (no answer, no progress) before it
 * is given up and tried again (default 120 s; 0: no limit), and how long a
 * job's backend may go without answering before the job shows "not
 * answering since HH:MM" and is polled slowly (default 5 min). Either way
 * the job waits: it is never dropped for it. For jobs that start
 * afterwards. */
void            rushes_job_queue_set_timeouts      (RushesJobQueue        *self,
                                                    guint                  request_ms,
                                                    guint                  wait_limit_ms);

/* Validates the recipe against the backends, journals and queues the job.
 * FALSE with an error naming the field when no backend can honour it. */
gboolean        rushes_job_queue_add               (RushesJobQueue        *self,
                                                    RushesJob             *job,
                                                    GError               **error);
/* rushes_job_new + add; transfer none (the queue holds it) */
RushesJob      *rushes_job_queue_submit            (RushesJobQueue        *self,
                                                    RushesRecipe          *recipe,
                                                    GError               **error);
/* n jobs: seeds seed, seed+1, … (or each random). Array of RushesJob
 * (transfer container), NULL on error (then none was queued). */
GPtrArray      *rushes_job_queue_submit_variations (RushesJobQueue        *self,
                                                    RushesRecipe          *recipe,
                                                    guint                  n,
                                                    GError               **error);
/* Takes up the journal's unfinished jobs that no other process holds (and
 * that filter accepts): remote ones re-attach by remote id, those cut off
 * inside submit are looked up first, local ones start again. Corrupt
 * entries are moved aside with a warning. Returns how many. */
guint           rushes_job_queue_resume            (RushesJobQueue        *self,
                                                    RushesJobFilterFunc    filter,
                                                    gpointer               user_data);
RushesJob      *rushes_job_queue_lookup            (RushesJobQueue        *self,
                                                    const char            *id);
/* jobs not finished */
guint           rushes_job_queue_get_n_active      (RushesJobQueue        *self);
void            rushes_job_queue_cancel_all        (RushesJobQueue        *self);
/* drops finished jobs from the list (and their journal entries) */
void            rushes_job_queue_remove_finished   (RushesJobQueue        *self);
/* TRUE when no worker thread is running (after rushes_job_queue_shutdown:
 * once they have all let go of their jobs). */
gboolean        rushes_job_queue_is_idle           (RushesJobQueue        *self);
/* At quit: stops workers without cancelling anything; unfinished jobs
 * resume at the next start. */
void            rushes_job_queue_shutdown          (RushesJobQueue        *self);

G_END_DECLS
