/* rushes-gradio-backend.c: Gradio apps (local demo apps, Hugging Face Spaces)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The class, its settings, the HF token and the RushesBackend vtable; the
 * rest is described in rushes-gradio-backend-private.h.
 */
#define G_LOG_DOMAIN "rushes-gradio"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-gradio-backend-private.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"

static void rushes_gradio_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesGradioBackend, rushes_gradio_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, rushes_gradio_backend_iface_init))

static void
rushes_gradio_backend_finalize (GObject *object)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (object);

  g_free (self->id);
  g_free (self->display_name);
  g_free (self->base_url);
  g_clear_object (&self->http);
  g_free (self->key_env);
  rushes_remote_wipe_free (self->token);
  g_free (self->token_header);
  g_free (self->version);
  g_free (self->api_prefix);
  g_free (self->api_name);
  g_clear_pointer (&self->parameters, json_array_unref);
  g_hash_table_unref (self->input_map);
  g_hash_table_unref (self->results);
  g_hash_table_unref (self->streams);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->token_lock);

  G_OBJECT_CLASS (rushes_gradio_backend_parent_class)->finalize (object);
}

static void
rushes_gradio_backend_class_init (RushesGradioBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_gradio_backend_finalize;
}

static void
rushes_gradio_backend_init (RushesGradioBackend *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->token_lock);
  self->http = rushes_http_client_new ();
  self->concurrency = 1;
  self->fn_index = -1;
  self->fields = RUSHES_FIELD_NONE;
  self->input_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

RushesGradioBackend *
rushes_gradio_backend_new (const char  *id,
                           const char  *display_name,
                           const char  *base_url,
                           GError     **error)
{
  RushesGradioBackend *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (id != NULL, NULL);

  url = rushes_remote_normalize_base_url (base_url, error,
                                          _("The Gradio app address “%s” is not an http or https address"),
                                          base_url ? base_url : "");
  if (url == NULL)
    return NULL;

  self = g_object_new (RUSHES_TYPE_GRADIO_BACKEND, NULL);
  self->id = g_strdup (id);
  self->display_name = g_strdup (display_name ? display_name : id);
  self->base_url = g_steal_pointer (&url);
  /* stream stalls: heartbeats come every 15 s */
  rushes_http_client_set_timeouts (self->http, 15000, 120000, 60000);
  return self;
}

static char *
space_to_url (const char *space)
{
  g_auto(GStrv) parts = g_strsplit (space, "/", 2);
  g_autofree char *host = NULL;

  if (g_strv_length (parts) != 2 || *parts[0] == '\0' || *parts[1] == '\0')
    return NULL;
  /* the usual subdomain rule; the exact host is the Space's "host" field */
  host = g_ascii_strdown (g_strconcat (parts[0], "-", parts[1], NULL), -1);
  g_strdelimit (host, "_.", '-');
  return g_strdup_printf ("https://%s.hf.space", host);
}

RushesBackend *
rushes_gradio_backend_new_from_config (JsonObject  *config,
                                       GError     **error)
{
  g_autoptr(RushesGradioBackend) self = NULL;
  g_autofree char *space_url = NULL;
  const char *id, *url, *space, *key_env, *header, *api_name, *name;

  g_return_val_if_fail (config != NULL, NULL);

  id = json_object_get_string_member_with_default (config, "id", NULL);
  url = json_object_get_string_member_with_default (config, "url", NULL);
  space = json_object_get_string_member_with_default (config, "space", NULL);
  key_env = json_object_get_string_member_with_default (config, "key_env", NULL);
  header = json_object_get_string_member_with_default (config, "extra_header", NULL);
  api_name = json_object_get_string_member_with_default (config, "api_name", NULL);
  name = json_object_get_string_member_with_default (config, "display_name",
                                                     json_object_get_string_member_with_default (config, "name", NULL));

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("A Gradio backend needs an “id”"));
      return NULL;
    }
  if (url == NULL && space != NULL)
    {
      space_url = space_to_url (space);
      if (space_url == NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("“%s” is not a Space name of the form owner/name"), space);
          return NULL;
        }
      url = space_url;
    }

  self = rushes_gradio_backend_new (id, name, url, error);
  if (self == NULL)
    return NULL;

  if (api_name != NULL)
    rushes_gradio_backend_set_api_name (self, api_name);
  /* the token itself is read when first needed (worker thread) */
  self->key_env = g_strdup (key_env);
  self->token_header = g_strdup (header);

  if (json_object_has_member (config, "inputs") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (config, "inputs")))
    {
      JsonObject *inputs = json_object_get_object_member (config, "inputs");
      g_autoptr(GList) fields = json_object_get_members (inputs);

      for (GList *l = fields; l; l = l->next)
        {
          const char *param = json_object_get_string_member_with_default (inputs, l->data, NULL);
          if (param != NULL)
            rushes_gradio_backend_map_input (self, l->data, param);
        }
    }
  self->concurrency = (guint) CLAMP (json_object_get_int_member_with_default (config, "concurrency", 1), 1, 16);

  return RUSHES_BACKEND (g_steal_pointer (&self));
}

