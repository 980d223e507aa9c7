/* rushes-timeline-retake.c: a retake's job, spliced into its take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A job whose recipe's lineage is { "operation": "retake", "derived_from":
 * SOURCE, "in": S, "out": S } (Retake Range on the timeline) makes only
 * [in, out) of SOURCE. When it succeeds, the version it fills is not its
 * take but SOURCE with the take spliced in (rushes-splicer.h): a take of
 * SOURCE's length, written beside the job's take as
 * SOURCESTEM-retake-JOBID.EXT with the job's recipe for the whole length
 * (the lineage kept). The version is then shown (one undo step, "Show
 * Version"; V cycles back to the source). The name is the job's, so a
 * job followed again (the project reopened) splices to the same file.
 * The job's own take stays in the library.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <math.h>
#include <string.h>

#include "rushes-splicer.h"
#include "rushes-timeline-private.h"

typedef struct
{
  RushesProject *project;  /* owned */
  char          *job_id;
  char          *source;
  char          *middle;
  char          *dest;
  RushesRecipe  *recipe;   /* owned: the job's */
  GstClockTime   in, out;
} Retake;

static void
retake_free (Retake *r)
{
  g_clear_object (&r->project);
  g_free (r->job_id);
  g_free (r->source);
  g_free (r->middle);
  g_free (r->dest);
  g_clear_object (&r->recipe);
  g_free (r);
}

/* The lineage of a retake's recipe: its source and range; FALSE for a
 * recipe of another kind */
static gboolean
retake_lineage (RushesRecipe  *recipe,
                char         **source,
                GstClockTime  *in,
                GstClockTime  *out)
{
  g_autofree char *json = rushes_recipe_to_json (recipe);
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *lineage;
  double in_s, out_s;
  const char *from;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (lineage = json_object_get_object_member (json_node_get_object (root), "lineage")) == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (lineage, "operation", NULL), "retake") != 0)
    return FALSE;
  from = json_object_get_string_member_with_default (lineage, "derived_from", NULL);
  in_s = json_object_get_double_member_with_default (lineage, "in", -1);
  out_s = json_object_get_double_member_with_default (lineage, "out", -1);
  if (from == NULL || *from == '\0' || !(in_s >= 0) || !(out_s > in_s))
    return FALSE;
  *source = g_strdup (from);
  *in = (GstClockTime) llround (in_s * GST_SECOND);
  *out = (GstClockTime) llround (out_s * GST_SECOND);
  return TRUE;
}

/* SOURCESTEM-retake-JOBID.EXT beside the job's take */
static char *
dest_path (const char *source,
           const char *middle,
           const char *job_id)
{
  g_autofree char *dir = g_path_get_dirname (middle);
  g_autofree char *base = g_path_get_basename (source);
  const char *dot = strrchr (base, '.');
  g_autofree char *name = g_strdup_printf ("%.*s-retake-%.8s%s", dot ? (int) (dot - base) : (int) strlen (base),
                                           base, job_id, dot ? dot : ".webm");

  return g_build_filename (dir, name, NULL);
}

static void
splice_thread (GTask        *task,
               gpointer      object,
               gpointer      data,
               GCancellable *cancellable)
{
  Retake *r = data;
  g_autoptr(GFile) source = g_file_new_for_path (r->source);
  g_autoptr(GFile) middle = g_file_new_for_path (r->middle);
  g_autoptr(GFile) dest = g_file_new_for_path (r->dest);
  g_autoptr(RushesRecipe) result = rushes_recipe_copy (r->recipe);
  g_autoptr(GError) error = NULL;
  RushesSplicePlan plan;

  if (!rushes_splice_plan (source, dest, r->in, r->out, &plan, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* the new take's recipe: the whole length, the lineage kept */
  rushes_recipe_set_seconds (result, (double) (plan.end) / GST_SECOND);
  if (!rushes_splice (source, r->in, r->out, middle, dest, result, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The clip holding job_id's version shows it (undoable) */
static void
show_version (RushesProject *project,
              const char    *job_id)
{
  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      for (guint k = 0; k < rushes_timeline_clip_get_n_versions (clip); k++)
        if (g_strcmp0 (rushes_timeline_clip_get_version_job_id (clip, k), job_id) == 0 &&
            !rushes_timeline_clip_get_version_pending (clip, k))
          {
            rushes_project_set_version (project, clip, k);
            return;
          }
    }
}

static void
probed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  Retake *r = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) probe = rushes_timeline_clip_new_for_file_finish (result, &error);

  if (probe != NULL && _rushes_timeline_fill_from_probe (r->project, r->job_id, probe) > 0)
    show_version (r->project, r->job_id);
  else if (probe == NULL)
    {
      g_message ("The retake of job %s cannot be read: %s", r->job_id, error->message);
      rushes_project_fail_placeholder (r->project, r->job_id);
    }
  retake_free (r);
}

static void
spliced_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Retake *r = data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_message ("The retake of job %s cannot be spliced into %s: %s", r->job_id, r->source, error->message);
      rushes_project_fail_placeholder (r->project, r->job_id);
      retake_free (r);
      return;
    }
  GST_INFO ("job %s spliced into %s", r->job_id, r->dest);
  rushes_timeline_clip_new_for_file_async (r->dest, NULL, probed_cb, r);
}

gboolean
_rushes_timeline_splice_retake (RushesProject *project,
                                RushesJob     *job)
{
  RushesRecipe *recipe = rushes_job_get_recipe (job);
  const char *take = rushes_job_get_take_path (job);
  g_autoptr(GTask) task = NULL;
  Retake *r;
  char *source = NULL;
  GstClockTime in, out;

  if (recipe == NULL || take == NULL || !retake_lineage (recipe, &source, &in, &out))
    return FALSE;
  r = g_new0 (Retake, 1);
  r->project = g_object_ref (project);
  r->job_id = g_strdup (rushes_job_get_id (job));
  r->source = source;
  r->middle = g_strdup (take);
  r->dest = dest_path (source, take, r->job_id);
  r->recipe = rushes_recipe_copy (recipe);
  r->in = in;
  r->out = out;
  task = g_task_new (NULL, NULL, spliced_cb, r);
  g_task_set_source_tag (task, _rushes_timeline_splice_retake);
  g_task_set_task_data (task, r, NULL);
  g_task_run_in_thread (task, splice_thread);
  return TRUE;
}
