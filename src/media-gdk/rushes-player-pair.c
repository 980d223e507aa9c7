/* rushes-player-pair.c: two takes played in step, for A/B compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only calls the two players' API: B follows A. A pause puts both on A's
 * frame with an accurate seek, so that a paused pair always shows one
 * moment, whatever each pipeline's clock did while playing.
 */
#define G_LOG_DOMAIN "rushes-player-pair"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-player-pair.h"

GST_DEBUG_CATEGORY_STATIC (rushes_player_pair_debug);
#define GST_CAT_DEFAULT rushes_player_pair_debug

struct _RushesPlayerPair
{
  GObject parent_instance;

  RushesPlayer *a;
  RushesPlayer *b;
  RushesPlayerState state;
  char *error_message;
  GstClockTime position;
  gboolean want_playing;
  gboolean loop;
};

enum
{
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_POSITION,
  PROP_DURATION,
  PROP_FPS_N,
  PROP_FPS_D,
  PROP_RATE,
  PROP_VOLUME,
  PROP_MUTED,
  PROP_SEEKING,
  PROP_LOOP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rushes_player_pair_playable_init (RushesPlayableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesPlayerPair, rushes_player_pair, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_PLAYABLE, rushes_player_pair_playable_init))

#define PLAYABLE(p) RUSHES_PLAYABLE (p)

static void
notify (RushesPlayerPair *self,
        guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static gboolean
at_end (RushesPlayer *player)
{
  GstClockTime duration = rushes_player_get_duration (player);

  return GST_CLOCK_TIME_IS_VALID (duration) &&
         rushes_player_get_position (player) + RUSHES_PLAYABLE_FRAME_TOLERANCE >= duration;
}

static GstClockTime
pair_duration (RushesPlayerPair *self)
{
  GstClockTime da = rushes_player_get_duration (self->a);
  GstClockTime db = rushes_player_get_duration (self->b);

  if (!GST_CLOCK_TIME_IS_VALID (da))
    return db;
  if (!GST_CLOCK_TIME_IS_VALID (db))
    return da;
  return MAX (da, db);
}

/* the ones not playing play, but for one that has ended (going forwards) */
static void
play_players (RushesPlayerPair *self)
{
  RushesPlayer *players[] = { self->a, self->b };

  for (guint i = 0; i < G_N_ELEMENTS (players); i++)
    if (!rushes_playable_get_playing (PLAYABLE (players[i])) &&
        (rushes_player_get_rate (players[i]) < 0 || !at_end (players[i])))
      rushes_player_play (players[i]);
}

/* at or past its end, a take shows its last frame (as a step there does) */
static GstClockTime
clamp_to_last_frame (RushesPlayer *player,
                     GstClockTime  position)
{
  GstClockTime duration = rushes_player_get_duration (player);
  guint64 last;

  if (!GST_CLOCK_TIME_IS_VALID (duration) || position < duration)
    return position;
  last = rushes_player_time_to_frame (player, duration - MIN (duration, RUSHES_PLAYABLE_FRAME_TOLERANCE + 1));
  return rushes_player_frame_to_time (player, last) + RUSHES_PLAYABLE_STEP_OFFSET;
}

static void
seek_both (RushesPlayerPair *self,
           GstClockTime      position,
           gboolean          accurate)
{
  rushes_player_seek (self->a, clamp_to_last_frame (self->a, position), accurate);
  rushes_player_seek (self->b, clamp_to_last_frame (self->b, position), accurate);
}

static void
update_position (RushesPlayerPair *self)
{
  GstClockTime position = MAX (rushes_player_get_position (self->a), rushes_player_get_position (self->b));

  if (position == self->position)
    return;
  self->position = position;
  notify (self, PROP_POSITION);
}

static RushesPlayerState
combined_state (RushesPlayerPair *self,
                char            **error_message)
{
  RushesPlayerState sa = rushes_player_get_state (self->a);
  RushesPlayerState sb = rushes_player_get_state (self->b);

  *error_message = NULL;
  if (sa == RUSHES_PLAYER_STATE_ERROR || sb == RUSHES_PLAYER_STATE_ERROR)
    {
      gboolean is_a = sa == RUSHES_PLAYER_STATE_ERROR;

      /* TRANSLATORS: which take of the two compared (A or B), then what went wrong */
      *error_message = g_strdup_printf (_("%s: %s"), is_a ? "A" : "B",
                                        rushes_player_get_error_message (is_a ? self->a : self->b));
      return RUSHES_PLAYER_STATE_ERROR;
    }
  if (sa == RUSHES_PLAYER_STATE_EMPTY || sb == RUSHES_PLAYER_STATE_EMPTY)
    return RUSHES_PLAYER_STATE_EMPTY;
  if (sa == RUSHES_PLAYER_STATE_LOADING || sb == RUSHES_PLAYER_STATE_LOADING)
    return RUSHES_PLAYER_STATE_LOADING;
  if (sa == RUSHES_PLAYER_STATE_PLAYING || sb == RUSHES_PLAYER_STATE_PLAYING)
    return RUSHES_PLAYER_STATE_PLAYING;
  return RUSHES_PLAYER_STATE_PAUSED;
}

static void
update_state (RushesPlayerPair *self)
{
  g_autofree char *message = NULL;
  RushesPlayerState state = combined_state (self, &message);

  if (g_strcmp0 (message, self->error_message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_steal_pointer (&message);
      notify (self, PROP_ERROR_MESSAGE);
    }
  if (state != self->state)
    {
      self->state = state;
      notify (self, PROP_STATE);
    }

  /* both have played to their end: together again from the start, or stop */
  if (self->want_playing && rushes_playable_has_media (PLAYABLE (self)) &&
      !rushes_playable_get_playing (PLAYABLE (self->a)) && !rushes_playable_get_playing (PLAYABLE (self->b)))
    {
      if (self->loop)
        {
          GST_DEBUG_OBJECT (self, "both ended: loop");
          seek_both (self, 0, TRUE);
          play_players (self);
        }
      else
        self->want_playing = FALSE;
    }
}

static void
player_notify_cb (RushesPlayerPair *self,
                  GParamSpec       *pspec,
                  RushesPlayer     *player)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "state") || g_str_equal (name, "error-message"))
    update_state (self);
  else if (g_str_equal (name, "position"))
    update_position (self);
  else if (g_str_equal (name, "duration"))
    notify (self, PROP_DURATION);
  else if (g_str_equal (name, "seeking"))
    notify (self, PROP_SEEKING);
  else if (player != self->a)
    return;
  /* A's own: frame arithmetic, shuttle and sound */
  else if (g_str_equal (name, "fps-n"))
    notify (self, PROP_FPS_N);
  else if (g_str_equal (name, "fps-d"))
    notify (self, PROP_FPS_D);
  else if (g_str_equal (name, "rate"))
    notify (self, PROP_RATE);
  else if (g_str_equal (name, "volume"))
    notify (self, PROP_VOLUME);
  else if (g_str_equal (name, "muted"))
    notify (self, PROP_MUTED);
}

