/* rushes-recipe.h: everything needed to make (or remake) one take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A recipe is plain data with one stable, versioned JSON form. That JSON is
 * what goes into sidecars, container tags, the journal and "Reuse recipe".
 * Properties are GObject properties so the parameter panel can bind them.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-types.h"

G_BEGIN_DECLS

#define RUSHES_RECIPE_VERSION 1

/* A seed of -1 means "random": rushes_recipe_resolve_seed() turns it into a
 * number before submission, so that the take records the seed it used. */
#define RUSHES_RECIPE_SEED_RANDOM ((gint64) -1)

#define RUSHES_RECIPE_ERROR (rushes_recipe_error_quark ())
typedef enum
{
  RUSHES_RECIPE_ERROR_PARSE,         /* not JSON, or not an object */
  RUSHES_RECIPE_ERROR_VERSION,       /* unknown "version" */
  RUSHES_RECIPE_ERROR_INVALID_FIELD, /* message names the field and its allowed range */
} RushesRecipeError;

GQuark rushes_recipe_error_quark (void);

#define RUSHES_TYPE_RECIPE (rushes_recipe_get_type ())
G_DECLARE_FINAL_TYPE (RushesRecipe, rushes_recipe, RUSHES, RECIPE, GObject)

RushesRecipe *rushes_recipe_new                 (void);
RushesRecipe *rushes_recipe_copy                (RushesRecipe  *self);
gboolean      rushes_recipe_equal               (RushesRecipe  *a,
                                                 RushesRecipe  *b);

/* JSON: to_json gives the canonical, pretty-printed form */
RushesRecipe *rushes_recipe_new_from_json       (const char    *json,
                                                 gssize         length,
                                                 GError       **error);
RushesRecipe *rushes_recipe_new_from_json_node  (JsonNode      *node,
                                                 GError       **error);
char         *rushes_recipe_to_json             (RushesRecipe  *self);
JsonNode     *rushes_recipe_to_json_node        (RushesRecipe  *self);

/* Checks ranges that hold for every backend; a backend checks its own
 * capabilities on top (rushes_backend_check_recipe). */
gboolean      rushes_recipe_validate            (RushesRecipe  *self,
                                                 GError       **error);
/* Replaces a random seed by a concrete one; returns the seed. */
gint64        rushes_recipe_resolve_seed        (RushesRecipe  *self);
guint         rushes_recipe_get_n_frames        (RushesRecipe  *self);

const char   *rushes_recipe_get_prompt          (RushesRecipe  *self);
void          rushes_recipe_set_prompt          (RushesRecipe  *self,
                                                 const char    *prompt);
const char   *rushes_recipe_get_negative_prompt (RushesRecipe  *self);
void          rushes_recipe_set_negative_prompt (RushesRecipe  *self,
                                                 const char    *negative_prompt);
const char   *rushes_recipe_get_backend         (RushesRecipe  *self);
void          rushes_recipe_set_backend         (RushesRecipe  *self,
                                                 const char    *backend);
const char   *rushes_recipe_get_model           (RushesRecipe  *self);
void          rushes_recipe_set_model           (RushesRecipe  *self,
                                                 const char    *model);
double        rushes_recipe_get_seconds         (RushesRecipe  *self);
void          rushes_recipe_set_seconds         (RushesRecipe  *self,
                                                 double         seconds);
guint         rushes_recipe_get_fps             (RushesRecipe  *self);
void          rushes_recipe_set_fps             (RushesRecipe  *self,
                                                 guint          fps);
guint         rushes_recipe_get_width           (RushesRecipe  *self);
void          rushes_recipe_set_width           (RushesRecipe  *self,
                                                 guint          width);
guint         rushes_recipe_get_height          (RushesRecipe  *self);
void          rushes_recipe_set_height          (RushesRecipe  *self,
                                                 guint          height);
gint64        rushes_recipe_get_seed            (RushesRecipe  *self);
void          rushes_recipe_set_seed            (RushesRecipe  *self,
                                                 gint64         seed);
guint         rushes_recipe_get_steps           (RushesRecipe  *self);
void          rushes_recipe_set_steps           (RushesRecipe  *self,
                                                 guint          steps);
double        rushes_recipe_get_guidance        (RushesRecipe  *self);
void          rushes_recipe_set_guidance        (RushesRecipe  *self,
                                                 double         guidance);
const char   *rushes_recipe_get_start_image     (RushesRecipe  *self);
void          rushes_recipe_set_start_image     (RushesRecipe  *self,
                                                 const char    *path);
/* The image the last frame is conditioned on (start_image: the first);
 * each a path to an image file, "" for none. */
const char   *rushes_recipe_get_end_image       (RushesRecipe  *self);
void          rushes_recipe_set_end_image       (RushesRecipe  *self,
                                                 const char    *path);
/* Where a stored start/end image came from, as the user gave it (a frame
 * reference, rushes-frame-ref.h: "clip.webm@end", "shot.png"); "" when the
 * image is the user's own file. JSON "start_image_source" /
 * "end_image_source", written only when set. */
const char   *rushes_recipe_get_start_image_source (RushesRecipe *self);
void          rushes_recipe_set_start_image_source (RushesRecipe *self,
                                                    const char   *source);
const char   *rushes_recipe_get_end_image_source   (RushesRecipe *self);
void          rushes_recipe_set_end_image_source   (RushesRecipe *self,
                                                    const char   *source);
gboolean      rushes_recipe_get_audio           (RushesRecipe  *self);
void          rushes_recipe_set_audio           (RushesRecipe  *self,
                                                 gboolean       audio);
/* backend-specific extras: a JSON object, never NULL */
JsonObject   *rushes_recipe_get_extras          (RushesRecipe  *self);

/* lineage: set on takes made from other takes (trim, remix) */
const char   *rushes_recipe_get_derived_from    (RushesRecipe  *self);
/* what made it: "trim", "retake", "regenerate", "extend-end",
 * "extend-start", "bridge" (NULL without lineage) */
const char   *rushes_recipe_get_lineage_operation (RushesRecipe *self);
void          rushes_recipe_set_lineage         (RushesRecipe  *self,
                                                 const char    *operation,
                                                 const char    *derived_from,
                                                 double         in_seconds,
                                                 double         out_seconds);

G_END_DECLS
