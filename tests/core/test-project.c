/* test-project.c: timeline model, undo/redo, project files, autosave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "rushes-project.h"

#define S RUSHES_SECOND

/* Under the test's isolated cache folder, which GLib removes afterwards */
static char *
make_tmp_dir (const char *tmpl)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), tmpl, NULL);

  g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
  return g_mkdtemp (g_steal_pointer (&path));
}

static char *
make_file (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "not really media", -1, NULL));
  return path;
}

static RushesTimelineClip *
clip_new (const char *path,
          gint64      duration)
{
  RushesTimelineClip *clip = rushes_timeline_clip_new (path, duration);

  rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
  rushes_timeline_clip_set_has_audio (clip, TRUE);
  return clip;
}

/* Three clips a (2 s), b (3 s), c (4 s) on files in a temporary folder */
static RushesProject *
three_clip_project (char **dir_out)
{
  g_autofree char *dir = make_tmp_dir ("rushes-project-XXXXXX");
  const char *names[] = { "a.webm", "b.webm", "c.webm" };
  RushesProject *project = rushes_project_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = make_file (dir, names[i]);
      g_autoptr(RushesTimelineClip) clip = clip_new (path, (i + 2) * S);

      rushes_project_append_clip (project, clip);
    }
  if (dir_out)
    *dir_out = g_steal_pointer (&dir);
  return project;
}

static void
test_sequence_ripple (void)
{
  g_autoptr(RushesProject) project = three_clip_project (NULL);
  gint64 offset = -1;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, 3);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 9 * S);
  g_assert_cmpint (rushes_project_get_clip_start (project, 2), ==, 5 * S);
  g_assert_cmpuint (rushes_project_get_clip_at (project, 5 * S + 10, &offset), ==, 2);
  g_assert_cmpint (offset, ==, 10);
  g_assert_cmpuint (rushes_project_get_clip_at (project, 9 * S, NULL), ==, G_MAXUINT);

  /* trimming the first clip ripples the others */
  rushes_project_trim_clip (project, 0, S / 2, S);
  g_assert_cmpint (rushes_project_get_clip_start (project, 1), ==, S / 2);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 7 * S + S / 2);

  /* deleting closes the gap */
  rushes_project_remove_clip (project, 1);
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 2);
  g_assert_cmpint (rushes_project_get_clip_start (project, 1), ==, S / 2);

  /* splitting on a cut does nothing; inside a clip it makes two */
  g_assert_false (rushes_project_split_at (project, S / 2));
  g_assert_true (rushes_project_split_at (project, S / 2 + S));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (rushes_project_get_clip (project, 1)), ==, S);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (rushes_project_get_clip (project, 2)), ==, S);
  g_assert_cmpint (rushes_project_get_duration (project), ==, S / 2 + 4 * S);

  /* format follows the first clip until set */
  {
    guint w, h, n, d;

    rushes_project_get_format (project, &w, &h, &n, &d);
    g_assert_cmpuint (w, ==, 320);
    g_assert_cmpuint (n, ==, 25);
    rushes_project_set_format (project, 640, 360, 30000, 1001);
    rushes_project_get_format (project, &w, &h, &n, &d);
    g_assert_cmpuint (w, ==, 640);
    g_assert_cmpuint (h, ==, 360);
    g_assert_cmpuint (n, ==, 30000);
    g_assert_cmpuint (d, ==, 1001);
    g_assert_false (rushes_project_get_auto_format (project));
  }
}

typedef void (*EditFunc) (RushesProject *project, const char *dir);

static void edit_insert (RushesProject *p, const char *dir)
{
  g_autofree char *path = make_file (dir, "d.webm");
  g_autoptr(RushesTimelineClip) clip = clip_new (path, 5 * S);

  rushes_project_insert_clip (p, 1, clip);
}
static void edit_remove (RushesProject *p, const char *dir) { rushes_project_remove_clip (p, 1); }
static void edit_move (RushesProject *p, const char *dir) { rushes_project_move_clip (p, 0, 2); }
static void edit_move_back (RushesProject *p, const char *dir) { rushes_project_move_clip (p, 2, 0); }
static void edit_trim (RushesProject *p, const char *dir) { rushes_project_trim_clip (p, 2, S, 3 * S); }
static void edit_split (RushesProject *p, const char *dir) { g_assert_true (rushes_project_split_at (p, 3 * S)); }
static void edit_format (RushesProject *p, const char *dir) { rushes_project_set_format (p, 1920, 1080, 24, 1); }
static void edit_relink (RushesProject *p, const char *dir)
{
  g_autofree char *path = make_file (dir, "relinked.webm");

  rushes_project_relink_clip (p, 0, path);
}

