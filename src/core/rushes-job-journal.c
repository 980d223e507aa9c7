/* rushes-job-journal.c: a job's journal entry, written and read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every state change that matters is journalled before it is acted on; the
 * entry is also how an unfinished job comes back after a restart.
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-core-private.h"
#include "rushes-job-private.h"

#define JOURNAL_VERSION 1

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
JsonNode *
_rushes_job_snapshot_locked (RushesJob *self)
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
  if (self->variation > 0)
    json_object_set_int_member (object, "variation", self->variation);
  if (self->sweep != NULL)
    json_object_set_object_member (object, "sweep", _rushes_job_dup_sweep (self));
  add_string (object, "library_dir", self->w.library_dir);
  add_string (object, "take_path", self->w.take_path);
  add_string (object, "waiting", self->w.waiting);
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

gboolean
_rushes_job_journal_write (RushesJob  *self,
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
  snapshot = _rushes_job_snapshot_locked (self);
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
  snapshot = _rushes_job_snapshot_locked (self);
  g_mutex_unlock (&self->lock);

  return _rushes_job_journal_write (self, snapshot, error);
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
  self->variation = (guint) CLAMP (json_object_get_int_member_with_default (entry, "variation", 0), 0, G_MAXUINT);
  node = json_object_get_member (entry, "sweep");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    _rushes_job_store_sweep (self, json_node_get_object (node));
  self->w.backend_id = dup_member (entry, "backend");
  self->w.remote_id = dup_member (entry, "remote_id");
  self->w.library_dir = dup_member (entry, "library_dir");
  self->w.take_path = dup_member (entry, "take_path");
  self->w.waiting = dup_member (entry, "waiting");
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
  self->waiting = g_strdup (self->w.waiting);
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
