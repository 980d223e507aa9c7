/* test-media-memory.c: frames' memory after rushes_media_tune_memory():
 * threads share one arena, a frame's size comes from the heap, and a
 * command keeps the memory it frees
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Read through glibc's malloc_info(): one <heap nr="…"> per arena, the
 * memory served by mmap() in its "mmap" totals, and what an arena holds
 * from the system in its "current" size.
 *
 * And the launcher's huge pages for the command line (below).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <gio/gio.h>

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

/* ---- the command line's huge pages ---------------------------------------
 *
 * `rushes SUBCOMMAND` (the launcher) execs rushes-cli with glibc's tunable
 * glibc.malloc.hugetlb=1. Here this test program stands in for rushes-cli
 * ($RUSHES_CLI_EXE): started with RUSHES_TEST_REPORT_HEAP set, it prints
 * the GLIBC_TUNABLES it was given and whether a frame from its heap lies in
 * memory advised for huge pages (VmFlags "hg" in /proc/self/smaps). */

#define FRAME_1080P (1920 * 1080 * 3 / 2)

static gboolean
smaps_entry_has_flag (guintptr    address,
                      const char *flag,
                      guint64    *huge_kb)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean inside = FALSE;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return FALSE;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 from, to;
      char *end;

      from = g_ascii_strtoull (lines[i], &end, 16);
      if (end != lines[i] && *end == '-')
        {
          to = g_ascii_strtoull (end + 1, &end, 16);
          if (*end == ' ')
            {
              inside = address >= from && address < to;
              continue;
            }
        }
      if (inside && g_str_has_prefix (lines[i], "AnonHugePages:"))
        *huge_kb = g_ascii_strtoull (lines[i] + strlen ("AnonHugePages:"), NULL, 10);
      if (inside && g_str_has_prefix (lines[i], "VmFlags:"))
        {
          g_auto(GStrv) flags = g_strsplit (lines[i] + strlen ("VmFlags:"), " ", -1);

          return g_strv_contains ((const char * const *) flags, flag);
        }
    }
  return FALSE;
}

static int
report_heap (void)
{
  guint8 *frame;
  guint64 huge_kb = 0;
  gboolean advised;

  rushes_media_tune_memory (RUSHES_MEMORY_ONE_TASK);
  frame = g_malloc (FRAME_1080P);
  memset (frame, 1, FRAME_1080P);
  advised = smaps_entry_has_flag ((guintptr) frame + FRAME_1080P / 2, "hg", &huge_kb);
  g_print ("tunables=%s\nadvised=%s\nhuge-kb=%" G_GUINT64_FORMAT "\n",
           g_getenv ("GLIBC_TUNABLES") != NULL ? g_getenv ("GLIBC_TUNABLES") : "",
           advised ? "yes" : "no", huge_kb);
  g_free (frame);
  return 0;
}

/* the kernel's mode for transparent huge pages: "madvise" when it gives
 * them to memory advised for them; "none" when it cannot be read */
static char *
thp_mode (void)
{
  g_autofree char *text = NULL;
  const char *open, *close;

  if (!g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &text, NULL, NULL) ||
      (open = strchr (text, '[')) == NULL || (close = strchr (open, ']')) == NULL)
    return g_strdup ("none");
  return g_strndup (open + 1, close - open - 1);
}

/* runs `rushes takes` through the launcher with this program as
 * rushes-cli, GLIBC_TUNABLES set to @tunables (NULL: unset) */
static char *
launch_reporting (const char *tunables)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  const char *exe = g_getenv ("RUSHES_EXE");
  char *out = NULL;

  g_assert_nonnull (exe);
  g_assert_nonnull (self);
  g_subprocess_launcher_setenv (launcher, "RUSHES_CLI_EXE", self, TRUE);
  g_subprocess_launcher_setenv (launcher, "RUSHES_TEST_REPORT_HEAP", "1", TRUE);
  if (tunables != NULL)
    g_subprocess_launcher_setenv (launcher, "GLIBC_TUNABLES", tunables, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GLIBC_TUNABLES");
  proc = g_subprocess_launcher_spawn (launcher, &error, exe, "takes", "list", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_test_message ("GLIBC_TUNABLES %s: %s", tunables != NULL ? tunables : "unset", out);
  return out;
}

static void
test_launcher_huge_pages (void)
{
  g_autofree char *mode = thp_mode ();
  g_autofree char *plain = launch_reporting (NULL);
  g_autofree char *other = launch_reporting ("glibc.malloc.tcache_count=7");
  g_autofree char *users = launch_reporting ("glibc.malloc.hugetlb=0");

  g_assert_nonnull (strstr (plain, "tunables=glibc.malloc.hugetlb=1\n"));
  /* the user's other tunables are kept */
  g_assert_nonnull (strstr (other, "tunables=glibc.malloc.tcache_count=7:glibc.malloc.hugetlb=1\n"));
  /* and the user's own choice wins */
  g_assert_nonnull (strstr (users, "tunables=glibc.malloc.hugetlb=0\n"));
  g_assert_nonnull (strstr (users, "advised=no\n"));
  /* glibc advises only when the kernel gives huge pages on advice */
  if (g_str_equal (mode, "madvise"))
    {
      g_assert_nonnull (strstr (plain, "advised=yes\n"));
      g_assert_nonnull (strstr (other, "advised=yes\n"));
    }
  else
    g_test_message ("transparent huge pages: %s, not madvise: the advice is not checked", mode);
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("RUSHES_TEST_REPORT_HEAP") != NULL)
    return report_heap ();

  g_test_init (&argc, &argv, NULL);

#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer has its own allocator: glibc's settings do nothing */
  return g_test_run ();
#endif
  /* this one sets GLIBC_TUNABLES itself */
  g_test_add_func ("/media-memory/launcher-huge-pages", test_launcher_huge_pages);
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
