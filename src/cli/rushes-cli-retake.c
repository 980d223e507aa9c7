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
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend.h"
#include "rushes-backend-registry.h"
#include "rushes-cli.h"
#include "rushes-splicer.h"
#include "rushes-take.h"
#include "rushes-trimmer.h"

typedef struct
{
  GMainLoop *loop;
  RushesJob *job;   /* owned */
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

/* the frames stored beside the output, when nothing was made of them */
static void
remove_images (RushesRecipe *recipe)
{
  if (rushes_recipe_get_start_image (recipe)[0] != '\0')
    g_unlink (rushes_recipe_get_start_image (recipe));
  if (rushes_recipe_get_end_image (recipe)[0] != '\0')
    g_unlink (rushes_recipe_get_end_image (recipe));
}

/* The take's recipe for [in, out): the overrides given, the take's own
 * picture (its size and frame rate, where the model allows them) and no
 * images of the take's (the retake's come from the take itself). */
static RushesRecipe *
retake_recipe (GFile                  *take,
               const RushesSplicePlan *plan,
               const char             *prompt,
               const char             *backend_id,
               const char             *seed_text,
               GError                **error)
{
  g_autoptr(RushesRecipe) recipe = take_recipe (g_file_peek_path (take));

  if (prompt != NULL)
    rushes_recipe_set_prompt (recipe, prompt);
  if (rushes_recipe_get_prompt (recipe)[0] == '\0')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("the take has no recipe beside it (NAME.rushes.json) to take the prompt from; give --prompt"));
      return NULL;
    }
  if (backend_id != NULL && g_strcmp0 (backend_id, rushes_recipe_get_backend (recipe)) != 0)
    {
      /* the take's model is its backend's */
      rushes_recipe_set_backend (recipe, backend_id);
      rushes_recipe_set_model (recipe, "");
    }
  rushes_recipe_set_seed (recipe, -1);
  if (seed_text != NULL && g_strcmp0 (seed_text, "random") != 0)
    {
      gint64 seed;

      if (!g_ascii_string_to_signed (seed_text, 10, G_MININT64, G_MAXINT64, &seed, NULL))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--seed must be a whole number or “random”"));
          return NULL;
        }
      rushes_recipe_set_seed (recipe, seed);
    }
  rushes_recipe_set_width (recipe, plan->width);
  rushes_recipe_set_height (recipe, plan->height);
  if (plan->fps_d == 1 && plan->fps_n > 0)
    rushes_recipe_set_fps (recipe, plan->fps_n);
  rushes_recipe_set_seconds (recipe, (double) (plan->out - plan->in) / GST_SECOND);
  rushes_recipe_set_start_image (recipe, NULL);
  rushes_recipe_set_end_image (recipe, NULL);
  rushes_recipe_set_start_image_source (recipe, NULL);
  rushes_recipe_set_end_image_source (recipe, NULL);
  return g_steal_pointer (&recipe);
}

/* The fields of the take's picture the backend's model can keep. */
static RushesFields
keepable_fields (RushesBackend *backend,
                 RushesRecipe  *recipe)
{
  g_autoptr(RushesCapabilities) all = rushes_backend_get_capabilities (backend);
  const RushesCapabilities *caps = rushes_capabilities_for_model (all, rushes_recipe_get_model (recipe));
  RushesFields keep = RUSHES_FIELD_SECONDS;

  if (rushes_capabilities_allows_size (caps, rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe)))
    keep |= RUSHES_FIELD_SIZE;
  if (rushes_capabilities_allows_fps (caps, rushes_recipe_get_fps (recipe)))
    keep |= RUSHES_FIELD_FPS;
  return keep;
}

/* The backend the recipe names (else the default), able to honour the
 * images and to make the recipe; NULL with the message. */
static RushesBackend *
choose_backend (RushesBackendRegistry *registry,
                RushesRecipe          *recipe,
                const char            *start_spec,
                const char            *end_spec,
                GError               **error)
{
  RushesBackend *backend;

  if (rushes_recipe_get_backend (recipe)[0] == '\0')
    rushes_recipe_set_backend (recipe, rushes_backend_registry_get_default_id (registry));
  backend = rushes_backend_registry_lookup (registry, rushes_recipe_get_backend (recipe));
  if (backend == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("no backend called “%s” is configured (see “rushes backends”)"),
                   rushes_recipe_get_backend (recipe));
      return NULL;
    }
  if (!rushes_cli_check_images (backend, G_LIST_MODEL (registry), recipe, start_spec, end_spec, error))
    {
      g_prefix_error (error, "%s ", _("a retake starts and ends on the take’s own frames (the one before --in, the one at --out):"));
      return NULL;
    }
  if (!rushes_cli_fit_recipe_to_model ("retake", backend, recipe, keepable_fields (backend, recipe), error) ||
      !rushes_backend_check_recipe (backend, recipe, error))
    return NULL;
  return backend;
}

/* A hidden file beside the output, of its type, for the middle. */
static char *
middle_path_for (GFile *output)
{
  g_autofree char *dir = g_path_get_dirname (g_file_peek_path (output));
  g_autofree char *base = g_file_get_basename (output);
  const char *dot = strrchr (base, '.');
  g_autofree char *name = g_strdup_printf (".%.*s.retake-%08x%s", dot ? (int) (dot - base) : (int) strlen (base),
                                           base, g_random_int (), dot ? dot : ".webm");

  return g_build_filename (dir, name, NULL);
}

