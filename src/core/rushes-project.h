/* rushes-project.h: the timeline model, its undoable edits, and .rushes files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project has tracks (rushes-timeline-track.h): video tracks, listed
 * bottom to top, and audio tracks. There is always at least one video
 * track; the first is the main track. Clips sit anywhere on a track (their
 * "start"); neighbours that overlap make a crossfade. Every edit goes
 * through the undo stack. Main thread only.
 *
 * The project is also a GListModel of the main track's clips, and the
 * position-based edits below (insert, append, remove, move, trim, split,
 * get_clip_start, get_clip_at) work on the main track as a sequence with
 * ripple: inserting, removing or trimming a clip there shifts every later
 * clip (start >= the edit point) on every unlocked track by the change in
 * length, so what follows stays in sync. The free edits (place, move_to,
 * trim_to, delete without ripple) leave other clips where they are. A
 * take's sound is a linked clip on an audio track that follows its
 * picture through every edit until unlinked.
 *
 * Where the contract left it open (i12-core):
 * - A new project has V1 and A1. Clips on video tracks are pictures
 *   only: sound comes from clips on audio tracks (a take's linked sound
 *   clip), so a picture whose sound was unlinked and deleted is silent.
 * - A take's sound goes on the first unlocked audio track where its span
 *   is free (no crossfade nobody asked for), else on a new audio track.
 * - The edit point of a ripple is where the clip's successor takes over
 *   (its end, or the next clip's start inside a crossfade); clips on
 *   other tracks that start at or after it move; locked tracks never do.
 *   move_clip is a ripple removal then a ripple insertion.
 * - Split cuts the linked sound at the same time too, and links the
 *   halves pairwise; a clip inside a crossfade that a split would leave
 *   wholly overlapped is refused (FALSE).
 * - Any edit touching a clip on a locked track (or whose partner is on
 *   one) is refused. Edits without a GError report a refusal on the
 *   "edit-refused" signal (a message for the user).
 * - fill_placeholder moves what follows the clip on the main track by
 *   the change in length and adds the linked sound of a take with audio
 *   (has-audio set before the fill), neither undoable.
 *
 * A .rushes file (UTF-8 JSON, at most 16 MiB, nesting at most 32 deep):
 *
 *   { "format": "rushes-project", "version": 2,
 *     "width": 1280, "height": 720, "fps": [25, 1],
 *     "format-from-first-clip": true,
 *     "export": { "preset": "webm|mp4|prores", "resolution": "project|1080p|720p",
 *                 "quality": "low|medium|high", "recipes": false },
 *     "tracks": [ { "kind": "video"|"audio", "name": "V1", "muted": false,
 *                   "locked": false, "clips": [ CLIP, … ] }, … ] }
 *
 *   CLIP = { "id": "…", "path": "/abs/or/relative-to-project.webm",
 *            "name": "…", "start": NS, "in": NS, "out": NS, "media-duration": NS,
 *            "has-audio": true, "width": 320, "height": 240, "fps": [25, 1],
 *            "volume": 1.0, "fade-in": NS, "fade-out": NS, "link": "id",
 *            "job": "…", "pending": false, "recipe": { … } }
 *        | { "id": "…", "start": NS, "in": 0, "out": NS,
 *            "title": { "text": "…", "size": 60, "x": 0.5, "y": 0.5 } }
 *
 * Version 1 files ("clips": [...] end to end, no "tracks") open as one
 * video track V1 with the clips end to end, and one audio track A1
 * holding the linked sound of each clip that has audio; they are saved as
 * version 2. Times are integer nanoseconds. Unknown members are ignored;
 * a newer "version" is refused (RUSHES_PROJECT_ERROR_VERSION). A clip
 * that cannot be placed (negative start, an overlap beyond a crossfade's
 * limits, an unknown track kind, a title with too much text, a path that
 * is not a string …) is left out with a message naming it (see
 * rushes_project_get_load_problems()); the rest of the project opens.
 * Autosaves add "autosave-of": the path the project was saved under.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-timeline-clip.h"
#include "rushes-timeline-track.h"
#include "rushes-undo-stack.h"

G_BEGIN_DECLS

#define RUSHES_PROJECT_VERSION 2
/* Tracks of each kind a project holds at most (add_track returns
 * G_MAXUINT beyond; a file's further tracks are left out) */
