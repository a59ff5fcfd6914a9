"""Per-date multiband GeoTIFFs whose names carry the date (``S2L2A_20170804T105328.tif``), with
optional per-date SCL rasters (same date in the name and "SCL" or "MASK" in it)."""
import os
import re

import numpy as np
from osgeo import gdal

from ... import masks
from ...blocks import row_blocks
from ...grid import Grid
from .base import (S2_BANDS, Acquisition, Unreadable, band_name, cached_raster, open_raster, parse_datetime,
                   parse_tile, nodata_status, read_or_fail, rows_of, sample)

DEFAULT_ORDER = S2_BANDS  # B02 B03 B04 B05 B06 B07 B08 B8A B11 B12
MASK_NAME_RE = re.compile(r"SCL|MASK", re.IGNORECASE)
INTEGER_TYPES = (gdal.GDT_Byte, gdal.GDT_UInt16, gdal.GDT_Int16, gdal.GDT_UInt32, gdal.GDT_Int32)


def is_mask_name(path):
    return bool(MASK_NAME_RE.search(os.path.basename(path)))


def band_layout(ds, path):
    """{band name: 1-based index} from band descriptions, the BANDS metadata, or the default order."""
    names = [band_name(ds.GetRasterBand(i + 1).GetDescription()) for i in range(ds.RasterCount)]
    if all(names) and len(set(names)) == len(names):
        return {n: i + 1 for i, n in enumerate(names)}
    meta = [band_name(n) for n in (ds.GetMetadataItem("BANDS") or "").split(",") if n.strip()]
    if len(meta) == ds.RasterCount and all(meta) and len(set(meta)) == len(meta):
        return {n: i + 1 for i, n in enumerate(meta)}
    if ds.RasterCount == len(DEFAULT_ORDER):
        return {n: i + 1 for i, n in enumerate(DEFAULT_ORDER)}
    raise Unreadable("cannot tell its bands: %d bands without S2 band names as descriptions "
                     "(expected B02 ... B12, or the 10 bands %s in that order)"
                     % (ds.RasterCount, " ".join(DEFAULT_ORDER)))


def scaling(ds, band_index):
    """(scale, offset, nodata) turning stored values into reflectance."""
    band = ds.GetRasterBand(band_index)
    scale, offset = band.GetScale(), band.GetOffset()
    integer = band.DataType in INTEGER_TYPES
    if scale in (None, 1.0) and not offset:
        meta = ds.GetMetadataItem("SCALE")
        scale = float(meta) if meta else (1e-4 if integer else 1.0)
    nodata = band.GetNoDataValue()
    if nodata is None and integer:
        nodata = 0
    return scale, offset or 0.0, nodata


def to_reflectance(values, scale, offset, nodata):
    """Stored values -> float32 reflectance. The common x 10000 case divides in float64, exactly as the
    SAFE reader does, so both give identical numbers."""
    v = values.astype(np.float64)
    if abs(scale - 1e-4) < 1e-12 and not offset:
        refl = v / 10000.0
    else:
        refl = v * scale + offset
    if nodata is not None and not np.isnan(nodata):
        refl[values == nodata] = np.nan
    return refl.astype(np.float32)

def read_layout(acq, bands, grid, row0=0, nrows=None):
    """Reflectance of ``bands`` from the multiband raster ``acq.path`` whose band numbers are
    ``acq.layout`` {band name: index}: the read of the dated GeoTIFF and stack readers."""
    bands = list(bands)
    acq._require(bands)
    nrows = rows_of(grid, row0, nrows)
    ds = cached_raster(acq.path)
    out = np.empty((len(bands), nrows, grid.width), dtype=np.float32)
    for i, band in enumerate(bands):
        idx = acq.layout[band]
        scale, offset, nodata = scaling(ds, idx)
        fill = nodata if nodata is not None else np.nan
        values = read_or_fail(acq, sample, acq.path, idx, grid, row0, nrows, fill)
        out[i] = to_reflectance(values, scale, offset, nodata)
    return out


def scl_cloud_percent(path, band_index=1):
    """Percent of SCL pixels that are clouds (8, 9, 10) among pixels with data, read in row blocks."""
    ds = cached_raster(path)
    band = ds.GetRasterBand(band_index)
    cloudy = total = 0
    for r0, n in row_blocks(ds.RasterYSize, ds.RasterXSize, 1, 16):
        scl = band.ReadAsArray(0, r0, ds.RasterXSize, n)
        cloudy += int(np.isin(scl, (8, 9, 10)).sum())
        total += int((scl != 0).sum())
    return 100.0 * cloudy / total if total else None


class MultibandAcquisition(Acquisition):
    """One date in a multiband raster (``path``, bands at ``layout`` {name: index}) with an optional
    SCL raster (``scl_path``, band ``scl_band``): the shared part of the GeoTIFF and stack readers."""

    def __init__(self, source, when, tile, platform, path, layout, scl_path=None, scl_band=1):
        super().__init__(source, when, tile, platform, None)
        self.path = os.path.abspath(path)
        self.layout = layout
        self.scl_path = os.path.abspath(scl_path) if scl_path else None
        self.scl_band = scl_band or 1
        self._cloud_done = False
        if not self.scl_path:
            self.notes.append("no SCL raster: only no-data pixels are masked (no cloud mask)")

    @property
    def cloud_percent(self):
        if not self._cloud_done:
            self._cloud_done = True
            if self.scl_path:
                self._cloud_percent = scl_cloud_percent(self.scl_path, self.scl_band)
        return self._cloud_percent

    def bands(self):
        return [b for b in S2_BANDS if b in self.layout]

    def native_grid(self):
        return Grid.from_dataset(cached_raster(self.path))

    def check(self, bands=None):
        cached_raster(self.path)
        if self.scl_path:
            cached_raster(self.scl_path)

    def _cache_prefix(self):
        return self.path

    def close(self):
        super().close()
        if self.scl_path:
            from .base import CACHE
            CACHE.release(self.scl_path)

    def read(self, bands, grid, row0=0, nrows=None):
        return read_layout(self, bands, grid, row0, nrows)

    def source_bands(self, bands):
        mask = [(self.scl_path, self.scl_band)] if self.scl_path else []
        return [(self.path, self.layout[b]) for b in bands if b in self.layout] + mask

    def read_scl(self, grid, row0=0, nrows=None):
        """Raw SCL codes on ``grid`` (0 outside), or None without an SCL raster."""
        if not self.scl_path:
            return None
        return read_or_fail(self, sample, self.scl_path, self.scl_band, grid, row0, rows_of(grid, row0, nrows), 0)

    def read_status(self, grid, row0=0, nrows=None):
        nrows = rows_of(grid, row0, nrows)
        if self.scl_path:
            return masks.scl_status(self.read_scl(grid, row0, nrows))
        return nodata_status(self, grid, row0, nrows)


class GeoTiffAcquisition(MultibandAcquisition):
    kind = "geotiff"

    def __init__(self, path, when, mask_path=None):
        name = os.path.basename(path)
        m = re.match(r"(S2[A-D])", name)
        ds = open_raster(path)
        # the tile from the name, else from a TILE metadata item (the simulator's dated GeoTIFFs)
        tile = parse_tile(name) or parse_tile("T%s" % (ds.GetMetadataItem("TILE") or ""))
        super().__init__(path, when, tile, m.group(1) if m else "S2", path, band_layout(ds, path), mask_path)

    @property
    def mask_path(self):
        return self.scl_path


def dated_key(path):
    """The acquisition datetime in a file name, or None."""
    return parse_datetime(os.path.basename(path))
