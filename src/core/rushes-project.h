/* rushes-project.h: the timeline model, its undoable edits, and .rushes files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project is an ordered sequence of clips with no gaps (a GListModel of
 * RushesTimelineClip): a clip starts where the previous one ends, so
 * removing or trimming a clip ripples the rest. Every edit goes through
 * the undo stack. Main thread only.
 *
 * A .rushes file (UTF-8 JSON, at most 16 MiB, nesting at most 32 deep):
 *
 *   { "format": "rushes-project", "version": 1,
 *     "width": 1280, "height": 720, "fps": [25, 1],
 *     "format-from-first-clip": true,
 *     "export": { "preset": "webm|mp4|prores", "resolution": "project|1080p|720p",
 *                 "quality": "low|medium|high", "recipes": false },
 *     "clips": [ { "id": "…", "path": "/abs/or/relative-to-project.webm",
 *                  "name": "…", "in": NS, "out": NS, "media-duration": NS,
 *                  "has-audio": true, "width": 320, "height": 240, "fps": [25, 1],
 *                  "job": "…", "pending": false, "recipe": { … } } ] }
 *
 * Times are integer nanoseconds. Unknown members are ignored; a different
 * "version" is refused (RUSHES_PROJECT_ERROR_VERSION). Autosaves add
 * "autosave-of": the path the project was saved under.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-types.h"
#include "rushes-timeline-clip.h"
#include "rushes-undo-stack.h"

G_BEGIN_DECLS

#define RUSHES_PROJECT_VERSION 1
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

/* The sequence */
guint               rushes_project_get_n_clips         (RushesProject       *self);
RushesTimelineClip *rushes_project_get_clip            (RushesProject       *self,
                                                        guint                position);
gint64              rushes_project_get_clip_start      (RushesProject       *self,
                                                        guint                position);
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
