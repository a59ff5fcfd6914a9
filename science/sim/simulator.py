"""Synthetic Sentinel-2 L2A scene: field parcels, their labels and per-date surface reflectance with
clouds, cloud shadows and a Sen2Cor SCL, written as SAFE products, dated GeoTIFFs and/or MAJA folders.

Every random draw derives from (seed, what, where): parcels from (seed, road block), pixel noise from
(seed, date, row), cloud fields from (seed, date, lattice node). The output therefore does not depend
on the processing block size, and the same seed gives the same bytes.
"""
import datetime as _dt
import fnmatch
import math
import os
import shutil
from array import array
from statistics import NormalDist

import numpy as np
from osgeo import gdal, ogr, osr

from . import class_profiles as cp
from .. import styling
from ..blocks import gdal_cache, row_blocks
from ..errors import InputError
from ..grid import Grid
from ..progress import Reporter

gdal.UseExceptions()
ogr.UseExceptions()

BANDS = cp.BANDS
PIXEL = 10.0
NIR, RED = BANDS.index("B08"), BANDS.index("B04")
FORMATS = ("safe", "geotiff", "maja")

# --- layout of the landscape (metres) -----------------------------------------------------------
ROAD_SPACING = 500.0      # road network mesh: blocks of ~25 ha
ROAD_JITTER = 0.2         # vertex jitter, fraction of the spacing (keeps blocks convex)
ROAD_HALF_WIDTH = 5.0     # 10 m roads: about one pixel of background between blocks
HA = 10000.0
# block land use: (name, probability, (min, max) field area in ha, class weights)
LAND_USES = (
    ("farmland", 0.80, (2.0, 12.0), {"winter_wheat": 24, "maize": 28, "sugar_beet": 12, "potatoes": 12,
                                     "grassland": 20, "forest": 2, "water": 1, "built_up": 1}),
    ("smallholdings", 0.02, (0.4, 0.9), {"potatoes": 20, "grassland": 30, "built_up": 20, "maize": 10,
                                         "winter_wheat": 10, "sugar_beet": 10}),
    ("woodland", 0.08, (4.0, 12.0), {"forest": 85, "grassland": 15}),
    ("village", 0.06, (0.8, 2.0), {"built_up": 75, "grassland": 20, "forest": 5}),
    ("lake", 0.04, (30.0, 30.0), {"water": 90, "grassland": 10}),
)
# farmland fields of more than 1.2 ha lose a small corner (0.15-0.45 ha) with this probability: a yard,
# a pasture, a pond or a copse; these small parcels are what the 0.5 ha area filter removes
CORNER_PROBABILITY = 0.12
CORNER_CLASSES = {"built_up": 45, "grassland": 35, "water": 10, "forest": 10}

# --- per-pixel model ------------------------------------------------------------------------------
PARCEL_BAND_SD, PARCEL_COMMON_SD = 0.35, 0.35   # parcel offset, in units of the class std
PIXEL_BAND_SD, PIXEL_COMMON_SD = 0.30, 0.20     # pixel noise, in units of the class std
# realism="default" (a scene a classifier does not map perfectly; "none": the clean scene of before):
REALISM = ("default", "none")
VIGOUR_SD = 0.18              # per-parcel scale of the vegetation signal (canopy density, fertility)
REAL_PIXEL_BAND_SD = 0.55     # stronger pixel noise (soil patches, weeds, row gaps), in class std units
BORDER_MIX = 0.45             # a pixel with a different neighbour takes this share of the neighbour's spectrum
HAZE_DATE_PROBABILITY = 0.35  # dates with thin haze the SCL does not flag
HAZE_MAX_OPACITY = 0.15
HAZE_SPACING = 96.0
PARCEL_SCALE = 2.6            # parcel offsets and phenology shifts: wider than the class statistics' core
SHIFT_SCALE = 2.0
PATCH_SD, PATCH_SPACING = 1.1, 6.0  # soil / vigour patches inside a parcel, the same on every date
CLOUD_SPACINGS = (64.0, 32.0, 16.0)             # value-noise lattices (pixels): blobs of ~1 km
CLOUD_AMPLITUDES = (1.0, 0.5, 0.25)
CLEAR_DATE_PROBABILITY = 0.4
SHADOW_DARKENING = np.array((0.60, 0.65, 0.70, 0.72, 0.75, 0.75, 0.75, 0.75, 0.75, 0.75))  # blue: more skylight
SCL_NODATA, SCL_SHADOW, SCL_VEGETATION, SCL_BARE, SCL_WATER, SCL_CLOUD_MEDIUM, SCL_CLOUD_HIGH = 0, 3, 4, 5, 6, 8, 9

BYTES_PER_PIXEL = 8 * 64  # float64 working arrays of one row block (noise, spectra, clouds)
_OFF = 1 << 24  # keeps negative lattice / block indices non-negative for SeedSequence


# --- deterministic randomness ---------------------------------------------------------------------
def _rng(seed, *keys):
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed)] + [int(k) for k in keys])))


_M1, _M2, _M3 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


def _mix64(x):
    x = (x ^ (x >> np.uint64(30))) * _M2
    x = (x ^ (x >> np.uint64(27))) * _M3
    return x ^ (x >> np.uint64(31))


def hash_uniform(seed, *keys):
    """Uniform (0, 1) numbers that depend only on (seed, keys); keys broadcast (ints, any sign)."""
    with np.errstate(over="ignore"):
        h = _mix64(np.atleast_1d(np.asarray(seed, dtype=np.int64)).view(np.uint64) + _M1)
        for k in keys:
            k = np.atleast_1d(np.asarray(k, dtype=np.int64)).view(np.uint64)
            h = _mix64((h * _M1) ^ k)
    return ((h >> np.uint64(11)).astype(np.float64) + 0.5) / float(1 << 53)


def hash_normal(seed, *keys):
    """Standard normal numbers that depend only on (seed, keys) (Box-Muller on two hashed uniforms)."""
    u1 = hash_uniform(seed, 1, *keys)
    u2 = hash_uniform(seed, 2, *keys)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


