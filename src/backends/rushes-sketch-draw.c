/* rushes-sketch-draw.c: a Sketch scene's frames (cairo) and audio bed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Frames are drawn with cairo into the buffers the renderer pushes; the
 * prompt is burnt in as a caption, with seed and timecode in a corner, as
 * an animatic would show them. The audio bed is pulled by appsrc's
 * need-data on a streaming thread.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <gst/audio/audio.h>
#include <gst/video/video.h>

#include "rushes-sketch-private.h"

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

void
_rushes_sketch_painter_clear (Painter *painter)
{
  g_clear_pointer (&painter->backdrop, cairo_surface_destroy);
  g_clear_pointer (&painter->caption, cairo_surface_destroy);
  g_clear_object (&painter->hud);
  g_clear_pointer (&painter->hud_cr, cairo_destroy);
  g_clear_pointer (&painter->start_image, cairo_surface_destroy);
  g_clear_pointer (&painter->end_image, cairo_surface_destroy);
  g_clear_pointer (&painter->pattern, cairo_surface_destroy);
}

void
_rushes_sketch_painter_init (Painter    *painter,
              const char *prompt,
              gint64      seed,
              int         width,
              int         height,
              guint       fps,
              guint       n_frames)
{
  const Scene *sc = &painter->scene;
  cairo_t *cr;
  cairo_pattern_t *sky;
  double r;

  memset (painter, 0, sizeof *painter);
  _rushes_sketch_scene_init (&painter->scene, prompt, seed);
  painter->width = width;
  painter->height = height;
  painter->fps = fps;
  painter->n_frames = n_frames;
  painter->seed = seed;

  /* sky, with the sun and its halo */
  painter->backdrop = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (painter->backdrop);
  sky = cairo_pattern_create_linear (0, 0, 0, height);
  cairo_pattern_add_color_stop_rgb (sky, 0, sc->sky_top.r, sc->sky_top.g, sc->sky_top.b);
  cairo_pattern_add_color_stop_rgb (sky, 1, sc->sky_bottom.r, sc->sky_bottom.g, sc->sky_bottom.b);
  cairo_set_source (cr, sky);
  cairo_paint (cr);
  cairo_pattern_destroy (sky);
  r = sc->sun_r * height;
  cairo_arc (cr, sc->sun_x * width, sc->sun_y * height, r * 1.6, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, sc->sun.r, sc->sun.g, sc->sun.b, 0.25);
  cairo_fill (cr);
  cairo_arc (cr, sc->sun_x * width, sc->sun_y * height, r, 0, 2 * G_PI);
  set_rgb (cr, &sc->sun);
  cairo_fill (cr);
  cairo_destroy (cr);

  /* the caption: the prompt, two lines at most, on a translucent band */
  if (prompt && *prompt)
    {
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans Bold");
      g_autoptr(PangoLayout) layout = NULL;
      int margin = MAX (height / 30, 4);
      int text_w, text_h;
      int band_h;

      pango_font_description_set_absolute_size (font, MAX (height / 22, 6) * PANGO_SCALE);
      painter->caption = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (painter->caption);
      layout = pango_cairo_create_layout (cr);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, (width - 2 * margin) * PANGO_SCALE);
      pango_layout_set_height (layout, -2);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_text (layout, prompt, -1);
      pango_layout_get_pixel_size (layout, &text_w, &text_h);
      band_h = MIN (text_h + 2 * margin, height);
      painter->caption_y = height - band_h;
      cairo_rectangle (cr, 0, painter->caption_y, width, band_h);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
      cairo_fill (cr);
      cairo_move_to (cr, margin, painter->caption_y + margin);
      cairo_set_source_rgb (cr, 1, 1, 1);
      pango_cairo_show_layout (cr, layout);
      cairo_destroy (cr);
      cairo_surface_flush (painter->caption);
    }

  /* the corner: seed and timecode, changing every frame */
  {
    g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Monospace");

    painter->hud_cr = cairo_create (painter->backdrop);
    painter->hud = pango_cairo_create_layout (painter->hud_cr);
    pango_font_description_set_absolute_size (font, MAX (height / 36, 5) * PANGO_SCALE);
    pango_layout_set_font_description (painter->hud, font);
  }
}

