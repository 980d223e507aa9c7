/* rushes-http.c: blocking HTTP client for the remote backends (libcurl)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the client's configuration is guarded by `lock`; every call copies
 * what it needs (RushesHttpConfig) under the lock and then runs without it on
 * the calling worker thread with its own CURL easy handle and multi handle.
 * The multi handle exists only so that a GCancellable can wake the transfer
 * loop (curl_multi_wakeup is thread-safe), which keeps cancellation well
 * under the 0.5 s the backend contract asks for.
 */
#define G_LOG_DOMAIN "rushes-http"
#define _GNU_SOURCE 1  /* sync_file_range */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <curl/curl.h>

#include "rushes-http.h"

#define MAX_REDIRECTS    5
#define MAX_RESUMES      20
#define ERROR_BODY_CAP   (64 * 1024)
#define DOWNLOAD_BUFFER  (256 * 1024)        /* libcurl's receive buffer for downloads */
#define WRITE_BEHIND     (8 * 1024 * 1024)   /* downloads go to disk in steps of this */
#define BACKOFF_CAP_MS   30000

/* The HTTP status travels with the error (extended GError domain). */
typedef struct
{
  guint status;
} RushesHttpErrorPrivate;

static void
rushes_http_error_private_init (RushesHttpErrorPrivate *priv)
{
  priv->status = 0;
}

static void
rushes_http_error_private_copy (const RushesHttpErrorPrivate *src,
                                RushesHttpErrorPrivate       *dest)
{
  dest->status = src->status;
}

static void
rushes_http_error_private_clear (RushesHttpErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (RushesHttpError, rushes_http_error)

typedef struct
{
  char *scheme;      /* "https"; NULL for "*.suffix" patterns (https only) */
  char *host;        /* lower case; for patterns the suffix without "*." */
  guint port;
  gboolean is_pattern;
  char *header;      /* "Name: value", the secret lives here only */
} Credential;

static void
credential_free (gpointer data)
{
  Credential *cred = data;

  g_free (cred->scheme);
  g_free (cred->host);
  if (cred->header != NULL)
    {
      memset (cred->header, 0, strlen (cred->header));
      g_free (cred->header);
    }
  g_free (cred);
}

struct _RushesHttpClient
{
  GObject parent_instance;

  GMutex lock;
  GPtrArray *credentials;   /* Credential, includes the extra header */
  Credential *extra;        /* borrowed from credentials, or NULL */
  char *user_agent;
  guint connect_ms;
  guint request_ms;
  guint stall_ms;
  guint max_retries;
  guint backoff_base_ms;
  guint max_retry_after_s;
  gsize json_cap;
  guint64 download_cap;
};

G_DEFINE_FINAL_TYPE (RushesHttpClient, rushes_http_client, G_TYPE_OBJECT)

static void
rushes_http_client_finalize (GObject *object)
{
  RushesHttpClient *self = RUSHES_HTTP_CLIENT (object);

  g_clear_pointer (&self->credentials, g_ptr_array_unref);
  g_free (self->user_agent);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_http_client_parent_class)->finalize (object);
}

static void
rushes_http_client_class_init (RushesHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_http_client_finalize;
}

static void
rushes_http_client_init (RushesHttpClient *self)
{
  g_mutex_init (&self->lock);
  self->credentials = g_ptr_array_new_with_free_func (credential_free);
  self->user_agent = g_strdup ("Rushes/" PACKAGE_VERSION);
  self->connect_ms = 15000;
  self->request_ms = 120000;
  self->stall_ms = 60000;
  self->max_retries = 4;
  self->backoff_base_ms = 500;
  self->max_retry_after_s = 120;
  self->json_cap = 32 * 1024 * 1024;
  self->download_cap = G_GUINT64_CONSTANT (16) * 1024 * 1024 * 1024;
}

RushesHttpClient *
rushes_http_client_new (void)
{
  return g_object_new (RUSHES_TYPE_HTTP_CLIENT, NULL);
}

/* ---- URLs ------------------------------------------------------------- */

static guint
default_port (const char *scheme)
{
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return 443;
  return 80;
}

static gboolean
parse_http_url (const char  *url,
                char       **scheme,
                char       **host,
                guint       *port)
{
  g_autoptr(GUri) uri = NULL;
  const char *s;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return FALSE;
  s = g_uri_get_scheme (uri);
  if (s == NULL
      || (g_ascii_strcasecmp (s, "http") != 0 && g_ascii_strcasecmp (s, "https") != 0))
    return FALSE;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  if (scheme)
    *scheme = g_ascii_strdown (s, -1);
  if (host)
    *host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (port)
    *port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : default_port (s);
  return TRUE;
}

char *
rushes_http_url_get_origin (const char *url)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port;

  if (!parse_http_url (url, &scheme, &host, &port))
    return NULL;
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host, port);
  return g_strdup_printf ("%s://%s:%u", scheme, host, port);
}

char *
rushes_http_build_url (const char *base,
                       const char *path,
                       ...)
{
  GString *s = g_string_new (base);
  va_list ap;
  const char *key;
  gboolean first = TRUE;

  while (s->len > 0 && s->str[s->len - 1] == '/')
    g_string_truncate (s, s->len - 1);
  if (path != NULL)
    {
      if (*path != '/')
        g_string_append_c (s, '/');
      g_string_append (s, path);
    }
  first = strchr (s->str, '?') == NULL;

  va_start (ap, path);
  while ((key = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
      g_autofree char *v = g_uri_escape_string (value ? value : "", NULL, FALSE);

      g_string_append_c (s, first ? '?' : '&');
      first = FALSE;
      g_string_append_printf (s, "%s=%s", k, v);
    }
  va_end (ap);

  return g_string_free (s, FALSE);
}

/* ---- configuration ----------------------------------------------------- */

static gboolean
header_is_valid (const char *name,
                 const char *value)
{
  if (name == NULL || *name == '\0' || value == NULL)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  for (const char *p = value; *p; p++)
    if (*p == '\r' || *p == '\n')
      return FALSE;
  return TRUE;
}

static Credential *
credential_new_for_url (const char  *url,
                        const char  *name,
                        const char  *value,
                        GError     **error)
{
  Credential *cred;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port;

  if (!parse_http_url (url, &scheme, &host, &port))
    {
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_FAILED,
                   _("“%s” is not an http or https address"), url ? url : "");
      return NULL;
    }
  if (!header_is_valid (name, value))
    {
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_FAILED,
                   _("The header name or value is not valid"));
      return NULL;
    }

  cred = g_new0 (Credential, 1);
  cred->scheme = g_steal_pointer (&scheme);
  cred->host = g_steal_pointer (&host);
  cred->port = port;
  cred->header = g_strdup_printf ("%s: %s", name, value);
  return cred;
}

