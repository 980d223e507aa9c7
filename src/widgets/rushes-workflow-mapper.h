/* rushes-workflow-mapper.h: the dialog that maps an imported ComfyUI
 * workflow's node inputs to a recipe's fields and saves it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One AdwComboRow per recipe field (prompt, negative prompt, seed, width,
 * height, frames, fps, steps, guidance, start image) offering the graph's
 * "node id · class_type · input" literals, pre-selected by
 * rushes_comfyui_mapping_guess(). "Save" validates and stores graph and
 * mapping in $XDG_DATA_HOME/rushes/workflows/ (rushes_comfyui_workflow_import)
 * and emits "saved" with the workflow's name. A name that a template or an
 * earlier import already has is refused (nothing is overwritten). Main thread only.
 */
#pragma once

#include <adwaita.h>

#include "rushes-comfyui-workflow.h"

G_BEGIN_DECLS

#define RUSHES_TYPE_WORKFLOW_MAPPER (rushes_workflow_mapper_get_type ())
G_DECLARE_FINAL_TYPE (RushesWorkflowMapper, rushes_workflow_mapper, RUSHES, WORKFLOW_MAPPER, AdwWindow)

/* NULL with RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT for an editor-format
 * file, _INVALID for anything else that is not an API-format graph.
 * file_name (may be NULL) suggests the name. */
RushesWorkflowMapper  *rushes_workflow_mapper_new           (const char            *graph_json,
                                                              const char            *file_name,
                                                              GError               **error);
/* The row of a field ("prompt", "negative_prompt", …); item 0 is "not used",
 * item i > 0 is the i-th choice of rushes_comfyui_mapping_list_choices(). */
AdwComboRow           *rushes_workflow_mapper_get_field_row (RushesWorkflowMapper  *self,
                                                              const char            *field);
void                   rushes_workflow_mapper_set_name      (RushesWorkflowMapper  *self,
                                                              const char            *name);
/* What "Save" does (without closing): the saved workflow, or NULL with an
 * error that the dialog also shows. */
RushesComfyuiWorkflow *rushes_workflow_mapper_save          (RushesWorkflowMapper  *self,
                                                              GError               **error);

G_END_DECLS
