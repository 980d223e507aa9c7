/* bench-responsiveness.c: main-loop stalls of the real window while takes
 * download and a take plays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real RushesApplication and RushesWindow (under Xvfb, see
 * bench/responsiveness); the take is a Sketch render in the library,
 * selected, so it plays in the window's own player. A ComfyUI backend is
 * registered against a fake ComfyUI server on 127.0.0.1 (tests/backends/
 * fake-server, its own thread) whose result is a SIZE MB WebM made on the
 * fly: the take's bytes with an EBML Void element of filler at the end of
 * its Segment (whose size is patched to match), so that every download is
 * a well-formed file as a real result is, and demuxers skip the filler
 * rather than scan it. Jobs are queued with the window's own Generate
 * action (N variations), so they download at once on the queue's worker
 * threads into the library folder, and the window shows them as it would:
 * a finished take is selected while the player is paused, and waits in the
 * grid while it plays.
 *
 * Measured in the same run, one row each:
 *   idle                  the window, a take open and paused
 *   playback              the take playing, looping
 *   downloads             N jobs downloading SIZE MB each, player paused
 *   downloads + playback  both
 *
 * Stalls: a G_PRIORITY_HIGH 1 ms timeout records the gap between consecutive
 * dispatches; a gap is how long the main thread was away (a stall) plus
 * ~1 ms. Printed: max, p99, gaps over 16 ms, for the gap itself and for
 * the gap less the time the main thread waited for a CPU (its run-queue
 * delay from /proc/thread-self/schedstat: other processes, or our own
 * workers and server thread on a small machine). While a stall goes on, a
 * watchdog thread samples the main thread's current system call every 2 ms
 * (/proc/self/task/TID/syscall) and the table is followed by where those
 * samples fell (CPU, X server reply, lock, fsync, …). While playing, the window's
 * frame clock "after-paint" intervals and the frames shown. Downloads: MB/s
 * over the time from Generate to the last job finished.
 *
 *   bench-responsiveness --dir DIR [--size-mb 200] [--jobs 4] [--seconds 5]
 *                        [--skip-downloads-only] [--verbose]
 *
 * DIR holds the library and the take (use a disk, not tmpfs: fsync costs
 * are part of the picture).
 */
#define _GNU_SOURCE 1  /* syncfs */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "fake-server.h"
#include "rushes-application.h"
#include "rushes-comfyui-backend.h"
#include "rushes-frame-paintable.h"
#include "rushes-player-view.h"
#include "rushes-sketch-renderer.h"
#include "rushes-take.h"
#include "rushes-window-private.h"

#define BACKEND_ID   "bench-comfy"
#define RESULT_NAME  "bench_00001_.webm"
#define CHUNK_SIZE   (256 * 1024)
#define STALL_MS     16.0

static char *opt_dir = NULL;
static int opt_size_mb = 200;
static int opt_jobs = 4;
static double opt_seconds = 5.0;
static gboolean opt_skip_downloads_only = FALSE;
static gboolean opt_verbose = FALSE;

/* ---- the fake ComfyUI server (its thread) ---------------------------------- */

typedef struct
{
  GMutex      lock;
  GHashTable *prompts;     /* prompt ids posted */
  gint64      next_number;
  GBytes     *head;        /* the take's bytes: start of every result */
  GBytes     *filler;      /* CHUNK_SIZE bytes */
  guint64     size;
} Server;

typedef struct
{
  Server            *server;
  SoupServerMessage *msg;
  guint64            sent;
} Stream;

static void
stream_free (gpointer data)
{
  Stream *stream = data;

  g_object_unref (stream->msg);
  g_free (stream);
}

