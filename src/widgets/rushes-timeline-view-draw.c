/* rushes-timeline-view-draw.c: how the timeline view draws itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ruler, the clips as filmstrips (and sound strips with their
 * waveforms), placeholders with their progress, live trims and moves, the
 * insertion marker and the playhead. Filmstrips and waveforms are made in
 * the background, once per file, and cached.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-thumbnailer.h"
#include "rushes-timeline-view-private.h"
#include "rushes-waveform.h"

static void
clip_colour (RushesTimelineClip *clip,
             GdkRGBA            *rgba)
{
  const char *key = rushes_timeline_clip_get_path (clip);
  guint hash = g_str_hash (key ? key : rushes_timeline_clip_get_name (clip));
  float r, g, b;

  gtk_hsv_to_rgb ((hash % 360) / 360.0f, 0.45f, 0.75f, &r, &g, &b);
  *rgba = (GdkRGBA) { r, g, b, 1.0f };
}

static void
frames_free (gpointer data)
{
  if (data)
    g_ptr_array_unref (data);
}

static void
peaks_free (gpointer data)
{
  if (data)
    g_array_unref (data);
}

void
_rushes_timeline_view_init_caches (RushesTimelineView *self)
{
  self->filmstrips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, frames_free);
  self->waveforms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, peaks_free);
}

/* Filmstrips and waveforms: one per file, made in the background on first
 * use; the cache holds NULL while one is being made. */
typedef struct
{
  RushesTimelineView *view;   /* owned */
  GHashTable        **cache;  /* &view->filmstrips or &view->waveforms: NULL once disposed */
  char               *path;
} CacheRequest;

/* The clip's cached value, or NULL; in that case a CacheRequest to start
 * making it, unless it is on its way already or there is nothing to read. */
static gpointer
cache_lookup (RushesTimelineView  *self,
              GHashTable         **cache,
              RushesTimelineClip  *clip,
              CacheRequest       **request)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  gpointer value = NULL;

  *request = NULL;
  if (path == NULL || rushes_timeline_clip_get_pending (clip) || rushes_timeline_clip_get_offline (clip))
    return NULL;
  if (g_hash_table_lookup_extended (*cache, path, NULL, &value))
    return value;

  g_hash_table_insert (*cache, g_strdup (path), NULL);
  *request = g_new0 (CacheRequest, 1);
  (*request)->view = g_object_ref (self);
  (*request)->cache = cache;
  (*request)->path = g_strdup (path);
  return NULL;
}

/* Stores @value (never NULL: an empty one on failure) unless the request
 * was cancelled or the view is gone, and frees the request. */
static void
cache_request_done (CacheRequest   *request,
                    gpointer        value,
                    GDestroyNotify  value_free,
                    const GError   *error)
{
  if (*request->cache != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_hash_table_replace (*request->cache, g_strdup (request->path), value);
      gtk_widget_queue_draw (GTK_WIDGET (request->view));
    }
  else
    value_free (value);
  g_object_unref (request->view);
  g_free (request->path);
  g_free (request);
}

static void
filmstrip_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *frames = rushes_thumbnailer_filmstrip_finish (RUSHES_THUMBNAILER (source), result, &error);

  if (frames == NULL)
    frames = g_ptr_array_new_with_free_func (g_object_unref);
  cache_request_done (data, frames, (GDestroyNotify) g_ptr_array_unref, error);
}

static GPtrArray *
get_filmstrip (RushesTimelineView *self,
               RushesTimelineClip *clip)
{
  CacheRequest *request;
  GPtrArray *frames = cache_lookup (self, &self->filmstrips, clip, &request);

  if (request != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (request->path);

      rushes_thumbnailer_filmstrip_async (rushes_thumbnailer_get_default (), file,
                                          FILMSTRIP_FRAMES, FILMSTRIP_WIDTH,
                                          self->cancellable, filmstrip_ready_cb, request);
    }
  return frames;
}

static void
waveform_ready_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  GArray *peaks = rushes_waveform_peaks_finish (result, &error);

  if (peaks == NULL)
    peaks = g_array_new (FALSE, TRUE, sizeof (float));
  cache_request_done (data, peaks, (GDestroyNotify) g_array_unref, error);
}

static GArray *
get_waveform (RushesTimelineView *self,
              RushesTimelineClip *clip)
{
  CacheRequest *request;
  GArray *peaks = cache_lookup (self, &self->waveforms, clip, &request);

  if (request != NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (request->path);

      rushes_waveform_peaks_async (file, self->cancellable, waveform_ready_cb, request);
    }
  return peaks;
}

static void
draw_text (GtkSnapshot   *snapshot,
           GtkWidget     *widget,
           const char    *text,
           double         x,
           double         y,
           double         max_width,
           const GdkRGBA *colour)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  pango_layout_set_width (layout, (int) MAX (max_width, 0) * PANGO_SCALE);
  /* a clip's title ends with what tells variations apart ("· #2 · seed …")
   * and a state ("— generating 40%"): keep both ends */
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_MIDDLE);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, colour);
  gtk_snapshot_restore (snapshot);
}

