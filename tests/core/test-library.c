/* test-library.c: takes, the library folder, prompt history, backend registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fake-backend.h"
#include "rushes-backend-registry.h"
#include "rushes-library.h"
#include "rushes-prompt-history.h"
#include "test-util.h"

static RushesRecipe *
make_recipe (const char *prompt,
             gint64      seed)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_seed (recipe, seed);
  return recipe;
}

static void
test_count_cb (GObject    *object,
               GParamSpec *pspec,
               guint      *count)
{
  (*count)++;
}

static int
test_compare_strings (const char **a,
                      const char **b)
{
  return g_strcmp0 (*a, *b);
}

static char *
make_take (const char *dir,
           const char *name,
           const char *prompt,
           const char *created)
{
  g_autoptr(RushesRecipe) recipe = make_recipe (prompt, 3);
  g_autoptr(JsonObject) info = json_object_new ();
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "video", -1, NULL));
  json_object_set_string_member (info, "created", created);
  json_object_set_string_member (info, "job_id", "job-1");
  g_assert_true (rushes_take_write_sidecar (path, recipe, info, NULL));
  return path;
}

static void
test_take_naming (void)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ("x", 42);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 3, 9, 12, 0, 0);
  g_autofree char *name = NULL;
  g_autofree char *sidecar = NULL;

  rushes_recipe_set_backend (recipe, "Studio Comfy");
  rushes_recipe_set_model (recipe, "wan/2.1 14B");
  name = rushes_take_build_basename (recipe, "0A1B2C3D-4e5f-6789-abcd-ef0123456789", date);
  g_assert_cmpstr (name, ==, "2026-03-09_studio-comfy-wan-2.1-14b_42_0a1b2c3d");
  g_assert_null (strchr (name, '/'));

  sidecar = rushes_take_sidecar_path_for ("/v/Rushes/clip.take.webm");
  g_assert_cmpstr (sidecar, ==, "/v/Rushes/clip.take.rushes.json");
}

static void
test_library_scan (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL);
  g_autofree char *old = make_take (dir, "old.webm", "an old take", "2026-01-01T10:00:00Z");
  g_autofree char *new = make_take (dir, "new.mp4", "a new take", "2026-06-01T10:00:00Z");
  g_autofree char *orphan = make_take (dir, "orphan.webm", "media gone", "2026-02-01T10:00:00Z");
  g_autofree char *corrupt = g_build_filename (dir, "broken.rushes.json", NULL);
  g_autofree char *staging = g_build_filename (dir, ".x.rushes-part.webm", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (NULL);
  g_autoptr(GError) error = NULL;
  RushesTake *take;

  g_assert_cmpint (g_unlink (orphan), ==, 0);
  g_assert_true (g_file_set_contents (corrupt, "{ nope", -1, NULL));
  g_assert_true (g_file_set_contents (staging, "partial", -1, NULL));

  /* the default folder is Videos/Rushes */
  g_assert_cmpstr (rushes_library_get_dir (library), ==, dir);
  g_assert_true (rushes_library_reload (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);

  /* newest first */
  take = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (rushes_take_get_path (take), ==, new);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a new take · seed 3");
  g_assert_cmpstr (rushes_take_get_job_id (take), ==, "job-1");
  g_assert_cmpint (rushes_recipe_get_seed (rushes_take_get_recipe (take)), ==, 3);
  g_object_unref (take);
  take = g_list_model_get_item (G_LIST_MODEL (library), 1);
  g_assert_cmpstr (rushes_take_get_path (take), ==, old);
  g_object_unref (take);

  /* adding a file places it by date */
  {
    g_autofree char *mid = make_take (dir, "mid.webm", "in between", "2026-03-01T10:00:00Z");

    take = rushes_library_add_file (library, mid, &error);
    g_assert_no_error (error);
    g_assert_nonnull (take);
    g_assert_true (g_list_model_get_item (G_LIST_MODEL (library), 1) == (gpointer) take);
    g_object_unref (take);  /* the get_item reference */
  }
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  gboolean *done = data;

  g_assert_true (rushes_library_reload_finish (RUSHES_LIBRARY (object), result, NULL));
  *done = TRUE;
}

