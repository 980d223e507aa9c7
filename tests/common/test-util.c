/* test-util.c: main-loop waits and temporary folders shared by every suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "test-util.h"

void
test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
test_wait_until (TestCondFunc cond,
                 gpointer     data,
                 guint        timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);
  /* conditions set by workers do not wake the main context */
  guint tick = g_timeout_add (5, tick_cb, NULL);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out after %u ms", timeout_ms);
  g_source_remove (id);
  g_source_remove (tick);
}

void
test_wait_flag (const gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

void
test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

gboolean
test_cond_flag (gpointer flag)
{
  return *(gboolean *) flag;
}

gboolean
test_cond_cleared (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}

char *
test_make_tmp_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      test_remove_tree (child);
    }
  if (dir != NULL)
    g_rmdir (path);
  else
    g_unlink (path);
}

guint
test_count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Sidecars of version-1 recipes as Rushes writes them (the fields a
 * library scan reads), without a flush each: thousands in a test. */
void
test_make_library (const char *dir,
                   const char *media,
                   guint       n,
                   guint       unique_index,
                   const char *unique_word)
{
  g_autofree char *ext = g_strdup (strrchr (media, '.') != NULL ? strrchr (media, '.') : ".webm");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *file = g_strdup_printf ("take-%05u%s", i, ext);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *sidecar = g_strdup_printf ("%s/take-%05u.rushes.json", dir, i);
      g_autofree char *json = NULL;

      if (link (media, path) != 0)
        g_error ("cannot link %s to %s: %s", media, path, g_strerror (errno));
      /* one minute apart, newest last; a word in exactly one prompt */
      json = g_strdup_printf ("{\"version\": 1, \"prompt\": \"a lighthouse at dusk, variation %u%s%s\", "
                              "\"backend\": \"sketch\", \"model\": \"\", \"seconds\": 1, \"fps\": 24, "
                              "\"width\": 320, \"height\": 240, \"seed\": %u, "
                              "\"take\": {\"file\": \"%s\", \"created\": \"2026-01-%02uT%02u:%02u:00Z\"}}\n",
                              i, i == unique_index && unique_word ? " " : "",
                              i == unique_index && unique_word ? unique_word : "", i, file,
                              1 + i / 1440, (i / 60) % 24, i % 60);
      g_assert_true (g_file_set_contents_full (sidecar, json, -1, G_FILE_SET_CONTENTS_NONE, 0644, NULL));
    }
}