gboolean
rushes_http_client_add_credential_for_url (RushesHttpClient  *self,
                                           const char        *url,
                                           const char        *header_name,
                                           const char        *header_value,
                                           GError           **error)
{
  Credential *cred;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  cred = credential_new_for_url (url, header_name, header_value, error);
  if (cred == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->credentials, cred);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
rushes_http_client_add_credential (RushesHttpClient *self,
                                   const char       *host_pattern,
                                   const char       *header_name,
                                   const char       *header_value)
{
  Credential *cred;

  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));
  g_return_if_fail (host_pattern != NULL && *host_pattern != '\0');
  g_return_if_fail (header_is_valid (header_name, header_value));

  if (g_str_has_prefix (host_pattern, "*."))
    {
      cred = g_new0 (Credential, 1);
      cred->is_pattern = TRUE;
      cred->host = g_ascii_strdown (host_pattern + 2, -1);
      cred->header = g_strdup_printf ("%s: %s", header_name, header_value);
    }
  else
    {
      g_autofree char *url = g_strconcat ("https://", host_pattern, "/", NULL);

      cred = credential_new_for_url (url, header_name, header_value, NULL);
      g_return_if_fail (cred != NULL);
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->credentials, cred);
  g_mutex_unlock (&self->lock);
}

gboolean
rushes_http_client_set_extra_header (RushesHttpClient  *self,
                                     const char        *base_url,
                                     const char        *header_name,
                                     const char        *header_value,
                                     GError           **error)
{
  Credential *cred = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  if (header_name != NULL && *header_name != '\0')
    {
      cred = credential_new_for_url (base_url, header_name,
                                     header_value ? header_value : "", error);
      if (cred == NULL)
        return FALSE;
    }

  g_mutex_lock (&self->lock);
  if (self->extra != NULL)
    g_ptr_array_remove (self->credentials, self->extra);
  self->extra = cred;
  if (cred != NULL)
    g_ptr_array_add (self->credentials, cred);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
rushes_http_client_clear_credentials (RushesHttpClient *self)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->credentials, 0);
  self->extra = NULL;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_user_agent (RushesHttpClient *self,
                                   const char       *user_agent)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  g_free (self->user_agent);
  self->user_agent = g_strdup (user_agent);
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_timeouts (RushesHttpClient *self,
                                 guint             connect_ms,
                                 guint             request_ms,
                                 guint             stall_ms)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->connect_ms = connect_ms;
  self->request_ms = request_ms;
  self->stall_ms = stall_ms;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_retry_policy (RushesHttpClient *self,
                                     guint             max_retries,
                                     guint             backoff_base_ms,
                                     guint             max_retry_after_s)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->max_retries = max_retries;
  self->backoff_base_ms = backoff_base_ms;
  self->max_retry_after_s = max_retry_after_s;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_json_cap (RushesHttpClient *self,
                                 gsize             max_bytes)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->json_cap = max_bytes;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_download_cap (RushesHttpClient *self,
                                     guint64           max_bytes)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->download_cap = max_bytes;
  g_mutex_unlock (&self->lock);
}

/* ---- one call ----------------------------------------------------------- */

typedef enum
{
  SINK_BUFFER,     /* JSON answers: keep in memory up to json_cap */
  SINK_FILE,       /* downloads */
  SINK_STREAM,     /* chunks to a callback */
} SinkKind;

typedef struct
{
  /* copied configuration */
  GPtrArray *credentials;   /* Credential, deep copies */
  char *user_agent;
  guint connect_ms;
  guint request_ms;
  guint stall_ms;
  guint max_retries;
  guint backoff_base_ms;
  guint max_retry_after_s;
  gsize json_cap;
  guint64 download_cap;

  /* request */
  char *method;
  char *url;
  GBytes *body;
  const char *content_type;
  const char *accept;
  const RushesHttpPart *parts;
  guint n_parts;
  RushesHttpFlags flags;
  GCancellable *cancellable;

  /* sink */
  SinkKind sink;
  GByteArray *buffer;             /* SINK_BUFFER, and error bodies of every kind */
  int fd;                         /* SINK_FILE */
  guint64 offset;                 /* SINK_FILE: bytes in the file */
  guint64 flushed;                /* SINK_FILE: bytes handed to the disk (write-behind) */
  guint64 expected_total;         /* SINK_FILE: 0 unknown */
  RushesHttpProgressFunc progress;
  gpointer progress_data;
  RushesHttpChunkFunc chunk_func;
  gpointer chunk_data;
  gboolean stream_stopped;
  gboolean got_body;

  /* current response */
  guint status;
  GHashTable *headers;            /* lower-case name → value */
  gboolean headers_done;
  gboolean body_is_error;         /* non-2xx: keep the body for the message */
  GError *abort_error;            /* set by a callback that aborted */
} Call;

static Credential *
credential_copy (const Credential *c)
{
  Credential *copy = g_new0 (Credential, 1);

  copy->scheme = g_strdup (c->scheme);
  copy->host = g_strdup (c->host);
  copy->port = c->port;
  copy->is_pattern = c->is_pattern;
  copy->header = g_strdup (c->header);
  return copy;
}