static double
ridge (const double *phase,
       const double *freq,
       const double *amp,
       double        x)
{
  double y = 0;

  for (int i = 0; i < 3; i++)
    y += amp[i] * sin (freq[i] * x + phase[i]);
  return y;
}

/* x offset of the camera in frame widths, for a layer with this parallax */
static double
pan_offset (const Scene *sc,
            double       p,
            double       parallax)
{
  switch (sc->motion)
    {
    case MOTION_PAN_LEFT:
      return -0.6 * sc->speed * p * parallax;
    case MOTION_PAN_RIGHT:
      return 0.6 * sc->speed * p * parallax;
    case MOTION_DRIFT:
      return 0.03 * sc->speed * sin (2 * G_PI * p) * parallax;
    case MOTION_ZOOM_IN:
    case MOTION_ZOOM_OUT:
    case MOTION_ORBIT:
    case MOTION_FALL:
    case MOTION_RISE:
    case N_MOTIONS:
    default:
      return 0;
    }
}

static void
draw_ridge (cairo_t      *cr,
            int           width,
            int           height,
            double        base,
            const double *phase,
            const double *freq,
            const double *amp,
            double        offset)
{
  const int step = MAX (width / 96, 4);

  cairo_move_to (cr, -step, height + 2);
  for (int x = -step; x <= width + step; x += step)
    {
      double wx = (double) x / width + offset;

      cairo_line_to (cr, x, (base + ridge (phase, freq, amp, wx)) * height);
    }
  cairo_line_to (cr, width + step, height + 2);
  cairo_close_path (cr);
}

static void
draw_subject (cairo_t       *cr,
              const Subject *s,
              double         x,
              double         y,
              double         size,
              double         t)
{
  switch (s->kind)
    {
    case SUBJECT_DISC:
      cairo_arc (cr, x, y, size / 2, 0, 2 * G_PI);
      break;
    case SUBJECT_BLOCK:
      {
        double w = size * 0.6, h = size * 1.2;

        cairo_save (cr);
        cairo_translate (cr, x, y);
        cairo_rotate (cr, 0.15 * sin (t * s->speed + s->phase));
        cairo_rectangle (cr, -w / 2, -h / 2, w, h);
        cairo_restore (cr);
      }
      break;
    case SUBJECT_SPIRE:
      cairo_move_to (cr, x, y - size * 0.8);
      cairo_line_to (cr, x + size * 0.45, y + size * 0.4);
      cairo_line_to (cr, x - size * 0.45, y + size * 0.4);
      cairo_close_path (cr);
      break;
    case N_SUBJECT_KINDS:
    default:
      break;
    }
  cairo_set_source_rgb (cr, s->colour.r, s->colour.g, s->colour.b);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_set_line_width (cr, MAX (size * 0.04, 1.0));
  cairo_stroke (cr);
}

/* particles in screen space; positions come from the scene's own generator
 * replayed every frame, so frame n never depends on frame n - 1 */
