/* fake-server.h: scripted HTTP / WebSocket servers for the backend and display tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FakeServer: a libsoup 3 SoupServer in its own thread and GMainContext,
 * listening on an address of the test's choice ("127.0.0.1", or
 * "127.0.0.2" as "another host") and port 0. Handlers run in the server
 * thread. Every request is recorded (method, path, query, headers, body) so
 * tests can assert what arrived, e.g. that no Authorization header reached a
 * storage host.
 *
 * FakeRawServer: a plain socket server for what libsoup will not do: reset a
 * connection, send fewer bytes than announced, answer garbage.
 *
 * Usage:
 *   FakeServer *s = fake_server_new ("127.0.0.1");
 *   fake_server_add_handler (s, "/api/prompt", prompt_cb, fixture);
 *   fake_server_add_websocket (s, "/api/ws", ws_cb, fixture);
 *   fake_server_start (s);
 *   url = fake_server_get_url (s);      // "http://127.0.0.1:PORT"
 *   …
 *   fake_server_free (s);
 */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _FakeServer FakeServer;

typedef struct
{
  char               *method;
  char               *path;
  char               *query;     /* raw, may be NULL */
  SoupMessageHeaders *headers;
  GBytes             *body;
  gboolean            websocket;
} FakeRequest;

/* Runs in the server thread. query may be NULL. */
typedef void (*FakeServerHandler) (FakeServer        *server,
                                   SoupServerMessage *msg,
                                   const char        *path,
                                   GHashTable        *query,
                                   gpointer           user_data);

/* A WebSocket was opened (server thread); the server keeps a reference. */
typedef void (*FakeServerWebsocketFunc) (FakeServer              *server,
                                         SoupWebsocketConnection *conn,
                                         const char              *query,
                                         gpointer                 user_data);

FakeServer   *fake_server_new                (const char        *address);
/* path: exact path, or a prefix ending in '*' ("/api/history/" + "*").
 * Add handlers before fake_server_start. */
void          fake_server_add_handler        (FakeServer        *server,
                                              const char        *path,
                                              FakeServerHandler  handler,
                                              gpointer           user_data);
void          fake_server_add_websocket      (FakeServer              *server,
                                              const char              *path,
                                              FakeServerWebsocketFunc  func,
                                              gpointer                 user_data);
/* Serve https with this certificate (before fake_server_start). */
void          fake_server_set_tls_certificate (FakeServer       *server,
                                               GTlsCertificate  *certificate);
void          fake_server_start              (FakeServer        *server);
void          fake_server_free               (FakeServer        *server);
const char   *fake_server_get_url            (FakeServer        *server);
guint         fake_server_get_port           (FakeServer        *server);
GMainContext *fake_server_get_context        (FakeServer        *server);

/* Runs func in the server thread and waits for it. */
void          fake_server_invoke_sync        (FakeServer        *server,
                                              GSourceFunc        func,
                                              gpointer           data);
/* Sends a text frame to every open WebSocket (any thread). */
void          fake_server_websocket_send     (FakeServer        *server,
                                              const char        *text);
guint         fake_server_get_n_websockets   (FakeServer        *server);

/* Request log (any thread). The array holds FakeRequest copies. */
GPtrArray    *fake_server_get_requests       (FakeServer        *server);
guint         fake_server_count_requests     (FakeServer        *server,
                                              const char        *method,
                                              const char        *path);
/* Whether any recorded request carried this header (name case-insensitive). */
gboolean      fake_server_saw_header         (FakeServer        *server,
                                              const char        *header_name);
/* How many recorded requests carried this header with exactly this value. */
guint         fake_server_count_header       (FakeServer        *server,
                                              const char        *header_name,
                                              const char        *value);
void          fake_server_clear_requests     (FakeServer        *server);
void          fake_request_free              (FakeRequest       *request);

/* Reply helpers (server thread). */
void          fake_reply_json                (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *json);
void          fake_reply_text                (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *content_type,
                                              const char        *text);
void          fake_reply_bytes               (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *content_type,
                                              GBytes            *bytes);
/* Streams chunks with interval_ms between them, then ends the answer; when
 * keep_open is TRUE it instead keeps sending `keepalive` every interval until
 * the client goes away (counted by fake_server_get_n_disconnects). */
void          fake_reply_chunks              (FakeServer         *server,
                                              SoupServerMessage  *msg,
                                              const char         *content_type,
                                              const char * const *chunks,
                                              guint               interval_ms,
                                              gboolean            keep_open,
                                              const char         *keepalive);
guint         fake_server_get_n_disconnects  (FakeServer        *server);

/* ---- raw sockets ---------------------------------------------------------- */

typedef struct _FakeRawServer FakeRawServer;

/* One connection (raw server thread): head is the request line and headers
 * (and body if any); write to out, or call fake_raw_reset. The connection is
 * closed when the handler returns. */
typedef void (*FakeRawHandler) (FakeRawServer *server,
                                const char    *head,
                                GSocket       *socket,
                                gpointer       user_data);

FakeRawServer *fake_raw_server_new      (const char     *address,
                                         FakeRawHandler  handler,
                                         gpointer        user_data);
void           fake_raw_server_free     (FakeRawServer  *server);
const char    *fake_raw_server_get_url  (FakeRawServer  *server);
/* Copies of every request head received so far. */
GPtrArray     *fake_raw_server_get_heads (FakeRawServer *server);
void           fake_raw_write           (GSocket        *socket,
                                         const void     *data,
                                         gsize           length);
void           fake_raw_write_str       (GSocket        *socket,
                                         const char     *text);
/* Close with RST (SO_LINGER 0): the client sees "connection reset". */
void           fake_raw_reset           (GSocket        *socket);

/* A download that breaks once (raw server thread): unless n_before > 0 and
 * head asks for a Range, answers 200 with body (video/mp4, Accept-Ranges if
 * accept_ranges) and resets the connection after cut_at bytes; otherwise
 * answers 206 with the rest from the asked offset. n_before: how many
 * connections the handler saw before this one. */
void           fake_raw_serve_resumable (GSocket    *socket,
                                         const char *head,
                                         GBytes     *body,
                                         guint       n_before,
                                         gsize       cut_at,
                                         gboolean    accept_ranges);

/* ---- canary ----------------------------------------------------------------- */

/* Fails the test if any regular file below dir contains needle. */
void           fake_assert_no_file_contains (const char *dir,
                                             const char *needle);

G_END_DECLS
