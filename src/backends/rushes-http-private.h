/* rushes-http-private.h: what the parts of the HTTP client share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client is split by concern:
 *   rushes-http.c           the object, its configuration, the JSON/stream calls
 *   rushes-http-url.c       URL helpers and per-host credentials
 *   rushes-http-call.c      one call: libcurl setup, the transfer, retries and
 *                           redirects followed by hand
 *   rushes-http-error.c     HTTP status / libcurl code → GError in plain words
 *   rushes-http-download.c  downloads: Range resume, write-behind, rename
 *
 * Threads: the client's configuration is guarded by `lock`; every call copies
 * it (RushesHttpConfig) under the lock and then runs without it on the
 * calling worker thread.
 */
#pragma once

#include <curl/curl.h>

#include "rushes-http.h"

G_BEGIN_DECLS

#define RUSHES_HTTP_MAX_REDIRECTS    5
#define RUSHES_HTTP_MAX_RESUMES      20
#define RUSHES_HTTP_ERROR_BODY_CAP   (64 * 1024)
#define RUSHES_HTTP_DOWNLOAD_BUFFER  (4 * 1024 * 1024)   /* libcurl's receive buffer for downloads */
/* A download's transfer loop wakes at most this often (µs): between wake-ups
 * the kernel gathers what arrives, and each wake-up reads and writes it in
 * one large block, instead of one small one per network packet. */
#define RUSHES_HTTP_DOWNLOAD_WAKE_US 5000
#define RUSHES_HTTP_WRITE_BEHIND     (8 * 1024 * 1024)   /* downloads go to disk in steps of this */
#define RUSHES_HTTP_BACKOFF_CAP_MS   30000

/* A header bound to one origin, or to "*.suffix" over https. */
typedef struct
{
  char *scheme;      /* "https"; NULL for "*.suffix" patterns (https only) */
  char *host;        /* lower case; for patterns the suffix without "*." */
  guint port;
  gboolean is_pattern;
  char *header;      /* "Name: value", the secret lives here only */
} RushesHttpCredential;

/* What a client is configured with; each call works on its own copy. */
typedef struct
{
  GPtrArray *credentials;   /* RushesHttpCredential, includes the extra header */
  char *user_agent;
  guint connect_ms;
  guint request_ms;
  guint stall_ms;
  guint max_retries;
  guint backoff_base_ms;
  guint max_retry_after_s;
  gsize json_cap;
  guint64 download_cap;
} RushesHttpConfig;

struct _RushesHttpClient
{
  GObject parent_instance;

  GMutex lock;
  RushesHttpConfig config;
  RushesHttpCredential *extra;   /* borrowed from config.credentials, or NULL */
};

typedef enum
{
  RUSHES_HTTP_SINK_BUFFER,     /* JSON answers: keep in memory up to json_cap */
  RUSHES_HTTP_SINK_FILE,       /* downloads */
  RUSHES_HTTP_SINK_STREAM,     /* chunks to a callback */
} RushesHttpSinkKind;

typedef struct
{
  RushesHttpConfig config;        /* copied, credentials deep */

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
  RushesHttpSinkKind sink;
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
} RushesHttpCall;

/* rushes-http-url.c */
gboolean           _rushes_http_parse_url          (const char         *url,
                                                    char              **scheme,
                                                    char              **host,
                                                    guint              *port);
void               _rushes_http_credential_free    (gpointer            data);
GPtrArray         *_rushes_http_credentials_copy   (GPtrArray          *credentials);
struct curl_slist *_rushes_http_credentials_append (GPtrArray          *credentials,
                                                    const char         *url,
                                                    struct curl_slist  *headers);

/* rushes-http-call.c */
RushesHttpCall *_rushes_http_call_new              (RushesHttpClient *self,
                                                    const char       *method,
                                                    const char       *url,
                                                    GCancellable     *cancellable);
void            _rushes_http_call_free             (RushesHttpCall   *call);
const char     *_rushes_http_call_header           (RushesHttpCall   *call,
                                                    const char       *name);
gboolean        _rushes_http_call_run              (RushesHttpCall   *call,
                                                    GError          **error);
void            _rushes_http_call_set_status_error (RushesHttpCall   *call,
                                                    GError          **error);
gboolean        _rushes_http_is_success            (guint             status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesHttpCall, _rushes_http_call_free)

/* rushes-http-error.c */
void _rushes_http_set_status_error    (GError      **error,
                                       guint         status,
                                       const guint8 *data,
                                       gsize         len,
                                       const char   *content_type,
                                       gint64        retry_after);
void _rushes_http_set_transport_error (GError      **error,
                                       CURLcode      res,
                                       const char   *errbuf);
void _rushes_http_set_write_error     (GError      **error,
                                       int           saved_errno);

/* rushes-http-download.c */
gboolean _rushes_http_file_sink_begin (RushesHttpCall *call);
gboolean _rushes_http_file_sink_write (RushesHttpCall *call,
                                       const char     *data,
                                       gsize           len);

G_END_DECLS
