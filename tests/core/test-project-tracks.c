/* test-project-tracks.c: project format v2: tracks, crossfades, titles, links
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "rushes-project.h"

#define S RUSHES_SECOND

static RushesTimelineClip *
take_new (const char *path,
          gint64      duration,
          gboolean    has_audio)
{
  RushesTimelineClip *clip = rushes_timeline_clip_new (path, duration);

  rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
  rushes_timeline_clip_set_has_audio (clip, has_audio);
  return clip;
}

/* a (2 s, sound), b (3 s, sound), c (4 s, no sound) on V1; their sound on A1 */
static RushesProject *
three_takes (void)
{
  RushesProject *project = rushes_project_new ();
  const char *paths[] = { "/nowhere/a.webm", "/nowhere/b.webm", "/nowhere/c.webm" };

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RushesTimelineClip) clip = take_new (paths[i], (i + 2) * S, i < 2);

      rushes_project_append_clip (project, clip);
    }
  rushes_undo_stack_clear (rushes_project_get_undo_stack (project));
  return project;
}

static RushesTimelineClip *
clip_on (RushesProject *project,
         guint          track,
         guint          position)
{
  return rushes_timeline_track_get_clip (rushes_project_get_track (project, track), position);
}

static void
test_v1_conversion (void)
{
  static const char v1[] =
    "{\"format\": \"rushes-project\", \"version\": 1, \"width\": 640, \"height\": 360, \"fps\": [25, 1],"
    " \"clips\": ["
    "  {\"id\": \"a\", \"path\": \"/nowhere/a.webm\", \"name\": \"A\", \"in\": 0, \"out\": 2000000000,"
    "   \"media-duration\": 5000000000, \"has-audio\": true},"
    "  {\"id\": \"b\", \"path\": \"/nowhere/b.webm\", \"name\": \"B\", \"in\": 1000000000, \"out\": 4000000000,"
    "   \"media-duration\": 5000000000, \"has-audio\": false},"
    "  {\"id\": \"c\", \"path\": \"/nowhere/c.webm\", \"name\": \"C\", \"in\": 0, \"out\": 1000000000,"
    "   \"media-duration\": 1000000000, \"has-audio\": true}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = rushes_project_new_from_json (v1, -1, &error);
  g_autoptr(RushesProject) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  RushesTimelineTrack *video, *audio;

  g_assert_no_error (error);
  g_assert_null (rushes_project_get_load_problems (project));
  g_assert_cmpuint (rushes_project_get_n_tracks (project), ==, 2);
  video = rushes_project_get_main_track (project);
  audio = rushes_project_get_audio_track (project);
  g_assert_cmpstr (rushes_timeline_track_get_name (video), ==, "V1");
  g_assert_cmpstr (rushes_timeline_track_get_name (audio), ==, "A1");
  g_assert_cmpint (rushes_timeline_track_get_kind (audio), ==, RUSHES_TRACK_AUDIO);
  /* the same cut: end to end */
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (video), ==, 3);
  g_assert_cmpint (rushes_timeline_clip_get_start (clip_on (project, 0, 1)), ==, 2 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (clip_on (project, 0, 2)), ==, 5 * S);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 6 * S);
  /* the sound of a and c, linked both ways, in the same place */
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (audio), ==, 2);
  g_assert_true (rushes_project_get_linked_clip (project, clip_on (project, 0, 0)) == clip_on (project, 1, 0));
  g_assert_true (rushes_project_get_linked_clip (project, clip_on (project, 1, 0)) == clip_on (project, 0, 0));
  g_assert_true (rushes_project_get_linked_clip (project, clip_on (project, 0, 2)) == clip_on (project, 1, 1));
  g_assert_null (rushes_project_get_linked_clip (project, clip_on (project, 0, 1)));
  g_assert_cmpint (rushes_timeline_clip_get_start (clip_on (project, 1, 1)), ==, 5 * S);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (clip_on (project, 1, 1)), ==, S);

  /* saved as version 2, which loads the same */
  json = rushes_project_to_json (project);
  g_assert_nonnull (strstr (json, "\"version\" : 2"));
  g_assert_nonnull (strstr (json, "\"tracks\""));
  again = rushes_project_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  json2 = rushes_project_to_json (again);
  g_assert_cmpstr (json, ==, json2);
}

