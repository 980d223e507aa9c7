/* rushes-project-private.h: shared between the parts of the project and its clips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RushesProject is split by concern: the model and its edits
 * (rushes-project.c), the undo commands the edits push
 * (rushes-project-commands.c), the .rushes file (rushes-project-json.c),
 * autosave and recovery (rushes-project-autosave.c) and the recent
 * projects list (rushes-project-recent.c).
 */
#pragma once

#include "rushes-project.h"
#include "rushes-timeline-clip.h"
#include "rushes-timeline-track.h"

G_BEGIN_DECLS

/* Upper bounds that keep hostile project files harmless. */
#define RUSHES_PROJECT_MAX_TIME     ((gint64) 24 * 3600 * G_GINT64_CONSTANT (1000000000))
#define RUSHES_PROJECT_MAX_CLIPS    10000
#define RUSHES_PROJECT_MAX_SIZE     8192
#define RUSHES_PROJECT_MAX_FPS      240

struct _RushesProject
{
  GObject          parent_instance;

  /* owned */
  GListStore      *tracks;       /* RushesTimelineTrack */
  GPtrArray       *load_problems; /* char *, NULL-terminated; NULL when none */
  RushesUndoStack *undo;
  char            *path;
  char            *autosave_path;
  char            *export_preset;
  char            *export_resolution;
  char            *export_quality;
  guint            width;
  guint            height;
  guint            fps_n;
  guint            fps_d;
  RushesTimelineTrack *main_track;  /* borrowed: the first video track */
  gulong           main_handler;
  guint            main_n_items;  /* as last reported by the project's model */
  guint            proxy_blocked : 1;
  guint            autosave_timer_id;
  guint            autosave_soon_id;
  guint            auto_format : 1;
  guint            dirty : 1;
  guint            autosave_dirty : 1;
  guint            export_recipes : 1;
};

/* rushes-project.c: after every change to the sequence or the format */
void                _rushes_project_changed         (RushesProject      *self);
void                _rushes_project_set_dirty       (RushesProject      *self,
                                                     gboolean            dirty);
/* canonicalises; notifies when it changed */
void                _rushes_project_set_path        (RushesProject      *self,
                                                     const char         *path);

/* rushes-project-commands.c: each returns a command to push on the undo stack */
RushesUndoCommand  *_rushes_project_format_command_new (RushesProject      *self,
                                                        guint               width,
                                                        guint               height,
                                                        guint               fps_n,
                                                        guint               fps_d,
                                                        gboolean            auto_format);
RushesUndoCommand  *_rushes_project_relink_command_new (RushesProject      *self,
                                                        RushesTimelineClip *clip,
                                                        const char         *path);

RushesUndoCommand  *_rushes_project_track_prop_command_new (RushesProject       *self,
                                                           RushesTimelineTrack *track,
                                                           guint                prop,  /* 0 name, 1 muted, 2 locked */
                                                           const char          *name,
                                                           gboolean             value);

/* rushes-project.c */
/* the main track may have changed: follow it; TRUE when it did */
gboolean            _rushes_project_update_main     (RushesProject      *self,
                                                     guint              *old_n);
void                _rushes_project_refuse          (RushesProject      *self,
                                                     GError             *error);
void                _rushes_project_add_load_problem (RushesProject     *self,
                                                     const char         *message);

/* rushes-project-edit.c: an edit is worked out on the model itself,
 * silently; commit checks every track it touched, puts the model back
 * as it was and pushes a command holding the difference, which applies
 * it with all the notifications (or applies it at once, not undoable). */
typedef struct _RushesEdit RushesEdit;

RushesEdit         *_rushes_edit_begin              (RushesProject      *self);
/* The tracks as the edit has them so far */
GPtrArray          *_rushes_edit_get_tracks         (RushesEdit         *edit);
RushesTimelineTrack *_rushes_edit_main_track        (RushesEdit         *edit);
gboolean            _rushes_edit_locate             (RushesEdit         *edit,
                                                     RushesTimelineClip *clip,
                                                     RushesTimelineTrack **track);
RushesTimelineClip *_rushes_edit_find_id            (RushesEdit         *edit,
                                                     const char         *id);
