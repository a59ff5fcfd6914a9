"""`make demo`: the main Crop Mapper job through qgis_process, on data the project carries or makes.

Runs as a user would: the plugin enabled in a temporary QGIS profile, each step a
`qgis_process.bin run cropmapper:...` call, and prints what each step produced.
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
    print("\n== %s: %s" % (title, algorithm))
    code, result, proc = qp.run(algorithm, params)
    if code != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit("demo step failed: %s (exit code %d)" % (algorithm, code))
    return result["results"]


def summarise_parcels(path, label):
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    per_class = {}
    for feat in lyr:
        n, a = per_class.get(feat.GetField(label), (0, 0.0))
        per_class[feat.GetField(label)] = (n + 1, a + feat.GetField("AREA"))
    for value, (n, area) in sorted(per_class.items()):
        print("   %s=%s: %d parcel(s), %.2f ha" % (label, value, n, area / 10000))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plugin-path", default=os.path.join(REPO, "build", "plugins"))
    parser.add_argument("--out", default=os.path.join(REPO, "build", "demo"))
    args = parser.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    qp = QgisProcess(args.plugin_path)

    parcels = os.path.join(REPO, "demo", "parcels.geojson")
    for purpose, label in ((0, "CROP"), (1, "CODE")):
        target = os.path.join(out, "insitu_%s.gpkg" % label.lower())
        res = step(qp, "Prepare in situ data for %s" % ("the crop mask" if purpose == 0 else "crop type"),
                   "cropmapper:prepareinsitu",
                   {"INPUT": parcels, "PURPOSE": purpose, "OUTPUT": target,
                    "OUTPUT_ZIP": os.path.join(out, "insitu_%s.zip" % label.lower())})
        print("   kept %d parcel(s) of 26 -> %s" % (res["PARCEL_COUNT"], res["OUTPUT"]))
        summarise_parcels(target, label)
    print("\ndemo finished: outputs in %s" % out)


if __name__ == "__main__":
    main()
