/* rushes-window-jobs.c: the main window's job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's job queue, shown as the job list; a finished job's
 * take is selected in the library (unless a take is playing).
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-window-private.h"

/* A sweep Generate has expanded, waiting for its confirmation */
typedef struct
{
  RushesWindow *window;
  GPtrArray    *recipes;        /* RushesRecipe per value */
  GPtrArray    *descriptions;   /* JsonObject per value */
  guint         per_value;
  char         *prompt;
  char         *backend;
} PendingSweep;

static void
pending_sweep_free (PendingSweep *pending)
{
  g_object_unref (pending->window);
  g_ptr_array_unref (pending->recipes);
  g_ptr_array_unref (pending->descriptions);
  g_free (pending->prompt);
  g_free (pending->backend);
  g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PendingSweep, pending_sweep_free)

static void
submit_sweep (PendingSweep *pending)
{
  RushesWindow *self = pending->window;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  if (self->queue == NULL)
    return;
  jobs = rushes_sweep_submit (self->queue, pending->recipes, pending->descriptions, pending->per_value, &error);
  if (jobs == NULL)
    {
      rushes_window_add_toast (self, error->message);
      return;
    }
  if (self->history != NULL && pending->prompt[0] != '\0')
    rushes_prompt_history_add (self->history, pending->prompt);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-backend", pending->backend);
}

static void
sweep_confirmed_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  g_autoptr(PendingSweep) pending = user_data;

  if (g_strcmp0 (response, "generate") == 0)
    submit_sweep (pending);
}

static gboolean
check_sweep_recipe (RushesRecipe  *recipe,
                    gpointer       user_data,
                    GError       **error)
{
  return rushes_backend_check_recipe (user_data, recipe, error);
}

/* Generate with a sweep (the parameter panel's, or the prompt's {a|b|c})
 * of recipe (the panel's, its wells' frames stored): a job per value,
 * asked first when it is large or costly. FALSE when there is no sweep
 * (Generate goes on as usual). */
gboolean
_rushes_window_generate_sweep (RushesWindow *self,
                               RushesRecipe *recipe)
{
  RushesSweepRow *row = rushes_params_panel_get_sweep_row (self->params_panel);
  RushesBackend *backend = rushes_params_panel_get_backend (self->params_panel);
  g_autoptr(RushesSweep) sweep = NULL;
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autoptr(PendingSweep) pending = NULL;
  g_autoptr(GPtrArray) recipes = NULL;
  g_autoptr(GPtrArray) descriptions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cost_text = NULL;
  AdwMessageDialog *dialog;
  double cost = 0;
  guint n;

  sweep = rushes_sweep_row_make_sweep (row, &error);
  if (sweep == NULL && error == NULL)
    return FALSE;
  if (sweep == NULL)
    {
      rushes_window_add_toast (self, error->message);
      return TRUE;
    }
  recipes = rushes_sweep_expand (sweep, recipe, check_sweep_recipe, backend, &descriptions, &error);
  if (recipes == NULL)
    {
      rushes_window_add_toast (self, error->message);
      return TRUE;
    }
  pending = g_new0 (PendingSweep, 1);
  pending->window = g_object_ref (self);
  pending->recipes = g_steal_pointer (&recipes);
  pending->descriptions = g_steal_pointer (&descriptions);
  pending->per_value = rushes_sweep_row_takes_per_value (row, sweep);
  pending->prompt = g_strdup (rushes_recipe_get_prompt (recipe));
  pending->backend = g_strdup (rushes_recipe_get_backend (recipe));
  n = pending->recipes->len * pending->per_value;

  caps = rushes_backend_get_capabilities (backend);
  if (rushes_backend_is_remote (backend))
    {
      cost = rushes_sweep_estimate_cost (caps, pending->recipes);
      if (cost > 0)
        cost *= pending->per_value;
    }
  if (n <= RUSHES_SWEEP_ASK_ABOVE && cost <= RUSHES_SWEEP_CONFIRM_COST)
    {
      submit_sweep (pending);
      return TRUE;
    }

  cost_text = rushes_sweep_format_cost (cost, caps->cost_currency);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, ngettext ("Generate %u take?", "Generate %u takes?", n), n);
  adw_message_dialog_format_body (dialog, _("Estimated cost on %s: %s. Each take is a job in the queue."),
                                  rushes_backend_get_display_name (backend), cost_text);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "generate", _("_Generate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "generate", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (sweep_confirmed_cb), g_steal_pointer (&pending));
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* A job's take, selected unless a take is playing: the new one waits at
 * the top of the grid rather than cutting off the one being watched. */
void
_rushes_window_job_take_ready (RushesWindow *self,
                               RushesTake   *take)
{
  if (self->player_view != NULL
      && rushes_player_get_state (rushes_player_view_get_player (self->player_view)) == RUSHES_PLAYER_STATE_PLAYING)
    return;
  _rushes_window_add_take (self, take);
}

static void
rushes_window_job_finished_cb (RushesWindow   *self,
                               RushesJob      *job,
                               RushesJobQueue *queue)
{
  RushesTake *take;
  const char *path;

  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED)
    return;   /* the row says why */

  path = rushes_job_get_take_path (job);
  /* The library follows the queue (connected before us), so the take is
   * there already when it was made into the library folder. */
  take = path != NULL && self->library != NULL ? rushes_library_lookup (self->library, path) : NULL;
  if (take != NULL)
    _rushes_window_job_take_ready (self, take);
}

/* The queue makes its takes in the library folder (checked, and created,
 * after the first frame) and shows in the job list. */
void
_rushes_window_attach_queue (RushesWindow *self)
{
  g_autofree char *folder = rushes_window_library_folder (self);
  g_autoptr(GtkNoSelection) jobs = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->queue)));

  rushes_job_queue_set_library_dir (self->queue, folder);
  /* Regenerate, Extend and Bridge on the timeline submit to it */
  rushes_timeline_view_set_job_queue (self->timeline_view, self->queue);
  gtk_list_view_set_model (self->job_list, GTK_SELECTION_MODEL (jobs));
  g_signal_connect_object (self->queue, "items-changed",
                           G_CALLBACK (_rushes_window_update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->queue, "job-finished",
                           G_CALLBACK (rushes_window_job_finished_cb), self, G_CONNECT_SWAPPED);
}

/* win.cancel-sweep("ID"): every job of the sweep that is not finished */
void
_rushes_window_cancel_sweep_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       user_data)
{
  RushesWindow *self = user_data;
  const char *id = g_variant_get_string (param, NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->queue == NULL)
    return;
  /* gathered first: a cancelled job may leave the list */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->queue)); i++)
    {
      g_autoptr(RushesJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);

      if (g_strcmp0 (rushes_job_get_sweep_id (job), id) == 0 && !rushes_job_is_finished (job))
        g_ptr_array_add (jobs, g_steal_pointer (&job));
    }
  for (guint i = 0; i < jobs->len; i++)
    rushes_job_cancel (g_ptr_array_index (jobs, i));
}
