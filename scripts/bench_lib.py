"""Measurement helpers of scripts/bench.py: child runs with their peak RSS, statistics, ratio rows
against goals, the text table, the CSV files, the chart and the machine description.

Pure helpers (stats, paired_ratios, ratio_row, format_table, write_csv) take plain dicts and lists so
tests/test_bench.py can run them on tiny inputs; nothing here times or judges anything by itself.
"""
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import time

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_worker.py")
JSON_TAG = "BENCH-JSON "


# --- statistics and ratios ----------------------------------------------------------------------------
def stats(values):
    """(median, min, max) of the finite values, (nan, nan, nan) when there is none."""
    values = [float(v) for v in values if v is not None and v == v]
    if not values:
        nan = float("nan")
        return nan, nan, nan
    return statistics.median(values), min(values), max(values)


def select(runs, **where):
    """The run records (dicts) whose items equal every ``where`` item."""
    return [r for r in runs if all(r.get(k) == v for k, v in where.items())]


def paired_ratios(runs, measure, baseline, key="seconds", **where):
    """measure[key] / baseline[key] for each repeat holding both stages (records matched on
    ``repeat`` among those matching ``where``): the per-repeat ratios of interleaved, paired runs."""
    out = []
    base = {r["repeat"]: r for r in select(runs, stage=baseline, **where)}
    for r in select(runs, stage=measure, **where):
        b = base.get(r["repeat"])
        if b is not None and b.get(key) and r.get(key) is not None:
            out.append(r[key] / b[key])
    return out


def verdict(value, goal, op):
    """"PASS" / "FAIL" of ``value op goal`` (op "<=" or ">="); "n/a" without a value."""
    if value is None or value != value:
        return "n/a"
    ok = value <= goal if op == "<=" else value >= goal
    return "PASS" if ok else "FAIL"


def ratio_row(what, baseline, size, values, goal, op, note=""):
    """A ratio row: median and min-max of ``values`` (per-repeat ratios) judged on the median."""
    med, lo, hi = stats(values)
    return {"what": what, "baseline": baseline, "size": size, "n": len([v for v in values if v == v]),
            "median": med, "min": lo, "max": hi, "goal": "%s %g" % (op, goal), "verdict": verdict(med, goal, op),
            "note": note}


def info_row(what, baseline, size, verdict_text, note=""):
    """A row without a measured ratio ("not installed", "not available", ...)."""
    nan = float("nan")
    return {"what": what, "baseline": baseline, "size": size, "n": 0, "median": nan, "min": nan, "max": nan,
            "goal": "", "verdict": verdict_text, "note": note}


UNTRAINED = " without training"  # stage suffix: a run's seconds less its training phase


def phase_seconds(log, prefix):
    """Seconds of the workflow phase whose messages start with ``prefix`` in a run's ``log`` ([time,
    message] pairs): from its "<name> ..." start to its "<name>: done in" end; None when absent."""
    start = end = None
    for t, message in log:
        if message.startswith(prefix):
            if start is None and message.endswith(" ..."):
                start = t
            elif "done in" in message:
                end = t
    return None if start is None or end is None else end - start


def linear_fit(points):
    """(intercept, slope) of the least-squares line through (x, y) ``points`` (two distinct x at least)."""
    n = float(len(points))
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        raise ValueError("a line needs points at two distinct x")
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    return my - slope * mx, slope


def tile_estimate(runs, level, mpx_of_size, tile_mpx):
    """A full tile's run and decode floor, extrapolated from the measured sizes: the run's time without
    its training (stage ``level + UNTRAINED``; training is fixed: Sen2-Agri's sample counts do not grow
    with the scene) as a line in Mpx, plus the median training (stage "training <level>"); the floor as its median seconds per Mpx (decoding is proportional to the pixels).
    Returns {seconds, floor, ratio, train, per_mpx, intercept} or None with fewer than two sizes."""
    points = [(mpx_of_size(r["size"]), r["seconds"]) for r in select(runs, stage=level + UNTRAINED)]
    trains = [r["seconds"] for r in select(runs, stage="training " + level)]
    floors = [r["seconds"] / mpx_of_size(r["size"]) for r in select(runs, stage="floor " + level) if r.get("seconds")]
    if len({x for x, _ in points}) < 2 or not floors:
        return None
    intercept, slope = linear_fit(points)
    train = stats(trains)[0]
    seconds = train + intercept + slope * tile_mpx
    floor = stats(floors)[0] * tile_mpx
    return {"seconds": seconds, "floor": floor, "ratio": seconds / floor, "train": train, "per_mpx": slope,
            "intercept": intercept}


def _num(value, fmt="%.2f"):
    return "-" if value is None or value != value else fmt % value


def format_table(header, rows, formats=None):
    """Fixed-width text table of ``rows`` (lists) under ``header``; ``formats`` per column (None = str)."""
    formats = formats or [None] * len(header)
    cells = [[(_num(v, f) if f and isinstance(v, (int, float)) else str(v)) for v, f in zip(row, formats)]
             for row in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(header)]
    last = len(header) - 1
    line = lambda items: "  ".join(s.ljust(w) if i < 2 or i == last else s.rjust(w)  # noqa: E731
                                   for i, (s, w) in enumerate(zip(items, widths))).rstrip()
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(c) for c in cells])


def ratio_table(ratios):
    header = ["measure", "baseline (same work, same run)", "size", "n", "median", "min", "max", "goal", "result"]
    rows = [[r["what"], r["baseline"], r["size"], r["n"], r["median"], r["min"], r["max"], r["goal"],
             r["verdict"] + ("  " + r["note"] if r["note"] else "")] for r in ratios]
    return format_table(header, rows, [None, None, None, None, "%.2f", "%.2f", "%.2f", None, None])


