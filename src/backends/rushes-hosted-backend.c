/* rushes-hosted-backend.c: the abstract base class of the hosted backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Config, key and client, and the RushesBackend interface of Replicate and
 * fal: identity and capabilities, the checks every call makes before the
 * subclass's protocol runs, fetch, and the key scrubber every failure leaves
 * through. Submission records and lookup are in rushes-hosted-records.c.
 */
#define G_LOG_DOMAIN "rushes-hosted"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-hosted-backend-private.h"
#include "rushes-hosted-common.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"

typedef struct
{
  RushesHostedSettings settings;
  RushesHostedKeyCache key_cache;
} RushesHostedBackendPrivate;

static void rushes_hosted_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (RushesHostedBackend, rushes_hosted_backend, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (RushesHostedBackend)
                                  G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND,
                                                         rushes_hosted_backend_iface_init))

static void
rushes_hosted_backend_finalize (GObject *object)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (RUSHES_HOSTED_BACKEND (object));
  RushesHostedSettings *s = &priv->settings;

  g_free (s->id);
  g_free (s->name);
  g_free (s->key_env);
  g_free (s->model);
  g_free (s->state_dir);
  g_clear_object (&s->catalog);
  _rushes_hosted_key_cache_clear (&priv->key_cache);

  G_OBJECT_CLASS (rushes_hosted_backend_parent_class)->finalize (object);
}

static void
rushes_hosted_backend_class_init (RushesHostedBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_hosted_backend_finalize;
}

static void
rushes_hosted_backend_init (RushesHostedBackend *self)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (self);

  _rushes_hosted_key_cache_init (&priv->key_cache);
  priv->settings.max_concurrent = 2;
  priv->settings.max_download_bytes = G_GUINT64_CONSTANT (8) << 30;
}

const RushesHostedSettings *
_rushes_hosted_backend_get_settings (RushesHostedBackend *self)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (self);

  return &priv->settings;
}

/* ---- config ---------------------------------------------------------------- */

gboolean
_rushes_hosted_backend_config_error (RushesHostedBackend  *self,
                                     GError              **error,
                                     const char           *message)
{
  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("%s backend settings: %s"), RUSHES_HOSTED_BACKEND_GET_CLASS (self)->what, message);
  return FALSE;
}

/* The settings after the URLs: "key_env" (an empty one is none),
 * "models_file" (else the built-in catalog of the kind), "model" (one the
 * catalog offers that is_model_id accepts), "state_dir", "max_concurrent"
 * (clamped to 1…16) and "max_download_bytes" (left as it is when absent). */
static gboolean
read_settings (RushesHostedBackend  *self,
               JsonObject           *config,
               GError              **error)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (self);
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  RushesHostedSettings *s = &priv->settings;
  const char *models_file;

  s->key_env = g_strdup (json_object_get_string_member_with_default (config, "key_env", NULL));
  if (s->key_env != NULL && s->key_env[0] == '\0')
    g_clear_pointer (&s->key_env, g_free);
  if (s->key_env != NULL && !rushes_secrets_is_valid_env_name (s->key_env))
    return _rushes_hosted_backend_config_error (self, error, _("“key_env” must be an environment variable name"));

  models_file = json_object_get_string_member_with_default (config, "models_file", NULL);
  if (models_file != NULL && models_file[0] != '\0')
    s->catalog = rushes_hosted_catalog_new_from_file (models_file, error);
  else
    s->catalog = rushes_hosted_catalog_new_for_kind (klass->kind, error);
  if (s->catalog == NULL)
    return FALSE;

  s->model = g_strdup (json_object_get_string_member_with_default (config, "model", klass->default_model));
  if (!rushes_hosted_catalog_has_model (s->catalog, s->model) || !klass->is_model_id (s->model))
    {
      g_autofree char *msg = g_strdup_printf (_("unknown model “%s”"), s->model);

      return _rushes_hosted_backend_config_error (self, error, msg);
    }

  s->state_dir = g_strdup (json_object_get_string_member_with_default (config, "state_dir", NULL));
  s->max_concurrent = (guint) CLAMP (json_object_get_int_member_with_default (config, "max_concurrent", 2), 1, 16);
  if (json_object_has_member (config, "max_download_bytes"))
    s->max_download_bytes = (guint64) MAX (1, json_object_get_int_member (config, "max_download_bytes"));

  return TRUE;
}

