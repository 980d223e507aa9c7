/* rushes-http-error.c: the HTTP client's errors in plain words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An HTTP status (with the server's own short message from the body) or a
 * libcurl result becomes a RUSHES_HTTP_ERROR; the status travels with the
 * error (extended GError domain) for rushes_http_error_get_status(), and
 * rushes_http_error_get_backend_code() says what it means for a backend.
 */
#define G_LOG_DOMAIN "rushes-http"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-http-private.h"

/* The HTTP status travels with the error (extended GError domain). */
typedef struct
{
  guint status;
  int   transport;   /* the CURLcode of a transport error, else CURLE_OK */
} RushesHttpErrorPrivate;

static void
rushes_http_error_private_init (RushesHttpErrorPrivate *priv)
{
  priv->status = 0;
  priv->transport = CURLE_OK;
}

static void
rushes_http_error_private_copy (const RushesHttpErrorPrivate *src,
                                RushesHttpErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->transport = src->transport;
}

static void
rushes_http_error_private_clear (RushesHttpErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (RushesHttpError, rushes_http_error)

guint
rushes_http_error_get_status (const GError *error)
{
  if (error == NULL || error->domain != RUSHES_HTTP_ERROR)
    return 0;
  return rushes_http_error_get_private (error)->status;
}

/* Short text for an error body: JSON message keys, or a short plain text. */
char *
rushes_http_json_error_text (JsonNode *node)
{
  JsonObject *obj;
  static const char *keys[] = { "error", "detail", "message", "title" };

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  obj = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      JsonNode *member = json_object_get_member (obj, keys[i]);

      if (member == NULL)
        continue;
      if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
        return g_strdup (json_node_get_string (member));
      if (JSON_NODE_HOLDS_OBJECT (member))
        {
          char *inner = rushes_http_json_error_text (member);
          if (inner != NULL)
            return inner;
        }
      if (JSON_NODE_HOLDS_ARRAY (member))
        {
          JsonArray *arr = json_node_get_array (member);
          if (json_array_get_length (arr) > 0)
            {
              char *inner = rushes_http_json_error_text (json_array_get_element (arr, 0));
              if (inner != NULL)
                return inner;
              if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (arr, 0)))
                {
                  JsonObject *o = json_array_get_object_element (arr, 0);
                  if (json_object_has_member (o, "msg"))
                    return g_strdup (json_object_get_string_member_with_default (o, "msg", ""));
                }
            }
        }
    }
  return NULL;
}

static char *
body_summary (const guint8 *data,
              gsize         len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;

  if (len == 0)
    return NULL;
  if (json_parser_load_from_data (parser, (const char *) data, len, NULL))
    {
      char *msg = rushes_http_json_error_text (json_parser_get_root (parser));
      if (msg != NULL)
        {
          if (g_utf8_strlen (msg, -1) > 300)
            {
              char *cut = g_utf8_substring (msg, 0, 300);
              g_free (msg);
              msg = g_strconcat (cut, "…", NULL);
              g_free (cut);
            }
          return msg;
        }
      return NULL;
    }

  /* a web page tells the user nothing; short plain text may */
  if (len > 200 || memchr (data, '<', len) != NULL)
    return NULL;
  text = g_utf8_make_valid ((const char *) data, len);
  return g_strstrip (g_steal_pointer (&text));
}

void
_rushes_http_set_status_error (GError      **error,
                               guint         status,
                               const guint8 *data,
                               gsize         len,
                               const char   *content_type,
                               gint64        retry_after)
{
  g_autofree char *summary = body_summary (data, len);
  RushesHttpError code;
  GString *msg = g_string_new (NULL);

  switch (status)
    {
    case 401: case 403: code = RUSHES_HTTP_ERROR_AUTH; break;
    case 404: case 410: code = RUSHES_HTTP_ERROR_NOT_FOUND; break;
    case 429: code = RUSHES_HTTP_ERROR_RATE_LIMITED; break;
    case 413: code = RUSHES_HTTP_ERROR_TOO_LARGE; break;
    default: code = RUSHES_HTTP_ERROR_STATUS; break;
    }

  switch (code)
    {
    case RUSHES_HTTP_ERROR_AUTH:
      g_string_printf (msg, _("The server refused access (HTTP %u)"), status);
      break;
    case RUSHES_HTTP_ERROR_NOT_FOUND:
      g_string_printf (msg, _("Not found on the server (HTTP %u)"), status);
      break;
    case RUSHES_HTTP_ERROR_RATE_LIMITED:
      if (retry_after > 0)
        g_string_printf (msg, _("The server is rate limiting requests; it asks to wait %lld s (HTTP 429)"),
                         (long long) retry_after);
      else
        g_string_printf (msg, _("The server is rate limiting requests (HTTP 429)"));
      break;
    default:
      if (status >= 500)
        g_string_printf (msg, _("The server had an internal problem (HTTP %u)"), status);
      else
        g_string_printf (msg, _("The server rejected the request (HTTP %u)"), status);
      break;
    }
  if (summary != NULL && *summary != '\0')
    g_string_append_printf (msg, ": %s", summary);
  else if (content_type != NULL && g_ascii_strncasecmp (content_type, "text/html", 9) == 0)
    g_string_append (msg, _(" (it answered with a web page)"));

  g_set_error_literal (error, RUSHES_HTTP_ERROR, code, msg->str);
  if (error != NULL && *error != NULL)
    rushes_http_error_get_private (*error)->status = status;
  g_string_free (msg, TRUE);
}

