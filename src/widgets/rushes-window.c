/* rushes-window.c: the main window: prompt and parameters on the side, the
 * player in the centre, the queue and the library on the right, the
 * timeline along the bottom
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up: the window is built from its template and presented at once;
 * checks that touch the disk (the library folder) and GStreamer's start run
 * after the first frame has been painted.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-job-row.h"
#include "rushes-take-cell.h"
#include "rushes-window-private.h"
#include "rushes-widget-util.h"

G_DEFINE_FINAL_TYPE (RushesWindow, rushes_window, ADW_TYPE_APPLICATION_WINDOW)

gboolean
rushes_window_can_generate (const char  *prompt,
                            gboolean     have_backend,
                            const char **reason)
{
  const char *why = NULL;
  gboolean blank = TRUE;

  for (const char *p = prompt; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        {
          blank = FALSE;
          break;
        }
    }

  if (blank)
    why = _("Write a prompt first");
  else if (!have_backend)
    why = _("No backend is available: set one up in Preferences");

  if (reason != NULL)
    *reason = why;
  return why == NULL;
}

void
rushes_window_add_toast (RushesWindow *self,
                         const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  /* the title is Pango markup; messages carry paths and parser output */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  g_set_weak_pointer (&self->plain_toast, toast);
  self->plain_toast_time = g_get_monotonic_time ();
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
rushes_window_get_last_toast (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->last_toast;
}

void
_rushes_window_update_generate (RushesWindow *self)
{
  const char *reason = NULL;
  gboolean enabled;
  GAction *action;
  g_autofree char *tooltip = NULL;
  const char *cost;

  enabled = rushes_window_can_generate (rushes_prompt_editor_get_prompt (self->prompt_editor),
                                        rushes_params_panel_get_backend (self->params_panel) != NULL,
                                        &reason);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "generate");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);

  cost = rushes_params_panel_get_cost_text (self->params_panel);
  if (!enabled)
    tooltip = g_strdup (reason);
  else if (cost != NULL)
    tooltip = g_strdup_printf (_("Generate (Ctrl+Enter): %s"), cost);
  else
    tooltip = g_strdup (_("Generate (Ctrl+Enter)"));
  rushes_widget_set_tooltip_text (self->generate_button, tooltip);
  rushes_widget_set_tooltip_text (self->generate_icon_button, tooltip);
}

/* ---- start-up checks ---------------------------------------------------- */

static RushesBackend *
rushes_window_find_backend (GListModel *backends,
                            const char *id)
{
  guint n = backends != NULL ? g_list_model_get_n_items (backends) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (backends, i);

      if (g_strcmp0 (rushes_backend_get_id (backend), id) == 0)
        return g_steal_pointer (&backend);
    }
  return NULL;
}

static gboolean
rushes_window_startup_idle_cb (gpointer data)
{
  RushesWindow *self = data;

  self->startup_idle_id = 0;

  if (self->missing_backend != NULL)
    {
      RushesBackend *current = rushes_params_panel_get_backend (self->params_panel);
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("The backend “%s” used last time is not set up any more; using %s."),
                              self->missing_backend,
                              current != NULL ? rushes_backend_get_display_name (current) : _("none"));
      rushes_window_add_toast (self, text);
      g_clear_pointer (&self->missing_backend, g_free);
    }

  /* taken here, by the first window that shows, not at construction */
  {
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    g_autofree char *startup_error = RUSHES_IS_APPLICATION (app)
      ? rushes_application_take_startup_error (RUSHES_APPLICATION (app)) : NULL;

    if (startup_error != NULL)
      rushes_window_add_toast (self, startup_error);
  }

  _rushes_window_offer_recovery (self);
  _rushes_window_load_library (self);

  return G_SOURCE_REMOVE;
}

/* ---- window state --------------------------------------------------------- */

static void
rushes_window_restore_state (RushesWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  /* The schema's ranges keep these sane; out-of-range stored values come
   * back as the defaults. */
  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
rushes_window_save_state (RushesWindow *self)
{
  int width, height;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      /* Keep within the schema's ranges: g_settings_set_int refuses others. */
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 360, 16384));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 480, 16384));
    }
}

static gboolean
rushes_window_close_request (GtkWindow *window)
{
  RushesWindow *self = RUSHES_WINDOW (window);

  /* unsaved changes: "Save changes?" first; the window stays meanwhile */
  if (_rushes_window_hold_close (self))
    return TRUE;
  rushes_window_save_state (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rushes_window_parent_class)->close_request (window);
}

/* GStreamer is up: the timeline gets its preview (GES, main thread). */
static void
rushes_window_media_ready_cb (RushesWindow      *self,
                              GParamSpec        *pspec,
                              RushesApplication *app)
{
  if (!rushes_application_get_media_ready (app))
    return;
  if (self->generate_pending)
    {
      self->generate_pending = FALSE;
      g_action_group_activate_action (G_ACTION_GROUP (self), "generate", NULL);
    }
  _rushes_window_take_selected_cb (self);
  _rushes_window_ensure_timeline (self);
}

