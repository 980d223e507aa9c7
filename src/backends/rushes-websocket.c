/* rushes-websocket.c: a self-reconnecting WebSocket listener on libsoup 3
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: `thread` owns `context`, `session` and `conn`; they are touched
 * only there. `lock` guards `connected`, `generation` and `running`, which any
 * thread may read; `cond` wakes waiters on connection.
 */
#define G_LOG_DOMAIN "rushes-websocket"

#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "rushes-websocket.h"

#define MAX_PAYLOAD (16 * 1024 * 1024)

struct _RushesWebsocket
{
  GObject parent_instance;

  char *url;
  char *header_name;
  char *header_value;
  RushesWebsocketTextFunc func;
  gpointer user_data;

  GMutex lock;
  GCond cond;
  gboolean connected;
  guint generation;

  /* thread side */
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupSession *session;
  SoupWebsocketConnection *conn;
  GCancellable *connecting;
  guint retry_source;
  guint backoff_ms;
  gboolean stopping;
};

G_DEFINE_FINAL_TYPE (RushesWebsocket, rushes_websocket, G_TYPE_OBJECT)

static void connect_now (RushesWebsocket *self);

static void
rushes_websocket_finalize (GObject *object)
{
  RushesWebsocket *self = RUSHES_WEBSOCKET (object);

  rushes_websocket_stop (self);
  g_free (self->url);
  g_free (self->header_name);
  if (self->header_value != NULL)
    {
      memset (self->header_value, 0, strlen (self->header_value));
      g_free (self->header_value);
    }
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (rushes_websocket_parent_class)->finalize (object);
}

static void
rushes_websocket_class_init (RushesWebsocketClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_websocket_finalize;
}

static void
rushes_websocket_init (RushesWebsocket *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->backoff_ms = 500;
}

RushesWebsocket *
rushes_websocket_new (const char              *url,
                      const char              *header_name,
                      const char              *header_value,
                      RushesWebsocketTextFunc  func,
                      gpointer                 user_data)
{
  RushesWebsocket *self = g_object_new (RUSHES_TYPE_WEBSOCKET, NULL);

  if (g_str_has_prefix (url, "http://"))
    self->url = g_strconcat ("ws://", url + strlen ("http://"), NULL);
  else if (g_str_has_prefix (url, "https://"))
    self->url = g_strconcat ("wss://", url + strlen ("https://"), NULL);
  else
    self->url = g_strdup (url);
  if (header_name != NULL && *header_name != '\0')
    {
      self->header_name = g_strdup (header_name);
      self->header_value = g_strdup (header_value ? header_value : "");
    }
  self->func = func;
  self->user_data = user_data;
  return self;
}

