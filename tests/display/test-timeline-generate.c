/* test-timeline-generate.c: versions of a shot, Extend and Bridge from the
 * timeline, with Sketch (run under xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "media-fixtures.h"
#include "rushes-sketch-backend.h"
#include "rushes-take.h"
#include "rushes-timeline-view.h"
#include "rushes-timeline-view-private.h"
#include "test-ui-util.h"
#include "test-util.h"

#define S       RUSHES_SECOND
#define WAIT_MS (120 * 1000)

typedef struct
{
  GtkWindow             *window;
  RushesTimelineView    *view;
  RushesProject         *project;
  RushesBackendRegistry *registry;
  RushesJobQueue        *queue;
  char                  *library;
} Fixture;

static RushesRecipe *
small_recipe (const char *prompt,
              double      seconds)
{
  RushesRecipe *recipe = rushes_recipe_new ();

  rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_recipe_set_seconds (recipe, seconds);
  rushes_recipe_set_width (recipe, 160);
  rushes_recipe_set_height (recipe, 120);
  rushes_recipe_set_fps (recipe, 25);
  return recipe;
}

static gboolean
job_done (gpointer job)
{
  RushesJobState state = rushes_job_get_state (job);

  return state == RUSHES_JOB_SUCCEEDED || state == RUSHES_JOB_FAILED || state == RUSHES_JOB_CANCELLED;
}

/* A real Sketch take of seconds, on V1 at start */
static RushesTimelineClip *
add_take (Fixture    *f,
          const char *prompt,
          double      seconds,
          gint64      start)
{
  g_autoptr(RushesRecipe) recipe = small_recipe (prompt, seconds);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = NULL;
  RushesJob *job = rushes_job_queue_submit (f->queue, recipe, &error);

  g_assert_no_error (error);
  test_wait_until (job_done, job, WAIT_MS);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  clip = rushes_timeline_clip_new_for_file (rushes_job_get_take_path (job), &error);
  g_assert_no_error (error);
  {
    g_autofree char *json = rushes_recipe_to_json (rushes_job_get_recipe (job));

    rushes_timeline_clip_set_recipe_json (clip, json);
  }
  g_assert_true (rushes_project_place_clip (f->project, 0, clip, start, &error));
  g_assert_no_error (error);
  return clip;
}

static void
fixture_open (Fixture *f)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  g_autoptr(RushesBackend) sketch = rushes_sketch_backend_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (rushes_timeline_ensure_init (&error));
  g_assert_no_error (error);
  f->library = test_make_tmp_dir ("rushes-generate-XXXXXX");
  f->registry = rushes_backend_registry_new (NULL);
  rushes_backend_registry_add_backend (f->registry, sketch, 2);
  f->queue = rushes_job_queue_new (f->registry, rushes_journal_new (NULL));
  rushes_job_queue_set_library_dir (f->queue, f->library);
  f->project = rushes_project_new ();
  f->view = RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ());
  rushes_timeline_view_set_project (f->view, f->project);
  rushes_timeline_view_set_job_queue (f->view, f->queue);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, scroller);
  gtk_window_present (f->window);
  test_wait_until (test_widget_mapped, f->view, WAIT_MS);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (f->window);
  test_drain ();
  rushes_job_queue_shutdown (f->queue);
  g_clear_object (&f->queue);
  g_clear_object (&f->registry);
  g_clear_object (&f->project);
  test_remove_tree (f->library);
  g_free (f->library);
}

/* A key bound on the view's class (its own shortcut controller): whether
 * it did something (its action is enabled) */
static gboolean
try_key (GtkWidget       *view,
         guint            keyval,
         GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
  gboolean done = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !done; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts) && !done; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == mods)
            done = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, view,
                                                 gtk_shortcut_get_arguments (shortcut));
        }
    }
  test_drain ();
  return done;
}

static void
press (GtkWidget       *view,
       guint            keyval,
       GdkModifierType  mods)
{
  if (!try_key (view, keyval, mods))
    g_error ("key %s (%x) did nothing", gdk_keyval_name (keyval), mods);
}

static gboolean
no_pending_versions (gpointer clip)
{
  return rushes_timeline_clip_get_n_pending_versions (clip) == 0 && !rushes_timeline_clip_get_pending (clip);
}

static gboolean
clip_filled (gpointer clip)
{
  return !rushes_timeline_clip_get_pending (clip) || rushes_timeline_clip_get_offline (clip);
}

