/* test-timeline-view-tracks.c: the timeline view's tracks, free
 * placement, snapping, crossfades, fades and locks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"
#include "test-timeline-view-util.h"

typedef struct
{
  RushesProject      *project;
  GtkWidget          *window;
  GtkWidget          *widget;
  RushesTimelineView *view;
  char               *initial;  /* the project before the test's edits */
  guint               v1, v2, a1;  /* track indices */
} Fixture;

/* V1: two 2 s clips end to end; V2 (empty) above it; A1 with a 3 s clip */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint audio;

  f->project = rushes_project_new ();
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("take%u.webm", i);
      g_autofree char *path = tvt_make_file (name);
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new (path, 2 * S);

      rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
      rushes_project_append_clip (f->project, clip);
    }
  f->v1 = 0;
  f->v2 = rushes_project_add_track (f->project, RUSHES_TRACK_VIDEO, "V2");
  if (rushes_project_get_audio_track (f->project) == NULL)
    rushes_project_add_track (f->project, RUSHES_TRACK_AUDIO, "A1");
  g_assert_true (rushes_project_find_track (f->project, rushes_project_get_audio_track (f->project), &audio));
  f->a1 = audio;
  {
    g_autofree char *path = tvt_make_file ("music.ogg");
    g_autoptr(RushesTimelineClip) music = rushes_timeline_clip_new (path, 3 * S);

    g_assert_true (rushes_project_place_clip (f->project, audio, music, 0, &error));
    g_assert_no_error (error);
  }

  f->window = gtk_window_new ();
  f->widget = rushes_timeline_view_new ();
  f->view = RUSHES_TIMELINE_VIEW (f->widget);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 300);
  gtk_window_set_child (GTK_WINDOW (f->window), f->widget);
  rushes_timeline_view_set_project (f->view, f->project);
  rushes_timeline_view_set_zoom (f->view, 100);  /* 100 px per second */
  gtk_window_present (GTK_WINDOW (f->window));
  rushes_undo_stack_clear (rushes_project_get_undo_stack (f->project));
  f->initial = rushes_project_to_json (f->project);
}

/* Every edit of a test undoes back to where it started */
static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *json = NULL;

  while (rushes_project_undo (f->project))
    ;
  json = rushes_project_to_json (f->project);
  g_assert_cmpstr (json, ==, f->initial);
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->project);
  g_free (f->initial);
}

static guint
track_of (Fixture            *f,
          RushesTimelineClip *clip)
{
  guint track = G_MAXUINT;

  g_assert_true (rushes_project_locate_clip (f->project, clip, &track, NULL));
  return track;
}

/* The middle of a track's row */
static double
row_middle (Fixture *f,
            guint    track)
{
  double y, h;

  g_assert_true (rushes_timeline_view_get_track_area (f->view, track, &y, &h));
  return y + h / 2;
}

