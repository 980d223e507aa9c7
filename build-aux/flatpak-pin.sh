#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Point the app module of flatpak.json at a release tag, pinned by the tag's
# commit (Flathub refuses git sources without a commit).
#
#   build-aux/flatpak-pin.sh v0.1.0
set -euo pipefail
cd "$(dirname "$0")/.."

tag=${1:?usage: build-aux/flatpak-pin.sh TAG}
commit=$(git rev-parse --verify "refs/tags/$tag^{commit}")
python3 - "$tag" "$commit" <<'PY'
import json, sys
tag, commit = sys.argv[1:]
with open("flatpak.json", encoding="utf-8") as f:
    m = json.load(f)
m["modules"][-1]["sources"] = [{
    "type": "git",
    "url": "https://github.com/rushesapp/rushes.git",
    "tag": tag,
    "commit": commit,
}]
with open("flatpak.json", "w", encoding="utf-8") as f:
    json.dump(m, f, indent=2)
    f.write("\n")
PY
echo "flatpak.json: rushes pinned to $tag ($commit)"
