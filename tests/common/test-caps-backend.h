/* test-caps-backend.h: a backend that only answers with chosen
 * capabilities, for tests of the forms that follow them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "rushes-backend.h"

G_BEGIN_DECLS

#define TEST_TYPE_CAPS_BACKEND (test_caps_backend_get_type ())
G_DECLARE_FINAL_TYPE (TestCapsBackend, test_caps_backend, TEST, CAPS_BACKEND, GObject)

/* A backend named id, local or remote, whose every model has caps (a
 * reference is taken). It makes nothing: submit is not implemented. */
RushesBackend *test_caps_backend_new (const char         *id,
                                      gboolean            remote,
                                      RushesCapabilities *caps);

G_END_DECLS
