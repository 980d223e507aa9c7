/* rushes-job-queue-scheduler.c: which backend runs each job, and the worker that runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A queued job goes to a configured backend able to honour its recipe,
 * least loaded first, within each backend's concurrency; a backend that
 * reported UNAVAILABLE is left alone for the retry delay.
 *
 * Threads: everything here runs on the main thread except run_thread(),
 * which only calls _rushes_job_run() (the job posts its own state back).
 */

#define G_LOG_DOMAIN "rushes-job-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-background.h"
#include "rushes-job-private.h"
#include "rushes-job-queue-private.h"

#define LOCAL_POLL_MS     100
#define NOTE_KEY          "rushes-queue-note"

typedef struct
{
  gint64  until;   /* monotonic */
  char   *reason;
} Down;

void
_rushes_job_queue_down_free (gpointer data)
{
  Down *down = data;

  g_free (down->reason);
  g_free (down);
}

/* backends */

static guint
running_on (RushesJobQueue *self,
            const char     *backend_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->running, backend_id));
}

static void
add_running (RushesJobQueue *self,
             const char     *backend_id,
             int             delta)
{
  guint n = running_on (self, backend_id);

  n = (delta < 0 && n == 0) ? 0 : n + delta;
  g_hash_table_insert (self->running, g_strdup (backend_id), GUINT_TO_POINTER (n));
}

static const Down *
get_down (RushesJobQueue *self,
          const char     *backend_id)
{
  Down *down = g_hash_table_lookup (self->down, backend_id);

  if (down != NULL && down->until <= g_get_monotonic_time ())
    {
      g_hash_table_remove (self->down, backend_id);
      return NULL;
    }
  return down;
}

static gboolean
retry_cb (gpointer data)
{
  RushesJobQueue *self = data;

  self->retry_source = 0;
  _rushes_job_queue_schedule (self);
  return G_SOURCE_REMOVE;
}

static void
mark_down (RushesJobQueue *self,
           const char     *backend_id,
           const GError   *error)
{
  Down *down = g_new0 (Down, 1);

  down->until = g_get_monotonic_time () + (gint64) self->retry_ms * G_TIME_SPAN_MILLISECOND;
  down->reason = g_strdup (error ? error->message : _("unavailable"));
  g_hash_table_insert (self->down, g_strdup (backend_id), down);

  if (self->retry_source == 0)
    self->retry_source = g_timeout_add (self->retry_ms + 1, retry_cb, self);
}

