/* rushes-timeline-clip-json.c: a clip in a .rushes file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline-clip"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-project.h"
#include "rushes-project-private.h"
#include "rushes-take.h"
#include "rushes-timeline-clip-private.h"

/* JSON */

gboolean
_rushes_json_get_int (JsonNode *node,
                      gint64   *out)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

const char *
_rushes_json_string_member (JsonObject *object,
                            const char *name,
                            const char *fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return fallback;
}

gboolean
_rushes_json_bool_member (JsonObject *object,
                          const char *name,
                          gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return fallback;
}

void
_rushes_json_add_format (JsonBuilder *builder,
                         guint        width,
                         guint        height,
                         guint        fps_n,
                         guint        fps_d)
{
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, height);
  json_builder_set_member_name (builder, "fps");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, fps_n);
  json_builder_add_int_value (builder, fps_d);
  json_builder_end_array (builder);
}

JsonNode *
_rushes_timeline_clip_to_json (RushesTimelineClip *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  if (self->path)
    {
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, self->path);
    }
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name ? self->name : "");
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, self->start);
  json_builder_set_member_name (b, "in");
  json_builder_add_int_value (b, self->in_point);
  json_builder_set_member_name (b, "out");
  json_builder_add_int_value (b, self->out_point);
  json_builder_set_member_name (b, "media-duration");
  json_builder_add_int_value (b, self->media_duration);
  json_builder_set_member_name (b, "has-audio");
  json_builder_add_boolean_value (b, self->has_audio);
  if (self->width > 0)
    _rushes_json_add_format (b, self->width, self->height, self->fps_n, self->fps_d);
  if (self->volume != 1.0)
    {
      json_builder_set_member_name (b, "volume");
      json_builder_add_double_value (b, self->volume);
    }
  if (self->fade_in > 0)
    {
      json_builder_set_member_name (b, "fade-in");
      json_builder_add_int_value (b, self->fade_in);
    }
  if (self->fade_out > 0)
    {
      json_builder_set_member_name (b, "fade-out");
      json_builder_add_int_value (b, self->fade_out);
    }
  if (self->link)
    {
      json_builder_set_member_name (b, "link");
      json_builder_add_string_value (b, self->link);
    }
  if (self->title_text)
    {
      json_builder_set_member_name (b, "title");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, self->title_text);
      json_builder_set_member_name (b, "size");
      json_builder_add_double_value (b, self->title_size);
      json_builder_set_member_name (b, "x");
      json_builder_add_double_value (b, self->title_x);
      json_builder_set_member_name (b, "y");
      json_builder_add_double_value (b, self->title_y);
      json_builder_end_object (b);
    }
  if (self->job_id)
    {
      json_builder_set_member_name (b, "job");
      json_builder_add_string_value (b, self->job_id);
      json_builder_set_member_name (b, "pending");
      json_builder_add_boolean_value (b, self->pending);
    }
  if (self->recipe_json)
    {
      g_autoptr(JsonNode) recipe = json_from_string (self->recipe_json, NULL);

      if (recipe)
        {
          json_builder_set_member_name (b, "recipe");
          json_builder_add_value (b, g_steal_pointer (&recipe));
        }
    }
  _rushes_timeline_clip_versions_to_json (self, b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

static gboolean
get_int_member (JsonObject  *object,
                const char  *name,
                gint64       min,
                gint64       max,
                gint64      *out,
                gboolean     required,
                guint        index,
                GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("Clip %u: “%s” is missing"), index + 1, name);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u: “%s” is not a whole number"), index + 1, name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u: “%s” is %lld, outside %lld–%lld"),
                   index + 1, name, (long long) *out, (long long) min, (long long) max);
      return FALSE;
    }
  return TRUE;
}

/* a number (whole or not), else fallback; never NaN */
static double
json_double_member (JsonObject *object,
                    const char *name,
                    double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else
    return fallback;
  return isfinite (value) ? value : fallback;
}