static void
test_v2_round_trip (void)
{
  g_autoptr(RushesProject) project = three_takes ();
  g_autoptr(RushesProject) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) music = take_new ("/nowhere/music.ogg", 60 * S, TRUE);
  g_autofree char *json = NULL;
  g_autofree char *json2 = NULL;
  RushesTimelineClip *title, *music_loaded;
  guint v2, a2;
  double x, y;

  v2 = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);
  a2 = rushes_project_add_track (project, RUSHES_TRACK_AUDIO, "Music");
  title = rushes_project_add_title (project, v2, S / 2, 2 * S, "Hello\nWorld", &error);
  g_assert_no_error (error);
  rushes_project_set_title (project, title, "Hello, “World”", 48, 0.25, 0.75);
  g_assert_true (rushes_project_place_clip (project, a2, music, 3 * S, &error));
  rushes_project_set_clip_volume (project, music, 0.4);
  rushes_project_set_clip_fades (project, music, S, 2 * S);
  rushes_project_set_track_muted (project, a2, TRUE);
  rushes_project_set_track_locked (project, v2, TRUE);
  /* a crossfade of half a second between b and c */
  g_assert_true (rushes_project_move_clip_to (project, rushes_project_get_clip (project, 2), 0,
                                              5 * S - S / 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rushes_timeline_track_get_crossfade (rushes_project_get_main_track (project), 1), ==, S / 2);

  json = rushes_project_to_json (project);
  loaded = rushes_project_new_from_json (json, -1, &error);
  g_assert_no_error (error);
  g_assert_null (rushes_project_get_load_problems (loaded));
  json2 = rushes_project_to_json (loaded);
  g_assert_cmpstr (json, ==, json2);

  g_assert_cmpuint (rushes_project_get_n_tracks (loaded), ==, 4);
  title = clip_on (loaded, v2, 0);
  g_assert_true (rushes_timeline_clip_get_is_title (title));
  g_assert_null (rushes_timeline_clip_get_path (title));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Hello, “World”");
  g_assert_cmpfloat (rushes_timeline_clip_get_title_size (title), ==, 48);
  rushes_timeline_clip_get_title_position (title, &x, &y);
  g_assert_cmpfloat (x, ==, 0.25);
  g_assert_cmpfloat (y, ==, 0.75);
  g_assert_cmpint (rushes_timeline_clip_get_start (title), ==, S / 2);
  g_assert_cmpint (rushes_timeline_clip_get_duration (title), ==, 2 * S);
  g_assert_true (rushes_timeline_track_get_locked (rushes_project_get_track (loaded, v2)));
  g_assert_true (rushes_timeline_track_get_muted (rushes_project_get_track (loaded, a2)));
  g_assert_cmpstr (rushes_timeline_track_get_name (rushes_project_get_track (loaded, a2)), ==, "Music");
  g_assert_cmpstr (rushes_timeline_track_get_name (rushes_project_get_track (loaded, v2)), ==, "V2");
  music_loaded = clip_on (loaded, a2, 0);
  g_assert_nonnull (music_loaded);
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (music_loaded), ==, 0.4);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (music_loaded), ==, S);
  g_assert_cmpint (rushes_timeline_clip_get_fade_out (music_loaded), ==, 2 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (music_loaded), ==, 3 * S);
  g_assert_cmpint (rushes_timeline_track_get_crossfade (rushes_project_get_main_track (loaded), 1), ==, S / 2);
  g_assert_true (rushes_project_get_linked_clip (loaded, rushes_project_get_clip (loaded, 0)) == clip_on (loaded, 1, 0));
}

typedef gboolean (*EditFunc) (RushesProject *project);

