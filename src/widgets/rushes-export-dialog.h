/* rushes-export-dialog.h: choose a format and export the project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Formats offered are those with encoders on this system (WebM always).
 * Shows progress with an ETA; Cancel stops the export (the partial file
 * is removed) or closes the dialog. While exporting, suspend is inhibited
 * (through the GtkApplication); when done, a desktop notification is sent
 * if the window is not active. The chosen settings are saved into the
 * project.
 */
#pragma once

#include <adwaita.h>

#include "rushes-project.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_EXPORT_DIALOG (rushes_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RushesExportDialog, rushes_export_dialog, RUSHES, EXPORT_DIALOG, AdwWindow)

RushesExportDialog *rushes_export_dialog_new             (GtkWindow          *parent,
                                                          RushesProject      *project);
/* The file to write (the Choose… button sets it too). */
void                rushes_export_dialog_set_output_path (RushesExportDialog *self,
                                                          const char         *path);
const char         *rushes_export_dialog_get_output_path (RushesExportDialog *self);
/* Starts exporting, as the Export button does. */
void                rushes_export_dialog_start           (RushesExportDialog *self);
gboolean            rushes_export_dialog_get_running     (RushesExportDialog *self);

G_END_DECLS
