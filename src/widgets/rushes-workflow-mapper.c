/* rushes-workflow-mapper.c: mapping an imported ComfyUI workflow's inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The graph is small (a few kB); parsing it and writing the two files
 * happen on the main thread like any settings save.
 */
#define G_LOG_DOMAIN "rushes-workflow-mapper"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "rushes-workflow-mapper.h"
#include "rushes-comfyui-mapping.h"

/* one row per rushes_comfyui_mapping_fields () entry (checked in
 * build_rows: a field added there needs a title and a row here) */
#define N_FIELDS 11

struct _RushesWorkflowMapper
{
  AdwWindow parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwEntryRow         *name_row;
  AdwEntryRow         *display_name_row;
  AdwPreferencesGroup *fields_group;
  GtkLabel            *error_label;

  /* owned */
  char       *graph_json;
  JsonObject *graph;
  JsonObject *guess;
  GPtrArray  *choices;           /* RushesComfyuiInputChoice */
  AdwComboRow *rows[N_FIELDS];   /* in rushes_comfyui_mapping_fields () order */
};

G_DEFINE_FINAL_TYPE (RushesWorkflowMapper, rushes_workflow_mapper, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
field_title (const char *field)
{
  static const struct { const char *field; const char *title; } titles[] = {
    { "prompt", N_("Prompt") },
    { "negative_prompt", N_("Negative prompt") },
    { "seed", N_("Seed") },
    { "width", N_("Width") },
    { "height", N_("Height") },
    { "frames", N_("Frames") },
    { "fps", N_("Frame rate") },
    { "steps", N_("Steps") },
    { "guidance", N_("Guidance") },
    { "start_image", N_("Start image") },
    { "end_image", N_("End image") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (g_str_equal (titles[i].field, field))
      return _(titles[i].title);
  return field;
}

static int
field_index (const char *field)
{
  const char * const *fields = rushes_comfyui_mapping_fields ();

  for (int i = 0; fields[i] != NULL && i < N_FIELDS; i++)
    if (g_str_equal (fields[i], field))
      return i;
  return -1;
}

/* index in the combo of the guessed first entry for field, 0 when none */
static guint
guessed_position (RushesWorkflowMapper *self,
                  const char           *field)
{
  JsonArray *list;
  JsonObject *first;

  if (!json_object_has_member (self->guess, field))
    return 0;
  list = json_object_get_array_member (self->guess, field);
  if (json_array_get_length (list) == 0)
    return 0;
  first = json_array_get_object_element (list, 0);
  for (guint i = 0; i < self->choices->len; i++)
    {
      RushesComfyuiInputChoice *c = g_ptr_array_index (self->choices, i);

      if (g_strcmp0 (c->node, json_object_get_string_member_with_default (first, "node", NULL)) == 0
          && g_strcmp0 (c->input, json_object_get_string_member_with_default (first, "input", NULL)) == 0)
        return i + 1;
    }
  return 0;
}

static void
show_error (RushesWorkflowMapper *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static JsonObject *
collect_inputs (RushesWorkflowMapper *self)
{
  const char * const *fields = rushes_comfyui_mapping_fields ();
  JsonObject *inputs = json_object_new ();

  for (guint f = 0; f < N_FIELDS; f++)
    {
      guint pos = adw_combo_row_get_selected (self->rows[f]);
      RushesComfyuiInputChoice *c;
      JsonArray *list;
      JsonObject *entry;

      if (pos == 0 || pos == GTK_INVALID_LIST_POSITION || pos > self->choices->len)
        continue;
      /* the guess may feed several inputs (a frame rate in the conditioning
       * and in the video writer): kept while its first one is chosen */
      if (pos == guessed_position (self, fields[f]))
        {
          json_object_set_member (inputs, fields[f], json_node_copy (json_object_get_member (self->guess, fields[f])));
          continue;
        }
      c = g_ptr_array_index (self->choices, pos - 1);
      list = json_array_new ();
      entry = json_object_new ();
      json_object_set_string_member (entry, "node", c->node);
      json_object_set_string_member (entry, "input", c->input);
      json_array_add_object_element (list, entry);
      json_object_set_array_member (inputs, fields[f], list);
    }
  return inputs;
}

/* saving over a template or an earlier import would lose it */
static gboolean
name_taken (const char *name)
{
  g_auto(GStrv) names = rushes_comfyui_workflow_list_templates ();

  return g_strv_contains ((const char * const *) names, name);
}

RushesComfyuiWorkflow *
rushes_workflow_mapper_save (RushesWorkflowMapper  *self,
                             GError               **error)
{
  g_autoptr(JsonObject) inputs = NULL;
  g_autoptr(RushesComfyuiWorkflow) workflow = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *mapping = NULL;
  g_autofree char *name = NULL;
  const char *display_name;

  g_return_val_if_fail (RUSHES_IS_WORKFLOW_MAPPER (self), NULL);

  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  display_name = gtk_editable_get_text (GTK_EDITABLE (self->display_name_row));
  inputs = collect_inputs (self);

  if (name[0] == '\0')
    g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Give the workflow a name"));
  else if (name_taken (name))
    g_set_error (&local, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _("A workflow named “%s” already exists; choose another name"), name);
  else if (!json_object_has_member (inputs, "prompt"))
    g_set_error_literal (&local, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Choose the input that takes the prompt"));
  else
    {
      mapping = rushes_comfyui_mapping_build (self->graph, name, display_name, inputs);
      workflow = rushes_comfyui_workflow_import (self->graph_json, mapping, &local);
    }

  if (workflow == NULL)
    {
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, rushes_comfyui_workflow_get_name (workflow));
  return g_steal_pointer (&workflow);
}

static void
save_clicked_cb (RushesWorkflowMapper *self)
{
  g_autoptr(RushesComfyuiWorkflow) workflow = rushes_workflow_mapper_save (self, NULL);

  if (workflow != NULL)
    gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_clicked_cb (RushesWorkflowMapper *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

AdwComboRow *
rushes_workflow_mapper_get_field_row (RushesWorkflowMapper *self,
                                      const char           *field)
{
  int i;

  g_return_val_if_fail (RUSHES_IS_WORKFLOW_MAPPER (self), NULL);
  i = field_index (field);
  return i >= 0 ? self->rows[i] : NULL;
}

void
rushes_workflow_mapper_set_name (RushesWorkflowMapper *self,
                                 const char           *name)
{
  g_return_if_fail (RUSHES_IS_WORKFLOW_MAPPER (self));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name ? name : "");
}

static void
build_rows (RushesWorkflowMapper *self)
{
  const char * const *fields = rushes_comfyui_mapping_fields ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_string_list_append (labels, _("Not used"));
  for (guint i = 0; i < self->choices->len; i++)
    {
      g_autofree char *label = rushes_comfyui_input_choice_label (g_ptr_array_index (self->choices, i));

      gtk_string_list_append (labels, label);
    }

  g_warn_if_fail (g_strv_length ((char **) fields) == N_FIELDS);
  for (guint f = 0; f < N_FIELDS && fields[f] != NULL; f++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_title (fields[f]));
      adw_combo_row_set_model (row, G_LIST_MODEL (labels));
      adw_combo_row_set_selected (row, guessed_position (self, fields[f]));
      adw_preferences_group_add (self->fields_group, GTK_WIDGET (row));
      self->rows[f] = row;
    }
}

RushesWorkflowMapper *
rushes_workflow_mapper_new (const char  *graph_json,
                            const char  *file_name,
                            GError     **error)
{
  g_autoptr(JsonObject) graph = NULL;
  RushesWorkflowMapper *self;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;

  graph = rushes_comfyui_mapping_parse_graph (graph_json, -1, error);
  if (graph == NULL)
    return NULL;

  self = g_object_new (RUSHES_TYPE_WORKFLOW_MAPPER, NULL);
  self->graph_json = g_strdup (graph_json);
  self->graph = g_steal_pointer (&graph);
  self->guess = rushes_comfyui_mapping_guess (self->graph);
  self->choices = rushes_comfyui_mapping_list_choices (self->graph);
  build_rows (self);

  base = file_name ? g_path_get_basename (file_name) : g_strdup ("workflow");
  name = rushes_comfyui_mapping_name_from_file (base);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->display_name_row), name);
  return self;
}

static void
rushes_workflow_mapper_finalize (GObject *object)
{
  RushesWorkflowMapper *self = RUSHES_WORKFLOW_MAPPER (object);

  g_free (self->graph_json);
  g_clear_pointer (&self->graph, json_object_unref);
  g_clear_pointer (&self->guess, json_object_unref);
  g_clear_pointer (&self->choices, g_ptr_array_unref);

  G_OBJECT_CLASS (rushes_workflow_mapper_parent_class)->finalize (object);
}

static void
rushes_workflow_mapper_class_init (RushesWorkflowMapperClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = rushes_workflow_mapper_finalize;

  /**
   * RushesWorkflowMapper::saved:
   * @name: the saved workflow's name (a backend's "workflow")
   */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-workflow-mapper.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesWorkflowMapper, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RushesWorkflowMapper, name_row);
  gtk_widget_class_bind_template_child (widget_class, RushesWorkflowMapper, display_name_row);
  gtk_widget_class_bind_template_child (widget_class, RushesWorkflowMapper, fields_group);
  gtk_widget_class_bind_template_child (widget_class, RushesWorkflowMapper, error_label);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
}

static void
rushes_workflow_mapper_init (RushesWorkflowMapper *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
