/* test-comfyui.c: the ComfyUI backend against a fake ComfyUI server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake speaks the documented protocol (comfyui.md): /api/prompt,
 * /api/queue, /api/history/{id}, /api/interrupt, /api/view,
 * /api/upload/image, /api/object_info/{Class}, /api/system_stats and the
 * /api/ws WebSocket with execution_start / executing / progress /
 * execution_success|error|interrupted / executing{node:null}.
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "rushes-comfyui-backend.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-recipe.h"
#include "rushes-remote-util.h"
#include "rushes-backend-kinds.h"
#include "rushes-secrets.h"
#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-job-private.h"
#include "rushes-journal.h"
#include "rushes-tagger.h"
#include "rushes-take.h"
#include "media-fixtures.h"
#include "fake-server.h"
#include "test-common.h"
#include "test-util.h"

typedef enum
{
  MODE_SUCCESS,
  MODE_SUCCESS_GIFS,
  MODE_EXEC_ERROR,
  MODE_MISSING_MODEL,
  MODE_UNSAFE_FILENAME,
  MODE_HOLD,            /* first job runs until interrupted, others wait */
  MODE_HTML,
  MODE_ERROR_200,       /* 200 whose body is an error */
  MODE_OLD_SERVER,      /* no CreateVideo/SaveVideo */
  MODE_FLAKY,           /* 429 + Retry-After, 503, malformed JSON once each; result via redirect to a truncating host */
  MODE_STALL_VIEW,      /* the result download sends a few bytes, then trickles until the client goes */
  MODE_NO_API,          /* a 2023 server: no /api prefix, no version, no CreateVideo/SaveVideo */
} Mode;

typedef struct
{
  char *id;
  char *client_id;
  gint64 number;
  JsonNode *graph;
  gboolean running;
  gboolean done;
} FakePrompt;

typedef struct
{
  FakeServer *server;
  RushesComfyuiBackend *backend;
  Mode mode;
  char *dir;
  GBytes *video;

  GMutex lock;            /* guards the fields below (server thread writes) */
  GPtrArray *prompts;     /* FakePrompt */
  JsonObject *history;    /* id → entry */
  gint64 next_number;
  guint n_interrupts;
  char *interrupt_body;
  char *queue_body;
  char *last_prompt_body;
  guint n_uploads;
  gint n_history;
  gint n_queue;
  gint n_raw;
  FakeRawServer *raw;   /* 127.0.0.2: truncates, then honours Range */
} Fixture;

static void
fake_prompt_free (FakePrompt *p)
{
  g_free (p->id);
  g_free (p->client_id);
  json_node_unref (p->graph);
  g_free (p);
}

static FakePrompt *
find_prompt_locked (Fixture *f, const char *id)
{
  for (guint i = 0; i < f->prompts->len; i++)
    {
      FakePrompt *p = g_ptr_array_index (f->prompts, i);
      if (g_strcmp0 (p->id, id) == 0)
        return p;
    }
  return NULL;
}

static void
send_event (Fixture *f, const char *type, const char *data_json)
{
  g_autofree char *text = g_strdup_printf ("{\"type\": \"%s\", \"data\": %s}", type, data_json);

  fake_server_websocket_send (f->server, text);
}

static char *
history_entry (Fixture *f, FakePrompt *p, const char *outcome)
{
  if (g_strcmp0 (outcome, "error") == 0)
    return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []], \"outputs\": {},"
                            " \"status\": {\"status_str\": \"error\", \"completed\": false, \"messages\": ["
                            "[\"execution_start\", {\"prompt_id\": \"%s\"}],"
                            "[\"execution_error\", {\"prompt_id\": \"%s\", \"node_id\": \"9\", \"node_type\": \"SamplerCustom\","
                            " \"exception_message\": \"Allocation on device \\nThis error means you ran out of memory on your GPU.\","
                            " \"exception_type\": \"torch.OutOfMemoryError\", \"traceback\": []}]]}}",
                            p->number, p->id, p->id, p->id);
  if (g_strcmp0 (outcome, "interrupted") == 0)
    return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []], \"outputs\": {},"
                            " \"status\": {\"status_str\": \"error\", \"completed\": false, \"messages\": ["
                            "[\"execution_interrupted\", {\"prompt_id\": \"%s\", \"node_id\": \"9\", \"node_type\": \"SamplerCustom\", \"executed\": []}]]}}",
                            p->number, p->id, p->id);
  if (f->mode == MODE_SUCCESS_GIFS)
    return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []],"
                            " \"outputs\": {\"12\": {\"gifs\": [{\"filename\": \"rushes_00001.mp4\", \"subfolder\": \"\", \"type\": \"output\","
                            " \"format\": \"video/h264-mp4\", \"frame_rate\": 24, \"fullpath\": \"/srv/out/rushes_00001.mp4\"}]}},"
                            " \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}",
                            p->number, p->id);
  if (f->mode == MODE_OLD_SERVER || f->mode == MODE_NO_API)
    return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []],"
                            " \"outputs\": {\"12\": {\"images\": [{\"filename\": \"rushes_ltxv_00001_.webp\", \"subfolder\": \"\", \"type\": \"output\"}], \"animated\": [true]}},"
                            " \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}",
                            p->number, p->id);
  if (f->mode == MODE_UNSAFE_FILENAME)
    return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []],"
                            " \"outputs\": {\"12\": {\"images\": [{\"filename\": \"../../evil.mp4\", \"subfolder\": \"video\", \"type\": \"output\"},"
                            " {\"filename\": \"ok.mp4\", \"subfolder\": \"/etc\", \"type\": \"output\"}], \"animated\": [true]}},"
                            " \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}",
                            p->number, p->id);
  return g_strdup_printf ("{\"prompt\": [%" G_GINT64_FORMAT ", \"%s\", {}, {}, []],"
                          " \"outputs\": {\"10\": {\"images\": [{\"filename\": \"preview_00001_.png\", \"subfolder\": \"\", \"type\": \"temp\"}]},"
                          " \"12\": {\"images\": [{\"filename\": \"rushes_ltxv_00001_.mp4\", \"subfolder\": \"video\", \"type\": \"output\"}], \"animated\": [true]},"
                          " \"13\": {\"text\": [\"hello\"]}},"
                          " \"status\": {\"status_str\": \"success\", \"completed\": true, \"messages\": []}}",
                          p->number, p->id);
}

static void
finish_prompt (Fixture *f, FakePrompt *p, const char *outcome)
{
  g_autofree char *entry = history_entry (f, p, outcome);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *data = g_strdup_printf ("{\"prompt_id\": \"%s\"}", p->id);
  g_autofree char *done = g_strdup_printf ("{\"node\": null, \"prompt_id\": \"%s\"}", p->id);

  g_assert_true (json_parser_load_from_data (parser, entry, -1, NULL));
  if (g_strcmp0 (outcome, "success") == 0)
    send_event (f, "execution_success", data);
  else if (g_strcmp0 (outcome, "error") == 0)
    {
      g_autofree char *err = g_strdup_printf ("{\"prompt_id\": \"%s\", \"node_id\": \"9\", \"node_type\": \"SamplerCustom\","
                                              " \"exception_message\": \"out of memory\", \"exception_type\": \"torch.OutOfMemoryError\"}", p->id);
      send_event (f, "execution_error", err);
    }
  else
    send_event (f, "execution_interrupted", data);

  g_mutex_lock (&f->lock);
  json_object_set_member (f->history, p->id, json_node_copy (json_parser_get_root (parser)));
  p->running = FALSE;
  p->done = TRUE;
  g_mutex_unlock (&f->lock);

  send_event (f, "executing", done);
}

typedef struct
{
  Fixture *f;
  char *id;
  guint step;
} Run;

/* also when the server goes with a prompt still running */
static void
run_free (gpointer data)
{
  Run *run = data;

  g_free (run->id);
  g_free (run);
}