static GtkWidget *
find_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_ENTRY (child) ? child : find_entry (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_tracks (Fixture       *f,
             gconstpointer  data)
{
  guint n = rushes_project_get_n_tracks (f->project);
  double y_v1, y_v2, y_v3, y_a1, y_a2;
  GtkWidget *entry;
  g_autofree char *first_name = g_strdup (rushes_timeline_track_get_name (rushes_project_get_track (f->project, f->v1)));

  /* rows: the top video track first, then the audio tracks */
  y_v1 = row_middle (f, f->v1);
  y_v2 = row_middle (f, f->v2);
  y_a1 = row_middle (f, f->a1);
  g_assert_cmpfloat (y_v2, <, y_v1);
  g_assert_cmpfloat (y_v1, <, y_a1);

  /* add a video track: it is the new top row; an audio track: the last row */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.add-track", "s", "video"));
  g_assert_cmpuint (rushes_project_get_n_tracks (f->project), ==, n + 1);
  g_assert_cmpint (rushes_timeline_track_get_kind (rushes_project_get_track (f->project, n)), ==, RUSHES_TRACK_VIDEO);
  g_assert_cmpuint (rushes_timeline_view_get_current_track (f->view), ==, n);
  y_v3 = row_middle (f, n);
  g_assert_cmpfloat (y_v3, <, row_middle (f, f->v2));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.add-track", "s", "audio"));
  g_assert_cmpuint (rushes_project_get_n_tracks (f->project), ==, n + 2);
  y_a2 = row_middle (f, n + 1);
  g_assert_cmpfloat (y_a2, >, row_middle (f, f->a1));

  /* F2 renames the current track inline; Enter in the entry applies */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.remove-track", NULL));
  g_assert_cmpuint (rushes_project_get_n_tracks (f->project), ==, n + 1);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.select-track", "i", 1));
  g_assert_cmpuint (rushes_timeline_view_get_current_track (f->view), ==, f->v2);  /* V2, under V3 */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.select-track", "i", 1));
  g_assert_cmpuint (rushes_timeline_view_get_current_track (f->view), ==, f->v1);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.rename-track", NULL));
  entry = find_entry (f->widget);
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, first_name);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Picture  ");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (rushes_timeline_track_get_name (rushes_project_get_track (f->project, f->v1)), ==, "Picture");

  /* M mutes, L locks the current track */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.toggle-mute", NULL));
  g_assert_true (rushes_timeline_track_get_muted (rushes_project_get_track (f->project, f->v1)));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.toggle-lock", NULL));
  g_assert_true (rushes_timeline_track_get_locked (rushes_project_get_track (f->project, f->v1)));
  /* the header's mute button (the second last 24 px of the 136 px
   * header, at the bottom of the row) unmutes V1 */
  {
    double y, h;

    g_assert_true (rushes_timeline_view_get_track_area (f->view, f->v1, &y, &h));
    tvt_drag (f->widget, 136 - 2 * 24 + 10, y + h - 13, 0, 0);
    g_assert_false (rushes_timeline_track_get_muted (rushes_project_get_track (f->project, f->v1)));
    g_assert_true (rushes_timeline_track_get_locked (rushes_project_get_track (f->project, f->v1)));
    /* and its lock button unlocks it */
    tvt_drag (f->widget, 136 - 24 + 10, y + h - 13, 0, 0);
    g_assert_false (rushes_timeline_track_get_locked (rushes_project_get_track (f->project, f->v1)));
  }
  tvt_render (f->widget);

  /* the last video track cannot go: refused with a reason, shown */
  while (rushes_project_get_n_tracks (f->project) > 0 &&
         gtk_widget_activate_action (f->widget, "timeline.remove-track", NULL) &&
         rushes_timeline_view_get_status (f->view) == NULL)
    ;
  g_assert_nonnull (rushes_timeline_view_get_status (f->view));
  g_assert_cmpint (rushes_timeline_track_get_kind (rushes_project_get_track (f->project, f->v1)), ==, RUSHES_TRACK_VIDEO);
}

static void
test_keyboard_moves (Fixture       *f,
                     gconstpointer  data)
{
  RushesTimelineClip *second = rushes_project_get_clip (f->project, 1);

  /* Down from the playhead at 0: the next clip on V1 */
  rushes_timeline_view_set_position (f->view, 0);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.select", "i", 1));
  g_assert_true (rushes_timeline_view_get_selected_clip (f->view) == second);

  /* Alt+Up: onto V2, same time; Alt+Up again: no video track above V2 */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.move-to-track", "i", -1));
  g_assert_cmpuint (track_of (f, second), ==, f->v2);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S);
  /* the track edits (F2, M, L) now go to its new track */
  g_assert_cmpuint (rushes_timeline_view_get_current_track (f->view), ==, f->v2);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.move-to-track", "i", -1));
  g_assert_cmpuint (track_of (f, second), ==, f->v2);
  /* Alt+Right a frame, Shift+Alt+Left a second (twice), Alt+Left a frame: at 0 */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.nudge", "i", 1));
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S + S / 25);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.nudge-seconds", "i", -1));
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, S + S / 25);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.nudge-seconds", "i", -1));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.nudge", "i", -1));
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 0);
  /* Alt+Down: back onto V1, where it would cover all of the first clip: refused, with the reason */
  g_assert_null (rushes_timeline_view_get_status (f->view));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.move-to-track", "i", 1));
  g_assert_cmpuint (track_of (f, second), ==, f->v2);
  g_assert_nonnull (rushes_timeline_view_get_status (f->view));
  /* a video clip never goes onto an audio track */
  g_assert_cmpuint (track_of (f, second), !=, f->a1);

  /* each step undoes */
  g_assert_true (rushes_project_undo (f->project));
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, S / 25);
  for (guint i = 0; i < 3; i++)
    g_assert_true (rushes_project_undo (f->project));
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S);
  g_assert_true (rushes_project_undo (f->project));
  g_assert_cmpuint (track_of (f, second), ==, f->v1);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S);
}

