/* rushes-journal.c: one JSON file per job, written before acting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes are atomic and fsync'd, which can take milliseconds. The main
 * thread queues its writes (rushes_journal_write_queued: a new job, a
 * cancel) to a writer thread that runs them in order; every other call
 * about an entry (a synchronous write from a worker, a removal, moving it
 * aside) first waits for that entry's queued writes, so the entry always
 * ends up as its last write says. A job writes its entry synchronously
 * once more before anything is sent to a backend, so nothing is paid for
 * without a durable record.
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

  GThreadPool *writer;     /* one thread: QueuedWrites in order */
  GMutex       write_lock;
  GCond        write_cond;
  GHashTable  *queued;     /* id → queued writes (GUINT_TO_POINTER) */
};

typedef struct
{
  RushesJournal *journal;
  char          *id;
  char          *path;
  char          *data;
} QueuedWrite;

G_DEFINE_TYPE (RushesJournal, rushes_journal, G_TYPE_OBJECT)

static void
rushes_journal_finalize (GObject *object)
{
  RushesJournal *self = RUSHES_JOURNAL (object);
  GHashTableIter iter;
  gpointer fd;

  /* every queued write reaches the disk */
  g_thread_pool_free (self->writer, FALSE, TRUE);
  g_hash_table_unref (self->queued);
  g_cond_clear (&self->write_cond);
  g_mutex_clear (&self->write_lock);
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

static void writer_func (gpointer data,
                         gpointer user_data);

static void
rushes_journal_init (RushesJournal *self)
{
  g_mutex_init (&self->lock);
  self->locks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->write_lock);
  g_cond_init (&self->write_cond);
  self->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->writer = g_thread_pool_new (writer_func, NULL, 1, FALSE, NULL);
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

/* Until the entry's queued writes are on disk (id NULL: every entry's). */
static void
wait_queued (RushesJournal *self,
             const char    *id)
{
  g_mutex_lock (&self->write_lock);
  while (id != NULL ? g_hash_table_contains (self->queued, id) : g_hash_table_size (self->queued) > 0)
    g_cond_wait (&self->write_cond, &self->write_lock);
  g_mutex_unlock (&self->write_lock);
}

/* the writer's thread */
static void
writer_func (gpointer data,
             gpointer user_data)
{
  QueuedWrite *w = data;
  RushesJournal *self = w->journal;
  g_autoptr(GError) error = NULL;
  guint left;

  /* Best effort: a job that cannot be recorded fails at its next
   * (synchronous) write, before anything is sent to a backend. */
  if (!_rushes_write_file_atomic (w->path, w->data, -1, 0600, &error))
    g_message ("Could not record job %s yet: %s", w->id, error->message);

  g_mutex_lock (&self->write_lock);
  left = GPOINTER_TO_UINT (g_hash_table_lookup (self->queued, w->id)) - 1;
  if (left == 0)
    g_hash_table_remove (self->queued, w->id);
  else
    g_hash_table_insert (self->queued, g_strdup (w->id), GUINT_TO_POINTER (left));
  g_cond_broadcast (&self->write_cond);
  g_mutex_unlock (&self->write_lock);

  g_free (w->id);
  g_free (w->path);
  g_free (w->data);
  g_free (w);
}

/**
 * rushes_journal_write_queued:
 *
 * Queues an atomic write of @entry for the writer thread and returns at
 * once (main thread: no fsync there). Later calls about @id wait for it.
 */
void
rushes_journal_write_queued (RushesJournal *self,
                             const char    *id,
                             JsonNode      *entry)
{
  QueuedWrite *w;

  g_return_if_fail (RUSHES_IS_JOURNAL (self));
  g_return_if_fail (id_is_safe (id));
  g_return_if_fail (entry != NULL);

  w = g_new0 (QueuedWrite, 1);
  w->journal = self;   /* finalize drains the writer first */
  w->id = g_strdup (id);
  w->path = entry_path (self, id, ".json");
  w->data = _rushes_json_to_string (entry, TRUE);

  g_mutex_lock (&self->write_lock);
  g_hash_table_insert (self->queued, g_strdup (id),
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->queued, id)) + 1));
  g_mutex_unlock (&self->write_lock);
  g_thread_pool_push (self->writer, w, NULL);
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

  wait_queued (self, id);
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

  wait_queued (self, id);
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

  wait_queued (self, id);
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

  /* this process's queued writes first */
  wait_queued (self, NULL);

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
