/* test-player-view.c: the player view in a plain window (run under xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loads a take, steps, sets marks through the view's actions, checks the
 * labels and the drawn frame against ffmpeg's decode, and takes a
 * screenshot of the root window (import) whose picture area must show the
 * frame. The screenshot is kept in $RUSHES_SCREENSHOT_DIR if set.
 */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <adwaita.h>
#include <gst/gst.h>
#include <gst/video/gstvideosink.h>

#include "media-fixtures.h"
#include "rushes-frame-paintable.h"
#include "rushes-frame-sink.h"
#include "rushes-player-view.h"
#include "rushes-project.h"
#include "rushes-timeline.h"
#include "rushes-timeline-view.h"
#include "test-ui-util.h"
#include "test-util.h"

#define W 320
#define H 240
#define CLIP_ARGS "-f lavfi -i testsrc2=size=320x240:rate=30:duration=2 -f lavfi -i sine=f=440:duration=2 " \
                  "-c:v libx264 -preset ultrafast -g 15 -pix_fmt yuv420p -c:a aac -shortest"

static void
count_paint_cb (GdkFrameClock *clock,
                guint         *count)
{
  (*count)++;
}

/* Until the window has drawn itself anew and the X server has what it
 * drew (at most 10 s): what is on screen is then the current state, on a
 * loaded machine too. */
static void
wait_painted (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint count = 0;
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &count);

  gtk_widget_queue_draw (window);
  while (count == 0 && g_get_monotonic_time () < deadline)
    test_spin (5);
  g_signal_handler_disconnect (clock, id);
  gdk_display_sync (gtk_widget_get_display (window));
}

static GtkWidget *
find_label_with_tooltip (GtkWidget  *widget,
                         const char *tooltip)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_label_with_tooltip (c, tooltip);
      if (found)
        return found;
    }
  return NULL;
}

static void
trimmed_cb (GtkWidget *view,
            GFile     *file,
            GFile    **out)
{
  *out = g_object_ref (file);
}

