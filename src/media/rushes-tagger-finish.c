/* rushes-tagger-finish.c: a downloaded result becomes a take
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesTagger's RushesTagWriter.finish, on a job's worker thread: the
 * result's first bytes are typefound (its locator says nothing: ComfyUI's
 * `view?filename=…`), MP4 / MOV / WebM / Matroska are kept as they are and
 * tagged, animated WebP and GIF are encoded to VP9 WebM through
 * rushesanimdec (which hands over one frame at a time, with its own
 * timing), anything else is refused with what it is.
 */
#define G_LOG_DOMAIN "rushes-tagger"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gst/base/base.h>

#include "rushes-anim-dec.h"
#include "rushes-matroska-tags.h"
#include "rushes-tagger-private.h"

GST_DEBUG_CATEGORY_STATIC (rushes_take_finisher_debug);
#define GST_CAT_DEFAULT rushes_take_finisher_debug

static void
ensure_debug_category (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_take_finisher_debug, "rushes-take-finisher", 0, "Rushes take finisher");
      g_once_init_leave (&initialised, 1);
    }
}

/* enough for every typefinder Rushes cares about (ftyp, EBML, RIFF, HTML) */
#define SNIFF_BYTES (256 * 1024)

typedef enum
{
  RESULT_TAKE,      /* a video container kept as it is */
  RESULT_ANIMATION, /* converted to WebM, the original kept */
} ResultKind;

static char *
read_head (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autofree char *buf = NULL;

  if (in == NULL)
    return NULL;
  buf = g_malloc (SNIFF_BYTES);
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), buf, SNIFF_BYTES, length, NULL, error))
    return NULL;
  return g_steal_pointer (&buf);
}

/* what a result that is no video is, for the message */
static char *
describe_other (const GstCaps *caps,
                const char    *head,
                gsize          length)
{
  const char *name = caps ? gst_structure_get_name (gst_caps_get_structure (caps, 0)) : NULL;
  gsize i = 0;

  if (length == 0)
    return g_strdup (_("an empty file"));
  if (g_strcmp0 (name, "text/html") == 0)
    return g_strdup (_("an HTML page"));
  if (name != NULL && g_str_has_prefix (name, "image/"))
    return g_strdup_printf (_("a still image (%s)"), name);
  if (name != NULL && g_str_has_prefix (name, "audio/"))
    return g_strdup_printf (_("sound without a picture (%s)"), name);
  if (name != NULL && !g_str_has_prefix (name, "text/") && !g_str_has_suffix (name, "xml"))
    return g_strdup_printf (_("a file of type %s"), name);

  while (i < length && g_ascii_isspace (head[i]))
    i++;
  if (!g_utf8_validate (head, length, NULL))
    return g_strdup (_("data of an unknown kind"));
  if (i < length && (head[i] == '{' || head[i] == '['))
    {
      g_autofree char *start = g_strndup (head + i, MIN (length - i, 120));

      g_strdelimit (start, "\r\n\t", ' ');
      return g_strdup_printf (_("JSON text (“%s”)"), start);
    }
  return g_strdup (_("text"));
}

/* The take's container (extension) from the bytes, or for an animation
 * the original's extension. */
static gboolean
identify (const char  *path,
          ResultKind  *kind,
          const char **ext,
          GError     **error)
{
  g_autofree char *head = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autofree char *what = NULL;
  const GstStructure *s;
  const char *name;
  gsize length = 0;

  if ((head = read_head (path, &length, error)) == NULL)
    return FALSE;
  if (length > 0)
    caps = gst_type_find_helper_for_data (NULL, (guint8 *) head, length, NULL);
  GST_DEBUG ("%s: %" GST_PTR_FORMAT, path, caps);

  s = caps ? gst_caps_get_structure (caps, 0) : NULL;
  name = s ? gst_structure_get_name (s) : "";
  *kind = RESULT_TAKE;
  if (strcmp (name, "video/webm") == 0)
    *ext = "webm";
  else if (strcmp (name, "video/x-matroska") == 0)
    *ext = "mkv";
  else if (strcmp (name, "video/quicktime") == 0)
    *ext = g_str_has_prefix (gst_structure_get_string (s, "variant") ?: "", "iso") ? "mp4" : "mov";
  else if (strcmp (name, "image/webp") == 0 || strcmp (name, "image/gif") == 0)
    {
      *kind = RESULT_ANIMATION;
      *ext = name + strlen ("image/");
    }
  else
    {
      what = describe_other (caps, head, length);
      g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_NOT_VIDEO,
                   _("the result is %s, not a video"), what);
      return FALSE;
    }
  return TRUE;
}

