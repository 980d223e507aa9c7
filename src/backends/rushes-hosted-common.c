/* rushes-hosted-common.c: helpers shared by the Replicate and fal backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What their protocols have alike below the class (rushes-hosted-backend.c):
 * HTTP errors as backend errors, inputs compared, progress read from logs,
 * data: URIs and start images, result URLs checked, the keyring key cached
 * and scrubbed out of failures; and the kinds' registration (rushes-hosted.h).
 */
#define G_LOG_DOMAIN "rushes-hosted"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-core-private.h"
#include "rushes-http.h"
#include "rushes-hosted-backend.h"
#include "rushes-hosted-common.h"
#include "rushes-hosted.h"
#include "rushes-backend-registry.h"
#include "rushes-replicate-backend.h"
#include "rushes-fal-backend.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"

void
_rushes_hosted_propagate_http_error (GError     **dest,
                                     GError      *src,
                                     const char  *what)
{
  guint status;

  if (src == NULL)
    return;

  if (src->domain != RUSHES_HTTP_ERROR)
    {
      g_propagate_error (dest, src);
      return;
    }

  /* hosted APIs say more with their status than other servers: no credit
   * left (402), or an input the model refuses (400, 422) */
  status = rushes_http_error_get_status (src);
  if (src->code == RUSHES_HTTP_ERROR_STATUS && (status == 402 || status == 400 || status == 422))
    {
      g_set_error (dest, RUSHES_BACKEND_ERROR,
                   status == 402 ? RUSHES_BACKEND_ERROR_AUTH : RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   "%s: %s", what, src->message);
      g_error_free (src);
      return;
    }

  /* the rest as for every remote backend */
  rushes_remote_propagate_error (dest, src, what);
}

gboolean
_rushes_hosted_error_is_ambiguous (const GError *error)
{
  if (error == NULL || error->domain != RUSHES_HTTP_ERROR)
    return FALSE;

  switch (error->code)
    {
    case RUSHES_HTTP_ERROR_TIMEOUT:
    case RUSHES_HTTP_ERROR_CONNECT:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
      return TRUE;
    case RUSHES_HTTP_ERROR_STATUS:
      return rushes_http_error_get_status (error) >= 500;
    default:
      return FALSE;
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
nodes_match (JsonNode *want,
             JsonNode *have)
{
  if (have == NULL)
    return FALSE;

  if (node_is_number (want) && node_is_number (have))
    return fabs (json_node_get_double (want) - json_node_get_double (have)) < 1e-9;

  if (JSON_NODE_HOLDS_OBJECT (want) && JSON_NODE_HOLDS_OBJECT (have))
    return _rushes_hosted_input_matches (json_node_get_object (want), json_node_get_object (have));

  return json_node_equal (want, have);
}

gboolean
_rushes_hosted_input_matches (JsonObject *want,
                              JsonObject *have)
{
  g_autoptr(GList) members = NULL;

  if (want == NULL || have == NULL)
    return FALSE;

  members = json_object_get_members (want);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *w = json_object_get_member (want, l->data);

      if (JSON_NODE_HOLDS_VALUE (w) && json_node_get_value_type (w) == G_TYPE_STRING &&
          g_str_has_prefix (json_node_get_string (w), "data:"))
        continue;

      if (!nodes_match (w, json_object_get_member (have, l->data)))
        return FALSE;
    }

  return TRUE;
}

double
_rushes_hosted_parse_progress (const char *text)
{
  double result = -1;
  const char *p;

  if (text == NULL)
    return -1;

  /* tqdm bars: "45%|████      | 9/20"; step logs: "step 12/30" */
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '%' && p > text && g_ascii_isdigit (p[-1]))
        {
          const char *start = p;
          guint64 value;

          while (start > text && g_ascii_isdigit (start[-1]))
            start--;
          value = g_ascii_strtoull (start, NULL, 10);
          if (value <= 100)
            result = value / 100.0;
        }
      else if (*p == '/' && p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
        {
          const char *start = p;
          guint64 num, den;

          while (start > text && g_ascii_isdigit (start[-1]))
            start--;
          num = g_ascii_strtoull (start, NULL, 10);
          den = g_ascii_strtoull (p + 1, NULL, 10);
          if (den > 0 && num <= den)
            result = (double) num / den;
        }
    }

  return result;
}

