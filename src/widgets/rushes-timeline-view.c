/* rushes-timeline-view.c: the timeline strip (clips, playhead, edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-thumbnailer.h"
#include "rushes-timeline-view.h"
#include "rushes-waveform.h"

#define PAD          8.0   /* left and right margin */
#define RULER_H      20.0
#define CLIP_Y       24.0
#define CLIP_H       56.0
#define AUDIO_GAP    2.0
#define AUDIO_H      18.0
#define EDGE         6.0   /* grab width of a clip's edge */
#define DRAG_SLOP    4.0
#define MIN_ZOOM     2.0
#define MAX_ZOOM     2000.0
#define DEFAULT_ZOOM 60.0
#define FILMSTRIP_FRAMES 10
#define FILMSTRIP_WIDTH  96

typedef enum
{
  DRAG_NONE,
  DRAG_PLAYHEAD,
  DRAG_MOVE,
  DRAG_TRIM_IN,
  DRAG_TRIM_OUT,
} DragMode;

struct _RushesTimelineView
{
  GtkWidget       parent_instance;

  /* owned */
  RushesProject  *project;
  RushesTimeline *timeline;
  GBinding       *position_binding;
  GHashTable     *filmstrips;   /* path → GPtrArray of GdkTexture (empty while loading or on error) */
  GHashTable     *waveforms;    /* path → GArray of float peaks (NULL while loading) */
  GCancellable   *cancellable;
  gint64          position;
  double          zoom;
  guint           selected;

  /* drag state */
  DragMode        drag_mode;
  guint           drag_clip;
  double          drag_x;
  double          drag_dx;
  gboolean        drag_moved;
  guint           drop_index;    /* G_MAXUINT: no drop in progress */
};

G_DEFINE_FINAL_TYPE (RushesTimelineView, rushes_timeline_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_TIMELINE,
  PROP_POSITION,
  PROP_ZOOM,
  PROP_SELECTED,
  N_PROPS
};

enum {
  JOB_DROPPED,
  ADD_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gint64
frame_duration (RushesTimelineView *self)
{
  guint n = 25, d = 1;

  if (self->project)
    rushes_project_get_format (self->project, NULL, NULL, &n, &d);
  return gst_util_uint64_scale (GST_SECOND, d, MAX (n, 1));
}

/* Edits from the pointer land on whole frames of the project's rate */
static gint64
snap (RushesTimelineView *self,
      gint64              t)
{
  gint64 frame = frame_duration (self);

  if (frame <= 0)
    return t;
  return (t >= 0 ? t + frame / 2 : t - frame / 2) / frame * frame;
}

/* Geometry */

double
rushes_timeline_view_time_to_x (RushesTimelineView *self,
                                gint64              time)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);
  return PAD + (double) time / GST_SECOND * self->zoom;
}

gint64
rushes_timeline_view_x_to_time (RushesTimelineView *self,
                                double              x)
{
  gint64 t, duration;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);

  duration = self->project ? rushes_project_get_duration (self->project) : 0;
  t = (gint64) ((x - PAD) / self->zoom * GST_SECOND);
  return CLAMP (t, 0, duration);
}

guint
rushes_timeline_view_drop_index_at (RushesTimelineView *self,
                                    double              x)
{
  guint n;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);

  if (self->project == NULL)
    return 0;
  n = rushes_project_get_n_clips (self->project);
  for (guint i = 0; i < n; i++)
    {
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, i));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, i + 1));

      if (x < (x0 + x1) / 2)
        return i;
    }
  return n;
}

static guint
clip_at_x (RushesTimelineView *self,
           double              x)
{
  gint64 t = (gint64) ((x - PAD) / self->zoom * GST_SECOND);

  if (self->project == NULL || t < 0)
    return G_MAXUINT;
  return rushes_project_get_clip_at (self->project, t, NULL);
}

/* The clip keyboard edits apply to: the selection, else the one under the playhead */
static guint
current_clip (RushesTimelineView *self)
{
  if (self->project == NULL)
    return G_MAXUINT;
  if (self->selected < rushes_project_get_n_clips (self->project))
    return self->selected;
  return rushes_project_get_clip_at (self->project, self->position, NULL);
}

