/* rushes-timeline-view-generate.c: generating from the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Versions of a shot, Extend and Bridge, each submitting jobs to the job
 * queue the window gives the view (rushes_timeline_view_set_job_queue)
 * and putting placeholders on the timeline that fill in when the jobs
 * finish (rushes_timeline_follow_job); each is one undo step.
 *
 *   timeline.regenerate (Ctrl+R): a popover asking how many versions
 *     (1–8) and the prompt (the clip's, editable); "Regenerate" makes them
 *     with new seeds: timeline.regenerate-versions (n, prompt).
 *   timeline.next-version (V), timeline.previous-version (Shift+V): the
 *     version shown, cycling; the clip's badge says "2/4".
 *   timeline.extend-end (E), timeline.extend-start (Shift+E): a
 *     popover asking the length; timeline.extend-clip (at_end, seconds)
 *     puts a placeholder right after (before) the clip on its track,
 *     starting from the clip's last frame (ending on its first).
 *   timeline.bridge (B): the gap under the playhead on the current
 *     track, from the left clip's last frame to the right clip's first.
 *
 * Extend and Bridge are enabled only where the clip's backend honours a
 * start (end) image; the view's status says which backends do when one
 * is asked of a backend that cannot.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-frame-grab.h"
#include "rushes-job-queue.h"
#include "rushes-library.h"
#include "rushes-timeline-view-private.h"

#define QUEUE_KEY        "rushes-generate-queue"
#define SIGNALS_KEY      "rushes-generate-connected"
#define POPOVER_KEY      "rushes-generate-popover"
#define MAX_VERSIONS_AT_ONCE 8
#define DEFAULT_EXTEND   2.0   /* seconds */
#define MAX_EXTEND       60.0

/* The job queue */

RushesJobQueue *
rushes_timeline_view_get_job_queue (RushesTimelineView *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_VIEW (self), NULL);
  return g_object_get_data (G_OBJECT (self), QUEUE_KEY);
}

/* The clip's recipe (that of the version shown), NULL when it has none */
static RushesRecipe *
clip_recipe (RushesTimelineClip *clip)
{
  const char *json = clip ? rushes_timeline_clip_get_recipe_json (clip) : NULL;

  return json ? rushes_recipe_new_from_json (json, -1, NULL) : NULL;
}

static RushesBackend *
recipe_backend (RushesJobQueue *queue,
                RushesRecipe   *recipe)
{
  RushesBackendRegistry *registry = rushes_job_queue_get_registry (queue);
  const char *id = rushes_recipe_get_backend (recipe);

  if (id == NULL || *id == '\0')
    id = rushes_backend_registry_get_default_id (registry);
  return id ? rushes_backend_registry_lookup (registry, id) : NULL;
}

static gboolean
backend_honours (RushesBackend *backend,
                 const char    *model,
                 RushesFields   fields)
{
  g_autoptr(RushesCapabilities) caps = NULL;

  if (backend == NULL)
    return FALSE;
  caps = rushes_backend_get_model_capabilities (backend, model);
  return caps != NULL && (caps->fields & fields) == fields;
}

/* "A, B" : the backends set up that honour fields */
static char *
backends_that_honour (RushesJobQueue *queue,
                      RushesFields    fields)
{
  GListModel *registry = G_LIST_MODEL (rushes_job_queue_get_registry (queue));
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (registry); i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (registry, i);

      if (!backend_honours (backend, NULL, fields))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, rushes_backend_get_display_name (backend));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* Whether the clip's backend honours fields; else error says which can */
static gboolean
check_images (RushesJobQueue  *queue,
              RushesRecipe    *recipe,
              RushesFields     fields,
              GError         **error)
{
  RushesBackend *backend = recipe_backend (queue, recipe);
  g_autofree char *can = NULL;

  if (backend_honours (backend, rushes_recipe_get_model (recipe), fields))
    return TRUE;
  can = backends_that_honour (queue, fields);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               *can ? _("%s cannot start or end on a frame; these backends can: %s")
                    : _("%s cannot start or end on a frame, nor can any other backend set up"),
               backend ? rushes_backend_get_display_name (backend) : rushes_recipe_get_backend (recipe),
               can);
  return FALSE;
}

