/* rushes-replicate-backend.c: Replicate predictions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Protocol: ../shared/protocols/replicate.md. Create with
 * POST /models/{owner}/{name}/predictions (official models) or
 * POST /predictions {"version"} (others; rushes-replicate-submit.c), poll
 * GET /predictions/{id}, cancel POST /predictions/{id}/cancel, download the
 * output URLs at once (deleted after an hour). The token goes only to the
 * API origin and to *.replicate.delivery, never elsewhere (the HTTP layer
 * enforces this per hop, also on redirects). What every hosted backend does
 * (settings, key, records, fetch, lookup) is RushesHostedBackend's.
 *
 * Threads: identity and capabilities are immutable after construction; the
 * version cache is guarded by `lock`. Everything else runs on the calling
 * worker thread with its own RushesHttpClient.
 */
#define G_LOG_DOMAIN "rushes-replicate"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http.h"
#include "rushes-hosted-common.h"
#include "rushes-replicate-backend-private.h"

#define MAX_RESULTS          16

G_DEFINE_FINAL_TYPE (RushesReplicateBackend, rushes_replicate_backend, RUSHES_TYPE_HOSTED_BACKEND)

static void
rushes_replicate_backend_finalize (GObject *object)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (object);

  g_free (self->url);
  g_clear_pointer (&self->endpoints, g_hash_table_unref);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_replicate_backend_parent_class)->finalize (object);
}

/* ---- ids and config -------------------------------------------------------- */

/* "owner/name" with safe characters only (it becomes part of a URL path) */
static gboolean
is_model_slug (const char *model)
{
  const char *slash;

  if (model == NULL || (slash = strchr (model, '/')) == NULL || strchr (slash + 1, '/') != NULL)
    return FALSE;
  return _rushes_hosted_is_path_segment (model, slash - model) &&
         _rushes_hosted_is_path_segment (slash + 1, strlen (slash + 1));
}

gboolean
_rushes_replicate_is_prediction_id (const char *id)
{
  return _rushes_hosted_is_id (id, RUSHES_HOSTED_ID_LOWER_DIGITS);
}

static gboolean
replicate_read_urls (RushesHostedBackend  *backend,
                     JsonObject           *config,
                     gboolean             *allow_http,
                     GError              **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(GUri) uri = NULL;
  const char *url;

  url = json_object_get_string_member_with_default (config, "url", NULL);
  if (url == NULL || url[0] == '\0')
    url = RUSHES_REPLICATE_DEFAULT_URL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
    return _rushes_hosted_backend_config_error (backend, error, _("the URL must start with https://"));
  *allow_http = g_strcmp0 (g_uri_get_scheme (uri), "http") == 0;
  self->url = g_strdup (url);
  /* "…/v1/" and "…/v1" are the same base */
  if (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';

  return TRUE;
}

RushesBackend *
rushes_replicate_backend_new_from_config (JsonObject  *config,
                                          GError     **error)
{
  return _rushes_hosted_backend_new_from_config (RUSHES_TYPE_REPLICATE_BACKEND, config, error);
}

const char *
rushes_replicate_backend_get_url (RushesReplicateBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);
  return self->url;
}

const char *
rushes_replicate_backend_get_key_env (RushesReplicateBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);
  return _rushes_hosted_backend_get_settings (RUSHES_HOSTED_BACKEND (self))->key_env;
}

/* ---- HTTP ---------------------------------------------------------------- */

/* The token goes to the API origin and Replicate's file host. */
static gboolean
replicate_add_credentials (RushesHostedBackend  *backend,
                           RushesHttpClient     *client,
                           const char           *header,
                           GError              **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);

  if (!rushes_http_client_add_credential_for_url (client, self->url, "Authorization", header, error))
    return FALSE;
  /* the output files' host, per the protocol notes (section 5) */
  rushes_http_client_add_credential (client, "*.replicate.delivery", "Authorization", header);
  return TRUE;
}

char *
_rushes_replicate_api_url (RushesReplicateBackend *self,
                           const char             *path)
{
  return g_strconcat (self->url, path, NULL);
}

