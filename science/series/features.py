"""Spectral indices, temporal features and the block-wise feature raster.

All maths is float32/float64 (never integer). As Sen2-Agri, an index whose denominator is 0 is 0 (not NaN,
which would make the pixel no data in every map); reflectance below 0 (after the BOA offset) is clipped to
0 before any feature.
"""
import json
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from osgeo import gdal

from .. import masks
from ..blocks import row_blocks
from ..errors import InputError
from ..folders import flush_raster, make_folders, remove_empty, write_failed
from ..progress import Reporter
from ..io.readers.base import serving
from . import sen2agri as s2a
from .extras import ExtraRaster
from .timeseries import decode_cache, gap_fill, read_series_block, usable

gdal.UseExceptions()

S2_BANDS = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B09", "B11", "B12")
DEFAULT_BANDS = ("B03", "B04", "B08", "B11")
FEATURE_SETS = ("bands", "indices", "temporal", "rededge", "sen2agri", "sen2agri_rededge", "sen2agri_dates", "ndvi")
DEFAULT_SETS = ("bands", "indices", "temporal")

INDICES = ("NDVI", "NDWI", "BRIGHTNESS")
# Sen2-Agri's crop-type features per date (otbCropTypeFeatureExtractionFilter.h, red edge included): G, R,
# NIR, SWIR, the red-edge bands and narrow NIR, then NDVI, NDWI, brightness
SEN2AGRI_DATE_BANDS = ("B03", "B04", "B08", "B11", "B05", "B06", "B07", "B8A")
REDEDGE_INDICES = ("NDRE", "NDRE2", "IRECI")
NDVI_TEMPORAL = ("max", "mean", "std", "maxrise", "maxfall", "plateau", "risearea", "fallarea",
                 "duration", "maxslope")
STATS = ("max", "min", "mean", "median", "std")
PLATEAU_FRACTION = 0.8     # plateau: dates with NDVI >= 0.8 * max NDVI
DURATION_NDVI = 0.5        # duration: span of dates with NDVI >= 0.5 (green canopy)
NEEDED = {"indices": ("B03", "B04", "B08", "B11"), "temporal": ("B03", "B04", "B08", "B11"),
          "rededge": ("B04", "B05", "B06", "B07", "B8A"), "sen2agri": s2a.SUMMARY_BANDS,
          "sen2agri_rededge": s2a.REDEDGE_BANDS, "sen2agri_dates": SEN2AGRI_DATE_BANDS, "ndvi": ("B04", "B08")}


# --- index formulas ------------------------------------------------------------
def _ratio(num, den):
    """num / den in float32; 0 where den is 0; NaN where an input is NaN."""
    return s2a.ratio0(num, den)


def _f(a):
    return np.asarray(a, dtype=np.float32)


def normalised_difference(a, b):
    """(a - b) / (a + b) in float32; 0 where a + b is 0."""
    a, b = _f(a), _f(b)
    return _ratio(a - b, a + b)


def ndvi(nir, red):
    """NDVI = (NIR - R) / (NIR + R), NIR B08, red B04."""
    return normalised_difference(nir, red)


def ndwi(swir, nir):
    """NDWI (Gao) = (SWIR - NIR) / (SWIR + NIR), SWIR B11, NIR B08 (Sen2-Agri's sign)."""
    return normalised_difference(swir, nir)


def brightness(green, red, nir, swir):
    """Brightness = sqrt(G² + R² + NIR² + SWIR²) (B03, B04, B08, B11)."""
    green, red, nir, swir = _f(green), _f(red), _f(nir), _f(swir)
    return np.sqrt(green * green + red * red + nir * nir + swir * swir)


def ndre(b8a, b05):
    """NDRE = (B8A - B05) / (B8A + B05): narrow-NIR / first red-edge normalised difference."""
    return normalised_difference(b8a, b05)


def ndre2(b07, b05):
    """NDRE2 = (B07 - B05) / (B07 + B05): red-edge slope, sensitive to chlorophyll."""
    return normalised_difference(b07, b05)


def ireci(b04, b05, b06, b07):
    """IRECI = (B07 - B04) / (B05 / B06) (Frampton et al. 2013), canopy chlorophyll."""
    b04, b05, b06, b07 = _f(b04), _f(b05), _f(b06), _f(b07)
    return _ratio(b07 - b04, _ratio(b05, b06))


