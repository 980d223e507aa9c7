/* rushes-http.h: blocking HTTP client for the remote backends (libcurl)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * API summary
 * ===========
 *
 * One RushesHttpClient per configured backend. Configure it on any thread
 * before use (setters take a lock); every call after that blocks and is meant
 * for worker threads only. Each call makes its own CURL easy handle, so one
 * client serves many threads at once. curl_global_init() must have run (main.c
 * and the test mains do it).
 *
 *   client = rushes_http_client_new ();
 *   rushes_http_client_add_credential_for_url (client, "https://api.example.com",
 *                                              "Authorization", "Bearer …");
 *   rushes_http_client_add_credential (client, "*.example-cdn.com",
 *                                      "Authorization", "Bearer …");
 *   rushes_http_client_set_extra_header (client, base_url, "X-Proxy-Auth", "…");
 *
 *   node = rushes_http_client_get_json  (client, url, cancellable, &error);
 *   node = rushes_http_client_post_json (client, url, body, idempotent, cancellable, &error);
 *   node = rushes_http_client_request_json (client, "POST", url, body, flags,
 *                                           &status, cancellable, &error);
 *          → the parsed answer for ANY final status (e.g. 400 with
 *            node_errors); error only on transport failure or a body that is
 *            not JSON (or too big).
 *   ok   = rushes_http_client_download (client, url, dest_path, progress, data,
 *                                       cancellable, &error);
 *   ok   = rushes_http_client_stream (client, url, accept, chunk_func, data,
 *                                     cancellable, &error);   (SSE and the like)
 *   node = rushes_http_client_post_multipart (client, url, parts, idempotent,
 *                                             &status, cancellable, &error);
 *
 * Behaviour, for every call:
 * - Credentials: a credential (header name + value) is attached only when the
 *   request's scheme, host and port equal the credential's (added from a URL),
 *   or the host matches a "*.suffix" pattern over https. Redirects are
 *   followed here (not by libcurl), and each hop is matched again, so nothing
 *   reaches another host. The "extra header" for an authenticating proxy is
 *   a credential too. Header values never appear in errors or logs.
 * - TLS verification is always on. Only http and https are allowed, also
 *   on redirects (at most 5 hops).
 * - Retries: up to max_retries (default 4) with exponential backoff and
 *   jitter (base 500 ms, cap 30 s), honouring Retry-After (seconds or HTTP
 *   date; a wait longer than max_retry_after, default 120 s, is not waited
 *   for). Idempotent requests retry on 429, 500, 502, 503, 504 and on
 *   connection errors (refused, reset, timeout, truncated). Requests that are
 *   NOT idempotent (they may create a paid job) retry only when the server
 *   provably did not act on them: connection refused / name not resolved
 *   before anything was sent, or 429.
 * - Cancel: the GCancellable wakes the transfer loop at once (curl multi
 *   wakeup); calls return G_IO_ERROR_CANCELLED within a few ms.
 * - Timeouts: connect (default 15 s); whole request for JSON calls (default
 *   120 s); downloads and streams have no overall limit but fail when fewer
 *   than 1 byte arrives in stall_timeout (default 60 s).
 * - JSON answers are capped (default 32 MiB; RUSHES_HTTP_ERROR_TOO_LARGE).
 *   A body that is not JSON (an HTML page from a proxy, say) gives
 *   RUSHES_HTTP_ERROR_BAD_RESPONSE.
 * - Downloads stream into ".NAME.part" next to dest_path (locked with
 *   flock), resume with Range after a dropped connection (restart from zero
 *   when the server ignores Range or answers 416), check the size against
 *   Content-Length / Content-Range, refuse answers larger than the download
 *   cap (default 16 GiB) before writing anything and HTML pages, then fsync
 *   and rename() into place. A partial file is kept after a connection
 *   failure, timeout or cancel, so the next call for the same dest_path
 *   resumes it (also after a restart); after any other failure it is removed.
 *   dest_path is never partially written.
 *
 * Helpers for backends built on this (rushes-remote-util.h):
 * rushes_remote_propagate_error() maps these errors to RUSHES_BACKEND_ERROR
 * codes (UNAVAILABLE / AUTH / NOT_FOUND / PROTOCOL / FAILED);
 * rushes_remote_is_safe_filename() / _is_safe_subpath() check names that a
 * server reports; rushes_remote_is_uuid(). Server-sent events:
 * rushes-sse.h (RushesSseParser, fed from rushes_http_client_stream()).
 * Tests: tests/backends/fake-server.h (SoupServer and raw-socket fakes).
 *
 * Errors: RUSHES_HTTP_ERROR (below) or G_IO_ERROR_CANCELLED. For status
 * errors the message has the status and the server's own short message (from
 * JSON "error", "detail", "message" or a short text body), and
 * rushes_http_error_get_status() recovers the status code;
 * rushes_http_error_get_backend_code() says which RUSHES_BACKEND_ERROR it is.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rushes-backend.h"

G_BEGIN_DECLS

#define RUSHES_HTTP_ERROR (rushes_http_error_quark ())
typedef enum
{
  RUSHES_HTTP_ERROR_FAILED,        /* anything else */
  RUSHES_HTTP_ERROR_CONNECT,       /* unreachable, refused, reset, name unknown */
  RUSHES_HTTP_ERROR_TIMEOUT,       /* connect/overall/stall timeout */
  RUSHES_HTTP_ERROR_TLS,           /* certificate or TLS handshake problem */
  RUSHES_HTTP_ERROR_STATUS,        /* non-2xx answer not covered below */
  RUSHES_HTTP_ERROR_AUTH,          /* 401 or 403 */
  RUSHES_HTTP_ERROR_NOT_FOUND,     /* 404 or 410 */
  RUSHES_HTTP_ERROR_RATE_LIMITED,  /* 429 after all retries */
  RUSHES_HTTP_ERROR_TOO_LARGE,     /* answer above the JSON or download cap */
  RUSHES_HTTP_ERROR_BAD_RESPONSE,  /* not JSON, HTML instead of a file, bad headers */
  RUSHES_HTTP_ERROR_TRUNCATED,     /* body shorter than announced, could not resume */
  RUSHES_HTTP_ERROR_REDIRECT,      /* too many redirects, or to a forbidden scheme */
  RUSHES_HTTP_ERROR_IO,            /* writing the local file failed */
} RushesHttpError;

