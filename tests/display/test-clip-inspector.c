/* test-clip-inspector.c: the clip inspector (volume, fades, titles,
 * unlink; one undo step per change; Escape), Add Title, and sound files
 * imported onto the audio track (run under xvfb-run)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "rushes-application.h"
#include "rushes-clip-inspector.h"
#include "rushes-timeline-view.h"
#include "rushes-window.h"
#include "test-ui-util.h"
#include "test-util.h"

#define S       RUSHES_SECOND
#define WAIT_MS (30 * 1000)

/* ---- a view in a window ------------------------------------------------------ */

typedef struct
{
  GtkWindow          *window;
  RushesTimelineView *view;
  RushesProject      *project;
} Fixture;

static void
fixture_open (Fixture *f)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  f->project = rushes_project_new ();
  f->view = RUSHES_TIMELINE_VIEW (rushes_timeline_view_new ());
  rushes_timeline_view_set_project (f->view, f->project);
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 900, 300);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (f->view));
  gtk_window_set_child (f->window, scroller);
  gtk_window_present (f->window);
  test_wait_until (test_widget_mapped, f->view, WAIT_MS);
}

static void
fixture_close (Fixture *f)
{
  gpointer weak = f->view;

  g_object_add_weak_pointer (G_OBJECT (f->view), &weak);
  gtk_window_destroy (f->window);
  test_drain ();
  /* the inspector goes with the view, without warnings */
  g_assert_null (weak);
  g_clear_object (&f->project);
}

/* The project's edits so far are not the inspector's */
static void
forget_history (RushesProject *project)
{
  rushes_undo_stack_clear (rushes_project_get_undo_stack (project));
}

static gboolean
can_undo (RushesProject *project)
{
  return rushes_undo_stack_get_can_undo (rushes_project_get_undo_stack (project));
}

static guint
track_of_kind (RushesProject   *project,
               RushesTrackKind  kind)
{
  for (guint i = 0; i < rushes_project_get_n_tracks (project); i++)
    if (rushes_timeline_track_get_kind (rushes_project_get_track (project, i)) == kind &&
        rushes_project_get_track (project, i) != rushes_project_get_main_track (project))
      return i;
  return rushes_project_add_track (project, kind, NULL);
}

/* A clip of a file that need not exist */
static RushesTimelineClip *
place (RushesProject   *project,
       RushesTrackKind  kind,
       const char      *path,
       gint64           start,
       gint64           duration)
{
  g_autoptr(RushesTimelineClip) clip = rushes_timeline_clip_new (path, duration);
  g_autoptr(GError) error = NULL;
  guint index;

  rushes_timeline_clip_set_has_audio (clip, kind == RUSHES_TRACK_AUDIO);
  if (kind == RUSHES_TRACK_VIDEO)
    {
      rushes_timeline_clip_set_format (clip, 320, 240, 25, 1);
      g_assert_true (rushes_project_find_track (project, rushes_project_get_main_track (project), &index));
    }
  else
    index = track_of_kind (project, RUSHES_TRACK_AUDIO);
  g_assert_true (rushes_project_place_clip (project, index, clip, start, &error));
  g_assert_no_error (error);
  return clip;   /* the project keeps it */
}

static RushesClipInspector *
inspector_of (Fixture *f)
{
  GtkWidget *inspector = test_find_descendant_of_type (GTK_WIDGET (f->view), RUSHES_TYPE_CLIP_INSPECTOR);

  g_assert_nonnull (inspector);
  return RUSHES_CLIP_INSPECTOR (inspector);
}

static gpointer
part (RushesClipInspector *inspector,
      const char          *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (inspector), RUSHES_TYPE_CLIP_INSPECTOR, name);

  g_assert_nonnull (object);
  return object;
}

static RushesClipInspector *
inspect (Fixture            *f,
         RushesTimelineClip *clip)
{
  RushesClipInspector *inspector;

  rushes_timeline_view_set_selected_clip (f->view, clip);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "timeline.inspect-clip", NULL));
  inspector = inspector_of (f);
  test_wait_until (test_widget_mapped, inspector, WAIT_MS);
  g_assert_true (rushes_clip_inspector_get_clip (inspector) == clip);
  return inspector;
}

/* A key as it reaches the focused widget and bubbles up to the root: the
 * first shortcut or key handler on the way that takes it */
