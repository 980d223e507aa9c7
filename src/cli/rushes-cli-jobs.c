/* rushes-cli-jobs.c: `rushes jobs list | resume | cancel`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The journal's jobs without a window: what is unfinished and why it waits,
 * finishing them (a remote job downloads what was made, never creates it
 * again), or giving one up (cancelled on its backend too). Also the engine
 * set-up and the "stop waiting" that `rushes generate` shares.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "rushes-backend-kinds.h"
#include "rushes-backend-registry.h"
#include "rushes-cli.h"
#include "rushes-job-queue.h"
#include "rushes-journal.h"
#include "rushes-library.h"
#include "rushes-tagger.h"

#define DEFAULT_WAIT_LIMIT_MS (30 * 60 * 1000)
#define REQUEST_MS            (120 * 1000)
#define NOT_ANSWERING_MS      (5 * 60 * 1000)
#define DETACH_GRACE_MS       5000

/* ---- shared with `rushes generate` ---------------------------------------- */

gboolean
rushes_cli_parse_duration (const char *text,
                           guint64    *ms)
{
  const char *p = text;
  guint64 total = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  while (*p != '\0')
    {
      char *end = NULL;
      guint64 n, unit;

      if (!g_ascii_isdigit (*p))
        return FALSE;
      n = g_ascii_strtoull (p, &end, 10);
      switch (*end)
        {
        case '\0': unit = 1000; break;   /* plain seconds */
        case 's':  unit = 1000; end++; break;
        case 'm':  unit = 60 * 1000; end++; break;
        case 'h':  unit = 60 * 60 * 1000; end++; break;
        default:   return FALSE;
        }
      if (n > G_MAXUINT32)
        return FALSE;
      total += n * unit;
      p = end;
    }
  if (total == 0)
    return FALSE;
  *ms = total;
  return TRUE;
}

char *
rushes_cli_library_dir (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE) : NULL;

  /* the command line runs without installed schemas too */
  if (schema != NULL && g_settings_schema_has_key (schema, "library-folder"))
    {
      g_autoptr(GSettings) settings = g_settings_new (BASE_APP_ID);
      g_autofree char *folder = g_settings_get_string (settings, "library-folder");

      if (folder != NULL && folder[0] != '\0')
        return g_steal_pointer (&folder);
    }
  return rushes_library_get_default_dir ();
}

RushesJobQueue *
rushes_cli_queue_new (RushesBackendRegistry *registry,
                      guint64                wait_limit_ms)
{
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(RushesTagWriter) tagger = rushes_tagger_new ();
  g_autofree char *library_dir = rushes_cli_library_dir ();
  RushesJobQueue *queue = rushes_job_queue_new (registry, journal);

  rushes_job_queue_set_tag_writer (queue, tagger);
  rushes_job_queue_set_library_dir (queue, library_dir);

  /* a silent server is reported well before the command gives up on it */
  rushes_job_queue_set_timeouts (queue, (guint) MIN (REQUEST_MS, wait_limit_ms / 4),
                                 (guint) MIN (NOT_ANSWERING_MS, wait_limit_ms / 4));
  return queue;
}

void
rushes_cli_stop_waiting (RushesJobQueue *queue,
                         GPtrArray      *jobs,
                         const char     *command,
                         const char     *wait_limit)
{
  gint64 end = g_get_monotonic_time () + DETACH_GRACE_MS * G_TIME_SPAN_MILLISECOND;

  /* the jobs stay journalled as they are; their workers let go */
  rushes_job_queue_shutdown (queue);
  while (!rushes_job_queue_is_idle (queue) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, !rushes_job_queue_is_idle (queue));

  for (guint i = 0; i < jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs, i);

      if (rushes_job_is_finished (job))
        continue;
      fprintf (stderr, _("rushes %s: stopped waiting after %s; job %s is kept (%s). "
                         "Run “rushes jobs resume %s” to finish it.\n"),
               command, wait_limit, rushes_job_get_id (job),
               rushes_job_get_waiting_reason (job) ? rushes_job_get_waiting_reason (job)
               : rushes_job_get_status (job) ? rushes_job_get_status (job)
               : rushes_job_state_to_string (rushes_job_get_state (job)),
               rushes_job_get_id (job));
    }
}

