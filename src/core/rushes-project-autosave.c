/* rushes-project-autosave.c: a project's autosaves, and recovering them after a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An autosave is a .rushes file with "autosave-of" (the path the project
 * was saved under) written every RUSHES_PROJECT_AUTOSAVE_INTERVAL seconds
 * and shortly after each change; a clean close discards it.
 */

#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-project-private.h"

#define AUTOSAVE_DELAY_MS 2000

char *
rushes_project_get_autosave_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "rushes", "autosave", NULL);
}

static gboolean
autosave_soon_cb (gpointer data)
{
  RushesProject *self = data;
  g_autoptr(GError) error = NULL;

  self->autosave_soon_id = 0;
  if (!rushes_project_autosave_now (self, &error))
    g_warning ("Autosave failed: %s", error->message);
  return G_SOURCE_REMOVE;
}

void
_rushes_project_autosave_soon (RushesProject *self)
{
  if (self->autosave_path && self->autosave_soon_id == 0)
    self->autosave_soon_id = g_timeout_add (AUTOSAVE_DELAY_MS, autosave_soon_cb, self);
}

static gboolean
autosave_timer_cb (gpointer data)
{
  RushesProject *self = data;
  g_autoptr(GError) error = NULL;

  if (!rushes_project_autosave_now (self, &error))
    g_warning ("Autosave failed: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
rushes_project_enable_autosave (RushesProject *self,
                                const char    *dir)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uuid = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (self));

  if (self->autosave_path == NULL)
    {
      if (dir == NULL)
        dir = default_dir = rushes_project_get_autosave_dir ();
      uuid = g_uuid_string_random ();
      name = g_strdup_printf ("autosave-%s" RUSHES_PROJECT_EXTENSION, uuid);
      self->autosave_path = g_build_filename (dir, name, NULL);
    }
  if (self->autosave_timer_id == 0)
    self->autosave_timer_id = g_timeout_add_seconds (RUSHES_PROJECT_AUTOSAVE_INTERVAL,
                                                     autosave_timer_cb, self);
}

const char *
rushes_project_get_autosave_path (RushesProject *self)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);
  return self->autosave_path;
}

gboolean
rushes_project_autosave_now (RushesProject  *self,
                             GError        **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);

  g_clear_handle_id (&self->autosave_soon_id, g_source_remove);
  if (self->autosave_path == NULL || !self->autosave_dirty)
    return TRUE;

  node = _rushes_project_to_json_node (self, self->path ? self->path : "");
  json = _rushes_json_to_string (node, TRUE);
  if (!_rushes_project_write_file (self->autosave_path, json, error))
    return FALSE;
  self->autosave_dirty = FALSE;
  return TRUE;
}

void
rushes_project_discard_autosave (RushesProject *self)
{
  g_return_if_fail (RUSHES_IS_PROJECT (self));

  g_clear_handle_id (&self->autosave_soon_id, g_source_remove);
  g_clear_handle_id (&self->autosave_timer_id, g_source_remove);
  if (self->autosave_path)
    {
      if (g_unlink (self->autosave_path) != 0 && errno != ENOENT)
        g_warning ("Could not remove %s: %s", self->autosave_path, g_strerror (errno));
      g_clear_pointer (&self->autosave_path, g_free);
    }
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Found;

static int
found_compare (gconstpointer a,
               gconstpointer b)
{
  const Found *fa = a, *fb = b;

  return fa->mtime < fb->mtime ? 1 : fa->mtime > fb->mtime ? -1 : g_strcmp0 (fa->path, fb->path);
}

char **
rushes_project_list_recoverable (const char *dir)
{
  g_autofree char *default_dir = NULL;
  g_autoptr(GDir) d = NULL;
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  GPtrArray *paths = g_ptr_array_new ();
  const char *name;

  if (dir == NULL)
    dir = default_dir = rushes_project_get_autosave_dir ();
  if ((d = g_dir_open (dir, 0, NULL)) != NULL)
    while ((name = g_dir_read_name (d)) != NULL)
      {
        Found f;
        GStatBuf st;

        if (!g_str_has_prefix (name, "autosave-") || !g_str_has_suffix (name, RUSHES_PROJECT_EXTENSION))
          continue;
        f.path = g_build_filename (dir, name, NULL);
        f.mtime = g_stat (f.path, &st) == 0 ? (gint64) st.st_mtime : 0;
        g_array_append_val (found, f);
      }
  g_array_sort (found, found_compare);
  for (guint i = 0; i < found->len; i++)
    {
      Found *f = &g_array_index (found, Found, i);

      g_ptr_array_add (paths, f->path);
    }
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

RushesProject *
rushes_project_recover (const char  *autosave_path,
                        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *autosave_of = NULL;
  RushesProject *self;
  gsize length;

  g_return_val_if_fail (autosave_path != NULL, NULL);

  if ((contents = _rushes_project_read_file (autosave_path, &length, error)) == NULL)
    return NULL;
  if ((self = _rushes_project_from_json (contents, length, NULL, &autosave_of, error)) == NULL)
    return NULL;
  if (autosave_of && *autosave_of)
    self->path = g_strdup (autosave_of);
  self->autosave_path = g_strdup (autosave_path);
  self->dirty = TRUE;
  self->autosave_dirty = FALSE;
  return self;
}
