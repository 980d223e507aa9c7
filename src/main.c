/* main.c: start Rushes, or run one of its display-less subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <curl/curl.h>

#include "rushes-application.h"
#include "rushes-cli.h"
#include "rushes-media.h"

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before any thread exists: libcurl's global state is not thread-safe. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  /* Before any pipeline: frames' memory stays mapped between frames */
  rushes_media_tune_memory ();

  /* Anything else (no argument, GApplication's options, files to open:
   * "rushes heron.rushes", the desktop file's "rushes %U") goes to the
   * application, which opens files (G_APPLICATION_HANDLES_OPEN). */
  if (argc > 1 && rushes_cli_is_subcommand (argv[1]))
    {
      gst_init (NULL, NULL);
      ret = rushes_cli_run (argc - 1, argv + 1);
    }
  else
    {
      g_autoptr(RushesApplication) app = NULL;

      g_set_application_name (_("Rushes"));
      app = rushes_application_new ();
      ret = g_application_run (G_APPLICATION (app), argc, argv);
    }

  curl_global_cleanup ();
  return ret;
}
