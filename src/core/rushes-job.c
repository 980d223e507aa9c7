/* rushes-job.c: one take being made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: a job has two copies of its state. `w` is the truth, shared with
 * the worker under `lock`; every change to it that matters is journalled
 * before it is acted on. The plain fields are the main thread's mirror,
 * which the properties return; a flush source on the main context copies
 * `w` into them (state changes at once, in order; progress at most every
 * 100 ms).
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

#define JOURNAL_VERSION     1
#define FLUSH_INTERVAL_USEC (100 * G_TIME_SPAN_MILLISECOND)
#define MAX_POLL_RETRIES    10

G_DEFINE_ENUM_TYPE (RushesJobState, rushes_job_state,
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_QUEUED, "queued"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_SUBMITTING, "submitting"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_RUNNING, "running"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_DOWNLOADING, "downloading"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_SUCCEEDED, "succeeded"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_FAILED, "failed"),
                    G_DEFINE_ENUM_VALUE (RUSHES_JOB_CANCELLED, "cancelled"))

G_DEFINE_QUARK (rushes-job-error-quark, rushes_job_error)

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
  GArray         *pending;       /* RushesJobState not yet seen by the main thread */
  GSource        *flush_source;
  gint64          last_flush;
  gint64          running_since;
} Shared;

struct _RushesJob
{
  GObject        parent_instance;

  /* immutable once queued */
  char          *id;
  RushesRecipe  *recipe;
  GDateTime     *created;
  char          *output_path;
  GCancellable  *cancellable;
  GMainContext  *context;
  RushesJournal *journal;
  GThread       *owner_thread;
  RushesTagWriter *tag_writer;  /* set before the job starts; may be NULL */

  /* main thread mirror */
  RushesJobState state;
  double         progress;
  double         eta;
  char          *status;
  GError        *error;
  char          *backend_id;
  char          *remote_id;
  char          *take_path;
  gboolean       worker_active;

  gint           detaching;  /* atomic */

  GMutex         lock;
  Shared         w;
};

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
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->journal);
  g_clear_object (&self->tag_writer);

  g_free (self->status);
  g_clear_error (&self->error);
  g_free (self->backend_id);
  g_free (self->remote_id);
  g_free (self->take_path);

  g_free (self->w.status);
  g_clear_error (&self->w.error);
  g_free (self->w.backend_id);
  g_free (self->w.remote_id);
  g_free (self->w.take_path);
  g_free (self->w.library_dir);
  g_strfreev (self->w.results);
  g_array_unref (self->w.pending);
  if (self->w.flush_source != NULL)
    {
      g_source_destroy (self->w.flush_source);
      g_source_unref (self->w.flush_source);
    }
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

/* journal */

static void
add_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* called with the lock held */
static JsonNode *
snapshot_locked (RushesJob *self)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;
  g_autofree char *created = g_date_time_format_iso8601 (self->created);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *updated = g_date_time_format_iso8601 (now);

  json_object_set_int_member (object, "version", JOURNAL_VERSION);
  json_object_set_string_member (object, "id", self->id);
  json_object_set_string_member (object, "state", rushes_job_state_to_string (self->w.state));
  add_string (object, "backend", self->w.backend_id);
  add_string (object, "remote_id", self->w.remote_id);
  json_object_set_int_member (object, "attempts", self->w.attempts);
  json_object_set_member (object, "recipe", rushes_recipe_to_json_node (self->recipe));
  add_string (object, "output_path", self->output_path);
  add_string (object, "library_dir", self->w.library_dir);
  add_string (object, "take_path", self->w.take_path);
  if (self->w.results != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; self->w.results[i]; i++)
        json_array_add_string_element (array, self->w.results[i]);
      json_object_set_array_member (object, "results", array);
    }
  else
    json_object_set_null_member (object, "results");
  if (self->w.error != NULL)
    {
      JsonObject *error = json_object_new ();

      json_object_set_string_member (error, "domain", g_quark_to_string (self->w.error->domain));
      json_object_set_int_member (error, "code", self->w.error->code);
      json_object_set_string_member (error, "message", self->w.error->message);
      json_object_set_object_member (object, "error", error);
    }
  else
    json_object_set_null_member (object, "error");
  add_string (object, "status", self->w.status);
  json_object_set_string_member (object, "created", created);
  json_object_set_string_member (object, "updated", updated);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

