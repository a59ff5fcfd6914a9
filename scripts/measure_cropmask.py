"""Crop-mask accuracy on the real Flanders 2018 patch (its SAFE products, SCL cloud mask) over seeds:
FEATURES extended / sen2agri, validation split / kfold, the raw mask and each post-processing, pooled
confusion matrices (the product's own quality figures). The strict definition of its README: LC 11 crop
against LC 13 and 60, LC 99 left out. Prints one line per run and the pooled figures (JSON with --json).
With kfold the figures are the raw mask's out-of-fold ones (the post-processing is not cross-validated).

    /usr/bin/python3 scripts/measure_cropmask.py --seeds 5 [--features extended sen2agri] [--modes split kfold]
        [--postprocess meanshift merging] [--json out.json]
"""
import argparse
import json
import os
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DATA = os.path.join(os.path.dirname(REPO), "shared", "data", "flanders2018")
SAFE = DATA + "_safe"


def strict_labels(folder):
    from osgeo import gdal
    out = os.path.join(folder, "strict.gpkg")
    gdal.VectorTranslate(out, os.path.join(DATA, "labels.gpkg"), SQLStatement=(
        "SELECT geom, fid AS id, lc, CASE WHEN lc = 11 THEN 1 ELSE 0 END AS CROP FROM labels "
        "WHERE lc IN (11, 13, 60)"), SQLDialect="SQLite", layerName="strict")
    return out


def kappa(cm):
    cm = np.asarray(cm, float)
    n = cm.sum()
    po = np.trace(cm) / n
    pe = (cm.sum(0) * cm.sum(1)).sum() / n / n
    return (po - pe) / (1 - pe) if pe < 1 else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--features", nargs="+", default=["extended", "sen2agri"])
    ap.add_argument("--modes", nargs="+", default=["split", "kfold"])
    ap.add_argument("--postprocess", nargs="*", default=["meanshift", "merging"])
    ap.add_argument("--start", default="2018-03-01")
    ap.add_argument("--end", default="2018-10-31")
    ap.add_argument("--json")
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(REPO, "build", "plugins"))
    from cropmapper.science import workflow
    from cropmapper.science.progress import Reporter

    tmp = tempfile.mkdtemp(prefix="measure_cm_")
    labels = strict_labels(tmp)
    pooled = {}
    for features in args.features:
        for mode in args.modes:
            methods = args.postprocess if mode == "split" else []
            for seed in range(args.seeds):
                stages = [("raw", False)] + [(m, m) for m in methods]
                for stage, post in stages:
                    r = workflow.run_crop_mask([SAFE], args.start, args.end, labels, "CROP", site="M", seed=seed,
                                               features=features, out_folder=tmp, overwrite=True, postprocess=post,
                                               validation_mode=mode, reporter=Reporter())
                    q = r["quality"]
                    cm = np.asarray(q.cm)
                    key = "%s/%s/%s" % (features, mode, stage)
                    pooled.setdefault(key, {"cm": np.zeros_like(cm), "oa": [], "kappa": []})
                    pooled[key]["cm"] = pooled[key]["cm"] + cm
                    pooled[key]["oa"].append(q.accuracy)
                    pooled[key]["kappa"].append(q.kappa)
                    print("%-9s %-5s seed %d %-9s OA %.3f kappa %.3f  (%d validation pixels, majority %.3f)"
                          % (features, mode, seed, stage, q.accuracy, q.kappa, cm.sum(), cm.sum(1).max() / cm.sum()),
                          flush=True)
    summary = {}
    for key, v in pooled.items():
        cm = v["cm"]
        summary[key] = {"pooled_oa": float(np.trace(cm) / cm.sum()), "pooled_kappa": float(kappa(cm)),
                        "majority_oa": float(cm.sum(1).max() / cm.sum()), "oa_mean": float(np.mean(v["oa"])),
                        "oa_min": float(np.min(v["oa"])), "oa_max": float(np.max(v["oa"])),
                        "kappa_mean": float(np.nanmean(v["kappa"])), "cm": cm.tolist()}
        s = summary[key]
        print("%-26s pooled OA %.3f kappa %.3f (majority %.3f); per seed OA %.3f [%.3f-%.3f], kappa %.3f"
              % (key, s["pooled_oa"], s["pooled_kappa"], s["majority_oa"], s["oa_mean"], s["oa_min"], s["oa_max"],
                 s["kappa_mean"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
