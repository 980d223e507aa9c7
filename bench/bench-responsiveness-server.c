/* bench-responsiveness-server.c: the fake ComfyUI server of bench/responsiveness
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs in the fake server's own thread (tests/common/fake-server). Every
 * prompt posted has finished at once; its result is a SIZE MB WebM made on
 * the fly: the take's bytes with an EBML Void element of filler at the end
 * of its Segment (whose size is patched to match), so that every download
 * is a well-formed file as a real result is, and demuxers skip the filler
 * rather than scan it. Downloads go as fast as they can, or each is paced
 * at a rate (bench_server_set_rate) by a timer in the server's main loop:
 * the realistic scenario of a 1 Gbit/s network shared by four downloads.
 */
#define G_LOG_DOMAIN "bench-responsiveness"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "bench-responsiveness.h"

#define RESULT_NAME       "bench_00001_.webm"
#define BENCH_CHUNK_SIZE  (256 * 1024)

typedef struct
{
  BenchServer       *server;
  gint64             start;     /* µs */
  GSource           *timer;     /* paced: the next chunk's turn */
  gboolean           paused;
  SoupServerMessage *msg;
  guint64            sent;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  if (stream->timer != NULL)
    {
      g_source_destroy (stream->timer);
      g_source_unref (stream->timer);
    }
  g_object_unref (stream->msg);
  g_free (stream);
}

static gboolean stream_timer_cb (gpointer data);

/* The next chunk, or (paced) a timer for its turn: the message waits
 * paused meanwhile, the server's main loop is free for the other
 * downloads. */
static void
stream_next (Stream *stream)
{
  BenchServer *s = stream->server;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  guint64 left = s->size - stream->sent;
  gint64 rate = (gint64) g_atomic_int_get (&s->rate_kb) * 1024;
  g_autoptr(GBytes) chunk = NULL;

  if (left > 0 && rate > 0)
    {
      gint64 due = stream->start + (gint64) (stream->sent * (double) G_USEC_PER_SEC / rate);
      gint64 now = g_get_monotonic_time ();

      if (due > now)
        {
          if (!stream->paused)
            soup_server_message_pause (stream->msg);
          stream->paused = TRUE;
          stream->timer = g_timeout_source_new ((guint) ((due - now + 999) / 1000));
          g_source_set_callback (stream->timer, stream_timer_cb, stream, NULL);
          g_source_attach (stream->timer, g_main_context_get_thread_default ());
          return;
        }
    }
  if (left == 0)
    soup_message_body_complete (body);
  else
    {
      if (stream->sent < g_bytes_get_size (s->head))
        chunk = g_bytes_new_from_bytes (s->head, stream->sent,
                                        MIN (left, g_bytes_get_size (s->head) - stream->sent));
      else
        chunk = g_bytes_new_from_bytes (s->filler, 0, MIN (left, g_bytes_get_size (s->filler)));
      stream->sent += g_bytes_get_size (chunk);
      soup_message_body_append_bytes (body, chunk);
    }
  if (stream->paused)
    {
      stream->paused = FALSE;
      soup_server_message_unpause (stream->msg);
    }
}

static gboolean
stream_timer_cb (gpointer data)
{
  Stream *stream = data;

  g_clear_pointer (&stream->timer, g_source_unref);
  stream_next (stream);
  return G_SOURCE_REMOVE;
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       gpointer           data)
{
  stream_next (data);
}

static void
view_cb (FakeServer        *fs,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  BenchServer *s = data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Stream *stream;

  if (query == NULL || g_strcmp0 (g_hash_table_lookup (query, "filename"), RESULT_NAME) != 0)
    {
      fake_reply_text (msg, 404, "text/plain", "");
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_type (headers, "video/webm", NULL);
  soup_message_headers_set_content_length (headers, (goffset) s->size);
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  stream = g_new0 (Stream, 1);
  stream->server = s;
  stream->start = g_get_monotonic_time ();
  stream->msg = g_object_ref (msg);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb), stream);
  g_object_set_data_full (G_OBJECT (msg), "bench-stream", stream, stream_free);
  stream_next (stream);
}

static void
prompt_cb (FakeServer        *fs,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           data)
{
  BenchServer *s = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *answer = NULL;
  const char *id = NULL;
  gint64 number;

  if (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    id = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)),
                                                     "prompt_id", NULL);
  if (id == NULL)
    {
      fake_reply_json (msg, 400, "{\"error\": {\"type\": \"invalid_prompt_id\", \"message\": \"Invalid prompt_id\"}, \"node_errors\": {}}");
      return;
    }
  g_mutex_lock (&s->lock);
  number = s->next_number++;
  g_hash_table_insert (s->prompts, g_strdup (id), GINT_TO_POINTER (number));
  g_mutex_unlock (&s->lock);
  answer = g_strdup_printf ("{\"prompt_id\": \"%s\", \"number\": %" G_GINT64_FORMAT ", \"node_errors\": {}}",
                            id, number);
  fake_reply_json (msg, 200, answer);
}

