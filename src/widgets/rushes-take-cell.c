/* rushes-take-cell.c: one take in the library grid: thumbnail, title,
 * duration, backend; "Reuse recipe", "Rename…" and "Move to trash"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cell's menu actions forward to the window ("win.reuse-take",
 * "win.add-to-timeline", "win.trash-take", with the take's path), which
 * owns the recipe, the project and the library. The cell is also a drag
 * source (a GFile) for the timeline.
 *
 * Thumbnails on demand: a list view keeps cells bound well beyond what it
 * shows, so a bound cell asks for its thumbnail only once it is within
 * half a page of the scrolled window's view (checked a frame after it is
 * bound, and as the view scrolls), and a cell unbound or bound to another
 * take cancels what it asked for. It asks only once it has stayed near the
 * view for THUMB_SETTLE_MS: a fling through the library passes each cell
 * in a frame or two, and decoding frames for cells already gone took most
 * of a core from the scroll on a two-core machine (bench/library).
 */
#define G_LOG_DOMAIN "rushes-take-cell"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rushes-application.h"
#include "rushes-take-cell.h"
#include "rushes-thumbnailer.h"
#include "rushes-widget-util.h"
#include "rushes-window.h"

struct _RushesTakeCell
{
  GtkWidget   parent_instance;

  /* template widgets */
  GtkStack   *thumbnail_stack;
  GtkPicture *thumbnail;
  GtkLabel   *duration_label;
  GtkLabel   *prompt_label;
  GtkLabel   *backend_label;
  GtkLabel   *rating_label;
  GtkLabel   *rejected_label;
  GtkLabel   *colour_label;
  GtkMenuButton *menu_button;
  GMenuModel *take_menu;

  /* owned */
  RushesTake   *take;
  GCancellable *thumb_cancellable;
  gulong        media_ready_id;   /* on the application, while waiting */
  gulong        title_id;         /* notify::title on take */
  gulong        cull_id;          /* notify on take: rating, rejected, label */
  gboolean      thumb_wanted;     /* bound, no thumbnail asked for yet */
  guint         thumb_tick_id;
  guint         thumb_settle_id;  /* near the view: asks when this fires */
  GtkAdjustment *vadjustment;     /* of the scrolled window, while mapped */
  gulong        scrolled_id;
  gulong        resized_id;
  guint         layout_waits;     /* frames waited for a layout */

  /* what the cell shows now: a cell bound to another take changes only
   * what differs (no CSS class churn, no accessible update for nothing) */
  int              shown_rating;  /* -1: nothing yet */
  int              shown_rejected;
  RushesTakeLabel  shown_label;
  guint            size_key;      /* cell_size.key its title's height is for */
};

/* One size for every cell. A grid that scrolls binds dozens of cells a
 * frame, and measuring each one's labels again (the wrapped title above
 * all: its width at so many characters, its height at the column's
 * width) was half of a frame's time (bench/library). But every cell holds
 * the same rows: a 128×72 thumbnail, a title of two lines at most (its
 * height request keeps room for two, so that a short title makes no
 * shorter cell), a line of stars and a line of settings. The first cell
 * measured for a size stands for all until the font changes. */
#define N_CELL_SIZES 4
typedef struct
{
  int for_size;
  int min;
  int nat;
} CellSize;

static struct
{
  guint    key;            /* of the font and scale the sizes are for; 0: none */
  int      title_height;   /* two lines of the title */
  CellSize sizes[2][N_CELL_SIZES];
  guint    n_sizes[2];
  guint    next[2];
} cell_size;

G_DEFINE_FINAL_TYPE (RushesTakeCell, rushes_take_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TAKE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
rushes_format_duration (double seconds)
{
  guint total;

  if (seconds < 0 || isnan (seconds))
    seconds = 0;
  total = (guint) round (seconds);
  if (total >= 3600)
    return g_strdup_printf ("%u:%02u:%02u", total / 3600, (total / 60) % 60, total % 60);
  return g_strdup_printf ("%u:%02u", total / 60, total % 60);
}

static void
rushes_take_cell_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);

  if (self->take == NULL)
    return;

  if (g_str_equal (action_name, "take.reuse"))
    gtk_widget_activate_action (widget, "win.reuse-take", "s", rushes_take_get_path (self->take));
  else if (g_str_equal (action_name, "take.add-to-timeline"))
    gtk_widget_activate_action (widget, "win.add-to-timeline", "s", rushes_take_get_path (self->take));
  else if (g_str_equal (action_name, "take.rename"))
    rushes_take_rename_dialog_present (widget, self->take);
  else if (g_str_equal (action_name, "take.trash"))
    gtk_widget_activate_action (widget, "win.trash-take", "s", rushes_take_get_path (self->take));
}

