/* fake-server.c: scripted HTTP / WebSocket servers for the backend and display tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: everything SoupServer-related lives in the server thread with its
 * own GMainContext. The request log and the list of WebSocket connections are
 * guarded by `lock` because tests read them from the main thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gstdio.h>

#include "fake-server.h"

typedef struct
{
  char *path;
  gboolean prefix;
  FakeServerHandler handler;
  gpointer user_data;
} Route;

typedef struct
{
  char *path;
  FakeServerWebsocketFunc func;
  gpointer user_data;
  FakeServer *server;
} WsRoute;

struct _FakeServer
{
  char *address;
  GPtrArray *routes;     /* Route */
  GPtrArray *ws_routes;  /* WsRoute */

  GTlsCertificate *certificate;
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *soup;
  char *url;
  guint port;

  GMutex lock;
  GCond cond;
  gboolean ready;
  GPtrArray *requests;   /* FakeRequest */
  GPtrArray *websockets; /* SoupWebsocketConnection, server thread only adds/removes */
  guint n_disconnects;
};

void
fake_request_free (FakeRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static FakeRequest *
fake_request_copy (const FakeRequest *r)
{
  FakeRequest *copy = g_new0 (FakeRequest, 1);

  copy->method = g_strdup (r->method);
  copy->path = g_strdup (r->path);
  copy->query = g_strdup (r->query);
  copy->headers = soup_message_headers_ref (r->headers);
  copy->body = r->body ? g_bytes_ref (r->body) : NULL;
  copy->websocket = r->websocket;
  return copy;
}

static void
route_free (gpointer data)
{
  Route *route = data;

  g_free (route->path);
  g_free (route);
}

static void
ws_route_free (gpointer data)
{
  WsRoute *route = data;

  g_free (route->path);
  g_free (route);
}

FakeServer *
fake_server_new (const char *address)
{
  FakeServer *server = g_new0 (FakeServer, 1);

  server->address = g_strdup (address ? address : "127.0.0.1");
  server->routes = g_ptr_array_new_with_free_func (route_free);
  server->ws_routes = g_ptr_array_new_with_free_func (ws_route_free);
  server->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
  server->websockets = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  return server;
}

void
fake_server_add_handler (FakeServer        *server,
                         const char        *path,
                         FakeServerHandler  handler,
                         gpointer           user_data)
{
  Route *route = g_new0 (Route, 1);
  gsize len = strlen (path);

  g_assert_null (server->thread);
  route->prefix = len > 0 && path[len - 1] == '*';
  route->path = g_strndup (path, route->prefix ? len - 1 : len);
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (server->routes, route);
}

void
fake_server_add_websocket (FakeServer              *server,
                           const char              *path,
                           FakeServerWebsocketFunc  func,
                           gpointer                 user_data)
{
  WsRoute *route = g_new0 (WsRoute, 1);

  g_assert_null (server->thread);
  route->path = g_strdup (path);
  route->func = func;
  route->user_data = user_data;
  route->server = server;
  g_ptr_array_add (server->ws_routes, route);
}

static void
record_request (FakeServer        *server,
                SoupServerMessage *msg,
                gboolean           websocket)
{
  FakeRequest *request = g_new0 (FakeRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  if (body != NULL && body->length > 0)
    request->body = soup_message_body_flatten (body);
  request->websocket = websocket;

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->requests, request);
  g_mutex_unlock (&server->lock);
}

static void
dispatch_cb (SoupServer        *soup,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FakeServer *server = user_data;
  Route *best = NULL;

  record_request (server, msg, FALSE);

  for (guint i = 0; i < server->routes->len; i++)
    {
      Route *route = g_ptr_array_index (server->routes, i);

      if ((!route->prefix && strcmp (path, route->path) == 0)
          || (route->prefix && g_str_has_prefix (path, route->path)))
        {
          if (best == NULL || (!route->prefix && best->prefix)
              || strlen (route->path) > strlen (best->path))
            best = route;
        }
    }

  if (best == NULL)
    {
      fake_reply_text (msg, 404, "text/plain", "404: Not Found");
      return;
    }
  best->handler (server, msg, path, query, best->user_data);
}

static void
ws_closed_cb (SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  FakeServer *server = user_data;

  g_mutex_lock (&server->lock);
  g_ptr_array_remove (server->websockets, conn);
  g_mutex_unlock (&server->lock);
}

static void
websocket_cb (SoupServer              *soup,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *conn,
              gpointer                 user_data)
{
  WsRoute *route = user_data;
  FakeServer *server = route->server;

  record_request (server, msg, TRUE);

  g_mutex_lock (&server->lock);
  g_ptr_array_add (server->websockets, g_object_ref (conn));
  g_mutex_unlock (&server->lock);
  g_signal_connect (conn, "closed", G_CALLBACK (ws_closed_cb), server);

  if (route->func)
    route->func (server, conn, g_uri_get_query (soup_server_message_get_uri (msg)), route->user_data);
}

static gpointer
server_thread (gpointer data)
{
  FakeServer *server = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  server->soup = soup_server_new ("server-header", "FakeServer ", NULL);
  soup_server_add_handler (server->soup, NULL, dispatch_cb, server, NULL);
  for (guint i = 0; i < server->ws_routes->len; i++)
    {
      WsRoute *route = g_ptr_array_index (server->ws_routes, i);
      soup_server_add_websocket_handler (server->soup, route->path, NULL, NULL,
                                         websocket_cb, route, NULL);
    }

  if (server->certificate != NULL)
    soup_server_set_tls_certificate (server->soup, server->certificate);
  addr = g_inet_socket_address_new_from_string (server->address, 0);
  if (!soup_server_listen (server->soup, addr,
                           server->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, &error))
    g_error ("fake server cannot listen on %s: %s", server->address, error->message);

  uris = soup_server_get_uris (server->soup);
  g_assert_nonnull (uris);
  server->port = g_uri_get_port (uris->data);
  server->url = g_strdup_printf ("%s://%s:%u", server->certificate ? "https" : "http",
                                 server->address, server->port);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);

  g_mutex_lock (&server->lock);
  g_ptr_array_set_size (server->websockets, 0);
  g_mutex_unlock (&server->lock);
  soup_server_disconnect (server->soup);
  g_clear_object (&server->soup);
  /* let pending sources finish their cleanup */
  while (g_main_context_iteration (server->context, FALSE))
    ;

  g_main_context_pop_thread_default (server->context);
  return NULL;
}

