/* rushes-window-library.c: the main window's library of takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library folder (checked, scanned, rescanned when Preferences change
 * it), the take grid and its selection, the player in the centre that
 * plays the selected take, and the trims it saves as new takes.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rushes-application.h"
#include "rushes-take-cell.h"
#include "rushes-window-private.h"

char *
rushes_window_library_folder (RushesWindow *self)
{
  g_autofree char *folder = NULL;

  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "library-folder");
  if (folder != NULL && folder[0] != '\0')
    return g_steal_pointer (&folder);

  return rushes_library_get_default_dir ();
}

/* Returns FALSE with a message naming the folder and the reason. */
static gboolean
rushes_window_check_folder (const char  *folder,
                            char       **message)
{
  if (!g_path_is_absolute (folder))
    {
      *message = g_strdup_printf (_("The library folder “%s” is not an absolute path. Choose another one in Preferences."),
                                  folder);
      return FALSE;
    }
  if (g_mkdir_with_parents (folder, 0755) != 0 || g_access (folder, W_OK) != 0)
    {
      int saved_errno = errno;
      *message = g_strdup_printf (_("Cannot write to the library folder “%s” (%s). Choose another one in Preferences."),
                                  folder, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* The folder from the settings, checked: FALSE and a toast if it is unusable. */
static gboolean
rushes_window_check_library (RushesWindow  *self,
                             char         **folder)
{
  g_autofree char *message = NULL;

  *folder = rushes_window_library_folder (self);
  if (!rushes_window_check_folder (*folder, &message))
    {
      rushes_window_add_toast (self, message);
      return FALSE;
    }
  return TRUE;
}

static void
rushes_window_reload_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(RushesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!rushes_library_reload_finish (RUSHES_LIBRARY (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the library: %s"), error->message);
      rushes_window_add_toast (self, message);
      return;
    }
  if (error == NULL)
    {
      /* one word for every file it left out, not one each */
      g_autofree char *skipped = rushes_library_describe_skipped (RUSHES_LIBRARY (object));

      if (skipped != NULL)
        rushes_window_add_toast (self, skipped);
    }

  /* A scan replaces the whole list: takes that jobs finished while it ran
   * may be missing from it. Put them back. */
  if (self->queue != NULL && self->library != NULL)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
      g_autofree char *dir = NULL;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(RushesJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
          const char *path = rushes_job_get_take_path (job);

          if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED || path == NULL ||
              rushes_library_lookup (self->library, path) != NULL)
            continue;
          g_free (dir);
          dir = g_path_get_dirname (path);
          if (g_strcmp0 (dir, rushes_library_get_dir (self->library)) == 0 &&
              rushes_library_add_file (self->library, path, NULL) != NULL)
            _rushes_window_job_take_ready (self, rushes_library_lookup (self->library, path));
        }
    }
}

static void
rushes_window_scan_library (RushesWindow *self,
                            const char   *folder)
{
  if (self->library == NULL)
    return;
  if (g_strcmp0 (rushes_library_get_dir (self->library), folder) != 0)
    rushes_library_set_dir (self->library, folder);
  rushes_library_reload_async (self->library, self->cancellable,
                               rushes_window_reload_done_cb, g_object_ref (self));
}

/* At start-up, after the first frame: check the folder, read it. */
void
_rushes_window_load_library (RushesWindow *self)
{
  g_autofree char *folder = NULL;

  if (rushes_window_check_library (self, &folder))
    rushes_window_scan_library (self, folder);
}

/* Preferences changed the folder: check it, point the queue at it, rescan. */
void
_rushes_window_library_folder_changed_cb (RushesWindow *self)
{
  g_autofree char *folder = NULL;

  if (!rushes_window_check_library (self, &folder))
    return;
  if (self->queue != NULL)
    rushes_job_queue_set_library_dir (self->queue, folder);
  rushes_window_scan_library (self, folder);
}

void
_rushes_window_update_lists (RushesWindow *self)
{
  guint n_takes = g_list_model_get_n_items (rushes_window_get_takes (self));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->take_selection));
  guint n_jobs = self->queue != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->queue)) : 0;
  g_autofree char *count = NULL;

  gtk_stack_set_visible_child_name (self->library_stack,
                                    n_shown > 0 ? "takes" : n_takes > 0 ? "no-match" : "empty");
  /* takes to show: thumbnails need GStreamer */
  if (n_takes > 0 && self->started)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (RUSHES_IS_APPLICATION (app))
        rushes_application_start_media (RUSHES_APPLICATION (app));
    }
  if (n_shown < n_takes)
    /* TRANSLATORS: in the library's header, while a search or filter hides some */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u take", "%u of %u takes", n_takes),
                             n_shown, n_takes);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u take", "%u takes", n_takes), n_takes);
  gtk_label_set_label (self->take_count_label, n_takes > 0 ? count : "");
  gtk_revealer_set_reveal_child (self->queue_revealer, n_jobs > 0);
}

