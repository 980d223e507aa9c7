/* rushes-library-scan.c: reading the library folder in the background
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker thread reads the folder and parses the sidecars (the main
 * thread never touches a sidecar during a scan). It parses them newest
 * file first (by modification time, which a sidecar gets when its take
 * is made, or later when it is edited), so that the batches come in
 * about the list's own order: the takes the window shows first are the
 * newest and stay where they are, rather than being pushed down by each
 * batch (and the grid's top cells bound again, each asking for another
 * thumbnail). Takes go to the main thread in batches, each sorted on the
 * worker: the first after FIRST_BATCH takes, so the window has something
 * to show at once, then
 * batches twice as large up to MAX_BATCH, or whatever was found in
 * BATCH_INTERVAL_US on a slow disk. Each batch is merged into the list
 * with one items-changed, from the first position it changed. The first
 * batch of a rescan replaces the old list. Files that are not takes are
 * counted, never logged one by one: the summary says how many.
 */
#define G_LOG_DOMAIN "rushes-library"

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-background.h"
#include "rushes-core-private.h"
#include "rushes-library-private.h"

#define FIRST_BATCH       64
#define MAX_BATCH         1024
#define BATCH_INTERVAL_US (100 * 1000)

typedef struct
{
  gatomicrefcount ref;
  GWeakRef      library;
  GMainContext *context;
  char         *dir;
  guint         serial;
  guint         generation;

  /* worker → main, under lock */
  GMutex        lock;
  GPtrArray    *pending;   /* of GPtrArray of RushesTake, each sorted */
  gboolean      done;
  RushesLibraryScanSummary summary;

  /* main thread only */
  gboolean      replaced;  /* the first batch replaced the old list */
  gboolean      finished;
} ScanState;

static ScanState *
scan_state_ref (ScanState *state)
{
  g_atomic_ref_count_inc (&state->ref);
  return state;
}

static void
scan_state_unref (ScanState *state)
{
  if (!g_atomic_ref_count_dec (&state->ref))
    return;
  g_weak_ref_clear (&state->library);
  g_main_context_unref (state->context);
  g_free (state->dir);
  g_mutex_clear (&state->lock);
  g_ptr_array_unref (state->pending);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanState, scan_state_unref)

/* Merges a sorted batch into the list: one items-changed from the first
 * position that changed. A take already listed (added while the scan
 * ran) or waiting for its Undo stays as it is. */
static void
merge_batch (RushesLibrary *self,
             GPtrArray     *batch)
{
  g_autoptr(GPtrArray) merged = NULL;
  guint old_len = self->takes->len;
  guint first = G_MAXUINT;
  guint i = 0, j = 0;

  merged = g_ptr_array_new_full (old_len + batch->len, g_object_unref);
  while (i < old_len || j < batch->len)
    {
      RushesTake *take;

      if (j < batch->len &&
          (g_hash_table_contains (self->by_path, rushes_take_get_path (g_ptr_array_index (batch, j))) ||
           g_hash_table_contains (self->hidden, rushes_take_get_path (g_ptr_array_index (batch, j)))))
        {
          j++;
          continue;
        }
      if (i < old_len &&
          (j == batch->len ||
           _rushes_library_compare_newest (&g_ptr_array_index (self->takes, i),
                                           &g_ptr_array_index (batch, j)) <= 0))
        take = g_ptr_array_index (self->takes, i++);
      else
        {
          take = g_ptr_array_index (batch, j++);
          g_hash_table_insert (self->by_path, (gpointer) rushes_take_get_path (take), take);
          if (first == G_MAXUINT)
            first = merged->len;
        }
      g_ptr_array_add (merged, g_object_ref (take));
    }
  if (first == G_MAXUINT)
    return;
  g_ptr_array_unref (self->takes);
  self->takes = g_steal_pointer (&merged);
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_len - first, self->takes->len - first);
}

/* main thread: what the worker found so far joins the list; after the
 * last batch, the scan is over */
