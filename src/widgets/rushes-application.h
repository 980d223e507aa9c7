/* rushes-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-backend-registry.h"
#include "rushes-job-queue.h"
#include "rushes-library.h"
#include "rushes-prompt-history.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_APPLICATION (rushes_application_get_type ())
G_DECLARE_FINAL_TYPE (RushesApplication, rushes_application, RUSHES, APPLICATION, AdwApplication)

RushesApplication *rushes_application_new              (void);
/* NULL when the schema is not installed (the app then runs on defaults). */
GSettings         *rushes_application_get_settings     (RushesApplication *self);
/* TRUE once GStreamer is initialised (done after the first window is shown). */
gboolean           rushes_application_get_media_ready  (RushesApplication *self);
/* Whether GStreamer can make elements now: the default application's
 * media-ready, or gst_is_initialized() in a program without one.
 * gst_is_initialized() alone says TRUE while the application's worker is
 * still scanning the plugin registry (GStreamer sets it before the scan),
 * and a factory looked up then is missing. */
gboolean           rushes_application_media_ready_now  (void);
/* After the first window's first frame: the prompt history, and GStreamer
 * if the journal holds jobs to resume. */
void               rushes_application_start_deferred   (RushesApplication *self);
/* Starts GStreamer on a worker thread (once), for whoever will need it
 * (thumbnails, the player); "media-ready" follows. */
void               rushes_application_start_media      (RushesApplication *self);
/* Before running jobs: GStreamer initialised now (blocks only if the
 * deferred start has not finished yet). */
void               rushes_application_ensure_media     (RushesApplication *self);

/* Set up in startup; shared by the windows. */
RushesJobQueue        *rushes_application_get_job_queue (RushesApplication *self);
RushesBackendRegistry *rushes_application_get_registry  (RushesApplication *self);
RushesLibrary         *rushes_application_get_library   (RushesApplication *self);
RushesPromptHistory   *rushes_application_get_prompt_history (RushesApplication *self);
/* Once, when GStreamer is ready: the journal's unfinished jobs. */
void                   rushes_application_resume_jobs   (RushesApplication *self);
/* The user kept a window open when asked to save its changes on quit:
 * the application stays. */
void                   rushes_application_cancel_quit   (RushesApplication *self);
/* TRUE once, for the window that offers to recover work left by a crash. */
gboolean               rushes_application_claim_recovery (RushesApplication *self);
/* A start-up problem to show (once), or NULL. */
char                  *rushes_application_take_startup_error (RushesApplication *self);

/* Makes sure the UI resources are linked in and registered (they live in a
 * static library, whose unreferenced objects the linker would drop). */
void               rushes_ensure_resources             (void);

/* The app's GSettings, looked up without aborting when the schema is missing. */
GSettings         *rushes_settings_new_or_null         (void);

G_END_DECLS
