/* rushes-take-rename.c: the "Rename Take" dialog (a take cell's menu, F2
 * in the library)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rushes-take-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "rushes-take-cell.h"
#include "rushes-window.h"

static void
rushes_take_rename_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                RushesTake       *take)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autoptr(GError) error = NULL;
  GtkWidget *alert;

  if (!g_str_equal (response, "rename") && !g_str_equal (response, "reset"))
    return;
  if (rushes_take_rename (take, g_str_equal (response, "reset") ? NULL : gtk_editable_get_text (entry), &error))
    {
      GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));

      if (RUSHES_IS_WINDOW (window))
        rushes_window_take_renamed (RUSHES_WINDOW (window), take);
      return;
    }
  alert = adw_message_dialog_new (gtk_window_get_transient_for (GTK_WINDOW (dialog)),
                                  _("Could Not Rename the Take"), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

GtkWidget *
rushes_take_rename_dialog_present (GtkWidget  *parent,
                                   RushesTake *take)
{
  GtkRoot *root;
  GtkWidget *dialog;
  GtkWidget *entry;

  g_return_val_if_fail (GTK_IS_WIDGET (parent), NULL);
  g_return_val_if_fail (RUSHES_IS_TAKE (take), NULL);

  root = gtk_widget_get_root (parent);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Rename Take"),
                                   _("The title shows in the library, the queue and the timeline. "
                                     "Reset goes back to the prompt, variation and seed."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), rushes_take_get_title (take));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reset", _("R_eset"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  /* gone with the take, should it go to the trash meanwhile */
  g_signal_connect_object (dialog, "response", G_CALLBACK (rushes_take_rename_response_cb), take, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  return dialog;
}
