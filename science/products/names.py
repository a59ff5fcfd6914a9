"""Product names, constants, legends, colours and value formatting shared by the writer and the reader."""
import csv
import datetime
import math
import os
import re
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal, ogr, osr

from ..errors import InputError
from ..grid import srs_from

gdal.UseExceptions()


NODATA = -10000
LEVELS = {
    "L4A": {"map": "CM", "flags": "MCMFLG", "root": "CropMask", "title": "crop mask", "type": "Crop Mask"},
    "L4B": {"map": "CT", "flags": "MCTFLG", "root": "CropType", "title": "crop type", "type": "Crop Type"},
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
    raise InputError("The %s date '%s' is not a date (use YYYY-MM-DD).", what, value)


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


def read_lut(path):
    """[(value, name or None, (r, g, b))] from a LUT file ('value R G B label' lines, Sen2-Agri's colour
    table); lines that are not entries and the nodata value are skipped; [] when the file cannot be read.
    The writer's placeholder name 'code N' reads as None."""
    entries = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except (OSError, TypeError):
        return entries
    for line in lines:
        parts = line.strip().split(None, 4)
        if len(parts) < 4 or not re.match(r"^-?\d+$", parts[0]) or int(parts[0]) == NODATA:
            continue
        try:
            rgb = tuple(max(0, min(255, int(v))) for v in parts[1:4])
        except ValueError:
            continue
        name = parts[4].strip() if len(parts) == 5 else ""
        if name == "code %s" % int(parts[0]):
            name = ""
        entries.append((int(parts[0]), name or None, rgb))
    return entries


def read_legend(path):
    """{code: name} from a CSV whose first column is the code and which has a 'name' column (else the
    second column); a header line is detected (first cell not an integer); other columns are ignored."""
    if not path:
        return {}
    if not os.path.exists(path):
        raise InputError("Legend file not found: %s", path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = [r for r in csv.reader(f) if r and r[0].strip() and not r[0].lstrip().startswith("#")]
    except UnicodeDecodeError as exc:
        raise InputError("Legend %s is not UTF-8 text (byte 0x%02x at position %d): save it as CSV UTF-8 "
                         "(in a spreadsheet: 'CSV UTF-8').", path, exc.object[exc.start], exc.start)
    except (OSError, csv.Error) as exc:
        raise InputError("Cannot read the legend %s: %s. Give a CSV file of 'code,name' lines.",
                         path, getattr(exc, "strerror", None) or exc)
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
            raise InputError("Legend %s: '%s' is not an integer code (expected lines 'code,name').", path, row[0])
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


def code_names(pairs, field="NAME_FIELD", reporter=None):
    """{code: name} from (code, name) pairs, e.g. the in situ parcels' code and name fields: a code with
    several names takes the most frequent (ties: the first seen), with a warning naming them; empty names
    and codes that are not integers (or 0, not crop) are ignored."""
    counts = {}
    for code, name in pairs:
        code = _int_or_none(code) if code is not None else None
        name = str(name).strip() if name is not None else ""
        if not code or not name:
            continue
        by_name = counts.setdefault(code, {})
        by_name[name] = by_name.get(name, 0) + 1
    names = {}
    for code in sorted(counts):
        ranked = sorted(counts[code].items(), key=lambda item: -item[1])  # stable: ties keep the first seen
        names[code] = ranked[0][0]
        if len(ranked) > 1 and reporter is not None:
            reporter.warn("Code %d has %d names in %s: %s; '%s' is used.", code, len(ranked), field,
                          ", ".join("'%s' (%d parcel%s)" % (n, c, "" if c == 1 else "s") for n, c in ranked),
                          ranked[0][0])
    return names


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
        for key in ("date", "source", "platform", "tile", "kind", "cloud_percent"):
            value = getattr(item, key, None)
            rec[key] = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        rejected = getattr(item, "rejected", None)  # found corrupt while read: its pixels were no data
        rec["status"] = "rejected" if rejected else "used"
        if rejected:
            rec["reason"] = str(rejected)
    return rec


def used_inputs(records):
    """The input records of images the product was made from (not skipped, not rejected)."""
    return [r for r in records if r.get("status", "used") == "used"]


# --- writer -----------------------------------------------------------------
