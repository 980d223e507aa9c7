/* rushes-timeline-jobs.c: placeholders that follow their jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job put on the timeline before its take exists is a placeholder clip:
 * it follows the job's progress, is filled in (duration, format, sound)
 * from a probe of the take when the job succeeds, and is marked failed
 * when the job fails or is gone.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include "rushes-take.h"
#include "rushes-timeline-private.h"

guint
_rushes_timeline_fill_from_probe (RushesProject      *project,
                                  const char         *job_id,
                                  RushesTimelineClip *probe)
{
  guint w, h, n, d;

  rushes_timeline_clip_get_format (probe, &w, &h, &n, &d);
  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        {
          rushes_timeline_clip_set_format (clip, w, h, n, d);
          rushes_timeline_clip_set_has_audio (clip, rushes_timeline_clip_get_has_audio (probe));
          rushes_timeline_clip_set_offline (clip, FALSE);
          if (rushes_timeline_clip_get_recipe_json (clip) == NULL)
            rushes_timeline_clip_set_recipe_json (clip, rushes_timeline_clip_get_recipe_json (probe));
        }
    }
  return rushes_project_fill_placeholder (project, job_id, rushes_timeline_clip_get_path (probe),
                                          rushes_timeline_clip_get_media_duration (probe));
}

guint
rushes_timeline_fill_placeholder (RushesProject  *project,
                                  const char     *job_id,
                                  const char     *path,
                                  GError        **error)
{
  g_autoptr(RushesTimelineClip) probe = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), 0);
  g_return_val_if_fail (job_id != NULL && path != NULL, 0);

  if ((probe = rushes_timeline_clip_new_for_file (path, error)) == NULL)
    return 0;
  return _rushes_timeline_fill_from_probe (project, job_id, probe);
}

/* Jobs → placeholders */

typedef struct
{
  RushesProject *project;  /* owned */
  char          *job_id;
} JobFill;

static void
job_fill_probed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  JobFill *fill = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) probe = rushes_timeline_clip_new_for_file_finish (result, &error);

  if (probe)
    _rushes_timeline_fill_from_probe (fill->project, fill->job_id, probe);
  else
    {
      g_message ("The take of job %s cannot be read: %s", fill->job_id, error->message);
      rushes_project_fail_placeholder (fill->project, fill->job_id);
    }
  g_object_unref (fill->project);
  g_free (fill->job_id);
  g_free (fill);
}

static void job_notify_cb (RushesJob *job, GParamSpec *pspec, RushesProject *project);

/* Brings the project's placeholders for job up to date; TRUE while the
 * job still has to be followed. */
static gboolean
apply_job (RushesProject *project,
           RushesJob     *job)
{
  const char *id = rushes_job_get_id (job);

  switch (rushes_job_get_state (job))
    {
    case RUSHES_JOB_SUCCEEDED:
      /* a retake's range: spliced into its source first */
      if (_rushes_timeline_splice_retake (project, job))
        return FALSE;
      if (rushes_job_get_take_path (job) != NULL)
        {
          JobFill *fill = g_new0 (JobFill, 1);

          fill->project = g_object_ref (project);
          fill->job_id = g_strdup (id);
          rushes_timeline_clip_new_for_file_async (rushes_job_get_take_path (job), NULL,
                                                   job_fill_probed_cb, fill);
        }
      else
        rushes_project_fail_placeholder (project, id);
      return FALSE;

    case RUSHES_JOB_FAILED:
    case RUSHES_JOB_CANCELLED:
      rushes_project_fail_placeholder (project, id);
      return FALSE;

    case RUSHES_JOB_QUEUED:
    case RUSHES_JOB_SUBMITTING:
    case RUSHES_JOB_RUNNING:
    case RUSHES_JOB_DOWNLOADING:
    default:
      rushes_project_set_placeholder_progress (project, id, rushes_job_get_progress (job));
      return TRUE;
    }
}

static void
job_notify_cb (RushesJob     *job,
               GParamSpec    *pspec,
               RushesProject *project)
{
  if (!apply_job (project, job))
    g_signal_handlers_disconnect_by_func (job, job_notify_cb, project);
}

static void
follow_job (RushesProject *project,
            RushesJob     *job)
{
  if (g_signal_handler_find (job, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             job_notify_cb, project) != 0)
    return;
  if (apply_job (project, job))
    {
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_notify_cb), project, 0);
      g_signal_connect_object (job, "notify::progress", G_CALLBACK (job_notify_cb), project, 0);
    }
}

RushesTimelineClip *
rushes_timeline_add_job (RushesProject *project,
                         RushesJob     *job,
                         guint          position)
{
  g_autoptr(RushesTimelineClip) clip = NULL;
  RushesRecipe *recipe;
  g_autofree char *name = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);
  g_return_val_if_fail (RUSHES_IS_JOB (job), NULL);

  if (rushes_job_get_state (job) == RUSHES_JOB_SUCCEEDED && rushes_job_get_take_path (job))
    clip = rushes_timeline_clip_new_for_file (rushes_job_get_take_path (job), NULL);

  if (clip == NULL)
    {
      recipe = rushes_job_get_recipe (job);
      /* the title the take will have */
      if (recipe)
        name = rushes_take_format_title (rushes_recipe_get_prompt (recipe), rushes_job_get_variation (job),
                                         rushes_recipe_get_seed (recipe));
      clip = rushes_timeline_clip_new_placeholder (rushes_job_get_id (job), name,
                                                   recipe ? (gint64) (rushes_recipe_get_seconds (recipe) * GST_SECOND) : 0);
      if (recipe)
        {
          g_autofree char *json = rushes_recipe_to_json (recipe);
          rushes_timeline_clip_set_recipe_json (clip, json);
        }
    }
  rushes_project_insert_clip (project, position, clip);
  if (rushes_timeline_clip_get_pending (clip))
    follow_job (project, job);
  return clip;
}

void
rushes_timeline_follow_job (RushesProject *project,
                            RushesJob     *job)
{
  g_return_if_fail (RUSHES_IS_PROJECT (project));
  g_return_if_fail (RUSHES_IS_JOB (job));

  follow_job (project, job);
}

void
rushes_timeline_follow_jobs (RushesProject  *project,
                             RushesJobQueue *queue)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (RUSHES_IS_PROJECT (project));
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (queue));

  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      if (rushes_timeline_clip_get_pending (clip))
        g_ptr_array_add (ids, g_strdup (rushes_timeline_clip_get_job_id (clip)));
    }
  {
    /* versions of clips not shown */
    g_auto(GStrv) versions = rushes_project_dup_pending_version_jobs (project);

    for (guint i = 0; versions[i] != NULL; i++)
      g_ptr_array_add (ids, g_strdup (versions[i]));
  }
  for (guint i = 0; i < ids->len; i++)
    {
      RushesJob *job = rushes_job_queue_lookup (queue, g_ptr_array_index (ids, i));

      if (job)
        follow_job (project, job);
      else
        rushes_project_fail_placeholder (project, g_ptr_array_index (ids, i));
    }
}
