/* rushes-timeline-audio.c: clips from sound files as well as videos
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A video is probed as before (rushes-timeline-probe.c); only a file that
 * is not a video is probed again for sound, so importing videos costs
 * nothing more.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-timeline-audio.h"
#include "rushes-timeline-private.h"

#define SOUND_PROBE_TIMEOUT (10 * GST_SECOND)

/* its own category: the timeline's is set up with GES, and this runs
 * without it */
GST_DEBUG_CATEGORY_STATIC (rushes_timeline_audio_debug);
#undef GST_CAT_DEFAULT
#define GST_CAT_DEFAULT rushes_timeline_audio_debug

static void
ensure_debug_category (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_timeline_audio_debug, "rushes-timeline-audio", 0,
                               "Rushes sound files on the timeline");
      g_once_init_leave (&done, 1);
    }
}

/* Sound, and no moving picture (a still is cover art) */
static gboolean
is_sound_only (GstDiscovererInfo *info)
{
  GList *audios = gst_discoverer_info_get_audio_streams (info);
  GList *videos = gst_discoverer_info_get_video_streams (info);
  gboolean sound = audios != NULL;

  for (GList *l = videos; l != NULL && sound; l = l->next)
    if (!gst_discoverer_video_info_is_image (l->data))
      sound = FALSE;
  gst_discoverer_stream_info_list_free (audios);
  gst_discoverer_stream_info_list_free (videos);
  return sound;
}

static RushesTimelineClip *
new_for_sound (const char  *path,
               GError     **error)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *uri = g_filename_to_uri (abs, NULL, NULL);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  RushesTimelineClip *clip;
  gint64 duration = 0;

  if (uri != NULL)
    discoverer = gst_discoverer_new (SOUND_PROBE_TIMEOUT, &local_error);
  if (discoverer != NULL)
    info = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  if (info != NULL && gst_discoverer_info_get_result (info) == GST_DISCOVERER_OK && is_sound_only (info))
    duration = gst_discoverer_info_get_duration (info);
  if (duration <= 0)
    {
      GST_DEBUG ("%s: no sound either (%s)", path, local_error ? local_error->message : "no audio stream");
      name = g_filename_display_basename (path);
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” is not a video or sound file Rushes can read"), name);
      return NULL;
    }
  GST_DEBUG ("%s: sound of %" GST_TIME_FORMAT, path, GST_TIME_ARGS (duration));
  clip = rushes_timeline_clip_new (abs, duration);
  rushes_timeline_clip_set_has_audio (clip, TRUE);
  return clip;
}

RushesTimelineClip *
rushes_timeline_clip_new_for_media (const char  *path,
                                    gboolean    *audio_only,
                                    GError     **error)
{
  g_autoptr(GError) video_error = NULL;
  RushesTimelineClip *clip;

  g_return_val_if_fail (path != NULL, NULL);

  ensure_debug_category ();
  if (audio_only != NULL)
    *audio_only = FALSE;
  clip = rushes_timeline_clip_new_for_file (path, &video_error);
  if (clip != NULL)
    return clip;
  /* missing: say so, as for a video */
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_propagate_error (error, g_steal_pointer (&video_error));
      return NULL;
    }
  clip = new_for_sound (path, error);
  if (clip != NULL && audio_only != NULL)
    *audio_only = TRUE;
  return clip;
}

typedef struct
{
  RushesTimelineClip *clip;
  gboolean            audio_only;
} MediaProbe;

static void
media_probe_free (MediaProbe *probe)
{
  g_clear_object (&probe->clip);
  g_free (probe);
}

static void
media_probe_thread (GTask        *task,
                    gpointer      source,
                    gpointer      data,
                    GCancellable *cancellable)
{
  GError *error = NULL;
  MediaProbe *probe = g_new0 (MediaProbe, 1);

  probe->clip = rushes_timeline_clip_new_for_media (data, &probe->audio_only, &error);
  if (probe->clip != NULL)
    g_task_return_pointer (task, probe, (GDestroyNotify) media_probe_free);
  else
    {
      media_probe_free (probe);
      g_task_return_error (task, error);
    }
}

void
rushes_timeline_clip_new_for_media_async (const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  _rushes_timeline_probe_async (path, rushes_timeline_clip_new_for_media_async, media_probe_thread,
                                cancellable, callback, user_data);
}

RushesTimelineClip *
rushes_timeline_clip_new_for_media_finish (GAsyncResult  *result,
                                           gboolean      *audio_only,
                                           GError       **error)
{
  MediaProbe *probe;
  RushesTimelineClip *clip;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  probe = g_task_propagate_pointer (G_TASK (result), error);
  if (audio_only != NULL)
    *audio_only = probe != NULL && probe->audio_only;
  if (probe == NULL)
    return NULL;
  clip = g_steal_pointer (&probe->clip);
  media_probe_free (probe);
  return clip;
}
