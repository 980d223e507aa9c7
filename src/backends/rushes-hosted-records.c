/* rushes-hosted-records.c: submission records of the hosted backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before a hosted backend sends a request that may create a paid job it
 * writes what it is about to send (model, input, time; never a key) to
 *   $XDG_STATE_HOME/rushes/submissions/<sha256(backend id)>/<job id>.json
 * and adds the remote id as soon as it is known, so that lookup() finds the
 * job after a crash without sending it again. Cancel marks live beside the
 * records. Records older than a week are pruned.
 */
#define G_LOG_DOMAIN "rushes-hosted"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-hosted-backend-private.h"
#include "rushes-hosted-common.h"
#include "rushes-remote-util.h"

/* Records older than a week are of no use: neither Replicate nor fal keep
 * results that long. */
#define RECORD_MAX_AGE_SECONDS (7 * 24 * 3600)

/* <state dir>/submissions/<sha256(backend id)>/<name> */
static char *
submissions_path (const char *state_dir,
                  const char *backend_id,
                  const char *name)
{
  /* hashed so that no backend name can walk out of the folder */
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, backend_id, -1);

  if (state_dir != NULL)
    return g_build_filename (state_dir, "submissions", hash, name, NULL);
  return g_build_filename (g_get_user_state_dir (), "rushes", "submissions", hash, name, NULL);
}

char *
_rushes_hosted_record_path (const char *state_dir,
                            const char *backend_id,
                            const char *job_id)
{
  g_autofree char *name = NULL;

  if (!rushes_remote_is_uuid (job_id))
    return NULL;

  name = g_strconcat (job_id, ".json", NULL);
  return submissions_path (state_dir, backend_id, name);
}

static void
prune_records (const char *dir_path,
               const char *keep)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_suffix (name, ".json") || g_strcmp0 (name, keep) == 0)
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (g_stat (path, &st) == 0 && now - (gint64) st.st_mtime > RECORD_MAX_AGE_SECONDS)
        g_unlink (path);
    }
}

gboolean
_rushes_hosted_record_write (const char  *path,
                             JsonObject  *record,
                             GError     **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *own = g_path_get_basename (path);
  g_autofree char *data = NULL;

  prune_records (dir, own);

  json_node_set_object (root, record);
  data = _rushes_json_to_string (root, FALSE);

  return _rushes_write_file_atomic (path, data, -1, 0600, error);
}