static void
set_connected (RushesWebsocket *self,
               gboolean         connected)
{
  g_mutex_lock (&self->lock);
  self->connected = connected;
  if (connected)
    self->generation++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

static gboolean
retry_cb (gpointer data)
{
  RushesWebsocket *self = data;

  self->retry_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (RushesWebsocket *self)
{
  GSource *source;

  if (self->stopping || self->retry_source != 0)
    return;
  source = g_timeout_source_new (self->backoff_ms);
  g_source_set_callback (source, retry_cb, self, NULL);
  self->retry_source = g_source_attach (source, self->context);
  g_source_unref (source);
  self->backoff_ms = MIN (self->backoff_ms * 2, 10000);
}

static void
message_cb (SoupWebsocketConnection *conn,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  RushesWebsocket *self = user_data;
  gsize len;
  const char *data;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;   /* binary frames are previews; not used */
  data = g_bytes_get_data (message, &len);
  if (self->func != NULL)
    self->func (data, len, self->user_data);
}

static void
closed_cb (SoupWebsocketConnection *conn,
           gpointer                 user_data)
{
  RushesWebsocket *self = user_data;

  g_debug ("WebSocket closed");
  g_signal_handlers_disconnect_by_data (conn, self);
  if (self->conn == conn)
    g_clear_object (&self->conn);
  set_connected (self, FALSE);
  schedule_retry (self);
}

static void
connected_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  RushesWebsocket *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_clear_object (&self->connecting);
  if (conn == NULL)
    {
      g_debug ("WebSocket connection failed: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        schedule_retry (self);
      return;
    }

  self->conn = conn;
  self->backoff_ms = 500;
  soup_websocket_connection_set_max_incoming_payload_size (conn, MAX_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (conn, 20);
  g_signal_connect (conn, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (closed_cb), self);
  set_connected (self, TRUE);
}

static void
connect_now (RushesWebsocket *self)
{
  g_autoptr(SoupMessage) msg = NULL;

  if (self->stopping || self->conn != NULL || self->connecting != NULL)
    return;

  msg = soup_message_new ("GET", self->url);
  if (msg == NULL)
    {
      g_warning ("Not a WebSocket address: %s", self->url);
      return;
    }
  if (self->header_name != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  self->header_name, self->header_value);

  self->connecting = g_cancellable_new ();
  /* origin NULL: no Origin header */
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL,
                                        G_PRIORITY_DEFAULT, self->connecting,
                                        connected_cb, self);
}

static gpointer
websocket_thread (gpointer data)
{
  RushesWebsocket *self = data;

  g_main_context_push_thread_default (self->context);
  self->session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
  connect_now (self);
  g_main_loop_run (self->loop);

  /* stopping: close and let the close handshake run briefly */
  if (self->retry_source != 0)
    {
      GSource *s = g_main_context_find_source_by_id (self->context, self->retry_source);
      if (s != NULL)
        g_source_destroy (s);
      self->retry_source = 0;
    }
  if (self->connecting != NULL)
    g_cancellable_cancel (self->connecting);
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      if (soup_websocket_connection_get_state (self->conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (self->conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&self->conn);
    }
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->session);
  while (g_main_context_iteration (self->context, FALSE))
    ;
  g_clear_object (&self->connecting);
  set_connected (self, FALSE);

  g_main_context_pop_thread_default (self->context);
  return NULL;
}

void
rushes_websocket_start (RushesWebsocket *self)
{
  g_return_if_fail (RUSHES_IS_WEBSOCKET (self));

  g_mutex_lock (&self->lock);
  if (self->thread == NULL)
    {
      self->stopping = FALSE;
      self->context = g_main_context_new ();
      self->loop = g_main_loop_new (self->context, FALSE);
      self->thread = g_thread_new ("rushes-websocket", websocket_thread, self);
    }
  g_mutex_unlock (&self->lock);
}

static gboolean
quit_cb (gpointer data)
{
  RushesWebsocket *self = data;

  self->stopping = TRUE;
  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

void
rushes_websocket_stop (RushesWebsocket *self)
{
  GThread *thread;

  g_return_if_fail (RUSHES_IS_WEBSOCKET (self));

  g_mutex_lock (&self->lock);
  thread = g_steal_pointer (&self->thread);
  g_mutex_unlock (&self->lock);
  if (thread == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (thread);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
}

gboolean
rushes_websocket_is_connected (RushesWebsocket *self)
{
  gboolean connected;

  g_return_val_if_fail (RUSHES_IS_WEBSOCKET (self), FALSE);

  g_mutex_lock (&self->lock);
  connected = self->connected;
  g_mutex_unlock (&self->lock);
  return connected;
}

guint
rushes_websocket_get_generation (RushesWebsocket *self)
{
  guint generation;

  g_return_val_if_fail (RUSHES_IS_WEBSOCKET (self), 0);

  g_mutex_lock (&self->lock);
  generation = self->generation;
  g_mutex_unlock (&self->lock);
  return generation;
}

gboolean
rushes_websocket_wait_connected (RushesWebsocket *self,
                                 guint            timeout_ms,
                                 GCancellable    *cancellable)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gboolean connected;

  g_return_val_if_fail (RUSHES_IS_WEBSOCKET (self), FALSE);

  g_mutex_lock (&self->lock);
  while (!self->connected && g_get_monotonic_time () < end
         && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait_until (&self->cond, &self->lock,
                       MIN (end, g_get_monotonic_time () + 50000));
  connected = self->connected;
  g_mutex_unlock (&self->lock);
  return connected;
}
