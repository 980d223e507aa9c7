/* rushes-job-queue.c: the jobs of this session, and who runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The object, its list of jobs and the queue API. Which backend runs a job
 * and the worker threads are in rushes-job-queue-scheduler.c, taking up
 * the journal's jobs at start in rushes-job-queue-resume.c.
 */
#define G_LOG_DOMAIN "rushes-job-queue"

#include "config.h"

#include "rushes-core-private.h"
#include "rushes-job-private.h"
#include "rushes-job-queue-private.h"

#define DEFAULT_POLL_MS   1000
#define DEFAULT_RETRY_MS  30000
#define DEFAULT_REQUEST_MS    (120 * 1000)
#define DEFAULT_WAIT_LIMIT_MS (5 * 60 * 1000)

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (RushesJobQueue, rushes_job_queue, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_N_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GListModel */

static GType
queue_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_JOB;
}

static guint
queue_get_n_items (GListModel *model)
{
  return RUSHES_JOB_QUEUE (model)->jobs->len;
}

static gpointer
queue_get_item (GListModel *model,
                guint       position)
{
  RushesJobQueue *self = RUSHES_JOB_QUEUE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = queue_get_item_type;
  iface->get_n_items = queue_get_n_items;
  iface->get_item = queue_get_item;
}

static void
rushes_job_queue_dispose (GObject *object)
{
  RushesJobQueue *self = RUSHES_JOB_QUEUE (object);

  g_clear_handle_id (&self->retry_source, g_source_remove);

  G_OBJECT_CLASS (rushes_job_queue_parent_class)->dispose (object);
}

static void
rushes_job_queue_finalize (GObject *object)
{
  RushesJobQueue *self = RUSHES_JOB_QUEUE (object);

  for (guint i = 0; i < self->jobs->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->jobs, i), self);
  g_ptr_array_unref (self->jobs);
  g_hash_table_unref (self->running);
  g_hash_table_unref (self->down);
  g_clear_object (&self->registry);
  g_clear_object (&self->journal);
  g_clear_object (&self->tag_writer);
  g_free (self->library_dir);

  G_OBJECT_CLASS (rushes_job_queue_parent_class)->finalize (object);
}

static void
rushes_job_queue_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RushesJobQueue *self = RUSHES_JOB_QUEUE (object);

  switch (prop_id)
    {
    case PROP_N_ACTIVE:
      g_value_set_uint (value, self->n_active);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_job_queue_class_init (RushesJobQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rushes_job_queue_dispose;
  object_class->finalize = rushes_job_queue_finalize;
  object_class->get_property = rushes_job_queue_get_property;

  properties[PROP_N_ACTIVE] = g_param_spec_uint ("n-active", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                                                 G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* emitted on the main thread once a job reached succeeded, failed or cancelled */
  signals[JOB_FINISHED] = g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, RUSHES_TYPE_JOB);
}

static void
rushes_job_queue_init (RushesJobQueue *self)
{
  self->owner_thread = g_thread_self ();
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->down = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _rushes_job_queue_down_free);
  self->poll_ms = DEFAULT_POLL_MS;
  self->retry_ms = DEFAULT_RETRY_MS;
  self->request_ms = DEFAULT_REQUEST_MS;
  self->wait_limit_ms = DEFAULT_WAIT_LIMIT_MS;
}

RushesJobQueue *
rushes_job_queue_new (RushesBackendRegistry *registry,
                      RushesJournal         *journal)
{
  RushesJobQueue *self;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (registry), NULL);
  g_return_val_if_fail (RUSHES_IS_JOURNAL (journal), NULL);

  self = g_object_new (RUSHES_TYPE_JOB_QUEUE, NULL);
  self->registry = g_object_ref (registry);
  self->journal = g_object_ref (journal);
  return self;
}

RushesBackendRegistry *
rushes_job_queue_get_registry (RushesJobQueue *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);
  return self->registry;
}

RushesJournal *
rushes_job_queue_get_journal (RushesJobQueue *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);
  return self->journal;
}

