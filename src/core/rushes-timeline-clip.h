/* rushes-timeline-clip.h: one clip on the timeline (a take + in/out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are in nanoseconds (the GStreamer clock unit), so that they go
 * into GES unchanged. A clip is either a real take (path set) or a
 * placeholder for a job that is still running (job id + expected
 * duration, "pending"); rushes_project_fill_placeholder() fills it in.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-types.h"

G_BEGIN_DECLS

typedef struct _RushesTimelineClip RushesTimelineClip;

#define RUSHES_SECOND G_GINT64_CONSTANT (1000000000)

#define RUSHES_TYPE_TIMELINE_CLIP (rushes_timeline_clip_get_type ())
G_DECLARE_FINAL_TYPE (RushesTimelineClip, rushes_timeline_clip, RUSHES, TIMELINE_CLIP, GObject)

RushesTimelineClip *rushes_timeline_clip_new             (const char         *path,
                                                          gint64              media_duration);
RushesTimelineClip *rushes_timeline_clip_new_placeholder (const char         *job_id,
                                                          const char         *name,
                                                          gint64              expected_duration);
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

G_END_DECLS
