/* test-sweep-row.c: the parameter panel's Sweep row validates, counts and
 * prices; Generate with a sweep makes a job per value (asked first when it
 * is large), and the queue shows which sweep each job belongs to (run under
 * xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rushes-application.h"
#include "rushes-job-row.h"
#include "rushes-params-panel.h"
#include "rushes-prompt-editor.h"
#include "rushes-sweep-row.h"
#include "rushes-window.h"
#include "test-caps-backend.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (60 * 1000)

/* ---- the row on its own ------------------------------------------------ */

static GtkWidget *
values_entry (RushesSweepRow *row)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), RUSHES_TYPE_SWEEP_ROW, "values_row"));
}

static void
test_row_counts_and_prices (void)
{
  RushesParamsPanel *panel = g_object_ref_sink (rushes_params_panel_new ());
  RushesSweepRow *row = rushes_params_panel_get_sweep_row (panel);
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesCapabilities) local_caps = rushes_capabilities_new ();
  g_autoptr(RushesCapabilities) hosted_caps = rushes_capabilities_new ();
  g_autoptr(RushesBackend) local = NULL;
  g_autoptr(RushesBackend) hosted = NULL;
  g_autoptr(GListStore) backends = g_list_store_new (RUSHES_TYPE_BACKEND);
  const char *models[] = { "wan-2.1", "ltx-video", NULL };

  g_assert_true (RUSHES_IS_SWEEP_ROW (row));
  local_caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SEED;
  local_caps->max_variations = 4;
  hosted_caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_GUIDANCE | RUSHES_FIELD_MODEL;
  hosted_caps->models = g_strdupv ((char **) models);
  hosted_caps->min_seconds = 1;
  hosted_caps->max_seconds = 5;
  hosted_caps->max_guidance = 20;
  hosted_caps->max_variations = 2;
  hosted_caps->cost_per_second = 0.1;
  hosted_caps->cost_currency = g_strdup ("USD");
  local = test_caps_backend_new ("local", FALSE, local_caps);
  hosted = test_caps_backend_new ("hosted", TRUE, hosted_caps);
  g_list_store_append (backends, local);
  g_list_store_append (backends, hosted);

  rushes_recipe_set_prompt (recipe, "a kite");
  rushes_recipe_set_backend (recipe, "local");
  rushes_recipe_set_seconds (recipe, 3);
  rushes_params_panel_set_recipe (panel, recipe);
  rushes_params_panel_set_backends (panel, G_LIST_MODEL (backends));

  /* off, and no braces in the prompt: nothing swept */
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 0);
  g_assert_null (rushes_sweep_row_get_error (row));

  /* the seed comes first, once the backend offers it */
  g_assert_cmpstr (rushes_sweep_row_get_field (row), ==, "seed");
  /* the local backend offers the seed (and the prompt), not guidance */
  g_assert_false (rushes_sweep_row_set_field (row, "guidance"));
  g_assert_false (rushes_sweep_row_set_field (row, "model"));
  g_assert_true (rushes_sweep_row_set_field (row, "seed"));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), TRUE);
  rushes_sweep_row_set_values (row, "1,2,3");
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 3);
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, "3 takes · free");
  rushes_sweep_row_set_values (row, "4..14:2");
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 6);
  /* a seed sweep is not multiplied by the variations (the seeds would repeat) */
  rushes_params_panel_set_variations (panel, 3);
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 6);

  /* validated as typed: the entry says what is wrong */
  rushes_sweep_row_set_values (row, "1,x");
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 0);
  g_assert_nonnull (strstr (rushes_sweep_row_get_error (row), "“x” is not a valid seed"));
  g_assert_true (gtk_widget_has_css_class (values_entry (row), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (values_entry (row)), ==, rushes_sweep_row_get_error (row));
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, rushes_sweep_row_get_error (row));
  /* typed text is shown as it is, never read as markup */
  rushes_sweep_row_set_values (row, "1&2<b>");
  g_assert_nonnull (strstr (rushes_sweep_row_get_summary (row), "1&2<b>"));
  test_drain ();
  rushes_sweep_row_set_values (row, "9..3");
  g_assert_nonnull (rushes_sweep_row_get_error (row));
  rushes_sweep_row_set_values (row, "7");
  g_assert_null (rushes_sweep_row_get_error (row));
  g_assert_false (gtk_widget_has_css_class (values_entry (row), "error"));
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, "1 take · free");

  /* the hosted backend: its fields, and a price for the takes */
  rushes_recipe_set_backend (recipe, "hosted");
  rushes_params_panel_set_variations (panel, 2);
  g_assert_false (rushes_sweep_row_set_field (row, "seed"));
  /* the first field it offers stands in for the seed, which comes back
   * with a backend that offers it */
  g_assert_cmpstr (rushes_sweep_row_get_field (row), ==, "guidance");
  rushes_recipe_set_backend (recipe, "local");
  g_assert_cmpstr (rushes_sweep_row_get_field (row), ==, "seed");
  rushes_recipe_set_backend (recipe, "hosted");
  g_assert_true (rushes_sweep_row_set_field (row, "guidance"));
  rushes_sweep_row_set_values (row, "2,4,6");
  /* 3 values × 2 variations × 3 s × 0.1 USD */
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 6);
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, "6 takes · ≈ $1.80");
  g_assert_true (rushes_sweep_row_set_field (row, "model"));
  rushes_sweep_row_set_values (row, "wan-2.1, ltx-video");
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, "4 takes · ≈ $1.20");

  /* the prompt's {a|b|c}: counted, and said under the prompt */
  g_assert_true (rushes_sweep_row_set_field (row, "prompt"));
  g_assert_nonnull (rushes_sweep_row_get_error (row));   /* no braces yet */
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 0);
  rushes_recipe_set_prompt (recipe, "a {red & gold|blue|<green>} kite");
  g_assert_cmpstr (rushes_sweep_row_get_prompt_text (row), ==, "3 prompts");
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 6);
  /* switched off, the braces are still a sweep (as on the command line) */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
  g_assert_cmpstr (rushes_sweep_row_get_prompt_text (row), ==, "3 prompts");
  /* and braces with another field are refused */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), TRUE);
  g_assert_true (rushes_sweep_row_set_field (row, "guidance"));
  rushes_sweep_row_set_values (row, "2,4");
  g_assert_nonnull (strstr (rushes_sweep_row_get_error (row), "not both"));
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 0);

  g_object_unref (panel);
  test_drain ();
}

