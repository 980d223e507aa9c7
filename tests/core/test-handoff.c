/* test-handoff.c: MLT XML and OpenTimelineIO hand-off of a version-2 project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project (25 fps, 320×240): V1 red 0–3 s and blue 2–5 s (a 1 s
 * crossfade), V2 a title 0.4–1.4 s, A1 (every new project's, empty: the
 * files have no sound), A "Music" 0–5 s at half volume with a 0.5 s
 * fade-in. Track order in the project: V1, A1, V2, Music. The writers read the model only: the files need not
 * be media.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "rushes-handoff.h"
#include "test-util.h"

#define S RUSHES_SECOND

typedef struct
{
  RushesProject *project;
  char          *dir;
  char          *red, *blue, *music;
} Fixture;

static char *
make_file (const char *dir,
           const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "not really media", -1, NULL));
  return path;
}

static RushesTimelineClip *
place (RushesProject *project,
       guint          track,
       const char    *path,
       gint64         media_duration,
       gint64         start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new (path, media_duration);

  rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
  g_assert_true (rushes_project_place_clip (project, track, clip, start, &error));
  g_assert_no_error (error);
  return clip;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  RushesTimelineClip *music;
  guint v2, a;

  f->dir = test_make_tmp_dir ("rushes-handoff-XXXXXX");
  f->red = make_file (f->dir, "red.webm");
  f->blue = make_file (f->dir, "blue.webm");
  f->music = make_file (f->dir, "music.wav");
  f->project = rushes_project_new ();
  rushes_project_set_format (f->project, 320, 240, 25, 1);
  v2 = rushes_project_add_track (f->project, RUSHES_TRACK_VIDEO, "V2");
  a = rushes_project_add_track (f->project, RUSHES_TRACK_AUDIO, "Music");

  place (f->project, 0, f->red, 3 * S, 0);
  place (f->project, 0, f->blue, 3 * S, 2 * S);
  g_assert_nonnull (rushes_project_add_title (f->project, v2, 4 * S / 10, S, "Hello", &error));
  g_assert_no_error (error);
  music = place (f->project, a, f->music, 6 * S, 0);
  rushes_project_trim_clip_to (f->project, music, 0, 0, 5 * S, &error);
  g_assert_no_error (error);
  rushes_project_set_clip_volume (f->project, music, 0.5);
  rushes_project_set_clip_fades (f->project, music, S / 2, 0);
  g_assert_cmpint (rushes_timeline_track_get_crossfade (rushes_project_get_track (f->project, 0), 0), ==, S);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->red);
  g_free (f->blue);
  g_free (f->music);
}

/* ---- a small DOM of the MLT XML ---- */

typedef struct XmlNode XmlNode;
struct XmlNode
{
  char       *name;
  GHashTable *attrs;
  GPtrArray  *children;
  GString    *text;
  XmlNode    *parent;
};

static void
xml_node_free (XmlNode *node)
{
  g_free (node->name);
  g_hash_table_unref (node->attrs);
  g_ptr_array_unref (node->children);
  g_string_free (node->text, TRUE);
  g_free (node);
}

static XmlNode *
xml_node_new (const char *name,
              XmlNode    *parent)
{
  XmlNode *node = g_new0 (XmlNode, 1);

  node->name = g_strdup (name);
  node->attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) xml_node_free);
  node->text = g_string_new (NULL);
  node->parent = parent;
  if (parent)
    g_ptr_array_add (parent->children, node);
  return node;
}

static void
xml_start (GMarkupParseContext *context,
           const char          *name,
           const char         **names,
           const char         **values,
           gpointer             data,
           GError             **error)
{
  XmlNode **current = data;
  XmlNode *node = xml_node_new (name, *current);

  for (guint i = 0; names[i]; i++)
    g_hash_table_insert (node->attrs, g_strdup (names[i]), g_strdup (values[i]));
  *current = node;
}

static void
xml_end (GMarkupParseContext *context,
         const char          *name,
         gpointer             data,
         GError             **error)
{
  XmlNode **current = data;

  *current = (*current)->parent;
}

static void
xml_text (GMarkupParseContext *context,
          const char          *text,
          gsize                length,
          gpointer             data,
          GError             **error)
{
  XmlNode **current = data;

  g_string_append_len ((*current)->text, text, length);
}

