/* rushes-library.c: the takes in the library folder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-library"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-background.h"
#include "rushes-core-private.h"
#include "rushes-library-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_TYPE_WITH_CODE (RushesLibrary, rushes_library, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SCANNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
library_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_TAKE;
}

static guint
library_get_n_items (GListModel *model)
{
  return RUSHES_LIBRARY (model)->takes->len;
}

static gpointer
library_get_item (GListModel *model,
                  guint       position)
{
  RushesLibrary *self = RUSHES_LIBRARY (model);

  if (position >= self->takes->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->takes, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = library_get_item_type;
  iface->get_n_items = library_get_n_items;
  iface->get_item = library_get_item;
}

static void
rushes_library_finalize (GObject *object)
{
  RushesLibrary *self = RUSHES_LIBRARY (object);

  g_free (self->dir);
  g_hash_table_unref (self->by_path);
  g_ptr_array_unref (self->takes);
  g_hash_table_unref (self->hidden);

  G_OBJECT_CLASS (rushes_library_parent_class)->finalize (object);
}

static void
rushes_library_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SCANNING:
      g_value_set_boolean (value, RUSHES_LIBRARY (object)->scanning);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_library_class_init (RushesLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rushes_library_finalize;
  object_class->get_property = rushes_library_get_property;

  properties[PROP_SCANNING] =
    g_param_spec_boolean ("scanning", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

void
_rushes_library_set_scanning (RushesLibrary *self,
                              gboolean       scanning)
{
  if (self->scanning == scanning)
    return;
  self->scanning = scanning;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNING]);
}

gboolean
rushes_library_get_scanning (RushesLibrary *self)
{
  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), FALSE);
  return self->scanning;
}

static void
rushes_library_init (RushesLibrary *self)
{
  self->owner_thread = g_thread_self ();
  self->takes = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_path = g_hash_table_new (g_str_hash, g_str_equal);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

char *
rushes_library_get_default_dir (void)
{
  return _rushes_default_library_dir ();
}

RushesLibrary *
rushes_library_new (const char *dir)
{
  RushesLibrary *self = g_object_new (RUSHES_TYPE_LIBRARY, NULL);

  self->dir = dir ? g_canonicalize_filename (dir, NULL) : rushes_library_get_default_dir ();
  return self;
}

const char *
rushes_library_get_dir (RushesLibrary *self)
{
  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), NULL);
  return self->dir;
}

void
_rushes_library_replace_all (RushesLibrary *self,
                             GPtrArray     *takes)
{
  guint removed = self->takes->len;

  /* a take waiting for its Undo stays out of a rescan */
  for (guint i = takes->len; i > 0; i--)
    if (g_hash_table_contains (self->hidden, rushes_take_get_path (g_ptr_array_index (takes, i - 1))))
      g_ptr_array_remove_index (takes, i - 1);

  g_hash_table_remove_all (self->by_path);
  for (guint i = 0; i < takes->len; i++)
    g_hash_table_insert (self->by_path, (gpointer) rushes_take_get_path (g_ptr_array_index (takes, i)),
                         g_ptr_array_index (takes, i));
  g_ptr_array_unref (self->takes);
  self->takes = g_ptr_array_ref (takes);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, takes->len);
}

void
rushes_library_set_dir (RushesLibrary *self,
                        const char    *dir)
{
  g_autoptr(GPtrArray) empty = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (RUSHES_IS_LIBRARY (self));
  RUSHES_ASSERT_OWNER (self);

  g_free (self->dir);
  self->dir = dir ? g_canonicalize_filename (dir, NULL) : rushes_library_get_default_dir ();
  self->generation++;
  _rushes_library_replace_all (self, empty);
}

int
_rushes_library_compare_newest (gconstpointer a,
                                gconstpointer b)
{
  return rushes_take_compare (*(RushesTake **) a, *(RushesTake **) b, RUSHES_TAKE_SORT_DATE);
}

static int
compare_by_query (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return rushes_take_compare (*(RushesTake **) a, *(RushesTake **) b, GPOINTER_TO_INT (user_data));
}

GPtrArray *
rushes_library_query (RushesLibrary         *self,
                      const RushesTakeQuery *query)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), found);
  g_return_val_if_fail (query != NULL, found);

  for (guint i = 0; i < self->takes->len; i++)
    if (rushes_take_matches (g_ptr_array_index (self->takes, i), query))
      g_ptr_array_add (found, g_object_ref (g_ptr_array_index (self->takes, i)));
  g_ptr_array_sort_with_data (found, compare_by_query, GINT_TO_POINTER (query->sort));
  return found;
}

static gboolean
find_path (RushesLibrary *self,
           const char    *media_path,
           guint         *position)
{
  RushesTake *take = g_hash_table_lookup (self->by_path, media_path);

  if (take == NULL)
    return FALSE;
  return g_ptr_array_find (self->takes, take, position);
}

RushesTake *
rushes_library_lookup (RushesLibrary *self,
                       const char    *media_path)
{
  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), NULL);

  return media_path != NULL ? g_hash_table_lookup (self->by_path, media_path) : NULL;
}