static gboolean
run_step_cb (gpointer data)
{
  Run *run = data;
  Fixture *f = run->f;
  FakePrompt *p;
  g_autofree char *id_data = g_strdup_printf ("{\"prompt_id\": \"%s\"}", run->id);

  g_mutex_lock (&f->lock);
  p = find_prompt_locked (f, run->id);
  /* one job at a time: wait while another runs */
  for (guint i = 0; p && !p->running && !p->done && i < f->prompts->len; i++)
    {
      FakePrompt *other = g_ptr_array_index (f->prompts, i);
      if (other->running)
        {
          g_mutex_unlock (&f->lock);
          return G_SOURCE_CONTINUE;
        }
    }
  if (p == NULL || p->done)
    {
      g_mutex_unlock (&f->lock);
      return G_SOURCE_REMOVE;
    }
  p->running = TRUE;
  g_mutex_unlock (&f->lock);

  switch (run->step++)
    {
    case 0:
      send_event (f, "execution_start", id_data);
      break;
    case 1:
      {
        g_autofree char *d = g_strdup_printf ("{\"node\": \"9\", \"display_node\": \"9\", \"prompt_id\": \"%s\"}", run->id);
        send_event (f, "executing", d);
      }
      break;
    case 2: case 3: case 4:
      {
        g_autofree char *d = g_strdup_printf ("{\"value\": %u, \"max\": 3, \"prompt_id\": \"%s\", \"node\": \"9\"}",
                                              run->step - 2, run->id);
        send_event (f, "progress", d);
      }
      break;
    default:
      if (f->mode == MODE_HOLD)
        return G_SOURCE_CONTINUE;   /* runs until interrupted */
      finish_prompt (f, p, f->mode == MODE_EXEC_ERROR ? "error" : "success");
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* ---- handlers ----------------------------------------------------------------- */

static void
prompt_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  FakePrompt *p;
  const char *id;
  g_autofree char *answer = NULL;
  Run *run;
  GSource *source;

  if (f->mode == MODE_HTML)
    {
      fake_reply_text (msg, 200, "text/html", "<html><body>Login required</body></html>");
      return;
    }
  if (f->mode == MODE_ERROR_200)
    {
      fake_reply_json (msg, 200, "{\"error\": \"Queue is paused by the administrator\"}");
      return;
    }
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL))
    {
      fake_reply_text (msg, 500, "text/plain", "500 Internal Server Error");
      return;
    }
  g_mutex_lock (&f->lock);
  g_free (f->last_prompt_body);
  f->last_prompt_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_mutex_unlock (&f->lock);

  root = json_node_get_object (json_parser_get_root (parser));
  id = json_object_get_string_member_with_default (root, "prompt_id", NULL);
  if (id == NULL || !g_uuid_string_is_valid (id))
    {
      fake_reply_json (msg, 400, "{\"error\": {\"type\": \"invalid_prompt_id\", \"message\": \"Invalid prompt_id\", \"details\": \"\", \"extra_info\": {}}, \"node_errors\": {}}");
      return;
    }
  if (f->mode == MODE_MISSING_MODEL)
    {
      fake_reply_json (msg, 400,
                       "{\"error\": {\"type\": \"prompt_outputs_failed_validation\", \"message\": \"Prompt outputs failed validation\","
                       " \"details\": \"\", \"extra_info\": {}}, \"node_errors\": {\"1\": {\"class_type\": \"CheckpointLoaderSimple\","
                       " \"dependent_outputs\": [\"12\"], \"errors\": [{\"type\": \"value_not_in_list\", \"message\": \"Value not in list\","
                       " \"details\": \"ckpt_name: 'ltx-video-2b-v0.9.5.safetensors' not in (list of length 12)\","
                       " \"extra_info\": {\"input_name\": \"ckpt_name\", \"input_config\": null, \"received_value\": \"ltx-video-2b-v0.9.5.safetensors\"}}]}}}");
      return;
    }

  p = g_new0 (FakePrompt, 1);
  p->id = g_strdup (id);
  p->client_id = g_strdup (json_object_get_string_member_with_default (root, "client_id", ""));
  p->graph = json_node_copy (json_object_get_member (root, "prompt"));
  g_mutex_lock (&f->lock);
  p->number = f->next_number++;
  g_ptr_array_add (f->prompts, p);
  g_mutex_unlock (&f->lock);

  answer = g_strdup_printf ("{\"prompt_id\": \"%s\", \"number\": %" G_GINT64_FORMAT ", \"node_errors\": {}}", id, p->number);
  fake_reply_json (msg, 200, answer);

  run = g_new0 (Run, 1);
  run->f = f;
  run->id = g_strdup (id);
  source = g_timeout_source_new (60);
  g_source_set_callback (source, run_step_cb, run, run_free);
  g_source_attach (source, fake_server_get_context (s));
  g_source_unref (source);
}

static void
history_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  const char *id = strrchr (path, '/') + 1;
  int n = g_atomic_int_add (&f->n_history, 1);

  if (f->mode == MODE_FLAKY && n == 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "1");
      fake_reply_json (msg, 429, "{\"error\": \"Too many requests\"}");
      return;
    }
  if (f->mode == MODE_FLAKY && n == 1)
    {
      fake_reply_json (msg, 200, "{\"truncated\": [1, 2");
      return;
    }
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autofree char *text = NULL;

  g_mutex_lock (&f->lock);
  if (json_object_has_member (f->history, id))
    json_object_set_member (obj, id, json_node_copy (json_object_get_member (f->history, id)));
  g_mutex_unlock (&f->lock);
  json_node_set_object (root, obj);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, NULL);
  fake_reply_json (msg, 200, text);
}

static void
queue_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  GString *running = g_string_new (NULL), *pending = g_string_new (NULL);
  g_autofree char *answer = NULL;

  if (strcmp (soup_server_message_get_method (msg), "POST") == 0)
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_mutex_lock (&f->lock);
      g_free (f->queue_body);
      f->queue_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      if (json_parser_load_from_data (parser, f->queue_body, -1, NULL))
        {
          JsonObject *o = json_node_get_object (json_parser_get_root (parser));
          JsonArray *del = json_object_has_member (o, "delete") ? json_object_get_array_member (o, "delete") : NULL;

          for (guint i = 0; del && i < json_array_get_length (del); i++)
            {
              FakePrompt *p = find_prompt_locked (f, json_array_get_string_element (del, i));
              if (p && !p->running && !p->done)
                g_ptr_array_remove (f->prompts, p);
            }
        }
      g_mutex_unlock (&f->lock);
      fake_reply_text (msg, 200, "text/plain", "");
      g_string_free (running, TRUE);
      g_string_free (pending, TRUE);
      return;
    }

  if (f->mode == MODE_FLAKY && g_atomic_int_add (&f->n_queue, 1) == 0)
    {
      g_string_free (running, TRUE);
      g_string_free (pending, TRUE);
      fake_reply_text (msg, 503, "text/html", "<html><body>502 Bad Gateway</body></html>");
      return;
    }

  g_mutex_lock (&f->lock);
  for (guint i = 0; i < f->prompts->len; i++)
    {
      FakePrompt *p = g_ptr_array_index (f->prompts, i);
      GString *list = p->running ? running : pending;

      if (p->done)
        continue;
      g_string_append_printf (list, "%s[%" G_GINT64_FORMAT ", \"%s\", {}, {\"client_id\": \"%s\"}, [\"12\"]]",
                              list->len ? ", " : "", p->number, p->id, p->client_id);
    }
  g_mutex_unlock (&f->lock);
  answer = g_strdup_printf ("{\"queue_running\": [%s], \"queue_pending\": [%s]}", running->str, pending->str);
  g_string_free (running, TRUE);
  g_string_free (pending, TRUE);
  fake_reply_json (msg, 200, answer);
}

static void
interrupt_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  FakePrompt *target = NULL;

  g_mutex_lock (&f->lock);
  f->n_interrupts++;
  g_free (f->interrupt_body);
  f->interrupt_body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  if (json_parser_load_from_data (parser, f->interrupt_body, -1, NULL))
    {
      const char *id = json_object_get_string_member_with_default (json_node_get_object (json_parser_get_root (parser)), "prompt_id", NULL);
      FakePrompt *p = find_prompt_locked (f, id);
      if (p && p->running)
        target = p;
    }
  g_mutex_unlock (&f->lock);

  if (target != NULL)
    finish_prompt (f, target, "interrupted");
  fake_reply_text (msg, 200, "text/plain", "");
}

static void
view_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  const char *filename = q ? g_hash_table_lookup (q, "filename") : NULL;

  if (filename == NULL || filename[0] == '/' || strstr (filename, "..") != NULL)
    {
      fake_reply_text (msg, 400, "text/plain", "");
      return;
    }
  if (f->mode == MODE_FLAKY)
    {
      g_autofree char *target = g_strdup_printf ("%s/storage/%s", fake_raw_server_get_url (f->raw), filename);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", target);
      fake_reply_text (msg, 302, "text/plain", "");
      return;
    }
  if (g_strcmp0 (filename, "rushes_ltxv_00001_.mp4") != 0 && g_strcmp0 (filename, "rushes_00001.mp4") != 0 &&
      g_strcmp0 (filename, "rushes_ltxv_00001_.webp") != 0)
  if (g_strcmp0 (filename, "rushes_ltxv_00001_.mp4") != 0 && g_strcmp0 (filename, "rushes_00001.mp4") != 0
      && g_strcmp0 (filename, "rushes_ltxv_00001_.webp") != 0)
    {
      fake_reply_text (msg, 404, "text/plain", "");
      return;
    }
  if (f->mode == MODE_STALL_VIEW)
    {
      const char *chunks[] = { "\x1a\x45\xdf\xa3 the first bytes of a video", NULL };

      fake_reply_chunks (s, msg, "video/mp4", chunks, 20, TRUE, "z");
      return;
    }
  fake_reply_bytes (msg, 200, "video/mp4", f->video);
}

