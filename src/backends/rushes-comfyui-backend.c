/* rushes-comfyui-backend.c: ComfyUI servers (local GPU box or remote)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class, its settings, the proxy header and the RushesBackend vtable;
 * the rest is described in rushes-comfyui-backend-private.h.
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"

static void rushes_comfyui_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesComfyuiBackend, rushes_comfyui_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, rushes_comfyui_backend_iface_init))

static void
rushes_comfyui_backend_dispose (GObject *object)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (object);

  if (self->ws != NULL)
    rushes_websocket_stop (self->ws);
  g_clear_object (&self->ws);

  G_OBJECT_CLASS (rushes_comfyui_backend_parent_class)->dispose (object);
}

static void
rushes_comfyui_backend_finalize (GObject *object)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->server_version);
  g_clear_object (&self->http);
  g_clear_object (&self->workflow);
  g_free (self->extra_name);
  g_free (self->extra_config);
  g_free (self->key_env);
  rushes_remote_wipe_free (self->extra_value);
  g_hash_table_unref (self->tracks);
  g_strfreev (self->models);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (rushes_comfyui_backend_parent_class)->finalize (object);
}

static void
rushes_comfyui_backend_class_init (RushesComfyuiBackendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rushes_comfyui_backend_dispose;
  object_class->finalize = rushes_comfyui_backend_finalize;
}

static void
rushes_comfyui_backend_init (RushesComfyuiBackend *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->tracks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, _rushes_comfyui_track_free);
  self->client_id = g_uuid_string_random ();
  self->save_video = -1;
  self->api_routes = -1;
  self->http = rushes_http_client_new ();
  self->use_websocket = TRUE;
  self->concurrency = 1;
  self->poll_wait_ms = 1000;
  self->http_check_ms = 5000;
}

/* ---- construction -------------------------------------------------------- */

RushesComfyuiBackend *
rushes_comfyui_backend_new (const char             *id,
                            const char             *display_name,
                            const char             *base_url,
                            RushesComfyuiWorkflow  *workflow,
                            GError                **error)
{
  g_autoptr(RushesComfyuiBackend) self = NULL;
  g_autofree char *url = NULL;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (workflow == NULL || RUSHES_IS_COMFYUI_WORKFLOW (workflow), NULL);

  url = rushes_remote_normalize_base_url (base_url, error,
                                          _("The ComfyUI address “%s” is not an http or https address"),
                                          base_url ? base_url : "");
  if (url == NULL)
    return NULL;

  self = g_object_new (RUSHES_TYPE_COMFYUI_BACKEND, NULL);
  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name ? display_name : id);
  self->base_url = g_steal_pointer (&url);

  if (workflow != NULL)
    self->workflow = g_object_ref (workflow);
  else
    {
      self->workflow = rushes_comfyui_workflow_load_template ("ltx-video", error);
      if (self->workflow == NULL)
        return NULL;
    }

  return g_steal_pointer (&self);
}

RushesBackend *
rushes_comfyui_backend_new_from_config (JsonObject  *config,
                                        GError     **error)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(RushesComfyuiBackend) self = NULL;
  const char *id, *url, *name, *mapping_file, *template, *extra, *key_env;

  g_return_val_if_fail (config != NULL, NULL);

  id = json_object_get_string_member_with_default (config, "id", NULL);
  url = json_object_get_string_member_with_default (config, "url", NULL);
  name = json_object_get_string_member_with_default (config, "display_name",
                                                     json_object_get_string_member_with_default (config, "name", NULL));
  mapping_file = json_object_get_string_member_with_default (config, "mapping_file", NULL);
  template = json_object_get_string_member_with_default (config, "workflow", "ltx-video");
  extra = json_object_get_string_member_with_default (config, "extra_header", NULL);
  key_env = json_object_get_string_member_with_default (config, "key_env", NULL);

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("A ComfyUI backend needs an “id”"));
      return NULL;
    }

  if (mapping_file != NULL)
    workflow = rushes_comfyui_workflow_new_from_files (NULL, mapping_file, error);
  else
    workflow = rushes_comfyui_workflow_load_template (template, error);
  if (workflow == NULL)
    return NULL;

  self = rushes_comfyui_backend_new (id, name, url, workflow, error);
  if (self == NULL)
    return NULL;

  /* the header's value is a secret: read from key_env or the keyring when
   * first needed, on a worker thread; without a configured header name a
   * stored key goes as "Authorization" (as for every other kind) */
  if (extra != NULL && *extra != '\0')
    self->extra_config = g_strdup (extra);
  if (key_env != NULL && *key_env != '\0')
    self->key_env = g_strdup (key_env);

  self->concurrency = (guint) CLAMP (json_object_get_int_member_with_default (config, "concurrency", 1), 1, 16);
  self->use_websocket = json_object_get_boolean_member_with_default (config, "websocket", TRUE);

  return RUSHES_BACKEND (g_steal_pointer (&self));
}

