/* rushes-sketch-renderer.c: the offline Sketch renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a picture comes from a prompt: the prompt is split into lowercase
 * words, each hashed with 64-bit FNV-1a (stable across GLib versions, unlike
 * g_str_hash). Colour, mood and motion words ("red", "night", "zoom", "rain"
 * …) pick the palette and camera/subject motion; words without a meaning
 * here still shift the palette through their hash. The words' hash mixed
 * with the seed feeds a splitmix64 generator that lays out the composition
 * (sun, far mountains, near hills, subjects). Frames are drawn with cairo
 * into pooled buffers pushed into an appsrc, timestamps from the frame index
 * (pts = i × GST_SECOND / fps), so duration and frame count are exact. The
 * prompt is burnt in as a caption, with seed and timecode in a corner, as an
 * animatic would show them.
 *
 * Threads: everything runs on the caller's thread except GStreamer's own
 * streaming threads. The appsrc queues are kept short (a few frames) so the
 * progress we report is what the encoder has nearly consumed, and the bus is
 * polled every few milliseconds so cancel acts well within 0.5 s.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/video/video.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "rushes-sketch-renderer.h"

GST_DEBUG_CATEGORY_STATIC (rushes_sketch_debug);
#define GST_CAT_DEFAULT rushes_sketch_debug

#define AUDIO_RATE      48000
#define AUDIO_CHANNELS  2
#define MAX_QUEUED      3      /* frames waiting in the video appsrc */
#define POLL_INTERVAL   (5 * GST_MSECOND)
#define MAX_SUBJECTS    8

/* ------------------------------------------------------------------------ */
/* Deterministic choices                                                     */

#define FNV_OFFSET G_GUINT64_CONSTANT (0xcbf29ce484222325)
#define FNV_PRIME  G_GUINT64_CONSTANT (0x100000001b3)

static guint64
fnv1a (guint64     hash,
       const char *data,
       gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      hash ^= (guchar) data[i];
      hash *= FNV_PRIME;
    }
  return hash;
}

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* uniform in [lo, hi) */
static double
rand_range (guint64 *state,
            double   lo,
            double   hi)
{
  double u = (double) (splitmix64 (state) >> 11) * (1.0 / 9007199254740992.0);

  return lo + u * (hi - lo);
}

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
  const char *word;
  double      hue;
} ColourWord;

static const ColourWord colour_words[] = {
  { "red", 0 }, { "crimson", 348 }, { "scarlet", 5 }, { "fire", 15 },
  { "sunset", 20 }, { "orange", 30 }, { "autumn", 28 }, { "amber", 40 },
  { "desert", 38 }, { "sand", 42 }, { "gold", 46 }, { "golden", 46 },
  { "yellow", 55 }, { "lime", 90 }, { "green", 120 }, { "grass", 105 },
  { "forest", 135 }, { "jungle", 125 }, { "emerald", 145 }, { "teal", 175 },
  { "cyan", 185 }, { "ice", 195 }, { "ocean", 200 }, { "sea", 200 },
  { "water", 198 }, { "river", 196 }, { "sky", 205 }, { "blue", 220 },
  { "navy", 228 }, { "indigo", 250 }, { "purple", 275 }, { "violet", 280 },
  { "lavender", 270 }, { "magenta", 300 }, { "pink", 330 }, { "rose", 340 },
  { "dawn", 25 }, { "dusk", 290 }, { "twilight", 255 }, { "midnight", 235 },
};

typedef struct
{
  const char *word;
  Motion      motion;
} MotionWord;

