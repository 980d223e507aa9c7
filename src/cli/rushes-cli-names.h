/* rushes-cli-names.h: which arguments are subcommands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GLib only: `rushes` (src/main-launcher.c) decides with it whether to exec
 * the command line or the window, without linking either.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE for a subcommand's name (rushes-cli.c's table), "help", "--help", "-h" */
gboolean rushes_cli_is_subcommand (const char *name);

G_END_DECLS
