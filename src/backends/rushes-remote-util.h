/* rushes-remote-util.h: helpers shared by the remote backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-http.h"

G_BEGIN_DECLS

/* Moves an HTTP-layer error into RUSHES_BACKEND_ERROR (cancellation stays
 * G_IO_ERROR_CANCELLED): unreachable/timeout/5xx/429 → UNAVAILABLE,
 * 401/403 → AUTH, 404 → NOT_FOUND, malformed → PROTOCOL, rest → FAILED.
 * prefix (may be NULL) is put before the message, e.g. "ComfyUI at host". */
void      rushes_remote_propagate_error   (GError     **dest,
                                           GError      *src,
                                           const char  *prefix);
/* The RUSHES_BACKEND_ERROR code rushes_remote_propagate_error gives an
 * error of RUSHES_HTTP_ERROR (FAILED for any other domain); for backends
 * that map a few statuses their own way first. */
RushesBackendError rushes_remote_http_error_code (const GError *error);
/* While recording (on this thread), rushes_remote_propagate_error keeps a
 * copy of the last HTTP-layer error it turned into a backend error, so that
 * "Test connection" can say what really happened (refused, DNS, TLS…):
 *   rushes_remote_record_cause_begin ();
 *   … blocking calls that fail …
 *   cause = rushes_remote_record_cause_end ();   (transfer full, or NULL) */
void      rushes_remote_record_cause_begin (void);
GError   *rushes_remote_record_cause_end   (void);
/* A file name reported by a server that is safe to use as one path
 * component: not empty, no '/', '\\', NUL, not "." or "..", no leading '/'. */
gboolean  rushes_remote_is_safe_filename  (const char  *name);
/* A relative sub-path (may be empty) without ".." components or a leading
 * '/' (backslashes count as separators). */
gboolean  rushes_remote_is_safe_subpath   (const char  *path);
/* Lower-case canonical hyphenated UUID? */
gboolean  rushes_remote_is_uuid           (const char  *text);
/* Whether a file name looks like a video (by extension). */
gboolean  rushes_remote_is_video_name     (const char  *name);
/* Whether name (may be NULL) ends in one of suffixes (NULL-terminated,
 * lower case), ignoring ASCII case: ".mp4" matches "A.MP4". */
gboolean  rushes_remote_has_suffix        (const char         *name,
                                           const char * const *suffixes);
/* Overwrites a secret (a key, a header value) with zeros, then frees it;
 * NULL is fine. */
void      rushes_remote_wipe_free         (char        *secret);
/* Registers the "comfyui" and "gradio" factories with the backend registry
 * (main thread, before a registry loads; repeated calls are harmless). */
void      rushes_remote_register_kinds    (void);
/* Progress of rushes_http_client_download as RushesProgressFunc calls:
 *   RushesRemoteDownloadProgress dp = { progress, progress_data, NULL };
 *   rushes_http_client_download (…, rushes_remote_download_progress_cb, &dp, …);
 * status (may be NULL) goes with every call. */
typedef struct
{
  RushesProgressFunc  func;
  gpointer            data;
  const char         *status;
} RushesRemoteDownloadProgress;

void      rushes_remote_download_progress_cb (guint64   received,
                                              guint64   total,
                                              gpointer  user_data);
/* rushes_http_client_download reporting progress through call, with status
 * (may be NULL) as the text; the error is the HTTP layer's, for the caller
 * to propagate with its own prefix. */
gboolean  rushes_remote_download          (RushesHttpClient         *http,
                                           const char               *url,
                                           const char               *dest_path,
                                           const char               *status,
                                           const RushesBackendCall  *call,
                                           GError                  **error);
/* RushesBackend.is_remote for every remote backend: TRUE. */
gboolean  rushes_remote_is_remote         (RushesBackend *backend);
/* RushesBackend.discard for backends whose fetch downloads with
 * rushes_http_client_download: removes the partial file kept to resume. */
void      rushes_remote_discard           (RushesBackend *backend,
                                           const char    *remote_id,
                                           const char    *dest_path);
/* Host part of a URL for messages ("127.0.0.1:8188"), never credentials. */
char     *rushes_remote_describe_url      (const char  *url);
/* base_url without trailing '/' when it is an http or https address, else
 * NULL with a RUSHES_BACKEND_ERROR_UNSUPPORTED error whose message format
 * and the arguments after it give. */
char     *rushes_remote_normalize_base_url (const char  *base_url,
                                            GError     **error,
                                            const char  *format,
                                            ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
