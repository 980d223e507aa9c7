/* rushes-http-download.c: downloads of the HTTP client into files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A download streams into ".NAME.part" next to the destination (locked with
 * flock), resumes with Range after a dropped connection, checks the size
 * against Content-Length / Content-Range and the download cap, hands what it
 * wrote to the disk as it goes (write-behind), then fsyncs and renames the
 * part file into place, so the destination is never partially written.
 */
#define _GNU_SOURCE 1  /* sync_file_range */

#define G_LOG_DOMAIN "rushes-http"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/file.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-background.h"
#include "rushes-http-private.h"

/* The part file a download of dest_path writes (and resumes from); a fixed
 * name, so a download cut off by a network failure, a cancel or a quit
 * resumes on the next try. */
static char *
partial_path (const char  *dest_path,
              char       **out_dir,
              char       **out_base)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  char *tmp = g_strdup_printf ("%s/.%s.part", dir, base);

  if (out_dir != NULL)
    *out_dir = g_steal_pointer (&dir);
  if (out_base != NULL)
    *out_base = g_steal_pointer (&base);
  return tmp;
}

/* Empties the file to start again from zero. */
static gboolean
truncate_fd (int fd)
{
  return ftruncate (fd, 0) == 0 && lseek (fd, 0, SEEK_SET) == 0;
}

/* Empties the part file; on failure the call is aborted with an I/O error. */
static gboolean
file_sink_restart (RushesHttpCall *call)
{
  if (!truncate_fd (call->fd))
    {
      _rushes_http_set_write_error (&call->abort_error, errno);
      return FALSE;
    }
  call->offset = 0;
  return TRUE;
}

/* Write-behind: every RUSHES_HTTP_WRITE_BEHIND bytes the step just written
 * starts going to disk from this (worker) thread, and the step before it is
 * waited for and dropped from the page cache. A download then never piles up
 * hundreds of MB of dirty pages for the kernel's flusher thread to write
 * back all at once, at normal priority, in bursts that hold a CPU for
 * milliseconds (the window's main thread waits for them on a small
 * machine; bench/responsiveness), and a take nobody plays yet does not push
 * everything else out of memory. Best effort: errors show up at fsync. */
static void
file_sink_write_behind (RushesHttpCall *call)
{
#ifdef __linux__
  guint64 step_start;

  if (call->offset < call->flushed)
    call->flushed = 0;  /* the file was truncated: start over */
  if (call->offset - call->flushed < RUSHES_HTTP_WRITE_BEHIND)
    return;
  step_start = call->flushed;
  call->flushed = call->offset - call->offset % RUSHES_HTTP_WRITE_BEHIND;
  sync_file_range (call->fd, (off_t) step_start, (off_t) (call->flushed - step_start),
                   SYNC_FILE_RANGE_WRITE);
  if (step_start >= RUSHES_HTTP_WRITE_BEHIND)
    {
      off_t before = (off_t) (step_start - RUSHES_HTTP_WRITE_BEHIND);

      sync_file_range (call->fd, before, RUSHES_HTTP_WRITE_BEHIND,
                       SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
      posix_fadvise (call->fd, before, RUSHES_HTTP_WRITE_BEHIND, POSIX_FADV_DONTNEED);
    }
#endif
}

/**
 * _rushes_http_client_set_slow_limit:
 * @bytes_per_s: a download slower than this on average …
 * @window_ms: … over this long is cut and resumed (0 for either: the default)
 */
void
_rushes_http_client_set_slow_limit (RushesHttpClient *self,
                                    guint             bytes_per_s,
                                    guint             window_ms)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->config.slow_bps = bytes_per_s;
  self->config.slow_window_ms = window_ms;
  g_mutex_unlock (&self->lock);
}

/* Called once, before the first body byte of a 2xx download response:
 * checks the answer and, for a resumed one, that it starts where the part
 * file ends. */
gboolean
_rushes_http_file_sink_begin (RushesHttpCall *call)
{
  const char *cl = _rushes_http_call_header (call, "content-length");
  const char *ct = _rushes_http_call_header (call, "content-type");
  guint64 length = cl ? g_ascii_strtoull (cl, NULL, 10) : 0;

  if (ct != NULL && g_ascii_strncasecmp (ct, "text/html", 9) == 0)
    {
      g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                   _("The server answered with a web page instead of the file"));
      return FALSE;
    }

  if (call->status == 206)
    {
      const char *cr = _rushes_http_call_header (call, "content-range");
      guint64 start = 0, end = 0, total = 0;

      if (cr == NULL
          || sscanf (cr, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                     &start, &end, &total) != 3
          || start != call->offset)
        {
          /* not what we asked for: start again from zero */
          if (!file_sink_restart (call))
            return FALSE;
          call->expected_total = 0;
          g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                       _("The server resumed the download at the wrong place"));
          return FALSE;
        }
      call->expected_total = total;
    }
  else
    {
      /* a full answer: drop anything we had */
      if (call->offset > 0 && !file_sink_restart (call))
        return FALSE;
      call->expected_total = length;
    }

  if (call->expected_total > call->config.download_cap)
    {
      g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                   _("The file on the server is too large (%llu bytes, the limit is %llu)"),
                   (unsigned long long) call->expected_total, (unsigned long long) call->config.download_cap);
      return FALSE;
    }
  return TRUE;
}

