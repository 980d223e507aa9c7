/* media-fixtures.h: small test media made with ffmpeg, and decoded references
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes (once per process) @name in a temporary folder by running
 * `ffmpeg -y -v error ARGS... OUTPUT`; @args is split on spaces. */
const char *media_fixture          (const char *name,
                                    const char *args);
/* The temporary folder fixtures live in. */
const char *media_fixture_dir      (void);

/* Every frame of @path decoded by ffmpeg as packed RGB24, scaled to
 * width × height (0, 0: as is). Returns the frame count in @n_frames. */
guint8     *media_decode_rgb       (const char *path,
                                    int         width,
                                    int         height,
                                    guint      *n_frames);
double      media_psnr             (const guint8 *a,
                                    const guint8 *b,
                                    gsize         size);
/* ffprobe: `-show_entries ENTRIES -of default=nw=1:nk=1` output, stripped */
char       *media_probe            (const char *path,
                                    const char *select_streams,
                                    const char *entries);
/* media_probe()'s one value as a number (a duration, a rate) */
double      media_probe_double     (const char *path,
                                    const char *select_streams,
                                    const char *entries);
/* A small real H.264 MP4 (1 s, 16 frames, 160×120), for fake servers whose
 * result becomes a take: takes are named and tagged by what their bytes are. */
GBytes     *media_fixture_small_mp4 (void);
/* Keeps GStreamer's "Sticky event misordering" warning from aborting the
 * test (it still prints): a race inside decodebin's exposed pads that a
 * held-and-seeked source meets about once in a few hundred exports under
 * load; what the test checks of the output still decides. Call after
 * g_test_init(). */
void        media_tolerate_sticky_misordering (void);
/* ffprobe: the number of decoded video frames */
guint       media_count_frames     (const char *path);

G_END_DECLS
