/* rushes-gradio-backend.c: Gradio apps (local demo apps, Hugging Face Spaces)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the RushesBackend methods run on worker threads. `lock` guards the
 * discovered endpoint, the input map, `results` (finished jobs, since an
 * event can be read only once) and `streams` (the GCancellable of each open
 * event stream, so cancel can close it from another thread).
 */
#define G_LOG_DOMAIN "rushes-gradio"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-gradio-backend.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"
#include "rushes-sse.h"

struct _RushesGradioBackend
{
  GObject parent_instance;

  char *id;
  char *display_name;
  char *base_url;
  RushesHttpClient *http;
  guint concurrency;
  char *key_env;          /* HF token: variable name, else the keyring */
  char *token;            /* in memory only */
  char *token_header;
  gboolean token_loaded;
  gboolean token_manual;  /* set through the API: the secrets are not asked */
  guint token_generation; /* rushes_secrets_get_generation () when loaded */
  GMutex token_lock;      /* the token fields above */

  GMutex lock;
  gboolean discovered;
  char *version;
  char *api_prefix;       /* "" or "/gradio_api" */
  char *api_name;         /* "/generate": configured or chosen */
  gint64 fn_index;        /* -1 unknown */
  JsonArray *parameters;  /* of the chosen endpoint */
  GHashTable *input_map;  /* recipe field → parameter_name */
  RushesFields fields;
  GHashTable *results;    /* remote id → GStrv */
  GHashTable *streams;    /* remote id → GCancellable */
};

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
  if (self->token != NULL)
    {
      memset (self->token, 0, strlen (self->token));
      g_free (self->token);
    }
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

/* token_lock held */
static void
apply_token (RushesGradioBackend *self,
             const char          *token,
             const char          *header_name)
{
  char *copy = token != NULL && *token != '\0' ? g_strdup (token) : NULL;

  rushes_http_client_clear_credentials (self->http);
  self->token_loaded = TRUE;
  if (self->token != NULL)
    {
      memset (self->token, 0, strlen (self->token));
      g_free (self->token);
    }
  self->token = copy;
  if (header_name != NULL && header_name != self->token_header)
    {
      g_free (self->token_header);
      self->token_header = g_strdup (header_name);
    }
  if (copy != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", copy, NULL);

      rushes_http_client_add_credential_for_url (self->http, self->base_url,
                                                 self->token_header ? self->token_header : "Authorization",
                                                 value, NULL);
      memset (value, 0, strlen (value));
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
  apply_token (self, token, header_name);
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
static gboolean
ensure_token (RushesGradioBackend  *self,
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
        apply_token (self, NULL, self->token_header);   /* removed from the keyring */
    }
  else if (g_strcmp0 (key, self->token) != 0)
    apply_token (self, key, self->token_header);
  self->token_loaded = TRUE;
  self->token_generation = generation;
  g_mutex_unlock (&self->token_lock);
  rushes_secrets_free_key (key);
  return TRUE;
}

/* ---- discovery ---------------------------------------------------------------- */

static char *
param_name (JsonObject *param)
{
  const char *name = json_object_get_string_member_with_default (param, "parameter_name", NULL);
  const char *label = json_object_get_string_member_with_default (param, "label", NULL);

  if (name != NULL && *name != '\0')
    return g_ascii_strdown (name, -1);
  if (label != NULL)
    {
      char *lower = g_ascii_strdown (label, -1);
      g_strdelimit (lower, " -", '_');
      return lower;
    }
  return g_strdup ("");
}

/* Which recipe field a parameter takes, by its name (NULL: none). */
static const char *
guess_field (JsonObject *param)
{
  g_autofree char *name = param_name (param);
  const char *component = json_object_get_string_member_with_default (param, "component", "");

  if (strstr (name, "negative") != NULL)
    return "negative_prompt";
  if (strstr (name, "random") != NULL)
    return "randomize_seed";
  if (strstr (name, "prompt") != NULL || strcmp (name, "text") == 0)
    return "prompt";
  if (strstr (name, "seed") != NULL)
    return "seed";
  if (strcmp (name, "width") == 0)
    return "width";
  if (strcmp (name, "height") == 0)
    return "height";
  if (strstr (name, "num_frames") != NULL || strcmp (name, "frames") == 0
      || strcmp (name, "video_length") == 0 || strcmp (name, "length") == 0)
    return "frames";
  if (strstr (name, "duration") != NULL || strstr (name, "seconds") != NULL)
    return "seconds";
  if (strstr (name, "fps") != NULL || strstr (name, "frame_rate") != NULL)
    return "fps";
  if (strstr (name, "steps") != NULL)
    return "steps";
  if (strstr (name, "guidance") != NULL || strstr (name, "cfg") != NULL)
    return "guidance";
  if (g_ascii_strcasecmp (component, "Image") == 0 || strstr (name, "image") != NULL)
    return "start_image";
  return NULL;
}

/* Field for a parameter: explicit map first (lock held). */
static const char *
field_for_param_locked (RushesGradioBackend *self,
                        JsonObject          *param)
{
  g_autofree char *name = param_name (param);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->input_map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (value, name) == 0)
      return key;
  if (g_hash_table_size (self->input_map) > 0
      && g_hash_table_contains (self->input_map, "prompt"))
    return NULL;   /* an explicit map replaces the guesses */
  return guess_field (param);
}