static gboolean
press (GtkWidget       *widget,
       guint            keyval,
       GdkModifierType  modifiers)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
          gboolean handled = FALSE;

          if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
            g_signal_emit_by_name (controller, "key-pressed", keyval, 0, modifiers, &handled);
          else if (GTK_IS_SHORTCUT_CONTROLLER (controller))
            for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)) && !handled; j++)
              {
                g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
                GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

                if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                    gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
                    gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
                  handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, w,
                                                          gtk_shortcut_get_arguments (shortcut));
              }
          if (handled)
            return TRUE;
        }
    }
  return FALSE;
}

/* The window's focus widget: whether the window is active does not
 * matter (other tests' windows share the display) */
static gboolean
is_focus (gpointer widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL && gtk_root_get_focus (root) == widget;
}

/* Typing, one character at a time, at the end of what is there */
static void
type_text (GtkTextView *view,
           const char  *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, p, g_utf8_next_char (p) - p);
      test_drain ();
    }
}

static void
clear_text (GtkTextView *view)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "", 0);
}

/* 1.5 s of a 440 Hz tone, 16-bit mono at 8 kHz, written by hand */
static char *
write_wav (const char *dir,
           const char *name)
{
  const guint32 rate = 8000, n = rate * 3 / 2;
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  char *path = g_build_filename (dir, name, NULL);
  guint32 u32;
  guint16 u16;

#define PUT32(v) (u32 = GUINT32_TO_LE (v), g_byte_array_append (bytes, (guint8 *) &u32, 4))
#define PUT16(v) (u16 = GUINT16_TO_LE (v), g_byte_array_append (bytes, (guint8 *) &u16, 2))
  g_byte_array_append (bytes, (guint8 *) "RIFF", 4);
  PUT32 (36 + n * 2);
  g_byte_array_append (bytes, (guint8 *) "WAVEfmt ", 8);
  PUT32 (16);
  PUT16 (1);          /* PCM */
  PUT16 (1);          /* mono */
  PUT32 (rate);
  PUT32 (rate * 2);   /* bytes per second */
  PUT16 (2);          /* block align */
  PUT16 (16);         /* bits */
  g_byte_array_append (bytes, (guint8 *) "data", 4);
  PUT32 (n * 2);
  for (guint32 i = 0; i < n; i++)
    PUT16 ((guint16) (gint16) (8000 * sin (2 * G_PI * 440 * i / rate)));
#undef PUT32
#undef PUT16
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, (char *) bytes->data, bytes->len, NULL));
  return path;
}

/* ---- volume and fades ------------------------------------------------------- */

static gboolean
volume_is (gpointer data)
{
  RushesTimelineClip *clip = data;
  double want = *(double *) g_object_get_data (G_OBJECT (clip), "want-volume");

  return ABS (rushes_timeline_clip_get_volume (clip) - want) < 1e-6;
}

static void
wait_volume (RushesTimelineClip *clip,
             double              volume)
{
  g_object_set_data_full (G_OBJECT (clip), "want-volume", g_memdup2 (&volume, sizeof volume), g_free);
  test_wait_until (volume_is, clip, WAIT_MS);
}

static void
test_volume_fades (void)
{
  Fixture f;
  RushesTimelineClip *music;
  RushesClipInspector *inspector;
  GtkRange *scale;

  fixture_open (&f);
  place (f.project, RUSHES_TRACK_VIDEO, "/nonexistent/shot.webm", 0, 6 * S);
  music = place (f.project, RUSHES_TRACK_AUDIO, "/nonexistent/music.wav", 1 * S, 5 * S);
  forget_history (f.project);

  inspector = inspect (&f, music);
  scale = part (inspector, "volume_scale");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (scale)));
  g_assert_false (gtk_widget_get_visible (part (inspector, "title_box")));
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 100);

  /* a drag: several values, one edit with the last once it rests */
  gtk_range_set_value (scale, 120);
  gtk_range_set_value (scale, 150);
  gtk_range_set_value (scale, 170);
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (music), ==, 1.0);
  wait_volume (music, 1.7);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (music), ==, 1.0);
  g_assert_false (can_undo (f.project));
  /* the inspector shows what undo did */
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 100);
  g_assert_true (rushes_project_redo (f.project));
  g_assert_cmpfloat (gtk_range_get_value (scale), ==, 170);

  /* fades: one edit each */
  forget_history (f.project);
  gtk_spin_button_set_value (part (inspector, "fade_in_spin"), 0.5);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (music), ==, S / 2);
  gtk_spin_button_set_value (part (inspector, "fade_out_spin"), 1.25);
  g_assert_cmpint (rushes_timeline_clip_get_fade_out (music), ==, 5 * S / 4);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (music), ==, S / 2);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpint (rushes_timeline_clip_get_fade_out (music), ==, 0);
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (music), ==, S / 2);
  g_assert_cmpfloat (gtk_spin_button_get_value (part (inspector, "fade_out_spin")), ==, 0);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpint (rushes_timeline_clip_get_fade_in (music), ==, 0);
  g_assert_false (can_undo (f.project));

  /* a clip without sound has no volume to set */
  inspector = inspect (&f, rushes_project_get_clip (f.project, 0));
  g_assert_false (gtk_widget_get_visible (part (inspector, "volume_scale")));

  fixture_close (&f);
}

