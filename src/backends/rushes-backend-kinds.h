/* rushes-backend-kinds.h: every backend kind this build knows, in one place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend.h"

G_BEGIN_DECLS

/* Registers the factories for "sketch", "comfyui", "gradio", "replicate"
 * and "fal" with the backend registry. Call once at start on the main
 * thread (main.c / RushesApplication, the command line); repeated calls are
 * harmless. */
void  rushes_backend_kinds_register_all      (void);

/* "Test connection" for any backend: what the server offers, as a few lines
 * of plain text (ComfyUI: version, the models available to the workflow's
 * loader nodes, missing nodes/models; Gradio: version and API endpoints;
 * Replicate/fal: whether the key works), or NULL with an error. Blocks on
 * the network: worker threads or the command line only. */
char *rushes_backend_kinds_test_connection   (RushesBackend  *backend,
                                              GCancellable   *cancellable,
                                              GError        **error);

G_END_DECLS
