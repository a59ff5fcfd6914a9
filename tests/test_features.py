"""Indices, temporal features, FeatureSpec and the block-wise feature raster (science/series/features.py)."""
import datetime as dt
import json
import os

import numpy as np
import pytest
from osgeo import gdal, osr

from cropmapper.science.series import features as F
from cropmapper.science.series import sen2agri as s2a
from cropmapper.science import masks
from cropmapper.science.errors import Cancelled, InputError
from cropmapper.science.series.features import FeatureSpec, compute_features, write_feature_raster
from cropmapper.science.progress import Reporter
from cropmapper.science.series.timeseries import gap_fill, regular_dates
from conftest import FLANDERS, FLANDERS_SAFE, needs
from test_timeseries import ALL, FakeAcquisition, small_grid

D = dt.date


# --- indices -------------------------------------------------------------------
def test_indices_follow_their_formulas_in_floating_point_on_uint16_input():
    nir = np.array([3000, 5000, 0], dtype=np.uint16)
    red = np.array([5000, 3000, 0], dtype=np.uint16)
    # integer maths would wrap 3000 - 5000 and truncate the quotient to 0
    np.testing.assert_allclose(F.ndvi(nir, red)[:2], [-0.25, 0.25])
    assert F.ndvi(nir, red)[2] == 0                            # 0 / 0 -> 0, as Sen2-Agri (not NaN)
    np.testing.assert_allclose(F.ndwi(np.uint16([1000]), np.uint16([3000])), [-0.5])
    np.testing.assert_allclose(F.brightness(np.uint16([1]), np.uint16([2]), np.uint16([2]), np.uint16([4])), [5.0])
    np.testing.assert_allclose(F.ndre(np.uint16([300]), np.uint16([100])), [0.5])
    np.testing.assert_allclose(F.ndre2(np.uint16([100]), np.uint16([300])), [-0.5])
    # IRECI = (B07 - B04) / (B05 / B06) = (400 - 100) / (200 / 600) = 900
    np.testing.assert_allclose(F.ireci(np.uint16([100]), np.uint16([200]), np.uint16([600]), np.uint16([400])), [900])
    assert F.ireci(np.uint16([100]), np.uint16([0]), np.uint16([600]), np.uint16([400]))[0] == 0
    assert np.isnan(F.ndvi(np.float32([np.nan]), np.float32([0.1]))[0])  # no data stays no data
    assert F.ndvi(nir, red).dtype == np.float32


def test_indices_on_reflectance():
    g, r, n, s = 0.05, 0.04, 0.40, 0.20
    assert F.ndvi(n, r) == pytest.approx((n - r) / (n + r), rel=1e-6)
    assert F.ndwi(s, n) == pytest.approx((s - n) / (s + n), rel=1e-6)
    assert F.brightness(g, r, n, s) == pytest.approx((g * g + r * r + n * n + s * s) ** 0.5, rel=1e-6)


# --- temporal features ---------------------------------------------------------
def hat_curve():
    # rises 0.1 per step from 0.05 to 0.85 (index 8), falls 0.2 per step to 0.05 (index 12), flat after.
    return np.array([0.05 + 0.1 * i for i in range(9)] + [0.65, 0.45, 0.25, 0.05, 0.05, 0.05], np.float32)


def test_ndvi_temporal_features_on_a_hat_curve():
    x = hat_curve()
    got = dict(zip(F.NDVI_TEMPORAL, F.ndvi_temporal(x[:, None], 10)[:, 0]))
    assert got["max"] == pytest.approx(0.85)
    assert got["mean"] == pytest.approx(x.mean(), rel=1e-6)
    assert got["std"] == pytest.approx(x.std(), rel=1e-5)
    assert got["maxrise"] == pytest.approx(0.1, rel=1e-5)
    assert got["maxfall"] == pytest.approx(0.2, rel=1e-5)
    assert got["plateau"] == 2            # 0.75 and 0.85 are >= 0.8 * 0.85 = 0.68; 0.65 is not
    assert got["risearea"] == pytest.approx(10 * (0.1 + 0.2 + 0.3 + 0.4 + 0.5 + 0.6 + 0.7 + 0.8), rel=1e-5)
    assert got["fallarea"] == pytest.approx(10 * (0.8 + 0.6 + 0.4 + 0.2), rel=1e-5)
    assert got["duration"] == 50          # 0.55, 0.65, 0.75, 0.85, 0.65 >= 0.5: 5 dates x 10 days
    assert got["maxslope"] == pytest.approx(0.2 / 20, rel=1e-5)


