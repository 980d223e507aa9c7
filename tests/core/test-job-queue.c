/* test-job-queue.c: the job state machine, scheduler, journal and resume,
 * driven by a scripted fake backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fake-backend.h"
#include "test-util.h"
#include "rushes-job-private.h"
#include "rushes-job-queue.h"
#include "rushes-take.h"

typedef struct
{
  RushesBackendRegistry *registry;
  RushesJournal         *journal;
  RushesJobQueue        *queue;
  char                  *library_dir;
  GHashTable            *done;   /* ids the queue reported finished */
} Fixture;

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 Fixture        *f)
{
  g_assert_true (rushes_job_is_finished (job));
  /* reported once */
  g_assert_false (g_hash_table_contains (f->done, rushes_job_get_id (job)));
  g_hash_table_add (f->done, g_strdup (rushes_job_get_id (job)));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->registry = rushes_backend_registry_new (NULL);
  f->journal = rushes_journal_new (NULL);
  f->queue = rushes_job_queue_new (f->registry, f->journal);
  f->library_dir = g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL);
  rushes_job_queue_set_library_dir (f->queue, f->library_dir);
  rushes_job_queue_set_poll_interval (f->queue, 5);
  rushes_job_queue_set_retry_delay (f->queue, 60000);
  f->done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (f->queue, "job-finished", G_CALLBACK (job_finished_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  rushes_job_queue_shutdown (f->queue);
  /* let detached workers report back before the queue goes */
  test_drain ();
  g_clear_object (&f->queue);
  g_clear_object (&f->journal);
  g_clear_object (&f->registry);
  g_free (f->library_dir);
  g_hash_table_unref (f->done);
}

static FakeBackend *
add_fake (Fixture    *f,
          const char *id,
          const char *kind,
          gboolean    remote)
{
  FakeBackend *backend = fake_backend_new (id, kind, remote);

  rushes_backend_registry_add_backend (f->registry, RUSHES_BACKEND (backend), 0);
  return backend;
}

static RushesRecipe *
make_recipe (const char *backend)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, "a lighthouse in the storm");
  rushes_recipe_set_backend (recipe, backend);
  rushes_recipe_set_seconds (recipe, 1);
  rushes_recipe_set_width (recipe, 320);
  rushes_recipe_set_height (recipe, 240);
  return recipe;
}

typedef struct
{
  Fixture   *f;
  RushesJob *job;
} DoneWait;

static gboolean
job_finished_cond (gpointer data)
{
  DoneWait *w = data;

  return g_hash_table_contains (w->f->done, rushes_job_get_id (w->job));
}

static void
wait_finished_full (Fixture   *f,
                    RushesJob *job)
{
  DoneWait w = { f, job };

  test_wait_until (job_finished_cond, &w, 10000);
  g_assert_true (rushes_job_is_finished (job));
}

#define wait_finished(job) wait_finished_full (f, (job))

typedef struct
{
  RushesJob      *job;
  RushesJobState  state;
} StateWait;

static gboolean
job_state_cond (gpointer data)
{
  StateWait *w = data;

  return rushes_job_get_state (w->job) == w->state;
}

static void
wait_state (RushesJob      *job,
            RushesJobState  state)
{
  StateWait w = { job, state };

  test_wait_until (job_state_cond, &w, 10000);
}

static gboolean
hanging_cond (gpointer data)
{
  return g_atomic_int_get (&((FakeBackend *) data)->hanging) > 0;
}

static void
record_state_cb (RushesJob  *job,
                 GParamSpec *pspec,
                 GArray     *states)
{
  RushesJobState state = rushes_job_get_state (job);

  g_array_append_val (states, state);
}

static void
test_succeeds (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (RushesJobState));
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTake) take = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *base = NULL;
  g_autofree char *expected_prefix = NULL;
  g_autofree char *journal_path = NULL;
  RushesJob *job;
  const RushesJobState expected[] = { RUSHES_JOB_SUBMITTING, RUSHES_JOB_RUNNING,
                                      RUSHES_JOB_DOWNLOADING, RUSHES_JOB_SUCCEEDED };

  rushes_recipe_set_seed (recipe, 77);
  job = rushes_job_queue_submit (f->queue, recipe, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 1);
  g_signal_connect (job, "notify::state", G_CALLBACK (record_state_cb), states);
  /* submitting already happened synchronously in add; record it */
  if (rushes_job_get_state (job) == RUSHES_JOB_SUBMITTING)
    g_array_append_val (states, expected[0]);

  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_null (rushes_job_get_error (job));
  g_assert_cmpfloat (rushes_job_get_progress (job), ==, 1.0);
  g_assert_cmpuint (states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (states, RushesJobState, i), ==, expected[i]);
  g_assert_cmpstr (rushes_job_get_backend_id (job), ==, "fake");
  g_assert_nonnull (rushes_job_get_remote_id (job));
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);

  /* {date}_{backend}-{model}_{seed}_{short id}.{ext} in the library */
  base = g_path_get_basename (rushes_job_get_take_path (job));
  expected_prefix = g_strdup_printf ("_fake-default_77_%.8s.webm", rushes_job_get_id (job));
  g_assert_true (g_str_has_suffix (base, expected_prefix));
  g_assert_true (g_str_has_prefix (rushes_job_get_take_path (job), f->library_dir));
  g_assert_true (g_file_test (rushes_job_get_take_path (job), G_FILE_TEST_IS_REGULAR));
  /* the take and its sidecar, nothing else (no staging file left) */
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 2);

  sidecar = rushes_take_sidecar_path_for (rushes_job_get_take_path (job));
  take = rushes_take_new_from_sidecar (sidecar, &error);
  g_assert_no_error (error);
  g_assert_true (rushes_recipe_equal (rushes_take_get_recipe (take), rushes_job_get_recipe (job)));
  g_assert_cmpint (rushes_recipe_get_seed (rushes_take_get_recipe (take)), ==, 77);
  g_assert_cmpstr (rushes_take_get_job_id (take), ==, rushes_job_get_id (job));
  g_assert_cmpstr (rushes_take_get_path (take), ==, rushes_job_get_take_path (job));

  /* the journal recorded the end */
  journal_path = g_strdup_printf ("%s/%s.json", rushes_journal_get_dir (f->journal), rushes_job_get_id (job));
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (journal_path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "\"succeeded\""));
  }
  g_assert_cmpuint (rushes_job_queue_get_n_active (f->queue), ==, 0);
  rushes_job_queue_remove_finished (f->queue);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_false (g_file_test (journal_path, G_FILE_TEST_EXISTS));
}

