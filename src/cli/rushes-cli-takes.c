/* rushes-cli-takes.c: `rushes takes list|rate|label|contact-sheet`: the library's takes
 * without the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `list` reads the library folder (the settings', or --folder) the way the
 * library view does, with the same search, filters and sorts
 * (RushesTakeQuery); `rate` and `label` write into a take's sidecar as
 * the library's keys do. Exit codes: 0 done, 1 failed (no such take, a
 * sidecar that cannot be written), 2 bad usage.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "rushes-cli.h"
#include "rushes-library.h"

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n"
           "  rushes takes list [--folder DIR] [--search TEXT] [--min-rating N] [--backend ID] [--model NAME]\n"
           "                    [--sweep ID] [--rejected] [--sort date|rating|duration] [--json]\n"
           "  rushes takes rate TAKE 0|1|2|3|4|5|reject|clear\n"
           "  rushes takes label TAKE red|yellow|green|blue|purple|none\n"
           "  rushes takes contact-sheet TAKE… --output FILE.png|FILE.webm\n\n%s\n",
           _("Usage:"),
           _("TAKE is a take’s media file (or its .rushes.json sidecar). A rating of 1 to 5 stars takes "
             "back a reject; “reject” keeps the stars; “clear” leaves the take unrated. Rejected takes are "
             "listed only with --rejected."));
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes takes: %s\n\n", message);
  print_usage (stderr);
  return RUSHES_EXIT_USAGE;
}

static int
failed (const char *message)
{
  fprintf (stderr, "rushes takes: %s\n", message);
  return RUSHES_EXIT_FAILED;
}

/* "★★★☆☆", "rejected" (with its stars) */
static char *
format_rating (RushesTake *take)
{
  GString *str = g_string_new (NULL);

  for (guint i = 1; i <= RUSHES_TAKE_MAX_RATING; i++)
    g_string_append (str, i <= rushes_take_get_rating (take) ? "★" : "☆");
  if (rushes_take_get_rejected (take))
    {
      g_string_append_c (str, ' ');
      g_string_append (str, _("rejected"));
    }
  return g_string_free (str, FALSE);
}

