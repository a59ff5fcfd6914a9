"""Crop mask without in situ data (Sen2-Agri's CropMaskFused.py, Matton et al. 2015): training pixels drawn
from a reference land-cover map instead of polygons.

The reference (any CRS and resolution) is warped onto the image grid (nearest, a VRT read in row blocks),
its codes mapped to crop (1) / non-crop (0) / ignore, each class eroded (a pixel keeps its class only when its
whole (2r+1)^2 neighbourhood has it), candidate pixels drawn per class (seeded, capped), their features
computed in the run's pass 1, and the outliers of each class trimmed iteratively (Mahalanobis distance to
the class mean above the chi-square quantile 1 - alpha). Then the crop-mask run trains, predicts and writes
the product as with in situ data (workflow._run with ``source``).

Validation: against in situ polygons when given ("accuracy against in situ polygons"), otherwise against a
seeded share of the eroded, trimmed candidates held out of training ("agreement with the reference map":
the reference has its own errors, so this is no accuracy).
"""
import csv
import math
import re
import uuid
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal

from .. import workflow
from ..blocks import row_blocks
from ..errors import InputError
from ..progress import Reporter
from . import sampling

gdal.UseExceptions()

CROP, NONCROP, IGNORE = 1, 0, -1
CLASS_WORDS = {"crop": CROP, "1": CROP, "noncrop": NONCROP, "non-crop": NONCROP, "0": NONCROP,
               "ignore": IGNORE, "": IGNORE}
# ESA CCI land cover (300 m): 10, 11, 20 crop as Sen2-Agri. Ignored: no data (0), the cropland mosaics and
# tree cover within cropland (12, 30, 40: mixed, neither class is safe), water (210) and snow / ice (220) (no
# crop can be learnt there and they are flagged apart). Every other class (forests, shrubs, grassland,
# sparse, flooded, urban, bare) is non-crop.
CCI_CROP = (10, 11, 20)
CCI_IGNORE = (0, 12, 30, 40, 210, 220)
CCI_NONCROP = (50, 60, 61, 62, 70, 71, 72, 80, 81, 82, 90, 100, 110, 120, 121, 122, 130, 140, 150, 151, 152, 153,
               160, 170, 180, 190, 200, 201, 202)
# ESA WorldCover (10 m): 40 cropland. Ignored: no data (0), snow / ice (70), water (80). Non-crop: tree, shrub,
# grassland, built-up, bare, wetland, mangroves, moss (10, 20, 30, 50, 60, 90, 95, 100).
WORLDCOVER_CROP = (40,)
WORLDCOVER_IGNORE = (0, 70, 80)
WORLDCOVER_NONCROP = (10, 20, 30, 50, 60, 90, 95, 100)


def _table(crop, noncrop, ignore):
    return {**{c: IGNORE for c in ignore}, **{c: NONCROP for c in noncrop}, **{c: CROP for c in crop}}


LEGENDS = {"cci": _table(CCI_CROP, CCI_NONCROP, CCI_IGNORE),
           "worldcover": _table(WORLDCOVER_CROP, WORLDCOVER_NONCROP, WORLDCOVER_IGNORE)}
LEGEND_CHOICES = ("cci", "worldcover", "csv")
# Trimming rounds. Sen2-Agri repeats until none is dropped; each round of a class that is no Gaussian cloud
# (a mix of crops) drops another ~10 % and the forest loses the variety it needs. Measured, accuracy against
# in situ polygons, mean OA / kappa (rounds 0, 1, 10): Flanders patch, reference degraded from its labels to
# 60 m, seeds 0-2: in situ pixels excluded from training 0.816 / 0.604, 0.827 / 0.631, 0.825 / 0.624; not
# excluded 0.884 / 0.757, 0.887 / 0.766, 0.844 / 0.684. Simulated 200 px scene, 100 m CCI-like map, seeds
# 0-1: excluded 0.690 / 0.232, 0.718 / 0.299, 0.682 / 0.231; not excluded 0.912 / 0.792, 0.914 / 0.798,
# 0.883 / 0.722.
DEFAULT_TRIM_ITERATIONS = 1
MAX_TRIM_ITERATIONS = 100
HOLDOUT_SEED, TRIM_CHUNK = 2, 4096
OUTSIDE = -2147483647  # the warped reference's nodata: outside the reference


