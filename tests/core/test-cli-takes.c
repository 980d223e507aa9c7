/* test-cli-takes.c: `rushes takes list|rate|label`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs $RUSHES_EXE with this test's isolated HOME on a folder of takes
 * made here (media files and their sidecars).
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "rushes-take.h"
#include "test-util.h"

static int
run_rushes (char **out,
            char **err,
            const char *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *child_out = NULL;
  g_autofree char *child_err = NULL;
  g_autofree char *registry = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "test-cli-takes-registry.bin", NULL);
  int status = 0;
  va_list args;

  g_assert_nonnull (g_getenv ("RUSHES_EXE"));
  /* GLib's isolated folders are per test case: hand them to the child */
  env = g_environ_setenv (env, "HOME", g_get_home_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  env = g_environ_unsetenv (env, "XDG_VIDEOS_DIR");
  /* one GStreamer registry for all the runs (rushes starts GStreamer; a
   * registry made anew in each test case's own cache is slow) */
  env = g_environ_setenv (env, "GST_REGISTRY", registry, TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("RUSHES_EXE"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &child_out, &child_err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", child_err);
  if (out != NULL)
    *out = g_steal_pointer (&child_out);
  if (err != NULL)
    *err = g_steal_pointer (&child_err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
write_take (const char *dir,
            const char *name,
            const char *prompt,
            const char *created,
            gint64      rating,
            gboolean    rejected)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *file = g_strconcat (name, ".webm", NULL);
  char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "video", -1, NULL));
  rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_backend (recipe, "sketch");
  json_object_set_string_member (info, "created", created);
  if (rating != 0)
    json_object_set_int_member (info, "rating", rating);
  if (rejected)
    json_object_set_boolean_member (info, "rejected", TRUE);
  g_assert_true (rushes_take_write_sidecar (path, recipe, info, NULL));
  return path;
}

/* the "take" member of path's sidecar, as on disk */
static JsonObject *
take_member (const char *path)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, sidecar, NULL));
  return json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                         "take"));
}

/* the file names (without .webm) in the fourth column of each line */
static char *
listed_names (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GString *str = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *base = NULL;

      if (lines[i][0] == '\0')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      base = g_path_get_basename (fields[3]);
      if (str->len > 0)
        g_string_append_c (str, ' ');
      g_string_append_len (str, base, strlen (base) - strlen (".webm"));
    }
  return g_string_free (str, FALSE);
}

#define assert_listed(expected, ...) \
  G_STMT_START { \
    g_autofree char *out_ = NULL; \
    g_autofree char *names_ = NULL; \
    g_assert_cmpint (run_rushes (&out_, NULL, "takes", "list", __VA_ARGS__, NULL), ==, 0); \
    names_ = listed_names (out_); \
    g_assert_cmpstr (names_, ==, (expected)); \
  } G_STMT_END

static void
make_folder (const char *dir)
{
  g_free (write_take (dir, "a", "A grey heron at DAWN", "2026-01-01T08:00:00Z", 5, FALSE));
  g_free (write_take (dir, "b", "heron landing at dawn", "2026-01-02T08:00:00Z", 2, FALSE));
  g_free (write_take (dir, "c", "a kite over the dunes", "2026-01-03T08:00:00Z", 4, TRUE));
  g_free (write_take (dir, "d", "a heron, a kite", "2026-01-04T08:00:00Z", 0, FALSE));
}