/* animation → VP9 WebM at out_path, tagged; the frames stream through */
static gboolean
convert_animation (const char    *in_path,
                   const char    *out_path,
                   const char    *recipe_json,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) mux = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  rushes_anim_dec_register ();
  /* no look-ahead: with it vp9enc lost the last frames at EOS (11 of a
   * 20-frame WebP), and it would hold frames in memory besides */
  pipeline = gst_parse_launch ("filesrc name=src ! rushesanimdec ! videoconvert ! video/x-raw,format=I420 ! "
                               "vp9enc deadline=1 lag-in-frames=0 cpu-used=5 end-usage=cq cq-level=20 target-bitrate=8000000 threads=2 row-mt=true "
                               "timebase=1/1000 ! webmmux name=mux ! filesink name=sink",
                               &parse_error);
  if (pipeline == NULL || parse_error != NULL)
    {
      g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                   _("Could not set up the WebM encoder: %s"), parse_error->message);
      return FALSE;
    }
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  mux = gst_bin_get_by_name (GST_BIN (pipeline), "mux");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (src, "location", in_path, NULL);
  g_object_set (sink, "location", out_path, NULL);
  gst_tag_setter_add_tags (GST_TAG_SETTER (mux), GST_TAG_MERGE_REPLACE, GST_TAG_COMMENT, recipe_json, NULL);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  ok = _rushes_tagger_wait_for_eos (pipeline, cancellable, &local_error);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (g_error_matches (local_error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED))
    g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                 _("Could not convert the animation to WebM: %s"), local_error->message);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok && rushes_matroska_unwrap_tags (out_path, NULL, error);
}

static gboolean
rename_or_fail (const char  *from,
                const char  *to,
                GError     **error)
{
  if (g_rename (from, to) == 0)
    return TRUE;
  {
    int saved = errno;

    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _("Could not put the take at %s: %s"), to, g_strerror (saved));
    return FALSE;
  }
}

static char *
finish_animation (const char    *downloaded,
                  const char    *stem,
                  const char    *original_ext,
                  RushesRecipe  *recipe,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (stem);
  g_autofree char *tmp = g_build_filename (dir, ".rushes-convert-XXXXXX", NULL);
  g_autofree char *json = rushes_recipe_to_json (recipe);
  g_autofree char *take = g_strconcat (stem, ".webm", NULL);
  g_autofree char *original = g_strconcat (stem, ".", original_ext, NULL);
  int fd;

  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write in the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  close (fd);
  if (!convert_animation (downloaded, tmp, json, cancellable, error) ||
      !_rushes_tagger_sync (tmp, downloaded, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp);
      return NULL;
    }
  /* the original first: if the take cannot be put in place, the
   * original is where the error says */
  if (!rename_or_fail (downloaded, original, error))
    {
      g_unlink (tmp);
      return NULL;
    }
  if (!rename_or_fail (tmp, take, error))
    {
      g_unlink (tmp);
      g_rename (original, downloaded);
      return NULL;
    }
  GST_INFO ("converted %s to %s", original, take);
  return g_steal_pointer (&take);
}

char *
_rushes_tagger_finish_take (RushesTagWriter  *writer,
                            const char       *downloaded,
                            const char       *stem,
                            RushesRecipe     *recipe,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autoptr(GError) tag_error = NULL;
  g_autofree char *take = NULL;
  ResultKind kind;
  const char *ext;

  ensure_debug_category ();
  if (!identify (downloaded, &kind, &ext, error))
    return NULL;
  if (kind == RESULT_ANIMATION)
    return finish_animation (downloaded, stem, ext, recipe, cancellable, error);

  if (!_rushes_tagger_write_recipe (downloaded, ext, recipe, cancellable, &tag_error))
    {
      if (g_error_matches (tag_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&tag_error));
          return NULL;
        }
      /* the sidecar still holds the recipe */
      g_message ("Could not write the recipe into %s: %s", downloaded, tag_error->message);
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  take = g_strconcat (stem, ".", ext, NULL);
  if (!rename_or_fail (downloaded, take, error))
    return NULL;
  return g_steal_pointer (&take);
}
