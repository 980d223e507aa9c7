/* test-secrets.c: API key storage without a keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "rushes-secrets.h"
#include "rushes-hosted-common.h"

static void
test_schema (void)
{
  const SecretSchema *schema = rushes_secrets_get_schema ();

  g_assert_cmpstr (schema->name, ==, "io.github.rushesapp.Rushes.ApiKey");
  g_assert_cmpstr (schema->attributes[0].name, ==, "backend-id");
  g_assert_null (schema->attributes[1].name);
}

static void
test_memory_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(RushesSecretKey) key = NULL;
  g_auto(RushesSecretKey) other = NULL;

  g_assert_true (rushes_secrets_is_memory_store ());

  key = rushes_secrets_lookup_sync ("rt-a", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);

  g_assert_true (rushes_secrets_store_sync ("rt-a", NULL, "r8_first", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (rushes_secrets_store_sync ("rt-b", NULL, "fal_second", NULL, &error));
  g_assert_no_error (error);

  key = rushes_secrets_lookup_sync ("rt-a", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "r8_first");
  other = rushes_secrets_lookup_sync ("rt-b", NULL, &error);
  g_assert_cmpstr (other, ==, "fal_second");

  /* replace */
  g_assert_true (rushes_secrets_store_sync ("rt-a", NULL, "r8_new", NULL, &error));
  g_clear_pointer (&key, rushes_secrets_free_key);
  key = rushes_secrets_lookup_sync ("rt-a", NULL, &error);
  g_assert_cmpstr (key, ==, "r8_new");

  /* clear, twice */
  g_assert_true (rushes_secrets_clear_sync ("rt-a", NULL, &error));
  g_assert_true (rushes_secrets_clear_sync ("rt-a", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&key, rushes_secrets_free_key);
  key = rushes_secrets_lookup_sync ("rt-a", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (key);
  g_clear_pointer (&other, rushes_secrets_free_key);
  other = rushes_secrets_lookup_sync ("rt-b", NULL, &error);
  g_assert_cmpstr (other, ==, "fal_second");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (rushes_secrets_store_sync ("", NULL, "k", NULL, &error));
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (rushes_secrets_store_sync ("x", NULL, "", NULL, &error));
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (rushes_secrets_is_valid_env_name ("REPLICATE_API_TOKEN"));
  g_assert_true (rushes_secrets_is_valid_env_name ("_k2"));
  g_assert_false (rushes_secrets_is_valid_env_name ("2K"));
  g_assert_false (rushes_secrets_is_valid_env_name ("A-B"));
  g_assert_false (rushes_secrets_is_valid_env_name ("A=B"));
  g_assert_false (rushes_secrets_is_valid_env_name (""));
  g_assert_false (rushes_secrets_is_valid_env_name (NULL));
}

static void
test_env_source (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(RushesSecretKey) key = NULL;
  const char *canary = "r8_CANARYenv0123456789";

  /* the variable wins over the keyring, and is read at the moment of use */
  g_assert_true (rushes_secrets_store_sync ("env-b", NULL, "stored-key", NULL, &error));
  g_setenv ("RUSHES_TEST_KEY_VAR", canary, TRUE);
  key = rushes_secrets_get_key_sync ("env-b", "RUSHES_TEST_KEY_VAR", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, canary);

  g_setenv ("RUSHES_TEST_KEY_VAR", "changed", TRUE);
  g_clear_pointer (&key, rushes_secrets_free_key);
  key = rushes_secrets_get_key_sync ("env-b", "RUSHES_TEST_KEY_VAR", NULL, &error);
  g_assert_cmpstr (key, ==, "changed");

  /* unset: an error naming the variable, not falling back to the keyring */
  g_unsetenv ("RUSHES_TEST_KEY_VAR");
  g_clear_pointer (&key, rushes_secrets_free_key);
  key = rushes_secrets_get_key_sync ("env-b", "RUSHES_TEST_KEY_VAR", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "RUSHES_TEST_KEY_VAR"));
  g_assert_null (strstr (error->message, canary));
  g_clear_error (&error);

  key = rushes_secrets_get_key_sync ("env-b", "BAD-NAME", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_INVALID);
  g_clear_error (&error);

  /* no variable: keyring */
  key = rushes_secrets_get_key_sync ("env-b", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (key, ==, "stored-key");

  g_clear_pointer (&key, rushes_secrets_free_key);
  key = rushes_secrets_get_key_sync ("env-missing", "", NULL, &error);
  g_assert_null (key);
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "env-missing"));
}

typedef struct
{
  GMainLoop *loop;
  char *key;
  gboolean ok;
  GThread *callback_thread;
} AsyncState;

static void
store_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *st = data;
  g_autoptr(GError) error = NULL;

  st->ok = rushes_secrets_store_finish (result, &error);
  g_assert_no_error (error);
  st->callback_thread = g_thread_self ();
  g_main_loop_quit (st->loop);
}

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *st = data;
  g_autoptr(GError) error = NULL;

  st->key = rushes_secrets_lookup_finish (result, &error);
  g_assert_no_error (error);
  st->callback_thread = g_thread_self ();
  g_main_loop_quit (st->loop);
}

