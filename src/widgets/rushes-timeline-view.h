/* rushes-timeline-view.h: the timeline strip (clips, playhead, edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the project's clips as filmstrips with their names (and a sound
 * strip when the take has audio), placeholders with their progress, and
 * the playhead. Edits go to the project (undoable). Put it in a
 * horizontally scrolling GtkScrolledWindow.
 *
 * Keyboard (widget actions, prefix "timeline."):
 *   S split · Delete/BackSpace delete (ripple) · +/= and − zoom ·
 *   Left/Right one frame,
 *   Shift+Left/Right one second · Home/End · Alt+Left/Right move the
 *   current clip · [ and ] trim the current clip's start/end to the
 *   playhead (ripple) · Up/Down select the previous/next clip ·
 *   space play/pause (when a RushesTimeline is set) · Enter relink the
 *   current clip to another file (a click on an offline clip does too)
 *
 * Undo and redo: "timeline.undo" and "timeline.redo", enabled as the
 * project's history allows. They are the window's win.undo and win.redo
 * too (rushes_timeline_view_get_history_actions), and the window binds
 * Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y to them.
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-project.h"
#include "rushes-timeline.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_TIMELINE_VIEW (rushes_timeline_view_get_type ())
G_DECLARE_FINAL_TYPE (RushesTimelineView, rushes_timeline_view, RUSHES, TIMELINE_VIEW, GtkWidget)

GtkWidget      *rushes_timeline_view_new          (void);
RushesProject  *rushes_timeline_view_get_project  (RushesTimelineView *self);
void            rushes_timeline_view_set_project  (RushesTimelineView *self,
                                                   RushesProject      *project);
/* Optional: the preview. Sets the project too and keeps the playhead and
 * the preview's position in sync both ways. */
RushesTimeline *rushes_timeline_view_get_timeline (RushesTimelineView *self);
void            rushes_timeline_view_set_timeline (RushesTimelineView *self,
                                                   RushesTimeline     *timeline);
gint64          rushes_timeline_view_get_position (RushesTimelineView *self);
void            rushes_timeline_view_set_position (RushesTimelineView *self,
                                                   gint64              position);
/* pixels per second */
double          rushes_timeline_view_get_zoom     (RushesTimelineView *self);
void            rushes_timeline_view_set_zoom     (RushesTimelineView *self,
                                                   double              zoom);
/* index of the selected clip, G_MAXUINT for none */
guint           rushes_timeline_view_get_selected (RushesTimelineView *self);
void            rushes_timeline_view_set_selected (RushesTimelineView *self,
                                                   guint               position);

/* The undo and redo actions ("undo", "redo": GSimpleAction), for a
 * window to add to its own; enabled as the project's undo stack allows. */
GActionGroup   *rushes_timeline_view_get_history_actions (RushesTimelineView *self);

/* Geometry (widget coordinates), for drop targets and tests */
double          rushes_timeline_view_time_to_x    (RushesTimelineView *self,
                                                   gint64              time);
gint64          rushes_timeline_view_x_to_time    (RushesTimelineView *self,
                                                   double              x);
/* Where a drop at x goes: an index in 0 … n_clips */
guint           rushes_timeline_view_drop_index_at (RushesTimelineView *self,
                                                    double              x);
/* Adds media files at position, as one undoable step each; FALSE and
 * error if a file is not a readable video (the rest are still added). */
gboolean        rushes_timeline_view_add_files    (RushesTimelineView *self,
                                                   GSList             *files,
                                                   guint               position,
                                                   GError            **error);

G_END_DECLS
