/* rushes-timeline-private.h: what the timeline's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-timeline.c holds GES's start and the preview, rushes-timeline-build.c
 * the project → GES layout, rushes-timeline-probe.c clips from files and
 * rushes-timeline-jobs.c the placeholders of jobs.
 */
#pragma once

#include "rushes-timeline.h"

G_BEGIN_DECLS

/* initialised by rushes_timeline_ensure_init() */
GST_DEBUG_CATEGORY_EXTERN (rushes_timeline_debug);
#define GST_CAT_DEFAULT rushes_timeline_debug

/* Clears @timeline's layer and lays the project's clips on it (see
 * rushes_timeline_build()). @failed: URIs known not to load (skipped
 * without asking GES again), or NULL. */
gboolean _rushes_timeline_fill (GESTimeline   *timeline,
                                RushesProject *project,
                                guint          width,
                                guint          height,
                                gboolean       strict,
                                GHashTable    *failed,
                                GError       **error);

G_END_DECLS
