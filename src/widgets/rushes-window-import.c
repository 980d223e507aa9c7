/* rushes-window-import.c: bringing media files made elsewhere into the
 * library
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import Media… (win.import, Ctrl+I: the file chooser portal), files and
 * folders dropped on the library, and rushes_window_import_files() for
 * whoever opens a video with Rushes. One worker per batch probes each file
 * (GstDiscoverer), copies it into the library folder and writes its
 * sidecar (RushesLibrary); each take joins the library as it is ready, and
 * one toast sums up at the end. Failed timeline drops get a toast too.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "rushes-application.h"
#include "rushes-background.h"
#include "rushes-window-private.h"

/* names a summary lists before "and N more" */
#define MAX_NAMED 3

typedef struct
{
  GPtrArray *files;       /* GFile, as given */
  char      *dir;         /* the library folder */
  /* worker only, read on the main thread once done */
  GPtrArray *failed;      /* display names */
  char      *reason;      /* why the first one failed */
  char      *name;        /* of the first one imported */
  guint      n_imported;
  /* main thread only */
  char      *last_path;   /* the newest take added */
} ImportBatch;

static void
import_batch_free (ImportBatch *batch)
{
  g_ptr_array_unref (batch->files);
  g_ptr_array_unref (batch->failed);
  g_free (batch->dir);
  g_free (batch->reason);
  g_free (batch->name);
  g_free (batch->last_path);
  g_free (batch);
}

static void
import_batch_fail (ImportBatch *batch,
                   const char  *path,
                   const char  *reason)
{
  g_ptr_array_add (batch->failed, g_filename_display_basename (path));
  if (batch->reason == NULL)
    batch->reason = g_strdup (reason);
}

/* ---- the main thread's side: each take as it is ready ------------------- */

typedef struct
{
  GTask *task;   /* owned: keeps the window and the batch */
  char  *path;
} ImportPost;

static gboolean
import_post_cb (gpointer data)
{
  ImportPost *post = data;
  RushesWindow *self = g_task_get_source_object (post->task);
  ImportBatch *batch = g_task_get_task_data (post->task);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (post->path);

  /* the folder may have changed meanwhile: then a rescan shows it */
  if (self->library != NULL && g_strcmp0 (dir, rushes_library_get_dir (self->library)) == 0)
    {
      if (rushes_library_add_file (self->library, post->path, &error) != NULL)
        {
          g_free (batch->last_path);
          batch->last_path = g_strdup (post->path);
        }
      else
        g_message ("Could not add %s to the library: %s", post->path, error->message);
    }
  g_object_unref (post->task);
  g_free (post->path);
  g_free (post);
  return G_SOURCE_REMOVE;
}

/* ---- the worker ---------------------------------------------------------- */

/* One file: probe, copy, sidecar. quiet: a file found in a folder, which
 * may well not be a video; no failure is recorded for it. */
static gboolean
import_one (GTask        *task,
            const char   *path,
            gboolean      quiet,
            GCancellable *cancellable)
{
  ImportBatch *batch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = NULL;
  g_autoptr(RushesRecipe) recipe = NULL;
  g_autoptr(JsonObject) info = json_object_new ();
  g_autofree char *target = NULL;
  guint width, height, fps_n, fps_d;
  double seconds;
  ImportPost *post;

  clip = rushes_timeline_clip_new_for_file (path, &error);
  if (clip == NULL)
    {
      if (!quiet)
        import_batch_fail (batch, path, error->message);
      return FALSE;
    }
  rushes_timeline_clip_get_format (clip, &width, &height, &fps_n, &fps_d);
  seconds = (double) rushes_timeline_clip_get_media_duration (clip) / RUSHES_SECOND;
  recipe = rushes_library_import_recipe (path, seconds, width, height,
                                         fps_d > 0 ? (fps_n + fps_d / 2) / fps_d : 0);
  json_object_set_double_member (info, "duration", seconds);
  json_object_set_int_member (info, "width", width);
  json_object_set_int_member (info, "height", height);
  target = rushes_library_import_file (batch->dir, path, recipe, info, cancellable, &error);
  if (target == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        import_batch_fail (batch, path, error->message);
      return FALSE;
    }

  if (batch->n_imported++ == 0)
    batch->name = g_filename_display_basename (path);
  post = g_new (ImportPost, 1);
  post->task = g_object_ref (task);
  post->path = g_steal_pointer (&target);
  g_main_context_invoke (g_task_get_context (task), import_post_cb, post);
  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

/* A folder: the videos directly inside it, by name. */
static void
import_folder (GTask        *task,
               GFile        *folder,
               GCancellable *cancellable)
{
  ImportBatch *batch = g_task_get_task_data (task);
  g_autofree char *path = g_file_get_path (folder);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  const char *name;
  guint n_found = 0;

  if (dir == NULL)
    {
      import_batch_fail (batch, path, error->message);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, ".rushes.json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (g_file_test (child, G_FILE_TEST_IS_REGULAR) && import_one (task, child, TRUE, cancellable))
        n_found++;
    }
  if (n_found == 0 && !g_cancellable_is_cancelled (cancellable))
    import_batch_fail (batch, path, _("the folder holds no video Rushes can play"));
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportBatch *batch = data;

  for (guint i = 0; i < batch->files->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      GFile *file = g_ptr_array_index (batch->files, i);
      g_autofree char *path = g_file_get_path (file);
      GFileType type;

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (file);

          import_batch_fail (batch, uri, _("only local files can be imported"));
          continue;
        }
      type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable);
      if (type == G_FILE_TYPE_DIRECTORY)
        import_folder (task, file, cancellable);
      else
        import_one (task, path, FALSE, cancellable);
    }
  g_task_return_boolean (task, TRUE);
}