static void
upload_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  SoupMultipart *mp = soup_multipart_new_from_message (soup_server_message_get_request_headers (msg), body);

  if (mp == NULL)
    {
      fake_reply_text (msg, 400, "text/plain", "");
      return;
    }
  soup_multipart_free (mp);
  g_mutex_lock (&f->lock);
  f->n_uploads++;
  g_mutex_unlock (&f->lock);
  fake_reply_json (msg, 200, "{\"name\": \"start.png\", \"subfolder\": \"rushes\", \"type\": \"input\"}");
}

#define JOBS_ONLY_ID "00000000-0000-4000-8000-000000000001"

static void
jobs_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  if (strcmp (path, "/api/jobs/" JOBS_ONLY_ID) == 0)
    fake_reply_json (msg, 200, "{\"id\": \"" JOBS_ONLY_ID "\", \"status\": \"completed\", \"priority\": 3, \"outputs_count\": 1}");
  else
    fake_reply_json (msg, 404, "{\"error\": \"Job not found\"}");
}

static void
stats_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;

  if (f->mode == MODE_NO_API)
    fake_reply_json (msg, 200, "{\"system\": {\"os\": \"posix\", \"python_version\": \"3.10.12\", \"embedded_python\": false}, \"devices\": []}");
  else
    fake_reply_json (msg, 200, "{\"system\": {\"os\": \"linux\", \"comfyui_version\": \"0.24.0\"}, \"devices\": []}");
}

static void
object_info_cb (FakeServer *s, SoupServerMessage *msg, const char *path, GHashTable *q, gpointer data)
{
  Fixture *f = data;
  const char *cls = strrchr (path, '/') + 1;
  g_autofree char *answer = NULL;

  if ((f->mode == MODE_OLD_SERVER || f->mode == MODE_NO_API) && (strcmp (cls, "SaveVideo") == 0 || strcmp (cls, "CreateVideo") == 0))
    fake_reply_json (msg, 200, "{}");
  else if (strcmp (cls, "LTXVScheduler") == 0)
    fake_reply_json (msg, 200, "{}");   /* a node the server lacks */
  else if (strcmp (cls, "CheckpointLoaderSimple") == 0)
    fake_reply_json (msg, 200, "{\"CheckpointLoaderSimple\": {\"input\": {\"required\": {\"ckpt_name\": [[\"ltx-video-2b-v0.9.1.safetensors\", \"v1-5.safetensors\"], {}]}},"
                               " \"output\": [\"MODEL\", \"CLIP\", \"VAE\"], \"name\": \"CheckpointLoaderSimple\"}}");
  else if (strcmp (cls, "CLIPLoader") == 0)
    fake_reply_json (msg, 200, "{\"CLIPLoader\": {\"input\": {\"required\": {\"clip_name\": [\"COMBO\", {\"options\": [\"t5xxl_fp16.safetensors\"]}],"
                               " \"type\": [[\"ltxv\", \"wan\"], {}]}}, \"name\": \"CLIPLoader\"}}");
  else
    {
      answer = g_strdup_printf ("{\"%s\": {\"input\": {\"required\": {}}, \"name\": \"%s\"}}", cls, cls);
      fake_reply_json (msg, 200, answer);
    }
}

/* The storage host: first answer cut off halfway (reset), then Range. */
static void
storage_raw (FakeRawServer *s, const char *head, GSocket *sock, gpointer data)
{
  Fixture *f = data;

  fake_raw_serve_resumable (sock, head, f->video, g_atomic_int_add (&f->n_raw, 1),
                            g_bytes_get_size (f->video) / 2, TRUE);
}

/* ---- fixture ---------------------------------------------------------------------- */

static void
setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  guint8 *bytes = g_malloc (50000);

  for (guint i = 0; i < 50000; i++)
    bytes[i] = (guint8) (i % 251);
  f->video = g_bytes_new_take (bytes, 50000);
  f->mode = GPOINTER_TO_INT (data);
  g_mutex_init (&f->lock);
  f->prompts = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_prompt_free);
  f->history = json_object_new ();
  f->next_number = 1;

  f->server = fake_server_new ("127.0.0.1");
#define ROUTE(path) (f->mode == MODE_NO_API ? path : "/api" path)
  fake_server_add_handler (f->server, ROUTE ("/prompt"), prompt_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/history/*"), history_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/queue"), queue_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/interrupt"), interrupt_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/view"), view_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/upload/image"), upload_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/system_stats"), stats_cb, f);
  if (f->mode != MODE_NO_API)
    fake_server_add_handler (f->server, "/api/jobs/*", jobs_cb, f);
  fake_server_add_handler (f->server, ROUTE ("/object_info/*"), object_info_cb, f);
  fake_server_add_websocket (f->server, ROUTE ("/ws"), NULL, NULL);
#undef ROUTE
  fake_server_start (f->server);
  f->raw = fake_raw_server_new ("127.0.0.2", storage_raw, f);

  f->backend = rushes_comfyui_backend_new ("studio-comfy", "Studio", fake_server_get_url (f->server), NULL, &error);
  g_assert_no_error (error);
  rushes_http_client_set_retry_policy (rushes_comfyui_backend_get_http_client (f->backend), 2, 10, 5);
  rushes_comfyui_backend_set_poll_timing (f->backend, 200, 5000);
  g_assert_true (rushes_comfyui_backend_set_extra_header (f->backend, "X-Proxy-Auth", "Bearer " TEST_CANARY, &error));

  f->dir = g_build_filename (g_get_user_data_dir (), "library", NULL);
  g_mkdir_with_parents (f->dir, 0700);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  test_assert_no_canary (f->dir);
  g_clear_object (&f->backend);
  fake_server_free (f->server);
  fake_raw_server_free (f->raw);
  g_ptr_array_unref (f->prompts);
  json_object_unref (f->history);
  g_free (f->interrupt_body);
  g_free (f->queue_body);
  g_free (f->last_prompt_body);
  g_bytes_unref (f->video);
  g_mutex_clear (&f->lock);
  g_free (f->dir);
}

static RushesRecipe *
make_recipe (void)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_backend (recipe, "studio-comfy");
  rushes_recipe_set_prompt (recipe, "A red fox trotting through deep snow at dawn, low camera, soft light");
  rushes_recipe_set_negative_prompt (recipe, "blurry");
  rushes_recipe_set_seconds (recipe, 4.0);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 770);
  rushes_recipe_set_height (recipe, 512);
  rushes_recipe_set_seed (recipe, 1234);
  rushes_recipe_set_steps (recipe, 20);
  rushes_recipe_set_guidance (recipe, 3.5);
  return recipe;
}

typedef struct
{
  double max_fraction;
  guint n_mid;
  gboolean saw_steps;
  char *last_status;
} ProgressLog;

static void
progress_cb (double fraction, const char *status, gpointer data)
{
  ProgressLog *log = data;

  if (fraction > log->max_fraction)
    log->max_fraction = fraction;
  if (fraction > 0.05 && fraction < 0.99)
    log->n_mid++;
  if (status != NULL && strstr (status, "of 3") != NULL)
    log->saw_steps = TRUE;
  if (status != NULL)
    {
      g_free (log->last_status);
      log->last_status = g_strdup (status);
    }
}

/* Polls until a terminal state (at most ~10 s). */
static void
poll_until_done (RushesBackend *backend, const char *remote_id, RushesRemoteStatus *status, ProgressLog *log)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(GError) error = NULL;

      rushes_remote_status_clear (status);
      g_assert_true (rushes_backend_poll (backend, remote_id, status, progress_cb, log, NULL, &error));
      g_assert_no_error (error);
      if (status->state != RUSHES_REMOTE_QUEUED && status->state != RUSHES_REMOTE_RUNNING)
        return;
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static char *
submit (Fixture *f, RushesRecipe *recipe, const char *job_id, GError **error)
{
  ProgressLog log = { 0 };
  char *id = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, progress_cb, &log, NULL, error);

  g_free (log.last_status);
  return id;
}

/* ---- tests ---------------------------------------------------------------------------- */

