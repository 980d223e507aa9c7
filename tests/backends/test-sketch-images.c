/* test-sketch-images.c: Sketch honours start and end images exactly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Oracle: ffmpeg decodes the take and scales the images to the take's
 * size; the first frame must be the start image, the last the end image
 * (PSNR and colour), with Sketch's own picture in between.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "media-fixtures.h"
#include "rushes-frame-grab.h"
#include "rushes-recipe.h"
#include "rushes-sketch-backend.h"
#include "rushes-sketch-renderer.h"

#define W 320
#define H 240
#define FRAME_SIZE (W * H * 3)

static RushesRecipe *
recipe_with (const char *prompt,
             const char *start,
             const char *end)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_seconds (recipe, 1.5);
  rushes_recipe_set_fps (recipe, 24);
  rushes_recipe_set_width (recipe, W);
  rushes_recipe_set_height (recipe, H);
  rushes_recipe_set_seed (recipe, 7);
  rushes_recipe_set_start_image (recipe, start);
  rushes_recipe_set_end_image (recipe, end);
  return recipe;
}

/* renders recipe to NAME.webm in the fixture folder and decodes every frame */
static guint8 *
render (RushesRecipe *recipe,
        const char   *name,
        guint        *n_frames,
        char        **path_out)
{
  g_autofree char *file = g_strconcat (name, ".webm", NULL);
  g_autofree char *path = g_build_filename (media_fixture_dir (), file, NULL);
  g_autoptr(GError) error = NULL;
  guint8 *frames;

  if (!rushes_sketch_render (recipe, path, NULL, NULL, NULL, &error))
    g_error ("%s: %s", name, error->message);
  frames = media_decode_rgb (path, W, H, n_frames);
  g_assert_cmpuint (*n_frames, ==, rushes_recipe_get_n_frames (recipe));
  if (path_out)
    *path_out = g_steal_pointer (&path);
  return frames;
}

static const guint8 *
frame (const guint8 *frames,
       guint         index)
{
  return frames + (gsize) index * FRAME_SIZE;
}

static void
assert_colour (const guint8 *rgb,
               guint         r,
               guint         g,
               guint         b)
{
  /* the centre and the corners */
  const gsize points[] = { (H / 2) * W + W / 2, 4 * W + 4, (H - 5) * W + W - 5 };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      const guint8 *px = rgb + points[i] * 3;

      if (ABS ((int) px[0] - (int) r) > 8 || ABS ((int) px[1] - (int) g) > 8 || ABS ((int) px[2] - (int) b) > 8)
        g_error ("pixel %u is %02x%02x%02x, not %02x%02x%02x", i, px[0], px[1], px[2], r, g, b);
    }
}

