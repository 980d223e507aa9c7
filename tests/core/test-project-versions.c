/* test-project-versions.c: the versions of a shot (Regenerate)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rushes-job.h"
#include "rushes-project.h"

#define S RUSHES_SECOND

/* One 4 s take "a", showing [1 s, 3 s) at 2 s on V1 */
static RushesProject *
one_take (RushesTimelineClip **out)
{
  RushesProject *project = rushes_project_new ();
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new ("/nowhere/a.webm", 4 * S);
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autofree char *json = NULL;

  rushes_recipe_set_prompt (recipe, "a heron at dawn");
  rushes_recipe_set_seed (recipe, 7);
  json = rushes_recipe_to_json (recipe);
  rushes_timeline_clip_set_recipe_json (clip, json);
  rushes_timeline_clip_set_range (clip, 1 * S, 3 * S);
  g_assert_true (rushes_project_place_clip (project, 0, clip, 2 * S, NULL));
  rushes_undo_stack_clear (rushes_project_get_undo_stack (project));
  *out = clip;
  return project;
}

/* n jobs of the prompt with seeds 100, 101 … and seconds each */
static GPtrArray *
jobs_new (guint  n,
          double seconds)
{
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

      rushes_recipe_set_prompt (recipe, "a heron at dawn, again");
      rushes_recipe_set_seed (recipe, 100 + i);
      rushes_recipe_set_seconds (recipe, seconds);
      g_ptr_array_add (jobs, rushes_job_new (recipe));
    }
  return jobs;
}

static void
test_add_and_switch_undo (void)
{
  RushesTimelineClip *clip;
  g_autoptr(RushesProject) project = one_take (&clip);
  g_autoptr(GPtrArray) jobs = jobs_new (3, 2.0);
  g_autofree char *job1 = NULL;  /* a copy: undo frees the versions */

  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);
  g_assert_true (rushes_project_add_versions (project, clip, jobs, NULL));
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 4);
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
  g_assert_cmpuint (rushes_timeline_clip_get_n_pending_versions (clip), ==, 3);
  job1 = g_strdup (rushes_timeline_clip_get_version_job_id (clip, 1));
  g_assert_cmpstr (job1, ==, rushes_job_get_id (g_ptr_array_index (jobs, 0)));
  g_assert_true (rushes_timeline_clip_get_version_pending (clip, 1));
  g_assert_cmpint (rushes_timeline_clip_get_version_media_duration (clip, 1), ==, 2 * S);
  g_assert_nonnull (strstr (rushes_timeline_clip_get_version_recipe_json (clip, 2), "\"seed\" : 101"));
  /* the shown version is untouched */
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/a.webm");
  g_assert_false (rushes_timeline_clip_get_pending (clip));

  /* showing version 2 (a pending 2 s one): start stays, out clamped to 2 s */
  g_assert_true (rushes_project_set_version (project, clip, 1));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 1);
  g_assert_true (rushes_timeline_clip_get_pending (clip));
  g_assert_cmpstr (rushes_timeline_clip_get_job_id (clip), ==, job1);
  g_assert_null (rushes_timeline_clip_get_path (clip));
  g_assert_cmpint (rushes_timeline_clip_get_start (clip), ==, 2 * S);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (clip), ==, 1 * S);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (clip), ==, 2 * S);
  g_assert_false (rushes_project_set_version (project, clip, 9));

  /* undo the switch: the take, its range */
  g_assert_true (rushes_project_undo (project));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/a.webm");
  g_assert_false (rushes_timeline_clip_get_pending (clip));
  g_assert_cmpint (rushes_timeline_clip_get_out_point (clip), ==, 3 * S);
  g_assert_cmpint (rushes_timeline_clip_get_media_duration (clip), ==, 4 * S);
  /* undo the add: one version again */
  g_assert_true (rushes_project_undo (project));
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/a.webm");
  /* redo both */
  g_assert_true (rushes_project_redo (project));
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 4);
  g_assert_true (rushes_project_redo (project));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_job_id (clip), ==, job1);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (clip), ==, 2 * S);
}

