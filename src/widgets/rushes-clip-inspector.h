/* rushes-clip-inspector.h: a popover with one timeline clip's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a clip of a project: its volume (0–200 %, for clips with sound: an
 * audio-track clip, or a picture's linked sound), fade in and fade out
 * (seconds), a title's text, font size and position, and "Unlink" for
 * linked clips. Every change is one undoable edit of the project: the
 * volume when the scale rests (or the popover closes), the fades and the
 * title's style at once, the title's text when the text field loses the
 * focus, on Ctrl+Enter or when the popover closes (one step per editing
 * session, never per keystroke). The popover follows undo and redo, and
 * closes when the clip leaves the project. Tab moves through the
 * controls, Escape closes.
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-project.h"

G_BEGIN_DECLS

/* how long the volume scale rests before its value is one edit */
#define RUSHES_CLIP_INSPECTOR_VOLUME_DELAY_MS 300

#define RUSHES_TYPE_CLIP_INSPECTOR (rushes_clip_inspector_get_type ())
G_DECLARE_FINAL_TYPE (RushesClipInspector, rushes_clip_inspector, RUSHES, CLIP_INSPECTOR, GtkPopover)

GtkWidget          *rushes_clip_inspector_new         (void);
/* Points the inspector at clip of project (both NULL: at nothing);
 * commits what was being edited on the previous clip first. */
void                rushes_clip_inspector_set_clip    (RushesClipInspector *self,
                                                       RushesProject       *project,
                                                       RushesTimelineClip  *clip);
RushesTimelineClip *rushes_clip_inspector_get_clip    (RushesClipInspector *self);
RushesProject      *rushes_clip_inspector_get_project (RushesClipInspector *self);
/* Commits a pending text edit or volume change now. */
void                rushes_clip_inspector_commit      (RushesClipInspector *self);

G_END_DECLS