# --- dates --------------------------------------------------------------------------------------------
def _as_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError("Not a date (YYYY-MM-DD): %r", value)


def acquisition_time(day):
    """A Sentinel-2-like overpass time (~10:50 UTC, varying by a few minutes) for ``day``."""
    seconds = 10 * 3600 + 50 * 60 + (day.toordinal() * 97) % 600
    return _dt.datetime(day.year, day.month, day.day) + _dt.timedelta(seconds=seconds)


def platform_of(day):
    """S2A and S2B alternate every 5 days."""
    return "S2A" if (day.toordinal() // 5) % 2 == 0 else "S2B"


def season_dates(start="2018-03-01", end="2018-10-31", n=18, step_days=None):
    """Acquisition datetimes from ``start`` to ``end``: every ``step_days`` days, or ``n`` evenly spaced."""
    a, b = _as_date(start), _as_date(end)
    if b < a:
        raise InputError("The end date %s is before the start date %s.", b, a)
    span = (b - a).days
    if step_days:
        if int(step_days) < 1:
            raise InputError("The date step must be at least 1 day.")
        days = [a + _dt.timedelta(days=k) for k in range(0, span + 1, int(step_days))]
    else:
        n = int(n)
        if n < 1:
            raise InputError("The number of dates must be at least 1.")
        if n > span + 1:
            raise InputError("%d dates do not fit between %s and %s.", n, a, b)
        days = [a + _dt.timedelta(days=int(round(k * span / max(n - 1, 1)))) for k in range(n)]
    return [acquisition_time(d) for d in days]


def parse_dates(dates):
    """``dates``: None (18 dates, March-October 2018), an int n (n dates over that season), a tuple
    (start, end, n or "Nd" step), or a list of dates / datetimes / ISO strings."""
    if dates is None:
        return season_dates()
    if isinstance(dates, int):
        return season_dates(n=dates)
    if isinstance(dates, tuple) and len(dates) == 3 and not isinstance(dates[2], (_dt.date, _dt.datetime)):
        third = dates[2]
        if isinstance(third, str) and third.lower().endswith("d"):
            return season_dates(dates[0], dates[1], step_days=int(third[:-1]))
        return season_dates(dates[0], dates[1], n=int(third))
    out = []
    for d in dates:
        if isinstance(d, _dt.datetime):
            out.append(d)
        elif isinstance(d, str) and "T" in d:
            out.append(_dt.datetime.fromisoformat(d.replace("Z", "")))
        else:
            out.append(acquisition_time(_as_date(d)))
    out.sort()
    if not out:
        raise InputError("No acquisition date given.")
    if len(set(out)) != len(out):
        raise InputError("Acquisition dates must be distinct.")
    return out


# --- polygons (convex, as lists of (x, y)) ---------------------------------------------------------------
def _area(poly):
    s = 0.0
    for k in range(len(poly)):
        x1, y1 = poly[k]
        x2, y2 = poly[(k + 1) % len(poly)]
        s += x1 * y2 - x2 * y1
    return 0.5 * s


def _clip(poly, nx, ny, c):
    """The part of convex ``poly`` where nx*x + ny*y <= c."""
    out = []
    m = len(poly)
    for k in range(m):
        p, q = poly[k], poly[(k + 1) % m]
        dp = nx * p[0] + ny * p[1] - c
        dq = nx * q[0] + ny * q[1] - c
        if dp <= 0:
            out.append(p)
        if (dp < 0 < dq) or (dq < 0 < dp):
            t = dp / (dp - dq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out if len(out) >= 3 else []


def _inset(poly, d):
    """Convex counter-clockwise ``poly`` shrunk by ``d`` metres."""
    out = poly
    for k in range(len(poly)):
        (ax, ay), (bx, by) = poly[k], poly[(k + 1) % len(poly)]
        length = math.hypot(bx - ax, by - ay)
        if length == 0:
            continue
        nx, ny = (by - ay) / length, -(bx - ax) / length  # outward normal of a CCW edge
        out = _clip(out, nx, ny, nx * ax + ny * ay - d)
        if not out:
            return []
    return out


def _split(poly, max_area, angle, rng):
    """Cut ``poly`` by straight lines (across its longer side, roughly parallel to the block's roads)
    until every piece is below ``max_area``."""
    done, todo = [], [poly]
    while todo:
        p = todo.pop()
        if _area(p) <= max_area:
            done.append(p)
            continue
        ux, uy = math.cos(angle), math.sin(angle)
        su = [x * ux + y * uy for x, y in p]
        sv = [-x * uy + y * ux for x, y in p]
        theta = angle if (max(su) - min(su)) >= (max(sv) - min(sv)) else angle + math.pi / 2
        theta += math.radians(rng.uniform(-8.0, 8.0))
        nx, ny = math.cos(theta), math.sin(theta)
        s = [x * nx + y * ny for x, y in p]
        c = min(s) + rng.uniform(0.35, 0.65) * (max(s) - min(s))
        for piece in (_clip(p, nx, ny, c), _clip(p, -nx, -ny, -c)):
            if piece and _area(piece) > 1.0:
                todo.append(piece)
    return done


def _cut_corners(fields, angle, rng):
    """Split a small parcel off some large fields, across their longer side."""
    out = []
    for field, classes in fields:
        area = _area(field)
        if area <= 1.2 * HA or rng.random() >= CORNER_PROBABILITY:
            out.append((field, classes))
            continue
        ux, uy = math.cos(angle), math.sin(angle)
        su = [x * ux + y * uy for x, y in field]
        sv = [-x * uy + y * ux for x, y in field]
        nx, ny = (ux, uy) if (max(su) - min(su)) >= (max(sv) - min(sv)) else (-uy, ux)
        s = [x * nx + y * ny for x, y in field]
        target = rng.uniform(0.15, 0.45) * HA
        c = min(s) + (max(s) - min(s)) * target / area  # exact for rectangles, close for the others
        small, rest = _clip(field, nx, ny, c), _clip(field, -nx, -ny, -c)
        if small and rest:
            out.extend([(rest, classes), (small, CORNER_CLASSES)])
        else:
            out.append((field, classes))
    return out


class _Rings:
    """(ID, ring) pairs in flat coordinate arrays: as lists of tuples (and the attributes as lists of
    arrays) the parcels of a 10980 x 10980 px tile took ~550 MB while made, now ~120 MB."""

    def __init__(self):
        self.ids, self.ends, self.xy = array("q"), array("q"), array("d")

    def append(self, pid, ring):
        self.ids.append(pid)
        for x, y in ring:
            self.xy.extend((x, y))
        self.ends.append(len(self.xy))

    def __len__(self):
        return len(self.ids)

    def __iter__(self):
        start = 0
        for pid, end in zip(self.ids, self.ends):
            xy = self.xy[start:end]
            yield pid, list(zip(xy[0::2], xy[1::2]))
            start = end


class Parcels:
    """The parcels of a scene: attribute arrays indexed by ID (row 0 = land outside parcels)."""

    def __init__(self):
        # flat arrays while parcels are added (compact); numpy arrays once frozen
        self.klass = array("h", [-1])          # index in cp.CLASS_KEYS, -1 = background
        self.shift = array("d", [0.0])         # phenology shift (days, later = positive)
        self.offset = array("d", [0.0] * len(BANDS))  # parcel offset, in class std units
        self.mowing = array("d", [math.nan] * 3)  # grassland cut days (NaN = none)
        self.polygons = _Rings()               # (ID, ring) as generated; emptied once written

    def add(self, klass, shift, offset, mowing, ring):
        self.klass.append(klass)
        self.shift.append(shift)
        self.offset.extend(offset)
        self.mowing.extend(tuple(mowing) + (math.nan,) * (3 - len(mowing)))
        self.polygons.append(len(self.klass) - 1, ring)

    def freeze(self):
        self.klass = np.array(self.klass, dtype=np.int16)
        self.shift = np.array(self.shift, dtype=np.float64)
        self.offset = np.array(self.offset, dtype=np.float64).reshape(-1, len(BANDS))
        self.mowing = np.array(self.mowing, dtype=np.float64).reshape(-1, 3)
        return self

    @property
    def count(self):
        return len(self.klass) - 1

    def column(self, k):
        """A CLASSES field per ID (0: CODE, 1: LC, 2: CROP); background gets 0 (CROP 255)."""
        values = np.array([cp.CLASSES[key][k] for key in cp.CLASS_KEYS] + [255 if k == 2 else 0])
        return values[np.asarray(self.klass)]


def _road_vertex(seed, i, j, x0, y0):
    jx = (2.0 * hash_uniform(seed, 10, i, j)[0] - 1.0) * ROAD_JITTER * ROAD_SPACING
    jy = (2.0 * hash_uniform(seed, 11, i, j)[0] - 1.0) * ROAD_JITTER * ROAD_SPACING
    return (x0 + i * ROAD_SPACING + jx, y0 - j * ROAD_SPACING + jy)


def generate_parcels(grid, seed):
    """Parcels of the scene on ``grid``: road blocks of ~25 ha, each given a land use and cut into
    fields; parcels are clipped to the grid extent."""
    xmin, ymin, xmax, ymax = grid.bounds
    x0, y0 = xmin, ymax
    ni = int(math.ceil((xmax - xmin) / ROAD_SPACING)) + 1
    nj = int(math.ceil((ymax - ymin) / ROAD_SPACING)) + 1
    uses_p = np.array([u[1] for u in LAND_USES])
    parcels = Parcels()
    for j in range(-1, nj):
        for i in range(-1, ni):
            block = [_road_vertex(seed, i, j + 1, x0, y0), _road_vertex(seed, i + 1, j + 1, x0, y0),
                     _road_vertex(seed, i + 1, j, x0, y0), _road_vertex(seed, i, j, x0, y0)]  # CCW
            rng = _rng(seed, 1, i + _OFF, j + _OFF)
            use = LAND_USES[int(rng.choice(len(LAND_USES), p=uses_p))]
            lo, hi = use[2]
            max_area = math.exp(rng.uniform(math.log(lo), math.log(hi))) * HA
            (ax, ay), (bx, by) = block[0], block[1]
            angle = math.atan2(by - ay, bx - ax)
            fields = [(f, use[3]) for f in _split(_inset(block, ROAD_HALF_WIDTH), max_area, angle, rng)]
            if use[0] == "farmland":
                fields = _cut_corners(fields, angle, rng)
            for field, classes in fields:
                keys = list(classes)
                weights = np.array([classes[k] for k in keys], dtype=np.float64)
                key = keys[int(rng.choice(len(keys), p=weights / weights.sum()))]
                klass = cp.CLASS_KEYS.index(key)
                shift_sd = cp.CLASSES[key][6]
                shift = float(np.clip(rng.normal(0.0, 1.0), -2.5, 2.5)) * shift_sd
                offset = rng.normal(0.0, 1.0, len(BANDS)) * PARCEL_BAND_SD + rng.normal() * PARCEL_COMMON_SD
                mowing = ()
                if key == "grassland" and rng.random() < 0.6:  # the others are grazed
                    mowing = (135 + rng.normal(0, 8), 180 + rng.normal(0, 10), 235 + rng.normal(0, 12))
                ring = field
                for nx, ny, c in ((1, 0, xmax), (-1, 0, -xmin), (0, 1, ymax), (0, -1, -ymin)):
                    ring = _clip(ring, nx, ny, c) if ring else []
                if ring and _area(ring) > 50.0:
                    parcels.add(klass, shift, offset, mowing, ring)
    return parcels.freeze()


def _srs_for(epsg):
    srs = osr.SpatialReference()
    try:
        srs.ImportFromEPSG(int(epsg))
    except (RuntimeError, ValueError):
        raise InputError("Unknown EPSG code: %s", epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    if srs.IsGeographic():
        raise InputError("The simulated scene needs a projected CRS (metres), not EPSG:%s.", epsg)
    return srs


def _fill_layer(ds, parcels, srs):
    """Create layer ``parcels`` (ID, CROP, LC, CODE, NAME) in ``ds`` and add the parcel polygons."""
    layer = ds.CreateLayer("parcels", srs, ogr.wkbPolygon, ["FID=fid"] if ds.GetDriver().GetName() == "GPKG" else [])
    for name, kind in (("ID", ogr.OFTInteger), ("CROP", ogr.OFTInteger), ("LC", ogr.OFTInteger),
                       ("CODE", ogr.OFTInteger), ("NAME", ogr.OFTString)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    defn = layer.GetLayerDefn()
    layer.StartTransaction()
    for pid, ring in parcels.polygons:
        code, lc, crop, name = cp.CLASSES[cp.CLASS_KEYS[parcels.klass[pid]]][:4]
        feature = ogr.Feature(defn)
        for field, value in (("ID", pid), ("CROP", crop), ("LC", lc), ("CODE", code), ("NAME", name)):
            feature.SetField(field, value)
        r = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in ring + [ring[0]]:
            r.AddPoint_2D(round(x, 2), round(y, 2))
        poly = ogr.Geometry(ogr.wkbPolygon)
        poly.AddGeometry(r)
        feature.SetGeometry(poly)
        layer.CreateFeature(feature)
    layer.CommitTransaction()
    return layer


def write_parcels(parcels, path, srs):
    """The parcels as a GeoPackage layer ``parcels`` (ID, CROP, LC, CODE, NAME) and a .qml sidecar."""
    if os.path.exists(path):
        os.remove(path)
    # a fixed timestamp in gpkg_contents keeps the file byte-identical between runs
    old = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2018-01-01T00:00:00.000Z")
    try:
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        _fill_layer(ds, parcels, srs)
        ds = None
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", old)
    colours = class_colours()
    cats = [(cp.CLASSES[k][0], cp.CLASSES[k][3], colours[k]) for k in cp.CLASS_KEYS]
    styling.write_sidecar(path, styling.categorised_vector_qml("CODE", cats))
    return path


def rasterize_ids(scene):
    """Parcel IDs on the scene grid (0 = no parcel), in memory: for small scenes and tests."""
    src = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = _fill_layer(src, scene.parcels, scene.srs)
    g = scene.grid
    ds = gdal.GetDriverByName("MEM").Create("", g.width, g.height, 1, gdal.GDT_Int32)
    ds.SetGeoTransform(g.geotransform)
    ds.SetProjection(g.crs_wkt)
    gdal.RasterizeLayer(ds, [1], layer, options=["ATTRIBUTE=ID"])
    return ds.GetRasterBand(1).ReadAsArray()


def class_colours():
    return {"winter_wheat": "#e6c84b", "maize": "#f08c28", "sugar_beet": "#b45aa0", "potatoes": "#a07850",
            "grassland": "#78c850", "built_up": "#c83c3c", "forest": "#1e6432", "water": "#3278d2"}


def write_labels(parcels, grid, gpkg_path, out_dir, memory_mb=256):
    """Label rasters from the parcel polygons (a pixel belongs to a parcel when its centre is inside):
    parcel IDs, crop-type CODE (0 = none), LC (0 = none) and crop mask (1 / 0, 255 = none)."""
    os.makedirs(out_dir, exist_ok=True)
    paths = {"id": os.path.join(out_dir, "parcel_id_10m.tif"), "code": os.path.join(out_dir, "labels_ct_10m.tif"),
             "lc": os.path.join(out_dir, "labels_lc_10m.tif"), "crop": os.path.join(out_dir, "cropmask_10m.tif")}
    opts = ["COMPRESS=DEFLATE", "TILED=YES"]
    ids = grid.create(paths["id"], 1, gdal.GDT_Int32, options=opts, nodata=0)
    src = ogr.Open(gpkg_path)
    gdal.RasterizeLayer(ids, [1], src.GetLayer("parcels"), options=["ATTRIBUTE=ID"])
    src = None
    ids.GetRasterBand(1).SetDescription("parcel ID")
    lookups = {"code": (parcels.column(0), gdal.GDT_UInt16, 0, "CT (WorldCereal crop-type code)"),
               "lc": (parcels.column(1), gdal.GDT_UInt16, 0, "LC (WorldCereal land-cover code)"),
               "crop": (parcels.column(2), gdal.GDT_Byte, 255, "CROP (1 crop, 0 not crop)")}
    outs = {k: grid.create(paths[k], 1, v[1], options=opts, nodata=v[2]) for k, v in lookups.items()}
    for row0, nrows in row_blocks(grid.height, grid.width, 16, memory_mb):
        block = ids.GetRasterBand(1).ReadAsArray(0, row0, grid.width, nrows)
        for k, (table, _, _, _) in lookups.items():
            outs[k].GetRasterBand(1).WriteArray(table[block], 0, row0)
    for k, (_, _, _, desc) in lookups.items():
        outs[k].GetRasterBand(1).SetDescription(desc)
    ids = outs = None
    colours = class_colours()
    entries = [(cp.CLASSES[k][0], cp.CLASSES[k][3], colours[k]) for k in cp.CLASS_KEYS]
    styling.write_sidecar(paths["code"], styling.paletted_raster_qml(entries))
    styling.write_sidecar(paths["crop"], styling.paletted_raster_qml(
        [(0, "Not crop", "#d2d2d2"), (1, "Crop", "#e6b432")]))
    return paths


# --- clouds -------------------------------------------------------------------------------------------------
def _smoothstep(f):
    return f * f * (3.0 - 2.0 * f)


def _value_noise(seed, t, octave, spacing, rows, cols):
    """Smooth unit-variance Gaussian field at pixel (rows x cols) positions: hashed normals on a lattice,
    interpolated with smoothstep weights and divided by the weights' norm (separable)."""
    y, x = (rows + 0.5) / spacing, (cols + 0.5) / spacing
    iy, ix = np.floor(y).astype(np.int64), np.floor(x).astype(np.int64)
    sy, sx = _smoothstep(y - iy), _smoothstep(x - ix)
    ky = np.arange(iy.min(), iy.max() + 2)
    kx = np.arange(ix.min(), ix.max() + 2)
    nodes = hash_normal(seed, 3, t, octave, ky[:, None], kx[None, :])  # (len(ky), len(kx))
    cx = ix - kx[0]
    along_x = nodes[:, cx] * (1.0 - sx) + nodes[:, cx + 1] * sx  # (len(ky), ncols)
    cy = iy - ky[0]
    field = along_x[cy] * (1.0 - sy)[:, None] + along_x[cy + 1] * sy[:, None]
    norm = np.sqrt(((1.0 - sy) ** 2 + sy ** 2)[:, None] * ((1.0 - sx) ** 2 + sx ** 2)[None, :])
    return field / norm


def cloud_field(seed, t, rows, cols):
    """Unit-variance Gaussian cloud field (sum of octaves) at integer pixel rows x cols."""
    total = 0.0
    for k, (spacing, amp) in enumerate(zip(CLOUD_SPACINGS, CLOUD_AMPLITUDES)):
        total = total + amp * _value_noise(seed, t, k, spacing, rows, cols)
    return total / math.sqrt(sum(a * a for a in CLOUD_AMPLITUDES))


def opacity(field, threshold):
    """Cloud opacity: 0.1 to 1 over the cloud (field > threshold), a faint undetected haze (< 0.1) just
    outside it, 0 elsewhere."""
    haze = 0.1 * np.clip((field - (threshold - 0.3)) / 0.3, 0.0, 1.0)
    core = 0.1 + 0.9 * np.clip((field - threshold) / 0.5, 0.0, 1.0)
    return np.where(field > threshold, core, haze)


class DateConditions:
    """What one acquisition looks like: cloud cover, shadow offset, swath edge."""

    def __init__(self, seed, t, when, width, height, cloud_fraction, swath_edge):
        rng = _rng(seed, 4, t)
        self.doy = when.timetuple().tm_yday
        clear = rng.random() < CLEAR_DATE_PROBABILITY
        f = rng.uniform(0.0, 2.0 * cloud_fraction / (1.0 - CLEAR_DATE_PROBABILITY))
        self.cloud_fraction = 0.0 if clear or cloud_fraction <= 0 else float(min(0.95, f))
        self.threshold = NormalDist().inv_cdf(1.0 - self.cloud_fraction) if self.cloud_fraction > 0 else np.inf
        # shadows fall north-north-west of clouds (sun in the south-south-east at 10:50 UTC); longer in
        # winter (low sun): cloud height 500-1500 m times tan(solar zenith)
        zenith = math.radians(51.0 + 23.4 * math.cos(2 * math.pi * (self.doy + 10) / 365.0))  # at 51 N
        length = rng.uniform(500.0, 1500.0) * math.tan(min(zenith, math.radians(75))) / PIXEL
        azimuth = math.radians(rng.uniform(150.0, 170.0))
        self.shadow_rows = int(round(length * math.cos(azimuth)))  # negative: shadow is north (up)
        self.shadow_cols = int(round(-length * math.sin(azimuth)))  # negative: shadow is west
        self.haze = bool(hash_uniform(seed, 6, t) < HAZE_DATE_PROBABILITY)
        self.swath = None
        if swath_edge and rng.random() < 0.15:
            # nodata beyond a slanted edge covering 10-45 % of the width, on the left or the right
            self.swath = (rng.random() < 0.5, rng.uniform(0.10, 0.45) * width, 0.2, height / 2.0)


def _neighbour_ids(ids, halo=None):
    """Per pixel, the id of a 4-neighbour in another parcel (right, left, below, above: the first that
    differs), -1 where all four are the pixel's own parcel or outside the scene."""
    nrows, w = ids.shape
    if halo is None:
        halo = np.stack([ids[0], ids[-1]])
    padded = np.full((nrows + 2, w + 2), -1, dtype=np.int64)
    padded[1:-1, 1:-1] = ids
    padded[0, 1:-1], padded[-1, 1:-1] = halo[0], halo[1]
    out = np.full(ids.shape, -1, dtype=np.int64)
    for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        n = padded[1 + dr:1 + dr + nrows, 1 + dc:1 + dc + w]
        take = (out < 0) & (n >= 0) & (n != ids)
        out[take] = n[take]
    return out


# --- reflectance ---------------------------------------------------------------------------------------------
class Scene:
    """A synthetic scene on a 10 m grid; ``render(t, row0, nrows, ids)`` gives one date's row block."""

    def __init__(self, width=200, height=200, dates=None, seed=0, origin=(500000.0, 5630000.0), epsg=32631,
                 cloud_fraction=0.2, swath_edge=True, realism="default"):
        if realism not in REALISM:
            raise InputError("Realism must be one of %s (got %r).", ", ".join(REALISM), realism)
        self.realism = realism
        if int(width) < 2 or int(height) < 2:
            raise InputError("The scene must be at least 2 x 2 pixels (got %s x %s).", width, height)
        if int(seed) < 0:
            raise InputError("The seed must be a non-negative integer (got %s).", seed)
        if not 0.0 <= float(cloud_fraction) <= 0.9:
            raise InputError("The cloud fraction must be between 0 and 0.9 (got %s).", cloud_fraction)
        self.seed = int(seed)
        self.srs = _srs_for(epsg)
        self.epsg = int(epsg)
        self.grid = Grid(self.srs.ExportToWkt(), (float(origin[0]), PIXEL, 0.0, float(origin[1]), 0.0, -PIXEL),
                         int(width), int(height))
        self.dates = parse_dates(dates)
        self.cloud_fraction = float(cloud_fraction)
        self.conditions = [DateConditions(self.seed, t, d, self.grid.width, self.grid.height,
                                          self.cloud_fraction, swath_edge) for t, d in enumerate(self.dates)]
        self.parcels = generate_parcels(self.grid, self.seed)
        n = len(self.parcels.klass)
        # Per-parcel vigour from its own hashed stream: the clean scene's draws stay as they were.
        self.vigour = np.ones(n) if realism == "none" else np.clip(
            1.0 + VIGOUR_SD * hash_normal(self.seed, 5, np.arange(n)), 0.55, 1.45)
        self.vigour[0] = 1.0
        self._spectra_cache = (None, None)

    def parcel_spectra(self, t):
        """(mean, std) per parcel ID at date ``t``: arrays (count + 1, bands), row 0 = background."""
        if self._spectra_cache[0] == t:
            return self._spectra_cache[1]
        p = self.parcels
        doy = self.conditions[t].doy
        n = len(p.klass)
        mean = np.empty((n, len(BANDS)))
        std = np.empty((n, len(BANDS)))
        bg_mean, bg_std = cp.profile("other_land", doy)
        mean[0], std[0] = bg_mean, bg_std
        for k, key in enumerate(cp.CLASS_KEYS):
            idx = np.nonzero(p.klass == k)[0]
            if idx.size == 0:
                continue
            shift = p.shift[idx] * (1.0 if self.realism == "none" else SHIFT_SCALE)
            m, _ = cp.profile(key, doy - shift)  # the parcel's own calendar
            _, s = cp.profile(key, np.full(idx.size, doy))
            if key == "grassland":  # a cut leaves stubble that regrows within weeks
                since = doy - p.mowing[idx]
                cut = np.where(since >= 0, 0.6 * np.exp(-np.where(since >= 0, since, 0) / 15.0), 0.0)
                f = np.nan_to_num(cut).max(axis=1)[:, None]
                m = (1.0 - f) * m + f * (0.4 * cp.SOIL + 0.6 * cp.DRY)
            if key not in ("water", "built_up"):
                m = cp.SOIL + self.vigour[idx, None] * (m - cp.SOIL)  # more or less canopy than the class mean
            mean[idx] = m + s * p.offset[idx] * (1.0 if self.realism == "none" else PARCEL_SCALE)
            std[idx] = s
        self._spectra_cache = (t, (mean, std))
        return mean, std

    def pixel_noise(self, t, row0, nrows):
        """(bands + 1, nrows, width) standard normals; row r's from (seed, date, r) alone."""
        w = self.grid.width
        out = np.empty((len(BANDS) + 1, nrows, w), dtype=np.float64)
        for r in range(nrows):
            out[:, r, :] = _rng(self.seed, 2, t, row0 + r).standard_normal((len(BANDS) + 1, w))
        return out

    def render(self, t, row0, nrows, ids, halo=None):
        """Date ``t``, rows row0..row0+nrows, with parcel ``ids`` (nrows, width) of those rows. Returns
        (reflectance float32 (bands, nrows, width) with NaN = no data, SCL uint8, truth) where truth holds
        the cloud mask, cloud opacity and shadow opacity. ``halo``: the ids of the rows just above and
        below the block ((2, width), -1 beyond the scene) for the mixed border pixels of a realistic scene
        (without it the block's own edge rows are taken: the result then depends on the blocks)."""
        w = self.grid.width
        ids = np.asarray(ids, dtype=np.int64)
        mean, std = self.parcel_spectra(t)
        noise = self.pixel_noise(t, row0, nrows)
        s = std[ids].transpose(2, 0, 1)
        band_sd = PIXEL_BAND_SD if self.realism == "none" else REAL_PIXEL_BAND_SD
        surf = mean[ids].transpose(2, 0, 1) + s * (band_sd * noise[:-1] + PIXEL_COMMON_SD * noise[-1])
        if self.realism != "none":
            rows_, cols_ = np.arange(row0, row0 + nrows), np.arange(w)
            patch = _value_noise(self.seed, 1 << 20, 7, PATCH_SPACING, rows_, cols_)  # no date: static
            surf += s * (PATCH_SD * patch)[None]
            other = _neighbour_ids(ids, halo)
            mixed = other >= 0
            if mixed.any():
                surf[:, mixed] = (1.0 - BORDER_MIX) * surf[:, mixed] + BORDER_MIX * mean[other[mixed]].T
        surf = np.clip(surf, 0.0001, 1.0)

        ndvi = (surf[NIR] - surf[RED]) / (surf[NIR] + surf[RED])
        klass = np.where(ids > 0, self.parcels.klass[ids], -1)
        water = (klass == cp.CLASS_KEYS.index("water")) | ((ndvi < 0) & (surf[NIR] < 0.05))
        scl = np.where(water, SCL_WATER, np.where(ndvi > 0.4, SCL_VEGETATION, SCL_BARE)).astype(np.uint8)

        cond = self.conditions[t]
        rows = np.arange(row0, row0 + nrows)
        cols = np.arange(w)
        cloud = np.zeros((nrows, w), dtype=bool)
        tau = np.zeros((nrows, w))
        tau_s = np.zeros((nrows, w))
        if cond.cloud_fraction > 0:
            field = cloud_field(self.seed, t, rows, cols)
            cloud = field > cond.threshold
            tau = opacity(field, cond.threshold)
            shadow_field = cloud_field(self.seed, t, rows - cond.shadow_rows, cols - cond.shadow_cols)
            tau_s = opacity(shadow_field, cond.threshold)
            dark = 1.0 - SHADOW_DARKENING[:, None, None] * np.minimum(1.0, 1.5 * tau_s)[None]
            surf = surf * dark
            surf = (1.0 - tau)[None] * surf + tau[None] * cp.CLOUD[:, None, None]
            scl[(tau_s >= 0.3) & ~cloud] = SCL_SHADOW
            scl[cloud] = SCL_CLOUD_MEDIUM
            scl[cloud & (tau >= 0.55)] = SCL_CLOUD_HIGH
        if self.realism != "none" and cond.haze:
            # thin haze the SCL misses: brighter, flatter spectra (NDVI lowered), no flag
            field = _value_noise(self.seed, t, 9, HAZE_SPACING, rows, cols)
            tau_h = HAZE_MAX_OPACITY * np.clip((field + 0.3) / 1.5, 0.0, 1.0)
            surf = (1.0 - tau_h)[None] * surf + tau_h[None] * cp.CLOUD[:, None, None]
        refl = surf.astype(np.float32)
        if cond.swath is not None:
            left, width_px, slope, mid = cond.swath
            edge = width_px + slope * (rows[:, None] - mid)
            nodata = (cols[None, :] < edge) if left else (cols[None, :] >= w - edge)
            refl[:, nodata] = np.nan
            scl[nodata] = SCL_NODATA
        return refl, scl, {"cloud": cloud, "opacity": tau, "shadow": tau_s}


# --- writing --------------------------------------------------------------------------------------------
def _dn_to_refl(dn):
    refl = dn.astype(np.float32) / np.float32(10000.0)
    refl[dn == 0] = np.nan
    return refl


class _DiskRows:
    """Rows of one band of a temporary GeoTIFF, passed through ``convert``: a band source the writers
    read strip by strip (``read(row0, nrows)``), so no whole band is ever in memory."""

    def __init__(self, path, band=1, convert=None):
        self.path, self.band, self.convert = path, band, convert

    def read(self, row0, nrows):
        ds = gdal.Open(self.path)  # closed on return: its blocks leave GDAL's cache
        rows = ds.GetRasterBand(self.band).ReadAsArray(0, row0, ds.RasterXSize, nrows)
        return rows if self.convert is None else self.convert(rows)


def _to_dn(refl):
    dn = np.clip(np.rint(np.nan_to_num(refl.astype(np.float64)) * 10000.0), 1, 65534)
    dn[np.isnan(refl)] = 0
    return dn.astype(np.uint16)


def _render_date(scene, t, ids_band, tmp_dir, memory_mb, reporter):
    """Render date ``t`` block by block into temporary GeoTIFFs: ``date.tif`` (uint16 DN of every band)
    and ``scl.tif``. Returns their band sources and the fraction of pixels with data that are cloud
    or shadow, counted block by block."""
    grid = scene.grid
    paths = os.path.join(tmp_dir, "date.tif"), os.path.join(tmp_dir, "scl.tif")
    # uncompressed strips, one band after the other: the writers read one band's rows at a time
    ds = grid.create(paths[0], len(BANDS), gdal.GDT_UInt16, options=["INTERLEAVE=BAND"], nodata=0)
    scl_ds = grid.create(paths[1], 1, gdal.GDT_Byte, nodata=0)
    valid = cloudy = 0
    blocks = row_blocks(grid.height, grid.width, BYTES_PER_PIXEL, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        reporter.check()
        ids = ids_band.ReadAsArray(0, row0, grid.width, nrows)
        halo = np.full((2, grid.width), -1, dtype=np.int64)
        if row0 > 0:
            halo[0] = ids_band.ReadAsArray(0, row0 - 1, grid.width, 1)[0]
        if row0 + nrows < grid.height:
            halo[1] = ids_band.ReadAsArray(0, row0 + nrows, grid.width, 1)[0]
        refl, scl, _ = scene.render(t, row0, nrows, ids, halo)
        for b in range(len(BANDS)):
            ds.GetRasterBand(b + 1).WriteArray(_to_dn(refl[b]), 0, row0)
        scl_ds.GetRasterBand(1).WriteArray(scl, 0, row0)
        ds.FlushCache()  # keeps GDAL's cache from growing with the scene
        scl_ds.FlushCache()
        valid += int(np.count_nonzero(scl != SCL_NODATA))
        cloudy += int(np.isin(scl, (3, 8, 9)).sum())
        reporter.progress((k + 1) / len(blocks))
    ds = scl_ds = None
    bands = {b: _DiskRows(paths[0], i + 1, _dn_to_refl) for i, b in enumerate(BANDS)}
    return bands, _DiskRows(paths[1]), (cloudy / valid if valid else 0.0)


def _maja_masks(scl_path):
    """MAJA masks derived from the SCL rows: MG2 (bits: 0x01 water, 0x02 cloud, 0x08 shadow), EDG, CLM."""
    return dict(
        mg2=_DiskRows(scl_path, convert=lambda s: (np.isin(s, (8, 9)) * 0x02 | (s == 3) * 0x08
                                                   | (s == 6) * 0x01).astype(np.uint8)),
        edg=_DiskRows(scl_path, convert=lambda s: (s == 0).astype(np.uint8)),
        clm=_DiskRows(scl_path, convert=lambda s: np.isin(s, (3, 8, 9)).astype(np.uint8)))


def simulate_scene(out_dir, width=200, height=200, dates=None, seed=0, formats=("safe", "geotiff"),
                   tile="31UES", origin=(500000.0, 5630000.0), epsg=32631, cloud_fraction=0.2,
                   swath_edge=True, safe_zip=False, memory_mb=256, reporter=None, realism="default",
                   reference=False, s1=False):
    """Write a synthetic scene into ``out_dir``: ``parcels.gpkg``, ``labels/`` rasters, and per date a
    SAFE product (``safe/``), a dated GeoTIFF with its SCL (``geotiff/``) and/or a MAJA folder
    (``maja/``). Returns a dict of the paths, dates and per-class parcel counts.
    ``reference``: also write ``reference_cci.tif``, a coarse CCI-like land-cover map with errors
    (sim.reference_map; True, or a dict of its keywords: cell_m, epsg, confusion), path in result["reference"].

    ``realism`` "default": per-parcel vigour and wider parcel offsets and sowing shifts, static soil /
    vigour patches inside parcels, stronger pixel noise, mixed pixels on parcel borders and thin haze the
    SCL does not flag on about a third of the dates. On the demo scene (300 x 300 px, 24 dates, seed 7;
    forest seed 1) the crop mask scores OA 0.959 (kappa 0.915) and the masked crop type 0.926 (0.894),
    against 0.989 and 1.000 for ``realism="none"``, the clean scene of before (what the workflow's
    mechanics tests use).

    Bounded memory: each date is rendered block by block into uncompressed temporary GeoTIFFs in
    ``out_dir/.tmp`` (10 uint16 bands: 2.4 GB for a 10980 x 10980 px date), read strip by strip;
    GDAL's block cache is capped at a quarter of ``memory_mb`` meanwhile (process-wide, restored on
    return). Only the parcel tables (~0.3 kB a parcel) grow with the scene.

    Measured with ``scripts/simulate.py --format safe`` (GDAL 3.6.2, 2 cores shared with other jobs,
    so wall times are loose; memory_mb 256): 2048 x 2048 px, 2 dates: peak RSS 380 MB, 30 s wall,
    15 s CPU (whole-band writers before: 544 MB, 46 s, 18 s CPU); 10980 x 10980 px, 1 date, 524 036
    parcels: 575 MB, 10.6 min wall, 280 s CPU (before: 5.6 GB, 12.2 min, 355 s CPU); 4096 x 4096 px,
    1 date: 448 MB (214 MB with memory_mb 64).

    ``s1``: also write ``s1_backscatter.tif``, a Sentinel-1 like VV / VH stack in dB, weekly (science.sim.s1);
    its path is the result's "s1".
    """
    reporter = reporter or Reporter()
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError("Unknown output format %s: choose among %s.", ", ".join(bad) or "(none)",
                         ", ".join(FORMATS))
    writers = _writers()
    scene = Scene(width, height, dates, seed, origin, epsg, cloud_fraction, swath_edge, realism)
    os.makedirs(out_dir, exist_ok=True)
    reporter.info("Scene %d x %d px, %d dates, %d parcels, seed %d",
                  scene.grid.width, scene.grid.height, len(scene.dates), scene.parcels.count, scene.seed)
    cache_mb = max(16, int(memory_mb) // 4)
    work_mb = max(1, int(memory_mb) - cache_mb)
    tmp_dir = os.path.join(out_dir, ".tmp")
    with gdal_cache(min(gdal.GetCacheMax() / 2 ** 20, cache_mb)):  # process-wide, never raised
        try:
            gpkg = write_parcels(scene.parcels, os.path.join(out_dir, "parcels.gpkg"), scene.srs)
            scene.parcels.polygons = []
            labels = write_labels(scene.parcels, scene.grid, gpkg, os.path.join(out_dir, "labels"), work_mb)
            result = {"parcels": gpkg, "labels": labels, "grid": scene.grid, "safe": [], "geotiff": [], "maja": [],
                      "dates": [d.isoformat() for d in scene.dates], "cloud_fraction": [],
                      "classes": {k: int((scene.parcels.klass == i).sum()) for i, k in enumerate(cp.CLASS_KEYS)}}
            if reference:
                from .reference_map import write_reference_map

                result["reference"] = write_reference_map(
                    labels["lc"], os.path.join(out_dir, "reference_cci.tif"), seed=seed,
                    **(reference if isinstance(reference, dict) else {}))
            for fmt in formats:
                _remove_old_products(os.path.join(out_dir, fmt))
            os.makedirs(tmp_dir, exist_ok=True)
            ids_ds = gdal.Open(labels["id"])
            for t, when in enumerate(scene.dates):
                sub = reporter.sub(t / len(scene.dates), (t + 1) / len(scene.dates))
                bands, scl, cloudy = _render_date(scene, t, ids_ds.GetRasterBand(1), tmp_dir, work_mb, sub)
                ids_ds.FlushCache()
                day = when.date()
                if "safe" in formats:
                    result["safe"].append(writers.write_safe(
                        os.path.join(out_dir, "safe"), when, tile, platform_of(day), scene.grid, bands, scl,
                        as_zip=safe_zip, memory_mb=work_mb))
                if "geotiff" in formats:
                    result["geotiff"].append(writers.write_dated_geotiff(
                        os.path.join(out_dir, "geotiff"), when, scene.grid, bands, scl, memory_mb=work_mb,
                        tile=tile))
                if "maja" in formats:
                    result["maja"].append(writers.write_maja(
                        os.path.join(out_dir, "maja"), when, tile, platform_of(day), scene.grid, bands,
                        memory_mb=work_mb, **_maja_masks(scl.path)))
                result["cloud_fraction"].append(cloudy)
                reporter.info("%s: %.0f %% cloud or shadow", day, 100 * cloudy)
            if s1:
                from .s1 import write_s1_stack
                result["s1"] = os.path.join(out_dir, "s1_backscatter.tif")
                result["s1_dates"] = [d.isoformat() for d in write_s1_stack(
                    scene, ids_ds.GetRasterBand(1), result["s1"], memory_mb=work_mb)]
                reporter.info("Sentinel-1 like backscatter: %s (%d dates)", result["s1"], len(result["s1_dates"]))
        finally:
            ids_ds = None
            shutil.rmtree(tmp_dir, ignore_errors=True)
    reporter.progress(1.0)
    return result


_PRODUCT_PATTERNS = ("S2?_MSIL2A_*.SAFE", "S2?_MSIL2A_*.SAFE.zip", "S2L2A_*.tif", "SENTINEL2?_*_L2A_T*")


def _remove_old_products(folder):
    """Remove products of an earlier run (only names the writers make), so readers find this run's."""
    if not os.path.isdir(folder):
        return
    for name in os.listdir(folder):
        if any(fnmatch.fnmatch(name, p) for p in _PRODUCT_PATTERNS):
            path = os.path.join(folder, name)
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)


def _writers():
    try:
        from . import s2_writers
    except ImportError as exc:  # pragma: no cover - the writers ship with the plugin
        raise InputError("The Sentinel-2 product writers are missing: %s", exc)
    return s2_writers