static void
test_undo_redo (void)
{
  static const struct { const char *name; EditFunc func; } edits[] = {
    { "insert", edit_insert },
    { "remove", edit_remove },
    { "move", edit_move },
    { "move-back", edit_move_back },
    { "trim", edit_trim },
    { "split", edit_split },
    { "format", edit_format },
    { "relink", edit_relink },
  };
  g_autofree char *dir = NULL;
  g_autoptr(RushesProject) project = three_clip_project (&dir);
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);
  RushesUndoStack *stack = rushes_project_get_undo_stack (project);

  rushes_undo_stack_clear (stack);
  g_assert_false (rushes_undo_stack_get_can_undo (stack));
  g_ptr_array_add (states, rushes_project_to_json (project));

  /* each edit: undo gives the state before, redo the state after */
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      const char *before = g_ptr_array_index (states, states->len - 1);
      g_autofree char *after = NULL;
      g_autofree char *undone = NULL;
      g_autofree char *redone = NULL;

      g_test_message ("edit %s", edits[i].name);
      edits[i].func (project, dir);
      after = rushes_project_to_json (project);
      g_assert_cmpstr (after, !=, before);
      g_assert_true (rushes_undo_stack_get_can_undo (stack));
      g_assert_true (rushes_project_undo (project));
      undone = rushes_project_to_json (project);
      g_assert_cmpstr (undone, ==, before);
      g_assert_true (rushes_undo_stack_get_can_redo (stack));
      g_assert_true (rushes_project_redo (project));
      redone = rushes_project_to_json (project);
      g_assert_cmpstr (redone, ==, after);
      g_assert_false (rushes_undo_stack_get_can_redo (stack));
      g_ptr_array_add (states, g_steal_pointer (&after));
    }

  /* all the way back, and all the way forward again */
  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *json = NULL;

      g_assert_true (rushes_project_undo (project));
      json = rushes_project_to_json (project);
      g_assert_cmpstr (json, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (rushes_project_undo (project));
  for (guint i = 1; i < states->len; i++)
    {
      g_autofree char *json = NULL;

      g_assert_true (rushes_project_redo (project));
      json = rushes_project_to_json (project);
      g_assert_cmpstr (json, ==, g_ptr_array_index (states, i));
    }
  g_assert_false (rushes_project_redo (project));

  /* a new edit after an undo drops the redo history */
  g_assert_true (rushes_project_undo (project));
  g_assert_true (rushes_undo_stack_get_can_redo (stack));
  rushes_project_trim_clip (project, 0, S / 4, S);
  g_assert_false (rushes_undo_stack_get_can_redo (stack));
}

static void
test_json_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(RushesProject) project = three_clip_project (&dir);
  g_autoptr(RushesProject) loaded = NULL;
  g_autoptr(RushesProject) placeholder_project = NULL;
  g_autoptr(RushesTimelineClip) placeholder = rushes_timeline_clip_new_placeholder ("job-42", "Fox", 3 * S);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "p.rushes", NULL);
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;

  rushes_timeline_clip_set_recipe_json (rushes_project_get_clip (project, 0),
                                        "{\"version\":1,\"prompt\":\"a red fox\"}");
  rushes_project_trim_clip (project, 1, S / 3, 2 * S);
  rushes_project_set_format (project, 1280, 720, 24000, 1001);
  rushes_project_set_export_preset (project, "prores");
  rushes_project_set_export_resolution (project, "720p");
  rushes_project_set_export_recipes (project, TRUE);
  rushes_project_append_clip (project, placeholder);
  g_assert_true (rushes_project_get_dirty (project));

  g_assert_true (rushes_project_save (project, path, &error));
  g_assert_no_error (error);
  g_assert_false (rushes_project_get_dirty (project));
  g_assert_cmpstr (rushes_project_get_path (project), ==, path);

  loaded = rushes_project_load (path, &error);
  g_assert_no_error (error);
  json = rushes_project_to_json (project);
  json2 = rushes_project_to_json (loaded);
  g_assert_cmpstr (json, ==, json2);
  g_assert_cmpuint (rushes_project_get_n_clips (loaded), ==, 4);
  g_assert_true (rushes_timeline_clip_get_pending (rushes_project_get_clip (loaded, 3)));
  g_assert_cmpstr (rushes_project_get_export_preset (loaded), ==, "prores");
  g_assert_true (rushes_project_get_export_recipes (loaded));
  g_assert_false (rushes_project_get_dirty (loaded));
  g_assert_nonnull (strstr (json2, "a red fox"));
  {
    g_autofree char *title = rushes_project_get_title (loaded);
    g_assert_cmpstr (title, ==, "p");
  }

  /* the saved file is in the recent list */
  {
    g_auto(GStrv) recent = rushes_project_list_recent ();
    g_assert_true (g_strv_contains ((const char * const *) recent, path));
  }
}

