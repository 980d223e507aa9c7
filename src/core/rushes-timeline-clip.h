/* rushes-timeline-clip.h: one clip on the timeline (a take + in/out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are in nanoseconds (the GStreamer clock unit), so that they go
 * into GES unchanged. A clip is either a real take (path set) or a
 * placeholder for a job that is still running (job id + expected
 * duration, "pending"); rushes_project_fill_placeholder() fills it in.
 *
 * Version 2 adds where the clip sits (its start on the timeline), its
 * volume and fades, title clips (text instead of a file), and links: a
 * take's video and its sound are two clips on a video and an audio track
 * that name each other ("link") and move and trim together until
 * unlinked. In a project these change only through RushesProject's
 * undoable edits.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-types.h"

G_BEGIN_DECLS

typedef struct _RushesTimelineClip RushesTimelineClip;

#define RUSHES_SECOND G_GINT64_CONSTANT (1000000000)
#define RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT  4096            /* bytes of title text */
#define RUSHES_TIMELINE_CLIP_TITLE_MAX       (3600 * RUSHES_SECOND)
#define RUSHES_TIMELINE_CLIP_MAX_VOLUME      2.0

#define RUSHES_TYPE_TIMELINE_CLIP (rushes_timeline_clip_get_type ())
G_DECLARE_FINAL_TYPE (RushesTimelineClip, rushes_timeline_clip, RUSHES, TIMELINE_CLIP, GObject)

RushesTimelineClip *rushes_timeline_clip_new             (const char         *path,
                                                          gint64              media_duration);
RushesTimelineClip *rushes_timeline_clip_new_placeholder (const char         *job_id,
                                                          const char         *name,
                                                          gint64              expected_duration);
/* A title: no file, text drawn over the tracks below (in/out span
 * [0, duration); its media duration is RUSHES_TIMELINE_CLIP_TITLE_MAX, so it can be lengthened). */
RushesTimelineClip *rushes_timeline_clip_new_title       (const char         *text,
                                                          gint64              duration);
/* Copies everything but the id, which is new. */
RushesTimelineClip *rushes_timeline_clip_duplicate       (RushesTimelineClip *self);

const char *rushes_timeline_clip_get_id             (RushesTimelineClip *self);
const char *rushes_timeline_clip_get_path           (RushesTimelineClip *self);
void        rushes_timeline_clip_set_path           (RushesTimelineClip *self,
                                                     const char         *path);
const char *rushes_timeline_clip_get_name           (RushesTimelineClip *self);
void        rushes_timeline_clip_set_name           (RushesTimelineClip *self,
                                                     const char         *name);
gint64      rushes_timeline_clip_get_in_point       (RushesTimelineClip *self);
gint64      rushes_timeline_clip_get_out_point      (RushesTimelineClip *self);
/* Sets both; clamps to [0, media duration] and keeps out > in. */
void        rushes_timeline_clip_set_range          (RushesTimelineClip *self,
                                                     gint64              in_point,
                                                     gint64              out_point);
gint64      rushes_timeline_clip_get_duration       (RushesTimelineClip *self);
gint64      rushes_timeline_clip_get_media_duration (RushesTimelineClip *self);
void        rushes_timeline_clip_set_media_duration (RushesTimelineClip *self,
                                                     gint64              duration);

/* What the source looks like (0 when unknown); the project takes its
 * size and rate from its first clip by default. */
void        rushes_timeline_clip_get_format         (RushesTimelineClip *self,
                                                     guint              *width,
                                                     guint              *height,
                                                     guint              *fps_n,
                                                     guint              *fps_d);
void        rushes_timeline_clip_set_format         (RushesTimelineClip *self,
                                                     guint               width,
                                                     guint               height,
                                                     guint               fps_n,
                                                     guint               fps_d);
gboolean    rushes_timeline_clip_get_has_audio      (RushesTimelineClip *self);
void        rushes_timeline_clip_set_has_audio      (RushesTimelineClip *self,
                                                     gboolean            has_audio);

