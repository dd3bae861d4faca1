#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The scale curve of vnetlab: every step timed on generated designs of
growing size, with the log-log slope between the smallest and the largest.

A slope of 1 means the cost grows linearly with the design; 2 means it is
quadratic.  Sites, circuits and on-premises prefixes scale with the VNets
(N/5 sites, N/10 circuits, 20 N prefixes), as in the 1,000-VNet benchmark
design of the README; the prefixes stop at the generator's address plan
(VNL_GENERATE_MAX_PREFIXES, 53,248: above 2,662 VNets), and the table
says where.

    tests/scale/scale.py [--cli build-test/src/cli/vnetlab-cli]
                         [--sizes 250,500,1000,2000,4000,8000] [--runs 5]
                         [--steps generate,validate,...] [--json OUT]

Each step runs as a whole process (`vnetlab-cli ...`), --runs times; the
table shows the minimum and the median CPU seconds (user + system) of the
process and the peak resident memory.  Routing figures inside one process
(convergence, one link down, one trace) come from `vnetlab-cli bench
--json` (the thread's CPU time), also --runs times.

Speed is measured here, never asserted in a test.
"""

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import re

STEPS = ["generate", "validate", "bench", "matrix", "export-svg", "export-pdf",
         "report-json"]


def run(argv, keep_output=False):
    """Runs argv, returns (seconds, peak RSS in MiB of the child, its output).
    The seconds are the child's CPU time (user + system), not the wall
    clock: on a machine shared with other work the wall clock measures the
    others too."""
    usage0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    before = usage0.ru_maxrss
    # Only the output that is read is kept: `matrix --json` of a big design
    # prints gigabytes.
    proc = subprocess.run(argv, stdout=subprocess.PIPE if keep_output else subprocess.DEVNULL,
                          stderr=subprocess.PIPE)
    usage1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (usage1.ru_utime + usage1.ru_stime) - (usage0.ru_utime + usage0.ru_stime)
    if proc.returncode not in (0, 1):
        sys.stderr.write(" ".join(argv) + "\n" + proc.stderr.decode(errors="replace"))
        raise SystemExit(f"step failed with exit status {proc.returncode}")
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far, so it only
    # tells this child's peak when it is the largest yet: good enough for a
    # curve run in increasing sizes.
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(before, after) / 1024.0, proc.stdout


def max_prefixes():
    """The generator's bound on on-premises prefixes, read from its header
    so that the two cannot disagree."""
    header = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "..", "..", "src", "core", "vnl-generate.h")
    try:
        with open(header) as fp:
            m = re.search(r"#define\s+VNL_GENERATE_MAX_PREFIXES\s+(\d+)", fp.read())
            if m:
                return int(m.group(1))
    except OSError:
        pass
    return 53248


def slope(points):
    """Least-squares slope of log(time) against log(size)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if y > 0]
    if len(pts) < 2:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((p[0] - mx) * (p[1] - my) for p in pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return num / den if den else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default="build-test/src/cli/vnetlab-cli")
    ap.add_argument("--sizes", default="250,500,1000,2000,4000,8000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--steps", default=",".join(STEPS))
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    args = ap.parse_args()

    sizes = [int(s) for s in args.sizes.split(",")]
    steps = args.steps.split(",")
    tmp = tempfile.mkdtemp(prefix="vnl-scale-")
    cli = args.cli
    figures = {}  # step -> size -> {min, median, rss}
    cap = max_prefixes()
    capped = []

    def record(step, n, times, rss):
        figures.setdefault(step, {})[n] = {
            "min": min(times), "median": statistics.median(times), "rss_mib": rss}

    for n in sizes:
        design = os.path.join(tmp, f"d{n}.vnetlab")
        prefixes = min(20 * n, cap)
        if prefixes < 20 * n:
            capped.append(n)
        gen = [cli, "generate", "--vnets", str(n), "--sites", str(max(1, n // 5)),
               "--circuits", str(max(1, n // 10)), "--prefixes", str(prefixes),
               "--seed", "1", "-o", design]
        times, rss = [], 0.0
        for _ in range(args.runs if "generate" in steps else 1):
            t, r, _ = run(gen)
            times.append(t)
            rss = max(rss, r)
        if "generate" in steps:
            record("generate (build + save)", n, times, rss)

        plain = {
            "validate": [cli, "validate", design],
            "matrix": [cli, "matrix", design, "--json"],
            "export-svg": [cli, "export", design, "-o", os.path.join(tmp, "o.svg")],
            "export-pdf": [cli, "export", design, "-o", os.path.join(tmp, "o.pdf")],
            "report-json": [cli, "report", design, "-q", "-o", os.path.join(tmp, "o.json")],
        }
        for step, argv in plain.items():
            if step not in steps:
                continue
            times, rss = [], 0.0
            for _ in range(args.runs):
                t, r, _ = run(argv)
                times.append(t)
                rss = max(rss, r)
            record(step, n, times, rss)

        if "bench" in steps:
            inner = {}
            for _ in range(args.runs):
                _, _, out = run([cli, "bench", design, "--json", "--no-matrix",
                                 "--traces", "2000"], keep_output=True)
                b = json.loads(out)
                conv, down, traces = b["convergence"], b["link_down"], b["traces"]
                for key, value in (("converge", conv["first_ms"] / 1e3),
                                   ("link down", down["mean_ms"] / 1e3),
                                   ("trace (delivered)", traces["reached_mean_us"] / 1e6)):
                    if value is not None:
                        inner.setdefault(key, []).append(value)
            for key, values in inner.items():
                record("bench: " + key, n, values, 0.0)
        sys.stderr.write(f"size {n} done\n")

    width = max(len(s) for s in figures) + 2
    head = "step".ljust(width) + "".join(f"{n:>16}" for n in sizes) + "   slope"
    print(head)
    print("-" * len(head))
    for step, per in figures.items():
        cells = []
        for n in sizes:
            f = per.get(n)
            if f is None:
                cells.append(" " * 16)
            elif f["min"] < 1e-3:
                cells.append(f"{f['min'] * 1e6:6.1f}/{f['median'] * 1e6:6.1f} µs")
            else:
                cells.append(f"{f['min']:6.3f}/{f['median']:6.3f} s ")
        s = slope([(n, per[n]["median"]) for n in sizes if n in per])
        print(step.ljust(width) + "".join(f"{c:>16}" for c in cells) + f"   {s:5.2f}")
    print("\ncells: min/median CPU time of", args.runs, "runs; slope: least squares of log(median) on log(VNets)")
    if capped:
        print("on-premises prefixes capped at", cap, "(the generator's bound) for",
              ", ".join(str(n) for n in capped), "VNets instead of 20 per VNet")
    if args.json:
        with open(args.json, "w") as fp:
            json.dump({"sizes": sizes, "runs": args.runs, "prefix_cap": cap, "capped": capped,
                       "figures": figures,
                       "slopes": {s: slope([(n, p[n]["median"]) for n in sizes if n in p])
                                  for s, p in figures.items()}}, fp, indent=2)


if __name__ == "__main__":
    main()
