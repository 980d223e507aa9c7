/* rushes-anim-dec.c: animated GIF / WebP decoder element
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: chain/sink events run on the upstream streaming thread and only
 * append to `data`; at EOS the frames are read there (GIF: decoded; WebP:
 * only their timing, each frame is decoded by the src pad task as it is
 * pushed, so a WebP of 10 000 frames costs one canvas) and the src pad
 * task is started. Seeks arrive on any thread: they take the src pad's
 * stream lock (after flushing) before touching `segment`/`next`.
 */
#define G_LOG_DOMAIN "rushes-anim-dec"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/video/video.h>
#include <webp/demux.h>

#include "rushes-anim-dec.h"

GST_DEBUG_CATEGORY_STATIC (rushes_anim_dec_debug);
#define GST_CAT_DEFAULT rushes_anim_dec_debug

typedef struct
{
  GBytes *pixels;       /* width × height × 4, RGBA; NULL: decoded when pushed (WebP) */
  GstClockTime pts;
  GstClockTime duration;
} Frame;

struct _RushesAnimDec
{
  GstElement parent_instance;

  GstPad *sinkpad;
  GstPad *srcpad;

  GByteArray *data;     /* upstream thread until EOS; then the WebP the decoder reads */
  GArray *frames;       /* Frame; immutable once decoded */
  WebPAnimDecoder *webp; /* src pad stream lock: frames are decoded one at a time */
  guint webp_next;      /* the frame webp gives next */
  int width;
  int height;
  int fps_n;
  int fps_d;
  GstClockTime total;

  /* src pad stream lock */
  GstSegment segment;
  guint next;
  gboolean need_segment;
  gboolean sent_caps;
  guint32 seqnum;
};

G_DEFINE_FINAL_TYPE (RushesAnimDec, rushes_anim_dec, GST_TYPE_ELEMENT)

static GstStaticPadTemplate sink_template =
  GST_STATIC_PAD_TEMPLATE ("sink", GST_PAD_SINK, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS ("image/gif; image/webp"));
static GstStaticPadTemplate src_template =
  GST_STATIC_PAD_TEMPLATE ("src", GST_PAD_SRC, GST_PAD_ALWAYS,
                           GST_STATIC_CAPS ("video/x-raw, format=(string)RGBA"));

static void
frame_clear (Frame *f)
{
  g_clear_pointer (&f->pixels, g_bytes_unref);
}

/* ---- GIF: frame delays from the file, pixels from gdk-pixbuf ---------- */

static gboolean
skip_sub_blocks (const guint8 *d,
                 gsize         len,
                 gsize        *pos)
{
  while (*pos < len)
    {
      guint8 n = d[(*pos)++];

      if (n == 0)
        return TRUE;
      *pos += n;
    }
  return FALSE;
}

/* delays in ms, one per image; the same rule as ffmpeg: < 20 ms → 100 ms */
static GArray *
gif_delays (const guint8 *d,
            gsize         len)
{
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize pos = 13;
  guint delay = 0;

  if (len < 13 || memcmp (d, "GIF8", 4) != 0)
    return NULL;
  if (d[10] & 0x80)
    pos += 3u * (1u << ((d[10] & 0x07) + 1));

  while (pos < len)
    {
      guint8 block = d[pos++];

      if (block == 0x3B)
        break;
      if (block == 0x21)
        {
          guint8 label;

          if (pos >= len)
            return NULL;
          label = d[pos++];
          if (label == 0xF9 && pos + 5 < len && d[pos] == 4)
            delay = (guint) (d[pos + 2] | (d[pos + 3] << 8)) * 10;
          if (!skip_sub_blocks (d, len, &pos))
            return NULL;
        }
      else if (block == 0x2C)
        {
          guint frame_delay = delay < 20 ? 100 : delay;
          guint8 packed;

          if (pos + 9 > len)
            return NULL;
          packed = d[pos + 8];
          pos += 9;
          if (packed & 0x80)
            pos += 3u * (1u << ((packed & 0x07) + 1));
          pos++; /* LZW minimum code size */
          if (!skip_sub_blocks (d, len, &pos))
            break; /* truncated: keep the frames so far */
          g_array_append_val (delays, frame_delay);
          delay = 0;
        }
      else
        break;
    }

  if (delays->len == 0)
    return NULL;
  return g_steal_pointer (&delays);
}