void
_rushes_http_set_transport_error (GError     **error,
                                  CURLcode     res,
                                  const char  *errbuf)
{
  RushesHttpError code;
  const char *what;

  switch (res)
    {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("The server’s name could not be resolved");
      break;
    case CURLE_COULDNT_CONNECT:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("Could not connect to the server");
      break;
    case CURLE_OPERATION_TIMEDOUT:
      code = RUSHES_HTTP_ERROR_TIMEOUT;
      what = _("The server did not answer in time");
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      code = RUSHES_HTTP_ERROR_TLS;
      what = _("The secure connection could not be verified");
      break;
    case CURLE_PARTIAL_FILE:
      code = RUSHES_HTTP_ERROR_TRUNCATED;
      what = _("The connection closed before the whole answer arrived");
      break;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      code = RUSHES_HTTP_ERROR_CONNECT;
      what = _("The connection to the server was lost");
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      code = RUSHES_HTTP_ERROR_FAILED;
      what = _("The address is not a valid http or https address");
      break;
    case CURLE_READ_ERROR:
      code = RUSHES_HTTP_ERROR_IO;
      what = _("Could not read the file to upload");
      break;
    default:
      code = RUSHES_HTTP_ERROR_FAILED;
      what = _("The request failed");
      break;
    }

  /* errbuf has libcurl's wording (host names, no headers) */
  if (errbuf != NULL && *errbuf != '\0')
    g_set_error (error, RUSHES_HTTP_ERROR, code, "%s (%s)", what, errbuf);
  else
    g_set_error_literal (error, RUSHES_HTTP_ERROR, code, what);
  if (error != NULL && *error != NULL)
    rushes_http_error_get_private (*error)->transport = res;
}

void
_rushes_http_set_write_error (GError **error,
                              int      saved_errno)
{
  g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
               _("Could not write the download: %s"), g_strerror (saved_errno));
}

/* What an HTTP status means for a backend: the account (401, 402 payment
 * required, 403), the thing asked for (404, 410), the request's parameters
 * (400, 422), the server's load or health (429, 5xx), else a plain failure. */
RushesBackendError
rushes_http_status_get_backend_code (guint status)
{
  if (status == 401 || status == 402 || status == 403)
    return RUSHES_BACKEND_ERROR_AUTH;
  if (status == 404 || status == 410)
    return RUSHES_BACKEND_ERROR_NOT_FOUND;
  if (status == 400 || status == 422)
    return RUSHES_BACKEND_ERROR_UNSUPPORTED;
  if (status == 429 || status >= 500)
    return RUSHES_BACKEND_ERROR_UNAVAILABLE;
  return RUSHES_BACKEND_ERROR_FAILED;
}

RushesBackendError
rushes_http_error_get_backend_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, RUSHES_BACKEND_ERROR_FAILED);

  if (error->domain != RUSHES_HTTP_ERROR)
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
    case RUSHES_HTTP_ERROR_TOO_LARGE:
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_REDIRECT:
      return RUSHES_BACKEND_ERROR_PROTOCOL;
    case RUSHES_HTTP_ERROR_STATUS:
      return rushes_http_status_get_backend_code (rushes_http_error_get_status (error));
    case RUSHES_HTTP_ERROR_FAILED:
    case RUSHES_HTTP_ERROR_IO:
    default:
      return RUSHES_BACKEND_ERROR_FAILED;
    }
}

