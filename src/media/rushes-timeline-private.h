/* rushes-timeline-private.h: what the timeline's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline-build.c holds GES's start and the project → GES layout,
 * rushes-timeline-probe.c clips from files, rushes-timeline-jobs.c the
 * placeholders of jobs and rushes-timeline-style.c titles, volume and fades
 * in GES. The preview (RushesTimeline) is in src/media-gdk.
 */
#pragma once

#include "rushes-timeline-ges.h"

G_BEGIN_DECLS

/* initialised by rushes_timeline_ensure_init() */
GST_DEBUG_CATEGORY_EXTERN (rushes_timeline_debug);
#define GST_CAT_DEFAULT rushes_timeline_debug

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

/* rushes-title-image.c: how titles look (as GES's title source draws
 * them: white text, black outline, a shadow) */
#define TITLE_TEXT_COLOR    0xffffffff  /* ARGB */
#define TITLE_OUTLINE_COLOR 0xff000000
/* GstBaseTextOverlay's alignments: centred on xpos, ypos */
#define TEXT_HALIGN_POSITION 4
#define TEXT_VALIGN_POSITION 3
/* The title's text drawn once onto a transparent frame of width × height
 * as GES's title source draws it, cut to the box around what was drawn:
 * the path of that PNG (in the user's cache, named by what shapes it) and
 * the box, in pixels of the frame; NULL with error when it cannot be made */
char    *_rushes_title_image (const char  *text,
                              const char  *font,
                              double       x,
                              double       y,
                              guint        width,
                              guint        height,
                              int         *box_x,
                              int         *box_y,
                              int         *box_width,
                              int         *box_height,
                              GError     **error);

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
