/* rushes-media-gdk-private.h: helpers shared inside src/media-gdk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk/gdk.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* A copy of an RGBA/BGRA sample's frame as a GdkMemoryTexture. */
GdkTexture    *_rushes_media_texture_from_sample (GstSample *sample);

G_END_DECLS