/* Drag a take onto the timeline (it accepts files). */
static GdkContentProvider *
rushes_take_cell_drag_prepare_cb (RushesTakeCell *self,
                                  double          x,
                                  double          y,
                                  GtkDragSource  *source)
{
  g_autoptr(GFile) file = NULL;

  if (self->take == NULL)
    return NULL;
  file = g_file_new_for_path (rushes_take_get_path (self->take));
  return gdk_content_provider_new_typed (G_TYPE_FILE, file);
}

static void
rushes_take_cell_drag_begin_cb (RushesTakeCell *self,
                                GdkDrag        *drag,
                                GtkDragSource  *source)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (self->thumbnail_stack));

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

static void
rushes_take_cell_thumbnail_done_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(RushesTakeCell) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = rushes_thumbnailer_grab_finish (RUSHES_THUMBNAILER (object), result, &error);

  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("no thumbnail: %s", error->message);
      return;
    }
  rushes_take_cell_set_thumbnail (self, GDK_PAINTABLE (texture));
}

static void rushes_take_cell_load_thumbnail (RushesTakeCell *self);
static gboolean rushes_take_cell_query_tooltip (GtkWidget  *widget,
                                                int         x,
                                                int         y,
                                                gboolean    keyboard,
                                                GtkTooltip *tooltip);

static void
rushes_take_cell_media_ready_cb (RushesTakeCell *self,
                                 GParamSpec     *pspec,
                                 GObject        *app)
{
  if (!rushes_application_get_media_ready (RUSHES_APPLICATION (app)))
    return;
  g_clear_signal_handler (&self->media_ready_id, app);
  rushes_take_cell_load_thumbnail (self);
}

/* A frame from the middle of the take, once GStreamer is up (it starts
 * after the window's first frame). */
static void
rushes_take_cell_load_thumbnail (RushesTakeCell *self)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GFile) file = NULL;
  double seconds;

  if (self->take == NULL)
    return;

  if (!rushes_application_media_ready_now ())
    {
      if (RUSHES_IS_APPLICATION (app) && self->media_ready_id == 0)
        self->media_ready_id = g_signal_connect_object (app, "notify::media-ready",
                                                        G_CALLBACK (rushes_take_cell_media_ready_cb),
                                                        self, G_CONNECT_SWAPPED);
      return;
    }

  self->thumb_cancellable = g_cancellable_new ();
  file = g_file_new_for_path (rushes_take_get_path (self->take));
  seconds = rushes_take_get_seconds (self->take);
  rushes_thumbnailer_grab_async (rushes_thumbnailer_get_default (), file,
                                 (GstClockTime) (MAX (seconds, 0) / 2 * GST_SECOND), 256,
                                 self->thumb_cancellable,
                                 rushes_take_cell_thumbnail_done_cb, g_object_ref (self));
}

typedef enum
{
  VIEW_UNKNOWN,  /* not laid out yet (a list binds dozens of cells then) */
  VIEW_FAR,
  VIEW_NEAR,
} ViewDistance;

/* within half a page of what the scrolled window shows (or not in one) */
static ViewDistance
rushes_take_cell_view_distance (RushesTakeCell *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t bounds;
  double height;

  if (view == NULL)
    return VIEW_NEAR;
  height = gtk_widget_get_height (view);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || height <= 0 ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self), view, &bounds) || bounds.size.height <= 0)
    return VIEW_UNKNOWN;
  return bounds.origin.y + bounds.size.height >= -height / 2 && bounds.origin.y <= height * 1.5
         ? VIEW_NEAR : VIEW_FAR;
}

