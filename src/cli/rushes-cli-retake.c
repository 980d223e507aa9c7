/* rushes-cli-retake.c: `rushes retake TAKE --in T --out T [--prompt TEXT]
 * [--backend NAME] [--seed N] --output PATH`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Regenerates [in, out) of a take and splices it in: a new take of the
 * same length (rushes-splicer.h). The recipe is the take's own (its
 * sidecar) for out − in, conditioned on the frame just before in (start
 * image TAKE@Nf) and the frame at out (end image); a side at the take's
 * edge has no image. Everything that can be refused is checked before the
 * job is submitted (and paid): a range of no frame or past the end, an
 * output of another file type, a backend that cannot honour the images.
 * The retake's own take is an intermediate, removed once spliced.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-cli.h"
#include "rushes-splicer.h"
#include "rushes-take.h"
#include "rushes-trimmer.h"

typedef struct
{
  GMainLoop *loop;
  RushesJob *job;
  gboolean spliced;
  gboolean timed_out;
  GError *error;
} Retake;

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes retake: %s\n%s\n", message,
           _("usage: rushes retake TAKE --in T --out T [--prompt TEXT] [--backend NAME] [--seed N] --output PATH"));
  return RUSHES_EXIT_USAGE;
}

static int
failed (const char *message)
{
  fprintf (stderr, "rushes retake: %s\n", message);
  return RUSHES_EXIT_FAILED;
}

/* the take's recipe (its sidecar), or a fresh one when it has none */
static RushesRecipe *
take_recipe (const char *take)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (take);
  g_autofree char *json = NULL;
  RushesRecipe *recipe = NULL;

  if (g_file_get_contents (sidecar, &json, NULL, NULL))
    recipe = rushes_recipe_new_from_json (json, -1, NULL);
  return recipe != NULL ? recipe : rushes_recipe_new ();
}

/* The backends that honour @needed, for a refusal's message. */
static char *
backends_honouring (RushesBackendRegistry *registry,
                    RushesFields           needed)
{
  g_autoptr(GString) names = g_string_new (NULL);
  GListModel *backends = G_LIST_MODEL (registry);

  for (guint i = 0; i < g_list_model_get_n_items (backends); i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (backends, i);
      g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);

      if ((caps->fields & needed) == needed)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", rushes_backend_get_id (backend));
    }
  return names->len ? g_string_free (g_steal_pointer (&names), FALSE) : g_strdup (_("none is configured"));
}

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 Retake         *r)
{
  if (job == r->job)
    g_main_loop_quit (r->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  Retake *r = data;

  fprintf (stderr, "\nrushes retake: %s\n", _("cancelling…"));
  rushes_job_cancel (r->job);
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_limit_cb (gpointer data)
{
  Retake *r = data;

  r->timed_out = TRUE;
  g_main_loop_quit (r->loop);
  return G_SOURCE_REMOVE;
}

static void
spliced_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Retake *r = user_data;

  r->spliced = rushes_splice_finish (result, &r->error);
  g_main_loop_quit (r->loop);
}

static void
remove_take (const char *path)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (path);

  g_unlink (path);
  g_unlink (sidecar);
}

