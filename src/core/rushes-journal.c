/* rushes-journal.c: one JSON file per job, written before acting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-journal.h"

struct _RushesJournal
{
  GObject     parent_instance;

  char       *dir;
  GMutex      lock;    /* guards locks and the folder scans (not writes) */
  GHashTable *locks;   /* id → fd (GINT_TO_POINTER) */
};

G_DEFINE_TYPE (RushesJournal, rushes_journal, G_TYPE_OBJECT)

static void
rushes_journal_finalize (GObject *object)
{
  RushesJournal *self = RUSHES_JOURNAL (object);
  GHashTableIter iter;
  gpointer fd;

  g_hash_table_iter_init (&iter, self->locks);
  while (g_hash_table_iter_next (&iter, NULL, &fd))
    close (GPOINTER_TO_INT (fd));
  g_hash_table_unref (self->locks);
  g_mutex_clear (&self->lock);
  g_free (self->dir);

  G_OBJECT_CLASS (rushes_journal_parent_class)->finalize (object);
}

static void
rushes_journal_class_init (RushesJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_journal_finalize;
}

static void
rushes_journal_init (RushesJournal *self)
{
  g_mutex_init (&self->lock);
  self->locks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

RushesJournal *
rushes_journal_new (const char *dir)
{
  RushesJournal *self = g_object_new (RUSHES_TYPE_JOURNAL, NULL);

  self->dir = dir ? g_strdup (dir) : g_build_filename (g_get_user_data_dir (), "rushes", "jobs", NULL);
  return self;
}

const char *
rushes_journal_get_dir (RushesJournal *self)
{
  g_return_val_if_fail (RUSHES_IS_JOURNAL (self), NULL);
  return self->dir;
}

static gboolean
id_is_safe (const char *id)
{
  if (id == NULL || *id == '\0' || *id == '.')
    return FALSE;
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

static char *
entry_path (RushesJournal *self,
            const char    *id,
            const char    *suffix)
{
  g_autofree char *name = g_strconcat (id, suffix, NULL);

  return g_build_filename (self->dir, name, NULL);
}

gboolean
rushes_journal_write (RushesJournal  *self,
                      const char     *id,
                      JsonNode       *entry,
                      GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (RUSHES_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (id_is_safe (id), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  path = entry_path (self, id, ".json");
  data = _rushes_json_to_string (entry, TRUE);

  /* Not under the lock: an atomic replace needs none (GLib writes a temp
   * file of its own and renames it over the entry), and its fsync can take
   * tens of milliseconds while takes are being written to the same disk; a
   * worker's write must not hold up the main thread's claim or release of
   * another job. */
  return _rushes_write_file_atomic (path, data, -1, 0600, error);
}

gboolean
rushes_journal_remove (RushesJournal  *self,
                       const char     *id,
                       GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (RUSHES_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (id_is_safe (id), FALSE);

  path = entry_path (self, id, ".json");
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not remove %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

static void
move_aside (RushesJournal *self,
            const char    *name,
            const char    *reason)
{
  g_autofree char *from = g_build_filename (self->dir, name, NULL);
  g_autofree char *corrupt_dir = g_build_filename (self->dir, "corrupt", NULL);
  g_autofree char *to = g_build_filename (corrupt_dir, name, NULL);

  g_warning ("Job journal entry %s is unreadable (%s); moved it to %s", from, reason, corrupt_dir);
  if (g_mkdir_with_parents (corrupt_dir, 0700) != 0 || g_rename (from, to) != 0)
    {
      /* Could not move it: rename it in place so it is not read again. */
      g_autofree char *bad = g_strconcat (from, ".corrupt", NULL);

      if (g_rename (from, bad) != 0)
        g_warning ("Could not move %s aside either: %s", from, g_strerror (errno));
    }
}

void
rushes_journal_set_aside (RushesJournal *self,
                          const char    *id,
                          const char    *reason)
{
  g_autofree char *name = NULL;

  g_return_if_fail (RUSHES_IS_JOURNAL (self));
  g_return_if_fail (id_is_safe (id));

  name = g_strconcat (id, ".json", NULL);
  g_mutex_lock (&self->lock);
  move_aside (self, name, reason);
  g_mutex_unlock (&self->lock);
}

typedef struct
{
  JsonNode *node;
  gint64    mtime;
  char     *name;
} Loaded;

static int
compare_loaded (gconstpointer a,
                gconstpointer b)
{
  const Loaded *la = a, *lb = b;

  if (la->mtime != lb->mtime)
    return la->mtime < lb->mtime ? -1 : 1;
  return g_strcmp0 (la->name, lb->name);
}

GPtrArray *
rushes_journal_load (RushesJournal *self)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GArray) loaded = g_array_new (FALSE, FALSE, sizeof (Loaded));
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  const char *name;

  g_return_val_if_fail (RUSHES_IS_JOURNAL (self), entries);

  dir = g_dir_open (self->dir, 0, NULL);
  if (dir == NULL)
    return entries;

  g_mutex_lock (&self->lock);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;
      GStatBuf st;
      Loaded item;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;
      path = g_build_filename (self->dir, name, NULL);
      id = g_strndup (name, strlen (name) - strlen (".json"));

      node = _rushes_json_from_file (path, &error);
      if (node == NULL)
        {
          move_aside (self, name, error->message);
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL),
                     id) != 0)
        {
          move_aside (self, name, "not a job entry for this file name");
          continue;
        }

      item.node = g_steal_pointer (&node);
      item.mtime = g_stat (path, &st) == 0 ? (gint64) st.st_mtime : 0;
      item.name = g_strdup (name);
      g_array_append_val (loaded, item);
    }
  g_mutex_unlock (&self->lock);

  g_array_sort (loaded, compare_loaded);
  for (guint i = 0; i < loaded->len; i++)
    {
      Loaded *item = &g_array_index (loaded, Loaded, i);

      g_ptr_array_add (entries, item->node);
      g_free (item->name);
    }

  return entries;
}

gboolean
rushes_journal_claim (RushesJournal *self,
                      const char    *id)
{
  g_autofree char *path = NULL;
  gboolean ok = FALSE;
  int fd;

  g_return_val_if_fail (RUSHES_IS_JOURNAL (self), FALSE);
  g_return_val_if_fail (id_is_safe (id), FALSE);

  g_mutex_lock (&self->lock);
  if (g_hash_table_contains (self->locks, id))
    {
      ok = TRUE;
      goto out;
    }
  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    goto out;
  path = entry_path (self, id, ".lock");
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    goto out;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      goto out;
    }
  g_hash_table_insert (self->locks, g_strdup (id), GINT_TO_POINTER (fd));
  ok = TRUE;

out:
  g_mutex_unlock (&self->lock);
  return ok;
}

void
rushes_journal_release (RushesJournal *self,
                        const char    *id)
{
  gpointer key;
  gpointer fd;

  g_return_if_fail (RUSHES_IS_JOURNAL (self));

  g_mutex_lock (&self->lock);
  if (g_hash_table_steal_extended (self->locks, id, &key, &fd))
    {
      g_free (key);
      g_autofree char *path = entry_path (self, id, ".lock");

      /* unlink while still holding the lock, so nobody locks a dead file */
      g_unlink (path);
      close (GPOINTER_TO_INT (fd));
    }
  g_mutex_unlock (&self->lock);
}