gboolean
_rushes_hosted_write_data_uri (const char  *uri,
                               const char  *dest_path,
                               guint64      max_bytes,
                               GError     **error)
{
  const char *comma;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (!g_str_has_prefix (uri, "data:") || (comma = strchr (uri, ',')) == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The result is not a valid data URI"));
      return FALSE;
    }

  if (g_strstr_len (uri, comma - uri, ";base64") != NULL)
    {
      if (strlen (comma + 1) / 4 * 3 > max_bytes)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("The result is larger than allowed"));
          return FALSE;
        }
      data = g_base64_decode (comma + 1, &length);
    }
  else
    {
      char *unescaped = g_uri_unescape_string (comma + 1, NULL);

      if (unescaped == NULL)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("The result is not a valid data URI"));
          return FALSE;
        }
      length = strlen (unescaped);
      data = (guchar *) unescaped;
    }

  if (length == 0)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The result is empty"));
      return FALSE;
    }

  return _rushes_write_file_atomic (dest_path, (const char *) data, length, 0644, error);
}

char *
_rushes_hosted_image_mime_type (const char   *path,
                                const guint8 *data,
                                gsize         length)
{
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;

  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return g_strdup ("image/png");
  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return g_strdup ("image/jpeg");
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return g_strdup ("image/webp");
  if (length >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return g_strdup ("image/gif");

  type = g_content_type_guess (path, data, length, NULL);
  mime = type ? g_content_type_get_mime_type (type) : NULL;
  if (mime != NULL && g_str_has_prefix (mime, "image/"))
    return g_steal_pointer (&mime);
  return NULL;
}

char *
_rushes_hosted_file_to_data_uri (const char  *path,
                                 gsize        max_bytes,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *encoded = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (length > max_bytes)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The start image is too large (%zu bytes, at most %zu)"),
                   length, max_bytes);
      return NULL;
    }

  mime = _rushes_hosted_image_mime_type (path, (const guint8 *) contents, length);
  if (mime == NULL)
    {
      type = g_content_type_guess (path, (const guchar *) contents, length, NULL);
      mime = g_content_type_get_mime_type (type);
    }
  encoded = g_base64_encode ((const guchar *) contents, length);
  return g_strconcat ("data:", mime ? mime : "application/octet-stream", ";base64,", encoded, NULL);
}

gboolean
_rushes_hosted_check_result_url (const char  *url,
                                 gboolean     allow_http,
                                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The server named a result that is not a web address"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0 ||
      (allow_http && g_ascii_strcasecmp (scheme, "http") == 0))
    return TRUE;

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
               _("The server named a result with a forbidden scheme “%s”"), scheme);
  return FALSE;
}

void
rushes_hosted_register_kinds (void)
{
  if (!rushes_backend_registry_has_kind ("replicate"))
    rushes_backend_registry_register_kind ("replicate", rushes_replicate_backend_new_from_config);
  if (!rushes_backend_registry_has_kind ("fal"))
    rushes_backend_registry_register_kind ("fal", rushes_fal_backend_new_from_config);
}

char *
rushes_hosted_test_connection (gpointer       backend,
                               GCancellable  *cancellable,
                               GError       **error)
{
  if (RUSHES_IS_HOSTED_BACKEND (backend))
    return _rushes_hosted_backend_test (backend, cancellable, error);

  g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("Not a hosted backend"));
  return NULL;
}