/* A frame of clip as a recipe's image: its first or last frame shown */
static char *
frame_ref (RushesTimelineClip *clip,
           gboolean            last)
{
  const char *path = rushes_timeline_clip_get_path (clip);
  guint w, h, n, d;
  gint64 t;

  if (last && rushes_timeline_clip_get_out_point (clip) >= rushes_timeline_clip_get_media_duration (clip))
    return g_strdup_printf ("%s@end", path);
  rushes_timeline_clip_get_format (clip, &w, &h, &n, &d);
  t = last ? rushes_timeline_clip_get_out_point (clip) : rushes_timeline_clip_get_in_point (clip);
  if (n > 0 && d > 0)
    {
      gint64 frame = (gint64) llround (t / 1e9 * n / d);

      return g_strdup_printf ("%s@%" G_GINT64_FORMAT "f", path, last ? MAX (frame - 1, 0) : frame);
    }
  return g_strdup_printf ("%s@%.3f", path, (last ? t - RUSHES_SECOND / 100 : t) / 1e9);
}

/* The frame spec names, grabbed into the library folder as PNG, becomes
 * the recipe's start (end) image, spec its source. Blocks while the
 * frame is decoded (a short take: well under a second). */
static gboolean
set_frame_image (RushesRecipe  *recipe,
                 const char    *spec,
                 gboolean       end,
                 GError       **error)
{
  return rushes_frame_grab_store (recipe, spec, end, NULL, error);
}

static gboolean
is_take (RushesTimelineClip *clip)
{
  return clip != NULL && rushes_timeline_clip_get_path (clip) != NULL &&
         !rushes_timeline_clip_get_pending (clip) && !rushes_timeline_clip_get_is_title (clip);
}

static gboolean
on_video_track (RushesTimelineView  *self,
                RushesTimelineClip  *clip,
                guint               *track_index)
{
  guint t;
  RushesTimelineTrack *track;

  if (clip == NULL || !rushes_project_locate_clip (self->project, clip, &t, NULL))
    return FALSE;
  track = rushes_project_get_track (self->project, t);
  if (track_index)
    *track_index = t;
  return rushes_timeline_track_get_kind (track) == RUSHES_TRACK_VIDEO && !rushes_timeline_track_get_locked (track);
}

static void
refuse (RushesTimelineView *self,
        const char         *message)
{
  _rushes_timeline_view_show_status (self, message);
  g_signal_emit (self, _rushes_timeline_view_signals[MESSAGE], 0, message);
}

/* The gap under the playhead on the current track: its neighbours */
static gboolean
find_gap (RushesTimelineView  *self,
          RushesTimelineClip **left,
          RushesTimelineClip **right)
{
  RushesTimelineTrack *track = rushes_project_get_track (self->project, self->current_track);

  *left = *right = NULL;
  if (track == NULL || rushes_timeline_track_get_kind (track) != RUSHES_TRACK_VIDEO ||
      rushes_timeline_track_get_clip_at (track, self->position) != NULL)
    return FALSE;
  for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

      if (rushes_timeline_clip_get_end (clip) <= self->position)
        *left = clip;
      else if (rushes_timeline_clip_get_start (clip) > self->position && *right == NULL)
        *right = clip;
    }
  return is_take (*left) && is_take (*right) &&
         rushes_timeline_clip_get_start (*right) > rushes_timeline_clip_get_end (*left);
}