/* RFC 7807 problem details, or a short text */
static char *
problem_text (JsonNode *node)
{
  char *text = rushes_http_json_error_text (node);

  if (text == NULL && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *title = json_object_get_string_member_with_default (json_node_get_object (node), "title", NULL);

      if (title != NULL)
        text = g_strdup (title);
    }
  if (text == NULL)
    text = g_strdup (_("no details given"));
  return text;
}

/* A prediction object must at least have an id and a status. */
static JsonObject *
as_prediction (JsonNode    *node,
               GError     **error)
{
  JsonObject *obj;
  const char *id, *status;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("Replicate answered with something that is not a prediction"));
      return NULL;
    }

  obj = json_node_get_object (node);
  id = json_object_get_string_member_with_default (obj, "id", NULL);
  status = json_object_get_string_member_with_default (obj, "status", NULL);
  if (!_rushes_replicate_is_prediction_id (id) || status == NULL)
    {
      g_autofree char *detail = rushes_http_json_error_text (node);

      if (detail != NULL)
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                     _("Replicate answered without a prediction: %s"), detail);
      else
        g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                             _("Replicate answered without a valid prediction id and status"));
      return NULL;
    }

  return obj;
}

static char *
replicate_answer_remote_id (RushesHostedBackend  *backend,
                            const char           *model,
                            JsonNode             *answer,
                            GError              **error)
{
  JsonObject *prediction = as_prediction (answer, error);

  return prediction ? g_strdup (json_object_get_string_member (prediction, "id")) : NULL;
}

/* ---- status and cancel ----------------------------------------------------- */

/* /predictions/{remote_id}{suffix} (suffix may be NULL) */
static char *
prediction_url (RushesReplicateBackend *self,
                const char             *remote_id,
                const char             *suffix)
{
  return g_strconcat (self->url, "/predictions/", remote_id, suffix, NULL);
}

static void
collect_outputs (JsonNode  *node,
                 GPtrArray *out)
{
  if (node == NULL || out->len >= MAX_RESULTS)
    return;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (g_str_has_prefix (s, "https://") || g_str_has_prefix (s, "http://") || g_str_has_prefix (s, "data:"))
        g_ptr_array_add (out, g_strdup (s));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        collect_outputs (json_array_get_element (array, i), out);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        collect_outputs (json_object_get_member (obj, l->data), out);
    }
}

static gboolean
replicate_poll (RushesHostedBackend      *backend,
                RushesHttpClient         *client,
                const char               *remote_id,
                RushesRemoteStatus       *out,
                const RushesBackendCall  *call,
                GError                  **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  JsonObject *p;
  const char *status;
  const char *logs;

  url = prediction_url (self, remote_id, NULL);
  node = rushes_http_client_get_json (client, url, call->cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return FALSE;
    }

  p = as_prediction (node, error);
  if (p == NULL)
    return FALSE;

  status = json_object_get_string_member (p, "status");
  logs = json_object_get_string_member_with_default (p, "logs", NULL);

  if (g_str_equal (status, "starting"))
    {
      out->state = RUSHES_REMOTE_QUEUED;
      out->status = g_strdup (_("Starting (the model may be warming up)"));
    }
  else if (g_str_equal (status, "processing"))
    {
      out->state = RUSHES_REMOTE_RUNNING;
      out->progress = _rushes_hosted_parse_progress (logs);
      out->status = g_strdup (_("Processing"));
    }
  else if (g_str_equal (status, "succeeded"))
    {
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_free);

      collect_outputs (json_object_get_member (p, "output"), results);
      if (results->len == 0)
        {
          out->state = RUSHES_REMOTE_FAILED;
          if (json_object_get_boolean_member_with_default (p, "data_removed", FALSE))
            out->error = g_strdup (_("Replicate has already deleted the result (it keeps outputs for one hour)"));
          else
            out->error = g_strdup (_("Replicate reports success but names no output file"));
        }
      else
        {
          out->state = RUSHES_REMOTE_SUCCEEDED;
          out->progress = 1.0;
          g_ptr_array_add (results, NULL);
          out->results = (GStrv) g_ptr_array_steal (results, NULL);
        }
    }
  else if (g_str_equal (status, "canceled"))
    {
      out->state = RUSHES_REMOTE_CANCELLED;
      out->status = g_strdup (_("Cancelled"));
    }
  else
    {
      /* "failed", "aborted" and any status this client does not know */
      const char *message = json_object_get_string_member_with_default (p, "error", NULL);

      out->state = RUSHES_REMOTE_FAILED;
      if (message != NULL && message[0] != '\0')
        out->error = g_strdup_printf (_("Replicate: the prediction failed: %s"), message);
      else if (g_str_equal (status, "aborted"))
        out->error = g_strdup (_("Replicate: the prediction was aborted before it ran"));
      else
        out->error = g_strdup_printf (_("Replicate: the prediction ended with status “%s”"), status);
    }

  return TRUE;
}

