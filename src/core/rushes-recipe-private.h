/* rushes-recipe-private.h: shared between the parts of RushesRecipe
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-recipe.c holds the object and its accessors, rushes-recipe-json.c
 * its JSON form and the validation of its values.
 */
#pragma once

#include "rushes-recipe.h"

G_BEGIN_DECLS

struct _RushesRecipe
{
  GObject     parent_instance;

  char       *prompt;
  char       *negative_prompt;
  char       *backend;
  char       *model;
  double      seconds;
  guint       fps;
  guint       width;
  guint       height;
  gint64      seed;
  guint       steps;
  double      guidance;
  char       *start_image;  /* a stored image file (PNG), "": none */
  char       *end_image;
  char       *start_image_source;  /* what the user gave, e.g. "clip.webm@end"; "": none */
  char       *end_image_source;
  gboolean    audio;
  JsonObject *extras;   /* never NULL */
  JsonObject *lineage;  /* NULL: an original take */
};

/* rushes-recipe-json.c: a deep copy (json_node_copy() would share members) */
JsonObject *_rushes_recipe_copy_object (JsonObject *object);

G_END_DECLS
