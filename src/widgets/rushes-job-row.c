/* rushes-job-row.c: one job in the queue list: state, progress, ETA,
 * cancel and retry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The row follows its job's property notifications (GSignalGroup); it never
 * polls. Retry goes through the window's "win.retry-job" action so the queue
 * stays the window's business.
 */
#define G_LOG_DOMAIN "rushes-job-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rushes-application.h"
#include "rushes-job-row.h"
#include "rushes-take.h"
#include "rushes-widget-util.h"

struct _RushesJobRow
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkLabel       *title_label;
  GtkLabel       *sweep_label;
  GtkWidget      *sweep_box;
  GtkWidget      *cancel_sweep_button;
  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *cancel_button;
  GtkWidget      *retry_button;
  GtkStack       *action_stack;

  /* owned */
  RushesJob      *job;
  GSignalGroup   *job_signals;

  /* what the row shows, while only the progress moves: see rushes_job_row_update */
  RushesJobState  shown_state;
  char           *shown_status;
  double          shown_fraction;
  gint64          shown_at;        /* monotonic µs: the bar */
  gint64          text_at;         /* monotonic µs: the status line */
  guint           refresh_id;
};

/* How often the row may follow progress and time left alone: the bar at
 * most ten times a second, and only by at least a pixel (each change
 * reallocates it); the status line at most twice a second (a label's new
 * text measures the list again; four jobs each reporting ten times a second
 * kept the main thread busy, bench/responsiveness). A change of state or
 * of status shows at once. */
#define PROGRESS_INTERVAL_US      (100 * G_TIME_SPAN_MILLISECOND)
#define PROGRESS_TEXT_INTERVAL_US (500 * G_TIME_SPAN_MILLISECOND)

G_DEFINE_FINAL_TYPE (RushesJobRow, rushes_job_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
rushes_format_eta (double eta_seconds)
{
  if (eta_seconds < 0 || isnan (eta_seconds))
    return NULL;
  if (eta_seconds < 60)
    return g_strdup_printf (_("about %.0f s left"), MAX (1, ceil (eta_seconds)));
  if (eta_seconds < 3600)
    return g_strdup_printf (_("about %.0f min left"), ceil (eta_seconds / 60));
  return g_strdup_printf (_("about %.1f h left"), eta_seconds / 3600);
}

char *
rushes_job_describe_sweep (JsonObject *sweep)
{
  JsonNode *node;
  g_autofree char *value = NULL;
  const char *field;
  gint64 index, count;

  if (sweep == NULL)
    return NULL;
  field = json_object_get_string_member_with_default (sweep, "field", "");
  index = json_object_get_int_member_with_default (sweep, "index", 0);
  count = json_object_get_int_member_with_default (sweep, "count", 0);
  node = json_object_get_member (sweep, "value");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    value = g_strdup ("");
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    value = g_strdup_printf ("“%s”", json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      value = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.6g", json_node_get_double (node)));
    }
  else
    value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  if (index > 0 && count > 0)
    /* TRANSLATORS: "sweep 3/6 · seed=42" */
    return g_strdup_printf (_("sweep %u/%u · %s=%s"), (guint) index, (guint) count, field, value);
  return g_strdup_printf (_("sweep · %s=%s"), field, value);
}

char *
rushes_job_describe (RushesJobState  state,
                     double          progress,
                     double          eta_seconds,
                     const char     *status,
                     const char     *error_message)
{
  g_autofree char *eta = NULL;
  const char *what;

  switch (state)
    {
    case RUSHES_JOB_QUEUED:
      return g_strdup (_("Waiting for a backend"));
    case RUSHES_JOB_SUBMITTING:
      return g_strdup (_("Sending…"));
    case RUSHES_JOB_SUCCEEDED:
      return g_strdup (_("Done"));
    case RUSHES_JOB_CANCELLED:
      return g_strdup (_("Cancelled"));
    case RUSHES_JOB_FAILED:
      if (error_message != NULL && error_message[0] != '\0')
        return g_strdup_printf (_("Failed: %s"), error_message);
      return g_strdup (_("Failed"));
    case RUSHES_JOB_RUNNING:
    case RUSHES_JOB_DOWNLOADING:
    default:
      break;
    }

  if (status != NULL && status[0] != '\0')
    what = status;
  else if (state == RUSHES_JOB_DOWNLOADING)
    what = _("Downloading");
  else
    what = _("Generating");

  eta = rushes_format_eta (eta_seconds);
  if (progress > 0 && eta != NULL)
    return g_strdup_printf ("%s · %.0f%% · %s", what, progress * 100, eta);
  if (progress > 0)
    return g_strdup_printf ("%s · %.0f%%", what, progress * 100);
  if (eta != NULL)
    return g_strdup_printf ("%s · %s", what, eta);
  return g_strdup (what);
}

static void rushes_job_row_update (RushesJobRow *self);

static gboolean
rushes_job_row_refresh_cb (gpointer data)
{
  RushesJobRow *self = data;

  self->refresh_id = 0;
  rushes_job_row_update (self);
  return G_SOURCE_REMOVE;
}

/* Whether the bar would move by a pixel or more (any change while it has
 * no width yet). */
static gboolean
rushes_job_row_fraction_moves (RushesJobRow *self,
                               double        fraction)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->progress_bar));

  if (width <= 0)
    return fraction != self->shown_fraction;
  return fabs (fraction - self->shown_fraction) * width >= 1.0;
}

