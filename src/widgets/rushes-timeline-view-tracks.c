/* rushes-timeline-view-tracks.c: the timeline view's track edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "timeline." track actions (add a video or audio track, remove,
 * rename, mute and lock the current track) and their keys, the context
 * menu (right-click, Menu, Shift+F10) that offers them with the clip
 * edits, and the inline rename: a popover with an entry on the header.
 */
#define G_LOG_DOMAIN "rushes-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-timeline-view-private.h"

static void
add_track_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTrackKind kind;
  guint index;

  if (self->project == NULL || !rushes_track_kind_from_string (g_variant_get_string (param, NULL), &kind))
    return;
  index = rushes_project_add_track (self->project, kind, NULL);
  rushes_timeline_view_set_selected_clip (self, NULL);
  _rushes_timeline_view_set_current_track (self, index);
}

static void
remove_track_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  g_autoptr(GError) error = NULL;
  guint index = self->current_track;

  if (self->project == NULL)
    return;
  /* then the track that took its place, or the new last one */
  if (rushes_project_remove_track (self->project, index, &error))
    _rushes_timeline_view_set_current_track (self, MIN (index, rushes_project_get_n_tracks (self->project) - 1));
  else
    _rushes_timeline_view_check_edit (self, error);
}

static void
toggle_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineTrack *track = self->project ? rushes_project_get_track (self->project, self->current_track) : NULL;

  if (track == NULL)
    return;
  if (g_str_equal (name, "timeline.toggle-mute"))
    rushes_project_set_track_muted (self->project, self->current_track, !rushes_timeline_track_get_muted (track));
  else
    rushes_project_set_track_locked (self->project, self->current_track, !rushes_timeline_track_get_locked (track));
  _rushes_timeline_view_update_description (self);
}

static void
rename_track_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);

  if (self->project)
    _rushes_timeline_view_start_rename (self, self->current_track);
}

/* Rename: a popover on the header, its entry holding the name */

static void
rename_activate_cb (RushesTimelineView *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rename_entry))));
  guint track = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self->rename), "track"));

  gtk_popover_popdown (GTK_POPOVER (self->rename));
  if (*name == '\0' || self->project == NULL || track >= rushes_project_get_n_tracks (self->project))
    return;
  if (!g_str_equal (name, rushes_timeline_track_get_name (rushes_project_get_track (self->project, track))))
    rushes_project_rename_track (self->project, track, name);
}

void
_rushes_timeline_view_start_rename (RushesTimelineView *self,
                                    guint               track)
{
  RushesTimelineRow row;
  double hx = _rushes_timeline_view_header_x (self);

  if (self->project == NULL || !_rushes_timeline_view_track_row (self, track, &row))
    return;
  if (self->rename == NULL)
    {
      self->rename = gtk_popover_new ();
      self->rename_entry = gtk_entry_new ();
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->rename_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Track name"), -1);
      gtk_popover_set_child (GTK_POPOVER (self->rename), self->rename_entry);
      gtk_popover_set_position (GTK_POPOVER (self->rename), GTK_POS_BOTTOM);
      gtk_widget_set_parent (self->rename, GTK_WIDGET (self));
      g_signal_connect_swapped (self->rename_entry, "activate", G_CALLBACK (rename_activate_cb), self);
    }
  _rushes_timeline_view_set_current_track (self, track);
  g_object_set_data (G_OBJECT (self->rename), "track", GUINT_TO_POINTER (track));
  gtk_editable_set_text (GTK_EDITABLE (self->rename_entry),
                         rushes_timeline_track_get_name (rushes_project_get_track (self->project, track)));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->rename),
                               &(GdkRectangle) { (int) hx + 4, (int) row.y, (int) HEADER_W - 8, 20 });
  gtk_popover_popup (GTK_POPOVER (self->rename));
  gtk_widget_grab_focus (self->rename_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->rename_entry), 0, -1);
}

/* The context menu: the current track's edits, then the current clip's */

static GMenuModel *
build_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) tracks = g_menu_new ();
  g_autoptr(GMenu) track = g_menu_new ();
  g_autoptr(GMenu) clip = g_menu_new ();

  g_menu_append (tracks, _("Add _Video Track"), "timeline.add-track::video");
  g_menu_append (tracks, _("Add _Audio Track"), "timeline.add-track::audio");
  g_menu_append (track, _("_Rename Track…"), "timeline.rename-track");
  g_menu_append (track, _("_Mute or Unmute Track"), "timeline.toggle-mute");
  g_menu_append (track, _("_Lock or Unlock Track"), "timeline.toggle-lock");
  g_menu_append (track, _("Remo_ve Track"), "timeline.remove-track");
  g_menu_append (clip, _("_Delete Clip"), "timeline.delete");
  g_menu_append (clip, _("Delete Clip and Close the _Gap"), "timeline.ripple-delete");
  g_menu_append (clip, _("_Split at the Playhead"), "timeline.split");
  g_menu_append (clip, _("_Find the Clip’s File…"), "timeline.relink");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (tracks));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (track));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (clip));
  {
    g_autoptr(GMenuModel) generate = _rushes_timeline_view_generate_menu ();

    g_menu_append_section (menu, NULL, generate);
  }
  return G_MENU_MODEL (menu);
}

void
_rushes_timeline_view_popup_menu (RushesTimelineView *self,
                                  double              x,
                                  double              y)
{
  if (self->menu == NULL)
    {
      g_autoptr(GMenuModel) model = build_menu ();

      self->menu = gtk_popover_menu_new_from_model (model);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
      gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

/* Menu / Shift+F10: at the current clip, else the current track's header */
static void
context_menu_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesTimelineView *self = RUSHES_TIMELINE_VIEW (widget);
  RushesTimelineClip *clip = _rushes_timeline_view_current_clip (self, NULL);
  RushesTimelineRow row = { 0, RULER_H, VIDEO_ROW_H };
  double x = _rushes_timeline_view_header_x (self) + HEADER_W / 2;

  if (self->project == NULL)
    return;
  _rushes_timeline_view_track_row (self, self->current_track, &row);
  if (clip)
    x = rushes_timeline_view_time_to_x (self, MAX (self->position, rushes_timeline_clip_get_start (clip)));
  _rushes_timeline_view_popup_menu (self, x, row.y + row.h / 2);
}

void
_rushes_timeline_view_present_popovers (RushesTimelineView *self)
{
  if (self->menu)
    gtk_popover_present (GTK_POPOVER (self->menu));
  if (self->rename)
    gtk_popover_present (GTK_POPOVER (self->rename));
}

void
_rushes_timeline_view_dispose_tracks (RushesTimelineView *self)
{
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  g_clear_pointer (&self->rename, gtk_widget_unparent);
  self->rename_entry = NULL;
}

void
_rushes_timeline_view_class_init_tracks (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.add-track", "s", add_track_action);
  gtk_widget_class_install_action (widget_class, "timeline.remove-track", NULL, remove_track_action);
  gtk_widget_class_install_action (widget_class, "timeline.rename-track", NULL, rename_track_action);
  gtk_widget_class_install_action (widget_class, "timeline.toggle-mute", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "timeline.toggle-lock", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "timeline.context-menu", NULL, context_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "timeline.rename-track", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "timeline.toggle-mute", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "timeline.toggle-lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "timeline.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "timeline.context-menu", NULL);
}
