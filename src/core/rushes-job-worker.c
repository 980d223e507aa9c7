/* rushes-job-worker.c: one job's run on its worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * submit → poll → download, each step journalled before it is acted on.
 * Runs on the worker thread the queue gives the job; talks to the main
 * thread only through the shared state `w` (under the job's lock) and
 * _rushes_job_post_update.
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-background.h"
#include "rushes-core-private.h"
#include "rushes-job-private.h"
#include "rushes-take.h"

typedef struct
{
  RushesJob     *job;
  double        base;
  double        span;
  RushesJobCall *call;  /* the watched call the progress comes from */
} ProgressData;

static void
progress_cb (double      fraction,
             const char *status,
             gpointer    user_data)
{
  ProgressData *data = user_data;
  RushesJob *self = data->job;

  _rushes_job_call_alive (data->call);
  g_mutex_lock (&self->lock);
  if (fraction >= 0)
    {
      double overall = data->base + data->span * CLAMP (fraction, 0.0, 1.0);

      if (overall > self->w.progress)
        self->w.progress = overall;
      if (self->w.running_since != 0 && self->w.progress > 0.02)
        {
          double elapsed = (g_get_monotonic_time () - self->w.running_since) / (double) G_USEC_PER_SEC;

          self->w.eta = elapsed * (1 - self->w.progress) / self->w.progress;
        }
    }
  /* while it waits, the status says why (until a step works again) */
  if (status != NULL && self->w.waiting == NULL && g_strcmp0 (self->w.status, status) != 0)
    {
      g_free (self->w.status);
      self->w.status = g_strdup (status);
    }
  g_mutex_unlock (&self->lock);
  _rushes_job_post_update (self, FALSE);
}

static char *
dup_locked_string (RushesJob  *self,
                   char      **field)
{
  char *copy;

  g_mutex_lock (&self->lock);
  copy = g_strdup (*field);
  g_mutex_unlock (&self->lock);
  return copy;
}

/* The job is given up during its download (cancelled by the user, or failed
 * for good): let the backend remove what it kept to resume. Not when the
 * application quits (detaching): the download resumes on the next start. */
void
_rushes_job_discard_download (RushesJob     *self,
                              RushesBackend *backend)
{
  g_autofree char *take_path = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *staging = NULL;

  if (g_atomic_int_get (&self->detaching))
    return;

  g_mutex_lock (&self->lock);
  take_path = g_strdup (self->w.take_path);
  remote_id = g_strdup (self->w.remote_id);
  g_mutex_unlock (&self->lock);
  if (take_path == NULL)
    return;

  staging = _rushes_job_staging_path_for (take_path);
  rushes_backend_discard (backend, remote_id, staging);
}

/* The user cancelled (or we are shutting down): stop here. */
static RushesJobRunResult
handle_cancelled (RushesJob     *self,
                  RushesBackend *backend)
{
  g_autofree char *remote_id = NULL;
  RushesJobState state;

  if (g_atomic_int_get (&self->detaching))
    return RUSHES_JOB_RUN_DETACHED;

  g_mutex_lock (&self->lock);
  remote_id = g_strdup (self->w.remote_id);
  state = self->w.state;
  g_mutex_unlock (&self->lock);

  if (state == RUSHES_JOB_SUBMITTING && remote_id == NULL && rushes_backend_is_remote (backend))
    {
      /* submit may have created the job before it saw the cancellation */
      g_autoptr(GCancellable) lookup_cancellable = g_cancellable_new ();

      remote_id = rushes_backend_lookup (backend, self->id, lookup_cancellable, NULL);
    }

  if (remote_id != NULL && state != RUSHES_JOB_DOWNLOADING)
    {
      g_autoptr(GCancellable) cancel_cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;

      _rushes_job_set_status (self, _("Cancelling on the backend"));
      if (!rushes_backend_cancel (backend, remote_id, cancel_cancellable, &error))
        g_message ("Could not cancel job %s on %s: %s", remote_id,
                   rushes_backend_get_id (backend), error->message);
    }
  if (state == RUSHES_JOB_DOWNLOADING)
    _rushes_job_discard_download (self, backend);

  _rushes_job_finish (self, RUSHES_JOB_CANCELLED, NULL);
  return RUSHES_JOB_RUN_DONE;
}

