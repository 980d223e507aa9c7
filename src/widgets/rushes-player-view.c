/* rushes-player-view.c: the viewer (picture, transport, marks, trim)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only follows the shown monitor's properties (a RushesPlayable: the
 * take's RushesPlayer or the timeline) and calls its methods; pipelines
 * belong to them. The actions and keys are in rushes-player-view-actions.c. While the user drags the scrubber the
 * position never moves it; key-unit seeks follow the drag and an accurate
 * seek lands 200 ms after the last move.
 */
#define G_LOG_DOMAIN "rushes-player-view"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-player-view-private.h"
#include "rushes-recipe.h"
#include "rushes-resources.h"
#include "rushes-trimmer.h"
#include "rushes-widget-util.h"
#include "rushes-wrap-box.h"

#define SCRUB_SETTLE_MS 200

enum
{
  SIGNAL_TRIMMED,
  N_SIGNALS
};

enum
{
  PROP_0,
  PROP_MONITOR,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (RushesMonitor, rushes_monitor,
                    G_DEFINE_ENUM_VALUE (RUSHES_MONITOR_SOURCE, "source"),
                    G_DEFINE_ENUM_VALUE (RUSHES_MONITOR_PROGRAM, "program"))

G_DEFINE_FINAL_TYPE (RushesPlayerView, rushes_player_view, GTK_TYPE_WIDGET)

static double
to_seconds (GstClockTime t)
{
  return GST_CLOCK_TIME_IS_VALID (t) ? (double) t / GST_SECOND : 0.0;
}

gboolean
_rushes_player_view_has_media (RushesPlayerView *self)
{
  return rushes_playable_has_media (self->active);
}

static gboolean
has_media (RushesPlayerView *self)
{
  return _rushes_player_view_has_media (self);
}

static gboolean
is_source (RushesPlayerView *self)
{
  return self->active == RUSHES_PLAYABLE (self->player);
}

/* a take or two (the compare), not the timeline */
static gboolean
shows_takes (RushesPlayerView *self)
{
  return is_source (self) || self->pair != NULL;
}

static void
update_actions (RushesPlayerView *self)
{
  static const char * const names[] = {
    "player.toggle", "player.step", "player.jump", "player.go-start", "player.go-end",
    "player.shuttle", "player.mute",
  };
  /* marks, loop and trim are the take's */
  static const char * const take_names[] = {
    "player.mark-in", "player.mark-out", "player.go-in", "player.go-out", "player.loop",
  };
  gboolean enabled = has_media (self);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], enabled);
  for (guint i = 0; i < G_N_ELEMENTS (take_names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), take_names[i], enabled && is_source (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->scrubber), enabled);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trim_button), enabled && is_source (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->program_button), self->program != NULL);
}

static void
update_status (RushesPlayerView *self)
{
  RushesPlayerState state = rushes_playable_get_state (self->active);
  gboolean playing = state == RUSHES_PLAYER_STATE_PLAYING;

  switch (state)
    {
    case RUSHES_PLAYER_STATE_EMPTY:
      adw_status_page_set_icon_name (self->status_page, "video-x-generic-symbolic");
      adw_status_page_set_title (self->status_page, is_source (self) ? _("No Take") : _("Empty Timeline"));
      adw_status_page_set_description (self->status_page, is_source (self) ? _("Pick a take to review it here")
                                                                           : _("Put takes on the timeline to play the cut here"));
      gtk_widget_set_visible (GTK_WIDGET (self->status_page), TRUE);
      break;
    case RUSHES_PLAYER_STATE_ERROR:
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->status_page, shows_takes (self) ? _("Cannot Play This Take") : _("Cannot Play the Timeline"));
      adw_status_page_set_description (self->status_page, rushes_playable_get_error_message (self->active));
      gtk_widget_set_visible (GTK_WIDGET (self->status_page), TRUE);
      break;
    case RUSHES_PLAYER_STATE_LOADING:
    case RUSHES_PLAYER_STATE_PAUSED:
    case RUSHES_PLAYER_STATE_PLAYING:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self->status_page), FALSE);
      break;
    }

  gtk_button_set_icon_name (self->play_button, playing ? "media-playback-pause-symbolic"
                                                       : "media-playback-start-symbolic");
  rushes_widget_set_tooltip_text (GTK_WIDGET (self->play_button), playing ? _("Pause (Space)") : _("Play (Space)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause") : _("Play"), -1);
  update_actions (self);
}

