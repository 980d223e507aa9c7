/* rushes-trimmer.c: trim a take into a new take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two engines, both run in a worker thread (GTask) with their own
 * pipelines; the worker only touches the RushesTrimmer through
 * post_progress() and the kept-in/out fields, both under self->lock.
 *
 * Packet engine (MP4/MOV/WebM/MKV in and out): a reader pipeline
 * (filesrc ! parsebin ! queue ! appsink per stream) is prerolled, seeked
 * to the keyframe at or before @in and pulled GOP by GOP in decode order.
 * Each GOP is either copied as is or, for EXACT trims, decoded and
 * re-encoded between the cut points by a small segment pipeline
 * (appsrc ! decodebin ! encoder ! parser ! appsink). Packets go to a writer
 * pipeline (appsrc ! [parser] ! muxer ! filesink) as samples carrying a
 * segment that starts at the cut, so the muxer sees running time 0 at the
 * first kept frame and stores the decode delay in an edit list.
 * H.264 splices are written as avc3 (parameter sets in-band before every
 * IDR) because the re-encoded frames come with their own SPS/PPS.
 *
 * Re-encode engine (everything else, e.g. GIF/WebP, or a container change):
 * filesrc ! decodebin → clip to [in, out) → encoder → muxer.
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/app/app.h>
#include <gst/audio/audio.h>
#include <gst/base/gsttypefindhelper.h>
#include <gst/video/video.h>

#include "rushes-anim-dec.h"
#include "rushes-media-private.h"
#include "rushes-recipe.h"
#include "rushes-trimmer.h"

GST_DEBUG_CATEGORY_STATIC (rushes_trimmer_debug);
#define GST_CAT_DEFAULT rushes_trimmer_debug

/* timestamps within this of a cut point count as on it (Matroska rounds to 1 ms) */
#define CUT_EPSILON (2 * GST_MSECOND)
#define PIPELINE_TIMEOUT (60 * GST_SECOND)
#define STALL_TIMEOUT_US (30 * G_USEC_PER_SEC)

struct _RushesTrimmer
{
  GObject parent_instance;

  /* owned, immutable after construction */
  GFile *input;
  GFile *output;
  RushesTrimMode mode;
  GstClockTime in;
  GstClockTime out;

  /* owned, main thread */
  RushesRecipe *source_recipe;
  gboolean busy;

  /* guarded by lock: written by the worker */
  GMutex lock;
  double progress;
  GstClockTime kept_in;
  GstClockTime kept_out;
  guint notify_id;
};

enum
{
  PROP_0,
  PROP_INPUT,
  PROP_OUTPUT,
  PROP_MODE,
  PROP_IN,
  PROP_OUT,
  PROP_KEPT_IN,
  PROP_KEPT_OUT,
  PROP_PROGRESS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RushesTrimmer, rushes_trimmer, G_TYPE_OBJECT)
G_DEFINE_QUARK (rushes-trimmer-error-quark, rushes_trimmer_error)

GType
rushes_trim_mode_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { RUSHES_TRIM_MODE_LOSSLESS, "RUSHES_TRIM_MODE_LOSSLESS", "lossless" },
        { RUSHES_TRIM_MODE_EXACT, "RUSHES_TRIM_MODE_EXACT", "exact" },
        { 0, NULL, NULL }
      };
      GType id = g_enum_register_static ("RushesTrimMode", values);
      g_once_init_leave (&type_id, id);
    }

  return type_id;
}

/* ------------------------------------------------------------------ */
/* progress: worker writes under the lock, one idle source notifies    */

static gboolean
notify_cb (gpointer data)
{
  RushesTrimmer *self = data;

  g_mutex_lock (&self->lock);
  self->notify_id = 0;
  g_mutex_unlock (&self->lock);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT_IN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEPT_OUT]);

  return G_SOURCE_REMOVE;
}

static void
post_state (RushesTrimmer *self,
            double         progress,
            GstClockTime   kept_in,
            GstClockTime   kept_out)
{
  g_mutex_lock (&self->lock);
  if (progress >= 0)
    self->progress = CLAMP (progress, 0.0, 1.0);
  if (GST_CLOCK_TIME_IS_VALID (kept_in))
    self->kept_in = kept_in;
  if (GST_CLOCK_TIME_IS_VALID (kept_out))
    self->kept_out = kept_out;
  if (self->notify_id == 0)
    self->notify_id = g_idle_add_full (G_PRIORITY_DEFAULT, notify_cb,
                                       g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
}

/* ------------------------------------------------------------------ */
/* formats                                                             */

typedef enum
{
  FAMILY_NONE,
  FAMILY_MP4,
  FAMILY_MOV,
  FAMILY_WEBM,
  FAMILY_MKV,
} Family;

static Family
family_for_output (GFile *output)
{
  g_autofree char *name = g_file_get_basename (output);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".mp4") || g_str_has_suffix (lower, ".m4v"))
    return FAMILY_MP4;
  if (g_str_has_suffix (lower, ".mov"))
    return FAMILY_MOV;
  if (g_str_has_suffix (lower, ".webm"))
    return FAMILY_WEBM;
  if (g_str_has_suffix (lower, ".mkv"))
    return FAMILY_MKV;
  return FAMILY_NONE;
}

static const char *
muxer_for_family (Family family)
{
  switch (family)
    {
    case FAMILY_MP4: return "mp4mux";
    case FAMILY_MOV: return "qtmux";
    case FAMILY_WEBM: return "webmmux";
    case FAMILY_MKV: return "matroskamux";
    case FAMILY_NONE:
    default: return NULL;
    }
}

/* the input's container caps by typefinding its first bytes */
static GstCaps *
typefind_file (GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 buf[16384];
  gsize n = 0;
  GstTypeFindProbability prob;
  GstCaps *caps;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buf, sizeof buf, &n, cancellable, error))
    return NULL;

  caps = gst_type_find_helper_for_data (NULL, buf, n, &prob);
  if (caps == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);

      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
                   _("“%s” is not a video file Rushes can read"), name);
    }
  return caps;
}

static gboolean
container_matches (GstCaps *container,
                   Family   family)
{
  GstStructure *s = gst_caps_get_structure (container, 0);
  const char *name = gst_structure_get_name (s);

  switch (family)
    {
    case FAMILY_MP4:
    case FAMILY_MOV:
      return g_str_equal (name, "video/quicktime");
    case FAMILY_WEBM:
    case FAMILY_MKV:
      return g_str_equal (name, "video/webm") || g_str_equal (name, "video/x-matroska");
    case FAMILY_NONE:
    default:
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* the job                                                             */

typedef struct
{
  RushesTrimmer *self;         /* ref; post_state() only */
  GFile *input;
  GFile *output;
  RushesTrimMode mode;
  GstClockTime in;
  GstClockTime out;
  gboolean plan_only;
  RushesRecipe *recipe;        /* copy made on the main thread, or NULL */
  GCancellable *cancellable;   /* borrowed from the task */

  Family family;
  char *tmp_path;

  /* reader */
  GstElement *reader;
  GstElement *vsink;
  GstElement *asink;
  GstSample *vpeek;            /* pulled but not consumed */
  GstSample *apeek;
  gboolean video_eos;

  /* writer */
  GstElement *writer;
  GstElement *vsrc;
  GstElement *asrc;
  GstSegment out_segment;      /* start = the cut, in the reader's buffer time */
  gboolean have_origin;
  GstClockTime last_dts;       /* last video DTS pushed, for monotonic splices */

  /* results (stream time) */
  GstClockTime kept_in;
  GstClockTime kept_out;
  GError *writer_error;

  /* the source video, for a fresh sidecar recipe */
  int width;
  int height;
  int fps_n;
  int fps_d;
} Trim;

static void
stop_pipeline (GstElement **pipeline)
{
  if (*pipeline != NULL)
    {
      gst_element_set_state (*pipeline, GST_STATE_NULL);
      gst_clear_object (pipeline);
    }
}

static void
trim_free (Trim *t)
{
  stop_pipeline (&t->reader);
  stop_pipeline (&t->writer);
  gst_clear_object (&t->vsink);
  gst_clear_object (&t->asink);
  gst_clear_object (&t->vsrc);
  gst_clear_object (&t->asrc);
  g_clear_pointer (&t->vpeek, gst_sample_unref);
  g_clear_pointer (&t->apeek, gst_sample_unref);
  if (t->tmp_path != NULL)
    {
      g_unlink (t->tmp_path);
      g_free (t->tmp_path);
    }
  g_clear_error (&t->writer_error);
  g_clear_object (&t->recipe);
  g_clear_object (&t->input);
  g_clear_object (&t->output);
  g_clear_object (&t->self);
  g_free (t);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Trim, trim_free)

static gboolean
set_failed (GError     **error,
            const char  *what,
            GError      *cause)
{
  if (cause != NULL && g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, cause);
      return FALSE;
    }
  g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_FAILED,
               "%s%s%s", what, cause ? ": " : "", cause ? cause->message : "");
  g_clear_error (&cause);
  return FALSE;
}