static void
test_library_reload_async (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "lib", NULL);
  g_autofree char *a = make_take (dir, "a.webm", "a", "2026-01-01T10:00:00Z");
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  gboolean done = FALSE;

  rushes_library_reload_async (library, NULL, reload_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 1);

  /* a missing folder is an empty library */
  rushes_library_set_dir (library, "/nonexistent/rushes");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_true (rushes_library_reload (library, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
}

static void
test_library_trash (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "trashy", NULL);
  g_autofree char *path = make_take (dir, "gone.webm", "to the trash", "2026-01-01T10:00:00Z");
  g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", "gone.webm", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_library_reload (library, NULL, NULL));
  take = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_true (rushes_library_trash_take (library, take, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 0);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  /* moved, not deleted */
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
}

/* A delete waiting for its Undo: hidden from the list and from rescans,
 * its files untouched; restored in its place, or trashed for good. */
static void
test_library_hide_restore (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "hiding", NULL);
  g_autofree char *older = make_take (dir, "older.webm", "older", "2026-01-01T10:00:00Z");
  g_autofree char *middle = make_take (dir, "middle.webm", "middle", "2026-02-01T10:00:00Z");
  g_autofree char *newer = make_take (dir, "newer.webm", "newer", "2026-03-01T10:00:00Z");
  g_autofree char *sidecar = rushes_take_sidecar_path_for (middle);
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", "middle.webm", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(RushesTake) at = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_library_reload (library, NULL, NULL));
  take = g_list_model_get_item (G_LIST_MODEL (library), 1);
  g_assert_cmpstr (rushes_take_get_path (take), ==, middle);

  rushes_library_hide_take (library, take);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_null (rushes_library_lookup (library, middle));
  g_assert_true (rushes_library_is_hidden (library, middle));
  g_assert_true (g_file_test (middle, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
  /* a rescan finds its sidecar but leaves it out */
  g_assert_true (rushes_library_reload (library, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_null (rushes_library_lookup (library, middle));

  /* Undo: back in its place (by date) */
  g_assert_true (rushes_library_restore_take (library, take));
  g_assert_false (rushes_library_restore_take (library, take));
  g_assert_false (rushes_library_is_hidden (library, middle));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 3);
  at = g_list_model_get_item (G_LIST_MODEL (library), 1);
  g_assert_true (at == take);

  /* hidden, then trashed: gone for good, and not hidden any more */
  rushes_library_hide_take (library, take);
  g_assert_true (rushes_library_trash_take (library, take, &error));
  g_assert_no_error (error);
  g_assert_false (rushes_library_is_hidden (library, middle));
  g_assert_false (g_file_test (middle, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  g_assert_true (rushes_library_reload (library, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);
  g_assert_nonnull (rushes_library_lookup (library, older));
  g_assert_nonnull (rushes_library_lookup (library, newer));
}

/* Importing copies the file in under its own name, numbered when taken,
 * with a sidecar whose recipe says it was imported. */
static void
test_library_import (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "imports", NULL);
  g_autofree char *outside = g_build_filename (g_get_home_dir (), "elsewhere", NULL);
  g_autofree char *source = g_build_filename (outside, "Holiday clip.mp4", NULL);
  g_autofree char *expected = g_build_filename (dir, "Holiday clip.mp4", NULL);
  g_autofree char *expected2 = g_build_filename (dir, "Holiday clip-2.mp4", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *contents = NULL;
  RushesTake *take;

  g_assert_cmpint (g_mkdir_with_parents (outside, 0755), ==, 0);
  g_assert_true (g_file_set_contents (source, "not really a video", -1, NULL));

  /* a ten-minute 1919×1081 file at 240 fps: the recipe holds what it can */
  recipe = rushes_library_import_recipe (source, 600.0, 1919, 1081, 240);
  g_assert_cmpstr (rushes_recipe_get_backend (recipe), ==, RUSHES_IMPORT_BACKEND);
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "Holiday clip.mp4");
  g_assert_cmpuint (rushes_recipe_get_width (recipe), ==, 1918);
  g_assert_cmpuint (rushes_recipe_get_height (recipe), ==, 1080);
  g_assert_cmpuint (rushes_recipe_get_fps (recipe), ==, 120);
  g_assert_cmpfloat (rushes_recipe_get_seconds (recipe), ==, 60.0);
  g_assert_true (rushes_recipe_validate (recipe, NULL));
  json_object_set_double_member (info, "duration", 600.0);

  first = rushes_library_import_file (dir, source, recipe, info, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, expected);
  g_assert_true (g_file_get_contents (first, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not really a video");
  /* the original stays where it was */
  g_assert_true (g_file_test (source, G_FILE_TEST_IS_REGULAR));

  take = rushes_library_add_file (library, first, &error);
  g_assert_no_error (error);
  g_assert_nonnull (take);
  g_assert_cmpstr (rushes_take_get_backend_id (take), ==, "import");
  g_assert_cmpstr (rushes_take_get_title (take), ==, "Holiday clip.mp4");
  g_assert_cmpstr (json_object_get_string_member (rushes_take_get_info (take), "imported_from"), ==, source);
  g_assert_cmpfloat (json_object_get_double_member (rushes_take_get_info (take), "duration"), ==, 600.0);

  /* the same name again: numbered, and the first take is untouched */
  second = rushes_library_import_file (dir, source, recipe, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, expected2);
  g_assert_true (rushes_library_reload (library, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 2);

  /* a take already in the folder is not copied, and keeps its recipe */
  {
    g_autofree char *again = rushes_library_import_file (dir, first, recipe, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (again, ==, first);
    g_assert_cmpuint (test_count_files (dir), ==, 4);
  }

  /* a missing file: an error, and nothing left behind */
  {
    g_autofree char *missing = g_build_filename (outside, "missing.mp4", NULL);
    g_autofree char *none = rushes_library_import_file (dir, missing, recipe, NULL, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "missing.mp4"));
    g_clear_error (&error);
    g_assert_cmpuint (test_count_files (dir), ==, 4);
  }
}

static void
test_library_follows_queue (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "followed", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(FakeBackend) fake = fake_backend_new ("fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("a kite", 9);
  g_autoptr(RushesTake) take = NULL;

  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (fake), 0);
  rushes_job_queue_set_library_dir (queue, dir);
  rushes_job_queue_set_poll_interval (queue, 5);
  rushes_library_follow_queue (library, queue);
  rushes_recipe_set_backend (recipe, "fake");
  rushes_recipe_set_width (recipe, 320);
  rushes_recipe_set_height (recipe, 240);
  rushes_recipe_set_seconds (recipe, 1);
  g_assert_nonnull (rushes_job_queue_submit (queue, recipe, NULL));

  while (g_list_model_get_n_items (G_LIST_MODEL (library)) == 0)
    g_main_context_iteration (NULL, TRUE);
  take = g_list_model_get_item (G_LIST_MODEL (library), 0);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a kite · seed 9");
  g_assert_cmpint (rushes_recipe_get_seed (rushes_take_get_recipe (take)), ==, 9);
}

/* prompt history */

static const char *
text_at (GListModel *model,
         guint       i)
{
  g_autoptr(RushesPromptEntry) entry = g_list_model_get_item (model, i);

  return rushes_prompt_entry_get_text (entry);
}

static void
test_history (void)
{
  g_autoptr(RushesPromptHistory) history = rushes_prompt_history_new (NULL);
  g_autoptr(RushesPromptHistory) again = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesPromptEntry) top = NULL;

  g_assert_true (rushes_prompt_history_load (history, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);

  rushes_prompt_history_add (history, "a café at night");
  rushes_prompt_history_add (history, "waves on rocks");
  rushes_prompt_history_add (history, "  a café at night  ");  /* same, moves up */
  rushes_prompt_history_add (history, "   ");                   /* nothing */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 2);
  g_assert_cmpstr (text_at (G_LIST_MODEL (history), 0), ==, "a café at night");
  g_assert_cmpstr (text_at (G_LIST_MODEL (history), 1), ==, "waves on rocks");
  top = g_list_model_get_item (G_LIST_MODEL (history), 0);
  g_assert_cmpuint (rushes_prompt_entry_get_uses (top), ==, 2);

  /* case- and accent-blind, all words */
  found = rushes_prompt_history_search (history, "CAFE night");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);
  g_assert_cmpstr (text_at (found, 0), ==, "a café at night");
  g_clear_object (&found);
  found = rushes_prompt_history_search (history, "cafe waves");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 0);
  g_clear_object (&found);
  found = rushes_prompt_history_search (history, "");
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);

  /* persisted */
  g_assert_true (rushes_prompt_history_flush (history, &error));
  again = rushes_prompt_history_new (NULL);
  g_assert_true (rushes_prompt_history_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (text_at (G_LIST_MODEL (again), 0), ==, "a café at night");

  g_assert_true (rushes_prompt_history_remove (again, "waves on rocks"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);

  /* a limit keeps the newest */
  rushes_prompt_history_add (again, "one");
  rushes_prompt_history_add (again, "two");
  rushes_prompt_history_add (again, "three");
  rushes_prompt_history_set_limit (again, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (text_at (G_LIST_MODEL (again), 0), ==, "three");
  g_assert_cmpstr (text_at (G_LIST_MODEL (again), 1), ==, "two");
  rushes_prompt_history_add (again, "four");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (text_at (G_LIST_MODEL (again), 1), ==, "three");
}

static void
test_history_corrupt (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "rushes", "prompt-history.json", NULL);
  g_autofree char *aside = g_strconcat (path, ".corrupt", NULL);
  g_autoptr(RushesPromptHistory) history = rushes_prompt_history_new (NULL);
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "\x01\x02 not json", -1, NULL));
  g_test_expect_message ("rushes-prompt-history", G_LOG_LEVEL_WARNING, "*unreadable*");
  g_assert_true (rushes_prompt_history_load (history, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, 0);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  rushes_prompt_history_add (history, "fresh start");
  g_assert_true (rushes_prompt_history_flush (history, NULL));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* registry */

static RushesBackend *
fake_factory (JsonObject  *config,
              GError     **error)
{
  const char *id = json_object_get_string_member (config, "id");
  const char *kind = json_object_get_string_member (config, "kind");

  return RUSHES_BACKEND (fake_backend_new (id, kind, TRUE));
}

static void
test_registry (void)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesBackendRegistry) again = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonObject) secret = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  rushes_backend_registry_register_kind ("sketch", fake_factory);
  rushes_backend_registry_register_kind ("comfyui", fake_factory);

  /* no file: only Sketch, the default */
  g_assert_true (rushes_backend_registry_load (registry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 1);
  g_assert_nonnull (rushes_backend_registry_lookup (registry, "sketch"));
  g_assert_cmpstr (rushes_backend_registry_get_default_id (registry), ==, "sketch");

  json_object_set_string_member (config, "id", "studio");
  json_object_set_string_member (config, "kind", "comfyui");
  json_object_set_string_member (config, "url", "http://127.0.0.1:8188");
  json_object_set_string_member (config, "key_env", "STUDIO_KEY");
  json_object_set_int_member (config, "concurrency", 3);
  g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rushes_backend_registry_get_concurrency (registry, "studio"), ==, 3);
  g_assert_cmpuint (rushes_backend_registry_get_concurrency (registry, "sketch"), ==, 1);

  /* same id twice */
  g_assert_null (rushes_backend_registry_add (registry, config, &error));
  g_assert_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_EXISTS);
  g_clear_error (&error);

  /* secrets are refused, naming the member */
  json_object_set_string_member (secret, "id", "hosted");
  json_object_set_string_member (secret, "kind", "comfyui");
  json_object_set_string_member (secret, "api_key", "sk-live-123");
  g_assert_null (rushes_backend_registry_add (registry, secret, &error));
  g_assert_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "api_key"));
  g_assert_null (strstr (error->message, "sk-live-123"));
  g_clear_error (&error);

  /* unknown kind */
  json_object_set_string_member (secret, "kind", "teleporter");
  json_object_remove_member (secret, "api_key");
  g_assert_null (rushes_backend_registry_add (registry, secret, &error));
  g_assert_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_UNKNOWN_KIND);
  g_clear_error (&error);

  g_assert_true (rushes_backend_registry_set_default_id (registry, "studio", &error));

  /* persisted, without secrets */
  g_assert_true (g_file_get_contents (rushes_backend_registry_get_path (registry), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "STUDIO_KEY"));
  g_assert_null (strstr (contents, "sk-live"));
  again = rushes_backend_registry_new (NULL);
  g_assert_true (rushes_backend_registry_load (again, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (rushes_backend_registry_get_default_id (again), ==, "studio");
  g_assert_cmpuint (rushes_backend_registry_get_concurrency (again, "studio"), ==, 3);

  g_assert_false (rushes_backend_registry_remove (again, "sketch", &error));
  g_clear_error (&error);
  g_assert_true (rushes_backend_registry_remove (again, "studio", &error));
  g_assert_cmpstr (rushes_backend_registry_get_default_id (again), ==, "sketch");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
}

static void
test_registry_bad_file (void)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (rushes_backend_registry_get_path (registry));

  rushes_backend_registry_register_kind ("sketch", fake_factory);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (rushes_backend_registry_get_path (registry), "[[[", -1, NULL));
  g_assert_false (rushes_backend_registry_load (registry, &error));
  g_assert_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID);
  /* still usable: Sketch is there */
  g_assert_nonnull (rushes_backend_registry_lookup (registry, "sketch"));
}