#define RUSHES_PROJECT_MAX_TRACKS 32
#define RUSHES_PROJECT_EXTENSION ".rushes"
#define RUSHES_PROJECT_AUTOSAVE_INTERVAL 30  /* seconds */

#define RUSHES_PROJECT_ERROR (rushes_project_error_quark ())
typedef enum
{
  RUSHES_PROJECT_ERROR_PARSE,    /* not JSON, too deep, too big, not an object */
  RUSHES_PROJECT_ERROR_VERSION,  /* made by a newer Rushes */
  RUSHES_PROJECT_ERROR_INVALID,  /* a field is missing or out of range; the message names it */
  RUSHES_PROJECT_ERROR_IO,
} RushesProjectError;

GQuark rushes_project_error_quark (void);

#define RUSHES_TYPE_PROJECT (rushes_project_get_type ())
G_DECLARE_FINAL_TYPE (RushesProject, rushes_project, RUSHES, PROJECT, GObject)

RushesProject      *rushes_project_new                 (void);

/* Files. Loading marks clips whose media file is missing as offline. */
RushesProject      *rushes_project_new_from_json       (const char          *json,
                                                        gssize               length,
                                                        GError             **error);
RushesProject      *rushes_project_load                (const char          *path,
                                                        GError             **error);
char               *rushes_project_to_json             (RushesProject       *self);
/* Atomic write; sets the path, clears dirty, adds to recent projects. */
gboolean            rushes_project_save                (RushesProject       *self,
                                                        const char          *path,
                                                        GError             **error);
const char         *rushes_project_get_path            (RushesProject       *self);
char               *rushes_project_get_title           (RushesProject       *self);
gboolean            rushes_project_get_dirty           (RushesProject       *self);
/* What was left out when the project was read, one message per clip or
 * track, naming it (NULL when nothing); transfer none. */
const char * const *rushes_project_get_load_problems   (RushesProject       *self);

/* Tracks. get_tracks is a GListModel of RushesTimelineTrack (transfer
 * none); get_track returns NULL past the end. The main track is the
 * first video track; the audio track is the first audio track (NULL when
 * there is none). */
GListModel          *rushes_project_get_tracks         (RushesProject       *self);
guint                rushes_project_get_n_tracks       (RushesProject       *self);
RushesTimelineTrack *rushes_project_get_track          (RushesProject       *self,
                                                        guint                index);
RushesTimelineTrack *rushes_project_get_main_track     (RushesProject       *self);
RushesTimelineTrack *rushes_project_get_audio_track    (RushesProject       *self);
gboolean             rushes_project_find_track         (RushesProject       *self,
                                                        RushesTimelineTrack *track,
                                                        guint               *index);
/* The track holding clip and the clip's position in it */
gboolean             rushes_project_locate_clip        (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        guint               *track_index,
                                                        guint               *position);
RushesTimelineClip  *rushes_project_get_clip_by_id     (RushesProject       *self,
                                                        const char          *id);
/* The clip linked to clip (its sound or picture), NULL when none */
RushesTimelineClip  *rushes_project_get_linked_clip    (RushesProject       *self,
                                                        RushesTimelineClip  *clip);

/* The main track as a sequence (see above) */
guint               rushes_project_get_n_clips         (RushesProject       *self);
RushesTimelineClip *rushes_project_get_clip            (RushesProject       *self,
                                                        guint                position);
gint64              rushes_project_get_clip_start      (RushesProject       *self,
                                                        guint                position);
/* The end of the last clip on any track */
gint64              rushes_project_get_duration        (RushesProject       *self);
/* Index of the clip playing at time (G_MAXUINT past the end), and the
 * offset into it. */
guint               rushes_project_get_clip_at         (RushesProject       *self,
                                                        gint64               time,
                                                        gint64              *offset);
gboolean            rushes_project_find_clip           (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        guint               *position);

/* Size and rate (restriction caps). By default those of the first clip
 * (1280×720 at 25 fps while unknown). */
