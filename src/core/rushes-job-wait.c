/* rushes-job-wait.c: what a job's worker does about silences and problems
 * that time may fix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A remote call is watched: when it goes silent (no answer, no progress)
 * for the request timeout it is cut off and counts as "unavailable", so a
 * server that accepts a connection and never answers does not hang the
 * job. Between tries the worker sleeps with a growing delay. And a failed
 * download is told apart: a local problem (disk full, no permission) is
 * waited out, the server's refusal is not. Downloads take one of a few
 * slots (per process), so that a Generate of 20 variations does not start
 * 20 downloads that each want a CPU on a small machine.
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/statvfs.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-job-private.h"

#define SLOW_FACTOR    30                  /* slow polling: 30 poll intervals */
#define LOW_SPACE      (1024 * 1024)       /* below this a folder counts as full */
#define SLOT_CHECK_MS  50                  /* a job waiting for a slot sees its cancel this fast */

/* Shared (refcounted) with the watch source on the main context, which
 * touches only the first five fields. */
struct _RushesJobCall
{
  GCancellable *cancellable;      /* the call's own */
  gint64        started;          /* monotonic, µs */
  gint          alive_ms;         /* atomic: last sign of life, ms after started */
  gint          fired;            /* atomic: cut off for its silence */
  guint         request_ms;

  /* the worker's */
  GCancellable *job_cancellable;
  gulong        handler;
  GSource      *source;
};

static void
call_box_clear (gpointer data)
{
  RushesJobCall *call = data;

  g_clear_object (&call->cancellable);
}

static void
call_box_release (gpointer data)
{
  g_rc_box_release_full (data, call_box_clear);
}

static gboolean
watch_cb (gpointer data)
{
  RushesJobCall *call = data;
  gint64 silent_ms = (g_get_monotonic_time () - call->started) / 1000 - g_atomic_int_get (&call->alive_ms);

  if (silent_ms < call->request_ms)
    return G_SOURCE_CONTINUE;
  g_atomic_int_set (&call->fired, TRUE);
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

static void
job_cancelled_cb (GCancellable *job_cancellable,
                  gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

RushesJobCall *
_rushes_job_call_begin (RushesJob *self,
                        guint      request_ms)
{
  RushesJobCall *call = g_rc_box_new0 (RushesJobCall);

  call->cancellable = g_cancellable_new ();
  call->started = g_get_monotonic_time ();
  call->request_ms = request_ms;

  call->job_cancellable = g_object_ref (self->cancellable);
  call->handler = g_cancellable_connect (self->cancellable, G_CALLBACK (job_cancelled_cb),
                                         g_object_ref (call->cancellable), g_object_unref);
  if (request_ms > 0)
    {
      /* on the main context, which the application and the command line run */
      call->source = g_timeout_source_new (CLAMP (request_ms / 4, 10, 1000));
      g_source_set_static_name (call->source, "[rushes] job call watch");
      g_source_set_callback (call->source, watch_cb, g_rc_box_acquire (call), call_box_release);
      g_source_attach (call->source, self->context);
    }
  return call;
}

GCancellable *
_rushes_job_call_get_cancellable (RushesJobCall *call)
{
  return call->cancellable;
}

void
_rushes_job_call_alive (RushesJobCall *call)
{
  if (call != NULL)
    g_atomic_int_set (&call->alive_ms, (gint) ((g_get_monotonic_time () - call->started) / 1000));
}

gboolean
_rushes_job_call_end (RushesJobCall  *call,
                      RushesBackend  *backend,
                      GError        **error)
{
  gboolean fired;

  g_cancellable_disconnect (call->job_cancellable, call->handler);
  if (call->source != NULL)
    {
      g_source_destroy (call->source);
      g_clear_pointer (&call->source, g_source_unref);
    }
  fired = g_atomic_int_get (&call->fired) && !g_cancellable_is_cancelled (call->job_cancellable);
  g_clear_object (&call->job_cancellable);

  /* cut off for its silence, not by the user: the server did not answer */
  if (fired && error != NULL && *error != NULL)
    {
      g_clear_error (error);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE,
                   _("%s did not answer within %u s"),
                   rushes_backend_get_display_name (backend), (call->request_ms + 999) / 1000);
    }
  call_box_release (call);
  return fired;
}

gboolean
_rushes_job_sleep (GCancellable *cancellable,
                   guint         ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * G_TIME_SPAN_MILLISECOND;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      g_usleep (MIN (20, ms) * G_TIME_SPAN_MILLISECOND);
    }
  return !g_cancellable_is_cancelled (cancellable);
}

guint
_rushes_job_slow_interval (const RushesJobRunConfig *config)
{
  return MAX (config->poll_ms, 10) * SLOW_FACTOR;
}

