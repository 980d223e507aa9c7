/* rushes-cli-export.c: `rushes export`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

int
rushes_cli_export (int    argc,
               char **argv)
{
  fprintf (stderr, "rushes export: %s\n", _("not available yet"));
  return RUSHES_EXIT_FAILED;
}
