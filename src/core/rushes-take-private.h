/* rushes-take-private.h: what the take's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-take.c         the class, naming, titles, the sidecar
 * rushes-take-rating.c  rating, reject and colour label (culling)
 */
#pragma once

#include "rushes-take.h"

G_BEGIN_DECLS

struct _RushesTake
{
  GObject          parent_instance;

  char            *path;
  char            *sidecar_path;
  RushesRecipe    *recipe;
  JsonObject      *info;
  GDateTime       *created;
  char            *title;
  char            *search_text;   /* prompt and title, case-folded */
  guint            rating;
  gboolean         rejected;
  RushesTakeLabel  label;
};

/* Changes the "take" member of the sidecar on disk (read again, so that
 * nothing else in it is lost; written atomically), then takes it as the
 * take's info and reads what comes from it again. */
typedef void (*RushesTakeEditFunc) (JsonObject *take,
                                    gpointer    data);
gboolean _rushes_take_edit_info    (RushesTake          *self,
                                    RushesTakeEditFunc   edit,
                                    gpointer             data,
                                    GError             **error);

/* rushes-take-rating.c: rating, rejected and label from self->info
 * (what is out of range or of another type is ignored, with a warning
 * when warn: once, as the sidecar is read, not again after each edit) */
void     _rushes_take_read_culling (RushesTake          *self,
                                    gboolean             warn);

G_END_DECLS