static void
scan_deliver (ScanState *state)
{
  g_autoptr(RushesLibrary) self = g_weak_ref_get (&state->library);
  g_autoptr(GPtrArray) batches = NULL;
  gboolean done;

  g_mutex_lock (&state->lock);
  batches = g_steal_pointer (&state->pending);
  state->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  done = state->done;
  g_mutex_unlock (&state->lock);

  if (self == NULL || state->finished || state->serial != self->scan_serial ||
      state->generation != self->generation)
    return;
  for (guint i = 0; i < batches->len; i++)
    {
      GPtrArray *batch = g_ptr_array_index (batches, i);

      if (!state->replaced)
        {
          state->replaced = TRUE;
          _rushes_library_replace_all (self, batch);
        }
      else
        merge_batch (self, batch);
    }
  if (!done)
    return;
  state->finished = TRUE;
  if (!state->replaced)
    {
      g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_object_unref);

      state->replaced = TRUE;
      _rushes_library_replace_all (self, empty);
    }
  self->summary = state->summary;
  if (state->summary.n_unreadable > 0 || state->summary.n_without_sidecar > 0)
    g_debug ("%s: %u takes; %u unreadable sidecars, %u files without a sidecar", state->dir,
             state->summary.n_takes, state->summary.n_unreadable, state->summary.n_without_sidecar);
  _rushes_library_set_scanning (self, FALSE);
}

static gboolean
scan_deliver_cb (gpointer data)
{
  scan_deliver (data);
  return G_SOURCE_REMOVE;
}

/* worker: hands a batch (sorted here) to the main thread */
static void
scan_push (ScanState *state,
           GPtrArray *batch,
           gboolean   done)
{
  gboolean wake;

  if (batch != NULL)
    g_ptr_array_sort (batch, _rushes_library_compare_newest);
  g_mutex_lock (&state->lock);
  wake = state->pending->len == 0 && !state->done;
  if (batch != NULL && batch->len > 0)
    g_ptr_array_add (state->pending, g_ptr_array_ref (batch));
  state->done = state->done || done;
  g_mutex_unlock (&state->lock);
  /* one wake-up for whatever piles up before the main thread gets to it */
  if (wake || done)
    g_main_context_invoke_full (state->context, G_PRIORITY_DEFAULT, scan_deliver_cb,
                                scan_state_ref (state), (GDestroyNotify) scan_state_unref);
}

/* a sidecar's path and modification time, to parse newest first */
typedef struct
{
  char   *path;
  gint64  mtime_ns;
} SidecarEntry;

static void
sidecar_entry_clear (SidecarEntry *entry)
{
  g_free (entry->path);
}

/* newest first; for one time (a coarse clock), the later name first */
static int
sidecar_entry_compare (gconstpointer a,
                       gconstpointer b)
{
  const SidecarEntry *x = a, *y = b;

  if (x->mtime_ns != y->mtime_ns)
    return x->mtime_ns > y->mtime_ns ? -1 : 1;
  return -strcmp (x->path, y->path);
}

static gint64
mtime_ns (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;  /* read last; parsing it will say what is wrong */
  return (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st.st_mtim.tv_nsec;
}

/* worker thread: reads only the folder and its sidecars. With state, the
 * takes go to the main thread in batches and NULL is returned on success
 * too (check error); without, they are all returned, sorted. */
static GPtrArray *
scan (const char                *dir_path,
      ScanState                 *state,
      RushesLibraryScanSummary  *summary,
      GCancellable              *cancellable,
      GError                   **error)
{
  g_autoptr(GPtrArray) takes = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (SidecarEntry));
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint batch_size = FIRST_BATCH;
  gint64 last_push;
  const char *name;

  memset (summary, 0, sizeof *summary);
  g_array_set_clear_func (entries, (GDestroyNotify) sidecar_entry_clear);
  dir = g_dir_open (dir_path, 0, &local_error);
  if (dir == NULL)
    {
      /* no folder yet: an empty library */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&takes);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read the library folder: "));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *path;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (name[0] == '.')
        continue;
      if (!g_str_has_suffix (name, ".rushes.json"))
        {
          g_ptr_array_add (others, g_strdup (name));
          continue;
        }
      g_hash_table_add (sidecars, g_strdup (name));
      /* in batches, newest first; all at once (the command line), as listed */
      path = g_build_filename (dir_path, name, NULL);
      g_array_append_val (entries, ((SidecarEntry) { path, state != NULL ? mtime_ns (path) : 0 }));
    }
  if (state != NULL)
    g_array_sort (entries, sidecar_entry_compare);

  last_push = g_get_monotonic_time ();
  for (guint i = 0; i < entries->len; i++)
    {
      RushesTake *take;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      take = rushes_take_new_from_sidecar (g_array_index (entries, SidecarEntry, i).path, NULL);
      if (take == NULL)
        {
          summary->n_unreadable++;
          continue;
        }
      summary->n_takes++;
      g_ptr_array_add (takes, take);
      if (state != NULL &&
          (takes->len >= batch_size || g_get_monotonic_time () - last_push >= BATCH_INTERVAL_US))
        {
          scan_push (state, takes, FALSE);
          g_ptr_array_unref (takes);
          takes = g_ptr_array_new_with_free_func (g_object_unref);
          batch_size = MIN (batch_size * 2, MAX_BATCH);
          last_push = g_get_monotonic_time ();
        }
    }

  /* a media file, or anything else, that no sidecar describes */
  for (guint i = 0; i < others->len; i++)
    {
      g_autofree char *sidecar_path = rushes_take_sidecar_path_for (g_ptr_array_index (others, i));
      g_autofree char *sidecar = g_path_get_basename (sidecar_path);

      if (!g_hash_table_contains (sidecars, sidecar))
        summary->n_without_sidecar++;
    }

  g_ptr_array_sort (takes, _rushes_library_compare_newest);
  return g_steal_pointer (&takes);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanState *state = task_data;
  GError *error = NULL;
  RushesLibraryScanSummary summary;
  g_autoptr(GPtrArray) rest = scan (state->dir, state, &summary, cancellable, &error);

  if (rest == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_mutex_lock (&state->lock);
  state->summary = summary;
  g_mutex_unlock (&state->lock);
  scan_push (state, rest, TRUE);
  g_task_return_boolean (task, TRUE);
}

