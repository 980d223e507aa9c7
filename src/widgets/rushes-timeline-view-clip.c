/* rushes-timeline-view-clip.c: how the timeline view draws one clip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A take's clip as a filmstrip, a title clip with its text, an audio clip
 * with its waveform and a volume line; placeholders with their progress,
 * offline clips in red; fade ramps and their handles on the top corners,
 * a link mark on linked clips, the selection outline. Also the band over
 * a crossfade and the hatching of locked tracks.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"
#include "rushes-waveform.h"

static void
clip_colour (RushesTimelineClip *clip,
             RushesTrackKind     kind,
             GdkRGBA            *rgba)
{
  const char *key = rushes_timeline_clip_get_path (clip);
  guint hash = g_str_hash (key ? key : rushes_timeline_clip_get_name (clip));
  float r, g, b;

  if (rushes_timeline_clip_get_is_title (clip))
    {
      *rgba = (GdkRGBA) { 0.42f, 0.3f, 0.62f, 1 };
      return;
    }
  if (kind == RUSHES_TRACK_AUDIO)
    {
      *rgba = (GdkRGBA) { 0.1f, 0.3f, 0.18f, 1 };
      return;
    }
  gtk_hsv_to_rgb ((hash % 360) / 360.0f, 0.45f, 0.75f, &r, &g, &b);
  *rgba = (GdkRGBA) { r, g, b, 1.0f };
}

void
_rushes_timeline_view_clip_box (RushesTimelineView      *self,
                                RushesTimelineClip      *clip,
                                const RushesTimelineRow *row,
                                RushesClipBox           *box)
{
  box->clip = clip;
  box->start = rushes_timeline_clip_get_start (clip);
  box->in = rushes_timeline_clip_get_in_point (clip);
  box->out = rushes_timeline_clip_get_out_point (clip);
  box->fade_in = rushes_timeline_clip_get_fade_in (clip);
  box->fade_out = rushes_timeline_clip_get_fade_out (clip);
  box->x0 = rushes_timeline_view_time_to_x (self, box->start);
  box->x1 = rushes_timeline_view_time_to_x (self, box->start + box->out - box->in);
  box->y = row->y;
  box->h = row->h;
}

static void
draw_filmstrip (RushesTimelineView  *self,
                GtkSnapshot         *snapshot,
                const RushesClipBox *box)
{
  GPtrArray *frames = _rushes_timeline_view_get_filmstrip (self, box->clip);
  GdkTexture *first;
  double tile_w;
  gint64 media = rushes_timeline_clip_get_media_duration (box->clip);

  if (frames == NULL || frames->len == 0 || media <= 0)
    return;
  first = g_ptr_array_index (frames, 0);
  tile_w = box->h * gdk_texture_get_width (first) / MAX (gdk_texture_get_height (first), 1);
  /* each tile shows the frame nearest its time in the take */
  for (double x = box->x0; x < box->x1; x += tile_w)
    {
      gint64 t = box->in + (gint64) ((x - box->x0) / MAX (box->x1 - box->x0, 1) * (box->out - box->in));
      guint i = MIN ((guint) ((double) t / media * frames->len), frames->len - 1);

      gtk_snapshot_append_texture (snapshot, g_ptr_array_index (frames, i),
                                   &GRAPHENE_RECT_INIT (x, box->y, tile_w, box->h));
    }
}

/* The waveform, scaled by the clip's volume, and the volume as a line:
 * at the middle for 1, at the top for 2, at the bottom for silence */