void                rushes_project_get_format          (RushesProject       *self,
                                                        guint               *width,
                                                        guint               *height,
                                                        guint               *fps_n,
                                                        guint               *fps_d);
gboolean            rushes_project_get_auto_format     (RushesProject       *self);

/* Undoable edits */
RushesUndoStack    *rushes_project_get_undo_stack      (RushesProject       *self);
void                rushes_project_insert_clip         (RushesProject       *self,
                                                        guint                position,
                                                        RushesTimelineClip  *clip);
void                rushes_project_append_clip         (RushesProject       *self,
                                                        RushesTimelineClip  *clip);
void                rushes_project_remove_clip         (RushesProject       *self,
                                                        guint                position);
void                rushes_project_move_clip           (RushesProject       *self,
                                                        guint                from,
                                                        guint                to);
void                rushes_project_trim_clip           (RushesProject       *self,
                                                        guint                position,
                                                        gint64               in_point,
                                                        gint64               out_point);
/* Splits the clip under time (a timeline time); FALSE when time is on a
 * cut or outside the sequence. */
gboolean            rushes_project_split_at            (RushesProject       *self,
                                                        gint64               time);
void                rushes_project_set_format          (RushesProject       *self,
                                                        guint                width,
                                                        guint                height,
                                                        guint                fps_n,
                                                        guint                fps_d);
void                rushes_project_use_first_clip_format (RushesProject     *self);
void                rushes_project_relink_clip         (RushesProject       *self,
                                                        guint                position,
                                                        const char          *path);
gboolean            rushes_project_undo                (RushesProject       *self);
gboolean            rushes_project_redo                (RushesProject       *self);

/* Undoable track edits. add_track appends a track of kind (name NULL:
 * "V2", "A2", … the first free one) and returns its index (G_MAXUINT,
 * and "edit-refused", beyond RUSHES_PROJECT_MAX_TRACKS); remove_track
 * removes a track and its clips (refused for the last video track, and
 * the links of its clips' partners are cleared). */
guint               rushes_project_add_track           (RushesProject       *self,
                                                        RushesTrackKind      kind,
                                                        const char          *name);
gboolean            rushes_project_remove_track        (RushesProject       *self,
                                                        guint                index,
                                                        GError             **error);
void                rushes_project_rename_track        (RushesProject       *self,
                                                        guint                index,
                                                        const char          *name);
void                rushes_project_set_track_muted     (RushesProject       *self,
                                                        guint                index,
                                                        gboolean             muted);
void                rushes_project_set_track_locked    (RushesProject       *self,
                                                        guint                index,
                                                        gboolean             locked);

/* Undoable free edits (no ripple). Each is refused with
 * RUSHES_PROJECT_ERROR_INVALID and a message naming the clip and the
 * reason — a locked track, a track of the wrong kind, a start before 0,
 * an overlap beyond a crossfade's limits — and then changes nothing.
 * A linked clip follows: moved by the same time, trimmed alike. */
gboolean            rushes_project_place_clip          (RushesProject       *self,
                                                        guint                track_index,
                                                        RushesTimelineClip  *clip,
                                                        gint64               start,
                                                        GError             **error);
gboolean            rushes_project_move_clip_to        (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        guint                track_index,
                                                        gint64               start,
                                                        GError             **error);
/* Edge trims: the clip shows [in, out) of its media from start on */
gboolean            rushes_project_trim_clip_to        (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        gint64               start,
                                                        gint64               in_point,
                                                        gint64               out_point,
                                                        GError             **error);
/* Deletes clip and its linked clip; with ripple, later clips on every
 * unlocked track move back by its length. */
void                rushes_project_delete_clip         (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        gboolean             ripple);
void                rushes_project_set_clip_volume     (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        double               volume);
void                rushes_project_set_clip_fades      (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        gint64               fade_in,
                                                        gint64               fade_out);
/* A new title clip of duration on a video track at start (returned,
 * transfer none), or NULL and error */
RushesTimelineClip *rushes_project_add_title           (RushesProject       *self,
                                                        guint                track_index,
                                                        gint64               start,
                                                        gint64               duration,
                                                        const char          *text,
                                                        GError             **error);