static void
test_format_cost (void)
{
  g_autofree char *free_text = rushes_sweep_format_cost (0, "USD");
  g_autofree char *usd = rushes_sweep_format_cost (1.2, "USD");
  g_autofree char *eur = rushes_sweep_format_cost (3, "EUR");
  g_autofree char *unknown = rushes_sweep_format_cost (-1, "USD");

  g_assert_cmpstr (free_text, ==, "free");
  g_assert_cmpstr (usd, ==, "≈ $1.20");
  g_assert_cmpstr (eur, ==, "≈ 3.00 EUR");
  g_assert_cmpstr (unknown, ==, "cost unknown");
}

static void
test_describe_sweep (void)
{
  g_autoptr(JsonObject) seed = json_object_new ();
  g_autoptr(JsonObject) guidance = json_object_new ();
  g_autofree char *seed_text = NULL;
  g_autofree char *guidance_text = NULL;

  json_object_set_string_member (seed, "field", "seed");
  json_object_set_int_member (seed, "value", 42);
  json_object_set_int_member (seed, "index", 3);
  json_object_set_int_member (seed, "count", 6);
  seed_text = rushes_job_describe_sweep (seed);
  g_assert_cmpstr (seed_text, ==, "sweep 3/6 · seed=42");
  json_object_set_string_member (guidance, "field", "guidance");
  json_object_set_double_member (guidance, "value", 7.5);
  guidance_text = rushes_job_describe_sweep (guidance);
  g_assert_cmpstr (guidance_text, ==, "sweep · guidance=7.5");
  g_assert_null (rushes_job_describe_sweep (NULL));
}

/* ---- Generate in the window ------------------------------------------- */

