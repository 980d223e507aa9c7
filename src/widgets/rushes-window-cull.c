/* rushes-window-cull.c: reviewing the library's takes fast
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library view shows the library through a GtkFilterListModel and a
 * GtkSortListModel over core's RushesTakeQuery (rushes_take_matches(),
 * rushes_take_compare()): search as you type (Ctrl+F), and the Sort and
 * Filter menu (sort, minimum rating, date, rejected takes shown or not).
 * The keys photo tools use rate the selected take: 0–5 stars, X rejects,
 * U clears, 6–9 give it a red, yellow, green or blue label, Tab goes to
 * the next unrated take. "Delete Rejected Takes" moves every rejected take
 * to the trash with one Undo.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-window-private.h"

static gboolean
rushes_window_take_filter_func (gpointer item,
                                gpointer user_data)
{
  return rushes_take_matches (item, user_data);
}

static int
rushes_window_take_sort_func (gconstpointer a,
                              gconstpointer b,
                              gpointer      user_data)
{
  RushesTakeQuery *query = user_data;

  return rushes_take_compare ((RushesTake *) a, (RushesTake *) b, query->sort);
}

/* The query changed: the view follows. By date (the library's own order)
 * the sort model only passes the changes on. */
static void
rushes_window_query_changed (RushesWindow *self,
                             gboolean      resort)
{
  gtk_filter_changed (self->take_filter, GTK_FILTER_CHANGE_DIFFERENT);
  if (!resort)
    return;
  gtk_sort_list_model_set_sorter (self->take_sort_model,
                                  self->take_query->sort != RUSHES_TAKE_SORT_DATE ? self->take_sorter : NULL);
  if (self->take_query->sort != RUSHES_TAKE_SORT_DATE)
    gtk_sorter_changed (self->take_sorter, GTK_SORTER_CHANGE_DIFFERENT);
}

void
_rushes_window_show_takes (RushesWindow *self)
{
  gtk_filter_list_model_set_model (self->take_filter_model, rushes_window_get_takes (self));
}

gboolean
_rushes_window_find_shown_take (RushesWindow *self,
                                RushesTake   *take,
                                guint        *position)
{
  GListModel *shown = G_LIST_MODEL (self->take_sort_model);
  guint n = g_list_model_get_n_items (shown);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesTake) item = g_list_model_get_item (shown, i);

      if (item == take)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Selects the shown take at position and scrolls to it. (The keyboard
 * focus stays where it was: grabbing the focus of the item's widget in
 * GTK 4.8 lost the selection.) */
static void
rushes_window_go_to_take (RushesWindow *self,
                          guint         position)
{
  gtk_single_selection_set_selected (self->take_selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->take_grid), "list.scroll-to-item", "u", position);
}

/* ---- search and the Sort and Filter menu -------------------------------------- */

static void
rushes_window_search_changed_cb (RushesWindow   *self,
                                 GtkSearchEntry *entry)
{
  rushes_take_query_set_search (self->take_query, gtk_editable_get_text (GTK_EDITABLE (entry)));
  rushes_window_query_changed (self, FALSE);
}

/* Escape in the search: cleared, back to the takes */
static void
rushes_window_search_stopped_cb (RushesWindow   *self,
                                 GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->take_grid));
}

/* Enter in the search: the first match, selected, to review from */
static void
rushes_window_search_activated_cb (RushesWindow   *self,
                                   GtkSearchEntry *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->take_sort_model)) == 0)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self->take_grid));
  rushes_window_go_to_take (self, 0);
}

static gboolean
rushes_window_focus_search_cb (GtkWidget *widget,
                               GVariant  *args,
                               gpointer   user_data)
{
  RushesWindow *self = user_data;

  if (adw_flap_get_folded (self->library_flap))
    adw_flap_set_reveal_flap (self->library_flap, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->take_search));
  return TRUE;
}

static void
rushes_window_take_sort_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  RushesWindow *self = user_data;

  if (!rushes_take_sort_from_string (g_variant_get_string (param, NULL), &self->take_query->sort))
    return;
  g_simple_action_set_state (action, param);
  rushes_window_query_changed (self, TRUE);
}

static void
rushes_window_take_min_rating_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  RushesWindow *self = user_data;

  self->take_query->min_rating = (guint) CLAMP (g_variant_get_int32 (param), 0, RUSHES_TAKE_MAX_RATING);
  g_simple_action_set_state (action, param);
  rushes_window_query_changed (self, FALSE);
}