def test_ndvi_temporal_edge_cases():
    flat_bare = np.full((6, 1), 0.1, np.float32)
    water = np.full((6, 1), -0.3, np.float32)
    nan = np.full((6, 1), np.nan, np.float32)
    got = F.ndvi_temporal(np.concatenate([flat_bare, water, nan], axis=1), 10)
    names = list(F.NDVI_TEMPORAL)
    assert got[names.index("plateau")].tolist()[:2] == [6, 0]      # max <= 0 -> no plateau
    assert got[names.index("duration")].tolist()[:2] == [0, 0]
    assert got[names.index("risearea")].tolist()[:2] == [0, 0]
    assert np.isnan(got[:, 2]).all()


def test_series_stats():
    x = np.array([[1.0], [4.0], [2.0], [3.0], [10.0]], np.float32)
    np.testing.assert_allclose(F.series_stats(x)[:, 0], [10, 1, 4, 3, np.std([1, 4, 2, 3, 10])], rtol=1e-6)


# --- FeatureSpec ---------------------------------------------------------------
def test_feature_spec_names_and_bands():
    spec = FeatureSpec([D(2018, 3, 1), D(2018, 3, 11)], ["b03", "B04"], ["bands", "indices", "temporal", "rededge"])
    assert spec.read_bands() == ["B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11"]
    names = spec.names()
    assert names[:4] == ["B03_20180301", "B04_20180301", "B03_20180311", "B04_20180311"]
    assert names[4:7] == ["NDVI_20180301", "NDWI_20180301", "BRIGHTNESS_20180301"]
    assert names[10:13] == ["NDRE_20180301", "NDRE2_20180301", "IRECI_20180301"]
    assert names[16:] == (["NDVI_" + f for f in F.NDVI_TEMPORAL] + ["NDWI_" + f for f in F.STATS]
                          + ["BRIGHTNESS_" + f for f in F.STATS])
    assert len(names) == 4 + 6 + 6 + 20
    assert FeatureSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_feature_spec_rejects_bad_input():
    with pytest.raises(InputError, match="Unknown band 'B13': choose among B01, B02"):
        FeatureSpec([D(2018, 3, 1)], ["B04", "B13"])
    with pytest.raises(InputError, match="Unknown feature set 'texture'"):
        FeatureSpec([D(2018, 3, 1)], sets=["bands", "texture"])
    with pytest.raises(InputError, match="date grid is empty"):
        FeatureSpec([])


def test_compute_features_layout_matches_names():
    rng = np.random.default_rng(1)
    spec = FeatureSpec(regular_dates("2018-03-01", "2018-04-30", 10), sets=["bands", "indices", "temporal", "rededge"])
    rb = spec.read_bands()
    filled = rng.random((len(spec.dates), len(rb), 3, 4), dtype=np.float32) + 0.01
    feats = compute_features(spec, filled)
    names = spec.names()
    assert feats.shape == (len(names), 3, 4) and feats.dtype == np.float32
    f = dict(zip(names, feats))
    b = {name: filled[:, i] for i, name in enumerate(rb)}
    np.testing.assert_allclose(f["B11_20180311"], b["B11"][1])
    np.testing.assert_allclose(f["NDVI_20180321"], F.ndvi(b["B08"][2], b["B04"][2]))
    np.testing.assert_allclose(f["NDRE_20180430"], F.ndre(b["B8A"][6], b["B05"][6]))
    series = F.ndvi(b["B08"], b["B04"])
    np.testing.assert_allclose(f["NDVI_max"], series.max(axis=0))
    np.testing.assert_allclose(f["BRIGHTNESS_median"],
                               np.median(F.brightness(b["B03"], b["B04"], b["B08"], b["B11"]), axis=0), rtol=1e-6)


