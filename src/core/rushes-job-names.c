/* rushes-job-names.c: where a job's take goes while and after it downloads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure string work on paths and result locators, shared by the worker's
 * poll (which picks the take's name) and download (which writes it).
 */
#define G_LOG_DOMAIN "rushes-job"

#include "config.h"

#include <string.h>

#include "rushes-job-private.h"

/* Where the download of take_path is written while incomplete: hidden, in
 * the same folder so the final rename is atomic; the extension stays last
 * because it chooses the container. Always the same name for a take, so a
 * download can resume after a restart. */
char *
_rushes_job_staging_path_for (const char *take_path)
{
  g_autofree char *dir = g_path_get_dirname (take_path);
  g_autofree char *base = g_path_get_basename (take_path);
  const char *ext = _rushes_job_extension_of (base);
  g_autofree char *stem = ext ? g_strndup (base, strlen (base) - strlen (ext) - 1) : g_strdup (base);
  g_autofree char *name = g_strdup_printf (".%s.rushes-part.%s", stem, ext ? ext : "webm");

  return g_build_filename (dir, name, NULL);
}

const char *
_rushes_job_extension_of (const char *path)
{
  const char *base;
  const char *dot;

  if (path == NULL)
    return NULL;
  base = strrchr (path, '/');
  base = base ? base + 1 : path;
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base || dot[1] == '\0')
    return NULL;
  return dot + 1;
}

const char *
_rushes_job_result_extension (const char *result)
{
  static const char * const known[] = { "webm", "mp4", "mkv", "mov", "gif", "webp", NULL };
  g_autofree char *clean = g_strdup (result);
  const char *ext;
  char *q;

  /* URLs: ignore ?query and #fragment, unless the path has no extension
   * and the query names the file (ComfyUI's view?filename=x.mp4&…): only a
   * first guess, the take finisher names the take by its bytes */
  if ((q = strpbrk (clean, "?#")) != NULL)
    {
      const char *filename = *q == '?' ? strstr (q, "filename=") : NULL;

      *q = '\0';
      if (_rushes_job_extension_of (clean) == NULL && filename != NULL)
        {
          char *end;

          memmove (clean, filename + strlen ("filename="), strlen (filename + strlen ("filename=")) + 1);
          if ((end = strpbrk (clean, "&#")) != NULL)
            *end = '\0';
        }
    }
  ext = _rushes_job_extension_of (clean);
  for (guint i = 0; ext != NULL && known[i]; i++)
    if (g_ascii_strcasecmp (ext, known[i]) == 0)
      return known[i];
  return "webm";
}

/* dir/name.ext → dir/name */
char *
_rushes_job_path_without_extension (const char *path)
{
  const char *ext = _rushes_job_extension_of (path);

  return ext ? g_strndup (path, strlen (path) - strlen (ext) - 1) : g_strdup (path);
}
