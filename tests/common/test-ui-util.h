/* test-ui-util.h: widget and player helpers shared by the media and display
 * suites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "rushes-application.h"
#include "rushes-player.h"
#include "rushes-window.h"

G_BEGIN_DECLS

typedef enum {
  TEST_UI_INIT_DEFAULT = 0,
  TEST_UI_INIT_GST     = 1 << 0,   /* gst_init as well */
} TestUiInitFlags;

/* A display test program's start: the C.UTF-8 locale, no session bus (none
 * under xvfb-run), the memory GSettings backend, the MIME database loaded
 * while the real data dirs are visible (icons are sniffed through it after
 * ISOLATE_DIRS hides them), g_test_init with ISOLATE_DIRS (gtk_test_init
 * would go without), GTK and libadwaita, and GStreamer with
 * TEST_UI_INIT_GST. */
void       test_ui_init                  (int             *argc,
                                          char          ***argv,
                                          TestUiInitFlags  flags);

/* A condition for test_wait_until: the widget is mapped. */
gboolean   test_widget_mapped            (gpointer      widget);
/* widget itself or its first descendant (depth first) of type, or NULL. */
GtkWidget *test_find_descendant_of_type  (GtkWidget    *widget,
                                          GType         type);
/* The first toplevel window of type (or a subtype), or NULL. */
GtkWidget *test_find_window_of_type      (GType         type);
/* The button labelled label (as set, mnemonic underscores included) in
 * widget, or NULL: for clicking an AdwMessageDialog's response as the user
 * does (the dialog closes, then responds). */
GtkWidget *test_find_button              (GtkWidget    *widget,
                                          const char   *label);
/* The AdwMessageDialog up whose heading is heading (any one with NULL),
 * or NULL. */
GtkWidget *test_find_message_dialog      (const char   *heading);
/* Downloads an opaque texture as packed RGB24 into rgb (width × height × 3). */
void       test_texture_to_rgb           (GdkTexture   *texture,
                                          guint8       *rgb);
/* Until the player is not loading or seeking and has drawn more than
 * frames_before frames (fails after 15 s), then lets a late frame land. */
void       test_wait_settled             (RushesPlayer *player,
                                          guint64       frames_before);

/* GTK 4.8 (Debian 12) bug: a tooltip timeout armed over a window or
 * popover that is then closed under the pointer runs against its gone
 * surface and logs two criticals (gdk_surface_get_device_position and
 * _gtk_widget_find_at_coords: assertion 'GDK_IS_SURFACE (surface)'); later GTK keeps a weak reference
 * to the native. Display tests that open and close popovers and windows
 * quickly under Xvfb's fixed pointer make that critical non-fatal; every
 * other critical stays fatal. Call after g_test_init. */
void       test_tolerate_gtk48_tooltip_critical (void);

/* ---- a test inside a running RushesApplication ----------------------- */

typedef enum
{
  TEST_APP_DEFAULT           = 0,
  /* close the window g_application_run's activation opened (answering
   * "Save Changes?" with Discard) before the test: each test then sets its
   * settings before its window reads them */
  TEST_APP_CLOSE_WINDOWS     = 1 << 0,
  /* GtkRecentManager is made once, its file in the data folder of the test
   * that made it, which ISOLATE_DIRS removes after that test: brought back
   * for the recent files later tests add */
  TEST_APP_KEEP_RECENT_FILES = 1 << 1,
} TestAppFlags;

/* The application of the running test_run_with_app, else NULL. */
extern RushesApplication *test_app;

/* Makes test_app (non-unique, in the isolated home, which it creates) and
 * runs it the normal way (g_application_run with argv, NULL for none, so
 * that it starts up and shuts down as the real one does); func runs from
 * an idle inside that main loop, then the application quits. */
void          test_run_with_app       (GTestFunc     func,
                                       TestAppFlags  flags,
                                       char        **argv);
/* For g_test_add_data_func (path, func, test_with_app): func in a running
 * application (TEST_APP_DEFAULT). */
void          test_with_app           (gconstpointer func);
/* The same with TEST_APP_CLOSE_WINDOWS. */
void          test_with_app_no_window (gconstpointer func);

/* A condition for test_wait_until: the widget has a width and a height. */
gboolean      test_widget_allocated   (gpointer      widget);

typedef enum
{
  TEST_OPEN_DEFAULT   = 0,
  /* also wait for the first layout: the centre area (player_slot) has a
   * size */
  TEST_OPEN_ALLOCATED = 1 << 0,
} TestOpenFlags;

/* Activates test_app (its library library_folder when not NULL) and waits
 * (timeout_ms) until its active window, a RushesWindow, is mapped. */
RushesWindow *test_open_window        (const char   *library_folder,
                                       TestOpenFlags flags,
                                       guint         timeout_ms);

typedef enum
{
  TEST_CLOSE_DEFAULT       = 0,
  /* first 700 ms: libadwaita 1.2 frees a toast under its running slide-in
   * animation when it goes within 300–500 ms of showing */
  TEST_CLOSE_SETTLE_TOASTS = 1 << 0,
  /* gtk_window_destroy, not gtk_window_close (nothing asks) */
  TEST_CLOSE_DESTROY       = 1 << 1,
  /* answer "Save Changes?", if it comes, with Discard */
  TEST_CLOSE_DISCARD       = 1 << 2,
  /* then reset the library-folder setting */
  TEST_CLOSE_RESET_LIBRARY = 1 << 3,
  /* then assert test_app has no window left */
  TEST_CLOSE_LAST          = 1 << 4,
} TestCloseFlags;

/* Closes window and waits (timeout_ms) until it is finalized. */
void          test_close_window       (RushesWindow  *window,
                                       TestCloseFlags flags,
                                       guint          timeout_ms);
/* Answers an "unsaved changes" message dialog, if one is up, with Discard. */
void          test_discard_if_asked   (void);

/* Activates the shortcut of widget's shortcut controllers for keyval (no
 * modifier) as the key does, and returns what its action returned; with
 * no such shortcut, FALSE, or a failed test when must_be_bound. */
gboolean      test_press_key          (GtkWidget    *widget,
                                       guint         keyval,
                                       gboolean      must_be_bound);

G_END_DECLS