static void
draw_waveform (RushesTimelineView  *self,
               GtkSnapshot         *snapshot,
               const RushesClipBox *box)
{
  GdkRGBA wave = { 0.3f, 0.75f, 0.45f, 1 }, line = { 1, 0.8f, 0.2f, 1 };
  GArray *peaks = _rushes_timeline_view_get_waveform (self, box->clip);
  double volume = rushes_timeline_clip_get_volume (box->clip);
  double top = box->y + 18, h = box->h - 18, mid = top + h / 2;
  double width = MAX (box->x1 - box->x0, 1);

  for (double x = box->x0; peaks && peaks->len > 0 && x < box->x1; x += 2)
    {
      /* the peak over the time this 2 px column covers */
      gint64 t0 = box->in + (gint64) ((x - box->x0) / width * (box->out - box->in));
      gint64 t1 = box->in + (gint64) ((x + 2 - box->x0) / width * (box->out - box->in));
      guint b0 = t0 / RUSHES_WAVEFORM_BUCKET, b1 = MAX (t1 / RUSHES_WAVEFORM_BUCKET, b0 + 1);
      float v = 0;

      for (guint b = b0; b < b1 && b < peaks->len; b++)
        v = MAX (v, g_array_index (peaks, float, b));
      if (v > 0)
        {
          /* a little gain so that quiet takes still show */
          double ph = MAX (1, MIN (1.0, sqrt (v) * volume) * (h - 2));

          gtk_snapshot_append_color (snapshot, &wave, &GRAPHENE_RECT_INIT (x, mid - ph / 2, 1.5, ph));
        }
    }
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (box->x0, top + h * (1 - volume / RUSHES_TIMELINE_CLIP_MAX_VOLUME) - 0.5,
                                                  box->x1 - box->x0, 1));
}

/* Fade ramps: the faded part darkened above a line from silence/black
 * at the clip's edge to full at the end of the fade; a handle on each
 * top corner where the fade ends */
static void
draw_fades (GtkSnapshot         *snapshot,
            const RushesClipBox *box,
            double               zoom)
{
  double fi = (double) box->fade_in / GST_SECOND * zoom;
  double fo = (double) box->fade_out / GST_SECOND * zoom;
  double y0 = box->y, y1 = box->y + box->h;
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (box->x0, y0, box->x1 - box->x0, box->h));

  cairo_set_line_width (cr, 1.5);
  if (fi > 0)
    {
      cairo_move_to (cr, box->x0, y0);
      cairo_line_to (cr, box->x0 + fi, y0);
      cairo_line_to (cr, box->x0, y1);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_fill (cr);
      cairo_move_to (cr, box->x0, y1);
      cairo_line_to (cr, box->x0 + fi, y0);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_stroke (cr);
    }
  if (fo > 0)
    {
      cairo_move_to (cr, box->x1, y0);
      cairo_line_to (cr, box->x1 - fo, y0);
      cairo_line_to (cr, box->x1, y1);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_fill (cr);
      cairo_move_to (cr, box->x1, y1);
      cairo_line_to (cr, box->x1 - fo, y0);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_stroke (cr);
    }
  if (box->x1 - box->x0 > 3 * FADE_HANDLE)
    {
      double hi = MIN (box->x0 + MAX (fi, FADE_HANDLE / 2), box->x1 - FADE_HANDLE / 2);
      double ho = MAX (box->x1 - MAX (fo, FADE_HANDLE / 2), box->x0 + FADE_HANDLE / 2);

      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_rectangle (cr, hi - FADE_HANDLE / 2, y0, FADE_HANDLE, FADE_HANDLE);
      cairo_rectangle (cr, ho - FADE_HANDLE / 2, y0, FADE_HANDLE, FADE_HANDLE);
      cairo_fill (cr);
    }
  cairo_destroy (cr);
}

