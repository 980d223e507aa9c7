#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Install missing dependencies, build, and run the whole test suite under a
# virtual X server.
#
#   build-aux/test.sh [BUILDDIR] [meson test arguments…]
#
# Environment:
#   BUILDDIR    build directory when not given as the first argument (_build)
#   WERROR=1    build with warnings as errors (--werror)
#   MESON_ARGS  extra options for meson setup/configure, e.g.
#               "-Db_sanitize=address,undefined -Db_lundef=false"
#   JOBS        parallel compile jobs (default: ninja's choice)
set -euo pipefail
cd "$(dirname "$0")/.."

builddir=${BUILDDIR:-_build}
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  builddir=$1
  shift
fi

build-aux/deps.sh

# The Replicate contract test's mock server (Prism), pinned by the lock file.
if [ ! -x tests/contract/node_modules/.bin/prism ]; then
  npm ci --prefix tests/contract --ignore-scripts --no-audit --no-fund </dev/null
fi

options=()
if [ "${WERROR:-0}" = 1 ]; then
  options+=(-Dwerror=true)
fi
# shellcheck disable=SC2206 # MESON_ARGS is a list of options on purpose
options+=(${MESON_ARGS:-})

if [ -f "$builddir/build.ninja" ]; then
  if [ ${#options[@]} -gt 0 ]; then
    meson configure "$builddir" "${options[@]}"
  fi
else
  meson setup "$builddir" "${options[@]}"
fi
meson compile -C "$builddir" ${JOBS:+-j "$JOBS"}

xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp" \
  meson test -C "$builddir" --print-errorlogs "$@"
