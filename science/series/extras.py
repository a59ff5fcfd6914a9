"""Extra feature rasters (e.g. Sentinel-1 backscatter or coherence stacks) warped onto the image grid.

A band whose description starts with a date (``2018-03-04_VV``, ``20180304_VH``) or ends with one
(``VV_20180304``) is dated: its suffix (VV, VH...) names its series. Dated series can be resampled onto
the Sentinel-2 feature dates (every 10 days) as the optical bands are: per series and pixel, linear
interpolation between the nearest valid dates, the ends taking the nearest valid value, NaN without any.
Backscatter given as linear power is turned into dB (10 log10; 0 or below is NaN) before anything else.
"""
import datetime
import os
import re

import numpy as np
from osgeo import gdal, osr

from ..errors import InputError
from .timeseries import gap_fill

gdal.UseExceptions()

UNITS = ("db", "linear")
RESAMPLE = ("auto", "yes", "no")
_DATE_FIRST = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:T[\d:]+)?[_ -]+(.+)$")
_DATE_LAST = re.compile(r"^(.+?)[_ -]+(\d{4})-?(\d{2})-?(\d{2})$")


def parse_band_date(description):
    """(date, series name) of a band description such as '2018-03-04_VV' or 'VH_20180304'; None when
    it holds no valid date."""
    text = (description or "").strip()
    m = _DATE_FIRST.match(text)
    if m:
        y, mo, d, name = m.groups()
    else:
        m = _DATE_LAST.match(text)
        if not m:
            return None
        name, y, mo, d = m.groups()
    try:
        return datetime.date(int(y), int(mo), int(d)), name.strip()
    except ValueError:
        return None


def to_db(values):
    """Linear power to dB: 10 log10(x) in float32; NaN where x <= 0 or x is NaN."""
    x = np.asarray(values, dtype=np.float32)
    out = np.full(x.shape, np.nan, dtype=np.float32)
    pos = x > 0
    out[pos] = 10.0 * np.log10(x[pos])
    return out


def resample_series(values, dates, out_dates):
    """``values`` (T, ...) observed at ``dates`` onto ``out_dates``: linear between the nearest finite
    values before and after, the ends the nearest finite value, NaN where none is finite (gap_fill)."""
    values = np.asarray(values, dtype=np.float32)
    return gap_fill(values, np.isfinite(values), dates, out_dates)


def _overlap(src, grid):
    """True when the source raster's extent meets the grid's (compared in the source's CRS)."""
    gt = src.GetGeoTransform()
    xs = sorted((gt[0], gt[0] + gt[1] * src.RasterXSize + gt[2] * src.RasterYSize))
    ys = sorted((gt[3], gt[3] + gt[4] * src.RasterXSize + gt[5] * src.RasterYSize))
    s_srs, g_srs = osr.SpatialReference(), grid.srs()
    s_srs.ImportFromWkt(src.GetProjection())
    for srs in (s_srs, g_srs):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xmin, ymin, xmax, ymax = grid.bounds
    try:
        tr = osr.CoordinateTransformation(g_srs, s_srs)
        bx0, by0, bx1, by1 = tr.TransformBounds(xmin, ymin, xmax, ymax, 21)
    except (RuntimeError, AttributeError):
        return True  # cannot tell: the warp gives NaN then
    return bx0 < xs[1] and bx1 > xs[0] and by0 < ys[1] and by1 > ys[0]