/* ---- in plain words --------------------------------------------------------------- */

RushesHttpProblem
rushes_http_error_get_problem (const GError *error)
{
  g_return_val_if_fail (error != NULL, RUSHES_HTTP_PROBLEM_OTHER);

  if (error->domain == RUSHES_BACKEND_ERROR)
    {
      /* what is left once a backend has put it in its words */
      switch ((RushesBackendError) error->code)
        {
        case RUSHES_BACKEND_ERROR_AUTH:      return RUSHES_HTTP_PROBLEM_KEY_REFUSED;
        case RUSHES_BACKEND_ERROR_NOT_FOUND:
        case RUSHES_BACKEND_ERROR_PROTOCOL:  return RUSHES_HTTP_PROBLEM_WRONG_SERVER;
        case RUSHES_BACKEND_ERROR_UNAVAILABLE:
        case RUSHES_BACKEND_ERROR_UNSUPPORTED:
        case RUSHES_BACKEND_ERROR_FAILED:
        default:                             return RUSHES_HTTP_PROBLEM_OTHER;
        }
    }
  if (error->domain != RUSHES_HTTP_ERROR)
    return RUSHES_HTTP_PROBLEM_OTHER;

  switch ((RushesHttpError) error->code)
    {
    case RUSHES_HTTP_ERROR_CONNECT:
      switch (rushes_http_error_get_private (error)->transport)
        {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
          return RUSHES_HTTP_PROBLEM_NAME_NOT_FOUND;
        case CURLE_COULDNT_CONNECT:
          return RUSHES_HTTP_PROBLEM_CANNOT_CONNECT;
        default:
          /* it took the connection, then hung up: not the server expected */
          return RUSHES_HTTP_PROBLEM_WRONG_SERVER;
        }
    case RUSHES_HTTP_ERROR_TIMEOUT:      return RUSHES_HTTP_PROBLEM_TIMEOUT;
    case RUSHES_HTTP_ERROR_TLS:          return RUSHES_HTTP_PROBLEM_TLS;
    case RUSHES_HTTP_ERROR_AUTH:         return RUSHES_HTTP_PROBLEM_KEY_REFUSED;
    case RUSHES_HTTP_ERROR_NOT_FOUND:
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
    case RUSHES_HTTP_ERROR_TOO_LARGE:
    case RUSHES_HTTP_ERROR_REDIRECT:     return RUSHES_HTTP_PROBLEM_WRONG_SERVER;
    case RUSHES_HTTP_ERROR_STATUS:
      return rushes_http_error_get_status (error) == 405 ? RUSHES_HTTP_PROBLEM_WRONG_SERVER
                                                         : RUSHES_HTTP_PROBLEM_OTHER;
    case RUSHES_HTTP_ERROR_FAILED:
    case RUSHES_HTTP_ERROR_RATE_LIMITED:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_IO:
    default:
      return RUSHES_HTTP_PROBLEM_OTHER;
    }
}

char *
rushes_http_problem_describe (RushesHttpProblem  problem,
                              const char        *server)
{
  if (server == NULL || *server == '\0')
    server = _("the server");

  switch (problem)
    {
    case RUSHES_HTTP_PROBLEM_CANNOT_CONNECT:
      return g_strdup (_("Cannot connect: nothing answers at this address and port. "
                         "Is the server running, and is the port right?"));
    case RUSHES_HTTP_PROBLEM_NAME_NOT_FOUND:
      return g_strdup (_("The server name was not found. Check the address for typos."));
    case RUSHES_HTTP_PROBLEM_TIMEOUT:
      return g_strdup (_("The server did not answer in time. It may be busy or asleep, "
                         "or a firewall is in the way."));
    case RUSHES_HTTP_PROBLEM_TLS:
      return g_strdup (_("The secure connection failed: the server’s certificate could not be "
                         "verified, or it does not speak https at this port (try http://)."));
    case RUSHES_HTTP_PROBLEM_KEY_REFUSED:
      return g_strdup (_("The server refused the API key. Check the key, or set one."));
    case RUSHES_HTTP_PROBLEM_WRONG_SERVER:
      /* TRANSLATORS: %s is a kind of server: "ComfyUI", "Gradio" */
      return g_strdup_printf (_("Something answers at this address, but not like a %s server. "
                                "Check the port."), server);
    case RUSHES_HTTP_PROBLEM_OTHER:
    default:
      return g_strdup (_("The test failed; the details say why."));
    }
}
