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

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "rushes-params-panel.h"
#include "rushes-sketch-backend.h"
#include "rushes-prompt-editor.h"
#include "rushes-application.h"
#include "rushes-window.h"

struct _RushesWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *generate_button;
  GtkMenuButton        *primary_menu_button;
  AdwFlap              *flap;
  RushesPromptEditor   *prompt_editor;
  RushesParamsPanel    *params_panel;
  AdwBin               *player_slot;
  AdwBin               *timeline_slot;
  GtkListView          *job_list;
  GtkGridView          *take_grid;
  GtkStack             *library_stack;
  GtkRevealer          *queue_revealer;
  GtkLabel             *take_count_label;

  /* owned */
  GSettings            *settings;      /* NULL without the schema */
  RushesRecipe         *recipe;
  GListModel           *backends;      /* of RushesBackend */
  GCancellable         *cancellable;
  char                 *last_toast;
  char                 *missing_backend;
  guint                 startup_idle_id;
  gboolean              started;       /* first frame painted */
};

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
  AdwToast *toast;

  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
rushes_window_get_last_toast (RushesWindow *self)
{
  g_return_val_if_fail (RUSHES_IS_WINDOW (self), NULL);

  return self->last_toast;
}

static void
rushes_window_update_generate (RushesWindow *self)
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
  gtk_widget_set_tooltip_text (self->generate_button, tooltip);
}

static void
rushes_window_generate_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       user_data)
{
  RushesWindow *self = user_data;
  const char *reason = NULL;

  if (!rushes_window_can_generate (rushes_prompt_editor_get_prompt (self->prompt_editor),
                                   rushes_params_panel_get_backend (self->params_panel) != NULL,
                                   &reason))
    {
      rushes_window_add_toast (self, reason);
      return;
    }

  rushes_window_add_toast (self, _("The job queue is not available in this build"));
}

static void
rushes_window_toggle_sidebar_action (GSimpleAction *action,
                                     GVariant      *param,
                                     gpointer       user_data)
{
  RushesWindow *self = user_data;

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static const GActionEntry win_entries[] = {
  { .name = "generate", .activate = rushes_window_generate_action },
  { .name = "toggle-sidebar", .activate = rushes_window_toggle_sidebar_action },
};

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

static char *
rushes_window_library_folder (RushesWindow *self)
{
  g_autofree char *folder = NULL;
  const char *videos;

  if (self->settings != NULL)
    folder = g_settings_get_string (self->settings, "library-folder");
  if (folder != NULL && folder[0] != '\0')
    return g_steal_pointer (&folder);

  videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);
  return g_build_filename (videos != NULL ? videos : g_get_home_dir (), "Rushes", NULL);
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

static gboolean
rushes_window_startup_idle_cb (gpointer data)
{
  RushesWindow *self = data;
  g_autofree char *folder = NULL;
  g_autofree char *message = NULL;

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

  folder = rushes_window_library_folder (self);
  if (!rushes_window_check_folder (folder, &message))
    rushes_window_add_toast (self, message);

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
      g_settings_set_int (self->settings, "window-width", CLAMP (width, 640, 16384));
      g_settings_set_int (self->settings, "window-height", CLAMP (height, 480, 16384));
    }
}

static gboolean
rushes_window_close_request (GtkWindow *window)
{
  RushesWindow *self = RUSHES_WINDOW (window);

  rushes_window_save_state (self);
  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (rushes_window_parent_class)->close_request (window);
}

static void
rushes_window_constructed (GObject *object)
{
  RushesWindow *self = RUSHES_WINDOW (object);
  GtkApplication *app;

  G_OBJECT_CLASS (rushes_window_parent_class)->constructed (object);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (RUSHES_IS_APPLICATION (app) && rushes_application_get_settings (RUSHES_APPLICATION (app)) != NULL)
    self->settings = g_object_ref (rushes_application_get_settings (RUSHES_APPLICATION (app)));
  else
    self->settings = rushes_settings_new_or_null ();

  rushes_window_restore_state (self);

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

  rushes_window_update_generate (self);
}

/* After the first painted frame: start what may take time. */
static void
rushes_window_first_paint_cb (RushesWindow  *self,
                              GdkFrameClock *clock)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_signal_handlers_disconnect_by_func (clock, rushes_window_first_paint_cb, self);
  if (self->startup_idle_id == 0 && !self->started)
    self->startup_idle_id = g_idle_add (rushes_window_startup_idle_cb, self);
  self->started = TRUE;
  if (RUSHES_IS_APPLICATION (app))
    rushes_application_start_media (RUSHES_APPLICATION (app));
}

static void
rushes_window_map (GtkWidget *widget)
{
  RushesWindow *self = RUSHES_WINDOW (widget);

  GTK_WIDGET_CLASS (rushes_window_parent_class)->map (widget);

  if (!self->started)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (rushes_window_first_paint_cb), self, G_CONNECT_SWAPPED);
}

static void
rushes_window_dispose (GObject *object)
{
  RushesWindow *self = RUSHES_WINDOW (object);

  g_clear_handle_id (&self->startup_idle_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recipe);
  g_clear_object (&self->backends);
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

  object_class->constructed = rushes_window_constructed;
  object_class->dispose = rushes_window_dispose;
  window_class->close_request = rushes_window_close_request;
  widget_class->map = rushes_window_map;

  g_type_ensure (RUSHES_TYPE_PROMPT_EDITOR);
  g_type_ensure (RUSHES_TYPE_PARAMS_PANEL);

  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, prompt_editor);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, params_panel);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, player_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, timeline_slot);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_grid);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, library_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, queue_revealer);
  gtk_widget_class_bind_template_child (widget_class, RushesWindow, take_count_label);
}

static void
rushes_window_visible_fields_cb (RushesWindow *self)
{
  guint fields = rushes_params_panel_get_visible_fields (self->params_panel);

  rushes_prompt_editor_set_show_negative (self->prompt_editor,
                                          (fields & RUSHES_FIELD_NEGATIVE_PROMPT) != 0);
}

static void
rushes_window_init (RushesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->recipe = rushes_recipe_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);

  g_object_bind_property (self->recipe, "prompt", self->prompt_editor, "prompt",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  g_object_bind_property (self->recipe, "negative-prompt", self->prompt_editor, "negative-prompt",
                          G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
  rushes_params_panel_set_recipe (self->params_panel, self->recipe);
  {
    GListStore *store = g_list_store_new (RUSHES_TYPE_BACKEND);
    g_autoptr(RushesBackend) sketch = rushes_sketch_backend_new ();

    g_list_store_append (store, sketch);
    self->backends = G_LIST_MODEL (store);
  }
  rushes_params_panel_set_backends (self->params_panel, self->backends);

  g_signal_connect_object (self->prompt_editor, "notify::prompt",
                           G_CALLBACK (rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::cost-text",
                           G_CALLBACK (rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->params_panel, "notify::visible-fields",
                           G_CALLBACK (rushes_window_visible_fields_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->recipe, "notify::backend",
                           G_CALLBACK (rushes_window_update_generate), self, G_CONNECT_SWAPPED);
  rushes_window_visible_fields_cb (self);
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
