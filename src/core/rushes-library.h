/* rushes-library.h: the takes in the library folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A GListModel of RushesTake, newest first, made from
 * the sidecars (NAME.rushes.json) found in the folder (default: the user's
 * Videos folder / Rushes). Scanning runs on a worker thread, and the takes
 * join the list in batches as they are found (a few items-changed for a
 * folder of thousands, the first within the first takes read), while
 * "scanning" is TRUE. What could not be read is counted, not logged one
 * by one: rushes_library_get_scan_summary().
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-job-queue.h"
#include "rushes-take.h"
#include "rushes-take-query.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_LIBRARY (rushes_library_get_type ())
G_DECLARE_FINAL_TYPE (RushesLibrary, rushes_library, RUSHES, LIBRARY, GObject)

/* What the last finished scan found */
typedef struct
{
  guint n_takes;            /* takes read */
  guint n_unreadable;       /* sidecars that could not be read, or whose media file is missing */
  guint n_without_sidecar;  /* other files with no sidecar: not takes */
} RushesLibraryScanSummary;

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
/* TRUE from reload_async until its last batch is in the list */
gboolean       rushes_library_get_scanning  (RushesLibrary        *self);
void           rushes_library_get_scan_summary (RushesLibrary     *self,
                                             RushesLibraryScanSummary *summary);
/* One sentence on what the last scan left out (translated), or NULL when
 * it left out nothing. */
char          *rushes_library_describe_skipped (RushesLibrary     *self);
/* Adds (or refreshes) the take at media_path from its sidecar. */
RushesTake    *rushes_library_add_file      (RushesLibrary        *self,
                                             const char           *media_path,
                                             GError              **error);
RushesTake    *rushes_library_lookup        (RushesLibrary        *self,
                                             const char           *media_path);
/* The takes that match query, in its order (a new array of new refs). */
GPtrArray     *rushes_library_query         (RushesLibrary        *self,
                                             const RushesTakeQuery *query);
/* Moves the media file and its sidecar to the trash, and drops the take
 * (hidden or not). */
gboolean       rushes_library_trash_take    (RushesLibrary        *self,
                                             RushesTake           *take,
                                             GError              **error);
/* A delete waiting for its Undo: the take leaves the list, and rescans
 * leave it out, but its files stay where they are until trash_take.
 * restore_take puts it back in its place (FALSE if it was not hidden). */
void           rushes_library_hide_take     (RushesLibrary        *self,
                                             RushesTake           *take);
gboolean       rushes_library_restore_take  (RushesLibrary        *self,
                                             RushesTake           *take);
gboolean       rushes_library_is_hidden     (RushesLibrary        *self,
                                             const char           *media_path);

/* Importing a media file made elsewhere. The recipe says so: backend
 * "import", the file name as its prompt, and the length, size and rate
 * as near as a recipe can hold them (the exact ones go in the sidecar's
 * "take" object: "duration" in seconds, "width", "height"). */
#define RUSHES_IMPORT_BACKEND "import"
RushesRecipe  *rushes_library_import_recipe (const char           *source_path,
                                             double                seconds,
                                             guint                 width,
                                             guint                 height,
                                             guint                 fps);
/* Thread-safe and blocking (for a worker): copies source_path into dir
 * under its own name (NAME-2.ext, NAME-3.ext… when that is taken), then
 * writes the sidecar from recipe and info (may be NULL; "imported_from"
 * and "created" are added). A file already in dir is not copied. Nothing
 * is left behind on failure. Returns the path of the take's media file;
 * add it with rushes_library_add_file. */
char          *rushes_library_import_file   (const char           *dir,
                                             const char           *source_path,
                                             RushesRecipe         *recipe,
                                             JsonObject           *info,
                                             GCancellable         *cancellable,
                                             GError              **error);
/* Adds every take a job of queue finishes into this library's folder. */
void           rushes_library_follow_queue  (RushesLibrary        *self,
                                             RushesJobQueue       *queue);

G_END_DECLS