static void
remove_path (RushesLibrary *self,
             const char    *media_path)
{
  guint position;

  if (find_path (self, media_path, &position))
    {
      g_hash_table_remove (self->by_path, media_path);
      g_ptr_array_remove_index (self->takes, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
}

/* Takes ownership of take; replaces a take with the same path. */
static void
insert_sorted (RushesLibrary *self,
               RushesTake    *take)
{
  guint insert_at = 0;

  remove_path (self, rushes_take_get_path (take));
  while (insert_at < self->takes->len &&
         _rushes_library_compare_newest (&g_ptr_array_index (self->takes, insert_at), &take) < 0)
    insert_at++;
  g_ptr_array_insert (self->takes, insert_at, take);
  g_hash_table_insert (self->by_path, (gpointer) rushes_take_get_path (take), take);
  g_list_model_items_changed (G_LIST_MODEL (self), insert_at, 0, 1);
}

RushesTake *
rushes_library_add_file (RushesLibrary  *self,
                         const char     *media_path,
                         GError        **error)
{
  g_autofree char *sidecar = NULL;
  RushesTake *take;

  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), NULL);
  g_return_val_if_fail (media_path != NULL, NULL);
  RUSHES_ASSERT_OWNER (self);

  sidecar = rushes_take_sidecar_path_for (media_path);
  take = rushes_take_new_from_sidecar (sidecar, error);
  if (take == NULL)
    return NULL;

  insert_sorted (self, take);
  return take;
}

gboolean
rushes_library_trash_take (RushesLibrary  *self,
                           RushesTake     *take,
                           GError        **error)
{
  g_autoptr(GFile) media = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TAKE (take), FALSE);
  RUSHES_ASSERT_OWNER (self);

  /* Never deleted outright: if there is no trash here, say so and keep it. */
  media = g_file_new_for_path (rushes_take_get_path (take));
  if (!g_file_trash (media, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not move %s to the trash: %s"), rushes_take_get_path (take),
                   local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);
  sidecar = g_file_new_for_path (rushes_take_get_sidecar_path (take));
  if (!g_file_trash (sidecar, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_message ("Could not move %s to the trash: %s", rushes_take_get_sidecar_path (take),
               local_error->message);

  remove_path (self, rushes_take_get_path (take));
  g_hash_table_remove (self->hidden, rushes_take_get_path (take));
  return TRUE;
}

void
rushes_library_hide_take (RushesLibrary *self,
                          RushesTake    *take)
{
  g_return_if_fail (RUSHES_IS_LIBRARY (self));
  g_return_if_fail (RUSHES_IS_TAKE (take));
  RUSHES_ASSERT_OWNER (self);

  g_hash_table_replace (self->hidden, g_strdup (rushes_take_get_path (take)), g_object_ref (take));
  remove_path (self, rushes_take_get_path (take));
}

gboolean
rushes_library_restore_take (RushesLibrary *self,
                             RushesTake    *take)
{
  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_TAKE (take), FALSE);
  RUSHES_ASSERT_OWNER (self);

  if (!g_hash_table_contains (self->hidden, rushes_take_get_path (take)))
    return FALSE;
  g_object_ref (take);
  g_hash_table_remove (self->hidden, rushes_take_get_path (take));
  insert_sorted (self, take);
  return TRUE;
}

gboolean
rushes_library_is_hidden (RushesLibrary *self,
                          const char    *media_path)
{
  g_return_val_if_fail (RUSHES_IS_LIBRARY (self), FALSE);

  return media_path != NULL && g_hash_table_contains (self->hidden, media_path);
}

static void
job_finished_cb (RushesJobQueue *queue,
                 RushesJob      *job,
                 RushesLibrary  *self)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = rushes_job_get_take_path (job);

  if (rushes_job_get_state (job) != RUSHES_JOB_SUCCEEDED || path == NULL)
    return;
  dir = g_path_get_dirname (path);
  if (g_strcmp0 (dir, self->dir) != 0)
    return;
  if (rushes_library_add_file (self, path, &error) == NULL)
    g_message ("Could not add %s to the library: %s", path, error->message);
}

void
rushes_library_follow_queue (RushesLibrary  *self,
                             RushesJobQueue *queue)
{
  g_return_if_fail (RUSHES_IS_LIBRARY (self));
  g_return_if_fail (RUSHES_IS_JOB_QUEUE (queue));

  g_signal_connect_object (queue, "job-finished", G_CALLBACK (job_finished_cb), self, 0);
}

/* ---- importing ---------------------------------------------------------- */

/* The nearest even number in [64, 4096] (a recipe's sides) */
static guint
recipe_side (guint side)
{
  return CLAMP (side, 64, 4096) & ~1u;
}