static void
test_drag_snap_crossfade (Fixture       *f,
                          gconstpointer  data)
{
  RushesTimelineClip *first = rushes_project_get_clip (f->project, 0);
  RushesTimelineClip *second = rushes_project_get_clip (f->project, 1);
  RushesTimelineTrack *v1 = rushes_project_get_track (f->project, f->v1);
  double y = row_middle (f, f->v1), x = rushes_timeline_view_time_to_x (f->view, 3 * S);

  /* the playhead at 1.48 s (frame 37); the second clip dragged 46 px
   * left would start at 1.54 s: 6 px from the playhead, it snaps there,
   * and its overlap with the first clip is a 0.52 s crossfade */
  rushes_timeline_view_set_position (f->view, 37 * S / 25);
  tvt_drag (f->widget, x, y, -46, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 37 * S / 25);
  g_assert_cmpint (rushes_timeline_track_get_crossfade (v1, 0), ==, 2 * S - 37 * S / 25);
  g_assert_true (rushes_timeline_view_get_selected_clip (f->view) == second);
  tvt_render (f->widget);

  /* dragged 26 px further: 1.22 s is nowhere near an edge (the playhead
   * is 26 px away), so it lands on whole frames: 31 frames, 1.24 s */
  tvt_drag (f->widget, x - 46, y, -26, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 31 * S / 25);

  /* over all of the first clip: beyond a crossfade's limits, refused
   * with the reason shown, nothing moved */
  g_assert_null (rushes_timeline_view_get_status (f->view));
  tvt_drag (f->widget, x - 72, y, -124, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 31 * S / 25);
  g_assert_nonnull (rushes_timeline_view_get_status (f->view));

  /* dragged up onto V2 and 5 px before 0: moves there, snapped to 0 */
  tvt_drag (f->widget, x, y, -5 - 124, row_middle (f, f->v2) - y);
  g_assert_cmpuint (track_of (f, second), ==, f->v2);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 0);
  /* dragged down onto the audio track: a video clip stays on video tracks */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, S), row_middle (f, f->v2), 0, row_middle (f, f->a1) - row_middle (f, f->v2));
  g_assert_cmpuint (track_of (f, second), ==, f->v2);
  g_assert_cmpuint (track_of (f, first), ==, f->v1);
}

static void
test_trims_and_fades (Fixture       *f,
                      gconstpointer  data)
{
  RushesTimelineClip *first = rushes_project_get_clip (f->project, 0);
  RushesTimelineClip *second = rushes_project_get_clip (f->project, 1);
  double top, h;

  g_assert_true (rushes_timeline_view_get_track_area (f->view, f->v1, &top, &h));

  /* the fade-in handle on the top left corner, dragged 48 px right: a 0.48 s fade in */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 0) + 4, top + 3, 48, 0);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (first), ==, 12 * S / 25);
  g_assert_cmpint (rushes_timeline_clip_get_fade_out (first), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (first), ==, 0);
  /* the fade-out handle on the top right corner, 24 px left */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 2 * S) - 4, top + 3, -24, 0);
  g_assert_cmpint (rushes_timeline_clip_get_fade_out (first), ==, 6 * S / 25);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (first), ==, 12 * S / 25);

  /* the second clip's left edge (low in the row, away from the handles)
   * dragged 40 px left: its in point is 0 already, so it stays */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 2 * S) + 2, top + h - 5, -40, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S);
  /* its right edge 60 px left: 0.6 s shorter */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 4 * S) - 2, top + h - 5, -60, 0);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (second), ==, 2 * S - 3 * S / 5);
  /* now its left edge 40 px right: starts 0.4 s later, 0.4 s into its take */
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 2 * S) + 2, top + h - 5, 40, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 2 * S + 2 * S / 5);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (second), ==, 2 * S / 5);
  tvt_render (f->widget);
}

