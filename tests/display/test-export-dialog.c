/* test-export-dialog.c: the export dialog drives a real export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rushes-export-dialog.h"
#include "rushes-resources.h"
#include "rushes-exporter.h"
#include "rushes-timeline.h"

static char *clip_path;

static void
make_clip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rushes-dialog-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  clip_path = g_build_filename (dir, "take.mp4", NULL);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "ffmpeg", "-v", "error", "-y",
                           "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
                           "-f", "lavfi", "-i", "sine=duration=2",
                           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                           "-c:a", "aac", "-shortest", clip_path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
}

static RushesProject *
make_project (guint n)
{
  RushesProject *project = rushes_project_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file (clip_path, &error);

      g_assert_no_error (error);
      rushes_project_append_clip (project, clip);
    }
  return project;
}

static char *
out_dir (void)
{
  char *dir = g_build_filename (g_get_user_cache_dir (), "out", NULL);

  g_mkdir_with_parents (dir, 0700);
  return dir;
}

static void
wait_until_done (RushesExportDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (rushes_export_dialog_get_running (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (rushes_export_dialog_get_running (dialog));
}

static void
test_presets_offered (void)
{
  g_autoptr(RushesProject) project = make_project (1);
  RushesExportDialog *dialog = rushes_export_dialog_new (NULL, project);
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                   RUSHES_TYPE_EXPORT_DIALOG, "preset_row"));
  guint available = 0;
  const char *path;

  for (RushesExportPreset p = RUSHES_EXPORT_PRESET_WEBM; p <= RUSHES_EXPORT_PRESET_PRORES; p++)
    available += rushes_export_preset_is_available (p);
  /* the encodable presets, then the two hand-off formats */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, available + 2);
  /* WebM is first and the default */
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  path = rushes_export_dialog_get_output_path (dialog);
  g_assert_true (g_str_has_suffix (path, ".webm"));

  /* the file name follows the format */
  if (available > 1)
    {
      adw_combo_row_set_selected (row, 1);
      g_assert_false (g_str_has_suffix (rushes_export_dialog_get_output_path (dialog), ".webm"));
      g_assert_true (g_str_has_suffix (rushes_export_dialog_get_output_path (dialog), ".mp4") ||
                     g_str_has_suffix (rushes_export_dialog_get_output_path (dialog), ".mov"));
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_export (void)
{
  g_autoptr(RushesProject) project = make_project (2);
  RushesExportDialog *dialog = rushes_export_dialog_new (NULL, project);
  g_autofree char *dir = out_dir ();
  g_autofree char *path = g_build_filename (dir, "dialog.webm", NULL);
  GtkProgressBar *bar = GTK_PROGRESS_BAR (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                          RUSHES_TYPE_EXPORT_DIALOG, "progress_bar"));
  GtkSwitch *recipes = GTK_SWITCH (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                  RUSHES_TYPE_EXPORT_DIALOG, "recipes_switch"));

  gtk_switch_set_active (recipes, TRUE);
  rushes_export_dialog_set_output_path (dialog, path);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  g_assert_true (rushes_export_dialog_get_running (dialog));
  wait_until_done (dialog);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), ==, 1.0);
  /* the choices are kept in the project */
  g_assert_cmpstr (rushes_project_get_export_preset (project), ==, "webm");
  g_assert_true (rushes_project_get_export_recipes (project));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The hand-off formats write the edit itself, with no resolution or quality */
