/* main-cli.c: `rushes`, the command line and the door to the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a display-less subcommand ("rushes export …") itself. This program
 * links no GTK, so a subcommand pays neither GTK's loading nor its
 * constructors. Anything else (no argument, GApplication's options, files
 * to open: "rushes heron.rushes", the desktop file's "rushes %U", D-Bus
 * activation's --gapplication-service) execs the window, rushes-app (main.c),
 * with the same arguments, argv[0] included: GLib names the program after
 * it. rushes-app is looked for in $RUSHES_APP_EXE (tests), next to this
 * program (the build tree), then in libexecdir (installed, Flatpak).
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <curl/curl.h>

#include "rushes-cli.h"

#define APP_NAME "rushes-app"

/* The window's program: a path that exists, or the installed one. */
static char *
find_app (void)
{
  const char *env = g_getenv ("RUSHES_APP_EXE");
  g_autofree char *self = NULL;

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  self = g_file_read_link ("/proc/self/exe", NULL);
  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *beside = g_build_filename (dir, APP_NAME, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (RUSHES_LIBEXECDIR, APP_NAME, NULL);
}

static int
exec_app (char *argv[])
{
  g_autofree char *app = find_app ();
  int saved;

  execv (app, argv);
  saved = errno;
  /* Translators: %s is the path of the program that shows Rushes' window, then why it could not start */
  g_printerr (_("Rushes could not open its window: %s: %s\n"), app, g_strerror (saved));
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || !rushes_cli_is_subcommand (argv[1]))
    return exec_app (argv);

  /* Before any thread exists: libcurl's global state is not thread-safe. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  gst_init (NULL, NULL);
  ret = rushes_cli_run (argc - 1, argv + 1);
  curl_global_cleanup ();
  return ret;
}
