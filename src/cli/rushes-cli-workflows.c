/* rushes-cli-workflows.c: `rushes workflows import|list`: ComfyUI workflows
 * without the GUI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `import` takes an API-format workflow ("Export (API)" in ComfyUI), maps
 * recipe fields to node inputs (--map FIELD=NODE.INPUT, or the same guesses
 * as the import dialog: rushes_comfyui_mapping_guess) and saves it into the
 * user's workflow folder, never over an existing workflow. Exit codes: 0
 * done, 1 failed (the file, the name taken, writing), 2 bad usage.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"
#include "rushes-comfyui-mapping.h"
#include "rushes-comfyui-workflow.h"

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n"
           "  rushes workflows list\n"
           "  rushes workflows import FILE.json [--name NAME] [--display-name TEXT] [--map FIELD=NODE.INPUT …]\n\n%s\n",
           _("Usage:"),
           _("FILE.json is a ComfyUI workflow saved with “Export (API)”. Without --map, Rushes guesses "
             "which inputs take the prompt, seed, size and so on, and prints what it chose. FIELD is one of "
             "prompt, negative_prompt, seed, width, height, frames, fps, steps, guidance, start_image. "
             "Use the workflow with: rushes backends add comfyui NAME --url URL --workflow WORKFLOW"));
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes workflows: %s\n\n", message);
  print_usage (stderr);
  return RUSHES_EXIT_USAGE;
}

/* a wrong --map or --name: the message says what the workflow has */
static int
bad_argument (const char *message)
{
  fprintf (stderr, "rushes workflows: %s\n", message);
  return RUSHES_EXIT_USAGE;
}

static int
failed (const char *message)
{
  fprintf (stderr, "rushes workflows: %s\n", message);
  return RUSHES_EXIT_FAILED;
}

static int
cmd_list (int argc, char **argv)
{
  g_auto(GStrv) names = NULL;

  if (argc != 1)
    return usage_error (_("“list” takes no arguments"));

  names = rushes_comfyui_workflow_list_templates ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesComfyuiWorkflow) workflow = rushes_comfyui_workflow_load_template (names[i], &error);

      if (workflow == NULL)
        {
          printf ("%s\t(%s: %s)\n", names[i], _("cannot be read"), error->message);
          continue;
        }
      printf ("%s\t%s%s%s\n", names[i], rushes_comfyui_workflow_get_display_name (workflow),
              rushes_comfyui_workflow_needs_start_image (workflow) ? "\t" : "",
              !rushes_comfyui_workflow_needs_start_image (workflow) ? ""
              : rushes_comfyui_workflow_needs_end_image (workflow) ? _("takes a start and an end image")
              : _("takes a start image"));
    }
  return RUSHES_EXIT_OK;
}

/* "  prompt            6 · CLIPTextEncode · text" for every field */
static void
print_mapping (JsonObject *graph,
               JsonObject *inputs)
{
  const char * const *fields = rushes_comfyui_mapping_fields ();

  for (guint f = 0; fields[f] != NULL; f++)
    {
      JsonArray *targets = json_object_has_member (inputs, fields[f])
                           ? json_object_get_array_member (inputs, fields[f]) : NULL;
      guint n = targets ? json_array_get_length (targets) : 0;

      printf ("  %-16s", fields[f]);
      if (n == 0)
        printf (" %s", _("(not used)"));
      for (guint i = 0; i < n; i++)
        {
          JsonObject *entry = json_array_get_object_element (targets, i);
          const char *node = json_object_get_string_member (entry, "node");
          JsonObject *node_obj = json_object_get_object_member (graph, node);
          RushesComfyuiInputChoice choice = {
            .node = (char *) node,
            .class_type = (char *) json_object_get_string_member_with_default (node_obj, "class_type", "?"),
            .input = (char *) json_object_get_string_member (entry, "input"),
          };
          g_autofree char *label = rushes_comfyui_input_choice_label (&choice);

          printf ("%s%s", i > 0 ? "; " : " ", label);
        }
      printf ("\n");
    }
}

