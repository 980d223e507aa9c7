/* rushes-sweep-row.h: the parameter panel's "Sweep": one field varied
 * over several takes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "rushes-recipe.h"
#include "rushes-sweep.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_SWEEP_ROW (rushes_sweep_row_get_type ())
G_DECLARE_FINAL_TYPE (RushesSweepRow, rushes_sweep_row, RUSHES, SWEEP_ROW, AdwExpanderRow)

typedef struct _RushesParamsPanel RushesParamsPanel;

RushesSweepRow *rushes_sweep_row_new            (void);
/* Binds "recipe", "variations" and "visible-fields" (RushesFields: which
 * fields are offered) to the panel's; its backend prices the takes. The
 * panel owns the row. */
void            rushes_sweep_row_follow_panel   (RushesSweepRow    *self,
                                                 RushesParamsPanel *panel);
void            rushes_sweep_row_set_recipe     (RushesSweepRow *self,
                                                 RushesRecipe   *recipe);
/* "seed", "guidance", "steps", "model" or "prompt" (the {a|b} fragment);
 * FALSE when the backend does not offer it. */
gboolean        rushes_sweep_row_set_field      (RushesSweepRow *self,
                                                 const char     *field);
const char     *rushes_sweep_row_get_field      (RushesSweepRow *self);
void            rushes_sweep_row_set_values     (RushesSweepRow *self,
                                                 const char     *values);
/* Takes Generate makes (0: no sweep, or a broken one). */
guint           rushes_sweep_row_get_n_takes    (RushesSweepRow *self);
/* "6 takes · ≈ $1.20", or what is wrong, or that no sweep is set. */
const char     *rushes_sweep_row_get_summary    (RushesSweepRow *self);
/* What the values entry says is wrong, or NULL. */
const char     *rushes_sweep_row_get_error      (RushesSweepRow *self);
/* "3 prompts" when the prompt's {a|b|c} fragment is swept, else NULL. */
const char     *rushes_sweep_row_get_prompt_text (RushesSweepRow *self);

/* A new sweep (its own id) for Generate: the chosen field when the row is
 * switched on, else the prompt's {a|b|c} fragment; NULL without error when
 * there is none, NULL with the error shown in the row when it is broken. */
RushesSweep    *rushes_sweep_row_make_sweep     (RushesSweepRow *self,
                                                 GError        **error);
/* Takes per value: the variations, but one when the seed is swept. */
guint           rushes_sweep_row_takes_per_value (RushesSweepRow *self,
                                                  RushesSweep    *sweep);

/* Plain logic: "free", "≈ $1.20", "≈ 3.00 EUR" or "cost unknown". */
char           *rushes_sweep_format_cost        (double          cost,
                                                 const char     *currency);

G_END_DECLS