static GtkWidget *
child (RushesWindow *window,
       const char   *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (window), RUSHES_TYPE_WINDOW, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static gboolean
has_dialog (gpointer heading)
{
  return test_find_message_dialog (heading) != NULL;
}

static gboolean
queue_has_want_jobs (gpointer data)
{
  return g_list_model_get_n_items (data) >= GPOINTER_TO_UINT (g_object_get_data (data, "want-jobs"));
}

static gboolean
queue_idle (gpointer data)
{
  return rushes_job_queue_is_idle (data);
}

static void
type_prompt (RushesWindow *window,
             const char   *prompt)
{
  RushesRecipe *recipe = rushes_window_get_recipe (window);
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (child (window, "prompt_editor"),
                                                                    RUSHES_TYPE_PROMPT_EDITOR, "prompt_view"));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, prompt, -1, TRUE);
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, prompt);
}

/* Generate, and the n new jobs it makes (after those already queued). */
static GPtrArray *
generate_jobs (RushesWindow *window,
               guint         n)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (test_app);
  guint before = g_list_model_get_n_items (G_LIST_MODEL (queue));
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  g_object_set_data (G_OBJECT (queue), "want-jobs", GUINT_TO_POINTER (before + n));
  test_wait_until (queue_has_want_jobs, queue, 30 * 1000);
  test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, before + n);
  for (guint i = before; i < before + n; i++)
    g_ptr_array_add (jobs, g_list_model_get_item (G_LIST_MODEL (queue), i));
  return jobs;
}

