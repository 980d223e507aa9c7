/* rushes-cli-backends.c: `rushes backends`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

int
rushes_cli_backends (int    argc,
               char **argv)
{
  fprintf (stderr, "rushes backends: %s\n", _("not available yet"));
  return RUSHES_EXIT_FAILED;
}