void
_rushes_gradio_backend_apply_token (RushesGradioBackend *self,
                                    const char          *token,
                                    const char          *header_name)
{
  char *copy = token != NULL && *token != '\0' ? g_strdup (token) : NULL;

  rushes_http_client_clear_credentials (self->http);
  self->token_loaded = TRUE;
  rushes_remote_wipe_free (self->token);
  self->token = copy;
  if (header_name != NULL && header_name != self->token_header)
    {
      g_free (self->token_header);
      self->token_header = g_strdup (header_name);
    }
  if (copy != NULL)
    {
      char *value = g_strconcat ("Bearer ", copy, NULL);

      rushes_http_client_add_credential_for_url (self->http, self->base_url,
                                                 self->token_header ? self->token_header : "Authorization",
                                                 value, NULL);
      rushes_remote_wipe_free (value);
    }
}

void
rushes_gradio_backend_set_token (RushesGradioBackend *self,
                                 const char          *token,
                                 const char          *header_name)
{
  g_return_if_fail (RUSHES_IS_GRADIO_BACKEND (self));

  g_mutex_lock (&self->token_lock);
  self->token_manual = TRUE;
  _rushes_gradio_backend_apply_token (self, token, header_name);
  g_mutex_unlock (&self->token_lock);
}

void
rushes_gradio_backend_set_api_name (RushesGradioBackend *self,
                                    const char          *api_name)
{
  g_return_if_fail (RUSHES_IS_GRADIO_BACKEND (self));

  g_mutex_lock (&self->lock);
  g_free (self->api_name);
  self->api_name = api_name && *api_name != '/' ? g_strconcat ("/", api_name, NULL) : g_strdup (api_name);
  self->discovered = FALSE;
  g_mutex_unlock (&self->lock);
}

void
rushes_gradio_backend_map_input (RushesGradioBackend *self,
                                 const char          *field,
                                 const char          *parameter_name)
{
  g_return_if_fail (RUSHES_IS_GRADIO_BACKEND (self));

  g_mutex_lock (&self->lock);
  if (parameter_name != NULL)
    g_hash_table_replace (self->input_map, g_strdup (field), g_strdup (parameter_name));
  else
    g_hash_table_remove (self->input_map, field);
  g_mutex_unlock (&self->lock);
}

RushesHttpClient *
rushes_gradio_backend_get_http_client (RushesGradioBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_GRADIO_BACKEND (self), NULL);
  return self->http;
}

/* An HF token, if one is stored (rushes_secrets_get_key_sync: key_env, else
 * the keyring by backend id): optional (public Spaces and local apps need
 * none), so a missing one is not an error. Read again when a key was stored
 * or cleared in this process; a variable is read at each use. */