static void
stream_next (Stream *stream)
{
  Server *s = stream->server;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  guint64 left = s->size - stream->sent;
  g_autoptr(GBytes) chunk = NULL;

  if (left == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  if (stream->sent < g_bytes_get_size (s->head))
    chunk = g_bytes_new_from_bytes (s->head, stream->sent,
                                    MIN (left, g_bytes_get_size (s->head) - stream->sent));
  else
    chunk = g_bytes_new_from_bytes (s->filler, 0, MIN (left, g_bytes_get_size (s->filler)));
  stream->sent += g_bytes_get_size (chunk);
  soup_message_body_append_bytes (body, chunk);
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
  Server *s = data;
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
  Server *s = data;
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
  Server *s = data;
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

/* ---- measuring ------------------------------------------------------------------ */

/* What the main thread is doing, sampled every 2 ms by a watchdog thread
 * from /proc/self/task/TID/syscall while a stall is under way (no tick for
 * over 8 ms). */
typedef enum
{
  WHERE_CPU,        /* running, or waiting for a CPU */
  WHERE_X,          /* poll on one fd without timeout: a reply from the X server */
  WHERE_LOOP_POLL,  /* the main loop's own poll (woken late: waiting for a CPU) */
  WHERE_FUTEX,      /* a lock or condition */
  WHERE_FSYNC,      /* fsync, fdatasync */
  WHERE_IO,         /* other file system calls */
  WHERE_OTHER,      /* other system calls */
  N_WHERE
} Where;

static const char *where_names[] = {
  "on/waiting for a CPU", "X server reply", "main-loop poll", "lock (futex)", "fsync",
  "file I/O", "other syscall",
};

#define WATCHDOG_US   2000
#define STALLED_US    8000

typedef enum
{
  PHASE_SETUP,
  PHASE_IDLE,
  PHASE_PLAYBACK,
  PHASE_DOWNLOADS,
  PHASE_DOWNLOADS_PLAYBACK,
  PHASE_DONE,
} Phase;

static const char *phase_names[] = {
  "setup", "idle window", "playback", "downloads", "downloads + playback", "done",
};

typedef struct
{
  gboolean measured;
  double   seconds;
  GArray  *gaps;           /* double ms between 1 ms timer dispatches */
  GArray  *own;            /* the same, less the time spent waiting for a CPU */
  double   stall_cpu_ms;   /* in own stalls > 16 ms: running … */
  double   stall_blocked_ms; /* … and off the CPU not waiting for one (I/O, locks) */
  GArray  *paints;         /* double ms between after-paint signals */
  guint64  frames_shown;
  double   expected_frames;
  guint    jobs_ok;
  guint    jobs_failed;
  double   download_seconds;
  double   megabytes;
  GString *log;            /* --verbose: stalls and events */
  guint    where[N_WHERE];   /* watchdog samples during stalls */
} Row;

typedef struct
{
  RushesApplication *app;
  RushesWindow      *window;
  RushesPlayer      *player;
  RushesComfyuiBackend *backend;
  FakeServer        *fake;
  Server             server;
  char              *take_path;
  double             take_fps;

  Phase              phase;
  int                measuring;   /* atomic */
  Row                rows[PHASE_DONE];
  gint64             phase_start;
  gint64             last_tick;
  gint64             last_cpu_ns;
  gint64             last_wait_ns;
  int                schedstat_fd;
  gint64             last_paint;
  guint64            frames_at_start;
  guint              tick_id;
  guint              phase_timeout_id;
  guint              jobs_expected;
  guint              jobs_done;
  gint64             generate_time;
  gint64             last_job_time;
  gulong             paint_handler;
  GdkFrameClock     *frame_clock;
  int                status;
  gint64             heartbeat;   /* atomic: last tick (µs) */
  int                stop_watchdog;
  GThread           *watchdog;
} Bench;

static void next_phase (Bench *b);
static gboolean select_take (Bench *b);
static void start_phase (Bench *b,
                         Phase  phase);

/* The main thread's time on a CPU and waiting for one (ns), from
 * /proc/thread-self/schedstat; FALSE where the kernel does not say. */
static gboolean
read_schedstat (Bench  *b,
                gint64 *cpu_ns,
                gint64 *wait_ns)
{
  char buf[128];
  gssize n;
  char *end;

  if (b->schedstat_fd < 0)
    return FALSE;
  n = pread (b->schedstat_fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return FALSE;
  buf[n] = '\0';
  *cpu_ns = g_ascii_strtoll (buf, &end, 10);
  *wait_ns = g_ascii_strtoll (end, NULL, 10);
  return TRUE;
}

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu_ns = 0, wait_ns = 0;
  gboolean have_stat = read_schedstat (b, &cpu_ns, &wait_ns);

  if (b->measuring && b->last_tick != 0)
    {
      Row *row = &b->rows[b->phase];
      double gap = (now - b->last_tick) / 1000.0;
      double wait = have_stat ? (wait_ns - b->last_wait_ns) / 1e6 : 0;
      double cpu = have_stat ? (cpu_ns - b->last_cpu_ns) / 1e6 : gap;
      double own = MAX (gap - wait, 0);

      g_array_append_val (row->gaps, gap);
      g_array_append_val (row->own, own);
      if (own > STALL_MS)
        {
          row->stall_cpu_ms += MIN (cpu, own);
          row->stall_blocked_ms += MAX (own - cpu, 0);
        }
      if (gap > STALL_MS)
        g_string_append_printf (row->log, "  %8.1f ms  stall: gap %.1f ms, own %.1f ms (running %.1f ms)"
                                " [CLOCK_MONOTONIC %.6f s, for perf -k CLOCK_MONOTONIC]\n",
                                (b->last_tick - b->phase_start) / 1000.0, gap, own, MIN (cpu, own),
                                b->last_tick / (double) G_USEC_PER_SEC);
    }
  b->last_tick = now;
  __atomic_store_n (&b->heartbeat, now, __ATOMIC_RELAXED);
  b->last_cpu_ns = cpu_ns;
  b->last_wait_ns = wait_ns;
  return G_SOURCE_CONTINUE;
}

static Where
classify_syscall (const char *text)
{
  g_auto(GStrv) f = g_strsplit (text, " ", -1);
  gint64 nr;

  if (f[0] == NULL || g_str_has_prefix (f[0], "running"))
    return WHERE_CPU;
  nr = g_ascii_strtoll (f[0], NULL, 10);
  switch (nr)
    {
    case 7:     /* poll (fds, nfds, timeout) */
      if (g_strv_length (f) > 3 && g_ascii_strtoull (f[2], NULL, 16) == 1
          && (gint32) g_ascii_strtoull (f[3], NULL, 16) < 0)
        return WHERE_X;
      return WHERE_LOOP_POLL;
    case 202:   /* futex */
      return WHERE_FUTEX;
    case 74: case 75:   /* fsync, fdatasync */
      return WHERE_FSYNC;
    case 0: case 1: case 17: case 18: case 2: case 257: case 82: case 316: case 87: case 263:
    case 4: case 5: case 6: case 262: case 3: case 332:
      return WHERE_IO;
    case -1:    /* not in a system call: a page fault, or preempted */
      return WHERE_CPU;
    default:
      return WHERE_OTHER;
    }
}

/* Its own thread: where the main thread is while a stall goes on. */
static gpointer
watchdog_thread (gpointer data)
{
  Bench *b = data;
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%d/syscall", (int) getpid ());
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return NULL;
  while (!g_atomic_int_get (&b->stop_watchdog))
    {
      gint64 beat;
      Phase phase;
      char buf[256];
      gssize n;

      g_usleep (WATCHDOG_US);
      beat = __atomic_load_n (&b->heartbeat, __ATOMIC_RELAXED);
      phase = (Phase) g_atomic_int_get ((int *) &b->phase);
      if (!g_atomic_int_get (&b->measuring) || beat == 0
          || g_get_monotonic_time () - beat < STALLED_US)
        continue;
      n = pread (fd, buf, sizeof buf - 1, 0);
      if (n <= 0)
        continue;
      buf[n] = '\0';
      g_atomic_int_inc ((int *) &b->rows[phase].where[classify_syscall (buf)]);
    }
  close (fd);
  return NULL;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (b->measuring && b->last_paint != 0)
    {
      double gap = (now - b->last_paint) / 1000.0;
      g_array_append_val (b->rows[b->phase].paints, gap);
    }
  b->last_paint = now;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
array_stats (GArray *values,
             double *max,
             double *p99,
             guint  *over)
{
  *max = *p99 = 0;
  *over = 0;
  if (values->len == 0)
    return;
  g_array_sort (values, compare_doubles);
  *max = g_array_index (values, double, values->len - 1);
  *p99 = g_array_index (values, double, (guint) ((values->len - 1) * 0.99));
  for (guint i = 0; i < values->len; i++)
    if (g_array_index (values, double, i) > STALL_MS)
      (*over)++;
}

static void
print_table (Bench *b)
{
  g_print ("\nMain-loop responsiveness (%d jobs x %d MB from 127.0.0.1, take %.0f fps; goal: no stall over %.0f ms)\n",
           opt_jobs, opt_size_mb, b->take_fps, STALL_MS);
  g_print ("gap: between dispatches of a 1 ms high-priority timeout on the main loop (~1 ms when nothing holds it)\n");
  g_print ("own: the gap less the time the main thread waited for a CPU (other processes on a shared machine)\n\n");
  g_print ("%-21s %5s %6s | %7s %7s %5s | %7s %7s %5s | %-9s %8s | %4s %6s\n",
           "phase", "secs", "ticks", "gap max", "p99", ">16", "own max", "p99", ">16",
           "frames", "paint max", "jobs", "MB/s");
  for (Phase p = PHASE_IDLE; p < PHASE_DONE; p++)
    {
      Row *row = &b->rows[p];
      double max, p99, omax, op99, pmax, pp99;
      guint over, oover, pover;
      g_autofree char *frames = NULL;
      g_autofree char *paint = NULL;
      g_autofree char *jobs = NULL;
      g_autofree char *rate = NULL;

      if (!row->measured)
        continue;
      array_stats (row->gaps, &max, &p99, &over);
      array_stats (row->own, &omax, &op99, &oover);
      array_stats (row->paints, &pmax, &pp99, &pover);
      frames = row->expected_frames > 0
        ? g_strdup_printf ("%" G_GUINT64_FORMAT "/%.0f", row->frames_shown, row->expected_frames)
        : g_strdup ("-");
      paint = row->expected_frames > 0 ? g_strdup_printf ("%.1f", pmax) : g_strdup ("-");
      jobs = row->jobs_ok + row->jobs_failed > 0
        ? g_strdup_printf ("%u/%u", row->jobs_ok, row->jobs_ok + row->jobs_failed) : g_strdup ("-");
      rate = row->download_seconds > 0
        ? g_strdup_printf ("%.0f", row->megabytes / row->download_seconds) : g_strdup ("-");
      g_print ("%-21s %5.1f %6u | %7.1f %7.1f %5u | %7.1f %7.1f %5u | %-9s %8s | %4s %6s\n",
               phase_names[p], row->seconds, row->gaps->len, max, p99, over, omax, op99, oover,
               frames, paint, jobs, rate);
    }
  g_print ("\n");
  for (Phase p = PHASE_IDLE; p < PHASE_DONE; p++)
    {
      Row *row = &b->rows[p];

      if (!row->measured)
        continue;
      if (row->stall_cpu_ms + row->stall_blocked_ms > 0)
        g_print ("%s: own stalls over %.0f ms: %.0f ms running, %.0f ms blocked (I/O, locks)\n",
                 phase_names[p], STALL_MS, row->stall_cpu_ms, row->stall_blocked_ms);
      {
        guint total = 0;

        for (Where w = 0; w < N_WHERE; w++)
          total += row->where[w];
        if (total > 0)
          {
            g_print ("%s: main thread during stalls (%u samples, every %d ms):", phase_names[p],
                     total, WATCHDOG_US / 1000);
            for (Where w = 0; w < N_WHERE; w++)
              if (row->where[w] > 0)
                g_print (" %s %u%%,", where_names[w], (guint) (100.0 * row->where[w] / total + 0.5));
            g_print ("\n");
          }
      }
      if (row->download_seconds > 0)
        g_print ("%s: %.0f MB in %.2f s (Generate to last job finished)\n",
                 phase_names[p], row->megabytes, row->download_seconds);
      if (opt_verbose && row->log->len > 0)
        g_print ("%s, from its start:\n%s", phase_names[p], row->log->str);
    }
  g_print ("\n");
}

static gboolean
phase_timeout_cb (gpointer data)
{
  Bench *b = data;

  b->phase_timeout_id = 0;
  next_phase (b);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  Bench *b = data;

  gtk_window_destroy (GTK_WINDOW (b->window));
  g_application_quit (G_APPLICATION (b->app));
  return G_SOURCE_REMOVE;
}

static void
fail (Bench      *b,
      const char *message)
{
  g_printerr ("bench-responsiveness: %s\n", message);
  b->status = 1;
  b->phase = PHASE_DONE;
  g_idle_add (quit_cb, b);
}

static void
end_phase (Bench *b)
{
  Row *row = &b->rows[b->phase];
  gint64 now = g_get_monotonic_time ();

  row->measured = TRUE;
  row->seconds = (now - b->phase_start) / (double) G_USEC_PER_SEC;
  if (b->phase == PHASE_PLAYBACK || b->phase == PHASE_DOWNLOADS_PLAYBACK)
    {
      RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (b->player));

      row->frames_shown = rushes_frame_paintable_get_n_frames (paintable) - b->frames_at_start;
      row->expected_frames = row->seconds * b->take_fps;
    }
  if (b->phase == PHASE_DOWNLOADS || b->phase == PHASE_DOWNLOADS_PLAYBACK)
    {
      row->download_seconds = (b->last_job_time - b->generate_time) / (double) G_USEC_PER_SEC;
      row->megabytes = (double) row->jobs_ok * b->server.size / (1024.0 * 1024.0);
    }
}

static void
settle_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *paths = task_data;
  int fd;

  for (guint i = 0; i < paths->len; i++)
    g_unlink (g_ptr_array_index (paths, i));
  /* the next phase starts with nothing left to write back */
  fd = g_open (opt_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      syncfs (fd);
      close (fd);
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
settled_cb (gpointer data)
{
  Bench *b = data;

  start_phase (b, b->phase + 1 == PHASE_DOWNLOADS && opt_skip_downloads_only
                  ? PHASE_DOWNLOADS_PLAYBACK : b->phase + 1);
  return G_SOURCE_REMOVE;
}

static void
settle_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  /* and a second of quiet */
  g_timeout_add (1000, settled_cb, data);
}

/* Between phases, off the measurement: the takes' files go (one round of
 * downloads on disk at a time; the library keeps listing them, as after a
 * deletion elsewhere), the disk is synced, then a second passes. */
static void
settle (Bench *b)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (b->app);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  g_autoptr(GTask) task = g_task_new (NULL, NULL, settle_done_cb, b);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      const char *path = rushes_job_get_take_path (job);

      if (path != NULL && rushes_job_get_state (job) == RUSHES_JOB_SUCCEEDED)
        {
          g_ptr_array_add (paths, g_strdup (path));
          g_ptr_array_add (paths, rushes_take_sidecar_path_for (path));
        }
    }
  rushes_job_queue_remove_finished (queue);
  /* the take back in the player (a finished one took its place while paused) */
  select_take (b);
  g_task_set_task_data (task, paths, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, settle_thread);
}