static void
update_position (RushesPlayerView *self)
{
  GstClockTime position = rushes_playable_get_position (self->active);
  g_autofree char *tc = rushes_playable_format_timecode (self->active, position);
  g_autofree char *frame = g_strdup_printf ("%" G_GUINT64_FORMAT, rushes_playable_get_frame (self->active));

  gtk_label_set_label (self->timecode_label, tc);
  gtk_label_set_label (self->frame_label, frame);
  if (!self->dragging)
    gtk_adjustment_set_value (self->adjustment, to_seconds (position));
}

static void
update_duration (RushesPlayerView *self)
{
  GstClockTime duration = rushes_playable_get_duration (self->active);

  gtk_adjustment_set_upper (self->adjustment, GST_CLOCK_TIME_IS_VALID (duration) ? MAX (to_seconds (duration), 0.001) : 1.0);
  gtk_widget_queue_draw (GTK_WIDGET (self->range_area));
}

static void
update_rate (RushesPlayerView *self)
{
  double rate = rushes_playable_get_rate (self->active);
  g_autofree char *text = rate != 1.0 ? g_strdup_printf ("%+g×", rate) : g_strdup ("");

  gtk_label_set_label (self->rate_label, text);
}

static void
update_marks (RushesPlayerView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->range_area));
}

static void
update_toggles (RushesPlayerView *self)
{
  gboolean muted = rushes_playable_get_muted (self->active);
  double volume = rushes_playable_get_volume (self->active);

  gtk_toggle_button_set_active (self->loop_button, is_source (self) && rushes_player_get_loop (self->player));
  gtk_toggle_button_set_active (self->mute_button, muted);
  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button), muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  if (gtk_adjustment_get_value (self->volume_adjustment) != volume)
    gtk_adjustment_set_value (self->volume_adjustment, volume);
}

static void
volume_changed_cb (RushesPlayerView *self,
                   GtkAdjustment    *adjustment)
{
  rushes_playable_set_volume (self->active, gtk_adjustment_get_value (adjustment));
}

/* the in–out range over the scrubber's trough */
static void
draw_range (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  RushesPlayerView *self = data;
  GstClockTime duration = rushes_player_get_duration (self->player);
  GstClockTime in = rushes_player_get_in_point (self->player);
  GstClockTime out = rushes_player_get_out_point (self->player);
  double x0, x1;

  if (!is_source (self) || !GST_CLOCK_TIME_IS_VALID (duration) || duration == 0 ||
      (!GST_CLOCK_TIME_IS_VALID (in) && !GST_CLOCK_TIME_IS_VALID (out)))
    return;

  x0 = GST_CLOCK_TIME_IS_VALID (in) ? width * ((double) in / duration) : 0;
  x1 = GST_CLOCK_TIME_IS_VALID (out) ? width * ((double) MIN (out, duration) / duration) : width;

  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.55);
  cairo_rectangle (cr, x0, 0, MAX (x1 - x0, 2), height);
  cairo_fill (cr);
  /* mark ticks */
  cairo_set_source_rgba (cr, 0.90, 0.65, 0.04, 1.0);
  if (GST_CLOCK_TIME_IS_VALID (in))
    cairo_rectangle (cr, x0 - 1, 0, 2, height);
  if (GST_CLOCK_TIME_IS_VALID (out))
    cairo_rectangle (cr, x1 - 1, 0, 2, height);
  cairo_fill (cr);
}

static gboolean
scrub_settle_cb (gpointer data)
{
  RushesPlayerView *self = data;

  self->scrub_settle_id = 0;
  self->dragging = FALSE;
  rushes_playable_seek (self->active, (GstClockTime) (gtk_adjustment_get_value (self->adjustment) * GST_SECOND), TRUE);
  return G_SOURCE_REMOVE;
}