static Call *
call_new (RushesHttpClient *self,
          const char       *method,
          const char       *url,
          GCancellable     *cancellable)
{
  Call *call = g_new0 (Call, 1);

  g_mutex_lock (&self->lock);
  call->credentials = g_ptr_array_new_with_free_func (credential_free);
  for (guint i = 0; i < self->credentials->len; i++)
    g_ptr_array_add (call->credentials, credential_copy (g_ptr_array_index (self->credentials, i)));
  call->user_agent = g_strdup (self->user_agent);
  call->connect_ms = self->connect_ms;
  call->request_ms = self->request_ms;
  call->stall_ms = self->stall_ms;
  call->max_retries = self->max_retries;
  call->backoff_base_ms = self->backoff_base_ms;
  call->max_retry_after_s = self->max_retry_after_s;
  call->json_cap = self->json_cap;
  call->download_cap = self->download_cap;
  g_mutex_unlock (&self->lock);

  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->cancellable = cancellable;
  call->buffer = g_byte_array_new ();
  call->fd = -1;
  call->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return call;
}

static void
call_free (Call *call)
{
  g_ptr_array_unref (call->credentials);
  g_free (call->user_agent);
  g_free (call->method);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_byte_array_unref (call->buffer);
  g_hash_table_unref (call->headers);
  g_clear_error (&call->abort_error);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

static gboolean
credential_matches (const Credential *cred,
                    const char       *scheme,
                    const char       *host,
                    guint             port)
{
  if (cred->is_pattern)
    {
      gsize hl = strlen (host), sl = strlen (cred->host);

      if (strcmp (scheme, "https") != 0)
        return FALSE;
      if (strcmp (host, cred->host) == 0)
        return TRUE;
      return hl > sl + 1
             && host[hl - sl - 1] == '.'
             && strcmp (host + hl - sl, cred->host) == 0;
    }

  return strcmp (scheme, cred->scheme) == 0
         && strcmp (host, cred->host) == 0
         && port == cred->port;
}

/* Status line or one header line; header names are stored lower case. */
static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  Call *call = user_data;
  gsize len = size * nitems;
  g_autofree char *line = g_strndup (buffer, len);
  char *colon;

  g_strchomp (line);

  if (g_str_has_prefix (line, "HTTP/"))
    {
      const char *sp = strchr (line, ' ');

      call->status = sp ? (guint) g_ascii_strtoull (sp + 1, NULL, 10) : 0;
      call->headers_done = FALSE;
      g_hash_table_remove_all (call->headers);
      return len;
    }

  if (*line == '\0')
    {
      /* end of a header block; 1xx blocks are followed by another */
      if (call->status >= 200)
        call->headers_done = TRUE;
      return len;
    }

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      *colon = '\0';
      g_hash_table_insert (call->headers,
                           g_ascii_strdown (line, -1),
                           g_strdup (g_strstrip (colon + 1)));
    }
  return len;
}

static const char *
call_header (Call       *call,
             const char *name)
{
  return g_hash_table_lookup (call->headers, name);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

static gboolean
is_success (guint status)
{
  return status >= 200 && status < 300;
}

/* Called once, before the first body byte of a download response. */
/* Write-behind: every WRITE_BEHIND bytes the step just written starts
 * going to disk from this (worker) thread, and the step before it is waited
 * for and dropped from the page cache. A download then never piles up
 * hundreds of MB of dirty pages for the kernel's flusher thread to write
 * back all at once, at normal priority, in bursts that hold a CPU for
 * milliseconds (the window's main thread waits for them on a small
 * machine; bench/responsiveness), and a take nobody plays yet does not push
 * everything else out of memory. Best effort: errors show up at fsync. */
static void
file_sink_write_behind (Call *call)
{
#ifdef __linux__
  guint64 step_start;

  if (call->offset < call->flushed)
    call->flushed = 0;  /* the file was truncated: start over */
  if (call->offset - call->flushed < WRITE_BEHIND)
    return;
  step_start = call->flushed;
  call->flushed = call->offset - call->offset % WRITE_BEHIND;
  sync_file_range (call->fd, (off_t) step_start, (off_t) (call->flushed - step_start),
                   SYNC_FILE_RANGE_WRITE);
  if (step_start >= WRITE_BEHIND)
    {
      off_t before = (off_t) (step_start - WRITE_BEHIND);

      sync_file_range (call->fd, before, WRITE_BEHIND,
                       SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
      posix_fadvise (call->fd, before, WRITE_BEHIND, POSIX_FADV_DONTNEED);
    }
#endif
}

static gboolean
file_sink_begin (Call *call)
{
  const char *cl = call_header (call, "content-length");
  const char *ct = call_header (call, "content-type");
  guint64 length = cl ? g_ascii_strtoull (cl, NULL, 10) : 0;

  if (ct != NULL && g_ascii_strncasecmp (ct, "text/html", 9) == 0)
    {
      g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                   _("The server answered with a web page instead of the file"));
      return FALSE;
    }

  if (call->status == 206)
    {
      const char *cr = call_header (call, "content-range");
      guint64 start = 0, end = 0, total = 0;

      if (cr == NULL
          || sscanf (cr, "bytes %" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT,
                     &start, &end, &total) != 3
          || start != call->offset)
        {
          /* not what we asked for: start again from zero */
          if (ftruncate (call->fd, 0) != 0 || lseek (call->fd, 0, SEEK_SET) != 0)
            {
              int saved = errno;
              g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                           _("Could not write the download: %s"), g_strerror (saved));
              return FALSE;
            }
          call->offset = 0;
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
      if (call->offset > 0)
        {
          if (ftruncate (call->fd, 0) != 0 || lseek (call->fd, 0, SEEK_SET) != 0)
            {
              int saved = errno;
              g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                           _("Could not write the download: %s"), g_strerror (saved));
              return FALSE;
            }
          call->offset = 0;
        }
      call->expected_total = length;
    }

  if (call->expected_total > call->download_cap)
    {
      g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                   _("The file on the server is too large (%" G_GUINT64_FORMAT " bytes, the limit is %" G_GUINT64_FORMAT ")"),
                   call->expected_total, call->download_cap);
      return FALSE;
    }
  return TRUE;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  Call *call = user_data;
  gsize len = size * nmemb;

  if (!call->got_body)
    {
      call->got_body = TRUE;
      call->body_is_error = !is_success (call->status);
      if (!call->body_is_error && call->sink == SINK_FILE && !file_sink_begin (call))
        return 0;
    }

  if (call->body_is_error || is_redirect (call->status))
    {
      /* keep the beginning of an error body for the message */
      if (call->buffer->len < ERROR_BODY_CAP)
        g_byte_array_append (call->buffer, (const guint8 *) data,
                             MIN (len, ERROR_BODY_CAP - call->buffer->len));
      return len;
    }

  switch (call->sink)
    {
    case SINK_BUFFER:
      if (call->buffer->len + len > call->json_cap)
        {
          g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                       _("The server’s answer is too large (more than %" G_GSIZE_FORMAT " bytes)"),
                       call->json_cap);
          return 0;
        }
      g_byte_array_append (call->buffer, (const guint8 *) data, len);
      return len;

    case SINK_FILE:
      if (call->offset + len > call->download_cap
          || (call->expected_total > 0 && call->offset + len > call->expected_total))
        {
          g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                       _("The server sent more data than announced or allowed"));
          return 0;
        }
      for (gsize done = 0; done < len;)
        {
          gssize n = write (call->fd, data + done, len - done);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              int saved = errno;
              g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                           _("Could not write the download: %s"), g_strerror (saved));
              return 0;
            }
          done += n;
        }
      call->offset += len;
      file_sink_write_behind (call);
      if (call->progress)
        call->progress (call->offset, call->expected_total, call->progress_data);
      return len;

    case SINK_STREAM:
      if (!call->chunk_func (data, len, call->chunk_data))
        {
          call->stream_stopped = TRUE;
          return 0;
        }
      return len;

    default:
      g_assert_not_reached ();
    }
}

