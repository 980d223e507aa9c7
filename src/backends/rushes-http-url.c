/* rushes-http-url.c: URL helpers and per-host credentials of the HTTP client
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A credential (a header with a secret) is bound to one origin (scheme, host,
 * port) or to "*.suffix" over https, and is attached to a request only when
 * the request's URL matches it. Every redirect hop is matched again
 * (rushes-http-call.c), so a credential never reaches another host.
 */
#define G_LOG_DOMAIN "rushes-http"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http-private.h"

/* ---- URLs ------------------------------------------------------------- */

static guint
default_port (const char *scheme)
{
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return 443;
  return 80;
}

gboolean
_rushes_http_parse_url (const char  *url,
                        char       **scheme,
                        char       **host,
                        guint       *port)
{
  g_autoptr(GUri) uri = NULL;
  const char *s;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    return FALSE;
  s = g_uri_get_scheme (uri);
  if (s == NULL
      || (g_ascii_strcasecmp (s, "http") != 0 && g_ascii_strcasecmp (s, "https") != 0))
    return FALSE;
  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  if (scheme)
    *scheme = g_ascii_strdown (s, -1);
  if (host)
    *host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (port)
    *port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : default_port (s);
  return TRUE;
}

char *
rushes_http_url_get_origin (const char *url)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port;

  if (!_rushes_http_parse_url (url, &scheme, &host, &port))
    return NULL;
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u", scheme, host, port);
  return g_strdup_printf ("%s://%s:%u", scheme, host, port);
}

char *
rushes_http_build_url (const char *base,
                       const char *path,
                       ...)
{
  GString *s = g_string_new (base);
  va_list ap;
  const char *key;
  gboolean first = TRUE;

  while (s->len > 0 && s->str[s->len - 1] == '/')
    g_string_truncate (s, s->len - 1);
  if (path != NULL)
    {
      if (*path != '/')
        g_string_append_c (s, '/');
      g_string_append (s, path);
    }
  first = strchr (s->str, '?') == NULL;

  va_start (ap, path);
  while ((key = va_arg (ap, const char *)) != NULL)
    {
      const char *value = va_arg (ap, const char *);
      g_autofree char *k = g_uri_escape_string (key, NULL, FALSE);
      g_autofree char *v = g_uri_escape_string (value ? value : "", NULL, FALSE);

      g_string_append_c (s, first ? '?' : '&');
      first = FALSE;
      g_string_append_printf (s, "%s=%s", k, v);
    }
  va_end (ap);

  return g_string_free (s, FALSE);
}

/* ---- credentials ---------------------------------------------------------- */