/* titles people can tell apart */

static void
test_take_title_format (void)
{
  const char *heron = "a grey heron takes off from the reeds at dawn, mist over the water";
  g_autofree char *shortened = rushes_take_shorten_prompt (heron, 40);
  g_autofree char *title = rushes_take_format_title (heron, 2, 1234);
  g_autofree char *spaces = rushes_take_shorten_prompt ("  two\n\tlines  ", 40);
  g_autofree char *word = rushes_take_shorten_prompt ("supercalifragilisticexpialidocious", 10);
  g_autofree char *untitled = rushes_take_format_title ("", 0, RUSHES_RECIPE_SEED_RANDOM);
  g_autofree char *alone = rushes_take_format_title ("heron", 0, 7);
  g_autofree char *wide = rushes_take_shorten_prompt ("été à la plage près de l’océan bleu, vagues", 20);

  /* cut at a word boundary, no comma before the ellipsis, 40 at most */
  g_assert_cmpstr (shortened, ==, "a grey heron takes off from the reeds…");
  g_assert_cmpint (g_utf8_strlen (shortened, -1), <=, 40);
  g_assert_cmpstr (title, ==, "a grey heron takes off from the reeds… · #2 · seed 1234");
  g_assert_cmpstr (spaces, ==, "two lines");
  /* one long word: cut inside it */
  g_assert_cmpstr (word, ==, "supercali…");
  g_assert_cmpstr (untitled, ==, "Untitled");
  g_assert_cmpstr (alone, ==, "heron · seed 7");
  /* characters, not bytes */
  g_assert_cmpstr (wide, ==, "été à la plage près…");
  g_assert_true (g_utf8_validate (wide, -1, NULL));
}

