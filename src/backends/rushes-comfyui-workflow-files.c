/* rushes-comfyui-workflow-files.c: ComfyUI workflows from files: a mapping
 * and its graph on disk, the template folders, saving an imported workflow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui-workflow"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-workflow-private.h"
#include "rushes-core-private.h"

RushesComfyuiWorkflow *
rushes_comfyui_workflow_new_from_files (const char  *graph_path,
                                        const char  *mapping_path,
                                        GError     **error)
{
  g_autofree char *graph = NULL;
  g_autofree char *mapping = NULL;
  gsize glen = 0, mlen = 0;

  if (!g_file_get_contents (mapping_path, &mapping, &mlen, error))
    return NULL;

  if (graph_path == NULL)
    {
      g_autoptr(JsonNode) m = _rushes_comfyui_workflow_parse (mapping, mlen, _("mapping"), error);
      const char *file;
      g_autofree char *dir = NULL;
      g_autofree char *base = NULL;

      if (m == NULL)
        return NULL;
      file = json_object_get_string_member_with_default (json_node_get_object (m), "workflow", NULL);
      base = file ? g_path_get_basename (file) : NULL;
      if (base == NULL || g_strcmp0 (base, file) != 0)
        {
          g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
                       _("The mapping must name its workflow file (a plain file name next to it)"));
          return NULL;
        }
      dir = g_path_get_dirname (mapping_path);
      graph_path = g_build_filename (dir, base, NULL);
      if (!g_file_get_contents (graph_path, &graph, &glen, error))
        {
          g_free ((char *) graph_path);
          return NULL;
        }
      g_free ((char *) graph_path);
    }
  else if (!g_file_get_contents (graph_path, &graph, &glen, error))
    return NULL;

  return rushes_comfyui_workflow_new (graph, glen, mapping, mlen, error);
}

/* where imported workflows go: the user's data dir, rushes/workflows */
static char *
user_workflow_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "rushes", "workflows", NULL);
}

static GPtrArray *
template_dirs (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *env = g_getenv ("RUSHES_WORKFLOW_DIR");

  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  g_ptr_array_add (dirs, user_workflow_dir ());
  g_ptr_array_add (dirs, g_build_filename (PKGDATADIR, "workflows", NULL));
  g_ptr_array_add (dirs, g_build_filename (SOURCE_DATADIR, "workflows", NULL));
  return dirs;
}

RushesComfyuiWorkflow *
rushes_comfyui_workflow_load_template (const char  *name,
                                       GError     **error)
{
  g_autoptr(GPtrArray) dirs = NULL;

  if (!_rushes_comfyui_workflow_is_safe_name (name))
    {
      g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NOT_FOUND,
                   _("“%s” is not a workflow name"), name ? name : "");
      return NULL;
    }

  dirs = template_dirs ();
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *file = g_strconcat (name, ".mapping.json", NULL);
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return rushes_comfyui_workflow_new_from_files (NULL, path, error);
    }

  g_set_error (error, RUSHES_COMFYUI_WORKFLOW_ERROR, RUSHES_COMFYUI_WORKFLOW_ERROR_NOT_FOUND,
               _("No workflow template named “%s”"), name);
  return NULL;
}

GStrv
rushes_comfyui_workflow_list_templates (void)
{
  g_autoptr(GPtrArray) dirs = template_dirs ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GList) names = NULL;

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (g_ptr_array_index (dirs, i), 0, NULL);
      const char *entry;

      while (dir && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (entry, ".mapping.json"))
          g_hash_table_add (seen, g_strndup (entry, strlen (entry) - strlen (".mapping.json")));
    }

  names = g_list_sort (g_hash_table_get_keys (seen), (GCompareFunc) g_strcmp0);
  for (GList *l = names; l; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

RushesComfyuiWorkflow *
rushes_comfyui_workflow_import (const char  *graph_json,
                                const char  *mapping_json,
                                GError     **error)
{
  g_autoptr(RushesComfyuiWorkflow) self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *graph_file = NULL;
  g_autofree char *mapping_file = NULL;
  g_autofree char *graph_path = NULL;
  g_autofree char *mapping_path = NULL;
  g_autofree char *graph_text = NULL;
  g_autofree char *mapping_text = NULL;
  JsonObject *mapping;

  self = rushes_comfyui_workflow_new (graph_json, -1, mapping_json, -1, error);
  if (self == NULL)
    return NULL;

  /* the saved mapping names the saved graph, whatever it said before */
  mapping = json_node_get_object (self->mapping);
  graph_file = g_strconcat (self->name, ".json", NULL);
  json_object_set_string_member (mapping, "workflow", graph_file);

  graph_text = _rushes_json_to_string (self->graph, TRUE);
  mapping_text = _rushes_json_to_string (self->mapping, TRUE);

  dir = user_workflow_dir ();
  mapping_file = g_strconcat (self->name, ".mapping.json", NULL);
  graph_path = g_build_filename (dir, graph_file, NULL);
  mapping_path = g_build_filename (dir, mapping_file, NULL);
  /* the graph first: a mapping on disk always finds its graph */
  if (!_rushes_write_file_atomic (graph_path, graph_text, -1, 0666, error)
      || !_rushes_write_file_atomic (mapping_path, mapping_text, -1, 0666, error))
    return NULL;

  return g_steal_pointer (&self);
}
