/* rushes-background.c: background work yields to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * On a small machine the main thread (drawing, input, playback control)
 * competes for a CPU with downloads, decoders making thumbnails and the
 * like. Background work runs on threads of lower priority, so that the main
 * thread and playback go first (bench/responsiveness).
 *
 * On Linux nice is per thread, and an unprivileged thread cannot raise its
 * priority again. So background work never runs on threads that something
 * else may later use: not on GLib's shared pool behind
 * g_task_run_in_thread() (its threads are shared by every non-exclusive
 * GThreadPool, GStreamer's default task pool among them, which runs
 * playback), only on the threads made here: an exclusive pool for short
 * work and a thread of its own for long work such as a job.
 */
#define _GNU_SOURCE 1  /* SCHED_IDLE */

#define G_LOG_DOMAIN "rushes-core"

#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "rushes-background.h"

/* short work at once: thumbnails, waveforms, probes, library scans */
#define POOL_THREADS 4

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Work;

/**
 * rushes_background_thread_enter:
 *
 * Lowers the calling thread's CPU priority to %RUSHES_BACKGROUND_NICE
 * (never raises it). Only for threads that do nothing but background work.
 */
void
rushes_background_thread_enter (void)
{
#ifdef __linux__
  id_t tid = (id_t) syscall (SYS_gettid);
  int now;

  errno = 0;
  now = getpriority (PRIO_PROCESS, tid);
  if (errno != 0 || now >= RUSHES_BACKGROUND_NICE)
    return;
  if (setpriority (PRIO_PROCESS, tid, RUSHES_BACKGROUND_NICE) != 0)
    g_debug ("could not lower a background thread's priority: %s", g_strerror (errno));
#endif
}

/**
 * rushes_background_thread_enter_idle:
 *
 * Puts the calling thread under SCHED_IDLE, so that it runs only on a CPU
 * nothing else wants: the window's main thread and the player's GStreamer
 * threads always go first. Where the kernel refuses, the thread gets
 * nice 19 instead. For threads that do nothing but background work
 * (a job's thread, a download); never lowers the process's main thread.
 *
 * Returns: whether the thread now runs at idle or nice 19 priority
 */
gboolean
rushes_background_thread_enter_idle (void)
{
#ifdef __linux__
  pid_t tid = (pid_t) syscall (SYS_gettid);
  struct sched_param param = { 0 };

  if (tid == getpid ())
    return FALSE;
  if (sched_getscheduler (0) == SCHED_IDLE)
    return TRUE;
  /* 0: this thread only (the scheduling policy is per thread on Linux) */
  if (sched_setscheduler (0, SCHED_IDLE, &param) == 0)
    return TRUE;
  g_debug ("could not put a background thread under SCHED_IDLE: %s", g_strerror (errno));
  if (setpriority (PRIO_PROCESS, (id_t) tid, 19) == 0)
    return TRUE;
  g_debug ("could not lower a background thread's priority: %s", g_strerror (errno));
#endif
  return FALSE;
}

static void
work_run (Work *work)
{
  rushes_background_thread_enter ();
  work->func (work->task,
              g_task_get_source_object (work->task),
              g_task_get_task_data (work->task),
              g_task_get_cancellable (work->task));
  g_object_unref (work->task);
  g_free (work);
}

static void
pool_func (gpointer data,
           gpointer user_data)
{
  work_run (data);
}

static gpointer
thread_func (gpointer data)
{
  work_run (data);
  return NULL;
}

static Work *
work_new (GTask           *task,
          GTaskThreadFunc  func)
{
  Work *work = g_new (Work, 1);

  work->task = g_object_ref (task);
  work->func = func;
  return work;
}

/**
 * rushes_background_run:
 * @task: the task; @func must return its result
 * @func: the work
 *
 * Like g_task_run_in_thread() for short background work: runs @func on one
 * of a few background threads (first come, first served).
 */
void
rushes_background_run (GTask           *task,
                       GTaskThreadFunc  func)
{
  static gsize pool;

  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  if (g_once_init_enter (&pool))
    {
      GThreadPool *p = g_thread_pool_new (pool_func, NULL, POOL_THREADS, TRUE, NULL);

      g_once_init_leave (&pool, (gsize) p);
    }
  g_thread_pool_push ((GThreadPool *) pool, work_new (task, func), NULL);
}

/**
 * rushes_background_run_long:
 * @task: the task; @func must return its result
 * @func: the work
 *
 * Like g_task_run_in_thread() for long background work (a job: minutes of
 * waiting and downloading): runs @func on a background thread of its own.
 */
void
rushes_background_run_long (GTask           *task,
                            GTaskThreadFunc  func)
{
  g_return_if_fail (G_IS_TASK (task));
  g_return_if_fail (func != NULL);

  g_thread_unref (g_thread_new ("rushes-job", thread_func, work_new (task, func)));
}
