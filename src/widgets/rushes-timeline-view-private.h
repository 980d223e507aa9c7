/* rushes-timeline-view-private.h: what the timeline view's parts share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline-view.c         the class, its properties, the project,
 *                                rows, selection, status messages
 * rushes-timeline-view-draw.c    snapshot: ruler, rows, headers, playhead;
 *                                filmstrip and waveform caches
 * rushes-timeline-view-clip.c    one clip: filmstrip, waveform, title,
 *                                volume, fades, crossfade bands
 * rushes-timeline-view-actions.c the "timeline." clip actions and keys
 * rushes-timeline-view-tracks.c  track actions, context menu, rename
 * rushes-timeline-view-input.c   pointer gestures, snapping, tooltips
 * rushes-timeline-view-dnd.c     drops of files and jobs
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"

G_BEGIN_DECLS

#define HEADER_W     136.0 /* the track headers, pinned to the left edge */
#define PAD          8.0   /* margin between the headers and time 0, and at the end */
#define RULER_H      20.0
#define VIDEO_ROW_H  60.0
#define AUDIO_ROW_H  40.0
#define ROW_GAP      2.0
#define DIVIDER_H    6.0   /* between the video and the audio tracks */
#define BUTTON       20.0  /* mute and lock buttons in a header */
#define EDGE         6.0   /* grab width of a clip's edge */
#define FADE_HANDLE  8.0   /* the fade handles on a clip's top corners */
#define SNAP_PX      8.0   /* snapping distance */
#define DRAG_SLOP    4.0
#define MIN_ZOOM     2.0
#define MAX_ZOOM     2000.0
#define DEFAULT_ZOOM 60.0
#define FILMSTRIP_FRAMES 10
#define FILMSTRIP_WIDTH  96
#define STATUS_SECONDS   5

typedef enum
{
  DRAG_NONE,
  DRAG_PLAYHEAD,
  DRAG_MOVE,
  DRAG_TRIM_IN,
  DRAG_TRIM_OUT,
  DRAG_FADE_IN,
  DRAG_FADE_OUT,
} DragMode;

/* One row of the view: a track (its index in the project) */
typedef struct
{
  guint  track;
  double y;
  double h;
} RushesTimelineRow;

/* A clip as it is drawn: where, and which part of its media */
typedef struct
{
  RushesTimelineClip *clip;
  double              x0, x1, y, h;
  gint64              start, in, out, fade_in, fade_out;
} RushesClipBox;

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
  GArray         *rows;         /* RushesTimelineRow, top to bottom */
  GtkAdjustment  *hadjustment;  /* of the scrolled window around the view, while mapped */
  gint64          position;
  double          zoom;
  RushesTimelineClip *selected; /* owned, or NULL */
  guint           current_track;
  char           *status;       /* the last refusal, shown for a while */
  guint           status_id;
  GtkWidget      *menu;         /* context menu (GtkPopoverMenu), a child */
  GtkWidget      *rename;       /* rename popover, a child */
  GtkWidget      *rename_entry;

  /* drag state: where it started and what it would do now */
  DragMode        drag_mode;
  RushesTimelineClip *drag_clip; /* owned */
  guint           drag_track;
  double          drag_x, drag_y, drag_dx, drag_dy;
  gboolean        drag_moved;
  gint64          last_press_time;
  double          last_press_x, last_press_y;
  guint           live_track;
  gint64          live_start, live_in, live_out, live_fade_in, live_fade_out;
  gint64          snap_time;    /* -1: not snapped */

  /* drop in progress */
  guint           drop_track;
  gint64          drop_time;    /* -1: none */
};

enum {
  JOB_DROPPED,
  ADD_FAILED,
  MESSAGE,
  N_SIGNALS
};

extern guint _rushes_timeline_view_signals[N_SIGNALS];

/* rushes-timeline-view.c */
gint64   _rushes_timeline_view_frame_duration  (RushesTimelineView *self);
gint64   _rushes_timeline_view_snap            (RushesTimelineView *self,
                                                gint64              t);
GArray  *_rushes_timeline_view_rows            (RushesTimelineView *self);
gboolean _rushes_timeline_view_track_row       (RushesTimelineView *self,
                                                guint               track,
                                                RushesTimelineRow  *row);
guint    _rushes_timeline_view_track_at_y      (RushesTimelineView *self,
                                                double              y);
guint    _rushes_timeline_view_next_track      (RushesTimelineView *self,
                                                guint               track,
                                                int                 direction,
                                                gboolean            same_kind);
double   _rushes_timeline_view_header_x        (RushesTimelineView *self);
RushesTimelineClip *_rushes_timeline_view_clip_at (RushesTimelineView *self,
                                                double              x,
                                                double              y,
                                                guint              *track);
RushesTimelineClip *_rushes_timeline_view_current_clip (RushesTimelineView *self,
                                                guint              *track);
void     _rushes_timeline_view_set_current_track (RushesTimelineView *self,
                                                guint               track);
void     _rushes_timeline_view_show_status     (RushesTimelineView *self,
                                                const char         *message);
void     _rushes_timeline_view_update_description (RushesTimelineView *self);

