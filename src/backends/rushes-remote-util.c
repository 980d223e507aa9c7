/* rushes-remote-util.c: helpers shared by the remote backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-remote"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-backend-registry.h"
#include "rushes-comfyui-backend.h"
#include "rushes-gradio-backend.h"
#include "rushes-http.h"
#include "rushes-remote-util.h"

RushesBackendError
rushes_remote_http_error_code (const GError *error)
{
  if (error == NULL || error->domain != RUSHES_HTTP_ERROR)
    return RUSHES_BACKEND_ERROR_FAILED;

  switch ((RushesHttpError) error->code)
    {
    case RUSHES_HTTP_ERROR_CONNECT:
    case RUSHES_HTTP_ERROR_TIMEOUT:
    case RUSHES_HTTP_ERROR_TLS:
    case RUSHES_HTTP_ERROR_RATE_LIMITED:
      return RUSHES_BACKEND_ERROR_UNAVAILABLE;
    case RUSHES_HTTP_ERROR_AUTH:
      return RUSHES_BACKEND_ERROR_AUTH;
    case RUSHES_HTTP_ERROR_NOT_FOUND:
      return RUSHES_BACKEND_ERROR_NOT_FOUND;
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
    case RUSHES_HTTP_ERROR_TOO_LARGE:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_REDIRECT:
      return RUSHES_BACKEND_ERROR_PROTOCOL;
    case RUSHES_HTTP_ERROR_STATUS:
      return rushes_http_error_get_status (error) >= 500
             ? RUSHES_BACKEND_ERROR_UNAVAILABLE : RUSHES_BACKEND_ERROR_FAILED;
    case RUSHES_HTTP_ERROR_FAILED:
    case RUSHES_HTTP_ERROR_IO:
    default:
      return RUSHES_BACKEND_ERROR_FAILED;
    }
}

/* "Test connection" on this thread: the HTTP error behind the backend's */
static GPrivate recording = G_PRIVATE_INIT (NULL);
static GPrivate recorded_cause = G_PRIVATE_INIT ((GDestroyNotify) g_error_free);

void
rushes_remote_propagate_error (GError     **dest,
                               GError      *src,
                               const char  *prefix)
{
  RushesBackendError code;

  if (src == NULL)
    return;

  if (g_error_matches (src, G_IO_ERROR, G_IO_ERROR_CANCELLED) || src->domain == RUSHES_BACKEND_ERROR)
    {
      if (prefix != NULL && src->domain == RUSHES_BACKEND_ERROR)
        g_prefix_error (&src, "%s: ", prefix);
      g_propagate_error (dest, src);
      return;
    }

  code = rushes_remote_http_error_code (src);
  if (g_private_get (&recording) != NULL && src->domain == RUSHES_HTTP_ERROR)
    g_private_replace (&recorded_cause, g_error_copy (src));
  if (prefix != NULL)
    g_set_error (dest, RUSHES_BACKEND_ERROR, code, "%s: %s", prefix, src->message);
  else
    g_set_error_literal (dest, RUSHES_BACKEND_ERROR, code, src->message);
  g_error_free (src);
}

void
rushes_remote_record_cause_begin (void)
{
  g_private_replace (&recorded_cause, NULL);
  g_private_set (&recording, GINT_TO_POINTER (TRUE));
}

GError *
rushes_remote_record_cause_end (void)
{
  GError *cause = g_private_get (&recorded_cause);

  g_private_set (&recorded_cause, NULL);   /* handed over, not freed */
  g_private_set (&recording, NULL);
  return cause;
}

gboolean
rushes_remote_is_safe_filename (const char *name)
{
  if (name == NULL || *name == '\0' || strlen (name) > 255)
    return FALSE;
  if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return FALSE;
  if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
    return FALSE;
  if (!g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p++)
    if ((guchar) *p < 0x20)
      return FALSE;
  return TRUE;
}

gboolean
rushes_remote_is_safe_subpath (const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || *path == '\0')
    return TRUE;
  if (*path == '/' || *path == '\\' || strlen (path) > 1024 || !g_utf8_validate (path, -1, NULL))
    return FALSE;
  if (g_ascii_isalpha (path[0]) && path[1] == ':')
    return FALSE;   /* "C:\…" */
  parts = g_strsplit_set (path, "/\\", -1);
  for (guint i = 0; parts[i]; i++)
    {
      if (strcmp (parts[i], "..") == 0)
        return FALSE;
      for (const char *p = parts[i]; *p; p++)
        if ((guchar) *p < 0x20)
          return FALSE;
    }
  return TRUE;
}

gboolean
rushes_remote_is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
        return FALSE;
    }
  return TRUE;
}

gboolean
rushes_remote_has_suffix (const char         *name,
                          const char * const *suffixes)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

gboolean
rushes_remote_is_video_name (const char *name)
{
  static const char * const exts[] = {
    ".mp4", ".webm", ".mkv", ".mov", ".gif", ".webp", ".png", ".avi", ".m4v", NULL,
  };

  return rushes_remote_has_suffix (name, exts);
}

void
rushes_remote_wipe_free (char *secret)
{
  if (secret != NULL)
    {
      memset (secret, 0, strlen (secret));
      g_free (secret);
    }
}

char *
rushes_remote_describe_url (const char *url)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (_("the server"));
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

void
rushes_remote_download_progress_cb (guint64  received,
                                    guint64  total,
                                    gpointer user_data)
{
  RushesRemoteDownloadProgress *dp = user_data;

  if (dp->func != NULL)
    dp->func (total > 0 ? (double) received / total : -1, dp->status, dp->data);
}

gboolean
rushes_remote_download (RushesHttpClient         *http,
                        const char               *url,
                        const char               *dest_path,
                        const char               *status,
                        const RushesBackendCall  *call,
                        GError                  **error)
{
  RushesRemoteDownloadProgress dp = { call->progress, call->progress_data, status };

  return rushes_http_client_download (http, url, dest_path, rushes_remote_download_progress_cb, &dp,
                                      call->cancellable, error);
}

gboolean
rushes_remote_is_remote (RushesBackend *backend)
{
  return TRUE;
}

void
rushes_remote_discard (RushesBackend *backend,
                       const char    *remote_id,
                       const char    *dest_path)
{
  rushes_http_discard_partial (dest_path);
}

void
rushes_remote_register_kinds (void)
{
  if (!rushes_backend_registry_has_kind ("comfyui"))
    rushes_backend_registry_register_kind ("comfyui", rushes_comfyui_backend_new_from_config);
  if (!rushes_backend_registry_has_kind ("gradio"))
    rushes_backend_registry_register_kind ("gradio", rushes_gradio_backend_new_from_config);
}

char *
rushes_remote_normalize_base_url (const char  *base_url,
                                  GError     **error,
                                  const char  *format,
                                  ...)
{
  g_autofree char *origin = base_url ? rushes_http_url_get_origin (base_url) : NULL;
  char *url;

  if (origin == NULL)
    {
      g_autofree char *message = NULL;
      va_list args;

      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED, message);
      return NULL;
    }

  url = g_strdup (base_url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';
  return url;
}
