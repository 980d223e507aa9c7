/* rushes-take-query.h: which takes the library shows, and in what order
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain data and pure functions (core has no GTK): the library view wraps
 * rushes_take_matches() in a GtkCustomFilter and rushes_take_compare() in
 * a GtkCustomSorter; `rushes takes list` uses rushes_library_query().
 */
#pragma once

#include <glib.h>

#include "rushes-take.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_TAKE_SORT_DATE,      /* newest first */
  RUSHES_TAKE_SORT_RATING,    /* most stars first, then newest */
  RUSHES_TAKE_SORT_DURATION,  /* longest first, then newest */
} RushesTakeSort;

typedef struct
{
  /* read-only: set with rushes_take_query_set_search() */
  char          *search;
  GStrv          search_words;   /* case-folded; all must be in the prompt or title */

  guint          min_rating;     /* 0: any */
  char          *backend;        /* NULL: any; any ASCII case */
  char          *model;          /* NULL: any; any ASCII case */
  GDateTime     *after;          /* made at or after; NULL: any */
  GDateTime     *before;         /* made before; NULL: any */
  char          *sweep_id;       /* NULL: any; any ASCII case */
  RushesTakeLabel label;         /* NONE: any */
  gboolean       show_rejected;  /* FALSE: rejected takes are left out */
  RushesTakeSort sort;
} RushesTakeQuery;

RushesTakeQuery *rushes_take_query_new        (void);
void             rushes_take_query_free       (RushesTakeQuery       *query);
/* Words separated by white space; NULL or blank: every take. Words of the
 * form backend:ID, model:NAME and sweep:ID set those fields instead (and
 * the fields are cleared when there are none: set the search first). */
void             rushes_take_query_set_search (RushesTakeQuery       *query,
                                               const char            *text);
/* Replaces *field (backend, model or sweep_id) with a copy of value;
 * NULL or "" clears it. */
void             rushes_take_query_set_string (char                 **field,
                                               const char            *value);
/* nothing narrows the takes but the rejected being hidden */
gboolean         rushes_take_query_is_default (const RushesTakeQuery *query);

gboolean         rushes_take_matches          (RushesTake            *take,
                                               const RushesTakeQuery *query);
/* < 0 when a comes first in the sort's order; ties go newest first, then
 * by path, so that the order is total */
int              rushes_take_compare          (RushesTake            *a,
                                               RushesTake            *b,
                                               RushesTakeSort         sort);

/* "date", "rating", "duration" */
const char      *rushes_take_sort_to_string   (RushesTakeSort         sort);
gboolean         rushes_take_sort_from_string (const char            *name,
                                               RushesTakeSort        *sort);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesTakeQuery, rushes_take_query_free)

G_END_DECLS
