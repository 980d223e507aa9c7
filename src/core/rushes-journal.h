/* rushes-journal.h: one JSON file per job, written before acting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thread-safe. Entries live in $XDG_DATA_HOME/rushes/jobs/ID.json and are
 * replaced atomically (temp file, fsync, rename). A process that works on a
 * job holds a lock on it (flock on ID.lock, released by the kernel when the
 * process dies), so two processes never run the same job.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rushes-types.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_JOURNAL (rushes_journal_get_type ())
G_DECLARE_FINAL_TYPE (RushesJournal, rushes_journal, RUSHES, JOURNAL, GObject)

/* dir NULL: $XDG_DATA_HOME/rushes/jobs */
RushesJournal *rushes_journal_new       (const char     *dir);
const char    *rushes_journal_get_dir   (RushesJournal  *self);
gboolean       rushes_journal_write     (RushesJournal  *self,
                                         const char     *id,
                                         JsonNode       *entry,
                                         GError        **error);
void           rushes_journal_write_queued (RushesJournal *self,
                                            const char    *id,
                                            JsonNode      *entry);
gboolean       rushes_journal_remove    (RushesJournal  *self,
                                         const char     *id,
                                         GError        **error);
/* Every readable entry (JSON objects with an "id"), oldest first. An entry
 * that is not valid JSON is moved to dir/corrupt/ with a warning. */
GPtrArray     *rushes_journal_load      (RushesJournal  *self);
/* Moves an entry aside (dir/corrupt/) with a warning naming the reason. */
void           rushes_journal_set_aside (RushesJournal  *self,
                                         const char     *id,
                                         const char     *reason);
/* TRUE if this process now holds (or already held) the job's lock. */
gboolean       rushes_journal_claim     (RushesJournal  *self,
                                         const char     *id);
void           rushes_journal_release   (RushesJournal  *self,
                                         const char     *id);

G_END_DECLS