static void
check_success (Fixture *f, gboolean websocket)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) reqs = NULL;
  JsonObject *body, *graph;
  gsize len = 0;

  rushes_comfyui_backend_set_use_websocket (f->backend, websocket);
  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote, ==, job_id);

  /* what went to the server */
  g_mutex_lock (&f->lock);
  g_assert_true (json_parser_load_from_data (parser, f->last_prompt_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  body = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (body, "prompt_id"), ==, job_id);
  graph = json_object_get_object_member (body, "prompt");
#define INPUTS(n) json_object_get_object_member (json_object_get_object_member (graph, n), "inputs")
  g_assert_cmpstr (json_object_get_string_member (INPUTS ("3"), "text"), ==, rushes_recipe_get_prompt (recipe));
  g_assert_cmpstr (json_object_get_string_member (INPUTS ("4"), "text"), ==, "blurry");
  g_assert_cmpint (json_object_get_int_member (INPUTS ("9"), "noise_seed"), ==, 1234);
  g_assert_cmpfloat (json_object_get_double_member (INPUTS ("9"), "cfg"), ==, 3.5);
  g_assert_cmpint (json_object_get_int_member (INPUTS ("6"), "width"), ==, 768);    /* multiple of 32 */
  g_assert_cmpint (json_object_get_int_member (INPUTS ("6"), "height"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (INPUTS ("6"), "length"), ==, 97);    /* 96 → 8k+1 */
  g_assert_cmpint (json_object_get_int_member (INPUTS ("7"), "steps"), ==, 20);
  g_assert_cmpfloat (json_object_get_double_member (INPUTS ("11"), "fps"), ==, 24.0);
  g_assert_cmpfloat (json_object_get_double_member (INPUTS ("5"), "frame_rate"), ==, 24.0);
#undef INPUTS

  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  /* only the video, not the temp preview image or the text */
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);
  g_assert_nonnull (strstr (status.results[0], "rushes_ltxv_00001_.mp4"));
  if (websocket)
    {
      g_assert_cmpuint (log.n_mid, >, 0);   /* sampler progress seen */
      g_assert_true (log.saw_steps);
    }

  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest,
                                       NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));

  reqs = fake_server_get_requests (f->server);
  for (guint i = 0; i < reqs->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (reqs, i);

      /* no Origin anywhere (ComfyUI would answer 403) and the proxy header everywhere */
      g_assert_null (soup_message_headers_get_one (r->headers, "Origin"));
      g_assert_cmpstr (soup_message_headers_get_one (r->headers, "X-Proxy-Auth"), ==, "Bearer " TEST_CANARY);
      if (r->websocket)
        {
          g_assert_true (websocket);
          g_assert_nonnull (strstr (r->query, "clientId="));
          g_assert_nonnull (strstr (f->last_prompt_body, strstr (r->query, "clientId=") + strlen ("clientId=")));
        }
    }
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/ws") > 0, ==, websocket);
  g_free (log.last_status);
}

static void
test_success_websocket (Fixture *f, gconstpointer data)
{
  check_success (f, TRUE);
}

static void
test_success_polling (Fixture *f, gconstpointer data)
{
  check_success (f, FALSE);
}

static void
test_vhs_gifs (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };

  g_assert_no_error (error);
  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpuint (g_strv_length (status.results), ==, 1);
  g_assert_nonnull (strstr (status.results[0], "rushes_00001.mp4"));
  g_free (log.last_status);
}

static void
test_missing_model (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);

  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "model file"));
  g_assert_nonnull (strstr (error->message, "ltx-video-2b-v0.9.5.safetensors"));
  g_assert_null (strstr (error->message, TEST_CANARY));
}

static void
test_execution_error (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };

  g_assert_no_error (error);
  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "GPU memory"));
  g_assert_nonnull (strstr (status.error, "SamplerCustom"));
  g_free (log.last_status);
}

static void
test_unsafe_filename (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);

  g_assert_no_error (error);
  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_FAILED);
  g_assert_nonnull (strstr (status.error, "unsafe"));

  /* a forged locator is refused too, and nothing is written */
  g_assert_false (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote,
                                        "comfyui:view?filename=..%2F..%2Fx.mp4&subfolder=&type=output",
                                        dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote,
                                        "comfyui:view?filename=x.mp4&subfolder=%2Fetc&type=output",
                                        dest, NULL, NULL, NULL, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
  g_free (log.last_status);
}

static gboolean
wait_running (Fixture *f, const char *id)
{
  for (guint i = 0; i < 200; i++)
    {
      gboolean running;

      g_mutex_lock (&f->lock);
      running = find_prompt_locked (f, id) && find_prompt_locked (f, id)->running;
      g_mutex_unlock (&f->lock);
      if (running)
        return TRUE;
      g_usleep (20000);
    }
  return FALSE;
}

static void
test_cancel_running (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };

  g_assert_no_error (error);
  g_assert_true (wait_running (f, remote));
  g_assert_true (rushes_backend_cancel (RUSHES_BACKEND (f->backend), remote, NULL, &error));
  g_assert_no_error (error);

  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->n_interrupts, ==, 1);
  g_assert_nonnull (strstr (f->interrupt_body, remote));
  g_assert_null (f->queue_body);
  g_mutex_unlock (&f->lock);

  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_CANCELLED);
  g_free (log.last_status);
}

static void
test_cancel_pending (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *first_id = g_uuid_string_random ();
  g_autofree char *second_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = submit (f, recipe, first_id, &error);
  g_autofree char *second = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };

  g_assert_no_error (error);
  g_assert_true (wait_running (f, first));
  second = submit (f, recipe, second_id, &error);
  g_assert_no_error (error);

  /* the second waits behind the first */
  g_assert_true (rushes_backend_poll (RUSHES_BACKEND (f->backend), second, &status, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_QUEUED);

  g_assert_true (rushes_backend_cancel (RUSHES_BACKEND (f->backend), second, NULL, &error));
  g_assert_no_error (error);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->n_interrupts, ==, 0);   /* the running job (not ours to stop) kept going */
  g_assert_nonnull (f->queue_body);
  g_assert_nonnull (strstr (f->queue_body, second));
  g_assert_null (find_prompt_locked (f, second));
  g_mutex_unlock (&f->lock);
}

static void
test_lookup_and_resume (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *other = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = submit (f, recipe, job_id, &error);
  g_autofree char *found = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "resumed.mp4", NULL);
  g_autoptr(RushesComfyuiBackend) restarted = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };

  g_assert_no_error (error);

  /* a job cut off inside submit is found by its id … */
  found = rushes_backend_lookup (RUSHES_BACKEND (f->backend), job_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, job_id);
  g_clear_pointer (&found, g_free);
  /* … and one that never arrived is not */
  found = rushes_backend_lookup (RUSHES_BACKEND (f->backend), other, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
  /* … and one only the jobs list still knows is found there */
  found = rushes_backend_lookup (RUSHES_BACKEND (f->backend), JOBS_ONLY_ID, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found, ==, JOBS_ONLY_ID);
  g_clear_pointer (&found, g_free);

  /* "restart": a fresh backend re-attaches by id and downloads once */
  restarted = rushes_comfyui_backend_new ("studio-comfy", "Studio", fake_server_get_url (f->server), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_comfyui_backend_set_extra_header (restarted, "X-Proxy-Auth", "Bearer " TEST_CANARY, &error));
  rushes_comfyui_backend_set_poll_timing (restarted, 200, 5000);
  poll_until_done (RUSHES_BACKEND (restarted), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (restarted), remote, status.results[0], dest,
                                       NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/view"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "POST", "/api/prompt"), ==, 1);
  g_free (log.last_status);
}

static void
test_lookup_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiBackend) down = NULL;
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *found = NULL;
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  down = rushes_comfyui_backend_new ("down", NULL, url, NULL, &error);
  g_assert_no_error (error);
  rushes_http_client_set_retry_policy (rushes_comfyui_backend_get_http_client (down), 1, 10, 5);

  /* unreachable is an error, never "not there" (that would resubmit) */
  found = rushes_backend_lookup (RUSHES_BACKEND (down), job_id, NULL, &error);
  g_assert_null (found);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE);
}

static void
test_html_answer (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  rushes_comfyui_backend_set_use_websocket (f->backend, FALSE);
  remote = submit (f, recipe, job_id, &error);
  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (error->message, "web page"));
}

