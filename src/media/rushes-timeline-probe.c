/* rushes-timeline-probe.c: clips from media files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file becomes a clip spanning all of it once GstDiscoverer has told its
 * duration, format, sound and, if its tags carry one, the recipe. No GES
 * here (the async variant runs on a background worker), except in
 * rushes_timeline_clip_new_for_file_as_asset(), main thread only.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-background.h"
#include "rushes-media-private.h"
#include "rushes-timeline-private.h"

#define PROBE_TIMEOUT  (10 * GST_SECOND)

/* The take's recipe, if its tags carry one (a comment holding a JSON
 * object with a "prompt", as written by RushesTagger) */
static char *
recipe_from_tags (const GstTagList *tags)
{
  guint n = tags ? gst_tag_list_get_tag_size (tags, GST_TAG_COMMENT) : 0;

  for (guint i = 0; i < n; i++)
    {
      const char *comment = NULL;
      g_autoptr(JsonNode) node = NULL;

      if (!gst_tag_list_peek_string_index (tags, GST_TAG_COMMENT, i, &comment) || comment == NULL ||
          comment[0] != '{' || strlen (comment) > 1024 * 1024)
        continue;
      node = json_from_string (comment, NULL);
      if (node && JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_has_member (json_node_get_object (node), "prompt"))
        return g_strdup (comment);
    }
  return NULL;
}

static char *
recipe_from_info (GstDiscovererInfo *info)
{
  g_autoptr(GstDiscovererStreamInfo) top = gst_discoverer_info_get_stream_info (info);
  GList *streams;
  char *recipe = NULL;

  if (top && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    recipe = recipe_from_tags (gst_discoverer_container_info_get_tags (GST_DISCOVERER_CONTAINER_INFO (top)));
  if (recipe == NULL)
    recipe = recipe_from_tags (gst_discoverer_info_get_tags (info));
  streams = gst_discoverer_info_get_stream_list (info);
  for (GList *l = streams; l && recipe == NULL; l = l->next)
    recipe = recipe_from_tags (gst_discoverer_stream_info_get_tags (l->data));
  gst_discoverer_stream_info_list_free (streams);
  return recipe;
}

/* The file's URI (and its absolute path), or NULL and error when it is
 * not a file */
static char *
file_uri (const char  *path,
          char       **abs_out,
          GError     **error)
{
  g_autofree char *abs = NULL;
  char *uri;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” does not exist"), path);
      return NULL;
    }
  abs = g_canonicalize_filename (path, NULL);
  uri = g_filename_to_uri (abs, NULL, error);
  if (uri != NULL)
    *abs_out = g_steal_pointer (&abs);
  return uri;
}

/* A clip spanning the file at abs that info (NULL: discovery failed with
 * discover_error) describes */
static RushesTimelineClip *
clip_from_info (const char         *path,
                const char         *abs,
                GstDiscovererInfo  *info,
                const GError       *discover_error,
                GError            **error)
{
  RushesTimelineClip *clip;
  GList *videos, *audios;
  gint64 duration;

  videos = info ? gst_discoverer_info_get_video_streams (info) : NULL;
  if (info == NULL || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK || videos == NULL)
    {
      gst_discoverer_stream_info_list_free (videos);
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” is not a video file Rushes can read%s%s"), path,
                   discover_error ? ": " : "", discover_error ? discover_error->message : "");
      return NULL;
    }
  duration = gst_discoverer_info_get_duration (info);
  if (duration <= 0 || GST_DISCOVERER_VIDEO_INFO (videos->data) == NULL ||
      gst_discoverer_video_info_is_image (videos->data))
    {
      gst_discoverer_stream_info_list_free (videos);
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” is not a video with a duration"), path);
      return NULL;
    }
  clip = rushes_timeline_clip_new (abs, duration);
  {
    GstDiscovererVideoInfo *v = videos->data;
    guint n = gst_discoverer_video_info_get_framerate_num (v);
    guint d = gst_discoverer_video_info_get_framerate_denom (v);

    rushes_timeline_clip_set_format (clip,
                                     gst_discoverer_video_info_get_width (v),
                                     gst_discoverer_video_info_get_height (v),
                                     n > 0 && d > 0 ? n : 0,
                                     n > 0 && d > 0 ? d : 0);
  }
  {
    g_autofree char *recipe = recipe_from_info (info);

    rushes_timeline_clip_set_recipe_json (clip, recipe);
  }
  audios = gst_discoverer_info_get_audio_streams (info);
  rushes_timeline_clip_set_has_audio (clip, audios != NULL);
  gst_discoverer_stream_info_list_free (audios);
  gst_discoverer_stream_info_list_free (videos);
  return clip;
}

RushesTimelineClip *
rushes_timeline_clip_new_for_file (const char  *path,
                                   GError     **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *abs = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  uri = file_uri (path, &abs, error);
  if (uri == NULL)
    return NULL;
  discoverer = gst_discoverer_new (PROBE_TIMEOUT, error);
  if (discoverer == NULL)
    return NULL;
  info = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  return clip_from_info (path, abs, info, local_error, error);
}

RushesTimelineClip *
rushes_timeline_clip_new_for_file_as_asset (const char  *path,
                                            GError     **error)
{
  g_autoptr(GESUriClipAsset) asset = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *abs = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!rushes_timeline_ensure_init (error))
    return NULL;
  uri = file_uri (path, &abs, error);
  if (uri == NULL)
    return NULL;
  asset = ges_uri_clip_asset_request_sync (uri, &local_error);
  return clip_from_info (path, abs, asset ? ges_uri_clip_asset_get_info (asset) : NULL,
                         local_error, error);
}

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  RushesTimelineClip *clip = NULL;

  if (_rushes_media_ensure_init (&error))
    clip = rushes_timeline_clip_new_for_file (data, &error);

  if (clip)
    g_task_return_pointer (task, clip, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
_rushes_timeline_probe_async (const char          *path,
                              gpointer             source_tag,
                              GTaskThreadFunc      func,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_strdup (path), g_free);
  rushes_background_run (task, func);
}

void
rushes_timeline_clip_new_for_file_async (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  _rushes_timeline_probe_async (path, rushes_timeline_clip_new_for_file_async, probe_thread,
                                cancellable, callback, user_data);
}

RushesTimelineClip *
rushes_timeline_clip_new_for_file_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