static gboolean
is_cancel (RushesJob    *self,
           const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_cancellable_is_cancelled (self->cancellable);
}

/* Whether the backend already has this job (cut off inside submit, or an
 * error answer to it): *remote_id, or NULL when it was never created.
 * While the backend cannot say, the job waits and asks again: it is never
 * sent again blindly. CONTINUE, or the job is over (failed, cancelled). */
static RushesJobRunResult
find_on_backend (RushesJob                *self,
                 RushesBackend            *backend,
                 const RushesJobRunConfig *config,
                 char                    **remote_id)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *reason = NULL;
      RushesJobCall *call = _rushes_job_call_begin (self, config->request_ms);

      *remote_id = rushes_backend_lookup (backend, self->id, _rushes_job_call_get_cancellable (call), &error);
      _rushes_job_call_end (call, backend, &error);
      if (error == NULL)
        return RUSHES_JOB_RUN_CONTINUE;
      g_clear_pointer (remote_id, g_free);
      if (is_cancel (self, error))
        return handle_cancelled (self, backend);
      if (!g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE))
        {
          _rushes_job_fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LOST,
                                   _("Could not check whether %s already has job %s, so it was not sent again: %s"),
                                   rushes_backend_get_display_name (backend), self->id, error->message));
          return RUSHES_JOB_RUN_DONE;
        }
      reason = g_strdup_printf (_("Waiting to check whether %s already has this job: %s"),
                                rushes_backend_get_display_name (backend), error->message);
      _rushes_job_set_waiting (self, reason);
      if (!_rushes_job_wait_retry (self, config, FALSE))
        return handle_cancelled (self, backend);
    }
}

/* An error answer to a create does not say that nothing was made (a 500,
 * a reset, a silence, a garbled answer): look it up as after a crash. */
static gboolean
may_have_created (const GError *error)
{
  return g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE) ||
         g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
}

static RushesJobRunResult
run_submit (RushesJob                *self,
            RushesBackend            *backend,
            const RushesJobRunConfig *config,
            GError                  **unavailable_error)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  ProgressData progress = { self, 0, 0.02, NULL };
  gboolean remote = rushes_backend_is_remote (backend);
  RushesJobRunResult found;
  guint attempts;

  g_mutex_lock (&self->lock);
  attempts = self->w.attempts;
  g_mutex_unlock (&self->lock);

  if (attempts > 0 && remote)
    {
      /* Cut off inside submit last time: the backend may already have it. */
      _rushes_job_set_status (self, _("Checking whether the backend already has this job"));
      found = find_on_backend (self, backend, config, &remote_id);
      if (found != RUSHES_JOB_RUN_CONTINUE)
        return found;
    }

  if (remote_id == NULL && attempts == 0)
    {
      /* a take that cannot be saved is not worth making (or paying for) */
      g_autofree char *library_dir = dup_locked_string (self, &self->w.library_dir);
      g_autofree char *dir = self->output_path ? g_path_get_dirname (self->output_path)
                                               : library_dir ? g_strdup (library_dir)
                                               : _rushes_default_library_dir ();

      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          int saved_errno = errno;

          _rushes_job_fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno)));
          return RUSHES_JOB_RUN_DONE;
        }
    }

  if (remote_id == NULL)
    {
      /* recorded before sending, so a crash inside submit leads to lookup */
      g_mutex_lock (&self->lock);
      self->w.attempts++;
      g_mutex_unlock (&self->lock);
      if (!_rushes_job_journal_now (self, &error))
        {
          _rushes_job_fail (self, g_steal_pointer (&error));
          return RUSHES_JOB_RUN_DONE;
        }

      progress.call = _rushes_job_call_begin (self, remote ? config->request_ms : 0);
      remote_id = rushes_backend_submit (backend, self->recipe, self->id, progress_cb, &progress,
                                         _rushes_job_call_get_cancellable (progress.call), &error);
      _rushes_job_call_end (g_steal_pointer (&progress.call), backend, &error);
      if (remote_id == NULL)
        {
          if (error == NULL)
            error = g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                                 _("%s gave no job id"), rushes_backend_get_display_name (backend));
          if (is_cancel (self, error))
            return handle_cancelled (self, backend);
          if (remote && may_have_created (error))
            {
              _rushes_job_set_status (self, _("Checking whether the backend already has this job"));
              found = find_on_backend (self, backend, config, &remote_id);
              if (found != RUSHES_JOB_RUN_CONTINUE)
                return found;
              if (remote_id != NULL)
                g_clear_error (&error);
            }
        }
      if (remote_id == NULL)
        {
          if (g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE))
            {
              g_autofree char *status = NULL;

              /* nothing was created: another backend may take it */
              status = g_strdup_printf (_("%s is unavailable: %s"),
                                        rushes_backend_get_display_name (backend), error->message);
              g_mutex_lock (&self->lock);
              self->w.attempts--;
              g_free (self->w.status);
              self->w.status = g_steal_pointer (&status);
              g_mutex_unlock (&self->lock);
              if (!_rushes_job_transition (self, RUSHES_JOB_QUEUED, NULL))
                return RUSHES_JOB_RUN_DONE;
              g_propagate_error (unavailable_error, g_steal_pointer (&error));
              return RUSHES_JOB_RUN_REQUEUE;
            }
          _rushes_job_fail (self, g_steal_pointer (&error));
          return RUSHES_JOB_RUN_DONE;
        }
    }

  g_mutex_lock (&self->lock);
  g_free (self->w.remote_id);
  self->w.remote_id = g_steal_pointer (&remote_id);
  g_free (self->w.status);
  self->w.status = g_strdup (_("Queued on the backend"));
  if (self->w.progress < 0.02)
    self->w.progress = 0.02;
  g_mutex_unlock (&self->lock);

  /* the remote id is journalled the moment it is known */
  if (!_rushes_job_transition (self, RUSHES_JOB_RUNNING, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *rid = dup_locked_string (self, &self->w.remote_id);

          rushes_backend_cancel (backend, rid, NULL, NULL);
          _rushes_job_fail (self, g_steal_pointer (&error));
        }
      return RUSHES_JOB_RUN_DONE;
    }
  return RUSHES_JOB_RUN_CONTINUE;
}

