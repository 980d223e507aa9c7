/* rushes-clip-inspector.c: a popover with one timeline clip's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The widgets show the clip as the project has it (synced on every
 * "changed" of the project, so undo and redo show), and each change of a
 * widget is one undoable edit. "syncing" keeps the widgets' own signals
 * from turning a sync into an edit.
 */
#define G_LOG_DOMAIN "rushes-clip-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-clip-inspector.h"

struct _RushesClipInspector
{
  GtkPopover          parent_instance;

  /* template widgets */
  GtkLabel           *heading;
  GtkWidget          *title_box;
  GtkTextView        *title_view;
  GtkSpinButton      *size_spin;
  GtkDropDown        *position_dropdown;
  GtkWidget          *volume_label;
  GtkRange           *volume_scale;
  GtkSpinButton      *fade_in_spin;
  GtkSpinButton      *fade_out_spin;
  GtkWidget          *unlink_button;

  /* owned */
  RushesProject      *project;
  RushesTimelineClip *clip;
  guint               volume_timeout_id;
  gboolean            syncing;
};

G_DEFINE_FINAL_TYPE (RushesClipInspector, rushes_clip_inspector, GTK_TYPE_POPOVER)

/* The title's places, in the order of the position drop-down: the middle
 * of the top, centre and bottom third of the frame */
static const double position_y[] = { 1.0 / 6, 0.5, 5.0 / 6 };

static gboolean
on_audio_track (RushesClipInspector *self,
                RushesTimelineClip  *clip)
{
  guint track, position;

  return clip != NULL && rushes_project_locate_clip (self->project, clip, &track, &position) &&
         rushes_timeline_track_get_kind (rushes_project_get_track (self->project, track)) == RUSHES_TRACK_AUDIO;
}

/* The clip whose volume the scale sets: the clip itself on an audio
 * track, else the sound linked to a picture; NULL when it has none. */
static RushesTimelineClip *
sound_clip (RushesClipInspector *self)
{
  RushesTimelineClip *linked;

  if (on_audio_track (self, self->clip))
    return self->clip;
  linked = rushes_project_get_linked_clip (self->project, self->clip);
  return on_audio_track (self, linked) ? linked : NULL;
}

static guint
nearest_position (double y)
{
  guint best = 0;

  for (guint i = 1; i < G_N_ELEMENTS (position_y); i++)
    if (ABS (position_y[i] - y) < ABS (position_y[best] - y))
      best = i;
  return best;
}

static char *
buffer_text (RushesClipInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->title_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
format_percent (GtkScale *scale,
                double    value,
                gpointer  data)
{
  return g_strdup_printf (_("%d%%"), (int) (value + 0.5));
}

/* ---- model → widgets -------------------------------------------------------- */

static void
sync_title (RushesClipInspector *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->title_view);
  double x, y;

  /* text being edited stays as the artist has it until committed */
  if (!gtk_text_buffer_get_modified (buffer))
    {
      g_autofree char *shown = buffer_text (self);
      const char *text = rushes_timeline_clip_get_title_text (self->clip);

      if (g_strcmp0 (shown, text ? text : "") != 0)
        gtk_text_buffer_set_text (buffer, text ? text : "", -1);
      gtk_text_buffer_set_modified (buffer, FALSE);
    }
  gtk_spin_button_set_value (self->size_spin, rushes_timeline_clip_get_title_size (self->clip));
  rushes_timeline_clip_get_title_position (self->clip, &x, &y);
  gtk_drop_down_set_selected (self->position_dropdown, nearest_position (y));
}

static void
sync_from_clip (RushesClipInspector *self)
{
  RushesTimelineClip *sound;
  double duration;
  gboolean is_title;

  if (self->clip == NULL)
    return;
  self->syncing = TRUE;

  is_title = rushes_timeline_clip_get_is_title (self->clip);
  gtk_label_set_text (self->heading, is_title ? _("Title") : rushes_timeline_clip_get_name (self->clip));
  gtk_widget_set_visible (self->title_box, is_title);
  if (is_title)
    sync_title (self);

  sound = sound_clip (self);
  gtk_widget_set_visible (self->volume_label, sound != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->volume_scale), sound != NULL);
  if (sound != NULL && self->volume_timeout_id == 0)
    gtk_range_set_value (self->volume_scale, rushes_timeline_clip_get_volume (sound) * 100);

  duration = (double) rushes_timeline_clip_get_duration (self->clip) / RUSHES_SECOND;
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->fade_in_spin), duration);
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->fade_out_spin), duration);
  gtk_spin_button_set_value (self->fade_in_spin,
                             (double) rushes_timeline_clip_get_fade_in (self->clip) / RUSHES_SECOND);
  gtk_spin_button_set_value (self->fade_out_spin,
                             (double) rushes_timeline_clip_get_fade_out (self->clip) / RUSHES_SECOND);

  gtk_widget_set_visible (self->unlink_button, rushes_timeline_clip_get_link (self->clip) != NULL);
  self->syncing = FALSE;
  /* rows came or went: the popover takes its new size */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_popover_present (GTK_POPOVER (self));
}

