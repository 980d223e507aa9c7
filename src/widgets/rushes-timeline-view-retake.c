/* rushes-timeline-view-retake.c: Retake Range on the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A clip's retake marks, in and out, are times of its take (a frame's
 * start), set at the playhead on the current clip:
 *
 *   timeline.retake-mark-in (I), timeline.retake-mark-out (O): the mark at
 *     the playhead; an in at or after the out (an out at or before the in)
 *     unsets the other; the playhead off the clip clears both.
 *   timeline.retake-clear (Escape): clears them.
 *   timeline.retake (Shift+R): a popover with the range, the prompt (the
 *     clip's, editable) and the backend (the clip's); "Retake" submits
 *     timeline.retake-range (prompt, backend id).
 *
 * An unset mark is the clip's own in (out) point. The job makes [in, out)
 * only (a new seed), conditioned on the take's frame just before in (start
 * image) and the one at out (end image) where the take has them; its
 * recipe's lineage is { retake, the take, in, out }. The clip gets it as a
 * pending version (one undo step); rushes-timeline-retake.c (media)
 * splices the result into a take of the source's length when the job
 * finishes and shows it (another). Nothing is submitted for a range of no
 * frame, a title, a placeholder, or a backend that cannot start or end on
 * the frames: the status says why.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-job-queue.h"
#include "rushes-splicer.h"
#include "rushes-timeline-view-private.h"

#define MARKS_KEY  "rushes-retake-marks"
#define FORM_KEY   "rushes-retake-form"

typedef struct
{
  RushesTimelineClip *clip;   /* owned */
  gint64              in;     /* times in the clip's take; -1: not set */
  gint64              out;
} Marks;

static void
marks_free (gpointer data)
{
  Marks *marks = data;

  g_clear_object (&marks->clip);
  g_free (marks);
}

static Marks *
get_marks (RushesTimelineView *self)
{
  return g_object_get_data (G_OBJECT (self), MARKS_KEY);
}

gboolean
_rushes_timeline_view_get_retake_range (RushesTimelineView *self,
                                        RushesTimelineClip *clip,
                                        gint64             *in,
                                        gint64             *out)
{
  Marks *marks = get_marks (self);

  if (marks == NULL || clip == NULL || marks->clip != clip)
    return FALSE;
  *in = marks->in >= 0 ? marks->in : rushes_timeline_clip_get_in_point (clip);
  *out = marks->out >= 0 ? marks->out : rushes_timeline_clip_get_out_point (clip);
  return TRUE;
}

/* One frame of the clip's take (of the project when it is not known) */
static gint64
clip_frame (RushesTimelineView *self,
            RushesTimelineClip *clip)
{
  guint w, h, n, d;

  rushes_timeline_clip_get_format (clip, &w, &h, &n, &d);
  if (n > 0 && d > 0)
    return gst_util_uint64_scale (GST_SECOND, d, n);
  return _rushes_timeline_view_frame_duration (self);
}

/* The current clip, when it can be retaken: a take of its own (no title,
 * no placeholder) with a recipe, on an unlocked video track */
static RushesTimelineClip *
retakeable_clip (RushesTimelineView *self)
{
  RushesTimelineClip *clip = self->project ? _rushes_timeline_view_current_clip (self, NULL) : NULL;
  g_autoptr(RushesRecipe) recipe = _rushes_timeline_view_clip_recipe (clip);

  if (recipe == NULL || !_rushes_timeline_view_generatable (self, clip, NULL))
    return NULL;
  return clip;
}

void
_rushes_timeline_view_update_retake_actions (RushesTimelineView *self)
{
  RushesTimelineClip *clip = retakeable_clip (self);
  gint64 in, out;
  gboolean range = clip != NULL && _rushes_timeline_view_get_retake_range (self, clip, &in, &out) &&
                   out - in >= clip_frame (self, clip) / 2;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.retake",
                                 range && rushes_timeline_view_get_job_queue (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "timeline.retake-clear", get_marks (self) != NULL);
}

