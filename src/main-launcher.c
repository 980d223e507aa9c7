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
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <errno.h>
#include <locale.h>
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

int
main (int   argc,
      char *argv[])
{
  gboolean cli = argc > 1 && rushes_cli_is_subcommand (argv[1]);
  g_autofree char *program = cli ? find_program ("RUSHES_CLI_EXE", "rushes-cli")
                                 : find_program ("RUSHES_APP_EXE", "rushes-app");
  int saved;

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