static gboolean
scrubber_change_value_cb (RushesPlayerView *self,
                          GtkScrollType     scroll,
                          double            value,
                          GtkRange         *range)
{
  double upper = gtk_adjustment_get_upper (self->adjustment);

  value = CLAMP (value, 0, upper);
  self->dragging = TRUE;
  gtk_adjustment_set_value (self->adjustment, value);
  rushes_playable_seek (self->active, (GstClockTime) (value * GST_SECOND), FALSE);
  g_clear_handle_id (&self->scrub_settle_id, g_source_remove);
  self->scrub_settle_id = g_timeout_add (SCRUB_SETTLE_MS, scrub_settle_cb, self);
  return TRUE;
}

/* ---- trim ----------------------------------------------------------------- */

static void
kept_range (RushesPlayerView *self,
            GstClockTime     *in,
            GstClockTime     *out)
{
  *in = rushes_player_get_in_point (self->player);
  *out = rushes_player_get_out_point (self->player);
  if (!GST_CLOCK_TIME_IS_VALID (*in))
    *in = 0;
  if (!GST_CLOCK_TIME_IS_VALID (*out))
    *out = rushes_player_get_duration (self->player);
}

/* NAME-trim.EXT, NAME-trim-2.EXT, … beside the source; GIF/WebP → .mp4 */
static GFile *
unique_output (GFile *input)
{
  g_autofree char *path = g_file_get_path (input);
  g_autofree char *stem = NULL;
  const char *dot = strrchr (path, '.');
  const char *ext = dot && !strchr (dot, '/') ? dot : ".mp4";
  g_autofree char *lower = g_ascii_strdown (ext, -1);

  stem = g_strndup (path, dot && !strchr (dot, '/') ? (gsize) (dot - path) : strlen (path));
  if (!g_str_equal (lower, ".mp4") && !g_str_equal (lower, ".mov") && !g_str_equal (lower, ".webm") &&
      !g_str_equal (lower, ".mkv") && !g_str_equal (lower, ".m4v"))
    ext = ".mp4";

  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *candidate = i == 1 ? g_strdup_printf ("%s-trim%s", stem, ext)
                                          : g_strdup_printf ("%s-trim-%u%s", stem, i, ext);

      if (!g_file_test (candidate, G_FILE_TEST_EXISTS))
        return g_file_new_for_path (candidate);
    }
  return NULL;
}

static void
show_range (RushesPlayerView *self,
            GstClockTime      in,
            GstClockTime      out,
            gboolean          snapped)
{
  g_autofree char *a = rushes_player_format_timecode (self->player, in);
  g_autofree char *b = rushes_player_format_timecode (self->player, out);
  g_autofree char *text = NULL;
  guint64 frames = rushes_player_time_to_frame (self->player, out) - rushes_player_time_to_frame (self->player, in);

  if (snapped)
    text = g_strdup_printf (_("Keeps %s – %s, snapped to keyframes (%llu frames)"), a, b,
                            (unsigned long long) frames);
  else
    text = g_strdup_printf (_("Keeps exactly %s – %s (%llu frames)"), a, b, (unsigned long long) frames);
  gtk_label_set_label (self->trim_range_label, text);
}

static void
plan_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RushesPlayerView) self = user_data;
  RushesTrimmer *trimmer = RUSHES_TRIMMER (source);
  g_autoptr(GError) error = NULL;

  if (!rushes_trimmer_plan_finish (trimmer, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_label (self->trim_range_label, error->message);
      return;
    }
  show_range (self, rushes_trimmer_get_kept_in (trimmer), rushes_trimmer_get_kept_out (trimmer), TRUE);
}

static void
refresh_trim_plan (RushesPlayerView *self)
{
  GstClockTime in, out;
  GFile *input = rushes_player_get_file (self->player);
  g_autoptr(GFile) output = NULL;
  g_autoptr(RushesTrimmer) planner = NULL;

  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  if (input == NULL || !rushes_playable_has_media (RUSHES_PLAYABLE (self->player)))
    return;

  kept_range (self, &in, &out);
  if (gtk_check_button_get_active (self->exact_check))
    {
      show_range (self, in, out, FALSE);
      return;
    }

  /* lossless: ask where the cuts land before anything is written */
  gtk_label_set_label (self->trim_range_label, _("Finding keyframes…"));
  output = unique_output (input);
  if (output == NULL)
    return;
  planner = rushes_trimmer_new (input, output, RUSHES_TRIM_MODE_LOSSLESS, in, out);
  self->plan_cancellable = g_cancellable_new ();
  rushes_trimmer_plan_async (planner, self->plan_cancellable, plan_done_cb, g_object_ref (self));
}