static void
test_fill_versions (void)
{
  RushesTimelineClip *clip;
  g_autoptr(RushesProject) project = one_take (&clip);
  g_autoptr(GPtrArray) jobs = jobs_new (2, 4.0);
  g_autofree char *job0 = g_strdup (rushes_job_get_id (g_ptr_array_index (jobs, 0)));
  g_autofree char *job1 = g_strdup (rushes_job_get_id (g_ptr_array_index (jobs, 1)));

  g_assert_true (rushes_project_add_versions (project, clip, jobs, NULL));
  /* a version not shown fills in, the clip shown stays as it is */
  g_assert_cmpuint (rushes_project_fill_placeholder (project, job0, "/nowhere/v2.webm", 5 * S), ==, 1);
  g_assert_false (rushes_timeline_clip_get_version_pending (clip, 1));
  g_assert_cmpstr (rushes_timeline_clip_get_version_path (clip, 1), ==, "/nowhere/v2.webm");
  g_assert_cmpint (rushes_timeline_clip_get_version_media_duration (clip, 1), ==, 5 * S);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/a.webm");
  g_assert_cmpuint (rushes_timeline_clip_get_n_pending_versions (clip), ==, 1);
  /* the third is shown while pending, then fills in as a placeholder does */
  g_assert_true (rushes_project_set_version (project, clip, 2));
  g_assert_true (rushes_timeline_clip_get_pending (clip));
  rushes_project_set_placeholder_progress (project, job1, 0.5);
  g_assert_cmpfloat (rushes_timeline_clip_get_progress (clip), ==, 0.5);
  g_assert_cmpuint (rushes_project_fill_placeholder (project, job1, "/nowhere/v3.webm", 4 * S), ==, 1);
  g_assert_false (rushes_timeline_clip_get_pending (clip));
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/v3.webm");
  g_assert_cmpuint (rushes_timeline_clip_get_n_pending_versions (clip), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (clip), ==, 2 * S);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (clip), ==, 1 * S);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (clip), ==, 3 * S);
  /* back to the second: filled while hidden */
  g_assert_true (rushes_project_set_version (project, clip, 1));
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/nowhere/v2.webm");
  g_assert_false (rushes_timeline_clip_get_pending (clip));
  g_assert_cmpint (rushes_timeline_clip_get_media_duration (clip), ==, 5 * S);
  /* a failed job marks its hidden version failed: shown, it is offline */
  {
    g_autoptr(GPtrArray) more = jobs_new (1, 3.0);
    const char *id = rushes_job_get_id (g_ptr_array_index (more, 0));

    g_assert_true (rushes_project_add_versions (project, clip, more, NULL));
    rushes_project_fail_placeholder (project, id);
    g_assert_true (rushes_project_set_version (project, clip, 3));
    g_assert_true (rushes_timeline_clip_get_pending (clip));
    g_assert_true (rushes_timeline_clip_get_offline (clip));
  }
}