static gboolean rushes_take_cell_tick_cb (GtkWidget     *widget,
                                          GdkFrameClock *clock,
                                          gpointer       user_data);

/* checks again at the next frame, for a few frames at most */
#define MAX_LAYOUT_WAIT_FRAMES 60
static void
rushes_take_cell_check_next_frame (RushesTakeCell *self)
{
  if (self->thumb_tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)) &&
      self->layout_waits++ < MAX_LAYOUT_WAIT_FRAMES)
    self->thumb_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), rushes_take_cell_tick_cb, NULL, NULL);
}

/* how long a cell stays near the view before it asks for its thumbnail */
#define THUMB_SETTLE_MS 100

static gboolean rushes_take_cell_settled_cb (gpointer data);

/* Near the view: asks for the thumbnail once @settled (the cell has been
 * near for THUMB_SETTLE_MS), else starts that wait. */
static void
rushes_take_cell_check_view_settled (RushesTakeCell *self,
                                     gboolean        settled)
{
  if (!self->thumb_wanted || self->take == NULL)
    return;
  switch (rushes_take_cell_view_distance (self))
    {
    case VIEW_UNKNOWN:
      rushes_take_cell_check_next_frame (self);
      break;
    case VIEW_NEAR:
      if (settled)
        {
          self->thumb_wanted = FALSE;
          rushes_take_cell_load_thumbnail (self);
        }
      else if (self->thumb_settle_id == 0)
        self->thumb_settle_id = g_timeout_add (THUMB_SETTLE_MS, rushes_take_cell_settled_cb, self);
      break;
    case VIEW_FAR:
    default:
      /* the view's scrolling checks again */
      break;
    }
}

static void
rushes_take_cell_check_view (RushesTakeCell *self)
{
  rushes_take_cell_check_view_settled (self, FALSE);
}

static gboolean
rushes_take_cell_settled_cb (gpointer data)
{
  RushesTakeCell *self = data;

  self->thumb_settle_id = 0;
  /* laid out again meanwhile: it waits for a layout from the start */
  self->layout_waits = 0;
  rushes_take_cell_check_view_settled (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* a frame after being bound: laid out where it now is */
static gboolean
rushes_take_cell_tick_cb (GtkWidget     *widget,
                          GdkFrameClock *clock,
                          gpointer       user_data)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);

  self->thumb_tick_id = 0;
  rushes_take_cell_check_view (self);
  return G_SOURCE_REMOVE;
}

static void
rushes_take_cell_map (GtkWidget *widget)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);
  GtkWidget *view;

  GTK_WIDGET_CLASS (rushes_take_cell_parent_class)->map (widget);
  view = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (view != NULL && self->vadjustment == NULL)
    {
      self->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (view)));
      self->scrolled_id = g_signal_connect_object (self->vadjustment, "value-changed",
                                                   G_CALLBACK (rushes_take_cell_check_view),
                                                   self, G_CONNECT_SWAPPED);
      /* the view laid out or resized */
      self->resized_id = g_signal_connect_object (self->vadjustment, "changed",
                                                  G_CALLBACK (rushes_take_cell_check_view),
                                                  self, G_CONNECT_SWAPPED);
    }
  if (self->thumb_wanted)
    {
      self->layout_waits = 0;
      rushes_take_cell_check_next_frame (self);
    }
}

static void
rushes_take_cell_unmap (GtkWidget *widget)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);

  if (self->vadjustment != NULL)
    {
      g_clear_signal_handler (&self->scrolled_id, self->vadjustment);
      g_clear_signal_handler (&self->resized_id, self->vadjustment);
    }
  g_clear_object (&self->vadjustment);
  if (self->thumb_tick_id != 0)
    gtk_widget_remove_tick_callback (widget, self->thumb_tick_id);
  self->thumb_tick_id = 0;
  g_clear_handle_id (&self->thumb_settle_id, g_source_remove);
  GTK_WIDGET_CLASS (rushes_take_cell_parent_class)->unmap (widget);
}