void
rushes_comfyui_backend_set_workflow (RushesComfyuiBackend  *self,
                                     RushesComfyuiWorkflow *workflow)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));
  g_return_if_fail (RUSHES_IS_COMFYUI_WORKFLOW (workflow));

  g_mutex_lock (&self->lock);
  if (g_set_object (&self->workflow, workflow))
    g_clear_pointer (&self->models, g_strfreev);   /* another loader: probe again */
  self->save_video = -1;
  g_mutex_unlock (&self->lock);
}

RushesComfyuiWorkflow *
rushes_comfyui_backend_get_workflow (RushesComfyuiBackend *self)
{
  RushesComfyuiWorkflow *workflow;

  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);

  g_mutex_lock (&self->lock);
  workflow = g_object_ref (self->workflow);
  g_mutex_unlock (&self->lock);
  return workflow;
}

void
rushes_comfyui_backend_set_concurrency (RushesComfyuiBackend *self,
                                        guint                 concurrency)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));
  self->concurrency = MAX (concurrency, 1);
}

void
rushes_comfyui_backend_set_use_websocket (RushesComfyuiBackend *self,
                                          gboolean              use)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));

  g_mutex_lock (&self->lock);
  self->use_websocket = use;
  g_mutex_unlock (&self->lock);
}

void
rushes_comfyui_backend_set_poll_timing (RushesComfyuiBackend *self,
                                        guint                 wait_ms,
                                        guint                 http_check_ms)
{
  g_return_if_fail (RUSHES_IS_COMFYUI_BACKEND (self));

  g_mutex_lock (&self->lock);
  self->poll_wait_ms = wait_ms;
  self->http_check_ms = http_check_ms;
  g_mutex_unlock (&self->lock);
}

RushesHttpClient *
rushes_comfyui_backend_get_http_client (RushesComfyuiBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), NULL);
  return self->http;
}

/* ---- HTTP helpers ----------------------------------------------------------------- */

static char *
server_prefix (RushesComfyuiBackend *self)
{
  g_autofree char *where = rushes_remote_describe_url (self->base_url);

  return g_strdup_printf (_("ComfyUI at %s"), where);
}

void
_rushes_comfyui_backend_propagate (RushesComfyuiBackend  *self,
                                   GError               **dest,
                                   GError                *src)
{
  g_autofree char *prefix = server_prefix (self);

  rushes_remote_propagate_error (dest, src, prefix);
}

/* ---- the proxy header ------------------------------------------------------------ */