void                _rushes_edit_add                (RushesEdit         *edit,
                                                     RushesTimelineTrack *track,
                                                     RushesTimelineClip *clip);
void                _rushes_edit_remove             (RushesEdit         *edit,
                                                     RushesTimelineClip *clip);
/* Every clip at or after time on every unlocked track but those in
 * exclude (may be NULL) moves by delta */
void                _rushes_edit_ripple             (RushesEdit         *edit,
                                                     gint64              time,
                                                     gint64              delta,
                                                     RushesTimelineClip *exclude1,
                                                     RushesTimelineClip *exclude2);
/* Consumes edit. FALSE and error when a touched track breaks its limits
 * (then nothing changed). */
gboolean            _rushes_edit_commit             (RushesEdit         *edit,
                                                     const char         *label,
                                                     gboolean            undoable,
                                                     GError            **error);
void                _rushes_edit_cancel             (RushesEdit         *edit);

/* rushes-project-edits.c */
/* The linked sound of clip on an audio track of the edit where it fits
 * (a new one if none); FALSE if there is no room for another track */
gboolean            _rushes_edit_add_sound          (RushesEdit         *edit,
                                                     RushesTimelineClip *clip);
char               *_rushes_project_free_track_name (GPtrArray          *tracks,
                                                     RushesTrackKind     kind);
/* The helpers the edits share: error goes to out, or (out NULL) to the
 * project's "edit-refused" */
void                _rushes_edit_refuse             (RushesProject      *self,
                                                     GError             *error,
                                                     GError            **out);
gboolean            _rushes_edit_check_unlocked     (RushesTimelineTrack *track,
                                                     RushesTimelineClip *clip,
                                                     GError            **error);
gboolean            _rushes_edit_wants_sound        (RushesTimelineTrack *track,
                                                     RushesTimelineClip *clip);
RushesTimelineClip *_rushes_edit_partner            (RushesEdit         *edit,
                                                     RushesTimelineClip *clip,
                                                     RushesTimelineTrack **track);
void                _rushes_edit_trim_linked        (RushesTimelineClip *clip,
                                                     RushesTimelineClip *partner,
                                                     gint64              d_start,
                                                     gint64              in_point,
                                                     gint64              out_point);
/* commits as one undo step; refused: error (see _rushes_edit_refuse) */
gboolean            _rushes_edit_finish             (RushesProject      *self,
                                                     RushesEdit         *edit,
                                                     const char         *label,
                                                     GError            **error);
/* cancels edit and refuses with local_error; FALSE */
gboolean            _rushes_edit_fail               (RushesProject      *self,
                                                     RushesEdit         *edit,
                                                     GError             *local_error,
                                                     GError            **error);

/* rushes-project-json.c */
JsonNode           *_rushes_project_to_json_node    (RushesProject      *self,
                                                     const char         *autosave_of);
RushesProject      *_rushes_project_from_json       (const char         *json,
                                                     gssize              length,
                                                     const char         *base_dir,
                                                     char              **autosave_of,
                                                     GError            **error);
/* rushes-project-json-tracks.c */
void                _rushes_project_tracks_to_json  (RushesProject      *self,
                                                     JsonBuilder        *builder);
gboolean            _rushes_project_tracks_from_json (RushesProject     *self,
                                                     JsonObject         *root,
                                                     gint64              version,
                                                     const char         *base_dir,
                                                     GError            **error);
char               *_rushes_project_read_file       (const char         *path,
                                                     gsize              *length,
                                                     GError            **error);
gboolean            _rushes_project_write_file      (const char         *path,
                                                     const char         *contents,
                                                     GError            **error);

/* rushes-project-versions.c: the versions of clips not shown, for the
 * placeholders' fill, failure and progress (rushes-project-edits.c) */
guint               _rushes_project_fill_versions   (RushesProject      *self,
                                                     const char         *job_id,
                                                     const char         *path,
                                                     gint64              media_duration);
void                _rushes_project_fail_versions   (RushesProject      *self,
                                                     const char         *job_id);
void                _rushes_project_set_versions_progress (RushesProject *self,
                                                     const char         *job_id,
                                                     double              progress);

/* rushes-project-autosave.c: autosaves a little after a change */
void                _rushes_project_autosave_soon   (RushesProject      *self);