/* ---- titles ------------------------------------------------------------------ */

static RushesTimelineClip *
add_title (RushesProject *project)
{
  g_autoptr(GError) error = NULL;
  guint track = rushes_project_add_track (project, RUSHES_TRACK_VIDEO, NULL);
  RushesTimelineClip *title = rushes_project_add_title (project, track, 1 * S, 3 * S, "Title", &error);

  g_assert_no_error (error);
  g_assert_nonnull (title);
  return title;
}

static void
test_title (void)
{
  Fixture f;
  RushesTimelineClip *title;
  RushesClipInspector *inspector;
  GtkTextView *text;
  double x, y;

  fixture_open (&f);
  place (f.project, RUSHES_TRACK_VIDEO, "/nonexistent/shot.webm", 0, 6 * S);
  title = add_title (f.project);
  forget_history (f.project);

  inspector = inspect (&f, title);
  text = part (inspector, "title_view");
  g_assert_true (gtk_widget_get_visible (part (inspector, "title_box")));
  g_assert_false (gtk_widget_get_visible (part (inspector, "volume_scale")));
  g_assert_false (gtk_widget_get_visible (part (inspector, "unlink_button")));
  {
    GtkTextIter start, end;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (text), &start, &end);
    shown = gtk_text_buffer_get_text (gtk_text_view_get_buffer (text), &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, "Title");
  }

  /* typing is no edit yet; leaving the field is one */
  gtk_widget_grab_focus (GTK_WIDGET (text));
  clear_text (text);
  type_text (text, "Day one\nThe beach");
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Title");
  g_assert_false (can_undo (f.project));
  gtk_widget_grab_focus (part (inspector, "size_spin"));
  test_drain ();
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Day one\nThe beach");
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Title");
  g_assert_false (can_undo (f.project));
  g_assert_true (rushes_project_redo (f.project));

  /* Ctrl+Enter applies it too, and stays in the field */
  gtk_widget_grab_focus (GTK_WIDGET (text));
  type_text (text, "!");
  g_assert_true (press (GTK_WIDGET (text), GDK_KEY_Return, GDK_CONTROL_MASK));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Day one\nThe beach!");
  g_assert_true (is_focus (GTK_WIDGET (text)));

  /* size and place: one edit each */
  forget_history (f.project);
  gtk_spin_button_set_value (part (inspector, "size_spin"), 48);
  g_assert_cmpfloat (rushes_timeline_clip_get_title_size (title), ==, 48);
  gtk_drop_down_set_selected (part (inspector, "position_dropdown"), 2);
  rushes_timeline_clip_get_title_position (title, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 5.0 / 6, 1e-9);
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Day one\nThe beach!");
  g_assert_true (rushes_project_undo (f.project));
  rushes_timeline_clip_get_title_position (title, &x, &y);
  g_assert_cmpfloat_with_epsilon (y, 0.5, 1e-9);
  g_assert_cmpuint (gtk_drop_down_get_selected (part (inspector, "position_dropdown")), ==, 1);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpfloat (rushes_timeline_clip_get_title_size (title), ==, 0);
  g_assert_false (can_undo (f.project));

  fixture_close (&f);
}