/* ---- API ------------------------------------------------------------------- */

RushesPlayerPair *
rushes_player_pair_new (void)
{
  return g_object_new (RUSHES_TYPE_PLAYER_PAIR, NULL);
}

void
rushes_player_pair_open (RushesPlayerPair *self,
                         GFile            *a,
                         GFile            *b)
{
  g_return_if_fail (RUSHES_IS_PLAYER_PAIR (self));
  g_return_if_fail ((a == NULL) == (b == NULL));

  self->want_playing = FALSE;
  rushes_player_open (self->a, a);
  rushes_player_open (self->b, b);
  update_state (self);
  update_position (self);
}

RushesPlayer *
rushes_player_pair_get_a (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), NULL);
  return self->a;
}

RushesPlayer *
rushes_player_pair_get_b (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), NULL);
  return self->b;
}

guint64
rushes_player_pair_get_frame_a (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), 0);
  return rushes_player_get_frame (self->a);
}

guint64
rushes_player_pair_get_frame_b (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), 0);
  return rushes_player_get_frame (self->b);
}

gboolean
rushes_player_pair_get_seeking (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), FALSE);
  return rushes_player_get_seeking (self->a) || rushes_player_get_seeking (self->b) ||
         rushes_player_get_state (self->a) == RUSHES_PLAYER_STATE_LOADING ||
         rushes_player_get_state (self->b) == RUSHES_PLAYER_STATE_LOADING;
}

gboolean
rushes_player_pair_get_loop (RushesPlayerPair *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), FALSE);
  return self->loop;
}

void
rushes_player_pair_set_loop (RushesPlayerPair *self,
                             gboolean          loop)
{
  g_return_if_fail (RUSHES_IS_PLAYER_PAIR (self));

  loop = !!loop;
  if (self->loop == loop)
    return;
  self->loop = loop;
  notify (self, PROP_LOOP);
}