void
fake_server_set_tls_certificate (FakeServer      *server,
                                 GTlsCertificate *certificate)
{
  g_assert_null (server->thread);
  g_set_object (&server->certificate, certificate);
}

void
fake_server_start (FakeServer *server)
{
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("fake-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
fake_server_free (FakeServer *server)
{
  if (server == NULL)
    return;
  if (server->thread != NULL)
    {
      g_main_context_invoke (server->context, quit_cb, server->loop);
      g_thread_join (server->thread);
      g_main_loop_unref (server->loop);
      g_main_context_unref (server->context);
    }
  g_ptr_array_unref (server->routes);
  g_ptr_array_unref (server->ws_routes);
  g_ptr_array_unref (server->requests);
  g_ptr_array_unref (server->websockets);
  g_clear_object (&server->certificate);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->address);
  g_free (server->url);
  g_free (server);
}

const char *
fake_server_get_url (FakeServer *server)
{
  return server->url;
}

guint
fake_server_get_port (FakeServer *server)
{
  return server->port;
}

GMainContext *
fake_server_get_context (FakeServer *server)
{
  return server->context;
}

typedef struct
{
  GSourceFunc func;
  gpointer data;
  GMutex lock;
  GCond cond;
  gboolean done;
} Invoke;

static gboolean
invoke_cb (gpointer data)
{
  Invoke *inv = data;

  inv->func (inv->data);
  g_mutex_lock (&inv->lock);
  inv->done = TRUE;
  g_cond_signal (&inv->cond);
  g_mutex_unlock (&inv->lock);
  return G_SOURCE_REMOVE;
}

void
fake_server_invoke_sync (FakeServer  *server,
                         GSourceFunc  func,
                         gpointer     data)
{
  Invoke inv = { func, data };

  g_mutex_init (&inv.lock);
  g_cond_init (&inv.cond);
  g_main_context_invoke (server->context, invoke_cb, &inv);
  g_mutex_lock (&inv.lock);
  while (!inv.done)
    g_cond_wait (&inv.cond, &inv.lock);
  g_mutex_unlock (&inv.lock);
  g_mutex_clear (&inv.lock);
  g_cond_clear (&inv.cond);
}

typedef struct
{
  FakeServer *server;
  char *text;
} WsSend;

static gboolean
ws_send_cb (gpointer data)
{
  WsSend *send = data;
  g_autoptr(GPtrArray) conns = NULL;

  g_mutex_lock (&send->server->lock);
  conns = g_ptr_array_copy (send->server->websockets, (GCopyFunc) g_object_ref, NULL);
  g_ptr_array_set_free_func (conns, g_object_unref);
  g_mutex_unlock (&send->server->lock);

  for (guint i = 0; i < conns->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (conns, i);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (conn, send->text);
    }
  g_free (send->text);
  g_free (send);
  return G_SOURCE_REMOVE;
}

void
fake_server_websocket_send (FakeServer *server,
                            const char *text)
{
  WsSend *send = g_new0 (WsSend, 1);

  send->server = server;
  send->text = g_strdup (text);
  g_main_context_invoke (server->context, ws_send_cb, send);
}

guint
fake_server_get_n_websockets (FakeServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->websockets->len;
  g_mutex_unlock (&server->lock);
  return n;
}

GPtrArray *
fake_server_get_requests (FakeServer *server)
{
  GPtrArray *copy;

  g_mutex_lock (&server->lock);
  copy = g_ptr_array_copy (server->requests, (GCopyFunc) fake_request_copy, NULL);
  g_mutex_unlock (&server->lock);
  g_ptr_array_set_free_func (copy, (GDestroyNotify) fake_request_free);
  return copy;
}

guint
fake_server_count_requests (FakeServer *server,
                            const char *method,
                            const char *path)
{
  guint n = 0;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->requests->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (server->requests, i);

      if ((method == NULL || g_strcmp0 (r->method, method) == 0)
          && (path == NULL || g_strcmp0 (r->path, path) == 0))
        n++;
    }
  g_mutex_unlock (&server->lock);
  return n;
}

