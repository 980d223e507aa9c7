/* rushes-project-recent.c: the list of recently saved and opened projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An XBEL bookmark file in the user data folder, newest first, at most
 * RECENT_MAX entries.
 */

#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include "rushes-core-private.h"
#include "rushes-project.h"

#define RECENT_MAX 20

static char *
recent_file (void)
{
  return g_build_filename (g_get_user_data_dir (), "rushes", "recent-projects.xbel", NULL);
}

static int
recent_compare (gconstpointer a,
                gconstpointer b,
                gpointer      data)
{
  GBookmarkFile *bookmarks = data;
  const char *ua = *(const char **) a, *ub = *(const char **) b;
  GDateTime *ta = g_bookmark_file_get_visited_date_time (bookmarks, ua, NULL);
  GDateTime *tb = g_bookmark_file_get_visited_date_time (bookmarks, ub, NULL);

  if (ta == NULL || tb == NULL)
    return ta ? -1 : tb ? 1 : 0;
  return -g_date_time_compare (ta, tb);
}

/* Local paths, newest first */
static char **
list_recent_from (GBookmarkFile *bookmarks)
{
  GPtrArray *paths = g_ptr_array_new ();
  g_auto(GStrv) uris = NULL;
  gsize n = 0;

  uris = g_bookmark_file_get_uris (bookmarks, &n);
  g_qsort_with_data (uris, n, sizeof (char *), recent_compare, bookmarks);
  for (gsize i = 0; i < n; i++)
    {
      char *path = g_filename_from_uri (uris[i], NULL, NULL);

      if (path)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

char **
rushes_project_list_recent (void)
{
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autofree char *file = recent_file ();

  g_bookmark_file_load_from_file (bookmarks, file, NULL);
  return list_recent_from (bookmarks);
}

void
rushes_project_add_recent (const char *path)
{
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autofree char *file = recent_file ();
  g_autofree char *uri = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uris = NULL;
  gsize length = 0;
  gsize n = 0;

  g_return_if_fail (path != NULL);

  if ((uri = g_filename_to_uri (path, NULL, NULL)) == NULL)
    return;
  g_bookmark_file_load_from_file (bookmarks, file, NULL);
  g_bookmark_file_set_mime_type (bookmarks, uri, "application/x-rushes-project");
  g_bookmark_file_add_application (bookmarks, uri, "rushes", "rushes %f");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_bookmark_file_set_visited_date_time (bookmarks, uri, now);
  }
  uris = g_bookmark_file_get_uris (bookmarks, &n);
  if (n > RECENT_MAX)
    {
      g_auto(GStrv) sorted = list_recent_from (bookmarks);

      for (guint i = RECENT_MAX; sorted[i]; i++)
        {
          g_autofree char *u = g_filename_to_uri (sorted[i], NULL, NULL);
          g_bookmark_file_remove_item (bookmarks, u, NULL);
        }
    }
  data = g_bookmark_file_to_data (bookmarks, &length, NULL);
  if (!_rushes_write_file_atomic (file, data, length, 0644, &error))
    g_warning ("Could not record the recent project: %s", error->message);
}
