"""Sen2-Agri style L4A (crop mask) / L4B (crop type) products: writer and reader.

Layout (the Sen2-Agri common structure, DESIGN section 4); L4A shown, L4B uses CT / MCTFLG::

    S2AGRI_L4A_PRD_S{site}_{created YYYYMMDDThhmmss}_V{start}_{end}/
      S2AGRI_L4A_MTD_V{start}_{end}.xml       metadata: inputs, footprint, CRS, nodata, parameters
      AUX_DATA/S2AGRI_L4A_IPP_V{start}_{end}.xml   every processing parameter (name/value)
      AUX_DATA/S2AGRI_L4A_QLT_V{start}_{end}.xml   confusion matrix + quality metrics
      AUX_DATA/S2AGRI_L4A_CMX_V{start}_{end}.csv   confusion matrix CSV (our name: CMX = confusion
                                                   matrix; two '#' lines name the row / column labels)
      AUX_DATA/S2AGRI_L4A_LUT_V{start}_{end}.txt   colour table: 'value R G B label' lines
      AUX_DATA/S2AGRI_L4A_ISD_V{start}_{end}.zip   in situ polygons (GeoPackage, field SPLIT =
                                                   'training' / 'validation')
      TILES/S2AGRI_L4A_V{start}_{end}_T{tile}/
        IMG_DATA/S2AGRI_L4A_CM_V{start}_{end}_T{tile}.TIF      mask (1 crop / 0 non-crop)
        IMG_DATA/S2AGRI_L4A_RAW_V{start}_{end}_T{tile}.TIF     raw (unsegmented / unmasked) map
        QI_DATA/S2AGRI_L4A_MCMFLG_V{start}_{end}_T{tile}.TIF   flags: 4 bands, counts of valid /
                                                               water / snow / cloud-or-nodata dates
        QI_DATA/S2AGRI_L4A_CNF_V{start}_{end}_T{tile}.TIF      confidence 0-100 (our addition: the
                                                               share of trees voting for the class)
Dates are YYYYMMDD. Rasters are int16 GeoTIFF, DEFLATE, nodata -10000; crop type = CODE values,
0 = not crop. Each raster gets a ``.qml`` sidecar (same name).

API
---
``ProductWriter(level, out_folder, site, start, end, tile=None, created=None, overwrite=False)``
    Context manager; works in a temporary folder ``out_folder/.{name}_tmp`` and renames it into
    ``out_folder/{name}`` on success, deletes it on any exception (Cancelled included): nothing
    half-written. Refuses (InputError, at construction, so before any work) when ``out_folder`` already
    holds a product of the same level, site and period (any creation time) unless ``overwrite``; with
    ``overwrite`` the old product(s) are removed only once the new one is complete. ``site``: letters,
    digits, '-'; ``start``/``end``: dates or 'YYYY-MM-DD'; ``tile`` None -> 'XXXXX' (unknown).
    ``raster_path(kind, tile=None)``: kind "CM"/"CT" (or "MAP"), "RAW", "FLG", "CNF".
    ``create_raster(kind, grid, bands=None, tile=None)`` -> GDAL dataset (int16, DEFLATE, nodata -10000,
    on ``grid``: a science.grid.Grid, a raster path or a dataset; FLG has 4 bands: valid, water, snow,
    cloud counts). Drop it (``ds = None``) before the context closes.
    ``add_raster(kind, src_path, tile=None, memory_mb=256, reporter=None)``: copy any raster into the
    product format by row blocks (its nodata and NaN -> -10000), e.g. the uint16 flags of
    features.write_feature_raster.
    ``write_metadata(inputs=(), parameters=None, grid=None, extra=None)``: inputs are Acquisitions,
    (date, path) pairs, dicts or paths; parameters {name: value}; MTD and IPP are written at close.
    ``write_quality(quality)`` (a metrics.Quality, or ``(cm, labels, not_validated)``): QLT xml + CMX csv.
    ``write_insitu(training, validation=None, crs_wkt=None)``: ISD zip (paths, ogr.Layer or Parcel lists).
    ``write_styles(legend=None, codes=None)``: LUT + .qml sidecars (done at close if not called);
    ``legend`` is {code: name} or a 'code,name' CSV path.
    After a successful close: ``path`` (final folder) and ``product`` (the Product read back).
``read_product(path)`` -> ``Product``: ``level``, ``site``, ``created``, ``start``, ``end``, ``tile``
    (first tile), ``tiles``, ``path``, ``mtd_path``, ``rasters`` {code: path} of the first tile (map under
    CM/CT and "MAP", flags under MCMFLG/MCTFLG and "FLG", "RAW", "CNF"), ``tile_rasters`` {tile: {...}},
    ``map_path``/``raw_path``/``flags_path``/``confidence_path``, ``aux`` {QLT, IPP, LUT, ISD, CMX: path},
    ``quality`` (dict: labels, column_labels, confusion_matrix, precision, recall, fscore, support
    ({label: float}), kappa, accuracy, not_validated; None when absent), ``parameters`` {name: text},
    ``inputs`` [{date, source, ...}]. ``path`` may be the product folder, its MTD xml or any file
    inside. Loads Sen2-Agri's own products (CNF, QLT, IPP optional; extra files ignored).
``resolve_crop_mask(path)``: the mask raster to apply, from an L4A product (folder / MTD) or a raster.
``read_legend(path)`` -> {code: name} from a ``code,name`` CSV (header and extra columns allowed).
``find_products(out_folder, level, site, start, end)`` -> product folders of that level/site/period.
"""
import csv
import datetime
import math
import os
import re
import shutil
import uuid
import xml.etree.ElementTree as ET
import zipfile

import numpy as np
from osgeo import gdal, ogr, osr

from .errors import InputError
from .grid import srs_from

gdal.UseExceptions()

