/* rushes-cli-output.c: the file a subcommand writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `rushes generate / trim / export --output PATH` claim PATH before doing
 * anything (nothing is submitted or paid for before): an existing file is
 * kept unless --overwrite, and a second rushes writing the same path is
 * turned away. Both are bad usage (exit 2).
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

RushesOutputLock *
rushes_cli_claim_output (const char *command,
                         const char *path,
                         gboolean    overwrite,
                         int        *exit_code)
{
  g_autoptr(GError) error = NULL;
  RushesOutputLock *lock;

  lock = rushes_output_lock_acquire (path, overwrite, &error);
  if (lock != NULL)
    return lock;

  if (g_error_matches (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_EXISTS))
    fprintf (stderr, "rushes %s: %s; %s\n", command, error->message,
             _("add --overwrite to replace it"));
  else if (g_error_matches (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_BUSY))
    fprintf (stderr, "rushes %s: %s; %s\n", command, error->message,
             _("try again when it has finished"));
  else
    fprintf (stderr, "rushes %s: %s\n", command, error->message);
  *exit_code = g_error_matches (error, RUSHES_OUTPUT_ERROR, RUSHES_OUTPUT_ERROR_FAILED)
               ? RUSHES_EXIT_FAILED : RUSHES_EXIT_USAGE;
  return NULL;
}