static void
test_regenerate (void)
{
  Fixture f = { 0 };
  RushesTimelineClip *clip;
  GtkWidget *popover;
  g_autofree char *badge = NULL;

  fixture_open (&f);
  clip = add_take (&f, "a heron takes off at dawn", 1, 0);
  rushes_undo_stack_clear (rushes_project_get_undo_stack (f.project));
  rushes_timeline_view_set_selected_clip (f.view, clip);
  g_assert_null (_rushes_timeline_view_version_badge (clip));

  /* Ctrl+R opens the popover on the clip, its prompt filled in */
  press (GTK_WIDGET (f.view), GDK_KEY_r, GDK_CONTROL_MASK);
  popover = g_object_get_data (G_OBJECT (f.view), "rushes-generate-popover");
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f.window));

    /* the number of versions has the focus */
    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON));
  }

  /* three versions with new seeds: pending at once, one undo step */
  gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.regenerate-versions", "(is)", 3, "");
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 4);
  g_assert_cmpuint (rushes_timeline_clip_get_n_pending_versions (clip), ==, 3);
  badge = _rushes_timeline_view_version_badge (clip);
  g_assert_true (g_str_has_prefix (badge, "1/4"));
  for (guint i = 1; i < 4; i++)
    {
      const char *json = rushes_timeline_clip_get_version_recipe_json (clip, i);

      g_assert_nonnull (strstr (json, "a heron takes off at dawn"));
      g_assert_nonnull (strstr (json, "\"regenerate\""));
      g_assert_true (g_strcmp0 (json, rushes_timeline_clip_get_version_recipe_json (clip, 0)) != 0);
    }

  /* they fill in with real takes */
  test_wait_until (no_pending_versions, clip, WAIT_MS);
  g_clear_pointer (&badge, g_free);
  badge = _rushes_timeline_view_version_badge (clip);
  g_assert_cmpstr (badge, ==, "1/4");
  for (guint i = 1; i < 4; i++)
    {
      const char *path = rushes_timeline_clip_get_version_path (clip, i);

      g_assert_nonnull (path);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (rushes_timeline_clip_get_version_media_duration (clip, i), >, S / 2);
    }

  /* V shows the next version, Shift+V the one before; undoable */
  press (GTK_WIDGET (f.view), GDK_KEY_v, 0);
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, rushes_timeline_clip_get_version_path (clip, 1));
  g_clear_pointer (&badge, g_free);
  badge = _rushes_timeline_view_version_badge (clip);
  g_assert_cmpstr (badge, ==, "2/4");
  press (GTK_WIDGET (f.view), GDK_KEY_v, GDK_SHIFT_MASK);
  press (GTK_WIDGET (f.view), GDK_KEY_v, GDK_SHIFT_MASK);
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 3);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 1);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);

  fixture_close (&f);
}

static gboolean
sketch_honours (Fixture      *f,
                RushesFields  fields)
{
  RushesBackend *sketch = rushes_backend_registry_lookup (f->registry, "sketch");
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_capabilities (sketch);

  return (caps->fields & fields) == fields;
}

static void
test_extend (void)
{
  Fixture f = { 0 };
  RushesTimelineClip *clip, *ext;
  RushesTimelineTrack *track;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autofree char *expected = NULL;

  fixture_open (&f);
  g_assert_true (sketch_honours (&f, RUSHES_FIELD_START_IMAGE));
  clip = add_take (&f, "waves on a pebble beach", 1, 0);
  rushes_timeline_view_set_selected_clip (f.view, clip);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.extend-clip", "(bd)", TRUE, 1.0);
  track = rushes_project_get_main_track (f.project);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (track), ==, 2);
  ext = rushes_timeline_track_get_clip (track, 1);
  g_assert_true (rushes_timeline_clip_get_pending (ext));
  g_assert_cmpint (rushes_timeline_clip_get_start (ext), ==, rushes_timeline_clip_get_end (clip));
  recipe = rushes_recipe_new_from_json (rushes_timeline_clip_get_recipe_json (ext), -1, NULL);
  expected = g_strdup_printf ("%s@end", rushes_timeline_clip_get_path (clip));
  g_assert_cmpstr (rushes_recipe_get_start_image_source (recipe), ==, expected);
  /* the frame, grabbed as a PNG for the backend */
  g_assert_true (g_str_has_suffix (rushes_recipe_get_start_image (recipe), ".start.png"));
  g_assert_true (g_file_test (rushes_recipe_get_start_image (recipe), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (rushes_recipe_get_derived_from (recipe), ==, rushes_timeline_clip_get_path (clip));
  g_assert_nonnull (strstr (rushes_timeline_clip_get_recipe_json (ext), "\"extend-end\""));
  /* it fills in with a real take; one undo removes it */
  test_wait_until (clip_filled, ext, WAIT_MS);
  g_assert_false (rushes_timeline_clip_get_pending (ext));
  g_assert_true (g_file_test (rushes_timeline_clip_get_path (ext), G_FILE_TEST_IS_REGULAR));
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (track), ==, 1);
  fixture_close (&f);
}

