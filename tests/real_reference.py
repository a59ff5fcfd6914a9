"""An independent Sen2-Agri-like reference for the real-data accuracy tests, written without the project's
code: the Flanders stack masked by its SCL, linearly gap-filled onto 10-day dates, per date the ten bands and
NDVI, NDWI, brightness, a random forest of 100 trees (depth 25, at least 25 samples to split a node), trained
and validated on a product's own polygon split (its ISD file). Confusion matrices come from rasters and
polygons with plain numpy."""
import csv
import datetime
import os
import zipfile

import numpy as np
from osgeo import gdal, ogr

gdal.UseExceptions()
ogr.UseExceptions()

CLEAR_SCL = (4, 5, 6, 7, 11)  # vegetation, bare soil, water, unclassified, snow
BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")


def _date(text):
    return datetime.date(*map(int, text[:10].split("-")))


def load_series(data, start, end):
    """Dates in [start, end] and their reflectance (T, 10, H, W) float32, NaN where the SCL is not clear."""
    with open(os.path.join(data, "dates.csv")) as f:
        rows = list(csv.DictReader(f))
    keep = [i for i, r in enumerate(rows) if _date(start) <= _date(r["date"]) <= _date(end)]
    stack = gdal.Open(os.path.join(data, "s2_l2a_stack_10m.tif"))
    scl = gdal.Open(os.path.join(data, "scl_stack_10m.tif"))
    refl = []
    for t in keep:
        cube = np.stack([stack.GetRasterBand(t * 10 + b + 1).ReadAsArray() for b in range(10)]).astype(np.float32)
        clear = np.isin(scl.GetRasterBand(t + 1).ReadAsArray(), CLEAR_SCL) & (cube > 0).all(0)
        cube = np.maximum(cube / 10000.0, 0.0)
        cube[:, ~clear] = np.nan
        refl.append(cube)
    return [_date(rows[t]["date"]) for t in keep], np.stack(refl)


def gap_fill(dates, refl, start, end, step=10):
    """Linear interpolation in time onto start, start + step, ... <= end (held flat beyond the first and last
    clear dates); a pixel never clear stays NaN."""
    t0 = _date(start)
    days = np.array([(d - t0).days for d in dates], float)
    out_days = np.arange(0, (_date(end) - t0).days + 1, step, dtype=float)
    n, b, h, w = refl.shape
    flat = refl.reshape(n, b, h * w)
    out = np.full((len(out_days), b, h * w), np.nan, np.float32)
    for p in range(h * w):
        ok = ~np.isnan(flat[:, 0, p])
        if ok.any():
            for k in range(b):
                out[:, k, p] = np.interp(out_days, days[ok], flat[ok, k, p])
    return out.reshape(len(out_days), b, h, w)


def per_date_features(filled, used=BANDS):
    """(H, W, F): per date the bands ``used``, NDVI, NDWI (SWIR - NIR over SWIR + NIR) and brightness (G, R,
    NIR, SWIR); a zero denominator gives 0."""
    g, r, nir, swir = (filled[:, BANDS.index(b)] for b in ("B03", "B04", "B08", "B11"))
    with np.errstate(invalid="ignore", divide="ignore"):
        ndvi = np.where(nir + r == 0, 0, (nir - r) / (nir + r))
        ndwi = np.where(swir + nir == 0, 0, (swir - nir) / (swir + nir))
    bright = np.sqrt(g * g + r * r + nir * nir + swir * swir)
    bands = filled[:, [BANDS.index(b) for b in used]]
    feats = np.concatenate([bands, ndvi[:, None], ndwi[:, None], bright[:, None]], axis=1)  # T, F, H, W
    t, f, h, w = feats.shape
    return feats.reshape(t * f, h, w).transpose(1, 2, 0)


def polygon_ids(vector, like):
    """A raster on ``like``'s grid holding each polygon's feature id at the pixels whose centre it holds."""
    ref = gdal.Open(like)
    mem = gdal.GetDriverByName("MEM").Create("", ref.RasterXSize, ref.RasterYSize, 1, gdal.GDT_Int32)
    mem.SetGeoTransform(ref.GetGeoTransform())
    mem.SetProjection(ref.GetProjection())
    src = ogr.Open(vector)  # datasets held while their layers are used
    layer = src.GetLayer(0)
    mem_vector = ogr.GetDriverByName("Memory").CreateDataSource("")
    copy = mem_vector.CreateLayer("p", layer.GetSpatialRef())
    copy.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger))
    for f in layer:
        g = ogr.Feature(copy.GetLayerDefn())
        g.SetGeometry(f.GetGeometryRef())
        g["pid"] = f.GetFID()
        copy.CreateFeature(g)
    gdal.RasterizeLayer(mem, [1], copy, options=["ATTRIBUTE=pid"])
    return mem.ReadAsArray()


