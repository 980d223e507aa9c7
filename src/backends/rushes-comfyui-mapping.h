/* rushes-comfyui-mapping.h: guessing a ComfyUI workflow's mapping (which
 * node inputs take the recipe's values) for the import dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain functions over an API-format graph (JsonObject: node id → {class_type,
 * inputs}); no GTK. Any thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-comfyui-workflow.h"

G_BEGIN_DECLS

/* One literal node input a recipe field may be mapped to. */
typedef struct
{
  char *node;
  char *class_type;
  char *input;
} RushesComfyuiInputChoice;

void  rushes_comfyui_input_choice_free  (RushesComfyuiInputChoice *choice);
/* "6 · EmptyLTXVLatentVideo · width" */
char *rushes_comfyui_input_choice_label (const RushesComfyuiInputChoice *choice);

/* The recipe fields a mapping may name, in display order (NULL-terminated). */
const char * const *rushes_comfyui_mapping_fields (void);

/* The graph of an API-format workflow, or NULL with
 * RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT for an editor ("Save") file and
 * _INVALID for anything else that is not a graph of nodes. */
JsonObject *rushes_comfyui_mapping_parse_graph  (const char  *json,
                                                 gssize       length,
                                                 GError     **error);

/* Every literal (non-link) input of every node, sorted by node id (numbers
 * numerically) then input name; element type RushesComfyuiInputChoice. */
GPtrArray  *rushes_comfyui_mapping_list_choices (JsonObject *graph);

/* A guessed "inputs" object (field → [{node, input}, …]) from class types,
 * input names and links; fields with no plausible input are left out. */
JsonObject *rushes_comfyui_mapping_guess        (JsonObject *graph);

/* The sampler node whose steps drive progress, or NULL. */
char       *rushes_comfyui_mapping_guess_progress_node (JsonObject *graph);

/* A whole mapping file (format 1) as JSON text for name, display_name and
 * inputs (graph file "NAME.json"); loader inputs (*_name ending in a model
 * file) become "models". */
char       *rushes_comfyui_mapping_build        (JsonObject *graph,
                                                 const char *name,
                                                 const char *display_name,
                                                 JsonObject *inputs);

/* Adds one "FIELD=NODE.INPUT" (the command line's --map) to inputs (a
 * field may take several). FALSE with RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,
 * saying what the graph has instead, when the field is not one of
 * rushes_comfyui_mapping_fields(), the node does not exist, or the input is
 * missing or connected to another node. */
gboolean    rushes_comfyui_mapping_add_spec     (JsonObject  *graph,
                                                 JsonObject  *inputs,
                                                 const char  *spec,
                                                 GError     **error);

/* Builds the mapping and saves graph_json (the API-format text graph was
 * parsed from) as the user's workflow name (rushes_comfyui_workflow_import).
 * Refused with nothing written: a name that is not file-name safe or has no
 * prompt input (G_IO_ERROR_INVALID_ARGUMENT), a name a template or an
 * earlier import has (G_IO_ERROR_EXISTS). */
RushesComfyuiWorkflow *rushes_comfyui_mapping_save (const char  *graph_json,
                                                    JsonObject  *graph,
                                                    const char  *name,
                                                    const char  *display_name,
                                                    JsonObject  *inputs,
                                                    GError     **error);

/* A file-name safe workflow name from a file's base name ("My WF (api).json"
 * → "My-WF-api"); never empty. */
char       *rushes_comfyui_mapping_name_from_file (const char *basename);

G_END_DECLS
