/* rushes-take.h: a media file and the recipe that made it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recipe lives in a sidecar NAME.rushes.json beside the file (NAME is
 * the file name without its extension): the recipe's JSON form plus a
 * "take" member (file name, job id, backend, remote id, timings, the
 * variation index, the title the user gave it, a trim's source title). It
 * is also written into the container's tags when a tag writer is installed.
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

/* The start of @prompt, at most @max_chars characters, cut at a word
 * boundary with "…"; white space runs become one space. */
char     *rushes_take_shorten_prompt   (const char    *prompt,
                                        guint          max_chars);
/* "heron takes off at dawn · #2 · seed 1234": the shortened prompt (or
 * "Untitled"), the variation when > 0, the seed when not random. */
char     *rushes_take_format_title     (const char    *prompt,
                                        guint          variation,
                                        gint64         seed);
/* The title of the take at @media_path, from its sidecar; NULL when it
 * has none (or it cannot be read). Thread-safe. */
char     *rushes_take_dup_title_for_path (const char  *media_path);

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
/* What people call the take: the title the user gave it ("title" in the
 * sidecar), else "trim of SOURCE" for a trim, else
 * rushes_take_format_title() of its prompt, variation and seed. */
const char   *rushes_take_get_title        (RushesTake  *self);
/* Stores @title in the sidecar (everything else in it is kept) and
 * notifies "title"; NULL or blank goes back to the automatic title. */
gboolean      rushes_take_rename           (RushesTake  *self,
                                            const char  *title,
                                            GError     **error);
const char   *rushes_take_get_job_id       (RushesTake  *self);
const char   *rushes_take_get_backend_id   (RushesTake  *self);
GDateTime    *rushes_take_get_created      (RushesTake  *self);
/* the "take" object of the sidecar (backend report, timings…) */
JsonObject   *rushes_take_get_info         (RushesTake  *self);

G_END_DECLS