class ExtraRaster:
    """A raster warped onto ``grid`` (bilinear, in a VRT) and read by row window.

    ``dates``: the feature dates (the S2 10-day grid) for ``resample``: "auto" (default) resamples when
    every band is dated and a series has two dates or more, "yes" requires dated bands, "no" keeps the bands as they are. ``units``: "db"
    (kept) or "linear" (converted to dB). ``names``: the output band names (``VV_20180301``... when
    resampled, else the descriptions or file name and band number)."""

    def __init__(self, path, grid, dates=None, resample="auto", units="db"):
        self.path = path
        if resample is True or resample is False:
            resample = "yes" if resample else "no"
        resample = resample or "auto"
        if resample not in RESAMPLE:
            raise InputError("Unknown extra raster resampling '%s': choose %s.", resample, " or ".join(RESAMPLE))
        if units not in UNITS:
            raise InputError("Unknown extra raster units '%s': choose %s.", units, " or ".join(UNITS))
        self.units = units
        try:
            src = gdal.Open(str(path))
        except RuntimeError:
            src = None
        if src is None:
            raise InputError("Cannot open the extra raster %s.", path)
        if not src.GetProjection():
            raise InputError("The extra raster %s has no coordinate reference system.", path)
        if not _overlap(src, grid):
            raise InputError("The extra raster %s does not cover the images' grid (extent %s): give a raster "
                             "that overlaps the images.", path, ", ".join("%.0f" % v for v in grid.bounds))
        base = os.path.splitext(os.path.basename(str(path)))[0]
        descriptions = [src.GetRasterBand(b).GetDescription().strip() for b in range(1, src.RasterCount + 1)]
        parsed = [parse_band_date(d) for d in descriptions]
        dated = all(p is not None for p in parsed)
        if resample == "yes" and not dated:
            undated = [d or "%s_b%d" % (base, i + 1) for i, (d, p) in enumerate(zip(descriptions, parsed)) if p is None]
            raise InputError("Resampling of the extra raster %s asked, but %d of its bands have no date in their "
                             "description (e.g. '%s'; expected YYYY-MM-DD_NAME such as 2018-03-04_VV). Name the "
                             "bands or turn the resampling off.", path, len(undated), undated[0])
        # auto: a series needs two dates or more (one dated band is a static layer, kept as it is)
        several = dated and max(sum(1 for q in parsed if q[1] == p[1]) for p in parsed) >= 2 if parsed else False
        self.resample = bool(dates) and dated and (resample == "yes" or (resample == "auto" and several))
        if resample == "yes" and not dates:
            raise InputError("Resampling of the extra raster %s asked, but there is no date grid.", path)
        self.count = src.RasterCount
        self.series = []  # (name, band indices 0-based, their dates) when resampled
        if self.resample:
            self.out_dates = list(dates)
            for name in dict.fromkeys(p[1] for p in parsed):  # in order of first appearance
                idx = sorted((i for i, p in enumerate(parsed) if p[1] == name), key=lambda i: parsed[i][0])
                self.series.append((name, idx, [parsed[i][0] for i in idx]))
            tags = [d.strftime("%Y%m%d") for d in self.out_dates]
            self.names = ["%s_%s" % (name, t) for name, _, _ in self.series for t in tags]
        else:
            self.names = [d or "%s_b%d" % (base, b + 1) for b, d in enumerate(descriptions)]
        xmin, ymin, xmax, ymax = grid.bounds
        options = gdal.WarpOptions(format="VRT", outputBounds=(xmin, ymin, xmax, ymax), width=grid.width,
                                   height=grid.height, dstSRS=grid.crs_wkt, resampleAlg="bilinear",
                                   outputType=gdal.GDT_Float32, workingType=gdal.GDT_Float32,
                                   dstNodata=float("nan"))
        self.ds = gdal.Warp("", src, options=options)

    @property
    def out_count(self):
        return len(self.names)

    def describe(self):
        """Metadata entry of this raster (the product's EXTRA_RASTERS parameter)."""
        return {"path": str(self.path), "bands": self.count, "units": self.units, "resampled": self.resample,
                "series": [s[0] for s in self.series]}

    def read(self, row0, nrows):
        """Float32 (out_count, nrows, width) of the rows row0..row0+nrows."""
        width = self.ds.RasterXSize
        data = self.ds.ReadAsArray(0, row0, width, nrows)
        data = np.asarray(data, dtype=np.float32).reshape(self.count, nrows, width)
        if self.units == "linear":
            data = to_db(data)
        if not self.resample:
            return data
        return np.concatenate([resample_series(data[idx], dates, self.out_dates)
                               for _, idx, dates in self.series], axis=0)
