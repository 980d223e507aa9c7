/* rushes-http-call.c: one call of the HTTP client, its retries and redirects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A call runs on the calling worker thread with its own CURL easy handle and
 * multi handle. The multi handle exists only so that a GCancellable can wake
 * the transfer loop (curl_multi_wakeup is thread-safe), which keeps
 * cancellation well under the 0.5 s the backend contract asks for.
 * Redirects are followed here, not by libcurl, so that the credentials are
 * matched again for every hop; retries wait with backoff and jitter, or as
 * long as Retry-After asks.
 */
#define G_LOG_DOMAIN "rushes-http"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http-private.h"

/* A call with a copy of the client's configuration (taken under its lock). */
RushesHttpCall *
_rushes_http_call_new (RushesHttpClient *self,
                       const char       *method,
                       const char       *url,
                       GCancellable     *cancellable)
{
  RushesHttpCall *call = g_new0 (RushesHttpCall, 1);

  g_mutex_lock (&self->lock);
  call->config = self->config;
  call->config.credentials = _rushes_http_credentials_copy (self->config.credentials);
  call->config.user_agent = g_strdup (self->config.user_agent);
  g_mutex_unlock (&self->lock);

  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->cancellable = cancellable;
  call->buffer = g_byte_array_new ();
  call->fd = -1;
  call->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return call;
}

void
_rushes_http_call_free (RushesHttpCall *call)
{
  g_ptr_array_unref (call->config.credentials);
  g_free (call->config.user_agent);
  g_free (call->method);
  g_free (call->url);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_byte_array_unref (call->buffer);
  g_hash_table_unref (call->headers);
  g_clear_error (&call->abort_error);
  g_free (call);
}