static void
test_placeholder (void)
{
  g_autoptr(RushesProject) project = three_clip_project (NULL);
  g_autoptr(RushesTimelineClip) placeholder = rushes_timeline_clip_new_placeholder ("job-7", "Waves", 4 * S);
  RushesTimelineClip *clip;

  rushes_project_insert_clip (project, 1, placeholder);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 13 * S);
  rushes_project_set_placeholder_progress (project, "job-7", 0.5);
  g_assert_cmpfloat (rushes_timeline_clip_get_progress (placeholder), ==, 0.5);
  g_assert_cmpuint (rushes_project_fill_placeholder (project, "other-job", "/x.webm", S), ==, 0);
  g_assert_cmpuint (rushes_project_fill_placeholder (project, "job-7", "/tmp/waves.webm", 5 * S), ==, 1);
  clip = rushes_project_get_clip (project, 1);
  g_assert_true (clip == placeholder);
  g_assert_false (rushes_timeline_clip_get_pending (clip));
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, "/tmp/waves.webm");
  /* the real take is longer than expected: the clip spans all of it */
  g_assert_cmpint (rushes_timeline_clip_get_duration (clip), ==, 5 * S);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 14 * S);
  /* filled once only */
  g_assert_cmpuint (rushes_project_fill_placeholder (project, "job-7", "/y.webm", S), ==, 0);
}

