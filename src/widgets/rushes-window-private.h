/* rushes-window-private.h: what the main window's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-window.c          the class, start-up, window state, the recipe
 * rushes-window-actions.c  the win. actions (and the undo/redo keys)
 * rushes-window-library.c  the library folder, the take grid, the player,
 *                          deletes with Undo
 * rushes-window-cull.c     the library's search, filters and sort; rating,
 *                          rejecting and labelling takes; Delete Rejected
 * rushes-window-import.c   importing media files (Import Media…, drops)
 * rushes-window-jobs.c     the job list
 * rushes-window-project.c  the timeline's project and its preview; new, open
 *                          and "Save changes?" before unsaved work would go
 * rushes-window-import.c   media files opened or dropped into the window
 * rushes-window-sheet.c    the contact sheet of a sweep or of the shown takes
 */
#pragma once

#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-library.h"
#include "rushes-params-panel.h"
#include "rushes-player-view.h"
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
  GtkWidget            *generate_icon_button; /* in narrow windows */
  GtkMenuButton        *primary_menu_button;
  AdwWindowTitle       *window_title;
  AdwFlap              *flap;
  AdwFlap              *library_flap;
  GtkWidget            *sidebar_button;
  GtkWidget            *library_button;
  GtkWidget            *export_button;
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
  GtkLabel             *still_title;
  GtkLabel             *still_details;
  GtkScrolledWindow    *timeline_scroller;
  GtkWidget            *timeline_placeholder;
  RushesTimelineView   *timeline_view;
  GtkSearchEntry       *take_search;
  GtkMenuButton        *take_filter_button;
  GtkWidget            *sheet_view;    /* RushesContactSheetView, once asked for */
  const char           *sheet_return;  /* interned: the viewer's page before the sheet */
  gboolean              sheet_culling; /* the sheet rates a take: the viewer stays */
  gpointer              sheet_selected; /* compared only: the library's take when the sheet opened */

  /* owned */
  GSettings            *settings;      /* NULL without the schema */
  RushesRecipe         *recipe;
  GBindingGroup        *recipe_bindings;
  GSignalGroup         *recipe_signals;
  GListModel           *backends;      /* of RushesBackend (the registry) */
  RushesJobQueue       *queue;
  RushesLibrary        *library;       /* RushesTake, newest first */
  GtkSingleSelection   *take_selection;  /* over take_sort_model */
  /* the library view: the takes the query lets through, in its order
   * (owned by take_selection's model chain; the query by take_filter) */
  GtkFilterListModel   *take_filter_model;
  GtkSortListModel     *take_sort_model;
  GtkFilter            *take_filter;
  GtkSorter            *take_sorter;
  RushesTakeQuery      *take_query;
  RushesPromptHistory  *history;
  GListModel           *empty_takes;   /* shown without a library */
  RushesProject        *project;
  RushesTimeline       *timeline;      /* preview; once GStreamer is up */
  RushesPlayerView     *player_view;   /* made once GStreamer is up */
  GCancellable         *cancellable;
  char                 *last_toast;
  char                 *missing_backend;
  guint                 startup_idle_id;
  gboolean              started;       /* first frame painted */
  gboolean              attached;      /* to the application */
  gboolean              generate_pending; /* until GStreamer is up */
  gboolean              asking_to_save;   /* a "Save changes?" dialog is up */
  gboolean              project_settled;  /* its changes were saved or discarded */
  GPtrArray            *pending_trash; /* RushesTake hidden until the toast goes */
  AdwToast             *trash_toast;   /* its Undo toast, while shown */
  AdwToast             *plain_toast;   /* weak: the last add_toast's */
  gint64                plain_toast_time; /* when it was added */
  AdwToast             *add_failed_toast; /* timeline drops that failed */
  guint                 n_add_failed;
};

/* rushes-window.c */
void        _rushes_window_update_generate (RushesWindow *self);

/* rushes-window-actions.c */
void        _rushes_window_install_actions (RushesWindow *self);
RushesTake *_rushes_window_find_take       (RushesWindow *self,
                                            const char   *path,
                                            guint        *position);

