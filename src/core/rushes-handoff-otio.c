/* rushes-handoff-otio.c: the project as OpenTimelineIO JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See rushes-handoff.h for the mapping. OTIO lays a track's items end to
 * end and puts a transition between two clips: a crossfade of O frames
 * becomes a cut in the middle of the overlap (the first clip ends there,
 * the second starts there) and a Transition.1 whose in_offset reaches
 * back over the first half and out_offset forward over the second.
 */
#define G_LOG_DOMAIN "rushes-handoff"

#include "config.h"

#include "rushes-core-private.h"
#include "rushes-handoff-private.h"
#include "rushes-project-private.h"

typedef struct
{
  RushesProject *project;
  JsonBuilder   *b;
  guint          fps_n, fps_d;
  double         rate;
} OtioWriter;

static void
add_time (OtioWriter *w,
          const char *member,
          gint64      value)
{
  json_builder_set_member_name (w->b, member);
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "OTIO_SCHEMA");
  json_builder_add_string_value (w->b, "RationalTime.1");
  json_builder_set_member_name (w->b, "rate");
  json_builder_add_double_value (w->b, w->rate);
  json_builder_set_member_name (w->b, "value");
  json_builder_add_double_value (w->b, (double) value);
  json_builder_end_object (w->b);
}

static void
add_range (OtioWriter *w,
           const char *member,
           gint64      start,
           gint64      duration)
{
  json_builder_set_member_name (w->b, member);
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "OTIO_SCHEMA");
  json_builder_add_string_value (w->b, "TimeRange.1");
  add_time (w, "duration", duration);
  add_time (w, "start_time", start);
  json_builder_end_object (w->b);
}

/* Opens an object with the members every OTIO item has */
static void
begin_item (OtioWriter *w,
            const char *schema,
            const char *name)
{
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "OTIO_SCHEMA");
  json_builder_add_string_value (w->b, schema);
  json_builder_set_member_name (w->b, "name");
  json_builder_add_string_value (w->b, name ? name : "");
}

static void
add_empty_lists (OtioWriter *w)
{
  json_builder_set_member_name (w->b, "effects");
  json_builder_begin_array (w->b);
  json_builder_end_array (w->b);
  json_builder_set_member_name (w->b, "markers");
  json_builder_begin_array (w->b);
  json_builder_end_array (w->b);
}

static void
add_empty_metadata (OtioWriter *w)
{
  json_builder_set_member_name (w->b, "metadata");
  json_builder_begin_object (w->b);
  json_builder_end_object (w->b);
}

static void
add_gap (OtioWriter *w,
         gint64      length)
{
  begin_item (w, "Gap.1", "");
  add_empty_metadata (w);
  add_range (w, "source_range", 0, length);
  add_empty_lists (w);
  json_builder_set_member_name (w->b, "enabled");
  json_builder_add_boolean_value (w->b, TRUE);
  json_builder_end_object (w->b);
}

static void
add_transition (OtioWriter *w,
                gint64      in_offset,
                gint64      out_offset)
{
  begin_item (w, "Transition.1", "Dissolve");
  add_empty_metadata (w);
  json_builder_set_member_name (w->b, "transition_type");
  json_builder_add_string_value (w->b, "SMPTE_Dissolve");
  add_time (w, "in_offset", in_offset);
  add_time (w, "out_offset", out_offset);
  json_builder_end_object (w->b);
}

static void
add_reference (OtioWriter         *w,
               RushesTimelineClip *clip,
               gint64              available)
{
  json_builder_set_member_name (w->b, "media_references");
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "DEFAULT_MEDIA");
  if (rushes_timeline_clip_get_is_title (clip))
    {
      double x, y;

      rushes_timeline_clip_get_title_position (clip, &x, &y);
      begin_item (w, "GeneratorReference.1", rushes_timeline_clip_get_title_text (clip));
      add_empty_metadata (w);
      add_range (w, "available_range", 0, available);
      json_builder_set_member_name (w->b, "generator_kind");
      json_builder_add_string_value (w->b, "Rushes.Title");
      json_builder_set_member_name (w->b, "parameters");
      json_builder_begin_object (w->b);
      json_builder_set_member_name (w->b, "text");
      json_builder_add_string_value (w->b, rushes_timeline_clip_get_title_text (clip));
      json_builder_set_member_name (w->b, "size");
      json_builder_add_double_value (w->b, rushes_timeline_clip_get_title_size (clip));
      json_builder_set_member_name (w->b, "x");
      json_builder_add_double_value (w->b, x);
      json_builder_set_member_name (w->b, "y");
      json_builder_add_double_value (w->b, y);
      json_builder_end_object (w->b);
    }
  else
    {
      g_autofree char *path = _rushes_handoff_clip_path (w->project, clip, NULL);
      g_autofree char *url = g_filename_to_uri (path, NULL, NULL);
      g_autofree char *base = g_path_get_basename (path);

      begin_item (w, "ExternalReference.1", base);
      add_empty_metadata (w);
      add_range (w, "available_range", 0, available);
      json_builder_set_member_name (w->b, "target_url");
      json_builder_add_string_value (w->b, url ? url : path);
    }
  json_builder_end_object (w->b);
  json_builder_end_object (w->b);
  json_builder_set_member_name (w->b, "active_media_reference_key");
  json_builder_add_string_value (w->b, "DEFAULT_MEDIA");
}