# --- the feature raster -----------------------------------------------------------
def scene(width=400, height=20, n=12, seed=7):
    """Random reflectance with clouds, water, snow, one all-cloudy column, two images on one date."""
    rng = np.random.default_rng(seed)
    grid = small_grid(width, height)
    acqs = []
    for i in range(n):
        date = D(2018, 3, 1) + dt.timedelta(days=7 * i)
        status = rng.choice([masks.VALID, masks.WATER, masks.SNOW, masks.CLOUD, masks.NODATA],
                            size=(height, width), p=[0.5, 0.1, 0.1, 0.2, 0.1]).astype(np.uint8)
        status[:, 0] = masks.CLOUD
        acqs.append(FakeAcquisition(date, grid, rng.random((len(ALL), height, width)) * 0.5 + 0.01, status))
    # a second image on the last date (e.g. the overlap of two tiles)
    status = np.full((height, width), masks.VALID, np.uint8)
    status[:, 0] = masks.NODATA
    status[:, 1] = masks.CLOUD
    acqs.append(FakeAcquisition(acqs[-1].date, grid, rng.random((len(ALL), height, width)) * 0.5, status,
                                source="other_tile"))
    return grid, acqs


def expected_features(acqs, spec):
    refl = np.stack([a.refl for a in acqs])[:, [ALL.index(b) for b in spec.read_bands()]]
    ok = masks.is_usable(np.stack([a.status for a in acqs]))
    return compute_features(spec, gap_fill(refl, ok[:, None], [a.date for a in acqs], spec.dates))


def test_feature_raster_equals_compute_features_whatever_the_memory(tmp_path):
    grid, acqs = scene()
    spec = FeatureSpec(regular_dates("2018-03-01", "2018-05-20", 10))
    steps = []
    small = str(tmp_path / "small.tif")
    names = write_feature_raster(acqs, grid, spec, small, str(tmp_path / "flags.tif"), memory_mb=1,
                                 reporter=Reporter(on_progress=steps.append))
    assert len(steps) >= 10 and steps[-1] == 100.0      # one progress step per block
    big = str(tmp_path / "big.tif")
    assert write_feature_raster(acqs, grid, spec, big, memory_mb=512) == names == spec.names()
    a, b = gdal.Open(small), gdal.Open(big)
    assert a.RasterCount == len(names)
    assert [a.GetRasterBand(i + 1).GetDescription() for i in range(a.RasterCount)] == names
    assert np.isnan(a.GetRasterBand(1).GetNoDataValue())
    assert a.GetRasterBand(1).DataType == gdal.GDT_Float32
    data = a.ReadAsArray()
    np.testing.assert_array_equal(data, b.ReadAsArray())
    np.testing.assert_allclose(data, expected_features(acqs, spec), rtol=1e-6, atol=1e-7)
    assert np.isnan(data[:, :, 0]).all() and np.isfinite(data[:, :, 2:]).all()
    assert FeatureSpec.from_dict(json.loads(a.GetMetadataItem("CROPMAPPER_FEATURE_SPEC"))) == spec
    assert 'band="%d"' % (names.index("NDVI_max") + 1) in open(str(tmp_path / "small.qml")).read()
    assert not [f for f in os.listdir(str(tmp_path)) if f.endswith(".part")]


def test_flags_count_dates_exactly(tmp_path):
    grid, acqs = scene(width=30, height=5)
    flags = str(tmp_path / "flags.tif")
    write_feature_raster(acqs, grid, FeatureSpec([D(2018, 4, 1)], sets=["indices"]), str(tmp_path / "f.tif"), flags)
    ds = gdal.Open(flags)
    assert ds.RasterCount == 4 and ds.GetRasterBand(1).DataType == gdal.GDT_UInt16
    assert [ds.GetRasterBand(i + 1).GetDescription() for i in range(4)] == list(F.FLAG_NAMES)
    got = ds.ReadAsArray()
    # by hand: the 12 dates, the last one taking the best status of its two images
    status = np.stack([a.status for a in acqs[:-1]])
    status[-1] = np.minimum(status[-1], acqs[-1].status)
    np.testing.assert_array_equal(got[0], (status == masks.VALID).sum(0))
    np.testing.assert_array_equal(got[1], (status == masks.WATER).sum(0))
    np.testing.assert_array_equal(got[2], (status == masks.SNOW).sum(0))
    np.testing.assert_array_equal(got[3], (status >= masks.CLOUD).sum(0))
    assert (got.sum(axis=0) == 12).all()
    assert got[3, 0, 0] == 12 and got[0, 0, 2] >= 1
    assert 'maximumValue="12"' in open(str(tmp_path / "flags.qml")).read()


