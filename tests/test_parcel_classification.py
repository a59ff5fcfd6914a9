"""Parcel (object-based) classification: per-parcel statistics against numpy on a small raster, the run on a
simulated scene (science and qgis_process), its bad inputs, and the real Flanders parcels."""
import os
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from osgeo import ogr, osr

from conftest import FLANDERS, FLANDERS_SAFE, needs
from cropmapper.science import products
from cropmapper.science.errors import InputError
from cropmapper.science.grid import Grid
from cropmapper.science.insitu import Parcel
from cropmapper.science.io import vector
from cropmapper.science.parcels import run, stats
from cropmapper.science.progress import Reporter
from cropmapper.science.sim import simulator

START, END = "2018-03-01", "2018-10-31"
FAST = {"n_trees": 20}


def _utm():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32631)
    return srs.ExportToWkt()


def _square(x0, y0, x1, y1):
    return ogr.CreateGeometryFromWkt("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (x0, y0, x1, y0, x1, y1, x0, y1,
                                                                                  x0, y0))


# --- per-parcel statistics ------------------------------------------------------------------------------
def test_parcel_statistics_match_numpy_on_a_small_raster():
    """20 x 15 px grid of 10 m; parcels: two squares overlapping on 2 x 3 pixels, a multipart parcel, one too
    small to hold a pixel centre, one without geometry. Features random with NaNs; blocks of 4 rows; the
    median's buckets forced small (several spill files)."""
    grid = Grid(_utm(), (0.0, 10.0, 0.0, 150.0, 0.0, -10.0), 20, 15)
    multi = ogr.Geometry(ogr.wkbMultiPolygon)
    multi.AddGeometry(_square(0, 0, 30, 30))        # 3 x 3 px
    multi.AddGeometry(_square(150, 0, 200, 20))     # 5 x 2 px
    geoms = [_square(0, 100, 60, 150),               # 6 x 5 px
             _square(40, 70, 100, 130),              # 6 x 6 px, overlaps the first on x 40-60, y 100-130
             multi,
             _square(121, 51, 128, 58),              # holds no pixel centre (centres at 125 fall... see below)
             None]
    # the tiny square spans 121-128: the centre 125 is inside in x and y -> make it really centre-free
    geoms[3] = _square(121, 51, 124, 58)
    burner = stats.ParcelBurner(geoms, grid)
    found = stats.survey(burner, memory_mb=1)
    assert found.overlap_pixels == 2 * 3  # x 40-60 (2 columns) by y 100-130 (3 rows)
    assert found.overlap_winners == [1]   # the later parcel of the layer takes them
    assert run.overlapping(geoms, found.overlap_winners) == [0, 1]
    assert found.pixels.tolist() == [30 - 6, 36, 9 + 10, 0, 0]

    rng = np.random.default_rng(0)
    feats = rng.normal(size=(3, 15, 20)).astype(np.float32)
    feats[0, rng.random((15, 20)) < 0.2] = np.nan   # NaNs in one feature only: left out per feature
    feats[:, 0, 0] = np.nan                          # a pixel without any value
    acc = stats.ParcelStats(5, 3, ("mean", "std", "median"), found.pixels, median_mb=(4 * 3 + 4) * 12 / 2 ** 20)
    assert acc.n_buckets >= 3
    for row0 in range(0, 15, 4):
        nrows = min(4, 15 - row0)
        b = burner.burn(row0, nrows)
        acc.add(b[b > 0] - 1, feats[:, row0:row0 + nrows][:, b > 0])
    got = acc.finish()
    whole = burner.burn(0, 15)
    for p in range(5):
        values = feats[:, whole == p + 1]
        assert acc.valid[p] == int(np.isfinite(values).all(axis=0).sum())
        if values.shape[1] == 0:
            assert np.isnan(got["mean"][p]).all() and np.isnan(got["median"][p]).all()
            continue
        np.testing.assert_allclose(got["mean"][p], np.nanmean(values, axis=1), rtol=1e-6)
        np.testing.assert_allclose(got["std"][p], np.nanstd(values, axis=1), rtol=1e-5, atol=1e-7)
        np.testing.assert_array_equal(got["median"][p].astype(np.float32), np.nanmedian(values, axis=1))
    assert acc._dir is None  # the spill files are gone
    assert stats.column_names(["a", "b"], ("mean", "median")) == ["mean_a", "mean_b", "med_a", "med_b"]


