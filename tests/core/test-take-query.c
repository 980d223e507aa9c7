/* test-take-query.c: ratings, rejects and labels in the sidecar; search,
 * filters and sorting of the library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "rushes-library.h"
#include "rushes-take-private.h"
#include "test-util.h"

typedef struct
{
  const char *name;
  const char *prompt;
  const char *backend;
  const char *model;
  const char *created;
  double      seconds;
  const char *culling;   /* extra JSON members of "take", or NULL */
} TakeSpec;

/* a media file and its sidecar; the culling members written raw, as
 * another tool (or a hand) would */
static char *
write_take (const char     *dir,
            const TakeSpec *spec)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *file = g_strconcat (spec->name, ".webm", NULL);
  char *path = g_build_filename (dir, file, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "video", -1, NULL));
  rushes_recipe_set_prompt (recipe, spec->prompt);
  rushes_recipe_set_backend (recipe, spec->backend ? spec->backend : "sketch");
  rushes_recipe_set_model (recipe, spec->model);
  rushes_recipe_set_seconds (recipe, spec->seconds > 0 ? spec->seconds : 2);
  rushes_recipe_set_seed (recipe, 7);
  json_object_set_string_member (info, "created", spec->created ? spec->created : "2026-01-01T12:00:00Z");
  json_object_set_string_member (info, "job_id", "job-1");
  if (spec->culling != NULL)
    {
      g_autofree char *text = g_strdup_printf ("{%s}", spec->culling);
      g_autoptr(JsonNode) extra = json_from_string (text, NULL);
      g_autoptr(GList) members = NULL;

      g_assert_nonnull (extra);
      members = json_object_get_members (json_node_get_object (extra));
      for (GList *l = members; l; l = l->next)
        json_object_set_member (info, l->data,
                                json_node_copy (json_object_get_member (json_node_get_object (extra), l->data)));
    }
  g_assert_true (rushes_take_write_sidecar (path, recipe, info, NULL));
  return path;
}

static RushesTake *
load (const char *media)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  g_autoptr(GError) error = NULL;
  RushesTake *take = rushes_take_new_from_sidecar (sidecar, &error);

  g_assert_no_error (error);
  return take;
}