static void
test_bridge (void)
{
  Fixture f = { 0 };
  RushesTimelineClip *left, *right, *bridge;
  RushesTimelineTrack *track;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autofree char *start = NULL, *end = NULL;

  fixture_open (&f);
  left = add_take (&f, "a red door", 1, 0);
  right = add_take (&f, "a blue door", 1, 3 * S);
  track = rushes_project_get_main_track (f.project);
  /* on a clip: no gap to bridge, nothing submitted */
  rushes_timeline_view_set_position (f.view, S / 2);
  gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.bridge", NULL);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (track), ==, 2);
  rushes_timeline_view_set_position (f.view, 2 * S);
  g_assert_true (sketch_honours (&f, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE));
  /* the playhead in the gap: B */
  press (GTK_WIDGET (f.view), GDK_KEY_b, 0);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (track), ==, 3);
  bridge = rushes_timeline_track_get_clip (track, 1);
  g_assert_true (rushes_timeline_clip_get_pending (bridge));
  g_assert_cmpint (rushes_timeline_clip_get_start (bridge), ==, rushes_timeline_clip_get_end (left));
  g_assert_cmpint (rushes_timeline_clip_get_end (bridge), ==, rushes_timeline_clip_get_start (right));
  recipe = rushes_recipe_new_from_json (rushes_timeline_clip_get_recipe_json (bridge), -1, NULL);
  start = g_strdup_printf ("%s@end", rushes_timeline_clip_get_path (left));
  end = g_strdup_printf ("%s@0f", rushes_timeline_clip_get_path (right));
  g_assert_cmpstr (rushes_recipe_get_start_image_source (recipe), ==, start);
  g_assert_cmpstr (rushes_recipe_get_end_image_source (recipe), ==, end);
  g_assert_true (g_file_test (rushes_recipe_get_start_image (recipe), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (rushes_recipe_get_end_image (recipe), G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (rushes_timeline_clip_get_recipe_json (bridge), "\"bridge\""));
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 2.0, 0.05);
  test_wait_until (clip_filled, bridge, WAIT_MS);
  g_assert_false (rushes_timeline_clip_get_pending (bridge));
  g_assert_true (g_file_test (rushes_timeline_clip_get_path (bridge), G_FILE_TEST_IS_REGULAR));
  fixture_close (&f);
}

/* Retake Range */

#define RETAKE_W 160
#define RETAKE_H 120
#define RETAKE_FRAME_SIZE (RETAKE_W * RETAKE_H * 3)

static gboolean
versions_added (gpointer clip)
{
  return rushes_timeline_clip_get_n_versions (clip) > 1;
}

/* The lineage member of recipe JSON */
static JsonObject *
lineage_of (const char *json)
{
  g_autoptr(JsonNode) root = json_from_string (json, NULL);
  JsonObject *lineage;

  g_assert_nonnull (root);
  lineage = json_object_get_object_member (json_node_get_object (root), "lineage");
  g_assert_nonnull (lineage);
  return json_object_ref (lineage);
}

static void
assert_lineage (const char *json,
                const char *source,
                double      in,
                double      out)
{
  g_autoptr(JsonObject) lineage = lineage_of (json);

  g_assert_cmpstr (json_object_get_string_member (lineage, "operation"), ==, "retake");
  g_assert_cmpstr (json_object_get_string_member (lineage, "derived_from"), ==, source);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lineage, "in"), in, 0.001);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (lineage, "out"), out, 0.001);
}

