/* rushes-contact-sheet-view.c: the takes of a sweep playing side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GtkFlowBox of cells (a picture of the contact player's cell, the
 * take's label, its rating) as many to a row as make a square. Its keys
 * are taken before the flow box's own in the capture phase (Space would
 * activate a cell there); Return and the arrows stay the flow box's.
 */
#define G_LOG_DOMAIN "rushes-contact-sheet-view"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "rushes-contact-sheet.h"
#include "rushes-contact-sheet-view.h"

struct _RushesContactSheetView
{
  GtkWidget            parent_instance;

  /* template widgets */
  GtkLabel            *title_label;
  GtkLabel            *note_label;
  GtkButton           *play_button;
  GtkFlowBox          *grid;

  /* owned */
  RushesContactPlayer *player;
  GPtrArray           *takes;      /* RushesTake, one per cell */
  GPtrArray           *labels;     /* char *, one per cell */
  gboolean             exporting;
};

G_DEFINE_FINAL_TYPE (RushesContactSheetView, rushes_contact_sheet_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_EXPORTING,
  N_PROPS
};

enum
{
  SIGNAL_TAKE_ACTIVATED,
  SIGNAL_CULL,
  SIGNAL_BACK,
  SIGNAL_MESSAGE,
  N_SIGNALS
};

static GParamSpec *props[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- cells ----------------------------------------------------------------- */

/* "★★★", "Rejected", or nothing for an unrated take */
static void
rushes_contact_sheet_view_show_rating (RushesTake *take,
                                       GParamSpec *pspec,
                                       GtkLabel   *label)
{
  static const char * const stars[RUSHES_TAKE_MAX_RATING + 1] = { "", "★", "★★", "★★★", "★★★★", "★★★★★" };
  guint rating = MIN (rushes_take_get_rating (take), RUSHES_TAKE_MAX_RATING);

  if (rushes_take_get_rejected (take))
    gtk_label_set_label (label, _("Rejected"));
  else
    gtk_label_set_label (label, stars[rating]);
}

static GtkWidget *
rushes_contact_sheet_view_make_cell (RushesContactSheetView *self,
                                     guint                   index)
{
  RushesTake *take = g_ptr_array_index (self->takes, index);
  const char *text = g_ptr_array_index (self->labels, index);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *picture = gtk_picture_new_for_paintable (rushes_contact_player_get_paintable (self->player, index));
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *rating = gtk_label_new (NULL);

  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, 160, 90);
  gtk_widget_set_vexpand (picture, TRUE);
  gtk_widget_add_css_class (picture, "contact-cell-picture");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_tooltip_text (label, rushes_take_get_title (take));
  gtk_widget_add_css_class (rating, "caption");
  gtk_widget_add_css_class (rating, "dim-label");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), rating);
  rushes_contact_sheet_view_show_rating (take, NULL, GTK_LABEL (rating));
  g_signal_connect_object (take, "notify::rating", G_CALLBACK (rushes_contact_sheet_view_show_rating), rating, 0);
  g_signal_connect_object (take, "notify::rejected", G_CALLBACK (rushes_contact_sheet_view_show_rating), rating, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return box;
}

static void
rushes_contact_sheet_view_playing_cb (RushesContactSheetView *self)
{
  gboolean playing = self->player != NULL && rushes_contact_player_get_playing (self->player);

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
}