static gboolean
journal_write (RushesJob  *self,
               JsonNode   *snapshot,
               GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->journal == NULL)
    return TRUE;
  if (!rushes_journal_write (self->journal, self->id, snapshot, &local_error))
    {
      g_set_error (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_JOURNAL,
                   _("Could not record the job: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* main thread: the snapshot goes to the journal's writer thread */
void
_rushes_job_journal_queued (RushesJob *self)
{
  g_autoptr(JsonNode) snapshot = NULL;

  if (self->journal == NULL)
    return;
  g_mutex_lock (&self->lock);
  snapshot = snapshot_locked (self);
  g_mutex_unlock (&self->lock);
  rushes_journal_write_queued (self->journal, self->id, snapshot);
}

void
_rushes_job_set_tag_writer (RushesJob       *self,
                            RushesTagWriter *writer)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_return_if_fail (writer == NULL || RUSHES_IS_TAG_WRITER (writer));

  g_set_object (&self->tag_writer, writer);
}

gboolean
_rushes_job_journal_now (RushesJob  *self,
                         GError    **error)
{
  g_autoptr(JsonNode) snapshot = NULL;

  g_mutex_lock (&self->lock);
  snapshot = snapshot_locked (self);
  g_mutex_unlock (&self->lock);

  return journal_write (self, snapshot, error);
}

static char *
dup_member (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

RushesJob *
_rushes_job_new_from_journal (JsonObject  *entry,
                              GError     **error)
{
  g_autoptr(RushesJob) self = NULL;
  g_autofree char *state = NULL;
  g_autofree char *created = NULL;
  JsonNode *node;

  self = g_object_new (RUSHES_TYPE_JOB, NULL);
  self->id = dup_member (entry, "id");
  state = dup_member (entry, "state");
  if (self->id == NULL || !rushes_job_state_from_string (state, &self->w.state))
    {
      g_set_error_literal (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED, "no id or state");
      return NULL;
    }
  node = json_object_get_member (entry, "recipe");
  if (node == NULL)
    {
      g_set_error_literal (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED, "no recipe");
      return NULL;
    }
  self->recipe = rushes_recipe_new_from_json_node (node, error);
  if (self->recipe == NULL)
    return NULL;
  rushes_recipe_resolve_seed (self->recipe);

  created = dup_member (entry, "created");
  if (created != NULL)
    self->created = g_date_time_new_from_iso8601 (created, NULL);
  if (self->created == NULL)
    self->created = g_date_time_new_now_local ();

  self->output_path = dup_member (entry, "output_path");
  self->w.backend_id = dup_member (entry, "backend");
  self->w.remote_id = dup_member (entry, "remote_id");
  self->w.library_dir = dup_member (entry, "library_dir");
  self->w.take_path = dup_member (entry, "take_path");
  self->w.status = dup_member (entry, "status");
  self->w.attempts = (guint) json_object_get_int_member_with_default (entry, "attempts", 0);
  node = json_object_get_member (entry, "results");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GPtrArray *results = g_ptr_array_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);

          if (s != NULL)
            g_ptr_array_add (results, g_strdup (s));
        }
      g_ptr_array_add (results, NULL);
      self->w.results = (GStrv) g_ptr_array_free (results, FALSE);
    }

  /* mirror */
  self->state = self->w.state;
  self->backend_id = g_strdup (self->w.backend_id);
  self->remote_id = g_strdup (self->w.remote_id);
  self->take_path = g_strdup (self->w.take_path);
  self->status = g_strdup (self->w.status);

  return g_steal_pointer (&self);
}

