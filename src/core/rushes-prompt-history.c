/* rushes-prompt-history.c: every prompt submitted, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: the list lives on the main thread; each change serialises the
 * whole history (it is small) and hands the text to a one-thread pool that
 * writes it atomically, so writes land in order and never block the UI.
 */
#define G_LOG_DOMAIN "rushes-prompt-history"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-prompt-history.h"

#define HISTORY_VERSION 1

/* entry */

struct _RushesPromptEntry
{
  GObject  parent_instance;

  char    *text;
  char    *folded;   /* for searching */
  gint64   last_used;
  guint    uses;
};

G_DEFINE_TYPE (RushesPromptEntry, rushes_prompt_entry, G_TYPE_OBJECT)

enum
{
  ENTRY_PROP_0,
  ENTRY_PROP_TEXT,
  ENTRY_PROP_LAST_USED,
  ENTRY_PROP_USES,
  ENTRY_N_PROPS
};

static GParamSpec *entry_properties[ENTRY_N_PROPS];

static void
rushes_prompt_entry_finalize (GObject *object)
{
  RushesPromptEntry *self = RUSHES_PROMPT_ENTRY (object);

  g_free (self->text);
  g_free (self->folded);
  G_OBJECT_CLASS (rushes_prompt_entry_parent_class)->finalize (object);
}

static void
rushes_prompt_entry_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RushesPromptEntry *self = RUSHES_PROMPT_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_TEXT:      g_value_set_string (value, self->text); break;
    case ENTRY_PROP_LAST_USED: g_value_set_int64 (value, self->last_used); break;
    case ENTRY_PROP_USES:      g_value_set_uint (value, self->uses); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_prompt_entry_class_init (RushesPromptEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rushes_prompt_entry_finalize;
  object_class->get_property = rushes_prompt_entry_get_property;

  entry_properties[ENTRY_PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);
  entry_properties[ENTRY_PROP_LAST_USED] = g_param_spec_int64 ("last-used", NULL, NULL, 0, G_MAXINT64, 0, flags);
  entry_properties[ENTRY_PROP_USES] = g_param_spec_uint ("uses", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_properties);
}

static void
rushes_prompt_entry_init (RushesPromptEntry *self)
{
}

static char *
fold (const char *text)
{
  g_autofree char *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  g_autofree char *casefolded = NULL;
  GString *out;

  if (normalized == NULL)
    return g_strdup ("");
  casefolded = g_utf8_casefold (normalized, -1);
  /* drop combining marks, so "cafe" finds "café" */
  out = g_string_new (NULL);
  for (const char *p = casefolded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static RushesPromptEntry *
entry_new (const char *text,
           gint64      last_used,
           guint       uses)
{
  RushesPromptEntry *self = g_object_new (RUSHES_TYPE_PROMPT_ENTRY, NULL);

  self->text = g_strdup (text);
  self->folded = fold (text);
  self->last_used = last_used;
  self->uses = uses;
  return self;
}

const char *
rushes_prompt_entry_get_text (RushesPromptEntry *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_ENTRY (self), NULL);
  return self->text;
}

gint64
rushes_prompt_entry_get_last_used (RushesPromptEntry *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_ENTRY (self), 0);
  return self->last_used;
}

guint
rushes_prompt_entry_get_uses (RushesPromptEntry *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_ENTRY (self), 0);
  return self->uses;
}

