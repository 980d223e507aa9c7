/* rushes-backend-registry.c: the configured backends
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-backend-registry"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-backend-registry.h"
#include "rushes-core-private.h"

#define REGISTRY_VERSION 1
#define SKETCH_ID "sketch"

typedef struct
{
  RushesBackend *backend;
  JsonObject    *config;       /* NULL: added at run time, not saved */
  guint          concurrency;  /* 0: from capabilities */
} Entry;

struct _RushesBackendRegistry
{
  GObject    parent_instance;

  GThread   *owner_thread;

  char      *path;
  GPtrArray *entries;     /* Entry */
  char      *default_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (RushesBackendRegistry, rushes_backend_registry, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (rushes-backend-registry-error-quark, rushes_backend_registry_error)

static GMutex kinds_lock;
static GHashTable *kinds;  /* kind → RushesBackendFactory */

void
rushes_backend_registry_register_kind (const char           *kind,
                                       RushesBackendFactory  factory)
{
  g_return_if_fail (kind != NULL && factory != NULL);

  g_mutex_lock (&kinds_lock);
  if (kinds == NULL)
    kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_insert (kinds, g_strdup (kind), factory);
  g_mutex_unlock (&kinds_lock);
}

static RushesBackendFactory
lookup_kind (const char *kind)
{
  RushesBackendFactory factory = NULL;

  g_mutex_lock (&kinds_lock);
  if (kinds != NULL && kind != NULL)
    factory = g_hash_table_lookup (kinds, kind);
  g_mutex_unlock (&kinds_lock);

  return factory;
}

gboolean
rushes_backend_registry_has_kind (const char *kind)
{
  return lookup_kind (kind) != NULL;
}

static void
entry_free (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->backend);
  g_clear_pointer (&entry->config, json_object_unref);
  g_free (entry);
}

/* GListModel */

static GType
registry_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_BACKEND;
}

static guint
registry_get_n_items (GListModel *model)
{
  return RUSHES_BACKEND_REGISTRY (model)->entries->len;
}

static gpointer
registry_get_item (GListModel *model,
                   guint       position)
{
  RushesBackendRegistry *self = RUSHES_BACKEND_REGISTRY (model);
  Entry *entry;

  if (position >= self->entries->len)
    return NULL;
  entry = g_ptr_array_index (self->entries, position);
  return g_object_ref (entry->backend);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = registry_get_item_type;
  iface->get_n_items = registry_get_n_items;
  iface->get_item = registry_get_item;
}

static void
rushes_backend_registry_finalize (GObject *object)
{
  RushesBackendRegistry *self = RUSHES_BACKEND_REGISTRY (object);

  g_free (self->path);
  g_free (self->default_id);
  g_ptr_array_unref (self->entries);

  G_OBJECT_CLASS (rushes_backend_registry_parent_class)->finalize (object);
}

static void
rushes_backend_registry_class_init (RushesBackendRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_backend_registry_finalize;
}

static void
rushes_backend_registry_init (RushesBackendRegistry *self)
{
  self->owner_thread = g_thread_self ();
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->default_id = g_strdup (SKETCH_ID);
}

RushesBackendRegistry *
rushes_backend_registry_new (const char *config_path)
{
  RushesBackendRegistry *self = g_object_new (RUSHES_TYPE_BACKEND_REGISTRY, NULL);

  if (config_path != NULL)
    self->path = g_strdup (config_path);
  else
    self->path = g_build_filename (g_get_user_config_dir (), "rushes", "backends.json", NULL);

  return self;
}

const char *
rushes_backend_registry_get_path (RushesBackendRegistry *self)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), NULL);
  return self->path;
}

static Entry *
find_entry (RushesBackendRegistry *self,
            const char            *id,
            guint                 *position)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (rushes_backend_get_id (entry->backend), id) == 0)
        {
          if (position)
            *position = i;
          return entry;
        }
    }
  return NULL;
}

