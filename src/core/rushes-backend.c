/* rushes-backend.c: the backend interface, capabilities and remote status
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-backend"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-backend.h"

G_DEFINE_QUARK (rushes-backend-error-quark, rushes_backend_error)

G_DEFINE_INTERFACE (RushesBackend, rushes_backend, G_TYPE_OBJECT)

/* capabilities */

G_DEFINE_BOXED_TYPE (RushesCapabilities, rushes_capabilities,
                     rushes_capabilities_ref, rushes_capabilities_unref)

RushesCapabilities *
rushes_capabilities_new (void)
{
  RushesCapabilities *caps = g_new0 (RushesCapabilities, 1);

  g_atomic_ref_count_init (&caps->ref_count);
  caps->fields = RUSHES_FIELD_NONE;
  caps->min_seconds = 0.5;
  caps->max_seconds = 60.0;
  caps->seconds_step = 0;
  caps->sizes = g_array_new (FALSE, FALSE, sizeof (RushesSize));
  caps->max_width = 4096;
  caps->max_height = 4096;
  caps->fps = g_array_new (FALSE, FALSE, sizeof (guint));
  caps->max_fps = 120;
  caps->max_steps = 200;
  caps->max_guidance = 30.0;
  caps->max_variations = 4;
  caps->max_concurrent = 1;
  caps->cost_per_second = -1;
  caps->cost_currency = NULL;
  caps->models = NULL;
  caps->default_guidance = -1;

  return caps;
}

RushesCapabilities *
rushes_capabilities_ref (RushesCapabilities *caps)
{
  g_return_val_if_fail (caps != NULL, NULL);

  g_atomic_ref_count_inc (&caps->ref_count);
  return caps;
}

void
rushes_capabilities_unref (RushesCapabilities *caps)
{
  g_return_if_fail (caps != NULL);

  if (!g_atomic_ref_count_dec (&caps->ref_count))
    return;

  g_clear_pointer (&caps->sizes, g_array_unref);
  g_clear_pointer (&caps->fps, g_array_unref);
  g_free (caps->cost_currency);
  g_strfreev (caps->models);
  g_free (caps->model);
  g_free (caps->model_name);
  g_clear_pointer (&caps->model_caps, g_ptr_array_unref);
  g_free (caps);
}

gboolean
rushes_capabilities_allows_size (const RushesCapabilities *caps,
                                 guint                     width,
                                 guint                     height)
{
  g_return_val_if_fail (caps != NULL, FALSE);

  if (caps->sizes != NULL && caps->sizes->len > 0)
    {
      for (guint i = 0; i < caps->sizes->len; i++)
        {
          const RushesSize *size = &g_array_index (caps->sizes, RushesSize, i);

          if (size->width == width && size->height == height)
            return TRUE;
        }
      return FALSE;
    }

  return (caps->max_width == 0 || width <= caps->max_width) &&
         (caps->max_height == 0 || height <= caps->max_height);
}

gboolean
rushes_capabilities_allows_fps (const RushesCapabilities *caps,
                                guint                     fps)
{
  g_return_val_if_fail (caps != NULL, FALSE);

  if (caps->fps != NULL && caps->fps->len > 0)
    {
      for (guint i = 0; i < caps->fps->len; i++)
        if (g_array_index (caps->fps, guint, i) == fps)
          return TRUE;
      return FALSE;
    }

  return fps >= 1 && (caps->max_fps == 0 || fps <= caps->max_fps);
}

double
rushes_capabilities_estimate_cost (const RushesCapabilities *caps,
                                   RushesRecipe             *recipe,
                                   guint                     n_takes)
{
  g_return_val_if_fail (caps != NULL, -1);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), -1);

  if (caps->cost_per_second < 0)
    return -1;
  return caps->cost_per_second * rushes_recipe_get_seconds (recipe) * n_takes;
}

/* remote status */

void
rushes_remote_status_clear (RushesRemoteStatus *status)
{
  if (status == NULL)
    return;

  g_clear_pointer (&status->status, g_free);
  g_clear_pointer (&status->error, g_free);
  g_clear_pointer (&status->results, g_strfreev);
  status->state = RUSHES_REMOTE_QUEUED;
  status->progress = -1;
  status->eta_seconds = -1;
}

/* interface */

static void
rushes_backend_default_init (RushesBackendInterface *iface)
{
}

const char *
rushes_backend_get_id (RushesBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);

  return RUSHES_BACKEND_GET_IFACE (self)->get_id (self);
}

const char *
rushes_backend_get_kind (RushesBackend *self)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);

  return RUSHES_BACKEND_GET_IFACE (self)->get_kind (self);
}

