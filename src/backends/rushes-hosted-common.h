/* rushes-hosted-common.h: what the Replicate and fal backends share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Internal to src/backends. Submission records: before a hosted backend
 * sends a request that may create a paid job it writes what it is about to
 * send (model, input, time; never a key) to
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

/* A hosted backend's own operations, before scrubbing: of unscrubbed only
 * submit, poll, cancel, fetch and lookup are used. get_key_env gives the
 * key_env the backend reads its key from (NULL: the keyring). */
typedef struct
{
  const char             *(*get_key_env) (RushesBackend *backend);
  RushesBackendInterface    unscrubbed;
} RushesHostedOps;

/* Every failure leaves through the key scrubber: sets iface's submit, poll,
 * cancel, fetch and lookup to wrappers that call ops' and pass the error
 * (and a poll's status->error) through _rushes_hosted_scrub_key() with the
 * backend's id (iface->get_id, so set that first) and key_env. Call from the
 * backend's interface init; ops must be static (it is kept with the type). */
void        _rushes_hosted_iface_init_scrubbed  (RushesBackendInterface *iface,
                                                 const RushesHostedOps  *ops);

/* Stores remote_id in the submission record at record_path (a failure to
 * write is only logged: the job itself is fine). */
void        _rushes_hosted_record_set_remote_id (const char    *record_path,
                                                 JsonObject    *record,
                                                 const char    *remote_id);

/* A client for backend's API, carrying its key where it may go. */
typedef RushesHttpClient *(*RushesHostedClientFunc) (RushesBackend  *backend,
                                                     GCancellable   *cancellable,
                                                     GError        **error);
/* Searches the server for the job the submission record describes; its
 * remote id or NULL (error set on failure). */
typedef char             *(*RushesHostedFindFunc)   (RushesBackend  *backend,
                                                     RushesHttpClient *client,
                                                     JsonObject     *record,
                                                     const char     *record_path,
                                                     GCancellable   *cancellable,
                                                     GError        **error);

/* fetch() of a hosted backend: a data: URI result is written out (at most
 * max_bytes), an http(s) URL (http only when allow_http) downloaded with a
 * client from make_client. what: "Replicate", "fal" (for error messages). */
gboolean    _rushes_hosted_fetch                (RushesBackend          *backend,
                                                 RushesHostedClientFunc  make_client,
                                                 const char             *what,
                                                 guint64                 max_bytes,
                                                 gboolean                allow_http,
                                                 const char             *result,
                                                 const char             *dest_path,
                                                 RushesProgressFunc      progress,
                                                 gpointer                progress_data,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

/* lookup() of a hosted backend: the remote id of job_id from its submission
 * record in state_dir when the record has one that is_remote_id accepts,
 * else what find_in_list finds on the server for the record's input (then
 * stored in the record). NULL without error when no request was sent. */
char       *_rushes_hosted_lookup               (RushesBackend          *backend,
                                                 const char             *state_dir,
                                                 const char             *job_id,
                                                 gboolean              (*is_remote_id) (const char *remote_id),
                                                 RushesHostedClientFunc  make_client,
                                                 RushesHostedFindFunc    find_in_list,
                                                 GCancellable           *cancellable,
                                                 GError                **error);

/* The settings every hosted backend reads after its URLs: "key_env" (an
 * empty one is none), "models_file" (else the built-in catalog of kind),
 * "model" (else default_model; one the catalog offers that is_model_id
 * accepts), "state_dir", "max_concurrent" (clamped to 1…16, default 2) and
 * "max_download_bytes" (left as it is when absent). Each is stored as soon
 * as it is read (the caller frees them); a bad one is reported through
 * config_error (the backend's "… backend settings: %s" wrapper). */
gboolean    _rushes_hosted_read_settings        (JsonObject             *config,
                                                 const char             *kind,
                                                 const char             *default_model,
                                                 gboolean              (*is_model_id) (const char *model),
                                                 gboolean              (*config_error) (GError    **error,
                                                                                       const char *message),
                                                 char                  **key_env,
                                                 RushesHostedCatalog   **catalog,
                                                 char                  **model,
                                                 char                  **state_dir,
                                                 guint                  *max_concurrent,
                                                 guint64                *max_download_bytes,
                                                 GError                **error);

/* The RUSHES_BACKEND_ERROR code for an HTTP error status of a hosted API. */
int         _rushes_hosted_status_error_code    (guint          status);
/* An ISO 8601 time as Unix seconds, or G_MININT64 (NULL or unreadable). */
gint64      _rushes_hosted_parse_time           (const char    *iso);
/* One segment of a model or endpoint id that goes into a URL path: 1–100
 * characters of [A-Za-z0-9._-], and not "." or "..". */
gboolean    _rushes_hosted_is_path_segment      (const char    *s,
                                                 gsize          len);

G_END_DECLS
