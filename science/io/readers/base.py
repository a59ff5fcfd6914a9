"""The Acquisition interface shared by all readers, and GDAL helpers: a small cache of open datasets,
VSI (folder or /vsizip/) file access, and nearest-neighbour row-window sampling onto a target grid."""
import collections
import contextlib
import datetime as _dt
import os
import re
import struct
import threading
import zipfile
import zlib

import numpy as np
from osgeo import gdal

from ... import masks
from ...errors import InputError
from ...grid import Grid, same_crs

S2_BANDS = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")


class Unreadable(Exception):
    """A product or file that cannot be used; discover() logs it as a skip reason."""


# --- paths inside folders or zips ----------------------------------------------------------------------
def vsi_path(path):
    """GDAL path of a folder or zip (``/vsizip/`` for a zip)."""
    path = os.path.abspath(path).replace("\\", "/")
    return "/vsizip/" + path if path.lower().endswith(".zip") else path


def vsi_join(*parts):
    return "/".join(p.rstrip("/") for p in parts if p)


def list_dir(path):
    """Entries of a folder (plain or inside a zip), sorted; [] when it is not a folder."""
    entries = gdal.ReadDir(path)
    return sorted(e for e in (entries or []) if e not in (".", ".."))


def listed_product(path):
    """(GDAL path, entries) of a product folder or zip; Unreadable when it is empty or cannot be read."""
    root = vsi_path(path)
    entries = list_dir(root)
    if not entries:
        kind = "zip file (truncated or corrupt?)" if path.lower().endswith(".zip") else "folder"
        raise Unreadable("unreadable or empty %s" % kind)
    return root, entries


def is_dir(path):
    stat = gdal.VSIStatL(path)
    return bool(stat) and stat.IsDirectory()


def read_text(path):
    f = gdal.VSIFOpenL(path, "rb")
    if f is None:
        return None
    try:
        gdal.VSIFSeekL(f, 0, 2)
        size = gdal.VSIFTellL(f)
        gdal.VSIFSeekL(f, 0, 0)
        data = gdal.VSIFReadL(1, size, f)
    finally:
        gdal.VSIFCloseL(f)
    return data.decode("utf-8", "replace") if data else ""


def check_jp2(path):
    """Raise Unreadable when a JP2 file's box lengths do not add up to its size (a truncated file)."""
    f = gdal.VSIFOpenL(path, "rb")
    if f is None:
        raise Unreadable("cannot open %s" % path)
    try:
        gdal.VSIFSeekL(f, 0, 2)
        size = gdal.VSIFTellL(f)
        pos = 0
        while pos < size:
            gdal.VSIFSeekL(f, pos, 0)
            head = gdal.VSIFReadL(1, 16, f)
            if len(head) < 8:
                raise Unreadable("truncated JPEG 2000 file %s" % path)
            length, _ = struct.unpack(">I4s", head[:8])
            if length == 1:
                if len(head) < 16:
                    raise Unreadable("truncated JPEG 2000 file %s" % path)
                length = struct.unpack(">Q", head[8:16])[0]
            elif length == 0:
                length = size - pos
            if length < 8:
                raise Unreadable("corrupt JPEG 2000 file %s" % path)
            pos += length
        if pos != size:
            raise Unreadable("truncated JPEG 2000 file %s (%d of %d bytes)" % (path, size, pos))
    finally:
        gdal.VSIFCloseL(f)


def check_zip_member(path):
    """Raise Unreadable when the file ``path`` lies in a zip (/vsizip/) and its bytes do not match their CRC:
    GDAL reads a damaged member without a word (a JPEG 2000 then decodes to wrong values). Inflating is fast
    beside the JPEG 2000 decoding of the same file."""
    if not path.startswith("/vsizip/"):
        return
    zpath, _, member = path[len("/vsizip/"):].partition(".zip/")
    zpath += ".zip"
    try:
        with zipfile.ZipFile(zpath) as z, z.open(member) as f:
            while f.read(1 << 22):
                pass
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError) as exc:
        reason = "its bytes do not match their CRC" if "CRC" in str(exc) else str(exc)
        raise Unreadable("corrupt zip member %s: %s" % (member, reason)) from exc


# --- parsing -------------------------------------------------------------------------------------------
_DT_PATTERNS = (
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[T-](\d{2})(\d{2})(\d{2})(?!\d)"), True),
    (re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):?(\d{2}):?(\d{2}))?"), True),
    (re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)"), False),
)


def parse_datetime(text):
    """The first date (with time when present) in ``text``, or None."""
    for pattern, _ in _DT_PATTERNS:
        for m in pattern.finditer(text or ""):
            parts = [int(p) if p else 0 for p in m.groups()] + [0] * 3
            try:
                value = _dt.datetime(*parts[:6])
            except ValueError:
                continue
            if 1970 <= value.year <= 2100:
                return value
    return None


