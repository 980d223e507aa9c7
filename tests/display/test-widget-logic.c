/* test-widget-logic.c: the widgets' plain logic, without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "rushes-params-panel.h"
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
  /* model asked for, but no models offered: hidden; fields without a row: dropped */
  g_assert_cmpuint (rushes_params_visible_fields (caps), ==,
                    RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_SEED);

  caps->models = g_strdupv ((char **) models);
  g_assert_cmpuint (rushes_params_visible_fields (caps), ==,
                    RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_SEED | RUSHES_FIELD_MODEL);

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

  g_assert_cmpstr (hd, ==, "1280 × 720 (16:9)");
  g_assert_cmpstr (near, ==, "848 × 480 (16:9)");
  g_assert_cmpstr (square, ==, "512 × 512 (1:1)");
  g_assert_cmpstr (odd, ==, "1000 × 613");
}

static void
test_cost (void)
{
  g_autoptr(RushesCapabilities) caps = rushes_capabilities_new ();
  g_autofree char *text = NULL;

  /* unknown price */
  g_assert_cmpfloat (rushes_params_estimate_cost (caps, 5, 2), <, 0);
  g_assert_null (rushes_params_format_cost (-1, "USD", 1));

  caps->cost_per_second = 0.05;
  g_assert_cmpfloat_with_epsilon (rushes_params_estimate_cost (caps, 4, 3), 0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (rushes_params_estimate_cost (caps, 4, 0), 0.2, 1e-9);

  text = rushes_params_format_cost (0.6, "USD", 3);
  g_assert_cmpstr (text, ==, "≈ 0.60 USD for 3 takes");
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

  return g_test_run ();
}
