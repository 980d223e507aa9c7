#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that every #include in src/ follows the layer table of README.md.

A file's layer is the directory it lives in (src/core, src/backends,
src/media, src/media-gdk, src/widgets, src/cli; src/main.c is the window's
program, above all of them, src/main-cli.c the command line's, above
core, backends, media and cli only, and src/main-launcher.c `rushes`, which
uses GLib and rushes-cli-names.h only). A layer may include:

  - the project headers ("rushes-….h") of its own directory and of the layers
    it may use;
  - the system headers of the libraries it may use. GLib, GIO, json-glib and
    the C library are open to every layer; the others are listed in
    LIBRARIES and LAYERS below.

The build already fails on a project header of a forbidden layer (it is not
on the include path); this check also covers what the include path cannot:
GTK's headers come with GDK in the gtk4 package that src/media-gdk needs,
and GStreamer is in src/backends for Sketch only.

Usage: check_layers.py [--root DIR]
"""
import argparse
import os
import re
import sys

# system header families that not every layer may use: name -> pattern
LIBRARIES = {
    "GTK": re.compile(r"gtk/"),
    "libadwaita": re.compile(r"adwaita\.h$"),
    "GDK": re.compile(r"gdk/"),
    "gdk-pixbuf": re.compile(r"gdk-pixbuf/"),
    "libwebp": re.compile(r"webp/"),
    "GStreamer": re.compile(r"gst/"),
    "GES": re.compile(r"ges/"),
    "libcurl": re.compile(r"curl/"),
    "libsoup": re.compile(r"libsoup/"),
    "libsecret": re.compile(r"libsecret/"),
    "cairo": re.compile(r"cairo(-[a-z]+)?\.h$|cairo/"),
    "pango": re.compile(r"pango/"),
}

SKETCH_ONLY = ("GStreamer", "cairo", "pango")

# layer -> (project layers it may include, libraries it may include, note)
LAYERS = {
    "core": ({"core"}, set(), "GLib, GIO, json-glib"),
    "backends": ({"core", "backends"},
                 {"libcurl", "libsoup", "libsecret"} | set(SKETCH_ONLY),
                 "core, libcurl, libsoup, libsecret; GStreamer, cairo, pango in Sketch only"),
    "media": ({"core", "media"},
              {"GStreamer", "GES", "gdk-pixbuf", "libwebp"},
              "core, GStreamer, GES; no GTK, no GDK"),
    "media-gdk": ({"core", "media", "media-gdk"},
                  {"GStreamer", "GES", "GDK"},
                  "core, media, GStreamer, GES, GDK (paintables and textures only: <gdk/gdk.h>)"),
    "widgets": ({"core", "backends", "media", "media-gdk", "widgets"}, set(LIBRARIES),
                "everything below, GTK 4, libadwaita"),
    "cli": ({"core", "backends", "media", "cli"},
            {"GStreamer", "GES", "libcurl", "libsoup", "libsecret"},
            "core, backends, media; no widgets, no GTK"),
    "app": ({"core", "backends", "media", "media-gdk", "widgets", "cli"}, set(LIBRARIES),
            "everything (src/main.c)"),
    "cli-app": ({"core", "backends", "media", "cli"},
                {"GStreamer", "GES", "libcurl", "libsoup", "libsecret"},
                "core, backends, media, cli; no widgets, no GTK (src/main-cli.c)"),
    "launcher": ({"cli"}, set(), "GLib and rushes-cli-names.h only (src/main-launcher.c)"),
}

# the programs in src/ itself: file -> layer
PROGRAMS = {
    "main.c": "app",
    "main-cli.c": "cli-app",
    "main-launcher.c": "launcher",
}

# generated headers and the layer whose build directory holds them
GENERATED = {
    "rushes-resources.h": "widgets",
    "rushes-hosted-resources.h": "backends",
}

INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"]', re.MULTILINE)


def layer_of(rel):
    """src/core/x.c -> "core"; src/main.c -> "app"; src/main-cli.c -> "cli-app"."""
    parts = rel.split("/")
    if len(parts) == 2:
        return PROGRAMS.get(parts[1], "app")
    return parts[1]


def source_files(root):
    files = []
    for dirpath, _dirs, names in os.walk(os.path.join(root, "src")):
        for name in names:
            if name.endswith((".c", ".h")):
                files.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return sorted(files)


def blank_comments(source):
    """Comments out, line numbers kept."""
    def keep_newlines(match):
        return "\n" * match.group(0).count("\n")
    return re.sub(r"/\*.*?\*/|//[^\n]*", keep_newlines, source, flags=re.DOTALL)


def includes(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
        source = blank_comments(f.read())
    for match in INCLUDE.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        yield line, match.group(1), match.group(2)


def library_of(name):
    for library, pattern in LIBRARIES.items():
        if pattern.match(name):
            return library
    return None


def check_include(rel, layer, delim, name, header_layers):
    """The rule an include breaks, or None."""
    may_include, may_use, note = LAYERS[layer]
    where = rel if len(rel.split("/")) == 2 else f"src/{layer}"
    base = os.path.basename(name)

    if delim == '"' and base.startswith("rushes-"):
        owner = header_layers.get(base) or GENERATED.get(base)
        if owner is None:
            return f"no header {base} under src/"
        if owner not in may_include:
            return f"{where} may not include headers of src/{owner} ({layer} may use: {note})"
        return None

    library = library_of(name)
    if library is None:
        return None
    if library not in may_use:
        return f"{where} may not use {library} ({layer} may use: {note})"
    if layer == "backends" and library in SKETCH_ONLY and not base_of(rel).startswith("rushes-sketch-"):
        return f"src/backends uses {library} for Sketch only (rushes-sketch-*), not in {base_of(rel)}"
    if layer == "media-gdk" and library == "GDK" and name != "gdk/gdk.h":
        return "src/media-gdk uses GDK for paintables and textures only, through <gdk/gdk.h>"
    return None


def base_of(rel):
    return rel.rsplit("/", 1)[-1]


def check(root):
    files = source_files(root)
    header_layers = {}
    for rel in files:
        if rel.endswith(".h"):
            header_layers.setdefault(base_of(rel), layer_of(rel))

    problems = []
    for rel in files:
        layer = layer_of(rel)
        if layer not in LAYERS:
            problems.append(f"{rel}: src/{layer} is not a layer of the table "
                            "(core, backends, media, media-gdk, widgets, cli)")
            continue
        for line, delim, name in includes(root, rel):
            rule = check_include(rel, layer, delim, name, header_layers)
            if rule is not None:
                closing = ">" if delim == "<" else '"'
                problems.append(f"{rel}:{line}: #include {delim}{name}{closing}: {rule}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    args = parser.parse_args(argv)
    root = os.path.abspath(args.root)
    problems = check(root)
    for p in problems:
        print(p)
    if not problems:
        print(f"src/: every #include follows the layer table ({len(source_files(root))} files)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
