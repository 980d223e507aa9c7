/* fake-backend.c: a scripted RushesBackend for the engine tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "fake-backend.h"

static void fake_backend_iface_init (RushesBackendInterface *iface);

G_DEFINE_TYPE_WITH_CODE (FakeBackend, fake_backend, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, fake_backend_iface_init))

static void
fake_backend_finalize (GObject *object)
{
  FakeBackend *self = FAKE_BACKEND (object);

  g_free (self->id);
  g_free (self->kind);
  g_free (self->result_name);
  g_free (self->journal_dir);
  g_hash_table_unref (self->jobs);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (fake_backend_parent_class)->finalize (object);
}

static void
fake_backend_class_init (FakeBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_backend_finalize;
}

static void
fake_backend_init (FakeBackend *self)
{
  g_mutex_init (&self->lock);
  self->jobs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_concurrent = 1;
  self->n_polls = 2;
  self->progress_bursts = 1;
  self->has_lookup = TRUE;
  self->fail_domain = RUSHES_BACKEND_ERROR;
  self->fail_code = RUSHES_BACKEND_ERROR_FAILED;
}

FakeBackend *
fake_backend_new (const char *id,
                  const char *kind,
                  gboolean    remote)
{
  FakeBackend *self = g_object_new (FAKE_TYPE_BACKEND, NULL);

  self->id = g_strdup (id);
  self->kind = g_strdup (kind);
  self->remote = remote;
  return self;
}

void
fake_backend_add_remote (FakeBackend *self,
                         const char  *remote_id,
                         const char  *job_id)
{
  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->jobs, g_strdup (remote_id), g_strdup (job_id));
  g_mutex_unlock (&self->lock);
}

/* The engine must journal before it acts: by the time a call reaches the
 * backend, the job's entry says so. */
static void
check_journal (FakeBackend *self,
               const char  *job_id,
               const char  *needle)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;

  if (self->journal_dir == NULL)
    return;
  name = g_strconcat (job_id, ".json", NULL);
  path = g_build_filename (self->journal_dir, name, NULL);
  if (g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, needle) != NULL)
    g_atomic_int_inc (&self->journal_checks_ok);
  else
    g_atomic_int_inc (&self->journal_checks_bad);
}

static gboolean
hang (FakeBackend  *self,
      GCancellable *cancellable,
      GError      **error)
{
  g_atomic_int_inc (&self->hanging);
  while (!g_cancellable_is_cancelled (cancellable))
    g_usleep (5000);
  g_atomic_int_add (&self->hanging, -1);
  g_cancellable_set_error_if_cancelled (cancellable, error);
  return FALSE;
}

static gboolean
maybe_fail (FakeBackend  *self,
            FakeStep      step,
            GCancellable *cancellable,
            GError      **error)
{
  if (self->hang_at == step)
    return hang (self, cancellable, error);
  if (self->fail_at == step)
    {
      g_set_error (error, self->fail_domain, self->fail_code, "scripted failure at step %d", step);
      return FALSE;
    }
  return TRUE;
}

static const char *
fake_get_id (RushesBackend *backend)
{
  return FAKE_BACKEND (backend)->id;
}

static const char *
fake_get_kind (RushesBackend *backend)
{
  return FAKE_BACKEND (backend)->kind;
}

static gboolean
fake_is_remote (RushesBackend *backend)
{
  return FAKE_BACKEND (backend)->remote;
}

static RushesCapabilities *
fake_get_capabilities (RushesBackend *backend)
{
  RushesCapabilities *caps = rushes_capabilities_new ();

  caps->fields = RUSHES_FIELD_SECONDS | RUSHES_FIELD_SIZE | RUSHES_FIELD_FPS | RUSHES_FIELD_SEED;
  caps->max_seconds = 10;
  caps->max_width = 1920;
  caps->max_height = 1080;
  caps->max_concurrent = FAKE_BACKEND (backend)->max_concurrent;
  return caps;
}

static char *
fake_submit (RushesBackend            *backend,
             RushesRecipe             *recipe,
             const char               *job_id,
             const RushesBackendCall  *call,
             GError                  **error)
{
  FakeBackend *self = FAKE_BACKEND (backend);
  char *remote_id;

  g_atomic_int_inc (&self->n_submit);
  check_journal (self, job_id, "\"attempts\" : 1");
  remote_id = g_strdup_printf ("r-%s", job_id);
  /* the server made it, but the answer never came back */
  if (self->create_then_hang)
    fake_backend_add_remote (self, remote_id, job_id);
  if (!maybe_fail (self, FAKE_STEP_SUBMIT, call->cancellable, error))
    {
      g_free (remote_id);
      return NULL;
    }

  fake_backend_add_remote (self, remote_id, job_id);
  return remote_id;
}

