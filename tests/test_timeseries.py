"""Time-series engine (science/series/timeseries.py) and the composite core (science/series/composite.py)."""
import datetime as dt
import os

import numpy as np
import pytest
from osgeo import gdal, osr

from cropmapper.science import masks
from cropmapper.science.series.composite import composite_block, write_composite
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.progress import Reporter
from cropmapper.science.series.timeseries import (check_period, gap_fill, parse_date, read_series_block,
                                           regular_dates, usable)

D = dt.date
ALL = ("B02", "B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11", "B12")


def utm31():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


def small_grid(width=6, height=4, x0=500000.0, y0=5630000.0):
    return Grid(utm31(), (x0, 10.0, 0.0, y0, 0.0, -10.0), width, height)


class FakeAcquisition:
    """An in-memory acquisition following the reader contract (docs/ARCHITECTURE.md), on its own grid."""

    kind = "fake"

    def __init__(self, date, grid, refl, status, bands=ALL, source=None):
        self.date = date
        self.datetime = date.isoformat() + "T10:30:00"
        self.tile = "31UES"
        self.platform = "S2A"
        self.source = source or "fake_%s" % date.isoformat()
        self.cloud_percent = None
        self.grid = grid
        self._bands = list(bands)
        self.refl = np.asarray(refl, dtype=np.float32)      # (len(bands), H, W)
        self.status = np.asarray(status, dtype=np.uint8)    # (H, W)

    def bands(self):
        return list(self._bands)

    def native_grid(self):
        return self.grid

    def read(self, bands, grid, row0=0, nrows=None):
        assert grid == self.grid
        nrows = grid.height - row0 if nrows is None else nrows
        return np.stack([self.refl[self._bands.index(b), row0:row0 + nrows] for b in bands])

    def read_status(self, grid, row0=0, nrows=None):
        nrows = grid.height - row0 if nrows is None else nrows
        return self.status[row0:row0 + nrows].copy()


# --- dates ---------------------------------------------------------------------
def test_regular_dates_every_ten_days_inclusive():
    assert regular_dates("2018-03-01", "2018-03-31", 10) == [D(2018, 3, 1), D(2018, 3, 11), D(2018, 3, 21),
                                                             D(2018, 3, 31)]
    assert regular_dates(D(2018, 3, 1), D(2018, 3, 30), 10)[-1] == D(2018, 3, 21)
    assert regular_dates("2018-03-01", "2018-03-01", 10) == [D(2018, 3, 1)]


def test_bad_dates_give_clear_messages():
    with pytest.raises(InputError, match=r"The start date '2018-13-01' is not a date: write it as YYYY-MM-DD"):
        parse_date("2018-13-01", "start date")
    with pytest.raises(InputError, match="The start date 2018-06-01 is after the end date 2018-03-01"):
        check_period("2018-06-01", "2018-03-01")
    with pytest.raises(InputError, match="at least 1 day"):
        regular_dates("2018-03-01", "2018-04-01", 0)
    assert parse_date("") is None and parse_date("2018-03-05T10:00:00") == D(2018, 3, 5)


# --- gap filling -----------------------------------------------------------------
DATES = [D(2018, 1, 1), D(2018, 1, 11), D(2018, 1, 31), D(2018, 2, 10)]
OUT = [D(2017, 12, 27), D(2018, 1, 6), D(2018, 1, 21), D(2018, 2, 10), D(2018, 2, 20)]