static void
trim_popover_show_cb (RushesPlayerView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->trim_error_label), FALSE);
  refresh_trim_plan (self);
}

static void
trim_mode_toggled_cb (RushesPlayerView *self)
{
  refresh_trim_plan (self);
}

static void
trim_progress_cb (RushesTrimmer    *trimmer,
                  GParamSpec       *pspec,
                  RushesPlayerView *self)
{
  gtk_progress_bar_set_fraction (self->trim_progress, rushes_trimmer_get_progress (trimmer));
}

static void
set_trimming (RushesPlayerView *self,
              gboolean          trimming)
{
  gtk_widget_set_visible (GTK_WIDGET (self->trim_progress), trimming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trim_cancel_button), trimming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trim_save_button), !trimming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->exact_check), !trimming);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lossless_check), !trimming);
}

static void
trim_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(RushesPlayerView) self = user_data;
  RushesTrimmer *trimmer = RUSHES_TRIMMER (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = rushes_trimmer_run_finish (trimmer, result, &error);

  set_trimming (self, FALSE);
  g_clear_object (&self->trim_cancellable);
  if (ok)
    {
      g_autofree char *name = g_file_get_basename (rushes_trimmer_get_output (trimmer));
      g_autofree char *text = g_strdup_printf (_("Saved as “%s”"), name);

      gtk_label_set_label (self->trim_range_label, text);
      g_signal_emit (self, signals[SIGNAL_TRIMMED], 0, rushes_trimmer_get_output (trimmer));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (self->trim_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->trim_error_label), TRUE);
    }
  if (self->trimmer == trimmer)
    g_clear_object (&self->trimmer);
}

gboolean
rushes_player_view_trim (RushesPlayerView *self,
                         gboolean          lossless)
{
  GFile *input;
  g_autoptr(GFile) output = NULL;
  GstClockTime in, out;

  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), FALSE);

  input = rushes_player_get_file (self->player);
  if (input == NULL || !rushes_playable_has_media (RUSHES_PLAYABLE (self->player)) || self->trimmer != NULL)
    return FALSE;
  output = unique_output (input);
  if (output == NULL)
    return FALSE;

  kept_range (self, &in, &out);
  self->trimmer = rushes_trimmer_new (input, output,
                                      lossless ? RUSHES_TRIM_MODE_LOSSLESS : RUSHES_TRIM_MODE_EXACT,
                                      in, out);
  if (self->recipe != NULL)
    rushes_trimmer_set_source_recipe (self->trimmer, self->recipe);
  g_signal_connect_object (self->trimmer, "notify::progress", G_CALLBACK (trim_progress_cb), self, 0);
  self->trim_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->trim_progress, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->trim_error_label), FALSE);
  set_trimming (self, TRUE);
  rushes_trimmer_run_async (self->trimmer, self->trim_cancellable, trim_done_cb, g_object_ref (self));
  return TRUE;
}

static void
trim_save_clicked_cb (RushesPlayerView *self)
{
  rushes_player_view_trim (self, gtk_check_button_get_active (self->lossless_check));
}

static void
trim_cancel_clicked_cb (RushesPlayerView *self)
{
  g_cancellable_cancel (self->trim_cancellable);
}

/* ---- object ---------------------------------------------------------------- */

/* ---- monitors -------------------------------------------------------------- */

void
_rushes_player_view_update_all (RushesPlayerView *self)
{
  gtk_picture_set_paintable (self->picture, rushes_playable_get_paintable (self->active));
  update_duration (self);
  update_position (self);
  update_rate (self);
  update_toggles (self);
  update_status (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->range_area));
}

/* the timeline started playing (the timeline view's Space, say): show it */
static void
program_state_cb (RushesPlayerView *self)
{
  if (self->monitor == RUSHES_MONITOR_SOURCE && self->program != NULL &&
      rushes_playable_get_state (self->program) == RUSHES_PLAYER_STATE_PLAYING)
    rushes_player_view_set_monitor (self, RUSHES_MONITOR_PROGRAM);
}