static gboolean
decode_gif (RushesAnimDec *self,
            GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("gif", error);
  g_autoptr(GArray) delays = NULL;
  g_autoptr(GdkPixbufAnimationIter) iter = NULL;
  GdkPixbufAnimation *anim;
  GstClockTime pts = 0;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  /* gdk-pixbuf's iterator API takes a GTimeVal */
  GTimeVal t = { 0, 0 };
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (loader == NULL)
    return FALSE;
  delays = gif_delays (self->data->data, self->data->len);
  if (delays == NULL)
    {
      g_set_error_literal (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, _("not a GIF, or no image in it"));
      return FALSE;
    }
  if (!gdk_pixbuf_loader_write (loader, self->data->data, self->data->len, error) ||
      !gdk_pixbuf_loader_close (loader, error))
    return FALSE;
  anim = gdk_pixbuf_loader_get_animation (loader);
  if (anim == NULL)
    {
      g_set_error_literal (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, _("no GIF animation"));
      return FALSE;
    }
  self->width = gdk_pixbuf_animation_get_width (anim);
  self->height = gdk_pixbuf_animation_get_height (anim);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  iter = gdk_pixbuf_animation_get_iter (anim, &t);
  for (guint i = 0; i < delays->len; i++)
    {
      GdkPixbuf *pixbuf = gdk_pixbuf_animation_iter_get_pixbuf (iter);
      g_autoptr(GdkPixbuf) rgba = NULL;
      guint8 *dst = g_malloc ((gsize) self->width * self->height * 4);
      Frame f;
      int step;

      rgba = gdk_pixbuf_get_has_alpha (pixbuf) ? g_object_ref (pixbuf) : gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
      for (int y = 0; y < self->height && y < gdk_pixbuf_get_height (rgba); y++)
        memcpy (dst + (gsize) y * self->width * 4,
                gdk_pixbuf_read_pixels (rgba) + (gsize) y * gdk_pixbuf_get_rowstride (rgba),
                (gsize) MIN (self->width, gdk_pixbuf_get_width (rgba)) * 4);
      f.pixels = g_bytes_new_take (dst, (gsize) self->width * self->height * 4);
      f.pts = pts;
      f.duration = g_array_index (delays, guint, i) * GST_MSECOND;
      pts += f.duration;
      g_array_append_val (self->frames, f);

      /* advance by gdk-pixbuf's own idea of this frame's delay */
      step = gdk_pixbuf_animation_iter_get_delay_time (iter);
      if (step < 0)
        break;
      g_time_val_add (&t, (glong) step * 1000);
      gdk_pixbuf_animation_iter_advance (iter, &t);
    }
  G_GNUC_END_IGNORE_DEPRECATIONS

  return TRUE;
}

/* WebP: the frames' timing from the container, the pixels one frame at a
 * time as they are pushed (webp_frame), so that a long animation never sits
 * decoded in memory */
static gboolean
decode_webp (RushesAnimDec *self,
             GError       **error)
{
  WebPAnimDecoderOptions options;
  WebPData data = { self->data->data, self->data->len };
  WebPDemuxer *demux = WebPDemux (&data);
  WebPIterator iter;
  GstClockTime pts = 0;
  guint n_frames;

  if (demux == NULL || !WebPAnimDecoderOptionsInit (&options))
    {
      if (demux)
        WebPDemuxDelete (demux);
      g_set_error_literal (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, _("not a readable WebP file"));
      return FALSE;
    }
  self->width = WebPDemuxGetI (demux, WEBP_FF_CANVAS_WIDTH);
  self->height = WebPDemuxGetI (demux, WEBP_FF_CANVAS_HEIGHT);
  n_frames = WebPDemuxGetI (demux, WEBP_FF_FRAME_COUNT);
  if (WebPDemuxGetFrame (demux, 1, &iter))
    {
      do
        {
          Frame f = { NULL, pts, (GstClockTime) MAX (iter.duration, n_frames == 1 ? 100 : 1) * GST_MSECOND };

          pts += (GstClockTime) iter.duration * GST_MSECOND;
          g_array_append_val (self->frames, f);
        }
      while (WebPDemuxNextFrame (&iter));
      WebPDemuxReleaseIterator (&iter);
    }
  WebPDemuxDelete (demux);

  options.color_mode = MODE_RGBA;
  options.use_threads = 0;
  self->webp = WebPAnimDecoderNew (&data, &options);
  self->webp_next = 0;
  if (self->webp == NULL || self->frames->len == 0 || self->width <= 0 || self->height <= 0)
    {
      g_set_error_literal (error, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, _("no frame in the WebP file"));
      return FALSE;
    }
  return TRUE;
}

