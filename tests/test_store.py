"""The decode-once store (science.series.store): features served from it equal those decoded directly, for
every reader (SAFE folder and zip, MAJA, dated GeoTIFF, stack, a product warped from another UTM zone, the
real Flanders products), in memory and on disk, with one or two threads; each file is decoded once."""
import os

import numpy as np
import pytest
from osgeo import gdal

from conftest import FLANDERS, FLANDERS_SAFE, needs
from cropmapper.science.io.readers import prepare
from cropmapper.science.series.features import FeatureSpec, FeatureStream
from cropmapper.science.series.timeseries import regular_dates
from cropmapper.science.sim import s2_writers
from test_readers import make_bands, make_grid, make_scl, utm_wkt  # noqa: F401

SPEC_KW = {"bands": ("B03", "B04", "B05", "B08", "B8A", "B11"), "sets": ("bands", "indices", "temporal", "rededge")}


def write_products(folder):
    grid = make_grid(31, 700000.0, 5600000.0)
    days = ["2018-05-01", "2018-05-11", "2018-05-21", "2018-06-10", "2018-06-30"]
    for i, day in enumerate(days):
        bands = make_bands(10 + i)
        scl = make_scl(0.3 if i % 2 else 0.0, seed=i)
        when = day + "T10:50:31"
        if i == 0:
            s2_writers.write_safe(folder, when, "31UFS", "S2A", grid, bands, scl, as_zip=True)
        elif i == 1:
            mg2 = (np.isin(scl, (8, 9)) * 0x02 | (scl == 6) * 0x01).astype(np.uint8)
            s2_writers.write_maja(folder, when, "T31UFS", "S2B", grid, bands, mg2=mg2, edg=(scl == 0).astype(np.uint8))
        elif i == 2:
            s2_writers.write_dated_geotiff(folder, when, grid, bands, scl)
        else:
            s2_writers.write_safe(folder, when, "31UFS", "S2B", grid, bands, scl)
    return grid


def features(acqs, grid, spec, **kw):
    stream = FeatureStream(acqs, grid, spec, memory_mb=kw.pop("memory_mb", 1), **kw)
    try:
        if stream.store is not None:
            stream.decode()
        blocks = list(stream.blocks_iter())
        select = np.zeros((grid.height, grid.width), bool)
        select[::3, ::2] = True
        picked = np.concatenate([f for _, _, f, _ in stream.blocks_iter(select=lambda r, n: select[r:r + n])], axis=1)
        return (np.concatenate([f for _, _, f, _ in blocks], axis=1), np.concatenate([c for _, _, _, c in blocks], axis=1),
                picked, len(stream.blocks), stream.store)
    finally:
        stream.close()


def check_same(acqs, grid, spec, folder):
    ref, flags, picked, nblocks, _ = features(acqs, grid, spec, consumer_bytes_per_pixel=4000)
    assert nblocks > 2  # several blocks (4000 bytes a pixel in 1 MB), so blocks and strips do not coincide
    for in_memory, jobs in ((True, 1), (False, 2)):
        got, got_flags, got_picked, _, store = features(acqs, grid, spec, store_folder=str(folder), consumer_bytes_per_pixel=4000,
                                                        store_memory_mb=1000 if in_memory else 0, n_jobs=jobs)
        assert store.in_memory is in_memory
        np.testing.assert_array_equal(got, ref)
        np.testing.assert_array_equal(got_flags, flags)
        np.testing.assert_array_equal(got_picked, picked)
        assert not os.path.exists(os.path.join(str(folder), "decoded_series.bin"))  # closed and removed


def test_store_equals_direct_reads_for_every_reader(tmp_path):
    grid = write_products(str(tmp_path / "in"))
    acqs, got_grid = prepare([str(tmp_path / "in")])
    assert got_grid == grid and sorted(a.kind for a in acqs) == ["geotiff", "maja", "safe", "safe", "safe"]
    spec = FeatureSpec(regular_dates("2018-05-01", "2018-06-30", 10), **SPEC_KW)
    check_same(acqs, grid, spec, tmp_path / "work")