/* Save as New Take in the player: the trim joins the library, selected. */
static void
rushes_window_trimmed_cb (RushesWindow     *self,
                          GFile            *file,
                          RushesPlayerView *view)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  RushesTake *take = NULL;

  if (self->library != NULL && path != NULL)
    take = rushes_library_add_file (self->library, path, &error);

  if (take == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The trimmed take is at %s but not in the library: %s"),
                                                  path, error != NULL ? error->message : _("it is outside the library folder"));
      rushes_window_add_toast (self, message);
      return;
    }
  _rushes_window_add_take (self, take);
  rushes_window_add_toast (self, _("Saved as a new take"));
}

/* The player needs GStreamer: it is made when that is up. Its keys work
 * in the whole review area (the viewer and the library). */
gboolean
_rushes_window_ensure_player (RushesWindow *self)
{
  if (self->player_view != NULL)
    return TRUE;
  if (!rushes_application_media_ready_now ())
    return FALSE;

  self->player_view = RUSHES_PLAYER_VIEW (rushes_player_view_new ());
  gtk_stack_add_named (self->player_stack, GTK_WIDGET (self->player_view), "player");
  g_signal_connect_object (self->player_view, "trimmed",
                           G_CALLBACK (rushes_window_trimmed_cb), self, G_CONNECT_SWAPPED);
  rushes_player_view_add_shortcuts_to (self->player_view,
                                       gtk_widget_get_ancestor (GTK_WIDGET (self->player_stack), GTK_TYPE_PANED));
  _rushes_window_link_monitor (self);
  return TRUE;
}

/* The centre plays the selected take. Before GStreamer is up, it names the
 * take (title and settings) until the player can show it. */
void
_rushes_window_take_selected_cb (RushesWindow *self)
{
  RushesTake *take = gtk_single_selection_get_selected_item (self->take_selection);
  RushesRecipe *recipe;
  g_autofree char *duration = NULL;
  g_autofree char *details = NULL;

  /* the library refiltered or rescanned under the contact sheet */
  if (self->sheet_culling ||
      ((take == NULL || take == self->sheet_selected) &&
       g_strcmp0 (gtk_stack_get_visible_child_name (self->player_stack), "sheet") == 0))
    return;
  if (take == NULL)
    {
      if (self->player_view != NULL)
        rushes_player_view_open (self->player_view, NULL);
      /* the timeline keeps the viewer */
      if (self->player_view == NULL ||
          rushes_player_view_get_monitor (self->player_view) != RUSHES_MONITOR_PROGRAM)
        gtk_stack_set_visible_child_name (self->player_stack, "empty");
      return;
    }

  recipe = rushes_take_get_recipe (take);
  if (_rushes_window_ensure_player (self))
    {
      g_autoptr(GFile) file = g_file_new_for_path (rushes_take_get_path (take));
      GFile *open = rushes_player_get_file (rushes_player_view_get_player (self->player_view));

      /* the same take again (the list moved around it): keep playing */
      if (open != NULL && g_file_equal (open, file)
          && g_strcmp0 (gtk_stack_get_visible_child_name (self->player_stack), "player") == 0)
        return;
      rushes_player_view_set_recipe (self->player_view, recipe);
      rushes_player_view_open (self->player_view, file);
      gtk_stack_set_visible_child_name (self->player_stack, "player");
      return;
    }

  duration = rushes_format_duration (rushes_recipe_get_seconds (recipe));
  details = g_strdup_printf ("%s · %u×%u · %u fps · %s · seed %" G_GINT64_FORMAT,
                             duration,
                             rushes_recipe_get_width (recipe),
                             rushes_recipe_get_height (recipe),
                             rushes_recipe_get_fps (recipe),
                             rushes_recipe_get_backend (recipe),
                             rushes_recipe_get_seed (recipe));
  gtk_label_set_label (self->still_title, rushes_take_get_title (take));
  gtk_label_set_label (self->still_details, details);
  gtk_stack_set_visible_child_name (self->player_stack, "still");
}

