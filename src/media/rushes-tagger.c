/* rushes-tagger.c: the recipe in a media file's container tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing remuxes with parsebin → muxer (stream copy) into a temporary file
 * in the same folder, fsyncs it and renames it over the original, so the
 * original is never half-rewritten. Reading uses GstDiscoverer and looks at
 * the container's tags first, then each stream's.
 */
#define G_LOG_DOMAIN "rushes-tagger"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <gst/pbutils/pbutils.h>

#include "rushes-matroska-tags.h"
#include "rushes-output-lock.h"
#include "rushes-tagger.h"
#include "rushes-tagger-private.h"

#define POLL_INTERVAL (20 * GST_MSECOND)

GST_DEBUG_CATEGORY_STATIC (rushes_tagger_debug);
#define GST_CAT_DEFAULT rushes_tagger_debug

void
_rushes_tagger_ensure_debug_category (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      GST_DEBUG_CATEGORY_INIT (rushes_tagger_debug, "rushes-tagger", 0, "Rushes recipe tags");
      g_once_init_leave (&initialised, 1);
    }
}

G_DEFINE_QUARK (rushes-tagger-error-quark, rushes_tagger_error)

static const char *
muxer_for_container (const char  *path,
                     const char  *container,
                     GError     **error)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = g_ascii_strdown (container ? container : dot ? dot + 1 : "", -1);

  if (ext && strcmp (ext, "webm") == 0)
    return "webmmux";
  if (ext && strcmp (ext, "mkv") == 0)
    return "matroskamux";
  if (ext && (strcmp (ext, "mp4") == 0 || strcmp (ext, "m4v") == 0))
    return "mp4mux";
  if (ext && strcmp (ext, "mov") == 0)
    return "qtmux";

  g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_UNSUPPORTED,
               _("Cannot store a recipe in “%s”: only .webm, .mkv, .mp4, .m4v and .mov files are supported"),
               base);
  return NULL;
}

typedef struct
{
  GstElement *muxer;
  gboolean    link_failed;
} RemuxData;

/* Streaming thread. A queue per stream: the demuxer pushes every stream
 * from one thread, and the muxer waits for data on all of its pads. */
static void
parsebin_pad_added_cb (GstElement *parsebin,
                       GstPad     *pad,
                       gpointer    user_data)
{
  RemuxData *data = user_data;
  g_autoptr(GstCaps) caps = gst_pad_query_caps (pad, NULL);
  g_autoptr(GstPad) sinkpad = gst_element_get_compatible_pad (data->muxer, pad, caps);
  g_autoptr(GstPad) queue_sink = NULL;
  g_autoptr(GstPad) queue_src = NULL;
  GstElement *queue;
  GstObject *bin;

  if (!sinkpad || !(queue = gst_element_factory_make ("queue", NULL)))
    {
      g_autofree char *desc = gst_caps_to_string (caps);

      /* only a flag, read once the pipeline has stopped */
      g_debug ("no muxer pad for %s", desc);
      data->link_failed = TRUE;
      return;
    }
  g_object_set (queue, "max-size-buffers", 0, "max-size-bytes", 0, "max-size-time", (guint64) 0, NULL);
  bin = gst_element_get_parent (parsebin);
  gst_bin_add (GST_BIN (bin), queue);
  gst_object_unref (bin);
  queue_sink = gst_element_get_static_pad (queue, "sink");
  queue_src = gst_element_get_static_pad (queue, "src");
  if (gst_pad_link (queue_src, sinkpad) != GST_PAD_LINK_OK
      || !gst_element_sync_state_with_parent (queue)
      || gst_pad_link (pad, queue_sink) != GST_PAD_LINK_OK)
    data->link_failed = TRUE;
}

/* Until EOS; a pipeline error becomes RUSHES_TAGGER_ERROR_FAILED with
 * GStreamer's message, for the caller to put in context. */
gboolean
_rushes_tagger_wait_for_eos (GstElement    *pipeline,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);

  for (;;)
    {
      g_autoptr(GstMessage) msg = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      msg = gst_bus_timed_pop_filtered (bus, POLL_INTERVAL, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
      if (!msg)
        continue;
      if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_EOS)
        return TRUE;
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (msg, &gst_error, &debug);
        g_debug ("pipeline error: %s (%s)", gst_error->message, debug ? debug : "");
        g_set_error_literal (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED, gst_error->message);
        return FALSE;
      }
    }
}

