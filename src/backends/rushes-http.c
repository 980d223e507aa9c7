/* rushes-http.c: blocking HTTP client for the remote backends (libcurl)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client object, its configuration and the public calls (JSON answers,
 * uploads, streams). The other parts: rushes-http-url.c (URLs, credentials),
 * rushes-http-call.c (one call: transfer, retries, redirects),
 * rushes-http-error.c (errors in plain words), rushes-http-download.c
 * (downloads into files); rushes-http-private.h has what they share.
 *
 * Threads: the client's configuration is guarded by `lock`; every call copies
 * it (RushesHttpConfig) under the lock and then runs without it on the
 * calling worker thread with its own CURL easy handle and multi handle.
 */
#define G_LOG_DOMAIN "rushes-http"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-http-private.h"

G_DEFINE_FINAL_TYPE (RushesHttpClient, rushes_http_client, G_TYPE_OBJECT)

static void
rushes_http_client_finalize (GObject *object)
{
  RushesHttpClient *self = RUSHES_HTTP_CLIENT (object);

  g_clear_pointer (&self->config.credentials, g_ptr_array_unref);
  g_free (self->config.user_agent);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_http_client_parent_class)->finalize (object);
}

static void
rushes_http_client_class_init (RushesHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_http_client_finalize;
}

static void
rushes_http_client_init (RushesHttpClient *self)
{
  g_mutex_init (&self->lock);
  self->config.credentials = g_ptr_array_new_with_free_func (_rushes_http_credential_free);
  self->config.user_agent = g_strdup ("Rushes/" PACKAGE_VERSION);
  self->config.connect_ms = 15000;
  self->config.request_ms = 120000;
  self->config.stall_ms = 60000;
  self->config.max_retries = 4;
  self->config.backoff_base_ms = 500;
  self->config.max_retry_after_s = 120;
  self->config.json_cap = 32 * 1024 * 1024;
  self->config.download_cap = G_GUINT64_CONSTANT (16) * 1024 * 1024 * 1024;
}

RushesHttpClient *
rushes_http_client_new (void)
{
  return g_object_new (RUSHES_TYPE_HTTP_CLIENT, NULL);
}

/* ---- configuration ----------------------------------------------------- */

void
rushes_http_client_set_user_agent (RushesHttpClient *self,
                                   const char       *user_agent)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  g_free (self->config.user_agent);
  self->config.user_agent = g_strdup (user_agent);
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_timeouts (RushesHttpClient *self,
                                 guint             connect_ms,
                                 guint             request_ms,
                                 guint             stall_ms)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->config.connect_ms = connect_ms;
  self->config.request_ms = request_ms;
  self->config.stall_ms = stall_ms;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_retry_policy (RushesHttpClient *self,
                                     guint             max_retries,
                                     guint             backoff_base_ms,
                                     guint             max_retry_after_s)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->config.max_retries = max_retries;
  self->config.backoff_base_ms = backoff_base_ms;
  self->config.max_retry_after_s = max_retry_after_s;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_json_cap (RushesHttpClient *self,
                                 gsize             max_bytes)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->config.json_cap = max_bytes;
  g_mutex_unlock (&self->lock);
}

void
rushes_http_client_set_download_cap (RushesHttpClient *self,
                                     guint64           max_bytes)
{
  g_return_if_fail (RUSHES_IS_HTTP_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->config.download_cap = max_bytes;
  g_mutex_unlock (&self->lock);
}

/* ---- JSON calls ----------------------------------------------------------- */

static JsonNode *
parse_json_body (RushesHttpCall  *call,
                 GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local = NULL;
  const char *ct = _rushes_http_call_header (call, "content-type");

  if (call->buffer->len == 0)
    return json_node_new (JSON_NODE_NULL);

  if (!json_parser_load_from_data (parser, (const char *) call->buffer->data,
                                   call->buffer->len, &local))
    {
      if (ct != NULL && g_ascii_strncasecmp (ct, "text/html", 9) == 0)
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                     _("The server answered with a web page instead of data (HTTP %u); is the address right?"),
                     call->status);
      else
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_BAD_RESPONSE,
                     _("The server’s answer is not valid JSON (HTTP %u)"), call->status);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

static GBytes *
json_to_bytes (JsonNode *body)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *text;

  if (body == NULL)
    return g_bytes_new_static ("{}", 2);
  json_generator_set_root (gen, body);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}

/* Runs call; a final answer that is not 2xx is an error. */
static gboolean
call_run_2xx (RushesHttpCall  *call,
              GError         **error)
{
  if (!_rushes_http_call_run (call, error))
    return FALSE;
  if (!_rushes_http_is_success (call->status))
    {
      _rushes_http_call_set_status_error (call, error);
      return FALSE;
    }
  return TRUE;
}

/* A call for a JSON answer. The body goes along as JSON when there is one,
 * and "{}" for a POST without (unless RUSHES_HTTP_FLAGS_NO_BODY). */
static RushesHttpCall *
json_call_new (RushesHttpClient *self,
               const char       *method,
               const char       *url,
               JsonNode         *body,
               RushesHttpFlags   flags,
               GCancellable     *cancellable)
{
  RushesHttpCall *call = _rushes_http_call_new (self, method, url, cancellable);

  call->sink = RUSHES_HTTP_SINK_BUFFER;
  call->flags = flags;
  if (!(flags & RUSHES_HTTP_FLAGS_NO_BODY) && (body != NULL || g_strcmp0 (method, "POST") == 0))
    call->body = json_to_bytes (body);
  return call;
}

