/* rushes-window-actions.c: the window's actions (generate, retry, reuse,
 * trash, timeline, export)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-export-dialog.h"
#include "rushes-project-dialogs.h"
#include "rushes-project-settings.h"
#include "rushes-window-private.h"

static void
rushes_window_remember_prompt (RushesWindow *self,
                               const char   *prompt)
{
  if (self->history != NULL && prompt != NULL && prompt[0] != '\0')
    rushes_prompt_history_add (self->history, prompt);
}

static void
rushes_window_generate_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  RushesWindow *self = user_data;
  const char *reason = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  if (!rushes_window_can_generate (rushes_prompt_editor_get_prompt (self->prompt_editor),
                                   rushes_params_panel_get_backend (self->params_panel) != NULL,
                                   &reason))
    {
      rushes_window_add_toast (self, reason);
      return;
    }
  if (self->queue == NULL)
    {
      rushes_window_add_toast (self, _("The job queue is not running"));
      return;
    }

  /* Rendering needs GStreamer: start it on its worker and come back when it
   * is up, rather than wait for a (possibly cold) plugin scan here. */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

    if (RUSHES_IS_APPLICATION (app) && !rushes_application_get_media_ready (RUSHES_APPLICATION (app)))
      {
        self->generate_pending = TRUE;
        rushes_application_start_media (RUSHES_APPLICATION (app));
        return;
      }
  }

  /* The wells' frames stored (a bad one: its message, nothing submitted);
   * each job copies the recipe: editing goes on while they run. */
  recipe = rushes_params_panel_build_recipe (self->params_panel, &error);
  if (recipe == NULL)
    {
      rushes_window_add_toast (self, error->message);
      return;
    }

  /* a sweep: a job per value (asked first when large) */
  if (_rushes_window_generate_sweep (self, recipe))
    return;

  jobs = rushes_job_queue_submit_variations (self->queue, recipe,
                                             rushes_params_panel_get_variations (self->params_panel),
                                             &error);
  if (jobs == NULL)
    {
      rushes_window_add_toast (self, error->message);
      return;
    }

  rushes_window_remember_prompt (self, rushes_recipe_get_prompt (self->recipe));
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-backend", rushes_recipe_get_backend (self->recipe));
}

static void
rushes_window_toggle_sidebar_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  RushesWindow *self = user_data;

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

RushesTake *
_rushes_window_find_take (RushesWindow *self,
                         const char   *path,
                         guint        *position)
{
  GListModel *takes = rushes_window_get_takes (self);
  guint n = g_list_model_get_n_items (takes);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (takes, i);

      if (g_strcmp0 (rushes_take_get_path (take), path) == 0)
        {
          if (position != NULL)
            *position = i;
          return take;   /* the store keeps it alive */
        }
    }
  return NULL;
}

static void
rushes_window_retry_job_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  RushesWindow *self = user_data;
  RushesJob *job;
  g_autoptr(GError) error = NULL;

  if (self->queue == NULL)
    return;
  job = rushes_job_queue_lookup (self->queue, g_variant_get_string (param, NULL));
  if (job == NULL)
    return;
  /* Same recipe, same (resolved) seed: the same take, if the backend allows. */
  if (rushes_job_queue_submit (self->queue, rushes_job_get_recipe (job), &error) == NULL)
    rushes_window_add_toast (self, error->message);
}

static void
rushes_window_clear_finished_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  RushesWindow *self = user_data;

  if (self->queue != NULL)
    rushes_job_queue_remove_finished (self->queue);
}

static void
rushes_window_reuse_take_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = _rushes_window_find_take (self, g_variant_get_string (param, NULL), NULL);
  g_autoptr(RushesRecipe) recipe = NULL;
  gboolean keep_seed = TRUE;

  if (take == NULL)
    return;

  recipe = rushes_recipe_copy (rushes_take_get_recipe (take));
  if (self->settings != NULL)
    keep_seed = g_settings_get_boolean (self->settings, "reuse-seed");
  if (!keep_seed)
    rushes_recipe_set_seed (recipe, RUSHES_RECIPE_SEED_RANDOM);
  rushes_window_set_recipe (self, recipe);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  rushes_prompt_editor_grab_prompt_focus (self->prompt_editor);
}

