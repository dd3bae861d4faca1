#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The scale curve of vnetlab: every step timed on generated designs of
growing size, with the log-log slope of each step against the VNets.

A slope of 1 means the cost grows linearly with the design; 2 means it is
quadratic.  Sites, circuits and on-premises prefixes scale with the VNets
(N/5 sites, N/10 circuits, 20 N prefixes), as in the 1,000-VNet benchmark
design of the README; the prefixes stop at the generator's address plan
(VNL_GENERATE_MAX_PREFIXES, 53,248: above 2,662 VNets), and the table
says where.

    tests/scale/scale.py [--cli build-test/src/cli/vnetlab-cli]
                         [--sizes 250,1000,2000,4000,8000] [--runs 5 | 5,5,5,3,3]
                         [--steps load,validate,...] [--json OUT]
    tests/scale/scale.py --table A.json [B.json ...] [--markdown] [--json MERGED]

Steps (--steps, comma-separated; default: all but generate and
matrix-json):

  load, validate, converge, link-down, trace, save, geometry, matrix
      inside one `vnetlab-cli bench --json` process per run, each timed
      on its own in the thread's CPU time: load is reading and parsing
      the file into a design, validate the semantic checks, save one
      atomic save of the design, geometry the renderer's layout with no
      output (after an invalidation, as an edit causes), matrix the
      reachability matrix per equivalence class of endpoints (its slope
      is given in classes as well as in VNets: the target is in
      classes), link down the mean of 8 circuit links, trace the mean
      delivered trace of 2,000 random pairs.
  export-svg, export-pdf, export-png, report-json, report-html,
  report-pdf, generate (build + save), matrix-json (`matrix --json`,
  whose output is quadratic by nature)
      a whole process each, CPU time (user + system) and peak RSS.

Each cell is the minimum and the median of --runs runs.  Beside the
steps the script prints, per size, the endpoints, the equivalence
classes, the routes, the heap bytes per route of the first convergence
and the peak RSS of `bench`.  A step that fails or runs past --timeout
is shown as such, and the curve goes on.

--table prints the table of JSON files written by --json (several:
merged, later files winning per step and size).

Speed is measured here, never asserted in a test.
"""

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_STEPS = ["load", "validate", "converge", "link-down", "trace", "save",
               "geometry", "matrix"]
PROCESS_STEPS = ["export-svg", "export-pdf", "export-png", "report-json",
                 "report-html", "report-pdf"]
OPTIONAL_STEPS = ["generate", "matrix-json"]
DEFAULT_STEPS = BENCH_STEPS + PROCESS_STEPS
LABELS = {
    "load": "load (parse)",
    "validate": "validate",
    "converge": "converge",
    "link-down": "link down",
    "trace": "trace (delivered)",
    "save": "save",
    "geometry": "geometry",
    "matrix": "matrix (per class)",
    "export-svg": "export SVG",
    "export-pdf": "export PDF",
    "export-png": "export PNG",
    "report-json": "report JSON",
    "report-html": "report HTML",
    "report-pdf": "report PDF",
    "generate": "generate (build + save)",
    "matrix-json": "matrix --json",
}


class Failed(Exception):
    pass


def run(argv, keep_output=False, timeout=None):
    """Runs argv; returns (CPU seconds, peak RSS in MiB, output) of that
    child alone (wait4).  The seconds are the child's CPU time (user +
    system), not the wall clock: on a machine shared with other work the
    wall clock measures the others too."""
    out = tempfile.TemporaryFile() if keep_output else subprocess.DEVNULL
    err = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, stdout=out, stderr=err)
    deadline = time.monotonic() + timeout if timeout else None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid != 0:
            break
        if deadline is not None and time.monotonic() > deadline:
            proc.kill()
            os.wait4(proc.pid, 0)
            proc.returncode = -9
            raise Failed(f"timeout after {timeout} s")
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    text = b""
    if keep_output:
        out.seek(0)
        text = out.read()
    if proc.returncode not in (0, 1):
        err.seek(0)
        message = err.read().decode(errors="replace").strip().splitlines()
        raise Failed(f"exit status {proc.returncode}: {message[-1] if message else ''}")
    return cpu, usage.ru_maxrss / 1024.0, text


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
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    num = sum((p[0] - mx) * (p[1] - my) for p in pts)
    den = sum((p[0] - mx) ** 2 for p in pts)
    return num / den if den else float("nan")


def fmt_time(f):
    if f is None:
        return ""
    if "failed" in f:
        return "failed"
    lo, med = f["min"], f["median"]
    if med < 1e-3:
        return f"{lo * 1e6:.1f}/{med * 1e6:.1f} µs"
    if med < 1:
        return f"{lo * 1e3:.1f}/{med * 1e3:.1f} ms"
    return f"{lo:.2f}/{med:.2f} s"


def slopes_of(data):
    """The slope of each step in VNets, and the matrix's in classes too."""
    out = {}
    sizes = [int(n) for n in data["sizes"]]
    for step, per in data["figures"].items():
        pts = [(n, per[str(n)]["median"]) for n in sizes
               if str(n) in per and "failed" not in per[str(n)]]
        out[step] = slope(pts)
    classes = data.get("info", {})
    if "matrix" in data["figures"]:
        per = data["figures"]["matrix"]
        pts = [(classes[str(n)]["classes"], per[str(n)]["median"]) for n in sizes
               if str(n) in per and "failed" not in per[str(n)]
               and classes.get(str(n), {}).get("classes")]
        out["matrix in classes"] = slope(pts)
    return out


