"""Sentinel-2 L2A readers: real Flanders products (skipped when absent) and products written by
science.sim.s2_writers (SAFE both baselines, zip, MAJA, other UTM zone, filters, corrupt inputs)."""
import csv
import datetime as dt
import glob
import os
import shutil

import numpy as np
import pytest
from osgeo import gdal, osr

from conftest import FLANDERS, FLANDERS_SAFE, needs
from cropmapper.science import masks
from cropmapper.science.sim import s2_writers
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.progress import Reporter
from cropmapper.science.io.readers import S2_BANDS, discover, prepare
from cropmapper.science.io.readers.base import CACHE

STACK = os.path.join(FLANDERS, "s2_l2a_stack_10m.tif")
SCL_STACK = os.path.join(FLANDERS, "scl_stack_10m.tif")
DATES = os.path.join(FLANDERS, "dates")


def utm_wkt(zone):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32600 + zone)
    return srs.ExportToWkt()


def ref_values(dn):
    """uint16 x 10000 (0 = no data) -> float32 reflectance, as the readers must give it."""
    return np.where(dn == 0, np.nan, dn / 10000.0).astype(np.float32)


# --- real data -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def flanders_safe():
    reporter = Reporter()
    acqs = discover([FLANDERS_SAFE], reporter=reporter)
    return acqs, Grid.from_raster(STACK), reporter


@needs(FLANDERS_SAFE)
def test_safe_products_equal_dated_geotiffs(flanders_safe):
    acqs, grid, reporter = flanders_safe
    assert len(acqs) == 118
    assert sum(a.source.endswith(".zip") for a in acqs) > 30
    assert sum("Using " in m for m in reporter.messages) == 118
    for i, acq in enumerate(acqs):
        path = os.path.join(DATES, "S2L2A_%s.tif" % acq.datetime[:19].replace("-", "").replace(":", ""))
        ds = gdal.Open(path)
        # all 10 bands for every 8th product, B04 and B08 for all of them
        bands = list(S2_BANDS) if i % 8 == 0 else ["B04", "B08"]
        expected = ref_values(np.stack([ds.GetRasterBand(S2_BANDS.index(b) + 1).ReadAsArray() for b in bands]))
        got = acq.read(bands, grid)
        assert got.dtype == np.float32 and got.shape == (len(bands), 64, 64)
        np.testing.assert_array_equal(got, expected, err_msg=acq.source)
        assert acq.tile == "31UES" and acq.platform in ("S2A", "S2B") and acq.kind == "safe"