/* Enabled as the current clip (or gap) and its backend allow */
static void
update_actions (RushesTimelineView *self)
{
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  RushesTimelineClip *clip = self->project ? _rushes_timeline_view_current_clip (self, NULL) : NULL;
  g_autoptr(RushesRecipe) recipe = clip_recipe (clip);
  RushesTimelineClip *left = NULL, *right = NULL;
  g_autoptr(RushesRecipe) left_recipe = NULL;
  gboolean video = on_video_track (self, clip, NULL) && !rushes_timeline_clip_get_is_title (clip);
  gboolean can_generate = queue != NULL && recipe != NULL && video;
  RushesBackend *backend = can_generate ? recipe_backend (queue, recipe) : NULL;
  const char *model = recipe ? rushes_recipe_get_model (recipe) : NULL;
  gboolean bridge = FALSE;

  if (queue != NULL && self->project != NULL && find_gap (self, &left, &right) &&
      (left_recipe = clip_recipe (left)) != NULL)
    bridge = backend_honours (recipe_backend (queue, left_recipe), rushes_recipe_get_model (left_recipe),
                              RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.regenerate", can_generate);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.next-version",
                                 video && rushes_timeline_clip_get_n_versions (clip) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.previous-version",
                                 video && rushes_timeline_clip_get_n_versions (clip) > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.extend-end",
                                 can_generate && is_take (clip)
                                 && backend_honours (backend, model, RUSHES_FIELD_START_IMAGE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.extend-start",
                                 can_generate && is_take (clip)
                                 && backend_honours (backend, model, RUSHES_FIELD_END_IMAGE));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.bridge", bridge);
  _rushes_timeline_view_update_retake_actions (self);
}

/* A project the view no longer shows lets go of it */
static void
project_changed_cb (RushesProject      *project,
                    RushesTimelineView *self)
{
  if (project == self->project)
    update_actions (self);
  else
    g_signal_handlers_disconnect_by_func (project, project_changed_cb, self);
}

static void
project_replaced_cb (RushesTimelineView *self)
{
  if (self->project != NULL &&
      g_signal_handler_find (self->project, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             project_changed_cb, self) == 0)
    g_signal_connect_object (self->project, "changed", G_CALLBACK (project_changed_cb), self, 0);
  update_actions (self);
}

void
rushes_timeline_view_set_job_queue (RushesTimelineView *self,
                                    RushesJobQueue     *queue)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_VIEW (self));
  g_return_if_fail (queue == NULL || RUSHES_IS_JOB_QUEUE (queue));

  if (g_object_get_data (G_OBJECT (self), SIGNALS_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (self), SIGNALS_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect (self, "notify::project", G_CALLBACK (project_replaced_cb), NULL);
      g_signal_connect (self, "notify::position", G_CALLBACK (update_actions), NULL);
      g_signal_connect (self, "notify::selected", G_CALLBACK (update_actions), NULL);
    }
  g_object_set_data_full (G_OBJECT (self), QUEUE_KEY, queue ? g_object_ref (queue) : NULL, g_object_unref);
  project_replaced_cb (self);
}

/* Following jobs: each placeholder or version fills in when its job ends */
static void
follow_jobs (RushesTimelineView *self,
             GPtrArray          *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    rushes_timeline_follow_job (self->project, g_ptr_array_index (jobs, i));
}

/* Versions */

static void
regenerate_versions_action (GtkWidget  *widget,
                            const char *name,
                            GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  g_autoptr(RushesRecipe) recipe = clip_recipe (clip);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  const char *prompt;
  gint32 n;

  g_variant_get (param, "(i&s)", &n, &prompt);
  if (queue == NULL || recipe == NULL || !on_video_track (self, clip, NULL))
    {
      refuse (self, _("Only a generated clip on an unlocked video track can be regenerated"));
      return;
    }
  n = CLAMP (n, 1, MAX_VERSIONS_AT_ONCE);
  if (prompt && *prompt)
    rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_seed (recipe, -1);
  rushes_recipe_set_lineage (recipe, "regenerate", rushes_timeline_clip_get_path (clip),
                             rushes_timeline_clip_get_in_point (clip) / 1e9,
                             rushes_timeline_clip_get_out_point (clip) / 1e9);
  jobs = rushes_job_queue_submit_variations (queue, recipe, n, &error);
  if (jobs == NULL)
    {
      refuse (self, error->message);
      return;
    }
  if (!rushes_project_add_versions (self->project, clip, jobs, &error))
    {
      for (guint i = 0; i < jobs->len; i++)
        rushes_job_cancel (g_ptr_array_index (jobs, i));
      refuse (self, error->message);
      return;
    }
  follow_jobs (self, jobs);
}

static void
cycle_version_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  guint n, step;

  if (clip == NULL || (n = rushes_timeline_clip_get_n_versions (clip)) < 2)
    return;
  step = g_str_equal (name, "timeline.next-version") ? 1 : n - 1;
  rushes_project_set_version (self->project, clip, (rushes_timeline_clip_get_version (clip) + step) % n);
}

/* Extend and Bridge */

/* Whether [start, start + duration) is free on the track */
static gboolean
span_free (RushesTimelineTrack *track,
           gint64               start,
           gint64               duration)
{
  if (start < 0)
    return FALSE;
  for (guint i = 0; i < rushes_timeline_track_get_n_clips (track); i++)
    {
      RushesTimelineClip *clip = rushes_timeline_track_get_clip (track, i);

      if (rushes_timeline_clip_get_start (clip) < start + duration && rushes_timeline_clip_get_end (clip) > start)
        return FALSE;
    }
  return TRUE;
}