/* the sidecar's "take" member as it is on disk */
static JsonObject *
read_take_member (const char *media)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, sidecar, NULL));
  return json_object_ref (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "take"));
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_rating_round_trip (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "rated", NULL);
  TakeSpec spec = { "heron", "a heron at dawn" };
  g_autofree char *media = write_take (dir, &spec);
  g_autoptr(RushesTake) take = load (media);
  g_autoptr(RushesTake) again = NULL;
  g_autoptr(JsonObject) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  guint n_rating = 0, n_rejected = 0, n_label = 0;

  g_assert_cmpuint (rushes_take_get_rating (take), ==, 0);
  g_assert_false (rushes_take_get_rejected (take));
  g_assert_cmpint (rushes_take_get_label (take), ==, RUSHES_TAKE_LABEL_NONE);
  g_assert_true (rushes_take_is_unrated (take));
  g_signal_connect (take, "notify::rating", G_CALLBACK (count_cb), &n_rating);
  g_signal_connect (take, "notify::rejected", G_CALLBACK (count_cb), &n_rejected);
  g_signal_connect (take, "notify::label", G_CALLBACK (count_cb), &n_label);

  g_assert_true (rushes_take_rename (take, "Best heron", NULL));
  g_assert_true (rushes_take_set_rating (take, 4, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (rushes_take_set_label (take, RUSHES_TAKE_LABEL_GREEN, NULL));
  g_assert_cmpuint (n_rating, ==, 1);
  g_assert_cmpuint (n_label, ==, 1);
  g_assert_false (rushes_take_is_unrated (take));

  /* on disk, in the "take" member, with everything else kept */
  member = read_take_member (media);
  g_assert_cmpint (json_object_get_int_member (member, "rating"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (member, "label"), ==, "green");
  g_assert_false (json_object_has_member (member, "rejected"));
  g_assert_cmpstr (json_object_get_string_member (member, "title"), ==, "Best heron");
  g_assert_cmpstr (json_object_get_string_member (member, "job_id"), ==, "job-1");
  again = load (media);
  g_assert_cmpuint (rushes_take_get_rating (again), ==, 4);
  g_assert_cmpint (rushes_take_get_label (again), ==, RUSHES_TAKE_LABEL_GREEN);
  g_assert_cmpstr (rushes_take_get_title (again), ==, "Best heron");
  g_clear_object (&again);
  g_clear_pointer (&member, json_object_unref);

  /* rejected keeps the stars */
  g_assert_true (rushes_take_set_rating (take, 4, TRUE, NULL));
  g_assert_cmpuint (n_rejected, ==, 1);
  g_assert_cmpuint (n_rating, ==, 1);
  again = load (media);
  g_assert_true (rushes_take_get_rejected (again));
  g_assert_cmpuint (rushes_take_get_rating (again), ==, 4);
  g_clear_object (&again);

  /* a rating out of range is refused and nothing is written */
  g_assert_true (g_file_get_contents (sidecar, &before, NULL, NULL));
  g_assert_false (rushes_take_set_rating (take, 9, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (sidecar, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (rushes_take_get_rating (take), ==, 4);

  /* cleared: the members go, and the take is unrated again */
  g_assert_true (rushes_take_set_rating (take, 0, FALSE, NULL));
  g_assert_true (rushes_take_set_label (take, RUSHES_TAKE_LABEL_NONE, NULL));
  g_assert_true (rushes_take_is_unrated (take));
  member = read_take_member (media);
  g_assert_false (json_object_has_member (member, "rating"));
  g_assert_false (json_object_has_member (member, "rejected"));
  g_assert_false (json_object_has_member (member, "label"));
  g_assert_cmpstr (json_object_get_string_member (member, "title"), ==, "Best heron");
  g_assert_cmpuint (n_rating, ==, 2);
  g_assert_cmpuint (n_rejected, ==, 2);
  g_assert_cmpuint (n_label, ==, 2);

  /* a trim's sidecar is written anew from its recipe and lineage: the
   * source's rating does not come with it */
  g_assert_true (rushes_take_set_rating (take, 5, FALSE, NULL));
  {
    g_autofree char *trim = g_build_filename (dir, "heron-trim.webm", NULL);
    g_autoptr(RushesRecipe) recipe = rushes_recipe_copy (rushes_take_get_recipe (take));
    g_autoptr(JsonObject) info = json_object_new ();
    g_autoptr(RushesTake) trimmed = NULL;

    g_assert_true (g_file_set_contents (trim, "video", -1, NULL));
    rushes_recipe_set_lineage (recipe, "trim", media, 0.5, 1.0);
    json_object_set_string_member (info, "source_title", rushes_take_get_title (take));
    g_assert_true (rushes_take_write_sidecar (trim, recipe, info, NULL));
    trimmed = load (trim);
    g_assert_true (rushes_take_is_unrated (trimmed));
    again = load (media);
    g_assert_cmpuint (rushes_take_get_rating (again), ==, 5);
  }
}

static void
test_rating_hostile (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "hostile", NULL);
  static const struct
  {
    const char *culling;
    const char *warning;
    gboolean    kept;    /* rating a take leaves it in the sidecar */
  } cases[] = {
    { "\"rating\": 99", "*rating 99*" },
    { "\"rating\": -1", "*rating -1*" },
    { "\"rating\": \"three\"", "*\"rating\", which is not a whole number*" },
    { "\"rating\": 3.5", "*\"rating\", which is not a whole number*" },
    { "\"rating\": [5]", "*\"rating\", which is not a whole number*" },
    { "\"rejected\": \"yes\"", "*\"rejected\", which is not true or false*" },
    { "\"label\": \"chartreuse\"", "*label \"chartreuse\"*", TRUE },
    { "\"label\": 5", "*\"label\", which is not a string*", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u", i);
      TakeSpec spec = { name, "a heron at dawn", .culling = cases[i].culling };
      g_autofree char *media = write_take (dir, &spec);
      g_autoptr(RushesTake) take = NULL;

      g_test_expect_message ("rushes-take", G_LOG_LEVEL_WARNING, cases[i].warning);
      take = load (media);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (rushes_take_get_rating (take), ==, 0);
      g_assert_false (rushes_take_get_rejected (take));
      g_assert_cmpint (rushes_take_get_label (take), ==, RUSHES_TAKE_LABEL_NONE);
      /* and it can be rated over what was there */
      g_assert_true (rushes_take_set_rating (take, 2, FALSE, NULL));
      g_clear_object (&take);
      if (cases[i].kept)
        g_test_expect_message ("rushes-take", G_LOG_LEVEL_WARNING, cases[i].warning);
      take = load (media);
      g_test_assert_expected_messages ();
      g_assert_cmpuint (rushes_take_get_rating (take), ==, 2);
    }
  /* null is no value */
  {
    TakeSpec spec = { "null", "x", .culling = "\"rating\": null, \"label\": \"RED\"" };
    g_autofree char *media = write_take (dir, &spec);
    g_autoptr(RushesTake) take = load (media);

    g_assert_cmpuint (rushes_take_get_rating (take), ==, 0);
    g_assert_cmpint (rushes_take_get_label (take), ==, RUSHES_TAKE_LABEL_RED);
  }
}

/* a generated library: names in the order each sort must give */
static const TakeSpec library_specs[] = {
  { "t01", "A grey Heron at dawn", "sketch", "lines", "2026-01-01T08:00:00Z", 4, "\"rating\": 5" },
  { "t02", "heron\tlanding on water at DAWN", "comfy", "wan", "2026-01-02T08:00:00Z", 6, "\"rating\": 3" },
  { "t03", "a kite over the dunes", "comfy", "wan", "2026-01-03T08:00:00Z", 2, "\"rating\": 4, \"rejected\": true" },
  { "t04", "Reiher in der Dämmerung", "fal", "ltx", "2026-01-04T08:00:00Z", 8, NULL },
  { "t05", "a heron, a kite", "fal", "ltx", "2026-01-05T08:00:00Z", 1,
    "\"rating\": 1, \"sweep\": {\"id\": \"sw-1\", \"field\": \"seed\", \"value\": 3}" },
  { "t06", "DÄMMERUNG über dem See", "sketch", "lines", "2026-01-06T08:00:00Z", 3,
    "\"rejected\": true, \"sweep\": {\"id\": \"sw-1\", \"field\": \"seed\", \"value\": 4}" },
};

static char *
names_of (GPtrArray *takes)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < takes->len; i++)
    {
      g_autofree char *base = g_path_get_basename (rushes_take_get_path (g_ptr_array_index (takes, i)));

      if (str->len > 0)
        g_string_append_c (str, ' ');
      g_string_append_len (str, base, strlen (base) - strlen (".webm"));
    }
  return g_string_free (str, FALSE);
}

static char *
run_query (RushesLibrary   *library,
           RushesTakeQuery *query)
{
  g_autoptr(GPtrArray) found = rushes_library_query (library, query);

  /* rushes_take_matches() agrees with the library's list */
  for (guint i = 0; i < found->len; i++)
    g_assert_true (rushes_take_matches (g_ptr_array_index (found, i), query));
  return names_of (found);
}

#define assert_query(library, query, expected) \
  G_STMT_START { \
    g_autofree char *names_ = run_query ((library), (query)); \
    g_assert_cmpstr (names_, ==, (expected)); \
  } G_STMT_END

static void
test_library_query (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "culled", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesTakeQuery) query = rushes_take_query_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (library_specs); i++)
    g_free (write_take (dir, &library_specs[i]));
  /* files without sidecars and unreadable sidecars are no takes */
  {
    g_autofree char *stray = g_build_filename (dir, "stray.webm", NULL);
    g_autofree char *broken = g_build_filename (dir, "broken.rushes.json", NULL);

    g_assert_true (g_file_set_contents (stray, "video", -1, NULL));
    g_assert_true (g_file_set_contents (broken, "{ \"rating\": 99", -1, NULL));
  }
  g_assert_true (rushes_library_reload (library, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 6);

  /* the default: newest first, rejected takes hidden */
  g_assert_true (rushes_take_query_is_default (query));
  assert_query (library, query, "t05 t04 t02 t01");
  query->show_rejected = TRUE;
  assert_query (library, query, "t06 t05 t04 t03 t02 t01");
  query->show_rejected = FALSE;

  /* search: all words, any case, over the prompt (any white space in it) */
  rushes_take_query_set_search (query, "HERON  dawn");
  assert_query (library, query, "t02 t01");
  g_assert_false (rushes_take_query_is_default (query));
  rushes_take_query_set_search (query, "heron");
  assert_query (library, query, "t05 t02 t01");
  rushes_take_query_set_search (query, "dämmerung");
  assert_query (library, query, "t04");
  query->show_rejected = TRUE;
  assert_query (library, query, "t06 t04");
  query->show_rejected = FALSE;
  rushes_take_query_set_search (query, "heron pelican");
  assert_query (library, query, "");
  rushes_take_query_set_search (query, " \t ");
  g_assert_null (query->search_words);
  assert_query (library, query, "t05 t04 t02 t01");
  rushes_take_query_set_search (query, NULL);

  /* min rating */
  query->min_rating = 3;
  assert_query (library, query, "t02 t01");
  query->min_rating = 4;
  query->show_rejected = TRUE;
  assert_query (library, query, "t03 t01");
  query->show_rejected = FALSE;
  query->min_rating = 0;

  /* backend, model */
  rushes_take_query_set_string (&query->backend, "comfy");
  assert_query (library, query, "t02");
  rushes_take_query_set_string (&query->backend, "");
  g_assert_null (query->backend);
  rushes_take_query_set_string (&query->model, "ltx");
  assert_query (library, query, "t05 t04");
  rushes_take_query_set_string (&query->model, NULL);
  /* the same from the search: backend:ID model:NAME sweep:ID */
  rushes_take_query_set_search (query, "Backend:COMFY heron");
  assert_query (library, query, "t02");
  g_assert_cmpstr (query->backend, ==, "comfy");
  rushes_take_query_set_search (query, "model:ltx");
  g_assert_null (query->backend);
  g_assert_null (query->search_words);
  assert_query (library, query, "t05 t04");
  rushes_take_query_set_search (query, "sweep:SW-1 kite");
  assert_query (library, query, "t05");
  rushes_take_query_set_search (query, "model: heron");
  assert_query (library, query, "t05 t02 t01");
  rushes_take_query_set_search (query, NULL);
  g_assert_null (query->sweep_id);

  /* date range: [after, before) */
  query->after = g_date_time_new_from_iso8601 ("2026-01-02T08:00:00Z", NULL);
  query->before = g_date_time_new_from_iso8601 ("2026-01-05T08:00:00Z", NULL);
  assert_query (library, query, "t04 t02");
  g_clear_pointer (&query->after, g_date_time_unref);
  g_clear_pointer (&query->before, g_date_time_unref);

  /* sweep */
  rushes_take_query_set_string (&query->sweep_id, "sw-1");
  assert_query (library, query, "t05");
  query->show_rejected = TRUE;
  assert_query (library, query, "t06 t05");
  rushes_take_query_set_string (&query->sweep_id, "sw-2");
  assert_query (library, query, "");
  rushes_take_query_set_string (&query->sweep_id, NULL);

  /* sorts: ties newest first */
  query->sort = RUSHES_TAKE_SORT_RATING;
  assert_query (library, query, "t01 t03 t02 t05 t06 t04");
  query->sort = RUSHES_TAKE_SORT_DURATION;
  assert_query (library, query, "t04 t02 t01 t06 t03 t05");
  query->sort = RUSHES_TAKE_SORT_DATE;
  assert_query (library, query, "t06 t05 t04 t03 t02 t01");

  /* a rating changed in the app counts at once */
  {
    g_autoptr(RushesTake) take = g_list_model_get_item (G_LIST_MODEL (library), 2);

    g_assert_true (g_str_has_suffix (rushes_take_get_path (take), "t04.webm"));
    g_assert_true (rushes_take_set_rating (take, 5, FALSE, NULL));
    query->show_rejected = FALSE;
    query->min_rating = 5;
    assert_query (library, query, "t04 t01");
  }

  /* all of that on what the takes hold: no recipe was read again (a
   * library of 10 000 takes keeps none in memory) */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (library)); i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_assert_null (_rushes_take_peek_recipe (take));
    }
}