/* What depends on the state alone: the buttons (one space for either, so
 * the row keeps its height), the bar's presence, the line's colour. */
static void
rushes_job_row_update_state (RushesJobRow   *self,
                             RushesJobState  state)
{
  gboolean active = state == RUSHES_JOB_SUBMITTING || state == RUSHES_JOB_RUNNING || state == RUSHES_JOB_DOWNLOADING;

  gtk_widget_set_visible (self->cancel_sweep_button, !rushes_job_state_is_finished (state));
  if (!rushes_job_state_is_finished (state))
    gtk_stack_set_visible_child_name (self->action_stack, "cancel");
  else if (state == RUSHES_JOB_FAILED || state == RUSHES_JOB_CANCELLED)
    gtk_stack_set_visible_child_name (self->action_stack, "retry");
  else
    gtk_stack_set_visible_child_name (self->action_stack, "none");
  /* hidden by opacity, not visibility: the row keeps its height */
  gtk_widget_set_opacity (GTK_WIDGET (self->progress_bar), active || state == RUSHES_JOB_QUEUED ? 1.0 : 0.0);

  if (state == RUSHES_JOB_FAILED)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "job-error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "job-error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  if (rushes_job_get_waiting_reason (self->job) != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");
}

/* At once when the state or the backend's status changes; for progress
 * alone, the bar at most every PROGRESS_INTERVAL_US and the line at most
 * every PROGRESS_TEXT_INTERVAL_US (the newest then comes with a short
 * delay), each only when what it shows changes. */
static void
rushes_job_row_update (RushesJobRow *self)
{
  RushesJobState state;
  const char *status;
  gboolean changed, active;
  double fraction;
  gint64 now = g_get_monotonic_time ();
  gint64 due = 0;

  if (self->job == NULL)
    return;

  state = rushes_job_get_state (self->job);
  /* a paid job that waits (server silent, disk full) says why */
  status = rushes_job_get_waiting_reason (self->job) ? rushes_job_get_waiting_reason (self->job)
                                                     : rushes_job_get_status (self->job);
  changed = self->shown_at == 0 || state != self->shown_state || g_strcmp0 (status, self->shown_status) != 0;
  active = state == RUSHES_JOB_SUBMITTING || state == RUSHES_JOB_RUNNING || state == RUSHES_JOB_DOWNLOADING;
  fraction = active ? rushes_job_get_progress (self->job) : 0;

  if (!changed && now - self->shown_at < PROGRESS_INTERVAL_US)
    due = self->shown_at + PROGRESS_INTERVAL_US;
  else
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      if (changed)
        {
          self->shown_state = state;
          g_free (self->shown_status);
          self->shown_status = g_strdup (status);
          rushes_job_row_update_state (self, state);
        }
      if (changed || rushes_job_row_fraction_moves (self, fraction))
        {
          self->shown_fraction = fraction;
          gtk_progress_bar_set_fraction (self->progress_bar, fraction);
        }
      self->shown_at = now;

      if (changed || now - self->text_at >= PROGRESS_TEXT_INTERVAL_US)
        {
          g_autofree char *text = rushes_job_describe (state,
                                                       rushes_job_get_progress (self->job),
                                                       rushes_job_get_eta (self->job),
                                                       status,
                                                       rushes_job_get_error_message (self->job));

          self->text_at = now;
          if (g_strcmp0 (text, gtk_label_get_label (self->status_label)) != 0)
            gtk_label_set_label (self->status_label, text);
        }
      else
        due = self->text_at + PROGRESS_TEXT_INTERVAL_US;
    }
  if (due != 0 && self->refresh_id == 0)
    self->refresh_id = g_timeout_add ((guint) ((due - now) / 1000) + 1, rushes_job_row_refresh_cb, self);
}

/**
 * rushes_job_row_dup_status_tooltip:
 *
 * Returns: (nullable): the status line's tooltip: a backend's own words (a
 * status, an error) in full, for when the label is cut short; %NULL for the
 * plain states. Never the progress or time left.
 */
