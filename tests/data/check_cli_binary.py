#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check that `rushes` runs its subcommands without GTK, and opens the window otherwise.

1. The command-line program (rushes-cli) links no GTK, GDK or libadwaita:
   neither in its own NEEDED entries (readelf -d) nor among the libraries
   the dynamic linker resolves for it (ldd), nor among those initialised
   while `rushes export --help` runs (LD_DEBUG=libs). The launcher
   (`rushes`) links neither GTK nor GStreamer.
2. The launcher execs, with the same arguments, the command line for every
   command `rushes --help` lists (and --help), the window's program for
   anything else (no argument, files, GApplication's options):
   $RUSHES_CLI_EXE / $RUSHES_APP_EXE, or rushes-cli / rushes-app next to
   it. A program that cannot start is a clear message and exit status 1.

Usage: check_cli_binary.py LAUNCHER_EXE CLI_EXE
"""
import os
import shutil
import stat
import subprocess
import sys
import tempfile

GUI_LIBRARIES = ("libgtk-", "libgdk-", "libadwaita-", "libgraphene-")
MEDIA_LIBRARIES = ("libgst", "libges-")


def gui_libraries(text, prefixes=GUI_LIBRARIES):
    return sorted({word for line in text.splitlines()
                   for word in line.replace("/", " ").replace("[", " ").replace("]", " ").split()
                   if word.startswith(prefixes)})


def needed(exe):
    out = subprocess.run(["readelf", "-d", exe], capture_output=True, text=True, check=True).stdout
    return "\n".join(l for l in out.splitlines() if "(NEEDED)" in l)


def check_links(launcher, cli):
    problems = []
    for lib in gui_libraries(needed(launcher), GUI_LIBRARIES + MEDIA_LIBRARIES):
        problems.append(f"{launcher} links {lib} (readelf -d: NEEDED): the launcher links GLib only")
    for lib in gui_libraries(needed(cli)):
        problems.append(f"{cli} links {lib} (readelf -d: NEEDED)")
    resolved = subprocess.run(["ldd", cli], capture_output=True, text=True, check=True).stdout
    for lib in gui_libraries(resolved):
        problems.append(f"{cli} loads {lib} (ldd)")
    env = dict(os.environ, LD_DEBUG="libs", RUSHES_CLI_EXE=cli)
    run = subprocess.run([launcher, "export", "--help"], capture_output=True, text=True, env=env, timeout=60)
    inits = "\n".join(l for l in run.stderr.splitlines() if "calling init:" in l)
    if "libges" not in inits:
        problems.append(f"{launcher} export --help: the command line did not run (LD_DEBUG=libs shows no libges)")
    for lib in gui_libraries(inits):
        problems.append(f"{launcher} export --help initialises {lib} (LD_DEBUG=libs)")
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


def received(fake):
    if not os.path.exists(fake + ".args"):
        return None
    with open(fake + ".args", encoding="utf-8") as f:
        return f.read().splitlines()


def route(launcher, args, fakes, env_vars=True):
    """What the fake command line and window's program received (None: not started)."""
    env = dict(os.environ)
    for var, fake in fakes.items():
        if os.path.exists(fake + ".args"):
            os.unlink(fake + ".args")
        env.pop(var, None)
        if env_vars:
            env[var] = fake
    run = subprocess.run([launcher] + args, capture_output=True, text=True, env=env, timeout=60)
    return received(fakes["RUSHES_CLI_EXE"]), received(fakes["RUSHES_APP_EXE"]), run


def commands(cli):
    """The commands `rushes-cli --help` lists (the lines below "Commands:")."""
    out = subprocess.run([cli, "--help"], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, LANGUAGE="C", LC_ALL="C")).stdout
    lines = out.split("Commands:", 1)[-1].splitlines()
    return [l.split()[0] for l in lines if l.startswith("  ") and l.split()]


def check_routing(launcher, cli, tmp):
    problems = []
    fakes = {"RUSHES_CLI_EXE": os.path.join(tmp, "fake-cli"), "RUSHES_APP_EXE": os.path.join(tmp, "fake-app")}
    for fake in fakes.values():
        write_fake_app(fake)

    for args in ([], ["heron.rushes"], ["--gapplication-service"], ["a clip.mp4", "b.webm"]):
        got_cli, got_app, run = route(launcher, args, fakes)
        if got_app != args or got_cli is not None or run.returncode != 7:
            problems.append(f"rushes {' '.join(args) or '(no argument)'}: the window's program got {got_app}, "
                            f"the command line {got_cli}, expected {args} for the window "
                            f"(exit {run.returncode}, stderr {run.stderr.strip()!r})")

    names = commands(cli)
    if "export" not in names:
        problems.append(f"{cli} --help lists no export command: {names}")
    for args in [[name, "--help"] for name in names] + [["--help"], ["export", "cut.rushes", "--output", "a.mp4"]]:
        got_cli, got_app, run = route(launcher, args, fakes)
        if got_cli != args or got_app is not None or run.returncode != 7:
            problems.append(f"rushes {' '.join(args)}: the command line got {got_cli}, the window's program "
                            f"{got_app}, expected {args} for the command line (exit {run.returncode}, "
                            f"stderr {run.stderr.strip()!r})")

    # found next to the launcher (the build tree) without the variables
    beside = os.path.join(tmp, "bin")
    os.makedirs(beside)
    shutil.copy(launcher, os.path.join(beside, "rushes"))
    near = {"RUSHES_CLI_EXE": os.path.join(beside, "rushes-cli"), "RUSHES_APP_EXE": os.path.join(beside, "rushes-app")}
    for fake in near.values():
        write_fake_app(fake)
    got_cli, got_app, run = route(os.path.join(beside, "rushes"), ["heron.rushes"], near, env_vars=False)
    if got_app != ["heron.rushes"]:
        problems.append(f"rushes-app next to rushes was not started: got {got_app} (stderr {run.stderr.strip()!r})")
    got_cli, got_app, run = route(os.path.join(beside, "rushes"), ["jobs"], near, env_vars=False)
    if got_cli != ["jobs"]:
        problems.append(f"rushes-cli next to rushes was not started: got {got_cli} (stderr {run.stderr.strip()!r})")

    for var, args in (("RUSHES_APP_EXE", ["heron.rushes"]), ("RUSHES_CLI_EXE", ["export"])):
        missing = os.path.join(tmp, "no-such-program")
        env = dict(os.environ, **{var: missing})
        run = subprocess.run([launcher] + args, capture_output=True, text=True, env=env, timeout=60)
        if run.returncode != 1 or missing not in run.stderr:
            problems.append(f"rushes {' '.join(args)} with a missing {var}: exit {run.returncode}, "
                            f"stderr {run.stderr.strip()!r} (expected 1 and a message naming it)")
    return problems


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1])
        return 2
    launcher, cli = (os.path.abspath(a) for a in argv)
    problems = check_links(launcher, cli)
    if not problems:  # a program with GTK could open a window: not run
        with tempfile.TemporaryDirectory() as tmp:
            problems = check_routing(launcher, cli, tmp)
    for p in problems:
        print(p)
    if not problems:
        print(f"{cli}: no GTK linked or loaded; {launcher} starts it for every command, the window otherwise")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