static void
rushes_contact_sheet_view_error_cb (RushesContactSheetView *self)
{
  const char *message = rushes_contact_player_get_error_message (self->player);

  if (message == NULL)
    return;
  gtk_label_set_label (self->note_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
}

void
rushes_contact_sheet_view_clear (RushesContactSheetView *self)
{
  GtkWidget *cell;

  g_return_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self));

  while ((cell = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_flow_box_remove (self->grid, cell);
  if (self->player != NULL)
    g_signal_handlers_disconnect_by_data (self->player, self);
  g_clear_object (&self->player);
  g_ptr_array_set_size (self->takes, 0);
  g_ptr_array_set_size (self->labels, 0);
}

void
rushes_contact_sheet_view_set_takes (RushesContactSheetView *self,
                                     GPtrArray              *takes,
                                     const char             *title,
                                     const char             *note)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  guint columns;

  g_return_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self));
  g_return_if_fail (takes != NULL && takes->len > 0);

  rushes_contact_sheet_view_clear (self);
  for (guint i = 0; i < takes->len; i++)
    {
      RushesTake *take = g_ptr_array_index (takes, i);

      g_ptr_array_add (self->takes, g_object_ref (take));
      g_ptr_array_add (self->labels, rushes_contact_sheet_label_for_take (take));
      g_ptr_array_add (paths, (gpointer) rushes_take_get_path (take));
    }
  g_ptr_array_add (paths, NULL);

  self->player = rushes_contact_player_new ((const char * const *) paths->pdata);
  g_signal_connect_object (self->player, "notify::playing",
                           G_CALLBACK (rushes_contact_sheet_view_playing_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->player, "notify::error-message",
                           G_CALLBACK (rushes_contact_sheet_view_error_cb), self, G_CONNECT_SWAPPED);

  /* as square as it gets: 2 × 2 for four, 4 × 4 for sixteen */
  columns = (guint) ceil (sqrt (takes->len));
  gtk_flow_box_set_min_children_per_line (self->grid, columns);
  gtk_flow_box_set_max_children_per_line (self->grid, columns);
  for (guint i = 0; i < takes->len; i++)
    gtk_flow_box_append (self->grid, rushes_contact_sheet_view_make_cell (self, i));

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->note_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
  rushes_contact_sheet_view_error_cb (self);
  rushes_contact_player_play (self->player);
  rushes_contact_sheet_view_playing_cb (self);
}

/* ---- export ------------------------------------------------------------------ */

typedef struct
{
  GStrv paths;
  GStrv labels;
  char *output;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_strfreev (job->paths);
  g_strfreev (job->labels);
  g_free (job->output);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ExportJob *job = data;
  GError *error = NULL;

  if (rushes_contact_sheet_write ((const char * const *) job->paths, (const char * const *) job->labels,
                                  job->output, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_filename_display_basename (job->output);
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Contact sheet saved as “%s”"), name);
  else
    message = g_strdup_printf (_("Could not save the contact sheet “%s”: %s"), name, error->message);
  self->exporting = FALSE;
  g_object_notify_by_pspec (object, props[PROP_EXPORTING]);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, message);
}

void
rushes_contact_sheet_view_export_to (RushesContactSheetView *self,
                                     const char             *path)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  ExportJob *job;

  g_return_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self));
  g_return_if_fail (path != NULL);

  if (self->takes->len == 0)
    return;
  if (self->exporting)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("The contact sheet is being saved already"));
      return;
    }
  for (guint i = 0; i < self->takes->len; i++)
    {
      g_strv_builder_add (paths, rushes_take_get_path (g_ptr_array_index (self->takes, i)));
      g_strv_builder_add (labels, g_ptr_array_index (self->labels, i));
    }
  job = g_new0 (ExportJob, 1);
  job->paths = g_strv_builder_end (paths);
  job->labels = g_strv_builder_end (labels);
  job->output = g_strdup (path);
  self->exporting = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EXPORTING]);
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, _("Saving the contact sheet…"));

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response_cb (GtkNativeDialog        *dialog,
                    int                     response,
                    RushesContactSheetView *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  const char *suffix = g_object_get_data (G_OBJECT (dialog), "suffix");
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      g_autofree char *named = g_str_has_suffix (path, suffix) ? g_strdup (path) : g_strconcat (path, suffix, NULL);

      rushes_contact_sheet_view_export_to (self, named);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
rushes_contact_sheet_view_export_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (widget);
  gboolean video = g_strcmp0 (g_variant_get_string (param, NULL), "webm") == 0;
  GtkFileChooserNative *dialog;

  if (self->takes->len == 0)
    return;
  dialog = gtk_file_chooser_native_new (video ? _("Save the Contact Sheet as a Video")
                                              : _("Save the Contact Sheet as an Image"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* TRANSLATORS: the file name offered for a contact sheet */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), video ? _("contact-sheet.webm")
                                                                      : _("contact-sheet.png"));
  g_object_set_data (G_OBJECT (dialog), "suffix", (gpointer) (video ? ".webm" : ".png"));
  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- keys and actions ---------------------------------------------------------- */

static void
rushes_contact_sheet_view_toggle_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *param)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (widget);

  if (self->player != NULL)
    rushes_contact_player_toggle (self->player);
}

