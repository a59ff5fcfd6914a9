"""Accuracy figures that hold up on small in situ sets: per-polygon validation counts, an overall-accuracy
interval by bootstrap over validation polygons, the majority-class baseline and the evidence warnings.

Pixels of one polygon are not independent (same field, same farmer, same sowing date), so the interval
resamples whole polygons: within each reference class, as many polygons as it has, with replacement
(the validation polygons are drawn per class, so the class mix is kept), seeded. Percentile interval.

API
---
``PolygonValidation(labels, ref, counts, ids)``: ``labels`` the classes (confusion-matrix order), ``ref``
    (n,) index in ``labels`` of each validation polygon's class, ``counts`` (n, len(labels)) its pixels per
    produced class (nodata left out), ``ids``; ``cm`` the confusion matrix (rows reference).
``from_pixels(labels, ref_labels, produced, polygon_index, ids)``: from per-pixel arrays (the workflow).
``from_map(map_path, polygons, labels=None, memory_mb=256, reporter=None)``: rasterise ``polygons``
    ([(ogr geometry on the map's CRS, label, id)], pixel centre inside) on the map's grid block by block.
``read_isd(path)`` -> (training, validation, label_field, crs_wkt): the polygons of a product's ISD zip.
``accuracy_interval(pv, n_boot=1000, seed=0, level=0.95)`` -> (low, high).
``majority_baseline(cm, labels)`` -> (label, accuracy): the map that says the most frequent class everywhere.
``assess(quality, pv, seed=0)`` -> Assessment: the figures above and ``warnings`` (text lines).
"""
import os
import tempfile
import zipfile

import numpy as np
from osgeo import gdal, ogr, osr

from ..blocks import row_blocks
from ..errors import InputError
from ..progress import Reporter
from ..products.names import NODATA, SPLIT_FIELD

gdal.UseExceptions()

MIN_POLYGONS = 2  # a class validated on fewer polygons (or pixels) gets a warning
MIN_PIXELS = 100
N_BOOT = 1000


class PolygonValidation:
    """Validation pixels counted per polygon (see the module docstring)."""

    def __init__(self, labels, ref, counts, ids=None):
        self.labels = [int(v) for v in labels]
        self.ref = np.asarray(ref, dtype=np.int64)
        self.counts = np.asarray(counts, dtype=np.int64).reshape(len(self.ref), len(self.labels))
        self.ids = list(ids) if ids is not None else list(range(len(self.ref)))

    @property
    def cm(self):
        k = len(self.labels)
        cm = np.zeros((k, k), dtype=np.int64)
        np.add.at(cm, self.ref, self.counts)
        return cm

    def polygons_per_class(self):
        """{label: validation polygons holding at least one validated pixel}."""
        used = self.counts.sum(axis=1) > 0
        return {lab: int(np.sum(used & (self.ref == i))) for i, lab in enumerate(self.labels)}

    def pixels_per_class(self):
        return {lab: int(v) for lab, v in zip(self.labels, self.cm.sum(axis=1))}


def from_pixels(labels, ref_labels, produced, polygon_index, ids=None):
    """PolygonValidation from per-pixel arrays: reference label, produced label (nodata already left out)
    and the index of the pixel's polygon (0..n-1 over ``ids``, or any integers)."""
    labels = [int(v) for v in labels]
    pos = {lab: i for i, lab in enumerate(labels)}
    ref_labels, produced, polygon_index = (np.asarray(a, dtype=np.int64) for a in (ref_labels, produced, polygon_index))
    keep = np.isin(produced, labels) & np.isin(ref_labels, labels)
    ref_labels, produced, polygon_index = ref_labels[keep], produced[keep], polygon_index[keep]
    polys, inverse = np.unique(polygon_index, return_inverse=True)
    counts = np.zeros((len(polys), len(labels)), dtype=np.int64)
    col = np.array([pos[v] for v in produced.tolist()], dtype=np.int64) if len(produced) else np.zeros(0, np.int64)
    np.add.at(counts, (inverse, col), 1)
    ref = np.zeros(len(polys), dtype=np.int64)
    ref[inverse] = [pos[v] for v in ref_labels.tolist()]
    if ids is not None:
        ids = [ids[int(p)] for p in polys]
    return PolygonValidation(labels, ref, counts, ids if ids is not None else polys.tolist())