static void
rushes_take_cell_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (object);

  switch (prop_id)
    {
    case PROP_TAKE:
      g_value_set_object (value, self->take);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_take_cell_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (object);

  switch (prop_id)
    {
    case PROP_TAKE:
      rushes_take_cell_set_take (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_take_cell_dispose (GObject *object)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (object);

  g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->thumb_cancellable);
  g_clear_handle_id (&self->thumb_settle_id, g_source_remove);
  if (self->vadjustment != NULL)
    {
      g_clear_signal_handler (&self->scrolled_id, self->vadjustment);
      g_clear_signal_handler (&self->resized_id, self->vadjustment);
    }
  g_clear_object (&self->vadjustment);
  /* media_ready_id goes with self (g_signal_connect_object) */
  if (self->take != NULL)
    {
      g_clear_signal_handler (&self->title_id, self->take);
      g_clear_signal_handler (&self->cull_id, self->take);
    }
  g_clear_object (&self->take);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_TAKE_CELL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rushes_take_cell_parent_class)->dispose (object);
}

static guint
rushes_take_cell_font_key (RushesTakeCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self->prompt_label));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  guint key = font != NULL ? pango_font_description_hash (font) : 1;

  return (key ^ ((guint) gtk_widget_get_scale_factor (GTK_WIDGET (self)) << 24)) | 1;
}

/* the title keeps room for two lines, in the font of now */
static void
rushes_take_cell_ensure_size (RushesTakeCell *self)
{
  guint key = rushes_take_cell_font_key (self);

  if (key != cell_size.key)
    {
      g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->prompt_label), "Ag\nAg");

      memset (&cell_size, 0, sizeof cell_size);
      cell_size.key = key;
      pango_layout_get_pixel_size (layout, NULL, &cell_size.title_height);
    }
  if (self->size_key != key)
    {
      self->size_key = key;
      gtk_widget_set_size_request (GTK_WIDGET (self->prompt_label), -1, cell_size.title_height);
    }
}

static void
rushes_take_cell_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);
  GtkWidget *child = gtk_widget_get_first_child (widget);
  /* "Rejected" joins the stars' row: such a cell (rare, they are hidden by
   * default) measures itself */
  gboolean shared = self->size_key != 0 && self->size_key == cell_size.key && self->shown_rejected != TRUE;

  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
  if (shared)
    for (guint i = 0; i < cell_size.n_sizes[orientation]; i++)
      if (cell_size.sizes[orientation][i].for_size == for_size)
        {
          *minimum = cell_size.sizes[orientation][i].min;
          *natural = cell_size.sizes[orientation][i].nat;
          return;
        }
  if (child == NULL)
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
  if (shared)
    {
      guint i = cell_size.next[orientation];

      cell_size.sizes[orientation][i] = (CellSize) { for_size, *minimum, *natural };
      cell_size.next[orientation] = (i + 1) % N_CELL_SIZES;
      cell_size.n_sizes[orientation] = MAX (cell_size.n_sizes[orientation], i + 1);
    }
}

static void
rushes_take_cell_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static GtkSizeRequestMode
rushes_take_cell_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rushes_take_cell_class_init (RushesTakeCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rushes_take_cell_get_property;
  object_class->set_property = rushes_take_cell_set_property;
  object_class->dispose = rushes_take_cell_dispose;
  widget_class->map = rushes_take_cell_map;
  widget_class->unmap = rushes_take_cell_unmap;
  widget_class->query_tooltip = rushes_take_cell_query_tooltip;
  widget_class->measure = rushes_take_cell_measure;
  widget_class->size_allocate = rushes_take_cell_size_allocate;
  widget_class->get_request_mode = rushes_take_cell_get_request_mode;

  properties[PROP_TAKE] =
    g_param_spec_object ("take", NULL, NULL, RUSHES_TYPE_TAKE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "takecell");
  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-take-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, thumbnail_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, duration_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, backend_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, rating_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, rejected_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, colour_label);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RushesTakeCell, take_menu);

  gtk_widget_class_install_action (widget_class, "take.reuse", NULL, rushes_take_cell_action);
  gtk_widget_class_install_action (widget_class, "take.trash", NULL, rushes_take_cell_action);
  gtk_widget_class_install_action (widget_class, "take.rename", NULL, rushes_take_cell_action);
  gtk_widget_class_install_action (widget_class, "take.add-to-timeline", NULL, rushes_take_cell_action);
}

