/* rushes-backend-registry.h: the configured backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main thread only. A GListModel of RushesBackend, in configuration order,
 * persisted in $XDG_CONFIG_HOME/rushes/backends.json:
 *
 *   { "version": 1, "default": "sketch",
 *     "backends": [ { "id": "studio-comfy", "kind": "comfyui",
 *                     "display_name": "Studio", "url": "http://…",
 *                     "key_env": "COMFY_KEY", "extra_header": "X-Token",
 *                     "concurrency": 2, …kind-specific, non-secret… } ] }
 *
 * Secrets never go into that file: members that look like one ("key",
 * "token", "secret", "password", "authorization", header values) are
 * refused by add and dropped on load. The entry "sketch" is always there.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "rushes-backend.h"

G_BEGIN_DECLS

#define RUSHES_BACKEND_REGISTRY_ERROR (rushes_backend_registry_error_quark ())
typedef enum
{
  RUSHES_BACKEND_REGISTRY_ERROR_INVALID,      /* bad or secret-bearing config; message names the member */
  RUSHES_BACKEND_REGISTRY_ERROR_UNKNOWN_KIND, /* no factory for that kind */
  RUSHES_BACKEND_REGISTRY_ERROR_EXISTS,       /* id already configured */
  RUSHES_BACKEND_REGISTRY_ERROR_NOT_FOUND,    /* no backend with that id */
} RushesBackendRegistryError;

GQuark rushes_backend_registry_error_quark (void);

/* Makes a backend from its (non-secret) config; runs on the main thread. */
typedef RushesBackend *(*RushesBackendFactory) (JsonObject  *config,
                                                GError     **error);

/* Global: kinds are registered once at start, before registries load. */
void     rushes_backend_registry_register_kind (const char           *kind,
                                                RushesBackendFactory  factory);
gboolean rushes_backend_registry_has_kind      (const char           *kind);

#define RUSHES_TYPE_BACKEND_REGISTRY (rushes_backend_registry_get_type ())
G_DECLARE_FINAL_TYPE (RushesBackendRegistry, rushes_backend_registry, RUSHES, BACKEND_REGISTRY, GObject)

/* config_path NULL: $XDG_CONFIG_HOME/rushes/backends.json */
RushesBackendRegistry *rushes_backend_registry_new          (const char            *config_path);
const char            *rushes_backend_registry_get_path     (RushesBackendRegistry *self);
/* Reads the file (missing file: only "sketch"). Entries that fail to build
 * are skipped with a warning; the error is only for an unreadable file. */
gboolean               rushes_backend_registry_load         (RushesBackendRegistry *self,
                                                             GError               **error);
gboolean               rushes_backend_registry_save         (RushesBackendRegistry *self,
                                                             GError               **error);
/* Builds the backend through its kind's factory, adds and saves it
 * (transfer none: the registry holds it). */
RushesBackend         *rushes_backend_registry_add          (RushesBackendRegistry *self,
                                                             JsonObject            *config,
                                                             GError               **error);
/* Adds a ready-made backend, not persisted (tests, built-ins). */
void                   rushes_backend_registry_add_backend  (RushesBackendRegistry *self,
                                                             RushesBackend         *backend,
                                                             guint                  concurrency);
gboolean               rushes_backend_registry_remove       (RushesBackendRegistry *self,
                                                             const char            *id,
                                                             GError               **error);
RushesBackend         *rushes_backend_registry_lookup       (RushesBackendRegistry *self,
                                                             const char            *id);
/* the config an entry was made from (a copy; NULL for add_backend ones) */
JsonObject            *rushes_backend_registry_dup_config   (RushesBackendRegistry *self,
                                                             const char            *id);
/* Jobs at once: the config's "concurrency" when set, else the backend's
 * max_concurrent; at least 1. */
guint                  rushes_backend_registry_get_concurrency (RushesBackendRegistry *self,
                                                                const char            *id);
const char            *rushes_backend_registry_get_default_id  (RushesBackendRegistry *self);
gboolean               rushes_backend_registry_set_default_id  (RushesBackendRegistry *self,
                                                                const char            *id,
                                                                GError               **error);

G_END_DECLS
