"""Streamed features in the crop mask workflow: no full feature raster is ever written, and the products
equal those of the old way (feature raster written whole, then sampled, predicted and post-processed)."""
import glob
import json
import os
import re

import numpy as np
import pytest
from osgeo import gdal

from cropmapper.science import products, workflow
from cropmapper.science.classify import classifier, postprocess, sampling
from cropmapper.science.io import readers
from cropmapper.science.series import features
from cropmapper.science.sim import simulator
from cropmapper.science.progress import Reporter
from cropmapper.science.series.timeseries import regular_dates

START, END = "2018-03-01", "2018-10-31"
WIDTH, HEIGHT, MEMORY_MB = 90, 70, 2  # 2 MB: several blocks in both passes and several segmentation windows
# the extended features (195 per pixel) and the region-merging post-processing: the widest case to stream
RUN = {"n_trees": 15, "max_depth": 25, "min_samples": 25, "samples_per_class": 300, "validation_ratio": 0.25,
       "seed": 7, "memory_mb": MEMORY_MB, "n_jobs": 2, "features": "extended", "postprocess": "merging"}


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """A simulated scene whose first 12 rows have no valid date (NaN features inside some polygons)."""
    out = str(tmp_path_factory.mktemp("stream_scene"))
    result = simulator.simulate_scene(out, WIDTH, HEIGHT, dates=simulator.season_dates(START, END, n=10), seed=5,
                                      formats=("geotiff",), realism="none")
    for path in glob.glob(os.path.join(out, "geotiff", "*_SCL.tif")):
        ds = gdal.Open(path, gdal.GA_Update)
        ds.GetRasterBand(1).WriteArray(np.zeros((12, WIDTH), np.uint8), 0, 0)  # SCL 0: no data
        ds = None
    return {"images": os.path.join(out, "geotiff"), "parcels": result["parcels"]}


@pytest.fixture(scope="module")
def streamed(scene, tmp_path_factory):
    """A crop mask run recording every raster GDAL creates and the temporary folder's size per progress step."""
    out = str(tmp_path_factory.mktemp("stream_out"))
    created, sizes = [], []
    get_driver = gdal.GetDriverByName

    class Recording:
        """A driver that records the band count of every raster it creates."""

        def __init__(self, name):
            self.driver = get_driver(name)

        def Create(self, path, *args, **kw):
            ds = self.driver.Create(path, *args, **kw)
            created.append((path, ds.RasterCount))
            return ds

        def __getattr__(self, name):
            return getattr(self.driver, name)

    def temp_bytes(_):
        sizes.append(sum(os.path.getsize(os.path.join(root, f)) for tmp in glob.glob(os.path.join(out, ".*_tmp"))
                         for root, _, files in os.walk(tmp) for f in files))

    reporter = Reporter(on_progress=temp_bytes)
    # patch a module function, not the Driver class (patching and restoring it left a stale method here)
    gdal.GetDriverByName = Recording
    try:
        result = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="STREAM",
                                        out_folder=out, reporter=reporter, **RUN)
    finally:
        gdal.GetDriverByName = get_driver
    return {"result": result, "created": created, "sizes": sizes, "messages": reporter.messages, "out": out}


def read(path):
    ds = gdal.Open(path)
    return ds.ReadAsArray()


def test_no_feature_raster_in_the_product_folder(streamed):
    result = streamed["result"]
    in_product = [(os.path.basename(p), n) for p, n in streamed["created"] if p.startswith(streamed["out"])]
    n_dates = len(regular_dates(START, END, 10))
    # the widest raster is the temporary NDVI series (one band per date), never the 195 features
    assert max(n for _, n in in_product) == n_dates == 25  # well under the 30 allowed
    assert [name for name, n in in_product if n == n_dates] == ["ndvi.tif.part"]
    assert [n for name, n in in_product if "_MCMFLG_" in name] == [4]
    # at no progress step did the temporary folder hold a feature raster's worth of data
    assert max(streamed["sizes"]) < WIDTH * HEIGHT * 4 * 60 and len(streamed["sizes"]) > 20
    blocks = [m for m in streamed["messages"] if m.startswith("Features:")]
    assert len(blocks) == 1 and int(re.search(r"(\d+) block\(s\)", blocks[0]).group(1)) > 3
    assert not os.path.exists(os.path.join(result["product"], ".work"))


