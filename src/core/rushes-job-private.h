/* rushes-job-private.h: what RushesJobQueue uses of RushesJob
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend.h"
#include "rushes-job.h"
#include "rushes-journal.h"
#include "rushes-tag-writer.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_JOB_RUN_DONE,      /* reached a finished state */
  RUSHES_JOB_RUN_REQUEUE,   /* backend unavailable before anything was created: back to queued */
  RUSHES_JOB_RUN_DETACHED,  /* shutting down: left as journalled, to resume next time */
  RUSHES_JOB_RUN_CONTINUE,  /* internal: go on with the next state */
} RushesJobRunResult;

/* main thread */
RushesJob *_rushes_job_new_from_journal (JsonObject     *entry,
                                         GError        **error);
void       _rushes_job_attach           (RushesJob      *self,
                                         RushesJournal  *journal);
gboolean   _rushes_job_journal_now      (RushesJob      *self,
                                         GError        **error);
void       _rushes_job_journal_queued   (RushesJob      *self);
/* Before the job starts: what writes its recipe into the take's tags
 * (NULL: the sidecar only). */
void       _rushes_job_set_tag_writer   (RushesJob       *self,
                                         RushesTagWriter *writer);
/* Gives the job to a backend and moves it to submitting (or keeps the
 * journalled state of a resumed remote job). FALSE: the job failed. */
gboolean   _rushes_job_start            (RushesJob      *self,
                                         RushesBackend  *backend,
                                         const char     *library_dir);
void       _rushes_job_set_worker_active (RushesJob     *self,
                                         gboolean        active);
gboolean   _rushes_job_get_worker_active (RushesJob     *self);
void       _rushes_job_detach           (RushesJob      *self);
/* copies w into the mirror now, waiting for the lock if a worker holds it
 * (for the queue's own steps; updates posted by workers never wait) */
void       _rushes_job_flush            (RushesJob      *self);
/* the state as the journal and the worker see it (may be ahead of the property) */
RushesJobState _rushes_job_get_journal_state (RushesJob *self);
/* the journalled backend of a resumed job (NULL if never started) */
char      *_rushes_job_dup_journal_backend (RushesJob    *self);

/* any thread */
/* Given up (cancelled by the user, failed for good) with a download begun:
 * the backend drops what it kept to resume it. Nothing when detaching. */
void       _rushes_job_discard_download (RushesJob     *self,
                                         RushesBackend *backend);
void       _rushes_job_set_status       (RushesJob      *self,
                                         const char     *status);
/* Moves to a finished state (failed when error is set). */
void       _rushes_job_finish           (RushesJob      *self,
                                         RushesJobState  state,
                                         GError         *error);

/* How a worker treats its backend's silences (the queue's settings). */
typedef struct
{
  guint poll_ms;        /* between polls */
  guint request_ms;     /* a remote call silent this long (no answer, no
                         * progress) is given up and tried again; 0: never */
  guint wait_limit_ms;  /* no answer for this long: "not answering since
                         * HH:MM", and polled slowly */
} RushesJobRunConfig;

/* worker thread */
RushesJobRunResult _rushes_job_run      (RushesJob                *self,
                                         RushesBackend            *backend,
                                         const RushesJobRunConfig *config,
                                         GError                  **unavailable_error);

/* ---- rushes-job-wait.c (worker thread) ---- */

/* A remote call watched for silence: cancel it with its own cancellable
 * (cancelled with the job's, or after request_ms without a sign of life;
 * 0: never). */
typedef struct _RushesJobCall RushesJobCall;
RushesJobCall *_rushes_job_call_begin      (RushesJob       *self,
                                            guint            request_ms);
GCancellable  *_rushes_job_call_get_cancellable (RushesJobCall *call);
/* progress came: the call is alive (NULL: nothing) */
void           _rushes_job_call_alive      (RushesJobCall   *call);
/* Ends the watch. TRUE when it cut the call off; then *error (if set) is
 * replaced by UNAVAILABLE "did not answer". */
gboolean       _rushes_job_call_end        (RushesJobCall   *call,
                                            RushesBackend   *backend,
                                            GError         **error);
/* FALSE when cancelled meanwhile */
gboolean       _rushes_job_sleep           (GCancellable    *cancellable,
                                            guint            ms);
guint          _rushes_job_slow_interval   (const RushesJobRunConfig *config);
/* Sleeps before the next try: a growing delay, or the slow interval.
 * FALSE when cancelled (or detached) meanwhile. */
gboolean       _rushes_job_wait_retry      (RushesJob       *self,
                                            const RushesJobRunConfig *config,
                                            gboolean         slow);
/* a step worked: no longer waiting, the delays start again */
void           _rushes_job_step_worked     (RushesJob       *self);
/* Why writing into dir failed, when it is on this side (disk full, no
 * permission, read-only) and time or the user may fix it; NULL when not. */