static gboolean
apply_extra_header (RushesComfyuiBackend  *self,
                    const char            *header_name,
                    const char            *header_value,
                    gboolean               manual,
                    GError               **error)
{
  RushesWebsocket *old_ws;

  if (!rushes_http_client_set_extra_header (self->http, self->base_url, header_name, header_value, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  self->extra_manual = manual;
  g_free (self->extra_name);
  rushes_remote_wipe_free (self->extra_value);
  self->extra_name = header_name ? g_strdup (header_name) : NULL;
  self->extra_value = header_name ? g_strdup (header_value ? header_value : "") : NULL;
  self->extra_loaded = TRUE;
  old_ws = g_steal_pointer (&self->ws);   /* reconnect with the new header */
  g_mutex_unlock (&self->lock);

  if (old_ws != NULL)
    {
      rushes_websocket_stop (old_ws);
      g_object_unref (old_ws);
    }
  return TRUE;
}

gboolean
rushes_comfyui_backend_set_extra_header (RushesComfyuiBackend  *self,
                                         const char            *header_name,
                                         const char            *header_value,
                                         GError               **error)
{
  g_return_val_if_fail (RUSHES_IS_COMFYUI_BACKEND (self), FALSE);

  return apply_extra_header (self, header_name, header_value, TRUE, error);
}

/* The proxy header from the secrets (rushes_secrets_get_key_sync: key_env,
 * else the keyring by backend id): the configured header name, or
 * "Authorization" (a bare key gets "Bearer ") when a key is stored without
 * one. Read again when a key was stored or cleared in this process; a
 * variable is read at each use. */
gboolean
_rushes_comfyui_backend_ensure_extra_header (RushesComfyuiBackend  *self,
                                             GCancellable          *cancellable,
                                             GError               **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key_env = NULL;
  guint generation = rushes_secrets_get_generation ();
  const char *header;
  char *value = NULL;
  char *key;
  gboolean required, unchanged, ok;

  g_mutex_lock (&self->lock);
  if (self->extra_manual ||
      (self->extra_loaded && self->key_env == NULL && self->extra_generation == generation))
    {
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  name = g_strdup (self->extra_config);
  key_env = g_strdup (self->key_env);
  g_mutex_unlock (&self->lock);

  header = name != NULL ? name : "Authorization";
  required = name != NULL || key_env != NULL;
  key = rushes_secrets_get_key_sync (self->id, key_env, cancellable, &local);
  if (key == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (required)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH,
                       _("The server needs the header “%s”, but its value is not available: %s"),
                       header, local->message);
          return FALSE;
        }
      /* most ComfyUI servers want none */
    }
  else if (name != NULL || strchr (key, ' ') != NULL)
    value = g_strdup (key);             /* as given: "Basic …", a proxy's own token */
  else
    value = g_strconcat ("Bearer ", key, NULL);
  rushes_secrets_free_key (key);

  g_mutex_lock (&self->lock);
  unchanged = self->extra_loaded && !self->extra_manual &&
              g_strcmp0 (self->extra_value, value) == 0 &&
              (value == NULL || g_strcmp0 (self->extra_name, header) == 0);
  if (unchanged)
    self->extra_generation = generation;
  g_mutex_unlock (&self->lock);
  if (unchanged)
    {
      rushes_remote_wipe_free (value);
      return TRUE;
    }

  ok = apply_extra_header (self, value != NULL ? header : NULL, value, FALSE, error);
  rushes_remote_wipe_free (value);
  if (ok)
    {
      g_mutex_lock (&self->lock);
      self->extra_generation = generation;
      g_mutex_unlock (&self->lock);
    }
  return ok;
}

/* ---- RushesBackend ------------------------------------------------------------------ */

static const char *
comfy_get_id (RushesBackend *backend)
{
  return RUSHES_COMFYUI_BACKEND (backend)->id;
}

static const char *
comfy_get_kind (RushesBackend *backend)
{
  return "comfyui";
}

static const char *
comfy_get_display_name (RushesBackend *backend)
{
  return RUSHES_COMFYUI_BACKEND (backend)->display_name;
}

static RushesCapabilities *
comfy_get_capabilities (RushesBackend *backend)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (self);
  RushesCapabilities *caps = rushes_capabilities_new ();

  rushes_comfyui_workflow_fill_capabilities (workflow, caps);
  caps->max_concurrent = self->concurrency;
  g_mutex_lock (&self->lock);
  if (self->models != NULL && self->models[0] != NULL)
    {
      caps->models = g_strdupv (self->models);
      caps->fields |= RUSHES_FIELD_MODEL;
    }
  g_mutex_unlock (&self->lock);
  return caps;
}

