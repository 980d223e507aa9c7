/* rushes-comfyui-errors.c: ComfyUI's errors in plain words: a rejected
 * workflow (POST /prompt answering 400) and a node failing while it runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-comfyui"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-comfyui-backend-private.h"

/* When ComfyUI gained the video nodes Rushes' workflows use (from its git
 * history; the month is approximate for the model families). */
static const struct
{
  const char *prefix;   /* class names starting with it */
  const char *since;
} core_nodes[] = {
  { "CreateVideo", "2025-04" },
  { "SaveVideo", "2025-04" },
  { "LoadVideo", "2025-04" },
  { "GetVideoComponents", "2025-04" },
  { "WanImageToVideo", "2025-02" },
  { "EmptyHunyuanLatentVideo", "2024-12" },
  { "EmptyLTXVLatentVideo", "2024-11" },
  { "LTXV", "2024-11" },
  { "ModelSamplingLTXV", "2024-11" },
  { "EmptyMochiLatentVideo", "2024-11" },
};

const char *
_rushes_comfyui_core_node_since (const char *class_type)
{
  for (guint i = 0; class_type != NULL && i < G_N_ELEMENTS (core_nodes); i++)
    if (g_str_has_prefix (class_type, core_nodes[i].prefix))
      return core_nodes[i].since;
  return NULL;
}

/* The first core node class named in an invalid_prompt text ("… node
 * LTXVScheduler does not exist"), or NULL. */
static char *
core_node_in (const char *text)
{
  g_auto(GStrv) words = g_regex_split_simple ("[^A-Za-z0-9_]+", text ? text : "", 0, 0);

  for (guint i = 0; words[i] != NULL; i++)
    if (_rushes_comfyui_core_node_since (words[i]) != NULL)
      return g_strdup (words[i]);
  return NULL;
}

static gboolean
is_model_input (const char *input)
{
  return input != NULL
         && (g_str_has_suffix (input, "_name") || g_str_has_prefix (input, "clip_name")
             || strcmp (input, "model") == 0);
}

char *
rushes_comfyui_describe_prompt_error (JsonNode *answer)
{
  GString *text = g_string_new (NULL);
  JsonObject *root, *err = NULL, *node_errors = NULL;
  g_autoptr(GList) ids = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return g_strdup (_("The server rejected the workflow"));

  root = json_node_get_object (answer);
  if (json_object_has_member (root, "error") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "error")))
    err = json_object_get_object_member (root, "error");
  if (json_object_has_member (root, "node_errors") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "node_errors")))
    node_errors = json_object_get_object_member (root, "node_errors");

  if (node_errors != NULL)
    ids = json_object_get_members (node_errors);

  for (GList *l = ids; l; l = l->next)
    {
      JsonNode *ne = json_object_get_member (node_errors, l->data);
      JsonObject *neo;
      const char *cls;
      JsonArray *errors;

      if (!JSON_NODE_HOLDS_OBJECT (ne))
        continue;
      neo = json_node_get_object (ne);
      cls = json_object_get_string_member_with_default (neo, "class_type", "?");
      if (!json_object_has_member (neo, "errors") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (neo, "errors")))
        continue;
      errors = json_object_get_array_member (neo, "errors");
      for (guint i = 0; i < json_array_get_length (errors); i++)
        {
          JsonObject *e = JSON_NODE_HOLDS_OBJECT (json_array_get_element (errors, i))
                          ? json_array_get_object_element (errors, i) : NULL;
          JsonObject *extra;
          const char *type, *input = NULL, *received = NULL;

          if (e == NULL)
            continue;
          type = json_object_get_string_member_with_default (e, "type", "");
          extra = json_object_has_member (e, "extra_info") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (e, "extra_info"))
                  ? json_object_get_object_member (e, "extra_info") : NULL;
          if (extra != NULL)
            {
              JsonNode *rv = json_object_get_member (extra, "received_value");
              input = json_object_get_string_member_with_default (extra, "input_name", NULL);
              if (rv != NULL && JSON_NODE_HOLDS_VALUE (rv) && json_node_get_value_type (rv) == G_TYPE_STRING)
                received = json_node_get_string (rv);
            }

          if (text->len > 0)
            g_string_append (text, " ");
          if (strcmp (type, "value_not_in_list") == 0 && is_model_input (input) && received != NULL)
            g_string_append_printf (text,
                                    _("The model file “%s” is not on the server (node %s, %s: %s). Put it into the server’s models folder or choose another workflow."),
                                    received, (const char *) l->data, cls, input);
          else
            g_string_append_printf (text, _("Node %s (%s): %s%s%s."),
                                    (const char *) l->data, cls,
                                    json_object_get_string_member_with_default (e, "message", type),
                                    json_object_get_string_member_with_default (e, "details", NULL) ? ": " : "",
                                    json_object_get_string_member_with_default (e, "details", ""));
        }
    }

  if (text->len == 0 && err != NULL)
    {
      const char *type = json_object_get_string_member_with_default (err, "type", "");
      const char *message = json_object_get_string_member_with_default (err, "message", "");
      const char *details = json_object_get_string_member_with_default (err, "details", "");
      g_autofree char *core = NULL;

      if (strcmp (type, "invalid_prompt") == 0)
        core = core_node_in (message);

      if (core != NULL)
        g_string_append_printf (text, _("This ComfyUI server is too old for the workflow: it lacks %s, part of ComfyUI since %s. Update ComfyUI. (%s)"),
                                core, _rushes_comfyui_core_node_since (core), message);
      else if (strcmp (type, "invalid_prompt") == 0)
        g_string_append_printf (text, _("The server cannot run this workflow: %s%s%s (a custom node may be missing on the server)."),
                                message, *details ? " " : "", details);
      else if (strcmp (type, "prompt_no_outputs") == 0)
        g_string_append (text, _("The workflow has no output node (such as SaveVideo)."));
      else
        g_string_append_printf (text, "%s%s%s", message, *details ? ": " : "", details);
    }

  if (text->len == 0)
    g_string_append (text, _("The server rejected the workflow"));
  return g_string_free (text, FALSE);
}

char *
rushes_comfyui_describe_execution_error (JsonObject *data)
{
  const char *node = json_object_get_string_member_with_default (data, "node_id", "?");
  const char *type = json_object_get_string_member_with_default (data, "node_type", "?");
  const char *message = json_object_get_string_member_with_default (data, "exception_message", NULL);
  const char *exc = json_object_get_string_member_with_default (data, "exception_type", "");
  g_autofree char *first = NULL;

  if (message == NULL || *message == '\0')
    message = exc;
  first = g_strstrip (g_strdup (message));
  if (g_utf8_strlen (first, -1) > 400)
    {
      char *cut = g_utf8_substring (first, 0, 400);
      g_free (first);
      first = g_strconcat (cut, "…", NULL);
      g_free (cut);
    }
  if (strstr (exc, "OutOfMemory") != NULL || strstr (first, "out of memory") != NULL)
    return g_strdup_printf (_("The server ran out of GPU memory in node %s (%s). Try a smaller size or fewer frames. %s"),
                            node, type, first);
  return g_strdup_printf (_("Node %s (%s) failed on the server: %s"), node, type, first);
}