static const MotionWord motion_words[] = {
  { "pan", MOTION_PAN_RIGHT }, { "tracking", MOTION_PAN_RIGHT },
  { "travelling", MOTION_PAN_RIGHT }, { "traveling", MOTION_PAN_RIGHT },
  { "drive", MOTION_PAN_RIGHT }, { "driving", MOTION_PAN_RIGHT },
  { "walk", MOTION_PAN_LEFT }, { "walking", MOTION_PAN_LEFT },
  { "running", MOTION_PAN_LEFT }, { "flying", MOTION_PAN_LEFT },
  { "zoom", MOTION_ZOOM_IN }, { "push", MOTION_ZOOM_IN },
  { "dolly", MOTION_ZOOM_IN }, { "closeup", MOTION_ZOOM_IN },
  { "approach", MOTION_ZOOM_IN }, { "pull", MOTION_ZOOM_OUT },
  { "reveal", MOTION_ZOOM_OUT }, { "wide", MOTION_ZOOM_OUT },
  { "orbit", MOTION_ORBIT }, { "spin", MOTION_ORBIT },
  { "spinning", MOTION_ORBIT }, { "swirl", MOTION_ORBIT },
  { "dance", MOTION_ORBIT }, { "dancing", MOTION_ORBIT },
  { "rain", MOTION_FALL }, { "raining", MOTION_FALL }, { "snow", MOTION_FALL },
  { "falling", MOTION_FALL }, { "fall", MOTION_FALL }, { "leaves", MOTION_FALL },
  { "rise", MOTION_RISE }, { "rising", MOTION_RISE }, { "float", MOTION_RISE },
  { "floating", MOTION_RISE }, { "bubbles", MOTION_RISE },
  { "balloons", MOTION_RISE }, { "smoke", MOTION_RISE },
  { "still", MOTION_DRIFT }, { "static", MOTION_DRIFT }, { "calm", MOTION_DRIFT },
};

static const char * const dark_words[] = {
  "night", "dark", "midnight", "noir", "shadow", "shadows", "moon", "moonlit",
  "space", "stars", "cave", "storm",
};
static const char * const bright_words[] = {
  "day", "bright", "sunny", "morning", "noon", "summer", "beach", "light",
};
static const char * const muted_words[] = {
  "fog", "foggy", "mist", "misty", "grey", "gray", "rainy", "winter", "old",
  "vintage", "haze",
};
static const char * const vivid_words[] = {
  "neon", "vivid", "cyberpunk", "candy", "psychedelic", "electric", "disco",
};
static const char * const block_words[] = {
  "city", "town", "street", "building", "buildings", "tower", "towers", "house",
  "houses", "skyline", "robot", "robots", "car", "cars", "train", "door",
  "people", "person", "man", "woman", "knight", "crowd",
};
static const char * const spire_words[] = {
  "mountain", "mountains", "tree", "trees", "forest", "pine", "pines", "castle",
  "rocket", "tent", "pyramid", "pyramids", "crystal", "crystals", "fox",
};
static const char * const disc_words[] = {
  "moon", "sun", "planet", "planets", "ball", "balls", "balloon", "balloons",
  "bubble", "bubbles", "lantern", "lanterns", "eye", "eyes", "orb", "orbs",
  "fish", "bird", "birds",
};
static const char * const fast_words[] = {
  "fast", "chase", "race", "racing", "rush", "quick", "storm", "frantic",
};
static const char * const rain_words[] = {
  "rain", "raining", "rainy", "storm", "stormy", "downpour", "drizzle",
};
static const char * const snow_words[] = {
  "snow", "snowy", "snowing", "snowfall", "blizzard", "winter", "frost",
};
static const char * const star_words[] = {
  "stars", "starry", "star", "space", "galaxy", "cosmic", "night", "midnight",
};
static const char * const slow_words[] = {
  "slow", "gentle", "quiet", "lazy", "dreamy", "peaceful", "serene",
};

static gboolean
word_in (const char         *word,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (strcmp (word, list[i]) == 0)
      return TRUE;
  return FALSE;
}

#define WORD_IN(w, list) word_in ((w), (list), G_N_ELEMENTS (list))

typedef struct
{
  double r, g, b;
} Rgb;