static void
wakeup_cb (GCancellable *cancellable,
           gpointer      multi)
{
  curl_multi_wakeup (multi);
}

/* Runs one transfer; returns the CURLcode, or sets *cancelled. */
static CURLcode
perform (Call     *call,
         CURL     *easy,
         gboolean *cancelled)
{
  CURLM *multi = curl_multi_init ();
  CURLcode result = CURLE_OK;
  CURLMsg *msg;
  gulong handler = 0;
  int running = 1;
  int queued;

  *cancelled = FALSE;
  curl_multi_add_handle (multi, easy);
  if (call->cancellable != NULL)
    handler = g_cancellable_connect (call->cancellable, G_CALLBACK (wakeup_cb), multi, NULL);

  while (running)
    {
      CURLMcode mc = curl_multi_perform (multi, &running);

      if (mc != CURLM_OK)
        {
          result = CURLE_FAILED_INIT;
          break;
        }
      if (g_cancellable_is_cancelled (call->cancellable))
        {
          *cancelled = TRUE;
          break;
        }
      if (!running)
        break;
      curl_multi_poll (multi, NULL, 0, 200, NULL);
    }

  while ((msg = curl_multi_info_read (multi, &queued)) != NULL)
    if (msg->msg == CURLMSG_DONE)
      result = msg->data.result;

  if (handler != 0)
    g_cancellable_disconnect (call->cancellable, handler);
  curl_multi_remove_handle (multi, easy);
  curl_multi_cleanup (multi);

  return result;
}

static gboolean
sleep_cancellable (guint         ms,
                   GCancellable *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (g_cancellable_is_cancelled (cancellable))
        return FALSE;
      gint64 left = end - g_get_monotonic_time ();
      if (left > 0)
        g_usleep (MIN (20000, left));
    }
  return !g_cancellable_is_cancelled (cancellable);
}

/* Seconds the server asks us to wait, -1 when absent or unreadable. */
static gint64
parse_retry_after (const char *value)
{
  char *end = NULL;
  gint64 secs;
  time_t when;

  if (value == NULL || *value == '\0')
    return -1;
  secs = g_ascii_strtoll (value, &end, 10);
  if (end != value && *end == '\0')
    return MAX (secs, 0);
  when = curl_getdate (value, NULL);
  if (when < 0)
    return -1;
  return MAX ((gint64) when - (gint64) time (NULL), 0);
}

static guint
backoff_ms (Call  *call,
            guint  attempt)
{
  guint64 ms = (guint64) call->backoff_base_ms << MIN (attempt, 16);

  ms = MIN (ms, BACKOFF_CAP_MS);
  /* jitter: 50–150 % */
  return (guint) (ms / 2 + g_random_int_range (0, (gint32) MAX (ms, 1)));
}

