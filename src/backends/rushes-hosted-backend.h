/* rushes-hosted-backend.h: the abstract base class of the hosted backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesHostedBackend holds what Replicate and fal have alike: identity, key
 * (keyring or key_env, cached), catalog, default model, state folder and
 * limits read from the config; a client carrying the key; submission records
 * and lookup after a crash; fetch; "test connection"; and the RushesBackend
 * interface, whose every failure leaves through the key scrubber. A subclass
 * fills in its class struct and keeps only its protocol.
 *
 * Threads: immutable after construction (the key cache has its own lock).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-hosted-catalog.h"
#include "rushes-http.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_HOSTED_BACKEND (rushes_hosted_backend_get_type ())
G_DECLARE_DERIVABLE_TYPE (RushesHostedBackend, rushes_hosted_backend, RUSHES, HOSTED_BACKEND, GObject)

/* What every hosted backend reads from its config; immutable once built. */
typedef struct
{
  char                *id;
  char                *name;                /* display name */
  char                *key_env;             /* NULL: the keyring */
  char                *model;               /* default model */
  char                *state_dir;           /* NULL: $XDG_STATE_HOME/rushes */
  RushesHostedCatalog *catalog;
  guint                max_concurrent;
  guint64              max_download_bytes;
  gboolean             allow_http;          /* some base URL is http:// (tests) */
} RushesHostedSettings;

struct _RushesHostedBackendClass
{
  GObjectClass parent_class;

  /* set by the subclass's class_init */
  const char *kind;             /* "replicate", "fal" */
  const char *what;             /* "Replicate", "fal": the service in messages */
  const char *default_model;
  const char *auth_scheme;      /* "Bearer", "Key": the Authorization header's */
  const char *bad_remote_id;    /* N_() message for a remote id is_remote_id refuses */
  const char *submitting;       /* N_() what submit does, for its errors */
  gboolean  (*is_model_id)      (const char *model);
  gboolean  (*is_remote_id)     (const char *remote_id);

  /* Reads the backend's URLs from config (before the common settings);
   * sets *allow_http when one is http://. Errors through
   * _rushes_hosted_backend_config_error(). */
  gboolean  (*read_urls)        (RushesHostedBackend      *self,
                                 JsonObject               *config,
                                 gboolean                 *allow_http,
                                 GError                  **error);
  /* Gives the Authorization header to client for the origins it may go to. */
  gboolean  (*add_credentials)  (RushesHostedBackend      *self,
                                 RushesHttpClient         *client,
                                 const char               *header,
                                 GError                  **error);
  /* The server's explanation in an error answer, or NULL. */
  char     *(*error_detail)     (JsonNode                 *node);
  /* The remote id in the answer to a submission, or NULL with an error. */
  char     *(*answer_remote_id) (RushesHostedBackend      *self,
                                 const char               *model,
                                 JsonNode                 *answer,
                                 GError                  **error);
  /* Searches the server for the job a submission record describes; its
   * remote id, or NULL (error set on failure). */
  char     *(*find_in_list)     (RushesHostedBackend      *self,
                                 RushesHttpClient         *client,
                                 JsonObject               *record,
                                 const char               *record_path,
                                 GCancellable             *cancellable,
                                 GError                  **error);

  /* The protocol. submit gets a job id that is a UUID and a model the
   * catalog offers and is_model_id accepts; poll and cancel a remote id
   * is_remote_id accepts, and poll a status already reset (progress and eta
   * unknown, no texts, no results), the progress callback being called by
   * the caller when poll returns TRUE. */
  char     *(*submit)           (RushesHostedBackend      *self,
                                 RushesRecipe             *recipe,
                                 const char               *model,
                                 const char               *job_id,
                                 const RushesBackendCall  *call,
                                 GError                  **error);
  gboolean  (*poll)             (RushesHostedBackend      *self,
                                 RushesHttpClient         *client,
                                 const char               *remote_id,
                                 RushesRemoteStatus       *out,
                                 const RushesBackendCall  *call,
                                 GError                  **error);
  gboolean  (*cancel)           (RushesHostedBackend      *self,
                                 RushesHttpClient         *client,
                                 const char               *remote_id,
                                 GCancellable             *cancellable,
                                 GError                  **error);
  /* "Test connection": a short human summary, or NULL with an error. */
  char     *(*test)             (RushesHostedBackend      *self,
                                 RushesHttpClient         *client,
                                 GCancellable             *cancellable,
                                 GError                  **error);
};

/* A new backend of type (a subclass) from a registry config: "id",
 * "display_name" (or "name"), the subclass's URLs, then "key_env",
 * "models_file", "model", "state_dir", "max_concurrent" and
 * "max_download_bytes". */
RushesBackend              *_rushes_hosted_backend_new_from_config (GType                 type,
                                                                    JsonObject           *config,
                                                                    GError              **error);
/* "<what> backend settings: <message>"; returns FALSE. */
gboolean                    _rushes_hosted_backend_config_error    (RushesHostedBackend  *self,
                                                                    GError              **error,
                                                                    const char           *message);
const RushesHostedSettings *_rushes_hosted_backend_get_settings    (RushesHostedBackend  *self);

/* A client for the backend's API, carrying its key where the subclass lets
 * it go. The key is read now (environment, or the cache of the keyring). */
RushesHttpClient           *_rushes_hosted_backend_make_client     (RushesHostedBackend  *self,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);
/* "<what>: <doing> failed (HTTP <status>): <the server's detail>" with the
 * error code that status calls for. */
void                        _rushes_hosted_backend_set_status_error (RushesHostedBackend *self,
                                                                     GError             **error,
                                                                     guint                status,
                                                                     JsonNode            *node,
                                                                     const char          *doing);

/* Sends a submission: writes record (from _rushes_hosted_record_new()),
 * POSTs body to url and returns the remote id in the answer (then stored in
 * the record). When the answer is lost or a 5xx that the server may have
 * acted on, the job is searched for with find_in_list before giving up. */
char                       *_rushes_hosted_backend_send            (RushesHostedBackend      *self,
                                                                    RushesHttpClient         *client,
                                                                    JsonObject               *record,
                                                                    const char               *url,
                                                                    JsonObject               *body,
                                                                    const RushesBackendCall  *call,
                                                                    GError                  **error);

/* "Test connection" (the subclass's test), with the key scrubbed out of a
 * failure. Blocks: worker threads only. */
char                       *_rushes_hosted_backend_test            (RushesHostedBackend  *self,
                                                                    GCancellable         *cancellable,
                                                                    GError              **error);

G_END_DECLS