static void
test_flaky_server (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autofree char *dest = g_build_filename (f->dir, "take.mp4", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) heads = NULL;
  gboolean saw_protocol_error = FALSE;
  gint64 start;
  gsize len = 0;

  rushes_comfyui_backend_set_use_websocket (f->backend, FALSE);
  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100; i++)
    {
      rushes_remote_status_clear (&status);
      if (!rushes_backend_poll (RUSHES_BACKEND (f->backend), remote, &status, NULL, NULL, NULL, &error))
        {
          /* the malformed answer fails this poll only, as "unavailable"
           * so that the engine polls again */
          g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE);
          g_clear_error (&error);
          saw_protocol_error = TRUE;
          continue;
        }
      if (status.state == RUSHES_REMOTE_SUCCEEDED || status.state == RUSHES_REMOTE_FAILED)
        break;
      g_usleep (50000);
    }
  g_assert_true (saw_protocol_error);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  /* the 429 asked for 1 s, and it was honoured */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950000);
  /* a lookup meets a 503 from the queue and retries (GET is idempotent) */
  {
    g_autofree char *unknown = g_uuid_string_random ();
    g_autofree char *found = rushes_backend_lookup (RUSHES_BACKEND (f->backend), unknown, NULL, &error);

    g_assert_no_error (error);
    g_assert_null (found);
    g_assert_cmpint (g_atomic_int_get (&f->n_queue), ==, 2);
  }

  /* the result redirects to another host that cuts the connection; the
   * download resumes there, without the proxy credential */
  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest,
                                       NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  heads = fake_raw_server_get_heads (f->raw);
  g_assert_cmpuint (heads->len, ==, 2);
  for (guint i = 0; i < heads->len; i++)
    {
      g_autofree char *lower = g_ascii_strdown (g_ptr_array_index (heads, i), -1);
      g_assert_null (strstr (lower, "x-proxy-auth"));
      g_assert_null (strstr (lower, "canary"));
    }
  g_assert_nonnull (strstr (g_ptr_array_index (heads, 1), "Range: bytes=25000-"));
}

static void
test_old_server (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  ProgressLog log = { 0 };
  JsonObject *graph, *webp;

  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);
  g_mutex_lock (&f->lock);
  g_assert_true (json_parser_load_from_data (parser, f->last_prompt_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  graph = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "prompt");
  g_assert_false (json_object_has_member (graph, "11"));   /* CreateVideo gone */
  webp = json_object_get_object_member (graph, "12");
  g_assert_cmpstr (json_object_get_string_member (webp, "class_type"), ==, "SaveAnimatedWEBP");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (webp, "inputs"), "images"), 0),
                   ==, "10");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (webp, "inputs"), "fps"), ==, 24.0);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/object_info/SaveVideo"), ==, 1);

  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_nonnull (strstr (status.results[0], ".webp"));

  /* asked once per backend */
  g_free (remote);
  g_free (job_id);
  job_id = g_uuid_string_random ();
  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/object_info/SaveVideo"), ==, 1);
  g_free (log.last_status);
}

static void
test_error_in_200 (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;

  rushes_comfyui_backend_set_use_websocket (f->backend, FALSE);
  remote = submit (f, recipe, job_id, &error);
  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "Queue is paused"));
}

static void
test_start_image (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) i2v = rushes_comfyui_workflow_load_template ("ltx-video-i2v", &error);
  g_autofree char *image = g_build_filename (f->dir, "start.png", NULL);
  g_autofree char *remote = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *graph;

  g_assert_no_error (error);
  rushes_comfyui_backend_set_use_websocket (f->backend, FALSE);

  /* the t2v workflow refuses a start image */
  rushes_recipe_set_start_image (recipe, image);
  g_assert_true (g_file_set_contents (image, "\x89PNG\r\n\x1a\nfake", 12, NULL));
  remote = submit (f, recipe, job_id, &error);
  g_assert_null (remote);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  rushes_comfyui_backend_set_workflow (f->backend, i2v);
  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);
  g_mutex_lock (&f->lock);
  g_assert_cmpuint (f->n_uploads, ==, 1);
  g_assert_true (json_parser_load_from_data (parser, f->last_prompt_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  graph = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "prompt");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (graph, "13"), "inputs"), "image"),
                   ==, "rushes/start.png");
}

static void
test_probe (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = rushes_comfyui_backend_probe (f->backend, NULL, &error);
  JsonArray *missing_nodes, *missing_models, *ckpts;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "version"), ==, "0.24.0");
  missing_nodes = json_object_get_array_member (info, "missing_nodes");
  g_assert_cmpuint (json_array_get_length (missing_nodes), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing_nodes, 0), ==, "LTXVScheduler");
  ckpts = json_object_get_array_member (json_object_get_object_member (info, "models"), "CheckpointLoaderSimple.ckpt_name");
  g_assert_cmpuint (json_array_get_length (ckpts), ==, 2);
  g_assert_true (json_object_has_member (json_object_get_object_member (info, "models"), "CLIPLoader.clip_name"));
  missing_models = json_object_get_array_member (info, "missing_models");
  g_assert_cmpuint (json_array_get_length (missing_models), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing_models, 0), ==, "ltx-video-2b-v0.9.5.safetensors");

  /* the checkpoints become the backend's model choice, and a recipe's model
   * goes into the loader */
  {
    g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (RUSHES_BACKEND (f->backend));
    g_autoptr(RushesRecipe) recipe = make_recipe ();
    g_autoptr(RushesComfyuiWorkflow) wf = rushes_comfyui_backend_get_workflow (f->backend);
    g_autoptr(JsonNode) graph = NULL;

    g_assert_true (caps->fields & RUSHES_FIELD_MODEL);
    g_assert_cmpuint (g_strv_length (caps->models), ==, 2);
    g_assert_cmpstr (caps->models[0], ==, "ltx-video-2b-v0.9.1.safetensors");
    rushes_recipe_set_model (recipe, caps->models[0]);
    graph = rushes_comfyui_workflow_apply (wf, recipe, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (graph), "1"), "inputs"), "ckpt_name"),
                     ==, "ltx-video-2b-v0.9.1.safetensors");
    g_clear_pointer (&graph, json_node_unref);
    /* a model name from another kind of backend is left alone */
    rushes_recipe_set_model (recipe, "wan-video/wan-2.2-t2v-fast");
    graph = rushes_comfyui_workflow_apply (wf, recipe, NULL, NULL, &error);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (graph), "1"), "inputs"), "ckpt_name"),
                     ==, "ltx-video-2b-v0.9.5.safetensors");
  }
}

static void
test_config_extra_header (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = g_strdup_printf ("{\"id\": \"proxied\", \"kind\": \"comfyui\", \"display_name\": \"Proxied\","
                                           " \"url\": \"%s\", \"workflow\": \"wan-2.1-t2v\","
                                           " \"extra_header\": \"X-Gate\", \"key_env\": \"RUSHES_TEST_GATE_KEY\"}",
                                           fake_server_get_url (f->server));
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(RushesBackend) without = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autofree char *summary = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  backend = rushes_comfyui_backend_new_from_config (json_node_get_object (json_parser_get_root (parser)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_backend_get_display_name (backend), ==, "Proxied");
  g_assert_cmpstr (rushes_backend_get_kind (backend), ==, "comfyui");

  /* no value anywhere: a clear auth error, nothing sent */
  g_unsetenv ("RUSHES_TEST_GATE_KEY");
  info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), NULL, &error);
  g_assert_null (info);
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "X-Gate"));
  g_assert_cmpuint (fake_server_count_requests (f->server, NULL, NULL), ==, 0);
  g_clear_error (&error);

  /* value from the named variable, read at the moment of use */
  g_setenv ("RUSHES_TEST_GATE_KEY", "Bearer " TEST_CANARY "-gate", TRUE);
  summary = rushes_backend_kinds_test_connection (backend, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (summary, "0.24.0"));
  g_assert_nonnull (strstr (summary, "Wan 2.1"));
  g_assert_false (fake_server_saw_header (f->server, "X-Proxy-Auth"));
  {
    g_autoptr(GPtrArray) reqs = fake_server_get_requests (f->server);
    g_assert_cmpuint (reqs->len, >, 0);
    for (guint i = 0; i < reqs->len; i++)
      g_assert_cmpstr (soup_message_headers_get_one (((FakeRequest *) g_ptr_array_index (reqs, i))->headers, "X-Gate"),
                       ==, "Bearer " TEST_CANARY "-gate");
  }
  g_unsetenv ("RUSHES_TEST_GATE_KEY");

  /* registry factories */
  rushes_backend_kinds_register_all ();
  g_assert_true (rushes_backend_registry_has_kind ("comfyui"));
  g_assert_true (rushes_backend_registry_has_kind ("gradio"));
}

/* A key stored for the backend (Backends page, `rushes backends add
 * --key-stdin`) is used without any header configured, as Authorization;
 * stored or removed while the backend lives, the next request follows. */