gboolean
fake_server_saw_header (FakeServer *server,
                        const char *header_name)
{
  gboolean seen = FALSE;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->requests->len && !seen; i++)
    {
      FakeRequest *r = g_ptr_array_index (server->requests, i);

      seen = soup_message_headers_get_one (r->headers, header_name) != NULL;
    }
  g_mutex_unlock (&server->lock);
  return seen;
}

guint
fake_server_count_header (FakeServer *server,
                          const char *header_name,
                          const char *value)
{
  guint n = 0;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->requests->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (server->requests, i);

      if (g_strcmp0 (soup_message_headers_get_one (r->headers, header_name), value) == 0)
        n++;
    }
  g_mutex_unlock (&server->lock);
  return n;
}

void
fake_server_clear_requests (FakeServer *server)
{
  g_mutex_lock (&server->lock);
  g_ptr_array_set_size (server->requests, 0);
  g_mutex_unlock (&server->lock);
}

guint
fake_server_get_n_disconnects (FakeServer *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->n_disconnects;
  g_mutex_unlock (&server->lock);
  return n;
}

void
fake_reply_bytes (SoupServerMessage *msg,
                  guint              status,
                  const char        *content_type,
                  GBytes            *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, len);
}

void
fake_reply_text (SoupServerMessage *msg,
                 guint              status,
                 const char        *content_type,
                 const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, text, strlen (text));
}

void
fake_reply_json (SoupServerMessage *msg,
                 guint              status,
                 const char        *json)
{
  fake_reply_text (msg, status, "application/json", json);
}

/* ---- chunked streaming -------------------------------------------------------- */

typedef struct
{
  FakeServer *server;
  SoupServerMessage *msg;
  GStrv chunks;
  guint next;
  gboolean keep_open;
  char *keepalive;
  guint source_id;
  gboolean gone;
} Stream;

static void
stream_free (Stream *stream)
{
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  g_object_unref (stream->msg);
  g_strfreev (stream->chunks);
  g_free (stream->keepalive);
  g_free (stream);
}