/* rushes-window-library.c */
void        _rushes_window_init_takes      (RushesWindow *self);
/* rushes-window-compare.c: C in the library, A on the timeline */
void        _rushes_window_init_compare    (RushesWindow *self);
void        _rushes_window_load_library    (RushesWindow *self);
void        _rushes_window_library_folder_changed_cb (RushesWindow *self);
void        _rushes_window_update_lists    (RushesWindow *self);
/* the library (or none) into the view's filter and sort */
void        _rushes_window_show_takes      (RushesWindow *self);
void        _rushes_window_take_selected_cb (RushesWindow *self);
void        _rushes_window_add_take        (RushesWindow *self,
                                            RushesTake   *take);
gboolean    _rushes_window_ensure_player   (RushesWindow *self);
/* Sets toast's title to text (escaped here) and remembers it as the last. */
void        _rushes_window_toast_text      (RushesWindow *self,
                                            AdwToast     *toast,
                                            const char   *text);
/* Hides the take at once; to the trash when its Undo toast goes. */
void        _rushes_window_trash_take      (RushesWindow *self,
                                            RushesTake   *take);
/* Closing: the deletes waiting for Undo happen now. */
void        _rushes_window_dispose_takes   (RushesWindow *self);

/* rushes-window-cull.c */
/* The filtered and sorted model of the library view (empty until
 * _rushes_window_show_takes), its actions, keys and search. */
GListModel *_rushes_window_init_cull       (RushesWindow *self);
typedef enum
{
  CULL_RATING,   /* 0–5 */
  CULL_REJECT,
  CULL_CLEAR,
  CULL_LABEL,    /* a RushesTakeLabel */
} CullKind;
/* Rates, rejects or labels take (a toast says why not: FALSE) and
 * refilters the library view; the selection is left as it is. */
gboolean    _rushes_window_cull            (RushesWindow *self,
                                            RushesTake   *take,
                                            CullKind      kind,
                                            guint         value);
/* take's position in the library view; FALSE when it is not shown */
gboolean    _rushes_window_find_shown_take (RushesWindow *self,
                                            RushesTake   *take,
                                            guint        *position);

/* rushes-window-import.c */
void        _rushes_window_init_import     (RushesWindow *self);

/* rushes-window-sheet.c: the contact sheet in the viewer's place (G) */
void        _rushes_window_init_sheet      (RushesWindow *self);

/* rushes-window-jobs.c */
void        _rushes_window_attach_queue    (RushesWindow *self);
gboolean    _rushes_window_generate_sweep  (RushesWindow *self,
                                            RushesRecipe *recipe);
void        _rushes_window_cancel_sweep_action (GSimpleAction *action,
                                                GVariant      *param,
                                                gpointer       user_data);
void        _rushes_window_job_take_ready  (RushesWindow *self,
                                            RushesTake   *take);

/* rushes-window-project.c */
void        _rushes_window_offer_recovery  (RushesWindow  *self);
void        _rushes_window_set_project     (RushesWindow  *self,
                                            RushesProject *project);
void        _rushes_window_ensure_timeline (RushesWindow  *self);
/* the viewer's Program monitor plays the timeline preview */
void        _rushes_window_link_monitor    (RushesWindow  *self);
/* Calls then (with data) once the project's unsaved changes are saved or
 * the user lets them go; not when the user cancels. destroy frees data. */
typedef void (*RushesWindowThen) (RushesWindow *self,
                                  gpointer      data);
void        _rushes_window_ask_save        (RushesWindow     *self,
                                            RushesWindowThen  then,
                                            gpointer          data,
                                            GDestroyNotify    destroy);
/* project takes the place of the window's own once that one's unsaved
 * changes are saved or may go (its autosave is turned on then) */
void        _rushes_window_replace_project (RushesWindow  *self,
                                            RushesProject *project);
/* close_request: FALSE when the window may close now */
gboolean    _rushes_window_hold_close      (RushesWindow  *self);
/* dispose: the autosave stays while changes are neither saved nor discarded */
void        _rushes_window_release_project (RushesWindow  *self);
void        _rushes_window_install_project_actions (RushesWindow *self);

G_END_DECLS