/* Drawing */

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
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
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

static void
rushes_timeline_view_snapshot (GtkWidget   *widget,
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
          gint64 delta = snap (self, (gint64) (self->drag_dx / self->zoom * GST_SECOND));
          gint64 media = rushes_timeline_clip_get_media_duration (clip);
          gint64 frame = frame_duration (self);

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

static void
rushes_timeline_view_measure (GtkWidget      *widget,
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

/* Accessibility: what a screen reader says about the strip */
static void
update_description (RushesTimelineView *self)
{
  g_autofree char *text = NULL;
  guint index;

  if (self->project == NULL || rushes_project_get_n_clips (self->project) == 0)
    text = g_strdup (_("Timeline, empty. Drag takes here."));
  else
    {
      RushesTimelineClip *clip;

      index = current_clip (self);
      clip = index != G_MAXUINT ? rushes_project_get_clip (self->project, index) : NULL;
      text = g_strdup_printf (_("Timeline, %u clips, %.1f s. Playhead at %.1f s%s%s%s"),
                              rushes_project_get_n_clips (self->project),
                              rushes_project_get_duration (self->project) / 1e9,
                              self->position / 1e9,
                              clip ? _(", in ") : "",
                              clip ? rushes_timeline_clip_get_name (clip) : "",
                              clip && rushes_timeline_clip_get_offline (clip) ? _(" (offline: press Enter to find it)") : "");
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* Project and timeline */

static void
project_changed_cb (RushesTimelineView *self)
{
  if (self->selected != G_MAXUINT && self->selected >= rushes_project_get_n_clips (self->project))
    rushes_timeline_view_set_selected (self, G_MAXUINT);
  if (self->position > rushes_project_get_duration (self->project))
    rushes_timeline_view_set_position (self, rushes_project_get_duration (self->project));
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
clip_notify_cb (RushesTimelineView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
items_changed_cb (RushesTimelineView *self,
                  guint               position,
                  guint               removed,
                  guint               added,
                  GListModel         *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(RushesTimelineClip) clip = g_list_model_get_item (model, i);

      /* placeholders' progress, fill-in, offline: redraw (connect once per clip) */
      if (g_signal_handler_find (clip, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                                 clip_notify_cb, self) == 0)
        g_signal_connect_object (clip, "notify", G_CALLBACK (clip_notify_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
update_undo_actions (RushesTimelineView *self)
{
  RushesUndoStack *stack = self->project ? rushes_project_get_undo_stack (self->project) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.undo",
                                 stack && rushes_undo_stack_get_can_undo (stack));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.redo",
                                 stack && rushes_undo_stack_get_can_redo (stack));
}

void
rushes_timeline_view_set_project (RushesTimelineView *self,
                                  RushesProject      *project)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));
  g_return_if_fail (!project || RUSHES_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project)
    {
      g_signal_handlers_disconnect_by_data (self->project, self);
      g_signal_handlers_disconnect_by_data (rushes_project_get_undo_stack (self->project), self);
      for (guint i = 0; i < rushes_project_get_n_clips (self->project); i++)
        g_signal_handlers_disconnect_by_data (rushes_project_get_clip (self->project, i), self);
    }
  g_set_object (&self->project, project);
  if (project)
    {
      g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (rushes_project_get_undo_stack (project), "notify",
                               G_CALLBACK (update_undo_actions), self, G_CONNECT_SWAPPED);
      items_changed_cb (self, 0, 0, rushes_project_get_n_clips (project), G_LIST_MODEL (project));
    }
  self->selected = G_MAXUINT;
  self->position = 0;
  update_undo_actions (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

RushesProject *
rushes_timeline_view_get_project (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->project;
}

void
rushes_timeline_view_set_timeline (RushesTimelineView *self,
                                   RushesTimeline     *timeline)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  if (self->timeline == timeline)
    return;
  if (self->position_binding)
    g_binding_unbind (self->position_binding);
  self->position_binding = NULL;
  g_set_object (&self->timeline, timeline);
  if (timeline)
    {
      rushes_timeline_view_set_project (self, rushes_timeline_get_project (timeline));
      self->position_binding = g_object_bind_property (timeline, "position", self, "position",
                                                       G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.play-pause", timeline != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMELINE]);
}

RushesTimeline *
rushes_timeline_view_get_timeline (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return self->timeline;
}

gint64
rushes_timeline_view_get_position (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), 0);
  return self->position;
}

void
rushes_timeline_view_set_position (RushesTimelineView *self,
                                   gint64              position)
{
  gint64 duration;

  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  duration = self->project ? rushes_project_get_duration (self->project) : 0;
  if (position < duration)
    position = snap (self, position);
  position = CLAMP (position, 0, duration);
  if (self->position == position)
    return;
  self->position = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

double
rushes_timeline_view_get_zoom (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), DEFAULT_ZOOM);
  return self->zoom;
}

void
rushes_timeline_view_set_zoom (RushesTimelineView *self,
                               double              zoom)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

guint
rushes_timeline_view_get_selected (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), G_MAXUINT);
  return self->selected;
}

void
rushes_timeline_view_set_selected (RushesTimelineView *self,
                                   guint               position)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));

  if (self->project == NULL || position >= rushes_project_get_n_clips (self->project))
    position = G_MAXUINT;
  if (self->selected == position)
    return;
  self->selected = position;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

