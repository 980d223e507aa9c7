/* rushes-thumbnailer.c: cached frame grabs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the public async calls run rushes_thumbnailer_grab_frames() in a
 * GTask worker thread. A worker owns its own playbin; it only reads the
 * immutable cache_dir of the thumbnailer. Textures are created in the worker
 * (GdkMemoryTexture is immutable and safe to hand over).
 *
 * On demand: the library asks for a cell's thumbnail when the cell is
 * bound and cancels when it is unbound, so a request still waiting for a
 * worker when its cell scrolled away is dropped before any file is read
 * or pipeline made. Frames are kept in memory too, the most recently used
 * up to MEMORY_CACHE_BYTES (under the thumbnailer's lock), so scrolling
 * back needs neither a decode nor a PNG read.
 */
#define G_LOG_DOMAIN "rushes-thumbnailer"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>

#include "rushes-anim-dec.h"
#include "rushes-background.h"
#include "rushes-core-private.h"
#include "rushes-media-gdk-private.h"
#include "rushes-media-private.h"
#include "rushes-thumbnailer.h"

GST_DEBUG_CATEGORY_STATIC (rushes_thumbnailer_debug);
#define GST_CAT_DEFAULT rushes_thumbnailer_debug

#define PREROLL_TIMEOUT (20 * GST_SECOND)
#define MEMORY_CACHE_BYTES (24 * 1024 * 1024)

struct _RushesThumbnailer
{
  GObject parent_instance;

  /* owned, immutable after init */
  char *cache_dir;

  /* the memory cache, under lock: cache path → GList link in lru */
  GMutex      lock;
  GHashTable *memory;
  GQueue      lru;          /* MemoryEntry, most recently used first */
  gsize       memory_bytes;

  /* counts, atomic */
  guint n_requested;
  guint n_finished;
  guint n_skipped;
  guint n_opened;
  guint n_memory_hits;
};

typedef struct
{
  char       *key;
  GdkTexture *texture;
  gsize       bytes;
} MemoryEntry;

static void
memory_entry_free (MemoryEntry *entry)
{
  g_free (entry->key);
  g_object_unref (entry->texture);
  g_free (entry);
}

G_DEFINE_FINAL_TYPE (RushesThumbnailer, rushes_thumbnailer, G_TYPE_OBJECT)
G_DEFINE_QUARK (rushes-thumbnailer-error-quark, rushes_thumbnailer_error)

typedef struct
{
  GFile        *file;
  GArray       *times;    /* GstClockTime; for a filmstrip, filled in once the duration is known */
  guint         n_frames; /* > 0: filmstrip */
  int           width;
} GrabData;

static void
grab_data_free (GrabData *data)
{
  g_clear_object (&data->file);
  g_clear_pointer (&data->times, g_array_unref);
  g_free (data);
}

static void
rushes_thumbnailer_finalize (GObject *object)
{
  RushesThumbnailer *self = RUSHES_THUMBNAILER (object);

  g_free (self->cache_dir);
  g_hash_table_unref (self->memory);
  g_queue_clear_full (&self->lru, (GDestroyNotify) memory_entry_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_thumbnailer_parent_class)->finalize (object);
}

static void
rushes_thumbnailer_class_init (RushesThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_thumbnailer_finalize;

  GST_DEBUG_CATEGORY_INIT (rushes_thumbnailer_debug, "rushes-thumbnailer", 0, "Rushes thumbnailer");
}

static void
rushes_thumbnailer_init (RushesThumbnailer *self)
{
  self->cache_dir = g_build_filename (g_get_user_cache_dir (), "rushes", "thumbnails", NULL);
  g_mutex_init (&self->lock);
  self->memory = g_hash_table_new (g_str_hash, g_str_equal);
  g_queue_init (&self->lru);
}

/* any thread: a new ref to the frame cached under key, or NULL */
static GdkTexture *
memory_lookup (RushesThumbnailer *self,
               const char        *key)
{
  GdkTexture *texture = NULL;
  GList *link;

  g_mutex_lock (&self->lock);
  link = g_hash_table_lookup (self->memory, key);
  if (link != NULL)
    {
      g_queue_unlink (&self->lru, link);
      g_queue_push_head_link (&self->lru, link);
      texture = g_object_ref (((MemoryEntry *) link->data)->texture);
    }
  g_mutex_unlock (&self->lock);
  return texture;
}

/* any thread: keeps texture under key, dropping the least recently used
 * beyond MEMORY_CACHE_BYTES */
