/* rushes-timeline-view-draw.c: how the timeline view draws itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ruler, a row per track with its clips (rushes-timeline-view-clip.c
 * draws one) and crossfades, muted rows dimmed and locked ones hatched,
 * live moves, trims and fades, the snapping and drop markers, the track
 * headers pinned to the left, the playhead and the last refusal.
 * Filmstrips and waveforms are made in the background, once per file,
 * and cached.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-thumbnailer.h"
#include "rushes-timeline-view-private.h"
#include "rushes-waveform.h"

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

GPtrArray *
_rushes_timeline_view_get_filmstrip (RushesTimelineView *self,
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

GArray *
_rushes_timeline_view_get_waveform (RushesTimelineView *self,
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

void
_rushes_timeline_view_draw_text (GtkSnapshot   *snapshot,
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

/* The mute (0) and lock (1) buttons of a row's header */
void
_rushes_timeline_view_header_button (RushesTimelineView      *self,
                                     const RushesTimelineRow *row,
                                     guint                    which,
                                     graphene_rect_t         *rect)
{
  double hx = _rushes_timeline_view_header_x (self);

  graphene_rect_init (rect, hx + HEADER_W - (2 - which) * (BUTTON + 4),
                      row->y + row->h - BUTTON - 3, BUTTON, BUTTON);
}

static void
draw_icon (GtkSnapshot           *snapshot,
           GtkWidget             *widget,
           const char            *name,
           const graphene_rect_t *rect,
           const GdkRGBA         *colour)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, name, NULL, 16, gtk_widget_get_scale_factor (widget),
                                                                 GTK_TEXT_DIR_NONE, 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (rect->origin.x + (rect->size.width - 16) / 2,
                                                          rect->origin.y + (rect->size.height - 16) / 2));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, 16, 16, colour, 1);
  gtk_snapshot_restore (snapshot);
}

static void
draw_header (RushesTimelineView      *self,
             GtkSnapshot             *snapshot,
             const RushesTimelineRow *row,
             RushesTimelineTrack     *track)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double hx = _rushes_timeline_view_header_x (self);
  GdkRGBA bg = { 0.2f, 0.2f, 0.22f, 1 }, text = { 0.92f, 0.92f, 0.92f, 1 };
  GdkRGBA on = { 0.21f, 0.52f, 0.89f, 1 }, off = { 0.3f, 0.3f, 0.33f, 1 };
  GdkRGBA warn = { 0.9f, 0.55f, 0.2f, 1 };
  gboolean muted = rushes_timeline_track_get_muted (track);
  gboolean locked = rushes_timeline_track_get_locked (track);
  graphene_rect_t b;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (hx, row->y, HEADER_W - 2, row->h));
  if (row->track == self->current_track)
    gtk_snapshot_append_color (snapshot, &on, &GRAPHENE_RECT_INIT (hx, row->y, 4, row->h));
  _rushes_timeline_view_draw_text (snapshot, widget, rushes_timeline_track_get_name (track),
                                   hx + 10, row->y + 2, HEADER_W - 18, &text);

  _rushes_timeline_view_header_button (self, row, 0, &b);
  gtk_snapshot_append_color (snapshot, muted ? &warn : &off, &b);
  draw_icon (snapshot, widget, muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic", &b, &text);
  _rushes_timeline_view_header_button (self, row, 1, &b);
  gtk_snapshot_append_color (snapshot, locked ? &warn : &off, &b);
  draw_icon (snapshot, widget, locked ? "changes-prevent-symbolic" : "changes-allow-symbolic", &b, &text);
}

static void
draw_ruler (RushesTimelineView *self,
            GtkSnapshot        *snapshot,
            int                 width)
{
  static const int steps[] = { 1, 2, 5, 10, 30, 60, 300, 600 };
  GdkRGBA tick = { 0.6f, 0.6f, 0.6f, 1 };
  gint64 step = steps[G_N_ELEMENTS (steps) - 1];
  double x;

  /* a tick every 1, 2, 5, 10 … seconds, at least 60 px apart */
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * self->zoom >= 60)
      {
        step = steps[i];
        break;
      }
  for (gint64 s = 0; (x = rushes_timeline_view_time_to_x (self, s * GST_SECOND)) < width; s += step)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02" G_GINT64_FORMAT, s / 60, s % 60);

      gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (x, RULER_H - 6, 1, 6));
      _rushes_timeline_view_draw_text (snapshot, GTK_WIDGET (self), text, x + 2, 1, 60, &tick);
    }
}

