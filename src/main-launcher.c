/* main-launcher.c: `rushes`, the door to the command line and the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links GLib and nothing else of Rushes, so that neither side pays for the
 * other's libraries: a subcommand ("rushes export …") execs rushes-cli
 * (main-cli.c: no GTK), anything else (no argument, GApplication's
 * options, files to open: "rushes heron.rushes", the desktop file's
 * "rushes %U", D-Bus activation's --gapplication-service) execs the window,
 * rushes-app (main.c). Both get the same arguments, argv[0] included: GLib
 * names the program after it. Each is looked for in $RUSHES_CLI_EXE or
 * $RUSHES_APP_EXE (tests), next to this program (the build tree), then in
 * libexecdir (installed, Flatpak).
 *
 * The command line runs with transparent huge pages for its heap. A
 * frame-exact trim or an export decodes and encodes frames into memory
 * that is new to the process (x264's and the decoder's buffers); with
 * 4 KiB pages a 1080p trim took 58 000 page faults and spent a third of
 * its CPU time in the kernel clearing them. glibc asks for huge pages
 * (madvise) when its tunable glibc.malloc.hugetlb is 1, and reads its
 * tunables only when a program starts: so it is set here, before the
 * exec. A user's own glibc.malloc.hugetlb wins. The window does not get
 * it: it lives long, and its memory is measured in pages it keeps.
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "rushes-cli-names.h"

static char *
find_program (const char *env_name,
              const char *name)
{
  const char *env = g_getenv (env_name);
  g_autofree char *self = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (RUSHES_LIBEXECDIR, name, NULL);
}

static void
ask_for_huge_pages (void)
{
#ifdef __GLIBC__
  const char *tunables = g_getenv ("GLIBC_TUNABLES");
  g_autofree char *value = NULL;

  if (tunables != NULL && strstr (tunables, "glibc.malloc.hugetlb=") != NULL)
    return;
  value = tunables != NULL && tunables[0] != '\0' ? g_strconcat (tunables, ":glibc.malloc.hugetlb=1", NULL)
                                                  : g_strdup ("glibc.malloc.hugetlb=1");
  g_setenv ("GLIBC_TUNABLES", value, TRUE);
#endif
}

int
main (int   argc,
      char *argv[])
{
  gboolean cli = argc > 1 && rushes_cli_is_subcommand (argv[1]);
  g_autofree char *program = cli ? find_program ("RUSHES_CLI_EXE", "rushes-cli")
                                 : find_program ("RUSHES_APP_EXE", "rushes-app");
  int saved;

  if (cli)
    ask_for_huge_pages ();
  execv (program, argv);
  saved = errno;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (cli)
    /* Translators: %s is the path of Rushes' command-line program, then why it could not start */
    g_printerr (_("Rushes could not start its command line: %s: %s\n"), program, g_strerror (saved));
  else
    /* Translators: %s is the path of the program that shows Rushes' window, then why it could not start */
    g_printerr (_("Rushes could not open its window: %s: %s\n"), program, g_strerror (saved));
  return 1;
}
