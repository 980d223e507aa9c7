/* startup-probe.c: start a program and measure, from outside, the time until
 * its first top-level window is mapped on the X server, and its memory once
 * it has settled.
 *
 *   startup-probe SETTLE_MS PROGRAM [ARGS…]
 *   prints: MAP_MS RSS_KB PSS_KB
 *
 * It listens for MapNotify on the root window (no window manager under Xvfb,
 * so top-level windows are children of the root), keeps only windows that are
 * not override-redirect and whose _NET_WM_PID is the child's, then waits
 * SETTLE_MS, reads /proc/PID/status and smaps_rollup, and ends the child.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long
window_pid (Display *dpy,
            Window   w)
{
  Atom pid_atom = XInternAtom (dpy, "_NET_WM_PID", False);
  Atom type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;
  long pid = -1;

  if (XGetWindowProperty (dpy, w, pid_atom, 0, 1, False, XA_CARDINAL, &type, &format,
                          &n, &after, &data) == Success && data != NULL && n == 1)
    pid = (long) *(unsigned long *) data;
  if (data != NULL)
    XFree (data);
  return pid;
}

static long
read_kb (const char *path,
         const char *key)
{
  char line[256];
  size_t keylen = strlen (key);
  long value = -1;
  FILE *f = fopen (path, "r");

  if (f == NULL)
    return -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, key, keylen) == 0)
      {
        value = strtol (line + keylen, NULL, 10);
        break;
      }
  fclose (f);
  return value;
}

static void
stop_child (pid_t pid)
{
  kill (pid, SIGTERM);
  for (int i = 0; i < 40; i++)
    {
      if (waitpid (pid, NULL, WNOHANG) == pid)
        return;
      usleep (50000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
}

int
main (int   argc,
      char *argv[])
{
  Display *dpy;
  double start, mapped = -1;
  int settle_ms;
  pid_t pid;
  char path[64];

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s SETTLE_MS PROGRAM [ARGS…]\n", argv[0]);
      return 2;
    }
  settle_ms = atoi (argv[1]);

  dpy = XOpenDisplay (NULL);
  if (dpy == NULL)
    {
      fprintf (stderr, "startup-probe: cannot open display\n");
      return 1;
    }
  XSelectInput (dpy, DefaultRootWindow (dpy), SubstructureNotifyMask);
  XSync (dpy, False);

  start = now_ms ();
  pid = fork ();
  if (pid == 0)
    {
      close (ConnectionNumber (dpy));
      execvp (argv[2], argv + 2);
      fprintf (stderr, "startup-probe: cannot run %s: %s\n", argv[2], strerror (errno));
      _exit (127);
    }

  while (mapped < 0)
    {
      struct pollfd pfd = { ConnectionNumber (dpy), POLLIN, 0 };

      if (now_ms () - start > 60000)
        {
          fprintf (stderr, "startup-probe: no window after 60 s\n");
          stop_child (pid);
          return 1;
        }
      if (waitpid (pid, NULL, WNOHANG) == pid)
        {
          fprintf (stderr, "startup-probe: %s exited before mapping a window\n", argv[2]);
          return 1;
        }
      if (XPending (dpy) == 0 && poll (&pfd, 1, 100) <= 0)
        continue;
      while (XPending (dpy) > 0 && mapped < 0)
        {
          XEvent ev;

          XNextEvent (dpy, &ev);
          if (ev.type == MapNotify && !ev.xmap.override_redirect &&
              window_pid (dpy, ev.xmap.window) == (long) pid)
            mapped = now_ms ();
        }
    }

  usleep ((useconds_t) settle_ms * 1000);
  snprintf (path, sizeof path, "/proc/%d/status", (int) pid);
  long rss = read_kb (path, "VmRSS:");
  snprintf (path, sizeof path, "/proc/%d/smaps_rollup", (int) pid);
  long pss = read_kb (path, "Pss:");
  stop_child (pid);
  XCloseDisplay (dpy);

  printf ("%.1f %ld %ld\n", mapped - start, rss, pss);
  return 0;
}
