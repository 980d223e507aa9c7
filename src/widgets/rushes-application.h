/* rushes-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_APPLICATION (rushes_application_get_type ())
G_DECLARE_FINAL_TYPE (RushesApplication, rushes_application, RUSHES, APPLICATION, AdwApplication)

RushesApplication *rushes_application_new (void);

G_END_DECLS