/* A new take in the library, selected. */
void
_rushes_window_add_take (RushesWindow *self,
                         RushesTake   *take)
{
  guint position;

  /* where the view shows it (a search or filter may hide it) */
  if (_rushes_window_find_shown_take (self, take, &position))
    {
      gtk_single_selection_set_selected (self->take_selection, position);
      /* and in view (an insertion above keeps the old top item anchored) */
      gtk_widget_activate_action (GTK_WIDGET (self->take_grid), "list.scroll-to-item", "u", position);
    }
}

void
_rushes_window_toast_text (RushesWindow *self,
                           AdwToast     *toast,
                           const char   *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_free (self->last_toast);
  self->last_toast = g_strdup (text);
  /* the title is Pango markup; names may hold & and < */
  adw_toast_set_title (toast, escaped);
}

/* ---- deletes with Undo --------------------------------------------------- */

/* The toast went without Undo (or the window closes): to the trash now.
 * Without a trash the take comes back, and the toast says why. */
static void
rushes_window_commit_trash (RushesWindow *self)
{
  g_autoptr(GPtrArray) takes = g_steal_pointer (&self->pending_trash);

  self->trash_toast = NULL;
  self->pending_trash = g_ptr_array_new_with_free_func (g_object_unref);
  if (takes == NULL)
    return;
  for (guint i = 0; i < takes->len; i++)
    {
      RushesTake *take = g_ptr_array_index (takes, i);
      g_autoptr(GError) error = NULL;

      if (self->library == NULL || rushes_library_trash_take (self->library, take, &error))
        continue;
      rushes_library_restore_take (self->library, take);
      rushes_window_add_toast (self, error->message);
    }
}

static void
rushes_window_undo_trash_action (GSimpleAction *action,
                                 GVariant      *param,
                                 gpointer       user_data)
{
  RushesWindow *self = user_data;
  RushesTake *last = NULL;

  for (guint i = 0; i < self->pending_trash->len; i++)
    {
      last = g_ptr_array_index (self->pending_trash, i);
      if (self->library != NULL)
        rushes_library_restore_take (self->library, last);
    }
  if (last != NULL)
    _rushes_window_add_take (self, last);
  /* its button dismisses the toast, which then finds nothing to trash */
  g_ptr_array_set_size (self->pending_trash, 0);
}

static gboolean
rushes_window_make_way_cb (gpointer data)
{
  RushesWindow *self = data;

  if (self->plain_toast != NULL)
    adw_toast_dismiss (self->plain_toast);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* The Undo toast must show now: the message before it goes. Not
 * ADW_TOAST_PRIORITY_HIGH: libadwaita 1.2 aborts if the toast it pushes
 * aside comes back within its 300 ms hiding animation. And not before the
 * message has been shown for MIN_TOAST_SHOWN_US: a toast dismissed while
 * it still slides in is freed under its running animation (1.2 again). */
#define MIN_TOAST_SHOWN_US (600 * 1000)
static void
rushes_window_make_way (RushesWindow *self)
{
  gint64 age = g_get_monotonic_time () - self->plain_toast_time;

  if (self->plain_toast == NULL)
    return;
  if (age >= MIN_TOAST_SHOWN_US)
    adw_toast_dismiss (self->plain_toast);
  else
    g_timeout_add ((MIN_TOAST_SHOWN_US - age) / 1000 + 1, rushes_window_make_way_cb, g_object_ref (self));
}

void
_rushes_window_trash_take (RushesWindow *self,
                           RushesTake   *take)
{
  g_autofree char *text = NULL;
  gboolean was_playing = FALSE;

  if (self->library == NULL)
    return;

  if (self->player_view != NULL)
    {
      RushesPlayer *player = rushes_player_view_get_player (self->player_view);
      GFile *open = rushes_player_get_file (player);
      g_autoptr(GFile) file = g_file_new_for_path (rushes_take_get_path (take));

      was_playing = open != NULL && g_file_equal (open, file) &&
                    rushes_player_get_state (player) == RUSHES_PLAYER_STATE_PLAYING;
    }

  /* Out of the list at once (the player lets go of it if it was showing
   * it); its files stay, so that Undo loses nothing and the timeline's
   * clips of it stay online, until the toast goes. */
  g_ptr_array_add (self->pending_trash, g_object_ref (take));
  rushes_library_hide_take (self->library, take);

  if (self->pending_trash->len > 1)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u take moved to the trash",
                                         "%u takes moved to the trash", self->pending_trash->len),
                            self->pending_trash->len);
  else if (was_playing)
    text = g_strdup_printf (_("Stopped playing “%s” and moved it to the trash"), rushes_take_get_title (take));
  else
    text = g_strdup_printf (_("“%s” moved to the trash"), rushes_take_get_title (take));

  if (self->trash_toast == NULL)
    {
      self->trash_toast = adw_toast_new ("");
      adw_toast_set_button_label (self->trash_toast, _("_Undo"));
      adw_toast_set_action_name (self->trash_toast, "win.undo-trash");
      adw_toast_set_timeout (self->trash_toast, 8);
      g_signal_connect_object (self->trash_toast, "dismissed",
                               G_CALLBACK (rushes_window_commit_trash), self, G_CONNECT_SWAPPED);
      _rushes_window_toast_text (self, self->trash_toast, text);
      rushes_window_make_way (self);
      adw_toast_overlay_add_toast (self->toast_overlay, self->trash_toast);
    }
  else
    _rushes_window_toast_text (self, self->trash_toast, text);
}