void
rushes_player_view_set_monitor (RushesPlayerView *self,
                                RushesMonitor     monitor)
{
  RushesPlayable *active;

  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));

  rushes_player_view_end_compare (self);
  if (monitor == RUSHES_MONITOR_PROGRAM && self->program == NULL)
    monitor = RUSHES_MONITOR_SOURCE;
  active = monitor == RUSHES_MONITOR_PROGRAM ? self->program : RUSHES_PLAYABLE (self->player);
  if (self->monitor == monitor && self->active == active)
    return;

  /* one monitor plays at a time */
  if (self->active != NULL && self->active != active && rushes_playable_get_playing (self->active))
    rushes_playable_pause (self->active);
  g_clear_handle_id (&self->scrub_settle_id, g_source_remove);
  self->dragging = FALSE;
  self->monitor = monitor;
  self->active = active;
  g_signal_group_set_target (self->active_signals, active);
  /* a first frame to look at (the pipeline may not have prerolled yet) */
  if (monitor == RUSHES_MONITOR_PROGRAM && !rushes_playable_get_playing (active) &&
      rushes_playable_has_media (active))
    rushes_playable_seek (active, rushes_playable_get_position (active), TRUE);
  _rushes_player_view_update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

RushesMonitor
rushes_player_view_get_monitor (RushesPlayerView *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), RUSHES_MONITOR_SOURCE);
  return self->monitor;
}

RushesPlayable *
rushes_player_view_get_active (RushesPlayerView *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), NULL);
  return self->active;
}

void
rushes_player_view_set_program (RushesPlayerView *self,
                                RushesPlayable   *program)
{
  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));
  g_return_if_fail (program == NULL || RUSHES_IS_PLAYABLE (program));

  if (self->program == program)
    return;
  if (self->program != NULL)
    g_signal_handlers_disconnect_by_func (self->program, program_state_cb, self);
  if (self->monitor == RUSHES_MONITOR_PROGRAM)
    rushes_player_view_set_monitor (self, RUSHES_MONITOR_SOURCE);
  g_set_object (&self->program, program);
  if (program != NULL)
    g_signal_connect_object (program, "notify::state", G_CALLBACK (program_state_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
  program_state_cb (self);
}

RushesPlayable *
rushes_player_view_get_program (RushesPlayerView *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), NULL);
  return self->program;
}

/* ---- object ---------------------------------------------------------------- */

static void
rushes_player_view_dispose (GObject *object)
{
  RushesPlayerView *self = RUSHES_PLAYER_VIEW (object);

  g_clear_handle_id (&self->scrub_settle_id, g_source_remove);
  g_cancellable_cancel (self->trim_cancellable);
  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->trim_cancellable);
  g_clear_object (&self->plan_cancellable);
  g_clear_object (&self->trimmer);
  gtk_widget_dispose_template (GTK_WIDGET (object), RUSHES_TYPE_PLAYER_VIEW);
  if (self->active_signals != NULL)
    g_signal_group_set_target (self->active_signals, NULL);
  g_clear_object (&self->active_signals);
  self->active = NULL;
  g_clear_object (&self->pair);
  if (self->program != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->program, self);
      g_clear_object (&self->program);
    }
  if (self->player != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->player, self);
      rushes_player_open (self->player, NULL);
      g_clear_object (&self->player);
    }
  g_clear_object (&self->recipe);

  G_OBJECT_CLASS (rushes_player_view_parent_class)->dispose (object);
}

static void
rushes_player_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RushesPlayerView *self = RUSHES_PLAYER_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR: g_value_set_enum (value, self->monitor); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RushesPlayerView *self = RUSHES_PLAYER_VIEW (object);

  switch (prop_id)
    {
    case PROP_MONITOR: rushes_player_view_set_monitor (self, g_value_get_enum (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_player_view_class_init (RushesPlayerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_player_view_dispose;
  object_class->get_property = rushes_player_view_get_property;
  object_class->set_property = rushes_player_view_set_property;
  g_type_ensure (RUSHES_TYPE_WRAP_BOX);

  /* (GFile *new_take): a trim finished; the file and its sidecar exist */
  signals[SIGNAL_TRIMMED] = g_signal_new ("trimmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);

  properties[PROP_MONITOR] = g_param_spec_enum ("monitor", NULL, NULL, RUSHES_TYPE_MONITOR, RUSHES_MONITOR_SOURCE,
                                                G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* referencing the resource links its object file, whose constructor registers it */
  g_assert (rushes_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-player-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rushes-player-view");

  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, root);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, picture);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, status_page);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, source_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, program_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, scrubber);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, range_area);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, play_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, timecode_label);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, frame_label);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, rate_label);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, loop_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, mute_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_popover);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, exact_check);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, lossless_check);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_range_label);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_progress);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_error_label);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, trim_save_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, monitor_switch);
  gtk_widget_class_bind_template_child (widget_class, RushesPlayerView, compare_slot);
  gtk_widget_class_bind_template_callback (widget_class, scrubber_change_value_cb);
  gtk_widget_class_bind_template_callback (widget_class, trim_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, trim_mode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, trim_save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, trim_cancel_clicked_cb);

  _rushes_player_view_install_actions (widget_class);
  _rushes_player_view_install_compare_actions (widget_class);
}