static void
test_takes_list (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "shots", NULL);
  g_autofree char *library = g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *first;

  make_folder (dir);
  assert_listed ("d b a", "--folder", dir);
  assert_listed ("d c b a", "--folder", dir, "--rejected");
  assert_listed ("b a", "--folder", dir, "--search", "Heron  dawn");
  assert_listed ("a", "--folder", dir, "--search", "heron", "--min-rating", "3");
  assert_listed ("c a", "--folder", dir, "--min-rating", "4", "--rejected");
  assert_listed ("a b d", "--folder", dir, "--sort", "rating");
  assert_listed ("", "--folder", dir, "--search", "pelican");
  /* without --folder: the library folder (the default one here) */
  make_folder (library);
  assert_listed ("d b a", "--search", "");

  /* the stars, in the first column */
  g_assert_cmpint (run_rushes (&out, NULL, "takes", "list", "--folder", dir, "--search", "grey", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "★★★★★\t"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_rushes (&out, NULL, "takes", "list", "--folder", dir, "--json", "--rejected",
                               "--search", "kite", NULL), ==, 0);
  root = json_from_string (out, NULL);
  g_assert_nonnull (root);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  first = json_array_get_object_element (array, 0);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (first, "path"), "/d.webm"));
  g_assert_cmpint (json_object_get_int_member (first, "rating"), ==, 0);
  g_assert_false (json_object_get_boolean_member (first, "rejected"));
  g_assert_cmpstr (json_object_get_string_member (first, "prompt"), ==, "a heron, a kite");
  g_assert_cmpstr (json_object_get_string_member (first, "backend"), ==, "sketch");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 1), "rating"), ==, 4);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 1), "rejected"));

  /* bad usage */
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "list", "--min-rating", "9", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--min-rating"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "list", "--sort", "size", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "list", "--folder", "/nonexistent/x", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/x"));
}

static void
test_takes_rate (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "rate", NULL);
  g_autofree char *take = write_take (dir, "t", "a heron", "2026-01-01T08:00:00Z", 0, FALSE);
  g_autofree char *sidecar = rushes_take_sidecar_path_for (take);
  g_autofree char *stray = g_build_filename (dir, "stray.webm", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) member = NULL;

  g_assert_cmpint (run_rushes (NULL, NULL, "takes", "rate", take, "4", NULL), ==, 0);
  member = take_member (take);
  g_assert_cmpint (json_object_get_int_member (member, "rating"), ==, 4);
  g_assert_false (json_object_has_member (member, "rejected"));
  g_clear_pointer (&member, json_object_unref);

  /* reject keeps the stars; given the sidecar's path as well */
  g_assert_cmpint (run_rushes (NULL, NULL, "takes", "rate", sidecar, "reject", NULL), ==, 0);
  member = take_member (take);
  g_assert_cmpint (json_object_get_int_member (member, "rating"), ==, 4);
  g_assert_true (json_object_get_boolean_member (member, "rejected"));
  g_clear_pointer (&member, json_object_unref);
  assert_listed ("", "--folder", dir);

  /* stars take a reject back */
  g_assert_cmpint (run_rushes (NULL, NULL, "takes", "rate", take, "2", NULL), ==, 0);
  member = take_member (take);
  g_assert_cmpint (json_object_get_int_member (member, "rating"), ==, 2);
  g_assert_false (json_object_has_member (member, "rejected"));
  g_clear_pointer (&member, json_object_unref);

  g_assert_cmpint (run_rushes (NULL, NULL, "takes", "label", take, "green", NULL), ==, 0);
  g_assert_cmpint (run_rushes (NULL, NULL, "takes", "rate", take, "clear", NULL), ==, 0);
  member = take_member (take);
  g_assert_false (json_object_has_member (member, "rating"));
  g_assert_false (json_object_has_member (member, "rejected"));
  g_assert_cmpstr (json_object_get_string_member (member, "label"), ==, "green");
  g_assert_cmpstr (json_object_get_string_member (member, "file"), ==, "t.webm");

  /* refused: nothing written */
  g_assert_true (g_file_get_contents (sidecar, &before, NULL, NULL));
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "rate", take, "9", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "9"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "rate", take, "three", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "label", take, "teal", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (sidecar, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* no take there */
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "rate", "/nonexistent/x.webm", "3", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent/x.webm"));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_set_contents (stray, "video", -1, NULL));
  g_assert_cmpint (run_rushes (NULL, &err, "takes", "rate", stray, "3", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no sidecar"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/takes/list", test_takes_list);
  g_test_add_func ("/cli/takes/rate", test_takes_rate);

  return g_test_run ();
}
