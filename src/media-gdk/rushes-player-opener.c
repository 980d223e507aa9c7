/* rushes-player-opener.c: the player's opener thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a take stops the previous one's streaming threads (a join that
 * takes milliseconds while a demuxer or decoder is busy) and builds the new
 * one's decoders: both run on a worker, one open or close at a time and in
 * order, never on the main thread (bench/responsiveness). Every open or
 * close bumps the generation; an open that is no longer the newest stops
 * after taking the old pipeline down. Before it starts the new pipeline,
 * the worker posts a "rushes-open" message with its generation on the bus:
 * the bus watch ignores everything until the marker of the newest open
 * arrives, since messages of the take before may still be queued. The
 * main thread never waits for the worker (a video sink may need the main
 * thread during a state change): the newest generation lives in an atomic
 * rc box that the pending opens share, and the last close may finish after
 * the player is gone.
 */
#define G_LOG_DOMAIN "rushes-player"

#include "config.h"

#include "rushes-player-private.h"

typedef struct
{
  GstElement *playbin;
  char       *uri;          /* NULL: close */
  guint       generation;
  guint      *current;      /* rc box shared with the player: the newest */
} OpenOp;

static void
open_op_free (OpenOp *op)
{
  gst_object_unref (op->playbin);
  g_atomic_rc_box_release (op->current);
  g_free (op->uri);
  g_free (op);
}

static void
post_open_message (GstElement *playbin,
                   const char *name,
                   guint       generation)
{
  gst_element_post_message (playbin,
                            gst_message_new_application (GST_OBJECT (playbin),
                                                         gst_structure_new (name, "generation", G_TYPE_UINT,
                                                                            generation, NULL)));
}

/* the opener's thread */
static void
open_func (gpointer data,
           gpointer user_data)
{
  OpenOp *op = data;

  if (op->uri == NULL)
    gst_element_set_state (op->playbin, GST_STATE_NULL);
  else
    {
      /* READY, not NULL: the sinks stay open, and the bus keeps working */
      gst_element_set_state (op->playbin, GST_STATE_READY);
      if (op->generation == (guint) g_atomic_int_get (op->current))
        {
          g_object_set (op->playbin, "uri", op->uri, NULL);
          post_open_message (op->playbin, "rushes-open", op->generation);
          if (gst_element_set_state (op->playbin, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
            post_open_message (op->playbin, "rushes-open-failed", op->generation);
        }
    }
  open_op_free (op);
}

/* main thread: opens @uri (NULL: closes) on the opener's thread */
void
_rushes_player_push_open (RushesPlayer *self,
                          const char   *uri)
{
  OpenOp *op = g_new0 (OpenOp, 1);

  op->playbin = gst_object_ref (self->playbin);
  op->uri = g_strdup (uri);
  op->generation = (guint) g_atomic_int_add (self->generation, 1) + 1;
  op->current = g_atomic_rc_box_acquire (self->generation);
  /* op belongs to the opener's thread from here on: not a word after */
  g_thread_pool_push (self->opener, op, NULL);
}

void
_rushes_player_opener_start (RushesPlayer *self)
{
  self->generation = g_atomic_rc_box_new0 (guint);
  self->opener = g_thread_pool_new (open_func, NULL, 1, FALSE, NULL);
}

void
_rushes_player_opener_stop (RushesPlayer *self)
{
  if (self->opener != NULL)
    {
      /* the last word: closed, once whatever is under way has finished;
       * the pool goes when its queue is empty */
      _rushes_player_push_open (self, NULL);
      g_thread_pool_free (g_steal_pointer (&self->opener), FALSE, FALSE);
    }
  g_clear_pointer (&self->generation, g_atomic_rc_box_release);
}
