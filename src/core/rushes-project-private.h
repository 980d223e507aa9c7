/* rushes-project-private.h: shared between the parts of the project and its clips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesProject is split by concern: the model and its edits
 * (rushes-project.c), the undo commands the edits push
 * (rushes-project-commands.c), the .rushes file (rushes-project-json.c),
 * autosave and recovery (rushes-project-autosave.c) and the recent
 * projects list (rushes-project-recent.c).
 */
#pragma once

#include "rushes-project.h"
#include "rushes-timeline-clip.h"

G_BEGIN_DECLS

/* Upper bounds that keep hostile project files harmless. */
#define RUSHES_PROJECT_MAX_TIME     ((gint64) 24 * 3600 * G_GINT64_CONSTANT (1000000000))
#define RUSHES_PROJECT_MAX_CLIPS    10000
#define RUSHES_PROJECT_MAX_SIZE     8192
#define RUSHES_PROJECT_MAX_FPS      240

struct _RushesProject
{
  GObject          parent_instance;

  /* owned */
  GPtrArray       *clips;        /* RushesTimelineClip */
  RushesUndoStack *undo;
  char            *path;
  char            *autosave_path;
  char            *export_preset;
  char            *export_resolution;
  char            *export_quality;
  guint            width;
  guint            height;
  guint            fps_n;
  guint            fps_d;
  guint            autosave_timer_id;
  guint            autosave_soon_id;
  guint            auto_format : 1;
  guint            dirty : 1;
  guint            autosave_dirty : 1;
  guint            export_recipes : 1;
};

/* rushes-project.c: after every change to the sequence or the format */
void                _rushes_project_changed         (RushesProject      *self);
void                _rushes_project_set_dirty       (RushesProject      *self,
                                                     gboolean            dirty);
/* canonicalises; notifies when it changed */
void                _rushes_project_set_path        (RushesProject      *self,
                                                     const char         *path);

/* rushes-project-commands.c: each returns a command to push on the undo stack */
RushesUndoCommand  *_rushes_project_insert_command_new (RushesProject      *self,
                                                        guint               position,
                                                        RushesTimelineClip *clip);
RushesUndoCommand  *_rushes_project_remove_command_new (RushesProject      *self,
                                                        guint               position);
RushesUndoCommand  *_rushes_project_move_command_new   (RushesProject      *self,
                                                        guint               from,
                                                        guint               to);
RushesUndoCommand  *_rushes_project_trim_command_new   (RushesProject      *self,
                                                        RushesTimelineClip *clip,
                                                        gint64              in_point,
                                                        gint64              out_point);
/* the clip at position becomes two clips, split offset into it */
RushesUndoCommand  *_rushes_project_split_command_new  (RushesProject      *self,
                                                        guint               position,
                                                        gint64              offset);
RushesUndoCommand  *_rushes_project_format_command_new (RushesProject      *self,
                                                        guint               width,
                                                        guint               height,
                                                        guint               fps_n,
                                                        guint               fps_d,
                                                        gboolean            auto_format);
RushesUndoCommand  *_rushes_project_relink_command_new (RushesProject      *self,
                                                        RushesTimelineClip *clip,
                                                        const char         *path);

/* rushes-project-json.c */
JsonNode           *_rushes_project_to_json_node    (RushesProject      *self,
                                                     const char         *autosave_of);
RushesProject      *_rushes_project_from_json       (const char         *json,
                                                     gssize              length,
                                                     const char         *base_dir,
                                                     char              **autosave_of,
                                                     GError            **error);
char               *_rushes_project_read_file       (const char         *path,
                                                     gsize              *length,
                                                     GError            **error);
gboolean            _rushes_project_write_file      (const char         *path,
                                                     const char         *contents,
                                                     GError            **error);

/* rushes-project-autosave.c: autosaves a little after a change */
void                _rushes_project_autosave_soon   (RushesProject      *self);

/* rushes-timeline-clip.c: JSON shared by the project and its clips */
gboolean            _rushes_json_get_int            (JsonNode           *node,
                                                     gint64             *out);
const char         *_rushes_json_string_member      (JsonObject         *object,
                                                     const char         *name,
                                                     const char         *fallback);
gboolean            _rushes_json_bool_member        (JsonObject         *object,
                                                     const char         *name,
                                                     gboolean            fallback);
/* "width", "height", "fps": [n, d] */
void                _rushes_json_add_format         (JsonBuilder        *builder,
                                                     guint               width,
                                                     guint               height,
                                                     guint               fps_n,
                                                     guint               fps_d);
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
