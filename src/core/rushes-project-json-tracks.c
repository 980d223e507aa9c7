/* rushes-project-json-tracks.c: a project's tracks and clips in a .rushes file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Version 2 files list tracks; version 1 files list clips end to end,
 * which open as V1 with A1 holding the linked sound of each clip that
 * has sound. Whatever cannot be placed is left out with a message (the
 * project's load problems) and the rest opens.
 */
#define G_LOG_DOMAIN "rushes-project"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-project-private.h"

void
_rushes_project_tracks_to_json (RushesProject *self,
                                JsonBuilder   *b)
{
  json_builder_set_member_name (b, "tracks");
  json_builder_begin_array (b);
  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    {
      RushesTimelineTrack *track = rushes_project_get_track (self, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, rushes_track_kind_to_string (rushes_timeline_track_get_kind (track)));
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, rushes_timeline_track_get_name (track));
      json_builder_set_member_name (b, "muted");
      json_builder_add_boolean_value (b, rushes_timeline_track_get_muted (track));
      json_builder_set_member_name (b, "locked");
      json_builder_add_boolean_value (b, rushes_timeline_track_get_locked (track));
      json_builder_set_member_name (b, "clips");
      json_builder_begin_array (b);
      for (guint j = 0; j < rushes_timeline_track_get_n_clips (track); j++)
        json_builder_add_value (b, _rushes_timeline_clip_to_json (rushes_timeline_track_get_clip (track, j)));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
problem (RushesProject *self,
         const char    *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (RushesProject *self,
         const char    *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _rushes_project_add_load_problem (self, message);
}

/* A clip of the file, its path made absolute and checked; NULL and a
 * problem when it cannot be read */
static RushesTimelineClip *
read_clip (RushesProject *self,
           JsonNode      *element,
           guint          index,
           const char    *track_name,
           const char    *base_dir)
{
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *clip;
  const char *path;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      problem (self, _("Clip %u on track “%s” is not an object and was left out"), index + 1, track_name);
      return NULL;
    }
  clip = _rushes_timeline_clip_from_json (json_node_get_object (element), index, &error);
  if (clip == NULL)
    {
      JsonObject *object = json_node_get_object (element);
      const char *label = _rushes_json_string_member (object, "name", NULL);

      if (label == NULL || *label == '\0')
        label = _rushes_json_string_member (object, "id", "?");
      problem (self, _("Clip “%s” on track “%s” was left out: %s"), label, track_name, error->message);
      return NULL;
    }
  path = rushes_timeline_clip_get_path (clip);
  /* a hand-written relative path is relative to the project file */
  if (path && !g_path_is_absolute (path) && base_dir)
    {
      g_autofree char *absolute = g_canonicalize_filename (path, base_dir);

      rushes_timeline_clip_set_path (clip, absolute);
      path = rushes_timeline_clip_get_path (clip);
    }
  if (path && !rushes_timeline_clip_get_pending (clip) && !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    rushes_timeline_clip_set_offline (clip, TRUE);
  return clip;
}

static RushesTimelineTrack *
add_track (RushesProject   *self,
           RushesTrackKind  kind,
           const char      *name)
{
  g_autoptr(RushesTimelineTrack) track = rushes_timeline_track_new (kind, name);

  g_list_store_append (self->tracks, track);
  return track;
}

static gboolean
read_v1 (RushesProject  *self,
         JsonObject     *root,
         const char     *base_dir,
         GError        **error)
{
  RushesTimelineTrack *video = add_track (self, RUSHES_TRACK_VIDEO, "V1");
  RushesTimelineTrack *audio = add_track (self, RUSHES_TRACK_AUDIO, "A1");
  JsonNode *node = json_object_get_member (root, "clips");
  JsonArray *clips;
  gint64 start = 0;
  guint len;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("The project’s “clips” is not a list"));
      return FALSE;
    }
  clips = json_node_get_array (node);
  len = json_array_get_length (clips);
  if (len > RUSHES_PROJECT_MAX_CLIPS)
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("The project has %u clips, more than the %d allowed"), len, RUSHES_PROJECT_MAX_CLIPS);
      return FALSE;
    }
  for (guint i = 0; i < len; i++)
    {
      RushesTimelineClip *clip = read_clip (self, json_array_get_element (clips, i), i, "V1", base_dir);

      if (clip == NULL)
        continue;
      _rushes_timeline_clip_raw_set_start (clip, start);
      _rushes_timeline_clip_raw_set_link (clip, NULL);
      start += rushes_timeline_clip_get_duration (clip);
      g_ptr_array_add (_rushes_timeline_track_get_array (video), clip);
      if (rushes_timeline_clip_get_has_audio (clip) && !rushes_timeline_clip_get_is_title (clip))
        {
          RushesTimelineClip *sound = rushes_timeline_clip_duplicate (clip);

          _rushes_timeline_clip_raw_set_link (sound, rushes_timeline_clip_get_id (clip));
          _rushes_timeline_clip_raw_set_link (clip, rushes_timeline_clip_get_id (sound));
          g_ptr_array_add (_rushes_timeline_track_get_array (audio), sound);
        }
    }
  return TRUE;
}

