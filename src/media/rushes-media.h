/* rushes-media.h: process-wide set-up of the media layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * RushesMemoryUse:
 * @RUSHES_MEMORY_LONG_LIVED: the application: freed memory goes back to
 *   the system past a point
 * @RUSHES_MEMORY_ONE_TASK: a command that does one thing and exits: it
 *   keeps what it frees for its next allocations
 */
typedef enum
{
  RUSHES_MEMORY_LONG_LIVED,
  RUSHES_MEMORY_ONE_TASK,
} RushesMemoryUse;

void rushes_media_tune_memory (RushesMemoryUse use);

G_END_DECLS
