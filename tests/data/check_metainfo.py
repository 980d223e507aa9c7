#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the fields Flathub requires in the metainfo that appstreamcli 0.16
lets through (it passes files without releases, screenshots, homepage or
branding and does not know <developer>).

Usage: check_metainfo.py FILE --app-id ID --version VERSION [--today YYYY-MM-DD]
"""
import argparse
import datetime
import re
import sys
import xml.etree.ElementTree as ET

COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A screenshot must come from a tag or a commit, never from a moving branch.
RAW_URL = re.compile(r"^https://raw\.githubusercontent\.com/[^/]+/[^/]+/(?P<ref>[^/]+)/.+$")
MOVING_REFS = {"main", "master", "HEAD", "trunk", "develop", "devel"}


def text(node):
    return (node.text or "").strip() if node is not None else ""


def check(path, app_id, version, today):
    problems = []
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as e:
        return [f"cannot parse: {e}"]

    if root.tag != "component" or root.get("type") != "desktop-application":
        problems.append('root must be <component type="desktop-application">')
    if text(root.find("id")) != app_id:
        problems.append(f"<id> is {text(root.find('id'))!r}, expected {app_id!r}")
    if text(root.find("metadata_license")) not in ("CC0-1.0", "FSFAP", "MIT", "CC-BY-3.0", "CC-BY-SA-3.0", "CC-BY-4.0", "CC-BY-SA-4.0", "GFDL-1.1", "GFDL-1.2", "GFDL-1.3", "0BSD"):
        problems.append("<metadata_license> missing or not a permissive licence")
    if not text(root.find("project_license")):
        problems.append("<project_license> missing")
    for tag in ("name", "summary"):
        if not text(root.find(tag)):
            problems.append(f"<{tag}> missing")
    if root.find("description") is None or not list(root.find("description")):
        problems.append("<description> missing or empty")

    dev = root.find("developer")
    if dev is None:
        problems.append("<developer> missing")
    else:
        if not dev.get("id"):
            problems.append("<developer> needs an id attribute")
        if not text(dev.find("name")):
            problems.append("<developer> needs a <name>")
    if root.find("developer_name") is not None:
        problems.append("<developer_name> is deprecated; use <developer><name>")

    launch = [l for l in root.findall("launchable") if l.get("type") == "desktop-id"]
    if not launch:
        problems.append('<launchable type="desktop-id"> missing')
    elif text(launch[0]) != app_id + ".desktop":
        problems.append(f"launchable is {text(launch[0])!r}, expected {app_id + '.desktop'!r}")

    homepage = [u for u in root.findall("url") if u.get("type") == "homepage"]
    if not homepage or not text(homepage[0]).startswith("https://"):
        problems.append('<url type="homepage"> missing or not https')

    rating = root.find("content_rating")
    if rating is None or rating.get("type") != "oars-1.1":
        problems.append('<content_rating type="oars-1.1"> missing')

    releases = root.findall("releases/release")
    if not releases:
        problems.append("<releases> missing or empty")
    dates = []
    for rel in releases:
        v, d = rel.get("version"), rel.get("date")
        if not v or not d:
            problems.append(f"release {v!r} needs both version and date")
            continue
        try:
            day = datetime.date.fromisoformat(d[:10])
        except ValueError:
            problems.append(f"release {v}: bad date {d!r}")
            continue
        if day > today:
            problems.append(f"release {v} is dated in the future ({d})")
        dates.append(day)
    if dates != sorted(dates, reverse=True):
        problems.append("releases must be listed newest first")
    if releases and releases[0].get("version") != version:
        problems.append(f"newest release is {releases[0].get('version')!r} but the project version is {version!r}")

    shots = root.findall("screenshots/screenshot")
    if not shots:
        problems.append("<screenshots> missing")
    if shots and not any(s.get("type") == "default" for s in shots):
        problems.append('no <screenshot type="default">')
    for shot in shots:
        images = shot.findall("image")
        if not images:
            problems.append("screenshot without <image>")
        if not text(shot.find("caption")):
            problems.append("screenshot without <caption>")
        for img in images:
            url = text(img)
            if not url.startswith("https://"):
                problems.append(f"screenshot {url!r} is not an https URL")
            if url.lower().endswith((".svg", ".svgz")):
                problems.append(f"screenshot {url!r} must not be SVG")
            m = RAW_URL.match(url)
            if m is None:
                problems.append(f"screenshot {url!r} must be a raw.githubusercontent.com URL from a tag or commit")
            elif m.group("ref") in MOVING_REFS:
                problems.append(f"screenshot {url!r} comes from the moving branch {m.group('ref')!r}; use a tag or commit")

    colors = {c.get("scheme_preference"): text(c) for c in root.findall("branding/color")
              if c.get("type") == "primary"}
    for scheme in ("light", "dark"):
        if scheme not in colors:
            problems.append(f"<branding> lacks a {scheme} primary colour")
        elif not COLOR.match(colors[scheme]):
            problems.append(f"<branding> {scheme} colour {colors[scheme]!r} is not #rrggbb")
    if colors.get("light") and colors.get("light") == colors.get("dark"):
        problems.append("<branding> light and dark colours are the same")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--app-id", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today())
    args = parser.parse_args(argv)
    problems = check(args.file, args.app_id, args.version, args.today)
    for p in problems:
        print(f"{args.file}: {p}")
    if not problems:
        print(f"{args.file}: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