static void
test_json_round_trip (void)
{
  RushesTimelineClip *clip, *loaded;
  g_autoptr(RushesProject) project = one_take (&clip);
  g_autoptr(GPtrArray) jobs = jobs_new (2, 2.0);
  g_autoptr(RushesProject) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL, *again = NULL;
  g_autofree char *job1 = g_strdup (rushes_job_get_id (g_ptr_array_index (jobs, 1)));

  g_assert_true (rushes_project_add_versions (project, clip, jobs, NULL));
  g_assert_cmpuint (rushes_project_fill_placeholder (project, rushes_job_get_id (g_ptr_array_index (jobs, 0)),
                                                     "/nowhere/v2.webm", 3 * S), ==, 1);
  g_assert_true (rushes_project_set_version (project, clip, 1));
  json = rushes_project_to_json (project);
  g_assert_nonnull (strstr (json, "\"versions\""));
  copy = rushes_project_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  loaded = rushes_timeline_track_get_clip (rushes_project_get_main_track (copy), 0);
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (loaded), ==, 3);
  g_assert_cmpuint (rushes_timeline_clip_get_version (loaded), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_path (loaded), ==, "/nowhere/v2.webm");
  g_assert_cmpstr (rushes_timeline_clip_get_version_path (loaded, 0), ==, "/nowhere/a.webm");
  g_assert_cmpint (rushes_timeline_clip_get_version_media_duration (loaded, 0), ==, 4 * S);
  g_assert_nonnull (strstr (rushes_timeline_clip_get_version_recipe_json (loaded, 0), "a heron at dawn"));
  g_assert_true (rushes_timeline_clip_get_version_pending (loaded, 2));
  g_assert_cmpstr (rushes_timeline_clip_get_version_job_id (loaded, 2), ==, job1);
  /* a hidden pending version is still followed and fills in */
  {
    g_auto(GStrv) pending = rushes_project_dup_pending_version_jobs (copy);

    g_assert_cmpuint (g_strv_length (pending), ==, 1);
    g_assert_cmpstr (pending[0], ==, job1);
  }
  g_assert_cmpuint (rushes_project_fill_placeholder (copy, job1, "/nowhere/v3.webm", 2 * S), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_version_path (loaded, 2), ==, "/nowhere/v3.webm");
  /* the same again, to the byte, once saved twice */
  g_clear_object (&copy);
  copy = rushes_project_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  again = rushes_project_to_json (copy);
  g_assert_cmpstr (again, ==, json);
}

static void
test_json_old_and_bad (void)
{
  /* a v2 clip without versions is one version; a bad "version" leaves
   * the versions out and keeps the clip */
  static const char file[] =
    "{\"format\": \"rushes-project\", \"version\": 2, \"tracks\": [ {\"kind\": \"video\", \"name\": \"V1\", \"clips\": ["
    "  {\"id\": \"a\", \"path\": \"/nowhere/a.webm\", \"start\": 0, \"in\": 0, \"out\": 1000000000,"
    "   \"media-duration\": 2000000000},"
    "  {\"id\": \"b\", \"path\": \"/nowhere/b.webm\", \"start\": 2000000000, \"in\": 0, \"out\": 1000000000,"
    "   \"media-duration\": 2000000000, \"version\": 7,"
    "   \"versions\": [ {\"path\": \"/nowhere/b.webm\", \"media-duration\": 2000000000},"
    "                   {\"path\": \"/nowhere/b2.webm\", \"media-duration\": 2000000000} ]},"
    "  {\"id\": \"c\", \"path\": \"/nowhere/c.webm\", \"start\": 4000000000, \"in\": 0, \"out\": 1000000000,"
    "   \"media-duration\": 2000000000, \"version\": 0,"
    "   \"versions\": [ {\"path\": \"/nowhere/c.webm\", \"media-duration\": 2000000000},"
    "                   {\"media-duration\": 2000000000} ]} ] } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = rushes_project_new_from_json (file, -1, &error);
  RushesTimelineTrack *track;

  g_assert_no_error (error);
  track = rushes_project_get_main_track (project);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (track), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

      g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);
      g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
      g_assert_cmpstr (rushes_timeline_clip_get_version_path (clip, 0), ==, rushes_timeline_clip_get_path (clip));
    }
}

static void
test_refused (void)
{
  RushesTimelineClip *clip;
  g_autoptr(RushesProject) project = one_take (&clip);
  g_autoptr(GPtrArray) jobs = jobs_new (1, 2.0);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) stray = rushes_timeline_clip_new ("/nowhere/x.webm", S);

  g_assert_false (rushes_project_add_versions (project, stray, jobs, &error));
  g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  rushes_project_set_track_locked (project, 0, TRUE);
  g_assert_false (rushes_project_add_versions (project, clip, jobs, &error));
  g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID);
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project-versions/add-and-switch-undo", test_add_and_switch_undo);
  g_test_add_func ("/project-versions/fill", test_fill_versions);
  g_test_add_func ("/project-versions/json-round-trip", test_json_round_trip);
  g_test_add_func ("/project-versions/json-old-and-bad", test_json_old_and_bad);
  g_test_add_func ("/project-versions/refused", test_refused);

  return g_test_run ();
}
