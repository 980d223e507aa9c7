/* rushes-job-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-job.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_JOB_ROW (rushes_job_row_get_type ())
G_DECLARE_FINAL_TYPE (RushesJobRow, rushes_job_row, RUSHES, JOB_ROW, GtkWidget)

RushesJobRow *rushes_job_row_new      (void);
RushesJob    *rushes_job_row_get_job  (RushesJobRow *self);
void          rushes_job_row_set_job  (RushesJobRow *self,
                                       RushesJob    *job);
char         *rushes_job_row_dup_status_tooltip (RushesJobRow *self);

/* Plain logic: the status line for a job in this state. */
char         *rushes_job_describe     (RushesJobState  state,
                                       double          progress,
                                       double          eta_seconds,
                                       const char     *status,
                                       const char     *error_message);
/* "about 5 s left", "about 2 min left"; NULL when unknown */
/* "sweep 3/6 · seed=42" for a job's sweep (rushes_job_dup_sweep()), or NULL. */
char         *rushes_job_describe_sweep (JsonObject *sweep);
char         *rushes_format_eta       (double          eta_seconds);

G_END_DECLS