static XmlNode *
xml_parse (const char *text)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autoptr(GError) error = NULL;
  XmlNode *root = xml_node_new ("", NULL);
  XmlNode *current = root;
  GMarkupParseContext *context = g_markup_parse_context_new (&parser, 0, &current, NULL);

  g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_true (current == root);
  g_assert_cmpuint (root->children->len, ==, 1);
  return root;
}

static const char *
attr (XmlNode    *node,
      const char *name)
{
  return g_hash_table_lookup (node->attrs, name);
}

/* The text of <property name="name"> under node, or NULL */
static const char *
prop (XmlNode    *node,
      const char *name)
{
  for (guint i = 0; i < node->children->len; i++)
    {
      XmlNode *child = node->children->pdata[i];

      if (g_str_equal (child->name, "property") && g_strcmp0 (attr (child, "name"), name) == 0)
        return child->text->str;
    }
  return NULL;
}

static XmlNode *
by_id (XmlNode    *mlt,
       const char *id)
{
  for (guint i = 0; i < mlt->children->len; i++)
    {
      XmlNode *child = mlt->children->pdata[i];

      if (g_strcmp0 (attr (child, "id"), id) == 0)
        return child;
    }
  return NULL;
}

/* The children of node named name */
static GPtrArray *
children (XmlNode    *node,
          const char *name)
{
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < node->children->len; i++)
    if (g_str_equal (((XmlNode *) node->children->pdata[i])->name, name))
      g_ptr_array_add (list, node->children->pdata[i]);
  return list;
}

static void
assert_entry (XmlNode    *entry,
              const char *name,
              const char *producer,
              const char *in,
              const char *out)
{
  g_assert_cmpstr (entry->name, ==, name);
  if (producer)
    g_assert_cmpstr (attr (entry, "producer"), ==, producer);
  g_assert_cmpstr (attr (entry, "in"), ==, in);
  g_assert_cmpstr (attr (entry, "out"), ==, out);
}

/* The chain whose resource is path */
static XmlNode *
chain_of (XmlNode    *mlt,
          const char *path)
{
  g_autoptr(GPtrArray) chains = children (mlt, "chain");

  for (guint i = 0; i < chains->len; i++)
    if (g_strcmp0 (prop (chains->pdata[i], "resource"), path) == 0)
      return chains->pdata[i];
  return NULL;
}