static gboolean
returns_video (JsonObject *endpoint)
{
  JsonNode *returns = json_object_get_member (endpoint, "returns");
  JsonArray *arr;

  if (returns == NULL || !JSON_NODE_HOLDS_ARRAY (returns))
    return FALSE;
  arr = json_node_get_array (returns);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *r = json_array_get_element (arr, i);
      if (JSON_NODE_HOLDS_OBJECT (r)
          && g_ascii_strcasecmp (json_object_get_string_member_with_default (json_node_get_object (r), "component", ""),
                                 "Video") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
propagate (RushesGradioBackend  *self,
           GError              **dest,
           GError               *src)
{
  g_autofree char *where = rushes_remote_describe_url (self->base_url);
  g_autofree char *prefix = g_strdup_printf (_("Gradio app at %s"), where);

  rushes_remote_propagate_error (dest, src, prefix);
}

static RushesFields
fields_from_params_locked (RushesGradioBackend *self)
{
  RushesFields fields = RUSHES_FIELD_NONE;

  for (guint i = 0; self->parameters && i < json_array_get_length (self->parameters); i++)
    {
      JsonNode *p = json_array_get_element (self->parameters, i);
      const char *field = JSON_NODE_HOLDS_OBJECT (p) ? field_for_param_locked (self, json_node_get_object (p)) : NULL;

      if (field == NULL)
        continue;
      if (strcmp (field, "negative_prompt") == 0)
        fields |= RUSHES_FIELD_NEGATIVE_PROMPT;
      else if (strcmp (field, "seed") == 0)
        fields |= RUSHES_FIELD_SEED;
      else if (strcmp (field, "width") == 0 || strcmp (field, "height") == 0)
        fields |= RUSHES_FIELD_SIZE;
      else if (strcmp (field, "frames") == 0 || strcmp (field, "seconds") == 0)
        fields |= RUSHES_FIELD_SECONDS;
      else if (strcmp (field, "fps") == 0)
        fields |= RUSHES_FIELD_FPS;
      else if (strcmp (field, "steps") == 0)
        fields |= RUSHES_FIELD_STEPS;
      else if (strcmp (field, "guidance") == 0)
        fields |= RUSHES_FIELD_GUIDANCE;
      else if (strcmp (field, "start_image") == 0)
        fields |= RUSHES_FIELD_START_IMAGE;
    }
  return fields;
}

JsonObject *
rushes_gradio_backend_discover (RushesGradioBackend  *self,
                                GCancellable         *cancellable,
                                GError              **error)
{
  g_autofree char *config_url = NULL;
  g_autofree char *info_url = NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(GList) names = NULL;
  g_autoptr(JsonObject) result = json_object_new ();
  JsonArray *endpoints = json_array_new ();
  JsonArray *params_out = json_array_new ();
  JsonArray *unmapped = json_array_new ();
  JsonObject *cfg, *named;
  const char *prefix, *version, *chosen = NULL;
  JsonObject *endpoint = NULL;
  GError *local = NULL;
  gint64 fn_index = -1;

  g_return_val_if_fail (RUSHES_IS_GRADIO_BACKEND (self), NULL);

  json_object_set_array_member (result, "endpoints", endpoints);
  json_object_set_array_member (result, "parameters", params_out);
  json_object_set_array_member (result, "unmapped", unmapped);

  if (!ensure_token (self, cancellable, error))
    return NULL;

  config_url = rushes_http_build_url (self->base_url, "/config", NULL);
  config = rushes_http_client_get_json (self->http, config_url, cancellable, &local);
  if (config == NULL && g_error_matches (local, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_AUTH)
      && self->token != NULL && self->token_header == NULL)
    {
      /* the guide sends "Authorization"; the official client nowadays
       * "X-HF-Authorization": try the other one once */
      g_clear_error (&local);
      g_mutex_lock (&self->token_lock);
      if (self->token != NULL)
        {
          g_autofree char *token = g_strdup (self->token);

          apply_token (self, token, "X-HF-Authorization");
          memset (token, 0, strlen (token));
        }
      g_mutex_unlock (&self->token_lock);
      config = rushes_http_client_get_json (self->http, config_url, cancellable, &local);
    }
  if (config == NULL)
    {
      propagate (self, error, local);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("%s does not answer like a Gradio app"), self->base_url);
      return NULL;
    }
  cfg = json_node_get_object (config);
  prefix = json_object_get_string_member_with_default (cfg, "api_prefix", "");
  version = json_object_get_string_member_with_default (cfg, "version", "");
  if (prefix == NULL || (*prefix != '\0' && (*prefix != '/' || strstr (prefix, "..") != NULL
                                             || strchr (prefix, '?') != NULL)))
    prefix = "";

  info_url = g_strconcat (self->base_url, prefix, "/info", NULL);
  info = rushes_http_client_get_json (self->http, info_url, cancellable, &local);
  if (info == NULL)
    {
      propagate (self, error, local);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (info)
      || !json_object_has_member (json_node_get_object (info), "named_endpoints")
      || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (info), "named_endpoints")))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The Gradio app’s API description is not understood"));
      return NULL;
    }
  named = json_object_get_object_member (json_node_get_object (info), "named_endpoints");

  g_mutex_lock (&self->lock);
  wanted = g_strdup (self->api_name);
  g_mutex_unlock (&self->lock);

  names = json_object_get_members (named);
  for (GList *l = names; l; l = l->next)
    {
      JsonNode *e = json_object_get_member (named, l->data);

      json_array_add_string_element (endpoints, l->data);
      if (!JSON_NODE_HOLDS_OBJECT (e) || chosen != NULL)
        continue;
      if ((wanted != NULL && strcmp (l->data, wanted) == 0)
          || (wanted == NULL && returns_video (json_node_get_object (e))))
        {
          chosen = l->data;
          endpoint = json_node_get_object (e);
        }
    }

  if (endpoint == NULL)
    {
      if (wanted != NULL)
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                     _("The Gradio app has no endpoint “%s”"), wanted);
      else
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                     _("The Gradio app offers no endpoint that returns a video; choose one by its api_name"));
      return NULL;
    }

  /* fn_index for /cancel: dependencies[].api_name has no leading slash */
  if (json_object_has_member (cfg, "dependencies") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (cfg, "dependencies")))
    {
      JsonArray *deps = json_object_get_array_member (cfg, "dependencies");

      for (guint i = 0; i < json_array_get_length (deps); i++)
        {
          JsonNode *d = json_array_get_element (deps, i);
          JsonNode *an;

          if (!JSON_NODE_HOLDS_OBJECT (d))
            continue;
          an = json_object_get_member (json_node_get_object (d), "api_name");
          if (an != NULL && JSON_NODE_HOLDS_VALUE (an) && json_node_get_value_type (an) == G_TYPE_STRING
              && strcmp (json_node_get_string (an), chosen + 1) == 0)
            {
              fn_index = json_object_get_int_member_with_default (json_node_get_object (d), "id", i);
              break;
            }
        }
    }

  g_mutex_lock (&self->lock);
  g_free (self->version);
  self->version = g_strdup (version);
  g_free (self->api_prefix);
  self->api_prefix = g_strdup (prefix);
  g_free (self->api_name);
  self->api_name = g_strdup (chosen);
  self->fn_index = fn_index;
  g_clear_pointer (&self->parameters, json_array_unref);
  if (json_object_has_member (endpoint, "parameters") && JSON_NODE_HOLDS_ARRAY (json_object_get_member (endpoint, "parameters")))
    self->parameters = json_array_ref (json_object_get_array_member (endpoint, "parameters"));
  else
    self->parameters = json_array_new ();
  self->fields = fields_from_params_locked (self);
  self->discovered = TRUE;

  for (guint i = 0; i < json_array_get_length (self->parameters); i++)
    {
      JsonNode *p = json_array_get_element (self->parameters, i);
      g_autofree char *name = JSON_NODE_HOLDS_OBJECT (p) ? param_name (json_node_get_object (p)) : g_strdup ("");

      json_array_add_string_element (params_out, name);
      if (!JSON_NODE_HOLDS_OBJECT (p) || field_for_param_locked (self, json_node_get_object (p)) == NULL)
        json_array_add_string_element (unmapped, name);
    }
  g_mutex_unlock (&self->lock);

  json_object_set_string_member (result, "version", version);
  json_object_set_string_member (result, "api_prefix", prefix);
  json_object_set_string_member (result, "api_name", chosen);
  return g_steal_pointer (&result);
}