# --- the run on a simulated scene -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    out = str(tmp_path_factory.mktemp("pscene"))
    dates = simulator.season_dates(START, END, n=6)
    result = simulator.simulate_scene(out, 60, 60, dates=dates, seed=3, formats=("geotiff",), realism="none",
                                      s1=True)
    return {"images": os.path.join(out, "geotiff"), "parcels": result["parcels"], "dir": out, "s1": result["s1"]}


def _layer_rows(path):
    ds = ogr.Open(path)
    layer = ds.GetLayer(0)
    rows = [{k: f.GetField(k) for k in f.keys()} | {"area": f.GetGeometryRef().GetArea()} for f in layer]
    return rows


def _xml_figures(path):
    root = ET.parse(path).getroot()
    qm = root.find("QualityMetrics")
    cm = [[int(c.text) for c in row] for row in root.find("ConfusionMatrix").find("Data")]
    return float(qm.find("Accuracy").text), float(qm.find("Kappa").text), np.array(cm)


def test_parcel_run_with_tiny_and_unlabelled_parcels(scene, tmp_path):
    """Science run: one parcel shrunk to a 3 m square (no pixel centre), one parcel's label removed (still
    classified), MIN_PIXELS flags the small ones; per-parcel and per-area matrices add up by hand."""
    parcels, _fields, crs = vector.read_parcels(scene["parcels"])
    g = ogr.CreateGeometryFromWkb(parcels[0].wkb)
    x, y = g.Centroid().GetX(), g.Centroid().GetY()
    parcels[0] = Parcel(bytes(_square(x, y, x + 3, y + 3).ExportToWkb()), parcels[0].attributes)
    parcels[1] = Parcel(parcels[1].wkb, dict(parcels[1].attributes, CROP=None))
    reporter = Reporter()
    out = run.run_parcel_classification([scene["images"]], START, END, parcels, "CROP", parcels_crs=crs,
                                        min_pixels=12, out_folder=str(tmp_path), reporter=reporter, **FAST)
    rows = out["parcels"]
    assert rows[0].attributes["STATUS"] == run.STATUS_NONE and rows[0].attributes["PRED"] is None
    assert rows[0].attributes["N_PIXELS"] == 0
    few = [r.attributes for r in rows if 0 < r.attributes["N_VALID"] < 12]
    assert few and all(a["STATUS"] == run.STATUS_FEW and a["PRED"] is None for a in few)
    assert rows[1].attributes["ROLE"] == "" and rows[1].attributes["PRED"] in (0, 1)
    assert "1 parcels hold no pixel centre of the 10 m grid" in " ".join(reporter.messages)
    val = [r.attributes for r in rows if r.attributes["ROLE"] == "validation"]
    areas = [ogr.CreateGeometryFromWkb(r.wkb).GetArea() for r in rows if r.attributes["ROLE"] == "validation"]
    right = sum(a["PRED"] == a["CROP"] for a in val)
    q, aq = out["quality"], out["area_quality"]
    assert q.total == len(val) and q.accuracy == pytest.approx(right / len(val))
    assert aq.total == int(sum(np.rint(areas)))
    assert aq.accuracy == pytest.approx(sum(np.rint(a) for a, v in zip(areas, val) if v["PRED"] == v["CROP"])
                                        / aq.total)
    oa, kappa, cm = _xml_figures(os.path.join(out["product"], "PARCEL_QLT.xml"))
    assert oa == pytest.approx(q.accuracy, abs=1e-4) and cm.sum() == len(val)
    assert np.sum(products.read_confusion_csv(os.path.join(out["product"], "AREA_CMX.csv"))[2]) == aq.total
    assert os.path.exists(os.path.join(out["product"], "parcels.qml"))
    page = open(os.path.join(out["product"], "REPORT.html"), encoding="utf-8").read()
    assert "Overall accuracy <b>%.4f</b>" % q.accuracy in page and "Overall accuracy <b>%.4f</b>" % aq.accuracy in page
    assert '<td>no_pixel</td><td class="num">1</td>' in page
    assert [n for n in os.listdir(str(tmp_path)) if n.startswith(".tmp")] == []