gboolean
rushes_timeline_view_add_files (RushesTimelineView *self,
                                GSList             *files,
                                guint               position,
                                GError            **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), FALSE);

  if (self->project == NULL)
    return FALSE;
  for (GSList *l = files; l; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);
      g_autoptr(RushesTimelineClip) clip = NULL;
      g_autoptr(GError) local_error = NULL;

      if (path == NULL)
        continue;
      clip = rushes_timeline_clip_new_for_file (path, &local_error);
      if (clip == NULL)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
          continue;
        }
      rushes_project_insert_clip (self->project, position, clip);
      position = MIN (position, rushes_project_get_n_clips (self->project) - 1) + 1;
    }
  return ok;
}

/* Actions */

static void
split_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project)
    rushes_project_split_at (self->project, self->position);
}

static void
delete_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  guint index = current_clip (self);

  if (index == G_MAXUINT)
    return;
  rushes_project_remove_clip (self->project, index);
  rushes_timeline_view_set_selected (self, G_MAXUINT);
}

static void
zoom_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  rushes_timeline_view_set_zoom (self, self->zoom * (g_str_equal (name, "timeline.zoom-in") ? 1.25 : 0.8));
}

static void
undo_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project == NULL)
    return;
  if (g_str_equal (name, "timeline.undo"))
    rushes_project_undo (self->project);
  else
    rushes_project_redo (self->project);
}

/* param: frames (±1) or, with step-seconds, seconds */
static void
step_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int n = g_variant_get_int32 (param);
  gint64 unit = g_str_equal (name, "timeline.step-seconds") ? GST_SECOND : frame_duration (self);

  rushes_timeline_view_set_position (self, self->position + n * unit);
}

static void
home_end_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project)
    rushes_timeline_view_set_position (self, g_str_equal (name, "timeline.home") ? 0
                                       : rushes_project_get_duration (self->project));
}

static void
move_clip_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  guint index = current_clip (self);
  int delta = g_variant_get_int32 (param);
  guint n;

  if (index == G_MAXUINT)
    return;
  n = rushes_project_get_n_clips (self->project);
  if ((delta < 0 && index == 0) || (delta > 0 && index + 1 >= n))
    return;
  rushes_project_move_clip (self->project, index, index + delta);
  rushes_timeline_view_set_selected (self, index + delta);
}

