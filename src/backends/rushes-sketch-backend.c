/* rushes-sketch-backend.c: the built-in offline backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A local stand-in for a generation service, behind the same interface:
 *  - submit checks the recipe, writes it to <cache>/<remote id>.json (so a
 *    restarted app can poll the job again) and returns "sketch-<job id>"
 *    at once;
 *  - poll renders (blocking, with progress) into <cache>/<remote id>.<ext>
 *    and answers SUCCEEDED with that path as the only result. The container
 *    is WebM unless the recipe's extras say {"container": "mp4"|"mkv"};
 *  - fetch moves the render to dest_path (rename, or copy + fsync + rename
 *    across file systems). If dest_path's extension asks for another
 *    container, it renders straight into dest_path instead;
 *  - cancel stops a running render (within 0.5 s) and forgets the job.
 * The recipe files stay after fetch (a crash between fetch and the journal
 * entry must still find the job); submit prunes cache files older than a
 * week.
 *
 * Threads: all entry points run on worker threads; the job table is under
 * self->lock. A render runs without the lock held, with its own
 * GCancellable that both cancel() and the caller's cancellable trigger.
 */
#define G_LOG_DOMAIN "rushes-sketch"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-sketch-backend.h"
#include "rushes-sketch-renderer.h"

typedef struct
{
  RushesRecipe  *recipe;
  GCancellable  *cancellable;   /* set while rendering */
  gboolean       cancelled;
  double         progress;
} SketchJob;

struct _RushesSketchBackend
{
  GObject     parent_instance;

  char       *cache_dir;
  GMutex      lock;
  GHashTable *jobs;             /* remote id → SketchJob, under lock */
};

static void rushes_sketch_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesSketchBackend, rushes_sketch_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND,
                                                      rushes_sketch_backend_iface_init))

static void
sketch_job_free (gpointer data)
{
  SketchJob *job = data;

  g_clear_object (&job->recipe);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
rushes_sketch_backend_finalize (GObject *object)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (object);

  g_clear_pointer (&self->jobs, g_hash_table_unref);
  g_clear_pointer (&self->cache_dir, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_sketch_backend_parent_class)->finalize (object);
}

static void
rushes_sketch_backend_class_init (RushesSketchBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_sketch_backend_finalize;
}

static void
rushes_sketch_backend_init (RushesSketchBackend *self)
{
  g_mutex_init (&self->lock);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sketch_job_free);
}

RushesBackend *
rushes_sketch_backend_new_for_cache (const char *cache_dir)
{
  RushesSketchBackend *self;

  g_return_val_if_fail (cache_dir != NULL, NULL);

  self = g_object_new (RUSHES_TYPE_SKETCH_BACKEND, NULL);
  self->cache_dir = g_strdup (cache_dir);
  return RUSHES_BACKEND (self);
}

RushesBackend *
rushes_sketch_backend_new (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "rushes", "sketch", NULL);

  return rushes_sketch_backend_new_for_cache (dir);
}

/* ------------------------------------------------------------------------ */

static const char *
rushes_sketch_backend_get_id (RushesBackend *backend)
{
  return "sketch";
}

static const char *
rushes_sketch_backend_get_kind (RushesBackend *backend)
{
  return "sketch";
}

static const char *
rushes_sketch_backend_get_display_name (RushesBackend *backend)
{
  return _("Sketch (offline)");
}

static gboolean
rushes_sketch_backend_is_remote (RushesBackend *backend)
{
  return FALSE;
}

static RushesCapabilities *
rushes_sketch_backend_get_capabilities (RushesBackend *backend)
{
  RushesCapabilities *caps = rushes_capabilities_new ();

  caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_FPS
                 | RUSHES_FIELD_SEED | RUSHES_FIELD_AUDIO
                 | RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE;
  caps->min_seconds = 0.5;
  caps->max_seconds = 60.0;
  caps->seconds_step = 0;
  caps->max_width = 1920;
  caps->max_height = 1080;
  caps->max_fps = 60;
  caps->max_steps = 0;
  caps->max_guidance = 0;
  caps->max_variations = 8;
  caps->max_concurrent = 1;
  caps->cost_per_second = 0; /* free: runs on this machine */
  return caps;
}

