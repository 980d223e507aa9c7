/* rushes-timeline-clip.c: one clip on the timeline
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
#include "rushes-timeline-clip-private.h"
#include "rushes-take.h"


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
  PROP_START,
  PROP_VOLUME,
  PROP_FADE_IN,
  PROP_FADE_OUT,
  PROP_TITLE_TEXT,
  PROP_LINK,
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
  g_free (self->title_text);
  g_free (self->link);
  g_clear_pointer (&self->versions, g_ptr_array_unref);

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
    case PROP_START: g_value_set_int64 (value, self->start); break;
    case PROP_VOLUME: g_value_set_double (value, self->volume); break;
    case PROP_FADE_IN: g_value_set_int64 (value, self->fade_in); break;
    case PROP_FADE_OUT: g_value_set_int64 (value, self->fade_out); break;
    case PROP_TITLE_TEXT: g_value_set_string (value, self->title_text); break;
    case PROP_LINK: g_value_set_string (value, self->link); break;
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
  properties[PROP_START] = g_param_spec_int64 ("start", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_VOLUME] = g_param_spec_double ("volume", NULL, NULL, 0, RUSHES_TIMELINE_CLIP_MAX_VOLUME, 1, ro);
  properties[PROP_FADE_IN] = g_param_spec_int64 ("fade-in", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_FADE_OUT] = g_param_spec_int64 ("fade-out", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TITLE_TEXT] = g_param_spec_string ("title-text", NULL, NULL, NULL, ro);
  properties[PROP_LINK] = g_param_spec_string ("link", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_timeline_clip_init (RushesTimelineClip *self)
{
  self->id = g_uuid_string_random ();
  self->volume = 1.0;
  self->title_x = 0.5;
  self->title_y = 0.5;
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
  copy->title_text = g_strdup (self->title_text);
  copy->link = g_strdup (self->link);
  copy->start = self->start;
  copy->fade_in = self->fade_in;
  copy->fade_out = self->fade_out;
  copy->volume = self->volume;
  copy->title_size = self->title_size;
  copy->title_x = self->title_x;
  copy->title_y = self->title_y;
  _rushes_timeline_clip_versions_copy (copy, self);
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

/* Version 2: placement, sound, titles, links */

/* The first line of a title's text, shortened, names the clip */
char *
_rushes_timeline_clip_title_name (const char *text)
{
  g_autofree char *line = g_strndup (text ? text : "", strcspn (text ? text : "", "\n"));
  const char *end = line;

  g_strstrip (line);
  if (g_utf8_strlen (line, -1) <= 40)
    return *line ? g_strdup (line) : g_strdup (_("Title"));
  end = g_utf8_offset_to_pointer (line, 40);
  return g_strdup_printf ("%.*s…", (int) (end - line), line);
}

/* text cut to the limit on a character boundary */
static char *
title_text_dup (const char *text)
{
  gsize len;

  if (text == NULL)
    return g_strdup ("");
  len = strlen (text);
  if (len > RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT)
    {
      len = RUSHES_TIMELINE_CLIP_TITLE_MAX_TEXT;
      /* back to the start of the character cut in two */
      while (len > 0 && (((const guchar *) text)[len] & 0xC0) == 0x80)
        len--;
    }
  return g_strndup (text, len);
}

RushesTimelineClip *
rushes_timeline_clip_new_title (const char *text,
                                gint64      duration)
{
  RushesTimelineClip *self = g_object_new (RUSHES_TYPE_TIMELINE_CLIP, NULL);

  self->title_text = title_text_dup (text);
  self->name = _rushes_timeline_clip_title_name (self->title_text);
  self->media_duration = RUSHES_TIMELINE_CLIP_TITLE_MAX;
  self->out_point = CLAMP (duration, 1, RUSHES_TIMELINE_CLIP_TITLE_MAX);
  return self;
}

gint64
rushes_timeline_clip_get_start (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->start;
}

void
rushes_timeline_clip_set_start (RushesTimelineClip *self,
                                gint64              start)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  if (self->start == start)
    return;
  self->start = start;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START]);
}

gint64
rushes_timeline_clip_get_end (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->start + (self->out_point - self->in_point);
}

double
rushes_timeline_clip_get_volume (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 1.0);
  return self->volume;
}

void
rushes_timeline_clip_set_volume (RushesTimelineClip *self,
                                 double              volume)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  volume = isnan (volume) ? 1.0 : CLAMP (volume, 0.0, RUSHES_TIMELINE_CLIP_MAX_VOLUME);
  if (self->volume == volume)
    return;
  self->volume = volume;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VOLUME]);
}

gint64
rushes_timeline_clip_get_fade_in (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->fade_in;
}

gint64
rushes_timeline_clip_get_fade_out (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->fade_out;
}

void
rushes_timeline_clip_set_fades (RushesTimelineClip *self,
                                gint64              fade_in,
                                gint64              fade_out)
{
  gint64 duration, old_in, old_out;

  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  duration = self->out_point - self->in_point;
  fade_in = CLAMP (fade_in, 0, duration);
  fade_out = CLAMP (fade_out, 0, duration - fade_in);
  old_in = self->fade_in;
  old_out = self->fade_out;
  self->fade_in = fade_in;
  self->fade_out = fade_out;
  if (old_in != fade_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FADE_IN]);
  if (old_out != fade_out)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FADE_OUT]);
}

gboolean
rushes_timeline_clip_get_is_title (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), FALSE);
  return self->title_text != NULL;
}

const char *
rushes_timeline_clip_get_title_text (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->title_text;
}

void
rushes_timeline_clip_set_title_text (RushesTimelineClip *self,
                                     const char         *text)
{
  g_autofree char *cut = NULL;

  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  g_return_if_fail (self->title_text != NULL);

  cut = title_text_dup (text);
  if (g_strcmp0 (cut, self->title_text) == 0)
    return;
  g_free (self->title_text);
  self->title_text = g_steal_pointer (&cut);
  g_free (self->name);
  self->name = _rushes_timeline_clip_title_name (self->title_text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

double
rushes_timeline_clip_get_title_size (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), 0);
  return self->title_size;
}

void
rushes_timeline_clip_get_title_position (RushesTimelineClip *self,
                                         double             *x,
                                         double             *y)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  if (x) *x = self->title_x;
  if (y) *y = self->title_y;
}

void
rushes_timeline_clip_set_title_style (RushesTimelineClip *self,
                                      double              size,
                                      double              x,
                                      double              y)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));

  size = isnan (size) ? 0 : CLAMP (size, 0, RUSHES_PROJECT_MAX_SIZE);
  x = isnan (x) ? 0.5 : CLAMP (x, 0.0, 1.0);
  y = isnan (y) ? 0.5 : CLAMP (y, 0.0, 1.0);
  if (self->title_size == size && self->title_x == x && self->title_y == y)
    return;
  self->title_size = size;
  self->title_x = x;
  self->title_y = y;
  /* the style goes with the text for whoever draws it */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_TEXT]);
}

const char *
rushes_timeline_clip_get_link (RushesTimelineClip *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_CLIP (self), NULL);
  return self->link;
}

void
rushes_timeline_clip_set_link (RushesTimelineClip *self,
                               const char         *link)
{
  g_return_if_fail (RUSHES_IS_TIMELINE_CLIP (self));
  if (link != NULL && *link == '\0')
    link = NULL;
  SET_STRING (link, PROP_LINK);
}
