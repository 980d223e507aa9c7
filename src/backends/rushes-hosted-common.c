/* rushes-hosted-common.c: helpers shared by the Replicate and fal backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-hosted"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-http.h"
#include "rushes-hosted-common.h"
#include "rushes-hosted.h"
#include "rushes-backend-registry.h"
#include "rushes-replicate-backend.h"
#include "rushes-fal-backend.h"
#include "rushes-remote-util.h"
#include "rushes-secrets.h"

void
_rushes_hosted_propagate_http_error (GError     **dest,
                                     GError      *src,
                                     const char  *what)
{
  int code = RUSHES_BACKEND_ERROR_FAILED;
  guint status;

  if (src == NULL)
    return;

  if (src->domain != RUSHES_HTTP_ERROR)
    {
      g_propagate_error (dest, src);
      return;
    }

  status = rushes_http_error_get_status (src);
  switch (src->code)
    {
    case RUSHES_HTTP_ERROR_AUTH:
      code = RUSHES_BACKEND_ERROR_AUTH;
      break;
    case RUSHES_HTTP_ERROR_NOT_FOUND:
      code = RUSHES_BACKEND_ERROR_NOT_FOUND;
      break;
    case RUSHES_HTTP_ERROR_CONNECT:
    case RUSHES_HTTP_ERROR_TIMEOUT:
    case RUSHES_HTTP_ERROR_TLS:
    case RUSHES_HTTP_ERROR_RATE_LIMITED:
      code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
      break;
    case RUSHES_HTTP_ERROR_STATUS:
      if (status == 402)
        code = RUSHES_BACKEND_ERROR_AUTH;
      else if (status == 400 || status == 422)
        code = RUSHES_BACKEND_ERROR_UNSUPPORTED;
      else if (status >= 500)
        code = RUSHES_BACKEND_ERROR_UNAVAILABLE;
      break;
    case RUSHES_HTTP_ERROR_TOO_LARGE:
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_REDIRECT:
      code = RUSHES_BACKEND_ERROR_PROTOCOL;
      break;
    default:
      break;
    }

  g_set_error (dest, RUSHES_BACKEND_ERROR, code, "%s: %s", what, src->message);
  g_error_free (src);
}

gboolean
_rushes_hosted_error_is_ambiguous (const GError *error)
{
  if (error == NULL || error->domain != RUSHES_HTTP_ERROR)
    return FALSE;

  switch (error->code)
    {
    case RUSHES_HTTP_ERROR_TIMEOUT:
    case RUSHES_HTTP_ERROR_CONNECT:
    case RUSHES_HTTP_ERROR_TRUNCATED:
    case RUSHES_HTTP_ERROR_BAD_RESPONSE:
      return TRUE;
    case RUSHES_HTTP_ERROR_STATUS:
      return rushes_http_error_get_status (error) >= 500;
    default:
      return FALSE;
    }
}

char *
_rushes_hosted_record_path (const char *state_dir,
                            const char *backend_id,
                            const char *job_id)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  if (!rushes_remote_is_uuid (job_id))
    return NULL;

  /* hashed so that no backend name can walk out of the folder */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, backend_id, -1);
  name = g_strconcat (job_id, ".json", NULL);
  if (state_dir != NULL)
    return g_build_filename (state_dir, "submissions", hash, name, NULL);
  return g_build_filename (g_get_user_state_dir (), "rushes", "submissions", hash, name, NULL);
}

/* Records older than a week are of no use: neither Replicate nor fal keep
 * results that long. */
#define RECORD_MAX_AGE_SECONDS (7 * 24 * 3600)

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
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  gsize length;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  {
    g_autofree char *own = g_path_get_basename (path);
    prune_records (dir, own);
  }

  json_node_set_object (root, record);
  json_generator_set_root (gen, root);
  data = json_generator_to_data (gen, &length);

  return g_file_set_contents_full (path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
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

static char *
cancel_mark_path (const char *state_dir,
                  const char *backend_id,
                  const char *remote_id)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, backend_id, -1);
  g_autofree char *id_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, remote_id, -1);
  g_autofree char *name = g_strconcat ("cancelled-", id_hash, ".json", NULL);

  if (state_dir != NULL)
    return g_build_filename (state_dir, "submissions", hash, name, NULL);
  return g_build_filename (g_get_user_state_dir (), "rushes", "submissions", hash, name, NULL);
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

static gboolean
node_is_number (JsonNode *node)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  t = json_node_get_value_type (node);
  return t == G_TYPE_INT64 || t == G_TYPE_DOUBLE;
}