static GstClockTime
sample_stream_time (GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts))
    pts = GST_BUFFER_DTS (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (pts))
    return GST_CLOCK_TIME_NONE;
  if (segment == NULL || segment->format != GST_FORMAT_TIME)
    return pts;
  return gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
}

static gboolean
sample_is_keyframe (GstSample *sample)
{
  return !GST_BUFFER_FLAG_IS_SET (gst_sample_get_buffer (sample), GST_BUFFER_FLAG_DELTA_UNIT);
}

static void
note_video_caps (Trim    *t,
                 GstCaps *caps)
{
  GstStructure *st = caps ? gst_caps_get_structure (caps, 0) : NULL;

  if (st == NULL)
    return;
  gst_structure_get_int (st, "width", &t->width);
  gst_structure_get_int (st, "height", &t->height);
  gst_structure_get_fraction (st, "framerate", &t->fps_n, &t->fps_d);
}

/* ---- reader -------------------------------------------------------- */

static void
reader_pad_added_cb (GstElement *parsebin,
                     GstPad     *pad,
                     Trim       *t)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  const char *name;
  GstElement **sinkp = NULL;
  GstElement *queue;
  GstElement *sink;
  GstBin *bin = GST_BIN (t->reader);

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "video/") && t->vsink == NULL)
    sinkp = &t->vsink;
  else if (g_str_has_prefix (name, "audio/") && t->asink == NULL)
    sinkp = &t->asink;

  queue = gst_element_factory_make ("queue", NULL);
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  if (sinkp != NULL)
    {
      sink = gst_element_factory_make ("appsink", NULL);
      g_object_set (sink, "sync", FALSE, "max-buffers", 0, "enable-last-sample", FALSE, NULL);
      *sinkp = gst_object_ref (sink);
    }
  else
    {
      sink = gst_element_factory_make ("fakesink", NULL);
      g_object_set (sink, "sync", FALSE, "async", FALSE, NULL);
    }

  gst_bin_add_many (bin, queue, sink, NULL);
  gst_element_link (queue, sink);
  gst_element_sync_state_with_parent (sink);
  gst_element_sync_state_with_parent (queue);
  {
    g_autoptr(GstPad) qpad = gst_element_get_static_pad (queue, "sink");
    gst_pad_link (pad, qpad);
  }
}

/* parsebin's GstAutoplugSelectResult (not in a public header) */
enum
{
  AUTOPLUG_SELECT_TRY,
  AUTOPLUG_SELECT_EXPOSE,
  AUTOPLUG_SELECT_SKIP,
};

static int
reader_autoplug_select_cb (GstElement         *parsebin,
                           GstPad             *pad,
                           GstCaps            *caps,
                           GstElementFactory  *factory,
                           Trim               *t)
{
  const char *name = gst_plugin_feature_get_name (GST_PLUGIN_FEATURE (factory));

  /* h264parse/h265parse re-insert parameter sets after a seek: a lossless
   * copy takes the demuxer's access units as they are */
  if (t->mode == RUSHES_TRIM_MODE_LOSSLESS &&
      (g_str_equal (name, "h264parse") || g_str_equal (name, "h265parse")))
    return AUTOPLUG_SELECT_EXPOSE;
  return AUTOPLUG_SELECT_TRY;
}

static gboolean
reader_open (Trim    *t,
             GError **error)
{
  g_autofree char *path = g_file_get_path (t->input);
  g_autoptr(GError) local_error = NULL;
  GstElement *src;
  GstElement *parsebin;
  GstMessageType type;

  t->reader = gst_object_ref_sink (gst_pipeline_new ("trim-reader"));
  src = gst_element_factory_make ("filesrc", NULL);
  parsebin = gst_element_factory_make ("parsebin", NULL);
  if (src == NULL || parsebin == NULL)
    return set_failed (error, _("GStreamer elements “filesrc” or “parsebin” are missing"), NULL);
  g_object_set (src, "location", path, NULL);
  gst_bin_add_many (GST_BIN (t->reader), src, parsebin, NULL);
  gst_element_link (src, parsebin);
  g_signal_connect (parsebin, "pad-added", G_CALLBACK (reader_pad_added_cb), t);
  g_signal_connect (parsebin, "autoplug-select", G_CALLBACK (reader_autoplug_select_cb), t);

  gst_element_set_state (t->reader, GST_STATE_PAUSED);
  type = _rushes_media_wait_async_done (t->reader, PIPELINE_TIMEOUT, t->cancellable, &local_error);
  if (type != GST_MESSAGE_ASYNC_DONE)
    return set_failed (error, _("Cannot read the source"), g_steal_pointer (&local_error));
  if (t->vsink == NULL)
    return set_failed (error, _("The source has no video"), NULL);

  return TRUE;
}

static gboolean
reader_seek (Trim          *t,
             GstClockTime   position,
             GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (position > 0 &&
      gst_element_seek (t->reader, 1.0, GST_FORMAT_TIME,
                        GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT | GST_SEEK_FLAG_SNAP_BEFORE,
                        GST_SEEK_TYPE_SET, position, GST_SEEK_TYPE_NONE, -1))
    {
      if (_rushes_media_wait_async_done (t->reader, PIPELINE_TIMEOUT, t->cancellable, &local_error) != GST_MESSAGE_ASYNC_DONE)
        return set_failed (error, _("Cannot seek in the source"), g_steal_pointer (&local_error));
    }

  gst_element_set_state (t->reader, GST_STATE_PLAYING);
  return TRUE;
}

static gboolean
reader_check_error (Trim    *t,
                    GError **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (t->reader);
  g_autoptr(GstMessage) msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (msg != NULL)
    {
      GError *gst_error = NULL;

      gst_message_parse_error (msg, &gst_error, NULL);
      return set_failed (error, _("Cannot read the source"), gst_error);
    }
  return TRUE;
}

/* next video sample in decode order, or NULL at the end */
static GstSample *
reader_next_video (Trim *t)
{
  if (t->vpeek != NULL)
    return g_steal_pointer (&t->vpeek);
  if (t->video_eos)
    return NULL;
  {
    GstSample *s = gst_app_sink_pull_sample (GST_APP_SINK (t->vsink));
    if (s == NULL)
      t->video_eos = TRUE;
    return s;
  }
}

