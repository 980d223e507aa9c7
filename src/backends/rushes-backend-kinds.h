/* rushes-backend-kinds.h: every backend kind this build knows, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each kind comes with a description of its settings (RushesBackendKindInfo):
 * the config members the user sets, how its API key is kept, how to test a
 * connection. The Backends preferences page builds its rows and its "Add a
 * Backend" form from these and knows no kind by name.
 */
#pragma once

#include "rushes-backend.h"

G_BEGIN_DECLS

typedef enum
{
  RUSHES_BACKEND_FIELD_TEXT,    /* typed in (a server address) */
  RUSHES_BACKEND_FIELD_CHOICE,  /* one of list_choices () */
} RushesBackendFieldType;

typedef enum
{
  RUSHES_BACKEND_KEY_NONE,      /* no key: runs on this computer */
  RUSHES_BACKEND_KEY_KEYRING,   /* an API key in the keyring (rushes-secrets.h),
                                 * or the environment variable named by the
                                 * config's "key_env" */
} RushesBackendKeyHandling;

/* One setting of a kind: a member of the backend's config. */
typedef struct
{
  const char              *member;         /* "url", "model", "workflow" … */
  RushesBackendFieldType   type;
  const char              *title;          /* N_(): translate with _() */
  gboolean                 required;       /* a config without it is refused */
  /* CHOICE: what to offer for this backend (transfer full); NULL or empty:
   * the setting is not shown. */
  GStrv                  (*list_choices)   (RushesBackend *backend);
  const char              *fallback;       /* CHOICE: in use when the config has none */
  const char              *replaces;       /* a member that setting this one drops */
  const char              *replaced_note;  /* N_(): shown while the config has `replaces` */
  gboolean                 importable;     /* a ComfyUI API-format workflow can be
                                            * imported (workflow mapper) as its value */
  /* TEXT: checks a value as it is typed (may be NULL: anything goes); an
   * empty value is for `required` to judge. */
  gboolean               (*validate)       (const char  *value,
                                            GError     **error);
} RushesBackendField;

typedef struct
{
  const char               *kind;
  gboolean                  built_in;   /* always configured: not added, not removed */
  RushesBackendKeyHandling  key;
  const RushesBackendField *fields;     /* in the order shown; ends with member NULL */
  /* "Test connection": what the server offers as a few lines of plain text,
   * or NULL with an error. Blocks on the network: worker threads only. */
  char                   *(*test_connection) (RushesBackend  *backend,
                                              GCancellable   *cancellable,
                                              GError        **error);
  const char               *server_name; /* "ComfyUI": what answers at its address */
} RushesBackendKindInfo;

/* Registers the factories for "sketch", "comfyui", "gradio", "replicate"
 * and "fal" with the backend registry. Call once at start on the main
 * thread (main.c / RushesApplication, the command line); repeated calls are
 * harmless. */
void  rushes_backend_kinds_register_all      (void);

/* The description of a kind, or NULL for a kind this file does not know
 * (tests register their own). */
const RushesBackendKindInfo *rushes_backend_kinds_lookup       (const char    *kind);
/* The description for a configured backend: its kind's, or for an unknown
 * kind a plain one (a server address and a key when it is remote). */
const RushesBackendKindInfo *rushes_backend_kinds_describe     (RushesBackend *backend);
/* The registered kinds a user may add, in the order to offer them. */
GStrv                        rushes_backend_kinds_list_addable (void);
/* The field of info that sets member, or NULL. */
const RushesBackendField    *rushes_backend_kind_info_get_field (const RushesBackendKindInfo *info,
                                                                 const char                  *member);

/* An http:// or https:// address with a host name (and a valid port):
 * leading and trailing spaces are ignored, none inside; the error says what
 * is wrong in words for the form. The "url" fields' validate. */
gboolean rushes_backend_kinds_check_url      (const char  *url,
                                              GError     **error);
/* The field's validate, if any (TRUE without one, or for an empty value). */
gboolean rushes_backend_field_validate       (const RushesBackendField *field,
                                              const char               *value,
                                              GError                  **error);

/* "Test connection" for any backend: what the server offers, as a few lines
 * of plain text (ComfyUI: version, the models available to the workflow's
 * loader nodes, missing nodes/models; Gradio: version and API endpoints;
 * Replicate/fal: whether the key works), or NULL with an error. Blocks on
 * the network: worker threads or the command line only. */
char *rushes_backend_kinds_test_connection   (RushesBackend  *backend,
                                              GCancellable   *cancellable,
                                              GError        **error);
/* The same; on failure @plain (may be NULL) gets what went wrong in words a
 * person can act on (cannot connect, name not found, TLS, key refused,
 * timeout, not this kind of server), and @error keeps the raw detail. */
char *rushes_backend_kinds_test_connection_explained (RushesBackend  *backend,
                                                      GCancellable   *cancellable,
                                                      char          **plain,
                                                      GError        **error);

G_END_DECLS
