/* main.c: the Rushes window (rushes-app)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rushes` (main-launcher.c) execs this program, installed in libexecdir,
 * for everything but a subcommand (those go to rushes-cli, main-cli.c),
 * with the same arguments: no argument, GApplication's options, files to
 * open ("rushes heron.rushes", the desktop file's "rushes %U").
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <curl/curl.h>

#include "rushes-application.h"
#include "rushes-media.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RushesApplication) app = NULL;
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before any thread exists: libcurl's global state is not thread-safe. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  /* Before any pipeline: frames' memory stays mapped between frames */
  rushes_media_tune_memory (RUSHES_MEMORY_LONG_LIVED);

  /* The application opens files (G_APPLICATION_HANDLES_OPEN). */
  g_set_application_name (_("Rushes"));
  app = rushes_application_new ();
  ret = g_application_run (G_APPLICATION (app), argc, argv);
  g_clear_object (&app);

  curl_global_cleanup ();
  return ret;
}