/* Escape closes the inspector; what was typed is kept, as one edit */
static void
test_escape (void)
{
  Fixture f;
  RushesTimelineClip *title, *music;
  RushesClipInspector *inspector;
  GtkTextView *text;

  fixture_open (&f);
  title = add_title (f.project);
  forget_history (f.project);

  inspector = inspect (&f, title);
  text = part (inspector, "title_view");
  gtk_widget_grab_focus (GTK_WIDGET (text));
  type_text (text, " card");
  g_assert_true (press (GTK_WIDGET (text), GDK_KEY_Escape, 0));
  test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Title card");
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Title");
  g_assert_false (can_undo (f.project));
  /* the focus is back on the timeline */
  g_assert_true (is_focus (GTK_WIDGET (f.view)));

  /* a volume that has not rested yet is kept too, at once */
  music = place (f.project, RUSHES_TRACK_AUDIO, "/nonexistent/music.wav", 0, 5 * S);
  forget_history (f.project);
  inspector = inspect (&f, music);
  gtk_range_set_value (part (inspector, "volume_scale"), 40);
  g_assert_true (press (part (inspector, "volume_scale"), GDK_KEY_Escape, 0));
  test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (music), ==, 0.4);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_false (can_undo (f.project));

  fixture_close (&f);
}

/* ---- unlink ------------------------------------------------------------------- */

static void
test_unlink (void)
{
  Fixture f;
  g_autoptr(RushesTimelineClip) picture = rushes_timeline_clip_new ("/nonexistent/take.webm", 4 * S);
  g_autoptr(RushesTimelineClip) sound = rushes_timeline_clip_new ("/nonexistent/take.webm", 4 * S);
  RushesClipInspector *inspector;
  guint audio;

  fixture_open (&f);
  rushes_timeline_clip_set_has_audio (picture, TRUE);
  rushes_timeline_clip_set_has_audio (sound, TRUE);
  rushes_timeline_clip_set_link (picture, rushes_timeline_clip_get_id (sound));
  rushes_timeline_clip_set_link (sound, rushes_timeline_clip_get_id (picture));
  audio = track_of_kind (f.project, RUSHES_TRACK_AUDIO);
  g_assert_true (rushes_project_place_clip (f.project, audio, sound, 0, NULL));
  g_assert_true (rushes_project_place_clip (f.project, 0, picture, 0, NULL));
  g_assert_true (rushes_project_get_linked_clip (f.project, picture) == sound);
  forget_history (f.project);

  inspector = inspect (&f, picture);
  g_assert_true (gtk_widget_get_visible (part (inspector, "unlink_button")));
  /* a picture's volume is its sound's */
  g_assert_true (gtk_widget_get_visible (part (inspector, "volume_scale")));
  gtk_range_set_value (part (inspector, "volume_scale"), 50);
  rushes_clip_inspector_commit (inspector);
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (sound), ==, 0.5);
  g_assert_cmpfloat (rushes_timeline_clip_get_volume (picture), ==, 1.0);

  forget_history (f.project);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (inspector), "inspector.unlink", NULL));
  g_assert_null (rushes_timeline_clip_get_link (picture));
  g_assert_null (rushes_timeline_clip_get_link (sound));
  g_assert_false (gtk_widget_get_visible (part (inspector, "unlink_button")));
  g_assert_true (rushes_project_undo (f.project));
  g_assert_false (can_undo (f.project));
  g_assert_true (rushes_project_get_linked_clip (f.project, picture) == sound);
  g_assert_true (gtk_widget_get_visible (part (inspector, "unlink_button")));

  fixture_close (&f);
}

/* ---- Add Title ---------------------------------------------------------------- */

