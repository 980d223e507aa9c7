/* rushes-media.h: process-wide set-up of the media layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void rushes_media_tune_memory (void);

G_END_DECLS