static void
test_hostile_files (void)
{
  static const struct { const char *json; int code; } cases[] = {
    { "", RUSHES_PROJECT_ERROR_PARSE },
    { "not json at all", RUSHES_PROJECT_ERROR_PARSE },
    { "[1, 2, 3]", RUSHES_PROJECT_ERROR_PARSE },
    { "{\"format\": \"something-else\", \"version\": 1}", RUSHES_PROJECT_ERROR_PARSE },
    { "{\"clips\": []}", RUSHES_PROJECT_ERROR_VERSION },
    { "{\"version\": 99, \"clips\": []}", RUSHES_PROJECT_ERROR_VERSION },
    { "{\"version\": \"1\", \"clips\": []}", RUSHES_PROJECT_ERROR_VERSION },
    { "{\"version\": 1, \"width\": 1000000000000, \"height\": 720}", RUSHES_PROJECT_ERROR_INVALID },
    { "{\"version\": 1, \"width\": -5, \"height\": 720}", RUSHES_PROJECT_ERROR_INVALID },
    { "{\"version\": 1, \"fps\": [0, 0]}", RUSHES_PROJECT_ERROR_INVALID },
    { "{\"version\": 1, \"fps\": [100000, 1]}", RUSHES_PROJECT_ERROR_INVALID },
    { "{\"version\": 1, \"fps\": [{}, []]}", RUSHES_PROJECT_ERROR_INVALID },
    { "{\"version\": 1, \"clips\": {}}", RUSHES_PROJECT_ERROR_INVALID },
    /* a high surrogate escape before a plain letter decodes to bytes that are not UTF-8 */
    { "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"name\": \"\\ud83dx\", \"in\": 0, \"out\": 5}]}", RUSHES_PROJECT_ERROR_PARSE },
  };
  /* a clip that cannot be read is left out with a message; the rest opens */
  static const char *clip_cases[] = {
    "{\"version\": 1, \"clips\": [42]}",
    "{\"version\": 1, \"clips\": [{\"in\": 0, \"out\": 1000}]}",
    "{\"version\": 1, \"clips\": [{\"path\": 7, \"in\": 0, \"out\": 1000}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": -1, \"out\": 1000}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": 2000, \"out\": 1000}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": 0, \"out\": 9223372036854775807}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": 0, \"out\": 1e300}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": 0, \"out\": 5, \"media-duration\": 2}]}",
    "{\"version\": 1, \"clips\": [{\"path\": \"/a\", \"in\": 0, \"out\": 5, \"width\": 99999999}]}",
  };
  g_autofree char *dir = make_tmp_dir ("rushes-hostile-XXXXXX");

  for (guint i = 0; i < G_N_ELEMENTS (clip_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesProject) project = NULL;
      const char * const *problems;

      g_test_message ("clip case %u: %s", i, clip_cases[i]);
      project = rushes_project_new_from_json (clip_cases[i], -1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 0);
      problems = rushes_project_get_load_problems (project);
      g_assert_nonnull (problems);
      g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1);
      g_assert_nonnull (strstr (problems[0], "V1"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesProject) project = NULL;

      g_test_message ("case %u: %s", i, cases[i].json);
      project = rushes_project_new_from_json (cases[i].json, -1, &error);
      g_assert_null (project);
      g_assert_error (error, RUSHES_PROJECT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }

  /* deeply nested: refused before the recursive parser sees it */
  {
    GString *deep = g_string_new ("{\"version\": 1, \"clips\": ");
    g_autoptr(GError) error = NULL;
    g_autoptr(RushesProject) project = NULL;
    g_autofree char *text = NULL;

    for (guint i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    text = g_string_free (deep, FALSE);
    project = rushes_project_new_from_json (text, -1, &error);
    g_assert_null (project);
    g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE);
  }

  /* a huge file is refused before it is read */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *big = g_build_filename (dir, "big.rushes", NULL);
    g_autoptr(RushesProject) project = NULL;
    FILE *f = fopen (big, "w");

    g_assert_nonnull (f);
    g_assert_cmpint (fseek (f, 64 * 1024 * 1024, SEEK_SET), ==, 0);
    fputc ('}', f);
    fclose (f);
    project = rushes_project_load (big, &error);
    g_assert_null (project);
    g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE);
  }

  /* relative media paths are relative to the project file, not the current folder */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *sub = g_build_filename (dir, "shoot", NULL);
    g_autofree char *media = NULL;
    g_autofree char *project_path = g_build_filename (sub, "cut.rushes", NULL);
    g_autoptr(RushesProject) project = NULL;

    g_mkdir_with_parents (sub, 0700);
    media = make_file (sub, "take.webm");
    g_assert_true (g_file_set_contents (project_path,
                                        "{\"version\": 1, \"clips\": [{\"path\": \"take.webm\", \"in\": 0, \"out\": 1000}]}",
                                        -1, NULL));
    project = rushes_project_load (project_path, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (rushes_timeline_clip_get_path (rushes_project_get_clip (project, 0)), ==, media);
    g_assert_false (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 0)));
  }

  /* a missing file on disk and a missing project file */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (dir, "nope.rushes", NULL);
    g_autoptr(RushesProject) project = rushes_project_load (missing, &error);

    g_assert_null (project);
    g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_IO);
  }

  /* missing media: the project opens, the clip is offline and can be relinked */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *present = make_file (dir, "here.webm");
    g_autofree char *json = g_strdup_printf (
      "{\"version\": 1, \"clips\": ["
      "{\"path\": \"%s/gone.webm\", \"in\": 0, \"out\": 1000000000},"
      "{\"path\": \"%s\", \"in\": 0, \"out\": 1000000000, \"unknown-field\": [1, 2]}]}",
      dir, present);
    g_autoptr(RushesProject) project = rushes_project_new_from_json (json, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 2);
    g_assert_true (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 0)));
    g_assert_false (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 1)));
    rushes_project_relink_clip (project, 0, present);
    g_assert_false (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 0)));
    rushes_project_undo (project);
    g_assert_true (rushes_timeline_clip_get_offline (rushes_project_get_clip (project, 0)));
  }
}

/* Random damage to a valid file: every result loads or fails with a
 * project error, and whatever loads saves and loads again the same. */