static void
test_add_title (void)
{
  Fixture f;
  RushesTimelineClip *title, *second;
  RushesClipInspector *inspector;
  guint n_tracks, track, second_track, position, main_index;

  fixture_open (&f);
  place (f.project, RUSHES_TRACK_VIDEO, "/nonexistent/shot.webm", 0, 10 * S);
  forget_history (f.project);
  n_tracks = rushes_project_get_n_tracks (f.project);
  g_assert_true (rushes_project_find_track (f.project, rushes_project_get_main_track (f.project), &main_index));
  rushes_timeline_view_set_position (f.view, 2 * S);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.add-title", NULL));
  inspector = inspector_of (&f);
  test_wait_until (test_widget_mapped, inspector, WAIT_MS);
  title = rushes_clip_inspector_get_clip (inspector);
  g_assert_nonnull (title);
  g_assert_true (rushes_timeline_clip_get_is_title (title));
  g_assert_cmpstr (rushes_timeline_clip_get_title_text (title), ==, "Title");
  g_assert_cmpint (rushes_timeline_clip_get_start (title), ==, 2 * S);
  g_assert_cmpint (rushes_timeline_clip_get_duration (title), ==, 3 * S);
  /* on a new video track above the main one */
  g_assert_cmpuint (rushes_project_get_n_tracks (f.project), ==, n_tracks + 1);
  g_assert_true (rushes_project_locate_clip (f.project, title, &track, &position));
  g_assert_cmpuint (track, >, main_index);
  g_assert_cmpint (rushes_timeline_track_get_kind (rushes_project_get_track (f.project, track)), ==,
                   RUSHES_TRACK_VIDEO);
  g_assert_cmpuint (rushes_project_get_n_clips (f.project), ==, 1);
  /* its text is ready for typing */
  g_assert_true (is_focus (part (inspector, "title_view")));

  /* a later one goes on that track where it fits */
  gtk_popover_popdown (GTK_POPOVER (inspector));
  rushes_timeline_view_set_position (f.view, 6 * S);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.view), "timeline.add-title", NULL));
  second = rushes_clip_inspector_get_clip (inspector);
  g_assert_true (second != title);
  g_assert_cmpuint (rushes_project_get_n_tracks (f.project), ==, n_tracks + 1);
  g_assert_true (rushes_project_locate_clip (f.project, second, &second_track, &position));
  g_assert_cmpuint (second_track, ==, track);
  g_assert_cmpint (rushes_timeline_clip_get_start (second), ==, 6 * S);

  /* one undo step each: the second title, then the first and its track */
  g_assert_true (rushes_project_undo (f.project));
  g_assert_true (rushes_project_undo (f.project));
  g_assert_cmpuint (rushes_project_get_n_tracks (f.project), ==, n_tracks);
  g_assert_false (rushes_project_locate_clip (f.project, title, &track, &position));
  g_assert_false (can_undo (f.project));
  test_drain ();
  /* the inspector's clip is gone: it closed */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));

  fixture_close (&f);
}

/* ---- importing sound ------------------------------------------------------------ */

static gboolean
toast_contains (gpointer data)
{
  const char *last = rushes_window_get_last_toast (data);

  return last != NULL && strstr (last, g_object_get_data (data, "want-toast")) != NULL;
}

static RushesTimelineClip *
first_audio_clip (RushesProject *project)
{
  RushesTimelineTrack *track = rushes_project_get_audio_track (project);

  return track != NULL ? rushes_timeline_track_get_clip (track, 0) : NULL;
}

static gboolean
has_audio_clip (gpointer data)
{
  return first_audio_clip (data) != NULL;
}

static GtkDropTarget *
drop_target_of (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

/* A sound file dropped on the timeline's audio track lands there, where
 * it was dropped */
static void
test_drop_sound (void)
{
  Fixture f;
  g_autofree char *wav = write_wav (g_get_home_dir (), "music.wav");
  GSList *files = g_slist_prepend (NULL, g_file_new_for_path (wav));
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  RushesTimelineClip *clip;
  guint audio, track, position;
  double y, h;

  fixture_open (&f);
  place (f.project, RUSHES_TRACK_VIDEO, "/nonexistent/shot.webm", 0, 6 * S);
  audio = track_of_kind (f.project, RUSHES_TRACK_AUDIO);
  forget_history (f.project);
  test_drain ();
  g_assert_true (rushes_timeline_view_get_track_area (f.view, audio, &y, &h));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, files);
  g_signal_emit_by_name (drop_target_of (GTK_WIDGET (f.view)), "drop", &value,
                         rushes_timeline_view_time_to_x (f.view, 1 * S), y + h / 2, &accepted);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);
  g_assert_true (accepted);

  test_wait_until (has_audio_clip, f.project, WAIT_MS);
  clip = first_audio_clip (f.project);
  g_assert_true (rushes_project_locate_clip (f.project, clip, &track, &position));
  g_assert_cmpuint (track, ==, audio);
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, wav);
  g_assert_cmpint (rushes_timeline_clip_get_start (clip), ==, 1 * S);
  g_assert_cmpint (ABS (rushes_timeline_clip_get_duration (clip) - 3 * S / 2), <, S / 1000);
  /* the picture stays alone on the main track */
  g_assert_cmpuint (rushes_project_get_n_clips (f.project), ==, 1);
  g_assert_true (rushes_project_undo (f.project));
  g_assert_false (can_undo (f.project));

  fixture_close (&f);
}