# --- temporal features ---------------------------------------------------------
def ndvi_temporal(x, step_days):
    """Crop-mask temporal features of an NDVI series ``x`` (n dates, ...) every ``step_days``.

    max, mean, std (population); maxrise / maxfall: largest increase / decrease between consecutive
    dates (>= 0); plateau: number of dates with NDVI >= 0.8 * max (0 when max <= 0); risearea: sum over
    the dates from the lowest value before the peak to the peak of (NDVI - that lowest value) * step_days;
    fallarea: the same from the peak to the lowest value after it; duration: days from the first to the
    last date with NDVI >= 0.5, counted inclusively ((last - first + 1) * step_days, 0 if none);
    maxslope: steepest rise per day, from centred differences (x[i+1] - x[i-1]) / (2 * step_days).
    NaN when the series has any NaN. Returns float32 (10, ...).
    """
    x = np.asarray(x, dtype=np.float32)
    n = x.shape[0]
    shape = x.shape[1:]
    x = x.reshape(n, -1)
    step = float(step_days)
    out = np.empty((len(NDVI_TEMPORAL), x.shape[1]), dtype=np.float32)
    bad = ~np.isfinite(x).all(axis=0)
    x = np.where(bad, np.float32(0), x)
    mx = x.max(axis=0)
    out[0] = mx
    out[1] = x.mean(axis=0)
    out[2] = x.std(axis=0)
    if n > 1:
        d = np.diff(x, axis=0)
        out[3] = np.maximum(d.max(axis=0), 0)
        out[4] = np.maximum((-d).max(axis=0), 0)
    else:
        out[3] = out[4] = 0
    out[5] = np.where(mx > 0, (x >= PLATEAU_FRACTION * mx).sum(axis=0), 0)
    idx = np.arange(n)[:, None]
    i_max = x.argmax(axis=0)
    cols = np.arange(x.shape[1])
    i_rise = np.where(idx <= i_max, x, np.inf).argmin(axis=0)
    rise = (idx >= i_rise) & (idx <= i_max)
    out[6] = np.where(rise, x - x[i_rise, cols], 0).sum(axis=0) * step
    i_fall = np.where(idx >= i_max, x, np.inf).argmin(axis=0)
    fall = (idx >= i_max) & (idx <= i_fall)
    out[7] = np.where(fall, x - x[i_fall, cols], 0).sum(axis=0) * step
    green = x >= DURATION_NDVI
    first = green.argmax(axis=0)
    last = n - 1 - green[::-1].argmax(axis=0)
    out[8] = np.where(green.any(axis=0), (last - first + 1) * step, 0)
    if n >= 3:
        out[9] = ((x[2:] - x[:-2]) / (2 * step)).max(axis=0)
    elif n == 2:
        out[9] = (x[1] - x[0]) / step
    else:
        out[9] = 0
    out[:, bad] = np.nan
    return out.reshape((len(NDVI_TEMPORAL),) + shape)


def series_stats(x):
    """max, min, mean, median, std (population) over the dates of ``x`` (n, ...): float32 (5, ...)."""
    x = np.asarray(x, dtype=np.float32)
    return np.stack([x.max(axis=0), x.min(axis=0), x.mean(axis=0), np.median(x, axis=0),
                     x.std(axis=0)]).astype(np.float32)


