/* rushes-library-private.h: what rushes-library.c and rushes-library-scan.c
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-library.h"

G_BEGIN_DECLS

struct _RushesLibrary
{
  GObject    parent_instance;

  GThread   *owner_thread;
  char      *dir;
  GPtrArray *takes;       /* RushesTake, newest first */
  GHashTable *by_path;    /* media path → RushesTake in takes (borrowed) */
  GHashTable *hidden;     /* media path → RushesTake: deletes waiting for Undo */
  guint      generation;  /* bumped by set_dir: late scans are dropped */
  guint      scan_serial; /* bumped by each reload: an older scan's batches are dropped */
  gboolean   scanning;
  RushesLibraryScanSummary summary;
};

void _rushes_library_replace_all       (RushesLibrary *self,
                                        GPtrArray     *takes);
void _rushes_library_set_scanning      (RushesLibrary *self,
                                        gboolean       scanning);
int  _rushes_library_compare_newest    (gconstpointer  a,
                                        gconstpointer  b);

G_END_DECLS
