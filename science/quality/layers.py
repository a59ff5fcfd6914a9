"""The quality layers of a product: date counts of its flags raster, low-evidence pixels, area per class.

The flags raster (FLG: S2AGRI_L4A_MCMFLG_... / S2AGRI_L4B_MCTFLG_...) holds, per pixel, the number of
dates seen valid, water, snow and cloud-or-nodata (``products.FLAG_BANDS``). Sen2-Agri types it uint16 with
no nodata; older products of ours are int16 with nodata -10000: both are read (the band's nodata, when it
has one, and negative values are "no flags").

Everything is computed over the **mapped pixels** (the map raster not nodata), so pixels outside the images
(date counts 0 in a uint16 raster) do not weigh on the figures. A mapped pixel is of **low evidence** when it
has fewer than ``min_valid_dates`` valid dates, or no flags at all. Rasters are read by row blocks within
``memory_mb``; medians come exactly from the histograms.

API
---
``summarize(product, min_valid_dates=3, low_evidence_path=None, memory_mb=256, reporter=None, tile=None)``
    -> ``QualitySummary``. ``product``: a ``read_product`` Product or a path (folder, MTD or any file inside).
    ``low_evidence_path``: optional GeoTIFF written block by block on the map's grid (uint8: 1 low evidence,
    0 enough valid dates, 255 = nodata, outside the mapped area) with a ``.qml`` sidecar
    (styles/low_evidence.qml). ``tile``: which tile (default the first; a warning names the others).
``check_output(product, path, what, sidecar=True)``: InputError when ``path`` (or its .qml sidecar) is a file
    of the product, or its folder does not exist.
``QualitySummary``: ``bands`` [{name, histogram (pixels per date count 0..max), pixels, min, max, mean,
    median}], ``mapped_pixels``, ``low_evidence_pixels``, ``low_evidence_share`` (NaN when nothing is mapped),
    ``flags_missing_pixels`` (mapped pixels without flags, counted as low evidence), ``min_valid_dates``,
    ``pixel_area_ha`` (NaN for a CRS not in metres), ``mapped_area_ha``, ``low_evidence_area_ha``,
    ``class_area_ha`` {map value: ha}, ``class_pixels``, ``class_low_evidence_pixels`` {map value: pixels},
    ``class_labels`` {map value: name} (the product's LUT), ``to_dict()``, ``table_rows()`` (dicts with
    section, name, statistic, value, unit), ``write_csv(path)``, ``lines()`` (the log text).
"""
import csv
import math
import os
import re

import numpy as np
from osgeo import gdal, osr

from ..blocks import row_blocks
from ..errors import InputError
from ..products import FLAG_BANDS, LEVELS, Product, read_product
from ..products.names import CREATION_OPTIONS
from ..progress import Reporter
from ..styling import style_file, write_sidecar

gdal.UseExceptions()

LOW, ENOUGH, OUTSIDE = 1, 0, 255  # values of the low-evidence raster
LOW_EVIDENCE_STYLE = "low_evidence"
CSV_COLUMNS = ("section", "name", "statistic", "value", "unit")
# bytes per pixel of one block: 4 flag bands and the map as int64, the masks and the output
_BYTES_PER_PIXEL = 8 * (len(FLAG_BANDS) + 1) + 8 + 8


