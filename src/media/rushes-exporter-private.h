/* rushes-exporter-private.h: the exporter's element set-up, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* A GES source's videoflip: passthrough until a rotation tag needs it */
void _rushes_exporter_setup_flip (GstElement *flip);

G_END_DECLS