/* Status line or one header line; header names are stored lower case. */
static size_t
header_cb (char   *buffer,
           size_t  size,
           size_t  nitems,
           void   *user_data)
{
  RushesHttpCall *call = user_data;
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

const char *
_rushes_http_call_header (RushesHttpCall *call,
                          const char     *name)
{
  return g_hash_table_lookup (call->headers, name);
}

static gboolean
is_redirect (guint status)
{
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

gboolean
_rushes_http_is_success (guint status)
{
  return status >= 200 && status < 300;
}

static size_t
write_cb (char   *data,
          size_t  size,
          size_t  nmemb,
          void   *user_data)
{
  RushesHttpCall *call = user_data;
  gsize len = size * nmemb;

  if (!call->got_body)
    {
      call->got_body = TRUE;
      call->body_is_error = !_rushes_http_is_success (call->status);
      if (!call->body_is_error && call->sink == RUSHES_HTTP_SINK_FILE
          && !_rushes_http_file_sink_begin (call))
        return 0;
    }

  if (call->body_is_error || is_redirect (call->status))
    {
      /* keep the beginning of an error body for the message */
      if (call->buffer->len < RUSHES_HTTP_ERROR_BODY_CAP)
        g_byte_array_append (call->buffer, (const guint8 *) data,
                             MIN (len, RUSHES_HTTP_ERROR_BODY_CAP - call->buffer->len));
      return len;
    }

  switch (call->sink)
    {
    case RUSHES_HTTP_SINK_BUFFER:
      if (call->buffer->len + len > call->config.json_cap)
        {
          g_set_error (&call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TOO_LARGE,
                       _("The server’s answer is too large (more than %zu bytes)"),
                       call->config.json_cap);
          return 0;
        }
      g_byte_array_append (call->buffer, (const guint8 *) data, len);
      return len;

    case RUSHES_HTTP_SINK_FILE:
      return _rushes_http_file_sink_write (call, data, len) ? len : 0;

    case RUSHES_HTTP_SINK_STREAM:
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
perform (RushesHttpCall *call,
         CURL           *easy,
         gboolean       *cancelled)
{
  CURLM *multi = curl_multi_init ();
  CURLcode result = CURLE_OK;
  CURLMsg *msg;
  gulong handler = 0;
  gint64 last_wake = g_get_monotonic_time ();
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
      if (call->sink == RUSHES_HTTP_SINK_FILE && call->got_body)
        {
          /* the body of a download: let it gather (see RUSHES_HTTP_DOWNLOAD_WAKE_US) */
          gint64 left = last_wake + RUSHES_HTTP_DOWNLOAD_WAKE_US - g_get_monotonic_time ();

          if (left > 0)
            g_usleep ((gulong) left);
        }
      curl_multi_poll (multi, NULL, 0, 200, NULL);
      last_wake = g_get_monotonic_time ();
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
backoff_ms (RushesHttpCall *call,
            guint           attempt)
{
  guint64 ms = (guint64) call->config.backoff_base_ms << MIN (attempt, 16);

  ms = MIN (ms, RUSHES_HTTP_BACKOFF_CAP_MS);
  /* jitter: 50–150 % */
  return (guint) (ms / 2 + g_random_int_range (0, (gint32) MAX (ms, 1)));
}

static CURLcode
setup_easy (RushesHttpCall     *call,
            CURL               *easy,
            struct curl_slist **headers_out,
            curl_mime         **mime_out)
{
  struct curl_slist *headers = NULL;

  curl_easy_reset (easy);
  curl_easy_setopt (easy, CURLOPT_URL, call->url);
  curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (easy, CURLOPT_UNRESTRICTED_AUTH, 0L);
  curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT_MS, (long) call->config.connect_ms);
  curl_easy_setopt (easy, CURLOPT_USERAGENT, call->config.user_agent);
  curl_easy_setopt (easy, CURLOPT_HEADERFUNCTION, header_cb);
  curl_easy_setopt (easy, CURLOPT_HEADERDATA, call);
  curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
  curl_easy_setopt (easy, CURLOPT_WRITEDATA, call);

  if (call->sink == RUSHES_HTTP_SINK_BUFFER)
    {
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) call->config.request_ms);
      curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
    }
  else
    {
      curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, 0L);
      curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, (long) RUSHES_HTTP_DOWNLOAD_BUFFER);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, (long) MAX (1, call->config.stall_ms / 1000));
    }

  headers = _rushes_http_credentials_append (call->config.credentials, call->url, headers);

  if (call->accept != NULL)
    {
      g_autofree char *h = g_strdup_printf ("Accept: %s", call->accept);
      headers = curl_slist_append (headers, h);
    }
  else if (call->sink == RUSHES_HTTP_SINK_BUFFER)
    headers = curl_slist_append (headers, "Accept: application/json");

  if (call->sink == RUSHES_HTTP_SINK_FILE && call->offset > 0)
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
call_reset_response (RushesHttpCall *call)
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
gboolean
_rushes_http_call_run (RushesHttpCall  *call,
                       GError         **error)
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
          if (call->sink == RUSHES_HTTP_SINK_FILE
              && g_error_matches (call->abort_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE)
              && call->offset == 0 && offset_before > 0
              && attempt < call->config.max_retries)
            {
              attempt++;
              continue;
            }
          curl_easy_cleanup (easy);
          g_propagate_error (error, g_steal_pointer (&call->abort_error));
          return FALSE;
        }

      if (res == CURLE_OK && call->sink == RUSHES_HTTP_SINK_FILE && _rushes_http_is_success (call->status)
          && call->expected_total > 0 && call->offset < call->expected_total)
        res = CURLE_PARTIAL_FILE;

      if (res != CURLE_OK)
        {
          gboolean allowed;

          g_clear_error (&last_error);
          if (res == CURLE_OPERATION_TIMEDOUT && call->sink == RUSHES_HTTP_SINK_FILE && call->headers_done
              && _rushes_http_is_success (call->status))
            {
              /* the low-speed limit: the download began, then nothing came */
              guint stall_s = MAX (1, call->config.stall_ms / 1000);

              if (call->expected_total > 0)
                g_set_error (&last_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The download stalled: nothing came for %u second (%llu of %llu bytes received)",
                                          "The download stalled: nothing came for %u seconds (%llu of %llu bytes received)",
                                          stall_s),
                             stall_s, (unsigned long long) call->offset,
                             (unsigned long long) call->expected_total);
              else
                g_set_error (&last_error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_TIMEOUT,
                             g_dngettext (GETTEXT_PACKAGE,
                                          "The download stalled: nothing came for %u second (%llu bytes received)",
                                          "The download stalled: nothing came for %u seconds (%llu bytes received)",
                                          stall_s),
                             stall_s, (unsigned long long) call->offset);
            }
          else
            _rushes_http_set_transport_error (&last_error, res, errbuf);

          if (call->flags & RUSHES_HTTP_FLAGS_NO_RETRY)
            allowed = FALSE;
          else if (call->sink == RUSHES_HTTP_SINK_STREAM)
            allowed = curl_failed_before_sending (res);
          else if (call->flags & RUSHES_HTTP_FLAGS_IDEMPOTENT)
            allowed = curl_is_transient (res);
          else
            allowed = curl_failed_before_sending (res);

          /* a download that made progress does not use up an attempt, up to
           * a limit (a server that always drops after a few bytes) */
          if (allowed && call->sink == RUSHES_HTTP_SINK_FILE && call->offset > offset_before
              && ++resumes <= RUSHES_HTTP_MAX_RESUMES)
            attempt = 0;

          if (!allowed || attempt >= call->config.max_retries)
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
          if (location == NULL || !_rushes_http_parse_url (location, &scheme, NULL, NULL))
            {
              curl_easy_cleanup (easy);
              g_set_error_literal (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_REDIRECT,
                                   _("The server redirected to an address that is not http or https"));
              return FALSE;
            }
          if (++redirects > RUSHES_HTTP_MAX_REDIRECTS)
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
          retry_after = parse_retry_after (_rushes_http_call_header (call, "retry-after"));
          if (attempt >= call->config.max_retries
              || (retry_after > 0 && (guint64) retry_after > call->config.max_retry_after_s))
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

/* The error for a final non-2xx answer, with the server's message and the
 * wait it asks for. */
void
_rushes_http_call_set_status_error (RushesHttpCall  *call,
                                    GError         **error)
{
  _rushes_http_set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                                 _rushes_http_call_header (call, "content-type"),
                                 parse_retry_after (_rushes_http_call_header (call, "retry-after")));
}
