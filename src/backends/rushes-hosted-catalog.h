/* rushes-hosted-catalog.h: which hosted models Rushes knows and how recipe
 * fields map onto their inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Loaded from the mapping files in data/hosted/ (compiled into the binary as
 * resources; a backend config may name another file with "models_file").
 * Immutable after loading: safe to read from any thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_HOSTED_CATALOG (rushes_hosted_catalog_get_type ())
G_DECLARE_FINAL_TYPE (RushesHostedCatalog, rushes_hosted_catalog, RUSHES, HOSTED_CATALOG, GObject)

/* kind: "replicate" or "fal" (the built-in mapping file) */
RushesHostedCatalog *rushes_hosted_catalog_new_for_kind     (const char          *kind,
                                                             GError             **error);
RushesHostedCatalog *rushes_hosted_catalog_new_from_file    (const char          *path,
                                                             GError             **error);
RushesHostedCatalog *rushes_hosted_catalog_new_from_data    (const char          *data,
                                                             gssize               length,
                                                             GError             **error);

const char          *rushes_hosted_catalog_get_kind         (RushesHostedCatalog *self);
GStrv                rushes_hosted_catalog_dup_model_ids    (RushesHostedCatalog *self);
gboolean             rushes_hosted_catalog_has_model        (RushesHostedCatalog *self,
                                                             const char          *model);
const char          *rushes_hosted_catalog_get_model_name   (RushesHostedCatalog *self,
                                                             const char          *model);
/* Replicate: "auto", "models" or a 64-hex version id; fal: NULL */
const char          *rushes_hosted_catalog_get_endpoint     (RushesHostedCatalog *self,
                                                             const char          *model);
/* fal: the result key holding the File object; Replicate: "uri" */
const char          *rushes_hosted_catalog_get_output_key   (RushesHostedCatalog *self,
                                                             const char          *model);
/* transfer full; NULL for an unknown model */
RushesCapabilities  *rushes_hosted_catalog_get_capabilities (RushesHostedCatalog *self,
                                                             const char          *model,
                                                             GStrv                all_models);

/* The capabilities of default_model, with those of every model in
 * model_caps (transfer full; NULL for an unknown default_model). */
RushesCapabilities  *rushes_hosted_catalog_get_all_capabilities (RushesHostedCatalog *self,
                                                                 const char          *default_model,
                                                                 guint                max_concurrent);

/* The model's input object for recipe. image_value replaces the recipe's
 * start image path (a URL or data: URI prepared by the backend). Errors
 * (RUSHES_BACKEND_ERROR_UNSUPPORTED) name the field and the allowed values. */
JsonObject          *rushes_hosted_catalog_build_input      (RushesHostedCatalog *self,
                                                             const char          *model,
                                                             RushesRecipe        *recipe,
                                                             const char          *image_value,
                                                             GError             **error);
/* The same with end_image_value replacing the recipe's end image path. A
 * recipe's end image is refused (RUSHES_BACKEND_ERROR_UNSUPPORTED) by a
 * model without an "end_image" input, and without a start image by one
 * that takes a start image too. */
JsonObject          *rushes_hosted_catalog_build_input_images (RushesHostedCatalog *self,
                                                               const char          *model,
                                                               RushesRecipe        *recipe,
                                                               const char          *image_value,
                                                               const char          *end_image_value,
                                                               GError             **error);

G_END_DECLS
