"""cropmapper:timeseriesfeatures and cropmapper:composite through processing.run and qgis_process."""
import datetime as dt
import os

import numpy as np
import pytest
from osgeo import gdal

from conftest import FLANDERS, FLANDERS_SAFE, needs
from cropmapper.science.series.features import FLAG_NAMES, FeatureSpec
from cropmapper.science.sim.s2_writers import write_dated_geotiff
from cropmapper.science.series.timeseries import regular_dates
from test_timeseries import small_grid

DATES = [dt.datetime(2018, 4, 1, 10, 30) + dt.timedelta(days=10 * i) for i in range(8)]
W, H = 12, 10


def ndvi_target(i):
    """Designed NDVI of date i in column 0 (a hat peaking at date 4)."""
    return 0.1 + 0.15 * min(i, 8 - i)


def nir_of(i):
    return 0.05 * (1 + ndvi_target(i)) / (1 - ndvi_target(i))


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """8 dated GeoTIFFs + SCL: red 0.05, NIR set for a hat NDVI curve; date 2 cloudy in the left half,
    date 5 all cloudy, pixel (0, 0) water on date 3."""
    folder = str(tmp_path_factory.mktemp("series"))
    grid = small_grid(W, H)
    for i, when in enumerate(DATES):
        red = np.full((H, W), 0.05)
        nir = np.full((H, W), nir_of(i))
        bands = {b: np.full((H, W), 0.08) for b in ("B02", "B03", "B05", "B06", "B07", "B8A", "B11", "B12")}
        bands.update(B04=red, B08=nir)
        scl = np.full((H, W), 4, np.uint8)
        if i == 2:
            scl[:, : W // 2] = 9
        if i == 5:
            scl[:] = 8
        if i == 3:
            scl[0, 0] = 6
        write_dated_geotiff(folder, when, grid, bands, scl)
    return folder


def descriptions(path):
    ds = gdal.Open(path)
    return [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]


def test_features_algorithm_values_flags_and_styles(run_alg, series, tmp_path):
    out, flags = str(tmp_path / "features.tif"), str(tmp_path / "flags.tif")
    res = run_alg("timeseriesfeatures", {"INPUT": [series], "START_DATE": "2018-04-01", "END_DATE": "2018-05-11",
                                         "STEP_DAYS": 10, "FEATURES": ["indices", "temporal"],
                                         "OUTPUT": out, "OUTPUT_FLAGS": flags})
    spec = FeatureSpec(regular_dates("2018-04-01", "2018-05-11", 10), sets=["indices", "temporal"])
    names = spec.names()
    assert res["OUTPUT"] == out and res["OUTPUT_FLAGS"] == flags and res["FEATURE_COUNT"] == len(names)
    assert descriptions(out) == names
    data = dict(zip(names, gdal.Open(out).ReadAsArray()))
    # clear dates keep their NDVI (up to the uint16 quantisation of the files)
    np.testing.assert_allclose(data["NDVI_20180401"], ndvi_target(0), atol=2e-3)
    np.testing.assert_allclose(data["NDVI_20180501"], ndvi_target(3), atol=2e-3)
    # date 2 is cloudy in the left half: the bands are interpolated between dates 1 and 3, then NDVI
    nir = np.mean([nir_of(1), nir_of(3)])
    expected = (nir - 0.05) / (nir + 0.05)
    np.testing.assert_allclose(data["NDVI_20180421"][:, : W // 2], expected, atol=3e-3)
    np.testing.assert_allclose(data["NDVI_20180421"][:, W // 2:], ndvi_target(2), atol=2e-3)
    np.testing.assert_allclose(data["NDVI_max"], ndvi_target(4), atol=2e-3)
    # date 5 (05-21) is outside the period; flags count dates 0..4: 5 valid, except date 2 / water at (0, 0)
    f = gdal.Open(flags).ReadAsArray()
    assert descriptions(flags) == list(FLAG_NAMES)
    assert f[0, 0, W - 1] == 5 and f[3, 0, W - 1] == 0
    assert f[0, 5, 0] == 4 and f[3, 5, 0] == 1
    assert (f[0, 0, 0], f[1, 0, 0], f[3, 0, 0]) == (3, 1, 1)
    assert os.path.exists(str(tmp_path / "features.qml")) and os.path.exists(str(tmp_path / "flags.qml"))


def test_composite_algorithm_median_and_styles(run_alg, series, tmp_path):
    out, count = str(tmp_path / "comp.tif"), str(tmp_path / "count.tif")
    res = run_alg("composite", {"INPUT": [series], "START_DATE": "2018-04-15", "END_DATE": "2018-05-31",
                                "OUTPUT": out, "OUTPUT_COUNT": count})
    assert res["OUTPUT"] == out
    assert descriptions(out) == ["B02", "B03", "B04", "B08"]
    comp = gdal.Open(out).ReadAsArray()
    # right half: dates 2, 3, 4, 6 usable (5 cloudy) -> NIR median of targets 0.4, 0.55, 0.7, 0.4
    nir = [nir_of(i) for i in (2, 3, 4, 6)]
    np.testing.assert_allclose(comp[3, :, W - 1], np.median(nir), atol=2e-4)
    np.testing.assert_allclose(comp[2], 0.05, atol=1e-4)
    n = gdal.Open(count).ReadAsArray()
    assert n[0, W - 1] == 4 and n[5, 0] == 3
    assert 'redBand="3" greenBand="2" blueBand="1"' in open(str(tmp_path / "comp.qml")).read()
    # QGIS loads the sidecar as the layer's default style; the false colour file loads too
    from qgis.core import QgsRasterLayer

    layer = QgsRasterLayer(out, "composite")
    renderer = layer.renderer()
    assert renderer.type() == "multibandcolor"
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (3, 2, 1)
    assert renderer.redContrastEnhancement().maximumValue() == pytest.approx(0.2)
    _, ok = layer.loadNamedStyle(str(tmp_path / "comp_falsecolour.qml"))
    assert ok and (layer.renderer().redBand(), layer.renderer().greenBand()) == (4, 3)
    flags = QgsRasterLayer(count, "count")
    assert flags.renderer().type() == "singlebandpseudocolor"


@pytest.mark.parametrize("params, message", [
    ({"START_DATE": "2018-02-30"}, "Start date (START_DATE): '2018-02-30' is not a date. Write it as YYYY-MM-DD "
                                   "(e.g. 2018-03-01), or leave it empty for the first image date."),
    ({"END_DATE": "2018-13-45"}, "End date (END_DATE): '2018-13-45' is not a date. Write it as YYYY-MM-DD "
                                 "(e.g. 2018-03-01), or leave it empty for the last image date."),
    ({"START_DATE": "2018-06-01", "END_DATE": "2018-04-01"},
     "The start date 2018-06-01 is after the end date 2018-04-01"),
    ({"START_DATE": "2019-01-01"}, "No image in the period 2019-01-01 to ...: the 8 image(s) found are dated "
                                   "2018-04-01 to 2018-06-10"),
    ({"START_DATE": "2018-05-21", "END_DATE": "2018-05-21"}, "Every pixel is cloudy or without data on all 1 images"),
])
def test_features_algorithm_bad_input(run_alg, series, tmp_path, params, message):
    from qgis.core import QgsProcessingException

    out = str(tmp_path / "f.tif")
    with pytest.raises(QgsProcessingException) as err:
        run_alg("timeseriesfeatures", dict({"INPUT": [series], "OUTPUT": out}, **params))
    assert message in str(err.value)
    assert not os.path.exists(out) and not os.path.exists(out + ".part")


def test_unknown_band_is_refused(run_alg, series, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="BANDS"):
        run_alg("composite", {"INPUT": [series], "BANDS": ["B04", "B13"], "OUTPUT": str(tmp_path / "c.tif")})


def test_dates_as_widget_values_strings_or_unset(run_alg, series, tmp_path):
    """START_DATE / END_DATE are date parameters: a QDate (the dialog), a 'YYYY-MM-DD' string (scripts,
    qgis_process) and an empty or missing END_DATE (the last image date, 2018-06-10) give the same period."""
    from qgis.core import QgsProcessingParameterDateTime
    from qgis.PyQt.QtCore import QDate
    from cropmapper.algorithms.registry import algorithm_classes

    for cls in algorithm_classes():
        alg = cls()
        alg.initAlgorithm()
        for name in ("START_DATE", "END_DATE"):
            p = alg.parameterDefinition(name)
            if p is not None:
                assert isinstance(p, QgsProcessingParameterDateTime) and p.dataType() == p.Date, (cls.ID, name)
                assert p.flags() & p.FlagOptional
    ways = [{"START_DATE": QDate(2018, 4, 15), "END_DATE": ""}, {"START_DATE": "2018-04-15"},
            {"START_DATE": "2018-04-15", "END_DATE": QDate(2018, 6, 10)}, {"START_DATE": "2018-04-15", "END_DATE": None}]
    for i, dates in enumerate(ways):
        count = str(tmp_path / ("count%d.tif" % i))
        run_alg("composite", dict({"INPUT": [series], "OUTPUT": str(tmp_path / ("c%d.tif" % i)),
                                   "OUTPUT_COUNT": count}, **dates))
        n = gdal.Open(count).ReadAsArray()
        # right half: dates 2, 3, 4, 6, 7 cloud-free (date 5 cloudy, dates 0, 1 before the start)
        assert n[0, W - 1] == 5, dates


def test_every_parameter_has_help(qgis_app):
    from cropmapper.algorithms.composite import CompositeAlgorithm
    from cropmapper.algorithms.timeseriesfeatures import TimeSeriesFeaturesAlgorithm

    for cls in (TimeSeriesFeaturesAlgorithm, CompositeAlgorithm):
        alg = cls()
        alg.initAlgorithm()
        names = [p.name() for p in alg.parameterDefinitions()]
        assert sorted(names) == sorted(cls.PARAM_HELP), cls.ID


def test_no_input_at_all(run_alg, tmp_path):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="No input given"):
        run_alg("composite", {"OUTPUT": str(tmp_path / "c.tif")})


def test_reference_raster_gives_the_output_grid(run_alg, series, tmp_path):
    ref = str(tmp_path / "ref.tif")
    grid = small_grid(W, H)
    x0, y0 = grid.geotransform[0], grid.geotransform[3]
    ds = gdal.GetDriverByName("GTiff").Create(ref, 3, 2, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((x0 + 40, 20, 0, y0 - 20, 0, -20))
    ds.SetProjection(grid.crs_wkt)
    ds = None
    out = str(tmp_path / "c.tif")
    run_alg("composite", {"INPUT_FOLDER": series, "REFERENCE_RASTER": ref, "METHOD": 1, "OUTPUT": out})
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (3, 2)
    assert ds.GetGeoTransform() == (x0 + 40, 20, 0, y0 - 20, 0, -20)


def test_qgis_process_features_with_repeated_inputs_and_an_extra_raster(qgis_process, series, tmp_path):
    files = sorted(os.path.join(series, f) for f in os.listdir(series) if f.endswith(".tif"))
    extra = str(tmp_path / "coherence.tif")
    grid = small_grid(W, H)
    ds = grid.create(extra, 1, gdal.GDT_Float32)
    ds.GetRasterBand(1).WriteArray(np.full((H, W), 0.25, np.float32))
    ds.GetRasterBand(1).SetDescription("VV_20180405")
    ds = None
    out = str(tmp_path / "q.tif")
    code, result, proc = qgis_process.run("cropmapper:timeseriesfeatures", {
        "INPUT": files, "START_DATE": "2018-04-01", "END_DATE": "2018-04-21", "BANDS": ["B04", "B08"],
        "FEATURES": ["bands", "indices"], "EXTRA_RASTERS": extra, "OUTPUT": out})
    assert code == 0, proc.stdout + proc.stderr
    assert result["results"]["FEATURE_COUNT"] == 3 * (2 + 3) + 1
    names = descriptions(out)
    assert names[:5] == ["B04_20180401", "B08_20180401", "B04_20180411", "B08_20180411", "B04_20180421"]
    assert names[-1] == "VV_20180405"
    ds = gdal.Open(out)
    np.testing.assert_allclose(ds.GetRasterBand(16).ReadAsArray(), 0.25)


def test_qgis_process_composite_with_no_image_in_the_period(qgis_process, series, tmp_path):
    out = str(tmp_path / "c.tif")
    code, _, proc = qgis_process.run("cropmapper:composite", {
        "INPUT": series, "START_DATE": "2017-08-01", "END_DATE": "2017-08-31", "OUTPUT": out})
    assert code == 1
    assert "No image in the period 2017-08-01 to 2017-08-31" in proc.stdout + proc.stderr
    assert not os.path.exists(out)


@needs(FLANDERS_SAFE)
def test_qgis_process_august_composite_of_the_real_safe_products(qgis_process, tmp_path):
    out = str(tmp_path / "august.tif")
    code, result, proc = qgis_process.run("cropmapper:composite", {
        "INPUT": FLANDERS_SAFE, "START_DATE": "2018-08-01", "END_DATE": "2018-08-31", "OUTPUT": out})
    assert code == 0, proc.stdout + proc.stderr
    assert "9 image(s) used" in proc.stdout + proc.stderr
    comp = gdal.Open(out).ReadAsArray()
    assert comp.shape == (4, 64, 64)
    ct = gdal.Open(os.path.join(FLANDERS, "labels_ct_10m.tif")).ReadAsArray()
    maize = ct == 1200
    # August maize canopy: NIR far above red (NDVI of the medians > 0.6, as the feature test finds ~0.8)
    red, nir = np.nanmedian(comp[2][maize]), np.nanmedian(comp[3][maize])
    assert (nir - red) / (nir + red) > 0.6


@needs(FLANDERS)
def test_features_of_the_real_stack_through_processing(run_alg, tmp_path):
    out = str(tmp_path / "stack.tif")
    res = run_alg("timeseriesfeatures", {
        "INPUT": [os.path.join(FLANDERS, "s2_l2a_stack_10m.tif"), os.path.join(FLANDERS, "scl_stack_10m.tif")],
        "START_DATE": "2018-03-01", "END_DATE": "2018-10-31", "FEATURES": ["temporal"],
        "EXTENT": "501400,501600,5629100,5629300 [EPSG:32631]", "MEMORY": 16, "OUTPUT": out})
    assert res["FEATURE_COUNT"] == 20
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (20, 20)
    assert ds.GetGeoTransform()[0] == 501400 and ds.GetGeoTransform()[3] == 5629300