RushesBackend *
_rushes_hosted_backend_new_from_config (GType        type,
                                        JsonObject  *config,
                                        GError     **error)
{
  g_autoptr(RushesHostedBackend) self = NULL;
  RushesHostedBackendPrivate *priv;
  RushesHostedSettings *s;
  const char *id;

  g_return_val_if_fail (g_type_is_a (type, RUSHES_TYPE_HOSTED_BACKEND), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (type, NULL);
  priv = rushes_hosted_backend_get_instance_private (self);
  s = &priv->settings;

  id = json_object_get_string_member_with_default (config, "id", NULL);
  if (id == NULL || id[0] == '\0' || !g_utf8_validate (id, -1, NULL))
    {
      _rushes_hosted_backend_config_error (self, error, _("a backend needs an “id”"));
      return NULL;
    }
  s->id = g_strdup (id);
  s->name = g_strdup (json_object_get_string_member_with_default (config, "display_name",
                         json_object_get_string_member_with_default (config, "name", id)));

  if (!RUSHES_HOSTED_BACKEND_GET_CLASS (self)->read_urls (self, config, &s->allow_http, error) ||
      !read_settings (self, config, error))
    return NULL;

  return RUSHES_BACKEND (g_steal_pointer (&self));
}

/* ---- the key and the server ------------------------------------------------ */

RushesHttpClient *
_rushes_hosted_backend_make_client (RushesHostedBackend  *self,
                                    GCancellable         *cancellable,
                                    GError              **error)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (self);
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  g_autoptr(RushesHttpClient) client = rushes_http_client_new ();
  g_autoptr(GError) local = NULL;
  g_auto(RushesSecretKey) key = NULL;
  g_auto(RushesSecretKey) header = NULL;

  key = _rushes_hosted_key_cache_get (&priv->key_cache, priv->settings.id, priv->settings.key_env,
                                      cancellable, &local);
  if (key == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH,
                     _("%s (%s): %s"), klass->what, priv->settings.name, local->message);
      return NULL;
    }

  header = g_strconcat (klass->auth_scheme, " ", key, NULL);
  if (!klass->add_credentials (self, client, header, error))
    return NULL;
  rushes_http_client_set_download_cap (client, priv->settings.max_download_bytes);
  rushes_http_client_set_user_agent (client, "Rushes/" PACKAGE_VERSION);

  return g_steal_pointer (&client);
}

void
_rushes_hosted_backend_set_status_error (RushesHostedBackend  *self,
                                         GError              **error,
                                         guint                 status,
                                         JsonNode             *node,
                                         const char           *doing)
{
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  g_autofree char *detail = klass->error_detail (node);

  g_set_error (error, RUSHES_BACKEND_ERROR, _rushes_hosted_status_error_code (status),
               _("%s: %s failed (HTTP %u): %s"), klass->what, doing, status,
               detail ? detail : _("no details given"));
}

/* Defence in depth: the key cut out of src (and *text) before it moves to
 * dest (see _rushes_hosted_scrub_key). */
static void
scrub_propagate (RushesHostedBackend  *self,
                 GError              **dest,
                 GError               *src,
                 char                **text)
{
  RushesHostedBackendPrivate *priv = rushes_hosted_backend_get_instance_private (self);

  _rushes_hosted_scrub_propagate (dest, src, text, priv->settings.id, priv->settings.key_env);
}