def test_inner_buffer_takes_the_border_pixels_out(scene, tmp_path):
    """INNER_BUFFER 10 m: each parcel keeps the pixels whose centre lies in its buffered polygon (burnt
    directly here), and parcels narrower than 20 m vanish (no_pixel)."""
    out = run.run_parcel_classification([scene["images"]], START, END, scene["parcels"], "CROP", inner_buffer=10,
                                        out_folder=str(tmp_path), min_pixels=1, **FAST)
    parcels, _fields, crs = vector.read_parcels(scene["parcels"])
    grid = Grid.from_raster(sorted(os.path.join(scene["images"], f) for f in os.listdir(scene["images"])
                                   if f.endswith(".tif") and "SCL" not in f)[0])
    shrunk = [ogr.CreateGeometryFromWkb(p.wkb).Buffer(-10) for p in parcels]
    burnt = stats.ParcelBurner([None if g.IsEmpty() else g for g in shrunk], grid).burn(0, grid.height)
    expected = np.bincount(burnt.ravel(), minlength=len(parcels) + 1)[1:]
    got = [r.attributes["N_PIXELS"] for r in out["parcels"]]
    assert got == expected.tolist()
    full = run.run_parcel_classification([scene["images"]], START, END, scene["parcels"], "CROP", min_pixels=1,
                                         out_folder=str(tmp_path / "full"), **FAST)
    assert sum(got) < sum(r.attributes["N_PIXELS"] for r in full["parcels"])
    assert all(r.attributes["STATUS"] == run.STATUS_NONE for r in out["parcels"] if r.attributes["N_PIXELS"] == 0)


def test_extra_rasters_add_their_statistics(scene, tmp_path):
    """S2 + S1: every S2 statistic of S2 alone, the same values, plus one per resampled S1 band."""
    kw = dict(out_folder=str(tmp_path), min_pixels=1, **FAST)
    alone = run.run_parcel_classification([scene["images"]], START, END, scene["parcels"], "CROP", site="A", **kw)
    both = run.run_parcel_classification([scene["images"]], START, END, scene["parcels"], "CROP", site="B",
                                         extra_rasters=[scene["s1"]], **kw)
    a, b = alone["parcels"][0].attributes, both["parcels"][0].attributes
    mean_a = [k for k in a if k.startswith("mean_")]
    extra = [k for k in b if k.startswith("mean_") and k not in a]
    assert set(mean_a) < set(k for k in b if k.startswith("mean_"))
    assert extra and all(k.startswith(("mean_VV_", "mean_VH_")) for k in extra)
    assert all(a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]) for k in mean_a)


def test_parcel_run_bad_inputs(scene, tmp_path):
    parcels, _fields, crs = vector.read_parcels(scene["parcels"])
    kw = dict(parcels_crs=crs, out_folder=str(tmp_path), **FAST)
    with pytest.raises(InputError) as e:
        run.run_parcel_classification([scene["images"]], START, END, parcels, "NOPE", **kw)
    assert e.value.template % e.value.args == ("The parcel layer has no field 'NOPE' (its fields: ID, CROP, LC, "
                                               "CODE, NAME).")
    unlabelled = [Parcel(p.wkb, dict(p.attributes, CROP=None)) for p in parcels]
    with pytest.raises(InputError) as e:
        run.run_parcel_classification([scene["images"]], START, END, unlabelled, "CROP", **kw)
    assert e.value.template % e.value.args == ("No labelled parcel holds a pixel: give 'CROP' values to parcels "
                                               "inside the images.")
    with pytest.raises(InputError) as e:
        run.run_parcel_classification([scene["images"]], START, END, parcels, "CODE", level="mask", **kw)
    assert "LEVEL mask needs labels 1 (crop) / 0 (non-crop) in 'CODE'" in e.value.template % e.value.args
    assert os.listdir(str(tmp_path)) == []


