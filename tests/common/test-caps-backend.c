/* test-caps-backend.c: a backend that only answers with chosen
 * capabilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-caps-backend.h"

struct _TestCapsBackend
{
  GObject             parent_instance;
  char               *id;
  gboolean            remote;
  RushesCapabilities *caps;
};

static const char *
test_caps_backend_get_id (RushesBackend *backend)
{
  return TEST_CAPS_BACKEND (backend)->id;
}

static const char *
test_caps_backend_get_kind (RushesBackend *backend)
{
  return "test";
}

static gboolean
test_caps_backend_is_remote (RushesBackend *backend)
{
  return TEST_CAPS_BACKEND (backend)->remote;
}

static RushesCapabilities *
test_caps_backend_get_capabilities (RushesBackend *backend)
{
  return rushes_capabilities_ref (TEST_CAPS_BACKEND (backend)->caps);
}

static void
test_caps_backend_iface_init (RushesBackendInterface *iface)
{
  iface->get_id = test_caps_backend_get_id;
  iface->get_kind = test_caps_backend_get_kind;
  iface->is_remote = test_caps_backend_is_remote;
  iface->get_capabilities = test_caps_backend_get_capabilities;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestCapsBackend, test_caps_backend, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUSHES_TYPE_BACKEND, test_caps_backend_iface_init))

static void
test_caps_backend_finalize (GObject *object)
{
  TestCapsBackend *self = TEST_CAPS_BACKEND (object);

  g_free (self->id);
  g_clear_pointer (&self->caps, rushes_capabilities_unref);
  G_OBJECT_CLASS (test_caps_backend_parent_class)->finalize (object);
}

static void
test_caps_backend_class_init (TestCapsBackendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_caps_backend_finalize;
}

static void
test_caps_backend_init (TestCapsBackend *self)
{
}

RushesBackend *
test_caps_backend_new (const char         *id,
                       gboolean            remote,
                       RushesCapabilities *caps)
{
  TestCapsBackend *self = g_object_new (TEST_TYPE_CAPS_BACKEND, NULL);

  self->id = g_strdup (id);
  self->remote = remote;
  self->caps = rushes_capabilities_ref (caps);
  return RUSHES_BACKEND (self);
}