static void
memory_store (RushesThumbnailer *self,
              const char        *key,
              GdkTexture        *texture)
{
  MemoryEntry *entry = g_new (MemoryEntry, 1);

  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  entry->bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  g_mutex_lock (&self->lock);
  if (!g_hash_table_contains (self->memory, key))
    {
      g_queue_push_head (&self->lru, entry);
      g_hash_table_insert (self->memory, entry->key, self->lru.head);
      self->memory_bytes += entry->bytes;
      entry = NULL;
    }
  while (self->memory_bytes > MEMORY_CACHE_BYTES && self->lru.length > 1)
    {
      MemoryEntry *old = g_queue_pop_tail (&self->lru);

      g_hash_table_remove (self->memory, old->key);
      self->memory_bytes -= old->bytes;
      memory_entry_free (old);
    }
  g_mutex_unlock (&self->lock);
  if (entry != NULL)
    memory_entry_free (entry);
}

void
rushes_thumbnailer_get_stats (RushesThumbnailer      *self,
                              RushesThumbnailerStats *stats)
{
  g_return_if_fail (RUSHES_IS_THUMBNAILER (self));
  g_return_if_fail (stats != NULL);

  stats->requested = g_atomic_int_get (&self->n_requested);
  stats->finished = g_atomic_int_get (&self->n_finished);
  stats->skipped = g_atomic_int_get (&self->n_skipped);
  stats->opened = g_atomic_int_get (&self->n_opened);
  stats->memory_hits = g_atomic_int_get (&self->n_memory_hits);
  g_mutex_lock (&self->lock);
  stats->memory_bytes = self->memory_bytes;
  g_mutex_unlock (&self->lock);
}

RushesThumbnailer *
rushes_thumbnailer_new (void)
{
  return g_object_new (RUSHES_TYPE_THUMBNAILER, NULL);
}

RushesThumbnailer *
rushes_thumbnailer_get_default (void)
{
  static RushesThumbnailer *instance;

  if (instance == NULL)
    {
      instance = rushes_thumbnailer_new ();
      g_object_add_weak_pointer (G_OBJECT (instance), (gpointer *) &instance);
    }

  return instance;
}

const char *
rushes_thumbnailer_get_cache_dir (RushesThumbnailer *self)
{
  g_return_val_if_fail (RUSHES_IS_THUMBNAILER (self), NULL);

  return self->cache_dir;
}

/* path + mtime + size + time + width → cache file (NULL if the file cannot be stat'ed) */
static char *
cache_path_for (RushesThumbnailer *self,
                GFileInfo         *info,
                GFile             *file,
                GstClockTime       time,
                int                width)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *key = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GDateTime) mtime = g_file_info_get_modification_date_time (info);

  key = g_strdup_printf ("%s\n%" G_GINT64_FORMAT ".%06d\n%" G_GOFFSET_FORMAT "\n%" G_GUINT64_FORMAT "\n%d",
                         path ? path : g_file_peek_path (file),
                         mtime ? g_date_time_to_unix (mtime) : 0,
                         mtime ? g_date_time_get_microsecond (mtime) : 0,
                         g_file_info_get_size (info),
                         (guint64) time, width);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strconcat (sum, ".png", NULL);

  return g_build_filename (self->cache_dir, name, NULL);
}

typedef struct
{
  GstElement *pipeline;
  GstElement *sink;
  GstClockTime duration;
  GstClockTime frame_duration;
} Grabber;

static void
grabber_clear (Grabber *g)
{
  if (g->pipeline != NULL)
    {
      gst_element_set_state (g->pipeline, GST_STATE_NULL);
      gst_clear_object (&g->pipeline);
    }
  gst_clear_object (&g->sink);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grabber, grabber_clear)

