/* rushes-window-import.c: media files opened or dropped into the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A placeholder so that opening videos from the desktop has somewhere to
 * go; importing them as takes comes in its own change.
 */
#define G_LOG_DOMAIN "rushes-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-window-private.h"

void
rushes_window_import_files (RushesWindow  *self,
                            GFile        **files,
                            guint          n_files)
{
  g_return_if_fail (RUSHES_IS_WINDOW (self));
  g_return_if_fail (files != NULL || n_files == 0);

  if (n_files > 0)
    rushes_window_add_toast (self, _("Importing is not available yet"));
}