static void
add_take_json (JsonBuilder *builder,
               RushesTake  *take)
{
  g_autofree char *created = g_date_time_format_iso8601 (rushes_take_get_created (take));

  json_builder_begin_object (builder);
  rushes_cli_json_add_string (builder, "path", rushes_take_get_path (take));
  rushes_cli_json_add_string (builder, "sidecar", rushes_take_get_sidecar_path (take));
  rushes_cli_json_add_string (builder, "title", rushes_take_get_title (take));
  rushes_cli_json_add_string (builder, "prompt", rushes_take_get_prompt (take));
  rushes_cli_json_add_string (builder, "backend", rushes_take_get_backend_id (take));
  rushes_cli_json_add_string (builder, "model", rushes_take_get_model (take));
  rushes_cli_json_add_string (builder, "created", created);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, rushes_take_get_seconds (take));
  json_builder_set_member_name (builder, "rating");
  json_builder_add_int_value (builder, rushes_take_get_rating (take));
  json_builder_set_member_name (builder, "rejected");
  json_builder_add_boolean_value (builder, rushes_take_get_rejected (take));
  rushes_cli_json_add_string (builder, "label", rushes_take_label_to_string (rushes_take_get_label (take)));
  rushes_cli_json_add_string (builder, "sweep", rushes_take_get_sweep_id (take));
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray *takes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < takes->len; i++)
    add_take_json (builder, g_ptr_array_index (takes, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

static int
cmd_list (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RushesTakeQuery) query = rushes_take_query_new ();
  g_autoptr(RushesLibrary) library = NULL;
  g_autoptr(GPtrArray) takes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = NULL, *search = NULL, *backend = NULL, *model = NULL, *sweep = NULL, *sort = NULL;
  gboolean as_json = FALSE, rejected = FALSE;
  int min_rating = 0;
  GOptionEntry entries[] = {
    { "folder", 0, 0, G_OPTION_ARG_FILENAME, &folder, N_("The folder of takes (default: the library folder)"), N_("DIR") },
    { "search", 's', 0, G_OPTION_ARG_STRING, &search, N_("Only takes whose prompt or title holds all these words"), N_("TEXT") },
    { "min-rating", 'r', 0, G_OPTION_ARG_INT, &min_rating, N_("Only takes with at least N stars (0–5)"), "N" },
    { "backend", 0, 0, G_OPTION_ARG_STRING, &backend, N_("Only takes made on this backend"), N_("ID") },
    { "model", 0, 0, G_OPTION_ARG_STRING, &model, N_("Only takes made with this model"), N_("NAME") },
    { "sweep", 0, 0, G_OPTION_ARG_STRING, &sweep, N_("Only the takes of this sweep"), N_("ID") },
    { "rejected", 0, 0, G_OPTION_ARG_NONE, &rejected, N_("List rejected takes too"), NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("date (newest first), rating or duration"), N_("ORDER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The takes of the library, newest first."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    return usage_error (_("“list” takes no arguments but options"));
  if (min_rating < 0 || min_rating > RUSHES_TAKE_MAX_RATING)
    return usage_error (_("--min-rating must be from 0 to 5"));
  if (sort != NULL && !rushes_take_sort_from_string (sort, &query->sort))
    return usage_error (_("--sort must be date, rating or duration"));

  rushes_take_query_set_search (query, search);
  query->min_rating = (guint) min_rating;
  query->show_rejected = rejected;
  rushes_take_query_set_string (&query->backend, backend);
  rushes_take_query_set_string (&query->model, model);
  rushes_take_query_set_string (&query->sweep_id, sweep);

  if (folder == NULL)
    folder = rushes_cli_library_dir ();
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *msg = g_strdup_printf (_("There is no folder “%s”"), folder);
      return failed (msg);
    }
  library = rushes_library_new (folder);
  if (!rushes_library_reload (library, NULL, &error))
    return failed (error->message);

  takes = rushes_library_query (library, query);
  if (as_json)
    {
      print_json (takes);
      return RUSHES_EXIT_OK;
    }
  for (guint i = 0; i < takes->len; i++)
    {
      RushesTake *take = g_ptr_array_index (takes, i);
      g_autofree char *rating = format_rating (take);
      RushesTakeLabel label = rushes_take_get_label (take);

      printf ("%s\t%s\t%s\t%s\n", rating,
              label != RUSHES_TAKE_LABEL_NONE ? rushes_take_label_get_display_name (label) : "",
              rushes_take_get_title (take), rushes_take_get_path (take));
    }
  return RUSHES_EXIT_OK;
}

/* the take at TAKE (its media file or its sidecar); NULL after a message */
static RushesTake *
open_take (const char *arg)
{
  g_autofree char *sidecar = NULL;
  g_autoptr(GError) error = NULL;
  RushesTake *take;

  if (g_str_has_suffix (arg, ".rushes.json"))
    sidecar = g_strdup (arg);
  else if (!g_file_test (arg, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf (_("There is no file “%s”"), arg);
      failed (msg);
      return NULL;
    }
  else
    sidecar = rushes_take_sidecar_path_for (arg);
  if (!g_file_test (sidecar, G_FILE_TEST_EXISTS))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a take: it has no sidecar (%s)"), arg, sidecar);
      failed (msg);
      return NULL;
    }
  take = rushes_take_new_from_sidecar (sidecar, &error);
  if (take == NULL)
    failed (error->message);
  return take;
}

static int
cmd_rate (int argc, char **argv)
{
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stars = NULL;
  const char *value;
  guint rating = 0;
  gboolean rejected = FALSE;

  if (argc != 3)
    return usage_error (_("“rate” needs a take and a rating: 0–5, reject or clear"));
  value = argv[2];
  if (g_str_equal (value, "reject"))
    rejected = TRUE;
  else if (g_str_equal (value, "clear"))
    ;
  else if (strlen (value) == 1 && value[0] >= '0' && value[0] <= '0' + RUSHES_TAKE_MAX_RATING)
    rating = value[0] - '0';
  else
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is no rating: give 0 to 5, reject or clear"), value);
      return usage_error (msg);
    }

  take = open_take (argv[1]);
  if (take == NULL)
    return RUSHES_EXIT_FAILED;
  if (rejected)
    rating = rushes_take_get_rating (take);
  if (!rushes_take_set_rating (take, rating, rejected, &error))
    return failed (error->message);
  stars = format_rating (take);
  printf ("%s\t%s\n", stars, rushes_take_get_title (take));
  return RUSHES_EXIT_OK;
}

static int
cmd_label (int argc, char **argv)
{
  g_autoptr(RushesTake) take = NULL;
  g_autoptr(GError) error = NULL;
  RushesTakeLabel label;

  if (argc != 3)
    return usage_error (_("“label” needs a take and a colour: red, yellow, green, blue, purple or none"));
  label = rushes_take_label_from_string (argv[2]);
  if (label == RUSHES_TAKE_LABEL_NONE && !g_str_equal (argv[2], "none"))
    {
      g_autofree char *msg = g_strdup_printf (_("“%s” is no label: give red, yellow, green, blue, purple or none"),
                                              argv[2]);
      return usage_error (msg);
    }
  take = open_take (argv[1]);
  if (take == NULL)
    return RUSHES_EXIT_FAILED;
  if (!rushes_take_set_label (take, label, &error))
    return failed (error->message);
  return RUSHES_EXIT_OK;
}

int
rushes_cli_takes (int    argc,
                  char **argv)
{
  static const RushesCliCommand commands[] = {
    { "list", cmd_list },
    { "rate", cmd_rate },
    { "label", cmd_label },
    { "contact-sheet", rushes_cli_takes_contact_sheet },
  };

  return rushes_cli_dispatch (argc, argv, commands, G_N_ELEMENTS (commands), print_usage, usage_error);
}