GQuark rushes_http_error_quark (void);

/* The HTTP status behind a RUSHES_HTTP_ERROR, 0 when there was none. */
guint rushes_http_error_get_status (const GError *error);

/* What an HTTP error means for a backend, the one mapping every backend
 * uses: CONNECT, TIMEOUT, TLS, RATE_LIMITED and 429/5xx → UNAVAILABLE;
 * AUTH and 402 → AUTH; NOT_FOUND → NOT_FOUND; 400 and 422 → UNSUPPORTED (the
 * server rejected the parameters); BAD_RESPONSE, TOO_LARGE, TRUNCATED,
 * REDIRECT → PROTOCOL; anything else (also other domains) → FAILED. */
RushesBackendError rushes_http_error_get_backend_code  (const GError *error);
/* The same for a bare HTTP status (e.g. one a job's record reports). */
RushesBackendError rushes_http_status_get_backend_code (guint         status);

/* What a failed connection test means, in words a person can act on. */
typedef enum
{
  RUSHES_HTTP_PROBLEM_OTHER,
  RUSHES_HTTP_PROBLEM_CANNOT_CONNECT,  /* connection refused: nothing listens there */
  RUSHES_HTTP_PROBLEM_NAME_NOT_FOUND,  /* DNS */
  RUSHES_HTTP_PROBLEM_TIMEOUT,
  RUSHES_HTTP_PROBLEM_TLS,
  RUSHES_HTTP_PROBLEM_KEY_REFUSED,     /* 401, 403 */
  RUSHES_HTTP_PROBLEM_WRONG_SERVER,    /* 404, an answer of the wrong shape: the wrong port */
} RushesHttpProblem;