def band_name(text):
    """Normalise "B2", "B02", "b8a", "B8A" to the S2 band name; None otherwise."""
    m = re.fullmatch(r"[Bb]0?(\d{1,2}|8[Aa])", (text or "").strip())
    if not m:
        return None
    num = m.group(1).upper()
    return "B8A" if num == "8A" else "B%02d" % int(num)


TILE_RE = re.compile(r"(?:^|[_/])T(\d{2}[A-Z]{3})(?=[_./]|$)")


def parse_tile(text):
    m = TILE_RE.search(text or "")
    return m.group(1) if m else None


# --- dataset cache -----------------------------------------------------------------------------------
class DatasetCache:
    """Keeps at most ``capacity`` GDAL datasets open (least recently used closed first)."""

    def __init__(self, capacity=192):
        self.capacity = capacity
        self._items = collections.OrderedDict()

    def get(self, key, opener):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        ds = opener()
        self._items[key] = ds
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return ds

    def release(self, prefix=None):
        """Close cached datasets whose key starts with ``prefix`` (all when None)."""
        for key in [k for k in self._items if prefix is None or str(k[0]).startswith(prefix)]:
            del self._items[key]


CACHE = DatasetCache()


def release_datasets():
    """Close every dataset the readers keep open (and forget what the decoded store read of the files)."""
    CACHE.release()
    _INFO.clear()


_INFO = {}  # path -> (Grid, {band: (numpy dtype, block rows)})


def file_info(path):
    """(grid, {band: (numpy dtype, block rows)}) of raster ``path``, read once (until release_datasets):
    planning a run asks it of every file, and opening a season's JPEG 2000 files takes seconds."""
    info = _INFO.get(path)
    if info is None:
        ds = open_raster(path)
        bands = {b: (band_dtype(ds.GetRasterBand(b)), ds.GetRasterBand(b).GetBlockSize()[1] or 1)
                 for b in range(1, ds.RasterCount + 1)}
        info = _INFO[path] = (Grid.from_dataset(ds), bands)
    return info


