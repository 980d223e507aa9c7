/* rushes-tag-writer.c: makes a downloaded result into a take
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

char *
rushes_tag_writer_finish (RushesTagWriter  *self,
                          const char       *downloaded,
                          const char       *stem,
                          RushesRecipe     *recipe,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_return_val_if_fail (RUSHES_IS_TAG_WRITER (self), NULL);
  g_return_val_if_fail (downloaded != NULL, NULL);
  g_return_val_if_fail (stem != NULL, NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return RUSHES_TAG_WRITER_GET_IFACE (self)->finish (self, downloaded, stem, recipe, cancellable, error);
}
