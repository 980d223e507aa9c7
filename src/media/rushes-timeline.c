/* rushes-timeline.c: the project model as a GES timeline, and its preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-timeline.h"

GST_DEBUG_CATEGORY_STATIC (rushes_timeline_debug);
#define GST_CAT_DEFAULT rushes_timeline_debug

#define AUDIO_RATE     48000
#define AUDIO_CHANNELS 2
#define PROBE_TIMEOUT  (10 * GST_SECOND)

G_DEFINE_QUARK (rushes-timeline-error-quark, rushes_timeline_error)

gboolean
rushes_timeline_ensure_init (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_timeline_debug, "rushes-timeline", 0, "Rushes timeline");
      ok = ges_init ();
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_INIT,
                 _("The editing engine (GStreamer Editing Services) could not start"));
  return ok;
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
  RushesTimelineClip *clip;
  GList *videos, *audios;
  gint64 duration;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” does not exist"), path);
      return NULL;
    }
  abs = g_canonicalize_filename (path, NULL);
  uri = g_filename_to_uri (abs, NULL, error);
  if (uri == NULL)
    return NULL;
  discoverer = gst_discoverer_new (PROBE_TIMEOUT, error);
  if (discoverer == NULL)
    return NULL;
  info = gst_discoverer_discover_uri (discoverer, uri, &local_error);
  videos = info ? gst_discoverer_info_get_video_streams (info) : NULL;
  if (info == NULL || gst_discoverer_info_get_result (info) != GST_DISCOVERER_OK || videos == NULL)
    {
      gst_discoverer_stream_info_list_free (videos);
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("“%s” is not a video file Rushes can read%s%s"), path,
                   local_error ? ": " : "", local_error ? local_error->message : "");
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
  audios = gst_discoverer_info_get_audio_streams (info);
  rushes_timeline_clip_set_has_audio (clip, audios != NULL);
  gst_discoverer_stream_info_list_free (audios);
  gst_discoverer_stream_info_list_free (videos);
  return clip;
}

guint
rushes_timeline_fill_placeholder (RushesProject  *project,
                                  const char     *job_id,
                                  const char     *path,
                                  GError        **error)
{
  g_autoptr(RushesTimelineClip) probe = NULL;
  guint w, h, n, d;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), 0);
  g_return_val_if_fail (job_id != NULL && path != NULL, 0);

  if ((probe = rushes_timeline_clip_new_for_file (path, error)) == NULL)
    return 0;
  rushes_timeline_clip_get_format (probe, &w, &h, &n, &d);
  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        {
          rushes_timeline_clip_set_format (clip, w, h, n, d);
          rushes_timeline_clip_set_has_audio (clip, rushes_timeline_clip_get_has_audio (probe));
        }
    }
  return rushes_project_fill_placeholder (project, job_id, rushes_timeline_clip_get_path (probe),
                                          rushes_timeline_clip_get_media_duration (probe));
}

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

/* Clears the timeline's layer and lays the project's clips on it. */
static gboolean
fill_timeline (GESTimeline   *timeline,
               RushesProject *project,
               guint          width,
               guint          height,
               gboolean       strict,
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
                           _("Clip %u (“%s”) is still being generated"), i + 1,
                           rushes_timeline_clip_get_name (clip));
              return FALSE;
            }
        }
      else if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

          if (uri)
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
  if (!fill_timeline (timeline, project, width, height, strict, error))
    return NULL;
  return g_steal_pointer (&timeline);
}

/* Preview */

struct _RushesTimeline
{
  GObject        parent_instance;

  /* owned */
  RushesProject *project;
  GESTimeline   *timeline;
  GESPipeline   *pipeline;
  gint64         position;
  guint          bus_watch_id;
  guint          position_id;
  guint          rebuild_id;
  guint          playing : 1;
};