/* rushes-timeline-clip.c: JSON shared by the project and its clips */
gboolean            _rushes_json_get_int            (JsonNode           *node,
                                                     gint64             *out);
const char         *_rushes_json_string_member      (JsonObject         *object,
                                                     const char         *name,
                                                     const char         *fallback);
gboolean            _rushes_json_bool_member        (JsonObject         *object,
                                                     const char         *name,
                                                     gboolean            fallback);
/* "width", "height", "fps": [n, d] */
void                _rushes_json_add_format         (JsonBuilder        *builder,
                                                     guint               width,
                                                     guint               height,
                                                     guint               fps_n,
                                                     guint               fps_d);
JsonNode           *_rushes_timeline_clip_to_json   (RushesTimelineClip *self);
RushesTimelineClip *_rushes_timeline_clip_from_json (JsonObject         *object,
                                                     guint               index,
                                                     GError            **error);
void                _rushes_timeline_clip_fill      (RushesTimelineClip *self,
                                                     const char         *path,
                                                     gint64              media_duration);
void                _rushes_timeline_clip_set_id    (RushesTimelineClip *self,
                                                     const char         *id);

/* What an undoable edit may change in a clip (strings owned) */
typedef struct
{
  gint64  start;
  gint64  in_point;
  gint64  out_point;
  gint64  fade_in;
  gint64  fade_out;
  double  volume;
  double  title_size;
  double  title_x;
  double  title_y;
  char   *title_text;
  char   *link;
} RushesClipState;

void                _rushes_clip_state_get          (RushesTimelineClip    *self,
                                                     RushesClipState       *state);
/* notify FALSE sets the fields as they are, for an edit being worked out */
void                _rushes_clip_state_set          (RushesTimelineClip    *self,
                                                     const RushesClipState *state,
                                                     gboolean               notify);
void                _rushes_clip_state_clear        (RushesClipState       *state);
gboolean            _rushes_clip_state_equal        (const RushesClipState *a,
                                                     const RushesClipState *b);

/* rushes-timeline-track.c: the project's access to its tracks. The
 * array is the track's own (ordered by start once sorted); changes to it
 * are reported by _rushes_timeline_track_sort_and_notify(). */
GPtrArray          *_rushes_timeline_track_get_array (RushesTimelineTrack *self);
void                _rushes_timeline_track_set_name  (RushesTimelineTrack *self,
                                                      const char          *name);
void                _rushes_timeline_track_set_muted (RushesTimelineTrack *self,
                                                      gboolean             muted);
void                _rushes_timeline_track_set_locked (RushesTimelineTrack *self,
                                                      gboolean             locked);
/* for g_ptr_array_sort of clips by start */
int                 _rushes_timeline_clip_compare_start (gconstpointer a,
                                                      gconstpointer b);
/* Sorts by start (silently) */
void                _rushes_timeline_track_sort      (RushesTimelineTrack *self);
/* Sorts, and emits items-changed for what differs from old_order */
void                _rushes_timeline_track_sort_and_notify (RushesTimelineTrack *self,
                                                      GPtrArray           *old_order);

/* Checks a track's limits clip by clip, in order of start: add()
 * refuses (and then changes nothing) a clip that would break them. */
typedef struct
{
  RushesTrackKind     kind;
  const char         *track_name;
  RushesTimelineClip *prev;
  gint64              max_end_before_prev;
} RushesTrackChecker;

void                _rushes_track_checker_init       (RushesTrackChecker  *checker,
                                                      RushesTrackKind      kind,
                                                      const char          *track_name);
gboolean            _rushes_track_checker_add        (RushesTrackChecker  *checker,
                                                      RushesTimelineClip  *clip,
                                                      GError             **error);
void                _rushes_timeline_clip_raw_set_start (RushesTimelineClip *self,
                                                         gint64              start);
void                _rushes_timeline_clip_raw_set_range (RushesTimelineClip *self,
                                                         gint64              in_point,
                                                         gint64              out_point);
void                _rushes_timeline_clip_raw_set_link  (RushesTimelineClip *self,
                                                         const char         *link);
/* "“name”" of a clip for messages: its name, else its id */
const char         *_rushes_timeline_clip_label      (RushesTimelineClip  *clip);

G_END_DECLS
