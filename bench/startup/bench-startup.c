/* bench-startup.c: time from spawning to the first painted frame, Rushes
 * against a minimal GTK 4 + libadwaita window, in the same run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (needs a display): xvfb-run -a bench-startup MINIMAL RUSHES [RUNS]
 * Both programs print "first-frame <g_get_monotonic_time>" after their first
 * paint (Rushes when RUSHES_STARTUP_PROBE=1) and quit. Goal: Rushes ≤ 1.3×.
 */
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>

static double
time_one (const char *program)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start, frame = 0;

  g_subprocess_launcher_setenv (launcher, "RUSHES_STARTUP_PROBE", "1", TRUE);
  start = g_get_monotonic_time ();
  child = g_subprocess_launcher_spawn (launcher, &error, program, NULL);
  if (child == NULL)
    g_error ("%s: %s", program, error->message);

  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "first-frame "))
        frame = g_ascii_strtoll (line + 12, NULL, 10);
      g_free (g_steal_pointer (&line));
    }
  g_subprocess_wait (child, NULL, NULL);
  if (frame == 0)
    g_error ("%s did not report its first frame", program);

  return (frame - start) / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  int runs = argc > 3 ? atoi (argv[3]) : 7;
  g_autofree double *minimal = NULL;
  g_autofree double *rushes = NULL;
  double m, r;

  if (argc < 3 || runs < 1)
    {
      fprintf (stderr, "usage: %s MINIMAL-WINDOW RUSHES [RUNS]\n", argv[0]);
      return 2;
    }

  minimal = g_new (double, runs);
  rushes = g_new (double, runs);
  /* one warm-up each: page cache, fontconfig cache */
  time_one (argv[1]);
  time_one (argv[2]);
  for (int i = 0; i < runs; i++)
    {
      minimal[i] = time_one (argv[1]);
      rushes[i] = time_one (argv[2]);
    }
  qsort (minimal, runs, sizeof (double), compare_doubles);
  qsort (rushes, runs, sizeof (double), compare_doubles);
  m = minimal[runs / 2];
  r = rushes[runs / 2];

  printf ("time to first frame, median of %d runs\n", runs);
  printf ("  minimal GTK4+Adw window  %8.1f ms\n", m);
  printf ("  rushes                   %8.1f ms   (%.2f×, goal ≤ 1.30×)\n", r, r / m);

  return 0;
}
