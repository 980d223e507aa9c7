/* test-timeline-view.c: the timeline view's geometry, actions and drawing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"
#include "test-timeline-view-util.h"

static RushesProject *
make_project (void)
{
  RushesProject *project = rushes_project_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("take%u.webm", i);
      g_autofree char *path = tvt_make_file (name);
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new (path, 2 * S);

      rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
      rushes_timeline_clip_set_has_audio (clip, i != 1);
      rushes_project_append_clip (project, clip);
    }
  return project;
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

  /* the playhead lands on whole frames, and is clamped to the sequence */
  rushes_timeline_view_set_position (view, S / 25 + 1000);
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, S / 25);
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

  /* Delete lifts the clip under the playhead (second half of take1) out:
   * its place stays empty; undone, Shift+Delete closes the gap (ripple) */
  g_assert_true (gtk_widget_activate_action (widget, "timeline.delete", NULL));
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 6 * S);
  g_assert_cmpint (rushes_project_get_clip_start (project, 2), ==, 4 * S);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.undo", NULL));
  g_assert_true (gtk_widget_activate_action (widget, "timeline.ripple-delete", NULL));
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

  /* ] trims the current clip's end to the playhead, leaving a gap */
  rushes_timeline_view_set_position (view, 12 * S / 25);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.trim-end", NULL));
  g_assert_cmpint (rushes_timeline_clip_get_out_point (rushes_project_get_clip (project, 0)), ==, 12 * S / 25);
  g_assert_cmpint (rushes_project_get_clip_start (project, 1), ==, 2 * S);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 5 * S);
  /* [ trims its start to the playhead: the clip now starts there */
  rushes_timeline_view_set_position (view, 4 * S / 25);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.trim-start", NULL));
  g_assert_cmpint (rushes_timeline_clip_get_in_point (rushes_project_get_clip (project, 0)), ==, 4 * S / 25);
  g_assert_cmpint (rushes_timeline_clip_get_start (rushes_project_get_clip (project, 0)), ==, 4 * S / 25);

  /* Up/Down select (from the clip under the playhead); move-clip swaps it with the next */
  rushes_timeline_view_set_position (view, S / 5);
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
  g_autofree char *bad = tvt_make_file ("notes.txt");
  GSList files = { NULL, NULL };

  rushes_project_append_clip (project, placeholder);
  rushes_timeline_clip_set_offline (rushes_project_get_clip (project, 0), TRUE);
  rushes_timeline_view_set_project (view, project);
  rushes_timeline_view_set_selected (view, 1);
  rushes_project_set_placeholder_progress (project, "job-9", 0.4);
  tvt_render (GTK_WIDGET (view));
  rushes_project_fill_placeholder (project, "job-9", bad, 3 * S);
  tvt_render (GTK_WIDGET (view));

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

static void
store_message_cb (char      **out,
                     const char *message)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
test_pointer_edits (void)
{
  g_autoptr(RushesProject) project = make_project ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = rushes_timeline_view_new ();
  RushesTimelineView *view = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *first;
  double x, y, h;

  gtk_window_set_child (GTK_WINDOW (window), widget);
  rushes_timeline_view_set_project (view, project);
  rushes_timeline_view_set_zoom (view, 100);  /* 100 px per second */
  gtk_window_present (GTK_WINDOW (window));
  first = rushes_project_get_clip (project, 0);
  g_assert_true (rushes_timeline_view_get_track_area (view, 0, &y, &h));
  y += h / 2;

  /* clicking the ruler moves the playhead; dragging scrubs it */
  tvt_drag (widget, rushes_timeline_view_time_to_x (view, 3 * S), 5, 0, 0);
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, 3 * S);
  tvt_drag (widget, rushes_timeline_view_time_to_x (view, S), 5, 148, 0);
  g_assert_cmpint (rushes_timeline_view_get_position (view), ==, S + 37 * S / 25);

  /* dragging the first clip's right edge 49 px left trims 0.49 s, snapped
   * to whole frames at 25 fps (12 frames, 0.48 s); the next clip stays */
  x = rushes_timeline_view_time_to_x (view, 2 * S) - 2;
  tvt_drag (widget, x, y, -49, 0);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (first), ==, 2 * S - 12 * S / 25);
  g_assert_cmpint (rushes_project_get_clip_start (project, 1), ==, 2 * S);
  /* and its left edge 29 px right: 0.29 s → 7 frames, the clip starts there */
  tvt_drag (widget, rushes_timeline_view_time_to_x (view, 0) + 2, y, 29, 0);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (first), ==, 7 * S / 25);
  g_assert_cmpint (rushes_timeline_clip_get_start (first), ==, 7 * S / 25);
  /* a click selects */
  tvt_drag (widget, rushes_timeline_view_time_to_x (view, S), y, 0, 0);
  g_assert_true (rushes_timeline_view_get_selected_clip (view) == first);
  g_assert_cmpuint (rushes_timeline_view_get_selected (view), ==, 0);

  /* each gesture was one undo step: two undos restore the trims */
  for (guint i = 0; i < 2; i++)
    g_assert_true (rushes_project_undo (project));
  g_assert_cmpint (rushes_timeline_clip_get_in_point (first), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (first), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (first), ==, 2 * S);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