static void
generate (Bench *b)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (b->app);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (queue));
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

  rushes_recipe_set_backend (recipe, BACKEND_ID);
  rushes_recipe_set_prompt (recipe, "A red fox trotting through deep snow at dawn, low camera, soft light");
  rushes_recipe_set_seconds (recipe, 4.0);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 768);
  rushes_recipe_set_height (recipe, 512);
  rushes_recipe_set_seed (recipe, 1234);
  rushes_window_set_recipe (b->window, recipe);
  rushes_params_panel_set_variations (b->window->params_panel, (guint) opt_jobs);

  b->jobs_expected = (guint) opt_jobs;
  b->jobs_done = 0;
  b->generate_time = g_get_monotonic_time ();
  g_string_append_printf (b->rows[b->phase].log, "  %8.1f ms  Generate\n",
                          (b->generate_time - b->phase_start) / 1000.0);
  if (!gtk_widget_activate_action (GTK_WIDGET (b->window), "win.generate", NULL))
    {
      fail (b, "the window has no win.generate action");
      return;
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (queue)) != before + (guint) opt_jobs)
    {
      g_autofree char *message = g_strdup_printf ("Generate queued %u jobs, not %d (toast: %s)",
                                                  g_list_model_get_n_items (G_LIST_MODEL (queue)) - before,
                                                  opt_jobs, rushes_window_get_last_toast (b->window));
      fail (b, message);
    }
}

