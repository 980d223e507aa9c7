/* rushes-handoff-mlt.c: the project as MLT XML (Shotcut, Kdenlive, melt)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See rushes-handoff.h for the mapping. Frames are counted from the clips'
 * start and end times at the project's rate, so the cuts of every track
 * line up as they do in Rushes.
 */
#define G_LOG_DOMAIN "rushes-handoff"

#include "config.h"

#include <math.h>
#include <stdarg.h>

#include "rushes-handoff-private.h"

typedef struct
{
  RushesProject *project;
  const char    *base_dir;
  guint          width, height, fps_n, fps_d;
  GString       *xml;
  GHashTable    *producers;   /* RushesTimelineClip* → producer id (owned) */
  GHashTable    *chains;      /* absolute path → chain id (owned) */
  guint          n_xfades;
} MltWriter;

/* A clip in frames: it shows [in, in + end - start) of its producer from start on */
typedef struct
{
  RushesTimelineClip *clip;
  const char         *producer;
  gint64              start, end, in;
} MltClip;

static gint64
frames (MltWriter *w,
        gint64     ns)
{
  return _rushes_handoff_frames (ns, w->fps_n, w->fps_d);
}

static void
append_property (GString    *out,
                 const char *indent,
                 const char *name,
                 const char *value)
{
  g_autofree char *line = g_markup_printf_escaped ("%s<property name=\"%s\">%s</property>\n",
                                                   indent, name, value);
  g_string_append (out, line);
}

/* name, value, … NULL */
G_GNUC_NULL_TERMINATED static void
append_properties (GString    *out,
                   const char *indent,
                   ...)
{
  va_list args;
  const char *name;

  va_start (args, indent);
  while ((name = va_arg (args, const char *)) != NULL)
    append_property (out, indent, name, va_arg (args, const char *));
  va_end (args);
}

static void
append_property_int (GString    *out,
                     const char *indent,
                     const char *name,
                     gint64      value)
{
  g_string_append_printf (out, "%s<property name=\"%s\">%" G_GINT64_FORMAT "</property>\n",
                          indent, name, value);
}

static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4f", value));
}

static void
write_profile (MltWriter *w)
{
  guint a = w->width, b = w->height;

  while (b)
    {
      guint t = a % b;
      a = b;
      b = t;
    }
  g_string_append_printf (w->xml,
                          "  <profile description=\"Rushes %ux%u %u/%u\" width=\"%u\" height=\"%u\" progressive=\"1\" "
                          "sample_aspect_num=\"1\" sample_aspect_den=\"1\" display_aspect_num=\"%u\" display_aspect_den=\"%u\" "
                          "frame_rate_num=\"%u\" frame_rate_den=\"%u\" colorspace=\"709\"/>\n",
                          w->width, w->height, w->fps_n, w->fps_d, w->width, w->height,
                          w->width / MAX (a, 1), w->height / MAX (a, 1), w->fps_n, w->fps_d);
}

static void
write_chain (MltWriter          *w,
             RushesTimelineClip *clip)
{
  g_autofree char *path = _rushes_handoff_clip_path (w->project, clip, w->base_dir);
  const char *id = g_hash_table_lookup (w->chains, path);
  gint64 length;

  if (id == NULL)
    {
      g_autofree char *new_id = g_strdup_printf ("chain%u", g_hash_table_size (w->chains));
      const char *name = rushes_timeline_clip_get_name (clip);

      length = MAX (frames (w, rushes_timeline_clip_get_media_duration (clip)),
                    frames (w, rushes_timeline_clip_get_out_point (clip)));
      g_string_append_printf (w->xml, "  <chain id=\"%s\" out=\"%" G_GINT64_FORMAT "\">\n",
                              new_id, MAX (length - 1, 0));
      append_property_int (w->xml, "    ", "length", length);
      append_properties (w->xml, "    ",
                         "eof", "pause",
                         "resource", path,
                         "mlt_service", "avformat-novalidate",
                         "seekable", "1",
                         NULL);
      if (name && *name)
        append_property (w->xml, "    ", "shotcut:caption", name);
      g_string_append (w->xml, "  </chain>\n");
      id = new_id;
      g_hash_table_insert (w->chains, g_steal_pointer (&path), g_steal_pointer (&new_id));
    }
  g_hash_table_insert (w->producers, clip, g_strdup (id));
}