static gboolean
ensure_discovered (RushesGradioBackend  *self,
                   GCancellable         *cancellable,
                   GError              **error)
{
  gboolean done;
  JsonObject *info;

  /* a key stored or cleared since: the next request uses it */
  if (!ensure_token (self, cancellable, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  done = self->discovered;
  g_mutex_unlock (&self->lock);
  if (done)
    return TRUE;

  info = rushes_gradio_backend_discover (self, cancellable, error);
  if (info == NULL)
    return FALSE;
  json_object_unref (info);
  return TRUE;
}

/* <base><prefix><path> */
static char *
app_url (RushesGradioBackend *self,
         const char          *path)
{
  g_autofree char *prefix = NULL;

  g_mutex_lock (&self->lock);
  prefix = g_strdup (self->api_prefix ? self->api_prefix : "");
  g_mutex_unlock (&self->lock);
  return g_strconcat (self->base_url, prefix, path, NULL);
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

static gboolean
gradio_is_remote (RushesBackend *backend)
{
  return TRUE;
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
  g_autofree char *url = app_url (self, "/upload");
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
      propagate (self, error, local);
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

  if (!ensure_discovered (self, call->cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  params = json_array_ref (self->parameters);
  api_name = g_strdup (self->api_name);
  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      JsonNode *p = json_array_get_element (params, i);
      g_ptr_array_add (fields, (gpointer) (JSON_NODE_HOLDS_OBJECT (p) ? field_for_param_locked (self, json_node_get_object (p)) : NULL));
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
  url = app_url (self, path);
  /* not idempotent: each POST starts a new generation */
  answer = rushes_http_client_request_json (self->http, "POST", url, body, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL)
    {
      propagate (self, error, local);
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
split_remote_id (const char  *remote_id,
                 char       **event_id,
                 char       **api_name)
{
  const char *colon = remote_id ? strchr (remote_id, ':') : NULL;

  if (colon == NULL || colon == remote_id || colon[1] != '/')
    return FALSE;
  *event_id = g_strndup (remote_id, colon - remote_id);
  *api_name = g_strdup (colon + 1);
  return TRUE;
}

typedef struct
{
  RushesGradioBackend *self;
  RushesSseParser *parser;
  RushesProgressFunc progress;
  gpointer progress_data;
  gboolean done;
  gboolean failed;
  gboolean overflow;
  char *error_text;
  JsonNode *output;
} StreamState;

static gboolean
sse_event_cb (const char *event,
              const char *data,
              gpointer    user_data)
{
  StreamState *st = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (strcmp (event, "heartbeat") == 0 || strcmp (event, "generating") == 0)
    {
      if (st->progress)
        st->progress (-1, strcmp (event, "generating") == 0 ? _("Generating") : _("Running on the app"),
                      st->progress_data);
      return TRUE;
    }

  if (strcmp (event, "complete") == 0)
    {
      st->done = TRUE;
      if (json_parser_load_from_data (parser, data, -1, NULL))
        st->output = json_node_copy (json_parser_get_root (parser));
      else
        {
          st->failed = TRUE;
          st->error_text = g_strdup (_("The Gradio app’s result is not valid JSON"));
        }
      return FALSE;
    }

  if (strcmp (event, "error") == 0)
    {
      JsonNode *root;

      st->done = TRUE;
      st->failed = TRUE;
      if (json_parser_load_from_data (parser, data, -1, NULL)
          && (root = json_parser_get_root (parser)) != NULL)
        {
          if (JSON_NODE_HOLDS_OBJECT (root))
            {
              JsonNode *e = json_object_get_member (json_node_get_object (root), "error");
              if (e != NULL && JSON_NODE_HOLDS_VALUE (e) && json_node_get_value_type (e) == G_TYPE_STRING)
                st->error_text = g_strdup_printf (_("The app reported an error: %s"), json_node_get_string (e));
            }
          else if (JSON_NODE_HOLDS_VALUE (root) && json_node_get_value_type (root) == G_TYPE_STRING)
            st->error_text = g_strdup_printf (_("The app reported an error: %s"), json_node_get_string (root));
        }
      if (st->error_text == NULL)
        st->error_text = g_strdup (_("The app failed without saying why (its error messages are hidden)"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
stream_chunk_cb (const char *data,
                 gsize       length,
                 gpointer    user_data)
{
  StreamState *st = user_data;

  return rushes_sse_parser_feed (st->parser, data, length, &st->overflow);
}

static gboolean
is_video_filedata (JsonObject *fd)
{
  const char *mime = json_object_get_string_member_with_default (fd, "mime_type", NULL);
  const char *names[] = {
    json_object_get_string_member_with_default (fd, "orig_name", NULL),
    json_object_get_string_member_with_default (fd, "path", NULL),
    json_object_get_string_member_with_default (fd, "url", NULL),
  };

  if (mime != NULL && g_str_has_prefix (mime, "video/"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lower = names[i] ? g_ascii_strdown (names[i], -1) : NULL;
      if (lower != NULL
          && (g_str_has_suffix (lower, ".mp4") || g_str_has_suffix (lower, ".webm")
              || g_str_has_suffix (lower, ".mov") || g_str_has_suffix (lower, ".mkv")
              || g_str_has_suffix (lower, ".gif")))
        return TRUE;
    }
  return FALSE;
}

/* FileData objects among the outputs (one level of lists, 4.x/5.x wrapper). */
static void
collect_filedata (JsonNode  *node,
                  GPtrArray *out,
                  guint      depth)
{
  if (node == NULL || depth > 3)
    return;
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (arr); i++)
        collect_filedata (json_array_get_element (arr, i), out, depth + 1);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);

      if (json_object_has_member (o, "video"))
        collect_filedata (json_object_get_member (o, "video"), out, depth + 1);
      else if (json_object_has_member (o, "url") || json_object_has_member (o, "path"))
        g_ptr_array_add (out, o);
    }
}

static gboolean
path_has_dotdot (const char *path)
{
  g_auto(GStrv) parts = g_strsplit_set (path, "/\\", -1);

  for (guint i = 0; parts[i]; i++)
    if (strcmp (parts[i], "..") == 0)
      return TRUE;
  return FALSE;
}

/* Download URL for one FileData, or NULL when unusable/unsafe. */
static char *
filedata_url (RushesGradioBackend *self,
              JsonObject          *fd,
              gboolean            *unsafe)
{
  const char *url = json_object_get_string_member_with_default (fd, "url", NULL);
  const char *path = json_object_get_string_member_with_default (fd, "path", NULL);
  const char *orig = json_object_get_string_member_with_default (fd, "orig_name", NULL);
  g_autofree char *origin = url ? rushes_http_url_get_origin (url) : NULL;

  if ((orig != NULL && !rushes_remote_is_safe_filename (orig))
      || (path != NULL && path_has_dotdot (path)))
    {
      *unsafe = TRUE;
      return NULL;
    }
  /* the URL the app gives, unless it is not usable from here */
  if (origin != NULL && strstr (origin, "://0.0.0.0:") == NULL)
    return g_strdup (url);
  if (path != NULL && *path != '\0')
    {
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *rel = g_strconcat ("/file=", escaped, NULL);
      return app_url (self, rel);
    }
  return NULL;
}

static void
cancel_other_cb (GCancellable *cancellable,
                 gpointer      other)
{
  g_cancellable_cancel (other);
}

static gboolean
gradio_poll (RushesBackend            *backend,
             const char               *remote_id,
             RushesRemoteStatus       *status,
             const RushesBackendCall  *call,
             GError                  **error)
{
  RushesGradioBackend *self = RUSHES_GRADIO_BACKEND (backend);
  g_autofree char *event_id = NULL;
  g_autofree char *api_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GCancellable) own = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = NULL;
  StreamState st = { 0 };
  GError *local = NULL;
  gulong handler = 0;
  gboolean ok, closed_by_cancel;
  guint n_unsafe = 0, n = 0;
  GStrv cached;

  status->progress = -1;
  status->eta_seconds = -1;

  if (!split_remote_id (remote_id, &event_id, &api_name))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
                   _("“%s” is not a Gradio job id"), remote_id ? remote_id : "");
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  cached = g_hash_table_lookup (self->results, remote_id);
  if (cached != NULL)
    {
      status->state = RUSHES_REMOTE_SUCCEEDED;
      status->progress = 1.0;
      status->results = g_strdupv (cached);
      g_mutex_unlock (&self->lock);
      return TRUE;
    }
  own = g_cancellable_new ();
  g_hash_table_replace (self->streams, g_strdup (remote_id), g_object_ref (own));
  g_mutex_unlock (&self->lock);

  if (!ensure_discovered (self, call->cancellable, &local))
    {
      g_mutex_lock (&self->lock);
      g_hash_table_remove (self->streams, remote_id);
      g_mutex_unlock (&self->lock);
      g_propagate_error (error, local);
      return FALSE;
    }

  if (call->cancellable != NULL)
    handler = g_cancellable_connect (call->cancellable, G_CALLBACK (cancel_other_cb), own, NULL);

  st.self = self;
  st.progress = call->progress;
  st.progress_data = call->progress_data;
  st.parser = rushes_sse_parser_new (sse_event_cb, &st, 64 * 1024 * 1024);
  path = g_strdup_printf ("/call%s/%s", api_name, event_id);
  url = app_url (self, path);
  if (call->progress)
    call->progress (-1, _("Waiting for the app"), call->progress_data);

  /* exactly one GET per event: closing it early cancels the job */
  ok = rushes_http_client_stream (self->http, url, "text/event-stream", stream_chunk_cb, &st, own, &local);

  if (handler != 0)
    g_cancellable_disconnect (call->cancellable, handler);
  closed_by_cancel = g_cancellable_is_cancelled (own) && !g_cancellable_is_cancelled (call->cancellable);
  rushes_sse_parser_free (st.parser);
  g_mutex_lock (&self->lock);
  g_hash_table_remove (self->streams, remote_id);
  g_mutex_unlock (&self->lock);

  if (g_cancellable_is_cancelled (call->cancellable))
    {
      g_clear_error (&local);
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return FALSE;
    }
  if (closed_by_cancel)
    {
      g_clear_error (&local);
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      status->state = RUSHES_REMOTE_CANCELLED;
      status->status = g_strdup (_("Stopped"));
      return TRUE;
    }
  if (!ok)
    {
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      propagate (self, error, local);
      return FALSE;
    }
  if (st.overflow)
    {
      g_clear_pointer (&st.output, json_node_unref);
      g_free (st.error_text);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("The Gradio app sent an event that is too large"));
      return FALSE;
    }
  if (!st.done)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup (_("The Gradio app closed the connection without a result"));
      return TRUE;
    }
  if (st.failed)
    {
      g_clear_pointer (&st.output, json_node_unref);
      status->state = RUSHES_REMOTE_FAILED;
      status->error = st.error_text;
      return TRUE;
    }

  collect_filedata (st.output, files, 0);
  builder = g_strv_builder_new ();
  for (guint pass = 0; pass < 2 && n == 0; pass++)
    for (guint i = 0; i < files->len; i++)
      {
        JsonObject *fd = g_ptr_array_index (files, i);
        gboolean unsafe = FALSE;
        g_autofree char *file_url = NULL;

        /* videos first; any file when the app returns no video type */
        if (pass == 0 && !is_video_filedata (fd))
          continue;
        file_url = filedata_url (self, fd, &unsafe);
        if (unsafe && pass == 0)
          n_unsafe++;
        if (file_url == NULL)
          continue;
        g_strv_builder_add (builder, file_url);
        n++;
      }
  json_node_unref (st.output);

  if (n == 0)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup (n_unsafe > 0
                                ? _("The app reported a result file with an unsafe name; it was not downloaded")
                                : _("The app finished without returning a video file"));
      return TRUE;
    }

  status->state = RUSHES_REMOTE_SUCCEEDED;
  status->progress = 1.0;
  status->results = g_strv_builder_end (builder);
  g_mutex_lock (&self->lock);
  g_hash_table_replace (self->results, g_strdup (remote_id), g_strdupv (status->results));
  g_mutex_unlock (&self->lock);
  return TRUE;
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

  if (!split_remote_id (remote_id, &event_id, &api_name))
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
  url = app_url (self, "/cancel");
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
  RushesRemoteDownloadProgress fp = { call->progress, call->progress_data, NULL };
  GError *local = NULL;

  if (origin == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("Not a downloadable result"));
      return FALSE;
    }
  if (!ensure_token (self, call->cancellable, error))
    return FALSE;
  /* credentials (an HF token) only reach the app's own host: see rushes-http */
  if (!rushes_http_client_download (self->http, result, dest_path, rushes_remote_download_progress_cb, &fp,
                                    call->cancellable, &local))
    {
      propagate (self, error, local);
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
  iface->is_remote = gradio_is_remote;
  iface->get_capabilities = gradio_get_capabilities;
  iface->submit = gradio_submit;
  iface->poll = gradio_poll;
  iface->cancel = gradio_cancel;
  iface->fetch = gradio_fetch;
  iface->lookup = gradio_lookup;
  iface->discard = rushes_remote_discard;
}