static Rgb
hsl (double h,
     double s,
     double l)
{
  Rgb c;
  double q, p, hk, t[3];

  h = fmod (fmod (h, 360.0) + 360.0, 360.0) / 360.0;
  s = CLAMP (s, 0.0, 1.0);
  l = CLAMP (l, 0.0, 1.0);
  q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  p = 2 * l - q;
  hk = h;
  t[0] = hk + 1.0 / 3;
  t[1] = hk;
  t[2] = hk - 1.0 / 3;
  for (int i = 0; i < 3; i++)
    {
      double v;

      if (t[i] < 0)
        t[i] += 1;
      if (t[i] > 1)
        t[i] -= 1;
      if (t[i] < 1.0 / 6)
        v = p + (q - p) * 6 * t[i];
      else if (t[i] < 0.5)
        v = q;
      else if (t[i] < 2.0 / 3)
        v = p + (q - p) * (2.0 / 3 - t[i]) * 6;
      else
        v = p;
      t[i] = v;
    }
  c.r = t[0];
  c.g = t[1];
  c.b = t[2];
  return c;
}

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

static void
scene_init (Scene       *scene,
            const char  *prompt,
            gint64       seed)
{
  g_autofree char *lower = g_utf8_strdown (prompt ? prompt : "", -1);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);
  guint64 words_hash = FNV_OFFSET;
  guint64 palette_state, state, seed_bits = (guint64) seed;
  double hue[2] = { -1, -1 };
  int n_hues = 0;
  double lightness = 0.5, saturation = 0.6;
  int motion = -1;
  int kind = -1;
  gboolean dark = FALSE;
  double speed = 1.0;

  memset (scene, 0, sizeof *scene);

  /* split into words on anything that is not a letter or digit */
  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
    }
  if (word->len > 0)
    g_ptr_array_add (words, g_strdup (word->str));
  g_string_free (word, TRUE);

  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);

      words_hash = fnv1a (words_hash, w, strlen (w) + 1);

      for (gsize k = 0; k < G_N_ELEMENTS (colour_words); k++)
        if (n_hues < 2 && strcmp (w, colour_words[k].word) == 0)
          hue[n_hues++] = colour_words[k].hue;
      for (gsize k = 0; k < G_N_ELEMENTS (motion_words); k++)
        if (motion < 0 && strcmp (w, motion_words[k].word) == 0)
          motion = motion_words[k].motion;
      if (WORD_IN (w, dark_words))
        {
          lightness = 0.2;
          dark = TRUE;
        }
      if (kind < 0 && WORD_IN (w, block_words))
        kind = SUBJECT_BLOCK;
      if (kind < 0 && WORD_IN (w, spire_words))
        kind = SUBJECT_SPIRE;
      if (kind < 0 && WORD_IN (w, disc_words))
        kind = SUBJECT_DISC;
      if (WORD_IN (w, bright_words))
        lightness = 0.68;
      if (WORD_IN (w, muted_words))
        saturation = 0.22;
      if (WORD_IN (w, vivid_words))
        saturation = 0.95;
      if (WORD_IN (w, fast_words))
        speed = 2.0;
      if (WORD_IN (w, slow_words))
        speed = 0.5;
      /* rain and snow win over a starry sky */
      if (WORD_IN (w, rain_words))
        scene->weather = WEATHER_RAIN;
      else if (WORD_IN (w, snow_words) && scene->weather != WEATHER_RAIN)
        scene->weather = WEATHER_SNOW;
      else if (WORD_IN (w, star_words) && scene->weather == WEATHER_NONE)
        scene->weather = WEATHER_STARS;
    }

  /* palette: from the words (the seed only nudges it) */
  palette_state = words_hash;
  if (n_hues == 0 && dark)
    hue[0] = rand_range (&palette_state, 200, 260); /* night skies are blue */
  else if (n_hues == 0)
    hue[0] = rand_range (&palette_state, 0, 360);
  if (n_hues < 2)
    hue[1] = hue[0] + rand_range (&palette_state, 30, 180);
  if (motion < 0)
    motion = (int) (splitmix64 (&palette_state) % N_MOTIONS);

  /* composition: words and seed */
  state = words_hash ^ (seed_bits * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  splitmix64 (&state);
  hue[0] += rand_range (&state, -10, 10);
  hue[1] += rand_range (&state, -10, 10);

  scene->motion = (Motion) motion;
  scene->speed = speed;
  scene->sky_top = hsl (hue[0] + 20, saturation, lightness * 0.55);
  scene->sky_bottom = hsl (hue[0], saturation * 0.9, MIN (lightness * 1.35, 0.9));
  scene->sun = hsl (hue[1] + 40, MIN (saturation + 0.2, 1.0), lightness < 0.3 ? 0.85 : 0.7);
  scene->far = hsl (hue[1], saturation * 0.7, lightness * 0.8);
  scene->near = hsl (hue[1] - 25, saturation, lightness * 0.6);
  scene->near_dark = hsl (hue[1] - 35, saturation, lightness * 0.35);

  scene->sun_x = rand_range (&state, 0.15, 0.85);
  scene->sun_y = rand_range (&state, 0.12, 0.4);
  scene->sun_r = rand_range (&state, 0.06, 0.16);
  scene->far_base = rand_range (&state, 0.48, 0.62);
  scene->near_base = rand_range (&state, 0.7, 0.8);
  for (int i = 0; i < 3; i++)
    {
      scene->far_phase[i] = rand_range (&state, 0, 2 * G_PI);
      scene->far_freq[i] = rand_range (&state, 1.5, 7.0) * (i + 1);
      scene->far_amp[i] = rand_range (&state, 0.02, 0.09) / (i + 1);
      scene->near_phase[i] = rand_range (&state, 0, 2 * G_PI);
      scene->near_freq[i] = rand_range (&state, 1.0, 4.0) * (i + 1);
      scene->near_amp[i] = rand_range (&state, 0.01, 0.05) / (i + 1);
    }

  scene->n_subjects = 3 + (guint) (splitmix64 (&state) % (MAX_SUBJECTS - 2));
  for (guint i = 0; i < scene->n_subjects; i++)
    {
      Subject *s = &scene->subjects[i];

      s->kind = (SubjectKind) (splitmix64 (&state) % N_SUBJECT_KINDS);
      /* the prompt's things, mostly */
      if (kind >= 0 && rand_range (&state, 0, 1) < 0.75)
        s->kind = (SubjectKind) kind;
      s->x = rand_range (&state, 0.05, 0.95);
      s->y = rand_range (&state, 0.25, 0.8);
      s->size = rand_range (&state, 0.05, 0.2);
      s->phase = rand_range (&state, 0, 2 * G_PI);
      s->speed = rand_range (&state, 0.5, 1.5);
      s->colour = hsl (hue[i % 2] + rand_range (&state, 140, 220),
                       MIN (saturation + 0.25, 1.0),
                       CLAMP (lightness + rand_range (&state, -0.1, 0.2), 0.25, 0.85));
    }

  scene->weather_seed = splitmix64 (&state);

  /* audio bed: a soft chord on a pentatonic root */
  {
    static const double roots[] = { 110.0, 123.47, 138.59, 164.81, 185.0 };
    double root = roots[words_hash % G_N_ELEMENTS (roots)];

    scene->audio_freq[0] = root;
    scene->audio_freq[1] = root * (lightness < 0.3 ? 1.2 : 1.25); /* minor/major third */
    scene->audio_freq[2] = root * 1.5;
    scene->audio_lfo = rand_range (&state, 0.1, 0.4);
  }
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */

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
} Painter;