static void
trim_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  guint index = current_clip (self);
  RushesTimelineClip *clip;
  gint64 start, offset, in, out;

  if (index == G_MAXUINT)
    return;
  clip = rushes_project_get_clip (self->project, index);
  start = rushes_project_get_clip_start (self->project, index);
  offset = self->position - start;
  in = rushes_timeline_clip_get_in_point (clip);
  out = rushes_timeline_clip_get_out_point (clip);
  if (offset <= 0 || offset >= out - in)
    return;
  if (g_str_equal (name, "timeline.trim-start"))
    {
      rushes_project_trim_clip (self->project, index, in + offset, out);
      /* the playhead stays on the same frame, now the clip's first */
      rushes_timeline_view_set_position (self, start);
    }
  else
    rushes_project_trim_clip (self->project, index, in, in + offset);
}

static void
select_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  int delta = g_variant_get_int32 (param);
  guint index = current_clip (self);
  guint n;

  if (self->project == NULL || (n = rushes_project_get_n_clips (self->project)) == 0)
    return;
  if (index == G_MAXUINT)
    index = delta > 0 ? 0 : n - 1;
  else if (delta < 0)
    index = index > 0 ? index - 1 : 0;
  else
    index = MIN (index + 1, n - 1);
  rushes_timeline_view_set_selected (self, index);
  rushes_timeline_view_set_position (self, rushes_project_get_clip_start (self->project, index));
}

static void
relink_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         data)
{
  RushesTimelineView *self = data;
  RushesTimelineClip *clip = g_object_get_data (G_OBJECT (chooser), "clip");
  guint index;

  if (response == GTK_RESPONSE_ACCEPT && self->project &&
      rushes_project_find_clip (self->project, clip, &index))
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(RushesTimelineClip) probe = NULL;
      g_autoptr(GError) error = NULL;

      /* only a readable video replaces the missing one */
      if (path && (probe = rushes_timeline_clip_new_for_file (path, &error)) != NULL)
        rushes_project_relink_clip (self->project, index, rushes_timeline_clip_get_path (probe));
      else if (error)
        g_signal_emit (self, signals[ADD_FAILED], 0, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* Points a clip (offline or not) at another file */
static void
relink_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  guint index = current_clip (self);
  RushesTimelineClip *clip;
  GtkFileChooserNative *chooser;
  g_autofree char *title = NULL;

  if (index == G_MAXUINT)
    return;
  clip = rushes_project_get_clip (self->project, index);
  if (rushes_timeline_clip_get_pending (clip))
    return;
  title = g_strdup_printf (_("Find “%s”"), rushes_timeline_clip_get_name (clip));
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Relink"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "clip", g_object_ref (clip), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (relink_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
play_pause_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->timeline == NULL)
    return;
  if (rushes_timeline_get_playing (self->timeline))
    rushes_timeline_pause (self->timeline);
  else
    rushes_timeline_play (self->timeline);
}

/* Pointer */

static void
drag_begin_cb (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               RushesTimelineView *self)
{
  guint index;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = x;
  self->drag_dx = 0;
  self->drag_moved = FALSE;
  self->drag_mode = DRAG_PLAYHEAD;
  index = y >= CLIP_Y ? clip_at_x (self, x) : G_MAXUINT;
  if (index != G_MAXUINT)
    {
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index + 1));

      self->drag_clip = index;
      if (x - x0 <= EDGE && x1 - x0 > 3 * EDGE)
        self->drag_mode = DRAG_TRIM_IN;
      else if (x1 - x <= EDGE && x1 - x0 > 3 * EDGE)
        self->drag_mode = DRAG_TRIM_OUT;
      else
        self->drag_mode = DRAG_MOVE;
    }
  else if (x > PAD && y >= CLIP_Y)
    {
      /* just past the last clip's right edge: trimming its end */
      guint n = self->project ? rushes_project_get_n_clips (self->project) : 0;

      if (n > 0 && x - rushes_timeline_view_time_to_x (self, rushes_project_get_duration (self->project)) <= EDGE)
        {
          self->drag_clip = n - 1;
          self->drag_mode = DRAG_TRIM_OUT;
        }
    }
  if (self->drag_mode == DRAG_PLAYHEAD)
    rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, x));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