static void
set_marks (RushesTimelineView *self,
           Marks              *marks)
{
  g_object_set_data_full (G_OBJECT (self), MARKS_KEY, marks, marks ? marks_free : NULL);
  _rushes_timeline_view_update_retake_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* I and O: the mark at the playhead, on a whole frame of the take */
static void
mark_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = self->project ? _rushes_timeline_view_current_clip (self, NULL) : NULL;
  gboolean is_in = g_str_equal (name, "timeline.retake-mark-in");
  Marks *marks = get_marks (self);
  gint64 start, frame, t;

  if (clip == NULL || rushes_timeline_clip_get_pending (clip) || rushes_timeline_clip_get_is_title (clip) ||
      self->position < (start = rushes_timeline_clip_get_start (clip)) ||
      (is_in ? self->position >= rushes_timeline_clip_get_end (clip) : self->position <= start) ||
      self->position > rushes_timeline_clip_get_end (clip))
    {
      if (marks != NULL)
        _rushes_timeline_view_show_status (self, _("Retake marks cleared: the playhead is not on the clip"));
      set_marks (self, NULL);
      return;
    }
  frame = MAX (clip_frame (self, clip), 1);
  t = rushes_timeline_clip_get_in_point (clip) + self->position - start;
  t = (t + frame / 2) / frame * frame;
  if (marks == NULL || marks->clip != clip)
    {
      marks = g_new0 (Marks, 1);
      marks->clip = g_object_ref (clip);
      marks->in = marks->out = -1;
    }
  else
    g_object_steal_data (G_OBJECT (self), MARKS_KEY);
  if (is_in)
    {
      marks->in = t;
      if (marks->out >= 0 && marks->out <= t)
        marks->out = -1;
    }
  else
    {
      marks->out = t;
      if (marks->in >= 0 && marks->in >= t)
        marks->in = -1;
    }
  set_marks (self, marks);
}

static void
clear_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  set_marks (RUSHES_TIMELINE_VIEW (widget), NULL);
}

/* The marks over the clip: the range shaded, a bar at each mark set */
void
_rushes_timeline_view_draw_retake_marks (RushesTimelineView  *self,
                                         GtkSnapshot         *snapshot,
                                         const RushesClipBox *box)
{
  Marks *marks = get_marks (self);
  GdkRGBA band = { 1.0f, 0.55f, 0.1f, 0.3f }, bar = { 1.0f, 0.55f, 0.1f, 1.0f };
  gint64 in, out;
  double x0, x1;

  if (marks == NULL || !_rushes_timeline_view_get_retake_range (self, box->clip, &in, &out))
    return;
  x0 = box->x0 + (double) (in - box->in) / GST_SECOND * self->zoom;
  x1 = box->x0 + (double) (out - box->in) / GST_SECOND * self->zoom;
  x0 = CLAMP (x0, box->x0, box->x1);
  x1 = CLAMP (x1, x0, box->x1);
  gtk_snapshot_append_color (snapshot, &band, &GRAPHENE_RECT_INIT (x0, box->y, x1 - x0, box->h));
  if (marks->in >= 0)
    gtk_snapshot_append_color (snapshot, &bar, &GRAPHENE_RECT_INIT (x0, box->y, 3, box->h));
  if (marks->out >= 0)
    gtk_snapshot_append_color (snapshot, &bar, &GRAPHENE_RECT_INIT (x1 - 3, box->y, 3, box->h));
}

/* The backend of id (the default one for none), NULL when not set up */
static RushesBackend *
lookup_backend (RushesJobQueue *queue,
                const char     *id)
{
  RushesBackendRegistry *registry = rushes_job_queue_get_registry (queue);

  if (id == NULL || *id == '\0')
    id = rushes_backend_registry_get_default_id (registry);
  return id ? rushes_backend_registry_lookup (registry, id) : NULL;
}

/* The recipe of [plan->in, plan->out) on backend: the take's picture where
 * the model allows it, a length it can make (the splice fits it to the
 * range), a new seed; FALSE with the message when it cannot */
