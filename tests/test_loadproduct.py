"""cropmapper:loadproduct: the product's styled layer group, in a project file (qgis_process, models)."""
import datetime
import os

import numpy as np
import pytest
from osgeo import ogr, osr

import sen2agri_fixtures as fx
from cropmapper.science.grid import Grid
from cropmapper.science.insitu import Parcel
from cropmapper.science.products import ProductWriter


def _wkt():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


GRID = Grid(_wkt(), (500000.0, 10.0, 0.0, 5630000.0, 0.0, -10.0), 10, 8)
SQUARE = "POLYGON ((%d 5629990,%d 5629990,%d 5629970,%d 5629970,%d 5629990))"


@pytest.fixture(scope="module")
def ours(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("load"))
    values = np.where(np.arange(80).reshape(8, 10) % 3 == 0, 1110, np.where(np.arange(80).reshape(8, 10) % 3 == 1,
                                                                             1200, 0)).astype(np.int16)
    with ProductWriter("L4B", out, "LOAD", "2018-03-01", "2018-08-31", "31UES",
                       created=datetime.datetime(2020, 1, 1)) as w:
        for kind in ("CT", "RAW", "CNF"):
            ds = w.create_raster(kind, GRID)
            ds.GetRasterBand(1).WriteArray(values if kind != "CNF" else np.full((8, 10), 70, np.int16))
            ds = None
        ds = w.create_raster("FLG", GRID)
        for b in range(4):
            ds.GetRasterBand(b + 1).WriteArray(np.full((8, 10), 3 * b + 1, np.uint16))
        ds = None
        parcels = [Parcel(ogr.CreateGeometryFromWkt(SQUARE % (x, x + 20, x + 20, x, x)).ExportToWkb(),
                          {"ID": k + 1, "CODE": code}) for k, (x, code) in enumerate(((500000, 1110), (500040, 1200)))]
        w.write_insitu(parcels[:1], parcels[1:], crs_wkt=GRID.crs_wkt)
        w.write_quality(np.array([[3, 1], [0, 4]]), [1110, 1200])
        w.write_styles(legend={1110: "maize", 1200: "wheat"})
    return w.path


_PROJECTS = []  # a project read back owns its layers: keep it alive while they are inspected


@pytest.fixture(autouse=True)
def _drop_projects():
    yield
    for project in _PROJECTS:  # before QGIS exits: a project freed after it corrupts the heap
        project.clear()
    del _PROJECTS[:]


def _layers(project_path):
    from qgis.core import QgsProject

    project = QgsProject()
    _PROJECTS.append(project)
    assert project.read(project_path)
    group = project.layerTreeRoot().children()[0]
    return group.name(), [(n.layer().name(), n.layer()) for n in group.findLayers()]


def test_our_product_loads_as_a_styled_group(run_alg, ours, tmp_path):
    from qgis.core import (QgsCategorizedSymbolRenderer, QgsPalettedRasterRenderer,
                           QgsSingleBandPseudoColorRenderer)

    res = run_alg("loadproduct", {"PRODUCT": ours, "OUTPUT_PROJECT": str(tmp_path / "p.qgs")})
    assert res["OUTPUT_PROJECT"] == str(tmp_path / "p.qgs") and res["GROUP"] == os.path.basename(ours)
    assert res["MAP"].endswith("_CT_V20180301_20180831_T31UES.TIF") and res["INSITU"].startswith("/vsizip/")
    name, layers = _layers(res["OUTPUT_PROJECT"])
    assert name == os.path.basename(ours)
    names = [n for n, _ in layers]
    assert names == ["In situ polygons (training / validation)", "Crop type", "Raw crop type", "Confidence",
                     "Valid dates", "Water dates", "Snow dates", "Cloud dates"]
    by = dict(layers)
    mp = by["Crop type"].renderer()
    assert isinstance(mp, QgsPalettedRasterRenderer) and len(mp.classes()) == 3  # not crop, maize, wheat
    assert {c.label for c in mp.classes()} >= {"maize", "wheat"}
    for band, n in enumerate(("Valid dates", "Water dates", "Snow dates", "Cloud dates")):
        r = by[n].renderer()
        assert isinstance(r, QgsSingleBandPseudoColorRenderer) and r.band() == band + 1
    insitu = by["In situ polygons (training / validation)"]
    assert isinstance(insitu.renderer(), QgsCategorizedSymbolRenderer)
    assert [c.value() for c in insitu.renderer().categories()] == ["training", "validation"]
    assert insitu.featureCount() == 2


def test_genuine_product_without_styles_or_isd(run_alg, tmp_path):
    from qgis.core import QgsPalettedRasterRenderer, QgsProcessingFeedback

    root = fx.make_genuine_product(str(tmp_path), "L4B")
    feedback = QgsProcessingFeedback()
    errors = []
    feedback.reportError = lambda text, fatal=False: errors.append(text)
    res = run_alg("loadproduct", {"PRODUCT": root, "OUTPUT_PROJECT": str(tmp_path / "g.qgs")}, feedback)
    name, layers = _layers(res["OUTPUT_PROJECT"])
    assert [n for n, _ in layers] == ["Crop type", "Raw crop type", "Valid dates", "Water dates", "Snow dates",
                                      "Cloud dates"]
    r = dict(layers)["Crop type"].renderer()
    assert isinstance(r, QgsPalettedRasterRenderer) and [c.value for c in r.classes()] == [0, 1110, 1200]
    assert any("in situ polygons" in e for e in errors) and any("confidence raster" in e for e in errors)


def test_not_a_product_and_missing_map(run_alg, tmp_path, ours):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException, match="is not a Sen2-Agri L4A / L4B product"):
        run_alg("loadproduct", {"PRODUCT": str(tmp_path)})
    import shutil

    broken = str(tmp_path / os.path.basename(ours))
    shutil.copytree(ours, broken)
    product_map = [os.path.join(d, f) for d, _, fs in os.walk(broken) for f in fs if "_CT_" in f and f.endswith(".TIF")]
    os.remove(product_map[0])
    with pytest.raises(QgsProcessingException, match="holds no map raster"):
        run_alg("loadproduct", {"PRODUCT": broken})


def test_qgis_process_writes_the_project(qgis_process, ours, tmp_path):
    code, result, proc = qgis_process.run("cropmapper:loadproduct", {"PRODUCT": ours,
                                                                      "OUTPUT_PROJECT": str(tmp_path / "q.qgs")})
    assert code == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    name, layers = _layers(result["results"]["OUTPUT_PROJECT"])
    assert name == os.path.basename(ours) and len(layers) == 8


def test_in_qgis_the_group_goes_into_the_current_project(qgis_app, ours):
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject

    project = QgsProject.instance()
    context = QgsProcessingContext()
    context.setProject(project)
    try:
        processing.run("cropmapper:loadproduct", {"PRODUCT": ours}, context=context, feedback=QgsProcessingFeedback())
        group = project.layerTreeRoot().findGroup(os.path.basename(ours))
        assert group is not None and len(group.findLayers()) == 8
        # run again: the group is replaced, not doubled
        processing.run("cropmapper:loadproduct", {"PRODUCT": ours}, context=context, feedback=QgsProcessingFeedback())
        names = [g.name() for g in project.layerTreeRoot().children()]
        assert names.count(os.path.basename(ours)) == 1
    finally:
        project.clear()
