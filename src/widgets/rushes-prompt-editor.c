/* rushes-prompt-editor.c: prompt and negative prompt, with the prompt history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history is walked like a shell's: Alt+Up goes to older prompts, Alt+Down
 * to newer ones and finally back to what the user had typed (the draft). The
 * history popover filters the same list by a search string.
 */
#define G_LOG_DOMAIN "rushes-prompt-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-application.h"
#include "rushes-prompt-editor.h"

struct _RushesPromptEditor
{
  GtkWidget       parent_instance;

  /* template widgets */
  GtkTextView    *prompt_view;
  GtkTextView    *negative_view;
  GtkWidget      *placeholder;
  GtkWidget      *negative_box;
  GtkMenuButton  *history_button;
  GtkSearchEntry *history_search;
  GtkListView    *history_list;
  GtkStack       *history_stack;

  /* owned */
  GListModel        *history;
  GtkMapListModel   *mapped;    /* history as GtkStringObjects */
  GtkFilterListModel *filtered;
  GtkStringFilter   *filter;
  GtkSingleSelection *selection;
  char              *prompt;
  char              *negative_prompt;
  char              *draft;
  int                position;
  gboolean           walking;   /* set while the history sets the text */
  gboolean           show_negative;
};

G_DEFINE_FINAL_TYPE (RushesPromptEditor, rushes_prompt_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROMPT,
  PROP_NEGATIVE_PROMPT,
  PROP_SHOW_NEGATIVE,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

int
rushes_prompt_history_next_position (int   position,
                                     guint n_items,
                                     int   direction)
{
  int next;

  if (n_items == 0)
    return -1;
  if (position < -1)
    position = -1;
  if (position >= (int) n_items)
    position = (int) n_items - 1;

  next = position + (direction > 0 ? 1 : -1);
  if (next < -1)
    return -1;
  if (next >= (int) n_items)
    return (int) n_items - 1;
  return next;
}

/* The text of one history item, whatever the item's type. */
static char *
rushes_prompt_editor_item_text (gpointer item)
{
  GParamSpec *pspec;
  char *text = NULL;

  if (GTK_IS_STRING_OBJECT (item))
    return g_strdup (gtk_string_object_get_string (item));

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "text");
  if (pspec == NULL)
    pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "prompt");
  if (pspec == NULL)
    pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (item), "string");
  if (pspec != NULL && pspec->value_type == G_TYPE_STRING)
    g_object_get (item, pspec->name, &text, NULL);

  return text;
}

static char *
rushes_prompt_editor_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
rushes_prompt_editor_prompt_changed_cb (RushesPromptEditor *self,
                                        GtkTextBuffer      *buffer)
{
  g_free (self->prompt);
  self->prompt = rushes_prompt_editor_buffer_text (self->prompt_view);
  gtk_widget_set_visible (self->placeholder, self->prompt[0] == '\0');

  /* The user typed: they are editing their own draft again. */
  if (!self->walking)
    {
      self->position = -1;
      g_clear_pointer (&self->draft, g_free);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

static void
rushes_prompt_editor_negative_changed_cb (RushesPromptEditor *self,
                                          GtkTextBuffer      *buffer)
{
  g_free (self->negative_prompt);
  self->negative_prompt = rushes_prompt_editor_buffer_text (self->negative_view);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEGATIVE_PROMPT]);
}

static void
rushes_prompt_editor_set_text_walking (RushesPromptEditor *self,
                                       const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter end;

  self->walking = TRUE;
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  self->walking = FALSE;
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
}

gboolean
rushes_prompt_editor_history_step (RushesPromptEditor *self,
                                   int                 direction)
{
  guint n_items;
  int next;

  g_return_val_if_fail (RUSHES_IS_PROMPT_EDITOR (self), FALSE);

  n_items = self->history != NULL ? g_list_model_get_n_items (self->history) : 0;
  next = rushes_prompt_history_next_position (self->position, n_items, direction);
  if (next == self->position)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  if (self->position == -1)
    {
      g_free (self->draft);
      self->draft = g_strdup (self->prompt);
    }

  self->position = next;
  if (next == -1)
    {
      g_autofree char *draft = g_steal_pointer (&self->draft);
      rushes_prompt_editor_set_text_walking (self, draft);
    }
  else
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->history, next);
      g_autofree char *text = rushes_prompt_editor_item_text (item);
      rushes_prompt_editor_set_text_walking (self, text);
    }

  return TRUE;
}