void
rushes_library_reload_async (RushesLibrary       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ScanState *state;

  g_return_if_fail (RUSHES_IS_LIBRARY (self));
  RUSHES_ASSERT_OWNER (self);

  state = g_new0 (ScanState, 1);
  g_atomic_ref_count_init (&state->ref);
  g_weak_ref_init (&state->library, self);
  state->context = g_main_context_ref_thread_default ();
  state->dir = g_strdup (self->dir);
  state->serial = ++self->scan_serial;
  state->generation = self->generation;
  g_mutex_init (&state->lock);
  state->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);

  _rushes_library_set_scanning (self, TRUE);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_library_reload_async);
  g_task_set_task_data (task, state, (GDestroyNotify) scan_state_unref);
  rushes_background_run (task, scan_thread);
}

gboolean
rushes_library_reload_finish (RushesLibrary  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  ScanState *state;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  RUSHES_ASSERT_OWNER (self);

  state = g_task_get_task_data (G_TASK (result));
  if (!g_task_propagate_boolean (G_TASK (result), error))
    {
      /* failed or cancelled: this scan is over, the list stays as it is */
      if (state->serial == self->scan_serial)
        _rushes_library_set_scanning (self, FALSE);
      return FALSE;
    }
  /* the last batches, should their wake-up not have run yet */
  scan_deliver (state);
  return TRUE;
}

gboolean
rushes_library_reload (RushesLibrary  *self,
                       GCancellable   *cancellable,
                       GError        **error)
{
  g_autoptr(GPtrArray) takes = NULL;
  RushesLibraryScanSummary summary;

  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), FALSE);
  RUSHES_ASSERT_OWNER (self);

  takes = scan (self->dir, NULL, &summary, cancellable, error);
  if (takes == NULL)
    return FALSE;
  self->scan_serial++;
  self->summary = summary;
  _rushes_library_replace_all (self, takes);
  _rushes_library_set_scanning (self, FALSE);
  return TRUE;
}

void
rushes_library_get_scan_summary (RushesLibrary            *self,
                                 RushesLibraryScanSummary *summary)
{
  g_return_if_fail (RUSHES_IS_LIBRARY (self));
  g_return_if_fail (summary != NULL);

  *summary = self->summary;
}

char *
rushes_library_describe_skipped (RushesLibrary *self)
{
  const RushesLibraryScanSummary *s;
  g_autofree char *unreadable = NULL;
  g_autofree char *without = NULL;

  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), NULL);

  s = &self->summary;
  if (s->n_unreadable == 0 && s->n_without_sidecar == 0)
    return NULL;
  /* TRANSLATORS: part of "Not shown: 3 unreadable takes, 12 files without a sidecar" */
  unreadable = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unreadable take", "%u unreadable takes",
                                             s->n_unreadable), s->n_unreadable);
  /* TRANSLATORS: part of "Not shown: 3 unreadable takes, 12 files without a sidecar" */
  without = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file without a sidecar", "%u files without a sidecar",
                                          s->n_without_sidecar), s->n_without_sidecar);
  if (s->n_without_sidecar == 0)
    /* TRANSLATORS: %s is "3 unreadable takes" */
    return g_strdup_printf (_("Not shown: %s"), unreadable);
  if (s->n_unreadable == 0)
    /* TRANSLATORS: %s is "12 files without a sidecar" */
    return g_strdup_printf (_("Not shown: %s (import them to make them takes)"), without);
  /* TRANSLATORS: "3 unreadable takes", "12 files without a sidecar" */
  return g_strdup_printf (_("Not shown: %s, %s (import them to make them takes)"), unreadable, without);
}