G_DEFINE_FINAL_TYPE (RushesTimeline, rushes_timeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_POSITION,
  PROP_PLAYING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_position (RushesTimeline *self,
              gint64          position)
{
  if (self->position == position)
    return;
  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

static void
query_position (RushesTimeline *self)
{
  gint64 pos;

  if (gst_element_query_position (GST_ELEMENT (self->pipeline), GST_FORMAT_TIME, &pos))
    set_position (self, pos);
}

static gboolean
position_cb (gpointer data)
{
  query_position (data);
  return G_SOURCE_CONTINUE;
}

static void
set_playing (RushesTimeline *self,
             gboolean        playing)
{
  if (self->playing == (guint) !!playing)
    return;
  self->playing = !!playing;
  if (playing && self->position_id == 0)
    self->position_id = g_timeout_add (100, position_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->position_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  RushesTimeline *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PAUSED);
      set_playing (self, FALSE);
      query_position (self);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_message ("Timeline preview: %s (%s)", error->message, debug ? debug : "");
        gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_READY);
        set_playing (self, FALSE);
      }
      break;
    case GST_MESSAGE_ASYNC_DONE:
      if (!self->playing)
        query_position (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
rebuild_cb (gpointer data)
{
  RushesTimeline *self = data;
  g_autoptr(GError) error = NULL;

  self->rebuild_id = 0;
  if (!fill_timeline (self->timeline, self->project, 0, 0, FALSE, &error))
    g_message ("Timeline preview: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
project_changed_cb (RushesTimeline *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
rushes_timeline_constructed (GObject *object)
{
  RushesTimeline *self = RUSHES_TIMELINE (object);
  g_autoptr(GstBus) bus = NULL;

  G_OBJECT_CLASS (rushes_timeline_parent_class)->constructed (object);

  rushes_timeline_ensure_init (NULL);
  self->timeline = ges_timeline_new_audio_video ();
  gst_object_ref_sink (self->timeline);
  ges_timeline_append_layer (self->timeline);
  fill_timeline (self->timeline, self->project, 0, 0, FALSE, NULL);
  self->pipeline = ges_pipeline_new ();
  gst_object_ref_sink (self->pipeline);
  ges_pipeline_set_timeline (self->pipeline, self->timeline);
  ges_pipeline_set_mode (self->pipeline, GES_PIPELINE_MODE_PREVIEW);
  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, bus_cb, self);
  g_signal_connect_object (self->project, "changed", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
rushes_timeline_dispose (GObject *object)
{
  RushesTimeline *self = RUSHES_TIMELINE (object);

  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  g_clear_handle_id (&self->position_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->pipeline)
    gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->timeline);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (rushes_timeline_parent_class)->dispose (object);
}

static void
rushes_timeline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RushesTimeline *self = RUSHES_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_POSITION: g_value_set_int64 (value, self->position); break;
    case PROP_PLAYING: g_value_set_boolean (value, self->playing); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RushesTimeline *self = RUSHES_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_PROJECT: self->project = g_value_dup_object (value); break;
    case PROP_POSITION: rushes_timeline_seek (self, g_value_get_int64 (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_class_init (RushesTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = rushes_timeline_constructed;
  object_class->dispose = rushes_timeline_dispose;
  object_class->get_property = rushes_timeline_get_property;
  object_class->set_property = rushes_timeline_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, RUSHES_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_timeline_init (RushesTimeline *self)
{
}

RushesTimeline *
rushes_timeline_new (RushesProject *project)
{
  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);
  return g_object_new (RUSHES_TYPE_TIMELINE, "project", project, NULL);
}

RushesProject *
rushes_timeline_get_project (RushesTimeline *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE (self), NULL);
  return self->project;
}

GESPipeline *
rushes_timeline_get_pipeline (RushesTimeline *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE (self), NULL);
  return self->pipeline;
}

void
rushes_timeline_set_video_sink (RushesTimeline *self,
                                GstElement     *sink)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));
  ges_pipeline_preview_set_video_sink (self->pipeline, sink);
}

void
rushes_timeline_play (RushesTimeline *self)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));

  if (rushes_project_get_n_clips (self->project) == 0)
    return;
  if (self->rebuild_id)
    {
      g_clear_handle_id (&self->rebuild_id, g_source_remove);
      rebuild_cb (self);
    }
  if (self->position >= rushes_project_get_duration (self->project))
    rushes_timeline_seek (self, 0);
  if (gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    set_playing (self, TRUE);
}

void
rushes_timeline_pause (RushesTimeline *self)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));

  gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PAUSED);
  set_playing (self, FALSE);
  query_position (self);
}

gboolean
rushes_timeline_get_playing (RushesTimeline *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE (self), FALSE);
  return self->playing;
}

gint64
rushes_timeline_get_position (RushesTimeline *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE (self), 0);
  return self->position;
}

void
rushes_timeline_seek (RushesTimeline *self,
                      gint64          position)
{
  GstState state = GST_STATE_NULL;

  g_return_if_fail (RUSHES_IS_TIMELINE (self));

  position = CLAMP (position, 0, rushes_project_get_duration (self->project));
  set_position (self, position);
  gst_element_get_state (GST_ELEMENT (self->pipeline), &state, NULL, 0);
  if (state < GST_STATE_PAUSED)
    gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PAUSED);
  gst_element_seek_simple (GST_ELEMENT (self->pipeline), GST_FORMAT_TIME,
                           GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position);
}