/* Shotcut's "Text: Simple" on a transparent colour clip */
static void
write_title (MltWriter          *w,
             RushesTimelineClip *clip)
{
  g_autofree char *id = g_strdup_printf ("title%u", g_hash_table_size (w->producers));
  gint64 length = MAX (frames (w, rushes_timeline_clip_get_out_point (clip)), 1);
  double size = rushes_timeline_clip_get_title_size (clip);
  double x, y;
  g_autofree char *geometry = NULL;
  g_autofree char *size_text = NULL;

  rushes_timeline_clip_get_title_position (clip, &x, &y);
  if (size <= 0)
    size = w->height / 12.0;
  size_text = format_double (size);
  /* a frame-sized box centred on the text's centre */
  geometry = g_strdup_printf ("%d %d %u %u 1", (int) lround (x * w->width - w->width / 2.0),
                              (int) lround (y * w->height - w->height / 2.0), w->width, w->height);

  g_string_append_printf (w->xml, "  <producer id=\"%s\" in=\"0\" out=\"%" G_GINT64_FORMAT "\">\n",
                          id, length - 1);
  append_property_int (w->xml, "    ", "length", length);
  append_properties (w->xml, "    ",
                     "eof", "pause",
                     "resource", "#00000000",
                     "mlt_service", "color",
                     "mlt_image_format", "rgba",
                     "set.test_audio", "0",
                     "shotcut:caption", rushes_timeline_clip_get_title_text (clip),
                     NULL);
  g_string_append (w->xml, "    <filter>\n");
  append_properties (w->xml, "      ",
                     "argument", rushes_timeline_clip_get_title_text (clip),
                     "geometry", geometry,
                     "family", "Sans",
                     "size", size_text,
                     "weight", "400",
                     "fgcolour", "#ffffffff",
                     "bgcolour", "#00000000",
                     "olcolour", "#aa000000",
                     "outline", "1",
                     "halign", "center",
                     "valign", "middle",
                     "mlt_service", "dynamictext",
                     "shotcut:filter", "dynamicText",
                     NULL);
  g_string_append (w->xml, "    </filter>\n");
  g_string_append (w->xml, "  </producer>\n");
  g_hash_table_insert (w->producers, clip, g_steal_pointer (&id));
}

/* The keyframes of a sound fade over n frames: MLT's volume "level" is
 * in dB, Rushes fades the amplitude linearly, so one keyframe a frame at
 * the dB of that frame's amplitude (-60 dB for silence) */
static char *
sound_fade_level (gint64   n,
                  gboolean fade_in)
{
  GString *level = g_string_new (NULL);

  for (gint64 k = 0; k <= n; k++)
    {
      double amplitude = (double) (fade_in ? k : n - k) / (double) MAX (n, 1);
      g_autofree char *db = format_double (amplitude > 0.001 ? MAX (20.0 * log10 (amplitude), -60.0) : -60.0);

      g_string_append_printf (level, "%s%" G_GINT64_FORMAT "=%s", k ? ";" : "", k, db);
    }
  return g_string_free (level, FALSE);
}

/* A fade as a filter over source frames [from, to] of the clip's producer:
 * level 0 → 1 (video, linear) or silence → 0 dB (sound, linear in
 * amplitude), or back */