static void
test_player_view_step_marks_screenshot (void)
{
  const char *path = media_fixture ("view.mp4", CLIP_ARGS);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = rushes_player_view_new ();
  RushesPlayer *player = rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view));
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  GtkWidget *picture, *timecode, *frame_label;
  g_autofree guint8 *refs = NULL;
  g_autofree guint8 *rgb = g_malloc (W * H * 3);
  const gsize size = W * H * 3;
  guint n_refs = 0;
  guint64 before;
  double match;

  refs = media_decode_rgb (path, W, H, &n_refs);
  g_assert_cmpuint (n_refs, ==, 60);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  /* no file: the view says so */
  {
    AdwStatusPage *status = ADW_STATUS_PAGE (test_find_descendant_of_type (view, ADW_TYPE_STATUS_PAGE));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
    g_assert_false (gtk_widget_activate_action (view, "player.toggle", NULL) &&
                    rushes_player_get_state (player) == RUSHES_PLAYER_STATE_PLAYING);
  }

  rushes_player_set_audio_sink (player, gst_element_factory_make ("fakesink", NULL));
  rushes_player_view_open (RUSHES_PLAYER_VIEW (view), file);
  test_wait_settled (player, 0);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);

  /* → ×3, then I; → ×10, then O */
  for (guint i = 0; i < 3; i++)
    {
      before = rushes_frame_paintable_get_n_frames (paintable);
      g_assert_true (gtk_widget_activate_action (view, "player.step", "i", 1));
      test_wait_settled (player, before);
    }
  g_assert_true (gtk_widget_activate_action (view, "player.mark-in", NULL));
  for (guint i = 0; i < 10; i++)
    {
      before = rushes_frame_paintable_get_n_frames (paintable);
      g_assert_true (gtk_widget_activate_action (view, "player.step", "i", 1));
      test_wait_settled (player, before);
    }
  g_assert_true (gtk_widget_activate_action (view, "player.mark-out", NULL));
  g_assert_cmpuint (rushes_player_get_frame (player), ==, 13);
  g_assert_cmpuint (rushes_player_get_in_point (player), ==, rushes_player_frame_to_time (player, 3));
  g_assert_cmpuint (rushes_player_get_out_point (player), ==, rushes_player_frame_to_time (player, 14));

  /* Shift+I: back to the in point */
  before = rushes_frame_paintable_get_n_frames (paintable);
  g_assert_true (gtk_widget_activate_action (view, "player.go-in", NULL));
  test_wait_settled (player, before);
  g_assert_cmpuint (rushes_player_get_frame (player), ==, 3);
  before = rushes_frame_paintable_get_n_frames (paintable);
  g_assert_true (gtk_widget_activate_action (view, "player.go-out", NULL));
  test_wait_settled (player, before);
  g_assert_cmpuint (rushes_player_get_frame (player), ==, 13);

  /* Trim → a new take beside the source, frames 3..13 */
  {
    GFile *trimmed = NULL;
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
    g_autofree char *trimmed_path = NULL;

    g_signal_connect (view, "trimmed", G_CALLBACK (trimmed_cb), &trimmed);
    g_assert_true (rushes_player_view_trim (RUSHES_PLAYER_VIEW (view), FALSE));
    /* one trim at a time */
    g_assert_false (rushes_player_view_trim (RUSHES_PLAYER_VIEW (view), FALSE));
    while (trimmed == NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        test_spin (20);
      }
    trimmed_path = g_file_get_path (trimmed);
    g_assert_true (g_str_has_suffix (trimmed_path, "view-trim.mp4"));
    g_assert_cmpuint (media_count_frames (trimmed_path), ==, 11);
    g_object_unref (trimmed);
  }

  /* labels */
  timecode = find_label_with_tooltip (view, "Timecode (hours:minutes:seconds:frames)");
  frame_label = find_label_with_tooltip (view, "Frame number");
  g_assert_nonnull (timecode);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (timecode)), ==, "00:00:00:13");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (frame_label)), ==, "13");

  /* the picture shows frame 13 */
  picture = test_find_descendant_of_type (view, GTK_TYPE_PICTURE);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) == GDK_PAINTABLE (paintable));
  test_texture_to_rgb (rushes_frame_paintable_get_texture (paintable), rgb);
  match = media_psnr (rgb, refs + 13 * size, size);
  g_assert_cmpfloat (match, >, 30.0);
  g_assert_cmpfloat (match, >, media_psnr (rgb, refs + 12 * size, size));
  g_assert_cmpfloat (match, >, media_psnr (rgb, refs + 14 * size, size));

  /* the screenshot: the picture area of the window is the frame, scaled */
  test_spin (300);
  wait_painted (window);
  {
    const char *dir = g_getenv ("RUSHES_SCREENSHOT_DIR");
    g_autofree char *shot = g_build_filename (dir ? dir : media_fixture_dir (), "player-view.png", NULL);
    const char *argv[] = { "import", "-window", "root", shot, NULL };
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) screen = NULL;
    graphene_rect_t bounds;
    graphene_rect_t covered;
    int status = 0;
    int sw, sh;
    g_autofree guint8 *srgb = NULL;
    double err_sum = 0;
    guint n = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, &error) || !g_spawn_check_wait_status (status, NULL))
      {
        g_test_skip ("import (ImageMagick) cannot take a screenshot here");
        gtk_window_destroy (GTK_WINDOW (window));
        return;
      }
    g_test_message ("screenshot: %s", shot);
    screen = gdk_texture_new_from_filename (shot, &error);
    g_assert_no_error (error);
    sw = gdk_texture_get_width (screen);
    sh = gdk_texture_get_height (screen);
    srgb = g_malloc ((gsize) sw * sh * 3);
    test_texture_to_rgb (screen, srgb);

    /* undecorated window at the root's origin (no window manager): sample the
     * picture's area on a grid and compare with the frame at the same spot */
    g_assert_true (gtk_widget_compute_bounds (picture, window, &bounds));
    /* the Source | Program switch floats over the top of the picture: the
     * samples under it are left out */
    {
      GtkWidget *source = test_find_button (view, "Source");

      g_assert_nonnull (source);
      g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (source), window, &covered));
      graphene_rect_inset (&covered, -2, -2);
    }
    {
      double scale = MIN (bounds.size.width / W, bounds.size.height / H);
      double ox = bounds.origin.x + (bounds.size.width - W * scale) / 2;
      double oy = bounds.origin.y + (bounds.size.height - H * scale) / 2;

      for (int gy = 1; gy < 12; gy++)
        for (int gx = 1; gx < 16; gx++)
          {
            int fx = gx * W / 16, fy = gy * H / 12;
            int sx = (int) (ox + (fx + 0.5) * scale), sy = (int) (oy + (fy + 0.5) * scale);
            const guint8 *a = srgb + ((gsize) sy * sw + sx) * 3;
            const guint8 *b = refs + 13 * size + ((gsize) fy * W + fx) * 3;

            g_assert_cmpint (sx, <, sw);
            g_assert_cmpint (sy, <, sh);
            if (graphene_rect_contains_point (&covered, &GRAPHENE_POINT_INIT (sx, sy)))
              continue;
            for (int c = 0; c < 3; c++)
              err_sum += abs ((int) a[c] - (int) b[c]);
            n += 3;
          }
    }
    /* testsrc2 is mostly flat colour blocks: a mean error this small means
     * the frame is drawn there (a blank or misplaced picture is far off) */
    /* most of the 165 samples are the picture's own */
    g_assert_cmpuint (n, >=, 3 * 120);
    g_test_message ("mean screenshot error %.1f over %u samples", err_sum / n, n / 3);
    g_assert_cmpfloat (err_sum / n, <, 25.0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (50);
}