const char *
rushes_backend_get_display_name (RushesBackend *self)
{
  RushesBackendInterface *iface;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);

  iface = RUSHES_BACKEND_GET_IFACE (self);
  if (iface->get_display_name == NULL)
    return iface->get_id (self);
  return iface->get_display_name (self);
}

gboolean
rushes_backend_is_remote (RushesBackend *self)
{
  RushesBackendInterface *iface;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), FALSE);

  iface = RUSHES_BACKEND_GET_IFACE (self);
  return iface->is_remote != NULL && iface->is_remote (self);
}

RushesCapabilities *
rushes_backend_get_capabilities (RushesBackend *self)
{
  RushesBackendInterface *iface;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);

  iface = RUSHES_BACKEND_GET_IFACE (self);
  if (iface->get_capabilities == NULL)
    return rushes_capabilities_new ();
  return iface->get_capabilities (self);
}

RushesCapabilities *
rushes_backend_get_model_capabilities (RushesBackend *self,
                                       const char    *model)
{
  g_autoptr(RushesCapabilities) caps = NULL;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);

  caps = rushes_backend_get_capabilities (self);
  return rushes_capabilities_ref ((RushesCapabilities *) rushes_capabilities_for_model (caps, model));
}

static gboolean
unsupported (GError     **error,
             const char  *format,
             ...) G_GNUC_PRINTF (2, 3);

static gboolean
unsupported (GError     **error,
             const char  *format,
             ...)
{
  va_list args;

  va_start (args, format);
  if (error != NULL)
    *error = g_error_new_valist (RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED, format, args);
  va_end (args);

  return FALSE;
}

gboolean
rushes_backend_check_recipe (RushesBackend  *self,
                             RushesRecipe   *recipe,
                             GError        **error)
{
  g_autoptr(RushesCapabilities) all = NULL;
  const RushesCapabilities *caps;
  g_autofree char *name = NULL;
  const char *model;
  guint fps;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rushes_recipe_validate (recipe, error))
    return FALSE;

  all = rushes_backend_get_capabilities (self);
  model = rushes_recipe_get_model (recipe);
  if (model[0] != '\0' && (all->fields & RUSHES_FIELD_MODEL) && all->models != NULL &&
      !g_strv_contains ((const char * const *) all->models, model))
    {
      g_autofree char *allowed = g_strjoinv (", ", all->models);

      return unsupported (error, _("model must be one of %s on %s (got “%s”)"), allowed,
                          rushes_backend_get_display_name (self), model);
    }

  /* only the chosen model's limits count */
  caps = rushes_capabilities_for_model (all, model);
  if (caps->model != NULL)
    /* Translators: "lightricks/ltx-video on My Replicate" */
    name = g_strdup_printf (_("%s on %s"), caps->model, rushes_backend_get_display_name (self));
  else
    name = g_strdup (rushes_backend_get_display_name (self));
  fps = rushes_capabilities_render_fps (caps, rushes_recipe_get_fps (recipe));

  /* Fields the backend does not honour are ignored, except those that carry
   * content the user would silently lose. */
  if ((caps->fields & RUSHES_FIELD_SECONDS) &&
      !rushes_capabilities_allows_seconds (caps, fps, rushes_recipe_get_seconds (recipe)))
    {
      g_autofree char *allowed = rushes_capabilities_describe_seconds (caps, fps);

      return unsupported (error, _("seconds must be %s on %s (got %g)"), allowed, name,
                          rushes_recipe_get_seconds (recipe));
    }

  if ((caps->fields & RUSHES_FIELD_SIZE) &&
      !rushes_capabilities_allows_size (caps, rushes_recipe_get_width (recipe),
                                        rushes_recipe_get_height (recipe)))
    {
      g_autofree char *allowed = rushes_capabilities_describe_sizes (caps, FALSE);

      return unsupported (error, _("size must be %s on %s (got %u×%u)"), allowed, name,
                          rushes_recipe_get_width (recipe), rushes_recipe_get_height (recipe));
    }

  if ((caps->fields & RUSHES_FIELD_FPS) && !rushes_capabilities_allows_fps (caps, rushes_recipe_get_fps (recipe)))
    {
      g_autofree char *allowed = rushes_capabilities_describe_fps (caps, FALSE);

      return unsupported (error, _("fps must be %s on %s (got %u)"), allowed, name,
                          rushes_recipe_get_fps (recipe));
    }

  if ((caps->fields & RUSHES_FIELD_STEPS) && caps->max_steps > 0 &&
      rushes_recipe_get_steps (recipe) > caps->max_steps)
    return unsupported (error, _("steps must be between 1 and %u on %s (got %u)"), caps->max_steps, name,
                        rushes_recipe_get_steps (recipe));

  if ((caps->fields & RUSHES_FIELD_GUIDANCE) && caps->max_guidance > 0 &&
      rushes_recipe_get_guidance (recipe) > caps->max_guidance)
    return unsupported (error, _("guidance must be between 0 and %g on %s (got %g)"), caps->max_guidance, name,
                        rushes_recipe_get_guidance (recipe));

  if (!(caps->fields & RUSHES_FIELD_START_IMAGE) && rushes_recipe_get_start_image (recipe)[0] != '\0')
    return unsupported (error, _("start_image is not supported on %s"), name);
  if (!(caps->fields & RUSHES_FIELD_END_IMAGE) && rushes_recipe_get_end_image (recipe)[0] != '\0')
    return unsupported (error, _("end_image is not supported on %s"), name);

  if (!(caps->fields & RUSHES_FIELD_AUDIO) && rushes_recipe_get_audio (recipe))
    return unsupported (error, _("audio is not supported on %s"), name);

  return TRUE;
}