/* What OTIO has no place for: volume and fades (seconds), the link */
static void
add_clip_metadata (OtioWriter         *w,
                   RushesTimelineClip *clip)
{
  json_builder_set_member_name (w->b, "metadata");
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "rushes");
  json_builder_begin_object (w->b);
  json_builder_set_member_name (w->b, "id");
  json_builder_add_string_value (w->b, rushes_timeline_clip_get_id (clip));
  json_builder_set_member_name (w->b, "volume");
  json_builder_add_double_value (w->b, rushes_timeline_clip_get_volume (clip));
  json_builder_set_member_name (w->b, "fade-in");
  json_builder_add_double_value (w->b, rushes_timeline_clip_get_fade_in (clip) / 1e9);
  json_builder_set_member_name (w->b, "fade-out");
  json_builder_add_double_value (w->b, rushes_timeline_clip_get_fade_out (clip) / 1e9);
  if (rushes_timeline_clip_get_link (clip))
    {
      json_builder_set_member_name (w->b, "link");
      json_builder_add_string_value (w->b, rushes_timeline_clip_get_link (clip));
    }
  json_builder_end_object (w->b);
  json_builder_end_object (w->b);
}

static void
add_clip (OtioWriter         *w,
          RushesTimelineClip *clip,
          gint64              source_start,
          gint64              duration)
{
  gint64 available = MAX (_rushes_handoff_frames (rushes_timeline_clip_get_media_duration (clip),
                                                  w->fps_n, w->fps_d),
                          source_start + duration);
  const char *name = rushes_timeline_clip_get_is_title (clip)
                     ? rushes_timeline_clip_get_title_text (clip)
                     : rushes_timeline_clip_get_name (clip);

  begin_item (w, "Clip.2", name);
  add_clip_metadata (w, clip);
  add_range (w, "source_range", source_start, duration);
  add_empty_lists (w);
  json_builder_set_member_name (w->b, "enabled");
  json_builder_add_boolean_value (w->b, TRUE);
  add_reference (w, clip, available);
  json_builder_end_object (w->b);
}

static void
add_track (OtioWriter          *w,
           RushesTimelineTrack *track)
{
  guint n = rushes_timeline_track_get_n_clips (track);
  gint64 cursor = 0, head = 0;

  begin_item (w, "Track.1", rushes_timeline_track_get_name (track));
  add_empty_metadata (w);
  json_builder_set_member_name (w->b, "kind");
  json_builder_add_string_value (w->b, rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO
                                       ? "Video" : "Audio");
  json_builder_set_member_name (w->b, "source_range");
  json_builder_add_null_value (w->b);
  add_empty_lists (w);
  json_builder_set_member_name (w->b, "enabled");
  json_builder_add_boolean_value (w->b, !rushes_timeline_track_get_muted (track));
  json_builder_set_member_name (w->b, "children");
  json_builder_begin_array (w->b);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);
      gint64 start = _rushes_handoff_frames (rushes_timeline_clip_get_start (clip), w->fps_n, w->fps_d);
      gint64 end = MAX (_rushes_handoff_frames (rushes_timeline_clip_get_end (clip), w->fps_n, w->fps_d),
                        start + 1);
      gint64 in = _rushes_handoff_frames (rushes_timeline_clip_get_in_point (clip), w->fps_n, w->fps_d);
      gint64 overlap = 0, in_offset = 0, out_offset = 0;

      if (i + 1 < n)
        {
          RushesTimelineClip *next = rushes_timeline_track_get_clip (track, i + 1);
          gint64 next_start = _rushes_handoff_frames (rushes_timeline_clip_get_start (next),
                                                      w->fps_n, w->fps_d);

          overlap = CLAMP (end - next_start, 0, end - start - head);
          in_offset = overlap / 2;
          out_offset = overlap - in_offset;
        }
      if (head == 0 && start > cursor)
        add_gap (w, start - cursor);
      /* this clip shows from the previous cut to the next one */
      add_clip (w, clip, in + head, MAX (end - start - head - out_offset, 0));
      if (overlap > 0)
        add_transition (w, in_offset, out_offset);
      cursor = end;
      head = in_offset;
    }
  json_builder_end_array (w->b);
  json_builder_end_object (w->b);
}

char *
rushes_handoff_to_otio (RushesProject  *project,
                        GError        **error)
{
  OtioWriter w = { 0 };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *title = NULL;
  guint width, height, n_tracks;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  if (!_rushes_handoff_check (project, error))
    return NULL;

  w.project = project;
  w.b = builder;
  rushes_project_get_format (project, &width, &height, &w.fps_n, &w.fps_d);
  w.fps_n = MAX (w.fps_n, 1);
  w.fps_d = MAX (w.fps_d, 1);
  w.rate = (double) w.fps_n / w.fps_d;
  title = rushes_project_get_title (project);
  n_tracks = rushes_project_get_n_tracks (project);

  begin_item (&w, "Timeline.1", title);
  json_builder_set_member_name (builder, "metadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rushes");
  json_builder_begin_object (builder);
  _rushes_json_add_format (builder, width, height, w.fps_n, w.fps_d);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "global_start_time");
  json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "tracks");
  begin_item (&w, "Stack.1", "tracks");
  add_empty_metadata (&w);
  json_builder_set_member_name (builder, "source_range");
  json_builder_add_null_value (builder);
  add_empty_lists (&w);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "children");
  json_builder_begin_array (builder);
  /* video tracks bottom to top, then the audio tracks */
  for (int pass = 0; pass < 2; pass++)
    for (guint t = 0; t < n_tracks; t++)
      {
        RushesTimelineTrack *track = rushes_project_get_track (project, t);
        gboolean video = rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO;

        if (video == (pass == 0))
          add_track (&w, track);
      }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return _rushes_json_to_string (root, TRUE);
}
