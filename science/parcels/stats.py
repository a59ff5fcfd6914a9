"""Per-parcel statistics of feature blocks, in bounded memory.

Parcels are burnt onto the grid by pixel centre (GDAL's rasterisation without ALL_TOUCHED), one window of
rows at a time. Where parcels overlap, a pixel belongs to one of them: the later one in the layer's order
(GDAL burns the features in order, the last one wins); ``survey`` counts those pixels.

Mean and standard deviation come from running per-parcel sums, sums of squares and counts per feature
(np.bincount), so their memory is 20 bytes per parcel and feature (30 000 parcels x 275 features: 165 MB),
whatever the number of pixels; the table the forest gets is 4 bytes per parcel, feature and statistic.
NaN values are left out feature by feature.

The median is exact. Each pixel's values go to a temporary file of its parcel's bucket; buckets are ranges
of parcels whose pixels (counted by ``survey`` before the features exist) fit in ``median_mb``, so that
after the pass each bucket is read whole, sorted by parcel and its medians taken (np.nanmedian) before the
next one is read. A parcel larger than the budget is a bucket of its own (read whole: the one overshoot).
"""
import os
import shutil
import tempfile
import warnings

import numpy as np
from osgeo import gdal, ogr

from ..blocks import row_blocks
from ..grid import srs_from

gdal.UseExceptions()
ogr.UseExceptions()

STATISTICS = ("mean", "std", "median")
PREFIX = {"mean": "mean", "std": "std", "median": "med"}


class ParcelBurner:
    """The parcels (OGR geometries on the grid's CRS, None for none) in an in-memory layer, burnt by window:
    ``burn(row0, nrows)`` -> int32 (nrows, width), parcel index + 1 whose inside holds the pixel centre."""

    def __init__(self, geometries, grid):
        self.grid = grid
        self.count = len(geometries)
        self._ds = ogr.GetDriverByName("Memory").CreateDataSource("")
        srs = srs_from(grid.crs_wkt) if grid.crs_wkt else None
        self._layer = self._ds.CreateLayer("parcels", srs=srs, geom_type=ogr.wkbMultiPolygon)
        self._layer.CreateField(ogr.FieldDefn("IDX", ogr.OFTInteger))
        defn = self._layer.GetLayerDefn()
        for i, geom in enumerate(geometries):
            if geom is None or geom.IsEmpty():
                continue
            feature = ogr.Feature(defn)
            feature.SetField("IDX", i + 1)
            feature.SetGeometry(geom)
            self._layer.CreateFeature(feature)

    def burn(self, row0, nrows):
        mem = self.grid.window_grid(row0, nrows).create("", 1, gdal.GDT_Int32, driver="MEM")
        gdal.RasterizeLayer(mem, [1], self._layer, options=["ATTRIBUTE=IDX"])
        return mem.GetRasterBand(1).ReadAsArray()

    def close(self):
        # the layer before its data source: OGR frees the layer with the source
        self._layer = None
        self._ds = None

    def cover(self, row0, nrows):
        """How many parcels hold each pixel centre."""
        mem = self.grid.window_grid(row0, nrows).create("", 1, gdal.GDT_Int32, driver="MEM")
        gdal.RasterizeLayer(mem, [1], self._layer, burn_values=[1], options=["MERGE_ALG=ADD"])
        return mem.GetRasterBand(1).ReadAsArray()


