#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the app icons: a square full-colour SVG named by the app id (what
Flathub accepts without a PNG), and a 16×16 single-colour symbolic SVG, both
self-contained (no raster images, no text that needs a font, no external
references).

Usage: check_icons.py ICONDIR --app-id ID   (ICONDIR holds hicolor/)
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
COLOR_ATTRS = ("fill", "stroke", "stop-color", "color")


def number(value):
    m = re.match(r"^\s*([0-9.]+)\s*(px)?\s*$", value or "")
    return float(m.group(1)) if m else None


def size(root):
    box = root.get("viewBox")
    if box:
        parts = [float(p) for p in re.split(r"[\s,]+", box.strip())]
        if len(parts) == 4:
            return parts[2], parts[3]
    return number(root.get("width")), number(root.get("height"))


def common_problems(path, root):
    problems = []
    if root.tag != SVG + "svg":
        return [f"{path}: root element is not an SVG <svg>"]
    w, h = size(root)
    if not w or not h or w != h:
        problems.append(f"{path}: not square ({w}×{h})")
    for el in root.iter():
        tag = el.tag.replace(SVG, "")
        if tag == "image":
            problems.append(f"{path}: embeds a raster <image>")
        if tag in ("text", "tspan"):
            problems.append(f"{path}: uses <{tag}>, which needs a font; convert text to paths")
        href = el.get(XLINK) or el.get("href") or ""
        if href and not href.startswith("#"):
            problems.append(f"{path}: external reference {href!r}")
    return problems


def colours(root):
    found = set()
    for el in root.iter():
        values = [el.get(a) for a in COLOR_ATTRS]
        for decl in (el.get("style") or "").split(";"):
            if ":" in decl:
                key, value = decl.split(":", 1)
                if key.strip() in COLOR_ATTRS:
                    values.append(value)
        for v in values:
            if v and v.strip().lower() not in ("none", "currentcolor", "inherit"):
                found.add(v.strip().lower())
    return found


def parse(path):
    try:
        return ET.parse(path).getroot(), []
    except (OSError, ET.ParseError) as e:
        return None, [f"{path}: cannot parse: {e}"]


def check(icondir, app_id):
    problems = []
    full = os.path.join(icondir, "hicolor", "scalable", "apps", app_id + ".svg")
    sym = os.path.join(icondir, "hicolor", "symbolic", "apps", app_id + "-symbolic.svg")

    root, errs = parse(full)
    problems += errs
    if root is not None:
        problems += common_problems(full, root)
        if len(colours(root)) < 2:
            problems.append(f"{full}: a full-colour icon needs more than one colour")

    root, errs = parse(sym)
    problems += errs
    if root is not None:
        problems += common_problems(sym, root)
        if size(root) != (16, 16):
            problems.append(f"{sym}: symbolic icons are drawn on a 16×16 canvas, not {size(root)}")
        used = colours(root)
        if len(used) > 1:
            problems.append(f"{sym}: symbolic icons use one colour (GTK recolours it), found {sorted(used)}")
        if any(el.tag.replace(SVG, "") in ("linearGradient", "radialGradient") for el in root.iter()):
            problems.append(f"{sym}: symbolic icons have no gradients")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("icondir")
    parser.add_argument("--app-id", required=True)
    args = parser.parse_args(argv)
    problems = check(args.icondir, args.app_id)
    for p in problems:
        print(p)
    if not problems:
        print("icons: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