static void
write_fade (GString    *out,
            gint64      from,
            gint64      to,
            gboolean    fade_in,
            gboolean    video,
            gboolean    title)
{
  g_autofree char *level = video ? g_strdup_printf ("0=%s;%" G_GINT64_FORMAT "=%s", fade_in ? "0" : "1",
                                                    to - from, fade_in ? "1" : "0")
                                 : sound_fade_level (to - from, fade_in);

  g_string_append_printf (out, "      <filter in=\"%" G_GINT64_FORMAT "\" out=\"%" G_GINT64_FORMAT "\">\n",
                          from, to);
  append_property (out, "        ", "level", level);
  append_property (out, "        ", "mlt_service", video ? "brightness" : "volume");
  if (video && title)
    append_property (out, "        ", "alpha", "-1");  /* a title fades to transparent */
  append_property (out, "        ", "shotcut:filter",
                   video ? (fade_in ? "fadeInBrightness" : "fadeOutBrightness")
                         : (fade_in ? "fadeInVolume" : "fadeOutVolume"));
  g_string_append (out, "      </filter>\n");
}

/* The part [from, to] (source frames) of a clip as a playlist entry */
static void
write_entry (MltWriter      *w,
             GString        *out,
             const MltClip  *c,
             gint64          from,
             gint64          to,
             gboolean        video)
{
  RushesTimelineClip *clip = c->clip;
  gint64 length = c->end - c->start;
  gint64 fade_in = MIN (frames (w, rushes_timeline_clip_get_fade_in (clip)), length);
  gint64 fade_out = MIN (frames (w, rushes_timeline_clip_get_fade_out (clip)), length);
  double volume = rushes_timeline_clip_get_volume (clip);
  gboolean title = rushes_timeline_clip_get_is_title (clip);
  gboolean filters = (fade_in > 0 && from < c->in + fade_in) ||
                     (fade_out > 0 && to >= c->in + length - fade_out) ||
                     (!video && volume != 1.0);

  g_string_append_printf (out, "    <entry producer=\"%s\" in=\"%" G_GINT64_FORMAT "\" out=\"%" G_GINT64_FORMAT "\"%s\n",
                          c->producer, from, to, filters ? ">" : "/>");
  if (!filters)
    return;
  if (!video && volume != 1.0)
    {
      g_autofree char *gain = format_double (volume);

      g_string_append (out, "      <filter>\n");
      append_property (out, "        ", "gain", gain);
      append_property (out, "        ", "mlt_service", "volume");
      g_string_append (out, "      </filter>\n");
    }
  if (fade_in > 0 && from < c->in + fade_in)
    write_fade (out, c->in, c->in + fade_in - 1, TRUE, video, title);
  if (fade_out > 0 && to >= c->in + length - fade_out)
    write_fade (out, c->in + length - fade_out, c->in + length - 1, FALSE, video, title);
  g_string_append (out, "    </entry>\n");
}

/* Shotcut's same-track transition: a small tractor with both tails */
static char *
write_crossfade (MltWriter     *w,
                 const MltClip *a,
                 const MltClip *b,
                 gint64         overlap)
{
  char *id = g_strdup_printf ("crossfade%u", w->n_xfades++);
  gint64 a_in = a->in + (a->end - a->start) - overlap;

  g_string_append_printf (w->xml, "  <tractor id=\"%s\" in=\"0\" out=\"%" G_GINT64_FORMAT "\">\n", id, overlap - 1);
  append_property (w->xml, "    ", "shotcut:transition", "lumaMix");
  g_string_append_printf (w->xml, "    <track producer=\"%s\" in=\"%" G_GINT64_FORMAT "\" out=\"%" G_GINT64_FORMAT "\"/>\n",
                          a->producer, a_in, a_in + overlap - 1);
  g_string_append_printf (w->xml, "    <track producer=\"%s\" in=\"%" G_GINT64_FORMAT "\" out=\"%" G_GINT64_FORMAT "\"/>\n",
                          b->producer, b->in, b->in + overlap - 1);
  g_string_append_printf (w->xml, "    <transition out=\"%" G_GINT64_FORMAT "\">\n", overlap - 1);
  append_properties (w->xml, "      ",
                     "a_track", "0",
                     "b_track", "1",
                     "factory", "loader",
                     "mlt_service", "luma",
                     "progressive", "1",
                     NULL);
  g_string_append (w->xml, "    </transition>\n");
  g_string_append_printf (w->xml, "    <transition out=\"%" G_GINT64_FORMAT "\">\n", overlap - 1);
  append_properties (w->xml, "      ",
                     "a_track", "0",
                     "b_track", "1",
                     "start", "0",
                     "end", "1",
                     "mlt_service", "mix",
                     NULL);
  g_string_append (w->xml, "    </transition>\n");
  g_string_append (w->xml, "  </tractor>\n");
  return id;
}

