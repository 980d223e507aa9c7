/* rushes-job-queue.c: the jobs of this session, and who runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: everything here runs on the main thread except run_thread(),
 * which only calls _rushes_job_run() (the job posts its own state back).
 */
#define G_LOG_DOMAIN "rushes-job-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-background.h"
#include "rushes-core-private.h"
#include "rushes-job-private.h"
#include "rushes-job-queue.h"

#define DEFAULT_POLL_MS   1000
#define LOCAL_POLL_MS     100
#define DEFAULT_RETRY_MS  30000
#define NOTE_KEY          "rushes-queue-note"

typedef struct
{
  gint64  until;   /* monotonic */
  char   *reason;
} Down;

struct _RushesJobQueue
{
  GObject                parent_instance;

  GThread               *owner_thread;
  RushesBackendRegistry *registry;
  RushesJournal         *journal;
  GPtrArray             *jobs;       /* RushesJob */
  GHashTable            *running;    /* backend id → count */
  GHashTable            *down;       /* backend id → Down */
  char                  *library_dir;
  RushesTagWriter       *tag_writer;  /* may be NULL */
  guint                  poll_ms;
  guint                  retry_ms;
  guint                  retry_source;
  gboolean               shutting_down;
  guint                  n_active;
};

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

static void schedule (RushesJobQueue *self);

static void
down_free (gpointer data)
{
  Down *down = data;

  g_free (down->reason);
  g_free (down);
}

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
  self->down = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, down_free);
  self->poll_ms = DEFAULT_POLL_MS;
  self->retry_ms = DEFAULT_RETRY_MS;
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

static void
update_n_active (RushesJobQueue *self)
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
  schedule (self);
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
  guint               poll_ms;
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

  run->result = _rushes_job_run (run->job, run->backend, run->poll_ms, &run->unavailable);
  g_task_return_boolean (task, TRUE);
}

static void
job_finished (RushesJobQueue *self,
              RushesJob      *job)
{
  rushes_journal_release (self->journal, rushes_job_get_id (job));
  update_n_active (self);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
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
    job_finished (self, job);

  schedule (self);
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
  run->poll_ms = rushes_backend_is_remote (backend) ? self->poll_ms : MIN (self->poll_ms, LOCAL_POLL_MS);

  _rushes_job_set_worker_active (job, TRUE);
  add_running (self, rushes_backend_get_id (backend), 1);

  task = g_task_new (self, NULL, run_done_cb, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, run, run_data_free);
  return g_steal_pointer (&task);
}

static void
schedule (RushesJobQueue *self)
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
  update_n_active (self);
}

/* public */

static gboolean
check_addable (RushesJobQueue  *self,
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

/* A job finished without a worker (cancelled while queued, no backend…);
 * those with a worker are reported from run_done_cb. */
static void
job_notify_finished_cb (RushesJob      *job,
                        GParamSpec     *pspec,
                        RushesJobQueue *self)
{
  update_n_active (self);
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
  job_finished (self, job);
  schedule (self);
}

static void
append_job (RushesJobQueue *self,
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
  if (!check_addable (self, rushes_job_get_recipe (job), error))
    return FALSE;

  rushes_journal_claim (self->journal, rushes_job_get_id (job));
  _rushes_job_attach (job, self->journal);
  /* no fsync on the main thread: the job writes its entry once more,
   * synchronously, before it sends anything to a backend */
  _rushes_job_journal_queued (job);

  append_job (self, job);
  if (start)
    schedule (self);
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

  if (!check_addable (self, recipe, error))
    return NULL;

  seed = rushes_recipe_get_seed (recipe);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesRecipe) variation = rushes_recipe_copy (recipe);

      if (seed != RUSHES_RECIPE_SEED_RANDOM)
        rushes_recipe_set_seed (variation, seed + i);
      g_ptr_array_add (jobs, rushes_job_new (variation));
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
        schedule (self);
        return NULL;
      }

  schedule (self);
  return g_steal_pointer (&jobs);
}

guint
rushes_job_queue_resume (RushesJobQueue      *self,
                         RushesJobFilterFunc  filter,
                         gpointer             user_data)
{
  g_autoptr(GPtrArray) entries = NULL;
  guint n = 0;

  g_return_val_if_fail (RUSHES_IS_JOB_QUEUE (self), 0);
  RUSHES_ASSERT_OWNER (self);

  entries = rushes_journal_load (self->journal);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));
      const char *id = json_object_get_string_member (entry, "id");
      const char *state_str = json_object_get_string_member_with_default (entry, "state", NULL);
      g_autoptr(RushesJob) job = NULL;
      g_autoptr(GError) error = NULL;
      RushesJobState state;

      if (rushes_job_queue_lookup (self, id) != NULL)
        continue;
      if (!rushes_journal_claim (self->journal, id))
        continue;  /* another process is running it */

      if (rushes_job_state_from_string (state_str, &state) && rushes_job_state_is_finished (state))
        {
          /* done and reported: the take (if any) is in the library */
          rushes_journal_remove (self->journal, id, NULL);
          rushes_journal_release (self->journal, id);
          continue;
        }

      job = _rushes_job_new_from_journal (entry, &error);
      if (job == NULL)
        {
          rushes_journal_set_aside (self->journal, id, error->message);
          rushes_journal_release (self->journal, id);
          continue;
        }
      if (filter != NULL && !filter (job, user_data))
        {
          rushes_journal_release (self->journal, id);
          continue;
        }

      _rushes_job_attach (job, self->journal);
      append_job (self, job);
      n++;
    }

  schedule (self);
  return n;
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
