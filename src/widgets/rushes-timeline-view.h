/* rushes-timeline-view.h: the timeline (tracks, clips, playhead, edits)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per track: the video tracks with the top one (the last in the
 * project) first, then, under a divider, the audio tracks. Each row has a
 * header pinned to the left (name, mute and lock buttons; double-click or
 * F2 renames; the context menu adds, removes, mutes and locks tracks).
 * Clips sit anywhere: filmstrips, title clips with their text, audio
 * clips with their waveform and volume line, placeholders with their
 * progress, a link mark on linked clips, fade ramps on their top corners
 * and a diagonal band where two clips overlap (a crossfade). Muted tracks
 * are dimmed, locked ones hatched. Every edit goes to the project
 * (undoable); a refused one is shown in the view and emitted as
 * "message". Put it in a GtkScrolledWindow.
 *
 * Pointer: drag a clip along its track or onto another track of its kind
 * (snaps to clip edges, the playhead and 0 within 8 px); onto a
 * neighbour to crossfade; its edges to trim; the small handles on its top
 * corners to fade in and out. Double-click a clip: "timeline.inspect-clip"
 * (when some ancestor provides it). Right-click: the context menu.
 *
 * Keyboard (widget actions, prefix "timeline."):
 *   S split · Delete/BackSpace delete the clip (its place stays empty) ·
 *   Shift+Delete ripple delete · +/= and − zoom · Left/Right one frame ·
 *   Shift+Left/Right one second · Home/End · Alt+Left/Right nudge the
 *   current clip a frame, Shift+Alt+Left/Right a second · Alt+Up/Down
 *   move it to the track above/below · [ and ] trim its start/end to the
 *   playhead · Up/Down select the previous/next clip on its track ·
 *   Page Up/Page Down the track above/below · F2 rename the track · M mute,
 *   L lock it · Menu or Shift+F10 the context menu (add a video or audio
 *   track, remove the track…) · space play/pause (when a RushesTimeline
 *   is set) · Enter "timeline.inspect-clip", or relink an offline clip
 *   to another file (a click on an offline clip does too)
 *
 * Drops: a take dropped on a track is placed there at the drop time; if
 * it does not fit there (it would overlap beyond a crossfade) and the
 * track is the main track, it is inserted at the nearest cut instead and
 * the rest moves along (ripple). Jobs ("job-dropped") go to the main
 * track at the drop index.
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
/* index of the selected clip on the main track, G_MAXUINT for none
 * (or when the selection is on another track) */
guint           rushes_timeline_view_get_selected (RushesTimelineView *self);
void            rushes_timeline_view_set_selected (RushesTimelineView *self,
                                                   guint               position);
/* The selected clip on any track (transfer none), NULL for none */
RushesTimelineClip *rushes_timeline_view_get_selected_clip (RushesTimelineView *self);
void            rushes_timeline_view_set_selected_clip (RushesTimelineView *self,
                                                   RushesTimelineClip *clip);
/* The track that track edits (rename, mute, lock, remove) apply to: the
 * selected clip's, or the last one clicked */
guint           rushes_timeline_view_get_current_track (RushesTimelineView *self);
/* The last refusal shown in the view (NULL once it has gone) */
const char     *rushes_timeline_view_get_status   (RushesTimelineView *self);

/* The undo and redo actions ("undo", "redo": GSimpleAction), for a
 * window to add to its own; enabled as the project's undo stack allows. */
GActionGroup   *rushes_timeline_view_get_history_actions (RushesTimelineView *self);

/* Geometry (widget coordinates), for drop targets and tests */
double          rushes_timeline_view_time_to_x    (RushesTimelineView *self,
                                                   gint64              time);
gint64          rushes_timeline_view_x_to_time    (RushesTimelineView *self,
                                                   double              x);
/* The row of a track: its top and height; FALSE when there is no such track */
gboolean        rushes_timeline_view_get_track_area (RushesTimelineView *self,
                                                    guint               track,
                                                    double             *y,
                                                    double             *height);
/* Where a drop at x goes on the main track: an index in 0 … n_clips */
guint           rushes_timeline_view_drop_index_at (RushesTimelineView *self,
                                                    double              x);
/* The job queue that Regenerate (Ctrl+R: versions of the current clip,
 * cycled with V and Shift+V, its badge saying "2/4"), Extend (E at
 * the end, Shift+E at the start) and Bridge (B, the gap under
 * the playhead) submit to (rushes-timeline-view-generate.c); without
 * one they are refused. */
RushesJobQueue *rushes_timeline_view_get_job_queue (RushesTimelineView *self);
void            rushes_timeline_view_set_job_queue (RushesTimelineView *self,
                                                   RushesJobQueue     *queue);
/* Adds media files at position, as one undoable step each; FALSE and
 * error if a file is not a readable video (the rest are still added). */
gboolean        rushes_timeline_view_add_files    (RushesTimelineView *self,
                                                   GSList             *files,
                                                   guint               position,
                                                   GError            **error);

G_END_DECLS
