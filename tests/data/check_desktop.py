#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Validate the desktop file with desktop-file-validate (the flags
flatpak-builder-lint uses), then check Flathub's extra rules.

Usage: check_desktop.py FILE --app-id ID [--validator desktop-file-validate]
"""
import argparse
import configparser
import os
import subprocess
import sys

GENERIC_CATEGORIES = {"GTK", "GNOME", "Qt", "KDE", "Application"}


def check(path, app_id, validator):
    problems = []
    if os.path.basename(path) != app_id + ".desktop":
        problems.append(f"file name must be {app_id}.desktop")
    # desktop-file-validate 0.26 accepts --no-hints, --no-warn-deprecated, --warn-kde.
    run = subprocess.run([validator, "--no-hints", "--no-warn-deprecated", path],
                         capture_output=True, text=True)
    output = (run.stdout + run.stderr).strip()
    if run.returncode != 0 or output:
        problems.append(f"desktop-file-validate: {output or 'exit ' + str(run.returncode)}")

    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as e:
        return problems + [f"cannot parse: {e}"]
    if not parser.has_section("Desktop Entry"):
        return problems + ["no [Desktop Entry] group"]
    entry = parser["Desktop Entry"]
    if entry.get("Icon") != app_id:
        problems.append(f"Icon is {entry.get('Icon')!r}, expected {app_id!r}")
    exec_line = entry.get("Exec", "")
    if not exec_line:
        problems.append("Exec missing")
    if "flatpak run" in exec_line:
        problems.append("Exec must not use 'flatpak run'")
    for key in ("Hidden", "NoDisplay"):
        if entry.get(key, "false").lower() == "true":
            problems.append(f"{key}=true hides the application")
    cats = [c for c in entry.get("Categories", "").split(";") if c]
    if not cats:
        problems.append("Categories missing")
    elif set(cats) <= GENERIC_CATEGORIES:
        problems.append(f"Categories {cats} has no real category")
    if entry.get("Type") != "Application":
        problems.append("Type must be Application")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--validator", default="desktop-file-validate")
    args = parser.parse_args(argv)
    problems = check(args.file, args.app_id, args.validator)
    for p in problems:
        print(f"{args.file}: {p}")
    if not problems:
        print(f"{args.file}: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