static void
test_journal_before_acting (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  /* the fake reads the journal when called: the attempt is recorded before
   * submit, the remote id before the first poll */
  fake->journal_dir = g_strdup (rushes_journal_get_dir (f->journal));
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->journal_checks_bad), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->journal_checks_ok), ==, 1 + g_atomic_int_get (&fake->n_poll));
}

static void
test_random_seed_recorded (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  g_assert_cmpint (rushes_recipe_get_seed (recipe), ==, RUSHES_RECIPE_SEED_RANDOM);
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  g_assert_cmpint (rushes_recipe_get_seed (rushes_job_get_recipe (job)), >=, 0);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  {
    g_autofree char *base = g_path_get_basename (rushes_job_get_take_path (job));
    g_autofree char *seed = g_strdup_printf ("_%" G_GINT64_FORMAT "_",
                                             rushes_recipe_get_seed (rushes_job_get_recipe (job)));

    g_assert_null (strstr (base, "random"));
    g_assert_nonnull (strstr (base, seed));
  }
}

typedef struct
{
  FakeStep        hang_at;
  RushesJobState  state;
  gboolean        remote;
  int             expect_backend_cancels;
} CancelCase;

static void
test_cancel_in_state (Fixture       *f,
                      gconstpointer  data)
{
  const CancelCase *c = data;
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", c->remote);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->hang_at = c->hang_at;
  fake->leave_partial = TRUE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  g_assert_nonnull (job);
  test_wait_until (hanging_cond, fake, 10000);
  wait_state (job, c->state);
  if (c->hang_at == FAKE_STEP_FETCH)
    g_assert_cmpuint (test_count_files (f->library_dir), ==, 1);   /* the partial file */

  rushes_job_cancel (job);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
  g_assert_null (rushes_job_get_error (job));
  g_assert_cmpint (g_atomic_int_get (&fake->n_cancel), ==, c->expect_backend_cancels);
  /* a cancelled download is not kept for resuming */
  g_assert_cmpint (g_atomic_int_get (&fake->n_discard), ==, c->hang_at == FAKE_STEP_FETCH ? 1 : 0);
  /* nothing half-written in the library */
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 0);
  /* cancelling again does nothing */
  rushes_job_cancel (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
}

static const CancelCase cancel_submitting = { FAKE_STEP_SUBMIT, RUSHES_JOB_SUBMITTING, FALSE, 0 };
static const CancelCase cancel_running = { FAKE_STEP_POLL, RUSHES_JOB_RUNNING, FALSE, 1 };
static const CancelCase cancel_running_remote = { FAKE_STEP_POLL, RUSHES_JOB_RUNNING, TRUE, 1 };
static const CancelCase cancel_downloading = { FAKE_STEP_FETCH, RUSHES_JOB_DOWNLOADING, TRUE, 0 };

static void
test_cancel_submitting_remote_created (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  /* the remote job exists although submit never returned: it is found and
   * cancelled there too, so nothing keeps running (or costing) */
  fake->hang_at = FAKE_STEP_SUBMIT;
  fake->create_then_hang = TRUE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  test_wait_until (hanging_cond, fake, 10000);
  rushes_job_cancel (job);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_lookup), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_cancel), ==, 1);
}

typedef struct
{
  RushesJob  *job;
  const char *needle;
} WaitingWait;

static gboolean
job_waiting_cond (gpointer data)
{
  WaitingWait *w = data;
  const char *reason = rushes_job_get_waiting_reason (w->job);

  return reason != NULL && strstr (reason, w->needle) != NULL;
}

/* The job waits, saying why (also as its status), and the journal keeps it
 * with the reason. */
static void
wait_waiting (Fixture    *f,
              RushesJob  *job,
              const char *needle)
{
  WaitingWait w = { job, needle };
  g_autofree char *name = g_strconcat (rushes_job_get_id (job), ".json", NULL);
  g_autofree char *path = g_build_filename (rushes_journal_get_dir (f->journal), name, NULL);
  g_autofree char *contents = NULL;

  test_wait_until (job_waiting_cond, &w, 10000);
  g_assert_false (rushes_job_is_finished (job));
  g_assert_cmpstr (rushes_job_get_status (job), ==, rushes_job_get_waiting_reason (job));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"waiting\" : \""));
  g_assert_nonnull (strstr (contents, needle));
}

static void
test_poll_unavailable_waits (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autofree char *since = NULL;
  RushesJob *job;

  /* a server answering "unavailable" for minutes (the wait limit, here
   * 100 ms): the paid job waits for it, never given up */
  rushes_job_queue_set_timeouts (f->queue, 0, 100);
  fake->fail_at = FAKE_STEP_POLL;
  fake->fail_code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_waiting (f, job, "is unavailable, retrying");
  wait_waiting (f, job, "fake not answering since ");
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_RUNNING);
  g_assert_cmpint (g_atomic_int_get (&fake->n_poll), >=, 3);

  /* back again: the job goes on where it was */
  fake->fail_at = FAKE_STEP_NONE;
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_null (rushes_job_get_waiting_reason (job));
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);
}

static void
test_poll_silent (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  /* a server that takes the request and never answers: each poll is cut
   * off after the request timeout, and the job says since when */
  rushes_job_queue_set_timeouts (f->queue, 50, 200);
  fake->hang_at = FAKE_STEP_POLL;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_waiting (f, job, "did not answer within 1 s");
  wait_waiting (f, job, "fake not answering since ");
  g_assert_cmpint (g_atomic_int_get (&fake->n_poll), >=, 2);

  fake->hang_at = FAKE_STEP_NONE;
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
}

/* A create answered with an error (a 500) or not at all may still have
 * made the paid job: it is looked up, not sent again. */
static void
test_submit_error_looked_up (Fixture       *f,
                             gconstpointer  data)
{
  gboolean silent = GPOINTER_TO_INT (data);
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autofree char *expected = NULL;
  RushesJob *job;

  rushes_job_queue_set_timeouts (f->queue, 50, 1000);
  fake->create_then_hang = TRUE;
  if (silent)
    fake->hang_at = FAKE_STEP_SUBMIT;
  else
    {
      fake->fail_at = FAKE_STEP_SUBMIT;
      fake->fail_code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
    }
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_lookup), ==, 1);
  expected = g_strdup_printf ("r-%s", rushes_job_get_id (job));
  g_assert_cmpstr (rushes_job_get_remote_id (job), ==, expected);
}

