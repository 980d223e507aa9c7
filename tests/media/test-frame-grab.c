/* test-frame-grab.c: exact frames of videos (and still images) as PNG
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The oracle is ffmpeg: every frame of the clip decoded by it, and each PNG
 * we write decoded by it too; frames of testsrc2 all differ (a counter and
 * moving shapes), so the PSNR says which frame was taken.
 */
#include "config.h"

#include <string.h>
#include <gst/gst.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-frame-grab.h"

#define W 320
#define H 240
#define FRAME_SIZE (W * H * 3)
/* 6 s at 24 fps: 144 frames, keyframes every 2 s, B-frames: frame 105 is
 * neither a keyframe nor in decoding order */
#define CLIP_ARGS "-f lavfi -i testsrc2=s=320x240:r=24:d=6 -c:v libx264 -g 48 -bf 2 -pix_fmt yuv420p"

static guint8 *clip_frames;
static guint clip_n_frames;

static const char *
clip (void)
{
  const char *path = media_fixture ("counter.mp4", CLIP_ARGS);

  if (clip_frames == NULL)
    clip_frames = media_decode_rgb (path, W, H, &clip_n_frames);
  g_assert_cmpuint (clip_n_frames, ==, 144);
  return path;
}

/* grabs spec into a PNG and returns ffmpeg's decoding of it */
static guint8 *
grab (const char *spec)
{
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (media_fixture_dir (), "grab.png", NULL);
  guint n = 0;
  guint8 *rgb;

  g_assert_true (rushes_frame_ref_parse (spec, &ref, &error));
  g_assert_no_error (error);
  g_unlink (dest);
  if (!rushes_frame_grab_to_png (ref.path, &ref, dest, &error))
    g_error ("%s: %s", spec, error->message);
  rgb = media_decode_rgb (dest, W, H, &n);
  g_assert_cmpuint (n, ==, 1);
  return rgb;
}

/* the frame of the clip that rgb matches best, asserting that it matches it well */
static guint
best_frame (const guint8 *rgb)
{
  double best_psnr = 0, second = 0;
  guint best = 0;

  for (guint i = 0; i < clip_n_frames; i++)
    {
      double psnr = media_psnr (rgb, clip_frames + (gsize) i * FRAME_SIZE, FRAME_SIZE);

      if (psnr > best_psnr)
        {
          second = best_psnr;
          best_psnr = psnr;
          best = i;
        }
      else if (psnr > second)
        second = psnr;
    }
  g_test_message ("best frame %u: %.1f dB (next best %.1f dB)", best, best_psnr, second);
  g_assert_cmpfloat (best_psnr, >, 35);
  /* and clearly that one, not a neighbour */
  g_assert_cmpfloat (best_psnr, >, second + 3);
  return best;
}

static void
test_exact_frames (void)
{
  struct { const char *time; guint frame; } cases[] = {
    { "105f", 105 },
    { "4.375", 105 },           /* 105 / 24 */
    { "4.39", 105 },            /* the frame on screen at that time */
    { "00:00:04.375", 105 },
    { "00:00:04:09", 105 },     /* 4 s and 9 frames at 24 fps */
    { "0f", 0 },
    { "50f", 50 },
    { "end", 143 },
  };
  const char *path = clip ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *spec = g_strdup_printf ("%s@%s", path, cases[i].time);
      g_autofree guint8 *rgb = grab (spec);

      g_test_message ("%s", spec);
      g_assert_cmpuint (best_frame (rgb), ==, cases[i].frame);
    }
  {
    /* no time: the first frame */
    g_autofree guint8 *rgb = grab (path);

    g_assert_cmpuint (best_frame (rgb), ==, 0);
  }
}