static void
test_keyring_key (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(RushesBackend) backend = NULL;
  g_autoptr(JsonObject) info = NULL;

  json_object_set_string_member (config, "id", "keyed-comfy");
  json_object_set_string_member (config, "url", fake_server_get_url (f->server));
  backend = rushes_comfyui_backend_new_from_config (config, &error);
  g_assert_no_error (error);

  /* no key: nothing sent, no error */
  info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_clear_pointer (&info, json_object_unref);
  g_assert_false (fake_server_saw_header (f->server, "Authorization"));

  /* stored now: used from the next request on, with "Bearer " before a bare key */
  g_assert_true (rushes_secrets_store_sync ("keyed-comfy", NULL, TEST_CANARY "-comfy", NULL, &error));
  g_assert_no_error (error);
  fake_server_clear_requests (f->server);
  info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, json_object_unref);
  g_assert_cmpuint (fake_server_count_header (f->server, "Authorization", "Bearer " TEST_CANARY "-comfy"), >, 0);
  g_assert_cmpuint (fake_server_count_header (f->server, "Authorization", "Bearer " TEST_CANARY "-comfy"), ==,
                    fake_server_count_requests (f->server, NULL, NULL));

  /* a key that names its scheme goes as it is */
  g_assert_true (rushes_secrets_store_sync ("keyed-comfy", NULL, "Basic " TEST_CANARY "=", NULL, &error));
  fake_server_clear_requests (f->server);
  info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&info, json_object_unref);
  g_assert_cmpuint (fake_server_count_header (f->server, "Authorization", "Basic " TEST_CANARY "="), ==,
                    fake_server_count_requests (f->server, NULL, NULL));

  /* removed: no longer sent */
  g_assert_true (rushes_secrets_clear_sync ("keyed-comfy", NULL, &error));
  fake_server_clear_requests (f->server);
  info = rushes_comfyui_backend_probe (RUSHES_COMFYUI_BACKEND (backend), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->server, NULL, NULL), >, 0);
  g_assert_false (fake_server_saw_header (f->server, "Authorization"));
}

static gboolean
job_finished_cond (gpointer job)
{
  return rushes_job_is_finished (job);
}

/* the job's worker thread has returned (its last journal write done) */
static gboolean
worker_gone (gpointer job)
{
  return !_rushes_job_get_worker_active (job);
}

static gboolean
server_disconnected (gpointer server)
{
  return fake_server_get_n_disconnects (server) > 0;
}

/* The whole path through the job engine: queue → submit → poll over the
 * WebSocket → fetch into the library; journal and sidecar written with the
 * canary credential in use (the teardown scans them). */
static void
test_engine_end_to_end (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  RushesJob *job;
  gsize len = 0;

  rushes_job_queue_set_library_dir (queue, f->dir);
  rushes_job_queue_set_poll_interval (queue, 20);
  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (f->backend), 1);

  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);

  test_wait_until (job_finished_cond, job, 15000);

  g_assert_true (rushes_job_is_finished (job));
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_nonnull (rushes_job_get_take_path (job));
  g_assert_true (g_file_get_contents (rushes_job_get_take_path (job), &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));
  g_assert_cmpuint (fake_server_count_requests (f->server, "POST", "/api/prompt"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/view"), ==, 1);

  rushes_job_queue_shutdown (queue);
  test_drain ();
}

/* The hidden partial file of a download into dir, or NULL. */
static char *
find_partial (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.' && g_str_has_suffix (name, ".part"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

typedef struct
{
  RushesJob  *job;
  const char *dir;
} PartialWait;

static gboolean
downloading_with_partial (gpointer data)
{
  PartialWait *w = data;
  g_autofree char *partial = NULL;
  GStatBuf st;

  if (rushes_job_get_state (w->job) != RUSHES_JOB_DOWNLOADING)
    return FALSE;
  partial = find_partial (w->dir);
  return partial != NULL && g_stat (partial, &st) == 0 && st.st_size > 0;
}

/* A job whose download is under way when the user cancels it (or when
 * Rushes quits, data != NULL): cancel drops the partial file, quitting keeps
 * it so that the download resumes on the next start. */
static void
engine_download_stopped (Fixture *f, gboolean quit)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  g_autofree char *partial = NULL;
  PartialWait w = { NULL, f->dir };
  RushesJob *job;

  rushes_job_queue_set_library_dir (queue, f->dir);
  rushes_job_queue_set_poll_interval (queue, 20);
  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (f->backend), 1);

  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);
  w.job = job;

  test_wait_until (downloading_with_partial, &w, 15000);
  g_assert_true (downloading_with_partial (&w));
  partial = find_partial (f->dir);

  if (quit)
    {
      rushes_job_queue_shutdown (queue);
      /* the worker lets go of the download */
      test_wait_until (server_disconnected, f->server, 15000);
      g_assert_cmpuint (fake_server_get_n_disconnects (f->server), >, 0);
      g_usleep (100 * 1000);
      test_drain ();
      g_assert_false (rushes_job_is_finished (job));
      g_assert_true (g_file_test (partial, G_FILE_TEST_IS_REGULAR));
    }
  else
    {
      rushes_job_cancel (job);
      test_wait_until (job_finished_cond, job, 15000);
      g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
      g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
      g_assert_null (find_partial (f->dir));
      /* before the test's folders go: the worker may still be writing */
      test_wait_until (worker_gone, job, 30000);
      rushes_job_queue_shutdown (queue);
    }
  test_drain ();
}

static void
test_engine_cancel_drops_partial (Fixture *f, gconstpointer data)
{
  engine_download_stopped (f, FALSE);
}

static void
test_engine_quit_keeps_partial (Fixture *f, gconstpointer data)
{
  engine_download_stopped (f, TRUE);
}

static void
run_cli (const char * const *args, int *status, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *exe = g_getenv ("RUSHES_EXE");

  g_ptr_array_add (argv, (gpointer) exe);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, status, &error));
  g_assert_no_error (error);
}

/* `rushes backends add comfyui NAME --url (the fake)`, then `rushes
 * backends test NAME`: what the test printed, or NULL (skipped). */
static char *
cli_add_and_test (Fixture *f, const char *name)
{
  g_autofree char *file = g_build_filename (g_get_user_config_dir (), "cli-backends.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *add[] = { "backends", "add", "comfyui", name, "--url", fake_server_get_url (f->server), NULL };
  const char *test[] = { "backends", "test", name, NULL };

  if (g_getenv ("RUSHES_EXE") == NULL)
    {
      g_test_skip ("RUSHES_EXE not set");
      return NULL;
    }
  g_setenv ("RUSHES_BACKENDS_FILE", file, TRUE);
  run_cli (add, &status, &out, &err);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  run_cli (test, &status, &out, &err);
  g_test_message ("%s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unsetenv ("RUSHES_BACKENDS_FILE");
  return g_steal_pointer (&out);
}

static void
test_cli_test_connection (Fixture *f, gconstpointer data)
{
  g_autofree char *out = cli_add_and_test (f, "studio");

  if (out == NULL)
    return;
  g_assert_nonnull (strstr (out, "ComfyUI 0.24.0"));
  g_assert_nonnull (strstr (out, "LTXVScheduler"));
  g_assert_nonnull (strstr (out, "ltx-video-2b-v0.9.5.safetensors"));
}

/* ---- workflows (no server) ---------------------------------------------------------------- */

static void
test_templates (void)
{
  g_auto(GStrv) names = rushes_comfyui_workflow_list_templates ();
  const char *expected[] = { "ltx-video", "ltx-video-i2v", "wan-2.1-t2v", "hunyuan-video" };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesComfyuiWorkflow) wf = rushes_comfyui_workflow_load_template (expected[i], &error);
      g_autoptr(RushesRecipe) recipe = make_recipe ();
      g_autoptr(JsonNode) graph = NULL;
      g_autofree char *notes = NULL;

      g_assert_no_error (error);
      g_assert_true (g_strv_contains ((const char * const *) names, expected[i]));
      g_assert_true (rushes_comfyui_workflow_get_fields (wf) & RUSHES_FIELD_SEED);
      g_assert_true (rushes_comfyui_workflow_get_fields (wf) & RUSHES_FIELD_SECONDS);
      graph = rushes_comfyui_workflow_apply (wf, recipe,
                                             rushes_comfyui_workflow_needs_start_image (wf) ? "x.png" : NULL,
                                             &notes, &error);
      g_assert_no_error (error);
      g_assert_nonnull (graph);
      g_assert_nonnull (notes);   /* 770 px is not a multiple of 16/32 */
      g_assert_cmpuint (rushes_comfyui_workflow_get_model_inputs (wf)->len, >, 0);
    }
}

static void
test_template_untouched (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) wf = rushes_comfyui_workflow_load_template ("ltx-video", &error);
  g_autoptr(RushesRecipe) first = make_recipe ();
  g_autoptr(RushesRecipe) second = make_recipe ();
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  const char *neg;

  g_assert_no_error (error);
  a = rushes_comfyui_workflow_apply (wf, first, NULL, NULL, &error);
  g_assert_no_error (error);
  /* no negative prompt: the template's own must come back, not the first job's */
  rushes_recipe_set_negative_prompt (second, "");
  b = rushes_comfyui_workflow_apply (wf, second, NULL, NULL, &error);
  g_assert_no_error (error);
  neg = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (b), "4"), "inputs"), "text");
  g_assert_cmpstr (neg, !=, "blurry");
  g_assert_nonnull (strstr (neg, "low quality"));
  neg = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (a), "4"), "inputs"), "text");
  g_assert_cmpstr (neg, ==, "blurry");
}

