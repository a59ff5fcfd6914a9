"""Random forest training, model files and block-wise prediction with a confidence layer.

MIN_SAMPLES is scikit-learn's ``min_samples_split``: Sen2-Agri's OTB/OpenCV ``rf.min`` ("minimum number
of samples in a node to split it") means a node with fewer samples is not split further.
Only threads are used (scikit-learn's forests use joblib's threading backend; prediction runs
chunks in a thread pool), never processes: inside QGIS sys.executable is not a Python.
"""
import json
import os
import pickle
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from osgeo import gdal

from ..blocks import row_blocks
from ..errors import InputError
from ..progress import Reporter

gdal.UseExceptions()

NODATA = -10000
TRAIN_STEPS = 10  # progress steps of the training


def default_jobs():
    return max(1, min(4, os.cpu_count() or 1))


def train(x, y, n_trees=100, max_depth=25, min_samples=25, seed=0, n_jobs=None, reporter=None):
    """A fitted RandomForestClassifier (sqrt(features) per split, seeded)."""
    from joblib import parallel_backend
    from sklearn.ensemble import RandomForestClassifier

    reporter = reporter or Reporter()
    if n_trees < 1 or max_depth < 1 or min_samples < 2:
        raise InputError("Random forest: need at least 1 tree, a depth of at least 1 and a minimum of at least "
                         "2 samples per node (got %s, %s, %s).", n_trees, max_depth, min_samples)
    reporter.check()
    model = RandomForestClassifier(n_estimators=int(n_trees), max_depth=int(max_depth),
                                   min_samples_split=int(min_samples), max_features="sqrt",
                                   random_state=int(seed), n_jobs=n_jobs or default_jobs(), warm_start=True)
    x = np.ascontiguousarray(x, dtype=np.float32)
    y = np.asarray(y)
    # Trees are grown in batches (warm start) for progress and cancel: scikit-learn draws each tree's seed
    # as a single fit would, so the forest is the same (tests/test_forest.py).
    batch = max(1, int(n_trees) // TRAIN_STEPS)
    with parallel_backend("threading"):
        for grown in list(range(batch, int(n_trees), batch)) + [int(n_trees)]:
            model.set_params(n_estimators=grown)
            model.fit(x, y)
            reporter.progress(grown / float(n_trees))
            reporter.check()
    model.set_params(warm_start=False)
    reporter.info("Random forest trained: %d trees, %d samples, %d features, classes %s.",
                  n_trees, len(y), np.shape(x)[1], ", ".join(str(c) for c in model.classes_))
    reporter.progress(1.0)
    return model


def save_model(model, feature_names, model_path, features_json_path, extra=None):
    """Pickle of the estimator and a JSON list of its features (in the order it expects), its classes
    and ``extra`` items."""
    with open(model_path, "wb") as f:
        pickle.dump(model, f, protocol=4)
    info = {"features": list(feature_names), "classes": [int(c) for c in model.classes_]}
    info.update(extra or {})
    with open(features_json_path, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=1)


def load_model(model_path, features_json_path):
    with open(model_path, "rb") as f:
        model = pickle.load(f)
    with open(features_json_path, encoding="utf-8") as f:
        return model, json.load(f)["features"]


def predict_proba(model, x, n_jobs=None):
    """Class probabilities; chunks run in threads, each summing its trees in order (deterministic)."""
    n_jobs = n_jobs or default_jobs()
    model.n_jobs = 1
    if n_jobs == 1 or len(x) < 2000:
        return model.predict_proba(x)
    chunks = np.array_split(x, n_jobs)
    with ThreadPoolExecutor(max_workers=n_jobs) as pool:
        return np.concatenate(list(pool.map(model.predict_proba, chunks)))


def prediction_bytes_per_pixel(n_features, n_classes):
    """Working set of one pixel while a block is predicted: its features (float32), the copy of the valid
    ones handed to the forest and the NaN test, with margin; the float64 probabilities per class."""
    return 12 * n_features + 8 * n_classes + 16


def predict_block(model, block, n_jobs=None):
    """Class (int16) and confidence (int16, probability of the chosen class 0-100) of each pixel of
    ``block`` (n_features, n pixels); NODATA where a feature is NaN. Returns (labels, confidence, n invalid)."""
    return _labels(np.asarray(model.classes_), block, lambda x: predict_proba(model, x, n_jobs))


def _labels(classes, block, proba_of):
    block = np.asarray(block).T
    ok = np.isfinite(block).all(axis=1)
    return _labels_of(classes, ok, proba_of(block[ok]) if ok.any() else None)


def _labels_of(classes, ok, proba):
    """Labels, confidence and the number of invalid pixels from the probabilities of the ``ok`` pixels."""
    labels = np.full(len(ok), NODATA, dtype=np.int16)
    confidence = np.full(len(ok), NODATA, dtype=np.int16)
    if proba is not None and len(proba):
        best = np.argmax(proba, axis=1)
        labels[ok] = classes[best].astype(np.int16)
        confidence[ok] = np.rint(100.0 * proba[np.arange(len(best)), best]).astype(np.int16)
    return labels, confidence, int(np.sum(~ok))


NUMBA_HINT = ("install numba for faster prediction (identical results): Debian/Ubuntu `sudo apt install "
              "python3-numba`; Windows, in the OSGeo4W shell `python -m pip install numba`; macOS "
              "`/Applications/QGIS.app/Contents/MacOS/bin/pip3 install numba`")


class Predictor:
    """Block-wise prediction of a fitted forest. engine "auto" walks a flattened copy of the forest with
    numba when it is importable and scikit-learn otherwise, "numba" requires numba, "sklearn" uses
    scikit-learn; both give identical probabilities. ``engine`` says which runs, ``nbytes`` the memory
    the engine adds to the model, ``bytes_per_pixel`` a pixel's working set in ``predict_block``."""

    def __init__(self, model, n_jobs=None, reporter=None, engine="auto"):
        if engine not in ("auto", "numba", "sklearn"):
            raise InputError("Prediction engine must be auto, numba or sklearn (got %r).", engine)
        self.model = model
        self.n_jobs = n_jobs or default_jobs()
        self.reporter = reporter or Reporter()
        self.classes = np.asarray(model.classes_)
        self.bytes_per_pixel = prediction_bytes_per_pixel(getattr(model, "n_features_in_", 0), len(self.classes))
        self.flat = None
        if engine == "sklearn":
            self.reporter.info("Prediction with scikit-learn (%d threads).", self.n_jobs)
            return self._sklearn()
        try:
            from . import forest
            forest.kernel()  # compiles now, once: ImportError without numba
            start = time.perf_counter()
            self.flat = forest.FlatForest(model)
            flat_s = time.perf_counter() - start
        except ImportError:
            if engine == "numba":
                raise InputError("The numba prediction engine needs the Python package numba: %s.", NUMBA_HINT)
            self.reporter.info("Prediction with scikit-learn (%d threads); %s.", self.n_jobs, NUMBA_HINT)
            return self._sklearn()
        except Exception as e:
            if engine == "numba":
                raise
            self.reporter.info("numba prediction unavailable (%s: %s): using scikit-learn (%d threads).",
                               type(e).__name__, e, self.n_jobs)
            return self._sklearn()
        self.engine = "numba"
        self.nbytes = self.flat.nbytes
        self.reporter.info("Prediction with numba (%d threads, forest flattened in %.1f s, %.0f MB%s).",
                           self.n_jobs, flat_s, self.nbytes / 1e6, forest.compile_note())

    def _sklearn(self):
        self.engine, self.nbytes, self.flat = "scikit-learn", 0, None

    def _numba_failed(self, e):
        self.reporter.info("numba prediction failed (%s: %s): using scikit-learn (%d threads) from now on.",
                           type(e).__name__, e, self.n_jobs)
        self._sklearn()

    def predict_proba(self, x):
        """Class probabilities (float64) of the rows of ``x`` (n, n_features), as predict_proba."""
        if self.flat is not None:
            try:
                return self.flat.predict_proba(x, self.n_jobs)
            except Exception as e:  # never crash on the fast path: scikit-learn gives the same result
                self._numba_failed(e)
        return predict_proba(self.model, x, self.n_jobs)

    def predict_block(self, block):
        """As the module-level predict_block: (labels int16, confidence int16, n invalid)."""
        if self.flat is not None:
            try:
                # The kernel reads the feature-major block in place and gives NaN to a pixel with a NaN feature.
                proba = self.flat.predict_proba(np.asarray(block).T, self.n_jobs)
                ok = ~np.isnan(proba[:, 0])
                return _labels_of(self.classes, ok, proba[ok])
            except Exception as e:  # as predict_proba: scikit-learn gives the same result
                self._numba_failed(e)
        return _labels(self.classes, block, self.predict_proba)


def create_map(path, width, height, geotransform, projection, creation_options=("COMPRESS=DEFLATE", "TILED=YES")):
    """An int16 single-band GeoTIFF with nodata NODATA, for a class map or a confidence raster."""
    ds = gdal.GetDriverByName("GTiff").Create(path, width, height, 1, gdal.GDT_Int16, list(creation_options))
    ds.SetGeoTransform(geotransform)
    ds.SetProjection(projection)
    ds.GetRasterBand(1).SetNoDataValue(NODATA)
    return ds


def predict_raster(model, features_path, class_path, confidence_path, memory_mb=256, n_jobs=None,
                   reporter=None, creation_options=("COMPRESS=DEFLATE", "TILED=YES")):
    """Classify every pixel of the feature raster block by block: an int16 class map and an int16
    confidence (probability of the chosen class, 0-100). Pixels with a NaN feature are nodata."""
    reporter = reporter or Reporter()
    src = gdal.Open(features_path)
    nb, width, height = src.RasterCount, src.RasterXSize, src.RasterYSize
    n_features = getattr(model, "n_features_in_", nb)
    if n_features != nb:
        raise InputError("The model expects %d features but the feature raster has %d bands.", n_features, nb)
    outs = [create_map(path, width, height, src.GetGeoTransform(), src.GetProjection(), creation_options)
            for path in (class_path, confidence_path)]
    predictor = Predictor(model, n_jobs, reporter)
    blocks = row_blocks(height, width, prediction_bytes_per_pixel(nb, len(model.classes_)),
                        max(memory_mb - predictor.nbytes / 2 ** 20, memory_mb / 2))
    invalid = 0
    for k, (row0, nrows) in enumerate(blocks):
        reporter.check()
        labels, confidence, bad = predictor.predict_block(src.ReadAsArray(0, row0, width, nrows).reshape(nb, -1))
        invalid += bad
        outs[0].GetRasterBand(1).WriteArray(labels.reshape(nrows, width), 0, row0)
        outs[1].GetRasterBand(1).WriteArray(confidence.reshape(nrows, width), 0, row0)
        reporter.progress((k + 1) / len(blocks))
    if invalid:
        reporter.info("%d pixels without valid data (NaN features) are nodata (%d) in the maps.", invalid, NODATA)
    for ds in outs:
        ds.FlushCache()
    outs = src = None
    return invalid
