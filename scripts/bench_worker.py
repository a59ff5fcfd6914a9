"""One measured job of scripts/bench.py, run in its own process so the parent reads its peak RSS
(os.wait4). Starts QGIS offscreen as qgis_process does, imports the plugin's science, scikit-learn and
numba, runs the job given as a JSON argument and prints one line "BENCH-JSON {...}" with its times.

Jobs: load (stop after loading: the process baseline), floor (decode the run's JPEG 2000 files once),
cropmask / croptype (the workflow end to end), predict (Predictor engines; OTB's ImageClassifier).
"""
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

START, END = "2018-03-01", "2018-10-31"
# the JP2 files each run reads (the workflow's feature bands and the SCL cloud mask)
def floor_bands(stage):
    """The files a default run reads per image: its features' bands and the SCL."""
    import datetime

    from cropmapper.science import workflow
    from cropmapper.science.series.features import FeatureSpec

    kw = workflow.MASK_FEATURE_SETS[workflow.DEFAULT_MASK_FEATURES] if stage == "cropmask" else \
        workflow.CROP_TYPE_FEATURES
    return tuple(FeatureSpec([datetime.date(2018, 6, 1)], kw["bands"], kw["sets"]).read_bands()) + ("SCL",)


def load():
    from qgis.core import Qgis, QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, os.environ.get("CROPMAPPER_PLUGINS") or os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "build", "plugins"))
    import numba
    import sklearn
    import sklearn.ensemble  # noqa: F401
    from osgeo import gdal

    import cropmapper.science.workflow  # noqa: F401
    import cropmapper.science.classify.classifier  # noqa: F401
    versions = {"GDAL": gdal.__version__, "numpy": np.__version__, "scikit-learn": sklearn.__version__,
                "numba": numba.__version__, "QGIS": Qgis.QGIS_VERSION}
    return app, versions


# --- decode floor ------------------------------------------------------------------------------------
def floor_files(safe, stage):
    from cropmapper.science.io import readers

    acquisitions, _ = readers.prepare([safe])
    bands = floor_bands(stage)
    return [a.files[b] for a in acquisitions for b in bands]


def decode(paths, workers, gdal_threads):
    """Seconds to read every file whole, by windows of whole tile rows, ``workers`` files at a time with
    GDAL_NUM_THREADS=``gdal_threads``; and the pixels decoded."""
    from osgeo import gdal

    gdal.SetConfigOption("GDAL_NUM_THREADS", str(gdal_threads))

    def one(path):
        ds = gdal.Open(path)
        band = ds.GetRasterBand(1)
        width, height = ds.RasterXSize, ds.RasterYSize
        rows = band.GetBlockSize()[1]
        for y in range(0, height, rows):
            band.ReadAsArray(0, y, width, min(rows, height - y))
        return width * height

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pixels = sum(pool.map(one, paths))
    return time.perf_counter() - start, pixels


def job_floor(job):
    paths = floor_files(job["safe"], job["stage"])
    out = {"files": len(paths)}
    for workers, threads in ((2, 1), (1, 2)):
        seconds, pixels = decode(paths, workers, threads)
        out["%dx%d" % (workers, threads)] = seconds
        out["decoded_mpx"] = pixels / 1e6
    out["seconds"] = min(out["2x1"], out["1x2"])
    return out