static void
clear_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *st = data;
  g_autoptr(GError) error = NULL;

  st->ok = rushes_secrets_clear_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (st->loop);
}

static void
test_async (void)
{
  AsyncState st = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  st.loop = g_main_loop_new (NULL, FALSE);

  rushes_secrets_store ("async-a", "label", "k-async", NULL, store_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_true (st.ok);
  g_assert_true (st.callback_thread == g_thread_self ());

  rushes_secrets_lookup ("async-a", NULL, lookup_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_cmpstr (st.key, ==, "k-async");
  g_assert_true (st.callback_thread == g_thread_self ());
  g_clear_pointer (&st.key, rushes_secrets_free_key);

  st.ok = FALSE;
  rushes_secrets_clear ("async-a", NULL, clear_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_true (st.ok);

  rushes_secrets_lookup ("async-a", NULL, lookup_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_null (st.key);

  g_main_loop_unref (st.loop);
}

static void
cancelled_lookup_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncState *st = data;
  g_autoptr(GError) error = NULL;

  st->key = rushes_secrets_lookup_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  st->ok = TRUE;
  g_main_loop_quit (st->loop);
}

static void
test_async_cancelled (void)
{
  AsyncState st = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  st.loop = g_main_loop_new (NULL, FALSE);
  g_cancellable_cancel (cancellable);
  rushes_secrets_lookup ("x", cancellable, cancelled_lookup_cb, &st);
  g_main_loop_run (st.loop);
  g_assert_true (st.ok);
  g_assert_null (st.key);
  g_main_loop_unref (st.loop);
}

static void
test_key_cache (void)
{
  RushesHostedKeyCache cache;
  g_autoptr(GError) error = NULL;
  guint gen = rushes_secrets_get_generation ();
  char *key;

  _rushes_hosted_key_cache_init (&cache);

  g_assert_true (rushes_secrets_store_sync ("cache-a", NULL, "first-key-123", NULL, NULL));
  g_assert_cmpuint (rushes_secrets_get_generation (), !=, gen);
  key = _rushes_hosted_key_cache_get (&cache, "cache-a", NULL, NULL, &error);
  g_assert_cmpstr (key, ==, "first-key-123");
  rushes_secrets_free_key (key);

  /* replaced in this process: the cache notices */
  g_assert_true (rushes_secrets_store_sync ("cache-a", NULL, "second-key-456", NULL, NULL));
  key = _rushes_hosted_key_cache_get (&cache, "cache-a", NULL, NULL, &error);
  g_assert_cmpstr (key, ==, "second-key-456");
  rushes_secrets_free_key (key);

  /* cleared: gone */
  g_assert_true (rushes_secrets_clear_sync ("cache-a", NULL, NULL));
  key = _rushes_hosted_key_cache_get (&cache, "cache-a", NULL, NULL, &error);
  g_assert_null (key);
  g_assert_error (error, RUSHES_SECRETS_ERROR, RUSHES_SECRETS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a variable is read at every use, never cached */
  g_setenv ("RUSHES_CACHE_TEST", "env-one", TRUE);
  key = _rushes_hosted_key_cache_get (&cache, "cache-a", "RUSHES_CACHE_TEST", NULL, &error);
  g_assert_cmpstr (key, ==, "env-one");
  rushes_secrets_free_key (key);
  g_setenv ("RUSHES_CACHE_TEST", "env-two", TRUE);
  key = _rushes_hosted_key_cache_get (&cache, "cache-a", "RUSHES_CACHE_TEST", NULL, &error);
  g_assert_cmpstr (key, ==, "env-two");
  rushes_secrets_free_key (key);
  g_unsetenv ("RUSHES_CACHE_TEST");

  _rushes_hosted_key_cache_clear (&cache);
}

static void
test_scrub (void)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "server said: token sk-scrub-987654 bad, sk-scrub-987654!");
  char *text = g_strdup ("log: sk-scrub-987654");

  g_assert_true (rushes_secrets_store_sync ("scrub-a", NULL, "sk-scrub-987654", NULL, NULL));
  _rushes_hosted_scrub_key (&error, &text, "scrub-a", NULL);
  g_assert_cmpstr (error->message, ==, "server said: token [key hidden] bad, [key hidden]!");
  g_assert_cmpstr (text, ==, "log: [key hidden]");
  g_free (text);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_setenv ("RUSHES_SECRETS_BACKEND", "memory", TRUE);

  g_test_add_func ("/secrets/schema", test_schema);
  g_test_add_func ("/secrets/memory-roundtrip", test_memory_roundtrip);
  g_test_add_func ("/secrets/invalid", test_invalid);
  g_test_add_func ("/secrets/env-source", test_env_source);
  g_test_add_func ("/secrets/async", test_async);
  g_test_add_func ("/secrets/async-cancelled", test_async_cancelled);
  g_test_add_func ("/secrets/key-cache", test_key_cache);
  g_test_add_func ("/secrets/scrub", test_scrub);

  return g_test_run ();
}
