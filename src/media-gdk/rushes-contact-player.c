/* rushes-contact-player.c: a grid of takes playing on one clock
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * uridecodebin (video only) ! videoscale ! capsfilter ! videoconvert !
 * RushesFrameSink, once per take, all in one pipeline: one clock, one base
 * time, one preroll. The capsfilter is set when the decoder's pad appears
 * (its size is known then): the take scaled down to fit a cell, before the
 * conversion to RGBA, which is the dear part. Looping: the pipeline plays
 * segment seeks; the bin posts SEGMENT_DONE when every take has ended,
 * and a flushing segment seek to 0 starts them all again at running time
 * 0 (a non-flushing one would start each take at its own end, and takes
 * of other lengths would drift apart).
 */
#define G_LOG_DOMAIN "rushes-contact-player"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-contact-player.h"
#include "rushes-frame-sink.h"
#include "rushes-media-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_contact_player_debug);
#define GST_CAT_DEFAULT rushes_contact_player_debug

struct _RushesContactPlayer
{
  GObject     parent_instance;

  GstElement *pipeline;
  GPtrArray  *sinks;       /* GstElement, one per cell */
  GPtrArray  *paintables;  /* RushesFramePaintable, one per cell */
  guint       bus_watch;
  gboolean    playing;
  gboolean    ready;
  guint       n_loops;
  char       *error_message;
};

G_DEFINE_FINAL_TYPE (RushesContactPlayer, rushes_contact_player, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PLAYING,
  PROP_READY,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* What a decoder's new pad is linked to (the streaming thread has it). */
typedef struct
{
  GstElement *scale;
  GstElement *filter;
} CellLink;

static void
cell_link_free (gpointer  data,
                GClosure *closure)
{
  CellLink *link = data;

  gst_object_unref (link->scale);
  gst_object_unref (link->filter);
  g_free (link);
}

/* width × height (pixel aspect par_n/par_d) scaled down to fit a cell,
 * square pixels, even sizes */
static void
fit_cell (int  width,
          int  height,
          int  par_n,
          int  par_d,
          int *cell_width,
          int *cell_height)
{
  double display = par_d > 0 && par_n > 0 ? (double) width * par_n / par_d : width;
  double scale = MIN (1.0, MIN (RUSHES_CONTACT_PLAYER_CELL_WIDTH / display,
                                (double) RUSHES_CONTACT_PLAYER_CELL_HEIGHT / height));

  *cell_width = MAX (2, (int) lround (display * scale / 2) * 2);
  *cell_height = MAX (2, (int) lround (height * scale / 2) * 2);
}

/* streaming thread */
static void
decoder_pad_added_cb (GstElement *decoder,
                      GstPad     *pad,
                      CellLink   *link)
{
  g_autoptr(GstPad) target = gst_element_get_static_pad (link->scale, "sink");
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstStructure *s = caps != NULL ? gst_caps_get_structure (caps, 0) : NULL;
  int width = 0, height = 0, par_n = 1, par_d = 1;

  if (gst_pad_is_linked (target) || s == NULL || !gst_structure_has_name (s, "video/x-raw"))
    return;
  if (gst_structure_get_int (s, "width", &width) && gst_structure_get_int (s, "height", &height) &&
      width > 0 && height > 0)
    {
      g_autoptr(GstCaps) fit = NULL;
      int cell_width, cell_height;

      gst_structure_get_fraction (s, "pixel-aspect-ratio", &par_n, &par_d);
      fit_cell (width, height, par_n, par_d, &cell_width, &cell_height);
      fit = gst_caps_new_simple ("video/x-raw", "width", G_TYPE_INT, cell_width, "height", G_TYPE_INT, cell_height,
                                 "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
      g_object_set (link->filter, "caps", fit, NULL);
      GST_DEBUG_OBJECT (decoder, "%d×%d into %d×%d", width, height, cell_width, cell_height);
    }
  gst_pad_link (pad, target);
}

static GstElement *
add_element (GstElement *bin,
             const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element != NULL)
    gst_bin_add (GST_BIN (bin), element);
  return element;
}

static gboolean
add_cell (RushesContactPlayer *self,
          const char          *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *uri = _rushes_media_uri_for_file (file);
  g_autoptr(GstCaps) video = gst_caps_new_empty_simple ("video/x-raw");
  g_autoptr(GstCaps) rgba = gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, "RGBA", NULL);
  RushesFramePaintable *paintable = rushes_frame_paintable_new ();
  GstElement *decoder = add_element (self->pipeline, "uridecodebin");
  GstElement *scale = add_element (self->pipeline, "videoscale");
  GstElement *filter = add_element (self->pipeline, "capsfilter");
  GstElement *convert = add_element (self->pipeline, "videoconvert");
  GstElement *format = add_element (self->pipeline, "capsfilter");
  GstElement *sink = rushes_frame_sink_new (paintable);
  CellLink *link;

  g_ptr_array_add (self->paintables, paintable);
  gst_bin_add (GST_BIN (self->pipeline), sink);
  g_ptr_array_add (self->sinks, gst_object_ref (sink));
  if (decoder == NULL || scale == NULL || filter == NULL || convert == NULL || format == NULL)
    return FALSE;
  g_object_set (decoder, "uri", uri, "caps", video, "expose-all-streams", FALSE, NULL);
  g_object_set (format, "caps", rgba, NULL);
  link = g_new0 (CellLink, 1);
  link->scale = gst_object_ref (scale);
  link->filter = gst_object_ref (filter);
  g_signal_connect_data (decoder, "pad-added", G_CALLBACK (decoder_pad_added_cb), link, cell_link_free, 0);
  return gst_element_link_many (scale, filter, convert, format, sink, NULL);
}