drag_update_cb (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                RushesTimelineView *self)
{
  self->drag_dx = dx;
  if (fabs (dx) > DRAG_SLOP)
    self->drag_moved = TRUE;
  if (self->drag_mode == DRAG_PLAYHEAD)
    rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x + dx));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             RushesTimelineView *self)
{
  DragMode mode = self->drag_mode;
  RushesTimelineClip *clip;
  gint64 delta = snap (self, (gint64) (dx / self->zoom * GST_SECOND));
  gint64 in, out, media, frame;

  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (mode == DRAG_PLAYHEAD || mode == DRAG_NONE || self->project == NULL ||
      self->drag_clip >= rushes_project_get_n_clips (self->project))
    return;

  clip = rushes_project_get_clip (self->project, self->drag_clip);
  in = rushes_timeline_clip_get_in_point (clip);
  out = rushes_timeline_clip_get_out_point (clip);
  media = rushes_timeline_clip_get_media_duration (clip);
  frame = frame_duration (self);

  switch (mode)
    {
    case DRAG_MOVE:
      if (self->drag_moved)
        {
          guint to = rushes_timeline_view_drop_index_at (self, self->drag_x + dx);

          /* dropping after itself means one slot earlier once it is taken out */
          if (to > self->drag_clip)
            to--;
          rushes_project_move_clip (self->project, self->drag_clip, to);
          rushes_timeline_view_set_selected (self, to);
        }
      else
        {
          rushes_timeline_view_set_selected (self, self->drag_clip);
          rushes_timeline_view_set_position (self, rushes_timeline_view_x_to_time (self, self->drag_x));
          /* a click on an offline clip offers to find its file */
          if (rushes_timeline_clip_get_offline (clip))
            gtk_widget_activate_action (GTK_WIDGET (self), "timeline.relink", NULL);
        }
      break;
    case DRAG_TRIM_IN:
      if (self->drag_moved)
        rushes_project_trim_clip (self->project, self->drag_clip, CLAMP (in + delta, 0, out - frame), out);
      break;
    case DRAG_TRIM_OUT:
      if (self->drag_moved)
        rushes_project_trim_clip (self->project, self->drag_clip, in,
                                  CLAMP (out + delta, in + frame, media > 0 ? media : out + delta));
      break;
    case DRAG_NONE:
    case DRAG_PLAYHEAD:
    default:
      break;
    }
}

static gboolean
query_tooltip_cb (RushesTimelineView *self,
                  int                 x,
                  int                 y,
                  gboolean            keyboard,
                  GtkTooltip         *tooltip)
{
  RushesTimelineClip *clip;
  g_autofree char *text = NULL;
  guint index;

  if (self->project == NULL || rushes_project_get_n_clips (self->project) == 0)
    {
      gtk_tooltip_set_text (tooltip, _("Drag takes here from the library or the job list"));
      return TRUE;
    }
  index = keyboard ? current_clip (self) : (y >= CLIP_Y ? clip_at_x (self, x) : G_MAXUINT);
  if (index == G_MAXUINT)
    return FALSE;
  clip = rushes_project_get_clip (self->project, index);
  if (rushes_timeline_clip_get_pending (clip))
    text = g_strdup_printf (_("%s\nBeing generated (%d%%)"), rushes_timeline_clip_get_name (clip),
                            (int) (rushes_timeline_clip_get_progress (clip) * 100));
  else
    text = g_strdup_printf (_("%s\n%.2f s to %.2f s of the take (%.2f s)%s"),
                            rushes_timeline_clip_get_name (clip),
                            rushes_timeline_clip_get_in_point (clip) / 1e9,
                            rushes_timeline_clip_get_out_point (clip) / 1e9,
                            rushes_timeline_clip_get_duration (clip) / 1e9,
                            rushes_timeline_clip_get_offline (clip)
                            ? _("\nOffline: click to find the file") : "");
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RushesTimelineView       *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || dy == 0)
    return FALSE;
  rushes_timeline_view_set_zoom (self, self->zoom * (dy < 0 ? 1.25 : 0.8));
  return TRUE;
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           RushesTimelineView       *self)
{
  const char *cursor = NULL;
  guint index = y >= CLIP_Y ? clip_at_x (self, x) : G_MAXUINT;

  if (index != G_MAXUINT)
    {
      double x0 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index));
      double x1 = rushes_timeline_view_time_to_x (self, rushes_project_get_clip_start (self->project, index + 1));

      cursor = (x - x0 <= EDGE || x1 - x <= EDGE) ? "col-resize" : "grab";
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