void
_rushes_job_attach (RushesJob     *self,
                    RushesJournal *journal)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  g_set_object (&self->journal, journal);
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

static void
flush_to_mirror (RushesJob *self)
{
  g_autoptr(GArray) states = NULL;
  g_autofree char *status = NULL;
  g_autofree char *backend_id = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *take_path = NULL;
  g_autoptr(GError) error = NULL;
  double progress, eta;
  GObject *object = G_OBJECT (self);

  g_mutex_lock (&self->lock);
  if (self->w.flush_source != NULL)
    {
      g_source_destroy (self->w.flush_source);
      g_clear_pointer (&self->w.flush_source, g_source_unref);
    }
  states = self->w.pending;
  self->w.pending = g_array_new (FALSE, FALSE, sizeof (RushesJobState));
  status = g_strdup (self->w.status);
  backend_id = g_strdup (self->w.backend_id);
  remote_id = g_strdup (self->w.remote_id);
  take_path = g_strdup (self->w.take_path);
  error = self->w.error ? g_error_copy (self->w.error) : NULL;
  progress = self->w.progress;
  eta = self->w.eta;
  self->w.last_flush = g_get_monotonic_time ();
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
}

static gboolean
flush_cb (gpointer data)
{
  RushesJob *self = data;
  gboolean mine;

  g_mutex_lock (&self->lock);
  mine = self->w.flush_source == g_main_current_source ();
  g_mutex_unlock (&self->lock);

  if (mine)
    flush_to_mirror (self);
  return G_SOURCE_REMOVE;
}

/* lock held. urgent: state changes go out at once */
static void
schedule_flush_locked (RushesJob *self,
                       gboolean   urgent)
{
  gint64 delay_usec = 0;
  GSource *source;

  if (self->w.flush_source != NULL)
    {
      if (!urgent || g_source_get_ready_time (self->w.flush_source) == 0)
        return;
      g_source_destroy (self->w.flush_source);
      g_clear_pointer (&self->w.flush_source, g_source_unref);
    }

  if (!urgent && self->w.last_flush != 0)
    delay_usec = self->w.last_flush + FLUSH_INTERVAL_USEC - g_get_monotonic_time ();

  /* a plain source with a ready time, so that urgent can pull it forward */
  source = g_idle_source_new ();
  if (delay_usec > 0)
    {
      g_source_unref (source);
      source = g_timeout_source_new ((guint) (delay_usec / 1000) + 1);
    }
  else
    {
      g_source_set_ready_time (source, 0);
    }
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, flush_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[rushes] job flush");
  self->w.flush_source = source;
  g_source_attach (source, self->context);
}

void
_rushes_job_flush (RushesJob *self)
{
  g_return_if_fail (RUSHES_IS_JOB (self));
  flush_to_mirror (self);
}

/* transitions (any thread) */

/* Sets the state, journals it, and posts it. FALSE with error when the
 * journal could not be written: the caller must not act on the state. */
static gboolean
transition (RushesJob       *self,
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
  snapshot = snapshot_locked (self);
  g_mutex_unlock (&self->lock);

  /* journalled before anyone (the main thread included) acts on it */
  ok = journal_write (self, snapshot, error);

  g_mutex_lock (&self->lock);
  schedule_flush_locked (self, TRUE);
  g_mutex_unlock (&self->lock);

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
  g_free (self->w.status);
  self->w.status = g_strdup (state == RUSHES_JOB_SUCCEEDED ? _("Done")
                             : state == RUSHES_JOB_CANCELLED ? _("Cancelled")
                             : _("Failed"));
  self->w.eta = -1;
  g_mutex_unlock (&self->lock);

  if (!transition (self, state, &journal_error) &&
      !g_error_matches (journal_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", journal_error->message);
}

static void
fail (RushesJob  *self,
      GError     *error)
{
  _rushes_job_finish (self, RUSHES_JOB_FAILED, error);
}

void
_rushes_job_set_status (RushesJob  *self,
                        const char *status)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->w.status, status) != 0)
    {
      g_free (self->w.status);
      self->w.status = g_strdup (status);
      schedule_flush_locked (self, FALSE);
    }
  g_mutex_unlock (&self->lock);
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

  if (!transition (self, next, &error))
    {
      fail (self, g_steal_pointer (&error));
      return FALSE;
    }
  return TRUE;
}

