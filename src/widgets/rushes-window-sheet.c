/* rushes-window-sheet.c: the contact sheet in the viewer's place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G in the library (or the library's Contact Sheet button) shows the
 * selected take's sweep, every take of the library with its sweep id, as a
 * grid playing in sync in the viewer's place; a take of no sweep shows the
 * takes the library shows now (its search and filters). At most
 * SHEET_MAX_CELLS, with a note saying so. A cell opens its take in the
 * viewer; Escape or Back goes back to what the viewer showed; rating keys
 * go through the library's culling.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-contact-sheet-view.h"
#include "rushes-window-private.h"

#define SHEET_MAX_CELLS 16

/* the takes of sweep (oldest first: the order the sweep asked for them) */
static GPtrArray *
rushes_window_sweep_takes (RushesWindow *self,
                           const char   *sweep)
{
  GListModel *takes = rushes_window_get_takes (self);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = g_list_model_get_n_items (takes); i > 0; i--)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (takes, i - 1);
      const char *id = rushes_take_get_sweep_id (take);

      if (id != NULL && g_ascii_strcasecmp (id, sweep) == 0)
        g_ptr_array_add (found, g_steal_pointer (&take));
    }
  return found;
}

/* the takes the library shows, in its order */
static GPtrArray *
rushes_window_shown_takes (RushesWindow *self)
{
  GListModel *shown = G_LIST_MODEL (self->take_sort_model);
  guint n = g_list_model_get_n_items (shown);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (found, g_list_model_get_item (shown, i));
  return found;
}

static void
rushes_window_sheet_back (RushesWindow *self)
{
  const char *page = self->sheet_return != NULL ? self->sheet_return : "empty";

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->player_stack), "sheet") == 0)
    gtk_stack_set_visible_child_name (self->player_stack, page);
  gtk_widget_grab_focus (GTK_WIDGET (self->take_grid));
}

/* Any other page in the viewer's place: the sheet stops and lets go. */
static void
rushes_window_viewer_page_cb (RushesWindow *self)
{
  if (self->sheet_view != NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->player_stack), "sheet") != 0)
    rushes_contact_sheet_view_clear (RUSHES_CONTACT_SHEET_VIEW (self->sheet_view));
}

/* A cell: its take in the viewer (selected in the library if it shows it). */
static void
rushes_window_sheet_take_cb (RushesWindow *self,
                             RushesTake   *take)
{
  g_autoptr(GFile) file = g_file_new_for_path (rushes_take_get_path (take));
  RushesTake *live = _rushes_window_find_take (self, rushes_take_get_path (take), NULL);
  guint position;

  /* a rescan may have put a new object in the take's place */
  if (live != NULL && _rushes_window_find_shown_take (self, live, &position))
    {
      gtk_single_selection_set_selected (self->take_selection, position);
      gtk_widget_activate_action (GTK_WIDGET (self->take_grid), "list.scroll-to-item", "u", position);
    }
  if (!_rushes_window_ensure_player (self))
    return;
  rushes_player_view_set_recipe (self->player_view, rushes_take_get_recipe (take));
  rushes_player_view_open (self->player_view, file);
  gtk_stack_set_visible_child_name (self->player_stack, "player");
}

static void
rushes_window_sheet_cull_cb (RushesWindow *self,
                             RushesTake   *take,
                             guint         kind,
                             guint         value)
{
  static const CullKind kinds[] = {
    [RUSHES_SHEET_CULL_RATING] = CULL_RATING,
    [RUSHES_SHEET_CULL_REJECT] = CULL_REJECT,
    [RUSHES_SHEET_CULL_CLEAR] = CULL_CLEAR,
  };

  if (kind >= G_N_ELEMENTS (kinds))
    return;
  self->sheet_culling = TRUE;
  _rushes_window_cull (self, take, kinds[kind], value);
  self->sheet_culling = FALSE;
}

static gboolean
rushes_window_ensure_sheet (RushesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->sheet_view != NULL)
    return TRUE;
  if (RUSHES_IS_APPLICATION (app))
    rushes_application_ensure_media (RUSHES_APPLICATION (app));
  if (!rushes_application_media_ready_now ())
    return FALSE;
  self->sheet_view = rushes_contact_sheet_view_new ();
  gtk_stack_add_named (self->player_stack, self->sheet_view, "sheet");
  rushes_contact_sheet_view_add_keys_to (RUSHES_CONTACT_SHEET_VIEW (self->sheet_view), GTK_WIDGET (self));
  g_signal_connect_object (self->sheet_view, "back", G_CALLBACK (rushes_window_sheet_back), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sheet_view, "take-activated",
                           G_CALLBACK (rushes_window_sheet_take_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sheet_view, "cull", G_CALLBACK (rushes_window_sheet_cull_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sheet_view, "message", G_CALLBACK (rushes_window_add_toast), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player_stack, "notify::visible-child-name",
                           G_CALLBACK (rushes_window_viewer_page_cb), self, G_CONNECT_SWAPPED);
  return TRUE;
}

static void
rushes_window_contact_sheet_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  RushesWindow *self = user_data;
  RushesTake *selected = rushes_window_get_selected_take (self);
  const char *sweep = selected != NULL ? rushes_take_get_sweep_id (selected) : NULL;
  g_autoptr(GPtrArray) takes = sweep != NULL ? rushes_window_sweep_takes (self, sweep)
                                             : rushes_window_shown_takes (self);
  g_autofree char *title = NULL;
  g_autofree char *note = NULL;
  const char *page;
  guint total = takes->len;

  if (total == 0)
    {
      rushes_window_add_toast (self, _("There are no takes for a contact sheet: the library shows none"));
      return;
    }
  if (!rushes_window_ensure_sheet (self))
    {
      rushes_window_add_toast (self, _("The contact sheet cannot play: GStreamer is not running"));
      return;
    }
  if (total > SHEET_MAX_CELLS)
    {
      g_ptr_array_set_size (takes, SHEET_MAX_CELLS);
      note = g_strdup_printf (_("Showing the first %u of %u takes: a contact sheet has at most %u cells. "
                                "Narrow the search or the filters to choose others."),
                              SHEET_MAX_CELLS, total, SHEET_MAX_CELLS);
    }
  if (sweep != NULL)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sweep of %u take", "Sweep of %u takes", total), total);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u take from the library", "%u takes from the library",
                                          total), total);

  page = gtk_stack_get_visible_child_name (self->player_stack);
  if (g_strcmp0 (page, "sheet") != 0)
    self->sheet_return = g_intern_string (page);
  self->sheet_selected = selected;
  if (self->player_view != NULL)
    rushes_player_pause (rushes_player_view_get_player (self->player_view));
  rushes_contact_sheet_view_set_takes (RUSHES_CONTACT_SHEET_VIEW (self->sheet_view), takes, title, note);
  gtk_stack_set_visible_child_name (self->player_stack, "sheet");
  gtk_widget_grab_focus (self->sheet_view);
}

static gboolean
rushes_window_sheet_key_cb (GtkWidget *widget,
                            GVariant  *args,
                            gpointer   user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "contact-sheet", NULL);
  return TRUE;
}

static const GActionEntry sheet_entries[] = {
  { .name = "contact-sheet", .activate = rushes_window_contact_sheet_action },
};

void
_rushes_window_init_sheet (RushesWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_g, 0),
                                                          gtk_callback_action_new (rushes_window_sheet_key_cb, self,
                                                                                   NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->take_grid), keys);
  g_action_map_add_action_entries (G_ACTION_MAP (self), sheet_entries, G_N_ELEMENTS (sheet_entries), self);
}