static void
test_mlt (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rushes_handoff_to_mlt (f->project, NULL, &error);
  XmlNode *root, *mlt, *profile, *red, *blue, *music, *playlist, *xfade, *tractor, *node;
  g_autoptr(GPtrArray) chains = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) transitions = NULL;
  g_autoptr(GPtrArray) tracks = NULL;
  const char *title_id;
  gboolean affine = FALSE;

  g_assert_no_error (error);
  g_assert_nonnull (text);
  root = xml_parse (text);
  mlt = root->children->pdata[0];
  g_assert_cmpstr (mlt->name, ==, "mlt");

  profile = mlt->children->pdata[0];
  g_assert_cmpstr (profile->name, ==, "profile");
  g_assert_cmpstr (attr (profile, "width"), ==, "320");
  g_assert_cmpstr (attr (profile, "height"), ==, "240");
  g_assert_cmpstr (attr (profile, "frame_rate_num"), ==, "25");
  g_assert_cmpstr (attr (profile, "frame_rate_den"), ==, "1");
  g_assert_cmpstr (attr (profile, "display_aspect_num"), ==, "4");
  g_assert_cmpstr (attr (profile, "display_aspect_den"), ==, "3");

  /* one chain per file, absolute paths */
  chains = children (mlt, "chain");
  g_assert_cmpuint (chains->len, ==, 3);
  red = chain_of (mlt, f->red);
  blue = chain_of (mlt, f->blue);
  music = chain_of (mlt, f->music);
  g_assert_nonnull (red);
  g_assert_nonnull (blue);
  g_assert_nonnull (music);
  g_assert_cmpstr (prop (red, "length"), ==, "75");
  g_assert_cmpstr (prop (music, "length"), ==, "150");

  /* V1: red up to the crossfade, the crossfade, blue after it */
  playlist = by_id (mlt, "playlist0");
  g_assert_nonnull (playlist);
  g_assert_cmpstr (prop (playlist, "shotcut:name"), ==, "V1");
  entries = g_ptr_array_new ();
  for (guint i = 0; i < playlist->children->len; i++)
    if (!g_str_equal (((XmlNode *) playlist->children->pdata[i])->name, "property"))
      g_ptr_array_add (entries, playlist->children->pdata[i]);
  g_assert_cmpuint (entries->len, ==, 3);
  assert_entry (entries->pdata[0], "entry", attr (red, "id"), "0", "49");
  assert_entry (entries->pdata[1], "entry", NULL, "0", "24");
  assert_entry (entries->pdata[2], "entry", attr (blue, "id"), "25", "74");

  /* the crossfade: both tails, luma and mix 0 → 1 */
  xfade = by_id (mlt, attr (entries->pdata[1], "producer"));
  g_assert_nonnull (xfade);
  g_assert_cmpstr (xfade->name, ==, "tractor");
  tracks = children (xfade, "track");
  g_assert_cmpuint (tracks->len, ==, 2);
  assert_entry (tracks->pdata[0], "track", attr (red, "id"), "50", "74");
  assert_entry (tracks->pdata[1], "track", attr (blue, "id"), "0", "24");
  transitions = children (xfade, "transition");
  g_assert_cmpuint (transitions->len, ==, 2);
  g_assert_cmpstr (prop (transitions->pdata[0], "mlt_service"), ==, "luma");
  g_assert_cmpstr (prop (transitions->pdata[1], "mlt_service"), ==, "mix");
  g_assert_cmpstr (prop (transitions->pdata[1], "start"), ==, "0");
  g_assert_cmpstr (prop (transitions->pdata[1], "end"), ==, "1");
  g_clear_pointer (&tracks, g_ptr_array_unref);
  g_clear_pointer (&transitions, g_ptr_array_unref);

  /* V2: a blank, then the title (a transparent colour with its text) */
  playlist = by_id (mlt, "playlist1");
  g_assert_cmpstr (prop (playlist, "shotcut:name"), ==, "V2");
  g_ptr_array_set_size (entries, 0);
  for (guint i = 0; i < playlist->children->len; i++)
    if (!g_str_equal (((XmlNode *) playlist->children->pdata[i])->name, "property"))
      g_ptr_array_add (entries, playlist->children->pdata[i]);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((XmlNode *) entries->pdata[0])->name, ==, "blank");
  g_assert_cmpstr (attr (entries->pdata[0], "length"), ==, "10");
  title_id = attr (entries->pdata[1], "producer");
  assert_entry (entries->pdata[1], "entry", title_id, "0", "24");
  node = by_id (mlt, title_id);
  g_assert_cmpstr (prop (node, "mlt_service"), ==, "color");
  g_assert_cmpstr (prop (node, "resource"), ==, "#00000000");
  node = node->children->pdata[node->children->len - 1];
  g_assert_cmpstr (node->name, ==, "filter");
  g_assert_cmpstr (prop (node, "mlt_service"), ==, "dynamictext");
  g_assert_cmpstr (prop (node, "argument"), ==, "Hello");
  g_assert_cmpstr (prop (node, "size"), ==, "20.0000");  /* 1/12 of 240 */

  /* A1: an empty audio playlist */
  playlist = by_id (mlt, "playlist2");
  g_assert_cmpstr (prop (playlist, "shotcut:name"), ==, "A1");
  g_assert_cmpstr (prop (playlist, "shotcut:audio"), ==, "1");
  g_ptr_array_set_size (entries, 0);
  for (guint i = 0; i < playlist->children->len; i++)
    if (!g_str_equal (((XmlNode *) playlist->children->pdata[i])->name, "property"))
      g_ptr_array_add (entries, playlist->children->pdata[i]);
  g_assert_cmpuint (entries->len, ==, 0);

  /* the music: 125 frames at half volume, fading in over 12 */
  playlist = by_id (mlt, "playlist3");
  g_assert_cmpstr (prop (playlist, "shotcut:audio"), ==, "1");
  node = playlist->children->pdata[playlist->children->len - 1];
  assert_entry (node, "entry", attr (music, "id"), "0", "124");
  transitions = children (node, "filter");
  g_assert_cmpuint (transitions->len, ==, 2);
  g_assert_cmpstr (prop (transitions->pdata[0], "mlt_service"), ==, "volume");
  g_assert_cmpstr (prop (transitions->pdata[0], "gain"), ==, "0.5000");
  g_assert_cmpstr (prop (transitions->pdata[1], "mlt_service"), ==, "volume");
  /* linear in amplitude as in Rushes: a keyframe a frame, in dB (half way: -6 dB) */
  g_assert_true (g_str_has_prefix (prop (transitions->pdata[1], "level"), "0=-60.0000;1=-21.5836;"));
  g_assert_nonnull (strstr (prop (transitions->pdata[1], "level"), ";6=-6.0206;"));
  g_assert_true (g_str_has_suffix (prop (transitions->pdata[1], "level"), ";12=0.0000"));
  g_assert_cmpstr (attr (transitions->pdata[1], "in"), ==, "0");
  g_assert_cmpstr (attr (transitions->pdata[1], "out"), ==, "12");
  g_clear_pointer (&transitions, g_ptr_array_unref);

  /* every playlist once: the background and one per track */
  g_clear_pointer (&tracks, g_ptr_array_unref);
  tracks = children (mlt, "playlist");
  g_assert_cmpuint (tracks->len, ==, 5);
  g_clear_pointer (&tracks, g_ptr_array_unref);
  /* the tractor: background, V1, V2 (no sound), A1, Music (no picture);
   * V2 over V1, every track's sound mixed */
  tractor = by_id (mlt, "tractor0");
  g_assert_cmpstr (attr (tractor, "out"), ==, "124");
  tracks = children (tractor, "track");
  g_assert_cmpuint (tracks->len, ==, 5);
  g_assert_cmpstr (attr (tracks->pdata[0], "producer"), ==, "background");
  g_assert_cmpstr (attr (tracks->pdata[1], "producer"), ==, "playlist0");
  g_assert_cmpstr (attr (tracks->pdata[1], "hide"), ==, "audio");
  g_assert_cmpstr (attr (tracks->pdata[2], "hide"), ==, "audio");
  g_assert_cmpstr (attr (tracks->pdata[3], "producer"), ==, "playlist2");
  g_assert_cmpstr (attr (tracks->pdata[3], "hide"), ==, "video");
  g_assert_cmpstr (attr (tracks->pdata[4], "producer"), ==, "playlist3");
  g_assert_cmpstr (attr (tracks->pdata[4], "hide"), ==, "video");
  transitions = children (tractor, "transition");
  g_assert_cmpuint (transitions->len, ==, 5);
  for (guint i = 0; i < transitions->len; i++)
    if (g_str_equal (prop (transitions->pdata[i], "mlt_service"), "affine"))
      {
        g_assert_cmpstr (prop (transitions->pdata[i], "a_track"), ==, "1");
        g_assert_cmpstr (prop (transitions->pdata[i], "b_track"), ==, "2");
        affine = TRUE;
      }
  g_assert_true (affine);

  xml_node_free (root);
}

