/* rushes-player-bus.c: the player's bus watch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs on the default main context. Messages count only once the marker
 * of the newest open has arrived (see rushes-player-opener.c): they move
 * the player through loading, paused and playing, read the stream's
 * duration, rate and sound, send queued seeks and loop. A take that fails
 * (an error, no video, or no preroll in time) is closed and the player
 * says why.
 */
#define G_LOG_DOMAIN "rushes-player"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-frame-paintable.h"
#include "rushes-player-private.h"

static void
read_stream_info (RushesPlayer *self)
{
  gint64 duration = -1;
  int n_audio = 0;
  g_autoptr(GstPad) pad = NULL;

  if (gst_element_query_duration (self->playbin, GST_FORMAT_TIME, &duration) && duration > 0 &&
      self->duration != (GstClockTime) duration)
    {
      self->duration = duration;
      _rushes_player_notify (self, PROP_DURATION);
    }

  g_object_get (self->playbin, "n-audio", &n_audio, NULL);
  if (self->has_audio != (n_audio > 0))
    {
      self->has_audio = n_audio > 0;
      _rushes_player_notify (self, PROP_HAS_AUDIO);
    }

  g_signal_emit_by_name (self->playbin, "get-video-pad", 0, &pad);
  if (pad != NULL)
    {
      g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
      GstStructure *s = caps ? gst_caps_get_structure (caps, 0) : NULL;
      int n = 0, d = 0;

      if (s != NULL && gst_structure_get_fraction (s, "framerate", &n, &d) && n > 0 && d > 0 &&
          (n != self->fps_n || d != self->fps_d))
        {
          self->fps_n = n;
          self->fps_d = d;
          _rushes_player_notify (self, PROP_FPS_N);
          _rushes_player_notify (self, PROP_FPS_D);
        }
    }
}

void
_rushes_player_fail (RushesPlayer *self,
                     const char   *reason)
{
  g_autofree char *name = self->file ? g_file_get_basename (self->file) : g_strdup ("?");

  g_clear_handle_id (&self->load_timeout, g_source_remove);
  g_free (self->error_message);
  self->error_message = g_strdup_printf (_("Cannot play “%s”: %s"), name, reason);
  _rushes_player_push_open (self, NULL);
  self->loaded = FALSE;
  self->seek_pending = FALSE;
  self->have_queued = FALSE;
  self->want_playing = FALSE;
  if (RUSHES_IS_FRAME_PAINTABLE (self->paintable))
    rushes_frame_paintable_clear (RUSHES_FRAME_PAINTABLE (self->paintable));
  _rushes_player_notify (self, PROP_ERROR_MESSAGE);
  _rushes_player_set_state (self, RUSHES_PLAYER_STATE_ERROR);
  _rushes_player_update_position_timer (self);
}

gboolean
_rushes_player_load_timeout_cb (gpointer data)
{
  RushesPlayer *self = data;

  self->load_timeout = 0;
  if (self->state == RUSHES_PLAYER_STATE_LOADING)
    _rushes_player_fail (self, _("the file could not be read; it may be corrupt or truncated"));
  return G_SOURCE_REMOVE;
}

gboolean
_rushes_player_bus_cb (GstBus     *bus,
                       GstMessage *msg,
                       gpointer    data)
{
  RushesPlayer *self = data;
  guint current = (guint) g_atomic_int_get (self->generation);

  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_APPLICATION)
    {
      const GstStructure *s = gst_message_get_structure (msg);
      guint generation = 0;

      if (!gst_structure_get_uint (s, "generation", &generation) || generation != current)
        return G_SOURCE_CONTINUE;
      if (gst_structure_has_name (s, "rushes-open"))
        self->bus_generation = generation;
      else if (gst_structure_has_name (s, "rushes-open-failed")
               && self->state == RUSHES_PLAYER_STATE_LOADING)
        _rushes_player_fail (self, _("the file cannot be opened"));
      return G_SOURCE_CONTINUE;
    }
  /* left over from the take before */
  if (self->bus_generation != current)
    return G_SOURCE_CONTINUE;

  switch (GST_MESSAGE_TYPE (msg))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (msg, &error, &debug);
        g_debug ("error: %s (%s)", error->message, debug ? debug : "");
        if (self->state != RUSHES_PLAYER_STATE_ERROR && self->state != RUSHES_PLAYER_STATE_EMPTY)
          _rushes_player_fail (self, error->message);
      }
      break;

    case GST_MESSAGE_ASYNC_DONE:
      if (self->state == RUSHES_PLAYER_STATE_ERROR || self->state == RUSHES_PLAYER_STATE_EMPTY)
        break;
      if (!self->loaded)
        {
          int n_video = 0;

          g_clear_handle_id (&self->load_timeout, g_source_remove);
          self->loaded = TRUE;
          read_stream_info (self);
          g_object_get (self->playbin, "n-video", &n_video, NULL);
          if (n_video == 0)
            {
              _rushes_player_fail (self, _("the file has no video"));
              break;
            }
          _rushes_player_set_state (self, RUSHES_PLAYER_STATE_PAUSED);
          if (self->want_playing)
            gst_element_set_state (self->playbin, GST_STATE_PLAYING);
        }
      if (self->seek_pending)
        {
          self->seek_pending = FALSE;
          _rushes_player_notify (self, PROP_SEEKING);
        }
      if (self->have_queued)
        _rushes_player_send_queued_seek (self);
      else
        _rushes_player_query_position (self);
      break;

    case GST_MESSAGE_DURATION_CHANGED:
      if (self->loaded)
        read_stream_info (self);
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (msg) == GST_OBJECT (self->playbin) && self->loaded)
        {
          GstState new_state;

          gst_message_parse_state_changed (msg, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            _rushes_player_set_state (self, RUSHES_PLAYER_STATE_PLAYING);
          else if (new_state == GST_STATE_PAUSED)
            _rushes_player_set_state (self, RUSHES_PLAYER_STATE_PAUSED);
          _rushes_player_update_position_timer (self);
        }
      break;

    case GST_MESSAGE_SEGMENT_DONE:
      /* looping: back to the in point without flushing */
      if (self->loop && self->want_playing)
        _rushes_player_send_loop_seek (self);
      break;

    case GST_MESSAGE_EOS:
      self->want_playing = FALSE;
      gst_element_set_state (self->playbin, GST_STATE_PAUSED);
      if (GST_CLOCK_TIME_IS_VALID (self->duration))
        _rushes_player_set_position (self, self->rate < 0 ? 0 : self->duration);
      if (self->rate != 1.0)
        {
          self->rate = 1.0;
          _rushes_player_notify (self, PROP_RATE);
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}
