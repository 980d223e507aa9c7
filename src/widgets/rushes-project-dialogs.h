/* rushes-project-dialogs.h: open, save as, and crash recovery for projects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thin, reusable steps for the window's project actions: file choosers
 * (GtkFileChooserNative, as GTK 4.8 has no GtkFileDialog) and the
 * recovery question after a crash (AdwMessageDialog).
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

/* If autosaves were left in dir (NULL: the data folder) by a crash, asks
 * whether to recover the newest. Returns the recovered project, or NULL
 * with no error when there was nothing to recover or the user declined
 * (the autosaves are then removed). */
void           rushes_project_offer_recovery         (GtkWindow           *parent,
                                                      const char          *dir,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
RushesProject *rushes_project_offer_recovery_finish  (GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