def _isd_rows(product, role):
    """{polygon ID: (label, row[role])} from a product's ISD zip; the label is its field besides ID, SPLIT
    and FOLD."""
    aux = os.path.join(product, "AUX_DATA")
    zpath = [os.path.join(aux, n) for n in os.listdir(aux) if "_ISD_" in n and n.endswith(".zip")][0]
    inner = zipfile.ZipFile(zpath).namelist()[0]
    src = ogr.Open("/vsizip/%s/%s" % (zpath, inner))  # held while its layer is read
    layer = src.GetLayer(0)
    names = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    label = [n for n in names if n not in ("ID", "SPLIT", "FOLD")][0]
    return {int(f["ID"]): (int(f[label]), f[role]) for f in layer}


def isd_split(product):
    """{polygon ID: (label, 'training' | 'validation')} from a product's ISD zip."""
    return _isd_rows(product, "SPLIT")


def confusion(truth, predicted, classes):
    """Rows truth, columns prediction, over ``classes`` (pixels of other values ignored)."""
    index = {c: i for i, c in enumerate(classes)}
    cm = np.zeros((len(classes), len(classes)), np.int64)
    for t, p in zip(truth.ravel(), predicted.ravel()):
        if t in index and p in index:
            cm[index[t], index[p]] += 1
    return cm


def oa(cm):
    return float(np.trace(cm) / cm.sum())


def kappa(cm):
    cm = np.asarray(cm, float)
    n = cm.sum()
    pe = (cm.sum(0) * cm.sum(1)).sum() / n / n
    return float((np.trace(cm) / n - pe) / (1 - pe))


def majority(cm):
    return float(cm.sum(1).max() / cm.sum())


def reference_prediction(features, ids, split, seed):
    """Train the reference forest on the split's training polygons; predict the validation pixels.
    Returns (truth, predicted) over the validation pixels."""
    from sklearn.ensemble import RandomForestClassifier
    label = np.zeros(ids.shape, np.int64)
    role = np.zeros(ids.shape, np.int8)
    for pid, (lab, which) in split.items():
        label[ids == pid] = lab
        role[ids == pid] = 1 if which == "training" else 2
    x = features
    ok = ~np.isnan(x).any(-1)
    train = (role == 1) & ok
    rf = RandomForestClassifier(n_estimators=100, max_depth=25, min_samples_split=25, random_state=seed,
                                n_jobs=2).fit(x[train], label[train])
    return label[role == 2], np.where(ok[role == 2], rf.predict(np.nan_to_num(x[role == 2])), -1)


def product_prediction(map_path, ids, split):
    """(truth, predicted) at the product's validation pixels, read from its map raster."""
    band = gdal.Open(map_path).ReadAsArray()
    truth = np.zeros(ids.shape, np.int64)
    val = np.zeros(ids.shape, bool)
    for pid, (lab, which) in split.items():
        if which == "validation":
            truth[ids == pid] = lab
            val |= ids == pid
    return truth[val], band[val].astype(np.int64)


def isd_folds(product):
    """{polygon ID: (label, fold)} from a k-fold product's ISD zip."""
    return {pid: (label, int(fold)) for pid, (label, fold) in _isd_rows(product, "FOLD").items()}


def confusion_csv(product):
    """The confusion matrix of a product's CMX file (rows truth) and its labels."""
    aux = os.path.join(product, "AUX_DATA")
    path = [os.path.join(aux, n) for n in os.listdir(aux) if "_CMX_" in n][0]
    with open(path) as f:
        lines = [line.strip() for line in f if line.strip()]
    labels = [int(v) for v in lines[0].split(":")[1].split(",")]
    return np.array([[int(v) for v in line.split(",")] for line in lines[2:]]), labels


def reference_kfold(features, ids, folds, seed):
    """Out-of-fold (truth, predicted) of the reference forest over the product's folds."""
    truth, pred = [], []
    for k in sorted(set(f for _, f in folds.values())):
        split = {pid: (lab, "validation" if f == k else "training") for pid, (lab, f) in folds.items()}
        t, p = reference_prediction(features, ids, split, seed)
        truth.append(t)
        pred.append(p)
    return np.concatenate(truth), np.concatenate(pred)