static gboolean
nodes_match (JsonNode *want,
             JsonNode *have)
{
  if (have == NULL)
    return FALSE;

  if (node_is_number (want) && node_is_number (have))
    return fabs (json_node_get_double (want) - json_node_get_double (have)) < 1e-9;

  if (JSON_NODE_HOLDS_OBJECT (want) && JSON_NODE_HOLDS_OBJECT (have))
    return _rushes_hosted_input_matches (json_node_get_object (want), json_node_get_object (have));

  return json_node_equal (want, have);
}

gboolean
_rushes_hosted_input_matches (JsonObject *want,
                              JsonObject *have)
{
  g_autoptr(GList) members = NULL;

  if (want == NULL || have == NULL)
    return FALSE;

  members = json_object_get_members (want);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *w = json_object_get_member (want, l->data);

      if (JSON_NODE_HOLDS_VALUE (w) && json_node_get_value_type (w) == G_TYPE_STRING &&
          g_str_has_prefix (json_node_get_string (w), "data:"))
        continue;

      if (!nodes_match (w, json_object_get_member (have, l->data)))
        return FALSE;
    }

  return TRUE;
}

double
_rushes_hosted_parse_progress (const char *text)
{
  double result = -1;
  const char *p;

  if (text == NULL)
    return -1;

  /* tqdm bars: "45%|████      | 9/20"; step logs: "step 12/30" */
  for (p = text; *p != '\0'; p++)
    {
      if (*p == '%' && p > text && g_ascii_isdigit (p[-1]))
        {
          const char *start = p;
          guint64 value;

          while (start > text && g_ascii_isdigit (start[-1]))
            start--;
          value = g_ascii_strtoull (start, NULL, 10);
          if (value <= 100)
            result = value / 100.0;
        }
      else if (*p == '/' && p > text && g_ascii_isdigit (p[-1]) && g_ascii_isdigit (p[1]))
        {
          const char *start = p;
          guint64 num, den;

          while (start > text && g_ascii_isdigit (start[-1]))
            start--;
          num = g_ascii_strtoull (start, NULL, 10);
          den = g_ascii_strtoull (p + 1, NULL, 10);
          if (den > 0 && num <= den)
            result = (double) num / den;
        }
    }

  return result;
}

gboolean
_rushes_hosted_write_data_uri (const char  *uri,
                               const char  *dest_path,
                               guint64      max_bytes,
                               GError     **error)
{
  const char *comma;
  g_autofree guchar *data = NULL;
  gsize length = 0;

  if (!g_str_has_prefix (uri, "data:") || (comma = strchr (uri, ',')) == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The result is not a valid data URI"));
      return FALSE;
    }

  if (g_strstr_len (uri, comma - uri, ";base64") != NULL)
    {
      if (strlen (comma + 1) / 4 * 3 > max_bytes)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("The result is larger than allowed"));
          return FALSE;
        }
      data = g_base64_decode (comma + 1, &length);
    }
  else
    {
      char *unescaped = g_uri_unescape_string (comma + 1, NULL);

      if (unescaped == NULL)
        {
          g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                               _("The result is not a valid data URI"));
          return FALSE;
        }
      length = strlen (unescaped);
      data = (guchar *) unescaped;
    }

  if (length == 0)
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The result is empty"));
      return FALSE;
    }

  return g_file_set_contents_full (dest_path, (const char *) data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0644, error);
}

char *
_rushes_hosted_image_mime_type (const char   *path,
                                const guint8 *data,
                                gsize         length)
{
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;

  if (length >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return g_strdup ("image/png");
  if (length >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return g_strdup ("image/jpeg");
  if (length >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return g_strdup ("image/webp");
  if (length >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return g_strdup ("image/gif");

  type = g_content_type_guess (path, data, length, NULL);
  mime = type ? g_content_type_get_mime_type (type) : NULL;
  if (mime != NULL && g_str_has_prefix (mime, "image/"))
    return g_steal_pointer (&mime);
  return NULL;
}

char *
_rushes_hosted_file_to_data_uri (const char  *path,
                                 gsize        max_bytes,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *encoded = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (length > max_bytes)
    {
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("The start image is too large (%" G_GSIZE_FORMAT " bytes, at most %" G_GSIZE_FORMAT ")"),
                   length, max_bytes);
      return NULL;
    }

  mime = _rushes_hosted_image_mime_type (path, (const guint8 *) contents, length);
  if (mime == NULL)
    {
      type = g_content_type_guess (path, (const guchar *) contents, length, NULL);
      mime = g_content_type_get_mime_type (type);
    }
  encoded = g_base64_encode ((const guchar *) contents, length);
  return g_strconcat ("data:", mime ? mime : "application/octet-stream", ";base64,", encoded, NULL);
}

gboolean
_rushes_hosted_check_result_url (const char  *url,
                                 gboolean     allow_http,
                                 GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url != NULL)
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
                           _("The server named a result that is not a web address"));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0 ||
      (allow_http && g_ascii_strcasecmp (scheme, "http") == 0))
    return TRUE;

  g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_PROTOCOL,
               _("The server named a result with a forbidden scheme “%s”"), scheme);
  return FALSE;
}

