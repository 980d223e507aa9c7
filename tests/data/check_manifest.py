#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check flatpak.json: the flatpak-builder JSON schema, then the Flathub
rules the schema does not cover (see PACKAGING.md §3 and README.md).

Usage: check_manifest.py MANIFEST --schema SCHEMA --app-id ID
Exit 0 when clean, 1 with one line per problem otherwise.
"""
import argparse
import json
import os
import re
import sys

import jsonschema

RUNTIME = "org.gnome.Platform"
SDK = "org.gnome.Sdk"
RUNTIME_VERSION = "50"
GES_SERIES = "1.26"

FINISH_ARGS = {
    "--share=ipc",
    "--socket=fallback-x11",
    "--socket=wayland",
    "--device=dri",
    "--socket=pulseaudio",
    "--share=network",
}

# flatpak-builder-lint's "broad" filesystem grants; any --filesystem is
# refused anyway (we use the file chooser portal), these get a clearer message.
BROAD_FILESYSTEMS = {"home", "host", "host-os", "host-etc", "xdg-config",
                     "xdg-data", "xdg-cache", "/"}

GES_OFF = ["doc", "examples", "introspection", "tests", "tools", "python", "validate"]

HEX40 = re.compile(r"^[0-9a-f]{40}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")

# Flathub: "The file name must equal the app id". This project keeps its
# manifest as flatpak.json (product layout); a Flathub submission carries a
# copy named <app-id>.json. That is the one documented exception.
FILE_NAME_EXCEPTION = "flatpak.json"


def iter_modules(modules, problems, path="modules"):
    for i, module in enumerate(modules or []):
        where = f"{path}[{i}]"
        if isinstance(module, str):
            problems.append(f"{where}: included module file {module!r} is not checked; inline it")
            continue
        yield where, module
        yield from iter_modules(module.get("modules"), problems, where + ".modules")


def check_build_args(where, options, problems):
    if not isinstance(options, dict):
        return
    if "--share=network" in (options.get("build-args") or []):
        problems.append(f"{where}: build-args must not contain --share=network")
    for arch, sub in (options.get("arch") or {}).items():
        check_build_args(f"{where}.arch.{arch}", sub, problems)


def check_source(where, source, problems):
    if isinstance(source, str):
        problems.append(f"{where}: external source file {source!r} is not checked; inline it")
        return
    kind = source.get("type")
    if kind == "dir":
        problems.append(f"{where}: type 'dir' is not allowed in Flathub builds")
    elif kind == "git":
        commit = source.get("commit")
        if not commit:
            problems.append(f"{where}: git source must pin a 'commit'")
        elif not HEX40.match(commit):
            problems.append(f"{where}: git commit {commit!r} is not a full 40-digit hash")
        if "branch" in source:
            problems.append(f"{where}: git source must not follow a 'branch'")
        if not str(source.get("url", "")).startswith("https://"):
            problems.append(f"{where}: git url must use https")
    elif kind in ("archive", "file"):
        if "path" in source and "url" not in source:
            return  # a file shipped in the repository
        sha = source.get("sha256")
        if sha is None and "sha512" not in source:
            problems.append(f"{where}: {kind} source must be pinned by sha256")
        elif sha is not None and not HEX64.match(sha):
            problems.append(f"{where}: sha256 {sha!r} is not 64 lower-case hex digits")
        if not str(source.get("url", "")).startswith("https://"):
            problems.append(f"{where}: {kind} url must use https")


def check(manifest_path, schema_path, app_id):
    problems = []
    try:
        with open(manifest_path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        return [f"{manifest_path}: cannot read: {e}"]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)

    validator = jsonschema.Draft7Validator(schema)
    for err in sorted(validator.iter_errors(manifest), key=lambda e: list(e.path)):
        loc = "/".join(str(p) for p in err.path) or "(top level)"
        problems.append(f"schema: {loc}: {err.message}")
    if not isinstance(manifest, dict):
        return problems

    mid = manifest.get("id", manifest.get("app-id"))
    if mid != app_id:
        problems.append(f"id is {mid!r}, expected {app_id!r}")
    base = os.path.basename(manifest_path)
    if base != FILE_NAME_EXCEPTION and os.path.splitext(base)[0] != app_id:
        problems.append(f"file name {base!r} must equal the app id (or be the documented exception {FILE_NAME_EXCEPTION!r})")

    if manifest.get("runtime") != RUNTIME:
        problems.append(f"runtime must be {RUNTIME}")
    if manifest.get("sdk") != SDK:
        problems.append(f"sdk must be {SDK}")
    if str(manifest.get("runtime-version")) != RUNTIME_VERSION:
        problems.append(f"runtime-version is {manifest.get('runtime-version')!r}, expected {RUNTIME_VERSION!r}")
    if "branch" in manifest:
        problems.append("top level must not set 'branch'")
    if manifest.get("command") != "rushes":
        problems.append("command must be 'rushes'")
    for ext, spec in (manifest.get("add-extensions") or {}).items():
        if spec.get("bundle") and not ext.startswith(app_id + "."):
            problems.append(f"bundled extension {ext!r} must be prefixed with the app id")

    finish = manifest.get("finish-args") or []
    for arg in finish:
        if arg.startswith("--filesystem="):
            target = arg.split("=", 1)[1].split(":", 1)[0].rstrip("/")
            if target in BROAD_FILESYSTEMS or target == "":
                problems.append(f"finish-args: broad filesystem access {arg!r}")
            else:
                problems.append(f"finish-args: {arg!r}: use the file chooser portal instead")
        if arg.startswith("--talk-name=org.freedesktop.portal."):
            problems.append(f"finish-args: {arg!r}: portals need no talk-name")
    if len(finish) != len(set(finish)):
        problems.append("finish-args: duplicate entries")
    missing = FINISH_ARGS - set(finish)
    extra = set(finish) - FINISH_ARGS
    if missing:
        problems.append("finish-args: missing " + ", ".join(sorted(missing)))
    if extra:
        problems.append("finish-args: not in the agreed set: " + ", ".join(sorted(extra)))

    check_build_args("build-options", manifest.get("build-options"), problems)

    modules = list(iter_modules(manifest.get("modules"), problems))
    for where, module in modules:
        check_build_args(f"{where}.build-options", module.get("build-options"), problems)
        for j, source in enumerate(module.get("sources") or []):
            check_source(f"{where}.sources[{j}] ({module.get('name')})", source, problems)

    names = [m.get("name") for _, m in modules]
    if "gst-editing-services" not in names:
        problems.append("no gst-editing-services module (GES is not in the GNOME runtime)")
    else:
        ges = next(m for _, m in modules if m.get("name") == "gst-editing-services")
        if ges.get("buildsystem") != "meson":
            problems.append("gst-editing-services: buildsystem must be meson")
        opts = ges.get("config-opts") or []
        for opt in GES_OFF:
            if f"-D{opt}=disabled" not in opts:
                problems.append(f"gst-editing-services: config-opts must contain -D{opt}=disabled")
        urls = [s.get("url", "") for s in ges.get("sources") or [] if isinstance(s, dict)]
        tags = [s.get("tag", "") for s in ges.get("sources") or [] if isinstance(s, dict)]
        pattern = re.compile(r"(?:gst-editing-services-|^)" + re.escape(GES_SERIES) + r"\.\d+")
        if not any(pattern.search(u) for u in urls) and not any(pattern.search(t) for t in tags):
            problems.append(f"gst-editing-services: must be a {GES_SERIES}.x release, matching the runtime's GStreamer")
    if not modules or names[-1] != "rushes":
        problems.append("the last module must be the app, named 'rushes'")
    else:
        app = modules[-1][1]
        if app.get("buildsystem") != "meson":
            problems.append("rushes: buildsystem must be meson")
        if not app.get("sources"):
            problems.append("rushes: no sources")

    if not manifest.get("cleanup"):
        problems.append("cleanup list is empty (headers, pkg-config files, static libraries)")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("--schema", required=True)
    parser.add_argument("--app-id", required=True)
    args = parser.parse_args(argv)
    problems = check(args.manifest, args.schema, args.app_id)
    for p in problems:
        print(f"{args.manifest}: {p}")
    if os.path.basename(args.manifest) == FILE_NAME_EXCEPTION and not problems:
        print(f"note: {FILE_NAME_EXCEPTION} is the documented exception to the file-name rule; "
              f"the Flathub repository carries it as {args.app_id}.json")
    if not problems:
        print(f"{args.manifest}: OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
