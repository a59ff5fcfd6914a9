"""Cloud-free surface-reflectance composite of a period, block by block.

Output: float32 reflectance (0-1, the readers' scale), one band per chosen band, NaN where a pixel has no
usable observation; optional uint16 count of usable observations. Usable = VALID, WATER or SNOW status.
"""
import datetime
import os

import numpy as np
from osgeo import gdal

from ..errors import InputError
from ..folders import flush_raster
from .features import (DOCTYPE, S2_BANDS, aligned_blocks, check_bands, create_geotiff, discard, publish,
                       write_failed, write_flags_style)
from ..progress import Reporter
from .timeseries import decode_cache, read_series_block, usable

DEFAULT_BANDS = ("B02", "B03", "B04", "B08")
METHODS = ("median", "best")
TRUE_COLOUR = ("B04", "B03", "B02")
FALSE_COLOUR = ("B08", "B04", "B03")


def period_centre(dates, start=None, end=None):
    """Middle of start..end (default: of the first and last dates)."""
    a = start or min(dates)
    b = end or max(dates)
    return a + datetime.timedelta(days=(b - a).days / 2.0)


def median_of_first(data, count):
    """Median over axis 0 of ``data`` whose ``count`` finite values sort first (NaN sorts last);
    NaN where count is 0. Leaner and faster than np.nanmedian."""
    ordered = np.sort(data, axis=0)
    lo = np.maximum((count - 1) // 2, 0)[None]     # sorted values v[0..n-1]: (v[(n-1)//2] + v[n//2]) / 2
    a = np.take_along_axis(ordered, lo, axis=0)[0]
    b = np.take_along_axis(ordered, (count // 2)[None], axis=0)[0]
    med = (a + b) * np.float32(0.5)
    med[count == 0] = np.nan
    return med


def composite_block(refl, ok, dates, method="median", centre=None):
    """Composite (B, rows, cols) float32 of ``refl`` (T, B, rows, cols) over observations ``ok`` (T, rows, cols).

    median: per band, the median of the usable observations (bands taken independently).
    best: all bands of the single usable observation closest in time to ``centre`` (ties: the earlier).
    """
    ok = ok & np.isfinite(refl).all(axis=1)
    if method == "median":
        out = np.empty(refl.shape[1:], dtype=np.float32)
        count = ok.sum(axis=0)
        for b in range(refl.shape[1]):  # band by band: the sort copies one band only
            out[b] = median_of_first(np.where(ok, refl[:, b], np.float32(np.nan)), count)
        return out
    if method != "best":
        raise InputError("Unknown composite method '%s': choose among %s.", method, ", ".join(METHODS))
    centre = centre or period_centre(dates)
    distance = np.array([abs((d - centre).days) for d in dates])
    rank = np.empty(len(dates), dtype=np.int32)
    rank[np.lexsort((np.arange(len(dates)), distance))] = np.arange(len(dates))
    score = np.where(ok, rank[:, None, None], np.iinfo(np.int32).max)
    pick = score.argmin(axis=0)
    out = np.take_along_axis(refl, pick[None, None], axis=0)[0]
    out[:, ~ok.any(axis=0)] = np.nan
    return out.astype(np.float32)


def write_composite(acquisitions, grid, out_path, bands=DEFAULT_BANDS, method="median", start=None, end=None,
                    count_path=None, memory_mb=512, reporter=None):
    """Write the composite GeoTIFF (and its true-colour / false-colour styles); returns the band names."""
    reporter = reporter or Reporter()
    bands = [str(b).strip().upper() for b in bands]
    for b in bands:
        if b not in S2_BANDS:
            raise InputError("Unknown band '%s': choose among %s.", b, ", ".join(S2_BANDS))
    if not bands:
        raise InputError("Choose at least one band for the composite.")
    if method not in METHODS:
        raise InputError("Unknown composite method '%s': choose among %s.", method, ", ".join(METHODS))
    acquisitions = sorted(acquisitions, key=lambda a: (a.date, a.datetime or ""))
    if not acquisitions:
        raise InputError("No image in the period: nothing to composite.")
    check_bands(acquisitions, bands)
    dates = [a.date for a in acquisitions]
    centre = period_centre(dates, start, end)
    ntime = len(acquisitions)
    bpp = ntime * len(bands) * 4 + ntime * 16 + len(bands) * 8 + 64   # reflectance + one band sorted
    blocks, tile_rows = aligned_blocks(grid.height, grid.width, bpp, memory_mb)
    reporter.info("Composite (%s) of %d images from %s to %s%s, bands %s, %d block(s) of rows.",
                  method, ntime, dates[0], dates[-1], ", centre %s" % centre if method == "best" else "",
                  ", ".join(bands), len(blocks))
    out = count = None
    empty = 0
    written = []
    try:
        out = create_geotiff(out_path, grid, len(bands), gdal.GDT_Float32, float("nan"), 3, tile_rows)
        if count_path:
            count = create_geotiff(count_path, grid, 1, gdal.GDT_UInt16, tile_rows=tile_rows)
        for i, b in enumerate(bands):
            out.GetRasterBand(i + 1).SetDescription(b)
        out.SetMetadataItem("CROPMAPPER_COMPOSITE", "%s %s %s" % (method, dates[0], dates[-1]))
        if count is not None:
            count.GetRasterBand(1).SetDescription("usable observations")
        with decode_cache(acquisitions, bands, reporter):
            for k, (row0, nrows) in enumerate(blocks):
                reporter.check()
                refl, status = read_series_block(acquisitions, grid, row0, nrows, bands, reporter)
                ok = usable(status)
                comp = composite_block(refl, ok, dates, method, centre)
                empty += int(np.isnan(comp).all(axis=0).sum())
                for i in range(len(bands)):
                    out.GetRasterBand(i + 1).WriteArray(comp[i], 0, row0)
                if count is not None:
                    n = (ok & np.isfinite(refl).all(axis=1)).sum(axis=0).astype(np.uint16)
                    count.GetRasterBand(1).WriteArray(n, 0, row0)
                reporter.progress((k + 1) / len(blocks))
        total = grid.width * grid.height
        if empty == total:
            raise InputError("Every pixel is cloudy or without data on all %d images (%s to %s): the composite "
                             "would be empty. Widen the period.", ntime, dates[0], dates[-1])
        if empty:
            reporter.warn("%d of %d pixels (%.1f %%) have no cloud-free observation: NaN in the composite.",
                          empty, total, 100.0 * empty / total)
        for ds in (out, count):
            if ds is not None:
                flush_raster(ds)
        out = count = None  # closes the files before they are renamed
        # the styles before the rasters are published: a run that fails on them leaves no raster
        styles = write_composite_styles(out_path, bands, written)
        if count_path:
            written.append(write_flags_style(count_path, len(set(dates))))
        publish(out_path)
        if count_path:
            publish(count_path)
    except BaseException as exc:
        out = count = None
        discard(out_path, written)
        if count_path:
            discard(count_path)
        write_failed(exc, out_path)
        raise
    if not styles:
        reporter.warn("No colour style: the composite lacks B02, B03, B04 or B08.")
    return bands


def rgb_style(template, bands, channels):
    """``styles/<template>.qml`` with its red/green/blue bands set to the positions of ``channels``."""
    import xml.etree.ElementTree as ET
    from ..styling import style_file

    root = ET.parse(style_file(template)).getroot()
    renderer = root.find(".//rasterrenderer")
    for key, band in zip(("redBand", "greenBand", "blueBand"), channels):
        renderer.set(key, str(bands.index(band) + 1))
    return DOCTYPE + ET.tostring(root, encoding="unicode") + "\n"


def falsecolour_path(out_path):
    return os.path.splitext(out_path)[0] + "_falsecolour.qml"


def write_composite_styles(out_path, bands, written=None):
    """True colour sidecar ``<output>.qml`` (B04/B03/B02, 0-0.2) and false colour
    ``<output>_falsecolour.qml`` (B08/B04/B03); each only when its bands are present. Returns the paths
    (appended to ``written`` as they are written, for the clean-up of a failed run)."""
    from ..styling import write_sidecar

    written = [] if written is None else written
    first = len(written)
    if all(b in bands for b in TRUE_COLOUR):
        written.append(write_sidecar(out_path, rgb_style("composite_truecolour", bands, TRUE_COLOUR)))
    if all(b in bands for b in FALSE_COLOUR):
        path = falsecolour_path(out_path)
        written.append(write_sidecar(path, rgb_style("composite_falsecolour", bands, FALSE_COLOUR)))
    return written[first:]