/* ---- writer -------------------------------------------------------- */

static GstPadProbeReturn
drop_late_caps_cb (GstPad          *pad,
                   GstPadProbeInfo *info,
                   gpointer         data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

  /* the muxer keeps the first caps: later ones only differ in fields the
   * in-band headers carry (profile, level, codec data of a spliced part) */
  if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
    {
      if (g_object_get_data (G_OBJECT (pad), "rushes-have-caps"))
        return GST_PAD_PROBE_DROP;
      g_object_set_data (G_OBJECT (pad), "rushes-have-caps", GINT_TO_POINTER (1));
    }
  return GST_PAD_PROBE_OK;
}

static GstElement *
make_appsrc (GstCaps *caps)
{
  GstElement *src = gst_element_factory_make ("appsrc", NULL);

  g_object_set (src,
                "format", GST_FORMAT_TIME,
                "is-live", FALSE,
                "handle-segment-change", TRUE,
                "max-bytes", (guint64) 0,
                "caps", caps,
                NULL);
  return src;
}

static gboolean
writer_open (Trim      *t,
             GstCaps   *vcaps,
             GstCaps   *acaps,
             gboolean   splice_h264,
             GError   **error)
{
  GstElement *mux;
  GstElement *sink;
  GstElement *vlast;
  g_autoptr(GstPad) mux_vpad = NULL;
  g_autoptr(GstPad) vlast_pad = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *template = NULL;
  int fd;

  dir = g_path_get_dirname (g_file_peek_path (t->output));
  base = g_file_get_basename (t->output);
  template = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (template, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  t->tmp_path = g_steal_pointer (&template);

  t->writer = gst_object_ref_sink (gst_pipeline_new ("trim-writer"));
  mux = gst_element_factory_make (muxer_for_family (t->family), NULL);
  sink = gst_element_factory_make ("filesink", NULL);
  if (mux == NULL || sink == NULL)
    return set_failed (error, _("A GStreamer muxer is missing"), NULL);
  g_object_set (sink, "location", t->tmp_path, NULL);
  gst_bin_add_many (GST_BIN (t->writer), mux, sink, NULL);
  gst_element_link (mux, sink);

  t->vsrc = gst_object_ref (make_appsrc (vcaps));
  gst_bin_add (GST_BIN (t->writer), t->vsrc);
  vlast = t->vsrc;
  if (splice_h264)
    {
      GstElement *parse = gst_element_factory_make ("h264parse", NULL);
      GstElement *filter = gst_element_factory_make ("capsfilter", NULL);
      g_autoptr(GstCaps) avc3 = gst_caps_from_string ("video/x-h264,stream-format=avc3,alignment=au");

      g_object_set (parse, "config-interval", -1, NULL);
      g_object_set (filter, "caps", avc3, NULL);
      gst_bin_add_many (GST_BIN (t->writer), parse, filter, NULL);
      gst_element_link_many (t->vsrc, parse, filter, NULL);
      vlast = filter;
    }
  vlast_pad = gst_element_get_static_pad (vlast, "src");
  gst_pad_add_probe (vlast_pad, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, drop_late_caps_cb, NULL, NULL);
  mux_vpad = gst_element_request_pad_simple (mux, "video_%u");
  if (mux_vpad == NULL || gst_pad_link (vlast_pad, mux_vpad) != GST_PAD_LINK_OK)
    return set_failed (error, _("The output format cannot hold this video"), NULL);

  if (acaps != NULL)
    {
      g_autoptr(GstPad) asrc_pad = NULL;
      g_autoptr(GstPad) mux_apad = NULL;

      t->asrc = gst_object_ref (make_appsrc (acaps));
      gst_bin_add (GST_BIN (t->writer), t->asrc);
      asrc_pad = gst_element_get_static_pad (t->asrc, "src");
      mux_apad = gst_element_request_pad_simple (mux, "audio_%u");
      if (mux_apad == NULL || gst_pad_link (asrc_pad, mux_apad) != GST_PAD_LINK_OK)
        return set_failed (error, _("The output format cannot hold this audio"), NULL);
    }

  if (gst_element_set_state (t->writer, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    return set_failed (error, _("Cannot start writing"), NULL);

  return TRUE;
}

static void
writer_push (Trim       *t,
             GstElement *src,
             GstBuffer  *buffer,
             GstCaps    *caps)
{
  g_autoptr(GstSample) sample = gst_sample_new (buffer, caps, &t->out_segment, NULL);

  gst_app_src_push_sample (GST_APP_SRC (src), sample);
}

static gboolean
writer_finish (Trim    *t,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstBus) bus = gst_element_get_bus (t->writer);
  g_autoptr(GFile) tmp = NULL;
  int fd;

  gst_app_src_end_of_stream (GST_APP_SRC (t->vsrc));
  if (t->asrc != NULL)
    gst_app_src_end_of_stream (GST_APP_SRC (t->asrc));

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        return FALSE;
      msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg == NULL)
        continue;
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          return set_failed (error, _("Cannot write the new take"), gst_error);
        }
      break;
    }
  stop_pipeline (&t->writer);

  /* durable before it becomes visible */
  fd = g_open (t->tmp_path, O_RDONLY, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  tmp = g_file_new_for_path (t->tmp_path);
  if (!g_file_move (tmp, t->output, G_FILE_COPY_OVERWRITE, t->cancellable, NULL, NULL, error))
    return FALSE;
  g_clear_pointer (&t->tmp_path, g_free);

  return TRUE;
}

/* ---- segment re-encoding ---------------------------------------------- */

typedef struct
{
  GstClockTime from; /* buffer time, inclusive */
  GstClockTime to;   /* buffer time, exclusive */
} ClipRange;

static GstPadProbeReturn
clip_video_cb (GstPad          *pad,
               GstPadProbeInfo *info,
               gpointer         data)
{
  ClipRange *range = data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstClockTime pts = GST_BUFFER_PTS (buffer);

  if (!GST_CLOCK_TIME_IS_VALID (pts) ||
      pts + CUT_EPSILON < range->from ||
      pts + CUT_EPSILON >= range->to)
    return GST_PAD_PROBE_DROP;
  return GST_PAD_PROBE_OK;
}

static const char *
encoder_description (const char *codec)
{
  if (g_str_equal (codec, "video/x-h264"))
    return "x264enc name=enc speed-preset=veryfast pass=qual quantizer=16 bframes=0 key-int-max=600 ! h264parse ! video/x-h264,stream-format=avc,alignment=au";
  if (g_str_equal (codec, "video/x-vp9"))
    return "vp9enc name=enc deadline=1 cpu-used=6 end-usage=cq cq-level=12 target-bitrate=20000000 lag-in-frames=0 keyframe-max-dist=600 threads=2 row-mt=true";
  if (g_str_equal (codec, "video/x-vp8"))
    return "vp8enc name=enc deadline=1 cpu-used=8 end-usage=cq cq-level=8 lag-in-frames=0 keyframe-max-dist=600 threads=2";
  return NULL;
}

/* Decodes @gop (one GOP in decode order, same caps) and re-encodes the
 * frames whose PTS lies in [from, to). Returns the encoded samples. */
