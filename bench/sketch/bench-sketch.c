/* bench-sketch.c: Sketch render speed against an ffmpeg reference
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Renders a 4 s 1280×720 24 fps recipe with Sketch (WebM: VP9, and MP4:
 * H.264 when available) and, in the same run, has ffmpeg encode its own
 * test pattern (testsrc2) of the same size, rate and length with the same
 * encoder settings. Prints wall-clock seconds and x real time side by side.
 * Each measurement is the best of --runs (default 3).
 *
 *   bench-sketch [--runs N] [--audio] [--seconds S] [--width W] [--height H] [--fps F]
 */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "rushes-recipe.h"
#include "rushes-sketch-renderer.h"

static int runs = 3;
static gboolean audio = FALSE;
static double seconds = 4.0;
static int width = 1280, height = 720, fps = 24;

static double
time_sketch (const char *dir,
             const char *ext)
{
  double best = -1;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("sketch-%d.%s", i, ext);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gint64 start;
      double elapsed;

      rushes_recipe_set_prompt (recipe, "A red fox running through a snowy forest at night, slow pan");
      rushes_recipe_set_seconds (recipe, seconds);
      rushes_recipe_set_fps (recipe, fps);
      rushes_recipe_set_width (recipe, width);
      rushes_recipe_set_height (recipe, height);
      rushes_recipe_set_seed (recipe, 1234 + i);
      rushes_recipe_set_audio (recipe, audio);

      start = g_get_monotonic_time ();
      if (!rushes_sketch_render (recipe, path, NULL, NULL, NULL, &error))
        {
          g_printerr ("sketch (%s): %s\n", ext, error->message);
          return -1;
        }
      elapsed = (g_get_monotonic_time () - start) / 1e6;
      g_unlink (path);
      if (best < 0 || elapsed < best)
        best = elapsed;
    }
  return best;
}

static double
time_ffmpeg (const char *dir,
             const char *ext)
{
  g_autofree char *ffmpeg = g_find_program_in_path ("ffmpeg");
  guint kbps = MAX (200, (guint) ((guint64) width * height * fps / 11000));
  double best = -1;

  if (!ffmpeg)
    return -1;

  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("ffmpeg-%d.%s", i, ext);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *src = g_strdup_printf ("testsrc2=size=%dx%d:rate=%d:duration=%g", width, height, fps, seconds);
      g_autofree char *asrc = g_strdup_printf ("sine=frequency=220:sample_rate=48000:duration=%g", seconds);
      int status;
      gint64 start;
      double elapsed;

#define ADD(...) g_ptr_array_add (argv, g_strdup_printf (__VA_ARGS__))
      ADD ("%s", ffmpeg); ADD ("-nostdin"); ADD ("-v"); ADD ("error"); ADD ("-y");
      ADD ("-f"); ADD ("lavfi"); ADD ("-i"); ADD ("%s", src);
      if (audio)
        {
          ADD ("-f"); ADD ("lavfi"); ADD ("-i"); ADD ("%s", asrc);
          ADD ("-ac"); ADD ("2");
        }
      ADD ("-pix_fmt"); ADD ("yuv420p");
      if (g_str_equal (ext, "webm"))
        {
          ADD ("-c:v"); ADD ("libvpx-vp9"); ADD ("-deadline"); ADD ("realtime");
          ADD ("-cpu-used"); ADD ("8"); ADD ("-threads"); ADD ("2"); ADD ("-row-mt"); ADD ("1");
          ADD ("-tile-columns"); ADD ("2"); ADD ("-lag-in-frames"); ADD ("0");
          ADD ("-b:v"); ADD ("%uk", kbps); ADD ("-g"); ADD ("%d", fps * 2);
          if (audio)
            {
              ADD ("-c:a"); ADD ("libopus");
            }
        }
      else
        {
          ADD ("-c:v"); ADD ("libx264"); ADD ("-preset"); ADD ("veryfast"); ADD ("-tune"); ADD ("zerolatency");
          ADD ("-threads"); ADD ("2");
          ADD ("-b:v"); ADD ("%uk", kbps); ADD ("-g"); ADD ("%d", fps * 2);
          if (audio)
            {
              ADD ("-c:a"); ADD ("aac");
            }
        }
      ADD ("%s", path);
      g_ptr_array_add (argv, NULL);
#undef ADD

      start = g_get_monotonic_time ();
      if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         NULL, NULL, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("ffmpeg (%s): %s\n", ext, error->message);
          return -1;
        }
      elapsed = (g_get_monotonic_time () - start) / 1e6;
      g_unlink (path);
      if (best < 0 || elapsed < best)
        best = elapsed;
    }
  return best;
}

static void
report (const char *label,
        double      sketch,
        double      reference)
{
  g_print ("%-22s", label);
  if (sketch > 0)
    g_print ("  sketch %6.2f s  %5.1fx real time", sketch, seconds / sketch);
  else
    g_print ("  sketch      n/a                  ");
  if (reference > 0)
    g_print ("   |  ffmpeg %6.2f s  %5.1fx real time", reference, seconds / reference);
  else
    g_print ("   |  ffmpeg      n/a");
  g_print ("\n");
}

int
main (int    argc,
      char **argv)
{
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per measurement (best is kept)", "N" },
    { "audio", 0, 0, G_OPTION_ARG_NONE, &audio, "Include the audio bed", NULL },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, "Length", "S" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, "Width", "W" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, "Height", "H" },
    { "fps", 0, 0, G_OPTION_ARG_INT, &fps, "Frame rate", "F" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- Sketch render speed");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gst_init_get_option_group ());
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  gst_init (&argc, &argv);

  if (!(dir = g_dir_make_tmp ("rushes-bench-XXXXXX", &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print ("Sketch benchmark: %g s, %dx%d, %d fps%s, best of %d, %u cores\n",
           seconds, width, height, fps, audio ? ", audio" : "", runs, g_get_num_processors ());
  report ("WebM (VP9 rt, cpu 8)", time_sketch (dir, "webm"), time_ffmpeg (dir, "webm"));
  if (rushes_sketch_can_encode_mp4 ())
    report ("MP4 (H.264 vf, 0-lat)", time_sketch (dir, "mp4"), time_ffmpeg (dir, "mp4"));
  g_print ("goal: sketch WebM >= 4x real time on 2 cores\n");

  g_rmdir (dir);
  return 0;
}
