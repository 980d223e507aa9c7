/* test-image-wells.c: the start and end image wells of the parameter panel,
 * and Generate with them (run under xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "media-fixtures.h"
#include "rushes-application.h"
#include "rushes-image-well.h"
#include "rushes-params-panel.h"
#include "rushes-player-view.h"
#include "rushes-prompt-editor.h"
#include "rushes-sketch-backend.h"
#include "rushes-window.h"
#include "test-caps-backend.h"
#include "test-ui-util.h"
#include "test-util.h"

#define WAIT_MS (120 * 1000)
#define W 160
#define H 120
#define FRAME_SIZE (W * H * 3)
/* 2 s at 25 fps of moving shapes: each frame is unlike its neighbours */
#define CLIP_ARGS "-f lavfi -i testsrc2=s=160x120:r=25:d=2 -c:v libx264 -g 25 -bf 2 -pix_fmt yuv420p"

/* ---- a backend with chosen capabilities ------------------------------ */

static RushesBackend *
test_backend_new (const char   *id,
                  RushesFields  fields)
{
  RushesCapabilities *caps = rushes_capabilities_new ();
  RushesBackend *backend;

  caps->fields = fields;
  backend = test_caps_backend_new (id, FALSE, caps);
  rushes_capabilities_unref (caps);
  return backend;
}

/* ---- helpers ----------------------------------------------------------- */

static const char *
clip (void)
{
  return media_fixture ("wells.mp4", CLIP_ARGS);
}

/* a file named like an image that is not one */
static const char *
bad_image (void)
{
  static char *path;

  if (path == NULL)
    {
      path = g_build_filename (media_fixture_dir (), "not-an-image.png", NULL);
      g_assert_true (g_file_set_contents (path, "this is text, not a PNG", -1, NULL));
    }
  return path;
}

static gboolean
well_settled (gpointer well)
{
  return !rushes_image_well_get_busy (well);
}

static gboolean
row_shown (RushesImageWell *well)
{
  return gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (well)));
}

static const char *
well_text (RushesImageWell *well)
{
  GtkLabel *label = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (well), RUSHES_TYPE_IMAGE_WELL,
                                                              "source_label"));

  return gtk_label_get_text (label);
}

static void
set_and_wait (RushesImageWell *well,
              const char      *spec)
{
  rushes_image_well_set_spec (well, spec);
  test_wait_until (well_settled, well, WAIT_MS);
}

