/* rushes-output-lock.c: one writer per output file, and no leftovers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both kinds of lock follow the journal's rule: a lock file is unlinked
 * only while its lock is held, and whoever locks one checks afterwards that
 * the name still leads to the file it locked (it may have been unlinked in
 * between), trying again with a fresh file when it does not.
 */
#define G_LOG_DOMAIN "rushes-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-output-lock.h"

#define LOCK_SUFFIX ".rushes-lock"
#define TEMP_INFIX ".rushes-partial-"
#define TEMP_RANDOM "XXXXXX"

G_DEFINE_QUARK (rushes-output-error-quark, rushes_output_error)

struct _RushesOutputLock
{
  char *lock_path;
  int fd;
};

struct _RushesOutputTemp
{
  char *output_path;
  char *path;
  int fd;
  gboolean committed;
};

/* the file @fd is open on is still the one @path names */
static gboolean
still_named (int         fd,
             const char *path)
{
  struct stat a, b;

  return fstat (fd, &a) == 0 && lstat (path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* ".NAME" + suffix beside @path */
static char *
hidden_sibling (const char *path,
                const char *suffix)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", base, suffix, NULL);

  return g_build_filename (dir, name, NULL);
}

static void
set_failed (GError     **error,
            const char  *path,
            int          saved_errno)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_set_error (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_FAILED,
               _("Cannot write in “%s”: %s"), dir, g_strerror (saved_errno));
}

/* ---- the output's lock ------------------------------------------------ */

RushesOutputLock *
rushes_output_lock_acquire (const char  *path,
                            gboolean     overwrite,
                            GError     **error)
{
  g_autofree char *lock_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pid = NULL;
  RushesOutputLock *lock;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lock_path = hidden_sibling (path, LOCK_SUFFIX);
  for (;;)
    {
      fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
      if (fd < 0)
        {
          set_failed (error, path, errno);
          return NULL;
        }
      if (flock (fd, LOCK_EX | LOCK_NB) != 0)
        {
          int saved = errno;

          close (fd);
          if (saved == EWOULDBLOCK)
            g_set_error (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_BUSY,
                         _("another rushes is writing “%s”"), path);
          else
            set_failed (error, path, saved);
          return NULL;
        }
      if (still_named (fd, lock_path))
        break;
      /* its holder removed it as we opened it: a fresh one */
      close (fd);
    }

  lock = g_new0 (RushesOutputLock, 1);
  lock->lock_path = g_steal_pointer (&lock_path);
  lock->fd = fd;

  /* who holds it, for a person looking */
  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (ftruncate (fd, 0) != 0 || write (fd, pid, strlen (pid)) < 0)
    g_debug ("could not note the pid in %s: %s", lock->lock_path, g_strerror (errno));

  /* looked at under the lock: nobody makes it appear now but us */
  if (!overwrite && g_lstat (path, &st) == 0)
    {
      g_set_error (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_EXISTS,
                   _("“%s” already exists"), path);
      rushes_output_lock_release (lock);
      return NULL;
    }

  dir = g_path_get_dirname (path);
  rushes_output_remove_stale (dir);
  return lock;
}

void
rushes_output_lock_release (RushesOutputLock *lock)
{
  if (lock == NULL)
    return;

  /* unlinked while still held, so nobody locks a dead file */
  g_unlink (lock->lock_path);
  close (lock->fd);
  g_free (lock->lock_path);
  g_free (lock);
}

/* ---- temporary files -------------------------------------------------- */

/* ".NAME.rushes-partial-XXXXXX", or ".NAME.rushes-lock" (a lock of a
 * process that died) */
static gboolean
is_ours (const char *name)
{
  const char *infix = g_strrstr (name, TEMP_INFIX);

  if (name[0] != '.')
    return FALSE;
  if (g_str_has_suffix (name, LOCK_SUFFIX))
    return strlen (name) > strlen (LOCK_SUFFIX) + 1;
  return infix != NULL && infix > name + 1 &&
         strlen (infix) == strlen (TEMP_INFIX) + strlen (TEMP_RANDOM);
}

guint
rushes_output_remove_stale (const char *dir)
{
  g_autoptr(GDir) d = NULL;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (dir != NULL, 0);

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return 0;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      int fd;

      if (!is_ours (name))
        continue;
      path = g_build_filename (dir, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0);
      if (fd < 0)
        continue;
      /* a live writer holds it; a dead one let go */
      if (flock (fd, LOCK_EX | LOCK_NB) == 0 && still_named (fd, path) && g_unlink (path) == 0)
        {
          g_debug ("removed %s, left by a writer that is gone", path);
          removed++;
        }
      close (fd);
    }
  return removed;
}

RushesOutputTemp *
rushes_output_temp_new (const char  *output_path,
                        GError     **error)
{
  g_autofree char *dir = NULL;
  RushesOutputTemp *temp;

  g_return_val_if_fail (output_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (output_path);
  rushes_output_remove_stale (dir);

  temp = g_new0 (RushesOutputTemp, 1);
  temp->output_path = g_strdup (output_path);
  temp->fd = -1;
  for (;;)
    {
      temp->path = hidden_sibling (output_path, TEMP_INFIX TEMP_RANDOM);
      temp->fd = g_mkstemp_full (temp->path, O_RDWR | O_CLOEXEC, 0644);
      if (temp->fd < 0)
        {
          set_failed (error, output_path, errno);
          g_clear_pointer (&temp->path, g_free);
          rushes_output_temp_free (temp);
          return NULL;
        }
      /* blocks only while a sweep looks at it; it may remove it meanwhile */
      if (flock (temp->fd, LOCK_EX) == 0 && still_named (temp->fd, temp->path))
        return temp;
      close (temp->fd);
      temp->fd = -1;
      g_clear_pointer (&temp->path, g_free);
    }
}

const char *
rushes_output_temp_get_path (RushesOutputTemp *temp)
{
  g_return_val_if_fail (temp != NULL, NULL);

  return temp->path;
}

gboolean
rushes_output_temp_commit (RushesOutputTemp  *temp,
                           GError           **error)
{
  g_return_val_if_fail (temp != NULL && !temp->committed, FALSE);

  /* durable before it becomes visible */
  if (fsync (temp->fd) != 0 || g_rename (temp->path, temp->output_path) != 0)
    {
      int saved = errno;

      g_set_error (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_FAILED,
                   _("Could not put the finished file at “%s”: %s"), temp->output_path, g_strerror (saved));
      return FALSE;
    }
  temp->committed = TRUE;
  return TRUE;
}

void
rushes_output_temp_free (RushesOutputTemp *temp)
{
  if (temp == NULL)
    return;

  if (temp->path != NULL && !temp->committed)
    g_unlink (temp->path);
  if (temp->fd >= 0)
    close (temp->fd);
  g_free (temp->path);
  g_free (temp->output_path);
  g_free (temp);
}
