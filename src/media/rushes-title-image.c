/* rushes-title-image.c: a title's text drawn once, as a still
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GES's GESTitleClip draws its text every frame (videotestsrc and
 * textoverlay on a full transparent frame), and the compositor then blends
 * that whole frame over the tracks below, converting them to ARGB and back
 * for it: most of what a title cost an export. Here the same textoverlay
 * draws the text once onto a transparent frame of the output's size; the
 * box around what it drew (its bounding rectangle of non-transparent
 * pixels) is kept as a PNG in g_get_user_cache_dir()/rushes/titles, named by
 * a digest of everything that shapes it (text, font, colours, position,
 * frame size), so a changed title is a new file and never a stale one. The
 * box's place in the frame is in the PNG's text chunks. The timeline puts
 * it on as an image clip at that place and size, so the compositor blends
 * only the box.
 */
#define G_LOG_DOMAIN "rushes-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "rushes-core-private.h"
#include "rushes-timeline-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_title_debug);
#undef GST_CAT_DEFAULT
#define GST_CAT_DEFAULT rushes_title_debug

/* bumped when the drawing changes: older files are not reused */
#define TITLE_IMAGE_VERSION "1"
#define KEY_X "tEXt::rushes-x"
#define KEY_Y "tEXt::rushes-y"

typedef struct
{
  int x, y, width, height;
} Box;

static void
set_draw_error (GError    **error,
                const char *text)
{
  g_set_error (error, RUSHES_TIMELINE_ERROR, RUSHES_TIMELINE_ERROR_INIT,
               _("The title “%s” could not be drawn"), text);
}

static void
ensure_debug (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_title_debug, "rushes-title", 0, "Rushes title images");
      g_once_init_leave (&done, 1);
    }
}

/* The whole frame, RGBA, with the text drawn as GES's title source draws it */
static GstSample *
draw_frame (const char  *text,
            const char  *font,
            double       x,
            double       y,
            guint        width,
            guint        height,
            GError     **error)
{
  g_autofree char *description = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) overlay = NULL;
  g_autoptr(GstElement) sink = NULL;
  GstSample *sample = NULL;

  description = g_strdup_printf ("videotestsrc num-buffers=1 pattern=solid-color foreground-color=0 "
                                 "! video/x-raw,format=RGBA,width=%u,height=%u,framerate=1/1 "
                                 "! textoverlay name=text ! appsink name=sink sync=false",
                                 width, height);
  pipeline = gst_parse_launch_full (description, NULL, GST_PARSE_FLAG_FATAL_ERRORS, error);
  if (pipeline == NULL)
    return NULL;
  overlay = gst_bin_get_by_name (GST_BIN (pipeline), "text");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (overlay,
                "text", text,
                "font-desc", font,
                "color", TITLE_TEXT_COLOR,
                "outline-color", TITLE_OUTLINE_COLOR,
                "draw-shadow", TRUE,
                "halignment", TEXT_HALIGN_POSITION,
                "valignment", TEXT_VALIGN_POSITION,
                "xpos", x,
                "ypos", y,
                "auto-resize", FALSE,
                "wait-text", FALSE,
                NULL);
  /* the one frame is the preroll; a failure ends the wait */
  if (gst_element_set_state (pipeline, GST_STATE_PAUSED) != GST_STATE_CHANGE_FAILURE &&
      gst_element_get_state (pipeline, NULL, NULL, 10 * GST_SECOND) == GST_STATE_CHANGE_SUCCESS)
    sample = gst_app_sink_pull_preroll (GST_APP_SINK (sink));
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (sample == NULL)
    set_draw_error (error, text);
  return sample;
}

/* The smallest rectangle holding every pixel that is not fully
 * transparent (2×2 at the top left when there is none) */
static void
bounding_box (const guint8 *data,
              int           stride,
              guint         width,
              guint         height,
              Box *box)
{
  int x0 = (int) width, y0 = (int) height, x1 = -1, y1 = -1;

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = data + (gsize) y * stride;

      for (guint x = 0; x < width; x++)
        if (row[x * 4 + 3] != 0)
          {
            x0 = MIN (x0, (int) x);
            x1 = MAX (x1, (int) x);
            y0 = MIN (y0, (int) y);
            y1 = MAX (y1, (int) y);
          }
    }
  if (x1 < 0)
    {
      *box = (Box) { 0, 0, MIN (2, (int) width), MIN (2, (int) height) };
      return;
    }
  /* even sizes and places: no chroma of the box straddles a pixel pair */
  x0 &= ~1;
  y0 &= ~1;
  x1 = MIN ((int) width - 1, x1 | 1);
  y1 = MIN ((int) height - 1, y1 | 1);
  *box = (Box) { x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
}

