/* rushes-compare-view.c: A/B compare of two takes in the viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Side by side is two GtkPictures. The split wipe is drawn here, over an
 * empty area of the template (wipe_area): each take fitted into the area
 * on its own aspect, A clipped to the left of the divider and B to the
 * right, and the divider on top.
 */
#define G_LOG_DOMAIN "rushes-compare-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-compare-view.h"
#include "rushes-resources.h"

#define DIVIDER_WIDTH 2

struct _RushesCompareView
{
  GtkWidget parent_instance;

  /* template widgets */
  GtkWidget *root;
  GtkLabel *a_label;
  GtkLabel *b_label;
  GtkLabel *note_label;
  GtkToggleButton *wipe_button;
  GtkStack *stack;
  GtkPicture *picture_a;
  GtkPicture *picture_b;
  GtkWidget *wipe_area;

  /* owned */
  RushesPlayerPair *pair;
  gboolean wipe;
  double divider;
  double drag_start;
};

enum
{
  PROP_0,
  PROP_WIPE,
  PROP_DIVIDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (RushesCompareView, rushes_compare_view, GTK_TYPE_WIDGET)

static GdkPaintable *
paintable_of (RushesPlayer *player)
{
  return player != NULL ? rushes_player_get_paintable (player) : NULL;
}

static void
update_note (RushesCompareView *self)
{
  g_autofree char *note = self->pair != NULL ? rushes_player_pair_describe_difference (self->pair) : NULL;

  gtk_label_set_label (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

static void
paintable_changed_cb (RushesCompareView *self)
{
  if (self->wipe)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* the paintable fitted (contain) into bounds */
static void
snapshot_fitted (GtkSnapshot           *snapshot,
                 GdkPaintable          *paintable,
                 const graphene_rect_t *bounds)
{
  double iw = gdk_paintable_get_intrinsic_width (paintable);
  double ih = gdk_paintable_get_intrinsic_height (paintable);
  double scale, w, h;

  if (iw <= 0 || ih <= 0)
    return;
  scale = MIN (bounds->size.width / iw, bounds->size.height / ih);
  w = iw * scale;
  h = ih * scale;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (bounds->origin.x + (bounds->size.width - w) / 2,
                                                         bounds->origin.y + (bounds->size.height - h) / 2));
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  gtk_snapshot_restore (snapshot);
}

static void
rushes_compare_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  RushesCompareView *self = RUSHES_COMPARE_VIEW (widget);
  graphene_rect_t area, left, right;
  double x;

  GTK_WIDGET_CLASS (rushes_compare_view_parent_class)->snapshot (widget, snapshot);
  if (!self->wipe || self->pair == NULL || !gtk_widget_compute_bounds (self->wipe_area, widget, &area))
    return;

  x = area.origin.x + self->divider * area.size.width;
  graphene_rect_init (&left, area.origin.x, area.origin.y, x - area.origin.x, area.size.height);
  graphene_rect_init (&right, x, area.origin.y, area.origin.x + area.size.width - x, area.size.height);

  gtk_snapshot_push_clip (snapshot, &left);
  snapshot_fitted (snapshot, paintable_of (rushes_player_pair_get_a (self->pair)), &area);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_push_clip (snapshot, &right);
  snapshot_fitted (snapshot, paintable_of (rushes_player_pair_get_b (self->pair)), &area);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.9 },
                             &GRAPHENE_RECT_INIT (x - DIVIDER_WIDTH / 2.0, area.origin.y, DIVIDER_WIDTH, area.size.height));
  /* a grip in the middle */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 1, 1, 1, 0.9 },
                             &GRAPHENE_RECT_INIT (x - 4, area.origin.y + area.size.height / 2 - 18, 8, 36));
}

/* ---- divider drag ------------------------------------------------------------ */

static void
drag_begin_cb (RushesCompareView *self,
               double             x,
               double             y)
{
  int width = gtk_widget_get_width (self->wipe_area);

  if (width <= 0)
    return;
  self->drag_start = x / width;
  rushes_compare_view_set_divider (self, self->drag_start);
}

static void
drag_update_cb (RushesCompareView *self,
                double             dx,
                double             dy)
{
  int width = gtk_widget_get_width (self->wipe_area);

  if (width > 0)
    rushes_compare_view_set_divider (self, self->drag_start + dx / width);
}

/* ---- API ------------------------------------------------------------------- */

GtkWidget *
rushes_compare_view_new (void)
{
  return g_object_new (RUSHES_TYPE_COMPARE_VIEW, NULL);
}

static void
set_label (GtkLabel   *label,
           const char *letter,
           const char *title)
{
  /* TRANSLATORS: "A: title of the take" */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), letter, title != NULL ? title : "");

  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), text);
}

