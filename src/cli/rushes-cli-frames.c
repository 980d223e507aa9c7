/* rushes-cli-frames.c: --start-image and --end-image of `rushes generate`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each is an image or a frame of a video (rushes-frame-ref.h). Before
 * anything is submitted: the backend (and model) must honour it (else the
 * message names those that do), and the frame is extracted exactly and
 * stored beside the take (NAME.start.png, NAME.end.png), so that the recipe
 * points at a file that stays; the recipe keeps what was given too.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-cli.h"
#include "rushes-frame-grab.h"
#include "rushes-frame-ref.h"

gboolean
rushes_cli_check_images (RushesBackend  *backend,
                         GListModel     *backends,
                         RushesRecipe   *recipe,
                         const char     *start_spec,
                         const char     *end_spec,
                         GError        **error)
{
  g_autoptr(RushesCapabilities) all = NULL;
  const RushesCapabilities *caps;
  RushesFields wanted = 0;
  const char *specs[] = { start_spec, end_spec };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_auto(RushesFrameRef) ref = { 0, };

      if (specs[i] == NULL)
        continue;
      if (!rushes_frame_ref_parse (specs[i], &ref, error))
        return FALSE;
      wanted |= i == 0 ? RUSHES_FIELD_START_IMAGE : RUSHES_FIELD_END_IMAGE;
    }
  if (wanted == 0)
    return TRUE;

  all = rushes_backend_get_capabilities (backend);
  caps = rushes_capabilities_for_model (all, rushes_recipe_get_model (recipe));
  if (!rushes_capabilities_honours_images (caps, wanted))
    {
      g_autofree char *able = rushes_capabilities_describe_backends_with_images (backends, wanted);
      /* the flag it cannot honour: a start-image-only workflow asked for
       * both refuses the end image, not the start image */
      RushesFields refused = wanted & ~(caps->fields & (RUSHES_FIELD_START_IMAGE | RUSHES_FIELD_END_IMAGE));
      const char *what = refused == RUSHES_FIELD_START_IMAGE ? "--start-image"
                         : refused == RUSHES_FIELD_END_IMAGE ? "--end-image"
                         : "--start-image --end-image";
      const char *who = caps->model != NULL ? caps->model : rushes_backend_get_id (backend);

      if (able != NULL)
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                     /* Translators: e.g. "--end-image: studio cannot honour it; these can: sketch, fal (kling)" */
                     _("%s: %s cannot honour it; these can: %s"), what, who, able);
      else
        g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                     _("%s: %s cannot honour it, and no configured backend can"), what, who);
      return FALSE;
    }
  return TRUE;
}

gboolean
rushes_cli_store_images (RushesRecipe  *recipe,
                         const char    *take_path,
                         const char    *start_spec,
                         const char    *end_spec,
                         GError       **error)
{
  if (start_spec != NULL && !rushes_frame_grab_store (recipe, start_spec, FALSE, take_path, error))
    return FALSE;
  if (end_spec != NULL && !rushes_frame_grab_store (recipe, end_spec, TRUE, take_path, error))
    return FALSE;
  return TRUE;
}
