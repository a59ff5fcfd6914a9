"""S2 alone against S2 + S1 against S1 alone on the real Flanders 2018 patch (SAFE products, the S1 GRD
backscatter stack s1_grd_asc_10m.tif resampled every 10 days), for the crop mask (LC 11 crop against LC 13
and 60) and the crop type (LC 11 parcels, CODE = ct). k-fold validation, the product's own figures.

    /usr/bin/python3 scripts/measure_extras.py [--seeds 1] [--levels cropmask croptype] [--json out.json]
"""
import argparse
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(os.path.dirname(REPO), "shared", "data", "flanders2018")
SAFE = DATA + "_safe"
S1 = os.path.join(DATA, "s1_grd_asc_10m.tif")


def labels(folder, level):
    from osgeo import gdal
    out = os.path.join(folder, level + ".gpkg")
    sql = ("SELECT geom, fid AS id, CASE WHEN lc = 11 THEN 1 ELSE 0 END AS CROP FROM labels WHERE lc IN (11, 13, 60)"
           if level == "cropmask" else "SELECT geom, fid AS id, ct AS CODE FROM labels WHERE lc = 11")
    gdal.VectorTranslate(out, os.path.join(DATA, "labels.gpkg"), SQLStatement=sql, SQLDialect="SQLite",
                         layerName=level)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--levels", nargs="+", default=["cropmask", "croptype"])
    ap.add_argument("--cases", nargs="+", default=["s2", "s2+s1", "s1"])
    ap.add_argument("--json")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(REPO, "build", "plugins"))
    from cropmapper.science import workflow
    from cropmapper.science.progress import Reporter

    tmp = tempfile.mkdtemp(prefix="measure_extras_")
    out = {}
    for level in args.levels:
        insitu = labels(tmp, level)
        for case in args.cases:
            extras = [S1] if "s1" in case else []
            for seed in range(args.seeds):
                kw = dict(site="X", seed=seed, out_folder=tmp, overwrite=True, validation_mode="kfold",
                          reporter=Reporter(), extra_rasters=extras)
                if level == "cropmask":
                    r = workflow.run_crop_mask([SAFE], "2018-03-01", "2018-10-31", insitu, "CROP",
                                               features="none" if case == "s1" else workflow.DEFAULT_MASK_FEATURES,
                                               **kw)
                else:
                    r = workflow.run_crop_type([SAFE], "2018-03-01", "2018-10-31", insitu, "CODE",
                                               s2_features=case != "s1", **kw)
                q = r["quality"]
                key = "%s/%s/seed%d" % (level, case, seed)
                out[key] = {"oa": q.accuracy, "kappa": q.kappa, "pixels": int(q.total)}
                print("%-9s %-6s seed %d OA %.4f kappa %.4f (%d validation pixels)"
                      % (level, case, seed, q.accuracy, q.kappa, q.total), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
