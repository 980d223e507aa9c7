/* rushes-tag-writer.c: writes a take's recipe into its container's tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-tag-writer"

#include "config.h"

#include "rushes-tag-writer.h"

G_DEFINE_INTERFACE (RushesTagWriter, rushes_tag_writer, G_TYPE_OBJECT)

static void
rushes_tag_writer_default_init (RushesTagWriterInterface *iface)
{
}

gboolean
rushes_tag_writer_write (RushesTagWriter  *self,
                         const char       *media_path,
                         RushesRecipe     *recipe,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_return_val_if_fail (RUSHES_IS_TAG_WRITER (self), FALSE);
  g_return_val_if_fail (media_path != NULL, FALSE);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return RUSHES_TAG_WRITER_GET_IFACE (self)->write (self, media_path, recipe, cancellable, error);
}