char          *_rushes_job_local_problem   (const char      *dir,
                                            const GError    *error);

/* Download slots: at most this many downloads at once in the process (0:
 * the default, from the number of CPUs); the others wait, journalled, and
 * say so ("Waiting for a download slot"). Any thread. */
void           _rushes_job_set_max_downloads (guint          max);
guint          _rushes_job_get_max_downloads (void);
/* Takes a slot, waiting for one with the job's reason shown. FALSE: the
 * job was cancelled (or detached) meanwhile, no slot taken. */
gboolean       _rushes_job_download_slot_acquire (RushesJob   *self);
void           _rushes_job_download_slot_release (void);

/* ---- shared by rushes-job.c, rushes-job-journal.c and rushes-job-worker.c ---- */

typedef struct
{
  RushesJobState  state;
  double          progress;
  double          eta;
  char           *status;
  GError         *error;
  char           *backend_id;
  char           *remote_id;
  char           *take_path;
  char           *library_dir;
  GStrv           results;
  guint           attempts;      /* submissions started (journalled before each) */
  char           *waiting;       /* why a remote job waits (server silent, disk full…); NULL: not */
  guint           wait_round;    /* retries since the last step that worked (backoff) */
  GArray         *pending;       /* RushesJobState not yet seen by the main thread */
  gint64          running_since;
} RushesJobShared;

struct _RushesJob
{
  GObject        parent_instance;

  /* immutable once queued */
  char          *id;
  RushesRecipe  *recipe;
  GDateTime     *created;
  char          *output_path;
  guint          variation;     /* 1… among one Generate's variations, 0 alone */
  char          *sweep;         /* {id, field, value} of a sweep's job as JSON text (JsonObject
                                 * refs are not atomic: each thread parses its own), or NULL */
  char          *sweep_id;
  GCancellable  *cancellable;
  GMainContext  *context;
  RushesJournal *journal;
  GThread       *owner_thread;
  RushesTagWriter *tag_writer;  /* set before the job starts; may be NULL */
  /* attached to context for the job's life: copies w into the mirror when
   * _rushes_job_post_update says so (owned by the main thread) */
  GSource       *flush_source;

  /* main thread mirror */
  RushesJobState state;
  double         progress;
  double         eta;
  char          *status;
  GError        *error;
  char          *backend_id;
  char          *remote_id;
  char          *take_path;
  char          *waiting;
  gboolean       worker_active;

  gint           detaching;  /* atomic */

  GMutex         lock;
  RushesJobShared         w;
};

/* lock held: a snapshot of w for the journal */
JsonNode  *_rushes_job_snapshot_locked   (RushesJob       *self);
gboolean   _rushes_job_journal_write     (RushesJob       *self,
                                          JsonNode        *snapshot,
                                          GError         **error);
/* ---- rushes-job-flush.c ---- */

/* main thread: made and attached once, by the job's init */
GSource   *_rushes_job_flush_source_new  (RushesJob       *self);
/* Any thread, with or without the lock (never blocks, attaches nothing):
 * tells the main thread that w changed. urgent: state changes go out at
 * once; otherwise at most every 100 ms. Call it after the change, best
 * after unlocking (the main thread it wakes may take the lock). */
void       _rushes_job_post_update       (RushesJob       *self,
                                          gboolean         urgent);
/* rushes-job.c, main thread: copies w into the mirror and notifies. wait:
 * take the lock even if a worker holds it; otherwise FALSE (nothing done)
 * when it is busy. */
gboolean   _rushes_job_flush_to_mirror   (RushesJob       *self,
                                          gboolean         wait);
/* Moves w to state and journals it; FALSE (error set) when the journal
 * could not be written: the caller must not act on the state. */
gboolean   _rushes_job_transition        (RushesJob       *self,
                                          RushesJobState   state,
                                          GError         **error);
void       _rushes_job_fail              (RushesJob       *self,
                                          GError          *error);
/* Sets (reason) or clears (NULL) why the job waits, shown as its status;
 * journalled when it changes. */
void       _rushes_job_set_waiting       (RushesJob       *self,
                                          const char      *reason);

/* rushes-job-names.c: the extension of a path (NULL if none); the known
 * media extension a result locator names (a first guess, "webm" if none);
 * dir/name.ext → dir/name; where a take downloads while incomplete
 * (hidden, same folder, same name every time so a download resumes). */
const char *_rushes_job_extension_of          (const char *path);
const char *_rushes_job_result_extension      (const char *result);
char       *_rushes_job_path_without_extension (const char *path);
char       *_rushes_job_staging_path_for      (const char *take_path);

/* A new object of the job's sweep, or NULL (any thread). */
JsonObject *_rushes_job_dup_sweep  (RushesJob  *self);
/* Sets the sweep (a copy; NULL: none), before the job runs. */
void        _rushes_job_store_sweep (RushesJob  *self,
                                    JsonObject *sweep);

G_END_DECLS