/* ---- the summary ----------------------------------------------------------- */

static char *
summarise (ImportBatch *batch)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n_failed = batch->failed->len;

  if (n_failed == 0)
    {
      if (batch->n_imported == 0)
        return NULL;
      if (batch->n_imported > 1)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u file", "Imported %u files",
                                             batch->n_imported), batch->n_imported);
      return g_strdup_printf (_("Imported “%s”"), batch->name);
    }
  if (n_failed == 1)
    {
      const char *name = g_ptr_array_index (batch->failed, 0);

      if (batch->n_imported == 0)
        return g_strdup_printf (_("Could not import “%s”: %s"), name, batch->reason);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Imported %u file; could not import “%s”: %s",
                                           "Imported %u files; could not import “%s”: %s",
                                           batch->n_imported),
                              batch->n_imported, name, batch->reason);
    }

  for (guint i = 0; i < MIN (n_failed, MAX_NAMED); i++)
    g_string_append_printf (names, "%s“%s”", i > 0 ? ", " : "", (char *) g_ptr_array_index (batch->failed, i));
  if (n_failed > MAX_NAMED)
    {
      g_autofree char *more = g_strdup_printf (_(" and %u more"), n_failed - MAX_NAMED);

      g_string_append (names, more);
    }
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Imported %u file; %u could not be imported (%s). The first: %s",
                                       "Imported %u files; %u could not be imported (%s). The first: %s",
                                       batch->n_imported),
                          batch->n_imported, n_failed, names->str, batch->reason);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RushesWindow *self = RUSHES_WINDOW (object);
  ImportBatch *batch = g_task_get_task_data (G_TASK (result));
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (batch->last_path != NULL && self->library != NULL)
    {
      RushesTake *take = rushes_library_lookup (self->library, batch->last_path);

      if (take != NULL)
        _rushes_window_add_take (self, take);
    }
  message = summarise (batch);
  if (message != NULL)
    rushes_window_add_toast (self, message);
}

static void
import_start (GTask *task)
{
  /* a thread of its own: hundreds of files must not hold up thumbnails */
  rushes_background_run_long (task, import_thread);
}

static void
import_media_ready_cb (RushesApplication *app,
                       GParamSpec        *pspec,
                       GTask             *task)
{
  if (!rushes_application_get_media_ready (app))
    return;
  import_start (task);
  /* drops the handler's reference to task */
  g_signal_handlers_disconnect_by_func (app, import_media_ready_cb, task);
}

/* A file that already is a take of the library is only selected. */
static gboolean
select_if_take (RushesWindow *self,
                GFile        *file)
{
  g_autofree char *path = g_file_get_path (file);
  RushesTake *take = path != NULL && self->library != NULL ? rushes_library_lookup (self->library, path) : NULL;

  if (take != NULL)
    _rushes_window_add_take (self, take);
  return take != NULL;
}

