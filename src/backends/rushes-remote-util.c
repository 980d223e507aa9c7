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

void
rushes_remote_propagate_error (GError     **dest,
                               GError      *src,
                               const char  *prefix)
{
  RushesBackendError code = RUSHES_BACKEND_ERROR_FAILED;

  if (src == NULL)
    return;

  if (g_error_matches (src, G_IO_ERROR, G_IO_ERROR_CANCELLED) || src->domain == RUSHES_BACKEND_ERROR)
    {
      if (prefix != NULL && src->domain == RUSHES_BACKEND_ERROR)
        g_prefix_error (&src, "%s: ", prefix);
      g_propagate_error (dest, src);
      return;
    }

  if (src->domain == RUSHES_HTTP_ERROR)
    {
      switch ((RushesHttpError) src->code)
        {
        case RUSHES_HTTP_ERROR_CONNECT:
        case RUSHES_HTTP_ERROR_TIMEOUT:
        case RUSHES_HTTP_ERROR_TLS:
        case RUSHES_HTTP_ERROR_RATE_LIMITED:
          code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
          break;
        case RUSHES_HTTP_ERROR_AUTH:
          code = RUSHES_BACKEND_ERROR_AUTH;
          break;
        case RUSHES_HTTP_ERROR_NOT_FOUND:
          code = RUSHES_BACKEND_ERROR_NOT_FOUND;
          break;
        case RUSHES_HTTP_ERROR_BAD_RESPONSE:
        case RUSHES_HTTP_ERROR_TOO_LARGE:
        case RUSHES_HTTP_ERROR_TRUNCATED:
        case RUSHES_HTTP_ERROR_REDIRECT:
          code = RUSHES_BACKEND_ERROR_PROTOCOL;
          break;
        case RUSHES_HTTP_ERROR_STATUS:
          code = rushes_http_error_get_status (src) >= 500
                 ? RUSHES_BACKEND_ERROR_UNAVAILABLE : RUSHES_BACKEND_ERROR_FAILED;
          break;
        case RUSHES_HTTP_ERROR_FAILED:
        case RUSHES_HTTP_ERROR_IO:
        default:
          code = RUSHES_BACKEND_ERROR_FAILED;
          break;
        }
    }

  if (prefix != NULL)
    g_set_error (dest, RUSHES_BACKEND_ERROR, code, "%s: %s", prefix, src->message);
  else
    g_set_error_literal (dest, RUSHES_BACKEND_ERROR, code, src->message);
  g_error_free (src);
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
rushes_remote_is_video_name (const char *name)
{
  static const char *exts[] = { ".mp4", ".webm", ".mkv", ".mov", ".gif", ".webp", ".png", ".avi", ".m4v" };
  g_autofree char *lower = NULL;

  if (name == NULL)
    return FALSE;
  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    if (g_str_has_suffix (lower, exts[i]))
      return TRUE;
  return FALSE;
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
rushes_remote_register_kinds (void)
{
  if (!rushes_backend_registry_has_kind ("comfyui"))
    rushes_backend_registry_register_kind ("comfyui", rushes_comfyui_backend_new_from_config);
  if (!rushes_backend_registry_has_kind ("gradio"))
    rushes_backend_registry_register_kind ("gradio", rushes_gradio_backend_new_from_config);
}

static void
append_list (GString    *text,
             JsonObject *info,
             const char *member,
             const char *label)
{
  JsonArray *arr;

  if (!json_object_has_member (info, member) || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (info, member)))
    return;
  arr = json_object_get_array_member (info, member);
  if (json_array_get_length (arr) == 0)
    return;
  g_string_append_printf (text, "\n%s ", label);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    g_string_append_printf (text, "%s%s", i ? ", " : "", json_array_get_string_element (arr, i));
}

char *
rushes_remote_test_connection (RushesBackend  *backend,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr(JsonObject) info = NULL;
  GString *text;

  if (RUSHES_IS_COMFYUI_BACKEND (backend))
    {
      g_autoptr(RushesComfyuiWorkflow) wf = rushes_comfyui_backend_get_workflow (RUSHES_COMFYUI_BACKEND (backend));

      info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), cancellable, error);
      if (info == NULL)
        return NULL;
      text = g_string_new (NULL);
      g_string_append_printf (text, _("ComfyUI %s, workflow “%s”."),
                              json_object_get_string_member_with_default (info, "version", "?"),
                              rushes_comfyui_workflow_get_display_name (wf));
      append_list (text, info, "missing_nodes", _("Node types missing on the server:"));
      append_list (text, info, "missing_models", _("Model files missing on the server:"));
      return g_string_free (text, FALSE);
    }

  if (RUSHES_IS_GRADIO_BACKEND (backend))
    {
      info = rushes_gradio_backend_discover (RUSHES_GRADIO_BACKEND (backend), cancellable, error);
      if (info == NULL)
        return NULL;
      text = g_string_new (NULL);
      g_string_append_printf (text, _("Gradio %s, endpoint %s."),
                              json_object_get_string_member_with_default (info, "version", "?"),
                              json_object_get_string_member_with_default (info, "api_name", "?"));
      append_list (text, info, "unmapped", _("Inputs left at the app’s defaults:"));
      return g_string_free (text, FALSE);
    }

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
               _("No connection test for this kind of backend"));
  return NULL;
}