/* Two chain links on the top right: this clip moves with its partner */
static void
draw_link_mark (GtkSnapshot         *snapshot,
                const RushesClipBox *box)
{
  double x = box->x1 - FADE_HANDLE - 22, y = box->y + 4;
  cairo_t *cr;

  if (box->x1 - box->x0 < 40)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 2, y - 2, 22, 14));
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 5, y + 5, 4, 0, 2 * G_PI);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + 12, y + 5, 4, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
_rushes_timeline_view_draw_clip (RushesTimelineView  *self,
                                 GtkSnapshot         *snapshot,
                                 const RushesClipBox *box,
                                 RushesTrackKind      kind)
{
  GtkWidget *widget = GTK_WIDGET (self);
  RushesTimelineClip *clip = box->clip;
  GdkRGBA base, white = { 1, 1, 1, 1 }, shade = { 0, 0, 0, 0.55f };
  graphene_rect_t rect = GRAPHENE_RECT_INIT (box->x0, box->y, MAX (box->x1 - box->x0 - 1, 1), box->h);
  gboolean pending = rushes_timeline_clip_get_pending (clip);
  gboolean offline = rushes_timeline_clip_get_offline (clip);
  gboolean title = rushes_timeline_clip_get_is_title (clip);
  g_autofree char *label = NULL;

  clip_colour (clip, kind, &base);
  if (pending)
    base = (GdkRGBA) { 0.45f, 0.45f, 0.5f, 1 };
  if (offline)
    base = (GdkRGBA) { 0.55f, 0.15f, 0.15f, 1 };

  gtk_snapshot_push_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &base, &rect);
  if (!pending && !offline && !title)
    {
      if (kind == RUSHES_TRACK_AUDIO)
        draw_waveform (self, snapshot, box);
      else
        draw_filmstrip (self, snapshot, box);
    }

  if (title)
    {
      const char *text = rushes_timeline_clip_get_title_text (clip);

      label = g_strdup (_("Title"));
      _rushes_timeline_view_draw_text (snapshot, widget, text ? text : "", box->x0 + 6, box->y + 24,
                                       box->x1 - box->x0 - 12, &white);
    }
  else if (pending && offline)
    label = g_strdup_printf (_("%s — failed"), rushes_timeline_clip_get_name (clip));
  else if (pending)
    {
      double p = rushes_timeline_clip_get_progress (clip);
      GdkRGBA bar = { 0.3f, 0.6f, 1.0f, 1 };

      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (box->x0, box->y + box->h - 6, (box->x1 - box->x0) * p, 6));
      label = g_strdup_printf (_("%s — generating %d%%"), rushes_timeline_clip_get_name (clip), (int) (p * 100));
    }
  else if (offline)
    label = g_strdup_printf (_("%s — offline"), rushes_timeline_clip_get_name (clip));
  else
    label = g_strdup (rushes_timeline_clip_get_name (clip));

  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (box->x0, box->y, box->x1 - box->x0, 18));
  _rushes_timeline_view_draw_text (snapshot, widget, label, box->x0 + 4 + (box->fade_in > 0 ? FADE_HANDLE : 0),
                                   box->y + 1, box->x1 - box->x0 - 8 - 2 * FADE_HANDLE
                                   - (rushes_timeline_clip_get_link (clip) ? 24 : 0), &white);
  if (!pending)
    draw_fades (snapshot, box, self->zoom);
  if (rushes_timeline_clip_get_link (clip))
    draw_link_mark (snapshot, box);
  _rushes_timeline_view_draw_version_badge (self, snapshot, box);
  _rushes_timeline_view_draw_retake_marks (self, snapshot, box);
  gtk_snapshot_pop (snapshot);

  if (clip == self->selected)
    {
      GskRoundedRect outline;
      GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1 };
      float w[4] = { 2, 2, 2, 2 };
      GdkRGBA c[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, w, c);
    }
}

/* A crossfade: a light band with both diagonals over the overlap */
void
_rushes_timeline_view_draw_crossfade (GtkSnapshot *snapshot,
                                      double       x0,
                                      double       x1,
                                      double       y,
                                      double       h)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x0, y, MAX (x1 - x0, 1), h));

  cairo_rectangle (cr, x0, y, x1 - x0, h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.22);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 2);
  cairo_move_to (cr, x0, y + h);
  cairo_line_to (cr, x1, y);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y + h);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* Diagonal lines over a locked track */
void
_rushes_timeline_view_draw_hatch (GtkSnapshot           *snapshot,
                                  const graphene_rect_t *rect,
                                  const GdkRGBA         *colour)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, rect);
  double x0 = rect->origin.x, y0 = rect->origin.y, w = rect->size.width, h = rect->size.height;

  cairo_rectangle (cr, x0, y0, w, h);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, colour);
  cairo_set_line_width (cr, 1.5);
  for (double x = x0 - h; x < x0 + w; x += 10)
    {
      cairo_move_to (cr, x, y0 + h);
      cairo_line_to (cr, x + h, y0);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}