def read_isd(path):
    """(training, validation, label_field, crs_wkt) from a product's ISD zip: each a list of
    (ogr geometry, label, id); label_field is the first integer field that is not ID (CROP / CODE / ...)."""
    if not path or not os.path.exists(path):
        raise InputError("In situ file not found: %s", path)
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower().endswith((".gpkg", ".shp"))]
            if not names:
                raise InputError("%s holds no GeoPackage or shapefile.", path)
            tmp = tempfile.mkdtemp(prefix="cropmapper_isd_")
            z.extractall(tmp)
    except zipfile.BadZipFile as exc:
        raise InputError("%s is not a readable zip file (%s).", path, exc) from exc
    try:
        ds = ogr.Open(os.path.join(tmp, names[0]))
        if ds is None:
            raise InputError("Cannot open the in situ layer of %s.", path)
        layer = ds.GetLayer(0)
        defn = layer.GetLayerDefn()
        fields = [defn.GetFieldDefn(i) for i in range(defn.GetFieldCount())]
        names_ = [f.GetName() for f in fields]
        split = next((n for n in names_ if n.upper() == SPLIT_FIELD), None)
        label = next((f.GetName() for f in fields if f.GetType() in (ogr.OFTInteger, ogr.OFTInteger64)
                      and f.GetName().upper() != "ID"), None)
        if label is None:
            raise InputError("The in situ layer of %s has no integer label field (fields: %s).",
                             path, ", ".join(names_))
        id_field = next((n for n in names_ if n.upper() == "ID"), None)
        srs = layer.GetSpatialRef()
        crs_wkt = srs.ExportToWkt() if srs else ""
        training, validation = [], []
        for i, feat in enumerate(layer):
            geom = feat.GetGeometryRef()
            value = feat.GetField(label)
            if geom is None or value is None:
                continue
            record = (geom.Clone(), int(value), feat.GetField(id_field) if id_field else i + 1)
            is_val = split and str(feat.GetField(split) or "").lower() == "validation"
            (validation if is_val else training).append(record)
        ds = None
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return training, validation, label, crs_wkt