def test_streamed_products_equal_the_feature_raster_way(scene, streamed, tmp_path):
    """The old way, step by step: the whole feature raster, samples read from it, the forest, prediction and
    post-processing from it; every raster, the model and its feature list must be identical."""
    result = streamed["result"]
    spec_kw = workflow.CROP_MASK_FEATURES
    spec = features.FeatureSpec(regular_dates(START, END, 10), spec_kw["bands"], spec_kw["sets"], 10)
    acqs, grid = readers.prepare([scene["images"]], START, END, bands=spec.read_bands())
    polygons = sampling.crop_labels(sampling.load_polygons(scene["parcels"], "CROP"), "CROP")
    polygons = sampling.to_crs(polygons, grid.crs_wkt)
    feats, flags = str(tmp_path / "features.tif"), str(tmp_path / "flags.tif")
    names = features.write_feature_raster(acqs, grid, spec, feats, flags, memory_mb=MEMORY_MB)
    reporter = Reporter()
    samples = sampling.make_samples(polygons, grid, feats, RUN["samples_per_class"], RUN["validation_ratio"],
                                    RUN["seed"], MEMORY_MB, reporter)
    # the NaN rows hold drawn training pixels: both ways leave the same ones out
    assert any("training pixels without valid data (NaN features) were left out" in m for m in reporter.messages)
    assert [m for m in reporter.messages if "left out" in m] == [m for m in streamed["messages"] if "left out" in m]
    model = classifier.train(samples.x_train, samples.y_train, RUN["n_trees"], RUN["max_depth"], RUN["min_samples"],
                             RUN["seed"], RUN["n_jobs"])
    raw, cnf, cm = (str(tmp_path / n) for n in ("raw.tif", "cnf.tif", "cm.tif"))
    classifier.predict_raster(model, feats, raw, cnf, MEMORY_MB, RUN["n_jobs"],
                              creation_options=products.CREATION_OPTIONS)
    ndvi = [i + 1 for i, n in enumerate(names) if re.match(r"^NDVI_\d{8}$", n)]
    postprocess.postprocess_mask(raw, feats, ndvi, cm, workflow.postprocess_budget(MEMORY_MB),
                                 creation_options=products.CREATION_OPTIONS)

    aux = os.path.join(result["product"], "AUX_DATA")
    forest, json_names = classifier.load_model(glob.glob(os.path.join(aux, "*_MODEL_*.pkl"))[0],
                                               glob.glob(os.path.join(aux, "*_FEATURES_*.json"))[0])
    assert json_names == names and len(names) == 195
    for ours, theirs in zip(forest.estimators_, model.estimators_):
        assert np.array_equal(ours.tree_.threshold, theirs.tree_.threshold)
        assert np.array_equal(ours.tree_.value, theirs.tree_.value)
    assert json.loads(products.read_product(result["product"]).parameters["FEATURES"]) == names  # IPP
    expected = {"raw": read(raw), "confidence": read(cnf), "map": read(cm), "flags": read(flags)}
    assert (expected["raw"][:12] == -10000).all() and set(np.unique(expected["raw"][12:])) == {0, 1}
    for key, want in expected.items():
        assert np.array_equal(read(result[key]), want), key
    assert np.sum(expected["map"] != expected["raw"]) > 0  # the post-processing did change pixels


def test_selected_pixels_and_rows_equal_whole_blocks(scene):
    """Features of chosen pixels (one, two, many) and of chosen rows are those of the whole blocks, exactly."""
    acqs, grid = readers.prepare([scene["images"]], START, END)
    spec = features.FeatureSpec(regular_dates(START, END, 10), sets=["bands", "indices", "temporal"])
    stream = features.FeatureStream(acqs, grid, spec, memory_mb=1)
    whole = np.concatenate([f for _, _, f, _ in stream.blocks_iter()], axis=1)
    assert whole.shape == (len(stream.names), HEIGHT, WIDTH) and len(stream.blocks) > 2
    rng = np.random.default_rng(0)
    for n in (1, 2, 3, 500):
        mask = np.zeros((HEIGHT, WIDTH), bool)
        mask.flat[rng.choice(mask.size, n, replace=False)] = True
        got = np.concatenate([f for _, _, f, _ in stream.blocks_iter(select=lambda r, k, m=mask: m[r:r + k])], axis=1)
        assert np.array_equal(got, whole[:, mask], equal_nan=True), n
    rows = [(r0, n, f) for r0, n, f, _ in features.iter_feature_blocks(acqs, grid, spec, memory_mb=1,
                                                                         rows=[(20, 3), (40, 25)])]
    assert [(r0, n) for r0, n, _ in rows][:2] == [(20, 3), (40, stream.blocks[0][1])]
    assert sum(n for _, n, _ in rows[1:]) == 25
    for r0, n, f in rows:
        assert np.array_equal(f, whole[:, r0:r0 + n], equal_nan=True)