static void
set_rgb (cairo_t   *cr,
         const Rgb *c)
{
  cairo_set_source_rgb (cr, c->r, c->g, c->b);
}

static void
painter_clear (Painter *painter)
{
  g_clear_pointer (&painter->backdrop, cairo_surface_destroy);
  g_clear_pointer (&painter->caption, cairo_surface_destroy);
  g_clear_object (&painter->hud);
  g_clear_pointer (&painter->hud_cr, cairo_destroy);
}

static void
painter_init (Painter    *painter,
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
  scene_init (&painter->scene, prompt, seed);
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
      double x0 = rand_range (&state, 0, 1);
      double y0 = rand_range (&state, 0, 1);
      double v = rand_range (&state, 0.6, 1.4);
      double phase = rand_range (&state, 0, 2 * G_PI);
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

static void
painter_draw (Painter *painter,
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

static void
audio_need_data_cb (GstAppSrc *src,
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

/* ------------------------------------------------------------------------ */
/* Containers and encoders                                                   */

gboolean
rushes_sketch_container_for_path (const char             *path,
                                  RushesSketchContainer  *container,
                                  GError                **error)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = dot ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (ext && strcmp (ext, "webm") == 0)
    *container = RUSHES_SKETCH_CONTAINER_WEBM;
  else if (ext && strcmp (ext, "mkv") == 0)
    *container = RUSHES_SKETCH_CONTAINER_MATROSKA;
  else if (ext && (strcmp (ext, "mp4") == 0 || strcmp (ext, "m4v") == 0 || strcmp (ext, "mov") == 0))
    *container = RUSHES_SKETCH_CONTAINER_MP4;
  else
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("Sketch writes .webm, .mkv or .mp4 files; “%s” has another extension"),
                   base);
      return FALSE;
    }
  return TRUE;
}