/* a job id becomes part of file names: keep it to a safe alphabet */
static gboolean
remote_id_is_safe (const char *remote_id)
{
  if (!g_str_has_prefix (remote_id, "sketch-") || strlen (remote_id) > 200)
    return FALSE;
  for (const char *p = remote_id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static char *
cache_path (RushesSketchBackend *self,
            const char          *remote_id,
            const char          *extension)
{
  g_autofree char *name = g_strconcat (remote_id, ".", extension, NULL);

  return g_build_filename (self->cache_dir, name, NULL);
}

static RushesSketchContainer
recipe_container (RushesRecipe *recipe)
{
  JsonObject *extras = rushes_recipe_get_extras (recipe);
  const char *name = NULL;

  if (json_object_has_member (extras, "container"))
    {
      JsonNode *node = json_object_get_member (extras, "container");

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        name = json_node_get_string (node);
    }
  if (g_strcmp0 (name, "mp4") == 0)
    return RUSHES_SKETCH_CONTAINER_MP4;
  if (g_strcmp0 (name, "mkv") == 0)
    return RUSHES_SKETCH_CONTAINER_MATROSKA;
  return RUSHES_SKETCH_CONTAINER_WEBM;
}

static gboolean
check_recipe (RushesBackend  *backend,
              RushesRecipe   *recipe,
              GError        **error)
{
  if (!rushes_backend_check_recipe (backend, recipe, error))
    return FALSE;
  if (rushes_recipe_get_width (recipe) % 2 || rushes_recipe_get_height (recipe) % 2)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("width and height must be even on %s (got %u×%u)"),
                   rushes_backend_get_display_name (backend),
                   rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe));
      return FALSE;
    }
  if (rushes_recipe_get_width (recipe) < 16 || rushes_recipe_get_height (recipe) < 16)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("size must be at least 16×16 on %s (got %u×%u)"),
                   rushes_backend_get_display_name (backend),
                   rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe));
      return FALSE;
    }
  if (recipe_container (recipe) == RUSHES_SKETCH_CONTAINER_MP4 && !rushes_sketch_can_encode_mp4 ())
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("MP4 needs an H.264 and an AAC encoder, and this system has none; "
                     "ask %s for WebM instead"), rushes_backend_get_display_name (backend));
      return FALSE;
    }
  return TRUE;
}

#define CACHE_MAX_AGE (7 * G_TIME_SPAN_DAY)

/* removes our files older than CACHE_MAX_AGE; best effort */
static void
prune_cache (RushesSketchBackend *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->cache_dir, 0, NULL);
  gint64 now = g_get_real_time ();
  const char *name;

  if (!dir)
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "sketch-"))
        continue;
      path = g_build_filename (self->cache_dir, name, NULL);
      if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode)
          && now - (gint64) st.st_mtime * G_USEC_PER_SEC > CACHE_MAX_AGE)
        g_unlink (path);
    }
}

static char *
rushes_sketch_backend_submit (RushesBackend            *backend,
                              RushesRecipe             *recipe,
                              const char               *job_id,
                              const RushesBackendCall  *call,
                              GError                  **error)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (backend);
  g_autoptr(RushesRecipe) copy = NULL;
  g_autofree char *remote_id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_path = NULL;
  SketchJob *job;

  if (!check_recipe (backend, recipe, error))
    return NULL;

  remote_id = g_strconcat ("sketch-", job_id, NULL);
  if (!remote_id_is_safe (remote_id))
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                   _("“%s” is not a valid job id"), job_id);
      return NULL;
    }

  copy = rushes_recipe_copy (recipe);
  /* the engine resolves seeds before submitting; never render "random" */
  rushes_recipe_resolve_seed (copy);

  /* keep the recipe, so that poll can render it after a restart */
  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), self->cache_dir, g_strerror (saved));
      return NULL;
    }
  prune_cache (self);
  json = rushes_recipe_to_json (copy);
  json_path = cache_path (self, remote_id, "json");
  if (!_rushes_write_file_atomic (json_path, json, -1, 0600, error))
    return NULL;

  g_mutex_lock (&self->lock);
  job = g_hash_table_lookup (self->jobs, remote_id);
  if (job && job->cancellable)
    {
      /* a render holds this entry: never free it under its feet */
      g_mutex_unlock (&self->lock);
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("Sketch is already rendering “%s”"), remote_id);
      return NULL;
    }
  job = g_new0 (SketchJob, 1);
  job->recipe = g_steal_pointer (&copy);
  g_hash_table_replace (self->jobs, g_strdup (remote_id), job);
  g_mutex_unlock (&self->lock);

  return g_steal_pointer (&remote_id);
}

