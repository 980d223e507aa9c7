/* rushes-trimmer-output.c: the new take on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the trimmer writes and where: the container family of the output
 * (by its extension) and its muxer; the temporary file beside the output
 * that the engines fill (rushes-output-lock.h: locked while it lives, so
 * one left by a killed run is swept), synced and renamed over it so that
 * an existing file is either replaced whole or left untouched; and the new take's
 * recipe with the trim's lineage, in its sidecar (rushes_take_write_sidecar())
 * and, when the source has a recipe, in its tags (as the tagger writes them).
 */
#define G_LOG_DOMAIN "rushes-trimmer"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-matroska-tags.h"
#include "rushes-tagger-private.h"
#include "rushes-take.h"
#include "rushes-trimmer-private.h"

/* ---- formats ---------------------------------------------------------- */

Family
_rushes_trimmer_family_for_output (GFile *output)
{
  g_autofree char *name = g_file_get_basename (output);
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".mp4") || g_str_has_suffix (lower, ".m4v"))
    return FAMILY_MP4;
  if (g_str_has_suffix (lower, ".mov"))
    return FAMILY_MOV;
  if (g_str_has_suffix (lower, ".webm"))
    return FAMILY_WEBM;
  if (g_str_has_suffix (lower, ".mkv"))
    return FAMILY_MKV;
  return FAMILY_NONE;
}

const char *
_rushes_trimmer_muxer_for_family (Family family)
{
  switch (family)
    {
    case FAMILY_MP4: return "mp4mux";
    case FAMILY_MOV: return "qtmux";
    case FAMILY_WEBM: return "webmmux";
    case FAMILY_MKV: return "matroskamux";
    case FAMILY_NONE:
    default: return NULL;
    }
}

/* ---- the output's temporary file -------------------------------------- */

gboolean
_rushes_trimmer_open_tmp (Trim    *t,
                          GError **error)
{
  t->tmp = rushes_output_temp_new (g_file_peek_path (t->output), error);
  return t->tmp != NULL;
}

/* The kept range is what the new file holds: a source whose last frames
 * are damaged yields less than planned. When the source held all the
 * data up to the out point, the packet engine knows what it gave the
 * muxer (copied packets and the frames its encoder made). A source that
 * ended early may have lost frames the muxer then leaves out of the
 * output's edit list, and the re-encode engine's file holds what its
 * decoder could make: those are read back packet by packet. */
static gboolean
check_written (Trim    *t,
               GError **error)
{
  GError *local_error = NULL;
  GstClockTime first, end, written, frame;

  if (t->pushed_video && !t->source_ended)
    {
      first = t->pushed_first;
      end = t->pushed_end;
    }
  else if (!_rushes_trimmer_probe_data_end (rushes_output_temp_get_path (t->tmp), GST_CLOCK_TIME_NONE,
                                            t->cancellable, &first, &end, &local_error))
    return _rushes_trimmer_set_failed (error, _("The new take cannot be read back"), local_error);

  written = end - first;
  frame = t->fps_n > 0 && t->fps_d > 0 ? gst_util_uint64_scale (GST_SECOND, t->fps_d, t->fps_n)
                                       : 40 * GST_MSECOND;
  if (written + frame + CUT_EPSILON >= t->kept_out - t->kept_in)
    return TRUE;
  GST_INFO ("wrote %" GST_TIME_FORMAT " of %" GST_TIME_FORMAT ": the source ends there",
            GST_TIME_ARGS (written), GST_TIME_ARGS (t->kept_out - t->kept_in));
  t->kept_out = t->kept_in + written;
  t->source_ended = TRUE;
  return TRUE;
}

gboolean
_rushes_trimmer_commit_tmp (Trim    *t,
                            GError **error)
{
  /* a Matroska muxer escapes the tags it copies: make them plain again */
  if (!check_written (t, error)
      || !rushes_matroska_unwrap_tags (rushes_output_temp_get_path (t->tmp), NULL, error)
      || !rushes_output_temp_commit (t->tmp, error))
    return FALSE;
  g_clear_pointer (&t->tmp, rushes_output_temp_free);
  return TRUE;
}

/* ---- the new take's recipe -------------------------------------------- */

/* the recipe given, else the source take's sidecar (NULL: neither) */
static RushesRecipe *
source_recipe (Trim *t)
{
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;

  if (t->recipe != NULL)
    return rushes_recipe_copy (t->recipe);

  path = rushes_take_sidecar_path_for (g_file_peek_path (t->input));
  if (g_file_get_contents (path, &json, NULL, NULL))
    return rushes_recipe_new_from_json (json, -1, NULL);
  return NULL;
}

/* The source's recipe (or, when it has none and @fresh, a new one) with
 * the trim's lineage over the kept range; NULL when the source has no
 * recipe and !@fresh. Both the sidecar and the tags are this recipe. */
static RushesRecipe *
trim_recipe (Trim     *t,
             gboolean  fresh)
{
  RushesRecipe *recipe = source_recipe (t);

  if (recipe == NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *prompt = NULL;

      if (!fresh)
        return NULL;
      recipe = rushes_recipe_new ();
      /* a recipe needs a prompt: say where the take came from */
      name = g_file_get_basename (t->input);
      prompt = g_strdup_printf (_("Trimmed from %s"), name);
      rushes_recipe_set_prompt (recipe, prompt);
    }
  /* no recipe given for the source: at least describe the new take's video */
  if (t->recipe == NULL && t->width > 0 && t->height > 0)
    {
      rushes_recipe_set_width (recipe, t->width);
      rushes_recipe_set_height (recipe, t->height);
      if (t->fps_n > 0 && t->fps_d > 0)
        rushes_recipe_set_fps (recipe, (guint) ((double) t->fps_n / t->fps_d + 0.5));
    }
  rushes_recipe_set_lineage (recipe, "trim", g_file_peek_path (t->input),
                             (double) t->kept_in / GST_SECOND,
                             (double) t->kept_out / GST_SECOND);
  rushes_recipe_set_seconds (recipe, (double) (t->kept_out - t->kept_in) / GST_SECOND);
  return recipe;
}

void
_rushes_trimmer_tag_muxer (Trim       *t,
                           GstElement *muxer)
{
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autofree char *json = NULL;

  if (t->tag_json != NULL)
    {
      _rushes_tagger_tag_muxer (muxer, t->tag_json);
      return;
    }
  recipe = trim_recipe (t, FALSE);
  if (recipe == NULL)
    return;
  json = rushes_recipe_to_json (recipe);
  _rushes_tagger_tag_muxer (muxer, json);
}

/* ---- sidecar ---------------------------------------------------------- */

/* The source take's title, for "trim of …" (NULL: the source is no take) */
static JsonObject *
source_info (Trim *t)
{
  g_autofree char *path = rushes_take_sidecar_path_for (g_file_peek_path (t->input));
  g_autoptr(RushesTake) source = rushes_take_new_from_sidecar (path, NULL);
  JsonObject *info;

  if (source == NULL)
    return NULL;
  info = json_object_new ();
  json_object_set_string_member (info, "source_title", rushes_take_get_title (source));
  return info;
}

/* The new take's sidecar, written the way every take's is. */
gboolean
_rushes_trimmer_write_sidecar (Trim    *t,
                               GError **error)
{
  g_autoptr(RushesRecipe) recipe = trim_recipe (t, TRUE);
  g_autoptr(JsonObject) info = source_info (t);

  return rushes_take_write_sidecar (g_file_peek_path (t->output), recipe, info, error);
}
