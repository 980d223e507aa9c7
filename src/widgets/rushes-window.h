/* rushes-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-application.h"
#include "rushes-recipe.h"
#include "rushes-take.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_WINDOW (rushes_window_get_type ())
G_DECLARE_FINAL_TYPE (RushesWindow, rushes_window, RUSHES, WINDOW, AdwApplicationWindow)

RushesWindow *rushes_window_new             (RushesApplication *application);
/* The recipe the prompt editor and the parameter panel edit. */
RushesRecipe *rushes_window_get_recipe      (RushesWindow      *self);
/* Replaces the recipe being edited (as "Reuse recipe" does). */
void          rushes_window_set_recipe      (RushesWindow      *self,
                                             RushesRecipe      *recipe);
/* The library as shown: RushesTake, newest first. */
GListModel   *rushes_window_get_takes       (RushesWindow      *self);
RushesTake   *rushes_window_get_selected_take (RushesWindow    *self);
/* The library folder from the settings (default: Videos/Rushes). */
/* After a rename: the timeline's clips of @take take its new title. */
void          rushes_window_take_renamed    (RushesWindow      *self,
                                             RushesTake        *take);
char         *rushes_window_library_folder  (RushesWindow      *self);
void          rushes_window_add_toast       (RushesWindow      *self,
                                             const char        *message);
/* Imports media files into the library (copied into its folder, each
 * with a sidecar saying it was imported), probing them in the background;
 * a folder brings in the videos directly inside it. Files GStreamer cannot
 * play are named in a toast, and nothing else changes. */
void          rushes_window_import_files    (RushesWindow      *self,
                                             GFile            **files,
                                             guint              n_files);
/* The last message shown in a toast (for tests and screen readers), or NULL. */
const char   *rushes_window_get_last_toast  (RushesWindow      *self);

/* Opens a .rushes file in place of the window's project, asking first
 * whether to save unsaved changes. */
void          rushes_window_open_project_file (RushesWindow    *self,
                                               GFile           *file);
/* Imports media files (videos) as takes. */
void          rushes_window_import_files    (RushesWindow      *self,
                                             GFile            **files,
                                             guint              n_files);

/* Plain logic: may Generate run? If not, *reason (static, translated) says why. */
gboolean      rushes_window_can_generate    (const char        *prompt,
                                             gboolean           have_backend,
                                             const char       **reason);

G_END_DECLS