static GPtrArray *
reencode_gop (Trim          *t,
              GPtrArray     *gop,
              GstClockTime   from,
              GstClockTime   to,
              GError       **error)
{
  GstCaps *caps = gst_sample_get_caps (g_ptr_array_index (gop, 0));
  const char *codec = gst_structure_get_name (gst_caps_get_structure (caps, 0));
  const char *enc = encoder_description (codec);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GstPad) enc_pad = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  ClipRange range = { from, to };
  const char *profile = gst_structure_get_string (gst_caps_get_structure (caps, 0), "profile");

  if (g_str_equal (codec, "video/x-h264") && profile != NULL &&
      (g_str_equal (profile, "high") || g_str_equal (profile, "main") ||
       g_str_equal (profile, "constrained-baseline") || g_str_equal (profile, "baseline")))
    desc = g_strdup_printf ("appsrc name=src format=time ! decodebin ! videoconvert ! %s,profile=%s ! appsink name=sink sync=false",
                            enc, profile);
  else
    desc = g_strdup_printf ("appsrc name=src format=time ! decodebin ! videoconvert ! %s ! appsink name=sink sync=false", enc);

  pipeline = gst_parse_launch_full (desc, NULL, GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (pipeline == NULL)
    return set_failed (error, _("Cannot build the encoder"), g_steal_pointer (&local_error)), NULL;
  gst_object_ref_sink (pipeline);

  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "enc");
  g_object_set (src, "caps", caps, "max-bytes", (guint64) 0, NULL);
  g_object_set (sink, "max-buffers", 0, NULL);
  enc_pad = gst_element_get_static_pad (encoder, "sink");
  gst_pad_add_probe (enc_pad, GST_PAD_PROBE_TYPE_BUFFER, clip_video_cb, &range, NULL);

  for (guint i = 0; i < gop->len; i++)
    gst_app_src_push_buffer (GST_APP_SRC (src),
                             gst_buffer_ref (gst_sample_get_buffer (g_ptr_array_index (gop, i))));
  gst_app_src_end_of_stream (GST_APP_SRC (src));

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  for (;;)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 50 * GST_MSECOND);
      g_autoptr(GstMessage) msg = NULL;

      if (sample != NULL)
        {
          g_ptr_array_add (result, sample);
          continue;
        }
      if (gst_app_sink_is_eos (GST_APP_SINK (sink)))
        break;
      msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      if (msg != NULL)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          gst_element_set_state (pipeline, GST_STATE_NULL);
          return set_failed (error, _("Cannot re-encode the cut"), gst_error), NULL;
        }
      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        {
          gst_element_set_state (pipeline, GST_STATE_NULL);
          return NULL;
        }
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);

  return g_steal_pointer (&result);
}

/* ---- packet engine ------------------------------------------------------ */

static gboolean
gop_reorders (GPtrArray *gop)
{
  GstClockTime last = GST_CLOCK_TIME_NONE;

  for (guint i = 0; i < gop->len; i++)
    {
      GstClockTime pts = GST_BUFFER_PTS (gst_sample_get_buffer (g_ptr_array_index (gop, i)));

      if (GST_CLOCK_TIME_IS_VALID (last) && GST_CLOCK_TIME_IS_VALID (pts) && pts < last)
        return TRUE;
      last = pts;
    }
  return FALSE;
}

static GstClockTime
gop_end_stream_time (GPtrArray *gop)
{
  GstClockTime end = 0;

  for (guint i = 0; i < gop->len; i++)
    {
      GstSample *s = g_ptr_array_index (gop, i);
      GstClockTime st = sample_stream_time (s);
      GstClockTime dur = GST_BUFFER_DURATION (gst_sample_get_buffer (s));

      if (GST_CLOCK_TIME_IS_VALID (st))
        end = MAX (end, st + (GST_CLOCK_TIME_IS_VALID (dur) ? dur : 0));
    }
  return end;
}

static void
push_video (Trim      *t,
            GstSample *sample)
{
  GstBuffer *buffer = gst_sample_get_buffer (sample);

  if (GST_CLOCK_TIME_IS_VALID (GST_BUFFER_DTS (buffer)))
    t->last_dts = GST_BUFFER_DTS (buffer);
  GST_LOG ("copied pts %" GST_TIME_FORMAT " dts %" GST_TIME_FORMAT,
           GST_TIME_ARGS (GST_BUFFER_PTS (buffer)), GST_TIME_ARGS (GST_BUFFER_DTS (buffer)));
  writer_push (t, t->vsrc, buffer, gst_sample_get_caps (sample));
}

/* audio packets with stream time in [kept_in, until) go out; earlier ones are dropped */
static void
push_audio_until (Trim         *t,
                  GstClockTime  until)
{
  if (t->asink == NULL)
    return;

  for (;;)
    {
      GstSample *s = t->apeek ? g_steal_pointer (&t->apeek) : gst_app_sink_pull_sample (GST_APP_SINK (t->asink));
      GstClockTime st;

      if (s == NULL)
        return;
      st = sample_stream_time (s);
      if (GST_CLOCK_TIME_IS_VALID (st) && st >= until)
        {
          t->apeek = s;
          return;
        }
      if (GST_CLOCK_TIME_IS_VALID (st) && st + CUT_EPSILON >= t->kept_in && t->asrc != NULL)
        writer_push (t, t->asrc, gst_sample_get_buffer (s), gst_sample_get_caps (s));
      gst_sample_unref (s);
    }
}

static void
set_origin (Trim      *t,
            GstSample *first,
            GstClockTime origin_stream_time)
{
  const GstSegment *segment = gst_sample_get_segment (first);
  guint64 position = origin_stream_time;

  gst_segment_init (&t->out_segment, GST_FORMAT_TIME);
  if (segment != NULL && segment->format == GST_FORMAT_TIME &&
      gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, origin_stream_time, &position) != 1)
    position = origin_stream_time;
  t->out_segment.start = position;
  t->out_segment.position = position;
  t->out_segment.time = 0;
  t->have_origin = TRUE;
}

/* Re-encoded frames get DTS = PTS - delay so that decode order stays
 * monotonic next to copied GOPs with a decode delay. */
static void
push_reencoded (Trim         *t,
                GPtrArray    *encoded,
                GstClockTime  delay)
{
  for (guint i = 0; i < encoded->len; i++)
    {
      GstSample *s = g_ptr_array_index (encoded, i);
      GstBuffer *buffer = gst_buffer_copy (gst_sample_get_buffer (s));
      const GstSegment *seg = gst_sample_get_segment (s);
      GstClockTime pts = GST_BUFFER_PTS (buffer);

      /* encoders may offset their output (x264enc: +1000 h) and say so in
       * the segment; the segment pipeline's input ran at running time = PTS */
      if (seg != NULL && seg->format == GST_FORMAT_TIME && GST_CLOCK_TIME_IS_VALID (pts))
        pts = gst_segment_to_running_time (seg, GST_FORMAT_TIME, pts);
      GST_BUFFER_PTS (buffer) = pts;
      if (GST_CLOCK_TIME_IS_VALID (pts))
        GST_BUFFER_DTS (buffer) = pts >= delay ? pts - delay : 0;
      GST_LOG ("re-encoded pts %" GST_TIME_FORMAT " dts %" GST_TIME_FORMAT,
               GST_TIME_ARGS (pts), GST_TIME_ARGS (GST_BUFFER_DTS (buffer)));
      if (GST_CLOCK_TIME_IS_VALID (t->last_dts) && t->have_origin &&
          GST_BUFFER_DTS (buffer) <= t->last_dts && i == 0)
        GST_WARNING ("re-encoded DTS %" GST_TIME_FORMAT " not after %" GST_TIME_FORMAT,
                     GST_TIME_ARGS (GST_BUFFER_DTS (buffer)), GST_TIME_ARGS (t->last_dts));
      t->last_dts = GST_BUFFER_DTS (buffer);
      writer_push (t, t->vsrc, buffer, gst_sample_get_caps (s));
      gst_buffer_unref (buffer);
    }
}

