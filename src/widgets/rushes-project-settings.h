/* rushes-project-settings.h: the project's size and frame rate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apply makes one undoable edit (rushes_project_set_format, or back to
 * the first clip's format).
 */
#pragma once

#include <adwaita.h>

#include "rushes-project.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_PROJECT_SETTINGS (rushes_project_settings_get_type ())
G_DECLARE_FINAL_TYPE (RushesProjectSettings, rushes_project_settings, RUSHES, PROJECT_SETTINGS, AdwWindow)

RushesProjectSettings *rushes_project_settings_new (GtkWindow     *parent,
                                                    RushesProject *project);

G_END_DECLS
