/* bench-responsiveness.c: main-loop stalls of the real window while takes
 * download and a take plays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real RushesApplication and RushesWindow (under Xvfb, see
 * bench/responsiveness); the take is a Sketch render in the library,
 * selected, so it plays in the window's own player. A ComfyUI backend is
 * registered against a fake ComfyUI server on 127.0.0.1 (bench-responsiveness-
 * server.c, in the fake server's own thread) whose results are SIZE MB WebM
 * files. Jobs are queued with the window's own Generate action (N
 * variations), so they download on the queue's worker threads into the
 * library folder, and the window shows them as it would.
 *
 * Measured in the same run, one row each:
 *   idle       the window, a take open and paused
 *   playback   the take playing, looping
 *   realistic  the take playing while N jobs download SIZE MB each, each
 *              paced at --rate-mb (30: four share a 1 Gbit/s network)
 *   stress     the same, as fast as the loopback goes
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
 * frame clock "after-paint" intervals and the frames shown, dropped and
 * late. Downloads: MB/s over the time from Generate to the last job
 * finished. --results appends the figures to a file, and --summarize
 * prints the median of the runs in one (bench-responsiveness-report.c).
 *
 *   bench-responsiveness --dir DIR [--size-mb 200] [--jobs 4] [--seconds 5]
 *                        [--rate-mb 30] [--results FILE] [--verbose]
 *   bench-responsiveness --summarize FILE [--load-before L] [--load-after L] [--others-cpu PCT]
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

#include "bench-responsiveness.h"
#include "fake-server.h"
#include "rushes-application.h"
#include "rushes-comfyui-backend.h"
#include "rushes-frame-paintable.h"
#include "rushes-job-private.h"
#include "rushes-player-view.h"
#include "rushes-sketch-renderer.h"
#include "rushes-take.h"
#include "rushes-window-private.h"

#define BACKEND_ID   "bench-comfy"
#define STALL_MS     BENCH_STALL_MS

static char *opt_dir = NULL;
static int opt_size_mb = 200;
static int opt_jobs = 4;
static double opt_seconds = 5.0;
static double opt_rate_mb = 30.0;
static int opt_max_downloads = 0;
static char *opt_results = NULL;
static char *opt_summarize = NULL;
static char *opt_load_before = NULL;
static char *opt_load_after = NULL;
static char *opt_others_cpu = NULL;
static gboolean opt_verbose = FALSE;

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

G_STATIC_ASSERT (N_WHERE == BENCH_N_WHERE);

#define WATCHDOG_US   BENCH_WATCHDOG_US
#define STALLED_US    8000

typedef enum
{
  PHASE_SETUP,
  PHASE_IDLE,
  PHASE_PLAYBACK,
  PHASE_REALISTIC,   /* downloads paced at --rate-mb each, and playback */
  PHASE_STRESS,      /* downloads as fast as they go, and playback */
  PHASE_DONE,
} Phase;

static const char *phase_names[] = {
  "setup", "idle", "playback", "realistic", "stress", "done",
};

typedef BenchRow Row;

typedef struct
{
  RushesApplication *app;
  RushesWindow      *window;
  RushesPlayer      *player;
  RushesComfyuiBackend *backend;
  FakeServer        *fake;
  BenchServer        server;
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

static void
print_table (Bench *b)
{
  int lowered = g_atomic_int_get (&b->server.lowered);
  g_autofree char *title = g_strdup_printf ("Main-loop responsiveness: %d jobs x %d MB from 127.0.0.1 with the take "
                                            "playing (%.0f fps), realistic at %g MB/s each, stress with the server unthrottled (Rushes paces its downloads while playing); "
                                            "the in-process fake server's thread %s",
                                            opt_jobs, opt_size_mb, b->take_fps, opt_rate_mb,
                                            lowered > 0 ? "at idle priority, as the downloads (a real server "
                                                          "takes no CPU from the window)"
                                                        : "NOT lowered (the kernel refused): it competes with the window");
  g_autoptr(GError) error = NULL;

  bench_print_table (&b->rows[PHASE_IDLE], PHASE_DONE - PHASE_IDLE, title, opt_verbose);
  if (opt_results != NULL
      && !bench_append_results (&b->rows[PHASE_IDLE], PHASE_DONE - PHASE_IDLE, opt_results, &error))
    {
      g_printerr ("bench-responsiveness: %s\n", error->message);
      b->status = 1;
    }
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
  if (b->phase == PHASE_PLAYBACK || b->phase == PHASE_REALISTIC || b->phase == PHASE_STRESS)
    {
      RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (b->player));

      row->frames_shown = rushes_frame_paintable_get_n_frames (paintable) - b->frames_at_start;
      row->expected_frames = row->seconds * b->take_fps;
      row->frame_ms = 1000.0 / MAX (b->take_fps, 1);
    }
  if (b->phase == PHASE_REALISTIC || b->phase == PHASE_STRESS)
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

  start_phase (b, b->phase + 1);
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

static void prepare_recipe (Bench *b);

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
  /* the next Generate's settings, set as a user would before pressing it */
  prepare_recipe (b);
  g_task_set_task_data (task, paths, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, settle_thread);
}