static gboolean edit_add_track (RushesProject *p) { return rushes_project_add_track (p, RUSHES_TRACK_VIDEO, NULL) == 2; }
static gboolean edit_title (RushesProject *p)
{
  return rushes_project_add_title (p, 2, S, S, "Title", NULL) != NULL;
}
static gboolean edit_set_title (RushesProject *p)
{
  rushes_project_set_title (p, clip_on (p, 2, 0), "Other", 30, 0.1, 0.9);
  return TRUE;
}
static gboolean edit_place (RushesProject *p)
{
  g_autoptr(RushesTimelineClip) clip = take_new ("/nowhere/d.webm", 3 * S, TRUE);

  return rushes_project_place_clip (p, 2, clip, 4 * S, NULL);
}
static gboolean edit_move_to (RushesProject *p)
{
  return rushes_project_move_clip_to (p, rushes_project_get_clip (p, 0), 2, 10 * S, NULL);
}
static gboolean edit_trim_to (RushesProject *p)
{
  RushesTimelineClip *clip = rushes_project_get_clip (p, 0);

  return rushes_project_trim_clip_to (p, clip, S / 2, S / 2, 2 * S, NULL);
}
static gboolean edit_volume (RushesProject *p) { rushes_project_set_clip_volume (p, clip_on (p, 1, 0), 1.5); return TRUE; }
static gboolean edit_fades (RushesProject *p) { rushes_project_set_clip_fades (p, rushes_project_get_clip (p, 0), S / 4, S / 4); return TRUE; }
static gboolean edit_unlink (RushesProject *p) { rushes_project_unlink_clip (p, rushes_project_get_clip (p, 0)); return TRUE; }
static gboolean edit_delete (RushesProject *p) { rushes_project_delete_clip (p, rushes_project_get_clip (p, 0), FALSE); return TRUE; }
static gboolean edit_ripple_delete (RushesProject *p) { rushes_project_delete_clip (p, rushes_project_get_clip (p, 0), TRUE); return TRUE; }
static gboolean edit_rename (RushesProject *p) { rushes_project_rename_track (p, 1, "Voice"); return TRUE; }
static gboolean edit_mute (RushesProject *p) { rushes_project_set_track_muted (p, 1, TRUE); return TRUE; }
static gboolean edit_lock (RushesProject *p) { rushes_project_set_track_locked (p, 2, TRUE); return TRUE; }
static gboolean edit_group (RushesProject *p)
{
  rushes_project_begin_group (p, "Two edits");
  rushes_project_set_track_locked (p, 2, FALSE);
  rushes_project_set_clip_volume (p, clip_on (p, 1, 0), 0.5);
  rushes_project_end_group (p);
  return TRUE;
}
static gboolean edit_remove_track (RushesProject *p) { return rushes_project_remove_track (p, 1, NULL); }

static void
test_undo_redo_v2 (void)
{
  static const struct { const char *name; EditFunc func; } edits[] = {
    { "add-track", edit_add_track },
    { "title", edit_title },
    { "set-title", edit_set_title },
    { "place", edit_place },
    { "move-to", edit_move_to },
    { "trim-to", edit_trim_to },
    { "volume", edit_volume },
    { "fades", edit_fades },
    { "unlink", edit_unlink },
    { "delete", edit_delete },
    { "ripple-delete", edit_ripple_delete },
    { "rename", edit_rename },
    { "mute", edit_mute },
    { "lock", edit_lock },
    { "group", edit_group },
    { "remove-track", edit_remove_track },
  };
  g_autoptr(RushesProject) project = three_takes ();
  g_autoptr(GPtrArray) states = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (states, rushes_project_to_json (project));
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      const char *before = g_ptr_array_index (states, states->len - 1);
      g_autofree char *after = NULL;
      g_autofree char *undone = NULL;
      g_autofree char *redone = NULL;

      g_test_message ("edit %s", edits[i].name);
      g_assert_true (edits[i].func (project));
      after = rushes_project_to_json (project);
      g_assert_cmpstr (after, !=, before);
      g_assert_true (rushes_project_undo (project));
      undone = rushes_project_to_json (project);
      g_assert_cmpstr (undone, ==, before);
      g_assert_true (rushes_project_redo (project));
      redone = rushes_project_to_json (project);
      g_assert_cmpstr (redone, ==, after);
      g_ptr_array_add (states, g_steal_pointer (&after));
    }
  for (guint i = states->len - 1; i > 0; i--)
    {
      g_autofree char *json = NULL;

      g_assert_true (rushes_project_undo (project));
      json = rushes_project_to_json (project);
      g_assert_cmpstr (json, ==, g_ptr_array_index (states, i - 1));
    }
  g_assert_false (rushes_project_undo (project));
}

