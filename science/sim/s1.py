"""A Sentinel-1 like backscatter stack (VV, VH in dB) for a simulated scene.

Not a radar model: a plausible signal for testing extra rasters. Per parcel and date, from the NDVI of
its class profile on its own calendar (the S2 simulation's): VH rises with biomass (-24 dB bare soil
to -14 dB full canopy), VV less (-13 to -9 dB); built-up is bright (double bounce), water dark (specular),
forest steady. Multiplicative speckle (gamma, 4 looks) is added in dB, seeded per (seed, date, row);
a per-parcel offset comes from its hashed stream. Weekly dates; band t*2 + p, p 0 = VV, 1 = VH,
descriptions 'YYYY-MM-DD_VV' as the real Flanders stack has. Written row block by row block.
"""
import datetime

import numpy as np
from osgeo import gdal

from . import class_profiles as cp
from ..blocks import row_blocks

gdal.UseExceptions()

POLARISATIONS = ("VV", "VH")
STEP_DAYS = 7
LOOKS = 4
# (VV, VH) dB at NDVI 0 and their rise at NDVI 1, per class; the others follow the vegetation line
VEGETATION = ((-13.0, 4.0), (-24.0, 10.0))
FIXED = {"built_up": ((-5.0, 0.0), (-12.0, 0.0)), "water": ((-22.0, 0.0), (-28.0, 0.0)),
         "forest": ((-8.0, 0.5), (-13.5, 0.5))}
PARCEL_SD = 0.8  # dB, per parcel and polarisation


def s1_dates(scene_dates, step_days=STEP_DAYS):
    """Every ``step_days`` from the first to the last scene date."""
    first, last = min(scene_dates), max(scene_dates)
    first = first.date() if isinstance(first, datetime.datetime) else first
    last = last.date() if isinstance(last, datetime.datetime) else last
    n = (last - first).days // step_days + 1
    return [first + datetime.timedelta(days=step_days * i) for i in range(n)]


def _ndvi(mean):
    b4, b8 = cp.BANDS.index("B04"), cp.BANDS.index("B08")
    red, nir = mean[..., b4], mean[..., b8]
    return np.where(nir + red > 0, (nir - red) / np.where(nir + red > 0, nir + red, 1), 0.0)


def parcel_backscatter(scene, day):
    """(count + 1, 2) dB per parcel ID (row 0: the land between parcels) on ``day``, without speckle."""
    from .simulator import SHIFT_SCALE, hash_normal

    p = scene.parcels
    doy = day.timetuple().tm_yday
    n = len(p.klass)
    out = np.empty((n, 2))
    keys = [(cp.BACKGROUND[0], np.array([0]))] + [
        (key, np.nonzero(p.klass == k)[0]) for k, key in enumerate(cp.CLASS_KEYS)]
    for key, idx in keys:
        idx = idx[idx < n] if key != cp.BACKGROUND[0] else idx
        if idx.size == 0:
            continue
        shift = 0.0 if key == cp.BACKGROUND[0] else p.shift[idx] * (1.0 if scene.realism == "none" else SHIFT_SCALE)
        mean, _ = cp.profile(key, doy - shift)
        nd = np.clip(_ndvi(np.atleast_2d(mean)), 0.0, 1.0)
        if key in ("grassland", "other_land") or key not in FIXED:
            nd = nd * (scene.vigour[idx] if key != cp.BACKGROUND[0] else 1.0)
        (vv0, vv1), (vh0, vh1) = FIXED.get(key, VEGETATION)
        out[idx, 0] = vv0 + vv1 * nd
        out[idx, 1] = vh0 + vh1 * nd
    offset = PARCEL_SD * np.stack([hash_normal(scene.seed, 17, np.arange(n)),
                                   hash_normal(scene.seed, 18, np.arange(n))], axis=1)
    offset[0] = 0.0
    return out + offset


def write_s1_stack(scene, ids_band, path, step_days=STEP_DAYS, memory_mb=64, reporter=None):
    """Write the stack to ``path`` (float32 GeoTIFF, NaN nodata) reading parcel IDs from ``ids_band``
    row block by row block; returns its dates."""
    from .simulator import _rng

    dates = s1_dates(scene.dates, step_days)
    g = scene.grid
    table = [parcel_backscatter(scene, d) for d in dates]
    count = 2 * len(dates)
    ds = gdal.GetDriverByName("GTiff").Create(path, g.width, g.height, count, gdal.GDT_Float32,
                                              ["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", "INTERLEAVE=BAND"])
    ds.SetGeoTransform(g.geotransform)
    ds.SetProjection(g.crs_wkt)
    ds.SetMetadataItem("POLARISATIONS", ",".join(POLARISATIONS))
    ds.SetMetadataItem("UNITS", "dB")
    ds.SetMetadataItem("SOURCE", "Crop Mapper simulator (seed %d)" % scene.seed)
    for t, d in enumerate(dates):
        for p, pol in enumerate(POLARISATIONS):
            band = ds.GetRasterBand(2 * t + p + 1)
            band.SetDescription("%s_%s" % (d.isoformat(), pol))
            band.SetNoDataValue(float("nan"))
            band.SetUnitType("dB")
    blocks = row_blocks(g.height, g.width, 8 * count + 16, memory_mb)
    for k, (row0, nrows) in enumerate(blocks):
        if reporter is not None:
            reporter.check()
        ids = ids_band.ReadAsArray(0, row0, g.width, nrows)
        ids = np.where((ids >= 0) & (ids < len(table[0])), ids, 0)
        for t in range(len(dates)):
            # speckle: the mean of LOOKS exponential intensities (gamma, mean 1), in dB
            rows = [_rng(scene.seed, 19, t, row0 + r).gamma(LOOKS, 1.0 / LOOKS, (2, g.width)) for r in range(nrows)]
            speckle = 10.0 * np.log10(np.stack(rows, axis=1))
            for p in range(2):
                value = table[t][ids, p] + speckle[p]
                ds.GetRasterBand(2 * t + p + 1).WriteArray(value.astype(np.float32), 0, row0)
        if reporter is not None:
            reporter.progress((k + 1) / len(blocks))
    ds.FlushCache()
    ds = None
    return dates
