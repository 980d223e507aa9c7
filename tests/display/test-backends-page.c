/* test-backends-page.c: the Backends preferences page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under xvfb-run. The keyring is the in-process store; a fake Replicate
 * /account answers "Test connection".
 */
#include <string.h>
#include <curl/curl.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "rushes-backends-page.h"
#include "rushes-backend-kinds.h"
#include "rushes-secrets.h"
#include "fake-server.h"
#include "rushes-resources.h"

#define CANARY "r8_page-canary-41c7"


/* Test Connection answers from a thread; under AddressSanitizer on a
 * loaded machine that can take far longer than on a quiet one, so the
 * wait is bounded by a clock, not a number of iterations */
static void
wait_sensitive (GtkWidget *button)
{
  gint64 deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while (!gtk_widget_get_sensitive (button) && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (10 * 1000);
    }
}
static void
account_cb (FakeServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (g_strcmp0 (auth, "Bearer " CANARY) == 0)
    fake_reply_json (msg, 200, "{\"type\": \"user\", \"username\": \"page-tester\"}");
  else
    fake_reply_json (msg, 401, "{\"detail\": \"Invalid token.\"}");
}

static void
test_build_config (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = NULL;
  struct { const char *kind, *name, *url, *env; } bad[] = {
    { NULL, "a", NULL, NULL },
    { "replicate", "", NULL, NULL },
    { "replicate", "has space", NULL, NULL },
    { "replicate", "../x", NULL, NULL },
    { "comfyui", "c", "ftp://host", NULL },
    { "comfyui", "c", "not a url", NULL },
    { "replicate", "r", NULL, "BAD-NAME" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonObject) c = rushes_backends_page_build_config (bad[i].kind, bad[i].name, bad[i].url, bad[i].env,
                                                                   NULL, &error);
      g_assert_null (c);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  config = rushes_backends_page_build_config ("comfyui", "studio-2", "  http://gpu-box:8188  ", " ", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (config, "id"), ==, "studio-2");
  g_assert_cmpstr (json_object_get_string_member (config, "kind"), ==, "comfyui");
  g_assert_cmpstr (json_object_get_string_member (config, "url"), ==, "http://gpu-box:8188");
  g_assert_false (json_object_has_member (config, "key_env"));
}

static void
test_describe_cost (void)
{
  g_autofree char *per_take = rushes_backends_page_describe_cost (0.08, "USD", 5);
  g_autofree char *per_second = rushes_backends_page_describe_cost (0.08, NULL, 0);

  g_autofree char *free_text = rushes_backends_page_describe_cost (0, "USD", 5);

  g_assert_null (rushes_backends_page_describe_cost (-1, "USD", 5));
  g_assert_cmpstr (free_text, ==, "free");
  g_assert_nonnull (strstr (per_take, "0.40 USD"));
  g_assert_nonnull (strstr (per_second, "0.0800 USD"));
}

static guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_action_row (GtkWidget  *root,
                 const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ACTION_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_action_row (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_entry_row (GtkWidget  *root,
                const char *title_prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_ENTRY_ROW (child) && !ADW_IS_PASSWORD_ENTRY_ROW (child) &&
          g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title_prefix))
        return child;
      if ((found = find_entry_row (child, title_prefix)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rushes-page-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "backends.json", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  FakeServer *server = fake_server_new ("127.0.0.1");
  g_autofree char *base = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkListBox *list;
  GtkWidget *test_button;
  GtkWidget *test_row;
  guint before;

  fake_server_add_handler (server, "/v1/account", account_cb, NULL);
  fake_server_start (server);
  base = g_strdup_printf ("%s/v1", fake_server_get_url (server));

  rushes_backend_kinds_register_all ();
  g_assert_true (rushes_backend_registry_load (registry, &error));
  json_object_set_string_member (config, "id", "hosted-1");
  json_object_set_string_member (config, "kind", "replicate");
  json_object_set_string_member (config, "display_name", "Hosted One");
  json_object_set_string_member (config, "url", base);
  g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));
  g_assert_no_error (error);

  window = adw_preferences_window_new ();
  page = rushes_backends_page_new (registry);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  /* find the list box of the template */
  {
    GtkWidget *w = GTK_WIDGET (page);
    GtkWidget *stack[64];
    guint sp = 0;

    list = NULL;
    stack[sp++] = w;
    while (sp > 0 && list == NULL)
      {
        GtkWidget *cur = stack[--sp];

        if (GTK_IS_LIST_BOX (cur) && gtk_widget_has_css_class (cur, "boxed-list") &&
            ADW_IS_EXPANDER_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (cur), 0)))
          list = GTK_LIST_BOX (cur);
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c && sp < 64; c = gtk_widget_get_next_sibling (c))
          stack[sp++] = c;
      }
  }
  g_assert_nonnull (list);
  before = count_rows (list);
  g_assert_cmpuint (before, ==, g_list_model_get_n_items (G_LIST_MODEL (registry)));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (list, before - 1))),
                   ==, "Hosted One");

  /* a key typed into the row goes to the keyring, not the file */
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, before - 1));
    GtkWidget *key_row = NULL;
    GtkWidget *stack[256];
    guint sp = 0;

    stack[sp++] = row;
    while (sp > 0)
      {
        GtkWidget *cur = stack[--sp];

        if (ADW_IS_PASSWORD_ENTRY_ROW (cur))
          key_row = cur;
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c && sp < 256; c = gtk_widget_get_next_sibling (c))
          stack[sp++] = c;
      }
    g_assert_nonnull (key_row);
    gtk_editable_set_text (GTK_EDITABLE (key_row), CANARY);
    g_signal_emit_by_name (key_row, "apply");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
    /* stored from a thread: bounded by a clock, as wait_sensitive is */
    for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
         g_get_monotonic_time () < deadline;)
      {
        g_auto(RushesSecretKey) stored = rushes_secrets_lookup_sync ("hosted-1", NULL, NULL);

        if (g_strcmp0 (stored, CANARY) == 0)
          break;
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
    {
      g_auto(RushesSecretKey) stored = rushes_secrets_lookup_sync ("hosted-1", NULL, NULL);
      g_assert_cmpstr (stored, ==, CANARY);
    }
  }

  /* Test connection: runs in a thread, answers in the row */
  test_button = find_button (GTK_WIDGET (gtk_list_box_get_row_at_index (list, before - 1)), "_Test Connection");
  test_row = find_action_row (GTK_WIDGET (gtk_list_box_get_row_at_index (list, before - 1)), "Connection");
  g_assert_nonnull (test_button);
  g_assert_nonnull (test_row);
  g_signal_emit_by_name (test_button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (test_button));
  wait_sensitive (test_button);
  g_assert_true (gtk_widget_get_sensitive (test_button));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), "page-tester"));

  /* add a second one of the same kind */
  {
    GtkWidget *add = find_button (page, "_Add");
    GtkWidget *stack[256];
    guint sp = 0;
    guint entries = 0;

    stack[sp++] = page;
    while (sp > 0)
      {
        GtkWidget *cur = stack[--sp];

        if (ADW_IS_COMBO_ROW (cur))
          {
            GListModel *kinds = adw_combo_row_get_model (ADW_COMBO_ROW (cur));

            for (guint k = 0; k < g_list_model_get_n_items (kinds); k++)
              {
                g_autoptr(GtkStringObject) so = g_list_model_get_item (kinds, k);

                if (g_str_equal (gtk_string_object_get_string (so), "replicate"))
                  adw_combo_row_set_selected (ADW_COMBO_ROW (cur), k), entries++;
              }
          }
        if (ADW_IS_ENTRY_ROW (cur) && !ADW_IS_PASSWORD_ENTRY_ROW (cur) &&
            gtk_widget_get_ancestor (cur, ADW_TYPE_EXPANDER_ROW) == NULL)
          {
            const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (cur));

            if (g_str_has_prefix (title, "Name"))
              gtk_editable_set_text (GTK_EDITABLE (cur), "hosted-2"), entries++;
            else if (g_str_has_prefix (title, "…or environment"))
              gtk_editable_set_text (GTK_EDITABLE (cur), "RUSHES_PAGE_KEY"), entries++;
          }
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c && sp < 256; c = gtk_widget_get_next_sibling (c))
          stack[sp++] = c;
      }
    g_assert_cmpuint (entries, ==, 3);
    g_assert_nonnull (add);
    g_signal_emit_by_name (add, "clicked");
  }
  g_assert_nonnull (rushes_backend_registry_lookup (registry, "hosted-2"));
  g_assert_cmpuint (count_rows (list), ==, before + 1);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "RUSHES_PAGE_KEY"));
  g_assert_null (strstr (contents, CANARY));

  /* remove it again */
  {
    GtkWidget *remove = find_button (GTK_WIDGET (gtk_list_box_get_row_at_index (list, before)), "_Remove");

    g_assert_nonnull (remove);
    g_signal_emit_by_name (remove, "clicked");
  }
  g_assert_null (rushes_backend_registry_lookup (registry, "hosted-2"));
  g_assert_cmpuint (count_rows (list), ==, before);

  /* the default model of a hosted backend can be changed */
  {
    GtkWidget *row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, before - 1));
    GtkWidget *combo = NULL;
    GtkWidget *stack[256];
    guint sp = 0;
    GListModel *models;
    g_autoptr(JsonObject) edited = NULL;
    g_autoptr(GtkStringObject) selected = NULL;

    stack[sp++] = row;
    while (sp > 0)
      {
        GtkWidget *cur = stack[--sp];

        if (ADW_IS_COMBO_ROW (cur))
          combo = cur;
        for (GtkWidget *c = gtk_widget_get_first_child (cur); c && sp < 256; c = gtk_widget_get_next_sibling (c))
          stack[sp++] = c;
      }
    g_assert_nonnull (combo);
    selected = g_object_ref (adw_combo_row_get_selected_item (ADW_COMBO_ROW (combo)));
    g_assert_cmpstr (gtk_string_object_get_string (selected), ==, "wan-video/wan-2.2-t2v-fast");
    models = adw_combo_row_get_model (ADW_COMBO_ROW (combo));
    for (guint k = 0; k < g_list_model_get_n_items (models); k++)
      {
        g_autoptr(GtkStringObject) so = g_list_model_get_item (models, k);

        if (g_str_equal (gtk_string_object_get_string (so), "lightricks/ltx-video"))
          {
            adw_combo_row_set_selected (ADW_COMBO_ROW (combo), k);
            break;
          }
      }
    /* applied from an idle callback */
    for (guint i = 0; i < 100; i++)
      g_main_context_iteration (NULL, FALSE);
    edited = rushes_backend_registry_dup_config (registry, "hosted-1");
    g_assert_cmpstr (json_object_get_string_member (edited, "model"), ==, "lightricks/ltx-video");
    g_assert_cmpstr (json_object_get_string_member (edited, "url"), ==, base);
    g_assert_cmpuint (count_rows (list), ==, before);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  fake_server_free (server);
  g_unlink (path);
  g_rmdir (dir);
}

