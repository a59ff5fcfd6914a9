"""Sen2-Agri's crop-mask features (FEATURES=sen2agri): 27 summary features of the gap-filled G, R, NIR, SWIR
series and 4 red-edge features per date.

The definitions are those of Sen2-Agri's CropMaskFeaturesSupervisedFunctor and
CropMaskSupervisedRedEdgeFeaturesFunctor (sen2agri-processors/Common/Filters), with its bugs left out:
- one window ``w`` (default 6) for training and prediction (Sen2-Agri trains with 6 and classifies with the
  functor's default 2);
- floating-point maths throughout (its red-edge ratios divide integers, so are almost always 0) and
  reflectance as floats (it truncates to integers);
- a division by 0 gives 0 (as its NDVI / NDWI; its red-edge features give no data there);
- no-data dates are not averaged in as -10000: the series is gap-filled first, so a pixel has either every
  date or none (then every feature is NaN, i.e. no data).

NDVI features, in order (``x`` the NDVI series, ``t`` its dates in days):
ndvi_max, ndvi_mean, ndvi_std (population);
ndvi_maxdif, ndvi_mindif, ndvi_difdif: over i = 0 .. n - 2w, dif = mean(x[i:i+w]) - mean(x[i+w:i+2w])
  (earlier minus later); max, min and max - min; 0 when n < 2w;
ndvi_maxmean: the largest w-date running mean (0 when none is > 0, or n < w); ndvi_maxmean_len: from the
  first window holding it, walk out on each side while NDVI stays within 0.05 of it, stopping on the first
  date outside (that date included) or at the series' end; the length in days; ndvi_maxmean_area:
  maxmean x len;
ndvi_pos_area, ndvi_pos_len, ndvi_pos_slope: of the non-decreasing run of largest area (rise x days / 2),
  its length in days and rise per day; ndvi_neg_area, ndvi_neg_len, ndvi_neg_slope: the same for the
  decreasing runs (fall as a positive number);
ndvi_soil_to_veg / ndvi_veg_to_soil: 1 when a step goes from <= 0.2 to >= 0.2 (resp. from >= 0.2 to
  <= 0.2, a step counting once, as soil-to-vegetation when both hold), else 0.
Then ndwi (SWIR - NIR) / (SWIR + NIR) and brightness sqrt(G² + R² + NIR² + SWIR²): max, min, mean,
median, std. Red edge per date (B02 B04 B05 B06 B07 B08): re_ndvi (B08 - B06) / (B08 + B06), chl_re
B05 / B08, psri (B04 - B02) / B05, s2rep 705 + 35 (0.5 (B07 + B04) - B05) / (B06 - B05).
"""
import numpy as np

SUMMARY = ("ndvi_max", "ndvi_mean", "ndvi_std", "ndvi_maxdif", "ndvi_mindif", "ndvi_difdif", "ndvi_maxmean",
           "ndvi_maxmean_len", "ndvi_maxmean_area", "ndvi_pos_area", "ndvi_pos_len", "ndvi_pos_slope",
           "ndvi_neg_area", "ndvi_neg_len", "ndvi_neg_slope", "ndvi_soil_to_veg", "ndvi_veg_to_soil",
           "ndwi_max", "ndwi_min", "ndwi_mean", "ndwi_median", "ndwi_std",
           "brightness_max", "brightness_min", "brightness_mean", "brightness_median", "brightness_std")
REDEDGE = ("re_ndvi", "chl_re", "psri", "s2rep")
SUMMARY_BANDS = ("B03", "B04", "B08", "B11")
REDEDGE_BANDS = ("B02", "B04", "B05", "B06", "B07", "B08")
WINDOW = 6
DELTA = 0.05    # plateau: within this of the maximum mean
T_SOIL = 0.2    # bare soil / vegetation NDVI threshold


def ratio0(num, den):
    """num / den in float32, 0 where den is 0 (Sen2-Agri's rule for its indices)."""
    num = np.asarray(num, dtype=np.float32)
    den = np.asarray(den, dtype=np.float32)
    safe = np.where(den == 0, np.float32(1), den)
    return np.where(den == 0, np.float32(0), num / safe).astype(np.float32, copy=False)


def _stats(x):
    """max, min, mean, median, std (population) over axis 0."""
    return [x.max(axis=0), x.min(axis=0), x.mean(axis=0, dtype=np.float64), np.median(x, axis=0),
            x.std(axis=0, dtype=np.float64)]


def _running_means(x, w):
    """(n - w + 1, P) means of w consecutive dates (float64)."""
    c = np.concatenate([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0, dtype=np.float64)])
    return (c[w:] - c[:-w]) / w