static void
start_phase (Bench *b,
             Phase  phase)
{
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (b->player));

  g_printerr ("bench-responsiveness: %s…\n", phase_names[phase]);
  g_atomic_int_set ((int *) &b->phase, phase);
  g_atomic_int_set (&b->measuring, TRUE);
  b->phase_start = g_get_monotonic_time ();
  b->last_tick = 0;
  b->last_paint = 0;
  b->frames_at_start = rushes_frame_paintable_get_n_frames (paintable);

  switch (phase)
    {
    case PHASE_IDLE:
      rushes_player_pause (b->player);
      b->phase_timeout_id = g_timeout_add ((guint) (opt_seconds * 1000), phase_timeout_cb, b);
      break;
    case PHASE_PLAYBACK:
      rushes_player_play (b->player);
      b->phase_timeout_id = g_timeout_add ((guint) (opt_seconds * 1000), phase_timeout_cb, b);
      break;
    case PHASE_DOWNLOADS:
      rushes_player_pause (b->player);
      generate (b);
      break;
    case PHASE_DOWNLOADS_PLAYBACK:
      rushes_player_play (b->player);
      generate (b);
      break;
    case PHASE_SETUP:
    case PHASE_DONE:
    default:
      break;
    }
}

static void
next_phase (Bench *b)
{
  Phase next;

  if (b->phase == PHASE_DONE)
    return;
  if (b->phase != PHASE_SETUP)
    end_phase (b);
  g_atomic_int_set (&b->measuring, FALSE);
  rushes_player_pause (b->player);

  next = b->phase + 1;
  if (next == PHASE_DOWNLOADS && opt_skip_downloads_only)
    next++;
  if (next == PHASE_DONE)
    {
      b->phase = PHASE_DONE;
      print_table (b);
      g_idle_add (quit_cb, b);
      return;
    }
  settle (b);
}

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 Bench          *b)
{
  Row *row;

  if (b->phase != PHASE_DOWNLOADS && b->phase != PHASE_DOWNLOADS_PLAYBACK)
    return;
  row = &b->rows[b->phase];
  if (rushes_job_get_state (job) == RUSHES_JOB_SUCCEEDED)
    row->jobs_ok++;
  else
    {
      row->jobs_failed++;
      g_printerr ("bench-responsiveness: job %s failed: %s\n", rushes_job_get_id (job),
                  rushes_job_get_error_message (job) ? rushes_job_get_error_message (job) : "?");
    }
  b->last_job_time = g_get_monotonic_time ();
  g_string_append_printf (row->log, "  %8.1f ms  job %u finished\n",
                          (b->last_job_time - b->phase_start) / 1000.0, b->jobs_done + 1);
  if (++b->jobs_done == b->jobs_expected)
    {
      /* the end of a job (library, grid, still) counts too: 1 s more */
      b->phase_timeout_id = g_timeout_add (1000, phase_timeout_cb, b);
    }
}