/* ---- list ------------------------------------------------------------------- */

static const char *
entry_string (JsonObject *entry,
              const char *member)
{
  JsonNode *node = json_object_get_member (entry, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static const char *
entry_prompt (JsonObject *entry)
{
  JsonNode *recipe = json_object_get_member (entry, "recipe");

  if (recipe == NULL || !JSON_NODE_HOLDS_OBJECT (recipe))
    return NULL;
  return entry_string (json_node_get_object (recipe), "prompt");
}

/* Held by another process (the window, another `rushes generate`)? */
static gboolean
entry_is_busy (RushesJournal *journal,
               const char    *id)
{
  if (!rushes_journal_claim (journal, id))
    return TRUE;
  rushes_journal_release (journal, id);
  return FALSE;
}

void
rushes_cli_json_add_string (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* The "sweep" member of a journalled job, or NULL. */
static JsonObject *
entry_sweep (JsonObject *entry)
{
  JsonNode *node = json_object_get_member (entry, "sweep");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* The entries with the jobs of one sweep together, where its first is. */
static GPtrArray *
group_sweeps (GPtrArray *entries)
{
  GPtrArray *grouped = g_ptr_array_new ();
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *sweep = entry_sweep (json_node_get_object (g_ptr_array_index (entries, i)));
      const char *id = sweep ? entry_string (sweep, "id") : NULL;

      if (id == NULL)
        {
          g_ptr_array_add (grouped, g_ptr_array_index (entries, i));
          continue;
        }
      if (!g_hash_table_add (done, (gpointer) id))
        continue;
      for (guint j = i; j < entries->len; j++)
        {
          JsonObject *other = entry_sweep (json_node_get_object (g_ptr_array_index (entries, j)));

          if (other != NULL && g_strcmp0 (entry_string (other, "id"), id) == 0)
            g_ptr_array_add (grouped, g_ptr_array_index (entries, j));
        }
    }
  return grouped;
}

static char *
describe_sweep (JsonObject *sweep)
{
  JsonNode *value = json_object_get_member (sweep, "value");
  g_autofree char *text = value != NULL && JSON_NODE_HOLDS_VALUE (value) ? json_to_string (value, FALSE) : NULL;
  const char *id = entry_string (sweep, "id");

  /* TRANSLATORS: a job of a sweep in `rushes jobs list`: "sweep 1b2c3d4e: guidance = 7.5" */
  return g_strdup_printf (_("sweep %.8s: %s = %s"), id ? id : "?",
                          entry_string (sweep, "field") ? entry_string (sweep, "field") : "?",
                          text ? text : "?");
}

static int
jobs_list (gboolean as_json)
{
  g_autoptr(RushesJournal) journal = rushes_journal_new (NULL);
  g_autoptr(GPtrArray) loaded = rushes_journal_load (journal);
  g_autoptr(GPtrArray) entries = group_sweeps (loaded);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = json_node_get_object (g_ptr_array_index (entries, i));
      const char *id = entry_string (entry, "id");
      const char *state = entry_string (entry, "state");
      const char *waiting = entry_string (entry, "waiting");
      const char *status = entry_string (entry, "status");
      JsonObject *sweep = entry_sweep (entry);
      gboolean busy;

      if (id == NULL || !g_uuid_string_is_valid (id))
        continue;
      busy = entry_is_busy (journal, id);
      if (!as_json)
        {
          printf ("%s  %-11s  %-16s  %s%s\n    “%s”\n", id, state ? state : "?",
                  entry_string (entry, "backend") ? entry_string (entry, "backend") : "-",
                  busy ? _("(running in another process) ") : "",
                  waiting ? waiting : status ? status : "",
                  entry_prompt (entry) ? entry_prompt (entry) : "");
          if (sweep != NULL)
            {
              g_autofree char *text = describe_sweep (sweep);

              printf ("    %s\n", text);
            }
          continue;
        }
      json_builder_begin_object (builder);
      rushes_cli_json_add_string (builder, "id", id);
      rushes_cli_json_add_string (builder, "state", state);
      rushes_cli_json_add_string (builder, "backend", entry_string (entry, "backend"));
      rushes_cli_json_add_string (builder, "remote_id", entry_string (entry, "remote_id"));
      rushes_cli_json_add_string (builder, "waiting", waiting);
      rushes_cli_json_add_string (builder, "status", status);
      rushes_cli_json_add_string (builder, "prompt", entry_prompt (entry));
      rushes_cli_json_add_string (builder, "take_path", entry_string (entry, "take_path"));
      rushes_cli_json_add_string (builder, "created", entry_string (entry, "created"));
      json_builder_set_member_name (builder, "busy");
      json_builder_add_boolean_value (builder, busy);
      json_builder_set_member_name (builder, "sweep");
      if (sweep != NULL)
        json_builder_add_value (builder, json_node_init_object (json_node_alloc (), sweep));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (as_json)
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonNode) root = json_builder_get_root (builder);
      g_autofree char *text = NULL;

      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      text = json_generator_to_data (gen, NULL);
      printf ("%s\n", text);
    }
  else if (entries->len == 0)
    printf ("%s\n", _("No journalled jobs."));
  return RUSHES_EXIT_OK;
}

/* ---- resume and cancel ---------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *jobs;      /* RushesJob taken up */
  const char *only;     /* one id, or NULL for all */
  gboolean   timed_out;
} Jobs;

