/* rushes-timeline-build.c: the project laid out as a GES timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One GESLayer per track of the project. GES draws a layer of lower
 * priority over one of higher priority, and the project lists its video
 * tracks bottom to top, so the video tracks go in first, last one first
 * (priority 0 on top), then the audio tracks (GES mixes every layer's
 * sound). A clip on a video track gives only its picture, one on an audio
 * track only its sound. Neighbours that overlap on a track crossfade:
 * on an audio track through GES's auto-transitions (an audio crossfade);
 * a video track has two layers, its clips alternating between them, and
 * the clip on the upper one fades in (or out) over the one below for the
 * length of the overlap, a linear dissolve (GES 1.22's video crossfade
 * transition darkens its middle: the outgoing picture is weighted by the
 * square of its share). Titles, volume and fades are in
 * rushes-timeline-style.c. A muted track leaves its layers empty. Offline and pending clips are gaps of the same length
 * (black on the bottom video track, transparent above, silent on audio
 * tracks), or errors when strict. The project's format is the tracks'
 * restriction caps. Used for exports and, refilled after each change, by
 * the preview. GES's one-time start is here too.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "rushes-media-private.h"
#include "rushes-timeline-private.h"

GST_DEBUG_CATEGORY (rushes_timeline_debug);

G_DEFINE_QUARK (rushes-timeline-error-quark, rushes_timeline_error)

/* GES 1.22's ges_init() starts Python (Debian's libges links libpython)
 * and runs its OpenTimelineIO formatter, which imports PyGObject, GES's
 * and GStreamer's typelibs and opentimelineio: 70–80 ms of CPU at every
 * start, for a formatter Rushes never uses (it writes OTIO itself,
 * rushes-handoff-otio.c). Python's legacy flag Py_NoSiteFlag (read by the
 * Py_Initialize() GES calls, Python 3.11 included) keeps "site" out, so
 * dist-packages is not on the path and the formatter's "import gi" fails
 * at once: GES logs "Could not load OpenTimelineIO formatter" and goes on.
 * Looked up at run time: no build dependency on Python, and nothing
 * happens where libpython is not loaded or has no such flag. */
static void
keep_ges_python_small (void)
{
  GModule *self = g_module_open (NULL, G_MODULE_BIND_LOCAL);
  gpointer no_site = NULL;

  if (self == NULL)
    return;
  if (g_module_symbol (self, "Py_NoSiteFlag", &no_site) && no_site != NULL)
    {
      GST_DEBUG ("Python without site for GES's formatters");
      *(int *) no_site = 1;
    }
  g_module_close (self);
}

gboolean
rushes_timeline_ensure_init (GError **error)
{
  static gsize done = 0;
  static gboolean ok = FALSE;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_timeline_debug, "rushes-timeline", 0, "Rushes timeline");
      keep_ges_python_small ();
      ok = ges_init ();
      g_once_init_leave (&done, 1);
    }
  if (!ok)
    g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_INIT,
                 _("The editing engine (GStreamer Editing Services) could not start"));
  return ok;
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
        caps = _rushes_media_video_caps (width, height, fps_n, fps_d);
      else
        caps = _rushes_media_audio_caps ();
      ges_track_set_restriction_caps (track, caps);
    }
  g_list_free_full (tracks, gst_object_unref);
}

static void
remove_layers (GESTimeline *timeline)
{
  GList *layers = ges_timeline_get_layers (timeline);

  for (GList *l = layers; l; l = l->next)
    ges_timeline_remove_layer (timeline, l->data);
  g_list_free_full (layers, gst_object_unref);
}

/* What one fill needs to know about the whole project */
typedef struct
{
  RushesTimelineStyle  style;
  gboolean             strict;
  GHashTable          *failed;
} Fill;

typedef struct
{
  RushesTimelineTrack *track;
  RushesTrackKind      kind;
  GESLayer            *layers[2];  /* upper, lower (video); the same (audio) */
  GESLayer            *layer;      /* where the clip being added goes */
  gboolean             bottom;     /* the first video track: nothing below it */
} Lane;

/* An offline or pending clip: a gap of its length that keeps the
 * timeline's duration (black on the bottom video track, transparent
 * above it so the tracks below show, silent on audio tracks) */
