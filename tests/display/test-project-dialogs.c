/* test-project-dialogs.c: recovery after a crash and "Save changes?", as
 * the user sees them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rushes-project-dialogs.h"
#include "rushes-project-settings.h"
#include "rushes-resources.h"
#include "test-ui-util.h"

#define S RUSHES_SECOND

typedef struct
{
  gboolean       done;
  RushesProject *project;
  GError        *error;
} Result;

static void
recovery_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Result *r = data;

  r->project = rushes_project_offer_recovery_finish (result, &r->error);
  r->done = TRUE;
}

static char *
leave_autosave (const char *dir,
                char      **json_out)
{
  g_autoptr(RushesProject) project = rushes_project_new ();
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new ("/media/take.webm", 3 * S);
  g_autoptr(GError) error = NULL;

  rushes_project_enable_autosave (project, dir);
  rushes_project_append_clip (project, clip);
  rushes_project_trim_clip (project, 0, S, 2 * S);
  g_assert_true (rushes_project_autosave_now (project, &error));
  g_assert_no_error (error);
  *json_out = rushes_project_to_json (project);
  /* dropped without discarding: as after a crash */
  return g_strdup (rushes_project_get_autosave_path (project));
}

static AdwMessageDialog *
find_dialog (void)
{
  return (AdwMessageDialog *) test_find_message_dialog (NULL);
}

static void
test_recovery (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "autosave-test", NULL);
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;
  Result r = { 0 };
  AdwMessageDialog *dialog;

  /* nothing to recover: no question */
  rushes_project_offer_recovery (NULL, dir, NULL, NULL, recovery_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.project);
  g_assert_no_error (r.error);
  g_assert_null (find_dialog ());

  /* recover */
  path = leave_autosave (dir, &json);
  memset (&r, 0, sizeof r);
  rushes_project_offer_recovery (NULL, dir, NULL, NULL, recovery_cb, &r);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "recover");
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.project);
  {
    g_autofree char *recovered = rushes_project_to_json (r.project);

    g_assert_cmpstr (recovered, ==, json);
  }
  /* it keeps autosaving into the same file until closed cleanly */
  g_assert_cmpstr (rushes_project_get_autosave_path (r.project), ==, path);
  rushes_project_discard_autosave (r.project);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_object (&r.project);

  /* discard removes the autosave */
  g_clear_pointer (&json, g_free);
  g_clear_pointer (&path, g_free);
  path = leave_autosave (dir, &json);
  memset (&r, 0, sizeof r);
  rushes_project_offer_recovery (NULL, dir, NULL, NULL, recovery_cb, &r);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.project);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* in_use: the autosave of a project open now is neither offered nor removed */
static void
test_recovery_skips_in_use (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "autosave-in-use", NULL);
  g_autofree char *json = NULL;
  g_autofree char *left = NULL;
  g_autofree char *own = NULL;
  Result r = { 0 };

  /* only this session's own autosave: no question */
  own = leave_autosave (dir, &json);
  rushes_project_offer_recovery (NULL, dir, own, NULL, recovery_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (r.project);
  g_assert_null (find_dialog ());

  /* one left by a crash as well: that one is offered; Discard keeps ours */
  g_clear_pointer (&json, g_free);
  left = leave_autosave (dir, &json);
  memset (&r, 0, sizeof r);
  rushes_project_offer_recovery (NULL, dir, own, NULL, recovery_cb, &r);
  g_assert_nonnull (find_dialog ());
  adw_message_dialog_response (find_dialog (), "discard");
  gtk_window_destroy (GTK_WINDOW (find_dialog ()));
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (g_file_test (left, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (own, G_FILE_TEST_EXISTS));
  g_unlink (own);
}

typedef struct
{
  gboolean          done;
  RushesSaveChanges choice;
  GError           *error;
} SaveResult;

static void
save_changes_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  SaveResult *r = data;

  r->choice = rushes_project_ask_save_changes_finish (result, &r->error);
  r->done = TRUE;
}

/* Asks about project, clicks the button labelled label. */
static RushesSaveChanges
ask_and_click (RushesProject *project,
               const char    *label)
{
  SaveResult r = { 0 };
  AdwMessageDialog *dialog;
  GtkWidget *button;

  rushes_project_ask_save_changes (NULL, project, NULL, save_changes_cb, &r);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "save");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "save"), ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==, ADW_RESPONSE_DESTRUCTIVE);
  button = test_find_button (GTK_WIDGET (dialog), label);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  g_assert_null (find_dialog ());
  return r.choice;
}

static void
recent_written_cb (gboolean *written)
{
  *written = TRUE;
}

