/* test-widget-logic.c: the widgets' plain logic, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rushes-job-row.h"
#include "rushes-params-panel.h"
#include "rushes-take-cell.h"
#include "rushes-prompt-editor.h"
#include "rushes-window.h"

static void
test_generate_needs_prompt (void)
{
  const char *reason = NULL;

  g_assert_false (rushes_window_can_generate (NULL, TRUE, &reason));
  g_assert_nonnull (reason);
  g_assert_nonnull (strstr (reason, "prompt"));

  reason = NULL;
  g_assert_false (rushes_window_can_generate (" \n\t ", TRUE, &reason));
  g_assert_nonnull (strstr (reason, "prompt"));

  /* non-ASCII blank (no-break space) is still blank */
  g_assert_false (rushes_window_can_generate ("\xc2\xa0", TRUE, &reason));

  g_assert_false (rushes_window_can_generate ("a lighthouse at dusk", FALSE, &reason));
  g_assert_nonnull (strstr (reason, "backend"));

  g_assert_true (rushes_window_can_generate ("a lighthouse at dusk", TRUE, &reason));
  g_assert_null (reason);
}

static void
test_history_positions (void)
{
  /* empty history: nowhere to go */
  g_assert_cmpint (rushes_prompt_history_next_position (-1, 0, 1), ==, -1);
  /* older from the draft is entry 0, then 1, and stops at the oldest */
  g_assert_cmpint (rushes_prompt_history_next_position (-1, 2, 1), ==, 0);
  g_assert_cmpint (rushes_prompt_history_next_position (0, 2, 1), ==, 1);
  g_assert_cmpint (rushes_prompt_history_next_position (1, 2, 1), ==, 1);
  /* newer goes back down to the draft, and no further */
  g_assert_cmpint (rushes_prompt_history_next_position (1, 2, -1), ==, 0);
  g_assert_cmpint (rushes_prompt_history_next_position (0, 2, -1), ==, -1);
  g_assert_cmpint (rushes_prompt_history_next_position (-1, 2, -1), ==, -1);
  /* a position beyond a shrunk history is clamped first */
  g_assert_cmpint (rushes_prompt_history_next_position (7, 3, -1), ==, 1);
}

static void
test_visible_fields (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();
  const char *models[] = { "wan-2.1", "ltx", NULL };

  g_assert_cmpuint (rushes_params_visible_fields (NULL), ==, RUSHES_FIELD_NONE);

  caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_SEED | RUSHES_FIELD_MODEL
                 | RUSHES_FIELD_START_IMAGE;
  /* model asked for, but no models offered: hidden; the start image has its well */
  g_assert_cmpuint (rushes_params_visible_fields (caps), ==,
                    RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_SEED | RUSHES_FIELD_START_IMAGE);

  caps->models = g_strdupv ((char **) models);
  g_assert_cmpuint (rushes_params_visible_fields (caps), ==,
                    RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_SEED | RUSHES_FIELD_MODEL
                    | RUSHES_FIELD_START_IMAGE);

  caps->fields = RUSHES_FIELD_STEPS | RUSHES_FIELD_GUIDANCE | RUSHES_FIELD_NEGATIVE_PROMPT;
  g_assert_cmpuint (rushes_params_visible_fields (caps), ==,
                    RUSHES_FIELD_STEPS | RUSHES_FIELD_GUIDANCE | RUSHES_FIELD_NEGATIVE_PROMPT);
}

static void
test_size_choices (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) small = NULL;
  g_autoptr(GArray) listed = NULL;
  RushesSize allowed[] = { { 832, 480 }, { 480, 832 } };

  all = rushes_params_size_choices (caps);
  g_assert_cmpuint (all->len, >, 4);

  /* caps limit the presets... */
  caps->max_width = 640;
  caps->max_height = 480;
  small = rushes_params_size_choices (caps);
  g_assert_cmpuint (small->len, >, 0);
  g_assert_cmpuint (small->len, <, all->len);
  for (guint i = 0; i < small->len; i++)
    {
      RushesSize *size = &g_array_index (small, RushesSize, i);
      g_assert_cmpuint (size->width, <=, 640);
      g_assert_cmpuint (size->height, <=, 480);
      g_assert_true (rushes_capabilities_allows_size (caps, size->width, size->height));
    }

  /* ...and an explicit list is offered as is */
  g_array_append_vals (caps->sizes, allowed, G_N_ELEMENTS (allowed));
  listed = rushes_params_size_choices (caps);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpuint (g_array_index (listed, RushesSize, 1).width, ==, 480);
  g_assert_cmpuint (g_array_index (listed, RushesSize, 1).height, ==, 832);
}

