/* rushes-contact-sheet.h: a grid of takes, as an image or as a video
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A PNG has one cell per take: its first, middle and last frame side by
 * side, with a label (the swept value, or the title) under them. A WebM
 * plays every take at once in its cell, on one clock, each looped until the
 * longest ends. Takes of other sizes or frame rates are scaled and
 * letterboxed into cells the size of the first take's aspect (and the
 * video runs at the highest frame rate): the layout says so (mixed).
 * Synchronous: call from a worker thread or a command-line tool.
 */
#pragma once

#include <gio/gio.h>

#include "rushes-take.h"

G_BEGIN_DECLS

typedef struct
{
  guint   n_cells;
  guint   columns;
  guint   rows;
  guint   frame_width;    /* one frame in a cell */
  guint   frame_height;
  guint   frames_per_cell; /* 3 in an image, 1 in a video */
  guint   label_height;   /* the strip under a cell's frames (image) */
  guint   width;          /* the whole sheet */
  guint   height;
  guint   fps;            /* video */
  guint64 duration_ns;    /* video: the longest take */
  gboolean mixed;         /* takes of different sizes or frame rates */
} RushesContactSheetLayout;

/* Writes the sheet of paths (labels: one per path, NULL for none) to output
 * (".png" or ".webm"), through a temporary file renamed when complete. */
gboolean rushes_contact_sheet_write (const char * const       *paths,
                                     const char * const       *labels,
                                     const char               *output,
                                     RushesContactSheetLayout *layout,
                                     GCancellable             *cancellable,
                                     GError                  **error);

/* What a cell says under a take: "guidance = 7.5" for a take of a sweep,
 * else its title. */
char    *rushes_contact_sheet_label_for_take (RushesTake *take);
/* The same for the take at path; its file name when it has no sidecar. */
char    *rushes_contact_sheet_label_for_path (const char *path);

G_END_DECLS