/* What the user sets up before pressing Generate: the backend, the prompt,
 * the parameters. Done between phases, off the measurement (choosing a
 * backend rebuilds the parameter panel: a one-off 20-30 ms of the main
 * thread's own that is the user's input, not background work). */
static void
prepare_recipe (Bench *b)
{
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
}

static void
generate (Bench *b)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (b->app);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (queue));

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
    case PHASE_REALISTIC:
    case PHASE_STRESS:
      bench_server_set_rate (&b->server, phase == PHASE_REALISTIC ? opt_rate_mb : 0);
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

  if (b->phase != PHASE_REALISTIC && b->phase != PHASE_STRESS)
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
  g_autoptr(GBytes) head = NULL;
  char *app_argv[] = { argv[0], NULL };
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Folder for the library and the take (on disk)", "DIR" },
    { "size-mb", 0, 0, G_OPTION_ARG_INT, &opt_size_mb, "Size of each download (default 200)", "MB" },
    { "jobs", 0, 0, G_OPTION_ARG_INT, &opt_jobs, "Jobs downloading at once (default 4)", "N" },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &opt_seconds, "Length of the idle and playback phases (default 5)", "S" },
    { "rate-mb", 0, 0, G_OPTION_ARG_DOUBLE, &opt_rate_mb, "Realistic scenario: each download paced at this rate (default 30: four share 1 Gbit/s)", "MB/S" },
    { "max-downloads", 0, 0, G_OPTION_ARG_INT, &opt_max_downloads, "Downloads at once in the process (default: the application's own cap)", "N" },
    { "results", 0, 0, G_OPTION_ARG_FILENAME, &opt_results, "Append the run's figures to this file", "FILE" },
    { "summarize", 0, 0, G_OPTION_ARG_FILENAME, &opt_summarize, "Print the median of the runs in FILE and a verdict (runs nothing)", "FILE" },
    { "load-before", 0, 0, G_OPTION_ARG_STRING, &opt_load_before, "With --summarize: the load average before the runs", "LOAD" },
    { "load-after", 0, 0, G_OPTION_ARG_STRING, &opt_load_after, "With --summarize: the load average after the runs", "LOAD" },
    { "others-cpu", 0, 0, G_OPTION_ARG_STRING, &opt_others_cpu, "With --summarize: % of one CPU other processes used during the runs", "PCT" },
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
  if (opt_summarize != NULL)
    return bench_summarize (opt_summarize, opt_load_before, opt_load_after, opt_others_cpu);
  if (opt_dir == NULL || opt_size_mb < 1 || opt_jobs < 1 || opt_jobs > 4 || opt_seconds <= 0 || opt_rate_mb <= 0)
    {
      g_printerr ("bench-responsiveness: --dir is required; --size-mb ≥ 1, --jobs 1..4, --seconds > 0, --rate-mb > 0\n");
      return 2;
    }

  curl_global_init (CURL_GLOBAL_DEFAULT);
  gst_init (NULL, NULL);
  if (opt_max_downloads > 0)
    _rushes_job_set_max_downloads ((guint) opt_max_downloads);

  for (Phase p = PHASE_SETUP; p < PHASE_DONE; p++)
    {
      b->rows[p].gaps = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].paints = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].own = g_array_new (FALSE, FALSE, sizeof (double));
      b->rows[p].log = g_string_new (NULL);
      b->rows[p].name = phase_names[p];
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

  head = bench_padded_head ((guint8 *) take_data, take_len, (guint64) opt_size_mb * 1024 * 1024, &error);
  if (head == NULL)
    {
      g_printerr ("bench-responsiveness: %s\n", error->message);
      return 1;
    }
  b->fake = fake_server_new ("127.0.0.1");
  bench_server_init (&b->server, b->fake, head, (guint64) opt_size_mb * 1024 * 1024);
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
  bench_server_clear (&b->server);
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