gboolean
_rushes_gradio_backend_ensure_token (RushesGradioBackend  *self,
                                     GCancellable         *cancellable,
                                     GError              **error)
{
  g_autoptr(GError) local = NULL;
  guint generation = rushes_secrets_get_generation ();
  gboolean from_env = self->key_env != NULL && *self->key_env != '\0';
  char *key;

  g_mutex_lock (&self->token_lock);
  if (self->token_manual ||
      (self->token_loaded && !from_env && self->token_generation == generation))
    {
      g_mutex_unlock (&self->token_lock);
      return TRUE;
    }

  key = rushes_secrets_get_key_sync (self->id, self->key_env, cancellable, &local);
  if (key == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_mutex_unlock (&self->token_lock);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* a named variable that is unset is the user's mistake: say so */
      if (from_env)
        {
          g_mutex_unlock (&self->token_lock);
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH, "%s", local->message);
          return FALSE;
        }
      g_debug ("no token for %s: %s", self->id, local->message);
      if (self->token != NULL)
        _rushes_gradio_backend_apply_token (self, NULL, self->token_header);   /* removed from the keyring */
    }
  else if (g_strcmp0 (key, self->token) != 0)
    _rushes_gradio_backend_apply_token (self, key, self->token_header);
  self->token_loaded = TRUE;
  self->token_generation = generation;
  g_mutex_unlock (&self->token_lock);
  rushes_secrets_free_key (key);
  return TRUE;
}

void
_rushes_gradio_backend_propagate (RushesGradioBackend  *self,
                                  GError              **dest,
                                  GError               *src)
{
  g_autofree char *where = rushes_remote_describe_url (self->base_url);
  g_autofree char *prefix = g_strdup_printf (_("Gradio app at %s"), where);

  rushes_remote_propagate_error (dest, src, prefix);
}

/* ---- RushesBackend ------------------------------------------------------------- */

static const char *
gradio_get_id (RushesBackend *backend)
{
  return RUSHES_GRADIO_BACKEND (backend)->id;
}

static const char *
gradio_get_kind (RushesBackend *backend)
{
  return "gradio";
}

static const char *
gradio_get_display_name (RushesBackend *backend)
{
  return RUSHES_GRADIO_BACKEND (backend)->display_name;
}

static RushesCapabilities *
gradio_get_capabilities (RushesBackend *backend)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  RushesCapabilities *caps = rushes_capabilities_new ();

  g_mutex_lock (&self->lock);
  caps->fields = self->fields;
  g_mutex_unlock (&self->lock);
  caps->max_concurrent = self->concurrency;
  caps->max_variations = 2;
  return caps;
}

static JsonNode *
upload_image (RushesGradioBackend  *self,
              const char           *path,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autofree char *url = _rushes_gradio_backend_app_url (self, "/upload");
  g_autofree char *base = g_path_get_basename (path);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  RushesHttpPart part = { .name = "files", .file_path = path, .filename = base };
  GError *local = NULL;
  const char *server_path;

  answer = rushes_http_client_post_multipart (self->http, url, &part, 1, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                              NULL, cancellable, &local);
  if (answer == NULL)
    {
      g_prefix_error (&local, _("Could not upload the start image: "));
      _rushes_gradio_backend_propagate (self, error, local);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (answer) || json_array_get_length (json_node_get_array (answer)) == 0
      || (server_path = json_array_get_string_element (json_node_get_array (answer), 0)) == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The Gradio app did not say where it stored the start image"));
      return NULL;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, server_path);
  json_builder_set_member_name (b, "orig_name");
  json_builder_add_string_value (b, base);
  json_builder_set_member_name (b, "meta");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_type");
  json_builder_add_string_value (b, "gradio.FileData");
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
param_is_integer (JsonObject *param)
{
  JsonNode *type = json_object_get_member (param, "type");

  return type != NULL && JSON_NODE_HOLDS_OBJECT (type)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (type), "type", ""), "integer") == 0;
}

static gboolean
str_equal0 (gconstpointer a,
            gconstpointer b)
{
  return g_strcmp0 (a, b) == 0;
}

