#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Build and install the Flatpak from this checkout (uncommitted changes
# included). flatpak.json is the release manifest: it fetches the app from git
# pinned by commit, because Flathub forbids `dir` sources. This script writes a
# variant whose app source is this directory, named by the app id as
# flatpak-builder-lint wants, and builds it.
#
#   build-aux/flatpak-local.sh            write _build-flatpak/<id>.json, build, install (--user)
#   build-aux/flatpak-local.sh --manifest-only
#
# Needs flatpak with the Flathub remote; uses flatpak-builder if installed,
# otherwise the org.flatpak.Builder Flatpak.
set -euo pipefail
cd "$(dirname "$0")/.."

out=_build-flatpak   # ignored by .gitignore (/_build*/)
mkdir -p "$out"
manifest=$(python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
with open("flatpak.json", encoding="utf-8") as f:
    m = json.load(f)
app = m["modules"][-1]
assert app["name"] == "rushes", "the app must be the last module"
app["sources"] = [{"type": "dir", "path": ".."}]   # relative to the manifest in _build-flatpak/
path = f"{out}/{m['id']}.json"
with open(path, "w", encoding="utf-8") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
print(path)
PY
)
echo "wrote $manifest"
[ "${1:-}" = "--manifest-only" ] && exit 0

if command -v flatpak-builder >/dev/null 2>&1; then
  builder=(flatpak-builder)
else
  flatpak install --user --noninteractive flathub org.flatpak.Builder
  builder=(flatpak run org.flatpak.Builder)
fi
"${builder[@]}" --user --install --force-clean --install-deps-from=flathub \
  --state-dir="$out/state" "$out/build" "$manifest"
echo "installed; start it with: flatpak run $(basename "$manifest" .json)"