static void
test_ripple_keeps_sync (void)
{
  g_autoptr(RushesProject) project = three_takes ();
  g_autoptr(RushesTimelineClip) voice = take_new ("/nowhere/voice.ogg", S, FALSE);
  g_autoptr(RushesTimelineClip) early = take_new ("/nowhere/early.ogg", S, FALSE);
  g_autoptr(RushesTimelineClip) inserted = take_new ("/nowhere/d.webm", 2 * S, TRUE);
  g_autoptr(GError) error = NULL;
  guint a2 = rushes_project_add_track (project, RUSHES_TRACK_AUDIO, NULL);
  guint a3 = rushes_project_add_track (project, RUSHES_TRACK_AUDIO, NULL);

  /* a voice-over under c (starts at 5 s) and one under a */
  g_assert_true (rushes_project_place_clip (project, a2, voice, 6 * S, &error));
  g_assert_true (rushes_project_place_clip (project, a2, early, 0, &error));
  rushes_project_set_track_locked (project, a3, TRUE);

  /* inserting 2 s before b moves everything from b on, on every unlocked track */
  rushes_project_insert_clip (project, 1, inserted);
  g_assert_cmpint (rushes_timeline_clip_get_start (rushes_project_get_clip (project, 2)), ==, 4 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (voice), ==, 8 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (early), ==, 0);
  /* its sound came with it, on A1 */
  g_assert_cmpint (rushes_timeline_clip_get_start (rushes_project_get_linked_clip (project, inserted)), ==, 2 * S);
  /* trimming a shorter by 1 s pulls everything after it back */
  rushes_project_trim_clip (project, 0, 0, S);
  g_assert_cmpint (rushes_timeline_clip_get_start (inserted), ==, S);
  g_assert_cmpint (rushes_timeline_clip_get_start (voice), ==, 7 * S);
  g_assert_cmpint (rushes_timeline_clip_get_duration (clip_on (project, 1, 0)), ==, S);
  /* removing the inserted clip closes the gap, its sound goes too */
  rushes_project_remove_clip (project, 1);
  g_assert_cmpint (rushes_timeline_clip_get_start (voice), ==, 5 * S);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (rushes_project_get_audio_track (project)), ==, 2);
  /* moving c first: a and the voice-over under it (and a's sound) stay together */
  rushes_project_move_clip (project, 2, 0);
  g_assert_cmpint (rushes_timeline_clip_get_start (rushes_project_get_clip (project, 0)), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_duration (rushes_project_get_clip (project, 0)), ==, 4 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (rushes_project_get_clip (project, 1)), ==, 4 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (early), ==, 4 * S);
  g_assert_cmpint (rushes_timeline_clip_get_start (clip_on (project, 1, 0)), ==, 4 * S);
}