/* "application" is not a construct property: it is set after constructed(),
 * so the window connects to the application's queue and settings here. */
static void
rushes_window_attach (RushesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL || self->attached)
    return;
  self->attached = TRUE;
  /* The application's (NULL without the schema: then defaults, unsaved) */
  if (RUSHES_IS_APPLICATION (app))
    g_set_object (&self->settings, rushes_application_get_settings (RUSHES_APPLICATION (app)));
  else
    self->settings = rushes_settings_new_or_null ();

  rushes_window_restore_state (self);
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::library-folder",
                             G_CALLBACK (_rushes_window_library_folder_changed_cb), self, G_CONNECT_SWAPPED);

  if (RUSHES_IS_APPLICATION (app))
    {
      RushesApplication *rapp = RUSHES_APPLICATION (app);

      if (rushes_application_get_registry (rapp) != NULL)
        self->backends = g_object_ref (G_LIST_MODEL (rushes_application_get_registry (rapp)));
      if (rushes_application_get_job_queue (rapp) != NULL)
        self->queue = g_object_ref (rushes_application_get_job_queue (rapp));
      if (rushes_application_get_library (rapp) != NULL)
        self->library = g_object_ref (rushes_application_get_library (rapp));
      if (rushes_application_get_prompt_history (rapp) != NULL)
        {
          self->history = g_object_ref (rushes_application_get_prompt_history (rapp));
          rushes_prompt_editor_set_history (self->prompt_editor, G_LIST_MODEL (self->history));
        }
      g_signal_connect_object (rapp, "notify::media-ready",
                               G_CALLBACK (rushes_window_media_ready_cb), self, G_CONNECT_SWAPPED);
    }

  if (self->settings != NULL)
    {
      g_autofree char *backend = g_settings_get_string (self->settings, "last-backend");
      g_autoptr(RushesBackend) found = rushes_window_find_backend (self->backends, backend);

      /* A backend that is no longer set up: say so once the window shows. */
      if (found != NULL)
        rushes_recipe_set_backend (self->recipe, backend);
      else if (backend[0] != '\0')
        self->missing_backend = g_steal_pointer (&backend);
    }
  rushes_params_panel_set_backends (self->params_panel, self->backends);

  if (self->queue != NULL)
    _rushes_window_attach_queue (self);

  _rushes_window_show_takes (self);
  _rushes_window_update_lists (self);
  _rushes_window_update_generate (self);
}

/* After the first painted frame: start what may take time. */
static void
rushes_window_first_paint_cb (RushesWindow  *self,
                              GdkFrameClock *clock)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_signal_handlers_disconnect_by_func (clock, rushes_window_first_paint_cb, self);
  /* from now on folding closes the side pane and unfolding opens it */
  adw_flap_set_locked (self->flap, FALSE);
  if (self->startup_idle_id == 0 && !self->started)
    self->startup_idle_id = g_idle_add (rushes_window_startup_idle_cb, self);
  self->started = TRUE;
  if (RUSHES_IS_APPLICATION (app))
    rushes_application_start_deferred (RUSHES_APPLICATION (app));
  _rushes_window_update_lists (self);
}

static void
rushes_window_map (GtkWidget *widget)
{
  RushesWindow *self = RUSHES_WINDOW (widget);

  GTK_WIDGET_CLASS (rushes_window_parent_class)->map (widget);

  /* what is typed first goes into the prompt (not to the first button) */
  if (!self->started)
    rushes_prompt_editor_grab_prompt_focus (self->prompt_editor);
  if (!self->started)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (rushes_window_first_paint_cb), self, G_CONNECT_SWAPPED);
}

static void
rushes_window_dispose (GObject *object)
{
  RushesWindow *self = RUSHES_WINDOW (object);

  g_clear_handle_id (&self->startup_idle_id, g_source_remove);
  _rushes_window_dispose_takes (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  if (self->recipe_bindings != NULL)
    g_binding_group_set_source (self->recipe_bindings, NULL);
  if (self->recipe_signals != NULL)
    g_signal_group_set_target (self->recipe_signals, NULL);
  g_clear_object (&self->recipe_bindings);
  g_clear_object (&self->recipe_signals);
  g_clear_object (&self->recipe);
  g_clear_object (&self->backends);
  g_clear_object (&self->queue);
  g_clear_object (&self->take_selection);
  g_clear_object (&self->library);
  g_clear_object (&self->empty_takes);
  g_clear_object (&self->timeline);
  _rushes_window_release_project (self);
  g_clear_object (&self->project);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->missing_backend, g_free);

  G_OBJECT_CLASS (rushes_window_parent_class)->dispose (object);
}