static void
check_refused (const char *spec,
               GQuark      domain,
               int         code,
               const char *needle1,
               const char *needle2)
{
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (media_fixture_dir (), "refused.png", NULL);

  g_unlink (dest);
  g_assert_true (rushes_frame_ref_parse (spec, &ref, NULL));
  g_assert_false (rushes_frame_grab_to_png (ref.path, &ref, dest, &error));
  g_assert_error (error, domain, code);
  g_test_message ("%s: %s", spec, error->message);
  if (strstr (error->message, needle1) == NULL || (needle2 && strstr (error->message, needle2) == NULL))
    g_error ("“%s” lacks “%s” or “%s”", error->message, needle1, needle2 ? needle2 : "");
  /* nothing written */
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_past_the_end (void)
{
  const char *path = clip ();
  g_autofree char *seconds = g_strdup_printf ("%s@6.5", path);
  g_autofree char *frames = g_strdup_printf ("%s@144f", path);

  /* the message names the real end: frame 143, at 5.958 s */
  check_refused (seconds, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE, "143f", "5.958 s");
  check_refused (frames, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_OUT_OF_RANGE, "143f", "frame 144");
}

static void
write_png_header (const char *path,
                  guint32     width,
                  guint32     height)
{
  /* a PNG signature and IHDR, then a broken IDAT: only a header reader
   * gets the size; a decoder would fail on the data */
  static const char idat[] = { 0, 0, 0, 16, 'I', 'D', 'A', 'T', 'n', 'o', 't', ' ', 'd', 'e', 'f', 'l', 'a', 't', 'e' };
  guint8 data[64] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

  data[16] = width >> 24; data[17] = width >> 16; data[18] = width >> 8; data[19] = width;
  data[20] = height >> 24; data[21] = height >> 16; data[22] = height >> 8; data[23] = height;
  data[24] = 8; data[25] = 2;
  memcpy (data + 33, idat, sizeof idat);
  g_assert_true (g_file_set_contents (path, (const char *) data, sizeof data, NULL));
}

static void
test_bad_images (void)
{
  g_autofree char *huge = g_build_filename (media_fixture_dir (), "huge.png", NULL);
  g_autofree char *text = g_build_filename (media_fixture_dir (), "notes.png", NULL);
  g_autofree char *missing = g_build_filename (media_fixture_dir (), "missing.png", NULL);
  g_autofree char *jpeg_spec = NULL;
  const char *big_jpeg;
  int w = 0, h = 0;

  write_png_header (huge, 16384, 16384);
  g_assert_true (rushes_frame_grab_peek_image_size (huge, &w, &h));
  g_assert_cmpint (w, ==, 16384);
  g_assert_cmpint (h, ==, 16384);
  check_refused (huge, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID, "16384×16384", "8192×8192");

  /* a JPEG's size comes from GStreamer's type finder */
  big_jpeg = media_fixture ("wide.jpg", "-f lavfi -i color=c=green:s=8200x16:d=1 -frames:v 1");
  g_assert_true (rushes_frame_grab_peek_image_size (big_jpeg, &w, &h));
  g_assert_cmpint (w, ==, 8200);
  jpeg_spec = g_strdup (big_jpeg);
  check_refused (jpeg_spec, RUSHES_FRAME_REF_ERROR, RUSHES_FRAME_REF_ERROR_INVALID, "8200×16", "8192");

  g_assert_true (g_file_set_contents (text, "these are not pixels\n", -1, NULL));
  check_refused (text, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, text, "does not decode");
  check_refused (missing, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, missing, NULL);
}

static void
test_still_image (void)
{
  const char *still = media_fixture ("orange.jpg", "-f lavfi -i color=c=0xff8000:s=320x240:d=1 -frames:v 1");
  g_autofree char *dest = g_build_filename (media_fixture_dir (), "still.png", NULL);
  g_autofree char *end_spec = g_strdup_printf ("%s@end", still);
  g_autofree guint8 *rgb = NULL;
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  guint n;

  g_assert_true (rushes_frame_ref_parse (still, &ref, NULL));
  g_assert_true (rushes_frame_grab_to_png (ref.path, &ref, dest, &error));
  g_assert_no_error (error);
  /* re-saved as PNG, same size, same colour */
  g_assert_true (g_file_get_contents (dest, &head, NULL, NULL));
  g_assert_cmpmem (head, 8, "\211PNG\r\n\032\n", 8);
  rgb = media_decode_rgb (dest, 0, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  for (gsize i = 0; i < (gsize) W * H; i += 997)
    {
      g_assert_cmpint (ABS (rgb[i * 3] - 0xff), <=, 4);
      g_assert_cmpint (ABS (rgb[i * 3 + 1] - 0x80), <=, 4);
      g_assert_cmpint (ABS (rgb[i * 3 + 2] - 0x00), <=, 4);
    }
  /* a still has one frame: @end is it, frame 1 is past it */
  g_assert_true (rushes_frame_ref_parse (end_spec, &ref, NULL));
  g_assert_true (rushes_frame_grab_to_png (ref.path, &ref, dest, &error));
  g_assert_no_error (error);
}

int
main (int argc, char *argv[])
{
  int ret;

  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame-grab/exact-frames", test_exact_frames);
  g_test_add_func ("/frame-grab/past-the-end", test_past_the_end);
  g_test_add_func ("/frame-grab/bad-images", test_bad_images);
  g_test_add_func ("/frame-grab/still-image", test_still_image);

  ret = g_test_run ();
  g_free (clip_frames);
  return ret;
}