static void
test_links_follow (void)
{
  g_autoptr(RushesProject) project = three_takes ();
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *a = rushes_project_get_clip (project, 0);
  RushesTimelineClip *b = rushes_project_get_clip (project, 1);
  RushesTimelineClip *sound_b = rushes_project_get_linked_clip (project, b);
  guint v2 = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);

  g_assert_nonnull (sound_b);
  g_assert_true (rushes_project_get_linked_clip (project, sound_b) == b);
  /* moved to V2 later: its sound moves by the same time on A1 */
  g_assert_true (rushes_project_move_clip_to (project, b, v2, 20 * S, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rushes_timeline_clip_get_start (sound_b), ==, 20 * S);
  g_assert_true (rushes_project_find_track (project, rushes_project_get_audio_track (project), NULL));
  /* trimmed: alike */
  g_assert_true (rushes_project_trim_clip_to (project, b, 21 * S, S, 3 * S, &error));
  g_assert_cmpint (rushes_timeline_clip_get_start (sound_b), ==, 21 * S);
  g_assert_cmpint (rushes_timeline_clip_get_in_point (sound_b), ==, S);
  g_assert_cmpint (rushes_timeline_clip_get_out_point (sound_b), ==, 3 * S);
  /* split: both halves keep a partner */
  g_assert_true (rushes_project_split_at (project, S));
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (rushes_project_get_audio_track (project)), ==, 3);
  for (guint i = 0; i < 2; i++)
    {
      RushesTimelineClip *half = rushes_project_get_clip (project, i);
      RushesTimelineClip *partner = rushes_project_get_linked_clip (project, half);

      g_assert_nonnull (partner);
      g_assert_true (rushes_project_get_linked_clip (project, partner) == half);
      g_assert_cmpint (rushes_timeline_clip_get_start (partner), ==, rushes_timeline_clip_get_start (half));
    }
  /* deleted: its sound goes too */
  rushes_project_delete_clip (project, b, FALSE);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (rushes_project_get_audio_track (project)), ==, 2);
  /* unlinked: they move apart */
  a = rushes_project_get_clip (project, 0);
  {
    RushesTimelineClip *sound_a = rushes_project_get_linked_clip (project, a);

    rushes_project_unlink_clip (project, a);
    g_assert_null (rushes_timeline_clip_get_link (a));
    g_assert_null (rushes_timeline_clip_get_link (sound_a));
    g_assert_true (rushes_project_move_clip_to (project, a, 0, 30 * S, &error));
    g_assert_cmpint (rushes_timeline_clip_get_start (sound_a), ==, 0);
  }
}

static void
on_refused (RushesProject  *project,
            const char     *message,
            char          **out)
{
  g_free (*out);
  *out = g_strdup (message);
}

static void
test_crossfade_limits (void)
{
  g_autoptr(RushesProject) project = three_takes ();
  g_autoptr(RushesTimelineClip) title = rushes_timeline_clip_new_title ("Hi", S);
  g_autofree char *before = rushes_project_to_json (project);
  g_autofree char *after = NULL;
  RushesTimelineClip *c = rushes_project_get_clip (project, 2);
  g_autofree char *refused = NULL;
  GError *error = NULL;

  /* c (4 s, at 5 s) over all of b (2 s–5 s): the overlap is not shorter than b */
  g_assert_false (rushes_project_move_clip_to (project, c, 0, 2 * S, &error));
  g_assert_error (error, RUSHES_PROJECT_ERROR, RUSHES_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "c.webm"));
  g_assert_nonnull (strstr (error->message, "V1"));
  g_clear_error (&error);
  /* c over the end of a and all of b */
  g_assert_false (rushes_project_move_clip_to (project, c, 0, S + S / 2, &error));
  g_assert_nonnull (strstr (error->message, "V1"));
  g_clear_error (&error);
  /* before the start */
  g_assert_false (rushes_project_move_clip_to (project, c, 0, -S, &error));
  g_assert_nonnull (strstr (error->message, "c.webm"));
  g_clear_error (&error);
  /* a title on an audio track */
  g_assert_false (rushes_project_place_clip (project, 1, title, 50 * S, &error));
  g_assert_nonnull (strstr (error->message, "A1"));
  g_clear_error (&error);
  /* a locked track */
  rushes_project_set_track_locked (project, 0, TRUE);
  g_assert_false (rushes_project_move_clip_to (project, c, 0, 30 * S, &error));
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);
  rushes_project_undo (project);
  /* the void edits say why on "edit-refused" */
  g_signal_connect (project, "edit-refused", G_CALLBACK (on_refused), &refused);
  rushes_project_trim_clip (project, 1, 0, 3 * S);  /* fine: b is 3 s long */
  g_assert_null (refused);
  g_assert_true (rushes_project_move_clip_to (project, c, 0, 5 * S - S / 2, &error));
  /* a split inside the crossfade would leave a piece wholly inside it */
  g_assert_false (rushes_project_split_at (project, 5 * S - S / 4));
  g_assert_nonnull (refused);
  rushes_project_undo (project);
  /* nothing refused changed anything */
  after = rushes_project_to_json (project);
  g_assert_cmpstr (after, ==, before);
}

