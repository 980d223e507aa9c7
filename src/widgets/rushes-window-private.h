/* rushes-window-private.h: what rushes-window.c and rushes-window-actions.c
 * share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-library.h"
#include "rushes-params-panel.h"
#include "rushes-project.h"
#include "rushes-prompt-editor.h"
#include "rushes-prompt-history.h"
#include "rushes-timeline.h"
#include "rushes-timeline-view.h"
#include "rushes-window.h"

G_BEGIN_DECLS

struct _RushesWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *generate_button;
  GtkMenuButton        *primary_menu_button;
  AdwFlap              *flap;
  RushesPromptEditor   *prompt_editor;
  RushesParamsPanel    *params_panel;
  AdwBin               *player_slot;
  AdwBin               *timeline_slot;
  GtkListView          *job_list;
  GtkGridView          *take_grid;
  GtkStack             *library_stack;
  GtkRevealer          *queue_revealer;
  GtkLabel             *take_count_label;
  AdwStatusPage        *player_placeholder;
  GtkStack             *player_stack;
  GtkPicture           *player_still;
  GtkLabel             *still_title;
  GtkLabel             *still_details;
  GtkScrolledWindow    *timeline_scroller;
  GtkWidget            *timeline_placeholder;
  RushesTimelineView   *timeline_view;

  /* owned */
  GSettings            *settings;      /* NULL without the schema */
  RushesRecipe         *recipe;
  GBindingGroup        *recipe_bindings;
  GSignalGroup         *recipe_signals;
  GListModel           *backends;      /* of RushesBackend (the registry) */
  RushesJobQueue       *queue;
  RushesLibrary        *library;       /* RushesTake, newest first */
  GtkSingleSelection   *take_selection;
  RushesPromptHistory  *history;
  GListModel           *empty_takes;   /* shown without a library */
  RushesProject        *project;
  RushesTimeline       *timeline;      /* preview; once GStreamer is up */
  GCancellable         *still_cancellable;
  GCancellable         *cancellable;
  char                 *last_toast;
  char                 *missing_backend;
  guint                 startup_idle_id;
  gboolean              started;       /* first frame painted */
  gboolean              attached;      /* to the application */
};

void        _rushes_window_install_actions (RushesWindow *self);
void        _rushes_window_update_generate (RushesWindow *self);
RushesTake *_rushes_window_find_take       (RushesWindow *self,
                                            const char   *path,
                                            guint        *position);

G_END_DECLS
