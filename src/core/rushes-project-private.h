/* rushes-project-private.h: shared between the project and its clips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-timeline-clip.h"

G_BEGIN_DECLS

/* Upper bounds that keep hostile project files harmless. */
#define RUSHES_PROJECT_MAX_TIME     ((gint64) 24 * 3600 * G_GINT64_CONSTANT (1000000000))
#define RUSHES_PROJECT_MAX_CLIPS    10000
#define RUSHES_PROJECT_MAX_SIZE     8192
#define RUSHES_PROJECT_MAX_FPS      240

gboolean            _rushes_json_get_int            (JsonNode           *node,
                                                     gint64             *out);
JsonNode           *_rushes_timeline_clip_to_json   (RushesTimelineClip *self);
RushesTimelineClip *_rushes_timeline_clip_from_json (JsonObject         *object,
                                                     guint               index,
                                                     GError            **error);
void                _rushes_timeline_clip_fill      (RushesTimelineClip *self,
                                                     const char         *path,
                                                     gint64              media_duration);
void                _rushes_timeline_clip_set_id    (RushesTimelineClip *self,
                                                     const char         *id);

G_END_DECLS