static void
test_fps_choices (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();
  g_autoptr(GArray) limited = NULL;
  g_autoptr(GArray) listed = NULL;
  guint allowed[] = { 16, 24 };

  caps->max_fps = 24;
  limited = rushes_params_fps_choices (caps);
  g_assert_cmpuint (limited->len, >, 2);
  for (guint i = 0; i < limited->len; i++)
    g_assert_cmpuint (g_array_index (limited, guint, i), <=, 24);
  g_assert_cmpuint (g_array_index (limited, guint, limited->len - 1), ==, 24);

  g_array_append_vals (caps->fps, allowed, 2);
  listed = rushes_params_fps_choices (caps);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpuint (g_array_index (listed, guint, 0), ==, 16);
}

static void
test_size_label (void)
{
  g_autofree char *hd = rushes_params_size_label (1280, 720);
  g_autofree char *near = rushes_params_size_label (848, 480);
  g_autofree char *square = rushes_params_size_label (512, 512);
  g_autofree char *odd = rushes_params_size_label (1000, 613);
  g_autofree char *wan = rushes_params_size_label (832, 480);
  g_autofree char *tall = rushes_params_size_label (480, 848);

  g_assert_cmpstr (hd, ==, "1280 × 720 (16:9)");
  g_assert_cmpstr (near, ==, "848 × 480 (≈16:9)");
  g_assert_cmpstr (wan, ==, "832 × 480 (≈16:9)");
  g_assert_cmpstr (tall, ==, "480 × 848 (≈9:16)");
  g_assert_cmpstr (square, ==, "512 × 512 (1:1)");
  g_assert_cmpstr (odd, ==, "1000 × 613");
}

static void
test_cost (void)
{
  g_autofree char *text = rushes_params_format_cost (0.6, "USD", 3);
  g_autofree char *one = rushes_params_format_cost (0.123, "EUR", 1);
  g_autofree char *no_currency = rushes_params_format_cost (2, NULL, 2);

  g_assert_cmpstr (text, ==, "≈ 0.60 USD for 3 takes");
  g_assert_cmpstr (one, ==, "≈ 0.12 EUR for 1 take");
  g_assert_cmpstr (no_currency, ==, "≈ 2.00 USD for 2 takes");
  /* unknown or free: nothing shown */
  g_assert_null (rushes_params_format_cost (-1, "USD", 1));
  g_assert_null (rushes_params_format_cost (0, "USD", 1));
}

static void
test_job_describe (void)
{
  g_autofree char *queued = rushes_job_describe (RUSHES_JOB_QUEUED, 0, -1, NULL, NULL);
  g_autofree char *running = rushes_job_describe (RUSHES_JOB_RUNNING, 0.42, 5.2, "Rendering frames", NULL);
  g_autofree char *no_eta = rushes_job_describe (RUSHES_JOB_RUNNING, 0.5, -1, NULL, NULL);
  g_autofree char *long_eta = rushes_job_describe (RUSHES_JOB_DOWNLOADING, 0, 150, NULL, NULL);
  g_autofree char *failed = rushes_job_describe (RUSHES_JOB_FAILED, 0.3, -1, NULL, "The server ran out of memory");
  g_autofree char *failed_bare = rushes_job_describe (RUSHES_JOB_FAILED, 0, -1, NULL, NULL);
  g_autofree char *done = rushes_job_describe (RUSHES_JOB_SUCCEEDED, 1, 0, NULL, NULL);

  g_assert_cmpstr (queued, ==, "Waiting for a backend");
  g_assert_cmpstr (running, ==, "Rendering frames · 42% · about 6 s left");
  g_assert_cmpstr (no_eta, ==, "Generating · 50%");
  g_assert_cmpstr (long_eta, ==, "Downloading · about 3 min left");
  g_assert_cmpstr (failed, ==, "Failed: The server ran out of memory");
  g_assert_cmpstr (failed_bare, ==, "Failed");
  g_assert_cmpstr (done, ==, "Done");
  g_assert_null (rushes_format_eta (-1));
}

static void
test_format_duration (void)
{
  g_autofree char *short_take = rushes_format_duration (4.2);
  g_autofree char *minute = rushes_format_duration (62);
  g_autofree char *hour = rushes_format_duration (3723);
  g_autofree char *negative = rushes_format_duration (-3);

  g_assert_cmpstr (short_take, ==, "0:04");
  g_assert_cmpstr (minute, ==, "1:02");
  g_assert_cmpstr (hour, ==, "1:02:03");
  g_assert_cmpstr (negative, ==, "0:00");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/window/generate-needs-prompt", test_generate_needs_prompt);
  g_test_add_func ("/prompt-editor/history-positions", test_history_positions);
  g_test_add_func ("/params-panel/visible-fields", test_visible_fields);
  g_test_add_func ("/params-panel/size-choices", test_size_choices);
  g_test_add_func ("/params-panel/fps-choices", test_fps_choices);
  g_test_add_func ("/params-panel/size-label", test_size_label);
  g_test_add_func ("/params-panel/cost", test_cost);
  g_test_add_func ("/job-row/describe", test_job_describe);
  g_test_add_func ("/take-cell/format-duration", test_format_duration);

  return g_test_run ();
}
