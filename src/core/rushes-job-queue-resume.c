/* rushes-job-queue-resume.c: taking up the journal's unfinished jobs at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rushes-job-queue"

#include "config.h"

#include "rushes-core-private.h"
#include "rushes-job-private.h"
#include "rushes-job-queue-private.h"

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
      _rushes_job_queue_append_job (self, job);
      n++;
    }

  _rushes_job_queue_schedule (self);
  return n;
}
