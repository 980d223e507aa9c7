/* rushes-window-compare.c: A/B compare from the library and the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * C in the library marks the selected take as A (a toast says so); C on
 * another take compares the two in the viewer. A on the timeline compares
 * the selected clip's shown version with the one before it (the one
 * Shift+V shows: after V, the one shown before). The viewer does the rest
 * (rushes_player_view_compare).
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-take.h"
#include "rushes-timeline-clip.h"
#include "rushes-window-private.h"

/* the take marked as A (a RushesTake), on the window */
#define COMPARE_A_KEY "rushes-compare-a"

static gboolean
open_compare (RushesWindow *self,
              const char   *path_a,
              const char   *title_a,
              const char   *path_b,
              const char   *title_b)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GFile) a = g_file_new_for_path (path_a);
  g_autoptr(GFile) b = g_file_new_for_path (path_b);

  if (RUSHES_IS_APPLICATION (app))
    rushes_application_ensure_media (RUSHES_APPLICATION (app));
  if (!_rushes_window_ensure_player (self))
    return FALSE;
  gtk_stack_set_visible_child_name (self->player_stack, "player");
  rushes_player_view_compare (self->player_view, a, title_a, b, title_b);
  return TRUE;
}

/* C in the library */
static gboolean
compare_take_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  RushesWindow *self = user_data;
  RushesTake *take = rushes_window_get_selected_take (self);
  RushesTake *a = g_object_get_data (G_OBJECT (self), COMPARE_A_KEY);
  g_autofree char *text = NULL;

  if (take == NULL)
    return FALSE;
  if (a == NULL || a == take || g_strcmp0 (rushes_take_get_path (a), rushes_take_get_path (take)) == 0)
    {
      g_object_set_data_full (G_OBJECT (self), COMPARE_A_KEY, g_object_ref (take), g_object_unref);
      /* TRANSLATORS: %s is the take's title */
      text = g_strdup_printf (_("A: “%s” — select another take and press C"), rushes_take_get_title (take));
      rushes_window_add_toast (self, text);
      return TRUE;
    }
  g_object_ref (a);
  g_object_set_data (G_OBJECT (self), COMPARE_A_KEY, NULL);
  open_compare (self, rushes_take_get_path (a), rushes_take_get_title (a),
                rushes_take_get_path (take), rushes_take_get_title (take));
  g_object_unref (a);
  return TRUE;
}

static char *
version_title (RushesTimelineClip *clip,
               guint               index)
{
  /* TRANSLATORS: the clip's name, the version's number, how many there are */
  return g_strdup_printf (_("%s, version %u/%u"), rushes_timeline_clip_get_name (clip), index + 1,
                          rushes_timeline_clip_get_n_versions (clip));
}

/* A on the timeline */
static gboolean
compare_versions_cb (GtkWidget *widget,
                     GVariant  *args,
                     gpointer   user_data)
{
  RushesWindow *self = user_data;
  RushesTimelineClip *clip = rushes_timeline_view_get_selected_clip (self->timeline_view);
  guint n, shown, other;
  g_autofree char *title_a = NULL;
  g_autofree char *title_b = NULL;

  if (clip == NULL)
    return FALSE;
  n = rushes_timeline_clip_get_n_versions (clip);
  shown = rushes_timeline_clip_get_version (clip);
  /* the one before, skipping versions still being made */
  for (other = (shown + n - 1) % n; other != shown; other = (other + n - 1) % n)
    if (!rushes_timeline_clip_get_version_pending (clip, other) &&
        rushes_timeline_clip_get_version_path (clip, other) != NULL)
      break;
  if (n < 2 || other == shown || rushes_timeline_clip_get_version_path (clip, shown) == NULL)
    {
      rushes_window_add_toast (self, _("Compare needs a clip with two finished versions (Ctrl+R makes more)"));
      return TRUE;
    }
  title_a = version_title (clip, shown);
  title_b = version_title (clip, other);
  if (open_compare (self, rushes_timeline_clip_get_version_path (clip, shown), title_a,
                    rushes_timeline_clip_get_version_path (clip, other), title_b))
    gtk_widget_grab_focus (GTK_WIDGET (self->player_view));
  return TRUE;
}

static void
add_key (GtkWidget       *widget,
         guint            keyval,
         GtkShortcutFunc  func,
         RushesWindow    *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                                          gtk_callback_action_new (func, self, NULL)));
  gtk_widget_add_controller (widget, keys);
}

void
_rushes_window_init_compare (RushesWindow *self)
{
  add_key (GTK_WIDGET (self->take_grid), GDK_KEY_c, compare_take_cb, self);
  add_key (GTK_WIDGET (self->timeline_view), GDK_KEY_a, compare_versions_cb, self);
}
