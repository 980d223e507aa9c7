/* test-contact-sheet.c: grids of takes as a PNG and as a WebM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Solid-colour takes of different sizes, rates and lengths: each cell shows
 * its take's colour where it should, the sizes add up, and the video lasts
 * as long as the longest take with the short ones looped.
 */
#include "config.h"

#include <stdlib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "media-fixtures.h"
#include "rushes-contact-sheet.h"

typedef struct
{
  const char *name;
  const char *args;
  guint8      rgb[3];
} Solid;

/* 4:3 12 fps 2 s, 16:9 24 fps 3 s, 4:3 12 fps 1 s */
static const Solid solids[] = {
  { "red.webm", "-f lavfi -i color=c=0xff0000:s=160x120:r=12:d=2 -c:v libvpx -b:v 1M", { 255, 0, 0 } },
  { "blue.webm", "-f lavfi -i color=c=0x0000ff:s=320x180:r=24:d=3 -c:v libvpx -b:v 1M", { 0, 0, 255 } },
  { "green.webm", "-f lavfi -i color=c=0x00ff00:s=160x120:r=12:d=1 -c:v libvpx -b:v 1M", { 0, 255, 0 } },
};

static const char **
solid_paths (void)
{
  static const char *paths[G_N_ELEMENTS (solids) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (solids); i++)
    paths[i] = media_fixture (solids[i].name, solids[i].args);
  return paths;
}

static void
assert_colour (const guint8 *pixel,
               const guint8 *rgb)
{
  for (guint c = 0; c < 3; c++)
    g_assert_cmpint (abs ((int) pixel[c] - rgb[c]), <=, 24);
}

static void
test_png (void)
{
  static const char * const labels[] = { "guidance = 2", "guidance = 3.5", "guidance = 5", NULL };
  g_autofree char *out = g_build_filename (media_fixture_dir (), "sheet.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) sheet = NULL;
  RushesContactSheetLayout layout;
  const guint8 *pixels;
  guint stride, channels;

  g_assert_true (rushes_contact_sheet_write (solid_paths (), labels, out, &layout, NULL, &error));
  g_assert_no_error (error);

  /* one cell per take: three frames of 240 × 180 (the first take's 4:3) and a label strip */
  g_assert_cmpuint (layout.n_cells, ==, 3);
  g_assert_cmpuint (layout.columns, ==, 3);
  g_assert_cmpuint (layout.rows, ==, 1);
  g_assert_cmpuint (layout.frame_width, ==, 240);
  g_assert_cmpuint (layout.frame_height, ==, 180);
  g_assert_true (layout.mixed);

  sheet = gdk_pixbuf_new_from_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (sheet), ==, 3 * 3 * 240);
  g_assert_cmpint (gdk_pixbuf_get_height (sheet), ==, 180 + layout.label_height);
  g_assert_cmpuint (layout.label_height, >, 0);
  pixels = gdk_pixbuf_read_pixels (sheet);
  stride = gdk_pixbuf_get_rowstride (sheet);
  channels = gdk_pixbuf_get_n_channels (sheet);

  for (guint cell = 0; cell < 3; cell++)
    for (guint frame = 0; frame < 3; frame++)
      {
        guint x = cell * 720 + frame * 240 + 120;

        assert_colour (pixels + 90 * stride + x * channels, solids[cell].rgb);
      }
  /* 16:9 in a 4:3 cell: black bars above and below */
  {
    static const guint8 black[3] = { 0, 0, 0 };

    assert_colour (pixels + 4 * stride + (720 + 120) * channels, black);
    assert_colour (pixels + 175 * stride + (720 + 120) * channels, black);
  }
  /* the label strip is neither black nor a take's colour, and has text (light pixels) */
  {
    gboolean light = FALSE;

    for (guint y = 180; y < 180 + layout.label_height; y++)
      for (guint x = 0; x < 720; x++)
        if (pixels[y * stride + x * channels] > 200)
          light = TRUE;
    g_assert_true (light);
    g_assert_cmpint (pixels[(180 + 1) * stride + 2 * channels], >, 20);
    g_assert_cmpint (pixels[(180 + 1) * stride + 2 * channels], <, 100);
  }
}

static void
test_webm (void)
{
  g_autofree char *out = g_build_filename (media_fixture_dir (), "sheet.webm", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *width = NULL;
  g_autofree char *height = NULL;
  g_autofree char *rate = NULL;
  g_autofree guint8 *rgb = NULL;
  RushesContactSheetLayout layout;
  guint n_frames = 0;

  g_assert_true (rushes_contact_sheet_write (solid_paths (), NULL, out, &layout, NULL, &error));
  g_assert_no_error (error);

  /* 2 × 2 cells of 320 × 240, at the highest rate, as long as the longest (3 s) */
  g_assert_cmpuint (layout.columns, ==, 2);
  g_assert_cmpuint (layout.rows, ==, 2);
  width = media_probe (out, "v:0", "stream=width");
  height = media_probe (out, "v:0", "stream=height");
  rate = media_probe (out, "v:0", "stream=r_frame_rate");
  duration = media_probe (out, NULL, "format=duration");
  g_assert_cmpint (atoi (width), ==, 640);
  g_assert_cmpint (atoi (height), ==, 480);
  g_assert_cmpstr (rate, ==, "24/1");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (duration, NULL), 3.0, 0.05);
  g_assert_cmpuint (media_count_frames (out), ==, 72);

  /* one clock: at 2.5 s the 1 s green take plays its third loop, the 2 s red its second */
  rgb = media_decode_rgb (out, 0, 0, &n_frames);
  g_assert_cmpuint (n_frames, ==, 72);
  {
    const guint8 *frame = rgb + (gsize) 60 * 640 * 480 * 3;
    static const guint8 black[3] = { 0, 0, 0 };

    assert_colour (frame + ((gsize) 120 * 640 + 160) * 3, solids[0].rgb);
    assert_colour (frame + ((gsize) 120 * 640 + 480) * 3, solids[1].rgb);
    assert_colour (frame + ((gsize) 360 * 640 + 160) * 3, solids[2].rgb);
    /* the fourth cell is empty */
    assert_colour (frame + ((gsize) 360 * 640 + 480) * 3, black);
  }
}

static void
test_refused (void)
{
  g_autofree char *text = g_build_filename (media_fixture_dir (), "not-a-video.webm", NULL);
  g_autofree char *out = g_build_filename (media_fixture_dir (), "refused.png", NULL);
  const char *paths[] = { text, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
  g_assert_false (rushes_contact_sheet_write (paths, NULL, out, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "not-a-video.webm"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (rushes_contact_sheet_write (solid_paths (), NULL, "sheet.gif", NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contact-sheet/png", test_png);
  g_test_add_func ("/contact-sheet/webm", test_webm);
  g_test_add_func ("/contact-sheet/refused", test_refused);

  return g_test_run ();
}