def test_store_decodes_each_file_once(tmp_path, monkeypatch):
    write_products(str(tmp_path / "in"))
    acqs, grid = prepare([str(tmp_path / "in")])
    spec = FeatureSpec(regular_dates("2018-05-01", "2018-06-30", 10), **SPEC_KW)
    stream = FeatureStream(acqs, grid, spec, memory_mb=1, store_folder=str(tmp_path / "w"), store_memory_mb=0)
    reads = []
    band_read = gdal.Band.ReadAsArray

    def counting(self, xoff=0, yoff=0, xsize=None, ysize=None, *args, **kw):
        reads.append((self.GetDataset().GetDescription(), self.GetBand(), yoff, ysize))
        return band_read(self, xoff, yoff, xsize, ysize, *args, **kw)

    monkeypatch.setattr(gdal.Band, "ReadAsArray", counting)
    stream.decode()
    per_file = {}
    for path, band, y0, n in reads:
        per_file.setdefault((path, band), []).append((y0, n))
    # 40 x 40 px products: one strip per file and band, every row read exactly once
    assert all(len(v) == 1 for v in per_file.values()), per_file
    assert len(per_file) == len(stream.store.sources)
    reads.clear()
    list(stream.blocks_iter())
    list(stream.blocks_iter(select=lambda r, n: np.ones((n, grid.width), bool)))
    stream.close()
    assert reads == []  # both passes served from the store: nothing decoded again


def test_store_with_a_warped_product(tmp_path):
    ref_grid = make_grid(31, 700000.0, 5600000.0)
    for i, day in enumerate(("01", "11", "21", "31")):  # enough dates for several blocks of 1 MB
        s2_writers.write_safe(str(tmp_path), "2018-05-%sT10:50:31" % day, "31UFS", "S2A", ref_grid, make_bands(5 + i),
                              make_scl())
    from osgeo import osr
    src, dst = osr.SpatialReference(), osr.SpatialReference()
    src.ImportFromWkt(utm_wkt(31))
    dst.ImportFromWkt(utm_wkt(32))
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    xmin, ymin, xmax, ymax = osr.CoordinateTransformation(src, dst).TransformBounds(*ref_grid.bounds, 21)
    from cropmapper.science.grid import Grid
    g32 = Grid(utm_wkt(32), (np.floor(xmin / 10) * 10 - 40, 10, 0, np.ceil(ymax / 10) * 10 + 40, 0, -10),
               int((xmax - xmin) / 10) + 10, int((ymax - ymin) / 10) + 10)
    bands = make_bands(6, g32.width // 2 * 2, g32.height // 2 * 2)
    g32 = Grid(g32.crs_wkt, g32.geotransform, g32.width // 2 * 2, g32.height // 2 * 2)
    s2_writers.write_safe(str(tmp_path), "2018-05-04T10:50:31", "32ULB", "S2B", g32, bands, None)
    acqs, grid = prepare([str(tmp_path)])
    assert [a.tile for a in acqs] == ["31UFS", "32ULB", "31UFS", "31UFS", "31UFS"]
    spec = FeatureSpec(regular_dates("2018-05-01", "2018-05-31", 10), **SPEC_KW)
    check_same(acqs, grid, spec, tmp_path / "work")


@needs(FLANDERS_SAFE)
def test_store_on_the_real_products(tmp_path):
    acqs, grid = prepare([FLANDERS_SAFE], start="2018-04-01", end="2018-06-30")
    spec = FeatureSpec(regular_dates("2018-04-01", "2018-06-30", 10), ("B03", "B04", "B08", "B11"),
                       ("bands", "indices", "temporal"))
    check_same(acqs, grid, spec, tmp_path / "work")


@needs(FLANDERS)
def test_store_on_the_real_stack(tmp_path):
    acqs, grid = prepare([os.path.join(FLANDERS, "s2_l2a_stack_10m.tif")], start="2018-04-01", end="2018-05-31")
    spec = FeatureSpec(regular_dates("2018-04-01", "2018-05-31", 10), ("B03", "B04", "B08", "B11"),
                       ("bands", "indices", "temporal"))
    check_same(acqs, grid, spec, tmp_path / "work")


@pytest.mark.parametrize("dtype,offset,quantification,nodata", [
    (np.uint16, -1000, 10000, 0), (np.uint16, 0, 10000, 0), (np.uint16, -1000.0, 10000.0, 0),
    (np.int16, 0.0, 10000.0, -10000), (np.uint16, 0.5, 10000, 0)])
def test_scale_dn_float32_path_equals_float64_for_every_dn(dtype, offset, quantification, nodata):
    from cropmapper.science.io.readers.safe import scale_dn

    info = np.iinfo(dtype)
    dn = np.arange(info.min, info.max + 1).astype(dtype)
    expected = ((dn.astype(np.float64) + offset) / quantification).astype(np.float32)
    expected[dn == nodata] = np.nan
    np.testing.assert_array_equal(scale_dn(dn, offset, quantification, nodata), expected)
