#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Install missing build dependencies, build, and start Rushes from the build
# tree (no installation). A fresh configuration uses the built-in offline
# Sketch backend: no account, no network, no GPU needed.
#
#   build-aux/run.sh [rushes arguments…]
#   BUILDDIR=… build-aux/run.sh        (default: _build)
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh
builddir=${BUILDDIR:-_build}
if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir" ${JOBS:+-j "$JOBS"}

# The schema is compiled into the build tree (data/gschemas.compiled).
export GSETTINGS_SCHEMA_DIR="$PWD/$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
exec "$builddir/src/rushes" "$@"
