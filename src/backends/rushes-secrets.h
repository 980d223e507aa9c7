/* rushes-secrets.h: API keys and tokens for the remote backends (all kinds)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keys live in the user's keyring through libsecret (schema
 * "io.github.rushesapp.Rushes.ApiKey", attribute "backend-id"); inside
 * Flatpak libsecret goes through the secret portal by itself. For scripts a
 * backend may instead name an environment variable that holds its key: it is
 * read at the moment of use and never written anywhere.
 *
 * Keys never go into settings, project files, sidecars, the journal, logs or
 * error messages. Strings returned here must be released with
 * rushes_secrets_free_key(), which wipes them first.
 *
 * Threads: the _sync functions block (D-Bus round trips) and must only be
 * called on worker threads or in the command line; the async ones run the
 * same work in a GTask thread and call back on the caller's thread-default
 * main context.
 *
 * Tests: set RUSHES_SECRETS_BACKEND=memory (or call
 * rushes_secrets_use_memory_store()) before the first use and every call goes
 * to an in-process table instead: no session bus or keyring needed, nothing
 * written to disk.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

#define RUSHES_SECRETS_SCHEMA_NAME "io.github.rushesapp.Rushes.ApiKey"

#define RUSHES_SECRETS_ERROR (rushes_secrets_error_quark ())
typedef enum
{
  RUSHES_SECRETS_ERROR_FAILED,        /* keyring refused or unreachable */
  RUSHES_SECRETS_ERROR_NOT_FOUND,     /* no key stored / variable unset */
  RUSHES_SECRETS_ERROR_INVALID,       /* bad backend id or variable name */
} RushesSecretsError;

GQuark              rushes_secrets_error_quark       (void);
const SecretSchema *rushes_secrets_get_schema        (void);

void                rushes_secrets_use_memory_store  (void);
gboolean            rushes_secrets_is_memory_store   (void);

gboolean            rushes_secrets_is_valid_env_name (const char    *name);

/* Returns the key, or NULL without error when none is stored. */
char               *rushes_secrets_lookup_sync       (const char    *backend_id,
                                                      GCancellable  *cancellable,
                                                      GError       **error);
gboolean            rushes_secrets_store_sync        (const char    *backend_id,
                                                      const char    *label,
                                                      const char    *key,
                                                      GCancellable  *cancellable,
                                                      GError       **error);
/* TRUE also when there was nothing to remove. */
gboolean            rushes_secrets_clear_sync        (const char    *backend_id,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

void                rushes_secrets_lookup            (const char          *backend_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
char               *rushes_secrets_lookup_finish     (GAsyncResult        *result,
                                                      GError             **error);
void                rushes_secrets_store             (const char          *backend_id,
                                                      const char          *label,
                                                      const char          *key,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            rushes_secrets_store_finish      (GAsyncResult        *result,
                                                      GError             **error);
void                rushes_secrets_clear             (const char          *backend_id,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            rushes_secrets_clear_finish      (GAsyncResult        *result,
                                                      GError             **error);

/* The key a backend uses right now: from the environment variable key_env
 * when that is set (non-NULL, non-empty), else from the keyring. Missing key:
 * NULL with RUSHES_SECRETS_ERROR_NOT_FOUND (the message names the variable
 * or the backend, never a key). Blocks: worker threads only. */
char               *rushes_secrets_get_key_sync      (const char    *backend_id,
                                                      const char    *key_env,
                                                      GCancellable  *cancellable,
                                                      GError       **error);

void                rushes_secrets_free_key          (char          *key);

/* Bumped whenever this process stores or clears a key: callers that keep a
 * keyring key in memory (to spare the keyring a lookup per status check)
 * read it again when this changed. */
guint               rushes_secrets_get_generation    (void);

/* g_auto(RushesSecretKey) key = ...: wiped and freed at scope exit */
typedef char *RushesSecretKey;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (RushesSecretKey, rushes_secrets_free_key, NULL)

G_END_DECLS
