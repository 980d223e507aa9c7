/* rushes-cli-export.c: `rushes export`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes export (PROJECT.rushes | --clip PATH[@IN-OUT] …) --preset webm|mp4|prores
 *               --output PATH [--resolution project|1080p|720p]
 *               [--quality low|medium|high] [--recipes] [--overwrite]
 *
 * Runs the same exporter as the window on a GMainLoop; no display needed.
 * An --output ending in .mlt or .otio writes the hand-off file (MLT XML
 * for Kdenlive/Shotcut/melt, OpenTimelineIO) instead of rendering.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"
#include "rushes-exporter.h"
#include "rushes-handoff.h"
#include "rushes-timeline-ges.h"

typedef struct
{
  GMainLoop      *loop;
  RushesExporter *exporter;
  GError         *error;
  gboolean        tty;
  int             last_tenth;
} ExportRun;

static gboolean
parse_seconds (const char *text,
               gint64     *out)
{
  char *end = NULL;
  double v;

  if (text == NULL || *text == '\0')
    return FALSE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= 0) || v > 24 * 3600)
    return FALSE;
  *out = (gint64) (v * 1e9 + 0.5);
  return TRUE;
}

/* PATH[@IN-OUT]: the last '@' splits, so paths may contain '@' when a range is given */
static RushesTimelineClip *
clip_from_arg (const char  *arg,
               GError     **error,
               gboolean    *usage)
{
  g_autofree char *path = g_strdup (arg);
  char *at = strrchr (path, '@');
  RushesTimelineClip *clip;
  gint64 in = 0, out = -1;

  *usage = FALSE;
  if (at && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_auto(GStrv) range = g_strsplit (at + 1, "-", 2);

      *at = '\0';
      if (g_strv_length (range) != 2 ||
          (*range[0] && !parse_seconds (range[0], &in)) ||
          (*range[1] && !parse_seconds (range[1], &out)) ||
          (out >= 0 && out <= in))
        {
          *usage = TRUE;
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s”: a range is IN-OUT in seconds with IN before OUT, e.g. clip.webm@1.5-4"), arg);
          return NULL;
        }
    }
  /* GstDiscoverer, not GES: a plain cut of clips in one format exports
   * through the direct pipeline, which needs no GES (nor the Python GES
   * starts); anything else brings GES up in the exporter, which then
   * looks at the files again */
  clip = rushes_timeline_clip_new_for_file (path, error);
  if (clip == NULL)
    return NULL;
  if (out < 0)
    out = rushes_timeline_clip_get_media_duration (clip);
  if (in >= rushes_timeline_clip_get_media_duration (clip))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s”: the range starts after the end of the clip (%.2f s)"), arg,
                   rushes_timeline_clip_get_media_duration (clip) / 1e9);
      g_object_unref (clip);
      return NULL;
    }
  rushes_timeline_clip_set_range (clip, in, out);
  return clip;
}

/* One line per tenth done (overwritten in place on a terminal) */
static void
progress_cb (RushesExporter *exporter,
             GParamSpec     *pspec,
             ExportRun      *run)
{
  double progress = rushes_exporter_get_progress (exporter);
  gint64 eta = rushes_exporter_get_eta (exporter);
  int tenth = (int) (progress * 10);

  if (tenth <= run->last_tenth)
    return;
  run->last_tenth = tenth;
  if (eta >= 0 && progress < 1.0)
    fprintf (stderr, "%s%s %3d%% (%s %" G_GINT64_FORMAT " s)%s", run->tty ? "\r" : "",
             _("Exporting"), (int) (progress * 100), _("ETA"), eta, run->tty ? "" : "\n");
  else
    fprintf (stderr, "%s%s %3d%%%s", run->tty ? "\r" : "", _("Exporting"),
             (int) (progress * 100), run->tty ? "" : "\n");
  fflush (stderr);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  ExportRun *run = data;

  rushes_exporter_export_finish (RUSHES_EXPORTER (source), result, &run->error);
  g_main_loop_quit (run->loop);
}

