/* rushes-job-queue-private.h: shared between the parts of RushesJobQueue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-job-queue.c holds the object, its list of jobs and the public
 * queue API; rushes-job-queue-scheduler.c picks a backend for each job
 * and runs it on a worker thread; rushes-job-queue-resume.c takes up the
 * journal's unfinished jobs at start.
 */
#pragma once

#include "rushes-job-queue.h"

G_BEGIN_DECLS

struct _RushesJobQueue
{
  GObject                parent_instance;

  GThread               *owner_thread;
  RushesBackendRegistry *registry;
  RushesJournal         *journal;
  GPtrArray             *jobs;       /* RushesJob */
  GHashTable            *running;    /* backend id → count */
  GHashTable            *down;       /* backend id → Down (the scheduler's) */
  char                  *library_dir;
  RushesTagWriter       *tag_writer;  /* may be NULL */
  guint                  poll_ms;
  guint                  retry_ms;
  guint                  request_ms;
  guint                  wait_limit_ms;
  guint                  n_workers;   /* worker threads not yet reported back */
  guint                  retry_source;
  gboolean               shutting_down;
  guint                  n_active;
};

/* rushes-job-queue.c */
void     _rushes_job_queue_update_n_active (RushesJobQueue  *self);
/* a job reached a finished state: lets go of it and says so */
void     _rushes_job_queue_job_finished    (RushesJobQueue  *self,
                                            RushesJob       *job);
/* appends a journalled job to the list (does not schedule) */
void     _rushes_job_queue_append_job      (RushesJobQueue  *self,
                                            RushesJob       *job);

/* rushes-job-queue-scheduler.c */
/* starts every queued job a backend can take now */
void     _rushes_job_queue_schedule        (RushesJobQueue  *self);
/* whether some configured backend can honour the recipe */
gboolean _rushes_job_queue_check_addable   (RushesJobQueue  *self,
                                            RushesRecipe    *recipe,
                                            GError         **error);
/* frees a value of the down table */
void     _rushes_job_queue_down_free       (gpointer         data);

G_END_DECLS