static CURLcode
setup_easy (Call               *call,
            CURL               *easy,
            struct curl_slist **headers_out,
            curl_mime         **mime_out)
{
  struct curl_slist *headers = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port = 0;

  curl_easy_reset (easy);
  curl_easy_setopt (easy, CURLOPT_URL, call->url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_UNRESTRICTED_AUTH, 0L);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) call->connect_ms);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, call->user_agent);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, call);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, call);

  if (call->sink == SINK_BUFFER)
    {
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) call->request_ms);
      curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
    }
  else
    {
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, 0L);
      curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, (long) DOWNLOAD_BUFFER);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) MAX (1, call->stall_ms / 1000));
    }

  if (parse_http_url (call->url, &scheme, &host, &port))
    {
      for (guint i = 0; i < call->credentials->len; i++)
        {
          const Credential *cred = g_ptr_array_index (call->credentials, i);

          if (credential_matches (cred, scheme, host, port))
            headers = curl_slist_append (headers, cred->header);
        }
    }

  if (call->accept != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Accept: %s", call->accept);
      headers = curl_slist_append (headers, h);
    }
  else if (call->sink == SINK_BUFFER)
    headers = curl_slist_append (headers, "Accept: application/json");

  if (call->sink == SINK_FILE && call->offset > 0)
    {
      g_autofree char *range = g_strdup_printf ("%" G_GUINT64_FORMAT "-", call->offset);
      curl_easy_setopt (easy, CURLOPT_RANGE, range);
    }

  if (call->parts != NULL)
    {
      curl_mime *mime = curl_mime_init (easy);

      for (guint i = 0; i < call->n_parts; i++)
        {
          const RushesHttpPart *p = &call->parts[i];
          curl_mimepart *part = curl_mime_addpart (mime);

          curl_mime_name (part, p->name);
          if (p->file_path != NULL)
            {
              g_autofree char *base = g_path_get_basename (p->file_path);
              if (curl_mime_filedata (part, p->file_path) != CURLE_OK)
                {
                  curl_mime_free (mime);
                  curl_slist_free_all (headers);
                  return CURLE_READ_ERROR;
                }
              curl_mime_filename (part, p->filename ? p->filename : base);
            }
          else
            curl_mime_data (part, p->value ? p->value : "", CURL_ZERO_TERMINATED);
          if (p->content_type != NULL)
            curl_mime_type (part, p->content_type);
        }
      curl_easy_setopt (easy, CURLOPT_MIMEPOST, mime);
      *mime_out = mime;
    }
  else if (call->body != NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (call->body, &size);
      g_autofree char *ct = g_strdup_printf ("Content-Type: %s",
                                             call->content_type ? call->content_type : "application/json");

      curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
      curl_easy_setopt (easy, CURLOPT_POSTFIELDS, data ? data : "");
      headers = curl_slist_append (headers, ct);
    }

  if (g_strcmp0 (call->method, "GET") == 0)
    curl_easy_setopt (easy, CURLOPT_HTTPGET, 1L);
  else if (g_strcmp0 (call->method, "POST") == 0)
    {
      if (call->body == NULL && call->parts == NULL)
        {
          curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE, 0L);
          curl_easy_setopt (easy, CURLOPT_POSTFIELDS, "");
        }
    }
  else if (g_strcmp0 (call->method, "HEAD") == 0)
    curl_easy_setopt (easy, CURLOPT_NOBODY, 1L);
  else
    curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, call->method);

  /* no "Expect: 100-continue" round trip */
  headers = curl_slist_append (headers, "Expect:");
  curl_easy_setopt (easy, CURLOPT_HTTPHEADER, headers);
  *headers_out = headers;
  return CURLE_OK;
}

/* Short text for an error body: JSON message keys, or a short plain text. */
char *
rushes_http_json_error_text (JsonNode *node)
{
  JsonObject *obj;
  static const char *keys[] = { "error", "detail", "message", "title" };

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  obj = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *member = json_object_get_member (obj, keys[i]);

      if (member == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (member));
      if (JSON_NODE_HOLDS_OBJECT (member))
        {
          char *inner = rushes_http_json_error_text (member);
          if (inner != NULL)
            return inner;
        }
      if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *arr = json_node_get_array (member);
          if (json_array_get_length (arr) > 0)
            {
              char *inner = rushes_http_json_error_text (json_array_get_element (arr, 0));
              if (inner != NULL)
                return inner;
              if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (arr, 0)))
                {
                  JsonObject *o = json_array_get_object_element (arr, 0);
                  if (json_object_has_member (o, "msg"))
                    return g_strdup (json_object_get_string_member_with_default (o, "msg", ""));
                }
            }
        }
    }
  return NULL;
}

static char *
body_summary (const guint8 *data,
              gsize         len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  if (len == 0)
    return NULL;
  if (json_parser_load_from_data (parser, (const char *) data, len, NULL))
    {
      char *msg = rushes_http_json_error_text (json_parser_get_root (parser));
      if (msg != NULL)
        {
          if (g_utf8_strlen (msg, -1) > 300)
            {
              char *cut = g_utf8_substring (msg, 0, 300);
              g_free (msg);
              msg = g_strconcat (cut, "…", NULL);
              g_free (cut);
            }
          return msg;
        }
      return NULL;
    }

  /* a web page tells the user nothing; short plain text may */
  if (len > 200 || memchr (data, '<', len) != NULL)
    return NULL;
  text = g_utf8_make_valid ((const char *) data, len);
  return g_strstrip (g_steal_pointer (&text));
}

static void
set_status_error (GError      **error,
                  guint         status,
                  const guint8 *data,
                  gsize         len,
                  const char   *ct,
                  gint64        retry_after)
{
  g_autofree char *summary = body_summary (data, len);
  RushesHttpError code;
  GString *msg = g_string_new (NULL);

  switch (status)
    {
    case 401: case 403: code = RUSHES_HTTP_ERROR_AUTH; break;
    case 404: case 410: code = RUSHES_HTTP_ERROR_NOT_FOUND; break;
    case 429: code = RUSHES_HTTP_ERROR_RATE_LIMITED; break;
    case 413: code = RUSHES_HTTP_ERROR_TOO_LARGE; break;
    default: code = RUSHES_HTTP_ERROR_STATUS; break;
    }

  switch (code)
    {
    case RUSHES_HTTP_ERROR_AUTH:
      g_string_printf (msg, _("The server refused access (HTTP %u)"), status);
      break;
    case RUSHES_HTTP_ERROR_NOT_FOUND:
      g_string_printf (msg, _("Not found on the server (HTTP %u)"), status);
      break;
    case RUSHES_HTTP_ERROR_RATE_LIMITED:
      if (retry_after > 0)
        g_string_printf (msg, _("The server is rate limiting requests; it asks to wait %" G_GINT64_FORMAT " s (HTTP 429)"), retry_after);
      else
        g_string_printf (msg, _("The server is rate limiting requests (HTTP 429)"));
      break;
    default:
      if (status >= 500)
        g_string_printf (msg, _("The server had an internal problem (HTTP %u)"), status);
      else
        g_string_printf (msg, _("The server rejected the request (HTTP %u)"), status);
      break;
    }
  if (summary != NULL && *summary != '\0')
    g_string_append_printf (msg, ": %s", summary);
  else if (ct != NULL && g_ascii_strncasecmp (ct, "text/html", 9) == 0)
    g_string_append (msg, _(" (it answered with a web page)"));

  g_set_error_literal (error, RUSHES_HTTP_ERROR, code, msg->str);
  if (error != NULL && *error != NULL)
    rushes_http_error_get_private (*error)->status = status;
  g_string_free (msg, TRUE);
}

