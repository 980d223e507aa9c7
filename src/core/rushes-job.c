/* rushes-job.c: one take being made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: a job has two copies of its state. `w` is the truth, shared with
 * the worker under `lock`; every change to it that matters is journalled
 * before it is acted on. The plain fields are the main thread's mirror,
 * which the properties return; the job's one flush source on the main
 * context copies `w` into them (state changes at once, in order; progress
 * at most every 100 ms). Workers never attach a source and the main thread
 * never waits for `lock` there (rushes-job-flush.c).
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-job-private.h"
#include "rushes-take.h"

G_DEFINE_ENUM_TYPE (RushesJobState, rushes_job_state,
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_SUBMITTING, "submitting"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_DOWNLOADING, "downloading"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_CANCELLED, "cancelled"))

G_DEFINE_QUARK (rushes-job-error-quark, rushes_job_error)

G_DEFINE_TYPE (RushesJob, rushes_job, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_RECIPE,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_ETA,
  PROP_STATUS,
  PROP_ERROR_MESSAGE,
  PROP_BACKEND_ID,
  PROP_REMOTE_ID,
  PROP_TAKE_PATH,
  PROP_WAITING_REASON,
  PROP_FINISHED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
rushes_job_state_to_string (RushesJobState state)
{
  GEnumClass *klass = g_type_class_ref (RUSHES_TYPE_JOB_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  g_type_class_unref (klass);
  return value ? value->value_nick : "unknown";
}

gboolean
rushes_job_state_from_string (const char     *str,
                              RushesJobState *state)
{
  GEnumClass *klass;
  GEnumValue *value;

  if (str == NULL)
    return FALSE;
  klass = g_type_class_ref (RUSHES_TYPE_JOB_STATE);
  value = g_enum_get_value_by_nick (klass, str);
  g_type_class_unref (klass);
  if (value == NULL)
    return FALSE;
  *state = value->value;
  return TRUE;
}

gboolean
rushes_job_state_is_finished (RushesJobState state)
{
  return state == RUSHES_JOB_SUCCEEDED || state == RUSHES_JOB_FAILED || state == RUSHES_JOB_CANCELLED;
}

static void
rushes_job_finalize (GObject *object)
{
  RushesJob *self = RUSHES_JOB (object);

  g_free (self->id);
  g_clear_object (&self->recipe);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_free (self->output_path);
  g_free (self->sweep);
  g_free (self->sweep_id);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->journal);
  g_clear_object (&self->tag_writer);

  g_free (self->status);
  g_clear_error (&self->error);
  g_free (self->backend_id);
  g_free (self->remote_id);
  g_free (self->take_path);
  g_free (self->waiting);

  g_free (self->w.status);
  g_clear_error (&self->w.error);
  g_free (self->w.backend_id);
  g_free (self->w.remote_id);
  g_free (self->w.take_path);
  g_free (self->w.library_dir);
  g_free (self->w.waiting);
  g_strfreev (self->w.results);
  g_array_unref (self->w.pending);
  /* no update is pending (it would hold a reference) */
  g_source_destroy (self->flush_source);
  g_source_unref (self->flush_source);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_job_parent_class)->finalize (object);
}