def write_extra(path, grid_wkt, gt, width, height, arrays, descriptions):
    ds = gdal.GetDriverByName("GTiff").Create(path, width, height, len(arrays), gdal.GDT_Float32)
    ds.SetGeoTransform(gt)
    ds.SetProjection(grid_wkt)
    for i, (arr, desc) in enumerate(zip(arrays, descriptions)):
        ds.GetRasterBand(i + 1).WriteArray(arr)
        if desc:
            ds.GetRasterBand(i + 1).SetDescription(desc)
    ds = None


def test_extra_rasters_are_warped_and_appended(tmp_path):
    grid, acqs = scene(width=40, height=30)
    spec = FeatureSpec([D(2018, 4, 1)], sets=["indices"])
    # 20 m raster, same CRS, shifted by 5 m, covering the grid with margin; values linear in x and y
    x0, y0 = grid.geotransform[0] - 105, grid.geotransform[3] + 95
    cols, rows = 30, 25
    xc = x0 + 20 * (np.arange(cols) + 0.5)
    yc = y0 - 20 * (np.arange(rows) + 0.5)
    ramp_x = np.tile((xc - 500000) / 100.0, (rows, 1)).astype(np.float32)
    ramp_y = np.tile(((5630000 - yc) / 100.0)[:, None], (1, cols)).astype(np.float32)
    extra = str(tmp_path / "s1_coherence.tif")
    write_extra(extra, grid.crs_wkt, (x0, 20, 0, y0, 0, -20), cols, rows, [ramp_x, ramp_y], ["VV_coh", ""])
    out = str(tmp_path / "f.tif")
    names = write_feature_raster(acqs, grid, spec, out, extra_rasters=[extra], memory_mb=1)
    assert names == spec.names() + ["VV_coh", "s1_coherence_b2"]
    ds = gdal.Open(out)
    assert ds.GetRasterBand(5).GetDescription() == "s1_coherence_b2"
    got_x, got_y = ds.GetRasterBand(4).ReadAsArray(), ds.GetRasterBand(5).ReadAsArray()
    # bilinear interpolation of a linear ramp is exact at the 10 m pixel centres
    px = grid.geotransform[0] + 10 * (np.arange(40) + 0.5)
    py = grid.geotransform[3] - 10 * (np.arange(30) + 0.5)
    np.testing.assert_allclose(got_x, np.tile((px - 500000) / 100.0, (30, 1)), atol=1e-3)
    np.testing.assert_allclose(got_y, np.tile(((5630000 - py) / 100.0)[:, None], (1, 40)), atol=1e-3)


def test_extra_raster_in_another_crs(tmp_path):
    grid, acqs = scene(width=20, height=20)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    # a constant 0.7 in lon/lat covering the grid (~50.8 N, 3.0 E)
    extra = str(tmp_path / "geo.tif")
    write_extra(extra, srs.ExportToWkt(), (2.99, 0.0001, 0, 50.83, 0, -0.0001), 200, 200,
                [np.full((200, 200), 0.7, np.float32)], ["const"])
    out = str(tmp_path / "f.tif")
    write_feature_raster(acqs, grid, FeatureSpec([D(2018, 4, 1)], sets=["indices"]), out, extra_rasters=[extra])
    ds = gdal.Open(out)
    np.testing.assert_allclose(ds.GetRasterBand(4).ReadAsArray(), 0.7, rtol=1e-6)


def test_bad_inputs_leave_nothing_behind(tmp_path):
    grid, acqs = scene(width=10, height=4)
    spec = FeatureSpec([D(2018, 4, 1)])
    out = str(tmp_path / "f.tif")
    with pytest.raises(InputError, match="No image in the period"):
        write_feature_raster([], grid, spec, out)
    for a in acqs:
        a.status[:] = masks.CLOUD
    with pytest.raises(InputError, match="Every pixel is cloudy or without data on all 13 images"):
        write_feature_raster(acqs, grid, spec, out, str(tmp_path / "flags.tif"))
    no_swir = FakeAcquisition(D(2018, 4, 1), grid, np.zeros((3, 4, 10)), np.zeros((4, 10)), bands=["B03", "B04", "B08"])
    with pytest.raises(InputError, match="has no band B11"):
        write_feature_raster([no_swir], grid, spec, out)
    grid, acqs = scene(width=10, height=4)
    with pytest.raises(Cancelled):
        write_feature_raster(acqs, grid, spec, out, str(tmp_path / "flags.tif"),
                             reporter=Reporter(is_canceled=lambda: True))
    with pytest.raises(InputError, match="Cannot open the extra raster"):
        write_feature_raster(acqs, grid, spec, out, extra_rasters=[str(tmp_path / "missing.tif")])
    assert os.listdir(str(tmp_path)) == []