/* When nothing looks like a prompt: what could be named with --map. */
static void
print_choices (JsonObject *graph)
{
  g_autoptr(GPtrArray) choices = rushes_comfyui_mapping_list_choices (graph);

  fprintf (stderr, "%s\n", _("Inputs with a value (NODE.INPUT):"));
  for (guint i = 0; i < choices->len && i < 60; i++)
    {
      RushesComfyuiInputChoice *c = g_ptr_array_index (choices, i);

      fprintf (stderr, "  %s.%s\t(%s)\n", c->node, c->input, c->class_type);
    }
}

static int
cmd_import (int argc, char **argv)
{
  g_autoptr(GPtrArray) maps = g_ptr_array_new ();
  g_autoptr(JsonObject) graph = NULL;
  g_autoptr(JsonObject) inputs = NULL;
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *guessed_name = NULL;
  const char *file = NULL, *name = NULL, *display = NULL;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char **target = NULL;

      if (g_str_equal (arg, "--name"))
        target = &name;
      else if (g_str_equal (arg, "--display-name"))
        target = &display;
      else if (g_str_equal (arg, "--map"))
        ;
      else if (g_str_has_prefix (arg, "-"))
        {
          g_autofree char *msg = g_strdup_printf (_("unknown option “%s”"), arg);
          return usage_error (msg);
        }
      else if (file == NULL)
        {
          file = arg;
          continue;
        }
      else
        return usage_error (_("give one workflow file"));

      if (i + 1 >= argc)
        {
          g_autofree char *msg = g_strdup_printf (_("“%s” needs a value"), arg);
          return usage_error (msg);
        }
      if (target != NULL)
        *target = argv[++i];
      else
        g_ptr_array_add (maps, argv[++i]);
    }
  if (file == NULL)
    return usage_error (_("“import” needs a workflow file (FILE.json)"));

  if (!g_file_get_contents (file, &text, NULL, &error))
    return failed (error->message);
  graph = rushes_comfyui_mapping_parse_graph (text, -1, &error);
  if (graph == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s: %s", file, error->message);
      return failed (msg);
    }

  if (name == NULL)
    {
      g_autofree char *base = g_path_get_basename (file);

      name = guessed_name = rushes_comfyui_mapping_name_from_file (base);
    }

  if (maps->len > 0)
    {
      inputs = json_object_new ();
      for (guint i = 0; i < maps->len; i++)
        if (!rushes_comfyui_mapping_add_spec (graph, inputs, g_ptr_array_index (maps, i), &error))
          return bad_argument (error->message);
      if (!json_object_has_member (inputs, "prompt"))
        return bad_argument (_("Name the input that takes the prompt: --map prompt=NODE.INPUT"));
    }
  else
    {
      inputs = rushes_comfyui_mapping_guess (graph);
      if (!json_object_has_member (inputs, "prompt"))
        {
          print_choices (graph);
          return failed (_("No input of this workflow looks like the prompt; name it with --map prompt=NODE.INPUT "
                           "(and the other fields likewise)"));
        }
    }

  workflow = rushes_comfyui_mapping_save (text, graph, name, display, inputs, &error);
  if (workflow == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return bad_argument (error->message);
      return failed (error->message);
    }

  printf (_("Imported the workflow “%s” (%s).\n"), rushes_comfyui_workflow_get_name (workflow),
          rushes_comfyui_workflow_get_display_name (workflow));
  printf ("%s\n", maps->len > 0 ? _("Mapping:") : _("Mapping (guessed; change it with --map FIELD=NODE.INPUT):"));
  print_mapping (graph, inputs);
  printf (_("Use it with: rushes backends add comfyui NAME --url URL --workflow %s\n"),
          rushes_comfyui_workflow_get_name (workflow));
  return RUSHES_EXIT_OK;
}

int
rushes_cli_workflows (int    argc,
                      char **argv)
{
  static const RushesCliCommand commands[] = {
    { "list", cmd_list },
    { "import", cmd_import },
  };

  return rushes_cli_dispatch (argc, argv, commands, G_N_ELEMENTS (commands), print_usage, usage_error);
}
