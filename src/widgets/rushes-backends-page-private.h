/* rushes-backends-page-private.h: what the parts of the Backends page share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * rushes-backends-page.c         the page, "Add a Backend", edits of a config
 * rushes-backends-page-row.c     one configured backend's row, built from its
 *                                kind's description (rushes-backend-kinds.h)
 * rushes-backends-page-import.c  importing a ComfyUI workflow into a backend
 */
#pragma once

#include "rushes-backends-page.h"
#include "rushes-backend-kinds.h"

G_BEGIN_DECLS

struct _RushesBackendsPage
{
  AdwPreferencesPage parent_instance;

  /* template widgets */
  GtkListBox          *backends_list;
  AdwComboRow         *kind_row;
  AdwEntryRow         *name_row;
  AdwEntryRow         *url_row;
  AdwPasswordEntryRow *key_row;
  AdwEntryRow         *key_env_row;
  AdwActionRow        *add_row;
  GtkButton           *add_button;

  /* owned */
  RushesBackendRegistry *registry;
  GtkStringList         *kinds;
  GCancellable          *cancellable;
};

/* What the widgets of one backend's row share; lives as long as the row. */
typedef struct
{
  RushesBackendsPage  *page;      /* borrowed: rows live inside the page */
  char                *id;
  AdwActionRow        *test_row;
  GtkExpander         *test_details;  /* the raw error of a failed test */
  AdwPasswordEntryRow *key_row;
  GtkButton           *test_button;
} RushesBackendsPageRow;

/* a toast, or the "Add" row's subtitle outside a preferences window */
void       _rushes_backends_page_show_error  (RushesBackendsPage *self,
                                              const char         *message);
/* Sets (value non-empty) or removes a member of a backend's config, from an
 * idle callback: the registry rebuilds the backend, and its row with it. */
void       _rushes_backends_page_queue_edit  (RushesBackendsPage *self,
                                              const char         *id,
                                              const char         *member,
                                              const char         *value);
/* Checks an entry row's text with the field's validate as it is typed:
 * the "error" style and the reason as its tooltip (and accessible
 * description) while invalid. Returns whether the text is fine; *message
 * (may be NULL) gets the reason. */
gboolean   _rushes_backends_page_check_entry (AdwEntryRow              *row,
                                              const RushesBackendField *field,
                                              char                    **message);
/* GtkListBoxCreateWidgetFunc for the registry's backends; user_data: the page */
GtkWidget *_rushes_backends_page_create_row  (gpointer            item,
                                              gpointer            user_data);
/* "Import Workflow…": a file chooser, then the workflow mapper */
GtkWidget *_rushes_backends_page_import_row_new (RushesBackendsPageRow *rd);

G_END_DECLS