static void
rushes_player_view_init (RushesPlayerView *self)
{
  GtkGesture *click;
  static const struct
  {
    const char *signal;
    GCallback   callback;
  } follow[] = {
    { "notify::state", G_CALLBACK (update_status) },
    { "notify::error-message", G_CALLBACK (update_status) },
    { "notify::position", G_CALLBACK (update_position) },
    { "notify::fps-n", G_CALLBACK (update_position) },
    { "notify::duration", G_CALLBACK (update_duration) },
    { "notify::rate", G_CALLBACK (update_rate) },
    { "notify::muted", G_CALLBACK (update_toggles) },
    { "notify::volume", G_CALLBACK (update_toggles) },
  };

  gtk_widget_init_template (GTK_WIDGET (self));

  self->player = rushes_player_new ();
  self->active = RUSHES_PLAYABLE (self->player);
  self->monitor = RUSHES_MONITOR_SOURCE;
  gtk_picture_set_paintable (self->picture, rushes_player_get_paintable (self->player));
  gtk_drawing_area_set_draw_func (self->range_area, draw_range, self, NULL);

  /* the monitor shown */
  self->active_signals = g_signal_group_new (G_TYPE_OBJECT);
  for (guint i = 0; i < G_N_ELEMENTS (follow); i++)
    g_signal_group_connect_swapped (self->active_signals, follow[i].signal, follow[i].callback, self);
  g_signal_group_set_target (self->active_signals, self->player);
  /* the take's own */
  g_signal_connect_swapped (self->player, "notify::in-point", G_CALLBACK (update_marks), self);
  g_signal_connect_swapped (self->player, "notify::out-point", G_CALLBACK (update_marks), self);
  g_signal_connect_swapped (self->player, "notify::loop", G_CALLBACK (update_toggles), self);
  g_signal_connect_swapped (self->volume_adjustment, "value-changed", G_CALLBACK (volume_changed_cb), self);

  /* a click on the picture gives the keyboard to the player */
  click = gtk_gesture_click_new ();
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (gtk_widget_grab_focus), self);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), GTK_EVENT_CONTROLLER (click));
  gtk_widget_add_controller (GTK_WIDGET (self), _rushes_player_view_make_shortcuts (self));

  update_status (self);
  update_position (self);
  update_toggles (self);
}

GtkWidget *
rushes_player_view_new (void)
{
  return g_object_new (RUSHES_TYPE_PLAYER_VIEW, NULL);
}

RushesPlayer *
rushes_player_view_get_player (RushesPlayerView *self)
{
  g_return_val_if_fail (RUSHES_IS_PLAYER_VIEW (self), NULL);
  return self->player;
}

void
rushes_player_view_open (RushesPlayerView *self,
                         GFile            *file)
{
  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));

  g_cancellable_cancel (self->plan_cancellable);
  rushes_player_view_end_compare (self);
  g_clear_object (&self->recipe);
  gtk_label_set_label (self->trim_range_label, "");
  rushes_player_open (self->player, file);
  /* a take to look at */
  if (file != NULL)
    rushes_player_view_set_monitor (self, RUSHES_MONITOR_SOURCE);
}

void
rushes_player_view_set_recipe (RushesPlayerView *self,
                               RushesRecipe     *recipe)
{
  g_return_if_fail (RUSHES_IS_PLAYER_VIEW (self));
  g_set_object (&self->recipe, recipe);
}