char *
_rushes_hosted_backend_test (RushesHostedBackend  *self,
                             GCancellable         *cancellable,
                             GError              **error)
{
  g_autoptr(RushesHttpClient) client = NULL;
  GError *local = NULL;
  char *summary = NULL;

  g_return_val_if_fail (RUSHES_IS_HOSTED_BACKEND (self), NULL);

  client = _rushes_hosted_backend_make_client (self, cancellable, &local);
  if (client != NULL)
    summary = RUSHES_HOSTED_BACKEND_GET_CLASS (self)->test (self, client, cancellable, &local);
  scrub_propagate (self, error, local, NULL);
  return summary;
}

/* ---- RushesBackend: identity ----------------------------------------------- */

static const char *
hosted_get_id (RushesBackend *backend)
{
  return _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (backend))->id;
}

static const char *
hosted_get_kind (RushesBackend *backend)
{
  return RUSHES_HOSTED_BACKEND_GET_CLASS (backend)->kind;
}

static const char *
hosted_get_display_name (RushesBackend *backend)
{
  return _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (backend))->name;
}

static gboolean
hosted_is_remote (RushesBackend *backend)
{
  return TRUE;
}

static RushesCapabilities *
hosted_get_capabilities (RushesBackend *backend)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (backend));
  /* each model on its own terms */
  return rushes_hosted_catalog_get_all_capabilities (s->catalog, s->model, s->max_concurrent);
}

/* ---- RushesBackend: the calls, before scrubbing ---------------------------- */

static char *
submit_unscrubbed (RushesHostedBackend      *self,
                   RushesRecipe             *recipe,
                   const char               *job_id,
                   const RushesBackendCall  *call,
                   GError                  **error)
{
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (self);
  const char *model;

  if (!rushes_remote_is_uuid (job_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Internal error: the job id is not a lowercase UUID"));
      return NULL;
    }

  model = rushes_recipe_get_model (recipe);
  if (model == NULL || model[0] == '\0')
    model = s->model;
  if (!rushes_hosted_catalog_has_model (s->catalog, model) || !klass->is_model_id (model))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("model “%s” is not offered by %s"), model, s->name);
      return NULL;
    }

  return klass->submit (self, recipe, model, job_id, call, error);
}

/* A client for a call about remote_id, or NULL when the id is not one of
 * this backend's (a remote id goes into URL paths: it is checked first). */
static RushesHttpClient *
client_for_remote_id (RushesHostedBackend  *self,
                      const char           *remote_id,
                      GCancellable         *cancellable,
                      GError              **error)
{
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);

  if (!klass->is_remote_id (remote_id))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                           _(klass->bad_remote_id));
      return NULL;
    }

  return _rushes_hosted_backend_make_client (self, cancellable, error);
}

static gboolean
poll_unscrubbed (RushesHostedBackend      *self,
                 const char               *remote_id,
                 RushesRemoteStatus       *out,
                 const RushesBackendCall  *call,
                 GError                  **error)
{
  g_autoptr(RushesHttpClient) client = client_for_remote_id (self, remote_id, call->cancellable, error);

  if (client == NULL)
    return FALSE;

  out->progress = -1;
  out->eta_seconds = -1;
  g_clear_pointer (&out->status, g_free);
  g_clear_pointer (&out->error, g_free);
  g_clear_pointer (&out->results, g_strfreev);

  if (!RUSHES_HOSTED_BACKEND_GET_CLASS (self)->poll (self, client, remote_id, out, call, error))
    return FALSE;

  if (call->progress != NULL)
    call->progress (out->progress, out->status, call->progress_data);

  return TRUE;
}

static gboolean
cancel_unscrubbed (RushesHostedBackend  *self,
                   const char           *remote_id,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autoptr(RushesHttpClient) client = client_for_remote_id (self, remote_id, cancellable, error);

  if (client == NULL)
    return FALSE;

  return RUSHES_HOSTED_BACKEND_GET_CLASS (self)->cancel (self, client, remote_id, cancellable, error);
}

/* A data: URI result is written out, an http(s) URL (http only when a base
 * URL is http) downloaded with the backend's client, which carries the key
 * only to the origins the subclass allows. */
