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

/* A library holds thousands of takes: each keeps what the library shows,
 * searches, sorts and filters on, with the repeated names interned, and
 * reads its recipe and its "take" info from the sidecar again only when
 * they are asked for (the take is opened, reused, listed in full). */
struct _RushesTake
{
  GObject          parent_instance;

  char            *path;
  char            *sidecar_path;
  RushesRecipe    *recipe;        /* NULL until asked for */
  JsonObject      *info;          /* NULL until asked for */
  GDateTime       *created;
  char            *title;
  char            *prompt;        /* the recipe's, as it is */
  char            *search_text;   /* prompt and title, case-folded */
  const char      *backend;       /* interned: the recipe's backend */
  const char      *model;         /* interned: the recipe's model */
  const char      *sweep_id;      /* interned; NULL without a sweep */
  double           seconds;       /* the file's own, else the recipe's */
  guint            width;         /* the file's own, else the recipe's */
  guint            height;
  guint            rating;
  gboolean         rejected;
  RushesTakeLabel  label;
};

/* The recipe held, NULL when it has not been read yet (for tests). */
RushesRecipe *_rushes_take_peek_recipe (RushesTake *self);

/* Changes the "take" member of the sidecar on disk (read again, so that
 * nothing else in it is lost; written atomically), then takes it as the
 * take's info and reads what comes from it again. */
typedef void (*RushesTakeEditFunc) (JsonObject *take,
                                    gpointer    data);
gboolean _rushes_take_edit_info    (RushesTake          *self,
                                    RushesTakeEditFunc   edit,
                                    gpointer             data,
                                    GError             **error);

/* rushes-take-rating.c: rating, rejected and label from @info, the "take"
 * member (what is out of range or of another type is ignored, with a
 * warning when warn: once, as the sidecar is read, not again after each
 * edit) */
void     _rushes_take_read_culling (RushesTake          *self,
                                    JsonObject          *info,
                                    gboolean             warn);

G_END_DECLS
