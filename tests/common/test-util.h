/* test-util.h: main-loop waits and temporary folders shared by every suite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place for "iterate the main context until …": conditions set by
 * worker threads do not wake the main context, so test_wait_until ticks it
 * while it waits, and fails the test when the time is up.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*TestCondFunc) (gpointer data);

/* Dispatches whatever is pending, without blocking. */
void      test_drain          (void);
/* Iterates the main context until cond (data) holds; fails the test after
 * timeout_ms. */
void      test_wait_until     (TestCondFunc  cond,
                               gpointer      data,
                               guint         timeout_ms);
/* Iterates the main context until *flag is TRUE, with no time limit of its
 * own (the meson timeout ends a test that never gets there). */
void      test_wait_flag      (const gboolean *flag);
/* Keeps the main context running for ms milliseconds. */
void      test_spin           (guint         ms);

/* Conditions for test_wait_until. */
gboolean  test_cond_flag      (gpointer      flag);       /* gboolean *: is TRUE */
gboolean  test_cond_cleared   (gpointer      pointer);    /* gpointer *: is NULL */

/* A new folder from g_dir_make_tmp (tmpl); fails the test if it cannot. */
char     *test_make_tmp_dir   (const char   *tmpl);
/* Removes path and, for a folder, everything below it (symbolic links are
 * removed, not followed). A missing path is fine. */
void      test_remove_tree    (const char   *path);
/* The number of entries in dir (0 if it cannot be read). */
guint     test_count_files    (const char   *dir);
/* A library of n takes in dir (made if missing): take-00000.EXT … hard
 * links of media, each with its own sidecar (a recipe whose prompt
 * differs, "created" one minute apart, take-00000 oldest); the prompt of
 * take unique_index alone holds unique_word (NULL: none). */
void      test_make_library   (const char   *dir,
                               const char   *media,
                               guint         n,
                               guint         unique_index,
                               const char   *unique_word);

G_END_DECLS