guint
rushes_http_error_get_status (const GError *error)
{
  if (error == NULL || error->domain != RUSHES_HTTP_ERROR)
    return 0;
  return rushes_http_error_get_private (error)->status;
}

static void
set_transport_error (GError   **error,
                     CURLcode   res,
                     const char *errbuf)
{
  RushesHttpError code;
  const char *what;

  switch (res)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("The server’s name could not be resolved");
      break;
    case CURLE_COULDNT_CONNECT:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("Could not connect to the server");
      break;
    case CURLE_OPERATION_TIMEDOUT:
      code = RUSHES_HTTP_ERROR_TIMEOUT;
      what = _("The server did not answer in time");
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      code = RUSHES_HTTP_ERROR_TLS;
      what = _("The secure connection could not be verified");
      break;
    case CURLE_PARTIAL_FILE:
      code = RUSHES_HTTP_ERROR_TRUNCATED;
      what = _("The connection closed before the whole answer arrived");
      break;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("The connection to the server was lost");
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      code = RUSHES_HTTP_ERROR_FAILED;
      what = _("The address is not a valid http or https address");
      break;
    case CURLE_READ_ERROR:
      code = RUSHES_HTTP_ERROR_IO;
      what = _("Could not read the file to upload");
      break;
    default:
      code = RUSHES_HTTP_ERROR_FAILED;
      what = _("The request failed");
      break;
    }

  /* errbuf has libcurl's wording (host names, no headers) */
  if (errbuf != NULL && *errbuf != '\0')
    g_set_error (error, RUSHES_HTTP_ERROR, code, "%s (%s)", what, errbuf);
  else
    g_set_error_literal (error, RUSHES_HTTP_ERROR, code, what);
}

static gboolean
curl_failed_before_sending (CURLcode res)
{
  return res == CURLE_COULDNT_CONNECT
         || res == CURLE_COULDNT_RESOLVE_HOST
         || res == CURLE_COULDNT_RESOLVE_PROXY;
}

static gboolean
curl_is_transient (CURLcode res)
{
  return curl_failed_before_sending (res)
         || res == CURLE_RECV_ERROR
         || res == CURLE_SEND_ERROR
         || res == CURLE_GOT_NOTHING
         || res == CURLE_PARTIAL_FILE
         || res == CURLE_OPERATION_TIMEDOUT
         || res == CURLE_HTTP2
         || res == CURLE_HTTP2_STREAM;
}

