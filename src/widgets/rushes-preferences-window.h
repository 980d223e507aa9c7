/* rushes-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-backend-registry.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_PREFERENCES_WINDOW (rushes_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RushesPreferencesWindow, rushes_preferences_window, RUSHES, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* settings may be NULL (schema missing): the rows are then insensitive.
 * registry may be NULL: no Backends page. */
RushesPreferencesWindow *rushes_preferences_window_new (GSettings             *settings,
                                                        RushesBackendRegistry *registry);

G_END_DECLS