/* Which backend takes this job now. NULL and no error: wait for capacity. */
static RushesBackend *
pick_backend (RushesJobQueue  *self,
              RushesJob       *job,
              GError         **error)
{
  RushesRecipe *recipe = rushes_job_get_recipe (job);
  g_autofree char *journal_backend = _rushes_job_dup_journal_backend (job);
  RushesJobState state = _rushes_job_get_journal_state (job);
  const char *wanted = rushes_recipe_get_backend (recipe);
  gboolean any = g_strcmp0 (wanted, RUSHES_BACKEND_AUTO) == 0;
  RushesBackend *preferred;
  RushesBackend *best = NULL;
  double best_load = G_MAXDOUBLE;
  g_autoptr(GError) check_error = NULL;
  g_autofree char *down_reason = NULL;
  const char *down_name = NULL;
  gboolean busy = FALSE;
  guint n_able = 0;
  guint n;

  /* A job already given to a backend (resumed) stays there. */
  if (state != RUSHES_JOB_QUEUED && journal_backend != NULL)
    {
      RushesBackend *backend = rushes_backend_registry_lookup (self->registry, journal_backend);

      if (backend == NULL)
        {
          g_set_error (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND,
                       _("The backend “%s” this job was sent to is no longer configured"), journal_backend);
          return NULL;
        }
      if (running_on (self, journal_backend) >= rushes_backend_registry_get_concurrency (self->registry, journal_backend))
        return NULL;
      return backend;
    }

  if (any)
    wanted = rushes_backend_registry_get_default_id (self->registry);
  preferred = rushes_backend_registry_lookup (self->registry, wanted);
  if (preferred == NULL && !any)
    {
      g_set_error (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND,
                   _("No backend called “%s” is configured"), wanted);
      return NULL;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      {
        g_autoptr(RushesBackend) backend = g_list_model_get_item (G_LIST_MODEL (self->registry), i);
        g_autoptr(GError) local_error = NULL;
        const char *id = rushes_backend_get_id (backend);
        const Down *down;
        guint limit, running;
        double load;

        /* pass 0: the preferred backend, pass 1: the others */
        if ((pass == 0) != (backend == preferred))
          continue;
        if (!any && backend != preferred &&
            g_strcmp0 (rushes_backend_get_kind (backend), rushes_backend_get_kind (preferred)) != 0)
          continue;
        if (!rushes_backend_check_recipe (backend, recipe, &local_error))
          {
            if (check_error == NULL || backend == preferred)
              {
                g_clear_error (&check_error);
                check_error = g_steal_pointer (&local_error);
              }
            continue;
          }
        n_able++;
        down = get_down (self, id);
        if (down != NULL)
          {
            if (down_name == NULL)
              {
                down_name = rushes_backend_get_display_name (backend);
                down_reason = g_strdup (down->reason);
              }
            continue;
          }
        limit = rushes_backend_registry_get_concurrency (self->registry, id);
        running = running_on (self, id);
        if (running >= limit)
          {
            /* able and up, only busy: the job waits */
            busy = TRUE;
            continue;
          }
        /* least loaded; on a tie the preferred one, then configuration order */
        load = (double) running / limit;
        if (best == NULL || load < best_load)
          {
            best = backend;
            best_load = load;
          }
      }

  if (best != NULL)
    return best;
  if (busy)
    return NULL;
  if (n_able == 0)
    {
      if (check_error != NULL)
        g_propagate_error (error, g_steal_pointer (&check_error));
      else
        g_set_error_literal (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND,
                             _("No configured backend can make this recipe"));
      return NULL;
    }
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE,
               _("%s is unavailable: %s"), down_name, down_reason);
  return NULL;
}

/* running */

typedef struct
{
  RushesJob          *job;
  RushesBackend      *backend;
  RushesJobRunConfig  config;
  RushesJobRunResult  result;
  GError             *unavailable;
} RunData;

static void
run_data_free (gpointer data)
{
  RunData *run = data;

  g_clear_object (&run->job);
  g_clear_object (&run->backend);
  g_clear_error (&run->unavailable);
  g_free (run);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *run = task_data;

  run->result = _rushes_job_run (run->job, run->backend, &run->config, &run->unavailable);
  g_task_return_boolean (task, TRUE);
}
static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RushesJobQueue *self = RUSHES_JOB_QUEUE (object);
  RunData *run = g_task_get_task_data (G_TASK (result));
  RushesJob *job = run->job;
  const char *backend_id = rushes_backend_get_id (run->backend);

  _rushes_job_flush (job);
  _rushes_job_set_worker_active (job, FALSE);
  add_running (self, backend_id, -1);
  self->n_workers--;

  switch (run->result)
    {
    case RUSHES_JOB_RUN_REQUEUE:
      mark_down (self, backend_id, run->unavailable);
      g_object_set_data_full (G_OBJECT (job), NOTE_KEY,
                              g_strdup_printf (_("%s is unavailable"),
                                               rushes_backend_get_display_name (run->backend)),
                              g_free);
      break;
    case RUSHES_JOB_RUN_DETACHED:
      return;
    case RUSHES_JOB_RUN_DONE:
    case RUSHES_JOB_RUN_CONTINUE:
    default:
      break;
    }

  if (rushes_job_is_finished (job))
    _rushes_job_queue_job_finished (self, job);

  _rushes_job_queue_schedule (self);
}

/* Journals the start and counts the job as running; returns the task that
 * runs it (not yet launched), or NULL when the journal refused. */
