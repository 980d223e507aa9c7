/* rushes-timeline-private.h: what the timeline's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline.c holds GES's start and the preview, rushes-timeline-build.c
 * the project → GES layout, rushes-timeline-probe.c clips from files and
 * rushes-timeline-jobs.c the placeholders of jobs,
 * rushes-timeline-playable.c the preview as the viewer's Program monitor and
 * rushes-timeline-style.c titles, volume and fades in GES.
 */
#pragma once

#include "rushes-playable.h"
#include "rushes-timeline.h"

G_BEGIN_DECLS

/* initialised by rushes_timeline_ensure_init() */
GST_DEBUG_CATEGORY_EXTERN (rushes_timeline_debug);
#define GST_CAT_DEFAULT rushes_timeline_debug

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

/* Replaces @timeline's layers with one per track of the project, holding
 * its clips (see rushes_timeline_build()). @failed: URIs known not to load (skipped
 * without asking GES again), or NULL. */
gboolean _rushes_timeline_fill (GESTimeline   *timeline,
                                RushesProject *project,
                                guint          width,
                                guint          height,
                                gboolean       strict,
                                GHashTable    *failed,
                                GError       **error);

/* rushes-timeline-style.c */
typedef struct
{
  guint width;           /* the output's size */
  guint height;
  guint project_height;  /* what title sizes are relative to */
} RushesTimelineStyle;

/* A title clip on @layer, or NULL when GES refuses it */
GESClip *_rushes_timeline_add_title  (const RushesTimelineStyle *style,
                                      GESLayer                  *layer,
                                      RushesTimelineClip        *clip);
/* @clip's volume and fades on what @ges_clip holds; its picture also
 * dissolves in over @blend_in and out over @blend_out (ns, 0: none) */
void     _rushes_timeline_style_clip (const RushesTimelineStyle *style,
                                      GESClip                   *ges_clip,
                                      RushesTimelineClip        *clip,
                                      gint64                     blend_in,
                                      gint64                     blend_out);

/* rushes-timeline-probe.c: func on a background worker, its task's data a
 * copy of path (the async probes) */
void     _rushes_timeline_probe_async   (const char          *path,
                                         gpointer             source_tag,
                                         GTaskThreadFunc      func,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

/* rushes-timeline-jobs.c: fills job_id's placeholders and versions from
 * the probe of its take; how many */
guint    _rushes_timeline_fill_from_probe (RushesProject      *project,
                                           const char         *job_id,
                                           RushesTimelineClip *probe);
/* rushes-timeline-retake.c: when job (succeeded) made a retake's range,
 * splices it into its source, fills the version with the result and shows
 * it; FALSE for any other job */
gboolean _rushes_timeline_splice_retake   (RushesProject      *project,
                                           RushesJob          *job);

G_END_DECLS
