/* rushes-cli-generate.c: `rushes generate`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One recipe → takes, without a display: the same job queue, journal and
 * backends as the window. Progress goes to stderr, the paths of the takes
 * to stdout. Unfinished jobs of an earlier `rushes generate` with the same
 * recipe and destination (one killed half-way, say) are taken up again
 * instead of starting new ones, so a take is made once. After --wait-limit
 * it stops waiting and leaves what is unfinished journalled, for
 * `rushes jobs resume`.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>

#include "rushes-backend-registry.h"
#include "rushes-cli.h"
#include "rushes-backend-kinds.h"
#include "rushes-job-queue.h"
#include "rushes-prompt-history.h"
#include "rushes-sweep.h"

typedef struct
{
  GMainLoop      *loop;
  RushesJobQueue *queue;
  GPtrArray      *jobs;        /* RushesJob, ours */
  guint           n_finished;
  gboolean        interrupted;
  gboolean        timed_out;
  gboolean        tty;
  RushesRecipe   *recipe;      /* what was asked for */
  gboolean        seed_given;
  guint           variations;
  char           *output;      /* NULL: library */
  GPtrArray      *wanted;      /* RushesRecipe per variation (explicit seeds), or NULL */
  GPtrArray      *outputs;     /* char* per variation */
  GPtrArray      *locks;       /* RushesOutputLock per output, held until the end */
  /* --sweep or a {a|b} prompt: wanted holds a recipe per value, sweeps its
   * "sweep" member (JsonObject) */
  RushesSweep    *sweep;
  GPtrArray      *sweeps;
  RushesBackend  *fit_backend;   /* expand_sweep's, for fit_sweep_recipe */
  RushesFields    fit_given;
} Generate;

static gboolean
parse_size (const char *text,
            guint      *width,
            guint      *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  parts = g_strsplit_set (text, "xX×", 2);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &h, NULL))
    return FALSE;
  *width = (guint) w;
  *height = (guint) h;
  return TRUE;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  fprintf (stderr, "rushes generate: %s\n%s\n", message,
           _("Run “rushes generate --help” for the options."));
  return RUSHES_EXIT_USAGE;
}

static char *
variation_output (const char *output,
                  guint       index)
{
  const char *base = strrchr (output, '/');
  const char *dot = strrchr (base ? base : output, '.');
  g_autofree char *stem = NULL;

  if (index == 0)
    return g_strdup (output);
  stem = dot ? g_strndup (output, dot - output) : g_strdup (output);
  return g_strdup_printf ("%s-%u%s", stem, index + 1, dot ? dot : "");
}

static void
print_progress (Generate  *gen,
                RushesJob *job)
{
  guint index = 0;
  double eta = rushes_job_get_eta (job);
  g_autofree char *eta_text = NULL;

  for (guint i = 0; i < gen->jobs->len; i++)
    if (g_ptr_array_index (gen->jobs, i) == job)
      index = i;

  eta_text = eta >= 0 ? g_strdup_printf (_(", %.0f s left"), eta) : g_strdup ("");
  fprintf (stderr, "%s[%u/%u] %s %3.0f%%%s — %s%s",
           gen->tty ? "\r\033[K" : "",
           index + 1, gen->jobs->len,
           rushes_job_state_to_string (rushes_job_get_state (job)),
           rushes_job_get_progress (job) * 100, eta_text,
           rushes_job_get_status (job) ? rushes_job_get_status (job) : "",
           gen->tty ? "" : "\n");
  fflush (stderr);
}

static void
job_state_cb (RushesJob  *job,
              GParamSpec *pspec,
              Generate   *gen)
{
  print_progress (gen, job);
}

