/* test-timeline-view-util.h: what the timeline view's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-timeline-view.h"

G_BEGIN_DECLS

#define S RUSHES_SECOND

/* A file that is not media, and a real 1 s 160×120 video, in the cache dir */
char     *tvt_make_file       (const char *name);
char     *tvt_make_video      (const char *name);
/* The first controller of type on widget (owned by the widget) */
gpointer  tvt_find_controller (GtkWidget  *widget,
                               GType       type);
/* A press at (x, y) dragged by (dx, dy) through the view's drag gesture */
void      tvt_drag            (GtkWidget  *widget,
                               double      x,
                               double      y,
                               double      dx,
                               double      dy);
/* Renders the view once (its snapshot must not fail) */
void      tvt_render          (GtkWidget  *widget);

G_END_DECLS