static void
test_frame_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) ltx = rushes_comfyui_workflow_load_template ("ltx-video", &error);
  g_autoptr(RushesComfyuiWorkflow) wan = rushes_comfyui_workflow_load_template ("wan-2.1-t2v", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (rushes_comfyui_workflow_frames_for (ltx, 96), ==, 97);
  g_assert_cmpuint (rushes_comfyui_workflow_frames_for (ltx, 1), ==, 9);
  g_assert_cmpuint (rushes_comfyui_workflow_frames_for (ltx, 100000), ==, 257);
  g_assert_cmpuint (rushes_comfyui_workflow_frames_for (wan, 64), ==, 65);
  g_assert_cmpuint (rushes_comfyui_workflow_frames_for (wan, 80), ==, 81);
}

static void
test_user_workflow (void)
{
  const char *graph =
    "{\"1\": {\"class_type\": \"MyLoader\", \"inputs\": {\"model\": \"m.safetensors\"}},"
    " \"2\": {\"class_type\": \"MyPrompt\", \"inputs\": {\"text\": \"\", \"model\": [\"1\", 0]}},"
    " \"3\": {\"class_type\": \"SaveVideo\", \"inputs\": {\"video\": [\"2\", 0], \"filename_prefix\": \"video/x\"}}}";
  const char *mapping =
    "{\"format\": 1, \"name\": \"my-flow\", \"workflow\": \"ignored.json\","
    " \"inputs\": {\"prompt\": [{\"node\": \"2\", \"input\": \"text\"}]},"
    " \"models\": [{\"node\": \"1\", \"input\": \"model\"}]}";
  const char *bad_link =
    "{\"format\": 1, \"name\": \"bad\", \"inputs\": {\"prompt\": [{\"node\": \"2\", \"input\": \"model\"}]}}";
  const char *bad_node =
    "{\"format\": 1, \"name\": \"bad\", \"inputs\": {\"prompt\": [{\"node\": \"9\", \"input\": \"text\"}]}}";
  const char *ui_format = "{\"nodes\": [], \"links\": [], \"version\": 0.4}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesComfyuiWorkflow) wf = NULL;
  g_autoptr(RushesComfyuiWorkflow) again = NULL;
  g_autoptr(RushesComfyuiWorkflow) bad = NULL;
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(JsonNode) applied = NULL;

  bad = rushes_comfyui_workflow_new (ui_format, -1, mapping, -1, &error);
  g_assert_null (bad);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT);
  g_clear_error (&error);
  bad = rushes_comfyui_workflow_new (graph, -1, bad_link, -1, &error);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "connected"));
  g_clear_error (&error);
  bad = rushes_comfyui_workflow_new (graph, -1, bad_node, -1, &error);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);
  bad = rushes_comfyui_workflow_new ("not json", -1, mapping, -1, &error);
  g_assert_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID);
  g_clear_error (&error);

  wf = rushes_comfyui_workflow_import (graph, mapping, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rushes_comfyui_workflow_get_fields (wf), ==, RUSHES_FIELD_NONE);
  applied = rushes_comfyui_workflow_apply (wf, recipe, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (json_node_get_object (applied), "2"), "inputs"), "text"),
                   ==, rushes_recipe_get_prompt (recipe));

  /* saved in the user's workflow folder, loadable by name */
  again = rushes_comfyui_workflow_load_template ("my-flow", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_comfyui_workflow_get_name (again), ==, "my-flow");
}

static char *
describe_answer (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return rushes_comfyui_describe_prompt_error (json_parser_get_root (parser));
}

static void
test_describe_errors (void)
{
  g_autofree char *text = describe_answer (
    "{\"error\": {\"type\": \"invalid_prompt\", \"message\": \"Cannot execute because node FancyNode does not exist.\", \"details\": \"Node ID '#7'\"}, \"node_errors\": {}}");
  g_autofree char *too_old = describe_answer (
    "{\"error\": {\"type\": \"invalid_prompt\", \"message\": \"Cannot execute because node LTXVScheduler does not exist.\", \"details\": \"Node ID '#7'\"}, \"node_errors\": {}}");

  g_assert_nonnull (strstr (text, "FancyNode"));
  g_assert_nonnull (strstr (text, "custom node"));
  /* a core node the server lacks: the server is too old, no custom node missing */
  g_assert_nonnull (strstr (too_old, "too old"));
  g_assert_nonnull (strstr (too_old, "LTXVScheduler"));
  g_assert_nonnull (strstr (too_old, "Update ComfyUI"));
  g_assert_null (strstr (too_old, "custom node"));
}

/* ---- servers of any age ------------------------------------------------------------------ */

/* A 2023 server (no /api prefix, no version, no SaveVideo): generate works
 * over the bare routes, asking for the routes once per backend. */
static void
test_no_api_generate (Fixture *f, gconstpointer data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *second_id = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *second = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "old.webp", NULL);
  g_autofree char *contents = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) reqs = NULL;
  ProgressLog log = { 0 };
  JsonObject *graph;
  gsize len = 0;

  remote = rushes_backend_submit (RUSHES_BACKEND (f->backend), recipe, job_id, progress_cb, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (remote, ==, job_id);
  /* the substitution is said as one */
  g_assert_cmpstr (log.last_status, ==, "SaveVideo not on this server: the take will be an animated WebP via SaveAnimatedWEBP");
  g_mutex_lock (&f->lock);
  g_assert_true (json_parser_load_from_data (parser, f->last_prompt_body, -1, NULL));
  g_mutex_unlock (&f->lock);
  graph = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "prompt");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (graph, "12"), "class_type"), ==,
                   "SaveAnimatedWEBP");

  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_assert_cmpuint (log.n_mid, >, 0);   /* progress over the bare /ws socket */
  g_assert_true (rushes_backend_fetch (RUSHES_BACKEND (f->backend), remote, status.results[0], dest,
                                       NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (dest, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (f->video, NULL), g_bytes_get_size (f->video));

  second = submit (f, recipe, second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, second_id);
  rushes_remote_status_clear (&status);
  poll_until_done (RUSHES_BACKEND (f->backend), second, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);

  /* asked once: /api/system_stats (404), then /system_stats; nothing else under /api */
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/system_stats"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/system_stats"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "POST", "/prompt"), ==, 2);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/view"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/ws"), >, 0);
  reqs = fake_server_get_requests (f->server);
  for (guint i = 0; i < reqs->len; i++)
    {
      FakeRequest *r = g_ptr_array_index (reqs, i);

      if (g_str_has_prefix (r->path, "/api/"))
        g_assert_cmpstr (r->path, ==, "/api/system_stats");
    }
  g_free (log.last_status);
}

/* `rushes backends test` on that server: how old it is, the substitution
 * (not a missing SaveVideo), and that it is too old for LTX-Video. */
static void
test_no_api_cli_test (Fixture *f, gconstpointer data)
{
  g_autofree char *out = cli_add_and_test (f, "attic");
  const char *missing;

  if (out == NULL)
    return;
  g_assert_nonnull (strstr (out, "ComfyUI older than mid-2024"));
  g_assert_nonnull (strstr (out, "SaveVideo not on this server: the take will be an animated WebP via SaveAnimatedWEBP"));
  missing = strstr (out, "Missing nodes:");
  g_assert_nonnull (missing);
  g_assert_null (strstr (missing, "SaveVideo,"));
  g_assert_null (strstr (missing, "CreateVideo"));
  g_assert_nonnull (strstr (out, "too old for the workflow “LTX-Video"));
  g_assert_nonnull (strstr (out, "LTXVScheduler (ComfyUI 2024-11)"));
}

/* A server with /api but without SaveVideo: the probe reports a
 * substitution, and generate then knows without asking again. */
static void
test_probe_substitution (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) info = rushes_comfyui_backend_probe (f->backend, NULL, &error);
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autofree char *job_id = g_uuid_string_random ();
  g_autofree char *remote = NULL;
  g_auto(RushesRemoteStatus) status = { 0 };
  ProgressLog log = { 0 };
  JsonArray *missing, *subs;

  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (info, "version"), ==, "0.24.0");
  g_assert_true (json_object_get_boolean_member (info, "api_routes"));
  missing = json_object_get_array_member (info, "missing_nodes");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "LTXVScheduler");
  subs = json_object_get_array_member (info, "substitutions");
  g_assert_cmpuint (json_array_get_length (subs), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (subs, 0), ==,
                   "SaveVideo not on this server: the take will be an animated WebP via SaveAnimatedWEBP");
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/object_info/SaveVideo"), ==, 1);

  remote = submit (f, recipe, job_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/api/object_info/SaveVideo"), ==, 1);
  g_assert_cmpuint (fake_server_count_requests (f->server, "GET", "/system_stats"), ==, 0);
  poll_until_done (RUSHES_BACKEND (f->backend), remote, &status, &log);
  g_assert_cmpint (status.state, ==, RUSHES_REMOTE_SUCCEEDED);
  g_free (log.last_status);
}

