/* rushes-timeline-clip.c: one clip on the timeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline-clip"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project.h"
#include "rushes-project-private.h"
#include "rushes-take.h"

struct _RushesTimelineClip
{
  GObject parent_instance;

  char   *id;
  char   *path;
  char   *name;
  char   *job_id;
  char   *recipe_json;
  gint64  in_point;
  gint64  out_point;
  gint64  media_duration;
  guint   width;
  guint   height;
  guint   fps_n;
  guint   fps_d;
  double  progress;
  guint   has_audio : 1;
  guint   pending : 1;
  guint   offline : 1;
};

G_DEFINE_FINAL_TYPE (RushesTimelineClip, rushes_timeline_clip, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PATH,
  PROP_NAME,
  PROP_IN_POINT,
  PROP_OUT_POINT,
  PROP_DURATION,
  PROP_MEDIA_DURATION,
  PROP_HAS_AUDIO,
  PROP_JOB_ID,
  PROP_PENDING,
  PROP_PROGRESS,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rushes_timeline_clip_finalize (GObject *object)
{
  RushesTimelineClip *self = (RushesTimelineClip *) object;

  g_free (self->id);
  g_free (self->path);
  g_free (self->name);
  g_free (self->job_id);
  g_free (self->recipe_json);

  G_OBJECT_CLASS (rushes_timeline_clip_parent_class)->finalize (object);
}

static void
rushes_timeline_clip_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RushesTimelineClip *self = RUSHES_TIMELINE_CLIP (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PATH: g_value_set_string (value, self->path); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_IN_POINT: g_value_set_int64 (value, self->in_point); break;
    case PROP_OUT_POINT: g_value_set_int64 (value, self->out_point); break;
    case PROP_DURATION: g_value_set_int64 (value, rushes_timeline_clip_get_duration (self)); break;
    case PROP_MEDIA_DURATION: g_value_set_int64 (value, self->media_duration); break;
    case PROP_HAS_AUDIO: g_value_set_boolean (value, self->has_audio); break;
    case PROP_JOB_ID: g_value_set_string (value, self->job_id); break;
    case PROP_PENDING: g_value_set_boolean (value, self->pending); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_OFFLINE: g_value_set_boolean (value, self->offline); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_clip_class_init (RushesTimelineClipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rushes_timeline_clip_finalize;
  object_class->get_property = rushes_timeline_clip_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_IN_POINT] = g_param_spec_int64 ("in-point", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_OUT_POINT] = g_param_spec_int64 ("out-point", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_MEDIA_DURATION] = g_param_spec_int64 ("media-duration", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_HAS_AUDIO] = g_param_spec_boolean ("has-audio", NULL, NULL, FALSE, ro);
  properties[PROP_JOB_ID] = g_param_spec_string ("job-id", NULL, NULL, NULL, ro);
  properties[PROP_PENDING] = g_param_spec_boolean ("pending", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_OFFLINE] = g_param_spec_boolean ("offline", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_timeline_clip_init (RushesTimelineClip *self)
{
  self->id = g_uuid_string_random ();
}

RushesTimelineClip *
rushes_timeline_clip_new (const char *path,
                          gint64      media_duration)
{
  RushesTimelineClip *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);
  self->path = g_strdup (path);
  /* the take's title; a file that is no take by its name */
  self->name = rushes_take_dup_title_for_path (path);
  if (self->name == NULL)
    self->name = g_path_get_basename (path);
  self->media_duration = MAX (media_duration, 0);
  self->out_point = self->media_duration;
  return self;
}

RushesTimelineClip *
rushes_timeline_clip_new_placeholder (const char *job_id,
                                      const char *name,
                                      gint64      expected_duration)
{
  RushesTimelineClip *self;

  g_return_val_if_fail (job_id != NULL, NULL);

  self = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);
  self->job_id = g_strdup (job_id);
  self->name = g_strdup (name ? name : job_id);
  self->pending = TRUE;
  self->media_duration = expected_duration > 0 ? expected_duration : RUSHES_SECOND;
  self->out_point = self->media_duration;
  return self;
}