static gboolean
header_is_valid (const char *name,
                 const char *value)
{
  if (name == NULL || *name == '\0' || value == NULL)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-.^_`|~", *p) == NULL)
      return FALSE;
  for (const char *p = value; *p; p++)
    if (*p == '\r' || *p == '\n')
      return FALSE;
  return TRUE;
}

void
_rushes_http_credential_free (gpointer data)
{
  RushesHttpCredential *cred = data;

  g_free (cred->scheme);
  g_free (cred->host);
  if (cred->header != NULL)
    {
      memset (cred->header, 0, strlen (cred->header));
      g_free (cred->header);
    }
  g_free (cred);
}

static RushesHttpCredential *
credential_copy (const RushesHttpCredential *c)
{
  RushesHttpCredential *copy = g_new0 (RushesHttpCredential, 1);

  copy->scheme = g_strdup (c->scheme);
  copy->host = g_strdup (c->host);
  copy->port = c->port;
  copy->is_pattern = c->is_pattern;
  copy->header = g_strdup (c->header);
  return copy;
}

GPtrArray *
_rushes_http_credentials_copy (GPtrArray *credentials)
{
  GPtrArray *copy = g_ptr_array_new_full (credentials->len, _rushes_http_credential_free);

  for (guint i = 0; i < credentials->len; i++)
    g_ptr_array_add (copy, credential_copy (g_ptr_array_index (credentials, i)));
  return copy;
}

static RushesHttpCredential *
credential_new_for_url (const char  *url,
                        const char  *name,
                        const char  *value,
                        GError     **error)
{
  RushesHttpCredential *cred;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port;

  if (!_rushes_http_parse_url (url, &scheme, &host, &port))
    {
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_FAILED,
                   _("“%s” is not an http or https address"), url ? url : "");
      return NULL;
    }
  if (!header_is_valid (name, value))
    {
      g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_FAILED,
                   _("The header name or value is not valid"));
      return NULL;
    }

  cred = g_new0 (RushesHttpCredential, 1);
  cred->scheme = g_steal_pointer (&scheme);
  cred->host = g_steal_pointer (&host);
  cred->port = port;
  cred->header = g_strdup_printf ("%s: %s", name, value);
  return cred;
}

static gboolean
credential_matches (const RushesHttpCredential *cred,
                    const char                 *scheme,
                    const char                 *host,
                    guint                       port)
{
  if (cred->is_pattern)
    {
      gsize hl = strlen (host), sl = strlen (cred->host);

      if (strcmp (scheme, "https") != 0)
        return FALSE;
      if (strcmp (host, cred->host) == 0)
        return TRUE;
      return hl > sl + 1
             && host[hl - sl - 1] == '.'
             && strcmp (host + hl - sl, cred->host) == 0;
    }

  return strcmp (scheme, cred->scheme) == 0
         && strcmp (host, cred->host) == 0
         && port == cred->port;
}

/* The headers of every credential that matches url. */
struct curl_slist *
_rushes_http_credentials_append (GPtrArray         *credentials,
                                 const char        *url,
                                 struct curl_slist *headers)
{
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  guint port = 0;

  if (!_rushes_http_parse_url (url, &scheme, &host, &port))
    return headers;
  for (guint i = 0; i < credentials->len; i++)
    {
      const RushesHttpCredential *cred = g_ptr_array_index (credentials, i);

      if (credential_matches (cred, scheme, host, port))
        headers = curl_slist_append (headers, cred->header);
    }
  return headers;
}

gboolean
rushes_http_client_add_credential_for_url (RushesHttpClient  *self,
                                           const char        *url,
                                           const char        *header_name,
                                           const char        *header_value,
                                           GError           **error)
{
  RushesHttpCredential *cred;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  cred = credential_new_for_url (url, header_name, header_value, error);
  if (cred == NULL)
    return FALSE;

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->config.credentials, cred);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
rushes_http_client_add_credential (RushesHttpClient *self,
                                   const char       *host_pattern,
                                   const char       *header_name,
                                   const char       *header_value)
{
  RushesHttpCredential *cred;

  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));
  g_return_if_fail (host_pattern != NULL && *host_pattern != '\0');
  g_return_if_fail (header_is_valid (header_name, header_value));

  if (g_str_has_prefix (host_pattern, "*."))
    {
      cred = g_new0 (RushesHttpCredential, 1);
      cred->is_pattern = TRUE;
      cred->host = g_ascii_strdown (host_pattern + 2, -1);
      cred->header = g_strdup_printf ("%s: %s", header_name, header_value);
    }
  else
    {
      g_autofree char *url = g_strconcat ("https://", host_pattern, "/", NULL);

      cred = credential_new_for_url (url, header_name, header_value, NULL);
      g_return_if_fail (cred != NULL);
    }

  g_mutex_lock (&self->lock);
  g_ptr_array_add (self->config.credentials, cred);
  g_mutex_unlock (&self->lock);
}

gboolean
rushes_http_client_set_extra_header (RushesHttpClient  *self,
                                     const char        *base_url,
                                     const char        *header_name,
                                     const char        *header_value,
                                     GError           **error)
{
  RushesHttpCredential *cred = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  if (header_name != NULL && *header_name != '\0')
    {
      cred = credential_new_for_url (base_url, header_name,
                                     header_value ? header_value : "", error);
      if (cred == NULL)
        return FALSE;
    }

  g_mutex_lock (&self->lock);
  if (self->extra != NULL)
    g_ptr_array_remove (self->config.credentials, self->extra);
  self->extra = cred;
  if (cred != NULL)
    g_ptr_array_add (self->config.credentials, cred);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

void
rushes_http_client_clear_credentials (RushesHttpClient *self)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  g_ptr_array_set_size (self->config.credentials, 0);
  self->extra = NULL;
  g_mutex_unlock (&self->lock);
}