def test_gap_fill_hand_computed():
    values = np.array([[0.1, 9.0, 9.0, 1.0],
                       [0.3, 9.0, 9.0, np.nan],
                       [0.5, 9.0, 0.5, 2.0],
                       [0.7, 9.0, 9.0, 3.0]], dtype=np.float32)
    valid = np.array([[1, 0, 0, 1],
                      [0, 0, 0, 1],    # pixel 3: valid but NaN -> not usable
                      [1, 0, 1, 1],
                      [1, 0, 0, 1]], dtype=bool)
    out = gap_fill(values, valid, DATES, OUT)
    assert out.dtype == np.float32 and out.shape == (5, 4)
    # pixel 0: ends take the nearest valid value; 01-06 is 5 of 30 days from 01-01 to 01-31.
    np.testing.assert_allclose(out[:, 0], [0.1, 0.1 + 0.4 * 5 / 30, 0.1 + 0.4 * 20 / 30, 0.7, 0.7], rtol=1e-6)
    assert np.isnan(out[:, 1]).all()                 # never valid -> NaN
    np.testing.assert_allclose(out[:, 2], 0.5)       # one valid date -> constant
    np.testing.assert_allclose(out[:, 3], [1.0, 1.0 + 1.0 * 5 / 30, 1.0 + 1.0 * 20 / 30, 3.0, 3.0], rtol=1e-6)


def test_water_and_snow_are_usable_cloud_and_nodata_are_not():
    status = np.array([masks.WATER, masks.CLOUD, masks.SNOW, masks.NODATA, masks.VALID], dtype=np.uint8)
    assert usable(status).tolist() == [True, False, True, False, True]
    dates = [D(2018, 1, 1), D(2018, 1, 11), D(2018, 1, 21), D(2018, 1, 31), D(2018, 2, 10)]
    values = np.array([1.0, 50.0, 3.0, 50.0, 5.0], dtype=np.float32)
    out = gap_fill(values, usable(status), dates, dates)
    np.testing.assert_allclose(out, [1, 2, 3, 4, 5])


def test_gap_fill_matches_np_interp_on_random_pixels_and_bands():
    rng = np.random.default_rng(3)
    dates = sorted(D(2018, 1, 1) + dt.timedelta(days=int(d)) for d in rng.choice(200, 25, replace=False))
    out_dates = regular_dates("2017-12-20", "2018-07-30", 10)
    values = rng.random((25, 2, 7, 9), dtype=np.float32)
    valid = rng.random((25, 1, 7, 9)) < 0.4
    out = gap_fill(values, valid, dates, out_dates)
    assert out.shape == (len(out_dates), 2, 7, 9)
    t_in = np.array([d.toordinal() for d in dates], float)
    t_out = np.array([d.toordinal() for d in out_dates], float)
    for b in range(2):
        for r in range(7):
            for c in range(9):
                ok = valid[:, 0, r, c]
                if not ok.any():
                    assert np.isnan(out[:, b, r, c]).all()
                    continue
                ref = np.interp(t_out, t_in[ok], values[ok, b, r, c])
                np.testing.assert_allclose(out[:, b, r, c], ref, rtol=1e-5, atol=1e-6)


def test_gap_fill_sorts_dates_and_uses_the_last_of_duplicates():
    dates = [D(2018, 1, 21), D(2018, 1, 1), D(2018, 1, 1)]
    values = np.array([3.0, 1.0, 2.0], dtype=np.float32)
    out = gap_fill(values, np.ones(3, bool), dates, [D(2018, 1, 1), D(2018, 1, 11)])
    np.testing.assert_allclose(out, [2.0, 2.5])


def test_gap_fill_per_pixel_path_is_byte_identical_to_the_per_band_path():
    # One flag per pixel (valid of shape (T, 1, ...)) interpolates once per pixel; a full-shape flag array
    # takes the per-band path. Both must give the same bytes: unsorted dates, a shared date, NaN bands on
    # unusable dates, pixels without any usable date, a -0.0 value.
    rng = np.random.default_rng(5)
    dates = [D(2018, 3, 1) + dt.timedelta(days=int(d)) for d in rng.choice(220, 30, replace=False)]
    dates[7] = dates[3]
    out_dates = regular_dates("2018-02-01", "2018-11-30", 10)
    values = rng.random((30, 4, 6, 50), dtype=np.float32)
    valid = rng.random((30, 1, 6, 50)) < 0.5
    valid[:, :, 0, :5] = False
    values[~np.broadcast_to(valid, values.shape) & (rng.random(values.shape) < 0.5)] = np.nan
    values[:, 2, 1, 1] = -0.0
    per_pixel = gap_fill(values, valid, dates, out_dates)
    per_band = gap_fill(values, np.broadcast_to(valid, values.shape).copy(), dates, out_dates)
    assert per_pixel.tobytes() == per_band.tobytes()
    assert np.isnan(per_pixel[:, :, 0, :5]).all() and not np.isnan(per_pixel[:, :, 1:]).any()
    # a usable date with one NaN band: that band interpolates around it (per-band path), the others use it
    values[:, :, 2, 2] = 1.0
    valid[:, :, 2, 2] = True
    values[10, 0, 2, 2] = np.nan
    values[10, 1, 2, 2] = 5.0
    mixed = gap_fill(values, valid, dates, [dates[10]])
    assert mixed[0, 0, 2, 2] == 1.0 and mixed[0, 1, 2, 2] == 5.0