static gboolean
fit_recipe (RushesRecipe           *recipe,
            RushesBackend          *backend,
            const RushesSplicePlan *plan,
            GError                **error)
{
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_model_capabilities (backend, rushes_recipe_get_model (recipe));
  RushesFields keep = RUSHES_FIELD_SECONDS;
  double seconds = (double) (plan->out - plan->in) / GST_SECOND;

  rushes_recipe_set_seed (recipe, -1);
  rushes_recipe_set_width (recipe, plan->width);
  rushes_recipe_set_height (recipe, plan->height);
  if (plan->fps_d == 1 && plan->fps_n > 0)
    rushes_recipe_set_fps (recipe, plan->fps_n);
  rushes_recipe_set_seconds (recipe, seconds);
  if (caps != NULL)
    {
      if (rushes_capabilities_allows_size (caps, plan->width, plan->height))
        keep |= RUSHES_FIELD_SIZE;
      if (rushes_capabilities_allows_fps (caps, rushes_recipe_get_fps (recipe)))
        keep |= RUSHES_FIELD_FPS;
      rushes_capabilities_apply_defaults (caps, recipe, keep);
      if (!rushes_capabilities_allows_seconds (caps, rushes_recipe_get_fps (recipe), seconds))
        rushes_recipe_set_seconds (recipe,
                                   rushes_capabilities_nearest_seconds (caps, rushes_recipe_get_fps (recipe), seconds));
    }
  return rushes_backend_check_recipe (backend, recipe, error);
}

/* The backend honours the images the range needs: else the message says
 * which backends do */
static gboolean
check_images (RushesJobQueue  *queue,
              RushesBackend   *backend,
              RushesRecipe    *recipe,
              RushesFields     images,
              GError         **error)
{
  g_autoptr(RushesCapabilities) caps = rushes_backend_get_model_capabilities (backend, rushes_recipe_get_model (recipe));
  g_autofree char *can = NULL;

  if (images == 0 || (caps != NULL && rushes_capabilities_honours_images (caps, images)))
    return TRUE;
  can = rushes_capabilities_describe_backends_with_images (G_LIST_MODEL (rushes_job_queue_get_registry (queue)), images);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               can ? _("%s cannot start and end a retake on the clip’s frames; these backends can: %s")
                   : _("%s cannot start and end a retake on the clip’s frames, nor can any other backend set up"),
               rushes_backend_get_display_name (backend), can);
  return FALSE;
}

/* The recipe for the clip's marked range, its images grabbed; NULL with
 * the message */
static RushesRecipe *
retake_recipe (RushesTimelineView  *self,
               RushesTimelineClip  *clip,
               const char          *prompt,
               const char          *backend_id,
               GError             **error)
{
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  g_autoptr(RushesRecipe) recipe = _rushes_timeline_view_clip_recipe (clip);
  const char *path = rushes_timeline_clip_get_path (clip);
  g_autoptr(GFile) source = g_file_new_for_path (path);
  g_autofree char *start_spec = NULL, *end_spec = NULL;
  RushesBackend *backend;
  RushesSplicePlan plan;
  RushesFields images = 0;
  gint64 in, out;

  if (!_rushes_timeline_view_get_retake_range (self, clip, &in, &out) || out <= in)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Mark the range to retake on the clip first: I at its first frame, O after its last"));
      return NULL;
    }
  if (!rushes_splice_plan (source, NULL, in, out, &plan, NULL, error))
    return NULL;
  if (backend_id != NULL && *backend_id != '\0' && g_strcmp0 (backend_id, rushes_recipe_get_backend (recipe)) != 0)
    {
      /* the clip's model is its backend's */
      rushes_recipe_set_backend (recipe, backend_id);
      rushes_recipe_set_model (recipe, "");
    }
  if ((backend = lookup_backend (queue, rushes_recipe_get_backend (recipe))) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The backend “%s” is not set up"),
                   rushes_recipe_get_backend (recipe));
      return NULL;
    }
  rushes_recipe_set_backend (recipe, rushes_backend_get_id (backend));
  if (plan.in_frame > 0)
    {
      images |= RUSHES_FIELD_START_IMAGE;
      start_spec = g_strdup_printf ("%s@%uf", path, plan.in_frame - 1);
    }
  if (plan.out_frame < plan.n_frames)
    {
      images |= RUSHES_FIELD_END_IMAGE;
      end_spec = g_strdup_printf ("%s@%uf", path, plan.out_frame);
    }
  if (!check_images (queue, backend, recipe, images, error))
    return NULL;
  if (prompt != NULL && *prompt != '\0')
    rushes_recipe_set_prompt (recipe, prompt);
  rushes_recipe_set_start_image (recipe, "");
  rushes_recipe_set_end_image (recipe, "");
  rushes_recipe_set_start_image_source (recipe, "");
  rushes_recipe_set_end_image_source (recipe, "");
  if (!fit_recipe (recipe, backend, &plan, error))
    return NULL;
  if ((start_spec && !_rushes_timeline_view_set_frame_image (recipe, start_spec, FALSE, error)) ||
      (end_spec && !_rushes_timeline_view_set_frame_image (recipe, end_spec, TRUE, error)))
    return NULL;
  rushes_recipe_set_lineage (recipe, "retake", path, (double) plan.in / GST_SECOND, (double) plan.out / GST_SECOND);
  return g_steal_pointer (&recipe);
}