void
rushes_compare_view_set_pair (RushesCompareView *self,
                              RushesPlayerPair  *pair,
                              const char        *title_a,
                              const char        *title_b)
{
  RushesPlayer *players[2];

  g_return_if_fail (RUSHES_IS_COMPARE_VIEW (self));
  g_return_if_fail (pair == NULL || RUSHES_IS_PLAYER_PAIR (pair));

  if (self->pair != NULL)
    {
      g_signal_handlers_disconnect_by_data (rushes_player_pair_get_a (self->pair), self);
      g_signal_handlers_disconnect_by_data (rushes_player_pair_get_b (self->pair), self);
      g_signal_handlers_disconnect_by_data (paintable_of (rushes_player_pair_get_a (self->pair)), self);
      g_signal_handlers_disconnect_by_data (paintable_of (rushes_player_pair_get_b (self->pair)), self);
    }
  g_set_object (&self->pair, pair);
  set_label (self->a_label, "A", title_a);
  set_label (self->b_label, "B", title_b);
  gtk_picture_set_paintable (self->picture_a, pair != NULL ? paintable_of (rushes_player_pair_get_a (pair)) : NULL);
  gtk_picture_set_paintable (self->picture_b, pair != NULL ? paintable_of (rushes_player_pair_get_b (pair)) : NULL);
  if (pair != NULL)
    {
      players[0] = rushes_player_pair_get_a (pair);
      players[1] = rushes_player_pair_get_b (pair);
      for (guint i = 0; i < G_N_ELEMENTS (players); i++)
        {
          GdkPaintable *paintable = paintable_of (players[i]);

          g_signal_connect_swapped (paintable, "invalidate-contents", G_CALLBACK (paintable_changed_cb), self);
          g_signal_connect_swapped (paintable, "invalidate-size", G_CALLBACK (update_note), self);
          g_signal_connect_swapped (players[i], "notify::fps-n", G_CALLBACK (update_note), self);
          g_signal_connect_swapped (players[i], "notify::fps-d", G_CALLBACK (update_note), self);
        }
    }
  update_note (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

RushesPlayerPair *
rushes_compare_view_get_pair (RushesCompareView *self)
{
  g_return_val_if_fail (RUSHES_IS_COMPARE_VIEW (self), NULL);
  return self->pair;
}

const char *
rushes_compare_view_get_label_a (RushesCompareView *self)
{
  g_return_val_if_fail (RUSHES_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_label (self->a_label);
}

const char *
rushes_compare_view_get_label_b (RushesCompareView *self)
{
  g_return_val_if_fail (RUSHES_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_label (self->b_label);
}

gboolean
rushes_compare_view_get_wipe (RushesCompareView *self)
{
  g_return_val_if_fail (RUSHES_IS_COMPARE_VIEW (self), FALSE);
  return self->wipe;
}

void
rushes_compare_view_set_wipe (RushesCompareView *self,
                              gboolean           wipe)
{
  g_return_if_fail (RUSHES_IS_COMPARE_VIEW (self));

  wipe = !!wipe;
  if (self->wipe == wipe)
    return;
  self->wipe = wipe;
  gtk_stack_set_visible_child_name (self->stack, wipe ? "wipe" : "side");
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIPE]);
}

double
rushes_compare_view_get_divider (RushesCompareView *self)
{
  g_return_val_if_fail (RUSHES_IS_COMPARE_VIEW (self), 0.5);
  return self->divider;
}

void
rushes_compare_view_set_divider (RushesCompareView *self,
                                 double             divider)
{
  g_return_if_fail (RUSHES_IS_COMPARE_VIEW (self));

  divider = CLAMP (divider, 0.0, 1.0);
  if (self->divider == divider)
    return;
  self->divider = divider;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIVIDER]);
}

/* ---- object ---------------------------------------------------------------- */

static void
rushes_compare_view_dispose (GObject *object)
{
  RushesCompareView *self = RUSHES_COMPARE_VIEW (object);

  rushes_compare_view_set_pair (self, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), RUSHES_TYPE_COMPARE_VIEW);

  G_OBJECT_CLASS (rushes_compare_view_parent_class)->dispose (object);
}

static void
rushes_compare_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RushesCompareView *self = RUSHES_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_WIPE: g_value_set_boolean (value, self->wipe); break;
    case PROP_DIVIDER: g_value_set_double (value, self->divider); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_compare_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RushesCompareView *self = RUSHES_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_WIPE: rushes_compare_view_set_wipe (self, g_value_get_boolean (value)); break;
    case PROP_DIVIDER: rushes_compare_view_set_divider (self, g_value_get_double (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_compare_view_class_init (RushesCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = rushes_compare_view_dispose;
  object_class->get_property = rushes_compare_view_get_property;
  object_class->set_property = rushes_compare_view_set_property;
  widget_class->snapshot = rushes_compare_view_snapshot;

  properties[PROP_WIPE] = g_param_spec_boolean ("wipe", NULL, NULL, FALSE, rw);
  properties[PROP_DIVIDER] = g_param_spec_double ("divider", NULL, NULL, 0, 1, 0.5, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* referencing the resource links its object file, whose constructor registers it */
  g_assert (rushes_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-compare-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rushes-compare-view");

  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, root);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, a_label);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, b_label);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, note_label);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, wipe_button);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, stack);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, picture_a);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, picture_b);
  gtk_widget_class_bind_template_child (widget_class, RushesCompareView, wipe_area);
}

static void
rushes_compare_view_init (RushesCompareView *self)
{
  GtkGesture *drag;

  self->divider = 0.5;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "side");
  g_object_bind_property (self, "wipe", self->wipe_button, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (self->wipe_area, GTK_EVENT_CONTROLLER (drag));
}