gboolean
rushes_prompt_entry_matches (RushesPromptEntry *self,
                             const char        *query)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (RUSHES_IS_PROMPT_ENTRY (self), FALSE);

  if (query == NULL)
    return TRUE;
  folded = fold (query);
  words = g_strsplit_set (folded, " \t\n", -1);
  for (guint i = 0; words[i]; i++)
    if (words[i][0] != '\0' && strstr (self->folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* history */

struct _RushesPromptHistory
{
  GObject      parent_instance;

  GThread     *owner_thread;
  char        *path;
  GPtrArray   *entries;   /* RushesPromptEntry, newest first */
  guint        limit;
  GThreadPool *writer;    /* one thread: writes land in order */
  GMutex       lock;      /* guards last_error and pending */
  GCond        written;
  guint        pending;
  GError      *last_error;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (RushesPromptHistory, rushes_prompt_history, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
history_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_PROMPT_ENTRY;
}

static guint
history_get_n_items (GListModel *model)
{
  return RUSHES_PROMPT_HISTORY (model)->entries->len;
}

static gpointer
history_get_item (GListModel *model,
                  guint       position)
{
  RushesPromptHistory *self = RUSHES_PROMPT_HISTORY (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = history_get_item_type;
  iface->get_n_items = history_get_n_items;
  iface->get_item = history_get_item;
}

typedef struct
{
  RushesPromptHistory *history;  /* not a reference: finalize waits for the pool */
  char                *data;
} WriteJob;

static void
write_func (gpointer data,
            gpointer user_data)
{
  WriteJob *job = data;
  RushesPromptHistory *self = job->history;
  g_autoptr(GError) error = NULL;

  if (!_rushes_write_file_atomic (self->path, job->data, -1, 0600, &error))
    g_message ("Could not save the prompt history: %s", error->message);

  g_mutex_lock (&self->lock);
  if (error != NULL)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&error);
    }
  self->pending--;
  g_cond_broadcast (&self->written);
  g_mutex_unlock (&self->lock);
  g_free (job->data);
  g_free (job);
}

static void
rushes_prompt_history_finalize (GObject *object)
{
  RushesPromptHistory *self = RUSHES_PROMPT_HISTORY (object);

  /* finish pending writes */
  g_thread_pool_free (self->writer, FALSE, TRUE);
  g_ptr_array_unref (self->entries);
  g_free (self->path);
  g_clear_error (&self->last_error);
  g_cond_clear (&self->written);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_prompt_history_parent_class)->finalize (object);
}

static void
rushes_prompt_history_class_init (RushesPromptHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_prompt_history_finalize;
}

static void
rushes_prompt_history_init (RushesPromptHistory *self)
{
  self->owner_thread = g_thread_self ();
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->limit = RUSHES_PROMPT_HISTORY_MAX;
  g_mutex_init (&self->lock);
  g_cond_init (&self->written);
  self->writer = g_thread_pool_new (write_func, NULL, 1, FALSE, NULL);
}

RushesPromptHistory *
rushes_prompt_history_new (const char *path)
{
  RushesPromptHistory *self = g_object_new (RUSHES_TYPE_PROMPT_HISTORY, NULL);

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_data_dir (), "rushes", "prompt-history.json", NULL);
  return self;
}

static char *
serialize (RushesPromptHistory *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, HISTORY_VERSION);
  json_builder_set_member_name (builder, "prompts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->entries->len; i++)
    {
      RushesPromptEntry *entry = g_ptr_array_index (self->entries, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, entry->text);
      json_builder_set_member_name (builder, "last_used");
      json_builder_add_int_value (builder, entry->last_used);
      json_builder_set_member_name (builder, "uses");
      json_builder_add_int_value (builder, entry->uses);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return _rushes_json_to_string (root, FALSE);
}

static void
queue_save (RushesPromptHistory *self)
{
  WriteJob *job = g_new0 (WriteJob, 1);

  job->history = self;
  job->data = serialize (self);
  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->writer, job, NULL);
}

static void
replace_entries (RushesPromptHistory *self,
                 GPtrArray           *entries)
{
  guint removed = self->entries->len;

  g_ptr_array_unref (self->entries);
  self->entries = g_ptr_array_ref (entries);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, entries->len);
}

gboolean
rushes_prompt_history_load (RushesPromptHistory  *self,
                            GError              **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonArray *array = NULL;

  g_return_val_if_fail (RUSHES_IS_PROMPT_HISTORY (self), FALSE);
  RUSHES_ASSERT_OWNER (self);

  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      replace_entries (self, entries);
      return TRUE;
    }

  root = _rushes_json_from_file (self->path, &local_error);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonNode *prompts = json_object_get_member (json_node_get_object (root), "prompts");

      if (prompts != NULL && JSON_NODE_HOLDS_ARRAY (prompts))
        array = json_node_get_array (prompts);
    }
  if (array == NULL)
    {
      g_autofree char *aside = g_strconcat (self->path, ".corrupt", NULL);

      g_warning ("The prompt history %s is unreadable (%s); moved it to %s", self->path,
                 local_error ? local_error->message : "not a prompt history", aside);
      if (g_rename (self->path, aside) != 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       _("Could not move the unreadable prompt history aside"));
          return FALSE;
        }
      replace_entries (self, entries);
      return TRUE;
    }

  for (guint i = 0; i < json_array_get_length (array) && entries->len < self->limit; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *text;
      RushesPromptEntry *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      object = json_node_get_object (node);
      text = json_object_get_string_member_with_default (object, "text", NULL);
      if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL) ||
          g_hash_table_contains (seen, text))
        continue;
      entry = entry_new (text, json_object_get_int_member_with_default (object, "last_used", 0),
                         (guint) CLAMP (json_object_get_int_member_with_default (object, "uses", 1), 1, G_MAXUINT));
      g_hash_table_add (seen, entry->text);
      g_ptr_array_add (entries, entry);
    }

  replace_entries (self, entries);
  return TRUE;
}