static void
draw_weather (const Scene *sc,
              cairo_t     *cr,
              int          w,
              int          h,
              double       t,
              gboolean     front)
{
  guint64 state = sc->weather_seed;

  /* stars sit behind the land, rain and snow in front of everything */
  if (sc->weather == WEATHER_NONE || (sc->weather == WEATHER_STARS) == front)
    return;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (int i = 0; i < N_PARTICLES; i++)
    {
      double x0 = _rushes_sketch_rand_range (&state, 0, 1);
      double y0 = _rushes_sketch_rand_range (&state, 0, 1);
      double v = _rushes_sketch_rand_range (&state, 0.6, 1.4);
      double phase = _rushes_sketch_rand_range (&state, 0, 2 * G_PI);
      double x, y;

      switch (sc->weather)
        {
        case WEATHER_RAIN:
          y = fmod (y0 + 1.6 * v * sc->speed * t, 1.1) - 0.05;
          x = fmod (x0 + 0.15 * y + 1.0, 1.0);
          cairo_move_to (cr, x * w, y * h);
          cairo_rel_line_to (cr, 0.008 * h, 0.05 * h);
          break;
        case WEATHER_SNOW:
          y = fmod (y0 + 0.12 * v * sc->speed * t, 1.05) - 0.02;
          x = fmod (x0 + 0.02 * sin (t * v + phase) + 1.0, 1.0);
          cairo_new_sub_path (cr);
          cairo_arc (cr, x * w, y * h, MAX (0.004 * h * v, 1.0), 0, 2 * G_PI);
          break;
        case WEATHER_STARS:
          {
            double twinkle = 0.5 + 0.5 * sin (2 * G_PI * 0.5 * v * t + phase);
            double r = MAX (0.002 * h * (0.5 + twinkle), 0.75);

            cairo_new_sub_path (cr);
            cairo_arc (cr, x0 * w, y0 * 0.5 * h, r, 0, 2 * G_PI);
          }
          break;
        case WEATHER_NONE:
        default:
          break;
        }
    }
  switch (sc->weather)
    {
    case WEATHER_RAIN:
      cairo_set_source_rgba (cr, 0.8, 0.85, 1.0, 0.45);
      cairo_set_line_width (cr, MAX (h / 400.0, 1.0));
      cairo_stroke (cr);
      break;
    case WEATHER_SNOW:
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_fill (cr);
      break;
    case WEATHER_STARS:
      cairo_set_source_rgba (cr, 1, 1, 0.9, 0.8);
      cairo_fill (cr);
      break;
    case WEATHER_NONE:
    default:
      break;
    }
  cairo_restore (cr);
}

void
_rushes_sketch_painter_draw (Painter *painter,
              cairo_t *cr,
              guint    frame)
{
  const Scene *sc = &painter->scene;
  const int w = painter->width, h = painter->height;
  double t = (double) frame / painter->fps;
  double p = painter->n_frames > 1 ? (double) frame / (painter->n_frames - 1) : 0;
  double zoom = 1.0;
  char hud[96];

  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_surface (cr, painter->backdrop, 0, 0);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  draw_weather (sc, cr, w, h, t, FALSE);

  if (sc->motion == MOTION_ZOOM_IN)
    zoom = 1.0 + 0.4 * sc->speed * p;
  else if (sc->motion == MOTION_ZOOM_OUT)
    zoom = 1.0 + 0.4 * sc->speed * (1 - p);

  cairo_save (cr);
  cairo_translate (cr, w / 2.0, h / 2.0);
  cairo_scale (cr, zoom, zoom);
  if (sc->motion == MOTION_ORBIT)
    cairo_rotate (cr, 0.08 * sc->speed * sin (2 * G_PI * p));
  cairo_translate (cr, -w / 2.0, -h / 2.0);

  /* far mountains, near hills (with parallax), then the subjects */
  draw_ridge (cr, w, h, sc->far_base, sc->far_phase, sc->far_freq, sc->far_amp,
              pan_offset (sc, p, 0.35));
  set_rgb (cr, &sc->far);
  cairo_fill (cr);

  draw_ridge (cr, w, h, sc->near_base, sc->near_phase, sc->near_freq, sc->near_amp,
              pan_offset (sc, p, 1.0));
  {
    cairo_pattern_t *ground = cairo_pattern_create_linear (0, sc->near_base * h, 0, h);

    cairo_pattern_add_color_stop_rgb (ground, 0, sc->near.r, sc->near.g, sc->near.b);
    cairo_pattern_add_color_stop_rgb (ground, 1, sc->near_dark.r, sc->near_dark.g, sc->near_dark.b);
    cairo_set_source (cr, ground);
    cairo_fill (cr);
    cairo_pattern_destroy (ground);
  }

  for (guint i = 0; i < sc->n_subjects; i++)
    {
      const Subject *s = &sc->subjects[i];
      double x = s->x, y = s->y, size = s->size * h;
      double travel = sc->speed * s->speed * p;

      switch (sc->motion)
        {
        case MOTION_FALL:
          y = fmod (s->y + 0.8 * travel, 1.2) - 0.1;
          break;
        case MOTION_RISE:
          y = 1.1 - fmod (1.1 - s->y + 0.8 * travel, 1.2);
          break;
        case MOTION_ORBIT:
          x = 0.5 + (s->x - 0.5) * cos (2 * G_PI * travel * 0.5) - (s->y - 0.5) * sin (2 * G_PI * travel * 0.5);
          y = 0.5 + (s->x - 0.5) * sin (2 * G_PI * travel * 0.5) + (s->y - 0.5) * cos (2 * G_PI * travel * 0.5);
          break;
        case MOTION_PAN_LEFT:
        case MOTION_PAN_RIGHT:
          x = s->x - pan_offset (sc, p, 0.7);
          x = fmod (fmod (x + 0.1, 1.2) + 1.2, 1.2) - 0.1;
          break;
        case MOTION_DRIFT:
        case MOTION_ZOOM_IN:
        case MOTION_ZOOM_OUT:
        case N_MOTIONS:
        default:
          break;
        }
      /* everything breathes a little, so even a still shot moves */
      x += 0.01 * sin (2 * G_PI * 0.3 * t * s->speed + s->phase);
      y += 0.01 * cos (2 * G_PI * 0.25 * t * s->speed + s->phase);
      draw_subject (cr, s, x * w, y * h, size, t);
    }

  cairo_restore (cr);

  draw_weather (sc, cr, w, h, t, TRUE);

  if (painter->caption)
    {
      cairo_set_source_surface (cr, painter->caption, 0, 0);
      cairo_rectangle (cr, 0, painter->caption_y, w, h - painter->caption_y);
      cairo_fill (cr);
    }

  g_snprintf (hud, sizeof hud, "SKETCH  seed %" G_GINT64_FORMAT "  %02u:%02u.%02u",
              painter->seed, (frame / painter->fps) / 60, (frame / painter->fps) % 60,
              frame % painter->fps);
  pango_layout_set_text (painter->hud, hud, -1);
  pango_cairo_update_layout (cr, painter->hud);
  cairo_move_to (cr, MAX (h / 60, 2), MAX (h / 60, 2));
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
  pango_cairo_show_layout (cr, painter->hud);
}