static gboolean
grabber_open (Grabber       *g,
              GFile         *file,
              int            width,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *uri = _rushes_media_uri_for_file (file);
  g_autofree char *desc = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstElement) bin = NULL;
  g_autoptr(GstElement) fakeaudio = NULL;
  g_autofree char *name = g_file_get_basename (file);
  GstMessageType type;
  int n_video = 0;
  gint64 duration = -1;

  rushes_anim_dec_register ();
  g->duration = GST_CLOCK_TIME_NONE;
  g->frame_duration = GST_CLOCK_TIME_NONE;

  if (width > 0)
    desc = g_strdup_printf ("videoconvert ! videoscale ! video/x-raw,format=RGBA,pixel-aspect-ratio=1/1,width=%d ! appsink name=sink sync=false max-buffers=1", width);
  else
    desc = g_strdup ("videoconvert ! videoscale ! video/x-raw,format=RGBA,pixel-aspect-ratio=1/1 ! appsink name=sink sync=false max-buffers=1");

  bin = gst_parse_bin_from_description (desc, TRUE, &local_error);
  if (bin == NULL)
    {
      g_set_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE,
                   _("Cannot build the thumbnail pipeline: %s"), local_error->message);
      return FALSE;
    }
  g_object_ref_sink (bin);
  g->sink = gst_bin_get_by_name (GST_BIN (bin), "sink");

  g->pipeline = gst_element_factory_make ("playbin", NULL);
  if (g->pipeline == NULL)
    {
      g_set_error_literal (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE,
                           _("The GStreamer “playbin” element is missing"));
      return FALSE;
    }
  gst_object_ref_sink (g->pipeline);
  fakeaudio = gst_object_ref_sink (gst_element_factory_make ("fakesink", NULL));
  /* flags: video only (1), no audio decoding, no subtitles */
  g_object_set (g->pipeline,
                "uri", uri,
                "video-sink", bin,
                "audio-sink", fakeaudio,
                "flags", 1,
                NULL);

  _rushes_media_make_background (g->pipeline);
  gst_element_set_state (g->pipeline, GST_STATE_PAUSED);
  type = _rushes_media_wait_async_done (g->pipeline, PREROLL_TIMEOUT, cancellable, &local_error);
  if (type != GST_MESSAGE_ASYNC_DONE)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE,
                     _("Cannot read “%s”: %s"), name,
                     local_error ? local_error->message : _("the file ended before the first frame"));
      return FALSE;
    }

  g_object_get (g->pipeline, "n-video", &n_video, NULL);
  if (n_video == 0)
    {
      g_set_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_NO_VIDEO,
                   _("“%s” has no video"), name);
      return FALSE;
    }

  if (gst_element_query_duration (g->pipeline, GST_FORMAT_TIME, &duration) && duration > 0)
    g->duration = duration;

  {
    g_autoptr(GstPad) pad = gst_element_get_static_pad (g->sink, "sink");
    g_autoptr(GstCaps) caps = gst_pad_get_current_caps (pad);
    GstVideoInfo info;

    if (caps && gst_video_info_from_caps (&info, caps) && info.fps_n > 0)
      g->frame_duration = gst_util_uint64_scale (GST_SECOND, info.fps_d, info.fps_n);
  }

  return TRUE;
}

static GdkTexture *
grabber_grab (Grabber       *g,
              GstClockTime   time,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkTexture *texture;

  if (GST_CLOCK_TIME_IS_VALID (g->duration) && time >= g->duration)
    {
      GstClockTime back = GST_CLOCK_TIME_IS_VALID (g->frame_duration) ? g->frame_duration / 2 : GST_MSECOND;
      time = g->duration > back ? g->duration - back : 0;
    }

  if (time > 0 || GST_CLOCK_TIME_IS_VALID (g->duration))
    {
      if (!gst_element_seek_simple (g->pipeline, GST_FORMAT_TIME,
                                    GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE, time))
        GST_DEBUG ("seek to %" GST_TIME_FORMAT " refused, using the first frame", GST_TIME_ARGS (time));
      else if (_rushes_media_wait_async_done (g->pipeline, PREROLL_TIMEOUT, cancellable, &local_error) != GST_MESSAGE_ASYNC_DONE)
        {
          if (local_error == NULL)
            g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("no frame at this time"));
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE,
                         _("Cannot decode a frame: %s"), local_error->message);
          return NULL;
        }
    }

  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (g->sink), 0);
  if (sample == NULL || (texture = _rushes_media_texture_from_sample (sample)) == NULL)
    {
      g_set_error_literal (error, RUSHES_THUMBNAILER_ERROR, RUSHES_THUMBNAILER_ERROR_DECODE,
                           _("Cannot decode a frame"));
      return NULL;
    }

  return texture;
}

static void
save_png (const char *path,
          GdkTexture *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);
  g_autoptr(GError) error = NULL;

  if (!_rushes_write_cache_file (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), 0600, &error))
    g_debug ("cannot cache thumbnail %s: %s", path, error->message);
}