static void
test_save_changes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rushes-ask-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "heron.rushes", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(RushesProject) project = rushes_project_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *on_disk = NULL;
  GtkRecentInfo *info;

  g_assert_true (rushes_project_save (project, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &saved, NULL, NULL));
  rushes_project_set_format (project, 640, 360, 25, 1);
  g_assert_true (rushes_project_get_dirty (project));

  /* Cancel and Discard leave the file alone */
  g_assert_cmpint (ask_and_click (project, "_Cancel"), ==, RUSHES_SAVE_CHANGES_CANCEL);
  g_assert_cmpint (ask_and_click (project, "_Discard"), ==, RUSHES_SAVE_CHANGES_DISCARD);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, saved);
  g_assert_true (rushes_project_get_dirty (project));

  /* Save writes it, and the desktop's recent files list it */
  g_assert_cmpint (ask_and_click (project, "_Save"), ==, RUSHES_SAVE_CHANGES_SAVED);
  g_assert_false (rushes_project_get_dirty (project));
  {
    g_autoptr(RushesProject) reloaded = rushes_project_load (path, &error);
    guint width;

    g_assert_no_error (error);
    rushes_project_get_format (reloaded, &width, NULL, NULL, NULL);
    g_assert_cmpuint (width, ==, 640);
  }
  /* …and are written before this test's folders go */
  {
    gboolean written = FALSE;

    g_signal_connect_swapped (gtk_recent_manager_get_default (), "changed",
                              G_CALLBACK (recent_written_cb), &written);
    while (!written)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handlers_disconnect_by_func (gtk_recent_manager_get_default (), recent_written_cb, &written);
  }
  info = gtk_recent_manager_lookup_item (gtk_recent_manager_get_default (), uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, RUSHES_PROJECT_MIME_TYPE);
  g_assert_cmpstr (gtk_recent_info_get_mime_type (info), ==, "application/x-rushes-project");
  gtk_recent_info_unref (info);
  g_unlink (path);
  g_rmdir (dir);
}

static GtkWidget *
child (GtkWidget  *window,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window, RUSHES_TYPE_PROJECT_SETTINGS, name));
}

static void
test_project_format (void)
{
  g_autoptr(RushesProject) project = rushes_project_new ();
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new ("/media/take.webm", 3 * S);
  RushesUndoStack *stack = rushes_project_get_undo_stack (project);
  RushesProjectSettings *settings;
  guint w, h, n, d;

  rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
  rushes_project_append_clip (project, clip);
  rushes_undo_stack_clear (stack);

  /* Apply with nothing changed: no edit */
  settings = rushes_project_settings_new (NULL, project);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (child (GTK_WIDGET (settings), "auto_switch"))));
  g_assert_false (gtk_widget_get_sensitive (child (GTK_WIDGET (settings), "width_row")));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (child (GTK_WIDGET (settings), "width_spin"))), ==, 320);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.apply", NULL));
  g_assert_false (rushes_undo_stack_get_can_undo (stack));

  /* a fixed format: one undoable edit */
  settings = rushes_project_settings_new (NULL, project);
  gtk_switch_set_active (GTK_SWITCH (child (GTK_WIDGET (settings), "auto_switch")), FALSE);
  g_assert_true (gtk_widget_get_sensitive (child (GTK_WIDGET (settings), "width_row")));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (GTK_WIDGET (settings), "width_spin")), 640);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (child (GTK_WIDGET (settings), "height_spin")), 360);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (GTK_WIDGET (settings), "rate_row")), 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (settings), "settings.apply", NULL));
  rushes_project_get_format (project, &w, &h, &n, &d);
  g_assert_cmpuint (w, ==, 640);
  g_assert_cmpuint (h, ==, 360);
  g_assert_cmpuint (n, ==, 30000);
  g_assert_cmpuint (d, ==, 1001);
  g_assert_false (rushes_project_get_auto_format (project));

  /* undo: back to the first clip's */
  g_assert_true (rushes_project_undo (project));
  rushes_project_get_format (project, &w, &h, &n, &d);
  g_assert_cmpuint (w, ==, 320);
  g_assert_cmpuint (n, ==, 25);
  g_assert_true (rushes_project_get_auto_format (project));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  g_assert_nonnull (rushes_get_resource ());

  g_test_add_func ("/project-dialogs/recovery", test_recovery);
  g_test_add_func ("/project-dialogs/recovery-skips-in-use", test_recovery_skips_in_use);
  g_test_add_func ("/project-dialogs/save-changes", test_save_changes);
  g_test_add_func ("/project-dialogs/project-format", test_project_format);

  return g_test_run ();
}
