/* rushes-exporter-direct.c: a plain cut exported without GES
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain cut (one video track of media clips end to end from time 0,
 * each with its own linked sound or none, and nothing else GES would
 * render: no titles, fades, crossfades, gaps, volume changes or muted
 * tracks) gives the same picture and sound through a much shorter
 * pipeline than GES's: per clip a uridecodebin seeked to [in, out), one
 * concat for the pictures and one for the sound, the project's caps, and
 * the encodebin. GES's compositor copied every frame of its single
 * opaque layer into a new frame; here a clip in the project's format
 * reaches the encoder as decoded.
 *
 * Each source is seeked before any of its data goes downstream: its pads
 * are blocked from the moment they appear, the first blocked item starts
 * one flushing accurate seek (from another thread: the streaming thread
 * cannot seek itself), the seek's flush releases the blocked pad and is
 * kept from concat (a clip further on must not flush the encoder), and
 * what the source sends after the seek passes. concat makes the
 * timestamps continuous across the clips.
 */
#define G_LOG_DOMAIN "rushes-exporter"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/base/base.h>

#include "rushes-exporter-private.h"
#include "rushes-media-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_exporter_direct_debug);
#define GST_CAT_DEFAULT rushes_exporter_direct_debug

/* The plain-cut test */

static gboolean
plain_clip (RushesTimelineClip *clip)
{
  const char *path = rushes_timeline_clip_get_path (clip);

  return !rushes_timeline_clip_get_is_title (clip)
         && !rushes_timeline_clip_get_pending (clip)
         && !rushes_timeline_clip_get_offline (clip)
         && path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR)
         && rushes_timeline_clip_get_fade_in (clip) == 0
         && rushes_timeline_clip_get_fade_out (clip) == 0
         && rushes_timeline_clip_get_volume (clip) == 1.0;
}

/* The clip's sound: its linked clip on the audio track, the same take over
 * the same span (FALSE when the link is anything else) */
static gboolean
own_sound (RushesProject       *project,
           RushesTimelineTrack *audio,
           RushesTimelineClip  *clip,
           RushesTimelineClip **sound)
{
  RushesTimelineClip *linked = rushes_project_get_linked_clip (project, clip);

  *sound = linked;
  if (linked == NULL)
    return TRUE;
  return audio != NULL && rushes_timeline_track_find_clip (audio, linked, NULL)
         && plain_clip (linked)
         && g_strcmp0 (rushes_timeline_clip_get_path (linked), rushes_timeline_clip_get_path (clip)) == 0
         && rushes_timeline_clip_get_start (linked) == rushes_timeline_clip_get_start (clip)
         && rushes_timeline_clip_get_in_point (linked) == rushes_timeline_clip_get_in_point (clip)
         && rushes_timeline_clip_get_out_point (linked) == rushes_timeline_clip_get_out_point (clip);
}

/* The one video track with clips, NULL unless the tracks are a plain cut's */
static RushesTimelineTrack *
find_tracks (RushesProject        *project,
             RushesTimelineTrack **audio)
{
  RushesTimelineTrack *video = NULL;
  guint n = rushes_project_get_n_tracks (project);

  *audio = NULL;
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (project, i);
      RushesTimelineTrack **slot = rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO ? &video : audio;

      if (rushes_timeline_track_get_n_clips (track) == 0)
        continue;
      if (rushes_timeline_track_get_muted (track) || *slot != NULL)
        return NULL;
      *slot = track;
    }
  return video;
}

gboolean
_rushes_exporter_is_plain_cut (RushesProject *project)
{
  RushesTimelineTrack *audio = NULL;
  RushesTimelineTrack *video = find_tracks (project, &audio);
  guint pw, ph, fps_n, fps_d, n, n_sounds = 0;
  gint64 end = 0;

  if (video == NULL)
    return FALSE;
  rushes_project_get_format (project, &pw, &ph, &fps_n, &fps_d);
  n = rushes_timeline_track_get_n_clips (video);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (video, i);
      RushesTimelineClip *sound = NULL;
      guint w, h, cn, cd;

      /* no gap, no overlap (a crossfade) */
      if (!plain_clip (clip) || rushes_timeline_clip_get_start (clip) != end)
        return FALSE;
      end = rushes_timeline_clip_get_end (clip);
      /* the project's size and rate already: no scaling, no new frames
       * (beyond the export's own size) */
      rushes_timeline_clip_get_format (clip, &w, &h, &cn, &cd);
      if (w != pw || h != ph || (guint64) cn * fps_d != (guint64) fps_n * cd || cn == 0)
        return FALSE;
      if (!own_sound (project, audio, clip, &sound))
        return FALSE;
      n_sounds += sound != NULL;
    }
  /* nothing on the audio track but the clips' own sound */
  if (audio && rushes_timeline_track_get_n_clips (audio) != n_sounds)
    return FALSE;
  return end > 0 && end == rushes_project_get_duration (project);
}