/* Addresses are checked as they are typed; a failed test says what to do
 * about it, with the raw error behind "Details". */
static void
test_form_helps (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rushes-page-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "backends.json", NULL);
  g_autoptr(RushesBackendRegistry) registry = rushes_backend_registry_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GSocket) sock = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new_from_string ("127.0.0.1", 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *closed = NULL;
  GtkWidget *window, *page, *add, *add_url, *kind, *row, *row_url, *test_button, *test_row, *details;
  GListModel *kinds;

  /* a bound, never listening port: connection refused */
  g_assert_true (g_socket_bind (sock, addr, TRUE, NULL));
  bound = g_socket_get_local_address (sock, NULL);
  closed = g_strdup_printf ("http://127.0.0.1:%u/v1", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_setenv ("RUSHES_PAGE_FORM_KEY", "r8_form-key", TRUE);

  rushes_backend_kinds_register_all ();
  g_assert_true (rushes_backend_registry_load (registry, &error));
  json_object_set_string_member (config, "id", "down");
  json_object_set_string_member (config, "kind", "replicate");
  json_object_set_string_member (config, "display_name", "Down Host");
  json_object_set_string_member (config, "url", closed);
  json_object_set_string_member (config, "key_env", "RUSHES_PAGE_FORM_KEY");
  g_assert_nonnull (rushes_backend_registry_add (registry, config, &error));

  window = adw_preferences_window_new ();
  page = rushes_backends_page_new (registry);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));

  /* "Add a Backend": a ComfyUI server with a malformed address */
  kind = find_of_type (page, ADW_TYPE_COMBO_ROW);
  kinds = adw_combo_row_get_model (ADW_COMBO_ROW (kind));
  for (guint k = 0; k < g_list_model_get_n_items (kinds); k++)
    {
      g_autoptr(GtkStringObject) so = g_list_model_get_item (kinds, k);

      if (g_str_equal (gtk_string_object_get_string (so), "comfyui"))
        adw_combo_row_set_selected (ADW_COMBO_ROW (kind), k);
    }
  add = find_button (page, "_Add");
  g_assert_nonnull (add);
  add_url = find_entry_row (gtk_widget_get_ancestor (add, ADW_TYPE_PREFERENCES_GROUP), "Server address");
  g_assert_nonnull (add_url);
  g_assert_true (gtk_widget_get_sensitive (add));
  gtk_editable_set_text (GTK_EDITABLE (add_url), "htp://127.0.0.1:8188");
  g_assert_true (gtk_widget_has_css_class (add_url, "error"));
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (add_url), ==, "The server address must start with http:// or https://");
  gtk_editable_set_text (GTK_EDITABLE (add_url), "http://127.0.0.1:99999");
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (add_url), "port"));
  gtk_editable_set_text (GTK_EDITABLE (add_url), "http://127.0.0.1:8188");
  g_assert_false (gtk_widget_has_css_class (add_url, "error"));
  g_assert_true (gtk_widget_get_sensitive (add));
  g_assert_null (gtk_widget_get_tooltip_text (add_url));

  /* a configured backend's address: no Save (apply) while malformed */
  row = find_of_type (page, ADW_TYPE_EXPANDER_ROW);
  while (row != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Down Host") != 0)
    row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  row_url = find_entry_row (row, "Server address");
  g_assert_nonnull (row_url);
  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (row_url)));
  gtk_editable_set_text (GTK_EDITABLE (row_url), "localhost:8188");
  g_assert_true (gtk_widget_has_css_class (row_url, "error"));
  g_assert_false (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (row_url)));
  g_signal_emit_by_name (row_url, "apply");
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  {
    g_autoptr(JsonObject) kept = rushes_backend_registry_dup_config (registry, "down");
    g_assert_cmpstr (json_object_get_string_member (kept, "url"), ==, closed);
  }
  gtk_editable_set_text (GTK_EDITABLE (row_url), closed);
  g_assert_true (adw_entry_row_get_show_apply_button (ADW_ENTRY_ROW (row_url)));

  /* Test Connection against a port nobody listens on */
  test_button = find_button (row, "_Test Connection");
  test_row = find_action_row (row, "Connection");
  details = find_of_type (row, GTK_TYPE_EXPANDER);
  g_assert_nonnull (test_button);
  g_assert_nonnull (details);
  g_assert_false (gtk_widget_get_visible (details));
  g_signal_emit_by_name (test_button, "clicked");
  wait_sensitive (test_button);
  g_assert_true (gtk_widget_get_sensitive (test_button));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), "Cannot connect"));
  g_assert_true (gtk_widget_get_visible (details));
  {
    const char *raw = gtk_label_get_label (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (details))));

    /* the raw detail: the HTTP layer's words and libcurl's, never the key */
    g_assert_nonnull (strstr (raw, "Could not connect"));
    g_assert_null (strstr (raw, "r8_form-key"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_unsetenv ("RUSHES_PAGE_FORM_KEY");
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* static library: pull the resource object in explicitly */
  g_resources_register (rushes_get_resource ());
  curl_global_init (CURL_GLOBAL_DEFAULT);

  g_test_add_func ("/backends-page/build-config", test_build_config);
  g_test_add_func ("/backends-page/describe-cost", test_describe_cost);
  g_test_add_func ("/backends-page/page", test_page);
  g_test_add_func ("/backends-page/form-helps", test_form_helps);

  return g_test_run ();
}
