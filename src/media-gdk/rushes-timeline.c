/* rushes-timeline.c: the timeline preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTimeline: a GES pipeline playing the
 * project, its GES timeline rebuilt (rushes-timeline-build.c) after each
 * change once GES has loaded the new files off the main thread. Seeks and
 * edits made while the pipeline is busy are held until ASYNC_DONE. Clips
 * from files are in rushes-timeline-probe.c, placeholders that follow jobs
 * in rushes-timeline-jobs.c.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-background.h"
#include "rushes-media-private.h"
#include "rushes-timeline-preview-private.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesTimeline, rushes_timeline, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_PLAYABLE, _rushes_timeline_playable_init))

static GParamSpec *properties[N_PROPS];

void
_rushes_timeline_notify (RushesTimeline *self,
                         guint           prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

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
  /* playing in real time: background downloads keep to a pace */
  if (playing)
    rushes_background_playback_hold ();
  else
    rushes_background_playback_release ();
  if (playing && self->position_id == 0)
    self->position_id = g_timeout_add (100, position_cb, self);
  else if (!playing)
    g_clear_handle_id (&self->position_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
  _rushes_timeline_update_monitor (self);
}

static void project_changed_cb (RushesTimeline *self);

/* Busy until ASYNC_DONE, but never stuck: a pipeline that cannot preroll
 * (nothing to play) must not hold edits and seeks back for ever. */
static gboolean
is_busy (RushesTimeline *self)
{
  return self->busy && g_get_monotonic_time () - self->busy_since < 2 * G_USEC_PER_SEC;
}

static void
set_busy (RushesTimeline *self)
{
  self->busy = TRUE;
  self->busy_since = g_get_monotonic_time ();
}

/* The GES timeline lags the project: files are loading or a rebuild is queued */
static gboolean
not_ready (RushesTimeline *self)
{
  return self->n_loading > 0 || self->rebuild_id != 0;
}

static void start_playing (RushesTimeline *self);

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
        self->busy = FALSE;
        set_playing (self, FALSE);
        _rushes_timeline_set_error (self, error->message);
      }
      break;
    case GST_MESSAGE_ASYNC_DONE:
      self->busy = FALSE;
      /* edits made while busy: one commit now */
      if (self->rebuild_wanted)
        {
          self->rebuild_wanted = FALSE;
          project_changed_cb (self);
        }
      /* only the latest seek asked for while busy is sent */
      if (self->pending_seek >= 0)
        {
          gint64 position = self->pending_seek;

          self->pending_seek = -1;
          rushes_timeline_seek (self, position);
        }
      else if (!self->playing)
        query_position (self);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean rebuild_cb (gpointer data);

typedef struct
{
  RushesTimeline *self;  /* owned */
  char           *uri;
} AssetRequest;

static void
asset_request_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  AssetRequest *request = data;
  RushesTimeline *self = request->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GESAsset) asset = ges_asset_request_finish (result, &error);

  if (self->loaded_uris != NULL)
    {
      g_hash_table_add (asset ? self->loaded_uris : self->failed_uris, g_strdup (request->uri));
      if (--self->n_loading == 0 && self->rebuild_id == 0)
        self->rebuild_id = g_idle_add (rebuild_cb, self);
    }
  g_object_unref (request->self);
  g_free (request->uri);
  g_free (request);
}

static void
request_asset (RushesTimeline     *self,
               GHashTable         *requested,
               RushesTimelineClip *clip)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  g_autofree char *uri = NULL;
  AssetRequest *request;

  if (path == NULL || rushes_timeline_clip_get_pending (clip) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL || g_hash_table_contains (self->loaded_uris, uri) ||
      g_hash_table_contains (self->failed_uris, uri) || g_hash_table_contains (requested, uri))
    return;
  /* once, even if several clips use it */
  g_hash_table_add (requested, g_strdup (uri));
  request = g_new0 (AssetRequest, 1);
  request->self = g_object_ref (self);
  request->uri = g_steal_pointer (&uri);
  self->n_loading++;
  ges_asset_request_async (GES_TYPE_URI_CLIP, request->uri, NULL, asset_request_cb, request);
}

/* Asks GES to load, off the main thread, the files of every track it has
 * not seen yet; TRUE when some are loading (the rebuild waits for them). */
static gboolean
load_new_assets (RushesTimeline *self)
{
  g_autoptr(GHashTable) requested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_tracks = rushes_project_get_n_tracks (self->project);

  for (guint t = 0; t < n_tracks; t++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self->project, t);
      guint n = rushes_timeline_track_get_n_clips (track);

      for (guint i = 0; i < n; i++)
        request_asset (self, requested, rushes_timeline_track_get_clip (track, i));
    }
  return self->n_loading > 0;
}

static gboolean
rebuild_cb (gpointer data)
{
  RushesTimeline *self = data;
  g_autoptr(GError) error = NULL;

  self->rebuild_id = 0;
  if (self->n_loading > 0 || load_new_assets (self))
    return G_SOURCE_REMOVE;  /* again when they are loaded */
  if (is_busy (self))
    {
      self->rebuild_wanted = TRUE;
      return G_SOURCE_REMOVE;
    }
  if (!_rushes_timeline_fill (self->timeline, self->project, 0, 0, FALSE, self->failed_uris, &error))
    g_message ("Timeline preview: %s", error->message);
  /* a new sequence: the error of the one before is gone */
  _rushes_timeline_set_error (self, NULL);

  /* what was asked while the timeline was not ready */
  if (self->pending_seek >= 0)
    {
      gint64 position = self->pending_seek;

      self->pending_seek = -1;
      rushes_timeline_seek (self, position);
    }
  if (self->play_requested)
    start_playing (self);
  return G_SOURCE_REMOVE;
}

