/* rushes-core-private.c: helpers shared inside src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-core"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"

static gboolean
write_file_atomic (const char             *path,
                   const char             *data,
                   gssize                  length,
                   int                     mode,
                   GFileSetContentsFlags   flags,
                   GError                **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* GLib writes a temp file beside it, then renames: a reader sees the old
   * or the new contents, never a mix. */
  return g_file_set_contents_full (path, data, length, flags, mode, error);
}

gboolean
_rushes_write_file_atomic (const char  *path,
                           const char  *data,
                           gssize       length,
                           int          mode,
                           GError     **error)
{
  /* DURABLE: a new file is fsynced too (CONSISTENT alone does that only
   * when replacing one), so a first project save or a new journal entry
   * survives a power cut. */
  return write_file_atomic (path, data, length, mode,
                            G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, error);
}

gboolean
_rushes_write_cache_file (const char  *path,
                          const char  *data,
                          gssize       length,
                          int          mode,
                          GError     **error)
{
  /* a cache entry lost to a power cut is made again: no fsync for a new
   * file (thumbnails are written by the hundred while a library scrolls) */
  return write_file_atomic (path, data, length, mode, G_FILE_SET_CONTENTS_CONSISTENT, error);
}

char *
_rushes_json_to_string (JsonNode *node,
                        gboolean  pretty)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}

JsonNode *
_rushes_json_from_file (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return NULL;
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, _("%s is empty"), path);
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
}

char *
_rushes_default_library_dir (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  if (videos != NULL)
    return g_build_filename (videos, "Rushes", NULL);
  return g_build_filename (g_get_home_dir (), "Videos", "Rushes", NULL);
}