/* Body bytes of a 2xx download response; FALSE aborts the transfer (the
 * reason is in call->abort_error). */
gboolean
_rushes_http_file_sink_write (RushesHttpCall *call,
                              const char     *data,
                              gsize           len)
{
  if (call->offset + len > call->config.download_cap
      || (call->expected_total > 0 && call->offset + len > call->expected_total))
    {
      g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                   _("The server sent more data than announced or allowed"));
      return FALSE;
    }
  for (gsize done = 0; done < len;)
    {
      gssize n = write (call->fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          _rushes_http_set_write_error (&call->abort_error, errno);
          return FALSE;
        }
      done += n;
    }
  call->offset += len;
  file_sink_write_behind (call);
  /* while the window plays, downloads together keep to a pace */
  rushes_background_pace (len);
  if (call->progress)
    call->progress (call->offset, call->expected_total, call->progress_data);
  return TRUE;
}

/* Whether a failed download keeps its part file for the next try. */
static gboolean
error_keeps_partial (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
         || g_error_matches (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_CONNECT)
         || g_error_matches (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT)
         || g_error_matches (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TRUNCATED);
}

gboolean
rushes_http_client_download (RushesHttpClient      *self,
                             const char            *url,
                             const char            *dest_path,
                             RushesHttpProgressFunc progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(RushesHttpCall) call = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;
  gboolean keep_partial = FALSE;
  off_t existing;
  int fd;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL && dest_path != NULL, FALSE);

  /* whoever downloads (a job's thread, `rushes generate`'s worker) does it
   * at idle priority: copying hundreds of MB never takes a CPU from the
   * window or the player (not on the process's main thread) */
  rushes_background_thread_enter_idle ();

  tmp = partial_path (dest_path, &dir, &base);
  fd = open (tmp, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                   _("Could not create a file in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                   _("“%s” is already being downloaded"), base);
      return FALSE;
    }

  call = _rushes_http_call_new (self, "GET", url, cancellable);
  call->sink = RUSHES_HTTP_SINK_FILE;
  call->flags = RUSHES_HTTP_FLAGS_IDEMPOTENT;
  call->fd = fd;
  call->progress = progress;
  call->progress_data = progress_data;

  existing = lseek (fd, 0, SEEK_END);
  if (existing > 0 && (guint64) existing <= call->config.download_cap)
    call->offset = (guint64) existing;
  else if (existing != 0 && !truncate_fd (fd))
    existing = -1;

  ok = _rushes_http_call_run (call, error);
  if (ok && call->status == 416 && call->offset > 0)
    {
      /* the partial file does not fit the server's file: start over */
      if (truncate_fd (fd))
        {
          call->offset = 0;
          ok = _rushes_http_call_run (call, error);
        }
    }
  if (ok && !_rushes_http_is_success (call->status))
    {
      _rushes_http_call_set_status_error (call, error);
      ok = FALSE;
    }
  else if (!ok && call->offset > 0 && error != NULL && *error != NULL
           && error_keeps_partial (*error))
    keep_partial = TRUE;
  if (ok && call->offset == 0)
    {
      g_set_error_literal (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                           _("The server sent an empty file"));
      ok = FALSE;
    }
  if (ok && call->expected_total > 0 && call->offset != call->expected_total)
    {
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TRUNCATED,
                   _("The download is incomplete (%llu of %llu bytes)"),
                   (unsigned long long) call->offset, (unsigned long long) call->expected_total);
      ok = FALSE;
    }
  if (ok && fsync (fd) != 0)
    {
      _rushes_http_set_write_error (error, errno);
      ok = FALSE;
    }
  if (ok && g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                   _("Could not move the download into place: %s"), g_strerror (saved));
      ok = FALSE;
    }
  if (!ok && !keep_partial)
    g_unlink (tmp);
  /* closing drops the lock, after the rename or unlink */
  if (close (fd) != 0 && ok)
    {
      _rushes_http_set_write_error (error, errno);
      ok = FALSE;
    }
  if (ok)
    {
      /* make the rename durable */
      int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dfd >= 0)
        {
          fsync (dfd);
          close (dfd);
        }
    }
  return ok;
}

void
rushes_http_discard_partial (const char *dest_path)
{
  g_autofree char *tmp = NULL;

  g_return_if_fail (dest_path != NULL);

  tmp = partial_path (dest_path, NULL, NULL);
  g_unlink (tmp);
}