/* Draws the still into path; box: where it goes in the frame */
static gboolean
render (const char  *path,
        const char  *text,
        const char  *font,
        double       x,
        double       y,
        guint        width,
        guint        height,
        Box         *box,
        GError     **error)
{
  g_autoptr(GstSample) sample = draw_frame (text, font, x, y, width, height, error);
  g_autoptr(GdkPixbuf) frame = NULL;
  g_autoptr(GdkPixbuf) boxed = NULL;
  g_autofree char *png = NULL;
  char bx[16], by[16];
  GstVideoInfo info;
  GstVideoFrame video;
  gsize size = 0;
  gboolean ok;

  if (sample == NULL)
    return FALSE;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&video, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      set_draw_error (error, text);
      return FALSE;
    }
  bounding_box (GST_VIDEO_FRAME_PLANE_DATA (&video, 0), GST_VIDEO_FRAME_PLANE_STRIDE (&video, 0),
                width, height, box);
  frame = gdk_pixbuf_new_from_data (GST_VIDEO_FRAME_PLANE_DATA (&video, 0), GDK_COLORSPACE_RGB,
                                    TRUE, 8, (int) width, (int) height,
                                    GST_VIDEO_FRAME_PLANE_STRIDE (&video, 0), NULL, NULL);
  boxed = gdk_pixbuf_new_subpixbuf (frame, box->x, box->y, box->width, box->height);
  g_snprintf (bx, sizeof bx, "%d", box->x);
  g_snprintf (by, sizeof by, "%d", box->y);
  ok = gdk_pixbuf_save_to_buffer (boxed, &png, &size, "png", error, KEY_X, bx, KEY_Y, by, NULL);
  g_clear_object (&boxed);
  g_clear_object (&frame);
  gst_video_frame_unmap (&video);
  GST_DEBUG ("title “%s”: %d×%d at %d,%d", text, box->width, box->height, box->x, box->y);
  return ok && _rushes_write_cache_file (path, png, (gssize) size, 0600, error);
}

/* A still drawn before: its box from its size and its text chunks */
static gboolean
read_box (const char  *path,
          const char  *text,
          Box         *box,
          GError     **error)
{
  g_autoptr(GdkPixbuf) image = gdk_pixbuf_new_from_file (path, error);
  const char *px, *py;

  if (image == NULL)
    return FALSE;
  px = gdk_pixbuf_get_option (image, KEY_X);
  py = gdk_pixbuf_get_option (image, KEY_Y);
  if (px == NULL || py == NULL)
    {
      set_draw_error (error, text);
      return FALSE;
    }
  box->x = (int) g_ascii_strtoll (px, NULL, 10);
  box->y = (int) g_ascii_strtoll (py, NULL, 10);
  box->width = gdk_pixbuf_get_width (image);
  box->height = gdk_pixbuf_get_height (image);
  return TRUE;
}

char *
_rushes_title_image (const char  *text,
                     const char  *font,
                     double       x,
                     double       y,
                     guint        width,
                     guint        height,
                     int         *box_x,
                     int         *box_y,
                     int         *box_width,
                     int         *box_height,
                     GError     **error)
{
  g_autoptr(GChecksum) digest = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  Box box;

  ensure_debug ();
  key = g_strdup_printf ("%s\n%s\n%08x %08x %d %d\n%.6f %.6f\n%u %u\n", TITLE_IMAGE_VERSION, font,
                         TITLE_TEXT_COLOR, TITLE_OUTLINE_COLOR, TEXT_HALIGN_POSITION,
                         TEXT_VALIGN_POSITION, x, y, width, height);
  g_checksum_update (digest, (const guchar *) key, -1);
  g_checksum_update (digest, (const guchar *) text, -1);
  name = g_strconcat (g_checksum_get_string (digest), ".png", NULL);
  path = g_build_filename (g_get_user_cache_dir (), "rushes", "titles", name, NULL);

  /* drawn now, the box is known; drawn before, it is read back */
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
      ? !read_box (path, text, &box, error)
      : !render (path, text, font, x, y, width, height, &box, error))
    return NULL;
  *box_x = box.x;
  *box_y = box.y;
  *box_width = box.width;
  *box_height = box.height;
  return g_steal_pointer (&path);
}