static void
rushes_contact_sheet_view_back_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static gboolean
rushes_contact_sheet_view_cull_cb (GtkWidget *widget,
                                   GVariant  *args,
                                   gpointer   user_data)
{
  RushesContactSheetView *self = user_data;
  RushesTake *take = rushes_contact_sheet_view_get_focused_take (self);
  guint kind, value;

  if (take == NULL)
    return FALSE;
  g_variant_get (args, "(uu)", &kind, &value);
  g_signal_emit (self, signals[SIGNAL_CULL], 0, take, kind, value);
  return TRUE;
}

static void
rushes_contact_sheet_view_child_activated_cb (RushesContactSheetView *self,
                                              GtkFlowBoxChild        *child)
{
  int index = gtk_flow_box_child_get_index (child);

  if (index >= 0 && (guint) index < self->takes->len)
    g_signal_emit (self, signals[SIGNAL_TAKE_ACTIVATED], 0, g_ptr_array_index (self->takes, index));
}

static void
add_cull_key (GtkShortcutController *keys,
              guint                  keyval,
              RushesSheetCull        kind,
              guint                  value,
              gpointer               self)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                            gtk_callback_action_new (rushes_contact_sheet_view_cull_cb, self, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new ("(uu)", kind, value));
  gtk_shortcut_controller_add_shortcut (keys, shortcut);
}

static void
rushes_contact_sheet_view_add_keys (RushesContactSheetView *self)
{
  GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  /* before the flow box, whose Space activates a cell */
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (keys), GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                                gtk_named_action_new ("sheet.toggle")));
  for (guint i = 0; i <= RUSHES_TAKE_MAX_RATING; i++)
    add_cull_key (keys, GDK_KEY_0 + i, RUSHES_SHEET_CULL_RATING, i, self);
  add_cull_key (keys, GDK_KEY_x, RUSHES_SHEET_CULL_REJECT, 0, self);
  add_cull_key (keys, GDK_KEY_u, RUSHES_SHEET_CULL_CLEAR, 0, self);
  gtk_widget_add_controller (GTK_WIDGET (self->grid), GTK_EVENT_CONTROLLER (keys));
}

/* Keys the review area's player takes in the capture phase (Space, the
 * arrows): taken before it, on ancestor, while the focus is in the sheet.
 * The argument: 0 plays or pauses, else the cells to move by (a row is
 * ROW cells, the ends END). */
#define ROW 100
#define END 10000
static gboolean
rushes_contact_sheet_view_review_key_cb (GtkWidget *widget,
                                         GVariant  *args,
                                         gpointer   user_data)
{
  RushesContactSheetView *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkFlowBoxChild *target;
  int move = g_variant_get_int32 (args);
  int columns = (int) MAX (1, gtk_flow_box_get_max_children_per_line (self->grid));
  int n = (int) self->takes->len;
  int index = 0;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->grid)) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)) || n == 0)
    return FALSE;
  if (move == 0)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "sheet.toggle", NULL);
      return TRUE;
    }
  focus = gtk_widget_get_focus_child (GTK_WIDGET (self->grid));
  if (GTK_IS_FLOW_BOX_CHILD (focus))
    index = gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (focus));
  if (ABS (move) >= END)
    index = move < 0 ? 0 : n - 1;
  else if (ABS (move) >= ROW)
    index += move / ROW * columns;
  else
    index += move;
  target = gtk_flow_box_get_child_at_index (self->grid, CLAMP (index, 0, n - 1));
  gtk_flow_box_select_child (self->grid, target);
  gtk_widget_grab_focus (GTK_WIDGET (target));
  return TRUE;
}

void
rushes_contact_sheet_view_add_keys_to (RushesContactSheetView *self,
                                       GtkWidget              *ancestor)
{
  static const struct { guint keyval; int move; } keys[] = {
    { GDK_KEY_space, 0 },
    { GDK_KEY_Left, -1 },
    { GDK_KEY_Right, 1 },
    { GDK_KEY_Up, -ROW },
    { GDK_KEY_Down, ROW },
    { GDK_KEY_Home, -END },
    { GDK_KEY_End, END },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  g_return_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self));

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].keyval, 0),
                                                gtk_callback_action_new (rushes_contact_sheet_view_review_key_cb,
                                                                         self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (keys[i].move));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (ancestor, controller);
}

/* ---- the class ------------------------------------------------------------------ */

/* the focus goes to the first cell, where the keys work */
static gboolean
rushes_contact_sheet_view_grab_focus (GtkWidget *widget)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (widget);
  GtkFlowBoxChild *first = gtk_flow_box_get_child_at_index (self->grid, 0);

  return first != NULL ? gtk_widget_grab_focus (GTK_WIDGET (first)) : gtk_widget_grab_focus (GTK_WIDGET (self->grid));
}

