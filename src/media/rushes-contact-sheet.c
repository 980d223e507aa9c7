/* rushes-contact-sheet.c: a grid of takes, as an image or as a video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Image: one small pipeline per take seeks to the first, middle and last
 * frame (scaled and letterboxed by videoscale into the cell), labels are
 * drawn by textoverlay on a strip of their own, and gdk-pixbuf encodes the
 * grid. Video: one compositor; each take is a concat of enough copies of
 * itself to outlast the longest, scaled, rate-converted and labelled, and
 * the grid stops after the longest take's frames (identity eos-after).
 */
#define G_LOG_DOMAIN "rushes-contact-sheet"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/app/gstappsink.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-contact-sheet.h"
#include "rushes-core-private.h"
#include "rushes-media-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_contact_sheet_debug);
#define GST_CAT_DEFAULT rushes_contact_sheet_debug

#define IMAGE_FRAME_WIDTH 240
#define VIDEO_FRAME_WIDTH 320
#define LABEL_HEIGHT      28
#define TIMEOUT           (30 * GST_SECOND)

typedef struct
{
  char        *uri;
  GstClockTime duration;
  guint        width;
  guint        height;
  guint        fps;
} SheetTake;

static void
sheet_take_clear (gpointer data)
{
  g_free (((SheetTake *) data)->uri);
}

static gboolean
probe_takes (const char * const *paths,
             GArray             *takes,
             GError            **error)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (TIMEOUT, error);

  if (discoverer == NULL)
    return FALSE;
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (paths[i]);
      g_autoptr(GstDiscovererInfo) info = NULL;
      g_autoptr(GError) local_error = NULL;
      GList *videos;
      SheetTake take = { 0, };
      GstDiscovererVideoInfo *video;

      take.uri = _rushes_media_uri_for_file (file);
      info = gst_discoverer_discover_uri (discoverer, take.uri, &local_error);
      videos = info != NULL ? gst_discoverer_info_get_video_streams (info) : NULL;
      if (videos == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a video that can be read%s%s"),
                       paths[i], local_error ? ": " : "", local_error ? local_error->message : "");
          g_free (take.uri);
          return FALSE;
        }
      video = videos->data;
      take.width = gst_discoverer_video_info_get_width (video);
      take.height = gst_discoverer_video_info_get_height (video);
      take.fps = gst_discoverer_video_info_get_framerate_denom (video) > 0
        ? (guint) lround ((double) gst_discoverer_video_info_get_framerate_num (video) /
                          gst_discoverer_video_info_get_framerate_denom (video))
        : 0;
      take.fps = CLAMP (take.fps, 1, 60);
      take.duration = gst_discoverer_info_get_duration (info);
      gst_discoverer_stream_info_list_free (videos);
      if (take.width == 0 || take.height == 0 || !GST_CLOCK_TIME_IS_VALID (take.duration) || take.duration == 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” has no frames to show"), paths[i]);
          g_free (take.uri);
          return FALSE;
        }
      g_array_append_val (takes, take);
    }
  return TRUE;
}

static void
plan_layout (GArray                   *takes,
             gboolean                  video,
             RushesContactSheetLayout *layout)
{
  SheetTake *first = &g_array_index (takes, SheetTake, 0);

  memset (layout, 0, sizeof *layout);
  layout->n_cells = takes->len;
  layout->frames_per_cell = video ? 1 : 3;
  layout->columns = video ? (guint) ceil (sqrt (takes->len)) : MIN (takes->len, 3);
  layout->rows = (takes->len + layout->columns - 1) / layout->columns;
  layout->frame_width = video ? VIDEO_FRAME_WIDTH : IMAGE_FRAME_WIDTH;
  /* even, for the encoders */
  layout->frame_height = MAX (2, (guint) lround ((double) layout->frame_width * first->height / first->width / 2) * 2);
  layout->label_height = video ? 0 : LABEL_HEIGHT;
  layout->width = layout->columns * layout->frames_per_cell * layout->frame_width;
  layout->height = layout->rows * (layout->frame_height + layout->label_height);
  for (guint i = 0; i < takes->len; i++)
    {
      SheetTake *take = &g_array_index (takes, SheetTake, i);

      layout->fps = MAX (layout->fps, take->fps);
      layout->duration_ns = MAX (layout->duration_ns, take->duration);
      if (take->width * first->height != first->width * take->height || take->fps != first->fps ||
          take->width != first->width)
        layout->mixed = TRUE;
    }
}