static void
rushes_job_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  RushesJob *self = RUSHES_JOB (object);

  switch (prop_id)
    {
    case PROP_ID:            g_value_set_string (value, self->id); break;
    case PROP_RECIPE:        g_value_set_object (value, self->recipe); break;
    case PROP_STATE:         g_value_set_enum (value, self->state); break;
    case PROP_PROGRESS:      g_value_set_double (value, self->progress); break;
    case PROP_ETA:           g_value_set_double (value, self->eta); break;
    case PROP_STATUS:        g_value_set_string (value, self->status); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, rushes_job_get_error_message (self)); break;
    case PROP_BACKEND_ID:    g_value_set_string (value, self->backend_id); break;
    case PROP_REMOTE_ID:     g_value_set_string (value, self->remote_id); break;
    case PROP_TAKE_PATH:     g_value_set_string (value, self->take_path); break;
    case PROP_WAITING_REASON: g_value_set_string (value, self->waiting); break;
    case PROP_FINISHED:      g_value_set_boolean (value, rushes_job_state_is_finished (self->state)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_job_class_init (RushesJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rushes_job_finalize;
  object_class->get_property = rushes_job_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_RECIPE] = g_param_spec_object ("recipe", NULL, NULL, RUSHES_TYPE_RECIPE, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RUSHES_TYPE_JOB_STATE, RUSHES_JOB_QUEUED, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_ETA] = g_param_spec_double ("eta", NULL, NULL, -1, G_MAXDOUBLE, -1, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_BACKEND_ID] = g_param_spec_string ("backend-id", NULL, NULL, NULL, flags);
  properties[PROP_REMOTE_ID] = g_param_spec_string ("remote-id", NULL, NULL, NULL, flags);
  properties[PROP_TAKE_PATH] = g_param_spec_string ("take-path", NULL, NULL, NULL, flags);
  properties[PROP_WAITING_REASON] = g_param_spec_string ("waiting-reason", NULL, NULL, NULL, flags);
  properties[PROP_FINISHED] = g_param_spec_boolean ("finished", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_job_init (RushesJob *self)
{
  g_mutex_init (&self->lock);
  self->owner_thread = g_thread_self ();
  self->context = g_main_context_ref_thread_default ();
  self->cancellable = g_cancellable_new ();
  self->state = RUSHES_JOB_QUEUED;
  self->eta = -1;
  self->w.state = RUSHES_JOB_QUEUED;
  self->w.eta = -1;
  self->w.pending = g_array_new (FALSE, FALSE, sizeof (RushesJobState));
  self->flush_source = _rushes_job_flush_source_new (self);
}

RushesJob *
rushes_job_new (RushesRecipe *recipe)
{
  RushesJob *self;

  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);

  self = g_object_new (RUSHES_TYPE_JOB, NULL);
  self->id = g_uuid_string_random ();
  self->recipe = rushes_recipe_copy (recipe);
  rushes_recipe_resolve_seed (self->recipe);
  self->created = g_date_time_new_now_local ();

  return self;
}

/* accessors (main thread) */

const char *
rushes_job_get_id (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->id;
}

RushesRecipe *
rushes_job_get_recipe (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->recipe;
}

RushesJobState
rushes_job_get_state (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), RUSHES_JOB_FAILED);
  return self->state;
}

gboolean
rushes_job_is_finished (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), TRUE);
  return rushes_job_state_is_finished (self->state);
}

double
rushes_job_get_progress (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), 0);
  return self->progress;
}

double
rushes_job_get_eta (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), -1);
  return self->eta;
}

const char *
rushes_job_get_status (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->status;
}

const char *
rushes_job_get_waiting_reason (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->waiting;
}

const GError *
rushes_job_get_error (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->error;
}

const char *
rushes_job_get_error_message (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->error ? self->error->message : NULL;
}

const char *
rushes_job_get_backend_id (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->backend_id;
}

const char *
rushes_job_get_remote_id (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->remote_id;
}

const char *
rushes_job_get_take_path (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->take_path;
}

GDateTime *
rushes_job_get_created (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->created;
}

const char *
rushes_job_get_output_path (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->output_path;
}

void
rushes_job_set_output_path (RushesJob  *self,
                            const char *path)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_return_if_fail (self->journal == NULL);  /* before it is queued */

  g_free (self->output_path);
  self->output_path = path ? g_canonicalize_filename (path, NULL) : NULL;
}

guint
rushes_job_get_variation (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), 0);
  return self->variation;
}

void
rushes_job_set_variation (RushesJob *self,
                          guint      variation)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_return_if_fail (self->journal == NULL);  /* before it is queued */

  self->variation = variation;
}

JsonObject *
_rushes_job_dup_sweep (RushesJob *self)
{
  g_autoptr(JsonNode) node = NULL;

  if (self->sweep == NULL)
    return NULL;
  node = json_from_string (self->sweep, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

JsonObject *
rushes_job_dup_sweep (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return _rushes_job_dup_sweep (self);
}

void
_rushes_job_store_sweep (RushesJob  *self,
                        JsonObject *sweep)
{
  g_autoptr(JsonNode) node = NULL;

  g_clear_pointer (&self->sweep, g_free);
  g_clear_pointer (&self->sweep_id, g_free);
  if (sweep == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), sweep);
  self->sweep = json_to_string (node, FALSE);
  self->sweep_id = g_strdup (json_object_get_string_member_with_default (sweep, "id", NULL));
}

void
rushes_job_set_sweep (RushesJob  *self,
                      JsonObject *sweep)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_return_if_fail (self->journal == NULL);  /* before it is queued */

  _rushes_job_store_sweep (self, sweep);
}

const char *
rushes_job_get_sweep_id (RushesJob *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB (self), NULL);
  return self->sweep_id;
}

/* flushing to the main thread */

