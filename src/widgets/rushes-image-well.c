/* rushes-image-well.c: a start or end image of the parameter panel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The thumbnail is the very frame the spec names, grabbed on a worker
 * thread (rushes_frame_grab_to_png, into a temporary PNG read back scaled
 * down), so a spec that does not decode, a time past the end or an image
 * too large shows its message here before Generate is pressed.
 */
#define G_LOG_DOMAIN "rushes-image-well"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "rushes-application.h"
#include "rushes-frame-grab.h"
#include "rushes-frame-ref.h"
#include "rushes-image-well.h"

#define THUMB_WIDTH  192
#define THUMB_HEIGHT 108

struct _RushesImageWell
{
  GtkWidget     parent_instance;

  /* template widgets */
  GtkWidget    *box;
  GtkStack     *thumb_stack;
  GtkSpinner   *spinner;
  GtkPicture   *picture;
  GtkLabel     *title_label;
  GtkLabel     *source_label;

  char         *spec;
  char         *error;
  gboolean      end;
  gboolean      busy;
  GCancellable *cancellable;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (RushesImageWell, rushes_image_well, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SPEC,
  PROP_END,
  PROP_ERROR,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- plain logic ------------------------------------------------------ */

char *
rushes_image_well_spec_for_file (const char *path,
                                 gboolean    end)
{
  g_autofree char *type = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  type = g_content_type_guess (path, NULL, 0, NULL);
  if (end && type != NULL && g_str_has_prefix (type, "video/"))
    return g_strconcat (path, "@end", NULL);
  return g_strdup (path);
}

char *
rushes_image_well_describe (const char *spec)
{
  g_auto(RushesFrameRef) ref = { 0, };
  g_autofree char *name = NULL;
  g_autofree char *time = NULL;

  if (spec == NULL || spec[0] == '\0')
    return g_strdup ("");
  if (!rushes_frame_ref_parse (spec, &ref, NULL))
    return g_path_get_basename (spec);

  name = g_path_get_basename (ref.path);
  if (ref.kind == RUSHES_FRAME_REF_NONE)
    return g_steal_pointer (&name);
  time = rushes_frame_ref_describe_time (&ref);
  /* Translators: a frame of a video, e.g. "take.mp4 @ frame 76" */
  return g_strdup_printf (_("%s @ %s"), name, time);
}

/* ---- the thumbnail ------------------------------------------------------ */

static void
grab_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *spec = task_data;
  g_auto(RushesFrameRef) ref = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *tmp = NULL;
  int fd;

  if (!rushes_frame_ref_parse (spec, &ref, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  fd = g_file_open_tmp ("rushes-well-XXXXXX.png", &tmp, &error);
  if (fd < 0)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_close (fd, NULL);
  if (rushes_frame_grab_to_png (ref.path, &ref, tmp, &error))
    pixbuf = gdk_pixbuf_new_from_file_at_scale (tmp, THUMB_WIDTH, THUMB_HEIGHT, TRUE, &error);
  g_unlink (tmp);
  if (pixbuf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

static void
rushes_image_well_set_busy (RushesImageWell *self,
                            gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
rushes_image_well_show_source (RushesImageWell *self)
{
  g_autofree char *text = NULL;

  if (self->error != NULL)
    text = g_strdup (self->error);
  else if (self->spec != NULL)
    text = rushes_image_well_describe (self->spec);
  else
    text = g_strdup (_("None: drop an image or a video here"));
  gtk_label_set_text (self->source_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->source_label), self->spec);
  if (self->error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->source_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->source_label), "error");
  if (self->spec != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->source_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->source_label), "dim-label");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "well.clear", self->spec != NULL);
}

static void
grab_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);
  RushesImageWell *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* another spec, or the well is gone */
  self = RUSHES_IMAGE_WELL (user_data);

  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  if (error != NULL)
    {
      g_free (self->error);
      self->error = g_strdup (error->message);
    }
  gtk_stack_set_visible_child_name (self->thumb_stack, texture != NULL ? "thumbnail" : "error");
  rushes_image_well_show_source (self);
  if (error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  rushes_image_well_set_busy (self, FALSE);
}

/* ---- choosing and dropping ---------------------------------------------- */

static void
chooser_response_cb (RushesImageWell      *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *spec = file != NULL && g_file_peek_path (file) != NULL
                              ? rushes_image_well_spec_for_file (g_file_peek_path (file), self->end)
                              : NULL;

      if (spec != NULL)
        rushes_image_well_set_spec (self, spec);
    }
  g_clear_object (&self->chooser);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
rushes_image_well_choose_action (GtkWidget  *widget,
                                 const char *name,
                                 GVariant   *param)
{
  RushesImageWell *self = RUSHES_IMAGE_WELL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (self->end ? _("Choose the End Image") : _("Choose the Start Image"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images and videos"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_filter_add_mime_type (filter, "video/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
rushes_image_well_clear_action (GtkWidget  *widget,
                                const char *name,
                                GVariant   *param)
{
  rushes_image_well_set_spec (RUSHES_IMAGE_WELL (widget), NULL);
}

static gboolean
drop_cb (GtkDropTarget   *target,
         const GValue    *value,
         double           x,
         double           y,
         RushesImageWell *self)
{
  GFile *file = NULL;
  g_autofree char *spec = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      file = files != NULL ? files->data : NULL;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  else if (G_VALUE_HOLDS (value, G_TYPE_STRING) && g_value_get_string (value) != NULL)
    {
      /* a frame reference as text, or a file's URI */
      g_autofree char *text = g_strstrip (g_strdup (g_value_get_string (value)));
      g_autofree char *path = g_str_has_prefix (text, "file://") ? g_filename_from_uri (text, NULL, NULL) : NULL;

      spec = path != NULL ? rushes_image_well_spec_for_file (path, self->end) : g_steal_pointer (&text);
    }

  if (file != NULL && g_file_peek_path (file) != NULL)
    spec = rushes_image_well_spec_for_file (g_file_peek_path (file), self->end);
  if (spec == NULL || spec[0] == '\0')
    return FALSE;
  rushes_image_well_set_spec (self, spec);
  return TRUE;
}

/* a click on the well (not on its buttons) gives it the keys: Return, Delete */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            RushesImageWell *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* ---- the class ---------------------------------------------------------- */

static void
rushes_image_well_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RushesImageWell *self = RUSHES_IMAGE_WELL (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_text (self->title_label));
      break;
    case PROP_SPEC:
      g_value_set_string (value, self->spec);
      break;
    case PROP_END:
      g_value_set_boolean (value, self->end);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_image_well_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RushesImageWell *self = RUSHES_IMAGE_WELL (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      {
        const char *title = g_value_get_string (value) != NULL ? g_value_get_string (value) : "";

        gtk_label_set_text (self->title_label, title);
        gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      }
      break;
    case PROP_SPEC:
      rushes_image_well_set_spec (self, g_value_get_string (value));
      break;
    case PROP_END:
      rushes_image_well_set_end (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rushes_image_well_dispose (GObject *object)
{
  RushesImageWell *self = RUSHES_IMAGE_WELL (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUSHES_TYPE_IMAGE_WELL);
  g_clear_pointer (&self->spec, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (rushes_image_well_parent_class)->dispose (object);
}

static void
rushes_image_well_class_init (RushesImageWellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = rushes_image_well_get_property;
  object_class->set_property = rushes_image_well_set_property;
  object_class->dispose = rushes_image_well_dispose;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEC] =
    g_param_spec_string ("spec", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_END] =
    g_param_spec_boolean ("end", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "imagewell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  rushes_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rushesapp/Rushes/rushes-image-well.ui");
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, box);
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, thumb_stack);
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, spinner);
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, picture);
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, title_label);
  gtk_widget_class_bind_template_child (widget_class, RushesImageWell, source_label);

  gtk_widget_class_install_action (widget_class, "well.choose", NULL, rushes_image_well_choose_action);
  gtk_widget_class_install_action (widget_class, "well.clear", NULL, rushes_image_well_clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "well.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "well.choose", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "well.clear", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "well.clear", NULL);
}

static void
rushes_image_well_init (RushesImageWell *self)
{
  GtkDropTarget *target;
  GtkGesture *click;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  gtk_widget_init_template (GTK_WIDGET (self));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  rushes_image_well_show_source (self);
}

GtkWidget *
rushes_image_well_new (void)
{
  return g_object_new (RUSHES_TYPE_IMAGE_WELL, NULL);
}

const char *
rushes_image_well_get_spec (RushesImageWell *self)
{
  g_return_val_if_fail (RUSHES_IS_IMAGE_WELL (self), NULL);

  return self->spec;
}

void
rushes_image_well_set_spec (RushesImageWell *self,
                            const char      *spec)
{
  gboolean had_error;

  g_return_if_fail (RUSHES_IS_IMAGE_WELL (self));

  if (spec != NULL && spec[0] == '\0')
    spec = NULL;
  if (g_strcmp0 (spec, self->spec) == 0)
    return;

  g_free (self->spec);
  self->spec = g_strdup (spec);
  had_error = self->error != NULL;
  g_clear_pointer (&self->error, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_picture_set_paintable (self->picture, NULL);

  if (spec != NULL)
    {
      g_autoptr(GTask) task = NULL;

      self->cancellable = g_cancellable_new ();
      task = g_task_new (NULL, self->cancellable, grab_done_cb, self);
      g_task_set_source_tag (task, rushes_image_well_set_spec);
      g_task_set_task_data (task, g_strdup (spec), g_free);
      g_task_run_in_thread (task, grab_thread);
      gtk_stack_set_visible_child_name (self->thumb_stack, "busy");
      rushes_image_well_set_busy (self, TRUE);
    }
  else
    {
      gtk_stack_set_visible_child_name (self->thumb_stack, "empty");
      rushes_image_well_set_busy (self, FALSE);
    }

  rushes_image_well_show_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEC]);
  if (had_error)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

gboolean
rushes_image_well_get_end (RushesImageWell *self)
{
  g_return_val_if_fail (RUSHES_IS_IMAGE_WELL (self), FALSE);

  return self->end;
}

void
rushes_image_well_set_end (RushesImageWell *self,
                           gboolean         end)
{
  g_return_if_fail (RUSHES_IS_IMAGE_WELL (self));

  end = !!end;
  if (self->end == end)
    return;
  self->end = end;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
}

const char *
rushes_image_well_get_error (RushesImageWell *self)
{
  g_return_val_if_fail (RUSHES_IS_IMAGE_WELL (self), NULL);

  return self->error;
}

gboolean
rushes_image_well_get_busy (RushesImageWell *self)
{
  g_return_val_if_fail (RUSHES_IS_IMAGE_WELL (self), FALSE);

  return self->busy;
}

GdkPaintable *
rushes_image_well_get_paintable (RushesImageWell *self)
{
  g_return_val_if_fail (RUSHES_IS_IMAGE_WELL (self), NULL);

  return gtk_picture_get_paintable (self->picture);
}