/* ---- results named and converted by what they are (issue 15) ---------------------- */

/* Runs one job through a queue that has the take finisher, with the server
 * answering bytes (a copy of the file at fixture, or text). */
static RushesJob *
run_finished_job (Fixture    *f,
                  const char *fixture,
                  const char *text)
{
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (NULL);
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesJobQueue) queue = rushes_job_queue_new (registry, journal);
  g_autoptr(RushesTagWriter) finisher = NULL;
  g_autoptr(RushesRecipe) recipe = make_recipe ();
  g_autoptr(GError) error = NULL;
  RushesJob *job;

  gst_init (NULL, NULL);
  finisher = rushes_tagger_new ();
  g_bytes_unref (f->video);
  if (fixture != NULL)
    {
      char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (fixture, &contents, &len, NULL));
      f->video = g_bytes_new_take (contents, len);
    }
  else
    f->video = g_bytes_new (text, strlen (text));

  rushes_job_queue_set_library_dir (queue, f->dir);
  rushes_job_queue_set_poll_interval (queue, 20);
  rushes_job_queue_set_tag_writer (queue, finisher);
  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (f->backend), 1);
  job = rushes_job_queue_submit (queue, recipe, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  test_wait_until (job_finished_cond, job, 60000);
  g_assert_true (rushes_job_is_finished (job));
  rushes_job_queue_shutdown (queue);
  test_drain ();
  return job;
}

/* the take plays: ffprobe's duration and counted frames */
static void
assert_plays (const char *path,
              const char *codec,
              guint       frames,
              double      seconds)
{
  g_autofree char *probed_codec = media_probe (path, "v:0", "stream=codec_name");
  g_autofree char *duration = media_probe (path, NULL, "format=duration");

  g_assert_cmpstr (probed_codec, ==, codec);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), seconds, 0.06);
  g_assert_cmpuint (media_count_frames (path), ==, frames);
}

static char *
recipe_in_tags (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  char *json = rushes_tagger_read (path, &error);

  g_assert_no_error (error);
  recipe = rushes_recipe_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  return json;
}

/* SaveVideo's MP4 behind `view?filename=….mp4`: an .mp4 take, as it came */
static void
test_result_mp4_named_mp4 (Fixture *f, gconstpointer data)
{
  const char *mp4 = media_fixture ("comfy-savevideo.mp4",
                                   "-f lavfi -i testsrc2=size=160x120:rate=24:duration=1 -c:v libx264 -pix_fmt yuv420p");
  g_autoptr(RushesJob) job = run_finished_job (f, mp4, NULL);
  const char *take = rushes_job_get_take_path (job);
  g_autofree char *json = NULL;

  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_true (g_str_has_suffix (take, ".mp4"));
  g_assert_true (g_file_test (take, G_FILE_TEST_IS_REGULAR));
  assert_plays (take, "h264", 24, 1.0);
  json = recipe_in_tags (take);
  g_assert_nonnull (strstr (json, "\"prompt\""));
}

/* SaveAnimatedWEBP under `images` with animated: [true]: a VP9 WebM take
 * with the WebP's frames and timing, the WebP kept beside it */
static void
test_result_webp_becomes_webm (Fixture *f, gconstpointer data)
{
  const char *webp = media_fixture ("comfy-animated.webp",
                                    "-f lavfi -i testsrc2=size=160x120:rate=10:duration=2 -c:v libwebp_anim -loop 0");
  g_autoptr(RushesJob) job = run_finished_job (f, webp, NULL);
  const char *take = rushes_job_get_take_path (job);
  g_autofree char *stem = NULL;
  g_autofree char *original = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *source = NULL;
  g_autofree char *sidecar = NULL;
  gsize kept_len, source_len;

  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_true (g_str_has_suffix (take, ".webm"));
  assert_plays (take, "vp9", 20, 2.0);
  g_free (recipe_in_tags (take));

  stem = g_strndup (take, strlen (take) - strlen (".webm"));
  original = g_strconcat (stem, ".webp", NULL);
  g_assert_true (g_file_get_contents (original, &kept, &kept_len, NULL));
  g_assert_true (g_file_get_contents (webp, &source, &source_len, NULL));
  g_assert_cmpmem (kept, kept_len, source, source_len);
  sidecar = rushes_take_sidecar_path_for (take);
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
}

/* An HTML page where the video should be: the job fails saying so, and
 * the bytes are kept */
static void
test_result_html_fails (Fixture *f, gconstpointer data)
{
  const char *page = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Sign in to continue</body></html>\n";
  g_autoptr(RushesJob) job = run_finished_job (f, NULL, page);
  const char *message = rushes_job_get_error_message (job);
  const char *at;
  g_autofree char *kept = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *listing = NULL;

  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_nonnull (strstr (message, "HTML page"));
  g_assert_nonnull ((at = strstr (message, "kept at ")));
  kept = g_strdup (at + strlen ("kept at "));
  g_assert_true (g_str_has_suffix (kept, ".download"));
  g_assert_true (g_file_get_contents (kept, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, page);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_suffix (name, ".webm") || g_str_has_suffix (name, ".mp4"));
  }
}

int
main (int argc, char *argv[])
{
  /* libsoup would ask the GNOME proxy settings, whose schema the test
   * environment does not have */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* keys from an in-process table: no session bus, nothing on disk */
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, mode, fn) g_test_add (path, Fixture, GINT_TO_POINTER (mode), setup, fn, teardown)
  ADD ("/comfyui/success-websocket", MODE_SUCCESS, test_success_websocket);
  ADD ("/comfyui/success-polling", MODE_SUCCESS, test_success_polling);
  ADD ("/comfyui/vhs-gifs", MODE_SUCCESS_GIFS, test_vhs_gifs);
  ADD ("/comfyui/missing-model", MODE_MISSING_MODEL, test_missing_model);
  ADD ("/comfyui/execution-error", MODE_EXEC_ERROR, test_execution_error);
  ADD ("/comfyui/unsafe-filename", MODE_UNSAFE_FILENAME, test_unsafe_filename);
  ADD ("/comfyui/cancel-running", MODE_HOLD, test_cancel_running);
  ADD ("/comfyui/cancel-pending", MODE_HOLD, test_cancel_pending);
  ADD ("/comfyui/lookup-and-resume", MODE_SUCCESS, test_lookup_and_resume);
  ADD ("/comfyui/lookup-unreachable", MODE_SUCCESS, test_lookup_unreachable);
  ADD ("/comfyui/html-answer", MODE_HTML, test_html_answer);
  ADD ("/comfyui/error-in-200", MODE_ERROR_200, test_error_in_200);
  ADD ("/comfyui/flaky-server", MODE_FLAKY, test_flaky_server);
  ADD ("/comfyui/engine-cancel-drops-partial", MODE_STALL_VIEW, test_engine_cancel_drops_partial);
  ADD ("/comfyui/engine-quit-keeps-partial", MODE_STALL_VIEW, test_engine_quit_keeps_partial);
  ADD ("/comfyui/old-server-webp", MODE_OLD_SERVER, test_old_server);
  ADD ("/comfyui/cli-test-connection", MODE_SUCCESS, test_cli_test_connection);
  ADD ("/comfyui/engine-end-to-end", MODE_SUCCESS, test_engine_end_to_end);
  ADD ("/comfyui/start-image", MODE_SUCCESS, test_start_image);
  ADD ("/comfyui/probe", MODE_SUCCESS, test_probe);
  ADD ("/comfyui/config-extra-header", MODE_SUCCESS, test_config_extra_header);
  ADD ("/comfyui/keyring-key", MODE_SUCCESS, test_keyring_key);
  ADD ("/comfyui/result-mp4-named-mp4", MODE_SUCCESS, test_result_mp4_named_mp4);
  ADD ("/comfyui/result-webp-becomes-webm", MODE_OLD_SERVER, test_result_webp_becomes_webm);
  ADD ("/comfyui/result-html-fails", MODE_SUCCESS, test_result_html_fails);
  g_test_add_func ("/comfyui/templates", test_templates);
  g_test_add_func ("/comfyui/frame-rules", test_frame_rules);
  g_test_add_func ("/comfyui/template-untouched", test_template_untouched);
  g_test_add_func ("/comfyui/user-workflow", test_user_workflow);
  g_test_add_func ("/comfyui/describe-errors", test_describe_errors);
  ADD ("/comfyui/no-api-generate", MODE_NO_API, test_no_api_generate);
  ADD ("/comfyui/no-api-cli-test", MODE_NO_API, test_no_api_cli_test);
  ADD ("/comfyui/probe-substitution", MODE_OLD_SERVER, test_probe_substitution);
#undef ADD

  return g_test_run ();
}