static void
rushes_prompt_editor_history_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *param)
{
  RushesPromptEditor *self = RUSHES_PROMPT_EDITOR (widget);

  if (g_str_equal (action_name, "prompt.history-older"))
    rushes_prompt_editor_history_step (self, 1);
  else if (g_str_equal (action_name, "prompt.history-newer"))
    rushes_prompt_editor_history_step (self, -1);
  else if (g_str_equal (action_name, "prompt.show-history"))
    gtk_menu_button_popup (self->history_button);
}

static void
rushes_prompt_editor_history_activate_cb (RushesPromptEditor *self,
                                          guint               position,
                                          GtkListView        *list)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  text = rushes_prompt_editor_item_text (item);
  rushes_prompt_editor_set_prompt (self, text);
  gtk_menu_button_popdown (self->history_button);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

static void
rushes_prompt_editor_search_activate_cb (RushesPromptEditor *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    rushes_prompt_editor_history_activate_cb (self, 0, self->history_list);
}

static void
rushes_prompt_editor_update_history_stack (RushesPromptEditor *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_stack_set_visible_child_name (self->history_stack, empty ? "empty" : "list");
}

static gpointer
rushes_prompt_editor_map_item (gpointer item,
                               gpointer user_data)
{
  g_autofree char *text = rushes_prompt_editor_item_text (item);
  GtkStringObject *object = gtk_string_object_new (text != NULL ? text : "");

  g_object_unref (item);
  return object;
}

static void
rushes_prompt_editor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RushesPromptEditor *self = RUSHES_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      g_value_set_string (value, self->prompt);
      break;
    case PROP_NEGATIVE_PROMPT:
      g_value_set_string (value, self->negative_prompt);
      break;
    case PROP_SHOW_NEGATIVE:
      g_value_set_boolean (value, self->show_negative);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_prompt_editor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RushesPromptEditor *self = RUSHES_PROMPT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_PROMPT:
      rushes_prompt_editor_set_prompt (self, g_value_get_string (value));
      break;
    case PROP_NEGATIVE_PROMPT:
      rushes_prompt_editor_set_negative_prompt (self, g_value_get_string (value));
      break;
    case PROP_SHOW_NEGATIVE:
      rushes_prompt_editor_set_show_negative (self, g_value_get_boolean (value));
      break;
    case PROP_HISTORY:
      rushes_prompt_editor_set_history (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_prompt_editor_dispose (GObject *object)
{
  RushesPromptEditor *self = RUSHES_PROMPT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_PROMPT_EDITOR);
  /* the template's root box is not a bound child */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
       child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->mapped);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (rushes_prompt_editor_parent_class)->dispose (object);
}

static void
rushes_prompt_editor_finalize (GObject *object)
{
  RushesPromptEditor *self = RUSHES_PROMPT_EDITOR (object);

  g_free (self->prompt);
  g_free (self->negative_prompt);
  g_free (self->draft);

  G_OBJECT_CLASS (rushes_prompt_editor_parent_class)->finalize (object);
}

static void
rushes_prompt_editor_class_init (RushesPromptEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rushes_prompt_editor_get_property;
  object_class->set_property = rushes_prompt_editor_set_property;
  object_class->dispose = rushes_prompt_editor_dispose;
  object_class->finalize = rushes_prompt_editor_finalize;

  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NEGATIVE_PROMPT] =
    g_param_spec_string ("negative-prompt", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_NEGATIVE] =
    g_param_spec_boolean ("show-negative", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "prompteditor");
  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-prompt-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, negative_view);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, placeholder);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, negative_box);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, history_button);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, history_search);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, history_list);
  gtk_widget_class_bind_template_child (widget_class, RushesPromptEditor, history_stack);
  gtk_widget_class_bind_template_callback (widget_class, rushes_prompt_editor_history_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, rushes_prompt_editor_search_activate_cb);

  gtk_widget_class_install_action (widget_class, "prompt.history-older", NULL, rushes_prompt_editor_history_action);
  gtk_widget_class_install_action (widget_class, "prompt.history-newer", NULL, rushes_prompt_editor_history_action);
  gtk_widget_class_install_action (widget_class, "prompt.show-history", NULL, rushes_prompt_editor_history_action);
}