# --- feature specification -----------------------------------------------------
class FeatureSpec:
    """What to compute: output ``dates`` (the regular grid), ``bands`` (for the "bands" set),
    ``sets`` among FEATURE_SETS, ``step_days``, ``window`` (dates in Sen2-Agri's temporal windows, the
    "sen2agri" set). Use the same spec for training and prediction.

    Sets: bands (reflectance per date), indices (NDVI, NDWI, brightness per date), temporal (NDVI
    summary and NDWI / brightness statistics), rededge (NDRE, NDRE2, IRECI per date), sen2agri
    (Sen2-Agri's 27 crop-mask features, science.series.sen2agri), sen2agri_rededge (its 4 red-edge
    features per date), ndvi (NDVI per date)."""

    def __init__(self, dates, bands=DEFAULT_BANDS, sets=DEFAULT_SETS, step_days=10, window=s2a.WINDOW):
        self.dates = list(dates)
        self.window = int(window)
        if self.window < 1:
            raise InputError("The temporal window must hold at least 1 date, not %s.", window)
        self.bands = [str(b).strip().upper() for b in bands]
        self.sets = [str(s).strip().lower() for s in sets]
        self.step_days = int(step_days)
        if not self.dates:
            raise InputError("The feature date grid is empty: check the start and end dates.")
        for b in self.bands:
            if b not in S2_BANDS:
                raise InputError("Unknown band '%s': choose among %s.", b, ", ".join(S2_BANDS))
        for s in self.sets:
            if s not in FEATURE_SETS:
                raise InputError("Unknown feature set '%s': choose among %s.", s, ", ".join(FEATURE_SETS))
        if not self.sets:
            raise InputError("Choose at least one feature set among %s.", ", ".join(FEATURE_SETS))
        if "bands" in self.sets and not self.bands:
            raise InputError("The 'bands' feature set needs at least one band.")

    def read_bands(self):
        """Bands to read, in Sentinel-2 order: the chosen ones plus those the indices need."""
        wanted = set(self.bands if "bands" in self.sets else ())
        for s in self.sets:
            wanted.update(NEEDED.get(s, ()))
        return [b for b in S2_BANDS if b in wanted]

    def date_tags(self):
        return [d.strftime("%Y%m%d") for d in self.dates]

    def names(self):
        tags = self.date_tags()
        names = []
        if "bands" in self.sets:
            names += ["%s_%s" % (b, t) for t in tags for b in self.bands]
        if "indices" in self.sets:
            names += ["%s_%s" % (i, t) for t in tags for i in INDICES]
        if "rededge" in self.sets:
            names += ["%s_%s" % (i, t) for t in tags for i in REDEDGE_INDICES]
        if "temporal" in self.sets:
            names += ["NDVI_" + f for f in NDVI_TEMPORAL]
            names += ["%s_%s" % (i, f) for i in ("NDWI", "BRIGHTNESS") for f in STATS]
        if "sen2agri" in self.sets:
            names += list(s2a.SUMMARY)
        if "sen2agri_rededge" in self.sets:
            names += ["%s_%s" % (i, t) for t in tags for i in s2a.REDEDGE]
        if "sen2agri_dates" in self.sets:
            names += ["%s_%s" % (n, t) for t in tags for n in SEN2AGRI_DATE_BANDS + INDICES]
        if "ndvi" in self.sets and "indices" not in self.sets:
            names += ["NDVI_%s" % t for t in tags]
        return names

    def days(self):
        """The dates as day numbers (Sen2-Agri's temporal features count days)."""
        return np.array([d.toordinal() for d in self.dates], dtype=np.int64)

    def to_dict(self):
        return {"dates": [d.isoformat() for d in self.dates], "bands": list(self.bands),
                "sets": list(self.sets), "step_days": self.step_days, "window": self.window}

    @classmethod
    def from_dict(cls, data):
        import datetime
        return cls([datetime.date.fromisoformat(d) for d in data["dates"]], data["bands"], data["sets"],
                   data["step_days"], data.get("window", s2a.WINDOW))

    def __eq__(self, other):
        return isinstance(other, FeatureSpec) and self.to_dict() == other.to_dict()


