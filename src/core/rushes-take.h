/* rushes-take.h: a media file and the recipe that made it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recipe lives in a sidecar NAME.rushes.json beside the file (NAME is
 * the file name without its extension): the recipe's JSON form plus a
 * "take" member (file name, job id, backend, remote id, timings). It is
 * also written into the container's tags when a tag writer is installed.
 *
 * The path helpers and rushes_take_write_sidecar() are thread-safe.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rushes-types.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

#define RUSHES_TAKE_ERROR (rushes_take_error_quark ())
typedef enum
{
  RUSHES_TAKE_ERROR_INVALID_SIDECAR,
  RUSHES_TAKE_ERROR_MISSING_MEDIA,
} RushesTakeError;
GQuark rushes_take_error_quark (void);

/* "{date}_{backend}-{model}_{seed}_{short id}", file-name safe */
char     *rushes_take_build_basename   (RushesRecipe  *recipe,
                                        const char    *job_id,
                                        GDateTime     *created);
/* /x/NAME.webm → /x/NAME.rushes.json */
char     *rushes_take_sidecar_path_for (const char    *media_path);
/* info: extra members for the "take" object (may be NULL) */
gboolean  rushes_take_write_sidecar    (const char    *media_path,
                                        RushesRecipe  *recipe,
                                        JsonObject    *info,
                                        GError       **error);

#define RUSHES_TYPE_TAKE (rushes_take_get_type ())
G_DECLARE_FINAL_TYPE (RushesTake, rushes_take, RUSHES, TAKE, GObject)

/* Reads a sidecar; the media file must exist beside it. */
RushesTake   *rushes_take_new_from_sidecar (const char  *sidecar_path,
                                            GError     **error);
const char   *rushes_take_get_path         (RushesTake  *self);   /* the media file */
const char   *rushes_take_get_sidecar_path (RushesTake  *self);
RushesRecipe *rushes_take_get_recipe       (RushesTake  *self);
/* the prompt, for titles */
const char   *rushes_take_get_title        (RushesTake  *self);
const char   *rushes_take_get_job_id       (RushesTake  *self);
const char   *rushes_take_get_backend_id   (RushesTake  *self);
GDateTime    *rushes_take_get_created      (RushesTake  *self);
/* the "take" object of the sidecar (backend report, timings…) */
JsonObject   *rushes_take_get_info         (RushesTake  *self);

G_END_DECLS
