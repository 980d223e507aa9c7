/* rushes-secrets.c: API keys in the keyring (libsecret) or the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-secrets"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-secrets.h"

G_DEFINE_QUARK (rushes-secrets-error-quark, rushes_secrets_error)

static const SecretSchema api_key_schema = {
  RUSHES_SECRETS_SCHEMA_NAME,
  SECRET_SCHEMA_NONE,
  {
    { "backend-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* The in-process store for tests. Guarded by memory_lock. */
static GMutex memory_lock;
static GHashTable *memory_table;   /* backend id → key */
static gint memory_forced;         /* set by rushes_secrets_use_memory_store() */
static guint generation;           /* atomic; see rushes_secrets_get_generation() */

guint
rushes_secrets_get_generation (void)
{
  return (guint) g_atomic_int_get (&generation);
}

const SecretSchema *
rushes_secrets_get_schema (void)
{
  return &api_key_schema;
}

static void
wipe_and_free (gpointer data)
{
  rushes_secrets_free_key (data);
}

void
rushes_secrets_free_key (char *key)
{
  if (key == NULL)
    return;

  /* volatile so the compiler does not drop the wipe of memory about to be freed */
  for (volatile char *p = key; *p != '\0'; p++)
    *p = '\0';
  g_free (key);
}

void
rushes_secrets_use_memory_store (void)
{
  g_atomic_int_set (&memory_forced, 1);
}

gboolean
rushes_secrets_is_memory_store (void)
{
  if (g_atomic_int_get (&memory_forced))
    return TRUE;

  return g_strcmp0 (g_getenv ("RUSHES_SECRETS_BACKEND"), "memory") == 0;
}

static GHashTable *
memory_table_get (void)
{
  if (memory_table == NULL)
    memory_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_and_free);
  return memory_table;
}

gboolean
rushes_secrets_is_valid_env_name (const char *name)
{
  if (name == NULL || name[0] == '\0')
    return FALSE;
  if (g_ascii_isdigit (name[0]))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
check_backend_id (const char  *backend_id,
                  GError     **error)
{
  if (backend_id == NULL || backend_id[0] == '\0' || !g_utf8_validate (backend_id, -1, NULL))
    {
      g_set_error_literal (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID,
                           _("A backend needs a name before a key can be stored for it"));
      return FALSE;
    }
  return TRUE;
}

/* libsecret's messages name the service and the D-Bus problem, never the
 * secret, but we still wrap them so callers see one domain. */
static void
propagate_secret_error (GError     **error,
                        GError      *local,
                        const char  *what)
{
  g_set_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_FAILED,
               "%s: %s", what, local->message);
  g_error_free (local);
}