static void
rushes_contact_sheet_view_dispose (GObject *object)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (object);
  GtkWidget *child;

  if (self->takes != NULL)
    rushes_contact_sheet_view_clear (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_CONTACT_SHEET_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->takes, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  G_OBJECT_CLASS (rushes_contact_sheet_view_parent_class)->dispose (object);
}

static void
rushes_contact_sheet_view_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  RushesContactSheetView *self = RUSHES_CONTACT_SHEET_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPORTING:
      g_value_set_boolean (value, self->exporting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_contact_sheet_view_class_init (RushesContactSheetViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rushes_contact_sheet_view_dispose;
  object_class->get_property = rushes_contact_sheet_view_get_property;
  widget_class->grab_focus = rushes_contact_sheet_view_grab_focus;

  props[PROP_EXPORTING] = g_param_spec_boolean ("exporting", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  signals[SIGNAL_TAKE_ACTIVATED] = g_signal_new ("take-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, RUSHES_TYPE_TAKE);
  signals[SIGNAL_CULL] = g_signal_new ("cull", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 3, RUSHES_TYPE_TAKE, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 0);
  signals[SIGNAL_MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/rushesapp/Rushes/rushes-contact-sheet-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesContactSheetView, title_label);
  gtk_widget_class_bind_template_child (widget_class, RushesContactSheetView, note_label);
  gtk_widget_class_bind_template_child (widget_class, RushesContactSheetView, play_button);
  gtk_widget_class_bind_template_child (widget_class, RushesContactSheetView, grid);
  gtk_widget_class_install_action (widget_class, "sheet.back", NULL, rushes_contact_sheet_view_back_action);
  gtk_widget_class_install_action (widget_class, "sheet.toggle", NULL, rushes_contact_sheet_view_toggle_action);
  gtk_widget_class_install_action (widget_class, "sheet.export", "s", rushes_contact_sheet_view_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "sheet.back", NULL);
}

static void
rushes_contact_sheet_view_init (RushesContactSheetView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->takes = g_ptr_array_new_with_free_func (g_object_unref);
  self->labels = g_ptr_array_new_with_free_func (g_free);
  rushes_contact_sheet_view_add_keys (self);
  g_signal_connect_object (self->grid, "child-activated",
                           G_CALLBACK (rushes_contact_sheet_view_child_activated_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rushes_contact_sheet_view_new (void)
{
  return g_object_new (RUSHES_TYPE_CONTACT_SHEET_VIEW, NULL);
}

RushesContactPlayer *
rushes_contact_sheet_view_get_player (RushesContactSheetView *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), NULL);

  return self->player;
}

guint
rushes_contact_sheet_view_get_n_cells (RushesContactSheetView *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), 0);

  return self->takes->len;
}

RushesTake *
rushes_contact_sheet_view_get_take (RushesContactSheetView *self,
                                    guint                   cell)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), NULL);
  g_return_val_if_fail (cell < self->takes->len, NULL);

  return g_ptr_array_index (self->takes, cell);
}

const char *
rushes_contact_sheet_view_get_label (RushesContactSheetView *self,
                                     guint                   cell)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), NULL);
  g_return_val_if_fail (cell < self->labels->len, NULL);

  return g_ptr_array_index (self->labels, cell);
}

RushesTake *
rushes_contact_sheet_view_get_focused_take (RushesContactSheetView *self)
{
  GtkWidget *focus;
  g_autoptr(GList) selected = NULL;
  int index = 0;

  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), NULL);

  if (self->takes->len == 0)
    return NULL;
  focus = gtk_widget_get_focus_child (GTK_WIDGET (self->grid));
  selected = gtk_flow_box_get_selected_children (self->grid);
  if (GTK_IS_FLOW_BOX_CHILD (focus))
    index = gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (focus));
  else if (selected != NULL)
    index = gtk_flow_box_child_get_index (selected->data);
  return g_ptr_array_index (self->takes, CLAMP (index, 0, (int) self->takes->len - 1));
}

gboolean
rushes_contact_sheet_view_get_exporting (RushesContactSheetView *self)
{
  g_return_val_if_fail (RUSHES_IS_CONTACT_SHEET_VIEW (self), FALSE);

  return self->exporting;
}
