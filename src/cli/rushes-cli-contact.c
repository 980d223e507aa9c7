/* rushes-cli-contact.c: `rushes takes contact-sheet TAKE… --output FILE`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of takes: a PNG (first, middle and last frame of each) or a WebM
 * (all of them playing on one clock, looped to the longest). Each cell is
 * labelled with the value the take got in its sweep, or its title.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"
#include "rushes-contact-sheet.h"

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes takes contact-sheet: %s\n%s\n", message,
           _("Run “rushes takes contact-sheet --help” for the options."));
  return RUSHES_EXIT_USAGE;
}

int
rushes_cli_takes_contact_sheet (int    argc,
                                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) takes = NULL;
  gboolean overwrite = FALSE;
  RushesOutputLock *lock;
  RushesContactSheetLayout layout;
  int ret = RUSHES_EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The sheet: FILE.png (first, middle and last frames) or FILE.webm (the takes playing)"), N_("FILE") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the --output file if it exists"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &takes, NULL, N_("TAKE…") },
    { NULL }
  };

  context = g_option_context_new (_("TAKE…"));
  g_option_context_set_summary (context, _("A grid of takes, one cell each, labelled with the value each got in its sweep "
                                           "(or its title). Takes of other sizes or frame rates are scaled and "
                                           "letterboxed into equal cells."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (takes == NULL || takes[0] == NULL)
    return usage_error (_("give at least one take"));
  if (output == NULL)
    return usage_error (_("--output FILE.png or FILE.webm is required"));
  if (!g_str_has_suffix (output, ".png") && !g_str_has_suffix (output, ".webm"))
    return usage_error (_("--output must end in .png or .webm"));
  for (guint i = 0; takes[i] != NULL; i++)
    if (!g_file_test (takes[i], G_FILE_TEST_IS_REGULAR))
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is not a file"), takes[i]);

        return usage_error (message);
      }

  lock = rushes_cli_claim_output ("takes contact-sheet", output, overwrite, &ret);
  if (lock == NULL)
    return ret;

  labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; takes[i] != NULL; i++)
    g_ptr_array_add (labels, rushes_contact_sheet_label_for_path (takes[i]));
  g_ptr_array_add (labels, NULL);

  if (!rushes_contact_sheet_write ((const char * const *) takes, (const char * const *) labels->pdata, output,
                                   &layout, NULL, &error))
    {
      fprintf (stderr, "rushes takes contact-sheet: %s\n", error->message);
      ret = RUSHES_EXIT_FAILED;
    }
  else
    {
      if (layout.mixed)
        fprintf (stderr, "%s\n", _("rushes takes contact-sheet: the takes differ in size or frame rate: each is scaled "
                                  "and letterboxed into an equal cell"));
      fprintf (stderr, ngettext ("rushes takes contact-sheet: %u cell, %u × %u, %u×%u px\n",
                                 "rushes takes contact-sheet: %u cells, %u × %u, %u×%u px\n", layout.n_cells),
               layout.n_cells, layout.columns, layout.rows, layout.width, layout.height);
      printf ("%s\n", output);
    }
  rushes_output_lock_release (lock);
  return ret;
}