/* the worker */

typedef struct
{
  RushesJob *job;
  double     base;
  double     span;
} ProgressData;

static void
progress_cb (double      fraction,
             const char *status,
             gpointer    user_data)
{
  ProgressData *data = user_data;
  RushesJob *self = data->job;

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
  if (status != NULL && g_strcmp0 (self->w.status, status) != 0)
    {
      g_free (self->w.status);
      self->w.status = g_strdup (status);
    }
  schedule_flush_locked (self, FALSE);
  g_mutex_unlock (&self->lock);
}

static gboolean
wait_cancellable (GCancellable *cancellable,
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

static const char *extension_of (const char *path);

/* Where the download of take_path is written while incomplete: hidden, in
 * the same folder so the final rename is atomic; the extension stays last
 * because it chooses the container. Always the same name for a take, so a
 * download can resume after a restart. */
static char *
staging_path_for (const char *take_path)
{
  g_autofree char *dir = g_path_get_dirname (take_path);
  g_autofree char *base = g_path_get_basename (take_path);
  const char *ext = extension_of (base);
  g_autofree char *stem = ext ? g_strndup (base, strlen (base) - strlen (ext) - 1) : g_strdup (base);
  g_autofree char *name = g_strdup_printf (".%s.rushes-part.%s", stem, ext ? ext : "webm");

  return g_build_filename (dir, name, NULL);
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

  staging = staging_path_for (take_path);
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

static RushesJobRunResult
run_submit (RushesJob      *self,
            RushesBackend  *backend,
            GError        **unavailable_error)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;
  ProgressData progress = { self, 0, 0.02 };
  gboolean remote = rushes_backend_is_remote (backend);
  guint attempts;

  g_mutex_lock (&self->lock);
  attempts = self->w.attempts;
  g_mutex_unlock (&self->lock);

  if (attempts > 0 && remote)
    {
      /* Cut off inside submit last time: the backend may already have it. */
      _rushes_job_set_status (self, _("Checking whether the backend already has this job"));
      remote_id = rushes_backend_lookup (backend, self->id, self->cancellable, &error);
      if (error != NULL)
        {
          if (is_cancel (self, error))
            return handle_cancelled (self, backend);
          fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LOST,
                                   _("Could not check whether %s already has job %s, so it was not sent again: %s"),
                                   rushes_backend_get_display_name (backend), self->id, error->message));
          return RUSHES_JOB_RUN_DONE;
        }
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

          fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
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
          fail (self, g_steal_pointer (&error));
          return RUSHES_JOB_RUN_DONE;
        }

      remote_id = rushes_backend_submit (backend, self->recipe, self->id, progress_cb, &progress,
                                         self->cancellable, &error);
      if (remote_id == NULL)
        {
          if (error == NULL)
            error = g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                                 _("%s gave no job id"), rushes_backend_get_display_name (backend));
          if (is_cancel (self, error))
            return handle_cancelled (self, backend);
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
              if (!transition (self, RUSHES_JOB_QUEUED, NULL))
                return RUSHES_JOB_RUN_DONE;
              g_propagate_error (unavailable_error, g_steal_pointer (&error));
              return RUSHES_JOB_RUN_REQUEUE;
            }
          fail (self, g_steal_pointer (&error));
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
  if (!transition (self, RUSHES_JOB_RUNNING, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *rid = dup_locked_string (self, &self->w.remote_id);

          rushes_backend_cancel (backend, rid, NULL, NULL);
          fail (self, g_steal_pointer (&error));
        }
      return RUSHES_JOB_RUN_DONE;
    }
  return RUSHES_JOB_RUN_CONTINUE;
}