static void
stream_gone_cb (SoupServerMessage *msg,
                gpointer           user_data)
{
  Stream *stream = user_data;

  if (stream->gone)
    return;
  stream->gone = TRUE;
  g_mutex_lock (&stream->server->lock);
  stream->server->n_disconnects++;
  g_mutex_unlock (&stream->server->lock);
}

static gboolean
stream_tick_cb (gpointer data)
{
  Stream *stream = data;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  if (stream->gone)
    {
      stream->source_id = 0;
      stream_free (stream);
      return G_SOURCE_REMOVE;
    }

  if (stream->chunks[stream->next] != NULL)
    {
      const char *chunk = stream->chunks[stream->next++];
      soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
      soup_server_message_unpause (stream->msg);
      return G_SOURCE_CONTINUE;
    }

  if (stream->keep_open)
    {
      soup_message_body_append (body, SOUP_MEMORY_COPY, stream->keepalive, strlen (stream->keepalive));
      soup_server_message_unpause (stream->msg);
      return G_SOURCE_CONTINUE;
    }

  soup_message_body_complete (body);
  soup_server_message_unpause (stream->msg);
  stream->source_id = 0;
  /* keep the struct until the message finishes so the signal stays valid */
  g_signal_handlers_disconnect_by_data (stream->msg, stream);
  stream_free (stream);
  return G_SOURCE_REMOVE;
}

void
fake_reply_chunks (FakeServer         *server,
                   SoupServerMessage  *msg,
                   const char         *content_type,
                   const char * const *chunks,
                   guint               interval_ms,
                   gboolean            keep_open,
                   const char         *keepalive)
{
  Stream *stream = g_new0 (Stream, 1);
  GSource *source;

  stream->server = server;
  stream->msg = g_object_ref (msg);
  stream->chunks = g_strdupv ((char **) chunks);
  stream->keep_open = keep_open;
  stream->keepalive = g_strdup (keepalive ? keepalive : "\n");

  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         content_type, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (msg),
                                     SOUP_ENCODING_CHUNKED);
  g_signal_connect (msg, "disconnected", G_CALLBACK (stream_gone_cb), stream);
  g_signal_connect (msg, "finished", G_CALLBACK (stream_gone_cb), stream);
  soup_server_message_pause (msg);

  source = g_timeout_source_new (MAX (interval_ms, 1));
  g_source_set_callback (source, stream_tick_cb, stream, NULL);
  stream->source_id = g_source_attach (source, server->context);
  g_source_unref (source);
}

/* ---- raw sockets --------------------------------------------------------------- */

struct _FakeRawServer
{
  GSocket *listener;
  GCancellable *cancellable;
  GThread *thread;
  FakeRawHandler handler;
  gpointer user_data;
  char *url;
  GMutex lock;
  GPtrArray *heads;
};

static char *
read_head (GSocket      *socket,
           GCancellable *cancellable)
{
  GString *head = g_string_new (NULL);
  char buf[4096];
  const char *end;
  gsize body_len = 0;

  while ((end = strstr (head->str, "\r\n\r\n")) == NULL)
    {
      gssize n = g_socket_receive (socket, buf, sizeof buf, cancellable, NULL);
      if (n <= 0)
        return g_string_free (head, FALSE);
      g_string_append_len (head, buf, n);
    }

  {
    g_autofree char *lower = g_ascii_strdown (head->str, end - head->str);
    const char *cl = strstr (lower, "\r\ncontent-length:");
    if (cl != NULL)
      body_len = g_ascii_strtoull (cl + strlen ("\r\ncontent-length:"), NULL, 10);
  }
  while (head->len < (gsize) (end - head->str) + 4 + body_len)
    {
      gssize n = g_socket_receive (socket, buf, sizeof buf, cancellable, NULL);
      if (n <= 0)
        break;
      g_string_append_len (head, buf, n);
    }
  return g_string_free (head, FALSE);
}

static gpointer
raw_thread (gpointer data)
{
  FakeRawServer *server = data;

  for (;;)
    {
      g_autoptr(GSocket) conn = g_socket_accept (server->listener, server->cancellable, NULL);
      g_autofree char *head = NULL;

      if (conn == NULL)
        break;
      g_socket_set_blocking (conn, TRUE);
      head = read_head (conn, server->cancellable);
      g_mutex_lock (&server->lock);
      g_ptr_array_add (server->heads, g_strdup (head));
      g_mutex_unlock (&server->lock);
      server->handler (server, head, conn, server->user_data);
      g_socket_shutdown (conn, FALSE, TRUE, NULL);
      g_socket_close (conn, NULL);
    }
  return NULL;
}