static GTask *
start_job (RushesJobQueue *self,
           RushesJob      *job,
           RushesBackend  *backend)
{
  g_autoptr(GTask) task = NULL;
  const char *note = g_object_get_data (G_OBJECT (job), NOTE_KEY);
  RunData *run;

  _rushes_job_set_tag_writer (job, self->tag_writer);
  if (!_rushes_job_start (job, backend, self->library_dir))
    {
      _rushes_job_flush (job);  /* job_finished runs from notify::finished */
      return NULL;
    }
  if (note != NULL)
    {
      g_autofree char *status = g_strdup_printf (_("%s; sent to %s instead"), note,
                                                 rushes_backend_get_display_name (backend));

      _rushes_job_set_status (job, status);
      g_object_set_data (G_OBJECT (job), NOTE_KEY, NULL);
    }
  _rushes_job_flush (job);

  run = g_new0 (RunData, 1);
  run->job = g_object_ref (job);
  run->backend = g_object_ref (backend);
  run->config.poll_ms = rushes_backend_is_remote (backend) ? self->poll_ms : MIN (self->poll_ms, LOCAL_POLL_MS);
  run->config.request_ms = self->request_ms;
  run->config.wait_limit_ms = self->wait_limit_ms;

  _rushes_job_set_worker_active (job, TRUE);
  add_running (self, rushes_backend_get_id (backend), 1);
  self->n_workers++;

  task = g_task_new (self, NULL, run_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, run, run_data_free);
  return g_steal_pointer (&task);
}

void
_rushes_job_queue_schedule (RushesJobQueue *self)
{
  g_autoptr(GPtrArray) snapshot = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->shutting_down)
    return;

  /* starting a job can finish it (journal error), which re-enters */
  snapshot = g_ptr_array_copy (self->jobs, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (snapshot, g_object_unref);
  /* Every start is journalled (fsync, on this thread) before any worker
   * runs: with the first job already downloading, the next one's fsync on
   * the same disk took tens of milliseconds (bench/responsiveness). */
  tasks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < snapshot->len; i++)
    {
      RushesJob *job = g_ptr_array_index (snapshot, i);
      g_autoptr(GError) error = NULL;
      RushesBackend *backend;

      if (_rushes_job_get_worker_active (job) ||
          rushes_job_state_is_finished (_rushes_job_get_journal_state (job)))
        continue;

      backend = pick_backend (self, job, &error);
      if (backend != NULL)
        {
          GTask *task = start_job (self, job, backend);

          if (task != NULL)
            g_ptr_array_add (tasks, task);
        }
      else if (error != NULL)
        {
          _rushes_job_finish (job, RUSHES_JOB_FAILED, g_steal_pointer (&error));
          _rushes_job_flush (job);
        }
      else
        _rushes_job_set_status (job, _("Waiting for a free backend"));
    }

  for (guint i = 0; i < tasks->len; i++)
    rushes_background_run_long (g_ptr_array_index (tasks, i), run_thread);
  _rushes_job_queue_update_n_active (self);
}

/* whether the job can be queued at all */

gboolean
_rushes_job_queue_check_addable (RushesJobQueue  *self,
                                 RushesRecipe    *recipe,
                                 GError         **error)
{
  const char *wanted = rushes_recipe_get_backend (recipe);
  RushesBackend *backend;
  g_autoptr(GError) first_error = NULL;
  guint n;

  if (!rushes_recipe_validate (recipe, error))
    return FALSE;

  if (g_strcmp0 (wanted, RUSHES_BACKEND_AUTO) != 0)
    {
      backend = rushes_backend_registry_lookup (self->registry, wanted);
      if (backend == NULL)
        {
          g_set_error (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND,
                       _("No backend called “%s” is configured"), wanted);
          return FALSE;
        }
      if (rushes_backend_check_recipe (backend, recipe, &first_error))
        return TRUE;
    }

  /* another backend (of the same kind, or any for "auto") may do */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->registry));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesBackend) other = g_list_model_get_item (G_LIST_MODEL (self->registry), i);

      if (g_strcmp0 (wanted, RUSHES_BACKEND_AUTO) != 0 &&
          g_strcmp0 (rushes_backend_get_kind (other),
                     rushes_backend_get_kind (rushes_backend_registry_lookup (self->registry, wanted))) != 0)
        continue;
      if (rushes_backend_check_recipe (other, recipe, first_error ? NULL : &first_error))
        return TRUE;
    }

  if (first_error != NULL)
    g_propagate_error (error, g_steal_pointer (&first_error));
  else
    g_set_error_literal (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND,
                         _("No configured backend can make this recipe"));
  return FALSE;
}