static gboolean
looks_secret (const char *member)
{
  static const char * const words[] = { "key", "token", "secret", "password", "passwd",
                                        "authorization", "cookie", "credential", NULL };
  g_autofree char *lower = g_ascii_strdown (member, -1);

  /* the NAME of an environment variable or a header is fine */
  if (g_str_equal (lower, "key_env") || g_str_equal (lower, "extra_header"))
    return FALSE;
  for (guint i = 0; words[i]; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return g_str_equal (lower, "extra_header_value") || g_str_equal (lower, "headers");
}

static gboolean
check_config (JsonObject  *config,
              GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (config);
  const char *id;

  for (GList *l = members; l; l = l->next)
    if (looks_secret (l->data))
      {
        g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                     _("“%s” looks like a secret and is never stored in the backends file; "
                       "keep keys in the keyring or name an environment variable in key_env"),
                     (const char *) l->data);
        return FALSE;
      }

  id = json_object_get_string_member_with_default (config, "id", NULL);
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                           _("id must be a non-empty string"));
      return FALSE;
    }
  for (const char *p = id; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      {
        g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                     _("id may only hold letters, digits, “-”, “_” and “.” (got “%s”)"), id);
        return FALSE;
      }
  if (json_object_get_string_member_with_default (config, "kind", NULL) == NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                           _("kind must be a non-empty string"));
      return FALSE;
    }
  if (json_object_has_member (config, "concurrency"))
    {
      JsonNode *node = json_object_get_member (config, "concurrency");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > 64)
        {
          g_set_error_literal (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                               _("concurrency must be an integer between 1 and 64"));
          return FALSE;
        }
    }
  return TRUE;
}

static JsonObject *
copy_config (JsonObject *config)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), config);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *data = _rushes_json_to_string (node, FALSE);

  if (!json_parser_load_from_data (parser, data, -1, NULL))
    g_return_val_if_reached (json_object_new ());
  return json_node_dup_object (json_parser_get_root (parser));
}

static RushesBackend *
build_entry (RushesBackendRegistry  *self,
             JsonObject             *config,
             GError                **error)
{
  g_autoptr(RushesBackend) backend = NULL;
  RushesBackendFactory factory;
  const char *id;
  const char *kind;
  Entry *entry;

  if (!check_config (config, error))
    return NULL;

  id = json_object_get_string_member (config, "id");
  kind = json_object_get_string_member (config, "kind");
  if (find_entry (self, id, NULL) != NULL)
    {
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_EXISTS,
                   _("A backend called “%s” is already configured"), id);
      return NULL;
    }
  factory = lookup_kind (kind);
  if (factory == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_UNKNOWN_KIND,
                   _("Unknown backend kind “%s”"), kind);
      return NULL;
    }
  backend = factory (config, error);
  if (backend == NULL)
    return NULL;
  if (g_strcmp0 (rushes_backend_get_id (backend), id) != 0)
    {
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                   "backend factory for “%s” made a backend with id “%s”", kind,
                   rushes_backend_get_id (backend));
      return NULL;
    }

  entry = g_new0 (Entry, 1);
  entry->backend = g_object_ref (backend);
  entry->config = copy_config (config);
  entry->concurrency = (guint) json_object_get_int_member_with_default (config, "concurrency", 0);
  g_ptr_array_add (self->entries, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);

  return entry->backend;  /* borrowed: the registry holds it */
}

static void
ensure_sketch (RushesBackendRegistry *self)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(GError) error = NULL;
  RushesBackend *backend;

  if (find_entry (self, SKETCH_ID, NULL) != NULL || !rushes_backend_registry_has_kind (SKETCH_ID))
    return;

  config = json_object_new ();
  json_object_set_string_member (config, "id", SKETCH_ID);
  json_object_set_string_member (config, "kind", SKETCH_ID);
  backend = build_entry (self, config, &error);
  if (backend == NULL)
    g_warning ("Could not set up the Sketch backend: %s", error->message);
}

gboolean
rushes_backend_registry_load (RushesBackendRegistry  *self,
                              GError                **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonObject *object;
  JsonArray *array = NULL;
  guint removed;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), FALSE);
  RUSHES_ASSERT_OWNER (self);

  removed = self->entries->len;
  g_ptr_array_set_size (self->entries, 0);
  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          ensure_sketch (self);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not read %s: "), self->path);
          return FALSE;
        }
      ensure_sketch (self);
      return TRUE;
    }

  if (!json_parser_load_from_data (parser, contents, length, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ensure_sketch (self);
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                   _("%s is not a valid backends file%s%s"), self->path,
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return FALSE;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "backends") &&
      JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "backends")))
    array = json_object_get_array_member (object, "backends");

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      RushesBackend *backend;
      g_autoptr(GError) entry_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_warning ("%s: backend entry %u is not an object; skipped", self->path, i);
          continue;
        }
      backend = build_entry (self, json_node_get_object (node), &entry_error);
      if (backend == NULL)
        g_warning ("%s: backend entry %u skipped: %s", self->path, i, entry_error->message);
    }

  ensure_sketch (self);

  g_free (self->default_id);
  self->default_id = g_strdup (json_object_get_string_member_with_default (object, "default", SKETCH_ID));
  if (find_entry (self, self->default_id, NULL) == NULL)
    {
      g_free (self->default_id);
      self->default_id = g_strdup (SKETCH_ID);
    }

  return TRUE;
}

