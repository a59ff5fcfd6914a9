"""Training and validation samples from in situ polygons on a raster grid.

A pixel belongs to a polygon when its centre lies inside it (rasterised without ALL_TOUCHED).
Polygons are split into training and validation per class, by whole polygon, seeded.
"""
import numpy as np
from osgeo import gdal, ogr, osr

from ..blocks import row_blocks
from ..errors import InputError
from ..grid import same_crs, srs_from
from ..insitu import BAD_LABEL, label_value
from ..progress import Reporter

gdal.UseExceptions()
ogr.UseExceptions()

NOT_VALIDATED = "not validated"


class Polygons:
    """In situ polygons: OGR geometries, labels and ids (parallel lists) in ``crs_wkt``."""

    def __init__(self, geometries, labels, ids, crs_wkt):
        self.geometries = list(geometries)
        self.labels = list(labels)
        self.ids = list(ids)
        self.crs_wkt = crs_wkt or ""

    def __len__(self):
        return len(self.geometries)

    def subset(self, keep):
        keep = list(keep)
        return Polygons([self.geometries[i] for i in keep], [self.labels[i] for i in keep],
                        [self.ids[i] for i in keep], self.crs_wkt)


def load_polygons(insitu, field, crs_wkt=None, reporter=None):
    """Polygons from an OGR-readable path (first layer, or ``path|layername=x``) with labels from
    ``field``, or from records [(wkb, label, id)] in ``crs_wkt``. Features without a polygon
    geometry are skipped (logged)."""
    reporter = reporter or Reporter()
    if isinstance(insitu, Polygons):
        return insitu
    geometries, labels, ids = [], [], []
    skipped = 0
    if isinstance(insitu, str):
        path, _, layer_name = insitu.partition("|layername=")
        try:
            ds = ogr.Open(path)
        except RuntimeError:
            ds = None
        if ds is None:
            raise InputError("Cannot open the in situ data: %s", insitu)
        layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
        if layer is None:
            raise InputError("The in situ data %s has no layer %s", path, layer_name)
        defn = layer.GetLayerDefn()
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        match = [n for n in names if n.lower() == field.lower()]
        if not match:
            raise InputError("The in situ layer has no field '%s' (its fields: %s).", field, ", ".join(names))
        id_field = next((n for n in names if n.lower() == "id"), None)
        srs = layer.GetSpatialRef()
        crs_wkt = srs.ExportToWkt() if srs is not None else ""
        for feature in layer:
            geom = feature.GetGeometryRef()
            if geom is None or ogr.GT_Flatten(geom.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                skipped += 1
                continue
            geometries.append(geom.Clone())
            labels.append(feature.GetField(match[0]))
            ids.append(feature.GetField(id_field) if id_field else feature.GetFID())
        ds = None
    else:
        for wkb, label, pid in insitu:
            geom = ogr.CreateGeometryFromWkb(bytes(wkb)) if wkb is not None else None
            if geom is None or ogr.GT_Flatten(geom.GetGeometryType()) not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
                skipped += 1
                continue
            geometries.append(geom)
            labels.append(label)
            ids.append(pid)
    if skipped:
        reporter.warn("%d in situ features without a polygon geometry were ignored.", skipped)
    if not geometries:
        raise InputError("The in situ data holds no polygon.")
    return Polygons(geometries, labels, ids, crs_wkt)


def to_crs(polygons, crs_wkt, reporter=None):
    """The polygons reprojected to ``crs_wkt`` (logged) when their CRS differs."""
    reporter = reporter or Reporter()
    if not polygons.crs_wkt:
        reporter.warn("The in situ data has no CRS: it is assumed to be the images' CRS.")
        return Polygons(polygons.geometries, polygons.labels, polygons.ids, crs_wkt)
    if same_crs(polygons.crs_wkt, crs_wkt):
        return polygons
    source, target = srs_from(polygons.crs_wkt), srs_from(crs_wkt)
    transform = osr.CoordinateTransformation(source, target)
    out = []
    for geom in polygons.geometries:
        geom = geom.Clone()
        geom.Transform(transform)
        out.append(geom)
    reporter.info("In situ polygons reprojected from %s to the images' CRS %s.",
                  source.GetName(), target.GetName())
    return Polygons(out, polygons.labels, polygons.ids, crs_wkt)


def crop_labels(polygons, field="CROP", reporter=None):
    """Polygons labelled 0 (non-crop) / 1 (crop); empty labels are dropped (logged); other values refused."""
    reporter = reporter or Reporter()
    values = [label_value(v) for v in polygons.labels]
    bad = sorted({str(raw) for v, raw in zip(values, polygons.labels) if v not in (0, 1, None)})
    if bad:
        raise InputError("The crop field '%s' must hold 0 (non-crop) or 1 (crop); it also holds: %s. "
                         "Recode it, or choose another field.", field, ", ".join(bad[:10]))
    keep = [i for i, v in enumerate(values) if v is not None]
    if len(keep) < len(values):
        reporter.warn("%d polygons with an empty '%s' were ignored.", len(values) - len(keep), field)
    out = polygons.subset(keep)
    out.labels = [values[i] for i in keep]
    return out


def code_labels(polygons, field="CODE", reporter=None):
    """Polygons labelled with integer crop codes; 0 / empty (not crop) are dropped (logged)."""
    reporter = reporter or Reporter()
    values = [label_value(v) for v in polygons.labels]
    bad = sorted({str(raw) for v, raw in zip(values, polygons.labels)
                  if v == BAD_LABEL or (v is not None and not -32768 < v <= 32767) or v == -10000})
    if bad:
        raise InputError("The code field '%s' must hold integer crop codes between -32767 and 32767 "
                         "(not -10000, the nodata value); it also holds: %s.", field, ", ".join(bad[:10]))
    keep = [i for i, v in enumerate(values) if v not in (None, 0)]
    if len(keep) < len(values):
        reporter.info("%d polygons with code 0 or an empty '%s' (not crop) are not used for crop type.",
                      len(values) - len(keep), field)
    out = polygons.subset(keep)
    out.labels = [values[i] for i in keep]
    return out


def _memory_layer(polygons):
    """An in-memory OGR layer whose IDX field is the polygon position + 1."""
    ds = ogr.GetDriverByName("Memory").CreateDataSource("")
    srs = srs_from(polygons.crs_wkt) if polygons.crs_wkt else None
    layer = ds.CreateLayer("insitu", srs=srs, geom_type=ogr.wkbMultiPolygon)
    layer.CreateField(ogr.FieldDefn("IDX", ogr.OFTInteger))
    defn = layer.GetLayerDefn()
    for i, geom in enumerate(polygons.geometries):
        feature = ogr.Feature(defn)
        feature.SetField("IDX", i + 1)
        feature.SetGeometry(geom)
        layer.CreateFeature(feature)
    return ds, layer


# a pixel while a burnt block is used: the MEM raster and its array (8), and for the pixels inside a
# polygon their flat index, polygon, label and a few masks (~32)
BURN_BYTES = 40


def burnt_blocks(polygons, grid, memory_mb=256, reporter=None):
    """Yield (row0, burnt) per row block of ``grid``: burnt int32 (nrows, width), the index + 1 of the
    polygon whose inside holds the pixel's centre (0 outside; where polygons overlap, the last one)."""
    reporter = reporter or Reporter()
    ds, layer = _memory_layer(polygons)
    blocks = row_blocks(grid.height, grid.width, BURN_BYTES, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        reporter.check()
        mem = grid.window_grid(row0, nrows).create("", 1, gdal.GDT_Int32, driver="MEM")
        gdal.RasterizeLayer(mem, [1], layer, options=["ATTRIBUTE=IDX"])
        burnt = mem.GetRasterBand(1).ReadAsArray()
        mem = None
        yield row0, burnt
        reporter.progress((k + 1) / len(blocks))
    ds = None


def _pixels_of(burnt, wanted):
    """(flat index in the block, polygon index) of the pixels of a burnt block whose polygon is ``wanted``
    (bool per polygon)."""
    flat = np.flatnonzero(burnt)
    poly = burnt.ravel()[flat] - 1
    keep = wanted[poly]
    return flat[keep], poly[keep]


def polygon_pixels(polygons, grid, memory_mb=256, reporter=None):
    """Pixels whose centre lies inside a polygon: (rows, cols, polygon index) int arrays (every pixel of
    every polygon: for small areas and tests; the runs count and draw block by block)."""
    rows, cols, idx = [np.zeros(0, np.int32)], [np.zeros(0, np.int32)], [np.zeros(0, np.int32)]
    for row0, burnt in burnt_blocks(polygons, grid, memory_mb, reporter):
        r, c = np.nonzero(burnt)
        rows.append((r + row0).astype(np.int32))
        cols.append(c.astype(np.int32))
        idx.append((burnt[r, c] - 1).astype(np.int32))
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(idx)


def split_polygons(labels, eligible, ratio=0.25, seed=0):
    """Per class, a random share ``ratio`` of the ``eligible`` polygons (those with pixels) goes to
    validation, at least one when the class has two or more, never all of them.
    Returns (is_validation bool array per polygon, sorted classes with no validation polygon)."""
    if not 0.0 < ratio < 1.0:
        raise InputError("The validation ratio must be between 0 and 1 (exclusive), not %s.", ratio)
    labels = np.asarray(labels)
    eligible = np.asarray(eligible, dtype=bool)
    rng = np.random.default_rng(seed)
    is_validation = np.zeros(len(labels), dtype=bool)
    not_validated = []
    for cls in sorted(set(labels[eligible].tolist())):
        members = np.flatnonzero(eligible & (labels == cls))
        # round half up (10 polygons at 0.25 give 3), at least one for validation, one left for training
        n_val = min(max(int(np.floor(ratio * len(members) + 0.5)), 1), len(members) - 1)
        if n_val < 1:
            not_validated.append(cls)
            continue
        is_validation[rng.permutation(members)[:n_val]] = True
    return is_validation, not_validated


def read_pixels(path, rows, cols, memory_mb=256, reporter=None):
    """Values of every band of raster ``path`` at pixels (rows, cols): float32 (n, bands)."""
    reporter = reporter or Reporter()
    ds = gdal.Open(path)
    nb = ds.RasterCount
    out = np.full((len(rows), nb), np.nan, dtype=np.float32)
    if len(rows) == 0:
        return out
    order = np.argsort(rows, kind="stable")
    sorted_rows = rows[order]
    blocks = row_blocks(ds.RasterYSize, ds.RasterXSize, 4 * nb, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        reporter.check()
        lo, hi = np.searchsorted(sorted_rows, [row0, row0 + nrows])
        if hi > lo:
            # Read only the rows that hold samples.
            sel = order[lo:hi]
            first, last = int(rows[sel].min()), int(rows[sel].max())
            block = ds.ReadAsArray(0, first, ds.RasterXSize, last - first + 1)
            block = block.reshape(nb, last - first + 1, ds.RasterXSize)
            out[sel] = block[:, rows[sel] - first, cols[sel]].T
        reporter.progress((k + 1) / len(blocks))
    ds = None
    return out


class Samples:
    """Training features and labels, plus the validation pixels and the split, for one run."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def summary(self):
        lines = []
        for cls in self.classes:
            lines.append("class %s: %d training polygons (%d pixels drawn), %d validation polygons (%d pixels)%s"
                         % (cls, self.train_polygons.get(cls, 0), int(np.sum(self.y_train == cls)),
                            self.validation_polygons.get(cls, 0), self.val_pixels.get(cls, 0),
                            " - " + NOT_VALIDATED if cls in self.not_validated else ""))
        return lines


def make_samples(polygons, grid, features_path, samples_per_class=40000, ratio=0.25, seed=0,
                 memory_mb=256, reporter=None):
    """Rasterise ``polygons`` (already on the grid's CRS, labelled) on ``grid``, split them by polygon,
    draw at most ``samples_per_class`` training pixels per class and read their features from the
    raster ``features_path``. Training pixels with a NaN feature are left out (logged)."""
    reporter = reporter or Reporter()
    draw = draw_samples(polygons, grid, samples_per_class, ratio, seed, memory_mb, reporter.sub(0.0, 0.3))
    x = read_pixels(features_path, draw.rows, draw.cols, memory_mb, reporter.sub(0.3, 1.0))
    return finish_samples(draw, x, reporter)


def fold_polygons(labels, eligible, k=5, seed=0):
    """Fold (0 .. k-1) of each polygon, -1 for those not ``eligible``: per class the polygons are shuffled
    (seeded) and dealt to the folds in turn, each class starting where the previous one stopped so the
    folds hold similar numbers of polygons; a class with fewer than k polygons is in some folds only."""
    k = int(k)
    if k < 2:
        raise InputError("K-fold validation needs at least 2 folds, not %s.", k)
    labels = np.asarray(labels)
    eligible = np.asarray(eligible, dtype=bool)
    rng = np.random.default_rng(seed)
    fold = np.full(len(labels), -1, dtype=np.int64)
    turn = 0
    for cls in sorted(set(labels[eligible].tolist())):
        members = rng.permutation(np.flatnonzero(eligible & (labels == cls)))
        fold[members] = (turn + np.arange(len(members))) % k
        turn = (turn + len(members)) % k
    if eligible.sum() < k:
        raise InputError("K-fold validation with %d folds needs at least %d polygons with pixels (%d here): "
                         "lower FOLDS or use the split.", k, k, int(eligible.sum()))
    return fold


class Draw:
    """The split and the drawn training pixels of one run, before their features are known: ``rows``,
    ``cols`` of the drawn pixels (per class, in pixel order) and what finish_samples needs."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    def select(self, width):
        """(select, order): ``select(row0, nrows)`` -> bool (nrows, ``width``) array of the drawn pixels in
        those rows; ``order``: the drawn pixels' indices sorted row-major, the order in which row blocks
        taken top to bottom yield their features."""
        linear = self.rows.astype(np.int64) * width + self.cols
        order = np.argsort(linear, kind="stable")
        ordered = linear[order]

        def select(row0, nrows):
            lo, hi = np.searchsorted(ordered, [row0 * width, (row0 + nrows) * width])
            mask = np.zeros((nrows, width), dtype=bool)
            mask.flat[ordered[lo:hi] - row0 * width] = True
            return mask

        return select, order


def draw_samples(polygons, grid, samples_per_class=40000, ratio=0.25, seed=0, memory_mb=256, reporter=None,
                 folds=None):
    """Rasterise ``polygons`` (already on the grid's CRS, labelled) on ``grid``, split them into training
    and validation per class, by polygon (seed), and draw at most ``samples_per_class`` training pixels
    per class (seed + 1). Needs no feature: returns a Draw for finish_samples.
    With ``folds`` (k-fold validation): every polygon trains, the drawn pixels carry their polygon's fold
    (``fold``) and polygon (``poly``); no pixel is held out (the validation comes from the folds)."""
    reporter = reporter or Reporter()
    if len(polygons) == 0:
        raise InputError("No in situ polygon is left to train on.")
    if samples_per_class < 1:
        raise InputError("The number of samples per class must be at least 1.")
    extent = _extent(polygons)
    xmin, ymin, xmax, ymax = grid.bounds
    if extent[0] >= xmax or extent[2] <= xmin or extent[1] >= ymax or extent[3] <= ymin:
        raise InputError("The in situ polygons (extent %.0f, %.0f - %.0f, %.0f) do not overlap the images "
                         "(extent %.0f, %.0f - %.0f, %.0f in the images' CRS).", *(extent + grid.bounds))
    counts = np.zeros(len(polygons), dtype=np.int64)
    for _, burnt in burnt_blocks(polygons, grid, memory_mb, reporter.sub(0.0, 0.5)):
        counts += np.bincount(burnt.ravel(), minlength=len(polygons) + 1)[1:]
    labels = np.asarray(polygons.labels)
    if counts.sum() == 0:
        raise InputError("No pixel centre of the images falls inside an in situ polygon: the polygons are "
                         "outside the images or smaller than a pixel.")
    all_classes = sorted(set(labels.tolist()))
    classes = sorted(set(labels[counts > 0].tolist()))
    for cls in all_classes:
        if cls not in classes:
            reporter.warn("Class %s: none of its %d polygons holds a pixel centre on the image grid (too small "
                          "or outside the images); it is not trained.", cls, int(np.sum(labels == cls)))
    empty = int(np.sum(counts == 0))
    if empty:
        reporter.info("%d polygons hold no pixel centre and are not used.", empty)
    if folds:
        fold_of = fold_polygons(labels, counts > 0, folds, seed)
        is_validation, not_validated = np.zeros(len(labels), dtype=bool), []
    else:
        fold_of = None
        is_validation, not_validated = split_polygons(labels, counts > 0, ratio, seed)
    for cls in not_validated:
        reporter.warn("Class %s has a single polygon with pixels: it is trained but not validated.", cls)

    # Training pixels: at most samples_per_class per class, drawn at random among the class's training
    # pixels in row-major order (positions drawn from the counts, then found in a second rasterisation:
    # no list of every pixel, whose size grows with the tile).
    rng = np.random.default_rng(seed + 1)
    train_counts = np.where(is_validation, 0, counts)
    picks = []
    for cls in classes:
        n = int(train_counts[labels == cls].sum())
        picks.append(np.sort(rng.choice(n, samples_per_class, replace=False)) if n > samples_per_class
                     else np.arange(n))
    class_of = np.searchsorted(classes, labels)  # polygon -> class position
    seen = np.zeros(len(classes), dtype=np.int64)
    found, found_poly = [[] for _ in classes], [[] for _ in classes]
    for row0, burnt in burnt_blocks(polygons, grid, memory_mb, reporter.sub(0.5, 1.0)):
        flat, poly = _pixels_of(burnt, ~is_validation)
        cpos = class_of[poly]
        for k in range(len(classes)):
            mine = np.flatnonzero(cpos == k)
            lo, hi = np.searchsorted(picks[k], [seen[k], seen[k] + len(mine)])
            if hi > lo:
                at = mine[picks[k][lo:hi] - seen[k]]
                found[k].append(flat[at] + row0 * grid.width)
                found_poly[k].append(poly[at])
            seen[k] += len(mine)
    linear = np.concatenate([np.zeros(0, np.int64)] + [a for f in found for a in f]).astype(np.int64)
    poly = np.concatenate([np.zeros(0, np.int32)] + [a for f in found_poly for a in f]).astype(np.int32)
    return Draw(rows=(linear // grid.width).astype(np.int32), cols=(linear % grid.width).astype(np.int32),
                y=labels[poly], poly=poly, polygons=polygons, labels=labels, counts=counts, classes=classes,
                all_classes=all_classes, is_validation=is_validation, not_validated=not_validated, grid=grid,
                fold_of=fold_of, fold=None if fold_of is None else fold_of[poly])


def finish_samples(draw, x, reporter=None):
    """Samples from a Draw and the features ``x`` (n drawn pixels, n_features) of its drawn pixels:
    pixels with a NaN feature are left out (logged); InputError when fewer than two classes are left."""
    reporter = reporter or Reporter()
    finite = np.isfinite(x).all(axis=1)
    if not finite.all():
        reporter.info("%d training pixels without valid data (NaN features) were left out.",
                      int(np.sum(~finite)))
    x, y = x[finite], draw.y[finite]
    poly = draw.poly[finite]
    fold = None if draw.fold is None else draw.fold[finite]
    trained = sorted(set(y.tolist()))
    for cls in draw.classes:
        if cls not in trained:
            reporter.warn("Class %s has no training pixel with valid data: it is not trained.", cls)
    if len(trained) == 1:  # two templates: each is translated whole
        raise InputError("Only one class can be trained (class %s): a classification needs at least two classes "
                         "with training pixels. Check the labels field and that the polygons cover the images.",
                         trained[0])
    if not trained:
        raise InputError("No class can be trained: a classification needs at least two classes with training "
                         "pixels. Check the labels field and that the polygons cover the images.")
    labels, counts, is_validation, ids = draw.labels, draw.counts, draw.is_validation, draw.polygons.ids
    train_polygons = {cls: int(np.sum((labels == cls) & (counts > 0) & ~is_validation)) for cls in draw.classes}
    validation_polygons = {cls: int(np.sum((labels == cls) & is_validation)) for cls in draw.classes}
    samples = Samples(
        x_train=x, y_train=y, poly_train=poly, fold_train=fold, fold_of=draw.fold_of, classes=trained, all_classes=draw.all_classes, not_validated=draw.not_validated,
        polygons=draw.polygons, labels=labels, grid=draw.grid,
        val_pixels={cls: int(counts[(labels == cls) & is_validation].sum()) for cls in draw.classes},
        is_validation=is_validation, has_pixels=counts > 0, pixel_counts=counts,
        train_polygons=train_polygons, validation_polygons=validation_polygons,
        train_rows=draw.rows[finite], train_cols=draw.cols[finite],
        train_ids=[ids[i] for i in np.flatnonzero(~is_validation & (counts > 0))],
        validation_ids=[ids[i] for i in np.flatnonzero(is_validation)])
    for line in samples.summary():
        reporter.info(line)
    return samples


def validation_counts(samples, map_path, memory_mb=256, reporter=None):
    """The map's values in the validation polygons, counted: (polygon index, value, pixels) int64 arrays,
    one row per (polygon, value) found, in polygon then value order; nodata pixels left out. Rasterised
    as the draw (same pixels), block by block, so memory does not grow with the polygons' area."""
    ds = gdal.Open(map_path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    keys = []
    for row0, burnt in burnt_blocks(samples.polygons, samples.grid, memory_mb, reporter):
        flat, poly = _pixels_of(burnt, samples.is_validation)
        if not len(flat):
            continue
        values = band.ReadAsArray(0, row0, samples.grid.width, burnt.shape[0]).ravel()[flat]
        ok = values != nodata if nodata is not None else np.ones(len(values), bool)
        if values.dtype.kind == "f":
            ok &= np.isfinite(values)
        values, poly = values[ok].astype(np.int64), poly[ok].astype(np.int64)
        u, c = np.unique(poly * VALUE_SPAN + (values - VALUE_MIN), return_counts=True)
        keys.append((u, c))
    ds = None
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64)
    u, inverse = np.unique(np.concatenate([k for k, _ in keys]), return_inverse=True)
    counts = np.bincount(inverse, weights=np.concatenate([c for _, c in keys])).astype(np.int64)
    return u // VALUE_SPAN, u % VALUE_SPAN + VALUE_MIN, counts


VALUE_MIN, VALUE_SPAN = -2 ** 31, 2 ** 32  # map values as int32 range: (polygon, value) in one int64 key


def _extent(polygons):
    env = [g.GetEnvelope() for g in polygons.geometries]  # (minx, maxx, miny, maxy)
    return (min(e[0] for e in env), min(e[2] for e in env), max(e[1] for e in env), max(e[3] for e in env))