/* For a RUSHES_HTTP_ERROR, or a RUSHES_BACKEND_ERROR (by its code). */
RushesHttpProblem  rushes_http_error_get_problem  (const GError      *error);
/* One or two sentences; server names the kind of server ("ComfyUI"). */
char              *rushes_http_problem_describe   (RushesHttpProblem  problem,
                                                   const char        *server);

typedef enum /*< flags >*/
{
  RUSHES_HTTP_FLAGS_NONE       = 0,
  /* Safe to send again: GETs, status checks, cancels, uploads of inputs. */
  RUSHES_HTTP_FLAGS_IDEMPOTENT = 1 << 0,
  /* Do not retry at all (the caller has its own recovery). */
  RUSHES_HTTP_FLAGS_NO_RETRY   = 1 << 1,
  /* Send no body at all, also for POST/PUT (endpoints that take none, e.g.
   * Replicate's and fal's cancel: a "{}" there is rejected by the spec). */
  RUSHES_HTTP_FLAGS_NO_BODY    = 1 << 2,
} RushesHttpFlags;

/* Download progress; total is 0 when unknown. Called on the calling thread. */
typedef void (*RushesHttpProgressFunc) (guint64  received,
                                        guint64  total,
                                        gpointer user_data);

/* Body chunks of a streamed 2xx answer; return FALSE to stop (the call then
 * succeeds). Called on the calling thread. */
typedef gboolean (*RushesHttpChunkFunc) (const char *data,
                                         gsize       length,
                                         gpointer    user_data);

/* One part of a multipart/form-data body: either a string value or a file. */
typedef struct
{
  const char *name;
  const char *value;         /* string part, or NULL */
  const char *file_path;     /* file part, or NULL */
  const char *filename;      /* file name announced for a file part (NULL: basename) */
  const char *content_type;  /* NULL: libcurl's guess */
} RushesHttpPart;

#define RUSHES_TYPE_HTTP_CLIENT (rushes_http_client_get_type ())
G_DECLARE_FINAL_TYPE (RushesHttpClient, rushes_http_client, RUSHES, HTTP_CLIENT, GObject)

RushesHttpClient *rushes_http_client_new (void);

/* Configuration (any thread). */
gboolean rushes_http_client_add_credential_for_url (RushesHttpClient *self,
                                                    const char       *url,
                                                    const char       *header_name,
                                                    const char       *header_value,
                                                    GError          **error);
/* host_pattern: "host", "host:port" (https assumed when no port), or
 * "*.suffix" (matches "suffix" and any subdomain, https only). */
void     rushes_http_client_add_credential         (RushesHttpClient *self,
                                                    const char       *host_pattern,
                                                    const char       *header_name,
                                                    const char       *header_value);
/* The user-supplied header for servers behind an authenticating proxy,
 * bound to the backend's base URL like a credential. NULL name clears it. */
gboolean rushes_http_client_set_extra_header       (RushesHttpClient *self,
                                                    const char       *base_url,
                                                    const char       *header_name,
                                                    const char       *header_value,
                                                    GError          **error);
void     rushes_http_client_clear_credentials      (RushesHttpClient *self);
void     rushes_http_client_set_user_agent         (RushesHttpClient *self,
                                                    const char       *user_agent);
void     rushes_http_client_set_timeouts           (RushesHttpClient *self,
                                                    guint             connect_ms,
                                                    guint             request_ms,
                                                    guint             stall_ms);
void     rushes_http_client_set_retry_policy       (RushesHttpClient *self,
                                                    guint             max_retries,
                                                    guint             backoff_base_ms,
                                                    guint             max_retry_after_s);
void     rushes_http_client_set_json_cap           (RushesHttpClient *self,
                                                    gsize             max_bytes);