def compute_features(spec, filled):
    """Features (F, rows, cols) float32 from gap-filled reflectance ``filled`` (dates, read_bands, rows, cols)."""
    filled = np.maximum(np.asarray(filled, dtype=np.float32), np.float32(0))  # NaN stays NaN
    rb = spec.read_bands()
    if filled.shape[0] != len(spec.dates) or filled.shape[1] != len(rb):
        raise ValueError("filled shape %s does not match %d dates x %d bands"
                         % (filled.shape, len(spec.dates), len(rb)))
    band = {b: filled[:, i] for i, b in enumerate(rb)}
    parts = []
    if "bands" in spec.sets:
        parts.append(filled[:, [rb.index(b) for b in spec.bands]].reshape((-1,) + filled.shape[2:]))
    need_idx = "indices" in spec.sets or "temporal" in spec.sets
    if need_idx:
        nd = ndvi(band["B08"], band["B04"])
        nw = ndwi(band["B11"], band["B08"])
        br = brightness(band["B03"], band["B04"], band["B08"], band["B11"])
    if "indices" in spec.sets:
        parts.append(np.stack([nd, nw, br], axis=1).reshape((-1,) + filled.shape[2:]))
    if "rededge" in spec.sets:
        re = np.stack([ndre(band["B8A"], band["B05"]), ndre2(band["B07"], band["B05"]),
                       ireci(band["B04"], band["B05"], band["B06"], band["B07"])], axis=1)
        parts.append(re.reshape((-1,) + filled.shape[2:]))
    if "temporal" in spec.sets:
        parts += [ndvi_temporal(nd, spec.step_days), series_stats(nw), series_stats(br)]
    if "sen2agri" in spec.sets or "sen2agri_rededge" in spec.sets:
        flat = filled.reshape(filled.shape[:2] + (-1,))
        b = {name: flat[:, i] for i, name in enumerate(rb)}
        if "sen2agri" in spec.sets:
            parts.append(s2a.summary_features(b["B03"], b["B04"], b["B08"], b["B11"], spec.days(), spec.window)
                         .reshape((-1,) + filled.shape[2:]))
        if "sen2agri_rededge" in spec.sets:
            parts.append(s2a.rededge_features(*(b[n] for n in s2a.REDEDGE_BANDS)).reshape((-1,) + filled.shape[2:]))
    if "sen2agri_dates" in spec.sets:
        idx = np.stack([ndvi(band["B08"], band["B04"]), ndwi(band["B11"], band["B08"]),
                        brightness(band["B03"], band["B04"], band["B08"], band["B11"])], axis=1)
        per_date = np.concatenate([filled[:, [rb.index(b) for b in SEN2AGRI_DATE_BANDS]], idx], axis=1)
        parts.append(per_date.reshape((-1,) + filled.shape[2:]))
    if "ndvi" in spec.sets and "indices" not in spec.sets:
        parts.append(ndvi(band["B08"], band["B04"]))
    return np.concatenate(parts, axis=0).astype(np.float32, copy=False)


# --- GeoTIFF helpers (written to a temporary name, renamed when complete) -----------
CHUNK_MIN = 16384  # pixels: below this, threads cost more than they give
GTIFF_OPTIONS = ["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=256", "BIGTIFF=IF_SAFER", "INTERLEAVE=BAND"]
TILE = 256


def temp_path(path):
    return path + ".part"


def create_geotiff(path, grid, count, data_type=gdal.GDT_Float32, nodata=None, predictor=None, tile_rows=TILE,
                   options=()):
    """A tiled GeoTIFF (256 x ``tile_rows`` tiles) on ``grid`` at ``temp_path(path)``; close it, then
    ``publish(path)``. ``options``: more creation options (e.g. ZLEVEL=1)."""
    options = list(GTIFF_OPTIONS) + ["BLOCKYSIZE=%d" % tile_rows] + list(options)
    options += ["PREDICTOR=%d" % predictor] if predictor else []
    made = []
    try:
        made = make_folders(os.path.dirname(os.path.abspath(path)))
        _MADE[path] = made
        return grid.create(temp_path(path), count, data_type, "GTiff", options, nodata)
    except (OSError, RuntimeError) as exc:
        _MADE.pop(path, None)
        remove_empty(made)
        write_failed(exc, path)
        raise InputError("Cannot write %s: %s. Choose a folder you can write to, with free space.",
                         path, getattr(exc, "strerror", None) or str(exc).strip())


_MADE = {}  # output path -> the folders create_geotiff made for it (removed again by discard when empty)


def publish(path):
    """Move the closed temporary file to ``path`` (replacing an older file and its .aux.xml)."""
    for stale in (path + ".aux.xml",):
        if os.path.exists(stale):
            os.remove(stale)
    os.replace(temp_path(path), path)
    _MADE.pop(path, None)


def discard(path, written=()):
    """Remove what a failed run wrote for ``path``: its temporary file and the ``written`` sidecars."""
    for p in (temp_path(path), temp_path(path) + ".aux.xml") + tuple(w for w in written if w):
        if os.path.exists(p):
            os.remove(p)
    remove_empty(_MADE.pop(path, None))


