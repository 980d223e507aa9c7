#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that po/POTFILES.in lists every file with translatable strings and
that every file it lists exists.

Files that must be listed:
  - tracked files under src/ (.c, .h) that use _(), N_(), C_(), NC_(), Q_(),
    ngettext() or another gettext call
  - ui/**/*.ui files with translatable="yes"
  - data/*.desktop.in, data/*.metainfo.xml.in and data/*.gschema.xml

"Tracked" means `git ls-files` when ROOT is a git checkout, otherwise every
file on disk.

Usage: check_potfiles.py [--root DIR]
"""
import argparse
import os
import re
import subprocess
import sys

# The keywords xgettext uses with meson's "glib" preset plus C's defaults.
GETTEXT_CALL = re.compile(r"(?<![A-Za-z0-9_])(?:N_|C_|NC_|Q_|_|g_dcgettext|g_dngettext|g_dpgettext2?"
                          r"|gettext|dgettext|dcgettext|ngettext|dngettext|dcngettext)\s*\(")
TRANSLATABLE_UI = re.compile(r"""translatable\s*=\s*["'](?:yes|true|1)["']""", re.IGNORECASE)
DATA_SUFFIXES = (".desktop.in", ".metainfo.xml.in", ".appdata.xml.in", ".gschema.xml")


def tracked_files(root):
    try:
        run = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True, check=True)
        return sorted(p for p in run.stdout.decode().split("\0") if p)
    except (OSError, subprocess.CalledProcessError):
        files = []
        for top in ("src", "ui", "data"):
            for dirpath, _dirs, names in os.walk(os.path.join(root, top)):
                for name in names:
                    files.append(os.path.relpath(os.path.join(dirpath, name), root))
        return sorted(files)


def read(root, rel):
    try:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def needs_translation(root, rel):
    if rel.startswith("src/") and rel.endswith((".c", ".h")):
        return GETTEXT_CALL.search(strip_comments(read(root, rel))) is not None
    if rel.startswith("ui/") and rel.endswith(".ui"):
        return TRANSLATABLE_UI.search(read(root, rel)) is not None
    if rel.startswith("data/") and rel.count("/") == 1 and rel.endswith(DATA_SUFFIXES):
        return True
    return False


def strip_comments(source):
    # Comments mention _() in prose; strings may too, but then they are real.
    source = re.sub(r"/\*.*?\*/", " ", source, flags=re.DOTALL)
    return re.sub(r"//[^\n]*", " ", source)


def listed_files(root):
    entries = []
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                entries.append(line)
    return entries


def check(root):
    problems = []
    try:
        listed = listed_files(root)
    except OSError as e:
        return [f"cannot read po/POTFILES.in: {e}"]
    seen = set(listed)
    for entry in sorted(seen):
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append(f"po/POTFILES.in lists {entry}, which does not exist")
    for rel in tracked_files(root):
        if rel not in seen and os.path.isfile(os.path.join(root, rel)) and needs_translation(root, rel):
            problems.append(f"{rel} has translatable strings but is missing from po/POTFILES.in")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    problems = check(root)
    for p in problems:
        print(p)
    # Harmless to xgettext (merges that keep both sides leave these): a note only.
    listed = listed_files(root) if os.path.isfile(os.path.join(root, "po", "POTFILES.in")) else []
    for entry in sorted({e for e in listed if listed.count(e) > 1}):
        print(f"note: po/POTFILES.in lists {entry} more than once")
    if not problems:
        print("po/POTFILES.in: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
