/* rushes-anim-dec.h: animated GIF / WebP decoder element ("rushesanimdec")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GStreamer 1.22 has no animated WebP decoder and its GIF path loses the
 * frame timestamps, so Rushes registers its own element (rank above the
 * stock ones) that decodebin/playbin pick for image/gif and image/webp:
 * it reads the whole file, then pushes RGBA frames with their timestamps
 * from its own task, answering TIME seeks itself (GIF: every frame decoded
 * by gdk-pixbuf up front, the delays read from the file; WebP: the timing
 * from libwebpdemux up front, each frame decoded as it is pushed, so a
 * long animation costs one canvas).
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_ANIM_DEC (rushes_anim_dec_get_type ())
G_DECLARE_FINAL_TYPE (RushesAnimDec, rushes_anim_dec, RUSHES, ANIM_DEC, GstElement)

/* Registers "rushesanimdec" once (any thread, after gst_init). */
void rushes_anim_dec_register (void);

G_END_DECLS
