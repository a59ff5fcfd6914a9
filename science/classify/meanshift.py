"""Sen2-Agri's crop-mask segmentation: whitened PCA of the NDVI series (6 components), mean-shift smoothing
(flat kernels, spatial radius 10 px, range radius 0.65, at most 20 iterations), segments of 4-connected
pixels whose smoothed values and positions lie within those radii, small segments (under 10 px) merged
into the adjacent segment of closest mean, as Orfeo Toolbox's MeanShiftSmoothing, LSMSSegmentation and
LSMSSmallRegionsMerging that Sen2-Agri's CropMaskFused.py chains.

Differences, said: the PCA basis comes from streamed statistics of every valid pixel (not a sample); the
smoothing of a row window sees only that window (Orfeo pads its tiles with a margin), so a field cut by a
window edge is smoothed from its side only and then stitched (postprocess._Stitcher) like the other
segmentation.
"""
import numpy as np
from osgeo import gdal

from .classifier import NODATA

gdal.UseExceptions()

N_COMPONENTS = 6
SPATIAL_RADIUS = 10
RANGE_RADIUS = 0.65
MAX_ITER = 20
THRESHOLD = 1e-3  # squared norm of the last shift, position / spatial radius and value / range radius
MIN_SIZE = 10
# working set of mean_shift per pixel: float64 values, current value and sums (6 components), float32
# outputs and the per-offset temporaries
BYTES_PER_PIXEL = 600


class PcaBasis:
    """Mean and the principal axes (components x dates) of the NDVI series, each scaled to unit variance."""

    def __init__(self, mean, axes):
        self.mean, self.axes = np.asarray(mean, np.float64), np.asarray(axes, np.float64)

    def project(self, flat):
        """(components, n) float32 of ``flat`` (dates, n)."""
        return (self.axes @ (flat.astype(np.float64) - self.mean[:, None])).astype(np.float32)


def fit_pca(raw_path, ndvi_path, bands, n_components=N_COMPONENTS, block_rows=256, reporter=None):
    """The PCA basis of the NDVI bands (1-based) over the pixels valid in the raw mask, from sums and
    cross products accumulated block by block (float64), so memory does not grow with the raster."""
    raw_ds, feat = gdal.Open(raw_path), gdal.Open(ndvi_path)
    width, height = raw_ds.RasterXSize, raw_ds.RasterYSize
    d = len(bands)
    n, s, ss = 0, np.zeros(d), np.zeros((d, d))
    for row0 in range(0, height, block_rows):
        if reporter is not None:
            reporter.check()
        rows = min(block_rows, height - row0)
        flat = np.stack([feat.GetRasterBand(int(b)).ReadAsArray(0, row0, width, rows).ravel() for b in bands])
        ok = (raw_ds.GetRasterBand(1).ReadAsArray(0, row0, width, rows).ravel() != NODATA) & \
            np.isfinite(flat).all(axis=0)
        x = flat[:, ok].astype(np.float64)
        n += x.shape[1]
        s += x.sum(axis=1)
        ss += x @ x.T
    if n < 2:
        return PcaBasis(np.zeros(d), np.eye(d)[:min(n_components, d)])
    mean = s / n
    cov = (ss - n * np.outer(mean, mean)) / (n - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:min(n_components, d)]
    axes = vectors[:, order].T
    # a fixed sign per axis (largest loading positive): eigenvectors' signs are arbitrary
    axes *= np.where(axes[np.arange(len(order)), np.abs(axes).argmax(axis=1)] < 0, -1.0, 1.0)[:, None]
    # whitened, as Orfeo's PCAImageFilter: unit variance per component, the range radius in those units
    axes /= np.sqrt(np.maximum(values[order], 1e-12))[:, None]
    return PcaBasis(mean, axes)


def mean_shift(x, valid, spatial_radius=SPATIAL_RADIUS, range_radius=RANGE_RADIUS, max_iter=MAX_ITER,
               threshold=THRESHOLD):
    """Mean-shift smoothing of ``x`` (components, h, w) where ``valid``: every valid pixel moves, in the
    joint space of position and value, to the mean of the valid pixels within ``spatial_radius`` (disc
    around its current position) and ``range_radius`` (ball around its current value), until the shift's
    squared norm (each part divided by its radius) is under ``threshold`` or ``max_iter`` shifts.
    Returns the smoothed values (components, h, w) float32 and positions (2, h, w) float32 (rows,
    columns); NaN where not valid. Vectorised over the pixels, one pass per window offset."""
    c, h, w = x.shape
    valid = np.asarray(valid, bool)
    rows, cols = np.nonzero(valid)
    ys, xs = rows.astype(np.float64), cols.astype(np.float64)
    yr = x[:, rows, cols].T.astype(np.float64)  # n, c
    values = np.ascontiguousarray(x.transpose(1, 2, 0), dtype=np.float64)
    hs2, hr2 = float(spatial_radius) ** 2, float(range_radius) ** 2
    r = int(np.ceil(spatial_radius))
    offsets = [(dy, dx) for dy in range(-r - 1, r + 2) for dx in range(-r - 1, r + 2)]
    active = np.arange(rows.size)
    for _ in range(int(max_iter)):
        if active.size == 0:
            break
        py, px, pr = ys[active], xs[active], yr[active]
        cy, cx = np.rint(py).astype(np.int64), np.rint(px).astype(np.int64)
        sy, sx = np.zeros(active.size), np.zeros(active.size)
        sr, cnt = np.zeros((active.size, c)), np.zeros(active.size)
        for dy, dx in offsets:
            ny, nx = cy + dy, cx + dx
            ok = (ny >= 0) & (ny < h) & (nx >= 0) & (nx < w)
            ny, nx = np.where(ok, ny, 0), np.where(ok, nx, 0)
            ok &= valid[ny, nx]
            ok &= ((ny - py) ** 2 + (nx - px) ** 2) <= hs2
            v = values[ny, nx]
            ok &= ((v - pr) ** 2).sum(axis=1) <= hr2
            sy += np.where(ok, ny, 0)
            sx += np.where(ok, nx, 0)
            sr += np.where(ok[:, None], v, 0.0)
            cnt += ok
        moved = cnt > 0  # a pixel with no neighbour left in its kernel stops where it is
        cnt = np.maximum(cnt, 1)
        ny, nx, nr = sy / cnt, sx / cnt, sr / cnt[:, None]
        shift = ((ny - py) ** 2 + (nx - px) ** 2) / hs2 + ((nr - pr) ** 2).sum(axis=1) / hr2
        ys[active] = np.where(moved, ny, py)
        xs[active] = np.where(moved, nx, px)
        yr[active] = np.where(moved[:, None], nr, pr)
        active = active[moved & (shift >= threshold)]
    out_r = np.full((c, h, w), np.nan, np.float32)
    out_p = np.full((2, h, w), np.nan, np.float32)
    out_r[:, rows, cols] = yr.T
    out_p[0, rows, cols] = ys
    out_p[1, rows, cols] = xs
    return out_r, out_p


def linked(smoothed, positions, a, b, spatial_radius=SPATIAL_RADIUS, range_radius=RANGE_RADIUS):
    """Which pixel pairs (flat indices ``a``, ``b``) belong to one segment: smoothed values (components,
    n) within ``range_radius`` and smoothed positions (2, n) within ``spatial_radius``."""
    dr = ((smoothed[:, a] - smoothed[:, b]) ** 2).sum(axis=0)
    dp = ((positions[:, a] - positions[:, b]) ** 2).sum(axis=0)
    return (dr <= range_radius ** 2) & (dp <= spatial_radius ** 2)