static void
draw_clip (RushesTimelineView *self,
           GtkSnapshot        *snapshot,
           RushesTimelineClip *clip,
           guint               index,
           double              x0,
           double              x1,
           gint64              in_point,
           gint64              out_point)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA base, white = { 1, 1, 1, 1 }, shade = { 0, 0, 0, 0.55f };
  graphene_rect_t rect = GRAPHENE_RECT_INIT (x0, CLIP_Y, MAX (x1 - x0 - 1, 1), CLIP_H);
  gboolean pending = rushes_timeline_clip_get_pending (clip);
  gboolean offline = rushes_timeline_clip_get_offline (clip);
  GPtrArray *frames = get_filmstrip (self, clip);
  g_autofree char *label = NULL;

  clip_colour (clip, &base);
  if (pending)
    base = (GdkRGBA) { 0.45f, 0.45f, 0.5f, 1 };
  if (offline)
    base = (GdkRGBA) { 0.55f, 0.15f, 0.15f, 1 };

  gtk_snapshot_push_clip (snapshot, &rect);
  gtk_snapshot_append_color (snapshot, &base, &rect);

  /* filmstrip: each tile shows the frame nearest its time in the take */
  if (frames && frames->len > 0)
    {
      GdkTexture *first = g_ptr_array_index (frames, 0);
      double tile_w = CLIP_H * gdk_texture_get_width (first) / MAX (gdk_texture_get_height (first), 1);
      gint64 media = rushes_timeline_clip_get_media_duration (clip);

      for (double x = x0; x < x1 && media > 0; x += tile_w)
        {
          gint64 t = in_point + (gint64) ((x - x0) / MAX (x1 - x0, 1) * (out_point - in_point));
          guint i = MIN ((guint) ((double) t / media * frames->len), frames->len - 1);

          gtk_snapshot_append_texture (snapshot, g_ptr_array_index (frames, i),
                                       &GRAPHENE_RECT_INIT (x, CLIP_Y, tile_w, CLIP_H));
        }
    }

  if (pending && offline)
    label = g_strdup_printf (_("%s — failed"), rushes_timeline_clip_get_name (clip));
  else if (pending)
    {
      double p = rushes_timeline_clip_get_progress (clip);
      GdkRGBA bar = { 0.3f, 0.6f, 1.0f, 1 };

      gtk_snapshot_append_color (snapshot, &bar,
                                 &GRAPHENE_RECT_INIT (x0, CLIP_Y + CLIP_H - 6, (x1 - x0) * p, 6));
      label = g_strdup_printf (_("%s — generating %d%%"), rushes_timeline_clip_get_name (clip), (int) (p * 100));
    }
  else if (offline)
    label = g_strdup_printf (_("%s — offline"), rushes_timeline_clip_get_name (clip));
  else
    label = g_strdup (rushes_timeline_clip_get_name (clip));

  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (x0, CLIP_Y, x1 - x0, 18));
  draw_text (snapshot, widget, label, x0 + 4, CLIP_Y + 1, x1 - x0 - 8, &white);
  gtk_snapshot_pop (snapshot);

  /* sound strip */
  if (rushes_timeline_clip_get_has_audio (clip) && !pending)
    {
      GdkRGBA wave = { 0.25f, 0.65f, 0.4f, 1 };
      graphene_rect_t a = GRAPHENE_RECT_INIT (x0, CLIP_Y + CLIP_H + AUDIO_GAP, MAX (x1 - x0 - 1, 1), AUDIO_H);

      GdkRGBA strip = { 0.1f, 0.3f, 0.18f, 1 };
      GArray *peaks = get_waveform (self, clip);

      gtk_snapshot_append_color (snapshot, &strip, &a);
      if (peaks && peaks->len > 0)
        {
          double mid = a.origin.y + AUDIO_H / 2;

          gtk_snapshot_push_clip (snapshot, &a);
          for (double x = x0; x < x1; x += 2)
            {
              /* the peak over the time this 2 px column covers */
              gint64 t0 = in_point + (gint64) ((x - x0) / MAX (x1 - x0, 1) * (out_point - in_point));
              gint64 t1 = in_point + (gint64) ((x + 2 - x0) / MAX (x1 - x0, 1) * (out_point - in_point));
              guint b0 = t0 / RUSHES_WAVEFORM_BUCKET, b1 = MAX (t1 / RUSHES_WAVEFORM_BUCKET, b0 + 1);
              float v = 0;

              for (guint b = b0; b < b1 && b < peaks->len; b++)
                v = MAX (v, g_array_index (peaks, float, b));
              if (v > 0)
                {
                  /* a little gain so that quiet takes still show */
                  double h = MAX (1, MIN (1.0, sqrt (v)) * (AUDIO_H - 2));

                  gtk_snapshot_append_color (snapshot, &wave, &GRAPHENE_RECT_INIT (x, mid - h / 2, 1.5, h));
                }
            }
          gtk_snapshot_pop (snapshot);
        }
    }

  if (index == self->selected)
    {
      GskRoundedRect outline;
      GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1 };
      float w[4] = { 2, 2, 2, 2 };
      GdkRGBA c[4] = { accent, accent, accent, accent };

      gsk_rounded_rect_init_from_rect (&outline, &rect, 0);
      gtk_snapshot_append_border (snapshot, &outline, w, c);
    }
}

