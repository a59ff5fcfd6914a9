"""`make bench`: throughput of the time-series engine on a simulated scene, as ratios against
baselines measured in the same run (never absolute claims: machines differ).

1. gap filling: the vectorised gap_fill against a per-pixel numpy.interp loop (the obvious baseline);
2. feature raster: a small memory budget (many blocks) against a large one (one block), to show what
   the bounded-memory guarantee costs;
3. reading: the SAFE reader (JP2 through the product layout, offset applied) against the dated GeoTIFF
   reader on the same scene;
4. crop mask: the whole streamed run (features computed twice, never stored; training, prediction,
   post-processing) against writing its full feature raster alone (what the run used to start with).
"""
import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
PLUGINS = os.path.join(os.path.dirname(HERE), "build", "plugins")
if not os.path.exists(os.path.join(PLUGINS, "cropmapper")):
    os.makedirs(PLUGINS, exist_ok=True)
    os.symlink(os.path.dirname(HERE), os.path.join(PLUGINS, "cropmapper"))
sys.path.insert(0, PLUGINS)

from cropmapper.science import workflow
from cropmapper.science.io import readers
from cropmapper.science.series import features, timeseries  # noqa: E402
from cropmapper.science.sim.simulator import simulate_scene  # noqa: E402


def timed(function, repeat=1):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def bench_gap_fill(n_pixels, n_dates, seed):
    rng = np.random.default_rng(seed)
    base = dt.date(2018, 3, 1)
    dates = sorted({base + dt.timedelta(days=int(d)) for d in rng.integers(0, 240, n_dates)})
    out_dates = timeseries.regular_dates(dates[0], dates[-1], 10)
    values = rng.random((len(dates), n_pixels), dtype=np.float32)
    valid = rng.random((len(dates), n_pixels)) > 0.3
    x = np.array([d.toordinal() for d in dates], float)
    xo = np.array([d.toordinal() for d in out_dates], float)

    def loop():
        out = np.full((len(out_dates), n_pixels), np.nan, np.float32)
        for p in range(n_pixels):
            ok = valid[:, p]
            if ok.any():
                out[:, p] = np.interp(xo, x[ok], values[ok, p])  # nearest value at the ends
        return out

    t_vec, filled = timed(lambda: timeseries.gap_fill(values, valid, dates, out_dates), 3)
    t_loop, ref = timed(loop)
    filled = filled[0] if isinstance(filled, tuple) else filled
    assert np.allclose(filled, ref, equal_nan=True, atol=1e-5), "gap_fill disagrees with the baseline"
    return t_loop, t_vec


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=400, help="scene width and height in pixels (10980 = a tile)")
    parser.add_argument("--dates", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", help="keep the simulated scene in this folder")
    args = parser.parse_args()
    work = args.keep or tempfile.mkdtemp(prefix="cropmapper-bench-")
    try:
        print("simulating a %d x %d px scene with %d dates ..." % (args.size, args.size, args.dates))
        t_sim, scene = timed(lambda: simulate_scene(work, args.size, args.size,
                                                    dates=("2018-03-01", "2018-10-31", args.dates),
                                                    seed=args.seed, formats=("safe", "geotiff")))
        print("  simulated in %.1f s" % t_sim)
        rows = []
        t_loop, t_vec = bench_gap_fill(20000, 24, args.seed)
        rows.append(("gap filling, 20000 px x 24 dates", "per-pixel np.interp loop", t_loop, t_vec))

        acq_tif, grid = readers.prepare([os.path.join(work, "geotiff")])
        acq_safe, _ = readers.prepare([os.path.join(work, "safe")])
        spec = features.FeatureSpec(timeseries.regular_dates(acq_tif[0].date, acq_tif[-1].date, 10))
        out = os.path.join(work, "features_%s.tif")
        t_big, _ = timed(lambda: features.write_feature_raster(acq_tif, grid, spec, out % "big", memory_mb=2048))
        t_small, _ = timed(lambda: features.write_feature_raster(acq_tif, grid, spec, out % "small", memory_mb=16))
        rows.append(("feature raster, 16 MB budget", "one block (2048 MB)", t_big, t_small))
        t_safe, _ = timed(lambda: features.write_feature_raster(acq_safe, grid, spec, out % "safe", memory_mb=2048))
        rows.append(("feature raster from SAFE JP2", "from dated GeoTIFFs", t_big, t_safe))

        start, end = "2018-03-01", "2018-10-31"
        mask_spec = features.FeatureSpec(timeseries.regular_dates(start, end, workflow.STEP_DAYS),
                                         **workflow.CROP_MASK_FEATURES)
        t_write, _ = timed(lambda: features.write_feature_raster(acq_tif, grid, mask_spec, out % "mask"))
        # a light forest (20 trees, 1500 samples per class, as in the tests) keeps the bench short
        t_mask, _ = timed(lambda: workflow.run_crop_mask([os.path.join(work, "geotiff")], start, end, scene["parcels"],
                                                         "CROP", n_trees=20, samples_per_class=1500,
                                                         out_folder=os.path.join(work, "l4a")))
        rows.append(("crop mask end to end, streamed", "its feature raster write", t_write, t_mask))

        print("\n%-36s %-28s %10s %10s %8s" % ("measure", "baseline", "baseline s", "measure s", "ratio"))
        for name, base_name, t_base, t_measure in rows:
            print("%-36s %-28s %10.3f %10.3f %7.2fx" % (name, base_name, t_base, t_measure, t_base / t_measure))
        print("\nratio > 1: the measure is faster than its baseline; < 1: it costs that factor more.")
        mpx = args.size * args.size * len(acq_tif) / 1e6
        print("feature throughput (one block): %.1f Mpx-dates/s" % (mpx / t_big))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
