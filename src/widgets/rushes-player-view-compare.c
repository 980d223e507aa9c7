/* rushes-player-view-compare.c: the player view's A/B compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * While comparing, the view's active playable is a RushesPlayerPair, so
 * the transport, the scrubber, the timecode and the player keys drive
 * both takes; a RushesCompareView covers the picture. The take open in
 * the Source monitor stays open underneath and comes back on leaving.
 */
#define G_LOG_DOMAIN "rushes-player-view"

#include "config.h"

#include "rushes-player-view-private.h"

#define DIVIDER_STEP 0.05

void
rushes_player_view_compare (RushesPlayerView *self,
                            GFile            *a,
                            const char       *title_a,
                            GFile            *b,
                            const char       *title_b)
{
  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));
  g_return_if_fail (G_IS_FILE (a));
  g_return_if_fail (G_IS_FILE (b));

  rushes_player_view_end_compare (self);
  if (rushes_playable_get_playing (self->active))
    rushes_playable_pause (self->active);

  self->pair = rushes_player_pair_new ();
  rushes_player_pair_open (self->pair, a, b);
  self->compare_view = RUSHES_COMPARE_VIEW (rushes_compare_view_new ());
  rushes_compare_view_set_pair (self->compare_view, self->pair, title_a, title_b);
  adw_bin_set_child (ADW_BIN (self->compare_slot), GTK_WIDGET (self->compare_view));
  gtk_widget_set_visible (self->compare_slot, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), FALSE);
  gtk_widget_set_visible (self->monitor_switch, FALSE);

  g_clear_handle_id (&self->scrub_settle_id, g_source_remove);
  self->dragging = FALSE;
  self->active = RUSHES_PLAYABLE (self->pair);
  g_signal_group_set_target (self->active_signals, self->pair);
  _rushes_player_view_update_all (self);
}

void
rushes_player_view_end_compare (RushesPlayerView *self)
{
  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));

  if (self->pair == NULL)
    return;
  g_signal_group_set_target (self->active_signals, NULL);
  adw_bin_set_child (ADW_BIN (self->compare_slot), NULL);
  self->compare_view = NULL;
  g_clear_object (&self->pair);
  gtk_widget_set_visible (self->compare_slot, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->picture), TRUE);
  gtk_widget_set_visible (self->monitor_switch, TRUE);
  /* back to the take */
  self->active = NULL;
  rushes_player_view_set_monitor (self, RUSHES_MONITOR_SOURCE);
}

RushesCompareView *
rushes_player_view_get_compare_view (RushesPlayerView *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), NULL);
  return self->compare_view;
}

/* ---- actions --------------------------------------------------------------- */

static void
compare_mode_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  RushesCompareView *view = RUSHES_PLAYER_VIEW (widget)->compare_view;

  if (view != NULL)
    rushes_compare_view_set_wipe (view, !rushes_compare_view_get_wipe (view));
}

static void
compare_divider_action (GtkWidget  *widget,
                        const char *name,
                        GVariant   *param)
{
  RushesCompareView *view = RUSHES_PLAYER_VIEW (widget)->compare_view;

  if (view == NULL)
    return;
  /* the divider shows in the wipe: going there */
  rushes_compare_view_set_wipe (view, TRUE);
  rushes_compare_view_set_divider (view, rushes_compare_view_get_divider (view) +
                                         DIVIDER_STEP * g_variant_get_int32 (param));
}

static void
compare_end_action (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  rushes_player_view_end_compare (RUSHES_PLAYER_VIEW (widget));
}

void
_rushes_player_view_install_compare_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "player.compare-mode", NULL, compare_mode_action);
  gtk_widget_class_install_action (widget_class, "player.compare-divider", "i", compare_divider_action);
  gtk_widget_class_install_action (widget_class, "player.compare-end", NULL, compare_end_action);
}