/* The menu's popover is made when it is first opened, not with every cell
 * (a popover menu per cell cost most of a new take's appearance in the
 * grid on the main thread; bench/responsiveness). */
static void
rushes_take_cell_create_popup (GtkMenuButton *button,
                               gpointer       user_data)
{
  RushesTakeCell *self = user_data;

  gtk_menu_button_set_menu_model (button, self->take_menu);
}

static void
rushes_take_cell_init (RushesTakeCell *self)
{
  GtkDragSource *source;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_rating = -1;
  self->shown_rejected = -1;
  self->shown_label = RUSHES_TAKE_N_LABELS;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_menu_button_set_create_popup_func (self->menu_button, rushes_take_cell_create_popup, self, NULL);

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (rushes_take_cell_drag_prepare_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (rushes_take_cell_drag_begin_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

RushesTakeCell *
rushes_take_cell_new (void)
{
  return g_object_new (RUSHES_TYPE_TAKE_CELL, NULL);
}

RushesTake *
rushes_take_cell_get_take (RushesTakeCell *self)
{
  g_return_val_if_fail (RUSHES_IS_TAKE_CELL (self), NULL);

  return self->take;
}

/* A bound cell sets the text of its labels only when it differs: setting a
 * label's text lays it out again and resizes the cell (bench/library). */
static void
rushes_take_cell_set_text (GtkLabel   *label,
                           const char *text)
{
  if (g_strcmp0 (gtk_label_get_label (label), text) != 0)
    gtk_label_set_label (label, text);
}

/* The take's title (the prompt in full is in the tooltip). */
static void
rushes_take_cell_update_title (RushesTakeCell *self)
{
  const char *title = rushes_take_get_title (self->take);

  rushes_take_cell_set_text (self->prompt_label, title != NULL && title[0] != '\0' ? title : _("Untitled"));
}

/* The title and the prompt in full, made when the tooltip shows: setting
 * a tooltip's text on each bind cost GTK 4.8 a round trip to the X server
 * for every cell the grid bound while it scrolled (bench/library). */
static gboolean
rushes_take_cell_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  RushesTakeCell *self = RUSHES_TAKE_CELL (widget);
  g_autofree char *text = NULL;
  const char *title;
  const char *prompt;

  if (self->take == NULL)
    return FALSE;
  title = rushes_take_get_title (self->take);
  prompt = rushes_take_get_prompt (self->take);
  text = prompt != NULL && *prompt != '\0' ? g_strdup_printf ("%s\n\n%s", title, prompt) : g_strdup (title);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* the stars for each rating, made once */
static const char *
rushes_take_cell_stars (guint rating)
{
  static char *stars[RUSHES_TAKE_MAX_RATING + 1];

  rating = MIN (rating, RUSHES_TAKE_MAX_RATING);
  if (stars[rating] == NULL)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 1; i <= RUSHES_TAKE_MAX_RATING; i++)
        g_string_append (text, i <= rating ? "★" : "☆");
      stars[rating] = g_string_free (text, FALSE);
    }
  return stars[rating];
}

/* Stars, "Rejected" and the colour label; said to screen readers too. */
static void
rushes_take_cell_update_culling (RushesTakeCell *self)
{
  guint rating = MIN (rushes_take_get_rating (self->take), RUSHES_TAKE_MAX_RATING);
  gboolean rejected = rushes_take_get_rejected (self->take);
  RushesTakeLabel label = rushes_take_get_label (self->take);
  g_autoptr(GString) said = NULL;

  if (self->shown_rating == (int) rating && self->shown_rejected == rejected && self->shown_label == label)
    return;

  if (self->shown_rating != (int) rating)
    {
      rushes_take_cell_set_text (self->rating_label, rushes_take_cell_stars (rating));
      if (rating == 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->rating_label), "unrated");
      else if (self->shown_rating <= 0)
        gtk_widget_remove_css_class (GTK_WIDGET (self->rating_label), "unrated");
    }
  if (self->shown_rejected != rejected)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->rejected_label), rejected);
      if (rejected)
        gtk_widget_add_css_class (GTK_WIDGET (self), "rejected");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self), "rejected");
    }
  if (self->shown_label != label)
    {
      if (self->shown_label > RUSHES_TAKE_LABEL_NONE && self->shown_label < RUSHES_TAKE_N_LABELS)
        gtk_widget_remove_css_class (GTK_WIDGET (self->colour_label), rushes_take_label_to_string (self->shown_label));
      gtk_widget_set_visible (GTK_WIDGET (self->colour_label), label != RUSHES_TAKE_LABEL_NONE);
      if (label != RUSHES_TAKE_LABEL_NONE)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->colour_label), rushes_take_label_to_string (label));
          rushes_widget_set_tooltip_text (GTK_WIDGET (self->colour_label), rushes_take_label_get_display_name (label));
        }
    }
  self->shown_rating = (int) rating;
  self->shown_rejected = rejected;
  self->shown_label = label;

  said = g_string_new (NULL);
  if (rating > 0)
    g_string_append_printf (said, g_dngettext (GETTEXT_PACKAGE, "%u star", "%u stars", rating), rating);
  else
    g_string_append (said, _("Unrated"));
  if (rejected)
    g_string_append_printf (said, ", %s", _("rejected"));
  if (label != RUSHES_TAKE_LABEL_NONE)
    {
      g_string_append (said, ", ");
      /* TRANSLATORS: %s is a colour: "Red label" */
      g_string_append_printf (said, _("%s label"), rushes_take_label_get_display_name (label));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, said->str, -1);
}