/* The backend did not answer: the job waits and polls again, slowly once
 * nothing came for the wait limit. FALSE when cancelled meanwhile. */
static gboolean
wait_for_answer (RushesJob                *self,
                 RushesBackend            *backend,
                 const RushesJobRunConfig *config,
                 GDateTime                *last_answer,
                 gint64                    last_answer_mono,
                 const GError             *error)
{
  gint64 silent_ms = (g_get_monotonic_time () - last_answer_mono) / 1000;
  gboolean slow = silent_ms >= config->wait_limit_ms;
  g_autofree char *reason = NULL;

  if (slow)
    {
      g_autofree char *since = g_date_time_format (last_answer, "%H:%M");

      /* Translators: "ComfyUI not answering since 14:05: <why>" */
      reason = g_strdup_printf (_("%s not answering since %s: %s"),
                                rushes_backend_get_display_name (backend), since, error->message);
    }
  else
    reason = g_strdup_printf (_("%s is unavailable, retrying: %s"),
                              rushes_backend_get_display_name (backend), error->message);
  _rushes_job_set_waiting (self, reason);
  return _rushes_job_wait_retry (self, config, slow);
}

static RushesJobRunResult
run_poll (RushesJob                *self,
          RushesBackend            *backend,
          const RushesJobRunConfig *config)
{
  g_autofree char *remote_id = dup_locked_string (self, &self->w.remote_id);
  ProgressData progress = { self, 0.02, 0.88, NULL };
  gboolean remote = rushes_backend_is_remote (backend);
  g_autoptr(GDateTime) last_answer = g_date_time_new_now_local ();
  gint64 last_answer_mono = g_get_monotonic_time ();

  if (remote_id == NULL)
    {
      _rushes_job_fail (self, g_error_new_literal (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED, "running job without a remote id"));
      return RUSHES_JOB_RUN_DONE;
    }

  for (;;)
    {
      g_auto(RushesRemoteStatus) status = { 0, };
      g_autoptr(GError) error = NULL;

      gboolean ok;

      status.progress = -1;
      status.eta_seconds = -1;

      progress.call = _rushes_job_call_begin (self, remote ? config->request_ms : 0);
      ok = rushes_backend_poll (backend, remote_id, &status, progress_cb, &progress,
                                _rushes_job_call_get_cancellable (progress.call), &error);
      _rushes_job_call_end (g_steal_pointer (&progress.call), backend, &error);
      if (!ok)
        {
          if (is_cancel (self, error))
            return handle_cancelled (self, backend);
          /* a server down or silent for minutes: the paid job waits for it */
          if (g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE))
            {
              if (!wait_for_answer (self, backend, config, last_answer, last_answer_mono, error))
                return handle_cancelled (self, backend);
              continue;
            }
          if (g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND))
            {
              _rushes_job_fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LOST,
                                       _("%s no longer knows job %s: %s"),
                                       rushes_backend_get_display_name (backend), remote_id, error->message));
              return RUSHES_JOB_RUN_DONE;
            }
          _rushes_job_fail (self, g_steal_pointer (&error));
          return RUSHES_JOB_RUN_DONE;
        }
      g_clear_pointer (&last_answer, g_date_time_unref);
      last_answer = g_date_time_new_now_local ();
      last_answer_mono = g_get_monotonic_time ();
      _rushes_job_step_worked (self);

      switch (status.state)
        {
        case RUSHES_REMOTE_QUEUED:
        case RUSHES_REMOTE_RUNNING:
          progress_cb (status.progress,
                       status.status ? status.status
                       : status.state == RUSHES_REMOTE_QUEUED ? _("Queued on the backend") : _("Rendering"),
                       &progress);
          if (status.eta_seconds >= 0)
            {
              g_mutex_lock (&self->lock);
              self->w.eta = status.eta_seconds;
              g_mutex_unlock (&self->lock);
            }
          if (!_rushes_job_sleep (self->cancellable, config->poll_ms))
            return handle_cancelled (self, backend);
          break;

        case RUSHES_REMOTE_SUCCEEDED:
          {
            g_autoptr(GError) journal_error = NULL;
            g_autofree char *dest = NULL;

            if (status.results == NULL || status.results[0] == NULL)
              {
                _rushes_job_fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                                         _("%s finished the job but gave no video"),
                                         rushes_backend_get_display_name (backend)));
                return RUSHES_JOB_RUN_DONE;
              }

            if (self->output_path != NULL)
              dest = g_strdup (self->output_path);
            else
              {
                g_autofree char *base = rushes_take_build_basename (self->recipe, self->id, self->created);
                g_autofree char *name = g_strconcat (base, ".", _rushes_job_result_extension (status.results[0]), NULL);
                g_autofree char *dir = dup_locked_string (self, &self->w.library_dir);

                if (dir == NULL)
                  dir = _rushes_default_library_dir ();
                dest = g_build_filename (dir, name, NULL);
              }

            g_mutex_lock (&self->lock);
            g_strfreev (self->w.results);
            self->w.results = g_steal_pointer (&status.results);
            g_free (self->w.take_path);
            self->w.take_path = g_steal_pointer (&dest);
            self->w.progress = MAX (self->w.progress, 0.9);
            g_free (self->w.status);
            self->w.status = g_strdup (_("Downloading"));
            g_mutex_unlock (&self->lock);

            if (!_rushes_job_transition (self, RUSHES_JOB_DOWNLOADING, &journal_error))
              {
                if (!g_error_matches (journal_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                  _rushes_job_fail (self, g_steal_pointer (&journal_error));
                return RUSHES_JOB_RUN_DONE;
              }
            return RUSHES_JOB_RUN_CONTINUE;
          }

        case RUSHES_REMOTE_FAILED:
          _rushes_job_fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED, "%s",
                                   status.error ? status.error : _("The backend reported a failure")));
          return RUSHES_JOB_RUN_DONE;

        case RUSHES_REMOTE_CANCELLED:
        default:
          _rushes_job_set_status (self, _("Cancelled on the backend"));
          _rushes_job_finish (self, RUSHES_JOB_CANCELLED, NULL);
          return RUSHES_JOB_RUN_DONE;
        }
    }
}