static void
test_hostile_v2 (void)
{
  static const struct { const char *clip; const char *name; } bad[] = {
    { "{\"id\": \"neg\", \"name\": \"Negative\", \"path\": \"/x/n.webm\", \"start\": -5, \"in\": 0, \"out\": 1000}", "Negative" },
    { "{\"id\": \"over\", \"name\": \"Overlap\", \"path\": \"/x/o.webm\", \"start\": 1500, \"in\": 0, \"out\": 1000}", "Overlap" },
    { "{\"id\": \"big\", \"name\": \"Huge\", \"start\": 9000000, \"in\": 0, \"out\": 1000, \"title\": {\"text\": \"", "Huge" },
    { "{\"id\": \"nopath\", \"name\": \"Pathless\", \"start\": 9000000, \"in\": 0, \"out\": 1000}", "Pathless" },
  };
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *huge = g_malloc (10 * 1024 * 1024 + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesProject) project = NULL;
  const char * const *problems;
  RushesTimelineTrack *video;

  memset (huge, 'x', 10 * 1024 * 1024);
  huge[10 * 1024 * 1024] = '\0';
  g_string_append (json, "{\"format\": \"rushes-project\", \"version\": 2, \"tracks\": ["
                         "{\"kind\": \"hologram\", \"name\": \"H1\", \"clips\": []},"
                         "{\"kind\": \"video\", \"name\": \"V1\", \"clips\": ["
                         "{\"id\": \"good\", \"name\": \"Good\", \"path\": \"/x/g.webm\", \"start\": 1000, \"in\": 0, \"out\": 3000,"
                         " \"volume\": 7.5, \"fade-in\": 99999, \"fade-out\": 99999, \"link\": \"nobody\"}");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_string_append_c (json, ',');
      g_string_append (json, bad[i].clip);
      /* the title's 10 MB of text */
      if (g_str_has_suffix (bad[i].clip, "\""))
        g_string_append_printf (json, "%s\"}}", huge);
    }
  g_string_append (json, "]}]}");
  project = rushes_project_new_from_json (json->str, json->len, &error);
  g_assert_no_error (error);

  problems = rushes_project_get_load_problems (project);
  g_assert_nonnull (problems);
  for (guint i = 0; problems[i]; i++)
    g_test_message ("problem: %s", problems[i]);
  g_assert_cmpuint (g_strv_length ((char **) problems), ==, 1 + G_N_ELEMENTS (bad));
  g_assert_nonnull (strstr (problems[0], "H1"));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gboolean named = FALSE;

      for (guint j = 0; problems[j]; j++)
        named |= strstr (problems[j], bad[i].name) != NULL && strstr (problems[j], "V1") != NULL;
      g_assert_true (named);
    }
  /* the rest opens, tidied */
  video = rushes_project_get_main_track (project);
  g_assert_cmpuint (rushes_timeline_track_get_n_clips (video), ==, 1);
  g_assert_cmpstr (rushes_timeline_clip_get_name (rushes_timeline_track_get_clip (video, 0)), ==, "Good");
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (rushes_timeline_track_get_clip (video, 0)), ==, 2.0);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (rushes_timeline_track_get_clip (video, 0)) +
                   rushes_timeline_clip_get_fade_out (rushes_timeline_track_get_clip (video, 0)), <=, 3000);
  g_assert_null (rushes_timeline_clip_get_link (rushes_timeline_track_get_clip (video, 0)));
  g_assert_cmpuint (rushes_project_get_n_tracks (project), ==, 1);
  g_assert_cmpint (rushes_project_get_duration (project), ==, 4000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/project-tracks/v1-conversion", test_v1_conversion);
  g_test_add_func ("/project-tracks/v2-round-trip", test_v2_round_trip);
  g_test_add_func ("/project-tracks/undo-redo-every-edit", test_undo_redo_v2);
  g_test_add_func ("/project-tracks/ripple-keeps-sync", test_ripple_keeps_sync);
  g_test_add_func ("/project-tracks/links-follow", test_links_follow);
  g_test_add_func ("/project-tracks/crossfade-limits", test_crossfade_limits);
  g_test_add_func ("/project-tracks/hostile-files", test_hostile_v2);

  return g_test_run ();
}