static void
test_player_view_error (void)
{
  g_autofree char *path = g_build_filename (media_fixture_dir (), "not-a-take.mp4", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = rushes_player_view_new ();
  RushesPlayer *player = rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view));
  AdwStatusPage *status;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (path, "definitely not a video", -1, NULL));
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  rushes_player_view_open (RUSHES_PLAYER_VIEW (view), file);
  while (rushes_player_get_state (player) != RUSHES_PLAYER_STATE_ERROR)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      test_spin (20);
    }
  status = ADW_STATUS_PAGE (test_find_descendant_of_type (view, ADW_TYPE_STATUS_PAGE));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_nonnull (strstr (adw_status_page_get_description (status), "not-a-take.mp4"));
  /* transport is off */
  g_assert_false (gtk_widget_get_sensitive (test_find_descendant_of_type (view, GTK_TYPE_SCALE)));

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (50);
}

/* 1 s of testsrc2 (a moving picture), then 1 s of plain blue */
#define PROGRAM_A_ARGS "-f lavfi -i testsrc2=size=320x240:rate=25:duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p"
#define PROGRAM_B_ARGS "-f lavfi -i color=c=blue:size=320x240:rate=25:duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p"

static RushesProject *
two_take_project (void)
{
  const char *paths[] = {
    media_fixture ("program-a.mp4", PROGRAM_A_ARGS),
    media_fixture ("program-b.mp4", PROGRAM_B_ARGS),
  };
  RushesProject *project = rushes_project_new ();

  g_assert_true (rushes_timeline_ensure_init (NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new_for_file (paths[i], &error);

      g_assert_no_error (error);
      rushes_project_append_clip (project, clip);
    }
  return project;
}

/* the video sinks in bin: all must be ours (any other would draw into a
 * window of its own); returns how many */
static guint
count_frame_sinks (GstBin *bin)
{
  g_autoptr(GstIterator) it = gst_bin_iterate_recurse (bin);
  GValue item = G_VALUE_INIT;
  guint n = 0;

  while (gst_iterator_next (it, &item) == GST_ITERATOR_OK)
    {
      GstElement *element = g_value_get_object (&item);

      if (GST_IS_VIDEO_SINK (element))
        {
          if (!RUSHES_IS_FRAME_SINK (element))
            g_error ("the timeline draws into %s", G_OBJECT_TYPE_NAME (element));
          n++;
        }
      g_value_reset (&item);
    }
  g_value_unset (&item);
  return n;
}

static gboolean
cond_frames_beyond (gpointer data)
{
  gpointer *args = data;

  return rushes_frame_paintable_get_n_frames (args[0]) > GPOINTER_TO_UINT (args[1]);
}

static gboolean
cond_position_beyond (gpointer data)
{
  return rushes_timeline_get_position (data) > 1300 * GST_MSECOND;
}

static void
texture_mean (GdkTexture *texture,
              double      mean[3])
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *rgb = g_malloc ((gsize) w * h * 3);

  test_texture_to_rgb (texture, rgb);
  mean[0] = mean[1] = mean[2] = 0;
  for (gsize i = 0; i < (gsize) w * h; i++)
    for (int c = 0; c < 3; c++)
      mean[c] += rgb[i * 3 + c];
  for (int c = 0; c < 3; c++)
    mean[c] /= (double) w * h;
}

