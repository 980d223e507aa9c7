#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that the shared-mime-info package declares the project files'
MIME type and that the desktop file opens it (MimeType and a file field
code in Exec), so that file managers and GNOME's Recent open .rushes files
with Rushes.

Usage: check_mime.py MIME_XML --desktop FILE [--type application/x-rushes-project]
       [--glob *.rushes]
"""
import argparse
import configparser
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
FIELD_CODES = ("%f", "%F", "%u", "%U")


def check(mime_xml, desktop, mime_type, glob):
    problems = []
    try:
        root = ET.parse(mime_xml).getroot()
    except (ET.ParseError, OSError) as e:
        return [f"{mime_xml}: cannot parse: {e}"]
    if root.tag != NS + "mime-info":
        problems.append(f"{mime_xml}: root is {root.tag}, expected mime-info")
    declared = {m.get("type"): m for m in root.iter(NS + "mime-type")}
    entry = declared.get(mime_type)
    if entry is None:
        problems.append(f"{mime_xml}: {mime_type} is not declared")
    else:
        globs = [g.get("pattern") for g in entry.iter(NS + "glob")]
        if glob not in globs:
            problems.append(f"{mime_xml}: {mime_type} has no glob {glob} (has {globs})")
        if entry.find(NS + "comment") is None:
            problems.append(f"{mime_xml}: {mime_type} has no comment")

    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    try:
        parser.read(desktop, encoding="utf-8")
        section = parser["Desktop Entry"]
    except (configparser.Error, KeyError) as e:
        return problems + [f"{desktop}: cannot read: {e}"]
    types = [t for t in section.get("MimeType", "").split(";") if t]
    if mime_type not in types:
        problems.append(f"{desktop}: MimeType does not list {mime_type} (lists {types})")
    exec_args = section.get("Exec", "").split()
    if not any(code in exec_args for code in FIELD_CODES):
        problems.append(f"{desktop}: Exec takes no file ({' '.join(FIELD_CODES)})")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mime_xml")
    parser.add_argument("--desktop", required=True)
    parser.add_argument("--type", default="application/x-rushes-project")
    parser.add_argument("--glob", default="*.rushes")
    args = parser.parse_args(argv)
    problems = check(args.mime_xml, args.desktop, args.type, args.glob)
    for p in problems:
        print(p)
    if not problems:
        print(f"{args.mime_xml}, {args.desktop}: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