/* frame i's pixels (a new reference), or NULL when the WebP cannot be
 * decoded that far (truncated). Src pad stream lock. */
static GBytes *
frame_pixels (RushesAnimDec *self,
              guint          i)
{
  Frame *f = &g_array_index (self->frames, Frame, i);
  uint8_t *buf = NULL;
  int timestamp;

  if (f->pixels != NULL)
    return g_bytes_ref (f->pixels);
  if (self->webp == NULL)
    return NULL;
  /* each frame is drawn over the canvas the previous ones left */
  if (i < self->webp_next)
    {
      WebPAnimDecoderReset (self->webp);
      self->webp_next = 0;
    }
  while (self->webp_next <= i)
    {
      if (!WebPAnimDecoderGetNext (self->webp, &buf, &timestamp))
        return NULL;
      self->webp_next++;
    }
  return g_bytes_new (buf, (gsize) self->width * self->height * 4);
}

static void
compute_rate (RushesAnimDec *self)
{
  GstClockTime first;
  gboolean constant = TRUE;

  self->total = 0;
  if (self->frames->len == 0)
    return;
  first = g_array_index (self->frames, Frame, 0).duration;
  for (guint i = 0; i < self->frames->len; i++)
    {
      Frame *f = &g_array_index (self->frames, Frame, i);

      self->total = f->pts + f->duration;
      if (f->duration != first && i + 1 < self->frames->len)
        constant = FALSE;
    }
  /* a nominal rate when every frame lasts the same; 0/1 (variable) otherwise */
  if (constant && first > 0)
    gst_util_double_to_fraction ((double) GST_SECOND / first, &self->fps_n, &self->fps_d);
  else
    {
      self->fps_n = 0;
      self->fps_d = 1;
    }
}

/* ---- streaming ---------------------------------------------------------- */

static void
src_loop (gpointer data)
{
  RushesAnimDec *self = data;
  GstFlowReturn ret;
  Frame *f;
  GstBuffer *buffer;
  GBytes *bytes;
  gsize size;
  gconstpointer pixels;

  if (!self->sent_caps)
    {
      GstVideoInfo info;
      g_autoptr(GstCaps) caps = NULL;

      gst_video_info_set_format (&info, GST_VIDEO_FORMAT_RGBA, self->width, self->height);
      info.fps_n = self->fps_n;
      info.fps_d = self->fps_d;
      caps = gst_video_info_to_caps (&info);
      gst_pad_push_event (self->srcpad, gst_event_new_caps (caps));
      self->sent_caps = TRUE;
    }
  if (self->need_segment)
    {
      GstEvent *event = gst_event_new_segment (&self->segment);

      if (self->seqnum)
        gst_event_set_seqnum (event, self->seqnum);
      gst_pad_push_event (self->srcpad, event);
      self->need_segment = FALSE;
    }

  if (self->next >= self->frames->len ||
      (GST_CLOCK_TIME_IS_VALID (self->segment.stop) &&
       g_array_index (self->frames, Frame, self->next).pts >= self->segment.stop))
    {
      if (self->segment.flags & GST_SEGMENT_FLAG_SEGMENT)
        {
          GstClockTime end = GST_CLOCK_TIME_IS_VALID (self->segment.stop) ? self->segment.stop : self->total;

          gst_element_post_message (GST_ELEMENT (self),
                                    gst_message_new_segment_done (GST_OBJECT (self), GST_FORMAT_TIME, end));
          gst_pad_push_event (self->srcpad, gst_event_new_segment_done (GST_FORMAT_TIME, end));
        }
      else
        gst_pad_push_event (self->srcpad, gst_event_new_eos ());
      gst_pad_pause_task (self->srcpad);
      return;
    }

  f = &g_array_index (self->frames, Frame, self->next);
  if ((bytes = frame_pixels (self, self->next)) == NULL)
    {
      /* truncated: the frames so far */
      GST_WARNING_OBJECT (self, "cannot decode frame %u: ending there", self->next);
      self->next = self->frames->len;
      gst_pad_push_event (self->srcpad, gst_event_new_eos ());
      gst_pad_pause_task (self->srcpad);
      return;
    }
  self->next++;
  pixels = g_bytes_get_data (bytes, &size);
  buffer = gst_buffer_new_wrapped_full (GST_MEMORY_FLAG_READONLY, (gpointer) pixels, size, 0, size,
                                        bytes, (GDestroyNotify) g_bytes_unref);
  GST_BUFFER_PTS (buffer) = f->pts;
  GST_BUFFER_DTS (buffer) = f->pts;
  GST_BUFFER_DURATION (buffer) = f->duration;
  ret = gst_pad_push (self->srcpad, buffer);
  if (ret != GST_FLOW_OK)
    {
      GST_DEBUG_OBJECT (self, "pausing: %s", gst_flow_get_name (ret));
      gst_pad_pause_task (self->srcpad);
      if (ret == GST_FLOW_EOS || ret < GST_FLOW_EOS)
        {
          if (ret != GST_FLOW_EOS && ret != GST_FLOW_FLUSHING)
            GST_ELEMENT_FLOW_ERROR (self, ret);
          if (ret != GST_FLOW_FLUSHING)
            gst_pad_push_event (self->srcpad, gst_event_new_eos ());
        }
    }
}

