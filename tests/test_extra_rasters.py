"""Extra feature rasters (Sentinel-1 backscatter and the like): dates from band descriptions, resampling onto
the 10-day dates, dB conversion, S2 + extras and extras alone in the crop mask / crop type runs, the
simulator's S1 stack, and cropmask with EXTRA_RASTERS through qgis_process."""
import datetime
import glob
import json
import os

import numpy as np
import pytest
from osgeo import gdal

from conftest import FLANDERS, needs
from cropmapper.science import products, workflow
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.series.extras import ExtraRaster, parse_band_date, to_db
from cropmapper.science.sim import s1 as sim_s1
from cropmapper.science.sim import simulator

START, END = "2018-03-01", "2018-10-31"
FAST = {"n_trees": 10, "samples_per_class": 300}
D = datetime.date


def small_grid(width=4, height=3, x0=500000.0, y0=5630000.0):
    from osgeo import osr
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return Grid(srs.ExportToWkt(), (x0, 10.0, 0.0, y0, 0.0, -10.0), width, height)


def write_stack(path, grid, bands):
    """``bands``: [(description, 2D array)] on ``grid``."""
    ds = grid.create(path, len(bands), gdal.GDT_Float32)
    for i, (desc, data) in enumerate(bands):
        ds.GetRasterBand(i + 1).SetDescription(desc)
        ds.GetRasterBand(i + 1).WriteArray(np.asarray(data, np.float32))
    ds = None
    return path


def test_dates_and_series_names_parsed_from_band_descriptions():
    assert parse_band_date("2018-03-04_VV") == (D(2018, 3, 4), "VV")
    assert parse_band_date("20180304_VH") == (D(2018, 3, 4), "VH")
    assert parse_band_date("VH_20180304") == (D(2018, 3, 4), "VH")
    assert parse_band_date("coh_VV_2018-05-01") == (D(2018, 5, 1), "coh_VV")
    assert parse_band_date("2018-02-30_VV") is None  # not a date
    assert parse_band_date("B04") is None
    assert parse_band_date("") is None


@needs(os.path.join(FLANDERS, "s1_grd_asc_10m.tif"))
def test_the_real_s1_stack_descriptions_give_its_dates():
    path = os.path.join(FLANDERS, "s1_grd_asc_10m.tif")
    ds = gdal.Open(path)
    first = [parse_band_date(ds.GetRasterBand(b).GetDescription()) for b in (1, 2)]
    assert first == [(D(2017, 8, 1), "VV"), (D(2017, 8, 1), "VH")]


def test_resampling_onto_the_10_day_dates_against_a_hand_computation(tmp_path):
    g = small_grid(2, 1)
    nan = np.nan
    # pixel 0: VV -10 on 03-05, -20 on 03-25; pixel 1: VV -8 on 03-05, NaN on 03-15, -12 on 03-25
    path = write_stack(str(tmp_path / "s1.tif"), g, [
        ("2018-03-05_VV", [[-10, -8]]), ("2018-03-05_VH", [[-20, -20]]),
        ("2018-03-15_VV", [[-15, nan]]), ("2018-03-15_VH", [[-18, -16]]),
        ("2018-03-25_VV", [[-20, -12]]), ("2018-03-25_VH", [[-14, -14]])])
    out_dates = [D(2018, 3, 1), D(2018, 3, 11), D(2018, 3, 21), D(2018, 3, 31)]
    extra = ExtraRaster(path, g, out_dates)
    assert extra.resample
    assert extra.names == ["VV_20180301", "VV_20180311", "VV_20180321", "VV_20180331",
                           "VH_20180301", "VH_20180311", "VH_20180321", "VH_20180331"]
    got = extra.read(0, 1)[:, 0, :]
    # by hand: 03-01 before the first date -> the first value; 03-11 = 6/10 of the way 03-05 -> 03-15;
    # 03-21 = 6/10 of the way 03-15 -> 03-25; 03-31 after the last -> the last value.
    vv0 = [-10, -10 + 0.6 * (-15 + 10), -15 + 0.6 * (-20 + 15), -20]
    vv1 = [-8, -8 + (6 / 20) * (-4), -8 + (16 / 20) * (-4), -12]  # 03-15 is NaN: 03-05 -> 03-25
    vh0 = [-20, -20 + 0.6 * 2, -18 + 0.6 * 4, -14]
    vh1 = [-20, -20 + 0.6 * 4, -16 + 0.6 * 2, -14]
    np.testing.assert_allclose(got[:4, 0], vv0, atol=1e-5)
    np.testing.assert_allclose(got[:4, 1], vv1, atol=1e-5)
    np.testing.assert_allclose(got[4:, 0], vh0, atol=1e-5)
    np.testing.assert_allclose(got[4:, 1], vh1, atol=1e-5)
    # no resampling: the bands as they are, named by their descriptions
    kept = ExtraRaster(path, g, out_dates, resample="no")
    assert kept.names[:2] == ["2018-03-05_VV", "2018-03-05_VH"] and kept.read(0, 1).shape == (6, 1, 2)