def aligned_blocks(height, width, bytes_per_pixel, memory_mb):
    """(row blocks, tile height): blocks from row_blocks shrunk to whole tile rows, tiles 256 rows high or
    as high as a block (a multiple of 16), so each block write completes its tiles and GDAL never re-reads
    a compressed tile. Shrinking never drops more than a fifth of a block (a smaller tile height is taken,
    else the blocks stay as they are on 16-row tiles): the runs then use the same memory whatever the
    image width. Blocks not aligned on tiles leave one 16-row strip of partly written tiles per output
    in GDAL's cache."""
    blocks = row_blocks(height, width, bytes_per_pixel, memory_mb)
    if not blocks:
        return blocks, TILE
    rows = blocks[0][1]
    if rows >= height:
        return blocks, TILE
    tile = next((t for t in range(min(TILE, rows // 16 * 16), 15, -16) if rows // t * t >= 0.8 * rows), None)
    if tile is None:
        return blocks, 16
    rows = rows // tile * tile
    return [(r, min(rows, height - r)) for r in range(0, height, rows)], tile


# --- extra rasters (e.g. Sentinel-1 backscatter or coherence): science.series.extras ---


def unique_names(names):
    """Names made unique by suffixes _2, _3 ... (deterministic)."""
    seen, out = {}, []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = "%s_%d" % (name, seen[name])
        else:
            seen[name] = 1
        out.append(name)
    return out


# --- the feature raster --------------------------------------------------------
FLAG_NAMES = ("valid dates", "water dates", "snow dates", "cloud or nodata dates")


def check_bands(acquisitions, bands):
    for acq in acquisitions:
        have = set(acq.bands())
        missing = [b for b in bands if b not in have]
        if missing:
            raise InputError("The image %s has no band %s (needed for the chosen features); it has %s.",
                             acq.source, ", ".join(missing), ", ".join(sorted(have)))


def bytes_per_pixel(n_acq, n_read, n_dates, n_features, n_extra=0):
    """Peak working set of one pixel in a FeatureStream block: the larger of the reading / gap-filling phase
    (reflectance, status, masks, int16 date indices) and the feature phase (filled series, indices,
    features); tracemalloc measures ~75 % of it."""
    reading = n_acq * n_read * 12 + 2 * n_acq + n_dates * n_read * 4
    computing = n_acq + n_dates * (4 * n_read + 32) + 8 * n_features
    return max(reading, computing) + 4 * n_extra + 64


def date_flags(status, dates):
    """Counts (4, rows, cols) uint16 of valid / water / snow / cloud-or-nodata dates; acquisitions on
    the same date count once with their best status."""
    groups = {}
    for t, d in enumerate(dates):
        groups.setdefault(d, []).append(t)
    counts = np.zeros((4,) + status.shape[1:], dtype=np.uint16)
    for idx in groups.values():
        best = status[idx].min(axis=0) if len(idx) > 1 else status[idx[0]]
        counts[0] += best == masks.VALID
        counts[1] += best == masks.WATER
        counts[2] += best == masks.SNOW
        counts[3] += best >= masks.CLOUD
    return counts


class FeatureStream:
    """The features of ``spec`` on ``grid``, computed block by block and never stored whole.

    ``names``: the band names (features, then the extra rasters' bands); ``blocks`` (row0, nrows) and
    ``tile_rows`` from aligned_blocks, sized for the feature computation or, when larger, for the yielded
    block plus ``consumer_bytes_per_pixel`` (what the caller holds per pixel while it uses a block, e.g. the
    model's prediction working set). Iterate with ``blocks_iter``; the first complete pass checks for
    pixels without any usable observation (InputError when none has one, a warning otherwise)."""

    def __init__(self, acquisitions, grid, spec, extra_rasters=(), memory_mb=512, reporter=None,
                 consumer_bytes_per_pixel=0, store_folder=None, store_memory_mb=0, n_jobs=None,
                 extra_resample="auto", extra_units="db"):
        self.reporter = reporter or Reporter()
        self.acquisitions = sorted(acquisitions, key=lambda a: (a.date, a.datetime or ""))
        if not self.acquisitions:
            raise InputError("No image in the period: nothing to compute features from.")
        self.grid, self.spec = grid, spec
        self.read_bands = spec.read_bands()
        check_bands(self.acquisitions, self.read_bands)
        self.dates = dates = [a.date for a in self.acquisitions]
        # extras: paths (resampled onto the feature dates per ``extra_resample``, ``extra_units``) or ExtraRasters
        self.extras = [p if isinstance(p, ExtraRaster) else ExtraRaster(p, grid, spec.dates, extra_resample, extra_units)
                       for p in extra_rasters]
        self.n_jobs = max(1, int(n_jobs or min(4, os.cpu_count() or 1)))
        names = spec.names()
        self.feature_count = len(names)
        for extra in self.extras:
            names += extra.names
        self.names = unique_names(names)
        n_extra = sum(e.count + e.out_count for e in self.extras)
        bpp = bytes_per_pixel(len(self.acquisitions), len(self.read_bands), len(spec.dates), self.feature_count,
                              n_extra)
        # while the caller uses a block only the features and flags are alive (the series are freed)
        held = 4 * len(self.names) + 8 + int(consumer_bytes_per_pixel) + 64
        self.store = None
        if store_folder:
            from .store import DecodedStore, bytes_per_grid_pixel

            per_pixel, reads = bytes_per_grid_pixel(self.acquisitions, grid, self.read_bands)
            in_memory = per_pixel * grid.width * grid.height <= float(store_memory_mb) * 2 ** 20
            # a store on disk is read one block at a time: that block's bytes are held while it is used
            extra = 0 if in_memory else int(np.ceil(per_pixel))
            self.blocks, self.tile_rows = aligned_blocks(grid.height, grid.width, max(bpp, held) + extra, memory_mb)
            self.store = DecodedStore(grid, self.blocks, reads, store_folder, in_memory)
        else:
            self.blocks, self.tile_rows = aligned_blocks(grid.height, grid.width, max(bpp, held), memory_mb)
        self.empty_pixels = None
        self._cache_logged = False
        self._pool = None
        self.reporter.info("Features: %d images from %s to %s, %d dates every %d days from %s to %s, %d bands, "
                           "%d block(s) of rows.", len(self.acquisitions), dates[0], dates[-1], len(spec.dates),
                           spec.step_days, spec.dates[0], spec.dates[-1], len(self.names), len(self.blocks))
        step = max(spec.step_days, 1)
        if (dates[0] - spec.dates[0]).days > step or (spec.dates[-1] - dates[-1]).days > step:
            self.reporter.warn("The feature dates (%s to %s) reach beyond the images (%s to %s): the values "
                               "there repeat the nearest observation.", spec.dates[0], spec.dates[-1],
                               dates[0], dates[-1])

    def blocks_iter(self, rows=None, select=None, reporter=None):
        """Yield (row0, nrows, features, flags) per block: features float32 (n_features, nrows, width), or
        (n_features, n) for the pixels where ``select(row0, nrows)`` (a bool (nrows, width) array) is true,
        in row-major order (only those are computed); flags uint16 (4, nrows, width), see date_flags.
        ``rows``: only these (row0, nrows) ranges (cut to the block height). Checks cancel and reports
        progress (to ``reporter``, default the stream's) per block."""
        reporter = reporter or self.reporter
        # Say once per stream that the cache was raised (each pass raises and restores it).
        if self.store is not None:
            with serving(self.store):
                yield from self._blocks(rows, select, reporter)
            return
        log = None if self._cache_logged else reporter
        self._cache_logged = True
        with decode_cache(self.acquisitions, self.read_bands, log):
            yield from self._blocks(rows, select, reporter)

    def decode(self, reporter=None):
        """Decode every file once into the store (the stream was made with a ``store_folder``)."""
        self.store.decode(self.n_jobs, reporter or self.reporter)

    def close(self):
        """Remove the store and stop the feature threads."""
        if self.store is not None:
            self.store.close()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _blocks(self, rows, select, reporter):
        blocks = self.blocks
        if rows is not None:
            height = self.blocks[0][1] if self.blocks else 1
            blocks = [(r, min(height, r0 + n - r)) for r0, n in rows for r in range(r0, r0 + n, height)]
        empty = 0
        for k, (row0, nrows) in enumerate(blocks):
            reporter.check()
            refl, status = read_series_block(self.acquisitions, self.grid, row0, nrows, self.read_bands, reporter)
            ok = usable(status)
            empty += int((~ok.any(axis=0)).sum())
            flags = date_flags(status, self.dates)
            del status
            extras = [e.read(row0, nrows) for e in self.extras]
            n = None
            if select is not None:
                pick = np.flatnonzero(np.asarray(select(row0, nrows), dtype=bool))
                n = len(pick)
                if n == 1:
                    # numpy sums a single column pairwise (other rounding than across many pixels):
                    # compute the pixel twice so its features equal those computed in a whole block
                    pick = np.r_[pick, pick]
                refl = refl.reshape(refl.shape[:2] + (-1,))[:, :, pick]
                ok = ok.reshape(len(ok), -1)[:, pick]
                extras = [e.reshape(len(e), -1)[:, pick] for e in extras]
            if n == 0:
                del refl, ok
                feats = np.empty((len(self.names), 0), dtype=np.float32)
            else:
                feats = self._compute(refl, ok)
                del refl, ok
                if extras:
                    feats = np.concatenate([feats] + extras, axis=0)
                if n == 1:
                    feats = feats[:, :1]
            del extras
            yield row0, nrows, feats, flags
            del feats
            reporter.progress((k + 1) / len(blocks))
        if rows is None and self.empty_pixels is None:
            self.empty_pixels = empty
            self._check_empty()

    def _compute(self, refl, ok):
        """Gap filling and features of a block (dates, bands, pixels...), its pixels cut in chunks computed
        in ``n_jobs`` threads (numpy releases the GIL). Every step is per pixel, so chunks give the same
        values as the whole block; a chunk is never a single pixel (numpy would sum it pairwise)."""
        shape = refl.shape[2:]
        npix = int(np.prod(shape))
        refl = refl.reshape(refl.shape[:2] + (npix,))
        ok = ok.reshape(len(ok), npix)
        chunks = min(self.n_jobs * 2, npix // CHUNK_MIN) if npix >= 2 * CHUNK_MIN else 1

        def one(a, b):
            return compute_features(self.spec, gap_fill(refl[:, :, a:b], ok[:, None, a:b], self.dates, self.spec.dates))

        if chunks <= 1:
            feats = one(0, npix)
        else:
            edges = np.linspace(0, npix, chunks + 1).astype(int)
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self.n_jobs)
            feats = np.concatenate(list(self._pool.map(one, edges[:-1], edges[1:])), axis=1)
        return feats.reshape((len(feats),) + shape)

    def _check_empty(self):
        total = self.grid.width * self.grid.height
        empty, dates = self.empty_pixels, self.dates
        rejected = [a for a in self.acquisitions if getattr(a, "rejected", None)]
        for a in rejected:
            self.reporter.warn("Skipped %s (used as no data): %s.", a.source, a.rejected)
        if len(rejected) == len(self.acquisitions):
            raise InputError("No usable image: all %d hold values that cannot be reflectance (%s). The log names "
                             "each one.", len(rejected), rejected[0].rejected)
        if empty == total:
            raise InputError("Every pixel is cloudy or without data on all %d images (%s to %s): no feature "
                             "can be computed. Widen the period or use other images.", len(self.acquisitions),
                             dates[0], dates[-1])
        if empty:
            self.reporter.warn("%d of %d pixels (%.1f %%) have no cloud-free observation: their features are "
                               "NaN.", empty, total, 100.0 * empty / total)


def iter_feature_blocks(acquisitions, grid, spec, extra_rasters=(), memory_mb=512, reporter=None, rows=None,
                        select=None, consumer_bytes_per_pixel=0):
    """FeatureStream(...).blocks_iter(rows, select): (row0, nrows, features, flags) per block."""
    stream = FeatureStream(acquisitions, grid, spec, extra_rasters, memory_mb, reporter, consumer_bytes_per_pixel)
    return stream.blocks_iter(rows, select)


def write_feature_raster(acquisitions, grid, spec, out_path, flags_path=None, extra_rasters=(),
                         memory_mb=512, reporter=None, extra_resample="auto", extra_units="db"):
    """Compute the features of ``spec`` block by block onto ``grid`` and write them to ``out_path``
    (float32 GeoTIFF, band descriptions = feature names, nodata NaN), with the optional flags raster
    (uint16, 4 bands: FLAG_NAMES). Returns the band names. Raises InputError when no pixel has any
    usable observation."""
    stream = FeatureStream(acquisitions, grid, spec, extra_rasters, memory_mb, reporter,
                           extra_resample=extra_resample, extra_units=extra_units)
    names, tile_rows = stream.names, stream.tile_rows
    out = flags = None
    written = []
    try:
        out = create_geotiff(out_path, grid, len(names), gdal.GDT_Float32, float("nan"), 3, tile_rows)
        if flags_path:
            flags = create_geotiff(flags_path, grid, 4, gdal.GDT_UInt16, tile_rows=tile_rows)
        for i, name in enumerate(names):
            out.GetRasterBand(i + 1).SetDescription(name)
        out.SetMetadataItem("CROPMAPPER_FEATURE_SPEC", json.dumps(spec.to_dict()))
        out.SetMetadataItem("CROPMAPPER_IMAGES", str(len(stream.acquisitions)))
        if flags is not None:
            for i, name in enumerate(FLAG_NAMES):
                flags.GetRasterBand(i + 1).SetDescription(name)
        for row0, nrows, feats, counts in stream.blocks_iter():
            for b, band in enumerate(feats):
                out.GetRasterBand(b + 1).WriteArray(band, 0, row0)
            if flags is not None:
                for j, count in enumerate(counts):
                    flags.GetRasterBand(j + 1).WriteArray(count, 0, row0)
        for ds in (out, flags):
            if ds is not None:
                flush_raster(ds)
        out = flags = None  # closes the files before they are renamed
        # the styles before the rasters are published: a run that fails on them leaves no raster
        written.append(write_features_style(out_path, names))
        if flags_path:
            written.append(write_flags_style(flags_path, len(set(stream.dates))))
        publish(out_path)
        if flags_path:
            publish(flags_path)
    except BaseException as exc:
        out = flags = None
        discard(out_path, written)
        if flags_path:
            discard(flags_path)
        write_failed(exc, out_path)
        raise
    finally:
        stream.close()
    return names


# --- styles --------------------------------------------------------------------
DOCTYPE = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"


def ramp_style(template, band=None, new_max=None, label="%g"):
    """A pseudocolour style from ``styles/<template>.qml`` on ``band``, its ramp rescaled to 0..new_max."""
    import xml.etree.ElementTree as ET
    from ..styling import style_file

    root = ET.parse(style_file(template)).getroot()
    renderer = root.find(".//rasterrenderer")
    shader = root.find(".//colorrampshader")
    if band is not None:
        renderer.set("band", str(int(band)))
    if new_max is not None:
        old_max = float(shader.get("maximumValue"))
        shader.set("maximumValue", "%g" % new_max)
        renderer.set("classificationMax", "%g" % new_max)
        for item in shader.findall("item"):
            value = round(float(item.get("value")) / old_max * new_max, 1)
            item.set("value", "%g" % value)
            item.set("label", label % value)
    return DOCTYPE + ET.tostring(root, encoding="unicode") + "\n"


def write_flags_style(flags_path, n_dates):
    """Sidecar .qml of the flags raster: valid-date count (band 1), ramp 0..``n_dates``."""
    from ..styling import write_sidecar
    return write_sidecar(flags_path, ramp_style("flags", 1, max(n_dates, 1), "%g valid dates"))


def write_features_style(out_path, names):
    """Sidecar .qml of a feature raster: NDVI_max (or the first NDVI band) on an NDVI ramp; none
    without NDVI bands (QGIS's default rendering then)."""
    from ..styling import sidecar_path, write_sidecar
    ndvi_bands = [i for i, n in enumerate(names) if n == "NDVI_max"] or \
                 [i for i, n in enumerate(names) if n.startswith("NDVI_")]
    if not ndvi_bands:
        stale = sidecar_path(out_path)
        if os.path.exists(stale):
            os.remove(stale)
        return None
    return write_sidecar(out_path, ramp_style("features", ndvi_bands[0] + 1))
