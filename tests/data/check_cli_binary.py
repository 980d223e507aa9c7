#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that `rushes` is the command line without GTK, and the door to the window.

1. The command-line program links no GTK, GDK or libadwaita: neither in its
   own NEEDED entries (readelf -d) nor among the libraries the dynamic
   linker resolves for it (ldd), nor among those it initialises while
   running a subcommand (LD_DEBUG=libs).
2. Without a subcommand (no argument, files, GApplication's options) it
   execs the window's program with the same arguments: $RUSHES_APP_EXE, or
   `rushes-app` next to it. A subcommand (`--help`) never does. A window's
   program that cannot start is a clear message and exit status 1.

Usage: check_cli_binary.py CLI_EXE
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

GUI_LIBRARIES = ("libgtk-", "libgdk-", "libadwaita-", "libgraphene-")


def gui_libraries(text):
    return sorted({word for line in text.splitlines() for word in line.replace("/", " ").replace("[", " ").replace("]", " ").split()
                   if word.startswith(GUI_LIBRARIES)})


def check_links(cli):
    problems = []
    needed = subprocess.run(["readelf", "-d", cli], capture_output=True, text=True, check=True).stdout
    for lib in gui_libraries("\n".join(l for l in needed.splitlines() if "(NEEDED)" in l)):
        problems.append(f"{cli} links {lib} (readelf -d: NEEDED)")
    resolved = subprocess.run(["ldd", cli], capture_output=True, text=True, check=True).stdout
    for lib in gui_libraries(resolved):
        problems.append(f"{cli} loads {lib} (ldd)")
    env = dict(os.environ, LD_DEBUG="libs")
    run = subprocess.run([cli, "export", "--help"], capture_output=True, text=True, env=env, timeout=60)
    inits = "\n".join(l for l in run.stderr.splitlines() if "calling init:" in l)
    if not inits:
        problems.append(f"{cli} export --help: no LD_DEBUG=libs output to check")
    for lib in gui_libraries(inits):
        problems.append(f"{cli} export --help initialises {lib} (LD_DEBUG=libs)")
    return problems


FAKE_APP = """#!/bin/sh
# argv as the window's program received it, one per line
for a in "$@"; do printf '%s\\n' "$a"; done > "$0.args"
exit 7
"""


def write_fake_app(path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(FAKE_APP)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)


def exec_args(cli, args, fake, env_app=True):
    """What the fake window's program received (None: not started), and the run."""
    if os.path.exists(fake + ".args"):
        os.unlink(fake + ".args")
    env = dict(os.environ)
    env.pop("RUSHES_APP_EXE", None)
    if env_app:
        env["RUSHES_APP_EXE"] = fake
    run = subprocess.run([cli] + args, capture_output=True, text=True, env=env, timeout=60)
    if not os.path.exists(fake + ".args"):
        return None, run
    with open(fake + ".args", encoding="utf-8") as f:
        return f.read().splitlines(), run


def check_routing(cli, tmp):
    problems = []
    fake = os.path.join(tmp, "fake-app")
    write_fake_app(fake)
    for args in ([], ["heron.rushes"], ["--gapplication-service"], ["a clip.mp4", "b.webm"]):
        got, run = exec_args(cli, args, fake)
        if got != args:
            problems.append(f"rushes {' '.join(args) or '(no argument)'}: the window's program got {got}, "
                            f"expected {args} (exit {run.returncode}, stderr {run.stderr.strip()!r})")
        elif run.returncode != 7:
            problems.append(f"rushes {' '.join(args)}: exit {run.returncode}, not the window's program's (7)")

    got, run = exec_args(cli, ["--help"], fake)
    if got is not None:
        problems.append("rushes --help started the window's program")
    if run.returncode != 0 or "export" not in run.stdout + run.stderr:
        problems.append(f"rushes --help: exit {run.returncode}, no list of commands")

    # found next to the command line (the build tree) without the variable
    beside = os.path.join(tmp, "bin")
    os.makedirs(beside)
    shutil.copy(cli, os.path.join(beside, "rushes"))
    write_fake_app(os.path.join(beside, "rushes-app"))
    got, run = exec_args(os.path.join(beside, "rushes"), ["heron.rushes"], os.path.join(beside, "rushes-app"),
                         env_app=False)
    if got != ["heron.rushes"]:
        problems.append(f"rushes-app next to rushes was not started: got {got} (stderr {run.stderr.strip()!r})")

    missing = os.path.join(tmp, "no-such-app")
    env = dict(os.environ, RUSHES_APP_EXE=missing)
    run = subprocess.run([cli, "heron.rushes"], capture_output=True, text=True, env=env, timeout=60)
    if run.returncode != 1 or missing not in run.stderr:
        problems.append(f"a missing window's program: exit {run.returncode}, stderr {run.stderr.strip()!r} "
                        "(expected 1 and a message naming it)")
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1])
        return 2
    cli = os.path.abspath(argv[0])
    problems = check_links(cli)
    if not problems:  # a program with GTK could open a window: not run
        with tempfile.TemporaryDirectory() as tmp:
            problems = check_routing(cli, tmp)
    for p in problems:
        print(p)
    if not problems:
        print(f"{cli}: no GTK linked or loaded; the window's program is started without a subcommand")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