def from_map(map_path, polygons, labels=None, crs_wkt=None, memory_mb=256, reporter=None):
    """Count the map's pixels whose centre lies in each polygon (nodata left out), block by block.
    ``polygons``: [(ogr geometry, label, id)] in ``crs_wkt`` (default: the map's CRS)."""
    reporter = reporter or Reporter()
    ds = gdal.Open(map_path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    gt = ds.GetGeoTransform()
    width, height = ds.RasterXSize, ds.RasterYSize
    target = osr.SpatialReference(wkt=ds.GetProjection())
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = None
    if crs_wkt:
        source = osr.SpatialReference(wkt=crs_wkt)
        source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if not source.IsSame(target):
            transform = osr.CoordinateTransformation(source, target)
    mem = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = mem.CreateLayer("v", target, ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("idx", ogr.OFTInteger))
    refs, ids = [], []
    ymin_all, ymax_all = np.inf, -np.inf
    for k, (geom, label, pid) in enumerate(polygons):
        g = geom.Clone()
        if transform is not None:
            g.Transform(transform)
        f = ogr.Feature(layer.GetLayerDefn())
        f.SetField("idx", k + 1)
        f.SetGeometry(g)
        layer.CreateFeature(f)
        env = g.GetEnvelope()
        ymin_all, ymax_all = min(ymin_all, env[2]), max(ymax_all, env[3])
        refs.append(int(label))
        ids.append(pid)
    found = set()
    n = len(refs)
    per_poly = {}
    if n:
        row_a = max(0, int(np.floor((ymax_all - gt[3]) / gt[5])) - 1)
        row_b = min(height, int(np.ceil((ymin_all - gt[3]) / gt[5])) + 1)
        blocks = [(row_a + r0, nr) for r0, nr in row_blocks(max(0, row_b - row_a), width, 16, memory_mb)] \
            if row_b > row_a else []
        for b, (row0, nrows) in enumerate(blocks):
            reporter.check()
            target_ds = gdal.GetDriverByName("MEM").Create("", width, nrows, 1, gdal.GDT_Int32)
            target_ds.SetGeoTransform((gt[0], gt[1], gt[2], gt[3] + row0 * gt[5], gt[4], gt[5]))
            target_ds.SetProjection(ds.GetProjection())
            gdal.RasterizeLayer(target_ds, [1], layer, options=["ATTRIBUTE=idx"])
            idx = target_ds.ReadAsArray()
            target_ds = None
            inside = idx > 0
            if inside.any():
                values = band.ReadAsArray(0, row0, width, nrows)[inside]
                which = idx[inside] - 1
                ok = np.isfinite(values) if values.dtype.kind == "f" else np.ones(len(values), bool)
                if nodata is not None:
                    ok &= values != nodata
                ok &= values != NODATA
                for p, v in zip(which[ok].tolist(), values[ok].astype(np.int64).tolist()):
                    d = per_poly.setdefault(p, {})
                    d[v] = d.get(v, 0) + 1
                    found.add(v)
            reporter.progress((b + 1) / len(blocks))
    ds = None
    labels = sorted(set(int(v) for v in (labels or ())) | set(refs) | found)
    pos = {lab: i for i, lab in enumerate(labels)}
    counts = np.zeros((n, len(labels)), dtype=np.int64)
    for p, d in per_poly.items():
        for v, c in d.items():
            counts[p, pos[v]] = c
    return PolygonValidation(labels, [pos[r] for r in refs], counts, ids)


def accuracy_interval(pv, n_boot=N_BOOT, seed=0, level=0.95):
    """Percentile interval of the overall accuracy over ``n_boot`` resamplings of the validation polygons,
    within each class, with replacement. A class validated on a single polygon would add no spread (that one
    polygon is drawn every time), so when any class has one polygon all polygons are resampled together.
    (nan, nan) without validation pixels or with fewer than 2 validation polygons: no interval then."""
    total = pv.counts.sum(axis=1)
    correct = pv.counts[np.arange(len(pv.ref)), pv.ref] if len(pv.ref) else np.zeros(0, np.int64)
    used = np.flatnonzero(total > 0)
    if len(used) < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    groups = [used[pv.ref[used] == c] for c in range(len(pv.labels))]
    groups = [g for g in groups if len(g)]
    if min(len(g) for g in groups) < 2:
        groups = [used]
    right = np.zeros(n_boot)
    seen = np.zeros(n_boot)
    for g in groups:
        draw = g[rng.integers(0, len(g), size=(n_boot, len(g)))]
        right += correct[draw].sum(axis=1)
        seen += total[draw].sum(axis=1)
    oa = right / seen
    alpha = (1.0 - level) / 2.0
    point = correct[used].sum() / total[used].sum()
    # quantiles of equal ratios can land one rounding step off the point estimate: keep it inside
    return float(min(np.quantile(oa, alpha), point)), float(max(np.quantile(oa, 1.0 - alpha), point))


def majority_baseline(cm, labels):
    """(label, accuracy) of a map giving every validation pixel the most frequent reference class."""
    cm = np.asarray(cm)
    total = cm.sum()
    if total == 0:
        return None, float("nan")
    rows = cm.sum(axis=1)
    i = int(np.argmax(rows))
    return labels[i], float(rows[i] / total)


class Assessment:
    """OA with its interval, kappa, the majority baseline and the warnings of one validated map."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def to_dict(self):
        return dict(self.__dict__)


def assess(quality, pv, seed=0, n_boot=N_BOOT, min_polygons=MIN_POLYGONS, min_pixels=MIN_PIXELS, names=None):
    """Assessment of a metrics.Quality and its PolygonValidation (same validation pixels)."""
    names = names or {}
    low, high = accuracy_interval(pv, n_boot, seed)
    major_label, major_oa = majority_baseline(quality.cm, quality.labels)
    polygons = pv.polygons_per_class()
    pixels = pv.pixels_per_class()
    warnings = []
    oa = quality.accuracy
    if oa == oa and major_oa == major_oa and oa <= major_oa:
        warnings.append("The map does not beat a map that says '%s' everywhere: overall accuracy %.3f against "
                        "%.3f for that constant map on the same validation pixels."
                        % (names.get(major_label, major_label), oa, major_oa))
    for label in quality.labels:
        if label in quality.not_validated or (pixels.get(label, 0) == 0 and polygons.get(label, 0) == 0):
            continue
        n_poly, n_pix = polygons.get(label, 0), pixels.get(label, 0)
        if n_poly < min_polygons or n_pix < min_pixels:
            warnings.append("Class %s is validated on %d polygon%s and %d pixels (fewer than %d polygons or %d "
                            "pixels): its figures say little." % (names.get(label, label), n_poly,
                                                                  "" if n_poly == 1 else "s", n_pix,
                                                                  min_polygons, min_pixels))
    return Assessment(accuracy=oa, kappa=quality.kappa, ci_low=low, ci_high=high, ci_level=0.95,
                      n_boot=n_boot, seed=seed, majority_label=major_label, majority_accuracy=major_oa,
                      beats_majority=bool(oa == oa and major_oa == major_oa and oa > major_oa),
                      polygons_per_class=polygons, pixels_per_class=pixels, warnings=warnings)
