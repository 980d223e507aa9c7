/* rushes-project-dialogs.h: open, save as, and crash recovery for projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thin, reusable steps for the window's project actions: file choosers
 * (GtkFileChooserNative, as GTK 4.8 has no GtkFileDialog), the "Save
 * changes?" question before unsaved work would go, and the recovery
 * question after a crash (AdwMessageDialog).
 */
#pragma once

#include <adwaita.h>

#include "rushes-project.h"

G_BEGIN_DECLS

/* Lets the user pick a .rushes file and loads it (offline clips allowed). */
void           rushes_project_open_dialog            (GtkWindow           *parent,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
RushesProject *rushes_project_open_dialog_finish     (GAsyncResult        *result,
                                                      GError             **error);

/* Lets the user pick where to save (".rushes" is added when missing) and saves. */
void           rushes_project_save_as_dialog         (GtkWindow           *parent,
                                                      RushesProject       *project,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean       rushes_project_save_as_dialog_finish  (GAsyncResult        *result,
                                                      GError             **error);

typedef enum
{
  RUSHES_SAVE_CHANGES_CANCEL,   /* keep everything as it is */
  RUSHES_SAVE_CHANGES_DISCARD,  /* the changes may go */
  RUSHES_SAVE_CHANGES_SAVED,    /* saved (through Save As when untitled) */
} RushesSaveChanges;

/* Asks whether to save the project's unsaved changes (Save / Discard /
 * Cancel); "Save" saves to the project's file, or lets the user pick one
 * when it has none. Finishes with CANCEL and an error when saving failed,
 * with CANCEL and no error when the user cancelled. */
void              rushes_project_ask_save_changes        (GtkWindow           *parent,
                                                          RushesProject       *project,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
RushesSaveChanges rushes_project_ask_save_changes_finish (GAsyncResult        *result,
                                                          GError             **error);

/* The MIME type of .rushes files (data/…mime.xml declares it). */
#define RUSHES_PROJECT_MIME_TYPE "application/x-rushes-project"

/* Adds a project file to the desktop's recent files (GtkRecentManager) and
 * to Rushes' own list. */
void           rushes_project_remember_recent        (const char          *path);

/* If autosaves were left in dir (NULL: the data folder) by a crash, asks
 * whether to recover the newest. Returns the recovered project, or NULL
 * with no error when there was nothing to recover or the user declined
 * (the autosaves are then removed). in_use (may be NULL) is the autosave of
 * a project open now: neither offered nor removed. */
void           rushes_project_offer_recovery         (GtkWindow           *parent,
                                                      const char          *dir,
                                                      const char          *in_use,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
RushesProject *rushes_project_offer_recovery_finish  (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