def print_table(data):
    sizes = [int(n) for n in data["sizes"]]
    figures, info = data["figures"], data.get("info", {})
    slopes = slopes_of(data)
    width = max([len(LABELS.get(s, s)) for s in figures] + [24]) + 2
    col = 20
    head = "step".ljust(width) + "".join(f"{n:>{col}}" for n in sizes) + "   slope  runs"
    print(head)
    print("-" * len(head))
    order = [s for s in DEFAULT_STEPS + OPTIONAL_STEPS if s in figures]
    order += [s for s in figures if s not in order]
    for step in order:
        per = figures[step]
        cells = [fmt_time(per.get(str(n))) for n in sizes]
        runs = ",".join(str(len(per[str(n)].get("times", []))) for n in sizes if str(n) in per)
        print(LABELS.get(step, step).ljust(width) + "".join(f"{c:>{col}}" for c in cells)
              + f"   {slopes[step]:5.2f}  {runs}")
        if step == "matrix" and "matrix in classes" in slopes:
            print("  slope in classes".ljust(width) + " " * (col * len(sizes))
                  + f"   {slopes['matrix in classes']:5.2f}")
            # The cost of one ordered pair of classes: flat when every
            # pair is walked once at a constant cost.
            cells, pts = [], []
            for n in sizes:
                f, c = per.get(str(n)), info.get(str(n), {}).get("classes")
                if f is None or "failed" in f or not c:
                    cells.append("")
                    continue
                cells.append(f"{f['median'] / c / c * 1e9:.0f} ns")
                pts.append((c, f["median"] / c / c))
            print("  per class pair".ljust(width) + "".join(f"{c:>{col}}" for c in cells)
                  + f"   {slope(pts):5.2f}")
    print()
    rows = [("endpoints", "endpoints", "{:d}"), ("classes", "equivalence classes", "{:d}"),
            ("routes", "routes", "{:d}"), ("bytes_per_route", "heap bytes per route", "{:.1f}"),
            ("bench_peak_rss_mib", "peak RSS of bench, MiB", "{:.0f}")]
    for key, label, form in rows:
        cells = []
        for n in sizes:
            v = info.get(str(n), {}).get(key)
            cells.append(form.format(v) if v is not None else "")
        print(label.ljust(width) + "".join(f"{c:>{col}}" for c in cells))
    rss = [s for s in order if any("rss_mib" in per.get(str(n), {}) for n in sizes for per in [figures[s]])]
    for step in rss:
        cells = []
        for n in sizes:
            f = figures[step].get(str(n), {})
            cells.append(f"{f['rss_mib']:.0f}" if "rss_mib" in f else "")
        print(("peak RSS MiB, " + LABELS.get(step, step)).ljust(width)
              + "".join(f"{c:>{col}}" for c in cells))
    print("\ncells: min/median CPU time (user + system) of the runs per size (last column);"
          " slope: least squares of log(median) on log(VNets)"
          " (for the matrix also on log(classes))")
    if data.get("capped"):
        print("on-premises prefixes capped at", data["prefix_cap"], "(the generator's bound) for",
              ", ".join(str(n) for n in data["capped"]), "VNets instead of 20 per VNet")
    for note in data.get("notes", []):
        print(note)


