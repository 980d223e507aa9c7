/* media-fixtures.c: small test media made with ffmpeg, and decoded references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ffmpeg is only a test oracle here: the application never runs it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "media-fixtures.h"
#include "test-util.h"

static char *fixture_dir;
static GHashTable *made;

static void
remove_fixture_dir (void)
{
  if (fixture_dir != NULL && g_getenv ("MEDIA_FIXTURES_KEEP") == NULL)
    test_remove_tree (fixture_dir);
}

const char *
media_fixture_dir (void)
{
  if (fixture_dir == NULL)
    {
      g_autoptr(GError) error = NULL;

      fixture_dir = g_dir_make_tmp ("rushes-media-XXXXXX", &error);
      g_assert_no_error (error);
      atexit (remove_fixture_dir);
    }
  return fixture_dir;
}

const char *
media_fixture (const char *name,
               const char *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) split = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *path;
  int status = 0;

  if (made == NULL)
    made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if ((path = g_hash_table_lookup (made, name)))
    return path;

  path = g_build_filename (media_fixture_dir (), name, NULL);
  g_ptr_array_add (argv, g_strdup ("ffmpeg"));
  g_ptr_array_add (argv, g_strdup ("-nostdin"));
  g_ptr_array_add (argv, g_strdup ("-y"));
  g_ptr_array_add (argv, g_strdup ("-v"));
  g_ptr_array_add (argv, g_strdup ("error"));
  split = g_strsplit (args, " ", -1);
  for (guint i = 0; split[i]; i++)
    if (*split[i])
      g_ptr_array_add (argv, g_strdup (split[i]));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ffmpeg failed to make %s: %s", name, err);

  g_hash_table_insert (made, g_strdup (name), path);
  return path;
}

guint8 *
media_decode_rgb (const char *path,
                  int         width,
                  int         height,
                  guint      *n_frames)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *w = NULL;
  g_autofree char *h = NULL;
  g_autofree char *vf = NULL;
  gsize out_len = 0;
  char *argv[] = { "ffmpeg", "-nostdin", "-v", "error", "-i", (char *) path,
                   "-vf", NULL, "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-", NULL };

  if (width <= 0)
    {
      w = media_probe (path, "v:0", "stream=width");
      h = media_probe (path, "v:0", "stream=height");
      width = atoi (w);
      height = atoi (h);
    }
  vf = g_strdup_printf ("scale=%d:%d", width, height);
  argv[7] = vf;

  {
    g_autoptr(GSubprocess) proc = g_subprocess_newv ((const char * const *) argv,
                                                     G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                                     &error);
    g_autoptr(GBytes) bytes = NULL;

    g_assert_no_error (error);
    g_subprocess_communicate (proc, NULL, NULL, &bytes, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_successful (proc));
    out = g_bytes_unref_to_data (g_steal_pointer (&bytes), &out_len);
  }

  *n_frames = out_len / ((gsize) width * height * 3);
  return (guint8 *) g_steal_pointer (&out);
}

double
media_psnr (const guint8 *a,
            const guint8 *b,
            gsize         size)
{
  double sum = 0;

  for (gsize i = 0; i < size; i++)
    {
      double d = (double) a[i] - (double) b[i];
      sum += d * d;
    }
  if (sum == 0)
    return 100.0;
  return 10.0 * log10 (255.0 * 255.0 / (sum / size));
}

char *
media_probe (const char *path,
             const char *select_streams,
             const char *entries)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  int status = 0;
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", select_streams ? select_streams : "v:0",
                         "-show_entries", entries, "-of", "default=nw=1:nk=1", path, NULL };

  if (select_streams == NULL || *select_streams == '\0')
    {
      argv[3] = "-hide_banner";
      argv[4] = "-hide_banner";
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  return g_strstrip (g_steal_pointer (&out));
}

double
media_probe_double (const char *path,
                    const char *select_streams,
                    const char *entries)
{
  g_autofree char *text = media_probe (path, select_streams, entries);

  g_assert_nonnull (text);
  return g_ascii_strtod (text, NULL);
}

guint
media_count_frames (const char *path)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                         "-show_entries", "stream=nb_read_frames", "-of", "default=nw=1:nk=1", path, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, NULL);
  return out ? (guint) atoi (out) : 0;
}

GBytes *
media_fixture_small_mp4 (void)
{
  const char *path = media_fixture ("small-take.mp4",
                                    "-f lavfi -i testsrc2=size=160x120:rate=16:duration=1 -c:v libx264 -pix_fmt yuv420p");
  g_autofree char *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  return g_bytes_new_take (g_steal_pointer (&data), length);
}

static gboolean
sticky_misordering_cb (const char    *log_domain,
                       GLogLevelFlags log_level,
                       const char    *message,
                       gpointer       data)
{
  return !(g_strcmp0 (log_domain, "GStreamer") == 0
           && (log_level & G_LOG_LEVEL_WARNING) != 0
           && strstr (message, "Sticky event misordering") != NULL);
}

void
media_tolerate_sticky_misordering (void)
{
  g_test_log_set_fatal_handler (sticky_misordering_cb, NULL);
}