static void
test_handoff (void)
{
  g_autoptr(RushesProject) project = make_project (2);
  RushesExportDialog *dialog = rushes_export_dialog_new (NULL, project);
  AdwComboRow *row = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                   RUSHES_TYPE_EXPORT_DIALOG, "preset_row"));
  GtkWidget *quality = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                  RUSHES_TYPE_EXPORT_DIALOG, "quality_row"));
  GListModel *model = adw_combo_row_get_model (row);
  guint n = g_list_model_get_n_items (model);
  g_autofree char *dir = out_dir ();
  g_autofree char *path = g_build_filename (dir, "dialog.webm", NULL);
  g_autofree char *text = NULL;
  g_autofree char *mlt = NULL;
  g_autofree char *otio = NULL;

  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 2), ==, "Kdenlive/Shotcut (MLT)");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), n - 1), ==, "OpenTimelineIO");
  rushes_export_dialog_set_output_path (dialog, path);
  gtk_window_present (GTK_WINDOW (dialog));

  adw_combo_row_set_selected (row, n - 2);
  mlt = g_strdup (rushes_export_dialog_get_output_path (dialog));
  g_assert_true (g_str_has_suffix (mlt, "/dialog.mlt"));
  g_assert_false (gtk_widget_get_visible (quality));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  g_assert_false (rushes_export_dialog_get_running (dialog));
  g_assert_true (g_file_get_contents (mlt, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "<mlt "));
  g_assert_nonnull (strstr (text, clip_path));
  g_clear_pointer (&text, g_free);

  adw_combo_row_set_selected (row, n - 1);
  otio = g_strdup (rushes_export_dialog_get_output_path (dialog));
  g_assert_true (g_str_has_suffix (otio, "/dialog.otio"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.start", NULL));
  g_assert_true (g_file_get_contents (otio, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"Timeline.1\""));
  /* the project's export preset is not a hand-off format */
  g_assert_cmpstr (rushes_project_get_export_preset (project), ==, "webm");

  /* back to a video format: its settings come back */
  adw_combo_row_set_selected (row, 0);
  g_assert_true (gtk_widget_get_visible (quality));
  g_assert_true (g_str_has_suffix (rushes_export_dialog_get_output_path (dialog), "/dialog.webm"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
progress_cb (GtkProgressBar     *bar,
             GParamSpec         *pspec,
             RushesExportDialog *dialog)
{
  double p = gtk_progress_bar_get_fraction (bar);

  /* Cancel in the middle, as the user would */
  if (p > 0 && p < 1 && rushes_export_dialog_get_running (dialog))
    gtk_widget_activate_action (GTK_WIDGET (dialog), "export.cancel", NULL);
}

static void
test_cancel (void)
{
  g_autoptr(RushesProject) project = make_project (8);
  RushesExportDialog *dialog = rushes_export_dialog_new (NULL, project);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cancel", NULL);
  g_autofree char *path = g_build_filename (dir, "cancelled.webm", NULL);
  AdwComboRow *res = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                   RUSHES_TYPE_EXPORT_DIALOG, "resolution_row"));
  g_autoptr(GDir) d = NULL;

  g_mkdir_with_parents (dir, 0700);
  adw_combo_row_set_selected (res, 1);  /* 1080p: slow enough to cancel midway */
  rushes_export_dialog_set_output_path (dialog, path);
  g_signal_connect (gtk_widget_get_template_child (GTK_WIDGET (dialog), RUSHES_TYPE_EXPORT_DIALOG, "progress_bar"),
                    "notify::fraction", G_CALLBACK (progress_cb), dialog);
  rushes_export_dialog_start (dialog);
  wait_until_done (dialog);

  /* nothing left behind, not even the temporary file */
  d = g_dir_open (dir, 0, NULL);
  g_assert_null (g_dir_read_name (d));
  g_assert_cmpstr (rushes_project_get_export_resolution (project), ==, "1080p");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  /* pulls the GResource (and its registering constructor) out of the static library */
  g_assert_nonnull (rushes_get_resource ());
  gst_init (&argc, &argv);
  g_assert_true (rushes_timeline_ensure_init (NULL));
  make_clip ();

  g_test_add_func ("/export-dialog/presets-offered", test_presets_offered);
  g_test_add_func ("/export-dialog/handoff", test_handoff);
  g_test_add_func ("/export-dialog/export", test_export);
  g_test_add_func ("/export-dialog/cancel", test_cancel);

  ret = g_test_run ();
  {
    g_autofree char *dir = g_path_get_dirname (clip_path);

    g_unlink (clip_path);
    g_rmdir (dir);
  }
  return ret;
}