void
rushes_job_queue_set_library_dir (RushesJobQueue *self,
                                  const char     *dir)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  RUSHES_ASSERT_OWNER (self);

  g_free (self->library_dir);
  self->library_dir = dir ? g_canonicalize_filename (dir, NULL) : NULL;
}

void
rushes_job_queue_set_tag_writer (RushesJobQueue  *self,
                                 RushesTagWriter *writer)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  g_return_if_fail (writer == NULL || RUSHES_IS_TAG_WRITER (writer));
  RUSHES_ASSERT_OWNER (self);

  g_set_object (&self->tag_writer, writer);
}

const char *
rushes_job_queue_get_library_dir (RushesJobQueue *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);
  return self->library_dir;
}

void
rushes_job_queue_set_poll_interval (RushesJobQueue *self,
                                    guint           ms)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  self->poll_ms = ms;
}

void
rushes_job_queue_set_retry_delay (RushesJobQueue *self,
                                  guint           ms)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  self->retry_ms = ms;
}

void
rushes_job_queue_set_timeouts (RushesJobQueue *self,
                               guint           request_ms,
                               guint           wait_limit_ms)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  self->request_ms = request_ms;
  self->wait_limit_ms = wait_limit_ms;
}

gboolean
rushes_job_queue_is_idle (RushesJobQueue *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), TRUE);
  return self->n_workers == 0;
}

void
_rushes_job_queue_update_n_active (RushesJobQueue *self)
{
  guint n = 0;

  for (guint i = 0; i < self->jobs->len; i++)
    if (!rushes_job_is_finished (g_ptr_array_index (self->jobs, i)))
      n++;
  if (n != self->n_active)
    {
      self->n_active = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIVE]);
    }
}

guint
rushes_job_queue_get_n_active (RushesJobQueue *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), 0);
  return self->n_active;
}

RushesJob *
rushes_job_queue_lookup (RushesJobQueue *self,
                         const char     *id)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);

  for (guint i = 0; i < self->jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (self->jobs, i);

      if (g_strcmp0 (rushes_job_get_id (job), id) == 0)
        return job;
    }
  return NULL;
}

void
_rushes_job_queue_job_finished (RushesJobQueue *self,
                                RushesJob      *job)
{
  rushes_journal_release (self->journal, rushes_job_get_id (job));
  _rushes_job_queue_update_n_active (self);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
}

/* A job finished without a worker (cancelled while queued, no backend…);
 * those with a worker are reported from run_done_cb. */
static void
job_notify_finished_cb (RushesJob      *job,
                        GParamSpec     *pspec,
                        RushesJobQueue *self)
{
  _rushes_job_queue_update_n_active (self);
  if (!rushes_job_is_finished (job) || _rushes_job_get_worker_active (job))
    return;
  /* cancelled while its download waited to resume (backend busy or down):
   * nothing will resume it now */
  if (rushes_job_get_state (job) == RUSHES_JOB_CANCELLED)
    {
      g_autofree char *backend_id = _rushes_job_dup_journal_backend (job);
      RushesBackend *backend = backend_id ? rushes_backend_registry_lookup (self->registry, backend_id) : NULL;

      if (backend != NULL)
        _rushes_job_discard_download (job, backend);
    }
  _rushes_job_queue_job_finished (self, job);
  _rushes_job_queue_schedule (self);
}

void
_rushes_job_queue_append_job (RushesJobQueue *self,
                              RushesJob      *job)
{
  g_signal_connect_object (job, "notify::finished", G_CALLBACK (job_notify_finished_cb), self, 0);
  g_ptr_array_add (self->jobs, g_object_ref (job));
  g_list_model_items_changed (G_LIST_MODEL (self), self->jobs->len - 1, 0, 1);
}

/* Journals and appends; schedules only when asked (a batch schedules once,
 * after all of it is journalled). */