def open_raster(path):
    """Open a raster (read-only) or raise Unreadable with GDAL's reason."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Open(path)
    except RuntimeError as exc:
        raise Unreadable("cannot open %s: %s" % (path, exc))
    finally:
        gdal.PopErrorHandler()
    if ds is None:
        raise Unreadable("cannot open %s: %s" % (path, gdal.GetLastErrorMsg() or "not a raster"))
    return ds


def cached_raster(path):
    return CACHE.get((path, None), lambda: open_raster(path))


def warped_vrt(path, grid, fill):
    """A new warped VRT of ``path`` on ``grid`` (nearest neighbour), pixels outside set to ``fill``."""
    src = open_raster(path)
    xmin, ymin, xmax, ymax = grid.bounds
    opts = gdal.WarpOptions(format="VRT", dstSRS=grid.crs_wkt, outputBounds=(xmin, ymin, xmax, ymax),
                            width=grid.width, height=grid.height, resampleAlg="near",
                            srcNodata="None", dstNodata="None", warpOptions=["INIT_DEST=%s" % fill])
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = gdal.Warp("", src, options=opts)
    finally:
        gdal.PopErrorHandler()
    if ds is None:
        raise Unreadable("cannot warp %s: %s" % (path, gdal.GetLastErrorMsg()))
    return ds


def _warped(path, grid, fill):
    """warped_vrt, cached."""
    key = (path, (grid.crs_wkt, grid.geotransform, grid.width, grid.height, fill))
    return CACHE.get(key, lambda: warped_vrt(path, grid, fill))


def _read(band, xoff, yoff, xsize, ysize, path):
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        arr = band.ReadAsArray(xoff, yoff, xsize, ysize)
    except RuntimeError as exc:
        raise Unreadable("cannot read %s (corrupt or truncated file): %s" % (path, exc))
    finally:
        gdal.PopErrorHandler()
    if arr is None:
        raise Unreadable("cannot read %s (corrupt or truncated file): %s" % (path, gdal.GetLastErrorMsg()))
    return arr


NP_TYPES = {"Byte": np.uint8, "UInt16": np.uint16, "Int16": np.int16, "UInt32": np.uint32, "Int32": np.int32,
            "Float32": np.float32, "Float64": np.float64}


def band_dtype(band):
    return np.dtype(NP_TYPES.get(gdal.GetDataTypeName(band.DataType), np.float64))


class SourceMap:
    """How the pixels of ``grid`` map onto a same-CRS, north-up raster (nearest neighbour, by pixel
    centre): native column of every grid column (``cols``, valid where ``vc``) and native rows of grid
    rows (``rows(row0, nrows)``). ``c0, c1``: the native columns used."""

    def __init__(self, src, grid):
        self.src = src
        self.grid = grid
        x0, dx, _, _, _, _ = grid.geotransform
        sgt = src.geotransform
        self.cols = np.floor((x0 + (np.arange(grid.width) + 0.5) * dx - sgt[0]) / sgt[1]).astype(np.int64)
        self.vc = (self.cols >= 0) & (self.cols < src.width)
        self.c0 = int(self.cols[self.vc].min()) if self.vc.any() else 0
        self.c1 = int(self.cols[self.vc].max()) + 1 if self.vc.any() else 0

    def rows(self, row0, nrows):
        _, _, _, y0, _, dy = self.grid.geotransform
        sgt = self.src.geotransform
        rows = np.floor((y0 + (np.arange(row0, row0 + nrows) + 0.5) * dy - sgt[3]) / sgt[5]).astype(np.int64)
        return rows, (rows >= 0) & (rows < self.src.height)

    def native_rows(self, row0, nrows):
        """(r0, r1): the native rows that grid rows row0..row0+nrows use ((0, 0) when none)."""
        rows, vr = self.rows(row0, nrows)
        if not vr.any() or not self.vc.any():
            return 0, 0
        return int(rows[vr].min()), int(rows[vr].max()) + 1

    def place(self, arr, r0, row0, nrows, fill, dtype):
        """Grid rows row0..row0+nrows from ``arr``: native rows r0.. and columns c0..c1 (slices where the
        mapping is one to one, gathers where 20 m pixels are replicated)."""
        rows, vr = self.rows(row0, nrows)
        if not vr.any() or not self.vc.any():
            return np.full((nrows, self.grid.width), fill, dtype=dtype)
        ri = rows[vr] - r0
        row_run = _is_run(ri)
        sub = arr[ri[0]:ri[0] + len(ri)] if row_run else arr[ri]
        ci = self._col_index()
        sub = sub[:, ci[0]:ci[0] + len(ci)] if self._col_run else np.take(sub, ci, axis=1)
        if vr.all() and self.vc.all():
            # a copy (the caller may change it, the store must not); a gather has made one already
            return np.array(sub, dtype=dtype, copy=row_run and self._col_run)
        out = np.full((nrows, self.grid.width), fill, dtype=dtype)
        out[np.ix_(vr, self.vc)] = sub
        return out

    def _col_index(self):
        if not hasattr(self, "_ci"):
            self._ci = self.cols[self.vc] - self.c0
            self._col_run = _is_run(self._ci)
        return self._ci


def _is_run(index):
    """True when ``index`` is consecutive integers (a slice does the gather)."""
    return len(index) > 0 and index[-1] - index[0] == len(index) - 1 and bool(np.all(np.diff(index) == 1))


def source_map(path, grid, src=None):
    """A SourceMap of raster ``path`` (whose grid is ``src`` when known) onto ``grid``, or None when it must
    be warped (other CRS, rotated)."""
    src = src or Grid.from_dataset(cached_raster(path))
    sgt = src.geotransform
    if not same_crs(src.crs_wkt, grid.crs_wkt) or sgt[2] != 0 or sgt[4] != 0:
        return None
    return SourceMap(src, grid)


# sample() serves from a decoded store when one is active in this thread (science.series.store)
_SERVER = threading.local()


@contextlib.contextmanager
def serving(server):
    """While active in this thread, sample(...) returns ``server(path, band_index, grid, row0, nrows, fill)``."""
    before = getattr(_SERVER, "server", None)
    _SERVER.server = server
    try:
        yield
    finally:
        _SERVER.server = before


def sample(path, band_index, grid, row0, nrows, fill):
    """Rows row0..row0+nrows of ``grid`` sampled (nearest neighbour, by pixel centre) from band
    ``band_index`` of raster ``path``; pixels outside the raster get ``fill``. Same-CRS rasters are
    indexed directly (exact 2x2 replication of 20 m pixels); others go through a warped VRT."""
    if nrows is None:
        nrows = grid.height - row0
    server = getattr(_SERVER, "server", None)
    if server is not None:
        return server(path, band_index, grid, row0, nrows, fill)
    smap = source_map(path, grid)
    if smap is None:
        vrt = _warped(path, grid, fill)
        return _read(vrt.GetRasterBand(band_index), 0, row0, grid.width, nrows, path)
    band = cached_raster(path).GetRasterBand(band_index)
    r0, r1 = smap.native_rows(row0, nrows)
    if r1 <= r0:
        return np.full((nrows, grid.width), fill, dtype=band_dtype(band))
    arr = _read(band, smap.c0, r0, smap.c1 - smap.c0, r1 - r0, path)
    return smap.place(arr, r0, row0, nrows, fill, band_dtype(band))


# --- the interface -----------------------------------------------------------------------------------
class Acquisition:
    """One date of one product. Subclasses implement ``bands``, ``native_grid``, ``read``, ``read_status``."""

    kind = ""

    def __init__(self, source, datetime_value, tile=None, platform="S2", cloud_percent=None):
        self.source = source
        self._datetime = datetime_value
        self.date = datetime_value.date()
        self.datetime = datetime_value.isoformat()
        self.tile = tile
        self.platform = platform or "S2"
        self._cloud_percent = cloud_percent
        self.notes = []  # things discover() logs about this product (assumptions, missing masks)

    @property
    def cloud_percent(self):
        return self._cloud_percent

    @property
    def name(self):
        return os.path.basename(self.source.rstrip("/\\"))

    def __repr__(self):
        return "<%s %s %s %s>" % (type(self).__name__, self.datetime, self.tile, self.name)

    def sort_key(self):
        return (self.datetime, self.tile or "", self.source)

    def bands(self):
        raise NotImplementedError

    def native_grid(self):
        """The product's own finest grid (its CRS and extent)."""
        raise NotImplementedError

    def check(self, bands=None):
        """Raise Unreadable when the product cannot be used (missing or truncated files)."""

    def missing_bands(self, bands):
        have = set(self.bands())
        return [b for b in bands if b not in have]

    def _require(self, bands):
        missing = self.missing_bands(bands)
        if missing:
            raise InputError("Band %s is missing from %s (it has %s).",
                             ", ".join(missing), self.source, ", ".join(self.bands()) or "no band")

    def read(self, bands, grid, row0=0, nrows=None):
        """float32 (len(bands), nrows, grid.width) reflectance 0..1, NaN = no data."""
        raise NotImplementedError

    def read_status(self, grid, row0=0, nrows=None):
        """uint8 (nrows, grid.width) masks.* status codes."""
        raise NotImplementedError

    def read_scl(self, grid, row0=0, nrows=None):
        """Raw Sen2Cor SCL codes when the product has them, else None."""
        return None

    def source_bands(self, bands):
        """[(path, band index)] read for ``bands`` and the cloud mask (for cache sizing)."""
        return []

    def decode_row_bytes(self, bands):
        """Bytes of one row of source blocks (e.g. 1024-row JPEG 2000 tiles) over the bands read and
        the mask: what the GDAL block cache must hold for row strips not to decode a tile twice."""
        total = 0
        for path, index in self.source_bands(bands):
            band = cached_raster(path).GetRasterBand(index)
            block_rows = band.GetBlockSize()[1]
            total += block_rows * band.XSize * gdal.GetDataTypeSize(band.DataType) // 8
        return total

    def close(self):
        """Release the GDAL datasets this acquisition opened."""
        CACHE.release(self._cache_prefix())

    def _cache_prefix(self):
        return vsi_path(self.source)