def ndvi_features(x, days, window=WINDOW):
    """The 17 NDVI features (17, P) float32 of NDVI series ``x`` (n, P) at ``days`` (n,) (no NaN)."""
    x = np.asarray(x, dtype=np.float32)
    days = np.asarray(days, dtype=np.int64)
    n, npix = x.shape
    w = int(window)
    out = np.zeros((17, npix), dtype=np.float32)
    out[0] = x.max(axis=0)
    out[1] = x.mean(axis=0, dtype=np.float64)
    out[2] = x.std(axis=0, dtype=np.float64)
    if n >= 2 * w:
        m = _running_means(x, w)
        dif = (m[:n - 2 * w + 1] - m[w:]).astype(np.float32)
        out[3], out[4] = dif.max(axis=0), dif.min(axis=0)
        out[5] = out[3] - out[4]
    if n >= w:
        m = _running_means(x, w).astype(np.float32)
        top = m.max(axis=0)
        positive = top > 0
        best = np.where(positive, top, np.float32(0))
        i0 = m.argmax(axis=0)  # the first window reaching the maximum
        lo = (best.astype(np.float64) - np.float64(np.float32(DELTA))).astype(np.float32)
        hi = (best.astype(np.float64) + np.float64(np.float32(DELTA))).astype(np.float32)
        outside = (x < lo) | (x > hi)
        idx = np.arange(n)[:, None]
        first = np.where((idx <= i0) & outside, idx, -1).max(axis=0)
        first = np.where(first < 0, 0, first)
        last = np.where((idx >= i0 + w - 1) & outside, idx, n).min(axis=0)
        last = np.where(last >= n, n - 1, last)
        length = np.where(positive, days[last] - days[first], 0).astype(np.float32)
        out[6], out[7], out[8] = best, length, best * length
    _runs(x, days, out)
    t = np.float32(T_SOIL)
    up = np.zeros(npix, bool)
    down = np.zeros(npix, bool)
    for i in range(1, n):
        rise = (x[i - 1] <= t) & (x[i] >= t)
        up |= rise
        down |= ~rise & (x[i - 1] >= t) & (x[i] <= t)
    out[15], out[16] = up, down
    return out


def _close(out, k, keep, dv, dt):
    """Keep run (rise or fall ``dv`` over ``dt`` days) as feature block k where ``keep`` and its area is larger."""
    dv = dv.astype(np.float32)
    dt = dt.astype(np.float32)
    area = (dv * dt / np.float32(2)).astype(np.float32)
    better = keep & (out[k] < area)
    out[k] = np.where(better, area, out[k])
    out[k + 1] = np.where(better, dt, out[k + 1])
    with np.errstate(divide="ignore", invalid="ignore"):
        out[k + 2] = np.where(better, dv / np.where(dt == 0, np.float32(1), dt), out[k + 2])


def _runs(x, days, out):
    """ndvi_pos_* (out[9:12]) and ndvi_neg_* (out[12:15]) as Sen2-Agri walks the series."""
    n, npix = x.shape
    if n < 2:
        return
    state = np.zeros(npix, np.int8)  # 1 rising (non-decreasing), 2 falling
    start = np.zeros(npix, np.int64)
    end = np.zeros(npix, np.int64)
    cols = np.arange(npix)
    for i in range(1, n):
        desc = x[i - 1] > x[i]
        ends_rise = (state == 1) & desc
        ends_fall = (state == 2) & ~desc
        _close(out, 9, ends_rise, x[end, cols] - x[start, cols], days[end] - days[start])
        _close(out, 12, ends_fall, x[start, cols] - x[end, cols], days[end] - days[start])
        restart = (state == 0) | ends_rise | ends_fall
        start = np.where(restart, i - 1, start)
        end = i  # a run always reaches the current date
        state = np.where(restart, np.where(desc, 2, 1), state).astype(np.int8)
    end = np.full(npix, n - 1)
    _close(out, 9, state == 1, x[end, cols] - x[start, cols], days[end] - days[start])
    _close(out, 12, state == 2, x[start, cols] - x[end, cols], days[end] - days[start])


def summary_features(green, red, nir, swir, days, window=WINDOW):
    """The 27 summary features (27, P) float32 from reflectance series (n, P) each; NaN for a pixel with
    any NaN date (gap-filled series have all dates or none)."""
    g, r, nr, sw = (np.maximum(np.asarray(a, dtype=np.float32), 0) for a in (green, red, nir, swir))
    bad = ~(np.isfinite(g) & np.isfinite(r) & np.isfinite(nr) & np.isfinite(sw)).all(axis=0)
    ndvi = ratio0(nr - r, nr + r)
    ndwi = ratio0(sw - nr, sw + nr)
    bright = np.sqrt(g * g + r * r + nr * nr + sw * sw)
    if bad.any():
        ndvi, ndwi, bright = (np.where(bad, np.float32(0), a) for a in (ndvi, ndwi, bright))
    parts = [ndvi_features(ndvi, days, window)] + [np.stack(_stats(a)).astype(np.float32) for a in (ndwi, bright)]
    out = np.concatenate(parts, axis=0)
    out[:, bad] = np.nan
    return out


def rededge_features(b02, b04, b05, b06, b07, b08):
    """(n * 4, P) float32: re_ndvi, chl_re, psri, s2rep of each date, date by date."""
    b02, b04, b05, b06, b07, b08 = (np.maximum(np.asarray(a, dtype=np.float32), 0)
                                    for a in (b02, b04, b05, b06, b07, b08))
    s2rep = np.float32(705) + np.float32(35) * ratio0(np.float32(0.5) * (b07 + b04) - b05, b06 - b05)
    s2rep = np.where(b06 - b05 == 0, np.float32(0), s2rep)
    feats = np.stack([ratio0(b08 - b06, b08 + b06), ratio0(b05, b08), ratio0(b04 - b02, b05), s2rep], axis=1)
    return feats.reshape((-1,) + feats.shape[2:]).astype(np.float32, copy=False)