static gboolean
sidecar_is_ours (RushesJob  *self,
                 const char *media_path)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media_path);
  g_autoptr(JsonNode) root = _rushes_json_from_file (sidecar, NULL);
  JsonObject *take;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  take = json_object_get_object_member (json_node_get_object (root), "take");
  return take != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (take, "job_id", NULL), self->id) == 0;
}

/* The take of a remote (paid) job cannot be saved or fetched for now: it
 * waits with the reason and tries again; the journal keeps it. A local
 * job fails (it can be made again for nothing). Takes error. */
static RushesJobRunResult
download_problem (RushesJob                *self,
                  RushesBackend            *backend,
                  const RushesJobRunConfig *config,
                  GError                   *error)
{
  g_autofree char *reason = NULL;

  if (!rushes_backend_is_remote (backend))
    {
      _rushes_job_fail (self, error);
      return RUSHES_JOB_RUN_DONE;
    }
  reason = g_strdup_printf (_("Waiting to save the take: %s"), error->message);
  g_error_free (error);
  _rushes_job_set_waiting (self, reason);
  if (!_rushes_job_wait_retry (self, config, FALSE))
    return handle_cancelled (self, backend);
  return RUSHES_JOB_RUN_CONTINUE;
}

static RushesJobRunResult
run_download (RushesJob                *self,
              RushesBackend            *backend,
              const RushesJobRunConfig *config)
{
  g_autofree char *dest = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *result = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *staging = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *created = NULL;
  g_autofree char *finished = NULL;
  ProgressData progress = { self, 0.9, 0.1, NULL };
  gboolean remote = rushes_backend_is_remote (backend);
  g_autofree char *local_problem = NULL;
  gboolean ok;
  int fd;

  g_mutex_lock (&self->lock);
  dest = g_strdup (self->w.take_path);
  remote_id = g_strdup (self->w.remote_id);
  result = self->w.results ? g_strdup (self->w.results[0]) : NULL;
  g_mutex_unlock (&self->lock);

  if (dest == NULL || result == NULL || remote_id == NULL)
    {
      _rushes_job_fail (self, g_error_new_literal (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED,
                                       "downloading job without a result"));
      return RUSHES_JOB_RUN_DONE;
    }

  /* cut off after the take was in place: it is there once, keep it */
  if (g_file_test (dest, G_FILE_TEST_IS_REGULAR) && sidecar_is_ours (self, dest))
    {
      _rushes_job_finish (self, RUSHES_JOB_SUCCEEDED, NULL);
      return RUSHES_JOB_RUN_DONE;
    }

  dir = g_path_get_dirname (dest);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      return download_problem (self, backend, config,
                               g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                            _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno)));
    }

  staging = _rushes_job_staging_path_for (dest);

  fd = g_open (staging, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      return download_problem (self, backend, config,
                               g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                            _("Could not write in the folder %s: %s"), dir, g_strerror (saved_errno)));
    }
  close (fd);
  g_unlink (staging);

  /* a remote take waits its turn to download (the wait is not silence) */
  if (remote && !_rushes_job_download_slot_acquire (self))
    return handle_cancelled (self, backend);
  progress.call = _rushes_job_call_begin (self, remote ? config->request_ms : 0);
  ok = rushes_backend_fetch (backend, remote_id, result, staging, progress_cb, &progress,
                             _rushes_job_call_get_cancellable (progress.call), &error);
  _rushes_job_call_end (g_steal_pointer (&progress.call), backend, &error);
  if (remote)
    _rushes_job_download_slot_release ();
  if (!ok)
    {
      g_unlink (staging);
      if (is_cancel (self, error))
        return handle_cancelled (self, backend);
      /* disk full, no permission, server away: what the backend kept to
       * resume stays, and so does the paid job */
      if (remote && (local_problem = _rushes_job_local_problem (dir, error)) != NULL)
        return download_problem (self, backend, config,
                                 strstr (error->message, local_problem) != NULL
                                 ? g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                                _("Could not save the take in %s: %s"), dir, error->message)
                                 : g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                                _("Could not save the take in %s: %s (%s)"), dir,
                                                error->message, local_problem));
      if (remote && g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE))
        return download_problem (self, backend, config, g_steal_pointer (&error));
      /* failed for good: nothing will resume it */
      _rushes_job_discard_download (self, backend);
      _rushes_job_fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not save the take in %s: %s"), dir, error->message));
      return RUSHES_JOB_RUN_DONE;
    }
  if (!g_file_test (staging, G_FILE_TEST_IS_REGULAR))
    {
      _rushes_job_fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("%s reported a download but wrote no file"),
                               rushes_backend_get_display_name (backend)));
      return RUSHES_JOB_RUN_DONE;
    }

  if (self->tag_writer != NULL)
    {
      /* named by what the bytes are, converted if need be, tagged */
      g_autofree char *stem = _rushes_job_path_without_extension (dest);
      g_autofree char *take = rushes_tag_writer_finish (self->tag_writer, staging, stem, self->recipe,
                                                        self->cancellable, &error);

      if (take == NULL)
        {
          g_autofree char *kept = NULL;

          if (is_cancel (self, error))
            {
              g_unlink (staging);
              return handle_cancelled (self, backend);
            }
          /* the result may have been paid for: keep what came back */
          kept = g_strconcat (stem, ".download", NULL);
          if (!g_file_test (staging, G_FILE_TEST_IS_REGULAR) || g_rename (staging, kept) != 0)
            g_clear_pointer (&kept, g_free);
          _rushes_job_discard_download (self, backend);
          _rushes_job_fail (self, kept
                            ? g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED,
                                           _("Could not make a take of what %s returned: %s. It is kept at %s"),
                                           rushes_backend_get_display_name (backend), error->message, kept)
                            : g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED,
                                           _("Could not make a take of what %s returned: %s"),
                                           rushes_backend_get_display_name (backend), error->message));
          return RUSHES_JOB_RUN_DONE;
        }
      g_free (dest);
      dest = g_steal_pointer (&take);
      g_mutex_lock (&self->lock);
      g_free (self->w.take_path);
      self->w.take_path = g_strdup (dest);
      g_mutex_unlock (&self->lock);
    }
  else
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        {
          g_unlink (staging);
          return handle_cancelled (self, backend);
        }
      if (g_rename (staging, dest) != 0)
        {
          int saved_errno = errno;

          g_unlink (staging);
          return download_problem (self, backend, config,
                                   g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                                _("Could not put the take at %s: %s"), dest,
                                                g_strerror (saved_errno)));
        }
    }

  now = g_date_time_new_now_local ();
  created = g_date_time_format_iso8601 (self->created);
  finished = g_date_time_format_iso8601 (now);
  info = json_object_new ();
  json_object_set_string_member (info, "job_id", self->id);
  json_object_set_string_member (info, "backend", rushes_backend_get_id (backend));
  json_object_set_string_member (info, "backend_kind", rushes_backend_get_kind (backend));
  json_object_set_string_member (info, "remote_id", remote_id);
  json_object_set_string_member (info, "created", created);
  json_object_set_string_member (info, "finished", finished);
  if (self->variation > 0)
    json_object_set_int_member (info, "variation", self->variation);
  if (self->sweep != NULL)
    json_object_set_object_member (info, "sweep", _rushes_job_dup_sweep (self));

  if (!rushes_take_write_sidecar (dest, self->recipe, info, &error))
    {
      /* no take without its recipe */
      g_unlink (dest);
      return download_problem (self, backend, config,
                               g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                                            _("Could not write the recipe beside the take in %s: %s"),
                                            dir, error->message));
    }

  _rushes_job_step_worked (self);
  _rushes_job_finish (self, RUSHES_JOB_SUCCEEDED, NULL);
  return RUSHES_JOB_RUN_DONE;
}

RushesJobRunResult
_rushes_job_run (RushesJob                *self,
                 RushesBackend            *backend,
                 const RushesJobRunConfig *config,
                 GError                  **unavailable_error)
{
  /* a job's thread (submit, poll, download, journal) only ever runs on a
   * CPU the window and the player leave free (issue 17) */
  rushes_background_thread_enter_idle ();

  for (;;)
    {
      RushesJobRunResult result;

      if (g_cancellable_is_cancelled (self->cancellable))
        return handle_cancelled (self, backend);

      switch (_rushes_job_get_journal_state (self))
        {
        case RUSHES_JOB_SUBMITTING:
          result = run_submit (self, backend, config, unavailable_error);
          break;
        case RUSHES_JOB_RUNNING:
          result = run_poll (self, backend, config);
          break;
        case RUSHES_JOB_DOWNLOADING:
          result = run_download (self, backend, config);
          break;
        case RUSHES_JOB_QUEUED:
        case RUSHES_JOB_SUCCEEDED:
        case RUSHES_JOB_FAILED:
        case RUSHES_JOB_CANCELLED:
        default:
          return RUSHES_JOB_RUN_DONE;
        }

      if (result != RUSHES_JOB_RUN_CONTINUE)
        return result;
    }
}