job_dropped_cb (RushesTimelineView *view,
                const char         *job_id,
                guint               index,
                char              **out)
{
  *out = g_strdup_printf ("%s@%u", job_id, index);
}

static void
test_drops (void)
{
  g_autoptr(RushesProject) project = make_project ();
  RushesTimelineView *view = g_object_ref_sink (RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ()));
  GtkDropTarget *target = tvt_find_controller (GTK_WIDGET (view), GTK_TYPE_DROP_TARGET);
  g_autofree char *dropped = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  char *failure = NULL;

  g_assert_nonnull (target);
  rushes_timeline_view_set_project (view, project);
  rushes_timeline_view_set_zoom (view, 100);

  /* a job from the job list: the window is asked for a placeholder at the drop index */
  g_signal_connect (view, "job-dropped", G_CALLBACK (job_dropped_cb), &dropped);
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "job:42");
  g_signal_emit_by_name (target, "drop", &value,
                         rushes_timeline_view_time_to_x (view, 2 * S + S / 4), 50.0, &accepted);
  g_assert_true (accepted);
  g_assert_cmpstr (dropped, ==, "42@1");

  /* a file that is not a video: refused, nothing added, a message for the window */
  {
    g_auto(GValue) file_value = G_VALUE_INIT;
    g_autofree char *bad = tvt_make_file ("notes.txt");
    g_autoptr(GFile) file = g_file_new_for_path (bad);

    g_signal_connect_swapped (view, "add-failed", G_CALLBACK (store_message_cb), &failure);
    g_value_init (&file_value, G_TYPE_FILE);
    g_value_set_object (&file_value, file);
    g_signal_emit_by_name (target, "drop", &file_value, 10.0, 50.0, &accepted);
    /* probed on a worker: the answer comes back on the main loop */
    while (failure == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 3);
    g_free (failure);
  }

  /* two real videos dropped before the second clip land there, in order */
  {
    g_auto(GValue) list_value = G_VALUE_INIT;
    g_autofree char *a = tvt_make_video ("a.mp4");
    g_autofree char *b = tvt_make_video ("b.mp4");
    GSList *files = NULL;
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    files = g_slist_append (files, g_file_new_for_path (a));
    files = g_slist_append (files, g_file_new_for_path (b));
    g_value_init (&list_value, GDK_TYPE_FILE_LIST);
    g_value_take_boxed (&list_value, files);
    g_signal_emit_by_name (target, "drop", &list_value,
                           rushes_timeline_view_time_to_x (view, 2 * S + S / 4), 50.0, &accepted);
    g_assert_true (accepted);
    while (rushes_project_get_n_clips (project) < 5 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 5);
    g_assert_cmpstr (rushes_timeline_clip_get_name (rushes_project_get_clip (project, 1)), ==, "a.mp4");
    g_assert_cmpstr (rushes_timeline_clip_get_name (rushes_project_get_clip (project, 2)), ==, "b.mp4");
  }
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
  g_test_add_func ("/timeline-view/pointer-edits", test_pointer_edits);
  g_test_add_func ("/timeline-view/drops", test_drops);
  g_test_add_func ("/timeline-view/playhead-follows-preview", test_playhead_follows_preview);

  return g_test_run ();
}