static gboolean
take_filter (RushesJob *job,
             gpointer   user_data)
{
  Jobs *jobs = user_data;

  if (jobs->only != NULL && g_strcmp0 (rushes_job_get_id (job), jobs->only) != 0)
    return FALSE;
  g_ptr_array_add (jobs->jobs, g_object_ref (job));
  return TRUE;
}

static gboolean
all_finished (Jobs *jobs)
{
  for (guint i = 0; i < jobs->jobs->len; i++)
    if (!rushes_job_is_finished (g_ptr_array_index (jobs->jobs, i)))
      return FALSE;
  return TRUE;
}

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 Jobs           *jobs)
{
  if (!g_ptr_array_find (jobs->jobs, job, NULL))
    return;
  if (rushes_job_get_state (job) == RUSHES_JOB_SUCCEEDED)
    printf ("%s\n", rushes_job_get_take_path (job));
  else if (rushes_job_get_state (job) == RUSHES_JOB_FAILED)
    fprintf (stderr, "rushes jobs: %s: %s\n", rushes_job_get_id (job), rushes_job_get_error_message (job));
  else
    fprintf (stderr, "rushes jobs: %s: %s\n", rushes_job_get_id (job), _("cancelled"));
  fflush (stdout);
  if (all_finished (jobs))
    g_main_loop_quit (jobs->loop);
}

static void
job_waiting_cb (RushesJob  *job,
                GParamSpec *pspec,
                Jobs       *jobs)
{
  if (rushes_job_get_waiting_reason (job) != NULL)
    fprintf (stderr, "rushes jobs: %s: %s\n", rushes_job_get_id (job), rushes_job_get_waiting_reason (job));
}