int
rushes_cli_retake (int    argc,
                   char **argv)
{
  g_autofree char *in_text = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *backend_id = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *wait_limit = NULL;
  g_auto(GStrv) takes = NULL;
  gboolean overwrite = FALSE;
  const GOptionEntry entries[] = {
    { "in", 0, 0, G_OPTION_ARG_STRING, &in_text, N_("First frame to regenerate: seconds (3.5), timecode (00:00:03.500) or frame (105f)"), "T" },
    { "out", 0, 0, G_OPTION_ARG_STRING, &out_text, N_("First frame kept after the retake"), "T" },
    { "prompt", 'p', 0, G_OPTION_ARG_STRING, &prompt, N_("What to make instead (default: the take’s prompt)"), N_("TEXT") },
    { "backend", 'b', 0, G_OPTION_ARG_STRING, &backend_id, N_("Backend to use (default: the take’s)"), N_("NAME") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed (default: random, recorded with the take)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("The new take (the take’s file type)"), N_("PATH") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the --output file if it exists"), NULL },
    { "wait-limit", 0, 0, G_OPTION_ARG_STRING, &wait_limit, N_("Stop waiting after this long (default 30m)"), N_("DURATION") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &takes, NULL, N_("TAKE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("TAKE — regenerate a range of a take and splice it in"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) take = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) middle = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(RushesRecipe) result = NULL;
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesOutputLock) lock = NULL;
  g_autoptr(RushesJob) job = NULL;
  g_autofree char *middle_path = NULL;
  g_autofree char *start_image = NULL;
  g_autofree char *end_image = NULL;
  RushesSplicePlan plan;
  RushesBackend *backend;
  RushesFields needed = 0;
  GstClockTime in, out;
  guint64 wait_limit_ms = 30 * 60 * 1000;
  guint sigint_id, timeout_id;
  Retake r = { 0 };
  int ret = RUSHES_EXIT_OK;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Regenerates [in, out) of TAKE, conditioned on the frames just outside it, "
                                           "and writes a new take of the same length; TAKE is never changed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (takes == NULL || takes[0] == NULL || takes[1] != NULL || in_text == NULL || out_text == NULL || output_path == NULL)
    return usage_error (_("TAKE, --in, --out and --output are needed"));
  if (wait_limit != NULL && !rushes_cli_parse_duration (wait_limit, &wait_limit_ms))
    return usage_error (_("--wait-limit must look like 90s, 30m or 2h"));

  take = g_file_new_for_commandline_arg (takes[0]);
  output = g_file_new_for_commandline_arg (output_path);
  if (!g_file_query_exists (take, NULL))
    return failed (_("the take does not exist"));

  /* the take's frames first: "105f" needs its frame rate */
  if (!rushes_splice_plan (take, output, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, &plan, NULL, &error))
    return g_error_matches (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED)
           ? usage_error (error->message) : failed (error->message);
  if (!rushes_trim_parse_time (in_text, plan.fps_n, plan.fps_d, &in, &error) ||
      !rushes_trim_parse_time (out_text, plan.fps_n, plan.fps_d, &out, &error) ||
      !rushes_splice_plan (take, output, in, out, &plan, NULL, &error))
    return usage_error (error->message);

  recipe = take_recipe (g_file_peek_path (take));
  if (prompt != NULL)
    rushes_recipe_set_prompt (recipe, prompt);
  if (backend_id != NULL)
    rushes_recipe_set_backend (recipe, backend_id);
  rushes_recipe_set_seed (recipe, -1);
  if (seed_text != NULL && g_strcmp0 (seed_text, "random") != 0)
    {
      gint64 seed;

      if (!g_ascii_string_to_signed (seed_text, 10, G_MININT64, G_MAXINT64, &seed, NULL))
        return usage_error (_("--seed must be a whole number or “random”"));
      rushes_recipe_set_seed (recipe, seed);
    }
  rushes_recipe_set_seconds (recipe, (double) (plan.out - plan.in) / GST_SECOND);
  if (plan.in_frame > 0)
    {
      start_image = g_strdup_printf ("%s@%uf", g_file_peek_path (take), plan.in_frame - 1);
      needed |= RUSHES_FIELD_START_IMAGE;
    }
  if (plan.out_frame < plan.n_frames)
    {
      end_image = g_strdup_printf ("%s@%uf", g_file_peek_path (take), plan.out_frame);
      needed |= RUSHES_FIELD_END_IMAGE;
    }
  rushes_recipe_set_start_image (recipe, start_image);
  rushes_recipe_set_end_image (recipe, end_image);

  /* the backend: one that can honour the images, and the recipe */
  rushes_backend_kinds_register_all ();
  registry = rushes_backend_registry_new (g_getenv ("RUSHES_BACKENDS_FILE"));
  if (!rushes_backend_registry_load (registry, &error))
    {
      fprintf (stderr, "rushes retake: %s\n", error->message);
      g_clear_error (&error);
    }
  if (rushes_recipe_get_backend (recipe)[0] == '\0')
    rushes_recipe_set_backend (recipe, rushes_backend_registry_get_default_id (registry));
  backend = rushes_backend_registry_lookup (registry, rushes_recipe_get_backend (recipe));
  if (backend == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("no backend called “%s” is configured (see “rushes backends”)"),
                                                  rushes_recipe_get_backend (recipe));
      return usage_error (message);
    }
  {
    g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);

    if ((caps->fields & needed) != needed)
      {
        g_autofree char *can = backends_honouring (registry, needed);
        g_autofree char *message = g_strdup_printf (_("%s cannot start and end on given frames, which a retake needs; backends that can: %s"),
                                                    rushes_backend_get_display_name (backend), can);
        return usage_error (message);
      }
  }
  if (!rushes_cli_fit_recipe_to_model (backend, recipe, RUSHES_FIELD_SECONDS, &error) ||
      !rushes_backend_check_recipe (backend, recipe, &error))
    return usage_error (error->message);

  /* ours alone, before anything is submitted (and paid for) */
  lock = rushes_cli_claim_output ("retake", g_file_peek_path (output), overwrite, &ret);
  if (lock == NULL)
    return ret;

  {
    g_autofree char *dir = g_path_get_dirname (g_file_peek_path (output));
    g_autofree char *base = g_file_get_basename (output);
    g_autofree char *name = g_strdup_printf (".%s.retake-%08x.webm", base, g_random_int ());

    middle_path = g_build_filename (dir, name, NULL);
  }
  queue = rushes_cli_queue_new (registry, wait_limit_ms);
  job = rushes_job_new (recipe);
  rushes_job_set_output_path (job, middle_path);
  r.loop = g_main_loop_new (NULL, FALSE);
  r.job = job;
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &r);
  if (!rushes_job_queue_add (queue, job, &error))
    {
      g_clear_pointer (&r.loop, g_main_loop_unref);
      return failed (error->message);
    }
  fprintf (stderr, _("rushes retake: regenerating frames %u–%u of %u on %s\n"),
           plan.in_frame, plan.out_frame - 1, plan.n_frames, rushes_backend_get_display_name (backend));
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &r);
  timeout_id = g_timeout_add (MIN (wait_limit_ms, G_MAXUINT), wait_limit_cb, &r);
  if (!rushes_job_is_finished (job))
    g_main_loop_run (r.loop);
  g_source_remove (sigint_id);
  g_signal_handlers_disconnect_by_data (queue, &r);

  if (!r.timed_out)
    g_source_remove (timeout_id);
  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    {
      if (r.timed_out)
        {
          g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

          g_ptr_array_add (jobs, job);
          rushes_cli_stop_waiting (queue, jobs, "retake", wait_limit ? wait_limit : "30m");
          ret = failed (_("the retake is not finished; nothing was spliced"));
        }
      else
        ret = failed (rushes_job_get_error_message (job) ? rushes_job_get_error_message (job) : _("cancelled"));
      g_clear_pointer (&r.loop, g_main_loop_unref);
      return ret;
    }
  rushes_job_queue_remove_finished (queue);

  /* the new take's recipe: what was made, where, from what */
  result = rushes_recipe_copy (rushes_job_get_recipe (job));
  rushes_recipe_set_lineage (result, "retake", g_file_peek_path (take),
                             (double) plan.in / GST_SECOND, (double) plan.out / GST_SECOND);
  rushes_recipe_set_seconds (result, (double) plan.end / GST_SECOND);
  middle = g_file_new_for_path (rushes_job_get_take_path (job));
  rushes_splice_async (take, plan.in, plan.out, middle, output, result, NULL, spliced_cb, &r);
  g_main_loop_run (r.loop);
  g_clear_pointer (&r.loop, g_main_loop_unref);
  remove_take (g_file_peek_path (middle));

  if (!r.spliced)
    {
      ret = failed (r.error->message);
      g_clear_error (&r.error);
      return ret;
    }
  printf ("%s\n", g_file_peek_path (output));
  return RUSHES_EXIT_OK;
}