static GstClockTime
sample_decode_delay (GstSample *sample)
{
  GstBuffer *b = gst_sample_get_buffer (sample);

  if (GST_CLOCK_TIME_IS_VALID (GST_BUFFER_PTS (b)) && GST_CLOCK_TIME_IS_VALID (GST_BUFFER_DTS (b)) &&
      GST_BUFFER_PTS (b) > GST_BUFFER_DTS (b))
    return GST_BUFFER_PTS (b) - GST_BUFFER_DTS (b);
  return 0;
}

static gboolean
trim_packets (Trim    *t,
              GError **error)
{
  g_autoptr(GPtrArray) gop = g_ptr_array_new_with_free_func ((GDestroyNotify) gst_sample_unref);
  g_autoptr(GstCaps) vcaps = NULL;
  g_autoptr(GstCaps) acaps = NULL;
  GstClockTime end;
  gboolean splice = FALSE;
  gboolean h264 = FALSE;
  gboolean done = FALSE;
  gboolean first_gop = TRUE;

  if (!reader_open (t, error))
    return FALSE;

  {
    g_autoptr(GstPad) vpad = gst_element_get_static_pad (t->vsink, "sink");
    vcaps = gst_pad_get_current_caps (vpad);
    if (t->asink != NULL)
      {
        g_autoptr(GstPad) apad = gst_element_get_static_pad (t->asink, "sink");
        acaps = gst_pad_get_current_caps (apad);
      }
  }
  if (vcaps == NULL)
    return set_failed (error, _("Cannot read the source"), NULL);
  note_video_caps (t, vcaps);

  {
    const char *codec = gst_structure_get_name (gst_caps_get_structure (vcaps, 0));

    h264 = g_str_equal (codec, "video/x-h264");
    if (t->mode == RUSHES_TRIM_MODE_EXACT)
      {
        if (encoder_description (codec) == NULL)
          return set_failed (error, _("No encoder for this video codec"), NULL);
        splice = h264;
      }
  }

  if (!reader_seek (t, t->in, error))
    return FALSE;

  if (!t->plan_only && !writer_open (t, vcaps, acaps, splice, error))
    return FALSE;

  t->last_dts = GST_CLOCK_TIME_NONE;
  end = t->out;

  while (!done)
    {
      GstSample *s;
      GstClockTime gs, ge;
      GstSample *next_key = NULL;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        return FALSE;

      /* gather one GOP: a keyframe and its delta units */
      g_ptr_array_set_size (gop, 0);
      while ((s = reader_next_video (t)) != NULL)
        {
          if (gop->len > 0 && sample_is_keyframe (s))
            {
              t->vpeek = s;
              next_key = s;
              break;
            }
          if (gop->len == 0 && !sample_is_keyframe (s))
            {
              /* leading delta units without their keyframe (broken start) */
              gst_sample_unref (s);
              continue;
            }
          g_ptr_array_add (gop, s);
        }
      if (!reader_check_error (t, error))
        return FALSE;
      if (gop->len == 0)
        break;

      gs = sample_stream_time (g_ptr_array_index (gop, 0));
      ge = next_key ? sample_stream_time (next_key) : gop_end_stream_time (gop);

      if (t->mode == RUSHES_TRIM_MODE_LOSSLESS)
        {
          if (first_gop)
            {
              t->kept_in = gs;
              post_state (t->self, -1, t->kept_in, GST_CLOCK_TIME_NONE);
            }
          else if (gs + CUT_EPSILON >= t->out)
            {
              t->kept_out = gs;
              break;
            }
          if (!t->have_origin)
            set_origin (t, g_ptr_array_index (gop, 0), t->kept_in);
          if (!t->plan_only)
            for (guint i = 0; i < gop->len; i++)
              push_video (t, g_ptr_array_index (gop, i));
          t->kept_out = ge;
          end = MAX (t->out, ge);
        }
      else
        {
          gboolean reorders;

          if (first_gop)
            {
              t->kept_in = t->in;
              t->kept_out = t->out;
              post_state (t->self, -1, t->kept_in, t->kept_out);
            }
          if (ge <= t->in + CUT_EPSILON && next_key != NULL)
            {
              first_gop = FALSE;
              continue;
            }
          if (gs + CUT_EPSILON >= t->out)
            break;
          if (t->plan_only)
            break;
          if (!t->have_origin)
            set_origin (t, g_ptr_array_index (gop, 0), t->in);

          reorders = gop_reorders (gop);
          if (gs + CUT_EPSILON >= t->in && ge <= t->out + CUT_EPSILON)
            {
              for (guint i = 0; i < gop->len; i++)
                push_video (t, g_ptr_array_index (gop, i));
            }
          else if (gs + CUT_EPSILON >= t->in && !reorders)
            {
              /* the last GOP without reordering: copy up to out */
              for (guint i = 0; i < gop->len; i++)
                {
                  GstSample *ps = g_ptr_array_index (gop, i);

                  if (sample_stream_time (ps) + CUT_EPSILON < t->out)
                    push_video (t, ps);
                }
            }
          else
            {
              const GstSegment *seg = gst_sample_get_segment (g_ptr_array_index (gop, 0));
              GstClockTime from_st = MAX (gs, t->in);
              GstClockTime to_st = MIN (ge, t->out);
              guint64 from = from_st, to = to_st;
              g_autoptr(GPtrArray) encoded = NULL;
              GstClockTime delay;

              if (seg != NULL && seg->format == GST_FORMAT_TIME)
                {
                  gst_segment_position_from_stream_time_full (seg, GST_FORMAT_TIME, from_st, &from);
                  gst_segment_position_from_stream_time_full (seg, GST_FORMAT_TIME, to_st, &to);
                }
              encoded = reencode_gop (t, gop, from, to, error);
              if (encoded == NULL)
                return FALSE;
              if (next_key != NULL && ge < t->out)
                delay = sample_decode_delay (next_key);
              else
                delay = sample_decode_delay (g_ptr_array_index (gop, 0));
              push_reencoded (t, encoded, h264 ? delay : 0);
            }
          if (ge + CUT_EPSILON >= t->out)
            done = TRUE;
        }

      first_gop = FALSE;
      if (!t->plan_only)
        {
          push_audio_until (t, MIN (ge, end));
          if (end > t->kept_in)
            post_state (t->self, (double) (MIN (ge, end) - t->kept_in) / (end - t->kept_in),
                        GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
        }
      if (t->plan_only && t->mode == RUSHES_TRIM_MODE_EXACT)
        break;
    }

  if (t->mode == RUSHES_TRIM_MODE_LOSSLESS)
    post_state (t->self, -1, GST_CLOCK_TIME_NONE, t->kept_out);

  if (t->plan_only)
    return TRUE;

  if (!t->have_origin)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The range to keep lies outside the clip"));
      return FALSE;
    }

  push_audio_until (t, t->mode == RUSHES_TRIM_MODE_LOSSLESS ? t->kept_out : t->out);
  stop_pipeline (&t->reader);

  return writer_finish (t, error);
}

/* ---- re-encode engine --------------------------------------------------- */

typedef struct
{
  GstClockTime in;  /* stream time */
  GstClockTime out;
  gboolean audio;
  gint rate;
  gint bpf;
} ReencodeClip;