/* Runs call; the parsed answer, which must be 2xx. */
static JsonNode *
call_run_json_2xx (RushesHttpCall  *call,
                   GError         **error)
{
  if (!call_run_2xx (call, error))
    return NULL;
  return parse_json_body (call, error);
}

JsonNode *
rushes_http_client_request_json (RushesHttpClient  *self,
                                 const char        *method,
                                 const char        *url,
                                 JsonNode          *body,
                                 RushesHttpFlags    flags,
                                 guint             *out_status,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(RushesHttpCall) call = NULL;
  JsonNode *node;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && url != NULL, NULL);

  call = json_call_new (self, method, url, body, flags, cancellable);
  /* a PUT without a body sends "{}" too */
  if (call->body == NULL && !(flags & RUSHES_HTTP_FLAGS_NO_BODY) && g_strcmp0 (method, "PUT") == 0)
    call->body = json_to_bytes (NULL);

  if (!_rushes_http_call_run (call, error))
    return NULL;

  if (out_status)
    *out_status = call->status;

  node = parse_json_body (call, error);
  if (node == NULL && !_rushes_http_is_success (call->status))
    {
      /* non-JSON error answer: say what the status means instead */
      g_clear_error (error);
      _rushes_http_call_set_status_error (call, error);
    }
  return node;
}

JsonNode *
rushes_http_client_get_json (RushesHttpClient  *self,
                             const char        *url,
                             GCancellable      *cancellable,
                             GError           **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);

  call = json_call_new (self, "GET", url, NULL, RUSHES_HTTP_FLAGS_IDEMPOTENT, cancellable);
  return call_run_json_2xx (call, error);
}

JsonNode *
rushes_http_client_post_json (RushesHttpClient  *self,
                              const char        *url,
                              JsonNode          *body,
                              gboolean           idempotent,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);

  call = json_call_new (self, "POST", url, body,
                        idempotent ? RUSHES_HTTP_FLAGS_IDEMPOTENT : RUSHES_HTTP_FLAGS_NONE,
                        cancellable);
  return call_run_json_2xx (call, error);
}

gboolean
rushes_http_client_request_ok (RushesHttpClient  *self,
                               const char        *method,
                               const char        *url,
                               JsonNode          *body,
                               RushesHttpFlags    flags,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);

  call = json_call_new (self, method, url, body, flags, cancellable);
  return call_run_2xx (call, error);
}

gboolean
rushes_http_client_send_bytes (RushesHttpClient  *self,
                               const char        *method,
                               const char        *url,
                               const char        *content_type,
                               GBytes            *body,
                               RushesHttpFlags    flags,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (method != NULL && url != NULL && content_type != NULL, FALSE);
  g_return_val_if_fail (body != NULL, FALSE);

  call = _rushes_http_call_new (self, method, url, cancellable);
  call->sink = RUSHES_HTTP_SINK_BUFFER;
  call->flags = flags & ~RUSHES_HTTP_FLAGS_NO_BODY;
  call->body = g_bytes_ref (body);
  call->content_type = content_type;

  return call_run_2xx (call, error);
}

JsonNode *
rushes_http_client_post_multipart (RushesHttpClient     *self,
                                   const char           *url,
                                   const RushesHttpPart *parts,
                                   guint                 n_parts,
                                   RushesHttpFlags       flags,
                                   guint                *out_status,
                                   GCancellable         *cancellable,
                                   GError              **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (parts != NULL && n_parts > 0, NULL);

  for (guint i = 0; i < n_parts; i++)
    if (parts[i].file_path != NULL && !g_file_test (parts[i].file_path, G_FILE_TEST_IS_REGULAR))
      {
        g_set_error (error, RUSHES_HTTP_ERROR, RUSHES_HTTP_ERROR_IO,
                     _("The file to upload does not exist: %s"), parts[i].file_path);
        return NULL;
      }

  call = _rushes_http_call_new (self, "POST", url, cancellable);
  call->sink = RUSHES_HTTP_SINK_BUFFER;
  call->flags = flags;
  call->parts = parts;
  call->n_parts = n_parts;

  if (!_rushes_http_call_run (call, error))
    return NULL;
  if (out_status)
    *out_status = call->status;
  if (!_rushes_http_is_success (call->status))
    {
      /* (Retry-After is not quoted here) */
      _rushes_http_set_status_error (error, call->status, call->buffer->data, call->buffer->len,
                                     _rushes_http_call_header (call, "content-type"), -1);
      return NULL;
    }
  return parse_json_body (call, error);
}

/* ---- streams ------------------------------------------------------------------- */

gboolean
rushes_http_client_stream (RushesHttpClient      *self,
                           const char            *url,
                           const char            *accept,
                           RushesHttpChunkFunc    func,
                           gpointer               func_data,
                           GCancellable          *cancellable,
                           GError               **error)
{
  g_autoptr(RushesHttpCall) call = NULL;

  g_return_val_if_fail (RUSHES_IS_HTTP_CLIENT (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  call = _rushes_http_call_new (self, "GET", url, cancellable);
  call->sink = RUSHES_HTTP_SINK_STREAM;
  call->flags = RUSHES_HTTP_FLAGS_NONE;
  call->accept = accept;
  call->chunk_func = func;
  call->chunk_data = func_data;

  /* a stream the chunk function stopped had a 2xx answer */
  return call_run_2xx (call, error);
}
