/* test-common.h: shared bits of the backend tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "fake-server.h"

/* Every credential in the backend tests carries this string; no file
 * written during a test may contain it. */
#define TEST_CANARY "rushes-canary-7f3a9c1e5b"

/* Scans the test's isolated XDG directories, the temporary directory and
 * extra_dir (may be NULL) for the canary. */
static inline void
test_assert_no_canary (const char *extra_dir)
{
  const char *dirs[] = {
    g_get_user_data_dir (), g_get_user_cache_dir (), g_get_user_config_dir (),
    g_get_user_state_dir (), g_get_user_runtime_dir (), g_get_home_dir (),
    extra_dir,
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    if (dirs[i] != NULL)
      fake_assert_no_file_contains (dirs[i], TEST_CANARY);
}