static void
trim (RushesPromptHistory *self)
{
  if (self->entries->len > self->limit)
    {
      guint extra = self->entries->len - self->limit;

      g_ptr_array_remove_range (self->entries, self->limit, extra);
      g_list_model_items_changed (G_LIST_MODEL (self), self->limit, extra, 0);
    }
}

void
rushes_prompt_history_add (RushesPromptHistory *self,
                           const char          *prompt)
{
  g_autofree char *text = NULL;
  RushesPromptEntry *entry;
  guint uses = 1;

  g_return_if_fail (RUSHES_IS_PROMPT_HISTORY (self));
  g_return_if_fail (prompt != NULL);
  RUSHES_ASSERT_OWNER (self);

  text = g_strstrip (g_strdup (prompt));
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    return;

  for (guint i = 0; i < self->entries->len; i++)
    {
      RushesPromptEntry *old = g_ptr_array_index (self->entries, i);

      if (g_str_equal (old->text, text))
        {
          uses = old->uses + 1;
          g_ptr_array_remove_index (self->entries, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          break;
        }
    }

  entry = entry_new (text, g_get_real_time () / G_USEC_PER_SEC, uses);
  g_ptr_array_insert (self->entries, 0, entry);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, 1);

  trim (self);
  queue_save (self);
}

void
rushes_prompt_history_set_limit (RushesPromptHistory *self,
                                 guint                limit)
{
  g_return_if_fail (RUSHES_IS_PROMPT_HISTORY (self));
  RUSHES_ASSERT_OWNER (self);

  self->limit = limit;
  if (self->entries->len > limit)
    {
      trim (self);
      queue_save (self);
    }
}

guint
rushes_prompt_history_get_limit (RushesPromptHistory *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_HISTORY (self), 0);
  return self->limit;
}

gboolean
rushes_prompt_history_remove (RushesPromptHistory *self,
                              const char          *prompt)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_HISTORY (self), FALSE);
  RUSHES_ASSERT_OWNER (self);

  for (guint i = 0; i < self->entries->len; i++)
    {
      RushesPromptEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_strcmp0 (entry->text, prompt) == 0)
        {
          g_ptr_array_remove_index (self->entries, i);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
          queue_save (self);
          return TRUE;
        }
    }
  return FALSE;
}

void
rushes_prompt_history_clear (RushesPromptHistory *self)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (RUSHES_IS_PROMPT_HISTORY (self));
  RUSHES_ASSERT_OWNER (self);

  replace_entries (self, empty);
  queue_save (self);
}

GListModel *
rushes_prompt_history_search (RushesPromptHistory *self,
                              const char          *query)
{
  GListStore *store;

  g_return_val_if_fail (RUSHES_IS_PROMPT_HISTORY (self), NULL);

  store = g_list_store_new (RUSHES_TYPE_PROMPT_ENTRY);
  for (guint i = 0; i < self->entries->len; i++)
    {
      RushesPromptEntry *entry = g_ptr_array_index (self->entries, i);

      if (rushes_prompt_entry_matches (entry, query))
        g_list_store_append (store, entry);
    }
  return G_LIST_MODEL (store);
}

gboolean
rushes_prompt_history_flush (RushesPromptHistory  *self,
                             GError              **error)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_HISTORY (self), FALSE);

  g_mutex_lock (&self->lock);
  while (self->pending > 0)
    g_cond_wait (&self->written, &self->lock);
  if (self->last_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->last_error));
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  g_mutex_unlock (&self->lock);
  return TRUE;
}