static void
rushes_window_take_date_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       user_data)
{
  RushesWindow *self = user_data;
  const char *when = g_variant_get_string (param, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);

  g_clear_pointer (&self->take_query->after, g_date_time_unref);
  if (g_str_equal (when, "today"))
    self->take_query->after = g_date_time_ref (today);
  else if (g_str_equal (when, "week"))
    self->take_query->after = g_date_time_add_days (today, -6);
  else if (g_str_equal (when, "month"))
    self->take_query->after = g_date_time_add_days (today, -29);
  g_simple_action_set_state (action, param);
  rushes_window_query_changed (self, FALSE);
}

static void
rushes_window_take_show_rejected_action (GSimpleAction *action,
                                         GVariant      *param,
                                         gpointer       user_data)
{
  RushesWindow *self = user_data;
  GVariant *state = g_action_get_state (G_ACTION (action));

  self->take_query->show_rejected = !g_variant_get_boolean (state);
  g_variant_unref (state);
  g_simple_action_set_state (action, g_variant_new_boolean (self->take_query->show_rejected));
  rushes_window_query_changed (self, FALSE);
}

/* Every rejected take of the library (shown or not) to the trash, with
 * one Undo toast for them all. */
static void
rushes_window_delete_rejected_action (GSimpleAction *action,
                                      GVariant      *param,
                                      gpointer       user_data)
{
  RushesWindow *self = user_data;
  GListModel *takes = rushes_window_get_takes (self);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (takes); i++)
    {
      g_autoptr(RushesTake) take = g_list_model_get_item (takes, i);

      if (rushes_take_get_rejected (take))
        g_ptr_array_add (rejected, g_steal_pointer (&take));
    }
  if (rejected->len == 0)
    {
      rushes_window_add_toast (self, _("There are no rejected takes"));
      return;
    }
  for (guint i = 0; i < rejected->len; i++)
    _rushes_window_trash_take (self, g_ptr_array_index (rejected, i));
}

/* ---- rating keys ---------------------------------------------------------------- */

/* After a change that may hide the selected take (rejected, or under the
 * minimum rating): the take now in its place is selected. */
static void
rushes_window_after_cull (RushesWindow *self,
                          RushesTake   *take,
                          guint         position)
{
  guint n;
  guint now;

  if (_rushes_window_find_shown_take (self, take, &now))
    {
      rushes_window_go_to_take (self, now);
      return;
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->take_sort_model));
  if (n > 0)
    rushes_window_go_to_take (self, MIN (position, n - 1));
}

gboolean
_rushes_window_cull (RushesWindow *self,
                     RushesTake   *take,
                     CullKind      kind,
                     guint         value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  switch (kind)
    {
    case CULL_RATING:
      ok = rushes_take_set_rating (take, value, FALSE, &error);
      break;
    case CULL_REJECT:
      /* X again takes the reject back, as in photo tools */
      ok = rushes_take_set_rating (take, rushes_take_get_rating (take), !rushes_take_get_rejected (take), &error);
      break;
    case CULL_CLEAR:
      ok = rushes_take_set_rating (take, 0, FALSE, &error);
      break;
    case CULL_LABEL:
    default:
      /* the same label again takes it off */
      ok = rushes_take_set_label (take, rushes_take_get_label (take) == value ? RUSHES_TAKE_LABEL_NONE : value,
                                  &error);
      break;
    }
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("Could not rate “%s”: %s"), rushes_take_get_title (take),
                                                  error->message);
      rushes_window_add_toast (self, message);
      return FALSE;
    }
  rushes_window_query_changed (self, self->take_query->sort == RUSHES_TAKE_SORT_RATING);
  return TRUE;
}

static gboolean
rushes_window_cull_take (RushesWindow *self,
                         CullKind      kind,
                         guint         value)
{
  RushesTake *selected = gtk_single_selection_get_selected_item (self->take_selection);
  guint position = gtk_single_selection_get_selected (self->take_selection);
  g_autoptr(RushesTake) take = selected != NULL ? g_object_ref (selected) : NULL;

  if (take == NULL)
    return FALSE;
  if (_rushes_window_cull (self, take, kind, value))
    rushes_window_after_cull (self, take, position);
  return TRUE;
}

static gboolean
rushes_window_rate_key_cb (GtkWidget *widget,
                           GVariant  *args,
                           gpointer   user_data)
{
  guint kind, value;

  g_variant_get (args, "(uu)", &kind, &value);
  return rushes_window_cull_take (user_data, kind, value);
}

/* Tab: the next take after the selected one that is neither rated nor
 * rejected (from the top again); without one, Tab moves the focus. */