static void
test_fuzz (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(RushesProject) project = three_clip_project (&dir);
  g_autofree char *valid = NULL;
  static const char junk[] = "{}[]\",:0123456789-+.eE truefalsenull\\\x01\xff";
  guint loaded = 0;

  rushes_timeline_clip_set_recipe_json (rushes_project_get_clip (project, 0),
                                        "{\"version\":1,\"prompt\":\"a fox\",\"extras\":{\"a\":[1,2,{\"b\":null}]}}");
  valid = rushes_project_to_json (project);

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *text = g_strdup (valid);
      gsize len = strlen (text);
      guint edits = g_test_rand_int_range (1, 8);
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesProject) p = NULL;

      for (guint e = 0; e < edits; e++)
        {
          gsize at = g_test_rand_int_range (0, len);

          switch (g_test_rand_int_range (0, 3))
            {
            case 0:  /* overwrite a byte */
              text[at] = junk[g_test_rand_int_range (0, sizeof junk - 1)];
              break;
            case 1:  /* cut the file short */
              text[at] = '\0';
              len = at > 0 ? at : 1;
              break;
            default:  /* swap two bytes */
              {
                gsize other = g_test_rand_int_range (0, len);
                char c = text[at];

                text[at] = text[other];
                text[other] = c;
              }
              break;
            }
        }
      p = rushes_project_new_from_json (text, -1, &error);
      if (p == NULL)
        {
          g_assert_error (error, RUSHES_PROJECT_ERROR, error->code);
          continue;
        }
      loaded++;
      {
        g_autofree char *again = rushes_project_to_json (p);
        g_autoptr(RushesProject) p2 = rushes_project_new_from_json (again, -1, &error);
        g_autofree char *again2 = NULL;

        g_assert_no_error (error);
        again2 = rushes_project_to_json (p2);
        g_assert_cmpstr (again, ==, again2);
      }
    }
  g_test_message ("%u of 3000 damaged files still loaded", loaded);
}

#define AUTOSAVE_ENV "RUSHES_TEST_AUTOSAVE_DIR"

static void
autosave_child (void)
{
  const char *dir = g_getenv (AUTOSAVE_ENV);
  g_autoptr(RushesProject) project = three_clip_project (NULL);
  g_autofree char *json = NULL;
  g_autofree char *expected = g_build_filename (dir, "expected.json", NULL);

  rushes_project_enable_autosave (project, dir);
  rushes_project_trim_clip (project, 1, S / 2, 2 * S);
  json = rushes_project_to_json (project);
  g_assert_true (g_file_set_contents (expected, json, -1, NULL));

  /* the autosave after an edit comes from the main loop, by itself. No
   * wall-clock limit (a loaded machine can take longer than any): if it
   * never comes, the meson timeout ends the test */
  while (!g_file_test (rushes_project_get_autosave_path (project), G_FILE_TEST_EXISTS))
    g_main_context_iteration (NULL, TRUE);

  /* crash: no cleanup, no discard */
  raise (SIGKILL);
}

static void
test_autosave_recovery (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *expected_path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) recovered = NULL;
  g_auto(GStrv) found = NULL;

  if (g_test_subprocess ())
    {
      autosave_child ();
      return;
    }

  dir = make_tmp_dir ("rushes-autosave-XXXXXX");
  g_setenv (AUTOSAVE_ENV, dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();  /* killed */

  found = rushes_project_list_recoverable (dir);
  g_assert_cmpuint (g_strv_length (found), ==, 1);
  recovered = rushes_project_recover (found[0], &error);
  g_assert_no_error (error);
  g_assert_true (rushes_project_get_dirty (recovered));
  expected_path = g_build_filename (dir, "expected.json", NULL);
  g_assert_true (g_file_get_contents (expected_path, &expected, NULL, NULL));
  json = rushes_project_to_json (recovered);
  g_assert_cmpstr (json, ==, expected);

  /* a clean close leaves nothing to recover */
  rushes_project_discard_autosave (recovered);
  g_clear_pointer (&found, g_strfreev);
  found = rushes_project_list_recoverable (dir);
  g_assert_cmpuint (g_strv_length (found), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/project/sequence-ripple", test_sequence_ripple);
  g_test_add_func ("/project/undo-redo-every-edit", test_undo_redo);
  g_test_add_func ("/project/json-round-trip", test_json_round_trip);
  g_test_add_func ("/project/placeholder", test_placeholder);
  g_test_add_func ("/project/hostile-files", test_hostile_files);
  g_test_add_func ("/project/fuzz", test_fuzz);
  g_test_add_func ("/project/autosave-recovery", test_autosave_recovery);

  return g_test_run ();
}