static char *
gradio_submit (RushesBackend            *backend,
               RushesRecipe             *recipe,
               const char               *job_id,
               const RushesBackendCall  *call,
               GError                  **error)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  g_autoptr(JsonArray) params = NULL;
  g_autoptr(JsonNode) image = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autofree char *api_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *missing = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  const char *start_image = rushes_recipe_get_start_image (recipe);
  const char *event_id;
  JsonArray *data = json_array_new ();
  GError *local = NULL;
  guint status = 0;

  json_object_set_array_member (obj, "data", data);

  if (!_rushes_gradio_backend_ensure_discovered (self, call->cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  params = json_array_ref (self->parameters);
  api_name = g_strdup (self->api_name);
  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      JsonNode *p = json_array_get_element (params, i);
      g_ptr_array_add (fields, (gpointer) (JSON_NODE_HOLDS_OBJECT (p) ? _rushes_gradio_backend_field_for_param_locked (self, json_node_get_object (p)) : NULL));
    }
  g_mutex_unlock (&self->lock);

  if (!g_ptr_array_find_with_equal_func (fields, "prompt", str_equal0, NULL))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("Rushes cannot tell which input of the app’s endpoint %s takes the prompt; map it in the backend settings"),
                   api_name);
      return NULL;
    }
  if (start_image != NULL && *start_image != '\0')
    {
      if (!g_ptr_array_find_with_equal_func (fields, "start_image", str_equal0, NULL))
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("The app’s endpoint %s does not take a start image"), api_name);
          return NULL;
        }
      image = upload_image (self, start_image, call->cancellable, error);
      if (image == NULL)
        return NULL;
    }

  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      JsonObject *p = JSON_NODE_HOLDS_OBJECT (json_array_get_element (params, i))
                      ? json_array_get_object_element (params, i) : NULL;
      const char *field = g_ptr_array_index (fields, i);
      JsonNode *def = p ? json_object_get_member (p, "parameter_default") : NULL;
      gboolean has_default = p && json_object_get_boolean_member_with_default (p, "parameter_has_default", def != NULL);

      if (field == NULL)
        {
          if (has_default && def != NULL)
            json_array_add_element (data, json_node_copy (def));
          else
            json_array_add_null_element (data);
        }
      else if (strcmp (field, "prompt") == 0)
        json_array_add_string_element (data, rushes_recipe_get_prompt (recipe));
      else if (strcmp (field, "negative_prompt") == 0)
        {
          const char *neg = rushes_recipe_get_negative_prompt (recipe);
          if ((neg == NULL || *neg == '\0') && has_default && def != NULL)
            json_array_add_element (data, json_node_copy (def));
          else
            json_array_add_string_element (data, neg ? neg : "");
        }
      else if (strcmp (field, "randomize_seed") == 0)
        json_array_add_boolean_element (data, FALSE);   /* use our seed */
      else if (strcmp (field, "seed") == 0)
        json_array_add_int_element (data, rushes_recipe_resolve_seed (recipe));
      else if (strcmp (field, "width") == 0)
        json_array_add_int_element (data, rushes_recipe_get_width (recipe));
      else if (strcmp (field, "height") == 0)
        json_array_add_int_element (data, rushes_recipe_get_height (recipe));
      else if (strcmp (field, "frames") == 0)
        json_array_add_int_element (data, rushes_recipe_get_n_frames (recipe));
      else if (strcmp (field, "seconds") == 0)
        {
          if (param_is_integer (p))
            json_array_add_int_element (data, (gint64) (rushes_recipe_get_seconds (recipe) + 0.5));
          else
            json_array_add_double_element (data, rushes_recipe_get_seconds (recipe));
        }
      else if (strcmp (field, "fps") == 0)
        json_array_add_int_element (data, rushes_recipe_get_fps (recipe));
      else if (strcmp (field, "steps") == 0)
        json_array_add_int_element (data, rushes_recipe_get_steps (recipe));
      else if (strcmp (field, "guidance") == 0)
        json_array_add_double_element (data, rushes_recipe_get_guidance (recipe));
      else if (strcmp (field, "start_image") == 0)
        {
          if (image != NULL)
            json_array_add_element (data, json_node_copy (image));
          else
            json_array_add_null_element (data);
        }
      else
        json_array_add_null_element (data);
    }

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, obj);

  path = g_strconcat ("/call", api_name, NULL);
  url = _rushes_gradio_backend_app_url (self, path);
  /* not idempotent: each POST starts a new generation */
  answer = rushes_http_client_request_json (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL)
    {
      _rushes_gradio_backend_propagate (self, error, local);
      return NULL;
    }
  if (status < 200 || status >= 300)
    {
      g_autofree char *text = rushes_http_json_error_text (answer);
      g_set_error (error, RUSHES_BACKEND_ERROR,
                   status == 503 || status == 429 ? RUSHES_BACKEND_ERROR_UNAVAILABLE
                   : status == 401 || status == 403 ? RUSHES_BACKEND_ERROR_AUTH
                   : RUSHES_BACKEND_ERROR_FAILED,
                   _("The Gradio app did not accept the job (HTTP %u)%s%s"), status,
                   text ? ": " : "", text ? text : "");
      return NULL;
    }
  event_id = JSON_NODE_HOLDS_OBJECT (answer)
             ? json_object_get_string_member_with_default (json_node_get_object (answer), "event_id", NULL) : NULL;
  if (event_id == NULL)
    {
      g_autofree char *text = rushes_http_json_error_text (answer);
      if (text != NULL)
        {
          g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                       _("The Gradio app did not accept the job: %s"), text);
          return NULL;
        }
    }
  if (event_id == NULL || *event_id == '\0' || strchr (event_id, '/') || strchr (event_id, ':'))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The Gradio app’s answer has no event id"));
      return NULL;
    }
  return g_strconcat (event_id, ":", api_name, NULL);
}