/* The paid take cannot be written (disk full): the job waits with the
 * reason, keeps its entry and its partial download, and finishes once
 * there is room, without a second create. */
static void
test_download_disk_full_waits (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->fail_at = FAKE_STEP_FETCH;
  fake->fail_domain = G_IO_ERROR;
  fake->fail_code = G_IO_ERROR_NO_SPACE;
  fake->leave_partial = TRUE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_waiting (f, job, "Waiting to save the take: Could not save the take in");
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_DOWNLOADING);
  g_assert_cmpint (g_atomic_int_get (&fake->n_discard), ==, 0);

  fake->fail_at = FAKE_STEP_NONE;
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_true (g_file_test (rushes_job_get_take_path (job), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), >=, 2);
}

/* A folder the take cannot be written into (permission): waits too. */
static void
test_download_unwritable_waits (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autofree char *blocker = g_build_filename (g_get_home_dir (), "blocked", NULL);
  g_autofree char *library = g_build_filename (blocker, "Rushes", NULL);
  RushesJob *job;

  /* the folder is there at submit, then a file takes its place */
  rushes_job_queue_set_timeouts (f->queue, 50, 1000);
  rushes_job_queue_set_library_dir (f->queue, library);
  fake->hang_at = FAKE_STEP_POLL;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  test_wait_until (hanging_cond, fake, 10000);
  test_remove_tree (blocker);
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  fake->hang_at = FAKE_STEP_NONE;
  wait_waiting (f, job, "Not a directory");

  g_assert_cmpint (g_unlink (blocker), ==, 0);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
}

static void
test_cancel_queued (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *first, *second;

  fake->hang_at = FAKE_STEP_POLL;
  first = rushes_job_queue_submit (f->queue, recipe, NULL);
  second = rushes_job_queue_submit (f->queue, recipe, NULL);
  test_wait_until (hanging_cond, fake, 10000);
  /* concurrency 1: the second waits */
  g_assert_cmpint (rushes_job_get_state (second), ==, RUSHES_JOB_QUEUED);
  g_assert_cmpuint (rushes_job_queue_get_n_active (f->queue), ==, 2);

  rushes_job_cancel (second);
  g_assert_cmpint (rushes_job_get_state (second), ==, RUSHES_JOB_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);

  rushes_job_cancel (first);
  wait_finished (first);
  g_assert_cmpint (rushes_job_get_state (first), ==, RUSHES_JOB_CANCELLED);
  g_assert_cmpuint (rushes_job_queue_get_n_active (f->queue), ==, 0);
}

static void
test_cancel_finished (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job = rushes_job_queue_submit (f->queue, recipe, NULL);

  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  rushes_job_cancel (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_true (g_file_test (rushes_job_get_take_path (job), G_FILE_TEST_EXISTS));
}

typedef struct
{
  FakeStep    fail_at;
  GQuark    (*domain) (void);
  int         code;
  const char *needle;
} FailCase;

static const FailCase fail_submit = { FAKE_STEP_SUBMIT, rushes_backend_error_quark, RUSHES_BACKEND_ERROR_AUTH, "scripted failure" };
static const FailCase fail_poll = { FAKE_STEP_POLL, rushes_backend_error_quark, RUSHES_BACKEND_ERROR_PROTOCOL, "scripted failure" };
static const FailCase fail_remote = { FAKE_STEP_REMOTE_FAILED, rushes_backend_error_quark, RUSHES_BACKEND_ERROR_FAILED, "out of GPU memory" };
static const FailCase fail_fetch = { FAKE_STEP_FETCH, rushes_backend_error_quark, RUSHES_BACKEND_ERROR_PROTOCOL, "scripted failure" };

static void
test_fail_at (Fixture       *f,
              gconstpointer  data)
{
  const FailCase *c = data;
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->fail_at = c->fail_at;
  fake->fail_domain = c->domain ();
  fake->fail_code = c->code;
  fake->leave_partial = TRUE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  /* a download that failed for good leaves no partial file behind */
  g_assert_cmpint (g_atomic_int_get (&fake->n_discard), ==, c->fail_at == FAKE_STEP_FETCH ? 1 : 0);
  g_assert_nonnull (rushes_job_get_error (job));
  g_assert_nonnull (strstr (rushes_job_get_error_message (job), c->needle));
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
}

static void
test_remote_cancelled (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->fail_at = FAKE_STEP_REMOTE_CANCELLED;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
}

static void
test_library_unwritable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autofree char *blocker = g_build_filename (g_get_home_dir (), "not-a-folder", NULL);
  g_autofree char *library = g_build_filename (blocker, "Rushes", NULL);
  RushesJob *job;

  /* a file where a folder should be: no user, root included, can write there */
  g_assert_cmpint (g_mkdir_with_parents (g_get_home_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (blocker, "x", -1, NULL));
  rushes_job_queue_set_library_dir (f->queue, library);
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_true (g_error_matches (rushes_job_get_error (job), RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY));
  g_assert_nonnull (strstr (rushes_job_get_error_message (job), "Rushes"));
  g_assert_nonnull (strstr (rushes_job_get_error_message (job), "Not a directory"));
  /* found out before anything was sent */
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->fail_at = FAKE_STEP_FETCH;
  fake->fail_domain = G_IO_ERROR;
  fake->fail_code = G_IO_ERROR_NO_SPACE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_true (g_error_matches (rushes_job_get_error (job), RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY));
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 0);
}

static void
test_sidecar_unwritable (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(RushesJob) job = rushes_job_new (recipe);
  g_autofree char *dir = g_build_filename (g_get_home_dir (), "out", NULL);
  g_autofree char *output = g_build_filename (dir, "shot.webm", NULL);
  g_autofree char *sidecar = g_build_filename (dir, "shot.rushes.json", NULL);

  /* the video lands, its recipe cannot: no take without its recipe */
  g_assert_cmpint (g_mkdir_with_parents (sidecar, 0700), ==, 0);
  rushes_job_set_output_path (job, output);
  g_assert_true (rushes_job_queue_add (f->queue, job, NULL));
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_true (g_error_matches (rushes_job_get_error (job), RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LIBRARY));
  g_assert_nonnull (strstr (rushes_job_get_error_message (job), "recipe"));
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  /* only the obstacle is left */
  g_assert_cmpuint (test_count_files (dir), ==, 1);
}