static GESClip *
add_gap (Lane               *lane,
         RushesTimelineClip *clip)
{
  GESClip *gap = GES_CLIP (ges_test_clip_new ());

  ges_clip_set_supported_formats (gap, lane->kind == RUSHES_TRACK_VIDEO
                                       ? GES_TRACK_TYPE_VIDEO : GES_TRACK_TYPE_AUDIO);
  ges_test_clip_set_vpattern (GES_TEST_CLIP (gap), GES_VIDEO_TEST_PATTERN_BLACK);
  ges_test_clip_set_mute (GES_TEST_CLIP (gap), TRUE);
  ges_timeline_element_set_start (GES_TIMELINE_ELEMENT (gap), rushes_timeline_clip_get_start (clip));
  ges_timeline_element_set_duration (GES_TIMELINE_ELEMENT (gap), rushes_timeline_clip_get_duration (clip));
  if (!ges_layer_add_clip (lane->layer, gap))
    return NULL;
  if (lane->kind == RUSHES_TRACK_VIDEO && !lane->bottom)
    ges_timeline_element_set_child_properties (GES_TIMELINE_ELEMENT (gap), "alpha", 0.0, NULL);
  return gap;
}

/* The clip's media as a GES asset, or NULL (and the clip is offline):
 * FALSE with error when that is an error */
static gboolean
request_asset (Fill                *fill,
               Lane                *lane,
               RushesTimelineClip  *clip,
               GESAsset           **asset_out,
               GError             **error)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  const char *name = rushes_timeline_clip_get_name (clip);
  const char *track = rushes_timeline_track_get_name (lane->track);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GESAsset) asset = NULL;

  *asset_out = NULL;
  if (rushes_timeline_clip_get_pending (clip))
    {
      if (!fill->strict)
        return TRUE;
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_PENDING,
                   rushes_timeline_clip_get_offline (clip)
                   ? _("Clip “%s” on track “%s” could not be generated: delete it or replace it")
                   : _("Clip “%s” on track “%s” is still being generated"),
                   name ? name : "", track);
      return FALSE;
    }
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);

      if (uri && !(fill->failed && g_hash_table_contains (fill->failed, uri)))
        asset = GES_ASSET (ges_uri_clip_asset_request_sync (uri, &local_error));
    }
  if (asset == NULL)
    {
      rushes_timeline_clip_set_offline (clip, TRUE);
      if (!fill->strict)
        return TRUE;
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("Clip “%s” on track “%s”: the media file “%s” is missing or unreadable%s%s"),
                   name ? name : "", track, path ? path : "",
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return FALSE;
    }
  rushes_timeline_clip_set_offline (clip, FALSE);
  *asset_out = g_steal_pointer (&asset);
  return TRUE;
}

static GESClip *
add_media_clip (Lane               *lane,
                RushesTimelineClip *clip,
                GESAsset           *asset)
{
  GESTrackType type = lane->kind == RUSHES_TRACK_VIDEO ? GES_TRACK_TYPE_VIDEO : GES_TRACK_TYPE_AUDIO;

  /* a picture without sound on an audio track (or the other way round)
   * gives nothing there: a gap */
  if (!(ges_clip_asset_get_supported_formats (GES_CLIP_ASSET (asset)) & type))
    return add_gap (lane, clip);
  return ges_layer_add_asset (lane->layer, asset,
                              rushes_timeline_clip_get_start (clip),
                              rushes_timeline_clip_get_in_point (clip),
                              rushes_timeline_clip_get_duration (clip), type);
}

/* blend_in, blend_out: how long the clip dissolves in over the one before
 * it and out over the one after it (0: it does not) */