FakeRawServer *
fake_raw_server_new (const char     *address,
                     FakeRawHandler  handler,
                     gpointer        user_data)
{
  FakeRawServer *server = g_new0 (FakeRawServer, 1);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string (address ? address : "127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->handler = handler;
  server->user_data = user_data;
  server->cancellable = g_cancellable_new ();
  server->heads = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&server->lock);

  server->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (server->listener, addr, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (server->listener, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (server->listener, &error);
  g_assert_no_error (error);
  server->url = g_strdup_printf ("http://%s:%u", address ? address : "127.0.0.1",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server->thread = g_thread_new ("fake-raw-server", raw_thread, server);
  return server;
}

void
fake_raw_server_free (FakeRawServer *server)
{
  if (server == NULL)
    return;
  g_cancellable_cancel (server->cancellable);
  g_thread_join (server->thread);
  g_socket_close (server->listener, NULL);
  g_object_unref (server->listener);
  g_object_unref (server->cancellable);
  g_ptr_array_unref (server->heads);
  g_mutex_clear (&server->lock);
  g_free (server->url);
  g_free (server);
}

const char *
fake_raw_server_get_url (FakeRawServer *server)
{
  return server->url;
}

GPtrArray *
fake_raw_server_get_heads (FakeRawServer *server)
{
  GPtrArray *copy;

  g_mutex_lock (&server->lock);
  copy = g_ptr_array_copy (server->heads, (GCopyFunc) g_strdup, NULL);
  g_mutex_unlock (&server->lock);
  g_ptr_array_set_free_func (copy, g_free);
  return copy;
}

void
fake_raw_write (GSocket    *socket,
                const void *data,
                gsize       length)
{
  gsize done = 0;

  while (done < length)
    {
      gssize n = g_socket_send (socket, (const char *) data + done, length - done, NULL, NULL);
      if (n <= 0)
        return;
      done += n;
    }
}

void
fake_raw_write_str (GSocket    *socket,
                    const char *text)
{
  fake_raw_write (socket, text, strlen (text));
}

void
fake_raw_reset (GSocket *socket)
{
  struct linger lin = { 1, 0 };

  setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
  g_socket_close (socket, NULL);
}

void
fake_raw_serve_resumable (GSocket    *socket,
                          const char *head,
                          GBytes     *body,
                          guint       n_before,
                          gsize       cut_at,
                          gboolean    accept_ranges)
{
  gsize len;
  const guint8 *bytes = g_bytes_get_data (body, &len);
  g_autofree char *lower = g_ascii_strdown (head, -1);
  const char *range = strstr (lower, "\r\nrange: bytes=");

  if (n_before > 0 && range != NULL)
    {
      gsize from = g_ascii_strtoull (range + strlen ("\r\nrange: bytes="), NULL, 10);
      g_autofree char *h = g_strdup_printf ("HTTP/1.1 206 Partial Content\r\nContent-Type: video/mp4\r\n"
                                            "Content-Range: bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT "/%" G_GSIZE_FORMAT "\r\n"
                                            "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                                            from, len - 1, len, len - from);
      fake_raw_write_str (socket, h);
      fake_raw_write (socket, bytes + from, len - from);
      return;
    }
  {
    g_autofree char *h = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\n%s"
                                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                                          accept_ranges ? "Accept-Ranges: bytes\r\n" : "", len);
    fake_raw_write_str (socket, h);
    fake_raw_write (socket, bytes, MIN (cut_at, len));
    fake_raw_reset (socket);
  }
}

/* ---- canary ----------------------------------------------------------------------- */

void
fake_assert_no_file_contains (const char *dir,
                              const char *needle)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        fake_assert_no_file_contains (path, needle);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *contents = NULL;
          gsize len = 0;

          if (g_file_get_contents (path, &contents, &len, NULL)
              && len >= strlen (needle)
              && memmem (contents, len, needle, strlen (needle)) != NULL)
            g_error ("secret canary found in %s", path);
        }
    }
}
