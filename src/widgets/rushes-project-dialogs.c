/* rushes-project-dialogs.c: open, save as, "save changes?", recent files
 * and crash recovery for projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-project-dialogs"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-project-dialogs.h"

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Rushes projects"));
  gtk_file_filter_add_pattern (filter, "*" RUSHES_PROJECT_EXTENSION);
  return filter;
}

/* Recent files */

void
rushes_project_remember_recent (const char *path)
{
  g_autofree char *uri = NULL;
  g_autofree char *name = NULL;
  GtkRecentData data = { 0 };

  g_return_if_fail (path != NULL);

  rushes_project_add_recent (path);
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return;
  name = g_filename_display_basename (path);
  data.display_name = name;
  data.mime_type = (char *) RUSHES_PROJECT_MIME_TYPE;
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "rushes %f";
  /* GTK's own file chooser lists it; GNOME's Recent opens it with Rushes */
  if (!gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data))
    g_debug ("%s was not added to the recent files", path);
}

/* Open */

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  RushesProject *project;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No project was chosen"));
      goto out;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local project files can be opened"));
      goto out;
    }
  if ((project = rushes_project_load (path, &error)) == NULL)
    g_task_return_error (task, error);
  else
    {
      rushes_project_remember_recent (path);
      g_task_return_pointer (task, project, g_object_unref);
    }
