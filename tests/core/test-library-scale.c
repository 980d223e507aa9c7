/* test-library-scale.c: a library of thousands of takes scans in the
 * background in batches, counts what it cannot read in one summary, and
 * is searched through its index
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <utime.h>
#include <glib/gstdio.h>

#include "rushes-library.h"
#include "test-util.h"

#define N_TAKES 2000

typedef struct
{
  RushesLibrary *library;
  guint          n_changes;
  guint          first_added;       /* takes in the list after the first change */
  gboolean       first_while_scanning;
  gboolean       done;
} ScanWatch;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ScanWatch  *watch)
{
  if (watch->n_changes++ == 0)
    {
      watch->first_added = g_list_model_get_n_items (model);
      watch->first_while_scanning = !watch->done && rushes_library_get_scanning (watch->library);
    }
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ScanWatch *watch = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_library_reload_finish (RUSHES_LIBRARY (object), result, &error));
  g_assert_no_error (error);
  watch->done = TRUE;
}

/* the library folder with a one-byte "media" file to link the takes to */
static char *
make_big_library (const char *word)
{
  g_autofree char *root = test_make_tmp_dir ("rushes-scale-XXXXXX");
  g_autofree char *media = g_build_filename (root, "one.webm", NULL);
  char *dir = g_build_filename (root, "Rushes", NULL);

  g_assert_true (g_file_set_contents (media, "v", 1, NULL));
  test_make_library (dir, media, N_TAKES, N_TAKES / 3, word);
  return dir;
}

static void
assert_newest_first (RushesLibrary *library)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (library));

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(RushesTake) a = g_list_model_get_item (G_LIST_MODEL (library), i - 1);
      g_autoptr(RushesTake) b = g_list_model_get_item (G_LIST_MODEL (library), i);

      g_assert_cmpint (rushes_take_compare (a, b, RUSHES_TAKE_SORT_DATE), <, 0);
    }
}

/* The takes appear as they are found: a few items-changed, the first
 * while the scan still runs; the list ends complete, newest first, with
 * no take twice (one added by hand during the scan included). */
static void
test_scan_batches (void)
{
  g_autofree char *dir = make_big_library (NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autofree char *newest = g_strdup_printf ("%s/take-%05u.webm", dir, N_TAKES - 1);
  ScanWatch watch = { .library = library };
  RushesLibraryScanSummary summary;

  g_signal_connect (library, "items-changed", G_CALLBACK (items_changed_cb), &watch);
  g_assert_false (rushes_library_get_scanning (library));
  rushes_library_reload_async (library, NULL, reload_cb, &watch);
  g_assert_true (rushes_library_get_scanning (library));
  /* a job's take arrives while the scan runs */
  g_assert_nonnull (rushes_library_add_file (library, newest, NULL));
  watch.n_changes = 0;
  test_wait_until (test_cond_flag, &watch.done, 60000);

  g_test_message ("%u items-changed, the first with %u takes", watch.n_changes, watch.first_added);
  g_assert_false (rushes_library_get_scanning (library));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, N_TAKES);
  g_assert_cmpuint (watch.n_changes, >, 2);
  g_assert_cmpuint (watch.n_changes, <, 40);
  g_assert_true (watch.first_while_scanning);
  g_assert_cmpuint (watch.first_added, <, N_TAKES / 4);
  assert_newest_first (library);
  {
    g_autoptr(RushesTake) first = g_list_model_get_item (G_LIST_MODEL (library), 0);

    g_assert_cmpstr (rushes_take_get_path (first), ==, newest);
  }
  rushes_library_get_scan_summary (library, &summary);
  g_assert_cmpuint (summary.n_takes, ==, N_TAKES);
  g_assert_cmpuint (summary.n_unreadable, ==, 0);
  g_assert_null (rushes_library_describe_skipped (library));

  /* a rescan replaces the list, again in batches, with no take twice */
  watch.done = FALSE;
  watch.n_changes = 0;
  rushes_library_reload_async (library, NULL, reload_cb, &watch);
  test_wait_until (test_cond_flag, &watch.done, 60000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, N_TAKES);
  g_assert_cmpuint (watch.n_changes, >, 2);
  assert_newest_first (library);

  test_remove_tree (dir);
}

typedef struct
{
  guint n_changes;
  guint first_len;      /* takes in the list after the first change */
  guint lowest_later;   /* lowest position a later change touched */
} TopWatch;

static void
top_changed_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                TopWatch   *watch)
{
  if (watch->n_changes++ == 0)
    watch->first_len = g_list_model_get_n_items (model);
  else
    watch->lowest_later = MIN (watch->lowest_later, position);
}

/* The scan reads the newest sidecars first, whatever order the folder
 * lists them in: the takes of the first batch are the newest, and no
 * later batch goes above them (a grid's top cells are bound once). */
