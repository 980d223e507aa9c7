/* bench-responsiveness-report.c: the figures of bench/responsiveness
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run prints its table and appends one line per phase to a results
 * file; bench/responsiveness runs it several times and then asks for the
 * median of each figure over the runs (--summarize), with the load average
 * before and after, and a verdict against the goals of issue 17:
 *   realistic  no gap over 16 ms, no dropped or late frame
 *   stress     no gap of the main thread's own work over 16 ms
 * There is no verdict above load 1.0: then other processes had the CPUs,
 * and a stall says more about them than about Rushes.
 */
#define G_LOG_DOMAIN "bench-responsiveness"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "bench-responsiveness.h"

#define MAX_LOAD 1.0
#define MAX_OTHERS_CPU 10.0  /* % of one CPU, as bench/benchlib.py */

const char *bench_where_names[BENCH_N_WHERE] = {
  "on/waiting for a CPU", "X server reply", "main-loop poll", "lock (futex)", "fsync",
  "file I/O", "other syscall",
};

/* the columns of the results file, after the phase's name */
enum
{
  COL_GAP_MAX,
  COL_GAP_OVER,
  COL_OWN_MAX,
  COL_OWN_OVER,
  COL_FRAMES_SHOWN,
  COL_FRAMES_EXPECTED,
  COL_DROPPED,
  COL_LATE,
  COL_MBPS,
  N_COLS
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
array_stats (GArray *values,
             double  threshold,
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
    if (g_array_index (values, double, i) > threshold)
      (*over)++;
}

/* Frames the player did not show (beyond one at each end of the phase),
 * and frames shown late: after a gap of over 1.5 frame durations. */
static void
frame_stats (BenchRow *row,
             guint    *dropped,
             guint    *late)
{
  double pmax, pp99;
  double missing = row->expected_frames - (double) row->frames_shown;

  *dropped = missing > 1 ? (guint) floor (missing - 1) : 0;
  *late = 0;
  if (row->expected_frames > 0)
    array_stats (row->paints, row->frame_ms * 1.5, &pmax, &pp99, late);
}

void
bench_print_table (BenchRow   *rows,
                   guint       n_rows,
                   const char *title,
                   gboolean    verbose)
{
  g_print ("\n%s\n", title);
  g_print ("gap: between dispatches of a 1 ms high-priority timeout on the main loop (~1 ms when nothing holds it)\n");
  g_print ("own: the gap less the time the main thread waited for a CPU (other processes, or our own threads)\n");
  g_print ("frames: shown/expected by the take's rate, dropped (beyond one at each end), late (after over 1.5 frames)\n\n");
  g_print ("%-10s %5s %6s | %7s %7s %5s | %7s %7s %5s | %-9s %4s %4s | %4s %6s\n",
           "phase", "secs", "ticks", "gap max", "p99", ">16", "own max", "p99", ">16",
           "frames", "drop", "late", "jobs", "MB/s");
  for (guint p = 0; p < n_rows; p++)
    {
      BenchRow *row = &rows[p];
      double max, p99, omax, op99;
      guint over, oover, dropped, late;
      g_autofree char *frames = NULL;
      g_autofree char *jobs = NULL;
      g_autofree char *rate = NULL;

      if (!row->measured)
        continue;
      array_stats (row->gaps, BENCH_STALL_MS, &max, &p99, &over);
      array_stats (row->own, BENCH_STALL_MS, &omax, &op99, &oover);
      frame_stats (row, &dropped, &late);
      frames = row->expected_frames > 0
        ? g_strdup_printf ("%" G_GUINT64_FORMAT "/%.0f", row->frames_shown, row->expected_frames)
        : g_strdup ("-");
      jobs = row->jobs_ok + row->jobs_failed > 0
        ? g_strdup_printf ("%u/%u", row->jobs_ok, row->jobs_ok + row->jobs_failed) : g_strdup ("-");
      rate = row->download_seconds > 0
        ? g_strdup_printf ("%.0f", row->megabytes / row->download_seconds) : g_strdup ("-");
      if (row->expected_frames > 0)
        g_print ("%-10s %5.1f %6u | %7.1f %7.1f %5u | %7.1f %7.1f %5u | %-9s %4u %4u | %4s %6s\n",
                 row->name, row->seconds, row->gaps->len, max, p99, over, omax, op99, oover,
                 frames, dropped, late, jobs, rate);
      else
        g_print ("%-10s %5.1f %6u | %7.1f %7.1f %5u | %7.1f %7.1f %5u | %-9s %4s %4s | %4s %6s\n",
                 row->name, row->seconds, row->gaps->len, max, p99, over, omax, op99, oover,
                 frames, "-", "-", jobs, rate);
    }
  g_print ("\n");
  for (guint p = 0; p < n_rows; p++)
    {
      BenchRow *row = &rows[p];
      guint total = 0;

      if (!row->measured)
        continue;
      if (row->stall_cpu_ms + row->stall_blocked_ms > 0)
        g_print ("%s: own stalls over %.0f ms: %.0f ms running, %.0f ms blocked (I/O, locks)\n",
                 row->name, BENCH_STALL_MS, row->stall_cpu_ms, row->stall_blocked_ms);
      for (guint w = 0; w < BENCH_N_WHERE; w++)
        total += row->where[w];
      if (total > 0)
        {
          g_print ("%s: main thread during stalls (%u samples, every %d ms):", row->name,
                   total, BENCH_WATCHDOG_US / 1000);
          for (guint w = 0; w < BENCH_N_WHERE; w++)
            if (row->where[w] > 0)
              g_print (" %s %u%%,", bench_where_names[w], (guint) (100.0 * row->where[w] / total + 0.5));
          g_print ("\n");
        }
      if (row->download_seconds > 0)
        g_print ("%s: %.0f MB in %.2f s (Generate to last job finished)\n",
                 row->name, row->megabytes, row->download_seconds);
      if (verbose && row->log->len > 0)
        g_print ("%s, from its start:\n%s", row->name, row->log->str);
    }
  g_print ("\n");
}

gboolean
bench_append_results (BenchRow   *rows,
                      guint       n_rows,
                      const char *path,
                      GError    **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  FILE *out;

  for (guint p = 0; p < n_rows; p++)
    {
      BenchRow *row = &rows[p];
      double max, p99, omax, op99;
      guint over, oover, dropped, late;
      char num[N_COLS][G_ASCII_DTOSTR_BUF_SIZE];
      double values[N_COLS];

      if (!row->measured)
        continue;
      array_stats (row->gaps, BENCH_STALL_MS, &max, &p99, &over);
      array_stats (row->own, BENCH_STALL_MS, &omax, &op99, &oover);
      frame_stats (row, &dropped, &late);
      values[COL_GAP_MAX] = max;
      values[COL_GAP_OVER] = over;
      values[COL_OWN_MAX] = omax;
      values[COL_OWN_OVER] = oover;
      values[COL_FRAMES_SHOWN] = row->expected_frames > 0 ? (double) row->frames_shown : -1;
      values[COL_FRAMES_EXPECTED] = row->expected_frames > 0 ? row->expected_frames : -1;
      values[COL_DROPPED] = row->expected_frames > 0 ? (double) dropped : -1;
      values[COL_LATE] = row->expected_frames > 0 ? (double) late : -1;
      values[COL_MBPS] = row->download_seconds > 0 ? row->megabytes / row->download_seconds : -1;
      g_string_append (text, row->name);
      for (guint c = 0; c < N_COLS; c++)
        g_string_append_printf (text, "\t%s", g_ascii_dtostr (num[c], sizeof num[c], values[c]));
      g_string_append_c (text, '\n');
    }
  /* appended by one run at a time: the script runs them one after another */
  out = g_fopen (path, "a");
  if (out == NULL || fwrite (text->str, 1, text->len, out) != text->len || fclose (out) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

static double
median (GArray *values)
{
  guint n = values->len;

  if (n == 0)
    return -1;
  g_array_sort (values, compare_doubles);
  return n % 2 ? g_array_index (values, double, n / 2)
               : (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static void
columns_free (gpointer data)
{
  GArray **cols = data;

  for (guint c = 0; c < N_COLS; c++)
    g_array_unref (cols[c]);
  g_free (cols);
}

int
bench_summarize (const char *path,
                 const char *load_before,
                 const char *load_after,
                 const char *others_cpu)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) phases = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, columns_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  /* as bench/benchlib.py: a quiet machine before the runs, and no other
   * process using more than MAX_OTHERS_CPU % of one CPU during them (the
   * load after the runs is the bench's own: its downloads, its player, its
   * X server). Without that figure, the load after is judged as well. */
  double others = others_cpu != NULL ? g_ascii_strtod (others_cpu, NULL) : -1;
  double load = others >= 0 ? g_ascii_strtod (load_before ? load_before : "0", NULL)
                            : MAX (g_ascii_strtod (load_before ? load_before : "0", NULL),
                                   g_ascii_strtod (load_after ? load_after : "0", NULL));
  guint runs = 0;
  gboolean met = TRUE, judged = FALSE;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("bench-responsiveness: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      GArray **cols;
      char *key;

      if (g_strv_length (f) != N_COLS + 1)
        continue;
      cols = g_hash_table_lookup (phases, f[0]);
      if (cols == NULL)
        {
          cols = g_new0 (GArray *, N_COLS);
          for (guint c = 0; c < N_COLS; c++)
            cols[c] = g_array_new (FALSE, FALSE, sizeof (double));
          key = g_strdup (f[0]);
          g_hash_table_insert (phases, key, cols);
          g_ptr_array_add (order, key);
        }
      for (guint c = 0; c < N_COLS; c++)
        {
          double v = g_ascii_strtod (f[c + 1], NULL);

          g_array_append_val (cols[c], v);
        }
      runs = MAX (runs, cols[0]->len);
    }
  if (runs == 0)
    {
      g_printerr ("bench-responsiveness: no results in %s\n", path);
      return 1;
    }

  g_print ("\nMedian of %u runs (load average before: %s, after: %s", runs,
           load_before ? load_before : "?", load_after ? load_after : "?");
  if (others >= 0)
    g_print ("; other processes used %.0f %% of one CPU meanwhile", others);
  g_print (")\n\n");
  g_print ("%-10s | %7s %5s | %7s %5s | %9s %4s %4s | %6s\n",
           "phase", "gap max", ">16", "own max", ">16", "frames", "drop", "late", "MB/s");
  for (guint i = 0; i < order->len; i++)
    {
      const char *name = g_ptr_array_index (order, i);
      GArray **cols = g_hash_table_lookup (phases, name);
      double m[N_COLS];
      g_autofree char *frames = NULL;
      g_autofree char *drop = NULL;
      g_autofree char *late = NULL;
      g_autofree char *rate = NULL;

      for (guint c = 0; c < N_COLS; c++)
        m[c] = median (cols[c]);
      frames = m[COL_FRAMES_EXPECTED] > 0
        ? g_strdup_printf ("%.0f/%.0f", m[COL_FRAMES_SHOWN], m[COL_FRAMES_EXPECTED]) : g_strdup ("-");
      drop = m[COL_DROPPED] >= 0 ? g_strdup_printf ("%.0f", m[COL_DROPPED]) : g_strdup ("-");
      late = m[COL_LATE] >= 0 ? g_strdup_printf ("%.0f", m[COL_LATE]) : g_strdup ("-");
      rate = m[COL_MBPS] >= 0 ? g_strdup_printf ("%.0f", m[COL_MBPS]) : g_strdup ("-");
      g_print ("%-10s | %7.1f %5.0f | %7.1f %5.0f | %9s %4s %4s | %6s\n", name,
               m[COL_GAP_MAX], m[COL_GAP_OVER], m[COL_OWN_MAX], m[COL_OWN_OVER], frames, drop, late, rate);

      if (g_strcmp0 (name, "realistic") == 0)
        {
          judged = TRUE;
          met = met && m[COL_GAP_MAX] <= BENCH_STALL_MS && m[COL_DROPPED] <= 0 && m[COL_LATE] <= 0;
        }
      else if (g_strcmp0 (name, "stress") == 0)
        {
          judged = TRUE;
          met = met && m[COL_OWN_MAX] <= BENCH_STALL_MS;
        }
    }
  g_print ("\nGoals: realistic: no gap over %.0f ms, no dropped or late frame; stress: no gap of the main "
           "thread's own work over %.0f ms.\n", BENCH_STALL_MS, BENCH_STALL_MS);
  if (!judged)
    g_print ("No verdict: neither scenario was measured.\n");
  else if (load > MAX_LOAD)
    g_print ("No verdict: the load average was %.2f (over %.1f). Other processes had the CPUs, so the "
             "main thread waited for them and the gaps measure them rather than Rushes; run again on a "
             "quiet machine.\n", load, MAX_LOAD);
  else if (others > MAX_OTHERS_CPU)
    g_print ("No verdict: other processes used %.0f %% of one CPU during the runs (over %.0f %%); run "
             "again on a quiet machine.\n", others, MAX_OTHERS_CPU);
  else
    g_print ("Verdict: %s\n", met ? "goals met" : "goals NOT met");
  return 0;
}
