/* rushes-sketch-scene.c: prompt words + seed → a Sketch scene
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prompt is split into lowercase words, each hashed with 64-bit FNV-1a
 * (stable across GLib versions, unlike g_str_hash). Colour, mood and motion
 * words pick the palette and camera/subject motion; other words still shift
 * the palette through their hash. The hash mixed with the seed feeds a
 * splitmix64 generator that lays out the composition. Deterministic.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib.h>
#include <gst/audio/audio.h>
#include <gst/video/video.h>

#include "rushes-sketch-private.h"

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
double
_rushes_sketch_rand_range (guint64 *state,
            double   lo,
            double   hi)
{
  double u = (double) (splitmix64 (state) >> 11) * (1.0 / 9007199254740992.0);

  return lo + u * (hi - lo);
}


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


void
_rushes_sketch_scene_init (Scene       *scene,
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
    hue[0] = _rushes_sketch_rand_range (&palette_state, 200, 260); /* night skies are blue */
  else if (n_hues == 0)
    hue[0] = _rushes_sketch_rand_range (&palette_state, 0, 360);
  if (n_hues < 2)
    hue[1] = hue[0] + _rushes_sketch_rand_range (&palette_state, 30, 180);
  if (motion < 0)
    motion = (int) (splitmix64 (&palette_state) % N_MOTIONS);

  /* composition: words and seed */
  state = words_hash ^ (seed_bits * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));
  splitmix64 (&state);
  hue[0] += _rushes_sketch_rand_range (&state, -10, 10);
  hue[1] += _rushes_sketch_rand_range (&state, -10, 10);

  scene->motion = (Motion) motion;
  scene->speed = speed;
  scene->sky_top = hsl (hue[0] + 20, saturation, lightness * 0.55);
  scene->sky_bottom = hsl (hue[0], saturation * 0.9, MIN (lightness * 1.35, 0.9));
  scene->sun = hsl (hue[1] + 40, MIN (saturation + 0.2, 1.0), lightness < 0.3 ? 0.85 : 0.7);
  scene->far = hsl (hue[1], saturation * 0.7, lightness * 0.8);
  scene->near = hsl (hue[1] - 25, saturation, lightness * 0.6);
  scene->near_dark = hsl (hue[1] - 35, saturation, lightness * 0.35);

  scene->sun_x = _rushes_sketch_rand_range (&state, 0.15, 0.85);
  scene->sun_y = _rushes_sketch_rand_range (&state, 0.12, 0.4);
  scene->sun_r = _rushes_sketch_rand_range (&state, 0.06, 0.16);
  scene->far_base = _rushes_sketch_rand_range (&state, 0.48, 0.62);
  scene->near_base = _rushes_sketch_rand_range (&state, 0.7, 0.8);
  for (int i = 0; i < 3; i++)
    {
      scene->far_phase[i] = _rushes_sketch_rand_range (&state, 0, 2 * G_PI);
      scene->far_freq[i] = _rushes_sketch_rand_range (&state, 1.5, 7.0) * (i + 1);
      scene->far_amp[i] = _rushes_sketch_rand_range (&state, 0.02, 0.09) / (i + 1);
      scene->near_phase[i] = _rushes_sketch_rand_range (&state, 0, 2 * G_PI);
      scene->near_freq[i] = _rushes_sketch_rand_range (&state, 1.0, 4.0) * (i + 1);
      scene->near_amp[i] = _rushes_sketch_rand_range (&state, 0.01, 0.05) / (i + 1);
    }

  scene->n_subjects = 3 + (guint) (splitmix64 (&state) % (MAX_SUBJECTS - 2));
  for (guint i = 0; i < scene->n_subjects; i++)
    {
      Subject *s = &scene->subjects[i];

      s->kind = (SubjectKind) (splitmix64 (&state) % N_SUBJECT_KINDS);
      /* the prompt's things, mostly */
      if (kind >= 0 && _rushes_sketch_rand_range (&state, 0, 1) < 0.75)
        s->kind = (SubjectKind) kind;
      s->x = _rushes_sketch_rand_range (&state, 0.05, 0.95);
      s->y = _rushes_sketch_rand_range (&state, 0.25, 0.8);
      s->size = _rushes_sketch_rand_range (&state, 0.05, 0.2);
      s->phase = _rushes_sketch_rand_range (&state, 0, 2 * G_PI);
      s->speed = _rushes_sketch_rand_range (&state, 0.5, 1.5);
      s->colour = hsl (hue[i % 2] + _rushes_sketch_rand_range (&state, 140, 220),
                       MIN (saturation + 0.25, 1.0),
                       CLAMP (lightness + _rushes_sketch_rand_range (&state, -0.1, 0.2), 0.25, 0.85));
    }

  scene->weather_seed = splitmix64 (&state);

  /* audio bed: a soft chord on a pentatonic root */
  {
    static const double roots[] = { 110.0, 123.47, 138.59, 164.81, 185.0 };
    double root = roots[words_hash % G_N_ELEMENTS (roots)];

    scene->audio_freq[0] = root;
    scene->audio_freq[1] = root * (lightness < 0.3 ? 1.2 : 1.25); /* minor/major third */
    scene->audio_freq[2] = root * 1.5;
    scene->audio_lfo = _rushes_sketch_rand_range (&state, 0.1, 0.4);
  }
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                   */