void
_rushes_window_dispose_takes (RushesWindow *self)
{
  g_clear_weak_pointer (&self->plain_toast);
  if (self->pending_trash == NULL)
    return;
  rushes_window_commit_trash (self);
  g_clear_pointer (&self->pending_trash, g_ptr_array_unref);
}

/* ---- keys in the library --------------------------------------------------- */

/* Delete in the library: the selected take to the trash (as its menu does). */
static gboolean
rushes_window_delete_take_cb (GtkWidget *widget,
                              GVariant  *args,
                              gpointer   user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = gtk_single_selection_get_selected_item (self->take_selection);

  if (take == NULL)
    return FALSE;
  g_action_group_activate_action (G_ACTION_GROUP (self), "trash-take",
                                  g_variant_new_string (rushes_take_get_path (take)));
  return TRUE;
}

/* F2 in the library: rename the selected take (as its menu does). */
static gboolean
rushes_window_rename_take_cb (GtkWidget *widget,
                              GVariant  *args,
                              gpointer   user_data)
{
  RushesTake *take = rushes_window_get_selected_take (user_data);

  if (take != NULL)
    rushes_take_rename_dialog_present (widget, take);
  return take != NULL;
}

/* Enter (or a double click) on a take: play it. */
static void
rushes_window_take_activated_cb (RushesWindow *self,
                                 guint         position)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (RUSHES_IS_APPLICATION (app))
    rushes_application_ensure_media (RUSHES_APPLICATION (app));
  gtk_single_selection_set_selected (self->take_selection, position);
  _rushes_window_take_selected_cb (self);
  if (self->player_view != NULL && gtk_single_selection_get_selected_item (self->take_selection) != NULL)
    rushes_player_play (rushes_player_view_get_player (self->player_view));
}

/* E: the selected take into the timeline at the playhead, on the nearest
 * cut (one undoable insert); the playhead moves to its end, so that E
 * again puts the next one after it. */
static gboolean
rushes_window_take_to_playhead_cb (GtkWidget *widget,
                                   GVariant  *args,
                                   gpointer   user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = gtk_single_selection_get_selected_item (self->take_selection);
  RushesProject *project = rushes_timeline_view_get_project (self->timeline_view);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;
  gint64 offset = 0;
  guint index;
  GSList *files;
  gboolean ok;

  if (take == NULL || project == NULL)
    return FALSE;
  if (RUSHES_IS_APPLICATION (app))
    rushes_application_ensure_media (RUSHES_APPLICATION (app));

  index = rushes_project_get_clip_at (project, rushes_timeline_view_get_position (self->timeline_view), &offset);
  if (index == G_MAXUINT)
    index = rushes_project_get_n_clips (project);
  else if (offset * 2 >= rushes_timeline_clip_get_duration (rushes_project_get_clip (project, index)))
    index++;

  files = g_slist_prepend (NULL, g_file_new_for_path (rushes_take_get_path (take)));
  ok = rushes_timeline_view_add_files (self->timeline_view, files, index, &error);
  g_slist_free_full (files, g_object_unref);
  if (!ok)
    {
      rushes_window_add_toast (self, error->message);
      return TRUE;
    }
  rushes_timeline_view_set_selected (self->timeline_view, index);
  rushes_timeline_view_set_position (self->timeline_view,
                                     rushes_project_get_clip_start (project, index) +
                                     rushes_timeline_clip_get_duration (rushes_project_get_clip (project, index)));
  return TRUE;
}

