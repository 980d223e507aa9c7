#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Install what Rushes needs to build and to run its tests on Debian 12, if
# anything is missing. Runs apt-get through sudo when not root; never asks.
#
#   build-aux/deps.sh          install what is missing
#   build-aux/deps.sh --list   print the package list
#
# One list for everything: add a package here when your code or tests need it.
set -euo pipefail

RUSHES_DEB_PACKAGES=(
  # build
  meson ninja-build pkg-config gcc libc6-dev gettext libglib2.0-dev-bin
  libgtk-4-dev libadwaita-1-dev
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev libgstreamer-plugins-bad1.0-dev libges-1.0-dev
  libcurl4-openssl-dev libjson-glib-dev libsecret-1-dev libsoup-3.0-dev
  # run time: GStreamer elements
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  gstreamer1.0-plugins-ugly gstreamer1.0-libav gstreamer1.0-tools
  # tests: display, validators, media oracles, fake servers
  xvfb xauth desktop-file-utils appstream python3 python3-jsonschema shellcheck ffmpeg imagemagick melt
  nodejs npm
  # bench/startup
  libx11-dev
)

# Packages that count as present when their command is on PATH: NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package.
declare -A RUSHES_DEB_COMMANDS=([nodejs]=node [npm]=npm)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${RUSHES_DEB_PACKAGES[@]}"
  exit 0
fi

missing=()
for pkg in "${RUSHES_DEB_PACKAGES[@]}"; do
  cmd=${RUSHES_DEB_COMMANDS[$pkg]:-}
  if [ -n "$cmd" ] && command -v "$cmd" >/dev/null 2>&1; then
    continue
  fi
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "deps: all ${#RUSHES_DEB_PACKAGES[@]} packages present"
  exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "deps: not root and no sudo; install these as root: ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -q "${missing[@]}" </dev/null
