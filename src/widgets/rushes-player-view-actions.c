/* rushes-player-view-actions.c: the player view's actions and keys
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "player" actions drive whichever monitor is shown (the selected take
 * or the timeline): play, shuttle, steps and jumps; the marks and the loop
 * are the take's. Their keys live in a shortcut controller, the view's own
 * and, through rushes_player_view_add_shortcuts_to(), that of a review area
 * (the library and the viewer), which takes them in the capture phase so
 * that Space plays rather than (de)selects a take. Keys typed into a text
 * field or a popover stay there.
 */
#define G_LOG_DOMAIN "rushes-player-view"

#include "config.h"

#include <math.h>

#include "rushes-player-view-private.h"
#include "rushes-timeline-view.h"

#define VIEW(w) RUSHES_PLAYER_VIEW (w)

static void
toggle_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  rushes_playable_toggle (VIEW (widget)->active);
}

static void
step_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  rushes_playable_step (VIEW (widget)->active, g_variant_get_int32 (param));
}

static void
jump_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesPlayable *playable = VIEW (widget)->active;
  gint64 target = (gint64) rushes_playable_get_position (playable) + (gint64) g_variant_get_int32 (param) * GST_SECOND;

  rushes_playable_seek (playable, MAX (target, 0), TRUE);
}

static void
go_start_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  rushes_playable_seek (VIEW (widget)->active, 0, TRUE);
}

static void
go_end_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesPlayable *playable = VIEW (widget)->active;

  /* the last frame */
  rushes_playable_pause (playable);
  rushes_playable_step (playable, G_MAXINT / 2);
}

static void
shuttle_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  RushesPlayable *playable = VIEW (widget)->active;
  int direction = g_variant_get_int32 (param);
  gboolean playing = rushes_playable_get_state (playable) == RUSHES_PLAYER_STATE_PLAYING;
  double rate = rushes_playable_get_rate (playable);

  if (direction == 0)
    {
      rushes_playable_pause (playable);
      return;
    }

  /* L: 1×, then 2×, 4×; J likewise backwards */
  if (!playing || (direction > 0) != (rate > 0))
    rate = direction > 0 ? 1.0 : -1.0;
  else if (fabs (rate) < 4.0)
    rate *= 2.0;

  if (!rushes_playable_set_rate (playable, rate))
    return;
  rushes_playable_play (playable);
}

static void
mark_in_action (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  RushesPlayer *player = VIEW (widget)->player;

  rushes_player_set_in_point (player, rushes_player_frame_to_time (player, rushes_player_get_frame (player)));
}

static void
mark_out_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  RushesPlayer *player = VIEW (widget)->player;

  /* out is exclusive: marking a frame keeps it */
  rushes_player_set_out_point (player, rushes_player_frame_to_time (player, rushes_player_get_frame (player) + 1));
}

static void
go_in_action (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  RushesPlayer *player = VIEW (widget)->player;
  GstClockTime in = rushes_player_get_in_point (player);

  rushes_player_pause (player);
  rushes_player_seek (player, GST_CLOCK_TIME_IS_VALID (in) ? in + GST_MSECOND : 0, TRUE);
}

static void
go_out_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  RushesPlayer *player = VIEW (widget)->player;
  GstClockTime out = rushes_player_get_out_point (player);

  rushes_player_pause (player);
  if (!GST_CLOCK_TIME_IS_VALID (out))
    {
      rushes_player_step (player, G_MAXINT / 2);
      return;
    }
  /* the last kept frame */
  rushes_player_seek (player, rushes_player_frame_to_time (player, MAX (rushes_player_time_to_frame (player, out), 1) - 1) + GST_MSECOND, TRUE);
}

static void
loop_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesPlayer *player = VIEW (widget)->player;

  rushes_player_set_loop (player, !rushes_player_get_loop (player));
}

static void
mute_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  RushesPlayable *playable = VIEW (widget)->active;

  rushes_playable_set_muted (playable, !rushes_playable_get_muted (playable));
}

void
_rushes_player_view_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "player.toggle", NULL, toggle_action);
  gtk_widget_class_install_action (widget_class, "player.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "player.jump", "i", jump_action);
  gtk_widget_class_install_action (widget_class, "player.go-start", NULL, go_start_action);
  gtk_widget_class_install_action (widget_class, "player.go-end", NULL, go_end_action);
  gtk_widget_class_install_action (widget_class, "player.shuttle", "i", shuttle_action);
  gtk_widget_class_install_action (widget_class, "player.mark-in", NULL, mark_in_action);
  gtk_widget_class_install_action (widget_class, "player.mark-out", NULL, mark_out_action);
  gtk_widget_class_install_action (widget_class, "player.go-in", NULL, go_in_action);
  gtk_widget_class_install_action (widget_class, "player.go-out", NULL, go_out_action);
  gtk_widget_class_install_action (widget_class, "player.loop", NULL, loop_action);
  gtk_widget_class_install_action (widget_class, "player.mute", NULL, mute_action);
  /* "source" or "program" */
  gtk_widget_class_install_property_action (widget_class, "player.monitor", "monitor");
}