/* Submits the recipe and waits for it: TRUE when the middle was made. */
static gboolean
make_middle (Retake                *r,
             RushesBackendRegistry *registry,
             RushesRecipe          *recipe,
             const char            *middle_path,
             guint64                wait_limit_ms,
             const char            *wait_limit)
{
  g_autoptr(RushesJobQueue) queue = rushes_cli_queue_new (registry, wait_limit_ms);
  g_autoptr(GError) error = NULL;
  guint sigint_id, sigterm_id, timeout_id;
  gboolean made;

  r->job = rushes_job_new (recipe);
  rushes_job_set_output_path (r->job, middle_path);
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), r);
  if (!rushes_job_queue_add (queue, r->job, &error))
    {
      fprintf (stderr, "rushes retake: %s\n", error->message);
      g_signal_handlers_disconnect_by_data (queue, r);
      return FALSE;
    }
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, r);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, r);
  timeout_id = g_timeout_add (MIN (wait_limit_ms, G_MAXUINT), wait_limit_cb, r);
  if (!rushes_job_is_finished (r->job))
    g_main_loop_run (r->loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (!r->timed_out)
    g_source_remove (timeout_id);
  g_signal_handlers_disconnect_by_data (queue, r);

  made = rushes_job_get_state (r->job) == RUSHES_JOB_SUCCEEDED;
  if (!made && r->timed_out)
    {
      g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

      g_ptr_array_add (jobs, r->job);
      rushes_cli_stop_waiting (queue, jobs, "retake", wait_limit);
      fprintf (stderr, "rushes retake: %s\n", _("the retake is not finished; nothing was spliced"));
      return FALSE;
    }
  if (!made)
    fprintf (stderr, "rushes retake: %s\n",
             rushes_job_get_error_message (r->job) ? rushes_job_get_error_message (r->job) : _("cancelled"));
  /* reported: the journal need not keep it */
  rushes_job_queue_remove_finished (queue);
  return made;
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
  g_autoptr(RushesOutputLock) lock = NULL;
  g_autofree char *middle_path = NULL;
  g_autofree char *start_spec = NULL;
  g_autofree char *end_spec = NULL;
  RushesSplicePlan plan;
  RushesBackend *backend;
  GstClockTime in, out;
  guint64 wait_limit_ms = 30 * 60 * 1000;
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
  if (g_file_equal (take, output))
    return usage_error (_("--output must be another file: the take is never changed"));

  /* the take's frames first: "105f" needs its frame rate */
  if (!rushes_splice_plan (take, output, GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE, &plan, NULL, &error))
    return g_error_matches (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED)
           ? usage_error (error->message) : failed (error->message);
  if (!rushes_trim_parse_time (in_text, plan.fps_n, plan.fps_d, &in, &error) ||
      !rushes_trim_parse_time (out_text, plan.fps_n, plan.fps_d, &out, &error) ||
      !rushes_splice_plan (take, output, in, out, &plan, NULL, &error))
    return usage_error (error->message);

  recipe = retake_recipe (take, &plan, prompt, backend_id, seed_text, &error);
  if (recipe == NULL)
    return usage_error (error->message);
  /* conditioned on the take's frames just outside [in, out), where it has them */
  if (plan.in_frame > 0)
    start_spec = g_strdup_printf ("%s@%uf", g_file_peek_path (take), plan.in_frame - 1);
  if (plan.out_frame < plan.n_frames)
    end_spec = g_strdup_printf ("%s@%uf", g_file_peek_path (take), plan.out_frame);

  rushes_backend_kinds_register_all ();
  registry = rushes_backend_registry_new (g_getenv ("RUSHES_BACKENDS_FILE"));
  if (!rushes_backend_registry_load (registry, &error))
    {
      fprintf (stderr, "rushes retake: %s\n", error->message);
      g_clear_error (&error);
    }
  backend = choose_backend (registry, recipe, start_spec, end_spec, &error);
  if (backend == NULL)
    return usage_error (error->message);

  /* ours alone, before anything is submitted (and paid for) */
  lock = rushes_cli_claim_output ("retake", g_file_peek_path (output), overwrite, &ret);
  if (lock == NULL)
    return ret;
  /* the frames, stored beside the new take */
  if (!rushes_cli_store_images (recipe, g_file_peek_path (output), start_spec, end_spec, &error))
    {
      remove_images (recipe);
      return failed (error->message);
    }

  fprintf (stderr, _("rushes retake: regenerating frames %u–%u of %u on %s\n"),
           plan.in_frame, plan.out_frame - 1, plan.n_frames, rushes_backend_get_display_name (backend));
  middle_path = middle_path_for (output);
  r.loop = g_main_loop_new (NULL, FALSE);
  if (!make_middle (&r, registry, recipe, middle_path, wait_limit_ms, wait_limit ? wait_limit : "30m"))
    {
      if (!r.timed_out)
        remove_images (recipe);
      g_clear_object (&r.job);
      g_clear_pointer (&r.loop, g_main_loop_unref);
      return RUSHES_EXIT_FAILED;
    }

  /* the new take's recipe: what was made, where, from what */
  result = rushes_recipe_copy (rushes_job_get_recipe (r.job));
  rushes_recipe_set_lineage (result, "retake", g_file_peek_path (take),
                             (double) plan.in / GST_SECOND, (double) plan.out / GST_SECOND);
  rushes_recipe_set_seconds (result, (double) plan.end / GST_SECOND);
  middle = g_file_new_for_path (rushes_job_get_take_path (r.job));
  g_clear_object (&r.job);
  rushes_splice_async (take, plan.in, plan.out, middle, output, result, NULL, spliced_cb, &r);
  g_main_loop_run (r.loop);
  g_clear_pointer (&r.loop, g_main_loop_unref);
  remove_take (g_file_peek_path (middle));

  if (!r.spliced)
    {
      remove_images (recipe);
      ret = failed (r.error->message);
      g_clear_error (&r.error);
      return ret;
    }
  printf ("%s\n", g_file_peek_path (output));
  return RUSHES_EXIT_OK;
}