RushesTimelineClip *
_rushes_timeline_clip_from_json (JsonObject  *object,
                                 guint        index,
                                 GError     **error)
{
  g_autoptr(RushesTimelineClip) self = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);
  const char *s;
  gint64 in = 0, out = 0, media = 0, w = 0, h = 0, start = 0, fade_in = 0, fade_out = 0;
  JsonNode *node;

  if ((s = _rushes_json_string_member (object, "id", NULL)) && *s)
    {
      g_free (self->id);
      self->id = g_strdup (s);
    }
  node = json_object_get_member (object, "title");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *title = json_node_get_object (node);
      JsonNode *text = json_object_get_member (title, "text");

      if (text == NULL || !JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("Clip %u: its title has no text"), index + 1);
          return NULL;
        }
      /* looked at where it lies: a huge text is not copied */
      if (strlen (json_node_get_string (text)) > RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("Clip %u: its title text is longer than %d bytes"),
                       index + 1, RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT);
          return NULL;
        }
      g_clear_object (&self);
      self = rushes_timeline_clip_new_title (json_node_get_string (text), 1);
      if ((s = _rushes_json_string_member (object, "id", NULL)) && *s)
        _rushes_timeline_clip_set_id (self, s);
      rushes_timeline_clip_set_title_style (self, json_double_member (title, "size", 0),
                                            json_double_member (title, "x", 0.5),
                                            json_double_member (title, "y", 0.5));
    }
  else
    {
      self->path = g_strdup (_rushes_json_string_member (object, "path", NULL));
      self->job_id = g_strdup (_rushes_json_string_member (object, "job", NULL));
      self->pending = self->job_id != NULL && _rushes_json_bool_member (object, "pending", FALSE);
    }
  if (self->path == NULL && !self->pending && self->title_text == NULL)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u has no media file"), index + 1);
      return NULL;
    }
  if (self->path && (*self->path == '\0' || !g_utf8_validate (self->path, -1, NULL)))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u: the media path is not valid"), index + 1);
      return NULL;
    }
  s = _rushes_json_string_member (object, "name", NULL);
  /* the take's title as it is now (it may have been renamed meanwhile),
   * else the name saved */
  if (self->path)
    self->name = rushes_take_dup_title_for_path (self->path);
  if (self->name == NULL && self->title_text == NULL)
    {
      if (s && *s)
        self->name = g_strdup (s);
      else if (self->path)
        self->name = g_path_get_basename (self->path);
      else
        self->name = g_strdup (self->job_id);
    }

  if (!get_int_member (object, "in", 0, RUSHES_PROJECT_MAX_TIME, &in, TRUE, index, error) ||
      !get_int_member (object, "out", 1, RUSHES_PROJECT_MAX_TIME, &out, TRUE, index, error) ||
      !get_int_member (object, "media-duration", 0, RUSHES_PROJECT_MAX_TIME, &media, FALSE, index, error) ||
      !get_int_member (object, "start", G_MININT64, RUSHES_PROJECT_MAX_TIME, &start, FALSE, index, error) ||
      !get_int_member (object, "fade-in", 0, RUSHES_PROJECT_MAX_TIME, &fade_in, FALSE, index, error) ||
      !get_int_member (object, "fade-out", 0, RUSHES_PROJECT_MAX_TIME, &fade_out, FALSE, index, error) ||
      !get_int_member (object, "width", 0, RUSHES_PROJECT_MAX_SIZE, &w, FALSE, index, error) ||
      !get_int_member (object, "height", 0, RUSHES_PROJECT_MAX_SIZE, &h, FALSE, index, error))
    return NULL;
  if (self->title_text != NULL)
    media = RUSHES_TIMELINE_CLIP_TITLE_MAX;
  if (out <= in || (media > 0 && out > media))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u: its in and out points are not inside the take"), index + 1);
      return NULL;
    }
  self->in_point = in;
  self->out_point = out;
  self->media_duration = media;
  /* negative: refused where the clip is placed, with its track's name */
  self->start = start;
  self->volume = CLAMP (json_double_member (object, "volume", 1.0), 0.0, RUSHES_TIMELINE_CLIP_MAX_VOLUME);
  self->fade_in = MIN (fade_in, out - in);
  self->fade_out = MIN (fade_out, out - in - self->fade_in);
  s = _rushes_json_string_member (object, "link", NULL);
  self->link = s && *s ? g_strdup (s) : NULL;
  self->width = w;
  self->height = h;
  node = json_object_get_member (object, "fps");
  if (node && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 2)
    {
      JsonArray *a = json_node_get_array (node);
      gint64 n = 0, d = 0;

      if (_rushes_json_get_int (json_array_get_element (a, 0), &n) &&
          _rushes_json_get_int (json_array_get_element (a, 1), &d) &&
          n > 0 && d > 0 && n <= RUSHES_PROJECT_MAX_FPS * 1001 && d <= 1001 && n / d <= RUSHES_PROJECT_MAX_FPS)
        {
          self->fps_n = n;
          self->fps_d = d;
        }
    }
  self->has_audio = _rushes_json_bool_member (object, "has-audio", FALSE);
  node = json_object_get_member (object, "recipe");
  if (node && JSON_NODE_HOLDS_OBJECT (node))
    self->recipe_json = json_to_string (node, FALSE);
  if (self->pending)
    self->progress = 0;
  _rushes_timeline_clip_versions_from_json (self, object);

  return g_steal_pointer (&self);
}
