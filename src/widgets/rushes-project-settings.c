/* rushes-project-settings.c: the project's size and frame rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-project-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-settings.h"

struct _RushesProjectSettings
{
  AdwWindow       parent_instance;

  /* template widgets */
  GtkSwitch      *auto_switch;
  AdwActionRow   *width_row;
  AdwActionRow   *height_row;
  GtkSpinButton  *width_spin;
  GtkSpinButton  *height_spin;
  AdwComboRow    *rate_row;

  /* owned */
  RushesProject  *project;
};

G_DEFINE_FINAL_TYPE (RushesProjectSettings, rushes_project_settings, ADW_TYPE_WINDOW)

/* in the order of the combo row's items */
static const struct { guint n, d; } rates[] = {
  { 24000, 1001 }, { 24, 1 }, { 25, 1 }, { 30000, 1001 }, { 30, 1 }, { 50, 1 }, { 60000, 1001 }, { 60, 1 },
};

static void
auto_changed_cb (RushesProjectSettings *self)
{
  gboolean manual = !gtk_switch_get_active (self->auto_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->width_row), manual);
  gtk_widget_set_sensitive (GTK_WIDGET (self->height_row), manual);
  gtk_widget_set_sensitive (GTK_WIDGET (self->rate_row), manual);
}

static void
apply_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  RushesProjectSettings *self = RUSHES_PROJECT_SETTINGS (widget);

  if (gtk_switch_get_active (self->auto_switch))
    rushes_project_use_first_clip_format (self->project);
  else
    {
      guint r = MIN (adw_combo_row_get_selected (self->rate_row), G_N_ELEMENTS (rates) - 1);
      guint w = gtk_spin_button_get_value_as_int (self->width_spin);
      guint h = gtk_spin_button_get_value_as_int (self->height_spin);
      guint cw, ch, cn, cd;

      rushes_project_get_format (self->project, &cw, &ch, &cn, &cd);
      /* no edit (and no undo step) when nothing changes */
      if (rushes_project_get_auto_format (self->project) ||
          (w & ~1u) != cw || (h & ~1u) != ch || rates[r].n != cn || rates[r].d != cd)
        rushes_project_set_format (self->project, w, h, rates[r].n, rates[r].d);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
rushes_project_settings_dispose (GObject *object)
{
  RushesProjectSettings *self = RUSHES_PROJECT_SETTINGS (object);

  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_PROJECT_SETTINGS);

  G_OBJECT_CLASS (rushes_project_settings_parent_class)->dispose (object);
}

static void
rushes_project_settings_class_init (RushesProjectSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_project_settings_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-project-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, width_row);
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, height_row);
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, width_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, height_spin);
  gtk_widget_class_bind_template_child (widget_class, RushesProjectSettings, rate_row);

  gtk_widget_class_install_action (widget_class, "settings.apply", NULL, apply_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rushes_project_settings_init (RushesProjectSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->auto_switch, "notify::active", G_CALLBACK (auto_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

RushesProjectSettings *
rushes_project_settings_new (GtkWindow     *parent,
                             RushesProject *project)
{
  RushesProjectSettings *self;
  guint w, h, n, d, best = 2;
  double fps, best_diff = G_MAXDOUBLE;

  g_return_val_if_fail (RUSHES_IS_PROJECT (project), NULL);

  self = g_object_new (RUSHES_TYPE_PROJECT_SETTINGS, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  rushes_project_get_format (project, &w, &h, &n, &d);
  gtk_spin_button_set_value (self->width_spin, w);
  gtk_spin_button_set_value (self->height_spin, h);
  fps = (double) n / MAX (d, 1);
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      double diff = ABS ((double) rates[i].n / rates[i].d - fps);

      if (diff < best_diff)
        {
          best_diff = diff;
          best = i;
        }
    }
  adw_combo_row_set_selected (self->rate_row, best);
  gtk_switch_set_active (self->auto_switch, rushes_project_get_auto_format (project));
  auto_changed_cb (self);
  return self;
}