/* ---- set-up ------------------------------------------------------------------ */

/* The take selected in the library, as a user would: it opens in the
 * window's player. FALSE until the library lists it and the player exists. */
static gboolean
select_take (Bench *b)
{
  guint position;

  if (_rushes_window_find_take (b->window, b->take_path, &position) == NULL)
    return FALSE;
  gtk_single_selection_set_selected (b->window->take_selection, position);
  return b->window->player_view != NULL;
}

static gboolean
wait_ready_cb (gpointer data)
{
  Bench *b = data;
  RushesPlayerState state;

  if (!rushes_application_get_media_ready (b->app) || !select_take (b))
    return G_SOURCE_CONTINUE;
  b->player = rushes_player_view_get_player (b->window->player_view);
  rushes_player_set_loop (b->player, TRUE);
  state = rushes_player_get_state (b->player);
  if (state == RUSHES_PLAYER_STATE_ERROR)
    {
      g_autofree char *message = g_strdup_printf ("the take does not play: %s",
                                                  rushes_player_get_error_message (b->player));
      fail (b, message);
      return G_SOURCE_REMOVE;
    }
  if (state != RUSHES_PLAYER_STATE_PAUSED || !gtk_widget_get_mapped (GTK_WIDGET (b->window)))
    return G_SOURCE_CONTINUE;

  b->frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  b->paint_handler = g_signal_connect (b->frame_clock, "after-paint", G_CALLBACK (after_paint_cb), b);
  b->take_fps = rushes_player_get_fps_n (b->player) / (double) MAX (rushes_player_get_fps_d (b->player), 1);
  b->tick_id = g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, b, NULL);
  b->watchdog = g_thread_new ("bench-watchdog", watchdog_thread, b);
  next_phase (b);
  return G_SOURCE_REMOVE;
}