static void
project_changed_cb (RushesClipInspector *self)
{
  guint track, position;

  if (self->clip == NULL)
    return;
  /* undone, deleted, its track removed: nothing left to inspect */
  if (!rushes_project_locate_clip (self->project, self->clip, &track, &position))
    {
      if (self->volume_timeout_id != 0)
        g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
      gtk_text_buffer_set_modified (gtk_text_view_get_buffer (self->title_view), FALSE);
      gtk_popover_popdown (GTK_POPOVER (self));
      return;
    }
  sync_from_clip (self);
}

/* ---- widgets → model -------------------------------------------------------- */

static void
commit_volume (RushesClipInspector *self)
{
  RushesTimelineClip *sound;
  double volume;

  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  if (self->clip == NULL || (sound = sound_clip (self)) == NULL)
    return;
  volume = gtk_range_get_value (self->volume_scale) / 100;
  if (ABS (volume - rushes_timeline_clip_get_volume (sound)) > 0.001)
    rushes_project_set_clip_volume (self->project, sound, volume);
}

static gboolean
volume_rested_cb (gpointer data)
{
  RushesClipInspector *self = data;

  self->volume_timeout_id = 0;
  commit_volume (self);
  return G_SOURCE_REMOVE;
}

/* A drag makes many values: the one it rests on is the edit */
static void
volume_changed_cb (RushesClipInspector *self)
{
  if (self->syncing || self->clip == NULL)
    return;
  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  self->volume_timeout_id = g_timeout_add (RUSHES_CLIP_INSPECTOR_VOLUME_DELAY_MS, volume_rested_cb, self);
}

static gint64
spin_ns (GtkSpinButton *spin)
{
  return (gint64) (gtk_spin_button_get_value (spin) * RUSHES_SECOND + 0.5);
}

static void
fades_changed_cb (RushesClipInspector *self)
{
  gint64 fade_in, fade_out;

  if (self->syncing || self->clip == NULL)
    return;
  fade_in = spin_ns (self->fade_in_spin);
  fade_out = spin_ns (self->fade_out_spin);
  /* the spin buttons show hundredths: an unchanged one is no edit */
  if (ABS (fade_in - rushes_timeline_clip_get_fade_in (self->clip)) < RUSHES_SECOND / 200 &&
      ABS (fade_out - rushes_timeline_clip_get_fade_out (self->clip)) < RUSHES_SECOND / 200)
    return;
  rushes_project_set_clip_fades (self->project, self->clip, fade_in, fade_out);
  /* the model may have clamped them */
  sync_from_clip (self);
}

/* The text, size and position as one edit, if any differs */
static void
commit_title (RushesClipInspector *self)
{
  g_autofree char *text = NULL;
  const char *old_text;
  double size, old_x, old_y, x, y;
  guint selected;

  if (self->clip == NULL || !rushes_timeline_clip_get_is_title (self->clip))
    return;
  gtk_text_buffer_set_modified (gtk_text_view_get_buffer (self->title_view), FALSE);
  text = buffer_text (self);
  old_text = rushes_timeline_clip_get_title_text (self->clip);
  size = gtk_spin_button_get_value (self->size_spin);
  rushes_timeline_clip_get_title_position (self->clip, &old_x, &old_y);
  x = old_x;
  y = old_y;
  /* a place set elsewhere stays as it is unless another one is picked */
  selected = gtk_drop_down_get_selected (self->position_dropdown);
  if (selected < G_N_ELEMENTS (position_y) && selected != nearest_position (old_y))
    {
      x = 0.5;
      y = position_y[selected];
    }
  if (g_strcmp0 (text, old_text ? old_text : "") == 0 &&
      ABS (size - rushes_timeline_clip_get_title_size (self->clip)) < 0.5 &&
      x == old_x && y == old_y)
    return;
  rushes_project_set_title (self->project, self->clip, text, size, x, y);
}

static void
style_changed_cb (RushesClipInspector *self)
{
  if (!self->syncing)
    commit_title (self);
}

static void
text_focus_leave_cb (RushesClipInspector *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self->title_view));

  /* the window losing the focus (another application) leaves it in the
   * field: the editing session goes on */
  if (root != NULL && gtk_root_get_focus (root) == GTK_WIDGET (self->title_view))
    return;
  commit_title (self);
}

static gboolean
text_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     RushesClipInspector   *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_CONTROL_MASK) != 0)
    {
      commit_title (self);
      return TRUE;
    }
  return FALSE;
}

void
rushes_clip_inspector_commit (RushesClipInspector *self)
{
  g_return_if_fail (RUSHES_IS_CLIP_INSPECTOR (self));

  if (self->volume_timeout_id != 0)
    commit_volume (self);
  if (gtk_text_buffer_get_modified (gtk_text_view_get_buffer (self->title_view)))
    commit_title (self);
}