NODATA = -10000
LEVELS = {
    "L4A": {"map": "CM", "flags": "MCMFLG", "root": "CropMask", "title": "crop mask"},
    "L4B": {"map": "CT", "flags": "MCTFLG", "root": "CropType", "title": "crop type"},
}
KINDS = ("MAP", "RAW", "FLG", "CNF")
FLAG_BANDS = ("valid", "water", "snow", "cloud")
CREATION_OPTIONS = ["COMPRESS=DEFLATE", "PREDICTOR=2", "TILED=YES", "BIGTIFF=IF_SAFER"]
DEFAULT_TILE = "XXXXX"  # tile unknown (e.g. a GeoTIFF stack without an MGRS tile)
SPLIT_FIELD = "SPLIT"
_NAME_RE = re.compile(r"^S2AGRI_(L4[AB])_PRD_S(.+?)_(\d{8}T\d{6})_V(\d{8})_(\d{8})$")
_RASTER_RE = re.compile(r"^S2AGRI_(L4[AB])_(CM|CT|RAW|MCMFLG|MCTFLG|CNF)_(.*?)(?:_T([A-Za-z0-9]+))?\.tiff?$",
                        re.IGNORECASE)
_SITE_RE = re.compile(r"^[A-Za-z0-9-]+$")
_TILE_RE = re.compile(r"^[A-Za-z0-9]+$")
COLOURS = {"noncrop": "#e8e2c8", "crop": "#2e9e3a", "notcrop_type": "#d9d9d9"}


