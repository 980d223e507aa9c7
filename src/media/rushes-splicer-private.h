/* rushes-splicer-private.h: what the splicer's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-splicer.c holds the API, the plan and the driver (head and tail
 * by the trimmer, the parts' packets into the trimmer's writer);
 * rushes-splicer-middle.c the middle: decoded, scaled, retimed, encoded.
 */
#pragma once

#include "rushes-splicer.h"
#include "rushes-trimmer-private.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (rushes_splicer_debug);
#undef GST_CAT_DEFAULT
#define GST_CAT_DEFAULT rushes_splicer_debug

/* The middle's frames, encoded like @vcaps (the source's video), @n of
 * them at @fps_n/@fps_d from time 0 and @width × @height: GstSamples in
 * decode order (no reordering). */
GPtrArray *_rushes_splicer_encode_middle (GFile                  *middle,
                                          GstCaps                *vcaps,
                                          const RushesSplicePlan *plan,
                                          GCancellable           *cancellable,
                                          GError                **error);

G_END_DECLS
