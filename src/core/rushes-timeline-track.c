/* rushes-timeline-track.c: one track of the timeline (video or audio)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-timeline-track"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-private.h"
#include "rushes-timeline-track.h"

struct _RushesTimelineTrack
{
  GObject          parent_instance;

  GPtrArray       *clips;   /* RushesTimelineClip, by start */
  char            *name;
  RushesTrackKind  kind;
  guint            muted : 1;
  guint            locked : 1;
};

static void rushes_timeline_track_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesTimelineTrack, rushes_timeline_track, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, rushes_timeline_track_list_model_init))

enum {
  PROP_0,
  PROP_KIND,
  PROP_NAME,
  PROP_MUTED,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
rushes_timeline_track_get_item_type (GListModel *model)
{
  return RUSHES_TYPE_TIMELINE_CLIP;
}

static guint
rushes_timeline_track_get_n_items (GListModel *model)
{
  return RUSHES_TIMELINE_TRACK (model)->clips->len;
}

static gpointer
rushes_timeline_track_get_item (GListModel *model,
                                guint       position)
{
  RushesTimelineTrack *self = RUSHES_TIMELINE_TRACK (model);

  if (position >= self->clips->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->clips, position));
}

static void
rushes_timeline_track_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = rushes_timeline_track_get_item_type;
  iface->get_n_items = rushes_timeline_track_get_n_items;
  iface->get_item = rushes_timeline_track_get_item;
}

static void
rushes_timeline_track_finalize (GObject *object)
{
  RushesTimelineTrack *self = (RushesTimelineTrack *) object;

  g_ptr_array_unref (self->clips);
  g_free (self->name);

  G_OBJECT_CLASS (rushes_timeline_track_parent_class)->finalize (object);
}

static void
rushes_timeline_track_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RushesTimelineTrack *self = RUSHES_TIMELINE_TRACK (object);

  switch (prop_id)
    {
    case PROP_KIND: g_value_set_int (value, self->kind); break;
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_MUTED: g_value_set_boolean (value, self->muted); break;
    case PROP_LOCKED: g_value_set_boolean (value, self->locked); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_timeline_track_class_init (RushesTimelineTrackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = rushes_timeline_track_finalize;
  object_class->get_property = rushes_timeline_track_get_property;

  properties[PROP_KIND] = g_param_spec_int ("kind", NULL, NULL, RUSHES_TRACK_VIDEO, RUSHES_TRACK_AUDIO,
                                            RUSHES_TRACK_VIDEO, ro);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rushes_timeline_track_init (RushesTimelineTrack *self)
{
  self->clips = g_ptr_array_new_with_free_func (g_object_unref);
}

RushesTimelineTrack *
rushes_timeline_track_new (RushesTrackKind  kind,
                           const char      *name)
{
  RushesTimelineTrack *self;

  g_return_val_if_fail (kind == RUSHES_TRACK_VIDEO || kind == RUSHES_TRACK_AUDIO, NULL);

  self = g_object_new (RUSHES_TYPE_TIMELINE_TRACK, NULL);
  self->kind = kind;
  self->name = g_strdup (name ? name : (kind == RUSHES_TRACK_VIDEO ? "V1" : "A1"));
  return self;
}

const char *
rushes_track_kind_to_string (RushesTrackKind kind)
{
  return kind == RUSHES_TRACK_AUDIO ? "audio" : "video";
}

gboolean
rushes_track_kind_from_string (const char      *string,
                               RushesTrackKind *kind)
{
  if (g_strcmp0 (string, "video") == 0)
    *kind = RUSHES_TRACK_VIDEO;
  else if (g_strcmp0 (string, "audio") == 0)
    *kind = RUSHES_TRACK_AUDIO;
  else
    return FALSE;
  return TRUE;
}

RushesTrackKind
rushes_timeline_track_get_kind (RushesTimelineTrack *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), RUSHES_TRACK_VIDEO);
  return self->kind;
}

const char *
rushes_timeline_track_get_name (RushesTimelineTrack *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), NULL);
  return self->name;
}

gboolean
rushes_timeline_track_get_muted (RushesTimelineTrack *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), FALSE);
  return self->muted;
}

gboolean
rushes_timeline_track_get_locked (RushesTimelineTrack *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), FALSE);
  return self->locked;
}

guint
rushes_timeline_track_get_n_clips (RushesTimelineTrack *self)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), 0);
  return self->clips->len;
}

RushesTimelineClip *
rushes_timeline_track_get_clip (RushesTimelineTrack *self,
                                guint                position)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), NULL);
  if (position >= self->clips->len)
    return NULL;
  return g_ptr_array_index (self->clips, position);
}

gboolean
rushes_timeline_track_find_clip (RushesTimelineTrack *self,
                                 RushesTimelineClip  *clip,
                                 guint               *position)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), FALSE);
  return g_ptr_array_find (self->clips, clip, position);
}

gint64
rushes_timeline_track_get_end (RushesTimelineTrack *self)
{
  gint64 end = 0;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), 0);

  /* not just the last clip's: one may sit inside a crossfade while an
   * edit is under way */
  for (guint i = 0; i < self->clips->len; i++)
    end = MAX (end, rushes_timeline_clip_get_end (g_ptr_array_index (self->clips, i)));
  return end;
}

RushesTimelineClip *
rushes_timeline_track_get_clip_at (RushesTimelineTrack *self,
                                   gint64               time)
{
  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), NULL);

  for (guint i = self->clips->len; i > 0; i--)
    {
      RushesTimelineClip *clip = g_ptr_array_index (self->clips, i - 1);

      if (rushes_timeline_clip_get_start (clip) <= time && time < rushes_timeline_clip_get_end (clip))
        return clip;
    }
  return NULL;
}

