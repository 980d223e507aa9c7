/* rushes-timeline-clip-private.h: a clip's fields, shared by its parts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTimelineClip is split by concern: the object and its setters
 * (rushes-timeline-clip.c) and its JSON (rushes-timeline-clip-json.c).
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
};

G_END_DECLS