static void
test_retake (void)
{
  Fixture f = { 0 };
  RushesTimelineClip *clip;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autofree char *source = NULL, *spliced = NULL, *sidecar = NULL, *sidecar_json = NULL;
  g_autofree char *start = NULL, *end = NULL;
  g_autofree guint8 *src = NULL, *res = NULL;
  guint n_src = 0, n_res = 0, n_jobs, changed = 0;
  GtkWidget *focus;
  gint64 in, out;

  fixture_open (&f);
  /* 2 s at 25 fps: 50 frames */
  clip = add_take (&f, "a lighthouse in a storm", 2, 0);
  source = g_strdup (rushes_timeline_clip_get_path (clip));
  rushes_undo_stack_clear (rushes_project_get_undo_stack (f.project));
  rushes_timeline_view_set_selected_clip (f.view, clip);
  /* no marks: nothing to retake */
  g_assert_false (try_key (GTK_WIDGET (f.view), GDK_KEY_r, GDK_SHIFT_MASK));

  /* I at frame 10, O at frame 30; Escape clears them, I and O again */
  rushes_timeline_view_set_position (f.view, 400 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_i, 0);
  rushes_timeline_view_set_position (f.view, 1200 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_o, 0);
  g_assert_true (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  g_assert_cmpint (in, ==, 400 * GST_MSECOND);
  g_assert_cmpint (out, ==, 1200 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_Escape, 0);
  g_assert_false (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  g_assert_false (try_key (GTK_WIDGET (f.view), GDK_KEY_Escape, 0));
  press (GTK_WIDGET (f.view), GDK_KEY_o, 0);
  rushes_timeline_view_set_position (f.view, 400 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_i, 0);
  g_assert_true (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  g_assert_cmpint (in, ==, 400 * GST_MSECOND);
  g_assert_cmpint (out, ==, 1200 * GST_MSECOND);

  /* Shift+R: the popover, its prompt the clip's and focused; an edited
   * prompt and Enter submit one job of the range's length */
  n_jobs = g_list_model_get_n_items (G_LIST_MODEL (f.queue));
  press (GTK_WIDGET (f.view), GDK_KEY_r, GDK_SHIFT_MASK);
  focus = gtk_root_get_focus (GTK_ROOT (f.window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER));
  g_assert_true (GTK_IS_EDITABLE (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "a lighthouse in a storm");
  gtk_editable_set_text (GTK_EDITABLE (focus), "a lighthouse in a storm, struck by lightning");
  /* Enter: the button, the default, activates (after a moment) */
  g_assert_true (GTK_IS_TEXT (focus));
  g_signal_emit_by_name (focus, "activate");
  test_wait_until (versions_added, clip, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.queue)), ==, n_jobs + 1);
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 2);
  g_assert_true (rushes_timeline_clip_get_version_pending (clip, 1));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
  recipe = rushes_recipe_new_from_json (rushes_timeline_clip_get_version_recipe_json (clip, 1), -1, NULL);
  g_assert_nonnull (recipe);
  g_assert_cmpstr (rushes_recipe_get_prompt (recipe), ==, "a lighthouse in a storm, struck by lightning");
  g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (recipe), 0.8, 0.001);
  /* conditioned on frame 9 (just before in) and frame 30 (at out) */
  start = g_strdup_printf ("%s@9f", source);
  end = g_strdup_printf ("%s@30f", source);
  g_assert_cmpstr (rushes_recipe_get_start_image_source (recipe), ==, start);
  g_assert_cmpstr (rushes_recipe_get_end_image_source (recipe), ==, end);
  g_assert_true (g_file_test (rushes_recipe_get_start_image (recipe), G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (rushes_recipe_get_end_image (recipe), G_FILE_TEST_IS_REGULAR));
  assert_lineage (rushes_timeline_clip_get_version_recipe_json (clip, 1), source, 0.4, 1.2);

  /* it finishes: spliced into a take of the source's length, shown */
  test_wait_until (no_pending_versions, clip, WAIT_MS);
  g_assert_false (rushes_timeline_clip_get_offline (clip));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 1);
  spliced = g_strdup (rushes_timeline_clip_get_path (clip));
  g_assert_cmpstr (spliced, !=, source);
  g_assert_true (g_file_test (spliced, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpfloat_with_epsilon (media_probe_double (spliced, NULL, "format=duration"),
                                  media_probe_double (source, NULL, "format=duration"), 0.05);
  g_assert_cmpuint (media_count_frames (spliced), ==, media_count_frames (source));
  g_assert_cmpint (rushes_timeline_clip_get_media_duration (clip), >=, 2 * S - 40 * GST_MSECOND);
  src = media_decode_rgb (source, RETAKE_W, RETAKE_H, &n_src);
  res = media_decode_rgb (spliced, RETAKE_W, RETAKE_H, &n_res);
  g_assert_cmpuint (n_src, ==, 50);
  g_assert_cmpuint (n_res, ==, n_src);
  for (guint i = 0; i < n_res; i++)
    {
      double psnr = media_psnr (res + (gsize) i * RETAKE_FRAME_SIZE, src + (gsize) i * RETAKE_FRAME_SIZE,
                                RETAKE_FRAME_SIZE);

      if (i < 10 || i >= 30)
        {
          if (psnr < 32.0)
            g_error ("frame %u outside the retake: PSNR %.1f dB against the source", i, psnr);
        }
      else
        changed += psnr < 25.0;
    }
  /* inside, the picture is another (its ends start and end on the
   * source's neighbouring frames, so a few may come near) */
  g_assert_cmpuint (changed, >=, 14);
  /* the new take's recipe: the whole length and where it came from */
  sidecar = rushes_take_sidecar_path_for (spliced);
  g_assert_true (g_file_get_contents (sidecar, &sidecar_json, NULL, NULL));
  assert_lineage (sidecar_json, source, 0.4, 1.2);
  {
    g_autoptr(RushesRecipe) whole = rushes_recipe_new_from_json (sidecar_json, -1, NULL);

    g_assert_cmpfloat_with_epsilon (rushes_recipe_get_seconds (whole), 2.0, 0.05);
  }

  /* undo shows the original; V the retake again */
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpuint (rushes_timeline_clip_get_version (clip), ==, 0);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, source);
  press (GTK_WIDGET (f.view), GDK_KEY_v, 0);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, spliced);
  fixture_close (&f);
}