@needs(FLANDERS_SAFE)
def test_safe_products_match_expected_csv(flanders_safe):
    acqs, grid, _ = flanders_safe
    by_time = {a.datetime[:19]: a for a in acqs}
    with open(os.path.join(FLANDERS_SAFE, "expected.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 118
    for row in rows:
        acq = by_time[row["datetime"]]
        assert os.path.basename(acq.source) == row["path"]
        assert acq.platform == row["platform"]
        scl = acq.read_scl(grid)
        b04, b08 = acq.read(["B04", "B08"], grid).astype(np.float64)
        clear = np.isin(scl, (4, 5, 6, 7, 11))
        assert int(clear.sum()) == int(row["n_valid_pixels"]), row["product_name"]
        if clear.any():
            assert b04[clear].mean() == pytest.approx(float(row["mean_b04_reflectance"]), abs=1e-7)
            assert b08[clear].mean() == pytest.approx(float(row["mean_b08_reflectance"]), abs=1e-7)
        else:
            assert row["mean_b04_reflectance"] == "nan"


@needs(FLANDERS_SAFE)
def test_stack_equals_dated_geotiffs_and_safe_masks(flanders_safe):
    safe_acqs, grid, _ = flanders_safe
    stack = discover([STACK, SCL_STACK])
    dated = discover([DATES])
    assert len(stack) == len(dated) == 118
    assert [a.date for a in stack] == [a.date for a in dated] == [a.date for a in safe_acqs]
    assert {a.kind for a in stack} == {"stack"} and {a.kind for a in dated} == {"geotiff"}
    scl_ds = gdal.Open(SCL_STACK)
    n_cloud = 0
    for t, (s, d, safe) in enumerate(zip(stack, dated, safe_acqs)):
        np.testing.assert_array_equal(s.read(S2_BANDS, grid), d.read(S2_BANDS, grid))
        status = s.read_status(grid)
        # the 20 m SCL of the SAFE product replicated = the 10 m SCL stack
        np.testing.assert_array_equal(status, safe.read_status(grid))
        scl = scl_ds.GetRasterBand(t + 1).ReadAsArray()
        assert (status == masks.CLOUD).sum() == np.isin(scl, (2, 3, 7, 8, 9, 10)).sum()
        assert np.all(status[np.isin(scl, (8, 9))] == masks.CLOUD)
        assert np.all(status[np.isin(scl, (4, 5))] == masks.VALID)
        n_cloud += int(np.isin(scl, (8, 9)).sum())
    assert n_cloud > 10000  # the series has plenty of cloudy pixels, so the check above means something


@needs(FLANDERS_SAFE)
def test_real_filters_and_row_windows(flanders_safe):
    acqs, grid, _ = flanders_safe
    reporter = Reporter()
    got = discover([FLANDERS_SAFE], start="2018-03-01", end="2018-05-31", max_cloud=20, reporter=reporter)
    expected = [a for a in acqs if dt.date(2018, 3, 1) <= a.date <= dt.date(2018, 5, 31) and a.cloud_percent <= 20]
    assert [a.datetime for a in got] == [a.datetime for a in expected] and 3 <= len(got) < 25
    assert any("too cloudy" in m for m in reporter.messages)
    acq = got[0]
    full = acq.read(["B05", "B11"], grid)
    np.testing.assert_array_equal(acq.read(["B05", "B11"], grid, row0=13, nrows=9), full[:, 13:22])
    np.testing.assert_array_equal(acq.read_status(grid, 13, 9), acq.read_status(grid)[13:22])


# --- simulated products ----------------------------------------------------------------------------
W = H = 40


def make_grid(zone=31, x0=500000.0, y0=5600000.0, w=W, h=H):
    return Grid(utm_wkt(zone), (x0, 10.0, 0.0, y0, 0.0, -10.0), w, h)


def make_bands(seed, w=W, h=H):
    """Reflectances on the 1e-4 grid; 20 m bands constant on 2x2 blocks so their 2x2 mean is exact."""
    rng = np.random.default_rng(seed)
    bands = {}
    for b in S2_BANDS:
        if b in s2_writers.BANDS_20M:
            v = np.kron(rng.integers(1, 6000, (h // 2, w // 2)), np.ones((2, 2)))
        else:
            v = rng.integers(1, 6000, (h, w)).astype(float)
        bands[b] = v / 10000.0
    bands["B04"][0, :3] = np.nan
    return bands


def make_scl(cloud_fraction=0.0, seed=0, w=W, h=H):
    """SCL with each 2x2 block constant (the 20 m SCL is exact): 4 everywhere, 0 on block (0, 0), water and
    snow blocks, and a top band of cloud (9) covering ``cloud_fraction`` of the rows."""
    scl = np.full((h, w), 4, dtype=np.uint8)
    scl[:2, :2] = 0
    scl[2:4, :2] = 6
    scl[4:6, :2] = 11
    scl[6:8, :2] = 3
    n = int(round(cloud_fraction * h / 2)) * 2
    scl[h - n:, :] = 9
    return scl


def expected_refl(bands, names):
    return np.stack([np.asarray(bands[b], dtype=np.float64) for b in names]).astype(np.float32)


@pytest.mark.parametrize("baseline,offset", [("05.00", 1000), ("02.09", 0)])
@pytest.mark.parametrize("as_zip", [False, True])
def test_safe_round_trip(tmp_path, baseline, offset, as_zip):
    grid = make_grid()
    bands, scl = make_bands(1), make_scl()
    path = s2_writers.write_safe(str(tmp_path), "2018-05-01T10:50:31", "31UES", "S2B", grid, bands, scl,
                                 baseline=baseline, as_zip=as_zip)
    assert os.path.basename(path) == "S2B_MSIL2A_20180501T105031_N%s_R051_T31UES_20180503T105031.SAFE%s" % (
        baseline.replace(".", ""), ".zip" if as_zip else "")
    (acq,) = discover([path])
    assert (acq.date, acq.tile, acq.platform, acq.baseline) == (dt.date(2018, 5, 1), "31UES", "S2B", baseline)
    assert acq.cloud_percent == 0.0 and acq.bands() == list(S2_BANDS)
    # the stored DN carries the offset of baselines >= 04.00, and the reader removes it
    dn = gdal.Open(acq.files["B03"]).ReadAsArray()
    np.testing.assert_array_equal(dn, np.rint(bands["B03"] * 10000) + offset)
    got = acq.read(S2_BANDS, grid)
    np.testing.assert_array_equal(got, expected_refl(bands, S2_BANDS))
    assert np.isnan(got[S2_BANDS.index("B04"), 0, :3]).all()
    status = acq.read_status(grid)
    assert status[0, 0] == masks.NODATA and status[2, 0] == masks.WATER and status[4, 1] == masks.SNOW
    assert status[6, 0] == masks.CLOUD and status[20, 20] == masks.VALID


def test_safe_legacy_layout_without_resolution_suffix(tmp_path):
    grid = make_grid()
    bands = make_bands(2)
    path = s2_writers.write_safe(str(tmp_path), "2017-06-01T10:30:21", "31UES", "S2A", grid, bands, make_scl(),
                                 baseline="02.04", legacy_names=True)
    for f in glob.glob(os.path.join(path, "GRANULE", "*", "IMG_DATA", "R10m", "*.jp2")):
        os.rename(f, f.replace("_10m.jp2", ".jp2"))  # older layouts: no resolution suffix
    scl = glob.glob(os.path.join(path, "GRANULE", "*", "IMG_DATA", "R20m", "*_SCL_20m.jp2"))[0]
    os.rename(scl, os.path.join(os.path.dirname(scl), "S2A_USER_SCL_L2A_TL_SGS__20170601T150000_T31UES_20m.jp2"))
    os.remove(os.path.join(path, "MTD_MSIL2A.xml"))  # date and tile from the names then
    (acq,) = discover([str(tmp_path)])
    assert acq.datetime == "2017-06-01T10:30:21" and acq.tile == "31UES" and acq.files["B02"].endswith("_B02.jp2")
    np.testing.assert_array_equal(acq.read(["B02", "B8A"], grid), expected_refl(bands, ["B02", "B8A"]))
    np.testing.assert_array_equal(acq.read_status(grid), masks.scl_status(make_scl()))


def test_maja_round_trip_with_mask_bits(tmp_path):
    grid = make_grid()
    bands = make_bands(3)
    mg2 = np.zeros((H, W), dtype=np.uint8)
    mg2[0, 0:8] = [0x01, 0x02, 0x04, 0x08, 0x03, 0x05, 0x10, 0x00]
    edg = np.zeros_like(mg2)
    edg[39, :] = 1
    sat = np.zeros_like(mg2)
    sat[1, 1] = 4
    for as_zip in (False, True):
        out = str(tmp_path / ("zip" if as_zip else "dir"))
        path = s2_writers.write_maja(out, "2018-07-03T10:40:21.457", "T31UES", "S2B", grid, bands,
                                     mg2=mg2, edg=edg, sat=sat, as_zip=as_zip)
        assert os.path.basename(path).startswith("SENTINEL2B_20180703-104021-457_L2A_T31UES_C_V2-2")
        (acq,) = discover([out])
        assert (acq.kind, acq.tile, acq.platform, acq.datetime) == ("maja", "31UES", "S2B", "2018-07-03T10:40:21.457000")
        assert acq.cloud_percent == pytest.approx(100.0 * 2 / 1600, abs=1)
        np.testing.assert_array_equal(acq.read(S2_BANDS, grid), expected_refl(bands, S2_BANDS))
        status = acq.read_status(grid)
        assert status[0, :8].tolist() == [masks.WATER, masks.CLOUD, masks.SNOW, masks.CLOUD, masks.CLOUD,
                                          masks.SNOW, masks.VALID, masks.VALID]
        assert status[1, 1] == masks.NODATA and (status[39] == masks.NODATA).all()
        assert (status[2:39, 8:] == masks.VALID).all()


def test_dated_geotiffs_with_masks_and_default_order(tmp_path):
    grid = make_grid()
    bands, scl = make_bands(4), make_scl(0.5)
    s2_writers.write_dated_geotiff(str(tmp_path), "2018-04-01T10:50:00", grid, bands, scl)
    p2 = s2_writers.write_dated_geotiff(str(tmp_path), "2018-04-11T10:50:00", grid, bands)
    ds = gdal.Open(p2, gdal.GA_Update)
    for i in range(ds.RasterCount):
        ds.GetRasterBand(i + 1).SetDescription("")  # no names: the default order applies
    ds.SetMetadata({})
    ds = None
    a1, a2 = discover([str(tmp_path)], max_cloud=60)
    assert a1.mask_path.endswith("S2L2A_20180401T105000_SCL.tif") and a2.mask_path is None
    assert a1.cloud_percent == pytest.approx(100.0 * 800 / 1596)  # 20 cloudy rows; 4 no-data pixels
    for acq in (a1, a2):
        np.testing.assert_array_equal(acq.read(["B12", "B02"], grid), expected_refl(bands, ["B12", "B02"]))
    assert (a1.read_status(grid)[20:] == masks.CLOUD).all()
    s2 = a2.read_status(grid)
    assert s2[0, :3].tolist() == [masks.NODATA] * 3 and (s2[1:] == masks.VALID).all()


def test_other_utm_zone_is_warped(tmp_path):
    # near 6 deg E: UTM 31 (reference) and UTM 32 products over the same ground
    ref_grid = make_grid(31, 700000.0, 5600000.0)
    bands = make_bands(5)
    s2_writers.write_safe(str(tmp_path), "2018-05-01T10:50:31", "31UFS", "S2A", ref_grid, bands, make_scl())
    src = osr.SpatialReference()
    src.ImportFromWkt(utm_wkt(31))
    dst = osr.SpatialReference()
    dst.ImportFromWkt(utm_wkt(32))
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    tr = osr.CoordinateTransformation(src, dst)
    xmin, ymin, xmax, ymax = tr.TransformBounds(*ref_grid.bounds, 21)
    g32 = Grid(utm_wkt(32), (np.floor(xmin / 10) * 10 - 40, 10, 0, np.ceil(ymax / 10) * 10 + 40, 0, -10),
               int((xmax - xmin) / 10) + 10, int((ymax - ymin) / 10) + 10)
    ident = (np.arange(g32.width * g32.height).reshape(g32.height, g32.width) % 5000 + 1) / 10000.0
    b32 = {b: ident for b in s2_writers.BANDS_10M}
    s2_writers.write_safe(str(tmp_path), "2018-05-04T10:50:31", "32ULB", "S2B", g32, b32, None)
    reporter = Reporter()
    acqs, grid = prepare([str(tmp_path)], reporter=reporter)
    assert grid == ref_grid and [a.tile for a in acqs] == ["31UFS", "32ULB"]
    assert any("is in EPSG:32632: warped to the reference grid (EPSG:32631)" in m for m in reporter.messages)
    assert "%s: no SCL file: only no-data pixels are masked (no cloud mask)" % acqs[1].source in reporter.messages
    got = acqs[1].read(["B04"], grid)[0]
    # expected: the UTM 32 pixel holding each reference pixel centre
    cols, rows = np.meshgrid(np.arange(W), np.arange(H))
    pts = np.array(tr.TransformPoints(np.c_[700005 + 10 * cols.ravel(), 5599995 - 10 * rows.ravel()]))
    c = np.floor((pts[:, 0] - g32.geotransform[0]) / 10).astype(int)
    r = np.floor((g32.geotransform[3] - pts[:, 1]) / 10).astype(int)
    expected = ident[r, c].reshape(H, W).astype(np.float32)
    assert np.mean(got == expected) > 0.98  # GDAL's approximate transformer may pick a neighbour at edges
    assert np.isin(got, ident.astype(np.float32)).all()
    assert (acqs[1].read_status(grid) == masks.VALID).all()  # no SCL: only no-data is known


def _series(tmp_path):
    """Four products: in period/clear, in period/cloudy, other tile, after the period."""
    grid, bands = make_grid(), make_bands(6)
    out = str(tmp_path / "series")
    p = [s2_writers.write_safe(out, "2018-05-01T10:50:31", "31UES", "S2A", grid, bands, make_scl(0.0)),
         s2_writers.write_safe(out, "2018-05-11T10:50:31", "31UES", "S2B", grid, bands, make_scl(0.8),
                               as_zip=True),
         s2_writers.write_safe(out, "2018-05-21T10:50:31", "31UFS", "S2A", grid, bands, make_scl(0.0)),
         s2_writers.write_safe(out, "2018-07-01T10:50:31", "31UES", "S2A", grid, bands, make_scl(0.0))]
    return out, p, grid, bands


def test_filters_log_every_skip_reason(tmp_path):
    out, p, grid, _ = _series(tmp_path)
    reporter = Reporter()
    acqs = discover([out], start="2018-05-01", end=dt.date(2018, 6, 30), tile="T31UES", max_cloud=50,
                    reporter=reporter)
    assert [a.source for a in acqs] == [p[0]]
    log = "\n".join(reporter.messages)
    assert "Using %s (2018-05-01T10:50:31, safe, tile 31UES, 0.0%% cloud)" % p[0] in log
    assert "Skipped %s (2018-05-11T10:50:31, safe, tile 31UES, 80.2%% cloud): too cloudy (80.2%% > 50%%)" % p[1] in log
    assert "Skipped %s (2018-05-21T10:50:31, safe, tile 31UFS, 0.0%% cloud): wrong tile 31UFS (not 31UES)" % p[2] in log
    assert ("Skipped %s (2018-07-01T10:50:31, safe, tile 31UES, 0.0%% cloud): outside the period 2018-05-01 to "
            "2018-06-30" % p[3]) in log
    assert "1 image(s) used, 3 skipped." in log
    assert len(discover([out])) == 4


def test_no_image_in_period_exact_message(tmp_path):
    out, _, _, _ = _series(tmp_path)
    with pytest.raises(InputError) as exc:
        discover([out], start="2019-01-01", end="2019-12-31")
    assert str(exc.value) == ("No image in the period 2019-01-01 to 2019-12-31: the 4 image(s) found are dated "
                              "2018-05-01 to 2018-07-01.")


def test_truncated_zip_and_corrupt_jp2_are_skipped_and_named(tmp_path):
    out, p, grid, bands = _series(tmp_path)
    with open(p[1], "r+b") as f:  # the zip
        f.truncate(os.path.getsize(p[1]) // 2)
    jp2 = glob.glob(os.path.join(p[0], "GRANULE", "*", "IMG_DATA", "R10m", "*_B04_10m.jp2"))[0]
    with open(jp2, "r+b") as f:
        f.truncate(os.path.getsize(jp2) - 300)
    reporter = Reporter()
    acqs = discover([out], reporter=reporter)
    assert [a.source for a in acqs] == [p[2], p[3]]
    log = "\n".join(reporter.messages)
    assert "Skipped %s: unreadable or empty zip file (truncated or corrupt?)" % p[1] in log
    assert "Skipped %s (2018-05-01T10:50:31, safe, tile 31UES, 0.0%% cloud): unreadable or corrupt: truncated " \
           "JPEG 2000 file %s" % (p[0], jp2) in log
    # with nothing left: one clear error
    with pytest.raises(InputError) as exc:
        discover([p[0], p[1]])
    assert str(exc.value) == ("No usable image: 2 found, all skipped (2 unreadable or corrupt). "
                              "The log names each one and why.")


def test_missing_band_bad_paths_and_dates(tmp_path):
    grid, bands = make_grid(), make_bands(7)
    path = s2_writers.write_safe(str(tmp_path / "p"), "2018-05-01T10:50:31", "31UES", "S2A", grid, bands, make_scl())
    os.remove(glob.glob(os.path.join(path, "GRANULE", "*", "IMG_DATA", "R20m", "*_B05_20m.jp2"))[0])
    (acq,) = discover([path])
    with pytest.raises(InputError) as exc:
        acq.read(["B04", "B05"], grid)
    assert str(exc.value) == ("Band B05 is missing from %s (it has B02, B03, B04, B06, B07, B08, B8A, B11, B12)."
                              % path)
    reporter = Reporter()
    with pytest.raises(InputError, match=r"1 missing bands"):
        discover([path], bands=["B04", "B05"], reporter=reporter)
    assert "Skipped %s (2018-05-01T10:50:31, safe, tile 31UES, 0.0%% cloud): band B05 missing from the product" \
        % path in reporter.messages
    missing = str(tmp_path / "nope")
    with pytest.raises(InputError) as exc:
        discover([path, missing])
    assert str(exc.value) == "Input path does not exist: %s" % missing
    with pytest.raises(InputError) as exc:
        discover([path], start="1st of May")
    assert str(exc.value) == "Cannot read the start date '1st of May': use YYYY-MM-DD."
    # a GeoTIFF whose name has no date
    undated = str(tmp_path / "image.tif")
    shutil.copy(s2_writers.write_dated_geotiff(str(tmp_path / "d"), "2018-05-02", grid, bands), undated)
    reporter = Reporter()
    assert len(discover([path, undated], reporter=reporter)) == 1
    assert any(m.startswith("Skipped %s: date not parseable" % undated) for m in reporter.messages)
    with pytest.raises(InputError) as exc:
        discover([undated])
    assert str(exc.value) == ("No usable image: 1 found, all skipped (1 with no readable date). "
                              "The log names each one and why.")
    with pytest.raises(InputError) as exc:
        discover([str(tmp_path / "d")], tile="UES31")
    assert str(exc.value) == "Tile 'UES31' is not a Sentinel-2 tile name (like 31UES or T31UES)."


def test_prepare_refuses_images_off_the_grid(tmp_path):
    grid, bands = make_grid(), make_bands(8)
    a = s2_writers.write_safe(str(tmp_path), "2018-05-01T10:50:31", "31UES", "S2A", grid, bands, make_scl())
    s2_writers.write_safe(str(tmp_path), "2018-05-02T10:50:31", "32ULB", "S2A", make_grid(32, 300000.0), bands,
                          make_scl())
    reporter = Reporter()
    acqs, ref = prepare([str(tmp_path)], reporter=reporter)
    assert [x.source for x in acqs] == [a] and ref == grid
    assert any("does not overlap the reference grid (EPSG:32631" in m for m in reporter.messages)
    with pytest.raises(InputError, match="No image overlaps the reference grid"):
        prepare([a], extent=(0, 0, 1000, 1000))


def test_cache_is_released(tmp_path):
    grid = make_grid()
    path = s2_writers.write_safe(str(tmp_path), "2018-05-01T10:50:31", "31UES", "S2A", grid, make_bands(9),
                                 make_scl(), as_zip=True)
    (acq,) = discover([path])
    acq.read(["B02"], grid)
    assert any(str(k[0]).startswith(acq.root) for k in CACHE._items)
    acq.close()
    assert not any(str(k[0]).startswith(acq.root) for k in CACHE._items)