void
rushes_hosted_register_kinds (void)
{
  if (!rushes_backend_registry_has_kind ("replicate"))
    rushes_backend_registry_register_kind ("replicate", rushes_replicate_backend_new_from_config);
  if (!rushes_backend_registry_has_kind ("fal"))
    rushes_backend_registry_register_kind ("fal", rushes_fal_backend_new_from_config);
}

char *
rushes_hosted_test_connection (gpointer       backend,
                               GCancellable  *cancellable,
                               GError       **error)
{
  if (RUSHES_IS_REPLICATE_BACKEND (backend))
    return rushes_replicate_backend_test (backend, cancellable, error);
  if (RUSHES_IS_FAL_BACKEND (backend))
    return rushes_fal_backend_test (backend, cancellable, error);

  g_set_error_literal (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                       _("Not a hosted backend"));
  return NULL;
}

static char *
replace_all (const char *text,
             const char *needle)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  const char *hit;
  gsize len = strlen (needle);

  while ((hit = strstr (p, needle)) != NULL)
    {
      g_string_append_len (out, p, hit - p);
      g_string_append (out, "[key hidden]");
      p = hit + len;
    }
  g_string_append (out, p);
  return g_string_free (out, FALSE);
}

void
_rushes_hosted_scrub_key (GError     **error,
                          char       **text,
                          const char  *backend_id,
                          const char  *key_env)
{
  g_auto(RushesSecretKey) key = NULL;
  gboolean have_error = error != NULL && *error != NULL;
  gboolean have_text = text != NULL && *text != NULL;

  if (!have_error && !have_text)
    return;

  key = rushes_secrets_get_key_sync (backend_id, key_env, NULL, NULL);
  /* very short "keys" would mangle ordinary words and are no real secret */
  if (key == NULL || strlen (key) < 8)
    return;

  if (have_error && strstr ((*error)->message, key) != NULL)
    {
      char *clean = replace_all ((*error)->message, key);

      g_free ((*error)->message);
      (*error)->message = clean;
    }
  if (have_text && strstr (*text, key) != NULL)
    {
      char *clean = replace_all (*text, key);

      rushes_secrets_free_key (*text);
      *text = clean;
    }
}

void
_rushes_hosted_scrub_propagate (GError     **dest,
                                GError      *src,
                                char       **text,
                                const char  *backend_id,
                                const char  *key_env)
{
  _rushes_hosted_scrub_key (&src, text, backend_id, key_env);
  if (src != NULL)
    g_propagate_error (dest, src);
}

/* The ops of each hosted backend type, kept as type data */
static G_DEFINE_QUARK (rushes-hosted-ops, hosted_ops)

static const RushesHostedOps *
hosted_ops (RushesBackend *backend)
{
  const RushesHostedOps *ops = g_type_get_qdata (G_OBJECT_TYPE (backend), hosted_ops_quark ());

  g_assert (ops != NULL);
  return ops;
}

static char *
hosted_submit_scrubbed (RushesBackend            *backend,
                        RushesRecipe             *recipe,
                        const char               *job_id,
                        const RushesBackendCall  *call,
                        GError                  **error)
{
  const RushesHostedOps *ops = hosted_ops (backend);
  GError *local = NULL;
  char *id = ops->unscrubbed.submit (backend, recipe, job_id, call, &local);

  _rushes_hosted_scrub_propagate (error, local, NULL, rushes_backend_get_id (backend),
                                  ops->get_key_env (backend));
  return id;
}

static gboolean
hosted_poll_scrubbed (RushesBackend            *backend,
                      const char               *remote_id,
                      RushesRemoteStatus       *status,
                      const RushesBackendCall  *call,
                      GError                  **error)
{
  const RushesHostedOps *ops = hosted_ops (backend);
  GError *local = NULL;
  gboolean ok = ops->unscrubbed.poll (backend, remote_id, status, call, &local);

  _rushes_hosted_scrub_propagate (error, local, &status->error, rushes_backend_get_id (backend),
                                  ops->get_key_env (backend));
  return ok;
}

