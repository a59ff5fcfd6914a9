"""Sen2-Agri's segmentation (whitened PCA, mean shift, linked neighbours, small segments merged, tie rule):
values worked out by hand on tiny images, then the whole post-processing on a hand-made field scene."""
import numpy as np
import pytest
from osgeo import gdal

from cropmapper.science.classify import meanshift, postprocess
from test_postprocess import fields_scene, grid_of, read, write_raster


def test_mean_shift_by_hand():
    # one row 0, 0.5, 1.2; spatial radius 1, range radius 0.65. Pixel 0 sees itself and pixel 1 (0.5 apart):
    # mean at column 0.5, value 0.25; from there columns 0 and 1 again (1.2 is 0.95 away): converged.
    # Pixel 1 sees 0 and itself (1.2 is 0.7 away): the same mode. Pixel 2 sees only itself.
    x = np.array([[[0.0, 0.5, 1.2]]], np.float32)
    values, positions = meanshift.mean_shift(x, np.ones((1, 3), bool), spatial_radius=1, range_radius=0.65)
    assert values[0, 0].tolist() == pytest.approx([0.25, 0.25, 1.2])
    assert positions[1, 0].tolist() == pytest.approx([0.5, 0.5, 2.0])
    assert positions[0, 0].tolist() == pytest.approx([0.0, 0.0, 0.0])
    a, b = postprocess._neighbour_pairs(1, 3)
    near = meanshift.linked(values.reshape(1, -1), positions.reshape(2, -1), a, b, 1, 0.65)
    assert list(zip(a[near].tolist(), b[near].tolist())) == [(0, 1)]  # 0.25 and 1.2 are 0.95 apart


def test_mean_shift_stops_at_max_iter_and_skips_invalid():
    # a ramp of 0.3 steps: every pixel drifts; one shift per iteration, and the invalid pixel is left alone
    x = np.array([[[0.0, 0.3, 0.6, 0.9, 1.2]]], np.float32)
    valid = np.array([[True, True, True, True, False]])
    one, _ = meanshift.mean_shift(x, valid, spatial_radius=1, range_radius=0.65, max_iter=1)
    assert one[0, 0, :4].tolist() == pytest.approx([0.15, 0.3, 0.6, 0.75])
    assert np.isnan(one[0, 0, 4])


def test_whitened_pca_unit_variance(tmp_path):
    rng = np.random.default_rng(0)
    h, w, d = 40, 50, 8
    u = np.linspace(-1, 1, d)
    a = rng.normal(0, 0.3, (h, w))
    ndvi = (0.5 + a[None] * u[:, None, None] + rng.normal(0, 0.01, (d, h, w))).astype(np.float32)
    grid = grid_of(h, w)
    feats = write_raster(str(tmp_path / "f.tif"), ndvi, grid)
    raw = write_raster(str(tmp_path / "r.tif"), np.zeros((h, w)), grid, gdal.GDT_Int16, nodata=-10000)
    basis = meanshift.fit_pca(raw, feats, list(range(1, d + 1)), n_components=3, block_rows=7)
    p = basis.project(ndvi.reshape(d, -1))
    assert p.std(axis=1, ddof=1) == pytest.approx([1, 1, 1], rel=1e-3)
    # the first axis is the direction of u (the largest loading made positive)
    assert abs(np.dot(basis.axes[0] / np.linalg.norm(basis.axes[0]), u / np.linalg.norm(u))) > 0.999


def test_tie_rule_as_sen2agri():
    crop, total = np.array([5.0, 10.0, 3.0, 12.0]), np.array([10, 20, 10, 20])
    assert postprocess._decision(crop, total).tolist() == [-1, -1, 0, 1]
    assert postprocess._decision(crop, total, min_area=20).tolist() == [0, 1, 0, 1]


def test_meanshift_postprocessing_fixes_noise_and_keeps_fields(tmp_path):
    truth, ndvi, raw = fields_scene(h=90, w=100, d=10)
    grid = grid_of(*truth.shape)
    feats = write_raster(str(tmp_path / "f.tif"), ndvi, grid)
    raw_path = write_raster(str(tmp_path / "raw.tif"), raw, grid, gdal.GDT_Int16, nodata=-10000)
    out = str(tmp_path / "cm.tif")
    changed = postprocess.postprocess_mask(raw_path, feats, list(range(1, 11)), out, memory_mb=1e4,
                                           method="meanshift")
    got = read(out)
    assert (raw == truth).mean() < 0.9
    assert (got == truth).mean() > 0.97
    assert changed == int(np.sum(got != raw))


def test_unknown_method_refused(tmp_path):
    truth, ndvi, raw = fields_scene(h=70, w=70, d=3)
    grid = grid_of(70, 70)
    feats = write_raster(str(tmp_path / "f.tif"), ndvi, grid)
    raw_path = write_raster(str(tmp_path / "raw.tif"), raw, grid, gdal.GDT_Int16, nodata=-10000)
    with pytest.raises(ValueError, match="unknown post-processing method 'lsms'"):
        postprocess.postprocess_mask(raw_path, feats, [1, 2, 3], str(tmp_path / "o.tif"), method="lsms")
