/* rushes-comfyui-workflow-private.h: what the workflow's two files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-comfyui-workflow.c checks a graph and its mapping and applies a
 * recipe to them; rushes-comfyui-workflow-files.c reads them from files and
 * templates and saves imported ones.
 */
#pragma once

#include "rushes-comfyui-workflow.h"

G_BEGIN_DECLS

struct _RushesComfyuiWorkflow
{
  GObject parent_instance;

  JsonNode *graph;      /* object: node id → {class_type, inputs} */
  JsonNode *mapping;    /* object, validated */
  char *name;
  char *display_name;
  char *progress_node;
  guint frame_step;
  guint frame_offset;
  guint frame_min;
  guint frame_max;
  guint size_multiple;
  guint size_min;
  guint max_width;
  guint max_height;
  guint max_fps;
  guint max_steps;
  double max_guidance;
  double default_fps;
  GArray *models;       /* RushesComfyuiModelInput, strings borrowed from graph/mapping */
};

/* what: "workflow" or "mapping", for the message */
JsonNode *_rushes_comfyui_workflow_parse         (const char  *json,
                                                  gssize       length,
                                                  const char  *what,
                                                  GError     **error);
/* letters, digits, '-', '_' and '.' (not first), at most 64 */
gboolean  _rushes_comfyui_workflow_is_safe_name  (const char  *name);

G_END_DECLS