static void
test_import_sound (void)
{
  g_autofree char *folder = test_make_tmp_dir ("lib-XXXXXX");
  g_autofree char *wav = NULL;
  g_autofree char *notes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) not_media = NULL;
  RushesTimelineView *view;
  RushesProject *project;
  RushesTimelineClip *clip;
  RushesTimelineTrack *track;
  GtkWindow *window;
  guint n_tracks, index, position;

  window = GTK_WINDOW (test_open_window (folder, TEST_OPEN_DEFAULT, WAIT_MS));
  view = RUSHES_TIMELINE_VIEW (test_find_descendant_of_type (GTK_WIDGET (window), RUSHES_TYPE_TIMELINE_VIEW));
  project = rushes_timeline_view_get_project (view);
  place (project, RUSHES_TRACK_VIDEO, "/nonexistent/shot.webm", 0, 6 * S);
  rushes_timeline_view_set_position (view, 2 * S);
  n_tracks = rushes_project_get_n_tracks (project);
  forget_history (project);

  wav = write_wav (g_get_home_dir (), "voice over.wav");
  file = g_file_new_for_path (wav);
  rushes_window_import_files (RUSHES_WINDOW (window), &file, 1);
  test_wait_until (has_audio_clip, project, WAIT_MS);
  clip = first_audio_clip (project);
  track = rushes_project_get_audio_track (project);
  g_assert_cmpstr (rushes_timeline_track_get_name (track), ==, "A1");
  g_assert_cmpstr (rushes_timeline_clip_get_path (clip), ==, wav);
  g_assert_true (rushes_timeline_clip_get_has_audio (clip));
  g_assert_cmpint (rushes_timeline_clip_get_start (clip), ==, 2 * S);
  g_assert_cmpint (ABS (rushes_timeline_clip_get_duration (clip) - 3 * S / 2), <, S / 1000);
  g_assert_cmpint (ABS (rushes_timeline_clip_get_media_duration (clip) - 3 * S / 2), <, S / 1000);
  /* not on the main track, not in the library */
  g_assert_cmpuint (rushes_project_get_n_clips (project), ==, 1);
  g_assert_true (rushes_project_locate_clip (project, clip, &index, &position));
  g_assert_true (rushes_project_get_track (project, index) == track);
  g_assert_cmpuint (test_count_files (folder), ==, 0);
  /* one step undoes it (and A1 if it was made for it) */
  g_assert_true (rushes_project_undo (project));
  g_assert_false (can_undo (project));
  g_assert_cmpuint (rushes_project_get_n_tracks (project), ==, n_tracks);
  g_assert_false (rushes_project_locate_clip (project, clip, &index, &position));

  /* neither video nor sound: refused, and said so */
  notes = g_build_filename (g_get_home_dir (), "notes.txt", NULL);
  g_assert_true (g_file_set_contents (notes, "shopping list: milk, eggs\n", -1, NULL));
  not_media = g_file_new_for_path (notes);
  rushes_window_import_files (RUSHES_WINDOW (window), &not_media, 1);
  g_object_set_data (G_OBJECT (window), "want-toast", (gpointer) "notes.txt");
  test_wait_until (toast_contains, window, WAIT_MS);
  g_assert_nonnull (strstr (rushes_window_get_last_toast (RUSHES_WINDOW (window)),
                            "is not a video or sound file"));
  g_assert_false (can_undo (project));

  /* the edits are let go */
  test_close_window (RUSHES_WINDOW (window),
                     TEST_CLOSE_SETTLE_TOASTS | TEST_CLOSE_DISCARD | TEST_CLOSE_RESET_LIBRARY, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  test_ui_init (&argc, &argv, TEST_UI_INIT_GST);
  test_tolerate_gtk48_tooltip_critical ();
  g_assert_true (rushes_timeline_ensure_init (NULL));

  g_test_add_func ("/clip-inspector/volume-fades", test_volume_fades);
  g_test_add_func ("/clip-inspector/title", test_title);
  g_test_add_func ("/clip-inspector/escape", test_escape);
  g_test_add_func ("/clip-inspector/unlink", test_unlink);
  g_test_add_func ("/clip-inspector/add-title", test_add_title);
  g_test_add_func ("/clip-inspector/drop-sound", test_drop_sound);
  g_test_add_data_func ("/clip-inspector/import-sound", test_import_sound, test_with_app);

  return g_test_run ();
}
