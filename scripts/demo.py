"""`make demo`: the whole Crop Mapper workflow through qgis_process, on a scene the project simulates.

1. simulate a 2018 season (parcels + Sentinel-2 L2A SAFE products) with the project's simulator;
2. prepare the in situ parcels for the crop mask and for crop type (cropmapper:prepareinsitu);
3. the chain as a model (models/crop_mapping_chain.model3): crop mask L4A, crop type L4B of the early
   period and of the season with that mask, a quality report of each, the comparison of the two periods;
4. an August cloud-free composite (cropmapper:composite) and the season crop type loaded as a layer group
   into a project file (cropmapper:loadproduct).
Each step runs as a user would run it: `qgis_process.bin run cropmapper:...` with the plugin enabled
in a temporary QGIS profile. The accuracy figures printed are read from the products.
"""
import argparse
import os
import shutil
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
                           seed=args.seed, formats=("safe",), reference=True, s1=True)
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
    for folder in ("products", "parcel_runs", "applied", "reference", "s1_products"):  # the last run's
        shutil.rmtree(os.path.join(out, folder), ignore_errors=True)
    os.makedirs(products)
    print("\n== The chain as a graphical-modeler model (models/crop_mapping_chain.model3): crop mask, crop type"
          "\n   of the early period (to the end of May) and of the season with that mask, a quality report of"
          "\n   each product, and the comparison of the two crop-type periods", flush=True)
    model = os.path.join(REPO, "models", "crop_mapping_chain.model3")
    chain = step(qp, "Crop mapping chain", model, {
        "images": os.path.join(scene_dir, "safe"), "parcels": scene["parcels"], "site": "DEMO",
        "start": "2018-03-01", "early_end": "2018-05-31", "end": "2018-10-31", "seed": 1,
        "mask:mask_products": products, "type_early:early_products": products,
        "type_season:season_products": products, "mask:mask_map": os.path.join(out, "crop_mask.tif"),
        "type_early:early_map": os.path.join(out, "crop_type_may.tif"),
        "type_season:season_map": os.path.join(out, "crop_type_season.tif"),
        "compare:comparison_csv": os.path.join(out, "comparison.csv"),
        "compare:comparison_html": os.path.join(out, "comparison.html")})
    sys.path.insert(0, os.path.abspath(args.plugin_path))
    from cropmapper.science.products import read_product

    for folder in sorted(os.listdir(products)):
        p = read_product(os.path.join(products, folder))
        q = p.quality or {}
        a = q.get("assessment") or {}
        print("\n   %s\n   %s %s to %s: overall accuracy %.3f (95 %% interval %.3f-%.3f over validation polygons),"
              " kappa %.3f; a map saying '%s' everywhere: %.3f%s"
              % (p.path, p.level, p.start, p.end, q.get("accuracy"), a.get("ci_low"), a.get("ci_high"),
                 q.get("kappa"), a.get("majority_label"), a.get("majority_accuracy"),
                 "" if a.get("beats_majority") else "  <- the map does not beat it"))
        for w in a.get("warnings", []):
            print("   warning: %s" % w)
    for key in sorted(k for k in chain if k.startswith("report_")):
        print("   report: %s" % chain[key])
    for key in ("mask:mask_map", "type_early:early_map", "type_season:season_map"):
        print("   map: %s" % chain[key])
    print("   comparison: %s (table %s)" % (chain["compare:comparison_html"], chain["compare:comparison_csv"]))

    season = max((os.path.join(products, f) for f in os.listdir(products) if f.startswith("S2AGRI_L4B")),
                 key=lambda f: f[-8:])  # the latest end date: the season's map
    comp = step(qp, "August composite", "cropmapper:composite",
                {"INPUT_FOLDER": os.path.join(scene_dir, "safe"), "START_DATE": "2018-08-01",
                 "END_DATE": "2018-08-31", "OUTPUT": os.path.join(out, "composite_august.tif")})
    print("   %s (open it in QGIS: true colour; false colour style next to it)" % comp["OUTPUT"])
    res = step(qp, "Season crop type as a layer group", "cropmapper:loadproduct",
               {"PRODUCT": season, "COMPOSITE": comp["OUTPUT"], "OUTPUT_PROJECT": os.path.join(out, "demo.qgs")})
    print("   %s: open it in QGIS (group %s)" % (res["OUTPUT_PROJECT"], res["GROUP"]))
    res = step(qp, "Crop type of whole parcels (object-based)", "cropmapper:parcelclassification",
               {"INPUT_FOLDER": os.path.join(scene_dir, "safe"), "PARCELS": insitu["CODE"], "LABEL_FIELD": "CODE",
                "SEED": 1, "OUTPUT": os.path.join(out, "parcels_classified.gpkg"),
                "OUTPUT_FOLDER": os.path.join(out, "parcel_runs")})
    print("   %s: overall accuracy %.3f per parcel, %.3f per area (kappa %.3f, %.3f)" % (
        res["OUTPUT"], res["OVERALL_ACCURACY"], res["AREA_OVERALL_ACCURACY"], res["KAPPA"], res["AREA_KAPPA"]))
    l4a = next(os.path.join(products, f) for f in sorted(os.listdir(products)) if f.startswith("S2AGRI_L4A"))
    res = step(qp, "The crop mask's model applied to the images again", "cropmapper:applymodel",
               {"MODEL": l4a, "INPUT_FOLDER": os.path.join(scene_dir, "safe"), "IN_SITU": insitu["CROP"],
                "SITE": "APPLIED", "OUTPUT_FOLDER": os.path.join(out, "applied")})
    print("   %s: overall accuracy %.3f, kappa %.3f against all the in situ polygons (training ones included)" % (
        res["PRODUCT"], res["OVERALL_ACCURACY"], res["KAPPA"]))
    res = step(qp, "Crop mask without in situ data, from a 300 m CCI-like reference map",
               "cropmapper:cropmaskreference",
               {"INPUT_FOLDER": os.path.join(scene_dir, "safe"), "REFERENCE": scene["reference"],
                "REFERENCE_LEGEND": "cci", "IN_SITU": insitu["CROP"], "SITE": "NOINSITU", "SEED": 1,
                "OUTPUT_FOLDER": os.path.join(out, "reference")})
    print("   %s: %s %.3f, kappa %.3f" % (res["PRODUCT"], res["VALIDATION"], res["OVERALL_ACCURACY"], res["KAPPA"]))
    comparison = os.path.join(out, "s1_comparison.csv")
    step(qp, "Crop mask: Sentinel-2 alone, Sentinel-2 + Sentinel-1, Sentinel-1 alone (models/s1_comparison.model3)",
         os.path.join(REPO, "models", "s1_comparison.model3"),
         {"images": os.path.join(scene_dir, "safe"), "parcels": insitu["CROP"], "s1": scene["s1"], "site": "DEMO",
          "start": "2018-03-01", "end": "2018-10-31", "seed": 1, "mask_s2:products": os.path.join(out, "s1_products"),
          "compare:comparison_csv": comparison, "compare:comparison_html": os.path.join(out, "s1_comparison.html")})
    import csv

    with open(comparison, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            print("   %-8s overall accuracy %.3f, kappa %.3f (k-fold)" % (
                row["site"], float(row["overall_accuracy"]), float(row["kappa"])))
    print("\nThe simulated scene has realistic variety (sowing dates, vigour, mixed border pixels, haze the SCL"
          "\nmisses): expect a crop mask around 0.95 and a season crop type around 0.93 overall accuracy, the"
          "\nearly (May) crop type around 0.80.")
    print("demo finished: outputs in %s" % out)


if __name__ == "__main__":
    main()
