/* test-contact-sheet.c: grids of takes as a PNG and as a WebM
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Solid-colour takes of different sizes, rates and lengths: each cell shows
 * its take's colour where it should, the sizes add up, and the video lasts
 * as long as the longest take with the short ones looped. The contact
 * player plays moving takes of different sizes and rates in one grid: every
 * cell shows the same moment of its own take, and the grid loops as one.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "media-fixtures.h"
#include "rushes-contact-player.h"
#include "rushes-contact-sheet.h"
#include "test-util.h"

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

/* Moving pictures (testsrc's gradient scrolls every frame), each its own:
 * 12 fps 2 s of 4:3, 16:9, 4:3 negated; 24 fps 1 s of 16:9 negated. */
static const char * const moving[][2] = {
  { "moving-a.webm", "-f lavfi -i testsrc=s=160x120:r=12:d=2 -c:v libvpx -b:v 2M" },
  { "moving-b.webm", "-f lavfi -i testsrc2=s=320x180:r=12:d=2 -c:v libvpx -b:v 2M" },
  { "moving-c.webm", "-f lavfi -i testsrc=s=160x120:r=12:d=2,negate -c:v libvpx -b:v 2M" },
  { "moving-d.webm", "-f lavfi -i testsrc2=s=320x180:r=24:d=1,negate -c:v libvpx -b:v 2M" },
};

static gboolean
contact_ready (gpointer data)
{
  return rushes_contact_player_get_ready (data) || rushes_contact_player_get_error_message (data) != NULL;
}

static gboolean
contact_looped (gpointer data)
{
  return rushes_contact_player_get_n_loops (data) > 0;
}

/* The cell's frame as packed RGB24 (its caps give the size). */
static guint8 *
sample_to_rgb (GstSample *sample,
               int       *width,
               int       *height)
{
  GstStructure *s = gst_caps_get_structure (gst_sample_get_caps (sample), 0);
  GstMapInfo map;
  guint8 *rgb;
  int stride;

  g_assert_cmpstr (gst_structure_get_string (s, "format"), ==, "RGBA");
  g_assert_true (gst_structure_get_int (s, "width", width));
  g_assert_true (gst_structure_get_int (s, "height", height));
  stride = GST_ROUND_UP_4 (*width * 4);
  rgb = g_malloc ((gsize) *width * *height * 3);
  g_assert_true (gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ));
  for (int y = 0; y < *height; y++)
    for (int x = 0; x < *width; x++)
      memcpy (rgb + ((gsize) y * *width + x) * 3, map.data + (gsize) y * stride + x * 4, 3);
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  return rgb;
}

/* All cells at once: the frame index of each (-1: none yet), and for the
 * 12 fps cells whether they agree. */
static gboolean
cells_agree (RushesContactPlayer *player,
             GstSample          **samples,
             guint64             *frames)
{
  for (guint i = 0; i < G_N_ELEMENTS (moving); i++)
    {
      g_clear_pointer (&samples[i], gst_sample_unref);
      samples[i] = rushes_contact_player_dup_cell_sample (player, i, &frames[i]);
      if (samples[i] == NULL)
        return FALSE;
    }
  /* the 24 fps take is on the same clock: twice the index, within a
   * frame, until it holds its last (it is 1 s long) */
  {
    guint64 expect = MIN (2 * frames[0], 23);

    return frames[0] == frames[1] && frames[1] == frames[2] && frames[0] > 0 &&
           (frames[3] >= expect ? frames[3] - expect : expect - frames[3]) <= 2;
  }
}

static void
test_player_sync (void)
{
  const char *paths[G_N_ELEMENTS (moving) + 1] = { NULL, };
  g_autoptr(RushesContactPlayer) player = NULL;
  GstSample *samples[G_N_ELEMENTS (moving)] = { NULL, };
  guint64 frames[G_N_ELEMENTS (moving)];
  gboolean agree = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (moving); i++)
    paths[i] = media_fixture (moving[i][0], moving[i][1]);
  player = rushes_contact_player_new (paths);
  g_assert_cmpuint (rushes_contact_player_get_n_cells (player), ==, 4);
  test_wait_until (contact_ready, player, 30000);
  g_assert_null (rushes_contact_player_get_error_message (player));
  g_assert_true (rushes_contact_player_get_ready (player));

  rushes_contact_player_play (player);
  g_assert_true (rushes_contact_player_get_playing (player));
  test_spin (700);
  /* a frame changes every 83 ms: a look that falls between two cells'
   * turns (or meets a frame dropped on a loaded machine) looks again */
  for (guint attempt = 0; attempt < 10 && !agree; attempt++)
    {
      agree = cells_agree (player, samples, frames);
      if (!agree)
        test_spin (30);
    }
  g_assert_true (agree);
  g_test_message ("frames %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                  frames[0], frames[1], frames[2], frames[3]);
  /* 700 ms of playing at 12 fps, give or take the start */
  g_assert_cmpuint (frames[0], >=, 4);
  g_assert_cmpuint (frames[0], <, 24);

  /* each cell shows its own take's frame, scaled to fit the cell */
  for (guint i = 0; i < G_N_ELEMENTS (moving); i++)
    {
      int width, height;
      g_autofree guint8 *rgb = sample_to_rgb (samples[i], &width, &height);
      guint n_frames = 0;
      g_autofree guint8 *own = media_decode_rgb (paths[i], width, height, &n_frames);
      guint n_other = 0;
      g_autofree guint8 *other = media_decode_rgb (paths[(i + 2) % 4], width, height, &n_other);
      gsize size = (gsize) width * height * 3;
      guint64 index = MIN (frames[i], n_frames - 1);

      /* the take's own aspect, at most a cell */
      g_assert_cmpint (width, <=, RUSHES_CONTACT_PLAYER_CELL_WIDTH);
      g_assert_cmpint (height * (i % 2 == 0 ? 4 : 16), ==, width * (i % 2 == 0 ? 3 : 9));
      g_assert_cmpfloat (media_psnr (rgb, own + index * size, size), >, 28.0);
      g_assert_cmpfloat (media_psnr (rgb, other + MIN (index, n_other - 1) * size, size), <, 20.0);
      g_clear_pointer (&samples[i], gst_sample_unref);
    }

  /* the grid loops as one when the longest take ends */
  test_wait_until (contact_looped, player, 10000);
  rushes_contact_player_pause (player);
  g_assert_false (rushes_contact_player_get_playing (player));
  g_assert_null (rushes_contact_player_get_error_message (player));
}

static void
test_player_refused (void)
{
  g_autofree char *text = g_build_filename (media_fixture_dir (), "not-a-video-either.webm", NULL);
  const char *paths[] = { media_fixture (moving[0][0], moving[0][1]), text, NULL };
  g_autoptr(RushesContactPlayer) player = NULL;

  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
  player = rushes_contact_player_new (paths);
  test_wait_until (contact_ready, player, 30000);
  g_assert_nonnull (rushes_contact_player_get_error_message (player));
  g_assert_false (rushes_contact_player_get_ready (player));
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
  g_test_add_func ("/contact-sheet/player-sync", test_player_sync);
  g_test_add_func ("/contact-sheet/player-refused", test_player_refused);

  return g_test_run ();
}