static gboolean
status_is_retryable (guint status)
{
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

static void
call_reset_response (Call *call)
{
  call->status = 0;
  call->headers_done = FALSE;
  call->got_body = FALSE;
  call->body_is_error = FALSE;
  g_hash_table_remove_all (call->headers);
  g_byte_array_set_size (call->buffer, 0);
  g_clear_error (&call->abort_error);
}

/* The retry/redirect loop. On TRUE the final response is in call (any
 * status); on FALSE error is set. */
static gboolean
call_run (Call    *call,
          GError **error)
{
  g_autoptr(GError) last_error = NULL;
  CURL *easy = curl_easy_init ();
  guint attempt = 0;
  guint redirects = 0;
  guint resumes = 0;
  guint64 offset_before;
  char errbuf[CURL_ERROR_SIZE];

  if (easy == NULL)
    {
      g_set_error_literal (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_FAILED,
                           _("Could not start a network request"));
      return FALSE;
    }

  for (;;)
    {
      struct curl_slist *headers = NULL;
      curl_mime *mime = NULL;
      gboolean cancelled = FALSE;
      gboolean retry = FALSE;
      gint64 retry_after = -1;
      CURLcode res;

      call_reset_response (call);
      offset_before = call->offset;
      errbuf[0] = '\0';

      res = setup_easy (call, easy, &headers, &mime);
      if (res == CURLE_OK)
        {
          curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, errbuf);
          res = perform (call, easy, &cancelled);
        }
      curl_slist_free_all (headers);
      curl_mime_free (mime);

      if (cancelled || g_cancellable_is_cancelled (call->cancellable))
        {
          curl_easy_cleanup (easy);
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("Operation was cancelled"));
          return FALSE;
        }

      if (call->stream_stopped)
        break;

      if (call->abort_error != NULL)
        {
          /* our own abort: a wrong Range answer may be retried from zero */
          if (call->sink == SINK_FILE
              && g_error_matches (call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE)
              && call->offset == 0 && offset_before > 0
              && attempt < call->max_retries)
            {
              attempt++;
              continue;
            }
          curl_easy_cleanup (easy);
          g_propagate_error (error, g_steal_pointer (&call->abort_error));
          return FALSE;
        }

      if (res == CURLE_OK && call->sink == SINK_FILE && is_success (call->status)
          && call->expected_total > 0 && call->offset < call->expected_total)
        res = CURLE_PARTIAL_FILE;

      if (res != CURLE_OK)
        {
          gboolean allowed;

          g_clear_error (&last_error);
          set_transport_error (&last_error, res, errbuf);

          if (call->flags & RUSHES_HTTP_FLAGS_NO_RETRY)
            allowed = FALSE;
          else if (call->sink == SINK_STREAM)
            allowed = curl_failed_before_sending (res);
          else if (call->flags & RUSHES_HTTP_FLAGS_IDEMPOTENT)
            allowed = curl_is_transient (res);
          else
            allowed = curl_failed_before_sending (res);

          /* a download that made progress does not use up an attempt, up to
           * a limit (a server that always drops after a few bytes) */
          if (allowed && call->sink == SINK_FILE && call->offset > offset_before
              && ++resumes <= MAX_RESUMES)
            attempt = 0;

          if (!allowed || attempt >= call->max_retries)
            {
              curl_easy_cleanup (easy);
              g_propagate_error (error, g_steal_pointer (&last_error));
              return FALSE;
            }
          retry = TRUE;
        }
      else if (is_redirect (call->status))
        {
          char *location = NULL;
          g_autofree char *scheme = NULL;

          curl_easy_getinfo (easy, CURLINFO_REDIRECT_URL, &location);
          if (location == NULL || !parse_http_url (location, &scheme, NULL, NULL))
            {
              curl_easy_cleanup (easy);
              g_set_error_literal (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_REDIRECT,
                                   _("The server redirected to an address that is not http or https"));
              return FALSE;
            }
          if (++redirects > MAX_REDIRECTS)
            {
              curl_easy_cleanup (easy);
              g_set_error_literal (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_REDIRECT,
                                   _("The server redirected too many times"));
              return FALSE;
            }
          g_free (call->url);
          call->url = g_strdup (location);
          if (call->status == 303
              || ((call->status == 301 || call->status == 302) && g_strcmp0 (call->method, "POST") == 0))
            {
              g_free (call->method);
              call->method = g_strdup ("GET");
              g_clear_pointer (&call->body, g_bytes_unref);
              call->parts = NULL;
              call->n_parts = 0;
            }
          continue;
        }
      else if (status_is_retryable (call->status)
               && !(call->flags & RUSHES_HTTP_FLAGS_NO_RETRY)
               && (call->status == 429 || (call->flags & RUSHES_HTTP_FLAGS_IDEMPOTENT)))
        {
          retry_after = parse_retry_after (call_header (call, "retry-after"));
          if (attempt >= call->max_retries
              || (retry_after > 0 && (guint64) retry_after > call->max_retry_after_s))
            break;
          retry = TRUE;
        }

      if (!retry)
        break;

      {
        guint wait = retry_after >= 0 ? (guint) retry_after * 1000 : backoff_ms (call, attempt);

        g_debug ("retrying %s (attempt %u) in %u ms", call->method, attempt + 1, wait);
        attempt++;
        if (!sleep_cancellable (wait, call->cancellable))
          {
            curl_easy_cleanup (easy);
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 _("Operation was cancelled"));
            return FALSE;
          }
      }
    }

  curl_easy_cleanup (easy);
  return TRUE;
}

/* ---- JSON calls ----------------------------------------------------------- */

static JsonNode *
parse_json_body (Call     *call,
                 GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  const char *ct = call_header (call, "content-type");

  if (call->buffer->len == 0)
    return json_node_new (JSON_NODE_NULL);

  if (!json_parser_load_from_data (parser, (const char *) call->buffer->data,
                                   call->buffer->len, &local))
    {
      if (ct != NULL && g_ascii_strncasecmp (ct, "text/html", 9) == 0)
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                     _("The server answered with a web page instead of data (HTTP %u); is the address right?"),
                     call->status);
      else
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                     _("The server’s answer is not valid JSON (HTTP %u)"), call->status);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
json_to_bytes (JsonNode *body)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  if (body == NULL)
    return g_bytes_new_static ("{}", 2);
  json_generator_set_root (gen, body);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

JsonNode *
rushes_http_client_request_json (RushesHttpClient  *self,
                                 const char        *method,
                                 const char        *url,
                                 JsonNode          *body,
                                 RushesHttpFlags    flags,
                                 guint             *out_status,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(Call) call = NULL;
  JsonNode *node;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && url != NULL, NULL);

  call = call_new (self, method, url, cancellable);
  call->sink = SINK_BUFFER;
  call->flags = flags;
  if (!(flags & RUSHES_HTTP_FLAGS_NO_BODY) &&
      (body != NULL || g_strcmp0 (method, "POST") == 0 || g_strcmp0 (method, "PUT") == 0))
    call->body = json_to_bytes (body);

  if (!call_run (call, error))
    return NULL;

  if (out_status)
    *out_status = call->status;

  node = parse_json_body (call, error);
  if (node == NULL && !is_success (call->status))
    {
      /* non-JSON error answer: say what the status means instead */
      g_clear_error (error);
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
    }
  return node;
}

static JsonNode *
json_call_2xx (RushesHttpClient  *self,
               const char        *method,
               const char        *url,
               JsonNode          *body,
               RushesHttpFlags    flags,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(Call) call = call_new (self, method, url, cancellable);

  call->sink = SINK_BUFFER;
  call->flags = flags;
  if (g_strcmp0 (method, "POST") == 0)
    call->body = json_to_bytes (body);

  if (!call_run (call, error))
    return NULL;

  if (!is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
      return NULL;
    }
  return parse_json_body (call, error);
}

JsonNode *
rushes_http_client_get_json (RushesHttpClient  *self,
                             const char        *url,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);

  return json_call_2xx (self, "GET", url, NULL, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                        cancellable, error);
}

JsonNode *
rushes_http_client_post_json (RushesHttpClient  *self,
                              const char        *url,
                              JsonNode          *body,
                              gboolean           idempotent,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);

  return json_call_2xx (self, "POST", url, body,
                        idempotent ? RUSHES_HTTP_FLAGS_IDEMPOTENT : RUSHES_HTTP_FLAGS_NONE,
                        cancellable, error);
}

