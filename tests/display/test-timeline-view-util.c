/* test-timeline-view-util.c: what the timeline view's tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-timeline-view-util.h"

char *
tvt_make_file (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "media", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_file_set_contents (path, "not media", -1, NULL));
  return path;
}

char *
tvt_make_video (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "media", NULL);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  g_mkdir_with_parents (dir, 0700);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
                           "-i", "testsrc2=size=160x120:rate=25:duration=1",
                           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", path, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  return path;
}

gpointer
tvt_find_controller (GtkWidget *widget,
                     GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        return c;  /* owned by the widget */
    }
  return NULL;
}

void
tvt_drag (GtkWidget *widget,
          double     x,
          double     y,
          double     dx,
          double     dy)
{
  GtkGesture *gesture = tvt_find_controller (widget, GTK_TYPE_GESTURE_DRAG);

  g_assert_nonnull (gesture);
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

void
tvt_render (GtkWidget *widget)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;

  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
}
