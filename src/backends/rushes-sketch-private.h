/* rushes-sketch-private.h: what the Sketch renderer's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-sketch-scene.c turns prompt + seed into a Scene (deterministic);
 * rushes-sketch-draw.c paints a Scene's frames with cairo and makes its
 * audio bed; rushes-sketch-renderer.c runs the GStreamer pipeline.
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>
#include <gst/app/gstappsrc.h>

G_BEGIN_DECLS

#define AUDIO_RATE      48000
#define AUDIO_CHANNELS  2
#define MAX_SUBJECTS    8

typedef enum
{
  MOTION_DRIFT,
  MOTION_PAN_LEFT,
  MOTION_PAN_RIGHT,
  MOTION_ZOOM_IN,
  MOTION_ZOOM_OUT,
  MOTION_ORBIT,
  MOTION_FALL,
  MOTION_RISE,
  N_MOTIONS
} Motion;

typedef struct
{
  double r, g, b;
} Rgb;

typedef enum
{
  WEATHER_NONE,
  WEATHER_RAIN,
  WEATHER_SNOW,
  WEATHER_STARS,
} Weather;

#define N_PARTICLES 90

typedef enum
{
  SUBJECT_DISC,
  SUBJECT_BLOCK,
  SUBJECT_SPIRE,
  N_SUBJECT_KINDS
} SubjectKind;

typedef struct
{
  SubjectKind kind;
  double      x, y;      /* 0..1 of the frame, at t = 0 */
  double      size;      /* fraction of the frame height */
  double      phase;
  double      speed;
  Rgb         colour;
} Subject;

typedef struct
{
  Motion  motion;
  double  speed;         /* motion multiplier: slow/fast words */
  Rgb     sky_top, sky_bottom, sun, far, near, near_dark;
  double  sun_x, sun_y, sun_r;
  double  far_phase[3], far_freq[3], far_amp[3], far_base;
  double  near_phase[3], near_freq[3], near_amp[3], near_base;
  guint   n_subjects;
  Subject subjects[MAX_SUBJECTS];
  double  audio_freq[3];
  double  audio_lfo;
  Weather weather;
  guint64 weather_seed;
} Scene;

typedef struct
{
  Scene            scene;
  int              width, height;
  guint            n_frames;
  guint            fps;
  gint64           seed;
  cairo_surface_t *backdrop;  /* sky and sun: static */
  cairo_surface_t *caption;   /* prompt band: static, may be NULL */
  int              caption_y;
  PangoLayout     *hud;
  cairo_t         *hud_cr;    /* owns the context hud was made for */
  /* rushes-sketch-images.c: the recipe's start and end images at the
   * frame's size, and the procedural frame drawn apart; NULL without */
  cairo_surface_t *start_image;
  cairo_surface_t *end_image;
  cairo_surface_t *pattern;
} Painter;

/* The audio appsrc pulls its samples on its own streaming thread whenever
 * its queue runs dry. The muxers wait for data on every pad before writing,
 * so audio pushed in step with the frames could starve the muxer while the
 * frames wait for room in their queue: a deadlock under load. Pulled audio
 * is always there when the muxer asks. */
typedef struct
{
  const Scene *scene;   /* borrowed: outlives the pipeline */
  guint64      done;    /* streaming thread only */
  guint64      total;
} AudioFeed;

#define AUDIO_CHUNK 4800  /* 100 ms */

/* uniform in [lo, hi) */
double
_rushes_sketch_rand_range (guint64 *state,
            double   lo,
            double   hi);
void
_rushes_sketch_scene_init (Scene       *scene,
            const char  *prompt,
            gint64       seed);

void
_rushes_sketch_painter_init (Painter    *painter,
              const char *prompt,
              gint64      seed,
              int         width,
              int         height,
              guint       fps,
              guint       n_frames);
void
_rushes_sketch_painter_draw (Painter *painter,
              cairo_t *cr,
              guint    frame);
void
_rushes_sketch_painter_clear (Painter *painter);
/* rushes-sketch-images.c: after painter_init */
gboolean
_rushes_sketch_painter_load_images (Painter     *painter,
                                    const char  *start_image,
                                    const char  *end_image,
                                    GError     **error);
/* painter_draw, with the start and end images when there are any */
void
_rushes_sketch_painter_draw_frame (Painter *painter,
                                   cairo_t *cr,
                                   guint    frame);
void
_rushes_sketch_audio_need_data_cb (GstAppSrc *src,
                    guint      length,
                    gpointer   user_data);

G_END_DECLS