def test_parcel_classification_through_qgis_process(scene, qgis_process, tmp_path):
    """Crop type by parcel, k-fold, mean + median: the layer, its style, the figures against the layer."""
    out_layer = str(tmp_path / "classified.gpkg")
    code, res, proc = qgis_process.run("cropmapper:parcelclassification", {
        "INPUT": scene["images"], "START_DATE": START, "END_DATE": END, "PARCELS": scene["parcels"],
        "LABEL_FIELD": "CODE", "NAME_FIELD": "NAME", "STATISTICS": ["mean", "median"], "N_TREES": 30,
        "VALIDATION_MODE": "kfold", "FOLDS": 3, "OUTPUT": out_layer, "OUTPUT_FOLDER": str(tmp_path / "runs")})
    assert code == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    r = res["results"]
    rows = _layer_rows(out_layer)
    assert len(rows) == len(_layer_rows(scene["parcels"]))
    done = [row for row in rows if row["STATUS"] == run.STATUS_OK]
    assert done and all(row["PRED"] is not None and 0 < row["CONF"] <= 1 and row["SECOND"] != row["PRED"]
                        for row in done)
    assert all(row["PRED_NAME"] for row in done)
    assert {"mean_B03_20180301", "med_NDVI_20180301"} <= set(rows[0])
    assert all(row["ROLE"].startswith("validation ") for row in done)
    oa, kappa, cm = _xml_figures(os.path.join(r["PRODUCT"], "PARCEL_QLT.xml"))
    assert r["OVERALL_ACCURACY"] == pytest.approx(oa, abs=1e-4) and r["KAPPA"] == pytest.approx(kappa, abs=1e-4)
    assert cm.sum() == len(done)
    assert r["MAJORITY_ACCURACY"] == pytest.approx(max(cm.sum(axis=1)) / cm.sum())
    assert r["OVERALL_ACCURACY"] > r["MAJORITY_ACCURACY"]
    area_oa, _, area_cm = _xml_figures(os.path.join(r["PRODUCT"], "AREA_QLT.xml"))
    assert r["AREA_OVERALL_ACCURACY"] == pytest.approx(area_oa, abs=1e-4)
    assert area_cm.sum() == pytest.approx(sum(row["area"] for row in done), abs=len(done))
    qml = open(os.path.join(str(tmp_path), "classified.qml"), encoding="utf-8").read()
    assert 'attr="PRED"' in qml and "Maize" in qml


# --- the real Flanders parcels --------------------------------------------------------------------------
def _subset(tmp, sql, name):
    from osgeo import gdal

    path = os.path.join(tmp, name + ".gpkg")
    gdal.VectorTranslate(path, os.path.join(FLANDERS, "labels.gpkg"), SQLDialect="SQLite", layerName=name,
                         SQLStatement=sql)
    return path


@needs(FLANDERS)
@needs(FLANDERS_SAFE)
@pytest.mark.parametrize("level", ["mask", "type"])
def test_flanders_parcels(level, tmp_path):
    """Flanders 2018, SAFE products, seed 0, k-fold (22 / 10 labelled parcels: a 25 % split would validate
    on a handful). Figures per parcel and per area against the majority class (printed for the report)."""
    if level == "mask":
        parcels = _subset(str(tmp_path), "SELECT geom, CASE WHEN lc = 11 THEN 1 WHEN lc IN (13, 60) THEN 0 END AS "
                          "CROP FROM labels", "mask")
        field = "CROP"
    else:
        parcels = _subset(str(tmp_path), "SELECT geom, CASE WHEN lc = 11 THEN ct END AS CODE FROM labels", "type")
        field = "CODE"
    out = run.run_parcel_classification([FLANDERS_SAFE], START, END, parcels, field, seed=0,
                                        validation_mode="kfold", folds=5, statistics=("mean", "std", "median"),
                                        out_folder=str(tmp_path / "out"), reporter=Reporter())
    a, aa = out["assessment"], out["area_assessment"]
    print("\nFLANDERS parcels %s: per parcel OA %.4f (%.4f-%.4f) kappa %.4f majority %.4f | per area OA %.4f "
          "kappa %.4f majority %.4f | %d validated parcels, %d classified of %d" % (
              level, a.accuracy, a.ci_low, a.ci_high, a.kappa, a.majority_accuracy, aa.accuracy, aa.kappa,
              aa.majority_accuracy, out["quality"].total, sum(s == run.STATUS_OK for s in out["status"]),
              len(out["status"])))
    labelled = [r.attributes for r in out["parcels"] if r.attributes[field] not in (None, 0) or
                (level == "mask" and r.attributes[field] == 0)]
    assert len(labelled) == (22 if level == "mask" else 10)
    # every labelled parcel with enough valid pixels is validated once (k-fold), the others are flagged
    assert out["quality"].total == sum(a["STATUS"] == run.STATUS_OK for a in labelled)
    assert all(a["STATUS"] == run.STATUS_FEW and a["PRED"] is None for a in labelled if a["N_VALID"] < 5)
    assert len(out["status"]) == 68  # every parcel classified or flagged, labelled or not
    # measured (README): mask 0.714 / 0.911 against 0.571 / 0.598, type 0.667 / 0.949 against 0.444 / 0.893
    assert a.accuracy > a.majority_accuracy and aa.accuracy > aa.majority_accuracy
