/* rushes-fal-backend-private.h: what the files of RushesFalBackend share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-fal-backend.c is the class: config, ids, status, cancel and the key
 * check; rushes-fal-submit.c sends a request (with a start image through fal
 * storage when it is large) and finds it again after a crash.
 */
#pragma once

#include "rushes-hosted-backend.h"
#include "rushes-fal-backend.h"

G_BEGIN_DECLS

struct _RushesFalBackend
{
  RushesHostedBackend parent_instance;

  /* immutable after construction */
  char       *url;          /* queue */
  char       *api_url;      /* platform API */
  char       *storage_url;

  GMutex      lock;
  GHashTable *cancelled;    /* remote ids we asked to cancel; under lock */
};

/* "owner/app[/path…]" with safe segments; *app_len (may be NULL) gets the
 * length of "owner/app". */
gboolean  _rushes_fal_is_endpoint_id     (const char           *model,
                                          gsize                *app_len);
/* "<owner>/<app>/requests/<request id>" for a request on endpoint model, or
 * NULL when either is not valid. */
char     *_rushes_fal_remote_id_for      (const char           *model,
                                          const char           *request_id);

/* Sets the class's submit, answer_remote_id and find_in_list (in
 * rushes-fal-submit.c). */
void      _rushes_fal_submit_class_init  (RushesHostedBackendClass *hosted_class);

G_END_DECLS