const char *
rushes_sketch_container_get_extension (RushesSketchContainer container)
{
  switch (container)
    {
    case RUSHES_SKETCH_CONTAINER_MATROSKA:
      return "mkv";
    case RUSHES_SKETCH_CONTAINER_MP4:
      return "mp4";
    case RUSHES_SKETCH_CONTAINER_WEBM:
    default:
      return "webm";
    }
}

static const char * const h264_encoders[] = { "x264enc", "openh264enc", NULL };
static const char * const aac_encoders[] = { "fdkaacenc", "avenc_aac", "voaacenc", NULL };

static const char *
first_available (const char * const *names)
{
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GstElementFactory) factory = gst_element_factory_find (names[i]);

      if (factory)
        return names[i];
    }
  return NULL;
}

gboolean
rushes_sketch_can_encode_mp4 (void)
{
  return first_available (h264_encoders) != NULL && first_available (aac_encoders) != NULL;
}

static GstElement *
make_element (GstBin      *bin,
              const char  *factory,
              GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (!element)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNAVAILABLE,
                   _("The GStreamer element “%s” is missing; install the plugin that provides it"),
                   factory);
      return NULL;
    }
  gst_bin_add (bin, element);
  return element;
}

static GstElement *
make_video_encoder (GstBin                 *bin,
                    RushesSketchContainer   container,
                    guint                   fps,
                    int                     width,
                    int                     height,
                    GError                **error)
{
  GstElement *enc;
  guint kbps = MAX (200, (guint) ((guint64) width * height * fps / 11000));

  if (container == RUSHES_SKETCH_CONTAINER_MP4)
    {
      const char *name = first_available (h264_encoders);

      if (!name)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                               _("No H.264 encoder is installed, so Sketch cannot write MP4; "
                                 "choose a .webm file or install gstreamer1.0-plugins-ugly"));
          return NULL;
        }
      if (!(enc = make_element (bin, name, error)))
        return NULL;
      if (strcmp (name, "x264enc") == 0)
        {
          gst_util_set_object_arg (G_OBJECT (enc), "speed-preset", "veryfast");
          /* no lookahead and no frame threads: few frames in flight, so a
           * cancel does not wait for x264 to finish a backlog */
          gst_util_set_object_arg (G_OBJECT (enc), "tune", "zerolatency");
          /* no VBV: with a VBV buffer, multithreaded x264 rate control
           * depends on thread timing and the frames differ run to run */
          g_object_set (enc, "bitrate", kbps, "key-int-max", fps * 2, "threads", 2,
                        "vbv-buf-capacity", 0, NULL);
        }
      else
        g_object_set (enc, "bitrate", kbps * 1000, NULL);
      return enc;
    }

  if (!(enc = make_element (bin, "vp9enc", error)))
    return NULL;
  /* realtime, fastest speed: tiles and row threading let two cores share
   * a frame, and libvpx stays deterministic (no timing feedback) */
  g_object_set (enc,
                "deadline", (gint64) 1,
                "cpu-used", 8,
                "threads", 2,
                "row-mt", TRUE,
                "tile-columns", 2,
                "lag-in-frames", 0,
                "target-bitrate", (int) MIN (kbps * 1000, G_MAXINT),
                "keyframe-max-dist", (int) fps * 2,
                NULL);
  return enc;
}