class Survey:
    """What the burnt parcels hold before any feature: ``pixels`` per parcel (int64), the pixels lying in
    more than one parcel (``overlap_pixels``) and the parcels that got such pixels (``overlap_winners``)."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def survey(burner, memory_mb=64, reporter=None):
    grid = burner.grid
    pixels = np.zeros(burner.count + 1, dtype=np.int64)
    overlap, winners = 0, set()
    blocks = row_blocks(grid.height, grid.width, 16, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        if reporter is not None:
            reporter.check()
        burnt = burner.burn(row0, nrows)
        pixels += np.bincount(burnt.ravel(), minlength=burner.count + 1)
        cover = burner.cover(row0, nrows)
        many = cover > 1
        if many.any():
            overlap += int(many.sum())
            winners.update((burnt[many] - 1).tolist())
        if reporter is not None:
            reporter.progress((k + 1) / len(blocks))
    return Survey(pixels=pixels[1:], overlap_pixels=overlap, overlap_winners=sorted(winners))


def stats_bytes(n_parcels, n_features):
    """Memory of the running sums: counts (int32), sums and sums of squares (float64) per parcel and feature."""
    return int(n_parcels) * int(n_features) * 20


class ParcelStats:
    """Running per-parcel statistics of ``n_features`` features. ``add(parcel, x)``: ``parcel`` int (n,)
    indices, ``x`` float32 (n_features, n). ``finish()`` -> {statistic: float64 (n_parcels, n_features)}
    (NaN where a parcel has no finite value of a feature) and ``valid``: per parcel the pixels whose
    features are all finite. With "median", ``pixels`` (per parcel, from ``survey``) sizes the buckets."""

    def __init__(self, n_parcels, n_features, statistics=("mean",), pixels=None, median_mb=64, folder=None):
        bad = [s for s in statistics if s not in STATISTICS]
        if bad:
            raise ValueError("unknown statistics %s" % bad)
        self.n, self.f = int(n_parcels), int(n_features)
        self.statistics = tuple(s for s in STATISTICS if s in statistics)
        self.count = np.zeros((self.n, self.f), dtype=np.int32)
        self.sum = np.zeros((self.n, self.f), dtype=np.float64)
        self.sumsq = np.zeros((self.n, self.f), dtype=np.float64) if "std" in self.statistics else None
        self.valid = np.zeros(self.n, dtype=np.int64)
        self.median = "median" in self.statistics
        self._files = {}
        self._dir = None
        if self.median:
            pixels = np.asarray(pixels if pixels is not None else np.zeros(self.n), dtype=np.int64)
            cap = max(1, int(median_mb * 2 ** 20 // (4 * self.f + 4)))
            # buckets: consecutive parcels whose pixels fit in ``cap``; a bigger parcel is alone in its bucket
            self.bucket = np.zeros(self.n, dtype=np.int64)
            b, used = 0, 0
            for i, p in enumerate(pixels.tolist()):
                if used and used + p > cap:
                    b, used = b + 1, 0
                self.bucket[i] = b
                used += p
            self.n_buckets = b + 1
            self._dir = tempfile.mkdtemp(prefix="cropmapper-medians-", dir=folder)

    def add(self, parcel, x):
        parcel = np.asarray(parcel, dtype=np.int64)
        if len(parcel) == 0:
            return
        x = np.asarray(x, dtype=np.float32)
        finite = np.isfinite(x)
        self.valid += np.bincount(parcel, weights=finite.all(axis=0), minlength=self.n).astype(np.int64)
        for j in range(self.f):
            ok = finite[j]
            if not ok.any():
                continue
            p, v = parcel[ok], x[j, ok].astype(np.float64)
            self.count[:, j] += np.bincount(p, minlength=self.n).astype(np.int32)
            self.sum[:, j] += np.bincount(p, weights=v, minlength=self.n)
            if self.sumsq is not None:
                self.sumsq[:, j] += np.bincount(p, weights=v * v, minlength=self.n)
        if self.median:
            keep = finite.any(axis=0)  # a pixel without any value adds nothing to a median
            parcel, x = parcel[keep], x[:, keep]
            buckets = self.bucket[parcel]
            for b in np.unique(buckets).tolist():
                sel = buckets == b
                idx_file, val_file = self._handles(b)
                parcel[sel].astype(np.int32).tofile(idx_file)
                np.ascontiguousarray(x[:, sel].T).tofile(val_file)

    def _handles(self, b):
        if b not in self._files:
            base = os.path.join(self._dir, "bucket%d" % b)
            self._files[b] = (open(base + ".idx", "ab"), open(base + ".val", "ab"))
        return self._files[b]

    def finish(self):
        out = {}
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = self.sum / self.count
            mean[self.count == 0] = np.nan
            if "mean" in self.statistics:
                out["mean"] = mean
            if "std" in self.statistics:
                var = np.maximum(self.sumsq / self.count - mean * mean, 0.0)  # population variance
                out["std"] = np.where(self.count > 0, np.sqrt(var), np.nan)
        if self.median:
            out["median"] = self._medians()
        self.count = self.sum = self.sumsq = None  # the sums are done with: free them before the model's table
        return out

    def _medians(self):
        med = np.full((self.n, self.f), np.nan)
        try:
            for b in sorted(self._files):
                idx_file, val_file = self._files[b]
                idx_file.close()
                val_file.close()
                idx = np.fromfile(idx_file.name, dtype=np.int32)
                val = np.fromfile(val_file.name, dtype=np.float32).reshape(len(idx), self.f)
                os.remove(idx_file.name)
                os.remove(val_file.name)
                order = np.argsort(idx, kind="stable")
                idx, val = idx[order], val[order]
                starts = np.flatnonzero(np.r_[True, idx[1:] != idx[:-1]])
                ends = np.r_[starts[1:], len(idx)]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN feature of a parcel: NaN
                    for s, e in zip(starts.tolist(), ends.tolist()):
                        med[idx[s]] = np.nanmedian(val[s:e], axis=0)
                del idx, val
        finally:
            self.close()
        return med

    def close(self):
        for idx_file, val_file in self._files.values():
            idx_file.close()
            val_file.close()
        self._files = {}
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None


def column_names(feature_names, statistics):
    """The attribute / model column of each statistic and feature, statistic by statistic."""
    return ["%s_%s" % (PREFIX[s], n) for s in STATISTICS if s in statistics for n in feature_names]


def stack(stats, statistics):
    """(n_parcels, n_statistics x n_features) float32 in column_names' order (the forest's own type)."""
    return np.concatenate([stats[s].astype(np.float32) for s in STATISTICS if s in statistics], axis=1)