RushesTimelineClip *
rushes_timeline_clip_duplicate (RushesTimelineClip *self)
{
  RushesTimelineClip *copy;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);

  copy = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);
  copy->path = g_strdup (self->path);
  copy->name = g_strdup (self->name);
  copy->job_id = g_strdup (self->job_id);
  copy->recipe_json = g_strdup (self->recipe_json);
  copy->in_point = self->in_point;
  copy->out_point = self->out_point;
  copy->media_duration = self->media_duration;
  copy->width = self->width;
  copy->height = self->height;
  copy->fps_n = self->fps_n;
  copy->fps_d = self->fps_d;
  copy->progress = self->progress;
  copy->has_audio = self->has_audio;
  copy->pending = self->pending;
  copy->offline = self->offline;
  return copy;
}

#define SET_STRING(field, prop)                                         \
  G_STMT_START {                                                        \
    if (g_strcmp0 (self->field, field) != 0)                            \
      {                                                                 \
        g_free (self->field);                                           \
        self->field = g_strdup (field);                                 \
        g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);   \
      }                                                                 \
  } G_STMT_END

const char *
rushes_timeline_clip_get_id (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->id;
}

void
_rushes_timeline_clip_set_id (RushesTimelineClip *self,
                              const char         *id)
{
  SET_STRING (id, PROP_ID);
}

const char *
rushes_timeline_clip_get_path (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->path;
}

void
rushes_timeline_clip_set_path (RushesTimelineClip *self,
                               const char         *path)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  SET_STRING (path, PROP_PATH);
}

const char *
rushes_timeline_clip_get_name (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->name;
}

void
rushes_timeline_clip_set_name (RushesTimelineClip *self,
                               const char         *name)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  SET_STRING (name, PROP_NAME);
}

const char *
rushes_timeline_clip_get_job_id (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->job_id;
}

const char *
rushes_timeline_clip_get_recipe_json (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->recipe_json;
}

void
rushes_timeline_clip_set_recipe_json (RushesTimelineClip *self,
                                      const char         *json)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  g_free (self->recipe_json);
  self->recipe_json = g_strdup (json);
}

gint64
rushes_timeline_clip_get_in_point (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->in_point;
}

gint64
rushes_timeline_clip_get_out_point (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->out_point;
}

gint64
rushes_timeline_clip_get_duration (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->out_point - self->in_point;
}

gint64
rushes_timeline_clip_get_media_duration (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->media_duration;
}

void
rushes_timeline_clip_set_range (RushesTimelineClip *self,
                                gint64              in_point,
                                gint64              out_point)
{
  gint64 old_in, old_out;

  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  if (self->media_duration > 0)
    {
      in_point = CLAMP (in_point, 0, self->media_duration);
      out_point = CLAMP (out_point, 0, self->media_duration);
    }
  in_point = MAX (in_point, 0);
  if (out_point <= in_point)
    out_point = in_point + 1;

  old_in = self->in_point;
  old_out = self->out_point;
  self->in_point = in_point;
  self->out_point = out_point;

  g_object_freeze_notify (G_OBJECT (self));
  if (old_in != in_point)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_POINT]);
  if (old_out != out_point)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUT_POINT]);
  if (old_out - old_in != out_point - in_point)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
rushes_timeline_clip_set_media_duration (RushesTimelineClip *self,
                                         gint64              duration)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  if (self->media_duration == duration)
    return;
  self->media_duration = MAX (duration, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_DURATION]);
  if (self->media_duration > 0 && self->out_point > self->media_duration)
    rushes_timeline_clip_set_range (self, self->in_point, self->media_duration);
}

