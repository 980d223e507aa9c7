/* rushes-comfyui-workflow.h: an API-format ComfyUI workflow plus the mapping
 * that says which node inputs take the recipe's values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mapping file (JSON, "format": 1):
 *
 *   {
 *     "format": 1,
 *     "name": "ltx-video",                       (file-name safe id)
 *     "display_name": "LTX-Video 2B",
 *     "workflow": "ltx-video.json",              (graph file, next to the mapping)
 *     "inputs": {                                (each: list of {node, input})
 *       "prompt": [...], "negative_prompt": [...], "seed": [...],
 *       "width": [...], "height": [...], "frames": [...], "fps": [...],
 *       "steps": [...], "guidance": [...], "start_image": [...],
 *       "end_image": [...]                       (a workflow without it cannot
 *     },                                          honour an end image)
 *     "progress_node": "9",                      (sampler; weighted most in progress)
 *     "frames": {"step": 8, "offset": 1, "min": 9, "max": 257},   (frames = step·k + offset)
 *     "size": {"multiple": 32, "min": 64, "max_width": 1280, "max_height": 1280},
 *     "fps": {"max": 60}, "max_steps": 100, "max_guidance": 15.0,
 *     "models": [{"node": "1", "input": "ckpt_name"}]   (loader inputs "test connection"
 *                                                  lists; the first takes the recipe's model)
 *   }
 *
 * Only "prompt" is required. Every mapped input must exist in the graph and
 * hold a literal (not a link). Immutable once created: any thread.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "rushes-backend.h"
#include "rushes-recipe.h"

G_BEGIN_DECLS

#define RUSHES_COMFYUI_WORKFLOW_ERROR (rushes_comfyui_workflow_error_quark ())
typedef enum
{
  RUSHES_COMFYUI_WORKFLOW_ERROR_NOT_FOUND,   /* no template of that name */
  RUSHES_COMFYUI_WORKFLOW_ERROR_INVALID,     /* graph or mapping malformed; message says where */
  RUSHES_COMFYUI_WORKFLOW_ERROR_UI_FORMAT,   /* a UI-format workflow, not "Export (API)" */
  RUSHES_COMFYUI_WORKFLOW_ERROR_NEEDS_IMAGE, /* workflow needs a start or end image the recipe
                                                lacks, or takes no end image the recipe has */
} RushesComfyuiWorkflowError;

GQuark rushes_comfyui_workflow_error_quark (void);

typedef struct
{
  const char *node;
  const char *input;
  const char *class_type;
  const char *default_value;  /* the file name the template ships with */
} RushesComfyuiModelInput;

#define RUSHES_TYPE_COMFYUI_WORKFLOW (rushes_comfyui_workflow_get_type ())
G_DECLARE_FINAL_TYPE (RushesComfyuiWorkflow, rushes_comfyui_workflow, RUSHES, COMFYUI_WORKFLOW, GObject)

RushesComfyuiWorkflow *rushes_comfyui_workflow_new            (const char   *graph_json,
                                                                gssize        graph_length,
                                                                const char   *mapping_json,
                                                                gssize        mapping_length,
                                                                GError      **error);
RushesComfyuiWorkflow *rushes_comfyui_workflow_new_from_files (const char   *graph_path,
                                                                const char   *mapping_path,
                                                                GError      **error);
/* Looks in $RUSHES_WORKFLOW_DIR, the user's data dir (rushes/workflows),
 * the installed data dir and the source tree, in that order. */
RushesComfyuiWorkflow *rushes_comfyui_workflow_load_template  (const char   *name,
                                                                GError      **error);
/* Names of all templates found (sorted, no duplicates). */
GStrv                  rushes_comfyui_workflow_list_templates (void);
/* Checks a user's API-format workflow and mapping and saves both into the
 * user's workflow directory (atomic writes); returns the loaded workflow. */
RushesComfyuiWorkflow *rushes_comfyui_workflow_import         (const char   *graph_json,
                                                                const char   *mapping_json,
                                                                GError      **error);

const char   *rushes_comfyui_workflow_get_name          (RushesComfyuiWorkflow *self);
const char   *rushes_comfyui_workflow_get_display_name  (RushesComfyuiWorkflow *self);
RushesFields  rushes_comfyui_workflow_get_fields        (RushesComfyuiWorkflow *self);
gboolean      rushes_comfyui_workflow_needs_start_image (RushesComfyuiWorkflow *self);
/* Whether the mapping names an end image input: only such a workflow can
 * honour a recipe's end image, and it needs one. */
gboolean      rushes_comfyui_workflow_needs_end_image   (RushesComfyuiWorkflow *self);
const char   *rushes_comfyui_workflow_get_progress_node (RushesComfyuiWorkflow *self);
/* Distinct class_type values used by the graph. */
GStrv         rushes_comfyui_workflow_get_node_classes  (RushesComfyuiWorkflow *self);
/* The loader inputs named in "models"; element type RushesComfyuiModelInput. */
GArray       *rushes_comfyui_workflow_get_model_inputs  (RushesComfyuiWorkflow *self);
/* Fills fields, limits and seconds range into caps. */
void          rushes_comfyui_workflow_fill_capabilities (RushesComfyuiWorkflow *self,
                                                         RushesCapabilities    *caps);

/* A model file name as ComfyUI lists them (".safetensors", ".gguf", …,
 * relative, no ".."): only such a recipe "model" replaces the file of the
 * first "models" loader input. */
gboolean      rushes_comfyui_workflow_is_model_file     (const char            *name);
/* Frames for the recipe under the workflow's frame rule. */
guint         rushes_comfyui_workflow_frames_for        (RushesComfyuiWorkflow *self,
                                                         guint                  frames);
/* A new graph (API format) with the recipe's values. A random seed in the
 * recipe is resolved first (so the recipe records it). start_image_name is
 * the server-side name of the uploaded start image, or NULL. notes (may be
 * NULL) receives plain-words remarks on values that were adjusted. */
JsonNode     *rushes_comfyui_workflow_apply             (RushesComfyuiWorkflow *self,
                                                         RushesRecipe          *recipe,
                                                         const char            *start_image_name,
                                                         char                 **notes,
                                                         GError               **error);
/* The same with the server-side name of the uploaded end image too (NULL:
 * none); a workflow with an end image mapping needs one, any other refuses
 * one (RUSHES_COMFYUI_WORKFLOW_ERROR_NEEDS_IMAGE). */
JsonNode     *rushes_comfyui_workflow_apply_images      (RushesComfyuiWorkflow *self,
                                                         RushesRecipe          *recipe,
                                                         const char            *start_image_name,
                                                         const char            *end_image_name,
                                                         char                 **notes,
                                                         GError               **error);

G_END_DECLS
