#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the compiled GSettings schema against the keys the code relies on
(names, types, defaults, ranges), through `gsettings --schemadir`.

Usage: check_gschema.py SCHEMADIR [--schema ID]
"""
import argparse
import subprocess
import sys

EXPECTED = {
    # key: (default as printed by gsettings, range as printed by gsettings)
    "window-width": ("1280", "range i 360 16384"),
    "window-height": ("800", "range i 480 16384"),
    "window-maximized": ("false", "type b"),
    "last-backend": ("'sketch'", "type s"),
    "library-folder": ("''", "type s"),
    "reuse-seed": ("true", "type b"),
    "prompt-history-limit": ("500", None),
}


def gsettings(schemadir, *args):
    run = subprocess.run(["gsettings", "--schemadir", schemadir, *args],
                         capture_output=True, text=True,
                         env={"GSETTINGS_BACKEND": "memory", "PATH": "/usr/bin:/bin"})
    return run.returncode, run.stdout.strip(), run.stderr.strip()


def check(schemadir, schema):
    problems = []
    rc, out, err = gsettings(schemadir, "list-keys", schema)
    if rc != 0:
        return [f"schema {schema} not found in {schemadir}: {err}"]
    keys = set(out.split())
    for key, (default, rng) in EXPECTED.items():
        if key not in keys:
            problems.append(f"key {key} missing")
            continue
        _, value, _ = gsettings(schemadir, "get", schema, key)
        if value != default:
            problems.append(f"{key}: default is {value}, expected {default}")
        if rng is not None:
            _, got, _ = gsettings(schemadir, "range", schema, key)
            got = " ".join(got.split())
            if got != rng:
                problems.append(f"{key}: range is {got!r}, expected {rng!r}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("schemadir")
    parser.add_argument("--schema", default="io.github.rushesapp.Rushes")
    args = parser.parse_args(argv)
    problems = check(args.schemadir, args.schema)
    for p in problems:
        print(p)
    if not problems:
        print(f"{args.schema}: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