/* Uploads one conditioning image (end: the end image, else the start
 * image) and returns the name the graph's LoadImage takes. */
static char *
upload_image (RushesComfyuiBackend  *self,
              const char            *path,
              gboolean               end,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autofree char *url = _rushes_comfyui_backend_api_url (self, "/upload/image", NULL);
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(JsonNode) node = NULL;
  GError *local = NULL;
  RushesHttpPart parts[] = {
    { .name = "image", .file_path = path, .filename = base },
    { .name = "type", .value = "input" },
    { .name = "subfolder", .value = "rushes" },
  };
  const char *name, *subfolder;
  JsonObject *obj;

  /* identical bytes give back the existing name, so retrying is harmless */
  node = rushes_http_client_post_multipart (self->http, url, parts, G_N_ELEMENTS (parts),
                                            RUSHES_HTTP_FLAGS_IDEMPOTENT, NULL, cancellable, &local);
  if (node == NULL)
    {
      g_prefix_error (&local, "%s", end ? _("Could not upload the end image: ") : _("Could not upload the start image: "));
      _rushes_comfyui_backend_propagate (self, error, local);
      return NULL;
    }
  obj = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  name = obj ? json_object_get_string_member_with_default (obj, "name", NULL) : NULL;
  subfolder = obj ? json_object_get_string_member_with_default (obj, "subfolder", "") : "";
  if (name == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           end ? _("The server did not say where it stored the end image")
                               : _("The server did not say where it stored the start image"));
      return NULL;
    }
  if (subfolder != NULL && *subfolder != '\0')
    return g_strconcat (subfolder, "/", name, NULL);
  return g_strdup (name);
}

/* Whether the workflow takes the recipe's images: a start image only where
 * it maps one (and then it needs one), an end image likewise. Checked
 * before anything goes to the server. */
static gboolean
check_images (RushesComfyuiWorkflow  *workflow,
              gboolean                has_start,
              gboolean                has_end,
              GError                **error)
{
  const char *name = rushes_comfyui_workflow_get_display_name (workflow);

  if (has_start && !rushes_comfyui_workflow_needs_start_image (workflow))
    g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                 _("The workflow “%s” does not take a start image; choose an image-to-video workflow"), name);
  else if (has_end && !rushes_comfyui_workflow_needs_end_image (workflow))
    g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                 _("The workflow “%s” cannot honour an end image; choose a first-and-last-frame workflow such as “wan-2.1-flf2v”"),
                 name);
  else if (!has_start && rushes_comfyui_workflow_needs_start_image (workflow))
    g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                 _("The workflow “%s” needs a start image"), name);
  else if (!has_end && rushes_comfyui_workflow_needs_end_image (workflow))
    g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                 _("The workflow “%s” needs an end image"), name);
  else
    return TRUE;
  return FALSE;
}

