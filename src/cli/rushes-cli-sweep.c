/* rushes-cli-sweep.c: `rushes generate --sweep`, and a prompt's {a|b|c}
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which sweep a command line asks for (one field at a time), and whether a
 * large one may go ahead: more than RUSHES_SWEEP_CONFIRM_ABOVE takes only
 * with --yes, after the count and what it would cost are printed.
 */
#define G_LOG_DOMAIN "rushes-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "rushes-cli.h"

RushesSweep *
rushes_cli_sweep_parse (const char    *spec,
                        const char    *prompt,
                        RushesRecipe  *recipe,
                        gboolean       seed_given,
                        int            variations,
                        GError       **error)
{
  g_autoptr(RushesSweep) sweep = NULL;
  g_autofree char *field = NULL;
  const char *eq = spec != NULL ? strchr (spec, '=') : NULL;

  /* the same choice as Generate in the window */
  if (spec != NULL && eq == NULL)
    return rushes_sweep_parse (spec, error);   /* says what a sweep looks like */
  if (eq != NULL)
    field = g_strndup (spec, eq - spec);
  sweep = rushes_sweep_choose (prompt, field, eq != NULL ? eq + 1 : NULL, error);
  if (sweep == NULL)
    return NULL;

  if (variations != 1)
    {
      g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                           _("--variations cannot be combined with a sweep (sweep the seed instead: --sweep seed=A..B)"));
      return NULL;
    }
  if (rushes_sweep_get_field (sweep) == RUSHES_SWEEP_SEED)
    {
      if (seed_given)
        {
          g_set_error_literal (error, RUSHES_RECIPE_ERROR, RUSHES_RECIPE_ERROR_INVALID_FIELD,
                               _("--seed and --sweep seed=… cannot both be given"));
          return NULL;
        }
    }
  else if (!seed_given)
    {
      /* the takes differ by the swept field alone */
      fprintf (stderr, _("rushes generate: every take of the sweep uses seed %lld\n"),
               (long long) rushes_recipe_resolve_seed (recipe));
    }
  return g_steal_pointer (&sweep);
}

gboolean
rushes_cli_sweep_confirmed (RushesBackend *backend,
                            GPtrArray     *recipes,
                            gboolean       yes)
{
  g_autoptr(RushesCapabilities) caps = NULL;
  g_autofree char *cost_text = NULL;
  double cost;

  if (yes || recipes->len <= RUSHES_SWEEP_CONFIRM_ABOVE)
    return TRUE;

  caps = rushes_backend_get_capabilities (backend);
  cost = rushes_sweep_estimate_cost (caps, recipes);
  if (cost < 0)
    cost_text = g_strdup_printf (_("the cost is not known (%s gives no prices)"),
                                 rushes_backend_get_display_name (backend));
  else if (cost == 0)
    cost_text = g_strdup_printf (_("free on %s"), rushes_backend_get_display_name (backend));
  else
    cost_text = g_strdup_printf (_("an estimated %.2f %s on %s"), cost,
                                 caps->cost_currency ? caps->cost_currency : "",
                                 rushes_backend_get_display_name (backend));
  fprintf (stderr, _("rushes generate: this sweep would make %u takes (%s); "
                     "run it again with --yes to make them\n"),
           recipes->len, cost_text);
  return FALSE;
}