/* Worker: textures for data->times (or data->n_frames spread over the clip). */
static GPtrArray *
grab_frames (RushesThumbnailer  *self,
             GrabData           *data,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFileInfo) info = NULL;
  g_auto(Grabber) grabber = { 0 };
  gboolean opened = FALSE;
  guint i;

  /* its cell scrolled away while it waited for a worker */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_atomic_int_inc (&self->n_skipped);
      return NULL;
    }
  info = g_file_query_info (data->file,
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;

  if (data->n_frames > 0)
    {
      /* a filmstrip needs the duration before the cache can be consulted */
      g_atomic_int_inc (&self->n_opened);
      if (!grabber_open (&grabber, data->file, data->width, cancellable, error))
        return NULL;
      opened = TRUE;
      for (i = 0; i < data->n_frames; i++)
        {
          GstClockTime t = 0;

          if (GST_CLOCK_TIME_IS_VALID (grabber.duration))
            t = gst_util_uint64_scale (grabber.duration, 2 * i + 1, 2 * data->n_frames);
          g_array_append_val (data->times, t);
        }
    }

  for (i = 0; i < data->times->len; i++)
    {
      GstClockTime t = g_array_index (data->times, GstClockTime, i);
      g_autofree char *cache_path = cache_path_for (self, info, data->file, t, data->width);
      GdkTexture *texture = memory_lookup (self, cache_path);

      if (texture != NULL)
        {
          g_atomic_int_inc (&self->n_memory_hits);
          g_ptr_array_add (textures, texture);
          continue;
        }
      if (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR))
        {
          g_autoptr(GFile) cached = g_file_new_for_path (cache_path);

          texture = gdk_texture_new_from_file (cached, NULL);
          if (texture != NULL)
            GST_DEBUG ("cache hit %s", cache_path);
        }

      if (texture == NULL)
        {
          if (!opened)
            {
              g_atomic_int_inc (&self->n_opened);
              if (!grabber_open (&grabber, data->file, data->width, cancellable, error))
                return NULL;
              opened = TRUE;
            }
          texture = grabber_grab (&grabber, t, cancellable, error);
          if (texture == NULL)
            return NULL;
          save_png (cache_path, texture);
        }

      memory_store (self, cache_path, texture);
      g_ptr_array_add (textures, texture);
    }

  return g_steal_pointer (&textures);
}

static void
grab_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *textures;

  if (!_rushes_media_ensure_init (&error))
    {
      g_task_return_error (task, error);
      return;
    }
  textures = grab_frames (source_object, task_data, cancellable, &error);
  g_atomic_int_inc (&RUSHES_THUMBNAILER (source_object)->n_finished);
  if (textures == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, textures, (GDestroyNotify) g_ptr_array_unref);
}

/* n_frames > 0: a filmstrip, else the frame at @time (NONE: the first) */
static GrabData *
grab_data_new (GFile        *file,
               int           width,
               GstClockTime  time,
               guint         n_frames)
{
  GrabData *data = g_new0 (GrabData, 1);

  data->file = g_object_ref (file);
  data->times = g_array_new (FALSE, FALSE, sizeof (GstClockTime));
  data->width = MAX (width, 0);
  data->n_frames = n_frames;
  if (n_frames == 0)
    {
      if (!GST_CLOCK_TIME_IS_VALID (time))
        time = 0;
      g_array_append_val (data->times, time);
    }

  return data;
}

/* grab_thread() fills the task in the background (see grab_data_new()) */
static void
run_grab (RushesThumbnailer   *self,
          GFile               *file,
          int                  width,
          GstClockTime         time,
          guint                n_frames,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GrabData *data = grab_data_new (file, width, time, n_frames);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_atomic_int_inc (&self->n_requested);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) grab_data_free);
  rushes_background_run (task, grab_thread);
}

void
rushes_thumbnailer_grab_async (RushesThumbnailer   *self,
                               GFile               *file,
                               GstClockTime         time,
                               int                  width,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_THUMBNAILER (self));
  g_return_if_fail (G_IS_FILE (file));

  run_grab (self, file, width, time, 0, rushes_thumbnailer_grab_async, cancellable, callback, user_data);
}

GdkTexture *
rushes_thumbnailer_grab_finish (RushesThumbnailer  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_autoptr(GPtrArray) textures = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rushes_thumbnailer_grab_async, NULL);

  textures = g_task_propagate_pointer (G_TASK (result), error);
  if (textures == NULL || textures->len == 0)
    return NULL;

  return g_object_ref (g_ptr_array_index (textures, 0));
}

void
rushes_thumbnailer_filmstrip_async (RushesThumbnailer   *self,
                                    GFile               *file,
                                    guint                n_frames,
                                    int                  width,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (RUSHES_IS_THUMBNAILER (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (n_frames > 0);

  run_grab (self, file, width, GST_CLOCK_TIME_NONE, n_frames, rushes_thumbnailer_filmstrip_async,
            cancellable, callback, user_data);
}

GPtrArray *
rushes_thumbnailer_filmstrip_finish (RushesThumbnailer  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == rushes_thumbnailer_filmstrip_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GdkTexture *
rushes_thumbnailer_grab (RushesThumbnailer  *self,
                         GFile              *file,
                         GstClockTime        time,
                         int                 width,
                         GCancellable       *cancellable,
                         GError            **error)
{
  GrabData *data;
  g_autoptr(GPtrArray) textures = NULL;
  GdkTexture *texture = NULL;

  g_return_val_if_fail (RUSHES_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  data = grab_data_new (file, width, time, 0);
  textures = grab_frames (self, data, cancellable, error);
  if (textures != NULL && textures->len > 0)
    texture = g_object_ref (g_ptr_array_index (textures, 0));
  grab_data_free (data);

  return texture;
}
