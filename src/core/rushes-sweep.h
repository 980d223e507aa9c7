/* rushes-sweep.h: one recipe field varied over a list or a range
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep turns one recipe into one recipe per value of one field: seed,
 * guidance, steps, model ("FIELD=V1,V2,…" or "FIELD=A..B:STEP"), or the
 * alternatives of a prompt fragment written in the prompt itself
 * ("a heron {at dawn|at dusk} …"). Every take of a sweep records the sweep's
 * id, the field and the value it got (rushes_sweep_describe(): the "sweep"
 * member of the take's sidecar and of its job), so the queue can group
 * them and a contact sheet can label them.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-job-queue.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

/* Above this many jobs a sweep is confirmed first (CLI: --yes). */
#define RUSHES_SWEEP_CONFIRM_ABOVE 50
/* Generate in the window asks first above this many takes, or when the
 * estimated cost is above RUSHES_SWEEP_CONFIRM_COST (in the backend's currency). */
#define RUSHES_SWEEP_ASK_ABOVE 16
#define RUSHES_SWEEP_CONFIRM_COST 5.0
/* A sweep is never larger than this (a range with a tiny step, say). */
#define RUSHES_SWEEP_MAX_VALUES 100000

typedef enum
{
  RUSHES_SWEEP_SEED,
  RUSHES_SWEEP_GUIDANCE,
  RUSHES_SWEEP_STEPS,
  RUSHES_SWEEP_MODEL,
  RUSHES_SWEEP_PROMPT,
} RushesSweepField;

typedef struct _RushesSweep RushesSweep;

/* "FIELD=V1,V2,…" or "FIELD=A..B:STEP" (":STEP" is 1 when left out); NULL
 * with a message naming what is wrong (RUSHES_RECIPE_ERROR_INVALID_FIELD). */
RushesSweep      *rushes_sweep_parse            (const char        *spec,
                                                 GError           **error);
/* Field and values apart ("guidance", "4,7.5"), as the parameter panel has them. */
RushesSweep      *rushes_sweep_new              (const char        *field,
                                                 const char        *values,
                                                 GError           **error);
/* The prompt's "{a|b|c}" fragment: NULL without error when the prompt has
 * none, NULL with an error when it has a broken or more than one. */
RushesSweep      *rushes_sweep_new_from_prompt  (const char        *prompt,
                                                 GError           **error);
/* The sweep Generate makes, the window's and the command line's alike:
 * field NULL (none named) gives the prompt's {a|b|c} fragment, or NULL
 * without error when it has none; field "prompt" needs such a fragment;
 * another field with values is rushes_sweep_new(), refused when the prompt
 * has a fragment too (a sweep varies one field). */
RushesSweep      *rushes_sweep_choose           (const char        *prompt,
                                                 const char        *field,
                                                 const char        *values,
                                                 GError           **error);
void              rushes_sweep_free             (RushesSweep       *self);

const char       *rushes_sweep_get_id           (const RushesSweep *self);
RushesSweepField  rushes_sweep_get_field        (const RushesSweep *self);
const char       *rushes_sweep_field_to_string  (RushesSweepField   field);
guint             rushes_sweep_get_n_values     (const RushesSweep *self);
/* The value as text ("7.5", "ltxv-2b", "at dusk"). */
const char       *rushes_sweep_get_value        (const RushesSweep *self,
                                                 guint              index);

/* base with value index applied (a new recipe). */
RushesRecipe     *rushes_sweep_apply            (const RushesSweep *self,
                                                 RushesRecipe      *base,
                                                 guint              index);
/* {"id": …, "field": …, "value": …} (numbers for seed, guidance, steps). */
JsonObject       *rushes_sweep_describe         (const RushesSweep *self,
                                                 guint              index);

/* Checks (and may adjust) one recipe of a sweep: the backend's rules. */
typedef gboolean (*RushesSweepCheckFunc)        (RushesRecipe      *recipe,
                                                 gpointer           user_data,
                                                 GError           **error);

/* A recipe per value (base with it applied, in order), each passed through
 * check (may be NULL); when the seed is not swept a random one is drawn
 * once, so the takes differ by the swept field alone. descriptions (may be
 * NULL) gets rushes_sweep_describe() of each. NULL with an error naming the
 * value ("steps=500: …") when check refuses one. */
GPtrArray        *rushes_sweep_expand           (const RushesSweep  *self,
                                                 RushesRecipe       *base,
                                                 RushesSweepCheckFunc check,
                                                 gpointer            user_data,
                                                 GPtrArray         **descriptions,
                                                 GError            **error);
/* One job per recipe and variation (seeds counted up from each recipe's
 * when variations > 1), each recording its sweep description; all
 * journalled or none (the ones in are cancelled). The jobs, or NULL. */
GPtrArray        *rushes_sweep_submit           (RushesJobQueue     *queue,
                                                 GPtrArray          *recipes,
                                                 GPtrArray          *descriptions,
                                                 guint               variations,
                                                 GError            **error);

/* What the recipes (RushesRecipe, one take each) cost together on a backend
 * with caps, in caps->cost_currency: 0 when free, < 0 when unknown. */
double            rushes_sweep_estimate_cost    (const RushesCapabilities *caps,
                                                 GPtrArray                *recipes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RushesSweep, rushes_sweep_free)

G_END_DECLS