/* Returns a new ref to the job's recipe, reloading it from the cache after a
 * restart; NULL with NOT_FOUND for unknown ids. Call with the lock held. */
static SketchJob *
find_job_locked (RushesSketchBackend  *self,
                 const char           *remote_id,
                 GError              **error)
{
  SketchJob *job = g_hash_table_lookup (self->jobs, remote_id);
  g_autofree char *json_path = NULL;
  g_autofree char *json = NULL;
  RushesRecipe *recipe;

  if (job)
    return job;

  if (remote_id_is_safe (remote_id))
    {
      json_path = cache_path (self, remote_id, "json");
      if (g_file_get_contents (json_path, &json, NULL, NULL)
          && (recipe = rushes_recipe_new_from_json (json, -1, NULL)))
        {
          job = g_new0 (SketchJob, 1);
          job->recipe = recipe;
          g_hash_table_replace (self->jobs, g_strdup (remote_id), job);
          return job;
        }
    }

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND,
               _("Sketch knows no job “%s”"), remote_id);
  return NULL;
}

typedef struct
{
  RushesSketchBackend *self;
  SketchJob           *job;
  RushesProgressFunc   progress;
  gpointer             progress_data;
} RenderProgress;

static void
render_progress_cb (double      fraction,
                    const char *status,
                    gpointer    user_data)
{
  RenderProgress *rp = user_data;

  g_mutex_lock (&rp->self->lock);
  rp->job->progress = fraction;
  g_mutex_unlock (&rp->self->lock);
  if (rp->progress)
    rp->progress (fraction, status, rp->progress_data);
}

static void
chain_cancel_cb (GCancellable *outer,
                 gpointer      inner)
{
  g_cancellable_cancel (inner);
}

/* Renders the job's recipe into path. job stays owned by self->jobs while
 * job->cancellable is set: cancel() keeps it there until this returns. */
static gboolean
render_job (RushesSketchBackend  *self,
            const char           *remote_id,
            const char           *path,
            RushesProgressFunc    progress,
            gpointer              progress_data,
            GCancellable         *cancellable,
            gboolean             *cancelled_by_backend,
            GError              **error)
{
  g_autoptr(GCancellable) inner = g_cancellable_new ();
  g_autoptr(RushesRecipe) recipe = NULL;
  RenderProgress rp = { self, NULL, progress, progress_data };
  SketchJob *job;
  gulong handler = 0;
  gboolean ok;

  g_mutex_lock (&self->lock);
  job = find_job_locked (self, remote_id, error);
  if (job && job->cancellable)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                   _("Sketch is already rendering “%s”"), remote_id);
      job = NULL;
    }
  if (job)
    {
      job->cancellable = g_object_ref (inner);
      job->cancelled = FALSE;
      job->progress = 0;
      recipe = g_object_ref (job->recipe);
    }
  g_mutex_unlock (&self->lock);
  if (!job)
    return FALSE;

  rp.job = job;
  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (chain_cancel_cb), inner, NULL);

  if (g_mkdir_with_parents (self->cache_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s”: %s"), self->cache_dir, g_strerror (saved));
      ok = FALSE;
    }
  else
    ok = rushes_sketch_render (recipe, path, render_progress_cb, &rp, inner, error);

  if (cancellable)
    g_cancellable_disconnect (cancellable, handler);

  g_mutex_lock (&self->lock);
  *cancelled_by_backend = job->cancelled;
  g_clear_object (&job->cancellable);
  if (job->cancelled)
    g_hash_table_remove (self->jobs, remote_id);
  g_mutex_unlock (&self->lock);

  return ok;
}

