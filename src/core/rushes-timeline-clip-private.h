/* rushes-timeline-clip-private.h: a clip's fields, shared by its parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTimelineClip is split by concern: the object and its setters
 * (rushes-timeline-clip.c), its JSON (rushes-timeline-clip-json.c) and
 * the state an edit works on (rushes-timeline-clip-state.c).
 */
#pragma once

#include "rushes-timeline-clip.h"

G_BEGIN_DECLS

struct _RushesTimelineClip
{
  GObject parent_instance;

  char   *id;
  char   *path;
  char   *name;
  char   *job_id;
  char   *recipe_json;
  gint64  in_point;
  gint64  out_point;
  gint64  media_duration;
  guint   width;
  guint   height;
  guint   fps_n;
  guint   fps_d;
  double  progress;
  /* version 2 */
  char   *title_text;     /* NULL unless a title */
  char   *link;
  gint64  start;
  gint64  fade_in;
  gint64  fade_out;
  double  volume;
  double  title_size;
  double  title_x;
  double  title_y;
  guint   has_audio : 1;
  guint   pending : 1;
  guint   offline : 1;
  /* versions of the shot (rushes-project-versions.c): NULL for one */
  GPtrArray *versions;    /* RushesClipVersion */
  guint      version;     /* the one shown */
};

/* rushes-project-versions.c: a clip's versions */
typedef struct _RushesClipVersion RushesClipVersion;

void  _rushes_clip_version_unref               (gpointer            version);
void  _rushes_timeline_clip_versions_copy      (RushesTimelineClip *copy,
                                                RushesTimelineClip *self);
void  _rushes_timeline_clip_versions_to_json   (RushesTimelineClip *self,
                                                JsonBuilder        *builder);
void  _rushes_timeline_clip_versions_from_json (RushesTimelineClip *self,
                                                JsonObject         *object);

/* The name of a title: its text's first line, shortened */
char *_rushes_timeline_clip_title_name (const char *text);

G_END_DECLS
