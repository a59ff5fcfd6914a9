#!/usr/bin/env python3
"""Maintainer tool: derive the simulator's per-class spectral profiles from the real Flanders 2018
statistics (../shared/data/flanders2018_class_profiles.csv) and print them as the literal tables of
science/sim/class_profiles.py (between the DERIVED markers). Run it by hand; the plugin never reads ../shared.

    /usr/bin/python3 scripts/derive_class_profiles.py [CSV] > /tmp/tables.py

Steps, per class and band:
1. keep the 2018 dates (the labels are the 2018 declarations) plus December 2017 (the winter before);
2. drop partly clouded dates (fewer than half of the class's pixels clear: residual haze near clouds),
   hazy dates (blue B02 above the class's +-20-day running median by more than max(0.02, 30 %)) and
   dark ones (B02 below half of it: low winter sun, topographic/cloud shade missed by the SCL);
3. Gaussian kernel average over the day of year (sigma 8 days, circular, weighted by pixel count)
   on a 10-day grid (DOY 1, 11, ..., 361);
4. the std is the robust one from the percentiles, (p90 - p10) / 2.563, smoothed the same way.
"""
import csv
import math
import os
import sys
from collections import defaultdict

BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")
DOY_GRID = tuple(range(1, 366, 10))
SIGMA_DAYS = 8.0
# csv (legend, code) -> simulator class key
CLASSES = {("ct", "1200"): "maize", ("ct", "5100"): "potatoes", ("ct", "9120"): "grassland",
           ("lc", "60"): "built_up", ("lc", "99"): "other_land"}
DEFAULT_CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data",
                           "flanders2018_class_profiles.csv")


def load(path):
    """{class: {date: {band: (doy, n, mean, robust_std)}}}"""
    data = defaultdict(lambda: defaultdict(dict))
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            key = CLASSES.get((r["legend"], r["code"]))
            if key is None:
                continue
            date = r["date"]
            if not (date.startswith("2018") or date.startswith("2017-12")):
                continue
            rstd = (float(r["p90"]) - float(r["p10"])) / 2.563
            data[key][date][r["band"]] = (int(r["doy"]), int(r["n_pixels"]), float(r["mean"]), rstd)
    return data


def clean(dates):
    """Drop partly clouded and hazy dates; returns [(doy, weight, {band: (mean, std)})]."""
    nmax = max(v["B02"][1] for v in dates.values())
    kept = [(d, v) for d, v in sorted(dates.items()) if v["B02"][1] >= 0.5 * nmax]
    out = []
    for d, v in kept:
        doy = v["B02"][0]
        near = sorted(w["B02"][2] for _, w in kept if _circ(w["B02"][0] - doy) <= 20)
        median = near[len(near) // 2]
        if v["B02"][2] > median + max(0.02, 0.3 * median) or v["B02"][2] < 0.5 * median:
            continue
        out.append((doy, v["B02"][1], {b: (v[b][2], v[b][3]) for b in BANDS}))
    return out


def _circ(d):
    d = abs(d) % 365
    return min(d, 365 - d)


def smooth(obs):
    """Kernel averages on DOY_GRID: (means, stds), each [node][band]."""
    means, stds = [], []
    for node in DOY_GRID:
        w = [n * math.exp(-0.5 * (_circ(doy - node) / SIGMA_DAYS) ** 2) for doy, n, _ in obs]
        total = sum(w)
        means.append([sum(wi * o[2][b][0] for wi, o in zip(w, obs)) / total for b in BANDS])
        stds.append([sum(wi * o[2][b][1] for wi, o in zip(w, obs)) / total for b in BANDS])
    return means, stds


def table(name, rows):
    lines = ["%s = (" % name]
    for node, row in zip(DOY_GRID, rows):
        lines.append("    (%s),  # DOY %d" % (", ".join("%.4f" % v for v in row), node))
    lines.append(")")
    return "\n".join(lines)


def main(argv):
    path = argv[1] if len(argv) > 1 else DEFAULT_CSV
    data = load(path)
    print("# BEGIN DERIVED (scripts/derive_class_profiles.py; do not edit by hand)")
    for key in ("maize", "potatoes", "grassland", "built_up", "other_land"):
        obs = clean(data[key])
        means, stds = smooth(obs)
        print("# %s: %d clear dates kept of %d" % (key, len(obs), len(data[key])))
        print(table("_%s_MEAN" % key.upper(), means))
        print(table("_%s_STD" % key.upper(), stds))
    print("# END DERIVED")


if __name__ == "__main__":
    main(sys.argv)