static gboolean
rushes_sketch_backend_poll (RushesBackend            *backend,
                            const char               *remote_id,
                            RushesRemoteStatus       *status,
                            const RushesBackendCall  *call,
                            GError                  **error)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (backend);
  g_autoptr(GError) render_error = NULL;
  g_autofree char *path = NULL;
  RushesSketchContainer container;
  gboolean cancelled = FALSE;
  SketchJob *job;

  g_mutex_lock (&self->lock);
  job = find_job_locked (self, remote_id, error);
  if (job)
    container = recipe_container (job->recipe);
  g_mutex_unlock (&self->lock);
  if (!job)
    return FALSE;

  path = cache_path (self, remote_id, rushes_sketch_container_get_extension (container));
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR)
      && !render_job (self, remote_id, path, call->progress, call->progress_data, call->cancellable,
                      &cancelled, &render_error))
    {
      if (cancelled)
        {
          status->state = RUSHES_REMOTE_CANCELLED;
          status->progress = -1;
          status->eta_seconds = -1;
          return TRUE;
        }
      if (g_error_matches (render_error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          || g_error_matches (render_error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&render_error));
          return FALSE;
        }
      status->state = RUSHES_REMOTE_FAILED;
      status->progress = -1;
      status->eta_seconds = -1;
      status->error = g_strdup (render_error->message);
      return TRUE;
    }

  status->state = RUSHES_REMOTE_SUCCEEDED;
  status->progress = 1.0;
  status->eta_seconds = 0;
  status->results = g_new0 (char *, 2);
  status->results[0] = g_steal_pointer (&path);
  return TRUE;
}

static gboolean
rushes_sketch_backend_cancel (RushesBackend  *backend,
                              const char     *remote_id,
                              GCancellable   *cancellable,
                              GError        **error)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (backend);
  SketchJob *job;

  g_mutex_lock (&self->lock);
  job = g_hash_table_lookup (self->jobs, remote_id);
  if (job && job->cancellable)
    {
      /* the render removes the job when it returns */
      job->cancelled = TRUE;
      g_cancellable_cancel (job->cancellable);
    }
  else if (job)
    g_hash_table_remove (self->jobs, remote_id);
  g_mutex_unlock (&self->lock);

  if (remote_id_is_safe (remote_id))
    {
      static const RushesSketchContainer all[] = {
        RUSHES_SKETCH_CONTAINER_WEBM, RUSHES_SKETCH_CONTAINER_MATROSKA, RUSHES_SKETCH_CONTAINER_MP4,
      };
      g_autofree char *json_path = cache_path (self, remote_id, "json");

      g_unlink (json_path);
      for (gsize i = 0; i < G_N_ELEMENTS (all); i++)
        {
          g_autofree char *path = cache_path (self, remote_id, rushes_sketch_container_get_extension (all[i]));

          g_unlink (path);
        }
    }
  return TRUE;
}

/* copy src next to dest, fsync, rename over dest */
static gboolean
copy_atomically (const char          *src,
                 const char          *dest,
                 RushesProgressFunc   progress,
                 gpointer             progress_data,
                 GCancellable        *cancellable,
                 GError             **error)
{
  g_autofree char *tmp_path = g_strconcat (dest, ".partial-XXXXXX", NULL);
  g_autofree char *buf = g_malloc (256 * 1024);
  GStatBuf st;
  goffset done = 0;
  int in_fd = -1, out_fd = -1, saved = 0;
  gssize n;

  if ((in_fd = g_open (src, O_RDONLY, 0)) < 0 || fstat (in_fd, &st) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), src, g_strerror (saved));
      goto fail;
    }
  if ((out_fd = g_mkstemp (tmp_path)) < 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create a file next to “%s”: %s"), dest, g_strerror (saved));
      g_clear_pointer (&tmp_path, g_free);
      goto fail;
    }
  while ((n = read (in_fd, buf, 256 * 1024)) != 0)
    {
      gssize off = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not read “%s”: %s"), src, g_strerror (saved));
          goto fail;
        }
      while (off < n)
        {
          gssize w = write (out_fd, buf + off, n - off);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              saved = errno;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _("Could not write “%s”: %s"), dest, g_strerror (saved));
              goto fail;
            }
          off += w;
        }
      done += n;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto fail;
      if (progress && st.st_size > 0)
        progress ((double) done / st.st_size, _("Saving"), progress_data);
    }
  if (fchmod (out_fd, 0644) != 0 || fsync (out_fd) != 0 || close (out_fd) != 0)
    {
      saved = errno;
      out_fd = -1;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), dest, g_strerror (saved));
      goto fail;
    }
  out_fd = -1;
  if (g_rename (tmp_path, dest) != 0)
    {
      saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not save “%s”: %s"), dest, g_strerror (saved));
      goto fail;
    }
  close (in_fd);
  return TRUE;