static void
job_progress_cb (RushesJob  *job,
                 GParamSpec *pspec,
                 Generate   *gen)
{
  /* a line per change would flood a log: only on a terminal */
  if (gen->tty)
    print_progress (gen, job);
}

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 Generate       *gen)
{
  if (!g_ptr_array_find (gen->jobs, job, NULL))
    return;

  if (gen->tty)
    fputs ("\r\033[K", stderr);
  switch (rushes_job_get_state (job))
    {
    case RUSHES_JOB_SUCCEEDED:
      printf ("%s\n", rushes_job_get_take_path (job));
      fflush (stdout);
      break;
    case RUSHES_JOB_FAILED:
      fprintf (stderr, "rushes generate: %s\n", rushes_job_get_error_message (job));
      break;
    case RUSHES_JOB_CANCELLED:
      fprintf (stderr, "rushes generate: %s\n", _("cancelled"));
      break;
    case RUSHES_JOB_QUEUED:
    case RUSHES_JOB_SUBMITTING:
    case RUSHES_JOB_RUNNING:
    case RUSHES_JOB_DOWNLOADING:
    default:
      break;
    }

  if (++gen->n_finished == gen->jobs->len)
    g_main_loop_quit (gen->loop);
}

static gboolean
interrupt_cb (gpointer data)
{
  Generate *gen = data;

  if (!gen->interrupted)
    {
      gen->interrupted = TRUE;
      fprintf (stderr, "\nrushes generate: %s\n", _("cancelling…"));
      rushes_job_queue_cancel_all (gen->queue);
    }
  return G_SOURCE_CONTINUE;
}

static void
job_waiting_cb (RushesJob  *job,
                GParamSpec *pspec,
                Generate   *gen)
{
  /* why it waits (a silent server, a full disk), also in a log */
  if (rushes_job_get_waiting_reason (job) != NULL)
    print_progress (gen, job);
}