static char *
replace_all (const char *text,
             const char *needle)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *hit;
  gsize len = strlen (needle);

  while ((hit = strstr (p, needle)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "[key hidden]");
      p = hit + len;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

void
_rushes_hosted_scrub_key (GError     **error,
                          char       **text,
                          const char  *backend_id,
                          const char  *key_env)
{
  g_auto(RushesSecretKey) key = NULL;
  gboolean have_error = error != NULL && *error != NULL;
  gboolean have_text = text != NULL && *text != NULL;

  if (!have_error && !have_text)
    return;

  key = rushes_secrets_get_key_sync (backend_id, key_env, NULL, NULL);
  /* very short "keys" would mangle ordinary words and are no real secret */
  if (key == NULL || strlen (key) < 8)
    return;

  if (have_error && strstr ((*error)->message, key) != NULL)
    {
      char *clean = replace_all ((*error)->message, key);

      g_free ((*error)->message);
      (*error)->message = clean;
    }
  if (have_text && strstr (*text, key) != NULL)
    {
      char *clean = replace_all (*text, key);

      rushes_secrets_free_key (*text);
      *text = clean;
    }
}

void
_rushes_hosted_scrub_propagate (GError     **dest,
                                GError      *src,
                                char       **text,
                                const char  *backend_id,
                                const char  *key_env)
{
  _rushes_hosted_scrub_key (&src, text, backend_id, key_env);
  if (src != NULL)
    g_propagate_error (dest, src);
}

int
_rushes_hosted_status_error_code (guint status)
{
  if (status == 401 || status == 403 || status == 402)
    return RUSHES_BACKEND_ERROR_AUTH;
  else if (status == 404 || status == 410)
    return RUSHES_BACKEND_ERROR_NOT_FOUND;
  else if (status == 400 || status == 422)
    return RUSHES_BACKEND_ERROR_UNSUPPORTED;
  else if (status == 429 || status >= 500)
    return RUSHES_BACKEND_ERROR_UNAVAILABLE;
  else
    return RUSHES_BACKEND_ERROR_FAILED;
}

gint64
_rushes_hosted_parse_time (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL)
    return G_MININT64;
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt ? g_date_time_to_unix (dt) : G_MININT64;
}

void
_rushes_hosted_key_cache_init (RushesHostedKeyCache *cache)
{
  g_mutex_init (&cache->lock);
  cache->key = NULL;
  cache->generation = 0;
}

void
_rushes_hosted_key_cache_clear (RushesHostedKeyCache *cache)
{
  g_clear_pointer (&cache->key, rushes_secrets_free_key);
  g_mutex_clear (&cache->lock);
}

char *
_rushes_hosted_key_cache_get (RushesHostedKeyCache  *cache,
                              const char            *backend_id,
                              const char            *key_env,
                              GCancellable          *cancellable,
                              GError               **error)
{
  guint generation = rushes_secrets_get_generation ();
  char *key = NULL;

  if (key_env != NULL && key_env[0] != '\0')
    return rushes_secrets_get_key_sync (backend_id, key_env, cancellable, error);

  g_mutex_lock (&cache->lock);
  if (cache->key != NULL && cache->generation == generation)
    key = g_strdup (cache->key);
  g_mutex_unlock (&cache->lock);
  if (key != NULL)
    return key;

  /* not under the lock: this may wait for the keyring */
  key = rushes_secrets_get_key_sync (backend_id, NULL, cancellable, error);
  if (key == NULL)
    return NULL;

  g_mutex_lock (&cache->lock);
  g_clear_pointer (&cache->key, rushes_secrets_free_key);
  cache->key = g_strdup (key);
  cache->generation = generation;
  g_mutex_unlock (&cache->lock);

  return key;
}

gboolean
_rushes_hosted_is_path_segment (const char *s,
                                gsize       len)
{
  if (len == 0 || len > 100)
    return FALSE;
  if (len <= 2 && s[0] == '.')
    return FALSE;   /* "." and ".." */
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
      return FALSE;
  return TRUE;
}

gboolean
_rushes_hosted_is_id (const char *id,
                      const char *allowed)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  return len > 0 && len <= 64 && strspn (id, allowed) == len;
}