static void
test_bad_recipe (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(GError) error = NULL;

  rushes_recipe_set_fps (recipe, 0);
  g_assert_null (rushes_job_queue_submit (f->queue, recipe, &error));
  g_assert_error (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD);
  g_assert_nonnull (strstr (error->message, "fps"));
  g_clear_error (&error);

  /* valid in general, beyond this backend (max 10 s) */
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_seconds (recipe, 30);
  g_assert_null (rushes_job_queue_submit (f->queue, recipe, &error));
  g_assert_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "seconds"));
  g_clear_error (&error);

  rushes_recipe_set_seconds (recipe, 2);
  rushes_recipe_set_backend (recipe, "nowhere");
  g_assert_null (rushes_job_queue_submit (f->queue, recipe, &error));
  g_assert_error (error, RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_NO_BACKEND);
  g_assert_nonnull (strstr (error->message, "nowhere"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
}

static void
test_unavailable_failover (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(FakeBackend) down = add_fake (f, "down", "comfy", TRUE);
  g_autoptr(FakeBackend) up = add_fake (f, "up", "comfy", TRUE);
  g_autoptr(FakeBackend) other_kind = add_fake (f, "other", "replicate", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("down");
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *status = NULL;

  down->fail_at = FAKE_STEP_SUBMIT;
  down->fail_code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  up->n_polls = 0;

  jobs = rushes_job_queue_submit_variations (f->queue, recipe, 3, NULL);
  g_assert_nonnull (jobs);
  for (guint i = 0; i < jobs->len; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs, i);

      wait_finished (job);
      g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
      g_assert_cmpstr (rushes_job_get_backend_id (job), ==, "up");
      /* the take records where it was made */
      g_assert_cmpstr (rushes_recipe_get_backend (rushes_job_get_recipe (job)), ==, "up");
    }
  /* "down" was tried once, then left alone */
  g_assert_cmpint (g_atomic_int_get (&down->n_submit), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&up->n_submit), ==, 3);
  g_assert_cmpint (g_atomic_int_get (&other_kind->n_submit), ==, 0);
}

static void
status_cb (RushesJob  *job,
           GParamSpec *pspec,
           GPtrArray  *seen)
{
  if (rushes_job_get_status (job))
    g_ptr_array_add (seen, g_strdup (rushes_job_get_status (job)));
}

static void
test_unavailable_status (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeBackend) down = add_fake (f, "down", "comfy", TRUE);
  g_autoptr(FakeBackend) up = add_fake (f, "up", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("down");
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RushesJob) job = rushes_job_new (recipe);
  gboolean said_so = FALSE;

  down->fail_at = FAKE_STEP_SUBMIT;
  down->fail_code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  up->hang_at = FAKE_STEP_POLL;
  g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), seen);
  g_assert_true (rushes_job_queue_add (f->queue, job, NULL));
  test_wait_until (hanging_cond, up, 10000);
  wait_state (job, RUSHES_JOB_RUNNING);
  for (guint i = 0; i < seen->len; i++)
    if (strstr (g_ptr_array_index (seen, i), "down is unavailable") != NULL)
      said_so = TRUE;
  g_assert_true (said_so);
  rushes_job_cancel (job);
  wait_finished (job);
}

