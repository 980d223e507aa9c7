/* test-media.c: suite "media" (GStreamer, no display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "rushes-thumbnailer.h"

/* 2 s, 30 fps, 160×120, every frame different (testsrc2 has a moving counter) */
#define CLIP_ARGS "-f lavfi -i testsrc2=size=160x120:rate=30:duration=2 -c:v libx264 -preset ultrafast -g 15 -pix_fmt yuv420p"

static void
wait_for (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
texture_to_rgb (GdkTexture *texture,
                guint8     *rgb)
{
  int w = gdk_texture_get_width (texture);
  int h = gdk_texture_get_height (texture);
  g_autofree guint8 *bgra = g_malloc ((gsize) w * h * 4);

  /* download gives premultiplied B8G8R8A8 (little endian ARGB32); frames are opaque */
  gdk_texture_download (texture, bgra, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    {
      rgb[i * 3 + 0] = bgra[i * 4 + 2];
      rgb[i * 3 + 1] = bgra[i * 4 + 1];
      rgb[i * 3 + 2] = bgra[i * 4 + 0];
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

typedef struct
{
  gboolean done;
  GdkTexture *texture;
  GPtrArray *textures;
  GError *error;
} GrabResult;

static void
grab_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  GrabResult *r = user_data;

  r->texture = rushes_thumbnailer_grab_finish (RUSHES_THUMBNAILER (source), result, &r->error);
  r->done = TRUE;
}

static void
filmstrip_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GrabResult *r = user_data;

  r->textures = rushes_thumbnailer_filmstrip_finish (RUSHES_THUMBNAILER (source), result, &r->error);
  r->done = TRUE;
}

static void
test_thumbnailer_grab (void)
{
  const char *path = media_fixture ("thumb.mp4", CLIP_ARGS);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  GrabResult r = { 0 };
  guint n_frames = 0;
  double match, neighbour;

  refs = media_decode_rgb (path, 160, 120, &n_frames);
  g_assert_cmpuint (n_frames, ==, 60);

  /* frame 31 starts at 1.0333 s; ask for its middle */
  rushes_thumbnailer_grab_async (thumbnailer, file, 1050 * GST_MSECOND, 0, NULL, grab_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.texture);
  g_assert_cmpint (gdk_texture_get_width (r.texture), ==, 160);
  g_assert_cmpint (gdk_texture_get_height (r.texture), ==, 120);

  texture_to_rgb (r.texture, rgb);
  match = media_psnr (rgb, refs + 31 * size, size);
  neighbour = media_psnr (rgb, refs + 30 * size, size);
  g_assert_cmpfloat (match, >, 30.0);
  g_assert_cmpfloat (match, >, neighbour + 3.0);
  g_assert_cmpuint (count_files (rushes_thumbnailer_get_cache_dir (thumbnailer)), ==, 1);
  g_clear_object (&r.texture);

  /* second time: from the cache, same pixels, no new file */
  r.done = FALSE;
  rushes_thumbnailer_grab_async (thumbnailer, file, 1050 * GST_MSECOND, 0, NULL, grab_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  texture_to_rgb (r.texture, rgb);
  g_assert_cmpfloat (media_psnr (rgb, refs + 31 * size, size), ==, match);
  g_assert_cmpuint (count_files (rushes_thumbnailer_get_cache_dir (thumbnailer)), ==, 1);
  g_clear_object (&r.texture);

  /* scaled: aspect ratio kept */
  r.done = FALSE;
  rushes_thumbnailer_grab_async (thumbnailer, file, 0, 80, NULL, grab_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpint (gdk_texture_get_width (r.texture), ==, 80);
  g_assert_cmpint (gdk_texture_get_height (r.texture), ==, 60);
  g_clear_object (&r.texture);
}

static void
test_thumbnailer_filmstrip (void)
{
  const char *path = media_fixture ("thumb.mp4", CLIP_ARGS);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (160 * 120 * 3);
  const gsize size = 160 * 120 * 3;
  GrabResult r = { 0 };
  guint n_frames = 0;

  refs = media_decode_rgb (path, 160, 120, &n_frames);
  rushes_thumbnailer_filmstrip_async (thumbnailer, file, 4, 0, NULL, filmstrip_cb, &r);
  wait_for (&r.done);
  g_assert_no_error (r.error);
  g_assert_cmpuint (r.textures->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      /* frame i at 2 s × (2i + 1) / 8: frames 7, 22, 37, 52 */
      guint expected = (guint) (60 * (2 * i + 1) / 8);

      texture_to_rgb (g_ptr_array_index (r.textures, i), rgb);
      g_assert_cmpfloat (media_psnr (rgb, refs + expected * size, size), >, 30.0);
      g_assert_cmpfloat (media_psnr (rgb, refs + expected * size, size), >,
                         media_psnr (rgb, refs + (expected + 1) * size, size));
    }
  g_ptr_array_unref (r.textures);
}

static void
test_thumbnailer_corrupt (void)
{
  g_autofree char *path = g_build_filename (media_fixture_dir (), "corrupt.mp4", NULL);
  g_autoptr(RushesThumbnailer) thumbnailer = rushes_thumbnailer_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (g_file_set_contents (path, "this is not a video at all", -1, NULL));
  texture = rushes_thumbnailer_grab (thumbnailer, file, 0, 0, NULL, &error);
  g_assert_null (texture);
  g_assert_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE);
  g_assert_nonnull (strstr (error->message, "corrupt.mp4"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gst_init (&argc, &argv);

  g_test_add_func ("/thumbnailer/grab", test_thumbnailer_grab);
  g_test_add_func ("/thumbnailer/filmstrip", test_thumbnailer_filmstrip);
  g_test_add_func ("/thumbnailer/corrupt", test_thumbnailer_corrupt);

  return g_test_run ();
}