static gboolean
rushes_window_next_unrated_cb (GtkWidget *widget,
                               GVariant  *args,
                               gpointer   user_data)
{
  RushesWindow *self = user_data;
  GListModel *shown = G_LIST_MODEL (self->take_sort_model);
  guint n = g_list_model_get_n_items (shown);
  guint selected = gtk_single_selection_get_selected (self->take_selection);
  guint start = selected == GTK_INVALID_LIST_POSITION ? 0 : selected + 1;

  for (guint k = 0; k < n; k++)
    {
      guint i = (start + k) % n;
      g_autoptr(RushesTake) take = g_list_model_get_item (shown, i);

      if (i == selected || !rushes_take_is_unrated (take))
        continue;
      rushes_window_go_to_take (self, i);
      return TRUE;
    }
  return FALSE;
}

static void
add_key (GtkShortcutController *keys,
         guint                  keyval,
         GdkModifierType        modifiers,
         GtkShortcutFunc        func,
         gpointer               data,
         GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                            gtk_callback_action_new (func, data, NULL));

  if (args != NULL)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (keys, shortcut);
}

static const GActionEntry cull_entries[] = {
  { .name = "take-sort", .activate = rushes_window_take_sort_action, .parameter_type = "s", .state = "'date'" },
  { .name = "take-min-rating", .activate = rushes_window_take_min_rating_action, .parameter_type = "i", .state = "0" },
  { .name = "take-date", .activate = rushes_window_take_date_action, .parameter_type = "s", .state = "'any'" },
  { .name = "take-show-rejected", .activate = rushes_window_take_show_rejected_action, .state = "false" },
  { .name = "delete-rejected", .activate = rushes_window_delete_rejected_action },
};

GListModel *
_rushes_window_init_cull (RushesWindow *self)
{
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  GtkEventController *global = gtk_shortcut_controller_new ();
  static const guint labels[] = {
    RUSHES_TAKE_LABEL_RED, RUSHES_TAKE_LABEL_YELLOW, RUSHES_TAKE_LABEL_GREEN, RUSHES_TAKE_LABEL_BLUE
  };

  self->take_query = rushes_take_query_new ();
  self->take_filter = GTK_FILTER (gtk_custom_filter_new (rushes_window_take_filter_func, self->take_query,
                                                         (GDestroyNotify) rushes_take_query_free));
  self->take_sorter = GTK_SORTER (gtk_custom_sorter_new (rushes_window_take_sort_func, self->take_query, NULL));
  self->take_filter_model = gtk_filter_list_model_new (NULL, self->take_filter);
  /* the models own them from here */
  self->take_sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->take_filter_model), NULL);
  g_object_weak_ref (G_OBJECT (self->take_sort_model), (GWeakNotify) g_object_unref, self->take_sorter);

  for (guint i = 0; i <= RUSHES_TAKE_MAX_RATING; i++)
    add_key (keys, GDK_KEY_0 + i, 0, rushes_window_rate_key_cb, self, g_variant_new ("(uu)", CULL_RATING, i));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    add_key (keys, GDK_KEY_6 + i, 0, rushes_window_rate_key_cb, self, g_variant_new ("(uu)", CULL_LABEL, labels[i]));
  add_key (keys, GDK_KEY_x, 0, rushes_window_rate_key_cb, self, g_variant_new ("(uu)", CULL_REJECT, 0));
  add_key (keys, GDK_KEY_u, 0, rushes_window_rate_key_cb, self, g_variant_new ("(uu)", CULL_CLEAR, 0));
  add_key (keys, GDK_KEY_Tab, 0, rushes_window_next_unrated_cb, self, NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->take_grid), GTK_EVENT_CONTROLLER (keys));

  /* Ctrl+F anywhere in the window */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (global), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_key (GTK_SHORTCUT_CONTROLLER (global), GDK_KEY_f, GDK_CONTROL_MASK, rushes_window_focus_search_cb, self, NULL);
  gtk_widget_add_controller (GTK_WIDGET (self->take_search), global);

  g_signal_connect_object (self->take_search, "search-changed",
                           G_CALLBACK (rushes_window_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->take_search, "stop-search",
                           G_CALLBACK (rushes_window_search_stopped_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->take_search, "activate",
                           G_CALLBACK (rushes_window_search_activated_cb), self, G_CONNECT_SWAPPED);
  g_action_map_add_action_entries (G_ACTION_MAP (self), cull_entries, G_N_ELEMENTS (cull_entries), self);

  return G_LIST_MODEL (self->take_sort_model);
}