static void
test_unavailable_only_backend (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(FakeBackend) down = add_fake (f, "down", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("down");
  RushesJob *first, *second;

  down->fail_at = FAKE_STEP_SUBMIT;
  down->fail_code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
  first = rushes_job_queue_submit (f->queue, recipe, NULL);
  second = rushes_job_queue_submit (f->queue, recipe, NULL);
  wait_finished (first);
  wait_finished (second);
  g_assert_cmpint (rushes_job_get_state (first), ==, RUSHES_JOB_FAILED);
  g_assert_true (g_error_matches (rushes_job_get_error (first), RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE));
  g_assert_nonnull (strstr (rushes_job_get_error_message (first), "down is unavailable"));
  g_assert_cmpint (rushes_job_get_state (second), ==, RUSHES_JOB_FAILED);
  /* the second was not sent to a backend known to be down */
  g_assert_cmpint (g_atomic_int_get (&down->n_submit), ==, 1);
}

typedef struct
{
  FakeBackend *a;
  FakeBackend *b;
} Pair;

static gboolean
both_hanging_cond (gpointer data)
{
  Pair *p = data;

  return g_atomic_int_get (&p->a->hanging) == 1 && g_atomic_int_get (&p->b->hanging) == 1;
}

static void
test_spread (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(FakeBackend) a = add_fake (f, "a", "comfy", TRUE);
  g_autoptr(FakeBackend) b = add_fake (f, "b", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("a");
  g_autoptr(GPtrArray) jobs = NULL;
  Pair pair = { a, b };

  a->hang_at = FAKE_STEP_POLL;
  b->hang_at = FAKE_STEP_POLL;
  jobs = rushes_job_queue_submit_variations (f->queue, recipe, 3, NULL);
  g_assert_cmpuint (jobs->len, ==, 3);
  test_wait_until (both_hanging_cond, &pair, 10000);
  /* one each (concurrency 1), the third waits */
  g_assert_cmpstr (rushes_job_get_backend_id (g_ptr_array_index (jobs, 0)), ==, "a");
  g_assert_cmpstr (rushes_job_get_backend_id (g_ptr_array_index (jobs, 1)), ==, "b");
  g_assert_cmpint (rushes_job_get_state (g_ptr_array_index (jobs, 2)), ==, RUSHES_JOB_QUEUED);
  /* seeds of variations differ */
  g_assert_cmpint (rushes_recipe_get_seed (rushes_job_get_recipe (g_ptr_array_index (jobs, 0))), !=,
                   rushes_recipe_get_seed (rushes_job_get_recipe (g_ptr_array_index (jobs, 1))));

  rushes_job_queue_cancel_all (f->queue);
  for (guint i = 0; i < jobs->len; i++)
    {
      wait_finished (g_ptr_array_index (jobs, i));
      g_assert_cmpint (rushes_job_get_state (g_ptr_array_index (jobs, i)), ==, RUSHES_JOB_CANCELLED);
    }
  g_assert_cmpint (g_atomic_int_get (&a->n_submit) + g_atomic_int_get (&b->n_submit), ==, 2);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_progress_coalesced (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(RushesJob) job = rushes_job_new (recipe);
  guint notifications = 0;
  gint64 start, elapsed_ms;

  fake->n_polls = 40;
  fake->progress_bursts = 500;  /* 20 000 progress callbacks */
  g_signal_connect (job, "notify::progress", G_CALLBACK (count_cb), &notifications);
  start = g_get_monotonic_time ();
  g_assert_true (rushes_job_queue_add (f->queue, job, NULL));
  wait_finished (job);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_test_message ("%u progress notifications in %" G_GINT64_FORMAT " ms", notifications, elapsed_ms);
  g_assert_cmpuint (notifications, >=, 1);
  /* at most ~10 a second (+ the final state flush and the first one) */
  g_assert_cmpuint (notifications, <=, elapsed_ms / 100 + 3);
}

/* The main thread never waits for a worker's lock, and workers attach no
 * source per update (issue 17). */

typedef struct
{
  RushesJob *job;
  guint      hold_ms;
  int        phase;  /* atomic: 0 starting, 1 holding the lock, 2 let go */
} HoldData;

static gpointer
hold_lock_thread (gpointer data)
{
  HoldData *h = data;

  /* an update, then the job's lock held for long, as by a worker at idle
   * priority preempted under it */
  _rushes_job_set_status (h->job, "held");
  g_mutex_lock (&h->job->lock);
  g_atomic_int_set (&h->phase, 1);
  g_usleep (h->hold_ms * G_TIME_SPAN_MILLISECOND);
  g_atomic_int_set (&h->phase, 2);
  g_mutex_unlock (&h->job->lock);
  return NULL;
}

static gboolean
tick_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_flush_while_locked (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(RushesJob) job = rushes_job_new (recipe);
  HoldData h = { job, 400, 0 };
  guint ticks = 0, held_from = 0, held_ticks = 0;
  gint64 deadline, last, max_gap = 0;
  GThread *thread;
  guint tick;

  /* just flushed: the update is due ~100 ms later, while the lock is held */
  _rushes_job_flush (job);
  tick = g_timeout_add (5, tick_cb, &ticks);
  thread = g_thread_new ("hold", hold_lock_thread, &h);
  last = g_get_monotonic_time ();
  deadline = last + 10 * G_USEC_PER_SEC;
  while (g_strcmp0 (rushes_job_get_status (job), "held") != 0)
    {
      gint64 now;

      g_assert_cmpint (last, <, deadline);
      g_main_context_iteration (NULL, TRUE);
      /* how long this iteration took, waiting included */
      now = g_get_monotonic_time ();
      max_gap = MAX (max_gap, now - last);
      last = now;
      if (g_atomic_int_get (&h.phase) != 1)
        continue;
      if (held_from == 0)
        held_from = ticks + 1;
      held_ticks = ticks + 1 - held_from;
    }
  /* delivered once the lock was free, not before */
  g_assert_cmpint (g_atomic_int_get (&h.phase), ==, 2);
  g_thread_join (thread);
  g_source_remove (tick);
  g_test_message ("longest main-loop iteration %" G_GINT64_FORMAT " ms, %u ticks while the lock was held",
                  max_gap / 1000, held_ticks);
  /* the loop kept going: waiting for the lock would stop it ~300 ms */
  g_assert_cmpint (max_gap, <, 150 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (held_ticks, >=, 40);
}

typedef struct
{
  RushesJob *job;
  guint      n;
  guint      first_id;
  guint      last_id;
  int        done;  /* atomic */
} UpdateData;

static gboolean
nothing_cb (gpointer data)
{
  return G_SOURCE_REMOVE;
}

static gpointer
updates_thread (gpointer data)
{
  UpdateData *u = data;

  /* source ids of a context are handed out in order: the difference is
   * how many sources were attached in between, by anyone */
  u->first_id = g_idle_add (nothing_cb, NULL);
  for (guint i = 0; i < u->n; i++)
    {
      g_autofree char *status = g_strdup_printf ("update %u", i);

      _rushes_job_set_status (u->job, status);
      if (i % 10 == 9)
        g_usleep (G_TIME_SPAN_MILLISECOND);
    }
  u->last_id = g_idle_add (nothing_cb, NULL);
  g_atomic_int_set (&u->done, TRUE);
  return NULL;
}

static void
test_updates_attach_no_source (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(RushesJob) job = rushes_job_new (recipe);
  UpdateData u = { job, 3000, 0, 0, 0 };
  g_autofree char *last = g_strdup_printf ("update %u", u.n - 1);
  guint notifications = 0;
  gint64 start, elapsed_ms, deadline;
  GThread *thread;

  g_signal_connect (job, "notify::status", G_CALLBACK (count_cb), &notifications);
  start = g_get_monotonic_time ();
  deadline = start + 20 * G_USEC_PER_SEC;
  thread = g_thread_new ("updates", updates_thread, &u);
  while (!g_atomic_int_get (&u.done) || g_strcmp0 (rushes_job_get_status (job), last) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_thread_join (thread);
  test_drain ();
  g_test_message ("%u updates in %" G_GINT64_FORMAT " ms: %u sources attached, %u notifications",
                  u.n, elapsed_ms, u.last_id - u.first_id - 1, notifications);
  g_assert_cmpuint (u.last_id - u.first_id, ==, 1);
  /* still shown, coalesced: at most ~10 a second (+ the first and last) */
  g_assert_cmpuint (notifications, >=, 2);
  g_assert_cmpuint (notifications, <=, elapsed_ms / 100 + 3);
}

/* download slots */

#define N_SLOT_JOBS 20

typedef struct
{
  FakeBackend *fake;
  RushesJob  **jobs;
  guint        n_jobs;
  int          hanging;
  guint        waiting;
} SlotWait;

static guint
count_slot_waiting (RushesJob **jobs,
                    guint       n_jobs)
{
  guint n = 0;

  for (guint i = 0; i < n_jobs; i++)
    if (g_strcmp0 (rushes_job_get_waiting_reason (jobs[i]), "Waiting for a download slot") == 0)
      n++;
  return n;
}

static gboolean
slots_cond (gpointer data)
{
  SlotWait *w = data;

  return g_atomic_int_get (&w->fake->hanging) == w->hanging
         && count_slot_waiting (w->jobs, w->n_jobs) == w->waiting;
}

/* 20 takes ready at once: at most the cap download, the others wait in the
 * downloading state, journalled, their row saying why; a slot freed (a
 * cancel) goes to a waiting job, and a waiting job can be cancelled. */
static void
test_download_slots (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("comfy");
  RushesJob *jobs[N_SLOT_JOBS];
  SlotWait w = { fake, jobs, N_SLOT_JOBS, 2, N_SLOT_JOBS - 2 };
  RushesJob *downloading = NULL, *waiting = NULL;

  _rushes_job_set_max_downloads (2);
  g_assert_cmpuint (_rushes_job_get_max_downloads (), ==, 2);
  fake->max_concurrent = N_SLOT_JOBS;
  fake->hang_at = FAKE_STEP_FETCH;
  for (guint i = 0; i < N_SLOT_JOBS; i++)
    {
      jobs[i] = rushes_job_queue_submit (f->queue, recipe, NULL);
      g_assert_nonnull (jobs[i]);
    }
  test_wait_until (slots_cond, &w, 10000);
  /* and it stays so: no third download starts */
  g_usleep (200 * G_TIME_SPAN_MILLISECOND);
  test_drain ();
  g_assert_cmpint (g_atomic_int_get (&fake->hanging), ==, 2);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 2);
  for (guint i = 0; i < N_SLOT_JOBS; i++)
    {
      g_assert_cmpint (rushes_job_get_state (jobs[i]), ==, RUSHES_JOB_DOWNLOADING);
      if (rushes_job_get_waiting_reason (jobs[i]) == NULL)
        downloading = jobs[i];
      else if (waiting == NULL)
        waiting = jobs[i];
    }
  g_assert_nonnull (downloading);
  g_assert_nonnull (waiting);
  /* journalled with its reason, shown as its status */
  wait_waiting (f, waiting, "Waiting for a download slot");

  /* a waiting job is cancelled without ever downloading */
  rushes_job_cancel (waiting);
  wait_finished (waiting);
  g_assert_cmpint (rushes_job_get_state (waiting), ==, RUSHES_JOB_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 2);

  /* a slot freed goes to one waiting job */
  rushes_job_cancel (downloading);
  wait_finished (downloading);
  w.waiting = N_SLOT_JOBS - 2 - 2;
  test_wait_until (slots_cond, &w, 10000);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 3);

  for (guint i = 0; i < N_SLOT_JOBS; i++)
    rushes_job_cancel (jobs[i]);
  for (guint i = 0; i < N_SLOT_JOBS; i++)
    wait_finished (jobs[i]);
  _rushes_job_set_max_downloads (0);
}

/* journal and resume */

static void
write_entry (Fixture    *f,
             const char *id,
             const char *state,
             const char *backend,
             const char *remote_id,
             guint       attempts,
             const char *take_path)
{
  g_autoptr(RushesRecipe) recipe = make_recipe (backend);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  rushes_recipe_set_seed (recipe, 5);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, state);
  json_builder_set_member_name (builder, "backend");
  json_builder_add_string_value (builder, backend);
  json_builder_set_member_name (builder, "remote_id");
  if (remote_id)
    json_builder_add_string_value (builder, remote_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, attempts);
  json_builder_set_member_name (builder, "library_dir");
  json_builder_add_string_value (builder, f->library_dir);
  if (take_path != NULL)
    {
      json_builder_set_member_name (builder, "take_path");
      json_builder_add_string_value (builder, take_path);
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "clip.webm");
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "created");
  json_builder_add_string_value (builder, "2026-11-20T10:00:00Z");
  json_builder_set_member_name (builder, "recipe");
  json_builder_add_value (builder, rushes_recipe_to_json_node (recipe));
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  g_assert_true (rushes_journal_write (f->journal, id, root, &error));
  g_assert_no_error (error);
}

#define JOB_ID "6f1b7a62-8d2c-4c4e-9a3e-2b1f0c9d8e7a"

static gboolean
not_hanging_cond (gpointer data)
{
  return g_atomic_int_get (&((FakeBackend *) data)->hanging) == 0;
}

/* Quitting is not giving up: the partial download stays for the next start. */
static void
test_shutdown_keeps_partial (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  g_autoptr(GDir) dir = NULL;
  RushesJob *job;

  fake->hang_at = FAKE_STEP_FETCH;
  fake->leave_partial = TRUE;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  g_assert_nonnull (job);
  test_wait_until (hanging_cond, fake, 10000);
  wait_state (job, RUSHES_JOB_DOWNLOADING);

  rushes_job_queue_shutdown (f->queue);
  test_wait_until (not_hanging_cond, fake, 10000);
  test_drain ();
  g_assert_cmpint (g_atomic_int_get (&fake->n_discard), ==, 0);
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 1);
  dir = g_dir_open (f->library_dir, 0, NULL);
  {
    const char *name = g_dir_read_name (dir);

    g_assert_true (g_str_has_prefix (name, "."));
    g_assert_true (g_str_has_suffix (name, ".part"));
  }
  /* the job is not over: the journal still holds it as downloading */
  g_assert_false (rushes_job_get_state (job) == RUSHES_JOB_CANCELLED);
}