RushesRecipe *
rushes_library_import_recipe (const char *source_path,
                              double      seconds,
                              guint       width,
                              guint       height,
                              guint       fps)
{
  RushesRecipe *recipe = rushes_recipe_new ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (source_path != NULL, NULL);

  name = g_filename_display_basename (source_path);
  rushes_recipe_set_prompt (recipe, name);
  rushes_recipe_set_backend (recipe, RUSHES_IMPORT_BACKEND);
  rushes_recipe_set_model (recipe, "");
  if (seconds > 0)
    rushes_recipe_set_seconds (recipe, CLAMP (seconds, 0.5, 60.0));
  if (width > 0 && height > 0)
    {
      rushes_recipe_set_width (recipe, recipe_side (width));
      rushes_recipe_set_height (recipe, recipe_side (height));
    }
  if (fps > 0)
    rushes_recipe_set_fps (recipe, CLAMP (fps, 1, 120));
  return recipe;
}

/* "clip.mp4", 3 → "clip-3.mp4" */
static char *
numbered_name (const char *base,
               guint       n)
{
  const char *dot = strrchr (base, '.');
  g_autofree char *stem = NULL;

  if (n <= 1)
    return g_strdup (base);
  if (dot == NULL || dot == base)
    return g_strdup_printf ("%s-%u", base, n);
  stem = g_strndup (base, dot - base);
  return g_strdup_printf ("%s-%u%s", stem, n, dot);
}

/* Moves the copy at part to a free name in dir (neither the file nor its
 * sidecar taken) and returns that path. */
static char *
move_to_free_name (const char    *part,
                   const char    *dir,
                   const char    *base,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GFile) from = g_file_new_for_path (part);

  for (guint n = 1; n < 10000; n++)
    {
      g_autofree char *name = numbered_name (base, n);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *sidecar = rushes_take_sidecar_path_for (path);
      g_autoptr(GFile) to = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_file_test (path, G_FILE_TEST_EXISTS) || g_file_test (sidecar, G_FILE_TEST_EXISTS))
        continue;
      to = g_file_new_for_path (path);
      if (g_file_move (from, to, G_FILE_COPY_NONE, cancellable, NULL, NULL, &local_error))
        return g_steal_pointer (&path);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("The library folder has too many files named like “%s”"), base);
  return NULL;
}

/* Copies source into dir under a hidden temporary name first, so that a
 * half-copied file never has a take's name. */
static char *
copy_into (const char    *source_path,
           const char    *dir,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree char *base = g_path_get_basename (source_path);
  g_autofree char *template = g_strdup_printf (".%s.import-XXXXXX", base);
  g_autofree char *part = g_build_filename (dir, template, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (source_path);
  g_autoptr(GFile) to = NULL;
  char *path;
  int fd;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the library folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  fd = g_mkstemp_full (part, O_WRONLY, 0644);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not write to the library folder %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  close (fd);
  to = g_file_new_for_path (part);
  if (!g_file_copy (from, to, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    {
      g_unlink (part);
      return NULL;
    }
  path = move_to_free_name (part, dir, base, cancellable, error);
  if (path == NULL)
    g_unlink (part);
  return path;
}

char *
rushes_library_import_file (const char    *dir,
                            const char    *source_path,
                            RushesRecipe  *recipe,
                            JsonObject    *info,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autofree char *source = NULL;
  g_autofree char *library_dir = NULL;
  g_autofree char *source_dir = NULL;
  g_autofree char *target = NULL;
  g_autoptr(JsonObject) take_info = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  gboolean copied;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (source_path != NULL, NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);

  source = g_canonicalize_filename (source_path, NULL);
  library_dir = g_canonicalize_filename (dir, NULL);
  source_dir = g_path_get_dirname (source);
  if (!g_file_test (source, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("“%s” is not a file"), source);
      return NULL;
    }

  /* already in the folder: it only needs its sidecar */
  copied = g_strcmp0 (source_dir, library_dir) != 0;
  if (!copied)
    {
      g_autofree char *sidecar = rushes_take_sidecar_path_for (source);
      g_autoptr(RushesTake) take = rushes_take_new_from_sidecar (sidecar, NULL);

      /* a take already: its recipe stays */
      if (take != NULL && g_strcmp0 (rushes_take_get_path (take), source) == 0)
        return g_steal_pointer (&source);
      /* another take's sidecar has its name: never overwrite that, copy */
      copied = g_file_test (sidecar, G_FILE_TEST_EXISTS);
    }
  if (copied)
    target = copy_into (source, library_dir, cancellable, error);
  else
    target = g_strdup (source);
  if (target == NULL)
    return NULL;

  if (info != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (info);

      for (GList *l = members; l; l = l->next)
        json_object_set_member (take_info, l->data, json_node_copy (json_object_get_member (info, l->data)));
    }
  json_object_set_string_member (take_info, "imported_from", source);
  if (!json_object_has_member (take_info, "created"))
    json_object_set_string_member (take_info, "created", created);
  if (!rushes_take_write_sidecar (target, recipe, take_info, error))
    {
      if (copied)
        g_unlink (target);
      return NULL;
    }
  return g_steal_pointer (&target);
}