static char *
comfy_submit (RushesBackend            *backend,
              RushesRecipe             *recipe,
              const char               *job_id,
              const RushesBackendCall  *call,
              GError                  **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_backend_get_workflow (self);
  g_autoptr(RushesWebsocket) ws = NULL;
  g_autoptr(JsonNode) graph = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *image_name = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *prompt_id = NULL;
  g_autofree char *url = NULL;
  const char *start_image = rushes_recipe_get_start_image (recipe);
  const char *end_image = rushes_recipe_get_end_image (recipe);
  g_autofree char *end_image_name = NULL;
  GError *local = NULL;
  guint status = 0;
  JsonObject *obj;

  if (!check_images (workflow, start_image != NULL && *start_image != '\0',
                     end_image != NULL && *end_image != '\0', error))
    return NULL;

  if (!_rushes_comfyui_backend_prepare (self, call->cancellable, error))
    return NULL;

  prompt_id = rushes_remote_is_uuid (job_id) ? g_strdup (job_id) : g_uuid_string_random ();

  /* connect the socket before queueing so no event is missed */
  ws = _rushes_comfyui_backend_ensure_websocket (self);
  if (ws != NULL)
    rushes_websocket_wait_connected (ws, 2000, call->cancellable);

  if (start_image != NULL && *start_image != '\0')
    {
      if (call->progress)
        call->progress (0.0, _("Uploading the start image"), call->progress_data);
      image_name = upload_image (self, start_image, FALSE, call->cancellable, error);
      if (image_name == NULL)
        return NULL;
    }
  if (end_image != NULL && *end_image != '\0')
    {
      if (call->progress)
        call->progress (0.0, _("Uploading the end image"), call->progress_data);
      end_image_name = upload_image (self, end_image, TRUE, call->cancellable, error);
      if (end_image_name == NULL)
        return NULL;
    }

  graph = rushes_comfyui_workflow_apply_images (workflow, recipe, image_name, end_image_name, &notes, &local);
  if (graph == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED, local->message);
      g_error_free (local);
      return NULL;
    }
  if (notes != NULL && call->progress)
    call->progress (0.0, notes, call->progress_data);
  if (!_rushes_comfyui_backend_adapt_output (self, workflow, graph, call, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_value (builder, g_steal_pointer (&graph));
  json_builder_set_member_name (builder, "client_id");
  json_builder_add_string_value (builder, self->client_id);
  json_builder_set_member_name (builder, "prompt_id");
  json_builder_add_string_value (builder, prompt_id);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  url = _rushes_comfyui_backend_api_url (self, "/prompt", NULL);
  /* not idempotent: the server does not deduplicate prompt ids */
  answer = rushes_http_client_request_json (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL)
    {
      _rushes_comfyui_backend_propagate (self, error, local);
      return NULL;
    }

  if (status == 400)
    {
      g_autofree char *text = rushes_comfyui_describe_prompt_error (answer);
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED, text);
      return NULL;
    }
  if (status < 200 || status >= 300 || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_autofree char *text = rushes_http_json_error_text (answer);
      g_set_error (error, RUSHES_BACKEND_ERROR,
                   status >= 500 ? RUSHES_BACKEND_ERROR_UNAVAILABLE : RUSHES_BACKEND_ERROR_FAILED,
                   _("The server did not accept the job (HTTP %u)%s%s"), status,
                   text ? ": " : "", text ? text : "");
      return NULL;
    }

  obj = json_node_get_object (answer);
  if (!json_object_has_member (obj, "prompt_id") && json_object_has_member (obj, "error"))
    {
      /* a 200 that is really a failure (seen behind some proxies) */
      g_autofree char *text = rushes_http_json_error_text (answer);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("The server did not queue the job: %s"), text ? text : _("no reason given"));
      return NULL;
    }
  if (json_object_has_member (obj, "node_errors")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "node_errors"))
      && json_object_get_size (json_object_get_object_member (obj, "node_errors")) > 0
      && call->progress != NULL)
    {
      g_autofree char *text = rushes_comfyui_describe_prompt_error (answer);
      g_autofree char *warning = g_strdup_printf (_("Queued, but part of the workflow was dropped: %s"), text);
      call->progress (0.0, warning, call->progress_data);
    }

  {
    const char *answered = json_object_get_string_member_with_default (obj, "prompt_id", NULL);
    if (answered != NULL && *answered != '\0' && strlen (answered) < 128)
      {
        g_free (prompt_id);
        prompt_id = g_strdup (answered);
      }
  }

  g_mutex_lock (&self->lock);
  _rushes_comfyui_backend_get_track_locked (self, prompt_id);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&prompt_id);
}

/* A status answer that cannot be read (a proxy's error page, a cut-off body)
 * is most likely passing: report it as "unavailable" so the engine polls
 * again, instead of failing a job that may still be running. */
static gboolean
comfy_poll (RushesBackend            *backend,
            const char               *remote_id,
            RushesRemoteStatus       *status,
            const RushesBackendCall  *call,
            GError                  **error)
{
  GError *local = NULL;

  if (_rushes_comfyui_backend_poll_once (RUSHES_COMFYUI_BACKEND (backend), remote_id, status, call, &local))
    return TRUE;
  if (g_error_matches (local, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL))
    local->code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  g_propagate_error (error, local);
  return FALSE;
}