static gboolean
remux_until_eos (GstElement    *pipeline,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (_rushes_tagger_wait_for_eos (pipeline, cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED))
    g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                 _("Could not rewrite the file: %s"), local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
rushes_tagger_write (const char    *path,
                     const char    *recipe_json,
                     GCancellable  *cancellable,
                     GError       **error)
{
  return _rushes_tagger_write_as (path, NULL, recipe_json, cancellable, error);
}

/* fsync tmp_path and give it the permissions of like_path (if it exists) */
gboolean
_rushes_tagger_sync (const char  *tmp_path,
                     const char  *like_path,
                     GError     **error)
{
  GStatBuf st;
  int tfd = g_open (tmp_path, O_RDWR, 0);

  if (tfd < 0 || fsync (tfd) != 0)
    {
      int saved = errno;

      if (tfd >= 0)
        close (tfd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write next to “%s”: %s"), like_path, g_strerror (saved));
      return FALSE;
    }
  if (g_stat (like_path, &st) == 0)
    fchmod (tfd, st.st_mode & 07777);
  close (tfd);
  return TRUE;
}

void
_rushes_tagger_tag_muxer (GstElement *muxer,
                          const char *recipe_json)
{
  g_return_if_fail (GST_IS_TAG_SETTER (muxer));
  g_return_if_fail (recipe_json != NULL);

  /* upstream tag events are merged into ours with this mode: KEEP keeps
   * our comment over any coming from the source file */
  gst_tag_setter_set_tag_merge_mode (GST_TAG_SETTER (muxer), GST_TAG_MERGE_KEEP);
  gst_tag_setter_add_tags (GST_TAG_SETTER (muxer), GST_TAG_MERGE_REPLACE, GST_TAG_COMMENT, recipe_json, NULL);
}

/* container: the extension that names the container (NULL: path's own) */
gboolean
_rushes_tagger_write_as (const char    *path,
                         const char    *container,
                         const char    *recipe_json,
                         GCancellable  *cancellable,
                         GError       **error)
{
  RushesOutputTemp *tmp = NULL;
  const char *tmp_path;
  g_autoptr(GstElement) pipeline = NULL;
  GstElement *src, *parse, *mux, *sink;
  const char *mux_name;
  RemuxData data = { NULL, FALSE };
  gboolean ok = FALSE;

  _rushes_tagger_ensure_debug_category ();
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (recipe_json != NULL, FALSE);

  if (!(mux_name = muxer_for_container (path, container, error)))
    return FALSE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” does not exist"), path);
      return FALSE;
    }

  pipeline = gst_pipeline_new ("rushes-tagger");
  src = gst_element_factory_make ("filesrc", NULL);
  parse = gst_element_factory_make ("parsebin", NULL);
  mux = gst_element_factory_make (mux_name, NULL);
  sink = gst_element_factory_make ("filesink", NULL);
  if (!src || !parse || !mux || !sink)
    {
      g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                   _("A GStreamer element needed to rewrite “%s” is missing"), path);
      g_clear_object (&src);
      g_clear_object (&parse);
      g_clear_object (&mux);
      g_clear_object (&sink);
      return FALSE;
    }
  gst_bin_add_many (GST_BIN (pipeline), src, parse, mux, sink, NULL);
  if (!gst_element_link (src, parse) || !gst_element_link (mux, sink))
    {
      g_set_error_literal (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                           _("Could not set up the remuxer"));
      return FALSE;
    }
  data.muxer = mux;
  g_signal_connect (parse, "pad-added", G_CALLBACK (parsebin_pad_added_cb), &data);
  _rushes_tagger_tag_muxer (mux, recipe_json);

  /* a temp file beside it that a later run removes if this one dies */
  tmp = rushes_output_temp_new (path, error);
  if (tmp == NULL)
    return FALSE;
  tmp_path = rushes_output_temp_get_path (tmp);
  g_object_set (src, "location", path, NULL);
  g_object_set (sink, "location", tmp_path, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      if (remux_until_eos (pipeline, cancellable, error))
        g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                     _("Could not read “%s”"), path);
      goto out;
    }
  if (!remux_until_eos (pipeline, cancellable, error))
    goto out;
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (data.link_failed)
    {
      g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_UNSUPPORTED,
                   _("“%s” holds a stream its container type cannot carry"), path);
      goto out;
    }

  /* matroskamux escapes the recipe: store it as plain JSON */
  if (!rushes_matroska_unwrap_tags (tmp_path, NULL, error) || !_rushes_tagger_sync (tmp_path, path, error))
    goto out;
  if (!rushes_output_temp_commit (tmp, error))
    goto out;
  GST_DEBUG ("wrote the recipe into %s", path);
  ok = TRUE;

