/* rushes-timeline-build.c: the project laid out as a GES timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One layer holding the project's clips end to end, the project's format
 * as the tracks' restriction caps; offline and pending clips are black,
 * silent gaps (or errors, when strict). Used for exports and, refilled
 * after each change, by the preview.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-timeline-private.h"

#define AUDIO_RATE     48000
#define AUDIO_CHANNELS 2

static void
set_restriction_caps (GESTimeline *timeline,
                      guint        width,
                      guint        height,
                      guint        fps_n,
                      guint        fps_d)
{
  GList *tracks = ges_timeline_get_tracks (timeline);

  for (GList *l = tracks; l; l = l->next)
    {
      GESTrack *track = l->data;
      g_autoptr(GstCaps) caps = NULL;

      if (track->type == GES_TRACK_TYPE_VIDEO)
        caps = gst_caps_new_simple ("video/x-raw",
                                    "width", G_TYPE_INT, (int) width,
                                    "height", G_TYPE_INT, (int) height,
                                    "framerate", GST_TYPE_FRACTION, (int) fps_n, (int) fps_d,
                                    "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                    NULL);
      else
        caps = gst_caps_new_simple ("audio/x-raw",
                                    "rate", G_TYPE_INT, AUDIO_RATE,
                                    "channels", G_TYPE_INT, AUDIO_CHANNELS,
                                    NULL);
      ges_track_set_restriction_caps (track, caps);
    }
  g_list_free_full (tracks, gst_object_unref);
}

static GESLayer *
first_layer (GESTimeline *timeline)
{
  GList *layers = ges_timeline_get_layers (timeline);
  GESLayer *layer = layers ? layers->data : NULL;

  g_list_free_full (layers, gst_object_unref);
  return layer ? layer : ges_timeline_append_layer (timeline);
}

gboolean
_rushes_timeline_fill (GESTimeline   *timeline,
                       RushesProject *project,
                       guint          width,
                       guint          height,
                       gboolean       strict,
                       GHashTable    *failed,
                       GError       **error)
{
  GESLayer *layer = first_layer (timeline);
  GList *old = ges_layer_get_clips (layer);
  guint pw, ph, fps_n, fps_d, n;
  GstClockTime start = 0;

  for (GList *l = old; l; l = l->next)
    ges_layer_remove_clip (layer, l->data);
  g_list_free_full (old, gst_object_unref);

  rushes_project_get_format (project, &pw, &ph, &fps_n, &fps_d);
  if (width == 0 || height == 0)
    {
      width = pw;
      height = ph;
    }
  set_restriction_caps (timeline, width, height, fps_n, fps_d);

  n = rushes_project_get_n_clips (project);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);
      gint64 duration = rushes_timeline_clip_get_duration (clip);
      const char *path = rushes_timeline_clip_get_path (clip);
      g_autoptr(GESAsset) asset = NULL;
      g_autoptr(GError) local_error = NULL;
      GESClip *ges_clip = NULL;

      if (rushes_timeline_clip_get_pending (clip))
        {
          if (strict)
            {
              g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_PENDING,
                           rushes_timeline_clip_get_offline (clip)
                           ? _("Clip %u (“%s”) could not be generated: delete it or replace it")
                           : _("Clip %u (“%s”) is still being generated"), i + 1,
                           rushes_timeline_clip_get_name (clip));
              return FALSE;
            }
        }
      else if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

          if (uri && !(failed && g_hash_table_contains (failed, uri)))
            asset = GES_ASSET (ges_uri_clip_asset_request_sync (uri, &local_error));
        }
      if (asset == NULL && !rushes_timeline_clip_get_pending (clip))
        {
          rushes_timeline_clip_set_offline (clip, TRUE);
          if (strict)
            {
              g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                           _("Clip %u: the media file “%s” is missing or unreadable%s%s"), i + 1,
                           path ? path : "", local_error ? ": " : "",
                           local_error ? local_error->message : "");
              return FALSE;
            }
        }
      else if (asset != NULL)
        rushes_timeline_clip_set_offline (clip, FALSE);

      if (asset)
        ges_clip = ges_layer_add_asset (layer, asset, start,
                                        rushes_timeline_clip_get_in_point (clip),
                                        duration, GES_TRACK_TYPE_UNKNOWN);
      else
        {
          /* Offline or pending: a black gap with silence, same length. */
          ges_clip = GES_CLIP (ges_test_clip_new ());
          ges_test_clip_set_vpattern (GES_TEST_CLIP (ges_clip), GES_VIDEO_TEST_PATTERN_BLACK);
          ges_test_clip_set_mute (GES_TEST_CLIP (ges_clip), TRUE);
          ges_timeline_element_set_start (GES_TIMELINE_ELEMENT (ges_clip), start);
          ges_timeline_element_set_duration (GES_TIMELINE_ELEMENT (ges_clip), duration);
          if (!ges_layer_add_clip (layer, ges_clip))
            ges_clip = NULL;
        }
      if (ges_clip == NULL)
        {
          g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                       _("Clip %u (“%s”) could not be placed on the timeline"), i + 1,
                       rushes_timeline_clip_get_name (clip));
          return FALSE;
        }
      start += duration;
    }

  ges_timeline_commit (timeline);
  return TRUE;
}

GESTimeline *
rushes_timeline_build (RushesProject  *project,
                       guint           width,
                       guint           height,
                       gboolean        strict,
                       GError        **error)
{
  g_autoptr(GESTimeline) timeline = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  if (!rushes_timeline_ensure_init (error))
    return NULL;
  if (strict && rushes_project_get_n_clips (project) == 0)
    {
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_EMPTY,
                   _("The project has no clips"));
      return NULL;
    }
  timeline = gst_object_ref_sink (ges_timeline_new_audio_video ());
  ges_timeline_append_layer (timeline);
  if (!_rushes_timeline_fill (timeline, project, width, height, strict, NULL, error))
    return NULL;
  return g_steal_pointer (&timeline);
}