# --- names ------------------------------------------------------------------
def _date(value, what):
    """A datetime.date from a date, datetime or 'YYYY-MM-DD' / 'YYYYMMDD' string."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise InputError("The %s date '%s' is not a date (use YYYY-MM-DD)." % (what, value))


def _ymd(d):
    return d.strftime("%Y%m%d")


def product_name(level, site, created, start, end):
    """S2AGRI_{level}_PRD_S{site}_{created}_V{start}_{end}."""
    return "S2AGRI_%s_PRD_S%s_%s_V%s_%s" % (level, site, created.strftime("%Y%m%dT%H%M%S"), _ymd(start), _ymd(end))


def find_products(out_folder, level, site, start, end):
    """Product folders in ``out_folder`` of this level, site and period (any creation time), sorted."""
    if not os.path.isdir(out_folder):
        return []
    period = (_ymd(_date(start, "start")), _ymd(_date(end, "end")))
    found = []
    for entry in sorted(os.listdir(out_folder)):
        m = _NAME_RE.match(entry)
        if m and m.group(1) == level and m.group(2) == str(site) and (m.group(4), m.group(5)) == period \
                and os.path.isdir(os.path.join(out_folder, entry)):
            found.append(os.path.join(out_folder, entry))
    return found


def read_legend(path):
    """{code: name} from a CSV whose first column is the code and which has a 'name' column (else the
    second column); a header line is detected (first cell not an integer); other columns are ignored."""
    if not path:
        return {}
    if not os.path.exists(path):
        raise InputError("Legend file not found: %s" % path)
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f) if r and r[0].strip() and not r[0].lstrip().startswith("#")]
    if not rows:
        return {}
    name_col = 1
    if _int_or_none(rows[0][0]) is None:
        header = [h.strip().lower() for h in rows[0]]
        if "name" in header:
            name_col = header.index("name")
        rows = rows[1:]
    legend = {}
    for row in rows:
        code = _int_or_none(row[0])
        if code is None:
            raise InputError("Legend %s: '%s' is not an integer code (expected lines 'code,name')." % (path, row[0]))
        legend[code] = row[name_col].strip() if len(row) > name_col else str(code)
    return legend


def _int_or_none(text):
    try:
        return int(str(text).strip())
    except ValueError:
        try:
            f = float(str(text).strip())
        except ValueError:
            return None
        return int(f) if f.is_integer() else None


def code_colour(code):
    """A colour that depends only on the code, so maps of different periods match."""
    import colorsys

    h = (int(code) * 0.618033988749895 + 0.11) % 1.0
    s = 0.55 + 0.35 * ((int(code) // 7) % 2)
    v = 0.95 - 0.25 * ((int(code) // 13) % 2)
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return "#%02x%02x%02x" % (int(r * 255), int(g * 255), int(b * 255))


def _hex_rgb(colour):
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _fmt(value):
    """Numbers for XML/CSV: integers as such, floats with 6 decimals, NaN as 'NaN'."""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return "NaN" if math.isnan(value) else "%.6f" % float(value)
    return str(value)


def _param_text(value):
    import json

    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, default=str)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return _fmt(value)


def _write_xml(root, path):
    if hasattr(ET, "indent"):  # Python 3.9+
        ET.indent(root)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)


def _epsg(wkt):
    if not wkt:
        return None
    srs = srs_from(wkt)
    code = srs.GetAuthorityCode(None)
    if code is None:
        try:
            srs.AutoIdentifyEPSG()
            code = srs.GetAuthorityCode(None)
        except RuntimeError:
            code = None
    return int(code) if code and str(code).isdigit() else None


def _grid_of(grid):
    """(crs_wkt, geotransform, width, height) from a Grid, a raster path or a GDAL dataset."""
    if grid is None:
        return None
    if isinstance(grid, str):
        ds = gdal.Open(grid)
        return ds.GetProjection(), ds.GetGeoTransform(), ds.RasterXSize, ds.RasterYSize
    if isinstance(grid, gdal.Dataset):
        return grid.GetProjection(), grid.GetGeoTransform(), grid.RasterXSize, grid.RasterYSize
    if isinstance(grid, tuple):
        return grid
    return grid.crs_wkt, tuple(grid.geotransform), int(grid.width), int(grid.height)


def footprint(grid):
    """(WKT polygon in the grid's CRS, WKT polygon in lon/lat or None) of a grid / raster."""
    crs_wkt, gt, width, height = _grid_of(grid)
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for col, row in ((0, 0), (width, 0), (width, height), (0, height), (0, 0)):
        ring.AddPoint_2D(gt[0] + col * gt[1] + row * gt[2], gt[3] + col * gt[4] + row * gt[5])
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    native = poly.ExportToWkt()
    lonlat = None
    if crs_wkt:
        src = srs_from(crs_wkt)
        dst = srs_from("EPSG:4326")
        geo = poly.Clone()
        geo.Segmentize(max(abs(gt[1]) * width, abs(gt[5]) * height) / 8.0 or 1.0)
        geo.Transform(osr.CoordinateTransformation(src, dst))
        lonlat = geo.ExportToWkt()
    return native, lonlat


def _input_record(item):
    """An input image as {date, source, platform, tile, kind}."""
    rec = {"date": "", "source": "", "platform": "", "tile": "", "kind": ""}
    if isinstance(item, dict):
        rec.update({k: "" if v is None else str(v) for k, v in item.items()})
        rec["source"] = rec.get("source") or rec.get("path", "")
        rec.pop("path", None)
    elif isinstance(item, (tuple, list)):
        rec["date"], rec["source"] = str(item[0]), str(item[1])
    elif isinstance(item, str):
        rec["source"] = item
    else:  # an Acquisition
        for key in ("date", "source", "platform", "tile", "kind"):
            value = getattr(item, key, None)
            rec[key] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    return rec


# --- writer -----------------------------------------------------------------
class ProductWriter:
    """Writes one L4A / L4B product atomically (see the module docstring).

    Raises InputError at construction when ``out_folder`` already holds a product of the same level,
    site and period (whatever its creation time) and ``overwrite`` is False; with ``overwrite`` the old
    product(s) are removed only once the new one is complete.
    """

    def __init__(self, level, out_folder, site, start, end, tile=None, created=None, overwrite=False):
        level = str(level).upper()
        if level not in LEVELS:
            raise InputError("Unknown product level '%s' (use L4A for a crop mask, L4B for a crop type map)." % level)
        site = str(site).strip()
        if not _SITE_RE.match(site):
            raise InputError("The site name '%s' may hold only letters, digits and '-' "
                             "(it is part of the product name)." % site)
        tile = DEFAULT_TILE if tile in (None, "") else str(tile).strip()
        if tile.upper().startswith("T") and len(tile) == 6:
            tile = tile[1:]  # 'T31UES' -> '31UES'
        if not _TILE_RE.match(tile):
            raise InputError("The tile name '%s' may hold only letters and digits." % tile)
        self.level, self.site, self.tile = level, site, tile
        self.start, self.end = _date(start, "start"), _date(end, "end")
        if self.end < self.start:
            raise InputError("The period ends (%s) before it starts (%s)." % (self.end, self.start))
        self.created = (created or datetime.datetime.now()).replace(microsecond=0)
        self.out_folder = os.path.abspath(out_folder)
        self.overwrite = bool(overwrite)
        self.name = product_name(level, site, self.created, self.start, self.end)
        self.path = os.path.join(self.out_folder, self.name)
        self.tmp_path = os.path.join(self.out_folder, "." + self.name + "_tmp")
        self.period = "V%s_%s" % (_ymd(self.start), _ymd(self.end))
        self.product = None
        self._check_existing()
        self._datasets = []
        self._inputs, self._parameters, self._extra, self._grid = [], {}, {}, None
        self._quality = None
        self._styled = False
        self._tiles = [tile]

    # existing products ------------------------------------------------------
    def existing(self):
        """Folders of products with this level, site and period already in the output folder."""
        return find_products(self.out_folder, self.level, self.site, self.start, self.end)

    def _check_existing(self):
        old = self.existing()
        if old and not self.overwrite:
            raise InputError(
                "A %s (%s) product of site %s for %s to %s already exists: %s. Choose another output "
                "folder, or allow overwriting to replace it."
                % (LEVELS[self.level]["title"], self.level, self.site, self.start.isoformat(),
                   self.end.isoformat(), old[0]))

    # context ----------------------------------------------------------------
    def __enter__(self):
        os.makedirs(self.out_folder, exist_ok=True)
        if os.path.exists(self.tmp_path):
            shutil.rmtree(self.tmp_path)  # a leftover of a crashed run of the same second
        os.makedirs(os.path.join(self.tmp_path, "AUX_DATA"))
        self._tile_dirs(self.tile, create=True)
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self._finish()
            except BaseException:
                self._discard()
                raise
        else:
            self._discard()
        return False

    def _discard(self):
        self._close_datasets()
        shutil.rmtree(self.tmp_path, ignore_errors=True)

    def _close_datasets(self):
        for ds in self._datasets:
            try:
                ds.FlushCache()
            except Exception:  # noqa: BLE001 - already closed by the caller
                pass
        self._datasets = []

    def _finish(self):
        self._close_datasets()
        map_path = self.raster_path("MAP")
        if not os.path.exists(map_path):
            raise RuntimeError("Product incomplete: the %s raster was not written." % LEVELS[self.level]["map"])
        if not self._styled:
            self.write_styles()
        self._write_ipp()
        self._write_mtd()
        self._check_existing()  # another run may have written one meanwhile
        old = self.existing()
        trash = []
        for i, folder in enumerate(old):
            moved = os.path.join(self.out_folder, ".%s_old%d_%s" % (os.path.basename(folder), i, uuid.uuid4().hex[:6]))
            os.rename(folder, moved)
            trash.append(moved)
        try:
            os.rename(self.tmp_path, self.path)
        except OSError:
            for moved, folder in zip(trash, old):  # put the old products back
                os.rename(moved, folder)
            raise
        for moved in trash:
            shutil.rmtree(moved, ignore_errors=True)
        self.product = read_product(self.path)

    # paths ------------------------------------------------------------------
    def _root(self):
        return self.tmp_path

    def _tile_dirs(self, tile, create=False):
        base = os.path.join(self._root(), "TILES", "S2AGRI_%s_%s_T%s" % (self.level, self.period, tile))
        if create:
            if not _TILE_RE.match(tile):
                raise InputError("The tile name '%s' may hold only letters and digits." % tile)
            for sub in ("IMG_DATA", "QI_DATA"):
                os.makedirs(os.path.join(base, sub), exist_ok=True)
            if tile not in self._tiles:
                self._tiles.append(tile)
        return base

    def file_code(self, kind):
        """The file-name code of a raster kind: CM/CT, RAW, MCMFLG/MCTFLG, CNF."""
        kind = str(kind).upper()
        info = LEVELS[self.level]
        if kind in ("MAP", info["map"]):
            return info["map"]
        if kind in ("FLG", info["flags"]):
            return info["flags"]
        if kind in ("RAW", "CNF"):
            return kind
        raise ValueError("unknown raster kind %r for %s (use %s, RAW, FLG or CNF)" % (kind, self.level, info["map"]))

    def raster_path(self, kind, tile=None):
        """Where the raster ``kind`` ("CM"/"CT"/"MAP", "RAW", "FLG", "CNF") of ``tile`` goes (temp folder)."""
        tile = tile or self.tile
        code = self.file_code(kind)
        sub = "QI_DATA" if code in (LEVELS[self.level]["flags"], "CNF") else "IMG_DATA"
        base = self._tile_dirs(tile)
        return os.path.join(base, sub, "S2AGRI_%s_%s_%s_T%s.TIF" % (self.level, code, self.period, tile))

    def aux_path(self, code, ext):
        """AUX_DATA/S2AGRI_{level}_{code}_V{start}_{end}.{ext}"""
        return os.path.join(self._root(), "AUX_DATA", "S2AGRI_%s_%s_%s.%s" % (self.level, code, self.period, ext))

    def mtd_path(self):
        return os.path.join(self._root(), "S2AGRI_%s_MTD_%s.xml" % (self.level, self.period))

    # rasters ----------------------------------------------------------------
    def create_raster(self, kind, grid, bands=None, tile=None):
        """A new int16 DEFLATE GeoTIFF (nodata -10000) for ``kind`` on ``grid`` (a science.grid.Grid, a
        raster path or a GDAL dataset); FLG has 4 bands (valid, water, snow, cloud counts) by default."""
        code = self.file_code(kind)
        is_flags = code == LEVELS[self.level]["flags"]
        bands = bands or (len(FLAG_BANDS) if is_flags else 1)
        crs_wkt, gt, width, height = _grid_of(grid)
        if self._grid is None:
            self._grid = (crs_wkt, gt, width, height)
        self._tile_dirs(tile or self.tile, create=True)
        path = self.raster_path(kind, tile)
        ds = gdal.GetDriverByName("GTiff").Create(path, width, height, bands, gdal.GDT_Int16, CREATION_OPTIONS)
        ds.SetGeoTransform(gt)
        if crs_wkt:
            ds.SetProjection(crs_wkt)
        for b in range(bands):
            band = ds.GetRasterBand(b + 1)
            band.SetNoDataValue(NODATA)
            band.SetDescription(_band_description(self.level, code, b, is_flags))
        self._datasets.append(ds)
        return ds

    def add_raster(self, kind, src_path, tile=None, memory_mb=256, reporter=None):
        """Copy ``src_path`` into the product as ``kind`` (int16, DEFLATE, its nodata and NaN -> -10000),
        by row blocks; returns the product raster path."""
        from .blocks import row_blocks

        src = gdal.Open(src_path)
        if src is None:
            raise InputError("Cannot open raster: %s" % src_path)
        ds = self.create_raster(kind, src, bands=src.RasterCount, tile=tile)
        blocks = row_blocks(src.RasterYSize, src.RasterXSize, 8 * src.RasterCount + 8, memory_mb)
        for i, (row0, nrows) in enumerate(blocks):
            if reporter is not None:
                reporter.check()
            for b in range(src.RasterCount):
                sband = src.GetRasterBand(b + 1)
                data = sband.ReadAsArray(0, row0, src.RasterXSize, nrows).astype(np.float64)
                bad = ~np.isfinite(data)
                nodata = sband.GetNoDataValue()
                if nodata is not None:
                    bad |= data == nodata
                data = np.clip(np.round(np.where(bad, 0, data)), -32767, 32767)
                out = np.where(bad, NODATA, data).astype(np.int16)
                ds.GetRasterBand(b + 1).WriteArray(out, 0, row0)
            if reporter is not None:
                reporter.progress((i + 1) / float(len(blocks)))
        path = self.raster_path(kind, tile)
        ds.FlushCache()
        self._datasets.remove(ds)
        ds = None
        return path

    # metadata ---------------------------------------------------------------
    def write_metadata(self, inputs=(), parameters=None, grid=None, extra=None):
        """Record the input images (Acquisitions, (date, path) pairs, dicts or paths), every processing
        parameter ({name: value}), the grid (else taken from the map raster) and ``extra`` {name: text}
        for the MTD and IPP files (written when the context closes)."""
        self._inputs = [_input_record(i) for i in inputs or ()]
        self._parameters = dict(parameters or {})
        self._extra = dict(extra or {})
        if grid is not None:
            self._grid = _grid_of(grid)

    def _write_ipp(self):
        root = ET.Element("Processing_Parameters", level=self.level, product=self.name)
        for name in self._parameters:
            ET.SubElement(root, "Parameter", name=str(name)).text = _param_text(self._parameters[name])
        _write_xml(root, self.aux_path("IPP", "xml"))

    def _write_mtd(self):
        info = LEVELS[self.level]
        root = ET.Element("Product_Metadata", level=self.level)
        gen = ET.SubElement(root, "General_Info")
        for tag, text in (("Product_Name", self.name), ("Product_Level", self.level),
                          ("Product_Type", info["title"]), ("Site", self.site),
                          ("Creation_Date", self.created.isoformat()),
                          ("Start_Date", self.start.isoformat()), ("End_Date", self.end.isoformat()),
                          ("Software", "Crop Mapper (QGIS plugin)")):
            ET.SubElement(gen, tag).text = text
        tiles = ET.SubElement(gen, "Tiles")
        for t in self._tiles:
            ET.SubElement(tiles, "Tile").text = t
        for key, value in self._extra.items():
            ET.SubElement(gen, "Info", name=str(key)).text = _param_text(value)
        inputs = ET.SubElement(root, "Inputs", count=str(len(self._inputs)))
        for rec in self._inputs:
            attrs = {k: v for k, v in rec.items() if k != "source" and v}
            ET.SubElement(inputs, "Input", **attrs).text = rec["source"]
        grid = self._grid or _grid_of(self.raster_path("MAP"))
        geo = ET.SubElement(root, "Geometry")
        crs = ET.SubElement(geo, "CRS")
        epsg = _epsg(grid[0])
        if epsg:
            crs.set("epsg", str(epsg))
        ET.SubElement(crs, "WKT").text = grid[0]
        native, lonlat = footprint(grid)
        ET.SubElement(geo, "Footprint", crs="product").text = native
        if lonlat:
            ET.SubElement(geo, "Footprint", crs="EPSG:4326").text = lonlat
        ET.SubElement(geo, "Grid", width=str(grid[2]), height=str(grid[3]),
                      geotransform=" ".join(repr(float(v)) for v in grid[1]))
        ET.SubElement(root, "NoData").text = str(NODATA)
        rasters = ET.SubElement(root, "Rasters")
        for dirpath, _dirs, files in sorted(os.walk(os.path.join(self._root(), "TILES"))):
            for f in sorted(files):
                m = _RASTER_RE.match(f)
                if m:
                    rel = os.path.relpath(os.path.join(dirpath, f), self._root()).replace(os.sep, "/")
                    ET.SubElement(rasters, "Raster", kind=m.group(2).upper(), tile=m.group(4) or "").text = rel
        params = ET.SubElement(root, "Parameters")
        for name in self._parameters:
            ET.SubElement(params, "Parameter", name=str(name)).text = _param_text(self._parameters[name])
        _write_xml(root, self.mtd_path())

    # quality ----------------------------------------------------------------
    def write_quality(self, quality, labels=None, not_validated=()):
        """QLT xml + CMX csv from a metrics.Quality (or from a confusion matrix and its labels)."""
        from .metrics import Quality, quality_metrics

        if not isinstance(quality, Quality):
            quality = quality_metrics(quality, labels, not_validated)
        self._quality = quality
        write_quality_xml(quality, self.aux_path("QLT", "xml"), LEVELS[self.level]["root"])
        write_confusion_csv(quality.cm, quality.labels, self.aux_path("CMX", "csv"))

    # in situ ----------------------------------------------------------------
    def write_insitu(self, training, validation=None, crs_wkt=None, split_field=SPLIT_FIELD):
        """ISD zip: one GeoPackage layer 'insitu' with the training and validation polygons and a field
        ``split_field`` = 'training' / 'validation'. Each of ``training`` / ``validation`` is a vector
        path ('path|layername=x' accepted), an ogr.Layer or a list of insitu.Parcel (then give
        ``crs_wkt``). With ``validation`` None, ``training`` is copied as is (keeping its own split
        field when it has one, else every polygon is marked 'training')."""
        gpkg_name = "S2AGRI_%s_ISD_%s.gpkg" % (self.level, self.period)
        work = os.path.join(self._root(), "AUX_DATA", ".isd")
        os.makedirs(work, exist_ok=True)
        gpkg = os.path.join(work, gpkg_name)
        out_ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
        out_layer, target_srs = None, None
        for source, split in ((training, "training"), (validation, "validation")):
            if source is None:
                continue
            keep_own = validation is None
            for wkb, attrs, srs in _iter_features(source, crs_wkt):
                if out_layer is None:
                    out_layer = out_ds.CreateLayer("insitu", srs, ogr.wkbMultiPolygon)
                    target_srs = srs
                _add_feature(out_layer, wkb, attrs, srs, target_srs, split_field,
                             attrs.get(split_field) if keep_own and attrs.get(split_field) else split)
        if out_layer is None:
            out_layer = out_ds.CreateLayer("insitu", None, ogr.wkbMultiPolygon)
            out_layer.CreateField(ogr.FieldDefn(split_field, ogr.OFTString))
        out_ds = None
        zpath = self.aux_path("ISD", "zip")
        with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(gpkg, gpkg_name)
        shutil.rmtree(work, ignore_errors=True)
        return zpath

    # styles -----------------------------------------------------------------
    def write_styles(self, legend=None, codes=None):
        """LUT text and a .qml sidecar next to every raster of the product. ``legend``: {code: name} or a
        'code,name' CSV path (crop type); ``codes``: the crop codes to colour (default: the quality
        labels and the values found in the CT / RAW rasters)."""
        self._close_datasets()
        legend = read_legend(legend) if isinstance(legend, str) else dict(legend or {})
        entries = self.colour_entries(legend, codes)
        with open(self.aux_path("LUT", "txt"), "w", encoding="utf-8") as f:
            f.write("%d 0 0 0 no data\n" % NODATA)
            for value, label, colour in entries:
                f.write("%s %d %d %d %s\n" % ((value,) + _hex_rgb(colour) + (label,)))
        from .styling import paletted_raster_qml, write_sidecar

        class_qml = paletted_raster_qml(entries)
        for tile in self._tiles:
            for kind in ("MAP", "RAW", "FLG", "CNF"):
                path = self.raster_path(kind, tile)
                if not os.path.exists(path):
                    continue
                if kind == "CNF":
                    write_sidecar(path, style="confidence")
                elif kind == "FLG":
                    write_sidecar(path, flags_qml(path))
                elif self.level == "L4A":
                    write_sidecar(path, style="cropmask")
                else:
                    write_sidecar(path, class_qml)
        self._styled = True

    def colour_entries(self, legend=None, codes=None):
        """[(value, label, '#rrggbb')] of the map classes."""
        if self.level == "L4A":
            return [(0, "non-crop", COLOURS["noncrop"]), (1, "crop", COLOURS["crop"])]
        if codes is None:
            found = set()
            if self._quality is not None:
                found.update(int(v) for v in self._quality.labels)
            for tile in self._tiles:
                for kind in ("MAP", "RAW"):
                    path = self.raster_path(kind, tile)
                    if os.path.exists(path):
                        found.update(raster_values(path))
            codes = found
        codes = sorted(set(int(c) for c in codes) - {0, NODATA})
        entries = [(0, "not crop", COLOURS["notcrop_type"])]  # 0 means not crop in L4B, whatever the legend
        entries += [(c, legend.get(c, "code %d" % c), code_colour(c)) for c in codes]
        return entries


def _band_description(level, code, index, is_flags):
    if is_flags:
        return "%s dates" % FLAG_BANDS[index] if index < len(FLAG_BANDS) else "band %d" % (index + 1)
    title = LEVELS[level]["title"]
    return {"CNF": "confidence (%)", "RAW": "raw " + title}.get(code, title)


def raster_values(path, memory_mb=128):
    """The distinct valid values of band 1 (read by row blocks)."""
    from .blocks import row_blocks

    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    nodata = band.GetNoDataValue()
    values = set()
    for row0, nrows in row_blocks(ds.RasterYSize, ds.RasterXSize, 8, memory_mb):
        data = band.ReadAsArray(0, row0, ds.RasterXSize, nrows)
        u = np.unique(data)
        values.update(int(v) for v in u if nodata is None or v != nodata)
    return values


def flags_qml(path=None):
    """The shared flags style (styles/flags.qml: a ramp on the valid-dates band), its ramp stretched to
    the raster's largest count so a long series is not saturated."""
    from .styling import style_file

    with open(style_file("flags"), encoding="utf-8") as f:
        text = f.read()
    try:
        ds = gdal.Open(path) if path else None  # keep the dataset alive while its band is used
        high = int(ds.GetRasterBand(1).ComputeRasterMinMax(False)[1]) if ds else 0
        old = float(re.search(r'maximumValue="([^"]+)"', text).group(1))
    except (RuntimeError, TypeError, ValueError, AttributeError):
        return text  # all nodata or an unexpected style: keep it as is
    if high <= 0 or old <= 0:
        return text
    scale = high / old

    def item(m):
        value = round(float(m.group(2)) * scale, 1)
        label = re.sub(r"^[0-9.]+", "%g" % value, m.group(4))
        return '%svalue="%g"%slabel="%s"' % (m.group(1), value, m.group(3), label)

    text = re.sub(r'(<item[^>]*?)value="([^"]+)"([^>]*?)label="([^"]*)"', item, text)
    for attr in ("maximumValue", "classificationMax"):
        text = re.sub(r'%s="[^"]+"' % attr, '%s="%d"' % (attr, high), text)
    return text


def _open_layer(source):
    """(datasource, layer) for 'path' or 'path|layername=x'."""
    path, layer_name = source, None
    if "|" in source:
        path, _, rest = source.partition("|")
        for part in rest.split("|"):
            if part.startswith("layername="):
                layer_name = part.split("=", 1)[1]
    ds = ogr.Open(path)
    if ds is None:
        raise InputError("Cannot open the in situ layer: %s" % source)
    layer = ds.GetLayerByName(layer_name) if layer_name else ds.GetLayer(0)
    if layer is None:
        raise InputError("Layer '%s' not found in %s" % (layer_name, path))
    return ds, layer


def _iter_features(source, crs_wkt):
    """(wkb, attributes, srs) of each polygon of a path, ogr.Layer or list of Parcels."""
    if isinstance(source, (list, tuple)):
        srs = srs_from(crs_wkt) if crs_wkt else None
        for parcel in source:
            yield bytes(parcel.wkb), dict(parcel.attributes), srs
        return
    ds = None
    layer = source
    if isinstance(source, str):
        ds, layer = _open_layer(source)
    srs = layer.GetSpatialRef()
    if srs is not None:
        srs = srs.Clone()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    layer.ResetReading()
    for feat in layer:
        geom = feat.GetGeometryRef()
        if geom is None:
            continue
        yield geom.ExportToWkb(), feat.items(), srs
    del ds


def _add_feature(layer, wkb, attrs, srs, target_srs, split_field, split):
    defn = layer.GetLayerDefn()
    for key, value in list(attrs.items()) + [(split_field, split)]:
        if defn.GetFieldIndex(key) < 0:
            kind = ogr.OFTInteger64 if isinstance(value, (int, np.integer)) and not isinstance(value, bool) \
                else ogr.OFTReal if isinstance(value, (float, np.floating)) else ogr.OFTString
            layer.CreateField(ogr.FieldDefn(key, kind))
            defn = layer.GetLayerDefn()
    geom = ogr.CreateGeometryFromWkb(bytes(wkb))
    if srs is not None and target_srs is not None and not srs.IsSame(target_srs):
        geom.Transform(osr.CoordinateTransformation(srs, target_srs))
    geom = ogr.ForceToMultiPolygon(geom)
    feat = ogr.Feature(defn)
    feat.SetGeometry(geom)
    for key, value in attrs.items():
        if value is not None:
            feat.SetField(key, value.item() if isinstance(value, np.generic) else value)
    feat.SetField(split_field, split)
    layer.CreateFeature(feat)


# --- quality files ------------------------------------------------------------
def write_confusion_csv(cm, labels, path):
    """OTB/Sen2-Agri layout: '#Reference labels (rows):a,b' and '#Produced labels (columns):a,b',
    then one line of counts per reference label."""
    labels = ",".join(str(v) for v in labels)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("#Reference labels (rows):%s\n#Produced labels (columns):%s\n" % (labels, labels))
        for row in np.asarray(cm):
            f.write(",".join(str(int(v)) for v in row) + "\n")


def write_quality_xml(quality, path, root_name):
    """Sen2-Agri quality schema (ConfusionMatrix: ReferenceLabels/RowLabel, ProducedLabels/ColumnLabel,
    Data/Row/Column; QualityMetrics: Precision/Recall/F-score with a 'class' attribute, Kappa, Accuracy)
    plus Support per class and NotValidated classes."""
    root = ET.Element(root_name)
    cm_el = ET.SubElement(root, "ConfusionMatrix")
    rows = ET.SubElement(cm_el, "ReferenceLabels")
    cols = ET.SubElement(cm_el, "ProducedLabels")
    for v in quality.labels:
        ET.SubElement(rows, "RowLabel").text = str(v)
        ET.SubElement(cols, "ColumnLabel").text = str(v)
    data = ET.SubElement(cm_el, "Data")
    for row in np.asarray(quality.cm):
        row_el = ET.SubElement(data, "Row")
        for v in row:
            ET.SubElement(row_el, "Column").text = str(int(v))
    qm = ET.SubElement(root, "QualityMetrics")
    for tag, values in (("Precision", quality.precision), ("Recall", quality.recall),
                        ("F-score", quality.fscore), ("Support", quality.support)):
        for label in quality.labels:
            ET.SubElement(qm, tag, {"class": str(label)}).text = _fmt(values[label])
    ET.SubElement(qm, "Kappa").text = _fmt(quality.kappa)
    ET.SubElement(qm, "Accuracy").text = _fmt(quality.accuracy)
    ET.SubElement(qm, "ValidationSamples").text = str(quality.total)
    nv = ET.SubElement(root, "NotValidated")
    for label in quality.not_validated:
        ET.SubElement(nv, "Class").text = str(label)
    _write_xml(root, path)


def _label(text):
    text = (text or "").strip()
    value = _int_or_none(text)
    return value if value is not None and re.match(r"^-?\d+(\.0*)?$", text) else text


def _number(text):
    try:
        return float((text or "").strip())
    except ValueError:
        return math.nan


def read_quality_xml(path):
    """{'root', 'labels' (rows), 'column_labels', 'confusion_matrix', 'precision', 'recall', 'fscore',
    'support', 'kappa', 'accuracy', 'not_validated'} from a QLT file (ours or Sen2-Agri's)."""
    root = ET.parse(path).getroot()
    q = {"root": root.tag, "labels": [], "column_labels": [], "confusion_matrix": [],
         "precision": {}, "recall": {}, "fscore": {}, "support": {},
         "kappa": math.nan, "accuracy": math.nan, "not_validated": []}
    cm_el = root.find("ConfusionMatrix")
    if cm_el is not None:
        q["labels"] = [_label(e.text) for e in cm_el.iter("RowLabel")]
        q["column_labels"] = [_label(e.text) for e in cm_el.iter("ColumnLabel")]
        data = cm_el.find("Data")
        if data is not None:
            q["confusion_matrix"] = [[int(round(_number(c.text))) for c in row.findall("Column")]
                                     for row in data.findall("Row")]
    qm = root.find("QualityMetrics")
    if qm is not None:
        for tag, key in (("Precision", "precision"), ("Recall", "recall"), ("F-score", "fscore"),
                         ("Support", "support")):
            for e in qm.findall(tag):
                value = _number(e.text)
                q[key][_label(e.get("class"))] = int(value) if key == "support" and not math.isnan(value) else value
        if qm.find("Kappa") is not None:
            q["kappa"] = _number(qm.find("Kappa").text)
        if qm.find("Accuracy") is not None:
            q["accuracy"] = _number(qm.find("Accuracy").text)
    nv = root.find("NotValidated")
    if nv is not None:
        q["not_validated"] = [_label(e.text) for e in nv.findall("Class")]
    return q


def read_confusion_csv(path):
    """(row_labels, column_labels, matrix as a list of lists) from a CMX / OTB confusion matrix CSV."""
    rows, cols, matrix = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                head, _, values = line.partition(":")
                labels = [_label(v) for v in values.split(",") if v.strip()]
                if "row" in head.lower():
                    rows = labels
                else:
                    cols = labels
                continue
            matrix.append([int(round(float(v))) for v in line.split(",")])
    return rows, cols, matrix


# --- reader -----------------------------------------------------------------
class Product:
    """A product read back (see ``read_product``)."""

    def __init__(self, path):
        self.path = path
        self.name = os.path.basename(path)
        self.level = None
        self.site = None
        self.created = None
        self.start = None
        self.end = None
        self.tiles = []
        self.tile_rasters = {}
        self.mtd_path = None
        self.aux = {}
        self.quality = None
        self.parameters = {}
        self.inputs = []

    @property
    def tile(self):
        return self.tiles[0] if self.tiles else None

    @property
    def rasters(self):
        """{kind: path} of the first tile; the map under its code (CM/CT) and "MAP", flags under their
        code (MCMFLG/MCTFLG) and "FLG"."""
        return dict(self.tile_rasters.get(self.tile, {}))

    @property
    def map_path(self):
        return self.rasters.get("MAP")

    @property
    def raw_path(self):
        return self.rasters.get("RAW")

    @property
    def flags_path(self):
        return self.rasters.get("FLG")

    @property
    def confidence_path(self):
        return self.rasters.get("CNF")

    def __repr__(self):
        return "Product(%s %s, tiles=%s)" % (self.level, self.name, self.tiles)


def product_root(path):
    """The product folder holding ``path`` (the folder itself, its MTD xml or any file inside), or None."""
    path = os.path.abspath(path)
    d = path if os.path.isdir(path) else os.path.dirname(path)
    while True:
        if _NAME_RE.match(os.path.basename(d)):
            return d
        try:
            if any(re.match(r"^S2AGRI_L4[AB]_MTD_.*\.xml$", f, re.IGNORECASE) for f in os.listdir(d)):
                return d
        except OSError:
            pass
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _find(root, pattern, prefer="AUX_DATA"):
    rx = re.compile(pattern, re.IGNORECASE)
    hits = []
    for dirpath, _dirs, files in os.walk(root):
        for f in sorted(files):
            if rx.match(f):
                hits.append(os.path.join(dirpath, f))
    hits.sort(key=lambda p: (prefer not in p.split(os.sep), p))
    return hits[0] if hits else None


def _read_parameters(path):
    """{name: text} from our IPP (Parameter elements) or any XML (leaf elements by tag)."""
    root = ET.parse(path).getroot()
    named = root.findall(".//Parameter[@name]")
    if named:
        return {e.get("name"): (e.text or "") for e in named}
    params = {}
    for e in root.iter():
        if len(e) == 0 and (e.text or "").strip():
            key = e.tag if e.tag not in params else "%s_%d" % (e.tag, len(params))
            params[key] = e.text.strip()
    return params


def read_product(path):
    """Read an L4A / L4B product (ours or Sen2-Agri's) from its folder, its MTD xml or any file inside."""
    if not path or not os.path.exists(path):
        raise InputError("Product not found: %s" % path)
    root = product_root(path)
    if root is None:
        raise InputError("%s is not a Sen2-Agri L4A / L4B product (no S2AGRI_L4A_PRD_... / S2AGRI_L4B_PRD_... "
                         "folder or S2AGRI_..._MTD_... file found)." % path)
    p = Product(root)
    m = _NAME_RE.match(p.name)
    if m:
        p.level, p.site = m.group(1), m.group(2)
        p.created = datetime.datetime.strptime(m.group(3), "%Y%m%dT%H%M%S")
        p.start = datetime.datetime.strptime(m.group(4), "%Y%m%d").date()
        p.end = datetime.datetime.strptime(m.group(5), "%Y%m%d").date()
    p.mtd_path = _find(root, r"^S2AGRI_L4[AB]_MTD_.*\.xml$", prefer=root)
    if p.mtd_path:
        mm = re.match(r"^S2AGRI_(L4[AB])_MTD_(?:.*?V(\d{8})_(\d{8}))?", os.path.basename(p.mtd_path), re.IGNORECASE)
        p.level = p.level or mm.group(1).upper()
        if p.start is None and mm.group(2):
            p.start = datetime.datetime.strptime(mm.group(2), "%Y%m%d").date()
            p.end = datetime.datetime.strptime(mm.group(3), "%Y%m%d").date()
    tiles_dir = os.path.join(root, "TILES")
    for dirpath, _dirs, files in sorted(os.walk(tiles_dir if os.path.isdir(tiles_dir) else root)):
        for f in sorted(files):
            rm = _RASTER_RE.match(f)
            if not rm:
                continue
            level, code = rm.group(1).upper(), rm.group(2).upper()
            p.level = p.level or level
            tile = rm.group(4)
            if not tile:
                tm = re.search(r"_T([A-Za-z0-9]+)$", os.path.basename(os.path.dirname(dirpath)))
                tile = tm.group(1) if tm else ""
            if tile not in p.tile_rasters:
                p.tiles.append(tile)
                p.tile_rasters[tile] = {}
            full = os.path.join(dirpath, f)
            rasters = p.tile_rasters[tile]
            rasters[code] = full
            if code in ("CM", "CT"):
                rasters["MAP"] = full
            elif code in ("MCMFLG", "MCTFLG"):
                rasters["FLG"] = full
    if p.level is None:
        raise InputError("%s: cannot tell whether it is an L4A or an L4B product." % root)
    for code, ext in (("QLT", "xml"), ("IPP", "xml"), ("LUT", "txt"), ("ISD", "zip"), ("CMX", "csv")):
        found = _find(root, r"^S2AGRI_L4[AB]_%s_.*\.%s$" % (code, ext))
        if found:
            p.aux[code] = found
    if "QLT" in p.aux:
        p.quality = read_quality_xml(p.aux["QLT"])
    elif "CMX" in p.aux:
        rows, cols, matrix = read_confusion_csv(p.aux["CMX"])
        if rows == cols and matrix:
            from .metrics import quality_metrics

            qm = quality_metrics(np.asarray(matrix), rows)
            p.quality = dict(qm.to_dict(), column_labels=cols, kappa=qm.kappa, accuracy=qm.accuracy,
                             root=LEVELS[p.level]["root"])
    if p.mtd_path:
        try:
            mtd = ET.parse(p.mtd_path).getroot()
        except ET.ParseError:
            mtd = None
        if mtd is not None:
            p.inputs = [dict(e.attrib, source=(e.text or "").strip()) for e in mtd.iter("Input")]
            site = mtd.find("General_Info/Site")
            if p.site is None and site is not None:
                p.site = site.text
            p.parameters = {e.get("name"): (e.text or "") for e in mtd.findall("Parameters/Parameter")}
    if "IPP" in p.aux:
        try:
            p.parameters.update(_read_parameters(p.aux["IPP"]))
        except ET.ParseError:
            pass
    return p


def resolve_crop_mask(path):
    """The crop mask raster to apply: ``path`` itself when it is a raster file (inside a product or not),
    else the CM raster of the L4A product it designates (its folder or MTD xml). InputError for an L4B
    product or a product without a mask raster."""
    if not path or not os.path.exists(path):
        raise InputError("Crop mask not found: %s" % path)
    if os.path.isfile(path) and not path.lower().endswith(".xml"):
        return path
    product = read_product(path)
    if product.level != "L4A":
        raise InputError("%s is a crop type (L4B) product: give a crop mask (L4A) product or a mask raster." % path)
    if not product.map_path:
        raise InputError("The crop mask product %s holds no CM raster." % product.path)
    return product.map_path