/* ---- keys ------------------------------------------------------------------ */

static const struct
{
  guint           keyval;
  GdkModifierType mods;
  const char     *action;
  const char     *target;   /* GVariant text, or NULL */
} keys[] = {
  { GDK_KEY_space, 0, "player.toggle", NULL },
  { GDK_KEY_j, 0, "player.shuttle", "-1" },
  { GDK_KEY_k, 0, "player.shuttle", "0" },
  { GDK_KEY_l, 0, "player.shuttle", "1" },
  { GDK_KEY_Left, 0, "player.step", "-1" },
  { GDK_KEY_Right, 0, "player.step", "1" },
  { GDK_KEY_Left, GDK_SHIFT_MASK, "player.jump", "-1" },
  { GDK_KEY_Right, GDK_SHIFT_MASK, "player.jump", "1" },
  { GDK_KEY_Home, 0, "player.go-start", NULL },
  { GDK_KEY_End, 0, "player.go-end", NULL },
  { GDK_KEY_i, 0, "player.mark-in", NULL },
  { GDK_KEY_o, 0, "player.mark-out", NULL },
  { GDK_KEY_I, GDK_SHIFT_MASK, "player.go-in", NULL },
  { GDK_KEY_O, GDK_SHIFT_MASK, "player.go-out", NULL },
  { GDK_KEY_i, GDK_SHIFT_MASK, "player.go-in", NULL },
  { GDK_KEY_o, GDK_SHIFT_MASK, "player.go-out", NULL },
  { GDK_KEY_backslash, 0, "player.loop", NULL },
  { GDK_KEY_m, 0, "player.mute", NULL },
  { GDK_KEY_1, GDK_ALT_MASK, "player.monitor", "'source'" },
  { GDK_KEY_2, GDK_ALT_MASK, "player.monitor", "'program'" },
  /* while comparing (rushes-player-view-compare.c) */
  { GDK_KEY_w, 0, "player.compare-mode", NULL },
  { GDK_KEY_comma, 0, "player.compare-divider", "-1" },
  { GDK_KEY_period, 0, "player.compare-divider", "1" },
  { GDK_KEY_Escape, 0, "player.compare-end", NULL },
};

/* Text fields and popovers keep their keys, and so does the timeline: it
 * has its own Space, Home, End, arrows, I, O and M, and in the window it is
 * inside the review area that takes the player's keys first. */
static gboolean
focus_takes_keys (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL &&
         (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus) ||
          gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL ||
          gtk_widget_get_ancestor (focus, RUSHES_TYPE_TIMELINE_VIEW) != NULL);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  g_autoptr(RushesPlayerView) self = g_weak_ref_get (data);
  g_autoptr(GVariant) target = NULL;
  const char *action;

  if (self == NULL || focus_takes_keys (widget))
    return FALSE;
  g_variant_get (args, "(&smv)", &action, &target);
  /* not comparing: the compare's keys do what they did before */
  if (g_str_has_prefix (action, "player.compare-"))
    {
      if (self->pair == NULL)
        return FALSE;
    }
  /* nothing to play: the key does what it did before (Space selects) */
  else if (!g_str_equal (action, "player.monitor") && !_rushes_player_view_has_media (self))
    return FALSE;
  return gtk_widget_activate_action_variant (GTK_WIDGET (self), action, target);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

GtkEventController *
_rushes_player_view_make_shortcuts (RushesPlayerView *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GWeakRef *ref = g_new0 (GWeakRef, 1);
      GtkShortcut *shortcut;
      GVariant *target = keys[i].target != NULL ? g_variant_new_parsed (keys[i].target) : NULL;

      g_weak_ref_init (ref, self);
      shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, keys[i].mods),
                                   gtk_callback_action_new (shortcut_cb, ref, weak_ref_free));
      gtk_shortcut_set_arguments (shortcut, g_variant_new ("(smv)", keys[i].action, target));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  return controller;
}

void
rushes_player_view_add_shortcuts_to (RushesPlayerView *self,
                                     GtkWidget        *area)
{
  GtkEventController *controller;

  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));
  g_return_if_fail (GTK_IS_WIDGET (area));

  controller = _rushes_player_view_make_shortcuts (self);
  gtk_event_controller_set_name (controller, "rushes-review-keys");
  /* before the library's own keys (Space selects there) */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (area, controller);
}