static void
test_resume_remote_running (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  RushesJob *job;

  fake_backend_add_remote (fake, "r-old", JOB_ID);
  write_entry (f, JOB_ID, "running", "comfy", "r-old", 1, NULL);

  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 1);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  g_assert_nonnull (job);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpstr (rushes_job_get_remote_id (job), ==, "r-old");
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);
  g_assert_true (strstr (rushes_job_get_take_path (job), "2026-11-20_comfy-default_5_6f1b7a62.webm") != NULL);

  /* a second start finds nothing left to do */
  rushes_job_queue_remove_finished (f->queue);
  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);
}

static void
test_resume_downloading_done (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("comfy");
  g_autofree char *take = g_build_filename (f->library_dir, "2026-11-20_comfy-default_5_6f1b7a62.webm", NULL);
  g_autoptr(JsonObject) info = json_object_new ();
  RushesJob *job;

  /* cut off after the take and its sidecar were in place, before the
   * journal said "succeeded": resume must not download it again */
  rushes_recipe_set_seed (recipe, 5);
  g_assert_cmpint (g_mkdir_with_parents (f->library_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (take, "video", -1, NULL));
  json_object_set_string_member (info, "job_id", JOB_ID);
  g_assert_true (rushes_take_write_sidecar (take, recipe, info, NULL));
  fake_backend_add_remote (fake, "r-old", JOB_ID);
  write_entry (f, JOB_ID, "downloading", "comfy", "r-old", 1, take);

  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 1);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 2);
}