static void
test_scan_newest_first (void)
{
  g_autofree char *dir = make_big_library (NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autofree guint *order = g_new (guint, N_TAKES);
  ScanWatch watch = { .library = library };
  TopWatch top = { .lowest_later = G_MAXUINT };

  /* written again in a random order, so that the folder's own order is
   * not the takes' (tmpfs lists files newest first, ext4 by a hash);
   * each sidecar's time is its take's (created one minute apart) */
  for (guint i = 0; i < N_TAKES; i++)
    order[i] = i;
  for (guint i = N_TAKES - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), t = order[i];

      order[i] = order[j];
      order[j] = t;
    }
  for (guint k = 0; k < N_TAKES; k++)
    {
      g_autofree char *sidecar = g_strdup_printf ("%s/take-%05u.rushes.json", dir, order[k]);
      g_autofree char *json = NULL;
      gsize len;
      struct utimbuf times;

      g_assert_true (g_file_get_contents (sidecar, &json, &len, NULL));
      g_assert_cmpint (g_unlink (sidecar), ==, 0);
      g_assert_true (g_file_set_contents_full (sidecar, json, len, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
      times.actime = times.modtime = 1767225600 + 60 * (time_t) order[k];  /* 2026-01-01 + i minutes */
      g_assert_cmpint (g_utime (sidecar, &times), ==, 0);
    }

  g_signal_connect (library, "items-changed", G_CALLBACK (top_changed_cb), &top);
  rushes_library_reload_async (library, NULL, reload_cb, &watch);
  test_wait_until (test_cond_flag, &watch.done, 60000);

  g_test_message ("%u items-changed, the first with %u takes, later ones from position %u",
                  top.n_changes, top.first_len, top.lowest_later);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, N_TAKES);
  g_assert_cmpuint (top.n_changes, >, 2);
  g_assert_cmpuint (top.first_len, <, N_TAKES / 4);
  g_assert_cmpuint (top.lowest_later, >=, top.first_len);
  assert_newest_first (library);
  {
    g_autoptr(RushesTake) first = g_list_model_get_item (G_LIST_MODEL (library), 0);
    g_autofree char *newest = g_strdup_printf ("%s/take-%05u.webm", dir, N_TAKES - 1);

    g_assert_cmpstr (rushes_take_get_path (first), ==, newest);
  }

  test_remove_tree (dir);
}

/* Thousands of files that are not takes: counted in one summary, no
 * message per file, the readable takes shown. */
static void
test_scan_bad_files (void)
{
  g_autofree char *root = test_make_tmp_dir ("rushes-bad-XXXXXX");
  g_autofree char *media = g_build_filename (root, "one.webm", NULL);
  g_autofree char *dir = g_build_filename (root, "Rushes", NULL);
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesLibrary) blocking = rushes_library_new (dir);
  g_autofree char *text = NULL;
  ScanWatch watch = { .library = library };
  RushesLibraryScanSummary summary;

  g_assert_true (g_file_set_contents (media, "v", 1, NULL));
  test_make_library (dir, media, 30, 0, NULL);
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *bad = g_strdup_printf ("%s/broken-%04u.rushes.json", dir, i);
      g_autofree char *lost = g_strdup_printf ("%s/lost-%04u.rushes.json", dir, i);
      g_autofree char *bare = g_strdup_printf ("%s/bare-%04u.mp4", dir, i);

      /* not JSON; a sidecar whose media file is gone; media with no sidecar */
      g_assert_true (g_file_set_contents_full (bad, "{ not json", -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
      g_assert_true (g_file_set_contents_full (lost, "{\"version\": 1, \"prompt\": \"x\", \"take\": {\"file\": \"gone.webm\"}}",
                                               -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
      g_assert_true (g_file_set_contents_full (bare, "v", 1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
    }
  /* a hidden file is nobody's business */
  {
    g_autofree char *hidden = g_build_filename (dir, ".directory", NULL);

    g_assert_true (g_file_set_contents (hidden, "x", 1, NULL));
  }

  /* any message would be fatal here (G_DEBUG=fatal-warnings) or noise:
   * none is logged per file */
  rushes_library_reload_async (library, NULL, reload_cb, &watch);
  test_wait_until (test_cond_flag, &watch.done, 60000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (library)), ==, 30);
  rushes_library_get_scan_summary (library, &summary);
  g_assert_cmpuint (summary.n_takes, ==, 30);
  g_assert_cmpuint (summary.n_unreadable, ==, 3000);
  g_assert_cmpuint (summary.n_without_sidecar, ==, 1500);
  text = rushes_library_describe_skipped (library);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "3000 unreadable takes"));
  g_assert_nonnull (strstr (text, "files without a sidecar"));

  /* the blocking scan (the command line) counts the same */
  g_assert_true (rushes_library_reload (blocking, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (blocking)), ==, 30);
  rushes_library_get_scan_summary (blocking, &summary);
  g_assert_cmpuint (summary.n_unreadable, ==, 3000);

  test_remove_tree (root);
}

/* The prompt index: one word in one prompt of thousands, any case. */
static void
test_search_index (void)
{
  g_autofree char *dir = make_big_library ("Zebracorn");
  g_autoptr(RushesLibrary) library = rushes_library_new (dir);
  g_autoptr(RushesTakeQuery) query = rushes_take_query_new ();
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *expected = g_strdup_printf ("%s/take-%05u.webm", dir, N_TAKES / 3);
  ScanWatch watch = { .library = library };

  rushes_library_reload_async (library, NULL, reload_cb, &watch);
  test_wait_until (test_cond_flag, &watch.done, 60000);

  rushes_take_query_set_search (query, "ZEBRACORN dusk");
  found = rushes_library_query (library, query);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (rushes_take_get_path (g_ptr_array_index (found, 0)), ==, expected);
  g_clear_pointer (&found, g_ptr_array_unref);

  rushes_take_query_set_search (query, "lighthouse");
  found = rushes_library_query (library, query);
  g_assert_cmpuint (found->len, ==, N_TAKES);
  g_clear_pointer (&found, g_ptr_array_unref);

  rushes_take_query_set_search (query, "zebracorns");
  found = rushes_library_query (library, query);
  g_assert_cmpuint (found->len, ==, 0);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/library-scale/scan-batches", test_scan_batches);
  g_test_add_func ("/library-scale/scan-newest-first", test_scan_newest_first);
  g_test_add_func ("/library-scale/bad-files", test_scan_bad_files);
  g_test_add_func ("/library-scale/search-index", test_search_index);

  return g_test_run ();
}