def read_mapping(path):
    """{code: 1 crop / 0 non-crop / -1 ignore} from a CSV ``code,class`` (class crop, noncrop, ignore or
    1 / 0; a header line is allowed; ; or , separated)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except OSError:
        raise InputError("Cannot read the mapping CSV: %s", path)
    delimiter = ";" if text.count(";") > text.count(",") else ","
    table = {}
    for n, row in enumerate(csv.reader(text.splitlines(), delimiter=delimiter), 1):
        row = [c.strip() for c in row]
        if not row or not any(row) or row[0].startswith("#"):
            continue
        if len(row) < 2:
            raise InputError("Mapping CSV %s, line %d: expected 'code,class', got '%s'.", path, n,
                             delimiter.join(row))
        try:
            code = int(float(row[0]))
        except ValueError:
            if n == 1:
                continue  # header
            raise InputError("Mapping CSV %s, line %d: the code '%s' is not an integer.", path, n, row[0])
        word = row[1].lower().replace("_", "").replace(" ", "")
        word = {"noncrop": "noncrop", "non-crop": "noncrop"}.get(word, word)
        if word not in CLASS_WORDS:
            raise InputError("Mapping CSV %s, line %d: the class '%s' is not crop, noncrop, ignore, 1 or 0.",
                             path, n, row[1])
        table[code] = CLASS_WORDS[word]
    if not table:
        raise InputError("The mapping CSV %s maps no code.", path)
    if CROP not in table.values():
        raise InputError("The mapping CSV %s maps no code to crop: a crop mask needs crop pixels.", path)
    if NONCROP not in table.values():
        raise InputError("The mapping CSV %s maps no code to noncrop: a crop mask needs non-crop pixels.", path)
    return table


def legend_table(legend, mapping=None):
    """The code table of ``legend`` ('cci', 'worldcover' or 'csv' with the ``mapping`` CSV)."""
    if legend == "csv":
        if not mapping:
            raise InputError("REFERENCE_LEGEND csv needs a MAPPING CSV (code,class).")
        return read_mapping(mapping)
    if legend not in LEGENDS:
        raise InputError("Unknown reference legend '%s': choose %s.", legend, ", ".join(LEGEND_CHOICES))
    return dict(LEGENDS[legend])


def map_codes(codes, table):
    """int8 array of 1 / 0 / -1 for the integer ``codes`` (codes not in ``table`` are ignored, -1)."""
    keys = np.array(sorted(table), dtype=np.int64)
    values = np.array([table[k] for k in sorted(table)], dtype=np.int8)
    codes = np.asarray(codes).astype(np.int64)
    at = np.clip(np.searchsorted(keys, codes), 0, len(keys) - 1)
    return np.where(keys[at] == codes, values[at], IGNORE).astype(np.int8)


def _window_all(mask, r):
    """True where the whole (2r+1)^2 window of ``mask`` (bool 2-D) is True; outside the array counts False."""
    if r <= 0:
        return mask.copy()
    h, w = mask.shape
    padded = np.zeros((h + 2 * r, w + 2 * r), dtype=bool)
    padded[r:r + h, r:r + w] = mask
    rows = np.ones((h, w + 2 * r), dtype=bool)
    for d in range(2 * r + 1):  # separable: the square's minimum is the rows' minimum of the columns' one
        rows &= padded[d:d + h, :]
    out = np.ones((h, w), dtype=bool)
    for d in range(2 * r + 1):
        out &= rows[:, d:d + w]
    return out


def erode(labels, r):
    """Each class of ``labels`` (int8 1 / 0 / -1) eroded by radius ``r``: a pixel keeps its class only when
    its whole (2r+1)^2 neighbourhood has that class (outside the array counts as ignore); others -1."""
    labels = np.asarray(labels)
    out = np.full(labels.shape, IGNORE, dtype=np.int8)
    for cls in (NONCROP, CROP):
        out[_window_all(labels == cls, int(r))] = cls
    return out


class Stats:
    """Streamed mean and covariance: sums and cross-products accumulated chunk by chunk (float64)."""

    def __init__(self, d):
        self.n, self.s, self.ss = 0, np.zeros(d), np.zeros((d, d))

    def add(self, x):
        x = np.asarray(x, dtype=np.float64)
        self.n += len(x)
        self.s += x.sum(axis=0)
        self.ss += x.T @ x

    @property
    def mean(self):
        return self.s / self.n

    @property
    def cov(self):
        m = self.mean
        return (self.ss - self.n * np.outer(m, m)) / max(self.n - 1, 1)


def streamed_stats(x, keep=None, chunk=TRIM_CHUNK):
    stats = Stats(x.shape[1])
    for i in range(0, len(x), chunk):
        block = x[i:i + chunk]
        stats.add(block if keep is None else block[keep[i:i + chunk]])
    return stats


def mahalanobis2(x, stats, chunk=TRIM_CHUNK):
    """(squared Mahalanobis distance of every row of ``x`` to ``stats``, the covariance's rank). The
    covariance is scaled to a correlation (the features' scales differ by orders of magnitude) and inverted
    by a pseudo-inverse: constant or collinear features do not make it singular."""
    mean, cov = stats.mean, stats.cov
    std = np.sqrt(np.clip(np.diag(cov), 0, None))
    live = std > 1e-12 * max(std.max(initial=0.0), 1e-300)
    scale = np.where(live, std, 1.0)
    corr = cov / np.outer(scale, scale)
    corr[~live, :] = 0
    corr[:, ~live] = 0
    inv = np.linalg.pinv(corr, hermitian=True, rcond=1e-10)
    rank = int(np.linalg.matrix_rank(corr, hermitian=True, tol=1e-10 * max(np.abs(corr).max(initial=0), 1e-300)))
    out = np.empty(len(x))
    for i in range(0, len(x), chunk):
        z = (np.asarray(x[i:i + chunk], np.float64) - mean) / scale
        z[:, ~live] = 0
        out[i:i + chunk] = np.einsum("ij,jk,ik->i", z, inv, z)
    return out, rank


def trim(x, alpha=0.01, max_iterations=DEFAULT_TRIM_ITERATIONS):
    """Iterative outlier trimming of one class's samples ``x`` (n, d), finite: drop the rows whose squared
    Mahalanobis distance to the kept rows' mean / covariance exceeds the chi-square quantile 1 - ``alpha``
    (degrees of freedom: the covariance's rank, the number of features when it is regular), recompute, until
    nothing is dropped or ``max_iterations`` rounds (0: no trimming). Returns (kept bool array, rounds run)."""
    from scipy.stats import chi2

    keep = np.ones(len(x), dtype=bool)
    iterations = 0
    while iterations < max_iterations and keep.sum() > x.shape[1] + 1:
        iterations += 1
        stats = streamed_stats(x, keep)
        d2, rank = mahalanobis2(x, stats)
        if rank == 0:
            break
        drop = keep & (d2 > chi2.ppf(1.0 - alpha, rank))
        if not drop.any():
            break
        keep &= ~drop
    return keep, iterations


_PER_DATE = re.compile(r"_\d{8}$")


def trim_columns(names):
    """The features the trimming measures distances on: the temporal summaries, not the per-date values
    (as Sen2-Agri trims on its few spectral features: a distance in ~100 per-date dimensions of a few
    thousand pixels flags most of them); every feature when there is no summary."""
    cols = [i for i, n in enumerate(names) if not _PER_DATE.search(n)]
    return cols or list(range(len(names)))


class ReferenceSource:
    """The training pixels of a crop-mask run taken from a reference map (workflow._run's ``source``)."""

    def __init__(self, reference, legend="cci", mapping=None, erosion_radius=1, alpha=0.01, insitu=None,
                 crop_field="CROP", insitu_crs=None, insitu_name=None, samples_per_class=40000,
                 validation_ratio=0.25, seed=0, memory_mb=512, trim_iterations=DEFAULT_TRIM_ITERATIONS,
                 exclude_insitu=True):
        if not 0.0 < float(alpha) < 1.0:
            raise InputError("ALPHA must be between 0 and 1 (exclusive), not %s.", alpha)
        if not 0 <= int(trim_iterations) <= MAX_TRIM_ITERATIONS:
            raise InputError("TRIM_ITERATIONS must be between 0 and %d, not %s.", MAX_TRIM_ITERATIONS,
                             trim_iterations)
        self.trim_iterations = int(trim_iterations)
        self.exclude_insitu = bool(exclude_insitu)
        if int(erosion_radius) < 0:
            raise InputError("EROSION_RADIUS must be 0 or more, not %s.", erosion_radius)
        self.reference = str(reference)
        self.legend, self.mapping = legend, mapping
        self.table = legend_table(legend, mapping)
        self.radius, self.alpha = int(erosion_radius), float(alpha)
        self.insitu, self.crop_field, self.insitu_crs = insitu, crop_field, insitu_crs
        self.insitu_name = insitu_name
        self.samples_per_class, self.ratio, self.seed = int(samples_per_class), float(validation_ratio), int(seed)
        self.memory_mb = memory_mb
        self.polygons, self.block_rows = None, None
        self.trimmed, self.kept, self.candidates = {}, {}, {}
        try:
            ds = gdal.Open(self.reference)
        except RuntimeError:
            ds = None
        if ds is None:
            raise InputError("Cannot open the reference map: %s", self.reference)
        if not ds.GetProjection():
            raise InputError("The reference map %s has no CRS: give it one (e.g. with gdal_edit.py -a_srs).",
                             self.reference)
        ds = None
        if insitu is not None:  # bad polygons fail before any image is read
            polygons = sampling.load_polygons(insitu, crop_field, insitu_crs)
            self.polygons = sampling.crop_labels(polygons, crop_field)
            if len(self.polygons) == 0:
                raise InputError("No in situ polygon has a usable '%s' value.", crop_field)

    # --- before the product is opened: the reference on the grid, counted -------------------------------
    def prepare(self, grid, reporter):
        """Warp the reference onto ``grid`` (VRT in memory), count the eroded pixels per class, refuse a map
        that does not cover the images or whose codes are not mapped."""
        self.grid = grid
        self.vrt = "/vsimem/cropmapper_reference_%s.vrt" % uuid.uuid4().hex
        src = gdal.Open(self.reference)
        nodata = src.GetRasterBand(1).GetNoDataValue()
        xmin, ymin, xmax, ymax = grid.bounds
        options = dict(format="VRT", outputBounds=(xmin, ymin, xmax, ymax), width=grid.width, height=grid.height,
                       dstSRS=grid.crs_wkt, resampleAlg="near", outputType=gdal.GDT_Int32, dstNodata=OUTSIDE)
        if nodata is not None:
            options["srcNodata"] = nodata
        gdal.Warp(self.vrt, src, **options)
        src = None
        if grid.crs_wkt:
            self.polygons = sampling.to_crs(self.polygons, grid.crs_wkt, reporter) if self.polygons else None
        counts = np.zeros(2, dtype=np.int64)
        covered, codes = 0, set()
        for _row0, codes_block, labels in self._blocks(reporter.sub(0.0, 1.0)):
            inside = codes_block != OUTSIDE
            if nodata is not None:
                inside &= codes_block != nodata
            covered += int(inside.sum())
            if len(codes) < 10000:
                codes.update(np.unique(codes_block[inside]).tolist())
            counts += np.bincount(labels[labels >= 0].ravel(), minlength=2)[:2]
        total = grid.width * grid.height
        if covered == 0:
            raise InputError("The reference map %s does not cover the images (no reference pixel on their "
                             "extent %.0f, %.0f - %.0f, %.0f). Give a map of this area.",
                             self.reference, *grid.bounds)
        if covered < total:
            reporter.warn("The reference map covers %.1f %% of the images: the rest gives no training pixel.",
                          100.0 * covered / total)
        unknown = sorted(c for c in codes if c not in self.table)
        mapped = sorted(c for c in codes if self.table.get(c, IGNORE) != IGNORE)
        if not mapped:
            raise InputError("None of the reference map's codes (%s) is mapped to crop or noncrop by the %s "
                             "legend: check REFERENCE_LEGEND or the MAPPING CSV.",
                             ", ".join(str(c) for c in sorted(codes)[:20]), self.legend)
        if unknown:
            reporter.warn("Reference codes not in the %s legend, ignored: %s", self.legend,
                          ", ".join(str(c) for c in unknown[:20]))
        self.counts = counts
        reporter.info("Reference map %s (%s legend) on the image grid, eroded by %d px: %d crop and %d non-crop "
                      "pixels.", self.reference, self.legend, self.radius, int(counts[CROP]), int(counts[NONCROP]))
        if self.polygons is not None and self.exclude_insitu:
            reporter.info("The pixels inside the in situ polygons are left out of training: the polygons validate "
                          "the map.")
        for cls, name in ((CROP, "crop"), (NONCROP, "non-crop")):
            if counts[cls] == 0:
                raise InputError("The reference map gives no %s pixel on the images after the erosion (radius %d): "
                                 "check the legend / MAPPING, or lower EROSION_RADIUS.", name, self.radius)

    def _blocks(self, reporter):
        """Yield (row0, codes, eroded labels) per row block of the warped reference (a halo of the erosion
        radius read around each block)."""
        ds = gdal.Open(self.vrt)
        band = ds.GetRasterBand(1)
        vector, layer = (sampling._memory_layer(self.polygons) if self.polygons is not None and self.exclude_insitu
                         else (None, None))
        width, height, r = ds.RasterXSize, ds.RasterYSize, self.radius
        blocks = row_blocks(height, width, 16, self.memory_mb)
        if self.block_rows:  # tests: blocks smaller than the 1 MB row_blocks allows
            blocks = [(r, min(self.block_rows, height - r)) for r in range(0, height, self.block_rows)]
        for k, (row0, nrows) in enumerate(blocks):
            reporter.check()
            top, bottom = max(row0 - r, 0), min(row0 + nrows + r, height)
            codes = band.ReadAsArray(0, top, width, bottom - top).astype(np.int64)
            labels = map_codes(codes, self.table)
            # rows beyond the raster count as ignore (a border pixel has no full neighbourhood)
            pad_top, pad_bottom = r - (row0 - top), r - (bottom - row0 - nrows)
            labels = np.pad(labels, ((pad_top, pad_bottom), (0, 0)), constant_values=IGNORE)
            eroded = erode(labels, r)[r:r + nrows]
            if layer is not None:  # the in situ polygons validate: none of their pixels trains
                mem = self.grid.window_grid(row0, nrows).create("", 1, gdal.GDT_Byte, driver="MEM")
                gdal.RasterizeLayer(mem, [1], layer, burn_values=[1])
                eroded[mem.GetRasterBand(1).ReadAsArray() == 1] = IGNORE
                mem = None
            yield row0, codes[row0 - top:row0 - top + nrows], eroded
            reporter.progress((k + 1) / len(blocks))
        ds = layer = None

    # --- in the product: the draw, the trimming, the validation ---------------------------------------------
    def draw(self, grid, reporter):
        """sampling.Draw of the candidate pixels: per class at most the training cap (plus the held-out share
        without in situ data), drawn at random (seed + 1) among the eroded pixels, in row-major order."""
        holdout = self.polygons is None
        cap = int(math.ceil(self.samples_per_class / (1.0 - self.ratio))) if holdout else self.samples_per_class
        rng = np.random.default_rng(self.seed + 1)
        picks = [np.sort(rng.choice(int(n), cap, replace=False)) if n > cap else np.arange(int(n))
                 for n in self.counts]
        seen = np.zeros(2, dtype=np.int64)
        found = [[], []]
        for row0, _codes, labels in self._blocks(reporter):
            flat = labels.ravel()
            for cls in (NONCROP, CROP):
                mine = np.flatnonzero(flat == cls)
                lo, hi = np.searchsorted(picks[cls], [seen[cls], seen[cls] + len(mine)])
                if hi > lo:
                    found[cls].append(mine[picks[cls][lo:hi] - seen[cls]] + row0 * grid.width)
                seen[cls] += len(mine)
        linear = [np.concatenate([np.zeros(0, np.int64)] + f).astype(np.int64) for f in found]
        y = np.concatenate([np.full(len(linear[c]), c, np.int64) for c in (NONCROP, CROP)])
        linear = np.concatenate(linear)
        return sampling.Draw(rows=(linear // grid.width).astype(np.int32), cols=(linear % grid.width).astype(np.int32),
                             y=y, classes=[NONCROP, CROP], fold=None)

    def finish(self, draw, x, reporter):
        """Samples from the candidates' features ``x``: NaN rows left out, each class trimmed, then (without
        in situ data) a seeded share ``ratio`` of each class held out for the agreement figure."""
        finite = np.isfinite(x).all(axis=1)
        if not finite.all():
            reporter.info("%d candidate pixels without valid data (NaN features) were left out.",
                          int(np.sum(~finite)))
        rng = np.random.default_rng(self.seed + HOLDOUT_SEED)
        cols = trim_columns(getattr(draw, "names", None) or [str(i) for i in range(x.shape[1])])
        train, held = [], []
        for cls in (NONCROP, CROP):
            idx = np.flatnonzero(finite & (draw.y == cls))
            keep, iterations = (trim(x[idx][:, cols], self.alpha, self.trim_iterations) if len(idx)
                                else (np.zeros(0, bool), 0))
            self.candidates[cls], self.kept[cls] = len(idx), int(keep.sum())
            self.trimmed[cls] = len(idx) - int(keep.sum())
            reporter.info("Class %s: %d candidate pixels, %d trimmed as outliers (Mahalanobis distance, alpha %g, "
                          "%d iterations), %d kept.", cls, len(idx), self.trimmed[cls], self.alpha, iterations,
                          self.kept[cls])
            idx = idx[keep]
            if self.polygons is None:
                idx = rng.permutation(idx)
                n_val = int(np.floor(self.ratio * len(idx) + 0.5)) if len(idx) > 1 else 0
                held.append(idx[:n_val])
                idx = np.sort(idx[n_val:])
            train.append(idx)
        train = np.concatenate(train)
        trained = sorted(set(draw.y[train].tolist()))
        if len(trained) < 2:
            raise InputError("The reference map gives training pixels with valid data for one class only: a "
                             "crop mask needs crop and non-crop pixels. Check the legend / MAPPING and the period.")
        held = np.concatenate(held) if held else np.zeros(0, np.int64)
        self.held_rows, self.held_cols, self.held_y = draw.rows[held], draw.cols[held], draw.y[held]
        if self.polygons is None:
            reporter.info("Held out for the agreement with the reference map: %d non-crop and %d crop pixels.",
                          int(np.sum(self.held_y == NONCROP)), int(np.sum(self.held_y == CROP)))
        return sampling.Samples(x_train=x[train], y_train=draw.y[train], classes=trained, all_classes=[0, 1],
                                not_validated=[], fold_train=None, train_rows=draw.rows[train],
                                train_cols=draw.cols[train])

    def validate(self, map_path, samples, memory_mb=256, seed=0):
        """(Quality, Assessment) of ``map_path``: against the in situ polygons (all of them) when given, else
        against the held-out reference pixels (each its own unit in the bootstrap interval)."""
        if self.polygons is not None:
            labels = np.asarray(self.polygons.labels)
            ns = sampling.Samples(polygons=self.polygons, grid=self.grid, labels=labels,
                                  is_validation=np.ones(len(labels), bool), all_classes=[0, 1], classes=[0, 1],
                                  not_validated=[])
            return workflow.validate(map_path, ns, memory_mb, seed)
        values = sampling.read_pixels(map_path, self.held_rows, self.held_cols, memory_mb)[:, 0]
        ok = np.isfinite(values) & (values != workflow.NODATA)
        ns = sampling.Samples(labels=self.held_y[ok], all_classes=[0, 1], classes=[0, 1], not_validated=[])
        n = int(ok.sum())
        return workflow._assess(np.arange(n), values[ok].astype(np.int64), np.ones(n, np.int64), ns, seed)

    @property
    def kind(self):
        return ("accuracy against in situ polygons" if self.polygons is not None
                else "agreement with the reference map")

    def log_quality(self, reporter, quality, assessment):
        if self.polygons is not None:
            reporter.info("Accuracy against in situ polygons (the reference map only trained the model):")
            workflow._log_quality(reporter, quality, True, assessment)
            return
        if quality.total == 0:
            reporter.warn("No held-out reference pixel has a value in the map: no agreement with the reference "
                          "map could be computed.")
            return
        a = assessment
        reporter.info("Agreement with the reference map (not an accuracy: the reference has its own errors) on "
                      "%d held-out reference pixels: %.4f (95 %% interval %.4f-%.4f, bootstrap over pixels), "
                      "kappa %.4f; a map saying '%s' everywhere agrees %.4f", quality.total, quality.accuracy,
                      a.ci_low, a.ci_high, quality.kappa, a.majority_label, a.majority_accuracy)
        for label in quality.labels:
            reporter.info("  class %s: agreement precision %.3f, recall %.3f, F-score %.3f (%d reference pixels)",
                          label, quality.precision[label], quality.recall[label], quality.fscore[label],
                          quality.support[label])

    def finish_product(self, writer):
        """The quality XML says what its figures are; the in situ polygons (when given) go to the ISD zip, all
        as validation polygons (none trained)."""
        self.mark_quality(writer.aux_path("QLT", "xml"))
        if self.polygons is not None:
            from ..insitu import Parcel

            parcels = [Parcel(bytes(g.ExportToWkb()), {"ID": pid, self.crop_field: int(label)})
                       for g, label, pid in zip(self.polygons.geometries, self.polygons.labels, self.polygons.ids)]
            writer.write_insitu([], parcels, crs_wkt=self.grid.crs_wkt)

    def mark_quality(self, path):
        """Say in the quality XML what its figures are (Sen2-Agri's elements keep their names)."""
        tree = ET.parse(path)
        el = ET.SubElement(tree.getroot(), "CropMapperValidation", {"kind": self.kind})
        el.text = ("Made without in situ data from the reference map %s. " % self.reference + (
            "The Accuracy and Kappa elements are the accuracy against in situ polygons."
            if self.polygons is not None else
            "The Accuracy and Kappa elements are the agreement with the reference map on held-out reference "
            "pixels, not an accuracy."))
        tree.write(path, encoding="utf-8", xml_declaration=True)

    def params(self):
        return {"TRAINING": "without in situ data, from a reference map",
                "IN_SITU": self.insitu_name or ("%d polygons (validation only)" % len(self.polygons)
                                                if self.polygons is not None else "none"),
                "REFERENCE": self.reference, "REFERENCE_LEGEND": self.legend, "MAPPING": self.mapping or "",
                "EROSION_RADIUS": self.radius, "ALPHA": self.alpha, "TRIM_ITERATIONS": self.trim_iterations,
                "VALIDATION": self.kind,
                "EXCLUDE_IN_SITU": bool(self.polygons is not None and self.exclude_insitu),
                "SAMPLES_CANDIDATE": {str(k): v for k, v in self.candidates.items()},
                "SAMPLES_TRIMMED": {str(k): v for k, v in self.trimmed.items()},
                "SAMPLES_KEPT": {str(k): v for k, v in self.kept.items()},
                "SAMPLES_HELD_OUT": {str(c): int(np.sum(self.held_y == c)) for c in (0, 1)}}

    def close(self):
        if getattr(self, "vrt", None):
            gdal.Unlink(self.vrt)


def run_crop_mask_reference(inputs, start, end, reference, legend="cci", mapping=None, erosion_radius=1,
                            alpha=0.01, insitu=None, crop_field="CROP", insitu_crs=None, insitu_name=None,
                            samples_per_class=40000, validation_ratio=0.25, seed=0, memory_mb=512,
                            reporter=None, extra_rasters=(), trim_iterations=DEFAULT_TRIM_ITERATIONS,
                            exclude_insitu=True, **kwargs):
    """Crop mask (L4A) without in situ data: training pixels from the ``reference`` land-cover map (legend
    'cci', 'worldcover' or 'csv' with ``mapping``); ``insitu`` (optional, crop_field 1 / 0) only validates
    (with ``exclude_insitu`` its pixels are left out of the candidates: an independent validation).
    Other keywords as workflow.run_crop_mask. Returns its dict."""
    reporter = reporter or Reporter()
    if kwargs.get("validation_mode", "split") != "split":
        raise InputError("A crop mask from a reference map is validated on held-out reference pixels or in situ "
                         "polygons, not by k-fold.")
    if extra_rasters:  # forwarded to the run, which stacks them with the features
        kwargs["extra_rasters"] = tuple(extra_rasters)
    kwargs.pop("validation_mode", None)
    kwargs.pop("folds", None)
    source = ReferenceSource(reference, legend, mapping, erosion_radius, alpha, insitu, crop_field, insitu_crs,
                             insitu_name, samples_per_class, validation_ratio, seed, memory_mb, trim_iterations,
                             exclude_insitu)
    try:
        result = workflow.run_crop_mask(inputs, start, end, None, crop_field=crop_field,
                                      samples_per_class=samples_per_class, validation_ratio=validation_ratio,
                                      seed=seed, memory_mb=memory_mb, reporter=reporter, source=source,
                                      insitu_name=insitu_name or "none", **kwargs)
    finally:
        source.close()
    result["validation"] = source.kind
    return result
