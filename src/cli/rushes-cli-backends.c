/* rushes-cli-backends.c: `rushes backends list|add|test|remove|models`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit codes: 0 done, 1 failed (message on stderr), 2 bad usage. Keys are
 * never printed, never taken from the command line (it ends up in shell
 * history and /proc): either --key-env VAR names a variable that is read at
 * use, or --key-stdin reads the key from standard input into the keyring.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"
#include "rushes-backend-registry.h"
#include "rushes-backend-kinds.h"
#include "rushes-comfyui-workflow.h"
#include "rushes-secrets.h"

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n"
           "  rushes backends list\n"
           "  rushes backends add KIND NAME [--url URL] [--key-env VAR | --key-stdin] [--model MODEL] [--display-name TEXT]\n"
           "  rushes backends add comfyui NAME --url URL [--workflow WORKFLOW]\n"
           "  rushes backends test NAME\n"
           "  rushes backends remove NAME\n"
           "  rushes backends models NAME\n\n%s\n",
           _("Usage:"),
           _("KIND is one of sketch, comfyui, gradio, replicate, fal. Keys are kept in the keyring "
             "(--key-stdin) or read from the environment variable named by --key-env at use. "
             "WORKFLOW is a ComfyUI workflow from “rushes workflows list” (default ltx-video)."));
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes backends: %s\n\n", message);
  print_usage (stderr);
  return RUSHES_EXIT_USAGE;
}

static int
failed (const char *what,
        GError     *error)
{
  fprintf (stderr, "rushes backends: %s: %s\n", what, error ? error->message : _("unknown error"));
  return RUSHES_EXIT_FAILED;
}

static RushesBackendRegistry *
open_registry (GError **error)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;

  rushes_backend_kinds_register_all ();
  registry = rushes_backend_registry_new (g_getenv ("RUSHES_BACKENDS_FILE"));
  if (!rushes_backend_registry_load (registry, error))
    return NULL;
  return g_steal_pointer (&registry);
}

static int
cmd_list (int argc, char **argv)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (argc != 1)
    return usage_error (_("“list” takes no arguments"));

  registry = open_registry (&error);
  if (registry == NULL)
    return failed (_("could not read the backend settings"), error);

  n = g_list_model_get_n_items (G_LIST_MODEL (registry));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (G_LIST_MODEL (registry), i);
      const char *id = rushes_backend_get_id (backend);
      g_autoptr(JsonObject) config = rushes_backend_registry_dup_config (registry, id);
      g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);
      const char *url = config ? json_object_get_string_member_with_default (config, "url", NULL) : NULL;
      const char *key_env = config ? json_object_get_string_member_with_default (config, "key_env", NULL) : NULL;
      const char *workflow = config ? json_object_get_string_member_with_default (config, "workflow", NULL) : NULL;
      gboolean is_default = g_strcmp0 (id, rushes_backend_registry_get_default_id (registry)) == 0;

      printf ("%s%s\t%s\t%s", id, is_default ? " *" : "", rushes_backend_get_kind (backend),
              rushes_backend_get_display_name (backend));
      if (url != NULL)
        printf ("\t%s", url);
      if (workflow != NULL)
        printf ("\t%s %s", _("workflow"), workflow);
      if (key_env != NULL)
        printf ("\t%s $%s", _("key from"), key_env);
      if (caps->cost_per_second > 0)
        printf ("\t%.4f %s/s", caps->cost_per_second, caps->cost_currency ? caps->cost_currency : "USD");
      printf ("\n");
    }

  return RUSHES_EXIT_OK;
}

static char *
read_key_from_stdin (void)
{
  char buffer[4096];
  char *line;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    return NULL;
  line = g_strstrip (g_strdup (buffer));
  memset (buffer, 0, sizeof buffer);
  if (line[0] == '\0')
    {
      g_free (line);
      return NULL;
    }
  return line;
}

static int
cmd_add (int argc, char **argv)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_auto(RushesSecretKey) key = NULL;
  const char *kind = NULL, *name = NULL, *url = NULL, *key_env = NULL, *model = NULL, *display = NULL;
  const char *workflow = NULL;
  gboolean key_stdin = FALSE;
  RushesBackend *backend;

  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];
      const char **target = NULL;

      if (g_str_equal (arg, "--url"))
        target = &url;
      else if (g_str_equal (arg, "--key-env"))
        target = &key_env;
      else if (g_str_equal (arg, "--model"))
        target = &model;
      else if (g_str_equal (arg, "--display-name"))
        target = &display;
      else if (g_str_equal (arg, "--workflow"))
        target = &workflow;
      else if (g_str_equal (arg, "--key-stdin"))
        {
          key_stdin = TRUE;
          continue;
        }
      else if (g_str_has_prefix (arg, "-"))
        {
          g_autofree char *msg = g_strdup_printf (_("unknown option “%s”"), arg);
          return usage_error (msg);
        }
      else if (kind == NULL)
        {
          kind = arg;
          continue;
        }
      else if (name == NULL)
        {
          name = arg;
          continue;
        }
      else
        return usage_error (_("too many arguments"));

      if (i + 1 >= argc)
        {
          g_autofree char *msg = g_strdup_printf (_("“%s” needs a value"), arg);
          return usage_error (msg);
        }
      *target = argv[++i];
    }

  if (kind == NULL || name == NULL)
    return usage_error (_("“add” needs a KIND and a NAME"));
  if (key_env != NULL && key_stdin)
    return usage_error (_("use either --key-env or --key-stdin"));
  if (key_env != NULL && !rushes_secrets_is_valid_env_name (key_env))
    return usage_error (_("--key-env needs an environment variable name (letters, digits and “_”)"));
  if (workflow != NULL && !g_str_equal (kind, "comfyui"))
    return usage_error (_("--workflow is for comfyui backends"));
  if (workflow != NULL)
    {
      g_autoptr(RushesComfyuiWorkflow) found = rushes_comfyui_workflow_load_template (workflow, &error);

      if (found == NULL && g_error_matches (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NOT_FOUND))
        {
          fprintf (stderr, "rushes backends: %s (%s)\n", error->message,
                   _("“rushes workflows list” shows them; “rushes workflows import” adds one"));
          return RUSHES_EXIT_USAGE;
        }
      if (found == NULL)
        return failed (_("the workflow cannot be used"), error);
    }

  registry = open_registry (&error);
  if (registry == NULL)
    return failed (_("could not read the backend settings"), error);
  if (!rushes_backend_registry_has_kind (kind))
    {
      g_autofree char *msg = g_strdup_printf (_("unknown backend kind “%s”"), kind);
      return usage_error (msg);
    }

  if (key_stdin)
    {
      key = read_key_from_stdin ();
      if (key == NULL)
        return usage_error (_("--key-stdin: no key on standard input"));
    }

  json_object_set_string_member (config, "id", name);
  json_object_set_string_member (config, "kind", kind);
  if (url != NULL)
    json_object_set_string_member (config, "url", url);
  if (key_env != NULL)
    json_object_set_string_member (config, "key_env", key_env);
  if (model != NULL)
    json_object_set_string_member (config, "model", model);
  if (display != NULL)
    json_object_set_string_member (config, "display_name", display);
  if (workflow != NULL)
    json_object_set_string_member (config, "workflow", workflow);

  backend = rushes_backend_registry_add (registry, config, &error);
  if (backend == NULL)
    {
      if (g_error_matches (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID))
        {
          g_autofree char *msg = g_strdup_printf (_("bad settings: %s"), error->message);
          return usage_error (msg);
        }
      return failed (_("could not add the backend"), error);
    }

  if (key != NULL && !rushes_secrets_store_sync (name, NULL, key, NULL, &error))
    {
      g_autoptr(GError) ignored = NULL;

      /* no half-configured backend: take it out again */
      rushes_backend_registry_remove (registry, name, &ignored);
      return failed (_("could not store the key"), error);
    }

  printf (_("Added %s backend “%s”.\n"), kind, name);
  return RUSHES_EXIT_OK;
}