/* Adding dropped files: probed one after the other on a worker, each
 * inserted (one undo step) as it is ready, so the order is kept */
typedef struct
{
  RushesTimelineView *view;      /* owned */
  RushesProject      *project;   /* owned: the drop's target, even if the view changes */
  GSList             *files;     /* owned GFiles still to add */
  guint               position;
} DropJob;

static void drop_job_next (DropJob *job);

static void
drop_job_probed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  DropJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file_finish (result, &error);

  if (clip)
    {
      guint n = rushes_project_get_n_clips (job->project);

      rushes_project_insert_clip (job->project, MIN (job->position, n), clip);
      job->position = MIN (job->position, n) + 1;
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (job->view, signals[ADD_FAILED], 0, error->message);
  drop_job_next (job);
}

static void
drop_job_next (DropJob *job)
{
  while (job->files)
    {
      g_autoptr(GFile) file = job->files->data;
      g_autofree char *path = g_file_get_path (file);

      job->files = g_slist_delete_link (job->files, job->files);
      if (path)
        {
          rushes_timeline_clip_new_for_file_async (path, job->view->cancellable, drop_job_probed_cb, job);
          return;
        }
    }
  g_object_unref (job->project);
  g_object_unref (job->view);
  g_free (job);
}

/* Drops: files from the library (GFile, file lists, paths) and jobs as "job:ID" */