void
rushes_take_cell_set_take (RushesTakeCell *self,
                           RushesTake     *take)
{
  g_return_if_fail (RUSHES_IS_TAKE_CELL (self));
  g_return_if_fail (take == NULL || RUSHES_IS_TAKE (take));

  if (self->take == take)
    return;
  if (self->take != NULL)
    {
      g_clear_signal_handler (&self->title_id, self->take);
      g_clear_signal_handler (&self->cull_id, self->take);
    }
  g_set_object (&self->take, take);
  if (take != NULL)
    {
      self->title_id = g_signal_connect_object (take, "notify::title",
                                                G_CALLBACK (rushes_take_cell_update_title),
                                                self, G_CONNECT_SWAPPED);
      self->cull_id = g_signal_connect_object (take, "notify",
                                               G_CALLBACK (rushes_take_cell_update_culling),
                                               self, G_CONNECT_SWAPPED);
    }

  g_cancellable_cancel (self->thumb_cancellable);
  g_clear_object (&self->thumb_cancellable);
  rushes_take_cell_set_thumbnail (self, NULL);
  g_clear_handle_id (&self->thumb_settle_id, g_source_remove);
  self->thumb_wanted = take != NULL;
  self->layout_waits = 0;
  if (self->thumb_wanted)
    rushes_take_cell_check_next_frame (self);
  if (take != NULL)
    {
      /* what the take holds (an imported file's own length and size): a
       * cell bound while the grid scrolls reads no sidecar */
      const char *backend_id = rushes_take_get_backend_id (take);
      gboolean imported = g_strcmp0 (backend_id, RUSHES_IMPORT_BACKEND) == 0;
      g_autofree char *duration = rushes_format_duration (rushes_take_get_seconds (take));
      g_autofree char *backend = g_strdup_printf ("%s · %u×%u · %s",
                                                  imported ? _("Imported") : backend_id != NULL ? backend_id : "",
                                                  rushes_take_get_width (take), rushes_take_get_height (take),
                                                  duration);

      rushes_take_cell_ensure_size (self);
      rushes_take_cell_update_title (self);
      rushes_take_cell_update_culling (self);
      rushes_take_cell_set_text (self->duration_label, duration);
      rushes_take_cell_set_text (self->backend_label, backend);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAKE]);
}

void
rushes_take_cell_set_thumbnail (RushesTakeCell *self,
                                GdkPaintable   *paintable)
{
  g_return_if_fail (RUSHES_IS_TAKE_CELL (self));

  gtk_picture_set_paintable (self->thumbnail, paintable);
  gtk_stack_set_visible_child_name (self->thumbnail_stack, paintable != NULL ? "thumbnail" : "placeholder");
}
