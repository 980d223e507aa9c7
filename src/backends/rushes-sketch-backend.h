/* rushes-sketch-backend.h: the built-in offline backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_SKETCH_BACKEND (rushes_sketch_backend_get_type ())
G_DECLARE_FINAL_TYPE (RushesSketchBackend, rushes_sketch_backend, RUSHES, SKETCH_BACKEND, GObject)

/* Renders into g_get_user_cache_dir()/rushes/sketch. */
RushesBackend *rushes_sketch_backend_new           (void);
/* Same, rendering into cache_dir (tests, or a project-local cache). */
RushesBackend *rushes_sketch_backend_new_for_cache (const char *cache_dir);

G_END_DECLS
