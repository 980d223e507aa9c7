/* rushes-gradio-discovery.c: what a Gradio app offers: GET /config (version,
 * API prefix, dependencies for fn_index) and <prefix>/info (named endpoints
 * and their parameters); which endpoint to call and which recipe field each
 * of its parameters takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-gradio"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-gradio-backend-private.h"
#include "rushes-remote-util.h"

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

/* explicit map first */
const char *
_rushes_gradio_backend_field_for_param_locked (RushesGradioBackend *self,
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

static RushesFields
fields_from_params_locked (RushesGradioBackend *self)
{
  RushesFields fields = RUSHES_FIELD_NONE;

  for (guint i = 0; self->parameters && i < json_array_get_length (self->parameters); i++)
    {
      JsonNode *p = json_array_get_element (self->parameters, i);
      const char *field = JSON_NODE_HOLDS_OBJECT (p) ? _rushes_gradio_backend_field_for_param_locked (self, json_node_get_object (p)) : NULL;

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

  if (!_rushes_gradio_backend_ensure_token (self, cancellable, error))
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
          char *token = g_strdup (self->token);

          _rushes_gradio_backend_apply_token (self, token, "X-HF-Authorization");
          rushes_remote_wipe_free (token);
        }
      g_mutex_unlock (&self->token_lock);
      config = rushes_http_client_get_json (self->http, config_url, cancellable, &local);
    }
  if (config == NULL)
    {
      _rushes_gradio_backend_propagate (self, error, local);
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
      _rushes_gradio_backend_propagate (self, error, local);
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
      if (!JSON_NODE_HOLDS_OBJECT (p) || _rushes_gradio_backend_field_for_param_locked (self, json_node_get_object (p)) == NULL)
        json_array_add_string_element (unmapped, name);
    }
  g_mutex_unlock (&self->lock);

  json_object_set_string_member (result, "version", version);
  json_object_set_string_member (result, "api_prefix", prefix);
  json_object_set_string_member (result, "api_name", chosen);
  return g_steal_pointer (&result);
}

gboolean
_rushes_gradio_backend_ensure_discovered (RushesGradioBackend  *self,
                                          GCancellable         *cancellable,
                                          GError              **error)
{
  gboolean done;
  JsonObject *info;

  /* a key stored or cleared since: the next request uses it */
  if (!_rushes_gradio_backend_ensure_token (self, cancellable, error))
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

char *
_rushes_gradio_backend_app_url (RushesGradioBackend *self,
                                const char          *path)
{
  g_autofree char *prefix = NULL;

  g_mutex_lock (&self->lock);
  prefix = g_strdup (self->api_prefix ? self->api_prefix : "");
  g_mutex_unlock (&self->lock);
  return g_strconcat (self->base_url, prefix, path, NULL);
}