static void
rushes_contact_player_set_error (RushesContactPlayer *self,
                                 const char          *message)
{
  if (self->error_message != NULL)
    return;
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_ERROR_MESSAGE]);
}

/* every take from its start, as one segment */
static void
rushes_contact_player_restart (RushesContactPlayer *self)
{
  gst_element_seek (self->pipeline, 1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_SEGMENT,
                    GST_SEEK_TYPE_SET, 0, GST_SEEK_TYPE_NONE, GST_CLOCK_TIME_NONE);
}

static gboolean
rushes_contact_player_bus_cb (GstBus     *bus,
                              GstMessage *message,
                              gpointer    user_data)
{
  RushesContactPlayer *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      if (!self->ready)
        {
          self->ready = TRUE;
          rushes_contact_player_restart (self);
          g_object_notify_by_pspec (G_OBJECT (self), props[PROP_READY]);
        }
      break;
    case GST_MESSAGE_SEGMENT_DONE:
    case GST_MESSAGE_EOS:
      /* the longest take has ended: all of them again */
      self->n_loops++;
      rushes_contact_player_restart (self);
      break;
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &error, NULL);
        text = g_strdup_printf (_("The takes cannot be played: %s"), error->message);
        rushes_contact_player_set_error (self, text);
        break;
      }
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  gst_element_set_state (data, GST_STATE_NULL);
}

static void
rushes_contact_player_dispose (GObject *object)
{
  RushesContactPlayer *self = RUSHES_CONTACT_PLAYER (object);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->pipeline != NULL)
    {
      /* stopping joins the streaming threads: not on the main thread */
      g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

      g_task_set_task_data (task, g_steal_pointer (&self->pipeline), gst_object_unref);
      g_task_run_in_thread (task, stop_thread);
    }
  g_clear_pointer (&self->sinks, g_ptr_array_unref);
  g_clear_pointer (&self->paintables, g_ptr_array_unref);
  G_OBJECT_CLASS (rushes_contact_player_parent_class)->dispose (object);
}

static void
rushes_contact_player_finalize (GObject *object)
{
  RushesContactPlayer *self = RUSHES_CONTACT_PLAYER (object);

  g_free (self->error_message);
  G_OBJECT_CLASS (rushes_contact_player_parent_class)->finalize (object);
}