/* What is seeked: a clip's uridecodebin, or the silence for a clip
 * without sound. Owned by its element (object data). */
typedef struct
{
  GstElement *pipeline;     /* unowned: outlives the source's element */
  char       *name;
  GstEvent   *seek;         /* until sent */
  GstPad     *seek_pad;     /* where the seek goes */
  int         seeking;      /* atomic: the seek was started */
  GstPad     *video_sink;   /* concat's pads for the clip */
  GstPad     *audio_sink;   /* NULL: no sound wanted from the decoder */
  gint64      duration;
  gint64      position;     /* where it starts in the cut */
  gboolean    have_video;   /* pad-added/no-more-pads: decodebin's thread */
  gboolean    have_audio;
} Source;

typedef struct
{
  Source   *source;
  int       flushed;        /* atomic: the seek's flush went by, the rest passes */
} PadState;

static void
source_free (gpointer data)
{
  Source *source = data;

  g_free (source->name);
  g_clear_pointer (&source->seek, gst_event_unref);
  g_clear_object (&source->seek_pad);
  g_clear_object (&source->video_sink);
  g_clear_object (&source->audio_sink);
  g_free (source);
}

static Source *
source_new (GstElement *pipeline,
            GstElement *element,
            const char *name,
            gint64      position,
            gint64      start,
            gint64      stop)
{
  Source *source = g_new0 (Source, 1);

  source->pipeline = pipeline;
  source->name = g_strdup (name);
  source->position = position;
  source->duration = stop - start;
  source->seek = gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                     GST_SEEK_TYPE_SET, start, GST_SEEK_TYPE_SET, stop);
  g_object_set_data_full (G_OBJECT (element), "rushes-source", source, source_free);
  return source;
}

static void
seek_cb (GstElement *pipeline,
         gpointer    data)
{
  Source *source = data;
  GstEvent *seek = g_steal_pointer (&source->seek);

  GST_DEBUG ("seeking %s", source->name);
  if (!gst_pad_send_event (source->seek_pad, seek))
    GST_ELEMENT_ERROR (pipeline, STREAM, FAILED,
                       (_("Could not find the part of “%s” the cut uses"), source->name), (NULL));
}

static GstPadProbeReturn
block_cb (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         data)
{
  PadState *state = data;
  Source *source = state->source;

  if (g_atomic_int_get (&state->flushed))
    return GST_PAD_PROBE_REMOVE;
  if (g_atomic_int_compare_and_exchange (&source->seeking, 0, 1))
    gst_element_call_async (source->pipeline, seek_cb, source, NULL);
  /* held until the seek's flush */
  return GST_PAD_PROBE_OK;
}

static GstPadProbeReturn
flush_cb (GstPad          *pad,
          GstPadProbeInfo *info,
          gpointer         data)
{
  PadState *state = data;

  if (GST_EVENT_TYPE (GST_PAD_PROBE_INFO_EVENT (info)) == GST_EVENT_FLUSH_STOP)
    g_atomic_int_set (&state->flushed, TRUE);
  return GST_PAD_PROBE_DROP;
}

/* Links pad (of source) to sink, holding what comes before the seek */
static gboolean
link_seeked (Source *source,
             GstPad *pad,
             GstPad *sink)
{
  PadState *state = g_new0 (PadState, 1);

  state->source = source;
  if (source->seek_pad == NULL)
    source->seek_pad = gst_object_ref (pad);
  /* the clip's running time is its place in the cut, exactly: concat's
   * own count follows the last buffer's end, and a decoder's sound can
   * end a few ms short of the out point */
  gst_pad_set_offset (pad, source->position);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_EVENT_FLUSH, flush_cb, state, g_free);
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BLOCK | GST_PAD_PROBE_TYPE_DATA_DOWNSTREAM, block_cb, state, NULL);
  return GST_PAD_LINK_SUCCESSFUL (gst_pad_link (pad, sink));
}

static GstElement *
add_element (GstElement *pipeline,
             const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element)
    gst_bin_add (GST_BIN (pipeline), element);
  return element;
}

