#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Draws the scale curve of tests/scale/scale.py as an SVG plot.

    tests/scale/scale.py --json scale.json ...
    docs/plot-scale.py scale.json docs/scale.svg

Log-log axes: VNets across, the median seconds of each step up; a straight
line of slope 1 is linear cost. Plain SVG written by hand, so that the plot
needs nothing beyond Python.
"""

import json
import math
import sys

W, H = 840, 440
LEFT, RIGHT, TOP, BOTTOM = 70, 300, 30, 50
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
           "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"]


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    data = json.load(open(sys.argv[1]))
    sizes = data["sizes"]
    series = []
    for step, per in data["figures"].items():
        # A step that failed or timed out at a size has no point there.
        points = [(int(n), f["median"]) for n, f in per.items() if f.get("median", 0) > 0]
        points.sort()
        if len(points) >= 2:
            series.append((data.get("labels", {}).get(step, step), points,
                           data.get("slopes", {}).get(step)))

    xs = [math.log10(n) for n in sizes]
    ys = [math.log10(y) for _, pts, _ in series for _, y in pts]
    x0, x1 = min(xs), max(xs)
    y0, y1 = math.floor(min(ys)), math.ceil(max(ys))
    pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(n):
        return LEFT + (math.log10(n) - x0) / (x1 - x0 or 1) * pw

    def py(s):
        return TOP + ph - (math.log10(s) - y0) / (y1 - y0 or 1) * ph

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="11">',
           f'<title>vnetlab scale curve</title>',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    # Grid: a line per decade of seconds, one per size.
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        label = f"{10 ** e:g} s" if e >= 0 else (f"{10 ** (e + 3):g} ms" if e >= -3
                                                  else f"{10 ** (e + 6):g} µs")
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + pw}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    for n in sizes:
        x = px(n)
        out.append(f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + ph}" stroke="#eee"/>')
        out.append(f'<text x="{x:.1f}" y="{TOP + ph + 16}" text-anchor="middle">{n:,}</text>')
    out.append(f'<text x="{LEFT + pw / 2}" y="{H - 10}" text-anchor="middle">VNets '
               f'(sites N/5, circuits N/10, prefixes 20 N)</text>')
    out.append(f'<text transform="translate(16 {TOP + ph / 2}) rotate(-90)" '
               f'text-anchor="middle">median CPU time (log)</text>')
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#888"/>')
    # A grey line of slope 1 (linear cost) from the lowest point of the
    # first size, to hold the curves against.
    if series:
        start = min(pts[0][1] for _, pts, _ in series if pts[0][0] == sizes[0]) \
            if any(pts[0][0] == sizes[0] for _, pts, _ in series) else None
        if start is not None:
            end = start * sizes[-1] / sizes[0]
            out.append(f'<line x1="{px(sizes[0]):.1f}" y1="{py(start):.1f}" x2="{px(sizes[-1]):.1f}" '
                       f'y2="{py(end):.1f}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/>')
            out.append(f'<text x="{px(sizes[-1]) - 4:.1f}" y="{py(end) - 6:.1f}" text-anchor="end" '
                       f'fill="#777">slope 1</text>')

    for k, (step, points, slope) in enumerate(series):
        colour = COLOURS[k % len(COLOURS)]
        # Past the tenth series the colours come round again, dashed.
        dash = ' stroke-dasharray="6 3"' if k >= len(COLOURS) else ""
        d = " ".join(f"{'M' if i == 0 else 'L'} {px(n):.1f} {py(s):.1f}"
                     for i, (n, s) in enumerate(points))
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for n, s in points:
            out.append(f'<circle cx="{px(n):.1f}" cy="{py(s):.1f}" r="3" fill="{colour}"/>')
        ly = TOP + 14 + 18 * k
        label = step + (f" (slope {slope:.2f})" if slope is not None and not math.isnan(slope) else "")
        out.append(f'<line x1="{LEFT + pw + 14}" y1="{ly - 4}" x2="{LEFT + pw + 34}" y2="{ly - 4}" '
                   f'stroke="{colour}" stroke-width="2"{dash}/>')
        out.append(f'<text x="{LEFT + pw + 40}" y="{ly}">{esc(label)}</text>')
    out.append('</svg>')
    with open(sys.argv[2], "w") as fp:
        fp.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
