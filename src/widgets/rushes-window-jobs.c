/* rushes-window-jobs.c: the main window's job list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application's job queue, shown as the job list; a finished job's
 * take is selected in the library (unless a take is playing).
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include "rushes-window-private.h"

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
