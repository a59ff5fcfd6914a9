#!/usr/bin/env python3
"""Write a synthetic Sentinel-2 L2A scene (parcels, labels, SAFE products and/or dated GeoTIFFs).

    /usr/bin/python3 scripts/simulate.py --out build/sim --size 200 --dates 18 --seed 1 --format safe geotiff

Runs from the repository root without QGIS: the package is imported as ``cropmapper`` through
build/plugins/cropmapper (the link ``make link`` makes; created here when missing).
"""
import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLUGIN_PATH = os.path.join(REPO, "build", "plugins")


def _import_simulator():
    link = os.path.join(PLUGIN_PATH, "cropmapper")
    if not os.path.exists(link):
        os.makedirs(PLUGIN_PATH, exist_ok=True)
        os.symlink(REPO, link)
    if PLUGIN_PATH not in sys.path:
        sys.path.insert(0, PLUGIN_PATH)
    from cropmapper.science.sim import simulator
    from cropmapper.science.errors import InputError
    from cropmapper.science.progress import Reporter

    return simulator, InputError, Reporter


def _size(text):
    parts = text.lower().split("x")
    try:
        values = [int(p) for p in parts]
    except ValueError:
        raise argparse.ArgumentTypeError("size is N or WIDTHxHEIGHT in pixels, e.g. 200 or 300x200")
    if len(values) == 1:
        values *= 2
    if len(values) != 2 or min(values) < 2:
        raise argparse.ArgumentTypeError("size is N or WIDTHxHEIGHT, at least 2 pixels each")
    return tuple(values)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--size", type=_size, default=(200, 200), help="N or WIDTHxHEIGHT pixels at 10 m (default 200)")
    p.add_argument("--dates", type=int, default=18, help="number of dates, evenly spread (default 18)")
    p.add_argument("--start", default="2018-03-01", help="first date (default 2018-03-01)")
    p.add_argument("--end", default="2018-10-31", help="last date (default 2018-10-31)")
    p.add_argument("--step-days", type=int, default=None, help="one date every N days (instead of --dates)")
    p.add_argument("--seed", type=int, default=0, help="random seed: the same seed gives the same files")
    p.add_argument("--format", nargs="+", default=["safe", "geotiff"], help="safe, geotiff and/or maja")
    p.add_argument("--tile", default="31UES", help="MGRS tile name in product names (default 31UES)")
    p.add_argument("--epsg", type=int, default=32631, help="projected CRS (default 32631)")
    p.add_argument("--origin", type=float, nargs=2, default=(500000.0, 5630000.0), metavar=("X", "Y"),
                   help="upper-left corner (default 500000 5630000)")
    p.add_argument("--cloud-fraction", type=float, default=0.2, help="mean cloud cover per date (default 0.2)")
    p.add_argument("--no-swath-edge", action="store_true", help="no date with a no-data swath edge")
    p.add_argument("--zip", action="store_true", help="write SAFE products as .SAFE.zip")
    p.add_argument("--memory-mb", type=int, default=256,
                   help="memory budget (MB) for the rasters: row blocks, strips and GDAL's cache (default 256)")
    p.add_argument("--reference", action="store_true",
                   help="also write reference_cci.tif: a 300 m CCI-like land-cover map in EPSG:4326 with errors")
    p.add_argument("--s1", action="store_true",
                   help="also write s1_backscatter.tif: a Sentinel-1 like VV / VH stack in dB, weekly")
    p.add_argument("--quiet", action="store_true")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    simulator, InputError, Reporter = _import_simulator()
    log = (lambda m: None) if args.quiet else (lambda m: print(m, flush=True))
    reporter = Reporter(on_info=log, on_warning=lambda m: print("WARNING: " + m, file=sys.stderr))
    dates = (args.start, args.end, "%dd" % args.step_days if args.step_days else args.dates)
    try:
        result = simulator.simulate_scene(
            args.out, width=args.size[0], height=args.size[1], dates=dates, seed=args.seed,
            formats=args.format, tile=args.tile, origin=args.origin, epsg=args.epsg,
            cloud_fraction=args.cloud_fraction, swath_edge=not args.no_swath_edge, safe_zip=args.zip,
            memory_mb=args.memory_mb, reporter=reporter,
            reference=args.reference, s1=args.s1)
    except InputError as exc:
        print("error: %s" % exc, file=sys.stderr)
        return 2
    log("parcels: %s (%s)" % (result["parcels"], ", ".join("%s %d" % kv for kv in result["classes"].items())))
    log("labels: %s" % os.path.dirname(result["labels"]["id"]))
    for fmt in ("safe", "geotiff", "maja"):
        if result[fmt]:
            log("%s: %d products in %s" % (fmt, len(result[fmt]), os.path.dirname(result[fmt][0])))
    if result.get("s1"):
        log("s1: %s (%d dates)" % (result["s1"], len(result["s1_dates"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
