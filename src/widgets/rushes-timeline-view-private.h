/* rushes-timeline-view-private.h: what the timeline view's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline-view.c         the class, its properties, the project
 * rushes-timeline-view-draw.c    snapshot, filmstrip and waveform caches
 * rushes-timeline-view-actions.c the "timeline." actions and key bindings
 * rushes-timeline-view-input.c   pointer gestures, tooltips, cursors
 * rushes-timeline-view-dnd.c     drops of files and jobs
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"

G_BEGIN_DECLS

#define PAD          8.0   /* left and right margin */
#define RULER_H      20.0
#define CLIP_Y       24.0
#define CLIP_H       56.0
#define AUDIO_GAP    2.0
#define AUDIO_H      18.0
#define EDGE         6.0   /* grab width of a clip's edge */
#define DRAG_SLOP    4.0
#define MIN_ZOOM     2.0
#define MAX_ZOOM     2000.0
#define DEFAULT_ZOOM 60.0
#define FILMSTRIP_FRAMES 10
#define FILMSTRIP_WIDTH  96

typedef enum
{
  DRAG_NONE,
  DRAG_PLAYHEAD,
  DRAG_MOVE,
  DRAG_TRIM_IN,
  DRAG_TRIM_OUT,
} DragMode;

struct _RushesTimelineView
{
  GtkWidget       parent_instance;

  /* owned */
  RushesProject  *project;
  RushesTimeline *timeline;
  GBinding       *position_binding;
  GHashTable     *filmstrips;   /* path → GPtrArray of GdkTexture (empty while loading or on error) */
  GHashTable     *waveforms;    /* path → GArray of float peaks (NULL while loading) */
  GCancellable   *cancellable;
  GActionGroup   *history;      /* "undo" and "redo" */
  GBindingGroup  *history_bindings; /* their "enabled" ← the project's undo stack */
  gint64          position;
  double          zoom;
  guint           selected;

  /* drag state */
  DragMode        drag_mode;
  guint           drag_clip;
  double          drag_x;
  double          drag_dx;
  gboolean        drag_moved;
  guint           drop_index;    /* G_MAXUINT: no drop in progress */
};

enum {
  JOB_DROPPED,
  ADD_FAILED,
  N_SIGNALS
};

extern guint _rushes_timeline_view_signals[N_SIGNALS];

/* rushes-timeline-view.c */
gint64   _rushes_timeline_view_frame_duration  (RushesTimelineView *self);
gint64   _rushes_timeline_view_snap            (RushesTimelineView *self,
                                                gint64              t);
guint    _rushes_timeline_view_clip_at_x       (RushesTimelineView *self,
                                                double              x);
guint    _rushes_timeline_view_current_clip    (RushesTimelineView *self);

/* rushes-timeline-view-draw.c */
void     _rushes_timeline_view_init_caches     (RushesTimelineView *self);
void     _rushes_timeline_view_snapshot        (GtkWidget          *widget,
                                                GtkSnapshot        *snapshot);
void     _rushes_timeline_view_measure         (GtkWidget          *widget,
                                                GtkOrientation      orientation,
                                                int                 for_size,
                                                int                *minimum,
                                                int                *natural,
                                                int                *minimum_baseline,
                                                int                *natural_baseline);

/* rushes-timeline-view-actions.c */
void     _rushes_timeline_view_class_init_actions (GtkWidgetClass  *widget_class);
void     _rushes_timeline_view_init_actions    (RushesTimelineView *self);

/* rushes-timeline-view-input.c */
void     _rushes_timeline_view_init_input      (RushesTimelineView *self);

/* rushes-timeline-view-dnd.c */
void     _rushes_timeline_view_init_dnd        (RushesTimelineView *self);

/* rushes-timeline-view-inspect.c */
void     _rushes_timeline_view_install_inspect_actions (GtkWidgetClass *widget_class);

G_END_DECLS