JsonObject *
_rushes_hosted_record_read (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (path == NULL || !json_parser_load_from_file (parser, path, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

void
_rushes_hosted_record_set_remote_id (const char *record_path,
                                     JsonObject *record,
                                     const char *remote_id)
{
  g_autoptr(GError) error = NULL;

  json_object_set_string_member (record, "remote_id", remote_id);
  if (!_rushes_hosted_record_write (record_path, record, &error))
    g_warning ("Could not update submission record: %s", error->message);
}

/* ---- cancel marks ---------------------------------------------------------- */

static char *
cancel_mark_path (const char *state_dir,
                  const char *backend_id,
                  const char *remote_id)
{
  g_autofree char *id_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, remote_id, -1);
  g_autofree char *name = g_strconcat ("cancelled-", id_hash, ".json", NULL);

  return submissions_path (state_dir, backend_id, name);
}

gboolean
_rushes_hosted_cancel_mark (const char  *state_dir,
                            const char  *backend_id,
                            const char  *remote_id,
                            GError     **error)
{
  g_autofree char *path = cancel_mark_path (state_dir, backend_id, remote_id);
  g_autoptr(JsonObject) mark = json_object_new ();

  json_object_set_string_member (mark, "remote_id", remote_id);
  json_object_set_int_member (mark, "cancelled_at", g_get_real_time () / G_USEC_PER_SEC);
  return _rushes_hosted_record_write (path, mark, error);
}

gboolean
_rushes_hosted_cancel_is_marked (const char *state_dir,
                                 const char *backend_id,
                                 const char *remote_id)
{
  g_autofree char *path = cancel_mark_path (state_dir, backend_id, remote_id);
  g_autoptr(JsonObject) mark = _rushes_hosted_record_read (path);

  return mark != NULL &&
         g_strcmp0 (json_object_get_string_member_with_default (mark, "remote_id", NULL), remote_id) == 0;
}

/* ---- sending a job, finding it again --------------------------------------- */

JsonObject *
_rushes_hosted_record_new (const char *job_id,
                           const char *model,
                           const char *version,
                           JsonObject *input)
{
  JsonObject *record = json_object_new ();

  json_object_set_string_member (record, "job_id", job_id);
  json_object_set_string_member (record, "model", model);
  if (version != NULL)
    json_object_set_string_member (record, "version", version);
  json_object_set_object_member (record, "input", json_object_ref (input));
  json_object_set_int_member (record, "sent_at", g_get_real_time () / G_USEC_PER_SEC);
  return record;
}

char *
_rushes_hosted_backend_send (RushesHostedBackend      *self,
                             RushesHttpClient         *client,
                             JsonObject               *record,
                             const char               *url,
                             JsonObject               *body,
                             const RushesBackendCall  *call,
                             GError                  **error)
{
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (self);
  const char *model = json_object_get_string_member (record, "model");
  g_autoptr(JsonNode) body_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *record_path = NULL;
  GError *local = NULL;
  guint status = 0;
  char *remote;

  /* Journal what is about to be sent: after a crash lookup() matches it
   * against the account's recent jobs instead of sending again. */
  record_path = _rushes_hosted_record_path (s->state_dir, s->id, json_object_get_string_member (record, "job_id"));
  if (!_rushes_hosted_record_write (record_path, record, error))
    return NULL;

  if (g_cancellable_set_error_if_cancelled (call->cancellable, error))
    return NULL;

  json_node_set_object (body_node, body);
  answer = rushes_http_client_request_json (client, "POST", url, body_node, RUSHES_HTTP_FLAGS_NONE,
                                            &status, call->cancellable, &local);
  if (answer == NULL || status >= 500)
    {
      gboolean ambiguous = answer != NULL || _rushes_hosted_error_is_ambiguous (local);

      /* the job may exist although the answer never arrived */
      if (ambiguous)
        {
          g_autoptr(GError) lookup_error = NULL;
          char *found = klass->find_in_list (self, client, record, record_path, call->cancellable, &lookup_error);

          if (found != NULL)
            {
              g_clear_error (&local);
              _rushes_hosted_record_set_remote_id (record_path, record, found);
              return found;
            }
        }

      if (answer != NULL)
        _rushes_hosted_backend_set_status_error (self, error, status, answer, _(klass->submitting));
      else
        _rushes_hosted_propagate_http_error (error, local, klass->what);
      return NULL;
    }

  if (status < 200 || status >= 300)
    {
      _rushes_hosted_backend_set_status_error (self, error, status, answer, _(klass->submitting));
      return NULL;
    }

  remote = klass->answer_remote_id (self, model, answer, error);
  if (remote != NULL)
    _rushes_hosted_record_set_remote_id (record_path, record, remote);
  return remote;
}

char *
_rushes_hosted_backend_lookup (RushesHostedBackend  *self,
                               const char           *job_id,
                               GCancellable         *cancellable,
                               GError              **error)
{
  RushesHostedBackendClass *klass = RUSHES_HOSTED_BACKEND_GET_CLASS (self);
  const RushesHostedSettings *s = _rushes_hosted_backend_get_settings (self);
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *record_path = NULL;
  const char *remote;
  char *found;

  record_path = _rushes_hosted_record_path (s->state_dir, s->id, job_id);
  if (record_path == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_FAILED,
                           _("Internal error: the job id is not a lowercase UUID"));
      return NULL;
    }

  /* no record: submit never got as far as sending */
  record = _rushes_hosted_record_read (record_path);
  if (record == NULL)
    return NULL;

  remote = json_object_get_string_member_with_default (record, "remote_id", NULL);
  if (remote != NULL && klass->is_remote_id (remote))
    return g_strdup (remote);

  if (!json_object_has_member (record, "input") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (record, "input")))
    return NULL;

  client = _rushes_hosted_backend_make_client (self, cancellable, error);
  if (client == NULL)
    return NULL;

  found = klass->find_in_list (self, client, record, record_path, cancellable, error);
  if (found != NULL)
    _rushes_hosted_record_set_remote_id (record_path, record, found);
  return found;
}