fail:
  if (in_fd >= 0)
    close (in_fd);
  if (out_fd >= 0)
    close (out_fd);
  if (tmp_path)
    g_unlink (tmp_path);
  return FALSE;
}

static gboolean
rushes_sketch_backend_fetch (RushesBackend            *backend,
                             const char               *remote_id,
                             const char               *result,
                             const char               *dest_path,
                             const RushesBackendCall  *call,
                             GError                  **error)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (backend);
  RushesSketchContainer have, want;
  gboolean cancelled = FALSE;

  if (!rushes_sketch_container_for_path (dest_path, &want, error))
    return FALSE;

  if (!rushes_sketch_container_for_path (result, &have, NULL) || have != want
      || !g_file_test (result, G_FILE_TEST_IS_REGULAR))
    {
      /* another container (or the render is gone): render straight there */
      if (want == RUSHES_SKETCH_CONTAINER_MP4 && !rushes_sketch_can_encode_mp4 ())
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                               _("No H.264 encoder is installed, so Sketch cannot write MP4; "
                                 "choose a .webm file instead"));
          return FALSE;
        }
      if (!render_job (self, remote_id, dest_path, call->progress, call->progress_data, call->cancellable,
                       &cancelled, error))
        return FALSE;
      g_unlink (result);
      return TRUE;
    }

  if (g_rename (result, dest_path) != 0)
    {
      int saved = errno;

      if (saved != EXDEV)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not save “%s”: %s"), dest_path, g_strerror (saved));
          return FALSE;
        }
      if (!copy_atomically (result, dest_path, call->progress, call->progress_data, call->cancellable, error))
        return FALSE;
      g_unlink (result);
    }
  if (call->progress)
    call->progress (1.0, NULL, call->progress_data);
  return TRUE;
}

static char *
rushes_sketch_backend_lookup (RushesBackend  *backend,
                              const char     *job_id,
                              GCancellable   *cancellable,
                              GError        **error)
{
  RushesSketchBackend *self = RUSHES_SKETCH_BACKEND (backend);
  g_autofree char *remote_id = g_strconcat ("sketch-", job_id, NULL);
  g_autofree char *json_path = NULL;
  gboolean known;

  if (!remote_id_is_safe (remote_id))
    return NULL;
  json_path = cache_path (self, remote_id, "json");
  g_mutex_lock (&self->lock);
  known = g_hash_table_contains (self->jobs, remote_id) || g_file_test (json_path, G_FILE_TEST_IS_REGULAR);
  g_mutex_unlock (&self->lock);
  return known ? g_steal_pointer (&remote_id) : NULL;
}

static void
rushes_sketch_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = rushes_sketch_backend_get_id;
  iface->get_kind = rushes_sketch_backend_get_kind;
  iface->get_display_name = rushes_sketch_backend_get_display_name;
  iface->is_remote = rushes_sketch_backend_is_remote;
  iface->get_capabilities = rushes_sketch_backend_get_capabilities;
  iface->submit = rushes_sketch_backend_submit;
  iface->poll = rushes_sketch_backend_poll;
  iface->cancel = rushes_sketch_backend_cancel;
  iface->fetch = rushes_sketch_backend_fetch;
  iface->lookup = rushes_sketch_backend_lookup;
}