static gboolean
add_job (RushesJobQueue  *self,
         RushesJob       *job,
         gboolean         start,
         GError         **error)
{
  if (!_rushes_job_queue_check_addable (self, rushes_job_get_recipe (job), error))
    return FALSE;

  rushes_journal_claim (self->journal, rushes_job_get_id (job));
  _rushes_job_attach (job, self->journal);
  /* no fsync on the main thread: the job writes its entry once more,
   * synchronously, before it sends anything to a backend */
  _rushes_job_journal_queued (job);

  _rushes_job_queue_append_job (self, job);
  if (start)
    _rushes_job_queue_schedule (self);
  return TRUE;
}

gboolean
rushes_job_queue_add (RushesJobQueue  *self,
                      RushesJob       *job,
                      GError         **error)
{
  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_JOB (job), FALSE);
  g_return_val_if_fail (rushes_job_get_state (job) == RUSHES_JOB_QUEUED, FALSE);
  RUSHES_ASSERT_OWNER (self);

  return add_job (self, job, TRUE, error);
}

RushesJob *
rushes_job_queue_submit (RushesJobQueue  *self,
                         RushesRecipe    *recipe,
                         GError         **error)
{
  g_autoptr(RushesJob) job = NULL;

  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);

  job = rushes_job_new (recipe);
  if (!rushes_job_queue_add (self, job, error))
    return NULL;
  return job;  /* the queue holds a reference */
}

GPtrArray *
rushes_job_queue_submit_variations (RushesJobQueue  *self,
                                    RushesRecipe    *recipe,
                                    guint            n,
                                    GError         **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 seed;

  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (n >= 1, NULL);
  RUSHES_ASSERT_OWNER (self);

  if (!_rushes_job_queue_check_addable (self, recipe, error))
    return NULL;

  seed = rushes_recipe_get_seed (recipe);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesRecipe) variation = rushes_recipe_copy (recipe);

      if (seed != RUSHES_RECIPE_SEED_RANDOM)
        rushes_recipe_set_seed (variation, seed + i);
      g_ptr_array_add (jobs, rushes_job_new (variation));
      if (n > 1)
        rushes_job_set_variation (g_ptr_array_index (jobs, i), i + 1);
    }

  /* All journalled before any starts: a job's entry is fsynced on this
   * (the main) thread, and with the first variations already downloading
   * on the same disk each fsync took tens of milliseconds (measured by
   * bench/responsiveness). And a failure now cancels jobs that never
   * reached a backend. */
  for (guint i = 0; i < jobs->len; i++)
    if (!add_job (self, g_ptr_array_index (jobs, i), FALSE, error))
      {
        /* keep what was queued consistent: cancel the ones already in */
        for (guint j = 0; j < i; j++)
          rushes_job_cancel (g_ptr_array_index (jobs, j));
        _rushes_job_queue_schedule (self);
        return NULL;
      }

  _rushes_job_queue_schedule (self);
  return g_steal_pointer (&jobs);
}

void
rushes_job_queue_cancel_all (RushesJobQueue *self)
{
  g_autoptr(GPtrArray) snapshot = NULL;

  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  RUSHES_ASSERT_OWNER (self);

  snapshot = g_ptr_array_copy (self->jobs, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (snapshot, g_object_unref);
  for (guint i = 0; i < snapshot->len; i++)
    {
      rushes_job_cancel (g_ptr_array_index (snapshot, i));
    }
}

void
rushes_job_queue_remove_finished (RushesJobQueue *self)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  RUSHES_ASSERT_OWNER (self);

  for (guint i = self->jobs->len; i > 0; i--)
    {
      RushesJob *job = g_ptr_array_index (self->jobs, i - 1);

      if (!rushes_job_is_finished (job) || _rushes_job_get_worker_active (job))
        continue;
      rushes_journal_remove (self->journal, rushes_job_get_id (job), NULL);
      g_ptr_array_remove_index (self->jobs, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
    }
}

void
rushes_job_queue_shutdown (RushesJobQueue *self)
{
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (self));
  RUSHES_ASSERT_OWNER (self);

  self->shutting_down = TRUE;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  for (guint i = 0; i < self->jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (self->jobs, i);

      if (_rushes_job_get_worker_active (job))
        _rushes_job_detach (job);
    }
}
