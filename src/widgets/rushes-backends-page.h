/* rushes-backends-page.h: the "Backends" page of the Preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists the configured backends (several of one kind allowed), adds, edits,
 * removes and tests them. API keys go to the keyring (libsecret, off the
 * main thread) and are never shown again; a backend may instead name an
 * environment variable. Main thread only.
 */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "rushes-backend-registry.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_BACKENDS_PAGE (rushes_backends_page_get_type ())
G_DECLARE_FINAL_TYPE (RushesBackendsPage, rushes_backends_page, RUSHES, BACKENDS_PAGE, AdwPreferencesPage)

GtkWidget             *rushes_backends_page_new          (RushesBackendRegistry *registry);
RushesBackendRegistry *rushes_backends_page_get_registry (RushesBackendsPage    *self);

/* Opens the mapping dialog for an imported ComfyUI workflow (API-format
 * JSON text) whose "Save" sets the backend's "workflow"; a UI-format or
 * broken file gives a toast and NULL. */
GtkWindow             *rushes_backends_page_import_workflow (RushesBackendsPage *self,
                                                             const char         *backend_id,
                                                             const char         *graph_json,
                                                             const char         *file_name);

/* The config for a new or edited backend from what the user typed, or NULL
 * with an error naming the field. No widgets involved (tested without a
 * display). kind, name required; url, key_env, model may be NULL or "". */
JsonObject            *rushes_backends_page_build_config (const char            *kind,
                                                          const char            *name,
                                                          const char            *url,
                                                          const char            *key_env,
                                                          const char            *model,
                                                          GError               **error);

/* One line saying what a backend costs, or NULL when the price is unknown
 * ("≈ 0.40 USD for 5 s …"; "free" at 0). seconds ≤ 0: per second only. */
char                  *rushes_backends_page_describe_cost (double                cost_per_second,
                                                           const char           *currency,
                                                           double                seconds);

G_END_DECLS