static gboolean
set_string_field (char       **field,
                  const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* Copies w into the mirror and notifies. wait: take the lock even if a
 * worker holds it; otherwise FALSE (nothing done) when it is busy. */
gboolean
_rushes_job_flush_to_mirror (RushesJob *self,
                             gboolean   wait)
{
  g_autoptr(GArray) states = NULL;
  g_autofree char *status = NULL;
  g_autofree char *backend_id = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *take_path = NULL;
  g_autofree char *waiting = NULL;
  g_autoptr(GError) error = NULL;
  double progress, eta;
  GObject *object = G_OBJECT (self);

  if (wait)
    g_mutex_lock (&self->lock);
  else if (!g_mutex_trylock (&self->lock))
    return FALSE;
  states = self->w.pending;
  self->w.pending = g_array_new (FALSE, FALSE, sizeof (RushesJobState));
  status = g_strdup (self->w.status);
  backend_id = g_strdup (self->w.backend_id);
  remote_id = g_strdup (self->w.remote_id);
  take_path = g_strdup (self->w.take_path);
  waiting = g_strdup (self->w.waiting);
  error = self->w.error ? g_error_copy (self->w.error) : NULL;
  progress = self->w.progress;
  eta = self->w.eta;
  g_mutex_unlock (&self->lock);

  g_object_ref (self);
  g_object_freeze_notify (object);
  if (self->progress != progress)
    {
      self->progress = progress;
      g_object_notify_by_pspec (object, properties[PROP_PROGRESS]);
    }
  if (self->eta != eta)
    {
      self->eta = eta;
      g_object_notify_by_pspec (object, properties[PROP_ETA]);
    }
  if (set_string_field (&self->status, status))
    g_object_notify_by_pspec (object, properties[PROP_STATUS]);
  if (set_string_field (&self->backend_id, backend_id))
    g_object_notify_by_pspec (object, properties[PROP_BACKEND_ID]);
  if (set_string_field (&self->remote_id, remote_id))
    g_object_notify_by_pspec (object, properties[PROP_REMOTE_ID]);
  if (set_string_field (&self->take_path, take_path))
    g_object_notify_by_pspec (object, properties[PROP_TAKE_PATH]);
  if (set_string_field (&self->waiting, waiting))
    g_object_notify_by_pspec (object, properties[PROP_WAITING_REASON]);
  if ((self->error == NULL) != (error == NULL) ||
      (error != NULL && g_strcmp0 (error->message, self->error->message) != 0))
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
      g_object_notify_by_pspec (object, properties[PROP_ERROR_MESSAGE]);
    }
  g_object_thaw_notify (object);

  /* each transition is seen, in order */
  for (guint i = 0; i < states->len; i++)
    {
      RushesJobState state = g_array_index (states, RushesJobState, i);
      gboolean was_finished = rushes_job_state_is_finished (self->state);

      if (self->state == state)
        continue;
      self->state = state;
      g_object_notify_by_pspec (object, properties[PROP_STATE]);
      if (was_finished != rushes_job_state_is_finished (state))
        g_object_notify_by_pspec (object, properties[PROP_FINISHED]);
    }
  g_object_unref (self);
  return TRUE;
}

/* transitions (any thread) */

/* Sets the state, journals it, and posts it. FALSE with error when the
 * journal could not be written: the caller must not act on the state. */
gboolean
_rushes_job_transition (RushesJob       *self,
            RushesJobState   state,
            GError         **error)
{
  g_autoptr(JsonNode) snapshot = NULL;
  gboolean ok;

  g_mutex_lock (&self->lock);
  if (rushes_job_state_is_finished (self->w.state))
    {
      g_mutex_unlock (&self->lock);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "job already finished");
      return FALSE;
    }
  self->w.state = state;
  if (state == RUSHES_JOB_SUCCEEDED)
    {
      self->w.progress = 1;
      self->w.eta = 0;
    }
  if (state == RUSHES_JOB_RUNNING && self->w.running_since == 0)
    self->w.running_since = g_get_monotonic_time ();
  g_array_append_val (self->w.pending, state);
  snapshot = _rushes_job_snapshot_locked (self);
  g_mutex_unlock (&self->lock);

  /* journalled before anyone (the main thread included) acts on it */
  ok = _rushes_job_journal_write (self, snapshot, error);
  _rushes_job_post_update (self, TRUE);

  return ok;
}