/* The track's playlist (after the crossfade tractors it uses); returns its length in frames */
static gint64
write_track (MltWriter           *w,
             RushesTimelineTrack *track,
             guint                index)
{
  gboolean video = rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO;
  guint n = rushes_timeline_track_get_n_clips (track);
  g_autoptr(GString) playlist = g_string_new (NULL);
  g_autofree MltClip *clips = g_new0 (MltClip, MAX (n, 1));
  gint64 cursor = 0, head = 0;

  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

      clips[i].clip = clip;
      clips[i].producer = g_hash_table_lookup (w->producers, clip);
      clips[i].start = frames (w, rushes_timeline_clip_get_start (clip));
      clips[i].end = MAX (frames (w, rushes_timeline_clip_get_end (clip)), clips[i].start + 1);
      clips[i].in = frames (w, rushes_timeline_clip_get_in_point (clip));
    }

  g_string_append_printf (playlist, "  <playlist id=\"playlist%u\">\n", index);
  append_property (playlist, "    ", video ? "shotcut:video" : "shotcut:audio", "1");
  append_property (playlist, "    ", "shotcut:name", rushes_timeline_track_get_name (track));
  for (guint i = 0; i < n; i++)
    {
      const MltClip *c = &clips[i];
      gint64 length = c->end - c->start;
      gint64 tail = 0;

      if (i + 1 < n)
        tail = CLAMP (c->end - clips[i + 1].start, 0, length - head);
      if (head == 0 && c->start > cursor)
        g_string_append_printf (playlist, "    <blank length=\"%" G_GINT64_FORMAT "\"/>\n", c->start - cursor);
      if (length - head - tail > 0)
        write_entry (w, playlist, c, c->in + head, c->in + length - tail - 1, video);
      cursor = c->end;
      if (tail > 0)
        {
          g_autofree char *id = write_crossfade (w, c, &clips[i + 1], tail);

          g_string_append_printf (playlist, "    <entry producer=\"%s\" in=\"0\" out=\"%" G_GINT64_FORMAT "\"/>\n",
                                  id, tail - 1);
        }
      head = tail;
    }
  g_string_append (playlist, "  </playlist>\n");
  g_string_append_len (w->xml, playlist->str, playlist->len);
  return cursor;
}

static void
write_transition (GString    *out,
                  guint       b_track,
                  const char *service,
                  guint       a_track)
{
  g_string_append (out, "    <transition>\n");
  append_property_int (out, "      ", "a_track", a_track);
  append_property_int (out, "      ", "b_track", b_track);
  append_property (out, "      ", "mlt_service", service);
  append_property (out, "      ", "always_active", "1");
  if (g_str_equal (service, "mix"))
    {
      append_property (out, "      ", "sum", "1");
      append_property (out, "      ", "combine", "1");
    }
  g_string_append (out, "    </transition>\n");
}