def test_gap_fill_without_observations_is_nan():
    out = gap_fill(np.zeros((0, 3), np.float32), np.zeros((0, 3), bool), [], [D(2018, 1, 1)])
    assert out.shape == (1, 3) and np.isnan(out).all()


# --- block reading -----------------------------------------------------------------
def test_read_series_block_stacks_dates_and_marks_nan_as_nodata():
    grid = small_grid()
    refl = np.full((len(ALL), 4, 6), 0.2, np.float32)
    refl[ALL.index("B08"), 2, 3] = np.nan
    st = np.zeros((4, 6), np.uint8)
    st[0, 0] = masks.CLOUD
    acqs = [FakeAcquisition(D(2018, 5, 1), grid, refl, st),
            FakeAcquisition(D(2018, 5, 11), grid, refl * 2, np.full((4, 6), masks.WATER))]
    r, s = read_series_block(acqs, grid, 1, 3, ["B04", "B08"])
    assert r.shape == (2, 2, 3, 6) and s.shape == (2, 3, 6) and s.dtype == np.uint8
    np.testing.assert_allclose(r[1, 0], 0.4)
    assert s[0, 1, 3] == masks.NODATA and s[0, 0, 0] == masks.VALID   # row 1 of the grid
    assert s[1, 0, 0] == masks.WATER


# --- composite -------------------------------------------------------------------
def test_composite_median_and_best_pixel_hand_computed():
    dates = [D(2018, 8, 1), D(2018, 8, 11), D(2018, 8, 21), D(2018, 8, 31)]
    refl = np.zeros((4, 2, 1, 3), np.float32)
    refl[:, 0, 0, :] = np.array([[0.1, 0.4, 0.3, 0.2]]).T      # band 0, same series in each pixel
    refl[:, 1, 0, :] = np.array([[1.0, 2.0, 3.0, 4.0]]).T
    ok = np.ones((4, 1, 3), bool)
    ok[2, 0, 1] = False          # pixel 1: the date at the centre is cloudy
    ok[:, 0, 2] = False          # pixel 2: never usable
    med = composite_block(refl, ok, dates, "median")
    np.testing.assert_allclose(med[:, 0, 0], [0.25, 2.5])
    np.testing.assert_allclose(med[:, 0, 1], [0.2, 2.0])       # median of 0.1, 0.4, 0.2 / 1, 2, 4
    assert np.isnan(med[:, 0, 2]).all()
    # centre 08-16: 08-11 and 08-21 are both 5 days away -> the earlier wins; when 08-21 is cloudy too.
    best = composite_block(refl, ok, dates, "best", D(2018, 8, 16))
    np.testing.assert_allclose(best[:, 0, 0], [0.4, 2.0])
    np.testing.assert_allclose(best[:, 0, 1], [0.4, 2.0])
    best = composite_block(refl, ok, dates, "best", D(2018, 8, 20))
    np.testing.assert_allclose(best[:, 0, 0], [0.3, 3.0])
    np.testing.assert_allclose(best[:, 0, 1], [0.4, 2.0])      # 08-21 cloudy -> 08-11 (9 days) over 08-31
    assert np.isnan(best[:, 0, 2]).all()