/* The clips of one row, its crossfades, and the live trim or fade */
static void
draw_row (RushesTimelineView      *self,
          GtkSnapshot             *snapshot,
          const RushesTimelineRow *row,
          RushesTimelineTrack     *track)
{
  RushesTrackKind kind = rushes_timeline_track_get_kind (track);
  guint n = rushes_timeline_track_get_n_clips (track);

  for (guint i = 0; i < n; i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);
      RushesClipBox box;

      _rushes_timeline_view_clip_box (self, clip, row, &box);
      if (clip == self->drag_clip && self->drag_moved)
        {
          if (self->drag_mode == DRAG_MOVE)
            {
              /* where it was; the ghost is drawn over everything */
              gtk_snapshot_push_opacity (snapshot, 0.35);
              _rushes_timeline_view_draw_clip (self, snapshot, &box, kind);
              gtk_snapshot_pop (snapshot);
              continue;
            }
          box.start = self->live_start;
          box.in = self->live_in;
          box.out = self->live_out;
          box.fade_in = self->live_fade_in;
          box.fade_out = self->live_fade_out;
          box.x0 = rushes_timeline_view_time_to_x (self, box.start);
          box.x1 = rushes_timeline_view_time_to_x (self, box.start + box.out - box.in);
        }
      _rushes_timeline_view_draw_clip (self, snapshot, &box, kind);
    }
  for (guint i = 0; i + 1 < n; i++)
    {
      gint64 overlap = rushes_timeline_track_get_crossfade (track, i);
      gint64 start = rushes_timeline_clip_get_start (rushes_timeline_track_get_clip (track, i + 1));

      if (overlap > 0)
        _rushes_timeline_view_draw_crossfade (snapshot, rushes_timeline_view_time_to_x (self, start),
                                              rushes_timeline_view_time_to_x (self, start + overlap),
                                              row->y + 18, row->h - 18);
    }
}

/* A clip being moved: on its target row at its new time, and its
 * linked partner by the same time on its own row */
static void
draw_move_ghost (RushesTimelineView *self,
                 GtkSnapshot        *snapshot)
{
  RushesTimelineClip *partner = rushes_project_get_linked_clip (self->project, self->drag_clip);
  gint64 delta = self->live_start - rushes_timeline_clip_get_start (self->drag_clip);
  RushesTimelineRow row;
  RushesClipBox box;
  guint partner_track;

  gtk_snapshot_push_opacity (snapshot, 0.85);
  if (_rushes_timeline_view_track_row (self, self->live_track, &row))
    {
      _rushes_timeline_view_clip_box (self, self->drag_clip, &row, &box);
      box.x0 += (double) delta / GST_SECOND * self->zoom;
      box.x1 += (double) delta / GST_SECOND * self->zoom;
      _rushes_timeline_view_draw_clip (self, snapshot, &box,
                                       rushes_timeline_track_get_kind (rushes_project_get_track (self->project, self->live_track)));
    }
  if (partner && rushes_project_locate_clip (self->project, partner, &partner_track, NULL) &&
      _rushes_timeline_view_track_row (self, partner_track, &row))
    {
      _rushes_timeline_view_clip_box (self, partner, &row, &box);
      box.x0 += (double) delta / GST_SECOND * self->zoom;
      box.x1 += (double) delta / GST_SECOND * self->zoom;
      _rushes_timeline_view_draw_clip (self, snapshot, &box,
                                       rushes_timeline_track_get_kind (rushes_project_get_track (self->project, partner_track)));
    }
  gtk_snapshot_pop (snapshot);
}

static void
draw_markers (RushesTimelineView *self,
              GtkSnapshot        *snapshot,
              int                 height)
{
  GdkRGBA yellow = { 1, 0.85f, 0.2f, 1 };
  RushesTimelineRow row;

  if (self->drag_mode != DRAG_NONE && self->drag_mode != DRAG_PLAYHEAD && self->drag_moved && self->snap_time >= 0)
    gtk_snapshot_append_color (snapshot, &yellow,
                               &GRAPHENE_RECT_INIT (rushes_timeline_view_time_to_x (self, self->snap_time) - 0.5,
                                                    RULER_H, 1, height - RULER_H));
  if (self->drop_time >= 0 && _rushes_timeline_view_track_row (self, self->drop_track, &row))
    gtk_snapshot_append_color (snapshot, &yellow,
                               &GRAPHENE_RECT_INIT (rushes_timeline_view_time_to_x (self, self->drop_time) - 1.5,
                                                    row.y - 2, 3, row.h + 4));
}