const char *rushes_timeline_clip_get_job_id         (RushesTimelineClip *self);
gboolean    rushes_timeline_clip_get_pending        (RushesTimelineClip *self);
double      rushes_timeline_clip_get_progress       (RushesTimelineClip *self);
void        rushes_timeline_clip_set_progress       (RushesTimelineClip *self,
                                                     double              progress);

/* Offline: the media file is missing or unreadable. Not saved; set when
 * a project is opened or the media layer fails to load the file. */
gboolean    rushes_timeline_clip_get_offline        (RushesTimelineClip *self);
void        rushes_timeline_clip_set_offline        (RushesTimelineClip *self,
                                                     gboolean            offline);

/* The take's recipe as JSON text (RushesRecipe's canonical form) or NULL. */
const char *rushes_timeline_clip_get_recipe_json    (RushesTimelineClip *self);
void        rushes_timeline_clip_set_recipe_json    (RushesTimelineClip *self,
                                                     const char         *json);

/* Version 2: placement, sound, titles, links */
gint64      rushes_timeline_clip_get_start          (RushesTimelineClip *self);
void        rushes_timeline_clip_set_start          (RushesTimelineClip *self,
                                                     gint64              start);
/* start + duration */
gint64      rushes_timeline_clip_get_end            (RushesTimelineClip *self);
/* 0–2, 1 by default */
double      rushes_timeline_clip_get_volume         (RushesTimelineClip *self);
void        rushes_timeline_clip_set_volume         (RushesTimelineClip *self,
                                                     double              volume);
/* ns; clamped so that fade-in + fade-out <= duration */
gint64      rushes_timeline_clip_get_fade_in        (RushesTimelineClip *self);
gint64      rushes_timeline_clip_get_fade_out       (RushesTimelineClip *self);
void        rushes_timeline_clip_set_fades          (RushesTimelineClip *self,
                                                     gint64              fade_in,
                                                     gint64              fade_out);

gboolean    rushes_timeline_clip_get_is_title       (RushesTimelineClip *self);
/* NULL unless a title; text is cut to RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT
 * bytes (on a character boundary) */
const char *rushes_timeline_clip_get_title_text     (RushesTimelineClip *self);
void        rushes_timeline_clip_set_title_text     (RushesTimelineClip *self,
                                                     const char         *text);
/* Font size in pixels of the project's height (0: automatic, 1/12 of
 * the height) and the text's centre as fractions of the frame (0.5, 0.5
 * by default) */
double      rushes_timeline_clip_get_title_size     (RushesTimelineClip *self);
void        rushes_timeline_clip_get_title_position (RushesTimelineClip *self,
                                                     double             *x,
                                                     double             *y);
void        rushes_timeline_clip_set_title_style    (RushesTimelineClip *self,
                                                     double              size,
                                                     double              x,
                                                     double              y);

/* The id of the linked clip (a take's sound or picture), NULL when none */
const char *rushes_timeline_clip_get_link           (RushesTimelineClip *self);
void        rushes_timeline_clip_set_link           (RushesTimelineClip *self,
                                                     const char         *link_id);

/* Versions of the shot (rushes-project-versions.c): a clip shows one of
 * its versions (takes of one shot, or jobs still making them); its own
 * fields are the shown one's. A clip of one version has n_versions 1 and
 * version 0. The getters take a version's index (0-based). Versions are
 * added and switched through RushesProject (rushes_project_add_versions,
 * rushes_project_set_version). */
guint       rushes_timeline_clip_get_n_versions     (RushesTimelineClip *self);
guint       rushes_timeline_clip_get_version        (RushesTimelineClip *self);
guint       rushes_timeline_clip_get_n_pending_versions (RushesTimelineClip *self);
const char *rushes_timeline_clip_get_version_path   (RushesTimelineClip *self,
                                                     guint               index);
const char *rushes_timeline_clip_get_version_job_id (RushesTimelineClip *self,
                                                     guint               index);
const char *rushes_timeline_clip_get_version_recipe_json (RushesTimelineClip *self,
                                                     guint               index);
gboolean    rushes_timeline_clip_get_version_pending (RushesTimelineClip *self,
                                                     guint               index);
gint64      rushes_timeline_clip_get_version_media_duration (RushesTimelineClip *self,
                                                     guint               index);

G_END_DECLS
