/* rushes-project-json.c: a project's .rushes file: JSON to and from a project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is described in rushes-project.h. Reading refuses files too
 * large or nested too deep before json-glib sees them.
 */

#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-core-private.h"
#include "rushes-project-private.h"

#define MAX_FILE_SIZE  (16 * 1024 * 1024)
#define MAX_DEPTH      32

JsonNode *
_rushes_project_to_json_node (RushesProject *self,
                              const char    *autosave_of)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "rushes-project");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, RUSHES_PROJECT_VERSION);
  if (autosave_of)
    {
      json_builder_set_member_name (b, "autosave-of");
      json_builder_add_string_value (b, autosave_of);
    }
  _rushes_json_add_format (b, self->width, self->height, self->fps_n, self->fps_d);
  json_builder_set_member_name (b, "format-from-first-clip");
  json_builder_add_boolean_value (b, self->auto_format);

  json_builder_set_member_name (b, "export");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "preset");
  json_builder_add_string_value (b, self->export_preset);
  json_builder_set_member_name (b, "resolution");
  json_builder_add_string_value (b, self->export_resolution);
  json_builder_set_member_name (b, "quality");
  json_builder_add_string_value (b, self->export_quality);
  json_builder_set_member_name (b, "recipes");
  json_builder_add_boolean_value (b, self->export_recipes);
  json_builder_end_object (b);

  _rushes_project_tracks_to_json (self, b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

char *
rushes_project_to_json (RushesProject *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), NULL);

  node = _rushes_project_to_json_node (self, NULL);
  return _rushes_json_to_string (node, TRUE);
}

/* json-glib's parser recurses: refuse deep nesting before it sees it. */
static gboolean
check_depth (const char *json,
             gsize       length)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char ch = json[i];

      if (in_string)
        {
          if (ch == '\\')
            i++;
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }
      if (ch == '"')
        in_string = TRUE;
      else if (ch == '[' || ch == '{')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if ((ch == ']' || ch == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

RushesProject *
_rushes_project_from_json (const char  *json,
                           gssize       length,
                           const char  *base_dir,
                           char       **autosave_of,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RushesProject) self = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonNode *node;
  gint64 version = 0, w = 0, h = 0, n = 0, d = 0;

  if (length < 0)
    length = strlen (json);
  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is too large"));
      return NULL;
    }
  if (!check_depth (json, length))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is nested too deeply to be a Rushes project"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, json, length, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not a Rushes project"));
      return NULL;
    }
  /* json-glib turns a high surrogate escape before a plain letter ("\ud83dx") into bytes that
   * are not UTF-8; such text would poison every later save. */
  {
    g_autofree char *canonical = json_to_string (node, FALSE);

    if (!g_utf8_validate (canonical, -1, NULL))
      {
        g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                     _("The project file holds text that is not valid Unicode"));
        return NULL;
      }
  }
  root = json_node_get_object (node);
  if (g_strcmp0 (_rushes_json_string_member (root, "format", "rushes-project"), "rushes-project") != 0)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is not a Rushes project"));
      return NULL;
    }
  if (!_rushes_json_get_int (json_object_get_member (root, "version"), &version))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_VERSION,
                   _("The project file has no version number"));
      return NULL;
    }
  if (version != 1 && version != RUSHES_PROJECT_VERSION)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_VERSION,
                   version > RUSHES_PROJECT_VERSION
                   ? _("The project was saved by a newer version of Rushes (file version %lld)")
                   : _("Unknown project file version %lld"),
                   (long long) version);
      return NULL;
    }

  self = rushes_project_new ();
  if (json_object_has_member (root, "width") || json_object_has_member (root, "height"))
    {
      _rushes_json_get_int (json_object_get_member (root, "width"), &w);
      _rushes_json_get_int (json_object_get_member (root, "height"), &h);
      if (w < 16 || w > RUSHES_PROJECT_MAX_SIZE || h < 16 || h > RUSHES_PROJECT_MAX_SIZE)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project size %lld×%lld is outside 16–%d"),
                       (long long) w, (long long) h, RUSHES_PROJECT_MAX_SIZE);
          return NULL;
        }
      self->width = w;
      self->height = h;
    }
  node = json_object_get_member (root, "fps");
  if (node)
    {
      JsonArray *a = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

      if (a == NULL || json_array_get_length (a) != 2 ||
          !_rushes_json_get_int (json_array_get_element (a, 0), &n) ||
          !_rushes_json_get_int (json_array_get_element (a, 1), &d) ||
          n <= 0 || d <= 0 || n > G_MAXINT || d > G_MAXINT || n / d > RUSHES_PROJECT_MAX_FPS || n / d < 1)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("The project frame rate is not a rate between 1 and %d frames per second"),
                       RUSHES_PROJECT_MAX_FPS);
          return NULL;
        }
      self->fps_n = n;
      self->fps_d = d;
    }
  self->auto_format = _rushes_json_bool_member (root, "format-from-first-clip", TRUE);

  node = json_object_get_member (root, "export");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *e = json_node_get_object (node);
      const char *preset = _rushes_json_string_member (e, "preset", "webm");
      const char *res = _rushes_json_string_member (e, "resolution", "project");
      const char *quality = _rushes_json_string_member (e, "quality", "high");

      g_free (self->export_preset);
      self->export_preset = g_strdup (g_strv_contains ((const char *[]) { "webm", "mp4", "prores", NULL }, preset) ? preset : "webm");
      g_free (self->export_resolution);
      self->export_resolution = g_strdup (g_strv_contains ((const char *[]) { "project", "1080p", "720p", NULL }, res) ? res : "project");
      g_free (self->export_quality);
      self->export_quality = g_strdup (g_strv_contains ((const char *[]) { "low", "medium", "high", NULL }, quality) ? quality : "high");
      self->export_recipes = _rushes_json_bool_member (e, "recipes", FALSE);
    }

  if (!_rushes_project_tracks_from_json (self, root, version, base_dir, error))
    return NULL;

  if (autosave_of)
    *autosave_of = g_strdup (_rushes_json_string_member (root, "autosave-of", NULL));

  return g_steal_pointer (&self);
}

