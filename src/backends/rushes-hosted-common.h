/* rushes-hosted-common.h: what the Replicate and fal backends share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/backends: helpers below the RushesHostedBackend class
 * (rushes-hosted-backend.h), in rushes-hosted-common.c, and the submission
 * records, in rushes-hosted-records.c: before a hosted backend sends a
 * request that may create a paid job it writes what it is about to send
 * (model, input, time; never a key) to
 *   $XDG_STATE_HOME/rushes/submissions/<sha256(backend id)>/<job id>.json
 * and adds the remote id as soon as it is known, so that lookup() can find
 * the job after a crash without sending it again.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-hosted-catalog.h"
#include "rushes-http.h"

G_BEGIN_DECLS

/* Turns an HTTP-layer error into a RUSHES_BACKEND_ERROR (cancellation is
 * kept as G_IO_ERROR_CANCELLED). what: "Replicate", "fal". */
void        _rushes_hosted_propagate_http_error (GError       **dest,
                                                 GError        *src,
                                                 const char    *what);
/* TRUE when the server may have acted on a request that failed this way
 * (timeout, dropped connection after sending, 5xx). */
gboolean    _rushes_hosted_error_is_ambiguous   (const GError  *error);

char       *_rushes_hosted_record_path          (const char    *state_dir,
                                                 const char    *backend_id,
                                                 const char    *job_id);
gboolean    _rushes_hosted_record_write         (const char    *path,
                                                 JsonObject    *record,
                                                 GError       **error);
/* NULL when there is none (or it is unreadable). */
JsonObject *_rushes_hosted_record_read          (const char    *path);

/* Cancel requests this backend sent, kept beside the submission records
 * (and pruned with them) so that a job polled again after a restart is
 * still known as cancelled by the user rather than failed. */
gboolean    _rushes_hosted_cancel_mark          (const char    *state_dir,
                                                 const char    *backend_id,
                                                 const char    *remote_id,
                                                 GError       **error);
gboolean    _rushes_hosted_cancel_is_marked     (const char    *state_dir,
                                                 const char    *backend_id,
                                                 const char    *remote_id);

/* Every member of want equals the member of have with the same name
 * (numbers compared as numbers); members whose value is a data: URI are
 * skipped (servers may replace them). */
gboolean    _rushes_hosted_input_matches        (JsonObject    *want,
                                                 JsonObject    *have);

/* Last "NN%" or "i/n" in text as a fraction, or -1. */
double      _rushes_hosted_parse_progress       (const char    *text);

/* Writes a data: URI's bytes to dest_path atomically. */
gboolean    _rushes_hosted_write_data_uri       (const char    *uri,
                                                 const char    *dest_path,
                                                 guint64        max_bytes,
                                                 GError       **error);
/* "image/png", "image/jpeg", "image/webp" or "image/gif" by the file's
 * first bytes (no MIME database needed), else what GIO guesses from path and
 * data when that is an image type, else NULL. Free with g_free. */
char       *_rushes_hosted_image_mime_type      (const char    *path,
                                                 const guint8  *data,
                                                 gsize          length);
/* A data: URI for a local file of at most max_bytes, or NULL with an error. */
char       *_rushes_hosted_file_to_data_uri     (const char    *path,
                                                 gsize          max_bytes,
                                                 GError       **error);

/* http(s) URL (http only when allow_http), data: URI otherwise refused. */
gboolean    _rushes_hosted_check_result_url     (const char    *url,
                                                 gboolean       allow_http,
                                                 GError       **error);

/* A keyring key kept in memory so that status checks do not ask the
 * keyring (and maybe an unlock prompt) every second. Refreshed when this
 * process stores or clears a key (rushes_secrets_get_generation). A key
 * from key_env is never cached: it is read at each use. */
typedef struct
{
  GMutex  lock;
  char   *key;          /* wiped on clear */
  guint   generation;
} RushesHostedKeyCache;

void        _rushes_hosted_key_cache_init       (RushesHostedKeyCache *cache);
void        _rushes_hosted_key_cache_clear      (RushesHostedKeyCache *cache);
/* Same contract as rushes_secrets_get_key_sync(). */
char       *_rushes_hosted_key_cache_get        (RushesHostedKeyCache *cache,
                                                 const char           *backend_id,
                                                 const char           *key_env,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

/* Defence in depth: if a server echoed the key back (in an error detail, a
 * log line), it is cut out of the error message and of *text before they
 * reach the UI, the journal or a log. Reads the key again, so call it only
 * on failure paths. Worker threads only. */
void        _rushes_hosted_scrub_key            (GError       **error,
                                                 char         **text,
                                                 const char    *backend_id,
                                                 const char    *key_env);

/* _rushes_hosted_scrub_key() on src (and *text), then src moved into dest
 * (src may be NULL: then only *text is scrubbed). */
void        _rushes_hosted_scrub_propagate      (GError       **dest,
                                                 GError        *src,
                                                 char         **text,
                                                 const char    *backend_id,
                                                 const char    *key_env);

/* A submission record for job_id (a UUID): model, version (unless NULL),
 * input and the time it is sent. */
JsonObject *_rushes_hosted_record_new           (const char    *job_id,
                                                 const char    *model,
                                                 const char    *version,
                                                 JsonObject    *input);
/* Stores remote_id in the submission record at record_path (a failure to
 * write is only logged: the job itself is fine). */
void        _rushes_hosted_record_set_remote_id (const char    *record_path,
                                                 JsonObject    *record,
                                                 const char    *remote_id);

/* The RUSHES_BACKEND_ERROR code for an HTTP error status of a hosted API. */
int         _rushes_hosted_status_error_code    (guint          status);
/* An ISO 8601 time as Unix seconds, or G_MININT64 (NULL or unreadable). */
gint64      _rushes_hosted_parse_time           (const char    *iso);
/* One segment of a model or endpoint id that goes into a URL path: 1–100
 * characters of [A-Za-z0-9._-], and not "." or "..". */
gboolean    _rushes_hosted_is_path_segment      (const char    *s,
                                                 gsize          len);

#define RUSHES_HOSTED_ID_LOWER_DIGITS "abcdefghijklmnopqrstuvwxyz0123456789"
#define RUSHES_HOSTED_ID_ALNUM        RUSHES_HOSTED_ID_LOWER_DIGITS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
/* A server's job id that goes into a URL path: 1–64 characters, each of
 * them one of allowed (e.g. RUSHES_HOSTED_ID_ALNUM "-"). */
gboolean    _rushes_hosted_is_id                (const char    *id,
                                                 const char    *allowed);

G_END_DECLS
