/* rushes-frame-paintable.c: the newest video frame as a GdkPaintable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Threads: queue() runs on GStreamer streaming threads and only touches
 * `pending*` and `flush_id` under `lock`; everything else is main-thread.
 */
#define G_LOG_DOMAIN "rushes-frame-paintable"

#include "config.h"

#include <gst/gst.h>

#include "rushes-frame-paintable.h"

GST_DEBUG_CATEGORY_STATIC (rushes_frame_paintable_debug);
#define GST_CAT_DEFAULT rushes_frame_paintable_debug

struct _RushesFramePaintable
{
  GObject parent_instance;

  /* main thread */
  GdkTexture *texture;
  double par;
  guint64 n_frames;

  /* guarded by lock */
  GMutex lock;
  GdkTexture *pending;
  double pending_par;
  guint flush_id;
};

static void rushes_frame_paintable_iface_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RushesFramePaintable, rushes_frame_paintable, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE, rushes_frame_paintable_iface_init))

static void
rushes_frame_paintable_snapshot (GdkPaintable *paintable,
                                 GdkSnapshot  *snapshot,
                                 double        width,
                                 double        height)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
rushes_frame_paintable_get_current_image (GdkPaintable *paintable)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));
  return gdk_paintable_new_empty (0, 0);
}

static int
rushes_frame_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (paintable);

  if (self->texture == NULL)
    return 0;
  return (int) (gdk_texture_get_width (self->texture) * self->par + 0.5);
}

static int
rushes_frame_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (paintable);

  return self->texture ? gdk_texture_get_height (self->texture) : 0;
}

static double
rushes_frame_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (paintable);

  if (self->texture == NULL || gdk_texture_get_height (self->texture) == 0)
    return 0;
  return self->par * gdk_texture_get_width (self->texture) / gdk_texture_get_height (self->texture);
}

static void
rushes_frame_paintable_iface_init (GdkPaintableInterface *iface)
{
  iface->snapshot = rushes_frame_paintable_snapshot;
  iface->get_current_image = rushes_frame_paintable_get_current_image;
  iface->get_intrinsic_width = rushes_frame_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = rushes_frame_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = rushes_frame_paintable_get_intrinsic_aspect_ratio;
}

static void
show_texture (RushesFramePaintable *self,
              GdkTexture           *texture,
              double                par)
{
  gboolean size_changed;

  size_changed = self->texture == NULL || texture == NULL ||
                 gdk_texture_get_width (self->texture) != gdk_texture_get_width (texture) ||
                 gdk_texture_get_height (self->texture) != gdk_texture_get_height (texture) ||
                 self->par != par;
  g_set_object (&self->texture, texture);
  self->par = par;
  if (texture != NULL)
    self->n_frames++;

  /* size only when the dimensions change, then the contents */
  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));
}

static gboolean
flush_cb (gpointer data)
{
  RushesFramePaintable *self = data;
  g_autoptr(GdkTexture) texture = NULL;
  double par;

  g_mutex_lock (&self->lock);
  texture = g_steal_pointer (&self->pending);
  par = self->pending_par;
  self->flush_id = 0;
  g_mutex_unlock (&self->lock);

  if (texture != NULL)
    show_texture (self, texture, par);

  return G_SOURCE_REMOVE;
}

void
rushes_frame_paintable_queue (RushesFramePaintable *self,
                              GdkTexture           *texture,
                              int                   par_n,
                              int                   par_d)
{
  g_return_if_fail (RUSHES_IS_FRAME_PAINTABLE (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  g_mutex_lock (&self->lock);
  g_set_object (&self->pending, texture);
  self->pending_par = (par_n > 0 && par_d > 0) ? (double) par_n / par_d : 1.0;
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_DEFAULT, flush_cb,
                                      g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
}

void
rushes_frame_paintable_clear (RushesFramePaintable *self)
{
  g_return_if_fail (RUSHES_IS_FRAME_PAINTABLE (self));

  g_mutex_lock (&self->lock);
  g_clear_object (&self->pending);
  g_mutex_unlock (&self->lock);

  if (self->texture != NULL)
    show_texture (self, NULL, 1.0);
}

GdkTexture *
rushes_frame_paintable_get_texture (RushesFramePaintable *self)
{
  g_return_val_if_fail (RUSHES_IS_FRAME_PAINTABLE (self), NULL);
  return self->texture;
}

guint64
rushes_frame_paintable_get_n_frames (RushesFramePaintable *self)
{
  g_return_val_if_fail (RUSHES_IS_FRAME_PAINTABLE (self), 0);
  return self->n_frames;
}

static void
rushes_frame_paintable_finalize (GObject *object)
{
  RushesFramePaintable *self = RUSHES_FRAME_PAINTABLE (object);

  g_clear_object (&self->texture);
  g_clear_object (&self->pending);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (rushes_frame_paintable_parent_class)->finalize (object);
}

static void
rushes_frame_paintable_class_init (RushesFramePaintableClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rushes_frame_paintable_finalize;

  GST_DEBUG_CATEGORY_INIT (rushes_frame_paintable_debug, "rushes-frame-paintable", 0,
                           "Rushes frame paintable");
}

static void
rushes_frame_paintable_init (RushesFramePaintable *self)
{
  g_mutex_init (&self->lock);
  self->par = 1.0;
}

RushesFramePaintable *
rushes_frame_paintable_new (void)
{
  return g_object_new (RUSHES_TYPE_FRAME_PAINTABLE, NULL);
}