def print_markdown(data):
    """The table as Markdown, for the README."""
    sizes = [int(n) for n in data["sizes"]]
    figures, info = data["figures"], data.get("info", {})
    slopes = slopes_of(data)
    print("| Step | " + " | ".join(f"{n:,}" for n in sizes) + " | Slope | Runs |")
    print("|---" * (len(sizes) + 3) + "|")
    order = [s for s in DEFAULT_STEPS + OPTIONAL_STEPS if s in figures]
    for step in order:
        per = figures[step]
        cells = [fmt_time(per.get(str(n))) or "–" for n in sizes]
        runs = ",".join(str(len(per[str(n)].get("times", []))) for n in sizes if str(n) in per)
        sl = slopes[step]
        if step == "matrix" and "matrix in classes" in slopes:
            sl_text = f"{sl:.2f} (in classes {slopes['matrix in classes']:.2f})"
        else:
            sl_text = f"{sl:.2f}"
        print(f"| {LABELS.get(step, step)} | " + " | ".join(cells) + f" | {sl_text} | {runs} |")
    rows = [("endpoints", "endpoints", "{:,}"), ("classes", "equivalence classes", "{:,}"),
            ("routes", "routes", "{:,}"), ("bytes_per_route", "heap bytes per route", "{:.1f}"),
            ("bench_peak_rss_mib", "peak RSS of `bench`, MiB", "{:.0f}")]
    for key, label, form in rows:
        cells = [form.format(info[str(n)][key]) if info.get(str(n), {}).get(key) is not None else "–"
                 for n in sizes]
        print(f"| {label} | " + " | ".join(cells) + " | | |")