static void
rushes_prompt_editor_init (RushesPromptEditor *self)
{
  GtkEventController *shortcuts;
  GtkExpression *expression;

  self->position = -1;
  self->prompt = g_strdup ("");
  self->negative_prompt = g_strdup ("");
  self->show_negative = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture phase: the text views would otherwise eat these keys. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Up, GDK_ALT_MASK),
                                                          gtk_named_action_new ("prompt.history-older")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Down, GDK_ALT_MASK),
                                                          gtk_named_action_new ("prompt.history-newer")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_h, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("prompt.show-history")));
  /* Ctrl+Enter must generate even while typing in the prompt. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("win.generate")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (rushes_prompt_editor_prompt_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->negative_view), "changed",
                           G_CALLBACK (rushes_prompt_editor_negative_changed_cb), self, G_CONNECT_SWAPPED);

  expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");
  self->filter = gtk_string_filter_new (expression);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  g_object_bind_property (self->history_search, "text", self->filter, "search", G_BINDING_SYNC_CREATE);

  self->mapped = gtk_map_list_model_new (NULL, rushes_prompt_editor_map_item, NULL, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->mapped)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->history_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->filtered, "items-changed",
                           G_CALLBACK (rushes_prompt_editor_update_history_stack), self, G_CONNECT_SWAPPED);
  rushes_prompt_editor_update_history_stack (self);
}

RushesPromptEditor *
rushes_prompt_editor_new (void)
{
  return g_object_new (RUSHES_TYPE_PROMPT_EDITOR, NULL);
}

const char *
rushes_prompt_editor_get_prompt (RushesPromptEditor *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_EDITOR (self), NULL);

  return self->prompt;
}

void
rushes_prompt_editor_set_prompt (RushesPromptEditor *self,
                                 const char         *prompt)
{
  g_return_if_fail (RUSHES_IS_PROMPT_EDITOR (self));

  if (g_strcmp0 (prompt != NULL ? prompt : "", self->prompt) == 0)
    return;
  /* notifies through the buffer's "changed" */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view),
                            prompt != NULL ? prompt : "", -1);
}

const char *
rushes_prompt_editor_get_negative_prompt (RushesPromptEditor *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_EDITOR (self), NULL);

  return self->negative_prompt;
}

void
rushes_prompt_editor_set_negative_prompt (RushesPromptEditor *self,
                                          const char         *negative_prompt)
{
  g_return_if_fail (RUSHES_IS_PROMPT_EDITOR (self));

  if (g_strcmp0 (negative_prompt != NULL ? negative_prompt : "", self->negative_prompt) == 0)
    return;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->negative_view),
                            negative_prompt != NULL ? negative_prompt : "", -1);
}

gboolean
rushes_prompt_editor_get_show_negative (RushesPromptEditor *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_EDITOR (self), FALSE);

  return self->show_negative;
}

void
rushes_prompt_editor_set_show_negative (RushesPromptEditor *self,
                                        gboolean            show)
{
  g_return_if_fail (RUSHES_IS_PROMPT_EDITOR (self));

  show = !!show;
  if (self->show_negative == show)
    return;
  self->show_negative = show;
  gtk_widget_set_visible (self->negative_box, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_NEGATIVE]);
}

GListModel *
rushes_prompt_editor_get_history (RushesPromptEditor *self)
{
  g_return_val_if_fail (RUSHES_IS_PROMPT_EDITOR (self), NULL);

  return self->history;
}

void
rushes_prompt_editor_set_history (RushesPromptEditor *self,
                                  GListModel         *history)
{
  g_return_if_fail (RUSHES_IS_PROMPT_EDITOR (self));
  g_return_if_fail (history == NULL || G_IS_LIST_MODEL (history));

  if (!g_set_object (&self->history, history))
    return;
  self->position = -1;
  g_clear_pointer (&self->draft, g_free);
  gtk_map_list_model_set_model (self->mapped, history);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

void
rushes_prompt_editor_grab_prompt_focus (RushesPromptEditor *self)
{
  g_return_if_fail (RUSHES_IS_PROMPT_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}