static void
test_player_view_program (void)
{
  g_autoptr(RushesProject) project = two_take_project ();
  g_autoptr(RushesTimeline) timeline = rushes_timeline_new (project);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = rushes_player_view_new ();
  RushesPlayerView *pv = RUSHES_PLAYER_VIEW (view);
  RushesPlayable *program = RUSHES_PLAYABLE (timeline);
  RushesFramePaintable *paintable;
  GtkWidget *picture, *frame_label;
  g_autoptr(GdkTexture) first = NULL;
  g_autoptr(GList) toplevels = NULL;
  gpointer args[2];
  GstElement *fake = gst_element_factory_make ("fakesink", NULL);
  double mean[3];

  g_object_set (fake, "sync", TRUE, NULL);
  rushes_timeline_set_audio_sink (timeline, fake);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  test_wait_until (test_widget_mapped, window, 10000);

  rushes_player_view_set_program (pv, program);
  g_assert_cmpint (rushes_player_view_get_monitor (pv), ==, RUSHES_MONITOR_SOURCE);
  paintable = RUSHES_FRAME_PAINTABLE (rushes_playable_get_paintable (program));
  g_assert_true (RUSHES_IS_FRAME_PAINTABLE (paintable));

  /* Play on the timeline (its view's Space): the viewer goes to Program */
  rushes_timeline_play (timeline);
  g_assert_cmpint (rushes_player_view_get_monitor (pv), ==, RUSHES_MONITOR_PROGRAM);
  g_assert_true (rushes_player_view_get_active (pv) == program);
  picture = test_find_descendant_of_type (view, GTK_TYPE_PICTURE);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) == GDK_PAINTABLE (paintable));

  /* frames arrive, and they move */
  args[0] = paintable;
  args[1] = GUINT_TO_POINTER (2);
  test_wait_until (cond_frames_beyond, args, 15000);
  first = g_object_ref (rushes_frame_paintable_get_texture (paintable));
  args[1] = GUINT_TO_POINTER ((guint) rushes_frame_paintable_get_n_frames (paintable) + 5);
  test_wait_until (cond_frames_beyond, args, 15000);
  g_assert_true (rushes_frame_paintable_get_texture (paintable) != first);
  {
    g_autofree guint8 *a = g_malloc (W * H * 3);
    g_autofree guint8 *b = g_malloc (W * H * 3);

    g_assert_cmpint (gdk_texture_get_width (first), ==, W);
    test_texture_to_rgb (first, a);
    test_texture_to_rgb (rushes_frame_paintable_get_texture (paintable), b);
    g_assert_cmpint (memcmp (a, b, W * H * 3), !=, 0);
  }

  /* on into the second take: blue */
  test_wait_until (cond_position_beyond, timeline, 15000);
  test_spin (100);
  texture_mean (rushes_frame_paintable_get_texture (paintable), mean);
  g_test_message ("second take mean RGB %.0f %.0f %.0f", mean[0], mean[1], mean[2]);
  g_assert_cmpfloat (mean[2], >, 180);
  g_assert_cmpfloat (mean[0], <, 60);
  g_assert_cmpfloat (mean[1], <, 60);

  /* no window but ours: no GTK toplevel, and no sink that draws its own */
  toplevels = gtk_window_list_toplevels ();
  g_assert_cmpuint (g_list_length (toplevels), ==, 1);
  g_assert_true (toplevels->data == window);
  g_assert_cmpuint (count_frame_sinks (GST_BIN (rushes_timeline_get_pipeline (timeline))), ==, 1);

  /* the same transport: pause, step, timecode */
  g_assert_true (gtk_widget_activate_action (view, "player.toggle", NULL));
  g_assert_false (rushes_timeline_get_playing (timeline));
  rushes_playable_seek (program, rushes_playable_frame_to_time (program, 10) + GST_MSECOND, TRUE);
  test_spin (300);
  g_assert_true (gtk_widget_activate_action (view, "player.step", "i", 1));
  test_spin (300);
  g_assert_cmpuint (rushes_playable_get_frame (program), ==, 11);
  frame_label = find_label_with_tooltip (view, "Frame number");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (frame_label)), ==, "11");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find_label_with_tooltip (view, "Timecode (hours:minutes:seconds:frames)"))),
                   ==, "00:00:00:11");
  /* the take's marks are not the timeline's */
  g_assert_false (gtk_widget_activate_action (view, "player.mark-in", NULL) &&
                  GST_CLOCK_TIME_IS_VALID (rushes_player_get_in_point (rushes_player_view_get_player (pv))));

  /* back to Source (Alt+1's action) */
  g_assert_true (gtk_widget_activate_action (view, "player.monitor", "s", "source"));
  g_assert_cmpint (rushes_player_view_get_monitor (pv), ==, RUSHES_MONITOR_SOURCE);
  g_assert_true (gtk_picture_get_paintable (GTK_PICTURE (picture)) ==
                 rushes_player_get_paintable (rushes_player_view_get_player (pv)));

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (50);
}