static void
test_resume_downloading_fetches (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  g_autofree char *take = g_build_filename (f->library_dir, "2026-11-20_comfy-default_5_6f1b7a62.webm", NULL);
  RushesJob *job;

  /* cut off while downloading: download (once) without polling again */
  fake_backend_add_remote (fake, "r-old", JOB_ID);
  write_entry (f, JOB_ID, "downloading", "comfy", "r-old", 1, take);
  rushes_job_queue_resume (f->queue, NULL, NULL);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_poll), ==, 0);
  g_assert_true (g_file_test (take, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 2);
}

/* A resumed download waiting for its busy backend is cancelled: the partial
 * file it would have resumed from goes too. */
static void
test_cancel_waiting_download (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("comfy");
  g_autofree char *take = g_build_filename (f->library_dir, "take.webm", NULL);
  g_autofree char *staging = g_build_filename (f->library_dir, ".take.rushes-part.webm", NULL);
  g_autofree char *partial = fake_backend_partial_path (staging);
  RushesJob *busy, *job;

  fake->max_concurrent = 1;
  fake->hang_at = FAKE_STEP_POLL;
  busy = rushes_job_queue_submit (f->queue, recipe, NULL);
  g_assert_nonnull (busy);
  test_wait_until (hanging_cond, fake, 10000);

  g_assert_cmpint (g_mkdir_with_parents (f->library_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (partial, "the first bytes", -1, NULL));
  fake_backend_add_remote (fake, "r-old", JOB_ID);
  write_entry (f, JOB_ID, "downloading", "comfy", "r-old", 1, take);
  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 1);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  g_assert_nonnull (job);

  rushes_job_cancel (job);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_CANCELLED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_fetch), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&fake->n_discard), ==, 1);
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));

  rushes_job_cancel (busy);
  wait_finished (busy);
}

static void
test_resume_submitting_found (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  RushesJob *job;

  /* cut off inside submit, but the server had made it */
  fake_backend_add_remote (fake, "r-made", JOB_ID);
  write_entry (f, JOB_ID, "submitting", "comfy", NULL, 1, NULL);
  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 1);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_lookup), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
  g_assert_cmpstr (rushes_job_get_remote_id (job), ==, "r-made");
}

static void
test_resume_submitting_not_found (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  RushesJob *job;

  write_entry (f, JOB_ID, "submitting", "comfy", NULL, 1, NULL);
  rushes_job_queue_resume (f->queue, NULL, NULL);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_lookup), ==, 1);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
}

static void
test_resume_submitting_no_lookup (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  RushesJob *job;

  fake->has_lookup = FALSE;
  write_entry (f, JOB_ID, "submitting", "comfy", NULL, 1, NULL);
  rushes_job_queue_resume (f->queue, NULL, NULL);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  /* never sent twice: failed, with the reason */
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_true (g_error_matches (rushes_job_get_error (job), RUSHES_JOB_ERROR, RUSHES_JOB_ERROR_LOST));
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 0);
}

static void
test_resume_local_restarts (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "sketchy", "sketch", FALSE);
  RushesJob *job;

  write_entry (f, JOB_ID, "running", "sketchy", "r-gone", 1, NULL);
  rushes_job_queue_resume (f->queue, NULL, NULL);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  g_assert_cmpint (g_atomic_int_get (&fake->n_submit), ==, 1);
  g_assert_cmpuint (test_count_files (f->library_dir), ==, 2);
}

static void
test_resume_backend_gone (Fixture       *f,
                          gconstpointer  data)
{
  RushesJob *job;

  write_entry (f, JOB_ID, "running", "vanished", "r-1", 1, NULL);
  rushes_job_queue_resume (f->queue, NULL, NULL);
  job = rushes_job_queue_lookup (f->queue, JOB_ID);
  g_assert_nonnull (job);
  wait_finished (job);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_FAILED);
  g_assert_nonnull (strstr (rushes_job_get_error_message (job), "vanished"));
}

static void
test_journal_corrupt (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "comfy", "comfy", TRUE);
  g_autofree char *bad = g_build_filename (rushes_journal_get_dir (f->journal), "0000-bad.json", NULL);
  g_autofree char *moved = g_build_filename (rushes_journal_get_dir (f->journal), "corrupt", "0000-bad.json", NULL);
  g_autofree char *bad_recipe = g_build_filename (rushes_journal_get_dir (f->journal), JOB_ID ".json", NULL);
  g_autofree char *moved_recipe = g_build_filename (rushes_journal_get_dir (f->journal), "corrupt", JOB_ID ".json", NULL);

  g_assert_cmpint (g_mkdir_with_parents (rushes_journal_get_dir (f->journal), 0700), ==, 0);
  g_assert_true (g_file_set_contents (bad, "{\"id\": \"0000-bad\", \"state\": ", -1, NULL));
  g_assert_true (g_file_set_contents (bad_recipe,
                                      "{\"id\":\"" JOB_ID "\",\"state\":\"running\",\"recipe\":{\"version\":1,\"fps\":0}}",
                                      -1, NULL));

  g_test_expect_message ("rushes-journal", G_LOG_LEVEL_WARNING, "*0000-bad.json*");
  g_test_expect_message ("rushes-journal", G_LOG_LEVEL_WARNING, "*" JOB_ID "*");
  g_assert_cmpuint (rushes_job_queue_resume (f->queue, NULL, NULL), ==, 0);
  g_test_assert_expected_messages ();

  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (bad_recipe, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (moved_recipe, G_FILE_TEST_EXISTS));
}

static void
test_journal_atomic_entries (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(FakeBackend) fake = add_fake (f, "fake", "fake", FALSE);
  g_autoptr(RushesRecipe) recipe = make_recipe ("fake");
  RushesJob *job;

  fake->hang_at = FAKE_STEP_POLL;
  job = rushes_job_queue_submit (f->queue, recipe, NULL);
  test_wait_until (hanging_cond, fake, 10000);
  /* while running: exactly the entry (and its lock), no temp files */
  {
    g_autoptr(GDir) dir = g_dir_open (rushes_journal_get_dir (f->journal), 0, NULL);
    g_autofree char *json = g_strdup_printf ("%s.json", rushes_job_get_id (job));
    g_autofree char *lock = g_strdup_printf ("%s.lock", rushes_job_get_id (job));
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_assert_true (g_str_equal (name, json) || g_str_equal (name, lock));
        n++;
      }
    g_assert_cmpuint (n, ==, 2);
  }
  /* another process (here: another journal) cannot take it over */
  {
    g_autoptr(RushesJournal) other = rushes_journal_new (NULL);
    /* same process: flock locks are per open file, so this does conflict */
    g_assert_false (rushes_journal_claim (other, rushes_job_get_id (job)));
  }
  rushes_job_cancel (job);
  wait_finished (job);
}