static RushesJobRow *
find_job_row (GtkWidget *widget,
              RushesJob *job)
{
  if (RUSHES_IS_JOB_ROW (widget) && rushes_job_row_get_job (RUSHES_JOB_ROW (widget)) == job)
    return RUSHES_JOB_ROW (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      RushesJobRow *row = find_job_row (c, job);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
test_generate_sweeps (void)
{
  RushesWindow *window;
  RushesRecipe *recipe;
  RushesParamsPanel *panel;
  RushesSweepRow *row;
  RushesJobQueue *queue = rushes_application_get_job_queue (test_app);
  g_autoptr(GPtrArray) jobs = NULL;
  guint before;

  window = test_open_window (NULL, TEST_OPEN_DEFAULT, WAIT_MS);
  recipe = rushes_window_get_recipe (window);
  panel = RUSHES_PARAMS_PANEL (child (window, "params_panel"));
  row = rushes_params_panel_get_sweep_row (panel);

  type_prompt (window, "a red kite over green hills");
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_recipe_set_seconds (recipe, 1);
  rushes_recipe_set_width (recipe, 160);
  rushes_recipe_set_height (recipe, 120);
  rushes_recipe_set_fps (recipe, 8);
  rushes_params_panel_set_variations (panel, 1);

  /* a seed sweep of three: three jobs, the seeds, one sweep */
  g_assert_true (rushes_sweep_row_set_field (row, "seed"));
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), TRUE);
  rushes_sweep_row_set_values (row, "11,12,13");
  g_assert_cmpstr (rushes_sweep_row_get_summary (row), ==, "3 takes · free");
  jobs = generate_jobs (window, 3);
  for (guint i = 0; i < 3; i++)
    {
      RushesJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(JsonObject) sweep = rushes_job_dup_sweep (job);
      g_autofree char *label = g_strdup_printf ("sweep %u/3 · seed=%u", i + 1, 11 + i);
      RushesJobRow *job_row = find_job_row (child (window, "job_list"), job);
      GtkLabel *sweep_label;

      g_assert_cmpint (rushes_recipe_get_seed (rushes_job_get_recipe (job)), ==, 11 + i);
      g_assert_cmpstr (rushes_recipe_get_prompt (rushes_job_get_recipe (job)), ==, "a red kite over green hills");
      g_assert_nonnull (sweep);
      g_assert_cmpstr (json_object_get_string_member (sweep, "field"), ==, "seed");
      g_assert_cmpint (json_object_get_int_member (sweep, "value"), ==, 11 + i);
      g_assert_true (g_uuid_string_is_valid (rushes_job_get_sweep_id (job)));
      g_assert_cmpstr (rushes_job_get_sweep_id (job), ==,
                       rushes_job_get_sweep_id (g_ptr_array_index (jobs, 0)));
      /* the queue says which sweep, and which value */
      g_assert_nonnull (job_row);
      sweep_label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (job_row), RUSHES_TYPE_JOB_ROW, "sweep_label"));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sweep_label)));
      g_assert_cmpstr (gtk_label_get_label (sweep_label), ==, label);
    }
  /* the panel's seed stays what it was */
  g_assert_cmpint (rushes_recipe_get_seed (recipe), !=, 11);
  g_clear_pointer (&jobs, g_ptr_array_unref);

  /* twenty takes: asked first; Cancel (the default) makes nothing */
  before = g_list_model_get_n_items (G_LIST_MODEL (queue));
  rushes_sweep_row_set_values (row, "1..20");
  g_assert_cmpuint (rushes_sweep_row_get_n_takes (row), ==, 20);
  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  test_wait_until (has_dialog, (gpointer) "Generate 20 takes?", WAIT_MS);
  {
    GtkWidget *dialog = test_find_message_dialog ("Generate 20 takes?");
    GtkWidget *cancel = test_find_button (dialog, "_Cancel");

    g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==, "cancel");
    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "free"));
    g_assert_nonnull (cancel);
    g_signal_emit_by_name (cancel, "clicked");
    test_drain ();
    g_assert_null (test_find_message_dialog ("Generate 20 takes?"));
  }
  test_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, before);

  /* asked again, and answered Generate: twenty jobs, one sweep; then the
   * whole sweep cancelled from the queue */
  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  test_wait_until (has_dialog, (gpointer) "Generate 20 takes?", WAIT_MS);
  g_signal_emit_by_name (test_find_button (test_find_message_dialog ("Generate 20 takes?"), "_Generate"), "clicked");
  test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, before + 20);
  {
    g_autoptr(RushesJob) last = g_list_model_get_item (G_LIST_MODEL (queue), before + 19);
    g_autoptr(RushesJob) first = g_list_model_get_item (G_LIST_MODEL (queue), before);

    g_assert_cmpint (rushes_recipe_get_seed (rushes_job_get_recipe (last)), ==, 20);
    g_assert_cmpstr (rushes_job_get_sweep_id (last), ==, rushes_job_get_sweep_id (first));
    g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-sweep",
                                    g_variant_new_string (rushes_job_get_sweep_id (last)));
    test_wait_until (queue_idle, queue, WAIT_MS);
    g_assert_cmpint (rushes_job_get_state (last), ==, RUSHES_JOB_CANCELLED);
  }

  /* {a|b} in the prompt: a job per prompt */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (row), FALSE);
  type_prompt (window, "a {red|blue} kite");
  g_assert_cmpstr (rushes_sweep_row_get_prompt_text (row), ==, "2 prompts");
  jobs = generate_jobs (window, 2);
  g_assert_cmpstr (rushes_recipe_get_prompt (rushes_job_get_recipe (g_ptr_array_index (jobs, 0))), ==, "a red kite");
  g_assert_cmpstr (rushes_recipe_get_prompt (rushes_job_get_recipe (g_ptr_array_index (jobs, 1))), ==, "a blue kite");
  g_assert_cmpstr (rushes_job_get_sweep_id (g_ptr_array_index (jobs, 0)), ==,
                   rushes_job_get_sweep_id (g_ptr_array_index (jobs, 1)));
  /* one seed for both: they differ by the prompt alone */
  g_assert_cmpint (rushes_recipe_get_seed (rushes_job_get_recipe (g_ptr_array_index (jobs, 0))), ==,
                   rushes_recipe_get_seed (rushes_job_get_recipe (g_ptr_array_index (jobs, 1))));
  g_clear_pointer (&jobs, g_ptr_array_unref);

  rushes_job_queue_cancel_all (queue);
  test_wait_until (queue_idle, queue, WAIT_MS);
  test_close_window (window, TEST_CLOSE_DEFAULT, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_DEFAULT);

  g_test_add_func ("/sweep-row/counts-and-prices", test_row_counts_and_prices);
  g_test_add_func ("/sweep-row/format-cost", test_format_cost);
  g_test_add_func ("/sweep-row/describe-sweep", test_describe_sweep);
  g_test_add_data_func ("/sweep-row/generate", test_generate_sweeps, test_with_app);
  return g_test_run ();
}