def test_db_conversion_of_linear_power(tmp_path):
    got = to_db([1.0, 0.1, 0.01, 0.0, -1.0, np.nan])
    np.testing.assert_allclose(got[:3], [0.0, -10.0, -20.0], atol=1e-6)
    assert np.isnan(got[3:]).all()
    g = small_grid(2, 1)
    path = write_stack(str(tmp_path / "lin.tif"), g, [("2018-03-01_VV", [[0.1, 0.0]]), ("2018-03-11_VV", [[0.001, 0.5]])])
    got = ExtraRaster(path, g, [D(2018, 3, 1), D(2018, 3, 11)], units="linear").read(0, 1)[:, 0, :]
    # pixel 1's 0 becomes NaN, then the end takes the nearest valid value (10 log10 0.5)
    np.testing.assert_allclose(got, [[-10.0, 10 * np.log10(0.5)], [-30.0, 10 * np.log10(0.5)]], atol=1e-5)


def test_bad_extra_rasters_are_refused_with_their_reason(tmp_path):
    g = small_grid(4, 3)
    far = write_stack(str(tmp_path / "far.tif"), small_grid(4, 3, x0=600000.0), [("2018-03-01_VV", np.zeros((3, 4)))])
    with pytest.raises(InputError, match="does not cover the images' grid"):
        ExtraRaster(far, g, [D(2018, 3, 1)])
    undated = write_stack(str(tmp_path / "coh.tif"), g, [("", np.zeros((3, 4))), ("", np.ones((3, 4)))])
    with pytest.raises(InputError, match="2 of its bands have no date in their description \\(e.g. 'coh_b1'"):
        ExtraRaster(undated, g, [D(2018, 3, 1)], resample="yes")
    assert ExtraRaster(undated, g, [D(2018, 3, 1)]).names == ["coh_b1", "coh_b2"]  # auto: kept as they are
    broken = str(tmp_path / "broken.tif")
    open(broken, "wb").write(b"not a raster")
    with pytest.raises(InputError, match="Cannot open the extra raster"):
        ExtraRaster(broken, g)
    with pytest.raises(InputError, match="Unknown extra raster units 'watts'"):
        ExtraRaster(undated, g, units="watts")


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    """60 x 60 px, 6 dates, with the simulated S1 stack."""
    out = str(tmp_path_factory.mktemp("s1scene"))
    dates = simulator.season_dates(START, END, n=6)
    r = simulator.simulate_scene(out, 60, 60, dates=dates, seed=3, formats=("geotiff",), realism="none", s1=True)
    r["images"] = os.path.join(out, "geotiff")
    return r


def test_simulated_s1_stack_follows_the_class_phenology(scene):
    ds = gdal.Open(scene["s1"])
    dates = scene["s1_dates"]
    assert ds.RasterCount == 2 * len(dates)
    assert dates[1] == (D.fromisoformat(dates[0]) + datetime.timedelta(days=7)).isoformat()
    assert [ds.GetRasterBand(b).GetDescription() for b in (1, 2)] == ["%s_VV" % dates[0], "%s_VH" % dates[0]]
    ids = gdal.Open(scene["labels"]["id"]).ReadAsArray()
    from cropmapper.science.sim import class_profiles as cp
    scn = simulator.Scene(60, 60, simulator.season_dates(START, END, n=6), 3, realism="none")
    klass = np.asarray(scn.parcels.klass)[ids]
    maize = klass == cp.CLASS_KEYS.index("maize")
    assert maize.sum() > 50
    # VH of maize follows the NDVI of the maize profile over the season (biomass), VV less steeply
    vh = [ds.GetRasterBand(2 * t + 2).ReadAsArray()[maize].mean() for t in range(len(dates))]
    vv = [ds.GetRasterBand(2 * t + 1).ReadAsArray()[maize].mean() for t in range(len(dates))]
    nd = [sim_s1._ndvi(cp.profile("maize", D.fromisoformat(d).timetuple().tm_yday)[0]) for d in dates]
    assert np.corrcoef(vh, nd)[0, 1] > 0.8
    assert np.ptp(vh) > 1.5 * np.ptp(vv) > 0
    august = dates.index(next(d for d in dates if d >= "2018-08-01"))
    # speckle: 4-look gamma in dB has a std of about 2.3 dB around the parcel's value
    expected = sim_s1.parcel_backscatter(scn, D.fromisoformat(dates[august]))[ids, 1]
    residual = ds.GetRasterBand(2 * august + 2).ReadAsArray() - expected
    assert 1.8 < residual.std() < 2.8
    # seeded: the same seed writes the same values
    again = sim_s1.s1_dates(scn.dates)
    assert [d.isoformat() for d in again] == dates