static gboolean
wait_limit_cb (gpointer data)
{
  Jobs *jobs = data;

  jobs->timed_out = TRUE;
  g_main_loop_quit (jobs->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
interrupt_cb (gpointer data)
{
  Jobs *jobs = data;

  /* leave them journalled, as they were */
  jobs->timed_out = TRUE;
  g_main_loop_quit (jobs->loop);
  return G_SOURCE_CONTINUE;
}

static int
jobs_run (const char *id,
          gboolean    cancel,
          const char *wait_limit_text,
          guint64     wait_limit_ms)
{
  g_autoptr(RushesBackendRegistry) registry = NULL;
  g_autoptr(RushesJobQueue) queue = NULL;
  g_autoptr(GError) error = NULL;
  Jobs jobs = { 0, };
  guint limit_id, sigint_id, sigterm_id;
  int ret = RUSHES_EXIT_OK;

  rushes_backend_kinds_register_all ();
  /* the same override as `rushes backends` */
  registry = rushes_backend_registry_new (g_getenv ("RUSHES_BACKENDS_FILE"));
  if (!rushes_backend_registry_load (registry, &error))
    fprintf (stderr, "rushes jobs: %s\n", error->message);
  queue = rushes_cli_queue_new (registry, wait_limit_ms);

  jobs.loop = g_main_loop_new (NULL, FALSE);
  jobs.jobs = g_ptr_array_new_with_free_func (g_object_unref);
  jobs.only = id;
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &jobs);

  rushes_job_queue_resume (queue, take_filter, &jobs);
  if (id != NULL && jobs.jobs->len == 0)
    {
      fprintf (stderr, _("rushes jobs: no unfinished job %s in the journal, or another Rushes is running it "
                         "(see “rushes jobs list”)\n"), id);
      ret = RUSHES_EXIT_FAILED;
      goto out;
    }
  if (jobs.jobs->len == 0)
    {
      fprintf (stderr, "rushes jobs: %s\n", _("nothing to resume"));
      goto out;
    }

  for (guint i = 0; i < jobs.jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs.jobs, i);

      g_signal_connect (job, "notify::waiting-reason", G_CALLBACK (job_waiting_cb), &jobs);
      if (cancel)
        rushes_job_cancel (job);
    }

  limit_id = g_timeout_add (MIN (wait_limit_ms, G_MAXUINT), wait_limit_cb, &jobs);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &jobs);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &jobs);
  if (!all_finished (&jobs))
    g_main_loop_run (jobs.loop);
  if (!jobs.timed_out)
    g_source_remove (limit_id);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (jobs.timed_out)
    rushes_cli_stop_waiting (queue, jobs.jobs, "jobs", wait_limit_text);
  for (guint i = 0; i < jobs.jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs.jobs, i);

      g_signal_handlers_disconnect_by_data (job, &jobs);
      if (rushes_job_get_state (job) != (cancel ? RUSHES_JOB_CANCELLED : RUSHES_JOB_SUCCEEDED))
        ret = RUSHES_EXIT_FAILED;
    }
  /* reported: the journal need not keep them */
  rushes_job_queue_remove_finished (queue);

out:
  g_signal_handlers_disconnect_by_data (queue, &jobs);
  g_clear_pointer (&jobs.loop, g_main_loop_unref);
  g_clear_pointer (&jobs.jobs, g_ptr_array_unref);
  return ret;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "rushes jobs: %s\n%s\n", message, _("Run “rushes jobs --help” for the commands."));
  return RUSHES_EXIT_USAGE;
}

int
rushes_cli_jobs (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wait_limit = NULL;
  gboolean as_json = FALSE;
  guint64 wait_limit_ms = DEFAULT_WAIT_LIMIT_MS;
  const char *command;
  const char *id = NULL;

  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("list: print JSON"), NULL },
    { "wait-limit", 0, 0, G_OPTION_ARG_STRING, &wait_limit,
      N_("resume, cancel: stop waiting after this long (e.g. 90s, 30m, 2h; default 30m); unfinished jobs stay journalled"),
      N_("DURATION") },
    { NULL }
  };

  context = g_option_context_new (_("list | resume [ID] | cancel ID"));
  g_option_context_set_summary (context, _("The journalled jobs: list them, finish them (a remote job downloads "
                                           "what was made, it is never created again), or give one up "
                                           "(cancelled on its backend too)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc < 2)
    return usage_error (_("a command is required: list, resume or cancel"));
  command = argv[1];
  if (argc > 3)
    return usage_error (_("too many arguments"));
  if (argc == 3)
    {
      id = argv[2];
      if (!g_uuid_string_is_valid (id))
        return usage_error (_("ID must be a job id as “rushes jobs list” shows it"));
    }
  if (wait_limit != NULL && !rushes_cli_parse_duration (wait_limit, &wait_limit_ms))
    return usage_error (_("--wait-limit must look like 90s, 30m or 2h"));

  if (g_str_equal (command, "list"))
    {
      if (id != NULL)
        return usage_error (_("list takes no ID"));
      return jobs_list (as_json);
    }
  if (g_str_equal (command, "resume"))
    return jobs_run (id, FALSE, wait_limit ? wait_limit : "30m", wait_limit_ms);
  if (g_str_equal (command, "cancel"))
    {
      if (id == NULL)
        return usage_error (_("cancel needs the job’s ID"));
      return jobs_run (id, TRUE, wait_limit ? wait_limit : "30m", wait_limit_ms);
    }
  return usage_error (_("unknown command; use list, resume or cancel"));
}