char *
rushes_backend_submit (RushesBackend       *self,
                       RushesRecipe        *recipe,
                       const char          *job_id,
                       RushesProgressFunc   progress,
                       gpointer             progress_data,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);
  g_return_val_if_fail (RUSHES_IS_RECIPE (recipe), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  return RUSHES_BACKEND_GET_IFACE (self)->submit (self, recipe, job_id,
                                                  &(RushesBackendCall) { progress, progress_data, cancellable },
                                                  error);
}

gboolean
rushes_backend_poll (RushesBackend       *self,
                     const char          *remote_id,
                     RushesRemoteStatus  *status,
                     RushesProgressFunc   progress,
                     gpointer             progress_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (remote_id != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return RUSHES_BACKEND_GET_IFACE (self)->poll (self, remote_id, status,
                                                &(RushesBackendCall) { progress, progress_data, cancellable },
                                                error);
}

gboolean
rushes_backend_cancel (RushesBackend  *self,
                       const char     *remote_id,
                       GCancellable   *cancellable,
                       GError        **error)
{
  RushesBackendInterface *iface;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (remote_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  iface = RUSHES_BACKEND_GET_IFACE (self);
  if (iface->cancel == NULL)
    return TRUE;

  /* Not short-circuited on a cancelled cancellable: cancelling the remote
   * job is what one does after the local cancellable fired. */
  return iface->cancel (self, remote_id, cancellable, error);
}

gboolean
rushes_backend_fetch (RushesBackend       *self,
                      const char          *remote_id,
                      const char          *result,
                      const char          *dest_path,
                      RushesProgressFunc   progress,
                      gpointer             progress_data,
                      GCancellable        *cancellable,
                      GError             **error)
{
  g_return_val_if_fail (RUSHES_IS_BACKEND (self), FALSE);
  g_return_val_if_fail (remote_id != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return RUSHES_BACKEND_GET_IFACE (self)->fetch (self, remote_id, result, dest_path,
                                                 &(RushesBackendCall) { progress, progress_data, cancellable },
                                                 error);
}

char *
rushes_backend_lookup (RushesBackend  *self,
                       const char     *job_id,
                       GCancellable   *cancellable,
                       GError        **error)
{
  RushesBackendInterface *iface;

  g_return_val_if_fail (RUSHES_IS_BACKEND (self), NULL);
  g_return_val_if_fail (job_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  iface = RUSHES_BACKEND_GET_IFACE (self);
  if (iface->lookup == NULL)
    {
      /* A local job dies with the process; a remote one may still run (and
       * cost money), so without lookup we cannot say it was never created. */
      if (!rushes_backend_is_remote (self))
        return NULL;
      g_set_error (error, RUSHES_BACKEND_ERROR, RUSHES_BACKEND_ERROR_UNSUPPORTED,
                   _("%s cannot look up a job that was being submitted when Rushes stopped; "
                     "check the service before generating it again"),
                   rushes_backend_get_display_name (self));
      return NULL;
    }

  return iface->lookup (self, job_id, cancellable, error);
}

void
rushes_backend_discard (RushesBackend *self,
                        const char    *remote_id,
                        const char    *dest_path)
{
  RushesBackendInterface *iface;

  g_return_if_fail (RUSHES_IS_BACKEND (self));
  g_return_if_fail (dest_path != NULL);

  iface = RUSHES_BACKEND_GET_IFACE (self);
  if (iface->discard != NULL)
    iface->discard (self, remote_id, dest_path);
}