/* ------------------------------------------------------------------------ */
/* Running the pipeline                                                      */

/* Waits up to timeout for an ERROR (or an `extra` type) message. Returns
 * FALSE with error set on an ERROR; sets *got_extra when the other kind
 * arrived. */
static gboolean
take_bus_error (GstBus          *bus,
                GstClockTime     timeout,
                GstMessageType   extra,
                gboolean        *got_extra,
                GError         **error)
{
  g_autoptr(GstMessage) msg = gst_bus_timed_pop_filtered (bus, timeout, GST_MESSAGE_ERROR | extra);

  if (got_extra)
    *got_extra = FALSE;
  if (!msg)
    return TRUE;
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *debug = NULL;

      gst_message_parse_error (msg, &gst_error, &debug);
      g_debug ("GStreamer error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (msg)),
               gst_error->message, debug ? debug : "");
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("Sketch could not encode the video: %s"), gst_error->message);
      return FALSE;
    }
  if (got_extra)
    *got_extra = TRUE;
  return TRUE;
}

static gboolean
sync_file (const char  *path,
           GError     **error)
{
  int fd = g_open (path, O_RDWR, 0);
  int saved;

  /* mkstemp made it private; a take is an ordinary file */
  if (fd >= 0)
    fchmod (fd, 0644);
  if (fd < 0 || fsync (fd) != 0)
    {
      saved = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

gboolean
rushes_sketch_render (RushesRecipe        *recipe,
                      const char          *dest_path,
                      RushesProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  RushesSketchContainer container;
  g_autofree char *tmp_path = NULL;
  g_autofree char *recipe_json = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstBufferPool) pool = NULL;
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(RushesRecipe) resolved = NULL;
  GstElement *vsrc, *vconv, *venc, *mux, *sink;
  GstElement *asrc = NULL;
  GstStructure *config;
  GstVideoInfo vinfo;
  Painter painter;
  guint width, height, fps, n_frames;
  AudioFeed feed = { NULL, 0, 0 };
  gboolean ok = FALSE, painter_ready = FALSE;
  int fd;

  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  /* a "random" seed becomes a number, recorded in the tags like any other */
  if (rushes_recipe_get_seed (recipe) == RUSHES_RECIPE_SEED_RANDOM)
    {
      resolved = rushes_recipe_copy (recipe);
      rushes_recipe_resolve_seed (resolved);
      recipe = resolved;
    }

  GST_DEBUG_CATEGORY_INIT (rushes_sketch_debug, "rushes-sketch", 0, "Rushes Sketch renderer");

  if (!rushes_sketch_container_for_path (dest_path, &container, error))
    return FALSE;

  width = rushes_recipe_get_width (recipe);
  height = rushes_recipe_get_height (recipe);
  fps = rushes_recipe_get_fps (recipe);
  n_frames = rushes_recipe_get_n_frames (recipe);
  if (width < 16 || height < 16 || width % 2 || height % 2 || width > 7680 || height > 4320
      || fps < 1 || fps > 240 || n_frames < 1)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("Sketch cannot render %u × %u at %u fps for %u frames: sizes must be even "
                     "and at least 16 pixels, at 1 to 240 fps"),
                   width, height, fps, n_frames);
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* the pipeline */
  pipeline = gst_pipeline_new ("rushes-sketch");
  bus = gst_element_get_bus (pipeline);
  if (!(vsrc = make_element (GST_BIN (pipeline), "appsrc", error))
      || !(vconv = make_element (GST_BIN (pipeline), "videoconvert", error))
      || !(venc = make_video_encoder (GST_BIN (pipeline), container, fps, width, height, error))
      || !(mux = make_element (GST_BIN (pipeline),
                               container == RUSHES_SKETCH_CONTAINER_MP4 ? "mp4mux" :
                               container == RUSHES_SKETCH_CONTAINER_MATROSKA ? "matroskamux" : "webmmux",
                               error))
      || !(sink = make_element (GST_BIN (pipeline), "filesink", error)))
    return FALSE;

  gst_video_info_set_format (&vinfo,
                             G_BYTE_ORDER == G_LITTLE_ENDIAN ? GST_VIDEO_FORMAT_BGRx : GST_VIDEO_FORMAT_xRGB,
                             width, height);
  vinfo.fps_n = fps;
  vinfo.fps_d = 1;
  vcaps = gst_video_info_to_caps (&vinfo);
  g_object_set (vsrc,
                "caps", vcaps,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "block", FALSE,
                "emit-signals", FALSE,
                NULL);
  g_object_set (vconv, "n-threads", 1, NULL);
  if (!gst_element_link (vsrc, vconv) || !gst_element_link (vconv, venc)
      || !gst_element_link (venc, mux) || !gst_element_link (mux, sink))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Sketch could not set up its video encoder"));
      return FALSE;
    }

  if (rushes_recipe_get_audio (recipe))
    {
      g_autoptr(GstCaps) acaps = NULL;
      GstAudioInfo ainfo;
      GstElement *aconv, *aenc;
      const char *aenc_name = container == RUSHES_SKETCH_CONTAINER_MP4 ? first_available (aac_encoders) : "opusenc";

      if (!aenc_name)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                               _("No AAC encoder is installed, so Sketch cannot write MP4 with audio"));
          return FALSE;
        }
      if (!(asrc = make_element (GST_BIN (pipeline), "appsrc", error))
          || !(aconv = make_element (GST_BIN (pipeline), "audioconvert", error))
          || !(aenc = make_element (GST_BIN (pipeline), aenc_name, error)))
        return FALSE;
      gst_audio_info_set_format (&ainfo, GST_AUDIO_FORMAT_S16, AUDIO_RATE, AUDIO_CHANNELS, NULL);
      acaps = gst_audio_info_to_caps (&ainfo);
      g_object_set (asrc, "caps", acaps, "format", GST_FORMAT_TIME, "is-live", FALSE,
                    "block", FALSE, "emit-signals", FALSE, NULL);
      if (!gst_element_link_many (asrc, aconv, aenc, mux, NULL))
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                               _("Sketch could not set up its audio encoder"));
          return FALSE;
        }
      /* whole codec frames (Opus 20 ms, AAC 1024 samples, one less for its
       * padding), so that the sound never outlasts the picture */
      feed.total = gst_util_uint64_scale (n_frames, AUDIO_RATE, fps);
      if (container == RUSHES_SKETCH_CONTAINER_MP4)
        feed.total = feed.total > 2048 ? feed.total / 1024 * 1024 - 1024 : 0;
      else
        feed.total = feed.total / 960 * 960;
    }

  /* the recipe in the container's comment, as media/rushes-tagger.c reads
   * it back: the muxer is made here, so no second remux is needed */
  recipe_json = rushes_recipe_to_json (recipe);
  {
    const char *prompt = rushes_recipe_get_prompt (recipe);
    g_autoptr(GstTagList) tags = gst_tag_list_new (GST_TAG_COMMENT, recipe_json,
                                                   GST_TAG_TITLE, prompt ? prompt : "",
                                                   GST_TAG_APPLICATION_NAME, "Rushes Sketch",
                                                   NULL);

    gst_tag_setter_set_tag_merge_mode (GST_TAG_SETTER (mux), GST_TAG_MERGE_KEEP);
    gst_tag_setter_merge_tags (GST_TAG_SETTER (mux), tags, GST_TAG_MERGE_REPLACE);
  }

  /* the temporary file, next to the destination */
  tmp_path = g_strconcat (dest_path, ".partial-XXXXXX", NULL);
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *dir = g_path_get_dirname (dest_path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a file in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_object_set (sink, "location", tmp_path, NULL);
  GST_INFO ("rendering %u frames of %ux%u at %u fps with %s into %s", n_frames, width, height, fps,
            GST_OBJECT_NAME (gst_element_get_factory (venc)), tmp_path);

  /* frames are drawn straight into pooled buffers */
  pool = gst_video_buffer_pool_new ();
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, vcaps, vinfo.size, MAX_QUEUED + 2, 0);
  gst_buffer_pool_set_config (pool, config);
  if (!gst_buffer_pool_set_active (pool, TRUE))
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Sketch could not allocate its frames"));
      goto out;
    }

  painter_init (&painter, rushes_recipe_get_prompt (recipe), rushes_recipe_get_seed (recipe),
                width, height, fps, n_frames);
  painter_ready = TRUE;
  if (asrc)
    {
      GstAppSrcCallbacks callbacks = { .need_data = audio_need_data_cb };

      feed.scene = &painter.scene;
      gst_app_src_set_callbacks (GST_APP_SRC (asrc), &callbacks, &feed, NULL);
    }

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (take_bus_error (bus, 0, 0, NULL, error))
        g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                             _("Sketch could not start its encoder"));
      goto out;
    }

  g_assert (GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0) == cairo_format_stride_for_width (CAIRO_FORMAT_RGB24, width));

  if (progress)
    progress (0.0, _("Drawing"), progress_data);

  for (guint i = 0; i < n_frames; i++)
    {
      GstBuffer *buffer = NULL;
      GstMapInfo map;
      cairo_surface_t *surface;
      cairo_t *cr;
      GstClockTime pts;

      /* wait for room, watching for cancel and errors */
      for (;;)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (gst_app_src_get_current_level_buffers (GST_APP_SRC (vsrc)) < MAX_QUEUED)
            break;
          if (!take_bus_error (bus, POLL_INTERVAL, 0, NULL, error))
            goto out;
        }
      if (!take_bus_error (bus, 0, 0, NULL, error))
        goto out;

      if (gst_buffer_pool_acquire_buffer (pool, &buffer, NULL) != GST_FLOW_OK)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                               _("Sketch could not allocate its frames"));
          goto out;
        }
      gst_buffer_map (buffer, &map, GST_MAP_WRITE);
      surface = cairo_image_surface_create_for_data (map.data, CAIRO_FORMAT_RGB24, width, height,
                                                     GST_VIDEO_INFO_PLANE_STRIDE (&vinfo, 0));
      cr = cairo_create (surface);
      painter_draw (&painter, cr, i);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      cairo_surface_destroy (surface);
      gst_buffer_unmap (buffer, &map);

      pts = gst_util_uint64_scale (i, GST_SECOND, fps);
      GST_BUFFER_PTS (buffer) = pts;
      GST_BUFFER_DTS (buffer) = pts;
      GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (i + 1, GST_SECOND, fps) - pts;
      GST_BUFFER_OFFSET (buffer) = i;
      if (gst_app_src_push_buffer (GST_APP_SRC (vsrc), buffer) != GST_FLOW_OK)
        {
          if (take_bus_error (bus, 100 * GST_MSECOND, 0, NULL, error))
            g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                                 _("Sketch’s encoder stopped unexpectedly"));
          goto out;
        }

      if (progress)
        progress (0.97 * ((double) (i + 1) / n_frames), _("Drawing"), progress_data);
    }

  gst_app_src_end_of_stream (GST_APP_SRC (vsrc));

  if (progress)
    progress (0.97, _("Finishing"), progress_data);

  for (;;)
    {
      gboolean eos;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      if (!take_bus_error (bus, 20 * GST_MSECOND, GST_MESSAGE_EOS, &eos, error))
        goto out;
      if (eos)
        break;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (!sync_file (tmp_path, error))
    goto out;
  if (g_rename (tmp_path, dest_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save “%s”: %s"), dest_path, g_strerror (saved));
      goto out;
    }
  g_clear_pointer (&tmp_path, g_free);
  ok = TRUE;
  if (progress)
    progress (1.0, _("Done"), progress_data);

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (pool)
    gst_buffer_pool_set_active (pool, FALSE);
  if (painter_ready)
    painter_clear (&painter);
  if (tmp_path)
    g_unlink (tmp_path);
  return ok;
}