# --- end to end -------------------------------------------------------------------------------------------
def job_run(job):
    from cropmapper.science import workflow
    from cropmapper.science.classify import postprocess
    from cropmapper.science.progress import Reporter

    t0 = time.perf_counter()
    log, pp = [], []
    original = postprocess.postprocess_mask

    def timed_postprocess(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            pp.append(time.perf_counter() - start)

    postprocess.postprocess_mask = timed_postprocess
    for name in dir(workflow):  # a from-import in the workflow would bypass the module attribute
        if getattr(workflow, name) is original:
            setattr(workflow, name, timed_postprocess)
    reporter = Reporter(on_info=lambda m: log.append([round(time.perf_counter() - t0, 2), m]),
                        on_warning=lambda m: log.append([round(time.perf_counter() - t0, 2), "WARNING: " + m]))
    run = workflow.run_crop_mask if job["job"] == "cropmask" else workflow.run_crop_type
    field = "CROP" if job["job"] == "cropmask" else "CODE"
    start = time.perf_counter()
    # the crop mask with its post-processing on (region merging): the heaviest run, and goal 4's subject
    extra = {"postprocess": True} if job["job"] == "cropmask" else {}
    result = run([job["safe"]], START, END, job["parcels"], field, site="BENCH", memory_mb=job["memory"],
                 out_folder=job["out"], n_jobs=None, reporter=reporter, **extra)
    seconds = time.perf_counter() - start
    shutil.rmtree(job["out"], ignore_errors=True)
    return {"seconds": seconds, "postprocess": sum(pp) if pp else None, "kappa": result.get("kappa"),
            "log": log}


# --- prediction ---------------------------------------------------------------------------------------------
def synthetic(rng, labels, mu, w):
    """Features of pixels of classes ``labels``: class means and within-class variation in a 12-dim
    latent space spread over the features (like correlated temporal profiles), plus noise; classes
    overlap so the trees grow deep, as on real crops."""
    z = mu[labels] + 0.9 * rng.standard_normal((len(labels), mu.shape[1]), dtype=np.float32)
    return (z @ w + 0.3 * rng.standard_normal((len(labels), w.shape[1]), dtype=np.float32)).astype(np.float32)


def predictor(classifier, model, engine):
    cls = getattr(classifier, "Predictor", None)
    if cls is None:
        raise RuntimeError("science.classify.classifier.Predictor does not exist")
    p = cls(model, n_jobs=2, engine=engine)
    runs = getattr(p, "engine", engine)
    if (runs == "numba") != (engine == "numba"):  # the sklearn engine may call itself "scikit-learn"
        raise RuntimeError("Predictor(engine=%r) runs engine %r" % (engine, runs))
    return p


def predict_all(p, x, block):
    labels = np.empty(x.shape[1], np.int16)
    start = time.perf_counter()
    for i in range(0, x.shape[1], block):
        labels[i:i + block] = p.predict_block(x[:, i:i + block])[0]
    return time.perf_counter() - start, labels


def job_predict(job):
    from cropmapper.science.classify import classifier

    rng = np.random.default_rng(job["seed"])
    n_features, n_classes, per_class, side = 275, job["classes"], job["samples"], job["side"]
    mu = rng.standard_normal((n_classes, 12)).astype(np.float32)
    w = (rng.standard_normal((12, n_features)) / np.sqrt(12)).astype(np.float32)
    y = np.repeat(np.arange(n_classes) * 10 + 10, per_class)
    x = synthetic(rng, y // 10 - 1, mu, w)
    start = time.perf_counter()
    model = classifier.train(x, y, 100, 25, 25, job["seed"], n_jobs=2)
    out = {"train_seconds": time.perf_counter() - start, "samples": len(y), "features": n_features,
           "classes": n_classes, "pixels": side * side,
           "nodes": int(sum(e.tree_.node_count for e in model.estimators_))}
    pixels = np.concatenate([synthetic(rng, rng.integers(0, n_classes, 65536), mu, w)
                             for _ in range(0, side * side, 65536)])[:side * side].T.copy()
    block = job["block"]
    try:
        engines = {e: predictor(classifier, model, e) for e in ("sklearn", "numba")}
        for e, p in engines.items():  # warm-up (numba compiles here), timed apart
            t = time.perf_counter()
            p.predict_block(pixels[:, :4096])
            out["warmup_" + e] = time.perf_counter() - t
        times = {"sklearn": [], "numba": []}
        labels = {}
        for _ in range(job["repeats"]):
            for e in ("sklearn", "numba"):
                seconds, labels[e] = predict_all(engines[e], pixels, block)
                times[e].append(seconds)
        out["sklearn"], out["numba"] = times["sklearn"], times["numba"]
        out["mismatches"] = int(np.sum(labels["sklearn"] != labels["numba"]))
        del labels
    except Exception as exc:  # Predictor absent or an engine missing: the parent prints "not available"
        out["predictor_error"] = "%s: %s" % (type(exc).__name__, exc)
        engines = {}
    if job.get("otb"):
        out.update(otb_compare(job, classifier, model, engines.get("numba"), x, y, pixels, side))
    return out


def otb_compare(job, classifier, model, ours, x, y, pixels, side):
    """OTB: TrainVectorClassifier (same samples, same forest settings), ImageClassifier on a feature
    raster; ours: read the same raster + predict + write the map. Interleaved repeats."""
    from osgeo import gdal, ogr

    work = job["work"]
    os.makedirs(work, exist_ok=True)
    names = ["f%03d" % i for i in range(x.shape[1])]
    vd = os.path.join(work, "samples.sqlite")
    ds = ogr.GetDriverByName("SQLite").CreateDataSource(vd)
    layer = ds.CreateLayer("samples", geom_type=ogr.wkbPoint)
    for n in names:
        layer.CreateField(ogr.FieldDefn(n, ogr.OFTReal))
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    layer.StartTransaction()
    defn = layer.GetLayerDefn()
    for row, label in zip(x.astype(float), y):
        f = ogr.Feature(defn)
        for i, v in enumerate(row):
            f.SetField(i, v)
        f.SetField(len(names), int(label))
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (0 0)"))
        layer.CreateFeature(f)
    layer.CommitTransaction()
    ds = None
    env = dict(os.environ, ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS="2", OTB_MAX_RAM_HINT="512")
    model_txt = os.path.join(work, "rf.txt")
    start = time.perf_counter()
    subprocess.run(["otbcli_TrainVectorClassifier", "-io.vd", vd, "-io.out", model_txt, "-feat"] + names
                   + ["-cfield", "label", "-classifier", "rf", "-classifier.rf.nbtrees", "100",
                      "-classifier.rf.max", "25", "-classifier.rf.min", "25", "-classifier.rf.acc", "0"],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr)
    out = {"otb_train_seconds": time.perf_counter() - start}
    feat = os.path.join(work, "features.tif")
    ds = gdal.GetDriverByName("GTiff").Create(feat, side, side, x.shape[1], gdal.GDT_Float32, ["INTERLEAVE=PIXEL"])
    for r in range(0, side, 64):
        n = min(64, side - r)
        ds.WriteArray(pixels[:, r * side:(r + n) * side].reshape(-1, n, side), 0, r)
    ds = None
    otb_map, our_map = os.path.join(work, "otb_map.tif"), os.path.join(work, "our_map.tif")
    out["otb"], out["ours"] = [], []
    for _ in range(job["otb_repeats"]):
        start = time.perf_counter()
        subprocess.run(["otbcli_ImageClassifier", "-in", feat, "-model", model_txt, "-out", otb_map, "int16",
                        "-ram", "512"], check=True, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr)
        out["otb"].append(time.perf_counter() - start)
        start = time.perf_counter()
        our_side(classifier, model, ours, feat, our_map)
        out["ours"].append(time.perf_counter() - start)
    out["ours_engine"] = getattr(ours, "engine", "classifier.predict_block (no Predictor)")
    a = gdal.Open(otb_map).ReadAsArray()
    b = gdal.Open(our_map).ReadAsArray()
    out["otb_agreement"] = float(np.mean(a == b))
    shutil.rmtree(work, ignore_errors=True)
    return out


def our_side(classifier, model, ours, feat, out_path):
    """What ImageClassifier does, with our Predictor: read the feature raster by row blocks (512 MB),
    predict, write an int16 map (uncompressed, as OTB's)."""
    from osgeo import gdal

    src = gdal.Open(feat)
    nb, width, height = src.RasterCount, src.RasterXSize, src.RasterYSize
    dst = classifier.create_map(out_path, width, height, src.GetGeoTransform(), src.GetProjection(), ())
    rows = max(1, (512 << 20) // (width * nb * 12))
    for r in range(0, height, rows):
        n = min(rows, height - r)
        block = src.ReadAsArray(0, r, width, n).reshape(nb, -1)
        labels = (ours.predict_block(block) if ours is not None else classifier.predict_block(model, block, 2))[0]
        dst.GetRasterBand(1).WriteArray(labels.reshape(n, width), 0, r)
    dst = src = None


def main():
    job = json.loads(sys.argv[1])
    app, versions = load()
    if job["job"] == "load":
        result = {"versions": versions}
    elif job["job"] == "floor":
        result = job_floor(job)
    elif job["job"] in ("cropmask", "croptype"):
        result = job_run(job)
    elif job["job"] == "predict":
        result = job_predict(job)
    else:
        raise SystemExit("unknown job %r" % job["job"])
    sys.stdout.write("BENCH-JSON " + json.dumps(result) + "\n")
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # no QGIS / GDAL teardown: the datasets cached by the readers need no orderly close here


if __name__ == "__main__":
    main()