void     rushes_http_client_set_download_cap       (RushesHttpClient *self,
                                                    guint64           max_bytes);

/* Blocking calls (worker threads). */
JsonNode *rushes_http_client_get_json       (RushesHttpClient  *self,
                                             const char        *url,
                                             GCancellable      *cancellable,
                                             GError           **error);
/* body may be NULL (sends "{}"); idempotent: see the retry rules above. */
JsonNode *rushes_http_client_post_json      (RushesHttpClient  *self,
                                             const char        *url,
                                             JsonNode          *body,
                                             gboolean           idempotent,
                                             GCancellable      *cancellable,
                                             GError           **error);
/* Any method; returns the parsed JSON answer whatever the final status
 * (empty body: a JSON null node). out_status may be NULL. */
JsonNode *rushes_http_client_request_json   (RushesHttpClient  *self,
                                             const char        *method,
                                             const char        *url,
                                             JsonNode          *body,
                                             RushesHttpFlags    flags,
                                             guint             *out_status,
                                             GCancellable      *cancellable,
                                             GError           **error);
/* Like request_json but tolerant of empty / non-JSON 2xx bodies (e.g.
 * ComfyUI's /interrupt answers 200 with an empty body): returns TRUE on 2xx. */
gboolean  rushes_http_client_request_ok     (RushesHttpClient  *self,
                                             const char        *method,
                                             const char        *url,
                                             JsonNode          *body,
                                             RushesHttpFlags    flags,
                                             GCancellable      *cancellable,
                                             GError           **error);
/* Sends body as it is with the given Content-Type (method "PUT" or "POST"),
 * e.g. a file to a pre-signed upload URL; any 2xx answer (empty or not
 * JSON) is success. */
gboolean  rushes_http_client_send_bytes     (RushesHttpClient  *self,
                                             const char        *method,
                                             const char        *url,
                                             const char        *content_type,
                                             GBytes            *body,
                                             RushesHttpFlags    flags,
                                             GCancellable      *cancellable,
                                             GError           **error);
JsonNode *rushes_http_client_post_multipart (RushesHttpClient     *self,
                                             const char           *url,
                                             const RushesHttpPart *parts,
                                             guint                 n_parts,
                                             RushesHttpFlags       flags,
                                             guint                *out_status,
                                             GCancellable         *cancellable,
                                             GError              **error);
gboolean  rushes_http_client_download       (RushesHttpClient      *self,
                                             const char            *url,
                                             const char            *dest_path,
                                             RushesHttpProgressFunc progress,
                                             gpointer               progress_data,
                                             GCancellable          *cancellable,
                                             GError               **error);
/* Removes the partial file a failed or cancelled download of dest_path
 * left for resuming (call when the job is given up). */
void      rushes_http_discard_partial       (const char            *dest_path);
/* GET with a long-lived body (server-sent events): chunks go to func as they
 * arrive. Retried only if the connection could not be made at all. accept
 * may be NULL. */
gboolean  rushes_http_client_stream         (RushesHttpClient      *self,
                                             const char            *url,
                                             const char            *accept,
                                             RushesHttpChunkFunc    func,
                                             gpointer               func_data,
                                             GCancellable          *cancellable,
                                             GError               **error);

/* Helpers. */
/* base may carry a path prefix ("https://host/comfy"); path starts with '/'.
 * Varargs: NULL-terminated query key, value pairs (values escaped; a NULL
 * value skips the pair is not possible, use "" instead). */
char     *rushes_http_build_url     (const char *base,
                                     const char *path,
                                     ...) G_GNUC_NULL_TERMINATED;
/* "scheme://host:port" with the default port filled in, or NULL if the URL
 * is not http(s). */
char     *rushes_http_url_get_origin (const char *url);
/* Short human text from a JSON error answer ("error", "detail", "message",
 * nested "error.message"), or NULL. */
char     *rushes_http_json_error_text (JsonNode *node);

G_END_DECLS