def test_partly_cloudy_warns_and_gives_nan(tmp_path):
    grid, acqs = scene(width=10, height=4)
    reporter = Reporter()
    out = str(tmp_path / "f.tif")
    write_feature_raster(acqs, grid, FeatureSpec([D(2018, 4, 1)]), out, reporter=reporter)
    assert ("WARNING: 4 of 40 pixels (10.0 %) have no cloud-free observation: their features are NaN."
            in reporter.messages)
    assert np.isnan(gdal.Open(out).ReadAsArray()[:, :, 0]).all()


# --- real data -------------------------------------------------------------------
@needs(FLANDERS_SAFE)
def test_real_patch_maize_and_grassland_ndvi_phenology(tmp_path):
    """Flanders 2018 SAFE products (their SCL masks clouds; the dated GeoTIFFs carry no mask). The CT labels
    hold maize (1200), permanent grass (9120), other leguminous, cabbages and potatoes: no cereals, so
    grassland is the spring-green reference."""
    from cropmapper.science.io.readers import prepare

    ct = gdal.Open(os.path.join(FLANDERS, "labels_ct_10m.tif")).ReadAsArray()
    codes = set(np.unique(ct).tolist())
    assert {1200, 9120} <= codes and not [c for c in codes if 1000 <= c < 2000 and c != 1200]
    acqs, grid = prepare([FLANDERS_SAFE], "2018-03-01", "2018-11-30")
    assert (grid.width, grid.height) == ct.shape[::-1]
    spec = FeatureSpec(regular_dates("2018-03-01", "2018-11-30", 10), sets=["indices"])
    out = str(tmp_path / "real.tif")
    names = write_feature_raster(acqs, grid, spec, out)
    data = gdal.Open(out).ReadAsArray()
    ndvi = data[[i for i, n in enumerate(names) if n.startswith("NDVI_")]]
    maize = np.nanmedian(ndvi[:, ct == 1200], axis=1)
    grass = np.nanmedian(ndvi[:, ct == 9120], axis=1)
    months = np.array([d.month for d in spec.dates])
    spring = (months == 4) | (months == 5)
    peak = int(np.argmax(maize))
    # maize peaks in summer (July-September) ...
    assert 7 <= spec.dates[peak].month <= 9, spec.dates[peak]
    # ... after bare soil at sowing: below half its peak (bare soil ~0.1-0.3, closed canopy > 0.7), and
    # that low comes before the peak
    low = int(np.flatnonzero(spring)[np.argmin(maize[spring])])
    assert maize[low] < 0.5 * maize[peak] and low < peak
    # grassland is green all spring: its spring median is within 20 % of maize's summer peak, and on the
    # date maize is bare it is greener by far more than the day-to-day noise of the medians (~0.1)
    assert np.median(grass[spring]) >= 0.8 * maize[peak]
    assert grass[low] - maize[low] > 0.3


def test_blocks_are_whole_tiles():
    mb = 1024 * 1024
    # 1000 px wide, 100 bytes per pixel: 1 MB holds 10 rows -> 10-row blocks, 16-row tiles
    assert F.aligned_blocks(50, 1000, 100, 1) == ([(0, 10), (10, 10), (20, 10), (30, 10), (40, 10)], 16)
    # 40 rows per MB -> blocks of 32 rows on 32-row tiles
    blocks, tile = F.aligned_blocks(100, 1000, mb / 40000, 1)
    assert tile == 32 and blocks == [(0, 32), (32, 32), (64, 32), (96, 4)]
    blocks, tile = F.aligned_blocks(2000, 1000, mb / 600000, 1)      # 600 rows -> 512
    assert tile == 256 and blocks[0] == (0, 512) and blocks[-1] == (1536, 464)
    assert F.aligned_blocks(100, 10, 100, 512) == ([(0, 100)], 256)
    # 24 rows per MB: 16-row blocks would leave a third of the budget unused -> 24-row blocks, 16-row tiles
    blocks, tile = F.aligned_blocks(100, 1000, mb / 24500, 1)
    assert tile == 16 and blocks == [(0, 24), (24, 24), (48, 24), (72, 24), (96, 4)]


