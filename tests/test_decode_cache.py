"""GDAL's block cache holds one row of source blocks of every image read, for the run only."""
import datetime as dt
import os

import numpy as np
from osgeo import gdal

from cropmapper.science.series import features, timeseries
from cropmapper.science.grid import Grid, srs_from
from cropmapper.science.progress import Reporter
from cropmapper.science.io.readers import discover, release_datasets


def write_image(folder, day, block_rows):
    """A 4-band dated GeoTIFF (B03 B04 B08 B11, uint16) in strips of ``block_rows`` rows, plus its SCL."""
    os.makedirs(folder, exist_ok=True)
    stem = os.path.join(folder, "S2L2A_201806%02dT105000" % day)
    opts = ["TILED=NO", "BLOCKYSIZE=%d" % block_rows]
    ds = gdal.GetDriverByName("GTiff").Create(stem + ".tif", 50, 40, 4, gdal.GDT_UInt16, opts)
    scl = gdal.GetDriverByName("GTiff").Create(stem + "_SCL.tif", 50, 40, 1, gdal.GDT_Byte, opts)
    for d in (ds, scl):
        d.SetGeoTransform((500000, 10, 0, 5630000, 0, -10))
        d.SetProjection(srs_from("EPSG:32631").ExportToWkt())
    for i, name in enumerate(("B03", "B04", "B08", "B11")):
        ds.GetRasterBand(i + 1).SetDescription(name)
        ds.GetRasterBand(i + 1).WriteArray(np.full((40, 50), 1000 + 500 * i + day, np.uint16))
    scl.GetRasterBand(1).WriteArray(np.full((40, 50), 4, np.uint8))
    ds = scl = None


def test_decode_row_bytes_counts_one_row_of_blocks(tmp_path):
    write_image(str(tmp_path), 1, 16)
    acq = discover([str(tmp_path)])[0]
    # B04 and B08: 16 rows x 50 px x 2 bytes each; SCL: 16 rows x 50 px x 1 byte.
    assert acq.decode_row_bytes(["B04", "B08"]) == 2 * 16 * 50 * 2 + 16 * 50
    release_datasets()


def test_cache_raised_for_the_run_then_restored(tmp_path):
    for day in (1, 11, 21):
        write_image(str(tmp_path), day, 40)
    acqs = discover([str(tmp_path)])
    need = sum(a.decode_row_bytes(["B04"]) for a in acqs)
    before = gdal.GetCacheMax()
    try:
        gdal.SetCacheMax(1 << 16)  # smaller than what the run needs
        reporter = Reporter()
        with timeseries.decode_cache(acqs, ["B04"], reporter):
            assert gdal.GetCacheMax() == int(need * 1.25) + (64 << 20)
        assert gdal.GetCacheMax() == 1 << 16
        assert any("GDAL block cache raised from 0 MB to 64 MB" in m for m in reporter.messages)
        gdal.SetCacheMax(1 << 30)  # large enough: never lowered, nothing said
        reporter = Reporter()
        with timeseries.decode_cache(acqs, ["B04"], reporter):
            assert gdal.GetCacheMax() == 1 << 30
        assert not reporter.messages
    finally:
        gdal.SetCacheMax(before)
        release_datasets()


def test_feature_stream_restores_the_cache(tmp_path):
    for day in (1, 11, 21):
        write_image(str(tmp_path), day, 8)
    acqs = discover([str(tmp_path)])
    grid = Grid.from_dataset(gdal.Open(acqs[0].path))
    spec = features.FeatureSpec(timeseries.regular_dates(dt.date(2018, 6, 1), dt.date(2018, 6, 21), 10))
    before = gdal.GetCacheMax()
    try:
        gdal.SetCacheMax(1 << 16)
        seen = []
        reporter = Reporter(on_progress=lambda p: seen.append(gdal.GetCacheMax()))
        features.write_feature_raster(acqs, grid, spec, str(tmp_path / "f.tif"), memory_mb=1, reporter=reporter)
        assert seen and max(seen) > 1 << 16  # raised while the blocks were read
        assert gdal.GetCacheMax() == 1 << 16
    finally:
        gdal.SetCacheMax(before)
        release_datasets()
