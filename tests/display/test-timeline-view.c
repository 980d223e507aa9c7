/* test-timeline-view.c: the timeline view's geometry, actions and drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"

#define S RUSHES_SECOND

static char *
make_file (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "media", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "not media", -1, NULL));
  return path;
}

static RushesProject *
make_project (void)
{
  RushesProject *project = rushes_project_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("take%u.webm", i);
      g_autofree char *path = make_file (name);
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new (path, 2 * S);

      rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
      rushes_timeline_clip_set_has_audio (clip, i != 1);
      rushes_project_append_clip (project, clip);
    }
  return project;
}

static void
render (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
}

static void
test_geometry (void)
{
  g_autoptr(RushesProject) project = make_project ();
  RushesTimelineView *view = g_object_ref_sink (RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ()));
  int natural;

  rushes_timeline_view_set_project (view, project);
  rushes_timeline_view_set_zoom (view, 100);
  g_assert_cmpfloat (rushes_timeline_view_get_zoom (view), ==, 100);
  /* round trip between time and pixels */
  g_assert_cmpint (rushes_timeline_view_x_to_time (view, rushes_timeline_view_time_to_x (view, 3 * S)), ==, 3 * S);
  g_assert_cmpfloat (rushes_timeline_view_time_to_x (view, 2 * S) - rushes_timeline_view_time_to_x (view, S), ==, 100);
  /* drops land between clips: before clip 1 when left of its middle */
  g_assert_cmpuint (rushes_timeline_view_drop_index_at (view, rushes_timeline_view_time_to_x (view, S / 2)), ==, 0);
  g_assert_cmpuint (rushes_timeline_view_drop_index_at (view, rushes_timeline_view_time_to_x (view, 2 * S + S / 2)), ==, 1);
  g_assert_cmpuint (rushes_timeline_view_drop_index_at (view, rushes_timeline_view_time_to_x (view, 6 * S)), ==, 3);
  /* the widget is as wide as the sequence */
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, >=, 600);
  rushes_timeline_view_set_zoom (view, 50);
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  g_assert_cmpint (natural, <, 600);
  g_object_unref (view);
}

static void
test_actions (void)
{
  g_autoptr(RushesProject) project = make_project ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = rushes_timeline_view_new ();
  RushesTimelineView *view = RUSHES_TIMELINE_VIEW (widget);
  g_autofree char *initial = NULL;
  g_autofree char *json = NULL;
  double zoom;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  rushes_timeline_view_set_project (view, project);
  gtk_window_present (GTK_WINDOW (window));
  rushes_undo_stack_clear (rushes_project_get_undo_stack (project));
  initial = rushes_project_to_json (project);

  /* the playhead is clamped to the sequence */
  rushes_timeline_view_set_position (view, 100 * S);
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, 6 * S);

  /* S: split at the playhead */
  rushes_timeline_view_set_position (view, 3 * S);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.split", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 4);

  /* Ctrl+Z / Ctrl+Shift+Z */
  g_assert_true (gtk_widget_activate_action (widget, "timeline.undo", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.redo", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 4);

  /* Delete: the clip under the playhead (second half of take1), ripple */
  g_assert_true (gtk_widget_activate_action (widget, "timeline.delete", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 5 * S);

  /* frame steps, seconds, home and end */
  rushes_timeline_view_set_position (view, S);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.step", "i", 1));
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, S + S / 25);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.step-seconds", "i", -1));
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, S / 25);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.end", NULL));
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, 5 * S);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.home", NULL));
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, 0);

  /* ] trims the current clip's end to the playhead (ripple) */
  rushes_timeline_view_set_position (view, S / 2);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.trim-end", NULL));
  g_assert_cmpint (rushes_timeline_clip_get_out_point (rushes_project_get_clip (project, 0)), ==, S / 2);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 3 * S + S / 2);

  /* Up/Down select (from the clip under the playhead), Alt+Right moves it */
  rushes_timeline_view_set_position (view, 0);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.select", "i", 1));
  g_assert_cmpuint (rushes_timeline_view_get_selected (view), ==, 1);
  {
    RushesTimelineClip *moving = rushes_project_get_clip (project, 1);

    g_assert_true (gtk_widget_activate_action (widget, "timeline.move-clip", "i", 1));
    g_assert_true (rushes_project_get_clip (project, 2) == moving);
    g_assert_cmpuint (rushes_timeline_view_get_selected (view), ==, 2);
  }

  /* + and − zoom */
  zoom = rushes_timeline_view_get_zoom (view);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.zoom-in", NULL));
  g_assert_cmpfloat (rushes_timeline_view_get_zoom (view), >, zoom);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.zoom-out", NULL));
  g_assert_cmpfloat_with_epsilon (rushes_timeline_view_get_zoom (view), zoom, 1e-9);

  /* every edit above undoes back to the start */
  while (rushes_project_undo (project))
    ;
  json = rushes_project_to_json (project);
  g_assert_cmpstr (json, ==, initial);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_drawing_states (void)
{
  g_autoptr(RushesProject) project = make_project ();
  g_autoptr(RushesTimelineClip) placeholder = rushes_timeline_clip_new_placeholder ("job-9", "Dawn", 2 * S);
  RushesTimelineView *view = g_object_ref_sink (RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ()));
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = make_file ("notes.txt");
  GSList files = { NULL, NULL };

  rushes_project_append_clip (project, placeholder);
  rushes_timeline_clip_set_offline (rushes_project_get_clip (project, 0), TRUE);
  rushes_timeline_view_set_project (view, project);
  rushes_timeline_view_set_selected (view, 1);
  rushes_project_set_placeholder_progress (project, "job-9", 0.4);
  render (GTK_WIDGET (view));
  rushes_project_fill_placeholder (project, "job-9", bad, 3 * S);
  render (GTK_WIDGET (view));

  /* a dropped file that is not a video is refused with a message */
  files.data = g_file_new_for_path (bad);
  g_assert_false (rushes_timeline_view_add_files (view, &files, 0, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 4);
  g_object_unref (files.data);
  g_object_unref (view);
}

static void
test_playhead_follows_preview (void)
{
  g_autoptr(RushesProject) project = make_project ();
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  RushesTimelineView *view = g_object_ref_sink (RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ()));
  GESPipeline *pipeline = rushes_timeline_get_pipeline (timeline);

  ges_pipeline_preview_set_video_sink (pipeline, gst_element_factory_make ("fakesink", NULL));
  ges_pipeline_preview_set_audio_sink (pipeline, gst_element_factory_make ("fakesink", NULL));
  rushes_timeline_view_set_timeline (view, timeline);
  g_assert_true (rushes_timeline_view_get_project (view) == project);

  /* moving the playhead seeks the preview… */
  rushes_timeline_view_set_position (view, 2 * S);
  g_assert_cmpint (rushes_timeline_get_position (timeline), ==, 2 * S);
  /* …and the preview's position moves the playhead */
  g_object_set (timeline, "position", (gint64) (4 * S), NULL);
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, 4 * S);

  rushes_timeline_view_set_timeline (view, NULL);
  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  gst_init (&argc, &argv);
  g_assert_true (rushes_timeline_ensure_init (NULL));

  g_test_add_func ("/timeline-view/geometry", test_geometry);
  g_test_add_func ("/timeline-view/keyboard-actions", test_actions);
  g_test_add_func ("/timeline-view/drawing-states", test_drawing_states);
  g_test_add_func ("/timeline-view/playhead-follows-preview", test_playhead_follows_preview);

  return g_test_run ();
}