/* rushes-timeline-view-draw.c */
void     _rushes_timeline_view_init_caches     (RushesTimelineView *self);
GPtrArray *_rushes_timeline_view_get_filmstrip (RushesTimelineView *self,
                                                RushesTimelineClip *clip);
GArray  *_rushes_timeline_view_get_waveform    (RushesTimelineView *self,
                                                RushesTimelineClip *clip);
void     _rushes_timeline_view_draw_text       (GtkSnapshot        *snapshot,
                                                GtkWidget          *widget,
                                                const char         *text,
                                                double              x,
                                                double              y,
                                                double              max_width,
                                                const GdkRGBA      *colour);
void     _rushes_timeline_view_header_button   (RushesTimelineView *self,
                                                const RushesTimelineRow *row,
                                                guint               which,
                                                graphene_rect_t    *rect);
void     _rushes_timeline_view_snapshot        (GtkWidget          *widget,
                                                GtkSnapshot        *snapshot);
void     _rushes_timeline_view_measure         (GtkWidget          *widget,
                                                GtkOrientation      orientation,
                                                int                 for_size,
                                                int                *minimum,
                                                int                *natural,
                                                int                *minimum_baseline,
                                                int                *natural_baseline);

/* rushes-timeline-view-clip.c */
void     _rushes_timeline_view_clip_box        (RushesTimelineView *self,
                                                RushesTimelineClip *clip,
                                                const RushesTimelineRow *row,
                                                RushesClipBox      *box);
void     _rushes_timeline_view_draw_clip       (RushesTimelineView *self,
                                                GtkSnapshot        *snapshot,
                                                const RushesClipBox *box,
                                                RushesTrackKind     kind);
void     _rushes_timeline_view_draw_crossfade  (GtkSnapshot        *snapshot,
                                                double              x0,
                                                double              x1,
                                                double              y,
                                                double              h);
void     _rushes_timeline_view_draw_hatch      (GtkSnapshot        *snapshot,
                                                const graphene_rect_t *rect,
                                                const GdkRGBA      *colour);

/* rushes-timeline-view-actions.c */
void     _rushes_timeline_view_class_init_actions (GtkWidgetClass  *widget_class);
void     _rushes_timeline_view_init_actions    (RushesTimelineView *self);
gboolean _rushes_timeline_view_check_edit      (RushesTimelineView *self,
                                                GError             *error);

/* rushes-timeline-view-tracks.c */
void     _rushes_timeline_view_class_init_tracks (GtkWidgetClass   *widget_class);
void     _rushes_timeline_view_popup_menu      (RushesTimelineView *self,
                                                double              x,
                                                double              y);
void     _rushes_timeline_view_start_rename    (RushesTimelineView *self,
                                                guint               track);
void     _rushes_timeline_view_dispose_tracks  (RushesTimelineView *self);
void     _rushes_timeline_view_present_popovers (RushesTimelineView *self);

/* rushes-timeline-view-input.c */
void     _rushes_timeline_view_init_input      (RushesTimelineView *self);

/* rushes-timeline-view-dnd.c */
void     _rushes_timeline_view_init_dnd        (RushesTimelineView *self);

/* rushes-timeline-view-inspect.c */
void     _rushes_timeline_view_install_inspect_actions (GtkWidgetClass *widget_class);

/* rushes-timeline-view-generate.c */
void     _rushes_timeline_view_install_generate_actions (GtkWidgetClass *widget_class);
/* the context menu's section: Regenerate, versions, Extend, Bridge */
GMenuModel *_rushes_timeline_view_generate_menu (void);
/* "2/4" (and how many are coming), NULL for a clip of one version */
char    *_rushes_timeline_view_version_badge    (RushesTimelineClip *clip);
void     _rushes_timeline_view_draw_version_badge (RushesTimelineView *self,
                                                GtkSnapshot        *snapshot,
                                                const RushesClipBox *box);
/* shared with rushes-timeline-view-retake.c: the clip's recipe (NULL
 * when it has none); whether it is a take on an unlocked video track;
 * a frame ("PATH@12f") as the recipe's start (end) image; a refusal in
 * the status */
RushesRecipe *_rushes_timeline_view_clip_recipe  (RushesTimelineClip *clip);
gboolean _rushes_timeline_view_generatable     (RushesTimelineView *self,
                                                RushesTimelineClip *clip,
                                                guint              *track);
gboolean _rushes_timeline_view_set_frame_image (RushesRecipe       *recipe,
                                                const char         *spec,
                                                gboolean            end,
                                                GError            **error);
void     _rushes_timeline_view_refuse          (RushesTimelineView *self,
                                                const char         *message);

/* rushes-timeline-view-retake.c */
void     _rushes_timeline_view_install_retake_actions (GtkWidgetClass *widget_class);
void     _rushes_timeline_view_update_retake_actions (RushesTimelineView *self);
/* the clip's retake range (times in its take), FALSE when it has no marks */
gboolean _rushes_timeline_view_get_retake_range (RushesTimelineView *self,
                                                RushesTimelineClip *clip,
                                                gint64             *in,
                                                gint64             *out);
void     _rushes_timeline_view_draw_retake_marks (RushesTimelineView *self,
                                                GtkSnapshot        *snapshot,
                                                const RushesClipBox *box);

G_END_DECLS