static void
test_lock_blocks_edits (Fixture       *f,
                        gconstpointer  data)
{
  RushesTimelineClip *second = rushes_project_get_clip (f->project, 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  rushes_timeline_view_set_selected_clip (f->view, second);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.toggle-lock", NULL));
  g_assert_true (rushes_timeline_track_get_locked (rushes_project_get_track (f->project, f->v1)));
  before = rushes_project_to_json (f->project);

  /* keys: nudge, move to V2, trim, delete; pointer: a move and a fade */
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.nudge", "i", 1));
  g_assert_nonnull (rushes_timeline_view_get_status (f->view));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.move-to-track", "i", -1));
  rushes_timeline_view_set_position (f->view, 3 * S);
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.trim-end", NULL));
  g_assert_true (gtk_widget_activate_action (f->widget, "timeline.delete", NULL));
  tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 3 * S), row_middle (f, f->v1), 50, 0);
  {
    double top;

    g_assert_true (rushes_timeline_view_get_track_area (f->view, f->v1, &top, NULL));
    tvt_drag (f->widget, rushes_timeline_view_time_to_x (f->view, 2 * S) + 4, top + 3, 50, 0);
  }
  after = rushes_project_to_json (f->project);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (track_of (f, second) == f->v1);
  tvt_render (f->widget);
}

static void
test_drawing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *title;

  title = rushes_project_add_title (f->project, f->v2, S, 2 * S, "Opening night", &error);
  g_assert_no_error (error);
  g_assert_nonnull (title);
  rushes_project_set_clip_fades (f->project, rushes_project_get_clip (f->project, 0), S / 2, S / 4);
  rushes_project_set_clip_volume (f->project, rushes_timeline_track_get_clip (rushes_project_get_audio_track (f->project), 0), 1.5);
  rushes_project_set_track_muted (f->project, f->a1, TRUE);
  rushes_timeline_view_set_selected_clip (f->view, title);
  g_assert_true (rushes_timeline_view_get_selected_clip (f->view) == title);
  g_assert_cmpuint (rushes_timeline_view_get_selected (f->view), ==, G_MAXUINT);  /* not on the main track */
  g_assert_cmpuint (rushes_timeline_view_get_current_track (f->view), ==, f->v2);
  tvt_render (f->widget);
  /* the view is as tall as its rows */
  {
    int natural;
    double y, h;

    gtk_widget_measure (f->widget, GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
    g_assert_true (rushes_timeline_view_get_track_area (f->view, f->a1, &y, &h));
    g_assert_cmpint (natural, >=, (int) (y + h));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  gst_init (&argc, &argv);

  g_test_add ("/timeline-view-tracks/tracks", Fixture, NULL, fixture_set_up, test_tracks, fixture_tear_down);
  g_test_add ("/timeline-view-tracks/keyboard-moves", Fixture, NULL, fixture_set_up, test_keyboard_moves, fixture_tear_down);
  g_test_add ("/timeline-view-tracks/drag-snap-crossfade", Fixture, NULL, fixture_set_up, test_drag_snap_crossfade, fixture_tear_down);
  g_test_add ("/timeline-view-tracks/trims-and-fades", Fixture, NULL, fixture_set_up, test_trims_and_fades, fixture_tear_down);
  g_test_add ("/timeline-view-tracks/lock-blocks-edits", Fixture, NULL, fixture_set_up, test_lock_blocks_edits, fixture_tear_down);
  g_test_add ("/timeline-view-tracks/drawing", Fixture, NULL, fixture_set_up, test_drawing, fixture_tear_down);

  return g_test_run ();
}