static gboolean
fake_poll (RushesBackend            *backend,
           const char               *remote_id,
           RushesRemoteStatus       *status,
           const RushesBackendCall  *call,
           GError                  **error)
{
  FakeBackend *self = FAKE_BACKEND (backend);
  guint n = (guint) g_atomic_int_add (&self->n_poll, 1);
  gboolean known;

  g_mutex_lock (&self->lock);
  known = g_hash_table_contains (self->jobs, remote_id);
  g_mutex_unlock (&self->lock);
  if (!known)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_NOT_FOUND, "no job %s", remote_id);
      return FALSE;
    }
  if (g_str_has_prefix (remote_id, "r-"))
    {
      g_autofree char *needle = g_strdup_printf ("\"%s\"", remote_id);

      check_journal (self, remote_id + 2, needle);
    }
  if (!maybe_fail (self, FAKE_STEP_POLL, call->cancellable, error))
    return FALSE;

  if (self->fail_at == FAKE_STEP_REMOTE_FAILED)
    {
      status->state = RUSHES_REMOTE_FAILED;
      status->error = g_strdup ("out of GPU memory");
      return TRUE;
    }
  if (self->fail_at == FAKE_STEP_REMOTE_CANCELLED)
    {
      status->state = RUSHES_REMOTE_CANCELLED;
      return TRUE;
    }

  for (guint i = 0; i < self->progress_bursts; i++)
    call->progress ((double) i / self->progress_bursts, "rendering", call->progress_data);

  if (n % (self->n_polls + 1) < self->n_polls)
    {
      status->state = RUSHES_REMOTE_RUNNING;
      status->progress = 0.5;
      return TRUE;
    }

  status->state = RUSHES_REMOTE_SUCCEEDED;
  status->results = g_new0 (char *, 2);
  status->results[0] = g_strdup (self->result_name ? self->result_name : "clip.webm");
  return TRUE;
}

static gboolean
fake_cancel (RushesBackend  *backend,
             const char     *remote_id,
             GCancellable   *cancellable,
             GError        **error)
{
  g_atomic_int_inc (&FAKE_BACKEND (backend)->n_cancel);
  return TRUE;
}

static gboolean
fake_fetch (RushesBackend            *backend,
            const char               *remote_id,
            const char               *result,
            const char               *dest_path,
            const RushesBackendCall  *call,
            GError                  **error)
{
  FakeBackend *self = FAKE_BACKEND (backend);
  g_autofree char *tmp = g_strconcat (dest_path, ".tmp", NULL);
  g_autofree char *contents = g_strdup_printf ("fake video for %s\n", remote_id);

  g_atomic_int_inc (&self->n_fetch);
  if (self->leave_partial)
    {
      g_autofree char *partial = fake_backend_partial_path (dest_path);

      if (!g_file_set_contents (partial, "the first bytes", -1, error))
        return FALSE;
    }
  if (!maybe_fail (self, FAKE_STEP_FETCH, call->cancellable, error))
    return FALSE;

  if (!g_file_set_contents (tmp, contents, -1, error))
    return FALSE;
  call->progress (1.0, NULL, call->progress_data);
  if (g_rename (tmp, dest_path) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "rename failed");
      return FALSE;
    }
  return TRUE;
}

char *
fake_backend_partial_path (const char *dest_path)
{
  g_autofree char *dir = g_path_get_dirname (dest_path);
  g_autofree char *base = g_path_get_basename (dest_path);
  g_autofree char *name = g_strdup_printf (".%s.part", base);

  return g_build_filename (dir, name, NULL);
}

static void
fake_discard (RushesBackend *backend,
              const char    *remote_id,
              const char    *dest_path)
{
  g_autofree char *partial = fake_backend_partial_path (dest_path);

  g_atomic_int_inc (&FAKE_BACKEND (backend)->n_discard);
  g_unlink (partial);
}

static char *
fake_lookup (RushesBackend  *backend,
             const char     *job_id,
             GCancellable   *cancellable,
             GError        **error)
{
  FakeBackend *self = FAKE_BACKEND (backend);
  GHashTableIter iter;
  gpointer key, value;
  char *found = NULL;

  g_atomic_int_inc (&self->n_lookup);
  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->jobs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_equal (value, job_id))
      found = g_strdup (key);
  g_mutex_unlock (&self->lock);
  return found;
}

static char *
no_lookup (RushesBackend  *backend,
           const char     *job_id,
           GCancellable   *cancellable,
           GError        **error)
{
  g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED, "no lookup here");
  return NULL;
}

static char *
fake_lookup_dispatch (RushesBackend  *backend,
                      const char     *job_id,
                      GCancellable   *cancellable,
                      GError        **error)
{
  if (!FAKE_BACKEND (backend)->has_lookup)
    return no_lookup (backend, job_id, cancellable, error);
  return fake_lookup (backend, job_id, cancellable, error);
}

static void
fake_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = fake_get_id;
  iface->get_kind = fake_get_kind;
  iface->get_display_name = fake_get_id;
  iface->is_remote = fake_is_remote;
  iface->get_capabilities = fake_get_capabilities;
  iface->submit = fake_submit;
  iface->poll = fake_poll;
  iface->cancel = fake_cancel;
  iface->fetch = fake_fetch;
  iface->lookup = fake_lookup_dispatch;
  iface->discard = fake_discard;
}
