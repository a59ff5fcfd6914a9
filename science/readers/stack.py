"""One multi-date stack with band descriptions ``YYYY-MM-DD_Bxx`` (date-major or not), and an optional
SCL stack with one band per date (descriptions ``YYYY-MM-DD``, else the same date order)."""
import os
import re


from .. import masks
from ..grid import Grid
from .base import (Acquisition, S2_BANDS, Unreadable, band_name, cached_raster, open_raster,
                   parse_datetime, parse_tile, nodata_status, read_or_fail, rows_of, sample)
from .geotiff import read_layout

DESC_RE = re.compile(r"^(\d{4}-?\d{2}-?\d{2}(?:T\d{2}:?\d{2}:?\d{2})?)[_ ]+(B\w+)$", re.IGNORECASE)


def stack_layout(ds):
    """[(datetime, {band: index})] in stack order, or None when this is not a stack. A band seen twice
    for the same date starts a new acquisition (two images on one day)."""
    groups = []
    for i in range(ds.RasterCount):
        m = DESC_RE.match(ds.GetRasterBand(i + 1).GetDescription().strip())
        if not m:
            return None
        when, band = parse_datetime(m.group(1)), band_name(m.group(2))
        if when is None or band is None:
            return None
        same = [g for g in groups if g[0] == when and band not in g[1]]
        if same:
            same[-1][1][band] = i + 1
        else:
            groups.append((when, {band: i + 1}))
    return groups or None


def scl_layout(ds):
    """[datetime or None] per band of an SCL stack (None when bands carry no date)."""
    return [parse_datetime(ds.GetRasterBand(i + 1).GetDescription()) for i in range(ds.RasterCount)]


def open_stack(path, scl_path=None):
    ds = open_raster(path)
    groups = stack_layout(ds)
    if groups is None:
        raise Unreadable("not a stack (band descriptions are not YYYY-MM-DD_Bxx)")
    scl_index = {}
    if scl_path:
        dates = scl_layout(open_raster(scl_path))
        if all(dates):
            seen = {}
            for i, when in enumerate(dates):
                key = when.date()
                seen.setdefault(key, []).append(i + 1)
            used = {}
            for g, (when, _) in enumerate(groups):
                key = when.date()
                k = used.get(key, 0)
                if k < len(seen.get(key, [])):
                    scl_index[g] = seen[key][k]
                    used[key] = k + 1
        elif len(dates) == len(groups):
            scl_index = {g: g + 1 for g in range(len(groups))}
        else:
            raise Unreadable("its SCL stack %s has %d bands for %d dates and no dates in its band descriptions"
                             % (scl_path, len(dates), len(groups)))
    tile = parse_tile(os.path.basename(path))
    return [StackAcquisition(path, when, tile, layout, scl_path if g in scl_index else None, scl_index.get(g))
            for g, (when, layout) in enumerate(groups)]


class StackAcquisition(Acquisition):
    kind = "stack"

    def __init__(self, path, when, tile, layout, scl_path=None, scl_band=None):
        super().__init__(os.path.abspath(path), when, tile, "S2", None)
        self.path = os.path.abspath(path)
        self.layout = layout
        self.scl_path = os.path.abspath(scl_path) if scl_path else None
        self.scl_band = scl_band
        self._cloud_done = False

    def __repr__(self):
        return "<StackAcquisition %s %s>" % (self.datetime, os.path.basename(self.path))

    @property
    def cloud_percent(self):
        if not self._cloud_done:
            self._cloud_done = True
            if self.scl_path:
                from .geotiff import scl_cloud_percent
                self._cloud_percent = scl_cloud_percent(self.scl_path, self.scl_band)
        return self._cloud_percent

    def sort_key(self):
        return (self.datetime, self.tile or "", self.source, min(self.layout.values()))

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

    def read(self, bands, grid, row0=0, nrows=None):
        return read_layout(self, bands, grid, row0, nrows)

    def read_scl(self, grid, row0=0, nrows=None):
        """Raw SCL codes on ``grid`` (0 outside), or None without an SCL stack."""
        if not self.scl_path:
            return None
        return read_or_fail(self, sample, self.scl_path, self.scl_band, grid, row0, rows_of(grid, row0, nrows), 0)

    def read_status(self, grid, row0=0, nrows=None):
        nrows = rows_of(grid, row0, nrows)
        if self.scl_path:
            return masks.scl_status(self.read_scl(grid, row0, nrows))
        return nodata_status(self, grid, row0, nrows)