static gboolean
gradio_cancel (RushesBackend  *backend,
               const char     *remote_id,
               GCancellable   *cancellable,
               GError        **error)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  g_autofree char *event_id = NULL;
  g_autofree char *api_name = NULL;
  g_autofree char *url = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  GCancellable *stream;
  gint64 fn_index;
  gboolean had_stream;

  if (!_rushes_gradio_split_remote_id (remote_id, &event_id, &api_name))
    return TRUE;

  g_mutex_lock (&self->lock);
  stream = g_hash_table_lookup (self->streams, remote_id);
  had_stream = stream != NULL;
  if (stream != NULL)
    g_cancellable_cancel (stream);   /* closing the stream cancels on the app */
  fn_index = self->fn_index;
  g_mutex_unlock (&self->lock);

  if (fn_index < 0)
    return TRUE;

  /* also ask explicitly; for /call jobs the session is the event id */
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "session_hash");
  json_builder_add_string_value (b, event_id);
  json_builder_set_member_name (b, "fn_index");
  json_builder_add_int_value (b, fn_index);
  json_builder_set_member_name (b, "event_id");
  json_builder_add_string_value (b, event_id);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  url = _rushes_gradio_backend_app_url (self, "/cancel");
  if (!rushes_http_client_request_ok (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_IDEMPOTENT,
                                      cancellable, error))
    {
      /* the closed stream already did the job */
      if (had_stream)
        {
          g_clear_error (error);
          return TRUE;
        }
      return FALSE;
    }
  return TRUE;
}

static gboolean
gradio_fetch (RushesBackend            *backend,
              const char               *remote_id,
              const char               *result,
              const char               *dest_path,
              const RushesBackendCall  *call,
              GError                  **error)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  g_autofree char *origin = result ? rushes_http_url_get_origin (result) : NULL;
  GError *local = NULL;

  if (origin == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("Not a downloadable result"));
      return FALSE;
    }
  if (!_rushes_gradio_backend_ensure_token (self, call->cancellable, error))
    return FALSE;
  /* credentials (an HF token) only reach the app's own host: see rushes-http */
  if (!rushes_remote_download (self->http, result, dest_path, NULL, call, &local))
    {
      _rushes_gradio_backend_propagate (self, error, local);
      return FALSE;
    }
  return TRUE;
}

static char *
gradio_lookup (RushesBackend  *backend,
               const char     *job_id,
               GCancellable   *cancellable,
               GError        **error)
{
  /* Gradio keeps no list of jobs to search; event ids come from the server */
  return NULL;
}

static void
rushes_gradio_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = gradio_get_id;
  iface->get_kind = gradio_get_kind;
  iface->get_display_name = gradio_get_display_name;
  iface->is_remote = rushes_remote_is_remote;
  iface->get_capabilities = gradio_get_capabilities;
  iface->submit = gradio_submit;
  iface->poll = _rushes_gradio_backend_poll;
  iface->cancel = gradio_cancel;
  iface->fetch = gradio_fetch;
  iface->lookup = gradio_lookup;
  iface->discard = rushes_remote_discard;
}
