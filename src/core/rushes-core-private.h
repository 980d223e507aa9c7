/* rushes-core-private.h: helpers shared inside src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Main-thread-only objects remember the thread that made them and assert
 * every public call comes from it. */
#define RUSHES_ASSERT_OWNER(self) \
  g_assert ((self)->owner_thread == g_thread_self ())

/* The one way Rushes writes a whole file: temp file beside it + fsync +
 * rename, creating the folder if needed (mode 0700). Blocks on the disk:
 * not for the main thread in a hot path. */
gboolean  _rushes_write_file_atomic (const char  *path,
                                     const char  *data,
                                     gssize       length,
                                     int          mode,
                                     GError     **error);
/* The same for a cache file (thumbnails): atomic, but a new file is not
 * fsynced. */
gboolean  _rushes_write_cache_file  (const char  *path,
                                     const char  *data,
                                     gssize       length,
                                     int          mode,
                                     GError     **error);
char     *_rushes_json_to_string    (JsonNode    *node,
                                     gboolean     pretty);
JsonNode *_rushes_json_from_file    (const char  *path,
                                     GError     **error);

/* the user's Videos folder (~/Videos without one) / Rushes */
char     *_rushes_default_library_dir (void);

G_END_DECLS