static const char *
extension_of (const char *path)
{
  const char *base;
  const char *dot;

  if (path == NULL)
    return NULL;
  base = strrchr (path, '/');
  base = base ? base + 1 : path;
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    return NULL;
  return dot + 1;
}

static const char *
result_extension (const char *result)
{
  static const char * const known[] = { "webm", "mp4", "mkv", "mov", "gif", "webp", NULL };
  g_autofree char *clean = g_strdup (result);
  const char *ext;
  char *q;

  /* URLs: ignore ?query and #fragment */
  if ((q = strpbrk (clean, "?#")) != NULL)
    *q = '\0';
  ext = extension_of (clean);
  for (guint i = 0; ext != NULL && known[i]; i++)
    if (g_ascii_strcasecmp (ext, known[i]) == 0)
      return known[i];
  return "webm";
}

static RushesJobRunResult
run_poll (RushesJob      *self,
          RushesBackend  *backend,
          guint           poll_interval_ms)
{
  g_autofree char *remote_id = dup_locked_string (self, &self->w.remote_id);
  ProgressData progress = { self, 0.02, 0.88 };
  guint failures = 0;

  if (remote_id == NULL)
    {
      fail (self, g_error_new_literal (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED, "running job without a remote id"));
      return RUSHES_JOB_RUN_DONE;
    }

  for (;;)
    {
      g_auto(RushesRemoteStatus) status = { 0, };
      g_autoptr(GError) error = NULL;

      status.progress = -1;
      status.eta_seconds = -1;

      if (!rushes_backend_poll (backend, remote_id, &status, progress_cb, &progress,
                                self->cancellable, &error))
        {
          if (is_cancel (self, error))
            return handle_cancelled (self, backend);
          if (g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE) &&
              ++failures < MAX_POLL_RETRIES)
            {
              g_autofree char *text = g_strdup_printf (_("%s is unavailable, retrying: %s"),
                                                       rushes_backend_get_display_name (backend),
                                                       error->message);

              _rushes_job_set_status (self, text);
              if (!wait_cancellable (self->cancellable, MAX (poll_interval_ms, 10) * failures))
                return handle_cancelled (self, backend);
              continue;
            }
          if (g_error_matches (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND))
            {
              fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LOST,
                                       _("%s no longer knows job %s: %s"),
                                       rushes_backend_get_display_name (backend), remote_id, error->message));
              return RUSHES_JOB_RUN_DONE;
            }
          fail (self, g_steal_pointer (&error));
          return RUSHES_JOB_RUN_DONE;
        }
      failures = 0;

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
          if (!wait_cancellable (self->cancellable, poll_interval_ms))
            return handle_cancelled (self, backend);
          break;

        case RUSHES_REMOTE_SUCCEEDED:
          {
            g_autoptr(GError) journal_error = NULL;
            g_autofree char *dest = NULL;

            if (status.results == NULL || status.results[0] == NULL)
              {
                fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                                         _("%s finished the job but gave no video"),
                                         rushes_backend_get_display_name (backend)));
                return RUSHES_JOB_RUN_DONE;
              }

            if (self->output_path != NULL)
              dest = g_strdup (self->output_path);
            else
              {
                g_autofree char *base = rushes_take_build_basename (self->recipe, self->id, self->created);
                g_autofree char *name = g_strconcat (base, ".", result_extension (status.results[0]), NULL);
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

            if (!transition (self, RUSHES_JOB_DOWNLOADING, &journal_error))
              {
                if (!g_error_matches (journal_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                  fail (self, g_steal_pointer (&journal_error));
                return RUSHES_JOB_RUN_DONE;
              }
            return RUSHES_JOB_RUN_CONTINUE;
          }

        case RUSHES_REMOTE_FAILED:
          fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED, "%s",
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

static RushesJobRunResult
run_download (RushesJob     *self,
              RushesBackend *backend)
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
  ProgressData progress = { self, 0.9, 0.1 };
  int fd;

  g_mutex_lock (&self->lock);
  dest = g_strdup (self->w.take_path);
  remote_id = g_strdup (self->w.remote_id);
  result = self->w.results ? g_strdup (self->w.results[0]) : NULL;
  g_mutex_unlock (&self->lock);

  if (dest == NULL || result == NULL || remote_id == NULL)
    {
      fail (self, g_error_new_literal (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_FAILED,
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

      fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno)));
      return RUSHES_JOB_RUN_DONE;
    }

  staging = staging_path_for (dest);

  fd = g_open (staging, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not write in the folder %s: %s"), dir, g_strerror (saved_errno)));
      return RUSHES_JOB_RUN_DONE;
    }
  close (fd);
  g_unlink (staging);

  if (!rushes_backend_fetch (backend, remote_id, result, staging, progress_cb, &progress,
                             self->cancellable, &error))
    {
      g_unlink (staging);
      if (is_cancel (self, error))
        return handle_cancelled (self, backend);
      /* failed for good: nothing will resume it */
      _rushes_job_discard_download (self, backend);
      fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not save the take in %s: %s"), dir, error->message));
      return RUSHES_JOB_RUN_DONE;
    }
  if (!g_file_test (staging, G_FILE_TEST_IS_REGULAR))
    {
      fail (self, g_error_new (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("%s reported a download but wrote no file"),
                               rushes_backend_get_display_name (backend)));
      return RUSHES_JOB_RUN_DONE;
    }

  if (self->tag_writer != NULL
      && !rushes_tag_writer_write (self->tag_writer, staging, self->recipe, self->cancellable, &error))
    {
      if (is_cancel (self, error))
        {
          g_unlink (staging);
          return handle_cancelled (self, backend);
        }
      /* the sidecar still holds the recipe */
      g_message ("Could not write the recipe into %s: %s", dest, error->message);
      g_clear_error (&error);
    }

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_unlink (staging);
      return handle_cancelled (self, backend);
    }

  if (g_rename (staging, dest) != 0)
    {
      int saved_errno = errno;

      g_unlink (staging);
      fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not put the take at %s: %s"), dest, g_strerror (saved_errno)));
      return RUSHES_JOB_RUN_DONE;
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

  if (!rushes_take_write_sidecar (dest, self->recipe, info, &error))
    {
      /* no take without its recipe */
      g_unlink (dest);
      fail (self, g_error_new (RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY,
                               _("Could not write the recipe beside the take in %s: %s"), dir, error->message));
      return RUSHES_JOB_RUN_DONE;
    }

  _rushes_job_finish (self, RUSHES_JOB_SUCCEEDED, NULL);
  return RUSHES_JOB_RUN_DONE;
}

RushesJobRunResult
_rushes_job_run (RushesJob      *self,
                 RushesBackend  *backend,
                 guint           poll_interval_ms,
                 GError        **unavailable_error)
{
  for (;;)
    {
      RushesJobRunResult result;

      if (g_cancellable_is_cancelled (self->cancellable))
        return handle_cancelled (self, backend);

      switch (_rushes_job_get_journal_state (self))
        {
        case RUSHES_JOB_SUBMITTING:
          result = run_submit (self, backend, unavailable_error);
          break;
        case RUSHES_JOB_RUNNING:
          result = run_poll (self, backend, poll_interval_ms);
          break;
        case RUSHES_JOB_DOWNLOADING:
          result = run_download (self, backend);
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