void
rushes_window_import_files (RushesWindow  *self,
                            GFile        **files,
                            guint          n_files)
{
  GtkApplication *app;
  g_autoptr(GTask) task = NULL;
  ImportBatch *batch;

  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (self->library == NULL)
    {
      rushes_window_add_toast (self, _("There is no library to import into"));
      return;
    }

  batch = g_new0 (ImportBatch, 1);
  batch->files = g_ptr_array_new_with_free_func (g_object_unref);
  batch->failed = g_ptr_array_new_with_free_func (g_free);
  /* the folder from the settings: at start-up the library may not have
   * been pointed at it yet (it scans it, and finds these, when it is) */
  {
    g_autofree char *folder = rushes_window_library_folder (self);

    batch->dir = g_canonicalize_filename (folder, NULL);
  }
  for (guint i = 0; i < n_files; i++)
    if (!select_if_take (self, files[i]))
      g_ptr_array_add (batch->files, g_object_ref (files[i]));
  if (batch->files->len == 0)
    {
      import_batch_free (batch);
      return;
    }

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, rushes_window_import_files);
  g_task_set_task_data (task, batch, (GDestroyNotify) import_batch_free);

  /* Probing needs GStreamer: a cold start (a plugin scan) must not freeze
   * the window, so wait for it rather than start it here. */
  app = gtk_window_get_application (GTK_WINDOW (self));
  if (RUSHES_IS_APPLICATION (app) && !rushes_application_get_media_ready (RUSHES_APPLICATION (app)))
    {
      g_signal_connect_data (app, "notify::media-ready", G_CALLBACK (import_media_ready_cb),
                             g_object_ref (task), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
      rushes_application_start_media (RUSHES_APPLICATION (app));
      return;
    }
  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
  import_start (task);
}

/* ---- Import Media… ---------------------------------------------------------- */

static void
import_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    RushesWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      rushes_window_import_files (self, (GFile **) files->pdata, files->len);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
rushes_window_import_action (GSimpleAction *action,
                             GVariant      *param,
                             gpointer       user_data)
{
  RushesWindow *self = user_data;
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) videos = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Import Media"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (videos, _("Videos"));
  gtk_file_filter_add_mime_type (videos, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), videos);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), videos);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- drops on the library ----------------------------------------------------- */

static gboolean
library_drop_cb (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 RushesWindow  *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
      g_ptr_array_add (files, g_object_ref (l->data));
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    g_ptr_array_add (files, g_value_dup_object (value));
  if (files->len == 0)
    return FALSE;
  rushes_window_import_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

/* ---- timeline drops that failed ------------------------------------------------ */

static void
add_failed_dismissed_cb (RushesWindow *self)
{
  self->add_failed_toast = NULL;
  self->n_add_failed = 0;
}

/* One toast, counting while it shows: a dropped pile must not queue
 * a toast for each file. */
static void
timeline_add_failed_cb (RushesWindow       *self,
                        const char         *message,
                        RushesTimelineView *view)
{
  g_autofree char *text = NULL;

  self->n_add_failed++;
  if (self->add_failed_toast == NULL)
    {
      self->add_failed_toast = adw_toast_new ("");
      adw_toast_set_timeout (self->add_failed_toast, 8);
      g_signal_connect_object (self->add_failed_toast, "dismissed",
                               G_CALLBACK (add_failed_dismissed_cb), self, G_CONNECT_SWAPPED);
      _rushes_window_toast_text (self, self->add_failed_toast, message);
      adw_toast_overlay_add_toast (self->toast_overlay, self->add_failed_toast);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u file could not be added to the timeline. The last: %s",
                                       "%u files could not be added to the timeline. The last: %s",
                                       self->n_add_failed),
                          self->n_add_failed, message);
  _rushes_window_toast_text (self, self->add_failed_toast, text);
}

static const GActionEntry import_entries[] = {
  { .name = "import", .activate = rushes_window_import_action },
};

void
_rushes_window_init_import (RushesWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  g_action_map_add_action_entries (G_ACTION_MAP (self), import_entries,
                                   G_N_ELEMENTS (import_entries), self);

  /* the whole library area: its list, or the placeholder when empty */
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (library_drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->library_stack), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect_object (self->timeline_view, "add-failed",
                           G_CALLBACK (timeline_add_failed_cb), self, G_CONNECT_SWAPPED);
  /* a refused timeline edit says why */
  g_signal_connect_object (self->timeline_view, "message",
                           G_CALLBACK (rushes_window_add_toast), self, G_CONNECT_SWAPPED);
}
