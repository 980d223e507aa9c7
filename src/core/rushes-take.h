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
 *
 * Culling lives in the "take" member too, so it travels with the file:
 * "rating" (1–5; absent or 0: unrated), "rejected" (true; absent: not)
 * and "label" (a colour name, see RushesTakeLabel). A value out of range
 * or of the wrong type is ignored with a warning. A take made from
 * another (a trim) starts unrated: its sidecar is written anew.
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

#define RUSHES_TAKE_MAX_RATING 5

/* colour labels, as photo tools have them */
typedef enum
{
  RUSHES_TAKE_LABEL_NONE,
  RUSHES_TAKE_LABEL_RED,
  RUSHES_TAKE_LABEL_YELLOW,
  RUSHES_TAKE_LABEL_GREEN,
  RUSHES_TAKE_LABEL_BLUE,
  RUSHES_TAKE_LABEL_PURPLE,
  RUSHES_TAKE_N_LABELS
} RushesTakeLabel;

/* "red"… as in the sidecar; NULL for NONE */
const char      *rushes_take_label_to_string   (RushesTakeLabel  label);
/* NONE for NULL or a name that is none of them */
RushesTakeLabel  rushes_take_label_from_string (const char      *name);
/* "Red"…, translated */
const char      *rushes_take_label_get_display_name (RushesTakeLabel label);

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
/* the length in seconds: the file's own ("duration" in the sidecar, an
 * import's), else the recipe's */
double        rushes_take_get_seconds      (RushesTake  *self);
/* "sweep": {"id", …} in the "take" member; NULL without one */
const char   *rushes_take_get_sweep_id     (RushesTake  *self);
/* The recipe's prompt, backend and model, and the file's size (its own,
 * an import's, else the recipe's), held by the take itself: reading them
 * does not read the recipe from the sidecar, which rushes_take_get_recipe()
 * and rushes_take_get_info() do the first time they are called. */
const char   *rushes_take_get_prompt       (RushesTake  *self);
const char   *rushes_take_get_model        (RushesTake  *self);
guint         rushes_take_get_width        (RushesTake  *self);
guint         rushes_take_get_height       (RushesTake  *self);
/* prompt and title, case-folded, for searching (made with the take) */
const char   *rushes_take_get_search_text  (RushesTake  *self);

/* 0 (unrated) to RUSHES_TAKE_MAX_RATING */
guint           rushes_take_get_rating     (RushesTake      *self);
gboolean        rushes_take_get_rejected   (RushesTake      *self);
RushesTakeLabel rushes_take_get_label      (RushesTake      *self);
/* neither rated nor rejected */
gboolean        rushes_take_is_unrated     (RushesTake      *self);
/* Store the rating and the reject flag in the sidecar (everything else in
 * it is kept) and notify "rating" / "rejected" on a change. A rating
 * above RUSHES_TAKE_MAX_RATING is refused with G_IO_ERROR_INVALID_ARGUMENT
 * and nothing is written. */
gboolean        rushes_take_set_rating     (RushesTake      *self,
                                            guint            rating,
                                            gboolean         rejected,
                                            GError         **error);
gboolean        rushes_take_set_label      (RushesTake      *self,
                                            RushesTakeLabel  label,
                                            GError         **error);

G_END_DECLS