static void
rushes_contact_player_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RushesContactPlayer *self = RUSHES_CONTACT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_contact_player_class_init (RushesContactPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rushes_contact_player_dispose;
  object_class->finalize = rushes_contact_player_finalize;
  object_class->get_property = rushes_contact_player_get_property;

  props[PROP_PLAYING] = g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  props[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
  GST_DEBUG_CATEGORY_INIT (rushes_contact_player_debug, "rushes-contact-player", 0,
                           "Rushes contact sheet playback");
}

static void
rushes_contact_player_init (RushesContactPlayer *self)
{
  self->sinks = g_ptr_array_new_with_free_func (gst_object_unref);
  self->paintables = g_ptr_array_new_with_free_func (g_object_unref);
}

RushesContactPlayer *
rushes_contact_player_new (const char * const *paths)
{
  RushesContactPlayer *self;
  g_autoptr(GstBus) bus = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  self = g_object_new (RUSHES_TYPE_CONTACT_PLAYER, NULL);
  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("contact-player"));
  for (guint i = 0; paths[i] != NULL; i++)
    ok = add_cell (self, paths[i]) && ok;
  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, rushes_contact_player_bus_cb, self);
  if (!ok)
    rushes_contact_player_set_error (self, _("A GStreamer element the contact sheet needs is not installed"));
  else if (gst_element_set_state (self->pipeline, GST_STATE_PAUSED) == GST_STATE_CHANGE_FAILURE)
    rushes_contact_player_set_error (self, _("The takes cannot be played"));
  return self;
}

guint
rushes_contact_player_get_n_cells (RushesContactPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), 0);

  return self->paintables->len;
}

GdkPaintable *
rushes_contact_player_get_paintable (RushesContactPlayer *self,
                                     guint                cell)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), NULL);
  g_return_val_if_fail (cell < self->paintables->len, NULL);

  return g_ptr_array_index (self->paintables, cell);
}

static void
rushes_contact_player_set_playing (RushesContactPlayer *self,
                                   gboolean             playing)
{
  if (self->error_message != NULL || self->pipeline == NULL)
    return;
  gst_element_set_state (self->pipeline, playing ? GST_STATE_PLAYING : GST_STATE_PAUSED);
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PLAYING]);
}

void
rushes_contact_player_play (RushesContactPlayer *self)
{
  g_return_if_fail (RUSHES_IS_CONTACT_PLAYER (self));

  rushes_contact_player_set_playing (self, TRUE);
}

void
rushes_contact_player_pause (RushesContactPlayer *self)
{
  g_return_if_fail (RUSHES_IS_CONTACT_PLAYER (self));

  rushes_contact_player_set_playing (self, FALSE);
}

void
rushes_contact_player_toggle (RushesContactPlayer *self)
{
  g_return_if_fail (RUSHES_IS_CONTACT_PLAYER (self));

  rushes_contact_player_set_playing (self, !self->playing);
}

gboolean
rushes_contact_player_get_playing (RushesContactPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), FALSE);

  return self->playing;
}

gboolean
rushes_contact_player_get_ready (RushesContactPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), FALSE);

  return self->ready;
}

const char *
rushes_contact_player_get_error_message (RushesContactPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), NULL);

  return self->error_message;
}

guint
rushes_contact_player_get_n_loops (RushesContactPlayer *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), 0);

  return self->n_loops;
}

GstSample *
rushes_contact_player_dup_cell_sample (RushesContactPlayer *self,
                                       guint                cell,
                                       guint64             *frame)
{
  GstSample *sample = NULL;
  GstBuffer *buffer;
  GstStructure *s;
  int fps_n = 30, fps_d = 1;

  g_return_val_if_fail (RUSHES_IS_CONTACT_PLAYER (self), NULL);
  g_return_val_if_fail (cell < self->sinks->len, NULL);

  g_object_get (g_ptr_array_index (self->sinks, cell), "last-sample", &sample, NULL);
  buffer = sample != NULL ? gst_sample_get_buffer (sample) : NULL;
  if (buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    {
      g_clear_pointer (&sample, gst_sample_unref);
      return NULL;
    }
  s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  if (!gst_structure_get_fraction (s, "framerate", &fps_n, &fps_d) || fps_n <= 0 || fps_d <= 0)
    fps_n = 30, fps_d = 1;
  if (frame != NULL)
    *frame = gst_util_uint64_scale_round (GST_BUFFER_PTS (buffer), fps_n, (guint64) fps_d * GST_SECOND);
  return sample;
}