static void
project_changed_cb (RushesTimeline *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
  _rushes_timeline_update_monitor (self);
}

/* Upstream QoS never enters the composition. GES 1.22's compositions
 * switch to a new stack of sources at every edit point (a title starts, a
 * crossfade begins) and run it from running time 0 inside, while the
 * sink's QoS events carry the running time outside: the compositor and the
 * decoders inside take every frame for up to the stack's start time late
 * and drop them (a second of the title, the whole crossfade, with nothing
 * late at the sink). Without them the composition renders every frame and
 * the sink still drops those that come too late (its max-lateness). */
static GstPadProbeReturn
drop_qos_cb (GstPad          *pad,
             GstPadProbeInfo *info,
             gpointer         data)
{
  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_QOS)
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

static void
keep_qos_out_of_composition (RushesTimeline *self)
{
  GList *tracks = ges_timeline_get_tracks (self->timeline);

  for (GList *l = tracks; l; l = l->next)
    {
      GstPad *pad = ges_timeline_get_pad_for_track (self->timeline, l->data);

      if (pad != NULL && GES_TRACK (l->data)->type == GES_TRACK_TYPE_VIDEO)
        gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_UPSTREAM, drop_qos_cb, NULL, NULL);
      else if (pad == NULL)
        g_warning ("Timeline preview: no pad for a track of the timeline");
    }
  g_list_free_full (tracks, gst_object_unref);
}

/* GES's per-source videoflips, as in the export: no copy of each frame
 * for clips that are not rotated */
static void
deep_element_added_cb (GstBin     *bin,
                       GstBin     *sub_bin,
                       GstElement *element,
                       gpointer    data)
{
  _rushes_media_setup_flip (element);
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
  project_changed_cb (self);
  self->pipeline = ges_pipeline_new ();
  gst_object_ref_sink (self->pipeline);
  g_signal_connect (self->pipeline, "deep-element-added", G_CALLBACK (deep_element_added_cb), NULL);
  ges_pipeline_set_timeline (self->pipeline, self->timeline);
  ges_pipeline_set_mode (self->pipeline, GES_PIPELINE_MODE_PREVIEW);
  keep_qos_out_of_composition (self);
  _rushes_timeline_monitor_init (self);
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
  if (self->playing)
    {
      rushes_background_playback_release ();
      self->playing = FALSE;
    }
  if (self->pipeline)
    gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_NULL);
  g_clear_object (&self->pipeline);
  g_clear_object (&self->timeline);
  g_clear_object (&self->paintable);
  gst_clear_object (&self->volume);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_object (&self->project);
  /* NULL tells asset requests still under way that the preview is gone */
  g_clear_pointer (&self->loaded_uris, g_hash_table_unref);
  g_clear_pointer (&self->failed_uris, g_hash_table_unref);

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
    default:
      if (!_rushes_timeline_get_monitor_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
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
  _rushes_timeline_install_monitor_properties (properties);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_timeline_init (RushesTimeline *self)
{
  self->pending_seek = -1;
  self->state = RUSHES_PLAYER_STATE_EMPTY;
  self->fps_n = 25;
  self->fps_d = 1;
  self->loaded_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->failed_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
rushes_timeline_set_audio_sink (RushesTimeline *self,
                                GstElement     *sink)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));
  ges_pipeline_preview_set_audio_sink (self->pipeline, sink);
}

static void
start_playing (RushesTimeline *self)
{
  self->play_requested = FALSE;
  if (self->position >= rushes_project_get_duration (self->project))
    rushes_timeline_seek (self, 0);
  if (gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE)
    set_playing (self, TRUE);
  else
    set_playing (self, FALSE);
}

void
rushes_timeline_play (RushesTimeline *self)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));

  if (rushes_project_get_duration (self->project) <= 0)
    return;
  if (not_ready (self))
    {
      /* starts when the new files are loaded and the timeline rebuilt */
      self->play_requested = TRUE;
      set_playing (self, TRUE);
      return;
    }
  start_playing (self);
}

void
rushes_timeline_pause (RushesTimeline *self)
{
  g_return_if_fail (RUSHES_IS_TIMELINE (self));

  self->play_requested = FALSE;
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
  if (is_busy (self) || not_ready (self))
    {
      self->pending_seek = position;
      return;
    }
  gst_element_get_state (GST_ELEMENT (self->pipeline), &state, NULL, 0);
  if (state < GST_STATE_PAUSED &&
      gst_element_set_state (GST_ELEMENT (self->pipeline), GST_STATE_PAUSED) == GST_STATE_CHANGE_ASYNC)
    {
      /* seek once prerolled */
      set_busy (self);
      self->pending_seek = position;
      return;
    }
  if (gst_element_seek_simple (GST_ELEMENT (self->pipeline), GST_FORMAT_TIME,
                               GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, position))
    set_busy (self);
}