def test_write_composite_with_count_and_styles(tmp_path):
    grid = small_grid(1000, 12)   # 1000 px wide: the 1 MB minimum budget gives several row blocks
    rng = np.random.default_rng(0)
    acqs = []
    for i in range(5):
        st = np.where(rng.random((12, 1000)) < 0.3, masks.CLOUD, masks.VALID).astype(np.uint8)
        acqs.append(FakeAcquisition(D(2018, 8, 1) + dt.timedelta(days=5 * i), grid,
                                    rng.random((len(ALL), 12, 1000)), st))
    out = str(tmp_path / "comp.tif")
    count = str(tmp_path / "count.tif")
    steps = []
    reporter = Reporter(on_progress=steps.append)
    bands = write_composite(acqs, grid, out, method="median", count_path=count, memory_mb=1, reporter=reporter)
    assert bands == ["B02", "B03", "B04", "B08"]
    assert len(steps) >= 3 and steps[-1] == 100.0
    ds = gdal.Open(out)
    assert ds.RasterCount == 4 and ds.GetRasterBand(3).GetDescription() == "B04"
    data = ds.ReadAsArray()
    refl = np.stack([a.refl for a in acqs])[:, [0, 1, 2, 6]]
    ok = np.stack([a.status for a in acqs]) == masks.VALID
    expected = composite_block(refl, ok, [a.date for a in acqs], "median")
    np.testing.assert_allclose(data, expected, rtol=1e-6)
    np.testing.assert_array_equal(gdal.Open(count).ReadAsArray(), ok.sum(axis=0))
    true = open(str(tmp_path / "comp.qml")).read()
    assert 'redBand="3" greenBand="2" blueBand="1"' in true and "<maxValue>0.2</maxValue>" in true
    false = open(str(tmp_path / "comp_falsecolour.qml")).read()
    assert 'redBand="4" greenBand="3" blueBand="2"' in false
    assert not [f for f in os.listdir(str(tmp_path)) if f.endswith(".part")]


def test_composite_styles_follow_the_band_order(tmp_path):
    grid = small_grid(3, 2)
    acq = FakeAcquisition(D(2018, 8, 1), grid, np.full((len(ALL), 2, 3), 0.1), np.zeros((2, 3)))
    out = str(tmp_path / "c.tif")
    write_composite([acq], grid, out, bands=["B08", "B04", "B03", "B02"], method="best")
    assert 'redBand="2" greenBand="3" blueBand="4"' in open(str(tmp_path / "c.qml")).read()
    assert 'redBand="1" greenBand="2" blueBand="3"' in open(str(tmp_path / "c_falsecolour.qml")).read()


def test_composite_bad_inputs(tmp_path):
    grid = small_grid(3, 2)
    out = str(tmp_path / "c.tif")
    with pytest.raises(InputError, match="No image in the period"):
        write_composite([], grid, out)
    cloudy = FakeAcquisition(D(2018, 8, 1), grid, np.full((len(ALL), 2, 3), 0.1), np.full((2, 3), masks.CLOUD))
    with pytest.raises(InputError, match="Every pixel is cloudy or without data on all 1 images"):
        write_composite([cloudy], grid, out)
    assert os.listdir(str(tmp_path)) == []
    with pytest.raises(InputError, match="Unknown band 'B13'"):
        write_composite([cloudy], grid, out, bands=["B04", "B13"])
    with pytest.raises(InputError, match="Unknown composite method 'mean'"):
        write_composite([cloudy], grid, out, method="mean")


def test_median_matches_numpy_nanmedian():
    from cropmapper.science.series.composite import median_of_first

    rng = np.random.default_rng(5)
    data = rng.random((9, 40), dtype=np.float32)
    data[rng.random((9, 40)) < 0.5] = np.nan
    data[:, 0] = np.nan
    count = np.isfinite(data).sum(axis=0)
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = np.nanmedian(data, axis=0)
    np.testing.assert_allclose(median_of_first(data, count), expected, rtol=1e-6)