/* Submits recipe and puts its placeholder at start on track (one undo
 * step); the new clip is selected */
static void
place_job (RushesTimelineView *self,
           RushesRecipe       *recipe,
           guint               track,
           gint64              start,
           gint64              duration)
{
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autofree char *json = NULL;
  RushesJob *job;

  rushes_recipe_set_seed (recipe, -1);
  rushes_recipe_set_seconds (recipe, duration / 1e9);
  if ((job = rushes_job_queue_submit (queue, recipe, &error)) == NULL)
    {
      refuse (self, error->message);
      return;
    }
  clip = rushes_timeline_clip_new_placeholder (rushes_job_get_id (job), rushes_recipe_get_prompt (rushes_job_get_recipe (job)),
                                               duration);
  json = rushes_recipe_to_json (rushes_job_get_recipe (job));
  rushes_timeline_clip_set_recipe_json (clip, json);
  if (!rushes_project_place_clip (self->project, track, clip, start, &error))
    {
      rushes_job_cancel (job);
      refuse (self, error->message);
      return;
    }
  g_ptr_array_add (jobs, job);
  follow_jobs (self, jobs);
  rushes_timeline_view_set_selected_clip (self, clip);
}

static void
extend_clip_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  g_autoptr(RushesRecipe) recipe = clip_recipe (clip);
  g_autoptr(GError) error = NULL;
  g_autofree char *frame = NULL;
  gboolean at_end;
  double seconds;
  gint64 duration, start;
  guint track;

  g_variant_get (param, "(bd)", &at_end, &seconds);
  if (queue == NULL || recipe == NULL || !is_take (clip) || !on_video_track (self, clip, &track))
    {
      refuse (self, _("Only a generated clip on an unlocked video track can be extended"));
      return;
    }
  if (!check_images (queue, recipe, at_end ? RUSHES_FIELD_START_IMAGE : RUSHES_FIELD_END_IMAGE, &error))
    {
      refuse (self, error->message);
      return;
    }
  duration = (gint64) (CLAMP (seconds, 0.1, MAX_EXTEND) * RUSHES_SECOND);
  start = at_end ? rushes_timeline_clip_get_end (clip) : rushes_timeline_clip_get_start (clip) - duration;
  if (!span_free (rushes_project_get_track (self->project, track), start, duration))
    {
      refuse (self, at_end ? _("There is no room after the clip for the extension")
                           : _("There is no room before the clip for the extension"));
      return;
    }
  frame = frame_ref (clip, at_end);
  rushes_recipe_set_start_image (recipe, "");
  rushes_recipe_set_end_image (recipe, "");
  if (!set_frame_image (recipe, frame, !at_end, &error))
    {
      refuse (self, error->message);
      return;
    }
  rushes_recipe_set_lineage (recipe, at_end ? "extend-end" : "extend-start", rushes_timeline_clip_get_path (clip),
                             rushes_timeline_clip_get_in_point (clip) / 1e9,
                             rushes_timeline_clip_get_out_point (clip) / 1e9);
  place_job (self, recipe, track, start, duration);
}

static void
bridge_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  RushesTimelineClip *left, *right;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *last = NULL;
  gint64 start;

  if (queue == NULL || self->project == NULL || !find_gap (self, &left, &right) ||
      (recipe = clip_recipe (left)) == NULL)
    {
      refuse (self, _("Put the playhead in a gap between two generated clips to bridge it"));
      return;
    }
  if (!check_images (queue, recipe, RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE, &error))
    {
      refuse (self, error->message);
      return;
    }
  last = frame_ref (left, TRUE);
  first = frame_ref (right, FALSE);
  if (!set_frame_image (recipe, last, FALSE, &error) || !set_frame_image (recipe, first, TRUE, &error))
    {
      refuse (self, error->message);
      return;
    }
  start = rushes_timeline_clip_get_end (left);
  rushes_recipe_set_lineage (recipe, "bridge", rushes_timeline_clip_get_path (left),
                             rushes_timeline_clip_get_out_point (left) / 1e9,
                             rushes_timeline_clip_get_in_point (right) / 1e9);
  place_job (self, recipe, self->current_track, start, rushes_timeline_clip_get_start (right) - start);
}

