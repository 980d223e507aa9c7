/* rushes-job-flush.c: how a job's changes reach the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One source per job, attached to the job's context when the job is made
 * and never again. Workers only set its flags (atomically) and wake the
 * context (an eventfd write: no lock); the main thread takes the job's
 * lock with trylock and tries again a little later while a worker holds
 * it, so it never waits behind a worker (which runs at idle priority and
 * may be preempted holding the lock) nor behind a worker attaching a
 * source (the context's own lock).
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include "rushes-job-private.h"

#define FLUSH_INTERVAL_USEC (100 * G_TIME_SPAN_MILLISECOND)

#define FLUSH_DIRTY  (1 << 0)
#define FLUSH_URGENT (1 << 1)
#define FLUSH_RETRY_USEC (2 * G_TIME_SPAN_MILLISECOND)

typedef struct
{
  GSource    source;
  /* Not owned: whoever sets flags from 0 holds a reference for them, which
   * the flush drops, so the job lives while an update is pending (and job
   * is only used then). */
  RushesJob *job;
  guint      flags;       /* atomic: FLUSH_DIRTY | FLUSH_URGENT */
  gint64     last_flush;  /* main thread */
  gint64     retry_at;    /* main thread: the lock was busy; 0: not */
} FlushSource;

/* when the pending update is due (0: now), or -1 when there is none */
static gint64
flush_source_due (FlushSource *fs)
{
  guint flags = (guint) g_atomic_int_get (&fs->flags);
  gint64 due = 0;

  if (flags == 0)
    return -1;
  if (!(flags & FLUSH_URGENT) && fs->last_flush != 0)
    due = fs->last_flush + FLUSH_INTERVAL_USEC;
  return MAX (due, fs->retry_at);
}

static gboolean
flush_source_prepare (GSource *source,
                      gint    *timeout)
{
  gint64 due = flush_source_due ((FlushSource *) source);
  gint64 now;

  *timeout = -1;
  if (due < 0)
    return FALSE;
  now = g_source_get_time (source);
  if (due <= now)
    return TRUE;
  *timeout = (gint) ((due - now + 999) / 1000);
  return FALSE;
}

static gboolean
flush_source_check (GSource *source)
{
  gint64 due = flush_source_due ((FlushSource *) source);

  return due >= 0 && due <= g_source_get_time (source);
}

/* Takes the posted flags (and the reference that comes with them) and
 * flushes. FALSE when the lock was busy and wait is not set: the flags and
 * the reference are given back. */
static gboolean
flush_pending (FlushSource *fs,
               RushesJob   *self,
               gboolean     wait)
{
  guint flags = g_atomic_int_and (&fs->flags, 0);

  if (!_rushes_job_flush_to_mirror (self, wait))
    {
      /* give them back; a worker that posted meanwhile holds its own
       * reference */
      if (flags != 0 && g_atomic_int_or (&fs->flags, flags) != 0)
        g_object_unref (self);
      fs->retry_at = g_get_monotonic_time () + FLUSH_RETRY_USEC;
      return FALSE;
    }
  fs->retry_at = 0;
  fs->last_flush = g_get_monotonic_time ();
  if (flags != 0)
    g_object_unref (self);
  return TRUE;
}

static gboolean
flush_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  FlushSource *fs = (FlushSource *) source;

  /* only this thread clears flags: they are set, with their reference */
  flush_pending (fs, fs->job, FALSE);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs flush_source_funcs = {
  flush_source_prepare,
  flush_source_check,
  flush_source_dispatch,
  NULL, NULL, NULL,
};

GSource *
_rushes_job_flush_source_new (RushesJob *self)
{
  GSource *source = g_source_new (&flush_source_funcs, sizeof (FlushSource));

  ((FlushSource *) source)->job = self;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_static_name (source, "[rushes] job flush");
  g_source_attach (source, self->context);
  return source;
}

void
_rushes_job_post_update (RushesJob *self,
                         gboolean   urgent)
{
  FlushSource *fs = (FlushSource *) self->flush_source;
  guint bits = FLUSH_DIRTY | (urgent ? FLUSH_URGENT : 0);
  guint old;

  /* the reference first: the main thread may take the flags at once */
  g_object_ref (self);
  old = g_atomic_int_or (&fs->flags, bits);
  if (old != 0)
    g_object_unref (self);  /* one is held already; never the last */
  if (old == 0 || (urgent && !(old & FLUSH_URGENT)))
    g_main_context_wakeup (self->context);  /* writes an eventfd: no lock */
}

void
_rushes_job_flush (RushesJob *self)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  flush_pending ((FlushSource *) self->flush_source, self, TRUE);
}