/* Marks off the clip, on a title, or no range: nothing submitted */
static void
test_retake_refused (void)
{
  Fixture f = { 0 };
  RushesTimelineClip *clip, *title;
  g_autoptr(GError) error = NULL;
  gint64 in, out;
  guint n_jobs;

  fixture_open (&f);
  clip = add_take (&f, "a kite over the dunes", 1, 0);
  n_jobs = g_list_model_get_n_items (G_LIST_MODEL (f.queue));
  rushes_timeline_view_set_selected_clip (f.view, clip);
  rushes_timeline_view_set_position (f.view, 200 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_i, 0);
  g_assert_true (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  /* an out at the in: the in goes, the range is the clip's start to out */
  press (GTK_WIDGET (f.view), GDK_KEY_o, 0);
  g_assert_true (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  g_assert_cmpint (in, ==, 0);
  g_assert_cmpint (out, ==, 200 * GST_MSECOND);
  /* the playhead off the clip: I clears the marks */
  rushes_timeline_view_set_position (f.view, 3 * S);
  press (GTK_WIDGET (f.view), GDK_KEY_i, 0);
  g_assert_false (_rushes_timeline_view_get_retake_range (f.view, clip, &in, &out));
  g_assert_false (try_key (GTK_WIDGET (f.view), GDK_KEY_r, GDK_SHIFT_MASK));
  /* a title has no take to retake */
  title = rushes_project_add_title (f.project, 0, 2 * S, S, "The End", &error);
  g_assert_no_error (error);
  rushes_timeline_view_set_selected_clip (f.view, title);
  rushes_timeline_view_set_position (f.view, 2 * S + 200 * GST_MSECOND);
  press (GTK_WIDGET (f.view), GDK_KEY_i, 0);
  g_assert_false (_rushes_timeline_view_get_retake_range (f.view, title, &in, &out));
  g_assert_false (try_key (GTK_WIDGET (f.view), GDK_KEY_r, GDK_SHIFT_MASK));
  gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.retake-range", "(ss)", "", "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.queue)), ==, n_jobs);
  g_assert_cmpuint (rushes_timeline_clip_get_n_versions (clip), ==, 1);
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_GST);
  test_tolerate_gtk48_tooltip_critical ();

  g_test_add_func ("/timeline-generate/regenerate", test_regenerate);
  g_test_add_func ("/timeline-generate/extend", test_extend);
  g_test_add_func ("/timeline-generate/bridge", test_bridge);
  g_test_add_func ("/timeline-generate/retake", test_retake);
  g_test_add_func ("/timeline-generate/retake-refused", test_retake_refused);

  return g_test_run ();
}
