/* rushes-background-task-pool.c: streaming threads at background priority
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GstTaskPool whose every task gets a thread of its own that runs at
 * background priority (rushes_background_thread_enter()) and ends with the
 * task. Pipelines that work for the library rather than for the viewer
 * (thumbnails, filmstrips, waveforms) use it, see
 * _rushes_media_make_background(); playback keeps GStreamer's default pool.
 * Not GStreamer's default pool with lowered threads: that pool's threads
 * are shared with every non-exclusive GThreadPool in the process, and a
 * thread's priority cannot be raised again.
 */
#define G_LOG_DOMAIN "rushes-media"

#include "config.h"

#include "rushes-background.h"
#include "rushes-background-task-pool.h"

GST_DEBUG_CATEGORY_STATIC (rushes_background_task_pool_debug);
#define GST_CAT_DEFAULT rushes_background_task_pool_debug

struct _RushesBackgroundTaskPool
{
  GstTaskPool parent_instance;
};

G_DEFINE_FINAL_TYPE (RushesBackgroundTaskPool, rushes_background_task_pool, GST_TYPE_TASK_POOL)

typedef struct
{
  GstTaskPoolFunction func;
  gpointer            user_data;
} Item;

static gpointer
thread_func (gpointer data)
{
  Item item = *(Item *) data;

  g_free (data);
  rushes_background_thread_enter ();
  item.func (item.user_data);
  return NULL;
}

static void
rushes_background_task_pool_prepare (GstTaskPool  *pool,
                                     GError      **error)
{
  /* nothing to set up: threads are made per task */
}

static void
rushes_background_task_pool_cleanup (GstTaskPool *pool)
{
}

static gpointer
rushes_background_task_pool_push (GstTaskPool          *pool,
                                  GstTaskPoolFunction   func,
                                  gpointer              user_data,
                                  GError              **error)
{
  Item *item = g_new (Item, 1);
  GThread *thread;

  item->func = func;
  item->user_data = user_data;
  thread = g_thread_try_new ("rushes-bg-stream", thread_func, item, error);
  if (thread == NULL)
    g_free (item);
  return thread;
}

static void
rushes_background_task_pool_join (GstTaskPool *pool,
                                  gpointer     id)
{
  if (id != NULL)
    g_thread_join (id);
}

static void
rushes_background_task_pool_class_init (RushesBackgroundTaskPoolClass *klass)
{
  GstTaskPoolClass *pool_class = GST_TASK_POOL_CLASS (klass);

  pool_class->prepare = rushes_background_task_pool_prepare;
  pool_class->cleanup = rushes_background_task_pool_cleanup;
  pool_class->push = rushes_background_task_pool_push;
  pool_class->join = rushes_background_task_pool_join;

  GST_DEBUG_CATEGORY_INIT (rushes_background_task_pool_debug, "rushes-background-task-pool", 0,
                           "Rushes background task pool");
}

static void
rushes_background_task_pool_init (RushesBackgroundTaskPool *self)
{
}

/**
 * rushes_background_task_pool_get_default:
 *
 * Returns: (transfer none): the process's background task pool
 */
GstTaskPool *
rushes_background_task_pool_get_default (void)
{
  static gsize pool;

  if (g_once_init_enter (&pool))
    {
      GstTaskPool *p = g_object_new (RUSHES_TYPE_BACKGROUND_TASK_POOL, NULL);

      gst_object_ref_sink (p);
      g_once_init_leave (&pool, (gsize) p);
    }
  return (GstTaskPool *) pool;
}