static void
unlink_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesClipInspector *self = RUSHES_CLIP_INSPECTOR (widget);

  if (self->clip == NULL || rushes_timeline_clip_get_link (self->clip) == NULL)
    return;
  rushes_clip_inspector_commit (self);
  rushes_project_unlink_clip (self->project, self->clip);
  sync_from_clip (self);
  /* the button has gone: keep the focus inside the popover */
  gtk_widget_grab_focus (GTK_WIDGET (self->fade_in_spin));
}

/* ---- the clip ------------------------------------------------------------- */

void
rushes_clip_inspector_set_clip (RushesClipInspector *self,
                                RushesProject       *project,
                                RushesTimelineClip  *clip)
{
  g_return_if_fail (RUSHES_IS_CLIP_INSPECTOR (self));
  g_return_if_fail (!project || RUSHES_IS_PROJECT (project));
  g_return_if_fail (!clip || RUSHES_IS_TIMELINE_CLIP (clip));
  g_return_if_fail ((project == NULL) == (clip == NULL));

  if (self->project == project && self->clip == clip)
    {
      sync_from_clip (self);
      return;
    }
  if (self->clip != NULL)
    rushes_clip_inspector_commit (self);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_set_object (&self->clip, clip);
  gtk_text_buffer_set_modified (gtk_text_view_get_buffer (self->title_view), FALSE);
  if (project != NULL)
    g_signal_connect_object (project, "changed", G_CALLBACK (project_changed_cb), self, G_CONNECT_SWAPPED);
  sync_from_clip (self);
}

RushesTimelineClip *
rushes_clip_inspector_get_clip (RushesClipInspector *self)
{
  g_return_val_if_fail (RUSHES_IS_CLIP_INSPECTOR (self), NULL);
  return self->clip;
}

RushesProject *
rushes_clip_inspector_get_project (RushesClipInspector *self)
{
  g_return_val_if_fail (RUSHES_IS_CLIP_INSPECTOR (self), NULL);
  return self->project;
}

/* ---- GObject ---------------------------------------------------------------- */

static void
rushes_clip_inspector_closed (GtkPopover *popover)
{
  rushes_clip_inspector_commit (RUSHES_CLIP_INSPECTOR (popover));
}

/* Opened: the focus on the first control (a title's text) */
static void
rushes_clip_inspector_map (GtkWidget *widget)
{
  RushesClipInspector *self = RUSHES_CLIP_INSPECTOR (widget);

  GTK_WIDGET_CLASS (rushes_clip_inspector_parent_class)->map (widget);
  if (gtk_widget_get_visible (self->title_box))
    gtk_widget_grab_focus (GTK_WIDGET (self->title_view));
  else if (gtk_widget_get_visible (GTK_WIDGET (self->volume_scale)))
    gtk_widget_grab_focus (GTK_WIDGET (self->volume_scale));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->fade_in_spin));
}

static void
rushes_clip_inspector_dispose (GObject *object)
{
  RushesClipInspector *self = RUSHES_CLIP_INSPECTOR (object);

  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->clip);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_CLIP_INSPECTOR);

  G_OBJECT_CLASS (rushes_clip_inspector_parent_class)->dispose (object);
}

static void
rushes_clip_inspector_class_init (RushesClipInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkPopoverClass *popover_class = GTK_POPOVER_CLASS (klass);

  object_class->dispose = rushes_clip_inspector_dispose;
  widget_class->map = rushes_clip_inspector_map;
  popover_class->closed = rushes_clip_inspector_closed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-clip-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, heading);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, title_box);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, title_view);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, size_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, position_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, volume_label);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, fade_in_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, fade_out_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesClipInspector, unlink_button);

  gtk_widget_class_install_action (widget_class, "inspector.unlink", NULL, unlink_action);
  gtk_widget_class_set_css_name (widget_class, "rushes-clip-inspector");
}

static void
rushes_clip_inspector_init (RushesClipInspector *self)
{
  GtkEventController *focus, *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_scale_set_format_value_func (GTK_SCALE (self->volume_scale), format_percent, NULL, NULL);

  g_signal_connect_object (self->volume_scale, "value-changed", G_CALLBACK (volume_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fade_in_spin, "value-changed", G_CALLBACK (fades_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->fade_out_spin, "value-changed", G_CALLBACK (fades_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->size_spin, "value-changed", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->position_dropdown, "notify::selected", G_CALLBACK (style_changed_cb), self,
                           G_CONNECT_SWAPPED);

  /* the text: one edit when the field is left or on Ctrl+Enter */
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (text_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->title_view), focus);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (text_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->title_view), keys);
}

GtkWidget *
rushes_clip_inspector_new (void)
{
  return g_object_new (RUSHES_TYPE_CLIP_INSPECTOR, NULL);
}
