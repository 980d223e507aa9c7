/* rushes-handoff-private.h: what the MLT and OTIO writers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-handoff.h"

G_BEGIN_DECLS

/* ns → frames at fps_n/fps_d, rounded to the nearest */
gint64    _rushes_handoff_frames     (gint64          ns,
                                      guint           fps_n,
                                      guint           fps_d);
/* FALSE with a message naming the clip when there is nothing to hand on
 * or a clip has no file yet */
gboolean  _rushes_handoff_check      (RushesProject  *project,
                                      GError        **error);
/* The clip's file as an absolute path (relative ones against base_dir,
 * else the project's folder) */
char     *_rushes_handoff_clip_path  (RushesProject      *project,
                                      RushesTimelineClip *clip,
                                      const char         *base_dir);

G_END_DECLS