class QualitySummary:
    """The figures of one product's quality layers (see the module docstring)."""

    def __init__(self):
        self.product_name = ""
        self.level = None
        self.tile = None
        self.map_path = None
        self.flags_path = None
        self.flags_type = ""
        self.width = self.height = 0
        self.bands = []
        self.mapped_pixels = 0
        self.low_evidence_pixels = 0
        self.flags_missing_pixels = 0
        self.min_valid_dates = 3
        self.pixel_area_ha = float("nan")
        self.class_pixels = {}
        self.class_low_evidence_pixels = {}
        self.class_labels = {}
        self.low_evidence_path = None

    @property
    def low_evidence_share(self):
        return self.low_evidence_pixels / float(self.mapped_pixels) if self.mapped_pixels else float("nan")

    @property
    def mapped_area_ha(self):
        return self.mapped_pixels * self.pixel_area_ha

    @property
    def low_evidence_area_ha(self):
        return self.low_evidence_pixels * self.pixel_area_ha

    @property
    def class_area_ha(self):
        return {value: n * self.pixel_area_ha for value, n in self.class_pixels.items()}

    def band(self, name):
        for b in self.bands:
            if b["name"] == name:
                return b
        raise KeyError(name)

    def label(self, value):
        name = self.class_labels.get(value)
        return "%s (%s)" % (value, name) if name else str(value)

    def to_dict(self):
        return {
            "product": self.product_name, "level": self.level, "tile": self.tile,
            "map_path": self.map_path, "flags_path": self.flags_path, "flags_type": self.flags_type,
            "width": self.width, "height": self.height,
            "bands": [dict(b, histogram=list(b["histogram"])) for b in self.bands],
            "mapped_pixels": self.mapped_pixels, "low_evidence_pixels": self.low_evidence_pixels,
            "low_evidence_share": self.low_evidence_share, "flags_missing_pixels": self.flags_missing_pixels,
            "min_valid_dates": self.min_valid_dates, "pixel_area_ha": self.pixel_area_ha,
            "mapped_area_ha": self.mapped_area_ha, "low_evidence_area_ha": self.low_evidence_area_ha,
            "class_area_ha": self.class_area_ha, "class_pixels": dict(self.class_pixels),
            "class_low_evidence_pixels": dict(self.class_low_evidence_pixels),
            "class_labels": dict(self.class_labels), "low_evidence_path": self.low_evidence_path,
        }

    def table_rows(self):
        """The summary table: one dict per figure (keys ``CSV_COLUMNS``)."""
        rows = []

        def add(section, name, statistic, value, unit=""):
            rows.append({"section": section, "name": name, "statistic": statistic, "value": value, "unit": unit})

        for b in self.bands:
            add("flags", b["name"], "pixels", b["pixels"], "pixels")
            for stat in ("min", "max", "mean", "median"):
                add("flags", b["name"], stat, b[stat], "dates")
        add("evidence", "mapped area", "pixels", self.mapped_pixels, "pixels")
        add("evidence", "mapped area", "area", self.mapped_area_ha, "ha")
        add("evidence", "low evidence", "threshold", self.min_valid_dates, "valid dates")
        add("evidence", "low evidence", "pixels", self.low_evidence_pixels, "pixels")
        add("evidence", "low evidence", "area", self.low_evidence_area_ha, "ha")
        add("evidence", "low evidence", "share", self.low_evidence_share, "fraction of the mapped area")
        add("evidence", "no flags", "pixels", self.flags_missing_pixels, "pixels")
        for value in sorted(self.class_pixels):
            n = self.class_pixels[value]
            low = self.class_low_evidence_pixels.get(value, 0)
            name = self.label(value)
            add("class area", name, "pixels", n, "pixels")
            add("class area", name, "area", n * self.pixel_area_ha, "ha")
            add("class area", name, "low evidence share", low / float(n) if n else float("nan"),
                "fraction of the class")
        return rows

    def write_csv(self, path):
        """The summary table as CSV (comma separated, a header line, numbers with '.' decimals)."""
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise InputError("Cannot write %s: the folder %s does not exist.", path, folder)
        tmp = path + ".part"
        try:
            with open(tmp, "w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=CSV_COLUMNS)
                writer.writeheader()
                for row in self.table_rows():
                    writer.writerow(dict(row, value=_csv_number(row["value"])))
            os.replace(tmp, path)
        except OSError as exc:
            _remove(tmp)
            raise InputError("Cannot write %s: %s", path, exc.strerror or exc) from exc
        return path

    def lines(self):
        """The figures as log lines."""
        out = ["Quality flags of %s (tile %s, %s): statistics over the %d mapped pixels."
               % (self.product_name, self.tile, self.flags_type, self.mapped_pixels)]
        for b in self.bands:
            out.append("  %-6s dates: min %s, max %s, mean %s, median %s (%d pixels)"
                       % (b["name"], _show(b["min"]), _show(b["max"]), _show(b["mean"], 2), _show(b["median"], 1),
                          b["pixels"]))
        out.append("Low evidence (fewer than %d valid dates%s): %d of %d mapped pixels, %s of the mapped area "
                   "(%s ha of %s ha)."
                   % (self.min_valid_dates, ", or no flags" if self.flags_missing_pixels else "",
                      self.low_evidence_pixels, self.mapped_pixels, _percent(self.low_evidence_share),
                      _show(self.low_evidence_area_ha, 2), _show(self.mapped_area_ha, 2)))
        if self.flags_missing_pixels:
            out.append("  %d mapped pixels have no flags (counted as low evidence)." % self.flags_missing_pixels)
        out.append("Area per class (pixel %s ha):" % _show(self.pixel_area_ha, 4))
        for value in sorted(self.class_pixels):
            n = self.class_pixels[value]
            low = self.class_low_evidence_pixels.get(value, 0)
            out.append("  %s: %s ha (%d pixels, %s low evidence)"
                       % (self.label(value), _show(n * self.pixel_area_ha, 2), n,
                          _percent(low / float(n) if n else float("nan"))))
        return out


# --- helpers --------------------------------------------------------------------
def _show(value, digits=0):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return ("%." + str(digits) + "f") % value


def _percent(share):
    return "n/a" if share is None or math.isnan(share) else "%.1f %%" % (100.0 * share)


def _csv_number(value):
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return "NaN" if math.isnan(value) else ("%d" % value if float(value).is_integer() else "%.6f" % value)
    return value


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def _histogram_stats(hist):
    """(pixels, min, max, mean, median) of the values 0..len(hist)-1 counted by ``hist``; NaN when empty."""
    hist = np.asarray(hist, dtype=np.int64)
    n = int(hist.sum())
    if n == 0:
        nan = float("nan")
        return 0, nan, nan, nan, nan
    values = np.arange(len(hist))
    present = np.nonzero(hist)[0]
    cum = np.cumsum(hist)
    low_value = int(np.searchsorted(cum, (n - 1) // 2, side="right"))   # the ((n-1)//2)-th value, 0-based
    high_value = int(np.searchsorted(cum, n // 2, side="right"))        # the (n//2)-th value
    mean = float((hist * values).sum()) / n
    return n, int(present[0]), int(present[-1]), mean, (low_value + high_value) / 2.0


def _pixel_area_ha(ds, reporter):
    gt = ds.GetGeoTransform()
    area = abs(gt[1] * gt[5] - gt[2] * gt[4])
    wkt = ds.GetProjection()
    srs = osr.SpatialReference()
    if not wkt or srs.ImportFromWkt(wkt) != 0 or not srs.IsProjected():
        reporter.warn("The map has no projected CRS: class areas in hectares are not computed.")
        return float("nan")
    return area * srs.GetLinearUnits() ** 2 / 10000.0


def _lut_labels(product):
    """{value: label} from the product's LUT ('value R G B label' lines), else the crop mask's names."""
    labels = {0: "non-crop", 1: "crop"} if product.level == "L4A" else {0: "not crop"}
    path = product.aux.get("LUT")
    if not path:
        return labels
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                parts = line.strip().split(None, 4)
                if len(parts) == 5 and re.match(r"^-?\d+$", parts[0]) and int(parts[0]) >= 0 \
                        and parts[4].strip() != "code %s" % int(parts[0]):  # the writer's name for no name
                    labels[int(parts[0])] = parts[4].strip()
    except OSError:
        pass
    return labels


def _product_files(product):
    files = set()
    for dirpath, _dirs, names in os.walk(product.path):
        for name in names:
            files.add(os.path.normcase(os.path.realpath(os.path.join(dirpath, name))))
    return files


def check_output(product, path, what="output", sidecar=True):
    """InputError when ``path`` (or, with ``sidecar``, its .qml sidecar) would overwrite a file of ``product``."""
    if not path:
        return
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise InputError("Cannot write the %s %s: the folder %s does not exist.", what, path, folder)
    if not isinstance(product, Product):
        product = read_product(product)
    files = _product_files(product)
    for candidate in (path, os.path.splitext(path)[0] + ".qml") if sidecar else (path,):
        if os.path.normcase(os.path.realpath(candidate)) in files:
            raise InputError("The %s %s would overwrite the product's own file %s: choose another path.",
                             what, path, candidate)


def low_evidence_qml(min_valid_dates):
    """styles/low_evidence.qml with the threshold in the legend ("fewer than 3 valid dates")."""
    with open(style_file(LOW_EVIDENCE_STYLE), encoding="utf-8") as f:
        text = f.read()
    return text.replace("(few valid dates)", "(fewer than %d valid dates)" % int(min_valid_dates))


def _open(path, what):
    try:
        return gdal.Open(path)
    except RuntimeError as exc:
        raise InputError("Cannot read the %s %s: %s", what, path, exc) from exc


# --- the summary ----------------------------------------------------------------
def summarize(product, min_valid_dates=3, low_evidence_path=None, memory_mb=256, reporter=None, tile=None):
    """Statistics of a product's quality flags over its mapped area (see the module docstring)."""
    reporter = reporter or Reporter()
    if not isinstance(product, Product):
        product = read_product(product)
    min_valid_dates = int(min_valid_dates)
    if min_valid_dates < 1:
        raise InputError("The minimum number of valid dates must be at least 1 (got %d).", min_valid_dates)
    if not product.tiles:
        raise InputError("The product %s holds no raster under TILES/ (no map, no quality flags).", product.path)
    tile = product.tile if tile is None else str(tile)
    if tile not in product.tile_rasters:
        raise InputError("The product %s has no tile %s (its tiles: %s).", product.path, tile,
                         ", ".join(product.tiles))
    if len(product.tiles) > 1 and tile == product.tile:
        reporter.warn("The product has %d tiles; only tile %s is inspected (others: %s).",
                      len(product.tiles), tile, ", ".join(t for t in product.tiles if t != tile))
    rasters = product.tile_rasters[tile]
    info = LEVELS[product.level]
    expected = "TILES/S2AGRI_%s_V..._T%s/%%s/S2AGRI_%s_%%s_V..._T%s.TIF" % (product.level, tile, product.level, tile)
    if not rasters.get("FLG"):
        raise InputError("The product %s has no quality flags raster: %s is missing, so there are no date "
                         "counts to inspect.", product.path, expected % ("QI_DATA", info["flags"]))
    if not rasters.get("MAP"):
        raise InputError("The product %s has no %s map raster: %s is missing, so the mapped area is unknown.",
                         product.path, info["title"], expected % ("IMG_DATA", info["map"]))
    if low_evidence_path:
        check_output(product, low_evidence_path, "low-evidence raster")

    s = QualitySummary()
    s.product_name, s.level, s.tile = product.name, product.level, tile
    s.map_path, s.flags_path = rasters["MAP"], rasters["FLG"]
    s.min_valid_dates = min_valid_dates
    s.class_labels = _lut_labels(product)
    map_ds, flags_ds = _open(s.map_path, "map"), _open(s.flags_path, "quality flags")
    width, height = map_ds.RasterXSize, map_ds.RasterYSize
    s.width, s.height = width, height
    if (flags_ds.RasterXSize, flags_ds.RasterYSize) != (width, height):
        raise InputError("The quality flags %s (%d x %d pixels) are not on the map's grid (%d x %d).",
                         s.flags_path, flags_ds.RasterXSize, flags_ds.RasterYSize, width, height)
    n_bands = flags_ds.RasterCount
    names = [FLAG_BANDS[b] if b < len(FLAG_BANDS) else "band%d" % (b + 1) for b in range(n_bands)]
    flag_bands = [flags_ds.GetRasterBand(b + 1) for b in range(n_bands)]
    flag_nodata = [band.GetNoDataValue() for band in flag_bands]
    dtype = gdal.GetDataTypeName(flag_bands[0].DataType).lower()
    s.flags_type = dtype + (", nodata %g" % flag_nodata[0] if flag_nodata[0] is not None else ", no nodata")
    map_band = map_ds.GetRasterBand(1)
    map_nodata = map_band.GetNoDataValue()
    s.pixel_area_ha = _pixel_area_ha(map_ds, reporter)

    out_ds = tmp_path = None
    if low_evidence_path:
        tmp_path = low_evidence_path + ".part"
        try:
            out_ds = gdal.GetDriverByName("GTiff").Create(tmp_path, width, height, 1, gdal.GDT_Byte, CREATION_OPTIONS)
        except RuntimeError as exc:
            raise InputError("Cannot write the low-evidence raster %s: %s", low_evidence_path, exc) from exc
        out_ds.SetGeoTransform(map_ds.GetGeoTransform())
        if map_ds.GetProjection():
            out_ds.SetProjection(map_ds.GetProjection())
        out_band = out_ds.GetRasterBand(1)
        out_band.SetNoDataValue(OUTSIDE)
        out_band.SetDescription("low evidence (fewer than %d valid dates)" % min_valid_dates)

    hists = [np.zeros(0, np.int64) for _ in range(n_bands)]
    class_pixels, class_low = {}, {}
    blocks = row_blocks(height, width, _BYTES_PER_PIXEL + 8 * n_bands, memory_mb)
    try:
        for i, (row0, nrows) in enumerate(blocks):
            reporter.check()
            m = map_band.ReadAsArray(0, row0, width, nrows)
            mapped = np.ones(m.shape, bool) if map_nodata is None else (m != map_nodata)
            if m.dtype.kind == "f":
                mapped &= np.isfinite(m)
            low = None
            for b in range(n_bands):
                f = flag_bands[b].ReadAsArray(0, row0, width, nrows).astype(np.int64)
                good = f >= 0
                if flag_nodata[b] is not None:
                    good &= f != flag_nodata[b]
                counted = f[mapped & good]
                h = np.bincount(counted) if counted.size else np.zeros(0, np.int64)
                if len(h) > len(hists[b]):
                    hists[b] = np.pad(hists[b], (0, len(h) - len(hists[b])))
                hists[b][:len(h)] += h
                if b == 0:
                    s.flags_missing_pixels += int(np.count_nonzero(mapped & ~good))
                    low = mapped & (~good | (f < min_valid_dates))
            s.mapped_pixels += int(np.count_nonzero(mapped))
            s.low_evidence_pixels += int(np.count_nonzero(low))
            for target, selection in ((class_pixels, mapped), (class_low, low)):
                values, counts = np.unique(m[selection], return_counts=True)
                for v, c in zip(values.tolist(), counts.tolist()):
                    v = int(v) if float(v).is_integer() else float(v)
                    target[v] = target.get(v, 0) + int(c)
            if out_ds is not None:
                out = np.where(mapped, np.where(low, LOW, ENOUGH), OUTSIDE).astype(np.uint8)
                out_band.WriteArray(out, 0, row0)
            reporter.progress((i + 1) / float(len(blocks)))
        if out_ds is not None:
            out_band.FlushCache()
            out_ds.FlushCache()
            out_band = out_ds = None
            _remove(low_evidence_path + ".aux.xml")  # statistics of an older file of that name
            os.replace(tmp_path, low_evidence_path)
            write_sidecar(low_evidence_path, low_evidence_qml(min_valid_dates))
            s.low_evidence_path = low_evidence_path
    except BaseException:  # Cancelled included: nothing half-written
        out_band = out_ds = None
        if tmp_path:
            _remove(tmp_path)
        raise
    finally:
        map_band = flag_bands = None
        map_ds = flags_ds = None

    for b, name in enumerate(names):
        hist = hists[b]
        nz = np.nonzero(hist)[0]
        hist = hist[:nz[-1] + 1] if nz.size else hist[:0]
        pixels, lo, hi, mean, median = _histogram_stats(hist)
        s.bands.append({"name": name, "histogram": [int(v) for v in hist], "pixels": pixels, "min": lo,
                        "max": hi, "mean": mean, "median": median})
    s.class_pixels = dict(sorted(class_pixels.items()))
    s.class_low_evidence_pixels = {v: class_low.get(v, 0) for v in s.class_pixels}
    return s