static gboolean
wait_limit_cb (gpointer data)
{
  Generate *gen = data;

  gen->timed_out = TRUE;
  g_main_loop_quit (gen->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
same_recipe_but_seed (RushesRecipe *a,
                      RushesRecipe *b)
{
  g_autoptr(RushesRecipe) ca = rushes_recipe_copy (a);
  g_autoptr(RushesRecipe) cb = rushes_recipe_copy (b);

  rushes_recipe_set_seed (ca, 0);
  rushes_recipe_set_seed (cb, 0);
  return rushes_recipe_equal (ca, cb);
}

/* Which journalled jobs are ours to finish: same recipe (and seed, when
 * one was given), same destination, and not more than asked for. */
static gboolean
resume_filter (RushesJob *job,
               gpointer   user_data)
{
  Generate *gen = user_data;
  RushesRecipe *recipe = rushes_job_get_recipe (job);
  const char *output = rushes_job_get_output_path (job);

  if (gen->jobs->len >= gen->variations)
    return FALSE;

  for (guint i = 0; i < gen->variations; i++)
    {
      const char *wanted_output = gen->outputs ? g_ptr_array_index (gen->outputs, i) : NULL;

      if (g_strcmp0 (output, wanted_output) != 0)
        continue;
      if (gen->seed_given)
        {
          if (!rushes_recipe_equal (recipe, g_ptr_array_index (gen->wanted, i)))
            continue;
        }
      else if (!same_recipe_but_seed (recipe, gen->wanted ? g_ptr_array_index (gen->wanted, i) : gen->recipe))
        continue;

      /* this variation is done by the resumed job */
      g_ptr_array_add (gen->jobs, g_object_ref (job));
      return TRUE;
    }
  return FALSE;
}

static gboolean
variation_taken (Generate *gen,
                 guint     index)
{
  const char *wanted_output = gen->outputs ? g_ptr_array_index (gen->outputs, index) : NULL;

  for (guint j = 0; j < gen->jobs->len; j++)
    {
      RushesJob *job = g_ptr_array_index (gen->jobs, j);

      if (g_strcmp0 (rushes_job_get_output_path (job), wanted_output) != 0)
        continue;
      if (gen->seed_given &&
          !rushes_recipe_equal (rushes_job_get_recipe (job), g_ptr_array_index (gen->wanted, index)))
        continue;
      if (!gen->seed_given && gen->wanted != NULL &&
          !same_recipe_but_seed (rushes_job_get_recipe (job), g_ptr_array_index (gen->wanted, index)))
        continue;
      return TRUE;
    }
  return FALSE;
}

/* Every output of the variations, or none: an existing one only with
 * --overwrite, and never one another rushes is writing. */
static gboolean
claim_outputs (Generate *gen,
               gboolean  overwrite,
               int      *exit_code)
{
  g_autofree char *dir = g_path_get_dirname (gen->output);

  /* the folder is made as the take would have made it; a failure is told by the claim */
  g_mkdir_with_parents (dir, 0755);
  gen->locks = g_ptr_array_new_with_free_func ((GDestroyNotify) rushes_output_lock_release);
  for (guint i = 0; i < gen->outputs->len; i++)
    {
      RushesOutputLock *lock = rushes_cli_claim_output ("generate", g_ptr_array_index (gen->outputs, i),
                                                        overwrite, exit_code);

      if (lock == NULL)
        {
          g_clear_pointer (&gen->locks, g_ptr_array_unref);
          return FALSE;
        }
      g_ptr_array_add (gen->locks, lock);
    }
  return TRUE;
}

static gboolean
fit_sweep_recipe (RushesRecipe  *recipe,
                  gpointer       user_data,
                  GError       **error)
{
  Generate *gen = user_data;

  return rushes_cli_fit_recipe_to_model ("generate", gen->fit_backend, recipe, gen->fit_given, error) &&
         rushes_backend_check_recipe (gen->fit_backend, recipe, error);
}

/* --sweep: a recipe per value, each fitted to its model and checked by the
 * backend (a value it cannot make is named); more than
 * RUSHES_SWEEP_CONFIRM_ABOVE of them only with --yes. */
static int
expand_sweep (Generate       *gen,
              GOptionContext *context,
              RushesBackend  *backend,
              RushesFields    given,
              gboolean        yes)
{
  RushesSweepField field = rushes_sweep_get_field (gen->sweep);
  guint n = rushes_sweep_get_n_values (gen->sweep);
  g_autoptr(GError) error = NULL;

  if (field == RUSHES_SWEEP_GUIDANCE)
    given |= RUSHES_FIELD_GUIDANCE;
  else if (field == RUSHES_SWEEP_STEPS)
    given |= RUSHES_FIELD_STEPS;

  gen->fit_backend = backend;
  gen->fit_given = given;
  gen->wanted = rushes_sweep_expand (gen->sweep, gen->recipe, fit_sweep_recipe, gen, &gen->sweeps, &error);
  if (gen->wanted == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("--sweep %s"), error->message);

      return usage_error (context, message);
    }
  if (!rushes_cli_sweep_confirmed (backend, gen->wanted, yes))
    {
      g_clear_pointer (&gen->wanted, g_ptr_array_unref);
      g_clear_pointer (&gen->sweeps, g_ptr_array_unref);
      return RUSHES_EXIT_USAGE;
    }
  gen->variations = n;
  return RUSHES_EXIT_OK;
}

int
rushes_cli_generate (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *backend = NULL;
  g_autofree char *model = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *negative = NULL;
  g_autofree char *size = NULL;
  g_autofree char *output = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *wait_limit = NULL;
  g_autofree char *start_image = NULL;
  g_autofree char *end_image = NULL;
  guint64 wait_limit_ms = 30 * 60 * 1000;
  guint wait_limit_id;
  double seconds = -1;
  int fps = -1;
  int variations = 1;
  g_autofree char *sweep_text = NULL;
  g_autoptr(RushesSweep) sweep = NULL;
  RushesFields given;
  gboolean yes = FALSE;
  gboolean library = FALSE;
  gboolean overwrite = FALSE;
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(RushesPromptHistory) history = NULL;
  Generate gen = { 0, };
  guint sigint_id, sigterm_id;
  int ret = RUSHES_EXIT_OK;
  RushesBackend *chosen;

  const GOptionEntry entries[] = {
    { "backend", 'b', 0, G_OPTION_ARG_STRING, &backend, N_("Backend to use (default: the default backend, “sketch”)"), N_("NAME") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model, N_("Model on that backend"), N_("NAME") },
    { "prompt", 'p', 0, G_OPTION_ARG_STRING, &prompt, N_("What to make (required)"), N_("TEXT") },
    { "negative", 0, 0, G_OPTION_ARG_STRING, &negative, N_("What to avoid"), N_("TEXT") },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Duration in seconds"), N_("N") },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, N_("Frame size, e.g. 848x480"), N_("WxH") },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, N_("Frames per second"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("Seed (default: random, recorded with the take)"), N_("N") },
    { "variations", 'n', 0, G_OPTION_ARG_INT, &variations, N_("How many takes (seeds N, N+1, …)"), N_("N") },
    { "sweep", 0, 0, G_OPTION_ARG_STRING, &sweep_text,
      N_("A take per value of one field: seed, guidance, steps or model (a prompt varies with {a|b|c} in its text)"),
      N_("FIELD=V1,V2,…|FIELD=A..B:STEP") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes, N_("Make a sweep of more than 50 takes without asking"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the take here (.webm or .mp4); the recipe goes beside it"), N_("PATH") },
    { "start-image", 0, 0, G_OPTION_ARG_FILENAME, &start_image,
      N_("The first frame: an image, or a frame of a video as PATH@T (T: 2.5, 00:00:02.500, 00:00:02:12, 105f or end)"),
      N_("SRC") },
    { "end-image", 0, 0, G_OPTION_ARG_FILENAME, &end_image, N_("The last frame, as --start-image"), N_("SRC") },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the --output file if it exists"), NULL },
    { "library", 'l', 0, G_OPTION_ARG_NONE, &library, N_("Put the takes in the library folder"), NULL },
    { "wait-limit", 0, 0, G_OPTION_ARG_STRING, &wait_limit,
      N_("Stop waiting after this long (e.g. 90s, 30m, 2h; default 30m); unfinished jobs stay journalled for “rushes jobs resume”"),
      N_("DURATION") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Generate takes from a prompt, without a window.\n"
                                           "Exactly one of --output and --library is needed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 1)
    return usage_error (context, _("unexpected argument; put the prompt in --prompt"));

  if (prompt == NULL || g_strstrip (prompt)[0] == '\0')
    return usage_error (context, _("--prompt is required"));
  if ((output != NULL) == library)
    return usage_error (context, _("give either --output PATH or --library"));
  if (variations < 1 || variations > 64)
    return usage_error (context, _("--variations must be between 1 and 64"));
  if (wait_limit != NULL && !rushes_cli_parse_duration (wait_limit, &wait_limit_ms))
    return usage_error (context, _("--wait-limit must look like 90s, 30m or 2h"));

  recipe = rushes_recipe_new ();
  rushes_recipe_set_prompt (recipe, prompt);
  if (negative != NULL)
    rushes_recipe_set_negative_prompt (recipe, negative);
  if (model != NULL)
    rushes_recipe_set_model (recipe, model);
  if (seconds != -1)
    {
      if (seconds < 0)
        seconds = 0;
      rushes_recipe_set_seconds (recipe, seconds);
    }
  if (fps != -1)
    rushes_recipe_set_fps (recipe, (guint) MAX (fps, 0));
  if (size != NULL)
    {
      guint w, h;

      if (!parse_size (size, &w, &h))
        return usage_error (context, _("--size must look like 848x480"));
      rushes_recipe_set_width (recipe, w);
      rushes_recipe_set_height (recipe, h);
    }
  if (seed_text != NULL && g_strcmp0 (seed_text, "random") != 0)
    {
      gint64 seed;

      if (!g_ascii_string_to_signed (seed_text, 10, G_MININT64, G_MAXINT64, &seed, NULL))
        return usage_error (context, _("--seed must be a whole number or “random”"));
      rushes_recipe_set_seed (recipe, seed);
      gen.seed_given = TRUE;
    }
  sweep = rushes_cli_sweep_parse (sweep_text, prompt, recipe, gen.seed_given, variations, &error);
  if (error != NULL)
    return usage_error (context, error->message);

  if (output != NULL)
    {
      g_autofree char *canonical = g_canonicalize_filename (output, NULL);
      g_autofree char *base = g_path_get_basename (canonical);
      const char *dot = strrchr (base, '.');
      const char *container = NULL;

      if (dot == NULL || dot == base)
        {
          /* no extension: WebM */
          g_free (output);
          output = g_strconcat (canonical, ".webm", NULL);
        }
      else if (g_ascii_strcasecmp (dot, ".webm") == 0)
        {
          g_free (output);
          output = g_steal_pointer (&canonical);
        }
      else if (g_ascii_strcasecmp (dot, ".mp4") == 0)
        {
          container = "mp4";
          g_free (output);
          output = g_steal_pointer (&canonical);
        }
      else
        return usage_error (context, _("--output must end in .webm or .mp4"));

      /* the Sketch renderer then writes this container directly */
      if (container != NULL)
        json_object_set_string_member (rushes_recipe_get_extras (recipe), "container", container);
    }

  /* engine */
  rushes_backend_kinds_register_all ();
  /* the same override as `rushes backends` */
  registry = rushes_backend_registry_new (g_getenv ("RUSHES_BACKENDS_FILE"));
  if (!rushes_backend_registry_load (registry, &error))
    {
      fprintf (stderr, "rushes generate: %s\n", error->message);
      g_clear_error (&error);
    }
  rushes_recipe_set_backend (recipe, backend ? backend : rushes_backend_registry_get_default_id (registry));

  chosen = rushes_backend_registry_lookup (registry, rushes_recipe_get_backend (recipe));
  if (chosen == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("no backend called “%s” is configured (see “rushes backends”)"),
                                                  rushes_recipe_get_backend (recipe));

      return usage_error (context, message);
    }
  given = (seconds != -1 ? RUSHES_FIELD_SECONDS : 0) | (fps != -1 ? RUSHES_FIELD_FPS : 0) |
          (size != NULL ? RUSHES_FIELD_SIZE : 0);
  if (!rushes_cli_check_images (chosen, G_LIST_MODEL (registry), recipe, start_image, end_image, &error))
    return usage_error (context, error->message);
  if (sweep == NULL)
    {
      if (!rushes_cli_fit_recipe_to_model ("generate", chosen, recipe, given, &error))
        return usage_error (context, error->message);
      if (!rushes_backend_check_recipe (chosen, recipe, &error))
        return usage_error (context, error->message);
    }
  {
    g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (chosen);

    if (caps->max_variations > 0 && (guint) variations > caps->max_variations)
      {
        g_autofree char *message = g_strdup_printf (_("--variations must be between 1 and %u on %s (got %d)"),
                                                    caps->max_variations,
                                                    rushes_backend_get_display_name (chosen), variations);

        return usage_error (context, message);
      }
  }

  gen.variations = (guint) variations;
  if (sweep != NULL)
    {
      /* a recipe per value: what the jobs are made and resumed from */
      gen.recipe = recipe;
      gen.sweep = sweep;
      ret = expand_sweep (&gen, context, chosen, given, yes);
      if (ret != RUSHES_EXIT_OK)
        return ret;
      variations = (int) gen.variations;
    }
  gen.output = output;
  if (output != NULL)
    {
      gen.outputs = g_ptr_array_new_with_free_func (g_free);
      for (int i = 0; i < variations; i++)
        g_ptr_array_add (gen.outputs, variation_output (output, i));
      /* ours alone, before anything is submitted (and paid for) */
      if (!claim_outputs (&gen, overwrite, &ret))
        {
          g_clear_pointer (&gen.outputs, g_ptr_array_unref);
          g_clear_pointer (&gen.wanted, g_ptr_array_unref);
          g_clear_pointer (&gen.sweeps, g_ptr_array_unref);
          return ret;
        }
    }
  /* the frames, stored beside the take, before anything is submitted */
  if (!rushes_cli_store_images (recipe, output, start_image, end_image, &error))
    {
      g_clear_pointer (&gen.locks, g_ptr_array_unref);
      g_clear_pointer (&gen.outputs, g_ptr_array_unref);
      return usage_error (context, error->message);
    }
  /* a sweep's recipes were made before the frames were stored */
  for (guint i = 0; gen.sweep != NULL && gen.wanted != NULL && i < gen.wanted->len; i++)
    {
      RushesRecipe *value = g_ptr_array_index (gen.wanted, i);

      rushes_recipe_set_start_image (value, rushes_recipe_get_start_image (recipe));
      rushes_recipe_set_end_image (value, rushes_recipe_get_end_image (recipe));
      rushes_recipe_set_start_image_source (value, rushes_recipe_get_start_image_source (recipe));
      rushes_recipe_set_end_image_source (value, rushes_recipe_get_end_image_source (recipe));
    }

  queue = rushes_cli_queue_new (registry, wait_limit_ms);

  gen.loop = g_main_loop_new (NULL, FALSE);
  gen.queue = queue;
  gen.jobs = g_ptr_array_new_with_free_func (g_object_unref);
  gen.tty = isatty (STDERR_FILENO);
  gen.recipe = recipe;
  if (gen.seed_given && gen.sweep == NULL)
    {
      gen.wanted = g_ptr_array_new_with_free_func (g_object_unref);
      for (int i = 0; i < variations; i++)
        {
          RushesRecipe *variation = rushes_recipe_copy (recipe);

          rushes_recipe_set_seed (variation, rushes_recipe_get_seed (recipe) + i);
          g_ptr_array_add (gen.wanted, variation);
        }
    }

  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &gen);

  /* an earlier run of the same command that was cut off */
  rushes_job_queue_resume (queue, resume_filter, &gen);
  if (gen.jobs->len > 0)
    fprintf (stderr, ngettext ("rushes generate: resuming %u unfinished take\n",
                               "rushes generate: resuming %u unfinished takes\n", gen.jobs->len),
             gen.jobs->len);

  for (guint i = 0; i < gen.variations && ret == RUSHES_EXIT_OK; i++)
    {
      g_autoptr(RushesRecipe) variation = NULL;
      g_autoptr(RushesJob) job = NULL;

      if (variation_taken (&gen, i) || gen.jobs->len >= gen.variations)
        continue;
      variation = rushes_recipe_copy (gen.wanted ? g_ptr_array_index (gen.wanted, i) : recipe);
      job = rushes_job_new (variation);
      if (gen.outputs != NULL)
        rushes_job_set_output_path (job, g_ptr_array_index (gen.outputs, i));
      if (gen.sweeps != NULL)
        rushes_job_set_sweep (job, g_ptr_array_index (gen.sweeps, i));
      g_ptr_array_add (gen.jobs, g_object_ref (job));
      if (!rushes_job_queue_add (queue, job, &error))
        {
          fprintf (stderr, "rushes generate: %s\n", error->message);
          g_ptr_array_remove (gen.jobs, job);
          ret = RUSHES_EXIT_FAILED;
        }
    }

  history = rushes_prompt_history_new (NULL);
  if (rushes_prompt_history_load (history, NULL))
    rushes_prompt_history_add (history, prompt);

  for (guint i = 0; i < gen.jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (gen.jobs, i);

      g_signal_connect (job, "notify::state", G_CALLBACK (job_state_cb), &gen);
      g_signal_connect (job, "notify::progress", G_CALLBACK (job_progress_cb), &gen);
      g_signal_connect (job, "notify::waiting-reason", G_CALLBACK (job_waiting_cb), &gen);
      if (rushes_job_is_finished (job))
        gen.n_finished++;
    }

  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &gen);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &gen);

  wait_limit_id = g_timeout_add (MIN (wait_limit_ms, G_MAXUINT), wait_limit_cb, &gen);
  if (gen.n_finished < gen.jobs->len)
    g_main_loop_run (gen.loop);

  if (!gen.timed_out)
    g_source_remove (wait_limit_id);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (gen.timed_out)
    {
      if (gen.tty)
        fputs ("\r\033[K", stderr);
      rushes_cli_stop_waiting (queue, gen.jobs, "generate", wait_limit ? wait_limit : "30m");
    }

  for (guint i = 0; i < gen.jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (gen.jobs, i);

      g_signal_handlers_disconnect_by_data (job, &gen);
      if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
        ret = RUSHES_EXIT_FAILED;
    }
  if (gen.jobs->len == 0)
    ret = RUSHES_EXIT_FAILED;

  /* reported: the journal need not keep them */
  rushes_job_queue_remove_finished (queue);
  rushes_prompt_history_flush (history, NULL);
  g_signal_handlers_disconnect_by_data (queue, &gen);

  g_clear_pointer (&gen.loop, g_main_loop_unref);
  g_clear_pointer (&gen.jobs, g_ptr_array_unref);
  g_clear_pointer (&gen.outputs, g_ptr_array_unref);
  g_clear_pointer (&gen.wanted, g_ptr_array_unref);
  g_clear_pointer (&gen.sweeps, g_ptr_array_unref);
  g_clear_pointer (&gen.locks, g_ptr_array_unref);

  return ret;
}