static gboolean
run_to_preroll (GstElement   *pipeline,
                GCancellable *cancellable,
                GError      **error)
{
  return _rushes_media_wait_async_done (pipeline, TIMEOUT, cancellable, error) == GST_MESSAGE_ASYNC_DONE;
}

/* Copies an RGBA sample into the sheet at (x, y). */
static void
blit (GstSample *sample,
      guint8    *sheet,
      guint      sheet_stride,
      guint      x,
      guint      y)
{
  GstVideoInfo info;
  GstVideoFrame frame;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return;
  for (guint row = 0; row < (guint) GST_VIDEO_INFO_HEIGHT (&info); row++)
    memcpy (sheet + (gsize) (y + row) * sheet_stride + (gsize) x * 4,
            (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) row * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            (gsize) GST_VIDEO_INFO_WIDTH (&info) * 4);
  gst_video_frame_unmap (&frame);
}

static GstElement *
launch (const char  *description,
        GError     **error)
{
  GstElement *pipeline = gst_parse_launch (description, error);

  if (pipeline != NULL)
    _rushes_media_make_background (pipeline);
  return pipeline;
}

/* The first, middle and last frame of take, into its cell. */
static gboolean
grab_cell (SheetTake                      *take,
           const RushesContactSheetLayout *layout,
           guint8                         *sheet,
           guint                           x,
           guint                           y,
           GCancellable                   *cancellable,
           GError                        **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstClockTime frame = GST_SECOND / take->fps;
  GstClockTime times[3] = { 0, take->duration / 2, take->duration > frame ? take->duration - frame : 0 };
  gboolean ok = TRUE;

  description = g_strdup_printf ("uridecodebin uri=\"%s\" caps=video/x-raw expose-all-streams=false ! videoconvert ! "
                                 "videoscale add-borders=true ! video/x-raw,format=RGBA,width=%u,height=%u,"
                                 "pixel-aspect-ratio=1/1 ! appsink name=sink sync=false",
                                 take->uri, layout->frame_width, layout->frame_height);
  pipeline = launch (description, error);
  if (pipeline == NULL)
    return FALSE;
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  ok = run_to_preroll (pipeline, cancellable, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GstSample) sample = NULL;

      if (i > 0)
        {
          gst_element_seek_simple (pipeline, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, times[i]);
          ok = run_to_preroll (pipeline, cancellable, error);
        }
      sample = ok ? gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), TIMEOUT) : NULL;
      if (ok && sample == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("No frame could be read from %s"), take->uri);
          ok = FALSE;
        }
      if (ok)
        blit (sample, sheet, layout->width * 4, x + i * layout->frame_width, y);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  return ok;
}

/* The label strip: the text drawn by textoverlay on grey. */
static gboolean
draw_label (const char                     *text,
            const RushesContactSheetLayout *layout,
            guint8                         *sheet,
            guint                           x,
            guint                           y,
            GCancellable                   *cancellable,
            GError                        **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autofree char *description = NULL;

  description = g_strdup_printf ("videotestsrc pattern=solid-color foreground-color=0xff303030 num-buffers=1 ! "
                                 "video/x-raw,format=RGBA,width=%u,height=%u ! textoverlay name=text "
                                 "halignment=center valignment=center font-desc=\"Sans 11\" ! "
                                 "videoconvert ! video/x-raw,format=RGBA ! appsink name=sink sync=false",
                                 layout->frames_per_cell * layout->frame_width, layout->label_height);
  pipeline = launch (description, error);
  if (pipeline == NULL)
    return FALSE;
  overlay = gst_bin_get_by_name (GST_BIN (pipeline), "text");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (overlay, "text", text, NULL);
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  if (run_to_preroll (pipeline, cancellable, error))
    sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), TIMEOUT);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample != NULL)
    blit (sample, sheet, layout->width * 4, x, y);
  return sample != NULL;
}

/* What a sheet is made of, for both kinds. */
typedef struct
{
  GArray                         *takes;   /* SheetTake */
  const char * const             *labels;  /* or NULL */
  const RushesContactSheetLayout *layout;
  const char                     *output;
  GCancellable                   *cancellable;
} Sheet;

