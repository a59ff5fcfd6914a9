"""One multi-date stack with band descriptions ``YYYY-MM-DD_Bxx`` (date-major or not), and an optional
SCL stack with one band per date (descriptions ``YYYY-MM-DD``, else the same date order)."""
import os
import re


from .base import (Unreadable, band_name, open_raster,
                   parse_datetime, parse_tile)
from .geotiff import MultibandAcquisition

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


class StackAcquisition(MultibandAcquisition):
    kind = "stack"

    def __init__(self, path, when, tile, layout, scl_path=None, scl_band=None):
        super().__init__(os.path.abspath(path), when, tile, "S2", path, layout, scl_path, scl_band)

    def __repr__(self):
        return "<StackAcquisition %s %s>" % (self.datetime, os.path.basename(self.path))

    def sort_key(self):
        return (self.datetime, self.tile or "", self.source, min(self.layout.values()))
