/* rushes-cli.c: subcommand dispatch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} RushesSubcommand;

static const RushesSubcommand subcommands[] = {
  { "generate", rushes_cli_generate, N_("Generate takes from a prompt") },
  { "trim",     rushes_cli_trim,     N_("Trim a take into a new take") },
  { "retake",   rushes_cli_retake,   N_("Regenerate a range of a take and splice it in") },
  { "export",   rushes_cli_export,   N_("Export a project or clips to a finished file") },
  { "backends", rushes_cli_backends, N_("List, add, test and remove backends") },
  { "jobs",     rushes_cli_jobs,     N_("List, resume and cancel journalled jobs") },
  { "workflows", rushes_cli_workflows, N_("Import and list ComfyUI workflows") },
  { "takes",    rushes_cli_takes,    N_("List, search and rate the takes of the library") },
};

void
rushes_cli_print_help (FILE *stream)
{
  fprintf (stream, "%s\n  rushes [--gapplication-options] [PROJECT.rushes|VIDEO…]\n  rushes COMMAND [OPTIONS]\n\n%s\n",
           _("Usage:"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    fprintf (stream, "  %-10s %s\n", subcommands[i].name, _(subcommands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “rushes COMMAND --help” for a command’s options. Without a command, Rushes opens its window, and the project or videos given."));
}

int
rushes_cli_run (int    argc,
                char **argv)
{
  g_return_val_if_fail (argc >= 1, RUSHES_EXIT_USAGE);

  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (argv[0], subcommands[i].name))
      return subcommands[i].run (argc, argv);

  rushes_cli_print_help (stdout);
  return RUSHES_EXIT_OK;
}

int
rushes_cli_dispatch (int                     argc,
                     char                  **argv,
                     const RushesCliCommand *commands,
                     guint                   n_commands,
                     void                  (*print_usage) (FILE *stream),
                     int                   (*usage_error) (const char *message))
{
  g_autofree char *msg = NULL;
  const char *cmd;

  if (argc < 2)
    return usage_error (_("a command is needed"));

  cmd = argv[1];
  if (g_str_equal (cmd, "--help") || g_str_equal (cmd, "-h") || g_str_equal (cmd, "help"))
    {
      print_usage (stdout);
      return RUSHES_EXIT_OK;
    }
  for (guint i = 0; i < n_commands; i++)
    if (g_str_equal (cmd, commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  msg = g_strdup_printf (_("unknown command “%s”"), cmd);
  return usage_error (msg);
}
