/* rushes-websocket.h: a self-reconnecting WebSocket listener on libsoup 3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libcurl 7.88 has no WebSocket support, so the ComfyUI progress socket uses
 * libsoup 3 in a thread of its own (own GMainContext and SoupSession). Text
 * frames go to a callback in that thread. No Origin header is sent (ComfyUI
 * answers 403 to a loopback Host with a different Origin). TLS certificates
 * are verified (libsoup's default). The optional header (e.g. a proxy's
 * authentication) goes only to the socket's own URL, which is built from the
 * backend's base URL.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Called in the socket's thread for each text frame. */
typedef void (*RushesWebsocketTextFunc) (const char *text,
                                         gsize       length,
                                         gpointer    user_data);

#define RUSHES_TYPE_WEBSOCKET (rushes_websocket_get_type ())
G_DECLARE_FINAL_TYPE (RushesWebsocket, rushes_websocket, RUSHES, WEBSOCKET, GObject)

/* url: http(s):// or ws(s):// address of the socket. header_name may be NULL. */
RushesWebsocket *rushes_websocket_new            (const char              *url,
                                                  const char              *header_name,
                                                  const char              *header_value,
                                                  RushesWebsocketTextFunc  func,
                                                  gpointer                 user_data);
/* Starts the thread (idempotent); it connects and reconnects with backoff. */
void             rushes_websocket_start          (RushesWebsocket         *self);
/* Closes the socket and joins the thread (also done on finalize). */
void             rushes_websocket_stop           (RushesWebsocket         *self);
gboolean         rushes_websocket_is_connected   (RushesWebsocket         *self);
/* Increases with every successful (re)connection: events sent while
 * disconnected are lost, so callers re-check over HTTP when it changes. */
guint            rushes_websocket_get_generation (RushesWebsocket         *self);
/* Waits until connected, timeout or cancellation; returns is_connected. */
gboolean         rushes_websocket_wait_connected (RushesWebsocket         *self,
                                                  guint                    timeout_ms,
                                                  GCancellable            *cancellable);

G_END_DECLS
