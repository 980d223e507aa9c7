/* rushes-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUSHES_TYPE_APPLICATION (rushes_application_get_type ())
G_DECLARE_FINAL_TYPE (RushesApplication, rushes_application, RUSHES, APPLICATION, AdwApplication)

RushesApplication *rushes_application_new              (void);
/* NULL when the schema is not installed (the app then runs on defaults). */
GSettings         *rushes_application_get_settings     (RushesApplication *self);
/* TRUE once GStreamer is initialised (done after the first window is shown). */
gboolean           rushes_application_get_media_ready  (RushesApplication *self);
/* Starts GStreamer on a worker thread (once); the window calls it after its
 * first frame. */
void               rushes_application_start_media      (RushesApplication *self);

/* Makes sure the UI resources are linked in and registered (they live in a
 * static library, whose unreferenced objects the linker would drop). */
void               rushes_ensure_resources             (void);

/* The app's GSettings, looked up without aborting when the schema is missing. */
GSettings         *rushes_settings_new_or_null         (void);

G_END_DECLS
