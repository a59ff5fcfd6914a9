"""`make demo`: the whole Crop Mapper workflow through qgis_process, on a scene the project simulates.

1. simulate a 2018 season (parcels + Sentinel-2 L2A SAFE products) with the project's simulator;
2. prepare the in situ parcels for the crop mask and for crop type (cropmapper:prepareinsitu);
3. crop mask L4A (cropmapper:cropmask), then crop type L4B with that mask (cropmapper:croptype);
4. an August cloud-free composite for display (cropmapper:composite).
Each step runs as a user would run it: `qgis_process.bin run cropmapper:...` with the plugin enabled
in a temporary QGIS profile. The accuracy figures printed are read from the products.
"""
import argparse
import os
import sys

from osgeo import ogr

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from qgisprocess import QgisProcess  # noqa: E402


def step(qp, title, algorithm, params):
    print("\n== %s (%s)" % (title, algorithm), flush=True)
    code, result, proc = qp.run(algorithm, params)
    if code != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit("demo step failed: %s (exit code %d)" % (algorithm, code))
    return result["results"]


def summarise_parcels(path, label):
    ds = ogr.Open(path)
    per_class = {}
    for feat in ds.GetLayer(0):
        n, a = per_class.get(feat.GetField(label), (0, 0.0))
        per_class[feat.GetField(label)] = (n + 1, a + feat.GetField("AREA"))
    print("   " + ", ".join("%s=%s: %d parcels %.1f ha" % (label, v, n, a / 1e4)
                            for v, (n, a) in sorted(per_class.items())))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plugin-path", default=os.path.join(REPO, "build", "plugins"))
    parser.add_argument("--out", default=os.path.join(REPO, "build", "demo"))
    parser.add_argument("--size", type=int, default=300, help="scene size in 10 m pixels")
    parser.add_argument("--dates", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    sys.path.insert(0, os.path.abspath(args.plugin_path))
    from cropmapper.science.sim.simulator import simulate_scene

    print("== Simulating a %d x %d px scene, %d dates of 2018 (seed %d)" % (args.size, args.size, args.dates, args.seed))
    scene_dir = os.path.join(out, "scene")
    scene = simulate_scene(scene_dir, args.size, args.size, dates=("2018-03-01", "2018-10-31", args.dates),
                           seed=args.seed, formats=("safe",))
    print("   %d SAFE products in %s, parcels in %s" % (len(scene["safe"]), os.path.join(scene_dir, "safe"),
                                                         scene["parcels"]))
    qp = QgisProcess(args.plugin_path)
    insitu = {}
    for purpose, label in ((0, "CROP"), (1, "CODE")):
        target = os.path.join(out, "insitu_%s.gpkg" % label.lower())
        res = step(qp, "Prepare in situ data for %s" % ("the crop mask" if purpose == 0 else "crop type"),
                   "cropmapper:prepareinsitu", {"INPUT": scene["parcels"], "PURPOSE": purpose, "CROP_ONLY": purpose == 1,
                    "OUTPUT": target})
        print("   kept %d parcels -> %s" % (res["PARCEL_COUNT"], res["OUTPUT"]))
        summarise_parcels(target, label)
        insitu[label] = target

    products = os.path.join(out, "products")
    common = {"INPUT_FOLDER": os.path.join(scene_dir, "safe"), "START_DATE": "2018-03-01",
              "END_DATE": "2018-10-31", "SITE": "DEMO", "SEED": 1, "OUTPUT_FOLDER": products, "OVERWRITE": "true"}
    mask = step(qp, "Crop mask L4A", "cropmapper:cropmask", dict(common, IN_SITU=insitu["CROP"]))
    print("   product %s\n   overall accuracy %.3f, kappa %.3f" % (mask["PRODUCT"], mask["OVERALL_ACCURACY"], mask["KAPPA"]))
    ctype = step(qp, "Crop type L4B with the crop mask applied", "cropmapper:croptype",
                 dict(common, IN_SITU=insitu["CODE"], CROP_MASK=mask["PRODUCT"]))
    print("   product %s\n   overall accuracy %.3f, kappa %.3f" % (ctype["PRODUCT"], ctype["OVERALL_ACCURACY"], ctype["KAPPA"]))
    comp = step(qp, "August composite", "cropmapper:composite",
                {"INPUT_FOLDER": os.path.join(scene_dir, "safe"), "START_DATE": "2018-08-01",
                 "END_DATE": "2018-08-31", "OUTPUT": os.path.join(out, "composite_august.tif")})
    print("   %s (open it in QGIS: true colour; false colour style next to it)" % comp["OUTPUT"])
    print("\nThe simulated classes have distinct phenologies, so accuracy is near perfect on this scene. On the"
          "\nreal 640 m Flanders 2018 patch (10 crop polygons) the crop mask reaches 0.68-0.89 overall accuracy"
          "\ndepending on which polygons the seed sets aside for validation.")
    print("demo finished: outputs in %s" % out)


if __name__ == "__main__":
    main()