static gboolean
replicate_cancel (RushesHostedBackend  *backend,
                  RushesHttpClient     *client,
                  const char           *remote_id,
                  GCancellable         *cancellable,
                  GError              **error)
{
  RushesReplicateBackend *self = RUSHES_REPLICATE_BACKEND (backend);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  guint status = 0;

  url = prediction_url (self, remote_id, "/cancel");
  node = rushes_http_client_request_json (client, "POST", url, NULL,
                                          RUSHES_HTTP_FLAGS_IDEMPOTENT | RUSHES_HTTP_FLAGS_NO_BODY,
                                          &status, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return FALSE;
    }
  if (status < 200 || status >= 300)
    {
      _rushes_hosted_backend_set_status_error (backend, error, status, node, _("cancelling the prediction"));
      return FALSE;
    }

  return TRUE;
}

/* ---- the token check and the class ----------------------------------------- */

/* GET /account */
static char *
replicate_test (RushesHostedBackend  *backend,
                RushesHttpClient     *client,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autofree char *url = _rushes_replicate_api_url (RUSHES_REPLICATE_BACKEND (backend), "/account");
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  const char *user = NULL;

  node = rushes_http_client_get_json (client, url, cancellable, &local);
  if (node == NULL)
    {
      _rushes_hosted_propagate_http_error (error, local, "Replicate");
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    user = json_object_get_string_member_with_default (json_node_get_object (node), "username", NULL);
  if (user == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("Replicate answered the account check with something unexpected"));
      return NULL;
    }

  return g_strdup_printf (_("The key works: signed in to Replicate as %s. Default model: %s."),
                          user, _rushes_hosted_backend_get_settings (backend)->model);
}

char *
rushes_replicate_backend_test (RushesReplicateBackend  *self,
                               GCancellable            *cancellable,
                               GError                 **error)
{
  g_return_val_if_fail (RUSHES_IS_REPLICATE_BACKEND (self), NULL);

  return _rushes_hosted_backend_test (RUSHES_HOSTED_BACKEND (self), cancellable, error);
}

static void
rushes_replicate_backend_class_init (RushesReplicateBackendClass *klass)
{
  RushesHostedBackendClass *hosted_class = RUSHES_HOSTED_BACKEND_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = rushes_replicate_backend_finalize;

  hosted_class->kind = "replicate";
  hosted_class->what = "Replicate";
  hosted_class->default_model = RUSHES_REPLICATE_DEFAULT_MODEL;
  hosted_class->auth_scheme = "Bearer";
  hosted_class->bad_remote_id = N_("Not a Replicate prediction id");
  hosted_class->submitting = N_("creating the prediction");
  hosted_class->is_model_id = is_model_slug;
  hosted_class->is_remote_id = _rushes_replicate_is_prediction_id;
  hosted_class->read_urls = replicate_read_urls;
  hosted_class->add_credentials = replicate_add_credentials;
  hosted_class->error_detail = problem_text;
  hosted_class->answer_remote_id = replicate_answer_remote_id;
  hosted_class->poll = replicate_poll;
  hosted_class->cancel = replicate_cancel;
  hosted_class->test = replicate_test;
  _rushes_replicate_submit_class_init (hosted_class);
}

static void
rushes_replicate_backend_init (RushesReplicateBackend *self)
{
  g_mutex_init (&self->lock);
  self->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