/* Takes found while the library is read go in above the first one shown,
 * and GTK keeps that one in place: a view at the top stays at the top. */
static void
rushes_window_takes_found_cb (RushesWindow *self,
                              guint         position,
                              guint         removed,
                              guint         added)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->take_grid));

  if (position == 0 && added > 0 && self->library != NULL && rushes_library_get_scanning (self->library) &&
      adj != NULL && gtk_adjustment_get_value (adj) <= 0)
    gtk_widget_activate_action (GTK_WIDGET (self->take_grid), "list.scroll-to-item", "u", 0);
}

/* The grid's cells, made in code: a GtkBuilderListItemFactory parses its
 * XML for every cell it makes, and binds through an expression watch. The
 * cell itself is a template (ui/rushes-take-cell.ui). */
static void
rushes_window_take_setup_cb (GtkSignalListItemFactory *factory,
                             GtkListItem              *item)
{
  gtk_list_item_set_child (item, GTK_WIDGET (rushes_take_cell_new ()));
}

static void
rushes_window_take_bind_cb (GtkSignalListItemFactory *factory,
                            GtkListItem              *item)
{
  rushes_take_cell_set_take (RUSHES_TAKE_CELL (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static void
rushes_window_take_unbind_cb (GtkSignalListItemFactory *factory,
                              GtkListItem              *item)
{
  rushes_take_cell_set_take (RUSHES_TAKE_CELL (gtk_list_item_get_child (item)), NULL);
}

static const GActionEntry take_entries[] = {
  { .name = "undo-trash", .activate = rushes_window_undo_trash_action },
};

/* The take grid and its selection (of the library once attached) */
void
_rushes_window_init_takes (RushesWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (rushes_window_take_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (rushes_window_take_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (rushes_window_take_unbind_cb), NULL);
  gtk_grid_view_set_factory (self->take_grid, factory);
  self->empty_takes = G_LIST_MODEL (g_list_store_new (RUSHES_TYPE_TAKE));
  self->take_selection = gtk_single_selection_new (_rushes_window_init_cull (self));
  gtk_single_selection_set_autoselect (self->take_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->take_selection, TRUE);
  gtk_grid_view_set_model (self->take_grid, GTK_SELECTION_MODEL (self->take_selection));
  /* the prompt index answers at once, even over 10 000 takes: no 150 ms
   * wait after each key (bench/library) */
  gtk_search_entry_set_search_delay (self->take_search, 0);
  g_signal_connect_object (self->take_selection, "items-changed",
                           G_CALLBACK (_rushes_window_update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->take_selection, "items-changed",
                           G_CALLBACK (rushes_window_takes_found_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->take_selection, "notify::selected-item",
                           G_CALLBACK (_rushes_window_take_selected_cb), self, G_CONNECT_SWAPPED);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_callback_action_new (rushes_window_delete_take_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F2, 0),
                                                          gtk_callback_action_new (rushes_window_rename_take_cb, self, NULL)));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e, 0),
                                                          gtk_callback_action_new (rushes_window_take_to_playhead_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->take_grid), keys);
  g_signal_connect_object (self->take_grid, "activate",
                           G_CALLBACK (rushes_window_take_activated_cb), self, G_CONNECT_SWAPPED);

  self->pending_trash = g_ptr_array_new_with_free_func (g_object_unref);
  g_action_map_add_action_entries (G_ACTION_MAP (self), take_entries, G_N_ELEMENTS (take_entries), self);
  _rushes_window_init_import (self);
  _rushes_window_init_sheet (self);
}

GListModel *
rushes_window_get_takes (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->library != NULL ? G_LIST_MODEL (self->library) : self->empty_takes;
}

RushesTake *
rushes_window_get_selected_take (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return gtk_single_selection_get_selected_item (self->take_selection);
}

void
rushes_window_take_renamed (RushesWindow *self,
                            RushesTake   *take)
{
  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (RUSHES_IS_TAKE (take));

  if (self->project == NULL)
    return;
  for (guint i = 0; i < rushes_project_get_n_clips (self->project); i++)
    {
      RushesTimelineClip *clip = rushes_project_get_clip (self->project, i);

      if (g_strcmp0 (rushes_timeline_clip_get_path (clip), rushes_take_get_path (take)) == 0)
        rushes_timeline_clip_set_name (clip, rushes_take_get_title (take));
    }
}