/* The player's keys in a review area (a list, the viewer and, as in the
 * window, the timeline): Space plays with the list focused, and goes to a
 * text field as typing and to the timeline, which has its own. */
static void
test_player_view_review_keys (void)
{
  const char *path = media_fixture ("view.mp4", CLIP_ARGS);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char *const items[] = { "one", "two", NULL };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *area = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *view = rushes_player_view_new ();
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *timeline = rushes_timeline_view_new ();
  GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (gtk_string_list_new (items)));
  GtkWidget *list = gtk_list_view_new (GTK_SELECTION_MODEL (selection),
                                       GTK_LIST_ITEM_FACTORY (gtk_signal_list_item_factory_new ()));
  RushesPlayer *player = rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view));
  g_autoptr(GListModel) controllers = NULL;
  GtkShortcutController *keys = NULL;
  GtkShortcut *space = NULL;

  gtk_box_append (GTK_BOX (area), entry);
  gtk_box_append (GTK_BOX (area), list);
  gtk_box_append (GTK_BOX (area), view);
  gtk_box_append (GTK_BOX (area), timeline);
  gtk_widget_set_hexpand (view, TRUE);
  gtk_window_set_child (GTK_WINDOW (window), area);
  gtk_window_present (GTK_WINDOW (window));
  rushes_player_view_add_shortcuts_to (RUSHES_PLAYER_VIEW (view), area);

  rushes_player_set_audio_sink (player, gst_element_factory_make ("fakesink", NULL));
  rushes_player_view_open (RUSHES_PLAYER_VIEW (view), file);
  test_wait_settled (player, 0);

  /* the area's controller, ahead of the list's own keys */
  controllers = gtk_widget_observe_controllers (area);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (GTK_IS_SHORTCUT_CONTROLLER (c))
        keys = GTK_SHORTCUT_CONTROLLER (c);
    }
  g_assert_nonnull (keys);
  g_assert_cmpint (gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (keys)), ==, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (keys)); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (keys), i);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

      if (GTK_IS_KEYVAL_TRIGGER (trigger) && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_space &&
          gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
        space = shortcut;
    }
  g_assert_nonnull (space);

  /* the list has the focus: Space plays, Space again pauses */
  gtk_widget_grab_focus (list);
  g_assert_true (gtk_widget_has_focus (list) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), list));
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0, area, gtk_shortcut_get_arguments (space)));
  test_spin (300);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PLAYING);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0, area, gtk_shortcut_get_arguments (space)));
  test_spin (200);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);

  /* typing: the entry keeps its Space */
  gtk_widget_grab_focus (entry);
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0, area, gtk_shortcut_get_arguments (space)));
  test_spin (200);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);

  /* the timeline keeps its Space (it plays the timeline) */
  g_assert_true (gtk_widget_grab_focus (timeline));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == timeline ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), timeline));
  g_assert_false (gtk_shortcut_action_activate (gtk_shortcut_get_action (space), 0, area, gtk_shortcut_get_arguments (space)));
  test_spin (200);
  g_assert_cmpint (rushes_player_get_state (player), ==, RUSHES_PLAYER_STATE_PAUSED);

  gtk_window_destroy (GTK_WINDOW (window));
  test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_GST);

  g_test_add_func ("/player-view/step-marks-screenshot", test_player_view_step_marks_screenshot);
  g_test_add_func ("/player-view/error", test_player_view_error);
  g_test_add_func ("/player-view/program", test_player_view_program);
  g_test_add_func ("/player-view/review-keys", test_player_view_review_keys);

  return g_test_run ();
}