void
_rushes_job_finish (RushesJob      *self,
                    RushesJobState  state,
                    GError         *error)
{
  g_autoptr(GError) journal_error = NULL;

  g_return_if_fail (rushes_job_state_is_finished (state));

  g_mutex_lock (&self->lock);
  if (rushes_job_state_is_finished (self->w.state))
    {
      g_mutex_unlock (&self->lock);
      g_clear_error (&error);
      return;
    }
  g_clear_error (&self->w.error);
  self->w.error = error;
  g_clear_pointer (&self->w.waiting, g_free);
  g_free (self->w.status);
  self->w.status = g_strdup (state == RUSHES_JOB_SUCCEEDED ? _("Done")
                             : state == RUSHES_JOB_CANCELLED ? _("Cancelled")
                             : _("Failed"));
  self->w.eta = -1;
  g_mutex_unlock (&self->lock);

  if (!_rushes_job_transition (self, state, &journal_error) &&
      !g_error_matches (journal_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", journal_error->message);
}

void
_rushes_job_fail (RushesJob  *self,
      GError     *error)
{
  _rushes_job_finish (self, RUSHES_JOB_FAILED, error);
}

void
_rushes_job_set_status (RushesJob  *self,
                        const char *status)
{
  gboolean changed;

  g_mutex_lock (&self->lock);
  changed = g_strcmp0 (self->w.status, status) != 0;
  if (changed)
    {
      g_free (self->w.status);
      self->w.status = g_strdup (status);
    }
  g_mutex_unlock (&self->lock);
  if (changed)
    _rushes_job_post_update (self, FALSE);
}

void
_rushes_job_set_waiting (RushesJob  *self,
                         const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  char *shown;

  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->w.waiting, reason) == 0)
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  /* the journal's copy says it first: a flush meanwhile shows the old one */
  shown = self->w.waiting;
  self->w.waiting = (char *) reason;
  snapshot = _rushes_job_snapshot_locked (self);
  self->w.waiting = shown;
  g_mutex_unlock (&self->lock);

  /* another process (`rushes jobs list`) sees why */
  if (!_rushes_job_journal_write (self, snapshot, &error))
    g_message ("%s", error->message);

  g_mutex_lock (&self->lock);
  g_free (self->w.waiting);
  self->w.waiting = g_strdup (reason);
  if (reason != NULL)
    {
      g_free (self->w.status);
      self->w.status = g_strdup (reason);
    }
  g_mutex_unlock (&self->lock);
  _rushes_job_post_update (self, TRUE);
}

RushesJobState
_rushes_job_get_journal_state (RushesJob *self)
{
  RushesJobState state;

  g_mutex_lock (&self->lock);
  state = self->w.state;
  g_mutex_unlock (&self->lock);
  return state;
}

char *
_rushes_job_dup_journal_backend (RushesJob *self)
{
  char *id;

  g_mutex_lock (&self->lock);
  id = g_strdup (self->w.backend_id);
  g_mutex_unlock (&self->lock);
  return id;
}

void
_rushes_job_set_worker_active (RushesJob *self,
                               gboolean   active)
{
  self->worker_active = active;
}

gboolean
_rushes_job_get_worker_active (RushesJob *self)
{
  return self->worker_active;
}

void
_rushes_job_detach (RushesJob *self)
{
  g_atomic_int_set (&self->detaching, TRUE);
  g_cancellable_cancel (self->cancellable);
}

void
rushes_job_cancel (RushesJob *self)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_return_if_fail (self->owner_thread == g_thread_self ());

  if (rushes_job_state_is_finished (_rushes_job_get_journal_state (self)))
    return;

  g_cancellable_cancel (self->cancellable);

  /* Nobody is working on it: finish it here. A worker finishes it itself,
   * after cancelling on the backend. */
  if (!self->worker_active)
    {
      _rushes_job_finish (self, RUSHES_JOB_CANCELLED, NULL);
      _rushes_job_flush (self);
    }
}

gboolean
_rushes_job_start (RushesJob     *self,
                   RushesBackend *backend,
                   const char    *library_dir)
{
  g_autoptr(GError) error = NULL;
  RushesJobState next;
  gboolean resumed_remote;

  g_mutex_lock (&self->lock);
  g_free (self->w.backend_id);
  self->w.backend_id = g_strdup (rushes_backend_get_id (backend));
  if (library_dir != NULL && self->w.library_dir == NULL)
    self->w.library_dir = g_strdup (library_dir);
  g_clear_error (&self->w.error);
  /* the worker says again why it waits, if it still does */
  g_clear_pointer (&self->w.waiting, g_free);
  self->w.wait_round = 0;

  resumed_remote = rushes_backend_is_remote (backend) &&
                   (self->w.state == RUSHES_JOB_SUBMITTING || self->w.state == RUSHES_JOB_RUNNING ||
                    self->w.state == RUSHES_JOB_DOWNLOADING);
  if (resumed_remote)
    next = self->w.state;
  else
    {
      /* A local render dies with the process that ran it: start afresh
       * (same job id, so the same take name). */
      next = RUSHES_JOB_SUBMITTING;
      if (self->w.state != RUSHES_JOB_QUEUED)
        {
          g_clear_pointer (&self->w.remote_id, g_free);
          g_clear_pointer (&self->w.results, g_strfreev);
          self->w.attempts = 0;
        }
      /* the recipe records the backend that made the take */
      rushes_recipe_set_backend (self->recipe, rushes_backend_get_id (backend));
    }
  g_free (self->w.status);
  self->w.status = g_strdup_printf (_("Sending to %s"), rushes_backend_get_display_name (backend));
  g_mutex_unlock (&self->lock);

  if (!_rushes_job_transition (self, next, &error))
    {
      _rushes_job_fail (self, g_steal_pointer (&error));
      return FALSE;
    }
  return TRUE;
}