gboolean
rushes_http_client_request_ok (RushesHttpClient  *self,
                               const char        *method,
                               const char        *url,
                               JsonNode          *body,
                               RushesHttpFlags    flags,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(Call) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  call = call_new (self, method, url, cancellable);
  call->sink = SINK_BUFFER;
  call->flags = flags;
  if (!(flags & RUSHES_HTTP_FLAGS_NO_BODY) && (body != NULL || g_strcmp0 (method, "POST") == 0))
    call->body = json_to_bytes (body);

  if (!call_run (call, error))
    return FALSE;
  if (!is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
      return FALSE;
    }
  return TRUE;
}

gboolean
rushes_http_client_send_bytes (RushesHttpClient  *self,
                               const char        *method,
                               const char        *url,
                               const char        *content_type,
                               GBytes            *body,
                               RushesHttpFlags    flags,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(Call) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (method != NULL && url != NULL && content_type != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  call = call_new (self, method, url, cancellable);
  call->sink = SINK_BUFFER;
  call->flags = flags & ~RUSHES_HTTP_FLAGS_NO_BODY;
  call->body = g_bytes_ref (body);
  call->content_type = content_type;

  if (!call_run (call, error))
    return FALSE;
  if (!is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
      return FALSE;
    }
  return TRUE;
}

JsonNode *
rushes_http_client_post_multipart (RushesHttpClient     *self,
                                   const char           *url,
                                   const RushesHttpPart *parts,
                                   guint                 n_parts,
                                   RushesHttpFlags       flags,
                                   guint                *out_status,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  g_autoptr(Call) call = NULL;
  JsonNode *node;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (parts != NULL && n_parts > 0, NULL);

  for (guint i = 0; i < n_parts; i++)
    if (parts[i].file_path != NULL && !g_file_test (parts[i].file_path, G_FILE_TEST_IS_REGULAR))
      {
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                     _("The file to upload does not exist: %s"), parts[i].file_path);
        return NULL;
      }

  call = call_new (self, "POST", url, cancellable);
  call->sink = SINK_BUFFER;
  call->flags = flags;
  call->parts = parts;
  call->n_parts = n_parts;

  if (!call_run (call, error))
    return NULL;
  if (out_status)
    *out_status = call->status;
  if (!is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"), -1);
      return NULL;
    }
  node = parse_json_body (call, error);
  return node;
}

/* ---- downloads -------------------------------------------------------------- */

gboolean
rushes_http_client_download (RushesHttpClient      *self,
                             const char            *url,
                             const char            *dest_path,
                             RushesHttpProgressFunc progress,
                             gpointer               progress_data,
                             GCancellable          *cancellable,
                             GError               **error)
{
  g_autoptr(Call) call = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  gboolean ok;
  gboolean keep_partial = FALSE;
  off_t existing;
  int fd;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL && dest_path != NULL, FALSE);

  /* A fixed name next to the destination: a download cut off by a network
   * failure, a cancel or a quit resumes from it on the next try. */
  dir = g_path_get_dirname (dest_path);
  base = g_path_get_basename (dest_path);
  tmp = g_strdup_printf ("%s/.%s.part", dir, base);
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

  call = call_new (self, "GET", url, cancellable);
  call->sink = SINK_FILE;
  call->flags = RUSHES_HTTP_FLAGS_IDEMPOTENT;
  call->fd = fd;
  call->progress = progress;
  call->progress_data = progress_data;

  existing = lseek (fd, 0, SEEK_END);
  if (existing > 0 && (guint64) existing <= call->download_cap)
    call->offset = (guint64) existing;
  else if (existing != 0 && (ftruncate (fd, 0) != 0 || lseek (fd, 0, SEEK_SET) != 0))
    existing = -1;

  ok = call_run (call, error);
  if (ok && call->status == 416 && call->offset > 0)
    {
      /* the partial file does not fit the server's file: start over */
      if (ftruncate (fd, 0) == 0 && lseek (fd, 0, SEEK_SET) == 0)
        {
          call->offset = 0;
          ok = call_run (call, error);
        }
    }
  if (ok && !is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
      ok = FALSE;
    }
  else if (!ok && call->offset > 0 && error != NULL && *error != NULL
           && (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
               || g_error_matches (*error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_CONNECT)
               || g_error_matches (*error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT)
               || g_error_matches (*error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TRUNCATED)))
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
                   _("The download is incomplete (%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes)"),
                   call->offset, call->expected_total);
      ok = FALSE;
    }
  if (ok && fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                   _("Could not write the download: %s"), g_strerror (saved));
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
      int saved = errno;
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                   _("Could not write the download: %s"), g_strerror (saved));
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
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;

  g_return_if_fail (dest_path != NULL);

  dir = g_path_get_dirname (dest_path);
  base = g_path_get_basename (dest_path);
  tmp = g_strdup_printf ("%s/.%s.part", dir, base);
  g_unlink (tmp);
}

/* ---- streams ------------------------------------------------------------------- */

gboolean
rushes_http_client_stream (RushesHttpClient      *self,
                           const char            *url,
                           const char            *accept,
                           RushesHttpChunkFunc    func,
                           gpointer               func_data,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(Call) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  call = call_new (self, "GET", url, cancellable);
  call->sink = SINK_STREAM;
  call->flags = RUSHES_HTTP_FLAGS_NONE;
  call->accept = accept;
  call->chunk_func = func;
  call->chunk_data = func_data;

  if (!call_run (call, error))
    return FALSE;
  if (call->stream_stopped)
    return TRUE;
  if (!is_success (call->status))
    {
      set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                        call_header (call, "content-type"),
                        parse_retry_after (call_header (call, "retry-after")));
      return FALSE;
    }
  return TRUE;
}
