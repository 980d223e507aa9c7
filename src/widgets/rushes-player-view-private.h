/* rushes-player-view-private.h: what the player view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-player-view.c holds the widget, the monitors and the trim,
 * rushes-player-view-actions.c the "player" actions and their keys.
 */
#pragma once

#include <adwaita.h>

#include "rushes-compare-view.h"
#include "rushes-player-view.h"
#include "rushes-trimmer.h"

G_BEGIN_DECLS

struct _RushesPlayerView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *root;
  GtkPicture *picture;
  AdwStatusPage *status_page;
  GtkToggleButton *source_button;
  GtkToggleButton *program_button;
  GtkScale *scrubber;
  GtkAdjustment *adjustment;
  GtkDrawingArea *range_area;
  GtkButton *play_button;
  GtkLabel *timecode_label;
  GtkLabel *frame_label;
  GtkLabel *rate_label;
  GtkToggleButton *loop_button;
  GtkToggleButton *mute_button;
  GtkAdjustment *volume_adjustment;
  GtkMenuButton *trim_button;
  GtkPopover *trim_popover;
  GtkCheckButton *exact_check;
  GtkCheckButton *lossless_check;
  GtkLabel *trim_range_label;
  GtkProgressBar *trim_progress;
  GtkLabel *trim_error_label;
  GtkButton *trim_cancel_button;
  GtkButton *trim_save_button;
  GtkWidget *monitor_switch;
  GtkWidget *compare_slot;

  /* owned */
  RushesPlayer *player;        /* the Source monitor */
  RushesPlayable *program;     /* the Program monitor, or NULL */
  GSignalGroup *active_signals;
  RushesRecipe *recipe;
  RushesTrimmer *trimmer;      /* running trim or plan */
  GCancellable *trim_cancellable;
  GCancellable *plan_cancellable;
  guint scrub_settle_id;
  gboolean dragging;

  RushesMonitor monitor;
  RushesPlayable *active;      /* the player or the program, as monitor says */
  /* A/B compare (rushes-player-view-compare.c): active while set */
  RushesPlayerPair *pair;
  RushesCompareView *compare_view;
};

/* rushes-player-view.c */
gboolean _rushes_player_view_has_media       (RushesPlayerView *self);
void     _rushes_player_view_update_all      (RushesPlayerView *self);

/* rushes-player-view-compare.c */
void     _rushes_player_view_install_compare_actions (GtkWidgetClass *widget_class);

/* rushes-player-view-actions.c */
void     _rushes_player_view_install_actions (GtkWidgetClass   *widget_class);
/* the keys of the "player" actions, for the view or a review area */
GtkEventController *_rushes_player_view_make_shortcuts (RushesPlayerView *self);

G_END_DECLS