static void
retake_range_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesJobQueue *queue = rushes_timeline_view_get_job_queue (self);
  RushesTimelineClip *clip = retakeable_clip (self);
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *prompt, *backend_id;
  RushesJob *job;

  g_variant_get (param, "(&s&s)", &prompt, &backend_id);
  if (queue == NULL || clip == NULL)
    {
      _rushes_timeline_view_refuse (self, _("Only a generated clip on an unlocked video track can be retaken"));
      return;
    }
  recipe = retake_recipe (self, clip, prompt, backend_id, &error);
  if (recipe == NULL || (job = rushes_job_queue_submit (queue, recipe, &error)) == NULL)
    {
      _rushes_timeline_view_refuse (self, error->message);
      return;
    }
  g_ptr_array_add (jobs, job);
  if (!rushes_project_add_versions (self->project, clip, jobs, &error))
    {
      rushes_job_cancel (job);
      _rushes_timeline_view_refuse (self, error->message);
      return;
    }
  rushes_timeline_follow_job (self->project, job);
}

/* The popover: what is retaken, the prompt, the backend, and a button */

typedef struct
{
  GtkWidget  *popover;
  GtkLabel   *range;
  GtkEntry   *prompt;
  GtkDropDown *backend;
  GPtrArray  *ids;        /* of the backends listed */
} Form;

static void
form_free (gpointer data)
{
  Form *form = data;

  g_clear_pointer (&form->ids, g_ptr_array_unref);
  gtk_widget_unparent (form->popover);
  g_free (form);
}

static void
form_go_cb (RushesTimelineView *self)
{
  Form *form = g_object_get_data (G_OBJECT (self), FORM_KEY);
  guint selected = gtk_drop_down_get_selected (form->backend);
  const char *id = selected < form->ids->len ? g_ptr_array_index (form->ids, selected) : "";
  g_autofree char *prompt = g_strdup (gtk_editable_get_text (GTK_EDITABLE (form->prompt)));

  gtk_popover_popdown (GTK_POPOVER (form->popover));
  gtk_widget_activate_action (GTK_WIDGET (self), "timeline.retake-range", "(ss)", prompt, id);
}

static void
form_closed_cb (RushesTimelineView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
view_destroy_cb (GtkWidget *view)
{
  g_object_set_data (G_OBJECT (view), FORM_KEY, NULL);
}

static GtkWidget *
form_row (GtkWidget  *box,
          const char *mnemonic,
          GtkWidget  *field)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (mnemonic);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return field;
}

