/* rushes-timeline.c: the project model as a GES timeline, and its preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-background.h"
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

static void
probe_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  RushesTimelineClip *clip = rushes_timeline_clip_new_for_file (data, &error);

  if (clip)
    g_task_return_pointer (task, clip, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
rushes_timeline_clip_new_for_file_async (const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_timeline_clip_new_for_file_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  rushes_background_run (task, probe_thread);
}

RushesTimelineClip *
rushes_timeline_clip_new_for_file_finish (GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static guint
fill_from_probe (RushesProject      *project,
                 const char         *job_id,
                 RushesTimelineClip *probe)
{
  guint w, h, n, d;

  rushes_timeline_clip_get_format (probe, &w, &h, &n, &d);
  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      if (rushes_timeline_clip_get_pending (clip) &&
          g_strcmp0 (rushes_timeline_clip_get_job_id (clip), job_id) == 0)
        {
          rushes_timeline_clip_set_format (clip, w, h, n, d);
          rushes_timeline_clip_set_has_audio (clip, rushes_timeline_clip_get_has_audio (probe));
          rushes_timeline_clip_set_offline (clip, FALSE);
          if (rushes_timeline_clip_get_recipe_json (clip) == NULL)
            rushes_timeline_clip_set_recipe_json (clip, rushes_timeline_clip_get_recipe_json (probe));
        }
    }
  return rushes_project_fill_placeholder (project, job_id, rushes_timeline_clip_get_path (probe),
                                          rushes_timeline_clip_get_media_duration (probe));
}

guint
rushes_timeline_fill_placeholder (RushesProject  *project,
                                  const char     *job_id,
                                  const char     *path,
                                  GError        **error)
{
  g_autoptr(RushesTimelineClip) probe = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), 0);
  g_return_val_if_fail (job_id != NULL && path != NULL, 0);

  if ((probe = rushes_timeline_clip_new_for_file (path, error)) == NULL)
    return 0;
  return fill_from_probe (project, job_id, probe);
}

/* Jobs → placeholders */

typedef struct
{
  RushesProject *project;  /* owned */
  char          *job_id;
} JobFill;

static void
job_fill_probed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  JobFill *fill = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) probe = rushes_timeline_clip_new_for_file_finish (result, &error);

  if (probe)
    fill_from_probe (fill->project, fill->job_id, probe);
  else
    {
      g_message ("The take of job %s cannot be read: %s", fill->job_id, error->message);
      rushes_project_fail_placeholder (fill->project, fill->job_id);
    }
  g_object_unref (fill->project);
  g_free (fill->job_id);
  g_free (fill);
}

static void job_notify_cb (RushesJob *job, GParamSpec *pspec, RushesProject *project);

/* Brings the project's placeholders for job up to date; TRUE while the
 * job still has to be followed. */
static gboolean
apply_job (RushesProject *project,
           RushesJob     *job)
{
  const char *id = rushes_job_get_id (job);

  switch (rushes_job_get_state (job))
    {
    case RUSHES_JOB_SUCCEEDED:
      if (rushes_job_get_take_path (job) != NULL)
        {
          JobFill *fill = g_new0 (JobFill, 1);

          fill->project = g_object_ref (project);
          fill->job_id = g_strdup (id);
          rushes_timeline_clip_new_for_file_async (rushes_job_get_take_path (job), NULL,
                                                   job_fill_probed_cb, fill);
        }
      else
        rushes_project_fail_placeholder (project, id);
      return FALSE;

    case RUSHES_JOB_FAILED:
    case RUSHES_JOB_CANCELLED:
      rushes_project_fail_placeholder (project, id);
      return FALSE;

    case RUSHES_JOB_QUEUED:
    case RUSHES_JOB_SUBMITTING:
    case RUSHES_JOB_RUNNING:
    case RUSHES_JOB_DOWNLOADING:
    default:
      rushes_project_set_placeholder_progress (project, id, rushes_job_get_progress (job));
      return TRUE;
    }
}

static void
job_notify_cb (RushesJob     *job,
               GParamSpec    *pspec,
               RushesProject *project)
{
  if (!apply_job (project, job))
    g_signal_handlers_disconnect_by_func (job, job_notify_cb, project);
}

static void
follow_job (RushesProject *project,
            RushesJob     *job)
{
  if (g_signal_handler_find (job, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             job_notify_cb, project) != 0)
    return;
  if (apply_job (project, job))
    {
      g_signal_connect_object (job, "notify::state", G_CALLBACK (job_notify_cb), project, 0);
      g_signal_connect_object (job, "notify::progress", G_CALLBACK (job_notify_cb), project, 0);
    }
}

