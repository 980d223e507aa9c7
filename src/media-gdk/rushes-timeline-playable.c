/* rushes-timeline-playable.c: the timeline preview as the Program monitor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTimeline as a RushesPlayable: the GES pipeline's video goes to the
 * sink takes use (rushes_frame_sink_make_best(), never a window of its
 * own), its sound through a volume element; state, duration and rate come
 * from the project and the pipeline. The preview plays forwards at 1× only
 * (GES's compositions do not play backwards), so a shuttle to another rate
 * is refused.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include "rushes-frame-paintable.h"
#include "rushes-frame-sink.h"
#include "rushes-timeline-preview-private.h"

void
_rushes_timeline_monitor_init (RushesTimeline *self)
{
  GstElement *video_sink = rushes_frame_sink_make_best (&self->paintable);

  ges_pipeline_preview_set_video_sink (self->pipeline, video_sink);
  self->volume = gst_element_factory_make ("volume", NULL);
  if (self->volume != NULL)
    {
      gst_object_ref_sink (self->volume);
      g_object_set (self->pipeline, "audio-filter", self->volume, NULL);
    }
}

void
_rushes_timeline_update_monitor (RushesTimeline *self)
{
  RushesPlayerState state;
  GstClockTime duration = (GstClockTime) MAX (rushes_project_get_duration (self->project), 0);
  guint fps_n = 25, fps_d = 1;

  if (duration == 0)
    state = RUSHES_PLAYER_STATE_EMPTY;
  else if (self->error_message != NULL)
    state = RUSHES_PLAYER_STATE_ERROR;
  else if (self->playing)
    state = RUSHES_PLAYER_STATE_PLAYING;
  else
    state = RUSHES_PLAYER_STATE_PAUSED;

  rushes_project_get_format (self->project, NULL, NULL, &fps_n, &fps_d);
  g_object_freeze_notify (G_OBJECT (self));
  if (fps_n > 0 && fps_d > 0 && ((int) fps_n != self->fps_n || (int) fps_d != self->fps_d))
    {
      self->fps_n = fps_n;
      self->fps_d = fps_d;
      _rushes_timeline_notify (self, PROP_FPS_N);
      _rushes_timeline_notify (self, PROP_FPS_D);
    }
  if (duration != self->duration)
    {
      self->duration = duration;
      _rushes_timeline_notify (self, PROP_DURATION);
    }
  if (state != self->state)
    {
      self->state = state;
      _rushes_timeline_notify (self, PROP_STATE);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

void
_rushes_timeline_set_error (RushesTimeline *self,
                            const char     *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  _rushes_timeline_notify (self, PROP_ERROR_MESSAGE);
  _rushes_timeline_update_monitor (self);
}

static double
get_volume (RushesTimeline *self)
{
  double volume = 1.0;

  if (self->volume != NULL)
    g_object_get (self->volume, "volume", &volume, NULL);
  return volume;
}

static gboolean
get_muted (RushesTimeline *self)
{
  gboolean muted = FALSE;

  if (self->volume != NULL)
    g_object_get (self->volume, "mute", &muted, NULL);
  return muted;
}

void
_rushes_timeline_install_monitor_properties (GParamSpec **pspecs)
{
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  pspecs[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, RUSHES_TYPE_PLAYER_STATE,
                                          RUSHES_PLAYER_STATE_EMPTY, ro);
  pspecs[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  pspecs[PROP_PAINTABLE] = g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE, ro);
  pspecs[PROP_DURATION] = g_param_spec_uint64 ("duration", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  pspecs[PROP_FPS_N] = g_param_spec_int ("fps-n", NULL, NULL, 1, G_MAXINT, 25, ro);
  pspecs[PROP_FPS_D] = g_param_spec_int ("fps-d", NULL, NULL, 1, G_MAXINT, 1, ro);
  pspecs[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, -64, 64, 1, ro);
  pspecs[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, 1, 1, ro);
  pspecs[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
}

gboolean
_rushes_timeline_get_monitor_property (RushesTimeline *self,
                                       guint           prop_id,
                                       GValue         *value)
{
  switch (prop_id)
    {
    case PROP_STATE: g_value_set_enum (value, self->state); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_PAINTABLE: g_value_set_object (value, self->paintable); break;
    case PROP_DURATION: g_value_set_uint64 (value, self->duration); break;
    case PROP_FPS_N: g_value_set_int (value, self->fps_n); break;
    case PROP_FPS_D: g_value_set_int (value, self->fps_d); break;
    case PROP_RATE: g_value_set_double (value, 1.0); break;
    case PROP_VOLUME: g_value_set_double (value, get_volume (self)); break;
    case PROP_MUTED: g_value_set_boolean (value, get_muted (self)); break;
    default: return FALSE;
    }
  return TRUE;
}

/* ---- RushesPlayable ---------------------------------------------------------- */

#define TIMELINE(p) ((RushesTimeline *) (p))

static RushesPlayerState
program_get_state (RushesPlayable *p)
{
  return TIMELINE (p)->state;
}

static const char *
program_get_error_message (RushesPlayable *p)
{
  return TIMELINE (p)->error_message;
}

static GdkPaintable *
program_get_paintable (RushesPlayable *p)
{
  return TIMELINE (p)->paintable;
}

static GstClockTime
program_get_position (RushesPlayable *p)
{
  return (GstClockTime) MAX (TIMELINE (p)->position, 0);
}

static GstClockTime
program_get_duration (RushesPlayable *p)
{
  return TIMELINE (p)->duration;
}

static void
program_get_fps (RushesPlayable *p,
                 int            *fps_n,
                 int            *fps_d)
{
  *fps_n = TIMELINE (p)->fps_n;
  *fps_d = TIMELINE (p)->fps_d;
}

static gboolean
program_get_playing (RushesPlayable *p)
{
  return TIMELINE (p)->playing;
}

static void
program_play (RushesPlayable *p)
{
  rushes_timeline_play (TIMELINE (p));
}

static void
program_pause (RushesPlayable *p)
{
  rushes_timeline_pause (TIMELINE (p));
}

static double
program_get_rate (RushesPlayable *p)
{
  return 1.0;
}

static gboolean
program_set_rate (RushesPlayable *p,
                  double          rate)
{
  return rate == 1.0;
}

static void
program_seek (RushesPlayable *p,
              GstClockTime    position,
              gboolean        accurate)
{
  if (GST_CLOCK_TIME_IS_VALID (position))
    rushes_timeline_seek (TIMELINE (p), (gint64) MIN (position, (GstClockTime) G_MAXINT64));
}

static double
program_get_volume (RushesPlayable *p)
{
  return get_volume (TIMELINE (p));
}

static void
program_set_volume (RushesPlayable *p,
                    double          volume)
{
  RushesTimeline *self = TIMELINE (p);

  if (self->volume == NULL || get_volume (self) == volume)
    return;
  g_object_set (self->volume, "volume", volume, NULL);
  _rushes_timeline_notify (self, PROP_VOLUME);
}

static gboolean
program_get_muted (RushesPlayable *p)
{
  return get_muted (TIMELINE (p));
}

static void
program_set_muted (RushesPlayable *p,
                   gboolean        muted)
{
  RushesTimeline *self = TIMELINE (p);

  if (self->volume == NULL || get_muted (self) == muted)
    return;
  g_object_set (self->volume, "mute", muted, NULL);
  _rushes_timeline_notify (self, PROP_MUTED);
}

void
_rushes_timeline_playable_init (RushesPlayableInterface *iface)
{
  RUSHES_PLAYABLE_SET_VFUNCS (iface, program);
}