static gboolean
hosted_cancel_scrubbed (RushesBackend *backend, const char *remote_id,
                        GCancellable *cancellable, GError **error)
{
  const RushesHostedOps *ops = hosted_ops (backend);
  GError *local = NULL;
  gboolean ok = ops->unscrubbed.cancel (backend, remote_id, cancellable, &local);

  _rushes_hosted_scrub_propagate (error, local, NULL, rushes_backend_get_id (backend),
                                  ops->get_key_env (backend));
  return ok;
}

static gboolean
hosted_fetch_scrubbed (RushesBackend            *backend,
                       const char               *remote_id,
                       const char               *result,
                       const char               *dest_path,
                       const RushesBackendCall  *call,
                       GError                  **error)
{
  const RushesHostedOps *ops = hosted_ops (backend);
  GError *local = NULL;
  gboolean ok = ops->unscrubbed.fetch (backend, remote_id, result, dest_path, call, &local);

  _rushes_hosted_scrub_propagate (error, local, NULL, rushes_backend_get_id (backend),
                                  ops->get_key_env (backend));
  return ok;
}

static char *
hosted_lookup_scrubbed (RushesBackend *backend, const char *job_id,
                        GCancellable *cancellable, GError **error)
{
  const RushesHostedOps *ops = hosted_ops (backend);
  GError *local = NULL;
  char *id = ops->unscrubbed.lookup (backend, job_id, cancellable, &local);

  _rushes_hosted_scrub_propagate (error, local, NULL, rushes_backend_get_id (backend),
                                  ops->get_key_env (backend));
  return id;
}

void
_rushes_hosted_iface_init_scrubbed (RushesBackendInterface *iface,
                                    const RushesHostedOps  *ops)
{
  g_return_if_fail (iface->get_id != NULL);
  g_return_if_fail (ops != NULL && ops->get_key_env != NULL);

  g_type_set_qdata (iface->parent_iface.g_instance_type, hosted_ops_quark (), (gpointer) ops);
  iface->submit = hosted_submit_scrubbed;
  iface->poll = hosted_poll_scrubbed;
  iface->cancel = hosted_cancel_scrubbed;
  iface->fetch = hosted_fetch_scrubbed;
  iface->lookup = hosted_lookup_scrubbed;
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

gboolean
_rushes_hosted_fetch (RushesBackend          *backend,
                      RushesHostedClientFunc  make_client,
                      const char             *what,
                      guint64                 max_bytes,
                      gboolean                allow_http,
                      const char             *result,
                      const char             *dest_path,
                      RushesProgressFunc      progress,
                      gpointer                progress_data,
                      GCancellable           *cancellable,
                      GError                **error)
{
  g_autoptr(RushesHttpClient) client = NULL;
  RushesRemoteDownloadProgress adapter = { progress, progress_data, _("Downloading") };
  GError *local = NULL;

  g_return_val_if_fail (dest_path != NULL, FALSE);

  if (result != NULL && g_str_has_prefix (result, "data:"))
    return _rushes_hosted_write_data_uri (result, dest_path, max_bytes, error);

  if (!_rushes_hosted_check_result_url (result, allow_http, error))
    return FALSE;

  client = make_client (backend, cancellable, error);
  if (client == NULL)
    return FALSE;

  if (!rushes_http_client_download (client, result, dest_path, rushes_remote_download_progress_cb, &adapter,
                                    cancellable, &local))
    {
      _rushes_hosted_propagate_http_error (error, local, what);
      return FALSE;
    }

  return TRUE;
}

char *
_rushes_hosted_lookup (RushesBackend          *backend,
                       const char             *state_dir,
                       const char             *job_id,
                       gboolean              (*is_remote_id) (const char *remote_id),
                       RushesHostedClientFunc  make_client,
                       RushesHostedFindFunc    find_in_list,
                       GCancellable           *cancellable,
                       GError                **error)
{
  g_autoptr(RushesHttpClient) client = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autofree char *record_path = NULL;
  const char *remote;
  char *found;

  record_path = _rushes_hosted_record_path (state_dir, rushes_backend_get_id (backend), job_id);
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
  if (remote != NULL && is_remote_id (remote))
    return g_strdup (remote);

  if (!json_object_has_member (record, "input") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (record, "input")))
    return NULL;

  client = make_client (backend, cancellable, error);
  if (client == NULL)
    return NULL;

  found = find_in_list (backend, client, record, record_path, cancellable, error);
  if (found != NULL)
    _rushes_hosted_record_set_remote_id (record_path, record, found);
  return found;
}