void
rushes_timeline_clip_get_format (RushesTimelineClip *self,
                                 guint              *width,
                                 guint              *height,
                                 guint              *fps_n,
                                 guint              *fps_d)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  if (width) *width = self->width;
  if (height) *height = self->height;
  if (fps_n) *fps_n = self->fps_n;
  if (fps_d) *fps_d = self->fps_d;
}

void
rushes_timeline_clip_set_format (RushesTimelineClip *self,
                                 guint               width,
                                 guint               height,
                                 guint               fps_n,
                                 guint               fps_d)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  self->width = width;
  self->height = height;
  self->fps_n = fps_n;
  self->fps_d = fps_d;
}

gboolean
rushes_timeline_clip_get_has_audio (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), FALSE);
  return self->has_audio;
}

void
rushes_timeline_clip_set_has_audio (RushesTimelineClip *self,
                                    gboolean            has_audio)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  has_audio = !!has_audio;
  if (self->has_audio == (guint) has_audio)
    return;
  self->has_audio = has_audio;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_AUDIO]);
}

gboolean
rushes_timeline_clip_get_pending (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), FALSE);
  return self->pending;
}

double
rushes_timeline_clip_get_progress (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->progress;
}

void
rushes_timeline_clip_set_progress (RushesTimelineClip *self,
                                   double              progress)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

gboolean
rushes_timeline_clip_get_offline (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), FALSE);
  return self->offline;
}

void
rushes_timeline_clip_set_offline (RushesTimelineClip *self,
                                  gboolean            offline)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  offline = !!offline;
  if (self->offline == (guint) offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

void
_rushes_timeline_clip_fill (RushesTimelineClip *self,
                            const char         *path,
                            gint64              media_duration)
{
  g_autofree char *title = rushes_take_dup_title_for_path (path);

  g_object_freeze_notify (G_OBJECT (self));
  rushes_timeline_clip_set_path (self, path);
  /* the placeholder's name was the prompt's start: now the take's title */
  if (title != NULL)
    rushes_timeline_clip_set_name (self, title);
  if (media_duration > 0)
    {
      gboolean was_full = self->in_point == 0 && self->out_point == self->media_duration;

      self->media_duration = media_duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIA_DURATION]);
      /* A placeholder spans the whole expected take: make it span the real one. */
      if (was_full)
        rushes_timeline_clip_set_range (self, 0, media_duration);
      else
        rushes_timeline_clip_set_range (self, self->in_point, self->out_point);
    }
  self->pending = FALSE;
  self->progress = 1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_object_thaw_notify (G_OBJECT (self));
}

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

RushesTimelineClip *
_rushes_timeline_clip_from_json (JsonObject  *object,
                                 guint        index,
                                 GError     **error)
{
  g_autoptr(RushesTimelineClip) self = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);
  const char *s;
  gint64 in = 0, out = 0, media = 0, w = 0, h = 0;
  JsonNode *node;

  if ((s = _rushes_json_string_member (object, "id", NULL)) && *s)
    {
      g_free (self->id);
      self->id = g_strdup (s);
    }
  self->path = g_strdup (_rushes_json_string_member (object, "path", NULL));
  self->job_id = g_strdup (_rushes_json_string_member (object, "job", NULL));
  self->pending = self->job_id != NULL && _rushes_json_bool_member (object, "pending", FALSE);
  if (self->path == NULL && !self->pending)
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
  if (self->name == NULL)
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
      !get_int_member (object, "width", 0, RUSHES_PROJECT_MAX_SIZE, &w, FALSE, index, error) ||
      !get_int_member (object, "height", 0, RUSHES_PROJECT_MAX_SIZE, &h, FALSE, index, error))
    return NULL;
  if (out <= in || (media > 0 && out > media))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip %u: its in and out points are not inside the take"), index + 1);
      return NULL;
    }
  self->in_point = in;
  self->out_point = out;
  self->media_duration = media;
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

  return g_steal_pointer (&self);
}