/* first frame to push for a segment starting at @start: the one showing it */
static guint
frame_for (RushesAnimDec *self,
           GstClockTime   start)
{
  guint i = 0;

  while (i + 1 < self->frames->len && g_array_index (self->frames, Frame, i + 1).pts <= start)
    i++;
  return i;
}

static gboolean
handle_seek (RushesAnimDec *self,
             GstEvent      *event)
{
  gdouble rate;
  GstFormat format;
  GstSeekFlags flags;
  GstSeekType start_type, stop_type;
  gint64 start, stop;
  gboolean flush, update;

  gst_event_parse_seek (event, &rate, &format, &flags, &start_type, &start, &stop_type, &stop);
  if (format != GST_FORMAT_TIME || rate <= 0 || self->frames->len == 0)
    return FALSE;
  flush = (flags & GST_SEEK_FLAG_FLUSH) != 0;

  if (flush)
    gst_pad_push_event (self->srcpad, gst_event_new_flush_start ());
  else
    gst_pad_pause_task (self->srcpad);

  GST_PAD_STREAM_LOCK (self->srcpad);
  if (flush)
    gst_pad_push_event (self->srcpad, gst_event_new_flush_stop (TRUE));
  gst_segment_do_seek (&self->segment, rate, format, flags, start_type, start, stop_type, stop, &update);
  self->next = frame_for (self, self->segment.start);
  self->need_segment = TRUE;
  self->seqnum = gst_event_get_seqnum (event);
  gst_pad_start_task (self->srcpad, src_loop, self, NULL);
  GST_PAD_STREAM_UNLOCK (self->srcpad);

  return TRUE;
}

static gboolean
src_event (GstPad    *pad,
           GstObject *parent,
           GstEvent  *event)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (parent);
  gboolean ret;

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_SEEK:
      ret = handle_seek (self, event);
      gst_event_unref (event);
      return ret;
    case GST_EVENT_QOS:
    case GST_EVENT_NAVIGATION:
    case GST_EVENT_RECONFIGURE:
      gst_event_unref (event);
      return TRUE;
    default:
      return gst_pad_event_default (pad, parent, event);
    }
}

static gboolean
src_query (GstPad    *pad,
           GstObject *parent,
           GstQuery  *query)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (parent);
  GstFormat format;

  switch (GST_QUERY_TYPE (query))
    {
    case GST_QUERY_DURATION:
      gst_query_parse_duration (query, &format, NULL);
      if (format == GST_FORMAT_TIME && self->total > 0)
        {
          gst_query_set_duration (query, GST_FORMAT_TIME, self->total);
          return TRUE;
        }
      return FALSE;
    case GST_QUERY_SEEKING:
      gst_query_parse_seeking (query, &format, NULL, NULL, NULL);
      gst_query_set_seeking (query, format, format == GST_FORMAT_TIME && self->total > 0, 0,
                             self->total > 0 ? (gint64) self->total : -1);
      return TRUE;
    default:
      return gst_pad_query_default (pad, parent, query);
    }
}

static GstFlowReturn
sink_chain (GstPad    *pad,
            GstObject *parent,
            GstBuffer *buffer)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (parent);
  GstMapInfo map;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_byte_array_append (self->data, map.data, map.size);
      gst_buffer_unmap (buffer, &map);
    }
  gst_buffer_unref (buffer);
  return GST_FLOW_OK;
}