void
_rushes_timeline_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA bg = { 0.12f, 0.12f, 0.13f, 1 }, tick = { 0.6f, 0.6f, 0.6f, 1 }, red = { 0.9f, 0.2f, 0.2f, 1 };
  gint64 step, duration;
  guint n;
  double x, shift = 0;
  gint64 live_in = 0, live_out = 0;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->project == NULL)
    return;

  /* ruler: a tick every 1, 2, 5, 10 … seconds, at least 60 px apart */
  duration = rushes_project_get_duration (self->project);
  {
    static const int steps[] = { 1, 2, 5, 10, 30, 60, 300, 600 };

    step = steps[G_N_ELEMENTS (steps) - 1];
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      if (steps[i] * self->zoom >= 60)
        {
          step = steps[i];
          break;
        }
  }
  for (gint64 s = 0; (x = rushes_timeline_view_time_to_x (self, s * GST_SECOND)) < width; s += step)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, s / 60, s % 60);

      gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (x, RULER_H - 6, 1, 6));
      draw_text (snapshot, widget, text, x + 2, 1, 60, &tick);
    }

  n = rushes_project_get_n_clips (self->project);
  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (self->project, i);
      gint64 in = rushes_timeline_clip_get_in_point (clip);
      gint64 out = rushes_timeline_clip_get_out_point (clip);
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, i)) + shift;
      double x1;

      /* a trim in progress: show it, rippling the clips after it */
      if ((self->drag_mode == DRAG_TRIM_IN || self->drag_mode == DRAG_TRIM_OUT) && i == self->drag_clip)
        {
          gint64 delta = _rushes_timeline_view_snap (self, (gint64) (self->drag_dx / self->zoom * GST_SECOND));
          gint64 media = rushes_timeline_clip_get_media_duration (clip);
          gint64 frame = _rushes_timeline_view_frame_duration (self);

          if (self->drag_mode == DRAG_TRIM_IN)
            in = CLAMP (in + delta, 0, out - frame);
          else
            out = CLAMP (out + delta, in + frame, media > 0 ? media : out + delta);
          live_in = in;
          live_out = out;
          x1 = x0 + (double) (out - in) / GST_SECOND * self->zoom;
          shift += (x1 - x0) - (double) rushes_timeline_clip_get_duration (clip) / GST_SECOND * self->zoom;
        }
      else
        x1 = x0 + (double) (out - in) / GST_SECOND * self->zoom;

      if (self->drag_mode == DRAG_MOVE && self->drag_moved && i == self->drag_clip)
        {
          gtk_snapshot_push_opacity (snapshot, 0.35);
          draw_clip (self, snapshot, clip, i, x0, x1, in, out);
          gtk_snapshot_pop (snapshot);
          gtk_snapshot_push_opacity (snapshot, 0.8);
          draw_clip (self, snapshot, clip, i, x0 + self->drag_dx, x1 + self->drag_dx, in, out);
          gtk_snapshot_pop (snapshot);
        }
      else
        draw_clip (self, snapshot, clip, i, x0, x1, in, out);
    }
  (void) live_in;
  (void) live_out;

  /* insertion marker for a drop or a move */
  {
    guint index = self->drop_index;

    if (self->drag_mode == DRAG_MOVE && self->drag_moved)
      index = rushes_timeline_view_drop_index_at (self, self->drag_x + self->drag_dx);
    if (index != G_MAXUINT)
      {
        GdkRGBA yellow = { 1, 0.85f, 0.2f, 1 };
        double ix = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index));

        gtk_snapshot_append_color (snapshot, &yellow, &GRAPHENE_RECT_INIT (ix - 1.5, CLIP_Y - 2, 3, CLIP_H + 4));
      }
  }

  /* playhead */
  x = rushes_timeline_view_time_to_x (self, MIN (self->position, duration));
  gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 1, 0, 2, height));
  gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 5, 0, 10, 6));

  if (gtk_widget_has_focus (widget))
    {
      GskRoundedRect focus;
      GdkRGBA f = { 0.21f, 0.52f, 0.89f, 0.8f };
      float w[4] = { 1, 1, 1, 1 };
      GdkRGBA c[4] = { f, f, f, f };

      gsk_rounded_rect_init_from_rect (&focus, &GRAPHENE_RECT_INIT (0, 0, width, height), 0);
      gtk_snapshot_append_border (snapshot, &focus, w, c);
    }
}

void
_rushes_timeline_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      gint64 d = self->project ? rushes_project_get_duration (self->project) : 0;
      int w = (int) (rushes_timeline_view_time_to_x (self, d) + PAD + self->zoom);

      *minimum = 100;
      *natural = MAX (w, 200);
    }
  else
    *minimum = *natural = (int) (CLIP_Y + CLIP_H + AUDIO_GAP + AUDIO_H + 6);
}