def stage_table(runs):
    """Stage x size: median (min-max) seconds, Mpx-dates/s, peak RSS; memory budgets seen."""
    header = ["stage", "memory MB", "size", "n", "seconds median", "min-max", "Mpx-dates/s", "peak RSS MB"]
    keys = []
    for r in runs:
        k = (r["stage"], r.get("memory") or "", r["size"])
        if k not in keys:
            keys.append(k)
    rows = []
    for stage, memory, size in keys:
        rs = [r for r in runs if (r["stage"], r.get("memory") or "", r["size"]) == (stage, memory, size)]
        med, lo, hi = stats([r.get("seconds") for r in rs])
        rows.append([stage, memory, size, len(rs), med, "%s-%s" % (_num(lo, "%.1f"), _num(hi, "%.1f")),
                     stats([r.get("mpx_s") for r in rs])[0], stats([r.get("rss_mb") for r in rs])[0]])
    return format_table(header, rows, [None, None, None, None, "%.1f", None, "%.3g", "%.0f"])


def write_csv(path, records, fields=None):
    """``records`` (dicts) as CSV; fields = the union of their keys in first-seen order by default.
    Lists and dicts are written as JSON."""
    if fields is None:
        fields = []
        for r in records:
            fields += [k for k in r if k not in fields]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fields, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow({k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in r.items()})
    return path


# --- child runs -----------------------------------------------------------------------------------------
def child_env(plugins, profile):
    env = dict(os.environ)
    env.update({"QT_QPA_PLATFORM": "offscreen", "QGIS_CUSTOM_CONFIG_PATH": profile,
                "CROPMAPPER_PLUGINS": plugins, "PYTHONUNBUFFERED": "1"})
    return env


def run_worker(job, env, log_path, python=sys.executable):
    """Run bench_worker.py with the JSON ``job``; returns its JSON result plus "wall" (s, seen from here)
    and "rss_mb" (the child's peak resident set, from os.wait4). stderr goes to ``log_path``."""
    start = time.perf_counter()
    with open(log_path, "a", encoding="utf-8") as log:
        log.write("\n=== %s\n" % json.dumps(job))
        log.flush()
        proc = subprocess.Popen([python, WORKER, json.dumps(job)], stdout=subprocess.PIPE, stderr=log,
                                env=env, text=True)
        out = proc.stdout.read()
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    result = None
    for line in out.splitlines():
        if line.startswith(JSON_TAG):
            result = json.loads(line[len(JSON_TAG):])
    if proc.returncode != 0 or result is None:
        raise RuntimeError("worker job %s failed (exit %s); see %s" % (job.get("job"), proc.returncode, log_path))
    result["wall"] = wall
    result["rss_mb"] = usage.ru_maxrss / 1024.0  # Linux: kilobytes
    return result


# --- machine and versions ---------------------------------------------------------------------------------
def memory_total_mb():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def load_average():
    try:
        return "%.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "unknown"


def otb_version(app="otbcli_ImageClassifier"):
    """OTB's version from an application's help, None when the application is not on PATH."""
    import shutil

    if not shutil.which(app):
        return None
    try:
        done = subprocess.run([app], capture_output=True, text=True, timeout=60)
        text = done.stdout + done.stderr
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    for word in text.split("version")[1:2]:
        return word.split()[0].strip(",.") if word.split() else "unknown"
    return "unknown"


def machine_text(versions):
    return ("machine: %s, %d cores, %.0f MB memory, Python %s\nversions: %s"
            % (platform.platform(), os.cpu_count() or 0, memory_total_mb(), platform.python_version(),
               ", ".join("%s %s" % kv for kv in versions.items())))


# --- chart ------------------------------------------------------------------------------------------------------
def chart(path, runs, ratios):
    """A PNG: median seconds per stage and size (min-max bars), and each ratio against its goal.
    Returns the path, or a sentence when matplotlib is not importable."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(13, 5))
    groups = []
    for r in runs:
        k = (r["stage"], r["size"])
        if k not in groups:
            groups.append(k)
    meds, los, his = [], [], []
    for stage, size in groups:
        med, lo, hi = stats([r.get("seconds") for r in runs if (r["stage"], r["size"]) == (stage, size)])
        meds.append(med)
        los.append(med - lo)
        his.append(hi - med)
    a1.barh(range(len(groups)), meds, xerr=[los, his], color="#4c72b0")
    a1.set_yticks(range(len(groups)))
    a1.set_yticklabels(["%s %s" % g for g in groups], fontsize=8)
    a1.set_xlabel("seconds (median, min-max)")
    a1.invert_yaxis()
    measured = [r for r in ratios if r["median"] == r["median"] and r["goal"]]  # information rows have no goal
    colours = ["#55a868" if r["verdict"] == "PASS" else "#c44e52" for r in measured]
    a2.barh(range(len(measured)), [r["median"] for r in measured], color=colours)
    for i, r in enumerate(measured):
        goal = float(r["goal"].split()[1])
        a2.plot([goal, goal], [i - 0.4, i + 0.4], "k-")
    a2.set_yticks(range(len(measured)))
    a2.set_yticklabels(["%s %s" % (r["what"], r["size"]) for r in measured], fontsize=7)
    a2.set_xlabel("ratio (median); black line = goal; green PASS, red FAIL")
    a2.invert_yaxis()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path