/* The view's one popover, made on first use */
static Form *
get_form (RushesTimelineView *self)
{
  Form *form = g_object_get_data (G_OBJECT (self), FORM_KEY);
  GtkWidget *box, *heading, *button;

  if (form != NULL)
    return form;
  form = g_new0 (Form, 1);
  form->popover = gtk_popover_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set (box, "margin-start", 6, "margin-end", 6, "margin-top", 6, "margin-bottom", 6, NULL);
  heading = gtk_label_new (_("Retake Range"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (box), heading);
  form->range = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (form->range, 0);
  gtk_widget_add_css_class (GTK_WIDGET (form->range), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (form->range));
  form->prompt = GTK_ENTRY (form_row (box, _("_Prompt"), gtk_entry_new ()));
  gtk_entry_set_activates_default (form->prompt, TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (form->prompt), 32);
  form->backend = GTK_DROP_DOWN (form_row (box, _("_Backend"), gtk_drop_down_new (NULL, NULL)));
  button = gtk_button_new_with_mnemonic (_("_Retake"));
  gtk_widget_add_css_class (button, "suggested-action");
  g_signal_connect_object (button, "clicked", G_CALLBACK (form_go_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);
  gtk_popover_set_child (GTK_POPOVER (form->popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (form->popover), button);
  gtk_widget_set_parent (form->popover, GTK_WIDGET (self));
  g_signal_connect_object (form->popover, "closed", G_CALLBACK (form_closed_cb), self, G_CONNECT_SWAPPED);
  g_object_set_data_full (G_OBJECT (self), FORM_KEY, form, form_free);
  g_signal_connect (self, "destroy", G_CALLBACK (view_destroy_cb), NULL);
  return form;
}

/* The backends set up, the recipe's selected */
static void
fill_backends (Form           *form,
               RushesJobQueue *queue,
               RushesRecipe   *recipe)
{
  GListModel *registry = G_LIST_MODEL (rushes_job_queue_get_registry (queue));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  RushesBackend *own = lookup_backend (queue, rushes_recipe_get_backend (recipe));
  guint selected = 0;

  g_clear_pointer (&form->ids, g_ptr_array_unref);
  form->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < g_list_model_get_n_items (registry); i++)
    {
      g_autoptr(RushesBackend) backend = g_list_model_get_item (registry, i);

      if (backend == own)
        selected = i;
      gtk_string_list_append (names, rushes_backend_get_display_name (backend));
      g_ptr_array_add (form->ids, g_strdup (rushes_backend_get_id (backend)));
    }
  gtk_drop_down_set_model (form->backend, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (form->backend, selected);
}

static void
open_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = retakeable_clip (self);
  g_autoptr(RushesRecipe) recipe = _rushes_timeline_view_clip_recipe (clip);
  RushesTimelineRow row = { 0, RULER_H, VIDEO_ROW_H };
  RushesClipBox box;
  g_autofree char *range = NULL;
  guint track;
  gint64 in, out;
  double x;
  Form *form;

  if (clip == NULL || rushes_timeline_view_get_job_queue (self) == NULL ||
      !_rushes_timeline_view_get_retake_range (self, clip, &in, &out))
    return;
  form = get_form (self);
  /* TRANSLATORS: the range of the take retaken, in seconds */
  range = g_strdup_printf (_("From %.2f s to %.2f s (%.2f s)"), in / 1e9, out / 1e9, (out - in) / 1e9);
  gtk_label_set_text (form->range, range);
  gtk_editable_set_text (GTK_EDITABLE (form->prompt), rushes_recipe_get_prompt (recipe));
  fill_backends (form, rushes_timeline_view_get_job_queue (self), recipe);
  if (rushes_project_locate_clip (self->project, clip, &track, NULL))
    _rushes_timeline_view_track_row (self, track, &row);
  _rushes_timeline_view_clip_box (self, clip, &row, &box);
  x = box.x0 + (double) (in - box.in) / GST_SECOND * self->zoom;
  gtk_popover_set_pointing_to (GTK_POPOVER (form->popover), &(GdkRectangle) {
    (int) CLAMP (x, 0, MAX (gtk_widget_get_width (widget) - 1, 0)), (int) box.y, 1, MAX ((int) box.h, 1) });
  gtk_popover_popup (GTK_POPOVER (form->popover));
  gtk_widget_grab_focus (GTK_WIDGET (form->prompt));
}

void
_rushes_timeline_view_install_retake_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.retake-mark-in", NULL, mark_action);
  gtk_widget_class_install_action (widget_class, "timeline.retake-mark-out", NULL, mark_action);
  gtk_widget_class_install_action (widget_class, "timeline.retake-clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "timeline.retake", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "timeline.retake-range", "(ss)", retake_range_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "timeline.retake-mark-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, 0, "timeline.retake-mark-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "timeline.retake-clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_SHIFT_MASK, "timeline.retake", NULL);
}
