/* fake-backend.h: a scripted RushesBackend for the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend.h"

G_BEGIN_DECLS

typedef enum
{
  FAKE_STEP_NONE,
  FAKE_STEP_SUBMIT,
  FAKE_STEP_POLL,
  FAKE_STEP_FETCH,
  FAKE_STEP_REMOTE_FAILED,  /* poll reports FAILED */
  FAKE_STEP_REMOTE_CANCELLED,
} FakeStep;

#define FAKE_TYPE_BACKEND (fake_backend_get_type ())
G_DECLARE_FINAL_TYPE (FakeBackend, fake_backend, FAKE, BACKEND, GObject)

struct _FakeBackend
{
  GObject     parent_instance;

  /* set before use */
  char       *id;
  char       *kind;
  gboolean    remote;
  gboolean    has_lookup;
  guint       max_concurrent;
  guint       n_polls;          /* RUNNING answers before SUCCEEDED */
  guint       progress_bursts;  /* progress callbacks per poll */
  FakeStep    hang_at;          /* blocks there until cancelled */
  FakeStep    fail_at;          /* fails there with fail_domain/fail_code */
  GQuark      fail_domain;
  int         fail_code;
  char       *result_name;      /* default "clip.webm" */
  gboolean    create_then_hang; /* submit makes the job, then hangs */
  gboolean    leave_partial;    /* fetch first writes ".NAME.part" beside dest_path, as rushes-http does */
  char       *journal_dir;      /* if set, submit and poll check the journal first */
  int         journal_checks_ok;
  int         journal_checks_bad;

  /* counters (atomic) */
  int         n_submit;
  int         n_poll;
  int         n_cancel;
  int         n_fetch;
  int         n_lookup;
  int         n_discard;
  int         hanging;          /* inside a hang right now */

  GMutex      lock;
  GHashTable *jobs;             /* remote id → job id */
};

FakeBackend *fake_backend_new        (const char  *id,
                                      const char  *kind,
                                      gboolean     remote);
/* the file fetch leaves (with leave_partial) for dest_path */
char        *fake_backend_partial_path (const char *dest_path);
/* as if a job had been created on the server earlier */
void         fake_backend_add_remote (FakeBackend *self,
                                      const char  *remote_id,
                                      const char  *job_id);

G_END_DECLS
