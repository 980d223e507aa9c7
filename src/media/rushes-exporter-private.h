/* rushes-exporter-private.h: the exporter's element set-up and its
 * direct pipeline for a plain cut, for the exporter's files and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-exporter.h"

G_BEGIN_DECLS

/* rushes-exporter-direct.c: TRUE when the project is a plain cut (one
 * video track of media clips end to end from 0, each with its own linked
 * sound or none; no titles, fades, crossfades, gaps, volume changes or
 * muted tracks), which the direct pipeline renders as GES would. */
gboolean _rushes_exporter_is_plain_cut        (RushesProject      *project);
/* Fills pipeline with the direct pipeline of a plain cut: the clips into
 * an encodebin with profile, at width × height, into the file location */
gboolean _rushes_exporter_direct_fill         (GstElement         *pipeline,
                                               RushesProject      *project,
                                               guint               width,
                                               guint               height,
                                               GstEncodingProfile *profile,
                                               const char         *location);
void     _rushes_exporter_direct_init_debug   (void);

/* Whether the last export went through the direct pipeline (tests). The
 * environment variable RUSHES_EXPORT_FORCE_GES=1 sends every export
 * through GES. */
gboolean _rushes_exporter_get_used_direct     (RushesExporter     *self);

G_END_DECLS