static gboolean
fetch_unscrubbed (RushesHostedBackend      *self,
                  const char               *result,
                  const char               *dest_path,
                  const RushesBackendCall  *call,
                  GError                  **error)
{
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (self);
  g_autoptr(RushesHttpClient) client = NULL;
  RushesRemoteDownloadProgress adapter = { call->progress, call->progress_data, _("Downloading") };
  GError *local = NULL;

  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (result != NULL && g_str_has_prefix (result, "data:"))
    return _rushes_hosted_write_data_uri (result, dest_path, s->max_download_bytes, error);

  if (!_rushes_hosted_check_result_url (result, s->allow_http, error))
    return FALSE;

  client = _rushes_hosted_backend_make_client (self, call->cancellable, error);
  if (client == NULL)
    return FALSE;

  if (!rushes_http_client_download (client, result, dest_path, rushes_remote_download_progress_cb, &adapter,
                                    call->cancellable, &local))
    {
      _rushes_hosted_propagate_http_error (error, local, RUSHES_HOSTED_BACKEND_GET_CLASS (self)->what);
      return FALSE;
    }

  return TRUE;
}

/* ---- RushesBackend: every failure leaves through the key scrubber ---------- */

static char *
hosted_submit (RushesBackend            *backend,
               RushesRecipe             *recipe,
               const char               *job_id,
               const RushesBackendCall  *call,
               GError                  **error)
{
  RushesHostedBackend *self = RUSHES_HOSTED_BACKEND (backend);
  GError *local = NULL;
  char *id = submit_unscrubbed (self, recipe, job_id, call, &local);

  scrub_propagate (self, error, local, NULL);
  return id;
}

static gboolean
hosted_poll (RushesBackend            *backend,
             const char               *remote_id,
             RushesRemoteStatus       *status,
             const RushesBackendCall  *call,
             GError                  **error)
{
  RushesHostedBackend *self = RUSHES_HOSTED_BACKEND (backend);
  GError *local = NULL;
  gboolean ok = poll_unscrubbed (self, remote_id, status, call, &local);

  scrub_propagate (self, error, local, &status->error);
  return ok;
}

static gboolean
hosted_cancel (RushesBackend  *backend,
               const char     *remote_id,
               GCancellable   *cancellable,
               GError        **error)
{
  RushesHostedBackend *self = RUSHES_HOSTED_BACKEND (backend);
  GError *local = NULL;
  gboolean ok = cancel_unscrubbed (self, remote_id, cancellable, &local);

  scrub_propagate (self, error, local, NULL);
  return ok;
}

static gboolean
hosted_fetch (RushesBackend            *backend,
              const char               *remote_id,
              const char               *result,
              const char               *dest_path,
              const RushesBackendCall  *call,
              GError                  **error)
{
  RushesHostedBackend *self = RUSHES_HOSTED_BACKEND (backend);
  GError *local = NULL;
  gboolean ok = fetch_unscrubbed (self, result, dest_path, call, &local);

  scrub_propagate (self, error, local, NULL);
  return ok;
}

static char *
hosted_lookup (RushesBackend  *backend,
               const char     *job_id,
               GCancellable   *cancellable,
               GError        **error)
{
  RushesHostedBackend *self = RUSHES_HOSTED_BACKEND (backend);
  GError *local = NULL;
  char *id = _rushes_hosted_backend_lookup (self, job_id, cancellable, &local);

  scrub_propagate (self, error, local, NULL);
  return id;
}

static void
rushes_hosted_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = hosted_get_id;
  iface->get_kind = hosted_get_kind;
  iface->get_display_name = hosted_get_display_name;
  iface->is_remote = hosted_is_remote;
  iface->get_capabilities = hosted_get_capabilities;
  iface->submit = hosted_submit;
  iface->poll = hosted_poll;
  iface->cancel = hosted_cancel;
  iface->fetch = hosted_fetch;
  iface->lookup = hosted_lookup;
  iface->discard = rushes_remote_discard;
}