/* drops value on the well, as GTK does when a file is dropped */
static gboolean
drop_on (RushesImageWell *well,
         const GValue    *value)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (well));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        {
          g_signal_emit_by_name (controller, "drop", value, 10.0, 10.0, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
}

/* ---- the widget ---------------------------------------------------------- */

static void
test_spec_for_file (void)
{
  g_autofree char *end_video = rushes_image_well_spec_for_file ("/takes/shot.webm", TRUE);
  g_autofree char *start_video = rushes_image_well_spec_for_file ("/takes/shot.webm", FALSE);
  g_autofree char *end_image = rushes_image_well_spec_for_file ("/stills/sky.png", TRUE);
  g_autofree char *frame = rushes_image_well_describe ("/takes/shot.mp4@76f");
  g_autofree char *last = rushes_image_well_describe ("/takes/shot.mp4@end");
  g_autofree char *still = rushes_image_well_describe ("/stills/sky.png");

  g_assert_cmpstr (end_video, ==, "/takes/shot.webm@end");
  g_assert_cmpstr (start_video, ==, "/takes/shot.webm");
  g_assert_cmpstr (end_image, ==, "/stills/sky.png");
  g_assert_cmpstr (frame, ==, "shot.mp4 @ frame 76");
  g_assert_cmpstr (last, ==, "shot.mp4 @ the last frame");
  g_assert_cmpstr (still, ==, "sky.png");
}

static void
test_well_shows_frame (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  RushesImageWell *well = RUSHES_IMAGE_WELL (rushes_image_well_new ());
  g_autofree char *spec = g_strconcat (clip (), "@10f", NULL);
  g_autofree char *past = g_strconcat (clip (), "@999f", NULL);
  GdkPaintable *thumb;

  g_object_set (well, "title", "Start Image", NULL);
  gtk_window_set_child (window, GTK_WIDGET (well));
  gtk_window_present (window);
  test_wait_until (test_widget_mapped, well, WAIT_MS);

  /* a frame of a video: its thumbnail (the clip's aspect), its name and time */
  set_and_wait (well, spec);
  g_assert_null (rushes_image_well_get_error (well));
  thumb = rushes_image_well_get_paintable (well);
  g_assert_nonnull (thumb);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (thumb) * H, ==, gdk_paintable_get_intrinsic_height (thumb) * W);
  g_assert_cmpstr (well_text (well), ==, "wells.mp4 @ frame 10");

  /* past the end, and a file that does not decode: the reason, the spec kept */
  set_and_wait (well, past);
  g_assert_nonnull (rushes_image_well_get_error (well));
  g_assert_nonnull (strstr (well_text (well), rushes_image_well_get_error (well)));
  g_assert_null (rushes_image_well_get_paintable (well));
  g_assert_cmpstr (rushes_image_well_get_spec (well), ==, past);
  set_and_wait (well, bad_image ());
  g_assert_nonnull (rushes_image_well_get_error (well));
  g_assert_nonnull (strstr (rushes_image_well_get_error (well), "not-an-image.png"));

  /* the clear action (the clear button, Delete) empties it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (well), "well.clear", NULL));
  g_assert_null (rushes_image_well_get_spec (well));
  g_assert_null (rushes_image_well_get_error (well));

  gtk_window_destroy (window);
  test_drain ();
}

static void
test_well_takes_drops (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  RushesImageWell *well = RUSHES_IMAGE_WELL (rushes_image_well_new ());
  g_autoptr(GFile) file = g_file_new_for_path (clip ());
  GSList files = { file, NULL };
  GValue value = G_VALUE_INIT;
  g_autofree char *last = g_strconcat (clip (), "@end", NULL);

  rushes_image_well_set_end (well, TRUE);
  gtk_window_set_child (window, GTK_WIDGET (well));
  gtk_window_present (window);
  test_wait_until (test_widget_mapped, well, WAIT_MS);

  /* a video dropped on the end well: its last frame */
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, &files);
  g_assert_true (drop_on (well, &value));
  g_value_unset (&value);
  g_assert_cmpstr (rushes_image_well_get_spec (well), ==, last);
  test_wait_until (well_settled, well, WAIT_MS);
  g_assert_null (rushes_image_well_get_error (well));
  g_assert_nonnull (rushes_image_well_get_paintable (well));

  /* a frame reference dropped as text */
  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, bad_image ());
  g_assert_true (drop_on (well, &value));
  g_value_unset (&value);
  g_assert_cmpstr (rushes_image_well_get_spec (well), ==, bad_image ());
  test_wait_until (well_settled, well, WAIT_MS);
  g_assert_nonnull (rushes_image_well_get_error (well));

  gtk_window_destroy (window);
  test_drain ();
}

/* ---- the panel ----------------------------------------------------------- */