char *
rushes_job_row_dup_status_tooltip (RushesJobRow *self)
{
  RushesJobState state;

  g_return_val_if_fail (RUSHES_IS_JOB_ROW (self), NULL);

  if (self->job == NULL)
    return NULL;
  state = rushes_job_get_state (self->job);
  if (state != RUSHES_JOB_FAILED && rushes_job_get_status (self->job) == NULL)
    return NULL;
  return rushes_job_describe (state, 0, -1,
                              rushes_job_get_status (self->job),
                              rushes_job_get_error_message (self->job));
}

/* Asked for when shown, not set at every update: the status changes
 * several times a second while a job runs, and every new tooltip text costs
 * a round trip to the display server (see rushes_widget_set_tooltip_text). */
static gboolean
rushes_job_row_query_tooltip_cb (RushesJobRow *self,
                                 int           x,
                                 int           y,
                                 gboolean      keyboard,
                                 GtkTooltip   *tooltip,
                                 GtkWidget    *label)
{
  g_autofree char *text = rushes_job_row_dup_status_tooltip (self);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
rushes_job_row_cancel_cb (RushesJobRow *self)
{
  if (self->job != NULL)
    rushes_job_cancel (self->job);
}

static void
rushes_job_row_cancel_sweep_cb (RushesJobRow *self)
{
  if (self->job != NULL && rushes_job_get_sweep_id (self->job) != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.cancel-sweep", "s", rushes_job_get_sweep_id (self->job));
}

static void
rushes_job_row_retry_cb (RushesJobRow *self)
{
  if (self->job != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.retry-job", "s", rushes_job_get_id (self->job));
}

static void
rushes_job_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RushesJobRow *self = RUSHES_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_job_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RushesJobRow *self = RUSHES_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      rushes_job_row_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_job_row_dispose (GObject *object)
{
  RushesJobRow *self = RUSHES_JOB_ROW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->shown_status, g_free);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->job);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_JOB_ROW);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rushes_job_row_parent_class)->dispose (object);
}

static void
rushes_job_row_class_init (RushesJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rushes_job_row_get_property;
  object_class->set_property = rushes_job_row_set_property;
  object_class->dispose = rushes_job_row_dispose;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, RUSHES_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "jobrow");
  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, sweep_label);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, sweep_box);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, cancel_sweep_button);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, RushesJobRow, action_stack);
  gtk_widget_class_bind_template_callback (widget_class, rushes_job_row_cancel_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_job_row_retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_job_row_cancel_sweep_cb);
}

static void
rushes_job_row_init (RushesJobRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->status_label), TRUE);
  g_signal_connect_object (self->status_label, "query-tooltip",
                           G_CALLBACK (rushes_job_row_query_tooltip_cb), self, G_CONNECT_SWAPPED);

  self->job_signals = g_signal_group_new (RUSHES_TYPE_JOB);
  g_signal_group_connect_object (self->job_signals, "notify",
                                 G_CALLBACK (rushes_job_row_update), self, G_CONNECT_SWAPPED);
}

RushesJobRow *
rushes_job_row_new (void)
{
  return g_object_new (RUSHES_TYPE_JOB_ROW, NULL);
}

RushesJob *
rushes_job_row_get_job (RushesJobRow *self)
{
  g_return_val_if_fail (RUSHES_IS_JOB_ROW (self), NULL);

  return self->job;
}

void
rushes_job_row_set_job (RushesJobRow *self,
                        RushesJob    *job)
{
  g_return_if_fail (RUSHES_IS_JOB_ROW (self));
  g_return_if_fail (job == NULL || RUSHES_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  /* a new job's line is written at once */
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->shown_at = 0;
  self->text_at = 0;
  if (job != NULL)
    {
      RushesRecipe *recipe = rushes_job_get_recipe (job);
      const char *prompt = rushes_recipe_get_prompt (recipe);
      /* the title its take will have */
      g_autofree char *title = rushes_take_format_title (prompt, rushes_job_get_variation (job),
                                                         rushes_recipe_get_seed (recipe));
      g_autofree char *tooltip = g_strdup_printf ("%s\n\n%s", title, prompt);

      g_autoptr(JsonObject) sweep = rushes_job_dup_sweep (job);
      g_autofree char *sweep_text = rushes_job_describe_sweep (sweep);

      gtk_label_set_label (self->title_label, title);
      gtk_label_set_label (self->sweep_label, sweep_text != NULL ? sweep_text : "");
      gtk_widget_set_visible (self->sweep_box, sweep_text != NULL);
      /* the whole title (a narrow queue cuts its middle) and the whole prompt */
      rushes_widget_set_tooltip_text (GTK_WIDGET (self->title_label), tooltip);
      rushes_job_row_update (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}