void                rushes_project_set_title           (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        const char          *text,
                                                        double               size,
                                                        double               x,
                                                        double               y);
/* Unlinks clip from its partner (both keep their places) */
void                rushes_project_unlink_clip         (RushesProject       *self,
                                                        RushesTimelineClip  *clip);
/* Several edits as one undo step */
void                rushes_project_begin_group         (RushesProject       *self,
                                                        const char          *label);
void                rushes_project_end_group           (RushesProject       *self);

/* Placeholders for running jobs (not undoable: the job decides). Fill
 * returns how many clips were filled in. */
guint               rushes_project_fill_placeholder    (RushesProject       *self,
                                                        const char          *job_id,
                                                        const char          *path,
                                                        gint64               media_duration);
void                rushes_project_set_placeholder_progress (RushesProject  *self,
                                                        const char          *job_id,
                                                        double               progress);
/* The job failed or was cancelled: its placeholders stay (marked offline,
 * shown as failed) until the user deletes them; export refuses them. */
void                rushes_project_fail_placeholder    (RushesProject       *self,
                                                        const char          *job_id);

/* Versions of a shot (rushes-project-versions.c; see
 * rushes-timeline-clip.h). add_versions adds one pending version per job
 * (RushesJob) to a video clip, the one shown stays: one undo step;
 * refused (error, or "edit-refused" when error is NULL) for a title, a
 * clip on a locked track or beyond 64 versions. set_version shows
 * another version (undoable; FALSE when index is out of range or already
 * shown): the clip keeps its start, in and out, clamped to the version's
 * length. A version's placeholder fills in with
 * rushes_project_fill_placeholder (which also fills versions not shown),
 * fails with rushes_project_fail_placeholder. */
gboolean            rushes_project_add_versions        (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        GPtrArray           *jobs,
                                                        GError             **error);
gboolean            rushes_project_set_version         (RushesProject       *self,
                                                        RushesTimelineClip  *clip,
                                                        guint                index);
/* The jobs of versions not shown that are still pending (for following
 * them after a project opens); free with g_strfreev */
char              **rushes_project_dup_pending_version_jobs (RushesProject  *self);

/* Export settings, saved with the project (not undoable). */
const char         *rushes_project_get_export_preset   (RushesProject       *self);
void                rushes_project_set_export_preset   (RushesProject       *self,
                                                        const char          *preset);
const char         *rushes_project_get_export_resolution (RushesProject     *self);
void                rushes_project_set_export_resolution (RushesProject     *self,
                                                        const char          *resolution);
const char         *rushes_project_get_export_quality  (RushesProject       *self);
void                rushes_project_set_export_quality  (RushesProject       *self,
                                                        const char          *quality);
gboolean            rushes_project_get_export_recipes  (RushesProject       *self);
void                rushes_project_set_export_recipes  (RushesProject       *self,
                                                        gboolean             embed);

/* Autosave: into dir (NULL: rushes_project_get_autosave_dir()) every
 * RUSHES_PROJECT_AUTOSAVE_INTERVAL seconds and shortly after each edit.
 * Discard on a clean close; whatever is left after a crash is offered
 * by rushes_project_list_recoverable(). */
void                rushes_project_enable_autosave     (RushesProject       *self,
                                                        const char          *dir);
const char         *rushes_project_get_autosave_path   (RushesProject       *self);
gboolean            rushes_project_autosave_now        (RushesProject       *self,
                                                        GError             **error);
void                rushes_project_discard_autosave    (RushesProject       *self);
char               *rushes_project_get_autosave_dir    (void);
/* Newest first; free with g_strfreev. */
char              **rushes_project_list_recoverable    (const char          *dir);
/* Loads an autosave; the project keeps the path it was saved under (if
 * any), is dirty, and autosaves to the same file again. */
RushesProject      *rushes_project_recover             (const char          *autosave_path,
                                                        GError             **error);

/* Recent projects (an XBEL file in the data folder), newest first. */
void                rushes_project_add_recent          (const char          *path);
char              **rushes_project_list_recent         (void);

G_END_DECLS
