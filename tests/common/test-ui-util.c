/* test-ui-util.c: widget and player helpers shared by the media and display
 * suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "rushes-frame-paintable.h"
#include "test-ui-util.h"
#include "test-util.h"

gboolean
test_widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* widget itself or its first descendant (depth first) that matches */
static GtkWidget *
test_find_descendant (GtkWidget     *widget,
                      gboolean     (*match) (GtkWidget *widget, gconstpointer data),
                      gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = test_find_descendant (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

GtkWidget *
test_find_descendant_of_type (GtkWidget *widget,
                              GType      type)
{
  return test_find_descendant (widget, is_of_type, GSIZE_TO_POINTER (type));
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

GtkWidget *
test_find_window_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return GTK_WIDGET (window);
    }
  return NULL;
}

GtkWidget *
test_find_button (GtkWidget  *widget,
                  const char *label)
{
  return test_find_descendant (widget, is_button_labelled, label);
}

void
test_texture_to_rgb (GdkTexture *texture,
                     guint8     *rgb)
{
  int w = gdk_texture_get_width (texture);
  int h = gdk_texture_get_height (texture);
  g_autofree guint8 *bgra = g_malloc ((gsize) w * h * 4);

  /* download gives premultiplied B8G8R8A8 (little endian ARGB32); frames are opaque */
  gdk_texture_download (texture, bgra, (gsize) w * 4);
  for (int i = 0; i < w * h; i++)
    {
      rgb[i * 3 + 0] = bgra[i * 4 + 2];
      rgb[i * 3 + 1] = bgra[i * 4 + 1];
      rgb[i * 3 + 2] = bgra[i * 4 + 0];
    }
}

void
test_wait_settled (RushesPlayer *player,
                   guint64       frames_before)
{
  RushesFramePaintable *paintable = RUSHES_FRAME_PAINTABLE (rushes_player_get_paintable (player));
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (rushes_player_get_seeking (player) ||
         rushes_player_get_state (player) == RUSHES_PLAYER_STATE_LOADING ||
         rushes_frame_paintable_get_n_frames (paintable) <= frames_before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* let a late frame land */
  test_spin (100);
}

static gboolean
is_tooltip_critical (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message)
{
  /* the timeout asks where the pointer is on the gone surface, then
   * which widget is there */
  return !GTK_CHECK_VERSION (4, 10, 0) && (log_level & G_LOG_LEVEL_CRITICAL) && message != NULL &&
         strstr (message, "assertion 'GDK_IS_SURFACE (surface)' failed") != NULL &&
         ((g_strcmp0 (log_domain, "Gdk") == 0 && g_str_has_prefix (message, "gdk_surface_get_device_position:")) ||
          (g_strcmp0 (log_domain, "Gtk") == 0 && g_str_has_prefix (message, "_gtk_widget_find_at_coords:")));
}

/* Criticals stay fatal (but that one): this handler aborts on them itself,
 * since the test framework's "always fatal" mask no longer includes them. */
static void
tooltip_critical_log (const char     *log_domain,
                      GLogLevelFlags  log_level,
                      const char     *message,
                      gpointer        user_data)
{
  if (is_tooltip_critical (log_domain, log_level, message))
    {
      g_test_message ("tolerated (GTK 4.8 tooltip timeout): %s", message);
      return;
    }
  g_log_default_handler (log_domain, log_level | ((log_level & G_LOG_LEVEL_CRITICAL) ? G_LOG_FLAG_FATAL : 0),
                         message, user_data);
  if (log_level & G_LOG_LEVEL_CRITICAL)
    G_BREAKPOINT ();
}

void
test_tolerate_gtk48_tooltip_critical (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING);
  g_log_set_default_handler (tooltip_critical_log, NULL);
}
