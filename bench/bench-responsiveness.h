/* bench-responsiveness.h: what the parts of bench-responsiveness share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-responsiveness.c         the window, the phases, the measuring
 *   bench-responsiveness-server.c  the fake ComfyUI server and its results
 *   bench-responsiveness-report.c  the figures: one run's table, the
 *                                  results file, the median of runs
 */
#pragma once

#include <glib.h>

#include "fake-server.h"

G_BEGIN_DECLS

#define BENCH_STALL_MS 16.0
#define BENCH_N_WHERE  7
#define BENCH_WATCHDOG_US 2000

/* ---- the fake ComfyUI server (bench-responsiveness-server.c) ---- */

typedef struct
{
  GMutex        lock;
  GHashTable   *prompts;     /* prompt ids posted */
  gint64        next_number;
  GBytes       *head;        /* the take's bytes: start of every result */
  GBytes       *filler;      /* BENCH_CHUNK_SIZE bytes */
  guint64       size;
  int           rate_kb;     /* atomic: KiB/s per download, 0: as fast as it goes */
  int           lowered;     /* atomic: the server's thread at idle priority: 1 yes, -1 refused, 0 not yet */
} BenchServer;

/* Routes the fake server's ComfyUI API to s (before fake_server_start). */
void     bench_server_init     (BenchServer  *s,
                                FakeServer   *fake,
                                GBytes       *head,
                                guint64       size);
void     bench_server_clear    (BenchServer  *s);
/* Each download from now on is paced at this rate (0: unthrottled). */
void     bench_server_set_rate (BenchServer  *s,
                                double        mb_per_s);
/* The first bytes of every result: the take grown to size with filler. */
GBytes  *bench_padded_head     (const guint8 *data,
                                gsize         len,
                                guint64       size,
                                GError      **error);

/* ---- the figures (bench-responsiveness-report.c) ---- */

typedef struct
{
  const char *name;
  gboolean measured;
  double   seconds;
  GArray  *gaps;           /* double ms between 1 ms timer dispatches */
  GArray  *own;            /* the same, less the time spent waiting for a CPU */
  double   stall_cpu_ms;   /* in own stalls > 16 ms: running … */
  double   stall_blocked_ms; /* … and off the CPU not waiting for one (I/O, locks) */
  GArray  *paints;         /* double ms between after-paint signals */
  guint64  frames_shown;
  double   expected_frames;
  double   frame_ms;       /* the take's frame duration (playing phases) */
  guint    jobs_ok;
  guint    jobs_failed;
  double   download_seconds;
  double   megabytes;
  GString *log;            /* --verbose: stalls and events */
  guint    where[BENCH_N_WHERE];   /* watchdog samples during stalls */
} BenchRow;

/* where the main thread was, as the watchdog classifies it */
extern const char *bench_where_names[BENCH_N_WHERE];

/* One run's table. */
void     bench_print_table     (BenchRow   *rows,
                                guint       n_rows,
                                const char *title,
                                gboolean    verbose);
/* Appends one line per measured row to path (tab-separated). */
gboolean bench_append_results  (BenchRow   *rows,
                                guint       n_rows,
                                const char *path,
                                GError    **error);
/* The median of the runs in path, with the load averages around them and
 * a verdict (none above load 1.0). Returns the exit status. */
int      bench_summarize       (const char *path,
                                const char *load_before,
                                const char *load_after,
                                const char *others_cpu);

G_END_DECLS