static gboolean
write_image (const Sheet *job,
             GError     **error)
{
  GArray *takes = job->takes;
  const char * const *labels = job->labels;
  const RushesContactSheetLayout *layout = job->layout;
  GCancellable *cancellable = job->cancellable;
  g_autofree guint8 *sheet = g_malloc0 ((gsize) layout->width * layout->height * 4);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *png = NULL;
  gsize png_length = 0;

  /* opaque black between cells */
  for (gsize i = 3; i < (gsize) layout->width * layout->height * 4; i += 4)
    sheet[i] = 0xff;
  for (guint i = 0; i < takes->len; i++)
    {
      guint x = (i % layout->columns) * layout->frames_per_cell * layout->frame_width;
      guint y = (i / layout->columns) * (layout->frame_height + layout->label_height);
      const char *label = labels != NULL && labels[i] != NULL ? labels[i] : "";

      if (!grab_cell (&g_array_index (takes, SheetTake, i), layout, sheet, x, y, cancellable, error))
        return FALSE;
      if (label[0] != '\0' &&
          !draw_label (label, layout, sheet, x, y + layout->frame_height, cancellable, error))
        return FALSE;
    }
  pixbuf = gdk_pixbuf_new_from_data (sheet, GDK_COLORSPACE_RGB, TRUE, 8, layout->width, layout->height,
                                     layout->width * 4, NULL, NULL);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &png, &png_length, "png", error, NULL))
    return FALSE;
  return _rushes_write_file_atomic (job->output, png, png_length, 0644, error);
}

typedef struct
{
  GstPad *target;   /* the concat's sink pad for this copy */
} CopyLink;

static void
copy_link_free (gpointer  data,
                GClosure *closure)
{
  CopyLink *link = data;

  gst_object_unref (link->target);
  g_free (link);
}

static void
copy_pad_added_cb (GstElement *decodebin,
                   GstPad     *pad,
                   CopyLink   *link)
{
  if (!gst_pad_is_linked (link->target))
    gst_pad_link (pad, link->target);
}

static GstElement *
make (GstElement *bin,
      const char *factory)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element != NULL)
    gst_bin_add (GST_BIN (bin), element);
  return element;
}

/* One cell: the take looped by a concat of copies, normalised, labelled. */
static gboolean
add_video_cell (GstElement                     *pipeline,
                GstElement                     *mixer,
                SheetTake                      *take,
                const char                     *label,
                const RushesContactSheetLayout *layout,
                guint                           index,
                GError                        **error)
{
  guint copies = (guint) ((layout->duration_ns + take->duration - 1) / take->duration);
  GstElement *concat = make (pipeline, "concat");
  GstElement *convert = make (pipeline, "videoconvert");
  GstElement *scale = make (pipeline, "videoscale");
  GstElement *rate = make (pipeline, "videorate");
  GstElement *filter = make (pipeline, "capsfilter");
  GstElement *text = make (pipeline, "textoverlay");
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) mixer_pad = NULL;
  g_autoptr(GstPad) text_pad = NULL;

  if (concat == NULL || convert == NULL || scale == NULL || rate == NULL || filter == NULL || text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("A GStreamer element the contact sheet needs is not installed"));
      return FALSE;
    }
  caps = gst_caps_new_simple ("video/x-raw", "width", G_TYPE_INT, layout->frame_width,
                              "height", G_TYPE_INT, layout->frame_height,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              "framerate", GST_TYPE_FRACTION, layout->fps, 1, NULL);
  g_object_set (scale, "add-borders", TRUE, NULL);
  g_object_set (filter, "caps", caps, NULL);
  g_object_set (text, "text", label ? label : "", "valignment", 1 /* bottom */, "halignment", 1 /* center */,
                "shaded-background", TRUE, "font-desc", "Sans 10", NULL);
  gst_element_link_many (concat, convert, scale, rate, filter, text, NULL);

  for (guint k = 0; k < MAX (copies, 1); k++)
    {
      GstElement *decodebin = make (pipeline, "uridecodebin");
      g_autoptr(GstCaps) video = gst_caps_new_empty_simple ("video/x-raw");
      CopyLink *link = g_new0 (CopyLink, 1);

      link->target = gst_element_request_pad_simple (concat, "sink_%u");
      g_object_set (decodebin, "uri", take->uri, "caps", video, "expose-all-streams", FALSE, NULL);
      g_signal_connect_data (decodebin, "pad-added", G_CALLBACK (copy_pad_added_cb), link, copy_link_free, 0);
    }

  mixer_pad = gst_element_request_pad_simple (mixer, "sink_%u");
  g_object_set (mixer_pad, "xpos", (index % layout->columns) * layout->frame_width,
                "ypos", (index / layout->columns) * layout->frame_height, NULL);
  text_pad = gst_element_get_static_pad (text, "src");
  return gst_pad_link (text_pad, mixer_pad) == GST_PAD_LINK_OK;
}