static gboolean
add_clip (Fill                *fill,
          Lane                *lane,
          RushesTimelineClip  *clip,
          gint64               blend_in,
          gint64               blend_out,
          GError             **error)
{
  GESClip *ges_clip = NULL;
  g_autoptr(GESAsset) asset = NULL;

  if (rushes_timeline_clip_get_is_title (clip))
    {
      if (lane->kind == RUSHES_TRACK_VIDEO)
        ges_clip = _rushes_timeline_add_title (&fill->style, lane->layer, clip);
      else
        return TRUE;  /* the project keeps titles off audio tracks */
    }
  else
    {
      if (!request_asset (fill, lane, clip, &asset, error))
        return FALSE;
      ges_clip = asset ? add_media_clip (lane, clip, asset) : add_gap (lane, clip);
    }

  if (ges_clip == NULL)
    {
      const char *name = rushes_timeline_clip_get_name (clip);

      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_OFFLINE,
                   _("Clip “%s” on track “%s” could not be placed on the timeline"),
                   name ? name : "", rushes_timeline_track_get_name (lane->track));
      return FALSE;
    }
  if (asset != NULL || rushes_timeline_clip_get_is_title (clip))
    _rushes_timeline_style_clip (&fill->style, ges_clip, clip, blend_in, blend_out);
  return TRUE;
}

static gboolean
fill_lane (Fill    *fill,
           Lane    *lane,
           GError **error)
{
  guint n = rushes_timeline_track_get_n_clips (lane->track);

  if (lane->kind == RUSHES_TRACK_AUDIO)
    /* overlaps become audio crossfades as the clips go in */
    ges_layer_set_auto_transition (lane->layers[0], TRUE);
  if (rushes_timeline_track_get_muted (lane->track))
    return TRUE;  /* not drawn, not heard */
  for (guint i = 0; i < n; i++)
    {
      gboolean upper = lane->kind == RUSHES_TRACK_VIDEO && i % 2 == 1;
      gint64 blend_in = upper ? rushes_timeline_track_get_crossfade (lane->track, i - 1) : 0;
      gint64 blend_out = upper ? rushes_timeline_track_get_crossfade (lane->track, i) : 0;

      lane->layer = lane->layers[upper ? 0 : 1];
      if (!add_clip (fill, lane, rushes_timeline_track_get_clip (lane->track, i),
                     blend_in, blend_out, error))
        return FALSE;
    }
  return TRUE;
}

/* The project's tracks in GES layer order: video top to bottom, then audio */
static GPtrArray *
list_lanes (RushesProject *project)
{
  GPtrArray *lanes = g_ptr_array_new_with_free_func (g_free);
  guint n = rushes_project_get_n_tracks (project);
  gboolean first_video = TRUE;

  for (guint i = 0; i < n; i++)
    {
      Lane *lane = g_new0 (Lane, 1);

      lane->track = rushes_project_get_track (project, i);
      lane->kind = rushes_timeline_track_get_kind (lane->track);
      if (lane->kind == RUSHES_TRACK_VIDEO)
        {
          lane->bottom = first_video;
          first_video = FALSE;
          /* later video tracks are drawn over earlier ones */
          g_ptr_array_insert (lanes, 0, lane);
        }
      else
        g_ptr_array_add (lanes, lane);
    }
  /* the audio lanes went in behind the video lanes, in project order */
  return lanes;
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
  g_autoptr(GPtrArray) lanes = NULL;
  Fill fill = { 0 };
  guint pw, ph, fps_n, fps_d;

  remove_layers (timeline);

  rushes_project_get_format (project, &pw, &ph, &fps_n, &fps_d);
  if (width == 0 || height == 0)
    {
      width = pw;
      height = ph;
    }
  set_restriction_caps (timeline, width, height, fps_n, fps_d);
  fill.style.width = width;
  fill.style.height = height;
  fill.style.project_height = ph;
  fill.strict = strict;
  fill.failed = failed;

  lanes = list_lanes (project);
  for (guint i = 0; i < lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (lanes, i);

      lane->layers[0] = ges_timeline_append_layer (timeline);
      lane->layers[1] = lane->kind == RUSHES_TRACK_VIDEO
                        ? ges_timeline_append_layer (timeline) : lane->layers[0];
      if (!fill_lane (&fill, lane, error))
        return FALSE;
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
  if (strict && rushes_project_get_duration (project) <= 0)
    {
      g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_EMPTY,
                   _("The project has no clips"));
      return NULL;
    }
  timeline = gst_object_ref_sink (ges_timeline_new_audio_video ());
  if (!_rushes_timeline_fill (timeline, project, width, height, strict, NULL, error))
    return NULL;
  return g_steal_pointer (&timeline);
}