/* Silence of the clip's length into sink (a clip without sound) */
static gboolean
add_silence (GstElement *pipeline,
             const char *name,
             gint64      position,
             gint64      duration,
             GstPad     *sink)
{
  GstElement *src = add_element (pipeline, "audiotestsrc");
  GstElement *filter = add_element (pipeline, "capsfilter");
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pad = NULL;
  Source *source;

  if (src == NULL || filter == NULL)
    return FALSE;
  caps = _rushes_media_audio_caps ();
  gst_util_set_object_arg (G_OBJECT (src), "wave", "silence");
  g_object_set (filter, "caps", caps, NULL);
  source = source_new (pipeline, src, name, position, 0, duration);
  pad = gst_element_get_static_pad (filter, "src");
  if (!gst_element_link (src, filter) || !link_seeked (source, pad, sink))
    return FALSE;
  gst_element_sync_state_with_parent (filter);
  gst_element_sync_state_with_parent (src);
  return TRUE;
}

static void
pad_added_cb (GstElement *decoder,
              GstPad     *pad,
              gpointer    data)
{
  Source *source = data;
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *media;
  GstPad *sink = NULL;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  media = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  if (g_str_has_prefix (media, "video/") && !source->have_video)
    {
      sink = source->video_sink;
      source->have_video = TRUE;
    }
  else if (g_str_has_prefix (media, "audio/") && source->audio_sink && !source->have_audio)
    {
      sink = source->audio_sink;
      source->have_audio = TRUE;
    }

  if (sink == NULL)
    {
      /* a stream the cut does not use (the sound of a clip whose sound
       * was unlinked, a second stream): thrown away */
      GstElement *fakesink = add_element (source->pipeline, "fakesink");
      g_autoptr(GstPad) fakepad = gst_element_get_static_pad (fakesink, "sink");

      g_object_set (fakesink, "async", FALSE, "sync", FALSE, NULL);
      gst_element_sync_state_with_parent (fakesink);
      gst_pad_link (pad, fakepad);
      return;
    }
  if (!link_seeked (source, pad, sink))
    GST_ELEMENT_ERROR (source->pipeline, CORE, NEGOTIATION,
                       (_("Could not decode “%s”"), source->name), (NULL));
}

static void
no_more_pads_cb (GstElement *decoder,
                 gpointer    data)
{
  Source *source = data;

  if (!source->have_video)
    GST_ELEMENT_ERROR (source->pipeline, STREAM, WRONG_TYPE,
                       (_("“%s” has no picture"), source->name), (NULL));
  else if (source->audio_sink && !source->have_audio
           && !add_silence (source->pipeline, source->name, source->position, source->duration,
                            source->audio_sink))
    GST_ELEMENT_ERROR (source->pipeline, CORE, MISSING_PLUGIN,
                       (_("Could not make the silence for “%s”"), source->name), (NULL));
}

static gboolean
add_clip (GstElement          *pipeline,
          RushesProject       *project,
          RushesTimelineClip  *clip,
          GstElement          *vconcat,
          GstElement          *aconcat)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *name = g_filename_display_basename (path);
  GstElement *decoder = add_element (pipeline, "uridecodebin");
  gboolean with_sound = rushes_project_get_linked_clip (project, clip) != NULL;
  Source *source;
  gboolean ok;
  /* requested now: concat plays its pads in the order they were requested */
  GstPad *video_sink = gst_element_request_pad_simple (vconcat, "sink_%u");
  GstPad *audio_sink = gst_element_request_pad_simple (aconcat, "sink_%u");

  if (decoder == NULL || uri == NULL || video_sink == NULL || audio_sink == NULL)
    {
      g_clear_object (&video_sink);
      g_clear_object (&audio_sink);
      return FALSE;
    }
  source = source_new (pipeline, decoder, name, rushes_timeline_clip_get_start (clip),
                       rushes_timeline_clip_get_in_point (clip),
                       rushes_timeline_clip_get_out_point (clip));
  source->video_sink = video_sink;
  g_object_set (decoder, "uri", uri, NULL);
  g_signal_connect (decoder, "pad-added", G_CALLBACK (pad_added_cb), source);
  g_signal_connect (decoder, "no-more-pads", G_CALLBACK (no_more_pads_cb), source);
  if (with_sound)
    {
      source->audio_sink = audio_sink;
      return TRUE;
    }
  /* no sound of its own: silence of its length */
  ok = add_silence (pipeline, name, source->position, source->duration, audio_sink);
  gst_object_unref (audio_sink);
  return ok;
}