gboolean
_rushes_job_wait_retry (RushesJob                *self,
                        const RushesJobRunConfig *config,
                        gboolean                  slow)
{
  guint slowest = _rushes_job_slow_interval (config);
  guint delay = MAX (config->poll_ms, 10);
  guint round;

  g_mutex_lock (&self->lock);
  round = ++self->w.wait_round;
  g_mutex_unlock (&self->lock);

  /* 2, 4, 8… poll intervals, up to the slow interval */
  for (guint i = 0; i < round && delay < slowest; i++)
    delay *= 2;
  return _rushes_job_sleep (self->cancellable, slow ? slowest : MIN (delay, slowest));
}

void
_rushes_job_step_worked (RushesJob *self)
{
  gboolean was_waiting;

  g_mutex_lock (&self->lock);
  self->w.wait_round = 0;
  was_waiting = self->w.waiting != NULL;
  g_mutex_unlock (&self->lock);
  if (was_waiting)
    _rushes_job_set_waiting (self, NULL);
}

static gboolean
message_has_errno (const GError *error,
                   int           err)
{
  return error != NULL && strstr (error->message, g_strerror (err)) != NULL;
}

char *
_rushes_job_local_problem (const char   *dir,
                           const GError *error)
{
  static const int local_errnos[] = { ENOSPC, EDQUOT, EROFS, EACCES, EPERM };
  struct statvfs fs;

  if (error != NULL && error->domain == G_IO_ERROR &&
      (error->code == G_IO_ERROR_NO_SPACE || error->code == G_IO_ERROR_PERMISSION_DENIED ||
       error->code == G_IO_ERROR_READ_ONLY))
    return g_strdup (error->message);
  /* a write error in the backend's words ("Could not write the download: …") */
  for (guint i = 0; i < G_N_ELEMENTS (local_errnos); i++)
    if (message_has_errno (error, local_errnos[i]))
      return g_strdup (error->message);

  /* or the folder says it */
  if (g_access (dir, W_OK) != 0)
    {
      int saved_errno = errno;

      return g_strdup (g_strerror (saved_errno));
    }
  if (statvfs (dir, &fs) == 0 && (guint64) fs.f_bavail * fs.f_frsize < LOW_SPACE)
    return g_strdup (g_strerror (ENOSPC));
  return NULL;
}

/* download slots */

static GMutex slots_lock;
static GCond  slots_cond;
static guint  slots_used;
static guint  slots_max;   /* 0: the default */

void
_rushes_job_set_max_downloads (guint max)
{
  g_mutex_lock (&slots_lock);
  slots_max = max;
  g_cond_broadcast (&slots_cond);
  g_mutex_unlock (&slots_lock);
}

/* lock held */
static guint
max_downloads_locked (void)
{
  /* Four at least: one Generate's usual variations download together (on
   * 2 CPUs, two at a time stalled the window more, not less: the first
   * takes' finishing then overlapped the next downloads, and the phase
   * lasted twice as long; bench/responsiveness --max-downloads 2 vs 4).
   * More on a bigger machine, never dozens at once. */
  return slots_max > 0 ? slots_max : CLAMP (g_get_num_processors (), 4, 8);
}

guint
_rushes_job_get_max_downloads (void)
{
  guint max;

  g_mutex_lock (&slots_lock);
  max = max_downloads_locked ();
  g_mutex_unlock (&slots_lock);
  return max;
}

static gboolean
try_take_slot (void)
{
  gboolean taken = FALSE;

  g_mutex_lock (&slots_lock);
  if (slots_used < max_downloads_locked ())
    {
      slots_used++;
      taken = TRUE;
    }
  g_mutex_unlock (&slots_lock);
  return taken;
}

gboolean
_rushes_job_download_slot_acquire (RushesJob *self)
{
  gboolean taken = FALSE;

  if (try_take_slot ())
    return TRUE;

  /* journalled and shown: the job is downloading, and waits its turn */
  _rushes_job_set_waiting (self, _("Waiting for a download slot"));
  g_mutex_lock (&slots_lock);
  while (!g_cancellable_is_cancelled (self->cancellable))
    {
      if (slots_used < max_downloads_locked ())
        {
          slots_used++;
          taken = TRUE;
          break;
        }
      g_cond_wait_until (&slots_cond, &slots_lock,
                         g_get_monotonic_time () + SLOT_CHECK_MS * G_TIME_SPAN_MILLISECOND);
    }
  g_mutex_unlock (&slots_lock);
  if (taken)
    {
      _rushes_job_set_waiting (self, NULL);
      _rushes_job_set_status (self, _("Downloading"));
    }
  return taken;
}

void
_rushes_job_download_slot_release (void)
{
  g_mutex_lock (&slots_lock);
  if (slots_used > 0)
    slots_used--;
  else
    g_critical ("a download slot was released twice");
  g_cond_broadcast (&slots_cond);
  g_mutex_unlock (&slots_lock);
}