/* Queued writes (the main thread's) land in order, and whatever comes after
 * them for the same entry (a worker's write, a removal, a load) waits for
 * them: a removed entry never comes back, the last write wins. */
static JsonNode *
numbered_entry (const char *id,
                int         n)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "n");
  json_builder_add_int_value (builder, n);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gint64
entry_number (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "n");
}

static void
test_journal_queued_writes (Fixture       *f,
                            gconstpointer  data)
{
  const char *id = "0123-queued";
  g_autofree char *path = g_strdup_printf ("%s/%s.json", rushes_journal_get_dir (f->journal), id);

  for (int round = 0; round < 20; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) last = numbered_entry (id, 1000 + round);
      g_autoptr(GPtrArray) loaded = NULL;

      /* queued, then removed: gone */
      for (int n = 0; n < 5; n++)
        {
          g_autoptr(JsonNode) entry = numbered_entry (id, n);
          rushes_journal_write_queued (f->journal, id, entry);
        }
      g_assert_true (rushes_journal_remove (f->journal, id, &error));
      g_assert_no_error (error);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      /* and stays gone once the writer is idle (a load waits for it) */
      loaded = rushes_journal_load (f->journal);
      g_assert_cmpuint (loaded->len, ==, 0);
      g_clear_pointer (&loaded, g_ptr_array_unref);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

      /* queued, then written: the last write wins */
      for (int n = 0; n < 5; n++)
        {
          g_autoptr(JsonNode) entry = numbered_entry (id, n);
          rushes_journal_write_queued (f->journal, id, entry);
        }
      g_assert_true (rushes_journal_write (f->journal, id, last, &error));
      g_assert_cmpint (entry_number (path), ==, 1000 + round);

      /* queued, then loaded: the load sees the newest */
      for (int n = 0; n < 5; n++)
        {
          g_autoptr(JsonNode) entry = numbered_entry (id, 100 * round + n);
          rushes_journal_write_queued (f->journal, id, entry);
        }
      loaded = rushes_journal_load (f->journal);
      g_assert_cmpuint (loaded->len, ==, 1);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (g_ptr_array_index (loaded, 0)), "n"),
                       ==, 100 * round + 4);
      g_assert_true (rushes_journal_remove (f->journal, id, NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func, data) \
  g_test_add ("/job-queue/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("succeeds", test_succeeds, NULL);
  ADD ("random-seed-recorded", test_random_seed_recorded, NULL);
  ADD ("journal-before-acting", test_journal_before_acting, NULL);
  ADD ("cancel-queued", test_cancel_queued, NULL);
  ADD ("cancel-submitting", test_cancel_in_state, &cancel_submitting);
  ADD ("cancel-submitting-remote-created", test_cancel_submitting_remote_created, NULL);
  ADD ("cancel-running", test_cancel_in_state, &cancel_running);
  ADD ("cancel-running-remote", test_cancel_in_state, &cancel_running_remote);
  ADD ("cancel-downloading", test_cancel_in_state, &cancel_downloading);
  ADD ("cancel-finished", test_cancel_finished, NULL);
  ADD ("shutdown-keeps-partial", test_shutdown_keeps_partial, NULL);
  ADD ("fail-submit", test_fail_at, &fail_submit);
  ADD ("fail-poll", test_fail_at, &fail_poll);
  ADD ("fail-remote", test_fail_at, &fail_remote);
  ADD ("fail-fetch", test_fail_at, &fail_fetch);
  ADD ("download-disk-full-waits", test_download_disk_full_waits, NULL);
  ADD ("download-unwritable-waits", test_download_unwritable_waits, NULL);
  ADD ("remote-cancelled", test_remote_cancelled, NULL);
  ADD ("poll-unavailable-waits", test_poll_unavailable_waits, NULL);
  ADD ("poll-silent", test_poll_silent, NULL);
  ADD ("submit-500-looked-up", test_submit_error_looked_up, GINT_TO_POINTER (FALSE));
  ADD ("submit-silent-looked-up", test_submit_error_looked_up, GINT_TO_POINTER (TRUE));
  ADD ("library-unwritable", test_library_unwritable, NULL);
  ADD ("disk-full", test_disk_full, NULL);
  ADD ("sidecar-unwritable", test_sidecar_unwritable, NULL);
  ADD ("bad-recipe", test_bad_recipe, NULL);
  ADD ("unavailable-failover", test_unavailable_failover, NULL);
  ADD ("unavailable-status", test_unavailable_status, NULL);
  ADD ("unavailable-only-backend", test_unavailable_only_backend, NULL);
  ADD ("spread", test_spread, NULL);
  ADD ("progress-coalesced", test_progress_coalesced, NULL);
  ADD ("flush-while-locked", test_flush_while_locked, NULL);
  ADD ("updates-attach-no-source", test_updates_attach_no_source, NULL);
  ADD ("download-slots", test_download_slots, NULL);
  ADD ("resume-remote-running", test_resume_remote_running, NULL);
  ADD ("resume-downloading-done", test_resume_downloading_done, NULL);
  ADD ("resume-downloading-fetches", test_resume_downloading_fetches, NULL);
  ADD ("resume-submitting-found", test_resume_submitting_found, NULL);
  ADD ("cancel-waiting-download", test_cancel_waiting_download, NULL);
  ADD ("resume-submitting-not-found", test_resume_submitting_not_found, NULL);
  ADD ("resume-submitting-no-lookup", test_resume_submitting_no_lookup, NULL);
  ADD ("resume-local-restarts", test_resume_local_restarts, NULL);
  ADD ("resume-backend-gone", test_resume_backend_gone, NULL);
  ADD ("journal-corrupt", test_journal_corrupt, NULL);
  ADD ("journal-atomic-entries", test_journal_atomic_entries, NULL);
  ADD ("journal-queued-writes", test_journal_queued_writes, NULL);

  return g_test_run ();
}
