/* rushes-background-task-pool.h: streaming threads at background priority
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_BACKGROUND_TASK_POOL (rushes_background_task_pool_get_type ())
G_DECLARE_FINAL_TYPE (RushesBackgroundTaskPool, rushes_background_task_pool, RUSHES, BACKGROUND_TASK_POOL, GstTaskPool)

GstTaskPool *rushes_background_task_pool_get_default (void);

G_END_DECLS
