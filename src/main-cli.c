/* main-cli.c: rushes-cli, the display-less subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rushes export …` (main-launcher.c) execs this program with the same
 * arguments. It links no GTK, so a subcommand pays neither GTK's loading
 * nor its constructors.
 */
#define G_LOG_DOMAIN "rushes"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <gst/gst.h>
#include <curl/curl.h>

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

  if (argc < 2)
    {
      rushes_cli_print_help (stderr);
      return RUSHES_EXIT_USAGE;
    }

  /* Before any thread exists: libcurl's global state is not thread-safe. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
  /* Before any pipeline: frames' memory stays mapped between frames */
  rushes_media_tune_memory (RUSHES_MEMORY_ONE_TASK);
  gst_init (NULL, NULL);
  ret = rushes_cli_run (argc - 1, argv + 1);
  curl_global_cleanup ();
  return ret;
}
