/* rushes-library.h: the takes in the library folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A GListModel of RushesTake, newest first, made from
 * the sidecars (NAME.rushes.json) found in the folder (default: the user's
 * Videos folder / Rushes). Scanning runs on a worker thread.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-job-queue.h"
#include "rushes-take.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_LIBRARY (rushes_library_get_type ())
G_DECLARE_FINAL_TYPE (RushesLibrary, rushes_library, RUSHES, LIBRARY, GObject)

/* the user's Videos folder (~/Videos without one) / Rushes */
char          *rushes_library_get_default_dir (void);

/* dir NULL: the default folder. Does not scan: call reload. */
RushesLibrary *rushes_library_new           (const char           *dir);
const char    *rushes_library_get_dir       (RushesLibrary        *self);
/* Changes the folder; the list empties until the next reload. */
void           rushes_library_set_dir       (RushesLibrary        *self,
                                             const char           *dir);
void           rushes_library_reload_async  (RushesLibrary        *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       rushes_library_reload_finish (RushesLibrary        *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Blocking variant for the command line and tests. */
gboolean       rushes_library_reload        (RushesLibrary        *self,
                                             GCancellable         *cancellable,
                                             GError              **error);
/* Adds (or refreshes) the take at media_path from its sidecar. */
RushesTake    *rushes_library_add_file      (RushesLibrary        *self,
                                             const char           *media_path,
                                             GError              **error);
RushesTake    *rushes_library_lookup        (RushesLibrary        *self,
                                             const char           *media_path);
/* Moves the media file and its sidecar to the trash, and drops the take. */
gboolean       rushes_library_trash_take    (RushesLibrary        *self,
                                             RushesTake           *take,
                                             GError              **error);
/* Adds every take a job of queue finishes into this library's folder. */
void           rushes_library_follow_queue  (RushesLibrary        *self,
                                             RushesJobQueue       *queue);

G_END_DECLS