static void
test_start_and_end (void)
{
  /* a smooth picture of another size and shape, and a flat colour */
  const char *start = media_fixture ("start.png", "-f lavfi -i gradients=s=400x400:c0=0xe03010:c1=0x1040d0:x0=0:y0=0:x1=399:y1=399:d=1 -frames:v 1");
  const char *end = media_fixture ("end.png", "-f lavfi -i color=c=0x20c040:s=640x360:d=1 -frames:v 1");
  g_autoptr(RushesRecipe) both = recipe_with ("a red balloon drifts over hills", start, end);
  g_autoptr(RushesRecipe) plain = recipe_with ("a red balloon drifts over hills", NULL, NULL);
  g_autofree guint8 *start_ref = NULL;
  g_autofree guint8 *frames = NULL;
  g_autofree guint8 *plain_frames = NULL;
  g_autofree guint8 *again = NULL;
  guint n, n_plain, n_again, ref_n;
  double first, last, middle_start, middle_end;

  start_ref = media_decode_rgb (start, W, H, &ref_n);
  frames = render (both, "both", &n, NULL);

  first = media_psnr (frame (frames, 0), start_ref, FRAME_SIZE);
  g_test_message ("first frame vs start image: %.1f dB", first);
  g_assert_cmpfloat (first, >, 35);
  assert_colour (frame (frames, n - 1), 0x20, 0xc0, 0x40);

  /* in between: Sketch's motion, neither image */
  middle_start = media_psnr (frame (frames, n / 2), start_ref, FRAME_SIZE);
  g_test_message ("middle frame vs start image: %.1f dB", middle_start);
  g_assert_cmpfloat (middle_start, <, 25);
  {
    g_autofree guint8 *end_ref = media_decode_rgb (end, W, H, &ref_n);

    last = media_psnr (frame (frames, n - 1), end_ref, FRAME_SIZE);
    middle_end = media_psnr (frame (frames, n / 2), end_ref, FRAME_SIZE);
    g_test_message ("last frame vs end image: %.1f dB, middle: %.1f dB", last, middle_end);
    g_assert_cmpfloat (last, >, 35);
    g_assert_cmpfloat (middle_end, <, 25);
  }
  /* and it moves: consecutive frames in the middle differ */
  g_assert_cmpfloat (media_psnr (frame (frames, n / 2), frame (frames, n / 2 + 3), FRAME_SIZE), <, 45);

  /* without images the first frame is Sketch's own */
  plain_frames = render (plain, "plain", &n_plain, NULL);
  g_assert_cmpfloat (media_psnr (frame (plain_frames, 0), start_ref, FRAME_SIZE), <, 25);

  /* deterministic from the seed */
  again = render (both, "both-again", &n_again, NULL);
  g_assert_cmpuint (n_again, ==, n);
  g_assert_cmpmem (again, (gsize) n * FRAME_SIZE, frames, (gsize) n * FRAME_SIZE);
}

/* an extension: the start image is the previous take's last frame */
static void
test_extension (void)
{
  g_autoptr(RushesRecipe) first_take = recipe_with ("night rain over a harbour, zoom in", NULL, NULL);
  g_autoptr(RushesRecipe) extension = NULL;
  g_autofree char *first_path = NULL;
  g_autofree char *spec = NULL;
  g_autofree char *stored = NULL;
  g_autofree guint8 *first_frames = NULL;
  g_autofree guint8 *ext_frames = NULL;
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  guint n_first, n_ext;
  double psnr;

  first_frames = render (first_take, "first", &n_first, &first_path);
  spec = g_strdup_printf ("%s@end", first_path);
  g_assert_true (rushes_frame_ref_parse (spec, &ref, &error));
  stored = rushes_frame_ref_stored_path (first_path, TRUE);
  g_assert_true (rushes_frame_grab_to_png (ref.path, &ref, stored, &error));
  g_assert_no_error (error);

  extension = recipe_with ("night rain over a harbour, zoom out", stored, NULL);
  rushes_recipe_set_seed (extension, 8);
  ext_frames = render (extension, "extension", &n_ext, NULL);

  psnr = media_psnr (frame (ext_frames, 0), frame (first_frames, n_first - 1), FRAME_SIZE);
  g_test_message ("extension's first frame vs the take's last: %.1f dB", psnr);
  g_assert_cmpfloat (psnr, >, 35);
  /* and not merely similar to any frame: the take's first frame is far off */
  g_assert_cmpfloat (media_psnr (frame (ext_frames, 0), frame (first_frames, 0), FRAME_SIZE), <, psnr - 3);
}

static void
test_bad_image (void)
{
  g_autofree char *text = g_build_filename (media_fixture_dir (), "not-an-image.png", NULL);
  g_autofree char *dest = g_build_filename (media_fixture_dir (), "bad.webm", NULL);
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
  recipe = recipe_with ("fog", NULL, text);
  g_assert_false (rushes_sketch_render (recipe, dest, NULL, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, text));
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

static void
test_capabilities (void)
{
  g_autoptr(RushesBackend) backend = RUSHES_BACKEND (rushes_sketch_backend_new ());
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (backend);

  g_assert_true (rushes_capabilities_honours_images (caps, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE));
}

int
main (int argc, char *argv[])
{
  gst_init (&argc, &argv);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sketch-images/start-and-end", test_start_and_end);
  g_test_add_func ("/sketch-images/extension", test_extension);
  g_test_add_func ("/sketch-images/bad-image", test_bad_image);
  g_test_add_func ("/sketch-images/capabilities", test_capabilities);

  return g_test_run ();
}
