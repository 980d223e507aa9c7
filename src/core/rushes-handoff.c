/* rushes-handoff.c: choosing the hand-off format, and what both writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-handoff"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-core-private.h"
#include "rushes-handoff-private.h"

gint64
_rushes_handoff_frames (gint64 ns,
                        guint  fps_n,
                        guint  fps_d)
{
  gint64 den = (gint64) MAX (fps_d, 1) * RUSHES_SECOND;

  if (ns <= 0)
    return 0;
  /* ns ≤ hours and fps_n ≤ a few 10⁵: no overflow in 63 bits */
  return (ns * (gint64) fps_n + den / 2) / den;
}

gboolean
_rushes_handoff_check (RushesProject  *project,
                       GError        **error)
{
  guint n_tracks = rushes_project_get_n_tracks (project);
  gboolean any = FALSE;

  for (guint t = 0; t < n_tracks; t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (project, t);

      for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

          any = TRUE;
          if (!rushes_timeline_clip_get_is_title (clip) &&
              (rushes_timeline_clip_get_pending (clip) || rushes_timeline_clip_get_path (clip) == NULL))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("“%s” on track %s has no file yet: wait for its job to finish or remove it"),
                           rushes_timeline_clip_get_name (clip) ? rushes_timeline_clip_get_name (clip) : "",
                           rushes_timeline_track_get_name (track));
              return FALSE;
            }
        }
    }
  if (!any)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The timeline is empty: there is nothing to hand on"));
      return FALSE;
    }
  return TRUE;
}

char *
_rushes_handoff_clip_path (RushesProject      *project,
                           RushesTimelineClip *clip,
                           const char         *base_dir)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  g_autofree char *dir = NULL;

  if (g_path_is_absolute (path))
    return g_canonicalize_filename (path, NULL);
  if (base_dir == NULL && rushes_project_get_path (project))
    dir = g_path_get_dirname (rushes_project_get_path (project));
  return g_canonicalize_filename (path, base_dir ? base_dir : dir);
}

gboolean
rushes_handoff_is_handoff_path (const char *path)
{
  g_autofree char *lower = NULL;

  if (path == NULL)
    return FALSE;
  lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, ".mlt") || g_str_has_suffix (lower, ".otio");
}

gboolean
rushes_handoff_write (RushesProject  *project,
                      const char     *path,
                      GError        **error)
{
  g_autofree char *lower = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".mlt"))
    /* relative clip paths are the project's, not the output's */
    text = rushes_handoff_to_mlt (project, NULL, error);
  else if (g_str_has_suffix (lower, ".otio"))
    text = rushes_handoff_to_otio (project, error);
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s”: a hand-off file ends in .mlt (Kdenlive, Shotcut) or .otio (OpenTimelineIO)"),
                   path);
      return FALSE;
    }
  if (text == NULL)
    return FALSE;
  return _rushes_write_file_atomic (path, text, -1, 0644, error);
}