char *
rushes_handoff_to_mlt (RushesProject  *project,
                       const char     *base_dir,
                       GError        **error)
{
  MltWriter w = { 0 };
  g_autoptr(GPtrArray) order = g_ptr_array_new ();  /* tracks: video, then audio */
  g_autoptr(GString) tractor = g_string_new (NULL);
  g_autofree char *title = NULL;
  gint64 total = 0;
  guint n_tracks, n_video = 0;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  if (!_rushes_handoff_check (project, error))
    return NULL;

  w.project = project;
  w.base_dir = base_dir;
  rushes_project_get_format (project, &w.width, &w.height, &w.fps_n, &w.fps_d);
  w.fps_n = MAX (w.fps_n, 1);
  w.fps_d = MAX (w.fps_d, 1);
  w.xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  w.producers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  w.chains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  n_tracks = rushes_project_get_n_tracks (project);
  for (guint t = 0; t < n_tracks; t++)
    if (rushes_timeline_track_get_kind (rushes_project_get_track (project, t)) == RUSHES_TRACK_VIDEO)
      g_ptr_array_insert (order, n_video++, rushes_project_get_track (project, t));
    else
      g_ptr_array_add (order, rushes_project_get_track (project, t));

  title = rushes_project_get_title (project);
  {
    g_autofree char *head = g_markup_printf_escaped ("<mlt LC_NUMERIC=\"C\" version=\"7.12.0\" title=\"%s\" producer=\"tractor0\">\n",
                                                     title ? title : "");
    g_string_append (w.xml, head);
  }
  write_profile (&w);

  /* producers: one chain per file, one per title */
  for (guint t = 0; t < order->len; t++)
    {
      RushesTimelineTrack *track = order->pdata[t];

      for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
        {
          RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

          if (rushes_timeline_clip_get_is_title (clip))
            write_title (&w, clip);
          else
            write_chain (&w, clip);
        }
    }

  for (guint t = 0; t < order->len; t++)
    {
      gint64 end = write_track (&w, order->pdata[t], t);  /* once: MAX evaluates twice */

      total = MAX (total, end);
    }
  total = MAX (total, 1);

  /* the black background under everything, as in Shotcut */
  g_string_append_printf (w.xml, "  <producer id=\"black\" in=\"0\" out=\"%" G_GINT64_FORMAT "\">\n", total - 1);
  append_property_int (w.xml, "    ", "length", total);
  append_properties (w.xml, "    ",
                     "eof", "pause",
                     "resource", "0",
                     "mlt_service", "color",
                     "mlt_image_format", "rgba",
                     "set.test_audio", "0",
                     NULL);
  g_string_append (w.xml, "  </producer>\n");
  g_string_append_printf (w.xml, "  <playlist id=\"background\">\n    <entry producer=\"black\" in=\"0\" out=\"%" G_GINT64_FORMAT "\"/>\n  </playlist>\n",
                          total - 1);

  g_string_append_printf (w.xml, "  <tractor id=\"tractor0\" in=\"0\" out=\"%" G_GINT64_FORMAT "\">\n", total - 1);
  append_property (w.xml, "    ", "shotcut", "1");
  g_string_append (w.xml, "    <track producer=\"background\"/>\n");
  for (guint t = 0; t < order->len; t++)
    {
      RushesTimelineTrack *track = order->pdata[t];
      gboolean video = t < n_video;
      const char *hide = rushes_timeline_track_get_muted (track) ? "both" : video ? "audio" : "video";

      g_string_append_printf (w.xml, "    <track producer=\"playlist%u\" hide=\"%s\"/>\n", t, hide);
      write_transition (tractor, t + 1, "mix", 0);
      /* upper video tracks over the first (tracks 2… onto track 1) */
      if (video && t > 0)
        write_transition (tractor, t + 1, "affine", 1);
    }
  g_string_append_len (w.xml, tractor->str, tractor->len);
  g_string_append (w.xml, "  </tractor>\n</mlt>\n");

  g_hash_table_unref (w.producers);
  g_hash_table_unref (w.chains);
  return g_string_free (w.xml, FALSE);
}