static gboolean
comfy_cancel (RushesBackend  *backend,
              const char     *remote_id,
              GCancellable   *cancellable,
              GError        **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = NULL;
  GError *local = NULL;
  int where;

  if (!_rushes_comfyui_backend_prepare (self, cancellable, error))
    return FALSE;
  where = _rushes_comfyui_backend_queue_find (self, remote_id, NULL, cancellable, error);
  if (where < 0)
    return FALSE;
  if (where == 0)
    return TRUE;   /* finished or never there: nothing to stop */

  json_builder_begin_object (builder);
  if (where == 1)
    {
      /* servers before 2025-09 ignore the id and interrupt whatever runs;
       * we only get here when ours is the one running */
      json_builder_set_member_name (builder, "prompt_id");
      json_builder_add_string_value (builder, remote_id);
      url = _rushes_comfyui_backend_api_url (self, "/interrupt", NULL);
    }
  else
    {
      json_builder_set_member_name (builder, "delete");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, remote_id);
      json_builder_end_array (builder);
      url = _rushes_comfyui_backend_api_url (self, "/queue", NULL);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (!rushes_http_client_request_ok (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                      cancellable, &local))
    {
      _rushes_comfyui_backend_propagate (self, error, local);
      return FALSE;
    }

  /* it may have started between the look and the delete: stop it then */
  if (where == 2)
    {
      where = _rushes_comfyui_backend_queue_find (self, remote_id, NULL, cancellable, error);
      if (where < 0)
        return FALSE;
      if (where == 1)
        return comfy_cancel (backend, remote_id, cancellable, error);
    }
  return TRUE;
}

static gboolean
comfy_fetch (RushesBackend            *backend,
             const char               *remote_id,
             const char               *result,
             const char               *dest_path,
             const RushesBackendCall  *call,
             GError                  **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  g_autoptr(GHashTable) params = NULL;
  g_autofree char *url = NULL;
  const char *filename, *subfolder, *type;
  GError *local = NULL;

  if (!_rushes_comfyui_parse_locator (result, &params, &filename, &subfolder, &type, error))
    return FALSE;
  if (!_rushes_comfyui_backend_prepare (self, call->cancellable, error))
    return FALSE;
  url = _rushes_comfyui_backend_api_url (self, "/view",
                                         "filename", filename, "subfolder", subfolder, "type", type, NULL);
  if (!rushes_remote_download (self->http, url, dest_path, NULL, call, &local))
    {
      g_prefix_error (&local, _("Downloading “%s”: "), filename);
      _rushes_comfyui_backend_propagate (self, error, local);
      return FALSE;
    }
  return TRUE;
}

static char *
comfy_lookup (RushesBackend  *backend,
              const char     *job_id,
              GCancellable   *cancellable,
              GError        **error)
{
  RushesComfyuiBackend *self = RUSHES_COMFYUI_BACKEND (backend);
  gboolean known = FALSE;

  if (!rushes_remote_is_uuid (job_id))
    return NULL;   /* submit never sends such an id as prompt_id */
  if (!_rushes_comfyui_backend_prepare (self, cancellable, error))
    return NULL;
  if (!_rushes_comfyui_backend_knows_job (self, job_id, &known, cancellable, error))
    return NULL;
  return known ? g_strdup (job_id) : NULL;
}

static void
rushes_comfyui_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = comfy_get_id;
  iface->get_kind = comfy_get_kind;
  iface->get_display_name = comfy_get_display_name;
  iface->is_remote = rushes_remote_is_remote;
  iface->get_capabilities = comfy_get_capabilities;
  iface->submit = comfy_submit;
  iface->poll = comfy_poll;
  iface->cancel = comfy_cancel;
  iface->fetch = comfy_fetch;
  iface->lookup = comfy_lookup;
  iface->discard = rushes_remote_discard;
}