/* The popovers: a number, maybe the prompt, and a button */

typedef struct
{
  RushesTimelineView *view;
  GtkSpinButton      *spin;
  GtkEditable        *prompt;   /* NULL for Extend */
  gboolean            at_end;
} PopoverData;

static void
popover_go_cb (GtkWidget   *button,
               PopoverData *data)
{
  GtkWidget *popover = gtk_widget_get_ancestor (button, GTK_TYPE_POPOVER);
  RushesTimelineView *view = data->view;

  if (data->prompt)
    gtk_widget_activate_action (GTK_WIDGET (view), "timeline.regenerate-versions", "(is)",
                                gtk_spin_button_get_value_as_int (data->spin),
                                gtk_editable_get_text (data->prompt));
  else
    gtk_widget_activate_action (GTK_WIDGET (view), "timeline.extend-clip", "(bd)",
                                data->at_end, gtk_spin_button_get_value (data->spin));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
popover_closed_cb (GtkPopover         *popover,
                   RushesTimelineView *view)
{
  gtk_widget_grab_focus (GTK_WIDGET (view));
}

static void
popover_destroy_cb (GtkWidget *view,
                    GtkWidget *popover)
{
  g_object_set_data (G_OBJECT (view), POPOVER_KEY, NULL);
  gtk_widget_unparent (popover);
}

static GtkWidget *
labelled (GtkWidget  *box,
          const char *text,
          GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return field;
}

/* A fresh popover for the current clip, pointing at it */
static void
open_popover (RushesTimelineView *self,
              RushesTimelineClip *clip,
              gboolean            regenerate,
              gboolean            at_end)
{
  GtkWidget *old = g_object_get_data (G_OBJECT (self), POPOVER_KEY);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading, *button, *spin;
  PopoverData *data = g_new0 (PopoverData, 1);
  g_autoptr(RushesRecipe) recipe = clip_recipe (clip);
  guint track, position;
  RushesTimelineRow row = { 0, RULER_H, VIDEO_ROW_H };
  RushesClipBox clip_box;

  if (old != NULL)
    {
      g_signal_handlers_disconnect_by_func (self, popover_destroy_cb, old);
      popover_destroy_cb (GTK_WIDGET (self), old);
    }
  data->view = self;
  data->at_end = at_end;
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  heading = gtk_label_new (regenerate ? _("Regenerate Shot") : at_end ? _("Extend at the End") : _("Extend at the Start"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  if (regenerate)
    {
      spin = gtk_spin_button_new_with_range (1, MAX_VERSIONS_AT_ONCE, 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
      labelled (box, _("_Versions (new seeds)"), spin);
      data->prompt = GTK_EDITABLE (labelled (box, _("_Prompt"), gtk_entry_new ()));
      gtk_editable_set_text (data->prompt, recipe ? rushes_recipe_get_prompt (recipe) : "");
      gtk_entry_set_activates_default (GTK_ENTRY (data->prompt), TRUE);
      button = gtk_button_new_with_mnemonic (_("_Regenerate"));
    }
  else
    {
      spin = gtk_spin_button_new_with_range (0.5, MAX_EXTEND, 0.5);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), DEFAULT_EXTEND);
      labelled (box, _("_Length in seconds"), spin);
      button = gtk_button_new_with_mnemonic (_("_Extend"));
    }
  data->spin = GTK_SPIN_BUTTON (spin);
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_data (button, "clicked", G_CALLBACK (popover_go_cb), data, (GClosureNotify) g_free, 0);
  gtk_box_append (GTK_BOX (box), button);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), button);

  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  g_object_set_data (G_OBJECT (self), POPOVER_KEY, popover);
  g_signal_connect (self, "destroy", G_CALLBACK (popover_destroy_cb), popover);
  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), self, 0);
  if (rushes_project_locate_clip (self->project, clip, &track, &position))
    _rushes_timeline_view_track_row (self, track, &row);
  _rushes_timeline_view_clip_box (self, clip, &row, &clip_box);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) {
    (int) CLAMP (at_end ? clip_box.x1 : clip_box.x0, 0, MAX (gtk_widget_get_width (GTK_WIDGET (self)) - 1, 0)),
    (int) clip_box.y, 1, MAX ((int) clip_box.h, 1) });
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_widget_grab_focus (spin);
}