static GstPadProbeReturn
reencode_clip_cb (GstPad          *pad,
                  GstPadProbeInfo *info,
                  gpointer         data)
{
  ReencodeClip *clip = data;
  GstSegment *segment = g_object_get_data (G_OBJECT (pad), "rushes-segment");

  if (info->type & GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM)
    {
      GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

      if (GST_EVENT_TYPE (event) == GST_EVENT_SEGMENT)
        {
          const GstSegment *in_seg;
          GstSegment *seg = gst_segment_new ();
          guint64 start = clip->in;

          gst_event_parse_segment (event, &in_seg);
          gst_segment_copy_into (in_seg, seg);
          g_object_set_data_full (G_OBJECT (pad), "rushes-segment", gst_segment_copy (in_seg),
                                  (GDestroyNotify) gst_segment_free);
          if (gst_segment_position_from_stream_time_full (in_seg, GST_FORMAT_TIME, clip->in, &start) != 1)
            start = clip->in;
          seg->start = start;
          seg->position = start;
          seg->time = 0;
          seg->base = 0;
          seg->stop = -1;
          info->data = gst_event_new_segment (seg);
          gst_event_unref (event);
          gst_segment_free (seg);
        }
      else if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS && clip->audio)
        {
          GstCaps *caps;
          GstAudioInfo ainfo;

          gst_event_parse_caps (event, &caps);
          if (gst_audio_info_from_caps (&ainfo, caps))
            {
              clip->rate = GST_AUDIO_INFO_RATE (&ainfo);
              clip->bpf = GST_AUDIO_INFO_BPF (&ainfo);
            }
        }
      return GST_PAD_PROBE_OK;
    }

  if (info->type & GST_PAD_PROBE_TYPE_BUFFER)
    {
      GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
      GstClockTime pts = GST_BUFFER_PTS (buffer);
      GstClockTime st;

      if (!GST_CLOCK_TIME_IS_VALID (pts) || segment == NULL)
        return GST_PAD_PROBE_DROP;
      st = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, pts);
      if (!GST_CLOCK_TIME_IS_VALID (st))
        return GST_PAD_PROBE_DROP;

      if (!clip->audio)
        {
          if (st + CUT_EPSILON < clip->in || st + CUT_EPSILON >= clip->out)
            return GST_PAD_PROBE_DROP;
          return GST_PAD_PROBE_OK;
        }
      else
        {
          GstSegment clip_seg;
          guint64 start = clip->in, stop = clip->out;

          if (clip->rate <= 0)
            return GST_PAD_PROBE_DROP;
          gst_segment_copy_into (segment, &clip_seg);
          gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, clip->in, &start);
          gst_segment_position_from_stream_time_full (segment, GST_FORMAT_TIME, clip->out, &stop);
          clip_seg.start = start;
          clip_seg.stop = stop;
          buffer = gst_audio_buffer_clip (buffer, &clip_seg, clip->rate, clip->bpf);
          info->data = buffer;
          if (buffer == NULL)
            return GST_PAD_PROBE_DROP;
          return GST_PAD_PROBE_OK;
        }
    }

  return GST_PAD_PROBE_OK;
}

typedef struct
{
  Trim *t;
  GstElement *mux;
  ReencodeClip vclip;
  ReencodeClip aclip;
  gboolean have_video;
  gboolean have_audio;
  gboolean failed;
} Reencode;

static void
reencode_pad_added_cb (GstElement *decodebin,
                       GstPad     *pad,
                       Reencode   *r)
{
  g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
  GstBin *bin = GST_BIN (r->t->writer);
  const char *name;
  g_autofree char *desc = NULL;
  g_autoptr(GError) error = NULL;
  GstElement *chain;
  g_autoptr(GstPad) chain_sink = NULL;
  g_autoptr(GstPad) chain_src = NULL;
  g_autoptr(GstPad) mux_pad = NULL;
  gboolean webm = r->t->family == FAMILY_WEBM || r->t->family == FAMILY_MKV;
  ReencodeClip *clip;

  if (caps == NULL)
    caps = gst_pad_query_caps (pad, NULL);
  name = gst_structure_get_name (gst_caps_get_structure (caps, 0));

  if (g_str_has_prefix (name, "video/") && !r->have_video)
    {
      r->have_video = TRUE;
      note_video_caps (r->t, caps);
      clip = &r->vclip;
      desc = g_strdup_printf ("queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 ! identity name=clip ! videoconvert ! %s",
                              webm ? encoder_description ("video/x-vp9")
                                   : "x264enc speed-preset=veryfast pass=qual quantizer=16 ! video/x-h264,profile=high ! h264parse");
      mux_pad = gst_element_request_pad_simple (r->mux, "video_%u");
    }
  else if (g_str_has_prefix (name, "audio/") && !r->have_audio)
    {
      GstElementFactory *aac = gst_element_factory_find ("voaacenc");

      r->have_audio = TRUE;
      clip = &r->aclip;
      desc = g_strdup_printf ("queue max-size-time=0 max-size-buffers=0 max-size-bytes=0 ! audioconvert ! audioresample ! identity name=clip ! %s",
                              webm ? "opusenc ! opusparse" : (aac ? "voaacenc ! aacparse" : "avenc_aac ! aacparse"));
      g_clear_object (&aac);
      mux_pad = gst_element_request_pad_simple (r->mux, "audio_%u");
    }
  else
    {
      GstElement *fake = gst_element_factory_make ("fakesink", NULL);
      g_autoptr(GstPad) fpad = gst_element_get_static_pad (fake, "sink");

      g_object_set (fake, "sync", FALSE, "async", FALSE, NULL);
      gst_bin_add (bin, fake);
      gst_element_sync_state_with_parent (fake);
      gst_pad_link (pad, fpad);
      return;
    }

  chain = gst_parse_bin_from_description (desc, TRUE, &error);
  if (chain == NULL || mux_pad == NULL)
    {
      r->failed = TRUE;
      return;
    }
  gst_bin_add (bin, chain);
  {
    g_autoptr(GstElement) identity = gst_bin_get_by_name (GST_BIN (chain), "clip");
    g_autoptr(GstPad) ipad = gst_element_get_static_pad (identity, "src");

    gst_pad_add_probe (ipad, GST_PAD_PROBE_TYPE_BUFFER | GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM,
                       reencode_clip_cb, clip, NULL);
  }
  chain_sink = gst_element_get_static_pad (chain, "sink");
  chain_src = gst_element_get_static_pad (chain, "src");
  if (gst_pad_link (chain_src, mux_pad) != GST_PAD_LINK_OK)
    r->failed = TRUE;
  gst_element_sync_state_with_parent (chain);
  gst_pad_link (pad, chain_sink);
}