char *
rushes_player_pair_describe_difference (RushesPlayerPair *self)
{
  GdkPaintable *pa, *pb;
  int wa, ha, wb, hb;
  g_autofree char *fa = NULL;
  g_autofree char *fb = NULL;

  g_return_val_if_fail (RUSHES_IS_PLAYER_PAIR (self), NULL);

  pa = rushes_player_get_paintable (self->a);
  pb = rushes_player_get_paintable (self->b);
  wa = gdk_paintable_get_intrinsic_width (pa);
  ha = gdk_paintable_get_intrinsic_height (pa);
  wb = gdk_paintable_get_intrinsic_width (pb);
  hb = gdk_paintable_get_intrinsic_height (pb);
  if ((gint64) rushes_player_get_fps_n (self->a) * rushes_player_get_fps_d (self->b) ==
      (gint64) rushes_player_get_fps_n (self->b) * rushes_player_get_fps_d (self->a) &&
      wa == wb && ha == hb)
    return NULL;

  fa = g_strdup_printf ("%g", (double) rushes_player_get_fps_n (self->a) / rushes_player_get_fps_d (self->a));
  fb = g_strdup_printf ("%g", (double) rushes_player_get_fps_n (self->b) / rushes_player_get_fps_d (self->b));
  /* TRANSLATORS: A is 24 fps 640×360, B is 30 fps 320×240 */
  return g_strdup_printf (_("A is %s fps %d×%d, B is %s fps %d×%d: each shows its own frame at the same time"),
                          fa, wa, ha, fb, wb, hb);
}

/* ---- RushesPlayable ---------------------------------------------------------- */

#define PAIR(p) ((RushesPlayerPair *) (p))

static RushesPlayerState
pair_get_state (RushesPlayable *p)
{
  return PAIR (p)->state;
}

static const char *
pair_get_error_message (RushesPlayable *p)
{
  return PAIR (p)->error_message;
}

static GdkPaintable *
pair_get_paintable (RushesPlayable *p)
{
  return rushes_player_get_paintable (PAIR (p)->a);
}

static GstClockTime
pair_get_position (RushesPlayable *p)
{
  return PAIR (p)->position;
}

static GstClockTime
pair_get_duration (RushesPlayable *p)
{
  return pair_duration (PAIR (p));
}

static void
pair_get_fps (RushesPlayable *p,
              int            *fps_n,
              int            *fps_d)
{
  *fps_n = rushes_player_get_fps_n (PAIR (p)->a);
  *fps_d = rushes_player_get_fps_d (PAIR (p)->a);
}

static gboolean
pair_get_playing (RushesPlayable *p)
{
  return PAIR (p)->want_playing;
}

static void
pair_play (RushesPlayable *p)
{
  RushesPlayerPair *self = PAIR (p);
  GstClockTime duration = pair_duration (self);

  if (self->state != RUSHES_PLAYER_STATE_LOADING && !rushes_playable_has_media (p))
    return;
  self->want_playing = TRUE;
  /* at the end: both from the start */
  if (rushes_player_get_rate (self->a) > 0 && GST_CLOCK_TIME_IS_VALID (duration) &&
      self->position + RUSHES_PLAYABLE_FRAME_TOLERANCE >= duration)
    seek_both (self, 0, TRUE);
  play_players (self);
}

static void
pair_pause (RushesPlayable *p)
{
  RushesPlayerPair *self = PAIR (p);
  gboolean was_playing = self->want_playing;

  self->want_playing = FALSE;
  rushes_player_pause (self->a);
  rushes_player_pause (self->b);
  /* one moment on both: A's frame */
  if (was_playing && rushes_playable_has_media (p))
    seek_both (self, rushes_player_frame_to_time (self->a, rushes_player_get_frame (self->a)) + RUSHES_PLAYABLE_STEP_OFFSET,
               TRUE);
}

static double
pair_get_rate (RushesPlayable *p)
{
  return rushes_player_get_rate (PAIR (p)->a);
}

static gboolean
pair_set_rate (RushesPlayable *p,
               double          rate)
{
  RushesPlayerPair *self = PAIR (p);
  double old = rushes_player_get_rate (self->a);

  if (!rushes_player_set_rate (self->a, rate))
    return FALSE;
  if (!rushes_player_set_rate (self->b, rate))
    {
      rushes_player_set_rate (self->a, old);
      return FALSE;
    }
  return TRUE;
}

static void
pair_seek (RushesPlayable *p,
           GstClockTime    position,
           gboolean        accurate)
{
  RushesPlayerPair *self = PAIR (p);

  seek_both (self, position, accurate);
  if (self->want_playing)
    play_players (self);
}

static double
pair_get_volume (RushesPlayable *p)
{
  return rushes_player_get_volume (PAIR (p)->a);
}