/* The recipe and info read when asked for are the sidecar's, exactly;
 * what the take holds for the library agrees with them. */
static void
test_lazy_recipe (void)
{
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "lazy", NULL);
  static const TakeSpec spec = {
    "lazy", "a  heron\ttakes off\nat dawn, mist", "comfy", "wan-2.1", "2026-01-03T09:00:00Z", 4.5,
    "\"duration\": 3.25, \"width\": 640, \"height\": 360, \"variation\": 2, \"rating\": 3, "
    "\"label\": \"green\", \"sweep\": {\"id\": \"sw-9\", \"field\": \"seed\"}, \"backend_report\": {\"gpu\": \"x\"}"
  };
  g_autofree char *media = write_take (dir, &spec);
  g_autofree char *sidecar = rushes_take_sidecar_path_for (media);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(RushesRecipe) expected = NULL;
  g_autoptr(JsonNode) expected_info = NULL;
  g_autoptr(JsonNode) info_node = NULL;
  g_autoptr(RushesTake) take = load (media);
  g_autoptr(RushesTake) gone = load (media);
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;
  RushesRecipe *recipe;

  g_assert_true (g_file_get_contents (sidecar, &text, NULL, NULL));
  root = json_from_string (text, NULL);
  expected = rushes_recipe_new_from_json_node (root, NULL);
  g_assert_nonnull (expected);
  expected_info = json_node_copy (json_object_get_member (json_node_get_object (root), "take"));

  /* held: what the library shows, searches, sorts and filters on */
  g_assert_null (_rushes_take_peek_recipe (take));
  g_assert_cmpstr (rushes_take_get_prompt (take), ==, rushes_recipe_get_prompt (expected));
  g_assert_cmpstr (rushes_take_get_backend_id (take), ==, "comfy");
  g_assert_cmpstr (rushes_take_get_model (take), ==, "wan-2.1");
  /* interned: the same string for every take of a backend */
  g_assert_true (rushes_take_get_model (take) == g_intern_static_string ("wan-2.1"));
  g_assert_cmpstr (rushes_take_get_sweep_id (take), ==, "sw-9");
  g_assert_cmpfloat (rushes_take_get_seconds (take), ==, 3.25);
  g_assert_cmpuint (rushes_take_get_width (take), ==, 640);
  g_assert_cmpuint (rushes_take_get_height (take), ==, 360);
  g_assert_cmpuint (rushes_take_get_rating (take), ==, 3);
  g_assert_cmpint (rushes_take_get_label (take), ==, RUSHES_TAKE_LABEL_GREEN);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "a heron takes off at dawn, mist · #2 · seed 7");
  g_assert_nonnull (strstr (rushes_take_get_search_text (take), "heron takes off"));
  g_assert_null (_rushes_take_peek_recipe (take));

  /* asked for: the sidecar's recipe and "take" member, exactly */
  recipe = rushes_take_get_recipe (take);
  g_assert_nonnull (recipe);
  g_assert_true (_rushes_take_peek_recipe (take) == recipe);
  want = rushes_recipe_to_json (expected);
  have = rushes_recipe_to_json (recipe);
  g_assert_cmpstr (have, ==, want);
  g_assert_true (rushes_recipe_equal (recipe, expected));
  info_node = json_node_init_object (json_node_alloc (), rushes_take_get_info (take));
  g_assert_true (json_node_equal (info_node, expected_info));
  g_assert_cmpstr (rushes_take_get_job_id (take), ==, "job-1");

  /* an edit keeps the recipe the take handed out; the title follows */
  g_assert_true (rushes_take_rename (take, "Heron, take two", NULL));
  g_assert_true (rushes_take_get_recipe (take) == recipe);
  g_assert_cmpstr (rushes_take_get_title (take), ==, "Heron, take two");
  g_assert_cmpstr (json_object_get_string_member (rushes_take_get_info (take), "title"), ==, "Heron, take two");
  g_assert_cmpuint (rushes_take_get_width (take), ==, 640);

  /* the sidecar gone since the scan: the take still has a recipe, from
   * what it holds, and says why */
  g_assert_cmpint (g_remove (sidecar), ==, 0);
  g_test_expect_message ("rushes-take", G_LOG_LEVEL_WARNING, "*Could not read*lazy.rushes.json*");
  recipe = rushes_take_get_recipe (gone);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, rushes_recipe_get_prompt (expected));
  g_assert_cmpstr (rushes_recipe_get_model (recipe), ==, "wan-2.1");
  g_assert_cmpstr (rushes_take_get_title (gone), ==, "a heron takes off at dawn, mist · #2 · seed 7");
}