static gboolean
trim_reencode (Trim    *t,
               GError **error)
{
  g_autofree char *dir = g_path_get_dirname (g_file_peek_path (t->output));
  g_autofree char *base = g_file_get_basename (t->output);
  g_autoptr(GstBus) bus = NULL;
  GstElement *src, *decodebin, *sink;
  Reencode r = { 0 };
  gint64 last_position = -1;
  gint64 last_change = g_get_monotonic_time ();
  int fd;

  t->kept_in = t->in;
  t->kept_out = t->out;
  post_state (t->self, -1, t->kept_in, t->kept_out);
  if (t->plan_only)
    return TRUE;

  t->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp_full (t->tmp_path, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved = errno;

      g_clear_pointer (&t->tmp_path, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write in “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  t->writer = gst_object_ref_sink (gst_pipeline_new ("trim-reencode"));
  src = gst_element_factory_make ("filesrc", NULL);
  decodebin = gst_element_factory_make ("decodebin", NULL);
  r.mux = gst_element_factory_make (muxer_for_family (t->family), NULL);
  sink = gst_element_factory_make ("filesink", NULL);
  if (src == NULL || decodebin == NULL || r.mux == NULL || sink == NULL)
    return set_failed (error, _("GStreamer elements are missing"), NULL);
  g_object_set (src, "location", g_file_peek_path (t->input), NULL);
  g_object_set (sink, "location", t->tmp_path, NULL);
  gst_bin_add_many (GST_BIN (t->writer), src, decodebin, r.mux, sink, NULL);
  gst_element_link (src, decodebin);
  gst_element_link (r.mux, sink);

  r.t = t;
  r.vclip.in = r.aclip.in = t->in;
  r.vclip.out = r.aclip.out = t->out;
  r.aclip.audio = TRUE;
  g_signal_connect (decodebin, "pad-added", G_CALLBACK (reencode_pad_added_cb), &r);

  gst_element_set_state (t->writer, GST_STATE_PLAYING);
  bus = gst_element_get_bus (t->writer);
  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;
      gint64 position = -1;

      if (g_cancellable_set_error_if_cancelled (t->cancellable, error))
        {
          stop_pipeline (&t->writer);
          return FALSE;
        }
      msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (msg == NULL)
        {
          if (gst_element_query_position (t->writer, GST_FORMAT_TIME, &position) && position != last_position)
            {
              last_position = position;
              last_change = g_get_monotonic_time ();
              if (t->out > t->in)
                post_state (t->self, (double) position / (t->out - t->in), GST_CLOCK_TIME_NONE, GST_CLOCK_TIME_NONE);
            }
          else if (g_get_monotonic_time () - last_change > STALL_TIMEOUT_US)
            {
              stop_pipeline (&t->writer);
              return set_failed (error, _("Cannot re-encode the source: decoding stalled"), NULL);
            }
          continue;
        }
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
        {
          GError *gst_error = NULL;

          gst_message_parse_error (msg, &gst_error, NULL);
          stop_pipeline (&t->writer);
          return set_failed (error, _("Cannot re-encode the source"), gst_error);
        }
      break;
    }
  stop_pipeline (&t->writer);

  if (r.failed || !r.have_video)
    return set_failed (error, _("The source has no video Rushes can re-encode"), NULL);

  fd = g_open (t->tmp_path, O_RDONLY, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  {
    g_autoptr(GFile) tmp = g_file_new_for_path (t->tmp_path);

    if (!g_file_move (tmp, t->output, G_FILE_COPY_OVERWRITE, t->cancellable, NULL, NULL, error))
      return FALSE;
  }
  g_clear_pointer (&t->tmp_path, g_free);

  return TRUE;
}

/* ---- sidecar ---------------------------------------------------------- */

static char *
sidecar_path_for (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  const char *dot = strrchr (path, '.');
  g_autofree char *stem = NULL;

  if (dot != NULL && strchr (dot, '/') == NULL)
    stem = g_strndup (path, dot - path);
  else
    stem = g_strdup (path);
  return g_strconcat (stem, ".rushes.json", NULL);
}

/* the recipe given, else the source take's sidecar, else a fresh one */
static RushesRecipe *
source_recipe (Trim *t)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *name = NULL;
  g_autofree char *prompt = NULL;
  RushesRecipe *recipe;

  if (t->recipe != NULL)
    return rushes_recipe_copy (t->recipe);

  path = sidecar_path_for (t->input);
  if (g_file_get_contents (path, &json, NULL, NULL) &&
      (recipe = rushes_recipe_new_from_json (json, -1, NULL)) != NULL)
    return recipe;

  recipe = rushes_recipe_new ();
  /* a recipe needs a prompt: say where the take came from */
  name = g_file_get_basename (t->input);
  prompt = g_strdup_printf (_("Trimmed from %s"), name);
  rushes_recipe_set_prompt (recipe, prompt);
  return recipe;
}

static gboolean
write_sidecar (Trim    *t,
               GError **error)
{
  g_autoptr(RushesRecipe) recipe = source_recipe (t);

  /* no recipe for the source: at least describe the new take's video */
  if (t->recipe == NULL && t->width > 0 && t->height > 0)
    {
      rushes_recipe_set_width (recipe, t->width);
      rushes_recipe_set_height (recipe, t->height);
      if (t->fps_n > 0 && t->fps_d > 0)
        rushes_recipe_set_fps (recipe, (guint) ((double) t->fps_n / t->fps_d + 0.5));
    }
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  g_autofree char *in_path = g_file_get_path (t->input);

  rushes_recipe_set_lineage (recipe, "trim", in_path,
                             (double) t->kept_in / GST_SECOND,
                             (double) t->kept_out / GST_SECOND);
  rushes_recipe_set_seconds (recipe, (double) (t->kept_out - t->kept_in) / GST_SECOND);
  json = rushes_recipe_to_json (recipe);
  path = sidecar_path_for (t->output);

  return g_file_set_contents_full (path, json, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/* ---- driver ----------------------------------------------------------- */

static gboolean
trim_execute (Trim    *t,
              GError **error)
{
  g_autoptr(GstCaps) container = NULL;
  const char *container_name;
  gboolean packet_engine;

  rushes_anim_dec_register ();

  if (!GST_CLOCK_TIME_IS_VALID (t->in) || !GST_CLOCK_TIME_IS_VALID (t->out) || t->in >= t->out)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                   _("The out point must come after the in point"));
      return FALSE;
    }
  if (g_file_equal (t->input, t->output))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("The new take must not replace its source"));
      return FALSE;
    }

  t->family = family_for_output (t->output);
  if (t->family == FAMILY_NONE)
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("Cannot write this kind of file; use .mp4, .mov, .webm or .mkv"));
      return FALSE;
    }

  container = typefind_file (t->input, t->cancellable, error);
  if (container == NULL)
    return FALSE;
  container_name = gst_structure_get_name (gst_caps_get_structure (container, 0));
  GST_DEBUG ("input container %s", container_name);

  packet_engine = container_matches (container, t->family);
  if (!packet_engine && t->mode == RUSHES_TRIM_MODE_LOSSLESS &&
      (g_str_equal (container_name, "video/quicktime") || g_str_has_prefix (container_name, "video/webm") ||
       g_str_equal (container_name, "video/x-matroska")))
    {
      g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_UNSUPPORTED,
                   _("A lossless trim keeps the container: write to the source’s file type"));
      return FALSE;
    }

  if (packet_engine)
    {
      if (!trim_packets (t, error))
        return FALSE;
    }
  else if (!trim_reencode (t, error))
    return FALSE;

  if (!t->plan_only)
    {
      post_state (t->self, 1.0, t->kept_in, t->kept_out);
      return write_sidecar (t, error);
    }
  return TRUE;
}

static Trim *
trim_new (RushesTrimmer *self,
          gboolean       plan_only,
          GCancellable  *cancellable)
{
  Trim *t = g_new0 (Trim, 1);

  t->self = g_object_ref (self);
  t->input = g_object_ref (self->input);
  t->output = g_object_ref (self->output);
  t->mode = self->mode;
  t->in = self->in;
  t->out = self->out;
  t->plan_only = plan_only;
  t->recipe = self->source_recipe ? rushes_recipe_copy (self->source_recipe) : NULL;
  t->cancellable = cancellable;
  t->kept_in = GST_CLOCK_TIME_NONE;
  t->kept_out = GST_CLOCK_TIME_NONE;
  t->last_dts = GST_CLOCK_TIME_NONE;

  return t;
}

static void
trim_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Trim *t = task_data;
  GError *error = NULL;

  t->cancellable = cancellable;
  if (trim_execute (t, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
  /* pipelines and the temporary file go now, in this thread */
  stop_pipeline (&t->reader);
  stop_pipeline (&t->writer);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
rushes_trimmer_finalize (GObject *object)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  g_clear_object (&self->input);
  g_clear_object (&self->output);
  g_clear_object (&self->source_recipe);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_trimmer_parent_class)->finalize (object);
}