static gboolean
write_video (const Sheet *job,
             GError     **error)
{
  const RushesContactSheetLayout *layout = job->layout;
  const char *output = job->output;
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *dir = g_path_get_dirname (output);
  g_autofree char *base = g_path_get_basename (output);
  g_autofree char *partial_name = g_strdup_printf (".%s.part", base);
  g_autofree char *partial = g_build_filename (dir, partial_name, NULL);
  g_autofree char *description = NULL;
  g_autoptr(GstElement) mixer = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  gboolean ok = TRUE;

  description = g_strdup_printf ("compositor name=mix background=black ! "
                                 "video/x-raw,width=%u,height=%u,framerate=%u/1 ! identity eos-after=%u ! "
                                 "videoconvert ! vp8enc deadline=1 cpu-used=8 target-bitrate=2000000 ! webmmux ! "
                                 "filesink location=\"%s\"",
                                 layout->width, layout->height, layout->fps,
                                 /* identity ends at the Nth buffer without passing it on */
                                 (guint) MAX (1, llround ((double) layout->duration_ns * layout->fps / GST_SECOND)) + 1,
                                 partial);
  pipeline = launch (description, error);
  if (pipeline == NULL)
    return FALSE;
  mixer = gst_bin_get_by_name (GST_BIN (pipeline), "mix");
  for (guint i = 0; ok && i < job->takes->len; i++)
    ok = add_video_cell (pipeline, mixer, &g_array_index (job->takes, SheetTake, i),
                         job->labels != NULL ? job->labels[i] : NULL, layout, i, error);
  if (!ok)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The contact sheet’s pipeline could not be built"));
      return FALSE;
    }

  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  while (msg == NULL && !g_cancellable_is_cancelled (job->cancellable))
    msg = gst_bus_timed_pop_filtered (bus, 100 * GST_MSECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (g_cancellable_set_error_if_cancelled (job->cancellable, error))
    ok = FALSE;
  else if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) gst_error = NULL;

      gst_message_parse_error (msg, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The contact sheet could not be written: %s"),
                   gst_error->message);
      ok = FALSE;
    }
  if (ok && g_rename (partial, output) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not write %s: %s"), output,
                   g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (partial);
  return ok;
}

char *
rushes_contact_sheet_label_for_take (RushesTake *take)
{
  JsonObject *info = rushes_take_get_info (take);
  JsonNode *node = info != NULL ? json_object_get_member (info, "sweep") : NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *sweep = json_node_get_object (node);
      JsonNode *value = json_object_get_member (sweep, "value");
      const char *field = json_object_get_string_member_with_default (sweep, "field", "");

      if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
        {
          if (json_node_get_value_type (value) == G_TYPE_STRING)
            return g_strdup_printf ("%s = %s", field, json_node_get_string (value));
          else
            {
              g_autofree char *text = json_to_string (value, FALSE);

              return g_strdup_printf ("%s = %s", field, text);
            }
        }
    }
  return g_strdup (rushes_take_get_title (take));
}

char *
rushes_contact_sheet_label_for_path (const char *path)
{
  g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
  g_autoptr(RushesTake) take = rushes_take_new_from_sidecar (sidecar, NULL);

  return take != NULL ? rushes_contact_sheet_label_for_take (take) : g_path_get_basename (path);
}

gboolean
rushes_contact_sheet_write (const char * const       *paths,
                            const char * const       *labels,
                            const char               *output,
                            RushesContactSheetLayout *layout,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_autoptr(GArray) takes = NULL;
  RushesContactSheetLayout plan;
  gboolean video;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);

  if (!_rushes_media_ensure_init (error))
    return FALSE;
  if (rushes_contact_sheet_debug == NULL)
    GST_DEBUG_CATEGORY_INIT (rushes_contact_sheet_debug, "rushes-contact-sheet", 0, "Rushes contact sheets");

  if (g_str_has_suffix (output, ".webm") || g_str_has_suffix (output, ".WEBM"))
    video = TRUE;
  else if (g_str_has_suffix (output, ".png") || g_str_has_suffix (output, ".PNG"))
    video = FALSE;
  else
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("A contact sheet is a .png image or a .webm video, not “%s”"), output);
      return FALSE;
    }

  takes = g_array_new (FALSE, TRUE, sizeof (SheetTake));
  g_array_set_clear_func (takes, sheet_take_clear);
  if (!probe_takes (paths, takes, error))
    return FALSE;
  plan_layout (takes, video, &plan);
  GST_INFO ("%u cells, %u×%u, %u fps, mixed %d", plan.n_cells, plan.width, plan.height, plan.fps, plan.mixed);
  if (layout != NULL)
    *layout = plan;
  {
    Sheet job = { takes, labels, &plan, output, cancellable };

    return video ? write_video (&job, error) : write_image (&job, error);
  }
}