static void
pair_set_volume (RushesPlayable *p,
                 double          volume)
{
  rushes_player_set_volume (PAIR (p)->a, volume);
}

static gboolean
pair_get_muted (RushesPlayable *p)
{
  return rushes_player_get_muted (PAIR (p)->a);
}

static void
pair_set_muted (RushesPlayable *p,
                gboolean        muted)
{
  rushes_player_set_muted (PAIR (p)->a, muted);
}

static void
rushes_player_pair_playable_init (RushesPlayableInterface *iface)
{
  RUSHES_PLAYABLE_SET_VFUNCS (iface, pair);
}

/* ---- object ---------------------------------------------------------------- */

static void
rushes_player_pair_dispose (GObject *object)
{
  RushesPlayerPair *self = RUSHES_PLAYER_PAIR (object);
  RushesPlayer **players[] = { &self->a, &self->b };

  for (guint i = 0; i < G_N_ELEMENTS (players); i++)
    if (*players[i] != NULL)
      {
        g_signal_handlers_disconnect_by_data (*players[i], self);
        rushes_player_open (*players[i], NULL);
        g_clear_object (players[i]);
      }

  G_OBJECT_CLASS (rushes_player_pair_parent_class)->dispose (object);
}

static void
rushes_player_pair_finalize (GObject *object)
{
  RushesPlayerPair *self = RUSHES_PLAYER_PAIR (object);

  g_free (self->error_message);

  G_OBJECT_CLASS (rushes_player_pair_parent_class)->finalize (object);
}

static void
rushes_player_pair_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RushesPlayerPair *self = RUSHES_PLAYER_PAIR (object);
  RushesPlayable *p = RUSHES_PLAYABLE (object);
  int fps_n, fps_d;

  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_POSITION: g_value_set_uint64 (value, self->position); break;
    case PROP_DURATION: g_value_set_uint64 (value, pair_duration (self)); break;
    case PROP_FPS_N: rushes_playable_get_fps (p, &fps_n, NULL); g_value_set_int (value, fps_n); break;
    case PROP_FPS_D: rushes_playable_get_fps (p, NULL, &fps_d); g_value_set_int (value, fps_d); break;
    case PROP_RATE: g_value_set_double (value, pair_get_rate (p)); break;
    case PROP_VOLUME: g_value_set_double (value, pair_get_volume (p)); break;
    case PROP_MUTED: g_value_set_boolean (value, pair_get_muted (p)); break;
    case PROP_SEEKING: g_value_set_boolean (value, rushes_player_pair_get_seeking (self)); break;
    case PROP_LOOP: g_value_set_boolean (value, self->loop); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_pair_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_LOOP: rushes_player_pair_set_loop (RUSHES_PLAYER_PAIR (object), g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_pair_class_init (RushesPlayerPairClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_player_pair_dispose;
  object_class->finalize = rushes_player_pair_finalize;
  object_class->get_property = rushes_player_pair_get_property;
  object_class->set_property = rushes_player_pair_set_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RUSHES_TYPE_PLAYER_STATE,
                                              RUSHES_PLAYER_STATE_EMPTY, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_POSITION] = g_param_spec_uint64 ("position", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_DURATION] = g_param_spec_uint64 ("duration", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_FPS_N] = g_param_spec_int ("fps-n", NULL, NULL, 1, G_MAXINT, 30, ro);
  properties[PROP_FPS_D] = g_param_spec_int ("fps-d", NULL, NULL, 1, G_MAXINT, 1, ro);
  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, -64, 64, 1, ro);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, ro);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  properties[PROP_SEEKING] = g_param_spec_boolean ("seeking", NULL, NULL, FALSE, ro);
  properties[PROP_LOOP] = g_param_spec_boolean ("loop", NULL, NULL, TRUE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (rushes_player_pair_debug, "rushes-player-pair", 0, "Rushes A/B compare");
}

static void
rushes_player_pair_init (RushesPlayerPair *self)
{
  RushesPlayer *players[2];

  self->state = RUSHES_PLAYER_STATE_EMPTY;
  self->loop = TRUE;
  self->a = rushes_player_new ();
  self->b = rushes_player_new ();
  /* one sound: A's */
  rushes_player_set_muted (self->b, TRUE);
  players[0] = self->a;
  players[1] = self->b;
  for (guint i = 0; i < G_N_ELEMENTS (players); i++)
    g_signal_connect_object (players[i], "notify", G_CALLBACK (player_notify_cb), self, G_CONNECT_SWAPPED);
}