static void
open_popover_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);

  if (clip == NULL)
    return;
  open_popover (self, clip, g_str_equal (name, "timeline.regenerate"), g_str_equal (name, "timeline.extend-end"));
}

/* The badge: "2/4" at the clip's bottom right, and how many are coming */

char *
_rushes_timeline_view_version_badge (RushesTimelineClip *clip)
{
  guint n = rushes_timeline_clip_get_n_versions (clip);
  guint pending = rushes_timeline_clip_get_n_pending_versions (clip);

  if (n < 2)
    return NULL;
  if (pending > 0)
    /* TRANSLATORS: the version shown / how many, and how many are being generated */
    return g_strdup_printf (_("%u/%u · %u coming"), rushes_timeline_clip_get_version (clip) + 1, n, pending);
  return g_strdup_printf ("%u/%u", rushes_timeline_clip_get_version (clip) + 1, n);
}

void
_rushes_timeline_view_draw_version_badge (RushesTimelineView  *self,
                                          GtkSnapshot         *snapshot,
                                          const RushesClipBox *box)
{
  g_autofree char *text = _rushes_timeline_view_version_badge (box->clip);
  GdkRGBA back = { 0.1f, 0.1f, 0.12f, 0.85f }, white = { 1, 1, 1, 1 };
  double w;

  if (text == NULL)
    return;
  w = MIN (8.0 + 7.0 * g_utf8_strlen (text, -1), box->x1 - box->x0 - 4);
  if (w < 16)
    return;
  gtk_snapshot_append_color (snapshot, &back, &GRAPHENE_RECT_INIT (box->x1 - w - 4, box->y + box->h - 22, w, 18));
  _rushes_timeline_view_draw_text (snapshot, GTK_WIDGET (self), text, box->x1 - w, box->y + box->h - 21, w - 4, &white);
}

GMenuModel *
_rushes_timeline_view_generate_menu (void)
{
  GMenu *menu = g_menu_new ();

  g_menu_append (menu, _("_Regenerate Shot…"), "timeline.regenerate");
  g_menu_append (menu, _("_Next Version"), "timeline.next-version");
  g_menu_append (menu, _("_Previous Version"), "timeline.previous-version");
  g_menu_append (menu, _("_Extend at the End…"), "timeline.extend-end");
  g_menu_append (menu, _("Extend at the _Start…"), "timeline.extend-start");
  g_menu_append (menu, _("_Bridge the Gap"), "timeline.bridge");
  g_menu_append (menu, _("Re_take Range…"), "timeline.retake");
  return G_MENU_MODEL (menu);
}

void
_rushes_timeline_view_install_generate_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.regenerate", NULL, open_popover_action);
  gtk_widget_class_install_action (widget_class, "timeline.regenerate-versions", "(is)", regenerate_versions_action);
  gtk_widget_class_install_action (widget_class, "timeline.next-version", NULL, cycle_version_action);
  gtk_widget_class_install_action (widget_class, "timeline.previous-version", NULL, cycle_version_action);
  gtk_widget_class_install_action (widget_class, "timeline.extend-end", NULL, open_popover_action);
  gtk_widget_class_install_action (widget_class, "timeline.extend-start", NULL, open_popover_action);
  gtk_widget_class_install_action (widget_class, "timeline.extend-clip", "(bd)", extend_clip_action);
  gtk_widget_class_install_action (widget_class, "timeline.bridge", NULL, bridge_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "timeline.regenerate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, 0, "timeline.next-version", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_V, GDK_SHIFT_MASK, "timeline.previous-version", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "timeline.extend-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_SHIFT_MASK, "timeline.extend-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "timeline.bridge", NULL);
}

/* Shared with rushes-timeline-view-retake.c */

RushesRecipe *
_rushes_timeline_view_clip_recipe (RushesTimelineClip *clip)
{
  return clip_recipe (clip);
}

gboolean
_rushes_timeline_view_generatable (RushesTimelineView *self,
                                   RushesTimelineClip *clip,
                                   guint              *track)
{
  return is_take (clip) && on_video_track (self, clip, track);
}

gboolean
_rushes_timeline_view_set_frame_image (RushesRecipe  *recipe,
                                       const char    *spec,
                                       gboolean       end,
                                       GError       **error)
{
  return set_frame_image (recipe, spec, end, error);
}

void
_rushes_timeline_view_refuse (RushesTimelineView *self,
                              const char         *message)
{
  refuse (self, message);
}