/* The backend called name (owned by *registry), or NULL with the message
 * printed and *ret the exit status. */
static RushesBackend *
lookup_backend (const char             *name,
                RushesBackendRegistry **registry,
                int                    *ret)
{
  g_autoptr(GError) error = NULL;
  RushesBackend *backend;

  *registry = open_registry (&error);
  if (*registry == NULL)
    {
      *ret = failed (_("could not read the backend settings"), error);
      return NULL;
    }

  backend = rushes_backend_registry_lookup (*registry, name);
  if (backend == NULL)
    {
      fprintf (stderr, "rushes backends: %s\n", _("no backend with that name"));
      *ret = RUSHES_EXIT_FAILED;
    }
  return backend;
}

static int
cmd_test (int argc, char **argv)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autofree char *summary = NULL;
  RushesBackend *backend;
  int ret;

  if (argc != 2)
    return usage_error (_("“test” needs exactly one NAME"));

  backend = lookup_backend (argv[1], &registry, &ret);
  if (backend == NULL)
    return ret;

  summary = rushes_backend_kinds_test_connection (backend, NULL, &error);
  if (summary == NULL)
    return failed (rushes_backend_get_display_name (backend), error);
  printf ("%s\n", summary);

  caps = rushes_backend_get_capabilities (backend);
  if (caps->models != NULL && caps->models[0] != NULL)
    {
      g_autofree char *models = g_strjoinv (", ", caps->models);
      printf ("%s %s\n", _("Models:"), models);
    }
  if (caps->cost_per_second > 0)
    printf (_("Estimated cost: %.4f %s per second of video\n"), caps->cost_per_second,
            caps->cost_currency ? caps->cost_currency : "USD");

  return RUSHES_EXIT_OK;
}

