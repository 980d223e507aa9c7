/* rushes-timeline-preview-private.h: what the timeline preview's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline.c holds RushesTimeline, the GES pipeline playing the
 * project, rushes-timeline-playable.c the preview as the viewer's Program
 * monitor. The model → GES half they build on is in src/media
 * (rushes-timeline-private.h).
 */
#pragma once

#include "rushes-playable.h"
#include "rushes-timeline.h"
#include "rushes-timeline-private.h"

G_BEGIN_DECLS

struct _RushesTimeline
{
  GObject        parent_instance;

  /* owned */
  RushesProject *project;
  GESTimeline   *timeline;
  GESPipeline   *pipeline;
  GdkPaintable  *paintable;      /* the frames (RushesFrameSink's, or gtk4paintablesink's) */
  GstElement    *volume;         /* the preview's audio filter */
  char          *error_message;
  gint64         position;
  guint          bus_watch_id;
  guint          position_id;
  guint          rebuild_id;
  gint64         pending_seek;   /* -1: none; else the latest request while busy */
  GHashTable    *loaded_uris;    /* assets GES has loaded (requests return at once) */
  GHashTable    *failed_uris;    /* files GES could not load */
  guint          n_loading;      /* asset requests under way */
  gint64         busy_since;     /* monotonic µs */
  /* what the Program monitor shows (rushes-timeline-playable.c) */
  RushesPlayerState state;
  GstClockTime   duration;
  int            fps_n;
  int            fps_d;
  guint          busy : 1;       /* a state change or seek has not reached ASYNC_DONE */
  guint          rebuild_wanted : 1;
  guint          play_requested : 1;  /* play once the timeline is ready */
  guint          playing : 1;
};

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_POSITION,
  PROP_PLAYING,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PAINTABLE,
  PROP_DURATION,
  PROP_FPS_N,
  PROP_FPS_D,
  PROP_RATE,
  PROP_VOLUME,
  PROP_MUTED,
  N_PROPS
};

/* rushes-timeline.c */
void     _rushes_timeline_notify        (RushesTimeline *self,
                                         guint           prop_id);

/* rushes-timeline-playable.c */
void     _rushes_timeline_playable_init (RushesPlayableInterface *iface);
/* makes the video sink (frames into the paintable) and the audio filter */
void     _rushes_timeline_monitor_init  (RushesTimeline *self);
/* state, duration and rate from the project and the pipeline, notified */
void     _rushes_timeline_update_monitor (RushesTimeline *self);
/* an error from the pipeline: state ERROR with @message (NULL clears) */
void     _rushes_timeline_set_error     (RushesTimeline *self,
                                         const char     *message);
void     _rushes_timeline_install_monitor_properties (GParamSpec **pspecs);
gboolean _rushes_timeline_get_monitor_property (RushesTimeline *self,
                                                guint           prop_id,
                                                GValue         *value);

G_END_DECLS
