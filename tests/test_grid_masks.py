"""Grid geometry and the cloud-mask -> status tables, value by value."""
import numpy as np
import pytest
from osgeo import osr

from cropmapper.science import masks
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid, reference_grid, snapped_grid
from cropmapper.science.masks import CLOUD, NODATA, SNOW, VALID, WATER


def utm(zone):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32600 + zone)
    return srs.ExportToWkt()


# --- masks -----------------------------------------------------------------------------------------
def test_status_codes():
    assert (VALID, WATER, SNOW, CLOUD, NODATA) == (0, 1, 2, 3, 4)


def test_scl_table_value_by_value():
    expected = {0: NODATA, 1: NODATA, 2: CLOUD, 3: CLOUD, 4: VALID, 5: VALID, 6: WATER, 7: CLOUD,
                8: CLOUD, 9: CLOUD, 10: CLOUD, 11: SNOW, 12: NODATA, 255: NODATA}
    scl = np.array(list(expected), dtype=np.uint8)
    got = masks.scl_status(scl)
    assert got.dtype == np.uint8
    assert dict(zip(expected, got.tolist())) == expected


def test_scl_status_other_dtypes_and_forced_nodata():
    scl = np.array([[4, 6], [11, 9]], dtype=np.uint16)
    assert masks.scl_status(scl).tolist() == [[VALID, WATER], [SNOW, CLOUD]]
    forced = masks.scl_status(scl, nodata=np.array([[True, False], [False, False]]))
    assert forced.tolist() == [[NODATA, WATER], [SNOW, CLOUD]]


def test_mg2_table_value_by_value():
    mg2 = {0x00: VALID, 0x01: WATER, 0x02: CLOUD, 0x03: CLOUD, 0x04: SNOW, 0x05: SNOW, 0x08: CLOUD,
           0x09: CLOUD, 0x0C: CLOUD, 0x10: VALID, 0x11: WATER, 0x20: VALID, 0x40: VALID, 0x80: VALID,
           0x82: CLOUD}
    arr = np.array(list(mg2), dtype=np.uint8)
    zero = np.zeros_like(arr)
    got = masks.maja_status(arr, zero, zero)
    assert dict(zip(mg2, got.tolist())) == mg2


def test_maja_edg_sat_clm_priority():
    mg2 = np.array([0x01, 0x01, 0x01, 0x04, 0x00, 0x00], dtype=np.uint8)
    edg = np.array([1, 0, 0, 0, 0, 0], dtype=np.uint8)
    sat = np.array([0, 2, 0, 0, 0, 0], dtype=np.uint8)
    clm = np.array([0, 0, 4, 1, 0, 128], dtype=np.uint8)
    assert masks.maja_status(mg2, edg, sat, clm=clm).tolist() == [NODATA, NODATA, CLOUD, CLOUD, VALID, CLOUD]
    # CLM only (no MG2): no water/snow information
    assert masks.maja_status(None, edg, sat, clm=clm).tolist() == [NODATA, NODATA, CLOUD, CLOUD, VALID, CLOUD]


def test_nan_reflectance_makes_nodata_and_usable():
    status = np.array([[VALID, WATER], [SNOW, CLOUD]], dtype=np.uint8)
    refl = np.zeros((2, 2, 2), dtype=np.float32)
    refl[1, 0, 1] = np.nan
    assert masks.nan_to_nodata(status, refl).tolist() == [[VALID, NODATA], [SNOW, CLOUD]]
    assert masks.is_usable(np.array([0, 1, 2, 3, 4])).tolist() == [True, True, True, False, False]


# --- grid ------------------------------------------------------------------------------------------
class FakeAcq:
    def __init__(self, grid):
        self._grid = grid

    def native_grid(self):
        return self._grid


def test_grid_bounds_window_and_equality():
    g = Grid(utm(31), (501360, 10, 0, 5629680, 0, -10), 64, 32)
    assert g.bounds == (501360, 5629360, 502000, 5629680)
    w = g.window_grid(10, 5)
    assert (w.geotransform[3], w.height, w.width) == (5629580, 5, 64)
    assert w.bounds == (501360, 5629530, 502000, 5629580)
    assert g == Grid(utm(31), (501360, 10, 0, 5629680, 0, -10), 64, 32)
    assert g != Grid(utm(32), (501360, 10, 0, 5629680, 0, -10), 64, 32)


def test_snapped_grid_aligns_on_origin():
    g = snapped_grid(utm(31), (501363, 5629041, 501999, 5629677), 10, origin=(501360, 5629680))
    assert g.geotransform == (501360, 10, 0, 5629680, 0, -10)
    assert (g.width, g.height) == (64, 64)
    with pytest.raises(InputError, match="is empty"):
        snapped_grid(utm(31), (10, 10, 10, 20), 10)


def test_reference_grid_union_extent_resolution_and_crs():
    a = Grid(utm(31), (500000, 10, 0, 5600000, 0, -10), 40, 40)
    b = Grid(utm(31), (500200, 20, 0, 5600100, 0, -20), 20, 20)  # 20 m, shifted: union at 10 m
    far = Grid(utm(32), (300000, 10, 0, 5600000, 0, -10), 40, 40)  # other CRS: not in the union
    g = reference_grid([FakeAcq(a), FakeAcq(b), FakeAcq(far)])
    assert g.geotransform == (500000, 10, 0, 5600100, 0, -10)
    assert (g.width, g.height) == (60, 50)
    assert g.same_crs(a)
    g20 = reference_grid([FakeAcq(a)], resolution=20)
    assert (g20.width, g20.height, g20.resolution) == (20, 20, (20, 20))
    ge = reference_grid([FakeAcq(a)], extent=(500105, 5599705, 500195, 5599895))
    assert ge.geotransform == (500100, 10, 0, 5599900, 0, -10) and (ge.width, ge.height) == (10, 20)
    g32 = reference_grid([FakeAcq(a)], crs_wkt=utm(32))
    assert g32.same_crs(far) and g32.geotransform[0] % 10 == 0
    assert g32.intersects(a) and not Grid(utm(31), (600000, 10, 0, 5600000, 0, -10), 4, 4).intersects(a)