int
rushes_cli_export (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = NULL;
  g_autoptr(RushesExporter) exporter = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_auto(GStrv) clips = NULL;
  g_autofree char *preset_id = NULL;
  g_autofree char *output = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *quality_id = NULL;
  g_autofree char *absolute_output = NULL;
  gboolean recipes = FALSE;
  gboolean overwrite = FALSE;
  g_autoptr(RushesOutputLock) lock = NULL;
  int ret = RUSHES_EXIT_OK;
  RushesExportPreset preset = RUSHES_EXPORT_PRESET_WEBM;
  ExportRun run = { 0 };
  const GOptionEntry entries[] = {
    { "clip", 'c', 0, G_OPTION_ARG_FILENAME_ARRAY, &clips, N_("A clip, optionally trimmed (seconds)"), N_("PATH[@IN-OUT]") },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset_id, N_("webm (default), mp4 or prores"), N_("PRESET") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write; .mlt (Kdenlive, Shotcut) or .otio (OpenTimelineIO) hands the edit on instead of rendering it"), N_("PATH") },
    { "resolution", 'r', 0, G_OPTION_ARG_STRING, &resolution, N_("project (default), 1080p or 720p"), N_("SIZE") },
    { "quality", 'q', 0, G_OPTION_ARG_STRING, &quality_id, N_("low, medium or high (default)"), N_("QUALITY") },
    { "recipes", 0, 0, G_OPTION_ARG_NONE, &recipes, N_("Put the clips’ recipes into the file’s metadata"), NULL },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite, N_("Replace the output if it exists"), NULL },
    { NULL }
  };

  g_set_prgname ("rushes export");
  context = g_option_context_new (_("[PROJECT.rushes] — export a project or clips to a finished file"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Give either a project file or one or more --clip options. Progress goes to stderr.\n"
      "Exit status: 0 done, 1 failed, 2 bad usage."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "rushes export: %s\n", error->message);
      return RUSHES_EXIT_USAGE;
    }

  if ((argc > 2) || (argc == 2 && clips) || (argc < 2 && !clips))
    {
      fprintf (stderr, "rushes export: %s\n",
               _("give one project file or --clip options (not both)"));
      return RUSHES_EXIT_USAGE;
    }
  if (output == NULL)
    {
      fprintf (stderr, "rushes export: %s\n", _("--output is required"));
      return RUSHES_EXIT_USAGE;
    }
  if (preset_id && !rushes_export_preset_from_string (preset_id, &preset))
    {
      fprintf (stderr, "rushes export: %s “%s” (webm, mp4, prores)\n", _("unknown preset"), preset_id);
      return RUSHES_EXIT_USAGE;
    }
  {
    guint h;
    RushesExportQuality q;

    if (resolution && !rushes_export_resolution_from_string (resolution, &h))
      {
        fprintf (stderr, "rushes export: %s “%s” (project, 1080p, 720p)\n", _("unknown resolution"), resolution);
        return RUSHES_EXIT_USAGE;
      }
    if (quality_id && !rushes_export_quality_from_string (quality_id, &q))
      {
        fprintf (stderr, "rushes export: %s “%s” (low, medium, high)\n", _("unknown quality"), quality_id);
        return RUSHES_EXIT_USAGE;
      }
  }

  /* ours alone until done: an existing file only with --overwrite */
  absolute_output = g_canonicalize_filename (output, NULL);
  lock = rushes_cli_claim_output ("export", absolute_output, overwrite, &ret);
  if (lock == NULL)
    return ret;

  if (argc == 2)
    {
      project = rushes_project_load (argv[1], &error);
      if (project == NULL)
        {
          fprintf (stderr, "rushes export: %s: %s\n", argv[1], error->message);
          return RUSHES_EXIT_FAILED;
        }
    }
  else
    {
      project = rushes_project_new ();
      for (guint i = 0; clips[i]; i++)
        {
          gboolean usage = FALSE;
          g_autoptr(RushesTimelineClip) clip = clip_from_arg (clips[i], &error, &usage);

          if (clip == NULL)
            {
              fprintf (stderr, "rushes export: %s\n", error->message);
              return usage ? RUSHES_EXIT_USAGE : RUSHES_EXIT_FAILED;
            }
          rushes_project_append_clip (project, clip);
        }
    }

  if (rushes_handoff_is_handoff_path (output))
    {
      const char * const *problems = rushes_project_get_load_problems (project);

      for (guint i = 0; problems && problems[i]; i++)
        fprintf (stderr, "rushes export: %s\n", problems[i]);
      if (!rushes_handoff_write (project, absolute_output, &error))
        {
          fprintf (stderr, "rushes export: %s\n", error->message);
          return RUSHES_EXIT_FAILED;
        }
      fprintf (stderr, "%s %s\n", _("Wrote"), absolute_output);
      return RUSHES_EXIT_OK;
    }

  if (preset_id == NULL && argc == 2)
    rushes_export_preset_from_string (rushes_project_get_export_preset (project), &preset);
  if (resolution)
    rushes_project_set_export_resolution (project, resolution);
  if (quality_id)
    rushes_project_set_export_quality (project, quality_id);
  if (recipes)
    rushes_project_set_export_recipes (project, TRUE);

  exporter = rushes_exporter_new (project);
  rushes_exporter_set_preset (exporter, preset);
  if (!rushes_export_preset_is_available (preset))
    {
      fprintf (stderr, "rushes export: %s %s\n", _("this system has no encoder for"),
               rushes_export_preset_get_title (preset));
      return RUSHES_EXIT_FAILED;
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.exporter = exporter;
  run.tty = isatty (STDERR_FILENO);
  run.last_tenth = -1;
  g_signal_connect (exporter, "notify::progress", G_CALLBACK (progress_cb), &run);
  rushes_exporter_export_async (exporter, output, NULL, export_done_cb, &run);
  g_main_loop_run (loop);

  if (run.error)
    {
      fprintf (stderr, "%srushes export: %s\n", run.tty ? "\n" : "", run.error->message);
      g_error_free (run.error);
      return RUSHES_EXIT_FAILED;
    }
  fprintf (stderr, "%s%s %s\n", run.tty ? "\r" : "", _("Exported"), absolute_output);
  return RUSHES_EXIT_OK;
}