gboolean
_rushes_hosted_read_settings (JsonObject            *config,
                              const char            *kind,
                              const char            *default_model,
                              gboolean             (*is_model_id) (const char *model),
                              gboolean             (*config_error) (GError    **error,
                                                                    const char *message),
                              char                 **key_env,
                              RushesHostedCatalog  **catalog,
                              char                 **model,
                              char                 **state_dir,
                              guint                 *max_concurrent,
                              guint64               *max_download_bytes,
                              GError               **error)
{
  const char *models_file;

  *key_env = g_strdup (json_object_get_string_member_with_default (config, "key_env", NULL));
  if (*key_env != NULL && (*key_env)[0] == '\0')
    g_clear_pointer (key_env, g_free);
  if (*key_env != NULL && !rushes_secrets_is_valid_env_name (*key_env))
    return config_error (error, _("“key_env” must be an environment variable name"));

  models_file = json_object_get_string_member_with_default (config, "models_file", NULL);
  if (models_file != NULL && models_file[0] != '\0')
    *catalog = rushes_hosted_catalog_new_from_file (models_file, error);
  else
    *catalog = rushes_hosted_catalog_new_for_kind (kind, error);
  if (*catalog == NULL)
    return FALSE;

  *model = g_strdup (json_object_get_string_member_with_default (config, "model", default_model));
  if (!rushes_hosted_catalog_has_model (*catalog, *model) || !is_model_id (*model))
    {
      g_autofree char *msg = g_strdup_printf (_("unknown model “%s”"), *model);

      return config_error (error, msg);
    }

  *state_dir = g_strdup (json_object_get_string_member_with_default (config, "state_dir", NULL));
  *max_concurrent = (guint) CLAMP (json_object_get_int_member_with_default (config, "max_concurrent", 2), 1, 16);
  if (json_object_has_member (config, "max_download_bytes"))
    *max_download_bytes = (guint64) MAX (1, json_object_get_int_member (config, "max_download_bytes"));

  return TRUE;
}

int
_rushes_hosted_status_error_code (guint status)
{
  if (status == 401 || status == 403 || status == 402)
    return RUSHES_BACKEND_ERROR_AUTH;
  else if (status == 404 || status == 410)
    return RUSHES_BACKEND_ERROR_NOT_FOUND;
  else if (status == 400 || status == 422)
    return RUSHES_BACKEND_ERROR_UNSUPPORTED;
  else if (status == 429 || status >= 500)
    return RUSHES_BACKEND_ERROR_UNAVAILABLE;
  else
    return RUSHES_BACKEND_ERROR_FAILED;
}

gint64
_rushes_hosted_parse_time (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL)
    return G_MININT64;
  dt = g_date_time_new_from_iso8601 (iso, NULL);
  return dt ? g_date_time_to_unix (dt) : G_MININT64;
}

void
_rushes_hosted_key_cache_init (RushesHostedKeyCache *cache)
{
  g_mutex_init (&cache->lock);
  cache->key = NULL;
  cache->generation = 0;
}

void
_rushes_hosted_key_cache_clear (RushesHostedKeyCache *cache)
{
  g_clear_pointer (&cache->key, rushes_secrets_free_key);
  g_mutex_clear (&cache->lock);
}

char *
_rushes_hosted_key_cache_get (RushesHostedKeyCache  *cache,
                              const char            *backend_id,
                              const char            *key_env,
                              GCancellable          *cancellable,
                              GError               **error)
{
  guint generation = rushes_secrets_get_generation ();
  char *key = NULL;

  if (key_env != NULL && key_env[0] != '\0')
    return rushes_secrets_get_key_sync (backend_id, key_env, cancellable, error);

  g_mutex_lock (&cache->lock);
  if (cache->key != NULL && cache->generation == generation)
    key = g_strdup (cache->key);
  g_mutex_unlock (&cache->lock);
  if (key != NULL)
    return key;

  /* not under the lock: this may wait for the keyring */
  key = rushes_secrets_get_key_sync (backend_id, NULL, cancellable, error);
  if (key == NULL)
    return NULL;

  g_mutex_lock (&cache->lock);
  g_clear_pointer (&cache->key, rushes_secrets_free_key);
  cache->key = g_strdup (key);
  cache->generation = generation;
  g_mutex_unlock (&cache->lock);

  return key;
}

gboolean
_rushes_hosted_is_path_segment (const char *s,
                                gsize       len)
{
  if (len == 0 || len > 100)
    return FALSE;
  if (len <= 2 && s[0] == '.')
    return FALSE;   /* "." and ".." */
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
      return FALSE;
  return TRUE;
}