class BandFileAcquisition(Acquisition):
    """A product with one raster file per band (``files`` {band: path}) under ``root``: SAFE and MAJA."""

    def __init__(self, source, when, tile, platform, cloud, files, root):
        super().__init__(source, when, tile, platform, cloud)
        self.files = files
        self.root = root

    def _cache_prefix(self):
        return self.root

    def bands(self):
        return [b for b in S2_BANDS if b in self.files]

    def native_grid(self):
        band = next((b for b in ("B02", "B04", "B03", "B08") if b in self.files), None)
        path = self.files.get(band) or next(iter(self.files.values()), None)
        if path is None:
            raise Unreadable("no band image file in %s" % self.source)
        return Grid.from_dataset(cached_raster(path))


def nodata_status(acq, grid, row0, nrows):
    """Status of a product without a cloud mask: NODATA where any band is NaN, else VALID."""
    status = np.full((rows_of(grid, row0, nrows), grid.width), masks.VALID, dtype=np.uint8)
    for band in acq.bands():  # band by band keeps the memory of one band
        status[np.isnan(acq.read([band], grid, row0, nrows)[0])] = masks.NODATA
    return status


def rows_of(grid, row0, nrows):
    return grid.height - row0 if nrows is None else nrows


def read_or_fail(acq, func, *args):
    """Run a read; turn a corrupt file into an InputError naming the product."""
    try:
        return func(*args)
    except Unreadable as exc:
        raise InputError("Cannot read %s: %s", acq.source, exc) from exc