char *
rushes_secrets_lookup_sync (const char    *backend_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GError *local = NULL;
  char *secret;
  char *copy;

  if (!check_backend_id (backend_id, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (rushes_secrets_is_memory_store ())
    {
      const char *value;

      g_mutex_lock (&memory_lock);
      value = g_hash_table_lookup (memory_table_get (), backend_id);
      copy = g_strdup (value);
      g_mutex_unlock (&memory_lock);
      return copy;
    }

  secret = secret_password_lookup_sync (&api_key_schema, cancellable, &local,
                                        "backend-id", backend_id,
                                        NULL);
  if (local != NULL)
    {
      propagate_secret_error (error, local, _("Could not read the key from the keyring"));
      return NULL;
    }

  if (secret == NULL)
    return NULL;

  /* hand out GLib-allocated memory so one free function covers every source */
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

gboolean
rushes_secrets_store_sync (const char    *backend_id,
                           const char    *label,
                           const char    *key,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GError *local = NULL;
  g_autofree char *default_label = NULL;

  if (!check_backend_id (backend_id, error))
    return FALSE;

  if (key == NULL || key[0] == '\0')
    {
      g_set_error_literal (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID,
                           _("The key is empty"));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (rushes_secrets_is_memory_store ())
    {
      g_mutex_lock (&memory_lock);
      g_hash_table_replace (memory_table_get (), g_strdup (backend_id), g_strdup (key));
      g_mutex_unlock (&memory_lock);
      g_atomic_int_inc (&generation);
      return TRUE;
    }

  if (label == NULL)
    label = default_label = g_strdup_printf (_("Rushes API key for “%s”"), backend_id);

  if (!secret_password_store_sync (&api_key_schema, SECRET_COLLECTION_DEFAULT, label, key,
                                   cancellable, &local,
                                   "backend-id", backend_id,
                                   NULL))
    {
      propagate_secret_error (error, local, _("Could not save the key in the keyring"));
      return FALSE;
    }

  g_atomic_int_inc (&generation);
  return TRUE;
}

gboolean
rushes_secrets_clear_sync (const char    *backend_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GError *local = NULL;

  if (!check_backend_id (backend_id, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (rushes_secrets_is_memory_store ())
    {
      g_mutex_lock (&memory_lock);
      g_hash_table_remove (memory_table_get (), backend_id);
      g_mutex_unlock (&memory_lock);
      g_atomic_int_inc (&generation);
      return TRUE;
    }

  secret_password_clear_sync (&api_key_schema, cancellable, &local,
                              "backend-id", backend_id,
                              NULL);
  if (local != NULL)
    {
      propagate_secret_error (error, local, _("Could not remove the key from the keyring"));
      return FALSE;
    }

  g_atomic_int_inc (&generation);
  return TRUE;
}

char *
rushes_secrets_get_key_sync (const char    *backend_id,
                             const char    *key_env,
                             GCancellable  *cancellable,
                             GError       **error)
{
  char *key;

  if (key_env != NULL && key_env[0] != '\0')
    {
      const char *value;

      if (!rushes_secrets_is_valid_env_name (key_env))
        {
          g_set_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID,
                       _("“%s” is not a valid environment variable name"), key_env);
          return NULL;
        }

      value = g_getenv (key_env);
      if (value == NULL || value[0] == '\0')
        {
          g_set_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_NOT_FOUND,
                       _("The environment variable %s that should hold the API key is not set"),
                       key_env);
          return NULL;
        }

      return g_strdup (value);
    }

  key = rushes_secrets_lookup_sync (backend_id, cancellable, error);
  if (key == NULL && (error == NULL || *error == NULL))
    g_set_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_NOT_FOUND,
                 _("No API key is stored for backend “%s”"), backend_id ? backend_id : "");
  return key;
}

/* Async wrappers: the blocking call runs in a GTask thread. */

typedef struct
{
  char *backend_id;
  char *label;
  char *key;
} SecretsTaskData;

static void
secrets_task_data_free (gpointer data)
{
  SecretsTaskData *td = data;

  g_free (td->backend_id);
  g_free (td->label);
  rushes_secrets_free_key (td->key);
  g_free (td);
}

static GTask *
secrets_task_new (gpointer             source_tag,
                  const char          *backend_id,
                  const char          *label,
                  const char          *key,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SecretsTaskData *td = g_new0 (SecretsTaskData, 1);

  g_task_set_source_tag (task, source_tag);
  td->backend_id = g_strdup (backend_id);
  td->label = g_strdup (label);
  td->key = g_strdup (key);
  g_task_set_task_data (task, td, secrets_task_data_free);
  return task;
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SecretsTaskData *td = task_data;
  GError *error = NULL;
  char *key;

  key = rushes_secrets_lookup_sync (td->backend_id, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, key, wipe_and_free);
}

void
rushes_secrets_lookup (const char          *backend_id,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = secrets_task_new (rushes_secrets_lookup, backend_id, NULL, NULL,
                                            cancellable, callback, user_data);

  g_task_run_in_thread (task, lookup_thread);
}

char *
rushes_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rushes_secrets_lookup, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretsTaskData *td = task_data;
  GError *error = NULL;

  if (rushes_secrets_store_sync (td->backend_id, td->label, td->key, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rushes_secrets_store (const char          *backend_id,
                      const char          *label,
                      const char          *key,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = secrets_task_new (rushes_secrets_store, backend_id, label, key,
                                            cancellable, callback, user_data);

  g_task_run_in_thread (task, store_thread);
}

gboolean
rushes_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rushes_secrets_store, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretsTaskData *td = task_data;
  GError *error = NULL;

  if (rushes_secrets_clear_sync (td->backend_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
rushes_secrets_clear (const char          *backend_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = secrets_task_new (rushes_secrets_clear, backend_id, NULL, NULL,
                                            cancellable, callback, user_data);

  g_task_run_in_thread (task, clear_thread);
}

gboolean
rushes_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rushes_secrets_clear, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