/* Every posted prompt has finished at once. */
static void
history_cb (FakeServer        *fs,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           data)
{
  BenchServer *s = data;
  const char *id = path + strlen ("/api/history/");
  g_autofree char *answer = NULL;
  gpointer number = NULL;
  gboolean known;

  g_mutex_lock (&s->lock);
  known = g_hash_table_lookup_extended (s->prompts, id, NULL, &number);
  g_mutex_unlock (&s->lock);
  if (!known)
    {
      fake_reply_json (msg, 200, "{}");
      return;
    }
  answer = g_strdup_printf ("{\"%s\": {\"prompt\": [%d, \"%s\", {}, {}, []],"
                            " \"outputs\": {\"12\": {\"images\": [{\"filename\": \"" RESULT_NAME "\","
                            " \"subfolder\": \"\", \"type\": \"output\"}], \"animated\": [true]}},"
                            " \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}}",
                            id, GPOINTER_TO_INT (number), id);
  fake_reply_json (msg, 200, answer);
}

static void
queue_cb (FakeServer        *fs,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  fake_reply_json (msg, 200, "{\"queue_running\": [], \"queue_pending\": []}");
}

/* a current server (with /api routes and SaveVideo) */
static void
system_stats_cb (FakeServer        *fs,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  fake_reply_json (msg, 200, "{\"system\": {\"os\": \"posix\", \"comfyui_version\": \"0.3.40\"}, \"devices\": []}");
}

static void
object_info_cb (FakeServer        *fs,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  const char *cls = path + strlen ("/api/object_info/");
  g_autofree char *answer = g_strdup_printf ("{\"%s\": {\"input\": {\"required\": {}}, \"name\": \"%s\"}}", cls, cls);

  fake_reply_json (msg, 200, answer);
}

/* ---- results ---- */

static gboolean
read_vint (const guint8 *data,
           gsize         len,
           gsize        *at,
           gboolean      keep_marker,
           guint64      *value,
           guint        *width)
{
  guint n = 1;

  if (*at >= len || data[*at] == 0)
    return FALSE;
  while (!(data[*at] & (0x80 >> (n - 1))))
    n++;
  if (*at + n > len)
    return FALSE;
  *value = keep_marker ? data[*at] : data[*at] & (0xff >> n);
  for (guint i = 1; i < n; i++)
    *value = (*value << 8) | data[*at + i];
  *width = n;
  *at += n;
  return TRUE;
}

/* The first bytes of every download: the take with its Segment grown to
 * hold an EBML Void element whose payload (the filler the server streams
 * after these bytes) brings the file to @size. */
GBytes *
bench_padded_head (const guint8 *data,
             gsize         len,
             guint64       size,
             GError      **error)
{
  gsize at = 0, size_at;
  guint64 id, ebml_size, segment_size, payload;
  guint width;
  guint8 *head;

  if (!read_vint (data, len, &at, TRUE, &id, &width) || id != 0x1A45DFA3
      || !read_vint (data, len, &at, FALSE, &ebml_size, &width) || at + ebml_size > len)
    goto bad;
  at += ebml_size;
  size_at = at + 4;
  if (!read_vint (data, len, &at, TRUE, &id, &width) || id != 0x18538067
      || !read_vint (data, len, &at, FALSE, &segment_size, &width)
      || width != 8 || at + segment_size != len)
    goto bad;
  if (size < len + 9 + 1)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--size-mb is smaller than the take (%" G_GSIZE_FORMAT " bytes)", len);
      return NULL;
    }
  payload = size - len - 9;
  segment_size += 9 + payload;
  head = g_malloc (len + 9);
  memcpy (head, data, len);
  head[size_at] = 0x01;
  for (guint i = 0; i < 7; i++)
    head[size_at + 1 + i] = (guint8) (segment_size >> (8 * (6 - i)));
  head[len] = 0xEC;   /* Void */
  head[len + 1] = 0x01;
  for (guint i = 0; i < 7; i++)
    head[len + 2 + i] = (guint8) (payload >> (8 * (6 - i)));
  return g_bytes_new_take (head, len + 9);

bad:
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "the take is not a WebM file with one Segment of 8-byte size at its end");
  return NULL;
}

void
bench_server_init (BenchServer *s,
                   FakeServer  *fake,
                   GBytes      *head,
                   guint64      size)
{
  guint8 *filler = g_malloc (BENCH_CHUNK_SIZE);

  for (guint i = 0; i < BENCH_CHUNK_SIZE; i++)
    filler[i] = (guint8) ((i * 2654435761u) >> 24);
  g_mutex_init (&s->lock);
  s->prompts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->next_number = 1;
  s->head = g_bytes_ref (head);
  s->filler = g_bytes_new_take (filler, BENCH_CHUNK_SIZE);
  s->size = size;
  fake_server_add_handler (fake, "/api/prompt", prompt_cb, s);
  fake_server_add_handler (fake, "/api/history/*", history_cb, s);
  fake_server_add_handler (fake, "/api/queue", queue_cb, s);
  fake_server_add_handler (fake, "/api/system_stats", system_stats_cb, s);
  fake_server_add_handler (fake, "/api/object_info/*", object_info_cb, s);
  fake_server_add_handler (fake, "/api/view", view_cb, s);
}

void
bench_server_set_rate (BenchServer *s,
                       double       mb_per_s)
{
  g_atomic_int_set (&s->rate_kb, (int) (MAX (mb_per_s, 0) * 1024));
}

void
bench_server_clear (BenchServer *s)
{
  g_bytes_unref (s->head);
  g_bytes_unref (s->filler);
  g_hash_table_unref (s->prompts);
  g_mutex_clear (&s->lock);
}
