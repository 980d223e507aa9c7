/* rushes-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-application.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_WINDOW (rushes_window_get_type ())
G_DECLARE_FINAL_TYPE (RushesWindow, rushes_window, RUSHES, WINDOW, AdwApplicationWindow)

RushesWindow *rushes_window_new (RushesApplication *application);

G_END_DECLS
