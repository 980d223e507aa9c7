#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""bench/benchlib.py: the one harness every comparing bench runs.

  benchlib.py [--rounds N] [--no-warmup] [--settle SECONDS] COMPARISON [COMPARISON…]
  benchlib.py require-ffmpeg [ENCODER…]   (exit 1 with a clear message when
                                           ffmpeg or one of its encoders is missing)
  benchlib.py same-output FILE FILE…      (prints each file's duration, video
                                           frames and size; exit 1 unless all
                                           have the same video frame count and
                                           duration within half a frame)

  COMPARISON:
    --compare TITLE --goal RATIO
      [--labels RUSHES,REFERENCE]          (default: rushes,reference)
      [--metrics NAME=SCALE,…]             figures the commands print on stdout
                                           (whitespace-separated numbers, in
                                           this order), each × SCALE (1/1024…)
      [--verdict-on NAME,…]                (default: wall,cpu)
      [--limits NAME=MAX,…]                absolute goals: the median of each
                                           figure on the rushes side at most
                                           MAX (then --goal may be left out)
      --rushes CMD --reference CMD         (shell words, as `printf %q` quotes)

For each round, every comparison runs its two commands one after the other,
the order alternating between rounds (rushes first in odd rounds, the
reference first in even ones), so a slow spell of the machine hits both
sides alike. One warm-up round (page cache, GStreamer registry) is not
counted. Each run measures the wall-clock time and the CPU time (user + sys)
of the whole child tree (getrusage(RUSAGE_CHILDREN) deltas: every process
the command waited for). The table gives, per side, the median and the
spread (min–max) of each figure, and the ratio of the medians.

Before the warm-up the harness waits, up to --settle seconds (default
300, or $BENCH_SETTLE), for the 1-minute load average to fall to 1.0:
a bench's own set-up (making its source with ffmpeg, building a project)
leaves the load average high for a minute or two after it ends, and the
rule below would then refuse every verdict. It prints what it waits for;
when the time is up it runs anyway and the rule decides.