out:
  gst_element_set_state (pipeline, GST_STATE_NULL);
  /* not committed: removed */
  g_clear_pointer (&tmp, rushes_output_temp_free);
  return ok;
}

static gboolean
is_json_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return FALSE;
  return JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser));
}

static char *
recipe_from_tags (const GstTagList *tags)
{
  guint n;

  if (!tags)
    return NULL;
  n = gst_tag_list_get_tag_size (tags, GST_TAG_COMMENT);
  for (guint i = 0; i < n; i++)
    {
      const char *value = NULL;

      if (gst_tag_list_peek_string_index (tags, GST_TAG_COMMENT, i, &value)
          && value && is_json_object (value))
        return g_strdup (value);
    }
  return NULL;
}

char *
rushes_tagger_read (const char  *path,
                    GError     **error)
{
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *uri = NULL;
  GstDiscovererStreamInfo *top;
  GList *streams;
  char *json = NULL;

  _rushes_tagger_ensure_debug_category ();
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” does not exist"), path);
      return NULL;
    }
  if (!(uri = gst_filename_to_uri (path, &local_error))
      || !(discoverer = gst_discoverer_new (10 * GST_SECOND, &local_error))
      || !(info = gst_discoverer_discover_uri (discoverer, uri, &local_error)))
    {
      g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_FAILED,
                   _("Could not read “%s”: %s"), path,
                   local_error ? local_error->message : _("unknown error"));
      return NULL;
    }

  top = gst_discoverer_info_get_stream_info (info);
  if (top && GST_IS_DISCOVERER_CONTAINER_INFO (top))
    json = recipe_from_tags (gst_discoverer_container_info_get_tags (GST_DISCOVERER_CONTAINER_INFO (top)));
  g_clear_object (&top);

  streams = gst_discoverer_info_get_stream_list (info);
  for (GList *l = streams; l && !json; l = l->next)
    json = recipe_from_tags (gst_discoverer_stream_info_get_tags (l->data));
  gst_discoverer_stream_info_list_free (streams);

  if (!json)
    g_set_error (error, RUSHES_TAGGER_ERROR, RUSHES_TAGGER_ERROR_NOT_FOUND,
                 _("“%s” carries no recipe"), path);
  return json;
}

/* RushesTagger: the RushesTagWriter that job queues are handed */
struct _RushesTagger
{
  GObject parent_instance;
};

static void tag_writer_iface_init (RushesTagWriterInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesTagger, rushes_tagger, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_TAG_WRITER, tag_writer_iface_init))

static void
rushes_tagger_class_init (RushesTaggerClass *klass)
{
}

static void
rushes_tagger_init (RushesTagger *self)
{
}

/* Writes recipe into media_path's tags unless they already hold an equal
 * recipe (the Sketch renderer tags what it makes, so its takes need no
 * second remux). container: as for _rushes_tagger_write_as(). */
gboolean
_rushes_tagger_write_recipe (const char    *media_path,
                             const char    *container,
                             RushesRecipe  *recipe,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autofree char *json = rushes_recipe_to_json (recipe);
  g_autofree char *existing = rushes_tagger_read (media_path, NULL);

  if (existing != NULL)
    {
      g_autoptr(RushesRecipe) tagged = rushes_recipe_new_from_json (existing, -1, NULL);

      if (tagged != NULL && rushes_recipe_equal (tagged, recipe))
        return TRUE;
    }
  return _rushes_tagger_write_as (media_path, container, json, cancellable, error);
}

static void
tag_writer_iface_init (RushesTagWriterInterface *iface)
{
  iface->finish = _rushes_tagger_finish_take;
}

RushesTagWriter *
rushes_tagger_new (void)
{
  return g_object_new (RUSHES_TYPE_TAGGER, NULL);
}