/* Links the chain of elements and its end to the encodebin's new pad */
static gboolean
link_chain (GstElement  *encodebin,
            const char  *pad_template,
            GstElement **chain,
            guint        n)
{
  g_autoptr(GstPad) src = NULL;
  g_autoptr(GstPad) sink = NULL;

  for (guint i = 0; i < n; i++)
    if (chain[i] == NULL || (i > 0 && !gst_element_link (chain[i - 1], chain[i])))
      return FALSE;
  src = gst_element_get_static_pad (chain[n - 1], "src");
  sink = gst_element_request_pad_simple (encodebin, pad_template);
  return sink != NULL && GST_PAD_LINK_SUCCESSFUL (gst_pad_link (src, sink));
}

gboolean
_rushes_exporter_direct_fill (GstElement         *pipeline,
                              RushesProject      *project,
                              guint               width,
                              guint               height,
                              GstEncodingProfile *profile,
                              const char         *location)
{
  RushesTimelineTrack *audio = NULL;
  RushesTimelineTrack *video = find_tracks (project, &audio);
  GstElement *encodebin = add_element (pipeline, "encodebin");
  GstElement *sink = add_element (pipeline, "filesink");
  GstElement *vchain[6], *achain[6];
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;
  guint fps_n, fps_d;

  g_return_val_if_fail (video != NULL, FALSE);
  if (encodebin == NULL || sink == NULL)
    return FALSE;
  rushes_project_get_format (project, NULL, NULL, &fps_n, &fps_d);
  g_object_set (encodebin, "profile", profile, NULL);
  g_object_set (sink, "location", location, NULL);
  if (!gst_element_link (encodebin, sink))
    return FALSE;

  vcaps = _rushes_media_video_caps (width, height, fps_n, fps_d);
  acaps = _rushes_media_audio_caps ();
  /* concat, then one segment in the cut's time (an encoder wants its
   * timestamps to grow), then the project's caps */
  vchain[0] = add_element (pipeline, "concat");
  vchain[1] = add_element (pipeline, "identity");
  vchain[2] = add_element (pipeline, "videoflip");
  vchain[3] = add_element (pipeline, "videoconvert");
  vchain[4] = add_element (pipeline, "videoscale");
  vchain[5] = add_element (pipeline, "capsfilter");
  achain[0] = add_element (pipeline, "concat");
  achain[1] = add_element (pipeline, "identity");
  achain[2] = add_element (pipeline, "audioconvert");
  achain[3] = add_element (pipeline, "audioresample");
  achain[4] = add_element (pipeline, "capsfilter");
  /* a sound a few ms short of its clip's end: silence to the next */
  achain[5] = add_element (pipeline, "audiorate");
  for (guint i = 0; i < 2; i++)
    {
      GstElement *concat = i ? achain[0] : vchain[0];
      GstElement *identity = i ? achain[1] : vchain[1];

      if (concat)
        g_object_set (concat, "adjust-base", FALSE, NULL);
      if (identity)
        g_object_set (identity, "single-segment", TRUE, "silent", TRUE, NULL);
    }
  if (vchain[2])
    {
      /* a rotated take still turns, as in GES's sources */
      gst_util_set_object_arg (G_OBJECT (vchain[2]), "video-direction", "auto");
      _rushes_media_setup_flip (vchain[2]);
    }
  if (vchain[5])
    g_object_set (vchain[5], "caps", vcaps, NULL);
  if (achain[4])
    g_object_set (achain[4], "caps", acaps, NULL);
  if (achain[5])
    g_object_set (achain[5], "tolerance", (guint64) GST_MSECOND, NULL);
  if (!link_chain (encodebin, "video_%u", vchain, G_N_ELEMENTS (vchain)) ||
      !link_chain (encodebin, "audio_%u", achain, G_N_ELEMENTS (achain)))
    return FALSE;

  for (guint i = 0; i < rushes_timeline_track_get_n_clips (video); i++)
    if (!add_clip (pipeline, project, rushes_timeline_track_get_clip (video, i), vchain[0], achain[0]))
      return FALSE;
  return TRUE;
}

void
_rushes_exporter_direct_init_debug (void)
{
  GST_DEBUG_CATEGORY_INIT (rushes_exporter_direct_debug, "rushes-exporter-direct", 0,
                           "Rushes exporter's direct pipeline");
}
