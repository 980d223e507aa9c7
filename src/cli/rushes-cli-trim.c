/* rushes-cli-trim.c: `rushes trim INPUT --in T --out T --mode exact|lossless --output PATH`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps [in, out) of INPUT in a new file; INPUT is never changed. Progress
 * goes to stderr, the kept range to stdout.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-cli.h"
#include "rushes-trimmer.h"

typedef struct
{
  GMainLoop *loop;
  GError *error;
  gboolean ok;
  gboolean tty;
} TrimRun;

static void
progress_cb (RushesTrimmer *trimmer,
             GParamSpec    *pspec,
             TrimRun       *run)
{
  if (run->tty)
    fprintf (stderr, "\r%s %3.0f%%", _("Trimming"), 100.0 * rushes_trimmer_get_progress (trimmer));
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TrimRun *run = user_data;

  run->ok = rushes_trimmer_run_finish (RUSHES_TRIMMER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

/* the nominal frame rate, for "105f" */
static gboolean
probe_frame_rate (GFile *file,
                  int   *fps_n,
                  int   *fps_d)
{
  g_autoptr(GstDiscoverer) discoverer = gst_discoverer_new (10 * GST_SECOND, NULL);
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autofree char *uri = g_file_get_uri (file);
  GList *streams;

  *fps_n = *fps_d = 0;
  if (discoverer == NULL)
    return FALSE;
  info = gst_discoverer_discover_uri (discoverer, uri, NULL);
  if (info == NULL)
    return FALSE;
  streams = gst_discoverer_info_get_video_streams (info);
  if (streams != NULL)
    {
      GstDiscovererVideoInfo *v = streams->data;

      *fps_n = gst_discoverer_video_info_get_framerate_num (v);
      *fps_d = gst_discoverer_video_info_get_framerate_denom (v);
    }
  gst_discoverer_stream_info_list_free (streams);
  return *fps_n > 0 && *fps_d > 0;
}

static gboolean
needs_frame_rate (const char *t)
{
  g_autofree char *s = g_strstrip (g_strdup (t));

  return g_str_has_suffix (s, "f");
}

int
rushes_cli_trim (int    argc,
                 char **argv)
{
  g_autofree char *in_text = NULL;
  g_autofree char *out_text = NULL;
  g_autofree char *mode_text = NULL;
  g_autofree char *output_path = NULL;
  g_auto(GStrv) inputs = NULL;
  gboolean quiet = FALSE;
  gboolean overwrite = FALSE;
  const GOptionEntry entries[] = {
    { "in", 0, 0, G_OPTION_ARG_STRING, &in_text, N_("First kept time: seconds (3.5), timecode (00:00:03.500) or frame (105f)"), "T" },
    { "out", 0, 0, G_OPTION_ARG_STRING, &out_text, N_("End of the kept range (not included)"), "T" },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &mode_text, N_("exact (default) or lossless (cuts snap to keyframes)"), "MODE" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path, N_("The new file (.mp4, .mov, .webm or .mkv)"), "PATH" },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the output if it exists"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("No progress"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, N_("INPUT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("INPUT — trim a take into a new take"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(RushesTrimmer) trimmer = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(RushesOutputLock) lock = NULL;
  int ret = RUSHES_EXIT_OK;
  RushesTrimMode mode = RUSHES_TRIM_MODE_EXACT;
  GstClockTime in = 0, out = 0;
  int fps_n = 0, fps_d = 0;
  TrimRun run = { 0 };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Keeps [in, out) of INPUT in a new take; INPUT is never changed."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "rushes trim: %s\n", error->message);
      return RUSHES_EXIT_USAGE;
    }
  if (inputs == NULL || inputs[0] == NULL || inputs[1] != NULL || in_text == NULL || out_text == NULL || output_path == NULL)
    {
      fprintf (stderr, "rushes trim: %s\n",
               _("usage: rushes trim INPUT --in T --out T [--mode exact|lossless] --output PATH [--overwrite]"));
      return RUSHES_EXIT_USAGE;
    }
  if (mode_text != NULL)
    {
      if (g_str_equal (mode_text, "exact"))
        mode = RUSHES_TRIM_MODE_EXACT;
      else if (g_str_equal (mode_text, "lossless"))
        mode = RUSHES_TRIM_MODE_LOSSLESS;
      else
        {
          fprintf (stderr, "rushes trim: %s\n", _("--mode must be “exact” or “lossless”"));
          return RUSHES_EXIT_USAGE;
        }
    }

  input = g_file_new_for_commandline_arg (inputs[0]);
  output = g_file_new_for_commandline_arg (output_path);
  if (!g_file_query_exists (input, NULL))
    {
      fprintf (stderr, "rushes trim: %s: %s\n", inputs[0], _("no such file"));
      return RUSHES_EXIT_FAILED;
    }

  if ((needs_frame_rate (in_text) || needs_frame_rate (out_text)) && !probe_frame_rate (input, &fps_n, &fps_d))
    {
      fprintf (stderr, "rushes trim: %s: %s\n", inputs[0], _("frame numbers need a known frame rate"));
      return RUSHES_EXIT_FAILED;
    }
  if (!rushes_trim_parse_time (in_text, fps_n, fps_d, &in, &error) ||
      !rushes_trim_parse_time (out_text, fps_n, fps_d, &out, &error))
    {
      fprintf (stderr, "rushes trim: %s\n", error->message);
      return RUSHES_EXIT_USAGE;
    }
  if (in >= out)
    {
      fprintf (stderr, "rushes trim: %s\n", _("--out must come after --in"));
      return RUSHES_EXIT_USAGE;
    }

  /* ours alone until done: an existing file only with --overwrite */
  lock = rushes_cli_claim_output ("trim", g_file_peek_path (output), overwrite, &ret);
  if (lock == NULL)
    return ret;

  trimmer = rushes_trimmer_new (input, output, mode, in, out);
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.tty = !quiet && isatty (fileno (stderr));
  g_signal_connect (trimmer, "notify::progress", G_CALLBACK (progress_cb), &run);
  rushes_trimmer_run_async (trimmer, NULL, run_done_cb, &run);
  g_main_loop_run (loop);
  if (run.tty)
    fprintf (stderr, "\n");

  if (!run.ok)
    {
      fprintf (stderr, "rushes trim: %s\n", run.error->message);
      g_clear_error (&run.error);
      return RUSHES_EXIT_FAILED;
    }

  /* what the new file holds, never more */
  printf ("%s: %.6f–%.6f s%s\n", _("Kept"),
          (double) rushes_trimmer_get_kept_in (trimmer) / GST_SECOND,
          (double) rushes_trimmer_get_kept_out (trimmer) / GST_SECOND,
          rushes_trimmer_get_source_ended (trimmer) ? _(" (the file ends there)") : "");
  return RUSHES_EXIT_OK;
}
