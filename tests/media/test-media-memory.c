/* test-media-memory.c: frames' memory after rushes_media_tune_memory():
 * threads share one arena, a frame's size comes from the heap, and a
 * command keeps the memory it frees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read through glibc's malloc_info(): one <heap nr="…"> per arena, the
 * memory served by mmap() in its "mmap" totals, and what an arena holds
 * from the system in its "current" size.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "rushes-media.h"

#define N_THREADS  4
#define FRAME_SIZE (1280 * 720 * 3 / 2)

static gint started;

/* a decoder's streaming thread: a few frames, each written and freed,
 * while the others run too */
static gpointer
decode_frames (gpointer data)
{
  for (guint i = 0; i < 8; i++)
    {
      guint8 *frame = g_malloc (FRAME_SIZE);

      memset (frame, i, FRAME_SIZE);
      if (i == 0)
        {
          g_atomic_int_inc (&started);
          while (g_atomic_int_get (&started) < N_THREADS)
            g_usleep (1000);
        }
      g_free (frame);
    }
  return NULL;
}

static void
run_threads (void)
{
  GThread *threads[N_THREADS];

  for (guint i = 0; i < N_THREADS; i++)
    threads[i] = g_thread_new ("frames", decode_frames, NULL);
  for (guint i = 0; i < N_THREADS; i++)
    g_thread_join (threads[i]);
}

#ifdef __GLIBC__
static char *
malloc_report (void)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream (&text, &len);

  g_assert_nonnull (f);
  g_assert_cmpint (malloc_info (0, f), ==, 0);
  g_assert_cmpint (fclose (f), ==, 0);
  return text;
}

static guint
count (const char *text,
       const char *what)
{
  g_auto(GStrv) parts = g_strsplit (text, what, -1);

  return g_strv_length (parts) - 1;
}
#endif

static void
check_arenas (gboolean tuned)
{
#ifdef __GLIBC__
  g_autofree char *report = NULL;

  if (tuned)
    rushes_media_tune_memory (RUSHES_MEMORY_LONG_LIVED);
  run_threads ();
  report = malloc_report ();
  g_test_message ("%s", report);
  if (tuned)
    {
      g_assert_cmpuint (count (report, "<heap nr="), ==, 1);
      /* and no frame was served by mmap() */
      g_assert_nonnull (strstr (report, "<total type=\"mmap\" count=\"0\" size=\"0\"/>"));
    }
  else
    g_assert_cmpuint (count (report, "<heap nr="), >, 1);
#else
  g_test_skip ("not glibc's malloc");
#endif
}

/* the main arena's memory from the system, after 112 MB of frames were
 * allocated, written and freed */
static void
check_kept (RushesMemoryUse use)
{
#ifdef __GLIBC__
  g_autofree char *report = NULL;
  guint8 *frames[80];
  const char *heap, *current;
  guint64 size;

  rushes_media_tune_memory (use);
  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      frames[i] = g_malloc (FRAME_SIZE);
      memset (frames[i], 1, FRAME_SIZE);
    }
  for (guint i = G_N_ELEMENTS (frames); i > 0; i--)
    g_free (frames[i - 1]);
  report = malloc_report ();
  heap = strstr (report, "<heap nr=\"0\">");
  g_assert_nonnull (heap);
  current = strstr (heap, "<system type=\"current\" size=\"");
  g_assert_nonnull (current);
  size = g_ascii_strtoull (current + strlen ("<system type=\"current\" size=\""), NULL, 10);
  g_test_message ("the main arena holds %" G_GUINT64_FORMAT " MiB", size >> 20);
  if (use == RUSHES_MEMORY_ONE_TASK)
    g_assert_cmpuint (size, >=, (guint64) G_N_ELEMENTS (frames) * FRAME_SIZE);
  else
    g_assert_cmpuint (size, <, 80 * 1024 * 1024);
#else
  g_test_skip ("not glibc's malloc");
#endif
}

/* Each case in a subprocess of its own: the settings hold for the whole
 * process. With them, one arena; without (what glibc does itself, so the
 * check can fail), one per thread; a command keeps what it frees, the
 * application gives most of it back. */
typedef enum
{
  CASE_ONE_ARENA,
  CASE_DEFAULT_ARENAS,
  CASE_ONE_TASK_KEEPS,
  CASE_LONG_LIVED_GIVES_BACK,
} Case;

static void
test_case (gconstpointer data)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  switch ((Case) GPOINTER_TO_INT (data))
    {
    case CASE_ONE_ARENA:
      check_arenas (TRUE);
      break;
    case CASE_DEFAULT_ARENAS:
      check_arenas (FALSE);
      break;
    case CASE_ONE_TASK_KEEPS:
      check_kept (RUSHES_MEMORY_ONE_TASK);
      break;
    case CASE_LONG_LIVED_GIVES_BACK:
    default:
      check_kept (RUSHES_MEMORY_LONG_LIVED);
      break;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer has its own allocator: glibc's settings do nothing */
  return g_test_run ();
#endif
  /* the user's own settings would win over Rushes's */
  if (g_getenv ("MALLOC_ARENA_MAX") != NULL || g_getenv ("GLIBC_TUNABLES") != NULL)
    {
      g_test_message ("MALLOC_ARENA_MAX or GLIBC_TUNABLES set: nothing to check");
      return g_test_run ();
    }
  g_test_add_data_func ("/media-memory/one-arena", GINT_TO_POINTER (CASE_ONE_ARENA), test_case);
  g_test_add_data_func ("/media-memory/default-arenas", GINT_TO_POINTER (CASE_DEFAULT_ARENAS), test_case);
  g_test_add_data_func ("/media-memory/one-task-keeps", GINT_TO_POINTER (CASE_ONE_TASK_KEEPS), test_case);
  g_test_add_data_func ("/media-memory/long-lived-gives-back", GINT_TO_POINTER (CASE_LONG_LIVED_GIVES_BACK),
                        test_case);
  return g_test_run ();
}