/* ---- OTIO ---- */

static gint64
otio_time (JsonObject *object,
           const char *member)
{
  JsonObject *time = json_object_get_object_member (object, member);

  g_assert_cmpstr (json_object_get_string_member (time, "OTIO_SCHEMA"), ==, "RationalTime.1");
  g_assert_cmpfloat (json_object_get_double_member (time, "rate"), ==, 25.0);
  return (gint64) json_object_get_double_member (time, "value");
}

static void
assert_range (JsonObject *item,
              gint64      start,
              gint64      duration)
{
  JsonObject *range = json_object_get_object_member (item, "source_range");

  g_assert_cmpstr (json_object_get_string_member (range, "OTIO_SCHEMA"), ==, "TimeRange.1");
  g_assert_cmpint (otio_time (range, "start_time"), ==, start);
  g_assert_cmpint (otio_time (range, "duration"), ==, duration);
}

static JsonObject *
item (JsonArray  *items,
      guint       index,
      const char *schema)
{
  JsonObject *object = json_array_get_object_element (items, index);

  g_assert_cmpstr (json_object_get_string_member (object, "OTIO_SCHEMA"), ==, schema);
  return object;
}

static JsonObject *
reference (JsonObject *clip)
{
  g_assert_cmpstr (json_object_get_string_member (clip, "active_media_reference_key"), ==, "DEFAULT_MEDIA");
  return json_object_get_object_member (json_object_get_object_member (clip, "media_references"),
                                        "DEFAULT_MEDIA");
}