out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
rushes_project_open_dialog (GtkWindow           *parent,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = project_filter ();

  g_task_set_source_tag (task, rushes_project_open_dialog);
  chooser = gtk_file_chooser_native_new (_("Open Project"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

RushesProject *
rushes_project_open_dialog_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Save as */

static void
save_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         data)
{
  g_autoptr(GTask) task = data;
  RushesProject *project = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The project was not saved"));
      goto out;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Projects can only be saved to local folders"));
      goto out;
    }
  if (!g_str_has_suffix (path, RUSHES_PROJECT_EXTENSION))
    {
      char *with_ext = g_strconcat (path, RUSHES_PROJECT_EXTENSION, NULL);

      g_free (path);
      path = with_ext;
    }
  if (rushes_project_save (project, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
out:
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

void
rushes_project_save_as_dialog (GtkWindow           *parent,
                               RushesProject       *project,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = project_filter ();
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (RUSHES_IS_PROJECT (project));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_project_save_as_dialog);
  g_task_set_task_data (task, g_object_ref (project), g_object_unref);
  chooser = gtk_file_chooser_native_new (_("Save Project"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (rushes_project_get_path (project))
    {
      g_autoptr(GFile) file = g_file_new_for_path (rushes_project_get_path (project));
      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL);
    }
  else
    {
      title = rushes_project_get_title (project);
      name = g_strconcat (title, RUSHES_PROJECT_EXTENSION, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

gboolean
rushes_project_save_as_dialog_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Save changes? */

static void
ask_save_as_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (rushes_project_save_as_dialog_finish (result, &error))
    g_task_return_int (task, RUSHES_SAVE_CHANGES_SAVED);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* the file chooser was cancelled: nothing goes */
      g_error_free (error);
      g_task_return_int (task, RUSHES_SAVE_CHANGES_CANCEL);
    }
  else
    g_task_return_error (task, error);
}

typedef struct
{
  RushesProject *project;
  GtkWindow     *parent;    /* owned; may be NULL */
  char          *response;
} AskSave;

static void
ask_save_free (gpointer data)
{
  AskSave *ask = data;

  g_object_unref (ask->project);
  g_clear_object (&ask->parent);
  g_free (ask->response);
  g_free (ask);
}

/* After the dialog has gone: what follows may close its parent, which must
 * not go while a modal child of it is still up. */
static gboolean
ask_save_respond_cb (gpointer data)
{
  g_autoptr(GTask) task = data;
  AskSave *ask = g_task_get_task_data (task);
  const char *path = rushes_project_get_path (ask->project);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  if (g_strcmp0 (ask->response, "discard") == 0)
    g_task_return_int (task, RUSHES_SAVE_CHANGES_DISCARD);
  else if (g_strcmp0 (ask->response, "save") != 0)
    g_task_return_int (task, RUSHES_SAVE_CHANGES_CANCEL);
  else if (path == NULL)
    rushes_project_save_as_dialog (ask->parent, ask->project, cancellable,
                                   ask_save_as_done_cb, g_steal_pointer (&task));
  else if (rushes_project_save (ask->project, path, &error))
    {
      rushes_project_remember_recent (path);
      g_task_return_int (task, RUSHES_SAVE_CHANGES_SAVED);
    }
  else
    g_task_return_error (task, error);
  return G_SOURCE_REMOVE;
}

static void
ask_save_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          data)
{
  GTask *task = data;
  AskSave *ask = g_task_get_task_data (task);

  ask->response = g_strdup (response);
  g_idle_add (ask_save_respond_cb, task);
}

void
rushes_project_ask_save_changes (GtkWindow           *parent,
                                 RushesProject       *project,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  GtkWidget *dialog;
  g_autofree char *title = NULL;
  AskSave *ask;

  g_return_if_fail (RUSHES_IS_PROJECT (project));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, rushes_project_ask_save_changes);
  ask = g_new0 (AskSave, 1);
  ask->project = g_object_ref (project);
  ask->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_task_set_task_data (task, ask, ask_save_free);

  title = rushes_project_get_title (project);
  dialog = adw_message_dialog_new (parent, _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has unsaved changes. Changes which are not saved will be lost."),
                                  title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", rushes_project_get_path (project) != NULL ? _("_Save") : _("_Save As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (ask_save_response_cb), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

RushesSaveChanges
rushes_project_ask_save_changes_finish (GAsyncResult  *result,
                                        GError       **error)
{
  gssize choice;

  g_return_val_if_fail (g_task_is_valid (result, NULL), RUSHES_SAVE_CHANGES_CANCEL);

  choice = g_task_propagate_int (G_TASK (result), error);
  return choice < 0 ? RUSHES_SAVE_CHANGES_CANCEL : (RushesSaveChanges) choice;
}

/* Recovery */

typedef struct
{
  char **paths;  /* newest first */
} Recovery;

static void
recovery_free (gpointer data)
{
  Recovery *r = data;

  g_strfreev (r->paths);
  g_free (r);
}

static void
recovery_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          data)
{
  g_autoptr(GTask) task = data;
  Recovery *r = g_task_get_task_data (task);

  if (g_strcmp0 (response, "recover") == 0)
    {
      GError *error = NULL;
      RushesProject *project = rushes_project_recover (r->paths[0], &error);

      if (project == NULL)
        g_task_return_error (task, error);
      else
        {
          /* the older ones are superseded */
          for (guint i = 1; r->paths[i]; i++)
            g_unlink (r->paths[i]);
          g_task_return_pointer (task, project, g_object_unref);
        }
      return;
    }
  for (guint i = 0; r->paths[i]; i++)
    g_unlink (r->paths[i]);
  g_task_return_pointer (task, NULL, NULL);
}

void
rushes_project_offer_recovery (GtkWindow           *parent,
                               const char          *dir,
                               const char          *in_use,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(RushesProject) peek = NULL;
  g_autofree char *title = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) modified = NULL;
  Recovery *r = g_new0 (Recovery, 1);
  GtkWidget *dialog;
  GStatBuf st;

  g_task_set_source_tag (task, rushes_project_offer_recovery);
  r->paths = rushes_project_list_recoverable (dir);
  if (in_use != NULL)
    {
      /* not left by a crash: this session's own */
      guint j = 0;

      for (guint i = 0; r->paths[i] != NULL; i++)
        {
          if (g_strcmp0 (r->paths[i], in_use) == 0)
            g_free (r->paths[i]);
          else
            r->paths[j++] = r->paths[i];
        }
      r->paths[j] = NULL;
    }
  g_task_set_task_data (task, r, recovery_free);
  if (r->paths[0] == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  peek = rushes_project_recover (r->paths[0], NULL);
  title = peek ? rushes_project_get_title (peek) : g_strdup (_("Untitled Project"));
  if (g_stat (r->paths[0], &st) == 0)
    modified = g_date_time_new_from_unix_local (st.st_mtime);
  when = modified ? g_date_time_format (modified, "%x %X") : g_strdup ("");

  dialog = adw_message_dialog_new (parent, _("Recover Unsaved Work?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Rushes did not close properly. Changes to “%s” from %s were kept and can be recovered."),
                                  title, when);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  g_signal_connect (dialog, "response", G_CALLBACK (recovery_response_cb), g_steal_pointer (&task));
  gtk_window_present (GTK_WINDOW (dialog));
}

RushesProject *
rushes_project_offer_recovery_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