static GdkDragAction
drop_motion_cb (GtkDropTarget      *target,
                double              x,
                double              y,
                RushesTimelineView *self)
{
  guint index = rushes_timeline_view_drop_index_at (self, x);

  if (index != self->drop_index)
    {
      self->drop_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return GDK_ACTION_COPY;
}

static void
drop_leave_cb (GtkDropTarget      *target,
               RushesTimelineView *self)
{
  self->drop_index = G_MAXUINT;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
drop_cb (GtkDropTarget      *target,
         const GValue       *value,
         double              x,
         double              y,
         RushesTimelineView *self)
{
  guint index = rushes_timeline_view_drop_index_at (self, x);
  GSList *files = NULL;

  self->drop_index = G_MAXUINT;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      const char *text = g_value_get_string (value);

      if (text && g_str_has_prefix (text, "job:"))
        {
          g_signal_emit (self, signals[JOB_DROPPED], 0, text + 4, index);
          return TRUE;
        }
      if (text == NULL || *text == '\0')
        return FALSE;
      files = g_slist_prepend (NULL, g_str_has_prefix (text, "file://")
                               ? g_file_new_for_uri (g_strstrip (g_strdup (text)))
                               : g_file_new_for_path (text));
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    files = g_slist_prepend (NULL, g_object_ref (g_value_get_object (value)));
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    files = g_slist_copy_deep (g_value_get_boxed (value), (GCopyFunc) g_object_ref, NULL);

  if (files == NULL || self->project == NULL)
    {
      g_slist_free_full (files, g_object_unref);
      return FALSE;
    }
  {
    DropJob *job = g_new0 (DropJob, 1);

    job->view = g_object_ref (self);
    job->project = g_object_ref (self->project);
    job->files = files;
    job->position = index;
    drop_job_next (job);
  }
  return TRUE;
}

/* GObject */

static void
rushes_timeline_view_dispose (GObject *object)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  rushes_timeline_view_set_timeline (self, NULL);
  rushes_timeline_view_set_project (self, NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->filmstrips, g_hash_table_unref);
  g_clear_pointer (&self->waveforms, g_hash_table_unref);

  G_OBJECT_CLASS (rushes_timeline_view_parent_class)->dispose (object);
}

static void
rushes_timeline_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: g_value_set_object (value, self->project); break;
    case PROP_TIMELINE: g_value_set_object (value, self->timeline); break;
    case PROP_POSITION: g_value_set_int64 (value, self->position); break;
    case PROP_ZOOM: g_value_set_double (value, self->zoom); break;
    case PROP_SELECTED: g_value_set_uint (value, self->selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT: rushes_timeline_view_set_project (self, g_value_get_object (value)); break;
    case PROP_TIMELINE: rushes_timeline_view_set_timeline (self, g_value_get_object (value)); break;
    case PROP_POSITION: rushes_timeline_view_set_position (self, g_value_get_int64 (value)); break;
    case PROP_ZOOM: rushes_timeline_view_set_zoom (self, g_value_get_double (value)); break;
    case PROP_SELECTED: rushes_timeline_view_set_selected (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_view_class_init (RushesTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_timeline_view_dispose;
  object_class->get_property = rushes_timeline_view_get_property;
  object_class->set_property = rushes_timeline_view_set_property;
  widget_class->snapshot = rushes_timeline_view_snapshot;
  widget_class->measure = rushes_timeline_view_measure;

  properties[PROP_PROJECT] = g_param_spec_object ("project", NULL, NULL, RUSHES_TYPE_PROJECT, rw);
  properties[PROP_TIMELINE] = g_param_spec_object ("timeline", NULL, NULL, RUSHES_TYPE_TIMELINE, rw);
  properties[PROP_POSITION] = g_param_spec_int64 ("position", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_ZOOM] = g_param_spec_double ("zoom", NULL, NULL, MIN_ZOOM, MAX_ZOOM, DEFAULT_ZOOM, rw);
  properties[PROP_SELECTED] = g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, G_MAXUINT, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A job's row was dropped ("job:ID"): the window inserts a placeholder
   * (rushes_timeline_clip_new_placeholder) at the index. */
  signals[JOB_DROPPED] = g_signal_new ("job-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
  /* A dropped file could not be added; the message says why. */
  signals[ADD_FAILED] = g_signal_new ("add-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "timeline.split", NULL, split_action);
  gtk_widget_class_install_action (widget_class, "timeline.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "timeline.redo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "timeline.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.step-seconds", "i", step_action);
  gtk_widget_class_install_action (widget_class, "timeline.home", NULL, home_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.end", NULL, home_end_action);
  gtk_widget_class_install_action (widget_class, "timeline.move-clip", "i", move_clip_action);
  gtk_widget_class_install_action (widget_class, "timeline.trim-start", NULL, trim_action);
  gtk_widget_class_install_action (widget_class, "timeline.trim-end", NULL, trim_action);
  gtk_widget_class_install_action (widget_class, "timeline.select", "i", select_action);
  gtk_widget_class_install_action (widget_class, "timeline.play-pause", NULL, play_pause_action);
  gtk_widget_class_install_action (widget_class, "timeline.relink", NULL, relink_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, 0, "timeline.split", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "timeline.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "timeline.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "timeline.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "timeline.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "timeline.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "timeline.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "timeline.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "timeline.step-seconds", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "timeline.step-seconds", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "timeline.home", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "timeline.end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "timeline.move-clip", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "timeline.move-clip", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketleft, 0, "timeline.trim-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_bracketright, 0, "timeline.trim-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "timeline.select", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "timeline.select", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "timeline.play-pause", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "timeline.relink", NULL);

  gtk_widget_class_set_css_name (widget_class, "rushes-timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rushes_timeline_view_init (RushesTimelineView *self)
{
  GtkGesture *drag;
  GtkEventController *controller;
  GtkDropTarget *drop;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  self->zoom = DEFAULT_ZOOM;
  self->selected = G_MAXUINT;
  self->drop_index = G_MAXUINT;
  self->cancellable = g_cancellable_new ();
  self->filmstrips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, frames_free);
  self->waveforms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, peaks_free);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect (drop, "motion", G_CALLBACK (drop_motion_cb), self);
  g_signal_connect (drop, "leave", G_CALLBACK (drop_leave_cb), self);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

GtkWidget *
rushes_timeline_view_new (void)
{
  return g_object_new (RUSHES_TYPE_TIMELINE_VIEW, NULL);
}