static void
test_otio (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rushes_handoff_to_otio (f->project, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *red_url = g_filename_to_uri (f->red, NULL, NULL);
  JsonObject *timeline, *stack, *track, *clip, *ref;
  JsonArray *tracks, *items;

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  timeline = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (timeline, "OTIO_SCHEMA"), ==, "Timeline.1");
  stack = json_object_get_object_member (timeline, "tracks");
  g_assert_cmpstr (json_object_get_string_member (stack, "OTIO_SCHEMA"), ==, "Stack.1");
  tracks = json_object_get_array_member (stack, "children");
  g_assert_cmpuint (json_array_get_length (tracks), ==, 4);

  /* V1: red to the middle of the overlap, the dissolve, blue from there */
  track = item (tracks, 0, "Track.1");
  g_assert_cmpstr (json_object_get_string_member (track, "kind"), ==, "Video");
  g_assert_cmpstr (json_object_get_string_member (track, "name"), ==, "V1");
  items = json_object_get_array_member (track, "children");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  clip = item (items, 0, "Clip.2");
  assert_range (clip, 0, 62);
  ref = reference (clip);
  g_assert_cmpstr (json_object_get_string_member (ref, "OTIO_SCHEMA"), ==, "ExternalReference.1");
  g_assert_cmpstr (json_object_get_string_member (ref, "target_url"), ==, red_url);
  g_assert_cmpint (otio_time (json_object_get_object_member (ref, "available_range"), "duration"), ==, 75);
  clip = item (items, 1, "Transition.1");
  g_assert_cmpstr (json_object_get_string_member (clip, "transition_type"), ==, "SMPTE_Dissolve");
  g_assert_cmpint (otio_time (clip, "in_offset"), ==, 12);
  g_assert_cmpint (otio_time (clip, "out_offset"), ==, 13);
  clip = item (items, 2, "Clip.2");
  assert_range (clip, 12, 63);

  /* V2: a gap, the title */
  track = item (tracks, 1, "Track.1");
  g_assert_cmpstr (json_object_get_string_member (track, "kind"), ==, "Video");
  items = json_object_get_array_member (track, "children");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  assert_range (item (items, 0, "Gap.1"), 0, 10);
  clip = item (items, 1, "Clip.2");
  assert_range (clip, 0, 25);
  ref = reference (clip);
  g_assert_cmpstr (json_object_get_string_member (ref, "OTIO_SCHEMA"), ==, "GeneratorReference.1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ref, "parameters"), "text"),
                   ==, "Hello");

  /* A1, empty */
  track = item (tracks, 2, "Track.1");
  g_assert_cmpstr (json_object_get_string_member (track, "kind"), ==, "Audio");
  g_assert_cmpstr (json_object_get_string_member (track, "name"), ==, "A1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (track, "children")), ==, 0);

  /* the music */
  track = item (tracks, 3, "Track.1");
  g_assert_cmpstr (json_object_get_string_member (track, "kind"), ==, "Audio");
  items = json_object_get_array_member (track, "children");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  clip = item (items, 0, "Clip.2");
  assert_range (clip, 0, 125);
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (
                       json_object_get_object_member (clip, "metadata"), "rushes"), "volume"), ==, 0.5);
}

static void
test_write (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mlt = g_build_filename (f->dir, "cut.MLT", NULL);
  g_autofree char *otio = g_build_filename (f->dir, "cut.otio", NULL);
  g_autofree char *other = g_build_filename (f->dir, "cut.txt", NULL);
  g_autofree char *text = NULL;

  g_assert_true (rushes_handoff_write (f->project, mlt, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (mlt, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "<?xml"));
  g_clear_pointer (&text, g_free);
  g_assert_true (rushes_handoff_write (f->project, otio, &error));
  g_assert_true (g_file_get_contents (otio, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"Timeline.1\""));

  g_assert_false (rushes_handoff_write (f->project, other, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* Nothing to hand on, or a clip with no file yet: refused, nothing written */
static void
test_refused (void)
{
  g_autoptr(RushesProject) project = rushes_project_new ();
  g_autoptr(RushesTimelineClip) pending = rushes_timeline_clip_new_placeholder ("job-1", "Shot 1", 2 * S);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rushes_handoff_to_mlt (project, NULL, &error);

  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  rushes_project_append_clip (project, pending);
  text = rushes_handoff_to_otio (project, &error);
  g_assert_null (text);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "Shot 1"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/handoff/mlt", Fixture, NULL, fixture_set_up, test_mlt, fixture_tear_down);
  g_test_add ("/handoff/otio", Fixture, NULL, fixture_set_up, test_otio, fixture_tear_down);
  g_test_add ("/handoff/write", Fixture, NULL, fixture_set_up, test_write, fixture_tear_down);
  g_test_add_func ("/handoff/refused", test_refused);
  return g_test_run ();
}