static void
rushes_window_trash_take_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = _rushes_window_find_take (self, g_variant_get_string (param, NULL), NULL);

  /* hidden now, to the trash once its Undo toast goes */
  if (take != NULL)
    _rushes_window_trash_take (self, take);
}

static gboolean
rushes_window_ensure_media (RushesWindow  *self,
                            GError       **error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (RUSHES_IS_APPLICATION (app))
    rushes_application_ensure_media (RUSHES_APPLICATION (app));
  /* GES stays on this (the main) thread */
  return rushes_timeline_ensure_init (error);
}

static void
rushes_window_export_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  RushesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  RushesExportDialog *dialog;

  if (!rushes_window_ensure_media (self, &error))
    {
      rushes_window_add_toast (self, error->message);
      return;
    }
  dialog = rushes_export_dialog_new (GTK_WINDOW (self), self->project);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rushes_window_add_to_timeline_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  RushesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  GSList *files;
  gboolean ok;

  if (!rushes_window_ensure_media (self, &error))
    {
      rushes_window_add_toast (self, error->message);
      return;
    }
  files = g_slist_prepend (NULL, g_file_new_for_path (g_variant_get_string (param, NULL)));
  ok = rushes_timeline_view_add_files (self->timeline_view, files,
                                       rushes_project_get_n_clips (self->project), &error);
  g_slist_free_full (files, g_object_unref);
  if (!ok)
    rushes_window_add_toast (self, error->message);
}

static void
rushes_window_open_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RushesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = rushes_project_open_dialog_finish (result, &error);

  if (project == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        rushes_window_add_toast (self, error->message);
      return;
    }
  /* asks first whether to save unsaved changes */
  _rushes_window_replace_project (self, project);
}

static void
rushes_window_open_project_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  RushesWindow *self = user_data;

  rushes_project_open_dialog (GTK_WINDOW (self), self->cancellable,
                              rushes_window_open_done_cb, g_object_ref (self));
}

static void
rushes_window_save_done_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(RushesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (rushes_project_save_as_dialog_finish (result, &error))
    {
      if (rushes_project_get_path (self->project) != NULL)
        rushes_project_add_recent (rushes_project_get_path (self->project));
      rushes_window_add_toast (self, _("Project saved"));
    }
  else if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    rushes_window_add_toast (self, error->message);
}

static void
rushes_window_save_project_as_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  RushesWindow *self = user_data;

  rushes_project_save_as_dialog (GTK_WINDOW (self), self->project, self->cancellable,
                                 rushes_window_save_done_cb, g_object_ref (self));
}

static void
rushes_window_save_project_action (GSimpleAction *action,
                                   GVariant      *param,
                                   gpointer       user_data)
{
  RushesWindow *self = user_data;
  g_autoptr(GError) error = NULL;
  const char *path = rushes_project_get_path (self->project);

  if (path == NULL)
    {
      rushes_window_save_project_as_action (action, param, user_data);
      return;
    }
  if (!rushes_project_save (self->project, path, &error))
    rushes_window_add_toast (self, error->message);
}

static void
rushes_window_project_settings_action (GSimpleAction *action,
                                       GVariant      *param,
                                       gpointer       user_data)
{
  RushesWindow *self = user_data;

  gtk_window_present (GTK_WINDOW (rushes_project_settings_new (GTK_WINDOW (self), self->project)));
}

/* The timeline's title and inspector, from the menu and anywhere in the window */
static void
rushes_window_timeline_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  RushesWindow *self = user_data;
  /* win.NAME is timeline.NAME */
  g_autofree char *name = g_strconcat ("timeline.", g_action_get_name (G_ACTION (action)), NULL);

  gtk_widget_activate_action (GTK_WIDGET (self->timeline_view), name, NULL);
}