static void
read_track_clips (RushesProject       *self,
                  RushesTimelineTrack *track,
                  JsonArray           *array,
                  const char          *base_dir,
                  guint               *total)
{
  g_autoptr(GPtrArray) clips = g_ptr_array_new_with_free_func (g_object_unref);
  const char *name = rushes_timeline_track_get_name (track);
  RushesTrackChecker checker;
  guint len = json_array_get_length (array);

  for (guint i = 0; i < len; i++)
    {
      RushesTimelineClip *clip;

      if (*total >= RUSHES_PROJECT_MAX_CLIPS)
        {
          problem (self, _("Track “%s”: %u clips beyond the %d a project holds were left out"),
                   name, len - i, RUSHES_PROJECT_MAX_CLIPS);
          break;
        }
      if ((clip = read_clip (self, json_array_get_element (array, i), i, name, base_dir)) == NULL)
        continue;
      g_ptr_array_add (clips, clip);
      (*total)++;
    }
  g_ptr_array_sort (clips, _rushes_timeline_clip_compare_start);
  _rushes_track_checker_init (&checker, rushes_timeline_track_get_kind (track), name);
  for (guint i = 0; i < clips->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (clips, i);
      g_autoptr(GError) error = NULL;

      if (!_rushes_track_checker_add (&checker, clip, &error))
        {
          problem (self, _("%s. The clip was left out."), error->message);
          continue;
        }
      g_ptr_array_add (_rushes_timeline_track_get_array (track), g_object_ref (clip));
    }
}

static gboolean
read_v2 (RushesProject  *self,
         JsonObject     *root,
         const char     *base_dir,
         GError        **error)
{
  JsonNode *node = json_object_get_member (root, "tracks");
  JsonArray *tracks;
  guint per_kind[2] = { 0, 0 };
  guint total = 0;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID,
                   _("The project’s “tracks” is not a list"));
      return FALSE;
    }
  tracks = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (tracks); i++)
    {
      JsonNode *element = json_array_get_element (tracks, i);
      g_autofree char *free_name = NULL;
      RushesTimelineTrack *track;
      JsonObject *object;
      RushesTrackKind kind;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          problem (self, _("Track %u is not an object and was left out"), i + 1);
          continue;
        }
      object = json_node_get_object (element);
      name = _rushes_json_string_member (object, "name", NULL);
      if (!rushes_track_kind_from_string (_rushes_json_string_member (object, "kind", NULL), &kind))
        {
          problem (self, _("Track %u “%s” is of an unknown kind and was left out with its clips"),
                   i + 1, name ? name : "");
          continue;
        }
      if (per_kind[kind] >= RUSHES_PROJECT_MAX_TRACKS)
        {
          problem (self, _("Track %u “%s” is beyond the %d tracks of a kind a project holds and was left out"),
                   i + 1, name ? name : "", RUSHES_PROJECT_MAX_TRACKS);
          continue;
        }
      per_kind[kind]++;
      if (name == NULL || *name == '\0')
        {
          g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (self->tracks)); j++)
            g_ptr_array_add (list, g_list_model_get_item (G_LIST_MODEL (self->tracks), j));
          name = free_name = _rushes_project_free_track_name (list, kind);
        }
      track = add_track (self, kind, name);
      _rushes_timeline_track_set_muted (track, _rushes_json_bool_member (object, "muted", FALSE));
      _rushes_timeline_track_set_locked (track, _rushes_json_bool_member (object, "locked", FALSE));
      node = json_object_get_member (object, "clips");
      if (node && JSON_NODE_HOLDS_ARRAY (node))
        read_track_clips (self, track, json_node_get_array (node), base_dir, &total);
      else if (node && !JSON_NODE_HOLDS_NULL (node))
        problem (self, _("The clips of track “%s” are not a list and were left out"), name);
    }
  return TRUE;
}

/* Every id once; links both ways between clips that exist */
static void
tidy_ids_and_links (RushesProject *self)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    {
      GPtrArray *clips = _rushes_timeline_track_get_array (rushes_project_get_track (self, i));

      for (guint j = 0; j < clips->len; j++)
        {
          RushesTimelineClip *clip = g_ptr_array_index (clips, j);

          /* a duplicated id would confuse undo and links: later copies get new ones */
          if (g_hash_table_contains (ids, rushes_timeline_clip_get_id (clip)))
            {
              g_autofree char *id = g_uuid_string_random ();

              _rushes_timeline_clip_set_id (clip, id);
            }
          g_hash_table_insert (ids, (gpointer) rushes_timeline_clip_get_id (clip), clip);
          g_ptr_array_add (all, clip);
        }
    }
  for (guint i = 0; i < all->len; i++)
    {
      RushesTimelineClip *clip = g_ptr_array_index (all, i);
      const char *link = rushes_timeline_clip_get_link (clip);
      RushesTimelineClip *partner = link ? g_hash_table_lookup (ids, link) : NULL;

      if (link == NULL)
        continue;
      if (partner == NULL || partner == clip ||
          g_strcmp0 (rushes_timeline_clip_get_link (partner), rushes_timeline_clip_get_id (clip)) != 0)
        _rushes_timeline_clip_raw_set_link (clip, NULL);
    }
}

gboolean
_rushes_project_tracks_from_json (RushesProject  *self,
                                  JsonObject     *root,
                                  gint64          version,
                                  const char     *base_dir,
                                  GError        **error)
{
  gboolean ok, has_video = FALSE;

  g_clear_signal_handler (&self->main_handler, self->main_track);
  self->main_track = NULL;
  g_list_store_remove_all (self->tracks);
  ok = version == 1 ? read_v1 (self, root, base_dir, error) : read_v2 (self, root, base_dir, error);
  /* always a video track */
  for (guint i = 0; i < rushes_project_get_n_tracks (self); i++)
    if (rushes_timeline_track_get_kind (rushes_project_get_track (self, i)) == RUSHES_TRACK_VIDEO)
      has_video = TRUE;
  if (!has_video)
    {
      g_autoptr(RushesTimelineTrack) track = rushes_timeline_track_new (RUSHES_TRACK_VIDEO, "V1");

      g_list_store_insert (self->tracks, 0, track);
    }
  _rushes_project_update_main (self, NULL);
  if (!ok)
    return FALSE;
  tidy_ids_and_links (self);
  return TRUE;
}