gint64
rushes_timeline_track_get_crossfade (RushesTimelineTrack *self,
                                     guint                position)
{
  RushesTimelineClip *a, *b;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), 0);

  if (position + 1 >= self->clips->len)
    return 0;
  a = g_ptr_array_index (self->clips, position);
  b = g_ptr_array_index (self->clips, position + 1);
  return MAX (0, MIN (rushes_timeline_clip_get_end (a), rushes_timeline_clip_get_end (b)) -
                 rushes_timeline_clip_get_start (b));
}

/* Limits */

const char *
_rushes_timeline_clip_label (RushesTimelineClip *clip)
{
  const char *name = rushes_timeline_clip_get_name (clip);

  return name && *name ? name : rushes_timeline_clip_get_id (clip);
}

void
_rushes_track_checker_init (RushesTrackChecker *checker,
                            RushesTrackKind     kind,
                            const char         *track_name)
{
  checker->kind = kind;
  checker->track_name = track_name;
  checker->prev = NULL;
  checker->max_end_before_prev = G_MININT64;
}

gboolean
_rushes_track_checker_add (RushesTrackChecker  *checker,
                           RushesTimelineClip  *clip,
                           GError             **error)
{
  gint64 start = rushes_timeline_clip_get_start (clip);
  gint64 end = rushes_timeline_clip_get_end (clip);
  RushesTimelineClip *prev = checker->prev;

  if (start < 0)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip “%s” on track “%s” starts before the beginning of the timeline"),
                   _rushes_timeline_clip_label (clip), checker->track_name);
      return FALSE;
    }
  if (end > RUSHES_PROJECT_MAX_TIME)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Clip “%s” on track “%s” ends after 24 hours"),
                   _rushes_timeline_clip_label (clip), checker->track_name);
      return FALSE;
    }
  if (checker->kind == RUSHES_TRACK_AUDIO && rushes_timeline_clip_get_is_title (clip))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("Title “%s” cannot go on the audio track “%s”"),
                   _rushes_timeline_clip_label (clip), checker->track_name);
      return FALSE;
    }
  if (prev != NULL)
    {
      gint64 prev_start = rushes_timeline_clip_get_start (prev);
      gint64 prev_end = rushes_timeline_clip_get_end (prev);

      if (start < checker->max_end_before_prev)
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("Clip “%s” on track “%s” would make three clips play at once"),
                       _rushes_timeline_clip_label (clip), checker->track_name);
          return FALSE;
        }
      if (start < prev_end &&
          (start <= prev_start || end <= prev_end ||
           prev_end - start >= end - start || prev_end - start >= prev_end - prev_start))
        {
          g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                       _("Clip “%s” on track “%s” overlaps “%s” by more than a crossfade can: "
                         "the overlap must be shorter than both clips"),
                       _rushes_timeline_clip_label (clip), checker->track_name,
                       _rushes_timeline_clip_label (prev));
          return FALSE;
        }
      checker->max_end_before_prev = MAX (checker->max_end_before_prev, prev_end);
    }
  checker->prev = clip;
  return TRUE;
}

gboolean
rushes_timeline_track_check (RushesTimelineTrack  *self,
                             GError              **error)
{
  RushesTrackChecker checker;

  g_return_val_if_fail (RUSHES_IS_TIMELINE_TRACK (self), FALSE);

  _rushes_track_checker_init (&checker, self->kind, self->name);
  for (guint i = 0; i < self->clips->len; i++)
    if (!_rushes_track_checker_add (&checker, g_ptr_array_index (self->clips, i), error))
      return FALSE;
  return TRUE;
}

/* For the project */

GPtrArray *
_rushes_timeline_track_get_array (RushesTimelineTrack *self)
{
  return self->clips;
}

void
_rushes_timeline_track_set_name (RushesTimelineTrack *self,
                                 const char          *name)
{
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
_rushes_timeline_track_set_muted (RushesTimelineTrack *self,
                                  gboolean             muted)
{
  if (self->muted == (guint) !!muted)
    return;
  self->muted = !!muted;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

void
_rushes_timeline_track_set_locked (RushesTimelineTrack *self,
                                   gboolean             locked)
{
  if (self->locked == (guint) !!locked)
    return;
  self->locked = !!locked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

int
_rushes_timeline_clip_compare_start (gconstpointer a,
                                     gconstpointer b)
{
  gint64 sa = rushes_timeline_clip_get_start (*(RushesTimelineClip **) a);
  gint64 sb = rushes_timeline_clip_get_start (*(RushesTimelineClip **) b);

  return sa < sb ? -1 : sa > sb;
}

void
_rushes_timeline_track_sort (RushesTimelineTrack *self)
{
  /* g_ptr_array_sort is a stable merge sort: equal starts keep their order */
  g_ptr_array_sort (self->clips, _rushes_timeline_clip_compare_start);
}

void
_rushes_timeline_track_sort_and_notify (RushesTimelineTrack *self,
                                        GPtrArray           *old_order)
{
  guint old_len = old_order->len, new_len, prefix = 0, suffix = 0;

  _rushes_timeline_track_sort (self);
  new_len = self->clips->len;
  while (prefix < old_len && prefix < new_len &&
         g_ptr_array_index (old_order, prefix) == g_ptr_array_index (self->clips, prefix))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_ptr_array_index (old_order, old_len - 1 - suffix) == g_ptr_array_index (self->clips, new_len - 1 - suffix))
    suffix++;
  if (prefix == old_len && prefix == new_len)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_len - prefix - suffix, new_len - prefix - suffix);
}