static void
test_wells_follow_capabilities (void)
{
  RushesParamsPanel *panel = g_object_ref_sink (rushes_params_panel_new ());
  g_autoptr(GListStore) backends = g_list_store_new (RUSHES_TYPE_BACKEND);
  g_autoptr(RushesBackend) sketch = rushes_sketch_backend_new ();
  g_autoptr(RushesBackend) plain = test_backend_new ("plain", RUSHES_FIELD_SECONDS | RUSHES_FIELD_SEED);
  g_autoptr(RushesBackend) first_only = test_backend_new ("first-only", RUSHES_FIELD_SECONDS | RUSHES_FIELD_START_IMAGE);
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();
  g_autoptr(RushesRecipe) sent = NULL;
  g_autoptr(GError) error = NULL;
  RushesImageWell *start = rushes_params_panel_get_image_well (panel, FALSE);
  RushesImageWell *end = rushes_params_panel_get_image_well (panel, TRUE);
  g_autofree char *spec = g_strconcat (clip (), "@5f", NULL);

  g_list_store_append (backends, sketch);
  g_list_store_append (backends, plain);
  g_list_store_append (backends, first_only);
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_params_panel_set_recipe (panel, recipe);
  rushes_params_panel_set_backends (panel, G_LIST_MODEL (backends));

  /* Sketch honours both */
  g_assert_true (row_shown (start));
  g_assert_true (row_shown (end));
  g_assert_false (rushes_image_well_get_end (start));
  g_assert_true (rushes_image_well_get_end (end));
  g_assert_cmpuint (rushes_params_panel_get_visible_fields (panel) & (RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE),
                    ==, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE);
  set_and_wait (start, spec);
  set_and_wait (end, spec);

  /* neither: hidden, kept, not sent */
  rushes_recipe_set_backend (recipe, "plain");
  g_assert_false (row_shown (start));
  g_assert_false (row_shown (end));
  g_assert_cmpstr (rushes_image_well_get_spec (start), ==, spec);
  sent = rushes_params_panel_build_recipe (panel, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rushes_recipe_get_start_image (sent), ==, "");
  g_assert_cmpstr (rushes_recipe_get_end_image (sent), ==, "");
  g_clear_object (&sent);

  /* a start image only */
  rushes_recipe_set_backend (recipe, "first-only");
  g_assert_true (row_shown (start));
  g_assert_false (row_shown (end));
  sent = rushes_params_panel_build_recipe (panel, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (rushes_recipe_get_start_image (sent), G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (rushes_recipe_get_start_image_source (sent), ==, spec);
  g_assert_cmpstr (rushes_recipe_get_end_image (sent), ==, "");
  /* the editing recipe is not touched */
  g_assert_cmpstr (rushes_recipe_get_start_image (recipe), ==, "");
  g_clear_object (&sent);

  /* back on Sketch, both as they were */
  rushes_recipe_set_backend (recipe, "sketch");
  g_assert_true (row_shown (end));
  g_assert_cmpstr (rushes_image_well_get_spec (end), ==, spec);

  g_object_unref (panel);
}

/* ---- Generate in the window -------------------------------------------- */

static gboolean
queue_has (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
job_finished (gpointer data)
{
  return rushes_job_is_finished (data);
}

static gboolean
has_toast (gpointer window)
{
  return rushes_window_get_last_toast (window) != NULL;
}

static gboolean
player_has_take (gpointer stack)
{
  GtkWidget *view = gtk_stack_get_child_by_name (stack, "player");

  return view != NULL && rushes_player_get_file (rushes_player_view_get_player (RUSHES_PLAYER_VIEW (view))) != NULL;
}

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static void
sketch_recipe (RushesWindow *window)
{
  RushesRecipe *recipe = rushes_window_get_recipe (window);
  GtkWidget *editor = child (window, RUSHES_TYPE_WINDOW, "prompt_editor");
  GtkTextView *view = GTK_TEXT_VIEW (child (editor, RUSHES_TYPE_PROMPT_EDITOR, "prompt_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "a kite from the frame", -1);
  rushes_recipe_set_backend (recipe, "sketch");
  rushes_recipe_set_seconds (recipe, 1);
  rushes_recipe_set_width (recipe, W);
  rushes_recipe_set_height (recipe, H);
  rushes_recipe_set_fps (recipe, 12);
  rushes_recipe_set_seed (recipe, 7);
}

static void
test_generate_with_wells (void)
{
  RushesJobQueue *queue = rushes_application_get_job_queue (test_app);
  RushesWindow *window = test_open_window (NULL, TEST_OPEN_ALLOCATED, WAIT_MS);
  RushesParamsPanel *panel = RUSHES_PARAMS_PANEL (child (window, RUSHES_TYPE_WINDOW, "params_panel"));
  RushesImageWell *start = rushes_params_panel_get_image_well (panel, FALSE);
  g_autofree char *spec = g_strconcat (clip (), "@30f", NULL);
  g_autofree guint8 *source = NULL;
  g_autofree guint8 *take = NULL;
  g_autoptr(RushesJob) job = NULL;
  RushesRecipe *recipe;
  guint n_source = 0, n_take = 0;
  double chosen, other;

  sketch_recipe (window);
  rushes_params_panel_set_variations (panel, 1);
  g_assert_true (row_shown (start));

  /* a file that does not decode: the message, nothing submitted */
  set_and_wait (start, bad_image ());
  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  /* (the first Generate starts GStreamer, and goes on when it is up) */
  test_wait_until (has_toast, window, WAIT_MS);
  test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (queue)), ==, 0);
  g_assert_true (g_str_has_prefix (rushes_window_get_last_toast (window), "Start image: "));
  g_assert_nonnull (strstr (rushes_window_get_last_toast (window), "not-an-image.png"));

  /* frame 30 of the clip: the take's first frame is that frame */
  set_and_wait (start, spec);
  g_action_group_activate_action (G_ACTION_GROUP (window), "generate", NULL);
  test_wait_until (queue_has, queue, WAIT_MS);
  job = g_list_model_get_item (G_LIST_MODEL (queue), 0);
  test_wait_until (job_finished, job, WAIT_MS);
  g_assert_cmpint (rushes_job_get_state (job), ==, RUSHES_JOB_SUCCEEDED);
  recipe = rushes_job_get_recipe (job);
  g_assert_cmpstr (rushes_recipe_get_start_image_source (recipe), ==, spec);
  g_assert_true (g_file_test (rushes_recipe_get_start_image (recipe), G_FILE_TEST_IS_REGULAR));

  source = media_decode_rgb (clip (), W, H, &n_source);
  take = media_decode_rgb (rushes_job_get_take_path (job), W, H, &n_take);
  g_assert_cmpuint (n_source, ==, 50);
  g_assert_cmpuint (n_take, >, 1);
  chosen = media_psnr (take, source + (gsize) 30 * FRAME_SIZE, FRAME_SIZE);
  other = media_psnr (take, source + (gsize) 20 * FRAME_SIZE, FRAME_SIZE);
  g_test_message ("first frame vs frame 30: %.1f dB, vs frame 20: %.1f dB", chosen, other);
  g_assert_cmpfloat (chosen, >, 30);
  g_assert_cmpfloat (chosen, >, other + 3);
  /* the well still holds it for the next Generate */
  g_assert_cmpstr (rushes_image_well_get_spec (start), ==, spec);

  /* the take plays in the viewer: its frame 5 becomes the end image (Ctrl+Alt+2) */
  {
    GtkStack *stack = GTK_STACK (child (window, RUSHES_TYPE_WINDOW, "player_stack"));
    RushesPlayerView *view;
    RushesPlayer *player;
    RushesImageWell *end = rushes_params_panel_get_image_well (panel, TRUE);
    g_autofree char *frame = g_strconcat (rushes_job_get_take_path (job), "@5f", NULL);
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (test_app), "win.use-frame-as-end");

    g_assert_cmpstr (accels[0], ==, "<Control><Alt>2");
    test_wait_until (player_has_take, stack, WAIT_MS);
    view = RUSHES_PLAYER_VIEW (gtk_stack_get_child_by_name (stack, "player"));
    player = rushes_player_view_get_player (view);
    g_assert_cmpstr (g_file_peek_path (rushes_player_get_file (player)), ==, rushes_job_get_take_path (job));
    test_wait_settled (player, 0);
    rushes_player_step (player, 5);
    test_wait_settled (player, 0);
    g_assert_cmpuint (rushes_player_get_frame (player), ==, 5);
    g_action_group_activate_action (G_ACTION_GROUP (window), "use-frame-as-end", NULL);
    g_assert_cmpstr (rushes_image_well_get_spec (end), ==, frame);
    {
      g_autofree char *name = g_path_get_basename (rushes_job_get_take_path (job));
      g_autofree char *toast = g_strdup_printf ("End image: %s @ frame 5", name);

      g_assert_cmpstr (rushes_window_get_last_toast (window), ==, toast);
    }
    test_wait_until (well_settled, end, WAIT_MS);
    g_assert_null (rushes_image_well_get_error (end));
  }

  test_close_window (window, TEST_CLOSE_DEFAULT, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_DEFAULT);

  g_test_add_func ("/image-well/spec-for-file", test_spec_for_file);
  g_test_add_func ("/image-well/shows-frame", test_well_shows_frame);
  g_test_add_func ("/image-well/takes-drops", test_well_takes_drops);
  g_test_add_func ("/image-well/follows-capabilities", test_wells_follow_capabilities);
  g_test_add_data_func ("/image-well/generate", test_generate_with_wells, test_with_app_no_window);

  return g_test_run ();
}