/* ------------------------------------------------------------------------ */
/* Audio bed                                                                 */

static GstBuffer *
make_audio (const Scene *sc,
            guint64      first,
            guint64      n,
            guint64      total)
{
  GstBuffer *buffer = gst_buffer_new_allocate (NULL, n * AUDIO_CHANNELS * sizeof (gint16), NULL);
  GstMapInfo map;
  gint16 *out;
  const double fade = AUDIO_RATE * 0.25;

  gst_buffer_map (buffer, &map, GST_MAP_WRITE);
  out = (gint16 *) map.data;
  for (guint64 i = 0; i < n; i++)
    {
      guint64 k = first + i;
      double t = (double) k / AUDIO_RATE;
      double env = 1.0, l = 0, r = 0;

      if (k < fade)
        env = k / fade;
      if (total - k < fade)
        env = MIN (env, (total - k) / fade);
      env *= 0.6 + 0.4 * sin (2 * G_PI * sc->audio_lfo * t);
      for (int j = 0; j < 3; j++)
        {
          double v = sin (2 * G_PI * sc->audio_freq[j] * t) / (j + 1.5);

          l += v * (j == 1 ? 0.6 : 1.0);
          r += v * (j == 2 ? 0.6 : 1.0);
        }
      out[2 * i] = (gint16) lrint (CLAMP (l * env * 0.3, -1.0, 1.0) * 32767);
      out[2 * i + 1] = (gint16) lrint (CLAMP (r * env * 0.3, -1.0, 1.0) * 32767);
    }
  gst_buffer_unmap (buffer, &map);
  GST_BUFFER_PTS (buffer) = gst_util_uint64_scale (first, GST_SECOND, AUDIO_RATE);
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (first + n, GST_SECOND, AUDIO_RATE) - GST_BUFFER_PTS (buffer);
  GST_BUFFER_OFFSET (buffer) = first;
  GST_BUFFER_OFFSET_END (buffer) = first + n;
  return buffer;
}


void
_rushes_sketch_audio_need_data_cb (GstAppSrc *src,
                    guint      length,
                    gpointer   user_data)
{
  AudioFeed *feed = user_data;
  guint64 n = MIN (AUDIO_CHUNK, feed->total - feed->done);

  if (n == 0)
    {
      gst_app_src_end_of_stream (src);
      return;
    }
  gst_app_src_push_buffer (src, make_audio (feed->scene, feed->done, n, feed->total));
  feed->done += n;
}