/* What one model allows, indented under its name, defaults named */
static void
print_terms (const RushesCapabilities *caps)
{
  g_autofree char *sizes = rushes_capabilities_describe_sizes (caps, TRUE);
  g_autofree char *fps = rushes_capabilities_describe_fps (caps, TRUE);
  g_autofree char *seconds = rushes_capabilities_describe_seconds (caps, caps->default_fps);

  printf ("  %s %s\n  %s %s\n  %s %s", _("sizes:"), sizes, _("fps:"), fps, _("length:"), seconds);
  if (caps->min_frames > 0 && caps->max_frames <= caps->min_frames)
    ;   /* one length only */
  else if (caps->min_frames > 0 && caps->default_frames > 0 && caps->default_fps > 0)
    printf (_(" (default %.2f s, %u frames)"), (double) caps->default_frames / caps->default_fps,
            caps->default_frames);
  else if (caps->default_seconds > 0 && caps->max_seconds > caps->min_seconds)
    printf (_(" (default %g s)"), caps->default_seconds);
  printf ("\n");
  if (caps->fields & RUSHES_FIELD_STEPS)
    {
      printf (_("  steps: between 1 and %u"), caps->max_steps);
      if (caps->default_steps > 0)
        printf (_(" (default %u)"), caps->default_steps);
      printf ("\n");
    }
  if (caps->fields & RUSHES_FIELD_GUIDANCE)
    {
      printf (_("  guidance: between 0 and %g"), caps->max_guidance);
      if (caps->default_guidance >= 0)
        printf (_(" (default %g)"), caps->default_guidance);
      printf ("\n");
    }
}

/* The backend's models, each with what it allows; “*” marks the default. */
static int
cmd_models (int argc, char **argv)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  RushesBackend *backend;
  int ret;

  if (argc != 2)
    return usage_error (_("“models” needs exactly one NAME"));

  backend = lookup_backend (argv[1], &registry, &ret);
  if (backend == NULL)
    return ret;

  caps = rushes_backend_get_capabilities (backend);
  if (caps->model_caps != NULL)
    {
      for (guint i = 0; i < caps->model_caps->len; i++)
        {
          const RushesCapabilities *one = g_ptr_array_index (caps->model_caps, i);

          printf ("%s%s", one->model, g_strcmp0 (one->model, caps->model) == 0 ? " *" : "");
          if (one->model_name != NULL && g_strcmp0 (one->model_name, one->model) != 0)
            printf ("\t%s", one->model_name);
          printf ("\n");
          print_terms (one);
        }
      return RUSHES_EXIT_OK;
    }

  /* the same terms for every model (or only the backend's own) */
  if (caps->models == NULL || caps->models[0] == NULL)
    printf ("%s\n", _("(the backend's own model)"));
  for (guint i = 0; caps->models != NULL && caps->models[i] != NULL; i++)
    printf ("%s\n", caps->models[i]);
  print_terms (caps);

  return RUSHES_EXIT_OK;
}

static int
cmd_remove (int argc, char **argv)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) secret_error = NULL;
  g_autoptr(JsonObject) config = NULL;

  if (argc != 2)
    return usage_error (_("“remove” needs exactly one NAME"));

  registry = open_registry (&error);
  if (registry == NULL)
    return failed (_("could not read the backend settings"), error);

  config = rushes_backend_registry_dup_config (registry, argv[1]);
  if (!rushes_backend_registry_remove (registry, argv[1], &error))
    return failed (_("could not remove the backend"), error);

  /* its key goes too (a variable named by key_env is the user's own) */
  if (config != NULL && !rushes_secrets_clear_sync (argv[1], NULL, &secret_error))
    fprintf (stderr, "rushes backends: %s: %s\n", _("the key could not be removed from the keyring"),
             secret_error->message);

  printf (_("Removed backend “%s”.\n"), argv[1]);
  return RUSHES_EXIT_OK;
}

int
rushes_cli_backends (int    argc,
                     char **argv)
{
  static const RushesCliCommand commands[] = {
    { "list", cmd_list },
    { "add", cmd_add },
    { "test", cmd_test },
    { "remove", cmd_remove },
    { "models", cmd_models },
  };

  return rushes_cli_dispatch (argc, argv, commands, G_N_ELEMENTS (commands), print_usage, usage_error);
}