gboolean
rushes_backend_registry_save (RushesBackendRegistry  *self,
                              GError                **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, REGISTRY_VERSION);
  json_builder_set_member_name (builder, "default");
  json_builder_add_string_value (builder, self->default_id);
  json_builder_set_member_name (builder, "backends");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (entry->config == NULL)
        continue;
      json_builder_add_value (builder, json_node_init_object (json_node_alloc (), entry->config));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  data = _rushes_json_to_string (root, TRUE);

  return _rushes_write_file_atomic (self->path, data, -1, 0600, error);
}

RushesBackend *
rushes_backend_registry_add (RushesBackendRegistry  *self,
                             JsonObject             *config,
                             GError                **error)
{
  RushesBackend *backend;
  guint position = 0;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  RUSHES_ASSERT_OWNER (self);

  backend = build_entry (self, config, error);
  if (backend == NULL)
    return NULL;

  if (!rushes_backend_registry_save (self, error))
    {
      find_entry (self, rushes_backend_get_id (backend), &position);
      g_ptr_array_remove_index (self->entries, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      return NULL;
    }

  return backend;
}

void
rushes_backend_registry_add_backend (RushesBackendRegistry *self,
                                     RushesBackend         *backend,
                                     guint                  concurrency)
{
  Entry *entry;
  guint position;

  g_return_if_fail (RUSHES_IS_BACKEND_REGISTRY (self));
  g_return_if_fail (RUSHES_IS_BACKEND (backend));
  RUSHES_ASSERT_OWNER (self);

  if (find_entry (self, rushes_backend_get_id (backend), &position) != NULL)
    {
      g_ptr_array_remove_index (self->entries, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }

  entry = g_new0 (Entry, 1);
  entry->backend = g_object_ref (backend);
  entry->concurrency = concurrency;
  g_ptr_array_add (self->entries, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len - 1, 0, 1);
}

gboolean
rushes_backend_registry_remove (RushesBackendRegistry  *self,
                                const char             *id,
                                GError                **error)
{
  Entry *entry;
  guint position = 0;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), FALSE);

  entry = find_entry (self, id, &position);
  if (entry == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_NOT_FOUND,
                   _("No backend called “%s”"), id);
      return FALSE;
    }
  if (g_str_equal (id, SKETCH_ID) && entry->config != NULL)
    {
      g_set_error_literal (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_INVALID,
                           _("The built-in Sketch backend cannot be removed"));
      return FALSE;
    }

  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  if (g_strcmp0 (self->default_id, id) == 0)
    {
      g_free (self->default_id);
      self->default_id = g_strdup (SKETCH_ID);
    }

  return rushes_backend_registry_save (self, error);
}

RushesBackend *
rushes_backend_registry_lookup (RushesBackendRegistry *self,
                                const char            *id)
{
  Entry *entry;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), NULL);

  entry = find_entry (self, id, NULL);
  return entry ? entry->backend : NULL;
}

JsonObject *
rushes_backend_registry_dup_config (RushesBackendRegistry *self,
                                    const char            *id)
{
  Entry *entry;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), NULL);

  entry = find_entry (self, id, NULL);
  return (entry && entry->config) ? copy_config (entry->config) : NULL;
}

guint
rushes_backend_registry_get_concurrency (RushesBackendRegistry *self,
                                         const char            *id)
{
  g_autoptr(RushesCapabilities) caps = NULL;
  Entry *entry;

  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), 1);

  entry = find_entry (self, id, NULL);
  if (entry == NULL)
    return 1;
  if (entry->concurrency > 0)
    return entry->concurrency;
  caps = rushes_backend_get_capabilities (entry->backend);
  return MAX (caps->max_concurrent, 1);
}

const char *
rushes_backend_registry_get_default_id (RushesBackendRegistry *self)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), NULL);
  return self->default_id;
}

gboolean
rushes_backend_registry_set_default_id (RushesBackendRegistry  *self,
                                        const char             *id,
                                        GError                **error)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND_REGISTRY (self), FALSE);

  if (find_entry (self, id, NULL) == NULL)
    {
      g_set_error (error, RUSHES_BACKEND_REGISTRY_ERROR, RUSHES_BACKEND_REGISTRY_ERROR_NOT_FOUND,
                   _("No backend called “%s”"), id);
      return FALSE;
    }
  g_free (self->default_id);
  self->default_id = g_strdup (id);
  return rushes_backend_registry_save (self, error);
}
