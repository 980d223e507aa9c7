/* rushes-cli-names.c: which arguments are subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The names of rushes-cli.c's table, kept apart so that the launcher links
 * nothing else; tests/data/check_cli_binary.py checks that every command
 * `rushes --help` lists is routed to the command line.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include "rushes-cli-names.h"

static const char * const names[] = {
  "generate", "trim", "retake", "export", "backends", "jobs", "workflows", "takes",
  "help", "--help", "-h",
};

gboolean
rushes_cli_is_subcommand (const char *name)
{
  if (name == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}