static gboolean
sink_event (GstPad    *pad,
            GstObject *parent,
            GstEvent  *event)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (parent);

  switch (GST_EVENT_TYPE (event))
    {
    case GST_EVENT_EOS:
      {
        g_autoptr(GError) error = NULL;
        gboolean ok;

        gst_event_unref (event);
        if (self->frames->len > 0)
          return TRUE;
        if (self->data->len >= 4 && memcmp (self->data->data, "GIF8", 4) == 0)
          ok = decode_gif (self, &error);
        else
          ok = decode_webp (self, &error);
        if (!ok || self->frames->len == 0)
          {
            GST_ELEMENT_ERROR (self, STREAM, DECODE, ("Cannot decode the animation"),
                               ("%s", error ? error->message : "no frames"));
            return FALSE;
          }
        compute_rate (self);
        if (self->webp == NULL)
          g_byte_array_set_size (self->data, 0); /* the WebP decoder reads on */
        gst_segment_init (&self->segment, GST_FORMAT_TIME);
        self->next = 0;
        self->need_segment = TRUE;
        gst_element_post_message (GST_ELEMENT (self), gst_message_new_duration_changed (GST_OBJECT (self)));
        return gst_pad_start_task (self->srcpad, src_loop, self, NULL);
      }
    case GST_EVENT_STREAM_START:
    case GST_EVENT_TAG:
      return gst_pad_push_event (self->srcpad, event);
    default:
      /* caps, segments and flushes from upstream describe the file bytes */
      gst_event_unref (event);
      return TRUE;
    }
}

static GstStateChangeReturn
change_state (GstElement     *element,
              GstStateChange  transition)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (element);
  GstStateChangeReturn ret = GST_ELEMENT_CLASS (rushes_anim_dec_parent_class)->change_state (element, transition);

  if (transition == GST_STATE_CHANGE_PAUSED_TO_READY)
    {
      gst_pad_stop_task (self->srcpad);
      g_clear_pointer (&self->webp, WebPAnimDecoderDelete);
      g_byte_array_set_size (self->data, 0);
      g_array_set_size (self->frames, 0);
      self->sent_caps = FALSE;
      self->total = 0;
    }
  return ret;
}

static void
rushes_anim_dec_finalize (GObject *object)
{
  RushesAnimDec *self = RUSHES_ANIM_DEC (object);

  g_clear_pointer (&self->webp, WebPAnimDecoderDelete);
  g_byte_array_unref (self->data);
  g_array_unref (self->frames);

  G_OBJECT_CLASS (rushes_anim_dec_parent_class)->finalize (object);
}

static void
rushes_anim_dec_class_init (RushesAnimDecClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);

  object_class->finalize = rushes_anim_dec_finalize;
  element_class->change_state = change_state;
  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Rushes animated image decoder",
                                         "Codec/Decoder/Video", "Decodes animated GIF and WebP", "Rushes");
  GST_DEBUG_CATEGORY_INIT (rushes_anim_dec_debug, "rushes-anim-dec", 0, "Rushes animated image decoder");
}

static void
rushes_anim_dec_init (RushesAnimDec *self)
{
  self->sinkpad = gst_pad_new_from_static_template (&sink_template, "sink");
  gst_pad_set_chain_function (self->sinkpad, sink_chain);
  gst_pad_set_event_function (self->sinkpad, sink_event);
  gst_element_add_pad (GST_ELEMENT (self), self->sinkpad);

  self->srcpad = gst_pad_new_from_static_template (&src_template, "src");
  gst_pad_set_event_function (self->srcpad, src_event);
  gst_pad_set_query_function (self->srcpad, src_query);
  gst_pad_use_fixed_caps (self->srcpad);
  gst_element_add_pad (GST_ELEMENT (self), self->srcpad);

  self->data = g_byte_array_new ();
  self->frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (self->frames, (GDestroyNotify) frame_clear);
  gst_segment_init (&self->segment, GST_FORMAT_TIME);
}

static gboolean
plugin_init (GstPlugin *plugin)
{
  return gst_element_register (plugin, "rushesanimdec", GST_RANK_PRIMARY + 10, RUSHES_TYPE_ANIM_DEC);
}

void
rushes_anim_dec_register (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      gst_plugin_register_static (GST_VERSION_MAJOR, GST_VERSION_MINOR, "rushes",
                                  "Rushes' own elements", plugin_init, PACKAGE_VERSION,
                                  "GPL", "rushes", "rushes", "https://github.com/rushesapp");
      g_once_init_leave (&done, 1);
    }
}