@pytest.fixture(scope="module")
def runs(scene, tmp_path_factory):
    out = str(tmp_path_factory.mktemp("runs"))
    kw = dict(site="S1", out_folder=out, **FAST)
    r = {}
    r["s2"] = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="A",
                                     out_folder=out, **FAST)
    r["s2s1"] = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="B",
                                       out_folder=out, extra_rasters=[scene["s1"]], **FAST)
    r["s1"] = workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", site="C",
                                     out_folder=out, extra_rasters=[scene["s1"]], features="none", **FAST)
    r["ct_s1"] = workflow.run_crop_type([scene["images"]], START, END, scene["parcels"], "CODE",
                                        extra_rasters=[scene["s1"]], s2_features=False, **kw)
    return r


def model_features(result):
    path = glob.glob(os.path.join(result["product"], "AUX_DATA", "*FEATURES*.json"))[0]
    data = json.load(open(path))
    return data["features"] if isinstance(data, dict) else data


def test_s2_plus_extras_never_lower_the_feature_count(runs):
    n_dates = len(workflow.regular_dates(D(2018, 3, 1), D(2018, 10, 31), 10))
    s2, s2s1, s1 = (model_features(runs[k]) for k in ("s2", "s2s1", "s1"))
    assert len(s2s1) == len(s2) + 2 * n_dates >= len(s2)
    assert s2s1[:len(s2)] == s2
    assert s2s1[len(s2):len(s2) + 2] == ["VV_20180301", "VV_20180311"]
    assert s1 == s2s1[len(s2):]  # S1 alone: the extras only
    assert model_features(runs["ct_s1"]) == s1


def test_extras_in_the_product_metadata_and_s1_alone_classifies(runs, scene):
    params = products.read_product(runs["s2s1"]["product"]).parameters
    assert scene["s1"] in params["EXTRA_RASTERS"]
    assert params["EXTRA_RESAMPLE"] == "auto" and params["EXTRA_UNITS"] == "db"
    assert products.read_product(runs["s1"]["product"]).parameters["FEATURE_SET"] == "none"
    # the S1 stack alone separates crop from non-crop on this scene better than a constant map
    assert runs["s1"]["overall_accuracy"] > runs["s1"]["assessment"].majority_accuracy
    assert runs["s2"]["overall_accuracy"] > 0.9


def test_no_feature_at_all_is_refused(scene, tmp_path):
    with pytest.raises(InputError, match="give at least one extra raster"):
        workflow.run_crop_mask([scene["images"]], START, END, scene["parcels"], "CROP", features="none",
                               out_folder=str(tmp_path))
    with pytest.raises(InputError, match="give at least one extra raster"):
        workflow.run_crop_type([scene["images"]], START, END, scene["parcels"], "CODE", s2_features=False,
                               out_folder=str(tmp_path))
    assert os.listdir(str(tmp_path)) == []


def test_qgis_process_cropmask_with_extra_rasters(qgis_process, scene, tmp_path):
    code, result, proc = qgis_process.run("cropmapper:cropmask", {
        "INPUT": scene["images"], "IN_SITU": scene["parcels"], "SITE": "QP", "N_TREES": 10,
        "SAMPLES_PER_CLASS": 300, "EXTRA_RASTERS": scene["s1"], "EXTRA_UNITS": "db", "FEATURES": "none",
        "OUTPUT_FOLDER": str(tmp_path)})
    assert code == 0, proc.stdout + proc.stderr
    product = result["results"]["PRODUCT"]
    features = model_features({"product": product})
    assert features[0] == "VV_%s" % "20180301" and all(f[:3] in ("VV_", "VH_") for f in features)
    assert 0.5 < result["results"]["OVERALL_ACCURACY"] <= 1.0
    params = products.read_product(product).parameters
    assert scene["s1"] in params["EXTRA_RASTERS"]


def test_s1_comparison_model_runs_headless(qgis_app, scene, tmp_path):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProcessingModelAlgorithm
    from conftest import REPO

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(os.path.join(REPO, "models", "s1_comparison.model3"))
    folder = tmp_path / "products"
    folder.mkdir()
    params = {"images": scene["images"], "parcels": scene["parcels"], "s1": scene["s1"], "site": "CMP",
              "start": START, "end": END, "seed": 1, "mask_s2:products": str(folder),
              "compare:comparison_csv": str(tmp_path / "cmp.csv"), "compare:comparison_html": str(tmp_path / "c.html")}
    context, feedback = QgsProcessingContext(), QgsProcessingFeedback()
    results, ok = model.run(params, context, feedback)
    assert ok, feedback.textLog()[-3000:]
    names = sorted(os.listdir(str(folder)))
    assert len(names) == 3 and all("_SCMP-S" in n for n in names), names
    import csv
    with open(str(tmp_path / "cmp.csv")) as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 3
    # k-fold products hold no held-out polygon: compareproducts takes their out-of-fold figures
    for row in rows:
        product = products.read_product(str(folder / row["product"]))
        assert abs(float(row["overall_accuracy"]) - float(product.quality["accuracy"])) < 1e-5
        assert row["source"] == "quality xml" and int(row["validation_pixels"]) > 0
    sets = sorted(products.read_product(str(folder / n)).parameters["FEATURE_SET"] for n in names)
    assert sets == ["none", "sen2agri", "sen2agri"]
