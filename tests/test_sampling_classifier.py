"""Sampling (pixel centres, split by polygon), random forest, block-wise prediction and the crop-mask
post-processing, on hand-made rasters and on a feature raster made from the real Flanders stack."""
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from conftest import FLANDERS, needs
from cropmapper.science.classify import classifier, postprocess, sampling
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.progress import Reporter

UTM31 = osr.SpatialReference()
UTM31.ImportFromEPSG(32631)
X0, Y0 = 500000.0, 5600000.0
GRID = Grid(UTM31.ExportToWkt(), (X0, 10.0, 0.0, Y0, 0.0, -10.0), 10, 10)


def square(x1, y1, x2, y2):
    """A polygon in grid coordinates relative to the top-left corner (y grows downwards)."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x1, y1), (x2, y1), (x2, y2), (x1, y2), (x1, y1)):
        ring.AddPoint_2D(X0 + x, Y0 - y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def write_raster(path, data, grid=GRID, dtype=gdal.GDT_Float32, names=None, nodata=None):
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    ds = grid.create(path, data.shape[0], dtype, nodata=nodata)
    for i, band in enumerate(data):
        ds.GetRasterBand(i + 1).WriteArray(band)
        if names:
            ds.GetRasterBand(i + 1).SetDescription(names[i])
    ds = None
    return path


def read(path, band=1):
    ds = gdal.Open(path)  # keep the dataset alive while its band is read
    return ds.GetRasterBand(band).ReadAsArray()


# --- pixels inside polygons ------------------------------------------------------
def test_pixel_centres_only_and_polygon_index():
    polys = sampling.Polygons([square(12, 12, 38, 38), square(1, 61, 4, 64), square(52, 2, 68, 18)],
                              [1, 0, 0], [10, 11, 12], GRID.crs_wkt)
    rows, cols, idx = sampling.polygon_pixels(polys, GRID)
    got = sorted(zip(rows.tolist(), cols.tolist(), idx.tolist()))
    # First polygon: centres at 15, 25, 35 m -> rows/cols 1..3; the second touches pixel (6, 0) but
    # holds no centre (no ALL_TOUCHED); the third holds the centres (0..1, 5..6).
    expected = sorted([(r, c, 0) for r in (1, 2, 3) for c in (1, 2, 3)]
                      + [(r, c, 2) for r in (0, 1) for c in (5, 6)])
    assert got == expected


def test_records_in_another_crs_are_reprojected():
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = GRID.srs()
    to_wgs = osr.CoordinateTransformation(utm, wgs84)
    geom = square(12, 12, 38, 38)
    geom.Transform(to_wgs)
    reporter = Reporter()
    polys = sampling.load_polygons([(geom.ExportToWkb(), 1, 7)], "CROP", crs_wkt=wgs84.ExportToWkt())
    polys = sampling.to_crs(polys, GRID.crs_wkt, reporter)
    rows, cols, idx = sampling.polygon_pixels(polys, GRID)
    assert sorted(zip(rows.tolist(), cols.tolist())) == [(r, c) for r in (1, 2, 3) for c in (1, 2, 3)]
    assert any("reprojected from WGS 84 to the images' CRS WGS 84 / UTM zone 31N" in m for m in reporter.messages)


def test_labels_checked():
    polys = sampling.Polygons([square(0, 0, 30, 30)] * 4, [1, "0", 2, 7.5], [1, 2, 3, 4], GRID.crs_wkt)
    with pytest.raises(InputError) as err:
        sampling.crop_labels(polys, "is_crop")
    assert str(err.value) == ("The crop field 'is_crop' must hold 0 (non-crop) or 1 (crop); it also holds: 2, 7.5. "
                              "Recode it, or choose another field.")
    ok = sampling.crop_labels(sampling.Polygons([square(0, 0, 30, 30)] * 3, [1, "0", None], [1, 2, 3], ""))
    assert ok.labels == [1, 0] and ok.ids == [1, 2]
    codes = sampling.code_labels(sampling.Polygons([square(0, 0, 30, 30)] * 3, [1200, 0, "33"], [1, 2, 3], ""))
    assert codes.labels == [1200, 33] and codes.ids == [1, 3]
    with pytest.raises(InputError, match="integer crop codes .* it also holds: maize"):
        sampling.code_labels(sampling.Polygons([square(0, 0, 30, 30)], ["maize"], [1], ""))


# --- split by polygon ------------------------------------------------------------
def test_split_by_polygon_per_class_seeded():
    labels = np.array([0] * 8 + [1] * 4 + [2] + [3] * 2)
    eligible = np.ones(len(labels), bool)
    eligible[13] = False  # class 3 has one polygon with pixels: not validated
    val, not_validated = sampling.split_polygons(labels, eligible, 0.25, seed=3)
    assert int(val[labels == 0].sum()) == 2 and int(val[labels == 1].sum()) == 1
    assert not val[12] and not val[13] and not val[14] and not_validated == [2, 3]
    again, _ = sampling.split_polygons(labels, eligible, 0.25, seed=3)
    assert np.array_equal(val, again)
    others = {tuple(np.flatnonzero(sampling.split_polygons(labels, eligible, 0.25, seed=s)[0])) for s in range(10)}
    assert len(others) > 1  # the seed matters
    with pytest.raises(InputError, match="between 0 and 1"):
        sampling.split_polygons(labels, eligible, 1.0)


def test_make_samples_cap_nan_and_disjoint_split(tmp_path):
    # 4 crop polygons (col 0-4) and 4 non-crop ones (col 5-9), each 2 rows x 5 cols, + 1 lone class.
    feats = np.zeros((2, 10, 10), np.float32)
    feats[0, :, :5] = 1.0
    feats[0, 0, 0] = np.nan  # no valid data: left out of training
    path = write_raster(str(tmp_path / "f.tif"), feats)
    geoms, labels = [], []
    for k in range(4):
        geoms += [square(0, 20 * k + 1, 50, 20 * k + 19), square(50, 20 * k + 1, 100, 20 * k + 19)]
        labels += [1, 0]
    polys = sampling.Polygons(geoms, labels, list(range(100, 108)), GRID.crs_wkt)
    reporter = Reporter()
    s = sampling.make_samples(polys, GRID, path, samples_per_class=6, ratio=0.25, seed=1, reporter=reporter)
    assert sorted(np.bincount(s.y_train).tolist()) == [6, 6]
    assert np.isfinite(s.x_train).all()
    assert set(s.train_ids).isdisjoint(s.validation_ids)
    assert len(s.validation_ids) == 2 and len(s.train_ids) == 6
    # validation pixels are exactly those of the validation polygons: a map holding each pixel's polygon
    # id (nodata at one pixel of each) is counted per polygon without the nodata pixels
    ids = 100 + 2 * (np.arange(10)[:, None] // 2) + np.arange(10)[None, :] // 5
    ids[::2, 0] = ids[::2, 5] = -1
    poly, value, count = sampling.validation_counts(s, write_raster(str(tmp_path / "m.tif"), ids, dtype=gdal.GDT_Int16,
                                                                    nodata=-1))
    assert [polys.ids[p] for p in poly] == value.tolist() and set(value.tolist()) == set(s.validation_ids)
    assert count.tolist() == [9, 9] and s.val_pixels == {0: 10, 1: 10}
    assert s.x_train[s.y_train == 1, 0].min() == 1.0 and s.x_train[s.y_train == 0, 0].max() == 0.0
    # without a cap: every training pixel but the NaN one
    full = sampling.make_samples(polys, GRID, path, samples_per_class=1000, ratio=0.25, seed=1, reporter=reporter)
    crop_train = [i for i in full.train_ids if i % 2 == 0]
    assert int(np.sum(full.y_train == 1)) == 10 * len(crop_train) - (100 in crop_train)
    assert (100 in crop_train) == any("1 training pixels without valid data" in m for m in reporter.messages)
    # same seed, same draw
    s2 = sampling.make_samples(polys, GRID, path, samples_per_class=6, ratio=0.25, seed=1)
    assert np.array_equal(s.x_train, s2.x_train) and s.validation_ids == s2.validation_ids


def test_make_samples_errors(tmp_path):
    path = write_raster(str(tmp_path / "f.tif"), np.zeros((1, 10, 10), np.float32))
    far = sampling.Polygons([square(5000, 5000, 5100, 5100)], [1], [1], GRID.crs_wkt)
    with pytest.raises(InputError, match=r"do not overlap the images"):
        sampling.make_samples(far, GRID, path)
    one = sampling.Polygons([square(0, 0, 50, 50), square(50, 50, 100, 100)], [1, 1], [1, 2], GRID.crs_wkt)
    with pytest.raises(InputError) as err:
        sampling.make_samples(one, GRID, path)
    assert str(err.value).startswith("Only one class can be trained (class 1)")
    # class 0 only has a polygon smaller than a pixel: warned, then a single class is left
    tiny = sampling.Polygons([square(0, 0, 50, 50), square(61, 61, 64, 64)], [1, 0], [1, 2], GRID.crs_wkt)
    reporter = Reporter()
    with pytest.raises(InputError, match="Only one class"):
        sampling.make_samples(tiny, GRID, path, reporter=reporter)
    assert any("Class 0: none of its 1 polygons holds a pixel centre" in m for m in reporter.messages)


# --- classifier ----------------------------------------------------------------
def test_predict_raster_nodata_confidence_and_determinism(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3)).astype(np.float32)
    y = np.where(x[:, 0] > 0, 20, 10)
    model = classifier.train(x, y, n_trees=20, max_depth=5, min_samples=4, seed=5)
    img = rng.normal(size=(3, 10, 10)).astype(np.float32)
    img[1, 2, 3] = np.nan
    feats = write_raster(str(tmp_path / "f.tif"), img)
    cls_path, cnf_path = str(tmp_path / "c.tif"), str(tmp_path / "p.tif")
    assert classifier.predict_raster(model, feats, cls_path, cnf_path, memory_mb=0.001) == 1
    cls, cnf = read(cls_path), read(cnf_path)
    assert cls[2, 3] == -10000 and cnf[2, 3] == -10000
    ok = np.ones((10, 10), bool)
    ok[2, 3] = False
    flat = img.reshape(3, -1).T[ok.ravel()]
    proba = model.predict_proba(flat)
    assert np.array_equal(cls[ok], model.classes_[proba.argmax(axis=1)])
    assert np.array_equal(cnf[ok], np.rint(100 * proba.max(axis=1)).astype(np.int16))
    assert cnf[ok].min() >= 50 and cnf[ok].max() <= 100
    # far from the boundary the forest is right
    far = np.abs(img[0]) > 0.5
    assert np.all(cls[far & ok] == np.where(img[0] > 0, 20, 10)[far & ok])
    again = classifier.train(x, y, n_trees=20, max_depth=5, min_samples=4, seed=5)
    classifier.predict_raster(again, feats, str(tmp_path / "c2.tif"), str(tmp_path / "p2.tif"))
    assert np.array_equal(read(str(tmp_path / "c2.tif")), cls)
    assert np.array_equal(read(str(tmp_path / "p2.tif")), cnf)
    # threaded chunks give the same probabilities as one call
    big = rng.normal(size=(5000, 3)).astype(np.float32)
    assert np.array_equal(classifier.predict_proba(model, big, 2), model.predict_proba(big))


def test_model_files_round_trip(tmp_path):
    x = np.arange(40, dtype=np.float32).reshape(20, 2)
    model = classifier.train(x, np.repeat([1, 2], 10), n_trees=3, seed=0)
    classifier.save_model(model, ["a", "b"], str(tmp_path / "m.pkl"), str(tmp_path / "m.json"))
    back, names = classifier.load_model(str(tmp_path / "m.pkl"), str(tmp_path / "m.json"))
    assert names == ["a", "b"] and np.array_equal(back.predict(x), model.predict(x))


def test_min_samples_is_min_samples_split():
    model = classifier.train(np.zeros((30, 2)), np.repeat([0, 1], 15), n_trees=2, min_samples=25)
    assert model.min_samples_split == 25 and model.max_features == "sqrt"
    with pytest.raises(InputError, match="at least 1 tree"):
        classifier.train(np.zeros((4, 2)), [0, 1, 0, 1], n_trees=0)


# (the post-processing tests on hand-made scenes are in test_postprocess.py)


# --- real patch: a feature raster made directly from the stack ------------------------------
DATES = (41, 50, 55, 60, 69, 75, 81, 89, 98, 107)  # clear 2018 dates of the stack
BANDS = {"B03": 1, "B04": 2, "B08": 6, "B11": 8}


def flanders_features(path):
    stack = gdal.Open(os.path.join(FLANDERS, "s2_l2a_stack_10m.tif"))
    bands, names = [], []
    for t in DATES:
        date = stack.GetRasterBand(t * 10 + 1).GetDescription()[:10].replace("-", "")
        refl = {b: stack.GetRasterBand(t * 10 + i + 1).ReadAsArray().astype(np.float32) / 10000
                for b, i in BANDS.items()}
        for b in BANDS:
            bands.append(refl[b])
            names.append("%s_%s" % (b, date))
        bands.append((refl["B08"] - refl["B04"]) / (refl["B08"] + refl["B04"]))
        names.append("NDVI_" + date)
    data = np.stack(bands)
    data[:, :2, :2] = np.nan  # a corner without valid data
    grid = Grid.from_raster(os.path.join(FLANDERS, "s2_l2a_stack_10m.tif"))
    write_raster(path, data, grid, names=names)
    return grid, names


@needs(FLANDERS)
def test_flanders_crop_mask_science_chain(tmp_path):
    feats = str(tmp_path / "features.tif")
    grid, names = flanders_features(feats)
    reporter = Reporter()
    polys = sampling.load_polygons(os.path.join(FLANDERS, "labels.gpkg"), "is_crop", reporter=reporter)
    polys = sampling.crop_labels(sampling.to_crs(polys, grid.crs_wkt, reporter), "is_crop")
    s = sampling.make_samples(polys, grid, feats, samples_per_class=500, ratio=0.4, seed=1, reporter=reporter)
    assert set(s.train_ids).isdisjoint(s.validation_ids)
    assert np.bincount(s.y_train).max() <= 500 and np.isfinite(s.x_train).all()
    model = classifier.train(s.x_train, s.y_train, n_trees=30, seed=0)
    raw, cnf = str(tmp_path / "raw.tif"), str(tmp_path / "cnf.tif")
    classifier.predict_raster(model, feats, raw, cnf, memory_mb=0.05)
    raw_map = read(raw)
    assert (raw_map[:2, :2] == -10000).all() and (raw_map[2:, 2:] != -10000).all()
    cm_path = str(tmp_path / "cm.tif")
    ndvi = [i + 1 for i, n in enumerate(names) if n.startswith("NDVI_")]
    postprocess.postprocess_mask(raw, feats, ndvi, cm_path, memory_mb=0.05)
    final = read(cm_path)
    # held-out pixels: labelled pixels of the validation polygons (LC 11 crop vs LC 13/60/99)
    truth = read(os.path.join(FLANDERS, "cropmask_10m.tif"))
    rows, cols, poly = sampling.polygon_pixels(polys, grid)
    held = np.zeros(truth.shape, bool)
    held[rows, cols] = s.is_validation[poly]
    held &= (truth != 255) & (raw_map != -10000)
    raw_ok, cm_ok = (raw_map == truth)[held], (final == truth)[held]
    # observed (seed 1): raw 0.860, post-processed 0.918 on 1170 held-out pixels
    assert raw_ok.mean() > 0.8 and cm_ok.mean() > 0.8
    assert cm_ok.mean() >= raw_ok.mean()
    assert 0 < np.sum(final != raw_map) < 0.1 * final.size


def test_split_rounds_half_up_and_keeps_a_training_polygon():
    from cropmapper.science.classify.sampling import split_polygons
    labels = [1] * 10 + [2] * 2
    is_val, not_validated = split_polygons(labels, [True] * 12, 0.25, seed=0)
    assert int(is_val[:10].sum()) == 3 and int(is_val[10:].sum()) == 1 and not not_validated


def test_folds_deal_every_polygon_once_stratified():
    from cropmapper.science.classify.sampling import fold_polygons
    labels = [1] * 7 + [2] * 5 + [3]
    eligible = [True] * 12 + [False]
    fold = fold_polygons(labels, eligible, 5, seed=4)
    assert fold[-1] == -1 and set(fold[:12].tolist()) == set(range(5))
    for cls, n in ((1, 7), (2, 5)):
        per = np.bincount(fold[:12][np.asarray(labels[:12]) == cls], minlength=5)
        assert per.sum() == n and per.max() - per.min() <= 1   # stratified: each class spread over the folds
    assert (fold_polygons(labels, eligible, 5, seed=4) == fold).all()
    with pytest.raises(InputError, match="at least 2 folds"):
        fold_polygons(labels, eligible, 1)
