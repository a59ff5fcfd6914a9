"""Crop-mask post-processing: segmentation of the NDVI series and majority vote, on hand-made scenes;
row windows, threads, stitching across window edges, cancel and progress."""
import tracemalloc

import numpy as np
import pytest
from osgeo import gdal, osr

from cropmapper.science.classify import postprocess
from cropmapper.science.errors import Cancelled
from cropmapper.science.grid import Grid
from cropmapper.science.progress import Reporter

UTM31 = osr.SpatialReference()
UTM31.ImportFromEPSG(32631)


def grid_of(h, w):
    return Grid(UTM31.ExportToWkt(), (500000.0, 10.0, 0.0, 5600000.0, 0.0, -10.0), w, h)


def write_raster(path, data, grid, dtype=gdal.GDT_Float32, nodata=None):
    data = np.asarray(data)
    data = data[None] if data.ndim == 2 else data
    ds = grid.create(path, data.shape[0], dtype, nodata=nodata)
    for i, band in enumerate(data):
        ds.GetRasterBand(i + 1).WriteArray(band)
    ds = None
    return path


def read(path):
    ds = gdal.Open(path)
    return ds.GetRasterBand(1).ReadAsArray()


def fields_scene(h=120, w=150, d=12, noise=0.01, flip=0.12, seed=0):
    rng = np.random.default_rng(seed)
    truth = np.zeros((h, w), np.int16)
    for i in range(0, h, 30):
        for j in range(0, w, 50):
            truth[i:i + 30, j:j + 50] = (i // 30 + j // 50) % 2
    truth[60:64, 60:64] = 1 - truth[60, 60]  # a small 16-px field of the other class
    t = np.arange(d)
    prof = {0: 0.6 + 0.05 * np.sin(t), 1: 0.2 + 0.6 * np.exp(-((t - d / 2) / 2.0) ** 2)}
    ndvi = np.stack([np.where(truth == 1, prof[1][k], prof[0][k]) for k in t]).astype(np.float32)
    ndvi += rng.normal(0, noise, ndvi.shape).astype(np.float32)
    raw = truth.copy()
    flips = rng.random((h, w)) < flip
    raw[flips] = 1 - raw[flips]
    return truth, ndvi, raw


def run(tmp_path, ndvi, raw, rows=None, n_jobs=1, reporter=None, name="cm"):
    """postprocess_mask on rasters of ``ndvi`` / ``raw``, with a budget giving windows of ``rows``
    rows (None: one window). Returns the output map and the changed count."""
    d, h, w = ndvi.shape
    grid = grid_of(h, w)
    feats = write_raster(str(tmp_path / (name + "_f.tif")), ndvi, grid)
    raw_path = write_raster(str(tmp_path / (name + "_raw.tif")), raw, grid, gdal.GDT_Int16, nodata=-10000)
    memory = 1e4 if rows is None else rows * w * postprocess.bytes_per_pixel(d) * n_jobs / 2 ** 20 * 1.0001
    if rows is not None:
        assert postprocess.window_rows(h, w, d, memory, n_jobs) == rows
    out = str(tmp_path / (name + ".tif"))
    changed = postprocess.postprocess_mask(raw_path, feats, list(range(1, d + 1)), out, memory_mb=memory,
                                           reporter=reporter, n_jobs=n_jobs)
    return read(out), changed


def test_segmentation_vote_fixes_noise_and_keeps_small_fields():
    truth, ndvi, raw = fields_scene()
    seg = postprocess.segment(ndvi, np.ones(truth.shape, bool))
    out = postprocess.vote(raw, seg)
    assert (raw == truth).mean() < 0.9
    assert (out == truth).mean() > 0.995
    assert np.array_equal(out[60:64, 60:64], truth[60:64, 60:64])


def test_connected_labels():
    labels = postprocess.connected_labels(6, [5, 1, 3], [4, 2, 4])
    assert labels.tolist() == [0, 1, 1, 3, 3, 3]


def test_postprocess_raster_blockwise_nodata(tmp_path):
    # 17-row windows in 2 threads (windows do not overlap: segments are stitched across their edges)
    truth, ndvi, raw = fields_scene()
    raw[5, 7] = -10000
    ndvi[:, 5, 7] = np.nan
    reporter = Reporter()
    out, changed = run(tmp_path, ndvi, raw, rows=17, n_jobs=2, reporter=reporter)
    assert out[5, 7] == -10000
    good = raw != -10000
    assert (out[good] == truth[good]).mean() > 0.99
    assert changed == int(np.sum(out != raw))
    assert any("changed %d pixels" % changed in m for m in reporter.messages)


def noisy_scene(h=96, w=80, d=10, seed=3):
    """Fields with strong pixel noise: many small superpixels and long merging (a hard case)."""
    truth, ndvi, raw = fields_scene(h, w, d, noise=0.03, flip=0.2, seed=seed)
    ndvi[:, 10:14, 10:30] = np.nan  # invalid pixels inside a field
    raw[40:42, 3:9] = -10000
    return truth, ndvi, raw


def test_numba_and_numpy_rounds_identical(monkeypatch):
    if postprocess.numba is None:
        pytest.skip("numba not installed")
    for ndvi, valid in ((fields_scene()[1], None), (noisy_scene()[1], None)):
        valid = np.isfinite(ndvi).all(axis=0)
        segs = []
        for use in (True, False):
            orig = postprocess._merge_rounds
            monkeypatch.setattr(postprocess, "_merge_rounds",
                                lambda g, th, mr, _o=orig, _u=use: _o(g, th, mr, use_numba=_u))
            segs.append(postprocess.segment(ndvi, valid))
            monkeypatch.setattr(postprocess, "_merge_rounds", orig)
        assert np.array_equal(segs[0], segs[1])
        assert segs[0].max() > 5


def test_one_window_is_segment_then_vote(tmp_path):
    truth, ndvi, raw = noisy_scene()
    out, _ = run(tmp_path, ndvi, raw)
    valid = (raw != -10000) & np.isfinite(ndvi).all(axis=0)
    assert np.array_equal(out, postprocess.vote(raw, postprocess.segment(ndvi, valid)))


def test_result_does_not_depend_on_threads(tmp_path):
    _, ndvi, raw = noisy_scene()
    outs = [run(tmp_path, ndvi, raw, rows=13, n_jobs=n, name="j%d" % n) for n in (1, 2, 3)]
    assert all(np.array_equal(outs[0][0], o[0]) and outs[0][1] == o[1] for o in outs)


def test_windows_along_field_edges_give_the_single_window_result(tmp_path):
    truth, ndvi, raw = fields_scene(h=120, w=150)
    one, _ = run(tmp_path, ndvi, raw, name="one")
    windows, _ = run(tmp_path, ndvi, raw, rows=30, name="win")  # edges at rows 30, 60, 90 = field edges
    assert np.array_equal(one, windows)


def test_field_crossing_a_window_edge_votes_as_one(tmp_path):
    h, w, d = 60, 40, 12
    t = np.arange(d)
    field = np.zeros((h, w), bool)
    field[5:55, 10:30] = True  # crosses the window edge at row 30
    ndvi = np.where(field, 0.2 + 0.6 * np.exp(-((t - 6) / 2.0) ** 2)[:, None, None],
                    (0.6 + 0.05 * np.sin(t))[:, None, None]).astype(np.float32)
    ndvi += np.random.default_rng(0).normal(0, 0.005, ndvi.shape).astype(np.float32)
    rng = np.random.default_rng(1)
    raw = np.zeros((h, w), np.int16)
    # the field's raw mask: crop on 70 % of its upper part, 40 % of its lower part (55 % overall)
    raw[field] = (rng.random(field.sum()) < np.where(np.nonzero(field)[0] < 30, 0.7, 0.4)[:]).astype(np.int16)
    assert 0.5 < raw[field].mean() < 0.6 and raw[30:55, 10:30].mean() < 0.5
    one, _ = run(tmp_path, ndvi, raw, name="one")
    windows, _ = run(tmp_path, ndvi, raw, rows=30, name="win")
    assert (one[field] == 1).all() and (one[~field] == 0).all()
    assert np.array_equal(windows, one)


def test_cancel_stops_before_a_window(tmp_path):
    _, ndvi, raw = noisy_scene()
    checks = []
    reporter = Reporter(is_canceled=lambda: checks.append(1) or len(checks) > 2)
    progress = []
    reporter._on_progress = progress.append
    with pytest.raises(Cancelled):
        run(tmp_path, ndvi, raw, rows=10, n_jobs=1, reporter=reporter)
    assert len(checks) == 3 and len(progress) < 10


def test_progress_once_per_window(tmp_path):
    _, ndvi, raw = noisy_scene()
    progress = []
    run(tmp_path, ndvi, raw, rows=10, n_jobs=2, reporter=Reporter(on_progress=progress.append))
    assert len(progress) == 10 and progress[-1] == 100.0 and progress == sorted(progress)


def test_window_memory_within_the_model(tmp_path):
    # worst case for the model: pure noise, about one superpixel per pixel
    h, w, d = 200, 200, 25
    rng = np.random.default_rng(0)
    ndvi = rng.random((d, h, w)).astype(np.float32)
    raw = (rng.random((h, w)) < 0.5).astype(np.int16)
    grid = grid_of(h, w)
    feats = write_raster(str(tmp_path / "f.tif"), ndvi, grid)
    raw_path = write_raster(str(tmp_path / "raw.tif"), raw, grid, gdal.GDT_Int16, nodata=-10000)
    postprocess._window(raw_path, feats, list(range(1, d + 1)), 0, 8, 0.04, 10)  # numba compiled
    tracemalloc.start()
    postprocess._window(raw_path, feats, list(range(1, d + 1)), 0, h, postprocess.THRESHOLD, postprocess.MIN_SIZE)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < h * w * postprocess.bytes_per_pixel(d) + 12 * 2 ** 20  # + the fixed chunk temporaries
