#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Re-takes data/screenshots/main.png: three takes made with `rushes generate`
# into a throw-away home, the window under Xvfb, two takes put on the
# timeline through their menus, a prompt typed and generated, a screenshot.
#
#   xvfb-run -a -s "-screen 0 1280x800x24" build-aux/screenshot.sh [BUILDDIR] [OUT.png]
#
# Needs: xdotool, imagemagick (import). The clicks assume 1280×800.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-$top/_build}
out=${2:-$top/data/screenshots/main.png}
rushes=$builddir/src/rushes

home=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" \
       XDG_CACHE_HOME="$home/.cache" GSETTINGS_SCHEMA_DIR="$builddir/data" \
       GSETTINGS_BACKEND=memory GSK_RENDERER=cairo NO_AT_BRIDGE=1 GTK_A11Y=none

gen() { "$rushes" generate --library -s "$1" --size 848x480 --fps 12 --seed "$2" -p "$3" >/dev/null 2>&1; }
gen 2 11 "Slow dolly across a rain-soaked neon street at night"
gen 3 23 "Paper boat drifting down a gutter, macro lens, morning light"
gen 2 5 "Lighthouse on a cliff in a storm, waves crashing, wide shot"

"$rushes" >/dev/null 2>&1 &
pid=$!
sleep 4

# "Add to Timeline" from the menus of the first two takes in the grid
xdotool mousemove 1200 130 sleep 0.3 mousemove 1250 113 click 1 sleep 0.8
xdotool mousemove 1209 196 click 1 sleep 1.5
xdotool mousemove 1050 130 sleep 0.3 mousemove 1100 113 click 1 sleep 0.8
xdotool mousemove 1100 196 click 1 sleep 1.5

# type a prompt, Ctrl+Enter, wait for the take
xdotool mousemove 170 160 click 1 sleep 0.5
xdotool type --delay 15 "A red kite dancing over green hills, drone shot, golden hour"
xdotool sleep 0.3 key ctrl+Return
sleep 5
import -window root "$out"