RushesTimelineClip *
rushes_timeline_add_job (RushesProject *project,
                         RushesJob     *job,
                         guint          position)
{
  g_autoptr(RushesTimelineClip) clip = NULL;
  RushesRecipe *recipe;
  g_autofree char *name = NULL;
  const char *prompt;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);
  g_return_val_if_fail (RUSHES_IS_JOB (job), NULL);

  if (rushes_job_get_state (job) == RUSHES_JOB_SUCCEEDED && rushes_job_get_take_path (job))
    clip = rushes_timeline_clip_new_for_file (rushes_job_get_take_path (job), NULL);

  if (clip == NULL)
    {
      recipe = rushes_job_get_recipe (job);
      prompt = recipe ? rushes_recipe_get_prompt (recipe) : NULL;
      if (prompt && *prompt)
        {
          /* the prompt's start, on a character boundary */
          name = g_utf8_substring (prompt, 0, MIN (g_utf8_strlen (prompt, -1), 40));
        }
      clip = rushes_timeline_clip_new_placeholder (rushes_job_get_id (job), name,
                                                   recipe ? (gint64) (rushes_recipe_get_seconds (recipe) * GST_SECOND) : 0);
      if (recipe)
        {
          g_autofree char *json = rushes_recipe_to_json (recipe);
          rushes_timeline_clip_set_recipe_json (clip, json);
        }
    }
  rushes_project_insert_clip (project, position, clip);
  if (rushes_timeline_clip_get_pending (clip))
    follow_job (project, job);
  return clip;
}

void
rushes_timeline_follow_jobs (RushesProject  *project,
                             RushesJobQueue *queue)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (RUSHES_IS_PROJECT (project));
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (queue));

  for (guint i = 0; i < rushes_project_get_n_clips (project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (project, i);

      if (rushes_timeline_clip_get_pending (clip))
        g_ptr_array_add (ids, g_strdup (rushes_timeline_clip_get_job_id (clip)));
    }
  for (guint i = 0; i < ids->len; i++)
    {
      RushesJob *job = rushes_job_queue_lookup (queue, g_ptr_array_index (ids, i));

      if (job)
        follow_job (project, job);
      else
        rushes_project_fail_placeholder (project, g_ptr_array_index (ids, i));
    }
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
/* failed: URIs known not to load (skipped without asking GES again), or NULL */
static gboolean
fill_timeline (GESTimeline   *timeline,
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
  if (!fill_timeline (timeline, project, width, height, strict, NULL, error))
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
  gint64         pending_seek;   /* -1: none; else the latest request while busy */
  GHashTable    *loaded_uris;    /* assets GES has loaded (requests return at once) */
  GHashTable    *failed_uris;    /* files GES could not load */
  guint          n_loading;      /* asset requests under way */
  gint64         busy_since;     /* monotonic µs */
  guint          busy : 1;       /* a state change or seek has not reached ASYNC_DONE */
  guint          rebuild_wanted : 1;
  guint          play_requested : 1;  /* play once the timeline is ready */
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

/* Asks GES to load, off the main thread, the files it has not seen yet;
 * TRUE when some are loading (the rebuild waits for them). */
static gboolean
load_new_assets (RushesTimeline *self)
{
  g_autoptr(GHashTable) requested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < rushes_project_get_n_clips (self->project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (self->project, i);
      const char *path = rushes_timeline_clip_get_path (clip);
      g_autofree char *uri = NULL;
      AssetRequest *request;

      if (path == NULL || rushes_timeline_clip_get_pending (clip) || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      uri = g_filename_to_uri (path, NULL, NULL);
      if (uri == NULL || g_hash_table_contains (self->loaded_uris, uri) ||
          g_hash_table_contains (self->failed_uris, uri) || g_hash_table_contains (requested, uri))
        continue;
      /* once, even if several clips use it */
      g_hash_table_add (requested, g_strdup (uri));
      request = g_new0 (AssetRequest, 1);
      request->self = g_object_ref (self);
      request->uri = g_steal_pointer (&uri);
      self->n_loading++;
      ges_asset_request_async (GES_TYPE_URI_CLIP, request->uri, NULL, asset_request_cb, request);
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
  if (!fill_timeline (self->timeline, self->project, 0, 0, FALSE, self->failed_uris, &error))
    g_message ("Timeline preview: %s", error->message);

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
  project_changed_cb (self);
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
  self->pending_seek = -1;
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

  if (rushes_project_get_n_clips (self->project) == 0)
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
