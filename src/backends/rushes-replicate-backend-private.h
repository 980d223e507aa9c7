/* rushes-replicate-backend-private.h: what the files of
 * RushesReplicateBackend share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-replicate-backend.c is the class: config, ids, predictions polled
 * and cancelled, the token check; rushes-replicate-submit.c creates a
 * prediction (endpoint, start image) and finds it again after a crash.
 */
#pragma once

#include "rushes-hosted-backend.h"
#include "rushes-replicate-backend.h"

G_BEGIN_DECLS

struct _RushesReplicateBackend
{
  RushesHostedBackend parent_instance;

  /* immutable after construction */
  char       *url;          /* API base, without a trailing slash */

  GMutex      lock;
  GHashTable *endpoints;    /* model → "models" or version id; under lock */
};

/* Replicate's prediction ids: 1–64 of [a-z0-9]. */
gboolean  _rushes_replicate_is_prediction_id (const char               *id);
/* The API base followed by path ("/predictions"). */
char     *_rushes_replicate_api_url          (RushesReplicateBackend   *self,
                                              const char               *path);

/* Sets the class's submit and find_in_list (in rushes-replicate-submit.c). */
void      _rushes_replicate_submit_class_init (RushesHostedBackendClass *hosted_class);

G_END_DECLS