static void
rushes_window_class_init (RushesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = rushes_window_dispose;
  window_class->close_request = rushes_window_close_request;
  widget_class->map = rushes_window_map;

  g_type_ensure (RUSHES_TYPE_PROMPT_EDITOR);
  g_type_ensure (RUSHES_TYPE_PARAMS_PANEL);
  g_type_ensure (RUSHES_TYPE_JOB_ROW);
  g_type_ensure (RUSHES_TYPE_TAKE_CELL);

  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, generate_icon_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, library_flap);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, sidebar_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, library_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, prompt_editor);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, params_panel);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_grid);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_search);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_filter_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, queue_revealer);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_count_label);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_placeholder);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, still_title);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, still_details);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_scroller);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_placeholder);
}

static void
rushes_window_visible_fields_cb (RushesWindow *self)
{
  guint fields = rushes_params_panel_get_visible_fields (self->params_panel);

  rushes_prompt_editor_set_show_negative (self->prompt_editor,
                                          (fields & RUSHES_FIELD_NEGATIVE_PROMPT) != 0);
}

/* ---- layout --------------------------------------------------------------- */

/* Generate in a narrow window: the prompt's overlay makes way for the queue
 * (in the library's overlay), where the new jobs show. */
static void
rushes_window_generated_cb (RushesWindow *self)
{
  if (!adw_flap_get_folded (self->flap))
    return;
  adw_flap_set_reveal_flap (self->flap, FALSE);
  if (adw_flap_get_folded (self->library_flap))
    adw_flap_set_reveal_flap (self->library_flap, TRUE);
}

static void
rushes_window_toggle_library_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  RushesWindow *self = user_data;

  adw_flap_set_reveal_flap (self->library_flap, !adw_flap_get_reveal_flap (self->library_flap));
}

/* win.toggle-library (Shift+F9) shows or hides the queue and library, as
 * F9 does the side pane. (A GPropertyAction would keep the flap, and the
 * jobs in its list, alive after the window.) */
static void
rushes_window_init_layout (RushesWindow *self)
{
  static const GActionEntry entries[] = {
    { .name = "toggle-library", .activate = rushes_window_toggle_library_action },
  };
  GtkEventController *keys = gtk_shortcut_controller_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F9, GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("win.toggle-library")));
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect_object (g_action_map_lookup_action (G_ACTION_MAP (self), "generate"), "activate",
                           G_CALLBACK (rushes_window_generated_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
rushes_window_init (RushesWindow *self)
{
  g_autoptr(RushesRecipe) recipe = rushes_recipe_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();

  self->timeline_view = RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ());
  gtk_scrolled_window_set_child (self->timeline_scroller, GTK_WIDGET (self->timeline_view));
  _rushes_window_install_actions (self);
  rushes_window_init_layout (self);
  _rushes_window_install_project_actions (self);

  self->recipe_bindings = g_binding_group_new ();
  g_binding_group_bind (self->recipe_bindings, "prompt", self->prompt_editor, "prompt",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_binding_group_bind (self->recipe_bindings, "negative-prompt", self->prompt_editor, "negative-prompt",
                        G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  self->recipe_signals = g_signal_group_new (RUSHES_TYPE_RECIPE);
  g_signal_group_connect_object (self->recipe_signals, "notify::backend",
                                 G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  rushes_window_set_recipe (self, recipe);

  _rushes_window_init_takes (self);
  _rushes_window_init_compare (self);

  g_signal_connect_object (self->prompt_editor, "notify::prompt",
                           G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::cost-text",
                           G_CALLBACK (_rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::visible-fields",
                           G_CALLBACK (rushes_window_visible_fields_cb), self, G_CONNECT_SWAPPED);
  rushes_window_visible_fields_cb (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (rushes_window_attach), NULL);

  {
    g_autoptr(RushesProject) project = rushes_project_new ();

    rushes_project_enable_autosave (project, NULL);
    _rushes_window_set_project (self, project);
  }
}

RushesWindow *
rushes_window_new (RushesApplication *application)
{
  return g_object_new (RUSHES_TYPE_WINDOW, "application", application, NULL);
}

RushesRecipe *
rushes_window_get_recipe (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->recipe;
}

void
rushes_window_set_recipe (RushesWindow *self,
                          RushesRecipe *recipe)
{
  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (RUSHES_IS_RECIPE (recipe));

  if (!g_set_object (&self->recipe, recipe))
    return;

  g_binding_group_set_source (self->recipe_bindings, recipe);
  g_signal_group_set_target (self->recipe_signals, recipe);
  rushes_params_panel_set_recipe (self->params_panel, recipe);
  _rushes_window_update_generate (self);
}