def test_negative_reflectance_is_clipped_before_the_indices():
    spec = FeatureSpec([D(2018, 4, 1)], sets=["bands", "indices"])
    filled = np.zeros((1, len(spec.read_bands()), 1, 1), np.float32)
    rb = spec.read_bands()
    filled[0, rb.index("B08")] = 0.01
    filled[0, rb.index("B04")] = -0.02
    f = dict(zip(spec.names(), compute_features(spec, filled)[:, 0, 0]))
    assert f["NDVI_20180401"] == 1.0 and f["B04_20180401"] == 0.0   # not (0.01 + 0.02) / (0.01 - 0.02) = -3


def test_sen2agri_sets_in_a_spec():
    dates = [D(2018, 4, 1) + dt.timedelta(days=10 * i) for i in range(8)]
    spec = FeatureSpec(dates, sets=["sen2agri", "sen2agri_rededge", "ndvi"], window=3)
    assert spec.read_bands() == ["B02", "B03", "B04", "B05", "B06", "B07", "B08", "B11"]
    names = spec.names()
    assert names[:27] == list(s2a.SUMMARY) and names[27:31] == ["re_ndvi_20180401", "chl_re_20180401",
                                                               "psri_20180401", "s2rep_20180401"]
    assert names[-8:] == ["NDVI_" + d.strftime("%Y%m%d") for d in dates] and len(names) == 27 + 32 + 8
    rng = np.random.default_rng(0)
    filled = rng.uniform(0.01, 0.5, (8, 8, 2, 3)).astype(np.float32)
    got = compute_features(spec, filled)
    rb = spec.read_bands()
    flat = {b: filled[:, i].reshape(8, -1) for i, b in enumerate(rb)}
    want = s2a.summary_features(flat["B03"], flat["B04"], flat["B08"], flat["B11"], spec.days(), 3)
    np.testing.assert_array_equal(got[:27].reshape(27, -1), want)
    assert FeatureSpec.from_dict(spec.to_dict()) == spec and spec.to_dict()["window"] == 3


def test_sen2agri_crop_type_features_in_its_order():
    # one pixel, two dates; per date Sen2-Agri's order: B03 B04 B08 B11 B05 B06 B07 B8A NDVI NDWI brightness
    spec = F.FeatureSpec([dt.date(2018, 5, 1), dt.date(2018, 5, 11)], (), ("sen2agri_dates",))
    rb = spec.read_bands()
    assert rb == ["B03", "B04", "B05", "B06", "B07", "B08", "B8A", "B11"]
    values = {"B03": 0.1, "B04": 0.05, "B05": 0.12, "B06": 0.3, "B07": 0.35, "B08": 0.45, "B8A": 0.4, "B11": 0.15}
    filled = np.array([[[[values[b]]] for b in rb], [[[values[b] * 2]] for b in rb]], np.float32)
    got = F.compute_features(spec, filled)[:, 0, 0]
    assert spec.names()[:11] == ["%s_20180501" % n for n in
                                 ("B03", "B04", "B08", "B11", "B05", "B06", "B07", "B8A", "NDVI", "NDWI", "BRIGHTNESS")]
    ndvi, ndwi = (0.45 - 0.05) / 0.5, (0.15 - 0.45) / 0.6
    bright = np.sqrt(0.1 ** 2 + 0.05 ** 2 + 0.45 ** 2 + 0.15 ** 2)
    first = [0.1, 0.05, 0.45, 0.15, 0.12, 0.3, 0.35, 0.4, ndvi, ndwi, bright]
    assert got[:11] == pytest.approx(first, abs=1e-6)
    # the second date: reflectances doubled, the ratios unchanged, brightness doubled
    assert got[11:] == pytest.approx([v * 2 for v in first[:8]] + [ndvi, ndwi, 2 * bright], abs=1e-6)