static void
activate_cb (GApplication *app,
             Bench        *b)
{
  g_autoptr(GError) error = NULL;
  RushesBackendRegistry *registry;

  if (b->window != NULL)
    return;
  b->window = RUSHES_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  if (b->window == NULL)
    {
      fail (b, "no window");
      return;
    }
  gtk_window_set_default_size (GTK_WINDOW (b->window), 1280, 800);

  /* the backend, as Preferences would add it (not persisted) */
  b->backend = rushes_comfyui_backend_new (BACKEND_ID, "Bench ComfyUI", fake_server_get_url (b->fake), NULL, &error);
  if (b->backend == NULL)
    {
      fail (b, error->message);
      return;
    }
  rushes_comfyui_backend_set_use_websocket (b->backend, FALSE);
  rushes_comfyui_backend_set_concurrency (b->backend, (guint) opt_jobs);
  registry = rushes_application_get_registry (b->app);
  rushes_backend_registry_add_backend (registry, RUSHES_BACKEND (b->backend), (guint) opt_jobs);
  rushes_job_queue_set_poll_interval (rushes_application_get_job_queue (b->app), 100);
  g_signal_connect (rushes_application_get_job_queue (b->app), "job-finished",
                    G_CALLBACK (job_finished_cb), b);

  /* the window starts GStreamer only when something needs it; a playing
   * take does */
  rushes_application_ensure_media (b->app);
  g_timeout_add (50, wait_ready_cb, b);
}