A verdict (the ratio of medians of each --verdict-on figure against the
goal) is only printed when the 1-minute load average before the rounds is
at most 1.0, the rest of the machine used at most 10 % of one CPU while
they ran (all CPU time in /proc/stat less the benchmarked commands' own),
and there were at least 5 rounds; otherwise the figures are printed with
"no verdict: …" and why. (The load average after the rounds is printed
but not judged: the benchmarked encoders themselves fill the CPUs.)
"""
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
from fractions import Fraction

MAX_LOAD = 1.0
MAX_OTHERS = 0.10  # of one CPU, used by other processes during the rounds
MIN_ROUNDS = 5
SETTLE_POLL = 5.0    # s between looks at the load average while settling
SETTLE_REPORT = 30.0  # s between lines saying so


class Comparison:
    def __init__(self, title):
        self.title = title
        self.goal = None
        self.labels = ("rushes", "reference")
        self.metrics = []           # [(name, scale)] read from stdout
        self.verdict_on = ["wall", "cpu"]
        self.limits = []            # [(name, max)] on the rushes side's medians
        self.medians = {}           # name → (rushes, reference), once printed
        self.commands = [None, None]
        self.samples = ({}, {})     # side → name → [values]

    def names(self):
        return ["wall", "cpu"] + [name for name, _ in self.metrics]


def usage(message):
    sys.exit(f"benchlib: {message}\n\n{__doc__.split('  COMPARISON:')[0].strip()}")


def parse_args(argv):
    rounds = int(os.environ.get("ROUNDS", "5"))
    settle = float(os.environ.get("BENCH_SETTLE", "300"))
    warmup = True
    comparisons = []
    it = iter(argv)
    for arg in it:
        try:
            value = None if arg == "--no-warmup" else next(it)
        except StopIteration:
            usage(f"{arg} needs a value")
        if arg == "--rounds":
            rounds = int(value)
        elif arg == "--no-warmup":
            warmup = False
        elif arg == "--settle":
            settle = float(value)
        elif arg == "--compare":
            comparisons.append(Comparison(value))
        elif not comparisons:
            usage(f"{arg} before --compare")
        elif arg == "--goal":
            comparisons[-1].goal = float(value)
        elif arg == "--labels":
            comparisons[-1].labels = tuple(value.split(",", 1))
        elif arg == "--metrics":
            comparisons[-1].metrics = [(n, float(Fraction(s)))
                                       for n, s in (m.rsplit("=", 1) for m in value.split(","))]
        elif arg == "--verdict-on":
            comparisons[-1].verdict_on = value.split(",")
        elif arg == "--limits":
            comparisons[-1].limits = [(n, float(m)) for n, m in (v.rsplit("=", 1) for v in value.split(","))]
        elif arg == "--rushes":
            comparisons[-1].commands[0] = shlex.split(value)
        elif arg == "--reference":
            comparisons[-1].commands[1] = shlex.split(value)
        else:
            usage(f"unknown option {arg}")
    if not comparisons:
        usage("nothing to compare")
    if rounds < 1:
        usage("--rounds must be at least 1")
    if settle < 0:
        usage("--settle must be at least 0")
    for c in comparisons:
        if (c.goal is None and not c.limits) or None in c.commands:
            usage(f"“{c.title}” needs --goal (or --limits), --rushes and --reference")
        if c.goal is None:
            c.verdict_on = []
        unknown = (set(c.verdict_on) | {n for n, _ in c.limits}) - set(c.names())
        if unknown:
            usage(f"“{c.title}”: --verdict-on names unknown figures {sorted(unknown)}")
    return rounds, warmup, settle, comparisons


def settle_load(limit, sleep=time.sleep, clock=time.monotonic, load=None):
    """Waits (at most @limit s) until the 1-minute load average is at most
    MAX_LOAD, saying what it waits for; returns the load average then."""
    load = load or load1
    start = clock()
    last_report = None
    value = load()
    while value > MAX_LOAD:
        waited = clock() - start
        if waited >= limit:
            print(f"bench: the load average is still {value:.2f} after {waited:.0f} s "
                  f"(> {MAX_LOAD:.1f}): running anyway, without a verdict", flush=True)
            return value
        if last_report is None or waited - last_report >= SETTLE_REPORT:
            print(f"bench: waiting for the 1-minute load average {value:.2f} to fall to "
                  f"{MAX_LOAD:.1f} (this bench's set-up or other processes; "
                  f"{waited:.0f} of at most {limit:.0f} s)", flush=True)
            last_report = waited
        sleep(min(SETTLE_POLL, max(limit - waited, 0.1)))
        value = load()
    if last_report is not None:
        print(f"bench: load average {value:.2f} after {clock() - start:.0f} s of waiting", flush=True)
    return value


def cpu_children():
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_once(comparison, side):
    """One run of one side: {figure: value}. Exits when the command fails."""
    argv = comparison.commands[side]
    cpu0 = cpu_children()
    t0 = time.monotonic()
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.monotonic() - t0
    cpu = cpu_children() - cpu0
    label = comparison.labels[side]
    if proc.returncode != 0:
        sys.exit(f"bench: {comparison.title}: {label} failed (exit {proc.returncode}): "
                 f"{shlex.join(argv)}\n{proc.stderr.strip()}")
    figures = {"wall": wall, "cpu": cpu}
    if comparison.metrics:
        words = proc.stdout.split()
        if len(words) < len(comparison.metrics):
            sys.exit(f"bench: {comparison.title}: {label} printed {proc.stdout!r}, "
                     f"expected {len(comparison.metrics)} figures")
        for (name, scale), word in zip(comparison.metrics, words):
            figures[name] = float(word) * scale
    return figures


def load1():
    return os.getloadavg()[0]


def machine_cpu_seconds():
    """user + nice + system + irq + softirq + steal of all CPUs, in seconds."""
    with open("/proc/stat", encoding="ascii") as f:
        fields = f.readline().split()[1:]
    busy = [int(v) for v in fields[:3] + fields[5:8]]
    return sum(busy) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def fmt(v):
    return f"{v:.3f}" if v < 10 else f"{v:.1f}"


def print_table(c, rounds):
    names = c.names()
    title = {"wall": "wall-clock (s)", "cpu": "CPU user+sys (s)"}
    print(f"\n{c.title}: {c.labels[0]} against {c.labels[1]}, {rounds} rounds, medians (min–max)")
    print(f"  {'figure':<22}{c.labels[0]:>26}{c.labels[1]:>26}{'ratio':>9}")
    ratios = {}
    for name in names:
        cells = []
        medians = []
        for side in (0, 1):
            values = c.samples[side][name]
            m = statistics.median(values)
            medians.append(m)
            cells.append(f"{fmt(m)} ({fmt(min(values))}–{fmt(max(values))})")
        ratio = medians[0] / medians[1] if medians[1] > 0 else float("inf")
        ratios[name] = ratio
        c.medians[name] = tuple(medians)
        print(f"  {title.get(name, name):<22}{cells[0]:>26}{cells[1]:>26}{ratio:>8.2f}×")
    return ratios


def require_ffmpeg(encoders):
    if subprocess.run(["sh", "-c", "command -v ffmpeg"], stdout=subprocess.DEVNULL, check=False).returncode:
        sys.exit("bench: ffmpeg, the reference this bench compares against, is not installed "
                 "(Debian: apt-get install ffmpeg)")
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True, check=False)
    have = {line.split()[1] for line in proc.stdout.splitlines()
            if len(line.split()) > 1 and len(line.split()[0]) == 6}
    missing = [e for e in encoders if e not in have]
    if missing:
        sys.exit(f"bench: this ffmpeg has no {', '.join(missing)} encoder, which the reference needs "
                 "(Debian's ffmpeg has them)")
    return 0


def probe_output(path):
    """(duration s, video frames, frame rate) of a media file, by ffprobe."""
    proc = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets",
                           "-show_entries", "stream=nb_read_packets,avg_frame_rate:format=duration",
                           "-of", "default=noprint_wrappers=1", path],
                          capture_output=True, text=True, check=False)
    fields = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    if proc.returncode or not {"duration", "nb_read_packets", "avg_frame_rate"} <= fields.keys():
        sys.exit(f"bench: ffprobe cannot read {path}: {proc.stderr.strip()}")
    rate = Fraction(fields["avg_frame_rate"]) if fields["avg_frame_rate"] != "0/0" else Fraction(0)
    return float(fields["duration"]), int(fields["nb_read_packets"]), rate


def same_output(paths):
    """Both sides made the same thing: exit 1 when they did not."""
    if len(paths) < 2:
        usage("same-output needs at least two files")
    probes = [probe_output(p) for p in paths]
    print(f"{'output':<28}{'duration (s)':>14}{'frames':>8}{'size (KiB)':>12}")
    for path, (duration, frames, _) in zip(paths, probes):
        print(f"{os.path.basename(path):<28}{duration:>14.3f}{frames:>8}{os.path.getsize(path) // 1024:>12}")
    duration0, frames0, rate0 = probes[0]
    half_frame = float(1 / (2 * rate0)) if rate0 else 0.02
    for path, (duration, frames, _) in zip(paths[1:], probes[1:]):
        if frames != frames0 or abs(duration - duration0) > half_frame:
            sys.exit(f"bench: {os.path.basename(path)} differs from {os.path.basename(paths[0])} "
                     f"({frames} frames, {duration:.3f} s against {frames0}, {duration0:.3f} s): "
                     "the two sides do not make the same thing, so their times do not compare")
    return 0


def main(argv):
    if argv[:1] == ["require-ffmpeg"]:
        return require_ffmpeg(argv[1:])
    if argv[:1] == ["same-output"]:
        return same_output(argv[1:])
    rounds, warmup, settle, comparisons = parse_args(argv)
    ncpu = os.cpu_count()
    load_before = settle_load(settle)
    print(f"bench: {rounds} rounds{' after a warm-up round' if warmup else ''}, the two sides "
          f"interleaved (order alternating), {ncpu} CPUs, load average {load_before:.2f}", flush=True)

    machine_start, children_start, wall_start = machine_cpu_seconds(), children_cpu_seconds(), time.monotonic()
    if warmup:
        for c in comparisons:
            for side in (0, 1):
                run_once(c, side)
    for r in range(rounds):
        order = (0, 1) if r % 2 == 0 else (1, 0)
        line = []
        for c in comparisons:
            for side in order:
                figures = run_once(c, side)
                for name, value in figures.items():
                    c.samples[side].setdefault(name, []).append(value)
                line.append(f"{c.labels[side]} {fmt(figures['wall'])} s")
            line[-2:] = [f"{c.title}: {line[-2]}, {line[-1]}"]
        print(f"round {r + 1}/{rounds}: " + "; ".join(line), flush=True)
    load_after = load1()
    elapsed = time.monotonic() - wall_start
    others = (machine_cpu_seconds() - machine_start) - (children_cpu_seconds() - children_start)
    others_share = max(others, 0.0) / elapsed if elapsed > 0 else 0.0

    all_ratios = [print_table(c, rounds) for c in comparisons]

    print(f"\nload average (1 min): {load_before:.2f} before, {load_after:.2f} after; {ncpu} CPUs; "
          f"the rest of the machine used {others_share:.0%} of one CPU meanwhile")
    if load_before > MAX_LOAD:
        print(f"no verdict: load average {load_before:.2f} > {MAX_LOAD:.1f} before the rounds")
        return 0
    if others_share > MAX_OTHERS:
        print(f"no verdict: other processes used {others_share:.0%} of one CPU during the rounds (> {MAX_OTHERS:.0%})")
        return 0
    if rounds < MIN_ROUNDS:
        print(f"no verdict: {rounds} rounds < {MIN_ROUNDS}")
        return 0
    for c, ratios in zip(comparisons, all_ratios):
        if c.goal is not None:
            over = [f"{n} {ratios[n]:.2f}×" for n in c.verdict_on if ratios[n] > c.goal]
            verdict = "met" if not over else "OVER (" + ", ".join(over) + ")"
            print(f"verdict {c.title}: goal ≤ {c.goal:g}× {c.labels[1]} on {', '.join(c.verdict_on)}: {verdict}")
        for name, limit in c.limits:
            value = c.medians[name][0]
            verdict = "met" if value <= limit else "OVER"
            print(f"verdict {c.title}: goal {name} ≤ {limit:g} for {c.labels[0]}: {fmt(value)}, {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