static void
rushes_trimmer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      g_value_set_object (value, self->input);
      break;
    case PROP_OUTPUT:
      g_value_set_object (value, self->output);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_IN:
      g_value_set_uint64 (value, self->in);
      break;
    case PROP_OUT:
      g_value_set_uint64 (value, self->out);
      break;
    case PROP_KEPT_IN:
      g_value_set_uint64 (value, rushes_trimmer_get_kept_in (self));
      break;
    case PROP_KEPT_OUT:
      g_value_set_uint64 (value, rushes_trimmer_get_kept_out (self));
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, rushes_trimmer_get_progress (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_trimmer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RushesTrimmer *self = RUSHES_TRIMMER (object);

  switch (prop_id)
    {
    case PROP_INPUT:
      self->input = g_value_dup_object (value);
      break;
    case PROP_OUTPUT:
      self->output = g_value_dup_object (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_IN:
      self->in = g_value_get_uint64 (value);
      break;
    case PROP_OUT:
      self->out = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_trimmer_class_init (RushesTrimmerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = rushes_trimmer_finalize;
  object_class->get_property = rushes_trimmer_get_property;
  object_class->set_property = rushes_trimmer_set_property;

  properties[PROP_INPUT] = g_param_spec_object ("input", NULL, NULL, G_TYPE_FILE, co);
  properties[PROP_OUTPUT] = g_param_spec_object ("output", NULL, NULL, G_TYPE_FILE, co);
  properties[PROP_MODE] = g_param_spec_enum ("mode", NULL, NULL, RUSHES_TYPE_TRIM_MODE,
                                             RUSHES_TRIM_MODE_EXACT, co);
  properties[PROP_IN] = g_param_spec_uint64 ("in", NULL, NULL, 0, G_MAXUINT64, 0, co);
  properties[PROP_OUT] = g_param_spec_uint64 ("out", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, co);
  properties[PROP_KEPT_IN] = g_param_spec_uint64 ("kept-in", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_KEPT_OUT] = g_param_spec_uint64 ("kept-out", NULL, NULL, 0, G_MAXUINT64, G_MAXUINT64, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  GST_DEBUG_CATEGORY_INIT (rushes_trimmer_debug, "rushes-trimmer", 0, "Rushes trimmer");
}

static void
rushes_trimmer_init (RushesTrimmer *self)
{
  g_mutex_init (&self->lock);
  self->kept_in = GST_CLOCK_TIME_NONE;
  self->kept_out = GST_CLOCK_TIME_NONE;
}

RushesTrimmer *
rushes_trimmer_new (GFile          *input,
                    GFile          *output,
                    RushesTrimMode  mode,
                    GstClockTime    in,
                    GstClockTime    out)
{
  g_return_val_if_fail (G_IS_FILE (input), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  return g_object_new (RUSHES_TYPE_TRIMMER,
                       "input", input,
                       "output", output,
                       "mode", mode,
                       "in", (guint64) in,
                       "out", (guint64) out,
                       NULL);
}

GFile *
rushes_trimmer_get_input (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), NULL);
  return self->input;
}

GFile *
rushes_trimmer_get_output (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), NULL);
  return self->output;
}

RushesTrimMode
rushes_trimmer_get_mode (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), RUSHES_TRIM_MODE_EXACT);
  return self->mode;
}

GstClockTime
rushes_trimmer_get_in (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  return self->in;
}

GstClockTime
rushes_trimmer_get_out (RushesTrimmer *self)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  return self->out;
}

void
rushes_trimmer_set_source_recipe (RushesTrimmer *self,
                                  RushesRecipe  *recipe)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  g_set_object (&self->source_recipe, recipe);
}

GstClockTime
rushes_trimmer_get_kept_in (RushesTrimmer *self)
{
  GstClockTime v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  g_mutex_lock (&self->lock);
  v = self->kept_in;
  g_mutex_unlock (&self->lock);
  return v;
}

GstClockTime
rushes_trimmer_get_kept_out (RushesTrimmer *self)
{
  GstClockTime v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), GST_CLOCK_TIME_NONE);
  g_mutex_lock (&self->lock);
  v = self->kept_out;
  g_mutex_unlock (&self->lock);
  return v;
}

double
rushes_trimmer_get_progress (RushesTrimmer *self)
{
  double v;

  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), 0);
  g_mutex_lock (&self->lock);
  v = self->progress;
  g_mutex_unlock (&self->lock);
  return v;
}

static void
start_task (RushesTrimmer       *self,
            gboolean             plan_only,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, trim_new (self, plan_only, cancellable), (GDestroyNotify) trim_free);
  g_task_run_in_thread (task, trim_thread);
}

void
rushes_trimmer_plan_async (RushesTrimmer       *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  start_task (self, TRUE, rushes_trimmer_plan_async, cancellable, callback, user_data);
}

gboolean
rushes_trimmer_plan_finish (RushesTrimmer  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
rushes_trimmer_run_async (RushesTrimmer       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_TRIMMER (self));
  start_task (self, FALSE, rushes_trimmer_run_async, cancellable, callback, user_data);
}

gboolean
rushes_trimmer_run_finish (RushesTrimmer  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
run_blocking (RushesTrimmer  *self,
              gboolean        plan_only,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(Trim) t = trim_new (self, plan_only, cancellable);

  return trim_execute (t, error);
}

gboolean
rushes_trimmer_plan (RushesTrimmer  *self,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), FALSE);
  return run_blocking (self, TRUE, cancellable, error);
}

gboolean
rushes_trimmer_run (RushesTrimmer  *self,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_return_val_if_fail (RUSHES_IS_TRIMMER (self), FALSE);
  return run_blocking (self, FALSE, cancellable, error);
}

/* ------------------------------------------------------------------ */

gboolean
rushes_trim_parse_time (const char    *text,
                        int            fps_n,
                        int            fps_d,
                        GstClockTime  *time,
                        GError       **error)
{
  g_autofree char *s = NULL;
  g_auto(GStrv) parts = NULL;
  double seconds = 0;
  guint n;

  g_return_val_if_fail (text != NULL, FALSE);

  s = g_strstrip (g_strdup (text));
  if (*s == '\0')
    goto bad;

  if (g_str_has_suffix (s, "f"))
    {
      char *end = NULL;
      guint64 frame;

      s[strlen (s) - 1] = '\0';
      if (!g_ascii_isdigit (*s))
        goto bad;
      frame = g_ascii_strtoull (s, &end, 10);
      if (end == NULL || *end != '\0')
        goto bad;
      if (fps_n <= 0 || fps_d <= 0)
        {
          g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
                       _("“%s”: frame numbers need a known frame rate"), text);
          return FALSE;
        }
      *time = gst_util_uint64_scale (frame, (guint64) fps_d * GST_SECOND, fps_n);
      return TRUE;
    }

  parts = g_strsplit (s, ":", -1);
  n = g_strv_length (parts);
  if (n < 1 || n > 3)
    goto bad;
  for (guint i = 0; i < n; i++)
    {
      char *end = NULL;
      double v;

      if (!g_ascii_isdigit (parts[i][0]) && parts[i][0] != '.')
        goto bad;
      v = g_ascii_strtod (parts[i], &end);
      if (end == NULL || *end != '\0' || v < 0)
        goto bad;
      if (i < n - 1 && (v != (guint64) v || (i > 0 && v >= 60)))
        goto bad;
      if (i == n - 1 && n > 1 && v >= 60)
        goto bad;
      seconds = seconds * 60 + v;
    }
  *time = (GstClockTime) (seconds * GST_SECOND + 0.5);
  return TRUE;

bad:
  g_set_error (error, RUSHES_TRIMMER_ERROR, RUSHES_TRIMMER_ERROR_RANGE,
               _("“%s” is not a time: use seconds (3.5), a timecode (00:00:03.500) or a frame (105f)"), text);
  return FALSE;
}