/* The Source monitor's take at its frame becomes the start (end) image. */
static void
rushes_window_use_frame_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  RushesWindow *self = user_data;
  gboolean end = g_str_equal (g_action_get_name (G_ACTION (action)), "use-frame-as-end");
  RushesPlayer *player = self->player_view != NULL ? rushes_player_view_get_player (self->player_view) : NULL;
  GFile *file = player != NULL ? rushes_player_get_file (player) : NULL;
  RushesImageWell *well = rushes_params_panel_get_image_well (self->params_panel, end);
  g_autofree char *spec = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *message = NULL;

  if (file == NULL || g_file_peek_path (file) == NULL)
    {
      rushes_window_add_toast (self, _("Open a take in the viewer first"));
      return;
    }
  spec = g_strdup_printf ("%s@%" G_GUINT64_FORMAT "f", g_file_peek_path (file), rushes_player_get_frame (player));
  rushes_image_well_set_spec (well, spec);
  shown = rushes_image_well_describe (spec);
  if (rushes_params_panel_get_visible_fields (self->params_panel) &
      (end ? RUSHES_FIELD_END_IMAGE : RUSHES_FIELD_START_IMAGE))
    message = g_strdup_printf (end ? _("End image: %s") : _("Start image: %s"), shown);
  else   /* kept for a backend that can */
    message = g_strdup_printf (end ? _("End image: %s (this backend does not use one)")
                                   : _("Start image: %s (this backend does not use one)"), shown);
  adw_flap_set_reveal_flap (self->flap, TRUE);
  rushes_window_add_toast (self, message);
}

static const GActionEntry win_entries[] = {
  { .name = "open-project", .activate = rushes_window_open_project_action },
  { .name = "save-project", .activate = rushes_window_save_project_action },
  { .name = "save-project-as", .activate = rushes_window_save_project_as_action },
  { .name = "project-settings", .activate = rushes_window_project_settings_action },
  { .name = "export", .activate = rushes_window_export_action },
  { .name = "add-to-timeline", .activate = rushes_window_add_to_timeline_action, .parameter_type = "s" },
  { .name = "generate", .activate = rushes_window_generate_action },
  { .name = "toggle-sidebar", .activate = rushes_window_toggle_sidebar_action },
  { .name = "retry-job", .activate = rushes_window_retry_job_action, .parameter_type = "s" },
  { .name = "clear-finished", .activate = rushes_window_clear_finished_action },
  { .name = "reuse-take", .activate = rushes_window_reuse_take_action, .parameter_type = "s" },
  { .name = "trash-take", .activate = rushes_window_trash_take_action, .parameter_type = "s" },
  { .name = "add-title", .activate = rushes_window_timeline_action },
  { .name = "inspect-clip", .activate = rushes_window_timeline_action },
  { .name = "regenerate", .activate = rushes_window_timeline_action },
  { .name = "extend-end", .activate = rushes_window_timeline_action },
  { .name = "bridge", .activate = rushes_window_timeline_action },
  { .name = "retake", .activate = rushes_window_timeline_action },
  { .name = "use-frame-as-start", .activate = rushes_window_use_frame_action },
  { .name = "use-frame-as-end", .activate = rushes_window_use_frame_action },
  { .name = "cancel-sweep", .activate = _rushes_window_cancel_sweep_action, .parameter_type = "s" },
};

/* Needs the timeline view: win.undo and win.redo are its undo and redo
 * actions (one pair, enabled as the project's history allows). */
void
_rushes_window_install_actions (RushesWindow *self)
{
  GActionMap *history = G_ACTION_MAP (rushes_timeline_view_get_history_actions (self->timeline_view));
  GtkEventController *keys;

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
  g_action_map_add_action (G_ACTION_MAP (self), g_action_map_lookup_action (history, "undo"));
  g_action_map_add_action (G_ACTION_MAP (self), g_action_map_lookup_action (history, "redo"));

  /* Undo and redo anywhere in the window, the only keys for them. Bubble
   * phase, not application accels: a focused text view keeps its own
   * Ctrl+Z for its text. */
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.undo")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_y, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("win.redo")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_t, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("win.add-title")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