def merge(files):
    merged = None
    for path in files:
        with open(path) as fp:
            data = json.load(fp)
        if merged is None:
            merged = data
            continue
        merged["sizes"] = sorted(set(int(n) for n in merged["sizes"]) | set(int(n) for n in data["sizes"]))
        for step, per in data["figures"].items():
            merged["figures"].setdefault(step, {}).update(per)
        merged.setdefault("info", {}).update(data.get("info", {}))
        merged["capped"] = sorted(set(merged.get("capped", [])) | set(data.get("capped", [])))
        merged.setdefault("labels", {}).update(data.get("labels", {}))
        merged.setdefault("notes", []).extend(data.get("notes", []))
    merged["slopes"] = slopes_of(merged)
    return merged


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default="build-test/src/cli/vnetlab-cli")
    ap.add_argument("--sizes", default="250,1000,2000,4000,8000")
    ap.add_argument("--runs", default="5",
                    help="runs per size: one number, or one per size (5,5,5,3,3)")
    ap.add_argument("--steps", default=",".join(DEFAULT_STEPS))
    ap.add_argument("--timeout", type=float, default=900,
                    help="wall seconds after which a process step counts as failed")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    ap.add_argument("--table", nargs="+", metavar="JSON",
                    help="print the table of JSON files written by --json, merged")
    ap.add_argument("--markdown", action="store_true", help="with --table: as Markdown")
    args = ap.parse_args()

    if args.table:
        data = merge(args.table)
        (print_markdown if args.markdown else print_table)(data)
        if args.json:
            with open(args.json, "w") as fp:
                json.dump(data, fp, indent=2)
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    if len(runs) == 1:
        runs = runs * len(sizes)
    if len(runs) != len(sizes):
        raise SystemExit("--runs: one number, or one per size")
    steps = args.steps.split(",")
    unknown = [s for s in steps if s not in DEFAULT_STEPS + OPTIONAL_STEPS]
    if unknown:
        raise SystemExit("unknown steps: " + ", ".join(unknown))
    tmp = tempfile.mkdtemp(prefix="vnl-scale-")
    cli = args.cli
    figures = {}  # step -> size -> {min, median, rss_mib} or {failed}
    info = {}     # size -> endpoints, classes, routes, bytes per route, bench peak RSS
    cap = max_prefixes()
    capped = []

    def record(step, n, times, rss=None):
        f = {"min": min(times), "median": statistics.median(times), "times": times}
        if rss is not None:
            f["rss_mib"] = rss
        figures.setdefault(step, {})[str(n)] = f

    try:
        for n, n_runs in zip(sizes, runs):
            design = os.path.join(tmp, f"d{n}.vnetlab")
            prefixes = min(20 * n, cap)
            if prefixes < 20 * n:
                capped.append(n)
            gen = [cli, "generate", "--vnets", str(n), "--sites", str(max(1, n // 5)),
                   "--circuits", str(max(1, n // 10)), "--prefixes", str(prefixes),
                   "--seed", "1", "-o", design]
            times, rss = [], 0.0
            for _ in range(n_runs if "generate" in steps else 1):
                t, r, _ = run(gen)
                times.append(t)
                rss = max(rss, r)
            if "generate" in steps:
                record("generate", n, times, rss)

            wanted = [s for s in BENCH_STEPS if s in steps]
            if wanted:
                argv = [cli, "bench", design, "--json", "--traces", "2000"]
                if "matrix" not in steps:
                    argv.append("--no-matrix")
                if "save" not in steps:
                    argv.append("--no-save")
                inner, peak = {}, 0.0
                for _ in range(n_runs):
                    try:
                        _, r, out = run(argv, keep_output=True, timeout=args.timeout)
                    except Failed as e:
                        sys.stderr.write(f"bench at {n} VNets: {e}\n")
                        for key in wanted:
                            figures.setdefault(key, {})[str(n)] = {"failed": str(e)}
                        inner = {}
                        break
                    b = json.loads(out)
                    peak = max(peak, r)
                    fil = b.get("file") or {}
                    values = {
                        "load": fil.get("load_ms"), "validate": fil.get("validate_ms"),
                        "save": fil.get("save_ms"), "geometry": fil.get("geometry_ms"),
                        "converge": b["convergence"]["first_ms"],
                        "link-down": b["link_down"]["mean_ms"] if b["link_down"]["links"] else None,
                        "trace": b["traces"]["reached_mean_us"] / 1e3 if b["traces"]["reached"] else None,
                        "matrix": (b.get("matrix") or {}).get("ms"),
                    }
                    for key in wanted:
                        if values[key] is not None:
                            inner.setdefault(key, []).append(values[key] / 1e3)
                    info[str(n)] = {
                        "endpoints": b["endpoints"], "routes": b["routes"],
                        "classes": (b.get("matrix") or {}).get("classes"),
                        "bytes_per_route": b["convergence"]["heap_bytes_per_route"],
                        "bench_peak_rss_mib": peak,
                        "save_bytes": fil.get("save_bytes"),
                    }
                for key in wanted:
                    if key in inner:
                        record(key, n, inner[key])

            plain = {
                "export-svg": [cli, "export", design, "-o", os.path.join(tmp, "o.svg")],
                "export-pdf": [cli, "export", design, "-o", os.path.join(tmp, "o.pdf")],
                "export-png": [cli, "export", design, "-o", os.path.join(tmp, "o.png")],
                "report-json": [cli, "report", design, "-q", "-o", os.path.join(tmp, "o.json")],
                "report-html": [cli, "report", design, "-q", "-o", os.path.join(tmp, "o.html")],
                "report-pdf": [cli, "report", design, "-q", "-o", os.path.join(tmp, "o.pdf")],
                "matrix-json": [cli, "matrix", design, "--json"],
            }
            for step, argv in plain.items():
                if step not in steps:
                    continue
                times, rss = [], 0.0
                try:
                    for _ in range(n_runs):
                        t, r, _ = run(argv, timeout=args.timeout)
                        times.append(t)
                        rss = max(rss, r)
                    record(step, n, times, rss)
                except Failed as e:
                    figures.setdefault(step, {})[str(n)] = {"failed": str(e)}
                    sys.stderr.write(f"{step} at {n} VNets: {e}\n")
                for name in ("o.svg", "o.pdf", "o.png", "o.json", "o.html"):
                    try:
                        os.unlink(os.path.join(tmp, name))
                    except OSError:
                        pass
            sys.stderr.write(f"size {n} done\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    data = {"sizes": sizes, "runs": args.runs, "prefix_cap": cap, "capped": capped,
            "figures": figures, "info": info,
            "labels": {s: LABELS[s] for s in figures}}
    data["slopes"] = slopes_of(data)
    print_table(data)
    if args.json:
        with open(args.json, "w") as fp:
            json.dump(data, fp, indent=2)


if __name__ == "__main__":
    main()