/* An EBML variable-size integer at data[*at] (its length marker kept in an
 * ID, dropped in a size); FALSE past the end. */
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
static GBytes *
padded_head (const guint8 *data,
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

static gboolean
render_take (const char *path,
             GError    **error)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "A lighthouse on a cliff at dusk, waves, slow zoom");
  rushes_recipe_set_seconds (recipe, 4.0);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, 640);
  rushes_recipe_set_height (recipe, 360);
  rushes_recipe_set_seed (recipe, 42);
  rushes_recipe_set_audio (recipe, FALSE);
  return rushes_sketch_render (recipe, path, NULL, NULL, NULL, error)
         && rushes_take_write_sidecar (path, recipe, NULL, error);
}

int
main (int   argc,
      char *argv[])
{
  static Bench bench;
  Bench *b = &bench;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *take = NULL;
  g_autofree char *take_data = NULL;
  gsize take_len = 0;
  guint8 *filler;
  char *app_argv[] = { argv[0], NULL };
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Folder for the library and the take (on disk)", "DIR" },
    { "size-mb", 0, 0, G_OPTION_ARG_INT, &opt_size_mb, "Size of each download (default 200)", "MB" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &opt_jobs, "Jobs downloading at once (default 4)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "Length of the idle and playback phases (default 5)", "S" },
    { "skip-downloads-only", 0, 0, G_OPTION_ARG_NONE, &opt_skip_downloads_only, "Leave out the downloads-without-playback phase", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &opt_verbose, "List every stall over 16 ms and the jobs' events, with times", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("— main-loop stalls while takes download and a take plays");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_dir == NULL || opt_size_mb < 1 || opt_jobs < 1 || opt_jobs > 4 || opt_seconds <= 0)
    {
      g_printerr ("bench-responsiveness: --dir is required; --size-mb ≥ 1, --jobs 1..4, --seconds > 0\n");
      return 2;
    }

  curl_global_init (CURL_GLOBAL_DEFAULT);
  gst_init (NULL, NULL);

  for (Phase p = PHASE_SETUP; p < PHASE_DONE; p++)
    {
      b->rows[p].gaps = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].paints = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].own = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].log = g_string_new (NULL);
    }
  b->schedstat_fd = g_open ("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC, 0);

  /* the take: a Sketch render in the library, also the head of every download */
  library = g_build_filename (opt_dir, "library", NULL);
  g_mkdir_with_parents (library, 0755);
  take = g_build_filename (library, "bench-take.webm", NULL);
  g_printerr ("bench-responsiveness: rendering the take…\n");
  if (!render_take (take, &error) || !g_file_get_contents (take, &take_data, &take_len, &error))
    {
      g_printerr ("bench-responsiveness: no take: %s\n", error->message);
      return 1;
    }
  b->take_path = g_strdup (take);

  g_mutex_init (&b->server.lock);
  b->server.prompts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->server.next_number = 1;
  b->server.size = (guint64) opt_size_mb * 1024 * 1024;
  b->server.head = padded_head ((guint8 *) take_data, take_len, b->server.size, &error);
  if (b->server.head == NULL)
    {
      g_printerr ("bench-responsiveness: %s\n", error->message);
      return 1;
    }
  filler = g_malloc (CHUNK_SIZE);
  for (guint i = 0; i < CHUNK_SIZE; i++)
    filler[i] = (guint8) ((i * 2654435761u) >> 24);
  b->server.filler = g_bytes_new_take (filler, CHUNK_SIZE);

  b->fake = fake_server_new ("127.0.0.1");
  fake_server_add_handler (b->fake, "/api/prompt", prompt_cb, &b->server);
  fake_server_add_handler (b->fake, "/api/history/*", history_cb, &b->server);
  fake_server_add_handler (b->fake, "/api/queue", queue_cb, &b->server);
  fake_server_add_handler (b->fake, "/api/object_info/*", object_info_cb, &b->server);
  fake_server_add_handler (b->fake, "/api/view", view_cb, &b->server);
  fake_server_start (b->fake);

  b->app = rushes_application_new ();
  g_application_set_flags (G_APPLICATION (b->app), G_APPLICATION_NON_UNIQUE);
  if (rushes_application_get_settings (b->app) == NULL)
    {
      g_printerr ("bench-responsiveness: no GSettings schema (GSETTINGS_SCHEMA_DIR)\n");
      return 1;
    }
  g_settings_set_string (rushes_application_get_settings (b->app), "library-folder", library);
  g_signal_connect_after (b->app, "activate", G_CALLBACK (activate_cb), b);
  g_application_run (G_APPLICATION (b->app), 1, app_argv);

  if (b->tick_id != 0)
    g_source_remove (b->tick_id);
  if (b->watchdog != NULL)
    {
      g_atomic_int_set (&b->stop_watchdog, TRUE);
      g_thread_join (b->watchdog);
    }
  g_clear_object (&b->backend);
  g_clear_object (&b->app);
  fake_server_free (b->fake);
  g_bytes_unref (b->server.head);
  g_bytes_unref (b->server.filler);
  g_hash_table_unref (b->server.prompts);
  for (Phase p = PHASE_SETUP; p < PHASE_DONE; p++)
    {
      g_array_unref (b->rows[p].gaps);
      g_array_unref (b->rows[p].paints);
      g_array_unref (b->rows[p].own);
      g_string_free (b->rows[p].log, TRUE);
    }
  if (b->schedstat_fd >= 0)
    close (b->schedstat_fd);
  g_free (b->take_path);
  curl_global_cleanup ();
  return b->status;
}
