/* rushes-wrap-box.c: a row of widgets that wraps onto more rows when it is
 * too narrow (the player's transport in a narrow window)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Children keep their order (and so the focus order). Each row takes the
 * children that fit at their natural widths; a row's spare width goes to
 * its horizontally expanding children. The box is never narrower than its
 * widest child's minimum, and asks for the height of the rows it needs at
 * the width it is given. Children are added with <child> in GtkBuilder.
 */
#define G_LOG_DOMAIN "rushes-wrap-box"

#include "config.h"

#include "rushes-wrap-box.h"

struct _RushesWrapBox
{
  GtkWidget parent_instance;

  int       spacing;
  guint     n_rows;     /* at the last allocation */
};

G_DEFINE_FINAL_TYPE (RushesWrapBox, rushes_wrap_box, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GtkWidget *widget;
  int        min_width;
  int        nat_width;
  int        width;      /* given */
  int        min_height; /* at width */
  int        nat_height;
} Item;

static GArray *
collect_items (RushesWrapBox *self)
{
  GArray *items = g_array_new (FALSE, TRUE, sizeof (Item));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Item item = { child, 0, 0, 0, 0, 0 };

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &item.min_width, &item.nat_width, NULL, NULL);
      g_array_append_val (items, item);
    }
  return items;
}

/* The end (exclusive) of the row that starts at first, for width (< 0: no
 * limit). A row holds at least one child. */
static guint
row_end (RushesWrapBox *self,
         GArray        *items,
         guint          first,
         int            width)
{
  int used = g_array_index (items, Item, first).nat_width;
  guint i;

  for (i = first + 1; i < items->len; i++)
    {
      int next = used + self->spacing + g_array_index (items, Item, i).nat_width;

      if (width >= 0 && next > width)
        break;
      used = next;
    }
  return i;
}

/* Gives the children of [first, end) their widths in width (< 0: their
 * natural ones) and measures their heights there; returns the row's
 * minimum and natural heights. */
static void
size_row (RushesWrapBox *self,
          GArray        *items,
          guint          first,
          guint          end,
          int            width,
          int           *row_min,
          int           *row_nat)
{
  int used = self->spacing * (int) (end - first - 1);
  int extra;
  guint n_expand = 0;

  for (guint i = first; i < end; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      item->width = item->nat_width;
      used += item->width;
      if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        n_expand++;
    }

  /* one child wider than the row: it shrinks, down to its minimum */
  if (width >= 0 && used > width && end == first + 1)
    {
      Item *item = &g_array_index (items, Item, first);

      item->width = MAX (item->min_width, width);
      used = item->width;
    }

  extra = width >= 0 ? MAX (width - used, 0) : 0;
  for (guint i = first; i < end && n_expand > 0; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      if (gtk_widget_compute_expand (item->widget, GTK_ORIENTATION_HORIZONTAL))
        {
          int share = extra / (int) n_expand;

          item->width += share;
          extra -= share;
          n_expand--;
        }
    }

  *row_min = *row_nat = 0;
  for (guint i = first; i < end; i++)
    {
      Item *item = &g_array_index (items, Item, i);

      gtk_widget_measure (item->widget, GTK_ORIENTATION_VERTICAL, item->width,
                          &item->min_height, &item->nat_height, NULL, NULL);
      *row_min = MAX (*row_min, item->min_height);
      *row_nat = MAX (*row_nat, item->nat_height);
    }
}

static void
rushes_wrap_box_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  RushesWrapBox *self = RUSHES_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);

  *minimum = *natural = 0;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      for (guint i = 0; i < items->len; i++)
        {
          Item *item = &g_array_index (items, Item, i);

          *minimum = MAX (*minimum, item->min_width);
          *natural += item->nat_width + (i > 0 ? self->spacing : 0);
        }
      return;
    }

  for (guint first = 0; first < items->len; )
    {
      guint end = row_end (self, items, first, for_size);
      int row_min, row_nat;
      int spacing = first > 0 ? self->spacing : 0;

      size_row (self, items, first, end, for_size, &row_min, &row_nat);
      *minimum += row_min + spacing;
      *natural += row_nat + spacing;
      first = end;
    }
}

typedef struct
{
  guint first, end;
  int   min_height, nat_height;
} Row;

static void
rushes_wrap_box_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  RushesWrapBox *self = RUSHES_WRAP_BOX (widget);
  g_autoptr(GArray) items = collect_items (self);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int total_nat = 0;
  int y = 0;

  /* the rows, their children's widths, and whether the natural heights
   * fit */
  for (guint first = 0; first < items->len; )
    {
      Row row = { first, row_end (self, items, first, width), 0, 0 };

      size_row (self, items, row.first, row.end, width, &row.min_height, &row.nat_height);
      g_array_append_val (rows, row);
      total_nat += row.nat_height + (first > 0 ? self->spacing : 0);
      first = row.end;
    }
  self->n_rows = rows->len;

  for (guint r = 0; r < rows->len; r++)
    {
      const Row *row = &g_array_index (rows, Row, r);
      int row_height = total_nat <= height ? row->nat_height : row->min_height;
      int x = 0;

      for (guint i = row->first; i < row->end; i++)
        {
          Item *item = &g_array_index (items, Item, i);
          GtkAllocation child = { rtl ? width - x - item->width : x, y, item->width, row_height };

          gtk_widget_size_allocate (item->widget, &child, -1);
          x += item->width + self->spacing;
        }
      y += row_height + self->spacing;
    }
}

static GtkSizeRequestMode
rushes_wrap_box_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
rushes_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rushes_wrap_box_parent_class)->dispose (object);
}

static void
rushes_wrap_box_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RushesWrapBox *self = RUSHES_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_wrap_box_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RushesWrapBox *self = RUSHES_WRAP_BOX (object);

  switch (prop_id)
    {
    case PROP_SPACING:
      rushes_wrap_box_set_spacing (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_wrap_box_class_init (RushesWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_wrap_box_dispose;
  object_class->get_property = rushes_wrap_box_get_property;
  object_class->set_property = rushes_wrap_box_set_property;
  widget_class->measure = rushes_wrap_box_measure;
  widget_class->size_allocate = rushes_wrap_box_size_allocate;
  widget_class->get_request_mode = rushes_wrap_box_get_request_mode;

  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, G_MAXINT16, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "wrapbox");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rushes_wrap_box_init (RushesWrapBox *self)
{
  self->n_rows = 1;
}

GtkWidget *
rushes_wrap_box_new (int spacing)
{
  return g_object_new (RUSHES_TYPE_WRAP_BOX, "spacing", spacing, NULL);
}

int
rushes_wrap_box_get_spacing (RushesWrapBox *self)
{
  g_return_val_if_fail (RUSHES_IS_WRAP_BOX (self), 0);

  return self->spacing;
}

void
rushes_wrap_box_set_spacing (RushesWrapBox *self,
                             int            spacing)
{
  g_return_if_fail (RUSHES_IS_WRAP_BOX (self));

  if (self->spacing == spacing)
    return;
  self->spacing = spacing;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPACING]);
}

/* Rows at the last allocation (tests; 1 before one). */
guint
rushes_wrap_box_get_n_rows (RushesWrapBox *self)
{
  g_return_val_if_fail (RUSHES_IS_WRAP_BOX (self), 0);

  return self->n_rows;
}