static RushesTake *
load_take (const char *media)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  g_autoptr(GError) error = NULL;
  RushesTake *take = rushes_take_new_from_sidecar (sidecar, &error);

  g_assert_no_error (error);
  return take;
}

static void
test_take_rename (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "renamed", NULL);
  g_autofree char *media = make_take (dir, "heron.webm", "a heron at dawn", "2026-03-09T12:00:00Z");
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(RushesTake) again = NULL;
  g_autoptr(RushesTake) reset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  guint notified = 0;

  take = load_take (media);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a heron at dawn · seed 3");
  g_signal_connect (take, "notify::title", G_CALLBACK (test_count_cb), &notified);

  g_assert_true (rushes_take_rename (take, "  Heron,\nthe keeper ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "Heron, the keeper");
  g_object_get (take, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Heron, the keeper");
  g_assert_cmpuint (notified, ==, 1);

  /* on disk: the title, and everything else as it was */
  again = load_take (media);
  g_assert_cmpstr (rushes_take_get_title (again), ==, "Heron, the keeper");
  g_assert_cmpstr (rushes_take_get_job_id (again), ==, "job-1");
  g_assert_cmpstr (rushes_recipe_get_prompt (rushes_take_get_recipe (again)), ==, "a heron at dawn");
  g_assert_cmpint (rushes_recipe_get_seed (rushes_take_get_recipe (again)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (rushes_take_get_info (again), "title"), ==, "Heron, the keeper");
  {
    g_autofree char *clip_title = rushes_take_dup_title_for_path (media);
    g_assert_cmpstr (clip_title, ==, "Heron, the keeper");
  }

  /* blank: back to the automatic title, "title" gone from the sidecar */
  g_assert_true (rushes_take_rename (take, " ", &error));
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a heron at dawn · seed 3");
  reset = load_take (media);
  g_assert_false (json_object_has_member (rushes_take_get_info (reset), "title"));

  /* a sidecar gone bad: a clear error, the title unchanged */
  g_assert_true (g_file_set_contents (sidecar, "{ broken", -1, NULL));
  g_assert_false (rushes_take_rename (take, "anything", &error));
  g_assert_error (error, RUSHES_TAKE_ERROR, RUSHES_TAKE_ERROR_INVALID_SIDECAR);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a heron at dawn · seed 3");
}

static void
test_take_title_variation_trim (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "lineage", NULL);
  g_autofree char *media = g_build_filename (dir, "v2.webm", NULL);
  g_autofree char *trim = g_build_filename (dir, "v2-trim.webm", NULL);
  g_autofree char *old_trim = g_build_filename (dir, "old-trim.webm", NULL);
  g_autoptr(RushesRecipe) recipe = make_recipe ("a heron at dawn", 1234);
  g_autoptr(JsonObject) info = json_object_new ();
  g_autoptr(JsonObject) trim_info = json_object_new ();
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(RushesTake) trimmed = NULL;
  g_autoptr(RushesTake) old = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (media, "video", -1, NULL));
  g_assert_true (g_file_set_contents (trim, "video", -1, NULL));
  g_assert_true (g_file_set_contents (old_trim, "video", -1, NULL));
  json_object_set_int_member (info, "variation", 2);
  g_assert_true (rushes_take_write_sidecar (media, recipe, info, NULL));
  take = load_take (media);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a heron at dawn · #2 · seed 1234");

  /* a trim says what it was cut from */
  rushes_recipe_set_lineage (recipe, "trim", media, 0.5, 1.0);
  json_object_set_string_member (trim_info, "source_title", rushes_take_get_title (take));
  g_assert_true (rushes_take_write_sidecar (trim, recipe, trim_info, NULL));
  trimmed = load_take (trim);
  g_assert_cmpstr (rushes_take_get_title (trimmed), ==, "trim of a heron at dawn · #2 · seed 1234");
  /* one trimmed before titles were recorded: from its recipe */
  g_assert_true (rushes_take_write_sidecar (old_trim, recipe, NULL, NULL));
  old = load_take (old_trim);
  g_assert_cmpstr (rushes_take_get_title (old), ==, "trim of a heron at dawn · seed 1234");

  /* takes the timeline makes from a take say what made them */
  {
    const char *operations[][2] = {
      { "retake", "retake of a heron at dawn · #2 · seed 1234" },
      { "regenerate", "new version of a heron at dawn · #2 · seed 1234" },
      { "extend-end", "extension of a heron at dawn · #2 · seed 1234" },
      { "extend-start", "extension of a heron at dawn · #2 · seed 1234" },
      { "bridge", "bridge from a heron at dawn · #2 · seed 1234" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (operations); i++)
      {
        g_autoptr(RushesTake) made = NULL;

        rushes_recipe_set_lineage (recipe, operations[i][0], media, 0.5, 1.0);
        g_assert_cmpstr (rushes_recipe_get_lineage_operation (recipe), ==, operations[i][0]);
        g_assert_true (rushes_take_write_sidecar (trim, recipe, trim_info, NULL));
        made = load_take (trim);
        g_assert_cmpstr (rushes_take_get_title (made), ==, operations[i][1]);
      }
  }
}

static void
test_library_variation_titles (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "variations", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(FakeBackend) fake = fake_backend_new ("fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("a kite over the dunes", 40);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (fake), 0);
  rushes_job_queue_set_library_dir (queue, dir);
  rushes_job_queue_set_poll_interval (queue, 5);
  rushes_library_follow_queue (library, queue);
  rushes_recipe_set_backend (recipe, "fake");
  rushes_recipe_set_width (recipe, 320);
  rushes_recipe_set_height (recipe, 240);
  rushes_recipe_set_seconds (recipe, 1);
  jobs = rushes_job_queue_submit_variations (queue, recipe, 2, NULL);
  g_assert_nonnull (jobs);
  g_assert_cmpuint (rushes_job_get_variation (g_ptr_array_index (jobs, 0)), ==, 1);
  g_assert_cmpuint (rushes_job_get_variation (g_ptr_array_index (jobs, 1)), ==, 2);

  while (g_list_model_get_n_items (G_LIST_MODEL (library)) < 2)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_ptr_array_add (titles, g_strdup (rushes_take_get_title (take)));
    }
  g_ptr_array_sort (titles, (GCompareFunc) test_compare_strings);
  g_assert_cmpstr (g_ptr_array_index (titles, 0), ==, "a kite over the dunes · #1 · seed 40");
  g_assert_cmpstr (g_ptr_array_index (titles, 1), ==, "a kite over the dunes · #2 · seed 41");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/take/naming", test_take_naming);
  g_test_add_func ("/library/scan", test_library_scan);
  g_test_add_func ("/library/reload-async", test_library_reload_async);
  g_test_add_func ("/library/trash", test_library_trash);
  g_test_add_func ("/library/hide-restore", test_library_hide_restore);
  g_test_add_func ("/library/import", test_library_import);
  g_test_add_func ("/library/follows-queue", test_library_follows_queue);
  g_test_add_func ("/prompt-history/basics", test_history);
  g_test_add_func ("/prompt-history/corrupt", test_history_corrupt);
  g_test_add_func ("/backend-registry/basics", test_registry);
  g_test_add_func ("/backend-registry/bad-file", test_registry_bad_file);
  g_test_add_func ("/take/title-format", test_take_title_format);
  g_test_add_func ("/take/rename", test_take_rename);
  g_test_add_func ("/take/title-variation-trim", test_take_title_variation_trim);
  g_test_add_func ("/library/variation-titles", test_library_variation_titles);

  return g_test_run ();
}