static void
draw_status (RushesTimelineView *self,
             GtkSnapshot        *snapshot,
             int                 width)
{
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA bg = { 0.75f, 0.2f, 0.2f, 0.95f }, white = { 1, 1, 1, 1 };
  double x = _rushes_timeline_view_header_x (self) + HEADER_W + 8;
  int w, h;

  if (self->status == NULL)
    return;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->status);
  pango_layout_set_width (layout, (int) MAX (width - x - 16, 50) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (x - 4, 0, w + 8, RULER_H));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, (RULER_H - h) / 2));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

void
_rushes_timeline_view_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA bg = { 0.12f, 0.12f, 0.13f, 1 }, row_bg = { 0.15f, 0.15f, 0.17f, 1 };
  GdkRGBA current_bg = { 0.17f, 0.18f, 0.22f, 1 }, hatch = { 0.8f, 0.8f, 0.8f, 0.25f };
  GdkRGBA divider = { 0.45f, 0.45f, 0.5f, 1 }, red = { 0.9f, 0.2f, 0.2f, 1 };
  GdkRGBA header_bg = { 0.17f, 0.17f, 0.19f, 1 };
  double hx = _rushes_timeline_view_header_x (self), x;
  GArray *rows;

  gtk_snapshot_append_color (snapshot, &bg, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->project == NULL)
    return;

  draw_ruler (self, snapshot, width);
  rows = _rushes_timeline_view_rows (self);
  for (guint i = 0; i < rows->len; i++)
    {
      RushesTimelineRow row = g_array_index (rows, RushesTimelineRow, i);
      RushesTimelineTrack *track = rushes_project_get_track (self->project, row.track);
      graphene_rect_t area = GRAPHENE_RECT_INIT (0, row.y, width, row.h);

      gtk_snapshot_append_color (snapshot, row.track == self->current_track ? &current_bg : &row_bg, &area);
      if (i > 0 && rushes_timeline_track_get_kind (track) == RUSHES_TRACK_AUDIO &&
          rushes_timeline_track_get_kind (rushes_project_get_track (self->project,
                                                                    g_array_index (rows, RushesTimelineRow, i - 1).track)) == RUSHES_TRACK_VIDEO)
        gtk_snapshot_append_color (snapshot, &divider, &GRAPHENE_RECT_INIT (0, row.y - DIVIDER_H / 2 - ROW_GAP, width, 2));
      /* a muted track is dimmed, a locked one hatched */
      if (rushes_timeline_track_get_muted (track))
        gtk_snapshot_push_opacity (snapshot, 0.4);
      draw_row (self, snapshot, &row, track);
      if (rushes_timeline_track_get_muted (track))
        gtk_snapshot_pop (snapshot);
      if (rushes_timeline_track_get_locked (track))
        _rushes_timeline_view_draw_hatch (snapshot, &area, &hatch);
    }
  if (self->drag_mode == DRAG_MOVE && self->drag_moved && self->drag_clip)
    draw_move_ghost (self, snapshot);
  draw_markers (self, snapshot, height);

  /* the headers, over whatever scrolled under them */
  gtk_snapshot_append_color (snapshot, &header_bg, &GRAPHENE_RECT_INIT (hx, 0, HEADER_W, height));
  for (guint i = 0; i < rows->len; i++)
    {
      RushesTimelineRow row = g_array_index (rows, RushesTimelineRow, i);

      draw_header (self, snapshot, &row, rushes_project_get_track (self->project, row.track));
    }

  /* playhead */
  x = rushes_timeline_view_time_to_x (self, MIN (self->position, rushes_project_get_duration (self->project)));
  if (x >= hx + HEADER_W)
    {
      gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 1, 0, 2, height));
      gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 5, 0, 10, 6));
    }
  draw_status (self, snapshot, width);

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

      *minimum = (int) HEADER_W + 100;
      *natural = MAX (w, (int) HEADER_W + 200);
    }
  else
    {
      GArray *rows = _rushes_timeline_view_rows (self);
      double bottom = RULER_H + VIDEO_ROW_H;

      if (rows->len > 0)
        {
          RushesTimelineRow *last = &g_array_index (rows, RushesTimelineRow, rows->len - 1);

          bottom = last->y + last->h;
        }
      *minimum = *natural = (int) (bottom + 6);
    }
}