static void
test_sort_names (void)
{
  RushesTakeSort sort = RUSHES_TAKE_SORT_DATE;

  g_assert_true (rushes_take_sort_from_string ("rating", &sort));
  g_assert_cmpint (sort, ==, RUSHES_TAKE_SORT_RATING);
  g_assert_true (rushes_take_sort_from_string ("duration", &sort));
  g_assert_cmpint (sort, ==, RUSHES_TAKE_SORT_DURATION);
  g_assert_false (rushes_take_sort_from_string ("size", &sort));
  g_assert_cmpstr (rushes_take_sort_to_string (RUSHES_TAKE_SORT_DATE), ==, "date");
  g_assert_cmpint (rushes_take_label_from_string ("Purple"), ==, RUSHES_TAKE_LABEL_PURPLE);
  g_assert_cmpint (rushes_take_label_from_string ("teal"), ==, RUSHES_TAKE_LABEL_NONE);
  g_assert_cmpstr (rushes_take_label_to_string (RUSHES_TAKE_LABEL_YELLOW), ==, "yellow");
  g_assert_null (rushes_take_label_to_string (RUSHES_TAKE_LABEL_NONE));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/take/rating-round-trip", test_rating_round_trip);
  g_test_add_func ("/take/rating-hostile", test_rating_hostile);
  g_test_add_func ("/take-query/library", test_library_query);
  g_test_add_func ("/take/lazy-recipe", test_lazy_recipe);
  g_test_add_func ("/take-query/names", test_sort_names);

  return g_test_run ();
}