RushesProject *
rushes_project_new_from_json (const char  *json,
                              gssize       length,
                              GError     **error)
{
  g_return_val_if_fail (json != NULL, NULL);
  return _rushes_project_from_json (json, length, NULL, NULL, error);
}

char *
_rushes_project_read_file (const char  *path,
                           gsize       *length,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_FILE_SIZE)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_PARSE,
                   _("The project file is too large"));
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, length, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_IO,
                   _("Could not read the project: %s"), local_error->message);
      return NULL;
    }
  return contents;
}

RushesProject *
rushes_project_load (const char  *path,
                     GError     **error)
{
  g_autofree char *contents = NULL;
  RushesProject *self;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if ((contents = _rushes_project_read_file (path, &length, error)) == NULL)
    return NULL;
  {
    g_autofree char *absolute = g_canonicalize_filename (path, NULL);
    g_autofree char *base_dir = g_path_get_dirname (absolute);

    if ((self = _rushes_project_from_json (contents, length, base_dir, NULL, error)) == NULL)
      return NULL;
  }
  self->path = g_canonicalize_filename (path, NULL);
  self->dirty = FALSE;
  self->autosave_dirty = FALSE;
  return self;
}

gboolean
_rushes_project_write_file (const char  *path,
                            const char  *contents,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!_rushes_write_file_atomic (path, contents, -1, 0644, &local_error))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_IO,
                   _("Could not save the project: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
rushes_project_save (RushesProject  *self,
                     const char     *path,
                     GError        **error)
{
  g_autofree char *json = NULL;

  g_return_val_if_fail (RUSHES_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = rushes_project_to_json (self);
  if (!_rushes_project_write_file (path, json, error))
    return FALSE;

  _rushes_project_set_path (self, path);
  _rushes_project_set_dirty (self, FALSE);
  rushes_project_add_recent (self->path);
  return TRUE;
}
