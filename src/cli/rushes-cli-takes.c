/* rushes-cli-takes.c: `rushes takes COMMAND`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The commands on takes; each lives in its own file and is one line here.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

static const RushesCliCommand commands[] = {
  { "contact-sheet", rushes_cli_takes_contact_sheet },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  rushes takes contact-sheet TAKE… --output FILE.png|FILE.webm\n", _("Usage:"));
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes takes: %s\n", message);
  print_usage (stderr);
  return RUSHES_EXIT_USAGE;
}

int
rushes_cli_takes (int    argc,
                  char **argv)
{
  return rushes_cli_dispatch (argc, argv, commands, G_N_ELEMENTS (commands), print_usage, usage_error);
}
